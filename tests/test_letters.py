"""Letters: every kind renders from a full record and an empty one, the parent's words exact."""

from __future__ import annotations

from datetime import date

import pytest

from iepprep import children, letters, rules
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
    assert "rules for choosing an evaluator" in iee and "do not have to give a reason" in iee
    assert "[BLANK TO FILL: the date of that evaluation]" in iee
    follow_up = draft("follow-up", facts)
    assert "  - OT twice a week" in follow_up
    assert "  - send the OT report @Ms. Lee by 2026-12-15 (Ms. Lee, by 2026-12-15)" in follow_up
    assert "  - How is reading measured?" in follow_up
    assert "If I have misunderstood anything, please tell me in writing by 2026-12-12." in follow_up
    assert "It must either pay for the IEE or ask for a due process hearing" in iee
    complaint = draft("complaint-outline", facts)
    assert "State complaint: must reach the state by Fri, Oct 1, 2027" in complaint
    assert "one year from Thu, Oct 1, 2026, when it happened (34 CFR 300.153(c))" in complaint
    assert "To: [BLANK TO FILL: your state education agency's special education complaints office]" in complaint
    assert "Copy to, sent the same day: Dr. Patel, Director of Special Education, Springfield USD" in complaint
    assert f"About: {TOPIC}" in complaint
    mediation = draft("mediation-request", facts)
    assert "Work it through together (2026-11-21): not resolved" in mediation
    assert "voluntary and costs parents nothing" in mediation and "34 CFR 300.506(b)" in mediation
    pwn = draft("pwn-request", facts)
    assert "any other reasons that mattered to the choice" in pwn


def test_the_records_letter_asks_to_inspect_and_review_and_for_copies(data_home) -> None:
    records = draft("records-request", full_record())
    assert "I am asking to see all of Sam Rivera's school records." in records
    assert "the right to inspect and review them (34 CFR 300.613(a))" in records
    assert "I also ask for copies" in records and "(34 CFR 300.613(b)(2), 300.617)" in records
    assert "within 45 days at most" in records
    assert "copies of all" not in records  # the right is to inspect and review; copies are asked for


def test_a_state_setting_reaches_the_letters(data_home) -> None:
    rules.save_setting("records-access", "30")
    rules.save_setting("complaint-office", "Ohio Department of Education, Office for Exceptional Children")
    rules.save_setting("complaint-address", "25 S. Front St., Columbus, OH")
    facts = full_record()
    assert "within 30 days at most" in draft("records-request", facts)
    assert "To: Ohio Department of Education, Office for Exceptional Children, 25 S. Front St., Columbus, OH" in draft(
        "complaint-outline", facts
    )


def test_the_complaint_outline_is_about_the_disagreement_named(data_home) -> None:
    facts = full_record()
    child = facts.child
    other = child.record.append(
        "disagreement",
        topic="speech minutes not given",
        kind="services",
        violation=True,
        violation_date="2026-09-01",
        known_date="2026-09-01",
    )
    loaded = children.load(child.record.path)
    picked = letters.disagreement_for(loaded, other["id"][:5])
    assert picked is not None and picked.topic == "speech minutes not given"
    text = draft("complaint-outline", Facts(loaded, TODAY, "case-manager", loaded.meetings[0], picked))
    assert "About: speech minutes not given" in text and "Wed, Sep 1, 2027" in text
    assert (
        letters.disagreement_for(loaded, None) is not None and letters.disagreement_for(loaded, None).id == other["id"]
    )
    with pytest.raises(Exception, match="No single disagreement's id starts with 'zzz'"):
        letters.disagreement_for(loaded, "zzz")


def test_markdown(data_home) -> None:
    text = draft("follow-up", full_record(), markdown=True)
    assert text.startswith("# Letter of understanding after our IEP meeting - Sam Rivera\n")
    assert "## What we decided\n\n- OT twice a week" in text


def test_an_unknown_letter_is_named(data_home) -> None:
    with pytest.raises(Exception, match="the letters are: meeting-request"):
        letters.kind_of("love-letter")
