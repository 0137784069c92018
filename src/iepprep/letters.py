"""Letter drafts filled from the record. Every missing fact is a visible blank to fill.

A letter is built as a list of blocks and rendered as plain text or
Markdown. The parent's own words (names, topics, notes) go in exactly as
they were written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from iepprep import rules
from iepprep.errors import IepprepError
from iepprep.state import DISAGREEMENT_KINDS, Child, Disagreement, Meeting, role_label

FOOTER = "Drafted with iepprep. This is general information, not legal advice."
RESPOND_WITHIN_DAYS = 14


def blank(what: str) -> str:
    return f"[BLANK TO FILL: {what}]"


@dataclass
class Letter:
    subject: str
    blocks: list[tuple[str, list[str]]] = field(default_factory=list)

    def para(self, text: str) -> None:
        self.blocks.append(("para", [text]))

    def lines(self, lines: list[str]) -> None:
        self.blocks.append(("lines", lines))

    def items(self, items: list[str]) -> None:
        self.blocks.append(("items", items))

    def heading(self, text: str) -> None:
        self.blocks.append(("heading", [text]))

    def render(self, markdown: bool = False) -> str:
        out: list[str] = [f"# {self.subject}" if markdown else self.subject.upper(), ""]
        for kind, value in self.blocks:
            if kind == "heading":
                out += [f"## {value[0]}" if markdown else value[0], ""]
            elif kind == "para":
                out += [value[0], ""]
            elif kind == "lines":
                out += [("  \n" if markdown else "\n").join(value), ""]
            else:
                out += [f"- {item}" if markdown else f"  - {item}" for item in value] + [""]
        out.append(f"*{FOOTER}*" if markdown else f"-- \n{FOOTER}")
        return "\n".join(out) + "\n"


@dataclass
class Facts:
    """What a letter may draw on."""

    child: Child
    today: date
    to_role: str
    meeting: Meeting | None = None
    disagreement: Disagreement | None = None

    def profile(self, key: str, what: str) -> str:
        return self.child.profile.get(key) or blank(what)

    @property
    def recipient_name(self) -> str:
        contact = self.child.contacts.get(self.to_role)
        return contact.name if contact and contact.name else blank(f"the {role_label(self.to_role)}'s name")

    @property
    def meeting_date(self) -> str:
        return self.meeting.date if self.meeting and self.meeting.date else blank("the meeting's date")

    @property
    def topic(self) -> str:
        return self.disagreement.topic if self.disagreement else blank("what you disagree about, in one sentence")

    @property
    def respond_by(self) -> str:
        return (self.today + timedelta(days=RESPOND_WITHIN_DAYS)).isoformat()

    def tried(self) -> list[str]:
        from iepprep.ladder import RUNGS

        if not self.disagreement or not (self.disagreement.steps or self.disagreement.strategies):
            return [blank("what you have tried so far, and when")]
        found = [
            f"{RUNGS[s.rung].title if s.rung in RUNGS else s.rung} ({s.date}): {s.outcome}"
            for s in self.disagreement.steps
        ]
        if self.disagreement.strategies:
            found.insert(
                0,
                f"Talking it through with the team, using {len(self.disagreement.strategies)} "
                "ways of working through a disagreement",
            )
        return found


def _opening(letter: Letter, facts: Facts) -> None:
    child = facts.child
    email = child.profile.get("parent_email", "")
    letter.lines(
        [
            facts.today.isoformat(),
            "",
            "From: " + facts.profile("parent_name", "your name"),
            facts.profile("parent_address", "your postal address"),
            facts.profile("parent_phone", "your phone") + (f", {email}" if email else ""),
            "",
            f"To: {facts.recipient_name}, {role_label(facts.to_role)}",
            facts.profile("district", "the school district"),
        ]
    )
    letter.para(
        f"About: {child.name}, date of birth {facts.profile('birth_date', 'date of birth')}, "
        f"{facts.profile('school', 'school')}, grade {facts.profile('grade', 'grade')}"
    )
    letter.para(f"Dear {facts.recipient_name},")


def _closing(letter: Letter, facts: Facts, respond: bool = True) -> None:
    if respond:
        letter.para(f"Please respond in writing by {facts.respond_by}.")
    letter.lines(["Sincerely,", "", facts.profile("parent_name", "your name")])
    letter.para(
        f"Sent by {blank('how you sent it: email, post or by hand')} on {facts.today.isoformat()}. "
        "I have kept a copy of this letter."
    )


def _meeting_request(letter: Letter, facts: Facts) -> None:
    letter.para(f"I am writing to ask for another IEP meeting for {facts.child.name}.")
    letter.para(f"My concern: {facts.topic}")
    letter.para("What we have tried so far:")
    letter.items(facts.tried())
    letter.para("I would like the meeting to be set up differently (I have kept the changes I am asking for):")
    letter.items(
        [
            "with a different group of people on the team",
            "at the district office, not at the school",
            f"with {blank('the name and role of the person you would like there')} present",
        ]
    )
    letter.para(f"Please send me possible dates. I can usually meet {blank('the days and times that suit you')}.")


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
        f"process hearing to show that its own evaluation was right ({rules.cite('iee')})."
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
    within = f"within {limit.words()} at most" if limit else "without unnecessary delay"
    letter.para(
        f"Please let me see them before the IEP meeting on {upcoming}, and in any case {within}."
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
        ]
    )


def _mediation_request(letter: Letter, facts: Facts) -> None:
    kind = dict(DISAGREEMENT_KINDS).get(facts.disagreement.kind, "") if facts.disagreement else ""
    letter.para(
        f"I am asking for mediation to settle a disagreement about {facts.child.name}"
        + (f" concerning {kind}." if kind else ".")
    )
    letter.para(f"The disagreement: {facts.topic}")
    letter.para("What we have tried so far:")
    letter.items(facts.tried())
    letter.para(
        "I know that mediation is voluntary and costs parents nothing. It does not delay my right to a due "
        f"process hearing ({rules.cite('mediation')}). Please tell me how to set it up."
    )


def _follow_up(letter: Letter, facts: Facts) -> None:
    meeting = facts.meeting
    letter.para(
        f"Thank you for meeting with me on {facts.meeting_date} about {facts.child.name}. I am writing "
        "to make sure we understood the meeting the same way."
    )
    notes = meeting.live_notes() if meeting else []
    decisions = [n.text for n in notes if n.kind == "decision"]
    actions = [n.text + f" ({n.who or blank('who')}, by {n.due or blank('when')})" for n in notes if n.kind == "action"]
    questions = [n.text for n in notes if n.kind in ("question", "later")]
    letter.heading("What we decided")
    letter.items(decisions or [blank("each decision made at the meeting")])
    letter.heading("Who will do what, and by when")
    letter.items(actions or [blank("each action, who will do it, and by when")])
    letter.heading("Questions still open")
    letter.items(questions or [blank("any question that was not answered")])
    letter.para(f"If I have misunderstood anything, please tell me in writing by {facts.respond_by}.")


def _complaint_outline(letter: Letter, facts: Facts) -> None:
    from iepprep.ladder import STATE_COMPLAINT, deadlines

    office = rules.setting_text("complaint-office")
    address = rules.setting_text("complaint-address")
    letter.para(
        f"This is an outline of a state complaint, with the parts the rule asks for "
        f"({rules.cite('state-complaint-contents')}). Sign the complaint and send it to your state's "
        "education agency. Send a copy to the school district at the same time "
        f"({rules.cite('state-complaint-where')})."
    )
    letter.lines(
        [
            "To: "
            + (office or blank("your state education agency's special education complaints office"))
            + ", "
            + (address or blank("its address")),
            f"Copy to, sent the same day: {facts.recipient_name}, {role_label(facts.to_role)}, "
            f"{facts.profile('district', 'the school district')}",
        ]
    )
    if facts.disagreement:
        limit = next(d for d in deadlines(facts.child, facts.disagreement, facts.today) if d.key == STATE_COMPLAINT)
        letter.para(f"About: {facts.disagreement.topic}")
        letter.para(limit.describe())
    letter.heading("1. The rule the district did not follow")
    letter.para(f"The district has not followed a requirement of Part B of IDEA: {facts.topic}")
    letter.heading("2. The facts")
    violation = facts.disagreement.violation_date if facts.disagreement else ""
    when = violation or blank("the date it happened")
    ongoing = facts.disagreement is not None and facts.disagreement.ongoing
    letter.para(
        f"{'It is still happening; the last time was' if ongoing else 'On'} {when}, "
        f"{blank('what happened, and who was involved')}"
    )
    letter.heading("3. The child")
    home = facts.profile("parent_address", "your child's home address")
    letter.para(f"{facts.child.name}, {home}, attending {facts.profile('school', 'school')}")
    letter.heading("4. What would fix it")
    letter.para(blank("the resolution you propose, for example the missed services made up"))
    letter.heading("5. Signature and contact")
    letter.lines(
        [
            facts.profile("parent_name", "your name") + ", " + facts.profile("parent_phone", "your phone"),
            f"Signed: {blank('your signature')}   Date: {blank('the date you sign')}",
        ]
    )


@dataclass(frozen=True)
class Kind:
    subject: str
    role: str
    build: Callable[[Letter, Facts], None]
    is_letter: bool = True
    asks_reply: bool = True  # the closing asks for a reply by a date


KINDS: dict[str, Kind] = {
    "meeting-request": Kind("Request for another IEP meeting", "case-manager", _meeting_request),
    "iee-request": Kind(
        "Request for an Independent Educational Evaluation", "director-of-special-education", _iee_request
    ),
    "records-request": Kind("Request for education records", "case-manager", _records_request),
    "pwn-request": Kind("Request for prior written notice", "case-manager", _pwn_request),
    "mediation-request": Kind("Request for mediation", "director-of-special-education", _mediation_request),
    "follow-up": Kind("Letter of understanding after our IEP meeting", "case-manager", _follow_up, asks_reply=False),
    "complaint-outline": Kind(
        "State complaint - outline", "director-of-special-education", _complaint_outline, is_letter=False
    ),
}


def kind_of(name: str) -> Kind:
    if name not in KINDS:
        raise IepprepError(f"There is no letter called '{name}'; the letters are: {', '.join(KINDS)}.")
    return KINDS[name]


def draft(name: str, facts: Facts, markdown: bool = False) -> str:
    kind = kind_of(name)
    letter = Letter(kind.subject + f" - {facts.child.name}")
    if kind.is_letter:
        _opening(letter, facts)
    kind.build(letter, facts)
    if kind.is_letter:
        _closing(letter, facts, respond=kind.asks_reply)
    return letter.render(markdown)


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


def default_role(name: str) -> str:
    return kind_of(name).role
