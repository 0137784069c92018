"""Hostile input: whatever the parent types is stored exactly and shown literally, and damaged
records are read with a warning or refused with a sentence - never a traceback, never overwritten."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iepprep import children, meetings
from iepprep.codec import as_yaml

HOSTILE = {
    "markup": "[bold]x[/] [/] [link=file:///etc/passwd]click[/link]",
    "ansi": "\x1b[31mred\x1b[0m\x1b[2J",
    "osc": "\x1b]8;;http://example.com\x07link\x1b]8;;\x07 \x1b]0;title\x07",
    "surrogate": "lone \udc80 surrogate",
    "nel": "next\x85line",
    "nul": "nul\x00byte",
    "right-to-left": "שלום \u202eevil\u202c and مرحبا",
    "emoji": "👩‍👧 😀",
    "one megabyte": "x" * 1_000_000,
}
# What must never reach the terminal: ESC, BEL, NUL, C1 controls (CSI, OSC, NEL), lone surrogates.
UNSAFE = re.compile("[\x00\x07\x1b\x80-\x9f\ud800-\udfff]")


def clean_output(result: object) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result
    assert not UNSAFE.search(result.stdout + result.stderr)


@pytest.fixture
def sam(run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-11-28")
    meetings.add(children.add("Sam"), date(2026, 11, 28))


def whole() -> children.Child:
    return children.find_all(full=True).children[0]


@pytest.mark.parametrize("name", HOSTILE)
def test_notes_add_and_show(run, sam, name: str) -> None:
    result = run("notes", "add", HOSTILE[name])
    assert result.exit_code == 0
    clean_output(result)
    assert whole().meetings[0].notes[-1].text == HOSTILE[name]
    shown = run("notes", "show")
    assert shown.exit_code == 0
    clean_output(shown)


@pytest.mark.parametrize("name", HOSTILE)
def test_profile_meeting_and_their_views(run, sam, name: str) -> None:
    value = HOSTILE[name]
    assert run("meeting", "add", "2026-12-03", "--purpose", value, "--where", value).exit_code == 0
    child = whole()
    child.record.append("profile", school=value)
    assert whole().profile["school"] == value and whole().meetings[-1].purpose == value
    for args in (["child", "show"], ["child", "list"], ["meeting", "list"], ["where"]):
        result = run(*args)
        assert result.exit_code == 0
        clean_output(result)


@pytest.mark.parametrize("name", HOSTILE)
def test_prep_answers_and_review(run, sam, name: str, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    text = f"concerns: {as_yaml(HOSTILE[name])}\nstrengths: {as_yaml([HOSTILE[name]])}\n"
    answers.write_bytes(text.encode("utf-8"))
    result = run("prep", "--answers", str(answers))
    if len(text) > 1_000_000:  # an answers file over 1 MB is refused whole, plainly
        assert result.exit_code == 1 and "larger than 1 MB" in result.stderr and whole().answers == {}
        return
    assert result.exit_code == 0, result
    saved = whole().answers
    assert {(k[2], str(v.value)) for k, v in saved.items()} >= {("concerns", HOSTILE[name])}
    review = run("prep", "--review")
    clean_output(review)


@pytest.mark.parametrize("name", ["markup", "ansi", "nel", "right-to-left", "emoji"])
def test_typed_answers_and_topics(run, sam, name: str, tmp_path: Path) -> None:
    value = HOSTILE[name]
    edit = run("child", "edit", input="\n\n" + value + "\n" + "\n" * 20)
    assert edit.exit_code == 0
    clean_output(edit)
    assert whole().profile["school"] == value
    steps = run("next-steps", input=value + "\n2\n\n" + "\n" * 7 + "3\nno\n")
    clean_output(steps)
    assert whole().disagreements[0].topic == value
    letter = tmp_path / "letter.txt"
    assert run("letter", "mediation-request", "-o", str(letter)).exit_code == 0
    assert value in letter.read_text(encoding="utf-8")  # the file keeps the parent's words exactly


@pytest.mark.parametrize("name", ["ansi", "osc", "nul", "surrogate", "nel"])
def test_a_name_with_control_characters_is_refused_plainly(run, name: str) -> None:
    result = run("child", "add", HOSTILE[name])
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    clean_output(result)


@pytest.mark.parametrize("name", ["markup", "right-to-left", "emoji"])
def test_a_name_with_markup_or_another_script_is_kept(run, name: str) -> None:
    assert run("child", "add", HOSTILE[name]).exit_code == 0
    shown = run("child", "show")
    assert HOSTILE[name].replace("\u202e", "").replace("\u202c", "")[:5] in shown.stdout.replace("\u202e", "")
    clean_output(shown)


# -- damaged records ------------------------------------------------------------

SMALL_RECORD: bytes = b""


def small_record(data_home: Path) -> Path:
    child = children.add("Sam")
    meeting = meetings.add(child, date(2026, 11, 28))
    child.record.append("note", meeting=meeting.id, kind="decision", text="OT twice a week")
    child.record.append("note", meeting=meeting.id, kind="note", text="two\nlines")
    return child.record.path


def check_damage(run, path: Path, damaged: bytes) -> None:
    """notes show reads it (maybe with a warning) or refuses it; notes add never hides damage."""
    path.write_bytes(damaged)
    shown = run("notes", "show", "--all")
    assert shown.exit_code in (0, 1), shown
    assert "Traceback" not in shown.stdout + shown.stderr
    if shown.exit_code == 1:  # one sentence, after any warning about a cut-short entry
        *warnings, _ = shown.stderr.strip().splitlines()
        assert all("cut short" in line for line in warnings)
    added = run("notes", "add", "after the damage")
    assert "Traceback" not in added.stdout + added.stderr
    if added.exit_code != 0:
        assert path.read_bytes() == damaged  # refused: not a byte changed
    else:
        side = b"".join(p.read_bytes() for p in path.parent.glob("*.torn-*"))
        now = path.read_bytes()
        assert damaged in now or now.startswith(damaged[: len(damaged) - len(side)])  # nothing lost
    for extra in path.parent.glob("*.torn-*"):
        extra.unlink()


def test_truncated_at_every_byte(run, data_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-11-28")
    path = small_record(data_home)
    original = path.read_bytes()
    for cut in range(len(original) + 1):
        check_damage(run, path, original[:cut])


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), min_size=1, max_size=4)
)
def test_bytes_changed_anywhere(run, data_home: Path, monkeypatch: pytest.MonkeyPatch, flips: list) -> None:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-11-28")
    for old in (data_home / "children").glob("*") if (data_home / "children").exists() else []:
        old.unlink()
    path = small_record(data_home)
    damaged = bytearray(path.read_bytes())
    for position, value in flips:
        damaged[position % len(damaged)] = value
    check_damage(run, path, bytes(damaged))
