"""After a disagreement: open or continue one, follow up a step, walk the conflict strategies,
and record each step on the ladder as it is taken. Talks only through the prompt seam."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from iepprep import ui
from iepprep.checklists import Catalog, fill
from iepprep.children import Ask
from iepprep.dates import as_typed, on_screen, parse_date
from iepprep.errors import IepprepError
from iepprep.files import create_text
from iepprep.ladder import RUNGS, STATE_AGENCY, Recommendation, Rung
from iepprep.letters import Draft
from iepprep.state import (
    DISAGREEMENT_KINDS,
    OUTCOMES,
    RESOLVED,
    Child,
    Contact,
    Disagreement,
    Meeting,
    Step,
    role_label,
)

OUTCOME_QUESTION = "How did it go? 1 resolved, 2 partly, 3 not resolved, 4 still waiting"


def _pick_number(count: int, allow_text: bool = False) -> Any:
    def check(answer: str) -> str:
        if answer.strip().isdigit() and 1 <= int(answer) <= count:
            return answer.strip()
        if allow_text and answer.strip():
            return answer
        raise IepprepError(f"Please type a number from 1 to {count}" + (", or some words." if allow_text else "."))

    return check


def ask_outcome(ask: Ask) -> str:
    return OUTCOMES[int(ask(OUTCOME_QUESTION, check=_pick_number(len(OUTCOMES)))) - 1]


def record_step(
    child: Child, disagreement: Disagreement, rung: Rung, outcome: str, today: date, detail: str = ""
) -> Step:
    event = child.record.append(
        "step",
        disagreement=disagreement.id,
        rung=rung.id,
        date=today.isoformat(),
        outcome=outcome,
        **({"detail": detail} if detail else {}),
    )
    step = Step(event["id"], rung.id, today.isoformat(), outcome, detail)
    disagreement.steps.append(step)
    return step


def follow_up_waiting(child: Child, ask: Ask) -> None:
    """Ask how each step that was waiting went, and record the answer as an amendment."""
    for disagreement in (d for d in child.disagreements if d.is_open):
        for step in disagreement.waiting():
            rung = RUNGS.get(step.rung)
            ui.show(
                ("Last time: ", "bold"),
                f"{rung.title if rung else step.rung} ({on_screen(step.date)}) for ",
                disagreement.topic,
            )
            outcome = ask_outcome(ask)
            if outcome != step.outcome:
                child.record.append("amend", target=step.id, changes={"outcome": outcome})
                step.outcome = outcome


def choose_disagreement(child: Child, today: date, ask: Ask) -> Disagreement:
    """An open disagreement to continue, or a new one (with the offer of prior written notice)."""
    open_ones = [d for d in child.disagreements if d.is_open]
    if open_ones:
        ui.show(("Open disagreements:", "bold"))
        for number, disagreement in enumerate(open_ones, 1):
            ui.show(f"  {number}. ", disagreement.topic)
        ui.show(f"  {len(open_ones) + 1}. A new disagreement")
        picked = int(ask("Which one", str(len(open_ones)), check=_pick_number(len(open_ones) + 1)))
        if picked <= len(open_ones):
            return open_ones[picked - 1]
    disagreement = new_disagreement(child, today, ask)
    offer_prior_written_notice(child, disagreement, today, ask)
    return disagreement


def choose_open(child: Child, ask: Ask) -> Disagreement:
    """One open disagreement, to change: the only one, or the one the parent picks."""
    open_ones = [d for d in child.disagreements if d.is_open]
    if not open_ones:
        raise IepprepError(f"No open disagreement is on record for {child.name}; start one with: iepprep next-steps")
    if len(open_ones) == 1:
        return open_ones[0]
    ui.show(("Open disagreements:", "bold"))
    for number, disagreement in enumerate(open_ones, 1):
        ui.show(f"  {number}. ", disagreement.topic)
    return open_ones[int(ask("Which one", check=_pick_number(len(open_ones)))) - 1]


def new_disagreement(child: Child, today: date, ask: Ask) -> Disagreement:
    """Put a disagreement on record: its topic, kind, meeting, and the dates its deadlines count from."""
    meeting = child.last_meeting_held(today)
    offered = [n for n in (meeting.live_notes() if meeting else []) if n.kind in ("disagree", "later")]
    if offered:
        ui.show(f"From your notes of the meeting on {meeting.day if meeting else ''}:")
        for number, note in enumerate(offered, 1):
            ui.show(f"  {number}. ", note.text)
        answer = ask("Type a number to pick one, or the topic in a few words", check=_pick_number(len(offered), True))
        topic = offered[int(answer) - 1].text if answer.strip().isdigit() else answer
    else:
        topic = ask("What is the disagreement about, in a few words", check=_not_empty)
    kind = _ask_kind(ask)
    came_from = _ask_meeting(child, meeting, ask)
    fields: dict[str, Any] = {"topic": topic, "kind": kind, "meeting": came_from.id if came_from else ""}
    fields.update(_ask_dates(ask, kind, came_from.date if came_from and came_from.date else today.isoformat()))
    event = child.record.append("disagreement", **fields)
    disagreement = Disagreement(
        id=event["id"],
        topic=topic,
        kind=kind,
        opened=event["at"][:10],
        meeting=fields["meeting"],
        known_date=fields["known_date"],
        violation=fields.get("violation", False),
        violation_date=fields.get("violation_date", ""),
        ongoing=fields.get("ongoing", False),
    )
    child.disagreements.append(disagreement)
    return disagreement


def _ask_kind(ask: Ask, current: str | None = None) -> str:
    ui.show("What kind of disagreement is it?")
    for number, (_, label) in enumerate(DISAGREEMENT_KINDS, 1):
        ui.show(f"  {number}. {label}")
    keys = [key for key, _ in DISAGREEMENT_KINDS]
    default = str(keys.index(current) + 1) if current in keys else None
    return keys[int(ask("Kind", default, check=_pick_number(len(keys)))) - 1]


def _ask_dates(
    ask: Ask, kind: str, known: str, violation: bool = False, violation_date: str = "", ongoing: bool = False
) -> dict[str, Any]:
    """When the parent first knew (due process counts from it) and, when the school is not doing what
    the IEP or the law requires, when that happened (a state complaint counts from it)."""
    fields: dict[str, Any] = {
        "known_date": ask(
            "When did you first learn of this? For example 6/1/2026 (Enter keeps the date shown)",
            as_typed(known),
            check=_a_date,
        )
    }
    if kind != "legal":
        violation = _yes_no(
            ask,
            "Is the school not doing something the IEP or the law requires, for example services in the IEP not given?",
            violation,
        )
    if kind == "legal" or violation:
        fields["violation"] = True
        fields["violation_date"] = ask(
            "When did it happen? If it is still happening, the last time it did. For example 9/15/2026 "
            "(Enter if you are not sure; - to clear)",
            as_typed(violation_date),
            check=lambda text: "" if text.strip() in ("", "-") else _a_date(text),
        )
        fields["ongoing"] = _yes_no(ask, "Is it still happening?", ongoing)
    else:
        fields.update(violation=False, violation_date="", ongoing=False)
    return fields


def _a_date(text: str) -> str:
    """A date that happened: 'Friday' or '6/1' mean the latest one, not the coming one."""
    return parse_date(text, past=True).isoformat()


def _yes_no(ask: Ask, question: str, default: bool) -> bool:
    return ask(f"{question} yes or no", "yes" if default else "no", check=ui.yes_or_no) == "y"


def edit_disagreement(child: Child, disagreement: Disagreement, today: date, ask: Ask) -> list[str]:
    """Change a disagreement's kind and the dates its deadlines count from; saved as one amendment."""
    from iepprep.ladder import deadlines

    ui.show(("Changing: ", "bold"), disagreement.topic)
    kind = _ask_kind(ask, disagreement.kind)
    due_process = deadlines(child, disagreement, today)[-1]
    known = disagreement.known_date or (due_process.start.isoformat() if due_process.start else today.isoformat())
    answers = {"kind": kind}
    answers.update(
        _ask_dates(ask, kind, known, disagreement.violation, disagreement.violation_date, disagreement.ongoing)
    )
    current = {
        "kind": disagreement.kind,
        "known_date": disagreement.known_date,
        "violation": disagreement.violation,
        "violation_date": disagreement.violation_date,
        "ongoing": disagreement.ongoing,
    }
    changes = {key: value for key, value in answers.items() if current.get(key) != value}
    if changes:
        child.record.append("amend", target=disagreement.id, changes=changes)
        for key, value in changes.items():
            setattr(disagreement, key, value)
    return sorted(changes)


def offer_prior_written_notice(child: Child, disagreement: Disagreement, today: date, ask: Ask) -> Path | None:
    """Offer the letter that asks the school to put its decision, and its reasons, in writing."""
    from iepprep import letters
    from iepprep.rules import state

    ui.show(("Ask for the school's answer in writing. ", "bold"), state("pwn").line)
    if not _yes_no(ask, "Draft that letter now (prior written notice)?", True):
        ui.show("You can draft it later with: iepprep letter pwn-request")
        return None
    facts = letters.Facts(child, today, "case-manager", letters.meeting_for(child, today), disagreement)
    return save_letter(letters.draft("pwn-request", facts), child, today, ask)


def _not_empty(text: str) -> str:
    if not text.strip():
        raise IepprepError("Please type a few words.")
    return text


def _ask_meeting(child: Child, default: Meeting | None, ask: Ask) -> Meeting | None:
    def check(text: str) -> str:
        if text.strip() in ("", "-"):
            return text.strip()
        found = child.meeting_on(parse_date(text, past=True))
        if found is None:
            raise IepprepError(f"No meeting on {text.strip()} is on record; type another date, or - for none.")
        return text.strip()

    shown = as_typed(default.date) if default and default.date else "-"
    answer = ask("The meeting it came from, for example 11/20/2026 (- for none)", shown, check=check)
    return child.meeting_on(parse_date(answer, past=True)) if answer not in ("", "-") else None


def walk_strategies(child: Child, disagreement: Disagreement, catalog: Catalog, ask: Ask) -> int:
    """Go through the conflict strategies not tried yet; record each one the parent has tried."""
    checklist = catalog.checklists.get("conflict")
    if checklist is None:
        return 0
    ui.show(
        ("Ways of working through a disagreement.", "bold"),
        " Have you tried each of these? (y yes, n not yet; Enter skips)",
    )
    recorded = 0
    for item in checklist.items:
        if item.id in disagreement.strategies:
            continue
        ui.show("  ", (fill(item.text, child.name), "bold"), ("  " + fill(item.why, child.name), "dim"))
        answer = ask("  Tried it", "", check=_yes_no_blank)
        if answer == "yes":
            child.record.append("strategy", disagreement=disagreement.id, strategy=item.id)
            disagreement.strategies.append(item.id)
            recorded += 1
    return recorded


def _yes_no_blank(text: str) -> str:
    word = text.strip().casefold()
    if word in ("", "y", "yes", "n", "no", "not yet"):
        return {"y": "yes", "yes": "yes"}.get(word, "" if not word else "no")
    raise IepprepError("Please type y or n, or press Enter.")


def ensure_contact(child: Child, rung: Rung, ask: Ask) -> Contact | None:
    """The person to ask for this step; when none is on record, ask for a name and keep it."""
    if rung.contact_role == STATE_AGENCY:
        return None
    contact = child.contacts.get(rung.contact_role)
    if contact and contact.name:
        return contact
    name = ask(f"The name of the {role_label(rung.contact_role)} (Enter if you do not know yet)", "")
    if not name.strip():
        return None
    contact = Contact(rung.contact_role, name=name.strip())
    child.record.append("contact", role=contact.role, name=contact.name, email="", phone="")
    child.contacts[contact.role] = contact
    return contact


def climb(
    child: Child,
    disagreement: Disagreement,
    catalog: Catalog,
    today: date,
    ask: Ask,
    show: Callable[[Child, Disagreement, Catalog, date], Recommendation],
) -> None:
    """Show where the disagreement stands and take the next step with the parent.

    Working it through goes over the conflict strategies and asks how it went,
    then moves on; any other step is recorded as started, with its letter.
    """
    from iepprep import letters

    while True:
        rec = show(child, disagreement, catalog, today)
        if rec.status == "resolved" and disagreement.is_open:
            if _yes_no(ask, "Mark this disagreement as resolved?", True):
                close(child, disagreement)
                ui.show("Marked as resolved.")
            return
        if rec.status != "next" or rec.rung is None:
            return
        rung = rec.rung
        if rung.id == "collaborate":
            tried = walk_strategies(child, disagreement, catalog, ask)
            ui.show(f"Recorded {tried} way(s) you have tried.")
            record_step(child, disagreement, rung, ask_outcome(ask), today)
            continue
        if not _yes_no(ask, f"Will you take this step now ({rung.title.lower()})?", True):
            ui.show("Nothing was recorded. Run iepprep next-steps again when you are ready.")
            return
        ensure_contact(child, rung, ask)
        record_step(child, disagreement, rung, "waiting", today)
        ui.show(f"Recorded: {rung.title}, started {on_screen(today)}.")
        ui.show("Run iepprep next-steps again to record how it went.")
        if rung.letter:
            role = "director-of-special-education" if rung.contact_role == STATE_AGENCY else rung.contact_role
            facts = letters.Facts(child, today, role, letters.meeting_for(child, today), disagreement)
            save_letter(letters.draft(rung.letter, facts), child, today, ask)
        return


def close(child: Child, disagreement: Disagreement) -> None:
    child.record.append("amend", target=disagreement.id, changes={"status": RESOLVED})
    disagreement.status = RESOLVED


def save_letter(draft: Draft, child: Child, today: date, ask: Ask) -> Path:
    """Save a letter where the parent says (never over a file), then say where it is and what to do."""
    from iepprep.letters import file_name

    def check(answer: str) -> str:
        path = Path(answer).expanduser()
        if path.exists() or path.is_symlink():
            raise IepprepError(f"{path} already exists; type another name so it is not overwritten.")
        if not path.parent.is_dir():
            raise IepprepError(f"The folder {path.parent} does not exist; type another place.")
        return answer

    suggested = str(Path.cwd() / file_name(child, draft.kind, today))
    path = create_text(Path(ask("Save the letter as", suggested, check=check)).expanduser(), draft.text)
    show_saved(draft, path)
    return path


def show_saved(draft: Draft, path: Path) -> None:
    ui.show("The letter is in ", str(path), ".")
    if draft.blanks:
        ui.show(f"Fill each [BLANK TO FILL] ({draft.blanks}) before you send it.")
    for line in draft.for_you:
        ui.show("  ", line)
