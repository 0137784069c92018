"""The per-child record: an append-only YAML event log.

Every `---` document in the file is one event, oldest first. Appending is
one write of the whole document followed by fsync, under a lock held on a
separate lock file. A record is created through a temporary file, fsync
and rename. Nothing already written is ever rewritten: a torn last
document (a crash in the middle of a write) is moved to a side file before
the next append, and any other damage stops all writing until it is fixed.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from iepprep.codec import Unreadable, dump_event
from iepprep.codec import load as load_yaml
from iepprep.codec import load_all as load_yaml_stream
from iepprep.errors import IepprepError, RecordDamaged
from iepprep.files import append_bytes, hold_lock, open_for_append, read_at, write_new_file

FORMAT_VERSION = 1
SUFFIX = ".yaml"
MIN_FREE_BYTES = 1_000_000  # room for a long session of notes
# A document starts at a line that is exactly `---` (optionally followed by spaces).
_DOC_START = re.compile(rb"^---[ \t]*\r?$", re.MULTILINE)
# The first event as iepprep writes it: `record`, then its id and time, then the format.
_WRITTEN_HEADER = re.compile(rb"---\nevent: record\nid: \S+\nat: \S+\nformat: (\d+)\nchild: \S+\n(?=---|\Z)")
# The type of an event, from the line iepprep writes first in every event.
_WRITTEN_TYPE = re.compile(rb"---[ \t]*\r?\nevent: ([a-z-]+)\r?\n")


def new_id() -> str:
    """A new event id: a letter then ten hex digits, so it is never read as a number."""
    return "e" + os.urandom(5).hex()


def now() -> str:
    """The current local time, ISO 8601 with its UTC offset."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass
class Event:
    """One event of a record, the line it starts on, and its bytes' place in the file."""

    data: dict[str, Any]
    line: int
    start: int = 0
    end: int = 0

    @property
    def type(self) -> str:
        return str(self.data["event"])

    @property
    def id(self) -> str:
        return str(self.data["id"])


@dataclass(frozen=True)
class Position:
    """A place in a record file: its byte offset and the line that starts there."""

    offset: int
    line: int


@dataclass
class Contents:
    events: list[Event]
    warnings: list[str] = field(default_factory=list)


def _document_starts(raw: bytes) -> list[int]:
    starts = [m.start() for m in _DOC_START.finditer(raw)]
    if not starts or raw[: starts[0]].strip():
        starts.insert(0, 0)
    return starts


def _torn_tail_start(raw: bytes) -> int | None:
    """Where a torn last append begins, or None when the file ends with a whole event.

    Every append starts at a document start after a newline, so a tear leaves
    either a partial `---` line or a last document that does not parse, and
    in both cases no final newline.
    """
    if not raw or raw.endswith(b"\n"):
        return None
    last_line = raw.rfind(b"\n") + 1
    if b"---".startswith(raw[last_line:].rstrip(b" \t")):
        return last_line
    start = _document_starts(raw)[-1]
    return None if _parse_event(raw[start:])[0] is not None else start


def _parse_event(chunk: bytes) -> tuple[dict[str, Any] | None, str | None, int]:
    """(event, problem, line offset of the problem within the chunk)."""
    try:
        text = chunk.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, "this is not valid UTF-8 text", chunk[: exc.start].count(b"\n")
    try:
        data = load_yaml(text)
    except Unreadable as exc:
        return None, exc.problem, exc.line
    if data is None:
        return None, None, 0
    problem = _event_problem(data)
    return (None, problem, 0) if problem else (data, None, 0)


def _event_problem(data: Any) -> str | None:
    if not isinstance(data, dict):
        return "an event must be a mapping of keys to values"
    for key in ("event", "id", "at"):
        if not isinstance(data.get(key), str) or not data[key]:
            return f"this event has no `{key}`"
    return None


class Record:
    """One child's record file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def record_id(self) -> str:
        return self.path.name[: -len(SUFFIX)]

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.record_id + ".lock")

    def side_files(self) -> list[Path]:
        return sorted(self.path.parent.glob(self.record_id + ".torn-*"))

    def companion_files(self) -> list[Path]:
        """Every file beside the record that belongs to it: lock, side files, cache."""
        return sorted(p for p in self.path.parent.glob(self.record_id + ".*") if p != self.path)

    # -- creating -------------------------------------------------------------

    @classmethod
    def create(cls, folder: Path, first_events: list[dict[str, Any]]) -> Record:
        """A new record holding the `record` event and `first_events`, made atomically."""
        record_id = os.urandom(8).hex()
        record = cls(folder / (record_id + SUFFIX))
        stamp = now()
        header: dict[str, Any] = {"event": "record", "id": new_id(), "at": stamp}
        header.update(format=FORMAT_VERSION, child=record_id)
        events = [header] + [{"event": e["event"], "id": new_id(), "at": stamp, **_fields(e)} for e in first_events]
        payload = b"".join(dump_event(e) for e in events)
        write_new_file(record.path, payload)
        return record

    # -- reading --------------------------------------------------------------

    def read(self) -> Contents:
        """Every event of the record, oldest first, once its header is checked."""
        contents, _ = self.read_from(Position(0, 1))
        self.check_header(contents.events)
        return contents

    def read_from(self, start: Position, only: frozenset[str] | None = None) -> tuple[Contents, Position]:
        """The whole events from `start` (an event boundary) to the end, and where they end.

        With `only`, events of other types are passed over unread: the type is
        taken from the `event:` line iepprep writes first. A torn last event is
        left out with a warning; the position returned is where the next whole
        event starts.
        """
        try:
            with open(self.path, "rb") as handle:
                handle.seek(start.offset)
                raw = handle.read()
        except FileNotFoundError:
            raise IepprepError(f"The record {self.path} is missing.") from None
        except OSError as exc:
            raise IepprepError(f"iepprep cannot read {self.path}: {exc.strerror or exc}.") from None
        contents = Contents(events=[])
        torn = _torn_tail_start(raw)
        if torn is not None:
            line = start.line + raw.count(b"\n", 0, torn)
            contents.warnings.append(
                f"{self.path}:{line}: the last entry was cut short "
                "(probably by a crash) and is left out; it will be kept in a side file beside "
                "the record."
            )
            raw = raw[:torn]
        contents.events = self._parse(raw, start, only)
        return contents, Position(start.offset + len(raw), start.line + raw.count(b"\n"))

    def _parse(self, raw: bytes, at: Position, only: frozenset[str] | None = None) -> list[Event]:
        """Every event in `raw` (of the types in `only`, if given), each with the line it starts on.

        The whole stream is parsed in one pass; only when that fails, or when
        some types are passed over, is it parsed document by document, which
        also names the line that is wrong.
        """
        starts = _document_starts(raw) if raw.strip() else []
        ends = starts[1:] + [len(raw)] if starts else []
        lines, line, previous = [], at.line, 0
        for start in starts:
            line += raw.count(b"\n", previous, start)
            lines.append(line)
            previous = start
        documents: list[Any] = []
        if only is None:
            try:
                documents = load_yaml_stream(raw.decode("utf-8")) or []
            except UnicodeDecodeError:
                documents = []
        if (
            only is None
            and len(documents) == len(starts)
            and all(_event_problem(d) is None for d in documents if d is not None)
        ):
            return [
                Event(data, line, at.offset + start, at.offset + end)
                for data, line, start, end in zip(documents, lines, starts, ends, strict=True)
                if data is not None
            ]
        events = []
        for number, (start, end) in enumerate(zip(starts, ends, strict=True)):
            written = _WRITTEN_TYPE.match(raw, start)
            if only is not None and written and written.group(1).decode() not in only:
                continue
            data, problem, offset = _parse_event(raw[start:end])
            if problem:
                raise RecordDamaged(
                    f"{self.path}:{lines[number] + offset}: {problem}. iepprep will not write to this "
                    "record until the file is fixed."
                )
            if data is not None:
                events.append(Event(data, lines[number], at.offset + start, at.offset + end))
        return events

    def check_header(self, events: list[Event]) -> None:
        header = events[0] if events else None
        problem = _header_problem(header.data if header else None)
        if problem:
            raise RecordDamaged(f"{self.path}:{header.line if header else 1}: {problem}")

    # -- appending ------------------------------------------------------------

    def append(self, event_type: str, **fields: Any) -> dict[str, Any]:
        """Append one event and return it once it is safely on disk."""
        return self.append_many([(event_type, fields)])[0]

    def append_many(self, events: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
        """Append several events in one write and one fsync: all of them are saved, or none."""
        stamp = now()
        written = [{"event": kind, "id": new_id(), "at": stamp, **fields} for kind, fields in events]
        payload = b"".join(dump_event(event) for event in written)
        with self._locked():
            fd = open_for_append(self.path)
            try:
                self._check_writable(fd)
                if _ends_torn(fd):
                    payload = self._set_aside_torn_tail(fd) + payload
                append_bytes(fd, payload, self.path)
            finally:
                os.close(fd)
        return written

    def check_writable(self) -> None:
        """Fail now, before the parent starts typing, if nothing typed could be saved here:
        the file refused or read-only, its lock held, its header damaged, or the disk nearly full."""
        with self._locked():
            fd = open_for_append(self.path)
            try:
                self._check_writable(fd)
            finally:
                os.close(fd)
        if hasattr(os, "statvfs"):
            stats = os.statvfs(self.path.parent)
            free = stats.f_bavail * stats.f_frsize
            if free < MIN_FREE_BYTES:
                raise IepprepError(
                    f"The disk holding {self.path.parent} is nearly full ({free // 1024} KB free); "
                    "please free some space first, so that nothing you type is lost."
                )

    def _check_writable(self, fd: int) -> None:
        """Refuse to write after a header we cannot vouch for (a newer format, a damaged start)."""
        head = read_at(fd, 0, 4096)
        written = _WRITTEN_HEADER.match(head)
        if written and int(written.group(1)) <= FORMAT_VERSION:
            return  # the header exactly as iepprep writes it: no need to parse it
        starts = _document_starts(head)
        end = starts[1] if len(starts) > 1 else len(head)
        problem = _header_problem(_parse_event(head[starts[0] : end])[0])
        if problem:
            raise RecordDamaged(f"{self.path}:1: {problem}")

    def _set_aside_torn_tail(self, fd: int) -> bytes:
        """Move a torn last document to a side file; return what must precede the next event."""
        raw = read_at(fd, 0, os.fstat(fd).st_size)
        start = _torn_tail_start(raw)
        if start is None:
            return b"\n"  # a whole event that only lacks its final newline
        if start == 0:
            raise RecordDamaged(
                f"{self.path}:1: the first entry of this record is damaged; iepprep will not write to it "
                "until the file is fixed."
            )
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        side = self.path.with_name(f"{self.record_id}.torn-{stamp}-{os.urandom(2).hex()}.yaml")
        write_new_file(side, raw[start:])
        os.ftruncate(fd, start)
        os.fsync(fd)
        return b""

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with hold_lock(self.lock_path):
            yield


def _header_problem(header: dict[str, Any] | None) -> str | None:
    if header is None or header.get("event") != "record":
        return "this file does not start like an iepprep record, so iepprep leaves it alone."
    version = header.get("format")
    if not isinstance(version, int) or isinstance(version, bool):
        return "the record has no format version, so iepprep leaves it alone."
    if version > FORMAT_VERSION:
        return f"this record was written by a newer iepprep (format {version}); please update iepprep to use it."
    return None


def _fields(event: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in event.items() if k not in ("event", "id", "at")}


def _ends_torn(fd: int) -> bool:
    size = os.fstat(fd).st_size
    return size > 0 and read_at(fd, size - 1, 1) != b"\n"
