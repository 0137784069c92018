"""Encryption at rest: each entry of a record encrypted with age as it is written.

`iepprep encrypt` makes the family's key, an age X25519 key pair, and keeps it in the data folder's
`encryption.json`: the public half (the recipient) as it is, since writing needs only it, so adding
a note never waits for a passphrase; the secret half twice, each copy encrypted with age, once under
the parent's passphrase and once under a recovery code shown once. From then on every entry is
written as an envelope that keeps only its id and time readable, `event: sealed`, its content in
`age:` encrypted to the recipient. A record's first entry (its format and the child's random id)
stays as it is, so every computer can tell whose record a file is without the passphrase.

Reading asks for the passphrase (or the recovery code) the first time a command meets a sealed
entry, and never keeps it. The head cache and the snapshot are not written while encryption is on.
`iepprep decrypt` writes this computer's logs in the clear again and stops sealing new entries, but
keeps the key, so entries another computer sealed can still be read.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iepprep import paths
from iepprep.errors import IepprepError, NotOpened, RecordDamaged
from iepprep.record import SEALED
from iepprep.words import N_, _

FILE = "encryption.json"
WRONG = N_("That passphrase (or recovery code) does not open this data folder's records.")
FORMAT = 1
# Asks the parent for the passphrase, after the sentence for a wrong one (set by the command line);
# None where nobody can be asked. `tries`: how many times to ask.
ask: Callable[[str | None], str] | None = None
tries = 1
_RECOVERY = re.compile(r"[A-Z2-7]{32}")


@dataclass
class Key:
    """The family's key as the data folder keeps it."""

    recipient: str
    by_passphrase: str  # the secret key, encrypted with age under the passphrase, in base64
    by_recovery_code: str  # the same, under the recovery code
    sealing: bool  # whether new entries are sealed (False after `iepprep decrypt`)


_key: dict[Path, Key | None] = {}
_borrowed: list[Key] = []
_identity: dict[str, Any] = {}  # recipient -> the unlocked secret key, for this command only
_recipient: dict[str, Any] = {}


def key_path() -> Path:
    return paths.data_dir() / FILE


def key() -> Key | None:
    """The folder's key, or None when encryption was never turned on (read once per command)."""
    if _borrowed:
        return _borrowed[-1]
    path = key_path()
    if path not in _key:
        _key[path] = _read(path)
    return _key[path]


def forget_cached() -> None:
    """Read the key file afresh next time (after it was written, or in another folder)."""
    _key.clear()


def _read(path: Path) -> Key | None:
    from iepprep.files import read_file

    if not path.exists() and not path.is_symlink():  # also when the data folder is not a folder yet
        return None
    try:
        raw = read_file(path, limit=100_000)  # any other problem opening it is one sentence already
    except FileNotFoundError:
        return None
    try:
        return parse_key(raw)
    except ValueError:
        raise IepprepError(
            _(
                "{path} has been changed or damaged, so the encrypted records cannot be opened; restore it from a "
                "backup."
            ).format(path=path)
        ) from None


def parse_key(raw: bytes) -> Key:
    """The key as `encryption.json` holds it; ValueError when it is not as iepprep writes it."""
    import pyrage

    try:
        data = json.loads(raw)
        if int(data["format"]) > FORMAT:
            raise ValueError
        found = Key(str(data["recipient"]), str(data["passphrase"]), str(data["recovery-code"]), bool(data["sealing"]))
        pyrage.x25519.Recipient.from_str(found.recipient)
        base64.b64decode(found.by_passphrase, validate=True)
        base64.b64decode(found.by_recovery_code, validate=True)
    except (KeyError, TypeError, binascii.Error, pyrage.RecipientError) as problem:
        raise ValueError(str(problem)) from None
    return found


def other_key_files() -> list[Path]:
    return sorted(path for path in paths.data_dir().glob("encryption*.json") if path.name != FILE)


def other_keys() -> list[Key]:
    """Keys a sync tool kept beside `encryption.json` (its conflicted copies), when two computers turned
    encryption on before either had the other's key: entries sealed with them are read too."""
    found = []
    for path in other_key_files():
        with contextlib.suppress(IepprepError):
            other = _read(path)
            if other is not None:
                found.append(other)
    return found


@contextlib.contextmanager
def using(borrowed: Key) -> Iterator[None]:
    """Open entries with another key for a while (a backup's, before it is restored)."""
    _borrowed.append(borrowed)
    try:
        yield
    finally:
        _borrowed.pop()


def sealing() -> bool:
    """Whether new entries are written encrypted."""
    found = key()
    return found is not None and found.sealing


def caches_allowed() -> bool:
    """Whether the head cache and snapshot may be kept: never while entries are being sealed."""
    return not sealing()


# -- making and keeping the key --------------------------------------------------------------


def new_recovery_code() -> str:
    raw = base64.b32encode(os.urandom(20)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _as_recovery_code(text: str) -> str | None:
    letters = re.sub(r"[\s-]", "", text).upper()
    if not _RECOVERY.fullmatch(letters):
        return None
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))


def make_key(passphrase: str) -> tuple[Key, str]:
    """A new key, its secret half locked under the passphrase and under a new recovery code; and the code."""
    import pyrage

    from iepprep.encryption import lock

    identity = pyrage.x25519.Identity.generate()
    code = new_recovery_code()
    secret = str(identity).encode("ascii")
    made = Key(
        str(identity.to_public()),
        _base64(lock(secret, passphrase)),
        _base64(lock(secret, code)),
        sealing=True,
    )
    _identity[made.recipient] = identity
    return made, code


def _base64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def write_key(made: Key) -> None:
    from iepprep.files import write_new_file

    document = {
        "format": FORMAT,
        "recipient": made.recipient,
        "sealing": made.sealing,
        "passphrase": made.by_passphrase,
        "recovery-code": made.by_recovery_code,
    }
    paths.ensure_private_dir(paths.data_dir())
    write_new_file(key_path(), (json.dumps(document, indent=2) + "\n").encode("ascii"))
    forget_cached()


def unlock(text: str, found: Key | None = None) -> Any:
    """The secret key, opened with the passphrase or the recovery code; one sentence when neither opens it."""
    import pyrage

    from iepprep.encryption import WrongPassphrase

    found = found or key()
    if found is None:
        raise IepprepError(_("This data folder is not encrypted."))
    if found.recipient in _identity:
        return _identity[found.recipient]
    code = _as_recovery_code(text)
    for locked, secret in ((found.by_passphrase, text), (found.by_recovery_code, code)):
        if secret is None:
            continue
        try:
            opened = pyrage.passphrase.decrypt(base64.b64decode(locked), secret)
        except (pyrage.DecryptError, binascii.Error):
            continue
        identity = pyrage.x25519.Identity.from_str(bytes(opened).decode("ascii"))
        _identity[found.recipient] = identity
        return identity
    raise WrongPassphrase(_(WRONG))


def identity() -> Any:
    """The unlocked secret key, asking for the passphrase the first time in a command."""
    return identities()[0]


def identities() -> list[Any]:
    """The unlocked secret keys: the folder's, and any other a sync tool kept that the same passphrase
    opens; the passphrase is asked for the first time in a command. NotOpened when none is given or it
    does not open the folder's key."""
    from iepprep.encryption import WrongPassphrase

    found = key()
    if found is None:
        raise IepprepError(_("An entry is encrypted, but this data folder has no key ({file}).").format(file=FILE))
    if found.recipient not in _identity:
        if ask is None:
            raise NotOpened(_("The records are encrypted; the passphrase is needed to read them."))
        problem = None
        for attempt in range(tries):
            text = ask(problem)
            try:
                unlock(text, found)
            except WrongPassphrase as wrong:
                if attempt + 1 == tries:
                    raise NotOpened(str(wrong)) from None
                problem = str(wrong)
                continue
            for other in other_keys():
                with contextlib.suppress(WrongPassphrase):
                    unlock(text, other)
            break
    return [_identity[found.recipient]] + [
        _identity[other.recipient] for other in other_keys() if other.recipient in _identity
    ]


def lock_again() -> None:
    """Forget the unlocked key (the end of a command)."""
    _identity.clear()


# -- sealing and opening entries ----------------------------------------------------------------


def seal(event: dict[str, Any]) -> dict[str, Any]:
    """An entry as it is written while encryption is on: its id and time, and the rest encrypted."""
    import pyrage

    from iepprep.codec import dump_event

    if event.get("event") in ("record", SEALED):
        return event
    found = key()
    assert found is not None  # noqa: S101 - called only while sealing
    if found.recipient not in _recipient:
        _recipient[found.recipient] = pyrage.x25519.Recipient.from_str(found.recipient)
    locked = pyrage.encrypt(dump_event(event), [_recipient[found.recipient]])
    return {"event": SEALED, "id": event["id"], "at": event["at"], "age": _base64(bytes(locked))}


def open_sealed(data: dict[str, Any], where: str) -> dict[str, Any]:
    """The entry a sealed envelope holds; RecordDamaged when it cannot be opened with the key."""
    import pyrage

    from iepprep.codec import Unreadable, load

    try:
        inner = pyrage.decrypt(base64.b64decode(str(data.get("age", ""))), identities())
        opened = load(bytes(inner).decode("utf-8"))
    except (pyrage.DecryptError, binascii.Error, UnicodeDecodeError, Unreadable):
        opened = None
    if not isinstance(opened, dict) or opened.get("id") != data.get("id") or opened.get("at") != data.get("at"):
        raise RecordDamaged(
            f"{where}: "
            + _(
                "this encrypted entry cannot be opened with this data folder's key; "
                "iepprep will not write to this record until the file is fixed."
            )
        )
    return opened


# -- turning it on and off for this computer's logs ------------------------------------------------


def rewrite_log(path: Path, sealed: bool, again: bool = False) -> int:
    """Write one log again with every entry sealed (or every entry open), in one atomic replace under
    its lock: a crash leaves the old file or the new one, whole. Returns how many entries changed."""
    from iepprep.codec import dump_event
    from iepprep.files import read_file, write_new_file
    from iepprep.record import Record

    record = Record(path)
    with record.locked():
        contents = record.read()
        raw = read_file(path)
        chunks, changed = [], 0
        for event in contents.events:
            original = raw[event.start : event.end]
            is_sealed = original.startswith(b"---") and b"\nevent: sealed\n" in original[:80]
            if (sealed and (again or not is_sealed) and event.type != "record") or (not sealed and is_sealed):
                chunks.append(dump_event(seal(event.data)) if sealed else dump_event(event.data))
                changed += 1
            else:
                chunks.append(original if original.endswith(b"\n") else original + b"\n")
        torn = raw[contents.events[-1].end :] if contents.events else b""
        if torn.strip():  # a last entry cut short: kept aside, as the next write would keep it
            side = record.keep_torn(torn)
            if sealed:
                seal_file(side)
        if changed or torn:
            write_new_file(path, b"".join(chunks))
        record.seen = None
    return changed


def _logs_of_this_computer() -> list[Path]:
    """This computer's logs, once the other computers' entries are brought into them."""
    from iepprep.children import record_paths

    return record_paths()


def seal_this_computer() -> int:
    """Seal every entry of this computer's logs (again, with the folder's key, when a sync tool kept
    another key beside it), every entry kept aside, and remove every cache in the clear; how many
    entries were sealed. Each file is replaced whole, so a crash leaves each one readable, and running
    it again finishes the work; only then is this computer noted as done."""
    from iepprep.files import write_new_file

    count = 0
    again = bool(other_keys())
    logs = _logs_of_this_computer()
    for log in logs:
        count += rewrite_log(log, sealed=True, again=again)
        _seal_copies_brought_in(log)
    for folder in {paths.children_dir(), *(log.parent for log in logs)}:
        for side in _set_aside(folder, ".yaml"):
            seal_file(side)
        for cache in [*folder.glob("*.head"), *folder.glob("*.state")]:
            with contextlib.suppress(FileNotFoundError):
                cache.unlink()
    found = key()
    assert found is not None  # noqa: S101 - called only while sealing
    write_new_file(_done_path(), found.recipient.encode("ascii"))
    return count


def _done_path() -> Path:
    from iepprep.logs import device_id

    return paths.data_dir() / f".sealed-by-{device_id()}"


def unfinished() -> str | None:
    """A sentence when this computer has entries that are not sealed with the folder's key, or None."""
    found = key()
    if found is None or not found.sealing:
        return None
    if other_keys():
        return _(
            "Two computers turned encryption on at about the same time, so the data folder holds two encryption "
            "keys; what was encrypted with either is read with your passphrase. Run iepprep encrypt on each "
            "computer to encrypt everything with the key in {file}, then remove the other key file ({other})."
        ).format(file=FILE, other=", ".join(path.name for path in other_key_files()))
    from iepprep.files import read_file

    try:
        done = read_file(_done_path(), limit=200).decode("ascii", "replace")
    except (OSError, IepprepError):
        done = ""
    if done != found.recipient or any(_holds_clear_entries(str(copy)) for copy in _copies()):
        return _(
            "What this computer saved before encryption was turned on here may still be unencrypted; run iepprep "
            "encrypt to encrypt it."
        )
    clear = [name for name in other_computers() if _holds_clear_entries(name)]
    if clear:
        return _(
            "The copy of the record another computer keeps ({names}) is not encrypted yet; run iepprep encrypt on "
            "that computer too."
        ).format(names=", ".join(sorted(clear)))
    return None


def other_computers() -> list[str]:
    """The other computers' logs in the children's folders, by file path."""
    from iepprep.logs import child_folders, is_a_copy, other_logs

    return [
        str(log) for folder in child_folders(paths.children_dir()) for log in other_logs(folder) if not is_a_copy(log)
    ]


def _copies() -> list[Path]:
    from iepprep.logs import child_folders, is_a_copy, other_logs

    return [log for folder in child_folders(paths.children_dir()) for log in other_logs(folder) if is_a_copy(log)]


def _seal_copies_brought_in(log: Path) -> None:
    """Seal whole (`.age`) each sync tool's copy beside this computer's log once every entry it holds is in
    the log: nobody else will ever encrypt a copy, and its entries are all read from the log."""
    from iepprep.logs import is_a_copy, other_logs
    from iepprep.record import Record

    have = {event.id for event in Record(log).read().events}
    for copy in other_logs(log.parent):
        with contextlib.suppress(IepprepError):  # a copy that cannot be read stays as it is, and is said
            if is_a_copy(copy) and all(event.id in have for event in Record(copy).read().events):
                seal_file(copy)


_CLEAR_ENTRY = re.compile(rb"(?m)^---[^\n]*\nevent: (?!sealed\n|record\n)")


def _holds_clear_entries(log: str) -> bool:
    from iepprep.files import read_file

    try:
        return _CLEAR_ENTRY.search(read_file(Path(log))) is not None
    except (OSError, IepprepError):
        return False


def open_this_computer() -> int:
    """Write every entry of this computer's logs, and its side files, in the clear again; how many
    entries were opened."""
    import pyrage

    from iepprep.files import read_file, write_new_file

    count = 0
    logs = _logs_of_this_computer()
    for log in logs:
        count += rewrite_log(log, sealed=False)
    for folder in {paths.children_dir(), *(log.parent for log in logs)}:
        for side in _set_aside(folder, ".yaml.age"):
            opened = pyrage.decrypt(read_file(side), identities())
            write_new_file(side.with_name(side.name[: -len(".age")]), bytes(opened))
            side.unlink()
    with contextlib.suppress(FileNotFoundError):
        _done_path().unlink()
    return count


def seal_file(path: Path) -> Path:
    """A side file (a torn or brought-in entry kept aside) encrypted whole to the key: `<name>.age`."""
    import pyrage

    from iepprep.files import read_file, write_new_file

    found = key()
    assert found is not None  # noqa: S101 - called only while sealing
    target = path.with_name(path.name + ".age")
    recipient = pyrage.x25519.Recipient.from_str(found.recipient)
    write_new_file(target, bytes(pyrage.encrypt(read_file(path), [recipient])))
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    return target


def _set_aside(folder: Path, suffix: str) -> list[Path]:
    """The entries kept aside in a folder, by any computer: cut short by a crash, or brought in from a
    sync tool's copy (files never written again, so sealing them takes nothing from their writer)."""
    return sorted(path for kind in ("torn", "merged") for path in folder.glob(f"*.{kind}-*{suffix}"))
