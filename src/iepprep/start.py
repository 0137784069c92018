"""Where the `iepprep` command starts: a Ctrl-C pressed while the program is still loading ends it
quietly, as one pressed later does."""

from __future__ import annotations

import sys

INTERRUPTED = 130


def main() -> None:
    try:
        from iepprep.cli import main as run

        run()
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        raise SystemExit(INTERRUPTED) from None
