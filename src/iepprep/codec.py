"""How an event is written as YAML text, and how YAML text is read back.

Writing needs no YAML library. An event is a flat mapping, written one key
per line: text stays plain where YAML reads it back unchanged, and is
double-quoted with escapes otherwise; lists and mappings are written as
one-line flow collections. So the record reads as a diary, and adding a
note does not pay for importing PyYAML.

Every event starts with its seal: the document start line carries the
length and CRC-32 of the lines that follow (`--- # 87 1a2b3c4d`). YAML reads
it as a comment; iepprep reads it as proof that the event was written whole.

Reading uses PyYAML's safe loader, the C one when available, with dates and
times left as the text that was written, and no YAML tags (`!!binary`,
`!!timestamp`, `!!set`...): iepprep never writes them. PyYAML is imported on
first use.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from iepprep.words import _

_RESERVED = frozenset({"y", "yes", "n", "no", "true", "false", "on", "off", "null"})
_PLAIN_EXTRA = frozenset(" .,'()/_-+?!@%&")
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:\d{2}|Z)?)?")
# What YAML cannot hold as it is: C1 controls, line and paragraph separators,
# lone surrogates, the byte order mark and the non-characters at the end of the BMP.
_ESCAPE = "[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
# Tags a safe loader would turn into bytes, dates or sets: no event holds them.
_REFUSED_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("binary", "timestamp", "set", "omap", "pairs"))
# The seal on a document's first line: the length in bytes and the CRC-32 of the rest.
SEAL = re.compile(rb"--- # (\d{1,12}) ([0-9a-f]{8})")


class Unreadable(Exception):
    """YAML text that does not parse; `line` counts from 0 within the text given."""

    def __init__(self, problem: str, line: int) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


def _plain(text: str) -> bool:
    """Whether YAML reads `text` back exactly, as text, when it is written without quotes."""
    if _ISO_TIME.fullmatch(text):
        return True  # read back as text: iepprep's loader leaves dates alone
    return (
        text[:1].isalpha()
        and not text.endswith(" ")
        and text.lower() not in _RESERVED
        and all(ch.isalnum() or ch in _PLAIN_EXTRA for ch in text)
    )


def as_yaml(value: Any) -> str:
    """JSON is YAML too, once the characters YAML cannot hold as they are are escaped."""
    written = json.dumps(value, ensure_ascii=False)
    plain = written.isascii() and "\x7f" not in written
    return written if plain else re.sub(_ESCAPE, lambda m: f"\\u{ord(m.group()):04x}", written)


# -- a document in block style (exports, an IEP to edit): every value reads back as it was --------

# Text a YAML reader takes as text when written bare: it starts with a letter and holds only letters,
# digits and a few marks (never ': ' or ' #'); the words YAML reads as true, false or null are quoted.
_BARE = re.compile(r"[^\W\d_][\w .,'()/+?!@%&-]*(?<! )")
# Text that needs nothing escaped between double quotes: printable ASCII without a quote or a backslash.
_QUOTABLE = re.compile(r"[ !#-\[\]-~]*")
SIMPLE_KEY = 1000  # characters; YAML readers take a longer key only in the explicit `? key` form


def _scalar(value: Any) -> str:
    if type(value) is str:
        if _BARE.fullmatch(value) and value.lower() not in _RESERVED and (value.isascii() or not _hidden(value)):
            return value
        return f'"{value}"' if _QUOTABLE.fullmatch(value) else _quoted(value)
    if type(value) is float:  # only in a record edited by hand; written so YAML 1.1 reads a float back
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        number, e, power = repr(value).partition("e")
        return number + ("" if "." in number else ".0") + e + power
    return _value(value)


def _hidden(text: str) -> bool:
    """Whether text holds a letter that shows as nothing (a Hangul filler...): such text is quoted, and
    the letter escaped, so a reader sees it is there."""
    from iepprep.chars import invisible

    return bool(invisible().search(text))


def _quoted(text: str) -> str:
    """Double-quoted, with an escape for every character YAML cannot hold as it is, and for invisible
    ones, so a reader sees they are there."""
    from iepprep.chars import invisible

    written = json.dumps(text, ensure_ascii=False)
    if written.isascii() and "\x7f" not in written:
        return written
    written = re.sub(_ESCAPE, lambda m: f"\\u{ord(m.group()):04x}", written)
    return invisible().sub(lambda m: "".join(f"\\U{ord(ch):08x}" for ch in m.group()), written)


def block(document: dict[str, Any]) -> Iterator[str]:
    """A mapping as block-style YAML, in pieces of whole lines. A list may be an iterator: its items
    are written one piece each, as they come, so a long one is never all in memory."""
    for key, value in document.items():
        lines: list[str] = []
        head = _key(str(key), "")
        if isinstance(value, Iterator):
            empty = True
            for item in value:
                if empty:
                    yield head + "\n"
                    empty = False
                _sequence([item], "", lines)
                yield "".join(lines)
                lines.clear()
            if empty:
                yield head + " []\n"
            continue
        _entry(head, value, "", lines)
        yield "".join(lines)


def _mapping(mapping: dict[str, Any], indent: str, lines: list[str], first: str | None = None) -> None:
    for key, value in mapping.items():
        _entry((indent if first is None else first) + _key(str(key), indent), value, indent, lines)
        first = None


def _key(key: str, indent: str) -> str:
    """A key and its colon; a key too long for YAML's simple keys (1024 characters, such as a concern
    written as one long sentence) is written as an explicit `? key` on a line of its own."""
    written = _scalar(key)
    return written + ":" if len(written) <= SIMPLE_KEY else f"? {written}\n{indent}:"


def _entry(head: str, value: Any, indent: str, lines: list[str]) -> None:
    if type(value) is dict:
        if value:
            lines.append(head + "\n")
            _mapping(value, indent + "  ", lines)
        else:
            lines.append(head + " {}\n")
    elif type(value) in (list, tuple):
        if value:
            lines.append(head + "\n")
            _sequence(value, indent, lines)
        else:
            lines.append(head + " []\n")
    else:
        lines.append(f"{head} {_scalar(value)}\n")


def _sequence(items: Iterable[Any], indent: str, lines: list[str]) -> None:
    for item in items:
        if type(item) is dict and item:
            _mapping(item, indent + "  ", lines, first=indent + "- ")
        elif type(item) in (list, tuple) and item:
            lines.append(indent + "-\n")
            _sequence(item, indent + "  ", lines)
        else:
            _entry(indent + "-", item, indent, lines)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value if _plain(value) else as_yaml(value)
    if isinstance(value, (list, dict)):
        return as_yaml(value)
    raise TypeError(f"an event cannot hold a {type(value).__name__}")


def dump_event(event: dict[str, Any]) -> bytes:
    """One event as a YAML document: its sealed `---` line, then one `key: value` line per field."""
    lines = []
    for key, value in event.items():
        if not _plain(key):
            raise ValueError(f"'{key}' cannot be the name of an event's field")
        lines.append(f"{key}: {_value(value)}\n")
    return seal("".join(lines).encode("utf-8"))


def seal(body: bytes) -> bytes:
    """A document start line that vouches for `body`, followed by `body`."""
    return b"--- # %d %08x\n" % (len(body), zlib.crc32(body)) + body


def sealed_whole(length: int, checksum: str, body: bytes) -> bool:
    """Whether `body` is exactly what its seal vouches for (a lost final newline is forgiven)."""
    if len(body) == length - 1:
        body += b"\n"
    return len(body) == length and zlib.crc32(body) == int(checksum, 16)


@cache
def _loaders() -> tuple[Any, Any, Any]:
    import yaml

    class Fast(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass

    class Pure(yaml.SafeLoader):
        """Reads what libyaml refuses: escaped lone surrogates."""

    for loader in (Fast, Pure):
        loader.yaml_constructors = {
            tag: make for tag, make in loader.yaml_constructors.items() if tag not in _REFUSED_TAGS
        }
        loader.yaml_implicit_resolvers = {
            first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP_TAG]
            for first, resolvers in loader.yaml_implicit_resolvers.items()
        }
    return yaml, Fast, Pure


def _unreadable(exc: Any) -> Unreadable:
    mark = getattr(exc, "problem_mark", None) if _is_tag_problem(exc) else None
    mark = mark or getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
    if _is_tag_problem(exc):
        return Unreadable(
            _("this holds a YAML tag such as !!binary, which iepprep never writes"), mark.line if mark else 0
        )
    problem = getattr(exc, "problem", None)
    said = _("this is not valid YAML ({problem})").format(problem=problem) if problem else _("this is not valid YAML")
    return Unreadable(said, mark.line if mark else 0)


def _is_tag_problem(exc: Any) -> bool:
    return "constructor for the tag" in str(getattr(exc, "problem", "") or "")


def load(text: str) -> Any:
    """One YAML document, with a safe loader; Unreadable when it does not parse."""
    yaml, fast, pure = _loaders()
    try:
        return yaml.load(text, Loader=fast)
    except yaml.YAMLError:
        try:
            return yaml.load(text, Loader=pure)
        except yaml.YAMLError as exc:
            raise _unreadable(exc) from None


def load_all(text: str) -> list[Any] | None:
    """Every document of a stream in one pass, or None when any does not parse."""
    yaml, fast, _unused = _loaders()
    try:
        return list(yaml.load_all(text, Loader=fast))
    except yaml.YAMLError:
        return None
