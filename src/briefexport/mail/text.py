"""The issue email's plain-text part: the same Letter as the HTML, for clients and readers that
show no HTML (and for spam filters, which distrust a message that has none)."""

from __future__ import annotations

import textwrap

from ..formatting import lead_in
from .body import Letter

WIDTH = 72  # what every terminal and quoting client shows without rewrapping


def text_body(letter: Letter) -> str:
    """The plain-text part, lines of at most 72 characters where words allow."""
    out = [letter.wordmark, "", letter.title]
    if letter.subtitle:
        out.append(letter.subtitle)
    out += [f"{letter.issue} · {letter.date}", ""]
    if letter.summary:
        out += [*_wrap(letter.summary), ""]
    elif letter.contents:
        out += [letter.contents_label, ""]
        for label, title in letter.contents:
            prefix = f"{label} " if label else ""
            out += _wrap(title, first=prefix, rest=" " * len(prefix))
        out.append("")
    if letter.attachments:
        out += [*_wrap(letter.attached), *(f"  {name}" for name in letter.attachments), ""]
    out += ["-- ", letter.publisher]  # "-- " is the signature separator clients recognise (and fold away)
    out += [text for text, _ in letter.contacts]  # the website and email as printed: clients link them
    if letter.unsubscribe:
        label, link = letter.unsubscribe
        out += ["", f"{lead_in(label, letter.language)}<{link}>"]  # "Se désabonner : <…>" in French
    return "\n".join(out) + "\n"


def _wrap(text: str, first: str = "", rest: str = "") -> list[str]:
    return textwrap.wrap(
        text, WIDTH, initial_indent=first, subsequent_indent=rest, break_long_words=False, break_on_hyphens=False
    ) or [first.rstrip()]
