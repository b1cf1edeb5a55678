"""Break hyphens that the text layer reads as soft hyphens.

ReportLab ends a line it hyphenated with a real hyphen-minus, so copying,
searching or reading the PDF aloud gave "polit- ical". A paragraph here is
broken into lines by ReportLab as before; then the hyphen at the end of each
line that ReportLab added at a break is drawn as U+00AD SOFT HYPHEN instead,
whose glyph in the fonts is the hyphen's (same outline, same advance), so the
page looks the same and the text layer reads a whole word. Hyphens that were
in the text ("Russia-Ukraine" broken at its hyphen) stay hyphen-minus: they are
part of the word. A font without a U+00AD glyph keeps the hyphen-minus.

The paragraph class here is every paragraph's in the PDF, and it mends three more
things of ReportLab's: a link's box on a justified line (linkboxes.py); the rest
of a paragraph split after a hard line break
started with that break, an empty line at the top of the next column; and a
page could turn in the middle of a word, or a pull quote waiting for the next column
stand in one. At such a foot, ragged lines broken first-fit before it are broken
again without hyphens; justified lines broken
first-fit end their column up to LADDER lines early, after a whole word (a
first-fit line depends only on the words before it, so its lines stay the
same); the total-fit breaker (totalfit.py) breaks its paragraph again instead.
"""

from __future__ import annotations

from functools import lru_cache, partial
from typing import Any

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, FrameBreak
from reportlab.platypus.paragraph import (  # type: ignore[attr-defined]  # ReportLab's private word classes
    Paragraph,
    ParaLines,
    _getFragWords,
    _InjectedFrag,
    _processed_frags,
    _SHYStr,
    _SplitFragHY,
    _SplitFragLL,
    _SplitWordHY,
    _SplitWordLL,
)
from reportlab.platypus.paraparser import ParaFrag

from .hyphenation import breakable, syllables
from .linkboxes import move_link_boxes
from .wordcuts import HyphenJoint, holds_address, hyphen_width, jointed, string_width

SOFT_HYPHEN = "\u00ad"
# A ParagraphStyle attribute (as letterScaling): the language whose hyphenation cuts a word too wide for any
# line of ragged text ("…überprüfungsverord-" / "nung", not "…überprüfungsv" / "erordnung"), set on every
# style the renderer makes (typography.py).
CUT_LANGUAGE = "cutLanguage"
LADDER = 2  # the most hyphenated lines in a row


@lru_cache(maxsize=256)
def draws_soft_hyphen(font_name: str) -> bool:
    """Whether the font draws U+00AD as wide as a hyphen (the line was measured with one)."""
    font = pdfmetrics.getFont(font_name)
    if not isinstance(font, TTFont) or 0xAD not in font.face.charToGlyph:
        return False
    return bool(pdfmetrics.stringWidth(SOFT_HYPHEN, font_name, 10) == pdfmetrics.stringWidth("-", font_name, 10))


def is_hard_break(word: Any) -> bool:
    """Whether a frag word is a hard line break (ReportLab's word for <br/>: no width, a lineBreak frag)."""
    return isinstance(word, list) and len(word) == 2 and hasattr(word[1][0], "lineBreak")


def ends_in_hyphen(line: Any) -> bool:
    """Whether one of ReportLab's lines (a FragLine, or a one-font line's (space, words)) ends in a hyphen:
    a break hyphen, drawn as a hyphen or a soft hyphen, or the word's own."""
    words = line.words if hasattr(line, "words") else line[1]
    texts = [getattr(w, "text", w) for w in words]
    texts = [t for t in texts if isinstance(t, str) and t]
    return bool(texts) and texts[-1].endswith((SOFT_HYPHEN, "-"))


def _overflows(lines: Any) -> bool:
    """Whether one of ReportLab's lines is a word wider than its width, which it did not split. (A justified
    line of several words may be a little too long: its spaces shrink.)"""
    if lines.kind == 0:
        return any(space < -0.01 and len(words) == 1 for space, words in lines.lines)
    return any(line.extraSpace < -0.01 and line.wordCount == 1 for line in lines.lines)


def _wider(word: str, font: str, size: float, width: float) -> bool:
    return string_width(word, font, size) > width


def _too_wide(paragraph: Paragraph, lines: Any) -> bool:
    """Whether ReportLab's lines hold a word wider than a line, left whole or split between letters."""
    return _overflows(lines) or getattr(paragraph, "_splitLongWordCount", 0) > 0  # set by ReportLab


def _unhyphenated(style: ParagraphStyle, name: str, **more: Any) -> ParagraphStyle:
    """`style` with ReportLab's hyphenation off (and `more` changed), named after it."""
    return ParagraphStyle(f"{style.name}-{name}", parent=style, hyphenationLang="", embeddedHyphenation=0, **more)


class SoftHyphenParagraph(Paragraph):
    """A Paragraph whose break hyphens are soft hyphens in the text layer (ReportLab's split keeps the class)."""

    _given: Any = None  # its frags as it was made: ReportLab keeps the words it broke in self.frags
    _cut: bool = False  # a word of it was wider than a line: its words are cut (below) each time it is broken
    blPara: Any  # its lines, as ReportLab's wrap made them

    def breakLines(self, width: float | list[float] | tuple[float, ...]) -> ParaLines | ParaFrag:
        # Broken again from its words as given: from the words it broke, ReportLab joined a compound broken at
        # its own hyphen without it ("US-" / "Entwicklungsbehörde" became "USEntwicklungsbehörde" when a
        # footnote was set at another width).
        if self._given is None:
            self._given = self.frags
        else:
            self.frags = self._given
        if not self._cut and self.style.alignment != TA_JUSTIFY and holds_address(self._given):
            self._cut = True  # ragged text: its addresses broken as justified text's are, never after "commercial-"
        lines = None if self._cut else super().breakLines(width)
        if lines is not None and _too_wide(self, lines) and (syllabled := self._syllabled(width)) is not None:
            self.frags = syllabled  # a word too wide for a line, with soft hyphens where its language breaks it
            lines = super().breakLines(width)
        if lines is None or _too_wide(self, lines):
            # ReportLab splits a long address once, at a slash, and leaves the rest however wide (a word it
            # split is never split again): a footnote's address ran off the page. Else it splits a word wider
            # than a line between any two letters ("northgate-pol" / "icy.example.org"). And it breaks an address
            # after a slash or its hyphen ("…/2024/" / "…commercial-" / "consumers", read as a hyphenated
            # word). The paragraph is broken with no hyphenation and no address splitting of ReportLab's, from
            # words cut where a line may end.
            if not self._cut:
                self.style = _unhyphenated(self.style, "cut", uriWasteReduce=0)  # its split parts keep it
                self._cut = True
            self.frags = self._cut_words(width)
            lines = super().breakLines(width)
        if lines.kind == 0:
            if draws_soft_hyphen(lines.fontName):
                for _, words in lines.lines:
                    last = words[-1] if words else None
                    if isinstance(last, _SplitWordHY | _SplitWordLL) and last.endswith("-"):
                        words[-1] = type(last)(last[:-1] + SOFT_HYPHEN)
                    elif isinstance(last, _SHYStr) and last.endswith("-"):  # broken at a soft hyphen of ours
                        words[-1] = _SplitWordHY(last[:-1] + SOFT_HYPHEN)  # (_SHYStr would drop the U+00AD)
            return lines
        frag_words = self.frags  # ReportLab's words; each line's sFW is the index of its first
        starts = [line.sFW for line in lines.lines[1:]] + [len(frag_words)]
        # pieces of words cut at syllables (_cut_words): this paragraph's, or the rest's of one split
        roomy = any(isinstance(word, HyphenJoint) and word.room for word in frag_words)
        for line, end in zip(lines.lines, starts):
            if roomy:
                _hyphen_joints(line, frag_words[line.sFW : end])
            k = end - 1
            while k >= 0 and isinstance(frag_words[k], _InjectedFrag):
                k -= 1
            if k < 0 or not isinstance(frag_words[k], _SplitFragHY | _SplitFragLL):
                continue
            texts = [f for f in line.words if getattr(f, "text", "")]
            last = texts[-1] if texts else None
            if last is not None and last.text.endswith("-") and draws_soft_hyphen(last.fontName):
                last.text = last.text[:-1] + SOFT_HYPHEN
        return lines

    def beginText(self, x: float, y: float) -> Any:
        text = super().beginText(x, y)
        if self.blPara.kind == 1:  # lines of fragments (ReportLab places a simple line's link box right)
            move_link_boxes(text, self.blPara.lines)
        return text

    def _syllabled(self, width: float | list[float] | tuple[float, ...]) -> list[ParaFrag] | None:
        """Its frags with soft hyphens where its language may hyphenate each word wider than the narrowest
        line, which ReportLab breaks at, drawing a hyphen and leaving it room; None when there is none such.
        Ragged text is not hyphenated, and ReportLab cut such a word between letters, with no hyphen (a
        German sub-heading's "…überprüfungsv" / "erordnung"). Justified text cuts it in totalfit.py."""
        language = getattr(self.style, CUT_LANGUAGE, "")
        if not language or self.style.alignment == TA_JUSTIFY or _processed_frags(self._given):
            return None
        narrowest = min(width) if isinstance(width, list | tuple) else width
        out, changed = [], False
        for frag in self._given:
            text = getattr(frag, "text", None)
            if text:
                too_wide = partial(_wider, font=frag.fontName, size=frag.fontSize, width=narrowest)
                shown = breakable(text, language, too_wide)
                if shown != text:
                    frag, changed = frag.clone(text=shown), True
            out.append(frag)
        return out if changed else None

    def _cut_words(self, width: float | list[float] | tuple[float, ...]) -> Any:
        """Its words, with those wider than the narrowest line, and web addresses, cut where a line may end
        (wordcuts.py): a word where its language may hyphenate it, a line ending there in a hyphen. (ReportLab
        split them between letters: "…/news/12" / "345,Tariff-…"; and a pull quote holding an address,
        "Entwicklungszusammenarbei" / "tsüberprüfungs…".)"""
        narrowest = min(width) if isinstance(width, list | tuple) else width
        words = self._given if _processed_frags(self._given) else _getFragWords(self._given, narrowest)
        language = getattr(self.style, CUT_LANGUAGE, "")
        cut = jointed(list(words), narrowest, partial(syllables, language=language) if language else None)[0]
        return [_with_room(word) if isinstance(word, HyphenJoint) else word for word in cut]

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        interrupted = interrupted_after(self)  # taken off whatever the split gives
        parts = self._split(availWidth, availHeight)
        # A reader should not turn the page, or pass a pull quote, in the middle of a word.
        if len(parts) == 2 and interrupted and hyphenated(parts[0]):
            return self._split_after_whole_word(availWidth, availHeight, parts)
        return parts

    def _split_after_whole_word(self, availWidth: float, availHeight: float, parts: list[Flowable]) -> list[Flowable]:
        """The split at a page's foot when `parts`' head ends in a hyphen. Ragged lines need no hyphen: the
        lines before the page turns are broken again without any (the column stays full), the rest as
        before. Justified first-fit lines end the column up to LADDER lines early, after a whole word, and
        the page turns there (else the frame would fill its foot with the rest's first lines, and the
        same hyphen)."""
        if self.style.alignment != TA_JUSTIFY:
            return self._split_unhyphenated(availWidth, availHeight) or parts
        return self._end_early(availWidth, availHeight, parts)

    def _end_early(self, availWidth: float, availHeight: float, parts: list[Flowable]) -> list[Flowable]:
        """The split ending its column up to LADDER lines early, after a whole word, its lines as they are."""
        height = whole_word_height(self, availHeight)
        if not height:
            return self._put_off(parts)
        shorter = self._split(availWidth, height) if height < availHeight else []
        return [shorter[0], FrameBreak, shorter[1]] if len(shorter) == 2 else parts

    def _put_off(self, parts: list[Flowable]) -> list[Flowable]:
        """[]: the paragraph goes on whole to the next page; but `parts`, hyphen and all, when it was put
        off from the frame before (_postponed): ReportLab calls a flowable that fails in two frames
        running too large and fails the build. (The frame before was the foot of a column it could not
        split in; this one a short column under a band of wide tables.)"""
        return parts if self.__dict__.get("_postponed") else []

    def _split_unhyphenated(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """The split of the paragraph broken with no hyphens, its rest to be broken as before; [] when that
        split would still end in a hyphen (a word's own) or not split in two."""
        style = self.style
        self.style = _unhyphenated(style, "unhyphenated")
        try:
            self.wrap(availWidth, availHeight)
            parts = self._split(availWidth, availHeight)
        finally:
            self.style = style
        if len(parts) != 2 or hyphenated(parts[0]):
            self.wrap(availWidth, availHeight)  # as it was, for the split the caller keeps
            return []
        parts[1].style = style  # type: ignore[attr-defined]  # the head keeps the style it was broken in
        return parts

    def _split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        words: list[Any] = list(self.frags) if _processed_frags(self.frags) else []  # ReportLab's frag words
        kinds = [type(w) for w in words]
        parts: list[Flowable] = super().split(availWidth, availHeight)
        # ReportLab marks the head's last word as ending it (a _SplitFragLL, followed by a space) on the
        # word object this paragraph shares with the head: the head gets a marked copy, and this paragraph
        # keeps its word as it was, else split again or broken again (at another width) it reads
        # "re- sponsibilities".
        for word, kind in zip(words, kinds):
            if type(word) is not kind and parts:
                head_words = parts[0].frags  # type: ignore[attr-defined]
                at = next((i for i, w in enumerate(head_words) if w is word), None)
                if at is not None:
                    head_words[at] = type(word)(word)
                word.__class__ = kind
        if len(parts) == 2 and isinstance(parts[1], Paragraph):
            # ReportLab starts the rest at its first line's first word, which for a line after a hard break
            # is that break's word: the rest would open with an empty line.
            rest = parts[1].frags
            if len(rest) > 1 and is_hard_break(rest[0]):
                del rest[0]
        return parts


def _with_room(piece: HyphenJoint) -> HyphenJoint:
    """A piece of a word cut at a syllable, measured with room for the hyphen a line ending in it draws
    (_hyphen_joints); a copy, once: the rest of a split paragraph holds the pieces it was broken from, and
    widened again at each break, they grew until the layout failed (a review)."""
    if piece.room:
        return piece
    measured = HyphenJoint(piece)
    measured.room = hyphen_width(piece)
    measured[0] += measured.room
    return measured


def _hyphen_joints(line: Any, words: list[Any]) -> None:
    """A line of cut words (_cut_words), set as the words were measured: one ending in a piece of a word cut
    where it may be hyphenated draws its hyphen, in the room measured for it; inside the line, that room is
    given back to the line's slack (it aligns as its text is wide)."""
    texts = [f for f in line.words if getattr(f, "text", "")]
    for word in words:
        if isinstance(word, HyphenJoint) and word.room:
            if word is words[-1] and texts:
                texts[-1].text += SOFT_HYPHEN if draws_soft_hyphen(texts[-1].fontName) else "-"
            else:
                line.extraSpace += word.room


def interrupted_after(flowable: Flowable) -> bool:
    """Whether a reader meets something else before the next line of `flowable` split at the foot of its
    frame: the page turns (layout.Column.turns_page), or blocks kept whole that did not fit above wait to
    open the next column (layout.Document.deferred: "in-" / a pull quote / "vestment"). The frame sets
    _frame on it just before; a split measured outside any frame (balance.py) must not see the frame of
    an earlier one, so it is taken off."""
    frame = take_frame(flowable)
    if frame is None:
        return False
    return bool(getattr(frame, "turns_page", False) or flowable._doctemplateAttr("deferred"))  # type: ignore[attr-defined]


def take_frame(flowable: Flowable) -> Any:
    """The frame splitting `flowable` (None outside one), taken off it (see interrupted_after)."""
    return flowable.__dict__.pop("_frame", None)


def hand_on(frame: Any, flowable: Flowable) -> None:
    """Give the flowable a container splits the frame the container was split by (see interrupted_after)."""
    if frame is not None:
        flowable._frame = frame  # type: ignore[attr-defined]  # as the frame sets it on what it splits


def lines_of(part: Flowable) -> list[Any]:
    return list(part.blPara.lines)  # type: ignore[attr-defined]  # set by ReportLab's wrap and split


def hyphenated(part: Flowable) -> bool:
    """Whether the last line of a paragraph's part ends in a hyphen (a break hyphen, or the word's own)."""
    lines = lines_of(part)
    return bool(lines) and ends_in_hyphen(lines[-1])


def whole_word_height(paragraph: Paragraph, height: float) -> float:
    """The height to split `paragraph` (wrapped, broken first-fit) at so that the lines before the page
    turns end after a whole word: `height`, or up to LADDER lines less than ReportLab's split would keep
    (a first-fit line depends only on the words before it, so the lines stay the same); no height at all
    when the page would keep no more than LADDER lines, none of which may end it (one line may not stay
    alone): the paragraph goes on whole. It is left as it is where the last LADDER + 1 lines that fit
    all end in a hyphen (first-fit breaking has such runs) and where nothing is split."""
    leading = paragraph.style.leading
    lines = lines_of(paragraph)
    fit = int(height / leading)  # as ReportLab's split counts the lines that fit
    if fit >= len(lines):
        return height
    if fit + 1 == len(lines) and not getattr(paragraph.style, "allowWidows", 1):
        fit -= 1  # ReportLab gives the widow company: the line before it ends the page
    for count in range(fit, max(fit - 1 - LADDER, 1), -1):
        if not ends_in_hyphen(lines[count - 1]):
            return height if count == fit else (count + 0.5) * leading
    return 0.0 if 0 < fit <= LADDER else height
