"""The catalog of iepprep's words and its translations: what is extracted, and how it is kept.

Every sentence marked in the code (`_()`, `N_()`, `ngettext()`) and every help text Typer shows is
a message. The Spanish catalog is `src/iepprep/locale/es/LC_MESSAGES/iepprep.po`, compiled into the
`.mo` file beside it that the program reads with the standard library's gettext.

    python tests/translations.py update    # bring the .po up to date with the code (new messages empty)
    python tests/translations.py compile   # write the .mo from the .po

Babel is a development dependency (the test extras), never a runtime one.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "iepprep"
LOCALE = PACKAGE / "locale"
LANGUAGES = ("es",)
KEYWORDS: dict[str, Any] = {"_": None, "N_": None, "ngettext": (1, 2)}
HEADER = "# iepprep's messages in Spanish. Keep placeholders such as {child} exactly as they are.\n"
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "iepprep.po"


def marked_in_code() -> Iterator[tuple[str | tuple[str, str], str]]:
    """(message, where) for every sentence marked in the package's code."""
    from babel.messages.extract import extract_from_file

    for path in sorted(PACKAGE.rglob("*.py")):
        for lineno, message, _comments, _context in extract_from_file(
            "python", str(path), keywords=KEYWORDS, comment_tags=()
        ):
            if isinstance(message, tuple):
                message = (message[0], message[1])
            if message:
                yield message, f"{path.relative_to(ROOT)}:{lineno}"


def help_texts() -> Iterator[str]:
    """Every help text, panel title and epilog `--help` shows, read from the command tree itself."""
    import typer

    from iepprep.cli import app

    def walk(command: Any) -> Iterator[str]:
        for name in ("help", "short_help", "rich_help_panel", "epilog"):
            if getattr(command, name, None):
                yield getattr(command, name)
        help_option = command.get_help_option(typer.Context(command))
        for param in [*command.params, *([help_option] if help_option else [])]:
            for name in ("help", "rich_help_panel"):
                if getattr(param, name, None):
                    yield getattr(param, name)
        for inner in getattr(command, "commands", {}).values():
            yield from walk(inner)

    yield from walk(typer.main.get_command(app))


def catalog() -> Any:
    """All of iepprep's messages as a Babel catalog (the template every translation follows)."""
    import typer.core
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file

    template = Catalog(project="iepprep", fuzzy=False)
    for message, where in marked_in_code():
        path, line = where.rsplit(":", 1)
        template.add(message, locations=[(path, int(line))])

    for lineno, borrowed, _comments, _context in extract_from_file(
        "python", typer.core.__file__, keywords={"_": None}, comment_tags=()
    ):  # Typer's own words in help ("default", "required"), which iepprep translates too
        if borrowed and borrowed not in template:
            template.add(borrowed, locations=[("typer/core.py", lineno)])
    for text in help_texts():
        if text not in template:
            template.add(text, locations=[("src/iepprep/cli", 0)])
    return template


def read(language: str) -> Any:
    from babel.messages.pofile import read_po

    with po_path(language).open("rb") as file:
        return read_po(file, locale=language)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def update(language: str) -> None:
    """Bring one language's .po up to date with the code: new messages added empty, old ones dropped."""
    from babel.messages.pofile import write_po

    template = catalog()
    path = po_path(language)
    if path.exists():
        translated = read(language)
        translated.update(template, no_fuzzy_matching=True)
        translated.obsolete.clear()
    else:
        from babel.messages.catalog import Catalog

        translated = Catalog(locale=language, project="iepprep", fuzzy=False, header_comment=HEADER)
        translated.update(template, no_fuzzy_matching=True)
    translated._num_plurals, translated._plural_expr = 2, "(n != 1)"  # one and many, as gettext has it for Spanish
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, translated, width=0, no_location=True, omit_header=False, sort_output=False)


def compiled(language: str) -> bytes:
    from babel.messages.mofile import write_mo

    out = io.BytesIO()
    write_mo(out, read(language), use_fuzzy=False)
    return out.getvalue()


def compile_mo(language: str) -> None:
    po_path(language).with_suffix(".mo").write_bytes(compiled(language))


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else ""
    if action not in ("update", "compile"):
        sys.exit("usage: python tests/translations.py update|compile")
    sys.path.insert(0, str(ROOT / "src"))
    for code in LANGUAGES:
        update(code) if action == "update" else compile_mo(code)
