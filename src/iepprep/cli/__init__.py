"""The command line: a thin face over the core. Each command parses what was typed, picks the child
and the meeting, calls a job or a conversation, and shows the result."""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
from collections.abc import Iterator

import typer

from iepprep.cli import jobs, plan, records, sharing, usage
from iepprep.cli.app import app
from iepprep.words import NAME, _, use_program

COMMAND_MODULES = (records, jobs, plan, sharing, usage)  # each registers its commands on `app` when imported


def main() -> None:
    from iepprep import ui

    if not ui.prepare_streams():
        ui.error(_("Standard output is closed, so iepprep would have nowhere to answer; nothing was done."))
        raise SystemExit(1)
    use_program(started_as(sys.argv[0]), command_names())
    with only_the_command_typed(sys.argv[1:]):
        app()


@contextlib.contextmanager
def only_the_command_typed(args: list[str]) -> Iterator[None]:
    """Let Typer build only the command typed: it otherwise builds the parser of every command on
    each run, which costs more than most commands do. Help, completion and anything mistyped get
    them all."""
    word = next((arg for arg in args if not arg.startswith("-")), "")
    commands = [info for info in app.registered_commands if _name(info) == word]
    groups = [group for group in app.registered_groups if group.name == word]
    if word == "help" or not (commands or groups) or any(key.startswith("_IEPPREP_COMPLETE") for key in os.environ):
        yield
        return
    kept = app.registered_commands, app.registered_groups
    app.registered_commands, app.registered_groups = commands, groups
    try:
        yield
    finally:
        app.registered_commands, app.registered_groups = kept


def _name(info: typer.models.CommandInfo) -> str:
    return (info.name or (info.callback.__name__ if info.callback else "")).replace("_", "-")


def started_as(argv0: str) -> str:
    """How the parent can start iepprep again: `iepprep` when that name finds this program,
    otherwise the path it was started by."""
    if os.path.basename(argv0) == NAME and _on_path(NAME) == os.path.realpath(argv0):
        return NAME
    if os.path.basename(argv0) == "__main__.py":
        return f"{shlex.quote(sys.executable)} -m {NAME}"
    return shlex.quote(argv0)


def _on_path(name: str) -> str:
    """The real path of the program the shell would start for `name` (as `which` finds it), or ''."""
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        candidate = os.path.join(folder or ".", name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return os.path.realpath(candidate)
    return ""


def command_names() -> list[str]:
    """The names of iepprep's commands, as typed after `iepprep`."""
    return [name for name in map(_name, app.registered_commands) if name] + [
        group.name for group in app.registered_groups if group.name
    ]


__all__ = ["app", "main"]
