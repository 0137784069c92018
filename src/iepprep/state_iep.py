"""The written IEP, progress reports on its goals and the logged sessions of its services, as plain
dataclasses that `fold.apply` fills in. Kept apart from `state` so that a command about meetings and
notes does not build them until a record holds an IEP."""

from __future__ import annotations

from dataclasses import dataclass, field

from iepprep.words import N_, _

PER = ("day", "week", "month", "year")  # how often a service's sessions come
RATINGS: list[tuple[str, str]] = [
    ("mastered", N_("mastered")),
    ("progressing", N_("progressing")),
    ("some progress", N_("some progress")),
    ("no progress", N_("no progress")),
    ("not addressed", N_("not addressed")),
]


def rating_name(rating: str) -> str:
    return _(dict(RATINGS).get(rating, rating))


@dataclass(eq=False)
class Goal:
    area: str
    target: str  # the measurable annual goal
    baseline: str = ""
    measured: str = ""  # how progress is measured
    reported: str = ""  # how often progress is reported


@dataclass(eq=False)
class Service:
    name: str  # for example speech-language therapy
    minutes: int  # in each session
    times: int = 1  # sessions in each period
    per: str = "week"  # day, week, month or year
    setting: str = ""
    provider: str = ""
    start: str = ""
    end: str = ""

    @property
    def each_period(self) -> int:
        """Minutes the IEP promises in each period."""
        return self.minutes * self.times


# The parts of a written IEP, in the order `iep add` walks them; `walked` names those passed.
IEP_PARTS = (
    "dates",
    "eligibility",
    "last_evaluation",
    "goals",
    "progress_reports",
    "services",
    "accommodations",
    "modifications",
    "placement",
    "extended_school_year",
    "transition",
)


@dataclass(eq=False)
class Iep:
    id: str
    start: str
    end: str = ""
    added: str = ""  # when it was put on record
    draft: bool = False  # `iep add` has not walked every part yet
    walked: list[str] = field(default_factory=list)
    eligibility: str = ""
    last_evaluation: str = ""  # the date of the last evaluation: the reevaluation counts from it
    progress_reports: str = ""  # when progress is reported, in the IEP's words
    progress_dates: list[str] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    accommodations: list[str] = field(default_factory=list)
    modifications: list[str] = field(default_factory=list)
    placement: str = ""
    general_education: str = ""  # time in general education, in the IEP's words
    extended_school_year: str = ""
    transition: list[str] = field(default_factory=list)
    retracted: bool = False  # a draft thrown away with `iep discard`

    @property
    def short_id(self) -> str:
        return self.id[:7]


@dataclass(eq=False)
class Rating:
    goal: int  # the goal's number in the IEP, from 1
    rating: str
    comment: str = ""


@dataclass(eq=False)
class ProgressReport:
    id: str
    iep: str
    date: str
    ratings: list[Rating] = field(default_factory=list)


@dataclass(eq=False)
class Session:
    """One session of a service as the parent logged it: given, or missed (and perhaps made up)."""

    id: str
    iep: str
    service: str  # the service's name as the IEP writes it
    date: str
    minutes: int  # minutes given; 0 for a missed session
    missed: str = ""  # why it was missed, when it was
    made_up: str = ""  # the date a missed session was made up
    closed: bool = False  # missed because school was closed that day: it was not due
    retracted: bool = False  # taken back with `services undo`
    order: int = 0  # its place among everything logged about services, to take back the last
    made_up_order: int = 0  # the place of the mark that it was made up, when that came later
