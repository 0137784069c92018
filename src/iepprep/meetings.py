"""Meetings: putting one on record, changing it, and the one place that decides which meeting a
command is about. A meeting is known by its date; without one, each job has its own sensible default."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import Enum

from iepprep.children import catch_up
from iepprep.dates import as_typed, on_screen
from iepprep.errors import IepprepError
from iepprep.fold import save
from iepprep.state import Child, Meeting
from iepprep.words import _


class For(Enum):
    """What a command wants a meeting for, when no date is given."""

    GETTING_READY = "the next meeting, or the one not scheduled yet"
    NOTES = "today's, or the next one"
    READING_NOTES = "today's or the next one if it has notes, else the latest with notes"
    LOOKING_BACK = "the last one held, or else the next one"
    HELD = "the last one held"


def add(child: Child, day: date | None, purpose: str = "", where: str = "", time: str = "") -> Meeting:
    """Put a meeting on record. A date given while a meeting waits for one goes to that meeting.

    Decided under the record's lock on what the record holds then, so two at once make one meeting.
    """
    with child.record.locked():
        catch_up(child)
        return _add(child, day, purpose, where, time)


def _add(child: Child, day: date | None, purpose: str, where: str, time: str) -> Meeting:
    if day and _active_on(child, day):
        raise IepprepError(
            _("A meeting on {day} is already on record for {child}.").format(day=on_screen(day), child=child.name)
        )
    waiting = child.unscheduled_meeting() if day else None
    if waiting:
        changes = {"date": day.isoformat()} if day else {}
        changes.update({k: v for k, v in (("purpose", purpose), ("where", where), ("time", time)) if v})
        return _change(child, waiting, changes)
    fields = {"date": day.isoformat() if day else None, "purpose": purpose, "where": where}
    if time:
        fields["time"] = time
    event = save(child, "meeting", **fields)
    return _saved(child, str(event["id"]))


def change(child: Child, meeting: Meeting, changes: Mapping[str, object]) -> Meeting:
    """Move, retime, rename or cancel a meeting. Its answers and notes stay attached: they name its id.

    Decided under the record's lock on what the record holds then.
    """
    with child.record.locked():
        catch_up(child)
        return _change(child, _saved(child, meeting.id), changes)


def _change(child: Child, meeting: Meeting, changes: Mapping[str, object]) -> Meeting:
    new_day = changes.get("date")
    if isinstance(new_day, str) and new_day != meeting.date:
        other = _active_on(child, date.fromisoformat(new_day))
        if other is not None and other is not meeting:
            raise IepprepError(
                _("A meeting on {day} is already on record for {child}.").format(
                    day=on_screen(new_day), child=child.name
                )
            )
    changed = {key: value for key, value in changes.items() if getattr(meeting, key) != value}
    if changed:
        save(child, "amend", target=meeting.id, changes=changed)
    return meeting


def on(child: Child, day: date) -> Meeting:
    """The meeting on `day`, or one sentence naming the meetings on record."""
    meeting = child.meeting_on(day)
    if meeting is not None:
        return meeting
    known = ", ".join(m.day for m in child.meetings_in_order if m.date) or _("none yet")
    raise IepprepError(
        _(
            "No meeting on {day} is on record for {child} (the meetings are: {known}); "
            "add it with: iepprep meeting add {typed}"
        ).format(day=on_screen(day), child=child.name, known=known, typed=as_typed(day))
    )


def find(child: Child, day: date | None, today: date, wanted: For) -> Meeting | None:
    """The meeting on `day`, or the one `wanted` means; None when there is none (nothing is created)."""
    if day is not None:
        return on(child, day)
    if wanted is For.GETTING_READY:
        return child.next_meeting(today) or child.unscheduled_meeting()
    if wanted is For.NOTES:
        return child.meeting_on(today) or child.next_meeting(today)
    if wanted is For.READING_NOTES:
        upcoming = child.meeting_on(today) or child.next_meeting(today)
        if upcoming and upcoming.has_notes:
            return upcoming
        with_notes = [m for m in child.meetings_in_order if m.has_notes]
        return with_notes[-1] if with_notes else None
    held = child.last_meeting_held(today)
    return held or (child.next_meeting(today) if wanted is For.LOOKING_BACK else None)


def require(child: Child, day: date | None, today: date, wanted: For) -> Meeting:
    """Like `find`, but when there is none, one sentence saying how to put one on record."""
    meeting = find(child, day, today, wanted)
    if meeting is not None:
        return meeting
    if wanted is For.READING_NOTES:
        message = _("No notes are on record for {child} yet; take some with: iepprep notes")
    elif wanted is For.GETTING_READY:
        message = _("No upcoming meeting is on record for {child}; start getting ready with: iepprep prep")
    else:
        message = _("No meeting held so far is on record for {child}.")
    raise IepprepError(message.format(child=child.name))


def for_notes(child: Child, day: date | None, today: date) -> tuple[Meeting, bool]:
    """The meeting notes go to, and whether it was just put on record (today's, when there is none)."""
    meeting = child.meeting_on(day) if day else find(child, None, today, For.NOTES)
    if meeting is not None:
        return meeting, False
    with child.record.locked():  # decided again on what the record holds now: another iepprep may have added it
        catch_up(child)
        meeting = child.meeting_on(day) if day else find(child, None, today, For.NOTES)
        if meeting is not None:
            return meeting, False
        return _add(child, day or today, "", "", ""), True


def _active_on(child: Child, day: date) -> Meeting | None:
    return next((m for m in child.active_meetings if m.date == day.isoformat()), None)


def _saved(child: Child, meeting_id: str) -> Meeting:
    meeting = child.meeting_by_id(meeting_id)
    if meeting is None:  # pragma: no cover - save has just applied it
        raise IepprepError(_("The meeting could not be read back after it was saved."))
    return meeting
