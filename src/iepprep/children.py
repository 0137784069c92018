"""The children on record: find one by name, add one, forget one, and their meetings."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from iepprep import paths
from iepprep.errors import IepprepError
from iepprep.fold import fold, save
from iepprep.record import SUFFIX, Record
from iepprep.state import CONTACT_FIELDS, Child, Contact
from iepprep.words import N_, _, ngettext

Ask = Callable[..., str]
MAX_NAME = 100
NO_CHILD_YET = N_("No child is on record yet; add one with: iepprep child add NAME")


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
        raise IepprepError(_("A child's name cannot be empty."))
    if len(name) > MAX_NAME or any(unicodedata.category(ch) in ("Cc", "Cs") for ch in name):
        raise IepprepError(
            _("A child's name must be one line of at most {count} ordinary characters.").format(count=MAX_NAME)
        )
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
            _("{name} is already on record; see their details with: iepprep child show {name}").format(
                name=existing.name
            )
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
            raise IepprepError(_with_problems(_(NO_CHILD_YET), found))
        raise IepprepError(
            _("Several children are on record ({names}); say which with --child NAME or IEPPREP_CHILD.").format(
                names=found.names
            )
        )
    if not found.children:
        if found.problems:  # the child may well be there, in a record that cannot be read
            raise IepprepError(_with_problems(_(NO_CHILD_YET), found))
        return add(ask(_("Your child's first name"), check=check_name))
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
        raise IepprepError(_("Please type a number from 1 to {count}, or a name.").format(count=len(found.children)))

    return found.children[int(ask(_("Which child? {listing}").format(listing=listing), check=check)) - 1]


def _not_found(name: str, found: Found) -> str:
    if not found.children:
        return _with_problems(
            _("There is no child called {name} on record.").format(name=name) + " " + _(NO_CHILD_YET), found
        )
    return _with_problems(
        _("There is no child called {name} on record; the children on record are {names}.").format(
            name=name, names=found.names
        ),
        found,
    )


def _with_problems(message: str, found: Found) -> str:
    """A damaged record may be the very child asked for, so its problem comes first."""
    if not found.problems:
        return message
    more = len(found.problems) - 1
    if not more:
        return found.problems[0]
    return (
        found.problems[0]
        + " "
        + ngettext(
            "({count} more record could not be read.)", "({count} more records could not be read.)", more
        ).format(count=more)
    )


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
            raise IepprepError(
                _("iepprep could not remove {path}: {reason}.").format(path=path, reason=exc.strerror or exc)
            ) from None
    return removed


# -- editing the profile and contacts -----------------------------------------

CLEAR = "-"


def check_rename(child: Child, value: str) -> str:
    """A new name for this child, or a sentence: it cannot be cleared or be another child's."""
    if value == CLEAR:
        raise IepprepError(_("Your child's name cannot be cleared; press Enter to keep it."))
    check_name(value)
    other = find(find_all(), value)
    if other and other.record.path != child.record.path:
        raise IepprepError(_("{name} is already on record as another child.").format(name=other.name))
    return value


def set_profile(child: Child, key: str, value: str) -> bool:
    """Change one detail of the child's profile; whether anything changed."""
    if child.profile.get(key, "") == value or (key == "name" and not value):
        return False
    save(child, "profile", **{key: value})
    return True


def set_contact(child: Child, role: str, **changes: str) -> bool:
    """Change how a district contact is named or reached; whether anything changed."""
    current = child.contacts.get(role, Contact(role))
    fields = {key: getattr(current, key) for key in CONTACT_FIELDS}
    if all(fields[key] == value for key, value in changes.items()):
        return False
    fields.update(changes)
    save(child, "contact", role=role, **fields)
    return True


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
    same = old is not None and old.name == name
    email, phone = (old.email, old.phone) if old is not None and same else ("", "")
    set_contact(child, role, name=name, email=email, phone=phone)
    return child.contacts[role]
