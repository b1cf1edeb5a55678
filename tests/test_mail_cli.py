"""`briefexport mail` without a server: one .eml file per recipient, the same bytes on every run, and
bad input refused with one line and exit status 2 before anything is written."""

from __future__ import annotations

import email
import re
import signal
import subprocess
import sys
import time
from email import policy

import pytest
from click.testing import CliRunner

from briefexport.cli import main

from .conftest import FIXTURES, FLAGSHIP, start_cli


def _mail(*args):
    return CliRunner().invoke(main, ["mail", str(FLAGSHIP), *map(str, args)])


def test_each_recipient_gets_an_eml_file_that_a_mail_client_opens(tmp_path):
    result = _mail("--to", "Ana Əliyeva <ana@example.org>", "--to", "bob@example.org", "--attach", "docx,pdf",
                   "-o", tmp_path)  # fmt: skip
    assert result.exit_code == 0, result.output
    folder = tmp_path / "2024-02.mail"
    assert sorted(p.name for p in folder.iterdir()) == ["ana@example.org.eml", "bob@example.org.eml"]
    msg = email.message_from_bytes((folder / "ana@example.org.eml").read_bytes(), policy=policy.default)
    assert str(msg["To"]) == "Ana Əliyeva <ana@example.org>"
    # the sender defaults to the publisher's name and email
    assert str(msg["From"]) == '"Center of Analysis of International Relations (AIR Center)" <info@aircenter.az>'
    assert [a.get_filename() for a in msg.iter_attachments()] == [
        "AIR Center Bulletin — February 2024.docx",
        "AIR Center Bulletin — February 2024.pdf",
    ]


def test_two_runs_write_the_same_bytes_and_a_recipient_dropped_from_the_list_loses_their_file(tmp_path):
    assert _mail("--to", "ana@example.org", "--to", "bob@example.org", "-o", tmp_path).exit_code == 0
    first = (tmp_path / "2024-02.mail" / "ana@example.org.eml").read_bytes()
    assert _mail("--to", "ana@example.org", "-o", tmp_path).exit_code == 0
    assert (tmp_path / "2024-02.mail" / "ana@example.org.eml").read_bytes() == first
    assert not (tmp_path / "2024-02.mail" / "bob@example.org.eml").exists()


def test_messages_in_another_style_go_to_a_folder_of_their_own_as_builds_files_do(tmp_path):
    """`mail -s plain` wrote into the issue's own mail folder and replaced its messages in the brand's style
    (and removed those of recipients it did not name), though its help says another style adds its name."""
    assert _mail("--to", "ana@example.org", "--to", "bob@example.org", "-o", tmp_path).exit_code == 0
    own = {p.name: p.read_bytes() for p in (tmp_path / "2024-02.mail").iterdir()}
    result = _mail("--to", "ana@example.org", "-s", "plain", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert {p.name: p.read_bytes() for p in (tmp_path / "2024-02.mail").iterdir()} == own
    [plain] = (tmp_path / "2024-02.plain.mail").iterdir()
    assert plain.name == "ana@example.org.eml" and plain.read_bytes() != own["ana@example.org.eml"]
    assert _mail("--to", "ana@example.org", "-s", "aircenter", "-o", tmp_path).exit_code == 0  # its own style
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024-02.mail", "2024-02.plain.mail"]


def test_a_recipients_file_and_a_subject_template(tmp_path):
    (tmp_path / "readers.csv").write_text("email,name\nana@example.org,Ana\n", encoding="utf-8")
    result = _mail("--recipients", tmp_path / "readers.csv", "--subject", "{issue} · {publisher}", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    msg = email.message_from_bytes((tmp_path / "2024-02.mail" / "ana@example.org.eml").read_bytes(),
                                   policy=policy.default)  # fmt: skip
    assert msg["Subject"] == "February 2024 · Center of Analysis of International Relations (AIR Center)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "ana@example.org", "--to", "nobody"], "--to 'nobody': 'nobody' is not an address"),
        (["--to", "ana@example.org", "--to", "ANA@example.org"], "ANA@example.org is listed twice"),
        ([], "name the recipients with --to ADDR .repeatable. or with --recipients FILE.csv"),
        (["--to", "a@example.org", "--ssl"], "--ssl, --cafile, --user, --rate and --resend are for sending"),
        (["--to", "a@example.org", "--subject", "{title}\nBcc: eve@evil.org"], "subject .* line break"),
        (["--to", "a@example.org", "--from", "news"], "--from 'news': 'news' is not an address"),
        (["--to", "a@example.org", "--reply-to", "desk"], "--reply-to 'desk': 'desk' is not an address"),
        (["--to", "a@example.org", "--attach", "odt"], "odt"),
        (["--to", "a@example.org", "--smtp", "mail.example.org:smtp"], "--smtp 'mail.example.org:smtp' is not HOST"),
        # a trial: sent to b alone, named "Ana <ana@example.org>"
        (["--to", "Ana <ana@example.org> <b@example.org>"], "more than one <address>: give one recipient"),
        (["--to", "Ana <ana@example.org <b@example.org>"], "more than one <address>"),  # half-bracketed: a review
        (["--to", "Ana ana@example.org> <b@example.org>"], "more than one <address>"),
        # a trial: NaN passed a dry run, then the send failed and left its folder; 1e-300 a traceback
        (["--to", "a@example.org", "--smtp", "127.0.0.1:1", "--rate", "nan"], "'--rate': rate must be from 0.0005"),
        (["--to", "a@example.org", "--smtp", "127.0.0.1:1", "--rate", "1e-300"], "'--rate': rate must be from 0.0005"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path, args, message):
    result = _mail(*args, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.output.startswith("briefexport: ")
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert re.search(message, result.output), result.output
    assert not (tmp_path / "out").exists()


def test_a_bad_csv_row_names_its_file_and_line(tmp_path):
    (tmp_path / "readers.csv").write_text("email,name\nana@example.org,Ana\nbob@example.org\n", encoding="utf-8")
    result = _mail("--recipients", tmp_path / "readers.csv", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.output == (
        f"briefexport: {tmp_path / 'readers.csv'}:3: 1 field where the header has 2; write one field per column\n"
    )
    assert not (tmp_path / "out").exists()


def test_dry_run_says_who_would_get_it_and_writes_nothing(tmp_path):
    result = _mail("--to", "ana@example.org", "--to", "Bo <bo@example.org>", "--dry-run", "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "would write to ana@example.org",
        "would write to bo@example.org",
        f"{tmp_path / 'out' / '2024-02.mail'}: would write 2 messages; nothing written",
    ]
    assert not (tmp_path / "out").exists()


def test_eml_files_are_written_as_each_message_is_made_not_all_held_first(flagship, tmp_path):
    """10,000 recipients took 3.9 GB: every message, with its attachments, was made before any was written."""
    from briefexport.mail import Composer
    from briefexport.mail.outbox import write_eml

    composer = Composer(flagship, sender="news@aircenter.az", attach=("text",))
    folder = tmp_path / "mail"
    folder.mkdir()

    def messages():
        for n in range(4):
            assert len(list(folder.glob(".*.part"))) == n  # each earlier one is on disk already
            yield composer.compose(f"reader{n}@example.org")

    paths = write_eml(messages(), folder)
    assert [p.name for p in paths] == [f"reader{n}@example.org.eml" for n in range(4)]
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in paths)


def test_an_attachment_that_cannot_be_made_is_named_at_its_source_line(tmp_path):
    """build said 'bulletin.md:12: section I ...: no glyph'; mail said the same with no file or line."""
    source = tmp_path / "bulletin.md"
    text = (FIXTURES / "minimal" / "bulletin.md").read_text(encoding="utf-8")
    source.write_text(text.replace("# First section", "# First section \U0001f600"), encoding="utf-8")
    (tmp_path / "publisher.yaml").write_bytes((FIXTURES / "minimal" / "publisher.yaml").read_bytes())
    args = ["mail", str(source), "--to", "a@example.org", "--attach", "docx,pdf", "-o", str(tmp_path / "out")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.output.startswith(f"briefexport: {source}:12: section I. 'First section \U0001f600': the PDF's")
    assert not (tmp_path / "out").exists()


def test_a_dead_runs_temporary_files_are_removed_by_the_next(tmp_path):
    """A run killed while writing (SIGKILL, a power cut) left its .part files, 218 MB of them after one
    stopped run of 10,000; the next run kept them."""
    folder = tmp_path / "2024-02.mail"
    folder.mkdir()
    dead = folder / f".briefexport-{_dead_pid()}-0123456789ab.part"
    dead.write_bytes(b"half a message")
    assert _mail("--to", "ana@example.org", "-o", tmp_path).exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["ana@example.org.eml"]


def _dead_pid() -> int:
    """A process number no process has now."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["TERM", "HUP"])
def test_a_run_stopped_while_writing_says_so_and_leaves_no_partial_file(tmp_path, signum):
    """SIGTERM or SIGHUP (a CI timeout, a closed terminal) ended the run with no word and exit -15, and
    hundreds of .part files left behind; Ctrl-C said it in one line. All three now do."""
    people = tmp_path / "people.csv"
    people.write_text("email\n" + "".join(f"reader{n}@example.org\n" for n in range(2000)), encoding="utf-8")
    folder = tmp_path / "out" / "2024-02.mail"
    process = start_cli("mail", FLAGSHIP, "--recipients", people, "-o", tmp_path / "out")
    deadline = time.monotonic() + 60
    while not (folder.is_dir() and len(list(folder.glob(".*.part"))) >= 20):
        assert process.poll() is None and time.monotonic() < deadline, "the run ended before it was stopped"
        time.sleep(0.05)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 128 + signum
    assert stderr == f"briefexport: stopped by {signal.Signals(signum).name}; no partial file was left\n"
    assert not folder.exists()  # made by this run, left empty: taken away again


def test_the_advice_to_resend_keeps_what_the_list_gave_the_reader():
    """--to carries a name but not a reader's own unsubscribe link: for such a reader the advice is a list
    of their row alone."""
    from briefexport.cli import _resend_options
    from briefexport.mail.recipients import Recipient

    named = Recipient("chloe@example.com", "Chloé Dupré, PhD")
    assert _resend_options(named) == """--to '"Chloé Dupré, PhD" <chloe@example.com>' --resend"""
    own = Recipient("ana@example.org", "Ana", file="readers.csv", line=7, unsubscribe="https://l.example.org/u/1")
    assert _resend_options(own) == (
        "--recipients FILE --resend, FILE a copy of readers.csv with only its header and line 7"
    )
