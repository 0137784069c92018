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
from iepprep.iep import MAX_MINUTES, find_service, often
from iepprep.state import Child
from iepprep.state_iep import Iep, Service, Session
from iepprep.words import _, ngettext


def log(
    child: Child,
    iep: Iep,
    typed: str,
    day: date,
    minutes: int | None = None,
    missed: str = "",
    made_up: date | None = None,
    closed: bool = False,
    today: date | None = None,
) -> tuple[Service, dict[str, object]]:
    """Put one session on record: given (the IEP's minutes unless told otherwise), or missed - and then
    made up, or on a day school was closed, so it was not due."""
    service = find_service(iep, typed)
    earlier = missed_on(child, iep, service, day) if made_up is not None and not missed.strip() else None
    if earlier is not None and made_up is not None:  # the missed session on record was made up since
        if made_up < day:
            raise IepprepError(_("A session cannot be made up before the day it was missed."))
        save(child, "amend", target=earlier.id, changes={"made_up": made_up.isoformat()})
        return service, {"made_up": made_up.isoformat(), "missed": earlier.missed, "marked": True}
    if today is not None and (day > today or (made_up is not None and made_up > today)):
        raise IepprepError(
            _("A session is logged on or after its day; {day} has not come yet.").format(
                day=on_screen(max(day, made_up or day))
            )
        )
    if closed and not missed.strip():
        raise IepprepError(_("--school-closed is for a missed session; say why with --missed REASON."))
    if closed and made_up is not None:
        raise IepprepError(_("A session on a day school was closed was not due, so it has no make-up day."))
    if missed.strip() == "" and made_up is not None:
        raise IepprepError(
            _(
                "No missed session of {service} on {day} is on record to mark as made up; to log one, say why it was "
                "missed with --missed REASON."
            ).format(service=service.name, day=on_screen(day))
        )
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
    if closed:
        fields["closed"] = True
    save(child, "service-session", **fields)
    return service, fields


@dataclass
class Standing:
    """A service in a calendar month, as the sessions on record show it.

    What the IEP calls for is counted per period of the service (its week, month or day): the IEP's
    minutes for every period with a session on record, less the sessions of days school was closed.
    A week that runs into the next month is shared between the two by its sessions on record. A
    period that is not over yet is not counted. A service given some times a year is counted session
    by session.
    """

    service: Service
    month: str  # YYYY-MM
    sessions: list[Session] = field(default_factory=list)
    owed: int = 0  # the IEP's minutes for the periods that are over, this month's share
    counted: list[Session] = field(default_factory=list)  # the sessions in periods that are over
    not_over: list[str] = field(default_factory=list)  # periods still going on: left out of the counts

    @property
    def given(self) -> list[Session]:
        return [s for s in self.sessions if not s.missed]

    @property
    def missed(self) -> list[Session]:
        """Missed and not made up, on a day school was open."""
        return [s for s in self.sessions if s.missed and not s.made_up and not s.closed]

    @property
    def made_up(self) -> list[Session]:
        return [s for s in self.sessions if s.missed and s.made_up and not s.closed]

    @property
    def closed(self) -> list[Session]:
        return [s for s in self.sessions if s.closed]

    @property
    def periods(self) -> int:
        return len({period_of(self.service, session) for session in self.sessions})

    @property
    def delivered(self) -> int:
        return sum(
            s.minutes if not s.missed else self.service.minutes if s.made_up and not s.closed else 0
            for s in self.counted
        )

    @property
    def short(self) -> int:
        return max(0, self.owed - self.delivered)

    def label(self) -> str:
        return month_and_year(self.month + "-01")


def period_of(service: Service, session: Session) -> str:
    """The period of the service a session falls in: its day, its week (by the Monday), its month;
    for a service given some times a year, the session itself."""
    day = date.fromisoformat(session.date)
    if service.per == "week":
        return (day - timedelta(days=day.weekday())).isoformat()
    if service.per == "month":
        return session.date[:7]
    if service.per == "day":
        return session.date
    return session.id


def _over(service: Service, period: str, today: date) -> bool:
    """Whether a period has ended before today, so what it called for can be counted."""
    if service.per == "week":
        return date.fromisoformat(period) + timedelta(days=6) < today
    if service.per == "month":
        year, month = (int(part) for part in period.split("-"))
        return date(year + month // 12, month % 12 + 1, 1) <= today
    if service.per == "day":
        return date.fromisoformat(period) < today
    return True


def _services(child: Child, iep: Iep) -> dict[str, Service]:
    return {service.name: service for service in iep.services}


def sessions_for(child: Child, iep: Iep) -> list[Session]:
    return sorted((s for s in child.sessions if s.iep == iep.id and not s.retracted), key=lambda s: s.date)


def undo(child: Child) -> Session:
    """Take back the session logged last (it stays in the record, marked); one sentence when there is none."""
    logged = [s for s in child.sessions if not s.retracted]
    if not logged:
        raise IepprepError(_("No logged session is on record for {child} to take back.").format(child=child.name))
    save(child, "retract", target=logged[-1].id)
    return logged[-1]


def missed_on(child: Child, iep: Iep, service: Service, day: date) -> Session | None:
    """The session of `service` missed on `day` and not made up, if one is on record."""
    return next(
        (
            s
            for s in sessions_for(child, iep)
            if s.service == service.name and s.date == day.isoformat() and s.missed and not s.made_up and not s.closed
        ),
        None,
    )


def standings(child: Child, iep: Iep, today: date, month: str | None = None) -> list[Standing]:
    """Each service of the IEP in each month with sessions on record (or only `month`, YYYY-MM), in order."""
    services = _services(child, iep)
    by_period: dict[tuple[str, str], list[Session]] = {}
    for session in sessions_for(child, iep):
        service = services.get(session.service)
        if service is not None:
            by_period.setdefault((service.name, period_of(service, session)), []).append(session)
    found: dict[tuple[str, str], Standing] = {}
    for (name, period), sessions in by_period.items():
        service = services[name]
        months = sorted({s.date[:7] for s in sessions})
        over = _over(service, period, today)
        closed = sum(1 for s in sessions if s.closed)
        due = max(0, service.each_period - closed * service.minutes) if service.per != "year" else 0
        if service.per == "year":
            due = 0 if closed else service.minutes
        shared = 0
        for number, each in enumerate(months):
            standing = found.setdefault((each, name), Standing(service, each))
            in_month = [s for s in sessions if s.date[:7] == each]
            standing.sessions += in_month
            if not over:
                standing.not_over.append(period)
                continue
            share = due - shared if number == len(months) - 1 else round(due * len(in_month) / len(sessions))
            shared += share
            standing.owed += share
            standing.counted += in_month
    for standing in found.values():
        standing.sessions.sort(key=lambda s: s.date)
    return [found[key] for key in sorted(found) if not month or key[0] == month]


@dataclass(frozen=True)
class Shortfall:
    """Minutes of one service not given or made up, in the sessions logged from `first` to `last`."""

    service: str
    minutes: int
    first: str
    last: str


def short_standings(child: Child, today: date) -> list[tuple[Iep, Standing]]:
    """Every month of every IEP with minutes not given or made up, within the time a state complaint
    may reach back (from the rules table), oldest first."""
    limit = rules.value("state-complaint-limit")
    since = limit.before(today).isoformat() if limit else ""
    return [
        (iep, standing)
        for iep in child.ieps_in_order
        for standing in standings(child, iep, today)
        if standing.short and max(s.date for s in standing.sessions) >= since
    ]


def shortfalls(child: Child, today: date) -> list[Shortfall]:
    """Per service, the minutes not given or made up, and the days of the first and last session logged."""
    found: dict[str, Shortfall] = {}
    for _iep, standing in short_standings(child, today):
        days = [s.date for s in standing.counted]
        name = standing.service.name
        was = found.get(name)
        found[name] = Shortfall(
            name,
            (was.minutes if was else 0) + standing.short,
            min([*days, *([was.first] if was else [])]),
            max([*days, *([was.last] if was else [])]),
        )
    return list(found.values())


def shortfall_line(short: Shortfall) -> str:
    return ngettext(
        "{service}: {count} minute short in the sessions you logged from {first} to {last}",
        "{service}: {count} minutes short in the sessions you logged from {first} to {last}",
        short.minutes,
    ).format(service=short.service, count=short.minutes, first=on_screen(short.first), last=on_screen(short.last))


def thin_weeks(child: Child, iep: Iep, service: Service, today: date) -> list[tuple[date, int]]:
    """For a weekly service: the weeks (by their Monday) between the first and last session on record,
    and over before today, with fewer sessions on record than the IEP calls for, and how many there were."""
    if service.per != "week":
        return []
    days = [
        day
        for day in (date.fromisoformat(s.date) for s in sessions_for(child, iep) if s.service == service.name)
        if _over(service, (day - timedelta(days=day.weekday())).isoformat(), today)
    ]
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


def _periods(per: str, count: int) -> str:
    """How many periods of the service, in words: weeks, months or days."""
    if per == "day":
        said = ngettext("{count} day", "{count} days", count)
    elif per == "week":
        said = ngettext("{count} week", "{count} weeks", count)
    else:
        said = ngettext("{count} month", "{count} months", count)
    return said.format(count=count)


def describe(standing: Standing) -> list[str]:
    """A service's month in plain sentences."""
    service = standing.service
    count = len(standing.sessions)
    sessions = ngettext("{count} session", "{count} sessions", count).format(count=count)
    if service.per != "year":
        logged = _("{sessions} on record, in {periods}").format(
            sessions=sessions, periods=_periods(service.per, standing.periods)
        )
    else:
        logged = _("{sessions} on record").format(sessions=sessions)
    lines = [
        _("{month}: {logged}. The IEP's minutes for that time: {owed}; minutes given: {delivered}.").format(
            month=standing.label(), logged=logged, owed=standing.owed, delivered=standing.delivered
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
    for session in standing.closed:
        lines.append(
            "  "
            + _("School closed on {day} ({reason}): not counted.").format(
                day=on_screen(session.date), reason=session.missed
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
    if standing.not_over:
        lines.append(
            "  "
            + _("Not counted yet, as it is not over: {periods}.").format(
                periods=", ".join(_period_name(service, period) for period in standing.not_over)
            )
        )
    return lines


def _period_name(service: Service, period: str) -> str:
    if service.per == "week":
        return _("the week of {day}").format(day=on_screen(period))
    if service.per == "month":
        return month_and_year(period + "-01")
    return on_screen(period)


def weeks_line(child: Child, iep: Iep, service: Service, today: date) -> str:
    weeks = thin_weeks(child, iep, service, today)
    if not weeks:
        return ""
    listed = ", ".join(
        _("week of {day} ({count})").format(day=on_screen(monday), count=count) for monday, count in weeks
    )
    said = (
        ngettext(
            "Weeks with fewer than {times} session on record: {weeks}.",
            "Weeks with fewer than {times} sessions on record: {weeks}.",
            service.times,
        )
        if service.times > 1
        else _("Weeks with no session on record: {weeks}.")
    )
    return said.format(times=service.times, weeks=listed) + " " + _("If school was open those weeks, ask about them.")


def compensatory_line() -> str:
    """What the parent may ask for when minutes were missed, from the rules table."""
    return rules.state("compensatory-services").line


def heading(service: Service) -> str:
    return f"{service.name}: {often(service)}"
