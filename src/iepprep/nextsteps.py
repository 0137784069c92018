"""After a disagreement: putting one on record, changing its dates and kind, each step taken on the
ladder and how it went, the ways of working it through that were tried, and closing it.

Every function here decides and saves; the questions are asked by `conversations.next_steps`.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from iepprep.children import catch_up
from iepprep.errors import IepprepError
from iepprep.fold import save
from iepprep.ladder import Rung
from iepprep.state import RESOLVED, Child, Contact, Disagreement, Meeting, Note, Step
from iepprep.words import _

# The fields of a disagreement a parent may set and later change.
DATE_FIELDS = ("kind", "known_date", "violation", "violation_date", "ongoing")


def offered_topics(child: Child, today: date) -> tuple[Meeting | None, list[Note]]:
    """The last meeting held, and its notes marked disagree: or later:, offered as a new disagreement's topic."""
    meeting = child.last_meeting_held(today)
    notes = [n for n in (meeting.live_notes() if meeting else []) if n.kind in ("disagree", "later")]
    return meeting, notes


def open_disagreement(child: Child, topic: str, meeting: Meeting | None, fields: dict[str, Any]) -> Disagreement:
    """Put a disagreement on record with its kind and the dates its deadlines count from."""
    event = save(child, "disagreement", topic=topic, meeting=meeting.id if meeting else "", **fields)
    return _saved(child, str(event["id"]), Disagreement)


def change_disagreement(child: Child, disagreement: Disagreement, answers: dict[str, Any]) -> list[str]:
    """Change a disagreement's kind and dates; saved as one amendment. Returns the fields that changed."""
    changes = {key: value for key, value in answers.items() if getattr(disagreement, key) != value}
    if changes:
        save(child, "amend", target=disagreement.id, changes=changes)
    return sorted(changes)


def record_step(
    child: Child, disagreement: Disagreement, rung: Rung, outcome: str, today: date, detail: str = ""
) -> Step:
    known = {step.id for step in disagreement.steps}
    with child.record.locked():  # decided on what the record holds now: another iepprep may have taken it
        catch_up(child)
        now = child.disagreement_by_id(disagreement.id)
        if now is not None and not now.is_open:
            raise IepprepError(_("This disagreement was marked resolved meanwhile, so nothing was recorded."))
        taken = [s for s in now.steps if s.id not in known and s.rung == rung.id] if now else []
        if taken:  # the same step, recorded meanwhile by another iepprep: once is enough
            return taken[-1]
        event = save(
            child,
            "step",
            disagreement=disagreement.id,
            rung=rung.id,
            date=today.isoformat(),
            outcome=outcome,
            **({"detail": detail} if detail else {}),
        )
    return _saved(child, str(event["id"]), Step)


def record_outcome(child: Child, step: Step, outcome: str) -> None:
    """How a step that was waiting went."""
    if outcome != step.outcome:
        save(child, "amend", target=step.id, changes={"outcome": outcome})


def tried(child: Child, disagreement: Disagreement, strategy: str) -> None:
    """A way of working through a disagreement that the parent has tried."""
    if strategy not in disagreement.strategies:
        save(child, "strategy", disagreement=disagreement.id, strategy=strategy)


def keep_contact(child: Child, role: str, name: str) -> Contact:
    save(child, "contact", role=role, name=name, email="", phone="")
    return child.contacts[role]


def close(child: Child, disagreement: Disagreement) -> None:
    """Mark a disagreement resolved, once, even when another iepprep closed it meanwhile."""
    with child.record.locked():
        catch_up(child)
        now = child.disagreement_by_id(disagreement.id)
        if now is None or now.is_open:
            save(child, "amend", target=disagreement.id, changes={"status": RESOLVED})


T = TypeVar("T", Disagreement, Step)


def _saved(child: Child, event_id: str, kind: type[T]) -> T:
    found = child.by_id.get(event_id)
    if not isinstance(found, kind):  # pragma: no cover - save has just applied it
        raise LookupError(event_id)
    return found
