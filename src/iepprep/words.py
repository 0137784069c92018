"""The one catalog of words: every sentence a parent reads goes through here.

Sentences are marked where they are written, the standard way (`_()` for a
sentence, `ngettext()` for one with a count, `N_()` for a sentence kept in a
table and translated where it is shown), with numbers and names as named
placeholders, so a translator always sees whole sentences. The standard
library's gettext does the translating; until a language is chosen the words
are iepprep's own English.
"""

from __future__ import annotations

import gettext as _gettext
import re
from collections.abc import Iterable

DOMAIN = "iepprep"
NAME = "iepprep"
_catalog: _gettext.NullTranslations = _gettext.NullTranslations()
_program = NAME
_hint: re.Pattern[str] | None = None  # "iepprep " before one of its commands, when started another way


def use(catalog: _gettext.NullTranslations) -> None:
    """Speak through this catalog from now on (a language, or a test's stand-in)."""
    global _catalog
    _catalog = catalog


def in_use() -> _gettext.NullTranslations:
    return _catalog


def use_program(name: str, commands: Iterable[str]) -> None:
    """Name commands in hints the way iepprep was started (`.venv/bin/iepprep prep`) when
    `iepprep` alone would not start it."""
    global _program, _hint
    _program = name
    words = "|".join(re.escape(word) for word in sorted(commands, key=len, reverse=True))
    _hint = None if name == NAME or not words else re.compile(rf"\b{NAME}(?= (?:{words})\b)")


def command(text: str) -> str:
    """A command to suggest, e.g. 'iepprep child edit', named as the parent can start it."""
    return _named(text)


def _named(text: str) -> str:
    return text if _hint is None else _hint.sub(lambda _match: _program, text)


def _(message: str) -> str:
    """A sentence, in the parent's language."""
    return _named(_catalog.gettext(message))


def ngettext(singular: str, plural: str, count: int) -> str:
    """A sentence with a count, singular or plural as the language needs: 'one answer', '2 answers'."""
    return _named(_catalog.ngettext(singular, plural, count))


def N_(message: str) -> str:
    """Mark a sentence kept in a table; it is translated with `_()` where it is shown."""
    return message
