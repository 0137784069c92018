"""How records, checklists and the ladder look on screen.

Views only arrange; `ui` draws. Every piece of the parent's text goes through
`ui`, so it is shown literally, and every sentence of ours is marked for the
catalog of words.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from iepprep import ui
from iepprep.checklists import Catalog, Checklist, Item, fill
from iepprep.dates import on_screen
from iepprep.notes import kind_count, kind_name
from iepprep.prep import Readiness
from iepprep.state import DISAGREEMENT_KINDS, PROFILE_FIELDS, Child, Disagreement, Meeting, Note
from iepprep.words import _, command, ngettext

if TYPE_CHECKING:
    from pathlib import Path

    from iepprep.followup import CarryOver
    from iepprep.ladder import Recommendation
    from iepprep.letters import Draft

OPEN_SHOWN = 8


def children_table(kids: list[Child], today: date) -> None:
    rows: list[list[ui.Cell]] = []
    for child in kids:
        upcoming = child.next_meeting(today)
        when = upcoming.when(today) if upcoming else _("none on record")
        rows.append([child.name, child.profile.get("school", ""), child.profile.get("grade", ""), when])
    ui.grid(rows, headers=[_("Child"), _("School"), _("Grade"), _("Next meeting")])


def meetings_table(child: Child, today: date) -> None:
    rows: list[list[ui.Cell]] = [[m.when(today), m.purpose, m.where] for m in child.meetings_in_order]
    ui.grid(rows, headers=[_("Date"), _("Purpose"), _("Where")])


def checklists_table(catalog: Catalog) -> None:
    rows: list[list[ui.Cell]] = [
        [c.id, c.title, c.phase, str(len(c.items)), _("bundled") if c.bundled else _("own")]
        for c in catalog.checklists.values()
    ]
    ui.grid(rows, headers=[_("Id"), _("Title"), _("Phase"), _("Items"), _("Source")])


def show_child(child: Child, today: date) -> None:
    ui.show((child.name, "bold"))
    for key, label in PROFILE_FIELDS[1:]:
        if child.profile.get(key):
            value = on_screen(child.profile[key]) if key == "birth_date" else child.profile[key]
            ui.show(f"  {_(label)}: ", value)
    ui.blank()
    ui.show((_("Contacts"), "bold"))
    if not child.contacts:
        ui.show("  " + _("None yet. Add them with: iepprep child edit"))
    for contact in child.contacts.values():
        reach = ", ".join(part for part in (contact.email, contact.phone) if part)
        ui.show(f"  {_(contact.label)}: ", contact.name, f" ({reach})" if reach else "")
    ui.blank()
    ui.show((_("Meetings"), "bold"))
    if not child.meetings:
        ui.show("  " + _("None yet. Add one with: iepprep meeting add DATE"))
    for meeting in child.meetings_in_order:
        details = " - ".join(part for part in (meeting.purpose, meeting.where) if part)
        ui.show("  ", meeting.when(today), f" - {details}" if details else "")


def show_checklist(checklist: Checklist, child: str | None) -> None:
    count = ngettext("{count} item", "{count} items", len(checklist.items)).format(count=len(checklist.items))
    ui.show((fill(checklist.title, child), "bold"), f"  ({checklist.phase}, {count})")
    ui.show(fill(checklist.summary, child))
    rows: list[list[ui.Cell]] = []
    for number, item in enumerate(checklist.items, 1):
        kind = item.kind + (", " + _("optional") if item.optional else "")
        lines: list[ui.Part] = [(fill(item.text, child), "bold"), "\n" + _("Why: "), fill(item.why, child)]
        lines += ["\n", (_("Id: {id} ({kind})").format(id=item.id, kind=kind), "dim")]
        if item.prompt:
            lines += ["\n" + _("You will be asked: "), fill(item.prompt, child)]
        if item.choices:
            lines += ["\n" + _("Choices: "), ", ".join(fill(choice, child) for choice in item.choices)]
        for line in item.rule_lines():
            lines += ["\n" + _("The rule: "), line]
        rows += [["", ""], [f"{number}.", lines]]
    ui.grid(rows, right=(0,), fold=(1,))


def meeting_title(child: Child, meeting: Meeting, today: date) -> str:
    if meeting.date:
        return _("{child}'s meeting on {when}").format(child=child.name, when=meeting.when(today))
    return _("{child}'s meeting (not scheduled yet)").format(child=child.name)


def show_review(child: Child, meeting: Meeting, checklist: Checklist, today: date) -> None:
    """Every item with its status and answer, exactly as the parent gave it."""
    ui.show((fill(checklist.title, child.name), "bold"), " - ", meeting_title(child, meeting, today))
    answers = child.answers_for(meeting, checklist.id)
    rows: list[list[ui.Cell]] = []
    for number, item in enumerate(checklist.items, 1):
        answer = answers.get(item.id)
        body: list[ui.Part] = [fill(item.text, child.name)]
        if answer is not None and item.kind != "check" and answer.status == "answered":
            body += ["\n", (ui.symbol("→ ", _("Your answer: ")), "dim"), Item.show(answer.value)]
        rows.append([f"{number}.", f"[{item.status(answer)}]", body])
    ui.grid(rows, right=(0,), fold=(2,))


def show_readiness(child: Child, meeting: Meeting, checklist: Checklist, ready: Readiness, today: date) -> None:
    ui.blank()
    ui.show((_("Where you stand"), "bold"), " - ", meeting_title(child, meeting, today))
    ui.show(
        _("{answered} answered, {skipped} skipped, {not_yet} not yet (of {total}).").format(
            answered=len(ready.answered),
            skipped=len(ready.skipped),
            not_yet=len(ready.not_yet),
            total=len(checklist.items),
        )
    )
    if ready.still_open:
        ui.show((_("Still open:"), "bold"))
        for item in ready.still_open[:OPEN_SHOWN]:
            ui.show(f"  {checklist.items.index(item) + 1}. ", fill(item.text, child.name))
        more = len(ready.still_open) - OPEN_SHOWN
        if more > 0:
            ui.show("  " + _("...and {count} more; see them all with: iepprep prep --review").format(count=more))
    for nudge in ready.nudges:
        ui.show((ui.symbol("* ", ""), "bold"), nudge)


def _who_and_when(note: Note, always: bool = False) -> str:
    parts = [
        _("who: {who}").format(who=note.who) if note.who else (_("who: not named") if always else ""),
        _("by {day}").format(day=on_screen(note.due)) if note.due else (_("no date") if always else ""),
    ]
    shown = ", ".join(part for part in parts if part)
    return f"  ({shown})" if shown else ""


def show_notes(meeting: Meeting, kind: str | None, include_taken_back: bool) -> int:
    """The meeting's notes in order with time and kind; returns how many were shown."""
    from iepprep.notes import clock

    rows: list[list[ui.Cell]] = []
    for note in meeting.notes:
        if (note.retracted and not include_taken_back) or (kind and note.kind != kind):
            continue
        details: list[ui.Part] = [note.text, (_who_and_when(note), "dim")]
        if note.retracted:
            details.append(("  " + _("(taken back)"), "dim"))
        rows.append([clock(note.at), kind_name(note.kind), details])
    if rows:
        ui.grid(rows, fold=(2,), gap=2)
    return len(rows)


def show_summary(child: Child, meeting: Meeting, today: date, next_steps: str, follow_up: str) -> None:
    """What the meeting's notes hold, then the one command most worth running next."""
    from iepprep.notes import people_in_the_room, summarize

    summary = summarize(child, meeting)
    ui.blank()
    ui.show((_("Summary - ") + meeting_title(child, meeting, today), "bold"))
    total = sum(summary.counts.values())
    kinds = ", ".join(kind_count(kind, count) for kind, count in summary.counts.most_common())
    counted = ngettext("{count} note", "{count} notes", total).format(count=total)
    ui.show(counted + (f": {kinds}." if kinds else "."))
    if meeting.attendees:
        ui.show(_("In the room: "), people_in_the_room(meeting))
    for part, text in summary.wrap_up.items():
        ui.show(f"{_(part).capitalize()}: ", text)
    sections: list[tuple[str, list[list[ui.Part]]]] = [
        (_("Decisions"), [[n.text] for n in summary.decisions]),
        (_("Action items"), [[n.words, (_who_and_when(n, always=True), "dim")] for n in summary.actions]),
        (_("Disagreements"), [[n.text] for n in summary.disagreements]),
        (_("To come back to"), [[n.text] for n in summary.later]),
        (_("Prepared questions not marked as asked"), [[q] for q in summary.not_asked]),
    ]
    for title, lines in sections:
        if lines:
            ui.show((title, "bold"))
            for line in lines:
                ui.show("  - ", *line)
    ui.blank()
    if summary.not_yet_followed:
        ui.show(
            _("You noted a disagreement. To see your options and the next step, run: {command}").format(
                command=next_steps
            )
        )
    elif summary.decisions or summary.actions:
        ui.show(_("Next, put what was decided in writing for the team, run: {command}").format(command=follow_up))


def show_ladder(child: Child, disagreement: Disagreement, catalog: Catalog, today: date) -> Recommendation:
    """Where a disagreement stands on the ladder: any deadline that is close first, then the next step
    and why, the rules for it, whom to ask, and every deadline with the date it counts from."""
    from iepprep import ladder

    kind = _(dict(DISAGREEMENT_KINDS)[disagreement.kind])
    came_from = child.meeting_by_id(disagreement.meeting) if disagreement.meeting else None
    ui.blank()
    ui.show((_("Disagreement: "), "bold"), disagreement.topic, (f"  [{disagreement.short_id}]", "dim"))
    about = _("About {kind}").format(kind=kind)
    if came_from and came_from.date:
        about += "; " + _("from the meeting on {day}").format(day=came_from.day)
    ui.show(about + ("; " + _("resolved.") if not disagreement.is_open else "."))
    rec = ladder.recommend(child, disagreement, today)
    for line in rec.urgent:
        ui.show(("! ", "bold"), (line, "bold"))
    _ladder_grid(child, disagreement, rec, today)
    for line in rec.skipped:
        ui.show("  ", line)
    if rec.rung and rec.status == "next":
        _next_step(child, rec, catalog)
    else:
        for reason in rec.reasons:
            ui.show(reason)
    if disagreement.kind in ladder.STAY_PUT_KINDS and disagreement.is_open:
        ui.show(ladder.placement_note(child))
    if disagreement.is_open and disagreement.breaks_a_rule:
        _services_evidence(child, today)
    if disagreement.is_open:
        ui.show((_("Deadlines:"), "bold"))
        for deadline in ladder.deadlines(child, disagreement, today):
            ui.show("  - ", deadline.describe())
        ui.show(
            (
                "  "
                + _("To change the dates these count from, or the kind: {command}").format(
                    command=command(ladder.EDIT_DATES)
                ),
                "dim",
            )
        )
    if ladder.encourages(rec.rung):
        ui.show((_(ladder.ENCOURAGEMENT), "italic"))
    ui.show((_(ladder.NOT_LEGAL_ADVICE), "dim"))
    return rec


def _services_evidence(child: Child, today: date) -> None:
    """Minutes of services not given, from the parent's log: evidence for a state complaint."""
    from iepprep import services

    short = services.shortfalls(child, today)
    if not short:
        return
    ui.show((_("Evidence from your services log:"), "bold"))
    for each in short:
        ui.show("  - ", services.shortfall_line(each))
    ui.show(
        "  "
        + _("The complaint outline lists them month by month: {command}").format(
            command=command("iepprep letter complaint-outline")
        )
    )


def _ladder_grid(child: Child, disagreement: Disagreement, rec: Recommendation, today: date) -> None:
    from iepprep import ladder

    rows: list[list[ui.Cell]] = []
    for number, rung in enumerate(ladder.ladder_for(child, disagreement, today), 1):
        status = ladder.rung_status(disagreement, rung)
        last = next((s for s in reversed(disagreement.steps) if s.rung == rung.id), None)
        marker = (
            ui.symbol(_("next ->"), _("This is the next step.")) if rec.rung is rung and rec.status == "next" else ""
        )
        shown = ladder.outcome_name(status) + (f" ({on_screen(last.date)})" if last else "")
        rows.append([f"{number}.", _(rung.title), shown, marker])
    ui.grid(rows, right=(0,), fold=(1,), gap=2, labels=["", "", _("Where it stands"), ""])


def _next_step(child: Child, rec: Recommendation, catalog: Catalog) -> None:
    from iepprep import ladder

    assert rec.rung is not None  # noqa: S101 - the caller checked
    ui.blank()
    ui.show((_("Next step: ") + _(rec.rung.title), "bold"))
    for reason in rec.reasons + ladder.explanation(catalog, rec.rung, child.name):
        ui.show("  ", reason)
    for line in ladder.rule_lines(rec.rung):
        ui.show("  " + _("The rule: "), line)
    for label, who in ladder.recipients(child, rec.rung):
        ui.show(f"  {label}: ", who)


def show_rules() -> None:
    """Every rule in the table with its value, its source and its citation; then the parent's settings."""
    from iepprep import rules

    ui.show((_("The rules iepprep uses"), "bold"))
    ui.show(_(rules.ABOUT_THE_TABLE))
    for key, rule in rules.RULES.items():
        stated = rules.state(key)
        ui.blank()
        ui.show((_(rule.topic), "bold"), (f"  [{key}]", "dim"))
        ui.show("  ", stated.words)
        value = f"{stated.value.text()}, " if stated.value else ""
        ui.show(
            "  "
            + _("{value}{source}. Where it is written: {cite}").format(
                value=value, source=stated.source, cite=rule.cite
            )
        )
    ui.blank()
    ui.show((_("Your state settings"), "bold"), f"  ({rules.settings_path()})")
    current = rules.settings()
    for key in rules.SETTINGS:
        federal = rules.RULES[key].value if key in rules.RULES else None
        if key in current:
            ui.show(f"  {key}: ", current[key])
        elif federal:
            ui.show(f"  {key}: " + _("not set (the federal rule: {value})").format(value=federal.text()))
        else:
            ui.show(f"  {key}: " + _("not set"))
    ui.show(
        _("Set one with: iepprep rules set KEY VALUE. Take the value from your state's procedural safeguards notice.")
    )


def show_carry_over(left: CarryOver) -> None:
    """What the last meeting left open, at the start of getting ready for the next."""
    where = left.source.day if left.source and left.source.date else _("an earlier day")
    ui.show((_("From the meeting on {day}:").format(day=where), "bold"))
    for title, texts in (
        (_("to come back to"), [n.text for n in left.later]),
        (_("actions still open"), [n.words for n in left.open_actions]),
        (_("questions not asked"), left.unasked),
    ):
        for text in texts:
            ui.show(f"  {title}: ", text)


def show_notes_header(child: Child, meeting: Meeting, catalog: Catalog, today: date, added: bool) -> None:
    """The top of the notes screen: the meeting, the habits, the prepared questions, how to type."""
    from iepprep.checklists import habits_line
    from iepprep.conversations.notes import HINT

    saved = " - " + _("each line is saved as you press Enter.")
    if added:
        saved += " " + _("(This meeting was just put on record.)")
    ui.show((_("Notes for "), "bold"), (meeting_title(child, meeting, today), "bold"), saved)
    if "during" in catalog.checklists:
        ui.show((_("Habits: "), "bold"), habits_line(catalog.checklists["during"], child.name))
    prepared = child.prepared_questions(meeting)
    if prepared:
        ui.show((_("Your questions: "), "bold"), "  ".join(f"{n}. {q}" for n, q in enumerate(prepared, 1)))
    ui.show((_(HINT), "dim"))


def show_letter(draft: Draft, path: Path | None) -> None:
    """Where a letter was saved (or the letter itself), then what to fill and what is only for the parent.

    On screen, the letter goes to standard output and the rest to standard error, so `> file` keeps only the letter.
    """
    if path is None:
        for line in draft.text.splitlines():
            ui.show(line)
        ui.error("")
    else:
        ui.show(_("The letter is in {path}.").format(path=path))
    say = ui.error if path is None else ui.show
    if draft.blanks:
        say(
            ngettext(
                "Fill the [BLANK TO FILL] before you send it.",
                "Fill each [BLANK TO FILL] ({count} of them) before you send it.",
                draft.blanks,
            ).format(count=draft.blanks)
        )
    for line in draft.for_you:
        say(line if path is None else "  " + line)


def show_welcome(folder: Path) -> None:
    """The first screen a parent sees: what iepprep does, what it is not, where their words stay, how to stop."""
    ui.show((_("Welcome to iepprep."), "bold"))
    for line in (
        _(
            "It helps you get ready for your child's IEP meetings, take notes while they happen, "
            "and find the next step when you and the school disagree."
        ),
        _("It gives general information, not legal advice."),
        _("Everything you type stays on this computer, in {folder}. Nothing is sent anywhere.").format(folder=folder),
        _("You can stop at any time with Ctrl-C. What you typed is kept, and iepprep tells you how to go on."),
    ):
        ui.show(line)
    ui.blank()
