"""iepprep help [COMMAND]: the same help as --help, for those who type the word."""

from __future__ import annotations

from typing import Annotated

import typer

from iepprep.cli.app import app


@app.command("help")
def help_command(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None,
        typer.Argument(metavar="COMMAND", help="The command to explain, e.g. prep or notes add.", show_default=False),
    ] = None,
) -> None:
    """Show how to use iepprep, or one of its commands: iepprep help notes add."""
    root = ctx.find_root()
    typer.main.get_command(app).main(args=[*(words or []), "--help"], prog_name=root.info_name, standalone_mode=False)
