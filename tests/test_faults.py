"""Faults: kills, full disks, refused writes, failing fsync and rename, crowds, dead lock holders,
torn writes that happen to parse, decisions raced by two processes, a sync tool's conflicted
copies, damaged records and caches, and links, pipes and stale files in the data folder.

The claim under test: a note acknowledged is a note kept; a torn write is never taken for
whole; a failure is one plain sentence and exit 1, with the record exactly as it was; the
record always reads; and nothing outside the data folder is ever changed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import re
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

import pytest

from iepprep import children, files, meetings
from iepprep.errors import IepprepError, RecordBusy
from iepprep.fold import save
from iepprep.record import Record
from iepprep.state import Child

from helpers import Result, Run, kept_as_one_file

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
def sam_today(run: Run, monkeypatch: pytest.MonkeyPatch) -> Record:
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
    run: Run, sam_today: Record, monkeypatch: pytest.MonkeyPatch, call: str, code: int, words: str
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
    run: Run, data_home: Path, monkeypatch: pytest.MonkeyPatch, call: str, code: int
) -> None:
    (data_home / "children").mkdir(parents=True)
    _fail(monkeypatch, call, code)
    result = run("child", "add", "Sam")
    monkeypatch.undo()
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "Nothing was changed" in result.stderr
    assert list((data_home / "children").iterdir()) == []


def test_a_data_folder_that_cannot_be_made_is_one_sentence(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
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


def test_a_lock_held_by_a_live_process_gives_up_with_a_sentence(
    data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
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
    run: Run, sam_today: Record, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    real_open = os.open

    def refuse_the_record(path: str, flags: int, *args: int) -> int:
        if str(path) == str(sam_today.path) and flags & os.O_APPEND:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse_the_record)
    result = run(*command, input="a note that must not be typed in vain\n")
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("Read-only file system.")
    assert ": " not in result.stdout  # not a single question was asked


def test_a_nearly_full_disk_is_said_before_any_question(
    run: Run, sam_today: Record, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Full:
        f_bavail, f_frsize = 10, 4096

    monkeypatch.setattr(os, "statvfs", lambda path: Full())
    result = run("notes", input="x\n")
    assert result.exit_code == 1 and "nearly full (40 KB free)" in result.stderr


# -- a torn write never passes as whole -------------------------------------------------

# Events as a parent makes them, each cut at every byte: plain text that still parses when cut
# ("The district will not reduce S"), an action whose date parses cut ("due: 2026-12-1"), and more.
LAST_EVENTS = {
    "plain note": {"event": "note", "kind": "note", "text": "The district will not reduce Sam's speech minutes"},
    "action": {"event": "note", "kind": "action", "text": "Send the OT report", "who": "Ms. Lee", "due": "2026-12-15"},
    "meeting": {"event": "meeting", "date": "2026-12-03", "purpose": "annual review", "where": "Lincoln"},
    "profile": {"event": "profile", "school": "Lincoln Elementary", "grade": "3"},
}


def _sealed(fields: dict[str, str], meeting_id: str) -> bytes:
    from iepprep.codec import dump_event

    event = {"id": "e00000000ff", "at": "2026-11-28T10:00:00-05:00", **fields}
    if fields["event"] == "note":
        event["meeting"] = meeting_id
    return dump_event(event)


@pytest.mark.parametrize("kind", LAST_EVENTS)
def test_a_last_event_cut_at_any_byte_is_never_shown_as_whole(
    run: Run, data_home: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-11-28")
    child = children.add("Sam")
    meeting = meetings.add(child, date(2026, 11, 28))
    child.record.append("note", meeting=meeting.id, kind="note", text="acknowledged")
    whole = child.record.path.read_bytes()
    last = _sealed(LAST_EVENTS[kind], meeting.id)
    for cut in range(1, len(last) - 1):  # every cut that loses a byte of the event's content
        child.record.path.write_bytes(whole + last[:cut])
        shown = run("notes", "show", "--all")
        assert shown.exit_code == 0, (cut, shown)  # the rest of the record still reads
        assert "cut short" in shown.stderr and "acknowledged" in shown.stdout
        state = children.load(child.record.path)
        assert "e00000000ff" not in {n.id for m in state.meetings for n in m.notes} | {m.id for m in state.meetings}
        assert state.profile.get("school") is None
        head = children.load(child.record.path, full=False)  # the cache never takes it in either
        assert "e00000000ff" not in {m.id for m in head.meetings} and head.profile.get("school") is None
    # the next note sets the torn event aside: nothing lost, nothing kept as whole
    added = run("notes", "add", "after the crash")
    assert added.exit_code == 0
    assert [n.text for n in children.load(child.record.path).meetings[0].notes] == ["acknowledged", "after the crash"]
    assert child.record.side_files()[0].read_bytes() == last[: len(last) - 2]
    # only the final newline lost: every byte the seal vouches for is there, so it is whole
    child.record.path.write_bytes(child.record.path.read_bytes() + last[:-1])
    assert "e00000000ff" in {e.id for e in child.record.read().events}


def test_a_tear_at_a_line_end_is_set_aside_not_written_after(
    run: Run, data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-11-28")
    child = children.add("Sam")
    meeting = meetings.add(child, date(2026, 11, 28))
    last = _sealed(LAST_EVENTS["action"], meeting.id)
    torn = last[: last.index(b"\ntext:") + 1]  # ends in a newline, and parses
    child.record.path.write_bytes(child.record.path.read_bytes() + torn)
    assert run("notes", "add", "next").exit_code == 0
    state = children.load(child.record.path)
    assert [n.text for n in state.meetings[0].notes] == ["next"] and state.warnings == []
    assert child.record.side_files()[0].read_bytes() == torn


def _write_big_note(path: Path, ready: int, text: str) -> None:
    """In a forked child: say "go" just as the write begins, then write the note."""
    import iepprep.files
    import iepprep.record

    real = iepprep.files.append_bytes

    def announced(fd: int, payload: bytes, where: Path) -> None:
        os.write(ready, b"go")
        real(fd, payload, where)
        os.write(ready, b"saved")

    setattr(iepprep.record, "append_bytes", announced)  # noqa: B010 - the name the record module writes with
    Record(path).append("note", meeting="m", kind="note", text=text)


def test_kill_9_while_writing_a_multi_megabyte_note(data_home: Path) -> None:
    """Killed at random moments while writing 5 MB: the note is there whole, or not at all."""
    rng = random.Random(11)  # noqa: S311 - when to kill, not a secret
    rec = children.add("Sam").record
    outcomes = {"whole": 0, "torn": 0, "absent": 0}
    for round_number in range(15):
        text = f"note {round_number} " + "x" * 5_000_000
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            try:
                _write_big_note(rec.path, write_end, text)
            finally:
                os._exit(0)
        os.close(write_end)
        assert os.read(read_end, 2) == b"go"
        time.sleep(rng.uniform(0.0, 0.004))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        saved = os.read(read_end, 5) == b"saved"
        os.close(read_end)
        contents = rec.read()
        big = [e.data["text"] for e in contents.events if e.type == "note" and e.data["text"].startswith("note ")]
        assert big[:-1] == [t for t in big[:-1] if len(t) > 5_000_000]  # earlier ones all whole
        mine = [t for t in big if t.startswith(f"note {round_number} ")]
        assert mine in ([], [text])  # never a fragment shown as a note
        if saved:
            assert mine == [text]
        cut = any("cut short" in warning for warning in contents.warnings)
        outcomes["whole" if mine else "torn" if cut else "absent"] += 1
        rec.append("note", meeting="m", kind="note", text="a note after the kill")  # sets any tear aside
        assert rec.read().warnings == []
    assert outcomes["whole"] + outcomes["torn"] > 0, outcomes  # the kills did land during writes


# -- decided under the lock -------------------------------------------------------------


def _at_once(*jobs: Callable[[], Callable[[], object]]) -> None:
    """Run each job in a forked process: it reads what it needs, then all act at the same moment."""
    go_read, go_write = os.pipe()
    pids = []
    for job in jobs:
        pid = os.fork()
        if pid == 0:
            os.close(go_write)
            code = 1
            try:
                act = job()  # reads the record, as a command does before it decides
                os.read(go_read, 1)
                act()
                code = 0
            finally:
                os._exit(code)
        pids.append(pid)
    os.close(go_read)
    time.sleep(0.1)
    os.close(go_write)  # releases every one of them at once
    for pid in pids:
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0


def test_two_notes_at_once_on_a_child_with_no_meeting_make_one_meeting(
    run: Run, data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """20 rounds: each process has already read the record (no meeting yet) when both add their note."""
    from iepprep import notes

    for round_number in range(20):
        child = children.add(f"Child {round_number}")

        def note(text: str, child: Child = child) -> Callable[[], object]:
            found = children.load(child.record.path, full=False)  # as `notes add` finds the child

            def act() -> None:
                meeting, _ = meetings.for_notes(found, None, date(2026, 11, 28))
                notes.add_note(found, meeting, notes.parse_note(text))

            return act

        _at_once(partial(note, "first"), partial(note, "second"))
        state = children.load(child.record.path)
        assert [m.date for m in state.meetings] == ["2026-11-28"], round_number
        assert sorted(n.text for n in state.meetings[0].notes) == ["first", "second"]
    monkeypatch.setenv("IEPPREP_TODAY", "2026-11-28")
    shown = run("notes", "show", "--child", "Child 19")
    assert "first" in shown.stdout and "second" in shown.stdout


def test_two_notes_add_commands_at_once_keep_both_notes_in_one_meeting(
    iepprep_bin: str, child_env: dict[str, str]
) -> None:
    """The installed command, twice at once, on children with no meeting yet."""
    env = {**child_env, "IEPPREP_TODAY": "2026-11-28"}
    for round_number in range(5):
        name = f"Child {round_number}"
        children.add(name)
        both = [
            subprocess.Popen([iepprep_bin, "notes", "add", "--child", name, text], env=env, stdout=subprocess.DEVNULL)
            for text in ("first", "second")
        ]
        assert [process.wait(60) for process in both] == [0, 0]
        state = children.find(children.find_all(full=True), name)
        assert state is not None and [m.date for m in state.meetings] == ["2026-11-28"]
        assert sorted(n.text for n in state.meetings[0].notes) == ["first", "second"]


def test_two_meeting_adds_at_once_make_one_meeting(data_home: Path) -> None:
    child = children.add("Sam")

    def add() -> Callable[[], object]:
        found = children.load(child.record.path, full=False)

        def act() -> None:
            with contextlib.suppress(IepprepError):  # "already on record": the other one was first
                meetings.add(found, date(2026, 12, 3))

        return act

    _at_once(add, add)
    assert [m.date for m in children.load(child.record.path).meetings] == ["2026-12-03"]


def test_two_child_adds_of_one_name_make_one_child(data_home: Path) -> None:
    def add(name: str) -> Callable[[], object]:
        def act() -> None:
            with contextlib.suppress(IepprepError):  # "already on record": the other one was first
                children.add(name)

        return act

    for round_number in range(10):
        _at_once(partial(add, f"Sam {round_number}"), partial(add, f"sam {round_number}"))
    names = sorted(child.name.casefold() for child in children.find_all().children)
    assert names == sorted(f"sam {n}" for n in range(10))


def test_an_action_marked_done_twice_at_once_is_marked_once(data_home: Path) -> None:
    from iepprep import followup

    child = children.add("Sam")
    meeting = meetings.add(child, date(2026, 11, 28))
    note = child.record.append("note", meeting=meeting.id, kind="action", text="Send the report")

    def done() -> Callable[[], object]:
        found = children.load(child.record.path)
        action = followup.find_action(found, note["id"])

        def act() -> None:
            with contextlib.suppress(IepprepError):  # "already marked done": the other one was first
                followup.mark_done(found, action)

        return act

    _at_once(done, done)
    assert [e.type for e in child.record.read().events].count("action-done") == 1


# -- a sync tool's conflicted copy ------------------------------------------------------

COPY_NAMES = {
    "Dropbox": "{id} (Sam's conflicted copy 2026-11-28).yaml",
    "Nextcloud": "{id} (conflicted copy 2026-11-28 101010).yaml",
    "Syncthing": "{id}.sync-conflict-20261128-101010-ABCDEFG.yaml",
    "iCloud": "{id} 2.yaml",
    "OneDrive": "{id}-LAPTOP.yaml",
    "Google Drive": "{id} (1).yaml",
}


def _texts(path: Path) -> list[str]:
    return [n.text for m in children.load(path).meetings for n in m.notes]


@pytest.mark.parametrize("tool", COPY_NAMES)
def test_a_conflicted_copy_is_left_alone_then_repair_merges_it(
    run: Run, data_home: Path, monkeypatch: pytest.MonkeyPatch, tool: str
) -> None:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-11-28")
    assert run("notes", "add", "--child", "Sam", "x").exit_code == 1  # no child yet: nothing made
    children.add("Sam")
    assert run("notes", "add", "before the conflict").exit_code == 0
    record = children.record_paths()[0]
    meeting = children.load(record).meetings[0].id
    one_file = kept_as_one_file(record)  # as an older iepprep kept it, when the sync tool made the copy
    copy = one_file.with_name(COPY_NAMES[tool].format(id=record.parent.name))
    copy.write_bytes(one_file.read_bytes())  # what the other computer held
    Record(copy).append("note", meeting=meeting, kind="decision", text="typed on the laptop")
    copy_bytes = copy.read_bytes()

    for args in (["notes", "show"], ["child", "list"], ["status"], ["where"]):
        result = run(*args)
        assert result.exit_code == 0, (args, result)
        assert "Several children" not in result.stderr and result.stdout.count("Sam") >= 1
        assert str(copy) in result.stderr and "iepprep repair" in result.stderr
    assert run("notes", "add", "--child", "Sam", "on this computer").exit_code == 0
    assert copy.read_bytes() == copy_bytes  # never written to
    assert _texts(record) == ["before the conflict", "on this computer"]

    repaired = run("repair")
    assert repaired.exit_code == 0 and "Brought 1 entry" in repaired.stdout
    assert _texts(record) == ["before the conflict", "on this computer", "typed on the laptop"]
    assert not copy.exists()
    aside = list(record.parent.glob(f"{record.stem}.merged-*.yaml"))
    assert [p.read_bytes() for p in aside] == [copy_bytes]  # set aside, not deleted
    again = run("repair")
    assert again.exit_code == 0 and "nothing to repair" in again.stdout
    assert _texts(record) == ["before the conflict", "on this computer", "typed on the laptop"]  # not doubled
    assert run("notes", "show").stderr == ""


def test_a_copy_whose_record_is_gone_becomes_the_record_again(run: Run, data_home: Path) -> None:
    children.add("Sam")
    record = children.record_paths()[0]
    one_file = kept_as_one_file(record)
    copy = one_file.with_name(f"{record.parent.name} (Sam's conflicted copy 2026-11-28).yaml")
    one_file.rename(copy)  # the usual clean-up, done the wrong way round
    listed = run("child", "list")
    assert listed.exit_code == 1 and "No child is on record yet" not in listed.stdout + listed.stderr
    assert "iepprep repair" in listed.stderr
    assert run("child", "add", "Sam").exit_code == 1  # not a second Sam
    assert run("repair").exit_code == 0
    assert [c.name for c in children.find_all().children] == ["Sam"] and record.exists()


def test_a_file_that_only_looks_like_a_copy_is_a_record_of_its_own(run: Run, data_home: Path) -> None:
    sam = children.add("Sam")
    ana = kept_as_one_file(children.add("Ana").record.path)
    ana.rename(ana.with_name(f"{sam.record.path.parent.name} 2.yaml"))  # another child's record, named like a copy
    assert sorted(c.name for c in children.find_all().children) == ["Ana", "Sam"]
    assert run("repair").stdout.endswith("nothing to repair.\n")


def test_forget_also_removes_the_copies(run: Run, data_home: Path) -> None:
    children.add("Sam")
    record = children.record_paths()[0]
    record.with_name(f"{record.stem} 2.yaml").write_bytes(record.read_bytes())
    assert run("child", "forget", "Sam", "--yes").exit_code == 0
    assert list((data_home / "children").iterdir()) == []


# -- no write to a damaged record ---------------------------------------------------------


def _sam_with_notes(run: Run, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-11-28")
    children.add("Sam")
    for text in ("one", "two", "three"):
        assert run("notes", "add", text).exit_code == 0  # the cache now covers every one of them
    return children.record_paths()[0]


@pytest.mark.parametrize(
    "damage",
    ["unbalanced quote in a middle note", "an unknown event type", "a tear at a line end"],
)
def test_notes_add_does_not_write_to_a_record_every_other_command_calls_damaged(
    run: Run, data_home: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    from iepprep.codec import dump_event

    path = _sam_with_notes(run, monkeypatch)
    raw = path.read_bytes()
    if damage == "unbalanced quote in a middle note":
        raw = raw.replace(b"text: two\n", b'text: "two\n')
    elif damage == "an unknown event type":
        raw += dump_event({"event": "mystery", "id": "e0000000abc", "at": "2026-11-28T10:00:00+00:00"})
    elif damage == "a tear at a line end":
        raw += dump_event({"event": "note", "id": "e0000000abc", "at": "2026-11-28T10:00:00+00:00", "text": "t"})
        raw = raw[:-8] + raw[-8:].replace(b"text: t\n", b"")
        raw += dump_event({"event": "note", "id": "e0000000abd", "at": "2026-11-28T10:00:00+00:00", "text": "u"})
    path.write_bytes(raw)
    shown = run("notes", "show")
    assert shown.exit_code == 1
    added = run("notes", "add", "must not be written")
    assert added.exit_code == 1 and added.stderr.strip() == shown.stderr.strip()
    assert path.read_bytes() == raw


def test_a_cache_changed_by_hand_is_not_believed(run: Run, data_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _sam_with_notes(run, monkeypatch)
    cache = path.with_name(path.stem + ".head")
    cache.write_text(cache.read_text().replace('"date": "2026-11-28"', '"date": "2026-12-25"'))
    listed = run("meeting", "list")
    assert "Nov 28, 2026" in listed.stdout and "Dec 25, 2026" not in listed.stdout


# -- only the data folder's own files -------------------------------------------------------


def _tree(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file and folder under `folder`, with its mode and bytes."""
    found = {".": (folder.stat().st_mode, b"")}
    for path in sorted(folder.rglob("*")):
        status = path.lstat()
        found[str(path.relative_to(folder))] = (status.st_mode, path.read_bytes() if path.is_file() else b"")
    return found


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the data folder, with a record-like file and open modes, as a stranger's."""
    folder = tmp_path / "outside"
    folder.mkdir()
    folder.chmod(0o755)
    (folder / "victim.yaml").write_bytes(b"--- \nnot yours\n")
    (folder / "victim.yaml").chmod(0o644)
    return folder


COMMANDS = [
    ["child", "add", "Sam"],
    ["child", "list"],
    ["notes", "add", "x"],
    ["status"],
    ["child", "forget", "Sam", "--yes"],
]


def _run_all(run: Run) -> list[Result]:
    return [run(*args) for args in COMMANDS]


def test_a_linked_children_folder_is_refused(run: Run, data_home: Path, outside: Path) -> None:
    data_home.mkdir()
    (data_home / "children").symlink_to(outside, target_is_directory=True)
    before = _tree(outside)
    for result in _run_all(run):
        assert result.exit_code == 1 and "is a link to another place" in result.stderr, result
    assert _tree(outside) == before


def test_a_linked_record_and_lock_are_refused(
    run: Run, data_home: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-11-28")
    children.add("Sam")
    record = children.record_paths()[0]
    (outside / "victim.yaml").write_bytes(record.read_bytes())
    record.unlink()
    record.symlink_to(outside / "victim.yaml")
    record.with_name(record.stem + ".lock").unlink(missing_ok=True)
    record.with_name(record.stem + ".lock").symlink_to(outside / "created-by-the-lock")
    before = _tree(outside)
    results = _run_all(run)
    for result in results:
        assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    assert "is a link to another file" in results[2].stderr and results[2].exit_code == 1
    assert _tree(outside) == before and record.is_symlink()


def test_planted_links_at_temporary_names_are_never_followed(
    run: Run, data_home: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-11-28")
    children.add("Sam")
    record = children.record_paths()[0]
    cache = record.with_name(record.stem + ".head")
    cache.unlink(missing_ok=True)
    for name in (cache.name, record.name, "x.yaml"):  # the names temporary files used to have
        (record.parent / f".{name}.{os.getpid()}.tmp").symlink_to(outside / "victim.yaml")
    before = _tree(outside)
    for args in (["status"], ["notes", "add", "x"], ["notes", "show"], ["child", "add", "Ana"]):
        assert run(*args).exit_code == 0
    assert _tree(outside) == before and cache.exists()


def test_a_linked_data_folder_is_followed_to_the_real_folder(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, outside: Path
) -> None:
    real = tmp_path / "real-home"
    real.mkdir(mode=0o700)
    link = tmp_path / "linked-home"
    link.symlink_to(real, target_is_directory=True)
    monkeypatch.setenv("IEPPREP_HOME", str(link))
    before = _tree(outside)
    assert run("child", "add", "Sam").exit_code == 0
    assert str(real) in run("where").stdout
    assert list((real / "children").glob("*/*.yaml")) and _tree(outside) == before


def test_modes_are_repaired_on_every_write(run: Run, data_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-11-28")
    children.add("Sam")
    assert run("notes", "add", "first").exit_code == 0
    record = children.record_paths()[0]
    lock = record.with_name(record.stem + ".lock")
    folders = ((data_home, 0o755), (data_home / "children", 0o755), (record.parent, 0o755))
    for path, mode in (*folders, (record, 0o644), (lock, 0o644)):
        path.chmod(mode)
    assert run("notes", "add", "x").exit_code == 0
    for path in (data_home, data_home / "children", record.parent, record, lock):
        mode = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == mode, path


def test_temporary_files_of_dead_processes_are_cleaned_on_the_next_run(
    iepprep_bin: str, child_env: dict[str, str], data_home: Path
) -> None:
    children.add("Sam")
    folder = data_home / "children"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = folder / f".0123456789abcdef.yaml.{dead.pid}.tmp"  # as a killed `child add` left it
    left.write_text("--- \nname: Sam\n")
    alive = folder / f".0123456789abcdef.head.{os.getpid()}.0a1b2c.tmp"
    alive.write_text("being written")
    assert subprocess.run([iepprep_bin, "child", "list"], env=child_env, capture_output=True).returncode == 0
    assert not left.exists() and alive.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("where", ["children", "checklists"])
def test_a_fifo_where_a_file_is_expected_is_refused_without_waiting(
    iepprep_bin: str, child_env: dict[str, str], data_home: Path, where: str
) -> None:
    children.add("Sam")
    folder = data_home / where
    folder.mkdir(exist_ok=True)
    name = "0123456789abcdef.yaml" if where == "children" else "mine.yaml"
    os.mkfifo(folder / name)
    for args in (["status"], ["child", "list"], ["notes", "add", "x"], ["notes", "show"], ["checklists", "list"]):
        done = subprocess.run([iepprep_bin, *args], env=child_env, capture_output=True, text=True, timeout=60)
        assert "unexpected" not in done.stderr and "Traceback" not in done.stderr, (args, done)
        told = args in (["checklists", "list"],) if where == "checklists" else args in (["status"], ["child", "list"])
        if told:
            assert f"{folder / name}" in done.stderr and "not an ordinary file" in done.stderr, (args, done)


def test_a_record_hard_linked_to_a_file_outside_is_not_written_to(run: Run, outside: Path, today: str) -> None:
    children.add("Sam")
    record = children.record_paths()[0]
    (outside / "victim.yaml").write_bytes(record.read_bytes())
    (outside / "victim.yaml").chmod(0o644)
    record.unlink()
    os.link(outside / "victim.yaml", record)
    before = _tree(outside)
    result = run("notes", "add", "a note")
    assert result.exit_code == 1 and "hard link" in result.stderr
    assert _tree(outside) == before


def test_an_older_unsealed_last_event_cut_mid_line_is_never_shown_as_whole(run: Run, today: str) -> None:
    """Records written before seals: a cut that leaves a line unfinished is always seen as a cut."""
    child = children.add("Sam")
    meeting = meetings.add(child, date(2026, 11, 28))
    save(child, "note", meeting=meeting.id, kind="note", text="acknowledged")
    old = re.sub(rb"(?m)^--- # \d+ [0-9a-f]{8}$", b"---", child.record.path.read_bytes())  # as iepprep wrote it
    last = re.sub(rb"(?m)^--- # \d+ [0-9a-f]{8}$", b"---", _sealed(LAST_EVENTS["action"], meeting.id))
    cache = child.record.path.with_name(child.record.stem + ".head")
    for cut in (n for n in range(1, len(last)) if last[n - 1 : n] != b"\n"):
        cache.unlink(missing_ok=True)
        child.record.path.write_bytes(old + last[:cut])
        shown = run("notes", "show", "--all")
        assert shown.exit_code == 0 and "cut short" in shown.stderr, (cut, shown)
        assert "Send the OT" not in shown.stdout and "acknowledged" in shown.stdout


def test_repair_keeps_the_newest_change_to_each_thing(run: Run, data_home: Path, today: str) -> None:
    """The laptop moved the meeting first; this computer moved it again later: the later move stays."""
    child = children.add("Sam")
    meeting = meetings.add(child, date(2026, 12, 8))
    record = child.record.path
    copy = record.with_name(f"{record.stem} (Sam's conflicted copy 2026-11-28).yaml")
    copy.write_bytes(record.read_bytes())
    Record(copy).append_events(
        [{"event": "amend", "id": "e0000000a01", "at": "2026-11-28T09:00:00-05:00", "target": meeting.id,
          "changes": {"date": "2026-12-09", "where": "Room 4"}}]
    )  # fmt: skip
    child.record.append_events(
        [{"event": "amend", "id": "e0000000a02", "at": "2026-11-28T10:00:00-05:00", "target": meeting.id,
          "changes": {"date": "2026-12-10"}}]
    )  # fmt: skip
    assert run("repair").exit_code == 0
    moved = children.load(record).meetings[0]
    assert (moved.date, moved.where) == ("2026-12-10", "Room 4")  # the later date, and the copy's own place
