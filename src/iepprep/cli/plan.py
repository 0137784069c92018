"""Commands for the IEP between meetings: the written IEP (iep), progress reports (progress) and the
services log (services)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from iepprep import ui
from iepprep.cli.app import ChildOption, deliver, iep_app, pick, progress_app, services_app, warn
from iepprep.dates import on_screen
from iepprep.errors import IepprepError
from iepprep.words import _, ngettext

if TYPE_CHECKING:
    from iepprep.state import Child
    from iepprep.state_iep import Iep

IepDate = Annotated[
    str | None,
    typer.Option("--date", metavar="DATE", help="A day the IEP was in effect, e.g. 1/15/2026 (default: today)."),
]


# -- the written IEP ------------------------------------------------------------------------


@iep_app.command("add")
def iep_add(
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from", metavar="FILE", help="Read the IEP from a YAML file shaped like iep show --format yaml."
        ),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="With --from: take the place of the IEP with the same start date.")
    ] = False,
    child_name: ChildOption = None,
) -> None:
    """Put the written IEP on record, part by part (stop any time; run it again to go on), or from a file."""
    from iepprep import iep

    if replace and from_file is None:
        raise IepprepError(_("--replace works only with --from FILE."))
    if from_file is not None:
        fields = iep.read_file(from_file)
        child = pick(child_name)
        child.record.check_writable()
        added = iep.add(child, fields, replace=replace)
        said = _("Replaced the IEP starting on {day} for {child}.") if replace else _("Added {child}'s IEP, {span}.")
        ui.show(said.format(day=on_screen(added.start), child=child.name, span=iep.span(added)))
        _summary(added)
        return
    from iepprep.conversations.iep import add as walk

    child = pick(child_name, ask=True, again="iepprep iep add")
    child.record.check_writable()
    added = walk(child)
    ui.blank()
    ui.show(_("{child}'s IEP is on record, {span}.").format(child=child.name, span=iep.span(added)))
    _summary(added)


def _summary(added: Iep) -> None:
    ui.show(
        ngettext("{count} goal", "{count} goals", len(added.goals)).format(count=len(added.goals))
        + ", "
        + ngettext("{count} service", "{count} services", len(added.services)).format(count=len(added.services))
        + ", "
        + ngettext("{count} accommodation", "{count} accommodations", len(added.accommodations)).format(
            count=len(added.accommodations)
        )
        + ". "
        + _("See it with: iepprep iep show")
    )


@iep_app.command("discard")
def iep_discard(child_name: ChildOption = None) -> None:
    """Throw away the IEP you began entering with iep add, to start it again."""
    from iepprep import iep

    child = pick(child_name)
    thrown = iep.discard(child)
    ui.show(
        _("Threw away the IEP starting on {day} that was being entered. Start again with: iepprep iep add").format(
            day=on_screen(thrown.start)
        )
    )


@iep_app.command("show")
def iep_show(
    day: IepDate = None,
    fmt: Annotated[str, typer.Option("--format", metavar="FORMAT", help="text or yaml.")] = "text",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to a new file instead of the screen.")
    ] = None,
    child_name: ChildOption = None,
) -> None:
    """Show the IEP in effect (or the one in effect on --date), plainly or as YAML to keep or edit."""
    from iepprep import iep
    from iepprep.dates import parse_date, today

    if fmt not in ("text", "yaml"):
        raise IepprepError(_("'{format}' is not a format iep show writes; use text or yaml.").format(format=fmt))
    child = pick(child_name, full=False)
    chosen = iep.in_effect(child, parse_date(day, past=True) if day else None, today())
    if fmt == "yaml":
        deliver(iep.as_yaml(chosen), output)
    else:
        deliver("\n".join(iep.describe(child, chosen)) + "\n", output)


@iep_app.command("list")
def iep_list(child_name: ChildOption = None) -> None:
    """List the IEPs on record, oldest first."""
    from iepprep import iep

    child = pick(child_name, full=False)
    if not child.ieps:
        ui.show(_(iep.NO_IEP).format(child=child.name))
        return
    for each in child.ieps_in_order:
        ui.show(
            f"{iep.span(each)}: "
            + ngettext("{count} goal", "{count} goals", len(each.goals)).format(count=len(each.goals))
            + ", "
            + ngettext("{count} service", "{count} services", len(each.services)).format(count=len(each.services))
        )
    draft = child.iep_draft()
    if draft:
        ui.show(
            _("Still being entered: the IEP starting on {day}; go on with: iepprep iep add").format(
                day=on_screen(draft.start)
            )
        )


@iep_app.command("compare")
def iep_compare(
    from_day: Annotated[
        str | None, typer.Option("--from", metavar="DATE", help="A day the older IEP was in effect.")
    ] = None,
    to_day: Annotated[
        str | None, typer.Option("--to", metavar="DATE", help="A day the newer IEP was in effect.")
    ] = None,
    child_name: ChildOption = None,
) -> None:
    """Year over year: goals added, removed or rolled over unchanged, services cut or raised, accommodations
    and placement changed, each with a question to ask at the meeting (default: the last two IEPs)."""
    from iepprep import iep
    from iepprep.dates import parse_date, today

    child = pick(child_name, full=False)
    ordered = child.ieps_in_order
    now = today()
    if len(ordered) < 2 and not (from_day and to_day):
        raise IepprepError(
            _("Comparing needs two IEPs on record; {child} has {count}. Add another with: iepprep iep add").format(
                child=child.name, count=len(ordered)
            )
        )
    old = iep.in_effect(child, parse_date(from_day, past=True), now) if from_day else ordered[-2]
    new = iep.in_effect(child, parse_date(to_day, past=True), now) if to_day else ordered[-1]
    if old is new:
        raise IepprepError(
            _("Both dates fall in the same IEP ({span}); nothing to compare.").format(span=iep.span(old))
        )
    if old.start > new.start:
        old, new = new, old
    ui.show(
        (
            _("Comparing the IEP that started on {old} with the one that started on {new}").format(
                old=on_screen(old.start), new=on_screen(new.start)
            ),
            "bold",
        )
    )
    changes = iep.compare(child, old, new)
    if not changes:
        ui.show(_("The goals, services, accommodations, modifications and placement are the same in both."))
        return
    for change in changes:
        ui.blank()
        ui.show("- ", change.said)
        ui.show("  " + _("Ask: "), change.ask)


# -- progress reports -------------------------------------------------------------------------


@progress_app.command("add")
def progress_add(
    day: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="The report's date, e.g. 3/20/2026 (default: today).")
    ] = None,
    child_name: ChildOption = None,
) -> None:
    """Rate each goal as the progress report does: mastered, progressing, some progress, no progress or
    not addressed, with a comment."""
    from iepprep import iep
    from iepprep.conversations.iep import rate_progress
    from iepprep.dates import parse_date, today

    child = pick(child_name, ask=True, again="iepprep progress add")
    if day is None:
        from iepprep.dates import as_typed

        day = ui.ask(
            _("The date on the progress report"),
            as_typed(today()),
            check=lambda text: parse_date(text, past=True).isoformat(),
        )
    when = parse_date(day, past=True)
    plan = iep.in_effect(child, when, today())
    if not plan.goals:
        raise IepprepError(
            _("The IEP starting on {day} has no goals on record to rate.").format(day=on_screen(plan.start))
        )
    child.record.check_writable()
    ui.show(
        _("Progress report of {day}, for the goals of the IEP of {span}.").format(
            day=on_screen(when), span=iep.span(plan)
        )
    )
    rated = rate_progress(child, plan, when)
    ui.blank()
    ui.show(ngettext("{count} goal rated and saved.", "{count} goals rated and saved.", rated).format(count=rated))
    if rated:
        ui.show(_("See the trend with: iepprep progress show"))


@progress_app.command("show")
def progress_show(child_name: ChildOption = None) -> None:
    """Each goal's latest rating and how long it has held, from the progress reports on record."""
    from iepprep import iep, progress
    from iepprep.dates import today

    child = pick(child_name)
    plan = iep.in_effect(child, None, today())
    found = progress.trends(child, plan)
    if not found:
        ui.show(
            _("No progress report is on record for the IEP of {span}; add one with: iepprep progress add").format(
                span=iep.span(plan)
            )
        )
        return
    for trend in found:
        ui.show(("! " if trend.worrying else "  "), trend.said)
    if any(trend.worrying for trend in found):
        ui.show(progress.revise_line())


# -- the services log ---------------------------------------------------------------------------


@services_app.command("log")
def services_log(
    service: Annotated[
        str, typer.Argument(metavar="SERVICE", help="The service, as the IEP names it, or a word of it.")
    ],
    minutes: Annotated[
        str | None, typer.Option("--minutes", metavar="N", help="Minutes given (default: the IEP's minutes).")
    ] = None,
    day: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="The session's day (default: today).")
    ] = None,
    missed: Annotated[
        str | None, typer.Option("--missed", metavar="REASON", help="The session did not happen, and why.")
    ] = None,
    made_up: Annotated[
        str | None,
        typer.Option(
            "--made-up",
            metavar="DATE",
            help="The day a missed session was made up: with --missed, or alone to mark the one on --date.",
        ),
    ] = None,
    closed: Annotated[
        bool,
        typer.Option("--school-closed", help="With --missed: school was closed that day, so the session was not due."),
    ] = False,
    child_name: ChildOption = None,
) -> None:
    """Log one session of a service, given or missed, as quickly as a note. Take one back with: services undo."""
    from iepprep import iep, services
    from iepprep.dates import parse_date, today

    when = parse_date(day, past=True) if day else today()
    made = parse_date(made_up, past=True) if made_up else None
    given = iep.parse_minutes(minutes) if minutes is not None else None
    child = pick(child_name, full=made is not None and not missed)  # to find the missed session it marks
    plan = iep.in_effect(child, when, today())
    found, fields = services.log(child, plan, service, when, given, missed or "", made, closed, today())
    if fields.get("marked"):
        ui.show(
            _("Marked the session of {service} missed on {day} as made up on {made_up}.").format(
                service=found.name, day=on_screen(when), made_up=on_screen(made)
            )
        )
    elif closed:
        ui.show(
            _("Logged that school was closed on {day}: the session of {service} is not counted as due.").format(
                day=on_screen(when), service=found.name
            )
        )
    elif missed:
        said = (
            _("Logged a missed session of {service} on {day}, made up on {made_up}.")
            if made
            else _("Logged a missed session of {service} on {day}: {minutes} minutes not given.")
        )
        ui.show(
            said.format(
                service=found.name, day=on_screen(when), made_up=on_screen(made) if made else "", minutes=found.minutes
            )
        )
    else:
        ui.show(
            _("Logged {minutes} minutes of {service} on {day}.").format(
                minutes=fields["minutes"], service=found.name, day=on_screen(when)
            )
        )
    warn(child)


@services_app.command("undo")
def services_undo(child_name: ChildOption = None) -> None:
    """Take back the last thing logged: a session (it stays in the record, marked as taken back), or the
    mark that a missed session was made up."""
    from iepprep import services

    child = pick(child_name)
    taken = services.undo(child)
    session = taken.session
    if taken.made_up:
        said = _("Took back that the session of {service} missed on {day} was made up on {made_up}.")
    elif session.missed:
        said = _("Took back the missed session of {service} on {day}.")
    else:
        said = _("Took back the session of {service} on {day} ({minutes} minutes).")
    ui.show(
        said.format(
            service=session.service,
            day=on_screen(session.date),
            made_up=on_screen(taken.made_up),
            minutes=session.minutes,
        )
    )


@services_app.command("show")
def services_show(
    month: Annotated[
        str | None,
        typer.Option("--month", metavar="MONTH", help="Only this month, e.g. 12/2026 (default: every month)."),
    ] = None,
    child_name: ChildOption = None,
) -> None:
    """Minutes the IEP calls for against minutes given, per service and month; missed sessions, and weeks
    with sessions not on record."""
    from iepprep import iep, services
    from iepprep.dates import parse_month, today

    child = pick(child_name)
    now = today()
    wanted = parse_month(month, now) if month else None
    if wanted is None:
        plans = services.in_window(child, now) or [iep.in_effect(child, None, now)]
    else:
        plans = [p for p in child.ieps_in_order if services.standings(child, p, wanted)] or [
            iep.in_effect(child, _last_day(wanted), now)
        ]
    for number, plan in enumerate(plans):
        if number:
            ui.blank()
        _show_services(child, plan, wanted, now)
    short = services.shortfalls(child, now)
    if short:
        ui.blank()
        ui.show((_("Not given or made up, in every IEP you logged within the last year:"), "bold"))
        for each in short:
            ui.show("  - ", services.shortfall_line(each))
        ui.show(services.compensatory_line())
        ui.show(_("Ask the school for its own logs with: iepprep letter service-log-request"))


def _show_services(child: Child, plan: Iep, wanted: str | None, now: date) -> None:
    from iepprep import iep, services

    ui.show((_("Services in the IEP of {span}").format(span=iep.span(plan)), "bold"))
    if not plan.services:
        ui.show(_("This IEP lists no services."))
        return
    found = services.standings(child, plan, wanted)
    for service in plan.services:
        ui.blank()
        ui.show((f"{service.name}: {iep.often(service)}", "bold"))
        months = [s for s in found if s.service is service]
        if not months:
            said = _("No session on record that month.") if wanted else _("No session on record yet; log one with:")
            ui.show("  " + said, "" if wanted else f' iepprep services log "{service.name}"')
            continue
        for standing in months:
            for line in services.describe(standing):
                ui.show("  ", line)
        for line in services.gap_lines(child, plan, service, now):
            ui.show("  ", line)


def _last_day(month: str) -> date:
    year, number = (int(part) for part in month.split("-"))
    first_of_next = date(year + number // 12, number % 12 + 1, 1)
    return first_of_next - timedelta(days=1)
