"""Ctrl-C, remembered even when a library turns it into another error.

Some libraries catch every exception, KeyboardInterrupt included, and raise
one of their own (ReportLab's PDF string escaping raises ValueError), so a
Ctrl-C that lands there would end a build with that error's traceback. A
build watches SIGINT (`watch`); an error raised after one arrived counts as
the interruption it was (`seen`).
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

_seen = False


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    global _seen
    _seen = True
    signal.default_int_handler(signum, frame)  # raises KeyboardInterrupt, as without this module


def watch() -> None:
    """Forget earlier interrupts, and note the next ones (the main thread, with Python's own handler, only)."""
    global _seen
    _seen = False
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGINT) in (
        signal.default_int_handler,
        _on_sigint,
    ):
        signal.signal(signal.SIGINT, _on_sigint)


def seen() -> bool:
    """Whether SIGINT arrived since `watch()`."""
    return _seen
