"""iepprep rules: the one table, shown whole, and the parent's state settings in one place."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from iepprep import children, rules
from iepprep.rules import Duration, parse_duration

from helpers import Run


def test_rules_shows_every_rule_with_its_citation_and_source(run: Run) -> None:
    result = run("rules")
    assert result.exit_code == 0
    for rule in rules.RULES.values():
        assert f"{rule.topic}  [{rule.key}]" in result.stdout
        assert rule.cite in result.stdout
    assert "2 years, federal rule; states may differ. Where it is written: 34 CFR 300.511(e); see also 300.507(a)" in (
        result.stdout
    )
    assert "  due-process-limit: not set (the federal rule: 2 years)" in result.stdout


def test_a_setting_is_saved_shown_as_yours_and_removed(run: Run, data_home: Path) -> None:
    assert run("rules", "set", "state", "Ohio").exit_code == 0
    saved = run("rules", "set", "due-process-limit", "1 year")
    assert saved.stdout.startswith("Saved: due-process-limit = 1 year.")
    shown = run("rules").stdout
    assert "(Your setting for Ohio: one year. The federal rule is two years.)" in shown
    assert "1 year, your setting. Where it is written: 34 CFR 300.511(e); see also 300.507(a)" in shown
    settings = data_home / "state-rules.yaml"
    assert settings.stat().st_mode & 0o777 == 0o600
    assert 'due-process-limit: "1 year"' in settings.read_text()
    assert run("rules", "unset", "due-process-limit").exit_code == 0
    assert "due-process-limit: not set" in run("rules").stdout
    assert rules.value("due-process-limit") == Duration(2, "years")


@pytest.mark.parametrize(
    "args, message",
    [
        (["rules", "set", "due-process", "2 years"], "'due-process' is not a setting iepprep knows"),
        (["rules", "set", "records-access", "1 year"], "is a number of days or calendar days, for example 30 days"),
        (["rules", "set", "records-access", "60"], "The federal rule is 45 days at most. Your state may set a shorter"),
        (["rules", "set", "due-process-limit", "soon"], "'soon' is not a length of time iepprep understands"),
        (["rules", "set", "evaluation-time", "0"], "cannot be zero"),
        (["rules", "unset", "colour"], "'colour' is not a setting iepprep knows"),
    ],
)
def test_a_wrong_setting_is_one_sentence_and_changes_nothing(
    run: Run, data_home: Path, args: list[str], message: str
) -> None:
    result = run(*args)
    assert result.exit_code == 1 and message in result.stderr and len(result.stderr.splitlines()) == 1
    assert not (data_home / "state-rules.yaml").exists()


def test_a_hand_written_settings_file_is_checked_with_its_lines(run: Run, data_home: Path) -> None:
    data_home.mkdir(parents=True)
    path = data_home / "state-rules.yaml"
    path.write_text("# my state\nstate: Ohio\ndue-process-limt: 1 year\nrecords-access: soon\n")
    result = run("rules")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{path}:3: 'due-process-limt' is not a setting iepprep knows")
    assert (
        lines[1] == f"{path}:4: 'soon' is not a length of time iepprep understands; write it like 2 years or 30 days."
    )
    assert lines[2] == f"iepprep uses none of your state settings until {path} is fixed."


def test_a_broken_settings_file_stops_the_ladder_rather_than_use_the_wrong_limit(
    run: Run, data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-11-28")
    child = children.add("Sam")
    child.record.append("disagreement", topic="speech", kind="services", known_date="2026-06-01")
    (data_home / "state-rules.yaml").write_text("due-process-limit: [1, year]\n")
    result = run("next-steps", "--show")
    assert result.exit_code == 1 and "state-rules.yaml:1: 'due-process-limit' should be a short piece of text" in (
        result.stderr
    )


@pytest.mark.parametrize(
    "text, duration, start, end",
    [
        ("2 years", Duration(2, "years"), date(2026, 6, 1), date(2028, 6, 1)),
        ("1 year", Duration(1, "years"), date(2024, 2, 29), date(2025, 2, 28)),
        ("45 days", Duration(45, "days"), date(2026, 11, 28), date(2027, 1, 12)),
        ("10 business days", Duration(10, "business days"), date(2026, 11, 27), date(2026, 12, 11)),
        ("1 business day", Duration(1, "business days"), date(2026, 11, 27), date(2026, 11, 30)),
    ],
)
def test_durations_read_and_count(text: str, duration: Duration, start: date, end: date) -> None:
    assert parse_duration(text) == duration
    assert duration.after(start) == end
    assert duration.before(end) <= start


def test_a_disagree_note_offers_prior_written_notice(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-11-28")
    run("child", "add", "Sam")
    said = run("notes", "add", "disagree: the school will cut speech to 30 minutes")
    assert "ask for prior written notice (34 CFR 300.503(a), (b)): iepprep letter pwn-request" in said.stdout
    refused = run("notes", "add", "the team refused the 1:1 aide")
    assert "prior written notice" in refused.stdout
    plain = run("notes", "add", "we talked about reading")
    assert "prior written notice" not in plain.stdout


def test_a_mistyped_length_of_time_is_refused(run: Run) -> None:
    result = run("rules", "set", "due-process-limit", "8000 years")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "'8000 years' is longer than any time limit in special education law; please check the number."
    )
    assert run("rules", "set", "due-process-limit", "3 years").exit_code == 0
