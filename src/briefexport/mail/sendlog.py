"""The send log: who has an issue, so that no one gets it twice.

One file per issue in its mail folder (dist/2024-02.mail/send-log.jsonl), JSON Lines: a
first line naming the issue, then a line appended, and forced to disk, for each event:
"offered" just before a message's content goes to the server, then what came of it
("accepted", "refused", "deferred", or "in doubt": the connection was lost while the server
took it). The last line of a recipient is what is known of them. A rerun skips the recipients
accepted, and those in doubt or offered with no answer after (a crash or Ctrl-C while the
server took the message: it may have kept it), and sends to the rest. A
line torn by a crash is ignored. Appending keeps a run of 10,000 recipients linear: the
first layout rewrote the whole log after every answer. A log of that layout (send-log.json)
is read and carried over. The times in it are the clock's: a log records when things happened.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import IO, Any

from ..errors import MailError
from .smtp import SendResult

LOG_NAME = "send-log.jsonl"
OLD_LOG_NAME = "send-log.json"  # format 1: one JSON document, rewritten after every answer
LOCK_NAME = "send.lock"
FORMAT = 2
OFFERED = "offered"
IN_DOUBT = (OFFERED, "in doubt")  # the server may have the message: never sent again unless asked
RESULTS = (OFFERED, "accepted", "refused", "deferred", "in doubt")


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
    """What is known of one recipient: the last event ("offered", "accepted", "refused", "deferred", "in
    doubt"), the server's reply, the Message-ID sent and when."""

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
        self._copies: dict[str, int] = {}  # a recipient's Message-IDs, counted as they change
        # This log's own name, drawn when it is begun and kept in its first line (a log of before has none): a
        # log begun anew (the old one moved away, or another folder) counts its copies from 0 again, and its
        # resent copies must not take the IDs of the old one's (smtp.resent). Drawn, not the clock's: two
        # logs begun in one second were one.
        self.ident = secrets.token_hex(8)
        self._handle: IO[str] | None = None
        old = path.with_name(OLD_LOG_NAME)
        if path.exists() and path.stat().st_size:  # empty: killed before its first line was on disk
            self._read()
        elif old.exists():
            self._read_old(old)

    def _read(self) -> None:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
            head: Any = json.loads(lines[0]) if lines else None
            if not isinstance(head, dict) or head.get("format") != FORMAT:
                raise ValueError("unknown layout")
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise MailError(f"not a briefexport send log ({exc}); move it away to start a new one", self.path) from None
        self._same_issue(head.get("issue"), self.path)
        self.ident = str(head.get("id", ""))
        for number, line in enumerate(lines[1:], start=2):
            try:
                entry = _entry(line)
            except ValueError as exc:
                raise MailError(
                    f"not a briefexport send log ({exc}); move it away to start a new one", self.path, number
                ) from None
            if entry is not None:  # else torn by a crash mid-write: that event is not known
                self._note(entry)

    def _read_old(self, old: Path) -> None:
        """A log of format 1, carried over into the new one when it is first written."""
        try:
            data: Any = json.loads(old.read_text(encoding="utf-8"))
            if data.get("format") != 1 or not isinstance(data.get("recipients"), list):
                raise ValueError("unknown layout")
            entries = [_checked(entry) for entry in data["recipients"]]
        except (OSError, UnicodeDecodeError, ValueError, TypeError, AttributeError) as exc:
            raise MailError(f"not a briefexport send log ({exc}); move it away to start a new one", old) from None
        self._same_issue(data.get("issue"), old)
        for entry in entries:
            self._note(entry)

    def _same_issue(self, issue: object, path: Path) -> None:
        if issue != self.issue:
            raise MailError(f"this log is of issue {issue!r}, not {self.issue!r}; use another output folder", path)

    def _note(self, entry: LogEntry) -> None:
        last = self.entries.get(entry.recipient)
        if last is None or last.message_id != entry.message_id:
            self._copies[entry.recipient] = self._copies.get(entry.recipient, 0) + 1
        self.entries[entry.recipient] = entry

    def copies(self, recipient: str) -> int:
        """How many messages the log records for `recipient`: one more each time their Message-ID
        changes from one event to the next. It only grows, so that a copy sent again on purpose and
        numbered by it (smtp.resent) never has an earlier copy's Message-ID."""
        return self._copies.get(recipient.lower(), 0)

    def deferred_copy(self, recipient: str) -> str | None:
        """The Message-ID of the copy the server put off for `recipient` in an earlier run, if that is the last
        thing the log knows of them."""
        entry = self.entries.get(recipient.lower())
        return entry.message_id if entry is not None and entry.result == "deferred" else None

    def accepted(self) -> set[str]:
        """The recipients (lower-case addresses) the server has accepted the issue for."""
        return {key for key, entry in self.entries.items() if entry.result == "accepted"}

    def uncertain(self) -> set[str]:
        """The recipients whose message was going to the server when a run stopped: they may have it."""
        return {key for key, entry in self.entries.items() if entry.result in IN_DOUBT}

    def offered(self, recipient: str, message_id: str) -> None:
        """Note that a message's content is about to go to the server (smtp.send's on_offer)."""
        self._append(LogEntry(recipient.lower(), message_id, OFFERED, "", self.clock(), 0))

    def record(self, result: SendResult) -> None:
        """Note one answer, appended and on disk before the next message is offered."""
        if result.status == "not sent":
            return  # never offered to the server: nothing to remember
        entry = LogEntry(
            recipient=result.recipient.lower(),
            message_id=result.message_id,
            result=result.status,
            reply=result.reply,
            time=self.clock(),
            attempts=result.attempts,
        )
        self._append(entry)

    def _append(self, entry: LogEntry) -> None:
        if self._handle is None:
            self._handle = self._open()
        self._note(entry)
        self._handle.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def _open(self) -> IO[str]:
        """The log opened for appending; a new one starts with its issue and what a format-1 log held. A
        line a crash left torn is ended first, so that the next event is a line of its own."""
        fresh = not self.path.exists() or not self.path.stat().st_size
        self.path.parent.mkdir(parents=True, exist_ok=True)
        torn = not fresh and not _ends_a_line(self.path)
        handle = self.path.open("a", encoding="utf-8")
        if torn:
            handle.write("\n")
        if fresh:
            known = (json.dumps(asdict(entry), ensure_ascii=False) for entry in self.entries.values())
            lines = [json.dumps({"format": FORMAT, "issue": self.issue, "id": self.ident}), *known]
            handle.write("\n".join(lines) + "\n")
        return handle

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def _ends_a_line(path: Path) -> bool:
    """Whether the file's last byte ends a line (read alone: a log of 10,000 recipients is megabytes)."""
    with path.open("rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


_KEYS = {field.name for field in fields(LogEntry)}
_KINDS = {"recipient": str, "message_id": str, "result": str, "reply": str, "time": str, "attempts": int}
_KIND_NAMES = {str: "text", int: "a whole number"}


def _entry(line: str) -> LogEntry | None:
    """The event on one line; None for a line torn by a crash mid-write (no whole JSON value: a torn
    line never is). ValueError for a whole line that is not an event: a hand edit or another program's,
    which read as it stands would send a second copy or none (a "recipient" that is a list stopped the
    run with a traceback; a "result" of null read as "not accepted")."""
    try:
        data = json.loads(line)
    except ValueError:
        return None
    return _checked(data)


def _checked(data: object) -> LogEntry:
    if not isinstance(data, dict) or set(data) != _KEYS:
        raise ValueError(f"an event has the keys {', '.join(field.name for field in fields(LogEntry))}")
    for key, kind in _KINDS.items():
        value = data[key]
        if not isinstance(value, kind) or isinstance(value, bool):  # true is an int to Python, not to a log
            raise ValueError(f'"{key}" is {_shown(value)}, not {_KIND_NAMES[kind]}')
    if data["result"] not in RESULTS:
        raise ValueError(f'"result" is {_shown(data["result"])}, not one of {", ".join(RESULTS)}')
    return LogEntry(**data)


def _shown(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)[:60]
