"""Checklists: the bundled four are valid and complete; every defect is refused with its line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iepprep import rules
from iepprep.checklists import KINDS, fill, load_all, load_file
from iepprep.errors import ChecklistInvalid

BROKEN = Path(__file__).parent / "broken_checklists"
BUNDLED = ("before", "during", "conflict", "escalation")


def expectation(path: Path) -> tuple[int, str]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8", "replace")
    match = re.match(r"# expect: (\d+): (.*)", first)
    return (int(match.group(1)), match.group(2)) if match else (1, "the file is empty")


def test_the_four_bundled_checklists_load_and_are_valid() -> None:
    catalog = load_all()
    assert catalog.problems == []
    assert list(catalog.checklists) == list(BUNDLED)
    for name in BUNDLED:
        checklist = catalog.get(name)
        assert checklist.bundled and checklist.phase == name
        assert all(item.why.strip() for item in checklist.items)


def test_items_that_ask_for_the_parents_words_have_prompts_naming_the_child() -> None:
    before = load_all().get("before")
    for item_id in ("concerns", "strengths", "questions", "outcome", "documents", "attendees"):
        item = before.item(item_id)
        assert item is not None and item.kind in ("text", "list"), item_id
        assert "{child}" in item.prompt, item_id


@pytest.mark.parametrize(
    "checklist, phrases",
    [
        (
            "before",
            [
                "more time",
                "questions",
                "someone who was not there",
                "break",
                "by name",
                "who will do what, where, when and why",
                "notes",
                "respect",
                "old bad feelings",
                "required member",
                "strengths",
                "outcome",
                "documents",
                "record the meeting",
                "records",
                "draft",
                "concerns",
                "partner",
                "twenty years",
                "process",
            ],
        ),
        (
            "during",
            ["same reason", "have a say", "respect", "good intentions", "each member", "trust the process", "listen"],
        ),
        (
            "conflict",
            [
                "problem, not the person",
                "new ideas",
                "clarifying questions",
                "common ground",
                "efforts",
                "will not be settled today",
                "both sides agree",
                "return to an issue later",
                "not enough structure or time",
            ],
        ),
        (
            "escalation",
            [
                "another IEP meeting",
                "different group of people",
                "district office",
                "assistant superintendents",
                "Director of Special Education",
                "program specialists",
                "certain person",
                "Independent Educational Evaluation",
                "paid for by the public",
                "evaluate {child} again",
                "mediation",
                "due process",
                "state complaint",
                "one year",
                "90%",
                "not legal advice",
            ],
        ),
    ],
)
def test_every_point_of_the_article_is_reachable(checklist: str, phrases: list[str]) -> None:
    """What an item says, its why, its prompt, and the rules /why states after it."""
    found = load_all().get(checklist)
    words = " ".join(
        [found.summary]
        + [f"{i.text} {i.why} {i.prompt} " + " ".join(rules.state(key).words for key in i.rules) for i in found.items]
    )
    words = " ".join(words.split())
    missing = [phrase for phrase in phrases if phrase.lower() not in words.lower()]
    assert missing == []


@pytest.mark.parametrize("path", sorted(BROKEN.glob("*.yaml")), ids=lambda p: p.stem)
def test_each_broken_checklist_is_refused_with_its_line(path: Path) -> None:
    line, fragment = expectation(path)
    with pytest.raises(ChecklistInvalid) as refused:
        load_file(path)
    problems = refused.value.problems
    assert any(p.startswith(f"{path}:{line}: ") and fragment in p for p in problems), problems


def test_a_python_tag_never_runs_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ChecklistInvalid):
        load_file(BROKEN / "tag-python.yaml")
    assert not (tmp_path / "TAG_RAN_CODE").exists()


def test_all_problems_of_a_file_are_listed(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(
        "id: Bad Id\ntitle: x\nphase: later\nsummary: s\nextra: 1\nitems:\n"
        "  - id: a\n    kind: poem\n    text: t {who}\n    why: w\n"
        "  - id: a\n    kind: choice\n    text: t\n"
    )
    with pytest.raises(ChecklistInvalid) as refused:
        load_file(path)
    lines = [p.split(": ", 1)[0] for p in refused.value.problems]
    assert lines == [f"{path}:{n}" for n in (1, 3, 5, 8, 9, 11, 11, 11)]


def test_absurd_nesting_is_refused_with_a_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("id: deep\ntitle: " + "[" * 20000 + "]" * 20000 + "\n")
    with pytest.raises(ChecklistInvalid) as refused:
        load_file(path)
    assert len(refused.value.problems) == 1
    assert refused.value.problems[0].startswith(f"{path}:2: ") and "nesting" in refused.value.problems[0]


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"id: huge\nsummary: '" + b"x" * 10_000_000 + b"'\n")
    with pytest.raises(ChecklistInvalid) as refused:
        load_file(path)
    assert "larger than 1 MB" in refused.value.problems[0]


def test_the_parents_own_checklist_replaces_or_adds(data_home: Path) -> None:
    own = data_home / "checklists"
    own.mkdir(parents=True)
    item = "items:\n  - id: one\n    kind: yesno\n    text: Ready, {child}?\n    why: To know.\n"
    (own / "mine.yaml").write_text("id: before\ntitle: My own before\nphase: before\nsummary: Mine.\n" + item)
    (own / "extra.yaml").write_text("id: after-meeting\ntitle: After\nphase: after\nsummary: New.\n" + item)
    (own / "broken.yaml").write_text("id: [\n")
    catalog = load_all()
    assert catalog.get("before").title == "My own before" and not catalog.get("before").bundled
    assert catalog.get("after-meeting").source == "own"
    assert len(catalog.problems) == 1 and "broken.yaml:2: YAML syntax error" in catalog.problems[0]


def test_choice_items_and_every_kind_load(tmp_path: Path) -> None:
    path = tmp_path / "kinds.yaml"
    body = "id: kinds\ntitle: Kinds\nphase: during\nsummary: All.\nitems:\n"
    for kind in KINDS:
        body += f"  - id: {kind}\n    kind: {kind}\n    text: A {kind} for {{child}}\n    why: Why.\n"
        body += "    choices: [school, home]\n" if kind == "choice" else ""
    path.write_text(body + "    optional: true\n")
    loaded = load_file(path)
    assert [item.kind for item in loaded.items] == list(KINDS)
    choice = loaded.item("choice")
    assert choice is not None and choice.choices == ("school", "home")
    assert loaded.items[-1].optional is True


def test_fill_puts_the_childs_name_in_and_leaves_other_braces_alone() -> None:
    assert fill("Ask about {child}'s day", "Sam {x}") == "Ask about Sam {x}'s day"
    assert fill("Ask about {child}", None) == "Ask about {child}"


def test_every_rule_in_the_table_is_where_a_parent_meets_it() -> None:
    """Each rule is stated by some checklist item's /why (interpreter, consent, transition at 16...)."""
    used = {key for checklist in load_all().checklists.values() for item in checklist.items for key in item.rules}
    assert set(rules.RULES) - used == set()
