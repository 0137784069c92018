"""The escalation ladder: what to try next after a disagreement, whom to ask, and by when.

Pure logic: no printing, no asking. What a rung says about the law comes from
the rules table (`rules.py`); what it says about the step comes from the
bundled escalation checklist. Every deadline names the date it counts from
and its rule, and a window that may have passed is never announced as closed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from iepprep import rules
from iepprep.checklists import Catalog, fill
from iepprep.dates import days_left, on_screen
from iepprep.state import Child, Contact, Disagreement, role_label
from iepprep.words import N_, _, command

URGENT_DAYS = 30  # a deadline this close leads the recommendation
REMINDER_DAYS = 10  # the calendar reminds the parent this long before each deadline
EDIT_DATES = "iepprep next-steps --edit"
STATE_AGENCY = "state"  # the contact of a rung that goes to the state, not the district

NOT_LEGAL_ADVICE = N_(
    "This is general information, not legal advice. For the rules where you live, read your state's "
    "notice of your rights: the procedural safeguards notice."
)
ENCOURAGEMENT = N_(
    "The article iepprep grew from says 90% of conflicts end through working together or mediation, "
    "so these steps are worth real effort."
)
STATUS_NAMES = {
    "not tried": N_("not tried"),
    "waiting": N_("waiting"),
    "resolved": N_("resolved"),
    "partly": N_("partly"),
    "not resolved": N_("not resolved"),
}


def outcome_name(status: str) -> str:
    return _(STATUS_NAMES.get(status, status))


@dataclass(frozen=True)
class Rung:
    id: str
    title: str  # marked with N_, translated where it is shown
    items: tuple[str, ...]  # escalation checklist items that explain it
    contact_role: str  # whom to ask: a district role, or the state education agency
    letter: str = ""  # the letter kind that starts this step, if any
    rules: tuple[str, ...] = ()  # the rules that apply to this step


RUNGS = {
    rung.id: rung
    for rung in (
        Rung("collaborate", N_("Work it through together"), (), "case-manager"),
        Rung(
            "iee",
            N_("Ask for an Independent Educational Evaluation"),
            ("iee", "new-evaluation"),
            "director-of-special-education",
            "iee-request",
            ("iee", "reevaluation"),
        ),
        Rung(
            "another-meeting",
            N_("Ask for another IEP meeting, set up differently"),
            ("another-meeting", "different-team", "district-office", "hierarchy", "named-person"),
            "program-specialist",
            "meeting-request",
            ("special-expertise",),
        ),
        Rung(
            "complaint",
            N_("File a state complaint"),
            ("formal-complaint",),
            STATE_AGENCY,
            "complaint-outline",
            ("state-complaint-where", "state-complaint-limit", "state-complaint-contents", "state-complaint-decision"),
        ),
        Rung(
            "mediation",
            N_("Ask for mediation"),
            ("mediation",),
            "director-of-special-education",
            "mediation-request",
            ("mediation",),
        ),
        Rung(
            "due-process",
            N_("File for due process"),
            ("due-process",),
            "director-of-special-education",
            "",
            ("due-process-limit", "due-process-exceptions", "due-process-filing", "due-process-contents"),
        ),
    )
}
# The order of rungs for each kind of disagreement. An IEE is the remedy when the
# disagreement is about an evaluation; a state complaint, whenever the district is not
# doing what the IEP or the law requires (it is put in after working it through).
LADDERS = {
    "evaluation": ("collaborate", "iee", "another-meeting", "mediation", "due-process"),
    "services": ("collaborate", "another-meeting", "mediation", "due-process"),
    "placement": ("collaborate", "another-meeting", "mediation", "due-process"),
    "other": ("collaborate", "another-meeting", "mediation", "due-process"),
    "legal": ("collaborate", "another-meeting", "mediation", "due-process"),
}
STATE_COMPLAINT, DUE_PROCESS = "state-complaint", "due-process"
# What each date a deadline counts from is, in words.
STARTS = {
    "when": N_("when it happened"),
    "last": N_("the last time it happened"),
    "knew": N_("when you first knew of it, or should have"),
    "meeting": N_("the date of the meeting it came from"),
    "typed": N_("the day you put it in iepprep"),
}


@dataclass
class Deadline:
    """One time limit: what must happen by when, counted from which date, under which rule."""

    key: str  # state-complaint or due-process
    stated: rules.Stated
    start: date | None  # None: the date it counts from is not known yet
    start_is: str  # a key of STARTS: what the start date is
    today: date
    stand_in: bool = False  # the start is a stand-in for when the parent first knew

    @property
    def due(self) -> date | None:
        if self.start is None or self.stated.value is None:
            return None
        return self.stated.value.after(self.start)

    @property
    def days_left(self) -> int | None:
        return (self.due - self.today).days if self.due else None

    @property
    def passed(self) -> bool:
        """The window may have passed (never said as a verdict)."""
        return self.days_left is not None and self.days_left < 0

    @property
    def urgent(self) -> bool:
        return self.days_left is not None and 0 <= self.days_left <= URGENT_DAYS

    @property
    def title(self) -> str:
        return _("State complaint") if self.key == STATE_COMPLAINT else _("Due process complaint")

    def _facts(self, as_of: bool = False) -> dict[str, str]:
        left = days_left(self.days_left or 0)
        return {
            "title": self.title,
            "due": on_screen(self.due),
            "left": _("{left} as of {day}").format(left=left, day=on_screen(self.today)) if as_of else left,
            "length": self.stated.value.words() if self.stated.value else "",
            "start_day": on_screen(self.start),
            "start": _(STARTS[self.start_is]),
            "source": self._source(),
            "command": command(EDIT_DATES),
        }

    def _source(self) -> str:
        """The citation, with the parent's setting or the states' freedom named."""
        cite = self.stated.rule.cite
        if self.stated.from_setting and self.stated.rule.value:
            where = rules.setting_text("state")
            federal = self.stated.rule.value.words()
            if where:
                return _("your setting for {state}; the federal rule is {federal}, {cite}").format(
                    state=where, federal=federal, cite=cite
                )
            return _("your setting; the federal rule is {federal}, {cite}").format(federal=federal, cite=cite)
        if self.stated.rule.states_may_differ:
            return _("{cite}; your state may set another limit").format(cite=cite)
        return cite

    def describe(self, as_of: bool = False) -> str:
        """The whole line: by when, counted from what, under which rule; or that it may have passed.

        `as_of` names the day the days left were counted, for a paper read on later days (a calendar)."""
        facts = self._facts(as_of)
        if self.start is None or self.due is None:
            return _(
                "{title}: the time limit is {length}, counted from {start} ({source}). Add that date with: {command}"
            ).format(**facts)
        if self.passed:
            said = _(
                "{title}: the time limit of {length} may have ended on {due}. It counts from {start_day}, {start}."
            )
            return said.format(**facts) + " " + self._after_window()
        if self.key == STATE_COMPLAINT:
            said = _("{title}: must reach the state by {due} ({left}) - {length} from {start_day}, {start} ({source}).")
        else:
            said = _("{title}: must be filed by {due} ({left}) - {length} from {start_day}, {start} ({source}).")
        text = said.format(**facts)
        if self.due.weekday() >= 5:
            text += " " + _("That is a weekend: send it by the weekday before.")
        if self.stand_in:
            text += " " + _(
                "If you knew of it earlier, or should have, the time ends earlier. Set that date with: {command}"
            ).format(**facts)
        return text

    def _after_window(self) -> str:
        center = rules.parent_center()
        if self.key == DUE_PROCESS:
            return _(
                "Your state's limit may be different, and there are exceptions ({cite}). Ask {center} or an attorney "
                "what you can still do."
            ).format(cite=rules.cite("due-process-exceptions"), center=center)
        return _(
            "If it is still going on, you can still complain about what happened in the last year. Set the last time "
            "it happened with: {command}. Ask {center} or an attorney about the older part."
        ).format(command=command(EDIT_DATES), center=center)

    def in_brief(self, counting: bool = True) -> str:
        """One line for status, or (without `counting` the days left, which go stale) a calendar's title:
        by when, and the date and rule it counts from."""
        facts = self._facts()
        if self.due is None:
            return _("{title}: add the date it counts from ({command})").format(**facts)
        counted = _("{length} from {start_day} ({source})").format(**facts)
        if self.passed:
            return _("{title}: the time limit may have ended on {due}").format(**facts) + ", " + counted
        if self.key == STATE_COMPLAINT:
            said = _("state complaint must reach the state by {due}").format(**facts)
        else:
            said = _("due process complaint must be filed by {due}").format(**facts)
        return said + (f" ({facts['left']})" if counting else "") + ", " + counted


def deadlines(child: Child, disagreement: Disagreement, today: date) -> list[Deadline]:
    """The time limits that apply: a state complaint when the district broke a rule, and due process."""
    found = []
    if disagreement.breaks_a_rule:
        start = date.fromisoformat(disagreement.violation_date) if disagreement.violation_date else None
        found.append(
            Deadline(
                STATE_COMPLAINT,
                rules.state("state-complaint-limit"),
                start,
                "last" if disagreement.ongoing else "when",
                today,
            )
        )
    found.append(_due_process(child, disagreement, today))
    return found


def _due_process(child: Child, disagreement: Disagreement, today: date) -> Deadline:
    stated = rules.state("due-process-limit")
    if disagreement.known_date:
        return Deadline(DUE_PROCESS, stated, date.fromisoformat(disagreement.known_date), "knew", today)
    meeting = child.meeting_by_id(disagreement.meeting) if disagreement.meeting else None
    if meeting and meeting.date:
        return Deadline(DUE_PROCESS, stated, date.fromisoformat(meeting.date), "meeting", today, stand_in=True)
    return Deadline(DUE_PROCESS, stated, date.fromisoformat(disagreement.opened), "typed", today, stand_in=True)


@dataclass
class Recommendation:
    rung: Rung | None  # None: nothing left to try, or already resolved
    status: str  # next, waiting, resolved, exhausted
    reasons: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # rungs passed over, and why
    urgent: list[str] = field(default_factory=list)  # deadlines within URGENT_DAYS, said first


def ladder_for(child: Child, disagreement: Disagreement, today: date) -> list[Rung]:
    """The rungs in order. A state complaint whose window is closing comes first."""
    order = list(LADDERS[disagreement.kind])
    if disagreement.breaks_a_rule:
        order.insert(1, "complaint")
        complaint = _deadline(child, disagreement, today, STATE_COMPLAINT)
        if complaint and complaint.urgent and rung_status(disagreement, RUNGS["complaint"]) == "not tried":
            order.remove("complaint")
            order.insert(0, "complaint")
    return [RUNGS[rung] for rung in order]


def _deadline(child: Child, disagreement: Disagreement, today: date, key: str) -> Deadline | None:
    return next((d for d in deadlines(child, disagreement, today) if d.key == key), None)


def rung_status(disagreement: Disagreement, rung: Rung) -> str:
    """How a rung stands: not tried, or the outcome of its latest step."""
    steps = [step for step in disagreement.steps if step.rung == rung.id]
    return steps[-1].outcome if steps else "not tried"


def recommend(child: Child, disagreement: Disagreement, today: date) -> Recommendation:
    """The next rung, from the kind of disagreement, what was tried and how it went, and the deadlines."""
    if not disagreement.is_open or any(step.outcome == "resolved" for step in disagreement.steps):
        return Recommendation(None, "resolved", [_("This disagreement is resolved. Well done.")])
    taken = {step.rung for step in disagreement.steps}
    urgent = [d for d in deadlines(child, disagreement, today) if d.urgent and _rung_of(d) not in taken]
    waiting = disagreement.waiting()
    if waiting:
        rung = RUNGS.get(waiting[-1].rung)
        waited = _(
            "You are waiting to hear how this went (started {day}). Run iepprep next-steps again when you know, "
            "and record how it went."
        ).format(day=on_screen(waiting[-1].date))
        return Recommendation(rung, "waiting", [waited], urgent=[_urgency(d, rung) for d in urgent])
    skipped = []
    complaint = _deadline(child, disagreement, today, STATE_COMPLAINT)
    for rung in ladder_for(child, disagreement, today):
        if rung_status(disagreement, rung) != "not tried":
            continue
        if rung.id == "complaint" and complaint is not None and complaint.passed:
            skipped.append(_("A state complaint is not suggested now.") + " " + complaint.describe())
            continue
        return Recommendation(
            rung, "next", _reasons(disagreement, rung, complaint), skipped, [_urgency(d, rung) for d in urgent]
        )
    exhausted = _(
        "You have tried every step on the ladder. A special education attorney or {center} can tell you what is left."
    ).format(center=rules.parent_center())
    return Recommendation(None, "exhausted", [exhausted], skipped, [_urgency(d, None) for d in urgent])


def _rung_of(deadline: Deadline) -> str:
    """The rung that meets a deadline: once it is taken, the deadline no longer needs saying first."""
    return "complaint" if deadline.key == STATE_COMPLAINT else "due-process"


def _urgency(deadline: Deadline, rung: Rung | None) -> str:
    if rung is not None and rung.id == _rung_of(deadline):
        return _("Time is short: the {deadline}.").format(deadline=deadline.in_brief())
    return _("You can keep talking with the school, but the {deadline}.").format(deadline=deadline.in_brief())


WHY = {
    "collaborate": N_(
        "Most disagreements end when you talk them through with the team. A few habits help keep everyone working "
        "together."
    ),
    "iee": N_(
        "You disagree with the school's evaluation. For that, the law lets you ask for an evaluation by someone "
        "outside the school."
    ),
    "another-meeting": N_(
        "Try one more IEP meeting before you call a lawyer or ask for a hearing. Change who comes, where you meet, or "
        "who helps decide. That often settles it."
    ),
    "complaint": N_(
        "The school is not doing what the IEP or the law requires. A state complaint asks the state to look into it "
        "and order a fix. It has a time limit, so it comes early."
    ),
    "mediation": N_(
        "In mediation, a neutral person helps you and the school agree. It costs you nothing, and it is far less of "
        "a fight than a hearing."
    ),
    "due-process": N_(
        "Due process is a hearing before a fair hearing officer from outside the school. You can ask for one "
        "without trying the other steps first, as long as it is within the time limit. Many parents ask an "
        "attorney or a parent center for help first."
    ),
}


def _reasons(disagreement: Disagreement, rung: Rung, complaint: Deadline | None) -> list[str]:
    found = []
    tried = [step for step in disagreement.steps if step.outcome in ("not resolved", "partly")]
    if tried:
        last = tried[-1]
        title = _(RUNGS[last.rung].title) if last.rung in RUNGS else last.rung
        if last.outcome == "not resolved":
            found.append(_("{step} did not settle it; this is the next step.").format(step=title))
        else:
            found.append(_("{step} settled part of it; this is the next step.").format(step=title))
    found.append(_(WHY[rung.id]))
    if rung.id == "complaint" and complaint is not None and complaint.start is None:
        found.append(
            _("You have not said when it happened yet. Add that date with: {command}").format(
                command=command(EDIT_DATES)
            )
        )
    return found


def explanation(catalog: Catalog, rung: Rung, child: str) -> list[str]:
    """What the escalation checklist says about this rung, in the child's name."""
    checklist = catalog.checklists.get("escalation")
    if checklist is None:
        return []
    lines = []
    for item_id in rung.items:
        item = checklist.item(item_id)
        if item:
            lines.append(fill(item.text, child) + " " + fill(item.why, child))
    return lines


def rule_lines(rung: Rung) -> list[str]:
    """The rules for this step, each with its citation."""
    return [rules.state(key).line for key in rung.rules]


STAY_PUT_KINDS = ("placement", "services")  # a change the school plans that the parent opposes


def placement_note(child: Child) -> str:
    """Stay put, for a parent who opposes a change: when it applies, and when it does not."""
    return _(
        "If the school plans to change where or how {child} is taught, or to cut services, and you do not agree: {rule}"
    ).format(child=child.name, rule=rules.state("stay-put").line)


def recipients(child: Child, rung: Rung) -> list[tuple[str, str]]:
    """Who receives this step's request, as (label, who) lines; a state complaint goes to the state."""
    if rung.contact_role == STATE_AGENCY:
        office = rules.setting_text("complaint-office")
        address = rules.setting_text("complaint-address")
        if office:
            state_line = office + (f", {address}" if address else "")
        else:
            state_line = _(
                "your state's education agency, its special education complaints office (set its name with: iepprep "
                "rules set complaint-office NAME)"
            )
        return [(_("Send it to"), state_line), (_("Copy to, at the same time"), _district_contact(child))]
    if rung.id == "due-process":
        return [(_("Send it to"), _district_contact(child)), (_("Copy to"), _("your state's education agency"))]
    return [(_("Who to ask"), _contact_line(child.contacts.get(rung.contact_role), rung.contact_role))]


def _district_contact(child: Child) -> str:
    return _contact_line(child.contacts.get("director-of-special-education"), "director-of-special-education")


def _contact_line(contact: Contact | None, role: str) -> str:
    name = contact.name if contact and contact.name else _("(no name on record yet)")
    reach = ", ".join(p for p in (contact.email, contact.phone) if p) if contact else ""
    return f"{name}, {_(role_label(role))}" + (f" ({reach})" if reach else "")


def encourages(rung: Rung | None) -> bool:
    """The article's figure helps on the rungs it is about: working together and mediation."""
    return rung is not None and rung.id in ("collaborate", "another-meeting", "mediation")
