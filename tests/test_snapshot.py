"""The snapshot of the folded state: state from snapshot and tail always equals a full fold, and
anything that does not match - another record's snapshot, an edited or cut snapshot, a record
changed under it - is noticed, never trusted."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fold import DAYS, OPERATIONS, WORDS

from iepprep import children, iep, record, services, snapshot
from iepprep.errors import RecordDamaged
from iepprep.export import to_dict
from iepprep.files import fingerprint
from iepprep.fold import fold, save
from iepprep.state import Child

from helpers import Run

SPEECH = {
    "start": "2026-08-20",
    "end": "2027-08-19",
    "goals": [{"area": "Reading fluency", "target": "Read 90 words a minute"}],
    "services": [{"name": "Speech-language therapy", "minutes": 30, "times": 2, "per": "week"}],
}


def _iep(child: Child) -> None:
    if not child.ieps:
        iep.add(child, dict(SPEECH))


def _session(child: Child, day: date, missed: bool) -> None:
    if child.ieps:
        services.log(child, child.ieps[0], "speech", day, missed="sick" if missed else "")


def _made_up(child: Child, day: date) -> None:
    missed = [s for s in child.sessions if s.missed and not s.made_up and not s.closed and not s.retracted]
    if missed:
        save(child, "made-up", session=missed[-1].id, date=max(day.isoformat(), missed[-1].date))


def _undo(child: Child) -> None:
    if any(not s.retracted for s in child.sessions):
        services.undo(child)


def _progress(child: Child, day: date) -> None:
    if child.ieps:
        save(child, "progress", iep=child.ieps[0].id, date=day.isoformat(), ratings=[{"goal": 1, "rating": "mastered"}])


def _concern(child: Child, text: str) -> None:
    save(child, "concern-check", concern=text, met_by="")


EVERY_OPERATION = st.one_of(
    OPERATIONS,
    st.tuples(st.just(_iep)),
    st.tuples(st.just(_session), DAYS, st.booleans()),
    st.tuples(st.just(_made_up), DAYS),
    st.tuples(st.just(_undo)),
    st.tuples(st.just(_progress), DAYS),
    st.tuples(st.just(_concern), WORDS),
)


def state(child: Child) -> object:
    """Everything the fold keeps, read without the snapshot's own code."""
    return (
        to_dict(child),
        [(s.order, s.made_up_order) for s in child.sessions],
        child.service_log_count,
        {key: (dict(data), dict(payload)) for key, (data, payload) in child.sources.items()},
        child.pending,
        child.pending_retractions,
        sorted(child.by_id),
        {key: vars(answer) for key, answer in child.answers.items()},
        {key: sorted(found) for key, found in child.answer_lists.items()},
    )


def full_fold(child: Child) -> Child:
    fresh = record.Record(child.record.path)
    return fold(fresh, fresh.read())


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(EVERY_OPERATION, max_size=24), st.integers(min_value=0, max_value=24))
def test_snapshot_and_tail_equal_a_full_fold_at_any_split(
    data_home: Path, operations: list[tuple[Callable[..., None], ...]], split: int
) -> None:
    shutil.rmtree(data_home, ignore_errors=True)
    child = children.add("Sam")
    for number, (operation, *arguments) in enumerate(operations):
        if number == split:
            snapshot.path_for(child.record).unlink(missing_ok=True)
            children.load(child.record.path)  # a snapshot as of here
        operation(child, *arguments)
    through_snapshot = children.load(child.record.path)
    assert state(through_snapshot) == state(full_fold(child)) == state(child)


def _busy(run: Run) -> Child:
    """A record with enough added since its first snapshot that the next command writes a new one at its end."""
    child = children.add("Sam")
    iep.add(child, dict(SPEECH))
    for day in range(snapshot.REWRITE_AFTER + 6):
        missed = "sick" if day % 5 == 0 else ""
        services.log(child, child.ieps[0], "speech", date(2026, 8, 20) + timedelta(days=day), missed=missed)
    run("status")
    assert _covers(child) == child.record.path.stat().st_size
    return child


def _covers(child: Child) -> int:
    """Where the snapshot of the child's record stops."""
    import json

    return int(json.loads(snapshot.path_for(child.record).read_bytes().split(b"\n")[1])["offset"])


def test_a_snapshot_is_written_and_used(run: Run, today: str, monkeypatch: pytest.MonkeyPatch) -> None:
    child = _busy(run)
    path = snapshot.path_for(child.record)
    assert path.exists() and oct(path.stat().st_mode & 0o777) == "0o600"
    starts: list[int] = []
    real = record.Record.read_from

    def spy(self: record.Record, start: record.Position, only: frozenset[str] | None = None) -> object:
        starts.append(start.offset)
        return real(self, start, only)

    monkeypatch.setattr(record.Record, "read_from", spy)
    children.load(child.record.path)
    assert starts == [child.record.path.stat().st_size]  # folded from the snapshot's end: nothing to read


def test_no_everyday_command_reads_past_the_snapshot_when_nothing_was_added(
    run: Run, today: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    child = _busy(run)
    size = child.record.path.stat().st_size
    read_past: list[int] = []
    real = record.read_at  # type: ignore[attr-defined]

    def counting(fd: int, offset: int, count: int) -> bytes:
        got = real(fd, offset, count)
        if offset >= size:
            read_past.append(len(got))
        return got

    monkeypatch.setattr(record, "read_at", counting)
    for command in (["status"], ["brief"], ["services", "show"], ["export"], ["notes", "show"], ["iep", "show"]):
        run(*command)
    assert sum(read_past) == 0


def test_another_records_snapshot_is_not_trusted(run: Run, today: str) -> None:
    sam = _busy(run)
    alex = children.add("Alex")
    children.load(alex.record.path)
    shutil.copyfile(snapshot.path_for(sam.record), snapshot.path_for(alex.record))
    loaded = children.load(alex.record.path)
    assert loaded.name == "Alex" and loaded.sessions == []
    assert state(loaded) == state(full_fold(alex))


@pytest.mark.parametrize("damage", ["edit", "cut", "empty"])
def test_an_edited_or_cut_snapshot_is_noticed_and_rebuilt(run: Run, today: str, damage: str) -> None:
    child = _busy(run)
    path = snapshot.path_for(child.record)
    raw = path.read_bytes()
    if damage == "edit":  # a session's minutes changed by hand, and the snapshot's own checksum with it
        raw = raw.replace(b'"minutes":30', b'"minutes":3', 1)
    elif damage == "cut":
        raw = raw[: len(raw) // 2]
    else:
        raw = b""
    path.write_bytes(raw)
    loaded = children.load(child.record.path)
    assert state(loaded) == state(full_fold(child))
    assert path.read_bytes() != raw  # written anew


def test_an_edited_snapshot_with_its_checksum_made_to_match_is_caught_by_the_record(run: Run, today: str) -> None:
    child = _busy(run)
    path = snapshot.path_for(child.record)
    digest, _, body = path.read_bytes().partition(b"\n")
    state_of_another_time = body.replace(b'"offset":', b'"offset":1', 1)  # says it covers more of the record
    path.write_bytes(fingerprint(state_of_another_time).encode() + b"\n" + state_of_another_time)
    loaded = children.load(child.record.path)
    assert state(loaded) == state(full_fold(child))


def test_a_record_changed_under_its_snapshot_is_read_again_never_hidden(run: Run, today: str) -> None:
    child = _busy(run)
    with open(child.record.path, "r+b") as handle:  # the same file, one byte changed inside an event
        data = handle.read()
        at = data.index(b"Speech-language therapy")
        handle.seek(at)
        handle.write(b"s")
    with pytest.raises(RecordDamaged):
        children.load(child.record.path)
    assert snapshot.path_for(child.record).exists()  # left alone, and never trusted over the record


def test_deleting_the_snapshot_is_always_safe(run: Run, today: str) -> None:
    child = _busy(run)
    before = state(children.load(child.record.path))
    snapshot.path_for(child.record).unlink()
    assert state(children.load(child.record.path)) == before
    assert snapshot.path_for(child.record).exists()


def test_a_correction_waiting_for_its_target_is_kept_in_the_snapshot(run: Run, today: str) -> None:
    """A hand-edited record may hold an amendment before the event it names; the snapshot keeps it waiting."""
    child = children.add("Sam")
    child.record.append("amend", target="m-later", changes={"where": "Room 2"})
    child.record.append("retract", target="n-later")
    snapshot.path_for(child.record).unlink(missing_ok=True)
    children.load(child.record.path)  # the snapshot holds both corrections, still waiting
    child.record.append_events(
        [
            {"event": "meeting", "id": "m-later", "at": "2026-11-28T10:00:00-05:00", "date": "2026-12-01"},
            {
                "event": "note",
                "id": "n-later",
                "at": "2026-11-28T10:01:00-05:00",
                "meeting": "m-later",
                "kind": "note",
                "text": "taken back",
            },
        ]
    )
    loaded = children.load(child.record.path)
    assert loaded.meetings[0].where == "Room 2" and loaded.meetings[0].notes[0].retracted
    assert state(loaded) == state(full_fold(child))


def _three_meetings(run: Run) -> Child:
    """Three meetings with notes, the last with an action not done yet; and a snapshot of it all."""
    child = children.add("Sam")
    for day, words in (("2026-09-10", "september"), ("2026-10-08", "october"), ("2026-11-05", "november")):
        meeting = save(child, "meeting", date=day)
        for number in range(5):
            save(child, "note", meeting=meeting["id"], kind="note", text=f"{words} note {number}")
    save(child, "note", meeting=meeting["id"], kind="action", text="Send the OT report", who="Ms. Lee")
    save(child, "disagreement", topic="The bus comes late", kind="other")  # from no meeting
    snapshot.path_for(child.record).unlink(missing_ok=True)
    run("status")
    return child


def _notes_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The dates of the meetings whose notes are read from the snapshot, as they are read."""
    read: list[str] = []
    real = snapshot._Shelf.peek

    def spy(self: snapshot._Shelf) -> list[object]:
        notes = real(self)
        read.append(notes[0].text.split()[0])
        return notes  # type: ignore[return-value]

    monkeypatch.setattr(snapshot._Shelf, "peek", spy)
    return read


def test_a_command_reads_the_notes_of_only_the_meetings_it_shows(
    run: Run, today: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _three_meetings(run)
    read = _notes_read(monkeypatch)
    shown = run("notes", "show", "--date", "10/8/2026")
    assert shown.exit_code == 0 and "october note 4" in shown.stdout
    assert read == ["october"]
    read.clear()
    status = run("status")
    assert status.exit_code == 0 and "Send the OT report" in status.stdout
    assert read == ["november"]  # the only meeting with an action not done
    read.clear()
    for command in (["next-steps", "--show"], ["prep", "--review", "--date", "11/5/2026"], ["meeting", "list"]):
        assert run(*command).exit_code == 0
    assert read == []


def test_an_old_note_changed_after_the_snapshot_is_found_and_the_snapshot_written_again(
    run: Run, today: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    child = _three_meetings(run)
    first = children.load(child.record.path).meetings[0].notes[0]
    save(child, "amend", target=first.id, changes={"text": "september note, corrected"})
    loaded = children.load(child.record.path)
    assert loaded.meetings[0].notes[0].text == "september note, corrected"
    assert state(loaded) == state(full_fold(child))
    assert _covers(child) == child.record.path.stat().st_size  # written again, so the next command is quick
    read = _notes_read(monkeypatch)
    assert run("notes", "show", "--date", "11/5/2026").exit_code == 0 and read == ["november"]


def test_notes_changed_in_the_snapshot_after_it_was_opened_are_refused_not_shown(run: Run, today: str) -> None:
    from iepprep.errors import IepprepError

    child = _three_meetings(run)
    loaded = children.load(child.record.path)
    path = snapshot.path_for(child.record)
    with open(path, "r+b") as handle:  # the same file changed in place, as a hand edit or a sync tool might
        data = handle.read()
        handle.seek(data.index(b"september note 0"))
        handle.write(b"SEPTEMBER")
    with pytest.raises(IepprepError, match="changed while iepprep was reading it"):
        _ = loaded.meetings[0].notes
    assert loaded.meetings[0].shelf is not None  # not taken as a meeting without notes
    fresh = children.load(child.record.path)  # the next command folds the record itself
    assert fresh.meetings[0].notes[0].text == "september note 0"


def test_a_meeting_read_after_catching_up_never_brings_back_older_notes(run: Run, today: str) -> None:
    child = _three_meetings(run)
    here = children.load(child.record.path)
    held = here.meetings[2]  # a meeting object a conversation holds, its notes not read yet
    action = next(n for n in children.load(child.record.path).meetings[2].notes if n.kind == "action")
    elsewhere = children.load(child.record.path)
    save(elsewhere, "action-done", note=action.id)  # another iepprep marks it done meanwhile
    children.catch_up(here)
    _ = held.notes
    found = here.note_by_id(action.id)
    assert found is not None and found.done


def test_two_lone_surrogates_in_a_row_stay_two_through_the_snapshot(run: Run, today: str) -> None:
    child = _three_meetings(run)
    meeting = child.meetings[0]
    child.record.append("note", meeting=meeting.id, kind="note", text="\ud83d\ude1f")
    snapshot.path_for(child.record).unlink()
    children.load(child.record.path)  # writes the snapshot
    assert children.load(child.record.path).meetings[0].notes[-1].text == "\ud83d\ude1f"
    assert state(children.load(child.record.path)) == state(full_fold(child))
