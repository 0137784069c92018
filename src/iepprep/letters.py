"""Letters ready to send, filled from the record, in US business-letter form.

A letter holds only what the school should read: dates written out, actions as
sentences ("Ms. Lee will send the OT report by December 15, 2026."), no
shorthand and nothing meant for the parent. What the parent should know while
sending it (the history of what was tried, blanks to fill, that this is not
legal advice) comes back beside the letter, to be shown on screen. Every fact
iepprep cannot know is a visible blank to fill. The parent's own words (names,
topics, notes) go in exactly as written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from iepprep import rules
from iepprep.actions import sentence
from iepprep.dates import in_letter
from iepprep.errors import IepprepError
from iepprep.state import DISAGREEMENT_KINDS, MISSING_FROM_IEP, Child, Disagreement, Meeting, Note, role_label

RESPOND_WITHIN_DAYS = 14
BLANK = "[BLANK TO FILL"
NOT_LEGAL_ADVICE = "This is general information, not legal advice."
KEEP_A_COPY = "Keep a copy of what you send, and note the day you sent it and how."
DETAILS_COMMAND = "iepprep child edit"


def blank(what: str) -> str:
    return f"{BLANK}: {what}]"


@dataclass
class Letter:
    """A business letter: sender, date, recipient, Re: line, greeting, body, closing and cc."""

    sender: list[str]
    dated: str
    recipient: list[str]
    re_line: str
    greeting: str
    body: list[tuple[str, list[str]]] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    sent_by: str = ""

    def para(self, text: str) -> None:
        self.body.append(("para", [text]))

    def items(self, items: list[str]) -> None:
        self.body.append(("items", items))

    def heading(self, text: str) -> None:
        self.body.append(("heading", [text]))

    def prose(self) -> str:
        """The body's sentences alone (each heading and list item as one), to measure how plain it reads."""
        parts = [
            text if text.rstrip().endswith((".", ":", "?")) else text + "." for _, value in self.body for text in value
        ]
        return " ".join(parts)

    def render(self, markdown: bool = False) -> str:
        """Plain text, or Markdown whose lines break where the letter's do."""
        lines_join = "  \n" if markdown else "\n"
        out = [lines_join.join(self.sender), "", self.dated]
        if self.sent_by:
            out.append(self.sent_by)
        out += ["", lines_join.join(self.recipient), "", self.re_line, "", self.greeting, ""]
        for kind, value in self.body:
            if kind == "heading":
                out += [f"**{value[0]}**" if markdown else value[0], ""]
            elif kind == "para":
                out += [value[0], ""]
            else:
                out += [f"- {item}" if markdown else f"  - {item}" for item in value] + [""]
        out += [lines_join.join(self.closing)]
        if self.cc:
            out += ["", lines_join.join(f"cc: {who}" for who in self.cc)]
        return "\n".join(out) + "\n"


@dataclass
class Facts:
    """What a letter may draw on."""

    child: Child
    today: date
    to_role: str
    meeting: Meeting | None = None
    disagreement: Disagreement | None = None
    sent_by: str = ""  # how the parent sends it: email, mail or by hand

    def profile(self, key: str, what: str) -> str:
        return self.child.profile.get(key) or blank(what)

    @property
    def recipient_name(self) -> str:
        contact = self.child.contacts.get(self.to_role)
        return contact.name if contact and contact.name else blank(f"the {role_label(self.to_role)}'s name")

    @property
    def district(self) -> str:
        return self.profile("district", "the school district")

    @property
    def meeting_date(self) -> str:
        return in_letter(self.meeting.date) if self.meeting and self.meeting.date else blank("the meeting's date")

    @property
    def topic(self) -> str:
        return self.disagreement.topic if self.disagreement else blank("what you disagree about, in one sentence")

    @property
    def respond_by(self) -> str:
        return in_letter(self.today + timedelta(days=RESPOND_WITHIN_DAYS))

    def birth_date(self) -> str:
        known = self.child.profile.get("birth_date")
        return in_letter(known) if known else blank("date of birth")

    def steps_tried(self, leave_out: str) -> list[str]:
        """What was tried, in sentences the school can read: finished steps only, not this letter's own."""
        if not self.disagreement:
            return []
        said = {
            "collaborate": "We talked it through with the team",
            "iee": "I asked for an Independent Educational Evaluation",
            "another-meeting": "We held another IEP meeting about it",
            "complaint": "I filed a state complaint",
            "mediation": "We tried mediation",
        }
        found = []
        for step in self.disagreement.steps:
            if step.rung == leave_out or step.rung not in said or step.outcome not in ("not resolved", "partly"):
                continue
            result = "we did not agree" if step.outcome == "not resolved" else "we agreed on part of it"
            found.append(f"{said[step.rung]} in {_month_year(step.date)}, and {result}.")
        return found


def _title(role: str) -> str:
    """A role as a letter's address block writes it: 'Case Manager', 'Director of Special Education'."""
    return " ".join(word if word in ("of", "the", "and") else word[:1].upper() + word[1:] for word in role.split())


def _month_year(iso: str) -> str:
    written = in_letter(iso)
    return f"{written.split(' ')[0]} {written.rsplit(' ', 1)[1]}"


def _action(note: Note) -> str:
    return sentence(note.words, note.who or blank("who will do it"), in_letter(note.due) if note.due else "")


# -- the letters' own words ------------------------------------------------------------


def _meeting_request(letter: Letter, facts: Facts) -> None:
    letter.para(f"I am writing to ask for another IEP meeting for {facts.child.name}.")
    if facts.meeting and facts.meeting.date:
        letter.para(f"At our meeting on {facts.meeting_date}, we did not agree about this: {facts.topic}")
    else:
        letter.para(f"We do not agree about this: {facts.topic}")
    tried = facts.steps_tried(leave_out="another-meeting")
    if tried:
        letter.para(" ".join(tried))
    letter.para(
        "I would like the next meeting to be set up in a new way: "
        + blank(
            "what you would like changed: other people on the team, the district office as the place, or a "
            "person you name to be there"
        )
        + "."
    )
    letter.para(f"Please send me some dates and times. I can usually meet {blank('the days and times that suit you')}.")
    letter.para(
        "If the district will not hold this meeting, please tell me why in writing, in a prior written notice "
        f"({rules.cite('pwn')})."
    )


def _iee_request(letter: Letter, facts: Facts) -> None:
    letter.para(
        f"I disagree with the district's {blank('which evaluation, for example the psycho-educational evaluation')}"
        f" dated {blank('the date of that evaluation')}."
        + (f" My disagreement: {facts.disagreement.topic}" if facts.disagreement else "")
    )
    letter.para(
        f"I am asking for an Independent Educational Evaluation (IEE) of {facts.child.name}. I ask that the "
        "public pay for it."
    )
    letter.para(
        "The district must act without needless delay. It must either pay for the IEE or ask for a due "
        f"process hearing to show that its own evaluation was appropriate ({rules.cite('iee')})."
    )
    letter.para(
        "Please send me the district's rules for choosing an evaluator. Please also tell me how the IEE will "
        "be paid for. I do not have to give a reason for this request."
    )


def _records_request(letter: Letter, facts: Facts) -> None:
    letter.para(
        f"I am asking to see all of {facts.child.name}'s school records. The law calls this the right to "
        f"inspect and review them ({rules.cite('records-access')}). They include:"
    )
    letter.items(
        [
            "evaluations and their reports",
            "current and past IEPs, and any draft IEP",
            "progress reports and grades",
            "notes and data about services",
            "discipline and attendance records",
        ]
    )
    letter.para(
        f"I also ask for copies, so that I can review them well ({rules.cite('records-copies')}). If there is "
        "a fee for copies, please tell me first."
    )
    upcoming = (
        facts.meeting.date
        if facts.meeting and facts.meeting.date and facts.meeting.date >= facts.today.isoformat()
        else ""
    )
    limit = rules.state("records-access").value
    within = f"within {limit.words()} at most" if limit else "without needless delay"
    letter.para(
        f"Please let me see them before the IEP meeting on {in_letter(upcoming)}, and in any case {within}."
        if upcoming
        else f"Please let me see them soon, and {within}."
    )


def _pwn_request(letter: Letter, facts: Facts) -> None:
    letter.para(
        f"I am asking for prior written notice ({rules.cite('pwn')}). It is about a choice made for "
        f"{facts.child.name} at the meeting or call on {facts.meeting_date}."
    )
    letter.para(f"What was proposed or refused: {facts.topic}")
    letter.para("Please tell me in writing:")
    letter.items(
        [
            "what the district will or will not do",
            "why",
            "each test, record or report the choice was based on",
            "the other choices the team thought about, and why it turned them down",
            "any other reasons that mattered to the choice",
            "how I can get a copy of my rights (the procedural safeguards notice)",
            "who I can contact for help understanding this",
        ]
    )
    letter.para("Please send this before any change is made.")


def _mediation_request(letter: Letter, facts: Facts) -> None:
    kind = dict(DISAGREEMENT_KINDS).get(facts.disagreement.kind, "") if facts.disagreement else ""
    letter.para(
        f"I am asking for mediation about a disagreement over {facts.child.name}'s schooling."
        + (f" It concerns {kind}." if kind else "")
    )
    letter.para(f"The disagreement: {facts.topic}")
    tried = facts.steps_tried(leave_out="mediation")
    if tried:
        letter.para(" ".join(tried))
    letter.para(
        "I know that mediation is voluntary and costs parents nothing. It may not be used to delay or deny my "
        f"right to a due process hearing ({rules.cite('mediation')}). Please tell me how to set it up."
    )


def _follow_up(letter: Letter, facts: Facts) -> None:
    meeting = facts.meeting
    letter.para(
        f"Thank you for meeting with me on {facts.meeting_date} about {facts.child.name}. I am writing "
        "to make sure we understood the meeting the same way."
    )
    notes = meeting.live_notes() if meeting else []
    sections = [
        ("What we decided", [n.text for n in notes if n.kind == "decision"], "each decision made at the meeting"),
        ("Who will do what, and by when", [_action(n) for n in notes if n.kind == "action"], "each action"),
        ("Where we did not agree", [n.text for n in notes if n.kind == "disagree"], ""),
        ("Concerns I raised", [n.text for n in notes if n.kind == "concern"], ""),
        ("Questions still open", [n.text for n in notes if n.kind in ("question", "later")], ""),
    ]
    for title, items, empty in sections:
        if items or empty:
            letter.heading(title)
            letter.items(items or [blank(empty)])
    letter.para(f"If I have misunderstood anything, please tell me in writing by {facts.respond_by}.")


def _iep_corrections(letter: Letter, facts: Facts) -> None:
    meeting = facts.meeting
    missing = (
        [n for n in meeting.live_notes() if meeting.in_written_iep.get(n.id) in MISSING_FROM_IEP] if meeting else []
    )
    letter.para(
        f"I have read the written IEP for {facts.child.name} from our meeting on {facts.meeting_date}. Some "
        "things we agreed on at the meeting are missing from it, or are only partly there:"
    )
    items = [
        (_action(n) if n.kind == "action" else n.text)
        + (" (only partly in the IEP)" if meeting and meeting.in_written_iep.get(n.id) == "partly" else " (missing)")
        for n in missing
    ]
    letter.items(items or [blank("what was agreed but is missing from the written IEP")])
    letter.para(
        "Please correct the IEP so that it says what we agreed, and send me the corrected copy. If the district "
        f"will not make a change, please tell me why in writing, in a prior written notice ({rules.cite('pwn')})."
    )


def _state_complaint(letter: Letter, facts: Facts) -> None:
    letter.para(
        f"I am filing a state complaint about {facts.child.name}. The district has not followed a requirement "
        "of Part B of the Individuals with Disabilities Education Act (IDEA)."
    )
    letter.heading("1. What the district has not done")
    letter.para(facts.topic)
    letter.heading("2. The facts")
    violation = facts.disagreement.violation_date if facts.disagreement else ""
    when = in_letter(violation) if violation else blank("the date it happened")
    ongoing = facts.disagreement is not None and facts.disagreement.ongoing
    opening = f"It is still happening. The last time was {when}." if ongoing else f"It happened on {when}."
    letter.para(f"{opening} {blank('what happened, who was involved, and what you have in writing')}")
    letter.heading("3. My child")
    home = facts.profile("parent_address", "your child's home address")
    letter.para(
        f"{facts.child.name} lives at {home} and attends {facts.profile('school', 'school')} in {facts.district}."
    )
    letter.heading("4. How I would like it fixed")
    letter.para(blank("the fix you propose, for example the missed services made up"))
    letter.heading("5. How to reach me")
    email = facts.child.profile.get("parent_email", "")
    letter.para(
        f"{facts.profile('parent_name', 'your name')}, {facts.profile('parent_phone', 'your phone')}"
        + (f", {email}" if email else "")
    )


@dataclass(frozen=True)
class Kind:
    subject: str
    role: str  # whom it is addressed to, by default
    build: Callable[[Letter, Facts], None]
    asks_reply: bool = True  # the closing asks for a reply by a date
    to_state: bool = False  # addressed to the state education agency, with a copy to the district


KINDS: dict[str, Kind] = {
    "meeting-request": Kind("Request for another IEP meeting", "case-manager", _meeting_request),
    "iee-request": Kind(
        "Request for an Independent Educational Evaluation", "director-of-special-education", _iee_request
    ),
    "records-request": Kind("Request to see education records", "case-manager", _records_request),
    "pwn-request": Kind("Request for prior written notice", "case-manager", _pwn_request),
    "mediation-request": Kind("Request for mediation", "director-of-special-education", _mediation_request),
    "follow-up": Kind("Our IEP meeting: what I understood", "case-manager", _follow_up, asks_reply=False),
    "iep-corrections": Kind("Corrections to the written IEP", "case-manager", _iep_corrections),
    "complaint-outline": Kind(
        "State complaint", "director-of-special-education", _state_complaint, asks_reply=False, to_state=True
    ),
}


def kind_of(name: str) -> Kind:
    if name not in KINDS:
        raise IepprepError(f"There is no letter called '{name}'; the letters are: {', '.join(KINDS)}.")
    return KINDS[name]


@dataclass
class Draft:
    """A letter's text, and what the parent should know while sending it (shown, never printed in it)."""

    kind: str
    text: str
    for_you: list[str]
    prose: str = ""  # the body's sentences, without the address blocks

    @property
    def blanks(self) -> int:
        return self.text.count(BLANK)


def draft(name: str, facts: Facts, markdown: bool = False) -> Draft:
    kind = kind_of(name)
    letter = _frame(kind, facts)
    kind.build(letter, facts)
    if kind.asks_reply:
        letter.para(f"Please reply in writing by {facts.respond_by}.")
    letter.closing = ["Sincerely,", "", "", facts.profile("parent_name", "your name")]
    return Draft(name, letter.render(markdown), _for_you(name, kind, facts), letter.prose())


def _frame(kind: Kind, facts: Facts) -> Letter:
    profile = facts.child.profile
    sender = [
        facts.profile("parent_name", "your name"),
        facts.profile("parent_address", "your postal address"),
        facts.profile("parent_phone", "your phone"),
    ] + ([profile["parent_email"]] if profile.get("parent_email") else [])
    grade = profile.get("grade")
    re_line = (
        f"Re: {facts.child.name}, date of birth {facts.birth_date()}"
        + (f", grade {grade}" if grade else "")
        + f", {facts.profile('school', 'school')} - {kind.subject}"
    )
    if kind.to_state:
        office = rules.setting_text("complaint-office") or blank("your state education agency's complaints office")
        address = rules.setting_text("complaint-address") or blank("its address")
        letter = Letter(sender, in_letter(facts.today), [office, address], re_line, "To the state complaints office:")
        letter.cc = [f"{facts.recipient_name}, {_title(role_label(facts.to_role))}, {facts.district}"]
    else:
        recipient = [facts.recipient_name, _title(role_label(facts.to_role)), facts.district]
        letter = Letter(sender, in_letter(facts.today), recipient, re_line, f"Dear {facts.recipient_name}:")
    letter.sent_by = f"Sent by {facts.sent_by}" if facts.sent_by else ""
    return letter


def _for_you(name: str, kind: Kind, facts: Facts) -> list[str]:
    """What the parent should know while sending this letter; none of it goes in the letter."""
    notes = []
    if facts.disagreement and facts.disagreement.steps:
        from iepprep.ladder import RUNGS

        history = "; ".join(
            f"{RUNGS[s.rung].title if s.rung in RUNGS else s.rung} ({in_letter(s.date)}): {s.outcome}"
            for s in facts.disagreement.steps
        )
        notes.append(f"What you have tried so far, for you (it is not in the letter): {history}.")
    if kind.to_state:
        from iepprep.ladder import STATE_COMPLAINT, deadlines

        if facts.disagreement:
            limit = next(d for d in deadlines(facts.child, facts.disagreement, facts.today) if d.key == STATE_COMPLAINT)
            notes.append(limit.describe())
        notes.append(rules.state("state-complaint-where").line)
        notes.append("Sign it before you send it. " + rules.state("state-complaint-contents").line)
    missing = [
        label
        for key, label in (
            ("parent_name", "your name"),
            ("parent_address", "your address"),
            ("parent_phone", "your phone"),
            ("birth_date", f"{facts.child.name}'s date of birth"),
            ("school", "the school"),
            ("district", "the district"),
        )
        if not facts.child.profile.get(key)
    ]
    if missing or (not kind.to_state and not facts.child.contacts.get(facts.to_role)):
        notes.append(f"Add {', '.join(missing) or 'the contacts'} once, for every letter, with: {DETAILS_COMMAND}")
    notes.append(KEEP_A_COPY)
    notes.append(NOT_LEGAL_ADVICE)
    return notes


def meeting_for(child: Child, today: date) -> Meeting | None:
    """The meeting a letter is about: the last one held, or else the next one."""
    return child.last_meeting_held(today) or child.next_meeting(today)


def disagreement_for(child: Child, about: str | None) -> Disagreement | None:
    """The disagreement a letter is about: the one whose id starts with `about`, else the last open one."""
    if about is None:
        open_ones = [d for d in child.disagreements if d.is_open]
        return open_ones[-1] if open_ones else None
    wanted = about.strip().lower()
    matches = [d for d in child.disagreements if d.id.startswith(wanted)] if len(wanted) >= 3 else []
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(f"{d.short_id} ({d.topic})" for d in child.disagreements) or "none yet"
    raise IepprepError(f"No single disagreement's id starts with '{about}'; the disagreements are: {known}.")


def role_for(text: str) -> str:
    """A contact role from what the parent typed: its key or its label, in any case."""
    from iepprep.state import CONTACT_ROLES

    wanted = text.strip().casefold().replace(" ", "-")
    for key, label in CONTACT_ROLES:
        if wanted in (key, label.casefold().replace(" ", "-")):
            return key
    return text.strip()


def default_role(name: str) -> str:
    return kind_of(name).role


def file_name(child: Child, name: str, day: date, suffix: str = ".txt") -> str:
    """'sam-follow-up-2026-12-08.txt': the child, what it is, and the day."""
    import re
    import unicodedata

    plain = "".join(ch for ch in unicodedata.normalize("NFKD", child.name) if not unicodedata.combining(ch))
    slug = re.sub(r"[^a-z0-9]+", "-", plain.casefold()).strip("-") or "child"
    return f"{slug}-{name}-{day.isoformat()}{suffix}"
