"""Break hyphens that the text layer reads as soft hyphens.

ReportLab ends a line it hyphenated with a real hyphen-minus, so copying,
searching or reading the PDF aloud gave "polit- ical". A paragraph here is
broken into lines by ReportLab as before; then the hyphen at the end of each
line that ReportLab added at a break is drawn as U+00AD SOFT HYPHEN instead,
whose glyph in the fonts is the hyphen's (same outline, same advance), so the
page looks the same and the text layer reads a whole word. Hyphens that were
in the text ("Russia-Ukraine" broken at its hyphen) stay hyphen-minus: they are
part of the word. A font without a U+00AD glyph keeps the hyphen-minus.

The paragraph class here is every paragraph's in the PDF, and it mends one more
thing of ReportLab's: the rest of a paragraph split after a hard line break
started with that break, an empty line at the top of the next column.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable
from reportlab.platypus.paragraph import (  # type: ignore[attr-defined]  # ReportLab's private word classes
    Paragraph,
    ParaLines,
    _InjectedFrag,
    _SplitFragHY,
    _SplitFragLL,
    _SplitWordHY,
    _SplitWordLL,
)
from reportlab.platypus.paraparser import ParaFrag

SOFT_HYPHEN = "\u00ad"


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


class SoftHyphenParagraph(Paragraph):
    """A Paragraph whose break hyphens are soft hyphens in the text layer (ReportLab's split keeps the class)."""

    def breakLines(self, width: float | list[float] | tuple[float, ...]) -> ParaLines | ParaFrag:
        lines = super().breakLines(width)
        if lines.kind == 0:
            if draws_soft_hyphen(lines.fontName):
                for _, words in lines.lines:
                    last = words[-1] if words else None
                    if isinstance(last, _SplitWordHY | _SplitWordLL) and last.endswith("-"):
                        words[-1] = type(last)(last[:-1] + SOFT_HYPHEN)
            return lines
        frag_words = self.frags  # ReportLab's words; each line's sFW is the index of its first
        starts = [line.sFW for line in lines.lines[1:]] + [len(frag_words)]
        for line, end in zip(lines.lines, starts):
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

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if len(parts) == 2 and isinstance(parts[1], Paragraph):
            # ReportLab starts the rest at its first line's first word, which for a line after a hard break
            # is that break's word: the rest would open with an empty line.
            words = parts[1].frags
            if len(words) > 1 and is_hard_break(words[0]):
                del words[0]
        return parts
