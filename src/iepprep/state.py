"""Fold a record's events, oldest first, into plain dataclasses."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from iepprep.dates import clock, describe_days, on_screen
from iepprep.errors import RecordDamaged
from iepprep.record import Contents, Event, Record

# The child's profile, in the order `child edit` walks it.
PROFILE_FIELDS: list[tuple[str, str]] = [
    ("name", "Child's name"),
    ("birth_date", "Date of birth"),
    ("school", "School"),
    ("grade", "Grade"),
    ("district", "School district"),
    ("parent_name", "Your name, for letters"),
    ("parent_phone", "Your phone"),
    ("parent_email", "Your email"),
    ("parent_address", "Your postal address"),
]
PROFILE_KEYS = {key for key, _ in PROFILE_FIELDS}

# The district people a parent most often needs, top of the list first in `child edit`.
CONTACT_ROLES: list[tuple[str, str]] = [
    ("case-manager", "Case manager"),
    ("program-specialist", "Program specialist"),
    ("director-of-special-education", "Director of Special Education"),
    ("assistant-superintendent", "Assistant superintendent"),
]
CONTACT_FIELDS = ("name", "email", "phone")


def role_label(role: str) -> str:
    return dict(CONTACT_ROLES).get(role, role)


@dataclass
class Contact:
    role: str
    name: str = ""
    email: str = ""
    phone: str = ""

    @property
    def label(self) -> str:
        return role_label(self.role)

    def is_empty(self) -> bool:
        return not (self.name or self.email or self.phone)


NOTE_KINDS = ("note", "question", "concern", "decision", "action", "disagree", "later")
IN_WRITTEN_IEP = ("yes", "partly", "no", "not for the IEP")
MISSING_FROM_IEP = ("partly", "no")
WRAP_UP_FIELDS = ("who", "what", "where", "when", "why")


@dataclass
class Note:
    id: str
    meeting: str
    kind: str
    text: str
    at: str
    who: str = ""
    due: str = ""
    retracted: bool = False
    done: str = ""  # for an action: the date it was marked done
    what: str = ""  # for an action: its words without @who and "by ..."

    @property
    def words(self) -> str:
        """What the note says, without an action's shorthand: the words a school may read."""
        if self.kind != "action":
            return self.text
        if self.what:
            return self.what
        from iepprep.actions import split_action

        return split_action(self.text).what or self.text

    @property
    def short_id(self) -> str:
        """The few characters a parent types to name this note (see `notes done`)."""
        return self.id[:7]


@dataclass
class Attendee:
    name: str
    role: str = ""


@dataclass
class Meeting:
    id: str
    date: str | None
    purpose: str = ""
    where: str = ""
    time: str = ""  # HH:MM, 24-hour; empty when not known
    cancelled: bool = False
    notes: list[Note] = field(default_factory=list)
    attendees: list[Attendee] = field(default_factory=list)
    breaks: list[str] = field(default_factory=list)
    wrap_up: dict[str, str] = field(default_factory=dict)
    asked: set[str] = field(default_factory=set)
    in_written_iep: dict[str, str] = field(default_factory=dict)  # note id: yes, partly or no

    def live_notes(self, kind: str | None = None) -> list[Note]:
        return [n for n in self.notes if not n.retracted and (kind is None or n.kind == kind)]

    def days_from(self, today: dt.date) -> int | None:
        return (dt.date.fromisoformat(self.date) - today).days if self.date else None

    @property
    def day(self) -> str:
        """'Tue, Dec 8, 2026 at 3:30 PM', or 'not scheduled yet'."""
        if not self.date:
            return "not scheduled yet"
        return on_screen(self.date) + (f" at {clock(self.time)}" if self.time else "")

    def when(self, today: dt.date) -> str:
        """The day, its time and how far away it is: 'Tue, Dec 8, 2026 at 3:30 PM (tomorrow)'."""
        days = self.days_from(today)
        if not self.date or days is None:
            return "not scheduled yet"
        return f"{self.day} ({describe_days(days)})" + (" - cancelled" if self.cancelled else "")


ANSWERED, SKIPPED = "answered", "skipped"
NO_NAME = "(no name on record)"


@dataclass
class Answer:
    """The latest answer to one checklist item for one meeting."""

    status: str  # answered or skipped
    value: Any = None
    at: str = ""


AnswerKey = tuple[str, str, str]  # meeting id, checklist id, item id


DISAGREEMENT_KINDS: list[tuple[str, str]] = [
    ("evaluation", "the school's evaluation of your child"),
    ("services", "services or goals"),
    ("placement", "placement (where your child is taught)"),
    ("legal", "the district not following the IEP or the law"),
    ("other", "something else"),
]
OUTCOMES = ("resolved", "partly", "not resolved", "waiting")
OPEN, RESOLVED = "open", "resolved"


@dataclass
class Step:
    id: str
    rung: str
    date: str
    outcome: str
    detail: str = ""


@dataclass
class Disagreement:
    id: str
    topic: str
    kind: str
    opened: str  # the date it was put on record
    meeting: str = ""  # the id of the meeting it came from
    known_date: str = ""  # when the parent first knew of it: due process counts from here
    violation: bool = False  # the district is not doing what the IEP or the law requires
    violation_date: str = ""  # when that happened (if ongoing, the latest time): a complaint counts from here
    ongoing: bool = False  # the violation is still going on
    status: str = OPEN
    strategies: list[str] = field(default_factory=list)  # conflict strategies tried
    steps: list[Step] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.status == OPEN

    @property
    def breaks_a_rule(self) -> bool:
        """Whether a state complaint fits: the district is not doing what the IEP or the law requires."""
        return self.violation or self.kind == "legal"

    @property
    def short_id(self) -> str:
        return self.id[:7]

    def waiting(self) -> list[Step]:
        return [step for step in self.steps if step.outcome == "waiting"]


@dataclass
class Child:
    record: Record
    profile: dict[str, str] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    meetings: list[Meeting] = field(default_factory=list)
    answers: dict[AnswerKey, Answer] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def disagreement_by_id(self, disagreement_id: str) -> Disagreement | None:
        return next((d for d in self.disagreements if d.id == disagreement_id), None)

    @property
    def name(self) -> str:
        return self.profile.get("name") or NO_NAME

    def meeting_by_id(self, meeting_id: str) -> Meeting | None:
        return next((m for m in self.meetings if m.id == meeting_id), None)

    @property
    def active_meetings(self) -> list[Meeting]:
        """Meetings that were not cancelled, by date."""
        return [m for m in self.meetings_in_order if not m.cancelled]

    def meeting_on(self, day: dt.date) -> Meeting | None:
        """The meeting on that day; one that was cancelled only when no other is on that day."""
        found = [m for m in self.meetings if m.date == day.isoformat()]
        return next((m for m in found if not m.cancelled), found[0] if found else None)

    def next_meeting(self, today: dt.date) -> Meeting | None:
        """The nearest meeting today or later."""
        upcoming = [m for m in self.active_meetings if m.date and m.date >= today.isoformat()]
        return min(upcoming, key=lambda m: (m.date or "", m.time), default=None)

    def last_meeting_held(self, today: dt.date) -> Meeting | None:
        """The latest meeting on or before today."""
        held = [m for m in self.active_meetings if m.date and m.date <= today.isoformat()]
        return held[-1] if held else None

    def unscheduled_meeting(self) -> Meeting | None:
        """The most recently added meeting that has no date yet."""
        return next((m for m in reversed(self.active_meetings) if m.date is None), None)

    @property
    def meetings_in_order(self) -> list[Meeting]:
        """Meetings by date, the ones not scheduled yet last."""
        return sorted(self.meetings, key=lambda m: (m.date is None, m.date or "", m.time))

    def answers_for(self, meeting: Meeting, checklist: str) -> dict[str, Answer]:
        return {
            item: answer
            for (meeting_id, listed, item), answer in self.answers.items()
            if meeting_id == meeting.id and listed == checklist
        }

    def earlier_answer(self, meeting: Meeting, checklist: str, item: str) -> Answer | None:
        """The answer given to `item` for the latest other meeting before this one."""
        order = self.meetings_in_order
        earlier = order[: order.index(meeting)] if meeting in order else order
        for other in reversed(earlier):
            answer = self.answers.get((other.id, checklist, item))
            if answer and answer.status == ANSWERED:
                return answer
        return None


_HH_MM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


class _BadEvent(Exception):
    """An event whose fields have the wrong shape; `fold` adds the file and line."""


def _text(event: Event, payload: dict[str, Any], key: str, required: bool = False) -> str:
    value = payload.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise _BadEvent(f"`{key}` of this {event.type} event should be text")
    return value


def _apply_profile(child: Child, event: Event, payload: dict[str, Any]) -> None:
    for key in PROFILE_KEYS & payload.keys():
        child.profile[key] = _text(event, payload, key)


def _apply_contact(child: Child, event: Event, payload: dict[str, Any]) -> None:
    role = _text(event, payload, "role", required=True)
    contact = Contact(role, *(_text(event, payload, key) for key in CONTACT_FIELDS))
    if contact.is_empty():
        child.contacts.pop(role, None)
    else:
        child.contacts[role] = contact


def _apply_meeting(child: Child, event: Event, payload: dict[str, Any]) -> None:
    day = _text(event, payload, "date") or None
    if day is not None:
        try:
            dt.date.fromisoformat(day)
        except ValueError:
            raise _BadEvent(f"this meeting's date '{day}' is not a date") from None
    time = _text(event, payload, "time")
    if time and not _HH_MM.fullmatch(time):
        raise _BadEvent(f"this meeting's time '{time}' is not a time of day")
    child.meetings.append(
        Meeting(
            id=event.id,
            date=day,
            purpose=_text(event, payload, "purpose"),
            where=_text(event, payload, "where"),
            time=time,
            cancelled=_flag(event, payload, "cancelled"),
        )
    )


def _apply_answer(child: Child, event: Event, payload: dict[str, Any]) -> None:
    key = tuple(_text(event, payload, name, required=True) for name in ("meeting", "checklist", "item"))
    status = _text(event, payload, "status", required=True)
    if status not in (ANSWERED, SKIPPED):
        raise _BadEvent(f"'{status}' is not a status an answer can have")
    child.answers[key] = Answer(status, payload.get("value"), event.data["at"])  # type: ignore[index]


def _meeting_of(child: Child, event: Event, payload: dict[str, Any]) -> Meeting:
    meeting = child.meeting_by_id(_text(event, payload, "meeting", required=True))
    if meeting is None:
        raise _BadEvent(f"this {event.type} names a meeting that is not on record")
    return meeting


def _apply_note(child: Child, event: Event, payload: dict[str, Any]) -> None:
    meeting = _meeting_of(child, event, payload)
    kind = _text(event, payload, "kind", required=True)
    if kind not in NOTE_KINDS:
        raise _BadEvent(f"'{kind}' is not a kind of note")
    meeting.notes.append(
        Note(
            id=event.id,
            meeting=meeting.id,
            kind=kind,
            text=_text(event, payload, "text", required=True),
            at=event.data["at"],
            who=_text(event, payload, "who"),
            due=_date_text(event, payload, "due"),
            retracted=bool(payload.get(RETRACTED)),
            what=_text(event, payload, "what"),
        )
    )


def _apply_attendee(child: Child, event: Event, payload: dict[str, Any]) -> None:
    meeting = _meeting_of(child, event, payload)
    meeting.attendees.append(Attendee(_text(event, payload, "name", required=True), _text(event, payload, "role")))


def _apply_break(child: Child, event: Event, payload: dict[str, Any]) -> None:
    _meeting_of(child, event, payload).breaks.append(event.data["at"])


def _apply_wrap_up(child: Child, event: Event, payload: dict[str, Any]) -> None:
    meeting = _meeting_of(child, event, payload)
    part = _text(event, payload, "part", required=True)
    if part not in WRAP_UP_FIELDS:
        raise _BadEvent(f"'{part}' is not part of a wrap-up")
    meeting.wrap_up[part] = _text(event, payload, "text")


def _note_of(child: Child, event: Event, payload: dict[str, Any]) -> Note:
    note_id = _text(event, payload, "note", required=True)
    for meeting in child.meetings:
        for note in meeting.notes:
            if note.id == note_id:
                return note
    raise _BadEvent(f"this {event.type} names a note that is not on record")


def _apply_done(child: Child, event: Event, payload: dict[str, Any]) -> None:
    _note_of(child, event, payload).done = str(event.data["at"])[:10]


def _apply_iep_check(child: Child, event: Event, payload: dict[str, Any]) -> None:
    note = _note_of(child, event, payload)
    answer = _text(event, payload, "answer", required=True)
    if answer not in IN_WRITTEN_IEP:
        raise _BadEvent(f"'{answer}' is not an answer to whether a note is in the written IEP")
    meeting = child.meeting_by_id(note.meeting)
    if meeting is not None:
        meeting.in_written_iep[note.id] = answer


def _apply_asked(child: Child, event: Event, payload: dict[str, Any]) -> None:
    _meeting_of(child, event, payload).asked.add(_text(event, payload, "question", required=True))


def _date_text(event: Event, payload: dict[str, Any], key: str) -> str:
    value = _text(event, payload, key)
    if value:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise _BadEvent(f"`{key}` '{value}' is not a date") from None
    return value


def _flag(event: Event, payload: dict[str, Any], key: str) -> bool:
    value = payload.get(key, False)
    if not isinstance(value, bool):
        raise _BadEvent(f"`{key}` of this {event.type} event should be true or false")
    return value


def _apply_disagreement(child: Child, event: Event, payload: dict[str, Any]) -> None:
    kind = _text(event, payload, "kind", required=True)
    if kind not in dict(DISAGREEMENT_KINDS):
        raise _BadEvent(f"'{kind}' is not a kind of disagreement")
    status = _text(event, payload, "status") or OPEN
    if status not in (OPEN, RESOLVED):
        raise _BadEvent(f"'{status}' is not a status a disagreement can have")
    child.disagreements.append(
        Disagreement(
            id=event.id,
            topic=_text(event, payload, "topic", required=True),
            kind=kind,
            opened=str(event.data["at"])[:10],
            meeting=_text(event, payload, "meeting"),
            known_date=_date_text(event, payload, "known_date"),
            violation=_flag(event, payload, "violation"),
            violation_date=_date_text(event, payload, "violation_date"),
            ongoing=_flag(event, payload, "ongoing"),
            status=status,
        )
    )


def _disagreement_of(child: Child, event: Event, payload: dict[str, Any]) -> Disagreement:
    found = child.disagreement_by_id(_text(event, payload, "disagreement", required=True))
    if found is None:
        raise _BadEvent(f"this {event.type} names a disagreement that is not on record")
    return found


def _apply_strategy(child: Child, event: Event, payload: dict[str, Any]) -> None:
    _disagreement_of(child, event, payload).strategies.append(_text(event, payload, "strategy", required=True))


def _apply_step(child: Child, event: Event, payload: dict[str, Any]) -> None:
    outcome = _text(event, payload, "outcome", required=True)
    if outcome not in OUTCOMES:
        raise _BadEvent(f"'{outcome}' is not an outcome a step can have")
    _disagreement_of(child, event, payload).steps.append(
        Step(
            id=event.id,
            rung=_text(event, payload, "rung", required=True),
            date=_date_text(event, payload, "date") or str(event.data["at"])[:10],
            outcome=outcome,
            detail=_text(event, payload, "detail"),
        )
    )


Handler = Callable[[Child, Event, "dict[str, Any]"], None]
HANDLERS: dict[str, Handler] = {
    "record": lambda child, event, payload: None,
    "profile": _apply_profile,
    "contact": _apply_contact,
    "meeting": _apply_meeting,
    "answer": _apply_answer,
    "note": _apply_note,
    "attendee": _apply_attendee,
    "break": _apply_break,
    "wrap-up": _apply_wrap_up,
    "question-asked": _apply_asked,
    "disagreement": _apply_disagreement,
    "strategy": _apply_strategy,
    "step": _apply_step,
    "action-done": _apply_done,
    "iep-check": _apply_iep_check,
}
CORRECTIONS = ("amend", "retract")
KEPT_WHEN_RETRACTED = ("note",)  # shown, marked, by `notes show --all`
RETRACTED = "retracted"


def fold(record: Record, contents: Contents) -> Child:
    """The current state of a record. Amendments and retractions apply to the event they name."""
    child = Child(record=record, warnings=list(contents.warnings))
    amendments: dict[str, dict[str, Any]] = {}
    retracted: set[str] = set()
    for event in contents.events:
        if event.type not in HANDLERS and event.type not in CORRECTIONS:
            raise RecordDamaged(
                f"{record.path}:{event.line}: iepprep does not know events of type "
                f"'{event.type}'; it may need updating."
            )
        target = event.data.get("target")
        if event.type in CORRECTIONS and not isinstance(target, str):
            raise RecordDamaged(f"{record.path}:{event.line}: this {event.type} names no target.")
        if event.type == "amend":
            changes = event.data.get("changes")
            if not isinstance(changes, dict):
                raise RecordDamaged(f"{record.path}:{event.line}: this amend holds no changes.")
            amendments.setdefault(str(target), {}).update(changes)
        elif event.type == "retract":
            retracted.add(str(target))
    for event in contents.events:
        if event.type in CORRECTIONS:
            continue
        payload = {**event.data, **amendments.get(event.id, {})}
        if event.id in retracted:
            if event.type not in KEPT_WHEN_RETRACTED:
                continue
            payload[RETRACTED] = True
        try:
            HANDLERS[event.type](child, event, payload)
        except _BadEvent as problem:
            raise RecordDamaged(
                f"{record.path}:{event.line}: {problem}; iepprep will not write to this record until the file is fixed."
            ) from None
    return child
