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

Its layout: the checksum line; a line saying what it covers and how long its
state is; the state without the meetings' notes (JSON); then each meeting's
notes (JSON), which a command reads only when it asks for that meeting's notes.
A command that needs one meeting, or none, reads the state and that much.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import weakref
import zlib
from pathlib import Path
from typing import Any

from iepprep import atrest
from iepprep.errors import IepprepError
from iepprep.files import fingerprint, json_bytes, json_value, open_private, read_at, write_checked
from iepprep.fold import fold_onto
from iepprep.record import Position, Record
from iepprep.state import Answer, Attendee, Child, Contact, Disagreement, Meeting, Note, Step
from iepprep.words import _

SUFFIX = ".state"
FORMAT = 3  # raise it whenever what a field of the state means changes (new fields are noticed by SCHEMA)
REWRITE_AFTER = 64  # events folded past the snapshot before it is written anew
CHUNK = 1 << 20
MAX_LINE = 4096  # the checksum line and the line saying what the snapshot covers are never longer


def load(record: Record) -> Child:
    """The child's whole state: the snapshot's, and every event after it folded on."""
    kept = atrest.caches_allowed()  # never a copy of an encrypted record in the clear
    found = _read(record) if kept else None
    start = found[1] if found else Position(0, 1)
    contents, end = record.read_from(start)
    if found is None:
        record.check_header(contents.events)
        child = Child(record=record)
    else:
        child = found[0]
    shelved = _shelved(child)
    child.warnings = list(contents.warnings)
    fold_onto(child, contents.events)
    record.seen = end.offset if not contents.warnings else None
    every_note_read = shelved and not _shelved(child)  # the tail named an old note: spare the next command that
    if (
        kept
        and not contents.warnings
        and end.offset
        and (found is None or len(contents.events) >= REWRITE_AFTER or every_note_read)
    ):
        _write(record, child, end)
    return child


def path_for(record: Record) -> Path:
    return record.path.with_name(record.stem + SUFFIX)


def _shelved(child: Child) -> int:
    return sum(meeting.shelf is not None for meeting in child.meetings)


def _checksum(fd: int, start: int, end: int) -> str:
    """The length and CRC-32 of the file's bytes from `start` to `end`, read a chunk at a time."""
    crc, done = 0, start
    while done < end:
        chunk = read_at(fd, done, min(CHUNK, end - done))
        if not chunk:
            break
        crc = zlib.crc32(chunk, crc)
        done += len(chunk)
    return f"{done - start}-{crc:08x}"


def _prefix(fd: int, offset: int) -> str:
    """The checksum of the record's first `offset` bytes."""
    return _checksum(fd, 0, offset)


class _Snapshot:
    """An open snapshot file whose every byte was checked; meetings' shelves read their notes from it."""

    def __init__(self, fd: int, path: Path, notes_at: int) -> None:
        self.fd, self.path, self.notes_at = fd, path, notes_at
        weakref.finalize(self, os.close, fd)

    def raw(self, start: int, length: int) -> bytes:
        return read_at(self.fd, self.notes_at + start, length)


class _Shelf:
    """One meeting's notes in the snapshot, read when first asked for."""

    def __init__(self, snapshot: _Snapshot, by_id: dict[str, Any], where: list[Any]) -> None:
        self.snapshot = snapshot
        self.by_id = by_id  # the lookup of the state this shelf belongs to, and of no later one
        self.start, self.length, self.count, self.open_actions, self.checksum = where

    def raw(self) -> bytes:
        """The notes' bytes, checked again as they are read: the file may have changed since it was opened."""
        raw = self.snapshot.raw(self.start, self.length)
        if fingerprint(raw) != self.checksum:
            raise IepprepError(
                _("{path} changed while iepprep was reading it; delete it (it is only a copy) and try again.").format(
                    path=self.snapshot.path
                )
            )
        return raw

    def peek(self) -> list[Note]:
        return [Note(*values) for values in json_value(self.raw())]

    def take(self) -> list[Note]:
        notes = self.peek()
        for note in notes:
            self.by_id[note.id] = note
        return notes


def _read(record: Record) -> tuple[Child, Position] | None:
    """The snapshot's state and where it stops, when every check holds; None at any doubt."""
    path = path_for(record)
    try:
        fd = open_private(path)
    except (OSError, IepprepError):
        return None
    kept = False
    try:
        size = os.fstat(fd).st_size
        digest, newline, _rest = read_at(fd, 0, min(size, MAX_LINE)).partition(b"\n")
        if not newline or digest.decode("ascii") != _checksum(fd, len(digest) + 1, size):
            return None  # changed or cut since it was written
        at = len(digest) + 1
        header_line, newline, _rest = read_at(fd, at, min(size - at, MAX_LINE)).partition(b"\n")
        header = json_value(header_line)
        if not newline or header["format"] != FORMAT or header["schema"] != SCHEMA:
            return None
        position = Position(int(header["offset"]), int(header["line"]))
        at += len(header_line) + 1
        record_fd = open_private(record.path)
        try:
            if os.fstat(record_fd).st_size < position.offset or _prefix(record_fd, position.offset) != header["prefix"]:
                return None
        finally:
            os.close(record_fd)
        state = json_value(read_at(fd, at, int(header["state"])))
        snapshot = _Snapshot(fd, path, at + int(header["state"]))
        kept = True
        return decode(state, record, snapshot), position
    except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError, IepprepError):
        return None  # any doubt about the snapshot: fold the record itself
    finally:
        if not kept:
            os.close(fd)


def _write(record: Record, child: Child, end: Position) -> None:
    """Best effort: a snapshot that cannot be written only costs the next command a full fold."""
    with contextlib.suppress(OSError, IepprepError, TypeError, ValueError):
        fd = open_private(record.path)
        try:
            prefix = _prefix(fd, end.offset)
        finally:
            os.close(fd)
        state, notes = encode(child)
        header = {"format": FORMAT, "schema": SCHEMA, "offset": end.offset, "line": end.line, "prefix": prefix}
        header["state"] = len(state)
        body = b"".join([json_bytes(header), b"\n", state, *notes])
        write_checked(path_for(record), body)


# -- the state as JSON, and back ----------------------------------------------------------------


def _plain(item: Any, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    """A dataclass's fields, as they are (lists of dataclasses become lists of mappings)."""
    out = {}
    for each in dataclasses.fields(item):
        if each.name in leave_out:
            continue
        value = getattr(item, each.name)
        if isinstance(value, set):
            value = sorted(value)
        elif isinstance(value, list) and value and dataclasses.is_dataclass(value[0]):
            value = [_plain(v) for v in value]
        out[each.name] = value
    return out


def _row(item: Any) -> list[Any]:
    """A flat dataclass's fields as a list, in their order (the many small objects: notes, sessions,
    answers); SCHEMA makes sure the order read is the order written."""
    return [getattr(item, each.name) for each in dataclasses.fields(item)]


def _notes(meeting: Meeting) -> bytes:
    """A meeting's notes as they are in the snapshot: copied as they were when never read."""
    if isinstance(meeting.shelf, _Shelf):
        return meeting.shelf.raw()
    return json_bytes([_row(note) for note in meeting.notes])


def encode(child: Child) -> tuple[bytes, list[bytes]]:
    """Everything `fold.apply` needs to go on folding, as JSON: the state, and each meeting's notes."""
    meetings, notes, at = [], [], 0
    for meeting in child.meetings:
        block = _notes(meeting)
        shelf = meeting.shelf
        count = shelf.count if shelf is not None else len(meeting.read_notes)
        open_actions = shelf.open_actions if shelf is not None else len(meeting.open_actions())
        where = [at, len(block), count, open_actions, fingerprint(block)]
        meetings.append({**_plain(meeting, ("read_notes", "shelf")), "notes": where})
        notes.append(block)
        at += len(block)
    state = {
        "profile": child.profile,
        "contacts": [_plain(c) for c in child.contacts.values()],
        "meetings": meetings,
        "answers": [[*key, *_row(answer)] for key, answer in child.answers.items()],
        "disagreements": [_plain(d) for d in child.disagreements],
        "ieps": [_plain(i) for i in child.ieps],
        "progress": [_plain(p) for p in child.progress],
        "sessions": [_row(s) for s in child.sessions],
        "concerns_met": child.concerns_met,
        "service_log_count": child.service_log_count,
        # an event's fields, and the fields an amendment gave it when they differ (most never are amended)
        "sources": {
            key: data if payload == data else [data, payload] for key, (data, payload) in child.sources.items()
        },
        "pending": child.pending,
        "pending_retractions": sorted(child.pending_retractions),
    }
    return json_bytes(state), notes


def decode(data: dict[str, Any], record: Record, snapshot: _Snapshot) -> Child:
    """The state `encode` wrote, with every object findable by id again (each note once its meeting's are read)."""
    from iepprep.state_iep import Goal, Iep, ProgressReport, Rating, Service, Session

    child = Child(record=record)
    child.profile = dict(data["profile"])
    child.contacts = {c["role"]: Contact(**c) for c in data["contacts"]}
    for m in data["meetings"]:
        where = m.pop("notes")
        meeting = Meeting(**{**m, "attendees": [Attendee(**a) for a in m["attendees"]], "asked": set(m["asked"])})
        if where[2]:
            meeting.shelf = _Shelf(snapshot, child.by_id, where)
        child.meetings.append(meeting)
        child.by_id[meeting.id] = meeting
    for meeting_id, checklist, item, *fields in data["answers"]:
        answer = Answer(*fields)
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
        session = Session(*s)
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
