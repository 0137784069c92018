"""Checklists: the schema, strict validation with line numbers, and loading.

A checklist file is read as a stream of YAML events and built into a small
tree by hand, so that every value keeps its line, tags and aliases are
refused before anything is constructed, and deep nesting is stopped early.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from iepprep import paths
from iepprep.dates import parse_date
from iepprep.errors import ChecklistInvalid, IepprepError
from iepprep.state import DRAFT, SKIPPED
from iepprep.words import N_, _
from iepprep.yamltree import Findings, Node, check_keys, read_text, read_tree, typed

PHASES = ("before", "during", "after", "conflict", "escalation")
KINDS = ("check", "text", "list", "choice", "date", "yesno")
PLACEHOLDER = "{child}"
MAX_BYTES = 1_000_000
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PLACEHOLDERS = re.compile(r"\{([^{}]*)\}")

TOP_KEYS = {"id": "text", "title": "text", "phase": "text", "summary": "text", "items": "list"}
ITEM_KEYS = {"id": "text", "text": "text", "why": "text", "kind": "text"}
ITEM_OPTIONAL = {
    "prompt": "text",
    "choices": "list",
    "optional": "bool",
    "carries_over": "bool",
    "rules": "list",
}


# What an answer to a check item is stored as (the record keeps these words, whatever the language).
DONE, NOT_YET, NOT_APPLICABLE = "done", "not yet", "not applicable"
OPEN = "open"
_CHECK_WORDS = {
    **dict.fromkeys(("1", "d", "done", "yes", "y", "x", "hecho", "h", "sí", "si", "listo"), DONE),  # x ticks a box
    **dict.fromkeys(("2", "n", "no", "not yet", "aún no", "aun no", "todavía no", "todavia no"), NOT_YET),
    **dict.fromkeys(("3", "na", "n/a", "not applicable", "no aplica"), NOT_APPLICABLE),
}
_YES_NO = {"y": "yes", "yes": "yes", "sí": "yes", "si": "yes", "n": "no", "no": "no"}
# How a stored value reads on screen (translated where it is shown).
SHOWN = {
    DONE: N_("done"),
    NOT_YET: N_("not yet"),
    NOT_APPLICABLE: N_("not applicable"),
    "yes": N_("yes"),
    "no": N_("no"),
}


class AnswerLike(Protocol):
    status: str
    value: Any


@dataclass(frozen=True)
class Item:
    """One checklist item, and what an answer to it means: how it is parsed, checked, shown and counted."""

    id: str
    text: str
    why: str
    kind: str
    prompt: str = ""
    choices: tuple[str, ...] = ()
    optional: bool = False
    carries_over: bool = False  # offer the last meeting's answer as the default
    rules: tuple[str, ...] = ()  # keys of the rules table that /why states after the why
    line: int = field(default=0, compare=False)  # where its id is written, to name it in a problem

    def parse(self, text: str) -> Any:
        """The value of a typed answer, or IepprepError with a sentence saying what would do."""
        word = text.strip().casefold()
        if self.kind == "check":
            if word in _CHECK_WORDS:
                return _CHECK_WORDS[word]
            raise IepprepError(_("Please type 1 for done, 2 for not yet or 3 for not applicable."))
        if self.kind == "yesno":
            if word in _YES_NO:
                return _YES_NO[word]
            raise IepprepError(_("Please answer yes or no."))
        if self.kind == "choice":
            if word.isdigit() and 1 <= int(word) <= len(self.choices):
                return self.choices[int(word) - 1]
            named = [choice for choice in self.choices if choice.casefold() == word]
            if named:
                return named[0]
            raise IepprepError(
                _("Please type a number from 1 to {count}, or one of the choices.").format(count=len(self.choices))
            )
        if self.kind == "date":
            return parse_date(text).isoformat()
        if self.kind == "list":
            return [text]
        return text

    def from_file(self, raw: Any) -> Any:
        """The value of an answer read from an --answers file, checked against the item's kind."""
        if self.kind == "list":
            if isinstance(raw, list) and raw and all(isinstance(line, str) and line for line in raw):
                return raw
            raise IepprepError(_("'{item}' is a list item: write its answer as a list of lines.").format(item=self.id))
        if self.kind == "yesno" and isinstance(raw, bool):
            return "yes" if raw else "no"
        if not isinstance(raw, str) or not raw.strip():
            wanted = {
                "check": _("one of done, not yet, not applicable"),
                "yesno": _("yes or no"),
                "choice": _("one of {choices}").format(choices=", ".join(self.choices)),
                "date": _("a date, for example 12/8/2026"),
                "text": _("some text"),
            }
            raise IepprepError(
                _("The answer to '{item}' should be {wanted}.").format(item=self.id, wanted=wanted[self.kind])
            )
        try:
            return self.parse(raw)
        except IepprepError as problem:
            raise IepprepError(
                _("The answer to '{item}' does not fit: {problem}").format(item=self.id, problem=problem)
            ) from None

    @staticmethod
    def show(value: Any) -> str:
        """An answer as it reads on screen; a list on one line."""
        if isinstance(value, list):
            return " / ".join(str(line) for line in value)
        if isinstance(value, str) and value in SHOWN:
            return _(SHOWN[value])
        return "" if value is None else str(value)

    def status(self, answer: AnswerLike | None) -> str:
        """One word for where an item stands: done, not yet, not applicable, answered, skipped or open."""
        if answer is None:
            return _("open")
        if answer.status == SKIPPED:
            return _("skipped")
        if answer.status == DRAFT:
            return _("started")
        return self.show(answer.value) if self.kind == "check" else _("answered")

    @staticmethod
    def is_open(answer: AnswerLike | None) -> bool:
        """Still to do: never answered, skipped, or a check marked not yet."""
        return answer is None or answer.status in (SKIPPED, DRAFT) or answer.value == NOT_YET

    def question(self, child: str | None) -> str:
        """What the prompt asks, by kind."""
        if self.kind == "check":
            return _("1 done, 2 not yet, 3 not applicable")
        if self.kind == "yesno":
            return _("yes or no")
        if self.kind == "choice":
            return ", ".join(f"{n} {fill(choice, child)}" for n, choice in enumerate(self.choices, 1))
        if self.prompt:
            return fill(self.prompt, child)
        return _("Date, for example 12/8/2026") if self.kind == "date" else _("Your answer")

    def rule_lines(self) -> list[str]:
        """The rules the item leans on, each in words with its citation, from the one rules table."""
        from iepprep.rules import state

        return [state(key).line for key in self.rules]


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    phase: str
    summary: str
    items: tuple[Item, ...]
    path: Path
    bundled: bool

    @property
    def source(self) -> str:
        return "bundled" if self.bundled else "own"

    def item(self, item_id: str) -> Item | None:
        return next((item for item in self.items if item.id == item_id), None)


def habits_line(checklist: Checklist, child: str) -> str:
    """Each item's first clause, in one line: 'Listen actively - hear people out.' gives 'Listen actively.'"""
    return " ".join(fill(item.text, child).split(" - ")[0].rstrip(".") + "." for item in checklist.items)


def fill(text: str, child: str | None) -> str:
    """Put the child's name where the text says {child}; leave it as is without a name."""
    return text.replace(PLACEHOLDER, child) if child else text


# -- checking the tree against the schema --------------------------------------


def _check_words(node: Node, problems: Findings) -> None:
    for name in _PLACEHOLDERS.findall(str(node.value)):
        if "{" + name + "}" != PLACEHOLDER:
            problems.add(
                node.line,
                _("unknown placeholder '{{{name}}}'; only {placeholder} is allowed").format(
                    name=name, placeholder=PLACEHOLDER
                ),
            )


def _check_id(node: Node, what: str, problems: Findings) -> str:
    value = str(node.value)
    if not _ID.fullmatch(value):
        problems.add(
            node.line,
            _("{what} '{value}' should use only lowercase letters, digits and dashes").format(what=what, value=value),
        )
    return value


def _check_item(node: Node, problems: Findings, seen: dict[str, int]) -> Item | None:
    if not isinstance(node.value, dict):
        problems.add(node.line, _("each item should be a mapping with id, text, why and kind"))
        return None
    fields = check_keys(node, ITEM_KEYS, ITEM_OPTIONAL, "this item", problems)
    for key in ("text", "why", "prompt"):
        if key in fields:
            _check_words(fields[key], problems)
    item_id = _check_id(fields["id"], "item id", problems) if "id" in fields else ""
    if item_id in seen:
        problems.add(
            fields["id"].line,
            _("item id '{item_id}' is used twice (first on line {line})").format(item_id=item_id, line=seen[item_id]),
        )
    elif item_id:
        seen[item_id] = fields["id"].line
    kind = str(fields["kind"].value) if "kind" in fields else ""
    if "kind" in fields and kind not in KINDS:
        problems.add(
            fields["kind"].line,
            _("unknown kind '{kind}' (allowed: {allowed})").format(kind=kind, allowed=", ".join(KINDS)),
        )
    choices: list[str] = []
    if "choices" in fields:
        if kind != "choice":
            problems.add(fields["choices"].line, _("'choices' belongs only to items of kind choice"))
        listed = fields["choices"].value
        for choice in listed if isinstance(listed, list) else []:
            if typed(choice, "text") and str(choice.value).strip():
                _check_words(choice, problems)
                choices.append(str(choice.value))
            else:
                problems.add(choice.line, _("each choice should be a short piece of text"))
    rules = _check_rules(fields["rules"], problems) if "rules" in fields else ()
    if kind == "choice" and not choices and "choices" not in fields:
        problems.add(node.line, _("an item of kind choice needs a list of 'choices'"))
    elif kind == "choice" and not fields["choices"].value:
        problems.add(fields["choices"].line, _("'choices' should list at least one choice"))
    if len(fields) < len(ITEM_KEYS) or kind not in KINDS:
        return None
    return Item(
        id=item_id,
        text=str(fields["text"].value),
        why=str(fields["why"].value),
        kind=kind,
        prompt=str(fields["prompt"].value) if "prompt" in fields else "",
        choices=tuple(choices),
        optional=_true(fields.get("optional")),
        carries_over=_true(fields.get("carries_over")),
        rules=rules,
        line=fields["id"].line,
    )


def _check_rules(node: Node, problems: Findings) -> tuple[str, ...]:
    """The rules an item leans on: keys of the rules table, whose words and citations /why shows."""
    from iepprep.rules import RULES

    found = []
    for entry in node.value if isinstance(node.value, list) else []:
        key = str(entry.value)
        if not typed(entry, "text") or key not in RULES:
            problems.add(
                entry.line, _("'{key}' is not a rule iepprep knows; see them with: iepprep rules").format(key=key)
            )
        else:
            found.append(key)
    return tuple(found)


def _true(node: Node | None) -> bool:
    return node is not None and str(node.value).lower() in ("true", "yes", "on")


def _check_checklist(root: Node | None, path: Path, bundled: bool, problems: Findings) -> Checklist | None:
    if root is None or root.value is None or root.value == "":
        if not problems.found:
            problems.add(1, _("the file is empty; a checklist needs id, title, phase, summary and items"))
        return None
    if not isinstance(root.value, dict):
        problems.add(root.line, _("a checklist should be a mapping with id, title, phase, summary and items"))
        return None
    fields = check_keys(root, TOP_KEYS, {}, "the checklist", problems)
    for key in ("title", "summary"):
        if key in fields:
            _check_words(fields[key], problems)
    if "id" in fields:
        _check_id(fields["id"], "checklist id", problems)
    if "phase" in fields and fields["phase"].value not in PHASES:
        problems.add(
            fields["phase"].line,
            _("unknown phase '{phase}' (allowed: {allowed})").format(
                phase=fields["phase"].value, allowed=", ".join(PHASES)
            ),
        )
    items: list[Item | None] = []
    if "items" in fields:
        if not fields["items"].value:
            problems.add(fields["items"].line, _("a checklist needs at least one item"))
        seen: dict[str, int] = {}
        listed = fields["items"].value
        items = (
            [_check_item(node, problems, seen) for node in listed if isinstance(node, Node)]
            if isinstance(listed, list)
            else []
        )
    if problems.found:
        return None
    return Checklist(
        id=str(fields["id"].value),
        title=str(fields["title"].value),
        phase=str(fields["phase"].value),
        summary=str(fields["summary"].value),
        items=tuple(item for item in items if item),
        path=path,
        bundled=bundled,
    )


def load_file(path: Path, bundled: bool = False) -> Checklist:
    """One checklist file, or ChecklistInvalid listing every problem as FILE:LINE: what."""
    problems = Findings(path)
    text = read_text(path, MAX_BYTES, _("a checklist"))
    checklist = _check_checklist(read_tree(path, text, problems), path, bundled, problems)
    if checklist is None:
        raise ChecklistInvalid(problems.lines())
    return checklist


# -- the bundled checklists and the parent's own --------------------------------


def bundled_dir() -> Path:
    """Inside the installed package; in a source checkout, the top-level checklists/ folder."""
    packaged = Path(__file__).parent / "checklists"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "checklists"


@dataclass
class Catalog:
    checklists: dict[str, Checklist]
    problems: list[str]

    def get(self, name: str) -> Checklist:
        if name in self.checklists:
            return self.checklists[name]
        raise IepprepError(
            _("There is no checklist called '{name}'; the checklists are: {allowed}.").format(
                name=name, allowed=", ".join(self.checklists)
            )
        )


def translated_path(original: Path, language: str) -> Path:
    """Where a bundled checklist's translation lives: checklists/es/before.yaml beside before.yaml."""
    return original.parent / language / original.name


def load_translation(original: Checklist, path: Path) -> Checklist:
    """A checklist's translation, refused (FILE:LINE) unless its items match the original's one for one:
    the same ids in the same order, the same kinds, choices, rules and flags."""
    translated = load_file(path, original.bundled)
    problems = Findings(path)
    if (translated.id, translated.phase) != (original.id, original.phase):
        problems.add(1, _("its id and phase should be those of {original}").format(original=original.path))
    for mine, theirs in zip(translated.items, original.items, strict=False):  # a count apart is said below
        if mine.id != theirs.id:
            problems.add(
                mine.line,
                _("item '{item}' stands where {original} has '{expected}'").format(
                    item=mine.id, original=original.path, expected=theirs.id
                ),
            )
        elif (mine.kind, len(mine.choices), mine.rules, mine.optional, mine.carries_over) != (
            theirs.kind,
            len(theirs.choices),
            theirs.rules,
            theirs.optional,
            theirs.carries_over,
        ):
            problems.add(
                mine.line,
                _("item '{item}' should have the same kind, choices, rules and flags as in {original}").format(
                    item=mine.id, original=original.path
                ),
            )
    if len(translated.items) != len(original.items):
        problems.add(
            1,
            _("it has {count} items; {original} has {expected}").format(
                count=len(translated.items), original=original.path, expected=len(original.items)
            ),
        )
    if problems.found:
        raise ChecklistInvalid(problems.lines())
    return translated


def load_checked(path: Path) -> Checklist:
    """One checklist file, checked as a translation too when it sits in a language folder
    (checklists/es/before.yaml) beside its original."""
    from iepprep.language import LANGUAGES

    original = path.parent.parent / path.name
    if path.parent.name in LANGUAGES and original.is_file():
        return load_translation(load_file(original), path)
    return load_file(path)


def load_all() -> Catalog:
    """Bundled checklists (in the parent's language where a translation exists), then the parent's own:
    the same id replaces, a new id adds."""
    from iepprep import language

    catalog = Catalog({}, [])
    own = paths.user_checklists_dir()
    sources = [(bundled_dir(), True), (own, False)]
    for folder, bundled in sources:
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            shown_path = path
            try:
                checklist = load_file(path, bundled)
                translation = translated_path(path, language.current())
                if bundled and language.current() != language.ENGLISH and translation.is_file():
                    shown_path = translation
                    checklist = load_translation(checklist, translation)
            except ChecklistInvalid as invalid:
                catalog.problems.append(
                    _("{problem} (this checklist is left out; see every problem with: {command})").format(
                        problem=invalid.problems[0], command=f"iepprep checklists validate {shown_path}"
                    )
                )
                continue
            catalog.checklists[checklist.id] = checklist
    order = {phase: n for n, phase in enumerate(PHASES)}
    catalog.checklists = dict(sorted(catalog.checklists.items(), key=lambda kv: (order[kv[1].phase], kv[0])))
    return catalog
