"""iepprep notes: live capture, notes add, notes show; every line kept, shown literally."""

from __future__ import annotations

import multiprocessing
import subprocess
from pathlib import Path

import pytest

from iepprep.errors import IepprepError
from iepprep.notes import parse_note
from iepprep.state import Child, Meeting

from helpers import TODAY, Run, reload

HOSTILE = [
    "[bold]not bold[/] and [/]",
    "[link=file:///etc/passwd]click[/link]",
    "\x1b[31mred\x1b[0m and \x1b]8;;http://x.example\x07osc link\x1b]8;;\x07",
    "emoji 😀👩‍👧 and right-to-left שלום עולם",
    "long " + "x" * 10240,
]


def meeting(day: str = TODAY) -> Meeting:
    return next(m for m in reload().meetings if m.date == day)


@pytest.mark.parametrize(
    "line, kind, text",
    [
        ("plain words", "note", "plain words"),
        ("? how is reading measured", "question", "how is reading measured"),
        ("! the bus is late", "concern", "the bus is late"),
        ("= OT twice a week", "decision", "OT twice a week"),
        ("> call the school", "action", "call the school"),
        ("decision: OT", "decision", "OT"),
        ("Question: why", "question", "why"),
        ("disagree: placement", "disagree", "placement"),
        ("later: reading goals", "later", "reading goals"),
        ("todo: email", "action", "email"),
        ("note: just this", "note", "just this"),
        ("?no space means a plain note", "note", "?no space means a plain note"),
        ("Time: 3pm is not a kind", "note", "Time: 3pm is not a kind"),
        ("=  two spaces kept", "decision", " two spaces kept"),
    ],
)
def test_a_prefix_or_leading_word_gives_the_kind(line: str, kind: str, text: str) -> None:
    parsed = parse_note(line)
    assert (parsed.kind, parsed.text) == (kind, text)


def test_an_action_names_who_and_by_when() -> None:
    parsed = parse_note("action: send the OT report @Ms. Lee by 2026-12-15")
    assert (parsed.text, parsed.who, parsed.due) == (
        "send the OT report @Ms. Lee by 2026-12-15",
        "Ms. Lee",
        "2026-12-15",
    )
    assert parse_note("> email lee@district.org").who == ""
    assert (parsed.what, parse_note("> call the district by phone").what) == ("send the OT report", "")
    impossible = parse_note("> call @Dr. Patel by 2026-02-30")
    assert impossible.due == "" and impossible.who == "Dr. Patel"
    assert impossible.warning.startswith("Saved, but iepprep could not read '2026-02-30' as a date")
    assert "iepprep notes edit ID --due DATE" in impossible.warning


@pytest.mark.parametrize(
    "line, what, who, due",
    [
        ("> schedule the follow-up @Mr. Ortiz by 12/20/2026", "schedule the follow-up", "Mr. Ortiz", "2026-12-20"),
        ("> send the report by Friday", "send the report", "", "2026-12-04"),
        ("> send the report by 2026-12-5 @Ms. Lee", "send the report", "Ms. Lee", "2026-12-05"),
        ("> call the district by phone", "", "", ""),
        ("> bring the reading log by Dec 1 @me", "bring the reading log", "me", "2026-12-01"),
    ],
)
def test_an_action_as_us_parents_write_it(line: str, what: str, who: str, due: str, today: str) -> None:
    parsed = parse_note(line)
    assert (parsed.what, parsed.who, parsed.due, parsed.warning) == (what, who, due, "")


def test_an_action_with_an_unreadable_date_is_saved_and_flagged(run: Run, sam: Child) -> None:
    result = run("notes", "add", "> send it by Fridy @me")
    assert result.exit_code == 0
    assert "Saved, but iepprep could not read 'Fridy' as a date" in result.stderr
    note = meeting().notes[0]
    assert (note.text, note.due) == ("send it by Fridy @me", "")
    fixed = run("notes", "edit", note.id[:7], "--due", "12/4/2026")
    assert fixed.stdout.strip() == "Saved: send it - me, by Fri, Dec 4, 2026."
    assert meeting().notes[0].due == "2026-12-04" and meeting().notes[0].text == "send it by Fridy @me"
    assert "by Fri, Dec 4, 2026: send it (me)" in run("status").stdout


def test_an_empty_note_after_a_prefix_is_refused() -> None:
    with pytest.raises(IepprepError, match="nothing to save"):
        parse_note("decision:   ")


def test_a_session_with_every_prefix_and_command(run: Run, sam: Child) -> None:
    run("meeting", "add", TODAY)
    lines = [
        "/help",
        "First plain note",
        "? how is reading measured",
        "! the bus is late",
        "= OT twice a week",
        "> send the OT report @Ms. Lee by 2026-12-15",
        "disagree: placement in the resource room",
        "later: reading goals",
        "/who Ms. Lee, case manager",
        "yes",  # save Ms. Lee as Sam's case manager, for letters
        "/who Dr. Patel",
        "/break",
        "/tips",
        "/questions",
        "oops, typed by mistake",
        "/undo",
        "/nonsense",
        "/done",
        "Ms. Lee, Dr. Patel and me",
        "OT twice a week",
        "school",
        "next week",
        "reading is behind",
        "placement",
        "",
    ]
    result = run("notes", input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result
    out = result.stdout
    assert out.startswith(
        "Notes for Sam's meeting on Sat, Nov 28, 2026 (today) - each line is saved as you press Enter."
    )
    assert "saved" in out and "action - Ms. Lee, by Tue, Dec 15, 2026" in out
    assert "Habits: Remember why everyone is here. Let everyone have a say, and be heard yourself." in out
    assert "An action can name who and by when" in out  # /help
    assert "Focus on the problem, not the person." in out  # /tips shows conflict habits
    assert "You have no prepared questions for this meeting." in out  # /questions
    assert "Take a slow breath." in out  # /break
    assert "Took back the note: oops, typed by mistake" in out  # /undo
    assert "/nonsense is not a command here" in result.stderr
    notes = meeting().notes
    assert [(n.kind, n.retracted) for n in notes] == [
        ("note", False),
        ("question", False),
        ("concern", False),
        ("decision", False),
        ("action", False),
        ("disagree", False),
        ("later", False),
        ("note", True),
        ("later", False),
    ]
    assert notes[4].who == "Ms. Lee" and notes[4].due == "2026-12-15"
    m = meeting()
    assert [(a.name, a.role) for a in m.attendees] == [("Ms. Lee", "case manager"), ("Dr. Patel", "")]
    assert reload().contacts["case-manager"].name == "Ms. Lee"
    assert "Who was there, and who will do what [Ms. Lee (case manager); Dr. Patel]: " in out
    assert len(m.breaks) == 1
    assert m.wrap_up == {
        "who": "Ms. Lee, Dr. Patel and me",
        "what": "OT twice a week",
        "where": "school",
        "when": "next week",
        "why": "reading is behind",
    }
    summary = out.split("Summary - ")[1]
    assert "8 notes: 2 for later, 1 note, 1 question, 1 concern, 1 decision, 1 action, 1 disagreement." in summary
    assert "Decisions\n  - OT twice a week" in summary
    assert "send the OT report  (who: Ms. Lee, by Tue, Dec 15, 2026)" in summary
    assert "To come back to\n  - reading goals\n  - placement" in summary
    assert summary.endswith(
        "\nYou noted a disagreement. To see your options and the next step, run: iepprep next-steps\n"
    )


def test_prepared_questions_are_shown_and_can_be_marked_asked(run: Run, sam: Child, tmp_path: Path) -> None:
    run("meeting", "add", TODAY)
    answers = tmp_path / "answers.yaml"
    answers.write_text("questions: [How is reading measured?, Who is the case manager?]\n")
    run("prep", "--date", TODAY, "--answers", str(answers))
    result = run("notes", input="/questions\n2\n\n/done\n")
    assert "Your questions: 1. How is reading measured?  2. Who is the case manager?" in result.stdout
    assert "2. [asked] Who is the case manager?" in result.stdout
    assert "Prepared questions not marked as asked\n  - How is reading measured?" in result.stdout
    assert meeting().asked == {"Who is the case manager?"}


def test_the_summary_ends_with_the_follow_up_letter_after_a_decision(run: Run, sam: Child) -> None:
    result = run("notes", input="= OT twice a week\n/done\n\n\n\n\n\n\n")
    assert result.stdout.endswith(
        "\nNext, put what was decided in writing for the team, run: iepprep letter follow-up --date 11/28/2026\n"
    )
    plain = run("notes", input="just a note\n")
    assert "iepprep letter follow-up" in plain.stdout  # the decision is still on record for this meeting
    run("child", "add", "Ana")
    run("meeting", "add", TODAY, "--child", "Ana")
    ana = run("notes", "--child", "Ana", input="only words\n")
    assert "iepprep letter" not in ana.stdout and "iepprep next-steps" not in ana.stdout


def test_quit_stops_at_once_without_the_wrap_up(run: Run, sam: Child) -> None:
    result = run("notes", input="first\n/quit\n")
    assert result.exit_code == 0
    assert "Wrapping up." not in result.stdout
    assert result.stdout.endswith("Stopped. The note you typed is saved.\nTo go on, run: iepprep notes\n")
    assert "note: first\n" in result.stdout  # the prompt, in plain words when output is not a terminal
    nothing = run("notes", input="/quit\n")
    assert nothing.stdout.endswith("Stopped. No note was typed this time.\nTo go on, run: iepprep notes\n")
    assert [n.text for n in meeting().notes] == ["first"]


def test_end_of_input_wraps_up_and_keeps_every_note(run: Run, sam: Child) -> None:
    result = run("notes", input="one\ntwo\n")
    assert result.exit_code == 0
    assert "This meeting was just put on record." in result.stdout
    assert "Summary - Sam's meeting on Sat, Nov 28, 2026 (today)" in result.stdout
    assert [n.text for n in meeting().notes] == ["one", "two"]


def test_notes_add_and_show_with_each_filter(run: Run, sam: Child) -> None:
    run("meeting", "add", "2026-12-03")
    first = run("notes", "add", "decision:", "OT", "twice", "a", "week")
    assert first.stdout.startswith("Saved your note (decision) at ")
    assert first.stdout.strip().endswith(" for Sam's meeting on Thu, Dec 3, 2026.")
    run("notes", "add", "--tag", "action", "call", "@Ms. Lee")
    run("notes", "add", "--date", "2026-11-20", "an old note")
    run("notes", "add", "? is this kept")
    notes = meeting("2026-12-03").notes
    run_undo = reload()
    run_undo.record.append("retract", target=notes[-1].id)

    shown = run("notes", "show").stdout
    assert shown.splitlines()[0] == "Sam's meeting on Thu, Dec 3, 2026 (in 5 days)"
    assert " decision OT twice a week\n" in shown and " action call @Ms. Lee  (who: Ms. Lee)\n" in shown
    assert "is this kept" not in shown
    assert " question is this kept  (taken back)\n" in run("notes", "show", "--all").stdout
    only = run("notes", "show", "--tag", "action").stdout
    assert "call @Ms. Lee" in only and "OT twice" not in only
    assert "an old note" in run("notes", "show", "--date", "2026-11-20").stdout
    bad = run("notes", "show", "--tag", "gossip")
    assert bad.exit_code == 1 and "'gossip' is not a kind of note" in bad.stderr
    assert run("notes", "add", "--tag", "gossip", "x").exit_code == 1


def test_notes_show_with_nothing_yet(run: Run, sam: Child) -> None:
    result = run("notes", "show")
    assert result.exit_code == 1
    assert result.stderr.strip() == "No notes are on record for Sam yet; take some with: iepprep notes"


def test_hostile_notes_are_stored_exactly_and_shown_literally(run: Run, sam: Child) -> None:
    for line in HOSTILE:
        assert run("notes", "add", line).exit_code == 0
    assert [n.text for n in meeting().notes] == HOSTILE
    shown = run("notes", "show").stdout
    flat = "".join(shown.split())
    for literal in ("[bold]notbold[/]and[/]", "[link=file:///etc/passwd]click[/link]", "😀", "שלום", "x" * 200):
        assert literal in flat
    assert "\x1b" not in shown and "\x07" not in shown


def _add_notes(home: str, label: str, count: int) -> None:
    import os

    os.environ["IEPPREP_HOME"] = home
    os.environ["IEPPREP_TODAY"] = TODAY
    from typer.testing import CliRunner

    from iepprep.cli import app

    for n in range(count):
        assert CliRunner().invoke(app, ["notes", "add", f"{label}-{n}"]).exit_code == 0


def test_several_notes_add_processes_at_once_keep_every_note(run: Run, sam: Child, data_home: Path) -> None:
    run("meeting", "add", TODAY)
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_add_notes, args=(str(data_home), label, 25)) for label in "abcd"]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(180)
        assert worker.exitcode == 0
    texts = sorted(n.text for n in meeting().notes)
    assert texts == sorted(f"{label}-{n}" for label in "abcd" for n in range(25))


def test_notes_add_runs_as_a_real_command(iepprep_bin: str, child_env: dict[str, str], sam: Child) -> None:
    env = {**child_env, "IEPPREP_TODAY": TODAY}
    done = subprocess.run(
        [iepprep_bin, "notes", "add", "= from the shell"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert [n.kind for n in meeting().notes] == ["decision"]
