"""The escalation ladder: what to try next after a disagreement, whom to ask, and by when.

Pure logic: no printing, no asking. The words come from the bundled
escalation and conflict checklists, so what a rung says is what the
checklists say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from iepprep.checklists import Catalog, fill
from iepprep.dates import describe_days
from iepprep.state import Child, Contact, Disagreement, role_label

NOT_LEGAL_ADVICE = (
    "This is general information, not legal advice; your state's procedural safeguards notice "
    "has the rules and deadlines where you live."
)
ENCOURAGEMENT = (
    "The article iepprep grew from puts it at 90% of conflicts settled by working together or "
    "through mediation, so these steps are worth real effort."
)


@dataclass(frozen=True)
class Rung:
    id: str
    title: str
    items: tuple[str, ...]  # escalation checklist items that explain it
    contact_role: str
    letter: str = ""  # the letter kind that starts this step, if any


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
        ),
        Rung(
            "another-meeting",
            "Ask for another IEP meeting, set up differently",
            ("another-meeting", "different-team", "district-office", "hierarchy", "named-person"),
            "program-specialist",
            "meeting-request",
        ),
        Rung(
            "complaint",
            "File a formal complaint with your state",
            ("formal-complaint",),
            "director-of-special-education",
            "complaint-outline",
        ),
        Rung("mediation", "Ask for mediation", ("mediation",), "director-of-special-education", "mediation-request"),
        Rung("due-process", "File for due process", ("due-process",), "director-of-special-education"),
    )
}
# The order of rungs for each kind of disagreement. An IEE is the remedy when the
# disagreement is about an evaluation; a complaint, when the district broke the law.
LADDERS = {
    "evaluation": ("collaborate", "iee", "another-meeting", "mediation", "due-process"),
    "services": ("collaborate", "another-meeting", "mediation", "due-process"),
    "placement": ("collaborate", "another-meeting", "mediation", "due-process"),
    "other": ("collaborate", "another-meeting", "mediation", "due-process"),
    "legal": ("collaborate", "complaint", "another-meeting", "mediation", "due-process"),
}


@dataclass
class Deadline:
    what: str
    due: date
    days_left: int
    note: str = ""
    short: str = ""  # a few words for a one-line summary

    @property
    def passed(self) -> bool:
        return self.days_left < 0

    def in_brief(self) -> str:
        return f"{self.short} by {self.due.isoformat()} ({describe_days(self.days_left)})"

    def describe(self) -> str:
        if self.passed:
            return f"{self.what}: the window closed on {self.due.isoformat()} ({describe_days(self.days_left)})."
        return f"{self.what}: by {self.due.isoformat()} ({self.days_left} days left)." + (
            f" {self.note}" if self.note else ""
        )


@dataclass
class Recommendation:
    rung: Rung | None  # None: nothing left to try, or already resolved
    status: str  # next, waiting, resolved, exhausted
    reasons: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # rungs passed over, and why


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February (the earlier, safer day)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def deadlines(disagreement: Disagreement, today: date) -> list[Deadline]:
    """The deadlines that apply: a state complaint (one year), due process (two years)."""
    found = []
    start = date.fromisoformat(disagreement.violation_date or disagreement.opened)
    if disagreement.kind == "legal" and disagreement.violation_date:
        due = add_years(start, 1)
        found.append(
            Deadline("A formal (state) complaint must be filed", due, (due - today).days, short="formal complaint")
        )
    due = add_years(start, 2)
    found.append(
        Deadline(
            "A due process complaint is usually due",
            due,
            (due - today).days,
            "That is the federal default of two years from when you knew; your state may set another.",
            short="due process",
        )
    )
    return found


def ladder_for(disagreement: Disagreement) -> list[Rung]:
    return [RUNGS[rung] for rung in LADDERS[disagreement.kind]]


def rung_status(disagreement: Disagreement, rung: Rung) -> str:
    """How a rung stands: not tried, or the outcome of its latest step."""
    steps = [step for step in disagreement.steps if step.rung == rung.id]
    return steps[-1].outcome if steps else "not tried"


def recommend(disagreement: Disagreement, today: date) -> Recommendation:
    """The next rung, from the kind of disagreement and what was tried and how it went."""
    if not disagreement.is_open or any(step.outcome == "resolved" for step in disagreement.steps):
        return Recommendation(None, "resolved", ["This disagreement is resolved. Well done."])
    waiting = disagreement.waiting()
    if waiting:
        rung = RUNGS.get(waiting[-1].rung)
        return Recommendation(
            rung,
            "waiting",
            [
                f"You are waiting to hear how this went (started {waiting[-1].date}). "
                "Run iepprep next-steps again when you know, and record the outcome."
            ],
        )
    skipped = []
    complaint_window = next((d for d in deadlines(disagreement, today) if "formal" in d.what), None)
    for rung in ladder_for(disagreement):
        if rung_status(disagreement, rung) != "not tried":
            continue
        if rung.id == "complaint" and (complaint_window is None or complaint_window.passed):
            skipped.append(
                "A formal complaint is left out: "
                + (
                    "the one-year window has closed."
                    if complaint_window
                    else "it needs the date the district broke the rule; add it to use this step."
                )
            )
            continue
        return Recommendation(rung, "next", _reasons(disagreement, rung), skipped)
    return Recommendation(
        None,
        "exhausted",
        [
            "You have tried every step on the ladder. A special education attorney or your state's "
            "Parent Training and Information Center can advise you on what is left."
        ],
        skipped,
    )


def _reasons(disagreement: Disagreement, rung: Rung) -> list[str]:
    tried = [step for step in disagreement.steps if step.outcome in ("not resolved", "partly")]
    before = ""
    if tried:
        last = tried[-1]
        before = (
            f"{RUNGS[last.rung].title} did not settle it"
            if last.outcome == "not resolved"
            else f"{RUNGS[last.rung].title} settled part of it"
        ) + "; this is the next step."
    why = {
        "collaborate": "Most disagreements are settled by talking them through with the team, using a "
        "few habits that keep everyone working together.",
        "iee": "When you disagree with the district's evaluation, an evaluation by someone outside "
        "the district is the step the law gives you.",
        "another-meeting": "Before calling a lawyer or filing for due process, another IEP meeting - "
        "with different people, at the district office, or with someone higher up present - often "
        "settles it.",
        "complaint": "When the district did not follow the IEP or the law, a formal complaint asks the "
        "state to step in. It has a one-year limit, so it comes early on this ladder.",
        "mediation": "Mediation brings in a neutral person to help both sides agree. It is free, "
        "voluntary and far less adversarial than a hearing.",
        "due-process": "Due process is a hearing before an impartial officer. It is your right when "
        "everything else has failed.",
    }[rung.id]
    return [sentence for sentence in (before, why) if sentence]


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


def contact_for(child: Child, rung: Rung) -> Contact | None:
    """The person on record to ask for this step, if any."""
    return child.contacts.get(rung.contact_role)


def contact_label(rung: Rung) -> str:
    return role_label(rung.contact_role)


def encourages(rung: Rung | None) -> bool:
    """The article's 90% figure helps on the rungs it is about: working together and mediation."""
    return rung is not None and rung.id in ("collaborate", "another-meeting", "mediation")
