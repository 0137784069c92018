"""The parent's language: chosen once, used for every screen, checklist and (unless asked otherwise) letter.

Chosen by, first to last: `--lang es|en` on the command line, `IEPPREP_LANG`, the language saved
with `iepprep config lang es`, then the computer's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`
starting with `es`), else English. English is iepprep's own words: no catalog is read for it.
"""

from __future__ import annotations

import contextlib
import gettext
import json
import os
from collections.abc import Iterator
from pathlib import Path

from iepprep import words
from iepprep.errors import IepprepError
from iepprep.words import _

ENGLISH, SPANISH = "en", "es"
LANGUAGES = {ENGLISH: "English", SPANISH: "Español"}
ENV = "IEPPREP_LANG"
SETTINGS_FILE = "settings.json"
LOCALE_DIR = Path(__file__).parent / "locale"
_current = _parents = ENGLISH
_for_letters = ""  # the letters' language, once asked in this run


def checked(code: str) -> str:
    """A language code as typed ('es', 'ES', 'es_US.UTF-8', 'español'), or one plain sentence."""
    word = code.strip().casefold().replace("-", "_").split(".")[0].split("_")[0]
    word = {"english": ENGLISH, "inglés": ENGLISH, "ingles": ENGLISH, "spanish": SPANISH, "español": SPANISH}.get(
        word, word
    )
    if word not in LANGUAGES:
        raise IepprepError(
            _("'{code}' is not a language iepprep speaks; use en (English) or es (Español).").format(code=code)
        )
    return word


def from_locale() -> str:
    """The language the computer's locale names, when iepprep speaks it; else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return SPANISH if value.casefold().startswith("es") else ENGLISH
    return ENGLISH


def saved(data_dir: Path) -> str:
    """The language saved with `iepprep config lang`, or '' (an unreadable file is ignored here)."""
    try:
        value = json.loads((data_dir / SETTINGS_FILE).read_text(encoding="utf-8")).get("lang", "")
    except (OSError, ValueError, AttributeError):
        return ""
    return value if value in LANGUAGES else ""


def save(data_dir: Path, code: str) -> Path:
    """Keep the parent's language for every later run."""
    from iepprep import files, paths

    path = paths.ensure_private_dir(data_dir) / SETTINGS_FILE
    try:
        settings = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        settings = {}
    if not isinstance(settings, dict):
        settings = {}
    settings["lang"] = checked(code)
    files.write_new_file(path, (json.dumps(settings, indent=2) + "\n").encode())
    return path


def choose(typed: str | None) -> str:
    """Decide the language for this run, and speak it from now on."""
    keep_for_letters("")
    if typed:
        code = checked(typed)
    elif os.environ.get(ENV, ""):
        code = checked(os.environ[ENV])
    else:
        code = _saved_quietly() or from_locale()
    use(code)
    return code


def _saved_quietly() -> str:
    from iepprep import paths

    try:
        return saved(paths.data_dir())
    except IepprepError:
        return ""  # the command itself will say what is wrong with the data folder


def use(code: str) -> None:
    """Speak `code` from now on: the parent's language for this run."""
    global _current, _parents
    _current = _parents = code
    words.use(catalog(code))


def parents() -> str:
    """The language the parent reads, even while a letter is written in another."""
    return _parents


def current() -> str:
    return _current


def for_letters() -> str:
    return _for_letters


def keep_for_letters(code: str) -> None:
    global _for_letters
    _for_letters = code


def catalog(code: str) -> gettext.NullTranslations:
    if code == ENGLISH:
        return gettext.NullTranslations()
    return gettext.translation(words.DOMAIN, LOCALE_DIR, languages=[code])


@contextlib.contextmanager
def speaking(code: str) -> Iterator[None]:
    """Words in another language for a while (a letter in English from a parent who reads Spanish)."""
    global _current
    before, before_catalog = _current, words.in_use()
    _current = code
    words.use(catalog(code))
    try:
        yield
    finally:
        _current = before
        words.use(before_catalog)
