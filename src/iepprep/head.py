"""The head of a record: the events that say who the child is, when their meetings are, and what
their written IEPs promise.

Adding a note must cost the same whatever the record holds, so it cannot
read the notes before it. Beside each record, a small cache file keeps the
profile, contact, meeting and written IEP events (and corrections to them) up to a byte
offset, each with where its bytes lie in the file and their digest.

The cache vouches only for what was checked: everything up to its offset was
read when it was written, every seal verified, every event of a known type.
Its own first line is a digest of the rest, so a cache changed by hand is
noticed; the record's identity, the bytes just before the offset and every
cached event's bytes are checked against the file, so a record replaced or
edited in any of those places is noticed. Events appended after the offset
are read, their seals checked, and any of an unknown type refused. The
cache is rebuilt whenever anything does not match, and can be deleted at
any time.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from iepprep import atrest
from iepprep.errors import IepprepError
from iepprep.files import fingerprint, open_private, read_at, read_cache, write_cache
from iepprep.fold import CORRECTIONS, KNOWN, fold, unknown_event
from iepprep.record import Contents, Event, Position, Record
from iepprep.state import Child

HEAD_EVENTS = ("record", "profile", "contact", "meeting", "iep")
SUFFIX = ".head"
CACHE_FORMAT = 4
MAX_CACHE_BYTES = 16_000_000


def load_head(record: Record) -> Child:
    """The child's profile, contacts, meetings and written IEPs, without notes, answers or logs."""
    cache = record.path.with_name(record.stem + SUFFIX)
    allowed = atrest.caches_allowed()  # never a copy of an encrypted record in the clear
    start, kept = (_read_cache(cache, record) if allowed else None) or (Position(0, 1), [])
    contents, end = record.read_from(start, only=frozenset(HEAD_EVENTS + CORRECTIONS))
    for event_type, line in contents.passed_over:
        if event_type not in KNOWN:
            raise unknown_event(record, event_type, line)
    ids = {event.id for event in kept}
    for event in contents.events:
        if event.type in HEAD_EVENTS or (event.type in CORRECTIONS and event.data.get("target") in ids):
            kept.append(event)
            ids.add(event.id)
    record.check_header(kept)
    child = fold(record, Contents(kept, contents.warnings))
    child.whole = False
    record.seen = end.offset if not contents.warnings else None
    if end != start and allowed:
        _write_cache(cache, record, end, kept)
    return child


def _tail_span(end: int) -> tuple[int, int]:
    return max(0, end - 64), end


def _check_record(record: Record, offset: int, spans: list[tuple[int, int]]) -> tuple[list[int], list[str]] | None:
    """The record's identity and the fingerprint of each span, read through one open file;
    None when no event (nor the end of the file) begins at `offset`."""
    fd = open_private(record.path)
    try:
        status = os.fstat(fd)
        if read_at(fd, offset, 3) not in (b"", b"---"):
            return None
        return [status.st_dev, status.st_ino], [fingerprint(read_at(fd, start, end - start)) for start, end in spans]
    finally:
        os.close(fd)


def _read_cache(cache: Path, record: Record) -> tuple[Position, list[Event]] | None:
    try:
        data = read_cache(cache, MAX_CACHE_BYTES)
        if data is None or data["format"] != CACHE_FORMAT:
            return None
        position = Position(int(data["offset"]), int(data["line"]))
        events = [
            Event(dict(item["data"]), int(item["line"]), int(item["start"]), int(item["end"]))
            for item in data["events"]
        ]
        spans = [_tail_span(position.offset)] + [(event.start, event.end) for event in events]
        found = _check_record(record, position.offset, spans)
        if found is None or found != (data["identity"], [data["check"]] + [item["digest"] for item in data["events"]]):
            return None
    except (OSError, ValueError, TypeError, KeyError, AttributeError, IepprepError):
        return None  # any doubt about the cache: read the record itself
    return position, events


def _write_cache(cache: Path, record: Record, end: Position, events: list[Event]) -> None:
    """Best effort: a cache that cannot be written only costs the next command a full read."""
    with contextlib.suppress(OSError, IepprepError, TypeError, ValueError):
        found = _check_record(record, end.offset, [_tail_span(end.offset)] + [(e.start, e.end) for e in events])
        if found is None:
            return
        identity, (check, *digests) = found
        document: dict[str, Any] = {
            "format": CACHE_FORMAT,
            "identity": identity,
            "offset": end.offset,
            "line": end.line,
            "check": check,
            "events": [
                {"line": e.line, "start": e.start, "end": e.end, "digest": digest, "data": e.data}
                for e, digest in zip(events, digests, strict=True)
            ],
        }
        write_cache(cache, document)
