"""The one place iepprep talks to the terminal.

Nothing here ever parses Rich markup: every piece of text, ours or the
parent's, is shown literally, with terminal control characters removed.
Every question the program asks goes through `ask`.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from iepprep.errors import EndOfInput, IepprepError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

# C0 controls except tab and newline, DEL, and the C1 controls (CSI, OSC, NEL...).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")

Part = str | tuple[str, str]

_consoles: dict[bool, Console] = {}


def clean(text: str) -> str:
    """Text safe to show: no terminal control characters, no unencodable surrogates."""
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))


def reset() -> None:
    """Forget the consoles, so the next one measures the terminal it is given."""
    _consoles.clear()


def console(stderr: bool = False) -> Console:
    if stderr not in _consoles:
        from rich.console import Console

        made = Console(stderr=stderr, markup=False, emoji=False, highlight=False)
        # In a terminal Rich wraps at word boundaries; into a pipe or file a
        # sentence stays on one line, as the parent wrote it.
        made.soft_wrap = not made.is_terminal
        _consoles[stderr] = made
    return _consoles[stderr]


def text(*parts: Part) -> Text:
    """Literal text from plain strings and (string, style) pairs; markup is never read."""
    from rich.text import Text

    result = Text()
    for part in parts:
        if isinstance(part, tuple):
            result.append(clean(part[0]), style=part[1])
        else:
            result.append(clean(part))
    return result


def show(*parts: Part) -> None:
    """One line (or paragraph). Plain text is written as it is; styled text goes through Rich."""
    if all(isinstance(part, str) for part in parts):
        _write(sys.stdout, "".join(str(part) for part in parts))
    else:
        console().print(text(*parts))


def _write(stream: TextIO, line: str) -> None:
    stream.write(clean(line) + "\n")
    stream.flush()


def render(renderable: RenderableType) -> None:
    console().print(renderable)


Cell = str | Part | list[Part]


def _cell(value: Cell) -> Text:
    if isinstance(value, list):
        return text(*value)
    return text(value)


def grid(
    rows: list[list[Cell]],
    headers: list[str] | None = None,
    right: tuple[int, ...] = (),
    fold: tuple[int, ...] = (),
    gap: int = 1,
) -> None:
    """Rows of columns: numbers in `right` aligned right, text in `fold` wrapped, the others kept whole.

    Every cell is literal text; the parent's words are never read as markup.
    """
    from rich.table import Table

    width = max((len(row) for row in rows), default=len(headers or []))
    table = Table(
        box=None,
        show_edge=False,
        pad_edge=False,
        show_header=headers is not None,
        header_style="bold",
        padding=(0, gap),
    )
    for column in range(width):
        header = headers[column] if headers and column < len(headers) else ""
        wrap = column in fold or (headers is not None and not fold)
        table.add_column(
            clean(header), justify="right" if column in right else "left", no_wrap=not wrap, overflow="fold"
        )
    for row in rows:
        table.add_row(*(_cell(value) for value in row))
    render(table)


def blank() -> None:
    console().print()


def error(message: str) -> None:
    _write(sys.stderr, message)


def warn(message: str) -> None:
    _write(sys.stderr, message)


def _shorten(value: str, limit: int = 60) -> str:
    """A one-line glimpse of a long or multi-line default."""
    one_line = " / ".join(clean(value).splitlines())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def prompt_text(question: str, default: str | None = None) -> str:
    """A question as it is shown: `Question [what Enter keeps]: `."""
    return clean(question) + (f" [{_shorten(default)}]" if default else "") + ": "


def ask(question: str, default: str | None = None, check: Callable[[str], str] | None = None) -> str:
    """Ask one question and return the answer exactly as typed (without its newline).

    An empty answer returns `default` when there is one. `check` may turn the
    answer into its final form or raise IepprepError, whose sentence is shown
    before the question is asked again. End of input raises EndOfInput;
    Ctrl-C raises KeyboardInterrupt for the caller to handle.
    """
    while True:
        answer = read_line(prompt_text(question, default))
        if answer == "" and default is not None:
            answer = default
        if check is None:
            return answer
        try:
            return check(answer)
        except IepprepError as problem:
            error(str(problem))


def yes_or_no(answer: str) -> str:
    """'y' or 'n' from a typed yes or no, or a sentence asking for one."""
    word = answer.strip().casefold()
    if word in ("y", "yes", "n", "no"):
        return word[0]
    raise IepprepError("Please answer yes or no.")


def confirm(question: str, default: bool = True) -> bool:
    """A yes-or-no question; Enter gives the default."""
    return ask(f"{question} yes or no", "yes" if default else "no", check=yes_or_no) == "y"


def plain() -> bool:
    """Plain output, for screen readers and for files: asked for with --plain or IEPPREP_PLAIN=1,
    and taken whenever the terminal is dumb or output is not a terminal."""
    if os.environ.get("IEPPREP_PLAIN", "") not in ("", "0") or os.environ.get("TERM") == "dumb":
        return True
    return not sys.stdout.isatty()


def prompt_mark(word: str) -> str:
    """A prompt that cannot be mistaken for something to type: 'note › ', or 'note: ' in plain output."""
    return f"{word}: " if plain() else f"{word} \u203a "


def read_line(prompt: str) -> str:
    """Show `prompt` and read one line exactly as typed (without its newline).

    In a terminal the line can be edited; from a pipe it is echoed, so a
    scripted session reads like a typed one. End of input raises EndOfInput.
    """
    prompt = clean(prompt)
    if sys.stdin.isatty():
        with contextlib.suppress(ImportError):  # Windows has no readline
            import readline  # noqa: F401  (gives input() line editing)
        try:
            return input(prompt)
        except EOFError:
            sys.stdout.write("\n")
            raise EndOfInput from None
    sys.stdout.write(prompt)
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line:
        sys.stdout.write("\n")
        raise EndOfInput
    answer = line[:-1] if line.endswith("\n") else line
    answer = answer[:-1] if answer.endswith("\r") else answer
    sys.stdout.write(clean(answer) + "\n")
    return answer


def editor() -> str | None:
    """The parent's editor ($VISUAL, then $EDITOR), or one that is easy to use; None rather than vi by surprise."""
    import shutil

    chosen = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if chosen:
        return chosen
    if sys.platform == "win32":
        return "notepad"
    return "nano" if shutil.which("nano") else None


def edit_text(initial: str, editor: str) -> str:
    """Let the parent write a longer text in `editor`."""
    import shlex
    import subprocess
    import tempfile

    fd, name = tempfile.mkstemp(prefix="iepprep-", suffix=".txt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(initial)
        try:
            subprocess.run([*shlex.split(editor), name], check=False)  # noqa: S603
        except OSError:
            raise IepprepError(f"The editor '{editor}' could not be started; set EDITOR to one you use.") from None
        with open(name, encoding="utf-8", errors="surrogateescape") as handle:
            text = handle.read()
    finally:
        os.unlink(name)
    return text[:-1] if text.endswith("\n") else text
