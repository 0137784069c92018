"""The head cache: always the same as a full read, and adding a note reads only what is new."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from iepprep import children, head, meetings, record
from iepprep.children import load
from iepprep.codec import dump_event
from iepprep.record import Record
from iepprep.state import Child

from helpers import Run


def summary(child: Child) -> tuple[object, ...]:
    return (
        dict(child.profile),
        {role: vars(c) for role, c in child.contacts.items()},
        [(m.id, m.date, m.purpose, m.where) for m in child.meetings_in_order],
    )


def busy_record() -> Child:
    child = children.add("Sam", school="Lincoln")
    waiting = meetings.add(child, None, purpose="annual review")
    for n in range(20):
        child.record.append("note", meeting=waiting.id, kind="note", text=f"note {n}")
    child.record.append("profile", grade="3")
    child.record.append("contact", role="case-manager", name="Ms. Lee", email="", phone="")
    meetings.add(child, date(2026, 12, 3))  # gives the waiting meeting its date (an amend)
    meetings.add(child, date(2027, 3, 1), where="district office")
    return child


def test_the_head_matches_a_full_read_cold_and_warm(data_home: Path) -> None:
    child = busy_record()
    full = load(child.record.path)
    cold = load(child.record.path, full=False)
    warm = load(child.record.path, full=False)
    assert summary(cold) == summary(full) == summary(warm)
    assert full.meetings_in_order[0].date == "2026-12-03"
    assert (child.record.path.parent / f"{child.record.stem}{head.SUFFIX}").exists()


def test_a_warm_head_reads_only_the_events_appended_since(data_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    child = busy_record()
    load(child.record.path, full=False)
    for n in range(500):
        child.record.append("note", meeting=child.meetings[0].id, kind="note", text=f"more {n}")
    load(child.record.path, full=False)  # catches up once
    size_before = child.record.path.stat().st_size
    child.record.append("note", meeting=child.meetings[0].id, kind="note", text="the newest")

    starts: list[int] = []
    real = Record.read_from

    def spy(
        self: Record, start: record.Position, only: frozenset[str] | None = None
    ) -> tuple[record.Contents, record.Position]:
        starts.append(start.offset)
        return real(self, start, only)

    monkeypatch.setattr(Record, "read_from", spy)
    load(child.record.path, full=False)
    assert starts == [size_before]


def test_notes_add_reads_the_same_few_bytes_at_any_record_size(
    run: Run, data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-11-28")
    run("child", "add", "Sam")
    read_sizes: list[int] = []
    real = Record.read_from

    def spy(
        self: Record, start: record.Position, only: frozenset[str] | None = None
    ) -> tuple[record.Contents, record.Position]:
        contents, end = real(self, start, only)
        read_sizes.append(end.offset - start.offset)
        return contents, end

    for count in (10, 1000):
        child = load(children.record_paths()[0], full=False)
        meeting = child.meeting_on(date(2026, 11, 28)) or meetings.add(child, date(2026, 11, 28))
        for n in range(count):
            child.record.append("note", meeting=meeting.id, kind="note", text=f"filler {n}")
        assert run("notes", "add", "warm the head").exit_code == 0
        monkeypatch.setattr(Record, "read_from", spy)
        assert run("notes", "add", "measured note").exit_code == 0
        monkeypatch.setattr(Record, "read_from", real)
    small, large = read_sizes
    assert small == large and small < 300  # one note's bytes, at 10 notes or 1,010


@pytest.mark.parametrize("damage", ["delete", "garbage", "stale"])
def test_a_missing_broken_or_stale_cache_is_rebuilt(data_home: Path, damage: str) -> None:
    child = busy_record()
    load(child.record.path, full=False)
    cache = child.record.path.parent / f"{child.record.stem}{head.SUFFIX}"
    if damage == "delete":
        cache.unlink()
    elif damage == "garbage":
        cache.write_text("offset: [\n")
    else:  # the record was replaced by a different one of the same length, every event whole
        events = [e.data for e in child.record.read().events]
        events[1] = {**events[1], "school": "Lincolm"}
        child.record.path.write_bytes(b"".join(dump_event(e) for e in events))
    assert summary(load(child.record.path, full=False)) == summary(load(child.record.path))


def test_forget_removes_the_cache_too(data_home: Path) -> None:
    child = busy_record()
    load(child.record.path, full=False)
    children.forget(child)
    assert list((data_home / "children").iterdir()) == []
