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
import hashlib
import os
import tempfile
from typing import Any

import yaml

from iepprep.paths import PRIVATE_FILE
from iepprep.record import Contents, Event, Position, Record, dump_event, load_yaml
from iepprep.state import CORRECTIONS, Child, fold

HEAD_EVENTS = ("record", "profile", "contact", "meeting")
SUFFIX = ".head"


def load_head(record: Record) -> Child:
    """The child's profile, contacts and meetings, without their notes and answers."""
    cache = record.path.with_name(record.record_id + SUFFIX)
    start, kept = _read_cache(cache, record) or (Position(0, 1), [])
    contents, end = record.read_from(start)
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
    return hashlib.sha256(data).hexdigest()[:16]


def _read_cache(cache: Any, record: Record) -> tuple[Position, list[Event]] | None:
    try:
        data = load_yaml(cache.read_text(encoding="utf-8"))
        position = Position(int(data["offset"]), int(data["line"]))
        if _digest(record.read_span(max(0, position.offset - 64), position.offset)) != data["check"]:
            return None
        events = []
        for item in data["events"]:
            event = Event(dict(item["data"]), int(item["line"]), int(item["start"]), int(item["end"]))
            if _digest(record.read_span(event.start, event.end)) != item["digest"]:
                return None
            events.append(event)
    except (OSError, ValueError, TypeError, KeyError, AttributeError, yaml.YAMLError):
        return None  # any doubt about the cache: read the record itself
    return position, events


def _write_cache(cache: Any, record: Record, end: Position, events: list[Event]) -> None:
    """Best effort: a cache that cannot be written only costs the next command a full read."""
    document = {
        "offset": end.offset,
        "line": end.line,
        "check": _digest(record.read_span(max(0, end.offset - 64), end.offset)),
        "events": [
            {"line": e.line, "start": e.start, "end": e.end,
             "digest": _digest(record.read_span(e.start, e.end)), "data": e.data}
            for e in events
        ],
    }
    payload = dump_event(document)
    with contextlib.suppress(OSError):
        fd, temp = tempfile.mkstemp(prefix=".tmp-", dir=cache.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            os.chmod(temp, PRIVATE_FILE)
            os.replace(temp, cache)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
