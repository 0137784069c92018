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
from iepprep.dates import in_letter, month_and_year
from iepprep.errors import IepprepError
from iepprep.iep import often
from iepprep.state import DISAGREEMENT_KINDS, MISSING_FROM_IEP, Child, Disagreement, Meeting, Note, role_label
from iepprep.words import N_, _, command

RESPOND_WITHIN_DAYS = 14
DETAILS_COMMAND = "iepprep child edit"
# How a role is written in a letter's address block.
ROLE_TITLES = {
    "case-manager": N_("Case Manager"),
    "program-specialist": N_("Program Specialist"),
    "director-of-special-education": N_("Director of Special Education"),
    "assistant-superintendent": N_("Assistant Superintendent"),
}


def blank(what: str) -> str:
    """A visible blank for a fact iepprep cannot know: '[BLANK TO FILL: what]'."""
    return _("[BLANK TO FILL: {what}]").format(what=what)


def blank_marker() -> str:
    """The start every blank shares, to count the blanks left in a letter."""
    return blank("").split(":")[0]


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
    tables: list[tuple[list[str], list[list[str]]]] = field(default_factory=list)

    def para(self, text: str) -> None:
        self.body.append(("para", [text]))

    def items(self, items: list[str]) -> None:
        self.body.append(("items", items))

    def heading(self, text: str) -> None:
        self.body.append(("heading", [text]))

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        """Rows of facts under a header; each cell one line of text."""
        self.tables.append((header, rows))
        self.body.append(("table", [str(len(self.tables) - 1)]))

    def prose(self) -> str:
        """The body's sentences alone (each heading and list item as one), to measure how plain it reads."""
        parts = [
            text if text.rstrip().endswith((".", ":", "?")) else text + "."
            for kind, value in self.body
            if kind != "table"
            for text in value
        ]
        return " ".join(parts)

    def render(self, markdown: bool = False) -> str:
        """Plain text, or Markdown whose lines break where the letter's do. In Markdown every piece
        of text is escaped, so nothing the parent typed can become a heading, a link, HTML or a comment."""
        from iepprep.export import md

        def say(text: str) -> str:
            return md(text) if markdown else text

        def lines(texts: list[str]) -> str:
            return ("  \n" if markdown else "\n").join(say(text) for text in texts)

        out = [lines(self.sender), "", say(self.dated)]
        if self.sent_by:
            out.append(say(self.sent_by))
        out += ["", lines(self.recipient), "", say(self.re_line), "", say(self.greeting), ""]
        for kind, value in self.body:
            if kind == "heading":
                out += [f"**{say(value[0])}**" if markdown else value[0], ""]
            elif kind == "para":
                out += [say(value[0]), ""]
            elif kind == "table":
                out += _table(*self.tables[int(value[0])], say, markdown) + [""]
            else:
                out += [f"- {say(item)}" if markdown else f"  - {item}" for item in value] + [""]
        out += [lines(self.closing)]
        if self.cc:
            out += ["", lines([_("cc: {who}").format(who=who) for who in self.cc])]
        return "\n".join(out) + "\n"


def _table(header: list[str], rows: list[list[str]], say: Callable[[str], str], markdown: bool) -> list[str]:
    """A table as Markdown, or as plain columns lined up with spaces."""
    if markdown:
        escaped = [[say(cell).replace("|", "\\|") for cell in row] for row in [header, *rows]]
        lines = ["| " + " | ".join(escaped[0]) + " |", "|" + "---|" * len(header)]
        return lines + ["| " + " | ".join(row) + " |" for row in escaped[1:]]
    widths = [max(len(row[n]) for row in [header, *rows]) for n in range(len(header))]
    return ["  ".join(cell.ljust(widths[n]) for n, cell in enumerate(row)).rstrip() for row in [header, *rows]]


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
        return self.child.profile.get(key) or blank(_(what))

    @property
    def recipient_name(self) -> str:
        contact = self.child.contacts.get(self.to_role)
        if contact and contact.name:
            return contact.name
        return blank(_("the name of the {role}").format(role=_(role_label(self.to_role))))

    @property
    def district(self) -> str:
        return self.profile("district", N_("the school district"))

    @property
    def meeting_date(self) -> str:
        return in_letter(self.meeting.date) if self.meeting and self.meeting.date else blank(_("the meeting's date"))

    @property
    def topic(self) -> str:
        return self.disagreement.topic if self.disagreement else blank(_("what you disagree about, in one sentence"))

    @property
    def respond_by(self) -> str:
        return in_letter(self.today + timedelta(days=RESPOND_WITHIN_DAYS))

    def birth_date(self) -> str:
        known = self.child.profile.get("birth_date")
        return in_letter(known) if known else blank(_("date of birth"))

    def steps_tried(self, leave_out: str) -> list[str]:
        """What was tried, in sentences the school can read: finished steps only, not this letter's own."""
        if not self.disagreement:
            return []
        found = []
        for step in self.disagreement.steps:
            if step.rung == leave_out or step.rung not in TRIED or step.outcome not in ("not resolved", "partly"):
                continue
            agreed, partly = TRIED[step.rung]
            said = _(partly if step.outcome == "partly" else agreed)
            found.append(said.format(when=_month_year(step.date)))
        return found


# What was tried, in sentences the school can read: (did not agree, agreed on part of it).
TRIED = {
    "collaborate": (
        N_("We talked it through with the team in {when}, and we did not agree."),
        N_("We talked it through with the team in {when}, and we agreed on part of it."),
    ),
    "iee": (
        N_("I asked for an Independent Educational Evaluation in {when}, and we did not agree."),
        N_("I asked for an Independent Educational Evaluation in {when}, and we agreed on part of it."),
    ),
    "another-meeting": (
        N_("We held another IEP meeting about it in {when}, and we did not agree."),
        N_("We held another IEP meeting about it in {when}, and we agreed on part of it."),
    ),
    "complaint": (
        N_("I filed a state complaint in {when}, and it did not settle this."),
        N_("I filed a state complaint in {when}, and it settled part of this."),
    ),
    "mediation": (
        N_("We tried mediation in {when}, and we did not agree."),
        N_("We tried mediation in {when}, and we agreed on part of it."),
    ),
}


def _title(role: str) -> str:
    """A role as a letter's address block writes it: 'Case Manager', 'Director of Special Education'."""
    return _(ROLE_TITLES[role]) if role in ROLE_TITLES else role


def _month_year(iso: str) -> str:
    return month_and_year(iso)


def _action(note: Note) -> str:
    return sentence(note.words, note.who or blank(_("who will do it")), in_letter(note.due) if note.due else "")


# -- the letters' own words ------------------------------------------------------------


def _meeting_request(letter: Letter, facts: Facts) -> None:
    child = facts.child.name
    letter.para(_("I am writing to ask for another IEP meeting for {child}.").format(child=child))
    if facts.meeting and facts.meeting.date:
        said = _("At our meeting on {day}, we did not agree about this: {topic}")
        letter.para(said.format(day=facts.meeting_date, topic=facts.topic))
    else:
        letter.para(_("We do not agree about this: {topic}").format(topic=facts.topic))
    tried = facts.steps_tried(leave_out="another-meeting")
    if tried:
        letter.para(" ".join(tried))
    changed = blank(
        _(
            "what you would like changed: other people on the team, the district office as the place, or a "
            "person you name to be there"
        )
    )
    letter.para(_("I would like the next meeting to be set up in a new way: {changes}.").format(changes=changed))
    suits = blank(_("the days and times that suit you"))
    letter.para(_("Please send me some dates and times. I can usually meet {when}.").format(when=suits))
    letter.para(
        _(
            "If the district will not hold this meeting, please tell me why in writing, in a prior written notice "
            "({cite})."
        ).format(cite=rules.cite("pwn"))
    )


def _iee_request(letter: Letter, facts: Facts) -> None:
    which = blank(_("which evaluation, for example the psycho-educational evaluation"))
    when = blank(_("the date of that evaluation"))
    said = _("I disagree with the district's {evaluation} dated {day}.").format(evaluation=which, day=when)
    if facts.disagreement:
        said += " " + _("My disagreement: {topic}").format(topic=facts.disagreement.topic)
    letter.para(said)
    letter.para(
        _(
            "I am asking for an Independent Educational Evaluation (IEE) of {child}. I ask that the public pay for it."
        ).format(child=facts.child.name)
    )
    letter.para(
        _(
            "The district must act without needless delay. It must either pay for the IEE or ask for a due process "
            "hearing to show that its own evaluation was appropriate ({cite})."
        ).format(cite=rules.cite("iee"))
    )
    letter.para(
        _(
            "Please send me the district's rules for choosing an evaluator. Please also tell me how the IEE will be "
            "paid for. I do not have to give a reason for this request."
        )
    )


def _records_request(letter: Letter, facts: Facts) -> None:
    letter.para(
        _(
            "I am asking to see all of {child}'s school records. The law calls this the right to inspect and review "
            "them ({cite}). They include:"
        ).format(child=facts.child.name, cite=rules.cite("records-access"))
    )
    letter.items(
        [
            _("evaluations and their reports"),
            _("current and past IEPs, and any draft IEP"),
            _("progress reports and grades"),
            _("notes and data about services"),
            _("discipline and attendance records"),
        ]
    )
    letter.para(
        _(
            "I also ask for copies, so that I can review them well ({cite}). If there is a fee for copies, please tell "
            "me first."
        ).format(cite=rules.cite("records-copies"))
    )
    upcoming = (
        facts.meeting.date
        if facts.meeting and facts.meeting.date and facts.meeting.date >= facts.today.isoformat()
        else ""
    )
    limit = rules.state("records-access").value
    within = _("within {limit} at most").format(limit=limit.words()) if limit else _("without needless delay")
    if upcoming:
        said = _("Please let me see them before the IEP meeting on {day}, and in any case {within}.")
        letter.para(said.format(day=in_letter(upcoming), within=within))
    else:
        said = _("Please let me see them before any IEP meeting or hearing about {child}, and in any case {within}.")
        letter.para(said.format(child=facts.child.name, within=within))


def _pwn_request(letter: Letter, facts: Facts) -> None:
    letter.para(
        _(
            "I am asking for prior written notice ({cite}). It is about a choice made for {child} at the meeting or "
            "call on {day}."
        ).format(cite=rules.cite("pwn"), child=facts.child.name, day=facts.meeting_date)
    )
    letter.para(_("What was proposed or refused: {topic}").format(topic=facts.topic))
    letter.para(_("Please tell me in writing:"))
    letter.items(
        [
            _("what the district will or will not do"),
            _("why"),
            _("each test, record or report the choice was based on"),
            _("the other choices the team thought about, and why it turned them down"),
            _("any other reasons that mattered to the choice"),
            _("how I can get a copy of my rights (the procedural safeguards notice)"),
            _("who I can contact for help understanding this"),
        ]
    )
    letter.para(_("Please send this before any change is made."))


def _mediation_request(letter: Letter, facts: Facts) -> None:
    kind = _(dict(DISAGREEMENT_KINDS)[facts.disagreement.kind]) if facts.disagreement else ""
    said = _("I am asking for mediation about a disagreement over {child}'s schooling.").format(child=facts.child.name)
    if kind:
        said += " " + _("It concerns {kind}.").format(kind=kind)
    letter.para(said)
    letter.para(_("The disagreement: {topic}").format(topic=facts.topic))
    tried = facts.steps_tried(leave_out="mediation")
    if tried:
        letter.para(" ".join(tried))
    letter.para(
        _(
            "I know that mediation is voluntary and costs parents nothing. It may not be used to delay or deny my "
            "right to a due process hearing ({cite}). Please tell me how to set it up."
        ).format(cite=rules.cite("mediation"))
    )


def _follow_up(letter: Letter, facts: Facts) -> None:
    meeting = facts.meeting
    letter.para(
        _(
            "Thank you for meeting with me on {day} about {child}. I am writing to make sure we understood the "
            "meeting the same way."
        ).format(day=facts.meeting_date, child=facts.child.name)
    )
    notes = meeting.live_notes() if meeting else []
    sections = [
        (_("What we decided"), [n.text for n in notes if n.kind == "decision"], _("each decision made at the meeting")),
        (_("Who will do what, and by when"), [_action(n) for n in notes if n.kind == "action"], _("each action")),
        (_("Where we did not agree"), [n.text for n in notes if n.kind == "disagree"], ""),
        (_("Concerns I raised"), [n.text for n in notes if n.kind == "concern"], ""),
        (_("Questions still open"), [n.text for n in notes if n.kind in ("question", "later")], ""),
    ]
    for title, items, empty in sections:
        if items or empty:
            letter.heading(title)
            letter.items(items or [blank(empty)])
    from iepprep import concerns

    unmet = concerns.unmet(facts.child, facts.meeting) if facts.meeting else []
    if unmet:
        letter.heading(_("My concerns that the IEP does not yet address"))
        letter.items(unmet)
        letter.para(
            _(
                "The team must consider my concerns ({cite}). Please tell me how the team considered each one and "
                "whether the IEP will address it. If it will not, please explain why in a prior written notice "
                "({pwn})."
            ).format(cite=rules.cite("parent-concerns"), pwn=rules.cite("pwn"))
        )
    letter.para(_("If I have misunderstood anything, please tell me in writing by {day}.").format(day=facts.respond_by))


def _iep_corrections(letter: Letter, facts: Facts) -> None:
    meeting = facts.meeting
    missing = (
        [n for n in meeting.live_notes() if meeting.in_written_iep.get(n.id) in MISSING_FROM_IEP] if meeting else []
    )
    letter.para(
        _(
            "I have read the written IEP for {child} from our meeting on {day}. Some things we agreed on at the "
            "meeting are missing from it, or are only partly there:"
        ).format(child=facts.child.name, day=facts.meeting_date)
    )
    items = []
    for note in missing:
        what = _action(note) if note.kind == "action" else note.text
        partly = meeting is not None and meeting.in_written_iep.get(note.id) == "partly"
        items.append(what + " " + (_("(only partly in the IEP)") if partly else _("(missing)")))
    letter.items(items or [blank(_("what was agreed but is missing from the written IEP"))])
    letter.para(
        _(
            "Please correct the IEP so that it says what we agreed, and send me the corrected copy. If the district "
            "will not make a change, please tell me why in writing, in a prior written notice ({cite})."
        ).format(cite=rules.cite("pwn"))
    )


def _state_complaint(letter: Letter, facts: Facts) -> None:
    letter.para(
        _(
            "I am filing a state complaint about {child}. The district has not followed a requirement of Part B of "
            "the Individuals with Disabilities Education Act (IDEA)."
        ).format(child=facts.child.name)
    )
    letter.heading(_("1. What the district has not done"))
    letter.para(facts.topic)
    letter.heading(_("2. The facts"))
    violation = facts.disagreement.violation_date if facts.disagreement else ""
    when = in_letter(violation) if violation else blank(_("the date it happened"))
    ongoing = facts.disagreement is not None and facts.disagreement.ongoing
    said = _("It is still happening. The last time was {day}.") if ongoing else _("It happened on {day}.")
    letter.para(said.format(day=when) + " " + blank(_("what happened, who was involved, and what you have in writing")))
    _services_not_given(letter, facts)
    letter.heading(_("3. My child"))
    home = facts.profile("parent_address", N_("your child's home address"))
    school = facts.profile("school", N_("school"))
    letter.para(
        _("{child} lives at {home} and attends {school} in {district}.").format(
            child=facts.child.name, home=home, school=school, district=facts.district
        )
    )
    letter.heading(_("4. How I would like it fixed"))
    letter.para(blank(_("the fix you propose, for example the missed services made up")))
    letter.heading(_("5. How to reach me"))
    email = facts.child.profile.get("parent_email", "")
    letter.para(
        f"{facts.profile('parent_name', N_('your name'))}, {facts.profile('parent_phone', N_('your phone'))}"
        + (f", {email}" if email else "")
    )


def _services_not_given(letter: Letter, facts: Facts) -> None:
    """The months and services with minutes not given, from the parent's services log, as a table."""
    from iepprep import services

    short = services.short_standings(facts.child, facts.today)
    if not short:
        return
    letter.para(
        _(
            "My log of the sessions of the services in {child}'s IEP shows minutes not given and not made up. For "
            "each month: the sessions I logged, the minutes the IEP calls for in them, and the minutes given:"
        ).format(child=facts.child.name)
    )
    letter.table(
        [
            _("Month"),
            _("Service"),
            _("As the IEP says"),
            _("Sessions"),
            _("Minutes due"),
            _("Minutes given"),
            _("Minutes short"),
        ],
        [
            [
                s.label(),
                s.service.name,
                often(s.service),
                str(len(s.sessions) - len(s.closed)),
                str(s.due),
                str(s.delivered),
                str(s.short),
            ]
            for _plan, s in short
        ],
    )
    missed = [
        _("{day}: {service}, missed ({reason})").format(day=in_letter(x.date), service=s.service.name, reason=x.missed)
        for _plan, s in short
        for x in s.missed
    ]
    if missed:
        letter.para(_("Sessions missed and not made up:"))
        letter.items(missed)


def _service_log_request(letter: Letter, facts: Facts) -> None:
    from iepprep import services

    plan = facts.child.current_iep(facts.today)
    since = in_letter(plan.start) if plan else blank(_("the date the IEP started"))
    letter.para(
        _(
            "I am asking to see the records of the services {child} has received under the IEP since {since}. "
            "This includes service logs, attendance sheets for each session, and session notes kept in {child}'s "
            "education records."
        ).format(child=facts.child.name, since=since)
    )
    listed = [f"{s.name}: {often(s)}" for s in plan.services] if plan else []
    if listed:
        letter.para(_("The IEP calls for these services:"))
        letter.items(listed)
    missed = [
        _("{day}: {service}").format(day=in_letter(x.date), service=s.service.name)
        for _plan, s in services.short_standings(facts.child, facts.today)
        for x in s.missed
    ]
    if missed:
        letter.para(_("My own notes show these sessions as missed and not made up. Please tell me if that is wrong:"))
        letter.items(missed)
    letter.para(
        _("I ask to inspect and review them as education records ({cite}).").format(cite=rules.cite("records-access"))
        + " "
        + _(
            "Please also send me copies, as I may not be able to review them in person ({cite}). If there is a fee "
            "for copies, please tell me first."
        ).format(cite=rules.cite("records-copies"))
    )
    letter.para(
        _(
            "Services must be given as {child}'s IEP says, and each provider must know what it asks of them ({cite}). "
            "For any session the school did not give, please tell me whether and when it will be made up."
        ).format(child=facts.child.name, cite=rules.cite("services-as-written"))
    )


def _parent_concerns(letter: Letter, facts: Facts) -> None:
    from iepprep import concerns

    meeting = facts.meeting
    if meeting and meeting.date and meeting.date >= facts.today.isoformat():
        said = _("Before {child}'s IEP meeting on {day}, I am sharing my concerns as a parent, in writing.")
    elif meeting and meeting.date:
        said = _("About {child}'s IEP meeting on {day}, I am sharing my concerns as a parent, in writing.")
    else:
        said = _("Before {child}'s next IEP meeting, I am sharing my concerns as a parent, in writing.")
    letter.para(said.format(child=facts.child.name, day=facts.meeting_date))
    letter.heading(_("My concerns"))
    letter.items(concerns.listed(facts.child, meeting) or [blank(_("your concerns about your child's schooling"))])
    strengths = _answer_list(facts, "strengths")
    if strengths:
        letter.heading(_("{child}'s strengths").format(child=facts.child.name))
        letter.items(strengths)
    letter.para(
        _(
            "When the team writes the IEP, it must consider my concerns ({cite}). Please share this letter with "
            "everyone on the team before the meeting, and attach it to the IEP."
        ).format(cite=rules.cite("parent-concerns"))
    )


def _answer_list(facts: Facts, item: str) -> list[str]:
    value = facts.child.prep_answer(facts.meeting, item) if facts.meeting else None
    return [str(v) for v in value] if isinstance(value, list) else []


def _interpreter_request(letter: Letter, facts: Facts) -> None:
    from iepprep import language

    # The language the parent reads iepprep in, when it is not English; else a blank to fill.
    spoken = _("Spanish") if language.parents() == language.SPANISH else blank(_("your language"))
    letter.para(
        _(
            "I am writing about {child}'s IEP meeting on {day}. My first language is {language}. I want to "
            "understand all that is said and take a full part."
        ).format(child=facts.child.name, day=facts.meeting_date, language=spoken)
    )
    letter.para(
        _(
            "The school must do what is needed so that I understand the meeting. That includes an interpreter "
            "({cite}). Please have an interpreter in {language} there for the whole meeting. Please tell me their "
            "name before the day."
        ).format(cite=rules.cite("interpreter"), language=spoken)
    )
    letter.para(_("I also ask, in {language}:").format(language=spoken))
    letter.items(
        [
            _("the meeting notice and any prior written notice"),
            _("the notice of my rights (the procedural safeguards notice)"),
            _("the IEP and the test reports, or a time when someone goes over them with me"),
        ]
    )


@dataclass(frozen=True)
class Kind:
    subject: str
    role: str  # whom it is addressed to, by default
    build: Callable[[Letter, Facts], None]
    asks_reply: bool = True  # the closing asks for a reply by a date
    to_state: bool = False  # addressed to the state education agency, with a copy to the district
    ahead: bool = False  # about the coming meeting (by default), not the last one held


KINDS: dict[str, Kind] = {
    "meeting-request": Kind(N_("Request for another IEP meeting"), "case-manager", _meeting_request),
    "iee-request": Kind(
        N_("Request for an Independent Educational Evaluation"), "director-of-special-education", _iee_request
    ),
    "records-request": Kind(N_("Request to see education records"), "case-manager", _records_request),
    "pwn-request": Kind(N_("Request for prior written notice"), "case-manager", _pwn_request),
    "mediation-request": Kind(N_("Request for mediation"), "director-of-special-education", _mediation_request),
    "follow-up": Kind(N_("Our IEP meeting: what I understood"), "case-manager", _follow_up, asks_reply=False),
    "iep-corrections": Kind(N_("Corrections to the written IEP"), "case-manager", _iep_corrections),
    "interpreter-request": Kind(
        N_("Request for an interpreter at the IEP meeting"),
        "case-manager",
        _interpreter_request,
        asks_reply=False,  # it asks for the interpreter's name before the meeting instead
        ahead=True,  # about the coming meeting
    ),
    "parent-concerns": Kind(
        N_("My concerns as a parent, for the IEP meeting"),
        "case-manager",
        _parent_concerns,
        asks_reply=False,
        ahead=True,
    ),
    "service-log-request": Kind(
        N_("Request to see the records of services given"), "case-manager", _service_log_request
    ),
    "complaint-outline": Kind(
        N_("State complaint"), "director-of-special-education", _state_complaint, asks_reply=False, to_state=True
    ),
}


def kind_of(name: str) -> Kind:
    if name not in KINDS:
        raise IepprepError(
            _("There is no letter called '{name}'; the letters are: {kinds}.").format(name=name, kinds=", ".join(KINDS))
        )
    return KINDS[name]


@dataclass
class Draft:
    """A letter's text, and what the parent should know while sending it (shown, never printed in it)."""

    kind: str
    text: str
    for_you: list[str]
    prose: str = ""  # the body's sentences, without the address blocks
    marker: str = "[BLANK TO FILL"  # how a blank starts in the letter's language

    @property
    def blanks(self) -> int:
        return self.text.count(self.marker)


def draft(name: str, facts: Facts, markdown: bool = False, language: str | None = None) -> Draft:
    """The letter in `language` (the parent's own by default); what the parent should know, in theirs."""
    from iepprep import language as languages

    kind = kind_of(name)
    with languages.speaking(language or languages.current()):
        letter = _frame(kind, facts)
        kind.build(letter, facts)
        if kind.asks_reply:
            letter.para(_("Please reply in writing by {day}.").format(day=facts.respond_by))
        letter.closing = [_("Sincerely,"), "", "", facts.profile("parent_name", N_("your name"))]
        text, prose, marker = letter.render(markdown), letter.prose(), blank_marker()
    return Draft(name, text, _for_you(kind, facts), prose, marker)


def _frame(kind: Kind, facts: Facts) -> Letter:
    profile = facts.child.profile
    sender = [
        facts.profile("parent_name", N_("your name")),
        facts.profile("parent_address", N_("your postal address")),
        facts.profile("parent_phone", N_("your phone")),
    ] + ([profile["parent_email"]] if profile.get("parent_email") else [])
    grade = profile.get("grade")
    school = facts.profile("school", N_("school"))
    about = _("Re: {child}, date of birth {born}").format(child=facts.child.name, born=facts.birth_date())
    if grade:
        about += ", " + _("grade {grade}").format(grade=grade)
    re_line = f"{about}, {school} - {_(kind.subject)}"
    dated = in_letter(facts.today)
    if kind.to_state:
        office = rules.setting_text("complaint-office") or blank(_("your state education agency's complaints office"))
        address = rules.setting_text("complaint-address") or blank(_("its address"))
        letter = Letter(sender, dated, [office, address], re_line, _("To the state complaints office:"))
        letter.cc = [f"{facts.recipient_name}, {_title(facts.to_role)}, {facts.district}"]
    else:
        recipient = [facts.recipient_name, _title(facts.to_role), facts.district]
        letter = Letter(sender, dated, recipient, re_line, _("Dear {name}:").format(name=facts.recipient_name))
    letter.sent_by = _("Sent by {how}").format(how=facts.sent_by) if facts.sent_by else ""
    return letter


def _for_you(kind: Kind, facts: Facts) -> list[str]:
    """What the parent should know while sending this letter; none of it goes in the letter."""
    notes = []
    if facts.disagreement and facts.disagreement.steps:
        from iepprep.ladder import RUNGS, outcome_name

        history = "; ".join(
            f"{_(RUNGS[s.rung].title) if s.rung in RUNGS else s.rung} ({in_letter(s.date)}): {outcome_name(s.outcome)}"
            for s in facts.disagreement.steps
        )
        notes.append(
            _("What you have tried so far, for you (it is not in the letter): {history}.").format(history=history)
        )
    if kind.to_state:
        from iepprep.ladder import STATE_COMPLAINT, deadlines

        limits = deadlines(facts.child, facts.disagreement, facts.today) if facts.disagreement else []
        complaint = next((d for d in limits if d.key == STATE_COMPLAINT), None)
        if complaint is not None:
            notes.append(complaint.describe())
        elif facts.disagreement:
            notes.append(
                _(
                    "You have not said that the school broke a rule in this disagreement; set that with: {command}"
                ).format(command="iepprep next-steps --edit")
            )
        from iepprep import services

        if services.short_standings(facts.child, facts.today):
            notes.append(
                _(
                    "The services table counts only the sessions you logged; weeks with sessions not on record are "
                    "not in it. Check it against your own notes before you send it: iepprep services show"
                )
            )
        notes.append(rules.state("state-complaint-where").line)
        notes.append(_("Sign it before you send it.") + " " + rules.state("state-complaint-contents").line)
    missing = [
        _(label)
        for key, label in (
            ("parent_name", N_("your name")),
            ("parent_address", N_("your address")),
            ("parent_phone", N_("your phone")),
            ("birth_date", N_("your child's date of birth")),
            ("school", N_("the school")),
            ("district", N_("the district")),
        )
        if not facts.child.profile.get(key)
    ]
    if missing or (not kind.to_state and not facts.child.contacts.get(facts.to_role)):
        details = ", ".join(missing) or _("the contacts")
        notes.append(
            _("Some details are missing ({details}). Add them once and every letter will have them: {command}").format(
                details=details, command=command(DETAILS_COMMAND)
            )
        )
    if kind.build is _parent_concerns:
        from iepprep import concerns

        found = concerns.statement(facts.child, facts.meeting)
        if found and found[0] is not facts.meeting:
            notes.append(
                _(
                    "These are the concerns you wrote for the meeting on {day}. To write them for this meeting, run: "
                    "{command}"
                ).format(day=found[0].day, command=command("iepprep prep"))
            )
    records = rules.state("records-access")
    if kind.build is _records_request and records.from_setting and records.value and records.rule.value:
        notes.append(
            _("The time in this letter, {limit}, is your state setting; the federal limit is {federal}.").format(
                limit=records.value.words(), federal=records.rule.value.words()
            )
        )
    notes.append(_("Keep a copy of what you send, and note the day you sent it and how."))
    notes.append(_("This is general information, not legal advice."))
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
    known = ", ".join(f"{d.short_id} ({d.topic})" for d in child.disagreements) or _("none yet")
    raise IepprepError(
        _("No single disagreement's id starts with '{typed}'; the disagreements are: {known}.").format(
            typed=about, known=known
        )
    )


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
