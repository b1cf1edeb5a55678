"""The mail folder of one issue (dist/2024-02.mail/): the .eml files, or the send log.

Without a server, every recipient's message is written as an .eml file, which any mail client
opens; the files are replaced together, so a folder never holds half a mailing, and a file of a
recipient no longer on the list is removed. With a server, the folder keeps the send log.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from email.message import EmailMessage
from pathlib import Path

from ..output import remove_stale, write_together
from .policy import POLICY
from .recipients import Recipient
from .sendlog import SendLog

_SAFE = re.compile(r"[^a-z0-9@._+-]")


def mail_folder(out_dir: Path, source: Path, variant: str = "") -> Path:
    """The issue's mail folder: dist/2024-02.mail for source/2024-02.md; dist/2024-02.plain.mail for its
    messages in another style than its own (`variant`, as build names its files), so that they never
    replace the messages in its own."""
    return out_dir / f"{source.stem}{variant}.mail"


def recipient_of(msg: EmailMessage) -> str:
    """The message's To address, lower-case: its key in the send log and its .eml file's name."""
    return str(msg["To"].addresses[0].addr_spec).lower()


def eml_name(address: str) -> str:
    """A file name for an address: itself where it is made of safe characters, else with a short hash
    so that two addresses never share a file."""
    safe = _SAFE.sub("_", address.lower())
    if safe != address.lower() or safe.startswith("."):
        safe = f"{safe.lstrip('.')}-{hashlib.sha256(address.lower().encode()).hexdigest()[:8]}"
    return f"{safe}.eml"


def write_eml(messages: Iterable[EmailMessage], folder: Path) -> list[Path]:
    """Write one .eml file per message into `folder`, all or none; return them in order. Each message is
    written as it comes: 10,000 copies of an issue with its editions attached are never all in memory."""
    paths: list[Path] = []
    remove_stale(folder)  # what a killed run left half-written
    made = not folder.exists()

    def files() -> Iterator[tuple[Path, bytes]]:
        for msg in messages:
            paths.append(folder / eml_name(recipient_of(msg)))
            yield paths[-1], msg.as_bytes(policy=POLICY)

    try:
        write_together(files())
    except BaseException:
        if made:  # a run stopped or failed before its first message leaves no empty folder behind
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    kept = {path.name for path in paths}
    for entry in os.scandir(folder):
        if entry.name.endswith(".eml") and entry.name not in kept and entry.is_file(follow_symlinks=False):
            os.unlink(entry.path)  # a recipient no longer on the list
    return paths


def pending(recipients: list[Recipient], log: SendLog, resend: bool = False) -> list[Recipient]:
    """The recipients the log does not list as accepted, or as offered when a run stopped (they may have
    it); all of them with `resend`."""
    if resend:
        return recipients
    done = log.accepted() | log.uncertain()
    return [person for person in recipients if person.key not in done]
