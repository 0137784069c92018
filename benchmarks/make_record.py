"""Make a realistic child record of any size through iepprep's own record API.

    python benchmarks/make_record.py HOME NOTES

writes a child with a profile, district contacts, a year of meetings with
prepared answers, a written IEP with two services, disagreements and their
steps, NOTES notes spread over the meetings and one logged service session
for every ten notes, into the data folder HOME.
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


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 16))).capitalize()


def make(home: str, notes: int, seed: int = 7) -> None:
    os.environ["IEPPREP_HOME"] = home
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
    start = date(2026, 1, 15)
    meeting_ids = [meetings.add(child, start + timedelta(days=45 * n), purpose="progress review").id for n in range(8)]
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
    record.append_many(answers)
    pending: list[tuple[str, dict[str, Any]]] = []
    for n in range(notes):
        kind = rng.choice(KINDS)
        fields: dict[str, Any] = {
            "meeting": meeting_ids[n * len(meeting_ids) // max(notes, 1)],
            "kind": kind,
            "text": sentence(rng),
        }
        if kind == "action":
            fields.update(who="Ms. Lee", due="2026-12-15")
        pending.append(("note", fields))
        if len(pending) == BATCH:
            record.append_many(pending)
            pending = []
    if pending:
        record.append_many(pending)
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
    event = record.append("disagreement", topic="Speech minutes were cut", kind="services", meeting=meeting_ids[-1])
    record.append("step", disagreement=event["id"], rung="collaborate", date="2026-11-01", outcome="not resolved")


if __name__ == "__main__":
    make(sys.argv[1], int(sys.argv[2]))
