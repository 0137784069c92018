"""Letters: ready to send from a full record (whole-output golden files), blanks only for what
iepprep cannot know, nothing meant for the parent inside, and the parent's words exact."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest

from iepprep import children, letters, rules
from iepprep.letters import KINDS, Facts, draft
from iepprep.state import Child

from helpers import TOPIC, Run, full_record

TODAY = date(2026, 11, 28)
GOLDEN = Path(__file__).parent / "fixtures" / "letters"
PARENT_ONLY = ("What you have tried", "not legal advice", "Drafted with iepprep", "I have kept", "BLANK TO FILL: each")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_from_a_full_record_matches_its_golden_file(data_home: Path, kind: str) -> None:
    facts = full_record()
    facts.to_role = KINDS[kind].role
    text = draft(kind, facts).text
    golden = GOLDEN / f"{kind}.txt"
    if os.environ.get("IEPPREP_WRITE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_letter_has_no_shorthand_no_iso_dates_and_nothing_for_the_parent_only(data_home: Path, kind: str) -> None:
    facts = full_record()
    facts.to_role = KINDS[kind].role
    made = draft(kind, facts)
    text = made.text.replace(TOPIC, "")  # the parent's own words go in exactly as typed
    assert "@" not in text.replace("jo@example.org", "")
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), "dates are written out in a letter"
    assert "November 28, 2026" in text and "May 1, 2016" in text
    for words in PARENT_ONLY:
        assert words not in text, words
    assert "not legal advice" in " ".join(made.for_you)
    assert "[BLANK TO FILL: your name]" not in text and "date of birth]" not in text
    assert TOPIC in made.text or kind in (
        "follow-up",
        "records-request",
        "iep-corrections",
        "interpreter-request",
        "parent-concerns",
        "service-log-request",
    )


def test_the_cc_line_is_where_a_copy_is_due(data_home: Path) -> None:
    facts = full_record()
    facts.to_role = KINDS["complaint-outline"].role
    complaint = draft("complaint-outline", facts).text
    assert "\n\ncc: Dr. Patel, Director of Special Education, Springfield USD\n" in complaint
    assert "cc:" not in draft("follow-up", facts).text


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_from_an_empty_record_shows_blanks_and_says_how_to_fill_them(data_home: Path, kind: str) -> None:
    child = children.add("Sam")
    made = draft(kind, Facts(child, TODAY, KINDS[kind].role))
    assert "[BLANK TO FILL:" in made.text and "None" not in made.text
    assert any(line.endswith("every letter will have them: iepprep child edit") for line in made.for_you)


def test_actions_are_written_as_sentences(data_home: Path) -> None:
    follow_up = draft("follow-up", full_record()).text
    assert "  - Ms. Lee will send the OT report by December 15, 2026.\n" in follow_up
    assert "  - I will call the bus company.\n" in follow_up
    assert "Where we did not agree\n\n  - speech cut from 60 to 30 minutes" in follow_up
    assert "Concerns I raised\n\n  - Sam is anxious on the bus" in follow_up
    assert "If I have misunderstood anything, please tell me in writing by December 12, 2026." in follow_up


def test_the_meeting_request_names_the_meeting_and_asks_for_written_notice_if_refused(data_home: Path) -> None:
    made = draft("meeting-request", full_record())
    assert "At our meeting on November 20, 2026, we did not agree about this:" in made.text
    assert "We talked it through with the team in November 2026, and we did not agree." in made.text
    assert "waiting" not in made.text and "(I have kept" not in made.text
    assert "please tell me why in writing, in a prior written notice (34 CFR 300.503(a), (b))" in made.text
    assert made.for_you[0].startswith("What you have tried so far, for you (it is not in the letter): Work it")


def test_the_fields_research_asks_for(data_home: Path) -> None:
    facts = full_record()
    facts.to_role = "director-of-special-education"
    iee = draft("iee-request", facts).text
    assert "rules for choosing an evaluator" in iee and "do not have to give a reason" in iee
    assert "It must either pay for the IEE or ask for a due process hearing" in iee
    assert "[BLANK TO FILL: the date of that evaluation]" in iee
    complaint = draft("complaint-outline", facts).text
    assert "To the state complaints office:" in complaint
    assert "[BLANK TO FILL: your state education agency's complaints office]" in complaint
    assert "It happened on October 1, 2026." in complaint
    mediation = draft("mediation-request", facts).text
    assert "voluntary and costs parents nothing" in mediation and "34 CFR 300.506(b)" in mediation
    assert "any other reasons that mattered to the choice" in draft("pwn-request", facts).text


def test_the_complaint_tells_the_parent_its_deadline_and_where_it_goes(data_home: Path) -> None:
    for_you = " ".join(draft("complaint-outline", full_record()).for_you)
    assert "State complaint: must reach the state by Fri, Oct 1, 2027" in for_you
    copy = "You must send a copy to the school district at the same time. (34 CFR 300.151(a)(1), 300.153(a), (d))"
    assert copy in for_you


def test_iep_corrections_lists_only_what_is_missing_or_partly_there(data_home: Path) -> None:
    text = draft("iep-corrections", full_record()).text
    assert "  - OT twice a week, 30 minutes (only partly in the IEP)\n" in text
    assert "  - Ms. Lee will send the OT report by December 15, 2026. (missing)\n" in text
    assert "bus company" not in text  # the parent's own to-do: not for the IEP


def test_the_records_letter_asks_to_inspect_and_review_and_for_copies(data_home: Path) -> None:
    records = draft("records-request", full_record()).text
    assert "I am asking to see all of Sam Rivera's school records." in records
    assert "the right to inspect and review them (34 CFR 300.613(a))" in records
    assert "I also ask for copies" in records and "(34 CFR 300.613(b)(2), 300.617)" in records
    assert "within 45 days at most" in records


def test_a_state_setting_reaches_the_letters(data_home: Path) -> None:
    rules.save_setting("records-access", "30")
    rules.save_setting("complaint-office", "Ohio Department of Education, Office for Exceptional Children")
    rules.save_setting("complaint-address", "25 S. Front St., Columbus, OH")
    facts = full_record()
    assert "within 30 days at most" in draft("records-request", facts).text
    complaint = draft("complaint-outline", facts).text
    assert "Ohio Department of Education, Office for Exceptional Children\n25 S. Front St., Columbus, OH" in complaint


def test_the_complaint_is_about_the_disagreement_named(data_home: Path) -> None:
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
    made = draft("complaint-outline", Facts(loaded, TODAY, "director-of-special-education", loaded.meetings[0], picked))
    assert "speech minutes not given" in made.text and "It happened on September 1, 2026." in made.text
    assert "Wed, Sep 1, 2027" in " ".join(made.for_you)
    latest = letters.disagreement_for(loaded, None)
    assert latest is not None and latest.id == other["id"]
    with pytest.raises(Exception, match="No single disagreement's id starts with 'zzz'"):
        letters.disagreement_for(loaded, "zzz")


def test_markdown_keeps_the_letters_lines(data_home: Path) -> None:
    text = draft("follow-up", full_record(), markdown=True).text
    assert text.startswith("Jo Rivera  \n1 Elm St, Springfield  \n")
    assert "**What we decided**\n\n- OT twice a week, 30 minutes" in text


def test_an_unknown_letter_is_named(data_home: Path) -> None:
    with pytest.raises(Exception, match="the letters are: meeting-request"):
        letters.kind_of("love-letter")


def test_file_names_say_whose_and_what(data_home: Path) -> None:
    child = children.add("Ana Lía")
    assert letters.file_name(child, "follow-up", date(2026, 12, 8)) == "ana-lia-follow-up-2026-12-08.txt"


def test_a_complaint_outline_for_a_disagreement_that_broke_no_rule_says_how_to_set_it(data_home: Path) -> None:
    facts = full_record(kind="services")
    child = facts.child
    event = child.record.append("disagreement", topic="reading goals", kind="services")
    loaded = children.load(child.record.path)
    picked = letters.disagreement_for(loaded, event["id"])
    made = draft("complaint-outline", Facts(loaded, TODAY, "director-of-special-education", None, picked))
    assert "You have not said that the school broke a rule in this disagreement" in " ".join(made.for_you)


@pytest.mark.parametrize(
    "what, who, expected",
    [
        ("Mr. Diaz sends the draft IEP", "", "Mr. Diaz sends the draft IEP by December 4, 2026."),
        ("I will send the doctor letter", "me", "I will send the doctor letter by December 4, 2026."),
        ("Ms. Lee will call the OT", "Ms. Lee", "Ms. Lee will call the OT by December 4, 2026."),
        ("Send the OT report", "Ms. Lee", "Ms. Lee will send the OT report by December 4, 2026."),
        ("send the report", "me", "I will send the report by December 4, 2026."),
    ],
)
def test_an_action_that_names_who_does_it_is_kept_as_written(what: str, who: str, expected: str) -> None:
    from iepprep.actions import sentence
    from iepprep.letters import blank

    assert sentence(what, who or blank("who will do it"), "December 4, 2026") == expected


def test_the_interpreter_request_is_about_the_coming_meeting(run: Run, sam: Child) -> None:
    run("meeting", "add", "11/20/2026")
    run("meeting", "add", "12/10/2026")
    text = run("letter", "interpreter-request").stdout
    assert "IEP meeting on December 10, 2026." in text  # not the one held on November 20
    assert "Please reply in writing by" not in text  # the name is asked for before the meeting instead
