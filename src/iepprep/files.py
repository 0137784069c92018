"""Safe file operations for records: an exclusive lock, an append that is all or nothing,
and a new file made through a temporary file, fsync and rename. Owner-only, whatever the umask."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from iepprep.errors import IepprepError, RecordBusy
from iepprep.paths import PRIVATE_FILE

LOCK_TIMEOUT_SECONDS = 10.0


def open_for_append(path: Path) -> int:
    flags = os.O_RDWR | os.O_APPEND | getattr(os, "O_BINARY", 0)
    try:
        return os.open(path, flags)
    except FileNotFoundError:
        raise IepprepError(f"The record {path} is missing.") from None
    except OSError as exc:
        raise IepprepError(f"iepprep cannot write to {path}: {exc.strerror or exc}.") from None


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


def append_bytes(fd: int, payload: bytes, path: Path) -> None:
    """Write all of payload at the end, then fsync; on any failure, leave the file as it was."""
    before = os.fstat(fd).st_size
    try:
        written = 0
        while written < len(payload):
            written += os.write(fd, payload[written:])
        os.fsync(fd)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, before)
            os.fsync(fd)
        raise IepprepError(f"iepprep could not save to {path}: {exc.strerror or exc}. Nothing was changed.") from None


def write_new_file(path: Path, payload: bytes, durable: bool = True) -> None:
    """Write a whole file through a temporary file and rename, owner-only, so it is never half written.

    `durable` adds the fsyncs that make it survive a power cut; a cache does without them.
    """
    folder = path.parent
    temp = folder / f".{path.name}.{os.getpid()}.tmp"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
    except OSError as exc:
        raise IepprepError(f"iepprep cannot write in {folder}: {exc.strerror or exc}.") from None
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, PRIVATE_FILE)
        written = 0
        while written < len(payload):
            written += os.write(fd, payload[written:])
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
        raise IepprepError(f"iepprep could not save {path}: {exc.strerror or exc}. Nothing was changed.") from None


def create_text(path: Path, text: str) -> Path:
    """Write text to a new file, readable by the parent alone; an existing file is never overwritten.

    Returns the file's full path, to show the parent where it is.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags, PRIVATE_FILE)
    except FileExistsError:
        raise IepprepError(f"{path} already exists; choose another name so it is not overwritten.") from None
    except OSError as exc:
        raise IepprepError(f"iepprep could not write {path}: {exc.strerror or exc}.") from None
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, PRIVATE_FILE)
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape", newline="") as handle:
            handle.write(text)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise IepprepError(f"iepprep could not write {path}: {exc.strerror or exc}.") from None
    return path.resolve()


def create_new(folder: Path, name: str, text: str) -> Path:
    """Write text to `name` in `folder`, or to name-2, name-3... when it is taken; never overwrite."""
    stem, dot, suffix = name.rpartition(".")
    for number in range(1, 1000):
        candidate = folder / (name if number == 1 else f"{stem}-{number}{dot}{suffix}")
        if not candidate.exists() and not candidate.is_symlink():
            try:
                return create_text(candidate, text)
            except IepprepError:
                if candidate.exists():
                    continue
                raise
    raise IepprepError(f"There are too many files called {name} in {folder}; choose another name with -o FILE.")


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
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
    except OSError as exc:
        raise IepprepError(f"iepprep cannot lock {lock_path}: {exc.strerror or exc}. Nothing was changed.") from None
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise RecordBusy(
                    "Another iepprep is still saving to this record; nothing was changed. Please try again in a moment."
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
