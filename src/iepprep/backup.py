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

import hashlib
import io
import json
import os
import re
import shutil
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from iepprep import __version__, children, paths
from iepprep.encryption import is_encrypted, lock, unlock
from iepprep.errors import IepprepError, RecordDamaged
from iepprep.files import read_file, write_new_file
from iepprep.fold import fold
from iepprep.record import Record
from iepprep.words import _, ngettext

FORMAT = 1
MANIFEST = "iepprep-backup.json"
MAX_BACKUP_BYTES = 2_000_000_000
MIN_PASSPHRASE = 8
# What a backup may hold, by its name inside the zip file; anything else is refused.
_RECORD = re.compile(r"children/[0-9a-f]{16}\.yaml")
_CHECKLIST = re.compile(r"checklists/[A-Za-z0-9][A-Za-z0-9._-]{0,80}\.yaml")
_SETTINGS = ("state-rules.yaml", "settings.json")


def default_name(today: str) -> str:
    return f"iepprep-backup-{today}.age"


def collect() -> dict[str, bytes]:
    """Every file a backup holds, by its name in the backup: the records, checklists and settings."""
    found = children.find_all()
    if found.notices or any(child.warnings for child in found.children):
        raise IepprepError(
            _(
                "A sync tool's copy of a record is waiting to be brought back, so a backup now would miss what it "
                "holds; run iepprep repair first, then iepprep backup."
            )
        )
    if found.problems:
        raise IepprepError(found.problems[0])
    files = {f"children/{child.record.path.name}": read_file(child.record.path) for child in found.children}
    if not files:
        raise IepprepError(_(children.NO_CHILD_YET))
    folder = paths.data_dir()
    for path in sorted(paths.user_checklists_dir().glob("*.yaml")):
        if _CHECKLIST.fullmatch(f"checklists/{path.name}"):
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


def make(passphrase: str | None) -> tuple[bytes, int, int]:
    """A backup of every child, encrypted under the passphrase when one is given; and how many
    children's records and how many of the parent's own files (checklists, settings) it holds."""
    files = collect()
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
            raise IepprepError(_("{path} is larger than any iepprep backup; it is not one.").format(path=path))
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
        _("{path} is not an iepprep backup, or it was damaged; nothing was restored.").format(path=path)
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            manifest = json.loads(archive.read(MANIFEST))
            listed = manifest["files"]
            names = [name for name in archive.namelist() if name != MANIFEST]
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
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError):
        raise not_a_backup from None
    return files


@contextmanager
def _workbench() -> Iterator[Path]:
    """A private folder inside the data folder to check records in, removed afterwards."""
    folder = paths.ensure_private_dir(paths.data_dir()) / f".restore-{os.getpid()}-{os.urandom(4).hex()}"
    paths.ensure_private_dir(folder)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def restore(path: Path, data: bytes, passphrase: str | None) -> list[str]:
    """Bring a backup (the bytes of `path`) back into the data folder; a sentence for each thing done.
    Nothing changes unless every file of the backup checks out."""
    from iepprep.copies import merge

    files = unpack(path, data, passphrase)
    records = {name: data for name, data in files.items() if name.startswith("children/")}
    said = []
    with children.names_locked(), _workbench() as bench:
        here = {child.record.path.name: child for child in children.find_all().children}
        checked = []
        for name, data in records.items():
            copy = Record(bench / name[len("children/") :])
            write_new_file(copy.path, data, durable=False)
            try:
                contents = copy.read()
                child = fold(copy, contents)
            except RecordDamaged:
                raise IepprepError(
                    _("The backup's record {name} cannot be read; nothing was restored.").format(name=name)
                ) from None
            ours = here.get(copy.path.name)
            if ours is None:
                same_name = next((c for c in here.values() if children.same_name(c.name, child.name)), None)
                if same_name is not None:
                    raise IepprepError(
                        _(
                            "The backup holds a record of {child} that is not the record of {child} here ({path}); "
                            "nothing was restored."
                        ).format(child=child.name, path=same_name.record.path)
                    )
            checked.append((copy, contents, child, ours))
        folder = paths.ensure_private_dir(paths.children_dir())
        for copy, contents, child, ours in checked:
            if ours is None:
                write_new_file(folder / copy.path.name, read_file(copy.path))
                count = len(contents.events)
                said.append(
                    ngettext("{child}: restored, {count} entry.", "{child}: restored, {count} entries.", count).format(
                        child=child.name, count=count
                    )
                )
                continue
            count, _child = merge(Record(folder / copy.path.name), contents)
            said.append(
                ngettext(
                    "{child}: brought back {count} entry that was not here.",
                    "{child}: brought back {count} entries that were not here.",
                    count,
                ).format(child=child.name, count=count)
                if count
                else _("{child}: everything in the backup is already here.").format(child=child.name)
            )
    said += _restore_own_files(files)
    return said


def _restore_own_files(files: dict[str, bytes]) -> list[str]:
    """The parent's checklists and settings: written where missing, never over what is here."""
    said = []
    for name, data in files.items():
        if name.startswith("children/"):
            continue
        target = paths.data_dir() / name
        paths.ensure_private_dir(target.parent)
        if not target.exists():
            write_new_file(target, data)
            said.append(_("{name}: restored.").format(name=name))
        elif read_file(target) != data:
            said.append(_("{name}: kept as it is here (the backup holds another version).").format(name=name))
    return said
