"""The services log: each session a parent hears about, given or missed, against what the IEP promises.

Every sum here can be checked by hand from the sessions on record. For each
session logged, the IEP's minutes are due (none on a day school was closed);
what was given counts up to those minutes, and a missed session counts as
given once it is made up. The minutes short are the minutes due less those
given: missed sessions not made up, and sessions cut short. A week (or month)
with fewer sessions on record than the IEP calls for is named as such, "not on
record", and never counted as missed: only the parent knows whether school was
open, or whether a session was simply not logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from iepprep import rules
from iepprep.dates import month_and_year, on_screen
from iepprep.errors import IepprepError
from iepprep.fold import save
from iepprep.iep import MAX_MINUTES, find_service
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
    made up, or on a day school was closed, so it was not due. `made_up` alone marks the session
    missed on `day` as made up."""
    service = find_service(iep, typed)
    if today is not None and (day > today or (made_up is not None and made_up > today)):
        raise IepprepError(
            _("A session is logged on or after its day; {day} has not come yet.").format(
                day=on_screen(max(day, made_up or day))
            )
        )
    if made_up is not None and made_up < day:
        raise IepprepError(_("A session cannot be made up before the day it was missed."))
    if made_up is not None and not missed.strip():
        earlier = missed_on(child, iep, service, day)
        if earlier is None:
            raise IepprepError(
                _(
                    "No missed session of {service} on {day} is on record to mark as made up; to log one, say why "
                    "it was missed with --missed REASON."
                ).format(service=service.name, day=on_screen(day))
            )
        save(child, "made-up", session=earlier.id, date=made_up.isoformat())
        return service, {"made_up": made_up.isoformat(), "missed": earlier.missed, "marked": True}
    if closed and not missed.strip():
        raise IepprepError(_("--school-closed is for a missed session; say why with --missed REASON."))
    if closed and made_up is not None:
        raise IepprepError(_("A session on a day school was closed was not due, so it has no make-up day."))
    if missed.strip() and minutes is not None:
        raise IepprepError(
            _(
                "A missed session has no minutes given; leave out --minutes (the IEP's {minutes} are counted "
                "as missed)."
            ).format(minutes=service.minutes)
        )
    if minutes is not None and not 0 < minutes <= MAX_MINUTES:
        raise IepprepError(_("Please give from 1 to {limit} minutes.").format(limit=MAX_MINUTES))
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


@dataclass(frozen=True)
class Undone:
    """What `undo` took back: a whole session, or only the mark that it was made up."""

    session: Session
    made_up: str = ""  # the make-up day taken back, when only that was


def undo(child: Child) -> Undone:
    """Take back the last thing logged: a session (it stays in the record, marked), or the mark that a
    missed session was made up. One sentence when there is nothing to take back."""
    logged = [s for s in child.sessions if not s.retracted]
    if not logged:
        raise IepprepError(_("No logged session is on record for {child} to take back.").format(child=child.name))
    last = max(logged, key=lambda s: max(s.order, s.made_up_order))
    if last.made_up_order > last.order:
        day = last.made_up
        save(child, "made-up", session=last.id, date="")
        return Undone(last, day)
    save(child, "retract", target=last.id)
    return Undone(last)


def sessions_for(child: Child, iep: Iep) -> list[Session]:
    return sorted((s for s in child.sessions if s.iep == iep.id and not s.retracted), key=lambda s: s.date)


@dataclass
class Standing:
    """A service of one IEP in a calendar month, as the sessions on record show it."""

    service: Service
    month: str  # YYYY-MM
    sessions: list[Session] = field(default_factory=list)

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
    def due(self) -> int:
        """The IEP's minutes for every session on record, but those of days school was closed."""
        return (len(self.sessions) - len(self.closed)) * self.service.minutes

    @property
    def delivered(self) -> int:
        """Minutes given, each session counted up to the IEP's minutes; a missed session made up counts whole."""
        return sum(min(s.minutes, self.service.minutes) for s in self.given) + len(self.made_up) * self.service.minutes

    @property
    def short(self) -> int:
        return self.due - self.delivered

    def label(self) -> str:
        return month_and_year(self.month + "-01")


def standings(child: Child, iep: Iep, month: str | None = None) -> list[Standing]:
    """Each service of the IEP in each month with sessions on record (or only `month`, YYYY-MM), in order."""
    services = {service.name: service for service in iep.services}
    found: dict[tuple[str, str], Standing] = {}
    for session in sessions_for(child, iep):
        service = services.get(session.service)
        if service is None or (month and not session.date.startswith(month)):
            continue
        key = (session.date[:7], service.name)
        found.setdefault(key, Standing(service, session.date[:7])).sessions.append(session)
    return [found[key] for key in sorted(found)]


# -- sessions not on record ---------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """A week (or month) with fewer sessions of a service on record than the IEP calls for."""

    start: date  # the Monday, or the first of the month
    on_record: int
    missing: int  # sessions the IEP calls for that are not on record
    minutes: int


def gaps(child: Child, iep: Iep, service: Service, today: date) -> list[Gap]:
    """For a service given some times a week or a month: each such period between the first and the
    last session on record, inside the IEP's dates and over before today, with fewer sessions on
    record (given, missed or on a closed day) than the IEP calls for."""
    if service.per not in ("week", "month"):
        return []
    days = [date.fromisoformat(s.date) for s in sessions_for(child, iep) if s.service == service.name]
    if not days:
        return []
    counts: dict[date, int] = {}
    for day in days:
        first = _period_start(service, day)
        counts[first] = counts.get(first, 0) + 1
    found = []
    period, last = min(counts), max(counts)
    while period <= last:
        end = _period_end(service, period)
        inside = period.isoformat() >= iep.start and (not iep.end or end.isoformat() <= iep.end)
        on_record = counts.get(period, 0)
        if inside and end < today and on_record < service.times:
            missing = service.times - on_record
            found.append(Gap(period, on_record, missing, missing * service.minutes))
        period = end + timedelta(days=1)
    return found


def _period_start(service: Service, day: date) -> date:
    return day - timedelta(days=day.weekday()) if service.per == "week" else day.replace(day=1)


def _period_end(service: Service, start: date) -> date:
    if service.per == "week":
        return start + timedelta(days=6)
    return date(start.year + start.month // 12, start.month % 12 + 1, 1) - timedelta(days=1)


def gap_lines(child: Child, iep: Iep, service: Service, today: date) -> list[str]:
    lines = []
    for gap in gaps(child, iep, service, today):
        said = (
            _("Not on record: {missing} of the {times} sessions in the week of {day} ({minutes} minutes).")
            if service.per == "week"
            else _("Not on record: {missing} of the {times} sessions in {day} ({minutes} minutes).")
        )
        day = on_screen(gap.start) if service.per == "week" else month_and_year(gap.start)
        lines.append(said.format(missing=gap.missing, times=service.times, day=day, minutes=gap.minutes))
    if lines:
        lines.append(_("If school was open, ask whether those sessions were given; they are not counted as short."))
    return lines


# -- what was not given, across IEPs --------------------------------------------------------


def in_window(child: Child, today: date) -> list[Iep]:
    """The IEPs with sessions logged within the time a state complaint may reach back, oldest first,
    and the IEP in effect today."""
    since = _since(today)
    current = child.current_iep(today)
    return [
        iep for iep in child.ieps_in_order if iep is current or any(s.date >= since for s in sessions_for(child, iep))
    ]


def _since(today: date) -> str:
    limit = rules.value("state-complaint-limit")
    return limit.before(today).isoformat() if limit else ""


def short_standings(child: Child, today: date) -> list[tuple[Iep, Standing]]:
    """Every month of every IEP with minutes not given or made up, within the time a state complaint
    may reach back (from the rules table), oldest first."""
    since = _since(today)
    return [
        (iep, standing)
        for iep in child.ieps_in_order
        for standing in standings(child, iep)
        if standing.short and max(s.date for s in standing.sessions) >= since
    ]


@dataclass(frozen=True)
class Shortfall:
    """Minutes of one service not given or made up, in the sessions logged from `first` to `last`."""

    service: str
    minutes: int
    first: str
    last: str


def shortfalls(child: Child, today: date) -> list[Shortfall]:
    """Per service, the minutes not given or made up, and the days of the first and last session logged."""
    found: dict[str, Shortfall] = {}
    for _iep, standing in short_standings(child, today):
        days = [s.date for s in standing.sessions]
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


# -- in words ---------------------------------------------------------------------------------


def describe(standing: Standing) -> list[str]:
    """A service's month in plain sentences whose numbers add up."""
    service = standing.service
    count = len(standing.sessions)
    lines = [
        _("{month}: {sessions} on record. Due in them: {due} minutes; given: {given}; short: {short}.").format(
            month=standing.label(),
            sessions=ngettext("{count} session", "{count} sessions", count).format(count=count),
            due=standing.due,
            given=standing.delivered,
            short=standing.short,
        )
    ]
    for session in standing.sessions:
        if session.closed:
            said = _("School closed on {day} ({reason}): none due.").format(
                day=on_screen(session.date), reason=session.missed
            )
        elif session.missed and session.made_up:
            said = _("Missed on {day} ({reason}), made up on {made_up}.").format(
                day=on_screen(session.date), reason=session.missed, made_up=on_screen(session.made_up)
            )
        elif session.missed:
            said = _("Missed on {day} ({reason}), not made up: {minutes} minutes.").format(
                day=on_screen(session.date), reason=session.missed, minutes=service.minutes
            )
        elif session.minutes < service.minutes:
            said = _("On {day}, {given} of the {minutes} minutes were given.").format(
                day=on_screen(session.date), given=session.minutes, minutes=service.minutes
            )
        elif session.minutes > service.minutes:
            said = _(
                "On {day}, {given} minutes were given, more than the IEP's {minutes}; {minutes} are counted."
            ).format(day=on_screen(session.date), given=session.minutes, minutes=service.minutes)
        else:
            continue
        lines.append("  " + said)
    return lines


def compensatory_line() -> str:
    """What the parent may ask for when minutes were missed, from the rules table."""
    return rules.state("compensatory-services").line
