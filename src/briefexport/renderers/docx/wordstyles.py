"""The Word styles of the edition, made from the brand Style.

The document's styles part is replaced by one that holds only what the edition
uses, each set from the Style's fonts, sizes and colours: Word's built-ins
(Normal, Title, Subtitle, heading 1, Quote, Intense Quote, caption, TOC Heading,
toc 1, header, footer, Hyperlink) under their built-in names, so a recipient's
"Heading 1" is this heading 1, plus a few named styles of the bulletin's own
(Quote Attribution, Table Text, Key Figures, ...). The template's latent-style
list is kept so Word's style gallery behaves as usual. Paragraphs and table
cells carry a style and nothing else: alignment, keeps, bold, the header row's
shading and the stripes live here, so restyling a style restyles every use.

Distances are derived from the Style's sizes (the leading is the unit of
vertical space), never written here as brand constants.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, TypedDict, Unpack

from ...rules import right_to_left
from ...styles import LIST_LEVELS, ROLES, FontFamily, Style
from . import measure
from .numbering import BULLETS_NUM_ID, NUMBERS_NUM_ID, SECTIONS_NUM_ID, numbered
from .ooxml import border, el, mm_tw, ppr, rpr, shade, val

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

# Style ids used by the renderer (ids are stable; names are what Word shows).
NORMAL = "Normal"
TITLE = "Title"
SUBTITLE = "Subtitle"
WORDMARK = "CoverWordmark"
COVER_ISSUE = "CoverIssue"
COVER_DATE = "CoverDate"
HEADING = "Heading1"
TOC_HEADING = "TOCHeading"
TOC1 = "TOC1"
TOC2 = "TOC2"  # a sub-heading's entry, once Word updates the contents
QUOTE = "Quote"
ATTRIBUTION = "QuoteAttribution"
PULL = "IntenseQuote"
PULL_ATTRIBUTION = "PullQuoteAttribution"
CAPTION = "Caption"
IMAGE_CAPTION = "ImageCaption"  # the last line under a picture (pandoc's name for it)
TABLE = "KeyFigures"
TABLE_TEXT = "TableText"
TABLE_FIGURE = "TableFigure"
# A table cell's lines: at least this many times its text size apart (a table set smaller keeps the ratio).
TABLE_LINE = 1.3
# A Key Figures cell's left and right margin, in twips per point of the table's text size.
CELL_MARGIN = 9
TABLE_HEADING = "TableHeading"
TABLE_FIGURE_HEADING = "TableFigureHeading"
TABLE_SOURCE = "TableSource"
TABLE_NOTE = "TableNote"
FIGURE = "Figure"  # the paragraph holding a picture
FIGURE_CREDIT = "FigureCredit"
HEADER = "Header"
FOOTER = "Footer"
COLOPHON = "Colophon"
COLOPHON_HEADING = "ColophonHeading"  # character styles: the colophon's first line, its label ("Published by"),
COLOPHON_NAME = "ColophonName"  # and the second, the publisher's name
HYPERLINK = "Hyperlink"
DEFAULT_FONT = "DefaultParagraphFont"
HEADING2 = "Heading2"
BYLINE = "Byline"
STANDFIRST = "Standfirst"
INTRODUCTION_HEADING = "IntroductionHeading"
# Word's own list styles, one per level a list nests (its built-in names: "List Bullet", "List Bullet 2", ...).
LIST_BULLET = ("ListBullet", "ListBullet2", "ListBullet3")
LIST_NUMBER = ("ListNumber", "ListNumber2", "ListNumber3")
FOOTNOTE_TEXT = "FootnoteText"  # Word's built-in "footnote text" and "footnote reference"
FOOTNOTE_REFERENCE = "FootnoteReference"


@dataclass(frozen=True)
class Geometry:
    """The page's text area (twips)."""

    text_width: int
    text_height: int
    sections: int


def heading_hang(style: Style, size: float, sections: int) -> int:
    """Room (twips) for the widest section label (such as "VIII.") before a title at `size` points."""
    widest = max((style.section_label(i) for i in range(max(sections, 1))), key=len)
    return round(size * 20 * (0.5 * len(widest) + 0.5)) if widest else 0


def build_styles(
    style: Style,
    geometry: Geometry,
    language: str,
    latent: Element | None,
    figures: bool = False,
    list_hang: int | None = None,
    footnotes: bool = False,
) -> Element:
    """A complete w:styles element: document defaults, the template's latent styles, then ours; the
    figures' only for a document that has figures, the list styles (their marks hung `list_hang` twips)
    only for one with lists and the footnote styles only for one with notes, so that one without any
    of them is as it was."""
    c, s = style.colors, style.sizes
    root = el("w:styles")
    defaults = rpr(font=style.font("body"), size=s.body, color=c.ink, lang=language)
    single = ppr(after=0, line=12, line_rule="auto")  # "auto" lines are 240ths: 12 pt -> 240 = single
    if right_to_left(language):  # a document written right to left: every paragraph, unless marked
        single[0].addprevious(el("w:bidi"))  # before w:spacing, this ppr's only child
    root.append(el("w:docDefaults", None, el("w:rPrDefault", None, defaults), el("w:pPrDefault", None, single)))
    if latent is not None:
        root.append(latent)
    book = _StyleBook(root)
    _text_styles(book, style, geometry)
    _cover_styles(book, style)
    _table_styles(book, style)
    _furniture_styles(book, style, geometry)
    _article_styles(book, style)
    if figures:
        _figure_styles(book, style)
    if list_hang is not None:
        _list_styles(book, list_hang)
    if footnotes:
        _footnote_styles(book, style)
    return root


def _figure_styles(book: _StyleBook, style: Style) -> None:
    """A picture's paragraph, centred and kept with its caption (Word's Caption style, after it); the
    credit under the caption in the table source's look."""
    c, s, lead = style.colors, style.sizes, style.sizes.leading
    pp = ppr(keep_next=True, keep_lines=True, no_hyphens=True, before=lead * 0.75, after=lead * 0.3, jc="center")
    book.para(FIGURE, "Figure", pp, nxt=CAPTION, custom=True)
    pp = ppr(no_hyphens=True, before=0, after=lead, line=s.source * 1.3, jc="left")
    rp = rpr(font=style.font("furniture"), size=s.source, color=c.muted)
    book.para(FIGURE_CREDIT, "Figure Credit", pp, rp, nxt=NORMAL, custom=True)


class _Flags(TypedDict, total=False):
    """What a style is besides its properties: its next style, and how Word lists it."""

    nxt: str  # the style of the paragraph Word starts after this one
    default: bool
    custom: bool
    hidden: bool
    gallery: bool


class _ParaFlags(_Flags, total=False):
    based: str | None


class _StyleBook:
    """Appends w:style elements; `props` are pPr / rPr / tblPr / tblStylePr elements in schema order."""

    def __init__(self, root: Element) -> None:
        self.root = root

    def add(
        self, kind: str, sid: str, name: str, *props: Element, based: str | None = NORMAL, **flags: Unpack[_Flags]
    ) -> None:
        attrs = {"w:type": kind, "w:styleId": sid}
        if flags.get("default"):
            attrs["w:default"] = "1"
        if flags.get("custom"):
            attrs["w:customStyle"] = "1"
        hidden = flags.get("hidden")
        node = el(
            "w:style",
            attrs,
            val("w:name", name),
            val("w:basedOn", based) if based else None,
            val("w:next", flags["nxt"]) if flags.get("nxt") else None,
            el("w:semiHidden") if hidden else None,
            el("w:unhideWhenUsed") if hidden else None,
            el("w:qFormat") if flags.get("gallery") else None,
        )
        for prop in props:
            node.append(prop)
        self.root.append(node)

    def para(self, sid: str, name: str, *props: Element, **flags: Unpack[_ParaFlags]) -> None:
        self.add("paragraph", sid, name, *props, **flags)


def _text_styles(book: _StyleBook, style: Style, geometry: Geometry) -> None:
    """Normal, heading 1, the contents, quotes and captions."""
    c, s, lead = style.colors, style.sizes, style.sizes.leading
    heading, quote, caption = style.font("heading"), style.font("quote"), style.font("caption")
    justify = "both" if style.layout.justify else "left"
    book.para(
        NORMAL,
        "Normal",
        ppr(widow_control=True, after=lead / 2, line=lead, jc=justify),
        based=None,
        default=True,
        gallery=True,
    )

    # The numeral comes from the sections list (numbering.py), hung before the title so that
    # long titles wrap under the title.
    hang = heading_hang(style, s.heading, geometry.sections) or None
    tabs = [("left", hang, None)] if hang else ()
    pp = ppr(
        keep_next=True,
        keep_lines=True,
        num_id=SECTIONS_NUM_ID if numbered(style) else None,
        tabs=tabs,
        no_hyphens=True,
        before=s.heading * 1.4,
        after=s.heading * 0.7,
        line=s.heading * 1.2,
        left=hang,
        hanging=hang,
        jc="left",
        outline=0,
    )
    rp = rpr(font=heading, size=s.heading, color=c.ink, bold=True)
    book.para(HEADING, "heading 1", pp, rp, nxt=NORMAL, gallery=True)

    pp = ppr(
        keep_next=True,
        borders={"bottom": (0.5, 4, c.brand)},
        no_hyphens=True,
        before=lead * 2,
        after=lead / 2,
        line=s.heading * 1.2,
        jc="left",
        outline=9,
    )
    rp = rpr(font=heading, size=s.heading, color=c.brand, bold=True)
    book.para(TOC_HEADING, "TOC Heading", pp, rp, nxt=NORMAL, hidden=True, gallery=True)
    # The page number's tab stop (numbers come when the field is updated) stands at the right margin, with
    # no right indent before it: LibreOffice draws no tab beyond a paragraph's right indent, and its
    # updated contents had dot leaders and no numbers. (A title that fills its last line puts its number
    # on a line of its own, as in Word's own contents.)
    toc_hang = heading_hang(style, s.body, geometry.sections)
    pp = ppr(
        tabs=[("left", toc_hang, None), ("right", geometry.text_width, "dot")],
        no_hyphens=True,
        before=lead * 0.2,
        after=lead * 0.2,
        left=toc_hang,
        hanging=toc_hang,
        jc="left",
    )
    book.para(TOC1, "toc 1", pp, rpr(font=heading, size=s.body), nxt=NORMAL, hidden=True)
    book.para(TOC2, "toc 2", ppr(left=toc_hang * 2, hanging=toc_hang), based=TOC1, nxt=NORMAL, hidden=True)

    # Block quotes: indented, a thin brand rule at the left that runs on through the attribution;
    # upright, as in the PDF and EPUB, so that emphasis inside a quote still shows.
    indent, small = round(lead * 40), max(s.body - 1, s.caption)
    pp = ppr(
        borders={"left": (1, lead * 0.75, c.brand)}, before=lead / 4, after=lead / 2, left=indent, right=indent // 2
    )
    book.para(QUOTE, "Quote", pp, rpr(font=quote, size=s.quote, italic=False), nxt=NORMAL, gallery=True)
    pp = ppr(keep_lines=True, no_hyphens=True, before=0, after=lead, jc="left")
    rp = rpr(font=caption, size=small, color=c.muted, italic=False)
    book.para(ATTRIBUTION, "Quote Attribution", pp, rp, based=QUOTE, nxt=NORMAL, custom=True)

    # Pull quotes: larger italic between accent rules, centred, never split.
    rules = {"top": (1.5, 6, c.accent), "bottom": (1.5, 6, c.accent)}
    pp = ppr(
        keep_next=True,
        keep_lines=True,
        borders=rules,
        no_hyphens=True,
        before=lead,
        after=lead,
        line=s.pull_quote * 1.3,
        left=indent // 2,
        right=indent // 2,
        jc="center",
    )
    rp = rpr(font=quote, size=s.pull_quote, color=c.brand, italic=True)
    book.para(PULL, "Intense Quote", pp, rp, nxt=NORMAL, gallery=True)
    rp = rpr(font=caption, size=small, color=c.muted, italic=False)
    book.para(
        PULL_ATTRIBUTION,
        "Pull Quote Attribution",
        ppr(keep_next=False, line=s.body * 1.3),
        rp,
        based=PULL,
        nxt=NORMAL,
        custom=True,
    )

    pp = ppr(
        keep_next=True,
        keep_lines=True,
        no_hyphens=True,
        before=lead * 0.75,
        after=lead * 0.3,
        line=s.caption * 1.3,
        jc="left",
    )
    rp = rpr(font=caption, size=s.caption, color=c.brand, bold=True)
    book.para(CAPTION, "caption", pp, rp, nxt=NORMAL, gallery=True)
    # Under a picture with no credit below it, the caption ends the figure: kept with nothing after it.
    book.para(IMAGE_CAPTION, "Image Caption", ppr(keep_next=False), based=CAPTION, nxt=NORMAL, custom=True)


def _cover_styles(book: _StyleBook, style: Style) -> None:
    """Wordmark, title and subtitle share one box: the brand band when the style asks for one."""
    c, s, lead = style.colors, style.sizes, style.sizes.leading
    heading, furniture = style.font("heading"), style.font("furniture")
    band = style.cover.band
    box = partial(
        ppr,
        borders={side: (0.5, lead, c.brand) for side in ("top", "left", "bottom", "right")} if band else None,
        shading=c.brand if band else None,
        keep_next=True,
        no_hyphens=True,
        jc="left",
        before=0,
    )
    on_band = c.on_brand if band else c.brand
    rp = rpr(font=furniture, size=s.wordmark, color=on_band, bold=True)
    book.para(WORDMARK, "Cover Wordmark", box(after=lead, line=s.wordmark * 1.2), rp, nxt=TITLE, custom=True)
    rp = rpr(font=heading, size=s.title, color=on_band, bold=True)
    pp = box(keep_lines=True, after=lead / 2, line=s.title * 1.15)
    book.para(TITLE, "Title", pp, rp, nxt=SUBTITLE, gallery=True)
    rp = rpr(font=heading, size=s.subtitle, color=c.on_brand if band else c.muted)
    book.para(SUBTITLE, "Subtitle", box(after=0, line=s.subtitle * 1.3), rp, nxt=NORMAL, gallery=True)

    pp = ppr(keep_next=True, no_hyphens=True, before=lead * 2.5, after=lead / 4, line=s.issue * 1.2, jc="left")
    rp = rpr(font=heading, size=s.issue, color=c.brand, bold=True)
    book.para(COVER_ISSUE, "Cover Issue", pp, rp, nxt=COVER_DATE, custom=True)
    rp = rpr(font=furniture, size=s.subtitle, color=c.muted)
    book.para(COVER_DATE, "Cover Date", ppr(no_hyphens=True, after=lead, jc="left"), rp, custom=True)


def _table_styles(book: _StyleBook, style: Style) -> None:
    """Key Figures: brand rules above and below, hairlines between rows, the header row in the brand
    colour, every other row tinted (as the PDF and EPUB stripe them).

    Every cell paragraph keeps with the next, so a table stays with its caption (which keeps with
    the table) and its last row with the source note below; a table too long for a page breaks
    where the page ends, its header row repeated (Word and LibreOffice drop a keep that cannot hold).
    """
    c, s, lead = style.colors, style.sizes, style.sizes.leading
    table, furniture = style.font("table"), style.font("furniture")
    cell = ppr(keep_next=True, no_hyphens=True, after=0, line=s.table * TABLE_LINE, jc="left")
    book.para(TABLE_TEXT, "Table Text", cell, rpr(font=table, size=s.table), nxt=TABLE_TEXT, custom=True)
    book.para(TABLE_FIGURE, "Table Figure", ppr(jc="right"), based=TABLE_TEXT, nxt=TABLE_FIGURE, custom=True)
    # The header row's colours are the table style's (firstRow) alone: a paragraph style's would win over
    # them, and another table design picked in Word would show white text on a white row.
    book.para(TABLE_HEADING, "Table Heading", rpr(bold=True), based=TABLE_TEXT, nxt=TABLE_TEXT, custom=True)
    book.para(
        TABLE_FIGURE_HEADING,
        "Table Figure Heading",
        ppr(jc="right"),
        based=TABLE_HEADING,
        nxt=TABLE_FIGURE,
        custom=True,
    )
    pp = ppr(no_hyphens=True, before=lead * 0.3, after=lead, line=s.source * 1.3, jc="left")
    rp = rpr(font=furniture, size=s.source, color=c.muted)
    book.para(TABLE_SOURCE, "Table Source", pp, rp, nxt=NORMAL, custom=True)
    # A note on the table: the source's look, kept with what follows (another note, the source).
    pp = ppr(keep_next=True, no_hyphens=True, before=lead * 0.3, after=0, line=s.source * 1.3, jc="left")
    book.para(
        TABLE_NOTE, "Table Note", pp, rpr(font=furniture, size=s.source, color=c.muted), nxt=TABLE_SOURCE, custom=True
    )

    margins = _cell_margins(0, 108)
    tblpr = el("w:tblPr", None, el("w:tblInd", {"w:w": "0", "w:type": "dxa"}), margins)
    book.add("table", "TableNormal", "Normal Table", tblpr, based=None, default=True, hidden=True)
    rules = el(
        "w:tblBorders",
        None,
        border("w:top", (1, 0, c.brand)),
        border("w:bottom", (1, 0, c.brand)),
        border("w:insideH", (0.25, 0, c.muted)),
    )
    tblpr = el(
        "w:tblPr",
        None,
        val("w:tblStyleRowBandSize", 1),
        rules,
        _cell_margins(round(s.table * 4), round(s.table * CELL_MARGIN)),
    )
    first_row = el(
        "w:tblStylePr",
        {"w:type": "firstRow"},
        rpr(color=c.on_brand, bold=True),
        el("w:trPr", None, el("w:tblHeader")),
        el("w:tcPr", None, shade(c.brand)),
    )
    # Rows after the header count from one: the second, fourth, ... are tinted.
    stripe = el("w:tblStylePr", {"w:type": "band2Horz"}, el("w:tcPr", None, shade(c.tint)))
    book.add(
        "table",
        TABLE,
        "Key Figures",
        ppr(after=0, jc="left"),
        rpr(font=table, size=s.table),
        tblpr,
        first_row,
        stripe,
        based="TableNormal",
        custom=True,
        gallery=True,
    )


def _furniture_styles(book: _StyleBook, style: Style, geometry: Geometry) -> None:
    """Running head, footer, colophon, links, and the defaults Word expects to find."""
    c, s, lead = style.colors, style.sizes, style.sizes.leading
    furniture = style.font("furniture")

    def small() -> Element:  # a fresh element each time: lxml moves, never copies, an appended element
        return rpr(font=furniture, size=s.furniture, color=c.muted)

    right_tab = [("right", geometry.text_width, None)]
    pp = ppr(
        borders={"bottom": (0.25, 3, c.muted)},
        tabs=right_tab,
        no_hyphens=True,
        after=0,
        line=s.furniture * 1.3,
        jc="left",
    )
    book.para(HEADER, "header", pp, small(), hidden=True)
    pp = ppr(tabs=right_tab, no_hyphens=True, after=0, line=s.furniture * 1.35, jc="left")
    book.para(FOOTER, "footer", pp, small(), hidden=True)

    # The colophon is one paragraph of lines, kept together, its heading the first: LibreOffice parted a
    # heading and one-line paragraphs each kept with the next (in 9 of 20 lengths of a trial's last page,
    # and after a paragraph longer than the page's room), which Word keeps together.
    pp = ppr(
        keep_lines=True,
        borders={"top": (0.5, 6, c.brand)},
        no_hyphens=True,
        before=lead * 2,
        after=0,
        line=s.caption * 1.35,
        jc="left",
    )
    book.para(COLOPHON, "Colophon", pp, rpr(font=furniture, size=s.caption, color=c.ink), nxt=NORMAL, custom=True)
    heading = rpr(color=c.brand, bold=True)
    book.add("character", COLOPHON_HEADING, "Colophon Heading", heading, based=DEFAULT_FONT, custom=True)
    book.add("character", COLOPHON_NAME, "Colophon Name", rpr(bold=True), based=DEFAULT_FONT, custom=True)

    book.add("character", DEFAULT_FONT, "Default Paragraph Font", based=None, default=True, hidden=True)
    book.add("character", HYPERLINK, "Hyperlink", rpr(color=c.link, underline=True), based=DEFAULT_FONT, hidden=True)
    book.add("numbering", "NoList", "No List", based=None, default=True, hidden=True)


def _article_styles(book: _StyleBook, style: Style) -> None:
    """An article's parts: heading 2 for sub-headings (in the contents at level 2), the byline and
    standfirst under a section heading, and the unnumbered heading over the introduction (a level-1 heading,
    the contents' first entry, so that heading navigation finds it)."""
    c, s, lead = style.colors, style.sizes, style.sizes.leading
    heading, caption = style.font("heading"), style.font("caption")
    sub_size = s.body + 1.5
    pp = ppr(
        keep_next=True,
        keep_lines=True,
        no_hyphens=True,
        before=lead,
        after=lead * 0.3,
        line=sub_size * 1.25,
        jc="left",
        outline=1,
    )
    rp = rpr(font=heading, size=sub_size, color=c.ink, bold=True)
    book.para(HEADING2, "heading 2", pp, rp, nxt=NORMAL, gallery=True)
    pp = ppr(keep_next=True, keep_lines=True, no_hyphens=True, before=0, after=lead * 0.6, jc="left")
    rp = rpr(font=caption, size=s.caption, color=c.muted)
    book.para(BYLINE, "Byline", pp, rp, nxt=STANDFIRST, custom=True, gallery=True)
    pp = ppr(keep_next=True, no_hyphens=True, before=0, after=lead, line=s.subtitle * 1.35, jc="left")
    book.para(STANDFIRST, "Standfirst", pp, rpr(size=s.subtitle), nxt=NORMAL, custom=True, gallery=True)
    # numId 0: no numeral, though heading 1 (which it is based on) carries the sections list. Outline level
    # 1, as heading 1's: a heading in Word's navigation pane and a screen reader's list of headings, and an
    # entry of the contents, as in the EPUB's.
    pp = ppr(num_id=0, outline=0)
    book.para(INTRODUCTION_HEADING, "Introduction Heading", pp, based=HEADING, nxt=NORMAL, custom=True)


def list_hang(style: Style) -> int:
    """The indent (twips) of each list level: the style's, or more where the widest mark needs it (numbers
    up to 12 in each level's label) and room after it; the same for bullets and numbers, so that a nested
    list stands under its item's text whichever kind either is."""
    lists, size = style.lists, style.sizes.body
    font = style.font("body").regular
    marks = [*lists.bullets, *(lists.label(level, n) for level in range(1, LIST_LEVELS + 1) for n in range(1, 13))]
    widest = max(measure.twips(mark, font, size) for mark in marks)
    return max(mm_tw(lists.indent), widest + round(size * 20 * 0.6))


def _list_styles(book: _StyleBook, hang: int) -> None:
    """List Bullet and List Number, and their levels 2 and 3: body text whose paragraphs are the items of
    the bullets' or numbers' list (numbering.py), with no space between items (the last item of a list
    is given the space after it where it stands)."""
    for level in range(LIST_LEVELS):
        for ids, num_id, name in (
            (LIST_BULLET, BULLETS_NUM_ID, "List Bullet"),
            (LIST_NUMBER, NUMBERS_NUM_ID, "List Number"),
        ):
            pp = ppr(num_id=num_id, num_level=level, after=0, left=hang * (level + 1), hanging=hang)
            label = f"{name} {level + 1}" if level else name
            book.para(ids[level], label, pp, nxt=ids[level], hidden=True)


def _footnote_styles(book: _StyleBook, style: Style) -> None:
    """Word's own footnote styles, under their built-in names: the note's text in the style's footnote
    size, and the reference mark (in the text and before the note) as a superscript."""
    s = style.sizes
    pp = ppr(widow_control=True, after=s.footnote * 0.3, line=s.footnote * s.leading / s.body, jc="left")
    book.para(FOOTNOTE_TEXT, "footnote text", pp, rpr(size=s.footnote), nxt=FOOTNOTE_TEXT, hidden=True)
    superscript = el("w:rPr", None, val("w:vertAlign", "superscript"))
    book.add("character", FOOTNOTE_REFERENCE, "footnote reference", superscript, based=DEFAULT_FONT, hidden=True)


def _cell_margins(vertical: int, horizontal: int) -> Element:
    sides = (("w:top", vertical), ("w:left", horizontal), ("w:bottom", vertical), ("w:right", horizontal))
    return el("w:tblCellMar", None, *(el(tag, {"w:w": str(w), "w:type": "dxa"}) for tag, w in sides))


def font_families(style: Style) -> dict[str, FontFamily]:
    """The distinct families the roles name, in role order."""
    out: dict[str, FontFamily] = {}
    for role in ROLES:
        family = style.font(role)
        out.setdefault(family.family, family)
    return out
