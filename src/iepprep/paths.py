"""Where iepprep keeps the parent's data: one private folder, chosen once."""

from __future__ import annotations

import os
from pathlib import Path

from iepprep.errors import IepprepError

HOME_ENV = "IEPPREP_HOME"
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def data_dir() -> Path:
    """The data folder: $IEPPREP_HOME when set, otherwise the platform's user data folder."""
    configured = os.environ.get(HOME_ENV)
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_path

    return user_data_path("iepprep", appauthor=False)


def children_dir() -> Path:
    return data_dir() / "children"


def user_checklists_dir() -> Path:
    return data_dir() / "checklists"


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) readable by the owner only, whatever the umask."""
    missing = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    try:
        for folder in reversed(missing):
            folder.mkdir(mode=PRIVATE_DIR, exist_ok=True)
            os.chmod(folder, PRIVATE_DIR)
        if path in (data_dir(), children_dir(), user_checklists_dir()):
            os.chmod(path, PRIVATE_DIR)
    except OSError as exc:
        raise IepprepError(f"iepprep cannot create its folder {path}: {exc.strerror or exc}.") from None
    if not path.is_dir():
        raise IepprepError(f"{path} should be a folder but is a file; move it aside and try again.")
    return path
