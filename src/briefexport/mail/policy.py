"""How messages are written: policy.SMTP (CRLF, RFC 2047 and 2231 encodings), with a Subject and an
address's display name in other scripts encoded here, a line for each encoded word.

Python's newer header folder (3.11, 3.12) loses or adds spaces where an encoded word ends at a line's
end: of 300 long Russian subjects, 72 read back with two words run together ("дорогагода"), and of
1,000 long non-ASCII display names, 825 with a space inside a word ("Азербайдж ан") or two between
words. Here each space stays inside an encoded word, so a reader that follows RFC 2047 (mail clients,
email.header) reads every one back as written; and an encoded word ends after a whole word, not
inside one as email.header.Header cuts them: Python's newer parser, which keeps the fold between two
encoded words of a display name as a space, read "(IÉ PP)" where the name said "(IÉPP)". (It reads
two spaces there now, between words.)
"""

from __future__ import annotations

import re
from email.charset import Charset
from email.headerregistry import Address
from email.policy import EmailPolicy
from typing import Any

MAX_LINE = 78  # RFC 5322's recommended line length, as policy.SMTP folds to
MAX_WORD = 75  # RFC 2047's longest encoded word
_UTF8 = Charset("utf-8")  # encodes a word as Q or base64, whichever is shorter
_TEXT = frozenset({"subject"})
_ADDRESS = frozenset({"from", "to", "reply-to", "sender"})  # headers of one address each here
# Headers a program reads, written whole on one line: folded, a link longer than a line became encoded words
# that no mail service reads as a link (a list manager's trial: one-click unsubscribe was asked, and not found).
_VERBATIM = frozenset({"list-unsubscribe", "list-unsubscribe-post"})
MAX_HEADER_LINE = 998  # RFC 5322's limit on a line, CRLF not counted


class _Policy(EmailPolicy):
    def fold(self, name: str, value: Any) -> str:
        folded = self._encoded(name, value)
        return super().fold(name, value) if folded is None else folded

    def fold_binary(self, name: str, value: Any) -> bytes:
        folded = self._encoded(name, value)
        return super().fold_binary(name, value) if folded is None else folded.encode("ascii")

    def _encoded(self, name: str, value: Any) -> str | None:
        """The header written with Header's encoder, or None where policy.SMTP writes it well (ASCII)."""
        text = str(value)
        if name.lower() in _VERBATIM and text.isascii() and len(name) + 2 + len(text) <= MAX_HEADER_LINE:
            return f"{name}: {text}{self.linesep}"
        if text.isascii():
            return None
        key = name.lower()
        if key in _TEXT:
            return f"{name}: {_words(text, name, self.linesep)}{self.linesep}"
        addresses: tuple[Address, ...] = getattr(value, "addresses", ())
        if key in _ADDRESS and len(addresses) == 1 and addresses[0].addr_spec.isascii():
            address = addresses[0]
            lines = f"{name}: {_words(address.display_name, name, self.linesep)}"
            last = lines.rsplit(self.linesep, 1)[-1]
            # the address on the name's last line if it fits there, else on a line of its own
            gap = " " if len(last) + len(address.addr_spec) + 3 <= MAX_LINE else f"{self.linesep} "
            return f"{lines}{gap}<{address.addr_spec}>{self.linesep}"
        return None


def _words(text: str, name: str, linesep: str) -> str:
    """`text` as encoded words, each on a line of its own (the first after "Name: "), each holding as many
    whole words as fit, with the spaces after them; a word is cut only where it alone is too long."""
    lines: list[str] = []
    room = MAX_LINE - len(name) - 2
    held = ""  # the words of the line being filled
    for word in re.findall(r"\S+\s*|\s+", text):
        if _fits(held + word, room):
            held += word
            continue
        if held:
            lines.append(_UTF8.header_encode(held))
            room, held = MAX_LINE - 1, ""  # a folded line starts with a space
        # A word longer than an encoded word may be: cut at a character, as often as it takes.
        while (cut := _longest_fitting(word, room)) < len(word):
            lines.append(_UTF8.header_encode(word[:cut]))
            room, word = MAX_LINE - 1, word[cut:]
        held = word
    if held:
        lines.append(_UTF8.header_encode(held))
    return f"{linesep} ".join(lines)


def _fits(text: str, room: int) -> bool:
    return len(_UTF8.header_encode(text)) <= min(room, MAX_WORD)


def _longest_fitting(word: str, room: int) -> int:
    """How many of `word`'s first characters fit one encoded word (at least one), found by halving: a long
    word of a script with no spaces (Chinese) was tried one prefix after another (3 s for 1,000 characters)."""
    low, high = 1, min(len(word), MAX_WORD)  # word[:low] is taken whatever it costs; word[:high + 1] does not fit
    while low < high:
        middle = (low + high + 1) // 2
        if _fits(word[:middle], room):
            low = middle
        else:
            high = middle - 1
    return low


POLICY = _Policy(linesep="\r\n")  # policy.SMTP's settings
# For encoding the bodies: the email package writes a quoted-printable body's lines as long as the policy's
# headers (78), and RFC 2045 allows 76 there (a mail operator's trial: 91 lines of 78).
BODY_POLICY = POLICY.clone(max_line_length=76)
