"""The ladder: the next rung for each kind of disagreement and history, and the deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from iepprep.ladder import add_years, deadlines, recommend
from iepprep.state import Disagreement, Step

TODAY = date(2026, 11, 28)


def disagreement(kind: str, history: list[tuple[str, str]], violation: str = "", status: str = "open") -> Disagreement:
    found = Disagreement(id="d1", topic="t", kind=kind, opened="2026-11-01", violation_date=violation, status=status)
    found.steps = [Step(f"s{n}", rung, "2026-11-10", outcome) for n, (rung, outcome) in enumerate(history)]
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
    ("legal", [("collaborate", "not resolved")], "2025-10-01", ("next", "another-meeting")),  # window closed
    ("legal", [("collaborate", "not resolved")], "", ("next", "another-meeting")),  # no date known
    ("legal", [("collaborate", "not resolved"), ("complaint", "not resolved")], RECENT, ("next", "another-meeting")),
    ("legal", [("collaborate", "resolved")], RECENT, ("resolved", None)),
]


@pytest.mark.parametrize("kind, history, violation, expected", CASES)
def test_the_recommended_rung(kind: str, history: list, violation: str, expected: tuple) -> None:
    rec = recommend(disagreement(kind, history, violation), TODAY)
    assert (rec.status, rec.rung.id if rec.rung else None) == expected
    assert rec.reasons


def test_a_closed_disagreement_is_resolved() -> None:
    assert recommend(disagreement("services", [], status="resolved"), TODAY).status == "resolved"


def test_a_skipped_complaint_says_why() -> None:
    closed = recommend(disagreement("legal", [("collaborate", "not resolved")], "2025-10-01"), TODAY)
    assert closed.skipped == ["A formal complaint is left out: the one-year window has closed."]
    unknown = recommend(disagreement("legal", [("collaborate", "not resolved")]), TODAY)
    assert "needs the date the district broke the rule" in unknown.skipped[0]


def test_a_violation_eleven_months_ago_shows_the_days_left() -> None:
    found = deadlines(disagreement("legal", [], "2025-12-28"), TODAY)
    complaint = found[0]
    assert complaint.due == date(2026, 12, 28) and complaint.days_left == 30 and not complaint.passed
    assert complaint.describe() == "A formal (state) complaint must be filed: by 2026-12-28 (30 days left)."
    due_process = found[1]
    assert due_process.due == date(2027, 12, 28) and "your state may set another" in due_process.describe()


def test_a_violation_thirteen_months_ago_shows_the_window_passed() -> None:
    complaint = deadlines(disagreement("legal", [], "2025-10-28"), TODAY)[0]
    assert complaint.passed and complaint.days_left == -31
    assert (
        complaint.describe()
        == "A formal (state) complaint must be filed: the window closed on 2026-10-28 (31 days ago)."
    )


def test_a_violation_on_29_february() -> None:
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    complaint, due_process = deadlines(disagreement("legal", [], "2024-02-29"), date(2025, 2, 27))
    assert complaint.due == date(2025, 2, 28) and complaint.days_left == 1
    assert due_process.due == date(2026, 2, 28)


def test_only_a_legal_disagreement_has_a_complaint_window() -> None:
    found = deadlines(disagreement("services", []), TODAY)
    assert [d.what for d in found] == ["A due process complaint is usually due"]
    assert found[0].due == date(2028, 11, 1)
