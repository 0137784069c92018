"""Export a child's record: Markdown to read and share, JSON or YAML to keep and reuse.

The JSON and YAML exports share one shape, documented in the README under
"The export format": it is the folded record, and it stays stable within a
format number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from iepprep.codec import block
from iepprep.dates import on_screen
from iepprep.notes import clock, kind_name
from iepprep.record import FORMAT_VERSION
from iepprep.state import CONTACT_ROLES, DISAGREEMENT_KINDS, PROFILE_FIELDS, Child, Meeting, Note, role_label
from iepprep.words import N_, _

EXPORT_FORMAT = 1


def _note(note: Note) -> dict[str, Any]:
    return {
        "id": note.id,
        "at": note.at,
        "kind": note.kind,
        "text": note.text,
        "what": note.words if note.kind == "action" else "",
        "who": note.who,
        "due": note.due,
        "done": note.done,
        "taken_back": note.retracted,
    }


def _meeting(child: Child, meeting: Meeting, checklists: list[str], notes: list[Note]) -> dict[str, Any]:
    answers = {
        checklist: {
            item: {"status": answer.status, "value": answer.value, "at": answer.at}
            for item, answer in sorted(child.answer_lists[(meeting.id, checklist)].items())
        }
        for checklist in sorted(checklists)
    }
    return {
        "id": meeting.id,
        "date": meeting.date,
        "time": meeting.time,
        "cancelled": meeting.cancelled,
        "purpose": meeting.purpose,
        "where": meeting.where,
        "attendees": [{"name": a.name, "role": a.role} for a in meeting.attendees],
        "breaks": list(meeting.breaks),
        "wrap_up": dict(meeting.wrap_up),
        "questions_asked": sorted(meeting.asked),
        "in_written_iep": dict(meeting.in_written_iep),
        "answers": answers,
        "notes": [_note(note) for note in notes],
    }


def _meetings(child: Child, once: bool) -> Iterator[dict[str, Any]]:
    """Each meeting in the export shape, by date; `once` for a reader that needs each only once."""
    answered: dict[str, list[str]] = {}  # the checklists answered for each meeting
    for meeting_id, checklist in child.answer_lists:
        answered.setdefault(meeting_id, []).append(checklist)
    for meeting in child.meetings_in_order:
        notes = meeting.notes_read_once() if once else meeting.notes
        yield _meeting(child, meeting, answered.get(meeting.id, []), notes)


def to_dict(child: Child) -> dict[str, Any]:
    """The whole folded record in the export shape (README: The export format)."""
    return _document(child, list(_meetings(child, once=False)))


def _document(child: Child, meetings: Iterable[dict[str, Any]]) -> dict[str, Any]:
    from iepprep.iep import document

    return {
        "export_format": EXPORT_FORMAT,
        "record_format": FORMAT_VERSION,
        "child": {key: child.profile.get(key, "") for key, _ in PROFILE_FIELDS},
        "contacts": [
            {"role": c.role, "name": c.name, "email": c.email, "phone": c.phone} for c in child.contacts.values()
        ],
        "meetings": meetings,
        "ieps": [{"id": i.id, "added": i.added, "draft": i.draft, **document(i)} for i in child.ieps],
        "progress_reports": [
            {
                "id": r.id,
                "iep": r.iep,
                "date": r.date,
                "ratings": [{"goal": x.goal, "rating": x.rating, "comment": x.comment} for x in r.ratings],
            }
            for r in child.progress
        ],
        "service_sessions": [
            {
                "id": s.id,
                "iep": s.iep,
                "service": s.service,
                "date": s.date,
                "minutes": s.minutes,
                "missed": s.missed,
                "made_up": s.made_up,
                "school_closed": s.closed,
                "taken_back": s.retracted,
            }
            for s in child.sessions
        ],
        "concerns_met": dict(child.concerns_met),
        "disagreements": [
            {
                "id": d.id,
                "topic": d.topic,
                "kind": d.kind,
                "opened": d.opened,
                "meeting": d.meeting,
                "known_date": d.known_date,
                "violation": d.violation,
                "violation_date": d.violation_date,
                "ongoing": d.ongoing,
                "status": d.status,
                "strategies_tried": list(d.strategies),
                "steps": [
                    {"id": s.id, "rung": s.rung, "date": s.date, "outcome": s.outcome, "detail": s.detail}
                    for s in d.steps
                ],
            }
            for d in child.disagreements
        ],
    }


def as_json(child: Child) -> Iterator[str]:
    """The record as JSON, a meeting at a time: the same text as one `json.dumps(..., indent=2)` of it,
    without the whole record in memory at once."""
    import json

    # ASCII escapes keep every character exact and no control character can reach a terminal.
    yield "{"
    for number, (key, value) in enumerate(_document(child, _meetings(child, once=True)).items()):
        yield ("," if number else "") + "\n  " + json.dumps(key) + ": "
        if key != "meetings":
            yield json.dumps(value, indent=2, ensure_ascii=True).replace("\n", "\n  ")
            continue
        count = 0
        for count, meeting in enumerate(value, 1):
            text = json.dumps(meeting, indent=2, ensure_ascii=True).replace("\n", "\n    ")
            yield ("[\n    " if count == 1 else ",\n    ") + text
        yield "\n  ]" if count else "[]"
    yield "\n}\n"


def as_yaml(child: Child) -> Iterator[str]:
    """The record as YAML, a meeting at a time."""
    return block(_document(child, _meetings(child, once=True)))


# -- Markdown ---------------------------------------------------------------------

# Characters that make Markdown (and GitHub's tables and strikethrough) wherever they are.
_MARKUP = re.compile(r"([\\`*_\[\]<>#|~&])")
# What makes a block only at the start of a line: a list item, a setext underline, a thematic break.
_LINE_START = re.compile(r"^([-+=]|\d+(?=[.)]))")
# Text with none of these is Markdown that shows as it is: most notes.
_ANY = re.compile(r"[\\`*_\[\]<>#|~&\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]|^[-+=\d \t]|^$")


def md(text: str, indent: str = "  ") -> str:
    """The parent's text as Markdown that shows it as written and can never make a heading, list,
    table, link, HTML or comment. Line breaks stay line breaks within the same item."""
    if not _ANY.search(text):
        return text
    lines = []
    for line in text.splitlines() or [""]:
        line = re.sub(r"^[ \t]+", lambda m: "\u00a0" * len(m.group()), _MARKUP.sub(r"\\\1", line))
        line = _LINE_START.sub(lambda m: m.group() + "\\" if m.group()[0].isdigit() else "\\" + m.group(), line)
        lines.append(line or "\u00a0")  # an empty line would end the item
    return ("\\\n" + indent).join(lines)


def _list(lines: list[str], items: list[str], empty: str = "") -> None:
    lines += [f"- {item}" for item in items] or ([f"- {empty}"] if empty else [])
    lines.append("")


def _action(note: Note) -> str:
    details = [
        _("who: {who}").format(who=md(note.who)) if note.who else _("who: not named"),
        _("by {day}").format(day=on_screen(note.due)) if note.due else _("no date"),
        _("done {day}").format(day=on_screen(note.done)) if note.done else _("not done yet"),
    ]
    return f"{md(note.words)} ({', '.join(details)})"


# The parent's own words from getting ready, in the order a reader wants them.
PREP_ANSWERS = (
    ("outcome", N_("The outcome wanted")),
    ("concerns", N_("Concerns")),
    ("strengths", N_("Strengths")),
    ("documents", N_("Documents to bring")),
    ("attendees", N_("Who will attend")),
    ("support-person", N_("Coming along")),
    ("calm-plan", N_("Plan for staying calm")),
)
NOTE_SECTIONS = (
    (N_("Decisions"), "decision"),
    (N_("Concerns"), "concern"),
    (N_("Disagreements"), "disagree"),
    (N_("To come back to"), "later"),
)
WRAP_UP_LABELS = {"who": N_("Who"), "what": N_("What"), "where": N_("Where"), "when": N_("When"), "why": N_("Why")}


def _prep_answers(child: Child, meeting: Meeting) -> list[str]:
    lines = []
    for item, label in PREP_ANSWERS:
        value = child.prep_answer(meeting, item)
        if not value:
            continue
        shown = "; ".join(md(str(v)) for v in value) if isinstance(value, list) else md(str(value))
        lines.append(f"- **{_(label)}:** {shown}")
    return ["### " + _("Getting ready"), "", *lines, ""] if lines else []


def _meeting_markdown(child: Child, meeting: Meeting, today: date) -> list[str]:
    lines = ["## " + _("Meeting on {when}").format(when=meeting.when(None)), ""]  # the day alone: read later
    for label, value in ((_("Purpose"), meeting.purpose), (_("Place"), meeting.where)):
        if value:
            lines.append(f"- **{label}:** {md(value)}")
    people = "; ".join(md(a.name) + (f" ({md(a.role)})" if a.role else "") for a in meeting.attendees)
    lines += [f"- **{_('In the room')}:** {people or _('not noted')}", ""]
    lines += _prep_answers(child, meeting)
    if meeting.wrap_up:
        lines += ["### " + _("In short"), ""]
        lines += [f"- **{_(WRAP_UP_LABELS[part])}:** {md(text)}" for part, text in meeting.wrap_up.items()] + [""]
    kept = [note for note in meeting.notes_read_once() if not note.retracted]  # JSON and YAML keep them, flagged
    for title, kind in NOTE_SECTIONS:
        notes = [note for note in kept if note.kind == kind]
        if notes:
            lines += ["### " + _(title), ""]
            _list(lines, [md(n.text) for n in notes])
    actions = [note for note in kept if note.kind == "action"]
    if actions:
        lines += ["### " + _("Action items"), ""]
        _list(lines, [_action(n) for n in actions])
    prepared = child.prepared_questions(meeting)
    if prepared:
        lines += ["### " + _("Prepared questions"), ""]
        _list(lines, [(_("[asked]") if q in meeting.asked else _("[not asked]")) + " " + md(q) for q in prepared])
    if kept:
        lines += ["### " + _("Every note, in order"), ""]
        for note in kept:
            said = _action(note) if note.kind == "action" else md(note.text)
            lines.append(f"- {clock(note.at)} **{kind_name(note.kind)}** {said}")
        lines.append("")
    return lines


def as_markdown(child: Child, meetings: list[Meeting], today: date) -> Iterator[str]:
    """The record (or the meetings chosen) as Markdown to read and share, a meeting at a time."""
    from iepprep.ladder import RUNGS, deadlines, outcome_name, recommend

    lines = [f"# {md(' '.join(child.name.splitlines()))}", ""]
    for key, label in PROFILE_FIELDS[1:5]:
        if child.profile.get(key):
            value = on_screen(child.profile[key]) if key == "birth_date" else md(child.profile[key])
            lines.append(f"- **{_(label)}:** {value}")
    known = {role for role, _label in CONTACT_ROLES}
    for contact in sorted(child.contacts.values(), key=lambda c: (c.role not in known, c.role)):
        reach = ", ".join(md(p) for p in (contact.email, contact.phone) if p)
        role = md(_(role_label(contact.role)))
        lines.append(f"- **{role}:** {md(contact.name)}" + (f" ({reach})" if reach else ""))
    lines.append("")
    yield "\n".join(lines) + "\n"
    for meeting in meetings:
        yield "\n".join(_meeting_markdown(child, meeting, today)) + "\n"
    lines = []
    if child.disagreements:
        lines += ["## " + _("Disagreements and next steps"), ""]
        for d in child.disagreements:
            rec = recommend(child, d, today)
            kind = _(dict(DISAGREEMENT_KINDS)[d.kind])
            if not d.is_open:
                where = _("resolved")
            elif rec.rung and rec.status == "next":
                where = _("next step: {step}").format(step=_(rec.rung.title))
            else:
                where = outcome_name(rec.status)
            lines.append(f"- **{md(d.topic)}** ({kind}) - {where}")
            for step in d.steps:
                title = _(RUNGS[step.rung].title) if step.rung in RUNGS else md(step.rung, "    ")
                lines.append(f"  - {title}, {on_screen(step.date)}: {outcome_name(step.outcome)}")
            if d.is_open:
                lines += [f"  - {md(deadline.describe(), '    ')}" for deadline in deadlines(child, d, today)]
        lines.append("")
    from iepprep.report import iep_standing

    for heading, found in iep_standing(child, today):
        lines += ["## " + md(heading), ""]
        _list(lines, [md(line) for line in found])
    lines.append("*" + _("Exported by iepprep. This is general information, not legal advice.") + "*")
    yield "\n".join(lines) + "\n"
