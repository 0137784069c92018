"""Dates and times as parents write them, and as people read them; and the date iepprep takes as today.

A parent may type 12/20/2026, 12/20 (the next one), Dec 20, December 20, 2026,
2026-12-20, today, tomorrow, Friday (the coming one) or next Friday. Screens
show "Tue, Dec 8, 2026"; letters "December 8, 2026"; only files meant for
programs keep ISO dates (2026-12-08).
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta

from iepprep.errors import IepprepError
from iepprep.words import N_, _, ngettext

TODAY_ENV = "IEPPREP_TODAY"
_WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
_SHORT_MONTHS = (
    N_("Jan"),
    N_("Feb"),
    N_("Mar"),
    N_("Apr"),
    N_("May"),
    N_("Jun"),
    N_("Jul"),
    N_("Aug"),
    N_("Sep"),
    N_("Oct"),
    N_("Nov"),
    N_("Dec"),
)
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
# Spanish names are read in any language: a parent may write "8 de diciembre" or "el viernes".
_SPANISH_MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
_SPANISH_WEEKDAYS = ("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo")
_SPANISH_RELATIVE = {"hoy": 0, "manana": 1, "ayer": -1}  # compared without accents: mañana
_SPANISH_WHICH = {"proximo": "this", "este": "this", "pasado": "last"}  # "el próximo viernes" is the coming one
# Words a date can start with, as a parent writes one (to tell "by Friday" from "by hand").
DATE_WORDS = frozenset(
    [
        "today",
        "tomorrow",
        "next",
        "this",
        "end",
        "sept",
        "tues",
        "thurs",
        *(name.lower() for name in _MONTHS),
        *(name.lower()[:3] for name in _MONTHS),
        *_WEEKDAY_NAMES,
        *(name[:3] for name in _WEEKDAY_NAMES),
        *_SPANISH_MONTHS,
        *_SPANISH_WEEKDAYS,
        *_SPANISH_RELATIVE,
        *_SPANISH_WHICH,
    ]
)  # compared without accents (plain_letters): "miércoles" is found as "miercoles"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_US = re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?")
_NAMED = re.compile(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?")
_SPANISH_NAMED = re.compile(r"(?:el )?(\d{1,2}) de ([a-z]+)(?: de(?:l)? (\d{4}))?")
_WEEKDAY = re.compile(r"(?:(next|this|last) )?([a-z]+)\.?")
_TIME = re.compile(r"(\d{1,2})(?::(\d{2}))? ?(am|pm|a\.m\.|p\.m\.)?")


def plain_letters(word: str) -> str:
    """'miércoles' as 'miercoles', so a word is found with or without its accents."""
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))


def _month(word: str) -> int | None:
    """1 to 12 from a month's name or its first three letters (Sept too), in English or Spanish."""
    word = plain_letters(word)
    for names in ([name.lower() for name in _MONTHS], _SPANISH_MONTHS):
        for number, name in enumerate(names, 1):
            if word == name or (len(word) >= 3 and name.startswith(word)):
                return number
    return None


def _weekday(word: str) -> int | None:
    word = plain_letters(word)
    for names in (_WEEKDAY_NAMES, _SPANISH_WEEKDAYS):
        for number, name in enumerate(names):
            if word == name or (len(word) >= 3 and name.startswith(word)):
                return number
    return None


# Dates iepprep can count with: a child's birth, meetings, and deadlines years ahead.
FIRST_YEAR, LAST_YEAR = 1900, 2200


def _real(year: int, month: int, day: int, typed: str) -> date:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise IepprepError(
            _("{typed} is too far from today to be a date here; please check the year.").format(typed=typed.strip())
        )
    try:
        return date(year, month, day)
    except ValueError:
        hint = " " + _("The month comes first, for example 12/20/2026.") if month > 12 and day <= 12 else ""
        problem = _("{typed} is not a real date on the calendar; please check the day and month.").format(
            typed=typed.strip()
        )
        raise IepprepError(problem + hint) from None


def _without_year(month: int, day: int, typed: str, now: date, past: bool) -> date:
    """The next such day on or after today, or (past) the latest on or before today."""
    step = -1 if past else 1
    year = now.year
    for _attempt in range(9):  # 29 February may be years away
        try:
            found = date(year, month, day)
        except ValueError:
            if not 1 <= month <= 12 or not 1 <= day <= 31 or (month, day) != (2, 29):
                return _real(year, month, day, typed)
            year += step
            continue
        if (found >= now) if not past else (found <= now):
            return found
        year += step
    return _real(year, month, day, typed)


def parse_date(value: str, past: bool = False, year_needed: bool = False, now: date | None = None) -> date:
    """A real calendar date from what a parent typed, or a plain error saying what would do.

    `past` reads a date without a year, or a weekday, as the latest one on or before
    today (for things that happened); otherwise as the next one. `year_needed`
    refuses forms without a year (a date of birth).
    """
    text = " ".join(value.strip().lower().split())
    now = now or today()
    iso = _ISO.fullmatch(text)
    if iso:
        return _real(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)), value)
    parts = _month_day_year(text)
    if parts:
        month, day, year_text = parts
        if year_text:
            year = int(year_text) + (2000 if len(year_text) == 2 else 0)
            return _real(year, month, day, value)
        if year_needed:
            raise IepprepError(
                _("Please give the year too, for example {example}.").format(example=f"{month}/{day}/{now.year - 10}")
            )
        return _without_year(month, day, value, now, past)
    if not year_needed:
        relative = _relative(text, now, past)
        if relative is not None:
            return relative
    raise IepprepError(
        _("'{typed}' is not a date iepprep understands; write it like 12/20/2026, Dec 20, or Friday.").format(
            typed=value.strip()
        )
    )


_MONTH_ONLY = re.compile(r"(?:(\d{4})-(\d{1,2})|(\d{1,2})/(\d{4})|([a-z]+)\.?(?:,? (?:de )?(\d{4}))?)")


def parse_month(value: str, now: date | None = None) -> str:
    """A month as 'YYYY-MM', from 12/2026, 2026-12, December, Dec 2026 or diciembre de 2026.
    A month named without its year is the latest one up to this month."""
    now = now or today()
    found = _MONTH_ONLY.fullmatch(plain_letters(" ".join(value.strip().lower().split())))
    year: int | None = None
    month: int | None = None
    if found and found.group(1):
        year, month = int(found.group(1)), int(found.group(2))
    elif found and found.group(3):
        month, year = int(found.group(3)), int(found.group(4))
    elif found and found.group(5):
        month = _month(found.group(5))
        year = int(found.group(6)) if found.group(6) else None
        if month and year is None:
            year = now.year if month <= now.month else now.year - 1
    if month is None or year is None or not 1 <= month <= 12 or not FIRST_YEAR <= year <= LAST_YEAR:
        raise IepprepError(
            _("'{typed}' is not a month iepprep understands; write it like 12/2026 or December 2026.").format(
                typed=value.strip()
            )
        )
    return f"{year:04d}-{month:02d}"


def _month_day_year(text: str) -> tuple[int, int, str | None] | None:
    """Month, day and the year as typed, from 12/20(/2026), Dec 20(, 2026) or 20 de diciembre (de 2026)."""
    us = _US.fullmatch(text)
    if us:
        return int(us.group(1)), int(us.group(2)), us.group(3)
    named = _NAMED.fullmatch(text)
    month = _month(named.group(1)) if named else None
    if named and month:
        return month, int(named.group(2)), named.group(3)
    spanish = _SPANISH_NAMED.fullmatch(plain_letters(text))
    month = _month(spanish.group(2)) if spanish else None
    if spanish and month:
        return month, int(spanish.group(1)), spanish.group(3)
    return None


def _relative(text: str, now: date, past: bool) -> date | None:
    """today, tomorrow, yesterday; Friday (the coming one, or with `past` the last one); next Friday."""
    words = {"today": 0, "tomorrow": 1, "yesterday": -1, **_SPANISH_RELATIVE}
    if plain_letters(text) in words:
        return now + timedelta(days=words[plain_letters(text)])
    text = _spanish_weekday(text) or text
    found = _WEEKDAY.fullmatch(text)
    weekday = _weekday(found.group(2)) if found else None
    if found is None or weekday is None:
        return None
    which = found.group(1) or ("last" if past else "this")
    if which == "last":
        return now - timedelta(days=(now.weekday() - weekday - 1) % 7 + 1)
    coming = now + timedelta(days=(weekday - now.weekday() - 1) % 7 + 1)
    return coming + timedelta(days=7) if which == "next" else coming


def _spanish_weekday(text: str) -> str | None:
    """'el viernes', 'el próximo viernes', 'el viernes pasado' as 'friday', 'this friday', 'last friday'."""
    words = [word for word in plain_letters(text).split() if word != "el"]
    which = [_SPANISH_WHICH[word] for word in words if word in _SPANISH_WHICH]
    rest = [word for word in words if word not in _SPANISH_WHICH]
    if len(rest) != 1 or len(which) > 1 or not any(name.startswith(rest[0]) for name in _SPANISH_WEEKDAYS):
        return None
    return " ".join([*which, rest[0]])


def parse_time(value: str) -> str:
    """A time of day as 'HH:MM' (24-hour) from '3:30pm', '3:30 PM', '15:30', '3pm' or 'noon'."""
    text = value.strip().lower()
    if text == "noon":
        return "12:00"
    found = _TIME.fullmatch(text)
    if found:
        hour, minute, half = int(found.group(1)), int(found.group(2) or 0), found.group(3)
        if half and 1 <= hour <= 12:
            hour = hour % 12 + (12 if half.startswith("p") else 0)
        if (half or found.group(2)) and hour < 24 and minute < 60:
            return f"{hour:02d}:{minute:02d}"
    raise IepprepError(
        _("'{typed}' is not a time iepprep understands; write it like 3:30pm or 15:30.").format(typed=value.strip())
    )


def today() -> date:
    """Today, or the date in $IEPPREP_TODAY (YYYY-MM-DD) when it is set, to check deadlines exactly."""
    fixed = os.environ.get(TODAY_ENV)
    if not fixed:
        return date.today()
    try:
        return date.fromisoformat(fixed.strip())
    except ValueError:
        raise IepprepError(
            _("{name} should be a date written YYYY-MM-DD, not '{value}'.").format(name=TODAY_ENV, value=fixed)
        ) from None


def on_screen(day: date | str | None) -> str:
    """A date as people read it on screen: 'Tue, Dec 8, 2026'."""
    if day is None or day == "":
        return ""
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return _("{weekday}, {month} {day}, {year}").format(
        weekday=_(_WEEKDAYS[day.weekday()]), month=_(_SHORT_MONTHS[day.month - 1]), day=day.day, year=day.year
    )


def in_letter(day: date | str) -> str:
    """A date as a letter writes it: 'December 8, 2026'."""
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return _("{month} {day}, {year}").format(month=_(_MONTHS[day.month - 1]), day=day.day, year=day.year)


def month_and_year(day: date | str) -> str:
    """'November 2026'."""
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return _("{month} {year}").format(month=_(_MONTHS[day.month - 1]), year=day.year)


def as_typed(day: date | str | None) -> str:
    """A date the way a US parent types it, offered as a default: '12/8/2026'."""
    if day is None or day == "":
        return ""
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return f"{day.month}/{day.day}/{day.year}"


def clock(time: str) -> str:
    """'15:30' as '3:30 PM'."""
    hour, minute = (int(part) for part in time.split(":")[:2])
    return (
        _("{hour}:{minute} PM").format(hour=hour % 12 or 12, minute=f"{minute:02d}")
        if hour >= 12
        else _("{hour}:{minute} AM").format(hour=hour % 12 or 12, minute=f"{minute:02d}")
    )


def days_left(days: int) -> str:
    """How many days are left, in words, with 'day' and 'days' as English needs them."""
    if days == 0:
        return _("the last day is today")
    return ngettext("{count} day left", "{count} days left", days).format(count=days)


def describe_days(days: int) -> str:
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    if days == -1:
        return _("yesterday")
    if days > 0:
        return ngettext("in {count} day", "in {count} days", days).format(count=days)
    return ngettext("{count} day ago", "{count} days ago", -days).format(count=-days)
