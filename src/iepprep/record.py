"""The per-child record: an append-only YAML event log.

Every `---` document in the file is one event, oldest first, and its `---`
line carries its seal: the length and checksum of the rest, so every read
knows whether the event is whole. Appending is one write of the whole
document followed by fsync, under a lock held on a separate lock file; a
decision that depends on what the record holds is made inside `locked()`,
on what it holds then. A record is created through a temporary file, fsync
and rename. Nothing already written is ever rewritten: a torn last
document (a crash in the middle of a write) is moved to a side file before
the next append, and any other damage stops all writing until it is fixed.
Events written before seals existed are checked by parsing them.
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

from iepprep.codec import SEAL, Unreadable, dump_event, sealed_whole
from iepprep.codec import load as load_yaml
from iepprep.codec import load_all as load_yaml_stream
from iepprep.errors import IepprepError, RecordDamaged
from iepprep.files import append_bytes, hold_lock, open_for_append, open_private, read_at, write_new_file
from iepprep.words import N_, _

FORMAT_VERSION = 1
SUFFIX = ".yaml"
MIN_FREE_BYTES = 1_000_000  # room for a long session of notes
# A document starts at a line that is `---`, alone (as written before events were sealed)
# or followed by a comment, which iepprep only ever writes as the seal: `--- # 87 1a2b3c4d`.
_DOC_START = re.compile(rb"^---(?:[ \t]+(#[^\r\n]*?))?[ \t]*\r?$", re.MULTILINE)
# The first event as iepprep writes it: `record`, then its id and time, then the format.
_WRITTEN_HEADER = re.compile(
    rb"---(?: # \d+ [0-9a-f]{8})?\nevent: record\nid: \S+\nat: \S+\nformat: (\d+)\nchild: \S+\n(?=---|\Z)"
)
# The type of an event, from the line iepprep writes first in every event.
_WRITTEN_TYPE = re.compile(rb"---[^\r\n]*\r?\nevent: ([a-z-]+)\r?\n")
_TAIL_CHUNK = 65536
CUT_SHORT = N_(
    "the last entry was cut short (probably by a crash) and is left out; "
    "it will be kept in a side file beside the record."
)
UNTIL_FIXED = N_("iepprep will not write to this record until the file is fixed.")
NOT_WHOLE = N_("this entry is not as it was written (its seal, the `# ...` after `---`, does not match);")
SET_ASIDE = re.compile(r"\.(?:torn|merged|waiting)-")
SEALED = "sealed"  # an entry encrypted with the data folder's key (see atrest.py)
_ENCRYPTED = b"\nevent: sealed\n"
# The child's id in a record's first event, as iepprep writes it.
_HEADER_CHILD = re.compile(rb"\nchild: \"?(\w+)\"?\n")


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
    passed_over: list[tuple[str, int]] = field(default_factory=list)  # (type, line) of events not read


# The locks this process holds, so that an append made while deciding under the lock re-enters it.
_HELD: dict[Path, int] = {}


class _Doc:
    """Where one document lies in some bytes: its `---` line, its body and its end."""

    __slots__ = ("body", "end", "line", "sealed", "start")

    def __init__(self, start: int, body: int, end: int, line: int, sealed: bool) -> None:
        self.start, self.body, self.end = start, body, end
        self.line = line  # lines before it, within the bytes scanned
        self.sealed = sealed


class _Scan:
    """The documents found in some bytes, where a torn last write begins, and any damage."""

    __slots__ = ("damaged", "docs", "torn")

    def __init__(self) -> None:
        self.docs: list[_Doc] = []
        self.torn: int | None = None
        self.damaged: _Doc | None = None


def _scan(raw: bytes) -> _Scan:
    """Split bytes that start at an event boundary into documents, checking every seal.

    A sealed document is whole when its length and checksum match. An event
    written before events were sealed (a bare `---` line) is checked by
    parsing it. A last document that is not whole is a torn write: a tear
    keeps a partial `---` line or the whole seal, so it can never pass as
    whole. A document that is not whole anywhere else is damage.
    """
    if raw and not raw.endswith(b"\n"):
        last_line = raw.rfind(b"\n") + 1
        if b"---".startswith(raw[last_line:].rstrip(b" \t")):
            scanned = _scan(raw[:last_line])
            if scanned.torn is None:
                scanned.torn = last_line
            return scanned
    matches = list(_DOC_START.finditer(raw))
    found = _Scan()
    if not raw.strip():
        return found
    if not matches or raw[: matches[0].start()].strip():
        found.docs.append(_Doc(0, 0, matches[0].start() if matches else len(raw), 0, sealed=False))
    line = 0
    previous = 0
    for number, match in enumerate(matches):
        line += raw.count(b"\n", previous, match.start())
        previous = match.start()
        body = match.end() + 1 if raw[match.end() : match.end() + 1] == b"\n" else match.end()
        end = matches[number + 1].start() if number + 1 < len(matches) else len(raw)
        doc = _Doc(match.start(), body, end, line, sealed=match.group(1) is not None)
        last = number + 1 == len(matches)
        whole = True
        if doc.sealed:
            seal = SEAL.fullmatch(match.group().rstrip(b" \t\r"))
            whole = seal is not None and sealed_whole(int(seal.group(1)), seal.group(2).decode(), raw[body:end])
            if not whole and seal is not None and last:
                # a whole event followed by the start of a torn one that never reached its `---`
                length = int(seal.group(1))
                if sealed_whole(length, seal.group(2).decode(), raw[body : body + length]):
                    doc.end = body + length
                    found.docs.append(doc)
                    found.torn = doc.end
                    return found
        if not whole:
            if last:
                found.torn = doc.start
            else:
                found.damaged = doc
            return found
        found.docs.append(doc)
    last_doc = found.docs[-1] if found.docs else None
    # iepprep always ended an event with a line break, before seals too: one without is cut short.
    if last_doc and not last_doc.sealed and not raw.endswith(b"\n"):
        found.docs.pop()
        found.torn = last_doc.start
    return found


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
        return _("an event must be a mapping of keys to values")
    for key in ("event", "id", "at"):
        if not isinstance(data.get(key), str) or not data[key]:
            return _("this event has no `{key}`").format(key=key)
    return None


class Record:
    """One child's record file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # How much of the file this process has folded, kept up to date by its own appends;
        # None once something else may have written to it meanwhile.
        self.seen: int | None = None

    def changed_since_read(self) -> bool:
        """Whether the file holds more than this process has read and written (ask it under the lock)."""
        if self.seen is None:
            return True
        try:
            return self.path.stat().st_size != self.seen
        except OSError:
            return True

    @property
    def stem(self) -> str:
        """The log's name without `.yaml`: the files beside it that belong to it start with it."""
        return self.path.name[: -len(SUFFIX)]

    def header_child(self) -> str:
        """The child's id the record's first event gives, read from its first lines ('' when not found)."""
        fd = open_private(self.path)
        try:
            found = _HEADER_CHILD.search(read_at(fd, 0, 4096))
        finally:
            os.close(fd)
        return found.group(1).decode("ascii", "replace") if found else ""

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.stem + ".lock")

    def side_files(self) -> list[Path]:
        return sorted(self.path.parent.glob(self.stem + ".torn-*"))

    # -- creating -------------------------------------------------------------

    @classmethod
    def create(cls, folder: Path, first_events: list[dict[str, Any]], log_name: str) -> Record:
        """A new child's record holding the `record` event and `first_events`, made atomically: a folder
        named by the child's new id inside `folder`, and in it the log `log_name`.yaml."""
        from iepprep.paths import ensure_private_dir

        record_id = os.urandom(8).hex()
        record = cls(ensure_private_dir(folder / record_id) / (log_name + SUFFIX))
        stamp = now()
        events = [header_event(record_id, stamp)] + [
            {"event": e["event"], "id": new_id(), "at": stamp, **_fields(e)} for e in first_events
        ]
        payload = _written(events)
        try:
            write_new_file(record.path, payload)
        except BaseException:
            with contextlib.suppress(OSError):
                record.path.parent.rmdir()
            raise
        return record

    # -- reading --------------------------------------------------------------

    def read(self) -> Contents:
        """Every event of the record, oldest first, once its header is checked."""
        contents, end = self.read_from(Position(0, 1))
        self.check_header(contents.events)
        self.seen = end.offset if not contents.warnings else None
        return contents

    def read_from(self, start: Position, only: frozenset[str] | None = None) -> tuple[Contents, Position]:
        """The whole events from `start` (an event boundary) to the end, and where they end.

        Every seal is checked. With `only`, sealed events of other types are not
        parsed: their type is taken from the `event:` line iepprep writes first,
        and listed in `passed_over`. A torn last event is left out with a
        warning; the position returned is where the next whole event starts.
        """
        fd = open_private(self.path)
        try:
            raw = read_at(fd, start.offset, os.fstat(fd).st_size - start.offset)
        except OSError as exc:
            raise IepprepError(
                _("iepprep cannot read {path}: {reason}.").format(path=self.path, reason=exc.strerror or exc)
            ) from None
        finally:
            os.close(fd)
        return self._contents(raw, start, only)

    def read_bytes(self, raw: bytes) -> Contents:
        """Every event of a record's bytes held somewhere else (in a backup), checked as `read` checks the
        file; `path` only names it in what is said."""
        contents, _end = self._contents(raw, Position(0, 1), None)
        self.check_header(contents.events)
        return contents

    def _contents(self, raw: bytes, start: Position, only: frozenset[str] | None) -> tuple[Contents, Position]:
        contents = Contents(events=[])
        scan = _scan(raw)
        if scan.damaged is not None:
            raise self._damaged(raw, scan.damaged, start.line)
        if scan.torn is not None:
            line = start.line + raw.count(b"\n", 0, scan.torn)
            contents.warnings.append(f"{self.path}:{line}: {_(CUT_SHORT)}")
            raw = raw[: scan.torn]
        contents.events = self._parse(raw, start, scan.docs, only, contents.passed_over)
        return contents, Position(start.offset + len(raw), start.line + raw.count(b"\n"))

    def _parse(
        self,
        raw: bytes,
        at: Position,
        docs: list[_Doc],
        only: frozenset[str] | None,
        passed_over: list[tuple[str, int]],
    ) -> list[Event]:
        """Every event in `raw` (of the types in `only`, if given), each with the line it starts on.

        The whole stream is parsed in one pass; only when that fails, or when
        some types are passed over, is it parsed document by document, which
        also names the line that is wrong.
        """
        documents: list[Any] = []
        if only is None:
            try:
                documents = load_yaml_stream(raw.decode("utf-8")) or []
            except UnicodeDecodeError:
                documents = []
        encrypted = _ENCRYPTED in raw
        if (
            only is None
            and len(documents) == len(docs)
            and all(_event_problem(d) is None for d in documents if d is not None)
        ):
            return [
                Event(
                    self._opened(data, at.line + doc.line) if encrypted else data,
                    at.line + doc.line,
                    at.offset + doc.start,
                    at.offset + doc.end,
                )
                for data, doc in zip(documents, docs, strict=True)
                if data is not None
            ]
        events = []
        for doc in docs:
            line = at.line + doc.line
            written = _WRITTEN_TYPE.match(raw, doc.start)
            kind = written.group(1).decode() if written else None
            if only is not None and doc.sealed and kind and kind != SEALED and kind not in only:
                passed_over.append((kind, line))
                continue  # its seal vouches for it: no need to parse it
            data, problem, _offset = _parse_event(raw[doc.start : doc.end])
            if problem:
                raise self._damaged(raw, doc, at.line)
            if data is None:
                continue
            data = self._opened(data, line)
            if only is not None and data["event"] not in only:
                passed_over.append((str(data["event"]), line))
                continue
            events.append(Event(data, line, at.offset + doc.start, at.offset + doc.end))
        return events

    def _opened(self, data: dict[str, Any], line: int) -> dict[str, Any]:
        """An entry as it was written: a sealed one opened with the data folder's key."""
        if data.get("event") != SEALED:
            return data
        from iepprep.atrest import open_sealed

        return open_sealed(data, f"{self.path}:{line}")

    def check_header(self, events: list[Event]) -> None:
        header = events[0] if events else None
        problem = _header_problem(header.data if header else None)
        if problem:
            raise RecordDamaged(f"{self.path}:{header.line if header else 1}: {problem}")

    # -- appending ------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the record's lock, so that what is read and then appended meanwhile is decided on
        what the record really holds: no other iepprep can write to it until the block ends."""
        key = self.lock_path
        if _HELD.get(key):
            _HELD[key] += 1
            try:
                yield
            finally:
                _HELD[key] -= 1
            return
        with hold_lock(key):
            _HELD[key] = 1
            try:
                yield
            finally:
                del _HELD[key]

    def append(self, event_type: str, **fields: Any) -> dict[str, Any]:
        """Append one event and return it once it is safely on disk."""
        return self.append_many([(event_type, fields)])[0]

    def append_many(self, events: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
        """Append several events in one write and one fsync. A crash during it may keep the first and
        cut the last short: each event is sealed, so the cut one is set aside, never taken as whole."""
        stamp = now()
        written = [{"event": kind, "id": new_id(), "at": stamp, **fields} for kind, fields in events]
        self.append_events(written)
        return written

    def append_events(self, events: list[dict[str, Any]]) -> None:
        """Append whole events, ids and times included, in one write and one fsync."""
        payload = _written(events)
        with self.locked():
            fd = open_for_append(self.path)
            try:
                self._check_writable(fd)
                before = os.fstat(fd).st_size
                mended = self._mend_tail(fd)
                in_step = self.seen == before and not mended
                payload = mended + payload
                append_bytes(fd, payload, self.path)
                self.seen = os.fstat(fd).st_size if in_step else None
            finally:
                os.close(fd)

    def check_writable(self) -> None:
        """Fail now, before the parent starts typing, if nothing typed could be saved here:
        the file refused or read-only, its lock held, its header damaged, or the disk nearly full."""
        with self.locked():
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
                    _(
                        "The disk holding {parent} is nearly full ({free} KB free); please free some space first, so "
                        "that nothing you type is lost."
                    ).format(parent=self.path.parent, free=free // 1024)
                )

    def _check_writable(self, fd: int) -> None:
        """Refuse to write after a header we cannot vouch for (a newer format, a damaged start)."""
        head = read_at(fd, 0, 4096)
        written = _WRITTEN_HEADER.match(head)
        if written and int(written.group(1)) <= FORMAT_VERSION:
            scan = _scan(head[: written.end()])
            if scan.torn is None and scan.damaged is None:
                return  # the header exactly as iepprep writes it, and whole: no need to parse it
        scan = _scan(head)
        first = scan.docs[0] if scan.docs else None
        problem = _header_problem(_parse_event(head[first.start : first.end])[0] if first else None)
        if problem:
            raise RecordDamaged(f"{self.path}:1: {problem}")

    def _mend_tail(self, fd: int) -> bytes:
        """Before an append: move a torn last event to a side file; return what must precede the next event.

        Only the last event is read, so this costs the same at any record size.
        """
        size = os.fstat(fd).st_size
        if size == 0:
            return b""
        start = _last_document_start(fd, size)
        tail = read_at(fd, start, size - start)
        scan = _scan(tail)
        if scan.damaged is not None:
            raise self._damaged(tail, scan.damaged, self._line_at(fd, start))
        if scan.torn is None:
            return b"" if tail.endswith(b"\n") else b"\n"  # a whole event that only lacks its final newline
        torn = start + scan.torn
        if torn == 0:
            raise RecordDamaged(
                f"{self.path}:1: " + _("the first entry of this record is damaged;") + " " + _(UNTIL_FIXED)
            )
        self.keep_torn(tail[scan.torn :])
        os.ftruncate(fd, torn)
        os.fsync(fd)
        return b"" if read_at(fd, torn - 1, 1) == b"\n" else b"\n"

    def keep_torn(self, torn: bytes) -> Path:
        """Keep an entry cut short in a side file beside the log, `<stem>.torn-<time>.yaml`; its path."""
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        side = self.path.with_name(f"{self.stem}.torn-{stamp}-{os.urandom(2).hex()}{SUFFIX}")
        write_new_file(side, torn)
        return side

    def _damaged(self, raw: bytes, doc: _Doc, first_line: int) -> RecordDamaged:
        """The sentence for an entry that is not as it was written: what does not parse, or else its seal."""
        _data, problem, offset = _parse_event(raw[doc.start : doc.end])
        if problem:
            return RecordDamaged(f"{self.path}:{first_line + doc.line + offset}: {problem}. {_(UNTIL_FIXED)}")
        return RecordDamaged(f"{self.path}:{first_line + doc.line}: {_(NOT_WHOLE)} {_(UNTIL_FIXED)}")

    def _line_at(self, fd: int, offset: int) -> int:
        return read_at(fd, 0, offset).count(b"\n") + 1


def _last_document_start(fd: int, size: int) -> int:
    """The offset of the last `---` line of the file (0 when there is none), reading back from the end."""
    position, chunk_size = size, 4096
    while position > 0:
        begin = max(0, position - chunk_size)
        # a `---` line may straddle two chunks: read a little past this chunk's end
        chunk = read_at(fd, begin, min(size, position + 64) - begin)
        at = position - begin
        while (at := chunk.rfind(b"---", 0, at)) >= 0:
            line_start = begin + at == 0 or (chunk[at - 1 : at] or read_at(fd, begin - 1, 1)) == b"\n"
            match = _DOC_START.match(chunk, at) if line_start else None
            if match and (begin + match.end() == size or chunk[match.end() : match.end() + 1] == b"\n"):
                return begin + at
        position, chunk_size = begin, min(chunk_size * 4, _TAIL_CHUNK)
    return 0


def header_event(child_id: str, stamp: str) -> dict[str, Any]:
    """A record's first event: its format and the child's id, which every log of the child begins with."""
    return {"event": "record", "id": new_id(), "at": stamp, "format": FORMAT_VERSION, "child": child_id}


def _written(events: list[dict[str, Any]]) -> bytes:
    """Events as they are written: each sealed with the data folder's key while encryption is on."""
    from iepprep import atrest

    if atrest.sealing():
        events = [atrest.seal(event) for event in events]
    return b"".join(dump_event(event) for event in events)


def _header_problem(header: dict[str, Any] | None) -> str | None:
    if header is None or header.get("event") != "record":
        return _("this file does not start like an iepprep record, so iepprep leaves it alone.")
    version = header.get("format")
    if not isinstance(version, int) or isinstance(version, bool):
        return _("the record has no format version, so iepprep leaves it alone.")
    if version > FORMAT_VERSION:
        return _(
            "this record was written by a newer iepprep (format {version}); please update iepprep to use it."
        ).format(version=version)
    return None


def _fields(event: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in event.items() if k not in ("event", "id", "at")}
