"""The three jobs: getting ready (prep), notes during the meeting, and next steps after a disagreement."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from iepprep import children, meetings, paths, ui
from iepprep.cli.app import (
    BEFORE_DURING_AFTER,
    BackDate,
    ChildOption,
    DateOption,
    OutputOption,
    ShownDate,
    app,
    command_for,
    complete_checklist,
    complete_date,
    notes_app,
    pick,
    warn,
)
from iepprep.errors import IepprepError, LeftOut
from iepprep.meetings import For
from iepprep.state import Child, Meeting
from iepprep.words import _, ngettext

if TYPE_CHECKING:
    from iepprep.checklists import Checklist
    from iepprep.notes import Parsed

KINDS_HELP = "note, question, concern, decision, action, disagree or later"
PrepDate = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="DATE",
        help="The meeting's date, e.g. 12/8/2026 (default: the next meeting).",
        autocompletion=complete_date,
    ),
]


def complete_letter(incomplete: str) -> list[str]:
    from iepprep.letters import KINDS

    return [kind for kind in KINDS if kind.startswith(incomplete)]


ActionId = Annotated[str, typer.Argument(metavar="ID", help="The action item's id, as status shows it.")]
LetterKind = Annotated[
    str | None,
    typer.Argument(
        metavar="KIND",
        help="meeting-request, iee-request, records-request, pwn-request, mediation-request, "
        "follow-up, iep-corrections, interpreter-request, parent-concerns, service-log-request or complaint-outline.",
        autocompletion=complete_letter,
        show_default=False,
    ),
]
LetterTo = Annotated[
    str | None,
    typer.Option("--to", metavar="ROLE", help="Whom it is for, e.g. case-manager or director-of-special-education."),
]
LetterAbout = Annotated[
    str | None,
    typer.Option("--about", metavar="ID", help="The disagreement it is about, by the id next-steps --show gives."),
]
LetterSentBy = Annotated[
    str | None, typer.Option("--sent-by", metavar="HOW", help="How you send it, e.g. email, mail or hand delivery.")
]


# -- getting ready ---------------------------------------------------------------


@app.command(rich_help_panel=BEFORE_DURING_AFTER)
def prep(
    child_name: ChildOption = None,
    day: PrepDate = None,
    checklist_id: Annotated[
        str,
        typer.Option("--checklist", metavar="ID", help="The checklist to walk.", autocompletion=complete_checklist),
    ] = "before",
    review: Annotated[
        bool, typer.Option("--review", help="Show every item with its status and answer; ask nothing.")
    ] = False,
    restart: Annotated[
        bool, typer.Option("--restart", help="Walk from the first item, with your answers as defaults.")
    ] = False,
    only_open: Annotated[
        bool, typer.Option("--open", help="Go through only the items still open: skipped, not yet, or not answered.")
    ] = False,
    answers: Annotated[
        Path | None, typer.Option("--answers", metavar="FILE", help="Take answers from a YAML file of item id: answer.")
    ] = None,
) -> None:
    """Get ready for the next meeting, one question at a time. Stop any time; run it again to go on."""
    from iepprep import prep as core
    from iepprep.checklists import load_all
    from iepprep.dates import parse_date, today
    from iepprep.views import show_readiness, show_review
    from iepprep.walk import Walk

    when = parse_date(day) if day else None
    checklist = load_all().get(checklist_id)
    now = today()
    if sum((review, restart, only_open, answers is not None)) > 1:
        raise IepprepError(_("Choose one of --review, --restart, --open and --answers."))
    if review:
        child = pick(child_name)
        show_review(child, meetings.require(child, when, now, For.GETTING_READY), checklist, now)
        return
    child = pick(child_name, ask=answers is None, again="iepprep prep")
    child.record.check_writable()
    meeting = _meeting_to_get_ready_for(child, when, now, ask=answers is None)
    if answers:
        saved = core.record_answers_file(child, meeting, checklist, answers)
        ui.show(
            ngettext("Saved {count} answer from {path}.", "Saved {count} answers from {path}.", saved).format(
                count=saved, path=answers
            )
        )
    else:
        mode = Walk.ALL if restart else Walk.OPEN if only_open else Walk.ON
        _walk(child, meeting, checklist, mode, command_for(child, "iepprep prep", ("--date", day)))
    show_readiness(child, meeting, checklist, core.readiness(child, meeting, checklist, now), now)


def _meeting_to_get_ready_for(child: Child, day: date | None, now: date, ask: bool) -> Meeting:
    """The meeting on `day`, or the next one; when there is none, it is put on record (asking what is missing)."""
    from iepprep.conversations.prep import new_meeting

    found = child.meeting_on(day) if day else meetings.find(child, None, now, For.GETTING_READY)
    if found is not None:
        return found
    return new_meeting(child, day) if ask else meetings.add(child, day)


def _walk(child: Child, meeting: Meeting, checklist: Checklist, mode: str, resume: str) -> None:
    from iepprep.conversations.notes import offer_contact
    from iepprep.conversations.prep import walk_checklist
    from iepprep.followup import carry_over
    from iepprep.views import show_carry_over
    from iepprep.walk import Walk

    offers = {}
    if checklist.id == "before":
        left = carry_over(child, meeting)
        if left and left.source:
            show_carry_over(left)
            offers["questions"] = left.unasked + [n.text for n in left.later]
    walk = Walk(child, meeting, checklist, offers=offers)
    if mode == Walk.ON and walk.first_unanswered() is None:
        mode = Walk.OPEN  # every item has an answer: a later sitting is for what is still open
    positions = walk.positions(mode)
    again = _("To go through every item again, run: {command} --restart").format(command=resume)
    if not positions:
        ui.show(_("Every item is answered.") + " " + again)
        return
    from iepprep.dates import today
    from iepprep.views import meeting_title

    title = (_("Getting ready for {meeting}").format(meeting=meeting_title(child, meeting, today())), "bold")
    if mode == Walk.OPEN:
        resume += " --open"
        count = ngettext(
            "{count} item is still open (skipped, not yet, or not answered).",
            "{count} items are still open (skipped, not yet, or not answered).",
            len(positions),
        )
        ui.show(title, " - " + count.format(count=len(positions)))
        ui.show((again, "dim"))
    else:
        count = ngettext(
            "{count} item, saved as soon as you answer it.",
            "{count} items, each saved as soon as you answer it.",
            len(checklist.items),
        )
        ui.show(title, " - " + count.format(count=len(checklist.items)))

    def offer_contacts(entries: object) -> None:
        for entry in entries if isinstance(entries, list) else []:
            offer_contact(child, str(entry))

    walk_checklist(walk, positions, resume, {"attendees": offer_contacts})


# -- notes -----------------------------------------------------------------------


@notes_app.callback()
def notes(ctx: typer.Context, child_name: ChildOption = None, day: DateOption = None) -> None:
    """Take notes during the meeting: each line is saved, with the time, as you press Enter."""
    if ctx.invoked_subcommand is not None:
        return
    from iepprep.checklists import load_all
    from iepprep.conversations.notes import Session, take_notes
    from iepprep.dates import as_typed, parse_date, today
    from iepprep.views import show_notes_header, show_summary

    when = parse_date(day) if day else None
    child = pick(child_name, ask=True, again="iepprep notes")
    now = today()
    child.record.check_writable()
    meeting, added = meetings.for_notes(child, when, now)
    catalog = load_all()
    show_notes_header(child, meeting, catalog, now, added)
    take_notes(Session(child, meeting, catalog), command_for(child, "iepprep notes", ("--date", day)))
    show_summary(
        child,
        meeting,
        now,
        next_steps=command_for(child, "iepprep next-steps"),
        follow_up=command_for(child, "iepprep letter follow-up", ("--date", as_typed(meeting.date) or None)),
    )


@notes_app.command("add")
def notes_add(
    words: Annotated[
        list[str],
        typer.Argument(metavar="TEXT...", help="The note; it may start with a kind, e.g. '? ' or 'decision:'."),
    ],
    tag: Annotated[str | None, typer.Option("--tag", metavar="KIND", help=f"The kind of note: {KINDS_HELP}.")] = None,
    day: DateOption = None,
    child_name: ChildOption = None,
) -> None:
    """Add one note from the shell, saved with the time."""
    from iepprep import notes as core
    from iepprep.dates import parse_date, today

    when = parse_date(day) if day else None
    parsed = core.parse_note(" ".join(words), kind=tag)
    if _add_without_the_passphrase(parsed, when, child_name):
        return
    child = children.choose(child_name, full=False)
    warn(child)
    meeting, added = meetings.for_notes(child, when, today())
    note = core.add_note(child, meeting, parsed)
    if added:
        ui.show(_("No meeting was on record for {day}, so it was added.").format(day=meeting.day))
    ui.show(
        _("Saved your note ({kind}) at {time} for {child}'s meeting on {day}.").format(
            kind=core.kind_name(note.kind), time=core.clock(note.at), child=child.name, day=meeting.day
        )
    )
    if note.kind == "action":
        ui.show(_("Understood: {what} - {parts}.").format(what=note.words, parts=core.understood(note)))
    if parsed.warning:
        ui.warn(parsed.warning)
    hint = core.written_notice_hint(note.kind, note.text)
    if hint:
        ui.show(hint)


def _add_without_the_passphrase(parsed: Parsed, when: date | None, child_name: str | None) -> bool:
    """On an encrypted data folder, keep a note sealed and waiting for its meeting, with no passphrase
    asked (the record is not read); whether that was done. Only when the child is known without
    reading names: one child on record, and no other named."""
    from iepprep import atrest

    if not atrest.sealing() or child_name:
        return False
    from iepprep import logs, sealed_notes
    from iepprep import notes as core
    from iepprep.dates import on_screen, today

    folders = logs.child_folders(paths.children_dir())
    if len(folders) != 1 or not logs.own_log(folders[0]).exists():
        return False
    event = sealed_notes.add(folders[0], parsed, when, today())
    said = _("Saved your note ({kind}) at {time}, encrypted.").format(
        kind=core.kind_name(parsed.kind), time=core.clock(str(event["at"]))
    )
    ui.show(
        said
        + " "
        + (
            _("It will be added to the meeting on {day} the next time you enter your passphrase.").format(
                day=on_screen(when)
            )
            if when
            else _("It will be added to its meeting the next time you enter your passphrase.")
        )
    )
    return True


@notes_app.command("show")
def notes_show(
    day: ShownDate = None,
    tag: Annotated[
        str | None, typer.Option("--tag", metavar="KIND", help=f"Only notes of this kind: {KINDS_HELP}.")
    ] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Include notes that were taken back with /undo.")] = False,
    child_name: ChildOption = None,
) -> None:
    """Show a meeting's notes in order, with their time and kind."""
    from iepprep.dates import parse_date, today
    from iepprep.notes import kind_name, kind_named
    from iepprep.views import meeting_title, show_notes

    tag = kind_named(tag) if tag is not None else None
    child = pick(child_name)
    now = today()
    meeting = meetings.require(child, parse_date(day) if day else None, now, For.READING_NOTES)
    ui.show((meeting_title(child, meeting, now), "bold"))
    if not show_notes(meeting, tag, show_all):
        ui.show(_("No notes to show.") if tag is None else _("No {kind} notes to show.").format(kind=kind_name(tag)))


@notes_app.command("done")
def notes_done(action_id: ActionId, child_name: ChildOption = None) -> None:
    """Mark an action item done."""
    from iepprep import followup

    child = pick(child_name)
    note = followup.find_action(child, action_id)
    followup.mark_done(child, note)
    ui.show(_("Marked done: "), note.words)


@notes_app.command("edit")
def notes_edit(
    action_id: ActionId,
    what: Annotated[str | None, typer.Option("--what", metavar="TEXT", help="What is to be done.")] = None,
    who: Annotated[str | None, typer.Option("--who", metavar="NAME", help="Who will do it.")] = None,
    due: Annotated[str | None, typer.Option("--due", metavar="DATE", help="By when, e.g. 12/20/2026.")] = None,
    child_name: ChildOption = None,
) -> None:
    """Correct an action item: what is to be done, who does it, or by when. The note as typed is kept."""
    from iepprep import followup
    from iepprep.dates import parse_date
    from iepprep.notes import understood

    when = parse_date(due) if due else None
    if what is None and who is None and when is None:
        raise IepprepError(_("Say what to change: --what, --who or --due."))
    child = pick(child_name)
    note = followup.find_action(child, action_id)
    changed = followup.change_action(child, note, what, who, when)
    said = _("Saved: {what} - {parts}.") if changed else _("Nothing changed: {what} - {parts}.")
    ui.show(said.format(what=note.words, parts=understood(note)))


# -- after a disagreement ------------------------------------------------------------


@app.command("next-steps", rich_help_panel=BEFORE_DURING_AFTER)
def next_steps(
    child_name: ChildOption = None,
    show: Annotated[
        bool, typer.Option("--show", help="Show each disagreement's ladder and deadlines; ask nothing.")
    ] = False,
    edit: Annotated[
        bool, typer.Option("--edit", help="Change a disagreement's kind and the dates its deadlines count from.")
    ] = False,
) -> None:
    """After a disagreement: where you stand, what to try next, whom to ask, by when, and the letter."""
    from iepprep.checklists import load_all
    from iepprep.conversations import next_steps as talk
    from iepprep.dates import today
    from iepprep.views import show_ladder

    catalog = load_all()
    now = today()
    if show:
        child = pick(child_name)
        if not child.disagreements:
            ui.show(
                _("No disagreement is on record for {child}. Start with: iepprep next-steps").format(child=child.name)
            )
        for disagreement in sorted(child.disagreements, key=lambda d: not d.is_open):
            show_ladder(child, disagreement, catalog, now)
        return
    child = pick(child_name, ask=True, again="iepprep next-steps")
    child.record.check_writable()
    if edit:
        talk.edit(child, catalog, now, show_ladder)
    else:
        talk.next_steps(child, catalog, now, show_ladder)


@app.command(rich_help_panel=BEFORE_DURING_AFTER)
def letter(
    kind: LetterKind = None,
    to: LetterTo = None,
    day: BackDate = None,
    output: OutputOption = None,
    fmt: Annotated[str, typer.Option("--format", metavar="FORMAT", help="text or md.")] = "text",
    about: LetterAbout = None,
    sent_by: LetterSentBy = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="LANG",
            help="The letter's language: en (English) or es (Español) (default: the language iepprep speaks).",
        ),
    ] = None,
    child_name: ChildOption = None,
) -> None:
    """Draft a letter filled from the record, with a clear blank to fill for every missing fact."""
    from iepprep import letters
    from iepprep.dates import parse_date, today
    from iepprep.files import create_file
    from iepprep.views import show_letter

    if kind is None:
        raise LeftOut(
            _("Say which letter to draft: {kinds}. For example: iepprep letter follow-up").format(
                kinds=", ".join(letters.KINDS)
            )
        )
    if fmt not in ("text", "md"):
        raise IepprepError(_("'{format}' is not a format iepprep writes; use text or md.").format(format=fmt))
    ahead = letters.kind_of(kind).ahead
    child = pick(child_name)
    now = today()
    meeting = meetings.find(
        child, parse_date(day) if day else None, now, For.GETTING_READY if ahead else For.LOOKING_BACK
    )
    role = letters.role_for(to) if to else letters.default_role(kind)
    facts = letters.Facts(child, now, role, meeting, letters.disagreement_for(child, about), sent_by or "")
    from iepprep.language import checked

    made = letters.draft(kind, facts, markdown=fmt == "md", language=checked(lang) if lang else None)
    show_letter(made, create_file(output, made.text) if output is not None else None)
