"""The command line: a thin face over the core. Each command parses what was typed, picks the child
and the meeting, calls a job or a conversation, and shows the result."""

from __future__ import annotations

import os
import shlex
import shutil
import sys

from iepprep.cli import jobs, records, sharing, usage
from iepprep.cli.app import app
from iepprep.words import NAME, _, use_program

COMMAND_MODULES = (records, jobs, sharing, usage)  # each registers its commands on `app` when imported


def main() -> None:
    from iepprep import ui

    if not ui.prepare_streams():
        ui.error(_("Standard output is closed, so iepprep would have nowhere to answer; nothing was done."))
        raise SystemExit(1)
    use_program(started_as(sys.argv[0]), command_names())
    app()


def started_as(argv0: str) -> str:
    """How the parent can start iepprep again: `iepprep` when that name finds this program,
    otherwise the path it was started by."""
    found = shutil.which(NAME)
    if found and os.path.realpath(found) == os.path.realpath(argv0):
        return NAME
    if os.path.basename(argv0) == "__main__.py":
        return f"{shlex.quote(sys.executable)} -m {NAME}"
    return shlex.quote(argv0)


def command_names() -> list[str]:
    """The names of iepprep's commands, as typed after `iepprep`."""
    named = [info.name or (info.callback.__name__ if info.callback else "") for info in app.registered_commands]
    return [name.replace("_", "-") for name in named if name] + [
        group.name for group in app.registered_groups if group.name
    ]


__all__ = ["app", "main"]
