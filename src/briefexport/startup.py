"""The `briefexport` command's first steps: signal handlers, then the command line.

The modules a build needs take 0.1 to 0.3 s to import on a busy machine. A Ctrl-C in that time
ended the process with a traceback, and a SIGTERM or SIGHUP with no word at all. The handlers are
therefore in place before anything else of briefexport is imported (the package's names load
lazily), and an interruption during the imports ends as any other: one line, exit 128 + the signal.
"""

from __future__ import annotations

import io
import os
import sys

from . import interrupt


def script() -> None:
    interrupt.watch()
    for stream in (sys.stdout, sys.stderr):
        # A terminal or log in an encoding other than UTF-8 (LC_ALL=de_DE.ISO-8859-1) gets what it cannot
        # hold as \u escapes: `check`'s "ok —" and a Russian source's `dump` ended in a UnicodeEncodeError.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        from .cli import script as command_line
    except KeyboardInterrupt:
        print(interrupt.message(), file=sys.stderr, flush=True)
        # Not sys.exit: after a KeyboardInterrupt inside some imports (dataclasses' exec), CPython re-raises
        # SIGINT at its teardown, and a SIGTERM ended with 130 (as cli.script, no teardown at all).
        os._exit(interrupt.exit_status())
    command_line()
