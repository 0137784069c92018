"""Share and follow through: export, the one-page brief, status, carry-over, check-iep, calendar."""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path

import pytest

from iepprep.checklists import load_all
from iepprep.export import to_dict

from helpers import Run, reload

FIXTURES = Path(__file__).parent / "fixtures"


def test_the_markdown_export_reads_as_expected(run: Run, rich: Path) -> None:
    result = run("export")
    assert result.exit_code == 0
    expected = (FIXTURES / "rich-record.md").read_text(encoding="utf-8")
    assert result.stdout == expected


def test_one_meeting_in_markdown_to_a_file(run: Run, rich: Path, tmp_path: Path) -> None:
    target = tmp_path / "meeting.md"
    assert run("export", "--date", "2026-11-20", "-o", str(target)).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "## Meeting on Fri, Nov 20, 2026" in text and "## Meeting on Thu, Dec 10, 2026" not in text
    assert target.stat().st_mode & 0o777 == 0o600
    assert "- [not asked] Can Sam have breaks during tests?" in text
    again = run("export", "-o", str(target))
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_json_and_yaml_exports_load_back_as_the_folded_record(run: Run, rich: Path) -> None:
    import yaml

    folded = to_dict(reload())
    as_json = run("export", "--format", "json")
    assert json.loads(as_json.stdout) == folded
    as_yaml = run("export", "--format", "yaml")
    assert yaml.safe_load(as_yaml.stdout) == folded
    assert folded["meetings"][0]["notes"][7]["taken_back"] is True
    assert folded["disagreements"][0]["steps"][0]["outcome"] == "not resolved"


def test_exports_keep_hostile_text_exactly(run: Run, rich: Path, tmp_path: Path) -> None:
    import yaml

    hostile = "\x1b[31mred\x85 [bold]x 😀 \udc80"
    meeting = reload().meetings[0]
    reload().record.append("note", meeting=meeting.id, kind="note", text=hostile)
    for fmt, load in (("json", json.loads), ("yaml", yaml.safe_load)):
        target = tmp_path / f"export.{fmt}"
        assert run("export", "--format", fmt, "-o", str(target)).exit_code == 0
        loaded = load(target.read_text(encoding="utf-8", errors="surrogateescape"))
        assert loaded["meetings"][0]["notes"][-1]["text"] == hostile
    shown = run("export", "--format", "json")
    assert "\x1b" not in shown.stdout


def test_an_unknown_export_format(run: Run, rich: Path) -> None:
    result = run("export", "--format", "pdf")
    assert result.exit_code == 1 and "'pdf' is not a format iepprep exports" in result.stderr


def test_the_brief_fits_one_printed_page(run: Run, rich: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "outcome: More reading help and the speech minutes back to 60\n"
        "concerns: Sam is falling behind in reading and is anxious about tests; the bus is often late.\n"
        "strengths: [Loves drawing, Kind to friends, Great memory for stories, Works hard in math]\n"
        "questions: [What reading program will be used?, How will progress be measured?, Who teaches speech?,"
        " Can Sam get extra time on tests?, When is the next progress report?]\n"
        "documents: [Last IEP, Private speech evaluation, Work samples, Report card]\n"
        "attendees: [Ms. Lee (case manager), Mr. Ortiz (teacher), Dr. Patel (director)]\n"
    )
    assert run("prep", "--date", "2026-12-10", "--answers", str(answers)).exit_code == 0
    result = run("brief", "--date", "2026-12-10")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) <= 60 and max(len(line) for line in lines) <= 80
    assert lines[0] == "SAM RIVERA - IEP MEETING"
    for expected in (
        "When: Thu, Dec 10, 2026 (in 12 days)",
        "Where: District office",
        "The outcome I want: More reading",
        "Documents to bring:",
        "Remember: Call Sam Rivera by name",
    ):
        assert any(line.startswith(expected) for line in lines), expected


def test_carry_over_shows_in_the_next_prep_and_brief(run: Run, rich: Path) -> None:
    brief = run("brief").stdout
    assert "Carried over from the meeting on Fri, Nov 20, 2026:" in brief
    assert "Reading goals for the spring" in brief  # a later note
    assert "call the bus company" in brief  # an action not done
    assert "Can Sam have breaks during tests?" in brief  # a question not asked
    assert "How is reading measured?" not in brief.split("Carried over")[1]  # it was asked
    ids = [item.id for item in load_all().get("before").items]
    prep = run("prep", "--date", "2026-12-10", input="\n" * (ids.index("questions") + 3))
    assert "From the meeting on Fri, Nov 20, 2026:" in prep.stdout
    assert "  actions still open: call the bus company" in prep.stdout
    assert "Now: Can Sam have breaks during tests? / Reading goals for the spring" in prep.stdout
    meeting = next(m for m in reload().meetings if m.date == "2026-12-10")
    kept = reload().answers[(meeting.id, "before", "questions")].value
    assert kept == ["Can Sam have breaks during tests?", "Reading goals for the spring"]


def test_status_lists_what_is_due_overdue_first(run: Run, rich: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-12-05")
    result = run("status")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Sam Rivera"
    assert "  Next meeting: Thu, Dec 10, 2026 (in 5 days) - speech review - District office" in lines
    assert f"  Getting ready: 0 of {len(load_all().get('before').items)} items done (iepprep prep)" in lines
    actions = [line for line in lines if line.startswith("    [")]
    assert (
        "OVERDUE since Tue, Dec 1, 2026: send the OT report (Ms. Lee)" in actions[0]
        and "no date: call the bus company" in actions[1]
    )
    assert (
        "  Disagreement [e000000]: Speech minutes cut from 60 to 30 - next: Ask for another IEP meeting, set up "
        "differently" in lines
    )
    assert (
        "    Deadline: due process complaint must be filed by Mon, Nov 20, 2028 (716 days left), two years from "
        "Fri, Nov 20, 2026 (34 CFR 300.511(e); see also 300.507(a); your state may set another limit)"
    ) in lines


def test_status_covers_every_child(run: Run, rich: Path) -> None:
    run("child", "add", "Ana")
    result = run("status")
    assert "Ana\n  Next meeting: none on record" in result.stdout and "Sam Rivera" in result.stdout


def test_notes_done_marks_an_action_done(run: Run, rich: Path) -> None:
    result = run("notes", "done", "e000000003")
    assert result.exit_code == 1 and "Several action items" in result.stderr
    done = run("notes", "done", "e0000000033")
    assert done.exit_code == 0 and "Marked done: send the OT report" in done.stdout
    assert "send the OT report" not in run("status").stdout
    assert run("notes", "done", "e0000000033").exit_code == 1
    assert "No action item's id starts with 'zzz'" in run("notes", "done", "zzz").stderr


def test_check_iep_offers_a_letter_listing_only_what_is_missing(run: Run, rich: Path, tmp_path: Path) -> None:
    letter = tmp_path / "corrections.txt"
    result = run("check-iep", input=f"maybe\nyes\npartly\nn\nyes\n{letter}\n")  # n is no, as everywhere
    assert result.exit_code == 0, result
    assert "Please answer yes, partly, no, or m for mine" in result.stderr
    assert "2 items are missing or only partly there:" in result.stdout
    assert "  - [partly] send the OT report - Ms. Lee, by Tue, Dec 1, 2026\n" in result.stdout  # no shorthand
    meeting = reload().meetings_in_order[0]
    assert meeting.in_written_iep == {"e0000000032": "yes", "e0000000033": "partly", "e0000000034": "no"}
    text = letter.read_text(encoding="utf-8")
    assert "Dear Ms. Lee:" in text and "OT twice a week" not in text  # marked yes: left out
    assert "  - Ms. Lee will send the OT report by December 1, 2026. (only partly in the IEP)\n" in text
    assert "  - [BLANK TO FILL: who will do it] will call the bus company. (missing)\n" in text
    again = run("check-iep", input="\n\n\nno\n")
    asked = "Is this in the written IEP? yes, partly, no, or m for mine (your own to-do, not for the IEP; Enter skips)"
    assert asked + " [yes]: " in again.stdout


def test_check_iep_skips_and_knows_the_parents_own_to_dos(run: Run, rich: Path) -> None:
    result = run("check-iep", input="/skip\n\nm\n")
    assert result.exit_code == 0, result
    assert "Please answer" not in result.stderr
    meeting = reload().meetings_in_order[0]
    assert meeting.in_written_iep == {"e0000000034": "not for the IEP"}
    assert "Nothing you answered is missing from the written IEP." in result.stdout


def test_the_calendar_parses_back_with_the_expected_events(run: Run, rich: Path, tmp_path: Path) -> None:
    import icalendar

    target = tmp_path / "sam.ics"
    assert run("calendar", "-o", str(target)).exit_code == 0
    parsed = icalendar.Calendar.from_ical(target.read_bytes())
    events = {str(e["summary"]): e.decoded("dtstart") for e in parsed.walk("VEVENT")}
    assert events["IEP meeting: Sam Rivera - annual review"] == date(2026, 11, 20)
    assert events["IEP meeting: Sam Rivera - speech review"] == date(2026, 12, 10)
    assert events["Due: send the OT report (Sam Rivera)"] == date(2026, 12, 1)
    deadline = (
        "due process complaint must be filed by Mon, Nov 20, 2028, two years from Fri, Nov 20, 2026 "
        "(34 CFR 300.511(e); see also 300.507(a); your state may set another limit) (Sam Rivera)"
    )  # no count of days left in a calendar: it would be wrong the next day
    assert events[f"Deadline: {deadline}"] == date(2028, 11, 20)
    assert events[f"Reminder: {deadline}"] == date(2028, 11, 10)
    description = str(
        next(e for e in parsed.walk("VEVENT") if str(e["summary"]) == f"Deadline: {deadline}")["description"]
    )
    assert "two years from Fri, Nov 20, 2026, the date of the meeting it came from" in description
    assert "34 CFR 300.511(e)" in description
    assert "(723 days left as of Sat, Nov 28, 2026)" in description
    assert len(events) == 5


def test_an_action_typed_the_us_way_reaches_status_calendar_and_letter(run: Run, rich: Path, tmp_path: Path) -> None:
    import icalendar

    run("notes", "add", "--date", "11/20/2026", "> schedule the follow-up @Mr. Ortiz by 12/20/2026")
    assert "by Sun, Dec 20, 2026: schedule the follow-up (Mr. Ortiz)" in run("status").stdout
    parsed = icalendar.Calendar.from_ical(run("calendar").stdout.encode())
    events = {str(e["summary"]): e.decoded("dtstart") for e in parsed.walk("VEVENT")}
    assert events["Due: schedule the follow-up (Sam Rivera)"] == date(2026, 12, 20)
    letter = run("letter", "follow-up", "--date", "11/20/2026").stdout
    assert "  - Mr. Ortiz will schedule the follow-up by December 20, 2026.\n" in letter


def test_the_calendar_has_timed_meetings_with_their_place_for_every_child(run: Run, rich: Path) -> None:
    import icalendar

    run("meeting", "edit", "12/10/2026", "--time", "3:30pm")
    run("child", "add", "Ana")
    run("meeting", "add", "1/12/2027", "--child", "Ana", "--where", "Room 2")
    parsed = icalendar.Calendar.from_ical(run("calendar").stdout.encode())
    meetings = {str(e["summary"]): e for e in parsed.walk("VEVENT") if str(e["summary"]).startswith("IEP meeting")}
    speech = meetings["IEP meeting: Sam Rivera - speech review"]
    assert speech.decoded("dtstart") == datetime(2026, 12, 10, 15, 30)
    assert str(speech["location"]) == "District office"
    assert meetings["IEP meeting: Ana"].decoded("dtstart") == date(2027, 1, 12)  # no time known: all day
    assert str(meetings["IEP meeting: Ana"]["location"]) == "Room 2"
    only_ana = icalendar.Calendar.from_ical(run("calendar", "--child", "Ana").stdout.encode())
    assert [str(e["summary"]) for e in only_ana.walk("VEVENT")] == ["IEP meeting: Ana"]


def test_files_to_share_are_private_and_their_full_path_is_said(
    run: Run, rich: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    old = os.umask(0o022)
    try:
        for args in (
            ["letter", "follow-up", "-o", "letter.txt"],
            ["export", "-o", "export.md"],
            ["brief", "-o", "brief.txt"],
            ["calendar", "-o", "sam.ics"],
        ):
            result = run(*args)
            written = tmp_path / args[-1]
            assert result.exit_code == 0, result
            assert str(written.resolve()) in result.stdout
            assert written.stat().st_mode & 0o777 == 0o600, args
    finally:
        os.umask(old)


def test_the_brief_has_the_time_place_company_what_is_open_and_the_calm_plan(
    run: Run, rich: Path, tmp_path: Path
) -> None:
    run("meeting", "edit", "12/10/2026", "--time", "9am")
    answers = tmp_path / "answers.yaml"
    answers.write_text("support-person: my sister Ana\ncalm-plan: Breathe, and ask for a break\npurpose: done\n")
    run("prep", "--date", "12/10/2026", "--answers", str(answers))
    page = run("brief").stdout
    assert "When: Thu, Dec 10, 2026 at 9:00 AM (in 12 days)" in page and "Where: District office" in page
    assert "Coming with me: my sister Ana" in page
    assert "My plan for staying calm: Breathe, and ask for a break" in page
    assert "Still to do before the meeting:" in page and "Plan to take part, not just sit in." in page
    assert "Remind yourself what the meeting is for" not in page  # answered: not still to do


def test_the_markdown_export_leaves_out_notes_taken_back_and_shows_getting_ready(run: Run, rich: Path) -> None:
    text = run("export").stdout
    assert "typed by mistake" not in text
    assert "- **Strengths:** Loves drawing; Kind to friends" in text
    kept = run("export", "--format", "json").stdout
    assert '"text": "typed by mistake"' in kept and '"taken_back": true' in kept


def test_the_json_export_written_a_meeting_at_a_time_is_the_same_text_as_written_whole(
    run: Run, rich: Path, tmp_path: Path
) -> None:
    from iepprep.export import as_json

    whole = json.dumps(to_dict(reload()), indent=2, ensure_ascii=True) + "\n"
    assert "".join(as_json(reload())) == whole
    target = tmp_path / "record.json"
    assert run("export", "--format", "json", "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8") == whole


def test_an_export_that_fails_part_way_leaves_no_half_written_file(
    run: Run, rich: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from iepprep import export
    from iepprep.errors import IepprepError

    def failing(*args: object) -> dict[str, object]:
        raise IepprepError("The snapshot changed while iepprep was reading it.")

    monkeypatch.setattr(export, "_meeting", failing)
    target = tmp_path / "record.yaml"
    result = run("export", "--format", "yaml", "-o", str(target))
    assert result.exit_code == 1 and "snapshot changed" in result.stderr
    assert not target.exists()
