"""Hyphenated paragraphs broken into lines the whole paragraph at a time (Knuth and Plass's total fit).

ReportLab breaks lines first-fit: it fills each line as full as it can and
hyphenates every word that would not fit, so a third of the flagship's lines
ended in a hyphen, in ladders of five, beside lines stretched to eight spaces.
Here every way of breaking the paragraph is weighed at once, as TeX does:

- a line's badness grows with the cube of how far its spaces stretch or
  shrink (a space may stretch to twice its width and shrink by 40 %: STRETCH,
  SHRINK);
- demerits are (LINE_PENALTY + badness)², plus the square of the penalty of a
  hyphen, plus more for two hyphenated lines in a row, for a hyphen on the
  last full line and, more still, for one inside the paragraph's last word;
- never more than two hyphenated lines in a row (InDesign's hyphen limit): a
  third is not a line to weigh, however loose the others would be;
- the breaks with the fewest demerits in total are taken: lines no looser than
  twice the normal space if there are such, else, as a last resort, any that
  do not overflow;
- as TeX's first pass, lines ending after whole words are tried first and taken
  when they all fit: a paragraph that needs no hyphen is never hyphenated, and
  that search, over fewer breaks, is the cheaper (most of a wide column's).

Ragged-right text that is hyphenated (block quotes, footnotes, the body of a
style that does not justify) is broken by the same search, as TeX breaks
ragged-right text: its spaces keep their width, and a line may end short of
the measure by up to RAG of it instead, its rag weighed as a justified line's
stretch is (a line a sixth short is as bad as one whose spaces are twice
their width). Hyphens, hyphens in a row, the ladder of two and the whole-word
first pass are as above; the lines are set at their natural width. First-fit,
a trial bulletin's quotes ended 29.7 % of their lines in a hyphen, in ladders
of four; broken so, 5.7 %, never two in a row.

A style may let the letters of a justified line widen or narrow a little
(`layout.letter_scaling`, drawn as PDF's horizontal scale, Tz), as InDesign's
glyph scaling and pdfTeX's font expansion do: a line's slack is shared between
its spaces and its letters, so that a narrow column needs fewer hyphens and
has fewer loose lines. A space, scaled with its letters, still grows to at
most twice its width and shrinks to no less than 60 %.

The words are ReportLab's own ("frag words": pieces of text with their font),
so fonts, links and colours mix freely in a line. The lines are built in
ReportLab's form (FragLine) and drawn by its Paragraph; a line's break hyphen
is drawn as U+00AD (softhyphen.py). When the paragraph is split between
columns, both parts keep the breaks made for the whole, so the lines read the
same as they would unsplit. A hard line break (<br/>) ends a run of lines as a
paragraph's end does: each run is broken on its own, its last line set at its
natural width. A web or e-mail address, and a word wider than the line, is cut
into pieces a line may end after, with no hyphen (wordcuts.py); a line ending
there costs more than one ending at a space. A paragraph with what this
breaker does not set (pictures, centred or right alignment, no hyphenation)
is broken by ReportLab. (An anchor, <a name/>, is no obstacle: it has no
width.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache, partial
from itertools import accumulate, pairwise
from typing import NamedTuple, cast

from reportlab.lib.abag import ABag
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.rl_accel import sameFrag
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable
from reportlab.platypus.paragraph import (  # type: ignore[attr-defined]  # ReportLab's private word classes
    FragLine,
    ParaLines,
    _getFragWords,
    _handleBulletWidth,
    _HSFrag,
    _processed_frags,
    _SplitFrag,
    _SplitFragH,
    _SplitFragHS,
    _SplitFragHY,
    _SplitFragLL,
)
from reportlab.platypus.paraparser import ParaFrag

from .hyphenation import LONGEST_HYPHENATED, MIN_AFTER, MIN_BEFORE, lowered
from .softhyphen import (
    LADDER,
    SOFT_HYPHEN,
    SoftHyphenParagraph,
    draws_soft_hyphen,
    hyphenated,
    is_hard_break,
    lines_of,
)
from .wordcuts import PREFIX, SUFFIX, HyphenJoint, Joint, Word, hyphen_width, jointed, pieces_width, string_width

# A line's end in word j (_Breaker._ends): at one of its splits (0, 1, ...), or after it whole (AFTER), or
# after it whole in a hyphen (a piece of an over-long word, HyphenJoint), which counts as a hyphenated line.
AFTER, AFTER_HYPHENED = -1, -2
_OWN_HYPHENS = ("-", "\u2010", "\u2011")  # a word's own hyphen at its end, a space after it
STRETCH = 1.0  # of a space's width, how far it may grow (to twice its width)
SHRINK = 0.4  # ... and shrink (to 60 %)
LINE_PENALTY = 10
BIG_WIDTH = 1e6  # a line width no bullet narrows by accident
HYPHEN_PENALTY = 200  # a break inside a word, added by this breaker (TeX: 50; its spaces stretch less)
NAME_PENALTY = 1_000  # a break inside a capitalised word: a name is broken only when nothing else fits
COMPOUND_PENALTY = 150  # a break at a hyphen the word holds: a line ending in a hyphen all the same
MAX_ENDING = 5  # letters of an ending kept with its abbreviation or figure ("MDB-nin", "2030-dək"; _ending)
DOUBLE_HYPHEN = 50_000  # two hyphenated lines in a row
FINAL_HYPHEN = 8_000  # a hyphen on the last full line of the paragraph
# A hyphen in the paragraph's last word, leaving a piece of it for the last line: only when every other
# way sets a line far too loose ("1. взаимное      признание      территориальной" over "целостности;").
LAST_WORD_HYPHEN = 20_000
JOINT_PENALTY = 100  # a line ending inside a web address or an over-long word, with no hyphen
TOLERANCE = 100.0  # the most badness a line may have (spaces at twice their width); failing that,
EMERGENCY = float("inf")  # failing that (a narrow column has paragraphs with no such lines): any that fit
# In that last pass, a line with no space to stretch (an address's pieces) may end short, as if it could
# stretch by this share of its width: ragged, rather than the lines around it set far too loose.
RIGID_STRETCH = 0.1
# A ragged line (quotes, footnotes) may end short by up to this share of its width with no more badness
# than a justified line whose spaces stretch to twice their width: about 38 pt of a quote's 230 pt in
# aircenter's column (four or five letters more than TeX's \raggedright, 2 em), near InDesign's
# hyphenation zone (36 pt). Its lines need a hyphen only for a word longer than that.
RAG = 1 / 6
# A word of letters, apostrophes within it ("l’approvisionnement", "Sözleşmesi’nin": hyphenation.py).
_LETTERS = re.compile("^[^\\W\\d_]+(?:['\u2019][^\\W\\d_]+)*$")
_NO_BREAK = re.compile("[\u00a0\u202f]")  # the spaces that keep words together (nobreak.py)
_POSSESSIVE = re.compile("['\u2019][sS]?$")  # Azerbaijan's, Aliyevs': the stem before it may break

Hyphenator = Callable[[str], Sequence[tuple[str, str]]]


class Split(NamedTuple):
    """One place a word may break: the widths of the head set at a line's end and of the tail
    starting the next line (the words themselves are cut only for the breaks taken)."""

    head: float
    tail: float
    penalty: float
    at: int  # the character the tail starts at
    hyphen: bool  # a hyphen is added to the head


class _Node(NamedTuple):
    """A feasible break, with the best way to reach it."""

    word: int  # the line after this break starts at this word ...
    split: int  # ... whole (-1) or with the tail of this split
    line: int  # lines before this break
    hyphens: int  # hyphenated lines in a row ending at this break (0: the line before ends a word)
    demerits: float
    previous: _Node | None
    # For the line after it: the natural width it starts with (its first word's part, less the prefix sums
    # up to that word), the stretch and shrink before it, and the line's width.
    base: float
    stretched: float
    shrunk: float
    width: float


def space_give(scaling: float) -> tuple[float, float]:
    """How far a space may stretch and shrink, as a share of its width, on a line whose letters may
    widen or narrow by `scaling`. Drawn at the line's horizontal scale 1 + r * scaling (r from -1 to 1,
    the line's ratio), a space is its width times 1 + r * (scaling + its own share): so that it never
    grows past 1 + STRETCH times its width nor shrinks below 1 - SHRINK, its own share is less by
    `scaling`."""
    return STRETCH - scaling, SHRINK - scaling


def _splits(word: Word, hyphenate: Hyphenator | None) -> Sequence[Split]:
    """The places `word` may break: at the hyphens it holds, and where the hyphenator allows."""
    if len(word) == 2:  # in one font, as most words are: measured once for every paragraph
        frag, text = word[1]
        return _splits_in_font(text, frag.fontName, frag.fontSize, hyphenate)
    splits = []
    for at, hyphen, penalty in _places("".join(t for _, t in word[1:]), hyphenate):
        head, tail = _cut(word, at, hyphen)
        splits.append(Split(pieces_width(head), pieces_width(tail), penalty, at, hyphen))
    return splits


@lru_cache(maxsize=65536)
def _splits_in_font(text: str, font: str, size: float, hyphenate: Hyphenator | None) -> tuple[Split, ...]:
    return tuple(
        Split(
            string_width(text[:at] + ("-" if hyphen else ""), font, size),
            string_width(text[at:], font, size),
            penalty,
            at,
            hyphen,
        )
        for at, hyphen, penalty in _places(text, hyphenate)
    )


@lru_cache(maxsize=65536)  # a bulletin repeats its words, and a paragraph is broken at each width tried
def _places(text: str, hyphenate: Hyphenator | None) -> tuple[tuple[int, bool, float], ...]:
    """Where a word of `text` may break: (position in text, hyphen added, penalty), in order."""
    prefix = PREFIX.match(text)
    suffix = SUFFIX.search(text)
    start, end = (prefix.end() if prefix else 0), (suffix.start() if suffix else len(text))
    possessive = _POSSESSIVE.search(text, start, end)
    end = possessive.start() if possessive else end
    core = text[start:end]
    places: list[tuple[int, bool, float]] = []
    if "-" in core:
        # A compound breaks after its hyphen, leaving MIN_BEFORE and MIN_AFTER characters as any break does
        # ("SOCAR-" / "ın" parted a name from its case ending); a phone number or a range of digits does not,
        # nor an abbreviation or a figure with its ending (_ending: "MDB-" / "nin", "2030-" / "dək").
        places = [
            (start + m.end(), False, COMPOUND_PENALTY)
            for m in re.finditer("-", core)
            if m.start() >= MIN_BEFORE
            and len(core) - m.end() >= MIN_AFTER
            and not (core[m.start() - 1 : m.start()].isdigit() and core[m.end()].isdigit())
            and not _ending(core[: m.start()].rpartition("-")[2], core[m.end() :])
        ]
    elif hyphenate is not None:
        # Each part of words kept together by a no-break space ("и\u00a0журналистов", "2024\u00a0г.") breaks
        # as a word of its own would: a Russian word after a one-letter preposition was never hyphenated.
        at = start
        for part in _NO_BREAK.split(core):
            if _LETTERS.match(part):
                places += [(at + at_part, True, penalty) for at_part, penalty in _word_places(part, hyphenate)]
            at += len(part) + 1
    return tuple(sorted(set(places)))


def _ending(before: str, after: str) -> bool:
    """Whether `after` is the ending of the abbreviation or figure `before`: a few small letters that end the
    word, as Turkic languages and Russian inflect them (BMT-nin, NATO-nun, 2030-dək, СНГ-овский's kin);
    English compounds so short (US-led, EU-wide) are no loss unbroken."""
    return (
        bool(before)
        and all(char.isupper() or char.isdigit() for char in before)
        and after.isalpha()
        and after.islower()
        and len(after) <= MAX_ENDING
    )


def _syllables(text: str, hyphenate: Hyphenator) -> list[int]:
    """Where a word wider than any line may be hyphenated (wordcuts.jointed cuts it there)."""
    if len(text) > LONGEST_HYPHENATED:
        return []
    return [at for at, hyphen, _ in _places(text, hyphenate) if hyphen]


def _word_places(word: str, hyphenate: Hyphenator) -> list[tuple[int, int]]:
    """Where a word of letters may be hyphenated, and at what penalty: a capitalised one (a name) only
    where nothing else fits."""
    places = [(len(head), HYPHEN_PENALTY) for head, _ in hyphenate(word)]
    lower = lowered(word)
    if not places and word[0].isupper() and lower is not None:
        places = [(len(head), NAME_PENALTY) for head, _ in hyphenate(lower)]
    return places


def _cut(word: Word, at: int, hyphen: bool) -> tuple[list[tuple[ParaFrag, str]], list[tuple[ParaFrag, str]]]:
    """The pieces of `word` before character `at`, with a hyphen added when `hyphen`, and from it."""
    head: list[tuple[ParaFrag, str]] = []
    tail: list[tuple[ParaFrag, str]] = []
    seen = 0
    for frag, text in word[1:]:
        if seen + len(text) <= at:
            head.append((frag, text))
        elif seen >= at:
            tail.append((frag, text))
        else:
            head.append((frag, text[: at - seen]))
            tail.append((frag, text[at - seen :]))
        seen += len(text)
    if hyphen:
        frag, text = head[-1]
        head[-1] = (frag, text + "-")
    return head, tail


def _split_words(word: Word, split: Split) -> tuple[Word, Word]:
    """`word` cut at `split`, as ReportLab's words for a line's end and the next line's start."""
    head, tail = _cut(word, split.at, split.hyphen)
    head_class = _SplitFragHY if split.hyphen else _SplitFragH
    tail_class = _SplitFragHS if isinstance(word, _HSFrag) else _SplitFrag
    return head_class([split.head, *head]), tail_class([split.tail, *tail])


def _ends_after(word: Word, size: float, gap: float) -> list[tuple[int, float, float, float]]:
    """Where a line may end in a word it cannot end inside (as _Breaker._ends gives them): after it when a
    space follows (a hyphenated line if the word ends in its own hyphen), or after an address's piece (at a
    cost), or after a piece of an over-long word where it may be hyphenated (as a hyphen costs, its hyphen on
    the line); else nowhere."""
    if gap > 0:
        if word[-1][1].endswith(_OWN_HYPHENS):  # "Industrie- und Handelskammer": a line ending there ends in a
            return [(AFTER_HYPHENED, size, 0.0, DOUBLE_HYPHEN)]  # hyphen all the same, one of a ladder
        return [(AFTER, size, 0.0, 0.0)]
    if isinstance(word, HyphenJoint):
        hyphen = HYPHEN_PENALTY * HYPHEN_PENALTY
        return [(AFTER_HYPHENED, size + hyphen_width(word), hyphen, hyphen + DOUBLE_HYPHEN)]
    if isinstance(word, Joint):
        joint = JOINT_PENALTY * JOINT_PENALTY
        return [(AFTER, size, joint, joint)]
    return []


def _space(word: Word) -> float:
    """The space after a word, in the font of its last piece (as ReportLab measures it)."""
    if not isinstance(word, _HSFrag):
        return 0.0
    frag = word[-1][0]
    return _space_width(frag.fontName, frag.fontSize)


def total_fit(
    words: list[Word],
    widths: Sequence[float],
    hyphenate: Hyphenator | None,
    whole_after: frozenset[int] = frozenset(),
    scaling: float = 0.0,
    ragged: float = 0.0,
) -> tuple[list[Word], list[int]] | None:
    """The paragraph's words, with those broken across lines replaced by their head and tail, and
    the index of each line's first word in that list; None when no lines fit without overflowing.
    Lines numbered in `whole_after` (from 1) do not end inside a word (the page may turn after them).
    With `scaling` s, a line's letters may widen or narrow by s (a share of their width) as its
    spaces stretch or shrink, taking their share of its slack: fewer hyphens, fewer loose lines.
    With `ragged` r (RAG), the lines are ragged right: its spaces keep their width, and a line may
    end short by r of its width (as far as a justified line's spaces may stretch)."""
    if not words:
        return None
    out: list[Word] = []
    starts: list[int] = []
    for run in _hard_runs(words):
        # Each run of lines after a hard break goes on with the paragraph's next line width.
        lines = len(starts)
        result = _fit_run(
            run,
            widths[lines:] or widths[-1:],
            hyphenate,
            frozenset(line - lines for line in whole_after if line > lines),
            scaling,
            ragged,
        )
        if result is None:
            return None
        run_words, run_starts = result
        starts += [len(out) + start for start in run_starts]
        out += run_words
    return out, starts


def _hard_runs(words: list[Word]) -> list[list[Word]]:
    """The paragraph's words cut after each hard line break (a word of its own, kept at its run's end)."""
    runs: list[list[Word]] = [[]]
    for word in words:
        runs[-1].append(word)
        if is_hard_break(word):
            runs.append([])
    return [run for run in runs if run]


def _fit_run(
    words: list[Word],
    widths: Sequence[float],
    hyphenate: Hyphenator | None,
    whole_after: frozenset[int],
    scaling: float,
    ragged: float,
) -> tuple[list[Word], list[int]] | None:
    words, tails = jointed(words, min(widths), partial(_syllables, hyphenate=hyphenate) if hyphenate else None)
    breaker = _Breaker(words, widths, hyphenate, scaling, tails, [_marked(w) for w in words], ragged)
    if max(breaker.sizes) > min(widths):
        return None  # a word wider than a line: ReportLab splits it
    # As TeX does first (its \pretolerance): lines that end after whole words, taken when all of them fit.
    # Most paragraphs of a wide column need no hyphen, and this search, with fewer breaks, is the cheaper.
    for tolerance, hyphenate_words in ((TOLERANCE, False), (TOLERANCE, True), (EMERGENCY, True)):
        best = breaker.run(tolerance, whole_after, hyphenate_words)
        if best is not None:
            return _assemble(words, best, breaker.splits)
    return None


class _Breaker:
    """The paragraph's measures, and the search for the breaks with the fewest demerits."""

    def __init__(
        self,
        words: list[Word],
        widths: Sequence[float],
        hyphenate: Hyphenator | None,
        scaling: float,
        whole: Iterable[int] = (),
        marked: Sequence[bool] = (),
        ragged: float = 0.0,
    ) -> None:
        """`whole`: the words not to be broken (the last pieces of words cut to fit a line: jointed);
        `marked`: the words whose letters may not scale (_marked); `ragged`: the share of its width a
        ragged line may end short by (RAG), its spaces rigid; 0: the lines are justified."""
        self.words, self.widths, self.hyphenate, self.scaling = words, widths, hyphenate, scaling
        self.ragged = ragged
        # How many marked words stand before each word: a line holding one has no letter scaling.
        self.marked = [0, *accumulate(map(int, marked))] if any(marked) else None
        self.space = [_space(w) for w in words]
        self.sizes = [float(w[0]) for w in words]
        # prefix sums: the width of words [0, i) with the space after each, and those spaces' stretch and shrink
        self.total, self.stretch, self.shrink = [0.0], [0.0], [0.0]
        grow, give = space_give(scaling) if not ragged else (0.0, 0.0)
        for size, gap in zip(self.sizes, self.space):
            self.total.append(self.total[-1] + size + gap)
            self.stretch.append(self.stretch[-1] + gap * grow)
            self.shrink.append(self.shrink[-1] + gap * give)
        self.splits: dict[int, Sequence[Split]] = dict.fromkeys(whole, ())  # word -> its splits, when first needed
        # Where a line may end in each word that it cannot end inside: after it (the last word, or one with
        # a space after it), or nowhere. Shared lists, never changed.
        self.after = [_ends_after(word, size, gap) for word, size, gap in zip(words, self.sizes, self.space)]
        if words:
            self.after[-1] = [(AFTER, self.sizes[-1], 0.0, 0.0)]

    def _node(self, word: int, split: int, line: int, hyphens: int, demerits: float, previous: _Node | None) -> _Node:
        """A break before `word` (whole, or the tail of its `split`), measured for the line after it."""
        if word >= len(self.words):
            return _Node(word, split, line, hyphens, demerits, previous, 0.0, 0.0, 0.0, 0.0)
        part = self.splits[word][split].tail if split >= 0 else self.sizes[word]
        width = self.widths[min(line, len(self.widths) - 1)]
        base = part + self.space[word] - self.total[word + 1]
        # A ragged line's one stretch is its rag, at its end (TeX's \rightskip): counted before its first
        # word, it is the stretch of every line starting here, whatever words it holds.
        stretched = self.stretch[word] - self.ragged * width
        return _Node(word, split, line, hyphens, demerits, previous, base, stretched, self.shrink[word], width)

    def _ends(self, j: int) -> list[tuple[int, float, float, float]]:
        """Where a line may end in word j: inside it at one of its splits, or after it (-1)."""
        # (split, width of the word's part on the line, its hyphen's demerits, and after a hyphenated line)
        options = self.splits.get(j)
        if options is None:
            word = self.words[j]
            options = self.splits[j] = () if isinstance(word, Joint) else _splits(word, self.hyphenate)
        inside = [
            (k, s.head, s.penalty * s.penalty, s.penalty * s.penalty + DOUBLE_HYPHEN) for k, s in enumerate(options)
        ]
        return inside + self.after[j]

    def run(self, tolerance: float, whole_after: frozenset[int] = frozenset(), hyphenate: bool = True) -> _Node | None:
        """The last of the breaks with the fewest demerits, or None when no lines fit `tolerance`
        (and the lines numbered in `whole_after` end after a whole word); without `hyphenate`, no line
        ends inside a word."""
        n = len(self.words)
        # Locals: this loop runs for every word and every break still active before it.
        total, stretch, shrink, sizes, scaling = self.total, self.stretch, self.shrink, self.sizes, self.scaling
        marked, unscaled = self.marked, self.scaling
        ends_after = self.after
        reach = (tolerance / 100) ** (1 / 3)  # the most a line's ratio may be
        rigid_may_end = tolerance == EMERGENCY  # the last pass: see RIGID_STRETCH
        active = [self._node(0, -1, 0, 0, 0.0, None)]
        for j in range(n):
            last = j == n - 1
            # A word is broken only where it would stick out of a line that could end inside it.
            before = total[j]
            after = before + sizes[j]
            inside = False
            for node in active if hyphenate else ():
                if node.base + before < node.width < node.base + after:
                    inside = True
                    break
            ends = self._ends(j) if inside else ends_after[j]
            if not ends:
                continue
            # (split, hyphenated lines in a row) -> (demerits, from node): the best way to each break, kept
            # apart by the ladder it ends, since a break after two hyphens cannot be followed by a third.
            found: dict[tuple[int, int], tuple[float, _Node]] = {}
            survivors: list[_Node] = []
            stretch_j, shrink_j = stretch[j], shrink[j]
            longest = ends[0][1] if len(ends) == 1 else max(end[1] for end in ends)
            marked_to_j = marked[j + 1] if marked else 0
            for node in active:
                word, _, _, hyphens, demerits_before, _, base, stretched, shrunk, width = node
                # a line with a link, underline or background keeps its letters' widths (ReportLab places
                # those at unscaled widths); the paragraph's other lines may scale theirs
                scaling = 0.0 if marked and marked[word] != marked_to_j else unscaled
                # A line that starts with word j (whole: a split node's word is behind it) holds only its
                # part, and no space (its spaces' stretch and shrink are then exactly 0, but a ragged line's rag).
                natural0 = 0.0 if word == j else base + before
                grow, give = stretch_j - stretched, shrink_j - shrunk
                if not last:
                    # Too short to end here even with the longest part of word j, stretched as far as a
                    # line may: the line goes on (most active breaks, most of the time).
                    slack = width - natural0 - longest
                    flex = grow + scaling * (natural0 + longest)
                    if slack > 0 and (slack > flex * reach if flex else slack >= 0.5 and not rigid_may_end):
                        survivors.append(node)
                        continue
                too_long = False
                inside_word_allowed = node.line + 1 not in whole_after and hyphens < LADDER
                for k, part, cost, cost_double in ends:
                    hyphened = k != AFTER  # the line ends in a hyphen: inside a word, or after a HyphenJoint
                    if hyphened and not inside_word_allowed:
                        continue
                    natural = natural0 + part
                    slack = width - natural
                    if slack < 0:
                        flex = give + scaling * natural
                        ratio = slack / flex if flex else -2.0
                        if ratio < -1:
                            too_long = too_long or k < 0  # this line and every longer one overflow
                            continue
                    elif last and k < 0:
                        ratio = 0.0  # the last line: its end is filled
                    else:
                        flex = grow + scaling * natural
                        if not flex and rigid_may_end:
                            flex = width * RIGID_STRETCH
                        ratio = slack / flex if flex else (0.0 if slack < 0.5 else 1e3)
                    key = (k, hyphens + 1 if hyphened else 0)
                    best = found.get(key)
                    if best is not None and demerits_before >= best[0]:
                        continue  # a line only adds demerits: this one cannot do better than the best so far
                    badness = 100 * abs(ratio) ** 3
                    if badness > tolerance:
                        continue
                    demerits = demerits_before + (LINE_PENALTY + badness) ** 2
                    if hyphened:  # the line ends in a hyphen, added or the word's own
                        demerits += cost_double if hyphens else cost
                        if j == n - 2:
                            demerits += FINAL_HYPHEN
                        elif last:
                            demerits += LAST_WORD_HYPHEN
                    else:
                        demerits += cost  # inside an address (Joint), else nothing
                    if best is None or demerits < best[0]:
                        found[key] = (demerits, node)
                if not too_long:
                    survivors.append(node)
            for (k, ladder), (demerits, node) in found.items():
                broken = self._node(j if k >= 0 else j + 1, max(k, AFTER), node.line + 1, ladder, demerits, node)
                survivors.append(broken)
            if not survivors:
                return None
            active = survivors
        finals = [node for node in active if node.word == n]
        # Broken inside the last word: the rest of it is the last line, which needs only to fit.
        for node in active:
            if node.word == n - 1 and node.split >= 0 and self.splits[node.word][node.split].tail <= node.width:
                finals.append(self._node(n, -1, node.line + 1, 0, node.demerits, node))
        return min(finals, key=lambda node: node.demerits) if finals else None


def _assemble(words: list[Word], last: _Node, splits: dict[int, Sequence[Split]]) -> tuple[list[Word], list[int]]:
    nodes: list[_Node] = []
    node: _Node | None = last
    while node is not None:
        nodes.append(node)
        node = node.previous
    nodes.reverse()
    out: list[Word] = []
    starts: list[int] = []
    for p, q in pairwise(nodes):
        starts.append(len(out))
        first = p.word
        if p.split >= 0:
            out.append(_split_words(words[p.word], splits[p.word][p.split])[1])
            first += 1
        out.extend(words[first : q.word])
        if q.split >= 0:
            out.append(_split_words(words[q.word], splits[q.word][q.split])[0])
    return out, starts


def build_lines(
    words: list[Word],
    starts: list[int],
    widths: Sequence[float],
    scaling: float,
    justify_last: bool,
    ragged: bool = False,
) -> list[FragLine]:
    """ReportLab's lines for `words` broken before each index in `starts` (the first is 0), every line but
    the last and those ending in a hard break justified with its spaces and, by up to `scaling`, the
    width of its letters; or, `ragged`, every line at its natural width."""
    lines = []
    ends = [*starts[1:], len(words)]
    scale = 1.0  # the horizontal scale the line before was drawn at
    for number, (a, b) in enumerate(zip(starts, ends)):
        width = widths[min(number, len(widths) - 1)]
        hard = b > a and is_hard_break(words[b - 1])
        own = 0.0 if any(_marked(w) for w in words[a:b]) else scaling
        last = ragged or hard or (b == len(words) and not justify_last)
        line, scaled = _line(words, a, b, width, own, last=last)
        # ReportLab sets such a line unjustified, and a split's head ending in it too; but one too long for
        # its width must be justified (its spaces shrunk), else it is drawn at its natural width, past it.
        line.lineBreak = hard and line.extraSpace >= 0
        if scaled != scale and line.words:  # set where it changes: the scale holds in the text object until set again
            line.words.insert(0, _scale_frag(line.words[0], f"{100 * scaled:.3f}"))
            scale = scaled
        lines.append(line)
    return lines


def _line(words: list[Word], a: int, b: int, width: float, scaling: float, last: bool) -> tuple[FragLine, float]:
    """One line, made as ReportLab makes it: runs of text in one style, joined with spaces; and the
    horizontal scale its letters are drawn at. The `last` line is set at its natural width unless
    it is too long for it (then it is shrunk as any other line)."""
    out: list[ParaFrag] = []
    source: ParaFrag | None = None  # what the last run was cloned from
    current = space = gaps = 0.0
    count = 0
    fonts: set[tuple[str, float]] = set()
    for w in words[a:b]:
        size = float(w[0])
        if size > 0:
            current += space + size
            gaps += space
        frag, part = w[1]
        # ReportLab spreads the slack over wordCount - 1 spaces: an address's pieces (Joint) have none between.
        count += 1 if part and (not count or space) else 0
        if source is not None and (frag is source or sameFrag(out[-1], frag)):
            # Most words: the run goes on in the same style.
            run = out[-1]
            run.text += (" " + part) if space and not run.text.endswith(" ") else part
            pieces = w[2:]
        else:
            if source is not None and space:  # the space goes at the end of the text before
                for previous in reversed(out):
                    if previous.text is not None:
                        previous.text += "" if previous.text.endswith(" ") else " "
                        break
            pieces = w[1:]
        for frag, part in pieces:  # a new run for each piece in another style
            fonts.add((frag.fontName, frag.fontSize))
            run = frag.clone()
            run.text = part
            out.append(run)
            source = frag
        space = _space(w)
    if b > a and isinstance(words[b - 1], HyphenJoint) and out:  # its hyphen, which its width leaves out
        out[-1].text += "-"
        current += hyphen_width(words[b - 1])
    if b > a and isinstance(words[b - 1], _SplitFragHY | _SplitFragLL | HyphenJoint) and out:
        final = out[-1]
        if final.text.endswith("-") and draws_soft_hyphen(final.fontName):
            final.text = final.text[:-1] + SOFT_HYPHEN
    scale = 1.0
    slack = width - current
    if scaling and current > 0 and not (last and slack >= 0):
        # As the breaker weighed it: the letters take their share of the slack, at most `scaling`.
        grow, give = space_give(scaling)
        flex = gaps * (grow if slack >= 0 else give) + scaling * current
        scale = 1 + max(-1.0, min(1.0, slack / flex)) * scaling
    measures = [_ascent_descent(*font) for font in fonts] or [(0.0, 0.0)]
    line = FragLine(
        extraSpace=width / scale - current,  # the spaces are scaled with the letters
        wordCount=count,
        lineBreak=False,
        words=out,
        fontSize=max((size for _, size in fonts), default=0.0),
        ascent=max(up for up, _ in measures),
        descent=min(down for _, down in measures),
        maxWidth=width,
        sFW=a,
    )
    return line, scale


SCALE_CALLBACK = "briefexport_horizontal_scale"


def _scale_frag(like: ParaFrag, percent: str) -> ParaFrag:
    """A frag that draws nothing and sets the text's horizontal scale (PDF's Tz) when ReportLab draws it."""
    frag = like.clone()
    frag.text = ""
    frag.cbDefn = ABag(kind="onDraw", name=SCALE_CALLBACK, label=percent)
    return frag


def _scale_of(line: FragLine) -> str | None:
    """The horizontal scale a line sets before its text (build_lines, in per cent), or None where it keeps
    the one set before."""
    first = line.words[0] if line.words else None
    definition = getattr(first, "cbDefn", None)
    return str(definition.label) if definition is not None and definition.name == SCALE_CALLBACK else None


def _scale_before(lines: Sequence[FragLine], at: int) -> str | None:
    """The horizontal scale in force when line `at` starts: the last one set on a line before it, or None
    (none was: 100 %)."""
    for line in reversed(lines[:at]):
        scale = _scale_of(line)
        if scale is not None:
            return scale
    return None


def _set_scale(canvas: Canvas, kind: str | None, label: str) -> None:
    # ReportLab hands an onDraw callback the text object it is drawing into as _curr_tx_info.
    canvas._curr_tx_info["tx"].setHorizScale(float(label))  # type: ignore[attr-defined]


@lru_cache(maxsize=256)
def _ascent_descent(font: str, size: float) -> tuple[float, float]:
    up, down = getAscentDescent(font, size)
    return float(up), float(down)


@lru_cache(maxsize=256)
def _space_width(font: str, size: float) -> float:
    return float(stringWidth(" ", font, size))


class TotalFitParagraph(SoftHyphenParagraph):
    """A hyphenated paragraph, justified or ragged right (TA_LEFT), broken into lines the whole paragraph
    at a time."""

    _plan: tuple[tuple[float, ...], list[int]] | None = None  # the widths broken for, each line's first word
    _lines: tuple[tuple[float, ...], ParaLines] | None = None  # the widths, and the lines made for them
    _words: list[Word] | None = None  # the paragraph's words before any was broken (None: a split's rest)
    _share: float | None = None  # how far its letters may scale (_scaling), once worked out for the whole

    def breakLines(self, width: float | list[float] | tuple[float, ...]) -> ParaLines | ParaFrag:
        widths = tuple(width) if isinstance(width, list | tuple) else (width,)
        style = self.style
        hyphenate = style.hyphenationLang
        if style.alignment not in (TA_JUSTIFY, TA_LEFT) or not callable(hyphenate) or not self._plain():
            return super().breakLines(width)
        if self._lines is not None and _same(self._lines[0], widths):
            return self._lines[1]  # a frame wraps a paragraph again and again at the same width
        words: list[Word]
        if self._plan is not None and _same(self._plan[0], widths):
            words, starts = cast(list[Word], self.frags), self._plan[1]  # the words the plan was made for
        elif not _processed_frags(self.frags) and not all(hasattr(f, "text") for f in self.frags):
            return super().breakLines(width)  # the rest of a paragraph ReportLab broke: a list of its words
        else:
            # Broken again at other widths (measured at one, set at another), from its words as they were
            # before any was broken: a word broken for the first widths would have lost its break.
            words = self._words if self._words is not None else _words_of(self.frags, widths[0])
            if not all(_text_only(w) for w in words):
                return super().breakLines(width)
            self._words = words
            result = total_fit(words, widths, hyphenate, scaling=self._scaling(words), ragged=self._rag())
            if result is None:
                return super().breakLines(width)
            words, starts = result
        self.frags = words  # type: ignore[assignment]  # ReportLab keeps its frag words here once broken
        self._plan = (widths, starts)
        # A split's head justifies its last line too (ReportLab sets _JustifyLast on it); ragged lines, none.
        justify_last = getattr(self, "_JustifyLast", False)
        lines = build_lines(words, starts, widths, self._scaling(words), justify_last, ragged=bool(self._rag()))
        self._width_max = min(max(widths), max(line.maxWidth - line.extraSpace for line in lines))
        broken = ParaLines(kind=1, lines=lines)
        self._lines = (widths, broken)
        return broken

    def _scaling(self, words: list[Word]) -> float:
        """How far the letters of a justified line may widen or narrow: as the paragraph style says
        (letterScaling); a line with a link, underline or background, not at all (_marked); a ragged
        line's, not at all."""
        if self._share is None:
            self._share = 0.0 if self._rag() else float(getattr(self.style, "letterScaling", 0.0))
        return self._share

    def _rag(self) -> float:
        """How short of its width a line may end: RAG of it in ragged text, 0 in justified."""
        return RAG if self.style.alignment == TA_LEFT else 0.0

    def drawPara(self, debug: int = 0) -> None:
        self.canv.setNamedCB(SCALE_CALLBACK, _set_scale)  # the canvas drawn on knows the callback by name
        super().drawPara(debug)

    def _plain(self) -> bool:
        style = self.style
        return not (
            (self.bulletText and not self._bullet_hangs())
            or style.endDots
            or getattr(style, "shaping", 0)
            or getattr(style, "autoLeading", "") not in ("", "off", None)
            or (style.wordWrap or "").upper() in ("CJK", "RTL", "LTR")
        )

    def _bullet_hangs(self) -> bool:
        """Whether the bullet (a list's mark) fits in the indent before the text: then the lines keep their
        widths and it is drawn beside the first (ReportLab narrows the first line for a wider one)."""
        widths = [BIG_WIDTH]
        _handleBulletWidth(self.bulletText, self.style, widths)
        return widths[0] == BIG_WIDTH

    def _split_after_whole_word(self, availWidth: float, availHeight: float, parts: list[Flowable]) -> list[Flowable]:
        """The whole paragraph broken again with the head's last line ending after a whole word (the head
        keeps its lines); first-fit's way for the rest of a paragraph ReportLab broke. Broken again, the
        paragraph may leave one line for the next page, and ReportLab then moves a line to keep that widow
        company: that line ends after a whole word too, and the paragraph is broken again once more."""
        whole: frozenset[int] = frozenset()
        for _ in range(LADDER):
            whole |= {len(lines_of(parts[0]))}
            if not self._replan(whole):
                if len(whole) > 1:
                    return parts
                if self._plan is not None:
                    # The rest of a split, its lines the whole's: they stay (broken first-fit without hyphens,
                    # a ragged rest would no longer match the plan made for it), the column ends early.
                    return self._end_early(availWidth, availHeight, parts)
                return super()._split_after_whole_word(availWidth, availHeight, parts)
            self.wrap(availWidth, availHeight)  # ReportLab splits the lines its last wrap made
            parts = self._split(availWidth, availHeight)
            if len(parts) != 2 or not hyphenated(parts[0]):
                break
        return parts

    def _replan(self, whole: frozenset[int]) -> bool:
        """Break the whole paragraph again, the lines numbered in `whole` ending after a whole word; False
        if it cannot be."""
        hyphenate = self.style.hyphenationLang
        if self._words is None or self._plan is None or not callable(hyphenate):
            return False  # the rest of a split paragraph: its first lines are on the page before
        widths = self._plan[0]
        scaling = self._scaling(self._words)
        result = total_fit(self._words, widths, hyphenate, whole_after=whole, scaling=scaling, ragged=self._rag())
        if result is None:
            return False
        words, starts = result
        self.frags = words  # type: ignore[assignment]  # as breakLines keeps them
        self._plan, self._lines = (widths, starts), None
        return True

    def _split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super()._split(availWidth, availHeight)  # wraps it first if it was not
        plan = self._plan
        if plan is None or len(parts) != 2 or not isinstance(parts[1], TotalFitParagraph):
            return parts
        # Both parts keep the breaks made for the whole: the head its lines, the rest the lines after them.
        head, rest = cast(TotalFitParagraph, parts[0]), parts[1]
        head._share = rest._share = self._share  # the parts' lines scale as the whole's were broken
        widths, starts = plan
        lines = len(head.blPara.lines)  # set by ReportLab's split
        head._plan = (widths, starts[:lines])
        offset = starts[lines]
        rest._plan = ((widths[-1],) * len(widths), [s - offset for s in starts[lines:]])  # no first-line indent
        self._hand_on(rest, lines, offset)
        return parts

    def _hand_on(self, rest: TotalFitParagraph, lines: int, offset: int) -> None:
        """Give the rest of a split (its words those of the whole from `offset` on) the lines made for the
        whole from line `lines` on, where they are the lines it would make: made again at each split, a
        paragraph over many columns was set in quadratic time (twenty words of 10,000 letters, cut into
        200,000 pieces a line may end after, took 40 s more than they took to break)."""
        if self._lines is None or self._plan is None or rest._plan is None or getattr(self, "_JustifyLast", False):
            return  # a split's head justifies its last line; the rest, as the whole, does not
        widths, made = self._lines[0], self._lines[1].lines
        if not _same(widths, self._plan[0]) or any(width != widths[-1] for width in widths[lines:]):
            return  # made for other widths, or set at other widths than the rest's
        if len(rest.frags) != len(self.frags) - offset or len(made) <= lines or not made[lines].words:
            return
        # Each line a copy, its first word counted in the rest's words; the first sets the scale its
        # letters are drawn at, which in the whole a line before it set.
        handed = [line.clone(sFW=line.sFW - offset) for line in made[lines:]]
        scale = _scale_before(made, lines)
        if _scale_of(handed[0]) is None and scale is not None:
            handed[0].words = [_scale_frag(handed[0].words[0], scale), *handed[0].words]
        rest._lines = (rest._plan[0], ParaLines(kind=1, lines=handed))
        rest._width_max = min(widths[-1], max(line.maxWidth - line.extraSpace for line in handed))


def _words_of(frags: list[ParaFrag], width: float) -> list[Word]:
    """ReportLab's words of the paragraph, but the empty ones it makes where a run ends in a space before
    another run ("Le " before an italic "règlement"): such a word carries the space between the runs, and
    set at a line's start it drew that space there, the line a space's width too long. The space goes to
    the word before it instead, its empty piece with it (the space is measured and drawn in its font)."""
    out: list[Word] = []
    for word in _getFragWords(frags, width):
        if len(word) > 1 and word[1][1]:  # most words: text in their first piece
            out.append(word)
            continue
        empty = not any(text for _, text in word[1:]) and not any(hasattr(frag, "cbDefn") for frag, _ in word[1:])
        if not empty or is_hard_break(word):
            out.append(word)
        elif not isinstance(word, _HSFrag) or not out or isinstance(out[-1], _HSFrag):
            continue  # it carries no space, or the word before it has one (or no word comes before it)
        elif type(out[-1]) is list:
            # the space, after the word before it, in its own font (a fallback font may have none: "≈ 3")
            out[-1] = _HSFrag([out[-1][0], *out[-1][1:], *word[1:]])
        else:
            out.append(word)  # a word of another kind before it: kept as ReportLab made it
    return out


def _same(widths: Sequence[float], others: Sequence[float]) -> bool:
    """Whether two lists of line widths are the same but for float noise (a heading's room is measured at
    the column's width, which the frame works out in another order, 1e-13 pt apart)."""
    return len(widths) == len(others) and all(abs(a - b) < 1e-6 for a, b in zip(widths, others))


def _marked(word: Word) -> bool:
    """Whether a word holds a link, an underline or a background, which ReportLab places at the letters'
    unscaled widths: a line that holds it keeps them (a paragraph with a link in three columns of Russian
    was set with one-word lines far short of the measure, its letters kept from scaling everywhere)."""
    return any(f.link or f.us_lines or getattr(f, "backColor", None) for f, _ in word[1:])


def _text_only(word: Word) -> bool:
    """Text this breaker sets: no pictures or callbacks, but an anchor (<a name/>, a footnote reference's),
    which has no width and is drawn where its line puts it, and a hard line break."""
    for frag, text in word[1:]:  # a loop, not all(...): it runs for every word of every paragraph
        if hasattr(frag, "cbDefn"):
            if frag.cbDefn.kind != "anchor" or text:
                return False
        elif not isinstance(text, str) or getattr(frag, "_fkind", 0) != 0:
            return is_hard_break(word)
    return True
