"""Getting ready for a meeting: which meeting, answers from a file, and how ready the parent is."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from iepprep import children
from iepprep.checklists import Checklist, Item
from iepprep.children import Ask
from iepprep.codec import Unreadable
from iepprep.codec import load as load_yaml
from iepprep.dates import as_typed, describe_days, on_screen, parse_date, parse_time
from iepprep.errors import IepprepError, Problems
from iepprep.state import ANSWERED, SKIPPED, Child, Meeting
from iepprep.walk import is_open, record_answers, value_from_file

MAX_ANSWERS_BYTES = 1_000_000
SOON_DAYS = 3


def find_meeting(child: Child, day: date | None, today: date) -> Meeting:
    """The meeting on `day`, or the next one (or the one not scheduled yet); never creates one."""
    meeting = child.meeting_on(day) if day else child.next_meeting(today) or child.unscheduled_meeting()
    if meeting:
        return meeting
    if day:
        raise IepprepError(
            f"No meeting on {on_screen(day)} is on record for {child.name}; "
            f"add it with: iepprep meeting add {as_typed(day)}"
        )
    raise IepprepError(f"No upcoming meeting is on record for {child.name}; start getting ready with: iepprep prep")


def meeting_for(child: Child, day: date | None, today: date, ask: Ask | None) -> Meeting:
    """The meeting to get ready for, recorded first when it is new.

    With `ask` the parent is asked for what is missing (date, purpose, place);
    without it the meeting is recorded with what is known.
    """
    try:
        return find_meeting(child, day, today)
    except IepprepError:
        pass
    purpose = where = time = ""
    if ask is not None:
        if day is None:
            typed = ask(
                "The meeting's date, for example 12/8/2026 (press Enter if it is not scheduled yet)",
                "",
                check=lambda text: parse_date(text).isoformat() if text.strip() else "",
            )
            day = date.fromisoformat(typed) if typed else None
        if day is not None:
            time = ask(
                "What time it starts, for example 3:30pm (Enter if you do not know yet)",
                "",
                check=lambda text: parse_time(text) if text.strip() else "",
            )
        purpose = ask("What the meeting is for, for example annual review (Enter to leave it out)", "")
        where = ask("Where it takes place (Enter to leave it out)", "")
    return children.add_meeting(child, day, purpose=purpose, where=where, time=time)


def record_answers_file(child: Child, meeting: Meeting, checklist: Checklist, path: Path) -> int:
    """Check every answer in a YAML file of item id: answer; record them all, or none."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_ANSWERS_BYTES + 1)
    except OSError as exc:
        raise IepprepError(f"iepprep cannot read {path}: {exc.strerror or exc}.") from None
    if len(raw) > MAX_ANSWERS_BYTES:
        raise IepprepError(f"{path} is larger than 1 MB; an answers file is far smaller.")
    try:
        data = load_yaml(raw.decode("utf-8"))
    except (UnicodeDecodeError, Unreadable) as exc:
        raise IepprepError(f"{path} is not a YAML file iepprep can read ({type(exc).__name__}).") from None
    if not isinstance(data, dict) or not data:
        raise IepprepError(f"{path} should be a mapping of item id to answer, for example  outcome: more reading help")
    problems: list[str] = []
    values: list[tuple[Item, Any]] = []
    for key, raw_value in data.items():
        item = checklist.item(str(key))
        if item is None:
            problems.append(f"{path}: '{key}' is not an item of the {checklist.id} checklist.")
            continue
        try:
            values.append((item, value_from_file(item, raw_value)))
        except IepprepError as problem:
            problems.append(f"{path}: {problem}")
    if problems:
        raise Problems(problems + ["Nothing from the file was recorded."])
    record_answers(child, meeting, checklist, [(item, ANSWERED, value) for item, value in values])
    return len(values)


@dataclass
class Readiness:
    """How ready the parent is for one meeting, and what the article would remind them of."""

    answered: list[Item] = field(default_factory=list)
    skipped: list[Item] = field(default_factory=list)
    not_yet: list[Item] = field(default_factory=list)
    days: int | None = None
    nudges: list[str] = field(default_factory=list)

    @property
    def still_open(self) -> list[Item]:
        return self.skipped + self.not_yet


def readiness(child: Child, meeting: Meeting, checklist: Checklist, today: date) -> Readiness:
    answers = child.answers_for(meeting, checklist.id)
    ready = Readiness(days=meeting.days_from(today))
    for item in checklist.items:
        answer = answers.get(item.id)
        if answer and answer.status == SKIPPED:
            ready.skipped.append(item)
        elif is_open(answer):
            ready.not_yet.append(item)
        else:
            ready.answered.append(item)
    ready.nudges = _nudges(child, ready, answers)
    return ready


def _nudges(child: Child, ready: Readiness, answers: dict[str, Any]) -> list[str]:
    nudges = []
    key_open = [item for item in ready.still_open if not item.optional]
    if ready.days is None:
        nudges.append("The meeting has no date yet; when you know it, add it with: iepprep meeting add DATE")
    elif ready.days < 0:
        nudges.append("This meeting has passed. For the next one, add it with: iepprep meeting add DATE")
    elif ready.days <= SOON_DAYS and key_open:
        nudges.append(
            f"The meeting is {describe_days(ready.days)} and {len(key_open)} item(s) are still open. "
            "If you need more time to get ready, it is okay to ask the school to move the meeting."
        )
    more_time = answers.get("more-time")
    if more_time is not None and more_time.value == "yes":
        nudges.append("You said you need more time: ask the school, in writing, to move the meeting.")
    if not ready.still_open:
        nudges.append(
            f"You are ready. Remember to speak of {child.name} by name, ask every question you have, "
            "and ask for a break whenever you need one."
        )
    return nudges
