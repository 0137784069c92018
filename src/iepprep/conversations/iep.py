"""Conversations about the written IEP: entering it part by part (iep add), rating progress on its
goals (progress add), and checking the parent's concerns against it (part of check-iep).

Each answer is saved as it is given; a parent who stops picks up at the part they were in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from iepprep import children, concerns, iep, progress, ui
from iepprep.conversations import stopping
from iepprep.dates import as_typed, on_screen, parse_date
from iepprep.errors import IepprepError
from iepprep.state import Child, Meeting
from iepprep.state_iep import RATINGS, Goal, Iep, Service, rating_name
from iepprep.words import N_, _, command, ngettext

PART_TITLES = {
    "eligibility": N_("Eligibility"),
    "last_evaluation": N_("The last evaluation"),
    "goals": N_("Goals"),
    "progress_reports": N_("Progress reports"),
    "services": N_("Services"),
    "accommodations": N_("Accommodations"),
    "modifications": N_("Modifications"),
    "placement": N_("Placement"),
    "extended_school_year": N_("Extended school year"),
    "transition": N_("Transition goals"),
}


def _a_date(text: str) -> str:
    return parse_date(text, year_needed=True).isoformat() if text.strip() else ""


def _dates(text: str) -> str:
    """Several dates, separated by commas: kept as ISO dates separated by commas."""
    return ",".join(parse_date(part, year_needed=True).isoformat() for part in text.split(",") if part.strip())


class _Typing:
    """The goal or service being typed, which is saved only once it is whole."""

    what = ""


_typing = _Typing()


def _saved_so_far() -> str:
    if _typing.what == "goal":
        return _("Everything you typed about the IEP is saved, except the goal you were in the middle of.")
    if _typing.what == "service":
        return _("Everything you typed about the IEP is saved, except the service you were in the middle of.")
    return _("Everything you typed about the IEP is saved.")


def add(child: Child) -> Iep:
    """Walk a written IEP part by part, or go on with the one begun before."""
    draft = child.iep_draft()
    resume = command("iepprep iep add")
    _typing.what = ""
    with stopping(_saved_so_far, lambda: _("To go on where you stopped, run: {command}").format(command=resume)):
        if draft is None:
            ui.show(
                _(
                    "Have the written IEP in front of you. Type each part as the IEP says it; press Enter to skip "
                    "what it does not have. Each answer is saved as you go."
                )
            )
            start = date.fromisoformat(
                ui.ask(_("The date the IEP starts, for example 1/15/2026"), check=lambda text: _new_start(child, text))
            )
            end_typed = ui.ask(
                _("The date it ends"), as_typed(iep.default_end(start)), check=lambda text: _after(start, text)
            )
            draft = iep.begin(child, start, date.fromisoformat(end_typed))
        else:
            ui.show(
                _("Going on with the IEP starting on {day}; what you typed before is kept.").format(
                    day=on_screen(draft.start)
                )
            )
        for number, part in enumerate(PART_TITLES, 1):
            if part in draft.walked:
                continue
            ui.blank()
            ui.show(
                (_(PART_TITLES[part]), "bold"),
                ("  " + _("part {number} of {count}").format(number=number, count=len(PART_TITLES)), "dim"),
            )
            ASK[part](child, draft)
        iep.finish(child, draft)
    return draft


def _new_start(child: Child, text: str) -> str:
    if not text.strip():
        raise IepprepError(_("Please type the date the IEP starts; it is on its first page."))
    typed = _a_date(text)
    iep.check_new_start(child, date.fromisoformat(typed))
    return typed


def _after(start: date, text: str) -> str:
    typed = _a_date(text)
    if not typed or typed <= start.isoformat():
        raise IepprepError(
            _("The IEP ends after it starts ({day}); please type its end date.").format(day=on_screen(start))
        )
    return typed


def _text(child: Child, draft: Iep, key: str, question: str) -> None:
    value = ui.ask(question, getattr(draft, key) or None)
    iep.save_part(child, draft, {key: value}, walked=key)


def _eligibility(child: Child, draft: Iep) -> None:
    _text(
        child,
        draft,
        "eligibility",
        _("The disability category the IEP names, for example specific learning disability"),
    )


def _last_evaluation(child: Child, draft: Iep) -> None:
    value = ui.ask(
        _("The date of {child}'s last evaluation (Enter if you do not know)").format(child=child.name),
        as_typed(draft.last_evaluation) or None,
        check=_a_date,
    )
    iep.save_part(child, draft, {"last_evaluation": value}, walked="last_evaluation")


def _progress_reports(child: Child, draft: Iep) -> None:
    how = ui.ask(
        _("When the IEP says you get progress reports, for example with each report card"),
        draft.progress_reports or None,
    )
    iep.save_part(child, draft, {"progress_reports": how})
    typed = ui.ask(
        _("The dates of those reports, if the IEP gives them, separated by commas (Enter to skip)"),
        ", ".join(as_typed(d) for d in draft.progress_dates) or None,
        check=_dates,
    )
    iep.save_part(child, draft, {"progress_dates": [d for d in typed.split(",") if d]}, walked="progress_reports")


def _goals(child: Child, draft: Iep) -> None:
    if draft.goals:
        ui.show(
            ngettext(
                "{count} goal is kept from before.", "{count} goals are kept from before.", len(draft.goals)
            ).format(count=len(draft.goals))
        )
    ui.show(_("One goal at a time; press Enter at the area when there are no more."))
    while True:
        number = len(draft.goals) + 1
        area = ui.ask(_("Goal {number}: its area, for example reading fluency").format(number=number))
        if not area.strip():
            break
        _typing.what = "goal"
        goal = Goal(
            area=area,
            baseline=ui.ask(_("Where {child} is now (the baseline)").format(child=child.name)),
            target=ui.ask(_("The goal itself, as measurable as the IEP writes it"), check=_not_empty),
            measured=ui.ask(_("How progress on it is measured")),
            reported=ui.ask(_("How often progress on it is reported")),
        )
        stored = [iep.as_mapping(g) for g in draft.goals] + [iep.as_mapping(goal)]
        iep.save_part(child, draft, {"goals": stored})
        _typing.what = ""
        ui.show((_("Goal {number} is saved.").format(number=number), "dim"))
    iep.save_part(child, draft, {}, walked="goals")


def _not_empty(text: str) -> str:
    if not text.strip():
        raise IepprepError(_("Please type the goal; every goal needs its words."))
    return text


def _often(text: str) -> str:
    times, per = iep.parse_often(text)
    return f"{times} {per}"


def _minutes(text: str) -> str:
    return str(iep.parse_minutes(text))


def _services(child: Child, draft: Iep) -> None:
    if draft.services:
        ui.show(
            ngettext(
                "{count} service is kept from before.", "{count} services are kept from before.", len(draft.services)
            ).format(count=len(draft.services))
        )
    ui.show(_("One service at a time, for example speech-language therapy; press Enter when there are no more."))
    while True:
        name = ui.ask(_("Service {number}: what it is").format(number=len(draft.services) + 1))
        if not name.strip():
            break
        _typing.what = "service"
        minutes = int(ui.ask(_("Minutes in each session"), check=_minutes))
        times, per = ui.ask(_("How often, for example 2 times a week"), check=_often).split()
        service = Service(
            name=name,
            minutes=minutes,
            times=int(times),
            per=per,
            setting=ui.ask(_("Where, for example in the classroom or a separate room (Enter to skip)")),
            provider=ui.ask(_("Who gives it, for example the speech-language pathologist (Enter to skip)")),
            start=ui.ask(_("The date it starts"), as_typed(draft.start), check=_a_date),
            end=ui.ask(_("The date it ends"), as_typed(draft.end) or None, check=_a_date),
        )
        stored = [iep.as_mapping(s) for s in draft.services] + [iep.as_mapping(service)]
        iep.save_part(child, draft, {"services": stored})
        _typing.what = ""
        ui.show((_("Service {number} is saved.").format(number=len(draft.services)), "dim"))
    iep.save_part(child, draft, {}, walked="services")


def _a_list(child: Child, draft: Iep, key: str, prompt: str) -> None:
    kept = list(getattr(draft, key))
    if kept:
        ui.show(_("Kept from before:"))
        for entry in kept:
            ui.show("  - ", entry)
    ui.show(prompt)
    while True:
        line = ui.read_line("  - ")
        if line.strip() == "/quit":
            from iepprep.errors import Quit

            raise Quit
        if not line.strip():
            break
        kept.append(line)
        iep.save_part(child, draft, {key: kept})
    iep.save_part(child, draft, {}, walked=key)


def _accommodations(child: Child, draft: Iep) -> None:
    _a_list(
        child,
        draft,
        "accommodations",
        _("Each accommodation on its own line, for example extra time on tests; an empty line when done."),
    )


def _modifications(child: Child, draft: Iep) -> None:
    _a_list(
        child,
        draft,
        "modifications",
        _("Each modification (a change to what is taught or expected) on its own line; an empty line when done."),
    )


def _placement(child: Child, draft: Iep) -> None:
    place = ui.ask(
        _("Where {child} is taught, for example general education class with support").format(child=child.name),
        draft.placement or None,
    )
    iep.save_part(child, draft, {"placement": place})
    time = ui.ask(
        _("Time in general education, as the IEP says it, for example 80% of the day"), draft.general_education or None
    )
    iep.save_part(child, draft, {"general_education": time}, walked="placement")


def _extended_school_year(child: Child, draft: Iep) -> None:
    _text(
        child,
        draft,
        "extended_school_year",
        _("Extended school year (summer services): what the IEP says, for example no, or 4 weeks of reading"),
    )


def _transition(child: Child, draft: Iep) -> None:
    if not child.profile.get("birth_date"):
        born = ui.ask(
            _("{child}'s date of birth, to know whether transition goals are needed (Enter to skip)").format(
                child=child.name
            ),
            check=_a_date,
        )
        if born:
            children.set_profile(child, "birth_date", born)
    if iep.turns_16_during(child, draft) is False:
        ui.show(
            _("{child} is under 16 for all of this IEP; transition goals are not asked for.").format(child=child.name)
        )
        iep.save_part(child, draft, {}, walked="transition")
        return
    _a_list(
        child,
        draft,
        "transition",
        _("Each transition goal (for after high school: training, work, living on their own) on its own line."),
    )


ASK: dict[str, Callable[[Child, Iep], None]] = {
    "eligibility": _eligibility,
    "last_evaluation": _last_evaluation,
    "goals": _goals,
    "progress_reports": _progress_reports,
    "services": _services,
    "accommodations": _accommodations,
    "modifications": _modifications,
    "placement": _placement,
    "extended_school_year": _extended_school_year,
    "transition": _transition,
}


# -- progress reports ------------------------------------------------------------------


def rate_progress(child: Child, plan: Iep, day: date) -> int:
    """Ask a rating and a comment for each goal; each is saved as it is given. Returns how many were rated."""
    choices = ", ".join(f"{n} {rating_name(key)}" for n, (key, _label) in enumerate(RATINGS, 1))
    rated = 0
    report = None
    resume = command("iepprep progress add")
    with stopping(
        lambda: ngettext("{count} rating is saved.", "{count} ratings are saved.", rated).format(count=rated),
        lambda: _("To rate the other goals, run: {command}").format(command=resume + f" --date {as_typed(day)}"),
    ):
        existing = next((r for r in progress.reports_for(child, plan) if r.date == day.isoformat()), None)
        report = existing
        for number, goal in enumerate(plan.goals, 1):
            ui.blank()
            ui.show((f"{number} / {len(plan.goals)} - {goal.area}", "bold"))
            ui.show(goal.target)
            current = next((r for r in report.ratings if r.goal == number), None) if report else None
            rating = ui.ask(
                choices + " " + _("(Enter skips)"),
                rating_name(current.rating) if current else None,
                check=progress.check_rating,
            )
            if not rating:
                continue
            comment = ui.ask(
                _("What the report says about it (Enter to leave out)"), (current.comment if current else "") or None
            )
            if report is None:
                report = progress.begin(child, plan, day)
            progress.rate(child, report, number, rating, comment)
            rated += 1
    return rated


# -- concerns against the IEP ---------------------------------------------------------------


def check_concerns(child: Child, plan: Iep, meeting: Meeting) -> list[str]:
    """For each of the parent's concerns, ask what in the IEP meets it; return those nothing meets."""
    listed = concerns.listed(child, meeting, fallback=False)
    resume = command("iepprep check-iep")
    with stopping(
        lambda: _("Every answer you gave is saved."),
        lambda: _("To go on, run: {command}").format(command=resume),
    ):
        ui.blank()
        ui.show((_("Your concerns, against the IEP starting on {day}").format(day=on_screen(plan.start)), "bold"))
        ui.show(_("The team must consider your concerns. For each one, say what in the IEP meets it."))
        for number, concern in enumerate(listed, 1):
            ui.blank()
            ui.show((f"{number} / {len(listed)}", "dim"))
            ui.show((concern, "bold"))
            found = concerns.matches(concern, plan)
            for n, match in enumerate(found, 1):
                ui.show(f"  {n}. " + _("Seems to match {what}").format(what=match.said()))
            question = (
                _("Type the number of what meets it, your own words, or n if nothing in the IEP does (Enter skips)")
                if found
                else _("Nothing in the IEP shares its words. Type what meets it, or n if nothing does (Enter skips)")
            )
            current = child.concerns_met.get(concern)
            answer = ui.ask(question, (current or _("nothing")) if current is not None else None)
            said = answer.strip()
            if not said:
                continue
            if said.casefold() in ("n", "no", "none", "nothing", _("nothing").casefold()):
                concerns.record(child, concern, "")
            elif said.isdigit() and 1 <= int(said) <= len(found):
                concerns.record(child, concern, found[int(said) - 1].what)
            else:
                concerns.record(child, concern, answer)
    return concerns.unmet(child, meeting)
