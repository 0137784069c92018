"""The command line: a thin face over the core. Each command parses what was typed, picks the child
and the meeting, calls a job or a conversation, and shows the result."""

from __future__ import annotations

from iepprep.cli import jobs, records, sharing
from iepprep.cli.app import app

COMMAND_MODULES = (records, jobs, sharing)  # each registers its commands on `app` when imported


def main() -> None:
    app()


__all__ = ["app", "main"]
