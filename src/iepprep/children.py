"""The children on record: find one by name, add one, forget one, and their meetings."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from iepprep import paths
from iepprep.dates import on_screen
from iepprep.errors import IepprepError
from iepprep.record import SUFFIX, Record
from iepprep.state import CONTACT_FIELDS, CONTACT_ROLES, PROFILE_FIELDS, Child, Contact, Meeting, fold

Ask = Callable[..., str]
MAX_NAME = 100
NO_CHILD_YET = "No child is on record yet; add one with: iepprep child add NAME"


@dataclass
class Found:
    """Every readable child record, and a sentence for each record that could not be read."""

    children: list[Child] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def names(self) -> str:
        return ", ".join(child.name for child in self.children)


def same_name(a: str, b: str) -> bool:
    """Names match whatever their case or Unicode composition; accents still count."""
    return _key(a) == _key(b)


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold().strip()


def check_name(name: str) -> str:
    if not name.strip():
        raise IepprepError("A child's name cannot be empty.")
    if len(name) > MAX_NAME or any(unicodedata.category(ch) in ("Cc", "Cs") for ch in name):
        raise IepprepError(f"A child's name must be one line of at most {MAX_NAME} ordinary characters.")
    return name


def load(path: Path, full: bool = True) -> Child:
    """A child's whole record, or (full=False) only its head: profile, contacts, meetings."""
    from iepprep.head import load_head

    record = Record(path)
    return fold(record, record.read()) if full else load_head(record)


def record_paths() -> list[Path]:
    folder = paths.children_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*" + SUFFIX) if ".torn-" not in p.name)


def find_all(full: bool = False) -> Found:
    """Every child on record; by default only their heads, which is enough to find them."""
    found = Found()
    for path in record_paths():
        try:
            found.children.append(load(path, full))
        except IepprepError as problem:
            found.problems.append(str(problem))
    found.children.sort(key=lambda child: _key(child.name))
    return found


def find(found: Found, name: str) -> Child | None:
    return next((child for child in found.children if same_name(child.name, name)), None)


def add(name: str, school: str = "", grade: str = "") -> Child:
    check_name(name)
    found = find_all()
    existing = find(found, name)
    if existing:
        raise IepprepError(
            f"{existing.name} is already on record; see their details with: iepprep child show {existing.name}"
        )
    profile = {"name": name}
    profile.update({key: value for key, value in (("school", school), ("grade", grade)) if value})
    folder = paths.ensure_private_dir(paths.children_dir())
    return load(Record.create(folder, [{"event": "profile", **profile}]).path)


def choose(name: str | None, ask: Ask | None = None, full: bool = True) -> Child:
    """The child a command works on, with their whole record unless `full` is False.

    With a name: that child. Without: the only child; or, when `ask` is given
    (an interactive command), the parent picks one or names a new child.
    """
    chosen = _choose(name, ask)
    return load(chosen.record.path) if full else chosen


def _choose(name: str | None, ask: Ask | None) -> Child:
    found = find_all()
    if name:
        child = find(found, name)
        if child:
            return child
        raise IepprepError(_not_found(name, found))
    if len(found.children) == 1:
        return found.children[0]
    if ask is None:
        if not found.children:
            raise IepprepError(_with_problems(NO_CHILD_YET, found))
        raise IepprepError(
            f"Several children are on record ({found.names}); say which with --child NAME or IEPPREP_CHILD."
        )
    if not found.children:
        return add(ask("Your child's first name", check=check_name))
    return _pick(found, ask)


def _pick(found: Found, ask: Ask) -> Child:
    listing = "; ".join(f"{n}. {c.name}" for n, c in enumerate(found.children, 1))

    def check(answer: str) -> str:
        """The chosen child's number, from a number or a name."""
        if answer.strip().isdigit() and 1 <= int(answer) <= len(found.children):
            return answer.strip()
        named = find(found, answer)
        if named:
            return str(found.children.index(named) + 1)
        raise IepprepError(f"Please type a number from 1 to {len(found.children)}, or a name.")

    return found.children[int(ask(f"Which child? {listing}", check=check)) - 1]


def _not_found(name: str, found: Found) -> str:
    if not found.children:
        return _with_problems(f"There is no child called {name} on record. " + NO_CHILD_YET, found)
    return _with_problems(
        f"There is no child called {name} on record; the children on record are {found.names}.",
        found,
    )


def _with_problems(message: str, found: Found) -> str:
    """A damaged record may be the very child asked for, so its problem comes first."""
    if not found.problems:
        return message
    more = len(found.problems) - 1
    return found.problems[0] + (f" ({more} more record(s) could not be read.)" if more else "")


def forget(child: Child) -> list[Path]:
    """Remove a child's record and every file beside it (lock, side files, cache)."""
    record = child.record
    removed = []
    for path in [record.path, *record.companion_files()]:
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise IepprepError(f"iepprep could not remove {path}: {exc.strerror or exc}.") from None
    return removed


# -- meetings ----------------------------------------------------------------


def add_meeting(child: Child, day: date | None, purpose: str = "", where: str = "", time: str = "") -> Meeting:
    """Put a meeting on record. A date given while a meeting waits for one goes to that meeting."""
    if day and _active_on(child, day):
        raise IepprepError(f"A meeting on {on_screen(day)} is already on record for {child.name}.")
    waiting = child.unscheduled_meeting() if day else None
    if waiting:
        changes = {"date": day.isoformat()} if day else {}
        changes.update({k: v for k, v in (("purpose", purpose), ("where", where), ("time", time)) if v})
        return change_meeting(child, waiting, changes)
    fields = {"date": day.isoformat() if day else None, "purpose": purpose, "where": where}
    if time:
        fields["time"] = time
    event = child.record.append("meeting", **fields)
    meeting = Meeting(id=event["id"], date=event["date"], purpose=purpose, where=where, time=time)
    child.meetings.append(meeting)
    return meeting


def _active_on(child: Child, day: date) -> Meeting | None:
    return next((m for m in child.active_meetings if m.date == day.isoformat()), None)


def find_meeting(child: Child, day: date) -> Meeting:
    """The meeting on `day`, or a sentence naming the meetings on record."""
    meeting = child.meeting_on(day)
    if meeting is not None:
        return meeting
    known = ", ".join(m.day for m in child.meetings_in_order if m.date) or "none yet"
    raise IepprepError(f"No meeting on {on_screen(day)} is on record for {child.name}; the meetings are: {known}.")


def change_meeting(child: Child, meeting: Meeting, changes: Mapping[str, object]) -> Meeting:
    """Move, retime, rename or cancel a meeting. Its answers and notes stay attached: they name its id."""
    new_day = changes.get("date")
    if isinstance(new_day, str) and new_day != meeting.date:
        other = _active_on(child, date.fromisoformat(new_day))
        if other is not None and other is not meeting:
            raise IepprepError(f"A meeting on {on_screen(new_day)} is already on record for {child.name}.")
    changed = {key: value for key, value in changes.items() if getattr(meeting, key) != value}
    if changed:
        child.record.append("amend", target=meeting.id, changes=changed)
        for key, value in changed.items():
            setattr(meeting, key, value)
    return meeting


# -- editing the profile and contacts -----------------------------------------

CLEAR = "-"


def edit(child: Child, ask: Ask) -> list[str]:
    """Walk the profile fields and district contacts, saving each change as it is entered.

    Enter keeps what is shown; a lone `-` clears it. Returns what changed, as labels.
    """
    from iepprep.dates import as_typed, parse_date

    checks: dict[str, Callable[[str], str]] = {
        "name": lambda value: _rename_check(child, value),
        "birth_date": lambda value: (
            value if value in ("", CLEAR) else parse_date(value, past=True, year_needed=True).isoformat()
        ),
    }
    changed = []
    for key, label in PROFILE_FIELDS:
        current = child.profile.get(key, "")
        question = label + (" (for example 5/1/2016)" if key == "birth_date" else "")
        shown = as_typed(current) if key == "birth_date" and current else current
        answer = ask(question, shown or None, check=checks.get(key))
        value = "" if answer == CLEAR else answer
        if value != current and not (key == "name" and not value):
            child.record.append("profile", **{key: value})
            child.profile[key] = value
            changed.append(label)
    roles = [role for role, _ in CONTACT_ROLES]
    roles += [role for role in child.contacts if role not in roles]
    for role in roles:
        changed += _edit_contact(child, child.contacts.get(role, Contact(role)), ask)
    while True:
        role = ask("Another contact's role, for example teacher (Enter when done)", "")
        if not role.strip():
            return changed
        changed += _edit_contact(child, child.contacts.get(role.strip(), Contact(role.strip())), ask)


def _rename_check(child: Child, value: str) -> str:
    if value == CLEAR:
        raise IepprepError("Your child's name cannot be cleared; press Enter to keep it.")
    check_name(value)
    other = find(find_all(), value)
    if other and other.record.path != child.record.path:
        raise IepprepError(f"{other.name} is already on record as another child.")
    return value


def _edit_contact(child: Child, contact: Contact, ask: Ask) -> list[str]:
    changed = []
    for key in CONTACT_FIELDS:
        current = getattr(contact, key)
        if key != "name" and not contact.name:
            break  # no name, no reason to ask how to reach them
        answer = ask(f"{contact.label}: {key}", current or None)
        value = "" if answer == CLEAR else answer
        if value != current:
            setattr(contact, key, value)
            child.record.append("contact", role=contact.role, **_contact_fields(contact))
            changed.append(f"{contact.label} {key}")
    if contact.is_empty():
        child.contacts.pop(contact.role, None)
    else:
        child.contacts[contact.role] = contact
    return changed


_PERSON = re.compile(r"\s*(.+?)\s*(?:,\s*(.*?)|\((.*?)\)|\s-\s(.*?))\s*$")
_ROLE_WORDS = {
    "case-manager": ("case manager", "case-manager", "case mgr"),
    "program-specialist": ("program specialist",),
    "director-of-special-education": ("director of special education", "special education director", "sped director"),
    "assistant-superintendent": ("assistant superintendent",),
}


def person(text: str) -> tuple[str, str]:
    """(name, role) from 'Ms. Lee, case manager', 'Ms. Lee (case manager)' or 'Ms. Lee - case manager'."""
    found = _PERSON.fullmatch(text)
    if not found:
        return text.strip(), ""
    role = next((part for part in found.groups()[1:] if part), "")
    return found.group(1), role.strip()


def known_role(role: str) -> str:
    """The contact role letters use ('case-manager'...) for a role as typed, or ''."""
    said = " ".join(role.casefold().replace(".", "").split())
    return next((key for key, words in _ROLE_WORDS.items() if any(w in said for w in words)), "")


def contact_to_offer(child: Child, text: str) -> tuple[str, str] | None:
    """(role, name) when a person named with a district role is not the contact on record for that role."""
    name, role = person(text)
    key = known_role(role)
    current = child.contacts.get(key) if key else None
    if not key or not name or (current is not None and current.name == name):
        return None
    return key, name


def save_contact(child: Child, role: str, name: str) -> Contact:
    """Record `name` as the child's contact for `role`, keeping how to reach them if it is the same person."""
    old = child.contacts.get(role)
    contact = Contact(
        role, name, old.email if old and old.name == name else "", old.phone if old and old.name == name else ""
    )
    child.record.append("contact", role=role, **_contact_fields(contact))
    child.contacts[role] = contact
    return contact


def _contact_fields(contact: Contact) -> dict[str, str]:
    return {key: getattr(contact, key) for key in CONTACT_FIELDS}
