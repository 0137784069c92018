"""Every command through CliRunner, as a parent would use it, bad input included."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from iepprep import __version__, children
from iepprep.checklists import load_all

from helpers import Result, Run, reload

HOSTILE = "[bold]Sam[/] \x1b]8;;file:///etc/passwd\x1b\\link\x1b]8;;\x1b\\ \x1b[31mred 😀 שלום"


def assert_one_sentence(result: Result, code: int = 1) -> str:
    assert result.exit_code == code, result
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"iepprep {__version__}"


def test_no_arguments_shows_help_and_an_unknown_command_is_a_usage_error(run: Run) -> None:
    shown = run().stdout
    assert "child" in shown and shown.rstrip().endswith("New here? Start with: iepprep prep")
    result = run("dance")
    assert result.exit_code == 2 and "No such command" in result.stderr


def test_where_names_the_data_folder_and_each_record(run: Run, data_home: Path) -> None:
    run("child", "add", "Sam")
    result = run("where")
    assert result.exit_code == 0
    assert f"Data folder: {data_home}" in result.stdout
    assert str(data_home / "children") in result.stdout and "Sam: " in result.stdout
    assert f"Your own checklists: {data_home / 'checklists'}" in result.stdout


def test_child_add_list_and_show(run: Run) -> None:
    assert run("child", "list").stdout.startswith("No child is on record yet")
    assert run("child", "add", "Sam", "--school", "Lincoln Elementary", "--grade", "3").exit_code == 0
    assert run("child", "add", "Émile").exit_code == 0
    listing = run("child", "list").stdout
    assert "Sam" in listing and "Lincoln Elementary" in listing and "Émile" in listing
    shown = run("child", "show", "sam")
    assert shown.exit_code == 0
    assert shown.stdout.splitlines()[:3] == ["Sam", "  School: Lincoln Elementary", "  Grade: 3"]


def test_a_name_already_on_record_is_refused_plainly(run: Run) -> None:
    run("child", "add", "Sam")
    message = assert_one_sentence(run("child", "add", "SAM"))
    assert message == "Sam is already on record; see their details with: iepprep child show Sam"


@pytest.mark.parametrize("name", ["", "   ", "two\nlines", "x" * 101])
def test_an_unusable_name_is_refused(run: Run, name: str) -> None:
    assert "name" in assert_one_sentence(run("child", "add", name))


def test_the_parents_text_is_stored_exactly_and_shown_literally(run: Run) -> None:
    run("child", "add", "Sam", "--school", HOSTILE)
    assert children.find_all().children[0].profile["school"] == HOSTILE
    shown = run("child", "show").stdout
    assert "[bold]Sam[/]" in shown and "😀 שלום" in shown
    assert "\x1b" not in shown


def test_an_unknown_child_lists_those_on_record(run: Run) -> None:
    run("child", "add", "Sam")
    run("child", "add", "Ana")
    message = assert_one_sentence(run("child", "show", "Zoe"))
    assert message == "There is no child called Zoe on record; the children on record are Ana, Sam."


def test_several_children_need_a_name_when_not_interactive(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    run("child", "add", "Sam")
    run("child", "add", "Ana")
    message = assert_one_sentence(run("meeting", "list"))
    assert "Several children are on record (Ana, Sam)" in message and "--child" in message
    monkeypatch.setenv("IEPPREP_CHILD", "Ana")
    assert "No meeting is on record for Ana" in run("meeting", "list").stdout


def test_an_interactive_command_asks_which_child(run: Run) -> None:
    run("child", "add", "Sam")
    run("child", "add", "Ana")
    result = run("child", "edit", input="3\n2\n" + "\n" * 20)
    assert "Which child? 1. Ana; 2. Sam" in result.stdout
    assert "Please type a number from 1 to 2, or a name." in result.stderr
    assert "Details for Sam." in result.stdout and result.exit_code == 0


def test_an_interactive_command_with_no_child_asks_for_the_name(run: Run) -> None:
    result = run("child", "edit", input="Sam\n" + "\n" * 20)
    assert "Your child's first name: Sam" in result.stdout
    assert [c.name for c in children.find_all().children] == ["Sam"]


def test_no_child_yet_is_explained(run: Run) -> None:
    message = assert_one_sentence(run("meeting", "list"))
    assert message == "No child is on record yet; add one with: iepprep child add NAME"


def test_child_edit_walks_profile_and_contacts_and_saves_them(run: Run) -> None:
    run("child", "add", "Sam", "--grade", "3")
    answers = [
        "",  # name: keep Sam
        "2016-02-30",  # impossible date of birth: asked again
        "2016-05-01",
        "Lincoln Elementary",
        "-",  # grade: cleared
        "Springfield USD",
        "Jo Rivera",
        "555-0100",
        "jo@example.org",
        "1 Elm St",
        "Ms. Lee",
        "lee@district.org",
        "555-0101",  # case manager
        "",  # program specialist: none
        "Dr. Patel",
        "",
        "",  # director
        "",  # assistant superintendent
        "teacher",
        "Mr. [b]Ortiz",
        "",
        "",  # another contact
        "",  # done
    ]
    result = run("child", "edit", "Sam", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result
    assert "is not a real date on the calendar" in result.stderr
    assert "Grade [3]: -" in result.stdout
    shown = run("child", "show", "Sam").stdout
    for expected in (
        "Date of birth: Sun, May 1, 2016",
        "School: Lincoln Elementary",
        "Your name, for letters: Jo Rivera",
        "Case manager: Ms. Lee (lee@district.org, 555-0101)",
        "Director of Special Education: Dr. Patel",
        "teacher: Mr. [b]Ortiz",
    ):
        assert expected in shown
    assert "Grade" not in shown and "Program specialist" not in shown


def test_child_edit_keeps_every_change_when_input_ends_early(run: Run) -> None:
    run("child", "add", "Sam")
    result = run("child", "edit", input="\n2016-05-01\nLincoln\n")
    assert result.exit_code == 0
    assert "Every change you entered was saved" in result.stdout
    assert children.find_all().children[0].profile["school"] == "Lincoln"


def test_renaming_onto_another_child_is_refused(run: Run) -> None:
    run("child", "add", "Sam")
    run("child", "add", "Ana")
    result = run("child", "edit", "Sam", input="ana\nSammy\n" + "\n" * 20)
    assert "Ana is already on record as another child." in result.stderr
    assert sorted(c.name for c in children.find_all().children) == ["Ana", "Sammy"]


def test_child_forget_needs_the_name_typed(run: Run, data_home: Path) -> None:
    child = children.add("Sam")
    (child.record.path.parent / f"{child.record.stem}.torn-1.yaml").write_text("x")
    refused = run("child", "forget", "Sam", input="Sma\n")
    assert assert_one_sentence(refused) == "The name did not match, so nothing was removed."
    ended = run("child", "forget", "Sam", input="")
    assert assert_one_sentence(ended) == "The input ended before the name was typed, so nothing was removed."
    assert child.record.path.exists()
    result = run("child", "forget", "Sam", input="Sam\n")
    assert result.exit_code == 0 and "Sam's record was removed." in result.stdout
    assert list((data_home / "children").iterdir()) == []


def test_child_forget_with_yes(run: Run) -> None:
    run("child", "add", "Sam")
    assert run("child", "forget", "Sam", "--yes").exit_code == 0
    assert children.find_all().children == []


def test_meetings_add_and_list(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-11-28")
    run("child", "add", "Sam")
    added = run("meeting", "add", "12/3/2026", "--time", "3:30pm", "--purpose", "annual review", "--where", "Room [4]")
    assert added.stdout.strip() == "Added the meeting on Thu, Dec 3, 2026 at 3:30 PM (in 5 days) for Sam."
    run("meeting", "add", "Sep 1, 2026", "--purpose", "30-day review")
    listing = run("meeting", "list").stdout.splitlines()
    assert listing[0] == "Date: Tue, Sep 1, 2026 (88 days ago). Purpose: 30-day review."
    assert listing[1] == "Date: Thu, Dec 3, 2026 at 3:30 PM (in 5 days). Purpose: annual review. Where: Room [4]."
    assert "Thu, Dec 3, 2026 at 3:30 PM (in 5 days)" in run("child", "list").stdout


def test_a_meeting_moved_keeps_its_answers_and_notes(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-11-28")
    run("child", "add", "Sam")
    run("meeting", "add", "12/10/2025")  # typed with last year by mistake
    run("prep", "--date", "12/10/2025", input="1\n")
    run("notes", "add", "--date", "12/10/2025", "bring the reading log")
    moved = run("meeting", "move", "12/10/2025", "12/10/2026", "--time", "9am")
    assert moved.stdout.startswith("The meeting is now on Thu, Dec 10, 2026 at 9:00 AM (in 12 days) for Sam.")
    child = reload()
    meeting = child.next_meeting(date(2026, 11, 28))
    assert meeting is not None and [n.text for n in meeting.notes] == ["bring the reading log"]
    assert child.answers_for(meeting, "before")["purpose"].value == "done"
    assert "Thu, Dec 10, 2026 at 9:00 AM" in run("prep", "--review").stdout


def test_a_meeting_edited_and_cancelled(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-11-28")
    run("child", "add", "Sam")
    run("meeting", "add", "12/10/2026", "--where", "school")
    edited = run("meeting", "edit", "12/10/2026", "--where", "District office, room 2", "--purpose", "annual review")
    assert "Where: District office, room 2" in edited.stdout and "What for: annual review" in edited.stdout
    assert run("meeting", "edit", "12/10/2026").exit_code == 1
    cancelled = run("meeting", "cancel", "12/10/2026")
    assert cancelled.stdout.strip() == (
        "The meeting on Thu, Dec 10, 2026 is marked as cancelled. Everything noted for it is kept."
    )
    assert "Next meeting: none on record" in run("status").stdout
    assert "cancelled" in run("meeting", "list").stdout
    assert run("meeting", "add", "12/10/2026").exit_code == 0  # the day is free again
    missing = run("meeting", "move", "1/5/2027", "1/6/2027")
    assert missing.exit_code == 1 and "No meeting on Tue, Jan 5, 2027 is on record for Sam" in missing.stderr


@pytest.mark.parametrize(
    "day, message",
    [
        ("2031-02-30", "2031-02-30 is not a real date on the calendar; please check the day and month."),
        (
            "13/03/2026",
            "13/03/2026 is not a real date on the calendar; please check the day and month. "
            "The month comes first, for example 12/20/2026.",
        ),
        ("Fridy", "'Fridy' is not a date iepprep understands; write it like 12/20/2026, Dec 20, or Friday."),
    ],
)
def test_a_bad_meeting_date_is_refused(run: Run, day: str, message: str) -> None:
    run("child", "add", "Sam")
    assert assert_one_sentence(run("meeting", "add", day)) == message


def test_a_second_meeting_on_the_same_day_is_refused(run: Run) -> None:
    run("child", "add", "Sam")
    run("meeting", "add", "2026-12-03")
    assert "already on record" in assert_one_sentence(run("meeting", "add", "2026-12-03"))


def test_checklists_list_and_show(run: Run) -> None:
    listing = run("checklists", "list").stdout
    for name in ("before", "during", "conflict", "escalation"):
        assert name in listing
    assert "bundled" in listing
    shown = run("checklists", "show", "before", "--child", "Sam").stdout
    count = len(load_all().get("before").items)
    assert shown.startswith(f"Getting ready for the IEP meeting  (before, {count} items)")
    assert "List Sam's strengths" in shown and "{child}" not in shown
    assert "Id: strengths (list)" in shown and "Id: support-person (text, optional)" in shown
    assert "{child}" in run("checklists", "show", "before").stdout  # no child on record: the placeholder stays
    run("child", "add", "Ana")
    assert "List Ana's strengths" in run("checklists", "show", "before").stdout  # the one child on record


def test_an_unknown_checklist_is_named(run: Run) -> None:
    message = assert_one_sentence(run("checklists", "show", "after"))
    assert message == "There is no checklist called 'after'; the checklists are: before, during, conflict, escalation."


def test_checklists_validate(run: Run, tmp_path: Path) -> None:
    good = Path(__file__).parents[1] / "checklists" / "during.yaml"
    assert run("checklists", "validate", str(good)).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n")
    result = run("checklists", "validate", str(good), str(bad), str(tmp_path / "missing.yaml"))
    assert result.exit_code == 1 and "during.yaml: valid (7 items)" in result.stdout
    assert f"{bad}:1: the checklist is missing 'items'" in result.stderr
    assert f"{tmp_path / 'missing.yaml'}:1: cannot be read" in result.stderr


def test_a_damaged_record_is_named_with_its_line_and_not_written(run: Run) -> None:
    child = children.add("Sam")
    healthy = child.record.path.read_text()
    child.record.path.write_text(healthy + "---\nevent: [broken\n")
    broken_line = healthy.count("\n") + 2
    before = child.record.path.read_bytes()
    message = assert_one_sentence(run("meeting", "add", "2026-12-03", "--child", "Sam"))
    assert message.startswith(f"{child.record.path}:{broken_line}: this is not valid YAML")
    assert message.endswith("iepprep will not write to this record until the file is fixed.")
    assert child.record.path.read_bytes() == before


def test_debug_raises_even_a_plain_error_for_its_traceback(run: Run) -> None:
    with pytest.raises(Exception, match="not a real date"):
        run("--debug", "meeting", "add", "2031-02-30")


# -- the one exit point: every way a command can end -----------------------------------


def test_an_unexpected_error_is_one_sentence_and_exit_1(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    run("child", "add", "Sam")

    def broken(*args: object) -> None:
        raise RuntimeError("the parent's secret note")

    monkeypatch.setattr("iepprep.views.show_child", broken)
    result = run("child", "show", "Sam")
    assert result.exit_code == 1
    assert result.stderr == (
        "iepprep hit an unexpected problem (RuntimeError). Everything saved before it is safe. "
        "Run the same command with --debug for the details.\n"
    )
    assert "secret" not in result.stderr and "Traceback" not in result.stderr


def test_debug_shows_the_traceback(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    run("child", "add", "Sam")

    def broken(*args: object) -> None:
        raise RuntimeError("details for a developer")

    monkeypatch.setattr("iepprep.views.show_child", broken)
    with pytest.raises(RuntimeError, match="details for a developer"):
        run("--debug", "child", "show", "Sam")


def test_ctrl_c_in_a_conversation_says_what_is_saved_and_exits_130(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    run("child", "add", "Sam")

    def ctrl_c(prompt: str) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("iepprep.ui.read_line", ctrl_c)
    result = run("child", "edit", "Sam")
    assert result.exit_code == 130
    assert result.stderr == "Stopped. Every change you entered was saved.\nTo go on, run: iepprep child edit\n"


def test_ctrl_c_outside_a_conversation_still_says_what_is_safe(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def ctrl_c(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("iepprep.children.find_all", ctrl_c)
    result = run("child", "list")
    assert (result.exit_code, result.stderr) == (130, "Stopped. Everything you entered before this was saved.\n")


def test_the_end_of_input_in_a_conversation_exits_0_and_says_how_to_go_on(run: Run) -> None:
    run("child", "add", "Sam")
    result = run("child", "edit", "Sam", input="")
    assert result.exit_code == 0
    assert result.stdout.endswith("Stopped. Every change you entered was saved.\nTo go on, run: iepprep child edit\n")


def test_the_end_of_input_outside_a_conversation_exits_0_and_says_what_is_safe(run: Run) -> None:
    run("child", "add", "Sam")
    run("child", "add", "Ana")
    result = run("notes", input="")
    assert (result.exit_code, result.stderr) == (0, "The input ended. Everything you entered before this was saved.\n")


def test_the_first_run_welcomes_and_asks_once_for_what_letters_need(run: Run, data_home: Path, today: str) -> None:
    details = ["Maria Rivera", "555-0100", "", "1 Main St, Springfield", "5/1/2016", "Lincoln Elementary", "3", ""]
    result = run("notes", input="\n".join(["Sam", *details, "Ms. Lee", "", "", "= OT twice a week", "/quit"]) + "\n")
    assert result.exit_code == 0, result
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "Welcome to iepprep.",
        "It helps you get ready for your child's IEP meetings, take notes while they happen, "
        "and find the next step when you and the school disagree.",
        "It gives general information, not legal advice.",
        f"Everything you type stays on this computer, in {data_home}. Nothing is sent anywhere.",
    ]
    assert "You can stop at any time with Ctrl-C." in lines[4]
    sam = reload()
    assert sam.profile == {
        "name": "Sam",
        "parent_name": "Maria Rivera",
        "parent_phone": "555-0100",
        "parent_address": "1 Main St, Springfield",
        "birth_date": "2016-05-01",
        "school": "Lincoln Elementary",
        "grade": "3",
    }
    assert sam.contacts["case-manager"].name == "Ms. Lee"
    assert [n.text for n in sam.meetings[0].notes] == ["OT twice a week"]
    letter = run("letter", "follow-up").stdout
    assert "Maria Rivera\n1 Main St, Springfield\n555-0100\n" in letter and "Dear Ms. Lee:" in letter
    again = run("notes", input="/quit\n")
    assert "Welcome" not in again.stdout and "Letters iepprep drafts" not in again.stdout


def test_the_first_run_does_not_start_over_when_a_record_cannot_be_read(run: Run, data_home: Path) -> None:
    folder = data_home / "children"
    folder.mkdir(parents=True)
    (folder / "sam.yaml").write_text("event: [unclosed\n")
    result = run("prep", input="Sam\n")
    assert result.exit_code == 1 and "Welcome" not in result.stdout
    assert [p.name for p in folder.iterdir()] == ["sam.yaml"]


def test_ctrl_c_while_iepprep_is_still_loading_ends_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from iepprep import cli, start

    def pressed() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "main", pressed)
    with pytest.raises(SystemExit) as stopped:
        start.main()
    assert stopped.value.code == 130 and capsys.readouterr().err == "\n"


def test_slash_words_at_any_question_are_never_saved_as_answers(run: Run, data_home: Path, today: str) -> None:
    first = run("prep", input="/help\n/quit\n")
    assert first.exit_code == 0
    assert "Type your answer and press Enter." in first.stdout
    assert first.stdout.endswith("Stopped. Everything you entered before this was saved.\n")
    assert children.find_all().children == []  # no child called "/help" or "/quit"
    details = run("prep", input="Sam\nMaria\n/skip\n/back\n\n/quit\n")
    assert "/back does not work here" in details.stdout
    assert reload().profile == {"name": "Sam", "parent_name": "Maria"}
    assert details.stdout.endswith(
        "Stopped. Sam is on record, with every detail you entered.\nTo go on, run: iepprep prep\n"
    )
