"""The `briefexport` command as a process: an early worker, click, and an exit without teardown."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run the command line and end the process with its status.

    A build's first worker is forked before click loads (see prestart). At
    the end the process leaves with os._exit: Python's orderly exit frees every
    module and object one by one, a tenth of a one-edition build, and nothing
    of it is needed once every edition is written and closed and stdout and
    stderr are flushed. Tests and embedding applications call `cli.main`.
    """
    from .prestart import early

    pool = early(sys.argv[1:])
    try:
        from .cli import main as command

        command(obj=pool)
        code = 0
    except SystemExit as exit_:
        code = exit_status(exit_.code)
    finally:
        if pool is not None:  # the build took it, or the command ended before it could
            pool.close(abort=True)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`briefexport ... | head`) or stream: nothing left to say
            code = code or 1
    os._exit(code)


def exit_status(code: object) -> int:
    """What `sys.exit(code)` would make of `code`: None is success, an int itself, anything else printed and 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1
