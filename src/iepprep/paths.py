"""Where iepprep keeps the parent's data: one private folder, chosen once.

The folder may be reached through a link (a data folder kept in a synced
folder, say): it is resolved once, and everything iepprep writes is then
inside the real folder. Below it, nothing may be a link: a linked `children`
folder, record, lock or cache is refused, so iepprep never changes a file
outside its data folder.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from iepprep.errors import IepprepError
from iepprep.words import _

HOME_ENV = "IEPPREP_HOME"
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
_resolved: dict[str, Path] = {}


def data_dir() -> Path:
    """The data folder: $IEPPREP_HOME when set, otherwise the platform's user data folder."""
    configured = os.environ.get(HOME_ENV, "")
    if configured not in _resolved:
        if configured:
            path = Path(configured).expanduser()
            if not path.is_absolute():
                raise IepprepError(
                    _(
                        "IEPPREP_HOME must be a full path, such as {example}; '{configured}' would change with the "
                        "folder you are in."
                    ).format(example=Path.home() / "iepprep", configured=configured)
                )
        else:
            from platformdirs import user_data_path

            path = user_data_path("iepprep", appauthor=False)
        _resolved[configured] = Path(os.path.realpath(path))
    folder = _resolved[configured]
    if folder.exists() and not folder.is_dir():
        raise IepprepError(
            (
                _(
                    "IEPPREP_HOME points to {folder}, which is a file, not a folder; move the file aside or choose a "
                    "folder."
                )
                if configured
                else _("iepprep keeps its data in {folder}, which is a file, not a folder; move the file aside.")
            ).format(folder=folder)
        )
    if configured and _shared(folder):
        raise IepprepError(
            _(
                "IEPPREP_HOME points to {folder}, a folder others on this computer use too; iepprep keeps its "
                "data only in a folder of its own, such as {example}."
            ).format(folder=folder, example=folder / "iepprep")
        )
    return folder


def _shared(folder: Path) -> bool:
    """A folder iepprep must not make private: the root, or one anyone may write in (like /tmp)."""
    try:
        mode = folder.stat().st_mode
    except OSError:
        return False
    return folder.parent == folder or bool(mode & stat.S_IWOTH) or bool(mode & stat.S_ISVTX)


def children_dir() -> Path:
    return data_dir() / "children"


def user_checklists_dir() -> Path:
    return data_dir() / "checklists"


def check_owner(path: Path, status: os.stat_result) -> None:
    """Refuse a file or folder that belongs to another user (as after `sudo iepprep ...`)."""
    if hasattr(os, "geteuid") and status.st_uid != os.geteuid():
        import getpass

        raise IepprepError(
            _(
                "{path} belongs to another user (perhaps iepprep was run with sudo), so iepprep leaves it alone; make "
                "the data folder yours again with: sudo chown -R {user} {folder}"
            ).format(path=path, user=getpass.getuser(), folder=data_dir())
        )


def inside_folder(path: Path) -> bool:
    """Whether `path` is a real folder (not a link) iepprep may use; False when it does not exist."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise IepprepError(
            _("iepprep cannot open its folder {path}: {reason}.").format(path=path, reason=exc.strerror or exc)
        ) from None
    if stat.S_ISLNK(status.st_mode):
        raise IepprepError(
            _(
                "{path} is a link to another place; iepprep keeps its files only in a real folder inside {folder}, so "
                "it leaves the link alone. Put the folder itself there."
            ).format(path=path, folder=data_dir())
        )
    if not stat.S_ISDIR(status.st_mode):
        raise IepprepError(_("{path} should be a folder but is a file; move it aside and try again.").format(path=path))
    check_owner(path, status)
    return True


def repair(folder: Path) -> None:
    """Make a folder of iepprep's owner-only again if something widened it (one stat when all is well)."""
    if inside_folder(folder) and stat.S_IMODE(os.stat(folder).st_mode) != PRIVATE_DIR:
        try:
            os.chmod(folder, PRIVATE_DIR)
        except OSError as exc:
            raise IepprepError(
                _("iepprep cannot make {folder} private: {reason}.").format(folder=folder, reason=exc.strerror or exc)
            ) from None


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) readable by the owner only, whatever the umask."""
    missing = []
    probe = path
    while not probe.exists() and not probe.is_symlink():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    try:
        for folder in reversed(missing):
            folder.mkdir(mode=PRIVATE_DIR, exist_ok=True)
            os.chmod(folder, PRIVATE_DIR)
    except OSError as exc:
        raise IepprepError(
            _("iepprep cannot create its folder {path}: {reason}.").format(path=path, reason=exc.strerror or exc)
        ) from None
    for folder in (data_dir(), children_dir(), user_checklists_dir()):
        if folder == path or (folder in path.parents and folder.exists()):
            repair(folder)
    if not inside_folder(path):
        raise IepprepError(_("iepprep cannot create its folder {path}.").format(path=path))
    return path
