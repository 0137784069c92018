"""Everyday commands import only what they need (as typer's own tests/test_rich_import.py checks).

Each command runs in a fresh interpreter, which then reports the modules it loaded.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from iepprep import children, meetings

REPORT = """
import json, sys
sys.argv = ["iepprep", *json.loads(sys.argv[1])]
from iepprep.start import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write("MODULES " + json.dumps(sorted(sys.modules)))
"""
PACKAGE = Path(__file__).resolve().parents[1] / "src" / "iepprep"
NOT_FOR_A_NOTE = [
    "yaml",
    "rich",
    "iepprep.checklists",
    "iepprep.views",
    "iepprep.letters",
    "iepprep.ladder",
    "iepprep.walk",
    "iepprep.prep",
    "iepprep.nextsteps",
    "iepprep.conversations",
    "iepprep.views",
]


def modules_loaded(args: list[str], env: dict[str, str]) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", REPORT, json.dumps(args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return set(json.loads(done.stderr.rsplit("MODULES ", 1)[1]))


def test_version_loads_neither_yaml_nor_rich(child_env: dict[str, str]) -> None:
    loaded = modules_loaded(["--version"], child_env)
    assert {"yaml", "rich"}.isdisjoint(loaded)


def test_notes_add_loads_only_what_a_note_needs(child_env: dict[str, str]) -> None:
    meetings.add(children.add("Sam"), date(2026, 11, 28))
    env = {**child_env, "IEPPREP_TODAY": "2026-11-28"}
    modules_loaded(["notes", "add", "the first note also builds the head cache"], env)
    loaded = modules_loaded(["notes", "add", "a note on a warm record"], env)
    assert [name for name in NOT_FOR_A_NOTE if name in loaded] == []


@pytest.mark.parametrize("args", [["checklists", "list"], ["child", "list"]])
def test_commands_that_show_tables_do_load_rich(child_env: dict[str, str], args: list[str]) -> None:
    children.add("Sam")
    assert "rich" in modules_loaded(args, child_env)  # the check above would notice if rich were never loaded


FACE = ("iepprep.cli", "iepprep.conversations", "iepprep.views", "iepprep.ui", "iepprep.__main__", "iepprep.start")
TERMINAL = ("rich", "typer", "click", *FACE)


def _imports(path: Path) -> set[str]:
    """Every module a source file imports, at its top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_the_core_never_talks_to_the_terminal() -> None:
    """Only the face (cli, conversations, views, ui, and `python -m`) may import ui or Rich; the jobs never do."""
    talking = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = _module(path)
        if name.startswith(FACE):
            continue
        wrong = sorted(i for i in _imports(path) if i.startswith(TERMINAL))
        if wrong:
            talking[name] = wrong
    assert talking == {}


def test_the_graph_check_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from iepprep import ui\n    import rich.table\n")
    assert {"iepprep.ui", "rich.table"} <= _imports(sample)
