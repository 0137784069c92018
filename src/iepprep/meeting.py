"""Notes during a meeting: one line, one note, saved with its time before the next prompt.

This module holds the logic: how a line becomes a note of some kind, which
meeting notes go to, the session's slash commands, and the wrap-up. The
loop that reads lines lives in `notes_loop` and talks only through `ui`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from iepprep import children, ui
from iepprep.actions import split_action
from iepprep.dates import clock as show_clock
from iepprep.dates import on_screen, parse_date
from iepprep.errors import EndOfInput, IepprepError
from iepprep.state import NOTE_KINDS, WRAP_UP_FIELDS, Attendee, Child, Meeting, Note, role_label

if TYPE_CHECKING:
    from iepprep.checklists import Catalog

SYMBOLS = {"?": "question", "!": "concern", "=": "decision", ">": "action"}
WORDS = {
    "note": "note",
    "n": "note",
    "question": "question",
    "q": "question",
    "concern": "concern",
    "c": "concern",
    "decision": "decision",
    "decided": "decision",
    "d": "decision",
    "action": "action",
    "todo": "action",
    "a": "action",
    "disagree": "disagree",
    "x": "disagree",
    "later": "later",
    "l": "later",
}
_WORD = re.compile(r"([A-Za-z]+):[ \t]?")
HINT = (
    "Type a note and press Enter. Start with ? question, ! concern, = decision, > action, "
    "or disagree: / later:. Type /help for more."
)
CALM = (
    "Take a slow breath. A break is a normal part of a long meeting; when you go back in, "
    "start from what you and the team agree on."
)
WRAP_UP_QUESTIONS = {
    "who": "Who was there, and who will do what",
    "what": "What was decided",
    "where": "Where the services or changes will happen",
    "when": "When they start, and when you will meet again",
    "why": "Why these decisions were made",
}
HELP = [
    "Each line you type is saved as a note, with the time, before the next prompt.",
    "Kinds: ? question   ! concern   = decision   > action   disagree: ...   later: ...",
    "       (or the words question:, concern:, decision:, action:, note:)",
    "An action can name who and by when:  > send the OT report @Ms. Lee by 12/15/2026",
    "/who NAME, ROLE   note who is in the room",
    "/questions        your prepared questions; mark the ones you asked",
    "/tips             the habits that keep the meeting working together",
    "/break            note a break, and a word on staying calm",
    "/undo             take back your last note (it stays in the record, marked)",
    "/done             wrap up: who, what, where, when, why - then a summary",
]


_REFUSAL = re.compile(r"\b(?:refus\w*|denied|denies|deny|declined|turned down)\b", re.IGNORECASE)


def written_notice_hint(kind: str, text: str) -> str:
    """For a disagreement or a refusal: how to get the school's answer, and its reasons, in writing."""
    if kind != "disagree" and not _REFUSAL.search(text):
        return ""
    from iepprep.rules import cite

    return (
        "To get the school's answer and its reasons in writing, ask for prior written notice "
        f"({cite('pwn')}): iepprep letter pwn-request"
    )


@dataclass
class Parsed:
    kind: str
    text: str
    who: str = ""
    due: str = ""
    what: str = ""  # an action's words without @who and "by ..."
    warning: str = ""


def parse_note(line: str, kind: str | None = None, now: date | None = None) -> Parsed:
    """A line as a note: its kind (from a prefix or `kind`), its text, and an action's who and due date."""
    body = line
    if kind is None:
        kind = "note"
        symbol = line[:1]
        word = _WORD.match(line)
        if symbol in SYMBOLS and line[1:2] in (" ", "\t", ""):
            kind, body = SYMBOLS[symbol], line[2:]
        elif word and word.group(1).lower() in WORDS:
            kind, body = WORDS[word.group(1).lower()], line[word.end() :]
    elif kind not in NOTE_KINDS:
        raise IepprepError(f"'{kind}' is not a kind of note; the kinds are {', '.join(NOTE_KINDS)}.")
    if not body.strip():
        raise IepprepError("There is nothing to save after the prefix; type the note itself.")
    parsed = Parsed(kind, body)
    if kind == "action":
        parts = split_action(body)
        parsed.who, parsed.what = parts.who, parts.what if parts.what != body else ""
        if parts.when:
            try:
                parsed.due = parse_date(parts.when, now=now).isoformat()
            except IepprepError:
                parsed.warning = (
                    f"Saved, but iepprep could not read '{parts.when}' as a date, so the action has no due date "
                    "yet. Add it with: iepprep notes edit ID --due DATE (the id is in iepprep status)."
                )
    return parsed


def understood(note: Note) -> str:
    """What iepprep read in an action, said back: 'Mr. Ortiz, by Sun, Dec 20, 2026'."""
    parts = [note.who or "no one named"]
    parts.append(f"by {on_screen(note.due)}" if note.due else "no date")
    return ", ".join(parts)


def meeting_for_notes(child: Child, day: date | None, today: date) -> tuple[Meeting, bool]:
    """The meeting notes go to, and whether it was just put on record.

    With a date: the meeting that day. Without: today's, or else the nearest
    upcoming one. When there is none, today's is put on record on the spot.
    """
    wanted = day or today
    meeting = child.meeting_on(wanted) or (None if day else child.next_meeting(today))
    if meeting:
        return meeting, False
    return children.add_meeting(child, wanted), True


def meeting_to_show(child: Child, day: date | None, today: date) -> Meeting:
    """The meeting on `day`; without one, today's or the next if it has notes, else the latest that does."""
    if day is not None:
        meeting = child.meeting_on(day)
        if meeting is None:
            return children.find_meeting(child, day)
        return meeting
    upcoming = child.meeting_on(today) or child.next_meeting(today)
    if upcoming and upcoming.notes:
        return upcoming
    with_notes = [m for m in child.meetings_in_order if m.notes]
    if with_notes:
        return with_notes[-1]
    raise IepprepError(f"No notes are on record for {child.name} yet; take some with: iepprep notes")


def add_note(child: Child, meeting: Meeting, parsed: Parsed) -> Note:
    fields = {"meeting": meeting.id, "kind": parsed.kind, "text": parsed.text}
    fields.update(
        {key: value for key, value in (("who", parsed.who), ("due", parsed.due), ("what", parsed.what)) if value}
    )
    event = child.record.append("note", **fields)
    note = Note(
        id=event["id"],
        meeting=meeting.id,
        kind=parsed.kind,
        text=parsed.text,
        at=event["at"],
        who=parsed.who,
        due=parsed.due,
        what=parsed.what,
    )
    meeting.notes.append(note)
    return note


def prepared_questions(child: Child, meeting: Meeting) -> list[str]:
    """The questions the parent wrote down while getting ready for this meeting."""
    answer = child.answers.get((meeting.id, "before", "questions"))
    value = answer.value if answer else None
    return [q for q in value if isinstance(q, str)] if isinstance(value, list) else []


def clock(at: str) -> str:
    """The time of an event as it was on the parent's clock, such as '3:05 PM'."""
    return show_clock(at[11:16]) if len(at) >= 16 else at


@dataclass
class Summary:
    counts: Counter[str]
    decisions: list[Note]
    actions: list[Note]
    later: list[Note]
    disagreements: list[Note]
    not_asked: list[str]
    wrap_up: dict[str, str] = field(default_factory=dict)


def summarize(child: Child, meeting: Meeting) -> Summary:
    notes = meeting.live_notes()
    return Summary(
        counts=Counter(note.kind for note in notes),
        decisions=meeting.live_notes("decision"),
        actions=meeting.live_notes("action"),
        later=meeting.live_notes("later"),
        disagreements=meeting.live_notes("disagree"),
        not_asked=[q for q in prepared_questions(child, meeting) if q not in meeting.asked],
        wrap_up=dict(meeting.wrap_up),
    )


class Session:
    """A live note-taking session on one meeting; every change is saved at once."""

    def __init__(self, child: Child, meeting: Meeting, catalog: Catalog) -> None:
        self.child = child
        self.meeting = meeting
        self.catalog = catalog
        self.saved = 0

    def note(self, line: str) -> Note:
        parsed = parse_note(line)
        note = add_note(self.child, self.meeting, parsed)
        self.saved += 1
        said = f" - {understood(note)}" if note.kind == "action" else ""
        ui.show((f"  saved {clock(note.at)} {note.kind}{said}", "dim"))
        if parsed.warning:
            ui.warn(parsed.warning)
        hint = written_notice_hint(note.kind, note.text)
        if hint:
            ui.show(("  " + hint, "dim"))
        return note

    def undo(self) -> None:
        notes = self.meeting.live_notes()
        if not notes:
            ui.show("There is no note to take back.")
            return
        last = notes[-1]
        self.child.record.append("retract", target=last.id)
        last.retracted = True
        ui.show("Took back the note: ", last.text, (" (it stays in the record, marked as taken back)", "dim"))

    def who(self, text: str) -> None:
        """Note who is in the room: as typed, or picked from the people listed while getting ready."""
        if not text.strip():
            listed = self.expected()
            if not listed:
                ui.error("Type a name after /who, for example: /who Ms. Lee, case manager")
                return
            for number, entry in enumerate(listed, 1):
                ui.show(f"  {number}. ", entry)
            picked = ui.ask("Numbers of those in the room, for example 1 3 (Enter to go back)", "")
            for word in picked.replace(",", " ").split():
                if word.isdigit() and 1 <= int(word) <= len(listed):
                    self.who(listed[int(word) - 1])
                else:
                    ui.error(f"{word} is not a number from 1 to {len(listed)}; it was left out.")
            return
        name, role = children.person(text)
        self.child.record.append("attendee", meeting=self.meeting.id, name=name, role=role)
        self.meeting.attendees.append(Attendee(name, role))
        ui.show(("  noted: ", "dim"), name, f" ({role})" if role else "")
        offer_contact(self.child, text)

    def expected(self) -> list[str]:
        """The people listed while getting ready for this meeting, not yet noted in the room."""
        answer = self.child.answers.get((self.meeting.id, "before", "attendees"))
        listed = answer.value if answer and isinstance(answer.value, list) else []
        here = {a.name.casefold() for a in self.meeting.attendees}
        return [
            entry for entry in listed if isinstance(entry, str) and children.person(entry)[0].casefold() not in here
        ]

    def take_break(self) -> None:
        event = self.child.record.append("break", meeting=self.meeting.id)
        self.meeting.breaks.append(event["at"])
        ui.show((f"  break noted at {clock(event['at'])}. ", "dim"), CALM)

    def tips(self) -> None:
        from iepprep.checklists import fill

        for name in ("during", "conflict"):
            if name in self.catalog.checklists:
                checklist = self.catalog.checklists[name]
                ui.show((fill(checklist.title, self.child.name), "bold"))
                for item in checklist.items:
                    ui.show("  - ", fill(item.text, self.child.name))

    def questions(self) -> None:
        prepared = prepared_questions(self.child, self.meeting)
        if not prepared:
            ui.show("You have no prepared questions for this meeting. Add a question as a note with: ? your question")
            return
        while True:
            for number, question in enumerate(prepared, 1):
                mark = "[asked]" if question in self.meeting.asked else "[     ]"
                ui.show(f"  {number}. {mark} ", question)
            choice = ui.ask("Number of a question you have asked (Enter to go back)", "")
            if not choice.strip():
                return
            if not choice.strip().isdigit() or not 1 <= int(choice) <= len(prepared):
                ui.error(f"Please type a number from 1 to {len(prepared)}, or press Enter.")
                continue
            question = prepared[int(choice) - 1]
            if question not in self.meeting.asked:
                self.child.record.append("question-asked", meeting=self.meeting.id, question=question)
                self.meeting.asked.add(question)

    def wrap_up(self) -> None:
        """Who, what, where, when, why, and what to come back to; each saved as it is given."""
        ui.blank()
        ui.show(
            ("Wrapping up.", "bold"),
            " A few words each, so you could explain the meeting to someone who was not there. Enter skips a question.",
        )
        try:
            people = "; ".join(a.name + (f" ({a.role})" if a.role else "") for a in self.meeting.attendees)
            for part in WRAP_UP_FIELDS:
                offered = self.meeting.wrap_up.get(part) or (people if part == "who" else "")
                answer = ui.ask(WRAP_UP_QUESTIONS[part], offered or None)
                if answer and answer != self.meeting.wrap_up.get(part):
                    self.child.record.append("wrap-up", meeting=self.meeting.id, part=part, text=answer)
                    self.meeting.wrap_up[part] = answer
            ui.show("Issues to come back to another time, one per line (an empty line when done):")
            while True:
                line = ui.read_line("  - ")
                if not line.strip():
                    break
                add_note(self.child, self.meeting, Parsed("later", line))
                self.saved += 1
        except EndOfInput:
            ui.blank()


def offer_contact(child: Child, text: str) -> None:
    """A person named with a district role who is not on record: offer to keep them, so letters fill in."""
    offer = children.contact_to_offer(child, text)
    if offer is None:
        return
    role, name = offer
    if ui.confirm(f"Save {name} as {child.name}'s {role_label(role).lower()}, for letters?"):
        children.save_contact(child, role, name)
        ui.show(("  saved to the contacts", "dim"))


def loop(session: Session) -> None:
    """Read lines until /done or end of input, then wrap up. Ctrl-C propagates to the caller."""
    commands: dict[str, Callable[[str], None]] = {
        "/help": lambda rest: show_help(),
        "/who": session.who,
        "/break": lambda rest: session.take_break(),
        "/tips": lambda rest: session.tips(),
        "/questions": lambda rest: session.questions(),
        "/undo": lambda rest: session.undo(),
    }
    while True:
        try:
            line = ui.read_line("> ")
        except EndOfInput:
            break
        word, _, rest = line.strip().partition(" ")
        if word.lower() == "/done":
            break
        if word.lower() in commands:
            commands[word.lower()](rest)
            continue
        if line.startswith("/"):
            ui.error(f"{word} is not a command here; type /help to see them.")
            continue
        if not line.strip():
            continue
        try:
            session.note(line)
        except IepprepError as problem:
            ui.error(str(problem))
    session.wrap_up()


def show_help() -> None:
    for line in HELP:
        ui.show(line)
