"""The IEP between meetings: the written IEP on record, year over year, progress reports, the
services log, the parent's concerns against the IEP, and the dates the IEP sets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from iepprep import children, iep, meetings
from iepprep.checklists import load_all
from iepprep.dates import parse_month
from iepprep.errors import IepprepError
from iepprep.state import ANSWERED
from iepprep.walk import record_answers

from helpers import GOLDEN, Run, reload

LAST_YEAR = GOLDEN / "iep-2025.yaml"
THIS_YEAR = GOLDEN / "iep-2026.yaml"

# Speech 30 minutes twice a week: October 2026 has eight sessions on record in four weeks, two of them missed.
SPEECH_IEP = """\
start: 8/20/2026
end: 8/19/2027
last_evaluation: 9/1/2024
goals:
  - area: Reading fluency
    target: Read a grade 3 passage at 90 words a minute
services:
  - name: Speech-language therapy
    minutes: 30
    times: 2
    per: week
"""
OCTOBER = ["10/5", "10/7", "10/12", "10/14", "10/19", "10/21", "10/26", "10/28"]
MISSED = {"10/14": "therapist out sick", "10/26": "school assembly"}


@pytest.fixture
def sam(today: str) -> None:
    children.add("Sam")


def _speech_month(run: Run, tmp_path: Path) -> None:
    plan = tmp_path / "iep.yaml"
    plan.write_text(SPEECH_IEP, encoding="utf-8")
    assert run("iep", "add", "--from", str(plan)).exit_code == 0
    for day in OCTOBER:
        extra = ["--missed", MISSED[day]] if day in MISSED else []
        assert run("services", "log", "speech", "--date", f"{day}/2026", *extra).exit_code == 0


# -- the written IEP on record --------------------------------------------------------------


def test_an_iep_printed_as_yaml_reads_back_as_the_same_iep(run: Run, sam: None, tmp_path: Path) -> None:
    assert run("iep", "add", "--from", str(THIS_YEAR)).exit_code == 0
    printed = run("iep", "show", "--format", "yaml").stdout
    copy = tmp_path / "copy.yaml"
    copy.write_text(printed, encoding="utf-8")
    children.add("Alex")
    added = run("iep", "add", "--from", str(copy), "--child", "Alex")
    assert added.exit_code == 0, added.stderr
    assert run("iep", "show", "--format", "yaml", "--child", "Alex").stdout == printed
    sam_iep, alex_iep = reload("Sam").ieps_in_order[0], reload("Alex").ieps_in_order[0]
    assert iep.document(sam_iep) == iep.document(alex_iep)
    assert alex_iep.services[0].name == "Speech-language therapy"
    assert (alex_iep.services[0].minutes, alex_iep.services[0].times, alex_iep.services[0].per) == (30, 1, "week")


def test_iep_show_prints_goals_services_and_accommodations_plainly(run: Run, sam: None) -> None:
    run("iep", "add", "--from", str(THIS_YEAR))
    shown = run("iep", "show").stdout
    assert "Sam's IEP, Thu, Jan 15, 2026 to Thu, Jan 14, 2027" in shown
    assert "1. Reading fluency: Read a grade 3 passage at 90 words a minute with 95% accuracy" in shown
    assert "Speech-language therapy: 30 minutes, 1 time a week; Separate room" in shown
    assert "  - Use of a calculator" in shown


def test_the_same_iep_twice_is_refused_and_replace_takes_its_place(run: Run, sam: None, tmp_path: Path) -> None:
    run("iep", "add", "--from", str(THIS_YEAR))
    again = run("iep", "add", "--from", str(THIS_YEAR))
    assert again.exit_code == 1
    assert "already on record" in again.stderr and "--replace" in again.stderr
    changed = tmp_path / "changed.yaml"
    changed.write_text(THIS_YEAR.read_text(encoding="utf-8").replace("minutes: 30", "minutes: 20"), encoding="utf-8")
    assert run("iep", "add", "--from", str(changed), "--replace").exit_code == 0
    assert len(reload().ieps) == 1
    assert reload().ieps_in_order[0].services[0].minutes == 20


def test_a_wrong_iep_file_names_each_line_and_records_nothing(run: Run, sam: None, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "start: 2/30/2026\ngoals:\n  - area: Reading\n"
        "services:\n  - name: OT\n    minutes: thirty\n    per: fortnight\n",
        encoding="utf-8",
    )
    result = run("iep", "add", "--from", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:1: " in result.stderr and f"{bad}:3: a goal is missing 'target'" in result.stderr
    assert f"{bad}:6: 'minutes' should be a whole number" in result.stderr
    assert f"{bad}:7: 'per' should be one of: day, week, month, year" in result.stderr
    assert "Nothing from the file was recorded." in result.stderr
    assert "Traceback" not in result.stderr
    assert reload().ieps == []


# -- year over year -----------------------------------------------------------------------------


def test_compare_names_the_rolled_over_goal_the_cut_service_and_the_removed_accommodation(run: Run, sam: None) -> None:
    run("iep", "add", "--from", str(LAST_YEAR))
    run("iep", "add", "--from", str(THIS_YEAR))
    shown = run("iep", "compare").stdout
    assert (
        "The Reading fluency goal's target is the same as last year's: Read a grade 3 passage at 90 words a minute "
        "with 95% accuracy"
    ) in shown
    assert "Did Sam make progress on it?" in shown
    assert (
        "Speech-language therapy was cut from 60 minutes a week to 30 minutes a week: 30 minutes a week less" in shown
    )
    assert "Accommodation removed: Directions read aloud" in shown
    assert "The Written expression goal was removed" in shown
    assert "A new goal for Math problem solving" in shown
    assert "Specialized reading instruction" not in shown  # the same in both years
    assert shown.count("Ask: ") == 7


def test_compare_by_dates_and_with_only_one_iep(run: Run, sam: None) -> None:
    run("iep", "add", "--from", str(THIS_YEAR))
    alone = run("iep", "compare")
    assert alone.exit_code == 1 and "needs two IEPs" in alone.stderr
    run("iep", "add", "--from", str(LAST_YEAR))
    both = run("iep", "compare", "--from", "3/1/2026", "--to", "6/1/2025")  # either order
    assert "Comparing the IEP that started on Wed, Jan 15, 2025 with the one that started on Thu, Jan 15, 2026" in (
        both.stdout
    )
    same = run("iep", "compare", "--from", "3/1/2026", "--to", "6/1/2026")
    assert same.exit_code == 1 and "same IEP" in same.stderr


# -- the services log ---------------------------------------------------------------------------


def test_a_month_with_two_of_eight_sessions_missed_shows_sixty_minutes_short(
    run: Run, sam: None, tmp_path: Path
) -> None:
    _speech_month(run, tmp_path)
    shown = run("services", "show", "--month", "10/2026").stdout
    assert "October 2026: 8 sessions on record. Due in them: 240 minutes; given: 180; short: 60." in shown
    assert "Missed on Wed, Oct 14, 2026 (therapist out sick), not made up: 30 minutes." in shown
    assert "34 CFR 300.151(b)(1)" in shown


def test_the_shortfall_reaches_status_next_steps_and_the_complaint_outline(run: Run, sam: None, tmp_path: Path) -> None:
    _speech_month(run, tmp_path)
    status = run("status").stdout
    assert "Services not given or made up" in status
    assert (
        "Speech-language therapy: 60 minutes short in the sessions you logged from Mon, Oct 5, 2026 to "
        "Wed, Oct 28, 2026" in status
    )
    outline = run("letter", "complaint-outline").stdout
    assert (
        "Month         Service                  As the IEP says             Sessions  Minutes due  Minutes given  "
        "Minutes short" in outline
    )
    assert (
        "October 2026  Speech-language therapy  30 minutes, 2 times a week  8         240          180            60"
        in outline
    )
    assert "October 14, 2026: Speech-language therapy, missed (therapist out sick)" in outline
    child = reload()
    child.record.append("disagreement", topic="Speech sessions are not happening", kind="legal", violation=True)
    ladder = run("next-steps", "--show").stdout
    assert "Evidence from your services log:" in ladder
    assert "Speech-language therapy: 60 minutes short in the sessions you logged" in ladder


def test_a_session_made_up_is_not_short_and_a_short_session_counts_its_minutes(
    run: Run, sam: None, tmp_path: Path
) -> None:
    plan = tmp_path / "iep.yaml"
    plan.write_text(SPEECH_IEP, encoding="utf-8")
    run("iep", "add", "--from", str(plan))
    run("services", "log", "speech", "--date", "10/12/2026", "--missed", "therapist out", "--made-up", "10/16/2026")
    run("services", "log", "speech", "--date", "10/14/2026", "--minutes", "20")
    run("services", "log", "speech", "--date", "10/19/2026", "--missed", "fall break", "--school-closed")
    run("services", "log", "speech", "--date", "10/21/2026", "--missed", "fall break", "--school-closed")
    shown = run("services", "show").stdout
    assert "Missed on Mon, Oct 12, 2026 (therapist out), made up on Fri, Oct 16, 2026." in shown
    assert "On Wed, Oct 14, 2026, 20 of the 30 minutes were given." in shown
    assert "School closed on Mon, Oct 19, 2026 (fall break): none due." in shown
    assert "October 2026: 4 sessions on record. Due in them: 60 minutes; given: 50; short: 10." in shown


def test_services_log_says_plainly_what_is_wrong(run: Run, sam: None, tmp_path: Path) -> None:
    none_yet = run("services", "log", "speech")
    assert none_yet.exit_code == 1 and "No written IEP is on record for Sam yet" in none_yet.stderr
    plan = tmp_path / "iep.yaml"
    plan.write_text(SPEECH_IEP, encoding="utf-8")
    run("iep", "add", "--from", str(plan))
    unknown = run("services", "log", "music")
    assert unknown.exit_code == 1
    assert "'music' does not name one service of the IEP; its services are: Speech-language therapy." in (
        unknown.stderr
    )
    made_up = run("services", "log", "speech", "--date", "11/4/2026", "--made-up", "11/6/2026")
    assert made_up.exit_code == 1
    assert "No missed session of Speech-language therapy on Wed, Nov 4, 2026 is on record" in made_up.stderr
    words = run("services", "log", "speech", "--minutes", "half an hour")
    assert words.exit_code == 1 and "Please type the minutes as a number, for example 30." in words.stderr
    both = run("services", "log", "speech", "--missed", "sick", "--minutes", "30")
    assert both.exit_code == 1 and "leave out --minutes" in both.stderr
    assert reload().sessions == []


def test_a_week_with_fewer_sessions_on_record_is_named_as_such(run: Run, sam: None, tmp_path: Path) -> None:
    plan = tmp_path / "iep.yaml"
    plan.write_text(SPEECH_IEP, encoding="utf-8")
    run("iep", "add", "--from", str(plan))
    for day in ("11/2", "11/4", "11/16", "11/18"):  # nothing on record the week of November 9
        run("services", "log", "speech", "--date", f"{day}/2026")
    shown = run("services", "show").stdout
    assert "Not on record: 2 of the 2 sessions in the week of Mon, Nov 9, 2026 (60 minutes)." in shown
    assert "November 2026: 4 sessions on record. Due in them: 120 minutes; given: 120; short: 0." in shown
    assert "Services not given" not in run("status").stdout  # sessions not on record are not counted as short


def test_the_service_log_request_lists_the_services_and_the_missed_sessions(
    run: Run, sam: None, tmp_path: Path
) -> None:
    _speech_month(run, tmp_path)
    letter = run("letter", "service-log-request").stdout
    assert "since August 20, 2026" in letter
    assert "Speech-language therapy: 30 minutes, 2 times a week" in letter
    assert "October 26, 2026: Speech-language therapy" in letter
    assert "34 CFR 300.613" in letter and "34 CFR 300.17(d), 300.323(c)(2)" in letter
    assert "whether and when it will be made up" in letter


# -- progress reports --------------------------------------------------------------------------


def test_two_reports_of_no_progress_show_as_a_trend_in_the_brief_status_and_export(
    run: Run, sam: None, tmp_path: Path
) -> None:
    plan = tmp_path / "iep.yaml"
    plan.write_text(SPEECH_IEP, encoding="utf-8")
    run("iep", "add", "--from", str(plan))
    meetings.add(reload(), date(2026, 12, 10))
    for day in ("10/30/2026", "11/20/2026"):
        rated = run("progress", "add", "--date", day, input="4\nStill at 50 words a minute\n")
        assert rated.exit_code == 0, rated.stderr
        assert "1 goal rated and saved." in rated.stdout
    trend = "Reading fluency: no progress on the last 2 reports (latest Fri, Nov 20, 2026)"
    assert trend in " ".join(run("brief").stdout.split())  # the page wraps at 80 columns
    assert trend in run("status").stdout
    assert trend in run("export").stdout
    assert trend in run("progress", "show").stdout
    assert reload().progress[-1].ratings[0].comment == "Still at 50 words a minute"


def test_a_rating_must_be_one_of_the_five(run: Run, sam: None, tmp_path: Path) -> None:
    plan = tmp_path / "iep.yaml"
    plan.write_text(SPEECH_IEP, encoding="utf-8")
    run("iep", "add", "--from", str(plan))
    rated = run("progress", "add", "--date", "11/20/2026", input="9\nprogressing\n\n")
    assert "Please type a number from 1 to 5" in rated.stderr
    assert [r.rating for r in reload().progress[0].ratings] == ["progressing"]


# -- concerns into goals ---------------------------------------------------------------------


def _concerns(statement: str) -> None:
    child = reload()
    meeting = meetings.add(child, date(2026, 11, 20))
    before = load_all().get("before")
    item = before.item("concerns")
    assert item is not None
    record_answers(child, meeting, before, [(item, ANSWERED, statement)])


def test_a_concern_no_goal_meets_reaches_the_follow_up_letter_and_the_brief(
    run: Run, sam: None, tmp_path: Path
) -> None:
    plan = tmp_path / "iep.yaml"
    plan.write_text(SPEECH_IEP.replace("start: 8/20/2026", "start: 11/20/2026"), encoding="utf-8")  # from the meeting
    run("iep", "add", "--from", str(plan))
    _concerns("Sam reads far below grade level. Sam is bullied at recess.")
    checked = run("check-iep", input="1\nn\n")
    assert checked.exit_code == 0, checked.stderr
    assert "Seems to match goal 1, Reading fluency" in checked.stdout
    assert reload().concerns_met == {
        "Sam reads far below grade level.": "goal 1, Reading fluency: Read a grade 3 passage at 90 words a minute",
        "Sam is bullied at recess.": "",
    }
    letter = run("letter", "follow-up", "--date", "11/20/2026").stdout
    assert "My concerns that the IEP does not yet address" in letter
    assert "  - Sam is bullied at recess." in letter
    assert "Sam reads far below grade level." not in letter
    meetings.add(reload(), date(2026, 12, 10))
    assert "My concerns the IEP does not meet yet:\n  - Sam is bullied at recess." in run("brief").stdout


def test_check_iep_says_when_the_iep_on_record_is_older_than_the_meeting(run: Run, sam: None, tmp_path: Path) -> None:
    plan = tmp_path / "iep.yaml"
    plan.write_text(SPEECH_IEP, encoding="utf-8")  # started in August, before the November meeting
    run("iep", "add", "--from", str(plan))
    _concerns("Sam reads far below grade level.")
    checked = run("check-iep", input="")
    assert "The IEP on record started before the meeting on Fri, Nov 20, 2026." in checked.stdout
    assert "iepprep iep add" in checked.stdout
    assert "Seems to match" not in checked.stdout and reload().concerns_met == {}


def test_the_parent_concerns_letter_carries_the_statement_and_asks_it_be_attached(run: Run, sam: None) -> None:
    _concerns("Sam reads far below grade level.\nSam is bullied at recess.")
    letter = run("letter", "parent-concerns", "--date", "11/20/2026").stdout
    assert "  - Sam reads far below grade level." in letter and "  - Sam is bullied at recess." in letter
    assert "attach it to the IEP" in letter and "34 CFR 300.324(a)(1)(ii)" in letter


# -- the dates the IEP sets ----------------------------------------------------------------------


def test_the_calendar_holds_the_annual_review_and_the_reevaluation(run: Run, sam: None, tmp_path: Path) -> None:
    plan = tmp_path / "iep.yaml"
    plan.write_text(SPEECH_IEP, encoding="utf-8")
    run("iep", "add", "--from", str(plan))
    calendar = run("calendar").stdout.replace("\r\n ", "")
    assert "SUMMARY:Annual review of the IEP due by (Sam)" in calendar
    assert "DTSTART;VALUE=DATE:20270819" in calendar
    assert "SUMMARY:Reevaluation due by (Sam)" in calendar
    assert "DTSTART;VALUE=DATE:20270901" in calendar  # three years from September 1, 2024
    assert "34 CFR 300.303" in calendar
    status = run("status").stdout
    assert "Reevaluation due by: Wed, Sep 1, 2027" in status
    assert "three years from the last evaluation on Sun, Sep 1, 2024" in status


# -- the core --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2 times a week", (2, "week")),
        ("twice a week", (2, "week")),
        ("weekly", (1, "week")),
        ("3x month", (3, "month")),
        ("1 time per day", (1, "day")),
        ("2 veces por semana", (2, "week")),
    ],
)
def test_how_often_a_service_comes_is_read_as_parents_write_it(typed: str, expected: tuple[int, str]) -> None:
    assert iep.parse_often(typed) == expected


def test_minutes_and_months_are_read_as_parents_write_them() -> None:
    assert [iep.parse_minutes(t) for t in ("30", "45 min", "1 hour", "90 minutes")] == [30, 45, 60, 90]
    with pytest.raises(IepprepError):
        iep.parse_minutes("half an hour")
    with pytest.raises(IepprepError):
        iep.parse_often("now and then")
    now = date(2026, 11, 29)
    typed = ("12/2026", "2026-12", "December", "dic 2026")
    assert [parse_month(t, now) for t in typed] == ["2026-12", "2026-12", "2025-12", "2026-12"]


def test_compare_names_eligibility_setting_provider_frequency_and_measure_changes(sam: None) -> None:
    from iepprep.state_iep import Goal, Iep, Service

    goal = Goal("Reading fluency", "Read 90 words a minute", measured="Timed probes", reported="Every quarter")
    old = Iep(
        "a",
        "2025-01-15",
        eligibility="Specific learning disability",
        goals=[goal],
        services=[Service("Speech-language therapy", 30, 1, "week", "Separate room", "Speech-language pathologist")],
    )
    new = Iep(
        "b",
        "2026-01-15",
        eligibility="Other health impairment",
        goals=[
            Goal("Reading fluency", "Read 90 words a minute", measured="Teacher observation", reported="Every quarter")
        ],
        services=[Service("Speech-language therapy", 15, 2, "week", "General education class", "Assistant")],
    )
    said = {change.kind: change for change in iep.compare(reload(), old, new)}
    assert said["eligibility-changed"].said == (
        "Eligibility changed from \u201cSpecific learning disability\u201d to \u201cOther health impairment\u201d"
    )
    assert (
        "prior written notice" in said["eligibility-changed"].ask
        and "34 CFR 300.503" in said["eligibility-changed"].ask
    )
    assert said["service-changed"].said == (
        "Speech-language therapy changed from 30 minutes, 1 time a week to 15 minutes, 2 times a week"
    )
    assert "\u201cSeparate room\u201d to \u201cGeneral education class\u201d" in said["service-setting-changed"].said
    assert "\u201cSpeech-language pathologist\u201d to \u201cAssistant\u201d" in said["service-provider-changed"].said
    assert "\u201cTimed probes\u201d to \u201cTeacher observation\u201d" in said["goal-measured-changed"].said
    assert "goal-reported-changed" not in said and "service-cut" not in said  # the same 30 minutes a week


def test_a_session_ahead_of_today_and_a_plain_no_in_the_file(run: Run, sam: None, tmp_path: Path) -> None:
    plan = tmp_path / "iep.yaml"
    plan.write_text(SPEECH_IEP + "extended_school_year: No\ngeneral_education: 80%\n", encoding="utf-8")
    assert run("iep", "add", "--from", str(plan)).exit_code == 0
    assert reload().ieps_in_order[0].extended_school_year == "No"
    ahead = run("services", "log", "speech", "--date", "12/3/2026")
    assert ahead.exit_code == 1 and "Thu, Dec 3, 2026 has not come yet" in ahead.stderr
    assert reload().sessions == []


def test_each_session_is_shown_in_its_own_month_and_a_week_not_over_is_not_asked_about(
    run: Run, sam: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-12-15")
    plan = tmp_path / "iep.yaml"
    plan.write_text(SPEECH_IEP, encoding="utf-8")
    run("iep", "add", "--from", str(plan))
    for day in ("11/30", "12/1", "12/14"):  # the week of November 30 runs into December; December 14's is not over
        run("services", "log", "speech", "--date", f"{day}/2026")
    november = run("services", "show", "--month", "11/2026").stdout
    assert "November 2026: 1 session on record. Due in them: 30 minutes; given: 30; short: 0." in november
    assert "Dec 1" not in november
    december = run("services", "show", "--month", "12/2026").stdout
    assert "December 2026: 2 sessions on record. Due in them: 60 minutes; given: 60; short: 0." in december
    assert "Not on record: 2 of the 2 sessions in the week of Mon, Dec 7, 2026 (60 minutes)." in december
    assert "week of Mon, Dec 14" not in december  # not over yet
    assert "Services not given" not in run("status").stdout


def test_a_missed_session_is_marked_made_up_later_and_a_mistake_is_taken_back(
    run: Run, sam: None, tmp_path: Path
) -> None:
    plan = tmp_path / "iep.yaml"
    plan.write_text(SPEECH_IEP, encoding="utf-8")
    run("iep", "add", "--from", str(plan))
    run("services", "log", "speech", "--date", "10/12/2026", "--missed", "therapist out")
    marked = run("services", "log", "speech", "--date", "10/12/2026", "--made-up", "10/16/2026")
    assert marked.exit_code == 0, marked.stderr
    assert "Marked the session of Speech-language therapy missed on Mon, Oct 12, 2026 as made up on Fri, Oct 16" in (
        marked.stdout
    )
    assert [(s.date, s.made_up) for s in reload().sessions] == [("2026-10-12", "2026-10-16")]  # no second entry
    run("services", "log", "speech", "--date", "10/14/2026")
    run("services", "log", "speech", "--date", "10/14/2026")  # logged twice by mistake
    undone = run("services", "undo")
    assert "Took back the session of Speech-language therapy on Wed, Oct 14, 2026 (30 minutes)." in undone.stdout
    shown = run("services", "show").stdout
    assert "October 2026: 2 sessions on record. Due in them: 60 minutes; given: 60; short: 0." in shown
    assert len(reload().sessions) == 3 and reload().sessions[-1].retracted  # kept in the record, marked
    run("services", "undo")  # the second session of October 14
    mark = run("services", "undo")  # then the mark that October 12 was made up, the last thing still logged
    assert "Took back that the session of Speech-language therapy missed on Mon, Oct 12, 2026 was made up on" in (
        mark.stdout
    )
    assert "Missed on Mon, Oct 12, 2026 (therapist out), not made up: 30 minutes." in run("services", "show").stdout


def test_iep_add_asks_again_for_an_end_before_the_start_and_refuses_a_start_on_record(
    run: Run, sam: None, tmp_path: Path
) -> None:
    plan = tmp_path / "iep.yaml"
    plan.write_text(SPEECH_IEP, encoding="utf-8")
    run("iep", "add", "--from", str(plan))
    walked = run("iep", "add", input="8/20/2026\n1/15/2026\n1/15/2026\n\n/quit\n")
    assert "An IEP starting on Thu, Aug 20, 2026 is already on record for Sam." in walked.stderr
    assert "iepprep iep add --from iep.yaml --replace" in walked.stderr
    assert "The IEP ends after it starts (Thu, Jan 15, 2026); please type its end date." in walked.stderr
    assert walked.exit_code == 0  # /quit keeps what was typed
    draft = reload().iep_draft()
    assert draft is not None and (draft.start, draft.end) == ("2026-01-15", "2027-01-14")  # Enter kept the default
    thrown = run("iep", "discard")
    assert "Threw away the IEP starting on Thu, Jan 15, 2026" in thrown.stdout
    assert reload().iep_draft() is None and len(reload().ieps_in_order) == 1
    assert run("iep", "discard").exit_code == 1


def test_the_annual_review_counts_a_year_from_the_meeting_that_wrote_the_iep(run: Run, sam: None) -> None:
    meetings.add(reload(), date(2026, 1, 8))
    run("iep", "add", "--from", str(THIS_YEAR))  # starts January 15, 2026
    status = run("status").stdout
    assert "Annual review of the IEP due by: Fri, Jan 8, 2027" in status
    assert "a year from the IEP meeting on Thu, Jan 8, 2026, and no later than the IEP's end date" in status
    assert "34 CFR 300.324(b)(1)" in status


def test_concerns_are_those_written_for_the_meeting_checked(run: Run, sam: None, tmp_path: Path) -> None:
    plan = tmp_path / "iep.yaml"
    plan.write_text(SPEECH_IEP.replace("start: 8/20/2026", "start: 11/20/2026"), encoding="utf-8")
    run("iep", "add", "--from", str(plan))
    _concerns("Sam is bullied at recess.")  # for the meeting on November 20
    later = meetings.add(reload(), date(2027, 1, 12))
    before = load_all().get("before")
    item = before.item("concerns")
    assert item is not None
    record_answers(reload(), later, before, [(item, ANSWERED, "Math homework takes three hours a night.")])
    checked = run("check-iep", "--date", "11/20/2026", input="n\n")
    assert "Sam is bullied at recess." in checked.stdout and "Math homework" not in checked.stdout
    letter = run("letter", "follow-up", "--date", "11/20/2026").stdout
    assert "  - Sam is bullied at recess." in letter and "Math homework" not in letter
