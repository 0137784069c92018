"""The Typer app, its one exit point, and what every command shares (options, picking children).

Every error the program knows about reaches the parent as one plain sentence
and an exit code through `ExitPoint.invoke`; a traceback appears only with
--debug. A conversation that stops early says what is saved and how to go on.
"""

from __future__ import annotations

import errno
import shlex
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperGroup

from iepprep import __version__, children, language, ui, words
from iepprep.errors import EndOfInput, IepprepError, Interrupted, NotOpened, Problems, Quit
from iepprep.start import INTERRUPTED
from iepprep.state import Child
from iepprep.words import N_, _

CHILD_ENV = "IEPPREP_CHILD"
PIPE_CLOSED = 141  # as a program stopped by SIGPIPE: what `head` and shells expect
BEFORE_DURING_AFTER = "Before, during and after the meeting"
SHARING = "Share and follow through"
RECORDS = "Your records"
BETWEEN = "The IEP between meetings"


class Helpful(TyperGroup):
    """A group of commands that, typed alone, shows its help as an answer (exit code 0)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            shown = ctx.get_help()  # in a terminal Rich has printed it already and returns nothing
            if shown:
                typer.echo(shown)
            raise typer.Exit(0)
        return super().parse_args(ctx, args)


def _before_the_command(argv: list[str], option: str) -> str | None:
    """The value of a main option (`--lang es`, `--lang=es`) typed before the command's name."""
    for index, arg in enumerate(argv):
        if arg.startswith(option + "="):
            return arg.split("=", 1)[1]
        if arg == option:
            return argv[index + 1] if index + 1 < len(argv) else None
        if not arg.startswith("-"):
            return None
    return None


class ExitPoint(Helpful):
    """Turns the program's own errors, and a stop part way, into words and an exit code."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        argv = kwargs.get("args")
        argv = list(args[0] if args else sys.argv[1:]) if argv is None else list(argv)
        if "--plain" in argv:
            ui.ask_for_plain()
        try:
            language.choose(_before_the_command(argv, "--lang"))
        except IepprepError as problem:
            ui.error(str(problem))
            raise SystemExit(2) from None
        plain = ui.lines_only() or language.current() != language.ENGLISH  # help headings are translated in plain
        if language.current() != language.ENGLISH:
            typer.core._ = _  # type: ignore[attr-defined]  # Typer's own few words: "default", "required", ...
        _prepare_help(self, plain=plain)
        if plain:
            self.rich_markup_mode = None  # usage errors and help as plain text: no boxes
        if sys.stdout is None or not sys.stdout.isatty():  # into a file or a pipe: every line whole
            self.context_settings = {**self.context_settings, "terminal_width": 10_000, "max_content_width": 10_000}
        return super().main(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        from iepprep import atrest

        atrest.ask, atrest.tries = _passphrase, 3 if sys.stdin is not None and sys.stdin.isatty() else 1
        atrest.forget_cached()  # the key file as it is now
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except Interrupted as stop:
            ui.blank()
            say = ui.error if stop.ctrl_c else ui.show
            say(_("Stopped.") + " " + stop.saved)
            say(stop.resume)
            raise typer.Exit(INTERRUPTED if stop.ctrl_c else 0) from None
        except NotOpened as closed:
            ui.error(str(closed))
            raise typer.Exit(closed.exit_code) from None
        except Problems as invalid:
            for problem in invalid.problems:
                ui.error(problem)
            raise typer.Exit(invalid.exit_code) from None
        except IepprepError as problem:
            if ctx.params.get("debug"):
                raise
            ui.error(str(problem))
            raise typer.Exit(problem.exit_code) from None
        except KeyboardInterrupt:
            ui.error(_("Stopped. Everything you entered before this was saved."))
            raise typer.Exit(INTERRUPTED) from None
        except EndOfInput:
            ui.error(_("The input ended. Everything you entered before this was saved."))
            raise typer.Exit(0) from None
        except Quit:
            ui.show(_("Stopped. Everything you entered before this was saved."))
            raise typer.Exit(0) from None
        except BrokenPipeError:
            ui.quiet_stdout()
            raise typer.Exit(PIPE_CLOSED) from None
        except OSError as failed:
            if failed.errno not in (errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT) or ctx.params.get("debug"):
                raise
            ui.quiet_stdout()
            ui.error(
                _(
                    "iepprep could not write out what it was showing ({reason}); the disk may be full. "
                    "Everything saved before it is safe."
                ).format(reason=failed.strerror or failed)
            )
            raise typer.Exit(1) from None
        except Exception as unexpected:
            if ctx.params.get("debug") or _is_click_exception(unexpected):
                raise
            ui.error(
                _(
                    "iepprep hit an unexpected problem ({problem}). Everything saved before it is safe. "
                    "Run the same command with --debug for the details."
                ).format(problem=type(unexpected).__name__)
            )
            raise typer.Exit(1) from None
        finally:
            atrest.lock_again()  # the key is opened for one command only, and forgotten after it


def _passphrase(problem: str | None) -> str:
    """The passphrase of the encrypted records, asked when a command first needs to read them."""
    if problem:
        ui.error(problem)
    try:
        return ui.secret(_("Passphrase for the encrypted records (or the recovery code): "))
    except EndOfInput:
        raise NotOpened(_("No passphrase was given, so the encrypted records were not opened.")) from None


_ClickHelp: Any = typer.Context.formatter_class


# Typer's own words ("Options", "required") are translated through `typer.core._`; its "Usage: " is not.
USAGE = N_("Usage: ")


class WordsHelp(_ClickHelp):  # type: ignore[misc]
    """Click's plain help layout, with lines broken only between words, never after a hyphen:
    `records-request` and `director-of-special-education` stay whole, as a parent types them."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _(USAGE) if prefix is None else prefix)

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write(_fill(text, self.width, indent) + "\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((len(first) for first, _second in rows), default=0), col_max) + col_spacing
        hang = " " * (first_col + self.current_indent)
        for first, second in rows:
            self.write(" " * self.current_indent + first)
            if not second:
                self.write("\n")
                continue
            self.write(" " * (first_col - len(first)) if len(first) <= first_col - col_spacing else "\n" + hang)
            self.write(_fill(second, max(self.width - first_col - 2, 10), "").replace("\n", "\n" + hang) + "\n")


class WordsContext(typer.Context):
    formatter_class = WordsHelp


def _fill(text: str, width: int, indent: str) -> str:
    import textwrap

    paragraphs = [" ".join(paragraph.split()) for paragraph in text.split("\n\n")]
    return "\n\n".join(
        textwrap.fill(
            paragraph,
            width,
            initial_indent=indent,
            subsequent_indent=indent,
            break_on_hyphens=False,
            break_long_words=False,
        )
        for paragraph in paragraphs
    )


def _prepare_help(command: Any, plain: bool) -> None:
    """Ready the help of every command: in the parent's language, with no type shown for a switch
    (Typer would show `<bool>`), and as plain text when output is plain.

    The command tree is built anew on each run, so each text is translated once.
    """
    for name in ("help", "short_help", "rich_help_panel", "epilog"):
        if getattr(command, name, None):
            setattr(command, name, _(getattr(command, name)))
    if command.help and not command.short_help:  # its first sentence whole, never cut with "..."
        command.short_help = _first_sentence(command.help)
    if plain:
        command.rich_markup_mode = None
        command.context_class = WordsContext
    help_option = command.get_help_option(typer.Context(command))
    for param in [*command.params, *([help_option] if help_option else [])]:
        for name in ("help", "rich_help_panel"):
            if getattr(param, name, None):
                setattr(param, name, _(getattr(param, name)))
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
        if isinstance(param, TyperArgument):
            _argument_as_named(param)
    for inner in getattr(command, "commands", {}).values():
        _prepare_help(inner, plain)


ABBREVIATIONS = ("e.g.", "i.e.", "ej.", "etc.")  # a sentence does not end after these


def _first_sentence(text: str) -> str:
    """The help's first sentence, ending with its period: 'Show or keep your settings, e.g. the language.'"""
    import re

    for found in re.finditer(r"\.\s", text):
        sentence = text[: found.start() + 1]
        if not sentence.endswith(ABBREVIATIONS):
            return sentence
    return text.rstrip(".") + "."


def _argument_as_named(argument: TyperArgument) -> None:
    """Show an argument by its name in capitals (`NAME`, `[DATE]`), as a parent reads it in the
    README, never Typer's `{name}` and `<str>`."""
    name = argument.metavar or (argument.name or "value").upper()
    shown = name + ("..." if argument.nargs != 1 and "..." not in name else "")
    argument.metavar = name
    argument.display_type_rich = lambda ctx: None  # type: ignore[method-assign]
    argument._usage_display_name = lambda: shown if argument.required else f"[{shown}]"  # type: ignore[method-assign]


def _is_click_exception(exc: Exception) -> bool:
    return any(cls.__name__ in ("ClickException", "Exit", "Abort") for cls in type(exc).__mro__)


app = typer.Typer(
    cls=ExitPoint,
    name="iepprep",
    help="A calm, private companion for your child's IEP meetings: "
    "get ready, take notes, and find the next step after a disagreement.",
    epilog="New here? Start with: iepprep prep",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
child_app = typer.Typer(cls=Helpful, help="Add, show, edit or forget a child's record.", no_args_is_help=True)
meeting_app = typer.Typer(
    cls=Helpful, help="Add, change, move, cancel and list a child's IEP meetings.", no_args_is_help=True
)
checklists_app = typer.Typer(cls=Helpful, help="List, show and check the checklists.", no_args_is_help=True)
rules_app = typer.Typer(
    help="The rules iepprep uses, with their citations; set your state's values.", invoke_without_command=True
)
notes_app = typer.Typer(
    help="Take notes during a meeting (run without a subcommand), add one, or show them.",
    invoke_without_command=True,
)
iep_app = typer.Typer(
    cls=Helpful,
    help="The written IEP: add it, show it, list them, compare a year's IEP with the next.",
    no_args_is_help=True,
)
progress_app = typer.Typer(
    cls=Helpful, help="Progress reports on the IEP's goals: add one, see the trend.", no_args_is_help=True
)
services_app = typer.Typer(
    cls=Helpful,
    help="The services log: each session given or missed, against what the IEP promises.",
    no_args_is_help=True,
)
app.add_typer(notes_app, name="notes", rich_help_panel=BEFORE_DURING_AFTER)
app.add_typer(iep_app, name="iep", rich_help_panel=BETWEEN)
app.add_typer(progress_app, name="progress", rich_help_panel=BETWEEN)
app.add_typer(services_app, name="services", rich_help_panel=BETWEEN)
app.add_typer(child_app, name="child", rich_help_panel=RECORDS)
app.add_typer(meeting_app, name="meeting", rich_help_panel=RECORDS)
app.add_typer(checklists_app, name="checklists", rich_help_panel=RECORDS)
app.add_typer(rules_app, name="rules", rich_help_panel=RECORDS)


def complete_child(incomplete: str) -> list[str]:
    """The names of the children on record, for the shell's Tab completion."""
    names = [child.name for child in children.find_all().children]
    return [name for name in names if name.casefold().startswith(incomplete.casefold())]


def complete_date(ctx: typer.Context, incomplete: str) -> list[str]:
    """The dates of the meetings on record (of the child named with --child, or of every child)."""
    from iepprep.dates import as_typed

    named = ctx.params.get("child_name")
    days = {
        as_typed(meeting.date)
        for child in children.find_all().children
        if not named or children.same_name(child.name, named)
        for meeting in child.meetings
        if meeting.date
    }
    return sorted(day for day in days if day.startswith(incomplete))


def complete_checklist(incomplete: str) -> list[str]:
    """The ids of the checklists, bundled and the parent's own."""
    from iepprep.checklists import load_all

    return [name for name in load_all().checklists if name.startswith(incomplete)]


ChildOption = Annotated[
    str | None,
    typer.Option(
        "--child",
        "-c",
        metavar="NAME",
        envvar=CHILD_ENV,
        help="The child's name (needed when several are on record).",
        autocompletion=complete_child,
    ),
]


def _date_option(help_text: str) -> Any:
    return typer.Option("--date", metavar="DATE", help=help_text, autocompletion=complete_date)


# Each says which meeting the command takes when no date is given (meetings.For).
DateOption = Annotated[
    str | None, _date_option("The meeting's date, e.g. 12/8/2026 (default: today's, or the next one).")
]
ShownDate = Annotated[
    str | None,
    _date_option(
        "The meeting's date, e.g. 12/8/2026 (default: the coming one if it has notes, else the latest with notes)."
    ),
]
HeldDate = Annotated[str | None, _date_option("The meeting's date, e.g. 12/8/2026 (default: the last one held).")]
BackDate = Annotated[
    str | None,
    _date_option(
        "The meeting's date, e.g. 12/8/2026 (default: the last one held, or else the next one; for "
        "interpreter-request, the next one)."
    ),
]
NextDate = Annotated[
    str | None,
    _date_option("The meeting's date, e.g. 12/8/2026 (default: the next one, or the one not scheduled yet)."),
]
ExportDate = Annotated[str | None, _date_option("One meeting's date, e.g. 12/8/2026 (default: every meeting).")]
RecipientOption = Annotated[
    str | None,
    typer.Option(
        "--to-recipient",
        metavar="AGE_KEY",
        help="Encrypt it so only the holder of this age public key (age1...) can read it, such as your advocate.",
    ),
]
FormatOption = Annotated[str, typer.Option("--format", metavar="FORMAT", help="md, yaml or json.")]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write to a new file instead of the screen."),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"iepprep {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show a full traceback when something goes wrong.")] = False,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain",
            envvar="IEPPREP_PLAIN",
            help="Plain output for screen readers: no boxes, tables or symbols (also IEPPREP_PLAIN=1).",
        ),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="LANG",
            envvar="IEPPREP_LANG",
            help="The language iepprep speaks: en (English) or es (Español). Keep one with: iepprep config lang es",
        ),
    ] = None,
) -> None:
    ui.reset()
    if plain:
        ui.ask_for_plain()


def warn(child: Child) -> None:
    for warning in child.warnings:
        ui.warn(warning)


def pick(name: str | None, ask: bool = False, full: bool = True, again: str = "") -> Child:
    """The child a command works on (see children.choose), with any warning about its record shown.

    An interactive command (`ask`) on the very first run welcomes the parent and puts their child on
    record; `again` is the command that goes on if they stop part way.
    """
    if ask and not name:
        found = children.find_all()
        if not found.children and not found.problems:
            from iepprep.conversations.records import first_child

            return children.choose(first_child(words.command(again)).name, full=full)
    child = children.choose(name, ask=ui.ask if ask else None, full=full)
    warn(child)
    return child


def every_child(child_name: str | None) -> list[Child]:
    """The child named, or every child on record (a sentence for each record that cannot be read)."""
    if child_name:
        return [pick(child_name)]
    found = children.find_all(whole_if_alone=True)
    warn_found(found)
    if not found.children:
        if found.problems or found.notices:
            raise IepprepError(_("No child's record could be read; see above."))
        raise IepprepError(_(children.NO_CHILD_YET))
    kids = [children.load_whole(c) for c in found.children]
    for child in kids:
        warn(child)
    return kids


def warn_found(found: children.Found) -> None:
    """A sentence for each record that cannot be read and each copy a sync tool left."""
    for problem in found.problems + found.notices:
        ui.warn(problem)


def command_for(child: Child, base: str, *options: tuple[str, object | None]) -> str:
    """The command that picks up where the parent stopped, naming the child when several are on record."""
    command = words.command(base)
    if len(children.record_paths()) > 1:
        command += f" --child {shlex.quote(child.name)}"
    for flag, value in options:
        if value is not None:
            command += f" {flag} {shlex.quote(str(value))}"
    return command


def deliver(text: str | Iterable[str], output: Path | None, exact: bool = False, to: object = None) -> None:
    """Show text (given whole or in pieces) on screen, terminal controls removed, or write it exactly
    to a new private file; `to`, an age public key, first encrypts it for that key's holder alone."""
    from iepprep.files import create_file

    if to is not None:
        from iepprep.encryption import for_recipient

        text = for_recipient("".join([text] if isinstance(text, str) else text), to)
        exact = True
    if output is not None:
        path = create_file(output, text)
        if to is None:
            ui.show(_("Wrote {path}. Only you can read it; share it as you choose.").format(path=path))
        else:
            ui.show(
                _(
                    "Wrote {path}, encrypted: only the holder of that age key can open it (with age -d), so it is "
                    "safe to send by email."
                ).format(path=path)
            )
        return
    rest = ""
    for piece in [text] if isinstance(text, str) else text:
        if exact:
            sys.stdout.write(piece)
            continue
        *lines, rest = (rest + piece).split("\n")
        for line in lines:
            ui.show(line)
    if rest:
        ui.show(rest)
