"""Faults: kills, full disks, refused writes, failing fsync and rename, crowds, dead lock holders.

The claim under test: a note acknowledged is a note kept; a failure is one
plain sentence and exit 1, with the record exactly as it was; and the record
always reads.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from iepprep import children, files, meetings
from iepprep.errors import RecordBusy
from iepprep.record import Record

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses fork and POSIX signals")
KILLS = 100
KILLS_PER_RECORD = 20


def _writer(path: Path, ack_fd: int, start: int) -> None:
    """In a forked child: append notes forever, reporting each one once it is on disk."""
    rec = Record(path)
    n = start
    while True:
        rec.append("note", meeting="m", kind="note", text=f"note {n}")
        os.write(ack_fd, f"{n}\n".encode())
        n += 1


def test_a_hundred_kill_9s_lose_no_acknowledged_note(data_home: Path) -> None:
    rng = random.Random(2026)  # noqa: S311 - choosing when to kill, not a secret
    next_note = 0
    total = 0
    for kill in range(KILLS):
        if kill % KILLS_PER_RECORD == 0:  # a fresh record now and then keeps each read quick
            rec = children.add(f"Child {kill}").record
            acknowledged: list[int] = []
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the writer
            os.close(read_end)
            try:
                _writer(rec.path, write_end, next_note)
            finally:
                os._exit(0)
        os.close(write_end)
        time.sleep(rng.uniform(0.0, 0.03))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_end) as acks:
            done = [int(line) for line in acks.read().splitlines() if line.strip().isdigit()]
        acknowledged += done
        next_note = (done[-1] + 1 if done else next_note) + 1000  # never reuse a number
        contents = rec.read()  # the record always reads
        kept = {e.data["text"] for e in contents.events if e.type == "note"}
        missing = [n for n in acknowledged if f"note {n}" not in kept]
        assert missing == []
        total += len(done)
    assert total > KILLS  # the writers really were writing when killed


def _fail(monkeypatch: pytest.MonkeyPatch, name: str, code: int, after: int = 0) -> None:
    """Make os.<name> fail with errno `code`, after letting `after` calls through."""
    real = getattr(os, name)
    calls = {"n": 0}

    def failing(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] > after:
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, failing)


@pytest.fixture
def sam_today(run, monkeypatch: pytest.MonkeyPatch) -> Record:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-11-28")
    child = children.add("Sam")
    meetings.add(child, date(2026, 11, 28))
    assert run("notes", "add", "before the fault").exit_code == 0
    return child.record


@pytest.mark.parametrize(
    "call, code, words",
    [
        ("write", errno.ENOSPC, "No space left on device"),
        ("fsync", errno.EIO, "Input/output error"),
        ("open", errno.EACCES, "Permission denied"),
        ("open", errno.EROFS, "Read-only file system"),
    ],
)
def test_a_failed_note_is_one_sentence_and_changes_nothing(
    run, sam_today: Record, monkeypatch: pytest.MonkeyPatch, call: str, code: int, words: str
) -> None:
    before = sam_today.path.read_bytes()
    _fail(monkeypatch, call, code)
    result = run("notes", "add", "during the fault")
    monkeypatch.undo()
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert sam_today.path.read_bytes() == before


@pytest.mark.parametrize("call, code", [("replace", errno.EXDEV), ("fsync", errno.EIO), ("write", errno.ENOSPC)])
def test_a_failed_new_record_leaves_nothing_behind(
    run, data_home: Path, monkeypatch: pytest.MonkeyPatch, call: str, code: int
) -> None:
    (data_home / "children").mkdir(parents=True)
    _fail(monkeypatch, call, code)
    result = run("child", "add", "Sam")
    monkeypatch.undo()
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "Nothing was changed" in result.stderr
    assert list((data_home / "children").iterdir()) == []


def test_a_data_folder_that_cannot_be_made_is_one_sentence(run, tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("IEPPREP_HOME", str(blocker / "iepprep"))
    result = run("child", "add", "Sam")
    assert result.exit_code == 1 and "cannot create its folder" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _append_hundred(path: str, label: str) -> None:
    rec = Record(Path(path))
    for n in range(100):
        rec.append("note", meeting="m", kind="note", text=f"{label}-{n}")


def test_four_processes_of_a_hundred_notes_end_with_four_hundred(data_home: Path) -> None:
    rec = children.add("Sam").record
    pids = []
    for label in "abcd":
        pid = os.fork()
        if pid == 0:
            try:
                _append_hundred(str(rec.path), label)
            finally:
                os._exit(0)
        pids.append(pid)
    for pid in pids:
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    texts = sorted(e.data["text"] for e in rec.read().events if e.type == "note")
    assert texts == sorted(f"{label}-{n}" for label in "abcd" for n in range(100))


def test_a_lock_left_by_a_dead_process_does_not_block(data_home: Path) -> None:
    rec = children.add("Sam").record
    ready_read, ready_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # take the lock, say so, and wait to be killed while holding it
        with files.hold_lock(rec.lock_path):
            os.write(ready_write, b"locked")
            time.sleep(60)
        os._exit(0)
    assert os.read(ready_read, 6) == b"locked"
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    started = time.monotonic()
    rec.append("note", meeting="m", kind="note", text="after the holder died")
    assert time.monotonic() - started < files.LOCK_TIMEOUT_SECONDS


def test_a_lock_held_by_a_live_process_gives_up_with_a_sentence(data_home: Path, monkeypatch) -> None:
    rec = children.add("Sam").record
    before = rec.path.read_bytes()
    ready_read, ready_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        with files.hold_lock(rec.lock_path):
            os.write(ready_write, b"locked")
            time.sleep(60)
        os._exit(0)
    try:
        assert os.read(ready_read, 6) == b"locked"
        monkeypatch.setattr(files, "LOCK_TIMEOUT_SECONDS", 0.3)
        with pytest.raises(RecordBusy, match="Another iepprep is still saving"):
            rec.append("note", meeting="m", kind="note", text="must wait")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    assert rec.path.read_bytes() == before


@pytest.mark.parametrize("command", [["notes"], ["prep"], ["child", "edit"], ["next-steps"]])
def test_a_record_that_cannot_be_written_is_said_before_any_question(
    run, sam_today: Record, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    real_open = os.open

    def refuse_the_record(path: object, flags: int, *args: object) -> int:
        if str(path) == str(sam_today.path) and flags & os.O_APPEND:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse_the_record)
    result = run(*command, input="a note that must not be typed in vain\n")
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("Read-only file system.")
    assert ": " not in result.stdout  # not a single question was asked


def test_a_nearly_full_disk_is_said_before_any_question(run, sam_today: Record, monkeypatch) -> None:
    class Full:
        f_bavail, f_frsize = 10, 4096

    monkeypatch.setattr(os, "statvfs", lambda path: Full())
    result = run("notes", input="x\n")
    assert result.exit_code == 1 and "nearly full (40 KB free)" in result.stderr
