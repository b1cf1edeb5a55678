"""Web addresses, and words wider than any line, cut into pieces a line may end after.

ReportLab breaks an address once, after its "//" or at one slash, and sets the
rest however wide, past the column; a word wider than the line it splits
between any two letters. Here an address is cut before a slash, dot, hyphen,
@, ?, #, &, =, _, ~ or % and after "//" (as the Chicago Manual breaks them),
another word too wide for a line after its hyphens and slashes, else where it
may be hyphenated (a HyphenJoint, after which a line ends in a hyphen: a
German compound of 63 letters), and a part of
either still too wide between letters. The pieces are ReportLab's own words
(a Joint, which no space follows, but the last), so both the total-fit breaker
of justified text (totalfit.py) and ReportLab's of ragged text (softhyphen.py)
can end a line after any of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import groupby, pairwise
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paraparser import ParaFrag

Word = list[Any]  # ReportLab's frag word: [width, (frag, text), (frag, text), ...]

# Opening and closing punctuation, never cut from the word it clings to. Quotation marks on either side: a
# language's closing mark is another's opening one (German „…“ closes with English's opening “; «…», »…«).
_QUOTES = "'\"\xab\xbb\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2039\u203a"
PREFIX = re.compile("^[" + re.escape("([{\xbf\xa1" + _QUOTES) + "]+")
SUFFIX = re.compile("[" + re.escape(")]}?!.,;:\u2026" + _QUOTES) + "]+$")
# A web or e-mail address. A scheme starts where no scheme letter stands before it: tried at every letter
# of a token of thousands, it ran on to the token's end each time. A "www." starts a word, after a space or
# the text's start and a few marks ("(www."): only at a run's start, one in a sentence was hyphenated as a
# word ("exam-" / "ple.org", a re-trial).
_ADDRESS = re.compile(r"(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*://|(?<!\S)[^\w\s]{0,3}www\.|@[^@]+\.", re.IGNORECASE)
_BREAK_BEFORE = frozenset("/.-@?#&=_~%")
_CUT_AFTER = frozenset("-/\u2010\u2013\u2014")  # where a word too wide for any line is cut first


class Joint(list[Any]):
    """A piece of a web address or an over-long word that a line may end after, with no hyphen. Not one of
    ReportLab's split words (_SplitFrag), which it joins together again before it breaks lines: a word of
    its own, with no space after it."""


class HyphenJoint(Joint):
    """A piece of an over-long word cut where the word may be hyphenated: a line that ends after it ends
    in a hyphen, as one that ends in a hyphenated word's head does. `room`: the hyphen's width, where its
    measured width holds it (ReportLab's breaker, softhyphen._cut_words); 0 where it does not (totalfit)."""

    room: float = 0.0


def hyphen_width(word: Word) -> float:
    """The width of the hyphen a line ending in `word` (a HyphenJoint) adds, in the font of its last piece."""
    frag = word[-1][0]
    return string_width("-", frag.fontName, frag.fontSize)


@lru_cache(maxsize=65536)  # the same word parts are measured in every paragraph, every render
def string_width(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)


def pieces_width(pieces: list[tuple[ParaFrag, str]]) -> float:
    """The width of a word's pieces, each in its own font."""
    return float(sum(string_width(t, f.fontName, f.fontSize) for f, t in pieces))


def holds_address(frags: Any) -> bool:
    """Whether a paragraph's frags (as ReportLab parsed them, or its words) hold a web or e-mail address."""
    words = bool(frags) and isinstance(frags[0], list)
    texts = (t for w in frags for _, t in w[1:]) if words else (getattr(f, "text", None) for f in frags)
    return any(isinstance(text, str) and has_address(text) for text in texts)


def has_address(text: str) -> bool:
    """Whether `text` holds a web or e-mail address."""
    return _ADDRESS.search(text) is not None


def jointed(
    words: list[Word], width: float, syllables: Callable[[str], Sequence[int]] | None = None
) -> tuple[list[Word], set[int]]:
    """`words` with each web or e-mail address, and each word wider than `width`, cut into pieces a line may
    end after (Joint, but the last, which keeps the word's class), none wider than `width`; and the
    indices of those last pieces, which are not broken again (a compound broken at its own hyphen is not
    hyphenated in its next part as well: "…verband-Stellung-" / "nahme"). A word with no hyphen or slash
    is cut where `syllables` (the positions in a word's text where it may be hyphenated) allows, into
    HyphenJoints. A word holding a picture or another drawn thing is left whole."""
    text = "".join(t for word in words for _, t in word[1:])
    if not ("/" in text or "@" in text or "www." in text or any(word[0] > width for word in words)):
        return words, set()  # the usual paragraph: one look at its text
    out: list[Word] = []
    tails: set[int] = set()
    for word in words:
        text = "".join(t for _, t in word[1:])
        hyphened: set[int] = set()  # the joints where the word may be hyphenated
        if any(hasattr(frag, "cbDefn") for frag, _ in word[1:]):
            joints = None
        elif _ADDRESS.search(text):
            joints = joints_of(text)
        elif word[0] > width:  # a word no line holds: cut after its hyphens and slashes, else where it may be
            # hyphenated, else between letters
            joints = [i for i in range(1, len(text)) if text[i - 1] in _CUT_AFTER and text[i] not in _CUT_AFTER]
            if syllables is not None:  # a part still too wide (its share of the word's width), at its syllables
                for a, b in pairwise([0, *joints, len(text)]):  # ("…konditionalitätsmechanismus-Debatte")
                    if not joints or word[0] * (b - a) / len(text) > width:
                        part = text[a:b].rstrip("".join(_CUT_AFTER))
                        hyphened |= {a + at for at in syllables(part)}
                joints = sorted({*joints, *hyphened})
        else:
            joints = None
        if joints is None:
            out.append(word)
            continue
        pieces = _pieces(word, joints, width)
        end = 0
        for piece in pieces[:-1]:
            end += sum(len(t) for _, t in piece[1:])
            out.append(HyphenJoint(piece) if end in hyphened else Joint(piece))
        tails.add(len(out))
        out.append(type(word)(pieces[-1]))
    return out, tails


def address_pieces(text: str) -> list[str]:
    """`text` (one word) cut where a line may end inside it: an address at its joints; else whole."""
    cuts = joints_of(text) if has_address(text) else []
    return [text[a:b] for a, b in pairwise([0, *cuts, len(text)])]


def joints_of(text: str) -> list[int]:
    """Where an address breaks: before a slash, dot, hyphen, @ ... that does not follow another (or a
    colon: "https://"), and after "//"; never inside its opening or closing punctuation."""
    prefix, suffix = PREFIX.match(text), SUFFIX.search(text)
    start, end = (prefix.end() if prefix else 0), (suffix.start() if suffix else len(text))
    return [
        i
        for i in range(start + 1, end)
        if (text[i] in _BREAK_BEFORE and text[i - 1] not in _BREAK_BEFORE and text[i - 1] != ":")
        or text[i - 2 : i] == "//"
    ]


def _pieces(word: Word, joints: list[int], width: float) -> list[Word]:
    """`word` cut at `joints`, and between every two letters of a part still wider than `width`: the lines
    it runs over then end wherever they are full (cut in the widest pieces that fit, the line before it had
    to end short of them, and stretched far too loose). One pass over its letters: a token of tens of
    thousands of them (a pasted blob) is cut in linear time."""
    letters = [(frag, char) for frag, text in word[1:] for char in text]
    out: list[Word] = []
    for a, b in pairwise([0, *joints, len(letters)]):
        # the part's letters as runs of one frag each, as ReportLab's words hold them
        part = [(group[0][0], "".join(c for _, c in group)) for group in _by_frag(letters[a:b])]
        size = pieces_width(part)
        if size <= width:
            out.append([size, *part])
        else:
            out += [[string_width(c, f.fontName, f.fontSize), (f, c)] for f, c in letters[a:b]]
    return out


def _by_frag(letters: list[tuple[ParaFrag, str]]) -> list[list[tuple[ParaFrag, str]]]:
    """`letters` in runs of the same frag (the same object: frags compare by their attributes, slowly)."""
    return [list(group) for _, group in groupby(letters, key=lambda letter: id(letter[0]))]
