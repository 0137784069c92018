"""A child's record as plain dataclasses, and the questions asked of it. `fold.apply` fills them in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from iepprep.dates import clock, describe_days, on_screen
from iepprep.record import Record
from iepprep.words import N_, _

if TYPE_CHECKING:
    from iepprep.state_iep import Iep, ProgressReport, Session

# The child's profile, in the order `child edit` walks it.
PROFILE_FIELDS: list[tuple[str, str]] = [
    ("name", N_("Child's name")),
    ("birth_date", N_("Date of birth")),
    ("school", N_("School")),
    ("grade", N_("Grade")),
    ("district", N_("School district")),
    ("parent_name", N_("Your name, for letters")),
    ("parent_phone", N_("Your phone")),
    ("parent_email", N_("Your email")),
    ("parent_address", N_("Your postal address")),
]
PROFILE_KEYS = {key for key, _ in PROFILE_FIELDS}

# The district people a parent most often needs, top of the list first in `child edit`.
CONTACT_ROLES: list[tuple[str, str]] = [
    ("case-manager", N_("Case manager")),
    ("program-specialist", N_("Program specialist")),
    ("director-of-special-education", N_("Director of Special Education")),
    ("assistant-superintendent", N_("Assistant superintendent")),
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


class Shelf(Protocol):
    """A meeting's notes not read yet, and what is known of them without reading them."""

    count: int  # notes, taken back or not
    open_actions: int  # action items not taken back nor marked done

    def peek(self) -> list[Note]:
        """Read the notes."""

    def take(self) -> list[Note]:
        """Read the notes, and make each findable by id."""


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
    attendees: list[Attendee] = field(default_factory=list)
    breaks: list[str] = field(default_factory=list)
    wrap_up: dict[str, str] = field(default_factory=dict)
    asked: set[str] = field(default_factory=set)
    in_written_iep: dict[str, str] = field(default_factory=dict)  # note id: yes, partly or no
    # The notes, once read. A meeting from a snapshot keeps them on a shelf until first asked for.
    read_notes: list[Note] = field(default_factory=list, repr=False)
    shelf: Shelf | None = field(default=None, repr=False, compare=False)

    @property
    def notes(self) -> list[Note]:
        """Every note of the meeting, in the order taken (read from the snapshot the first time)."""
        if self.shelf is not None:
            self.read_notes = self.shelf.take()
            self.shelf = None  # only once they were read: a read that failed leaves them on the shelf
        return self.read_notes

    @property
    def has_notes(self) -> bool:
        return bool(self.shelf.count if self.shelf is not None else self.read_notes)

    def notes_read_once(self) -> list[Note]:
        """The notes, for a reader that goes through every meeting once (an export): read from the
        shelf, not kept, so a whole record is never held in memory at once."""
        return self.shelf.peek() if self.shelf is not None else self.read_notes

    def live_notes(self, kind: str | None = None) -> list[Note]:
        return [n for n in self.notes if not n.retracted and (kind is None or n.kind == kind)]

    def open_actions(self) -> list[Note]:
        """Action items not marked done (a shelf knows how many without being read)."""
        if self.shelf is not None and not self.shelf.open_actions:
            return []
        return [n for n in self.live_notes("action") if not n.done]

    def days_from(self, today: dt.date) -> int | None:
        return (dt.date.fromisoformat(self.date) - today).days if self.date else None

    @property
    def day(self) -> str:
        """'Tue, Dec 8, 2026 at 3:30 PM', or 'not scheduled yet'."""
        if not self.date:
            return _("not scheduled yet")
        if self.time:
            return _("{day} at {time}").format(day=on_screen(self.date), time=clock(self.time))
        return on_screen(self.date)

    def when(self, today: dt.date | None) -> str:
        """The day, its time and how far away it is: 'Tue, Dec 8, 2026 at 3:30 PM (tomorrow)'. Without `today`
        (a paper read on later days), the day alone."""
        days = self.days_from(today) if today else None
        if not self.date:
            return _("not scheduled yet")
        said = self.day if days is None else f"{self.day} ({describe_days(days)})"
        return said + (" - " + _("cancelled") if self.cancelled else "")


# How an answer stands: given, skipped (still open), or a list begun and stopped part way (resumed there).
ANSWERED, SKIPPED, DRAFT = "answered", "skipped", "draft"
NO_NAME = "(no name on record)"


@dataclass
class Answer:
    """The latest answer to one checklist item for one meeting."""

    status: str  # answered, skipped or draft
    value: Any = None
    at: str = ""


AnswerKey = tuple[str, str, str]  # meeting id, checklist id, item id


DISAGREEMENT_KINDS: list[tuple[str, str]] = [
    ("evaluation", N_("the school's evaluation of your child")),
    ("services", N_("services or goals")),
    ("placement", N_("placement (where your child is taught)")),
    ("legal", N_("the district not following the IEP or the law")),
    ("other", N_("something else")),
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
    ieps: list[Iep] = field(default_factory=list)
    progress: list[ProgressReport] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    service_log_count: int = 0  # sessions logged and make-ups marked so far, in the record's order
    concerns_met: dict[str, str] = field(default_factory=dict)  # a concern: what in the IEP meets it ('' none)
    warnings: list[str] = field(default_factory=list)
    whole: bool = True  # False when only the head was read: profile, contacts and meetings, no notes
    # Every meeting, note, disagreement and step by its event id, kept by fold.apply.
    by_id: dict[str, Meeting | Note | Disagreement | Step | Iep | ProgressReport | Session] = field(
        default_factory=dict, repr=False
    )
    # Answers by (meeting id, checklist id), so one checklist's answers are found without a scan.
    answer_lists: dict[tuple[str, str], dict[str, Answer]] = field(default_factory=dict, repr=False)
    # For fold.apply: each amendable event's fields, and corrections that came before their target.
    sources: dict[str, tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=dict, repr=False)
    pending: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    pending_retractions: set[str] = field(default_factory=set, repr=False)

    def find(self, event_id: str) -> Meeting | Note | Disagreement | Step | Iep | ProgressReport | Session | None:
        """The object an event put on record, by the event's id, whatever its kind: when it is not found,
        it may be a note on a shelf, so every note is read. (A meeting, a disagreement or an IEP is never
        on a shelf: look those up by kind.)"""
        found = self.by_id.get(event_id)
        if found is None and any(m.shelf is not None for m in self.meetings):
            self.read_every_note()
            found = self.by_id.get(event_id)
        return found

    def read_every_note(self) -> None:
        for meeting in self.meetings:
            _ = meeting.notes

    def disagreement_by_id(self, disagreement_id: str) -> Disagreement | None:
        found = self.by_id.get(disagreement_id)
        return found if isinstance(found, Disagreement) else None

    def note_by_id(self, note_id: str) -> Note | None:
        found = self.find(note_id)
        return found if isinstance(found, Note) else None

    @property
    def name(self) -> str:
        return self.profile.get("name") or NO_NAME

    def iep_by_id(self, iep_id: str) -> Iep | None:
        from iepprep.state_iep import Iep

        found = self.by_id.get(iep_id)
        return found if isinstance(found, Iep) else None

    @property
    def ieps_in_order(self) -> list[Iep]:
        """The written IEPs on record, fully entered, by start date."""
        return sorted(
            (iep for iep in self.ieps if not iep.draft and not iep.retracted), key=lambda iep: (iep.start, iep.added)
        )

    def iep_draft(self) -> Iep | None:
        """The IEP whose entry was begun and not finished, if any."""
        return next((iep for iep in reversed(self.ieps) if iep.draft and not iep.retracted), None)

    def current_iep(self, today: dt.date) -> Iep | None:
        """The IEP in effect today: the latest to have started; else the first one on record."""
        ordered = self.ieps_in_order
        started = [iep for iep in ordered if iep.start <= today.isoformat()]
        return started[-1] if started else (ordered[0] if ordered else None)

    def meeting_by_id(self, meeting_id: str) -> Meeting | None:
        found = self.by_id.get(meeting_id)
        return found if isinstance(found, Meeting) else None

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
        return dict(self.answer_lists.get((meeting.id, checklist), {}))

    def prep_answer(self, meeting: Meeting, item: str) -> Any:
        """What the parent answered to an item of the `before` checklist for this meeting, or None."""
        answer = self.answers.get((meeting.id, "before", item))
        return answer.value if answer and answer.status == ANSWERED else None

    def prepared_questions(self, meeting: Meeting) -> list[str]:
        """The questions the parent wrote down while getting ready for this meeting."""
        answer = self.answers.get((meeting.id, "before", "questions"))
        value = answer.value if answer else None
        return [q for q in value if isinstance(q, str)] if isinstance(value, list) else []

    def earlier_answer(self, meeting: Meeting, checklist: str, item: str) -> Answer | None:
        """The answer given to `item` for the latest other meeting before this one."""
        order = self.meetings_in_order
        earlier = order[: order.index(meeting)] if meeting in order else order
        for other in reversed(earlier):
            answer = self.answers.get((other.id, checklist, item))
            if answer and answer.status == ANSWERED:
                return answer
        return None
