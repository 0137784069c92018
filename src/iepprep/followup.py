"""Following through: what carries over from the last meeting, the open action items,
marking one done, and checking that what was agreed made it into the written IEP."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from iepprep.children import catch_up
from iepprep.dates import on_screen
from iepprep.errors import IepprepError
from iepprep.fold import save
from iepprep.state import MISSING_FROM_IEP, Child, Meeting, Note
from iepprep.words import _


@dataclass
class CarryOver:
    """What the last meeting left open: to come back to, actions not done, questions not asked."""

    source: Meeting | None = None
    later: list[Note] = field(default_factory=list)
    open_actions: list[Note] = field(default_factory=list)
    unasked: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.later or self.open_actions or self.unasked)


def previous_meeting(child: Child, meeting: Meeting) -> Meeting | None:
    """The meeting before this one that has notes or prepared questions."""
    order = child.meetings_in_order
    earlier = order[: order.index(meeting)] if meeting in order else order
    return next((m for m in reversed(earlier) if m.has_notes or child.prepared_questions(m)), None)


def carry_over(child: Child, meeting: Meeting) -> CarryOver:
    source = previous_meeting(child, meeting)
    if source is None:
        return CarryOver()
    return CarryOver(
        source=source,
        later=source.live_notes("later"),
        open_actions=source.open_actions(),
        unasked=[q for q in child.prepared_questions(source) if q not in source.asked],
    )


def open_actions(child: Child, today: date) -> list[Note]:
    """Every action item not done yet: overdue first, then by due date, then those with no date."""
    found = [note for m in child.meetings for note in m.open_actions()]
    today_text = today.isoformat()
    return sorted(found, key=lambda n: (not (n.due and n.due < today_text), not n.due, n.due, n.at))


def is_overdue(note: Note, today: date) -> bool:
    return bool(note.due) and note.due < today.isoformat()


def find_action(child: Child, typed: str) -> Note:
    """The action item whose id starts with what the parent typed."""
    wanted = typed.strip().lower()
    if len(wanted) < 3:
        raise IepprepError(_("Please type at least the first 3 characters of the action's id, as status shows it."))
    matches = [n for m in child.meetings for n in m.live_notes("action") if n.id.startswith(wanted)]
    if not matches:
        raise IepprepError(
            _("No action item's id starts with '{typed}'; iepprep status lists them with their ids.").format(
                typed=typed
            )
        )
    if len(matches) > 1:
        raise IepprepError(
            _("Several action items' ids start with '{typed}'; type a few more characters.").format(typed=typed)
        )
    return matches[0]


def change_action(child: Child, note: Note, what: str | None, who: str | None, due: date | None) -> list[str]:
    """Correct an action's words, who does it, or its due date; saved as one amendment to the note."""
    changes: dict[str, str] = {}
    if what is not None and what.strip() and what != note.words:
        changes["what"] = what.strip()
    if who is not None and who.strip() != note.who:
        changes["who"] = who.strip()
    if due is not None and due.isoformat() != note.due:
        changes["due"] = due.isoformat()
    if changes:
        save(child, "amend", target=note.id, changes=changes)
    return sorted(changes)


def mark_done(child: Child, note: Note) -> Note:
    """Mark an action done, unless it already is: decided under the record's lock on what it holds then."""
    with child.record.locked():
        catch_up(child)
        now = child.note_by_id(note.id) or note
        if now.done:
            raise IepprepError(_("That action was already marked done on {day}.").format(day=on_screen(now.done)))
        save(child, "action-done", note=note.id)
    return child.note_by_id(note.id) or note


def promised(meeting: Meeting) -> list[Note]:
    """What was agreed in the room: the meeting's decisions and actions, in order."""
    return [note for note in meeting.live_notes() if note.kind in ("decision", "action")]


_IEP_WORDS = {
    "y": "yes",
    "yes": "yes",
    "p": "partly",
    "partly": "partly",
    "sí": "yes",
    "si": "yes",
    "en parte": "partly",
    "no": "no",
    "n": "no",
    "m": "not for the IEP",  # mine (or mío): the parent's own to-do
    "mine": "not for the IEP",
    "not for the iep": "not for the IEP",
    "/skip": "",
    "": "",
}


def in_written_iep(text: str) -> str:
    """An answer to whether something is in the written IEP; '' to skip it."""
    word = " ".join(text.strip().casefold().split())
    if word in _IEP_WORDS:
        return _IEP_WORDS[word]
    raise IepprepError(
        _("Please answer yes, partly, no, or m for mine (one of your own to-dos, not for the IEP); Enter skips.")
    )


def record_check(child: Child, note: Note, answer: str) -> None:
    """Whether a decision or action is in the written IEP; an empty answer leaves it as it was."""
    meeting = child.meeting_by_id(note.meeting)
    if answer and meeting is not None and answer != meeting.in_written_iep.get(note.id):
        save(child, "iep-check", note=note.id, answer=answer)


def missing_from_iep(meeting: Meeting) -> list[Note]:
    """What was agreed but is missing from the written IEP, or only partly there."""
    return [note for note in promised(meeting) if meeting.in_written_iep.get(note.id) in MISSING_FROM_IEP]
