"""Copies of a record that sync tools leave beside it, and bringing them back into the record.

When a record in a synced folder changes on two computers before the sync
tool catches up, the tool keeps both: the record, and a copy named after it.
Such a copy is never another child and never written to; `bring_back`
appends the events it holds that the record lacks, matched by event id, and
sets the copy aside.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone
from pathlib import Path

from iepprep.errors import IepprepError
from iepprep.files import read_file, write_new_file
from iepprep.fold import fold
from iepprep.record import SET_ASIDE, SUFFIX, Contents, Event, Record, new_id
from iepprep.state import Child
from iepprep.words import _, ngettext

# How sync tools name the copy they make when a file changed on two computers at once.
# Dropbox "ID (Sam's conflicted copy 2026-11-28).yaml", Nextcloud "ID (conflicted copy 2026-11-28 101010).yaml",
# Syncthing "ID.sync-conflict-20261128-101010-ABCDEFG.yaml": always a copy.
_SURELY_A_COPY = r"(?i)(?P<base>.+?)(?: ?\([^()]*conflict[^()]*(?:\(\d+\))?\)|\.sync-conflict-.*)"
# iCloud "ID 2.yaml", Google Drive "ID (1).yaml", OneDrive "ID-LAPTOP.yaml": a copy when the
# record it names is there and starts the same way.
_PERHAPS_A_COPY = r"(?P<base>.+?)(?: \d+| ?\(\d+\)|-[A-Za-z0-9][A-Za-z0-9-]*)"
_HEX = frozenset("0123456789abcdef")


class Copy:
    """A sync tool's copy of a record (the record may be missing)."""

    __slots__ = ("path", "record")

    def __init__(self, path: Path, record: Path) -> None:
        self.path, self.record = path, record


def sort_out(
    folder: Path, names: list[str], child_folders: frozenset[str] = frozenset()
) -> tuple[list[Path], list[Copy]]:
    """The records kept as one file among these file names, and the copies of records (of one kept as a
    file, or of one now kept in one of `child_folders`)."""
    stems = sorted(name[: -len(SUFFIX)] for name in names if not SET_ASIDE.search(name[: -len(SUFFIX)]))
    known = set(stems) | child_folders
    records, copies = [], []
    for stem in stems:
        if len(stem) == 16 and _HEX.issuperset(stem):  # a name as iepprep gives it: no need to look further
            records.append(folder / (stem + SUFFIX))
            continue
        surely, perhaps = re.fullmatch(_SURELY_A_COPY, stem), re.fullmatch(_PERHAPS_A_COPY, stem)
        base = surely.group("base") if surely else perhaps.group("base") if perhaps else None
        if base and (surely or (base in known and _same_child(folder / (stem + SUFFIX), folder / (base + SUFFIX)))):
            copies.append(Copy(folder / (stem + SUFFIX), folder / (base + SUFFIX)))
        else:
            records.append(folder / (stem + SUFFIX))
    return records, copies


def _same_child(copy: Path, record: Path) -> bool:
    """Whether two files start as the same child's record does (or the copy as the record of the child
    whose folder has the record's name)."""
    folder = record.with_name(record.name[: -len(SUFFIX)])
    try:
        ids = [Record(copy).header_child(), folder.name if folder.is_dir() else Record(record).header_child()]
    except (OSError, IepprepError):
        return False
    return bool(ids[0]) and ids[0] == ids[1]


def _changed(event: Event) -> dict[tuple[str, ...], object]:
    """What an event sets, where a later event setting the same wins, and the value it sets: an amended
    field, a profile detail, a contact, an answer, a note's done day or IEP check, a concern, a made-up
    session."""
    data = event.data
    if event.type == "amend" and isinstance(data.get("changes"), dict):
        return {("amend", str(data.get("target")), str(key)): value for key, value in data["changes"].items()}
    if event.type == "profile":
        return {("profile", key): value for key, value in data.items() if key not in ("event", "id", "at")}
    target = _SET_BY.get(event.type)
    if target is None:
        return {}
    return {(event.type, *(str(data.get(name)) for name in target)): _fields(event)}


# Events that set one thing, named by these fields, where the later one wins.
_SET_BY = {
    "contact": ("role",),
    "answer": ("meeting", "checklist", "item"),
    "action-done": ("note",),
    "iep-check": ("note",),
    "concern-check": ("concern",),
    "made-up": ("session",),
}


def _fields(event: Event) -> dict[str, object]:
    return {key: value for key, value in event.data.items() if key not in ("event", "id", "at")}


def _latest_not_last(events: list[Event]) -> list[dict[str, object]]:
    """Where the change made latest to something is not the last one written (another computer's
    older change was brought in after it), that change again, to be written after it: every copy of a
    record then ends with the same value, whatever order the changes reached it in. A change written
    again keeps its own time; two made in the same second are told apart by what they set, the same
    way on every computer."""
    latest: dict[tuple[str, ...], tuple[tuple[datetime, str], Event, object]] = {}
    last: dict[tuple[str, ...], tuple[datetime, str]] = {}
    for event in events:
        for what, value in _changed(event).items():
            key = (_when(event), json.dumps(value, sort_keys=True, default=str))
            last[what] = key
            if what not in latest or key >= latest[what][0]:
                latest[what] = (key, event, value)
    again: dict[str, dict[str, object]] = {}
    parts: dict[str, dict[str, object]] = {}  # the amended fields or profile details written again
    for what, (key, event, value) in latest.items():
        if last[what] == key:
            continue
        if event.id not in again:
            written: dict[str, object] = {"event": event.type, "id": new_id(), "at": event.data["at"]}
            if event.type == "amend":
                parts[event.id] = {}
                written.update(target=event.data["target"], changes=parts[event.id])
            elif event.type != "profile":
                written.update(_fields(event))
            again[event.id] = written
        if event.type == "amend":
            parts[event.id][what[2]] = value
        elif event.type == "profile":
            again[event.id][what[1]] = value
    return list(again.values())


def _when(event: Event) -> datetime:
    try:
        moment = datetime.fromisoformat(str(event.data.get("at", "")))
    except ValueError:
        return datetime.min.replace(tzinfo=timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def bring_back(copy: Copy) -> str:
    """Bring a copy's events into its record, then set the copy aside; say what was done.

    Events are matched by their id: those the record lacks are appended in the
    order the copy holds them, with their own ids and times, so nothing is lost
    and nothing is doubled. A copy whose record is gone becomes the record again.
    The copy is renamed `<id>.merged-<time>.yaml` beside the record, never deleted.
    """
    from iepprep.logs import own_log

    theirs = Record(copy.path).read()
    folder = copy.record.with_name(copy.record.name[: -len(SUFFIX)])
    target = Record(own_log(folder) if folder.is_dir() else copy.record)
    aside = target.path.with_name(
        f"{target.stem}.merged-{datetime.now().strftime('%Y%m%dT%H%M%S')}-{os.urandom(2).hex()}{SUFFIX}"
    )
    if not target.path.exists():
        write_new_file(target.path, read_file(copy.path))
        os.replace(copy.path, aside)
        name = fold(target, theirs).name
        return _(
            "{path} was the only copy of {child}'s record, so it is the record again; the copy is kept as {aside}."
        ).format(path=copy.path, child=name, aside=aside)
    if theirs.events[0].data.get("child") != target.read().events[0].data.get("child"):
        raise IepprepError(
            _("{path} is not a copy of {record}; iepprep leaves it alone.").format(path=copy.path, record=target.path)
        )
    count, child = merge(target, theirs)
    os.replace(copy.path, aside)
    return ngettext(
        "Brought {count} entry from {path} into {child}'s record; the copy is kept as {aside}.",
        "Brought {count} entries from {path} into {child}'s record; the copy is kept as {aside}.",
        count,
    ).format(count=count, path=copy.path, child=child.name, aside=aside)


def merge(target: Record, theirs: Contents) -> tuple[int, Child]:
    """Append the events another copy of the same record holds and this one lacks, matched by id, in
    their order and with their own ids and times; a change this record made later than one brought in
    is written again after it, so it still wins. Decided under the record's lock. Returns how many
    events were brought in, and the child as the record now reads."""
    with target.locked():
        ours = target.read()
        have = {event.id for event in ours.events}
        missing = [event for event in theirs.events if event.id not in have and event.type != "record"]
        again = _latest_not_last(ours.events + missing)
        child = fold(target, Contents(ours.events + missing))  # refuse anything that would not read back
        if missing or again:
            target.append_events([event.data for event in missing] + again)
    return len(missing), child
