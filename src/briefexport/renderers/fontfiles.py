"""Font files the Word and EPUB editions embed: which fallback font sets a character the style's families
lack (the first of fonts.fallback that has it, as the PDF chooses: pdf/fonts.Coverage), and a font cut
down with fontTools to the characters of a text. Both are cached: a build reads the same fonts for every
source.
"""

from __future__ import annotations

import functools
import io
import logging
from collections.abc import Iterable
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont, TTLibError, getTableClass

from ..errors import DAMAGED, RenderError
from ..inputs import version
from ..styles import FontFamily, Style

# The subsetter logs every step at INFO: some 140 lines a render in a service that logs at INFO (a
# service developer's trial). Quiet unless the program has set that logger's level itself.
_SUBSET_LOG = logging.getLogger("fontTools.subset")
if _SUBSET_LOG.level == logging.NOTSET:
    _SUBSET_LOG.setLevel(logging.WARNING)


def fallback_fonts(style: Style, fonts: Iterable[Path], characters: Iterable[str]) -> dict[str, FontFamily]:
    """Character -> the fallback font that sets it (as a family of one face), for each of `characters` that
    one of `fonts` (the families' regular faces, or the one face a text is set in) lacks and a font of the
    style's fallback chain has, the first in the chain."""
    covered = [_font(path)[1] for path in fonts]
    lacking = {char for char in characters if any(ord(char) not in codes for codes in covered)}
    chosen: dict[str, FontFamily] = {}
    for path in style.fallback:
        name, codes = _font(path)
        family = FontFamily(path, path, path, path, name, name, "sans-serif")
        for char in sorted(lacking - chosen.keys()):
            if ord(char) in codes:
                chosen[char] = family
    return chosen


def characters(path: Path) -> frozenset[int]:
    """The characters a font file has."""
    return _font(path)[1]


def _font(path: Path) -> tuple[str, frozenset[int]]:
    """A font file's family name and the characters it has."""
    return _read(path, version(path))


@functools.lru_cache(maxsize=64)  # a build reads the same fonts for every source
def _read(path: Path, stamp: tuple[int, int]) -> tuple[str, frozenset[int]]:
    try:
        with TTFont(str(path), lazy=True) as font:
            return font["name"].getBestFamilyName() or path.stem, frozenset(font.getBestCmap() or {})
    except (TTLibError, OSError, KeyError, AssertionError) as exc:
        raise RenderError(f"font {path.name} cannot be read: {exc}", path) from None


LAYOUT_TABLES = {"GSUB", "GPOS", "GDEF"}


def _subsettable(tag: str, options: subset.Options) -> bool:
    """Whether fontTools' subsetter keeps table `tag`: it cuts it down, or needs not."""
    return tag.strip() in options.no_subset_tables or hasattr(getTableClass(tag), "subset_glyphs")


def subset_font(path: Path, characters: frozenset[str], lines_of: Path | None = None) -> bytes:
    """The TrueType file at `path` cut down to `characters`, its names kept, its OpenType layout dropped;
    with `lines_of`, its line metrics (ascent, descent, line gap) those of that font (_same_lines)."""
    return _subset(path, characters, version(path), lines_of, version(lines_of) if lines_of else None)


# The line metrics of a font: its hhea table's and its OS/2 table's (typographic and Windows).
_LINE_METRICS = (
    ("hhea", "ascent"),
    ("hhea", "descent"),
    ("hhea", "lineGap"),
    ("OS/2", "sTypoAscender"),
    ("OS/2", "sTypoDescender"),
    ("OS/2", "sTypoLineGap"),
    ("OS/2", "usWinAscent"),
    ("OS/2", "usWinDescent"),
)


def _same_lines(font: TTFont, lines_of: Path) -> None:
    """`font`'s line metrics set to those of the font at `lines_of`, in `font`'s units. A fallback font
    whose symbols stand between a text's letters (Noto Sans Symbols 2: descent 630/1000, against the
    serif's 293) made each Word line holding one of them taller (17.0 points for 13.6): Word sets a line
    at least as tall as its fonts' metrics say. Its symbols sit well inside the text's lines."""
    other = TTFont(str(lines_of), lazy=True)
    scale = font["head"].unitsPerEm / other["head"].unitsPerEm
    for table, name in _LINE_METRICS:
        setattr(font[table], name, round(getattr(other[table], name) * scale))


@functools.lru_cache(maxsize=64)  # a build renders the same fonts for every source
def _subset(
    path: Path,
    characters: frozenset[str],
    stamp: tuple[int, int],
    lines_of: Path | None,
    lines_stamp: tuple[int, int] | None,
) -> bytes:
    options = subset.Options()
    options.name_IDs = ["*"]  # the family and face names Word, LibreOffice and CSS match the font by
    options.name_languages = ["*"]
    options.notdef_outline = True
    try:
        font = TTFont(str(path), recalcTimestamp=False)  # the clock would change the bytes
        # Hinting is dropped (smaller; the shipped fonts render well unhinted), but a font that has none
        # (no fpgm, prep or cvt table, as the shipped ones) is left alone: stripping it would decompile
        # and recompile every glyph, a third of the subsetting time, for the same bytes.
        options.hinting = not any(tag in font for tag in ("fpgm", "prep", "cvt "))
        # Reading the layout tables (kerning, ligatures) was three quarters of the subsetting time, and
        # Word applies neither unless a style asks for it (w:kern, w:ligatures), which ours do not; the
        # EPUB cuts down only fallback fonts, whose symbols stand alone.
        # Deleted unread: the subsetter would decompile them even to drop them.
        for tag in LAYOUT_TABLES & set(font.keys()):
            del font[tag]
        # Tables the subsetter cannot cut down (FontForge's FFTM timestamp, a vendor's own) are dropped, as
        # it would drop them itself, but quietly: it warned on stderr for each, in a build that succeeds.
        tables = font.keys()  # a TTFont is no iterable
        options.drop_tables += [tag for tag in tables if tag != "GlyphOrder" and not _subsettable(tag, options)]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(ord(c) for c in characters))
        subsetter.subset(font)
        if lines_of is not None:
            _same_lines(font, lines_of)
        out = io.BytesIO()
        font.save(out)
    except (*DAMAGED, TTLibError) as exc:  # a damaged font file behind a valid TrueType signature
        raise RenderError(f"font {path.name} cannot be cut down to embed: {exc}", path) from None
    return out.getvalue()
