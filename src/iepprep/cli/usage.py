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
    from iepprep import language

    root = ctx.find_root()
    speaking = ["--lang", language.current()]  # the help is read in the language this run speaks
    typer.main.get_command(app).main(
        args=[*speaking, *(words or []), "--help"], prog_name=root.info_name, standalone_mode=False
    )


@app.command("glossary")
def glossary_command(
    word: Annotated[
        str | None,
        typer.Argument(metavar="WORD", help="Show only the terms with this word, e.g. mediation.", show_default=False),
    ] = None,
) -> None:
    """The words you may hear at IEP meetings, each explained in one plain line, in English and Spanish."""
    from iepprep import glossary, language, ui
    from iepprep.errors import IepprepError
    from iepprep.words import _

    other = language.SPANISH if language.current() == language.ENGLISH else language.ENGLISH
    shown = 0
    for (term, meaning), also in zip(glossary.entries(), glossary.other_names(other), strict=True):
        if word and word.casefold() not in f"{term} {also} {meaning}".casefold():
            continue
        also = also.split(" (")[0]  # the name alone: "permanencia en la colocación actual"
        named_in_both = also.casefold() in term.casefold()  # the Spanish terms carry the English name already
        ui.show((term, "bold"), "" if named_in_both else f" ({language.LANGUAGES[other]}: {also})")
        ui.show("  " + meaning)
        shown += 1
    if not shown:
        raise IepprepError(
            _("No term in the glossary has '{word}'; see them all with: iepprep glossary").format(word=word)
        )
