"""The words iepprep uses about the law: every legal number and citation from the one rules table,
none copied from the article it grew from, and all of it plain enough to read on a bad day."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

import pytest
import textstat

from iepprep import children, letters, meetings, rules
from iepprep.checklists import load_all
from iepprep.letters import KINDS, Facts, draft

from helpers import Run

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "iepprep"
CHECKLISTS = ROOT / "checklists"
RULES_TABLE = PACKAGE / "rules.py"
MOST_GRADE = 7.0
# A citation of the federal rules, or a time limit: a number of days, business days, months or years.
CITATION = re.compile(r"CFR|\b300\.\d{1,3}\b|§")
NUMBER = (
    r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|thirty|forty-five|sixty"
    r"|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|quince|treinta|cuarenta y cinco|sesenta"
)
TIME_LIMIT = re.compile(
    rf"\b(?:{NUMBER})[\s-]+(?:business[\s-]+|calendar[\s-]+|school[\s-]+)?"
    r"(?:days?|months?|years?|días?|mes(?:es)?|años?)(?:\s+(?:hábiles|escolares|calendario))?\b",
    re.I,
)


def package_texts() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py")) + sorted(CHECKLISTS.rglob("*.yaml"))


def test_no_time_limit_or_citation_is_written_outside_the_rules_table() -> None:
    found = []
    for path in package_texts():
        if path == RULES_TABLE:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for pattern in (CITATION, TIME_LIMIT):
                match = pattern.search(line)
                if match:
                    found.append(f"{path.relative_to(ROOT)}:{number}: {match.group()}")
    assert found == []


def test_the_scan_would_find_a_stray_limit_or_citation() -> None:
    """The patterns above catch what they are meant to catch."""
    for text in ("within 45 days", "two years", "10 business days", "(34 CFR 300.153)", "see 300.613"):
        assert CITATION.search(text) or TIME_LIMIT.search(text), text
    assert not TIME_LIMIT.search("in the last twenty years, schools changed")


def test_every_rule_in_the_table_has_its_citation_and_words() -> None:
    for rule in rules.RULES.values():
        assert rule.cite.startswith("34 CFR 300.") or rule.key == "recording", rule.key
        assert ("{value}" in rule.says) == (rule.value is not None), rule.key
        assert rule.topic and rule.says.endswith("."), rule.key


# -- our own words ------------------------------------------------------------------


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def test_no_run_of_eight_words_is_copied_from_the_article() -> None:
    """The article's runs of eight words are kept as digests, so its text is not copied here either."""
    digests = {
        line
        for line in (ROOT / "tests" / "fixtures" / "seed-runs.txt").read_text().splitlines()
        if line and not line.startswith("#")
    }
    assert len(digests) > 500
    copied = []
    for path in [*package_texts(), ROOT / "README.md"]:
        found = words(path.read_text(encoding="utf-8"))
        for start in range(len(found) - 7):
            run = " ".join(found[start : start + 8])
            if hashlib.sha256(run.encode()).hexdigest()[:16] in digests:
                copied.append(f"{path.name}: {run}")
    assert copied == []


# -- plain words ------------------------------------------------------------------------


def grade(text: str) -> float:
    """Flesch-Kincaid grade of the prose: citations and blanks to fill are not prose."""
    prose = re.sub(r"\(?34 CFR [^)\n]*\)?", "", text)
    prose = re.sub(r"\[BLANK TO FILL: [^\]]*\]", "", prose)
    textstat.set_lang("en")
    return float(textstat.flesch_kincaid_grade(prose))


def test_the_grade_measure_tells_plain_from_hard() -> None:
    assert grade("Ask for a copy. Keep it safe. Bring it to the meeting.") < MOST_GRADE
    hard = (
        "Notwithstanding the aforementioned determination, the administrative adjudicator's interlocutory "
        "ruling necessitates comprehensive reconsideration of individualized educational programming."
    )
    assert grade(hard) > MOST_GRADE


@pytest.mark.parametrize("name", ["before", "during", "conflict", "escalation"])
def test_each_checklist_reads_at_grade_seven_or_lower(name: str) -> None:
    checklist = load_all().get(name)
    parts = [checklist.summary]
    for item in checklist.items:
        parts += [item.text, item.why, item.prompt] + [rules.state(key).words for key in item.rules]
    assert grade(" ".join(parts)) <= MOST_GRADE


def test_the_rules_table_reads_at_grade_seven_or_lower() -> None:
    assert grade(" ".join(rule.says for rule in rules.RULES.values())) <= MOST_GRADE


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_letters_own_words_read_at_grade_seven_or_lower(data_home: Path, kind: str) -> None:
    child = children.add("Sam")
    made = draft(kind, Facts(child, date(2026, 11, 28), KINDS[kind].role))
    assert grade(made.prose) <= MOST_GRADE  # the body; address blocks are not sentences
    assert made.prose.split()[:3] == made.text.split("\n\n")[5].split()[:3]  # it starts where the body does


def test_the_ladders_words_read_at_grade_seven_or_lower(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IEPPREP_TODAY", "2026-11-28")
    child = children.add("Sam")
    meeting = meetings.add(child, date(2026, 11, 20))
    for kind, steps in (("evaluation", 1), ("legal", 1), ("placement", 2), ("services", 3)):
        event = child.record.append(
            "disagreement", topic="the plan", kind=kind, meeting=meeting.id, violation_date="2026-11-01"
        )
        for rung in ("collaborate", "another-meeting", "mediation")[:steps]:
            child.record.append("step", disagreement=event["id"], rung=rung, date="2026-11-21", outcome="not resolved")
    shown = run("next-steps", "--show").stdout
    assert "Next step: Ask for an Independent Educational Evaluation" in shown and "Stay put" not in shown
    assert grade(shown) <= MOST_GRADE
    assert letters.KINDS  # the letters the ladder offers are measured above
