"""Each computer's own log of a child's record, so that a synced folder never has two writers on one file.

A child's record is a folder, `children/<child id>/`, holding one log for each computer that has
written to it, named by that computer's id: `<device id>.yaml`. A computer appends only to its own
log. Before a command reads a child, every other log in the folder that changed since this computer
last looked is brought into its own log, the way `iepprep repair` brings in a sync tool's copy: the
events its log lacks, matched by id, in the order the other log holds them (so a note always follows
the meeting it belongs to), and where two computers changed the same thing, the change made later
is written last, so it wins on both. Each log therefore holds the whole record, and a sync tool only
ever copies a file from the one computer that writes it.

A record kept as one file, `children/<child id>.yaml` (as iepprep kept them before), is moved into
its folder the first time it is read: its events are written to this computer's log there and read
back, and only then is the old file removed.

The computer's id is made once and kept outside the data folder, in this computer's own iepprep
folder, so that two computers sharing a data folder never take the same one; `IEPPREP_DEVICE` sets it.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

from iepprep import atrest, paths
from iepprep.errors import IepprepError
from iepprep.files import clean_temporaries, hold_lock, read_cache, read_file, write_cache, write_new_file
from iepprep.record import SET_ASIDE, SUFFIX, Contents, Record
from iepprep.words import _

DEVICE_ENV = "IEPPREP_DEVICE"
DEVICE_FILE = "this-computer.json"
SEEN_SUFFIX = ".seen"  # this computer's note of how far it has read the other logs of a child
_DEVICE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
_CHILD_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")
_known: dict[str, str] = {}


def device_id() -> str:
    """This computer's id: $IEPPREP_DEVICE when set, otherwise the one made for it the first time."""
    named = os.environ.get(DEVICE_ENV, "")
    if named:
        if not _DEVICE.fullmatch(named) or SET_ASIDE.search(named):
            raise IepprepError(
                _(
                    "IEPPREP_DEVICE must be a short name of letters, digits, - and _ (such as laptop-2); "
                    "'{name}' is not."
                ).format(name=named)
            )
        return named
    if "" not in _known:
        _known[""] = _made_once()
    return _known[""]


def local_dir() -> Path:
    """This computer's own iepprep folder, which no sync tool shares: where its id is kept."""
    from platformdirs import user_data_path

    return Path(os.path.realpath(user_data_path("iepprep", appauthor=False)))


def _made_once() -> str:
    folder = paths.ensure_private_dir(local_dir())
    path = folder / DEVICE_FILE
    kept = read_cache(path, 4096)
    if isinstance(kept, dict) and _DEVICE.fullmatch(str(kept.get("device", ""))):
        return str(kept["device"])
    with hold_lock(folder / (DEVICE_FILE + ".lock")):  # two first commands at once still agree on one id
        kept = read_cache(path, 4096)
        if isinstance(kept, dict) and _DEVICE.fullmatch(str(kept.get("device", ""))):
            return str(kept["device"])
        made = os.urandom(6).hex()
        write_cache(path, {"device": made})
        if read_cache(path, 4096) != {"device": made}:
            raise IepprepError(
                _("iepprep cannot keep this computer's id in {path}; please check that folder.").format(path=path)
            )
        return made


def own_log(folder: Path) -> Path:
    """This computer's log in a child's folder."""
    return folder / (device_id() + SUFFIX)


def is_log(name: str) -> bool:
    """Whether a file name in a child's folder is a log (not a file set aside, a cache or a temporary file)."""
    return name.endswith(SUFFIX) and not name.startswith(".") and not SET_ASIDE.search(name)


def logs_in(folder: Path) -> list[Path]:
    """Every log in a child's folder, this computer's included, by name."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    return sorted(Path(entry.path) for entry in entries if is_log(entry.name) and entry.is_file(follow_symlinks=False))


def other_logs(folder: Path) -> list[Path]:
    """The other logs in a child's folder: other computers', and copies a sync tool made."""
    own = own_log(folder)
    return [log for log in logs_in(folder) if log != own]


def is_a_copy(log: Path) -> bool:
    """Whether a log in a child's folder is a sync tool's copy ("laptop (1).yaml", "laptop 2.yaml",
    "laptop.sync-conflict-....yaml"), not a computer's own log: no computer's name looks like that."""
    return not _DEVICE.fullmatch(log.name[: -len(SUFFIX)])


def child_folders(children: Path) -> list[Path]:
    """The children's folders in the children folder."""
    try:
        entries = list(os.scandir(children))
    except OSError:
        return []
    return sorted(
        Path(entry.path)
        for entry in entries
        if not entry.name.startswith(".") and _CHILD_ID.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False)
    )


def _stat_key(path: Path) -> list[int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return [status.st_size, status.st_mtime_ns]


def bring_in(folder: Path) -> list[str]:
    """Bring into this computer's log of the child in `folder` what the other logs there hold and it
    lacks, making this computer's log from them if it has none yet. Returns a sentence for each log
    that could not be brought in (it stays as it is, and is tried again next time)."""
    own = own_log(folder)
    seen_path = own.with_name(own.name[: -len(SUFFIX)] + SEEN_SUFFIX)
    seen = read_cache(seen_path, 1_000_000)
    seen = seen if isinstance(seen, dict) else {}
    changed = [log for log in other_logs(folder) if seen.get(log.name) != _stat_key(log)]
    if not changed and own.exists():
        return []
    clean_temporaries(folder, only=own.name[: -len(SUFFIX)] + ".")
    problems = []
    with Record(own).locked():
        for log in changed:
            key = _stat_key(log)
            try:
                _bring(log, Record(log).read(), own)
            except IepprepError as problem:
                problems.append(str(problem))
                continue
            seen[log.name] = key
        seen = {name: key for name, key in seen.items() if (folder / name).exists()}
        with contextlib.suppress(OSError, IepprepError):
            write_cache(seen_path, seen)
    return problems


def _bring(log: Path, contents: Contents, own: Path) -> None:
    """Bring one log, read, into this computer's log (under its lock), or make this computer's log from it."""
    from iepprep.copies import merge

    child_id = str(contents.events[0].data.get("child", ""))
    if child_id != own.parent.name:
        raise IepprepError(
            _("{path} is not a record of the child whose folder it is in, so iepprep leaves it alone.").format(path=log)
        )
    if not own.exists():
        write_new_file(own, read_file(log)[: contents.events[-1].end])
        if atrest.sealing():  # the other log may be in the clear still: this computer's never is
            atrest.rewrite_log(own, sealed=True)
        return
    merge(Record(own), contents)


def move_into_folder(legacy: Path) -> Path:
    """Move a record kept as one file (`children/<id>.yaml`) into its child's folder; the folder.

    Its events are written to this computer's log in the folder (or brought into it, when the
    folder has one already) and read back; only when every event is there is the old file removed,
    with the caches beside it. A file a sync tool brings back later is brought in the same way.
    """
    contents = Record(legacy).read()  # a damaged file stops here, before anything is made
    read_size = legacy.stat().st_size
    child_id = str(contents.events[0].data.get("child", ""))
    stem = legacy.name[: -len(SUFFIX)]
    folder = legacy.with_name(child_id if _CHILD_ID.fullmatch(child_id) else stem)
    paths.ensure_private_dir(folder)
    own = own_log(folder)
    with Record(own).locked():
        if not legacy.exists():  # another iepprep moved it meanwhile
            return folder
        if legacy.stat().st_size != read_size:  # another iepprep wrote to it meanwhile
            contents = Record(legacy).read()
        _bring(legacy, contents, own)
        have = {event.id for event in Record(own).read().events}
        if any(event.id not in have for event in contents.events):
            raise IepprepError(
                _("iepprep could not move {path} into {folder}; the file is left as it was.").format(
                    path=legacy, folder=folder
                )
            )
        torn = read_file(legacy)[contents.events[-1].end :]
        if torn.strip():  # a last entry cut short, kept in a side file as iepprep keeps every such entry
            Record(own).keep_torn(torn)
        for side in sorted(legacy.parent.glob(stem + ".torn-*")):
            os.replace(side, folder / side.name)
        for path in (legacy, *(legacy.with_name(stem + suffix) for suffix in (".lock", ".state", ".head"))):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    return folder
