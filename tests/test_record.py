"""The per-child record: exact round trips, appends that survive crashes and company."""

from __future__ import annotations

import multiprocessing
import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iepprep import children, paths
from iepprep.codec import dump_event
from iepprep.errors import IepprepError, RecordDamaged
from iepprep.record import Record

from helpers import DEVICE


def new_record(home: Path, name: str = "Sam") -> Record:
    return children.add(name).record


def notes_of(rec: Record) -> list[str]:
    return [e.data["text"] for e in rec.read().events if e.type == "note"]


@settings(
    max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None
)
@given(text=st.text())
def test_any_text_round_trips_exactly(data_home: Path, text: str) -> None:
    rec = Record(paths.ensure_private_dir(paths.children_dir()) / "roundtrip.yaml")
    if not rec.path.exists():
        rec.path.write_bytes(dump_event({"event": "record", "id": "h", "at": "t", "format": 1}))
    rec.append("note", text=text)
    assert rec.read().events[-1].data["text"] == text


@pytest.mark.parametrize(
    "text",
    [
        "\ud800 lone surrogate",
        "line\x85next",
        "nul\x00byte",
        "tab\tand\r\nCRLF",
        " lead and trail ",
        "---\n...\n--- not a marker",
        "| > & * ! % @ `",
        "yes",
        "2026-12-03",
        "null",
        "~",
        "0x1F",
    ],
)
def test_awkward_text_round_trips(data_home: Path, text: str) -> None:
    rec = new_record(data_home)
    rec.append("note", text=text)
    assert notes_of(rec) == [text]


def _append_many(path: str, label: str, count: int) -> None:
    rec = Record(Path(path))
    for n in range(count):
        rec.append("note", text=f"{label}-{n}")


def test_two_processes_appending_200_each_keep_all_400(data_home: Path) -> None:
    rec = new_record(data_home)
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_append_many, args=(str(rec.path), label, 200)) for label in "ab"]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    texts = notes_of(rec)
    assert len(texts) == 400
    assert sorted(texts) == sorted(f"{label}-{n}" for label in "ab" for n in range(200))


def test_failing_fsync_loses_no_acknowledged_event(data_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rec = new_record(data_home)
    rec.append("note", text="first, acknowledged")
    before = rec.path.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(IepprepError, match="could not save"):
        rec.append("note", text="second, never acknowledged")
    monkeypatch.undo()
    assert rec.path.read_bytes() == before
    assert notes_of(rec) == ["first, acknowledged"]


def test_a_crash_between_write_and_fsync_leaves_a_readable_record(
    data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rec = new_record(data_home)
    rec.append("note", text="kept")

    class Crash(BaseException):
        pass

    def crash(fd: int) -> None:
        raise Crash

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(Crash):
        rec.append("note", text="written but not synced")
    monkeypatch.undo()
    assert notes_of(rec)[0] == "kept"
    rec.append("note", text="after")
    assert notes_of(rec)[-1] == "after"


def test_a_full_disk_gives_a_plain_error_and_no_damage(data_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rec = new_record(data_home)
    before = rec.path.read_bytes()
    real_write = os.write

    def half_then_full(fd: int, data: bytes) -> int:
        if len(data) > 20:
            return real_write(fd, data[:20])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(IepprepError, match="No space left"):
        rec.append("note", text="does not fit")
    monkeypatch.undo()
    assert rec.path.read_bytes() == before


@pytest.mark.parametrize("cut", [1, 7, 15, 30])
def test_a_torn_last_document_is_ignored_then_set_aside(data_home: Path, cut: int) -> None:
    rec = new_record(data_home)
    rec.append("note", text="acknowledged")
    whole = rec.path.read_bytes()
    torn = dump_event(
        {"event": "note", "id": "x1", "at": "2026-11-28T10:00:00+00:00", "text": "a long note cut short by a crash"}
    )[:cut]
    rec.path.write_bytes(whole + torn)

    contents = rec.read()
    assert [e.data.get("text") for e in contents.events if e.type == "note"] == ["acknowledged"]
    assert "cut short" in contents.warnings[0]

    rec.append("note", text="next")
    assert notes_of(rec) == ["acknowledged", "next"]
    assert rec.read().warnings == []
    side = rec.side_files()
    assert len(side) == 1 and side[0].read_bytes() == torn


def test_a_whole_last_event_missing_only_its_newline_is_kept(data_home: Path) -> None:
    rec = new_record(data_home)
    rec.append("note", text="one")
    rec.path.write_bytes(rec.path.read_bytes().rstrip(b"\n"))
    assert notes_of(rec) == ["one"]
    rec.append("note", text="two")
    assert notes_of(rec) == ["one", "two"]
    assert rec.side_files() == []


def test_damage_in_the_middle_is_an_error_naming_file_and_line(data_home: Path) -> None:
    rec = new_record(data_home)
    rec.append("note", text="one")
    rec.append("note", text="two")
    lines = rec.path.read_text().splitlines(keepends=True)
    broken_line = next(n for n, line in enumerate(lines) if line.startswith("text: one"))
    lines[broken_line] = "text: [unclosed\n"
    rec.path.write_text("".join(lines))
    with pytest.raises(RecordDamaged) as problem:
        rec.read()
    assert f"{rec.path}:{broken_line + 1}:" in str(problem.value)


def test_a_newer_format_is_refused_for_reading_and_writing(data_home: Path) -> None:
    rec = new_record(data_home)
    header, rest = rec.read().events[0], rec.path.read_bytes()
    newer = dump_event({**header.data, "format": 2})  # the header as a newer iepprep seals it
    rec.path.write_bytes(newer + rest[header.end :])
    before = rec.path.read_bytes()
    with pytest.raises(RecordDamaged, match="newer iepprep"):
        rec.read()
    with pytest.raises(RecordDamaged, match="newer iepprep"):
        rec.append("note", text="must not be written")
    assert rec.path.read_bytes() == before


def test_files_are_private_whatever_the_umask(data_home: Path) -> None:
    old = os.umask(0)
    try:
        rec = new_record(data_home)
        rec.append("note", text="private")
    finally:
        os.umask(old)
    for folder in (data_home, data_home / "children"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for file in (rec.path, rec.lock_path):
        assert stat.S_IMODE(file.stat().st_mode) == 0o600


@pytest.mark.parametrize("names", [["../x", "CON", "😀", "Émile", "Emile", "a/b\\c", ".", "NUL.txt"]])
def test_names_give_distinct_safe_files_inside_the_data_folder(data_home: Path, names: list[str]) -> None:
    made = [children.add(name) for name in names]
    files = {child.record.path for child in made}
    assert len(files) == len(names)
    for path in files:
        assert path.parent.parent == data_home / "children"
        assert path.parent.name.isascii() and path.parent.name.isalnum() and path.name == f"{DEVICE}.yaml"
    assert sorted(c.name for c in children.find_all().children) == sorted(names)


def test_the_record_reads_as_a_diary(data_home: Path) -> None:
    rec = new_record(data_home)
    rec.append("note", text="Ms. Lee agreed to send the OT report")
    rec.append("note", text="two lines:\nsecond [line]")
    text = rec.path.read_text(encoding="utf-8")
    assert text.startswith("--- # ") and text.split("\n", 1)[1].startswith("event: record\n")
    assert "\ntext: Ms. Lee agreed to send the OT report\n" in text
    assert '\ntext: "two lines:\\nsecond [line]"\n' in text
