"""Interruptions: Ctrl-C, and SIGTERM and SIGHUP handled the same way.

A CI timeout, `subprocess.run(timeout=...)` or a container stop sends SIGTERM;
a closed terminal sends SIGHUP. While a build runs (`watch`), each raises
KeyboardInterrupt as Ctrl-C does, so the same cleanup runs: temporary files
removed, workers stopped, one line, and exit status 128 + the signal's number.

Some libraries catch every exception, KeyboardInterrupt included, and raise
one of their own (ReportLab's PDF string escaping raises ValueError), so an
interrupt that lands there would end a build with that error's traceback. An
error raised after a signal arrived counts as the interruption it was (`seen`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from types import FrameType

SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
_received: int | None = None
_holding = False  # inside holding(): the first signal is kept for stop_if_asked()
_asked = False  # a signal kept so


_notice = ""  # what holding() says when it keeps a signal


def _on_signal(signum: int, frame: FrameType | None) -> None:
    global _received, _asked
    _received = signum
    if _holding and not _asked:  # a second one stops at once
        _asked = True
        if _notice:
            os.write(2, f"briefexport: {_notice}; {name()} again stops at once\n".encode())
        return
    raise KeyboardInterrupt


@contextlib.contextmanager
def holding(notice: str = "") -> Iterator[None]:
    """Keep the first interrupt that arrives inside for `stop_if_asked()`, saying `notice` on standard error,
    so that what is begun is finished (a message whose content is going to a mail server); a second one
    interrupts at once. Only in the main thread, where signals arrive, and where `watch()` put its handlers
    in place: elsewhere, an interrupt is what its handler makes it."""
    global _holding, _notice
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _holding, _notice = True, notice
    try:
        yield
    finally:
        _holding = False


def asked() -> bool:
    """Whether a signal kept by `holding()` waits for `stop_if_asked()`: what is begun ends, nothing new starts."""
    return _asked


def stop_if_asked() -> None:
    """Raise the KeyboardInterrupt a signal kept by `holding()` asked for, if one did."""
    global _asked
    if _asked:
        _asked = False
        raise KeyboardInterrupt


def watch() -> None:
    """Forget earlier interrupts, and turn the next ones into KeyboardInterrupt (in the main thread only,
    and only where Python's own handlers are in place: an embedding application keeps its own)."""
    global _received, _asked
    _received, _asked = None, False
    if threading.current_thread() is not threading.main_thread():
        return
    for number in SIGNALS:
        if signal.getsignal(number) in (signal.default_int_handler, signal.SIG_DFL, _on_signal):
            signal.signal(number, _on_signal)


def seen() -> bool:
    """Whether an interrupting signal arrived since `watch()`."""
    return _received is not None


def exit_status() -> int:
    """128 + the signal's number, as a shell reports a process a signal ended (130 for Ctrl-C)."""
    return 128 + (_received or signal.SIGINT)


def name() -> str:
    """The signal that arrived, as 'SIGTERM', or 'SIGINT' when KeyboardInterrupt came another way."""
    return signal.Signals(_received or signal.SIGINT).name


def how() -> str:
    """What happened, as 'interrupted' (Ctrl-C) or 'stopped by SIGTERM'."""
    return "interrupted" if name() == "SIGINT" else f"stopped by {name()}"


def message() -> str:
    """The one line a command ends with when interrupted."""
    return f"briefexport: {how()}; no partial file was left"
