"""The services log: each session a parent hears about, given or missed, against what the IEP promises.

Every sum here is counted from the sessions on record: the IEP's minutes for
each session logged, the minutes given, and the sessions missed and not made
up. A week with fewer sessions on record than the IEP calls for is named as
such ("on record"), never as missed: only the parent knows whether school was
open that week.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from iepprep import rules
from iepprep.dates import month_and_year, on_screen
from iepprep.errors import IepprepError
from iepprep.fold import save
from iepprep.iep import MAX_MINUTES, find_service, per_period
from iepprep.state import Child, Iep, Service, Session
from iepprep.words import _, ngettext


def log(
    child: Child,
    iep: Iep,
    typed: str,
    day: date,
    minutes: int | None = None,
    missed: str = "",
    made_up: date | None = None,
) -> tuple[Service, dict[str, object]]:
    """Put one session on record: given (the IEP's minutes unless told otherwise), or missed and perhaps made up."""
    service = find_service(iep, typed)
    if missed.strip() == "" and made_up is not None:
        raise IepprepError(_("--made-up is for a missed session; say why it was missed with --missed REASON."))
    if missed.strip() and minutes is not None:
        raise IepprepError(
            _(
                "A missed session has no minutes given; leave out --minutes (the IEP's {minutes} are counted "
                "as missed)."
            ).format(minutes=service.minutes)
        )
    if minutes is not None and not 0 < minutes <= MAX_MINUTES:
        raise IepprepError(_("Please give from 1 to {limit} minutes.").format(limit=MAX_MINUTES))
    if made_up is not None and made_up < day:
        raise IepprepError(_("A session cannot be made up before the day it was missed."))
    fields: dict[str, object] = {
        "iep": iep.id,
        "service": service.name,
        "date": day.isoformat(),
        "minutes": 0 if missed.strip() else (service.minutes if minutes is None else minutes),
    }
    if missed.strip():
        fields["missed"] = missed
    if made_up is not None:
        fields["made_up"] = made_up.isoformat()
    save(child, "service-session", **fields)
    return service, fields


@dataclass
class Standing:
    """A service in a given month, as the sessions on record show it."""

    service: Service
    month: str  # YYYY-MM
    sessions: list[Session] = field(default_factory=list)

    @property
    def given(self) -> list[Session]:
        return [s for s in self.sessions if not s.missed]

    @property
    def missed(self) -> list[Session]:
        """Missed and not made up."""
        return [s for s in self.sessions if s.missed and not s.made_up]

    @property
    def made_up(self) -> list[Session]:
        return [s for s in self.sessions if s.missed and s.made_up]

    @property
    def owed(self) -> int:
        """The IEP's minutes for every session on record."""
        return len(self.sessions) * self.service.minutes

    @property
    def delivered(self) -> int:
        return sum(s.minutes for s in self.given) + len(self.made_up) * self.service.minutes

    @property
    def short(self) -> int:
        return max(0, self.owed - self.delivered)

    def label(self) -> str:
        return month_and_year(self.month + "-01")


def _services(child: Child, iep: Iep) -> dict[str, Service]:
    return {service.name: service for service in iep.services}


def sessions_for(child: Child, iep: Iep) -> list[Session]:
    return sorted((s for s in child.sessions if s.iep == iep.id), key=lambda s: s.date)


def standings(child: Child, iep: Iep, month: str | None = None) -> list[Standing]:
    """Each service of the IEP in each month with sessions on record (or only `month`, YYYY-MM), in order."""
    services = _services(child, iep)
    found: dict[tuple[str, str], Standing] = {}
    for session in sessions_for(child, iep):
        service = services.get(session.service)
        if service is None or (month and not session.date.startswith(month)):
            continue
        key = (session.date[:7], service.name)
        found.setdefault(key, Standing(service, session.date[:7])).sessions.append(session)
    return [found[key] for key in sorted(found)]


def thin_weeks(child: Child, iep: Iep, service: Service) -> list[tuple[date, int]]:
    """For a weekly service: the weeks (by their Monday) between the first and last session on record
    with fewer sessions on record than the IEP calls for, and how many there were."""
    if service.per != "week":
        return []
    days = [date.fromisoformat(s.date) for s in sessions_for(child, iep) if s.service == service.name]
    if not days:
        return []
    counts: dict[date, int] = {}
    for day in days:
        monday = day - timedelta(days=day.weekday())
        counts[monday] = counts.get(monday, 0) + 1
    week, last, found = min(counts), max(counts), []
    while week <= last:
        if counts.get(week, 0) < service.times:
            found.append((week, counts.get(week, 0)))
        week += timedelta(days=7)
    return found


def shortfall(child: Child, iep: Iep) -> list[Standing]:
    """The months and services with minutes not given or made up."""
    return [standing for standing in standings(child, iep) if standing.short]


def describe(standing: Standing) -> list[str]:
    """A service's month in plain sentences."""
    service = standing.service
    count = len(standing.sessions)
    lines = [
        _(
            "{month}: {sessions} on record. The IEP calls for {owed} minutes in the sessions on record; "
            "{delivered} were given."
        ).format(
            month=standing.label(),
            sessions=ngettext("{count} session", "{count} sessions", count).format(count=count),
            owed=standing.owed,
            delivered=standing.delivered,
        )
    ]
    for session in standing.missed:
        lines.append(
            "  "
            + _("Missed on {day} ({reason}), not made up: {minutes} minutes.").format(
                day=on_screen(session.date), reason=session.missed, minutes=service.minutes
            )
        )
    for session in standing.made_up:
        lines.append(
            "  "
            + _("Missed on {day} ({reason}), made up on {made_up}.").format(
                day=on_screen(session.date), reason=session.missed, made_up=on_screen(session.made_up)
            )
        )
    for session in standing.given:
        if session.minutes < service.minutes:
            lines.append(
                "  "
                + _("On {day}, {given} of the {minutes} minutes were given.").format(
                    day=on_screen(session.date), given=session.minutes, minutes=service.minutes
                )
            )
    if standing.short:
        lines.append("  " + _("Short: {minutes} minutes not given or made up.").format(minutes=standing.short))
    return lines


def weeks_line(child: Child, iep: Iep, service: Service) -> str:
    weeks = thin_weeks(child, iep, service)
    if not weeks:
        return ""
    listed = ", ".join(
        _("week of {day} ({count})").format(day=on_screen(monday), count=count) for monday, count in weeks
    )
    return _(
        "Weeks with fewer than {times} sessions on record: {weeks}. If school was open those weeks, ask about them."
    ).format(times=service.times, weeks=listed)


def total_short(child: Child, iep: Iep) -> dict[str, int]:
    """Minutes not given or made up, per service."""
    totals: dict[str, int] = {}
    for standing in shortfall(child, iep):
        totals[standing.service.name] = totals.get(standing.service.name, 0) + standing.short
    return totals


def compensatory_line() -> str:
    """What the parent may ask for when minutes were missed, from the rules table."""
    return rules.state("compensatory-services").line


def heading(service: Service) -> str:
    return f"{service.name}: {per_period(service)}"
