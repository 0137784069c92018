"""Make a realistic child record of any size through iepprep's own record API.

    python benchmarks/make_record.py HOME NOTES

writes a child with a profile, district contacts, a meeting a week (going back
as far as NOTES needs) with prepared answers and up to 40 notes each (the
actions of all but the last two marked done), a coming meeting, a written IEP
with two services, a logged service session for every ten notes, a progress
report for every hundred, and a disagreement with a step, into the data folder HOME.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import date, timedelta
from typing import Any

KINDS = ["note"] * 6 + ["question", "concern", "decision", "action", "disagree", "later"]
WORDS = [
    "reading",
    "fluency",
    "goal",
    "speech",
    "minutes",
    "occupational",
    "therapy",
    "progress",
    "report",
    "schedule",
    "accommodations",
    "testing",
    "breaks",
    "behaviour",
    "plan",
    "bus",
    "aide",
    "classroom",
    "teacher",
    "resource",
    "room",
    "data",
    "weekly",
    "baseline",
]
BATCH = 500
NOTES_PER_MEETING = 40
LATEST = date(2026, 11, 19)


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 16))).capitalize()


def make(home: str, notes: int, seed: int = 7) -> None:
    os.environ["IEPPREP_HOME"] = home
    os.environ.setdefault("IEPPREP_DEVICE", "benchmark")
    from iepprep import children, meetings

    rng = random.Random(seed)  # noqa: S311 - made-up notes, not secrets
    child = children.add("Sam Rivera", school="Lincoln Elementary", grade="3")
    record = child.record
    record.append_many(
        [
            ("profile", {"birth_date": "2016-05-01", "district": "Springfield USD", "parent_name": "Jo Rivera"}),
            ("contact", {"role": "case-manager", "name": "Ms. Lee", "email": "lee@example.org", "phone": ""}),
            ("contact", {"role": "director-of-special-education", "name": "Dr. Patel", "email": "", "phone": ""}),
        ]
    )
    # A meeting a week, the latest a week before the benchmarks' today, with up to NOTES_PER_MEETING notes each.
    count = max(1, -(-notes // NOTES_PER_MEETING))
    meeting_ids = [
        meetings.add(child, LATEST - timedelta(days=7 * n), purpose="progress review").id
        for n in reversed(range(count))
    ]
    meetings.add(child, date(2026, 12, 10), purpose="annual review")  # the coming one, for brief and prep
    answers: list[tuple[str, dict[str, Any]]] = [
        (
            "answer",
            {
                "meeting": m,
                "checklist": "before",
                "item": "strengths",
                "status": "answered",
                "value": [sentence(rng) for _ in range(3)],
            },
        )
        for m in meeting_ids
    ]
    for first in range(0, len(answers), BATCH):
        record.append_many(answers[first : first + BATCH])
    pending: list[tuple[str, dict[str, Any]]] = []
    written: list[dict[str, Any]] = []
    for n in range(notes):
        kind = rng.choice(KINDS)
        at = n * count // max(notes, 1)
        fields: dict[str, Any] = {"meeting": meeting_ids[at], "kind": kind, "text": sentence(rng)}
        if kind == "action":
            fields.update(who="Ms. Lee", due="2026-12-15")
        pending.append(("note", fields))
        if len(pending) == BATCH or n == notes - 1:
            written += record.append_many(pending)
            pending = []
    done = [
        ("action-done", {"note": event["id"]})  # the older meetings' actions were done
        for event in written
        if event["kind"] == "action" and event["meeting"] not in meeting_ids[-2:]
    ]
    for first in range(0, len(done), BATCH):
        record.append_many(done[first : first + BATCH])
    start = date(2026, 1, 15)
    plan = record.append(
        "iep",
        start="2026-01-15",
        end="2027-01-14",
        goals=[{"area": "Reading fluency", "target": "Read a grade 3 passage at 90 words a minute"}],
        services=[
            {"name": "Speech-language therapy", "minutes": 30, "times": 2, "per": "week"},
            {"name": "Specialized reading instruction", "minutes": 45, "times": 5, "per": "week"},
        ],
    )
    sessions: list[tuple[str, dict[str, Any]]] = [
        (
            "service-session",
            {
                "iep": plan["id"],
                "service": "Speech-language therapy",
                "date": (start + timedelta(days=n % 300)).isoformat(),
                "minutes": 0 if n % 9 == 0 else 30,
                **({"missed": "therapist out"} if n % 9 == 0 else {}),
            },
        )
        for n in range(notes // 10)
    ]
    for first in range(0, len(sessions), BATCH):
        record.append_many(sessions[first : first + BATCH])
    reports: list[tuple[str, dict[str, Any]]] = [
        (
            "progress",
            {
                "iep": plan["id"],
                "date": (start + timedelta(days=n % 300)).isoformat(),
                "ratings": [{"goal": 1, "rating": "progressing", "comment": sentence(rng)}],
            },
        )
        for n in range(notes // 100)
    ]
    for first in range(0, len(reports), BATCH):
        record.append_many(reports[first : first + BATCH])
    event = record.append("disagreement", topic="Speech minutes were cut", kind="services", meeting=meeting_ids[-1])
    record.append("step", disagreement=event["id"], rung="collaborate", date="2026-11-01", outcome="not resolved")


if __name__ == "__main__":
    make(sys.argv[1], int(sys.argv[2]))
