"""The installed iepprep in a real terminal (a pty), typed at as a parent would."""

from __future__ import annotations

import re
import signal
import sys
import time
from datetime import date
from pathlib import Path

import pexpect
import pytest

from iepprep import children, iep, meetings
from iepprep.checklists import load_all

from helpers import reload

ITEMS = len(load_all().get("before").items)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pty")


def spawn(iepprep_bin: str, env: dict[str, str], *args: str) -> pexpect.spawn[str]:
    # wide enough that no sentence wraps, so each can be waited for whole
    return pexpect.spawn(iepprep_bin, list(args), env=env, encoding="utf-8", timeout=20, dimensions=(30, 1000))


def ctrl_c(term: pexpect.spawn[str]) -> None:
    """Press Ctrl-C once the program waits at a prompt, as a person would.

    Call it only after the prompt itself has been seen: CPython misses a SIGINT
    that lands between its last signal check and readline's wait for a key, so
    a Ctrl-C sent while the program is still printing may go unnoticed. The
    pause is pexpect's own pause before it sends typed keys (delaybeforesend).
    """
    time.sleep(term.delaybeforesend or 0.05)
    term.sendintr()


def test_child_edit_typing_ctrl_c_then_resuming(iepprep_bin: str, child_env: dict[str, str]) -> None:
    children.add("Sam")
    term = spawn(iepprep_bin, child_env, "child", "edit", "Sam")
    term.expect_exact("Child's name [Sam]: ")
    term.sendline("")
    term.expect_exact("Date of birth (for example 5/1/2016): ")
    term.sendline("2/30/2016")
    term.expect_exact("2/30/2016 is not a real date on the calendar")
    term.expect_exact("Date of birth (for example 5/1/2016): ")
    term.sendline("May 1, 2016")
    term.expect_exact("School: ")
    term.sendline("Lincoln [b]Elementary")
    term.expect_exact("Grade: ")
    ctrl_c(term)
    term.expect_exact("Stopped. Every change you entered was saved.")
    term.expect_exact("To go on, run: iepprep child edit")
    term.expect(pexpect.EOF)
    term.close()
    assert term.exitstatus == 130

    child = reload()
    assert child.profile["birth_date"] == "2016-05-01"
    assert child.profile["school"] == "Lincoln [b]Elementary"

    again = spawn(iepprep_bin, child_env, "child", "edit", "Sam")
    again.expect_exact("Child's name [Sam]: ")
    again.sendline("")
    again.expect_exact("Date of birth (for example 5/1/2016) [5/1/2016]: ")
    again.sendline("")
    again.expect_exact("School [Lincoln [b]Elementary]: ")
    again.sendline("")
    again.expect_exact("Grade: ")
    again.sendline("3")
    again.expect_exact("School district: ")
    again.sendeof()
    again.expect_exact("Stopped. Every change you entered was saved.")
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 0
    assert reload().profile["grade"] == "3"


def test_prep_three_answers_ctrl_c_then_resume_at_the_fourth(iepprep_bin: str, child_env: dict[str, str]) -> None:
    env = {**child_env, "IEPPREP_TODAY": "2026-11-28"}
    child = children.add("Sam")
    meetings.add(child, date(2026, 12, 3))
    term = spawn(iepprep_bin, env, "prep")
    for number in (1, 2, 3):
        term.expect_exact(f"Item {number} of {ITEMS}")
        term.expect_exact("1 done, 2 not yet, 3 not applicable: ")
        term.sendline(str(number))
    term.expect_exact(f"Item 4 of {ITEMS}")
    term.expect_exact("1 done, 2 not yet, 3 not applicable: ")
    ctrl_c(term)
    term.expect_exact("Stopped. 3 answers are saved.")
    term.expect(pexpect.EOF)
    term.close()
    assert term.exitstatus == 130

    saved = reload()
    values = [answer.value for answer in saved.answers.values()]
    assert values == ["done", "not yet", "not applicable"]

    again = spawn(iepprep_bin, env, "prep")
    again.expect(rf"Item (\d+) of {ITEMS}")
    assert isinstance(again.match, re.Match) and again.match.group(1) == "4"
    again.expect_exact("1 done, 2 not yet, 3 not applicable: ")
    again.sendeof()
    again.expect_exact("Stopped. Nothing was answered this time.")
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 0


def test_prep_in_spanish_typing_ctrl_c_then_resuming(iepprep_bin: str, child_env: dict[str, str]) -> None:
    env = {**child_env, "IEPPREP_TODAY": "2026-11-28"}
    meetings.add(children.add("Sam"), date(2026, 12, 3))
    term = spawn(iepprep_bin, env, "--lang", "es", "prep")
    term.expect_exact(f"Punto 1 de {ITEMS}")
    term.expect_exact("1 hecho, 2 aún no, 3 no aplica: ")
    term.sendline("hecho")
    term.expect_exact("guardado: hecho")
    term.expect_exact(f"Punto 2 de {ITEMS}")
    term.sendline("quizás")
    term.expect_exact("Por favor, escriba 1 para hecho")
    term.sendline("aún no")
    term.expect_exact(f"Punto 3 de {ITEMS}")
    term.expect_exact("1 hecho, 2 aún no, 3 no aplica: ")
    ctrl_c(term)
    term.expect_exact("Se paró aquí. Se guardaron 2 respuestas.")
    term.expect(pexpect.EOF)
    term.close()
    assert term.exitstatus == 130
    assert [answer.value for answer in reload().answers.values()] == ["done", "not yet"]

    again = spawn(iepprep_bin, {**env, "IEPPREP_LANG": "es"}, "prep")
    again.expect_exact(f"Punto 3 de {ITEMS}")
    again.expect_exact("1 hecho, 2 aún no, 3 no aplica: ")
    again.sendeof()
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 0


def test_prep_ctrl_c_inside_a_list_resumes_that_item_with_what_was_typed(
    iepprep_bin: str, child_env: dict[str, str]
) -> None:
    env = {**child_env, "IEPPREP_TODAY": "2026-11-28"}
    meetings.add(children.add("Sam"), date(2026, 12, 3))
    ids = [item.id for item in load_all().get("before").items]
    number = ids.index("strengths") + 1
    term = spawn(iepprep_bin, env, "prep", "--open")
    term.expect_exact(f"{ITEMS} items are still open")
    for _item in ids[: number - 1]:
        term.expect(r"\]?: $")
        term.sendline("/skip")
    term.expect_exact(f"Item {number} of {ITEMS}")
    term.expect_exact("  - ")
    term.sendline("Loves drawing")
    term.expect_exact("  - ")
    ctrl_c(term)
    term.expect_exact("The list you were typing is kept as you left it.")
    term.expect_exact(f"To pick up at item {number} of {ITEMS}, run: iepprep prep --open")
    term.expect(pexpect.EOF)
    term.close()
    assert term.exitstatus == 130

    again = spawn(iepprep_bin, env, "prep", "--open")
    again.expect_exact(f"Item 1 of {ITEMS}")  # every item is still open, the list too
    for _item in ids[: number - 1]:
        again.expect(r"\]?: $")
        again.sendline("/skip")
    again.expect_exact(f"Item {number} of {ITEMS}")
    again.expect_exact("Typed before you stopped; go on adding, or press Enter to finish:")
    again.expect_exact("  - Loves drawing")
    again.expect_exact("  - ")
    again.sendline("Kind to friends")
    again.expect_exact("  - ")
    again.sendline("")
    again.expect_exact(f"Item {number + 1} of {ITEMS}")
    again.expect(r"(: |  - )$")  # the next item's prompt, whatever its kind
    ctrl_c(again)
    again.expect(pexpect.EOF)
    again.close()
    answer = reload().answers_for(reload().meetings[0], "before")["strengths"]
    assert (answer.status, answer.value) == ("answered", ["Loves drawing", "Kind to friends"])


def _three_notes_then(iepprep_bin: str, env: dict[str, str], stop: str) -> pexpect.spawn[str]:
    term = spawn(iepprep_bin, env, "notes")
    term.expect_exact("Type a note and press Enter.")
    for line in ("first note", "? a [bold] question", "= decided 😀"):
        term.expect_exact("note › ")
        term.sendline(line)
        term.expect_exact("saved")
    term.expect_exact("note › ")
    if stop == "ctrl-c":
        ctrl_c(term)
    else:
        term.kill(getattr(signal, stop))
    return term


@pytest.mark.parametrize("stop", ["SIGKILL", "SIGHUP", "ctrl-c"])
def test_notes_typed_are_kept_however_the_session_ends(iepprep_bin: str, child_env: dict[str, str], stop: str) -> None:
    env = {**child_env, "IEPPREP_TODAY": "2026-11-28"}
    children.add("Sam")
    term = _three_notes_then(iepprep_bin, env, stop)
    if stop == "ctrl-c":
        term.expect_exact("Stopped. All 3 notes you typed are saved.")
        term.expect_exact("To go on, run: iepprep notes")
    term.expect(pexpect.EOF)
    term.close()
    if stop == "ctrl-c":
        assert term.exitstatus == 130
    else:
        assert term.signalstatus == getattr(signal, stop)
    meeting = reload().meetings[0]
    assert [(n.kind, n.text) for n in meeting.notes] == [
        ("note", "first note"),
        ("question", "a [bold] question"),
        ("decision", "decided 😀"),
    ]


def test_next_steps_for_an_evaluation_ends_with_an_iee_letter_to_the_director(
    iepprep_bin: str, child_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**child_env, "IEPPREP_TODAY": "2026-11-28"}
    child = children.add("Sam")
    child.record.append("contact", role="director-of-special-education", name="Dr. Patel", email="", phone="")
    letter = tmp_path / "iee.txt"
    term = spawn(iepprep_bin, env, "next-steps")
    term.expect_exact("What is the disagreement about, in a few words: ")
    term.sendline("the reading evaluation missed dyslexia")
    term.expect_exact("Kind: ")
    term.sendline("1")
    term.expect_exact("The meeting it came from")
    term.sendline("")
    term.expect_exact("When did you first learn of this, or when should you have?")
    term.sendline("2026-09-14")
    term.expect_exact("Is the school not doing something the IEP or the law requires")
    term.sendline("no")
    term.expect_exact("Draft that letter now (prior written notice)? yes or no [yes]: ")
    term.sendline("no")
    term.expect_exact("two years from Mon, Sep 14, 2026, when you first knew of it, or should have")
    for _ in range(7):
        term.expect_exact("Tried it: ")
        term.sendline("y")
    term.expect_exact("How did it go?")
    term.sendline("3")
    term.expect_exact("Next step: Ask for an Independent Educational Evaluation")
    term.expect_exact("Who to ask: Dr. Patel, Director of Special Education")
    term.expect_exact("Will you take this step now")
    term.sendline("yes")
    term.expect_exact("Save the letter as")
    term.sendline(str(letter))
    term.expect_exact("The letter is in")
    term.expect(pexpect.EOF)
    term.close()
    assert term.exitstatus == 0
    text = letter.read_text()
    assert "\nDr. Patel\nDirector of Special Education\n" in text and "Dear Dr. Patel:" in text
    assert "Independent Educational Evaluation (IEE) of Sam" in text


def test_calendar_in_a_terminal_writes_a_private_file_and_says_where(
    iepprep_bin: str, child_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**child_env, "IEPPREP_TODAY": "2026-11-28"}
    meetings.add(children.add("Sam"), date(2026, 12, 3))
    term = pexpect.spawn(
        iepprep_bin, ["calendar"], env=env, cwd=str(tmp_path), encoding="utf-8", timeout=20, dimensions=(30, 1000)
    )
    term.expect(r"Wrote (\S+\.ics)\.\s")
    assert isinstance(term.match, re.Match)
    path = term.match.group(1)
    term.expect(pexpect.EOF)
    term.close()
    assert term.exitstatus == 0
    assert path == str(tmp_path / "sam-calendar-2026-11-28.ics")
    written = tmp_path / "sam-calendar-2026-11-28.ics"
    assert written.stat().st_mode & 0o777 == 0o600 and "BEGIN:VCALENDAR" in written.read_text()


def test_first_run_welcome_and_details_then_ctrl_c_keeps_them(iepprep_bin: str, child_env: dict[str, str]) -> None:
    env = {**child_env, "IEPPREP_TODAY": "2026-11-28"}
    term = spawn(iepprep_bin, env, "prep")
    term.expect_exact("Welcome to iepprep.")
    term.expect_exact("It gives general information, not legal advice.")
    term.expect_exact("Your child's first name: ")
    term.sendline("Sam")
    term.expect_exact("Your name, for letters: ")
    term.sendline("Maria Rivera")
    term.expect_exact("Your phone: ")
    term.sendline("")
    term.expect_exact("Your email: ")
    term.sendline("maria@example.org")
    term.expect_exact("Your postal address: ")
    ctrl_c(term)
    term.expect_exact("Stopped. Sam is on record, with every detail you entered.")
    term.expect_exact("To go on, run: iepprep prep")
    term.expect(pexpect.EOF)
    term.close()
    assert term.exitstatus == 130
    sam = reload()
    assert sam.profile == {"name": "Sam", "parent_name": "Maria Rivera", "parent_email": "maria@example.org"}

    again = spawn(iepprep_bin, env, "prep")
    again.expect_exact("(press Enter if it is not scheduled yet): ")
    assert "Welcome" not in (again.before or "")
    ctrl_c(again)
    again.expect(pexpect.EOF)
    again.close()


def test_edit_with_no_editor_set_takes_lines_in_the_terminal(
    iepprep_bin: str, child_env: dict[str, str], data_home: Path, tmp_path: Path
) -> None:
    (data_home / "checklists").mkdir(parents=True)
    (data_home / "checklists" / "words.yaml").write_text(
        "id: words\ntitle: Words\nphase: before\nsummary: One text item.\n"
        "items:\n  - {id: story, kind: text, text: Tell the story., why: To tell it.}\n"
    )
    env = {k: v for k, v in child_env.items() if k not in ("EDITOR", "VISUAL")}
    env.update(IEPPREP_TODAY="2026-11-28", PATH=str(tmp_path))  # nothing to run: no nano, no vi
    meetings.add(children.add("Sam"), date(2026, 12, 3))
    term = spawn(iepprep_bin, env, "prep", "--checklist", "words")
    term.expect_exact("several lines.")
    term.expect_exact("Your answer: ")
    term.sendline("/edit")
    term.expect_exact("press Ctrl-D.")
    term.sendline("It started in first grade.")
    term.sendline("Reading is still hard.")
    term.sendeof()
    term.expect_exact("Your answer:")
    term.expect_exact("  Reading is still hard.")
    term.expect(pexpect.EOF)
    term.close()
    assert term.exitstatus == 0
    answer = reload().answers_for(reload().meetings[0], "words")["story"]
    assert answer.value == "It started in first grade.\nReading is still hard."


def test_iep_add_typing_ctrl_c_halfway_then_resuming_keeps_every_answer(
    iepprep_bin: str, child_env: dict[str, str]
) -> None:
    env = {**child_env, "IEPPREP_TODAY": "2026-11-28"}
    children.add("Sam")
    term = spawn(iepprep_bin, env, "iep", "add")
    term.expect_exact("The date the IEP starts, for example 1/15/2026: ")
    term.sendline("1/15/2026")
    term.expect_exact("The date it ends [1/14/2027]: ")
    term.sendline("")
    term.expect_exact("for example specific learning disability: ")
    term.sendline("Specific learning disability")
    term.expect_exact("(Enter if you do not know): ")
    term.sendline("12/10/2024")
    term.expect_exact("Goal 1: its area, for example reading fluency: ")
    term.sendline("Reading fluency")
    for answer in ("45 words a minute", "Read 90 words a minute", "Timed probes", "Every quarter"):
        term.expect(r": $")
        term.sendline(answer)
    term.expect_exact("Goal 2: its area, for example reading fluency: ")
    term.sendline("Math")
    term.expect_exact("(the baseline): ")
    ctrl_c(term)  # in the middle of the second goal
    term.expect_exact(
        "Stopped. Everything you typed about the IEP is saved, except the goal you were in the middle of."
    )
    term.expect_exact("To go on where you stopped, run: iepprep iep add")
    term.expect(pexpect.EOF)
    term.close()
    assert term.exitstatus == 130
    draft = reload().iep_draft()
    assert draft is not None and draft.eligibility == "Specific learning disability"
    assert [(g.area, g.target) for g in draft.goals] == [("Reading fluency", "Read 90 words a minute")]

    again = spawn(iepprep_bin, env, "iep", "add")
    again.expect_exact("Going on with the IEP starting on Thu, Jan 15, 2026; what you typed before is kept.")
    again.expect_exact("1 goal is kept from before.")
    again.expect_exact("Goal 2: its area, for example reading fluency: ")
    again.sendline("")
    again.expect_exact("for example with each report card: ")
    again.sendline("With each report card")
    again.expect_exact("(Enter to skip): ")
    again.sendline("")
    again.expect_exact("Service 1: what it is: ")
    again.sendline("Speech-language therapy")
    again.expect_exact("Minutes in each session: ")
    again.sendline("30")
    again.expect_exact("How often, for example 2 times a week: ")
    again.sendline("twice a week")
    for _answer in range(4):  # where, who, start, end: Enter keeps each default
        again.expect(r": $")
        again.sendline("")
    again.expect_exact("Service 2: what it is: ")
    again.sendline("")
    again.expect_exact("  - ")
    again.sendline("Extra time on tests")
    again.expect_exact("  - ")
    again.sendline("")
    again.expect_exact("  - ")  # modifications
    again.sendline("")
    for _answer in range(3):  # placement, time in general education, extended school year
        again.expect(r": $")
        again.sendline("")
    again.expect_exact("Sam's date of birth, to know whether transition goals are needed (Enter to skip): ")
    again.sendline("")
    again.expect_exact("  - ")  # transition goals: asked, as the age is not known
    again.sendline("")
    again.expect_exact("Sam's IEP is on record, Thu, Jan 15, 2026 to Thu, Jan 14, 2027.")
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 0
    plan = reload().ieps_in_order[0]
    assert not plan.draft and plan.last_evaluation == "2024-12-10"
    assert [g.area for g in plan.goals] == ["Reading fluency"]
    assert (plan.services[0].name, plan.services[0].minutes, plan.services[0].times) == (
        "Speech-language therapy",
        30,
        2,
    )
    assert plan.accommodations == ["Extra time on tests"]


TWO_GOALS = """\
start: 8/20/2026
end: 8/19/2027
goals:
  - area: Reading fluency
    target: Read a grade 3 passage at 90 words a minute
  - area: Math problem solving
    target: Solve two-step word problems in 4 of 5 tries
"""


def test_progress_add_ctrl_c_at_the_second_goal_then_resuming_keeps_the_first(
    iepprep_bin: str, child_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**child_env, "IEPPREP_TODAY": "2026-11-28"}
    child = children.add("Sam")
    iep.add(child, iep.read_file(_written(tmp_path, TWO_GOALS)))
    term = spawn(iepprep_bin, env, "progress", "add", "--date", "11/20/2026")
    term.expect_exact("1 / 2 - Reading fluency")
    term.expect_exact("(Enter skips): ")
    term.sendline("no progress")
    term.expect_exact("(Enter to leave out): ")
    term.sendline("Still at 50 words a minute")
    term.expect_exact("2 / 2 - Math problem solving")
    term.expect_exact("(Enter skips): ")
    ctrl_c(term)
    term.expect_exact("Stopped. 1 rating is saved.")
    term.expect_exact("To rate the other goals, run: iepprep progress add --date 11/20/2026")
    term.expect(pexpect.EOF)
    term.close()
    assert term.exitstatus == 130

    again = spawn(iepprep_bin, env, "progress", "add", "--date", "11/20/2026")
    again.expect_exact("(Enter skips) [no progress]: ")  # the rating given before is kept as the default
    again.sendline("")
    again.expect_exact("[Still at 50 words a minute]: ")
    again.sendline("")
    again.expect_exact("(Enter skips): ")
    again.sendline("3")
    again.expect_exact("(Enter to leave out): ")
    again.sendline("")
    again.expect_exact("2 goals rated and saved.")
    again.expect(pexpect.EOF)
    again.close()
    reports = reload().progress
    assert len(reports) == 1
    assert [(r.goal, r.rating, r.comment) for r in reports[0].ratings] == [
        (1, "no progress", "Still at 50 words a minute"),
        (2, "some progress", ""),
    ]


def test_check_iep_concerns_ctrl_c_then_resuming(iepprep_bin: str, child_env: dict[str, str], tmp_path: Path) -> None:
    env = {**child_env, "IEPPREP_TODAY": "2026-11-28"}
    child = children.add("Sam")
    iep.add(child, iep.read_file(_written(tmp_path, TWO_GOALS.replace("start: 8/20/2026", "start: 11/20/2026"))))
    meeting = meetings.add(child, date(2026, 11, 20))
    child.record.append(
        "answer",
        meeting=meeting.id,
        checklist="before",
        item="concerns",
        status="answered",
        value="Sam reads far below grade level. Sam is bullied at recess.",
    )
    term = spawn(iepprep_bin, env, "check-iep")
    term.expect_exact("Sam reads far below grade level.")
    term.expect_exact("Seems to match goal 1, Reading fluency: Read a grade 3 passage at 90 words a minute")
    term.expect_exact("(Enter skips): ")
    term.sendline("1")
    term.expect_exact("Sam is bullied at recess.")
    term.expect_exact("(Enter skips): ")
    ctrl_c(term)
    term.expect_exact("Stopped. Every answer you gave is saved.")
    term.expect(pexpect.EOF)
    term.close()
    assert term.exitstatus == 130
    assert list(reload().concerns_met) == ["Sam reads far below grade level."]

    again = spawn(iepprep_bin, env, "check-iep")
    again.expect_exact("(Enter skips) [goal 1, Reading fluency")  # the answer given before is the default
    again.sendline("")
    again.expect_exact("Sam is bullied at recess.")
    again.expect_exact("(Enter skips): ")
    again.sendline("n")
    again.expect_exact("Concerns the IEP does not meet go into your follow-up letter and your next brief")
    again.expect(pexpect.EOF)
    again.close()
    assert reload().concerns_met["Sam is bullied at recess."] == ""


def _written(folder: Path, text: str) -> Path:
    path = folder / "iep.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_very_long_note_is_shown_whole_wrapped_between_words(iepprep_bin: str, child_env: dict[str, str]) -> None:
    """A note longer than a table cell may hold is shown as lines, wrapped at the terminal's width."""
    env = {**child_env, "IEPPREP_TODAY": "2026-11-28"}
    child = children.add("Sam")
    meeting = meetings.add(child, date(2026, 11, 28))
    words = [f"w{n}" for n in range(6000)]  # about 40,000 characters
    child.record.append("note", meeting=meeting.id, kind="note", text=" ".join(words))
    term = pexpect.spawn(iepprep_bin, ["notes", "show"], env=env, encoding="utf-8", timeout=60, dimensions=(40, 100))
    term.expect(pexpect.EOF)
    term.close()
    lines = [line for line in (term.before or "").replace("\r", "").split("\n") if line.strip()]
    assert all(len(line) <= 100 for line in lines)
    assert re.match(r"\d{1,2}:\d\d [AP]M note w0 w1 ", lines[1])  # the row as a line, not a table's column
    shown = " ".join(lines[1:]).split()[3:]
    assert shown[: len(words)] == words  # every word, in order
