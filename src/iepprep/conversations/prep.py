"""Getting ready: the walk through a checklist, one item at a time, each answer saved as it is given."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from iepprep import meetings, ui, words
from iepprep.checklists import Item, fill
from iepprep.conversations import stopping
from iepprep.dates import on_screen, parse_date, parse_time
from iepprep.errors import EndOfInput, IepprepError, Quit
from iepprep.state import Child, Meeting
from iepprep.walk import Walk
from iepprep.words import _, ngettext

AfterAnswer = Callable[[Any], None]


class _Back(Exception):
    pass


class _Skip(Exception):
    pass


def walk_checklist(walk: Walk, positions: list[int], resume: str, after: dict[str, AfterAnswer] | None = None) -> None:
    """Ask the items at `positions` in turn; /back, /skip, /why and /quit work at every item."""
    items = walk.checklist.items
    step = 0

    def saved() -> str:
        return said_this_sitting(walk)

    def go_on() -> str:
        return _("To pick up at item {number} of {total}, run: {command}").format(
            number=positions[min(step, len(positions) - 1)] + 1, total=len(items), command=resume
        )

    with stopping(saved, go_on):
        while step < len(positions):
            item = items[positions[step]]
            try:
                value = _ask(walk, item, positions[step])
            except _Back:
                if step == 0:
                    ui.show((_("This is the first item; there is none before it."), "dim"))
                step = max(0, step - 1)
                continue
            except _Skip:
                walk.skip(item)
                ui.show(("  " + _("skipped; it stays open"), "dim"))
            else:
                walk.answer(item, value)
                if item.kind in ("check", "choice", "yesno", "date"):  # said back, so a slip is seen at once
                    shown = on_screen(value) if item.kind == "date" else Item.show(value)
                    ui.show(("  " + _("saved: {answer}").format(answer=shown), "dim"))
                if after and item.id in after:
                    after[item.id](value)
            step += 1


def said_this_sitting(walk: Walk) -> str:
    """'2 answers are saved. 1 item was skipped; it stays open.', or that nothing was answered."""
    parts = []
    if walk.answered_now:
        parts.append(
            ngettext("{count} answer is saved.", "{count} answers are saved.", walk.answered_now).format(
                count=walk.answered_now
            )
        )
    if walk.skipped_now:
        parts.append(
            ngettext(
                "{count} item was skipped; it stays open.",
                "{count} items were skipped; they stay open.",
                walk.skipped_now,
            ).format(count=walk.skipped_now)
        )
    if walk.draft_kept:
        parts.append(_("The list you were typing is kept as you left it."))
    return " ".join(parts) or _("Nothing was answered this time.")


def _ask(walk: Walk, item: Item, position: int) -> Any:
    child = walk.child.name
    ui.blank()
    ui.show((_("Item {number} of {total}").format(number=position + 1, total=len(walk.checklist.items)), "dim"))
    ui.show((fill(item.text, child), "bold"))
    hints = _("Type /why to see why this matters, /back, /skip or /quit.")
    if item.kind == "text":
        hints += " " + (
            _("Type /edit to write a longer answer in your editor.")
            if ui.editor()
            else _("Type /edit to write a longer answer over several lines.")
        )
    ui.show((hints, "dim"))
    default = walk.default_for(item)
    if walk.offered_from_before(item):
        ui.show((_("Offered from the last meeting: press Enter to keep it."), "dim"))
    if item.kind == "list":
        return _ask_list(walk, item, default)
    while True:
        text = ui.read_line(ui.prompt_text(item.question(child), Item.show(default) if default is not None else None))
        if _control(item, child, text):
            continue
        if text == "":
            if default is not None:
                return default
            raise _Skip
        if text.strip() == "/edit" and item.kind == "text":
            edited = _edit(default)
            if edited is None:
                continue
            text = edited
        try:
            return item.parse(text)
        except IepprepError as problem:
            ui.error(str(problem))


def _edit(default: Any) -> str | None:
    """A longer answer: in the parent's editor, or line by line right here when none is set.

    What was written is shown back before it is saved.
    """
    editor = ui.editor()
    try:
        text = ui.edit_text(str(default or ""), editor) if editor else _type_lines()
    except IepprepError as problem:
        ui.error(str(problem))
        return None
    if not text.strip():
        ui.show(_("Nothing was written, so nothing changed."))
        return None
    ui.show((_("Your answer:"), "bold"))
    for line in text.splitlines():
        ui.show("  ", line)
    return text


def _type_lines() -> str:
    """Several lines typed in the terminal, ended by a line holding only a dot, or by Ctrl-D."""
    ui.show(
        _(
            "Type your answer over as many lines as you need. "
            "To finish, type a line with only a dot (.) or press Ctrl-D."
        )
    )
    lines: list[str] = []
    while True:
        try:
            line = ui.read_line("  ")
        except EndOfInput:
            break
        if line.strip() == ".":
            break
        lines.append(line)
    return "\n".join(lines)


def _control(item: Item, child: str, text: str) -> bool:
    """Act on /why (True: ask again), /back, /skip and /quit; False for an answer."""
    word = text.strip().casefold()
    if word == "/why":
        ui.show((_("Why: "), "bold"), fill(item.why, child))
        for line in item.rule_lines():
            ui.show((_("The rule: "), "bold"), line)
        from iepprep.glossary import terms_in

        terms = terms_in(fill(item.text, child) + " " + fill(item.why, child))
        if terms:
            ui.show(
                (_("Words: "), "bold"),
                _("{terms} - what they mean: {command}").format(
                    terms=", ".join(terms), command=words.command("iepprep glossary")
                ),
            )
        return True
    if word == "/back":
        raise _Back
    if word == "/skip":
        raise _Skip
    if word == "/quit":
        raise Quit
    return False


def _ask_list(walk: Walk, item: Item, default: Any) -> list[str]:
    """One entry per line; an empty line ends the list. Entries typed are kept if the parent stops."""
    child = walk.child.name
    ui.show(fill(item.prompt, child) if item.prompt else _("One entry per line; an empty line ends the list."))
    entries = walk.draft(item)
    if entries:
        ui.show(_("Typed before you stopped; go on adding, or press Enter to finish:"))
        for entry in entries:
            ui.show("  - ", entry)
    elif default:
        ui.show(_("Now: "), Item.show(default), ("  " + _("(press Enter to keep it, or type a new list)"), "dim"))
    typed = len(entries)
    try:
        while True:
            line = ui.read_line("  - ")
            if _control(item, child, line):
                continue
            if line == "":
                break
            entries.append(line)
    except (EndOfInput, KeyboardInterrupt):
        if len(entries) > typed:
            walk.keep_draft(item, entries)
        raise
    if entries:
        return entries
    if default:
        return list(default)
    raise _Skip


def new_meeting(child: Child, day: date | None) -> Meeting:
    """Ask what is missing about the meeting to get ready for (date, time, purpose, place), and record it."""
    if day is None:
        typed = ui.ask(
            _("The meeting's date, for example 12/8/2026 (press Enter if it is not scheduled yet)"),
            "",
            check=lambda text: parse_date(text).isoformat() if text.strip() else "",
        )
        day = date.fromisoformat(typed) if typed else None
    time = ""
    if day is not None:
        time = ui.ask(
            _("What time it starts, for example 3:30pm (Enter if you do not know yet)"),
            "",
            check=lambda text: parse_time(text) if text.strip() else "",
        )
    purpose = ui.ask(_("What the meeting is for, for example annual review (Enter to leave it out)"), "")
    where = ui.ask(_("Where it takes place (Enter to leave it out)"), "")
    return meetings.add(child, day, purpose=purpose, where=where, time=time)
