"""The one place iepprep talks to the terminal.

Nothing here ever parses Rich markup: every piece of text, ours or the
parent's, is shown literally, through one cleaner: terminal control
characters removed, invisible and direction-changing marks shown as
`<U+202E>`. Every question the program asks goes through `ask`.

Whatever the terminal or the locale, what the parent types reaches the
record as the text they typed, and what cannot be shown in the terminal's
encoding is replaced rather than stopping the program.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import sys
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, TextIO

from iepprep.chars import visible
from iepprep.errors import EndOfInput, IepprepError, Quit
from iepprep.words import _

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

Part = str | tuple[str, str]

_consoles: dict[bool, Console] = {}
_plain_asked = False  # --plain on the command line
TABLE_WIDTH = 70  # narrower terminals get labelled lines instead of tables, so no word is split


def clean(text: str) -> str:
    """Text safe to show: no terminal controls, no lone surrogates, invisible marks made visible."""
    return visible(text)


def prepare_streams() -> bool:
    """Make the standard streams safe to use; False when standard output is closed.

    A closed stream gets the null device in its place, so no file iepprep
    opens can take its number; output replaces what its encoding cannot
    show; input keeps every byte, to be read as UTF-8 where it is.
    """
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
    with contextlib.suppress(AttributeError, ValueError):
        sys.stdin.reconfigure(errors="surrogateescape")  # type: ignore[union-attr]
    sys.argv[1:] = [as_typed(arg, sys.getfilesystemencoding()) for arg in sys.argv[1:]]
    return sys.stdout is not None


def as_typed(text: str, encoding: str | None) -> str:
    """The text the parent typed, when their terminal sent UTF-8 but Python was told another encoding."""
    if text.isascii() or not encoding or codecs.lookup(encoding).name == "utf-8":
        return text
    try:
        return text.encode(encoding, "surrogateescape").decode("utf-8")
    except UnicodeError:
        return text


def quiet_stdout() -> None:
    """Whoever read our output has gone (`iepprep status | head -1`): send the rest nowhere."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


def reset() -> None:
    """Forget the consoles and --plain, so the next command measures the terminal it is given."""
    global _plain_asked
    _consoles.clear()
    _plain_asked = False


def ask_for_plain() -> None:
    """--plain: plain output even in a terminal."""
    global _plain_asked
    _plain_asked = True


def console(stderr: bool = False) -> Console:
    if stderr not in _consoles:
        from rich.console import Console

        class Quiet(Console):
            def on_broken_pipe(self) -> None:
                self.quiet = True
                raise BrokenPipeError  # ended once, for every way of writing, at the exit point

        made = Quiet(stderr=stderr, markup=False, emoji=False, highlight=False)
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
        _print(text(*parts))


def _write(stream: TextIO | None, line: str) -> None:
    if stream is None:  # closed when iepprep started
        return
    line = clean(line)
    if _is_terminal(stream):
        line = "\n".join(indent + line[start:end] for indent, start, end in _line_breaks(line, _width()))
    stream.write(line + "\n")
    stream.flush()


def _print(shown: Text) -> None:
    """Styled text, wrapped between words in a terminal exactly as plain text is."""
    made = console()
    if not made.is_terminal:
        made.print(shown, soft_wrap=True)
        return
    # Only the lines a style touches go through Rich; the others are written as they are (Rich takes
    # long over a long text line by line, and a 5 MB note is thousands of lines of one style: none).
    plain = shown.plain
    # where styles fall; None when the whole text has one (every line goes through Rich)
    spans = None if shown.style else [(span.start, span.end) for span in shown.spans]
    waiting: list[str] = []
    for indent, start, end in _line_breaks(plain, made.width):
        if spans is not None and not any(first < end and last > start for first, last in spans):
            waiting.append(indent + plain[start:end])
            continue
        if waiting:
            _lines_out(made, waiting)
        line = shown[start:end] if end > start else shown[start:start]
        if indent:
            line = text(indent) + line
        made.print(line, soft_wrap=True)
    if waiting:
        _lines_out(made, waiting)


def _lines_out(made: Console, lines: list[str]) -> None:
    """Plain lines, in order with what Rich has written."""
    made.file.write("\n".join(lines) + "\n")
    made.file.flush()
    lines.clear()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _width() -> int:
    import shutil

    return max(20, shutil.get_terminal_size().columns)


def _line_breaks(text: str, width: int) -> list[tuple[str, int, int]]:
    """Where to break text to fit `width` columns: (indent, start, end) for each line shown.

    Lines break only at spaces, never inside a word (a word longer than a line stays whole), with
    no space left at a line's end; a wrapped line keeps the indent its paragraph starts with.
    """
    found: list[tuple[str, int, int]] = []
    offset = 0
    for paragraph in text.split("\n"):
        indent = paragraph[: len(paragraph) - len(paragraph.lstrip(" "))]
        words = len(paragraph) - len(paragraph.lstrip())  # where the first word starts
        first = _filling(width - words).match(paragraph, words) if words < len(paragraph) else None
        if first is None:
            found.append(("", offset, offset))
        else:  # the first line keeps what comes before its first word; the others start at the indent
            found.append(("", offset, offset + first.end()))
            room = _filling(width - len(indent))
            found += [(indent, offset + m.start(), offset + m.end()) for m in room.finditer(paragraph, first.end())]
        offset += len(paragraph) + 1
    return found


@cache
def _filling(room: int) -> re.Pattern[str]:
    """The longest run of words that fits in `room` columns, or one word longer than that, whole."""
    if room < 2:
        return re.compile(r"\S+")
    return re.compile(r"\S(?:[^\n]{0," + str(room - 2) + r"}\S)?(?=\s|$)|\S+")


def show_text(text: str, newline: str = "\n") -> None:
    """A whole text, line by line through the cleaner, keeping its kind of line break."""
    lines = text.split(newline)
    if lines and lines[-1] == "":
        lines.pop()
    for line in lines:
        sys.stdout.write(clean(line) + newline)
    sys.stdout.flush()


def render(renderable: RenderableType) -> None:
    console().print(renderable)


Cell = str | Part | list[Part]


LONGEST_CELL = 20_000  # characters a table cell may hold; a longer one makes the table lines instead


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
    labels: list[str] | None = None,
) -> None:
    """Rows of columns: numbers in `right` aligned right, text in `fold` wrapped, the others kept whole.

    Every cell is literal text; the parent's words are never read as markup. In plain output, or a
    terminal too narrow for columns, each row is one line instead: of sentences, labelled by the headers
    or `labels` ("Child: Sam. School: Lincoln."), or without either, the cells side by side.
    """
    cells = [_cell(value) for row in rows for value in row]
    if lines_only() or any(len(cell.plain) > LONGEST_CELL for cell in cells):
        # Rich folds a very long cell in time that grows with its length squared: such a table is
        # shown as lines, wrapped by iepprep itself
        _rows_as_lines(rows, headers or labels)
        return
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


def _rows_as_lines(rows: list[list[Cell]], labels: list[str] | None) -> None:
    for row in rows:
        line = text()
        for column, value in enumerate(row):
            cell = _cell(value)
            if not cell.plain.strip():
                continue
            label = labels[column] if labels and column < len(labels) else ""
            if line.plain:
                line.append(" ")
            if label:
                line.append(clean(label) + ": ", style="bold")
            line.append_text(cell)
            if labels is not None and not cell.plain.rstrip().endswith((".", "?", "!", ":")):
                line.append(".")
        _print(line)  # a row with nothing in it stays a blank line between groups


def blank() -> None:
    console().print()


def error(message: str) -> None:
    _write(sys.stderr, message)


def warn(message: str) -> None:
    _write(sys.stderr, message)


def _shorten(value: str, limit: int = 60) -> str:
    """A one-line glimpse of a long or multi-line default."""
    one_line = " / ".join(clean(value).splitlines())
    return one_line if len(one_line) <= limit else one_line[: limit - 3] + "..."


def prompt_text(question: str, default: str | None = None) -> str:
    """A question as it is shown: `Question [what Enter keeps]: `."""
    return clean(question) + (f" [{_shorten(default)}]" if default else "") + ": "


# Words that do something at other prompts (the checklist walk, the notes screen), never an answer here.
_ELSEWHERE = {"/back", "/why", "/edit", "/done", "/undo", "/who", "/tips", "/break", "/questions"}


def ask(question: str, default: str | None = None, check: Callable[[str], str] | None = None) -> str:
    """Ask one question and return the answer exactly as typed (without its newline).

    An empty answer returns `default` when there is one. `check` may turn the
    answer into its final form or raise IepprepError, whose sentence is shown
    before the question is asked again. End of input raises EndOfInput;
    Ctrl-C raises KeyboardInterrupt for the caller to handle.
    """
    while True:
        answer = read_line(prompt_text(question, default))
        word = answer.strip().casefold()
        if word == "/quit":
            raise Quit
        if word == "/help":
            show(_("Type your answer and press Enter. Enter alone keeps what is in [brackets], or skips; /quit stops."))
            continue
        if word in _ELSEWHERE:
            show(
                _("{word} does not work here; type your answer, press Enter to skip, or /quit to stop.").format(
                    word=word
                )
            )
            continue
        if word == "/skip":
            answer = ""
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
    said = yes_or_no_word(answer)
    if said:
        return said
    raise IepprepError(_("Please answer yes or no."))


def yes_or_no_word(answer: str) -> str:
    """'y' for yes (or sí), 'n' for no, '' for anything else."""
    word = answer.strip().casefold()
    if word in ("y", "yes", "s", "sí", "si"):
        return "y"
    return "n" if word in ("n", "no") else ""


def confirm(question: str, default: bool = True) -> bool:
    """A yes-or-no question; Enter gives the default."""
    shown = _("yes") if default else _("no")
    return ask(_("{question} yes or no").format(question=question), shown, check=yes_or_no) == "y"


def plain() -> bool:
    """Plain output, for screen readers and for files: asked for with --plain or IEPPREP_PLAIN=1,
    and taken whenever the terminal is dumb or output is not a terminal. No boxes, no tables
    (labelled lines instead), no decorative symbols, no padding at the ends of lines."""
    if _plain_asked or os.environ.get("IEPPREP_PLAIN", "") not in ("", "0") or os.environ.get("TERM") == "dumb":
        return True
    return sys.stdout is None or not _is_terminal(sys.stdout)


def lines_only() -> bool:
    """Whether to show rows as lines of words: in plain output, or a terminal too narrow for columns
    and boxes to hold whole words."""
    return plain() or _width() < TABLE_WIDTH


def symbol(shown: str, said: str) -> str:
    """A decorative mark where tables are shown (`shown`), or else the words a screen reader should
    say instead."""
    return said if lines_only() else shown


def prompt_mark(word: str) -> str:
    """A prompt that cannot be mistaken for something to type: 'note › ', or 'note: ' in plain output."""
    return f"{word}: " if plain() else f"{word} \u203a "


def read_line(prompt: str) -> str:
    """Show `prompt` and read one line exactly as typed (without its newline).

    In a terminal the line can be edited; from a pipe it is echoed, so a
    scripted session reads like a typed one. End of input raises EndOfInput.
    """
    prompt = clean(prompt)
    if sys.stdin is None:  # closed when iepprep started
        raise EndOfInput
    if sys.stdin.isatty():
        with contextlib.suppress(ImportError):  # Windows has no readline
            import readline  # noqa: F401  (gives input() line editing)
        try:
            return as_typed(input(prompt), sys.stdin.encoding)
        except EOFError:
            sys.stdout.write("\n")
            raise EndOfInput from None
    sys.stdout.write(prompt)
    sys.stdout.flush()
    line = as_typed(sys.stdin.readline(), sys.stdin.encoding)
    if not line:
        sys.stdout.write("\n")
        raise EndOfInput
    answer = line[:-1] if line.endswith("\n") else line
    answer = answer[:-1] if answer.endswith("\r") else answer
    sys.stdout.write(clean(answer) + "\n")
    return answer


def secret(prompt: str) -> str:
    """A passphrase: typed without being shown in a terminal; from a pipe, its first line (for scripts)."""
    if sys.stdin is None:
        raise EndOfInput
    if sys.stdin.isatty():
        import getpass

        try:
            return getpass.getpass(clean(prompt))
        except EOFError:
            sys.stdout.write("\n")
            raise EndOfInput from None
    line = sys.stdin.readline()
    if not line:
        raise EndOfInput
    return line.rstrip("\r\n")


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

    try:
        command = shlex.split(editor, posix=sys.platform != "win32")
    except ValueError:
        command = []
    if not command:
        raise IepprepError(
            _("The editor setting '{editor}' cannot be read as a command; set EDITOR to one, like nano.").format(
                editor=editor
            )
        )
    from iepprep import paths

    # The draft stays in the private data folder, never in a shared temporary folder.
    folder = paths.ensure_private_dir(paths.data_dir())
    fd, name = tempfile.mkstemp(prefix=".editing-", suffix=".txt", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as handle:
            handle.write(initial)
        try:
            subprocess.run([*command, name], check=False)  # noqa: S603
        except OSError:
            raise IepprepError(
                _("The editor '{editor}' could not be started; set EDITOR to one you use.").format(editor=editor)
            ) from None
        try:
            with open(name, encoding="utf-8", errors="surrogateescape") as handle:
                text = handle.read()
        except FileNotFoundError:
            raise IepprepError(_("The editor removed the file instead of saving it, so nothing changed.")) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
    if not text.strip() and not initial.strip():
        error(
            _(
                "If your editor opens in its own window, iepprep cannot wait for it; set EDITOR to one that "
                "waits, for example: code --wait"
            )
        )
    return text[:-1] if text.endswith("\n") else text
