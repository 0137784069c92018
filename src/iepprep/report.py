"""One page for the next meeting, the status of everything due, and a calendar file."""

from __future__ import annotations

import textwrap
from datetime import date, datetime, timedelta

from iepprep.checklists import Catalog, fill, habits_line
from iepprep.dates import on_screen
from iepprep.followup import carry_over, is_overdue, open_actions
from iepprep.ladder import NOT_LEGAL_ADVICE, REMINDER_DAYS, deadlines, recommend
from iepprep.prep import readiness
from iepprep.state import Child, Meeting
from iepprep.words import N_, _

MEETING_HOURS = 1  # how long a timed meeting is shown in a calendar when its end is not known
PAGE_WIDTH = 80
PAGE_LINES = 60
MOST_PER_LIST = 6
REMEMBER = N_(
    "Call {child} by name. Ask every question you have - none is too small. "
    "Ask for a short break whenever you need one. For each decision, check who will do what, "
    "where, when and why. Ask for a copy of the IEP."
)


class _Page:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def text(self, label: str, value: str) -> None:
        if value:
            self.lines += textwrap.wrap(f"{label}: {value}", PAGE_WIDTH, subsequent_indent="  ") or [label]

    def items(self, title: str, values: list[str], numbered: bool = False, indent: str = "") -> None:
        if not values:
            return
        self.lines.append(f"{indent}{title}:")
        for n, value in enumerate(values[:MOST_PER_LIST], 1):
            mark = f"{indent}  {n}." if numbered else f"{indent}  -"
            wrapped = textwrap.wrap(value, PAGE_WIDTH - len(mark) - 1, max_lines=2, placeholder=" ...") or [""]
            self.lines.append(f"{mark} {wrapped[0]}")
            self.lines += [" " * (len(mark) + 1) + rest for rest in wrapped[1:]]
        if len(values) > MOST_PER_LIST:
            more = _("... and {count} more (iepprep prep --review)").format(count=len(values) - MOST_PER_LIST)
            self.lines.append(f"{indent}  {more}")


def brief(child: Child, meeting: Meeting, catalog: Catalog, today: date) -> str:
    """One printable page, at most 60 lines of 80 columns, for the coming meeting."""
    page = _Page()
    title = _("{child} - IEP MEETING").format(child=child.name.upper())
    page.lines += [title, "=" * min(PAGE_WIDTH, len(title))]
    page.text(_("When"), meeting.when(today))
    page.text(_("Where"), meeting.where)
    page.text(_("What for"), meeting.purpose)
    attendees = child.prep_answer(meeting, "attendees")
    page.text(_("Who"), "; ".join(attendees) if isinstance(attendees, list) else "")
    page.text(_("Coming with me"), str(child.prep_answer(meeting, "support-person") or ""))
    page.text(_("The outcome I want"), str(child.prep_answer(meeting, "outcome") or ""))
    page.text(_("My concerns"), str(child.prep_answer(meeting, "concerns") or ""))
    for heading, item, numbered in (
        (_("{child}'s strengths").format(child=child.name), "strengths", False),
        (_("My questions"), "questions", True),
        (_("Documents to bring"), "documents", False),
    ):
        value = child.prep_answer(meeting, item)
        page.items(heading, value if isinstance(value, list) else [], numbered)
    if "before" in catalog.checklists:
        before = catalog.checklists["before"]
        still = readiness(child, meeting, before, today).still_open
        page.items(_("Still to do before the meeting"), [fill(item.text, child.name) for item in still])
    left = carry_over(child, meeting)
    if left and left.source:
        where = left.source.day if left.source.date else _("an earlier day")
        page.lines.append(_("Carried over from the meeting on {day}:").format(day=where))
        page.items(_("To come back to"), [n.text for n in left.later], indent="  ")
        actions = [n.words + (f" ({n.who})" if n.who else "") for n in left.open_actions]
        page.items(_("Actions still open"), actions, indent="  ")
        page.items(_("Questions not asked"), left.unasked, indent="  ")
    standing = iep_standing(child, today)
    for heading, found in standing[1:]:  # the IEP's own dates are in status and the calendar
        page.items(heading, found)
    page.lines.append("")
    page.text(_("My plan for staying calm"), str(child.prep_answer(meeting, "calm-plan") or ""))
    page.text(_("Remember"), _(REMEMBER).format(child=child.name))
    habits = catalog.checklists.get("during")
    if habits:
        page.text(_("Habits"), habits_line(habits, child.name))
    page.lines += ["", _("iepprep - general information, not legal advice.")]
    if len(page.lines) > PAGE_LINES:  # keep it to one page: the end matters least
        page.lines = page.lines[: PAGE_LINES - 1] + [_("... (more with: iepprep export)")]
    return "\n".join(page.lines) + "\n"


# -- the IEP between meetings ------------------------------------------------------------


def iep_standing(child: Child, today: date) -> list[tuple[str, list[str]]]:
    """What the written IEP in effect shows between meetings, as (heading, lines): its dates, the
    progress on its goals, services not given, and the parent's concerns it does not meet."""
    from iepprep import concerns, progress, services
    from iepprep.iep import dates, span

    plan = child.current_iep(today)
    if plan is None:
        return []
    found = [
        (
            _("The IEP in effect, {span}").format(span=span(plan)),
            [d.line(today) for d in dates(child, plan) if d.day >= today or d.key == "annual-review"],
        )
    ]
    trends = progress.trends(child, plan)
    if trends:
        said = [trend.said for trend in trends]
        if any(trend.worrying for trend in trends):
            said.append(progress.revise_line())
        found.append((_("Progress on the goals"), said))
    short = services.shortfalls(child, today)
    if short:
        found.append((_("Services not given or made up"), [services.shortfall_line(each) for each in short]))
    held = child.last_meeting_held(today)
    unmet = concerns.unmet(child, held) if held else []
    if unmet:
        found.append((_("My concerns the IEP does not meet yet"), unmet))
    return found


# -- status ---------------------------------------------------------------------------


def status_lines(child: Child, catalog: Catalog, today: date) -> list[str]:
    lines = []
    meeting = child.next_meeting(today) or child.unscheduled_meeting()
    if meeting:
        details = "".join(f" - {part}" for part in (meeting.purpose, meeting.where) if part)
        lines.append(_("Next meeting: {when}").format(when=meeting.when(today)) + details)
        if "before" in catalog.checklists:
            ready = readiness(child, meeting, catalog.checklists["before"], today)
            total = len(catalog.checklists["before"].items)
            lines.append(
                _("Getting ready: {done} of {total} items done (iepprep prep)").format(
                    done=len(ready.answered), total=total
                )
            )
    else:
        lines.append(_("Next meeting: none on record (iepprep meeting add DATE)"))
    actions = open_actions(child, today)
    if actions:
        lines.append(_("Open action items (mark one done with: iepprep notes done ID):"))
        for note in actions:
            if not note.due:
                due = _("no date")
            elif is_overdue(note, today):
                due = _("OVERDUE since {day}").format(day=on_screen(note.due))
            else:
                due = _("by {day}").format(day=on_screen(note.due))
            lines.append(f"  [{note.short_id}] {due}: {note.words}" + (f" ({note.who})" if note.who else ""))
    for d in (d for d in child.disagreements if d.is_open):
        rec = recommend(child, d, today)
        if rec.rung and rec.status == "next":
            step = _(rec.rung.title)
        elif rec.rung:
            step = _("waiting on: {step}").format(step=_(rec.rung.title))
        else:
            step = _("every step tried") if rec.status == "exhausted" else _("resolved")
        lines.append(_("Disagreement [{id}]: {topic} - next: {step}").format(id=d.short_id, topic=d.topic, step=step))
        lines += [f"  {line}" for line in rec.urgent]
        lines += ["  " + _("Deadline: {deadline}").format(deadline=x.in_brief()) for x in deadlines(child, d, today)]
    for heading, found in iep_standing(child, today):
        lines.append(heading + ":")
        lines += [f"  {line}" for line in found]
    if child.current_iep(today) is not None:
        lines.append(_("More with: iepprep iep show, iepprep progress show, iepprep services show"))
    return lines


# -- calendar ---------------------------------------------------------------------------


def calendar(kids: list[Child], today: date) -> bytes:
    """An iCalendar file of meetings (timed, with their place), action items' due dates, and the
    ladder's deadlines with a reminder before each, for every child given."""
    import icalendar

    from iepprep.iep import dates

    cal = icalendar.Calendar()
    cal.add("prodid", "-//iepprep//iepprep//EN")
    cal.add("version", "2.0")
    stamp = datetime.combine(today, datetime.min.time())

    def event(uid: str, summary: str, day: date, description: str = "", at: str = "", where: str = "") -> None:
        item = icalendar.Event()
        item.add("uid", f"{uid}@iepprep")
        item.add("dtstamp", stamp)
        item.add("summary", summary)
        if at:  # a floating local time: the calendar shows it in the parent's own time zone
            start = datetime.combine(day, datetime.strptime(at, "%H:%M").time())
            item.add("dtstart", start)
            item.add("dtend", start + timedelta(hours=MEETING_HOURS))
        else:
            item.add("dtstart", day)
            item.add("dtend", day + timedelta(days=1))
        if where:
            item.add("location", where)
        if description:
            item.add("description", description)
        cal.add_component(item)

    for child in kids:
        for meeting in child.active_meetings:
            if meeting.date:
                summary = _("IEP meeting: {child}").format(child=child.name) + (
                    f" - {meeting.purpose}" if meeting.purpose else ""
                )
                event(meeting.id, summary, date.fromisoformat(meeting.date), at=meeting.time, where=meeting.where)
        for note in open_actions(child, today):
            if note.due:
                who = _("Who: {who}").format(who=note.who) if note.who else _("Who: not named")
                summary = _("Due: {what} ({child})").format(what=note.words, child=child.name)
                event(note.id, summary, date.fromisoformat(note.due), who)
        plan = child.current_iep(today)
        for found in dates(child, plan) if plan else []:
            if found.day >= today:
                about = f"{found.counts_from}" + (f" ({found.cite})" if found.cite else "") + ". " + _(NOT_LEGAL_ADVICE)
                summary = f"{found.title} ({child.name})"
                event(f"{plan.id if plan else ''}-{found.key}-{found.day.isoformat()}", summary, found.day, about)
        for d in (d for d in child.disagreements if d.is_open):
            for deadline in deadlines(child, d, today):
                if deadline.due is None or deadline.passed:
                    continue
                about = (
                    deadline.describe(as_of=True)
                    + " "
                    + _("Disagreement: {topic}.").format(topic=d.topic)
                    + " "
                    + _(NOT_LEGAL_ADVICE)
                )
                brief_line = deadline.in_brief(counting=False)
                summary = _("Deadline: {deadline} ({child})").format(deadline=brief_line, child=child.name)
                event(f"{d.id}-{deadline.key}", summary, deadline.due, about)
                reminder = deadline.due - timedelta(days=REMINDER_DAYS)
                if reminder >= today:
                    summary = _("Reminder: {deadline} ({child})").format(deadline=brief_line, child=child.name)
                    event(f"{d.id}-{deadline.key}-reminder", summary, reminder, about)
    return bytes(cal.to_ical())
