"""Getting ready, one item at a time: which item comes next, what Enter keeps, and saving each answer.

The questions themselves are asked by `conversations.prep`; this module only
decides and saves, so stopping at any prompt loses nothing that was answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from iepprep.checklists import Checklist, Item
from iepprep.fold import save_many
from iepprep.state import ANSWERED, DRAFT, SKIPPED, Answer, Child, Meeting


def record_answers(child: Child, meeting: Meeting, checklist: Checklist, answers: list[tuple[Item, str, Any]]) -> None:
    """Save answers in one write."""
    events = []
    for item, status, value in answers:
        fields: dict[str, Any] = {"meeting": meeting.id, "checklist": checklist.id, "item": item.id, "status": status}
        if status in (ANSWERED, DRAFT):
            fields["value"] = value
        events.append(("answer", fields))
    save_many(child, events)


@dataclass
class Walk:
    """One checklist for one meeting: what is answered, what Enter keeps, and the answers given now."""

    child: Child
    meeting: Meeting
    checklist: Checklist
    ALL: ClassVar[str] = "all"
    OPEN: ClassVar[str] = "open"
    ON: ClassVar[str] = "on"

    offers: dict[str, Any] = field(default_factory=dict)  # defaults carried over from the last meeting
    now: dict[str, str] = field(default_factory=dict)  # item id -> how it stands after this sitting

    @property
    def answered_now(self) -> int:
        """Items answered in this sitting (an item skipped, then answered, counts once, as answered)."""
        return sum(status == ANSWERED for status in self.now.values())

    @property
    def skipped_now(self) -> int:
        return sum(status == SKIPPED for status in self.now.values())

    @property
    def draft_kept(self) -> bool:
        """A list was stopped part way in this sitting and kept as it was."""
        return DRAFT in self.now.values()

    @property
    def answers(self) -> dict[str, Answer]:
        return self.child.answers_for(self.meeting, self.checklist.id)

    def first_unanswered(self) -> int | None:
        """The first item neither answered nor skipped (a list begun and stopped counts as not answered)."""
        answers = self.answers
        return next(
            (
                n
                for n, item in enumerate(self.checklist.items)
                if item.id not in answers or answers[item.id].status == DRAFT
            ),
            None,
        )

    def positions(self, mode: str) -> list[int]:
        """The items to ask, in order: every one (ALL), those still open (OPEN),
        or from the first not answered on (ON)."""
        every = range(len(self.checklist.items))
        if mode == self.ALL:
            return list(every)
        if mode == self.OPEN:
            return self.still_open()
        start = self.first_unanswered()
        return [] if start is None else list(every)[start:]

    def draft(self, item: Item) -> list[str]:
        """The entries of a list begun and stopped part way, to go on from."""
        answer = self.answers.get(item.id)
        return list(answer.value) if answer and answer.status == DRAFT and isinstance(answer.value, list) else []

    def still_open(self) -> list[int]:
        """Every item still to do: never answered, skipped, begun, or a check marked not yet."""
        answers = self.answers
        return [n for n, item in enumerate(self.checklist.items) if Item.is_open(answers.get(item.id))]

    def default_for(self, item: Item) -> Any:
        """What Enter keeps: this meeting's answer, or an earlier meeting's for items that carry over."""
        answer = self.answers.get(item.id)
        if answer and answer.status == ANSWERED:
            return answer.value
        if self.offers.get(item.id):
            return self.offers[item.id]
        if item.carries_over:
            earlier = self.child.earlier_answer(self.meeting, self.checklist.id, item.id)
            return earlier.value if earlier else None
        return None

    def offered_from_before(self, item: Item) -> bool:
        """Whether Enter would keep an answer from the last meeting rather than this one's."""
        return self.default_for(item) is not None and item.id not in self.answers

    def answer(self, item: Item, value: Any) -> None:
        record_answers(self.child, self.meeting, self.checklist, [(item, ANSWERED, value)])
        self.now[item.id] = ANSWERED

    def keep_draft(self, item: Item, entries: list[str]) -> None:
        """Keep the entries typed so far of a list, so the next sitting goes on from this item."""
        record_answers(self.child, self.meeting, self.checklist, [(item, DRAFT, entries)])
        self.now[item.id] = DRAFT

    def skip(self, item: Item) -> None:
        record_answers(self.child, self.meeting, self.checklist, [(item, SKIPPED, None)])
        self.now[item.id] = SKIPPED
