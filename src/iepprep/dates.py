"""Dates as the parent writes them (YYYY-MM-DD), and the date iepprep takes as today."""

from __future__ import annotations

import os
import re
from datetime import date

from iepprep.errors import IepprepError

TODAY_ENV = "IEPPREP_TODAY"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: str) -> date:
    """A real calendar date written YYYY-MM-DD, or a plain error saying so."""
    text = value.strip()
    if _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise IepprepError(f"{text} is not a real date on the calendar; please check the day and month.") from None
    raise IepprepError(
        f"'{value}' is not a date iepprep understands; please write it as YYYY-MM-DD, for example 2026-12-03."
    )


def today() -> date:
    """Today, or the date in $IEPPREP_TODAY when it is set (used to check deadlines exactly)."""
    fixed = os.environ.get(TODAY_ENV)
    return parse_date(fixed) if fixed else date.today()


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def on_screen(day: date) -> str:
    """A date as people read it on screen: 'Tue, Dec 8, 2026'."""
    return f"{_WEEKDAYS[day.weekday()]}, {_MONTHS[day.month - 1][:3]} {day.day}, {day.year}"


def in_letter(day: date) -> str:
    """A date as a letter writes it: 'December 8, 2026'."""
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def days_left(days: int) -> str:
    """How many days are left, in words, with 'day' and 'days' as English needs them."""
    if days == 0:
        return "the last day is today"
    return f"{days} day left" if days == 1 else f"{days} days left"


def describe_days(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"
