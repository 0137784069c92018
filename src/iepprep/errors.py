"""The few exceptions the command line turns into one plain sentence and an exit code."""

from __future__ import annotations


class IepprepError(Exception):
    """A problem the parent can act on. Its message is one plain sentence."""

    exit_code = 1


class LeftOut(IepprepError):
    """A command was typed without a word it needs; the sentence lists the words it takes."""

    exit_code = 2  # as for any other mistake in how a command was typed


class Quit(Exception):
    """The parent typed /quit: stop here, keeping everything saved so far."""


class RecordDamaged(IepprepError):
    """A record file cannot be read safely; nothing is written to it until it is fixed."""


class NotAFile(IepprepError):
    """Where a file was expected, a pipe, a device or a folder: never opened for reading or writing."""


class RecordBusy(IepprepError):
    """Another iepprep is writing to the same record and did not finish in time."""


class Problems(IepprepError):
    """Several problems found at once (in a file the parent wrote); each is shown on its own line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(problems[0] if problems else "The file is not valid.")


class ChecklistInvalid(Problems):
    """A checklist file breaks the schema; each problem reads FILE:LINE: what is wrong."""


class NotOpened(Exception):
    """The encrypted records stay closed: no passphrase was given, or it does not open them. Not an
    IepprepError, so that nothing that reads past a damaged record can take it for one."""

    exit_code = 1


class EndOfInput(Exception):
    """Standard input ran dry (Ctrl-D, or a pipe with no more lines)."""


class Interrupted(Exception):
    """A conversation stopped early (Ctrl-C, the end of input, or /quit): what is saved, and how to go on.

    Raised by the conversations and turned into words and an exit code at the one exit point.
    """

    def __init__(self, saved: str, resume: str, ctrl_c: bool) -> None:
        super().__init__(saved)
        self.saved = saved  # a sentence: what is already on disk
        self.resume = resume  # the command that picks up where the parent stopped
        self.ctrl_c = ctrl_c  # Ctrl-C (exit 130) rather than the end of input or /quit (exit 0)
