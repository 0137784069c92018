"""Progress reports on the IEP's goals: putting one on record, and the trend of each goal across them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from iepprep.dates import on_screen
from iepprep.errors import IepprepError
from iepprep.fold import save
from iepprep.state import Child
from iepprep.state_iep import RATINGS, Goal, Iep, ProgressReport, Rating, rating_name
from iepprep.words import _, ngettext

WORRYING = ("no progress", "not addressed")


def check_rating(answer: str) -> str:
    """A rating from its number or its words (in the parent's language); '' for Enter (not rated)."""
    said = " ".join(answer.casefold().split())
    if not said:
        return ""
    if said.isdigit() and 1 <= int(said) <= len(RATINGS):
        return RATINGS[int(said) - 1][0]
    for key, _label in RATINGS:
        if said in (key, rating_name(key).casefold()):
            return key
    raise IepprepError(
        _("Please type a number from 1 to {count}, or press Enter to leave this goal unrated.").format(
            count=len(RATINGS)
        )
    )


def begin(child: Child, iep: Iep, day: date) -> ProgressReport:
    event = save(child, "progress", iep=iep.id, date=day.isoformat(), ratings=[])
    report = child.by_id.get(str(event["id"]))
    if not isinstance(report, ProgressReport):  # pragma: no cover - save has just applied it
        raise IepprepError(_("The progress report could not be read back after it was saved."))
    return report


def rate(child: Child, report: ProgressReport, goal: int, rating: str, comment: str = "") -> None:
    """Keep one goal's rating: the report is amended, so every rating typed so far is saved."""
    ratings = [r for r in report.ratings if r.goal != goal] + [Rating(goal, rating, comment)]
    ratings.sort(key=lambda r: r.goal)
    stored = [{"goal": r.goal, "rating": r.rating, **({"comment": r.comment} if r.comment else {})} for r in ratings]
    save(child, "amend", target=report.id, changes={"ratings": stored})


def reports_for(child: Child, iep: Iep) -> list[ProgressReport]:
    return sorted((r for r in child.progress if r.iep == iep.id), key=lambda r: r.date)


@dataclass(frozen=True)
class Trend:
    goal: Goal
    number: int
    said: str
    worrying: bool  # the latest report says no progress or not addressed


def revise_line() -> str:
    """What a parent can do about a goal with no progress, and the rule behind it."""
    from iepprep import rules

    return _(
        "The team must revise the IEP as needed when your child is not making the progress expected; ask how it "
        "will ({cite})."
    ).format(cite=rules.cite("yearly-review"))


def trends(child: Child, iep: Iep) -> list[Trend]:
    """Each rated goal's latest rating and how many reports in a row it has held: 'Reading fluency: no
    progress on the last two reports (Mar 20, 2026)'."""
    found = []
    reports = reports_for(child, iep)
    for number, goal in enumerate(iep.goals, 1):
        rated = [(report.date, r) for report in reports for r in report.ratings if r.goal == number]
        if not rated:
            continue
        last_day, last = rated[-1]
        run = 0
        for _day, rating in reversed(rated):
            if rating.rating != last.rating:
                break
            run += 1
        if run > 1:
            said = ngettext(
                "{area}: {rating} on the last {count} report (latest {day})",
                "{area}: {rating} on the last {count} reports (latest {day})",
                run,
            ).format(area=goal.area, rating=rating_name(last.rating), count=run, day=on_screen(last_day))
        else:
            said = _("{area}: {rating} on the report of {day}").format(
                area=goal.area, rating=rating_name(last.rating), day=on_screen(last_day)
            )
            if len(rated) > 1:
                said += " " + _("(before: {rating})").format(rating=rating_name(rated[-2][1].rating))
        found.append(Trend(goal, number, said, last.rating in WORRYING))
    return found
