"""Sending through a real SMTP server: aiosmtpd on 127.0.0.1 with STARTTLS (a test CA) and AUTH.

The flagship goes to 50 recipients and every received message is read back with the `email`
package. A server that starts deferring (451) or hangs up in the middle of DATA loses no one:
the rerun reaches exactly the recipients not yet accepted, no one gets the issue twice, and the
send log says so. Backoff pauses are the tests' own (no real sleeping).
"""

from __future__ import annotations

import csv
import dataclasses
import email
import json
import re
import shlex
import shutil
import signal
import socket
import threading
import time
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner

import briefexport
from briefexport.cli import main
from briefexport.errors import MailError
from briefexport.mail import Composer, SmtpServer, send
from briefexport.mail import smtp as smtp_module
from briefexport.mail.recipients import from_arguments
from briefexport.mail.smtp import check_server

from . import mailserver
from .conftest import FLAGSHIP

PEOPLE = [f"reader{n:02d}@example.org" for n in range(50)]


@pytest.fixture
def server(tmp_path):
    running = mailserver.start(tmp_path)
    yield running
    running.controller.stop()


@pytest.fixture
def login(server):
    return SmtpServer(
        "127.0.0.1", server.port, user=mailserver.USER, password=mailserver.PASSWORD, cafile=str(server.cafile)
    )


@pytest.fixture
def no_pauses(monkeypatch):
    """Backoff pauses of no length: the retries still happen, in order, without waiting."""
    monkeypatch.setattr(smtp_module, "BACKOFF", 0.0)


@pytest.fixture
def recipients_csv(tmp_path):
    path = tmp_path / "readers.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["email", "name"])
        writer.writerows([address, f"Reader {n} Əliyev"] for n, address in enumerate(PEOPLE))
    return path


def _mail(args, env=None):
    environment = {"BRIEFEXPORT_SMTP_PASSWORD": mailserver.PASSWORD, **(env or {})}
    return CliRunner().invoke(main, ["mail", str(FLAGSHIP), *args], env=environment)


def _send_args(server, recipients_csv, out):
    return [
        "--recipients", str(recipients_csv), "--smtp", server.address, "--cafile", str(server.cafile),
        "--user", mailserver.USER, "-o", str(out),
    ]  # fmt: skip


def _log(out: Path) -> dict[str, dict]:
    """What the send log last says of each recipient (JSON Lines: the issue, then one event a line)."""
    lines = (out / "2024-02.mail" / "send-log.jsonl").read_text(encoding="utf-8").splitlines()
    head = json.loads(lines[0])
    assert head == {"format": 2, "issue": briefexport.load(FLAGSHIP).metadata.uid, "id": head["id"]}
    assert re.fullmatch("[0-9a-f]{16}", head["id"])  # the log's own name (resent copies' Message-IDs)
    return {entry["recipient"]: entry for entry in map(json.loads, lines[1:])}


def test_the_flagship_reaches_50_readers_over_starttls_with_login_and_reads_back_whole(server, login, flagship):
    composer = Composer(flagship, sender="AIR Center <news@aircenter.az>")
    results = send(composer.compose_all(PEOPLE), login)
    assert [r.status for r in results] == ["accepted"] * 50
    assert all(r.reply.startswith("250 ") for r in results)
    assert server.mailbox.logins[0] == (mailserver.USER.encode(), mailserver.PASSWORD.encode())
    assert sorted(server.mailbox.recipients()) == PEOPLE
    docx = briefexport.render(flagship, "docx")
    ids = set()
    for tos, raw in server.mailbox.received:
        msg = email.message_from_bytes(raw, policy=policy.default)
        assert msg["To"].addresses[0].addr_spec == tos[0]
        assert msg.get_content_type() == "multipart/mixed"
        alternative, attachment = msg.get_payload()
        assert [p.get_content_type() for p in alternative.get_payload()] == ["text/plain", "text/html"]
        assert attachment.get_filename() == "AIR Center Bulletin — February 2024.docx"
        assert attachment.get_content() == docx  # byte for byte the Word edition
        assert msg["Subject"] == "AIR Center Bulletin — February 2024"
        ids.add(msg["Message-ID"])
    assert len(ids) == 50  # one Message-ID per recipient


def test_a_server_that_starts_deferring_after_20_loses_no_one_and_the_rerun_sends_the_other_30(
    server, recipients_csv, tmp_path, no_pauses
):
    server.mailbox.defer_after = 20
    first = _mail(_send_args(server, recipients_csv, tmp_path / "out"))
    assert first.exit_code == 1, first.output
    assert "20 sent, 0 accepted before, 0 in doubt, 30 not reached" in first.output
    assert "not reached: reader20@example.org: deferred: 451 4.3.0 try again later" in first.output
    log = _log(tmp_path / "out")
    assert sorted(k for k, e in log.items() if e["result"] == "accepted") == PEOPLE[:20]
    assert log["reader20@example.org"]["result"] == "deferred"
    assert log["reader20@example.org"]["attempts"] == 4  # the first try and three retries

    server.mailbox.healthy()
    second = _mail(_send_args(server, recipients_csv, tmp_path / "out"))
    assert second.exit_code == 0, second.output
    assert "30 sent, 20 accepted before, 0 in doubt, 0 not reached" in second.output
    assert server.mailbox.recipients() == PEOPLE  # each once, in order
    assert {e["result"] for e in _log(tmp_path / "out").values()} == {"accepted"}


def test_a_connection_lost_mid_data_leaves_that_reader_in_doubt_never_sent_twice_and_the_others_reached(
    server, recipients_csv, tmp_path, no_pauses
):
    """The server may have kept a message whose content went before the connection was lost: retried,
    it could arrive twice (the log's "offered" was overwritten by the retries' answers). It is in doubt
    instead, listed with the command that sends it if the reader has not got it, and never sent again
    by itself, in this run or the next."""
    server.mailbox.drop_after, server.mailbox.drop_times = 10, 1  # one hang-up, then well again
    first = _mail(_send_args(server, recipients_csv, tmp_path / "out"))
    assert first.exit_code == 1, first.output
    assert "49 sent, 0 accepted before, 1 in doubt, 0 not reached" in first.output
    advice = "send with --to 'Reader 10 Əliyev <reader10@example.org>' --resend"  # as the list names them
    assert (
        "in doubt: reader10@example.org: connection lost while the server took the message: Connection "
        f"unexpectedly closed; it may have arrived: if not, {advice}"
    ) in first.stderr
    assert server.mailbox.recipients() == PEOPLE[:10] + PEOPLE[11:]  # this server dropped it; others may not
    assert _log(tmp_path / "out")["reader10@example.org"]["result"] == "in doubt"
    second = _mail(_send_args(server, recipients_csv, tmp_path / "out"))
    assert second.exit_code == 1, second.output  # not known to have it until someone looks
    assert "0 sent, 49 accepted before, 1 in doubt, 0 not reached" in second.output
    assert "not sent again: reader10@example.org may have it" in second.stderr and advice in second.stderr
    assert len(server.mailbox.received) == 49
    # Following the advice sends the copy the list would have: with the reader's name (a French trial's
    # advice gave the address alone, and the copy came without it).
    options = shlex.split(advice.removeprefix("send with "))
    third = _mail([*options, *_send_args(server, recipients_csv, tmp_path / "out")[2:]])
    assert third.exit_code == 0, third.output
    to = email.message_from_bytes(server.mailbox.received[-1][1], policy=policy.default)["To"]
    assert (to.addresses[0].display_name, to.addresses[0].addr_spec) == ("Reader 10 Əliyev", PEOPLE[10])


def test_a_server_that_hangs_up_on_the_data_command_had_nothing_of_the_message_and_it_is_sent_again(
    server, recipients_csv, tmp_path, no_pauses
):
    """A list manager's trial: a server that hung up on DATA, before its 354 and any byte of the content,
    left its recipients in doubt for good (the rerun sent them nothing): it is a lost connection like any
    before the content goes, and the message is tried again."""
    server.mailbox.drop_at_data_command = 1
    result = _mail(_send_args(server, recipients_csv, tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "50 sent, 0 accepted before, 0 in doubt, 0 not reached" in result.output
    assert server.mailbox.recipients() == PEOPLE  # each once


def test_a_server_that_keeps_hanging_up_mid_data_stops_the_run_after_two_and_the_rerun_reaches_exactly_the_rest(
    server, recipients_csv, tmp_path, no_pauses
):
    server.mailbox.drop_after = 35
    first = _mail(_send_args(server, recipients_csv, tmp_path / "out"))
    assert first.exit_code == 1
    assert "35 sent, 0 accepted before, 2 in doubt, 13 not reached" in first.output
    assert "the server hung up twice in a row while taking a message" in first.output
    server.mailbox.healthy()
    second = _mail(_send_args(server, recipients_csv, tmp_path / "out"))
    assert second.exit_code == 1, second.output
    assert "13 sent, 35 accepted before, 2 in doubt, 0 not reached" in second.output
    assert server.mailbox.recipients() == PEOPLE[:35] + PEOPLE[37:]
    third = _mail(_send_args(server, recipients_csv, tmp_path / "out"))  # nothing left to send
    assert "0 sent, 48 accepted before, 2 in doubt, 0 not reached" in third.output
    assert len(server.mailbox.received) == 48


def test_a_recipient_deferred_at_rcpt_does_not_stop_the_run_and_the_rerun_reaches_them(
    server, recipients_csv, tmp_path, no_pauses
):
    """A greylisting (450 to RCPT) of the fourth reader stopped the run there, every time: no one after
    them ever got the issue."""
    server.mailbox.greylist = {"reader03@example.org"}
    first = _mail(_send_args(server, recipients_csv, tmp_path / "out"))
    assert first.exit_code == 1, first.output
    assert "49 sent, 0 accepted before, 0 in doubt, 1 not reached" in first.output
    assert "not reached: reader03@example.org: deferred: 450 4.2.0 greylisted, try again later" in first.stderr
    assert _log(tmp_path / "out")["reader03@example.org"]["attempts"] == 4
    server.mailbox.healthy()
    second = _mail(_send_args(server, recipients_csv, tmp_path / "out"))
    assert "1 sent, 49 accepted before, 0 in doubt, 0 not reached" in second.output
    assert sorted(server.mailbox.recipients()) == PEOPLE


def test_a_server_that_defers_recipient_after_recipient_stops_the_run_after_three(
    server, recipients_csv, tmp_path, no_pauses
):
    """A 451 to every RCPT (a rate limit, a full disk) is the server deferring all mail: tried recipient by
    recipient, each with its retries' pauses, 10,000 readers took hours for nothing."""
    server.mailbox.greylist = set(PEOPLE[5:])
    first = _mail(_send_args(server, recipients_csv, tmp_path / "out"))
    assert first.exit_code == 1, first.output
    assert "5 sent, 0 accepted before, 0 in doubt, 45 not reached" in first.output
    log = _log(tmp_path / "out")
    assert [log[address]["result"] for address in PEOPLE[5:8]] == ["deferred"] * 3
    assert PEOPLE[8] not in log  # not tried: nothing to remember
    assert "not tried: the server deferred reader07@example.org" in first.stderr


def test_an_interrupted_send_says_how_far_it_got(server, recipients_csv, tmp_path, monkeypatch):
    from briefexport.mail.sendlog import SendLog

    record = SendLog.record

    def record_then_ctrl_c(log, result):
        record(log, result)
        if len(log.entries) == 7:
            raise KeyboardInterrupt

    monkeypatch.setattr(SendLog, "record", record_then_ctrl_c)
    result = _mail(_send_args(server, recipients_csv, tmp_path / "out"))
    assert result.exit_code == 130
    assert "2024-02.mail: 7 sent before the stop, 0 accepted before; a rerun sends to the rest" in result.stderr


def test_an_interrupted_run_has_logged_everyone_accepted_and_the_rerun_sends_to_the_rest(
    server, login, flagship, tmp_path
):
    from briefexport.mail.outbox import pending
    from briefexport.mail.recipients import from_arguments
    from briefexport.mail.sendlog import SendLog

    composer = Composer(flagship, sender="news@aircenter.az", attach=("text",))
    people = from_arguments(PEOPLE[:12])
    log = SendLog(tmp_path / "send-log.jsonl", flagship.metadata.uid)

    def record_then_ctrl_c(result):
        log.record(result)
        if len(log.entries) == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        send((composer.compose(p) for p in people), login, on_result=record_then_ctrl_c)
    log.close()
    reread = SendLog(tmp_path / "send-log.jsonl", flagship.metadata.uid)
    assert reread.accepted() == set(PEOPLE[:5])
    send((composer.compose(p) for p in pending(people, reread)), login, on_result=reread.record)
    assert server.mailbox.recipients() == PEOPLE[:12]


def test_a_stopped_send_closes_the_connection_without_waiting_for_quits_reply(login, flagship, monkeypatch):
    """A list manager's trial: stopped while the server had stopped answering, the run sent QUIT and waited
    the minute a reply may take (a second Ctrl-C, "stops at once", took 60 s): it hangs up instead."""
    import smtplib

    quits = []
    monkeypatch.setattr(smtplib.SMTP, "quit", lambda connection: quits.append(connection))
    composer = Composer(flagship, sender="news@aircenter.az", attach=("text",))

    def ctrl_c(result):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        send(composer.compose_all(PEOPLE[:3]), login, on_result=ctrl_c)
    assert quits == []
    send(composer.compose_all(PEOPLE[:1]), login)  # a run that ends says goodbye
    assert len(quits) == 1


def test_resend_ignores_the_log(server, recipients_csv, tmp_path):
    assert _mail(_send_args(server, recipients_csv, tmp_path / "out")).exit_code == 0
    again = _mail([*_send_args(server, recipients_csv, tmp_path / "out"), "--resend"])
    assert again.exit_code == 0
    assert server.mailbox.recipients() == PEOPLE * 2
    # A new copy on purpose has a Message-ID of its own: a mail service drops one it already has.
    ids = [email.message_from_bytes(raw)["Message-ID"] for _, raw in server.mailbox.received]
    assert len(set(ids)) == len(ids)


def test_each_resend_has_a_message_id_of_its_own_and_a_rerun_from_the_same_log_the_same(server, tmp_path):
    """A mailing trial (helper-175): under SOURCE_DATE_EPOCH (or twice in one second) every --resend had the
    same Message-ID, made from the old one and the Date, so a mail service dropped the second copy. A copy is
    now numbered by the copies the send log records: each differs, and the same log gives the same bytes."""
    env = {"SOURCE_DATE_EPOCH": "1709164800"}
    reader = ["--to", PEOPLE[0], "--smtp", server.address, "--cafile", str(server.cafile), "--user", mailserver.USER]
    out, twin = tmp_path / "out", tmp_path / "twin"
    for extra in ([], ["--resend"], ["--resend"]):
        assert _mail([*reader, "-o", str(out), *extra], env=env).exit_code == 0
        if not extra:
            shutil.copytree(out, twin)
    assert _mail([*reader, "-o", str(twin), "--resend"], env=env).exit_code == 0  # as the first resend was
    received = [email.message_from_bytes(raw, policy=policy.default) for _, raw in server.mailbox.received]
    ids = [msg["Message-ID"] for msg in received]
    assert len(set(ids[:3])) == 3
    assert ids[3] == ids[1]
    assert server.mailbox.received[3][1] == server.mailbox.received[1][1]
    # Every copy is dated as any sent message is: when sent, here at SOURCE_DATE_EPOCH.
    assert {msg["Date"] for msg in received} == {"Thu, 29 Feb 2024 00:00:00 +0000"}


def test_a_resend_from_a_log_begun_anew_takes_no_earlier_copys_message_id(server, tmp_path):
    """A review of the numbered resends (helper-182): a log moved away (as a damaged log's error asks) or
    another output folder counted the copies from 0 again, and its second resend had the Message-ID of the
    first folder's first, which the reader's service had and would drop. Each log has a name of its own,
    drawn when it is begun, in its copies' Message-IDs."""
    env = {"SOURCE_DATE_EPOCH": "1709164800"}
    reader = ["--to", PEOPLE[0], "--smtp", server.address, "--cafile", str(server.cafile), "--user", mailserver.USER]
    for folder, runs in (("first", ([], ["--resend"], ["--resend"])), ("again", (["--resend"], ["--resend"]))):
        for extra in runs:
            assert _mail([*reader, "-o", str(tmp_path / folder), *extra], env=env).exit_code == 0
    received = [email.message_from_bytes(raw, policy=policy.default) for _, raw in server.mailbox.received]
    ids = [msg["Message-ID"] for msg in received]
    assert len(set(ids)) == len(ids) == 5, ids


def test_a_resent_copy_the_server_put_off_goes_again_as_that_copy(server, tmp_path, no_pauses):
    """A mailing fix's own review (helper-179): a --resend copy greylisted, then a plain run to reach the reader
    at last, sent it with the first copy's Message-ID, which the reader's mail service had and would drop. A
    message the log shows deferred goes again with the Message-ID it was offered with."""
    reader = ["--to", PEOPLE[0], "--smtp", server.address, "--cafile", str(server.cafile), "--user", mailserver.USER]
    out = ["-o", str(tmp_path / "out")]
    assert _mail([*reader, *out]).exit_code == 0
    server.mailbox.greylist = {PEOPLE[0]}
    assert _mail([*reader, *out, "--resend"]).exit_code == 1
    offered = _log(tmp_path / "out")[PEOPLE[0]]
    assert offered["result"] == "deferred"
    server.mailbox.healthy()
    assert _mail([*reader, *out]).exit_code == 0
    received = [email.message_from_bytes(raw, policy=policy.default) for _, raw in server.mailbox.received]
    assert [msg["Message-ID"] for msg in received][1:] == [offered["message_id"]]
    assert received[0]["Message-ID"] != offered["message_id"]


def test_a_permanent_refusal_is_recorded_and_listed_and_the_others_still_get_the_issue(
    server, recipients_csv, tmp_path
):
    server.mailbox.refuse = {"reader03@example.org"}
    result = _mail(_send_args(server, recipients_csv, tmp_path / "out"))
    assert result.exit_code == 1
    assert "not reached: reader03@example.org: refused: 550 5.1.1 no such mailbox" in result.output
    assert len(server.mailbox.recipients()) == 49
    assert _log(tmp_path / "out")["reader03@example.org"]["result"] == "refused"


def test_backoff_doubles_between_retries_and_the_rate_spaces_messages(server, login, flagship):
    server.mailbox.defer_after = 1
    pauses: list[float] = []
    now = [0.0]

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        now[0] += seconds

    composer = Composer(flagship, sender="news@aircenter.az", attach=("text",))
    results = send(composer.compose_all(PEOPLE[:3]), login, rate=30, backoff=1.5, sleep=sleep, clock=lambda: now[0])
    assert [r.status for r in results] == ["accepted", "deferred", "not sent"]
    # 30 a minute: 2 s from one offer to the next, retries included; the retries wait 1.5, 3 and 6 s
    assert pauses == [2.0, 1.5, 0.5, 3.0, 6.0]


def test_a_certificate_from_another_ca_is_refused_unless_cafile_names_it(server, flagship):
    msg = briefexport.compose_email(flagship, to=PEOPLE[0], sender="news@aircenter.az", attach=("text",))
    stranger = SmtpServer("127.0.0.1", server.port, user=mailserver.USER, password=mailserver.PASSWORD)
    with pytest.raises(MailError, match="certificate is not trusted .*; pass --cafile"):
        send([msg], stranger)
    assert server.mailbox.received == []


def test_a_wrong_password_is_one_line_and_nothing_is_sent(server, recipients_csv, tmp_path):
    result = _mail(_send_args(server, recipients_csv, tmp_path / "out"), env={"BRIEFEXPORT_SMTP_PASSWORD": "nope"})
    assert result.exit_code == 2
    assert result.output.startswith(f"briefexport: 127.0.0.1:{server.port} refused the login of 'news': 535")
    assert server.mailbox.received == []


def test_a_server_without_starttls_is_not_spoken_to_in_the_clear(tmp_path, flagship):
    plain = mailserver.start(tmp_path, starttls=False)
    try:
        msg = briefexport.compose_email(flagship, to=PEOPLE[0], sender="news@aircenter.az", attach=("text",))
        with pytest.raises(MailError, match="offers no STARTTLS"):
            send([msg], SmtpServer("127.0.0.1", plain.port, cafile=str(plain.cafile)))
        assert plain.mailbox.received == []
    finally:
        plain.controller.stop()


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # aiosmtpd's view of implicit TLS
def test_ssl_speaks_tls_from_the_first_byte(tmp_path, flagship):
    implicit = mailserver.start(tmp_path, implicit=True)
    try:
        msg = briefexport.compose_email(flagship, to=PEOPLE[0], sender="news@aircenter.az", attach=("text",))
        server = SmtpServer.parse(
            implicit.address, ssl=True, user=mailserver.USER, password=mailserver.PASSWORD, cafile=str(implicit.cafile)
        )
        assert server.security == "ssl"
        assert [r.status for r in send([msg], server)] == ["accepted"]
        assert implicit.mailbox.recipients() == PEOPLE[:1]
    finally:
        implicit.controller.stop()


def test_ssl_to_a_relay_that_asks_no_login_sends(tmp_path, flagship):
    """A trial: --ssl without --user asked the server to take mail before greeting it (503 send HELO first),
    and told the user to change --from."""
    relay = mailserver.start(tmp_path, implicit=True, login=False)
    try:
        server = SmtpServer.parse(relay.address, ssl=True, cafile=str(relay.cafile))
        assert check_server(server, "news@aircenter.az", dry_run=False) == f"{relay.address} takes mail (TLS)"
        msg = briefexport.compose_email(flagship, to=PEOPLE[0], sender="news@aircenter.az", attach=("text",))
        assert [r.status for r in send([msg], server)] == ["accepted"]
    finally:
        relay.controller.stop()


def test_a_server_that_sends_no_greeting_is_said_to_want_tls_from_the_first_byte(flagship):
    """A trial: --ssl forgotten on an implicit-TLS port other than 465 waited, then said only 'timed out'."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        server = SmtpServer("127.0.0.1", silent.getsockname()[1], timeout=0.5)
        with pytest.raises(MailError, match=r"no greeting \(.*\); if it speaks TLS from its first byte .*add --ssl"):
            check_server(server)


def _trickling(greeting: bytes, pause: float) -> tuple[socket.socket, threading.Event]:
    """A server that greets with `greeting` over and over, a piece every `pause` seconds, until told to stop."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        connection, _ = listener.accept()
        with connection:
            while not stop.is_set():
                try:
                    connection.sendall(greeting)
                except OSError:
                    return
                time.sleep(pause)

    threading.Thread(target=serve, daemon=True).start()
    return listener, stop


@pytest.mark.parametrize(
    ("greeting", "pause"),
    [(b"220-", 0.05), (b"220-still greeting\r\n", 0.05), ((b"220-" + b"x" * 1000 + b"\r\n") * 64, 0.0)],
    ids=["a byte at a time", "a line at a time", "as fast as it can"],
)
def test_a_server_that_never_ends_its_answer_is_given_up_on_after_the_timeout(greeting, pause):
    """A trial: a server sending an answer's lines, or its bytes, a little at a time kept the client waiting
    for ever, each read within the timeout (and one sending lines without end filled the memory): the
    timeout bounds a whole answer now, and an answer at most MAX_ANSWER bytes."""
    listener, stop = _trickling(greeting, pause)
    with listener:
        server = SmtpServer("127.0.0.1", listener.getsockname()[1], timeout=0.5)
        said: list[str] = []

        def check() -> None:
            with pytest.raises(MailError) as raised:
                check_server(server)
            said.append(str(raised.value))

        checking = threading.Thread(target=check)
        checking.start()
        checking.join(30)
        stop.set()
        assert not checking.is_alive(), "still reading the answer after 30 s"
    [message] = said
    closed = r"Connection unexpectedly closed: (no whole answer in 0.5 s|an answer longer than 1024 KB)"
    assert re.search(rf"cannot talk to 127.0.0.1:\d+: no greeting \({closed}\)", message), message


def test_a_certificate_for_another_name_says_to_use_its_name_not_cafile(tmp_path):
    other = mailserver.start(tmp_path, names=("mail.example.test",))
    try:
        server = SmtpServer("127.0.0.1", other.port, cafile=str(other.cafile))
        with pytest.raises(MailError, match=r"certificate is for another name \(IP address mismatch.*\); give --smtp"):
            check_server(server)
    finally:
        other.controller.stop()


def test_a_server_that_takes_longer_than_the_timeout_to_answer_a_message_is_waited_for(server, login, flagship):
    """A trial: a relay scanning attachments answered after 65 s, and every message was left in doubt at 60;
    RFC 5321 gives that answer ten minutes (DATA_TIMEOUT)."""
    server.mailbox.answer_after = 1.5
    msg = briefexport.compose_email(flagship, to=PEOPLE[0], sender="news@aircenter.az", attach=("text",))
    assert [r.status for r in send([msg], dataclasses.replace(login, timeout=1.0))] == ["accepted"]


def test_a_ctrl_c_as_a_message_goes_finishes_it_then_stops_the_run(server, login, flagship, tmp_path):
    """A trial: nearly every Ctrl-C landed while a message went to the server, which left its recipient in
    doubt; the message in flight is finished first now (a second Ctrl-C stops at once)."""
    from briefexport import interrupt
    from briefexport.mail.sendlog import SendLog

    composer = Composer(flagship, sender="news@aircenter.az", attach=("text",))
    log = SendLog(tmp_path / "send-log.jsonl", flagship.metadata.uid)
    handlers = {number: signal.getsignal(number) for number in interrupt.SIGNALS}

    def offered_then_ctrl_c(recipient, message_id):
        log.offered(recipient, message_id)
        if recipient == PEOPLE[3]:
            signal.raise_signal(signal.SIGINT)

    interrupt.watch()
    try:
        with pytest.raises(KeyboardInterrupt):
            people = [composer.compose(p) for p in from_arguments(PEOPLE[:6])]
            send(people, login, on_result=log.record, on_offer=offered_then_ctrl_c)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    log.close()
    assert server.mailbox.recipients() == PEOPLE[:4]
    reread = SendLog(tmp_path / "send-log.jsonl", flagship.metadata.uid)
    assert reread.accepted() == set(PEOPLE[:4]) and reread.uncertain() == set()


def test_a_ctrl_c_as_a_message_goes_that_the_server_defers_stops_the_run_without_retrying(server, login, flagship):
    """A review: a Ctrl-C kept while the server took a message it then deferred (451) waited through every
    retry and its pauses."""
    from briefexport import interrupt

    server.mailbox.defer_after = 0
    pauses: list[float] = []
    handlers = {number: signal.getsignal(number) for number in interrupt.SIGNALS}
    msg = briefexport.compose_email(flagship, to=PEOPLE[0], sender="news@aircenter.az", attach=("text",))
    results: list = []
    interrupt.watch()
    try:
        with pytest.raises(KeyboardInterrupt):
            send(
                [msg],
                login,
                on_offer=lambda *_: signal.raise_signal(signal.SIGINT),
                on_result=results.append,
                sleep=pauses.append,
            )
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    assert pauses == [] and [(r.status, r.attempts) for r in results] == [("deferred", 1)]


def test_a_send_in_another_thread_keeps_no_signal_of_the_main_threads():
    """A review: the hold was process-wide, so a Ctrl-C meant for the main thread waited on a worker's message."""
    import threading

    from briefexport import interrupt

    seen: list[bool] = []

    def worker() -> None:
        with interrupt.holding("x"):
            seen.append(interrupt._holding)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen == [False]


def test_an_address_that_does_not_answer_is_not_said_to_want_tls(monkeypatch):
    """A review: a connection that timed out before any server answered was told to add --ssl."""

    def no_answer(*args, **kwargs):
        raise TimeoutError("timed out")

    monkeypatch.setattr(socket, "create_connection", no_answer)
    with pytest.raises(MailError) as caught:
        check_server(SmtpServer("mail.example.org", 587, timeout=0.5))
    assert "cannot talk to mail.example.org:587: timed out" in str(caught.value) and "--ssl" not in str(caught.value)


def test_ssl_to_a_server_that_greets_in_plain_text_says_to_drop_ssl(server, flagship):
    """--ssl against a STARTTLS port ended in OpenSSL's '[SSL: WRONG_VERSION_NUMBER] wrong version number'."""
    msg = briefexport.compose_email(flagship, to=PEOPLE[0], sender="news@aircenter.az", attach=("text",))
    plain_port = SmtpServer("127.0.0.1", server.port, "ssl", cafile=str(server.cafile))
    with pytest.raises(MailError, match=r"does not speak TLS from its first byte, as --ssl \(or port 465\) expects"):
        send([msg], plain_port)
    assert server.mailbox.received == []


def test_the_password_is_asked_for_when_the_environment_has_none_and_never_shown(server, recipients_csv, tmp_path):
    result = CliRunner().invoke(
        main,
        ["mail", str(FLAGSHIP), *_send_args(server, recipients_csv, tmp_path / "out")],
        input=mailserver.PASSWORD + "\n",
        env={"BRIEFEXPORT_SMTP_PASSWORD": ""},
    )
    assert result.exit_code == 0, result.output
    assert mailserver.PASSWORD not in result.output
    assert "s3cret" not in repr(SmtpServer("h", password=mailserver.PASSWORD))


def test_dry_run_says_who_would_get_it_and_sends_nothing(server, recipients_csv, tmp_path):
    result = _mail([*_send_args(server, recipients_csv, tmp_path / "out"), "--dry-run"])
    assert result.exit_code == 0
    assert "50 to send, 0 accepted before" in result.output.replace("already accepted", "accepted before")
    assert f"127.0.0.1:{server.port} takes mail (STARTTLS, logged in as news); nothing sent" in result.output
    assert server.mailbox.received == []
    assert not (tmp_path / "out").exists()


def test_a_run_says_how_many_messages_carry_no_unsubscribe_link(server, recipients_csv, tmp_path):
    """Three of five partners got mail with no way to unsubscribe, and nothing said so (a trial)."""
    result = _mail([*_send_args(server, recipients_csv, tmp_path / "out"), "--dry-run"])
    assert "note: 50 of 50 messages carry no unsubscribe link, which Gmail and Yahoo ask" in result.output
    with recipients_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["email", "unsubscribe"])
        writer.writerows([address, f"https://example.org/u/{n}"] for n, address in enumerate(PEOPLE))
    result = _mail([*_send_args(server, recipients_csv, tmp_path / "out"), "--dry-run"])
    assert result.exit_code == 0 and "unsubscribe" not in result.output


@pytest.mark.parametrize("wrong", ["port", "password", "cafile"])
def test_a_dry_run_finds_what_a_send_would_fail_on_at_the_server(server, recipients_csv, tmp_path, no_pauses, wrong):
    """A wrong port or a CSV given as --cafile passed the dry run ("40 to send ... nothing sent"),
    and the real send then failed."""
    args = _send_args(server, recipients_csv, tmp_path / "out")
    env = {"BRIEFEXPORT_SMTP_PASSWORD": "nope"} if wrong == "password" else None
    if wrong == "port":
        args[args.index("--smtp") + 1] = f"127.0.0.1:{mailserver.free_port()}"
    if wrong == "cafile":
        args[args.index("--cafile") + 1] = str(recipients_csv)
    result = _mail([*args, "--dry-run"], env=env)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1
    assert server.mailbox.received == []


def test_a_dry_run_without_a_login_the_server_asks_for_says_to_give_one(server, recipients_csv, tmp_path):
    args = _send_args(server, recipients_csv, tmp_path / "out")
    del args[args.index("--user") : args.index("--user") + 2]
    result = _mail([*args, "--dry-run"])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("briefexport: the server asks for a login (530 ")
    assert result.stderr.endswith("): pass --user NAME\n")


def test_a_dry_run_finds_a_sender_the_server_refuses(server, recipients_csv, tmp_path):
    """The dry run said the server "takes mail"; the real send then had every message refused (553)."""
    server.mailbox.refuse_from = {"news@aircenter.az"}
    result = _mail([*_send_args(server, recipients_csv, tmp_path / "out"), "--dry-run", "--from", "news@aircenter.az"])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"briefexport: 127.0.0.1:{server.port} refuses mail from news@aircenter.az (553 5.7.1 sender address "
        "rejected: not owned by user news); nothing would be sent: give --from an address this login may send "
        "from\n"
    )
    assert _mail([*_send_args(server, recipients_csv, tmp_path / "out"), "--dry-run"]).exit_code == 0


def test_a_send_log_of_another_issue_is_refused(server, recipients_csv, tmp_path):
    folder = tmp_path / "out" / "2024-02.mail"
    folder.mkdir(parents=True)
    shutil.copy(Path(__file__), folder / "send-log.json")
    result = _mail(_send_args(server, recipients_csv, tmp_path / "out"))
    assert result.exit_code == 2
    assert "send-log.json: not a briefexport send log" in result.output
    assert server.mailbox.received == []


def test_a_server_no_one_answers_at_is_one_error_and_nothing_is_logged(recipients_csv, tmp_path, no_pauses):
    """Not one line per recipient ("deferred: cannot talk to ...") and exit 1."""
    out = tmp_path / "out"
    args = ["--recipients", str(recipients_csv), "--smtp", f"127.0.0.1:{mailserver.free_port()}", "-o", str(out)]
    result = _mail(args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("briefexport: cannot talk to 127.0.0.1:") and "nothing was sent" in result.stderr
    assert not out.exists()  # nor a folder holding only its lock file: the server is asked first


def test_a_server_that_asks_for_a_login_not_given_is_one_error(server, flagship):
    messages = [
        briefexport.compose_email(flagship, to=address, sender="news@aircenter.az", attach=("text",))
        for address in PEOPLE[:3]
    ]
    anonymous = SmtpServer("127.0.0.1", server.port, cafile=str(server.cafile))
    with pytest.raises(MailError, match=r"the server asks for a login \(530 .*\): pass --user NAME"):
        send(messages, anonymous)
    assert server.mailbox.received == []


def test_a_second_run_of_the_same_issue_while_one_sends_is_refused(server, recipients_csv, tmp_path):
    """Two runs at once each sent to everyone the other had not yet logged: six readers got it twice."""
    import fcntl

    folder = tmp_path / "out" / "2024-02.mail"
    folder.mkdir(parents=True)
    with (folder / "send.lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # the first run, still sending
        result = _mail(_send_args(server, recipients_csv, tmp_path / "out"))
    assert result.exit_code == 2
    assert "another briefexport mail is sending this issue from this folder" in result.stderr
    assert server.mailbox.received == []
    assert _mail(_send_args(server, recipients_csv, tmp_path / "out")).exit_code == 0  # once it has ended


def test_with_no_password_and_no_terminal_the_run_stops_with_one_line(server, recipients_csv, tmp_path):
    """cron or CI: getpass warned that the password may be echoed, then click said "Aborted!"."""
    result = CliRunner().invoke(
        main,
        ["mail", str(FLAGSHIP), *_send_args(server, recipients_csv, tmp_path / "out")],
        input="",
        env={"BRIEFEXPORT_SMTP_PASSWORD": ""},
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "briefexport: --user news needs a password: set BRIEFEXPORT_SMTP_PASSWORD, or give it on standard input\n"
    )
    assert server.mailbox.received == []


def test_a_run_stopped_as_the_server_took_a_message_never_sends_it_again(server, login, flagship, tmp_path):
    """Ctrl-C while a message went to the server: the server kept it, the log had no answer, and the
    rerun sent it again. The log marks a message offered before its content goes."""
    from briefexport.mail.outbox import pending
    from briefexport.mail.recipients import from_arguments
    from briefexport.mail.sendlog import SendLog

    composer = Composer(flagship, sender="news@aircenter.az", attach=("text",))
    people = from_arguments(PEOPLE[:6])
    log = SendLog(tmp_path / "send-log.jsonl", flagship.metadata.uid)

    def offered_then_ctrl_c(recipient, message_id):
        log.offered(recipient, message_id)
        if recipient == PEOPLE[3]:
            raise KeyboardInterrupt  # as the content goes: whether the server keeps it is not known

    with pytest.raises(KeyboardInterrupt):
        send((composer.compose(p) for p in people), login, on_result=log.record, on_offer=offered_then_ctrl_c)
    log.close()
    reread = SendLog(tmp_path / "send-log.jsonl", flagship.metadata.uid)
    assert reread.accepted() == set(PEOPLE[:3]) and reread.uncertain() == {PEOPLE[3]}
    assert [person.email for person in pending(people, reread)] == PEOPLE[4:6]


def test_a_run_stopped_while_it_waits_to_retry_a_deferred_message_sends_it_on_the_rerun(
    server, recipients_csv, tmp_path, monkeypatch
):
    """A trial: the server answered 451 to a message's content, and the run was stopped in the pause
    before the retry (Ctrl-C, or a kill). The log's last word on that reader was "offered", so every rerun
    left them in doubt and never sent them the issue, which the server had not kept."""

    def ctrl_c(seconds: float) -> None:
        raise KeyboardInterrupt

    server.mailbox.defer_after = 0
    monkeypatch.setattr(smtp_module.time, "sleep", ctrl_c)
    stopped = _mail(_send_args(server, recipients_csv, tmp_path / "out"))
    assert stopped.exit_code == 130 and server.mailbox.recipients() == []
    assert _log(tmp_path / "out")[PEOPLE[0]]["result"] == "deferred"
    server.mailbox.healthy()
    rerun = _mail(_send_args(server, recipients_csv, tmp_path / "out"))
    assert rerun.exit_code == 0, rerun.output
    assert server.mailbox.recipients() == PEOPLE


def test_the_send_log_grows_a_line_an_event_and_a_torn_last_line_is_ignored(flagship, tmp_path):
    from briefexport.mail.sendlog import SendLog
    from briefexport.mail.smtp import SendResult

    path = tmp_path / "send-log.jsonl"
    log = SendLog(path, flagship.metadata.uid, clock=lambda: "2026-11-30T12:00:00Z")
    for address in PEOPLE[:3]:
        log.offered(address, f"<{address}>")
        log.record(SendResult(address, f"<{address}>", "accepted", "250 OK", 1))
    log.close()
    assert len(path.read_text(encoding="utf-8").splitlines()) == 1 + 2 * 3  # appended, never rewritten
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"recipient": "reader09@example.org", "mess')  # a crash in mid-write
    after = SendLog(path, flagship.metadata.uid)
    assert after.accepted() == set(PEOPLE[:3])
    after.offered(PEOPLE[4], "<e>")  # the next event is a line of its own, not glued to the torn one
    after.close()
    assert SendLog(path, flagship.metadata.uid).uncertain() == {PEOPLE[4]}
    path.write_text("")  # killed before its first line reached the disk: a new log
    assert SendLog(path, flagship.metadata.uid).entries == {}


_GOOD_EVENT = {
    "recipient": PEOPLE[0], "message_id": "<a>", "result": "accepted", "reply": "250", "time": "t", "attempts": 1,
}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"recipient": [PEOPLE[0]]}, '"recipient" is ["reader00@example.org"], not text'),
        ({"recipient": {"a": 1}}, '"recipient" is {"a": 1}, not text'),
        ({"result": None}, '"result" is null, not text'),
        ({"result": ["accepted"]}, '"result" is ["accepted"], not text'),
        ({"result": "acepted"}, '"result" is "acepted", not one of offered, accepted, refused, deferred, in doubt'),
        ({"attempts": True}, '"attempts" is true, not a whole number'),
        ({"attempts": "1"}, '"attempts" is "1", not a whole number'),
        ({"extra": 1}, "an event has the keys recipient, message_id, result, reply, time, attempts"),
    ],
)
def test_a_damaged_send_log_line_is_one_error_at_its_line(flagship, tmp_path, change, said):
    """A mailing trial (helper-175): a "recipient" that is a list stopped the run with a traceback (TypeError:
    unhashable type) and exit 1; a "result" of null or ["accepted"] was read silently, as "not accepted"."""
    from briefexport.mail.sendlog import SendLog

    path = tmp_path / "send-log.jsonl"
    head = {"format": 2, "issue": flagship.metadata.uid}
    lines = [head, _GOOD_EVENT, {**_GOOD_EVENT, **change}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with pytest.raises(MailError) as caught:
        SendLog(path, flagship.metadata.uid)
    assert str(caught.value) == (f"{path}:3: not a briefexport send log ({said}); move it away to start a new one")


def test_a_damaged_send_log_stops_the_run_with_one_line_and_exit_2(server, recipients_csv, tmp_path):
    """A mailing trial (helper-175): the dry run printed a traceback and exited 1."""
    folder = tmp_path / "out" / "2024-02.mail"
    folder.mkdir(parents=True)
    head = {"format": 2, "issue": briefexport.load(FLAGSHIP).metadata.uid}
    event = {**_GOOD_EVENT, "recipient": [PEOPLE[0]]}
    (folder / "send-log.jsonl").write_text(f"{json.dumps(head)}\n{json.dumps(event)}\n", encoding="utf-8")
    result = _mail([*_send_args(server, recipients_csv, tmp_path / "out"), "--dry-run"])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"briefexport: {folder / 'send-log.jsonl'}:2: not a briefexport send log "
        '("recipient" is ["reader00@example.org"], not text); move it away to start a new one\n'
    )


def test_a_send_log_of_the_first_layout_is_carried_over(flagship, tmp_path):
    from briefexport.mail.sendlog import SendLog
    from briefexport.mail.smtp import SendResult

    entry = {
        "recipient": PEOPLE[0],
        "message_id": "<a>",
        "result": "accepted",
        "reply": "250",
        "time": "t",
        "attempts": 1,
    }
    old = {"format": 1, "issue": flagship.metadata.uid, "recipients": [entry]}
    (tmp_path / "send-log.json").write_text(json.dumps(old), encoding="utf-8")
    log = SendLog(tmp_path / "send-log.jsonl", flagship.metadata.uid)
    assert log.accepted() == {PEOPLE[0]}
    log.record(SendResult(PEOPLE[1], "<b>", "accepted", "250 OK", 1))
    log.close()
    assert SendLog(tmp_path / "send-log.jsonl", flagship.metadata.uid).accepted() == set(PEOPLE[:2])


def test_a_message_sent_is_dated_when_it_is_sent_and_its_eml_by_the_bulletin(server, login, flagship, monkeypatch):
    """Sent mail dated 29 Feb 2024 is filed years back by readers' clients and marked down as spam."""
    import datetime as dt
    from email.utils import parsedate_to_datetime

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    msg = briefexport.compose_email(flagship, to=PEOPLE[0], sender="news@aircenter.az", attach=("text",))
    assert msg["Date"] == "Thu, 29 Feb 2024 00:00:00 +0000"
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    send([msg], login)
    received = email.message_from_bytes(server.mailbox.received[0][1], policy=policy.default)
    assert before <= parsedate_to_datetime(received["Date"]) <= dt.datetime.now(dt.UTC)
    assert msg["Date"] == "Thu, 29 Feb 2024 00:00:00 +0000"  # the caller's message, as composed
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    send([msg], login)
    assert email.message_from_bytes(server.mailbox.received[1][1])["Date"] == "Tue, 14 Nov 2023 22:13:20 +0000"


@pytest.mark.parametrize("login", [{"user": "jürgen", "password": "x"}, {"user": "news", "password": "s3cret päss"}])
def test_a_login_the_smtp_client_cannot_send_is_one_line_before_any_connection(login):
    """A non-ASCII user name or password ended in a UnicodeEncodeError traceback mid-send."""
    with pytest.raises(MailError, match=r"^the SMTP (user name|password) holds characters other than ASCII"):
        SmtpServer.parse("127.0.0.1:1", **login)


@pytest.mark.parametrize(
    ("spec", "ssl", "security", "port"),
    [
        ("[::1]:2525", False, "starttls", 2525),  # an IPv6 address, in brackets
        ("[::1]:465", False, "ssl", 465),
        ("smtp.example.org", False, "starttls", 587),
        ("smtp.example.org", True, "ssl", 465),
        ("smtp.example.org:465", False, "ssl", 465),
        ("smtp.example.org:2525", False, "starttls", 2525),
    ],
)
def test_port_465_speaks_tls_from_the_first_byte_without_ssl_given(spec, ssl, security, port):
    """':465' without --ssl greeted a TLS port in plain text and waited out every timeout (four minutes)."""
    server = SmtpServer.parse(spec, ssl=ssl)
    assert (server.security, server.port) == (security, port)


@pytest.mark.parametrize(
    "spec",
    ["::1", "[::1]x", "[::1]587", "[::1", "smtp.example.org:x", "smtp.example.org:²", "smtp example.org", ":587"],
)
def test_a_server_spec_that_is_not_host_and_port_is_one_line(spec):
    """A bare IPv6 address was split at its last colon: "::1" became host "::" and port 1."""
    with pytest.raises(MailError, match=r"is not HOST or HOST:PORT \(e.g. smtp.example.org:587, \[::1\]:587\)"):
        SmtpServer.parse(spec)


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"port": "25"}, TypeError, "port must be an int, got str"),
        ({"port": 0}, MailError, "port 0 is no TCP port"),
        ({"security": "plain"}, MailError, "security 'plain' is not known; allowed: starttls, ssl"),
        ({"timeout": 0}, MailError, "timeout 0 must be more than 0 seconds"),
        ({"cafile": Path("ca.pem")}, TypeError, "cafile must be a str or None, got pathlib.PosixPath"),
    ],
)
def test_a_server_described_wrongly_is_refused_when_it_is_made(arguments, error, message):
    """port "25" and security "plain" were taken as given, and port "x" failed only at connect time."""
    with pytest.raises(error, match=f"^{re.escape(message)}"):
        SmtpServer("mail.example.org", **arguments)


def _one(**headers: str) -> EmailMessage:
    msg = EmailMessage()
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content("Hello.")
    return msg


@pytest.mark.parametrize(
    ("msg", "message"),
    [
        # a program's Bcc went to the recipient, its address shown, and not to the Bcc (a service's trial)
        (_one(From="a@example.org", To="b@example.org", Bcc="archive@example.org"), "has a Bcc header"),
        (_one(From="a@example.org", To="b@example.org", Cc="c@example.org"), "has a Cc header"),
        (_one(To="b@example.org"), "has 0 From addresses"),  # was an AttributeError from inside
        (_one(From="n\u00f6reply@example.org", To="b@example.org"), "is not ASCII"),  # a UnicodeEncodeError
    ],
)
def test_a_message_send_would_not_hand_over_as_it_is_is_refused_before_any_connection(msg, message):
    with pytest.raises(MailError, match=message):
        send([msg], f"127.0.0.1:{mailserver.free_port()}")


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"retries": -1}, MailError, "^retries must be 0 or more, got -1$"),  # was "; nothing was sent"
        ({"rate": -5}, MailError, "^rate must be from 0.0005 .* messages a minute, got -5$"),  # was taken
        ({"rate": float("nan")}, MailError, "^rate must be from 0.0005"),
        ({"rate": 1e-300}, MailError, "^rate must be from 0.0005"),  # overflowed the pause's clock
        ({"retries": 1.5}, TypeError, "^retries must be an int, got float$"),
    ],
)
def test_send_options_out_of_range_are_refused_before_any_connection(options, error, message):
    with pytest.raises(error, match=message):
        send([_one(From="a@example.org", To="b@example.org")], f"127.0.0.1:{mailserver.free_port()}", **options)


def test_messages_that_are_no_iterable_are_a_type_error():
    with pytest.raises(TypeError, match="^messages must be an Iterable, got None$"):
        send(None, f"127.0.0.1:{mailserver.free_port()}")  # type: ignore[arg-type]


def test_a_message_that_is_not_an_email_message_is_a_type_error_before_any_connection():
    """send(["x"], ...) failed with "string indices must be integers" from inside."""
    with pytest.raises(TypeError, match="^each message must be an EmailMessage, got str"):
        send(["x"], f"127.0.0.1:{mailserver.free_port()}")
