"""The installed package works from any folder: the console script, python -m, the checklists."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from iepprep import __version__, checklists


def test_checklists_load_from_another_folder(iepprep_bin: str, child_env: dict[str, str], tmp_path: Path) -> None:
    listed = subprocess.run(
        [iepprep_bin, "checklists", "list"],
        cwd=tmp_path,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    rows = [line.split(".")[0] for line in listed.stdout.splitlines()]  # into a pipe: one labelled line a row
    assert rows == ["Id: before", "Id: during", "Id: conflict", "Id: escalation"]
    assert listed.stderr == ""


def test_python_dash_m_runs_the_same_program(child_env: dict[str, str], tmp_path: Path) -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "iepprep", "--version"],
        cwd=tmp_path,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert shown.stdout.strip() == f"iepprep {__version__}"


def test_the_bundled_checklists_travel_with_the_code() -> None:
    folder = checklists.bundled_dir()
    assert sorted(p.stem for p in folder.glob("*.yaml")) == ["before", "conflict", "during", "escalation"]
