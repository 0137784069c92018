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
from iepprep.words import N_, _, ngettext

SETTINGS_FILE = "state-rules.yaml"
MAX_SETTINGS_BYTES = 100_000
_NUMBER_WORDS = (
    N_("zero"),
    N_("one"),
    N_("two"),
    N_("three"),
    N_("four"),
    N_("five"),
    N_("six"),
    N_("seven"),
    N_("eight"),
    N_("nine"),
    N_("ten"),
)
_DURATION = re.compile(r"\s*(\d{1,4})\s+((?:calendar |business |school )?days?|years?)\s*")


@dataclass(frozen=True)
class Duration:
    """A length of time the law gives: a number of (calendar) days, business days, school days or years."""

    amount: int
    unit: str  # days, business days, school days or years

    def words(self) -> str:
        """'two years', '45 days', '1 business day', in the parent's language."""
        n = self.amount
        count = _(_NUMBER_WORDS[n]) if self.unit == "years" and n <= 10 else str(n)
        if self.unit == "years":
            form = ngettext("{count} year", "{count} years", n)
        elif self.unit == "business days":
            form = ngettext("{count} business day", "{count} business days", n)
        elif self.unit == "school days":
            form = ngettext("{count} school day", "{count} school days", n)
        elif self.unit == "calendar days":
            form = ngettext("{count} calendar day", "{count} calendar days", n)
        else:
            form = ngettext("{count} day", "{count} days", n)
        return form.format(count=count)

    def roughly_days(self) -> int:
        """About how many calendar days it lasts, to tell a real limit from a mistyped one."""
        return self.amount * {"years": 366, "business days": 2, "school days": 2}.get(self.unit, 1)

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
        if self.unit in ("days", "calendar days"):
            return start + timedelta(days=self.amount)
        if self.unit == "school days":  # only the school knows its calendar
            raise ValueError("a count of school days has no end date iepprep can know")
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
        if self.unit in ("days", "calendar days"):
            return end - timedelta(days=self.amount)
        if self.unit == "school days":
            raise ValueError("a count of school days has no start date iepprep can know")
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
        raise IepprepError(
            _("'{text}' is not a length of time iepprep understands; write it like 2 years or 30 days.").format(
                text=text
            )
        )
    unit = found.group(2) if found.group(2).endswith("s") else found.group(2) + "s"
    duration = Duration(int(found.group(1)), unit)
    if duration.roughly_days() > 20 * 366:  # no IDEA time limit comes near this; it is a mistyped number
        raise IepprepError(
            _("'{text}' is longer than any time limit in special education law; please check the number.").format(
                text=text
            )
        )
    return duration


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
            N_("You are on the team"),
            N_("Parents are full members of the IEP team. The school must take steps so that you can take part."),
            "34 CFR 300.321(a)(1), 300.322(a)",
        ),
        Rule(
            "parent-concerns",
            N_("Your concerns"),
            N_("When the team writes the IEP, it must consider your concerns about your child's schooling."),
            "34 CFR 300.324(a)(1)(ii)",
        ),
        Rule(
            "meeting-notice",
            N_("The meeting notice"),
            N_(
                "The school must tell you about a meeting early enough for you to come. It must set a time and "
                "place you both agree on. The notice says why, when and where the meeting is, and who will come. "
                "No federal rule sets a number of days. If you do not answer or come, the school may hold the "
                "meeting without you after trying several times."
            ),
            "34 CFR 300.322(a), (b), (d)",
        ),
        Rule(
            "phone-video",
            N_("Taking part by phone or video"),
            N_(
                "If you cannot come in person, the school must offer other ways to take part, such as a phone "
                "call. You and the school may agree to meet by video call or conference call."
            ),
            "34 CFR 300.322(c), 300.328",
        ),
        Rule(
            "interpreter",
            N_("An interpreter"),
            N_(
                "The school must do what is needed so that you understand the meeting. That includes an "
                "interpreter if you are deaf or if your first language is not English. Its written notices and "
                "the notice of your rights must be in your language when that is possible."
            ),
            "34 CFR 300.322(e), 300.503(c), 300.504(d)",
        ),
        Rule(
            "special-expertise",
            N_("People you bring"),
            N_(
                "You may bring people who know your child or have special skills, such as a therapist, a tutor "
                "or an advocate. You decide who knows your child well enough to come."
            ),
            "34 CFR 300.321(a)(6), (c)",
        ),
        Rule(
            "excusal",
            N_("A team member who will not come"),
            N_(
                "A required team member may miss the meeting only if you agree in writing. If the meeting will "
                "talk about their area, they must also send you and the team their input in writing before it."
            ),
            "34 CFR 300.321(e)",
        ),
        Rule(
            "iep-copy",
            N_("A copy of the IEP"),
            N_("The school must give you a copy of the IEP at no cost to you."),
            "34 CFR 300.322(f)",
        ),
        Rule(
            "safeguards-notice",
            N_("Your rights on paper"),
            N_(
                "The school must give you its procedural safeguards notice, which explains your rights, once a "
                "year. It must also give you a copy any time you ask for one."
            ),
            "34 CFR 300.504(a)",
        ),
        Rule(
            "consent",
            N_("Your consent"),
            N_(
                "The school needs your written consent before the first evaluation, before services start for "
                "the first time, and before most reevaluations. Your consent must be informed and freely given, "
                "and you may take it back. Taking it back does not undo what was already done. If you take back "
                "consent for all special education, the school must stop all of it. Once services have started, "
                "federal rules let the school change the IEP without your signature, after it gives you prior "
                "written notice. Some states ask for consent. If you disagree, say so in writing."
            ),
            "34 CFR 300.9, 300.300",
        ),
        Rule(
            "evaluation-time",
            N_("Time for a first evaluation"),
            N_(
                "The school must finish the first evaluation within {value} after it gets your consent. Your "
                "state may set its own time instead, often in school days."
            ),
            "34 CFR 300.301(c)(1), 300.11",
            Duration(60, "calendar days"),
            states_may_differ=True,
        ),
        Rule(
            "reevaluation",
            N_("Reevaluation"),
            N_(
                "The school must reevaluate your child when needed, or when you or a teacher ask. It happens no "
                "more than once a year, and at least once every {value}, unless you and the school agree "
                "otherwise. No federal rule sets how many days a reevaluation may take. Your state may."
            ),
            "34 CFR 300.303",
            Duration(3, "years"),  # the longest between reevaluations, unless parent and school agree
        ),
        Rule(
            "annual-review",
            N_("The yearly review"),
            N_(
                "The team must review the IEP at least once a year. Between meetings, you and the school may "
                "agree to change the IEP in writing without a meeting. This does not replace the yearly review. "
                "You can ask for a full new copy with the changes in it."
            ),
            "34 CFR 300.324(a)(4), (a)(6), (b)(1)",
        ),
        Rule(
            "yearly-review",
            N_("Reviewing the IEP"),
            N_(
                "The team must review the IEP at least once a year, to see whether the annual goals are being met: "
                "no more than {value} may pass between reviews. "
                "It must revise the IEP as needed, including when your child is not making the progress expected. "
                "The year may be counted from the last IEP meeting, which can come before the IEP's end date."
            ),
            "34 CFR 300.324(b)(1)",
            Duration(1, "years"),  # "not less than annually"
        ),
        Rule(
            "transition",
            N_("Planning for life after school"),
            N_(
                "Planning for life after high school must start by the IEP that will be in effect when your "
                "child turns 16. The team may start sooner, and your state may require it sooner. The IEP must "
                "have measurable goals for more school or training, for work and, if needed, for living on "
                "their own. It must list the services to reach them. It is updated every year."
            ),
            "34 CFR 300.320(b)",
        ),
        Rule(
            "progress-reports",
            N_("Progress reports"),
            N_(
                "The IEP must say how progress on each goal will be measured, and when you will get reports on "
                "it, for example with report cards."
            ),
            "34 CFR 300.320(a)(3)",
        ),
        Rule(
            "services-as-written",
            N_("Services as the IEP says"),
            N_(
                "Special education and related services must be given as your child's IEP says. As soon as "
                "possible after the IEP is written, the school must make the services available as the IEP lists "
                "them. Each teacher and provider who carries out the IEP must be able to see it, and must be told "
                "what it asks of them."
            ),
            "34 CFR 300.17(d), 300.323(c)(2), (d)",
        ),
        Rule(
            "compensatory-services",
            N_("Making up missed services"),
            N_(
                "If a state complaint finds that the school failed to give appropriate services, the state must "
                "address that failure. That includes steps to meet your child's needs, such as services to make up "
                "for what was missed (compensatory services) or paying you back. You may also ask the IEP team to "
                "make up missed sessions. No federal rule says how many minutes must be made up."
            ),
            "34 CFR 300.151(b)(1)",
        ),
        Rule(
            "extended-school-year",
            N_("Services over the summer"),
            N_(
                "The school must offer extended school year services, for example over the summer, when the IEP team "
                "decides, looking at your child's own needs, that they are needed for a free appropriate public "
                "education. The "
                "school may not offer them only for some disabilities. It may not limit their kind, amount or length "
                "on its own. Your state may set how the team decides, often by how much a child loses over breaks."
            ),
            "34 CFR 300.106",
        ),
        Rule(
            "records-access",
            N_("Seeing the records"),
            N_(
                "You may look at (inspect and review) your child's education records. The school must let you "
                "do so without needless delay. It must be before any IEP meeting, hearing or resolution meeting, "
                "and no more than {value} after you ask. A state may set a shorter time."
            ),
            "34 CFR 300.613(a)",
            Duration(45, "days"),
            states_may_differ=True,
        ),
        Rule(
            "records-copies",
            N_("Copies of the records"),
            N_(
                "The school must give you copies if, without them, you could not really look at the records, "
                "for example if you cannot get to the school. It may charge for copies, but not so much that you "
                "cannot get them. It may not charge to find the records."
            ),
            "34 CFR 300.613(b)(2), 300.617",
        ),
        Rule(
            "pwn",
            N_("Prior written notice"),
            N_(
                "Before the school starts, changes, or refuses to start or change your child's evaluation, "
                "eligibility, placement or services, it must tell you in writing. It must do this even if you "
                "do not ask. The notice says what it will or will not do and why. It lists what it based the "
                "choice on and the other choices it thought about. It says how to get a copy of your rights, "
                "and who can help you understand them."
            ),
            "34 CFR 300.503(a), (b)",
        ),
        Rule(
            "iee",
            N_("An Independent Educational Evaluation"),
            N_(
                "If you disagree with the school's evaluation, you may ask for an evaluation by someone outside "
                "the school, paid for by the public. You do not have to say why. Without needless delay, the "
                "school must either pay for it or ask for a hearing to show its own evaluation was appropriate. "
                "If the hearing officer agrees with the school, you may still get the evaluation, but you pay for "
                "it. You get one at public cost for each school evaluation you disagree with."
            ),
            "34 CFR 300.502(b)",
        ),
        Rule(
            "mediation",
            N_("Mediation"),
            N_(
                "Mediation happens only if you and the school both agree to it. The state pays for it and keeps "
                "the list of mediators. It may not be used to delay or deny your right to a due process hearing."
            ),
            "34 CFR 300.506(b)",
        ),
        Rule(
            "state-complaint-where",
            N_("Where a state complaint goes"),
            N_(
                "A state complaint is written and signed, and it goes to your state's education agency. You must "
                "send a copy to the school district at the same time."
            ),
            "34 CFR 300.151(a)(1), 300.153(a), (d)",
        ),
        Rule(
            "state-complaint-limit",
            N_("Time limit for a state complaint"),
            N_("The problem must have happened no more than {value} before the state receives your complaint."),
            "34 CFR 300.153(c)",
            Duration(1, "years"),
        ),
        Rule(
            "state-complaint-contents",
            N_("What a state complaint says"),
            N_(
                "It says that the school broke a special education rule, and gives the facts. It has your "
                "signature and how to reach you, your child's name, home address and school, the problem, and "
                "how you would like it fixed."
            ),
            "34 CFR 300.153(b)",
        ),
        Rule(
            "state-complaint-decision",
            N_("When the state decides"),
            N_(
                "The state has {value} from when it gets your complaint to decide in writing. It may take longer "
                "only in rare cases, or if you and the school agree to more time to try mediation or another way "
                "to settle it. If the same issue is also in a due process hearing, the state waits for the "
                "hearing to end."
            ),
            "34 CFR 300.152(a), (b), (c)",
            Duration(60, "days"),
        ),
        Rule(
            "due-process-limit",
            N_("Time limit for due process"),
            N_(
                "You must file a due process complaint within {value} of when you knew, or should have known, "
                "about the problem. Your state may set another limit. You may file at any time before then: you "
                "do not have to try the other steps first."
            ),
            "34 CFR 300.511(e); see also 300.507(a)",
            Duration(2, "years"),
            states_may_differ=True,
        ),
        Rule(
            "due-process-exceptions",
            N_("When the time limit does not apply"),
            N_(
                "The time limit does not apply if the school kept you from filing. That means it told you the "
                "problem was fixed when it was not, or it held back facts it had to give you."
            ),
            "34 CFR 300.511(f)",
        ),
        Rule(
            "due-process-filing",
            N_("Where a due process complaint goes"),
            N_("You send a due process complaint to the school district. You also send a copy to the state."),
            "34 CFR 300.508(a)",
        ),
        Rule(
            "due-process-contents",
            N_("What a due process complaint says"),
            N_(
                "It gives your child's name, home address and school, the problem and its facts, and how you "
                "would like it fixed. At the hearing you may raise only the issues you wrote in it, unless the "
                "school agrees. You may change the complaint later only if the school agrees in writing or the "
                "hearing officer allows it. Then the timelines start again."
            ),
            "34 CFR 300.508(b), (d)(3), 300.511(d)",
        ),
        Rule(
            "resolution-meeting",
            N_("The resolution meeting"),
            N_(
                "Within {value} of getting your due process complaint, the district must hold a resolution "
                "meeting. You may both agree in writing to skip it, or agree to use mediation instead. If it is "
                "not settled in 30 days, the hearing can go ahead. If you do not go, and you did not agree to "
                "skip it, your hearing waits. Your complaint may even be dismissed. If you sign an agreement "
                "there, either side may cancel it within 3 business days."
            ),
            "34 CFR 300.510(a), (b), (e)",
            Duration(15, "days"),
        ),
        Rule(
            "stay-put",
            N_("Stay put"),
            N_(
                "If you file for due process, your child keeps the program in the IEP they have now. This lasts "
                "while the case goes on, including any appeal, unless you and the school agree to a change. Just "
                "disagreeing does not do this: you have to file. To be safe, file before the change starts. Moves "
                "for discipline follow other rules."
            ),
            "34 CFR 300.518(a), 300.533",
        ),
        Rule(
            "private-placement-notice",
            N_("Before moving your child to a private school"),
            N_(
                "If you plan to take your child out of public school and ask the district to pay for a private "
                "school, tell the school first. Say that you reject its offer, say why, and say you will enroll "
                "your child in a private school at public cost. Say it at the last IEP meeting before you move "
                "your child, or in a letter at least {value} before you move them. If you do not, the district "
                "may pay less or nothing. Giving notice does not mean the district must pay: a hearing officer "
                "or a court may order it to pay you back."
            ),
            "34 CFR 300.148(c), (d)(1)",
            Duration(10, "business days"),
        ),
        Rule(
            "recording",
            N_("Recording the meeting"),
            N_(
                "No federal rule says whether you may record an IEP meeting. Your state or district may have a "
                "rule, and some ask for notice first. If you need a recording to understand the meeting, for "
                "example because of a disability or language, the school should allow it. Never record in "
                "secret: in some states everyone must agree to be recorded."
            ),
            "no rule in 34 CFR Part 300; see the federal letter of June 4, 2003, and ask your district",
            states_may_differ=True,
        ),
    )
}
NO_FEDERAL_RULE = ("recording",)  # rows that tell what federal law does not say

# What a parent can set for their state: the time limits states change, and facts only they know.
SETTING_VALUES = {"due-process-limit": "years", "records-access": "days", "evaluation-time": "days"}  # the usual unit
SETTING_TEXTS = {
    "state": "the name of your state",
    "complaint-office": "the office of your state education agency that takes state complaints",
    "complaint-address": "that office's postal or email address",
    "parent-center": "your state's Parent Training and Information Center, and how to reach it",
    "recording": "your state's or district's rule on recording IEP meetings, in your own words",
}
SETTINGS = tuple(SETTING_VALUES) + tuple(SETTING_TEXTS)
ABOUT_THE_TABLE = N_("Each one is a federal rule (34 CFR Part 300), unless it says it is your setting.")
PARENT_CENTER = N_("your state's Parent Training and Information Center")


def rule(key: str) -> Rule:
    return RULES[key]


def cites(*keys: str) -> str:
    """Where several rules are written, as one citation: '34 CFR 300.303, 300.9, 300.300'."""
    prefix = "34 CFR "
    return prefix + ", ".join(RULES[key].cite.removeprefix(prefix) for key in keys)


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
        raise IepprepError(
            _("iepprep cannot read {path}: {reason}.").format(path=path, reason=exc.strerror or exc)
        ) from None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _cache:
        _cache.clear()
        _cache[key] = _read_settings(path)
    return dict(_cache[key])


def _read_settings(path: Path) -> dict[str, str]:
    from iepprep.yamltree import Findings, read_text, read_tree

    problems = Findings(path)
    root = read_tree(path, read_text(path, MAX_SETTINGS_BYTES, _("a settings file")), problems)
    found: dict[str, str] = {}
    if root is not None and root.value not in (None, "") and not isinstance(root.value, dict):
        problems.add(root.line, _("this file should hold one setting per line, like  state: Ohio"))
    fields = root.value if root is not None and isinstance(root.value, dict) else {}
    for key, node in fields.items():
        line = root.key_lines[key] if root is not None else 1
        if key not in SETTINGS:
            problems.add(
                line,
                _("'{key}' is not a setting iepprep knows (the settings: {allowed})").format(
                    key=key, allowed=", ".join(SETTINGS)
                ),
            )
            continue
        if not isinstance(node.value, str) or not node.value.strip():
            problems.add(node.line, _("'{key}' should be a short piece of text").format(key=key))
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
        raise IepprepError(
            _("'{key}' is not a setting iepprep knows; the settings are: {settings}.").format(
                key=key, settings=", ".join(SETTINGS)
            )
        )
    return key


# The units a setting may use; and the values a state may only lower, never raise.
SETTING_UNITS = {
    "due-process-limit": ("years", "days", "calendar days"),
    "records-access": ("days", "calendar days"),
    "evaluation-time": ("days", "calendar days", "school days"),
}
AT_MOST_FEDERAL = ("records-access",)


def check_setting(key: str, value: str) -> str:
    """A setting's value in its stored form, or a plain error saying what would do."""
    check_key(key)
    text = value.strip()
    if not text or "\n" in text or len(text) > 300:
        raise IepprepError(_("The value for '{key}' should be one line of text.").format(key=key))
    if key not in SETTING_VALUES:
        return text
    if text.isdigit() and SETTING_VALUES[key] == "days":
        text += " days"
    duration = parse_duration(text)
    if duration.amount == 0:
        raise IepprepError(_("The value for '{key}' cannot be zero.").format(key=key))
    if duration.unit not in SETTING_UNITS[key]:
        raise IepprepError(
            _("The value for '{key}' is a number of {units}, for example 30 days.").format(
                key=key, units=_(" or ").join(SETTING_UNITS[key])
            )
        )
    federal = RULES[key].value
    if key in AT_MOST_FEDERAL and federal and duration.amount > federal.amount:
        raise IepprepError(
            _("The federal rule is {federal} at most. Your state may set a shorter time, not a longer one.").format(
                federal=federal.words()
            )
        )
    return duration.text()


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
        text = _(self.rule.says).replace("{value}", self.value.words() if self.value else "")
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
            return _("your setting")
        if self.rule.key in NO_FEDERAL_RULE:
            return _("no federal rule; ask your state and district")
        return _("federal rule; states may differ") if self.rule.states_may_differ else _("federal rule")


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
    return setting_text("parent-center") or _(PARENT_CENTER)
