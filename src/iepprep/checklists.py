"""Checklists: the schema, strict validation with line numbers, and loading.

A checklist file is read as a stream of YAML events and built into a small
tree by hand, so that every value keeps its line, tags and aliases are
refused before anything is constructed, and deep nesting is stopped early.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from iepprep import paths
from iepprep.errors import ChecklistInvalid, IepprepError

PHASES = ("before", "during", "after", "conflict", "escalation")
KINDS = ("check", "text", "list", "choice", "date", "yesno")
PLACEHOLDER = "{child}"
MAX_BYTES = 1_000_000
MAX_DEPTH = 12
MAX_PROBLEMS = 30
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PLACEHOLDERS = re.compile(r"\{([^{}]*)\}")

TOP_KEYS = {"id": "text", "title": "text", "phase": "text", "summary": "text", "items": "list"}
ITEM_KEYS = {"id": "text", "text": "text", "why": "text", "kind": "text"}
ITEM_OPTIONAL = {"prompt": "text", "choices": "list", "optional": "bool", "carries_over": "bool"}
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    why: str
    kind: str
    prompt: str = ""
    choices: tuple[str, ...] = ()
    optional: bool = False
    carries_over: bool = False  # offer the last meeting's answer as the default


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


# -- reading a file into a tree that remembers lines --------------------------


@dataclass
class Node:
    line: int
    value: str | list[Node] | dict[str, Node] | None
    tag: str = "tag:yaml.org,2002:str"
    key_lines: dict[str, int] = field(default_factory=dict)


class _Problems:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.found: list[tuple[int, str]] = []

    def add(self, line: int, message: str) -> None:
        if (line, message) not in self.found:
            self.found.append((line, message))

    def lines(self) -> list[str]:
        ordered = sorted(self.found)
        shown = [f"{self.path}:{line}: {message}" for line, message in ordered[:MAX_PROBLEMS]]
        if len(ordered) > MAX_PROBLEMS:
            shown.append(f"{self.path}:{ordered[MAX_PROBLEMS][0]}: and {len(ordered) - MAX_PROBLEMS} more problems")
        return shown


_RESOLVER = yaml.resolver.Resolver()


def _line(mark: Any) -> int:
    return int(mark.line) + 1 if mark is not None else 1


def _scalar(event: yaml.ScalarEvent) -> Node:
    plain = bool(event.implicit[0]) and not event.style
    tag = "tag:yaml.org,2002:str"
    if plain:
        tag = str(_RESOLVER.resolve(yaml.ScalarNode, event.value, (True, False)))  # type: ignore[no-untyped-call]
    return Node(_line(event.start_mark), event.value, tag)


def _read_tree(path: Path, text: str, problems: _Problems) -> Node | None:
    """Build the tree; refuse tags, anchors, aliases, several documents and deep nesting."""
    stack: list[tuple[Node, list[Any]]] = []  # (container, [pending key, its line])
    root: Node | None = None
    documents = 0

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent, pending = stack[-1]
        if isinstance(parent.value, list):
            parent.value.append(node)
        elif not pending:
            if not isinstance(node.value, str):
                problems.add(node.line, "a key must be a plain word")
                pending.extend(["\0", node.line])
            else:
                pending.extend([node.value, node.line])
        else:
            key, line = pending
            pending.clear()
            if not isinstance(parent.value, dict):
                return
            if key in parent.value:
                problems.add(line, f"'{key}' appears twice (first on line {parent.key_lines[key]})")
            else:
                parent.value[key] = node
                parent.key_lines[key] = line

    try:
        for event in yaml.parse(text, Loader=_LOADER):
            line = _line(event.start_mark)
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    problems.add(line, "a checklist file holds one document; remove this `---`")
                    return root
            if getattr(event, "anchor", None) and not isinstance(event, yaml.AliasEvent):
                problems.add(line, "anchors (&) are not allowed in a checklist")
            tag = getattr(event, "tag", None)
            if tag:
                problems.add(line, f"YAML tags such as '{tag}' are not allowed in a checklist")
            if isinstance(event, yaml.AliasEvent):
                problems.add(line, "aliases (*) are not allowed in a checklist")
                attach(Node(line, None, "tag:yaml.org,2002:null"))
            elif isinstance(event, yaml.ScalarEvent):
                attach(_scalar(event))
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    problems.add(line, f"nesting is deeper than {MAX_DEPTH} levels")
                    return None
                empty: list[Node] | dict[str, Node] = [] if isinstance(event, yaml.SequenceStartEvent) else {}
                stack.append((Node(line, empty), []))
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                attach(stack.pop()[0])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or "the YAML cannot be read"
        problems.add(mark.line + 1 if mark else 1, f"YAML syntax error: {reason}")
        return None
    return root


# -- checking the tree against the schema --------------------------------------

_TYPE_WORDS = {"text": "text", "list": "a list", "bool": "true or false"}


def _typed(node: Node, want: str) -> bool:
    if want == "text":
        return isinstance(node.value, str) and node.tag.endswith(":str")
    if want == "list":
        return isinstance(node.value, list)
    return isinstance(node.value, str) and node.tag.endswith(":bool")


def _check_keys(
    node: Node, required: dict[str, str], optional: dict[str, str], what: str, problems: _Problems
) -> dict[str, Node]:
    fields = node.value if isinstance(node.value, dict) else {}
    allowed = {**required, **optional}
    for key, value in fields.items():
        if key not in allowed:
            problems.add(node.key_lines[key], f"unknown key '{key}' in {what} (allowed: {', '.join(allowed)})")
        elif not _typed(value, allowed[key]):
            problems.add(value.line, f"'{key}' should be {_TYPE_WORDS[allowed[key]]}")
        elif allowed[key] == "text" and not str(value.value).strip():
            problems.add(value.line, f"'{key}' should not be empty")
    for key in required:
        if key not in fields:
            problems.add(node.line, f"{what} is missing '{key}'")
    return {key: value for key, value in fields.items() if key in allowed and _typed(value, allowed[key])}


def _check_words(node: Node, problems: _Problems) -> None:
    for name in _PLACEHOLDERS.findall(str(node.value)):
        if "{" + name + "}" != PLACEHOLDER:
            problems.add(node.line, f"unknown placeholder '{{{name}}}'; only {PLACEHOLDER} is allowed")


def _check_id(node: Node, what: str, problems: _Problems) -> str:
    value = str(node.value)
    if not _ID.fullmatch(value):
        problems.add(node.line, f"{what} '{value}' should use only lowercase letters, digits and dashes")
    return value


def _check_item(node: Node, problems: _Problems, seen: dict[str, int]) -> Item | None:
    if not isinstance(node.value, dict):
        problems.add(node.line, "each item should be a mapping with id, text, why and kind")
        return None
    fields = _check_keys(node, ITEM_KEYS, ITEM_OPTIONAL, "this item", problems)
    for key in ("text", "why", "prompt"):
        if key in fields:
            _check_words(fields[key], problems)
    item_id = _check_id(fields["id"], "item id", problems) if "id" in fields else ""
    if item_id in seen:
        problems.add(fields["id"].line, f"item id '{item_id}' is used twice (first on line {seen[item_id]})")
    elif item_id:
        seen[item_id] = fields["id"].line
    kind = str(fields["kind"].value) if "kind" in fields else ""
    if "kind" in fields and kind not in KINDS:
        problems.add(fields["kind"].line, f"unknown kind '{kind}' (allowed: {', '.join(KINDS)})")
    choices: list[str] = []
    if "choices" in fields:
        if kind != "choice":
            problems.add(fields["choices"].line, "'choices' belongs only to items of kind choice")
        listed = fields["choices"].value
        for choice in listed if isinstance(listed, list) else []:
            if _typed(choice, "text") and str(choice.value).strip():
                _check_words(choice, problems)
                choices.append(str(choice.value))
            else:
                problems.add(choice.line, "each choice should be a short piece of text")
    if kind == "choice" and not choices and "choices" not in fields:
        problems.add(node.line, "an item of kind choice needs a list of 'choices'")
    elif kind == "choice" and not fields["choices"].value:
        problems.add(fields["choices"].line, "'choices' should list at least one choice")
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
    )


def _true(node: Node | None) -> bool:
    return node is not None and str(node.value).lower() in ("true", "yes", "on")


def _check_checklist(root: Node | None, path: Path, bundled: bool, problems: _Problems) -> Checklist | None:
    if root is None or root.value is None or root.value == "":
        if not problems.found:
            problems.add(1, "the file is empty; a checklist needs id, title, phase, summary and items")
        return None
    if not isinstance(root.value, dict):
        problems.add(root.line, "a checklist should be a mapping with id, title, phase, summary and items")
        return None
    fields = _check_keys(root, TOP_KEYS, {}, "the checklist", problems)
    for key in ("title", "summary"):
        if key in fields:
            _check_words(fields[key], problems)
    if "id" in fields:
        _check_id(fields["id"], "checklist id", problems)
    if "phase" in fields and fields["phase"].value not in PHASES:
        problems.add(
            fields["phase"].line,
            f"unknown phase '{fields['phase'].value}' (allowed: {', '.join(PHASES)})",
        )
    items: list[Item | None] = []
    if "items" in fields:
        if not fields["items"].value:
            problems.add(fields["items"].line, "a checklist needs at least one item")
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
    problems = _Problems(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ChecklistInvalid([f"{path}:1: cannot be read: {exc.strerror or exc}"]) from None
    if len(raw) > MAX_BYTES:
        raise ChecklistInvalid([f"{path}:1: the file is larger than 1 MB; a checklist is far smaller"])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ChecklistInvalid([f"{path}:{line}: this is not UTF-8 text"]) from None
    checklist = _check_checklist(_read_tree(path, text, problems), path, bundled, problems)
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
        raise IepprepError(f"There is no checklist called '{name}'; the checklists are: {', '.join(self.checklists)}.")


def load_all() -> Catalog:
    """Bundled checklists, then the parent's own: the same id replaces, a new id adds."""
    catalog = Catalog({}, [])
    own = paths.user_checklists_dir()
    sources = [(bundled_dir(), True), (own, False)]
    for folder, bundled in sources:
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            try:
                checklist = load_file(path, bundled)
            except ChecklistInvalid as invalid:
                catalog.problems.append(
                    f"{invalid.problems[0]} (this checklist is left out; "
                    f"see every problem with: iepprep checklists validate {path})"
                )
                continue
            catalog.checklists[checklist.id] = checklist
    order = {phase: n for n, phase in enumerate(PHASES)}
    catalog.checklists = dict(sorted(catalog.checklists.items(), key=lambda kv: (order[kv[1].phase], kv[0])))
    return catalog
