"""The send log: who has an issue, so that no one gets it twice.

One JSON file per issue in its mail folder (dist/2024-02.mail/send-log.json), rewritten
atomically after every answer from the server, accepted or not: a crash, a Ctrl-C or a lost
connection loses at most the message in flight, whose recipient the server had not yet
accepted. A rerun skips the recipients the log says were accepted and sends to the rest.
The times in it are the clock's: a log records when things happened.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import MailError
from ..output import write_atomic
from .smtp import SendResult

LOG_NAME = "send-log.json"
LOCK_NAME = "send.lock"
FORMAT = 1


@contextlib.contextmanager
def sending_alone(folder: Path) -> Iterator[None]:
    """Hold the issue's mail folder for one sending run: another run of the same issue, started while
    this one sends, would find the log without the messages in flight and send them again. The lock
    (flock on send.lock) ends with the process, however it ends."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / LOCK_NAME).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise MailError(
                "another briefexport mail is sending this issue from this folder; wait for it to end", folder
            ) from None
        yield


@dataclass(frozen=True)
class LogEntry:
    """The last answer for one recipient: its result ("accepted", "refused", "deferred"), the server's
    reply, the Message-ID sent and when."""

    recipient: str
    message_id: str
    result: str
    reply: str
    time: str
    attempts: int


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class SendLog:
    """The send log of one issue at `path`; `issue` is the bulletin's uid (a log of another issue is refused)."""

    def __init__(self, path: Path, issue: str, clock: Callable[[], str] = _now) -> None:
        self.path, self.issue, self.clock = path, issue, clock
        self.entries: dict[str, LogEntry] = {}
        if path.exists():
            self._read()

    def _read(self) -> None:
        try:
            data: Any = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or not isinstance(data.get("recipients"), list):
                raise ValueError("unknown layout")
            entries = [LogEntry(**entry) for entry in data["recipients"]]
        except (OSError, UnicodeDecodeError, ValueError, TypeError, AttributeError) as exc:
            raise MailError(f"not a briefexport send log ({exc}); move it away to start a new one", self.path) from None
        if data.get("issue") != self.issue:
            raise MailError(
                f"this log is of issue {data.get('issue')!r}, not {self.issue!r}; use another output folder", self.path
            )
        self.entries = {entry.recipient: entry for entry in entries}

    def accepted(self) -> set[str]:
        """The recipients (lower-case addresses) the server has accepted the issue for."""
        return {key for key, entry in self.entries.items() if entry.result == "accepted"}

    def record(self, result: SendResult) -> None:
        """Note one answer and write the log at once (atomically: the old log stays whole until the new one is)."""
        if result.status == "not sent":
            return  # never offered to the server: nothing to remember
        self.entries[result.recipient.lower()] = LogEntry(
            recipient=result.recipient.lower(),
            message_id=result.message_id,
            result=result.status,
            reply=result.reply,
            time=self.clock(),
            attempts=result.attempts,
        )
        self.write()

    def write(self) -> None:
        data = {"format": FORMAT, "issue": self.issue, "recipients": [asdict(e) for e in self.entries.values()]}
        write_atomic(self.path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
