"""After a disagreement: how a waiting step went, which disagreement to work on (or a new one, with its
dates), the climb up the ladder one step at a time, and the letter that goes with a step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from iepprep import letters, nextsteps, ui, words
from iepprep.checklists import Catalog, fill
from iepprep.conversations import not_empty, pick_number, stopping
from iepprep.dates import as_typed, on_screen, parse_date
from iepprep.errors import IepprepError
from iepprep.files import create_file
from iepprep.ladder import RUNGS, STATE_AGENCY, Recommendation, Rung, deadlines
from iepprep.state import DISAGREEMENT_KINDS, OUTCOMES, Child, Disagreement, Meeting, role_label
from iepprep.views import show_letter
from iepprep.words import N_, _, ngettext

Show = Callable[[Child, Disagreement, Catalog, date], Recommendation]
KIND_LABELS = dict(DISAGREEMENT_KINDS)
OUTCOME_NAMES = {
    "resolved": N_("resolved"),
    "partly": N_("partly"),
    "not resolved": N_("not resolved"),
    "waiting": N_("still waiting"),
}


def next_steps(child: Child, catalog: Catalog, today: date, show: Show) -> None:
    """The whole conversation: follow up what was waiting, pick a disagreement, climb."""
    with stopping(lambda: _("Everything you entered is saved."), lambda: _("To go on, run: iepprep next-steps")):
        follow_up_waiting(child)
        disagreement = choose_disagreement(child, today)
        climb(child, disagreement, catalog, today, show)


def edit(child: Child, catalog: Catalog, today: date, show: Show) -> None:
    """Change an open disagreement's kind and the dates its deadlines count from."""
    command = words.command("iepprep next-steps --edit")
    with stopping(
        lambda: _("Every change you entered is saved."), lambda: _("To go on, run: {command}").format(command=command)
    ):
        disagreement = choose_open(child)
        ui.show((_("Changing: "), "bold"), disagreement.topic)
        kind = _ask_kind(disagreement.kind)
        start = deadlines(child, disagreement, today)[-1].start
        known = disagreement.known_date or (start.isoformat() if start else today.isoformat())
        answers: dict[str, Any] = {"kind": kind}
        answers.update(
            _ask_dates(kind, known, disagreement.violation, disagreement.violation_date, disagreement.ongoing)
        )
        changed = nextsteps.change_disagreement(child, disagreement, answers)
        if changed:
            ui.show(_("Saved the new {fields}.").format(fields=", ".join(name.replace("_", " ") for name in changed)))
        else:
            ui.show(_("Nothing changed."))
        show(child, disagreement, catalog, today)


def ask_outcome() -> str:
    question = _("How did it go? 1 resolved, 2 partly, 3 not resolved, 4 still waiting")
    return OUTCOMES[int(ui.ask(question, check=pick_number(len(OUTCOMES)))) - 1]


def follow_up_waiting(child: Child) -> None:
    """Ask how each step that was waiting went."""
    for disagreement in (d for d in child.disagreements if d.is_open):
        for step in disagreement.waiting():
            rung = RUNGS.get(step.rung)
            title = _(rung.title) if rung else step.rung
            ui.show(
                (_("Last time: "), "bold"),
                _("{step} ({day}) for ").format(step=title, day=on_screen(step.date)),
                disagreement.topic,
            )
            nextsteps.record_outcome(child, step, ask_outcome())


def choose_disagreement(child: Child, today: date) -> Disagreement:
    """An open disagreement to continue, or a new one (with the offer of prior written notice)."""
    open_ones = [d for d in child.disagreements if d.is_open]
    if open_ones:
        ui.show((_("Open disagreements:"), "bold"))
        for number, disagreement in enumerate(open_ones, 1):
            ui.show(f"  {number}. ", disagreement.topic)
        ui.show(f"  {len(open_ones) + 1}. " + _("A new disagreement"))
        picked = int(ui.ask(_("Which one"), str(len(open_ones)), check=pick_number(len(open_ones) + 1)))
        if picked <= len(open_ones):
            return open_ones[picked - 1]
    disagreement = new_disagreement(child, today)
    offer_prior_written_notice(child, disagreement, today)
    return disagreement


def choose_open(child: Child) -> Disagreement:
    """One open disagreement, to change: the only one, or the one the parent picks."""
    open_ones = [d for d in child.disagreements if d.is_open]
    if not open_ones:
        raise IepprepError(
            _("No open disagreement is on record for {child}; start one with: iepprep next-steps").format(
                child=child.name
            )
        )
    if len(open_ones) == 1:
        return open_ones[0]
    ui.show((_("Open disagreements:"), "bold"))
    for number, disagreement in enumerate(open_ones, 1):
        ui.show(f"  {number}. ", disagreement.topic)
    return open_ones[int(ui.ask(_("Which one"), check=pick_number(len(open_ones)))) - 1]


def new_disagreement(child: Child, today: date) -> Disagreement:
    """Ask for a disagreement's topic, kind, meeting, and the dates its deadlines count from; save it."""
    meeting, offered = nextsteps.offered_topics(child, today)
    if offered:
        ui.show(_("From your notes of the meeting on {day}:").format(day=meeting.day if meeting else ""))
        for number, note in enumerate(offered, 1):
            ui.show(f"  {number}. ", note.text)
        question = _("Type a number to pick one, or the topic in a few words")
        answer = ui.ask(question, check=pick_number(len(offered), True))
        topic = offered[int(answer) - 1].text if answer.strip().isdigit() else answer
    else:
        topic = ui.ask(_("What is the disagreement about, in a few words"), check=not_empty)
    kind = _ask_kind()
    came_from = _ask_meeting(child, meeting)
    known = came_from.date if came_from and came_from.date else today.isoformat()
    return nextsteps.open_disagreement(child, topic, came_from, {"kind": kind, **_ask_dates(kind, known)})


def _ask_kind(current: str | None = None) -> str:
    ui.show(_("What kind of disagreement is it?"))
    keys = [key for key, _label in DISAGREEMENT_KINDS]
    for number, key in enumerate(keys, 1):
        ui.show(f"  {number}. {_(KIND_LABELS[key])}")
    default = str(keys.index(current) + 1) if current in keys else None
    return keys[int(ui.ask(_("Kind"), default, check=pick_number(len(keys)))) - 1]


def _ask_dates(
    kind: str, known: str, violation: bool = False, violation_date: str = "", ongoing: bool = False
) -> dict[str, Any]:
    """When the parent first knew, or should have (due process counts from it); and, when the school is
    not doing what the IEP or the law requires, when that happened (a state complaint counts from it)."""
    question = _(
        "When did you first learn of this, or when should you have? (For example, the day you got the IEP or a "
        "notice.) For example 6/1/2026"
    )
    fields: dict[str, Any] = {"known_date": ui.ask(question, as_typed(known), check=_a_date)}
    if kind != "legal":
        violation = ui.confirm(
            _(
                "Is the school not doing something the IEP or the law requires, for example services in the IEP "
                "not given?"
            ),
            violation,
        )
    if kind != "legal" and not violation:
        return {**fields, "violation": False, "violation_date": "", "ongoing": False}
    fields["violation"] = True
    fields["violation_date"] = ui.ask(
        _(
            "When did it happen? If it is still happening, the last time it did. For example 9/15/2026 "
            "(Enter if you are not sure; - to clear)"
        ),
        as_typed(violation_date),
        check=lambda text: "" if text.strip() in ("", "-") else _a_date(text),
    )
    fields["ongoing"] = ui.confirm(_("Is it still happening?"), ongoing)
    return fields


def _a_date(text: str) -> str:
    """A date that happened: 'Friday' or '6/1' mean the latest one, not the coming one."""
    return parse_date(text, past=True).isoformat()


def _ask_meeting(child: Child, default: Meeting | None) -> Meeting | None:
    def check(text: str) -> str:
        if text.strip() in ("", "-"):
            return text.strip()
        if child.meeting_on(parse_date(text, past=True)) is None:
            raise IepprepError(
                _("No meeting on {day} is on record; type another date, or - for none.").format(day=text.strip())
            )
        return text.strip()

    shown = as_typed(default.date) if default and default.date else "-"
    answer = ui.ask(_("The meeting it came from, for example 11/20/2026 (- for none)"), shown, check=check)
    return child.meeting_on(parse_date(answer, past=True)) if answer not in ("", "-") else None


def offer_prior_written_notice(child: Child, disagreement: Disagreement, today: date) -> Path | None:
    """Offer the letter that asks the school to put its decision, and its reasons, in writing."""
    from iepprep.rules import state

    ui.show((_("Ask for the school's answer in writing.") + " ", "bold"), state("pwn").line)
    if not ui.confirm(_("Draft that letter now (prior written notice)?"), True):
        ui.show(_("You can draft it later with: iepprep letter pwn-request"))
        return None
    facts = letters.Facts(child, today, "case-manager", letters.meeting_for(child, today), disagreement)
    return save_letter(letters.draft("pwn-request", facts, language=letter_language()), child, today)


def walk_strategies(child: Child, disagreement: Disagreement, catalog: Catalog) -> int:
    """Go through the ways of working it through not tried yet; record each one the parent has tried."""
    checklist = catalog.checklists.get("conflict")
    if checklist is None:
        return 0
    ui.show(
        (_("Ways of working through a disagreement."), "bold"),
        " " + _("Have you tried each of these? (y yes, n not yet; Enter skips)"),
    )
    recorded = 0
    for item in checklist.items:
        if item.id in disagreement.strategies:
            continue
        ui.show("  ", (fill(item.text, child.name), "bold"), ("  " + fill(item.why, child.name), "dim"))
        if ui.ask("  " + _("Tried it"), "", check=_yes_no_blank) == "yes":
            nextsteps.tried(child, disagreement, item.id)
            recorded += 1
    return recorded


def _yes_no_blank(text: str) -> str:
    word = text.strip().casefold()
    if not word:
        return ""
    said = ui.yes_or_no_word(word) or ("n" if word in ("not yet", "aún no", "aun no") else "")
    if said:
        return "yes" if said == "y" else "no"
    raise IepprepError(_("Please type y or n, or press Enter."))


def ensure_contact(child: Child, rung: Rung) -> None:
    """When nobody is on record to ask for this step, ask for a name and keep it."""
    if rung.contact_role == STATE_AGENCY:
        return
    contact = child.contacts.get(rung.contact_role)
    if contact and contact.name:
        return
    question = _("The name of the {role} (Enter if you do not know yet)").format(role=_(role_label(rung.contact_role)))
    name = ui.ask(question, "")
    if name.strip():
        nextsteps.keep_contact(child, rung.contact_role, name.strip())
    else:
        ui.show(_("Add the contact's name when you know it, with: iepprep child edit"))


def climb(child: Child, disagreement: Disagreement, catalog: Catalog, today: date, show: Show) -> None:
    """Show where the disagreement stands and take the next step with the parent.

    Working it through goes over the conflict strategies and asks how it went,
    then moves on; any other step is recorded as started, with its letter.
    """
    while True:
        rec = show(child, disagreement, catalog, today)
        if rec.status == "resolved" and disagreement.is_open:
            if ui.confirm(_("Mark this disagreement as resolved?"), True):
                nextsteps.close(child, disagreement)
                ui.show(_("Marked as resolved."))
            return
        if rec.status != "next" or rec.rung is None:
            return
        rung = rec.rung
        if rung.id == "collaborate":
            count = walk_strategies(child, disagreement, catalog)
            ui.show(
                ngettext("Recorded {count} way you have tried.", "Recorded {count} ways you have tried.", count).format(
                    count=count
                )
            )
            nextsteps.record_step(child, disagreement, rung, ask_outcome(), today)
            continue
        if not ui.confirm(_("Will you take this step now ({step})?").format(step=_(rung.title).lower()), True):
            ui.show(_("Nothing was recorded. Run iepprep next-steps again when you are ready."))
            return
        ensure_contact(child, rung)
        nextsteps.record_step(child, disagreement, rung, "waiting", today)
        ui.show(_("Recorded: {step}, started {day}.").format(step=_(rung.title), day=on_screen(today)))
        ui.show(_("Run iepprep next-steps again to record how it went."))
        if rung.letter:
            role = "director-of-special-education" if rung.contact_role == STATE_AGENCY else rung.contact_role
            facts = letters.Facts(child, today, role, letters.meeting_for(child, today), disagreement)
            save_letter(letters.draft(rung.letter, facts, language=letter_language()), child, today)
        return


def letter_language() -> str:
    """The language the school's letter is written in: asked once a run, when the parent reads another language
    than English (a parent who reads Spanish may still send the school a letter in English)."""
    from iepprep import language

    if language.current() == language.ENGLISH:
        return language.ENGLISH
    if not language.for_letters():
        codes = list(language.LANGUAGES)
        question = _("In which language do you want the letter? {choices}").format(
            choices=", ".join(f"{n} {language.LANGUAGES[code]}" for n, code in enumerate(codes, 1))
        )
        default = str(codes.index(language.current()) + 1)
        language.keep_for_letters(codes[int(ui.ask(question, default, check=pick_number(len(codes)))) - 1])
    return language.for_letters()


def save_letter(draft: letters.Draft, child: Child, today: date) -> Path | None:
    """Save a letter where the parent says (never over a file), then say where it is and what to do.

    "yes" keeps the name offered and "no" saves nothing; a name typed without an ending gets `.txt`.
    """
    suggested = str(Path.cwd() / letters.file_name(child, draft.kind, today))

    def check(answer: str) -> str:
        said = ui.yes_or_no_word(answer)
        if said:
            return suggested if said == "y" else ""
        path = Path(answer).expanduser()
        if not path.suffix:
            path = path.with_name(path.name + ".txt")
        if path.exists() or path.is_symlink():
            raise IepprepError(
                _("{path} already exists; type another name so it is not overwritten.").format(path=path)
            )
        if not path.parent.is_dir():
            raise IepprepError(_("The folder {folder} does not exist; type another place.").format(folder=path.parent))
        return str(path)

    chosen = ui.ask(_("Save the letter as (Enter keeps this name; no saves nothing)"), suggested, check=check)
    if not chosen:
        ui.show(
            _("The letter was not saved. Draft it again any time with: {command}").format(
                command=words.command(f"iepprep letter {draft.kind}")
            )
        )
        return None
    path = create_file(Path(chosen), draft.text)
    show_letter(draft, path)
    return path
