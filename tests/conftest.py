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

from iepprep import children, language, ui
from iepprep.cli import app
from iepprep.state import Child

from helpers import DEVICE, TODAY, Result, Run

# Machines here are shared and noisy: no test may depend on how fast it runs.
settings.register_profile("iepprep", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("iepprep")


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "iepprep-home"
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # what a command saves beside the parent lands here, never in the project
    monkeypatch.setenv("IEPPREP_HOME", str(home))
    monkeypatch.setenv("IEPPREP_DEVICE", DEVICE)  # this computer's id, never made in a real home folder
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    for name in ("IEPPREP_CHILD", "IEPPREP_TODAY", "IEPPREP_PLAIN", "IEPPREP_LANG", "EDITOR", "VISUAL", "LC_ALL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # English unless a test asks for another language
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    ui.reset()
    language.use(language.ENGLISH)
    yield home
    ui.reset()
    language.use(language.ENGLISH)


@pytest.fixture
def run() -> Run:
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
def child_env(data_home: Path, iepprep_bin: str) -> dict[str, str]:
    """The environment for a subprocess: same data folder, no colour, and `iepprep` on the PATH,
    as after the README's install."""
    env = {k: v for k, v in os.environ.items() if k not in ("IEPPREP_PLAIN", "EDITOR", "VISUAL", "COLUMNS", "LINES")}
    path = os.pathsep.join([str(Path(iepprep_bin).parent), env.get("PATH", "")])
    env.update(IEPPREP_HOME=str(data_home), NO_COLOR="1", TERM="xterm", PATH=path)
    return env


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> str:
    """Fix today at Saturday 28 November 2026, so deadlines and defaults read the same every run."""
    monkeypatch.setenv("IEPPREP_TODAY", TODAY)
    return TODAY


@pytest.fixture
def sam(today: str) -> Child:
    """Sam, at Lincoln Elementary, on record with nothing else yet."""
    return children.add("Sam", school="Lincoln Elementary")


@pytest.fixture
def rich(data_home: Path, today: str) -> Path:
    """Sam Rivera's full record: a held meeting full of notes, a disagreement, and a meeting coming up."""
    folder = data_home / "children" / "rich"
    folder.mkdir(parents=True)
    target = folder / f"{DEVICE}.yaml"
    shutil.copy(Path(__file__).parent / "fixtures" / "rich-record.yaml", target)
    return target
