"""Every test gets its own data folder: no test ever touches a real home folder."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from iepprep import ui
from iepprep.cli import app

# Machines here are shared and noisy: no test may depend on how fast it runs.
settings.register_profile("iepprep", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("iepprep")


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "iepprep-home"
    monkeypatch.setenv("IEPPREP_HOME", str(home))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    for name in ("IEPPREP_CHILD", "IEPPREP_TODAY"):
        monkeypatch.delenv(name, raising=False)
    ui.reset()
    yield home
    ui.reset()


class Result:
    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr

    def __repr__(self) -> str:
        return f"Result(exit={self.exit_code}, stdout={self.stdout!r}, stderr={self.stderr!r})"


@pytest.fixture
def run() -> object:
    """Run iepprep in-process: run("child", "add", "Sam", input="...")."""

    def invoke(*args: str, input: str | None = None) -> Result:
        outcome = CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)
        return Result(outcome.exit_code, outcome.stdout, outcome.stderr)

    return invoke


@pytest.fixture
def iepprep_bin() -> str:
    """The installed console script, for real-terminal and subprocess tests."""
    candidate = Path(sys.executable).parent / "iepprep"
    found = str(candidate) if candidate.exists() else shutil.which("iepprep")
    if not found:
        pytest.fail("the iepprep command is not installed in this environment")
    return found


@pytest.fixture
def child_env(data_home: Path) -> dict[str, str]:
    """The environment for a subprocess: same data folder, no colour."""
    env = dict(os.environ)
    env.update(IEPPREP_HOME=str(data_home), NO_COLOR="1", TERM="xterm")
    return env
