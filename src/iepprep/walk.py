"""Walk a checklist item by item through the prompt seam in `ui`.

Every answer is appended to the record the moment it is given, so stopping
at any prompt (Ctrl-C, end of input, /quit) loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from iepprep import ui
from iepprep.checklists import Checklist, Item, fill
from iepprep.dates import parse_date
from iepprep.errors import EndOfInput, IepprepError
from iepprep.state import ANSWERED, SKIPPED, Answer, Child, Meeting

DONE, NOT_YET, NOT_APPLICABLE = "done", "not yet", "not applicable"
CHECK_VALUES = (DONE, NOT_YET, NOT_APPLICABLE)
_CHECK_WORDS = {
    "1": DONE,
    "d": DONE,
    "done": DONE,
    "yes": DONE,
    "y": DONE,
    "2": NOT_YET,
    "n": NOT_YET,
    "not yet": NOT_YET,
    "no": NOT_YET,
    "3": NOT_APPLICABLE,
    "x": NOT_APPLICABLE,
    "na": NOT_APPLICABLE,
    "n/a": NOT_APPLICABLE,
    "not applicable": NOT_APPLICABLE,
}
_YES_NO = {"y": "yes", "yes": "yes", "sí": "yes", "si": "yes", "n": "no", "no": "no"}
CONTROLS = "Type /why to see why this matters, /back, /skip or /quit."


class Quit(Exception):
    """The parent typed /quit."""


class _Back(Exception):
    pass


class _Skip(Exception):
    pass


# -- answers: from typed text, from a file, and back to text --------------------


def value_from_text(item: Item, text: str) -> Any:
    """The value of a typed answer, or IepprepError with a sentence saying what would do."""
    word = text.strip().casefold()
    if item.kind == "check":
        if word in _CHECK_WORDS:
            return _CHECK_WORDS[word]
        raise IepprepError("Please type 1 for done, 2 for not yet or 3 for not applicable.")
    if item.kind == "yesno":
        if word in _YES_NO:
            return _YES_NO[word]
        raise IepprepError("Please answer yes or no.")
    if item.kind == "choice":
        if word.isdigit() and 1 <= int(word) <= len(item.choices):
            return item.choices[int(word) - 1]
        named = [choice for choice in item.choices if choice.casefold() == word]
        if named:
            return named[0]
        raise IepprepError(f"Please type a number from 1 to {len(item.choices)}, or one of the choices.")
    if item.kind == "date":
        return parse_date(text).isoformat()
    if item.kind == "list":
        return [text]
    return text


def value_from_file(item: Item, raw: Any) -> Any:
    """The value of an answer read from an --answers file, checked against the item's kind."""
    if item.kind == "list":
        if isinstance(raw, list) and raw and all(isinstance(line, str) and line for line in raw):
            return raw
        raise IepprepError(f"'{item.id}' is a list item: write its answer as a list of lines.")
    if item.kind == "yesno" and isinstance(raw, bool):
        return "yes" if raw else "no"
    if not isinstance(raw, str) or not raw.strip():
        kinds = {
            "check": "one of done, not yet, not applicable",
            "yesno": "yes or no",
            "choice": "one of " + ", ".join(item.choices),
            "date": "a date, for example 12/8/2026",
            "text": "some text",
        }
        raise IepprepError(f"The answer to '{item.id}' should be {kinds[item.kind]}.")
    try:
        return value_from_text(item, raw)
    except IepprepError as problem:
        raise IepprepError(f"The answer to '{item.id}' does not fit: {problem}") from None


def rule_lines(item: Item) -> list[str]:
    """The rules an item leans on, each in words with its citation, from the one rules table."""
    from iepprep.rules import state

    return [state(key).line for key in item.rules]


def show_value(value: Any) -> str:
    if isinstance(value, list):
        return " / ".join(str(line) for line in value)
    return "" if value is None else str(value)


SKIPPED_WORD, OPEN_WORD = "skipped", "open"


def status_word(item: Item, answer: Answer | None) -> str:
    """One word for where an item stands: done, not yet, not applicable, answered, skipped or open."""
    if answer is None:
        return OPEN_WORD
    if answer.status == SKIPPED:
        return SKIPPED_WORD
    return str(answer.value) if item.kind == "check" else "answered"


def is_open(answer: Answer | None) -> bool:
    """Still to do: never answered, skipped, or a check marked not yet."""
    return answer is None or answer.status == SKIPPED or answer.value == NOT_YET


def record_answer(child: Child, meeting: Meeting, checklist: Checklist, item: Item, status: str, value: Any) -> None:
    record_answers(child, meeting, checklist, [(item, status, value)])


def record_answers(child: Child, meeting: Meeting, checklist: Checklist, answers: list[tuple[Item, str, Any]]) -> None:
    """Save answers in one write: all of them, or none."""
    events = []
    for item, status, value in answers:
        fields: dict[str, Any] = {"meeting": meeting.id, "checklist": checklist.id, "item": item.id, "status": status}
        if status == ANSWERED:
            fields["value"] = value
        events.append(("answer", fields))
    for event in child.record.append_many(events):
        key = (meeting.id, checklist.id, event["item"])
        child.answers[key] = Answer(event["status"], event.get("value"), event["at"])


# -- the walk ---------------------------------------------------------------------


@dataclass
class Walk:
    child: Child
    meeting: Meeting
    checklist: Checklist
    offers: dict[str, Any] = field(default_factory=dict)  # defaults carried over from the last meeting
    after: dict[str, Callable[[Any], None]] = field(default_factory=dict)  # by item id: run once it is answered
    saved_now: int = 0  # answers saved in this sitting
    position: int = 0  # the item being asked, counted from 0

    @property
    def answers(self) -> dict[str, Answer]:
        return self.child.answers_for(self.meeting, self.checklist.id)

    def first_unanswered(self) -> int | None:
        """The first item neither answered nor skipped, or None when there is none."""
        answers = self.answers
        return next((n for n, item in enumerate(self.checklist.items) if item.id not in answers), None)

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

    def run(self, start: int) -> None:
        """Ask from item `start` to the end. Raises Quit, EndOfInput or KeyboardInterrupt to stop."""
        self.position = start
        items = self.checklist.items
        while self.position < len(items):
            item = items[self.position]
            try:
                status, value = self._ask(item)
            except _Back:
                self.position = max(0, self.position - 1)
                continue
            except _Skip:
                status, value = SKIPPED, None
            record_answer(self.child, self.meeting, self.checklist, item, status, value)
            self.saved_now += 1
            self.position += 1
            if status == ANSWERED and item.id in self.after:
                self.after[item.id](value)

    def _fill(self, text: str) -> str:
        return fill(text, self.child.name)

    def _ask(self, item: Item) -> tuple[str, Any]:
        total = len(self.checklist.items)
        ui.blank()
        ui.show((f"Item {self.position + 1} of {total}", "dim"))
        ui.show((self._fill(item.text), "bold"))
        default = self.default_for(item)
        carried = default is not None and item.id not in self.answers
        hints = CONTROLS + (" Type /edit to write a longer answer in your editor." if item.kind == "text" else "")
        ui.show((hints, "dim"))
        if carried:
            ui.show(("Offered from the last meeting: press Enter to keep it.", "dim"))
        if item.kind == "list":
            return ANSWERED, self._ask_list(item, default)
        question = self._question(item)
        while True:
            text = ui.read_line(ui.prompt_text(question, show_value(default) if default is not None else None))
            if self._control(item, text):
                continue
            if text == "":
                if default is not None:
                    return ANSWERED, default
                raise _Skip
            if text.strip() == "/edit" and item.kind == "text":
                try:
                    text = ui.edit_text(default or "")
                except IepprepError as problem:
                    ui.error(str(problem))
                    continue
                if not text.strip():
                    ui.show("Nothing was written, so nothing changed.")
                    continue
            try:
                return ANSWERED, value_from_text(item, text)
            except IepprepError as problem:
                ui.error(str(problem))

    def _question(self, item: Item) -> str:
        if item.kind == "check":
            return "1 done, 2 not yet, 3 not applicable"
        if item.kind == "yesno":
            return "yes or no"
        if item.kind == "choice":
            return ", ".join(f"{n} {self._fill(choice)}" for n, choice in enumerate(item.choices, 1))
        if item.kind == "date":
            return self._fill(item.prompt) if item.prompt else "Date, for example 12/8/2026"
        return self._fill(item.prompt) if item.prompt else "Your answer"

    def _control(self, item: Item, text: str) -> bool:
        """Act on /why (True: ask again), /back, /skip and /quit; False for an answer."""
        word = text.strip().casefold()
        if word == "/why":
            ui.show(("Why: ", "bold"), self._fill(item.why))
            for line in rule_lines(item):
                ui.show(("The rule: ", "bold"), line)
            return True
        if word == "/back":
            raise _Back
        if word == "/skip":
            raise _Skip
        if word == "/quit":
            raise Quit
        return False

    def _ask_list(self, item: Item, default: Any) -> list[str]:
        """One entry per line; an empty line ends the list. Entries typed are kept if stopped."""
        ui.show(self._fill(item.prompt) if item.prompt else "One entry per line; an empty line ends the list.")
        if default:
            ui.show("Now: ", show_value(default), ("  (press Enter to keep it, or type a new list)", "dim"))
        entries: list[str] = []
        try:
            while True:
                line = ui.read_line("  - ")
                if not entries and self._control(item, line):
                    continue
                if line == "":
                    break
                entries.append(line)
        except (EndOfInput, KeyboardInterrupt):
            if entries:
                record_answer(self.child, self.meeting, self.checklist, item, ANSWERED, entries)
                self.saved_now += 1
            raise
        if entries:
            return entries
        if default:
            return list(default)
        raise _Skip
