"""iepprep prep: walking the before-checklist, stopping, resuming, reviewing, answer files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from iepprep.checklists import load_all
from iepprep.state import Answer, Child

from helpers import Run, matches_golden, reload

MEETING = "2026-12-03"
HOSTILE = [
    "[/]",
    "[bold]x",
    "[link=file:///etc/passwd]x[/link]",
    "\x1b[31mred\x1b[0m \x1b]0;title\x07",
    "😀 emoji",
    "שלום עולם",
    "é" * 10240,
]
KINDS_CHECKLIST = """\
id: kinds
title: Every kind for {child}
phase: before
summary: One item of each kind.
items:
  - {id: tick, kind: check, text: Tick it., why: To tick.}
  - {id: words, kind: text, prompt: "Words about {child}", text: Say it., why: To say.}
  - {id: lines, kind: list, text: List them., why: To list.}
  - {id: pick, kind: choice, choices: [school, district office], text: Pick a place., why: To pick.}
  - {id: when, kind: date, prompt: When it happened, text: Date it., why: To date.}
  - {id: sure, kind: yesno, text: Sure?, why: To know.}
"""


@pytest.fixture
def planned(run: Run, sam: Child) -> None:
    """Sam's annual review is planned for Thursday 3 December 2026."""
    run("meeting", "add", MEETING, "--purpose", "annual review")


@pytest.fixture
def kinds(data_home: Path) -> None:
    (data_home / "checklists").mkdir(parents=True, exist_ok=True)
    (data_home / "checklists" / "kinds.yaml").write_text(KINDS_CHECKLIST)


def answers(checklist: str = "before", day: str = MEETING) -> dict[str, Answer]:
    child = reload()
    meeting = next(m for m in child.meetings if m.date == day)
    return child.answers_for(meeting, checklist)


def typed_answers_for_every_item() -> list[str]:
    lines = []
    for item in load_all().get("before").items:
        lines += {
            "check": ["1"],
            "yesno": ["no"],
            "text": [f"about {item.id}"],
            "list": [f"{item.id} one", f"{item.id} two", ""],
        }[item.kind]
    return lines


ITEMS = len(load_all().get("before").items)


def skip_until(item_id: str) -> list[str]:
    """Enter at every item before `item_id`: an item with no answer yet is skipped."""
    ids = [item.id for item in load_all().get("before").items]
    return [""] * ids.index(item_id)


def first_item_asked(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith("Item "))


def test_a_full_walk_saves_every_answer(run: Run, planned: None) -> None:
    result = run("prep", input="\n".join(typed_answers_for_every_item()) + "\n")
    assert result.exit_code == 0, result
    assert f"Getting ready for Sam's meeting on Thu, Dec 3, 2026 (in 5 days) - {ITEMS} items" in result.stdout
    assert f"Item {ITEMS} of {ITEMS}" in result.stdout
    assert f"{ITEMS} answered, 0 skipped, 0 not yet (of {ITEMS})." in result.stdout
    assert "Where you stand - Sam's meeting on Thu, Dec 3, 2026 (in 5 days)" in result.stdout
    assert "The meeting is in 5 days" not in result.stdout  # the heading already says it
    assert "You are ready. Remember to speak of Sam by name" in result.stdout
    saved = answers()
    assert saved["purpose"].value == "done"
    assert saved["strengths"].value == ["strengths one", "strengths two"]
    assert saved["concerns"].value == "about concerns"
    assert saved["more-time"].value == "no"


def test_stopping_then_resuming_starts_at_the_first_unanswered_item(run: Run, planned: None) -> None:
    first = run("prep", input="1\n2\n3\n")
    assert first.exit_code == 0
    assert f"Stopped. 3 answers are saved.\nTo pick up at item 4 of {ITEMS}, run: iepprep prep\n" in first.stdout
    assert [answers()[i].value for i in ("purpose", "active-member", "partners")] == [
        "done",
        "not yet",
        "not applicable",
    ]
    second = run("prep", input="")
    assert first_item_asked(second.stdout) == f"Item 4 of {ITEMS}"


def test_why_back_skip_and_quit(run: Run, planned: None) -> None:
    result = run("prep", input="/why\n1\n/skip\n/back\n2\n/quit\n")
    assert "Why: Keeping the goal in mind makes every question easier." in result.stdout
    assert result.stdout.count(f"Item 2 of {ITEMS}") == 2  # asked, skipped, then back to it
    assert f"Stopped. 2 answers are saved.\nTo pick up at item 3 of {ITEMS}" in result.stdout
    assert result.exit_code == 0
    assert answers()["active-member"].value == "not yet"
    assert "Type /why to see why this matters, /back, /skip or /quit." in result.stdout


def test_each_answer_is_said_back_so_a_slip_is_seen_at_once(run: Run, planned: None) -> None:
    result = run("prep", input="/back\nx\n/skip\n3\n")
    assert "This is the first item; there is none before it." in result.stdout
    assert result.stdout.count(f"Item 1 of {ITEMS}") == 2  # /back stayed on it
    assert "  saved: done\n" in result.stdout  # x ticks a box, as on paper
    assert "  skipped; it stays open\n" in result.stdout
    assert "  saved: not applicable\n" in result.stdout
    assert answers()["purpose"].value == "done"


def test_a_skipped_item_is_not_asked_again_on_resume_but_stays_open(run: Run, planned: None) -> None:
    run("prep", input="1\n/skip\n")
    assert first_item_asked(run("prep", input="").stdout) == f"Item 3 of {ITEMS}"
    review = run("prep", "--review").stdout
    assert "[skipped]" in review and "[done]" in review and "[open]" in review


def test_review_shows_status_and_answers_and_asks_nothing(run: Run, planned: None) -> None:
    run("prep", input="1\n2\n3\n")
    record = reload().record.path
    before = record.read_bytes()
    result = run("prep", "--review", input="1\n1\n1\n")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Getting ready for the IEP meeting - Sam's meeting on Thu, Dec 3, 2026 (in 5 days)"
    assert lines[1].split()[:2] == ["1.", "[done]"]
    assert lines[2].split()[:3] == ["2.", "[not", "yet]"]
    assert matches_golden(result.stdout, "screens/prep-review.txt"), result.stdout
    assert record.read_bytes() == before


def test_restart_walks_from_the_top_with_recorded_answers_as_defaults(run: Run, planned: None) -> None:
    run("prep", input="2\n")
    result = run("prep", "--restart", input="\n1\n")
    assert first_item_asked(result.stdout) == f"Item 1 of {ITEMS}"
    assert "1 done, 2 not yet, 3 not applicable [not yet]: " in result.stdout
    assert answers()["purpose"].value == "not yet" and answers()["active-member"].value == "done"


def test_everything_answered_says_so_and_points_to_restart(run: Run, planned: None) -> None:
    run("prep", input="\n".join(typed_answers_for_every_item()) + "\n")
    result = run("prep", input="")
    assert result.stdout.startswith(
        "Every item is answered. To go through every item again, run: iepprep prep --restart\n"
    )


def test_answers_file_fills_the_walk(run: Run, planned: None, tmp_path: Path) -> None:
    file = tmp_path / "answers.yaml"
    file.write_text("concerns: Reading is hard\nstrengths: [Drawing, Kindness]\nmore-time: yes\npurpose: done\n")
    result = run("prep", "--answers", str(file))
    assert result.exit_code == 0 and f"Saved 4 answers from {file}." in result.stdout
    assert "You said you need more time: ask the school, in writing, to move the meeting." in result.stdout
    saved = answers()
    assert saved["strengths"].value == ["Drawing", "Kindness"] and saved["more-time"].value == "yes"


def test_a_bad_answers_file_records_nothing(run: Run, planned: None, tmp_path: Path) -> None:
    file = tmp_path / "answers.yaml"
    file.write_text("concerns: fine\nstrengths: Drawing\ncolour: blue\nmore-time: maybe\n")
    result = run("prep", "--answers", str(file))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{file}: 'strengths' is a list item: write its answer as a list of lines.",
        f"{file}: 'colour' is not an item of the before checklist.",
        f"{file}: The answer to 'more-time' does not fit: Please answer yes or no.",
        "Nothing from the file was recorded.",
    ]
    assert answers() == {}


@pytest.mark.parametrize("content", ["- just\n- a list\n", "a: [unclosed\n", ""])
def test_an_answers_file_that_is_not_a_mapping_is_refused(
    run: Run, planned: None, tmp_path: Path, content: str
) -> None:
    file = tmp_path / "answers.yaml"
    file.write_text(content)
    result = run("prep", "--answers", str(file))
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1 and str(file) in result.stderr


def test_every_kind_is_asked_and_checked(run: Run, planned: None, kinds: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", "true")  # an editor that writes nothing
    result = run(
        "prep",
        "--checklist",
        "kinds",
        input="\n".join(
            [
                "maybe",
                "1",  # check: re-asked after a wrong word
                "/edit",
                "Words typed instead",  # text: the editor wrote nothing, so it is asked again
                "first",
                "second",
                "",  # list
                "5",
                "District Office",  # choice: out of range, then by name
                "2026-02-30",
                "2026-02-28",  # date: impossible, then real
                "perhaps",
                "y",  # yesno
            ]
        )
        + "\n",
    )
    assert result.exit_code == 0, result
    assert "Please type 1 for done, 2 for not yet or 3 for not applicable." in result.stderr
    assert "Please type a number from 1 to 2, or one of the choices." in result.stderr
    assert "2026-02-30 is not a real date on the calendar" in result.stderr
    assert "Please answer yes or no." in result.stderr
    assert "Nothing was written, so nothing changed." in result.stdout
    saved = answers("kinds")
    assert saved["words"].value == "Words typed instead"
    assert saved["lines"].value == ["first", "second"]
    assert saved["pick"].value == "district office"
    assert saved["when"].value == "2026-02-28"
    assert saved["sure"].value == "yes"


def test_edit_opens_the_editor_for_a_longer_answer(
    run: Run, planned: None, kinds: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "Line one\\nLine [two]\\n" > "$1"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    result = run("prep", "--checklist", "kinds", input="1\n/edit\n")
    assert answers("kinds")["words"].value == "Line one\nLine [two]"
    assert "Type /edit to write a longer answer in your editor." in result.stdout
    assert "Your answer:\n  Line one\n  Line [two]\n" in result.stdout  # shown back


def test_edit_without_an_editor_takes_several_lines_right_here(
    run: Run, planned: None, kinds: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no editor set, and no nano to fall back on
    result = run("prep", "--checklist", "kinds", input="1\n/edit\nFirst line\n  indented [x]\n.\n")
    assert "Type /edit to write a longer answer over several lines." in result.stdout
    assert "To finish, type a line with only a dot (.) or press Ctrl-D." in result.stdout
    assert answers("kinds")["words"].value == "First line\n  indented [x]"
    assert "Your answer:\n  First line\n    indented [x]\n" in result.stdout


def test_hostile_answers_are_stored_exactly_and_shown_literally(run: Run, planned: None) -> None:
    typed = skip_until("concerns") + [HOSTILE[0], HOSTILE[1], HOSTILE[2], ""] + HOSTILE + [""]
    run("prep", input="\n".join(typed) + "\n")
    saved = answers()
    assert saved["concerns"].value == "[/]"
    assert saved["strengths"].value == ["[bold]x", "[link=file:///etc/passwd]x[/link]"]
    assert saved["questions"].value == HOSTILE
    review = run("prep", "--review")
    assert review.exit_code == 0
    shown = " ".join(review.stdout.split())  # the answer may wrap anywhere a space is
    for literal in ("[/]", "[bold]x", "[link=file:///etc/passwd]x[/link]", "😀 emoji", "שלום עולם", "red", "é" * 50):
        assert literal in shown
    assert "\x1b" not in review.stdout and "\x07" not in review.stdout


def test_no_child_yet_asks_the_name_and_the_meeting(run: Run, today: str) -> None:
    details = "\n" * 9  # the details letters need, each skipped with Enter
    result = run("prep", input="Sam\n" + details + "2031-02-30\n12/10\n3:30 pm\nannual review\nLincoln\n1\n")
    assert "Your child's first name: Sam" in result.stdout
    assert "2031-02-30 is not a real date on the calendar" in result.stderr
    child = reload()
    assert [(m.date, m.time, m.purpose, m.where) for m in child.meetings] == [
        ("2026-12-10", "15:30", "annual review", "Lincoln")
    ]
    assert answers(day="2026-12-10")["purpose"].value == "done"


def test_a_meeting_not_scheduled_yet_then_gets_its_date(run: Run, sam: Child, tmp_path: Path) -> None:
    run("prep", input="\n\n\n1\n")
    file = tmp_path / "answers.yaml"
    file.write_text("more-time: no\n")
    no_date = "The meeting has no date yet; when you know it, add it with: iepprep meeting add DATE"
    assert no_date in run("prep", "--answers", str(file)).stdout
    added = run("meeting", "add", "2026-12-10")
    assert added.stdout.strip() == (
        "The meeting you were getting ready for is now on Thu, Dec 10, 2026 (in 12 days) for Sam."
    )
    assert answers(day="2026-12-10")["purpose"].value == "done"
    dated = run("prep", "--answers", str(file)).stdout
    assert no_date not in dated and "Where you stand - Sam's meeting on Thu, Dec 10, 2026 (in 12 days)" in dated


def test_a_new_meeting_starts_fresh_but_offers_what_carries_over(run: Run, planned: None, tmp_path: Path) -> None:
    file = tmp_path / "answers.yaml"
    file.write_text("strengths: [Drawing]\nconcerns: Reading\noutcome: More help\npurpose: done\n")
    run("prep", "--answers", str(file))
    run("meeting", "add", "2027-03-01")
    result = run("prep", "--date", "2027-03-01", "--restart", input="\n".join(skip_until("concerns") + [""] * 3) + "\n")
    assert "Offered from the last meeting: press Enter to keep it." in result.stdout
    fresh = answers(day="2027-03-01")
    assert fresh["purpose"].status == "skipped"  # does not carry over: asked fresh
    assert fresh["concerns"].value == "Reading"  # carries over: Enter kept it
    assert fresh["strengths"].value == ["Drawing"]
    assert "Now: Drawing" in result.stdout


@pytest.mark.parametrize("day, nudged", [("2026-12-01", True), ("2026-11-28", False)])
def test_a_close_meeting_with_key_items_open_suggests_asking_for_time(
    run: Run, planned: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, day: str, nudged: bool
) -> None:
    """Two days before the meeting the nudge appears; five days before it does not (whatever it would say)."""
    monkeypatch.setenv("IEPPREP_TODAY", day)
    file = tmp_path / "answers.yaml"
    file.write_text("purpose: done\n")
    result = run("prep", "--answers", str(file))
    key_open = [i for i in load_all().get("before").items if not i.optional and i.id != "purpose"]
    days = (date.fromisoformat(MEETING) - date.fromisoformat(day)).days
    nudge = (
        f"The meeting is in {days} days and {len(key_open)} items are still open. "
        "If you need more time to get ready, it is okay to ask the school to move the meeting."
    )
    assert f"(in {days} days)\n" in result.stdout  # the heading the nudge would follow
    assert (nudge in result.stdout) is nudged


def test_review_without_a_meeting_says_how_to_start(run: Run, sam: Child) -> None:
    result = run("prep", "--review")
    assert result.exit_code == 1
    assert result.stderr.strip() == "No upcoming meeting is on record for Sam; start getting ready with: iepprep prep"


def test_the_resume_command_names_the_child_when_several_are_on_record(run: Run, planned: None) -> None:
    run("child", "add", "Ana Lía")
    run("meeting", "add", "2026-12-05", "--child", "Ana Lía")
    result = run("prep", "--child", "Ana Lía", "--date", "2026-12-05", input="1\n")
    assert "run: iepprep prep --child 'Ana Lía' --date 2026-12-05\n" in result.stdout


def test_a_list_stopped_part_way_resumes_at_that_item_with_what_was_typed(run: Run, planned: None) -> None:
    number = [item.id for item in load_all().get("before").items].index("strengths") + 1
    first = run("prep", input="\n".join([*skip_until("strengths"), "Loves drawing", "Kind to friends"]) + "\n")
    assert first.stdout.endswith(
        f"The list you were typing is kept as you left it.\nTo pick up at item {number} of {ITEMS}, run: iepprep prep\n"
    )
    assert (answers()["strengths"].status, answers()["strengths"].value) == (
        "draft",
        ["Loves drawing", "Kind to friends"],
    )
    second = run("prep", input="Great memory\n\n")
    assert first_item_asked(second.stdout) == f"Item {number} of {ITEMS}"
    assert (
        "Typed before you stopped; go on adding, or press Enter to finish:\n  - Loves drawing\n  - Kind to friends\n"
        in (second.stdout)
    )
    assert (answers()["strengths"].status, answers()["strengths"].value) == (
        "answered",
        ["Loves drawing", "Kind to friends", "Great memory"],
    )
    review = run("prep", "--review").stdout
    assert "[open]" in review


def test_what_a_sitting_saved_counts_answers_and_skips_once_each(run: Run, planned: None) -> None:
    result = run("prep", input="1\n\n/back\n\n\n")
    assert "Stopped. 1 answer is saved. 2 items were skipped; they stay open.\n" in result.stdout
    assert "Stopped. Nothing was answered this time.\n" in run("prep", "--restart", input="").stdout


def test_a_later_sitting_goes_through_only_what_is_still_open(run: Run, planned: None) -> None:
    every = typed_answers_for_every_item()
    every[1] = "2"  # the second item: not yet
    run("prep", input="\n".join(every) + "\n")
    run("prep", "--restart", input="\n\n\n/skip\n/quit\n")  # the fourth item skipped
    later = run("prep", input="1\n\n")
    heading = "Getting ready for Sam's meeting on Thu, Dec 3, 2026 (in 5 days) - "
    assert heading + "2 items are still open (skipped, not yet, or not answered)." in later.stdout
    asked = [line for line in later.stdout.splitlines() if line.startswith("Item ")]
    assert asked == [f"Item 2 of {ITEMS}", f"Item 4 of {ITEMS}"]
    assert answers()["active-member"].value == "done" and answers()["old-feelings"].status == "skipped"
    assert "Stopped." not in later.stdout
    again = run("prep", "--open", input="")
    assert [line for line in again.stdout.splitlines() if line.startswith("Item ")] == [f"Item 4 of {ITEMS}"]
    assert f"To pick up at item 4 of {ITEMS}, run: iepprep prep --open\n" in again.stdout


def test_open_and_restart_cannot_be_asked_together(run: Run, planned: None) -> None:
    result = run("prep", "--open", "--restart")
    assert (result.exit_code, result.stderr) == (1, "Choose one of --review, --restart, --open and --answers.\n")


def test_why_points_to_the_glossary_for_the_words_it_uses(run: Run, planned: None) -> None:
    result = run("prep", input="\n".join([*skip_until("first-evaluation"), "/why", "/quit"]) + "\n")
    assert "Words: evaluation, consent - what they mean: iepprep glossary\n" in result.stdout
    spanish = run(
        "--lang", "es", "prep", "--restart", input="\n".join([*skip_until("first-evaluation"), "/why"]) + "\n"
    )
    assert "evaluación, consentimiento" in spanish.stdout
