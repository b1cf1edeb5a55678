"""Who an issue is mailed to: addresses from --to or a CSV file, checked before anything is sent.

A recipient list is data from outside: every address is held to one plain form (dot-atom ASCII,
a domain with a dot), every name to one line of printable text, so that nothing in a list can
add a header or a second recipient. Duplicates are refused, not merged: a list that names one
address twice was probably not meant to. Every problem is `file:line: what; what is allowed`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from email.headerregistry import Address
from pathlib import Path

from ..errors import MailError
from ..inputs import read_text
from ..rules import EMAIL, LINE_BREAK, header_problem, unsubscribe_complaint

ADDRESS_RULE = "an address is written like ana@example.org (ASCII, no spaces, a domain with a dot)"
MAX_ADDRESS = 254  # RFC 5321's longest forward-path, less the angle brackets
MAX_LOCAL = 64  # RFC 5321's longest local part (before the @): servers refuse longer ones at RCPT
MAX_NAME = 200
MAX_SHOWN = 10  # the lines of other wrong rows an error names
COLUMNS = ("email", "name", "unsubscribe")
# A mailing platform's export of 80,000 subscribers with its own columns (org, phone, tags, notes) is
# 22 MB, past the 16 MiB a source may have; 256 MiB takes a million such rows (read in 17 s, 1.1 GB).
MAX_LIST_BYTES = 256 * 1024 * 1024
ALIASES = {"e-mail": "email", "e-mail address": "email", "email address": "email"}  # as address books export


@dataclass(frozen=True)
class Recipient:
    """One person an issue is mailed to: the address, and the name shown beside it (or none)."""

    email: str
    name: str | None = None
    file: str | None = field(default=None, compare=False)  # where the list named them, for messages
    line: int | None = field(default=None, compare=False)
    # Their own unsubscribe link (a mailing list's per-subscriber URL), in place of the publisher's
    unsubscribe: str | None = None

    @property
    def key(self) -> str:
        """The address as the send log and the duplicate check know it (domains are case-blind;
        local parts are too at every real mailbox provider)."""
        return self.email.lower()

    def address(self) -> Address:
        """The header value: the name is encoded by the email package (RFC 2047), never pasted in."""
        username, domain = self.email.rsplit("@", 1)
        return Address(display_name=self.name or "", username=username, domain=domain)


def address_complaint(text: str) -> str | None:
    """What is wrong with an address, or None."""
    if len(text) > MAX_ADDRESS:
        return f"address is {len(text)} characters long; at most {MAX_ADDRESS} are allowed"
    if not EMAIL.match(text):
        return f"{_shown(text)} is not an address; {ADDRESS_RULE}"
    local = text.rpartition("@")[0]
    if len(local) > MAX_LOCAL:
        return f"{_shown(text)}: the part before @ is {len(local)} characters long; at most {MAX_LOCAL} are allowed"
    return None


def _header_text_complaint(what: str, text: str, one_line: str) -> str | None:
    """What in `text` could start a header of its own once written (rules.header_problem); None when nothing."""
    problem = header_problem(text)
    if problem is None:
        return None
    return f"{what} {_shown(text)} holds {problem}; {one_line if problem == LINE_BREAK else 'write the text itself'}"


def name_complaint(text: str) -> str | None:
    """What is wrong with a display name (a line break would start a header of its own), or None."""
    complaint = _header_text_complaint("name", text, "a name is one line of text")
    if complaint:
        return complaint
    if _ANOTHER_ADDRESS.search(text):
        # Quoted or encoded, it is safe to the letter; but a name in another script is one encoded word,
        # and a mail program that decodes it before reading the header finds a second recipient there.
        return f"name {_shown(text)} holds another <address>; a name is the person's name alone"
    if len(text) > MAX_NAME:
        return f"name is {len(text)} characters long; at most {MAX_NAME} are allowed"
    return None


def header_complaint(what: str, text: str) -> str | None:
    """What is wrong with a one-line header text such as a subject, or None."""
    complaint = _header_text_complaint(what, text, "it must be one line")
    if complaint:
        return complaint
    if not text.strip():
        return f"{what} is empty"
    return None


# Another address in a name, bracketed on either side ("Ana <ana@example.org" went to the last address): a
# name may hold "<" and ">" ("Ana <3", "Ana > Bob") or an address ("ana@example.org <ana@example.org>").
_ANOTHER_ADDRESS = re.compile(r"<[^<>]*@|@[^<>]*>")


def recipient(
    value: str,
    file: str | None = None,
    line: int | None = None,
    name: str | None = None,
    unsubscribe: str | None = None,
) -> Recipient:
    """A checked Recipient from `ana@example.org` or `Ana Aliyeva <ana@example.org>`."""
    text = value.strip()
    match = re.fullmatch(r"(?s)(.*?)\s*<([^<>]*)>", text)
    if match and name is None:
        given = match[1].strip()
        # unquoted, "Ana <ana@example.org> <b@example.org>" went to b alone, named "Ana <ana@example.org>"
        if not (given.startswith('"') and given.endswith('"')) and _ANOTHER_ADDRESS.search(given):
            raise MailError("more than one <address>: give one recipient, as Name <address>", file, line)
        name, text = given.strip('"').strip(), match[2].strip()
    complaint = (
        address_complaint(text)
        or (name_complaint(name) if name else None)
        or (unsubscribe_complaint(unsubscribe) if unsubscribe else None)
    )
    if complaint:
        raise MailError(complaint, file, line)
    return Recipient(email=text, name=name or None, unsubscribe=unsubscribe or None, file=file, line=line)


def from_arguments(values: Iterable[str], option: str = "--to") -> list[Recipient]:
    """Recipients given on the command line, in order; a duplicate or a bad address names the option."""
    found = [from_option(value, option) for value in values]
    return unique(found)


def from_option(value: str, option: str) -> Recipient:
    """One address given as a command-line option; a bad one is an error naming the option."""
    try:
        return recipient(value)
    except MailError as exc:
        raise MailError(f"{option} {value!r}: {exc.message}") from None


def read_csv(path: str | Path) -> list[Recipient]:
    """The recipients of a CSV file (UTF-8, a header row naming `email` and, if wanted, `name` and
    `unsubscribe`)."""
    path = Path(path)
    text = read_text(path, MailError, "recipient list", MAX_LIST_BYTES)
    return parse_csv(text, str(path))


def parse_csv(text: str, name: str = "<recipients>") -> list[Recipient]:
    """The recipients of CSV text; `name` is the file the errors name. Fields are separated by commas, or
    by what the header row separates them with: Excel writes semicolons where the comma is the decimal
    mark (German, Russian), and tabs when asked to."""
    top = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in top and (";" in top or "\t" in top):
        delimiter = ";" if top.count(";") >= top.count("\t") else "\t"
    # Row by row, each dropped once read: a platform's export holds columns no one reads (a list of all its
    # rows took four times the file's size).
    rows = _rows(text, delimiter, name)
    head = next(rows, None)
    if head is None:
        raise MailError(f"the recipient list is empty; its first row names the columns: {', '.join(COLUMNS)}", name, 1)
    header_line, header = head
    columns = [ALIASES.get(column.strip().lower(), column.strip().lower()) for column in header]
    for column in COLUMNS:
        if columns.count(column) > 1:
            raise MailError(f"column {column!r} is twice; the header row names it once", name, header_line)
    if "email" not in columns:
        raise MailError(
            "the header row names no email column; columns: email, and name and unsubscribe if wanted "
            "(others are ignored)",
            name,
            header_line,
        )
    found, wrong = [], []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue  # a blank row, as address books end their exports: no one
        try:
            found.append(_row(row, columns, name, line))
        except MailError as exc:
            wrong.append(exc)
    if not found and not wrong:
        raise MailError("the recipient list names no one; add a row per recipient", name, header_line)
    wrong += _twice(found)
    if wrong:
        # The first in full, and where the others are: a list of 500 with 30 bad rows took 30 runs.
        first, *others = sorted(wrong, key=lambda exc: exc.line or 0)
        if others:
            lines = ", ".join(str(exc.line) for exc in others[:MAX_SHOWN])
            more = f" and {len(others) - MAX_SHOWN} more" if len(others) > MAX_SHOWN else ""
            first.message += f" (also wrong: line{'s' if len(others) > 1 else ''} {lines}{more})"
        raise first
    return found


def _lines(text: str) -> Iterator[str]:
    """The lines of `text`, ends kept, one at a time (io.StringIO held a copy of the whole text)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start) + 1 or len(text)
        yield text[start:end]
        start = end


def _rows(text: str, delimiter: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV row of `text` with the line it starts on; a MailError where it is not CSV."""
    reader = csv.reader(_lines(text), delimiter=delimiter, strict=True)
    start = 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        raise MailError(
            f"not CSV ({exc}); quote a field that holds a comma or a quote", name, reader.line_num
        ) from None


def _row(row: list[str], columns: list[str], name: str, line: int) -> Recipient:
    if len(row) != len(columns):
        fields = f"{len(row)} field{'s' if len(row) != 1 else ''}"
        raise MailError(f"{fields} where the header has {len(columns)}; write one field per column", name, line)
    values = dict(zip(columns, (cell.strip() for cell in row)))  # other columns (org, phone) are not read
    if not values["email"]:
        raise MailError("no address in the email column", name, line)
    return recipient(values["email"], name, line, values.get("name") or None, values.get("unsubscribe") or None)


def _twice(recipients: list[Recipient]) -> list[MailError]:
    """An error at each address listed a second time."""
    seen: dict[str, Recipient] = {}
    errors = []
    for person in recipients:
        first = seen.setdefault(person.key, person)
        if first is not person:
            earlier = f"line {first.line}" if first.line else "earlier"
            errors.append(
                MailError(
                    f"{person.email} is listed twice (also {earlier}); each recipient gets one copy",
                    person.file,
                    person.line,
                )
            )
    return errors


def unique(recipients: list[Recipient]) -> list[Recipient]:
    """The list unchanged when no address appears twice; else a MailError at the second one."""
    twice = _twice(recipients)
    if twice:
        raise twice[0]
    return recipients


def _shown(text: str) -> str:
    return repr(text[:80])
