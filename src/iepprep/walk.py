"""Getting ready, one item at a time: which item comes next, what Enter keeps, and saving each answer.

The questions themselves are asked by `conversations.prep`; this module only
decides and saves, so stopping at any prompt loses nothing that was answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from iepprep.checklists import ANSWERED, SKIPPED, Checklist, Item
from iepprep.fold import save_many
from iepprep.state import Answer, Child, Meeting


def record_answers(child: Child, meeting: Meeting, checklist: Checklist, answers: list[tuple[Item, str, Any]]) -> None:
    """Save answers in one write: all of them, or none."""
    events = []
    for item, status, value in answers:
        fields: dict[str, Any] = {"meeting": meeting.id, "checklist": checklist.id, "item": item.id, "status": status}
        if status == ANSWERED:
            fields["value"] = value
        events.append(("answer", fields))
    save_many(child, events)


@dataclass
class Walk:
    """One checklist for one meeting: what is answered, what Enter keeps, and the answers given now."""

    child: Child
    meeting: Meeting
    checklist: Checklist
    offers: dict[str, Any] = field(default_factory=dict)  # defaults carried over from the last meeting
    answered_now: int = 0  # answers saved in this sitting
    skipped_now: int = 0  # items skipped in this sitting

    @property
    def answers(self) -> dict[str, Answer]:
        return self.child.answers_for(self.meeting, self.checklist.id)

    def first_unanswered(self) -> int | None:
        """The first item neither answered nor skipped, or None when there is none."""
        answers = self.answers
        return next((n for n, item in enumerate(self.checklist.items) if item.id not in answers), None)

    def still_open(self) -> list[int]:
        """Every item still to do: never answered, skipped, or a check marked not yet."""
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
        self.answered_now += 1

    def skip(self, item: Item) -> None:
        record_answers(self.child, self.meeting, self.checklist, [(item, SKIPPED, None)])
        self.skipped_now += 1
