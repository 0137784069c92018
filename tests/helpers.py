"""What many test files share: how a command's result looks, and reading a child back from disk."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from iepprep import children, meetings
from iepprep.letters import Facts
from iepprep.state import Child

DEVICE = "this-computer"  # the id of the computer every test runs on
TODAY = "2026-11-28"
# Every command that shows something of Sam Rivera's full record (tests/fixtures/rich-record.yaml).
SCREENS_OF_THE_RECORD = [
    ["status"],
    ["child", "list"],
    ["child", "show"],
    ["meeting", "list"],
    ["notes", "show", "--date", "11/20/2026", "--all"],
    ["next-steps", "--show"],
    ["brief"],
    ["export"],
    ["letter", "follow-up"],
    ["letter", "meeting-request"],
    ["letter", "complaint-outline"],
    ["prep", "--review", "--date", "12/10/2026"],
    ["rules"],
    ["checklists", "list"],
    ["where"],
]


@dataclass(frozen=True)
class Result:
    """What one run of iepprep left: its exit code and what it wrote to each stream."""

    exit_code: int
    stdout: str
    stderr: str


class Run(Protocol):
    """Run iepprep in-process: run("child", "add", "Sam", input="...")."""

    def __call__(self, *args: str, input: str | None = None) -> Result: ...


def reload(name: str | None = None) -> Child:
    """The child as the record on disk holds it now (the only child, or the one named)."""
    found = children.find_all(full=True).children
    if name is None:
        assert len(found) == 1, [child.name for child in found]
        return found[0]
    return next(child for child in found if child.name == name)


GOLDEN = Path(__file__).parent / "fixtures"


def matches_golden(text: str, name: str) -> bool:
    """Whether text is exactly the saved file tests/fixtures/NAME; IEPPREP_WRITE_GOLDEN=1 saves it anew.

    Event ids are random, so each is compared as [ID].
    """
    text = re.sub(r"\[e[0-9a-f]{6,10}\]", "[ID]", text)
    golden = GOLDEN / name
    if os.environ.get("IEPPREP_WRITE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    return text == golden.read_text(encoding="utf-8")


LETTER_DAY = date(2026, 11, 28)
TOPIC = "The [bold]reading[/] plan \x1b[31m isn't followed — שלום 😀"


def full_record(kind: str = "legal") -> Facts:
    """A record with every detail a letter can use: the parent, the child, contacts, a meeting
    with decisions, actions, concerns, a disagreement, and what the written IEP left out."""
    child = children.add("Sam Rivera", school="Lincoln Elementary", grade="3")
    for key, value in {
        "birth_date": "2016-05-01",
        "district": "Springfield USD",
        "parent_name": "Jo Rivera",
        "parent_phone": "555-0100",
        "parent_email": "jo@example.org",
        "parent_address": "1 Elm St, Springfield",
    }.items():
        child.record.append("profile", **{key: value})
    for role, name in (("case-manager", "Ms. Lee"), ("director-of-special-education", "Dr. Patel")):
        child.record.append("contact", role=role, name=name, email="", phone="")
    meeting = meetings.add(child, date(2026, 11, 20), time="15:30", where="Lincoln Elementary, room 4")
    notes = {}
    for key, kind_of_note, text, extra in (
        ("ot", "decision", "OT twice a week, 30 minutes", {}),
        ("report", "action", "send the OT report @Ms. Lee by 12/15/2026", {"who": "Ms. Lee", "due": "2026-12-15"}),
        ("call", "action", "call the bus company @me", {"who": "me", "what": "call the bus company"}),
        ("measured", "question", "How is reading measured?", {}),
        ("speech", "disagree", "speech cut from 60 to 30 minutes", {}),
        ("worry", "concern", "Sam is anxious on the bus", {}),
    ):
        notes[key] = child.record.append("note", meeting=meeting.id, kind=kind_of_note, text=text, **extra)
    child.record.append("iep-check", note=notes["ot"]["id"], answer="partly")
    child.record.append("iep-check", note=notes["report"]["id"], answer="no")
    child.record.append("iep-check", note=notes["call"]["id"], answer="not for the IEP")
    event = child.record.append(
        "disagreement", topic=TOPIC, kind=kind, meeting=meeting.id, violation_date="2026-10-01", violation=True
    )
    child.record.append("step", disagreement=event["id"], rung="collaborate", date="2026-11-21", outcome="not resolved")
    child.record.append("step", disagreement=event["id"], rung="another-meeting", date="2026-11-25", outcome="waiting")
    child.record.append(
        "answer",
        meeting=meeting.id,
        checklist="before",
        item="concerns",
        status="answered",
        value="Sam reads far below grade level. Sam is anxious on the bus.",
    )
    plan = child.record.append(
        "iep",
        start="2026-09-01",
        end="2027-08-31",
        goals=[{"area": "Reading fluency", "target": "Read a grade 3 passage at 90 words a minute"}],
        services=[{"name": "Speech-language therapy", "minutes": 30, "times": 2, "per": "week"}],
    )
    for day, missed in (("2026-11-02", ""), ("2026-11-04", "therapist out sick"), ("2026-11-09", "")):
        minutes = 0 if missed else 30
        child.record.append(
            "service-session",
            iep=plan["id"],
            service="Speech-language therapy",
            date=day,
            minutes=minutes,
            **({"missed": missed} if missed else {}),
        )
    child.record.append("concern-check", concern="Sam is anxious on the bus.", met_by="")
    loaded = children.load(child.record.path)
    return Facts(loaded, LETTER_DAY, "case-manager", loaded.meetings[0], loaded.disagreements[0])


def kept_as_one_file(log: Path) -> Path:
    """A child's record as iepprep kept it before each computer had its own log: one file,
    children/<child id>.yaml, in place of the child's folder."""
    import shutil

    one_file = log.parent.with_name(log.parent.name + ".yaml")
    log.rename(one_file)
    shutil.rmtree(log.parent)
    return one_file
