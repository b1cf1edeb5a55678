"""Text widths in twips from the style's own font files, where a Word file must say where text ends.

Word and LibreOffice lay the text out themselves; the renderer needs widths only
for what it writes down in numbers: a figure column's decimal tab stop, which
must leave room for the widest part after the decimal point. Measured from the
font's advance widths (fontTools), not estimated per character: "%" is three
times as wide as ".".
"""

from __future__ import annotations

import functools
from pathlib import Path

from fontTools.ttLib import TTFont

from ...inputs import version


@functools.lru_cache(maxsize=16)
def _advances(path: Path, stamp: tuple[int, int]) -> tuple[dict[int, int], int, int]:
    """A font's advance width per code point, its units per em, and its width of "0" (for missing glyphs);
    `stamp` (inputs.version) reads a font replaced while the process runs anew."""
    with TTFont(path, lazy=True) as font:  # closed: a lazy font kept its file open
        metrics = font["hmtx"].metrics
        advances = {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}
        em = font["head"].unitsPerEm
    return advances, em, advances.get(ord("0"), em // 2)


def twips(text: str, font: Path, size: float) -> int:
    """The width of `text` set in `font` at `size` points, in twips (rounded up)."""
    advances, em, fallback = _advances(font, version(font))
    units = sum(advances.get(ord(char), fallback) for char in text)
    return -(-units * round(size * 20) // em)
