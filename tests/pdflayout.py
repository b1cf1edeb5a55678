"""Layout checks that read a rendered PDF back: where each line of text stands, and what kind it is.

pdfminer.six gives every line of text with its position and its characters' font and size; the
style says which font and size each kind of text (heading, caption, attribution, ...) is set in.
Reading order is rebuilt from the page geometry: a page is cut into regions at every band that
spans the columns (a wide table: graphics or text across the gutter, with its caption above and its
source below), and inside a region the columns are read left to right, each from the top down.

The checks (`problems`) say what a reader of the printed page would notice:
- the section headings appear once each, in the source's order;
- every table caption stands between its section's heading and the next section's heading;
- no attribution line opens a column, and an attribution has two lines of its quotation above it;
- no table's source or notes open a column (they go on with its last rows);
- no rule runs through a line or against it (as an underline);
- no column ends with a heading, sub-heading, byline or caption; a heading has two lines under it;
  a caption has its table's header row and first row under it;
- no text outside the page's text frames but the running head and footer; no two lines overlap;
- no blank page among the body's pages;
- no line of running text ends where a date or a figure and its unit would be parted ("5,000" /
  "megawatts", "February" / "26").
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import pikepdf
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTComponent, LTContainer, LTCurve, LTImage, LTPage, LTTextLine
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics

from briefexport.formatting import fill
from briefexport.model import (
    Bulletin,
    Figure,
    ListBlock,
    NumberCell,
    Paragraph,
    Quote,
    Run,
    Runs,
    StatsTable,
    Subheading,
    Table,
    TextCell,
    plain_text,
)
from briefexport.renderers.base import COLOPHON_ISSUE_LINE, contacts, rights_line
from briefexport.renderers.nobreak import keep_together
from briefexport.renderers.pdf import NOTE_RULE, typography
from briefexport.renderers.pdf.fonts import register_roles
from briefexport.renderers.pdf.layout import Geometry
from briefexport.styles import Style

TOLERANCE = 1.0  # points: rounding in positions and glyph overhang
TEXT = ("body", "quote", "standfirst")  # the kinds set in the text's face, never the colophon's
# Kinds of text a column must not end with: each belongs with what follows it.
LEADS = ("heading", "subheading", "byline", "caption")
# Kinds of text a block set apart from the text opens with (a pull quote, a table, a figure under its picture)
FLOATS = ("pull", "caption", "head", "figure_caption")
FURNITURE = 6.0  # points: text further above or below the body than this is the running head or footer


@dataclass(frozen=True)
class Line:
    page: int  # 1-based
    x0: float
    x1: float
    baseline: float
    size: float
    font: str  # the PostScript name, without the subset tag
    text: str
    role: str = ""

    @property
    def bottom(self) -> float:  # the glyphs' body, not the font's whole box: lines set solid do not touch
        return self.baseline - 0.15 * self.size

    @property
    def top(self) -> float:
        return self.baseline + 0.7 * self.size


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]
    graphics: list[tuple[float, float, float, float]]  # rectangles and rules: bottom, top, left, right
    pictures: list[tuple[float, float, float, float]]  # the same of each picture


def _link_boxes(path: Path) -> list[list[tuple[float, float, float, float]]]:
    """Each page's link annotations' rectangles: left, bottom, right, top."""
    with pikepdf.open(path) as pdf:
        return [
            [
                tuple(float(v) for v in annot.Rect)  # type: ignore[misc]
                for annot in page.obj.get("/Annots", [])
                if annot.get("/Subtype") == "/Link" and "/Rect" in annot
            ]
            for page in pdf.pages
        ]


def read(path: Path) -> list[Page]:
    """Every page's lines of text and the vertical extent of its wide graphics (a link's underline, inside
    its link's rectangle, is part of its text: no graphic)."""
    pages = []
    links = _link_boxes(path)
    for number, layout in enumerate(extract_pages(path, laparams=LAParams()), 1):
        assert isinstance(layout, LTPage)
        lines: list[Line] = []
        graphics: list[LTComponent] = []
        pictures: list[LTComponent] = []
        for item in _walk(layout):
            if isinstance(item, LTTextLine):
                line = _line(number, item)
                if line is not None:
                    lines.append(line)
            elif isinstance(item, LTCurve):  # rectangles and rules are curves too
                # (ReportLab may start a justified link's underline in the space before it: most of it is enough)
                if not any(
                    y0 - 0.5 <= item.y0
                    and item.y1 <= y1 + 0.5
                    and min(item.x1, x1) - max(item.x0, x0) >= 0.5 * (item.x1 - item.x0)
                    for x0, y0, x1, y1 in links[number - 1]
                ):
                    graphics.append(item)
            elif isinstance(item, LTImage):
                pictures.append(item)
        boxes = [[(g.y0, g.y1, g.x0, g.x1) for g in found] for found in (graphics, pictures)]
        pages.append(Page(number, layout.width, layout.height, lines, *boxes))
    return pages


def _walk(item: object) -> Iterator[object]:
    """`item` and what it holds, down to lines of text (whose characters are read by _line)."""
    yield item
    if isinstance(item, LTContainer) and not isinstance(item, LTTextLine):
        for child in item:
            yield from _walk(child)


def _line(page: int, item: LTTextLine) -> Line | None:
    chars = [c for c in item if isinstance(c, LTChar) and c.get_text().strip()]
    if not chars:
        return None
    fonts = collections.Counter(c.fontname.split("+", 1)[-1] for c in chars)
    sizes = collections.Counter(round(c.size, 1) for c in chars)
    baselines = sorted(c.matrix[5] for c in chars)
    return Line(
        page,
        min(c.x0 for c in chars),
        max(c.x1 for c in chars),
        baselines[len(baselines) // 2],
        sizes.most_common(1)[0][0],
        fonts.most_common(1)[0][0],
        " ".join(item.get_text().split()),
    )


# -- kinds of text -------------------------------------------------------------------------------


def roles(style: Style, language: str = "en") -> dict[tuple[str, float], str]:
    """(font, size) -> the kind of text set in it, first kinds first where two share a setting."""
    faces = register_roles(style)
    st = typography.build_styles(style, faces, typography.Palette.of(style), language)
    article = getattr(typography, "article_styles", None)  # bylines and sub-headings, where sections have them
    extra = article(style, faces, typography.Palette.of(style), st.body) if article else None

    def key(p: ParagraphStyle, font: str | None = None) -> tuple[str, float]:
        face = pdfmetrics.getFont(font or p.fontName).face  # type: ignore[attr-defined]
        name = face.name.decode() if isinstance(face.name, bytes) else face.name
        return name, round(p.fontSize, 1)

    found: dict[tuple[str, float], str] = {}
    kinds: list[tuple[str, ParagraphStyle, list[str]]] = [
        ("heading", st.heading, []),
        ("caption", st.caption, [faces["caption"].bold_italic]),  # its emphasis: bold italic
        *([("subheading", extra.subheading, [])] if extra else []),
        *([("standfirst", extra.standfirst, faces["body"].names())] if extra else []),
        ("attribution", st.attribution, []),  # shares the byline's setting in some styles: see _refine
        *([("byline", extra.byline, [])] if extra else []),
        ("quote", st.quote, faces["quote"].names()),
        ("body", st.body, faces["body"].names()),
        ("pull", st.pull, []),
        ("pull_attribution", st.pull_attribution, []),  # the colophon's heading has the same setting
        ("head", st.head, []),
        ("cell", st.cell, faces["table"].names()),
        ("source", st.source, []),
        ("colophon", st.colophon, []),
    ]
    for kind, p, alternates in kinds:
        # A table too wide for its column or page is set smaller (tables.py: in 5 % steps): its header row
        # before the pull quotes' attributions, its cells before the colophon, which share those settings.
        for role, scaled, fonts in (("head", st.head, [st.head.fontName]), ("cell", st.cell, faces["table"].names())):
            if kind == ("pull_attribution" if role == "head" else "colophon"):
                sizes = [scaled.fontSize * step / 20 + nudge for step in range(12, 20) for nudge in (-0.02, 0.02)]
                for font, size in itertools.product(fonts, sizes):
                    found.setdefault(key(ParagraphStyle(role, fontName=font, fontSize=size)), role)
        for font in [p.fontName, *alternates]:
            found.setdefault(key(p, font), kind)
    for kind, p in (("head", st.head), ("cell", st.cell)):  # a wide table may be set smaller (tables.py)
        found.setdefault((key(p)[0], 0.0), kind)
    sizes = style.sizes
    found.setdefault(
        key(ParagraphStyle("f", fontName=faces["furniture"].regular, fontSize=sizes.furniture)), "furniture"
    )
    return found


# -- reading order ---------------------------------------------------------------------------------


@dataclass
class Layout:
    """A PDF's body pages in reading order: segments of lines (one column of one region of a page)."""

    geometry: Geometry
    offset: float  # the trim box's corner on the sheet (crop marks and bleed around it)
    segments: list[list[Line]] = field(default_factory=list)
    pictures: dict[int, list[tuple[float, float, float, float]]] = field(default_factory=dict)  # page -> boxes
    filled: set[int] = field(default_factory=set)  # pages with text or pictures in the body (the cover's too)
    stray: list[str] = field(default_factory=list)  # text outside the frames
    lone_rules: list[str] = field(default_factory=list)  # a section's note rule with no note under it
    overlaps: list[str] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        return [line for segment in self.segments for line in segment]


def layout(path: Path, style: Style, language: str = "en", bulletin: Bulletin | None = None) -> Layout:
    g = Geometry.of(style.page)
    kinds = roles(style, language)
    pages = read(path)
    offset = (pages[0].width - g.width) / 2
    result = Layout(g, offset)
    shifted = [[_shift(line, offset, kinds) for line in page.lines] for page in pages]
    # The cover has a layout of its own, and so has the contents when the cover cannot hold it (a large
    # wordmark or title): the body starts on the page of the first bookmark, the first heading's.
    first = _first_bookmarked_page(path) or 1
    for page, lines in zip(pages, shifted):
        if page.pictures or any(g.bottom - FURNITURE < line.top < g.height - g.top + FURNITURE for line in lines):
            result.filled.add(page.number)
    nodes = list(_nodes(bulletin))
    labels = (style.labels.source, style.labels.sources)
    under = [*printed_sources(source_texts(nodes), labels), *figure_texts(nodes)]
    for page, lines in zip(pages[first:], shifted[first:]):
        pictures = [(y0 - offset, y1 - offset, x0 - offset, x1 - offset) for y0, y1, x0, x1 in page.pictures]
        result.pictures[page.number] = pictures
        spans = [(y0 - offset, y1 - offset, x0 - offset, x1 - offset) for y0, y1, x0, x1 in page.graphics]
        # The running head and the footer stand well clear of the body (furniture.py); text that
        # strays from a frame is within a line of it.
        body = [
            line for line in lines if g.bottom - FURNITURE < line.top and line.bottom < g.height - g.top + FURNITURE
        ]
        result.stray += _strays(page.number, body, g)
        result.overlaps += _overlaps(page.number, body) + _ruled(page.number, body, spans)
        result.lone_rules += _lone_rules(page.number, body, spans, g.column_width * NOTE_RULE)
        result.segments += _segments(page.number, body, spans, pictures, g, style.sizes.leading, under)
    titles = printed_titles(bulletin, style) if bulletin else []
    colophon = colophon_texts(bulletin, style) if bulletin else []
    _refine(result.segments, bulletin, result.pictures, g.column_width, labels, titles, colophon)
    return result


def _first_bookmarked_page(path: Path) -> int | None:
    """The index (from 0) of the page the PDF's first bookmark points to; None without bookmarks."""
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        if not outline.root:
            return None
        target = outline.root[0].destination[0].objgen
        return next(i for i, page in enumerate(pdf.pages) if page.objgen == target)


def printed_titles(bulletin: Bulletin, style: Style) -> list[str]:
    """The headings as the PDF prints them: the introduction's label (when it has blocks), then each
    section's numbered title, in the bulletin's language."""
    style = style.in_language(bulletin.metadata.language)
    titles = [style.labels.introduction] if getattr(bulletin, "introduction", ()) else []
    return titles + [f"{style.section_label(i)} {s.title}" for i, s in enumerate(bulletin.sections)]


def colophon_texts(bulletin: Bulletin, style: Style) -> list[str]:
    """The colophon's lines as the PDF sets them: its label, the publisher, the contacts, the issue and
    the rights."""
    style = style.in_language(bulletin.metadata.language)
    p = bulletin.publisher
    contact = [text for text, _ in contacts(p)]
    return [style.labels.colophon, p.name, *contact, fill(COLOPHON_ISSUE_LINE, bulletin), rights_line(bulletin, style)]


def _shift(line: Line, offset: float, kinds: dict[tuple[str, float], str]) -> Line:
    role = kinds.get((line.font, line.size)) or kinds.get((line.font, 0.0), "other")
    return Line(
        line.page, line.x0 - offset, line.x1 - offset, line.baseline - offset, line.size, line.font, line.text, role
    )


def _columns(page: int, g: Geometry) -> list[tuple[float, float]]:
    left = g.left(page)
    return [
        (left + i * (g.column_width + g.gutter), left + i * (g.column_width + g.gutter) + g.column_width)
        for i in range(g.columns)
    ]


def _column_of(line: Line, columns: list[tuple[float, float]]) -> int | None:
    for i, (x0, x1) in enumerate(columns):
        if line.x0 >= x0 - TOLERANCE and line.x1 <= x1 + TOLERANCE:
            return i
    return None


def _strays(page: int, lines: list[Line], g: Geometry) -> list[str]:
    left = g.left(page)
    top, bottom = g.height - g.top, g.bottom
    return [
        f"page {page}: {line.role} {line.text[:40]!r} at x {line.x0:.1f}-{line.x1:.1f}, baseline {line.baseline:.1f}"
        for line in lines
        if line.x0 < left - TOLERANCE
        or line.x1 > left + g.body_width + TOLERANCE
        or line.bottom < bottom - TOLERANCE
        or line.top > top + TOLERANCE
    ]


def _overlaps(page: int, lines: list[Line]) -> list[str]:
    found = []
    ordered = sorted(lines, key=lambda line: -line.top)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.top <= a.bottom:
                break
            if (
                min(a.x1, b.x1) - max(a.x0, b.x0) > TOLERANCE
                and min(a.top, b.top) - max(a.bottom, b.bottom) > TOLERANCE
            ):
                found.append(f"page {page}: {a.text[:30]!r} overlaps {b.text[:30]!r}")
    return found


def _ruled(page: int, lines: list[Line], graphics: list[tuple[float, float, float, float]]) -> list[str]:
    """A rule through a line of text, or so close under it that it reads as an underline: less than half the
    type's size under its baseline (in the stress corpus, rules stand 0.6 of it and more from their lines;
    the rule over a section's notes once lay 0.43 of it under the last line's baseline, on its descenders).
    Not a table's cells: the rules between its rows stand its padding from them, whatever the type's size."""
    rules = [(y0, y1, x0, x1) for y0, y1, x0, x1 in graphics if y1 - y0 <= 1.5 and x1 - x0 >= 6]
    return [
        f"page {page}: a rule at {y1:.1f} against {line.text[:30]!r} (baseline {line.baseline:.1f})"
        for y0, y1, x0, x1 in rules
        for line in lines
        if line.role not in ("cell", "head")
        and min(line.x1, x1) - max(line.x0, x0) > TOLERANCE
        and line.baseline - 0.5 * line.size < y1
        and y0 < line.baseline + 0.8 * line.size
    ]


def _lone_rules(
    page: int, lines: list[Line], graphics: list[tuple[float, float, float, float]], width: float
) -> list[str]:
    """A section's note rule (a quarter of a column wide) with no line of a note right under it: left at a
    column's foot, its notes gone on to the next column (a review found it so under a table and a paragraph)."""
    rules = [(y0, y1, x0, x1) for y0, y1, x0, x1 in graphics if y1 - y0 <= 1.5 and abs(x1 - x0 - width) < 1]
    return [
        f"page {page}: a note rule at {y1:.1f} with no note under it"
        for y0, y1, x0, x1 in rules
        if not any(
            min(line.x1, x1) - max(line.x0, x0) > TOLERANCE and y0 - 2 * line.size <= line.top <= y0 for line in lines
        )
    ]


def _segments(
    page: int,
    lines: list[Line],
    spans: list[tuple[float, float, float, float]],
    pictures: list[tuple[float, float, float, float]],
    g: Geometry,
    leading: float,
    under: Sequence[str] = (),
) -> list[list[Line]]:
    """The page's lines in reading order, cut into segments: each column of each region, each band
    (a wide table, a picture across the columns, text across the gutter). `leading`: the body's;
    `under`: what stands under a wide table or picture, as printed (printed_sources, figure_texts), to
    know its first line where it is set as attributions or bylines are."""

    def opens(line: Line) -> bool:
        text = _squash(line.text)
        return bool(text) and any(t.startswith(text) for t in under)

    columns = _columns(page, g)
    if len(columns) == 1:  # a page of only a picture has no segment
        return [sorted(lines, key=lambda line: (-line.baseline, line.x0))] if lines else []
    # Bands: wide graphics inside the body, and text that crosses the gutter.
    graphics = [
        (y0, y1, x0, x1)
        for y0, y1, x0, x1 in spans
        if x1 - x0 > g.column_width + g.gutter / 2 and g.bottom - 2 < y0 and y1 < g.height - g.top + 2
    ]
    wide = [(y0, y1) for y0, y1, _, _ in graphics]

    # A wide table's graphics (its header row, tinted rows, the rule under it) share its width: it is one
    # band from the header row to the rule, however tall the untinted rows of wrapped text between them.
    # Two tables of one width on a page (a band at its top, another across its middle) are two bands: text
    # other than cells (a caption, a source, the columns) stands between them.
    def apart(low: float, high: float, x0: float, x1: float) -> bool:
        return any(
            line.role not in ("cell", "head") and low < (line.bottom + line.top) / 2 < high and x0 - 1 < line.x0 < x1
            for line in lines
        )

    for edges in {(round(x0), round(x1)) for _, _, x0, x1 in graphics}:
        same = sorted((y0, y1) for y0, y1, x0, x1 in graphics if (round(x0), round(x1)) == edges)
        table = list(same[0])
        for y0, y1 in same[1:]:
            if y0 > table[1] and apart(table[1], y0, *edges):
                wide.append((table[0], table[1]))
                table = [y0, y1]
            else:
                table[1] = max(table[1], y1)
        wide.append((table[0], table[1]))
    wide += [(y0, y1) for y0, y1, x0, x1 in pictures if x1 - x0 > g.column_width + g.gutter / 2]
    across = [line for line in lines if _column_of(line, columns) is None]
    # The short last line of text set across the page stands within the first column: it is that text's.
    across += [
        line
        for line in lines
        if any(
            above.role == line.role and above.size == line.size and abs(above.x0 - line.x0) < 1
            for above in across
            if 0 < above.baseline - line.baseline <= 1.5 * line.size
        )
    ]
    wide += [(line.bottom, line.top) for line in across]
    bands = _merge(wide, 2 * leading)
    # A wide table's caption above it (and over that a heading, with a section's byline and standfirst and
    # a sub-heading: up to two leadings apart, the space between two blocks), its source below it.
    gap = 2 * leading

    def column_text_under(line: Line, top: float) -> bool:
        """Whether text of the columns stands between `line` and a band whose top is at `top`: then the line
        is the columns' (a band may be set across a page's middle, under balanced columns)."""
        return any(
            top < other.bottom and other.top < line.bottom and other.x0 < line.x1 and line.x0 < other.x1
            for other in lines
            if other is not line
        )

    for band in bands:
        grown = True
        while grown:
            grown = False
            for line in lines:
                if (
                    line.role in ("caption", "heading", "subheading", "byline", "standfirst")
                    and band[1] < line.bottom <= band[1] + max(2.5 * line.size, gap)
                    and not column_text_under(line, band[1])
                ):
                    band[1], grown = line.top, True
                shared = line.role not in (*TEXT, "heading", "subheading")  # a setting a source or credit may share
                below = line.role == "source" or (shared and opens(line))
                if below and band[0] - 2.2 * line.size <= line.top < band[0]:
                    band[0], grown = line.bottom, True
    bands = _merge([(y0, y1) for y0, y1 in bands], 0.0)
    segments: list[list[Line]] = []
    ceiling = float("inf")
    for y0, y1 in [*bands, [float("-inf"), float("-inf")]]:
        region = [line for line in lines if y1 < (line.baseline + line.top) / 2 < ceiling]
        for i in range(len(columns)):
            column = [line for line in region if _column_of(line, columns) == i]
            if column:
                segments.append(sorted(column, key=lambda line: (-line.baseline, line.x0)))
        band = [line for line in lines if y0 <= (line.baseline + line.top) / 2 <= y1]
        if band:
            segments.append(sorted(band, key=lambda line: (-round(line.baseline), line.x0)))
        ceiling = y0
    return segments


def _merge(spans: list[tuple[float, float]], gap: float) -> list[list[float]]:
    """Vertical spans (bottom, top) joined where they overlap or are less than `gap` apart, top first."""
    bands: list[list[float]] = []
    for y0, y1 in sorted(spans, key=lambda s: -s[1]):
        if bands and y1 >= bands[-1][0] - gap:
            bands[-1][0] = min(bands[-1][0], y0)
        else:
            bands.append([y0, y1])
    return bands


def _refine(
    segments: list[list[Line]],
    bulletin: Bulletin | None,
    pictures: dict[int, Boxes],
    reach: float,
    labels: Sequence[str],  # the source's labels: one table's "Source:", another's "Sources:"
    titles: Sequence[str] = (),  # the headings as printed
    colophon: Sequence[str] = (),  # the colophon's lines (colophon_texts)
) -> None:
    """Kinds that share a setting, told apart by where they stand and, given the bulletin, by its text:
    - an attribution right under a heading (no picture between) is a byline (some styles set both alike);
    - a line of a section's byline under its heading is one, in a face no kind has (an italic byline
      is set as no other kind is), but a line of text that repeats its words is not;
    - a line of a figure's caption or credit is one (set as a byline or an attribution is), but for the
      next line of a byline or an attribution, and an attribution's first line (it opens with a dash),
      whose words a caption may hold too; and so is a line of its emphasis, in a face no kind has, that
      reads on in it;
    - a heading's line opens a printed title or reads on from the heading line before it;
    - a table's cell, header or source, or a quote's attribution, is one where the style sets it as
      attributions, bylines, sub-headings or captions (a table size one point under the body's, or the
      captions'): a line read as one whose words none of those holds and an attribution, a cell, a
      header, or a source or note under a table, does, or the first lines of a row's cells that a
      reader joins on one baseline; a line that reads on from the line right above it, a header's, a
      cell's or a caption's, is that line's kind;
    - the colophon's lines are its own (_colophon_lines)."""
    nodes = list(_nodes(bulletin))  # every block, walked once
    bylines = [_squash(plain_text(s.byline)) for s in bulletin.sections] if bulletin else []
    figures = figure_texts(nodes)
    by_kind = {  # the attributions of pull quotes, then of block quotes
        role: [_squash(plain_text(q.attribution)) for q in nodes if isinstance(q, Quote) and q.kind == kind]
        for role, kind in (("pull_attribution", "pull"), ("attribution", "block"))
    }
    tables = [t for t in nodes if isinstance(t, StatsTable | Table)]
    rows = {  # a row's cells, whose first lines one text line holds where they share a baseline and a setting
        "head": [[_squash(plain_text(h)) for h in t.headers] for t in tables],
        "cell": [[_squash(_cell_text(cell)) for cell in row] for t in tables for row in t.rows],
    }
    headers, cells = ([text for row in rows[kind] for text in row] for kind in ("head", "cell"))
    captions = [_squash(_caption(t)) for t in tables]
    sources = source_texts(nodes)
    own = {
        "attribution": [*by_kind["pull_attribution"], *by_kind["attribution"]],
        "byline": bylines,
        "subheading": [_squash(h.title) for h in nodes if isinstance(h, Subheading)],
        "caption": captions,
        "pull_attribution": by_kind["pull_attribution"],  # a table's header row may be set alike
    }
    if titles and bulletin:  # a heading's line that no heading holds may be a table's caption set alike
        own["heading"] = [_squash(t) for t in [*titles, bulletin.metadata.title]]

    def continues(before: Line, line: Line, texts: list[str]) -> bool:
        """Whether `line` reads on from `before` in one of `texts` (the next line of a caption)."""
        joined = _squash(before.text + " " + line.text)
        return any(joined in t for t in texts)

    # Kinds whose next line may read on from the line flush above it: a table's, and a source's (its first
    # line opens with the label).
    wrapped = {
        "head": headers,
        "cell": cells,
        "caption": captions,
        "source": printed_sources(sources, labels),
    }

    previous = None
    for segment in segments:
        for i, line in enumerate(segment):
            # The line before, as this one reads on from it: none across a picture.
            before = previous if previous and not picture_between(previous, line, pictures, reach) else None
            under_heading = before is not None and before.role in ("heading", "byline")
            # The line right above, flush with it: the line a cell's next line reads on from.
            above = _flush(line, reversed(segment[:i]))
            role = line.role
            if under_heading and (role == "attribution" or (role == "other" and within(line, bylines))):
                role = "byline"
            elif (
                role in own
                and above is not None
                and above.role in wrapped
                and above.role != role
                and continues(above, line, wrapped[above.role])
            ):
                role = above.role  # a header's next line, "the", is the header's, whatever captions hold it
            elif (
                role in ("byline", "attribution")
                and within(line, figures)
                and (before is None or before.role != role)
                and not line.text.startswith("\u2014")
                and _squash(line.text) not in cells  # a whole cell, "n/a", is a cell ("national", a caption's)
            ):
                role = "figure_caption"
            elif (
                role == "other"
                and before is not None
                and before.role == "figure_caption"
                and continues(before, line, figures)
            ):
                role = "figure_caption"  # a line of its emphasis ("at dawn,"), in a face no kind has
            elif role in own and not (
                before is not None and before.role == role and continues(before, line, own[role])
            ):
                # A whole cell or header ("Figure") may be a word of a caption ("key figures"): it is what
                # it equals first, else what holds its words (but a caption's next line, "2022", is its own,
                # and so is a caption's first line that equals a cell, "Observer teams", when the line flush
                # under it reads on in the caption).
                kinds = (("head", headers), ("cell", cells))
                text = _squash(line.text)
                below = _flush(line, segment[i + 1 :])
                read_on = below is not None and below.role == role and continues(line, below, own[role])
                found = [] if text in own[role] or read_on else [kind for kind, texts in kinds if text in texts]
                # A heading's line that no continuation reads on from opens its title ("Sample", a header
                # cell, is a word of a title, "II. Sample figures ...", but does not open one).
                opens_own = role != "heading" or any(t.startswith(text) for t in own[role])
                if not found and not (within(line, own[role]) and opens_own):
                    others = (*by_kind.items(), *kinds, ("caption", captions))
                    found = [kind for kind, texts in others if within(line, texts)]
                    found += ["source"] if any(within(line, sources, label) for label in labels) else []
                    found += [kind for kind, texts in rows.items() if any(_across(text, row) for row in texts)]
                    # last, the kinds that share the line's setting: a heading's words ("Bulletin") may be
                    # a source's next line
                    found += [kind for kind, texts in own.items() if kind != role and within(line, texts)]
                role = found[0] if found else role
            if role != line.role:
                segment[i] = line = dataclasses.replace(line, role=role)
            previous = line
    _colophon_lines(segments, colophon)


def _colophon_lines(segments: list[list[Line]], colophon: Sequence[str]) -> None:
    """The colophon is set last: its lines are those of its words from its label's line on (down from
    it on its page: a column beside it reads on after it; on to the last page: a colophon taller than a
    column splits), whatever kind shares their setting (an attribution's, a heading's, a cell's), but
    text (a column beside it may end in "it.")."""
    if not colophon:
        return
    order = [(segment, i) for segment in segments for i in range(len(segment))]
    label, words = _squash(colophon[0]), _squash(" ".join(colophon))
    starts = [
        n
        for n, (segment, i) in enumerate(order)
        if segment[i].role not in TEXT and _squash(segment[i].text) and label.startswith(_squash(segment[i].text))
    ]
    if not starts:
        return
    segment, i = order[starts[-1]]
    first = segment[i]
    for segment, i in order[starts[-1] :]:
        line = segment[i]
        below = line.page > first.page or line.top <= first.top + TOLERANCE
        if below and line.role not in TEXT and _squash(line.text) in words:
            segment[i] = dataclasses.replace(line, role="colophon")


def _across(text: str, row: list[str]) -> bool:
    """Whether `text` is pieces of a row's cells, left to right, each piece within one cell: the text
    line a reader makes of cells set alike on one baseline ("Opens Closes Remarks")."""

    @functools.cache
    def covered(start: int, first: int) -> bool:
        return start == len(text) or any(
            text[start:end] in row[k] and covered(end, k + 1)
            for k in range(first, len(row))
            for end in range(len(text), start, -1)
        )

    return bool(text) and covered(0, 0)


def _cell_text(cell: object) -> str:
    """A table cell's text: a key-figures table's cell (TextCell, NumberCell) or a plain table's runs."""
    return cell.text if isinstance(cell, TextCell | NumberCell) else plain_text(cast(Runs, cell))


def _nodes(node: object) -> Iterator[object]:
    """Every block and section inside `node`, in reading order (lists' items and their lists too)."""
    if isinstance(node, tuple | list):
        for item in node:
            yield from _nodes(item)
    elif dataclasses.is_dataclass(node) and not isinstance(node, type | Run):
        yield node
        for f in dataclasses.fields(node):
            yield from _nodes(getattr(node, f.name))


# -- the checks ----------------------------------------------------------------------------------


Boxes = list[tuple[float, float, float, float]]  # pictures' (bottom, top, left, right)


def _caption_start(lines: list[Line], at: int) -> Line:
    """The first line of the figure caption lines[at] belongs to: a caption across the page's columns reads
    in segments (its short last line in the first column alone), each of which begins a block of its own."""
    while (
        at > 0
        and lines[at - 1].role == "figure_caption"
        and lines[at - 1].page == lines[at].page
        and 0 <= lines[at - 1].bottom - lines[at].top <= lines[at].size + TOLERANCE
    ):
        at -= 1
    return lines[at]


def _beside(line: Line, x0: float, x1: float, reach: float) -> bool:
    """Whether a picture from x0 to x1 shares the column `line` starts in (`reach` wide): a caption or
    heading starts at its column's edge, a picture narrower than the text width is centred."""
    return min(x1, max(line.x1, line.x0 + reach)) - max(x0, line.x0) > 0


def _under_picture(line: Line, pictures: Boxes, reach: float) -> bool:
    """Whether a picture stands right above `line` (within two lines' height), over the same column."""
    return any(
        0 <= y0 - line.top <= 2 * line.size + TOLERANCE and _beside(line, x0, x1, reach) for y0, _, x0, x1 in pictures
    )


def _astray(caption: list[Line], pictures: Boxes) -> Line | None:
    """The first line of a figure's `caption` (its first line right under its picture) that neither starts
    where the picture does nor is centred on it, as the figure sets them: a full-width picture set smaller
    to stay on its page left its caption at the text's edge, 37 points left of it."""
    above = [(x0, x1) for y0, _, x0, x1 in pictures if 0 <= y0 - caption[0].top <= 2 * caption[0].size + TOLERANCE]
    for x0, x1 in above[:1]:
        for line in (line for line in caption if line.x0 < x1 and line.x1 > x0):  # not another column's
            if abs(line.x0 - x0) > 1 and abs((line.x0 + line.x1) / 2 - (x0 + x1) / 2) > 1:
                return line
    return None


def _over_picture(line: Line, pictures: Boxes, reach: float) -> bool:
    """Whether a picture stands right under `line` (within three lines' height: a byline's space after
    and the figure's space before), under the same column: a heading over a picture across the columns
    is a band of its own, and the picture is not text."""
    return any(
        0 <= line.bottom - y1 <= 3 * line.size + TOLERANCE and _beside(line, x0, x1, reach)
        for _, y1, x0, x1 in pictures
    )


def _apart(run: list[Line], pictures: dict[int, Boxes], reach: float) -> list[list[Line]]:
    """A run of heading lines cut where a picture stands between two of them: two headings with only a
    picture between them (a section of one figure) read as one run of lines."""
    parts: list[list[Line]] = []
    for line in run:
        if not parts or picture_between(parts[-1][-1], line, pictures, reach):
            parts.append([])
        parts[-1].append(line)
    return parts


def picture_between(above: Line, line: Line, pictures: dict[int, Boxes], reach: float) -> bool:
    """Whether a picture stands between two lines that follow each other in reading order: between them
    in one column, or at the foot of the column of the first or the top of the column of the second."""
    if line.page == above.page and line.top <= above.bottom and _beside(line, above.x0, above.x1, reach):
        # one under the other in a column
        return any(
            line.top - TOLERANCE <= y0 and y1 <= above.bottom + TOLERANCE and _beside(line, x0, x1, reach)
            for y0, y1, x0, x1 in pictures.get(line.page, [])
        )
    return _under_picture(line, pictures.get(line.page, []), reach) or _over_picture(
        above, pictures.get(above.page, []), reach
    )


def _blocks(lines: list[Line], role: str) -> list[tuple[int, int]]:
    """(first, last) indexes of each run of consecutive lines of `role`."""
    runs, start = [], None
    for i, line in enumerate([*lines, None]):
        if line is not None and line.role == role:
            start = i if start is None else start
        elif start is not None:
            runs.append((start, i - 1))
            start = None
    return runs


def quotation_above(lines: list[Line], k: int, quotations: set[str]) -> int:
    """How many lines of its quotation stand above the attribution at lines[k]: the quote lines right
    before it, back to where one of `quotations` (its quote's text, squashed) begins. Two quotes in a
    row are one run of quote lines; without its text known, the whole run is counted."""
    quoted, read = 0, ""
    while k - quoted - 1 >= 0 and lines[k - quoted - 1].role == "quote" and read not in quotations:
        quoted += 1
        read = _squash(lines[k - quoted].text) + read
    return quoted


def own_text(rest: list[Line], apart: Callable[[Line, Line], bool] = lambda above, line: False) -> int:
    """How many lines of its own text follow a heading whose lines after it are `rest`: up to the next
    heading, sub-heading, table or picture (`apart`: a picture between two lines). A table or a figure
    keeps its own lines together and may wait for the next column or page after the text before it;
    a sub-heading keeps its own two lines."""
    end = next(
        (
            k
            for k, line in enumerate(rest)
            if line.role in ("heading", "subheading", "caption", "head") or (k and apart(rest[k - 1], line))
        ),
        None,
    )
    return sum(1 for line in rest[:end] if line.role != "colophon")


def within(line: Line, texts: Sequence[str], prefix: str = "") -> bool:
    """Whether the line's words are among `texts` (after a `prefix` it starts with: "Source:")."""
    text = _squash(line.text)
    if prefix and text.startswith(_squash(prefix)):
        text = text[len(_squash(prefix)) :]
    return bool(text) and any(text in t for t in texts)


def figure_texts(nodes: Iterable[object]) -> list[str]:
    """The captions and credits of the pictures among `nodes` (_nodes), squashed."""
    figures = [f for f in nodes if isinstance(f, Figure)]
    return [_squash(plain_text(text)) for f in figures for text in (f.caption, f.credit)]


def source_texts(nodes: Iterable[object]) -> list[str]:
    """The sources and notes of the key-figure tables among `nodes` (a plain table has none), squashed."""
    stats = [t for t in nodes if isinstance(t, StatsTable)]
    return [_squash(plain_text(text)) for t in stats for text in (t.source, *t.notes)]


def printed_sources(sources: list[str], labels: Sequence[str]) -> list[str]:
    """Sources and notes as a line of them may open: a source after its label ("Source:", "Sources:"), a
    note not."""
    return [*sources, *(_squash(label) + text for label in labels for text in sources)]


def _headed_text(lines: list[Line], bulletin: Bulletin) -> list[str]:
    """Sub-headings out of the source's order, or printed after the text they head: each comes before the
    first line of the paragraph that follows it in the source (the tables, pictures and pull quotes
    between may float past it). A paragraph is found by its first line's words, after the sub-heading;
    only where it is not there but before it is that a fault (generated text repeats itself)."""
    unused = [n for n, line in enumerate(lines) if line.role == "subheading"]
    out = []
    last = -1
    for section in bulletin.sections:
        for at, block in enumerate(section.blocks):
            if not isinstance(block, Subheading):
                continue
            found = _subheading_lines(lines, unused, _squash(block.title))
            if found is None:
                continue
            a, b = found
            if a < last:
                out.append(f"page {lines[a].page}: subheading {block.title[:50]!r}: printed before the one above it")
            last = a
            follower = next((f for f in section.blocks[at + 1 :] if isinstance(f, Paragraph | Subheading)), None)
            if not isinstance(follower, Paragraph):
                continue
            text = _squash(plain_text(follower.runs))

            def opens(line: Line, text: str = text) -> bool:
                words = _squash(line.text)
                return line.role in TEXT and len(words) >= 6 and text.startswith(words)

            if not any(opens(line) for line in lines[b + 1 :]) and any(opens(line) for line in lines[:a]):
                out.append(f"page {lines[a].page}: subheading {block.title[:50]!r}: printed after the text it heads")
    return out


def _subheading_lines(lines: list[Line], unused: list[int], title: str) -> tuple[int, int] | None:
    """The first and last of the sub-heading lines (of `unused`, the indexes in `lines` not yet matched,
    taken from it) that spell `title` (squashed), the first such run in print order; or None."""
    for k, first in enumerate(unused):
        spelt, n = "", k
        while (
            n < len(unused) and unused[n] == first + n - k and title.startswith(spelt + _squash(lines[unused[n]].text))
        ):
            spelt += _squash(lines[unused[n]].text)
            if spelt == title:
                del unused[k : n + 1]
                return first, first + n - k
            n += 1
    return None


def _flush(line: Line, lines: Iterable[Line]) -> Line | None:
    """The first of `lines` that starts where `line` does: the line above or below it in its column."""
    return next((other for other in lines if abs(other.x0 - line.x0) <= TOLERANCE), None)


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()


def _caption(table: StatsTable | Table) -> str:
    """A caption's text (plain text in the model, or runs where it keeps inline markup)."""
    caption: object = table.caption
    return caption if isinstance(caption, str) else "".join(run.text for run in caption)  # type: ignore[attr-defined]


def _colophon_apart(lines: list[Line], g: Geometry) -> list[str]:
    """The colophon stands at the foot of the last page's last column, or across the text width under
    its (balanced) columns: never begun in a column and gone on across the width under them."""
    if not lines:
        return []
    page = lines[-1].page
    colophon = [line for line in lines if line.page == page and line.role == "colophon"]
    others = [line for line in lines if line.page == page and line.role != "colophon"]
    columns = _columns(page, g)
    in_last = all(_column_of(line, columns) == len(columns) - 1 for line in colophon)
    floor = min((line.bottom for line in others), default=float("inf"))
    if colophon and not in_last and any(line.top > floor + TOLERANCE for line in colophon):
        return [f"page {page}: the colophon begins beside the columns and goes on under them"]
    return []


def _colophon_alone(lines: list[Line], pictures: dict[int, Boxes], g: Geometry, gap: float) -> list[str]:
    """The page where the colophon begins holds text or a picture of the bulletin's too, unless the page
    before ends with a figure or with a table that fills it (no room under it for the colophon and the
    `gap`, a leading, over it): a picture or a table is kept whole rather than cut to keep the colophon
    company (text never leaves it alone: the page before gives the last page some of its text, and a
    table's page, with room, the colophon)."""
    first = next((line for line in lines if line.role == "colophon"), None)
    if first is None or pictures.get(first.page):
        return []
    before = [line for line in lines if line.page == first.page - 1]
    if pictures.get(first.page - 1) and (not before or before[-1].role in ("figure_caption", "source")):
        return []  # a figure ends the page before (text after it could have kept the colophon company)
    colophon = [line for line in lines if line.role == "colophon" and line.page == first.page]
    tall = max(line.top for line in colophon) - min(line.bottom for line in colophon)
    # A table that ends a page (its cells or its source note: a pull quote's attribution is set as a header
    # row is) with no room under it: the colophon's block is about a line taller than its lines, the gap over.
    if before and before[-1].role in ("cell", "source") and before[-1].bottom - g.bottom < tall + 2 * gap:
        return []
    if any(line.page == first.page and line.role != "colophon" for line in lines):
        return []
    return [f"page {first.page}: the colophon stands alone"]


def _width(text: str, line: Line) -> float:
    """`text` measured in `line`'s font (a registered font whose face has its PostScript name)."""
    for name in pdfmetrics.getRegisteredFontNames():
        face = getattr(pdfmetrics.getFont(name), "face", None)
        postscript = getattr(face, "name", b"")
        if (postscript.decode() if isinstance(postscript, bytes) else postscript) == line.font:
            return float(pdfmetrics.stringWidth(text, name, line.size))
    raise LookupError(f"no registered font is {line.font}")


# A numbered list item's label as set ("3.", "c)", "iv."), which may follow a word that ends in a full stop.
_LIST_LABEL = re.compile(r"^(\d+|[a-z]{1,4}|[A-Z]{1,4})[.)]$")


def _parted(lines: list[Line], language: str, column: float, lists: bool = False) -> list[str]:
    """Lines of running text (not table cells) whose last word and the next line's first are a date, or a
    figure and its unit, that nobreak.py keeps together, though together they fit in a column. With
    `lists`, a word like a list's label ("i.", "c)") may be the next item's: "… of a." / "i. Transit"."""
    out = []
    for above, below in itertools.pairwise(lines):
        if above.role != below.role or above.role in ("cell", "head") or not above.text.split():
            continue
        # a paragraph's end is no line's end ("… 1991 г." / "Для …"): the next opens indented or after a gap
        indented = 2 < below.x0 - above.x0 < 3 * above.size  # a first line's indent, not the next column
        apart = below.page == above.page and 1.6 * above.size < above.baseline - below.baseline < 4 * above.size
        if indented or apart:
            continue
        tail, head = above.text.split()[-1], (below.text.split() or [""])[0]
        if lists and _LIST_LABEL.match(head):
            continue
        if keep_together(f"{tail} {head}", language)[len(tail)] != " " and _width(f"{tail} {head}", below) < column:
            out.append(f"page {below.page}: {tail!r} / {head!r} parted at a line's end")
    return out


def problems(path: Path, bulletin: Bulletin, style: Style, page_turns: bool = True) -> list[str]:
    """Everything wrong with the layout of the PDF at `path`, rendered from `bulletin` in `style`.

    With `page_turns`, a page that turns in the middle of a word is one, and so is a word that goes on
    after a float opening the next column: the total-fit breaker breaks a paragraph again so that it never
    does; lines ReportLab breaks (a paragraph with a word wider than
    the column, or a paragraph of pages whose column ends in three hyphenated lines) still may."""
    found = layout(path, style, bulletin.metadata.language, bulletin)
    out = [f"outside the text frames: {s}" for s in found.stray] + [f"overlap: {s}" for s in found.overlaps]
    out += [f"a rule alone: {s}" for s in found.lone_rules]
    lines = found.lines
    index = {id(line): n for n, line in enumerate(lines)}

    def describe(line: Line) -> str:
        return f"page {line.page}: {line.role} {line.text[:50]!r}"

    # Sections in the source's order, and which section each caption stands in.
    reach = found.geometry.column_width

    def apart(above: Line, line: Line) -> bool:
        return picture_between(above, line, found.pictures, reach)

    headings = [part for a, b in _blocks(lines, "heading") for part in _apart(lines[a : b + 1], found.pictures, reach)]
    introduction = getattr(bulletin, "introduction", ())  # the blocks before section I, where the model has them
    titles = printed_titles(bulletin, style)
    printed = [_squash(" ".join(line.text for line in block)) for block in headings]
    if printed != [_squash(t) for t in titles]:
        out.append(f"section headings {printed} are not the sections {[_squash(t) for t in titles]} in order")
    # A caption's text -> the sections of the tables that have it, in the source's order: two tables of
    # one caption ("Key indicators, by year") in two sections are told apart by their order, as they
    # stand in their sections' order on the pages.
    owners: dict[str, list[int]] = collections.defaultdict(list)
    offset = 1 if introduction else 0
    for i, blocks in [(0, introduction), *((n + offset, part.blocks) for n, part in enumerate(bulletin.sections))]:
        for block in blocks:
            if isinstance(block, StatsTable | Table) and _caption(block):  # a plain table may have none
                owners[_squash(_caption(block))].append(i)
    seen: collections.Counter[str] = collections.Counter()
    heading_at = [index[id(block[0])] for block in headings]
    quotations = collections.defaultdict(set)  # an attribution -> the quotations it closes, squashed
    for quote in bulletin.quotes("block"):
        if quote.attribution:
            text = " ".join(plain_text(paragraph) for paragraph in quote.paragraphs)
            quotations[_squash(quote.attribution_text)].add(_squash(text))
    for a, b in _blocks(lines, "caption"):
        text = _squash(" ".join(line.text for line in lines[a : b + 1]))
        section = sum(1 for h in heading_at if h < a) - 1
        if text not in owners:
            out.append(f"{describe(lines[a])}: a caption of no table in the source")
            continue
        seen[text] += 1
        if seen[text] > len(owners[text]):
            out.append(f"{describe(lines[a])}: a caption set more often than tables in the source have it")
            continue
        expected = owners[text][seen[text] - 1]
        if expected != section:
            under = repr(titles[section]) if 0 <= section < len(titles) else "no section's heading"
            out.append(f"{describe(lines[a])}: the caption of a table of {titles[expected]!r} stands under {under}")

    out += _colophon_apart(lines, found.geometry)
    out += _colophon_alone(lines, found.pictures, found.geometry, style.sizes.leading)
    # A page of the body with nothing on it but its running head and footer (the print edition's blank
    # pages to make up its count come after the last one set).
    out += [f"page {page}: blank" for page in range(1, max(found.filled, default=0)) if page not in found.filled]
    out += _headed_text(lines, bulletin)
    lists = any(isinstance(node, ListBlock) for node in _nodes(bulletin))
    out += _parted(lines, bulletin.metadata.language, reach, lists)
    # by their setting and their words, as a style may set a quote as it sets a standfirst
    standfirsts = [_squash(plain_text(section.standfirst)) for section in bulletin.sections if section.standfirst]
    for segment, following in zip(found.segments, [*found.segments[1:], None]):
        last = segment[-1]
        turns = following is not None and following[0].page != last.page
        if page_turns and turns and last.text.endswith(("\u00ad", "-")):
            out.append(f"{describe(last)}: the page turns in the middle of a word")
        elif (
            page_turns and following is not None and following[0].role in FLOATS and last.text.endswith(("\u00ad", "-"))
        ):
            out.append(f"{describe(last)}: a word goes on after the {following[0].role} opening the next column")
        pictures = found.pictures.get(last.page, [])
        first = segment[0]
        if first.role == "attribution":
            out.append(f"{describe(first)}: an attribution opens a column")
        if first.role == "source" and not _under_picture(first, found.pictures.get(first.page, []), reach):
            out.append(f"{describe(first)}: a table's source or notes open a column")  # a picture's credit: under it
        if segment[-1].role in LEADS and not _over_picture(last, pictures, reach):
            out.append(f"{describe(segment[-1])}: a column ends with a {segment[-1].role}")
        if following is not None and all(
            line.role == "standfirst" and within(line, standfirsts) for line in (last, following[0])
        ):
            out.append(f"{describe(last)}: a standfirst goes on in the next column")  # it goes whole with its heading
        for role, need in (("heading", 2), ("subheading", 2)):
            for _, b in _blocks(segment, role):
                if _over_picture(segment[b], pictures, reach):
                    continue  # a heading over a picture keeps the picture
                after = len(segment) - 1 - b
                left = own_text(lines[index[id(segment[b])] + 1 :], apart)
                if after < min(need, left):
                    out.append(f"{describe(segment[b])}: a {role} with {after} line(s) under it in its column")
        for _, b in _blocks(segment, "caption"):
            under = {line.role for line in segment[b + 1 :][:40]}
            if not (b + 1 < len(segment) and segment[b + 1].role == "head" and "cell" in under):
                out.append(f"{describe(segment[b])}: a caption without its table's header row and first row under it")
        for a, _ in _blocks(segment, "figure_caption"):
            first = _caption_start(lines, index[id(segment[a])])  # a caption across the columns: its first line
            if not _under_picture(first, found.pictures.get(first.page, []), reach):
                out.append(f"{describe(segment[a])}: a figure's caption apart from its picture")
            elif first is segment[a]:
                caption = [segment[a]]  # its lines, each within an em of the one before (the next is another's)
                for line in segment[a + 1 :]:
                    if line.role != "figure_caption" or caption[-1].bottom - line.top > line.size:
                        break
                    caption.append(line)
                if astray := _astray(caption, found.pictures.get(first.page, [])):
                    out.append(f"{describe(astray)}: a caption line neither at its picture's edge nor centred on it")
        for a, b in _blocks(segment, "attribution"):
            said = quotations.get(_squash(" ".join(line.text for line in segment[a : b + 1])), set())
            quoted = quotation_above(lines, index[id(segment[a])], said)
            if 0 < a < min(2, quoted):
                out.append(f"{describe(segment[a])}: an attribution with {a} line(s) of its quotation above it")
    return out
