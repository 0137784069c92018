"""The command line: a thin face over the core. Each command parses what was typed, picks the child
and the meeting, calls a job or a conversation, and shows the result."""

from __future__ import annotations

from iepprep.cli import jobs, records, sharing
from iepprep.cli.app import app
from iepprep.words import _

COMMAND_MODULES = (records, jobs, sharing)  # each registers its commands on `app` when imported


def main() -> None:
    from iepprep import ui

    if not ui.prepare_streams():
        ui.error(_("Standard output is closed, so iepprep would have nowhere to answer; nothing was done."))
        raise SystemExit(1)
    app()


__all__ = ["app", "main"]
