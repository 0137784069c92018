"""How every screen reads in a real terminal: in plain mode for screen readers, in a narrow window,
and in help. The installed program runs in a pty, as a parent's terminal runs it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import SCREENS_OF_THE_RECORD

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pty")

FIXTURES = Path(__file__).parent / "fixtures"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
BOXES = re.compile("[\u2500-\u257f]")
SCREENS = [
    *SCREENS_OF_THE_RECORD,
    ["checklists", "show", "before"],
    ["--help"],
    ["letter", "--help"],
    ["help", "notes", "add"],
    ["dance"],  # a usage error
]


@pytest.fixture
def record(data_home: Path, child_env: dict[str, str]) -> dict[str, str]:
    """Sam Rivera's full record, and the environment to show it in."""
    (data_home / "children").mkdir(parents=True)
    shutil.copy(FIXTURES / "rich-record.yaml", data_home / "children" / "rich.yaml")
    return {**child_env, "IEPPREP_TODAY": "2026-11-28"}


def screen(iepprep_bin: str, env: dict[str, str], args: list[str], columns: int) -> str:
    """What the parent sees in a terminal `columns` wide, without colour codes."""
    term = pexpect.spawn(iepprep_bin, args, env=env, encoding="utf-8", timeout=30, dimensions=(500, columns))
    term.expect(pexpect.EOF)
    term.close()
    return ANSI.sub("", term.before or "").replace("\r\n", "\n")


def assert_plain(shown: str) -> None:
    assert not BOXES.search(shown), shown
    assert "→" not in shown and "…" not in shown and "<bool>" not in shown and "<str>" not in shown
    assert [line for line in shown.splitlines() if line != line.rstrip()] == []


@pytest.mark.parametrize("args", SCREENS, ids=lambda args: " ".join(args))
def test_plain_mode_has_no_boxes_no_symbols_and_no_padding(
    iepprep_bin: str, record: dict[str, str], args: list[str]
) -> None:
    shown = screen(iepprep_bin, {**record, "IEPPREP_PLAIN": "1"}, args, 100)
    assert shown.strip()
    assert_plain(shown)


@pytest.mark.parametrize("how", ["--plain", "TERM=dumb"])
def test_plain_mode_by_flag_or_dumb_terminal(iepprep_bin: str, record: dict[str, str], how: str) -> None:
    for args in (["status"], ["next-steps", "--show"], ["--help"], ["dance"]):
        if how == "--plain":
            shown = screen(iepprep_bin, record, ["--plain", *args], 100)
        else:
            shown = screen(iepprep_bin, {**record, "TERM": "dumb"}, args, 100)
        assert_plain(shown)
    table = screen(iepprep_bin, record, ["meeting", "list"], 100)
    assert "Date: " not in table  # a terminal that is not plain still shows the table
    plain = screen(
        iepprep_bin, record, ["--plain", "meeting", "list"] if how == "--plain" else ["meeting", "list"], 100
    )
    if how == "--plain":
        assert plain.startswith("Date: Fri, Nov 20, 2026 (8 days ago). Purpose: annual review.")


def test_the_notes_summary_in_plain_mode(iepprep_bin: str, record: dict[str, str]) -> None:
    term = pexpect.spawn(
        iepprep_bin,
        ["notes", "--date", "12/10/2026"],
        env={**record, "IEPPREP_PLAIN": "1"},
        encoding="utf-8",
        timeout=30,
        dimensions=(500, 100),
    )
    term.expect_exact("note: ")
    term.sendline("= OT twice a week")
    term.expect_exact("note: ")
    term.sendline("/done")
    for _question in range(5):
        term.expect(r": $")
        term.sendline("")
    term.expect_exact("  - ")
    term.sendline("")
    term.expect(pexpect.EOF)
    term.close()
    shown = ANSI.sub("", term.before or "").replace("\r\n", "\n")
    assert "Decisions\n  - OT twice a week" in shown
    assert_plain(shown)


def _words(text: str) -> set[str]:
    return set(text.split())


@pytest.mark.parametrize("args", SCREENS, ids=lambda args: " ".join(args))
def test_at_40_columns_no_word_is_split_across_lines(iepprep_bin: str, record: dict[str, str], args: list[str]) -> None:
    whole = subprocess.run([iepprep_bin, *args], env=record, capture_output=True, text=True, timeout=60)
    wide = _words(whole.stdout + whole.stderr)  # into a pipe: the same lines, never wrapped
    narrow = screen(iepprep_bin, record, args, 40)
    assert narrow.strip()
    too_long = [word for word in wide if len(word) > 40]  # a path cannot fit a line whole
    split = [word for word in _words(narrow) if word not in wide and not any(word in long for long in too_long)]
    assert split == [], narrow


def test_help_names_what_to_type_never_types(iepprep_bin: str, record: dict[str, str]) -> None:
    for args in (["--help"], ["child", "add", "--help"], ["letter", "--help"], ["notes", "add", "--help"]):
        shown = screen(iepprep_bin, record, args, 100)
        assert "<bool>" not in shown and "<str>" not in shown and "{" not in shown, shown
    assert "Usage: iepprep child add [OPTIONS] NAME" in screen(iepprep_bin, record, ["child", "add", "--help"], 100)


def test_help_as_a_command_and_a_word_left_out_lists_the_choices(iepprep_bin: str, record: dict[str, str]) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([iepprep_bin, *args], env=record, capture_output=True, text=True, timeout=60)

    assert run("help").stdout == run("--help").stdout
    assert run("help", "notes", "add").stdout.startswith("Usage: iepprep notes add [OPTIONS] TEXT...")
    assert run().returncode == 0 and "Commands:" in run().stdout
    assert run("--plain", "--help").stdout.count("\n  ") > 15  # every command, though only one is built to run
    assert "Did you mean 'status'?" in run("stauts").stderr
    letter = run("letter")
    assert (letter.returncode, letter.stdout) == (2, "")
    assert letter.stderr.startswith("Say which letter to draft: meeting-request, iee-request, records-request,")
    assert run("checklists", "show").stderr.startswith("Say which checklist to show: before, during, conflict")
    assert "state, complaint-office" in run("rules", "set").stderr


def test_hints_name_the_program_as_it_was_started(iepprep_bin: str, record: dict[str, str], tmp_path: Path) -> None:
    away = {**record, "PATH": str(tmp_path)}  # iepprep is not on the PATH: started by its path
    shown = subprocess.run([iepprep_bin, "status"], env=away, capture_output=True, text=True, timeout=60).stdout
    assert f"{iepprep_bin} prep" in shown and " iepprep prep" not in shown
    on_path = subprocess.run([iepprep_bin, "status"], env=record, capture_output=True, text=True, timeout=60).stdout
    assert "(iepprep prep" in on_path or " iepprep prep" in on_path


@pytest.mark.parametrize(
    "words, expected",
    [
        ("iepprep letter fo", ["follow-up"]),
        ("iepprep status --child ", ["Sam Rivera"]),
        ("iepprep meeting cancel ", ["11/20/2026", "12/10/2026"]),
        ("iepprep checklists show d", ["during"]),
        ("iepprep rules set com", ["complaint-office", "complaint-address"]),
    ],
)
def test_tab_completes_names_kinds_ids_and_dates(
    iepprep_bin: str, record: dict[str, str], words: str, expected: list[str]
) -> None:
    env = {
        **record,
        "_IEPPREP_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }
    done = subprocess.run([iepprep_bin], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.split("\n")[: len(expected)] == expected


def _word_by_word(text: str, width: int) -> list[tuple[str, int, int]]:
    """Line breaking as the rule says it, one word at a time: a line takes words while they fit."""
    found: list[tuple[str, int, int]] = []
    offset = 0
    for paragraph in text.split("\n"):
        indent = paragraph[: len(paragraph) - len(paragraph.lstrip(" "))]
        lead, start, end = "", offset, offset
        for word in re.finditer(r"\S+", paragraph):
            word_start, word_end = offset + word.start(), offset + word.end()
            if end > start and len(lead) + word_end - start > width:
                found.append((lead, start, end))
                lead, start = indent, word_start
            end = word_end
        found.append((lead, start, end))
        offset += len(paragraph) + 1
    return found


@settings(max_examples=400)
@given(
    st.lists(
        st.sampled_from(["a", "bb", "ccc", "dddd", " ", " ", " ", "   ", "\n", "\t", "x" * 30, "\u00a0", "é"]),
        max_size=60,
    ).map("".join),
    st.integers(min_value=1, max_value=30),
)
def test_lines_break_where_the_word_by_word_rule_breaks_them(text: str, width: int) -> None:
    from iepprep.ui import _line_breaks

    assert _line_breaks(text, width) == _word_by_word(text, width)
