"""The written IEP on record: putting it on record (part by part, or from a file), printing it,
comparing a year's IEP with the next, and the dates it sets.

An IEP is one `iep` event; entering it part by part amends that event after
each answer, so a parent who stops keeps everything typed and picks up at the
part they were in. `iep show --format yaml` prints the same shape that
`iep add --from FILE` reads (README: "The IEP file").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from iepprep import rules
from iepprep.children import catch_up
from iepprep.dates import on_screen, parse_date
from iepprep.errors import IepprepError, Problems
from iepprep.fold import IEP_FILE_FIELDS as FILE_FIELDS
from iepprep.fold import save
from iepprep.state import Child, Meeting
from iepprep.state_iep import IEP_PARTS, PER, Goal, Iep, Service
from iepprep.words import N_, _, ngettext

MAX_FILE_BYTES = 1_000_000
MAX_MINUTES = 24 * 60
MAX_TIMES = 100

# The file's keys and what each holds; the event stores the same fields.
TEXTS = ("eligibility", "progress_reports", "placement", "general_education", "extended_school_year")
DATES = ("start", "end", "last_evaluation")
LISTS = ("accommodations", "modifications", "transition")
GOAL_TEXTS = ("area", "baseline", "target", "measured", "reported")
SERVICE_FIELDS = ("name", "minutes", "times", "per", "setting", "provider", "start", "end")


# -- reading and writing the file shape ------------------------------------------------------


def document(iep: Iep) -> dict[str, Any]:
    """The IEP in the shape `iep add --from` reads: what is empty is left out."""
    return {key: _stored(getattr(iep, key)) for key in FILE_FIELDS if getattr(iep, key)}


def as_yaml(iep: Iep) -> str:
    from iepprep.codec import block

    return "".join(block(document(iep)))


def read_file(path: Path) -> dict[str, Any]:
    """The fields of an IEP file, every one checked; Problems naming FILE:LINE for each that is not right."""
    from iepprep.yamltree import Findings, Node, check_keys, read_text, read_tree, typed

    problems = Findings(path)
    text = read_text(path, MAX_FILE_BYTES, _("an IEP file"))
    root = read_tree(path, text, problems)
    if root is not None and not isinstance(root.value, dict):
        problems.add(root.line, _("an IEP file is a group of keys such as start:, goals: and services:"))
    if root is None or not isinstance(root.value, dict):
        raise Problems(problems.lines() + [_("Nothing from the file was recorded.")])
    optional = dict.fromkeys(TEXTS, "words") | dict.fromkeys(DATES[1:], "date")
    optional |= dict.fromkeys((*LISTS, "goals", "services", "progress_dates"), "list")
    found = check_keys(root, {"start": "date"}, optional, _("the IEP"), problems)
    out: dict[str, Any] = {}

    def day(node: Node) -> str:
        try:
            return parse_date(str(node.value), year_needed=True).isoformat()
        except IepprepError as problem:
            problems.add(node.line, str(problem))
            return ""

    def items(node: Node) -> list[Node]:
        return node.value if isinstance(node.value, list) else []

    def texts(node: Node, what: str) -> list[str]:
        kept = []
        for item in items(node):
            if typed(item, "text") and str(item.value).strip():
                kept.append(str(item.value))
            else:
                problems.add(item.line, _("each of the {what} should be a line of text").format(what=_(what)))
        return kept

    for key, node in found.items():
        if key in DATES:
            out[key] = day(node)
        elif key in TEXTS:
            out[key] = str(node.value)
        elif key in LISTS:
            out[key] = texts(node, LIST_WORDS[key])
        elif key == "progress_dates":
            out[key] = [day(item) for item in items(node) if typed(item, "date")]
            for item in items(node):
                if not typed(item, "date"):
                    problems.add(item.line, _("each progress report date should be a date, for example 3/20/2026"))
    for goal_node in items(found["goals"]) if "goals" in found else []:
        goal = check_keys(
            goal_node,
            {"area": "text", "target": "text"},
            {"baseline": "text", "measured": "text", "reported": "text"},
            _("a goal"),
            problems,
        )
        out.setdefault("goals", []).append({key: str(node.value) for key, node in goal.items()})
    for service_node in items(found["services"]) if "services" in found else []:
        out.setdefault("services", []).append(_read_service(service_node, problems, day))
    if out.get("start") and out.get("end") and out["end"] < out["start"]:
        problems.add(found["end"].line, _("the IEP's end comes before its start"))
    if problems.found:
        raise Problems(problems.lines() + [_("Nothing from the file was recorded.")])
    return out


def _read_service(node: Any, problems: Any, day: Any) -> dict[str, Any]:
    from iepprep.yamltree import check_keys

    found = check_keys(
        node,
        {"name": "text", "minutes": "number"},
        {"times": "number", "per": "text", "setting": "text", "provider": "text", "start": "date", "end": "date"},
        _("a service"),
        problems,
    )
    service: dict[str, Any] = {}
    for key, value in found.items():
        if key in ("minutes", "times"):
            number = int(str(value.value))
            limit = MAX_MINUTES if key == "minutes" else MAX_TIMES
            if not 1 <= number <= limit:
                problems.add(value.line, _("'{key}' should be a number from 1 to {limit}").format(key=key, limit=limit))
            service[key] = number
        elif key == "per":
            if value.value not in PER:
                problems.add(value.line, _("'per' should be one of: {allowed}").format(allowed=", ".join(PER)))
            service[key] = str(value.value)
        elif key in ("start", "end"):
            service[key] = day(value)
        else:
            service[key] = str(value.value)
    return service


LIST_WORDS = {
    "accommodations": N_("accommodations"),
    "modifications": N_("modifications"),
    "transition": N_("transition goals"),
}


# -- putting an IEP on record ------------------------------------------------------------


def add(child: Child, fields: dict[str, Any], replace: bool = False) -> Iep:
    """Put a whole IEP on record; with `replace`, it takes the place of the one with the same start.

    Decided under the record's lock on what the record holds then, so two at once make one IEP.
    """
    with child.record.locked():
        catch_up(child)
        if not replace:
            check_new_start(child, date.fromisoformat(fields["start"]))
        same = [iep for iep in child.ieps_in_order if iep.start == fields["start"]]
        if same:
            every = {key: fields.get(key, _empty(key)) for key in FILE_FIELDS}
            save(child, "amend", target=same[-1].id, changes=every)
            return same[-1]
        event = save(child, "iep", **fields)
        return _saved(child, str(event["id"]))


def _empty(key: str) -> Any:
    return [] if key in ("progress_dates", "goals", "services", *LISTS) else ""


def begin(child: Child, start: date, end: date) -> Iep:
    """Start entering an IEP part by part: it is kept as a draft until every part is walked."""
    event = save(child, "iep", start=start.isoformat(), end=end.isoformat(), draft=True, walked=["dates"])
    return _saved(child, str(event["id"]))


def save_part(child: Child, iep: Iep, changes: dict[str, Any], walked: str | None = None) -> Iep:
    """Keep what was just typed for one part of the IEP; `walked` marks that part as finished."""
    changed = {key: value for key, value in changes.items() if _stored(getattr(iep, key)) != value}
    if walked and walked not in iep.walked:
        changed["walked"] = [*iep.walked, walked]
    if changed:
        save(child, "amend", target=iep.id, changes=changed)
    return iep


def discard(child: Child) -> Iep:
    """Throw away the IEP being entered (it stays in the record, marked); one sentence when there is none."""
    draft = child.iep_draft()
    if draft is None:
        raise IepprepError(_("No IEP is being entered for {child}; nothing to throw away.").format(child=child.name))
    save(child, "retract", target=draft.id)
    return draft


def check_new_start(child: Child, start: date) -> None:
    """Refuse a start date an IEP on record already has, saying how to correct that IEP instead."""
    if any(iep.start == start.isoformat() for iep in child.ieps_in_order):
        raise IepprepError(
            _(
                "An IEP starting on {day} is already on record for {child}. To correct it, write it to a file with "
                "iepprep iep show --format yaml -o iep.yaml, change the file, then run: "
                "iepprep iep add --from iep.yaml --replace"
            ).format(day=on_screen(start), child=child.name)
        )


def finish(child: Child, iep: Iep) -> Iep:
    save(child, "amend", target=iep.id, changes={"draft": False, "walked": list(IEP_PARTS)})
    return iep


def _stored(value: Any) -> Any:
    """A field as the file and the event hold it: goals and services as plain mappings."""
    return [as_mapping(item) for item in value] if isinstance(value, list) else value


def as_mapping(item: Any) -> Any:
    """A goal or a service as a plain mapping, without its empty parts (anything else as it is)."""
    if isinstance(item, Goal):
        return {key: getattr(item, key) for key in GOAL_TEXTS if getattr(item, key)}
    if isinstance(item, Service):
        kept = ("name", "minutes", "times", "per")  # always written, so the file says how often
        return {key: getattr(item, key) for key in SERVICE_FIELDS if key in kept or getattr(item, key)}
    return item


def _saved(child: Child, iep_id: str) -> Iep:
    iep = child.iep_by_id(iep_id)
    if iep is None:  # pragma: no cover - save has just applied it
        raise IepprepError(_("The IEP could not be read back after it was saved."))
    return iep


def default_end(start: date) -> date:
    """The day before the same date a year on: an IEP runs for a year unless it says otherwise."""
    try:
        return start.replace(year=start.year + 1) - timedelta(days=1)
    except ValueError:
        return date(start.year + 1, 2, 28)


# -- which IEP a command is about --------------------------------------------------------


NO_IEP = N_("No written IEP is on record for {child} yet; add it with: iepprep iep add")


def in_effect(child: Child, day: date | None, today: date) -> Iep:
    """The IEP in effect on `day` (the latest to start on or before it), or today's; one sentence when none."""
    ordered = child.ieps_in_order
    if not ordered:
        draft = child.iep_draft()
        if draft is not None:
            raise IepprepError(
                _("{child}'s IEP starting on {day} is still being entered; go on with: iepprep iep add").format(
                    child=child.name, day=on_screen(draft.start)
                )
            )
        raise IepprepError(_(NO_IEP).format(child=child.name))
    started = [iep for iep in ordered if iep.start <= (day or today).isoformat()]
    if day is None:
        return started[-1] if started else ordered[0]
    if not started:
        raise IepprepError(
            _("No IEP on record for {child} had started by {day}; the first starts on {first}.").format(
                child=child.name, day=on_screen(day), first=on_screen(ordered[0].start)
            )
        )
    return started[-1]


def written_at(child: Child, meeting_date: str | None) -> Iep | None:
    """The IEP a meeting wrote: the first on record to start on or after its day (None when none does)."""
    later = [iep for iep in child.ieps_in_order if meeting_date and iep.start >= meeting_date]
    return later[0] if later else None


def span(iep: Iep) -> str:
    """'Jan 15, 2026 to Jan 14, 2027'."""
    if not iep.end:
        return _("from {start}").format(start=on_screen(iep.start))
    return _("{start} to {end}").format(start=on_screen(iep.start), end=on_screen(iep.end))


# -- services: how often, and finding one by name --------------------------------------------

_OFTEN = re.compile(
    r"(?:(\d{1,3})|(once|one|una)|(twice|two|dos)|(three|tres))?\s*"
    r"(?:x|times?|sessions?|veces|vez|sesi[oó]n(?:es)?)?\s*"
    r"(?:a|an|per|each|every|por|cada|al|a la|a el)?\s*"
    r"(day|daily|week|weekly|month|monthly|year|yearly|d[ií]a|diario|semana|semanal|mes|mensual|año|anual)",
)
_PER_WORDS = {
    "day": "day",
    "daily": "day",
    "dia": "day",
    "día": "day",
    "diario": "day",
    "week": "week",
    "weekly": "week",
    "semana": "week",
    "semanal": "week",
    "month": "month",
    "monthly": "month",
    "mes": "month",
    "mensual": "month",
    "year": "year",
    "yearly": "year",
    "año": "year",
    "anual": "year",
}


def parse_often(text: str) -> tuple[int, str]:
    """(times, per) from '2 times a week', 'twice a week', 'weekly', '3x month', '2 veces por semana'."""
    said = " ".join(text.casefold().replace("/", " ").split())
    found = _OFTEN.fullmatch(said)
    if not found:
        raise IepprepError(
            _(
                "'{typed}' is not a frequency iepprep understands; write it like 2 times a week or 1 time a month."
            ).format(typed=text.strip())
        )
    number, one, two, three, unit = found.groups()
    times = int(number) if number else 2 if two else 3 if three else 1
    if not 1 <= times <= MAX_TIMES:
        raise IepprepError(_("Please give from 1 to {limit} sessions.").format(limit=MAX_TIMES))
    return times, _PER_WORDS[unit]


_MINUTES = re.compile(r"(\d{1,4})\s*(h|hrs?|hours?|horas?|m|mins?|minutes?|minutos?)?")


def parse_minutes(text: str) -> int:
    """Minutes from '30', '30 minutes', '45 min' or '1 hour'."""
    found = _MINUTES.fullmatch(" ".join(text.casefold().split()))
    if not found:
        raise IepprepError(_("Please type the minutes as a number, for example 30."))
    minutes = int(found.group(1)) * (60 if (found.group(2) or "").startswith("h") else 1)
    if not 1 <= minutes <= MAX_MINUTES:
        raise IepprepError(_("Please give from 1 to {limit} minutes.").format(limit=MAX_MINUTES))
    return minutes


PER_NAMES = {"day": N_("a day"), "week": N_("a week"), "month": N_("a month"), "year": N_("a year")}


def often(service: Service) -> str:
    """'30 minutes, 2 times a week'."""
    times = ngettext("{count} time", "{count} times", service.times).format(count=service.times)
    minutes = ngettext("{count} minute", "{count} minutes", service.minutes).format(count=service.minutes)
    return _("{minutes}, {times} {per}").format(minutes=minutes, times=times, per=_(PER_NAMES[service.per]))


def per_period(service: Service) -> str:
    """'60 minutes a week'."""
    minutes = ngettext("{count} minute", "{count} minutes", service.each_period).format(count=service.each_period)
    return f"{minutes} {_(PER_NAMES[service.per])}"


def _words(text: str) -> set[str]:
    from iepprep.dates import plain_letters

    return {plain_letters(word) for word in re.findall(r"\w+", text.casefold()) if len(word) > 2}


def find_service(iep: Iep, typed: str) -> Service:
    """The IEP's service a parent named: by its whole name, the start of it, or a word in it."""
    said = " ".join(typed.casefold().split())
    if not iep.services:
        raise IepprepError(_("The IEP starting on {day} lists no services.").format(day=on_screen(iep.start)))
    for test in (
        lambda s: s.name.casefold() == said,
        lambda s: s.name.casefold().startswith(said),
        lambda s: bool(said) and _words(said) <= _words(s.name),
    ):
        found = [service for service in iep.services if test(service)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            break
    names = "; ".join(service.name for service in iep.services)
    raise IepprepError(
        _("'{typed}' does not name one service of the IEP; its services are: {names}.").format(typed=typed, names=names)
    )


# -- printing it ------------------------------------------------------------------------------


def describe(child: Child, iep: Iep) -> list[str]:
    """The IEP in plain lines, for the screen."""
    lines = [_("{child}'s IEP, {span}").format(child=child.name, span=span(iep))]
    if iep.draft:
        lines.append(_("(still being entered; go on with: iepprep iep add)"))
    lines += _labelled(
        [
            (_("Eligibility"), iep.eligibility),
            (_("Last evaluation"), on_screen(iep.last_evaluation)),
            (_("Progress reports"), iep.progress_reports),
            (_("Progress report dates"), "; ".join(on_screen(d) for d in iep.progress_dates)),
            (_("Placement"), iep.placement),
            (_("Time in general education"), iep.general_education),
            (_("Extended school year"), iep.extended_school_year),
        ]
    )
    if iep.goals:
        lines.append(_("Goals:"))
        for number, goal in enumerate(iep.goals, 1):
            lines.append(f"  {number}. {goal.area}: {goal.target}")
            lines += _labelled(
                [(_("Baseline"), goal.baseline), (_("Measured by"), goal.measured), (_("Reported"), goal.reported)],
                indent="     ",
            )
    if iep.services:
        lines.append(_("Services:"))
        for service in iep.services:
            parts = [often(service)]
            parts += [part for part in (service.setting, service.provider) if part]
            if service.start and service.start != iep.start or service.end and service.end != iep.end:
                parts.append(
                    _("{start} to {end}").format(start=on_screen(service.start), end=on_screen(service.end) or "?")
                )
            lines.append(f"  - {service.name}: " + "; ".join(parts))
    for title, items in (
        (_("Accommodations:"), iep.accommodations),
        (_("Modifications:"), iep.modifications),
        (_("Transition goals:"), iep.transition),
    ):
        if items:
            lines.append(title)
            lines += [f"  - {item}" for item in items]
    return lines


def _labelled(pairs: list[tuple[str, str]], indent: str = "") -> list[str]:
    """'Label: value' for each pair with a value."""
    return [f"{indent}{label}: {value}" for label, value in pairs if value]


# -- year over year ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One difference between two IEPs, in a sentence, with the question to ask about it."""

    kind: str  # goal-added, goal-removed, goal-unchanged, goal-changed, service-cut, ...
    said: str
    ask: str


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()).rstrip(".") == " ".join(b.casefold().split()).rstrip(".")


def compare(child: Child, old: Iep, new: Iep) -> list[Change]:
    """What changed from `old` to `new`: goals, services, accommodations, modifications and placement."""
    name = child.name
    changes: list[Change] = []
    left = list(old.goals)
    paired: list[tuple[Goal, Goal]] = []
    unmatched: list[Goal] = []
    for goal in new.goals:
        match = next((g for g in left if _same(g.area, goal.area) and _same(g.target, goal.target)), None)
        match = match or next((g for g in left if _same(g.area, goal.area)), None)
        if match is None:
            unmatched.append(goal)
        else:
            left.remove(match)
            paired.append((match, goal))
    for before, after in paired:
        if _same(before.target, after.target):
            said = _("The {area} goal's target is the same as last year's: {target}").format(
                area=after.area, target=after.target
            )
            if before.baseline and after.baseline and not _same(before.baseline, after.baseline):
                said += " " + _("(its baseline went from \u201c{before}\u201d to \u201c{after}\u201d)").format(
                    before=before.baseline, after=after.baseline
                )
            changes.append(
                Change(
                    "goal-unchanged",
                    said,
                    _(
                        "Did {child} make progress on it? If not, what will be done differently this year, and why "
                        "is the same goal still right?"
                    ).format(child=name),
                )
            )
        else:
            changes.append(
                Change(
                    "goal-changed",
                    _("The {area} goal changed from \u201c{before}\u201d to \u201c{after}\u201d").format(
                        area=after.area, before=before.target, after=after.target
                    ),
                    _("What progress or data led to the new goal?"),
                )
            )
    for before, after in paired:
        for field_name, label in (
            ("measured", N_("how progress is measured")),
            ("reported", N_("how often it is reported")),
        ):
            then, later = getattr(before, field_name), getattr(after, field_name)
            if then and later and not _same(then, later):
                changes.append(
                    Change(
                        f"goal-{field_name}-changed",
                        _(
                            "For the {area} goal, {what} changed from \u201c{before}\u201d to \u201c{after}\u201d"
                        ).format(area=after.area, what=_(label), before=then, after=later),
                        _("Why did it change, and will you still get numbers you can compare with last year's?"),
                    )
                )
    for goal in unmatched:
        changes.append(
            Change(
                "goal-added",
                _("A new goal for {area}: {target}").format(area=goal.area, target=goal.target),
                _(
                    "What data gave the starting point \u201c{baseline}\u201d, and will the way progress is measured "
                    "give numbers you can follow?"
                ).format(baseline=goal.baseline)
                if goal.baseline
                else _("What is the starting point (baseline), and how will progress be measured and reported?"),
            )
        )
    for goal in left:
        changes.append(
            Change(
                "goal-removed",
                _("The {area} goal was removed: {target}").format(area=goal.area, target=goal.target),
                _("Was this goal met? If not, why was it dropped, and where will {child} get help with it?").format(
                    child=name
                ),
            )
        )
    changes += _services(name, old, new)
    changes += _listed(name, old.accommodations, new.accommodations, "accommodation")
    changes += _listed(name, old.modifications, new.modifications, "modification")
    if old.eligibility and new.eligibility and not _same(old.eligibility, new.eligibility):
        changes.append(
            Change(
                "eligibility-changed",
                _("Eligibility changed from \u201c{before}\u201d to \u201c{after}\u201d").format(
                    before=old.eligibility, after=new.eligibility
                ),
                _("What evaluation supports this, and did you get prior written notice of it ({cite})?").format(
                    cite=rules.cite("pwn")
                ),
            )
        )
    for key, label in (
        ("placement", N_("Placement")),
        ("general_education", N_("Time in general education")),
        ("extended_school_year", N_("Extended school year")),
    ):
        before, after = getattr(old, key), getattr(new, key)
        if (before or after) and not _same(before, after):
            changes.append(
                Change(
                    f"{key}-changed",
                    _("{what} changed from \u201c{before}\u201d to \u201c{after}\u201d").format(
                        what=_(label), before=before or _("not stated"), after=after or _("not stated")
                    ),
                    _(
                        "What data led to this change, how is it the least restrictive setting where {child} can "
                        "make progress, and did you get prior written notice of it ({cite})?"
                    ).format(child=name, cite=rules.cite("pwn"))
                    if key != "extended_school_year"
                    else _("How and when will the team decide, with what data, in time to plan for the summer?"),
                )
            )
    return changes


def _services(name: str, old: Iep, new: Iep) -> list[Change]:
    changes = []
    before = {" ".join(s.name.casefold().split()): s for s in old.services}
    after = {" ".join(s.name.casefold().split()): s for s in new.services}
    for key, now in after.items():
        was = before.get(key)
        if was is None:
            changes.append(
                Change(
                    "service-added",
                    _("A new service: {service}, {often}").format(service=now.name, often=often(now)),
                    _("Who will provide it, and when does it start?"),
                )
            )
            continue
        if was.per == now.per and was.each_period != now.each_period:
            cut = now.each_period < was.each_period
            difference = abs(was.each_period - now.each_period)
            amount = ngettext("{count} minute", "{count} minutes", difference).format(count=difference)
            said = (
                _("{service} was cut from {before} to {after}: {amount} {per} less")
                if cut
                else _("{service} was raised from {before} to {after}: {amount} {per} more")
            )
            changes.append(
                Change(
                    "service-cut" if cut else "service-raised",
                    said.format(
                        service=now.name,
                        before=per_period(was),
                        after=per_period(now),
                        amount=amount,
                        per=_(PER_NAMES[now.per]),
                    ),
                    _(
                        "What data shows {child} needs less of this service, and did you get prior written notice "
                        "of the change ({cite})?"
                    ).format(child=name, cite=rules.cite("pwn"))
                    if cut
                    else _("When does the added time start, and who will provide it?"),
                )
            )
        elif (was.minutes, was.times, was.per) != (now.minutes, now.times, now.per):
            changes.append(
                Change(
                    "service-changed",
                    _("{service} changed from {before} to {after}").format(
                        service=now.name, before=often(was), after=often(now)
                    ),
                    _("Why did it change, and how many minutes does it add up to over a year, before and after?"),
                )
            )
        for field_name, label in (("setting", N_("where it is given")), ("provider", N_("who gives it"))):
            then, later = getattr(was, field_name), getattr(now, field_name)
            if (then or later) and not _same(then, later):
                changes.append(
                    Change(
                        f"service-{field_name}-changed",
                        _("{service}: {what} changed from \u201c{before}\u201d to \u201c{after}\u201d").format(
                            service=now.name,
                            what=_(label),
                            before=then or _("not stated"),
                            after=later or _("not stated"),
                        ),
                        _pwn_question()
                        if field_name == "setting"
                        else _("Why did it change, and who trains and supervises the new provider?"),
                    )
                )
    for key, was in before.items():
        if key not in after:
            changes.append(
                Change(
                    "service-removed",
                    _("{service} was removed (it was {often})").format(service=was.name, often=often(was)),
                    _("What data shows {child} no longer needs it?").format(child=name),
                )
            )
    return changes


def _pwn_question() -> str:
    return _("What data supports this change, and did you get prior written notice of it ({cite})?").format(
        cite=rules.cite("pwn")
    )


def _listed(name: str, old: list[str], new: list[str], what: str) -> list[Change]:
    """Accommodations (or modifications) in one list and not the other, with the question for each."""
    accommodation = what == "accommodation"
    added = _("Accommodation added: {item}") if accommodation else _("Modification added: {item}")
    removed = _("Accommodation removed: {item}") if accommodation else _("Modification removed: {item}")
    ask_added = _("How will each teacher and provider know about it and use it?")
    ask_removed = _("Why was it taken away, and what shows {child} no longer needs it?").format(child=name)
    return [
        Change(f"{what}-{kind}", said.format(item=item), ask)
        for kind, said, ask, these, others in (
            ("added", added, ask_added, new, old),
            ("removed", removed, ask_removed, old, new),
        )
        for item in these
        if not any(_same(item, other) for other in others)
    ]


# -- the dates an IEP sets -------------------------------------------------------------------


@dataclass(frozen=True)
class IepDate:
    """A date the IEP sets, what it is, what it counts from, and the rule behind it."""

    key: str  # annual-review, reevaluation, progress-report, service-start, service-end
    day: date
    title: str
    counts_from: str
    cite: str = ""

    def line(self, today: date) -> str:
        from iepprep.dates import describe_days

        said = f"{self.title}: {on_screen(self.day)} ({describe_days((self.day - today).days)}); {self.counts_from}"
        return said + (f" ({self.cite})" if self.cite else "")


def dates(child: Child, iep: Iep) -> list[IepDate]:
    """The annual review, the reevaluation, progress reports and services' own start and end dates."""
    found = []
    wrote = _meeting_that_wrote(child, iep)
    yearly = rules.rule("yearly-review").value
    if wrote is not None and wrote.date and yearly is not None:
        by = yearly.after(date.fromisoformat(wrote.date))
        found.append(
            IepDate(
                "annual-review",
                min(by, date.fromisoformat(iep.end)) if iep.end else by,
                _("Annual review of the IEP due by"),
                _(
                    "a year from the IEP meeting on {day}, and no later than the IEP's end date; your state may "
                    "count the year another way"
                ).format(day=on_screen(wrote.date)),
                rules.cite("yearly-review"),
            )
        )
    elif iep.end:
        found.append(
            IepDate(
                "annual-review",
                date.fromisoformat(iep.end),
                _("Annual review of the IEP due by"),
                _(
                    "the IEP's end date, at the latest; the team must review the IEP at least once a year, and the "
                    "year may be counted from the last IEP meeting"
                ),
                rules.cite("yearly-review"),
            )
        )
    reevaluation = rules.rule("reevaluation").value
    if iep.last_evaluation and reevaluation is not None:
        found.append(
            IepDate(
                "reevaluation",
                reevaluation.after(date.fromisoformat(iep.last_evaluation)),
                _("Reevaluation due by"),
                _(
                    "{length} from the last evaluation on {day}, unless you and the school agree it is not needed; "
                    "the school must ask for your consent before it tests (if you do not answer, it may go ahead), "
                    "so ask months ahead when it will start"
                ).format(length=reevaluation.words(), day=on_screen(iep.last_evaluation)),
                rules.cites("reevaluation", "consent"),
            )
        )
    for day in iep.progress_dates:
        found.append(
            IepDate(
                "progress-report",
                date.fromisoformat(day),
                _("Progress report expected"),
                _("a date the IEP gives for reports on the goals"),
                rules.cite("progress-reports"),
            )
        )
    for service in iep.services:
        for key, day, plans, said, counted in (
            (
                "service-start",
                service.start,
                iep.start,
                _("{service} starts"),
                _("the start date the IEP gives this service"),
            ),
            ("service-end", service.end, iep.end, _("{service} ends"), _("the end date the IEP gives this service")),
        ):
            if day and day != plans:  # a date of its own, not the IEP's
                found.append(IepDate(key, date.fromisoformat(day), said.format(service=service.name), counted))
    return sorted(found, key=lambda item: item.day)


def _meeting_that_wrote(child: Child, iep: Iep) -> Meeting | None:
    """The last meeting held on or before the IEP's start, within a year of it: most likely the meeting
    that wrote it."""
    start = date.fromisoformat(iep.start)
    held = [
        m
        for m in child.active_meetings
        if m.date and start.replace(year=start.year - 1) < date.fromisoformat(m.date) <= start
    ]
    return held[-1] if held else None


def turns_16_during(child: Child, iep: Iep) -> bool | None:
    """Whether the child is 16 or older by the IEP's end (transition planning is required); None when unknown."""
    born = child.profile.get("birth_date")
    if not born or not iep.end:
        return None
    birth = date.fromisoformat(born)
    end = date.fromisoformat(iep.end)
    age = end.year - birth.year - ((end.month, end.day) < (birth.month, birth.day))
    return age >= 16
