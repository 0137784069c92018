"""The children on record: find one by name, add one, forget one, edit their details.

Anything that depends on what a record holds (is this name taken, is there a
meeting that day) is decided while holding the lock that writers take, on
what the file holds at that moment, so two iepprep processes can never both
decide the same thing.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path

from iepprep import atrest, chars, logs, paths
from iepprep.copies import Copy, bring_back, sort_out
from iepprep.errors import IepprepError
from iepprep.files import clean_temporaries, hold_lock
from iepprep.fold import save
from iepprep.record import SUFFIX, Record
from iepprep.state import CONTACT_FIELDS, Child, Contact
from iepprep.words import N_, _, ngettext

Ask = Callable[..., str]
MAX_NAME = 100
NO_CHILD_YET = N_("No child is on record yet; add one with: iepprep child add NAME")
NAMES_LOCK = ".children.{device}.lock"  # a lock is only ever held on one computer: each has its own


@dataclass
class Found:
    """Every readable child record, a sentence for each record that could not be read,
    and one for each copy of a record left by a sync tool."""

    children: list[Child] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

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
    hidden = chars.hidden_marks(name)
    if hidden:
        raise IepprepError(
            _(
                "A child's name cannot hold invisible or direction-changing characters ({marks}); "
                "please type it with letters only."
            ).format(marks=", ".join(hidden))
        )
    return name


def _check_new_name(found: Found, name: str, other_than: Path | None = None) -> None:
    """Refuse a name another child already has, or one that only looks the same."""
    for child in found.children:
        if child.record.path == other_than:
            continue
        if same_name(child.name, name):
            raise IepprepError(
                _("{name} is already on record as another child.").format(name=child.name)
                if other_than
                else _("{name} is already on record; see their details with: iepprep child show {name}").format(
                    name=child.name
                )
            )
        if chars.skeleton(child.name) == chars.skeleton(name):
            raise IepprepError(
                _(
                    "{name} looks just like {other}, who is already on record; if this is another child, "
                    "please write the name so the two can be told apart."
                ).format(name=name, other=child.name)
            )
    if found.problems or found.notices:  # the name may be on a record that cannot be read
        raise IepprepError(_with_problems("", found))


@contextlib.contextmanager
def names_locked() -> Iterator[None]:
    """Hold the data folder's lock on names: no other iepprep adds or renames a child meanwhile."""
    paths.ensure_private_dir(paths.children_dir())
    with hold_lock(paths.data_dir() / NAMES_LOCK.format(device=logs.device_id())):
        yield


def load(path: Path, full: bool = True) -> Child:
    """A child's whole record, or (full=False) only its head: profile, contacts, meetings."""
    from iepprep import snapshot
    from iepprep.head import load_head

    record = Record(path)
    return snapshot.load(record) if full else load_head(record)


def load_whole(child: Child) -> Child:
    """The whole record of a child found by its head, with the warnings found on the way."""
    if child.whole:
        return child
    whole = load(child.record.path)
    whole.warnings += [warning for warning in child.warnings if warning not in whole.warnings]
    return whole


def catch_up(child: Child) -> Child:
    """Bring the child in memory up to what the record holds now (call it holding the record's lock).

    When another iepprep appended meanwhile, the record is folded again, the one way, so what is
    decided next is decided on the record as it is; otherwise nothing is read.
    """
    if not child.record.changed_since_read():
        return child
    fresh = load(child.record.path, full=child.whole)
    for each in fields(Child):
        if each.name not in ("warnings", "record"):
            setattr(child, each.name, getattr(fresh, each.name))
    child.record.seen = fresh.record.seen
    return child


@dataclass
class _Files:
    """This computer's log of each child, brought up to date with the other computers' logs; what
    could not be brought in, by log; the copies of one-file records that sync tools left; and a
    sentence for each record that could not be read."""

    logs: list[Path] = field(default_factory=list)
    not_brought_in: dict[Path, list[str]] = field(default_factory=dict)
    copies: list[Copy] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _files() -> _Files:
    folder = paths.children_dir()
    found = _Files()
    if not paths.inside_folder(folder):
        return found
    clean_temporaries(folder)
    named = frozenset(path.name for path in logs.child_folders(folder))
    one_file_records, found.copies = sort_out(folder, [p.name for p in folder.glob("*" + SUFFIX)], named)
    for path in one_file_records:
        try:
            logs.move_into_folder(path)
        except IepprepError as problem:
            found.problems.append(str(problem))
    for child_folder in logs.child_folders(folder):
        try:
            paths.repair(child_folder)
        except IepprepError as problem:
            found.problems.append(str(problem))
            continue
        said = logs.bring_in(child_folder)
        own = logs.own_log(child_folder)
        if own.exists():
            found.logs.append(own)
            found.not_brought_in[own] = said
        else:
            found.problems += said
    return found


def record_paths() -> list[Path]:
    return _files().logs


def copies() -> list[Copy]:
    return _files().copies


def find_all(full: bool = False, whole_if_alone: bool = False) -> Found:
    """Every child on record; by default only their heads, which is enough to find them. With
    `whole_if_alone`, a child alone on record is read whole at once, rather than found and then read."""
    found = Found()
    files = _files()
    found.problems += files.problems
    for path in files.logs:
        try:
            child = load(path, full or (whole_if_alone and len(files.logs) == 1))
        except IepprepError as problem:
            found.problems.append(str(problem))
            continue
        child.warnings += files.not_brought_in[path]
        found.children.append(_with_waiting_notes(child))
    found.children.sort(key=lambda child: _key(child.name))
    unfinished = atrest.unfinished() if files.logs else None
    for child in found.children if unfinished else []:
        child.warnings.append(str(unfinished))
    for copy in files.copies:
        folder = copy.record.with_name(copy.record.name[: -len(SUFFIX)])
        owner = next((child for child in found.children if child.record.path.parent == folder), None)
        if owner:
            owner.warnings.append(
                _(
                    "{path} is a copy of {child}'s record made by a sync tool; iepprep leaves it alone and "
                    "writes only to the record. To bring what is in the copy into the record, run: iepprep repair"
                ).format(path=copy.path, child=owner.name)
            )
        else:
            found.notices.append(
                _(
                    "{path} is a copy of a record made by a sync tool, and the record itself is not here; "
                    "to make the copy the record again, run: iepprep repair"
                ).format(path=copy.path)
            )
    return found


def _with_waiting_notes(child: Child) -> Child:
    """The child, with any note added while the records were locked filed under its meeting."""
    from iepprep import sealed_notes

    if not sealed_notes.waiting_files(child.record.path.parent):
        return child
    whole = load_whole(child)
    sealed_notes.file_waiting(whole)
    return whole


def find(found: Found, name: str) -> Child | None:
    return next((child for child in found.children if same_name(child.name, name)), None)


def add(name: str, school: str = "", grade: str = "") -> Child:
    """Start a child's record; the name is checked and the record made under the names lock."""
    check_name(name)
    profile = {"name": name}
    profile.update({key: value for key, value in (("school", school), ("grade", grade)) if value})
    if atrest.sealing():
        atrest.identity()  # a wrong passphrase stops here, before the record is made
    with names_locked():
        _check_new_name(find_all(), name)
        record = Record.create(paths.children_dir(), [{"event": "profile", **profile}], logs.device_id())
    return load(record.path)


def choose(name: str | None, ask: Ask | None = None, full: bool = True) -> Child:
    """The child a command works on, with their whole record unless `full` is False.

    With a name: that child. Without: the only child; or, when `ask` is given
    (an interactive command), the parent picks one or names a new child.
    """
    chosen = _choose(name, ask, full)
    return load_whole(chosen) if full else chosen


def _choose(name: str | None, ask: Ask | None, full: bool) -> Child:
    found = find_all(whole_if_alone=full)
    for each in found.children:
        each.warnings += found.notices
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
        if found.problems or found.notices:  # the child may well be there, in a record that cannot be read
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
    problems = found.problems + found.notices
    if not problems:
        return message
    more = len(problems) - 1
    if not more:
        return problems[0]
    return (
        problems[0]
        + " "
        + ngettext(
            "({count} more record could not be read.)", "({count} more records could not be read.)", more
        ).format(count=more)
    )


def forget(child: Child) -> list[Path]:
    """Remove a child's record: their folder, with every computer's log and everything beside them
    (locks, side files, caches), and any copy of the record a sync tool left."""
    folder = child.record.path.parent
    removed = []
    left_copies = [copy.path for copy in copies() if copy.record.name == folder.name + SUFFIX]
    for path in [*sorted(folder.iterdir()), *left_copies]:
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise IepprepError(
                _("iepprep could not remove {path}: {reason}.").format(path=path, reason=exc.strerror or exc)
            ) from None
    with contextlib.suppress(OSError):
        folder.rmdir()
    return removed


# -- sync tools' copies -----------------------------------------------------------


def repair() -> list[str]:
    """Bring every sync tool's copy back into its record and set the copy aside; say what was done."""
    with names_locked():
        return [bring_back(copy) for copy in copies()]


# -- editing the profile and contacts -----------------------------------------

CLEAR = "-"


def check_rename(child: Child, value: str) -> str:
    """A new name for this child, or a sentence: it cannot be cleared or be another child's."""
    if value == CLEAR:
        raise IepprepError(_("Your child's name cannot be cleared; press Enter to keep it."))
    check_name(value)
    _check_new_name(find_all(), value, other_than=child.record.path)
    return value


def set_profile(child: Child, key: str, value: str) -> bool:
    """Change one detail of the child's profile; whether anything changed. A new name is checked
    again under the names lock, so no other iepprep can take it meanwhile."""
    if child.profile.get(key, "") == value or (key == "name" and not value):
        return False
    with names_locked() if key == "name" else contextlib.nullcontext():
        if key == "name":
            check_rename(child, value)
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
