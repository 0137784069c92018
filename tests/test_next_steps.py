"""iepprep next-steps and iepprep letter through the command line."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from iepprep.state import Child

from helpers import Run, matches_golden, reload


@pytest.fixture
def met(run: Run, sam: Child) -> None:
    """Sam's meeting on 20 November left a disagreement and a topic for later in the notes."""
    run("meeting", "add", "2026-11-20")
    run("notes", "add", "--date", "2026-11-20", "disagree: the evaluation missed dyslexia")
    run("notes", "add", "--date", "2026-11-20", "later: bus times")


def new(topic: str, kind: str, known: str = "", broke: tuple[str, str] | None = None, pwn: str = "no") -> list[str]:
    """The answers that open a disagreement: its topic, kind, meeting (Enter: the last one held),
    when the parent first knew (Enter: that meeting's date), whether the school is not doing what
    the IEP or the law requires (then when, and whether it still is), and the prior written notice offer."""
    lines = [topic, kind, "", known]
    if kind != "4":
        lines.append("yes" if broke else "no")
    if kind == "4" or broke:
        lines += list(broke or ("", "no"))
    return [*lines, pwn]


def typed(*groups: list[str]) -> str:
    return "\n".join(line for group in groups for line in group) + "\n"


UNTRIED = [""] * 7  # the seven ways of working it through, none tried


def test_a_new_evaluation_disagreement_from_a_note_to_an_iee_letter(run: Run, met: None, tmp_path: Path) -> None:
    letter = tmp_path / "iee.txt"
    answers = typed(new("1", "1"), ["y"], [""] * 6, ["3", "yes", "Dr. Patel", str(letter)])
    result = run("next-steps", input=answers)
    assert result.exit_code == 0, result
    assert "  1. the evaluation missed dyslexia\n  2. bus times" in result.stdout
    assert "Next step: Ask for an Independent Educational Evaluation" in result.stdout
    assert "Who to ask: (no name on record yet), Director of Special Education" in result.stdout
    assert "90% of conflicts" in result.stdout and "not legal advice" in result.stdout
    found = reload()
    d = found.disagreements[0]
    assert (d.topic, d.kind, d.strategies) == ("the evaluation missed dyslexia", "evaluation", ["problem-not-person"])
    assert (d.known_date, d.violation) == ("2026-11-20", False)
    assert [(s.rung, s.outcome) for s in d.steps] == [("collaborate", "not resolved"), ("iee", "waiting")]
    assert found.contacts["director-of-special-education"].name == "Dr. Patel"
    text = letter.read_text()
    assert "Dear Dr. Patel:" in text and "Independent Educational Evaluation" in text
    assert letter.stat().st_mode & 0o777 == 0o600


def test_running_again_asks_how_the_waiting_step_went_and_moves_on(run: Run, met: None, tmp_path: Path) -> None:
    run("next-steps", input=typed(new("1", "1"), UNTRIED, ["3", "yes", "Dr. Patel", str(tmp_path / "a.txt")]))
    result = run("next-steps", input="3\n1\nyes\n\n" + str(tmp_path / "b.txt") + "\n")
    assert "Last time: Ask for an Independent Educational Evaluation (Sat, Nov 28, 2026)" in result.stdout
    assert "Next step: Ask for another IEP meeting, set up differently" in result.stdout
    d = reload().disagreements[0]
    assert [(s.rung, s.outcome) for s in d.steps] == [
        ("collaborate", "not resolved"),
        ("iee", "not resolved"),
        ("another-meeting", "waiting"),
    ]
    assert (
        "Re: Sam, date of birth [BLANK TO FILL: date of birth], Lincoln Elementary - Request for another IEP meeting"
        in (tmp_path / "b.txt").read_text()
    )


def test_a_resolved_step_closes_the_disagreement(run: Run, met: None) -> None:
    result = run("next-steps", input=typed(new("2", "2"), UNTRIED, ["1", "yes"]))
    assert "This disagreement is resolved. Well done." in result.stdout
    assert "Marked as resolved." in result.stdout
    assert not reload().disagreements[0].is_open


def test_a_legal_violation_close_to_its_deadline_leads_with_the_complaint(run: Run, met: None) -> None:
    answers = typed(new("the IEP speech minutes were not given", "4", broke=("2025-12-28", "no")), ["no"])
    result = run("next-steps", input=answers)
    out = result.stdout
    urgent = (
        "Time is short: the state complaint must reach the state by Mon, Dec 28, 2026 (30 days left), "
        "one year from Sun, Dec 28, 2025 (34 CFR 300.153(c))."
    )
    assert urgent in out and out.index(urgent) < out.index("Next step: File a state complaint")
    assert "State complaint: must reach the state by Mon, Dec 28, 2026 (30 days left) - one year from " in out
    assert "Send it to: your state's education agency" in out
    assert "Copy to, at the same time: (no name on record yet), Director of Special Education" in out
    assert "Nothing was recorded." in out
    d = reload().disagreements[0]
    assert (d.violation_date, d.ongoing) == ("2025-12-28", False)


def test_services_not_delivered_offers_the_state_complaint(run: Run, met: None) -> None:
    answers = typed(new("speech sessions missed since September", "2", broke=("2026-11-15", "yes")), UNTRIED)
    result = run("next-steps", input=answers + "3\nno\n")
    assert "Next step: File a state complaint" in result.stdout
    assert "one year from Sun, Nov 15, 2026, the last time it happened (34 CFR 300.153(c))" in result.stdout
    d = reload().disagreements[0]
    assert (d.kind, d.violation, d.violation_date, d.ongoing) == ("services", True, "2026-11-15", True)


def test_the_due_process_line_counts_from_when_the_parent_first_knew(run: Run, met: None) -> None:
    result = run("next-steps", input=typed(new("2", "2", known="2026-06-01"), UNTRIED, ["3", "no"]))
    assert (
        "Due process complaint: must be filed by Thu, Jun 1, 2028 (551 days left) - two years from "
        "Mon, Jun 1, 2026, when you first knew of it, or should have (34 CFR 300.511(e); see also 300.507(a); "
        "your state may set another limit)." in result.stdout
    )


def test_a_new_disagreement_offers_the_prior_written_notice_letter(run: Run, met: None, tmp_path: Path) -> None:
    letter = tmp_path / "pwn.txt"
    result = run("next-steps", input=typed(new("1", "1", pwn="yes"), [str(letter)]))
    assert "Ask for the school's answer in writing." in result.stdout and "34 CFR 300.503" in result.stdout
    assert " - Request for prior written notice\n" in letter.read_text()
    assert "What was proposed or refused: the evaluation missed dyslexia" in letter.read_text()


def test_edit_changes_the_dates_a_deadline_counts_from(run: Run, met: None) -> None:
    run("next-steps", input=typed(new("2", "2"), UNTRIED, ["3", "no"]))
    before = run("next-steps", "--show").stdout
    assert "must be filed by Mon, Nov 20, 2028 (723 days left) - two years from Fri, Nov 20, 2026" in before
    result = run("next-steps", "--edit", input=typed(["", "2026-03-02", "yes", "2026-03-02", "no"]))
    assert result.exit_code == 0, result
    assert "Saved the new known date, violation, violation date." in result.stdout
    assert "Due process complaint: must be filed by Thu, Mar 2, 2028" in result.stdout
    assert "State complaint: must reach the state by Tue, Mar 2, 2027" in result.stdout
    d = reload().disagreements[0]
    assert (d.known_date, d.violation, d.violation_date) == ("2026-03-02", True, "2026-03-02")


def test_edit_with_nothing_open_says_how_to_start(run: Run, met: None) -> None:
    result = run("next-steps", "--edit", input="")
    assert result.exit_code == 1 and "No open disagreement is on record for Sam" in result.stderr


def test_show_prints_every_ladder_and_asks_nothing(run: Run, met: None) -> None:
    run("next-steps", input=typed(new("2", "3"), UNTRIED, ["3", "no"]))
    record = reload().record.path
    before = record.read_bytes()
    result = run("next-steps", "--show", input="1\nyes\n")
    assert result.exit_code == 0
    assert "Next step: Ask for another IEP meeting, set up differently" in result.stdout
    assert matches_golden(result.stdout, "screens/next-steps-show.txt"), result.stdout
    assert record.read_bytes() == before


def test_show_with_no_disagreement(run: Run, met: None) -> None:
    assert "No disagreement is on record for Sam." in run("next-steps", "--show").stdout


def test_several_disagreements_can_be_open(run: Run, met: None) -> None:
    run("next-steps", input=typed(new("1", "1"), UNTRIED, ["3", "no"]))
    result = run("next-steps", input=typed(["2"], new("2", "2"), UNTRIED, ["3", "no"]))
    assert "Open disagreements:\n  1. the evaluation missed dyslexia\n  2. A new disagreement" in result.stdout
    assert [d.topic for d in reload().disagreements if d.is_open] == ["the evaluation missed dyslexia", "bus times"]


def test_ctrl_d_keeps_what_was_entered(run: Run, met: None) -> None:
    result = run("next-steps", input="1\n1\n")
    assert result.exit_code == 0
    assert result.stdout.endswith("\n\nStopped. Everything you entered is saved.\nTo go on, run: iepprep next-steps\n")


def test_letter_to_the_screen_to_a_file_and_in_markdown(run: Run, met: None, tmp_path: Path) -> None:
    shown = run("letter", "follow-up")
    assert shown.exit_code == 0 and " - Our IEP meeting: what I understood\n" in shown.stdout
    assert "not legal advice" not in shown.stdout  # said beside the letter, on stderr
    assert "Some details are missing (your name, your address" in shown.stderr
    assert "This is general information" in shown.stderr
    assert re.search(r"^Fill each \[BLANK TO FILL\] \(\d+ of them\) before you send it\.$", shown.stderr, re.M)
    target = tmp_path / "letter.md"
    written = run(
        "letter", "records-request", "--format", "md", "-o", str(target), "--to", "Director of Special Education"
    )
    assert written.stdout.splitlines()[0] == f"The letter is in {target.resolve()}."
    assert "  This is general information, not legal advice." in written.stdout.splitlines()
    assert target.stat().st_mode & 0o777 == 0o600
    text = target.read_text()
    assert " - Request to see education records\n" in text and "Director of Special Education  \n" in text
    again = run("letter", "records-request", "-o", str(target))
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert target.read_text() == text


@pytest.mark.parametrize(
    "args, message",
    [
        (["letter", "love-letter"], "There is no letter called 'love-letter'"),
        (["letter", "follow-up", "--format", "pdf"], "'pdf' is not a format"),
        (["letter", "follow-up", "--date", "2026-12-25"], "No meeting on Fri, Dec 25, 2026 is on record for Sam"),
    ],
)
def test_letter_bad_input(run: Run, met: None, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 1 and message in result.stderr and len(result.stderr.splitlines()) == 1


def test_a_placement_disagreement_says_when_stay_put_applies(run: Run, met: None) -> None:
    run("next-steps", input=typed(new("2", "3"), UNTRIED, ["3", "no"]))
    shown = run("next-steps", "--show").stdout
    lead = "If the school plans to change where or how Sam is taught, or to cut services, and you do not agree: "
    assert lead in shown
    assert "Just disagreeing does not do this: you have to file. To be safe, file before the change starts." in shown
    assert "Moves for discipline follow other rules." in shown
    assert "(34 CFR 300.518(a), 300.533)" in shown


def test_stay_put_is_not_claimed_for_other_kinds(run: Run, met: None) -> None:
    run("next-steps", input=typed(new("2", "5"), UNTRIED, ["3", "no"]))
    assert "300.518" not in run("next-steps", "--show").stdout


def test_a_step_on_a_disagreement_resolved_meanwhile_is_refused(run: Run, met: None) -> None:
    from iepprep import nextsteps
    from iepprep.errors import IepprepError
    from iepprep.ladder import RUNGS

    run("next-steps", input=typed(new("1", "1"), UNTRIED, ["3", "no"]))
    here, elsewhere = reload(), reload()  # two iepprep windows on one record
    nextsteps.close(elsewhere, elsewhere.disagreements[0])
    with pytest.raises(IepprepError, match="marked resolved meanwhile"):
        nextsteps.record_step(here, here.disagreements[0], RUNGS["iee"], "waiting", date(2026, 11, 28))
    assert [s.rung for s in reload().disagreements[0].steps] == ["collaborate"]
