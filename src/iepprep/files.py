"""Safe file operations for records: an exclusive lock, an append that is all or nothing,
and a new file made through a temporary file, fsync and rename. Owner-only, whatever the umask.

Every file iepprep keeps is opened without following links and without waiting
on a pipe or a device, and must turn out to be an ordinary file of the user's
own; temporary files have unguessable names and are never opened if they exist.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import sys
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from iepprep import paths
from iepprep.errors import IepprepError, NotAFile, RecordBusy
from iepprep.paths import PRIVATE_FILE
from iepprep.words import _

LOCK_TIMEOUT_SECONDS = 10.0
STALE_SECONDS = 24 * 3600  # where no process can be asked, a temporary file this old is left over
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_SAFE = _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
_TEMPORARY = r"\..+\.(\d+)(?:\.[0-9a-f]+)?\.tmp"


def open_private(path: Path, flags: int = os.O_RDONLY, doing: str = "read", follow: bool = False) -> int:
    """Open a file iepprep keeps: an ordinary file of the user's own, never reached through a link
    (unless `follow`), never a pipe or a device, which would make it wait for ever.
    A missing file raises FileNotFoundError; anything else wrong, one sentence."""
    if not follow and not _NOFOLLOW and os.path.islink(path):  # pragma: no cover - systems without O_NOFOLLOW
        raise _link(path)
    try:
        fd = os.open(path, flags | (_SAFE if not follow else _SAFE & ~_NOFOLLOW), PRIVATE_FILE)
    except FileNotFoundError:
        raise
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK) and not follow:
            raise _link(path) from None
        said = {
            "write to": _("iepprep cannot write to {path}: {reason}."),
            "lock": _("iepprep cannot lock {path}: {reason}."),
        }.get(doing, _("iepprep cannot read {path}: {reason}."))
        raise IepprepError(said.format(path=path, reason=exc.strerror or exc)) from None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise NotAFile(
                _("{path} is not an ordinary file (it may be a pipe or a device), so iepprep leaves it alone.").format(
                    path=path
                )
            )
        if not follow:
            paths.check_owner(path, status)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _link(path: Path) -> IepprepError:
    return IepprepError(
        _(
            "{path} is a link to another file; iepprep only uses its own files inside its data folder, so it leaves "
            "the link alone."
        ).format(path=path)
    )


def read_file(path: Path, limit: int | None = None, follow: bool = False) -> bytes:
    """The bytes of a file (at most `limit` + 1 of them), opened as `open_private` does."""
    fd = open_private(path, follow=follow)
    try:
        return read_at(fd, 0, os.fstat(fd).st_size if limit is None else limit + 1)
    except OSError as exc:
        raise IepprepError(
            _("iepprep cannot read {path}: {reason}.").format(path=path, reason=exc.strerror or exc)
        ) from None
    finally:
        os.close(fd)


def open_for_append(path: Path) -> int:
    """The record, open for appending, with its folders and itself made owner-only again if they were not."""
    for folder in (path.parent, path.parent.parent, path.parent.parent.parent):  # the child's, children, data
        paths.repair(folder)
        if folder == paths.data_dir():
            break
    try:
        fd = open_private(path, os.O_RDWR | os.O_APPEND, doing="write to")
    except FileNotFoundError:
        raise IepprepError(_("The record {path} is missing.").format(path=path)) from None
    if os.fstat(fd).st_nlink > 1:
        os.close(fd)
        raise IepprepError(
            _(
                "{path} is also reachable by another name (a hard link), so writing to it could change a file "
                "outside the data folder; iepprep leaves it alone. Copy the file to make it the record's own."
            ).format(path=path)
        )
    _make_private(fd, path)
    return fd


def _make_private(fd: int, path: Path) -> None:
    if hasattr(os, "fchmod") and stat.S_IMODE(os.fstat(fd).st_mode) != PRIVATE_FILE:
        try:
            os.fchmod(fd, PRIVATE_FILE)
        except OSError as exc:
            os.close(fd)
            raise IepprepError(
                _("iepprep cannot make {path} private: {reason}.").format(path=path, reason=exc.strerror or exc)
            ) from None


def read_at(fd: int, offset: int, size: int) -> bytes:
    os.lseek(fd, offset, os.SEEK_SET)
    chunks = []
    while size > 0:
        chunk = os.read(fd, size)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, payload: bytes) -> None:
    """os.write may write part of what it is given: go on until all of it is written."""
    written = 0
    while written < len(payload):
        written += os.write(fd, payload[written:])


def append_bytes(fd: int, payload: bytes, path: Path) -> None:
    """Write all of payload at the end, then fsync; on any failure, leave the file as it was."""
    before = os.fstat(fd).st_size
    try:
        _write_all(fd, payload)
        os.fsync(fd)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, before)
            os.fsync(fd)
        raise IepprepError(
            _("iepprep could not save to {path}: {reason}. Nothing was changed.").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None


def write_new_file(path: Path, payload: bytes, durable: bool = True) -> None:
    """Write a whole file through a temporary file and rename, owner-only, so it is never half written.

    `durable` adds the fsyncs that make it survive a power cut; a cache does without them.
    """
    folder = path.parent
    temp = folder / f".{path.name}.{os.getpid()}.{os.urandom(6).hex()}.tmp"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _SAFE, PRIVATE_FILE)
    except OSError as exc:
        raise IepprepError(
            _("iepprep cannot write in {folder}: {reason}.").format(folder=folder, reason=exc.strerror or exc)
        ) from None
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, PRIVATE_FILE)
        _write_all(fd, payload)
        if durable:
            os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(temp, path)
        if durable:
            fsync_folder(folder)
    except OSError as exc:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise IepprepError(
            _("iepprep could not save {path}: {reason}. Nothing was changed.").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None


def create_file(path: Path, content: str | bytes | Iterable[str]) -> Path:
    """Write text (whole or in pieces, as UTF-8) or bytes to a new file, readable by the parent alone; an
    existing file is never overwritten, and one left half written by a failure is removed.

    Returns the file's full path, to show the parent where it is.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags, PRIVATE_FILE)
    except FileExistsError:
        raise IepprepError(
            _("{path} already exists; choose another name so it is not overwritten.").format(path=path)
        ) from None
    except OSError as exc:
        raise IepprepError(
            _("iepprep could not write {path}: {reason}.").format(path=path, reason=exc.strerror or exc)
        ) from None
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, PRIVATE_FILE)
        with os.fdopen(fd, "wb") as handle:
            for piece in [content] if isinstance(content, (str, bytes)) else content:
                handle.write(piece if isinstance(piece, bytes) else piece.encode("utf-8", "surrogateescape"))
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise IepprepError(
            _("iepprep could not write {path}: {reason}.").format(path=path, reason=exc.strerror or exc)
        ) from None
    except BaseException:  # the pieces stopped coming (Ctrl-C, a record that cannot be read): no half file
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    return path.resolve()


def create_new(folder: Path, name: str, content: str | bytes) -> Path:
    """Write to `name` in `folder`, or to name-2, name-3... when it is taken; never overwrite."""
    stem, dot, suffix = name.rpartition(".")
    for number in range(1, 1000):
        candidate = folder / (name if number == 1 else f"{stem}-{number}{dot}{suffix}")
        if not candidate.exists() and not candidate.is_symlink():
            try:
                return create_file(candidate, content)
            except IepprepError:
                if candidate.exists():
                    continue
                raise
    raise IepprepError(
        _("There are too many files called {name} in {folder}; choose another name with -o FILE.").format(
            name=name, folder=folder
        )
    )


def clean_temporaries(folder: Path, only: str = "") -> None:
    """Remove the temporary files left in `folder` by iepprep processes that were killed mid-write;
    with `only`, just those of files whose names start with it (in a synced folder, another computer's
    temporary files are its own business).

    A temporary file only ever holds what was not yet saved, so nothing acknowledged goes with it.
    """
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        ours = entry.name.endswith(".tmp") and entry.name.startswith("." + only)
        found = re.fullmatch(_TEMPORARY, entry.name) if ours else None
        if found and not _still_writing(int(found.group(1)), entry):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _still_writing(pid: int, entry: os.DirEntry[str]) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # pragma: no cover - no safe way to ask there
        return time.time() - entry.stat(follow_symlinks=False).st_mtime < STALE_SECONDS
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # alive, another user's
    return True


def fsync_folder(folder: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover - folders cannot be opened there
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def hold_lock(lock_path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock on `lock_path`. The system drops it if the holder dies."""
    timeout = LOCK_TIMEOUT_SECONDS if timeout is None else timeout
    try:
        fd = open_private(lock_path, os.O_RDWR | os.O_CREAT, doing="lock")
    except FileNotFoundError:  # its folder is gone
        raise IepprepError(
            _("iepprep cannot lock {lock_path}: its folder is missing. Nothing was changed.").format(
                lock_path=lock_path
            )
        ) from None
    except IepprepError as problem:
        raise IepprepError(_("{problem} Nothing was changed.").format(problem=problem)) from None
    _make_private(fd, lock_path)
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise RecordBusy(
                    _(
                        "Another iepprep is still saving to this record; nothing was changed. Please try again in a "
                        "moment."
                    )
                )
            time.sleep(0.01)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


# -- caches beside a record: JSON with a checksum of itself on its first line ------------------


def fingerprint(data: bytes) -> str:
    """A quick fingerprint of some bytes, '1337-59b4d8f5' (length and CRC-32): enough to notice a change."""
    return f"{len(data)}-{zlib.crc32(data):08x}"


def json_bytes(data: Any) -> bytes:
    """Compact JSON as UTF-8 that keeps every text exactly: a lone surrogate stays alone (escaped, two in a
    row would be read back as one character)."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def json_value(raw: bytes) -> Any:
    """What `json_bytes` wrote."""
    return json.loads(raw.decode("utf-8", "surrogatepass"))


def read_cache(path: Path, limit: int) -> Any:
    """The JSON document of a cache file, or None when it is missing or not as it was written.

    Raises nothing for a damaged cache: any doubt means it is not used."""
    try:
        fd = open_private(path)
        try:
            raw = read_at(fd, 0, min(os.fstat(fd).st_size, limit))
        finally:
            os.close(fd)
        digest, _, body = raw.partition(b"\n")
        if digest.decode("ascii") != fingerprint(body):
            return None  # changed or cut since it was written
        return json_value(body)
    except (OSError, ValueError, IepprepError):
        return None


def write_cache(path: Path, document: Any) -> None:
    """Write a cache file atomically, 0600, its first line the checksum of the rest (best effort: the
    caller keeps going without it)."""
    write_checked(path, json_bytes(document))


def write_checked(path: Path, body: bytes) -> None:
    """A cache file written atomically, 0600, its first line the fingerprint of the rest."""
    write_new_file(path, fingerprint(body).encode("ascii") + b"\n" + body, durable=False)
