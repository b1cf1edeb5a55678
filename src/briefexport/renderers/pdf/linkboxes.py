"""Link boxes that lie over their words on justified lines.

ReportLab draws a line's words with the line's extra space shared among its spaces
(the PDF's word spacing), and ends a link's clickable box there, but starts it where
the link's first word would stand with the spaces at their natural width
(`_putFragLine` records `cur_x` for the start and `cur_x + spaces * word_space` for
the end). On a line whose spaces were stretched the box began over the word before
("and links" boxed "d links"), on one whose spaces were shrunk inside the link's
first letter, and a footnote's number was missed by 6 pt. A box ending inside the
line after its run's trailing spaces took in their stretch, and one running to the
line's end stopped a space's stretch short of it (ReportLab counts one space fewer
there, as if the last word had one after it). ReportLab calls a text object's
`_linkRecord` as each box starts and ends; the hook here moves the start by the
spaces before it, and an end by the spaces it counted wrongly.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from functools import partial
from typing import Any


def link_moves(lines: Iterable[Any]) -> deque[float]:
    """By how many word spaces to move each start and end of a link's box, line by line, in the order ReportLab
    records them: a start by the spaces before it, an end inside the line back by the trailing spaces of the run
    before it (ReportLab takes off their width, not their stretch), one at the line's end by the space
    ReportLab missed (none when the line's text ends in a space, which ReportLab counted)."""
    moves: deque[float] = deque()
    for line in lines:
        active: list[Any] = []
        spaces = 0
        last = previous = ""  # the line's last text so far; the word before, as ReportLab measures its spaces
        for frag in line.words:
            if hasattr(frag, "cbDefn"):  # a callback or an image: no text, no link of its own
                previous = getattr(frag, "text", "") or ""
                continue
            if frag.link != active:
                trailing = len(previous) - len(previous.rstrip(" "))
                moves.extend([-trailing] * len(set(active) - set(frag.link)))  # ends first, as ReportLab records
                moves.extend([spaces] * len(set(frag.link) - set(active)))
                active = frag.link
            spaces += frag.text.count(" ") + frag.text.count("\xa0")
            last, previous = frag.text or last, frag.text
        moves.extend([0 if last.endswith(" ") else 1] * len(active))
    return moves


def move_link_boxes(text: Any, lines: Iterable[Any]) -> None:
    """Have ReportLab's text object place each link's box over its words, as it draws them."""
    moves = link_moves(lines)
    if any(moves):
        text._linkRecord = partial(_record, text, moves)


def _record(text: Any, moves: deque[float], link: Any, event: str) -> None:
    move = moves.popleft() * getattr(text, "_wordSpace", 0) if moves else 0.0
    links = text.XtraState.links
    if event == "start":
        (key, x), low, high = links[link]
        links[link] = ((key, x + move), low, high)
    else:
        start, end = links[link]
        links[link] = (start, end + move)
