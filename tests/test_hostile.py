"""Hostile input: whatever the parent types is stored exactly and shown literally, and damaged
records are read with a warning or refused with a sentence - never a traceback, never overwritten.
Text that tries to make Markdown or move the terminal stays text; names that only look like
another child's are refused; and every way the surroundings can fail ends in a sentence."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iepprep import children, meetings
from iepprep.codec import as_yaml
from iepprep.fold import save
from iepprep.state import Child

from helpers import Result, Run, reload

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


def clean_output(result: Result) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result
    assert not UNSAFE.search(result.stdout + result.stderr)


@pytest.fixture
def met(sam: Child) -> None:
    """Sam has a meeting today."""
    meetings.add(sam, date(2026, 11, 28))


@pytest.mark.parametrize("name", HOSTILE)
def test_notes_add_and_show(run: Run, met: None, name: str) -> None:
    result = run("notes", "add", HOSTILE[name])
    assert result.exit_code == 0
    clean_output(result)
    assert reload().meetings[0].notes[-1].text == HOSTILE[name]
    shown = run("notes", "show")
    assert shown.exit_code == 0
    clean_output(shown)


@pytest.mark.parametrize("name", HOSTILE)
def test_profile_meeting_and_their_views(run: Run, met: None, name: str) -> None:
    value = HOSTILE[name]
    assert run("meeting", "add", "2026-12-03", "--purpose", value, "--where", value).exit_code == 0
    child = reload()
    child.record.append("profile", school=value)
    assert reload().profile["school"] == value and reload().meetings[-1].purpose == value
    for args in (["child", "show"], ["child", "list"], ["meeting", "list"], ["where"]):
        result = run(*args)
        assert result.exit_code == 0
        clean_output(result)


@pytest.mark.parametrize("name", HOSTILE)
def test_prep_answers_and_review(run: Run, met: None, name: str, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    text = f"concerns: {as_yaml(HOSTILE[name])}\nstrengths: {as_yaml([HOSTILE[name]])}\n"
    answers.write_bytes(text.encode("utf-8"))
    result = run("prep", "--answers", str(answers))
    if len(text) > 1_000_000:  # an answers file over 1 MB is refused whole, plainly
        assert result.exit_code == 1 and "larger than 1 MB" in result.stderr and reload().answers == {}
        return
    assert result.exit_code == 0, result
    saved = reload().answers
    assert {(k[2], str(v.value)) for k, v in saved.items()} >= {("concerns", HOSTILE[name])}
    review = run("prep", "--review")
    clean_output(review)


@pytest.mark.parametrize("name", ["markup", "ansi", "nel", "right-to-left", "emoji"])
def test_typed_answers_and_topics(run: Run, met: None, name: str, tmp_path: Path) -> None:
    value = HOSTILE[name]
    edit = run("child", "edit", input="\n\n" + value + "\n" + "\n" * 20)
    assert edit.exit_code == 0
    clean_output(edit)
    assert reload().profile["school"] == value
    steps = run("next-steps", input=value + "\n2\n\n" + "\n" * 7 + "3\nno\n")
    clean_output(steps)
    assert reload().disagreements[0].topic == value
    letter = tmp_path / "letter.txt"
    assert run("letter", "mediation-request", "-o", str(letter)).exit_code == 0
    assert value in letter.read_text(encoding="utf-8")  # the file keeps the parent's words exactly


@pytest.mark.parametrize("name", ["ansi", "osc", "nul", "surrogate", "nel", "right-to-left"])
def test_a_name_with_control_characters_is_refused_plainly(run: Run, data_home: Path, name: str) -> None:
    result = run("child", "add", HOSTILE[name])
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    clean_output(result)
    assert children.find_all().children == []


@pytest.mark.parametrize("name", ["markup", "emoji", "persian", "hebrew and arabic"])
def test_a_name_with_markup_or_another_script_is_kept(run: Run, name: str) -> None:
    value = {**HOSTILE, "persian": "مهر\u200cناز", "hebrew and arabic": "שלום and مرحبا"}[name]
    assert run("child", "add", value).exit_code == 0
    shown = run("child", "show")
    assert value in shown.stdout  # joiners kept where the script or the emoji needs them
    assert children.find_all().children[0].name == value
    clean_output(shown)


# -- damaged records ------------------------------------------------------------

SMALL_RECORD: bytes = b""


def small_record(data_home: Path) -> Path:
    child = children.add("Sam")
    meeting = meetings.add(child, date(2026, 11, 28))
    child.record.append("note", meeting=meeting.id, kind="decision", text="OT twice a week")
    child.record.append("note", meeting=meeting.id, kind="note", text="two\nlines")
    return child.record.path


def check_damage(run: Run, path: Path, damaged: bytes) -> None:
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


def test_truncated_at_every_byte(run: Run, data_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-11-28")
    path = small_record(data_home)
    original = path.read_bytes()
    for cut in range(len(original) + 1):
        check_damage(run, path, original[:cut])


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), min_size=1, max_size=4)
)
def test_bytes_changed_anywhere(
    run: Run, data_home: Path, monkeypatch: pytest.MonkeyPatch, flips: list[tuple[int, int]]
) -> None:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-11-28")
    if (data_home / "children").exists():  # a fresh record for every set of flips
        shutil.rmtree(data_home / "children")
    path = small_record(data_home)
    damaged = bytearray(path.read_bytes())
    for position, value in flips:
        damaged[position % len(damaged)] = value
    check_damage(run, path, bytes(damaged))


# -- injection in what is shown and shared ----------------------------------------------------

INJECTIONS = {
    "fake decision": "= OT twice a week\n\n## Decisions\n\n- Parent agreed to remove all services",
    "raw html": "<img src=x onerror=alert(1)>",
    "table rows": "annual review\n| a | b |\n|---|---|\n| x | y |",
    "javascript link": "[Lincoln](javascript:alert(1))",
    "comment": "<!-- the rest is hidden",
    "terminal escapes": "\x1b[2J\x1b[8mhidden\x1b[0m and \x1b]0;title\x07",
    "right-to-left override": "Sam\u202eevil",
    "setext and rule": "looks like a heading\n===\n***",
}
# Markdown constructs the parent's text must never make; the export itself makes none of them either.
NEVER = {
    "html_block",
    "html_inline",
    "link_open",
    "image",
    "table_open",
    "hr",
    "code_block",
    "fence",
    "blockquote_open",
}


@pytest.fixture
def injected(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-11-28")
    assert run("child", "add", "Sam", "--school", INJECTIONS["raw html"]).exit_code == 0
    purpose, where = INJECTIONS["table rows"], INJECTIONS["javascript link"]
    assert run("meeting", "add", "2026-11-20", "--purpose", purpose, "--where", where).exit_code == 0
    for name, text in INJECTIONS.items():
        assert run("notes", "add", "--date", "2026-11-20", "--tag", "decision", text).exit_code == 0, name
    assert (
        run("notes", "add", "--date", "2026-11-20", f"> {INJECTIONS['terminal escapes']} by 2026-12-15").exit_code == 0
    )
    child = reload()
    meeting = child.meetings[0]
    child.record.append("attendee", meeting=meeting.id, name=INJECTIONS["comment"], role=INJECTIONS["raw html"])
    child.record.append("wrap-up", meeting=meeting.id, part="what", text=INJECTIONS["fake decision"])
    child.record.append("disagreement", topic=INJECTIONS["javascript link"], kind="services", meeting=meeting.id)


def test_the_markdown_export_makes_one_heading_per_section_and_none_from_the_parent(run: Run, injected: None) -> None:
    from markdown_it import MarkdownIt

    result = run("export")
    assert result.exit_code == 0
    clean_output(result)
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(result.stdout)
    headings = [tokens[n + 1].content for n, token in enumerate(tokens) if token.type == "heading_open"]
    assert headings == [
        "Sam",
        "Meeting on Fri, Nov 20, 2026",
        "In short",
        "Decisions",
        "Action items",
        "Every note, in order",
        "Disagreements and next steps",
    ]
    every = {token.type for token in tokens} | {c.type for t in tokens for c in t.children or []}
    assert every & NEVER == set()
    inline = [token.content for token in tokens if token.type == "inline"]
    # the fake decision stays inside its own item: its every line is in one piece of text
    assert [text for text in inline if "Parent agreed" in text] == [
        text for text in inline if "OT twice a week" in text and "Parent agreed" in text
    ]
    assert len([text for text in inline if "Parent agreed" in text]) == 3  # wrap-up, decisions, every note
    html = MarkdownIt("commonmark").render(result.stdout)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img" not in html  # shown, as typed
    assert "&lt;!-- the rest is hidden" in html


@pytest.mark.parametrize("kind", ["follow-up", "iep-corrections", "meeting-request"])
def test_a_markdown_letter_makes_no_heading_link_html_or_comment_from_the_parent(
    run: Run, injected: None, kind: str
) -> None:
    from markdown_it import MarkdownIt

    result = run("letter", kind, "--date", "11/20/2026", "--format", "md")
    assert result.exit_code == 0, result
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(result.stdout)
    every = {token.type for token in tokens} | {c.type for t in tokens for c in t.children or []}
    assert every & (NEVER | {"heading_open"}) == set()
    html = MarkdownIt("commonmark").render(result.stdout)
    assert "<img" not in html and "<!--" not in html and "Sincerely" in html  # nothing after a comment is hidden


def test_the_calendar_on_screen_holds_no_escape_and_the_file_keeps_the_text(
    run: Run, injected: None, tmp_path: Path
) -> None:
    import icalendar

    shown = run("calendar")
    assert shown.exit_code == 0
    clean_output(shown)
    assert "\x1b" not in shown.stdout and "Due: [2J[8mhidden[0m and ]0" in shown.stdout
    icalendar.Calendar.from_ical(shown.stdout)  # still a calendar
    target = tmp_path / "cal.ics"
    assert run("calendar", "-o", str(target)).exit_code == 0
    summaries = [str(e.get("summary")) for e in icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")]
    assert any(INJECTIONS["terminal escapes"] in s for s in summaries)


def test_direction_changing_and_invisible_marks_are_shown_visibly(run: Run, met: None) -> None:
    text = (
        "Sam\u202eevil and Sa\u200bm, A\U000e0041\u2028b; kept: \u2764\ufe0f \U0001f3f4\U000e0067\U000e0062\U000e007f"
    )
    assert run("notes", "add", text).exit_code == 0
    shown = run("notes", "show")
    assert (
        "Sam<U+202E>evil and Sa<U+200B>m, A<U+E0041><U+2028>b; kept: \u2764\ufe0f \U0001f3f4\U000e0067" in shown.stdout
    )
    assert reload().meetings[0].notes[-1].text == text  # stored exactly


@pytest.mark.parametrize(
    "name, looks_like",
    [
        ("\u0405am", "Sam"),  # Cyrillic capital dze
        ("S\u0430m", "Sam"),  # Cyrillic a
        ("\uff33\uff41\uff4d", "Sam"),  # fullwidth
        ("\u0405AM", "Sam"),
        ("Ana", "Ana"),
        ("\u0391na", "Ana"),  # Greek capital alpha
    ],
)
def test_a_name_that_looks_like_another_childs_is_refused(run: Run, name: str, looks_like: str) -> None:
    children.add("Sam")
    children.add("Ana")
    result = run("child", "add", name)
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert f"{looks_like}" in result.stderr and "Traceback" not in result.stderr
    assert sorted(c.name for c in children.find_all().children) == ["Ana", "Sam"]


@pytest.mark.parametrize(
    "name", ["Sa\u200bm", "Sam\u202e", "\u200dSam", "Sam\u2066", "S\u00adam", "Sam\ufe0f", "Sam\U000e0041", "Sa\u2028m"]
)
def test_a_name_with_invisible_marks_is_refused(run: Run, name: str) -> None:
    result = run("child", "add", name)
    assert result.exit_code == 1 and "invisible or direction-changing" in result.stderr
    renamed = run("child", "add", "Sam")
    assert renamed.exit_code == 0
    edit = run("child", "edit", input=name + "\nSammy\n" + "\n" * 20)
    assert "invisible or direction-changing" in edit.stderr and reload().name == "Sammy"


# -- every failure a sentence -------------------------------------------------------------------


def _run(iepprep_bin: str, env: dict[str, str], *args: str, **options: object) -> subprocess.CompletedProcess[str]:
    options.setdefault("stdout", subprocess.PIPE)
    options.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [iepprep_bin, *args], env=env, text=True, errors="replace", timeout=60, check=False, **options
    )


def _a_sentence(done: subprocess.CompletedProcess[str]) -> None:
    """Said in words: never a traceback, never "an unexpected problem"."""
    assert "unexpected problem" not in done.stderr and "Traceback" not in done.stderr, done
    assert (done.stdout + done.stderr).strip(), done


@pytest.fixture
def sam_record(child_env: dict[str, str]) -> Path:
    child = children.add("Sam")
    meeting = meetings.add(child, date(2026, 11, 28))
    save(child, "note", meeting=meeting.id, kind="decision", text="before")  # check-iep asks about it
    child_env["IEPPREP_TODAY"] = "2026-11-28"
    return child.record.path


def test_binary_data_in_a_record_is_a_sentence_naming_the_line(
    iepprep_bin: str, child_env: dict[str, str], sam_record: Path
) -> None:
    raw = sam_record.read_bytes()
    first_note = raw.index(b"--- # ", raw.index(b"event: note") - 40)
    raw = (
        raw[:first_note]
        + b"---\nevent: profile\nid: e00000000bb\nat: x\nschool: !!binary aGVsbG8=\n"
        + raw[first_note:]
    )
    sam_record.write_bytes(raw)
    for args in (["status"], ["notes", "add", "x"], ["child", "list"], ["notes", "show"], ["export"]):
        done = _run(iepprep_bin, child_env, *args)
        _a_sentence(done)
        assert done.returncode == 1 and "!!binary" in done.stderr and f"{sam_record}:" in done.stderr, done
    assert sam_record.read_bytes() == raw


@pytest.mark.parametrize(
    "setting",
    [{"PYTHONIOENCODING": "cp1252"}, {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}],
    ids=["cp1252", "C locale"],
)
def test_text_is_stored_as_typed_whatever_the_terminal_encoding(
    iepprep_bin: str, child_env: dict[str, str], sam_record: Path, setting: dict[str, str]
) -> None:
    env = {**child_env, **setting}
    added = _run(iepprep_bin, env, "notes", "add", "café 😀 שלום")
    assert added.returncode == 0, added
    typed = _run(iepprep_bin, env, "notes", input="naïve 😀\n/done\n" + "\n" * 10)
    assert typed.returncode == 0 and "unexpected" not in typed.stderr, typed
    texts = [n.text for n in children.load(sam_record).meetings[0].notes]
    assert texts[-2:] == ["café 😀 שלום", "naïve 😀"]
    assert "café 😀 שלום".encode() in sam_record.read_bytes()  # UTF-8 in the file, never escapes
    shown = _run(iepprep_bin, env, "notes", "show")
    assert shown.returncode == 0 and "caf" in shown.stdout and "unexpected" not in shown.stderr


@pytest.mark.parametrize(
    "args", [["notes"], ["prep"], ["child", "edit"], ["next-steps"], ["child", "forget", "Sam"], ["check-iep"]]
)
def test_a_closed_stdin_is_a_sentence(
    iepprep_bin: str, child_env: dict[str, str], sam_record: Path, args: list[str]
) -> None:
    before = sam_record.read_bytes()
    done = _run("sh", child_env, "-c", '"$0" "$@" <&-', iepprep_bin, *args)
    _a_sentence(done)
    assert done.returncode in (0, 1) and sam_record.exists()
    assert sam_record.read_bytes() == before


def test_a_closed_stdout_is_a_sentence(iepprep_bin: str, child_env: dict[str, str], sam_record: Path) -> None:
    done = _run("sh", child_env, "-c", '"$0" "$@" >&-', iepprep_bin, "status")
    _a_sentence(done)
    assert done.returncode == 1 and "Standard output is closed" in done.stderr


@pytest.mark.parametrize("args", [["status"], ["export"], ["letter", "meeting-request"], ["notes", "show"]])
def test_a_reader_that_goes_away_ends_iepprep_quietly(
    iepprep_bin: str, child_env: dict[str, str], sam_record: Path, args: list[str]
) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # as `head -1` does once it has its line
    try:
        done = _run(iepprep_bin, child_env, *args, stdout=write_end)
    finally:
        os.close(write_end)
    assert done.stderr == "" and done.returncode == 141, done


def test_a_broken_editor_setting_is_a_sentence(iepprep_bin: str, child_env: dict[str, str], sam_record: Path) -> None:
    from iepprep.checklists import load_all

    items = load_all().checklists["before"].items
    first_text = next(n for n, item in enumerate(items) if item.kind == "text")
    typed = "/skip\n" * first_text + "/edit\n/quit\n"
    done = _run(iepprep_bin, {**child_env, "EDITOR": 'vi "', "VISUAL": ""}, "prep", input=typed)
    _a_sentence(done)
    assert "EDITOR" in done.stderr and done.returncode == 0


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs to give the folder away")
def test_a_data_folder_of_another_user_is_a_sentence(
    iepprep_bin: str, child_env: dict[str, str], sam_record: Path, data_home: Path
) -> None:
    before = sam_record.read_bytes()
    for path in [data_home, *data_home.rglob("*")]:
        os.lchown(path, 4242, 4242)  # as after `sudo iepprep ...`, the other way round
    for args in (["status"], ["child", "list"], ["notes", "add", "x"], ["child", "add", "Ana"]):
        done = _run(iepprep_bin, child_env, *args)
        _a_sentence(done)
        assert done.returncode == 1 and "belongs to another user" in done.stderr, done
    assert sam_record.read_bytes() == before


def test_a_newer_record_is_named_never_no_child(iepprep_bin: str, child_env: dict[str, str], sam_record: Path) -> None:
    from iepprep.codec import dump_event

    header = children.load(sam_record).record.read().events[0]
    sam_record.write_bytes(dump_event({**header.data, "format": 9}) + sam_record.read_bytes()[header.end :])
    before = sam_record.read_bytes()
    for args in (["child", "list"], ["status"], ["where"], ["child", "add", "Sam"], ["prep"]):
        done = _run(iepprep_bin, child_env, *args, input="Sam\n")
        _a_sentence(done)
        assert "newer iepprep" in done.stderr, (args, done)
        assert "No child is on record yet" not in done.stdout + done.stderr
    assert sam_record.read_bytes() == before and len(list(sam_record.parent.glob("*.yaml"))) == 1


@pytest.mark.parametrize("home", ["a-file", "relative", "shared"])
def test_a_data_folder_setting_that_cannot_be_right_is_a_sentence(
    iepprep_bin: str, child_env: dict[str, str], tmp_path: Path, home: str
) -> None:
    if home == "a-file":
        (tmp_path / "a-file").write_text("not a folder")
        setting = str(tmp_path / "a-file")
    elif home == "shared":
        (tmp_path / "shared").mkdir(mode=0o1777)
        (tmp_path / "shared").chmod(0o1777)
        setting = str(tmp_path / "shared")
    else:
        setting = "relative/iepprep"
    for args in (["child", "list"], ["status"], ["child", "add", "Sam"]):
        done = _run(iepprep_bin, {**child_env, "IEPPREP_HOME": setting}, *args, cwd=tmp_path)
        _a_sentence(done)
        assert done.returncode == 1 and "No child is on record yet" not in done.stdout
        said = {"a-file": "a file, not a folder", "shared": "a folder others on this computer use too"}
        assert said.get(home, "full path") in done.stderr
    assert not (tmp_path / "relative").exists()
    if home == "shared":
        assert (tmp_path / "shared").stat().st_mode & 0o7777 == 0o1777  # left as it was, never made private


@settings(max_examples=300)
@given(text=st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("#-+=*_`[]()<>!|~&:\\\n 1.)")))
def test_any_text_in_a_markdown_item_stays_one_item_of_plain_text(text: str) -> None:
    from markdown_it import MarkdownIt

    from iepprep.export import md

    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(f"# Title\n\n- {md(text)}\n- next\n")
    every = [t.type for t in tokens] + [c.type for t in tokens for c in t.children or []]
    assert every.count("heading_open") == 1 and every.count("bullet_list_open") == 1
    assert every.count("list_item_open") == 2  # the text stayed in its item, and made none of its own
    assert not set(every) & (NEVER | {"em_open", "strong_open", "s_open", "code_inline", "ordered_list_open"})
