"""Notes during a meeting: how a line becomes a note of some kind, and each thing a session saves
(a note, taking one back, who is in the room, a break, a question asked, the wrap-up).

Every function here decides and saves; the conversation that reads lines and
shows what happened is `conversations.notes`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from iepprep import children
from iepprep.actions import split_action
from iepprep.dates import clock as show_clock
from iepprep.dates import on_screen, parse_date
from iepprep.errors import IepprepError
from iepprep.fold import save
from iepprep.state import NOTE_KINDS, WRAP_UP_FIELDS, Attendee, Child, Meeting, Note
from iepprep.words import N_, _

SYMBOLS = {"?": "question", "!": "concern", "=": "decision", ">": "action"}
WORDS = {
    **dict.fromkeys(("note", "n"), "note"),
    **dict.fromkeys(("question", "q"), "question"),
    **dict.fromkeys(("concern", "c"), "concern"),
    **dict.fromkeys(("decision", "decided", "d"), "decision"),
    **dict.fromkeys(("action", "todo", "a"), "action"),
    **dict.fromkeys(("disagree", "x"), "disagree"),
    **dict.fromkeys(("later", "l"), "later"),
    # Spanish, with or without accents
    **dict.fromkeys(("nota",), "note"),
    **dict.fromkeys(("pregunta",), "question"),
    **dict.fromkeys(("inquietud", "preocupación", "preocupacion"), "concern"),
    **dict.fromkeys(("decisión", "decidido"), "decision"),
    **dict.fromkeys(("acción", "accion", "tarea"), "action"),
    **dict.fromkeys(("desacuerdo",), "disagree"),
    **dict.fromkeys(("después", "despues"), "later"),
}
# How each kind of note is named on screen (translated where it is shown).
KIND_NAMES = {
    "note": N_("note"),
    "question": N_("question"),
    "concern": N_("concern"),
    "decision": N_("decision"),
    "action": N_("action"),
    "disagree": N_("disagreement"),
    "later": N_("for later"),
}
# "2 decisions": how many of one kind, for summaries.
KIND_COUNTS = {
    "note": (N_("{count} note"), N_("{count} notes")),
    "question": (N_("{count} question"), N_("{count} questions")),
    "concern": (N_("{count} concern"), N_("{count} concerns")),
    "decision": (N_("{count} decision"), N_("{count} decisions")),
    "action": (N_("{count} action"), N_("{count} actions")),
    "disagree": (N_("{count} disagreement"), N_("{count} disagreements")),
    "later": (N_("{count} for later"), N_("{count} for later")),
}
_WORD = re.compile(r"([^\W\d_]+):[ \t]?")
_REFUSAL = re.compile(r"\b(?:refus\w*|denied|denies|deny|declined|turned down)\b", re.IGNORECASE)


def kind_name(kind: str) -> str:
    return _(KIND_NAMES.get(kind, kind))


def kind_named(word: str) -> str:
    """The kind of note a word names, as --tag takes it (decision, d, decisión), or one plain sentence."""
    kind = WORDS.get(word.strip().casefold(), word)
    if kind not in NOTE_KINDS:
        raise IepprepError(
            _("'{kind}' is not a kind of note; the kinds are {kinds}.").format(kind=word, kinds=", ".join(NOTE_KINDS))
        )
    return kind


def kind_count(kind: str, count: int) -> str:
    """'2 decisions', '1 disagreement'."""
    one, many = KIND_COUNTS[kind]  # each form is its own message: English and Spanish both use one for 1 alone
    return _(one if count == 1 else many).format(count=count)


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
    else:
        kind = kind_named(kind)
    if not body.strip():
        raise IepprepError(_("There is nothing to save after the prefix; type the note itself."))
    parsed = Parsed(kind, body)
    if kind == "action":
        parts = split_action(body)
        parsed.who, parsed.what = parts.who, parts.what if parts.what != body else ""
        if parts.when:
            try:
                parsed.due = parse_date(parts.when, now=now).isoformat()
            except IepprepError:
                parsed.warning = _(
                    "Saved, but iepprep could not read '{words}' as a date, so the action has no due date yet. "
                    "Add it with: iepprep notes edit ID --due DATE (the id is in iepprep status)."
                ).format(words=parts.when)
    return parsed


def understood(note: Note) -> str:
    """What iepprep read in an action, said back: 'Mr. Ortiz, by Sun, Dec 20, 2026'."""
    who = note.who or _("no one named")
    if note.due:
        return _("{who}, by {day}").format(who=who, day=on_screen(note.due))
    return _("{who}, no date").format(who=who)


def written_notice_hint(kind: str, text: str) -> str:
    """For a disagreement or a refusal: how to get the school's answer, and its reasons, in writing."""
    if kind != "disagree" and not _REFUSAL.search(text):
        return ""
    from iepprep.rules import cite

    return _(
        "To get the school's answer and its reasons in writing, ask for prior written notice ({cite}): "
        "iepprep letter pwn-request"
    ).format(cite=cite("pwn"))


def add_note(child: Child, meeting: Meeting, parsed: Parsed) -> Note:
    fields = {"meeting": meeting.id, "kind": parsed.kind, "text": parsed.text}
    fields.update(
        {key: value for key, value in (("who", parsed.who), ("due", parsed.due), ("what", parsed.what)) if value}
    )
    event = save(child, "note", **fields)
    note = child.note_by_id(str(event["id"]))
    if note is None:  # pragma: no cover - save has just applied it
        raise IepprepError(_("The note could not be read back after it was saved."))
    return note


def take_back_last(child: Child, meeting: Meeting) -> Note | None:
    """Take back the meeting's last note: it stays in the record, marked. None when there is none."""
    notes = meeting.live_notes()
    if not notes:
        return None
    save(child, "retract", target=notes[-1].id)
    return notes[-1]


def note_attendee(child: Child, meeting: Meeting, text: str) -> Attendee:
    """Note who is in the room, from 'Ms. Lee, case manager' or 'Ms. Lee (case manager)'."""
    name, role = children.person(text)
    if not name:
        raise IepprepError(_("Type a name after /who, for example: /who Ms. Lee, case manager"))
    save(child, "attendee", meeting=meeting.id, name=name, role=role)
    return meeting.attendees[-1]


def expected_attendees(child: Child, meeting: Meeting) -> list[str]:
    """The people listed while getting ready for this meeting, not yet noted in the room."""
    answer = child.answers.get((meeting.id, "before", "attendees"))
    listed = answer.value if answer and isinstance(answer.value, list) else []
    here = {a.name.casefold() for a in meeting.attendees}
    return [entry for entry in listed if isinstance(entry, str) and children.person(entry)[0].casefold() not in here]


def note_break(child: Child, meeting: Meeting) -> str:
    """Note a break; its time, as on the parent's clock."""
    return clock(str(save(child, "break", meeting=meeting.id)["at"]))


def mark_asked(child: Child, meeting: Meeting, question: str) -> None:
    if question not in meeting.asked:
        save(child, "question-asked", meeting=meeting.id, question=question)


def save_wrap_up(child: Child, meeting: Meeting, part: str, text: str) -> None:
    if part not in WRAP_UP_FIELDS:
        raise IepprepError(_("'{part}' is not part of a wrap-up.").format(part=part))
    if text and text != meeting.wrap_up.get(part):
        save(child, "wrap-up", meeting=meeting.id, part=part, text=text)


def people_in_the_room(meeting: Meeting) -> str:
    return "; ".join(a.name + (f" ({a.role})" if a.role else "") for a in meeting.attendees)


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
    not_yet_followed: list[Note] = field(default_factory=list)  # disagreements next-steps has not taken up


def summarize(child: Child, meeting: Meeting) -> Summary:
    notes = meeting.live_notes()
    return Summary(
        counts=Counter(note.kind for note in notes),
        decisions=meeting.live_notes("decision"),
        actions=meeting.live_notes("action"),
        later=meeting.live_notes("later"),
        disagreements=meeting.live_notes("disagree"),
        not_asked=[q for q in child.prepared_questions(meeting) if q not in meeting.asked],
        wrap_up=dict(meeting.wrap_up),
        not_yet_followed=[
            note
            for note in meeting.live_notes("disagree")
            if not any(d.topic == note.text and d.meeting == meeting.id for d in child.disagreements)
        ],
    )
