"""A real SMTP server for the mail tests: aiosmtpd on 127.0.0.1, STARTTLS with a certificate from a
test CA (trustme), AUTH required, and a handler that can be told to fail the way servers do."""

from __future__ import annotations

import asyncio
import socket
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

USER, PASSWORD = "news", "s3cret pass"


@dataclass
class Mailbox:
    """What the server received, and how it misbehaves: `defer_after` answers 451 to every message
    after that many were accepted; `drop_after` hangs up in the middle of DATA (before its reply)
    after that many, `drop_times` times (None: every time); `refuse` answers 550 for those addresses,
    `refuse_from` 553 for those senders,
    `greylist` 450 (to RCPT: that recipient only, for now)."""

    received: list[tuple[list[str], bytes]] = field(default_factory=list)
    defer_after: int | None = None
    drop_after: int | None = None
    drop_times: int | None = None
    refuse: set[str] = field(default_factory=set)
    refuse_from: set[str] = field(default_factory=set)
    greylist: set[str] = field(default_factory=set)
    logins: list[tuple[bytes, bytes]] = field(default_factory=list)
    answer_after: float = 0.0  # seconds before the answer to a message's content (a relay scanning it)
    drop_at_data_command: int = 0  # times to hang up on the DATA command itself, before its 354

    def healthy(self) -> None:
        self.defer_after = self.drop_after = self.drop_times = None
        self.greylist = set()

    def recipients(self) -> list[str]:
        return [to for tos, _ in self.received for to in tos]

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        if address in self.refuse_from:
            return "553 5.7.1 sender address rejected: not owned by user news"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        if address in self.greylist:
            return "450 4.2.0 greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.answer_after:
            await asyncio.sleep(self.answer_after)
        accepted = len(self.received)
        if self.drop_after is not None and accepted >= self.drop_after and self.drop_times != 0:
            if self.drop_times is not None:
                self.drop_times -= 1
            server.transport.abort()  # the message arrived whole, but no reply will
            return "421 4.3.0 gone"
        if self.defer_after is not None and accepted >= self.defer_after:
            return "451 4.3.0 try again later"
        self.received.append((list(envelope.rcpt_tos), bytes(envelope.original_content or envelope.content)))
        return "250 2.0.0 queued"


class _Smtp(SMTP):
    """aiosmtpd's server, hanging up on the DATA command when its Mailbox says so."""

    async def smtp_DATA(self, arg: str) -> None:
        mailbox = self.event_handler
        if mailbox.drop_at_data_command:
            mailbox.drop_at_data_command -= 1
            assert self.transport is not None
            self.transport.abort()
            return
        await super().smtp_DATA(arg)


class _Controller(Controller):
    def factory(self) -> SMTP:
        return _Smtp(self.handler, **self.SMTP_kwargs)


def _authenticator(mailbox: Mailbox):  # type: ignore[no-untyped-def]
    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        mailbox.logins.append((data.login, data.password))
        ok = (data.login, data.password) == (USER.encode(), PASSWORD.encode())
        return AuthResult(success=ok, handled=ok)  # handled=False: the server answers 535 itself

    return check


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    port: int
    cafile: Path
    mailbox: Mailbox
    controller: Controller

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


def start(
    folder: Path,
    ca: trustme.CA | None = None,
    starttls: bool = True,
    implicit: bool = False,
    login: bool = True,
    names: tuple[str, ...] = ("127.0.0.1", "localhost"),
) -> Server:
    """A running server whose certificate `ca` signed (a new test CA by default) for `names`; `implicit`: TLS
    from the first byte (port 465's way) instead of STARTTLS; `login`: AUTH required (else a relay that
    trusts its senders by address)."""
    ca = ca or trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(*names).configure_cert(context)
    cafile = folder / "test-ca.pem"
    ca.cert_pem.write_to_path(str(cafile))
    mailbox = Mailbox()
    port = free_port()
    tls: dict[str, Any] = {}
    if implicit:
        # aiosmtpd counts only STARTTLS as TLS for AUTH; here every byte is encrypted already
        tls = {"ssl_context": context, "server_hostname": "127.0.0.1", "auth_require_tls": False}
    elif starttls:
        tls = {"tls_context": context, "require_starttls": True, "auth_require_tls": True}
    controller = _Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=_authenticator(mailbox),
        auth_required=login,
        **tls,
    )
    controller.start()
    return Server(port, cafile, mailbox, controller)
