"""YAML files a parent may write (checklists, state settings), read into a small tree that
remembers the line of every value, so every problem can be named as FILE:LINE: what is wrong.

The file is read as a stream of YAML events and built by hand: tags, anchors and
aliases are refused before anything is constructed, and deep nesting is stopped early.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from iepprep.errors import ChecklistInvalid, IepprepError, NotAFile
from iepprep.words import N_, _, ngettext

MAX_DEPTH = 12
MAX_PROBLEMS = 30
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Node:
    line: int
    value: str | list[Node] | dict[str, Node] | None
    tag: str = "tag:yaml.org,2002:str"
    key_lines: dict[str, int] = field(default_factory=dict)


class Findings:
    """The problems found in one file, each with its line."""

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
            more = len(ordered) - MAX_PROBLEMS
            shown.append(
                f"{self.path}:{ordered[MAX_PROBLEMS][0]}: "
                + ngettext("and {count} more problem", "and {count} more problems", more).format(count=more)
            )
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


def read_tree(path: Path, text: str, problems: Findings) -> Node | None:
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
                problems.add(node.line, _("a key must be a plain word"))
                pending.extend(["\0", node.line])
            else:
                pending.extend([node.value, node.line])
        else:
            key, line = pending
            pending.clear()
            if not isinstance(parent.value, dict):
                return
            if key in parent.value:
                problems.add(
                    line,
                    _("'{key}' appears twice (first on line {line})").format(key=key, line=parent.key_lines[key]),
                )
            else:
                parent.value[key] = node
                parent.key_lines[key] = line

    try:
        for event in yaml.parse(text, Loader=_LOADER):
            line = _line(event.start_mark)
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    problems.add(line, _("a checklist file holds one document; remove this `---`"))
                    return root
            if getattr(event, "anchor", None) and not isinstance(event, yaml.AliasEvent):
                problems.add(line, _("anchors (&) are not allowed in a checklist"))
            tag = getattr(event, "tag", None)
            if tag:
                problems.add(line, _("YAML tags such as '{tag}' are not allowed in a checklist").format(tag=tag))
            if isinstance(event, yaml.AliasEvent):
                problems.add(line, _("aliases (*) are not allowed in a checklist"))
                attach(Node(line, None, "tag:yaml.org,2002:null"))
            elif isinstance(event, yaml.ScalarEvent):
                attach(_scalar(event))
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    problems.add(line, _("nesting is deeper than {count} levels").format(count=MAX_DEPTH))
                    return None
                empty: list[Node] | dict[str, Node] = [] if isinstance(event, yaml.SequenceStartEvent) else {}
                stack.append((Node(line, empty), []))
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                attach(stack.pop()[0])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or "the YAML cannot be read"
        problems.add(mark.line + 1 if mark else 1, _("YAML syntax error: {reason}").format(reason=reason))
        return None
    return root


TYPE_WORDS = {
    "text": N_("text"),
    "list": N_("a list"),
    "bool": N_("true or false"),
    "number": N_("a whole number"),
    "date": N_("a date"),
    "map": N_("a group of keys"),
    "words": N_("text"),
}


def typed(node: Node, want: str) -> bool:
    if want == "text":
        return isinstance(node.value, str) and node.tag.endswith(":str")
    if want == "list":
        return isinstance(node.value, list)
    if want == "map":
        return isinstance(node.value, dict)
    if want == "words":  # any plain value, kept as written: `No`, `80%`, `2`
        return isinstance(node.value, str) and not node.tag.endswith(":null")
    if want == "number":
        return isinstance(node.value, str) and node.tag.endswith(":int")
    if want == "date":  # checked as a date by whoever reads it: 2026-01-15 or 1/15/2026
        return isinstance(node.value, str) and node.tag.endswith((":str", ":timestamp"))
    return isinstance(node.value, str) and node.tag.endswith(":bool")


def check_keys(
    node: Node, required: dict[str, str], optional: dict[str, str], what: str, problems: Findings
) -> dict[str, Node]:
    fields = node.value if isinstance(node.value, dict) else {}
    allowed = {**required, **optional}
    for key, value in fields.items():
        if key not in allowed:
            problems.add(
                node.key_lines[key],
                _("unknown key '{key}' in {what} (allowed: {allowed})").format(
                    key=key, what=what, allowed=", ".join(allowed)
                ),
            )
        elif not typed(value, allowed[key]):
            problems.add(value.line, _("'{key}' should be {kind}").format(key=key, kind=_(TYPE_WORDS[allowed[key]])))
        elif allowed[key] == "text" and not str(value.value).strip():
            problems.add(value.line, _("'{key}' should not be empty").format(key=key))
    for key in required:
        if key not in fields:
            problems.add(node.line, _("{what} is missing '{key}'").format(what=what, key=key))
    return {key: value for key, value in fields.items() if key in allowed and typed(value, allowed[key])}


def read_text(path: Path, max_bytes: int, what: str) -> str:
    """A small UTF-8 file, or ChecklistInvalid naming the file and line of the problem."""
    from iepprep.files import read_file

    try:
        raw = read_file(path, max_bytes, follow=True)
    except NotAFile:
        raise ChecklistInvalid(
            [f"{path}:1: " + _("this is not an ordinary file (it may be a pipe or a device)")]
        ) from None
    except OSError as exc:
        raise ChecklistInvalid(
            [f"{path}:1: " + _("cannot be read: {reason}").format(reason=exc.strerror or exc)]
        ) from None
    except IepprepError as problem:
        raise ChecklistInvalid([f"{path}:1: {problem}"]) from None
    if len(raw) > max_bytes:
        size = f"{max_bytes // 1000} KB" if max_bytes < 1_000_000 else f"{max_bytes // 1_000_000} MB"
        raise ChecklistInvalid(
            [f"{path}:1: " + _("the file is larger than {size}; {what} is far smaller").format(size=size, what=what)]
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ChecklistInvalid([f"{path}:{line}: " + _("this is not UTF-8 text")]) from None
