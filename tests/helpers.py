"""What many test files share: how a command's result looks, and reading a child back from disk."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from iepprep import children
from iepprep.state import Child

TODAY = "2026-11-28"
# Every command that shows something of Sam Rivera's full record (tests/fixtures/rich-record.yaml).
SCREENS_OF_THE_RECORD = [
    ["status"],
    ["child", "list"],
    ["child", "show"],
    ["meeting", "list"],
    ["notes", "show", "--date", "11/20/2026", "--all"],
    ["next-steps", "--show"],
    ["brief"],
    ["export"],
    ["letter", "follow-up"],
    ["letter", "meeting-request"],
    ["letter", "complaint-outline"],
    ["prep", "--review", "--date", "12/10/2026"],
    ["rules"],
    ["checklists", "list"],
    ["where"],
]


@dataclass(frozen=True)
class Result:
    """What one run of iepprep left: its exit code and what it wrote to each stream."""

    exit_code: int
    stdout: str
    stderr: str


class Run(Protocol):
    """Run iepprep in-process: run("child", "add", "Sam", input="...")."""

    def __call__(self, *args: str, input: str | None = None) -> Result: ...


def reload(name: str | None = None) -> Child:
    """The child as the record on disk holds it now (the only child, or the one named)."""
    found = children.find_all(full=True).children
    if name is None:
        assert len(found) == 1, [child.name for child in found]
        return found[0]
    return next(child for child in found if child.name == name)


GOLDEN = Path(__file__).parent / "fixtures"


def matches_golden(text: str, name: str) -> bool:
    """Whether text is exactly the saved file tests/fixtures/NAME; IEPPREP_WRITE_GOLDEN=1 saves it anew.

    Event ids are random, so each is compared as [ID].
    """
    text = re.sub(r"\[e[0-9a-f]{6,10}\]", "[ID]", text)
    golden = GOLDEN / name
    if os.environ.get("IEPPREP_WRITE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    return text == golden.read_text(encoding="utf-8")
