"""How records and checklists look on screen. Every piece of the parent's text goes
through `ui.text`, so it is shown literally."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from iepprep import ui
from iepprep.checklists import Catalog, Checklist, fill
from iepprep.dates import describe_days, on_screen
from iepprep.prep import Readiness
from iepprep.state import DISAGREEMENT_KINDS, PROFILE_FIELDS, Child, Disagreement, Meeting
from iepprep.walk import SKIPPED_WORD, rule_lines, show_value, status_word

if TYPE_CHECKING:
    from rich.table import Table

    from iepprep.ladder import Recommendation


def _table(*headers: str) -> Table:
    from rich.table import Table

    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    for header in headers:
        table.add_column(header, overflow="fold")
    return table


def children_table(kids: list[Child], today: date) -> Table:
    table = _table("Child", "School", "Grade", "Next meeting")
    for child in kids:
        upcoming = child.next_meeting(today)
        table.add_row(
            ui.text(child.name),
            ui.text(child.profile.get("school", "")),
            ui.text(child.profile.get("grade", "")),
            upcoming.when(today) if upcoming else "none on record",
        )
    return table


def meetings_table(child: Child, today: date) -> Table:
    table = _table("Date", "Purpose", "Where")
    for meeting in child.meetings_in_order:
        table.add_row(meeting.when(today), ui.text(meeting.purpose), ui.text(meeting.where))
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
    for meeting in child.meetings_in_order:
        details = " - ".join(part for part in (meeting.purpose, meeting.where) if part)
        ui.show("  ", meeting.when(today), f" - {details}" if details else "")


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
    grid.add_column(overflow="fold")
    for number, item in enumerate(checklist.items, 1):
        lines: list[ui.Part] = [(fill(item.text, child), "bold"), "\nWhy: ", fill(item.why, child)]
        lines += ["\n", (f"Id: {item.id} ({item.kind}{', optional' if item.optional else ''})", "dim")]
        if item.prompt:
            lines += ["\nYou will be asked: ", fill(item.prompt, child)]
        if item.choices:
            lines += ["\nChoices: ", ", ".join(fill(choice, child) for choice in item.choices)]
        for line in rule_lines(item):
            lines += ["\nThe rule: ", line]
        grid.add_row("", "")
        grid.add_row(f"{number}.", ui.text(*lines))
    ui.render(grid)


OPEN_SHOWN = 8


def meeting_title(child: Child, meeting: Meeting, today: date) -> str:
    return f"{child.name}'s meeting " + (f"on {meeting.when(today)}" if meeting.date else "(not scheduled yet)")


def show_review(child: Child, meeting: Meeting, checklist: Checklist, today: date) -> None:
    """Every item with its status and answer, exactly as the parent gave it."""
    from rich.table import Table

    ui.show((fill(checklist.title, child.name), "bold"), " - ", meeting_title(child, meeting, today))
    answers = child.answers_for(meeting, checklist.id)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for number, item in enumerate(checklist.items, 1):
        answer = answers.get(item.id)
        status = status_word(item, answer)
        body: list[ui.Part] = [fill(item.text, child.name)]
        if answer is not None and item.kind != "check" and status != SKIPPED_WORD:
            body += ["\n", ("→ ", "dim"), show_value(answer.value)]
        grid.add_row(f"{number}.", f"[{status}]", ui.text(*body))
    ui.render(grid)


def show_readiness(child: Child, meeting: Meeting, checklist: Checklist, ready: Readiness, today: date) -> None:
    ui.blank()
    ui.show(("Where you stand", "bold"), " - ", meeting_title(child, meeting, today))
    ui.show(
        f"{len(ready.answered)} answered, {len(ready.skipped)} skipped, {len(ready.not_yet)} not yet "
        f"(of {len(checklist.items)})."
    )
    if ready.days is not None and ready.days >= 0:
        ui.show(f"The meeting is {describe_days(ready.days)}.")
    if ready.still_open:
        ui.show(("Still open:", "bold"))
        for item in ready.still_open[:OPEN_SHOWN]:
            number = checklist.items.index(item) + 1
            ui.show(f"  {number}. ", fill(item.text, child.name))
        if len(ready.still_open) > OPEN_SHOWN:
            ui.show(f"  ...and {len(ready.still_open) - OPEN_SHOWN} more; see them all with: iepprep prep --review")
    for nudge in ready.nudges:
        ui.show(("* ", "bold"), nudge)


def show_notes(meeting: Meeting, kind: str | None, include_taken_back: bool) -> int:
    """The meeting's notes in order with time and kind; returns how many were shown."""
    from rich.table import Table

    from iepprep.meeting import clock

    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    shown = 0
    for note in meeting.notes:
        if (note.retracted and not include_taken_back) or (kind and note.kind != kind):
            continue
        details: list[ui.Part] = [note.text]
        if note.who or note.due:
            details.append(
                (
                    "  ("
                    + ", ".join(
                        p
                        for p in (
                            f"who: {note.who}" if note.who else "",
                            f"by {on_screen(note.due)}" if note.due else "",
                        )
                        if p
                    )
                    + ")",
                    "dim",
                )
            )
        if note.retracted:
            details.append(("  (taken back)", "dim"))
        grid.add_row(clock(note.at), note.kind, ui.text(*details))
        shown += 1
    if shown:
        ui.render(grid)
    return shown


def show_summary(child: Child, meeting: Meeting, today: date) -> None:
    from iepprep.meeting import summarize

    summary = summarize(child, meeting)
    ui.blank()
    ui.show(("Summary - " + meeting_title(child, meeting, today), "bold"))
    total = sum(summary.counts.values())
    kinds = ", ".join(f"{count} {kind}" for kind, count in summary.counts.most_common())
    ui.show(f"{total} note(s)" + (f": {kinds}." if kinds else "."))
    if meeting.attendees:
        ui.show("In the room: ", "; ".join(a.name + (f" ({a.role})" if a.role else "") for a in meeting.attendees))
    for part, text in summary.wrap_up.items():
        ui.show(f"{part.capitalize()}: ", text)
    sections = [
        ("Decisions", [ui.text(n.text) for n in summary.decisions]),
        (
            "Action items",
            [
                ui.text(
                    n.words,
                    (
                        "  ("
                        + ", ".join(
                            x
                            for x in (
                                f"who: {n.who}" if n.who else "who: not named",
                                f"by {on_screen(n.due)}" if n.due else "no date",
                            )
                            if x
                        )
                        + ")",
                        "dim",
                    ),
                )
                for n in summary.actions
            ],
        ),
        ("Disagreements", [ui.text(n.text) for n in summary.disagreements]),
        ("To come back to", [ui.text(n.text) for n in summary.later]),
        ("Prepared questions not marked as asked", [ui.text(q) for q in summary.not_asked]),
    ]
    for title, lines in sections:
        if lines:
            ui.show((title, "bold"))
            for line in lines:
                ui.render(ui.text("  - ") + line)


def show_ladder(child: Child, disagreement: Disagreement, catalog: Catalog, today: date) -> Recommendation:
    """Where a disagreement stands on the ladder: any deadline that is close first, then the next step
    and why, the rules for it, whom to ask, and every deadline with the date it counts from."""
    from iepprep import ladder

    kind = dict(DISAGREEMENT_KINDS)[disagreement.kind]
    came_from = child.meeting_by_id(disagreement.meeting) if disagreement.meeting else None
    ui.blank()
    ui.show(("Disagreement: ", "bold"), disagreement.topic, (f"  [{disagreement.short_id}]", "dim"))
    ui.show(
        f"About {kind}"
        + (f"; from the meeting on {came_from.day}" if came_from and came_from.date else "")
        + ("; resolved." if not disagreement.is_open else ".")
    )
    rec = ladder.recommend(child, disagreement, today)
    for line in rec.urgent:
        ui.show(("! ", "bold"), (line, "bold"))
    grid = _ladder_grid()
    for number, rung in enumerate(ladder.ladder_for(child, disagreement, today), 1):
        status = ladder.rung_status(disagreement, rung)
        last = next((s for s in reversed(disagreement.steps) if s.rung == rung.id), None)
        marker = "next ->" if rec.rung is rung and rec.status == "next" else ""
        grid.add_row(f"{number}.", rung.title, status + (f" ({on_screen(last.date)})" if last else ""), marker)
    ui.render(grid)
    for line in rec.skipped:
        ui.show("  ", line)
    if rec.rung and rec.status == "next":
        ui.blank()
        ui.show(("Next step: " + rec.rung.title, "bold"))
        for reason in rec.reasons + ladder.explanation(catalog, rec.rung, child.name):
            ui.show("  ", reason)
        for line in ladder.rule_lines(rec.rung):
            ui.show("  The rule: ", line)
        for label, who in ladder.recipients(child, rec.rung):
            ui.show(f"  {label}: ", who)
    else:
        for reason in rec.reasons:
            ui.show(reason)
    if disagreement.kind == "placement" and disagreement.is_open:
        ui.show(ladder.placement_note(child))
    if disagreement.is_open:
        ui.show(("Deadlines:", "bold"))
        for deadline in ladder.deadlines(child, disagreement, today):
            ui.show("  - ", deadline.describe())
        ui.show(("  To change the dates these count from, or the kind: " + ladder.EDIT_DATES, "dim"))
    if ladder.encourages(rec.rung):
        ui.show((ladder.ENCOURAGEMENT, "italic"))
    ui.show((ladder.NOT_LEGAL_ADVICE, "dim"))
    return rec


def _ladder_grid() -> Table:
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    return grid


def show_rules() -> None:
    """Every rule in the table with its value, its source and its citation; then the parent's settings."""
    from iepprep import rules

    ui.show(("The rules iepprep uses", "bold"))
    ui.show(rules.ABOUT_THE_TABLE)
    for key, rule in rules.RULES.items():
        stated = rules.state(key)
        ui.blank()
        ui.show((rule.topic, "bold"), (f"  [{key}]", "dim"))
        ui.show("  ", stated.words)
        value = f"{stated.value.text()}, " if stated.value else ""
        ui.show(f"  {value}{stated.source}. Where it is written: {rule.cite}")
    ui.blank()
    ui.show(("Your state settings", "bold"), f"  ({rules.settings_path()})")
    current = rules.settings()
    for key in rules.SETTINGS:
        federal = rules.RULES[key].value if key in rules.RULES else None
        if key in current:
            ui.show(f"  {key}: ", current[key])
        else:
            ui.show(f"  {key}: not set" + (f" (the federal rule: {federal.text()})" if federal else ""))
    ui.show("Set one with: iepprep rules set KEY VALUE. Take the value from your state's procedural safeguards notice.")
