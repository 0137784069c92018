"""iepprep next-steps and iepprep letter through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from iepprep import children

TODAY = "2026-11-28"


@pytest.fixture
def sam(run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IEPPREP_TODAY", TODAY)
    run("child", "add", "Sam", "--school", "Lincoln")
    run("meeting", "add", "2026-11-20")
    run("notes", "add", "--date", "2026-11-20", "disagree: the evaluation missed dyslexia")
    run("notes", "add", "--date", "2026-11-20", "later: bus times")


def child():
    return children.find_all(full=True).children[0]


def test_a_new_evaluation_disagreement_from_a_note_to_an_iee_letter(run, sam, tmp_path: Path) -> None:
    letter = tmp_path / "iee.txt"
    typed = ["1", "1", "", "y", "", "", "", "", "", "", "3", "yes", "Dr. Patel", str(letter)]
    result = run("next-steps", input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result
    assert "  1. the evaluation missed dyslexia\n  2. bus times" in result.stdout
    assert "Next step: Ask for an Independent Educational Evaluation" in result.stdout
    assert "Who to ask: (no name on record yet), Director of Special Education" in result.stdout
    assert "90% of conflicts" in result.stdout and "not legal advice" in result.stdout
    found = child()
    d = found.disagreements[0]
    assert (d.topic, d.kind, d.strategies) == ("the evaluation missed dyslexia", "evaluation", ["problem-not-person"])
    assert [(s.rung, s.outcome) for s in d.steps] == [("collaborate", "not resolved"), ("iee", "waiting")]
    assert found.contacts["director-of-special-education"].name == "Dr. Patel"
    text = letter.read_text()
    assert "Dear Dr. Patel," in text and "Independent Educational Evaluation" in text


def test_running_again_asks_how_the_waiting_step_went_and_moves_on(run, sam, tmp_path: Path) -> None:
    run(
        "next-steps",
        input="\n".join(["1", "1", "", "", "", "", "", "", "", "", "3", "yes", "Dr. Patel", str(tmp_path / "a.txt")])
        + "\n",
    )
    result = run("next-steps", input="3\n1\nyes\n\n" + str(tmp_path / "b.txt") + "\n")
    assert "Last time: Ask for an Independent Educational Evaluation (2026-11-28)" in result.stdout
    assert "Next step: Ask for another IEP meeting, set up differently" in result.stdout
    d = child().disagreements[0]
    assert [(s.rung, s.outcome) for s in d.steps] == [
        ("collaborate", "not resolved"),
        ("iee", "not resolved"),
        ("another-meeting", "waiting"),
    ]
    assert "REQUEST FOR ANOTHER IEP MEETING - SAM" in (tmp_path / "b.txt").read_text()


def test_a_resolved_step_closes_the_disagreement(run, sam) -> None:
    result = run("next-steps", input="2\n2\n\n" + "\n" * 7 + "1\nyes\n")
    assert "This disagreement is resolved. Well done." in result.stdout
    assert "Marked as resolved." in result.stdout
    assert not child().disagreements[0].is_open


def test_a_legal_violation_shows_its_complaint_deadline(run, sam) -> None:
    result = run("next-steps", input="the IEP speech minutes were not given\n4\n-\n2025-12-28\n" + "\n" * 7 + "3\nno\n")
    assert "A formal (state) complaint must be filed: by 2026-12-28 (30 days left)." in result.stdout
    assert "Next step: File a formal complaint with your state" in result.stdout
    assert "Nothing was recorded." in result.stdout
    assert child().disagreements[0].violation_date == "2025-12-28"


def test_show_prints_every_ladder_and_asks_nothing(run, sam) -> None:
    run("next-steps", input="2\n3\n\n" + "\n" * 7 + "3\nno\n")
    result = run("next-steps", "--show")
    assert result.exit_code == 0
    assert "Disagreement: bus times" in result.stdout
    assert "Work it through together" in result.stdout and "not resolved (2026-11-28)" in result.stdout
    assert "Next step: Ask for another IEP meeting, set up differently" in result.stdout
    assert "?" not in result.stdout.split("\n")[-2]


def test_show_with_no_disagreement(run, sam) -> None:
    assert "No disagreement is on record for Sam." in run("next-steps", "--show").stdout


def test_several_disagreements_can_be_open(run, sam) -> None:
    run("next-steps", input="1\n1\n\n" + "\n" * 7 + "3\nno\n")
    result = run("next-steps", input="2\n2\n3\n\n" + "\n" * 7 + "3\nno\n")
    assert "Open disagreements:\n  1. the evaluation missed dyslexia\n  2. A new disagreement" in result.stdout
    assert [d.topic for d in child().disagreements if d.is_open] == ["the evaluation missed dyslexia", "bus times"]


def test_ctrl_d_keeps_what_was_entered(run, sam) -> None:
    result = run("next-steps", input="1\n1\n")
    assert result.exit_code == 0 and "The input ended. Everything you entered is saved" in result.stdout


def test_letter_to_the_screen_to_a_file_and_in_markdown(run, sam, tmp_path: Path) -> None:
    shown = run("letter", "follow-up")
    assert shown.exit_code == 0 and "LETTER OF UNDERSTANDING AFTER OUR IEP MEETING - SAM" in shown.stdout
    target = tmp_path / "letter.md"
    written = run(
        "letter", "records-request", "--format", "md", "-o", str(target), "--to", "Director of Special Education"
    )
    assert written.stdout.strip() == f"Wrote {target}."
    text = target.read_text()
    assert text.startswith("# Request for education records - Sam") and "Director of Special Education" in text
    again = run("letter", "records-request", "-o", str(target))
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert target.read_text() == text


@pytest.mark.parametrize(
    "args, message",
    [
        (["letter", "love-letter"], "There is no letter called 'love-letter'"),
        (["letter", "follow-up", "--format", "pdf"], "'pdf' is not a format"),
        (["letter", "follow-up", "--date", "2026-12-25"], "No meeting on 2026-12-25"),
    ],
)
def test_letter_bad_input(run, sam, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 1 and message in result.stderr and len(result.stderr.splitlines()) == 1
