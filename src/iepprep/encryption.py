"""Encryption with age (the `pyrage` package): backups under a passphrase, and papers for one reader.

age is a small, well-reviewed file format with tools for every system (`age`,
`rage`), so a backup or a shared export opens without iepprep: `age -d FILE`
asks for a backup's passphrase, and an advocate opens what was sent to their
public key with `age -d -i their-key.txt FILE`. pyrage is imported only here,
only when one of these is used, so other commands never pay for it.
"""

from __future__ import annotations

from typing import Any

from iepprep.errors import IepprepError
from iepprep.words import _

HEADERS = (b"age-encryption.org/v1", b"-----BEGIN AGE ENCRYPTED FILE-----")


def is_encrypted(data: bytes) -> bool:
    return data.lstrip().startswith(HEADERS)


def lock(data: bytes, passphrase: str) -> bytes:
    import pyrage

    return bytes(pyrage.passphrase.encrypt(data, passphrase))


class WrongPassphrase(IepprepError):
    """The passphrase does not open the file (or the file was damaged)."""


def unlock(data: bytes, passphrase: str, what: str) -> bytes:
    """The bytes a passphrase locked; one sentence naming `what` when it is not the passphrase."""
    import pyrage

    if data.startswith(HEADERS[0]) and b"\n-> scrypt " not in data[:400]:
        raise IepprepError(
            _(
                "{what} was encrypted for someone's age key, not with a passphrase; its holder opens it with "
                "age -d -i KEYFILE. Nothing was changed."
            ).format(what=what)
        )
    try:
        return bytes(pyrage.passphrase.decrypt(data, passphrase))
    except pyrage.DecryptError:
        raise WrongPassphrase(
            _(
                "That passphrase does not open {what}, or the file was damaged or cut short; nothing was changed."
            ).format(what=what)
        ) from None


def recipient(text: str) -> Any:
    """An age public key as the advocate gave it (age1...), or one sentence saying it is not one."""
    import pyrage

    if text.strip().upper().startswith("AGE-SECRET-KEY-"):
        raise IepprepError(
            _(
                "That is a secret key, which its owner should keep to themselves; ask your advocate for the other "
                "line, their public key, which starts with age1."
            )
        )
    try:
        return pyrage.x25519.Recipient.from_str(text.strip())
    except (pyrage.RecipientError, ValueError):
        raise IepprepError(
            _(
                "'{key}' is not an age public key; ask for the line that starts with age1 (for example from "
                "age-keygen), and paste it whole."
            ).format(key=text)
        ) from None


def for_recipient(text: str, key: Any) -> str:
    """Text only the holder of the key can read, as armored ASCII, safe to paste into an email."""
    import pyrage

    return bytes(pyrage.encrypt(text.encode("utf-8", "surrogateescape"), [key], armored=True)).decode("ascii")
