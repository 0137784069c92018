"""How records and checklists look on screen. Every piece of the parent's text goes
through `ui.text`, so it is shown literally."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from iepprep import ui
from iepprep.checklists import Catalog, Checklist, fill
from iepprep.dates import describe_days
from iepprep.state import PROFILE_FIELDS, Child, Meeting

if TYPE_CHECKING:
    from rich.table import Table


def _table(*headers: str) -> Table:
    from rich.table import Table

    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    for header in headers:
        table.add_column(header, overflow="fold")
    return table


def when(meeting: Meeting, today: date) -> str:
    days = meeting.days_from(today)
    if meeting.date is None or days is None:
        return "not scheduled yet"
    return f"{meeting.date} ({describe_days(days)})"


def children_table(kids: list[Child], today: date) -> Table:
    table = _table("Child", "School", "Grade", "Next meeting")
    for child in kids:
        upcoming = child.next_meeting(today)
        table.add_row(
            ui.text(child.name),
            ui.text(child.profile.get("school", "")),
            ui.text(child.profile.get("grade", "")),
            when(upcoming, today) if upcoming else "none on record",
        )
    return table


def meetings_table(child: Child, today: date) -> Table:
    table = _table("Date", "Purpose", "Where")
    for meeting in child.meetings:
        table.add_row(when(meeting, today), ui.text(meeting.purpose), ui.text(meeting.where))
    return table


def show_child(child: Child, today: date) -> None:
    ui.show((child.name, "bold"))
    for key, label in PROFILE_FIELDS[1:]:
        if child.profile.get(key):
            ui.show(f"  {label}: ", child.profile[key])
    ui.blank()
    ui.show(("Contacts", "bold"))
    if not child.contacts:
        ui.show("  None yet. Add them with: iepprep child edit")
    for contact in child.contacts.values():
        reach = ", ".join(part for part in (contact.email, contact.phone) if part)
        ui.show(f"  {contact.label}: ", contact.name, f" ({reach})" if reach else "")
    ui.blank()
    ui.show(("Meetings", "bold"))
    if not child.meetings:
        ui.show("  None yet. Add one with: iepprep meeting add DATE")
    for meeting in child.meetings:
        details = " - ".join(part for part in (meeting.purpose, meeting.where) if part)
        ui.show("  ", when(meeting, today), f" - {details}" if details else "")


def checklists_table(catalog: Catalog) -> Table:
    table = _table("Id", "Title", "Phase", "Items", "Source")
    for checklist in catalog.checklists.values():
        table.add_row(
            ui.text(checklist.id),
            ui.text(checklist.title),
            checklist.phase,
            str(len(checklist.items)),
            checklist.source,
        )
    return table


def show_checklist(checklist: Checklist, child: str | None) -> None:
    from rich.table import Table

    ui.show((fill(checklist.title, child), "bold"), f"  ({checklist.phase}, {len(checklist.items)} items)")
    ui.show(fill(checklist.summary, child))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    for number, item in enumerate(checklist.items, 1):
        lines = [(fill(item.text, child), "bold"), "\nWhy: ", fill(item.why, child)]
        if item.prompt:
            lines += ["\nYou will be asked: ", fill(item.prompt, child)]
        if item.choices:
            lines += ["\nChoices: ", ", ".join(fill(choice, child) for choice in item.choices)]
        grid.add_row("", "")
        grid.add_row(f"{number}.", ui.text(*lines))
    ui.render(grid)
