"""The words a parent hears at IEP meetings, each with one plain line, in English and Spanish.

Terms and lines go through the catalog like every other sentence; the Spanish terms are the ones the
Spanish versions of the federal procedural safeguards notice use. Definitions only: time limits and
citations stay in the rules table (`iepprep rules`).
"""

from __future__ import annotations

from dataclasses import dataclass

from iepprep.words import N_, _


@dataclass(frozen=True)
class Term:
    term: str
    meaning: str


TERMS = (
    Term(
        N_("IEP (Individualized Education Program)"),
        N_(
            "The written plan for your child's special education: goals, services, supports and where your child "
            "learns. You help write it."
        ),
    ),
    Term(
        N_("IEP team"),
        N_("The people who write the IEP together. You are a full member, with the school staff."),
    ),
    Term(
        N_("evaluation"),
        N_("Tests and observations to learn whether your child has a disability and what help your child needs."),
    ),
    Term(
        N_("IEE (Independent Educational Evaluation)"),
        N_(
            "An evaluation by someone who does not work for the school. You can ask for one when you disagree with "
            "the school's evaluation."
        ),
    ),
    Term(
        N_("consent"),
        N_(
            "Your written yes. The school needs it, for example, before the first evaluation and before services start."
        ),
    ),
    Term(
        N_("prior written notice (PWN)"),
        N_("A letter from the school that says what it will or will not do, and why."),
    ),
    Term(
        N_("procedural safeguards notice"),
        N_("The paper that explains your rights under the special education law. You can ask for a copy."),
    ),
    Term(
        N_("accommodations"),
        N_(
            "Changes in how your child learns or shows what they know, such as extra time. What is taught stays "
            "the same."
        ),
    ),
    Term(
        N_("modifications"),
        N_("Changes in what your child is expected to learn, such as shorter or easier work."),
    ),
    Term(
        N_("related services"),
        N_("Help your child needs to benefit from school, such as speech therapy, counseling or transportation."),
    ),
    Term(
        N_("LRE (least restrictive environment)"),
        N_("Your child learns with children without disabilities as much as is right for your child."),
    ),
    Term(
        N_("placement"),
        N_("Where and how your child is taught, such as a general class with support, or a special class."),
    ),
    Term(
        N_("ESY (extended school year)"),
        N_("Services during school breaks, such as summer, when your child needs them to keep skills."),
    ),
    Term(
        N_("progress report"),
        N_("A report on how your child is doing on each IEP goal. The IEP says how often you get one."),
    ),
    Term(
        N_("mediation"),
        N_("A meeting with a neutral person who helps you and the school reach an agreement. It is voluntary."),
    ),
    Term(
        N_("state complaint"),
        N_("A written complaint to the state education agency that the school broke a special education rule."),
    ),
    Term(
        N_("due process complaint"),
        N_("A formal complaint that can lead to a hearing before a hearing officer, who decides the disagreement."),
    ),
    Term(
        N_("resolution meeting"),
        N_("A meeting the school holds after a due process complaint, to try to settle it before the hearing."),
    ),
    Term(
        N_("stay put"),
        N_(
            "While a due process complaint is pending, your child stays in the current placement, unless you and the "
            "school agree otherwise. Some discipline cases are different."
        ),
    ),
    Term(
        N_("interpreter"),
        N_("A person who says in your language what is said at the meeting. Ask the school for one if you need it."),
    ),
)


def entries() -> list[tuple[str, str]]:
    """Each term and its meaning, in the language iepprep speaks."""
    return [(_(entry.term), _(entry.meaning)) for entry in TERMS]


def other_names(code: str) -> list[str]:
    """Each term in another language, in the same order (to show both names)."""
    from iepprep import language

    with language.speaking(code):
        return [_(entry.term) for entry in TERMS]


def terms_in(text: str) -> list[str]:
    """The glossary's terms a text uses (as the parent reads them), for /why to point to their meaning."""
    import re

    found = []
    for term, _meaning in entries():
        short = term.split(" (")[0]
        if short == "IEP":
            continue  # every item is about the IEP
        names = [short, *(abbr for abbr in re.findall(r"\b[A-Z]{3}\b", term) if abbr != "IEP")]  # and IEE, PWN
        if any(re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE) for name in names):
            found.append(short)
    return found
