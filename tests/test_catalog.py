"""One home for every word: no sentence of iepprep's own reaches the screen without going through the catalog.

Every command runs on a full record with a stand-in catalog that wraps each
sentence in ⟦ ⟧. What is left on screen outside the brackets must be the
parent's own words (names, notes, topics), a checklist's text (translated by
its own file), citations, commands, numbers and punctuation: never an English
word of ours. A sentence written without `_()` shows up here.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer

from iepprep import children, language, rules, words
from iepprep.checklists import habits_line, load_all
from iepprep.cli import app
from iepprep.export import md, to_dict

from helpers import SCREENS_OF_THE_RECORD, Run

FIXTURES = Path(__file__).parent / "fixtures"
OPEN, CLOSE = "⟦", "⟧"
# What may stand outside the brackets: commands, ids, citations, paths, dates and times as data, symbols.
ALLOWED = re.compile(
    r"iepprep(?: [a-z-]+)*(?: --?[a-z-]+)*|\b[A-Z]{2,}\b|\be[0-9a-f]{6,10}\b|34 CFR[^)\n]*|\b300\.\d+\S*|"
    r"\b\d{4}-\d{2}-\d{2}\S*|/\S+|\.yaml|\.ics|\.txt|\.md|\b[a-z]+(?:-[a-z]+)+\b|\[[a-z-]+\]|NAME|DATE|KEY|VALUE|ID"
)


class Marked(gettext.NullTranslations):
    """A stand-in language: every sentence of ours comes back wrapped in brackets."""

    def gettext(self, message: str) -> str:
        return OPEN + message + CLOSE

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return OPEN + (msgid1 if n == 1 else msgid2) + CLOSE


@pytest.fixture
def marked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every run speaks the stand-in language, whichever language it chooses."""
    monkeypatch.setattr(language, "catalog", lambda code: Marked())
    words.use(Marked())
    yield
    words.use(gettext.NullTranslations())


@pytest.fixture
def wide(rich: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Sam Rivera's full record, on a screen wide enough that no phrase of the parent's wraps."""
    monkeypatch.setenv("COLUMNS", "1000")
    return rich


def parents_words() -> set[str]:
    """Every piece of text the parent typed into the record, and every checklist's text."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str) and value.strip():
            found.add(value)
        elif isinstance(value, dict):
            for key, inner in value.items():
                if key not in ("status", "kind", "rung", "outcome", "id", "at"):
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    for child in children.find_all(full=True).children:
        walk(to_dict(child))
    for checklist in load_all().checklists.values():
        found.update((checklist.id, checklist.title, checklist.summary, habits_line(checklist, "Sam Rivera")))
        for item in checklist.items:
            found.update((item.text, item.why, item.prompt, *item.choices))
    found |= {md(text) for text in found}  # as the Markdown export writes them
    return {text.replace("{child}", "Sam Rivera") for text in found if text}


def _flat(text: str) -> str:
    return " ".join(text.split())


def unmarked(output: str, known: set[str]) -> list[str]:
    """What still holds words once brackets, the parent's words and data are taken out.

    The output is read as one run of words, so a phrase that wraps over lines is still found whole.
    """
    text = _flat(output)
    for phrase in sorted({_flat(k) for k in known}, key=len, reverse=True):
        if phrase:
            text = text.replace(phrase, " | ")
    while OPEN in text:
        stripped = re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " | ", text)
        if stripped == text:
            break
        text = stripped
    text = ALLOWED.sub(" | ", text)
    # The keys of `iepprep rules set KEY VALUE` are words the parent types, like command names.
    text = re.sub(r"\b(?:" + "|".join(map(re.escape, rules.SETTINGS)) + r"):", " | ", text)
    return [piece.strip() for piece in text.split("|") if re.search(r"[A-Za-z]{2,}", piece)]


COMMANDS = SCREENS_OF_THE_RECORD


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args))
def test_every_sentence_shown_goes_through_the_catalog(run: Run, wide: Path, marked: None, args: list[str]) -> None:
    known = parents_words()
    result = run(*args)
    assert result.exit_code == 0, result
    assert unmarked(result.stdout + result.stderr, known) == []


def test_the_check_finds_a_sentence_written_without_the_catalog(wide: Path, marked: None) -> None:
    known = parents_words()
    assert unmarked("⟦Next meeting⟧: Sam Rivera", known) == []
    assert unmarked("Next meeting: Sam Rivera", known) == ["Next meeting:"]


def test_every_help_text_goes_through_the_catalog(run: Run, marked: None) -> None:
    """Each command's and option's help, and each panel title, as --help shows them, is translated."""
    commands: list[list[str]] = [[]]
    seen: list[list[str]] = []
    while commands:
        path = commands.pop()
        seen.append(path)
        shown = _flat(run(*path, "--help").stdout)
        command = typer.main.get_command(app)
        for name in path:
            command = command.commands[name]  # type: ignore[attr-defined]
        texts = [command.help or "", *(p.help or "" for p in command.params if isinstance(p, typer.core.TyperOption))]
        for text in texts:
            first_words = " ".join(text.split()[:3])
            if first_words:
                assert f"{OPEN}{first_words}" in shown, (path, text)
        commands += [[*path, name] for name in getattr(command, "commands", {})]
    assert len(seen) > 20
