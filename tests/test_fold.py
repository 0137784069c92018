"""One write path: after any sequence of changes, the state in memory is the state folded again
from the file (every change goes through fold.save, which appends and applies the same event)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iepprep import children, followup, meetings, nextsteps, notes
from iepprep.export import to_dict
from iepprep.fold import BadEvent, apply, save
from iepprep.ladder import RUNGS
from iepprep.record import Record
from iepprep.state import DISAGREEMENT_KINDS, IN_WRITTEN_IEP, NOTE_KINDS, OUTCOMES, Child

DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))
WORDS = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=20)


def _add_meeting(child: Child, day: date) -> None:
    if child.meeting_on(day) is None or child.meeting_on(day).cancelled:  # type: ignore[union-attr]
        meetings.add(child, day, purpose="review")


def _note(child: Child, kind: str, text: str) -> None:
    if child.meetings:
        notes.add_note(child, child.meetings[-1], notes.Parsed(kind, text, who="Ms. Lee" if kind == "action" else ""))


def _undo(child: Child) -> None:
    live = [n for m in child.meetings for n in m.live_notes()]
    if live:
        save(child, "retract", target=live[-1].id)


def _move(child: Child, day: date) -> None:
    if child.meetings and child.meeting_on(day) is None:
        meetings.change(child, child.meetings[0], {"date": day.isoformat(), "time": "09:30"})


def _cancel(child: Child) -> None:
    if child.meetings:
        meetings.change(child, child.meetings[-1], {"cancelled": True})


def _done(child: Child) -> None:
    open_ones = [n for m in child.meetings for n in m.live_notes("action") if not n.done]
    if open_ones:
        followup.mark_done(child, open_ones[0])


def _iep_check(child: Child, answer: str) -> None:
    notes = [n for m in child.meetings for n in m.live_notes()]
    if notes:
        save(child, "iep-check", note=notes[0].id, answer=answer)


def _disagreement(child: Child, kind: str, topic: str) -> None:
    save(child, "disagreement", topic=topic, kind=kind, known_date="2026-01-02", violation=kind == "legal")


def _step(child: Child, rung: str, outcome: str) -> None:
    if child.disagreements and child.disagreements[-1].is_open:  # a resolved one takes no more steps
        nextsteps.record_step(child, child.disagreements[-1], RUNGS[rung], outcome, date(2026, 5, 1))


def _follow_up(child: Child, outcome: str) -> None:
    steps = [s for d in child.disagreements for s in d.steps]
    if steps:
        save(child, "amend", target=steps[-1].id, changes={"outcome": outcome})


def _edit_disagreement(child: Child, day: date) -> None:
    if child.disagreements:
        changes = {"known_date": day.isoformat(), "violation": True, "violation_date": day.isoformat()}
        save(child, "amend", target=child.disagreements[0].id, changes=changes)


def _close(child: Child) -> None:
    if child.disagreements:
        nextsteps.close(child, child.disagreements[0])


def _wrap_up(child: Child, text: str) -> None:
    if child.meetings:
        save(child, "wrap-up", meeting=child.meetings[-1].id, part="what", text=text)


def _attendee(child: Child, name: str) -> None:
    if child.meetings:
        save(child, "attendee", meeting=child.meetings[-1].id, name=name, role="teacher")


def _answer(child: Child, text: str) -> None:
    if child.meetings:
        fields = {"meeting": child.meetings[-1].id, "checklist": "before", "item": "concerns"}
        save(child, "answer", status="answered", value=text, **fields)


def _contact(child: Child, name: str) -> None:
    children.save_contact(child, "case-manager", name)


def _action_fix(child: Child, day: date) -> None:
    actions = [n for m in child.meetings for n in m.live_notes("action")]
    if actions:
        followup.change_action(child, actions[-1], "send the report", "Mr. Ortiz", day)


OPERATIONS = st.one_of(
    st.tuples(st.just(_add_meeting), DAYS),
    st.tuples(st.just(_note), st.sampled_from(NOTE_KINDS), WORDS),
    st.tuples(st.just(_undo)),
    st.tuples(st.just(_move), DAYS),
    st.tuples(st.just(_cancel)),
    st.tuples(st.just(_done)),
    st.tuples(st.just(_iep_check), st.sampled_from(IN_WRITTEN_IEP)),
    st.tuples(st.just(_disagreement), st.sampled_from([k for k, _ in DISAGREEMENT_KINDS]), WORDS),
    st.tuples(st.just(_step), st.sampled_from(sorted(RUNGS)), st.sampled_from(OUTCOMES)),
    st.tuples(st.just(_follow_up), st.sampled_from(OUTCOMES)),
    st.tuples(st.just(_edit_disagreement), DAYS),
    st.tuples(st.just(_close)),
    st.tuples(st.just(_wrap_up), WORDS),
    st.tuples(st.just(_attendee), WORDS),
    st.tuples(st.just(_answer), WORDS),
    st.tuples(st.just(_contact), WORDS),
    st.tuples(st.just(_action_fix), DAYS),
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(OPERATIONS, max_size=20))
def test_memory_always_equals_the_file_folded_again(
    data_home: Path, operations: list[tuple[Callable[..., None], ...]]
) -> None:
    shutil.rmtree(data_home, ignore_errors=True)
    child = children.add("Sam")
    for operation, *arguments in operations:
        operation(child, *arguments)
    assert to_dict(child) == to_dict(children.load(child.record.path))


def test_a_correction_before_its_target_waits_for_it() -> None:
    child = Child(record=Record(Path("unused.yaml")))
    at = "2026-11-28T10:00:00-05:00"
    apply(child, {"event": "amend", "id": "a1", "at": at, "target": "m1", "changes": {"where": "Room 2"}})
    apply(child, {"event": "retract", "id": "r1", "at": at, "target": "n1"})
    apply(child, {"event": "meeting", "id": "m1", "at": at, "date": "2026-12-01"})
    apply(child, {"event": "note", "id": "n1", "at": at, "meeting": "m1", "kind": "note", "text": "x"})
    assert child.meetings[0].where == "Room 2" and child.meetings[0].notes[0].retracted


def test_an_amendment_keeps_what_the_object_holds_of_its_own() -> None:
    child = Child(record=Record(Path("unused.yaml")))
    at = "2026-11-28T10:00:00-05:00"
    apply(child, {"event": "meeting", "id": "m1", "at": at, "date": "2026-12-01"})
    apply(child, {"event": "note", "id": "n1", "at": at, "meeting": "m1", "kind": "action", "text": "call"})
    apply(child, {"event": "action-done", "id": "d1", "at": at, "note": "n1"})
    apply(child, {"event": "amend", "id": "a1", "at": at, "target": "n1", "changes": {"who": "Ms. Lee"}})
    apply(child, {"event": "amend", "id": "a2", "at": at, "target": "m1", "changes": {"time": "15:00"}})
    note = child.meetings[0].notes[0]
    assert (note.who, note.done, child.meetings[0].notes == [note], child.meetings[0].time) == (
        "Ms. Lee",
        "2026-11-28",
        True,
        "15:00",
    )


@pytest.mark.parametrize(
    "event, problem",
    [
        ({"event": "meeting", "date": "2026-13-01"}, "'2026-13-01' is not a date"),
        ({"event": "amend", "target": "m1", "changes": {"time": "25:00"}}, "is not a time of day"),
        (
            {"event": "retract", "target": "m1"},
            "only a note, a logged session or an IEP being entered can be taken back",
        ),
        ({"event": "poem"}, "does not know events of type 'poem'"),
    ],
)
def test_an_event_of_the_wrong_shape_is_refused(event: dict[str, object], problem: str) -> None:
    child = Child(record=Record(Path("unused.yaml")))
    apply(child, {"event": "meeting", "id": "m1", "at": "2026-11-28T10:00:00-05:00", "date": "2026-12-01"})
    with pytest.raises(BadEvent, match=problem):
        apply(child, {"id": "x1", "at": "2026-11-28T10:00:00-05:00", **event})


def test_catching_up_reads_again_only_when_another_iepprep_wrote(data_home: Path) -> None:
    child = children.add("Sam")
    meeting = meetings.add(child, date(2026, 12, 3))
    notes.add_note(child, meeting, notes.parse_note("our own note"))
    assert children.catch_up(child).meetings[0] is meeting  # nothing new on disk: the same objects, nothing read
    other = children.load(child.record.path)  # another iepprep, with its own view of the record
    meetings.add(other, date(2027, 1, 5))
    children.catch_up(child)
    assert [m.date for m in child.meetings] == ["2026-12-03", "2027-01-05"]
    assert to_dict(child) == to_dict(children.load(child.record.path))
