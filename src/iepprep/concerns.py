"""The parent's concerns, and whether the written IEP meets each one.

The concerns are the parent's own statement from `prep` (item `concerns`),
one concern to a sentence or line. What in the IEP seems to meet a concern
is found by plain word overlap, and said as such: the parent decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from iepprep.dates import plain_letters
from iepprep.fold import save
from iepprep.state import Child, Meeting
from iepprep.state_iep import Iep
from iepprep.words import _

# Words too common to say two texts are about the same thing.
_COMMON_WORDS = (
    "the and for with that this will from have has are was were his her their they them she him you your our "
    "not but all can more less each per week weeks day days minutes minute times time year school child "
    "los las del con que para por una uno sus como más menos cada semana semanas días minutos veces año escuela"
)
_COMMON = frozenset(_COMMON_WORDS.split(" "))
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+|;\s*")


def statement(child: Child, meeting: Meeting | None = None, fallback: bool = True) -> tuple[Meeting, str] | None:
    """The concerns statement the parent wrote while getting ready for `meeting`, else (with `fallback`)
    the latest one written, and the meeting it was written for."""
    others = list(reversed(child.meetings_in_order)) if fallback or meeting is None else []
    for each in ([meeting] if meeting else []) + others:
        value = child.prep_answer(each, "concerns")
        if isinstance(value, str) and value.strip():
            return each, value
    return None


def listed(child: Child, meeting: Meeting | None = None, fallback: bool = True) -> list[str]:
    """The parent's concerns (for `meeting`, else the latest written), one to a sentence or line, as written."""
    found = statement(child, meeting, fallback)
    if found is None:
        return []
    return [part.strip() for part in _SENTENCE.split(found[1]) if part and part.strip()]


def words(text: str) -> set[str]:
    """The words that carry meaning: longer than three letters, not among the most common, accents set aside."""
    found = {plain_letters(word) for word in re.findall(r"\w+", text.casefold())}
    return {word for word in found if len(word) > 3 and word not in _COMMON}


@dataclass(frozen=True)
class Match:
    """A part of the IEP that shares words with a text, and the words it shares."""

    what: str  # 'goal 1, Reading fluency: ...', 'service: Speech-language therapy', 'accommodation: ...'
    shared: list[str]

    def said(self) -> str:
        return _("{what} (both say: {words})").format(what=self.what, words=", ".join(self.shared))


def parts(iep: Iep) -> list[str]:
    """Every goal, service, accommodation, modification and transition goal, as a line naming it."""
    found = [
        _("goal {number}, {area}: {target}").format(number=n, area=g.area, target=g.target)
        for n, g in enumerate(iep.goals, 1)
    ]
    found += [_("service: {name}").format(name=s.name) for s in iep.services]
    found += [_("accommodation: {item}").format(item=item) for item in iep.accommodations]
    found += [_("modification: {item}").format(item=item) for item in iep.modifications]
    found += [_("transition goal: {item}").format(item=item) for item in iep.transition]
    return found


def matches(text: str, iep: Iep, most: int = 3) -> list[Match]:
    """The parts of the IEP that share the most words with `text`, best first."""
    wanted = words(text)
    scored = []
    for part in parts(iep):
        shared = sorted(wanted & words(part))
        if shared:
            scored.append((len(shared), part, shared))
    scored.sort(key=lambda item: -item[0])
    if scored:  # every part that ties with the last one kept is shown too: none is hidden by the cut
        cut = scored[:most][-1][0]
        scored = [item for n, item in enumerate(scored) if n < most or item[0] == cut]
    return [Match(part, shared) for _count, part, shared in scored]


def record(child: Child, concern: str, met_by: str) -> None:
    """Keep what the parent said meets a concern ('' when nothing in the IEP does)."""
    if child.concerns_met.get(concern) != met_by or concern not in child.concerns_met:
        save(child, "concern-check", concern=concern, met_by=met_by)


def unmet(child: Child, meeting: Meeting | None = None) -> list[str]:
    """The concerns (written for `meeting`, else the latest written) the parent said nothing in the IEP meets."""
    return [concern for concern in listed(child, meeting, fallback=False) if child.concerns_met.get(concern) == ""]
