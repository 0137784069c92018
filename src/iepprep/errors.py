"""The few exceptions the command line turns into one plain sentence and an exit code."""

from __future__ import annotations


class IepprepError(Exception):
    """A problem the parent can act on. Its message is one plain sentence."""

    exit_code = 1


class RecordDamaged(IepprepError):
    """A record file cannot be read safely; nothing is written to it until it is fixed."""


class RecordBusy(IepprepError):
    """Another iepprep is writing to the same record and did not finish in time."""


class ChecklistInvalid(IepprepError):
    """A checklist file breaks the schema. Carries every problem found, each as FILE:LINE: what."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(problems[0] if problems else "The checklist is not valid.")


class EndOfInput(Exception):
    """Standard input ran dry (Ctrl-D, or a pipe with no more lines)."""
