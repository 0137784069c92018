"""Export a child's record: Markdown to read and share, JSON or YAML to keep and reuse.

The JSON and YAML exports share one shape, documented in the README under
"The export format": it is the folded record, and it stays stable within a
format number.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from iepprep.dates import on_screen
from iepprep.notes import clock
from iepprep.record import FORMAT_VERSION
from iepprep.state import CONTACT_ROLES, DISAGREEMENT_KINDS, PROFILE_FIELDS, Child, Meeting, Note, role_label

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


def _meeting(child: Child, meeting: Meeting) -> dict[str, Any]:
    answers: dict[str, dict[str, Any]] = {}
    for (meeting_id, checklist, item), answer in sorted(child.answers.items()):
        if meeting_id == meeting.id:
            answers.setdefault(checklist, {})[item] = {"status": answer.status, "value": answer.value, "at": answer.at}
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
        "notes": [_note(note) for note in meeting.notes],
    }


def to_dict(child: Child) -> dict[str, Any]:
    """The whole folded record in the export shape (README: The export format)."""
    return {
        "export_format": EXPORT_FORMAT,
        "record_format": FORMAT_VERSION,
        "child": {key: child.profile.get(key, "") for key, _ in PROFILE_FIELDS},
        "contacts": [
            {"role": c.role, "name": c.name, "email": c.email, "phone": c.phone} for c in child.contacts.values()
        ],
        "meetings": [_meeting(child, m) for m in child.meetings_in_order],
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


def as_json(child: Child) -> str:
    import json

    # ASCII escapes keep every character exact and no control character can reach a terminal.
    return json.dumps(to_dict(child), indent=2, ensure_ascii=True) + "\n"


def as_yaml(child: Child) -> str:
    import yaml

    class Dumper(yaml.SafeDumper):
        """Double quotes whenever text holds a character only an escape keeps exact."""

    def text(dumper: Any, value: str) -> Any:
        odd = any(not ch.isprintable() and ch not in " " for ch in value)
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if odd else None)

    Dumper.add_representer(str, text)
    return yaml.dump(to_dict(child), Dumper=Dumper, sort_keys=False, allow_unicode=True, width=88)


# -- Markdown ---------------------------------------------------------------------


def _list(lines: list[str], items: list[str], empty: str = "") -> None:
    lines += [f"- {item}" for item in items] or ([f"- {empty}"] if empty else [])
    lines.append("")


def _action(note: Note) -> str:
    details = [
        f"who: {note.who or 'not named'}",
        f"by {on_screen(note.due)}" if note.due else "no date",
        f"done {on_screen(note.done)}" if note.done else "not done yet",
    ]
    return f"{note.words} ({', '.join(details)})"


# The parent's own words from getting ready, in the order a reader wants them.
PREP_ANSWERS = (
    ("outcome", "The outcome wanted"),
    ("concerns", "Concerns"),
    ("strengths", "Strengths"),
    ("documents", "Documents to bring"),
    ("attendees", "Who will attend"),
    ("support-person", "Coming along"),
    ("calm-plan", "Plan for staying calm"),
)


def _prep_answers(child: Child, meeting: Meeting) -> list[str]:
    lines = []
    for item, label in PREP_ANSWERS:
        answer = child.answers.get((meeting.id, "before", item))
        if answer is None or answer.status != "answered" or not answer.value:
            continue
        value = answer.value
        lines.append(f"- **{label}:** " + ("; ".join(str(v) for v in value) if isinstance(value, list) else str(value)))
    return ["### Getting ready", "", *lines, ""] if lines else []


def _meeting_markdown(child: Child, meeting: Meeting, today: date) -> list[str]:
    lines = [f"## Meeting on {meeting.when(today)}", ""]
    for label, value in (("Purpose", meeting.purpose), ("Place", meeting.where)):
        if value:
            lines.append(f"- **{label}:** {value}")
    people = "; ".join(a.name + (f" ({a.role})" if a.role else "") for a in meeting.attendees)
    lines += [f"- **In the room:** {people or 'not noted'}", ""]
    lines += _prep_answers(child, meeting)
    if meeting.wrap_up:
        lines += ["### In short", ""]
        lines += [f"- **{part.capitalize()}:** {text}" for part, text in meeting.wrap_up.items()] + [""]
    for title, kind in (
        ("Decisions", "decision"),
        ("Concerns", "concern"),
        ("Disagreements", "disagree"),
        ("To come back to", "later"),
    ):
        notes = meeting.live_notes(kind)
        if notes:
            lines += [f"### {title}", ""]
            _list(lines, [n.text for n in notes])
    actions = meeting.live_notes("action")
    if actions:
        lines += ["### Action items", ""]
        _list(lines, [_action(n) for n in actions])
    prepared = child.prepared_questions(meeting)
    if prepared:
        lines += ["### Prepared questions", ""]
        _list(lines, [("[asked] " if q in meeting.asked else "[not asked] ") + q for q in prepared])
    kept = meeting.live_notes()  # a note taken back is left out here; JSON and YAML keep it, flagged
    if kept:
        lines += ["### Every note, in order", ""]
        lines += [
            f"- {clock(note.at)} **{note.kind}** " + (_action(note) if note.kind == "action" else note.text)
            for note in kept
        ]
        lines.append("")
    return lines


def as_markdown(child: Child, meetings: list[Meeting], today: date) -> str:
    from iepprep.ladder import RUNGS, deadlines, recommend

    lines = [f"# {child.name}", ""]
    for key, label in PROFILE_FIELDS[1:5]:
        if child.profile.get(key):
            value = on_screen(child.profile[key]) if key == "birth_date" else child.profile[key]
            lines.append(f"- **{label}:** {value}")
    known = {role for role, _ in CONTACT_ROLES}
    for contact in sorted(child.contacts.values(), key=lambda c: (c.role not in known, c.role)):
        reach = ", ".join(p for p in (contact.email, contact.phone) if p)
        lines.append(f"- **{role_label(contact.role)}:** {contact.name}" + (f" ({reach})" if reach else ""))
    lines.append("")
    for meeting in meetings:
        lines += _meeting_markdown(child, meeting, today)
    if child.disagreements:
        lines += ["## Disagreements and next steps", ""]
        for d in child.disagreements:
            rec = recommend(child, d, today)
            kind = dict(DISAGREEMENT_KINDS)[d.kind]
            lines.append(
                f"- **{d.topic}** ({kind}) - "
                + (
                    "resolved"
                    if not d.is_open
                    else f"next step: {rec.rung.title}"
                    if rec.rung and rec.status == "next"
                    else rec.status
                )
            )
            for step in d.steps:
                title = RUNGS[step.rung].title if step.rung in RUNGS else step.rung
                lines.append(f"  - {title}, {on_screen(step.date)}: {step.outcome}")
            if d.is_open:
                lines += [f"  - {deadline.describe()}" for deadline in deadlines(child, d, today)]
        lines.append("")
    lines.append("*Exported by iepprep. This is general information, not legal advice.*")
    return "\n".join(lines) + "\n"
