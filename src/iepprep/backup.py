"""Every child's record in one file, and that file brought back without losing anything newer.

A backup is a zip file: each child's record as it is on disk, the parent's
own checklists and settings, and a list of every file with its SHA-256. It
is encrypted with age (`pyrage`) under a passphrase unless the parent asks
otherwise; `age -d` opens it too. Restoring checks the whole backup first -
the passphrase, every checksum, every record read and folded as iepprep
reads a record - and changes nothing unless all of it holds. Then a record
that is not here is written as it was, and one that is here gets the events
the backup holds and it lacks, matched by id (as `iepprep repair` does for a
sync tool's copy): restoring an old backup never loses a newer note, and
restoring twice changes nothing the second time.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from iepprep import __version__, atrest, children, paths
from iepprep.encryption import is_encrypted, lock, unlock
from iepprep.errors import IepprepError
from iepprep.files import read_file, write_new_file
from iepprep.fold import fold
from iepprep.logs import own_log
from iepprep.record import Contents, Record
from iepprep.state import Child
from iepprep.words import _, ngettext

FORMAT = 1
MANIFEST = "iepprep-backup.json"
MAX_BACKUP_BYTES = 2_000_000_000
MIN_PASSPHRASE = 8
# A file name the backup may hold: no folder in it, not hidden, and a YAML file (records, checklists).
_NAME = r"[^/\\\x00.][^/\\\x00]{0,200}\.yaml"
_RECORD = re.compile("children/" + _NAME)
_CHECKLIST = re.compile("checklists/" + _NAME)
_SETTINGS = ("state-rules.yaml", "settings.json", atrest.FILE)
_CHILD_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")


def default_name(today: str) -> str:
    return f"iepprep-backup-{today}.age"


def collect() -> dict[str, bytes]:
    """Every file a backup holds, by its name in the backup: the records, checklists and settings."""
    found = children.find_all()
    if children.copies():
        raise IepprepError(
            _(
                "A sync tool's copy of a record is waiting to be brought back, so a backup now would miss what it "
                "holds; run iepprep repair first, then iepprep backup."
            )
        )
    if found.problems:
        raise IepprepError(found.problems[0])
    # each child's record once, as this computer's log holds it (the other computers' logs are in it)
    files = {f"children/{child.record.path.parent.name}.yaml": read_file(child.record.path) for child in found.children}
    if not files:
        raise IepprepError(_(children.NO_CHILD_YET))
    folder = paths.data_dir()
    for path in sorted(paths.user_checklists_dir().glob("*.yaml")):
        if _CHECKLIST.fullmatch(f"checklists/{path.name}") and path.is_file():
            files[f"checklists/{path.name}"] = read_file(path)
    for name in _SETTINGS:
        if (folder / name).is_file():
            files[name] = read_file(folder / name)
    return files


def pack(files: dict[str, bytes]) -> bytes:
    """The backup's bytes before encryption: a zip file with the list of its files and their checksums."""
    manifest = {
        "format": FORMAT,
        "made": datetime.now().astimezone().isoformat(timespec="seconds"),
        "iepprep": __version__,
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def make(files: dict[str, bytes], passphrase: str | None) -> tuple[bytes, int, int]:
    """The backup of these files (from `collect`), encrypted under the passphrase when one is given; and
    how many children's records and how many of the parent's own files (checklists, settings) it holds."""
    data = pack(files)
    if passphrase is not None:
        data = lock(data, passphrase)
    count = sum(1 for name in files if name.startswith("children/"))
    return data, count, len(files) - count


def check_passphrase(passphrase: str) -> str:
    if len(passphrase) < MIN_PASSPHRASE:
        raise IepprepError(
            _(
                "Please choose a passphrase of at least {count} characters; a few words in a row are easy to remember."
            ).format(count=MIN_PASSPHRASE)
        )
    return passphrase


def read(path: Path) -> bytes:
    """A backup file's bytes, wherever the parent keeps it."""
    try:
        if not path.is_file():
            raise IepprepError(_("{path} is not a file; name the backup file to restore.").format(path=path))
        if path.stat().st_size > MAX_BACKUP_BYTES:
            raise IepprepError(_("{path} is larger than any backup iepprep makes; it is not one.").format(path=path))
        return path.read_bytes()
    except OSError as exc:
        raise IepprepError(
            _("iepprep cannot read {path}: {reason}.").format(path=path, reason=exc.strerror or exc)
        ) from None


# -- restoring ------------------------------------------------------------------------------


def unpack(path: Path, data: bytes, passphrase: str | None) -> dict[str, bytes]:
    """The backup's files, each checked against the list inside it; one sentence at anything wrong."""
    if is_encrypted(data):
        if passphrase is None:
            raise IepprepError(_("{path} is encrypted; its passphrase is needed to restore it.").format(path=path))
        data = unlock(data, passphrase, str(path))
    not_a_backup = IepprepError(
        _("{path} is not a backup made by iepprep, or it was damaged; nothing was restored.").format(path=path)
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > MAX_BACKUP_BYTES:
                raise not_a_backup
            manifest = json.loads(archive.read(MANIFEST))
            listed = manifest["files"]
            names = [info.filename for info in infos if info.filename != MANIFEST]
            if manifest["format"] != FORMAT or sorted(names) != sorted(listed) or len(set(names)) != len(names):
                raise not_a_backup
            files = {}
            for name in names:
                if not (_RECORD.fullmatch(name) or _CHECKLIST.fullmatch(name) or name in _SETTINGS):
                    raise not_a_backup
                content = archive.read(name)
                if hashlib.sha256(content).hexdigest() != listed[name]:
                    raise not_a_backup
                files[name] = content
    # RuntimeError also stands for a zip password and for a compression no backup iepprep makes uses
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError, RecursionError, RuntimeError):
        raise not_a_backup from None
    return files


@dataclass
class _Planned:
    """One record of the backup, checked, and where it goes."""

    name: str  # its name in the backup
    contents: Contents
    child: Child
    target: Path
    here: bool  # the child's record is here already: bring in what it lacks


def _plan(files: dict[str, bytes]) -> list[_Planned]:
    """Every record of the backup read and folded as iepprep reads its own, each matched by its child's id
    with the record here, and every record here it will change read too; one sentence at any problem."""
    folder = paths.children_dir()
    found = children.find_all()
    if found.problems:  # a record here that cannot be read might be the one the backup would change
        raise IepprepError(found.problems[0] + " " + _("Nothing was restored."))
    here = {child.record.header_child(): child for child in found.children}
    planned = []
    for name, data in files.items():
        if not name.startswith("children/"):
            continue
        record = Record(Path(name))
        try:
            contents = record.read_bytes(data)
            child = fold(record, contents)
        except IepprepError:
            raise IepprepError(
                _("The backup's record {name} cannot be read; nothing was restored.").format(name=name)
            ) from None
        child_id = str(contents.events[0].data.get("child", ""))
        if not _CHILD_ID.fullmatch(child_id):
            raise IepprepError(_("The backup's record {name} cannot be read; nothing was restored.").format(name=name))
        ours = here.get(child_id)
        if ours is None:
            same_name = next((c for c in found.children if children.same_name(c.name, child.name)), None)
            if same_name is not None:
                raise IepprepError(
                    _(
                        "The backup holds a record of {child} that is not the record of {child} here ({path}). "
                        "To keep both, first give the child here another name (iepprep child edit), then restore "
                        "again. Nothing was restored."
                    ).format(child=child.name, path=same_name.record.path)
                )
            target = own_log(folder / child_id)
            if target.parent.exists() or target.parent.is_symlink():
                raise IepprepError(
                    _("{path} is in the way of the backup's record of {child}; nothing was restored.").format(
                        path=target.parent, child=child.name
                    )
                )
            planned.append(_Planned(name, contents, child, target, here=False))
        else:
            try:  # the record here is read whole too: entries are added to it only if it reads back
                fold(ours.record, ours.record.read())
            except IepprepError as problem:
                raise IepprepError(str(problem) + " " + _("Nothing was restored.")) from None
            planned.append(_Planned(name, contents, child, ours.record.path, here=True))
    for name in files:
        target = paths.data_dir() / name
        if not name.startswith("children/") and (target.is_symlink() or (target.exists() and not target.is_file())):
            raise IepprepError(
                _("{path} is in the way of the backup's {name}; nothing was restored.").format(path=target, name=name)
            )
    return planned


def restore(files: dict[str, bytes]) -> Iterator[str]:
    """Bring a backup's files (from `unpack`) back into the data folder: a sentence for each thing done,
    as it is done. Nothing changes unless every record checks out."""
    from iepprep.copies import merge

    with children.names_locked(), _key_of(files) as key_to_write:
        planned = _plan(files)
        paths.ensure_private_dir(paths.children_dir())
        if key_to_write:  # before any entry it opens
            write_new_file(atrest.key_path(), files[atrest.FILE])
            atrest.forget_cached()
            yield _(
                "The backup's records are encrypted, so this data folder now keeps every record encrypted too, "
                "with the same passphrase as the backup's records (to turn encryption off, run iepprep decrypt)."
            )
        for each in planned:
            if not each.here:
                paths.ensure_private_dir(each.target.parent)
                write_new_file(each.target, files[each.name])
                count = len(each.contents.events)
                yield ngettext(
                    "{child}: restored, {count} entry.", "{child}: restored, {count} entries.", count
                ).format(child=each.child.name, count=count)
                continue
            count, _child = merge(Record(each.target), each.contents)
            yield (
                ngettext(
                    "{child}: brought back {count} entry that was not here.",
                    "{child}: brought back {count} entries that were not here.",
                    count,
                ).format(child=each.child.name, count=count)
                if count
                else _("{child}: everything in the backup is already here.").format(child=each.child.name)
            )
    if atrest.sealing():  # what the backup held in the clear is encrypted here as everything else
        atrest.seal_this_computer()
    yield from _restore_own_files(files)


@contextlib.contextmanager
def _key_of(files: dict[str, bytes]) -> Iterator[bool]:
    """Read the backup's encrypted entries with the key it holds; whether that key must be written here
    (the data folder has none). A backup whose key is not this folder's is refused."""
    theirs = files.get(atrest.FILE)
    if theirs is None:
        yield False
        return
    ours = atrest.key()
    try:
        backed_up = atrest.parse_key(theirs)
    except ValueError:
        raise IepprepError(
            _("The backup's {name} cannot be read; nothing was restored.").format(name=atrest.FILE)
        ) from None
    if ours is not None:
        if ours.recipient != backed_up.recipient:
            raise IepprepError(
                _(
                    "The backup's records are encrypted with another key than this data folder's; restore it into a "
                    "new, empty data folder (set IEPPREP_HOME to one), or run iepprep decrypt where the backup was "
                    "made and make a new backup. Nothing was restored."
                )
            )
        yield False
        return
    with atrest.using(backed_up):
        yield True


def _restore_own_files(files: dict[str, bytes]) -> Iterator[str]:
    """The parent's checklists and settings: written where missing, never over what is here."""
    for name, data in files.items():
        if name.startswith("children/"):
            continue
        target = paths.data_dir() / name
        paths.ensure_private_dir(target.parent)
        if not target.exists():
            write_new_file(target, data)
            yield _("{name}: restored.").format(name=name)
        elif read_file(target) != data:
            yield _("{name}: kept as it is here (the backup holds another version).").format(name=name)
