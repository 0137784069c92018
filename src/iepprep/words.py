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

DOMAIN = "iepprep"
_catalog: _gettext.NullTranslations = _gettext.NullTranslations()


def use(catalog: _gettext.NullTranslations) -> None:
    """Speak through this catalog from now on (a language, or a test's stand-in)."""
    global _catalog
    _catalog = catalog


def _(message: str) -> str:
    """A sentence, in the parent's language."""
    return _catalog.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """A sentence with a count, singular or plural as the language needs: 'one answer', '2 answers'."""
    return _catalog.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a sentence kept in a table; it is translated with `_()` where it is shown."""
    return message
