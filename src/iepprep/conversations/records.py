"""Conversations about the record itself: a child's details and contacts (child edit), and checking
the written IEP against what was agreed (check-iep)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from iepprep import children, followup, letters, ui
from iepprep.conversations import stopping
from iepprep.conversations.next_steps import letter_language, save_letter
from iepprep.dates import as_typed, parse_date
from iepprep.notes import kind_name, understood
from iepprep.state import CONTACT_FIELDS, CONTACT_ROLES, PROFILE_FIELDS, Child, Contact, Meeting, Note
from iepprep.words import N_, _, command, ngettext

if TYPE_CHECKING:
    from iepprep.state_iep import Iep

CONTACT_FIELD_NAMES = {"name": N_("name"), "email": N_("email"), "phone": N_("phone")}


# What letters need, asked once when the first child is put on record: the parent's, then the child's.
PARENT_DETAILS = ("parent_name", "parent_phone", "parent_email", "parent_address")
CHILD_DETAILS = ("birth_date", "school", "grade", "district")


def first_child(resume: str) -> Child:
    """The first run: a welcome, the child's name, then (each one skippable) the details letters need."""
    from iepprep import paths
    from iepprep.views import show_welcome

    show_welcome(paths.data_dir())
    child = children.add(ui.ask(_("Your child's first name"), check=children.check_name))
    ui.blank()
    ui.show(
        _(
            "Letters iepprep drafts for you need a few details. Type each one, or press Enter to skip it; "
            "you can add or change them any time with: {command}"
        ).format(command=command("iepprep child edit"))
    )
    changed: list[str] = []
    with stopping(
        lambda: _("{child} is on record, with every detail you entered.").format(child=child.name),
        lambda: _("To go on, run: {command}").format(command=resume),
    ):
        ui.show((_("About you"), "bold"))
        _edit_profile(child, changed, only=PARENT_DETAILS)
        ui.show((_("About {child}").format(child=child.name), "bold"))
        _edit_profile(child, changed, only=CHILD_DETAILS)
        _edit_contact(child, child.contacts.get("case-manager", Contact("case-manager")), changed)
    return child


def edit_child(child: Child) -> list[str]:
    """Walk the profile fields and district contacts, saving each change as it is entered.

    Enter keeps what is shown; a lone `-` clears it. Returns what changed, as labels.
    """
    changed: list[str] = []
    with stopping(
        lambda: _("Every change you entered was saved."),
        lambda: _("To go on, run: {command}").format(command="iepprep child edit"),
    ):
        _edit_profile(child, changed)
        roles = [role for role, _label in CONTACT_ROLES]
        roles += [role for role in child.contacts if role not in roles]
        for role in roles:
            _edit_contact(child, child.contacts.get(role, Contact(role)), changed)
        while True:
            role = ui.ask(_("Another contact's role, for example teacher (Enter when done)"), "")
            if not role.strip():
                return changed
            _edit_contact(child, child.contacts.get(role.strip(), Contact(role.strip())), changed)


def _edit_profile(child: Child, changed: list[str], only: tuple[str, ...] | None = None) -> None:
    checks: dict[str, Callable[[str], str]] = {
        "name": lambda value: children.check_rename(child, value),
        "birth_date": lambda value: (
            value if value in ("", children.CLEAR) else parse_date(value, past=True, year_needed=True).isoformat()
        ),
    }
    labels = dict(PROFILE_FIELDS)
    for key in only or labels:
        label = labels[key]
        current = child.profile.get(key, "")
        question = _(label) + (" " + _("(for example 5/1/2016)") if key == "birth_date" else "")
        shown = as_typed(current) if key == "birth_date" and current else current
        answer = ui.ask(question, shown or None, check=checks.get(key))
        if children.set_profile(child, key, "" if answer == children.CLEAR else answer):
            changed.append(_(label))


def _edit_contact(child: Child, contact: Contact, changed: list[str]) -> None:
    name = contact.name
    for key in CONTACT_FIELDS:
        if key != "name" and not name:
            return  # no name, no reason to ask how to reach them
        current = getattr(child.contacts.get(contact.role, contact), key)
        field_name = _(CONTACT_FIELD_NAMES[key])
        answer = ui.ask(f"{_(contact.label)}: {field_name}", current or None)
        value = "" if answer == children.CLEAR else answer
        if children.set_contact(child, contact.role, **{key: value}):
            changed.append(f"{_(contact.label)} {field_name}")
        if key == "name":
            name = value


def check_iep(child: Child, meeting: Meeting, today: date, plan: Iep | None = None) -> None:
    """Ask, for each decision and action, whether it is in the written IEP; offer the letter for what is not."""
    with stopping(
        lambda: _("Every answer you gave is saved."),
        lambda: _("To go on, run: {command}").format(command="iepprep check-iep"),
    ):
        missing = _ask_each(child, meeting, plan)
        ui.blank()
        if not missing:
            ui.show(_("Nothing you answered is missing from the written IEP."))
            return
        ui.show(
            ngettext(
                "{count} item is missing or only partly there:",
                "{count} items are missing or only partly there:",
                len(missing),
            ).format(count=len(missing))
        )
        for note in missing:
            ui.show(f"  - [{_(meeting.in_written_iep[note.id])}] ", readable(note))
        if ui.confirm(_("Write a letter asking the school to correct the IEP?")):
            facts = letters.Facts(child, today, "case-manager", meeting)
            save_letter(letters.draft("iep-corrections", facts, language=letter_language()), child, today)


def readable(note: Note) -> str:
    """A decision as typed; an action without its shorthand: 'send the report - Mr. Ortiz, by Sun, Dec 20, 2026'."""
    return f"{note.words} - {understood(note)}" if note.kind == "action" else note.text


def _ask_each(child: Child, meeting: Meeting, plan: Iep | None) -> list[Note]:
    items = followup.promised(meeting)
    question = _(
        "Is this in the written IEP? yes, partly, no, or m for mine (your own to-do, not for the IEP; Enter skips)"
    )
    from iepprep import concerns

    for number, note in enumerate(items, 1):
        ui.blank()
        ui.show((f"{number} / {len(items)} - {kind_name(note.kind)}", "dim"))
        ui.show((readable(note), "bold"))
        for match in concerns.matches(note.words, plan, most=1) if plan else []:
            ui.show("  " + _("In the IEP on record, this seems to match {what}").format(what=match.said()))
        current = meeting.in_written_iep.get(note.id)
        answer = (
            ui.ask(question, current, check=followup.in_written_iep)
            if current
            else ui.ask(question, check=followup.in_written_iep)
        )
        followup.record_check(child, note, answer)
    return followup.missing_from_iep(meeting)
