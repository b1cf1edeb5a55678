"""Sending composed messages over SMTP, one connection, with TLS that is verified.

STARTTLS on port 587 by default, or TLS from the first byte (--ssl, port 465); the server's
certificate is checked against the system's CAs or `cafile`, and a server that offers no
STARTTLS is refused rather than spoken to in the clear. Answers are sorted as RFC 5321 sorts
them: 2xx accepted; 4xx (and a lost connection) temporary, so the message is tried again after
a growing pause; 5xx permanent, so the recipient is recorded as refused and the next one is
tried. When a message is still deferred after its retries, the server is not taking mail for
now: the run stops, and every later message is reported "not sent" (a rerun sends them). A
deferral of one recipient only (4xx to RCPT: a full mailbox, greylisting) does not stop the run.
A message whose content went to the server with no answer back (the connection lost during
DATA) is "in doubt": the server may have kept it, so it is never offered again by itself; two
in a row stop the run, as a server that keeps hanging up would leave everyone in doubt.

A message sent is dated when it is sent (RFC 5322's origination date), or at SOURCE_DATE_EPOCH
when that is set: composed, it carries the bulletin's date so that its .eml is reproducible, but
mail dated years back is filed there by readers' clients and marked down by spam filters.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import smtplib
import socket
import ssl
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from itertools import takewhile
from typing import Any, Literal

from .. import interrupt
from ..errors import MailError
from ..formatting import source_date_epoch
from ..validation import check_argument

Status = Literal["accepted", "refused", "deferred", "in doubt", "not sent"]
PORTS = {"starttls": 587, "ssl": 465}
BACKOFF = 2.0  # seconds before the first retry of a deferred message; doubled for each next one
# --rate's range, messages a minute: one in 33 hours at least (a rate of 1e-300 overflowed the pause's clock)
RATES = (0.0005, 1_000_000.0)
# Recipients deferred one after another at RCPT: past this many, the server is deferring everyone (a rate
# limit, a full disk), and each next one would cost its retries' pauses for nothing.
DEFERRED_IN_A_ROW = 3
# Seconds the server may take to answer a message's content: RFC 5321 (4.5.3.2.6) gives it ten minutes, which
# a relay scanning attachments under load may need; every other answer is awaited SmtpServer.timeout.
DATA_TIMEOUT = 600.0
# OpenSSL's verify codes for a certificate made out to another host name or IP address.
_HOSTNAME_MISMATCH, _IP_ADDRESS_MISMATCH = 62, 64


@dataclass(frozen=True)
class SmtpServer:
    """Where and how to send: host, port, "starttls" or "ssl", the login (user and password) if the server
    wants one, a CA file for a private CA, and the seconds to wait for an answer."""

    host: str
    port: int = 587
    security: Literal["starttls", "ssl"] = "starttls"
    user: str | None = None
    password: str | None = None
    cafile: str | None = None
    timeout: float = 60.0

    def __post_init__(self) -> None:
        # Checked here, not at connect time ("Servname not supported" for port "x", "25" taken as given).
        check_argument("host", self.host, (str,))
        check_argument("port", self.port, (int,))
        check_argument("timeout", self.timeout, (int, float))
        for key in ("user", "password", "cafile"):
            check_argument(key, getattr(self, key), (str, type(None)))
        if not 0 < self.port < 65536:
            raise MailError(f"port {self.port} is no TCP port; give one from 1 to 65535")
        if self.security not in ("starttls", "ssl"):
            raise MailError(f"security {self.security!r} is not known; allowed: starttls, ssl (plain text is not sent)")
        if not self.timeout > 0:
            raise MailError(f"timeout {self.timeout!r} must be more than 0 seconds")
        # Python's SMTP client sends a login in ASCII only: anything else failed with a traceback mid-send.
        for what, value in (("user name", self.user), ("password", self.password)):
            if value is not None and not value.isascii():
                raise MailError(
                    f"the SMTP {what} holds characters other than ASCII, which the login cannot carry; "
                    "use an ASCII one (an app password, say)"
                )

    def __repr__(self) -> str:  # never print the password (tracebacks, logs)
        return f"SmtpServer({self.host!r}, {self.port}, {self.security!r}, user={self.user!r})"

    @classmethod
    def parse(
        cls,
        spec: str,
        *,
        ssl: bool = False,
        user: str | None = None,
        password: str | None = None,
        cafile: str | None = None,
    ) -> SmtpServer:
        """A server from "HOST[:PORT]" (port 587 for STARTTLS, 465 with `ssl`; port 465 is always `ssl`); an
        IPv6 address is written in brackets, "[::1]:587"."""
        if spec.startswith("["):
            host, bracket, rest = spec[1:].partition("]")
            port = rest.removeprefix(":")
            malformed = not bracket or (rest != "" and not rest.startswith(":"))
        else:
            host, _, port = spec.rpartition(":") if ":" in spec else (spec, "", "")
            malformed = ":" in host  # an IPv6 address without its brackets
        digits = port.isascii() and port.isdigit()  # not "²", which isdigit() takes and int() refuses
        if not host or malformed or any(char.isspace() for char in host) or (port and not digits):
            raise MailError(f"--smtp {spec!r} is not HOST or HOST:PORT (e.g. smtp.example.org:587, [::1]:587)")
        # Port 465 speaks TLS from the first byte (RFC 8314): a STARTTLS greeting there waited out every
        # timeout (four minutes) before it failed.
        security: Literal["starttls", "ssl"] = "ssl" if ssl or (port and int(port) == PORTS["ssl"]) else "starttls"
        number = int(port) if port else PORTS[security]
        if not 0 < number < 65536:
            raise MailError(f"--smtp {spec!r}: port {number} is not from 1 to 65535")
        return cls(host, number, security, user=user, password=password, cafile=cafile)


@dataclass(frozen=True)
class SendResult:
    """What became of one message: its recipient and Message-ID, its status, the server's last reply
    ("250 2.0.0 OK", "550 5.1.1 no such user") and how many times it was offered."""

    recipient: str
    message_id: str
    status: Status
    reply: str
    attempts: int

    @property
    def reached(self) -> bool:
        return self.status == "accepted"


class _Temporary(Exception):
    """A 4xx answer or a lost connection: worth trying again later. `one_recipient`: the server deferred
    only this recipient (at RCPT), not mail as a whole."""

    def __init__(self, reply: str, one_recipient: bool = False) -> None:
        super().__init__(reply)
        self.reply, self.one_recipient = reply, one_recipient


class _InDoubt(Exception):
    """The connection was lost after the message's content went to the server: it may have kept it."""

    def __init__(self, reply: str) -> None:
        super().__init__(reply)
        self.reply = reply


def send(
    messages: Iterable[EmailMessage],
    smtp: SmtpServer | str,
    *,
    rate: float | None = None,
    retries: int = 3,
    backoff: float | None = None,
    on_result: Callable[[SendResult], None] | None = None,
    on_offer: Callable[[str, str], None] | None = None,
    on_deferred: Callable[[SendResult], None] | None = None,
    sleep: Callable[[float], None] | None = None,
    clock: Callable[[], float] | None = None,
) -> list[SendResult]:
    """Send each message to its To address over one connection; a result per message, in order.

    `smtp` is an SmtpServer or "HOST[:PORT]" (STARTTLS, no login). `rate` caps messages per
    minute. A message whose connection was lost while the server took it is "in doubt" and not
    offered again. A temporary failure is retried `retries` times, after `backoff` seconds (default
    BACKOFF), then twice that, and so on; `sleep` and `clock` are the pauses' (default time.sleep
    and time.monotonic; tests pass their own). `on_result` hears each result as soon as it is
    known (the send log writes itself there); `on_offer` hears (recipient, Message-ID) just before a
    message's content goes to the server, which may keep it even if no answer comes back (the send
    log marks it, so that a run stopped then never sends it twice); `on_deferred` hears of a message
    whose content the server answered with a 4xx, before it is tried again: the server did not keep it
    (the send log notes that too, so that a run stopped during the pause sends it later). A server that
    cannot be reached at all, trusted
    (certificate) or logged in to, that offers no STARTTLS or asks for a login not given raises
    MailError.
    """
    check_argument("smtp", smtp, (SmtpServer, str))
    check_argument("messages", messages, (Iterable,))
    check_argument("retries", retries, (int,))
    check_argument("rate", rate, (int, float, type(None)))
    if retries < 0:
        raise MailError(f"retries must be 0 or more, got {retries}")
    if rate is not None and (complaint := rate_complaint(rate)):
        raise MailError(complaint)
    server = smtp if isinstance(smtp, SmtpServer) else SmtpServer.parse(smtp)
    session = _Session(server, 60.0 / rate if rate else 0.0, sleep or time.sleep, clock or time.monotonic)
    session.on_offer = on_offer
    pause = BACKOFF if backoff is None else backoff
    results: list[SendResult] = []
    stopped: str | None = None  # why the rest are not tried, once the server keeps deferring
    try:
        for msg in messages:
            check_argument("each message", msg, (EmailMessage,))  # a str reached msg["To"] as a raw TypeError
            to, message_id = _envelope(msg)
            if stopped is None:
                composed = msg["Date"]  # the caller's message keeps its own date: dated only as it is sent
                _set(msg, "Date", _sending_date())
                try:
                    status, reply, attempts, one_recipient = _attempts(session, msg, retries, pause, on_deferred)
                finally:
                    _set(msg, "Date", composed)
                if status == "deferred" and not session.reached:
                    raise MailError(f"{reply}; nothing was sent")  # the server was never reached
                in_a_row = _in_a_row(results, status) + 1  # this one too
                if status == "deferred" and (not one_recipient or in_a_row >= DEFERRED_IN_A_ROW):
                    stopped = f"not tried: the server deferred {to} ({reply})"
                if status == "in doubt" and in_a_row >= 2:
                    stopped = f"not tried: the server hung up twice in a row while taking a message ({reply})"
                result = SendResult(to, message_id, status, reply, attempts)
            else:
                result = SendResult(to, message_id, "not sent", stopped, 0)
            results.append(result)
            if on_result is not None:
                on_result(result)
            interrupt.stop_if_asked()  # a Ctrl-C that came while the server took the message
    except KeyboardInterrupt:
        # Stopped: a server that stopped answering is not waited on for QUIT's reply, a minute (a trial's
        # second Ctrl-C, "stops at once", took 60 s).
        session.abandon()
        raise
    finally:
        session.close()
    return results


def rate_complaint(rate: float) -> str | None:
    """What is wrong with a rate of `rate` messages a minute, or None."""
    low, high = RATES
    if low <= rate <= high:  # NaN is neither
        return None
    return f"rate must be from {low:g} (one message in 33 hours) to {high:,.0f} messages a minute, got {rate}"


def _in_a_row(results: list[SendResult], status: Status) -> int:
    """How many of the last `results` have `status`, counting back to the first that has not."""
    return sum(1 for _ in takewhile(lambda result: result.status == status, reversed(results)))


def _nothing(dry_run: bool) -> str:
    return "nothing would be sent" if dry_run else "nothing was sent"


def check_server(smtp: SmtpServer, sender: str | None = None, dry_run: bool = True) -> str:
    """Connect to the server as a send would (TLS verified, the login given), ask it to take mail from
    `sender` if given, and leave at once: what a dry run says of it ("127.0.0.1:587 takes mail
    (STARTTLS, logged in as news)"); a MailError if it cannot be reached, trusted or logged in to, or
    refuses that sender, saying that nothing would be sent (a dry run) or was (a run that asks first)."""
    try:
        connection = _connect(smtp)
    except _Temporary as exc:
        raise MailError(f"{exc.reply}; {_nothing(dry_run)}") from None
    try:
        if sender is not None:  # a server that refuses the From address refused every message of a real run
            code, text = connection.mail(sender)
            if code == 530:
                raise _login_asked(connection, _reply(code, text))
            if code != 250:
                raise MailError(
                    f"{smtp.host}:{smtp.port} refuses mail from {sender} ({_reply(code, text)}); "
                    f"{_nothing(dry_run)}: give --from an address this login may send from"
                )
            connection.rset()
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"cannot talk to {smtp.host}:{smtp.port}: {exc}; {_nothing(dry_run)}") from None
    finally:
        _quit(connection)
    login = f", logged in as {smtp.user}" if smtp.user else ""
    return f"{smtp.host}:{smtp.port} takes mail ({'TLS' if smtp.security == 'ssl' else 'STARTTLS'}{login})"


def resent(msg: EmailMessage, earlier: int, log: str = "") -> EmailMessage:
    """`msg` with a Message-ID of its own for a copy sent again on purpose (--resend), numbered by the
    `earlier` copies the send log records for its reader, in the log named `log` (SendLog.ident): a
    reader's mail service quietly drops a message whose Message-ID it already has. Not from the time the
    copy is sent: under SOURCE_DATE_EPOCH (or twice in a second) every resend had the same ID, and the
    second copy never arrived; numbered, a rerun from the same log still writes the same bytes, and a log
    begun anew (the old one moved away) numbers its copies apart from the old one's (a review)."""
    old = str(msg["Message-ID"] or "<issue@briefexport>")
    domain = old.strip("<>").rpartition("@")[2] or "briefexport"
    digest = hashlib.sha256(f"{old}\0resent\0{earlier}\0{log}".encode()).hexdigest()[:32]
    _set(msg, "Message-ID", f"<{digest}@{domain}>")
    return msg


def retried(msg: EmailMessage, earlier: str | None) -> EmailMessage:
    """`msg` sent again as the copy an earlier run offered and the server put off, whose Message-ID the
    send log holds (`earlier`; None: no such copy): it is that copy, not a new one. A copy sent with
    --resend and deferred went again with the first copy's Message-ID, which the reader's service had."""
    if earlier:
        _set(msg, "Message-ID", earlier)
    return msg


def _set(msg: EmailMessage, header: str, value: str | None) -> None:
    """Set `header` in its place (or at the end, if the message has none); None removes it."""
    if value is None:
        del msg[header]
    elif header in msg:
        msg.replace_header(header, value)
    else:
        msg[header] = value


def _sending_date() -> str:
    """Now, or SOURCE_DATE_EPOCH, as a Date header."""
    try:
        epoch = source_date_epoch()
    except ValueError as exc:
        raise MailError(str(exc)) from None
    when = dt.datetime.now(dt.UTC) if epoch is None else dt.datetime.fromtimestamp(epoch, dt.UTC)
    return format_datetime(when.replace(microsecond=0))


class _Session:
    """One connection, opened when first needed and again after the server hung up, and the pace:
    at least `gap` seconds from one offer to the next."""

    def __init__(
        self, server: SmtpServer, gap: float, sleep: Callable[[float], None], clock: Callable[[], float]
    ) -> None:
        self.server, self.gap, self.sleep, self.clock = server, gap, sleep, clock
        self.connection: smtplib.SMTP | None = None
        self.reached = False  # whether a connection was ever made
        self.on_offer: Callable[[str, str], None] | None = None
        self.went = False  # whether the last offer's content went to the server
        self.last = -gap

    def offer(self, msg: EmailMessage) -> tuple[Status, str]:
        wait = self.last + self.gap - self.clock()
        if wait > 0:
            self.sleep(wait)
        if self.connection is None or self.connection.sock is None:  # not yet open, or the server hung up
            self.connection = _connect(self.server)
            self.reached = True
        self.last = self.clock()
        self.went = False
        return _offer(self.connection, msg, self._going)

    def _going(self, recipient: str, message_id: str) -> None:
        self.went = True
        if self.on_offer is not None:
            self.on_offer(recipient, message_id)

    def close(self) -> None:
        if self.connection is not None:
            _quit(self.connection)
            self.connection = None

    def abandon(self) -> None:
        """The connection closed without a word to the server."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def _attempts(
    session: _Session,
    msg: EmailMessage,
    retries: int,
    pause: float,
    on_deferred: Callable[[SendResult], None] | None,
) -> tuple[Status, str, int, bool]:
    """Offer one message until it is accepted, refused or in doubt, or has been deferred `retries` + 1
    times: the status, the last reply, the number of offers and whether the last deferral was of this
    recipient only. `on_deferred` hears of each deferral after its content went (send's)."""
    reply, one_recipient = "", False
    for attempt in range(1, retries + 2):
        try:
            status, reply = session.offer(msg)
            return status, reply, attempt, False
        except _InDoubt as exc:
            return "in doubt", exc.reply, attempt, False
        except _Temporary as exc:
            reply, one_recipient = exc.reply, exc.one_recipient
            if session.went and on_deferred is not None:
                on_deferred(SendResult(*_envelope(msg), "deferred", reply, attempt))
        if interrupt.asked():  # a Ctrl-C came while the server took it: no retry, the run stops
            return "deferred", reply, attempt, one_recipient
        if attempt <= retries:
            session.sleep(pause * 2 ** (attempt - 1))
    return "deferred", reply, retries + 1, one_recipient


def _envelope(msg: EmailMessage) -> tuple[str, str]:
    """The message's one recipient and its Message-ID, once it is known to be one send() hands over as it is:
    one From and one To address, plain ASCII (no SMTPUTF8 here), and no Cc or Bcc, which would go to the
    recipient unsent (a Bcc shows its address to them)."""
    addresses: tuple[Any, ...] = getattr(msg["To"], "addresses", ())
    if len(addresses) != 1:
        raise MailError(f"a message to send has {len(addresses)} To addresses; compose one message per recipient")
    senders: tuple[Any, ...] = getattr(msg["From"], "addresses", ())
    if len(senders) != 1:
        raise MailError(f"a message to send has {len(senders)} From addresses; it needs exactly one, the sender's")
    for field in ("Cc", "Bcc"):
        if msg[field] is not None:
            raise MailError(
                f"a message to send has a {field} header, which send() does not deliver to; "
                "compose one message per recipient"
            )
    for who in (senders[0], addresses[0]):
        if not who.addr_spec.isascii():
            raise MailError(f"address {who.addr_spec!r} is not ASCII, which this sender cannot hand over (SMTPUTF8)")
    return str(addresses[0].addr_spec), str(msg["Message-ID"] or "")


# The most of one answer read: a server that sent "250-" lines without end filled the memory.
MAX_ANSWER = 2**20


class _AnswerReader(socket.SocketIO):
    """The socket as smtplib reads answers from it, each answer waited for `within` seconds in all: the
    socket's timeout bounds each read alone, and a server trickling a byte or a line at a time kept the
    client waiting for ever (RFC 5321 4.5.3.2 times an answer, not a read)."""

    deadline: float | None = None
    within = 0.0
    left = MAX_ANSWER  # bytes the answer may still take

    def readinto(self, buffer: Any) -> int | None:
        if self.deadline is not None:
            wait = self.deadline - time.monotonic()
            if wait <= 0:
                raise TimeoutError(f"no whole answer in {self.within:g} s")
            self._sock.settimeout(wait)  # type: ignore[attr-defined]
        try:
            read = super().readinto(buffer)
        except TimeoutError:
            raise TimeoutError(f"no whole answer in {self.within:g} s") from None
        self.left -= read or 0
        if self.left < 0:
            raise OSError(f"an answer longer than {MAX_ANSWER // 1024} KB")
        return read


class _SMTP(smtplib.SMTP):
    """smtplib's client, each answer awaited at most the socket's timeout in all (_AnswerReader)."""

    def getreply(self) -> tuple[int, bytes]:
        assert self.sock is not None  # a reply is read from a connected socket
        if self.file is None or not isinstance(self.file.raw, _AnswerReader):
            self.file = io.BufferedReader(_AnswerReader(self.sock, "rb"))
        reader, timeout = self.file.raw, self.sock.gettimeout()
        reader.within = timeout or self.timeout
        reader.deadline, reader.left = time.monotonic() + reader.within, MAX_ANSWER
        try:
            return super().getreply()
        finally:
            reader.deadline = None
            if self.sock is not None:
                self.sock.settimeout(timeout)


class _SMTP_SSL(_SMTP, smtplib.SMTP_SSL):
    pass


def _context(server: SmtpServer) -> ssl.SSLContext:
    try:
        return ssl.create_default_context(cafile=server.cafile)  # verifies the chain and the host name
    except (OSError, ssl.SSLError) as exc:
        raise MailError(f"--cafile {server.cafile!r} cannot be read as PEM certificates ({exc})") from None


def _connect(server: SmtpServer) -> smtplib.SMTP:
    where = f"{server.host}:{server.port}"
    context = _context(server)
    try:
        connection: smtplib.SMTP
        if server.security == "ssl":
            connection = _SMTP_SSL(server.host, server.port, timeout=server.timeout, context=context)
            connection.ehlo()  # a login greets the server itself; without one, MAIL came before any EHLO (503)
        else:
            try:
                connection = _SMTP(server.host, server.port, timeout=server.timeout)
            except smtplib.SMTPServerDisconnected as exc:  # connected, but no greeting came (a connect that
                # timed out is a TimeoutError: an address that does not answer, not a server waiting for TLS)
                # a server that speaks TLS from its first byte waits for ours, and says nothing
                raise _Temporary(
                    f"cannot talk to {where}: no greeting ({exc}); if it speaks TLS from its first byte "
                    "(as on port 465), add --ssl"
                ) from None
            connection.ehlo()
            if not connection.has_extn("starttls"):
                connection.close()
                raise MailError(
                    f"{where} offers no STARTTLS; briefexport sends only over TLS, never in the clear: if the "
                    "server speaks TLS from its first byte (port 465), add --ssl; else use a server with TLS"
                )
            connection.starttls(context=context)
            connection.ehlo()
        if server.user:
            connection.login(server.user, server.password or "")
        return connection
    except ssl.SSLCertVerificationError as exc:
        if exc.verify_code in (_HOSTNAME_MISMATCH, _IP_ADDRESS_MISMATCH):  # --cafile cannot help with that
            raise MailError(
                f"{where}: the server's certificate is for another name ({exc.verify_message}); "
                "give --smtp the host name its certificate names"
            ) from None
        raise MailError(
            f"{where}: the server's certificate is not trusted ({exc.verify_message}); pass --cafile for a private CA"
        ) from None
    except ssl.SSLError as exc:
        if exc.reason != "WRONG_VERSION_NUMBER":  # what OpenSSL says of a plain-text greeting
            raise _Temporary(f"cannot talk to {where}: {exc}") from None
        raise MailError(
            f"{where} does not speak TLS from its first byte, as --ssl (or port 465) expects; without --ssl, "
            "STARTTLS is used (port 587). A server without TLS is not supported: briefexport never sends in the clear"
        ) from None
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(
            f"{where} refused the login of {server.user!r}: {_reply(exc.smtp_code, exc.smtp_error)}"
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise MailError(f"{where} offers no login (AUTH) over this connection; send without --user") from None
    except smtplib.SMTPResponseException as exc:
        if 400 <= exc.smtp_code < 500:
            raise _Temporary(_reply(exc.smtp_code, exc.smtp_error)) from None
        raise MailError(f"{where} refused the connection: {_reply(exc.smtp_code, exc.smtp_error)}") from None
    except (OSError, smtplib.SMTPException) as exc:  # refused, unreachable, timed out, hung up
        raise _Temporary(f"cannot talk to {where}: {exc}") from None


def _offer(
    connection: smtplib.SMTP, msg: EmailMessage, on_offer: Callable[[str, str], None] | None = None
) -> tuple[Status, str]:
    """Hand one message over, command by command so that the server's own final reply is kept:
    ("accepted", reply) or ("refused", reply); raises _Temporary for 4xx answers and connections lost
    before the content went, _InDoubt for one lost after. `on_offer` hears of the message before its
    content goes (DATA)."""
    from .policy import POLICY

    sender = msg["From"].addresses[0].addr_spec
    to = msg["To"].addresses[0].addr_spec
    offered = False
    try:
        connection.ehlo_or_helo_if_needed()
        code, text = connection.mail(sender)
        if code != 250:
            return _refused(connection, code, text)
        code, text = connection.rcpt(to)
        if code not in (250, 251):
            return _refused(connection, code, text, one_recipient=True)
        content = msg.as_bytes(policy=POLICY)
        # DATA and its 354 first, as smtplib's data() would, apart: a server that hung up on DATA had had
        # no byte of the message, and its recipients were left in doubt for good (a list manager's trial).
        code, text = connection.docmd("DATA")
        if code != 354:
            return _refused(connection, code, text)
        # Once the content goes, the message is finished before a Ctrl-C stops the run (one in the middle
        # left the recipient in doubt), and the server has the ten minutes RFC 5321 gives it to answer.
        with interrupt.holding(f"finishing the message to {to}, which the server is taking"):
            if on_offer is not None:
                on_offer(to, str(msg["Message-ID"] or ""))
            offered = True
            try:
                if connection.sock is not None:
                    connection.sock.settimeout(max(DATA_TIMEOUT, connection.timeout))
                connection.send(_DOT_AT_LINE_START.sub(b"..", content).removesuffix(b"\r\n") + b"\r\n.\r\n")
                code, text = connection.getreply()
            finally:
                if connection.sock is not None:
                    connection.sock.settimeout(connection.timeout)
    except (OSError, smtplib.SMTPServerDisconnected) as exc:  # the connection died, perhaps mid-DATA
        connection.close()
        why = exc or "closed by the server"
        if offered:  # sent again, it could arrive twice (RFC 5321 6.1): the reader decides, with --resend
            raise _InDoubt(f"connection lost while the server took the message: {why}") from None
        raise _Temporary(f"connection lost: {why}") from None
    if code != 250:
        return _refused(connection, code, text)
    return "accepted", _reply(code, text)


# RFC 5321 4.5.2's transparency: a line of the content that starts with a dot gets another.
_DOT_AT_LINE_START = re.compile(rb"(?m)^\.")


def _refused(
    connection: smtplib.SMTP, code: int, text: bytes | str, *, one_recipient: bool = False
) -> tuple[Status, str]:
    """A refusal: 5xx is final for this recipient; 4xx (421 closes the connection) is tried again
    (`one_recipient`: the answer to RCPT, which defers this recipient only, unless it is 421)."""
    reply = _reply(code, text)
    if code == 530:  # every message would be refused so: one error, not one per recipient
        connection.close()
        raise _login_asked(connection, reply)
    try:
        if code == 421:
            connection.close()
        else:
            connection.rset()  # forget this transaction; the connection is good for the next one
    except (OSError, smtplib.SMTPException):
        connection.close()
    if code >= 500:
        return "refused", reply
    raise _Temporary(reply, one_recipient and code != 421)


def _login_asked(connection: smtplib.SMTP, reply: str) -> MailError:
    """The error for a 530 (authentication required), saying whether a login was given."""
    user = getattr(connection, "user", None)  # smtplib keeps the name it logged in with
    said = f", though logged in as {user!r}" if user else ": pass --user NAME"
    return MailError(f"the server asks for a login ({reply}){said}")


def _reply(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(words.split())}"


def _quit(connection: smtplib.SMTP) -> None:
    try:
        connection.quit()
    except (OSError, smtplib.SMTPException):
        connection.close()
