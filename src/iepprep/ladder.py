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

URGENT_DAYS = 30  # a deadline this close leads the recommendation
REMINDER_DAYS = 10  # the calendar reminds the parent this long before each deadline
EDIT_DATES = "iepprep next-steps --edit"
STATE_AGENCY = "state"  # the contact of a rung that goes to the state, not the district

NOT_LEGAL_ADVICE = (
    "This is general information, not legal advice. For the rules where you live, read your state's "
    "notice of your rights: the procedural safeguards notice."
)
ENCOURAGEMENT = (
    "The article iepprep grew from says 90% of conflicts end through working together or mediation, "
    "so these steps are worth real effort."
)


@dataclass(frozen=True)
class Rung:
    id: str
    title: str
    items: tuple[str, ...]  # escalation checklist items that explain it
    contact_role: str  # whom to ask: a district role, or the state education agency
    letter: str = ""  # the letter kind that starts this step, if any
    rules: tuple[str, ...] = ()  # the rules that apply to this step


RUNGS = {
    rung.id: rung
    for rung in (
        Rung("collaborate", "Work it through together", (), "case-manager"),
        Rung(
            "iee",
            "Ask for an Independent Educational Evaluation",
            ("iee", "new-evaluation"),
            "director-of-special-education",
            "iee-request",
            ("iee", "reevaluation"),
        ),
        Rung(
            "another-meeting",
            "Ask for another IEP meeting, set up differently",
            ("another-meeting", "different-team", "district-office", "hierarchy", "named-person"),
            "program-specialist",
            "meeting-request",
            ("special-expertise",),
        ),
        Rung(
            "complaint",
            "File a state complaint",
            ("formal-complaint",),
            STATE_AGENCY,
            "complaint-outline",
            ("state-complaint-where", "state-complaint-limit", "state-complaint-contents", "state-complaint-decision"),
        ),
        Rung(
            "mediation",
            "Ask for mediation",
            ("mediation",),
            "director-of-special-education",
            "mediation-request",
            ("mediation",),
        ),
        Rung(
            "due-process",
            "File for due process",
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


@dataclass
class Deadline:
    """One time limit: what must happen by when, counted from which date, under which rule."""

    key: str  # state-complaint or due-process
    title: str
    verb: str  # what must happen by the date
    stated: rules.Stated
    start: date | None  # None: the date it counts from is not known yet
    start_label: str  # what the start date is, in words
    today: date
    hint: str = ""  # how to set a better start date, when it is a stand-in

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
    def length(self) -> str:
        return self.stated.value.words() if self.stated.value else ""

    def _source(self) -> str:
        """The citation, with the parent's setting or the states' freedom named."""
        cite = self.stated.rule.cite
        if self.stated.from_setting and self.stated.rule.value:
            where = rules.setting_text("state")
            federal = self.stated.rule.value.words()
            return f"your setting{' for ' + where if where else ''}; the federal rule is {federal}, {cite}"
        return cite + ("; your state may set another limit" if self.stated.rule.states_may_differ else "")

    def describe(self) -> str:
        """The whole line: by when, counted from what, under which rule; or that it may have passed."""
        if self.start is None or self.due is None:
            return (
                f"{self.title}: {self.verb} within {self.length} of {self.start_label} ({self._source()}). "
                f"Add that date with: {EDIT_DATES}"
            )
        counted = f"{self.length} from {on_screen(self.start)}, {self.start_label}"
        if self.passed:
            return f"{self.title}: the {counted}, may have passed on {on_screen(self.due)}. " + self._after_window()
        text = f"{self.title}: {self.verb} {on_screen(self.due)} ({days_left(self.days_left or 0)}) - "
        text += f"{counted} ({self._source()})."
        return text + (f" {self.hint}" if self.hint else "")

    def _after_window(self) -> str:
        center = rules.parent_center()
        if self.key == DUE_PROCESS:
            exceptions = rules.cite("due-process-exceptions")
            return f"There are exceptions ({exceptions}); ask {center} or an attorney what you can still do."
        return (
            "If it is still going on, the year counts from the last time it happened: change that date with: "
            f"{EDIT_DATES}. Ask {center} or an attorney what you can still do."
        )

    def in_brief(self) -> str:
        """A few words for one line of status."""
        if self.due is None:
            return f"{self.title.lower()}: add the date it counts from ({EDIT_DATES})"
        if self.passed:
            return f"{self.title.lower()}: the window may have passed on {on_screen(self.due)}"
        return f"{self.title.lower()} {self.verb} {on_screen(self.due)} ({days_left(self.days_left or 0)})"


def deadlines(child: Child, disagreement: Disagreement, today: date) -> list[Deadline]:
    """The time limits that apply: a state complaint when the district broke a rule, and due process."""
    found = []
    if disagreement.breaks_a_rule:
        start = date.fromisoformat(disagreement.violation_date) if disagreement.violation_date else None
        label = "the last time it happened" if disagreement.ongoing else "when it happened"
        found.append(
            Deadline(
                STATE_COMPLAINT,
                "State complaint",
                "must reach the state by",
                rules.state("state-complaint-limit"),
                start,
                label,
                today,
            )
        )
    found.append(_due_process(child, disagreement, today))
    return found


def _due_process(child: Child, disagreement: Disagreement, today: date) -> Deadline:
    stated = rules.state("due-process-limit")
    verb = "must be filed by"
    if disagreement.known_date:
        start, label, hint = date.fromisoformat(disagreement.known_date), "when you first knew of it", ""
    else:
        meeting = child.meeting_by_id(disagreement.meeting) if disagreement.meeting else None
        if meeting and meeting.date:
            start, label = date.fromisoformat(meeting.date), "the date of the meeting it came from"
        else:
            start, label = date.fromisoformat(disagreement.opened), "the day you put it in iepprep"
        hint = f"If you knew of it earlier, the time ends earlier: set that date with: {EDIT_DATES}"
    return Deadline(DUE_PROCESS, "Due process complaint", verb, stated, start, label, today, hint)


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
        return Recommendation(None, "resolved", ["This disagreement is resolved. Well done."])
    taken = {step.rung for step in disagreement.steps}
    urgent = [d for d in deadlines(child, disagreement, today) if d.urgent and _rung_of(d) not in taken]
    waiting = disagreement.waiting()
    if waiting:
        rung = RUNGS.get(waiting[-1].rung)
        return Recommendation(
            rung,
            "waiting",
            [
                f"You are waiting to hear how this went (started {on_screen(date.fromisoformat(waiting[-1].date))}). "
                "Run iepprep next-steps again when you know, and record how it went."
            ],
            urgent=[_urgency(d, rung) for d in urgent],
        )
    skipped = []
    complaint = _deadline(child, disagreement, today, STATE_COMPLAINT)
    for rung in ladder_for(child, disagreement, today):
        if rung_status(disagreement, rung) != "not tried":
            continue
        if rung.id == "complaint" and complaint is not None and complaint.passed:
            skipped.append("A state complaint is not suggested now. " + complaint.describe())
            continue
        return Recommendation(
            rung, "next", _reasons(disagreement, rung, complaint), skipped, [_urgency(d, rung) for d in urgent]
        )
    return Recommendation(
        None,
        "exhausted",
        [
            "You have tried every step on the ladder. A special education attorney or "
            f"{rules.parent_center()} can tell you what is left."
        ],
        skipped,
        [_urgency(d, None) for d in urgent],
    )


def _rung_of(deadline: Deadline) -> str:
    """The rung that meets a deadline: once it is taken, the deadline no longer needs saying first."""
    return "complaint" if deadline.key == STATE_COMPLAINT else "due-process"


def _urgency(deadline: Deadline, rung: Rung | None) -> str:
    what = f"the {deadline.title.lower()} {deadline.verb} {on_screen(deadline.due)}" if deadline.due else ""
    left = days_left(deadline.days_left or 0)
    if rung is not None and rung.id == _rung_of(deadline):
        return f"Time is short: {what} ({left})."
    return f"You can keep talking with the school, but {what} ({left})."


def _reasons(disagreement: Disagreement, rung: Rung, complaint: Deadline | None) -> list[str]:
    tried = [step for step in disagreement.steps if step.outcome in ("not resolved", "partly")]
    before = ""
    if tried:
        last = tried[-1]
        title = RUNGS[last.rung].title if last.rung in RUNGS else last.rung
        done = "did not settle it" if last.outcome == "not resolved" else "settled part of it"
        before = f"{title} {done}; this is the next step."
    why = {
        "collaborate": "Most disagreements end when you talk them through with the team. A few habits help "
        "keep everyone working together.",
        "iee": "You disagree with the school's evaluation. For that, the law lets you ask for an evaluation by "
        "someone outside the school.",
        "another-meeting": "Try one more IEP meeting before you call a lawyer or ask for a hearing. Change who "
        "comes, where you meet, or who helps decide. That often settles it.",
        "complaint": "The school is not doing what the IEP or the law requires. A state complaint asks the "
        "state to look into it and order a fix. It has a time limit, so it comes early.",
        "mediation": "In mediation, a neutral person helps you and the school agree. It costs you nothing, "
        "and it is far less of a fight than a hearing.",
        "due-process": "Due process is a hearing before a fair, outside hearing officer. It is your right when "
        "nothing else has worked. Many parents ask an attorney or a parent center for help first.",
    }[rung.id]
    found = [sentence for sentence in (before, why) if sentence]
    if rung.id == "complaint" and complaint is not None and complaint.start is None:
        found.append(f"You have not said when it happened yet. Add that date with: {EDIT_DATES}")
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


def placement_note(child: Child) -> str:
    """Stay put, for a parent who opposes a change of placement: when it applies, and when it does not."""
    return (
        f"If the school proposes to change where {child.name} is taught and you do not agree: "
        + rules.state("stay-put").line
    )


def recipients(child: Child, rung: Rung) -> list[tuple[str, str]]:
    """Who receives this step's request, as (label, who) lines; a state complaint goes to the state."""
    if rung.contact_role == STATE_AGENCY:
        office = rules.setting_text("complaint-office")
        address = rules.setting_text("complaint-address")
        state_line = (
            f"{office}" + (f", {address}" if address else "")
            if office
            else "your state's education agency, its special education complaints office "
            "(set its name with: iepprep rules set complaint-office NAME)"
        )
        return [("Send it to", state_line), ("Copy to, at the same time", _district_contact(child))]
    lines = [("Who to ask", _contact_line(child.contacts.get(rung.contact_role), rung.contact_role))]
    if rung.id == "due-process":
        lines = [("Send it to", _district_contact(child)), ("Copy to", "your state's education agency")]
    return lines


def _district_contact(child: Child) -> str:
    return _contact_line(child.contacts.get("director-of-special-education"), "director-of-special-education")


def _contact_line(contact: Contact | None, role: str) -> str:
    name = contact.name if contact and contact.name else "(no name on record yet)"
    reach = ", ".join(p for p in (contact.email, contact.phone) if p) if contact else ""
    return f"{name}, {role_label(role)}" + (f" ({reach})" if reach else "")


def contact_for(child: Child, rung: Rung) -> Contact | None:
    """The person on record to ask for this step, if any (none for the state)."""
    return None if rung.contact_role == STATE_AGENCY else child.contacts.get(rung.contact_role)


def encourages(rung: Rung | None) -> bool:
    """The article's figure helps on the rungs it is about: working together and mediation."""
    return rung is not None and rung.id in ("collaborate", "another-meeting", "mediation")
