"""The head of a record: the events that say who the child is and when their meetings are.

Adding a note must cost the same whatever the record holds, so it cannot
read the notes before it. Beside each record, a small cache file keeps the
profile, contact and meeting events (and corrections to them) up to a byte
offset, each with where its bytes lie in the file and their digest. Those few
ranges are checked against the file, so a hand edit to any of them (or a
file replaced by another) is noticed; only events appended after the offset
are read. The cache is rebuilt from the record whenever it is missing or does
not match, and can be deleted at any time.
"""

from __future__ import annotations

import contextlib
import json
import zlib
from pathlib import Path

from iepprep.errors import IepprepError
from iepprep.files import write_new_file
from iepprep.fold import CORRECTIONS, fold
from iepprep.record import Contents, Event, Position, Record
from iepprep.state import Child

HEAD_EVENTS = ("record", "profile", "contact", "meeting")
SUFFIX = ".head"


def load_head(record: Record) -> Child:
    """The child's profile, contacts and meetings, without their notes and answers."""
    cache = record.path.with_name(record.record_id + SUFFIX)
    start, kept = _read_cache(cache, record) or (Position(0, 1), [])
    contents, end = record.read_from(start, only=frozenset(HEAD_EVENTS + CORRECTIONS))
    ids = {event.id for event in kept}
    for event in contents.events:
        if event.type in HEAD_EVENTS or (event.type in CORRECTIONS and event.data.get("target") in ids):
            kept.append(event)
            ids.add(event.id)
    record.check_header(kept)
    if end != start:
        _write_cache(cache, record, end, kept)
    return fold(record, Contents(kept, contents.warnings))


def _digest(data: bytes) -> str:
    """A quick fingerprint of some bytes; the cache only needs to notice a change."""
    return f"{len(data)}-{zlib.crc32(data):08x}"


def _spans(record: Record, spans: list[tuple[int, int]]) -> list[str]:
    """The fingerprint of each span of the record's bytes, read through one open file."""
    with open(record.path, "rb") as handle:
        found = []
        for start, end in spans:
            handle.seek(start)
            found.append(_digest(handle.read(end - start)))
    return found


def _event_starts_at(record: Record, offset: int) -> bool:
    """Whether an event (or the end of the file) begins at `offset`, as it did when cached."""
    with open(record.path, "rb") as handle:
        handle.seek(offset)
        return handle.read(3) in (b"", b"---")


def _tail_span(end: int) -> tuple[int, int]:
    return max(0, end - 64), end


def _read_cache(cache: Path, record: Record) -> tuple[Position, list[Event]] | None:
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        position = Position(int(data["offset"]), int(data["line"]))
        events = [
            Event(dict(item["data"]), int(item["line"]), int(item["start"]), int(item["end"]))
            for item in data["events"]
        ]
        spans = [_tail_span(position.offset)] + [(event.start, event.end) for event in events]
        if _spans(record, spans) != [data["check"]] + [item["digest"] for item in data["events"]]:
            return None
        if not _event_starts_at(record, position.offset):
            return None
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # any doubt about the cache: read the record itself
    return position, events


def _write_cache(cache: Path, record: Record, end: Position, events: list[Event]) -> None:
    """Best effort: a cache that cannot be written only costs the next command a full read."""
    with contextlib.suppress(OSError, IepprepError):
        check, *digests = _spans(record, [_tail_span(end.offset)] + [(e.start, e.end) for e in events])
        document = {
            "offset": end.offset,
            "line": end.line,
            "check": check,
            "events": [
                {"line": e.line, "start": e.start, "end": e.end, "digest": digest, "data": e.data}
                for e, digest in zip(events, digests, strict=True)
            ],
        }
        write_new_file(cache, json.dumps(document).encode("ascii"), durable=False)
