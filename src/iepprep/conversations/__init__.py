"""Every prompt loop iepprep holds with a parent: the prep walk, the notes session and its wrap-up,
the next-steps climb, check-iep and child edit.

A conversation asks through `ui` and calls the jobs, which decide and save; it
never writes to a record itself. When the parent stops (Ctrl-C, the end of
input, /quit) it raises one `Interrupted`, carrying what is saved and how to go
on, which the one exit point turns into words and an exit code.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from iepprep import ui
from iepprep.errors import EndOfInput, IepprepError, Interrupted, Quit
from iepprep.words import _


@contextlib.contextmanager
def stopping(saved: Callable[[], str], go_on: Callable[[], str]) -> Iterator[None]:
    """Turn Ctrl-C, the end of input or /quit into one Interrupted that says what is saved and how to go on."""
    try:
        yield
    except KeyboardInterrupt:
        raise Interrupted(saved(), go_on(), ctrl_c=True) from None
    except (EndOfInput, Quit):
        raise Interrupted(saved(), go_on(), ctrl_c=False) from None


def pick_number(count: int, allow_text: bool = False) -> Callable[[str], str]:
    """A check for a number from 1 to `count` (or, with `allow_text`, some words instead)."""

    def check(answer: str) -> str:
        if answer.strip().isdigit() and 1 <= int(answer) <= count:
            return answer.strip()
        if allow_text and answer.strip():
            return answer
        if allow_text:
            raise IepprepError(_("Please type a number from 1 to {count}, or some words.").format(count=count))
        raise IepprepError(_("Please type a number from 1 to {count}.").format(count=count))

    return check


def not_empty(text: str) -> str:
    if not text.strip():
        raise IepprepError(_("Please type a few words."))
    return text


def yes_or_no(question: str, default: bool) -> bool:
    return ui.confirm(question, default)
