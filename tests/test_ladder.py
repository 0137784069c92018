"""The ladder: the next rung for each kind of disagreement and history, and the deadlines,
each counted from the date it names, under the rule it cites."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from iepprep import rules
from iepprep.fold import apply
from iepprep.ladder import DUE_PROCESS, STATE_COMPLAINT, deadlines, ladder_for, recipients, recommend
from iepprep.record import Record
from iepprep.rules import Duration
from iepprep.state import Child, Disagreement, Step

TODAY = date(2026, 11, 28)


def sam_in_memory() -> Child:
    """Sam, with a meeting on 2026-06-01 and a Director of Special Education, built as a record folds."""
    child = Child(record=Record(Path("unused.yaml")))
    at = "2026-06-01T09:00:00-05:00"
    for event in (
        {"event": "profile", "id": "p1", "at": at, "name": "Sam"},
        {"event": "meeting", "id": "m1", "at": at, "date": "2026-06-01"},
        {"event": "contact", "id": "c1", "at": at, "role": "director-of-special-education", "name": "Dr. Patel"},
    ):
        apply(child, event)
    return child


def disagreement(
    kind: str,
    history: list[tuple[str, str]] | None = None,
    happened: str = "",
    status: str = "open",
    **fields: object,
) -> Disagreement:
    """A disagreement opened 2026-11-01; `happened` is when the district broke the rule."""
    if happened:
        fields["violation_date"] = happened
    found = Disagreement(id="d1", topic="t", kind=kind, opened="2026-11-01", status=status, **fields)  # type: ignore[arg-type]
    found.steps = [Step(f"s{n}", rung, "2026-11-10", outcome) for n, (rung, outcome) in enumerate(history or [])]
    return found


RECENT = "2026-06-01"  # a violation well inside the one-year window
CASES = [
    # kind, history of (rung, outcome), violation date, expected (status, rung)
    ("evaluation", [], "", ("next", "collaborate")),
    ("evaluation", [("collaborate", "not resolved")], "", ("next", "iee")),
    ("evaluation", [("collaborate", "partly")], "", ("next", "iee")),
    ("evaluation", [("collaborate", "not resolved"), ("iee", "waiting")], "", ("waiting", "iee")),
    ("evaluation", [("collaborate", "not resolved"), ("iee", "not resolved")], "", ("next", "another-meeting")),
    ("evaluation", [("collaborate", "not resolved"), ("iee", "resolved")], "", ("resolved", None)),
    ("services", [], "", ("next", "collaborate")),
    ("services", [("collaborate", "not resolved")], "", ("next", "another-meeting")),
    ("services", [("collaborate", "not resolved"), ("another-meeting", "partly")], "", ("next", "mediation")),
    (
        "services",
        [("collaborate", "not resolved"), ("another-meeting", "not resolved"), ("mediation", "not resolved")],
        "",
        ("next", "due-process"),
    ),
    (
        "services",
        [
            ("collaborate", "not resolved"),
            ("another-meeting", "not resolved"),
            ("mediation", "not resolved"),
            ("due-process", "not resolved"),
        ],
        "",
        ("exhausted", None),
    ),
    ("placement", [("collaborate", "not resolved")], "", ("next", "another-meeting")),
    ("placement", [("collaborate", "not resolved"), ("another-meeting", "not resolved")], "", ("next", "mediation")),
    ("other", [("collaborate", "not resolved"), ("another-meeting", "waiting")], "", ("waiting", "another-meeting")),
    ("legal", [], RECENT, ("next", "collaborate")),
    ("legal", [("collaborate", "not resolved")], RECENT, ("next", "complaint")),
    ("legal", [("collaborate", "not resolved")], "2025-10-01", ("next", "another-meeting")),  # may have passed
    ("legal", [("collaborate", "not resolved")], "", ("next", "complaint")),  # no date yet: still offered
    ("legal", [("collaborate", "not resolved"), ("complaint", "not resolved")], RECENT, ("next", "another-meeting")),
    ("legal", [("collaborate", "resolved")], RECENT, ("resolved", None)),
]


@pytest.mark.parametrize("kind, history, happened, expected", CASES)
def test_the_recommended_rung(
    kind: str, history: list[tuple[str, str]], happened: str, expected: tuple[str, str | None]
) -> None:
    rec = recommend(sam_in_memory(), disagreement(kind, history, happened), TODAY)
    assert (rec.status, rec.rung.id if rec.rung else None) == expected
    assert rec.reasons


def test_a_closed_disagreement_is_resolved() -> None:
    assert recommend(sam_in_memory(), disagreement("services", status="resolved"), TODAY).status == "resolved"


# -- every deadline says what it counts from ---------------------------------------

DEADLINE_CASES = [
    # what the record holds, the deadline, its due date, and words the line must hold
    (
        "first knew, typed long after",  # the reproduction: known in June, typed in November
        {"kind": "services", "known_date": "2026-06-01", "meeting": "m1"},
        DUE_PROCESS,
        date(2028, 6, 1),
        [
            "must be filed by Thu, Jun 1, 2028",
            "two years from Mon, Jun 1, 2026, when you first knew of it, or should have",
            "34 CFR 300.511(e); see also 300.507(a); your state may set another limit",
        ],
    ),
    (
        "an older record: counted from the meeting it came from",
        {"kind": "services", "meeting": "m1"},
        DUE_PROCESS,
        date(2028, 6, 1),
        [
            "the date of the meeting it came from",
            "If you knew of it earlier, or should have",
            "iepprep next-steps --edit",
        ],
    ),
    (
        "no meeting and no date: counted from the day it was typed, and says so",
        {"kind": "services"},
        DUE_PROCESS,
        date(2028, 11, 1),
        ["the day you put it in iepprep", "If you knew of it earlier"],
    ),
    (
        "a state complaint counts from when it happened",
        {"kind": "services", "violation": True, "violation_date": "2026-03-10"},
        STATE_COMPLAINT,
        date(2027, 3, 10),
        [
            "must reach the state by Wed, Mar 10, 2027",
            "one year from Tue, Mar 10, 2026, when it happened",
            "34 CFR 300.153(c)",
        ],
    ),
    (
        "an ongoing violation counts from its latest occurrence",
        {"kind": "legal", "violation_date": "2026-11-02", "ongoing": True},
        STATE_COMPLAINT,
        date(2027, 11, 2),
        ["one year from Mon, Nov 2, 2026, the last time it happened"],
    ),
    (
        "a due date on a weekend",
        {"kind": "services", "known_date": "2025-01-16"},
        DUE_PROCESS,
        date(2027, 1, 16),
        ["must be filed by Sat, Jan 16, 2027", "That is a weekend: send it by the weekday before."],
    ),
    (
        "leap day, due process",
        {"kind": "services", "known_date": "2024-02-29"},
        DUE_PROCESS,
        date(2026, 2, 28),
        ["may have ended on Sat, Feb 28, 2026", "It counts from Thu, Feb 29, 2024"],
    ),
]


@pytest.mark.parametrize("case, fields, key, due, words", DEADLINE_CASES, ids=[c[0] for c in DEADLINE_CASES])
def test_each_deadline_names_the_date_it_counts_from(
    case: str, fields: dict[str, Any], key: str, due: date, words: list[str]
) -> None:
    found = {d.key: d for d in deadlines(sam_in_memory(), disagreement(**fields), TODAY)}
    deadline = found[key]
    assert deadline.due == due
    line = deadline.describe()
    for expected in words:
        assert expected in line, line


def test_a_leap_day_violation_ends_on_28_february() -> None:
    complaint = deadlines(sam_in_memory(), disagreement("legal", happened="2024-02-29"), date(2025, 2, 27))[0]
    assert complaint.due == date(2025, 2, 28) and complaint.days_left == 1
    assert "(1 day left)" in complaint.describe()
    assert Duration(4, "years").after(date(2024, 2, 29)) == date(2028, 2, 29)


def test_a_passed_window_is_never_a_verdict() -> None:
    due_process = deadlines(sam_in_memory(), disagreement("services", known_date="2024-06-01"), TODAY)[-1]
    line = due_process.describe()
    assert due_process.passed
    assert "the time limit of two years may have ended on Mon, Jun 1, 2026" in line
    assert "Your state's limit may be different" in line
    assert "there are exceptions (34 CFR 300.511(f))" in line
    assert "Parent Training and Information Center or an attorney" in line
    assert "closed" not in line
    complaint = deadlines(sam_in_memory(), disagreement("legal", happened="2025-10-28"), TODAY)[0]
    assert "may have ended" in complaint.describe()
    assert "you can still complain about what happened in the last year" in complaint.describe()


def test_a_state_setting_is_used_and_named(data_home: Path) -> None:
    rules.save_setting("state", "Ohio")
    rules.save_setting("due-process-limit", "1 year")
    due_process = deadlines(sam_in_memory(), disagreement("services", known_date="2026-06-01"), TODAY)[-1]
    assert due_process.due == date(2027, 6, 1)
    line = due_process.describe()
    assert "one year from Mon, Jun 1, 2026" in line
    assert "your setting for Ohio; the federal rule is two years, 34 CFR 300.511(e)" in line


def test_a_parent_center_setting_is_named_where_a_window_may_have_passed(data_home: Path) -> None:
    rules.save_setting("parent-center", "Ohio Coalition, 1-800-555-0100")
    line = deadlines(sam_in_memory(), disagreement("services", known_date="2024-06-01"), TODAY)[-1].describe()
    assert "Ask Ohio Coalition, 1-800-555-0100 or an attorney" in line


# -- the state complaint, right -----------------------------------------------------


def test_services_not_delivered_offers_the_state_complaint() -> None:
    d = disagreement("services", [("collaborate", "not resolved")], happened="2026-10-01", violation=True)
    assert [r.id for r in ladder_for(sam_in_memory(), d, TODAY)][:2] == ["collaborate", "complaint"]
    rec = recommend(sam_in_memory(), d, TODAY)
    assert rec.rung is not None and rec.rung.id == "complaint"
    without = disagreement("services", [("collaborate", "not resolved")])
    assert "complaint" not in [r.id for r in ladder_for(sam_in_memory(), without, TODAY)]


def test_a_state_complaint_goes_to_the_state_with_a_copy_to_the_district(data_home: Path) -> None:
    rung = recommend(sam_in_memory(), disagreement("legal", [("collaborate", "not resolved")], RECENT), TODAY).rung
    assert rung is not None
    lines = dict(recipients(sam_in_memory(), rung))
    assert lines["Send it to"].startswith("your state's education agency")
    assert lines["Copy to, at the same time"] == "Dr. Patel, Director of Special Education"
    rules.save_setting("complaint-office", "Ohio Department of Education, Office for Exceptional Children")
    assert dict(recipients(sam_in_memory(), rung))["Send it to"].startswith("Ohio Department of Education")


def test_with_five_days_left_the_deadline_leads_the_recommendation() -> None:
    d = disagreement("legal", happened="2025-12-03")  # one year on: 2026-12-03, five days from TODAY
    rec = recommend(sam_in_memory(), d, TODAY)
    assert rec.rung is not None and rec.rung.id == "complaint"  # before working it through
    assert rec.urgent[0] == (
        "Time is short: the state complaint must reach the state by Thu, Dec 3, 2026 (5 days left), "
        "one year from Wed, Dec 3, 2025 (34 CFR 300.153(c))."
    )
    talking = disagreement("legal", [("another-meeting", "waiting")], happened="2025-12-03")
    assert recommend(sam_in_memory(), talking, TODAY).urgent == [
        "You can keep talking with the school, but the state complaint must reach the state by "
        "Thu, Dec 3, 2026 (5 days left), one year from Wed, Dec 3, 2025 (34 CFR 300.153(c))."
    ]
    filed = disagreement("legal", [("complaint", "waiting")], happened="2025-12-03")
    assert recommend(sam_in_memory(), filed, TODAY).urgent == []


def test_a_due_process_deadline_within_thirty_days_is_said_first() -> None:
    rec = recommend(sam_in_memory(), disagreement("services", known_date="2024-12-20"), TODAY)
    assert rec.rung is not None and rec.rung.id == "collaborate"
    assert rec.urgent == [
        "You can keep talking with the school, but the due process complaint must be filed by "
        "Sun, Dec 20, 2026 (22 days left), two years from Fri, Dec 20, 2024 (34 CFR 300.511(e); see also "
        "300.507(a); your state may set another limit)."
    ]


def test_a_complaint_without_a_date_stays_on_the_ladder_and_says_how_to_add_it() -> None:
    rec = recommend(sam_in_memory(), disagreement("legal", [("collaborate", "not resolved")]), TODAY)
    assert rec.rung is not None and rec.rung.id == "complaint"
    assert "Add that date with: iepprep next-steps --edit" in rec.reasons[-1]
    complaint = deadlines(sam_in_memory(), disagreement("legal"), TODAY)[0]
    assert complaint.due is None
    assert complaint.describe() == (
        "State complaint: the time limit is one year, counted from when it happened (34 CFR 300.153(c)). "
        "Add that date with: iepprep next-steps --edit"
    )
