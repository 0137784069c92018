"""Letters: every kind renders from a full record and an empty one, the parent's words exact."""

from __future__ import annotations

from datetime import date

import pytest

from iepprep import children, letters
from iepprep.letters import KINDS, Facts, draft

TODAY = date(2026, 11, 28)
TOPIC = "The [bold]reading[/] plan \x1b[31m isn't followed — שלום 😀"


def full_record():
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
    meeting = children.add_meeting(child, date(2026, 11, 20))
    for kind, text, extra in (
        ("decision", "OT twice a week", {}),
        ("action", "send the OT report @Ms. Lee by 2026-12-15", {"who": "Ms. Lee", "due": "2026-12-15"}),
        ("question", "How is reading measured?", {}),
    ):
        child.record.append("note", meeting=meeting.id, kind=kind, text=text, **extra)
    event = child.record.append(
        "disagreement", topic=TOPIC, kind="legal", meeting=meeting.id, violation_date="2026-10-01"
    )
    child.record.append("step", disagreement=event["id"], rung="collaborate", date="2026-11-21", outcome="not resolved")
    loaded = children.load(child.record.path)
    return Facts(loaded, TODAY, "case-manager", loaded.meetings[0], loaded.disagreements[0])


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_from_a_full_record(data_home, kind: str) -> None:
    facts = full_record()
    facts.to_role = KINDS[kind].role
    text = draft(kind, facts)
    assert "Sam Rivera" in text
    assert text.rstrip().endswith("Drafted with iepprep. This is general information, not legal advice.")
    if KINDS[kind].is_letter:
        assert "Jo Rivera" in text and "2016-05-01" in text and "Lincoln Elementary" in text
        assert ("Dr. Patel" if facts.to_role == "director-of-special-education" else "Ms. Lee") in text
        assert "your name]" not in text and "date of birth]" not in text
    if kind in ("meeting-request", "mediation-request", "pwn-request", "complaint-outline", "iee-request"):
        assert TOPIC in text  # the parent's words, exactly


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_from_an_empty_record_shows_blanks(data_home, kind: str) -> None:
    child = children.add("Sam")
    facts = Facts(child, TODAY, KINDS[kind].role)
    text = draft(kind, facts)
    assert "[BLANK TO FILL:" in text and "None" not in text


def test_the_fields_research_asks_for(data_home) -> None:
    facts = full_record()
    facts.to_role = "director-of-special-education"
    iee = draft("iee-request", facts)
    assert "criteria for independent evaluators" in iee and "do not have to give a reason" in iee
    assert "[BLANK TO FILL: the date of that evaluation]" in iee
    follow_up = draft("follow-up", facts)
    assert "  - OT twice a week" in follow_up
    assert "  - send the OT report @Ms. Lee by 2026-12-15 (Ms. Lee, by 2026-12-15)" in follow_up
    assert "  - How is reading measured?" in follow_up
    assert "If I have misunderstood anything, please tell me in writing by 2026-12-12." in follow_up
    records = draft("records-request", facts)
    assert "34 CFR 300.613" in records and "45 days" in records
    complaint = draft("complaint-outline", facts)
    assert "file it by 2027-10-01" in complaint and "Copy to: Dr. Patel" in complaint
    mediation = draft("mediation-request", facts)
    assert "Work it through together (2026-11-21): not resolved" in mediation
    assert "voluntary and free" in mediation


def test_markdown(data_home) -> None:
    text = draft("follow-up", full_record(), markdown=True)
    assert text.startswith("# Letter of understanding after our IEP meeting - Sam Rivera\n")
    assert "## What we decided\n\n- OT twice a week" in text


def test_an_unknown_letter_is_named(data_home) -> None:
    with pytest.raises(Exception, match="the letters are: meeting-request"):
        letters.kind_of("love-letter")
