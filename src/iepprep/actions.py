"""An action item as a parent types it in the meeting, and as a letter says it.

`> send the OT report @Ms. Lee by 12/15` holds three things: what is to be done
("send the OT report"), who does it ("Ms. Lee") and by when ("12/15"). The
typed line is kept exactly as typed; these parts are kept beside it, so nothing
the school reads carries the shorthand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from iepprep.dates import DATE_WORDS, plain_letters

_BY = re.compile(r"\s+(?:by|para(?: el)?|antes del?)\s+(\S.*?)\s*$", re.IGNORECASE)  # "by Friday", "para el viernes"
_WHO = re.compile(r"(?:^|\s)@\s*(\S.*?)\s*$")
SELF = ("me", "i", "myself", "parent", "mom", "dad", "yo", "mamá", "mama", "papá", "papa", "madre", "padre")


@dataclass(frozen=True)
class ActionParts:
    what: str  # the words of the action, without @who or "by ..."
    who: str = ""
    when: str = ""  # the date words as typed after "by", when they look like a date


def looks_like_a_date(words: str) -> bool:
    """Whether the words after 'by' were meant as a date (so an unreadable one is flagged, not kept as text)."""
    first = plain_letters(words.split()[0].lower().rstrip(".,"))
    if any(ch.isdigit() for ch in words):
        return True
    if first in DATE_WORDS:
        return True
    import difflib  # only for a word that is not a date word: is it a misspelt one?

    return bool(difflib.get_close_matches(first, sorted(DATE_WORDS), n=1, cutoff=0.75))


def split_action(body: str) -> ActionParts:
    """The parts of an action's text: `what @who by when`, with @who and "by" in either order."""
    rest, who, when = body, "", ""
    at = _WHO.search(rest)
    if at:
        who, rest = at.group(1), rest[: at.start()]
        inner = _BY.search(" " + who)
        if inner and looks_like_a_date(inner.group(1)):
            who, when = who[: inner.start() - 1], inner.group(1)
    if not when:
        due = _BY.search(rest)
        if due and looks_like_a_date(due.group(1)):
            rest, when = rest[: due.start()], due.group(1)
    return ActionParts(rest.strip(), who.strip(), when)


def sentence(what: str, who: str, by: str) -> str:
    """'Ms. Lee will send the OT report by December 15, 2026.' from the parts; `by` already written out."""
    from iepprep.words import _

    words = what.strip().rstrip(".")
    if _names_its_doer(words, who):  # "Mr. Diaz sends the draft", "I will call": kept as written
        said = _("{action} by {day}.") if by else _("{action}.")
        return said.format(action=words[:1].upper() + words[1:], day=by)
    if len(words) > 1 and words[0].isupper() and words[1].islower():
        words = words[0].lower() + words[1:]
    if who.strip().casefold() in SELF:
        said = _("I will {what} by {day}.") if by else _("I will {what}.")
        return said.format(what=words, day=by)
    said = _("{who} will {what} by {day}.") if by else _("{who} will {what}.")
    return said.format(who=who.strip(), what=words, day=by)


_TITLES = ("mr.", "ms.", "mrs.", "mx.", "dr.", "miss", "prof.")
_SUBJECTS = ("i", "i'll", "we", "we'll")


def _names_its_doer(words: str, who: str) -> bool:
    """Whether the action as typed already says who does it ("I will...", "Ms. Lee will...")."""
    first = words.split()[0].casefold() if words.split() else ""
    return (
        first in _SUBJECTS
        or first in _TITLES
        or bool(who.strip() and words.casefold().startswith(who.strip().casefold()))
    )
