"""What a build shows: a rich progress bar on a terminal, plain lines elsewhere, then a summary."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from typing import TYPE_CHECKING, TextIO

from .build import Built, Outcome

if TYPE_CHECKING:
    from rich.progress import Progress


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024**2:
        return f"{size / 1024:,.1f} KB"
    return f"{size / 1024**2:,.1f} MB"


def line(outcome: Outcome) -> str:
    """'built      dist/2024-02.pdf  135.4 KB  21 pages  0.35 s' (no empty fields)."""
    fields = [str(outcome.path), human_size(outcome.bytes)]
    if outcome.pages is not None:
        fields.append(f"{outcome.pages} pages")
    if not outcome.skipped:
        fields.append(f"{outcome.seconds:.2f} s")
    return f"{'unchanged' if outcome.skipped else 'built':<10} " + "  ".join(fields)


def summary(built: Built, seconds: float) -> str:
    made = sum(not o.skipped for o in built.outcomes)
    skipped = len(built.outcomes) - made
    tail = f", {skipped} unchanged (use --force to rebuild)" if skipped else ""
    failed = ""
    if built.failures:
        count = len(built.failures)
        names = ", ".join(str(f.source) for f in built.failures)
        failed = f"; {count} source{'s' if count > 1 else ''} failed, nothing of it written: {names}"
    editions = "edition" if len(built.outcomes) == 1 else "editions"
    return f"{len(built.outcomes)} {editions}: {made} built{tail}, in {seconds:.2f} s{failed}"


def bar(verb: str, total: int) -> Progress | None:
    """A started rich progress bar on stderr ("sending ━━━━━ 12/40 0:00:03") when stderr is a terminal
    and there is more than one thing to do; None otherwise. Its one task is advanced by the caller."""
    if total <= 1 or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn(f"[bold]{verb}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    progress.add_task(verb, total=total)
    progress.start()
    return progress


class Reporter:
    """Receives outcomes as they happen; quiet and json modes print only at the end (or nothing)."""

    def __init__(self, total: int, quiet: bool = False, as_json: bool = False, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout
        self.quiet, self.as_json = quiet, as_json
        self.progress = bar("building", total) if not quiet and not as_json else None
        self.task = self.progress.task_ids[0] if self.progress is not None else None
        self.outcomes: list[Outcome] = []  # as they happen: what a build stopped midway had written
        self.lost: OSError | None = None  # why what was to be said could not be written (not a closed pipe)

    def rendered(self, edition: object) -> None:
        """An edition is rendered (its source's files are written once all of them are): one step more."""
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task)

    def __call__(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        if outcome.skipped:  # unchanged: never rendered, so its step is taken here
            self.rendered(outcome)
        if not self.quiet and not self.as_json:
            # A print edition's preflight warnings under its line: fit for press, but worth a look.
            text = "\n".join([line(outcome), *(f"{'':<10} warning: {w}" for w in outcome.warnings)])
            if self.progress is not None and self.stream.isatty():
                self.progress.console.print(text, highlight=False, soft_wrap=True)
            else:  # a log the output is sent to gets every line, whatever the terminal shows
                self._say(text)

    def _say(self, text: str) -> None:
        """`text` on the stream; a reader that has gone (`| head -1`), or a full disk under the log (cron's
        `> /var/log/…`), is no reason to stop building: what would have been said goes nowhere, and the
        build goes on (a lost report is then the build's error: `lost`)."""
        try:
            print(text, file=self.stream, flush=True)
        except OSError as error:
            if not isinstance(error, BrokenPipeError):
                self.lost = self.lost or error
            nowhere = os.open(os.devnull, os.O_WRONLY)
            with contextlib.suppress(OSError, ValueError):
                os.dup2(nowhere, self.stream.fileno())  # its buffered rest, flushed at the exit, goes nowhere
            os.close(nowhere)

    def finish(self, built: Built, seconds: float) -> None:
        if self.progress is not None:
            self.progress.stop()
        if self.as_json:
            data = {
                "editions": [o.as_dict() for o in built.outcomes],
                "failed": [{"source": str(f.source), "error": str(f.error)} for f in built.failures],
                "seconds": round(seconds, 3),
            }
            self._say(json.dumps(data, indent=2))
        elif not self.quiet and built.outcomes:  # when every source failed, its errors say it all
            self._say(summary(built, seconds))

    def abort(self) -> None:
        if self.progress is not None:
            self.progress.stop()
