"""Getting ready for a meeting: which meeting, answers from a file, and how ready the parent is."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from iepprep.checklists import Checklist, Item
from iepprep.codec import Unreadable
from iepprep.codec import load as load_yaml
from iepprep.dates import describe_days
from iepprep.errors import IepprepError, Problems
from iepprep.state import ANSWERED, SKIPPED, Child, Meeting
from iepprep.walk import record_answers
from iepprep.words import _, ngettext

MAX_ANSWERS_BYTES = 1_000_000
SOON_DAYS = 3


def record_answers_file(child: Child, meeting: Meeting, checklist: Checklist, path: Path) -> int:
    """Check every answer in a YAML file of item id: answer; record none if any is wrong, else all in one write."""
    from iepprep.files import read_file

    try:
        raw = read_file(path, MAX_ANSWERS_BYTES, follow=True)
    except OSError as exc:
        raise IepprepError(
            _("iepprep cannot read {path}: {reason}.").format(path=path, reason=exc.strerror or exc)
        ) from None
    if len(raw) > MAX_ANSWERS_BYTES:
        raise IepprepError(_("{path} is larger than 1 MB; an answers file is far smaller.").format(path=path))
    try:
        data = load_yaml(raw.decode("utf-8"))
    except (UnicodeDecodeError, Unreadable):
        raise IepprepError(_("{path} is not a YAML file iepprep can read.").format(path=path)) from None
    if not isinstance(data, dict) or not data:
        raise IepprepError(
            _("{path} should be a mapping of item id to answer, for example  outcome: more reading help").format(
                path=path
            )
        )
    problems: list[str] = []
    values: list[tuple[Item, Any]] = []
    for key, raw_value in data.items():
        item = checklist.item(str(key))
        if item is None:
            problems.append(
                _("{path}: '{key}' is not an item of the {checklist} checklist.").format(
                    path=path, key=key, checklist=checklist.id
                )
            )
            continue
        try:
            values.append((item, item.from_file(raw_value)))
        except IepprepError as problem:
            problems.append(f"{path}: {problem}")
    if problems:
        raise Problems([*problems, _("Nothing from the file was recorded.")])
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
        elif Item.is_open(answer):
            ready.not_yet.append(item)
        else:
            ready.answered.append(item)
    ready.nudges = _nudges(child, ready, answers)
    return ready


def _nudges(child: Child, ready: Readiness, answers: dict[str, Any]) -> list[str]:
    nudges = []
    key_open = [item for item in ready.still_open if not item.optional]
    if ready.days is None:
        nudges.append(_("The meeting has no date yet; when you know it, add it with: iepprep meeting add DATE"))
    elif ready.days < 0:
        nudges.append(_("This meeting has passed. For the next one, add it with: iepprep meeting add DATE"))
    elif ready.days <= SOON_DAYS and key_open:
        nudges.append(
            ngettext(
                "The meeting is {when} and {count} item is still open.",
                "The meeting is {when} and {count} items are still open.",
                len(key_open),
            ).format(when=describe_days(ready.days), count=len(key_open))
            + " "
            + _("If you need more time to get ready, it is okay to ask the school to move the meeting.")
        )
    more_time = answers.get("more-time")
    if more_time is not None and more_time.value == "yes":
        nudges.append(_("You said you need more time: ask the school, in writing, to move the meeting."))
    if not ready.still_open:
        nudges.append(
            _(
                "You are ready. Remember to speak of {child} by name, ask every question you have, "
                "and ask for a break whenever you need one."
            ).format(child=child.name)
        )
    return nudges
