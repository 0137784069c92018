"""Everyday commands import only what they need (as typer's own tests/test_rich_import.py checks).

Each command runs in a fresh interpreter, which then reports the modules it loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from iepprep import children, meetings

REPORT = """
import json, sys
sys.argv = ["iepprep", *json.loads(sys.argv[1])]
from iepprep.cli import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write("MODULES " + json.dumps(sorted(sys.modules)))
"""
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
