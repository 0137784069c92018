"""The command line: parse, pick the child and meeting, call the core, show the result.

Every error the program knows about reaches the parent as one plain
sentence and exit code 1 through `ExitPoint.invoke`; a traceback appears
only with --debug.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from iepprep import __version__, children, paths, ui
from iepprep.errors import ChecklistInvalid, EndOfInput, IepprepError, Problems
from iepprep.state import Child

CHILD_ENV = "IEPPREP_CHILD"
INTERRUPTED = 130


class ExitPoint(TyperGroup):
    """Turns the program's own errors into one sentence on stderr and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
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
            ui.error("Stopped. Everything you entered before this was saved.")
            raise typer.Exit(INTERRUPTED) from None
        except EndOfInput:
            ui.error("The input ended. Everything you entered before this was saved.")
            raise typer.Exit(0) from None
        except Exception as unexpected:
            if ctx.params.get("debug") or _is_click_exception(unexpected):
                raise
            ui.error(
                f"iepprep hit an unexpected problem ({type(unexpected).__name__}). Everything "
                "saved before it is safe. Run the same command with --debug for the details."
            )
            raise typer.Exit(1) from None


def _is_click_exception(exc: Exception) -> bool:
    return any(cls.__name__ in ("ClickException", "Exit", "Abort") for cls in type(exc).__mro__)


app = typer.Typer(
    cls=ExitPoint,
    name="iepprep",
    help="A calm, private companion for your child's IEP meetings: "
    "get ready, take notes, and find the next step after a disagreement.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
child_app = typer.Typer(help="Add, show, edit or forget a child's record.", no_args_is_help=True)
meeting_app = typer.Typer(help="Add, change, move, cancel and list a child's IEP meetings.", no_args_is_help=True)
checklists_app = typer.Typer(help="List, show and check the checklists.", no_args_is_help=True)
rules_app = typer.Typer(
    help="The rules iepprep uses, with their citations; set your state's values.", invoke_without_command=True
)
notes_app = typer.Typer(
    help="Take notes during a meeting (run without a subcommand), add one, or show them.",
    invoke_without_command=True,
)
app.add_typer(notes_app, name="notes", rich_help_panel="Before, during and after the meeting")
app.add_typer(child_app, name="child", rich_help_panel="Your records")
app.add_typer(meeting_app, name="meeting", rich_help_panel="Your records")
app.add_typer(checklists_app, name="checklists", rich_help_panel="Your records")
app.add_typer(rules_app, name="rules", rich_help_panel="Your records")

ChildOption = Annotated[
    str | None,
    typer.Option("--child", "-c", envvar=CHILD_ENV, help="The child's name (needed when several are on record)."),
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
) -> None:
    ui.reset()


def main() -> None:
    app()


@contextlib.contextmanager
def _stoppable(saved: str, resume: str) -> Iterator[None]:
    """Ctrl-C (exit 130) or the end of input (exit 0) at any question: say what is saved and how to go on."""
    try:
        yield
    except KeyboardInterrupt:
        ui.blank()
        ui.error(f"Stopped. {saved}; to go on, run: {resume}")
        raise typer.Exit(INTERRUPTED) from None
    except EndOfInput:
        ui.blank()
        ui.show(f"The input ended. {saved}.")
        raise typer.Exit(0) from None


# -- children ------------------------------------------------------------------


@child_app.command("add")
def child_add(
    name: Annotated[str, typer.Argument(help="The child's name, as you call them.")],
    school: Annotated[str, typer.Option(help="The child's school.")] = "",
    grade: Annotated[str, typer.Option(help="The child's grade.")] = "",
) -> None:
    """Start a record for a child."""
    child = children.add(name, school=school, grade=grade)
    ui.show("Started a record for ", (child.name, "bold"), ".")
    ui.show("Add contacts and details with: iepprep child edit")


@child_app.command("list")
def child_list() -> None:
    """List the children on record."""
    from iepprep.dates import today
    from iepprep.views import children_table

    found = children.find_all()
    for problem in found.problems:
        ui.warn(problem)
    if not found.children:
        ui.show(children.NO_CHILD_YET)
        return
    ui.render(children_table(found.children, today()))


@child_app.command("show")
def child_show(
    name: Annotated[str | None, typer.Argument(help="The child's name.", show_default=False)] = None,
    child_name: ChildOption = None,
) -> None:
    """Show a child's details, contacts and meetings."""
    from iepprep.dates import today
    from iepprep.views import show_child

    child = children.choose(name or child_name)
    _warn(child)
    show_child(child, today())


@child_app.command("edit")
def child_edit(
    name: Annotated[str | None, typer.Argument(help="The child's name.", show_default=False)] = None,
    child_name: ChildOption = None,
) -> None:
    """Walk through a child's details and district contacts, one question at a time."""
    child = children.choose(name or child_name, ask=ui.ask)
    _warn(child)
    ui.show("Details for ", (child.name, "bold"), ". Press Enter to keep what is shown; type - to clear it.")
    ui.show("Each change is saved as soon as you press Enter.")
    child.record.check_writable()
    with _stoppable("Every change you entered was saved", "iepprep child edit"):
        changed = children.edit(child, ui.ask)
    ui.show(f"Saved {len(changed)} change(s)." if changed else "Nothing changed.")


@child_app.command("forget")
def child_forget(
    name: Annotated[str, typer.Argument(help="The child's name.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask to type the name.")] = False,
) -> None:
    """Remove a child's record and everything in it. This cannot be undone."""
    child = children.choose(name, full=False)
    if not yes:
        ui.show(
            "This removes ", (child.name, "bold"), "'s record, with every answer and note in it. It cannot be undone."
        )
        try:
            typed = ui.ask(f"To confirm, type the name {child.name}")
        except EndOfInput:
            typed = ""
        if not children.same_name(typed, child.name):
            raise IepprepError("The name did not match, so nothing was removed.")
    children.forget(child)
    ui.show((child.name, "bold"), "'s record was removed.")


# -- meetings ------------------------------------------------------------------


MeetingDay = Annotated[str, typer.Argument(metavar="DATE", help="The meeting's date, for example 12/8/2026.")]
TimeOption = Annotated[
    str | None, typer.Option("--time", metavar="TIME", help="When it starts, for example 3:30pm.", show_default=False)
]
PurposeOption = Annotated[
    str | None,
    typer.Option("--purpose", metavar="TEXT", help="What it is for, e.g. annual review.", show_default=False),
]
WhereOption = Annotated[
    str | None, typer.Option("--where", metavar="PLACE", help="Where it takes place.", show_default=False)
]


@meeting_app.command("add")
def meeting_add(
    day: MeetingDay,
    time: TimeOption = None,
    purpose: PurposeOption = None,
    where: WhereOption = None,
    child_name: ChildOption = None,
) -> None:
    """Put an IEP meeting on record."""
    from iepprep.dates import parse_date, parse_time, today

    when = parse_date(day)
    start = parse_time(time) if time else ""
    child = children.choose(child_name, full=False)
    _warn(child)
    waiting = child.unscheduled_meeting()
    meeting = children.add_meeting(child, when, purpose=purpose or "", where=where or "", time=start)
    added = "The meeting you were getting ready for is now on " if meeting is waiting else "Added the meeting on "
    ui.show(added, (meeting.when(today()), "bold"), " for ", child.name, ".")


@meeting_app.command("edit")
def meeting_edit(
    day: MeetingDay,
    new_day: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="Its new date.", show_default=False)
    ] = None,
    time: TimeOption = None,
    purpose: PurposeOption = None,
    where: WhereOption = None,
    child_name: ChildOption = None,
) -> None:
    """Change a meeting's date, time, purpose or place; its answers and notes stay with it."""
    _change_meeting(child_name, day, new_day, time, purpose, where)


@meeting_app.command("move")
def meeting_move(
    day: MeetingDay,
    new_day: Annotated[str, typer.Argument(metavar="NEW_DATE", help="The date it moves to.")],
    time: TimeOption = None,
    child_name: ChildOption = None,
) -> None:
    """Move a meeting to another day (and time); its answers and notes move with it."""
    _change_meeting(child_name, day, new_day, time, None, None)


def _change_meeting(
    child_name: str | None, day: str, new_day: str | None, time: str | None, purpose: str | None, where: str | None
) -> None:
    from iepprep.dates import parse_date, parse_time, today

    when = parse_date(day)
    changes: dict[str, object] = {}
    if new_day is not None:
        changes["date"] = parse_date(new_day).isoformat()
    if time is not None:
        changes["time"] = parse_time(time) if time.strip() else ""
    changes.update({key: value for key, value in (("purpose", purpose), ("where", where)) if value is not None})
    if not changes:
        raise IepprepError("Say what to change: --date, --time, --purpose or --where.")
    child = children.choose(child_name, full=False)
    _warn(child)
    meeting = children.change_meeting(child, children.find_meeting(child, when), changes)
    ui.show("The meeting is now on ", (meeting.when(today()), "bold"), " for ", child.name, ".")
    for label, value in (("What for", meeting.purpose), ("Where", meeting.where)):
        if value:
            ui.show(f"{label}: ", value)


@meeting_app.command("cancel")
def meeting_cancel(day: MeetingDay, child_name: ChildOption = None) -> None:
    """Mark a meeting as cancelled; its answers and notes are kept."""
    from iepprep.dates import parse_date

    child = children.choose(child_name, full=False)
    _warn(child)
    meeting = children.change_meeting(child, children.find_meeting(child, parse_date(day)), {"cancelled": True})
    ui.show(f"The meeting on {meeting.day} is marked as cancelled. Everything noted for it is kept.")


@meeting_app.command("list")
def meeting_list(child_name: ChildOption = None) -> None:
    """List a child's meetings."""
    from iepprep.dates import today
    from iepprep.views import meetings_table

    child = children.choose(child_name, full=False)
    _warn(child)
    if not child.meetings:
        ui.show("No meeting is on record for ", child.name, " yet. Add one with: iepprep meeting add DATE")
        return
    ui.render(meetings_table(child, today()))


# -- getting ready ---------------------------------------------------------------


@app.command(rich_help_panel="Before, during and after the meeting")
def prep(
    child_name: ChildOption = None,
    day: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help="The meeting's date, e.g. 12/8/2026 (default: the next meeting)."),
    ] = None,
    checklist_id: Annotated[str, typer.Option("--checklist", help="The checklist to walk.")] = "before",
    review: Annotated[
        bool, typer.Option("--review", help="Show every item with its status and answer; ask nothing.")
    ] = False,
    restart: Annotated[
        bool, typer.Option("--restart", help="Walk from the first item, with your answers as defaults.")
    ] = False,
    answers: Annotated[
        Path | None, typer.Option("--answers", metavar="FILE", help="Take answers from a YAML file of item id: answer.")
    ] = None,
) -> None:
    """Get ready for the next meeting, one question at a time. Stop any time; run it again to go on."""
    from iepprep import prep as core
    from iepprep.checklists import load_all
    from iepprep.dates import parse_date, today
    from iepprep.followup import carry_over
    from iepprep.views import show_readiness, show_review
    from iepprep.walk import Quit, Walk

    when = parse_date(day) if day else None
    checklist = load_all().get(checklist_id)
    now = today()
    if review:
        child = children.choose(child_name)
        _warn(child)
        show_review(child, core.find_meeting(child, when, now), checklist, now)
        return
    child = children.choose(child_name, ask=None if answers else ui.ask)
    _warn(child)
    child.record.check_writable()
    meeting = core.meeting_for(child, when, now, ask=None if answers else ui.ask)
    if answers:
        saved = core.record_answers_file(child, meeting, checklist, answers)
        ui.show(f"Saved {saved} answer(s) from ", str(answers), ".")
        show_readiness(child, meeting, checklist, core.readiness(child, meeting, checklist, now), now)
        return
    offers = {}
    if checklist_id == "before":
        left = carry_over(child, meeting)
        if left and left.source:
            ui.show(("From the meeting on " + (left.source.date or "an earlier day") + ":", "bold"))
            for title, texts in (
                ("to come back to", [n.text for n in left.later]),
                ("actions still open", [n.text for n in left.open_actions]),
                ("questions not asked", left.unasked),
            ):
                for text in texts:
                    ui.show(f"  {title}: ", text)
            offers["questions"] = left.unasked + [n.text for n in left.later]
    from iepprep.meeting import offer_contact

    def offer_contacts(entries: object) -> None:
        for entry in entries if isinstance(entries, list) else []:
            offer_contact(child, str(entry))

    walk = Walk(child, meeting, checklist, offers=offers, after={"attendees": offer_contacts})
    start = 0 if restart else walk.first_unanswered()
    resume = _resume_command(child, when, checklist_id)
    if start is None:
        ui.show("Every item has an answer already. To go through them again: ", resume, " --restart")
    else:
        ui.show(
            ("Getting ready for ", "bold"),
            (f"{child.name}'s meeting", "bold"),
            f" - {len(checklist.items)} items, each saved as soon as you answer it.",
        )
        try:
            walk.run(start)
        except (KeyboardInterrupt, EndOfInput, Quit) as stop:
            ui.blank()
            ui.show(f"Stopped. {walk.saved_now} answer(s) from this sitting are saved.")
            ui.show(f"To pick up at item {walk.position + 1} of {len(checklist.items)}, run: ", (resume, "bold"))
            if isinstance(stop, KeyboardInterrupt):
                raise typer.Exit(INTERRUPTED) from None
            return
    show_readiness(child, meeting, checklist, core.readiness(child, meeting, checklist, now), now)


def _resume_command(child: Child, day: object | None, checklist_id: str) -> str:
    """The command that picks up the same walk."""
    command = "iepprep prep"
    if len(children.record_paths()) > 1:
        command += f" --child {_quoted(child.name)}"
    if day is not None:
        command += f" --date {day}"
    if checklist_id != "before":
        command += f" --checklist {checklist_id}"
    return command


def _quoted(text: str) -> str:
    import shlex

    return shlex.quote(text)


# -- notes -----------------------------------------------------------------------

DateOption = Annotated[
    str | None,
    typer.Option("--date", metavar="DATE", help="The meeting's date, e.g. 12/8/2026 (default: today's or the next)."),
]
KINDS_HELP = "note, question, concern, decision, action, disagree or later"


@notes_app.callback()
def notes(ctx: typer.Context, child_name: ChildOption = None, day: DateOption = None) -> None:
    """Take notes during the meeting: each line is saved, with the time, as you press Enter."""
    if ctx.invoked_subcommand is not None:
        return
    from iepprep import meeting as core
    from iepprep.checklists import habits_line, load_all
    from iepprep.dates import parse_date, today
    from iepprep.views import meeting_title, show_summary

    when = parse_date(day) if day else None
    child = children.choose(child_name, ask=ui.ask)
    _warn(child)
    now = today()
    child.record.check_writable()
    meeting, added = core.meeting_for_notes(child, when, now)
    catalog = load_all()
    session = core.Session(child, meeting, catalog)
    ui.show(
        ("Notes for ", "bold"),
        (meeting_title(child, meeting, now), "bold"),
        " - each line is saved as you press Enter." + (" (This meeting was just put on record.)" if added else ""),
    )
    if "during" in catalog.checklists:
        habits = catalog.checklists["during"]
        ui.show(("Habits: ", "bold"), habits_line(habits, child.name))
    prepared = core.prepared_questions(child, meeting)
    if prepared:
        ui.show(("Your questions: ", "bold"), "  ".join(f"{n}. {q}" for n, q in enumerate(prepared, 1)))
    ui.show((core.HINT, "dim"))
    try:
        core.loop(session)
    except KeyboardInterrupt:
        ui.blank()
        ui.error(
            f"Stopped. All {session.saved} note(s) you typed are saved. To go on, run: {_notes_command(child, when)}"
        )
        raise typer.Exit(INTERRUPTED) from None
    show_summary(child, meeting, now)


def _notes_command(child: Child, day: object | None) -> str:
    command = "iepprep notes"
    if len(children.record_paths()) > 1:
        command += f" --child {_quoted(child.name)}"
    return command + (f" --date {day}" if day else "")


@notes_app.command("add")
def notes_add(
    words: Annotated[
        list[str],
        typer.Argument(metavar="TEXT...", help="The note; it may start with a kind, e.g. '? ' or 'decision:'."),
    ],
    tag: Annotated[str | None, typer.Option("--tag", help=f"The kind of note: {KINDS_HELP}.")] = None,
    day: DateOption = None,
    child_name: ChildOption = None,
) -> None:
    """Add one note from the shell, saved with the time."""
    from iepprep import meeting as core
    from iepprep.dates import parse_date, today

    when = parse_date(day) if day else None
    parsed = core.parse_note(" ".join(words), kind=tag)
    child = children.choose(child_name, full=False)
    meeting, added = core.meeting_for_notes(child, when, today())
    note = core.add_note(child, meeting, parsed)
    if added:
        ui.show(f"No meeting was on record for {meeting.day}, so it was added.")
    ui.show(f"Saved your note ({note.kind}) at {core.clock(note.at)} for ", child.name, f"'s meeting on {meeting.day}.")
    if note.kind == "action":
        ui.show("Understood: ", note.words, " - ", core.understood(note), ".")
    if parsed.warning:
        ui.warn(parsed.warning)
    hint = core.written_notice_hint(note.kind, note.text)
    if hint:
        ui.show(hint)


@notes_app.command("show")
def notes_show(
    day: DateOption = None,
    tag: Annotated[str | None, typer.Option("--tag", help=f"Only notes of this kind: {KINDS_HELP}.")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Include notes that were taken back with /undo.")] = False,
    child_name: ChildOption = None,
) -> None:
    """Show a meeting's notes in order, with their time and kind."""
    from iepprep import meeting as core
    from iepprep.dates import parse_date, today
    from iepprep.state import NOTE_KINDS
    from iepprep.views import meeting_title, show_notes

    if tag is not None and tag not in NOTE_KINDS:
        raise IepprepError(f"'{tag}' is not a kind of note; the kinds are {', '.join(NOTE_KINDS)}.")
    child = children.choose(child_name)
    _warn(child)
    now = today()
    meeting = core.meeting_to_show(child, parse_date(day) if day else None, now)
    ui.show((meeting_title(child, meeting, now), "bold"))
    if not show_notes(meeting, tag, show_all):
        ui.show(f"No {tag or ''} notes to show.".replace("  ", " "))


# -- after a disagreement ------------------------------------------------------------


@app.command("next-steps", rich_help_panel="Before, during and after the meeting")
def next_steps(
    child_name: ChildOption = None,
    show: Annotated[
        bool, typer.Option("--show", help="Show each disagreement's ladder and deadlines; ask nothing.")
    ] = False,
    edit: Annotated[
        bool,
        typer.Option("--edit", help="Change a disagreement's kind and the dates its deadlines count from."),
    ] = False,
) -> None:
    """After a disagreement: where you stand, what to try next, whom to ask, by when, and the letter."""
    from iepprep import nextsteps
    from iepprep.checklists import load_all
    from iepprep.dates import today
    from iepprep.views import show_ladder

    catalog = load_all()
    now = today()
    if show:
        child = children.choose(child_name)
        _warn(child)
        if not child.disagreements:
            ui.show("No disagreement is on record for ", child.name, ". Start with: iepprep next-steps")
        for disagreement in sorted(child.disagreements, key=lambda d: not d.is_open):
            show_ladder(child, disagreement, catalog, now)
        return
    child = children.choose(child_name, ask=ui.ask)
    _warn(child)
    child.record.check_writable()
    if edit:
        with _stoppable("Every change you entered is saved", "iepprep next-steps --edit"):
            disagreement = nextsteps.choose_open(child, ui.ask)
            changed = nextsteps.edit_disagreement(child, disagreement, now, ui.ask)
            saved = ", ".join(name.replace("_", " ") for name in changed)
            ui.show(f"Saved the new {saved}." if changed else "Nothing changed.")
            show_ladder(child, disagreement, catalog, now)
        return
    with _stoppable("Everything you entered is saved", "iepprep next-steps"):
        nextsteps.follow_up_waiting(child, ui.ask)
        disagreement = nextsteps.choose_disagreement(child, now, ui.ask)
        nextsteps.climb(child, disagreement, catalog, now, ui.ask, show_ladder)


@app.command(rich_help_panel="Before, during and after the meeting")
def letter(
    kind: Annotated[
        str,
        typer.Argument(
            metavar="KIND",
            help="meeting-request, iee-request, records-request, pwn-request, mediation-request, "
            "follow-up or complaint-outline.",
        ),
    ],
    to: Annotated[
        str | None,
        typer.Option(
            "--to", metavar="ROLE", help="Whom it is for, e.g. case-manager or director-of-special-education."
        ),
    ] = None,
    day: DateOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write it to a new file instead of the screen."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", metavar="FORMAT", help="text or md.")] = "text",
    about: Annotated[
        str | None,
        typer.Option("--about", metavar="ID", help="The disagreement it is about, by the id next-steps --show gives."),
    ] = None,
    sent_by: Annotated[
        str | None,
        typer.Option("--sent-by", metavar="HOW", help="How you send it, e.g. email, mail or hand delivery."),
    ] = None,
    child_name: ChildOption = None,
) -> None:
    """Draft a letter filled from the record, with a clear blank to fill for every missing fact."""
    from iepprep import letters
    from iepprep.dates import parse_date, today
    from iepprep.files import create_text

    if fmt not in ("text", "md"):
        raise IepprepError(f"'{fmt}' is not a format iepprep writes; use text or md.")
    letters.kind_of(kind)
    child = children.choose(child_name)
    _warn(child)
    now = today()
    meeting = children.find_meeting(child, parse_date(day)) if day else letters.meeting_for(child, now)
    role = _role(to) if to else letters.default_role(kind)
    facts = letters.Facts(child, now, role, meeting, letters.disagreement_for(child, about), sent_by or "")
    made = letters.draft(kind, facts, markdown=fmt == "md")
    if output is None:
        for line in made.text.splitlines():
            ui.show(line)
        ui.error("")
        if made.blanks:
            ui.error(f"Fill each [BLANK TO FILL] ({made.blanks}) before you send it.")
        for line in made.for_you:
            ui.error(line)
        return
    from iepprep.nextsteps import show_saved

    show_saved(made, create_text(output, made.text))


def _role(text: str) -> str:
    """A contact role from what the parent typed: its key or its label, in any case."""
    from iepprep.state import CONTACT_ROLES

    wanted = text.strip().casefold().replace(" ", "-")
    for key, label in CONTACT_ROLES:
        if wanted in (key, label.casefold().replace(" ", "-")):
            return key
    return text.strip()


# -- sharing and following through -------------------------------------------------

FormatOption = Annotated[str, typer.Option("--format", metavar="FORMAT", help="md, yaml or json.")]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write to a new file instead of the screen."),
]


def _deliver(text: str, output: Path | None, exact: bool = False) -> None:
    """Show text on screen (terminal controls removed), or write it exactly to a new file."""
    from iepprep.files import create_text

    if output is not None:
        ui.show("Wrote ", str(create_text(output, text)), ". Only you can read it; share it as you choose.")
    elif exact:
        sys.stdout.write(text)
    else:
        for line in text.splitlines():
            ui.show(line)


@app.command(rich_help_panel="Share and follow through")
def export(
    day: DateOption = None,
    fmt: FormatOption = "md",
    output: OutputOption = None,
    child_name: ChildOption = None,
) -> None:
    """Export a meeting (--date) or the whole record: Markdown to share, YAML or JSON to keep."""
    from iepprep import export as core
    from iepprep.dates import parse_date, today

    if fmt not in ("md", "yaml", "json"):
        raise IepprepError(f"'{fmt}' is not a format iepprep exports; use md, yaml or json.")
    child = children.choose(child_name)
    _warn(child)
    if fmt == "json":
        _deliver(core.as_json(child), output, exact=True)
        return
    if fmt == "yaml":
        _deliver(core.as_yaml(child), output)
        return
    meetings = child.meetings_in_order
    if day:
        found = child.meeting_on(parse_date(day))
        if found is None:
            raise IepprepError(f"No meeting on {day} is on record for {child.name}.")
        meetings = [found]
    _deliver(core.as_markdown(child, meetings, today()), output)


@app.command(rich_help_panel="Share and follow through")
def brief(day: DateOption = None, output: OutputOption = None, child_name: ChildOption = None) -> None:
    """One printable page for the coming meeting: what you want, your questions, what to bring."""
    from iepprep import prep as core
    from iepprep.checklists import load_all
    from iepprep.dates import parse_date, today
    from iepprep.report import brief as page

    child = children.choose(child_name)
    _warn(child)
    now = today()
    meeting = core.find_meeting(child, parse_date(day) if day else None, now)
    _deliver(page(child, meeting, load_all(), now), output)


@app.command(rich_help_panel="Share and follow through")
def status(child_name: ChildOption = None) -> None:
    """What is due: the next meeting, getting ready, open action items, open disagreements."""
    from iepprep.checklists import load_all
    from iepprep.dates import today
    from iepprep.report import status_lines

    catalog = load_all()
    now = today()
    kids = _every_child(child_name)
    for number, child in enumerate(kids):
        if number:
            ui.blank()
        _warn(child)
        ui.show((child.name, "bold"))
        for line in status_lines(child, catalog, now):
            ui.show("  ", line)


@app.command("check-iep", rich_help_panel="Share and follow through")
def check_iep(day: DateOption = None, child_name: ChildOption = None) -> None:
    """When the written IEP arrives: check that each decision and action from the meeting is in it."""
    from iepprep import followup, letters, nextsteps
    from iepprep.dates import parse_date, today

    child = children.choose(child_name, ask=ui.ask)
    _warn(child)
    now = today()
    meeting = children.find_meeting(child, parse_date(day)) if day else child.last_meeting_held(now)
    if meeting is None:
        raise IepprepError(f"No meeting held so far is on record for {child.name}.")
    if not followup.promised(meeting):
        ui.show(f"No decision or action was noted at the meeting on {meeting.day}; nothing to check.")
        return
    child.record.check_writable()
    ui.show(("Checking the written IEP", "bold"), f" against your notes of the meeting on {meeting.day}.")
    with _stoppable("Every answer you gave is saved", "iepprep check-iep"):
        missing = followup.check_written_iep(child, meeting, ui.ask)
        ui.blank()
        if not missing:
            ui.show("Nothing you answered is missing from the written IEP.")
            return
        ui.show(f"{len(missing)} item(s) are missing or only partly there:")
        for note in missing:
            ui.show(f"  - [{meeting.in_written_iep[note.id]}] ", note.text)
        if not ui.confirm("Write a letter asking the school to correct the IEP?"):
            return
        facts = letters.Facts(child, now, "case-manager", meeting)
        nextsteps.save_letter(letters.draft("iep-corrections", facts), child, now, ui.ask)


@app.command(rich_help_panel="Share and follow through")
def calendar(output: OutputOption = None, child_name: ChildOption = None) -> None:
    """A calendar file (.ics) of meetings, due dates and deadlines, for every child or the one named."""
    from iepprep.dates import today
    from iepprep.files import create_new, create_text
    from iepprep.report import calendar as make

    kids = _every_child(child_name)
    for child in kids:
        _warn(child)
    now = today()
    text = make(kids, now).decode("utf-8")
    if output is None and not sys.stdout.isatty():
        sys.stdout.write(text)  # into a pipe or a file: the calendar itself, for another program
        return
    if output is None:
        from iepprep.letters import file_name

        name = file_name(kids[0], "calendar", now, ".ics") if len(kids) == 1 else f"iep-calendar-{now.isoformat()}.ics"
        path = create_new(Path.cwd(), name, text)
    else:
        path = create_text(output, text)
    ui.show("Wrote ", str(path), ". Import it into your calendar application; only you can read the file.")


@notes_app.command("done")
def notes_done(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="The action item's id, as status shows it.")],
    child_name: ChildOption = None,
) -> None:
    """Mark an action item done."""
    from iepprep import followup
    from iepprep.dates import today

    child = children.choose(child_name)
    _warn(child)
    note = followup.find_action(child, action_id)
    followup.mark_done(child, note, today())
    ui.show("Marked done: ", note.text)


@notes_app.command("edit")
def notes_edit(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="The action item's id, as status shows it.")],
    what: Annotated[str | None, typer.Option("--what", metavar="TEXT", help="What is to be done.")] = None,
    who: Annotated[str | None, typer.Option("--who", metavar="NAME", help="Who will do it.")] = None,
    due: Annotated[str | None, typer.Option("--due", metavar="DATE", help="By when, e.g. 12/20/2026.")] = None,
    child_name: ChildOption = None,
) -> None:
    """Correct an action item: what is to be done, who does it, or by when. The note as typed is kept."""
    from iepprep import followup
    from iepprep.dates import parse_date
    from iepprep.meeting import understood

    when = parse_date(due) if due else None
    if what is None and who is None and when is None:
        raise IepprepError("Say what to change: --what, --who or --due.")
    child = children.choose(child_name)
    _warn(child)
    note = followup.find_action(child, action_id)
    changed = followup.change_action(child, note, what, who, when)
    ui.show("Saved: " if changed else "Nothing changed: ", note.words, " - ", understood(note), ".")


# -- the rules and the parent's state settings ----------------------------------


@rules_app.callback()
def rules_list(ctx: typer.Context) -> None:
    """Every rule iepprep uses, with its value, where it is written, and your state settings."""
    if ctx.invoked_subcommand is not None:
        return
    from iepprep.views import show_rules

    show_rules()


@rules_app.command("set")
def rules_set(
    key: Annotated[str, typer.Argument(metavar="KEY", help="The setting, e.g. due-process-limit or state.")],
    value: Annotated[
        str, typer.Argument(metavar="VALUE", help="Its value: a length of time, or a few words (see: iepprep rules).")
    ],
) -> None:
    """Set one of your state's values, from your state's procedural safeguards notice."""
    from iepprep import rules

    rules.save_setting(key, value)
    ui.show(f"Saved: {key} = ", rules.settings()[key], ". Every screen that uses it says it is your setting.")


@rules_app.command("unset")
def rules_unset(key: Annotated[str, typer.Argument(metavar="KEY", help="The setting to remove.")]) -> None:
    """Remove one of your settings; iepprep goes back to the federal rule."""
    from iepprep import rules

    rules.save_setting(rules.check_key(key), None)
    ui.show(f"Removed your setting for {key}.")


# -- checklists ----------------------------------------------------------------


@checklists_app.command("list")
def checklists_list() -> None:
    """List the checklists: the bundled ones and your own."""
    from iepprep.checklists import load_all
    from iepprep.views import checklists_table

    catalog = load_all()
    for problem in catalog.problems:
        ui.warn(problem)
    ui.render(checklists_table(catalog))


@checklists_app.command("show")
def checklists_show(
    name: Annotated[str, typer.Argument(help="The checklist's id, e.g. before.")],
    child: Annotated[str | None, typer.Option("--child", "-c", help="Fill in your child's name.")] = None,
) -> None:
    """Show a checklist's items, each with why it matters."""
    from iepprep.checklists import load_all
    from iepprep.views import show_checklist

    catalog = load_all()
    show_checklist(catalog.get(name), child)


@checklists_app.command("validate")
def checklists_validate(
    files: Annotated[list[Path], typer.Argument(help="Checklist files to check.", metavar="PATH...")],
) -> None:
    """Check checklist files; every problem is listed as FILE:LINE: what is wrong."""
    from iepprep.checklists import load_file

    problems: list[str] = []
    for path in files:
        try:
            checklist = load_file(path)
        except ChecklistInvalid as invalid:
            problems += invalid.problems
            continue
        ui.show(str(path), f": valid ({len(checklist.items)} items)")
    if problems:
        raise ChecklistInvalid(problems)


def _every_child(child_name: str | None) -> list[Child]:
    """The child named, or every child on record (a sentence for each record that cannot be read)."""
    if child_name:
        return [children.choose(child_name)]
    found = children.find_all()
    for problem in found.problems:
        ui.warn(problem)
    if not found.children:
        raise IepprepError(children.NO_CHILD_YET)
    return [children.load(c.record.path) for c in found.children]


def _warn(child: Child) -> None:
    for warning in child.warnings:
        ui.warn(warning)


# -- where ---------------------------------------------------------------------


@app.command(rich_help_panel="Your records")
def where() -> None:
    """Show where iepprep keeps your data: the folder, each child's record, your own checklists."""
    from iepprep.checklists import bundled_dir

    ui.show(("Data folder: ", "bold"), str(paths.data_dir()))
    found = children.find_all()
    if found.children:
        for child in found.children:
            ui.show("  ", child.name, ": ", str(child.record.path))
    else:
        ui.show("  No child is on record yet.")
    for problem in found.problems:
        ui.warn(problem)
    ui.show(("Your own checklists: ", "bold"), str(paths.user_checklists_dir()))
    ui.show(("Bundled checklists: ", "bold"), str(bundled_dir()))
