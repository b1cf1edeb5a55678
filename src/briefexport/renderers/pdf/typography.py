"""Paragraph styles for every kind of text, read from the Style (sizes, colours, families).

Body text is justified only when the document's language can be hyphenated
(pyphen, or hyphenation.Syllables for Azerbaijani and Turkish); otherwise it is
set ragged right, as a narrow justified column without hyphenation opens rivers.
Widows and orphans are off everywhere text can break across columns.

A passage in another language (model `lang`) is hyphenated in its own: a
paragraph or quote with a language of its own gets a style hyphenated with
that language's patterns, set ragged when there are none (it is then not
hyphenated at all); the words of a span in another language inside a
paragraph are hyphenated with their language's patterns, or not at all.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, fields
from typing import Literal, TypeVar

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from ...model import Runs
from ...styles import Style
from .fonts import Faces
from .hyphenation import Hyphenator, hyphenator
from .softhyphen import CUT_LANGUAGE


@dataclass(frozen=True)
class Palette:
    ink: Color
    brand: Color
    accent: Color
    tint: Color
    on_brand: Color
    muted: Color
    link: Color

    @classmethod
    def of(cls, style: Style) -> Palette:
        return cls(**{name: HexColor(value) for name, value in vars(style.colors).items()})


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    body_first: ParagraphStyle
    heading: ParagraphStyle
    quote: ParagraphStyle
    attribution: ParagraphStyle
    pull: ParagraphStyle
    pull_attribution: ParagraphStyle
    caption: ParagraphStyle
    cell: ParagraphStyle
    cell_figure: ParagraphStyle
    head: ParagraphStyle
    head_figure: ParagraphStyle
    source: ParagraphStyle
    colophon: ParagraphStyle
    colophon_head: ParagraphStyle
    contents_head: ParagraphStyle
    contents: ParagraphStyle


def build_styles(style: Style, faces: dict[str, Faces], colors: Palette, language: str) -> Styles:
    s = style.sizes
    hyphenate = hyphenator(language) if style.layout.hyphenate else None
    justify: Literal[0, 4] = TA_JUSTIFY if style.layout.justify and hyphenate else TA_LEFT
    body = ParagraphStyle(
        "body",
        fontName=faces["body"].regular,
        fontSize=s.body,
        leading=s.leading,
        textColor=colors.ink,
        alignment=justify,
        firstLineIndent=s.body,
        allowWidows=0,
        allowOrphans=0,
        hyphenationLang=hyphenate or "",  # type: ignore[arg-type]  # ReportLab takes a function too; its stubs say str
        letterScaling=style.layout.letter_scaling / 100,  # read by totalfit.py
        embeddedHyphenation=1,
        uriWasteReduce=0.3,
        splitLongWords=1,
    )
    sans = faces["heading"]
    caption = faces["caption"]
    table = faces["table"]
    cell = ParagraphStyle(
        "cell",
        fontName=table.regular,
        fontSize=s.table,
        leading=round(s.table * 1.3, 2),
        textColor=colors.ink,
        splitLongWords=1,
    )
    head = ParagraphStyle("head", parent=cell, fontName=table.bold, textColor=colors.on_brand)
    colophon = ParagraphStyle(
        "colophon",
        fontName=faces["furniture"].regular,
        fontSize=s.caption - 1,
        leading=round((s.caption - 1) * 1.4, 2),
        textColor=colors.ink,
        splitLongWords=1,
    )
    styles = Styles(
        body=body,
        body_first=ParagraphStyle("body_first", parent=body, firstLineIndent=0),
        heading=ParagraphStyle(
            "heading",
            fontName=sans.bold,
            fontSize=s.heading,
            leading=round(s.heading * 1.2, 2),
            textColor=colors.ink,
            spaceBefore=round(s.leading * 1.4, 2),
            spaceAfter=round(s.leading * 0.7, 2),
            splitLongWords=1,
        ),
        quote=ParagraphStyle(
            "quote",
            parent=body,
            fontName=faces["quote"].regular,
            fontSize=s.quote,
            leading=round(s.quote * s.leading / s.body, 2),
            alignment=TA_LEFT,
            firstLineIndent=0,
            spaceAfter=round(s.leading * 0.3, 2),
        ),
        attribution=ParagraphStyle(
            "attribution",
            fontName=caption.regular,
            fontSize=s.body - 1,
            leading=round((s.body - 1) * 1.35, 2),
            textColor=colors.muted,
            spaceBefore=2,
            splitLongWords=1,
        ),
        pull=ParagraphStyle(
            "pull",
            fontName=faces["quote"].italic,
            fontSize=s.pull_quote,
            leading=round(s.pull_quote * 1.28, 2),
            textColor=colors.brand,
            splitLongWords=1,
            allowWidows=0,
            allowOrphans=0,
            spaceAfter=4,
        ),
        pull_attribution=ParagraphStyle(
            "pull_attribution",
            fontName=caption.bold,
            fontSize=s.caption - 1,
            leading=round((s.caption - 1) * 1.35, 2),
            textColor=colors.muted,
            spaceBefore=2,
            splitLongWords=1,
        ),
        caption=ParagraphStyle(
            "caption",
            fontName=caption.bold,
            fontSize=s.caption,
            leading=round(s.caption * 1.3, 2),
            textColor=colors.brand,
            spaceAfter=4,
            splitLongWords=1,
        ),
        cell=cell,
        cell_figure=ParagraphStyle("cell_figure", parent=cell, alignment=TA_RIGHT),
        head=head,
        head_figure=ParagraphStyle("head_figure", parent=head, alignment=TA_RIGHT),
        source=ParagraphStyle(
            "source",
            fontName=caption.regular,
            fontSize=s.source,
            leading=round(s.source * 1.4, 2),
            textColor=colors.muted,
            spaceBefore=3,
            splitLongWords=1,
        ),
        colophon=colophon,
        colophon_head=ParagraphStyle(
            "colophon_head", parent=colophon, fontName=faces["furniture"].bold, textColor=colors.brand, spaceAfter=2
        ),
        contents_head=ParagraphStyle(
            "contents_head",
            fontName=sans.bold,
            fontSize=s.caption,
            leading=round(s.caption * 1.3, 2),
            textColor=colors.brand,
            spaceAfter=6,
        ),
        contents=ParagraphStyle(
            "contents",
            fontName=sans.regular,
            fontSize=s.body + 1,
            leading=round((s.body + 1) * 1.3, 2),
            textColor=colors.ink,
            splitLongWords=1,
        ),
    )
    return _cutting_in(language, styles)


@dataclass(frozen=True)
class ArticleStyles:
    """A section's byline and standfirst, its sub-headings, from the Style's sizes, colours and roles."""

    byline: ParagraphStyle
    standfirst: ParagraphStyle
    subheading: ParagraphStyle


_Styles = TypeVar("_Styles", Styles, ArticleStyles)


def _cutting_in(language: str, styles: _Styles) -> _Styles:
    """`styles`, each cutting over-long words in `language` (those made from them later inherit it)."""
    for field in fields(styles):
        setattr(getattr(styles, field.name), CUT_LANGUAGE, language)
    return styles


FOOTNOTE = "footnote"  # the name of the footnotes' style, and the start of those made from it
BYLINE = "byline"  # the byline style's name: it goes with its heading, and no column ends with one


def article_styles(style: Style, faces: dict[str, Faces], colors: Palette, body: ParagraphStyle) -> ArticleStyles:
    """The article's styles, cutting over-long words in the language `body` does."""
    s = style.sizes
    caption, sans = faces["caption"], faces["heading"]
    step = s.body + 1.5  # a standfirst and a sub-heading stand a step above the text
    styles = ArticleStyles(
        byline=ParagraphStyle(
            BYLINE,
            fontName=caption.regular,
            fontSize=s.caption,
            leading=round(s.caption * 1.35, 2),
            textColor=colors.muted,
            spaceAfter=round(s.leading * 0.5, 2),
            splitLongWords=1,
        ),
        standfirst=ParagraphStyle(
            "standfirst",
            parent=body,
            fontSize=step,
            leading=round(step * s.leading / s.body, 2),
            alignment=TA_LEFT,
            firstLineIndent=0,
            spaceAfter=round(s.leading * 0.7, 2),
            # Ragged in a larger size, a standfirst reads best whole-worded, as decks are set: "import-/ers"
            # and "hy-/drogen" in a new editor's issue. (A word wider than the column is still cut.)
            hyphenationLang="",
            embeddedHyphenation=0,
        ),
        subheading=ParagraphStyle(
            "subheading",
            fontName=sans.bold,
            fontSize=step,
            leading=round(step * 1.25, 2),
            textColor=colors.ink,
            spaceBefore=round(s.leading * 0.9, 2),
            spaceAfter=round(s.leading * 0.3, 2),
            keepWithNext=1,
            splitLongWords=1,
        ),
    )
    return _cutting_in(getattr(body, CUT_LANGUAGE), styles)


def footnote_style(style: Style, faces: dict[str, Faces], colors: Palette, body: ParagraphStyle) -> ParagraphStyle:
    """Footnotes under a section (or the bulletin): the body's family in the style's smaller size, set
    ragged, each hanging from its number."""
    size = style.sizes.footnote
    hang = round(size * 1.6, 2)  # room for a number of two digits and the gap after it
    return ParagraphStyle(
        FOOTNOTE,
        parent=body,
        fontName=faces["body"].regular,
        fontSize=size,
        leading=round(size * style.sizes.leading / style.sizes.body, 2),
        alignment=TA_LEFT,
        firstLineIndent=-hang,
        leftIndent=hang,
        spaceAfter=round(size * 0.4, 2),
    )


_PUNCTUATION = string.punctuation + "\u2018\u2019\u201c\u201d\u201e\u00ab\u00bb\u2013\u2014\u2026"


def in_language(style: ParagraphStyle, runs: Runs, lang: str | None, language: str) -> ParagraphStyle:
    """The paragraph style for `runs` of a passage in `lang` (None: the document's `language`): `style`
    itself unless the passage or a span in it is in another language. Text is hyphenated only where the
    document's is (a style with a hyphenator); a passage in a language with no hyphenator is then set
    ragged and not hyphenated."""
    own = lang or language
    spans = [run for run in runs if run.lang and run.lang != own]
    if own == language and not spans:
        return style
    if not callable(style.hyphenationLang):  # not hyphenated, but an over-long word cut in its own language
        return style if own == language else ParagraphStyle(f"{style.name}@{own}", parent=style, cutLanguage=own)
    base = hyphenator(own)
    # By each word as written and lower-cased: a capitalised word is tried again in lower case (a name is
    # hyphenated only where nothing else fits), and that try is the span's language's too.
    words = {
        key: hyphenator(run.lang or own)
        for run in spans
        for word in run.text.split()
        for key in (word.strip(_PUNCTUATION), word.strip(_PUNCTUATION).lower())
    }
    points = _passage(base, words) if words else base
    alignment = style.alignment if base is not None else TA_LEFT
    name = f"{style.name}@{own}"
    # (cutLanguage, softhyphen.CUT_LANGUAGE: an over-long word of the passage cut where its own language breaks it)
    return ParagraphStyle(name, parent=style, hyphenationLang=points or "", alignment=alignment, cutLanguage=own)  # type: ignore[arg-type]  # ReportLab takes a function too; its stubs say str


def is_note(f: object) -> bool:
    """Whether a flowable is (a paragraph of) a footnote, or part of one split between columns."""
    return str(getattr(getattr(f, "style", None), "name", "")).startswith(FOOTNOTE)


def is_byline(f: object) -> bool:
    """Whether a flowable is a section's byline, or part of one split between columns (its parts keep its
    style; a byline is never set in another language's style)."""
    return getattr(getattr(f, "style", None), "name", None) == BYLINE


def _passage(base: Hyphenator | None, words: dict[str, Hyphenator | None]) -> Hyphenator:
    """Hyphenation points by the passage's patterns (`base`), the words of spans in another language by theirs."""

    def points(word: str) -> tuple[tuple[str, str], ...]:
        core = word.strip(_PUNCTUATION)
        own = words.get(core, base)
        return own(word) if own is not None else ()

    return points
