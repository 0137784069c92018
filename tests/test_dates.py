"""Dates as US parents write them, and as people read them."""

from __future__ import annotations

from datetime import date

import pytest

from iepprep.dates import as_typed, clock, in_letter, on_screen, parse_date, parse_time
from iepprep.errors import IepprepError

SATURDAY = date(2026, 11, 28)

ACCEPTED = [
    ("12/20/2026", date(2026, 12, 20)),
    ("12/20/26", date(2026, 12, 20)),
    ("12/20", date(2026, 12, 20)),  # the next one
    ("1/5", date(2027, 1, 5)),  # the next one is next year
    ("11/28", date(2026, 11, 28)),  # today counts as the next one
    ("Dec 20", date(2026, 12, 20)),
    ("dec. 20", date(2026, 12, 20)),
    ("December 20, 2026", date(2026, 12, 20)),
    ("Dec 20 2026", date(2026, 12, 20)),
    ("December 20th", date(2026, 12, 20)),
    ("Sept 3", date(2027, 9, 3)),
    ("2026-12-20", date(2026, 12, 20)),
    ("2026-12-5", date(2026, 12, 5)),
    ("today", date(2026, 11, 28)),
    ("Tomorrow", date(2026, 11, 29)),
    ("Friday", date(2026, 12, 4)),  # the coming one
    ("fri", date(2026, 12, 4)),
    ("Saturday", date(2026, 12, 5)),  # today is Saturday: the coming one is next week
    ("next Friday", date(2026, 12, 11)),
    # Spanish, with or without accents
    ("20 de diciembre de 2026", date(2026, 12, 20)),
    ("el 20 de dic", date(2026, 12, 20)),
    ("mañana", date(2026, 11, 29)),
    ("Manana", date(2026, 11, 29)),
    ("el viernes", date(2026, 12, 4)),
    ("el próximo viernes", date(2026, 12, 4)),  # the coming one, as Spanish says it
    ("miercoles", date(2026, 12, 2)),
    ("Feb 29", date(2028, 2, 29)),
]
REFUSED = [
    ("2/30/2027", "2/30/2027 is not a real date on the calendar; please check the day and month."),
    ("20/12/2026", "The month comes first, for example 12/20/2026."),
    ("Fridy", "'Fridy' is not a date iepprep understands; write it like 12/20/2026, Dec 20, or Friday."),
    ("the end of the month", "is not a date iepprep understands"),
    ("12-20-2026", "is not a date iepprep understands"),
    ("", "is not a date iepprep understands"),
]


@pytest.mark.parametrize("typed, meant", ACCEPTED)
def test_every_form_parents_write(typed: str, meant: date) -> None:
    assert parse_date(typed, now=SATURDAY) == meant


@pytest.mark.parametrize("typed, problem", REFUSED)
def test_what_is_refused_says_what_would_do(typed: str, problem: str) -> None:
    with pytest.raises(IepprepError) as refused:
        parse_date(typed, now=SATURDAY)
    assert problem in str(refused.value)


@pytest.mark.parametrize(
    "typed, meant", [("Friday", date(2026, 11, 27)), ("12/20", date(2025, 12, 20)), ("11/28", date(2026, 11, 28))]
)
def test_things_that_happened_read_back_in_time(typed: str, meant: date) -> None:
    assert parse_date(typed, past=True, now=SATURDAY) == meant


def test_a_date_of_birth_needs_its_year() -> None:
    assert parse_date("5/1/2016", year_needed=True, now=SATURDAY) == date(2016, 5, 1)
    with pytest.raises(IepprepError, match="Please give the year too"):
        parse_date("5/1", year_needed=True, now=SATURDAY)
    with pytest.raises(IepprepError):
        parse_date("Friday", year_needed=True, now=SATURDAY)


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("3:30pm", "15:30"),
        ("3:30 PM", "15:30"),
        ("15:30", "15:30"),
        ("9am", "09:00"),
        ("noon", "12:00"),
        ("12:15 am", "00:15"),
        ("3:30 p.m.", "15:30"),
    ],
)
def test_times(typed: str, meant: str) -> None:
    assert parse_time(typed) == meant


@pytest.mark.parametrize("typed", ["9", "25:00", "3:75pm", "teatime"])
def test_a_time_that_is_not_one(typed: str) -> None:
    with pytest.raises(IepprepError, match="is not a time iepprep understands"):
        parse_time(typed)


def test_dates_as_people_read_them() -> None:
    day = date(2026, 12, 8)
    assert on_screen(day) == "Tue, Dec 8, 2026"
    assert in_letter(day) == "December 8, 2026"
    assert as_typed(day) == "12/8/2026"
    assert clock("15:30") == "3:30 PM" and clock("00:05") == "12:05 AM" and clock("12:00") == "12:00 PM"


@pytest.mark.parametrize("typed", ["12/31/9999", "December 31, 9999", "1/1/0001", "0001-01-01"])
def test_a_year_far_from_today_is_refused_with_a_sentence(typed: str) -> None:
    with pytest.raises(IepprepError, match="too far from today to be a date here"):
        parse_date(typed)
