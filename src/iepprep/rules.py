"""The one table of legal facts iepprep states, and the parent's own values for their state.

Every time limit, every "who receives what" and every right the program
mentions is a row here, with its citation in 34 CFR Part 300 (the federal
IDEA regulations), its federal value, and whether a state may set another.
The ladder, the checklists' whys (through an item's `rules:`), the letters
and the calendar take their numbers and citations from this table; nothing
else in the package writes a day count or a citation.

A parent can set the values their state changes in one place, the file
`state-rules.yaml` in the data folder (or `iepprep rules set KEY VALUE`).
Every sentence built from such a value says that it is the parent's setting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from iepprep import paths
from iepprep.errors import ChecklistInvalid, IepprepError

SETTINGS_FILE = "state-rules.yaml"
MAX_SETTINGS_BYTES = 100_000
_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_UNITS = ("days", "business days", "years")
_DURATION = re.compile(r"\s*(\d{1,4})\s+(day|days|business day|business days|year|years)\s*")


@dataclass(frozen=True)
class Duration:
    """A length of time the law gives: a number of days, business days or years."""

    amount: int
    unit: str  # days, business days or years

    def words(self) -> str:
        """'two years', '45 days', '1 business day'."""
        number = _NUMBER_WORDS[self.amount] if self.unit == "years" and self.amount <= 10 else str(self.amount)
        unit = self.unit if self.amount != 1 else self.unit[:-1]
        return f"{number} {unit}"

    def text(self) -> str:
        """The stored form, read back by parse_duration: '2 years', '1 year', '30 days'."""
        return f"{self.amount} {self.unit if self.amount != 1 else self.unit[:-1]}"

    def after(self, start: date) -> date:
        """The last day of a window of this length that opens on `start`.

        A year from 29 February ends on 28 February, the earlier and safer day.
        Business days skip Saturdays and Sundays; holidays are not known here.
        """
        if self.unit == "years":
            try:
                return start.replace(year=start.year + self.amount)
            except ValueError:
                return start.replace(year=start.year + self.amount, day=28)
        if self.unit == "days":
            return start + timedelta(days=self.amount)
        day, left = start, self.amount
        while left:
            day += timedelta(days=1)
            if day.weekday() < 5:
                left -= 1
        return day

    def before(self, end: date) -> date:
        """The first day of a window of this length that closes on `end`."""
        if self.unit == "years":
            try:
                return end.replace(year=end.year - self.amount)
            except ValueError:
                return end.replace(year=end.year - self.amount, day=28)
        if self.unit == "days":
            return end - timedelta(days=self.amount)
        day, left = end, self.amount
        while left:
            day -= timedelta(days=1)
            if day.weekday() < 5:
                left -= 1
        return day


def parse_duration(text: str) -> Duration:
    """'2 years', '30 days' or '10 business days', or a plain error saying what would do."""
    found = _DURATION.fullmatch(text.lower())
    if not found:
        raise IepprepError(f"'{text}' is not a length of time iepprep understands; write it like 2 years or 30 days.")
    unit = found.group(2) if found.group(2).endswith("s") else found.group(2) + "s"
    return Duration(int(found.group(1)), unit)


@dataclass(frozen=True)
class Rule:
    key: str
    topic: str  # a few words, as a heading
    says: str  # plain sentences; {value} stands for the time limit
    cite: str  # where it is written, in 34 CFR Part 300
    value: Duration | None = None  # the federal value of the time limit, if there is one
    states_may_differ: bool = False  # a state may set another value


RULES: dict[str, Rule] = {
    rule.key: rule
    for rule in (
        Rule(
            "parent-member",
            "You are on the team",
            "Parents are full members of the IEP team. The school must take steps so that you can take part.",
            "34 CFR 300.321(a)(1), 300.322(a)",
        ),
        Rule(
            "parent-concerns",
            "Your concerns",
            "When the team writes the IEP, it must consider your concerns about your child's schooling.",
            "34 CFR 300.324(a)(1)(ii)",
        ),
        Rule(
            "meeting-notice",
            "The meeting notice",
            "The school must tell you about a meeting early enough for you to come. It must set a time and "
            "place you both agree on. The notice says why, when and where the meeting is, and who will come. "
            "No federal rule sets a number of days.",
            "34 CFR 300.322(a), (b)",
        ),
        Rule(
            "phone-video",
            "Taking part by phone or video",
            "If you cannot come in person, the school must offer other ways to take part, such as a phone "
            "call. You and the school may agree to meet by video call or conference call.",
            "34 CFR 300.322(c), 300.328",
        ),
        Rule(
            "interpreter",
            "An interpreter",
            "The school must do what is needed so that you understand the meeting. That includes an "
            "interpreter if you are deaf or if your first language is not English.",
            "34 CFR 300.322(e)",
        ),
        Rule(
            "special-expertise",
            "People you bring",
            "You may bring people who know your child or have special skills, such as a therapist, a tutor "
            "or an advocate. You decide who knows your child well enough to come.",
            "34 CFR 300.321(a)(6), (c)",
        ),
        Rule(
            "excusal",
            "A team member who will not come",
            "A required team member may miss the meeting only if you agree in writing. If the meeting will "
            "talk about their area, they must also send you and the team their input in writing before it.",
            "34 CFR 300.321(e)",
        ),
        Rule(
            "iep-copy",
            "A copy of the IEP",
            "The school must give you a copy of the IEP at no cost to you.",
            "34 CFR 300.322(f)",
        ),
        Rule(
            "safeguards-notice",
            "Your rights on paper",
            "The school must give you its procedural safeguards notice, which explains your rights, once a "
            "year. It must also give you a copy any time you ask for one.",
            "34 CFR 300.504(a)",
        ),
        Rule(
            "consent",
            "Your consent",
            "The school needs your written consent before the first evaluation, before services start for "
            "the first time, and before most reevaluations. Your consent must be informed and freely given, "
            "and you may take it back.",
            "34 CFR 300.9, 300.300",
        ),
        Rule(
            "evaluation-time",
            "Time for a first evaluation",
            "The school must finish the first evaluation within {value} after it gets your consent. Your "
            "state may set its own time instead.",
            "34 CFR 300.301(c)(1)",
            Duration(60, "days"),
            states_may_differ=True,
        ),
        Rule(
            "reevaluation",
            "Reevaluation",
            "The school must reevaluate your child when needed, or when you or a teacher ask. It happens no "
            "more than once a year, and at least once every three years, unless you and the school agree "
            "otherwise.",
            "34 CFR 300.303",
        ),
        Rule(
            "annual-review",
            "The yearly review",
            "The team must review the IEP at least once a year. You and the school may agree in writing to "
            "change the IEP between meetings, but that does not replace the yearly review.",
            "34 CFR 300.324(a)(4), (b)(1)",
        ),
        Rule(
            "transition",
            "Planning for life after school",
            "Plans for life after high school start no later than the IEP in effect when your child turns "
            "16. The team may start sooner. The IEP must then have goals for adult life and the services to "
            "reach them.",
            "34 CFR 300.320(b)",
        ),
        Rule(
            "progress-reports",
            "Progress reports",
            "The IEP must say how progress on each goal will be measured, and when you will get reports on "
            "it, for example with report cards.",
            "34 CFR 300.320(a)(3)",
        ),
        Rule(
            "records-access",
            "Seeing the records",
            "You may inspect and review your child's education records. The school must let you do so "
            "without needless delay, before any IEP meeting or hearing, and within {value} at most. A "
            "state may set a shorter time.",
            "34 CFR 300.613(a)",
            Duration(45, "days"),
            states_may_differ=True,
        ),
        Rule(
            "records-copies",
            "Copies of the records",
            "You may ask for copies when you could not really inspect and review the records without them. "
            "The school may charge a fee for copies, but not for finding the records.",
            "34 CFR 300.613(b)(2), 300.617",
        ),
        Rule(
            "pwn",
            "Prior written notice",
            "The school must tell you in writing before it changes, or refuses to change, how your child "
            "is identified or evaluated, where your child is placed, or the services your child gets. The "
            "notice must say what it will or will not do, and why. It must also say what else it thought "
            "about and why it said no, what it based the choice on, and any other reasons that mattered.",
            "34 CFR 300.503",
        ),
        Rule(
            "iee",
            "An Independent Educational Evaluation",
            "If you disagree with the school's evaluation, you may ask for an evaluation by someone outside "
            "the school, paid for by the public. You do not have to say why. Without needless delay, the "
            "school must either pay for it or ask for a hearing to show its own evaluation was right. If "
            "the hearing officer agrees with the school, you may still get the evaluation, but you pay for "
            "it. You get one at public cost for each school evaluation you disagree with.",
            "34 CFR 300.502(b)",
        ),
        Rule(
            "mediation",
            "Mediation",
            "Mediation happens only if you and the school both agree to it. The state pays for it and keeps "
            "the list of mediators. It cannot be used to delay or deny your right to a due process hearing.",
            "34 CFR 300.506(b)",
        ),
        Rule(
            "state-complaint-where",
            "Where a state complaint goes",
            "A state complaint is written and signed, and it goes to your state's education agency. You must "
            "send a copy to the school district at the same time.",
            "34 CFR 300.153(a), (d)",
        ),
        Rule(
            "state-complaint-limit",
            "Time limit for a state complaint",
            "The problem must have happened no more than {value} before the state receives your complaint.",
            "34 CFR 300.153(c)",
            Duration(1, "years"),
        ),
        Rule(
            "state-complaint-contents",
            "What a state complaint says",
            "It says which rule the school did not follow and the facts. It has your signature and how to "
            "reach you, your child's name, home address and school, the problem, and how you would like it "
            "fixed.",
            "34 CFR 300.153(b)",
        ),
        Rule(
            "state-complaint-decision",
            "When the state decides",
            "The state has {value} to decide. It may take longer when there is a special reason, or when you "
            "and the school agree to try mediation first.",
            "34 CFR 300.152(a), (b)",
            Duration(60, "days"),
        ),
        Rule(
            "due-process-limit",
            "Time limit for due process",
            "You must file a due process complaint within {value} of when you knew, or should have known, "
            "about the problem. Your state may set another limit.",
            "34 CFR 300.507(a)(2), 300.511(e)",
            Duration(2, "years"),
            states_may_differ=True,
        ),
        Rule(
            "due-process-exceptions",
            "When the time limit does not apply",
            "The time limit does not apply if the school kept you from filing. That means it told you the "
            "problem was fixed when it was not, or it held back facts it had to give you.",
            "34 CFR 300.511(f)",
        ),
        Rule(
            "due-process-filing",
            "Where a due process complaint goes",
            "You send a due process complaint to the school district. You also send a copy to the state.",
            "34 CFR 300.508(a)",
        ),
        Rule(
            "due-process-contents",
            "What a due process complaint says",
            "It gives your child's name, home address and school, the problem and its facts, and how you "
            "would like it fixed. At the hearing you may raise only the issues you wrote in it, unless the "
            "school agrees.",
            "34 CFR 300.508(b), 300.511(d)",
        ),
        Rule(
            "resolution-meeting",
            "The resolution meeting",
            "Within {value} of getting a due process complaint, the district must hold a resolution "
            "meeting. You may both agree in writing to skip it, or to use mediation instead. If the complaint "
            "is not settled in 30 days, the hearing can go ahead. If you sign an agreement there, either side "
            "may cancel it within 3 business days.",
            "34 CFR 300.510",
            Duration(15, "days"),
        ),
        Rule(
            "stay-put",
            "Stay put",
            "Once a due process complaint is pending, your child stays in the current placement until it "
            "is settled, unless you and the school agree otherwise. A disagreement alone does not start "
            "this. Discipline cases follow other rules.",
            "34 CFR 300.518(a), 300.533",
        ),
        Rule(
            "private-placement-notice",
            "Before moving your child to a private school",
            "If you move your child to a private school and ask the district to pay, tell the IEP team at "
            "the last meeting, or tell the district in writing at least {value} before. If you do not, the "
            "payment may be cut or refused.",
            "34 CFR 300.148(d)(1)",
            Duration(10, "business days"),
        ),
        Rule(
            "recording",
            "Recording the meeting",
            "No federal rule says whether you may record an IEP meeting. Your state or district may have a "
            "rule, and some ask for notice first. Never record in secret: in some states everyone must agree "
            "to be recorded.",
            "no rule in 34 CFR Part 300; ask your district and your state",
            states_may_differ=True,
        ),
    )
}

# What a parent can set for their state: the time limits states change, and facts only they know.
SETTING_VALUES = {"due-process-limit": "years", "records-access": "days", "evaluation-time": "days"}
SETTING_TEXTS = {
    "state": "the name of your state",
    "complaint-office": "the office of your state education agency that takes state complaints",
    "complaint-address": "that office's postal or email address",
    "parent-center": "your state's Parent Training and Information Center, and how to reach it",
    "recording": "your state's or district's rule on recording IEP meetings, in your own words",
}
SETTINGS = tuple(SETTING_VALUES) + tuple(SETTING_TEXTS)
ABOUT_THE_TABLE = "Each one is a federal rule (34 CFR Part 300), unless it says it is your setting."
PARENT_CENTER = "your state's Parent Training and Information Center"


def rule(key: str) -> Rule:
    return RULES[key]


def cite(key: str) -> str:
    """Where the rule is written, for example '34 CFR 300.153(c)'."""
    return RULES[key].cite


# -- the parent's settings -----------------------------------------------------


def settings_path() -> Path:
    return paths.data_dir() / SETTINGS_FILE


_cache: dict[tuple[str, int, int], dict[str, str]] = {}


def settings() -> dict[str, str]:
    """The parent's settings, checked; ChecklistInvalid (FILE:LINE: what) when the file is wrong."""
    path = settings_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise IepprepError(f"iepprep cannot read {path}: {exc.strerror or exc}.") from None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _cache:
        _cache.clear()
        _cache[key] = _read_settings(path)
    return dict(_cache[key])


def _read_settings(path: Path) -> dict[str, str]:
    from iepprep.yamltree import Findings, read_text, read_tree

    problems = Findings(path)
    root = read_tree(path, read_text(path, MAX_SETTINGS_BYTES, "a settings file"), problems)
    found: dict[str, str] = {}
    if root is not None and root.value not in (None, "") and not isinstance(root.value, dict):
        problems.add(root.line, "this file should hold one setting per line, like  state: Ohio")
    fields = root.value if root is not None and isinstance(root.value, dict) else {}
    for key, node in fields.items():
        line = root.key_lines[key] if root is not None else 1
        if key not in SETTINGS:
            problems.add(line, f"'{key}' is not a setting iepprep knows (the settings: {', '.join(SETTINGS)})")
            continue
        if not isinstance(node.value, str) or not node.value.strip():
            problems.add(node.line, f"'{key}' should be a short piece of text")
            continue
        try:
            found[key] = check_setting(key, node.value)
        except IepprepError as problem:
            problems.add(node.line, str(problem))
    if problems.found:
        raise ChecklistInvalid([*problems.lines(), f"iepprep uses none of your state settings until {path} is fixed."])
    return found


def check_key(key: str) -> str:
    if key not in SETTINGS:
        raise IepprepError(f"'{key}' is not a setting iepprep knows; the settings are: {', '.join(SETTINGS)}.")
    return key


def check_setting(key: str, value: str) -> str:
    """A setting's value in its stored form, or a plain error saying what would do."""
    check_key(key)
    text = value.strip()
    if not text or "\n" in text or len(text) > 300:
        raise IepprepError(f"The value for '{key}' should be one line of text.")
    if key in SETTING_VALUES:
        if text.isdigit() and SETTING_VALUES[key] == "days":
            text += " days"
        duration = parse_duration(text)
        if duration.amount == 0:
            raise IepprepError(f"The value for '{key}' cannot be zero.")
        if SETTING_VALUES[key] == "days" and duration.unit != "days":
            raise IepprepError(f"The value for '{key}' is a number of days, for example 30 days.")
        return duration.text()
    return text


def save_setting(key: str, value: str | None) -> None:
    """Set (or with None, remove) one setting, rewriting the small file whole and atomically."""
    from iepprep.codec import as_yaml
    from iepprep.files import write_new_file

    current = settings()
    if value is None:
        current.pop(key, None)
    else:
        current[key] = check_setting(key, value)
    lines = [
        "# Your state's values for the rules iepprep uses (see them with: iepprep rules).",
        "# Check each one against your state's procedural safeguards notice.",
    ]
    lines += [f"{name}: {as_yaml(current[name])}" for name in SETTINGS if name in current]
    paths.ensure_private_dir(paths.data_dir())
    write_new_file(settings_path(), ("\n".join(lines) + "\n").encode("utf-8"))
    _cache.clear()


# -- rules as the parent reads them ----------------------------------------------


@dataclass(frozen=True)
class Stated:
    """A rule in words, with its value and where the value comes from."""

    rule: Rule
    value: Duration | None
    from_setting: bool
    note: str = ""  # the parent's own words on their state's rule, where the rule takes them

    @property
    def words(self) -> str:
        text = self.rule.says.replace("{value}", self.value.words() if self.value else "")
        where = f" for {setting_text('state')}" if setting_text("state") else ""
        if self.from_setting and self.rule.value and self.value:
            text += f" (Your setting{where}: {self.value.words()}. The federal rule is {self.rule.value.words()}.)"
        if self.note:
            text += f" (Your setting{where}: {self.note})"
        return text

    @property
    def line(self) -> str:
        """The rule's words followed by its citation."""
        return f"{self.words} ({self.rule.cite})"

    @property
    def source(self) -> str:
        if self.from_setting or self.note:
            return "your setting"
        return "federal rule; states may differ" if self.rule.states_may_differ else "federal rule"


def value(key: str) -> Duration | None:
    return state(key).value


def state(key: str) -> Stated:
    """The rule as it applies to this parent: the federal value, or their state setting."""
    found = RULES[key]
    setting = settings().get(key) if key in SETTING_VALUES else None
    if setting:
        return Stated(found, parse_duration(setting), True)
    note = setting_text(key) if key in SETTING_TEXTS else ""
    return Stated(found, found.value, bool(note), note)


def setting_text(key: str) -> str:
    """A text setting (state name, complaint office...), or '' when the parent has not set it."""
    return settings().get(key, "")


def parent_center() -> str:
    """Where to ask when a window may have passed: the parent's own setting, or the general name."""
    return setting_text("parent-center") or PARENT_CENTER
