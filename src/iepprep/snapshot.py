"""A snapshot of a child's folded state beside the record, so a command folds only what was added since.

The snapshot holds the state as of a byte offset of the record, and is
trusted for nothing: on every use the record must still be at least as long,
and its bytes up to the offset must have the checksum the snapshot was made
from (reading bytes costs far less than parsing and folding them). Each
record starts with its own id, so another record's snapshot never matches. The snapshot's own first line is a checksum
of the rest, so a snapshot changed by hand, cut short or from another record
is noticed. Anything that does not match, or cannot be read, and the record
is folded from its start instead; a new snapshot is then written, atomically,
0600, under a random temporary name. Deleting it is always safe.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import zlib
from pathlib import Path
from typing import Any

from iepprep.errors import IepprepError
from iepprep.files import open_private, read_at, read_cache, write_cache
from iepprep.fold import fold_onto
from iepprep.record import Position, Record
from iepprep.state import Answer, Attendee, Child, Contact, Disagreement, Meeting, Note, Step

SUFFIX = ".state"
FORMAT = 2  # raise it whenever what a field of the state means changes (new fields are noticed by SCHEMA)
REWRITE_AFTER = 64  # events folded past the snapshot before it is written anew
CHUNK = 1 << 20
MAX_SNAPSHOT_BYTES = 512_000_000


def load(record: Record) -> Child:
    """The child's whole state: the snapshot's, and every event after it folded on."""
    found = _read(record)
    start = found[1] if found else Position(0, 1)
    contents, end = record.read_from(start)
    if found is None:
        record.check_header(contents.events)
        child = Child(record=record)
    else:
        child = found[0]
    child.warnings = list(contents.warnings)
    fold_onto(child, contents.events)
    record.seen = end.offset if not contents.warnings else None
    if not contents.warnings and end.offset and (found is None or len(contents.events) >= REWRITE_AFTER):
        _write(record, child, end)
    return child


def path_for(record: Record) -> Path:
    return record.path.with_name(record.record_id + SUFFIX)


def _prefix(fd: int, offset: int) -> str:
    """The checksum of the record's first `offset` bytes, read in chunks."""
    crc, done = 0, 0
    while done < offset:
        chunk = read_at(fd, done, min(CHUNK, offset - done))
        if not chunk:
            break
        crc = zlib.crc32(chunk, crc)
        done += len(chunk)
    return f"{done}-{crc:08x}"


def _read(record: Record) -> tuple[Child, Position] | None:
    """The snapshot's state and where it stops, when every check holds; None at any doubt."""
    try:
        data = read_cache(path_for(record), MAX_SNAPSHOT_BYTES)
        if data is None or data["format"] != FORMAT or data["schema"] != SCHEMA:
            return None
        position = Position(int(data["offset"]), int(data["line"]))
        fd = open_private(record.path)
        try:
            if os.fstat(fd).st_size < position.offset:
                return None
            if _prefix(fd, position.offset) != data["prefix"]:
                return None
        finally:
            os.close(fd)
        return decode(data["state"], record), position
    except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError, IepprepError):
        return None  # any doubt about the snapshot: fold the record itself


def _write(record: Record, child: Child, end: Position) -> None:
    """Best effort: a snapshot that cannot be written only costs the next command a full fold."""
    with contextlib.suppress(OSError, IepprepError, TypeError, ValueError):
        fd = open_private(record.path)
        try:
            prefix = _prefix(fd, end.offset)
        finally:
            os.close(fd)
        document = {
            "format": FORMAT,
            "schema": SCHEMA,
            "offset": end.offset,
            "line": end.line,
            "prefix": prefix,
            "state": encode(child),
        }
        write_cache(path_for(record), document)


# -- the state as JSON, and back ----------------------------------------------------------------


def _plain(item: Any) -> dict[str, Any]:
    """A dataclass's fields, as they are (lists of dataclasses become lists of mappings)."""
    out = {}
    for each in dataclasses.fields(item):
        value = getattr(item, each.name)
        if isinstance(value, set):
            value = sorted(value)
        elif isinstance(value, list) and value and dataclasses.is_dataclass(value[0]):
            value = [_plain(v) for v in value]
        out[each.name] = value
    return out


def encode(child: Child) -> dict[str, Any]:
    """Everything `fold.apply` needs to go on folding, as JSON-ready data."""
    return {
        "profile": child.profile,
        "contacts": [_plain(c) for c in child.contacts.values()],
        "meetings": [_plain(m) for m in child.meetings],
        "answers": [[*key, _plain(answer)] for key, answer in child.answers.items()],
        "disagreements": [_plain(d) for d in child.disagreements],
        "ieps": [_plain(i) for i in child.ieps],
        "progress": [_plain(p) for p in child.progress],
        "sessions": [_plain(s) for s in child.sessions],
        "concerns_met": child.concerns_met,
        "service_log_count": child.service_log_count,
        # an event's fields, and the fields an amendment gave it when they differ (most never are amended)
        "sources": {
            key: data if payload == data else [data, payload] for key, (data, payload) in child.sources.items()
        },
        "pending": child.pending,
        "pending_retractions": sorted(child.pending_retractions),
    }


def decode(data: dict[str, Any], record: Record) -> Child:
    """The state `encode` wrote, with every object findable by id again."""
    from iepprep.state_iep import Goal, Iep, ProgressReport, Rating, Service, Session

    child = Child(record=record)
    child.profile = dict(data["profile"])
    child.contacts = {c["role"]: Contact(**c) for c in data["contacts"]}
    for m in data["meetings"]:
        meeting = Meeting(
            **{
                **m,
                "notes": [Note(**n) for n in m["notes"]],
                "attendees": [Attendee(**a) for a in m["attendees"]],
                "asked": set(m["asked"]),
            }
        )
        child.meetings.append(meeting)
        child.by_id[meeting.id] = meeting
        for note in meeting.notes:
            child.by_id[note.id] = note
    for meeting_id, checklist, item, fields in data["answers"]:
        answer = Answer(**fields)
        child.answers[(meeting_id, checklist, item)] = answer
        child.answer_lists.setdefault((meeting_id, checklist), {})[item] = answer
    for d in data["disagreements"]:
        disagreement = Disagreement(**{**d, "steps": [Step(**s) for s in d["steps"]]})
        child.disagreements.append(disagreement)
        child.by_id[disagreement.id] = disagreement
        for step in disagreement.steps:
            child.by_id[step.id] = step
    for i in data["ieps"]:
        iep = Iep(**{**i, "goals": [Goal(**g) for g in i["goals"]], "services": [Service(**s) for s in i["services"]]})
        child.ieps.append(iep)
        child.by_id[iep.id] = iep
    for p in data["progress"]:
        report = ProgressReport(**{**p, "ratings": [Rating(**r) for r in p["ratings"]]})
        child.progress.append(report)
        child.by_id[report.id] = report
    for s in data["sessions"]:
        session = Session(**s)
        child.sessions.append(session)
        child.by_id[session.id] = session
    child.concerns_met = dict(data["concerns_met"])
    child.service_log_count = int(data["service_log_count"])
    child.sources = {
        key: (value, value) if isinstance(value, dict) else (value[0], value[1])
        for key, value in data["sources"].items()
    }
    child.pending = dict(data["pending"])
    child.pending_retractions = set(data["pending_retractions"])
    return child


def _schema() -> str:
    """The names of every field the snapshot holds: a snapshot written by another shape of the state is
    never read."""
    from iepprep.state_iep import Goal, Iep, ProgressReport, Rating, Service, Session

    kinds: list[Any] = [Child, Contact, Meeting, Note, Attendee, Answer, Disagreement, Step, Goal, Service, Iep]
    kinds += [Rating, ProgressReport, Session]
    return ";".join(f"{k.__name__}:{','.join(f.name for f in dataclasses.fields(k))}" for k in kinds)


SCHEMA = _schema()
