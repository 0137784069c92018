"""The one code that changes a child's state: `apply(child, event)`.

Folding a record applies its events, oldest first; saving an event appends it
to the record and applies the very event that was written. So memory and file
can never disagree: the state after `save` is the state the next command reads.

An amendment names the event it corrects and the fields it changes; a
retraction takes a note back (it stays, marked). Either may, in a hand-edited
record, come before the event it names: it is kept until that event arrives.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from iepprep.errors import RecordDamaged
from iepprep.record import Contents, Event, Record
from iepprep.state import (
    ANSWERED,
    CONTACT_FIELDS,
    DISAGREEMENT_KINDS,
    DRAFT,
    IN_WRITTEN_IEP,
    NOTE_KINDS,
    OPEN,
    OUTCOMES,
    PROFILE_KEYS,
    RESOLVED,
    SKIPPED,
    WRAP_UP_FIELDS,
    Answer,
    Attendee,
    Child,
    Contact,
    Disagreement,
    Meeting,
    Note,
    Step,
)
from iepprep.words import _

if TYPE_CHECKING:
    from iepprep.state_iep import Goal, Iep, ProgressReport, Service, Session

CORRECTIONS = ("amend", "retract")
_HH_MM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


class BadEvent(Exception):
    """An event whose fields have the wrong shape; `fold` adds the file and line."""


@dataclass(frozen=True)
class _Event:
    """An event's fields, and those an amendment changed (`payload`)."""

    data: dict[str, Any]
    payload: dict[str, Any]

    @property
    def type(self) -> str:
        return str(self.data["event"])

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def day(self) -> str:
        return str(self.data["at"])[:10]

    def text(self, key: str, required: bool = False) -> str:
        value = self.payload.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            raise BadEvent(_("`{key}` of this {type} event should be text").format(key=key, type=self.type))
        return value

    def date(self, key: str) -> str:
        value = self.text(key)
        if value:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise BadEvent(_("`{key}` '{value}' is not a date").format(key=key, value=value)) from None
        return value

    def flag(self, key: str) -> bool:
        value = self.payload.get(key, False)
        if not isinstance(value, bool):
            raise BadEvent(_("`{key}` of this {type} event should be true or false").format(key=key, type=self.type))
        return value

    def texts(self, key: str) -> list[str]:
        value = self.payload.get(key) or []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise BadEvent(_("`{key}` of this {type} event should be a list of text").format(key=key, type=self.type))
        return list(value)

    def dates(self, key: str) -> list[str]:
        found = self.texts(key)
        for value in found:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise BadEvent(_("`{key}` '{value}' is not a date").format(key=key, value=value)) from None
        return found

    def number(self, key: str, default: int | None = None) -> int:
        value = self.payload.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise BadEvent(_("`{key}` of this {type} event should be a whole number").format(key=key, type=self.type))
        return value

    def parts(self, key: str) -> list[_Event]:
        """A list of small objects (an IEP's goals or services), each read like an event of its own."""
        value = self.payload.get(key) or []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise BadEvent(_("`{key}` of this {type} event should be a list").format(key=key, type=self.type))
        return [_Event({**self.data, **item}, item) for item in value]

    def one_of(self, key: str, allowed: tuple[str, ...] | list[str], what: str, default: str = "") -> str:
        value = self.text(key, required=not default) or default
        if value not in allowed:
            raise BadEvent(_("'{value}' is not {what}").format(value=value, what=what))
        return value


# -- building each kind of object from its event ---------------------------------------


def _meeting(event: _Event) -> Meeting:
    day = event.date("date") or None
    time = event.text("time")
    if time and not _HH_MM.fullmatch(time):
        raise BadEvent(_("this meeting's time '{time}' is not a time of day").format(time=time))
    return Meeting(
        id=event.id,
        date=day,
        purpose=event.text("purpose"),
        where=event.text("where"),
        time=time,
        cancelled=event.flag("cancelled"),
    )


def _note(event: _Event) -> Note:
    return Note(
        id=event.id,
        meeting=event.text("meeting", required=True),
        kind=event.one_of("kind", NOTE_KINDS, "a kind of note"),
        text=event.text("text", required=True),
        at=str(event.data["at"]),
        who=event.text("who"),
        due=event.date("due"),
        what=event.text("what"),
    )


def _disagreement(event: _Event) -> Disagreement:
    return Disagreement(
        id=event.id,
        topic=event.text("topic", required=True),
        kind=event.one_of("kind", [key for key, _ in DISAGREEMENT_KINDS], "a kind of disagreement"),
        opened=event.day,
        meeting=event.text("meeting"),
        known_date=event.date("known_date"),
        violation=event.flag("violation"),
        violation_date=event.date("violation_date"),
        ongoing=event.flag("ongoing"),
        status=event.one_of("status", (OPEN, RESOLVED), "a status a disagreement can have", OPEN),
    )


def _step(event: _Event) -> Step:
    return Step(
        id=event.id,
        rung=event.text("rung", required=True),
        date=event.date("date") or event.day,
        outcome=event.one_of("outcome", OUTCOMES, "an outcome a step can have"),
        detail=event.text("detail"),
    )


def _goal(part: _Event) -> Goal:
    from iepprep.state_iep import Goal

    return Goal(
        area=part.text("area", required=True),
        target=part.text("target", required=True),
        baseline=part.text("baseline"),
        measured=part.text("measured"),
        reported=part.text("reported"),
    )


def _service(part: _Event) -> Service:
    from iepprep.state_iep import PER, Service

    return Service(
        name=part.text("name", required=True),
        minutes=part.number("minutes"),
        times=part.number("times", 1),
        per=part.one_of("per", PER, "how often a service can come", "week"),
        setting=part.text("setting"),
        provider=part.text("provider"),
        start=part.date("start"),
        end=part.date("end"),
    )


def _iep(event: _Event) -> Iep:
    from iepprep.state_iep import IEP_PARTS, Iep

    return Iep(
        id=event.id,
        start=event.date("start"),
        end=event.date("end"),
        added=str(event.data["at"]),
        draft=event.flag("draft"),
        walked=[part for part in event.texts("walked") if part in IEP_PARTS],
        eligibility=event.text("eligibility"),
        last_evaluation=event.date("last_evaluation"),
        progress_reports=event.text("progress_reports"),
        progress_dates=event.dates("progress_dates"),
        goals=[_goal(part) for part in event.parts("goals")],
        services=[_service(part) for part in event.parts("services")],
        accommodations=event.texts("accommodations"),
        modifications=event.texts("modifications"),
        placement=event.text("placement"),
        general_education=event.text("general_education"),
        extended_school_year=event.text("extended_school_year"),
        transition=event.texts("transition"),
    )


def _progress(event: _Event) -> ProgressReport:
    from iepprep.state_iep import RATINGS, ProgressReport, Rating

    ratings = []
    for part in event.parts("ratings"):
        number = part.number("goal")
        if number < 1:
            raise BadEvent(_("this progress report rates a goal the IEP does not have"))
        rating = part.one_of("rating", [key for key, _ in RATINGS], "a rating of progress")
        ratings.append(Rating(number, rating, part.text("comment")))
    return ProgressReport(event.id, event.text("iep", required=True), event.date("date") or event.day, ratings)


def _session(event: _Event) -> Session:
    from iepprep.state_iep import Session

    return Session(
        id=event.id,
        iep=event.text("iep", required=True),
        service=event.text("service", required=True),
        date=event.date("date") or event.day,
        minutes=event.number("minutes", 0),
        missed=event.text("missed"),
        made_up=event.date("made_up"),
        closed=event.flag("closed"),
    )


# Every field of an IEP's file, in the order `iep show --format yaml` prints them.
IEP_FILE_FIELDS = (
    "start",
    "end",
    "eligibility",
    "last_evaluation",
    "progress_reports",
    "progress_dates",
    "goals",
    "services",
    "accommodations",
    "modifications",
    "placement",
    "general_education",
    "extended_school_year",
    "transition",
)
IEP_FIELDS = ("draft", "walked", *IEP_FILE_FIELDS)  # what an amendment may change on an IEP


# What an amendment may change on each kind of object; anything else an object holds
# (its notes, whether an action is done, whether a note was taken back) is its own.
BUILDERS: dict[str, tuple[Callable[[_Event], Any], tuple[str, ...]]] = {
    "meeting": (_meeting, ("date", "purpose", "where", "time", "cancelled")),
    "note": (_note, ("kind", "text", "who", "due", "what")),
    "disagreement": (
        _disagreement,
        ("topic", "kind", "meeting", "known_date", "violation", "violation_date", "ongoing", "status"),
    ),
    "step": (_step, ("rung", "date", "outcome", "detail")),
    "iep": (_iep, IEP_FIELDS),
    "progress": (_progress, ("date", "ratings")),
    "service-session": (_session, ("date", "minutes", "missed", "made_up", "closed")),
}


# -- putting each event into the child's state ------------------------------------------


T = TypeVar("T", Meeting, Note, Disagreement)


def _named(child: Child, event: _Event, field_name: str, kind: type[T]) -> T:
    """The meeting, note or disagreement an event names by id, or BadEvent saying it is not on record."""
    wanted = event.text(field_name, required=True)
    found = child.find(wanted) if kind is Note else child.by_id.get(wanted)  # only notes are ever on a shelf
    if not isinstance(found, kind):
        raise BadEvent(
            _("this {type} names a {field_name} that is not on record").format(type=event.type, field_name=field_name)
        )
    return found


def _meeting_of(child: Child, event: _Event) -> Meeting:
    return _named(child, event, "meeting", Meeting)


def _note_of(child: Child, event: _Event) -> Note:
    return _named(child, event, "note", Note)


def _disagreement_of(child: Child, event: _Event) -> Disagreement:
    return _named(child, event, "disagreement", Disagreement)


def _put_profile(child: Child, event: _Event) -> None:
    for key in PROFILE_KEYS & event.payload.keys():
        child.profile[key] = event.text(key)


def _put_contact(child: Child, event: _Event) -> None:
    role = event.text("role", required=True)
    contact = Contact(role, *(event.text(key) for key in CONTACT_FIELDS))
    if contact.is_empty():
        child.contacts.pop(role, None)
    else:
        child.contacts[role] = contact


def _put_meeting(child: Child, event: _Event) -> None:
    meeting = _meeting(event)
    child.meetings.append(meeting)
    child.by_id[meeting.id] = meeting


def _put_answer(child: Child, event: _Event) -> None:
    meeting, checklist, item = (event.text(name, required=True) for name in ("meeting", "checklist", "item"))
    status = event.one_of("status", (ANSWERED, SKIPPED, DRAFT), "a status an answer can have")
    answer = Answer(status, event.payload.get("value"), str(event.data["at"]))
    child.answers[(meeting, checklist, item)] = answer
    child.answer_lists.setdefault((meeting, checklist), {})[item] = answer


def _put_note(child: Child, event: _Event) -> None:
    note = _note(event)
    _meeting_of(child, event).notes.append(note)
    child.by_id[note.id] = note


def _put_attendee(child: Child, event: _Event) -> None:
    _meeting_of(child, event).attendees.append(Attendee(event.text("name", required=True), event.text("role")))


def _put_break(child: Child, event: _Event) -> None:
    _meeting_of(child, event).breaks.append(str(event.data["at"]))


def _put_wrap_up(child: Child, event: _Event) -> None:
    meeting = _meeting_of(child, event)
    meeting.wrap_up[event.one_of("part", WRAP_UP_FIELDS, "part of a wrap-up")] = event.text("text")


def _put_asked(child: Child, event: _Event) -> None:
    _meeting_of(child, event).asked.add(event.text("question", required=True))


def _put_done(child: Child, event: _Event) -> None:
    _note_of(child, event).done = event.day


def _put_iep_check(child: Child, event: _Event) -> None:
    note = _note_of(child, event)
    answer = event.one_of("answer", IN_WRITTEN_IEP, "an answer to whether a note is in the written IEP")
    meeting = child.meeting_by_id(note.meeting)
    if meeting is not None:
        meeting.in_written_iep[note.id] = answer


def _put_disagreement(child: Child, event: _Event) -> None:
    disagreement = _disagreement(event)
    child.disagreements.append(disagreement)
    child.by_id[disagreement.id] = disagreement


def _put_strategy(child: Child, event: _Event) -> None:
    _disagreement_of(child, event).strategies.append(event.text("strategy", required=True))


def _put_step(child: Child, event: _Event) -> None:
    step = _step(event)
    _disagreement_of(child, event).steps.append(step)
    child.by_id[step.id] = step


def _iep_of(child: Child, event: _Event) -> Iep:
    from iepprep.state_iep import Iep

    found = child.by_id.get(event.text("iep", required=True))
    if not isinstance(found, Iep):
        raise BadEvent(_("this {type} names an IEP that is not on record").format(type=event.type))
    return found


def _put_iep(child: Child, event: _Event) -> None:
    iep = _iep(event)
    child.ieps.append(iep)
    child.by_id[iep.id] = iep


def _put_progress(child: Child, event: _Event) -> None:
    _iep_of(child, event)
    report = _progress(event)
    child.progress.append(report)
    child.by_id[report.id] = report


def _put_session(child: Child, event: _Event) -> None:
    _iep_of(child, event)
    session = _session(event)
    child.service_log_count += 1
    session.order = child.service_log_count
    child.sessions.append(session)
    child.by_id[session.id] = session


def _put_made_up(child: Child, event: _Event) -> None:
    """A missed session marked made up on a day (or, with no day, the mark taken back)."""
    from iepprep.state_iep import Session

    session = child.by_id.get(event.text("session", required=True))
    if not isinstance(session, Session) or not session.missed:
        raise BadEvent(_("this made-up names a missed session that is not on record"))
    session.made_up = event.date("date")
    child.service_log_count += 1
    session.made_up_order = child.service_log_count if session.made_up else 0


def _put_concern(child: Child, event: _Event) -> None:
    child.concerns_met[event.text("concern", required=True)] = event.text("met_by")


HANDLERS: dict[str, Callable[[Child, _Event], None]] = {
    "record": lambda child, event: None,
    "profile": _put_profile,
    "contact": _put_contact,
    "meeting": _put_meeting,
    "answer": _put_answer,
    "note": _put_note,
    "attendee": _put_attendee,
    "break": _put_break,
    "wrap-up": _put_wrap_up,
    "question-asked": _put_asked,
    "disagreement": _put_disagreement,
    "strategy": _put_strategy,
    "step": _put_step,
    "action-done": _put_done,
    "iep-check": _put_iep_check,
    "iep": _put_iep,
    "progress": _put_progress,
    "service-session": _put_session,
    "concern-check": _put_concern,
    "made-up": _put_made_up,
}
KNOWN = frozenset(HANDLERS) | frozenset(CORRECTIONS)
# Kinds whose objects hold every field their event gave, so an amendment rebuilds them from the object.
REBUILT = frozenset({"note", "service-session"})


# -- the one way state changes -------------------------------------------------------------


def unknown_event(record: Record, kind: str, line: int) -> RecordDamaged:
    """The sentence for an event iepprep does not know, said wherever it is found."""
    return RecordDamaged(f"{record.path}:{line}: {_unknown(kind)}")


def _unknown(kind: str) -> str:
    return f"iepprep does not know events of type '{kind}'; it may need updating"


def apply(child: Child, data: dict[str, Any]) -> None:
    """Fold one event into the child's state (BadEvent when its fields have the wrong shape)."""
    kind = str(data.get("event"))
    if kind not in KNOWN:
        raise BadEvent(_unknown(kind))
    if kind in CORRECTIONS:
        _correct(child, kind, data)
        return
    event_id = str(data["id"])
    payload = {**data, **child.pending.pop(event_id, {})}
    HANDLERS[kind](child, _Event(data, payload))
    if event_id in child.pending_retractions:
        child.pending_retractions.discard(event_id)
        _retract(child, event_id)
    if kind in BUILDERS and kind not in REBUILT:
        child.sources[event_id] = (data, payload)


def _correct(child: Child, kind: str, data: dict[str, Any]) -> None:
    target = data.get("target")
    if not isinstance(target, str):
        raise BadEvent(_("this {kind} names no target").format(kind=kind))
    if kind == "retract":
        if child.find(target) is not None:
            _retract(child, target)
        else:
            child.pending_retractions.add(target)
        return
    changes = data.get("changes")
    if not isinstance(changes, dict):
        raise BadEvent(_("this amend holds no changes"))
    current = child.find(target)
    if current is None:
        child.pending.setdefault(target, {}).update(changes)
        return
    original, payload = child.sources.get(target) or _fields_of(current)
    merged = {**payload, **changes}
    build, fields = BUILDERS[str(original["event"])]
    rebuilt = build(_Event(original, merged))
    for name in fields:
        setattr(current, name, getattr(rebuilt, name))
    if str(original["event"]) not in REBUILT:
        child.sources[target] = (original, merged)


def _fields_of(found: object) -> tuple[dict[str, Any], dict[str, Any]]:
    """A note's or a session's event, as the fold would read it now: their fields are the event's own, so
    the fold keeps no copy of the (many) events behind them."""
    from iepprep.state_iep import Session

    fields: tuple[str, ...]
    if isinstance(found, Note):
        data = {"event": "note", "id": found.id, "at": found.at}
        fields = ("meeting", "kind", "text", "who", "due", "what")
    elif isinstance(found, Session):
        data = {"event": "service-session", "id": found.id, "at": found.date}
        fields = ("iep", "service", "date", "minutes", "missed", "made_up", "closed")
    else:
        raise BadEvent(_("this amend names something that cannot be changed"))
    payload = {**data, **{name: getattr(found, name) for name in fields}}
    return data, payload


def _retract(child: Child, target: str) -> None:
    from iepprep.state_iep import Iep, Session

    found = child.find(target)
    if not isinstance(found, (Note, Session, Iep)):
        raise BadEvent(_("only a note, a logged session or an IEP being entered can be taken back"))
    found.retracted = True


def fold(record: Record, contents: Contents) -> Child:
    """The current state of a record: every event applied, oldest first."""
    child = Child(record=record, warnings=list(contents.warnings))
    fold_onto(child, contents.events)
    return child


def fold_onto(child: Child, events: list[Event]) -> None:
    """Apply events, oldest first, to a state (a new one, or a snapshot's); a wrong one names its line."""
    for event in events:
        if event.data.get("event") not in KNOWN:
            raise unknown_event(child.record, str(event.data.get("event")), event.line)
        try:
            apply(child, event.data)
        except BadEvent as problem:
            raise RecordDamaged(
                _("{path}:{line}: {problem}; iepprep will not write to this record until the file is fixed.").format(
                    path=child.record.path, line=event.line, problem=problem
                )
            ) from None


def save(child: Child, event_type: str, /, **fields: Any) -> dict[str, Any]:
    """Append one event to the child's record and apply it: the one way iepprep changes a record."""
    return save_many(child, [(event_type, fields)])[0]


def save_many(child: Child, events: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Append several events in one write, then apply each. (A crash during that write can keep the
    first of them and cut the last short; the cut one is set aside, never read as whole.)"""
    written = child.record.append_many(events)
    for data in written:
        apply(child, data)
    return written
