"""No sentence of iepprep's own is written where it cannot be translated.

Every string given to an error, a warning or the screen must come from the
catalog (`_()`, `ngettext()` or a table marked `N_()`). This reads the code
itself, so it also covers messages no test happens to show.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import iepprep

SOURCE = Path(iepprep.__file__).parent
# What takes a sentence the parent will read.
SAYS = {
    "IepprepError",
    "RecordDamaged",
    "ChecklistInvalid",
    "NotAFile",
    "RecordBusy",
    "BadEvent",
    "show",
    "error",
    "warn",
    "ask",
    "confirm",
    "read_line",
    "blank_marker",
    "add",
}
SENTENCE = re.compile(r"[A-Za-z]{2,}[ ,;:.'][ ]?[A-Za-z]{2,}")


def _text(node: ast.expr) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_text(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _text(node.left) + " " + _text(node.right)
    return ""


def unmarked() -> list[str]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
            if name not in SAYS:
                continue
            for arg in call.args:
                for part in [arg, *(a for a in ast.walk(arg) if isinstance(a, ast.Tuple))]:
                    text = _text(part) if not isinstance(part, ast.Tuple) else _text(part.elts[0])
                    if SENTENCE.search(text):
                        found.append(f"{path.relative_to(SOURCE)}:{call.lineno}: {text[:60]}")
    return found


def test_every_sentence_for_the_parent_goes_through_the_catalog() -> None:
    assert unmarked() == []
