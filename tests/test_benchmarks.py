"""The benchmark script still runs: it measures nothing here, it only must not rot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def test_the_benchmark_runs_end_to_end_on_a_small_record(tmp_path: Path, iepprep_bin: str) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--runs", "1", "--notes", "30", "--sizes", "10,40"]
        + ["--checklist", "40", "--two-computers"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "notes add / bare" in done.stdout and "iepprep export --format json" in done.stdout
    assert "notes add: Spanish / English" in done.stdout
    assert "services log: large / empty" in done.stdout and "iepprep services show" in done.stdout
    assert "Everyday commands by record size (10, 40 notes)" in done.stdout and "prep --review" in done.stdout
    assert "A checklist of 40 items, answered one by one" in done.stdout
    assert "status, two computers, a note arrived" in done.stdout and "notes add, encrypted" in done.stdout
