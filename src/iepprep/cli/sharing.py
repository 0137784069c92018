"""Sharing and following through: export, the one-page brief, status, check-iep and the calendar."""

from __future__ import annotations

import sys
from pathlib import Path

from iepprep import meetings, ui
from iepprep.cli.app import (
    SHARING,
    ChildOption,
    ExportDate,
    FormatOption,
    HeldDate,
    NextDate,
    OutputOption,
    RecipientOption,
    app,
    deliver,
    every_child,
    pick,
)
from iepprep.errors import IepprepError
from iepprep.meetings import For
from iepprep.words import _


@app.command(rich_help_panel=SHARING)
def export(
    day: ExportDate = None,
    fmt: FormatOption = "md",
    output: OutputOption = None,
    to: RecipientOption = None,
    child_name: ChildOption = None,
) -> None:
    """Export a meeting (--date) or the whole record: Markdown to share, YAML or JSON to keep."""
    from iepprep import export as core
    from iepprep.dates import parse_date, today

    if fmt not in ("md", "yaml", "json"):
        raise IepprepError(_("'{format}' is not a format iepprep exports; use md, yaml or json.").format(format=fmt))
    key = _recipient(to)
    child = pick(child_name)
    if fmt == "json":
        deliver(core.as_json(child), output, exact=True, to=key)
    elif fmt == "yaml":
        deliver(core.as_yaml(child), output, exact=True, to=key)  # every control and invisible character escaped
    else:
        chosen = [meetings.on(child, parse_date(day))] if day else child.meetings_in_order
        deliver(core.as_markdown(child, chosen, today()), output, to=key)


def _recipient(to: str | None) -> object:
    """The age public key given with --to-recipient, checked before any work is done."""
    if to is None:
        return None
    from iepprep.encryption import recipient

    return recipient(to)


@app.command(rich_help_panel=SHARING)
def brief(
    day: NextDate = None, output: OutputOption = None, to: RecipientOption = None, child_name: ChildOption = None
) -> None:
    """One printable page for the coming meeting: what you want, your questions, what to bring."""
    from iepprep.checklists import load_all
    from iepprep.dates import parse_date, today
    from iepprep.report import brief as page

    key = _recipient(to)
    child = pick(child_name)
    now = today()
    meeting = meetings.require(child, parse_date(day) if day else None, now, For.GETTING_READY)
    deliver(page(child, meeting, load_all(), now), output, to=key)


@app.command(rich_help_panel=SHARING)
def status(child_name: ChildOption = None) -> None:
    """What is due: the next meeting, getting ready, open action items, open disagreements."""
    from iepprep.checklists import load_all
    from iepprep.dates import today
    from iepprep.report import status_lines

    catalog = load_all()
    now = today()
    for number, child in enumerate(every_child(child_name)):
        if number:
            ui.blank()
        ui.show((child.name, "bold"))
        for line in status_lines(child, catalog, now):
            ui.show("  ", line)


@app.command("check-iep", rich_help_panel=SHARING)
def check_iep(day: HeldDate = None, child_name: ChildOption = None) -> None:
    """When the written IEP arrives: check that each decision and action from the meeting is in it."""
    from iepprep import concerns, followup
    from iepprep.conversations.iep import check_concerns
    from iepprep.conversations.records import check_iep as talk
    from iepprep.dates import parse_date, today
    from iepprep.iep import written_at

    child = pick(child_name, ask=True, again="iepprep check-iep")
    now = today()
    meeting = meetings.require(child, parse_date(day) if day else None, now, For.HELD)
    plan = written_at(child, meeting.date)
    if plan is None and child.ieps_in_order:
        ui.show(
            _(
                "The IEP on record started before the meeting on {day}. To see what in the new IEP matches your notes "
                "and concerns, put it on record first: iepprep iep add"
            ).format(day=meeting.day)
        )
    listed = concerns.listed(child, meeting, fallback=False) if plan else []
    if not followup.promised(meeting) and not listed:
        ui.show(_("No decision or action was noted at the meeting on {day}; nothing to check.").format(day=meeting.day))
        if plan is None:
            ui.show(_("Put the written IEP on record to check your concerns against it: iepprep iep add"))
        return
    child.record.check_writable()
    if followup.promised(meeting):
        ui.show(
            (_("Checking the written IEP"), "bold"),
            " " + _("against your notes of the meeting on {day}.").format(day=meeting.day),
        )
        talk(child, meeting, now, plan)
    if plan is not None and listed:
        unmet = check_concerns(child, plan, meeting)
        ui.blank()
        if unmet:
            ui.show(
                _("Concerns the IEP does not meet go into your follow-up letter and your next brief: {command}").format(
                    command="iepprep letter follow-up"
                )
            )
        else:
            ui.show(_("You did not mark any concern as unmet."))


@app.command(rich_help_panel=SHARING)
def calendar(output: OutputOption = None, child_name: ChildOption = None) -> None:
    """A calendar file (.ics) of meetings, due dates and deadlines, for every child or the one named."""
    from iepprep.dates import today
    from iepprep.files import create_file, create_new
    from iepprep.letters import file_name
    from iepprep.report import calendar as make

    kids = every_child(child_name)
    now = today()
    text = make(kids, now).decode("utf-8")
    if output is None and not sys.stdout.isatty():
        ui.show_text(text, newline="\r\n")  # into a pipe or a file: the calendar itself, for another program
        return
    if output is None:
        name = file_name(kids[0], "calendar", now, ".ics") if len(kids) == 1 else f"iep-calendar-{now.isoformat()}.ics"
        path = create_new(Path.cwd(), name, text)
    else:
        path = create_file(output, text)
    ui.show(_("Wrote {path}. Import it into your calendar application; only you can read the file.").format(path=path))
