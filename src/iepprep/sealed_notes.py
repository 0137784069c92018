"""Notes added while the records are encrypted, without the passphrase.

Finding the meeting a note belongs to means reading the record, which needs the passphrase; a note
added from the shell must never wait for one, nor be lost to a mistyped one. So `notes add` on an
encrypted data folder seals the note with the folder's key (which needs no passphrase) and appends it
to a file of notes waiting beside this computer's log, `<computer id>.waiting-notes.yaml`, with the day
it was typed. The next command that opens the child's record with the passphrase files each waiting
note under its meeting (today's, or the one on the date given, added when there is none) with its own
id and time, then removes the file; a crash in between doubles nothing, since notes are matched by id.
"""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path
from typing import Any

from iepprep import logs
from iepprep.children import catch_up
from iepprep.codec import dump_event
from iepprep.files import write_new_file
from iepprep.fold import apply
from iepprep.notes import Parsed
from iepprep.record import Event, Position, Record, header_event, now
from iepprep.state import Child

SUFFIX = ".waiting-notes.yaml"


def waiting_path(folder: Path) -> Path:
    return folder / (logs.device_id() + SUFFIX)


def add(folder: Path, parsed: Parsed, day: date | None, today: date) -> dict[str, Any]:
    """Seal a note and keep it waiting for its meeting; the note as written."""
    path = waiting_path(folder)
    waiting = Record(path)
    fields: dict[str, Any] = {"kind": parsed.kind, "text": parsed.text}
    fields.update(
        {key: value for key, value in (("who", parsed.who), ("due", parsed.due), ("what", parsed.what)) if value}
    )
    fields.update(date=day.isoformat() if day else None, typed=today.isoformat())
    with waiting.locked():
        if not path.exists():
            write_new_file(path, dump_event(header_event(folder.name, now())))
        return waiting.append("note", **fields)


def waiting_files(folder: Path) -> list[Path]:
    """The files of waiting notes in a child's folder: this computer's, and those a sync tool brought."""
    return sorted(folder.glob("*" + SUFFIX))


def file_waiting(child: Child) -> int:
    """File the notes waiting for this child, on any computer, under their meetings (the record is opened
    with the passphrase on the way); how many were filed. This computer's file is then removed; another
    computer's is left to it (its notes are matched by id, so they are filed once)."""
    filed = 0
    for path in waiting_files(child.record.path.parent):
        waiting = Record(path)
        own = path == waiting_path(child.record.path.parent)
        with waiting.locked() if own else contextlib.nullcontext(), child.record.locked():
            contents, _end = waiting.read_from(Position(0, 1))
            catch_up(child)
            filed += _file(child, contents.events)
            if own:
                for leftover in (path, waiting.lock_path):
                    with contextlib.suppress(FileNotFoundError):
                        leftover.unlink()
    return filed


def _file(child: Child, events: list[Event]) -> int:
    from iepprep import meetings

    filed = 0
    for event in events:
        if event.type != "note" or child.find(event.id) is not None:
            continue
        data = event.data
        day = date.fromisoformat(str(data["date"])) if data.get("date") else None
        meeting, _added = meetings.for_notes(child, day, date.fromisoformat(str(data["typed"])))
        note = {"event": "note", "id": event.id, "at": data["at"], "meeting": meeting.id}
        note.update({key: data[key] for key in ("kind", "text", "who", "due", "what") if data.get(key)})
        child.record.append_events([note])
        apply(child, note)
        filed += 1
    return filed
