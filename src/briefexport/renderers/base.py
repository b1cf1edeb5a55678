"""The renderer protocol and the visitor that dispatches on block type.

A renderer class declares its format `name`, file `suffix` and `media_type`,
and implements one `visit_<type>` method per entry of model.BLOCK_TYPES. One
instance renders one bulletin: render() builds per-document state, then
visits every block. An unknown node raises instead of being skipped.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote, urlsplit

from ..errors import RenderError
from ..formatting import source_lead
from ..inputs import picture
from ..model import (
    BLOCK_TYPES,
    LINE_BREAK,
    URL_SCHEMES,
    Block,
    Bulletin,
    ListBlock,
    Paragraph,
    Publisher,
    Quote,
    Run,
    Runs,
    StatsTable,
    TextCell,
    block_type,
    plain_text,
)
from ..styles import LIST_LEVELS, ROLES, Style

# A table too wide for the text at its own size is set smaller, in steps of 5 %, down to this share of it
# (the PDF's and the Word copy's alike); beyond that its columns are narrowed and its cells wrap.
MIN_TABLE_SCALE = 0.6


class Renderer(ABC):
    name: ClassVar[str]
    suffix: ClassVar[str]
    media_type: ClassVar[str]
    description: ClassVar[str] = ""
    # How long a render takes next to the others' (a guess is enough): a build starts a source's
    # slowest editions first, so that they do not start last and hold up the whole source.
    weight: ClassVar[float] = 1.0
    # Whether --print (crop marks and bleed) changes what this format writes; its print edition is
    # then a file of its own, SOURCE.print.SUFFIX, beside the screen edition.
    print_edition: ClassVar[bool] = False
    # Whether its file says when it was made (SOURCE_DATE_EPOCH, as the PDF's dates do): a build under
    # another one makes it again. False only for a format whose bytes never depend on it.
    dated: ClassVar[bool] = True

    @abstractmethod
    def render(self, bulletin: Bulletin, style: Style) -> bytes:
        """The whole file, as bytes. Same inputs, same bytes."""

    def page_count(self, data: bytes) -> int | None:
        """Pages in a rendered file, for build summaries; None for reflowable formats."""
        return None

    @classmethod
    def prepare(cls) -> None:
        """Do ahead what any render will need. A build's worker calls this for the format it expects
        to render first, before it is given an edition; a render must give the same bytes whether it ran or not."""
        return None

    def visit(self, node: object) -> Any:
        try:
            kind = block_type(node)
        except TypeError as exc:
            raise RenderError(f"{self.name} renderer: {exc}") from None
        method = getattr(self, f"visit_{kind}", None)
        if method is None:
            raise RenderError(f"{self.name} renderer has no visit_{kind} for {kind} blocks")
        return method(node)


# Characters a link target may carry as they are; anything else (spaces, <, >, ", non-ASCII)
# is percent-encoded. "%" stays, so nothing is encoded twice.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


COLOPHON_ISSUE_LINE = "{title} · {issue} · {date}"  # the colophon's line naming this issue
# A footnote's links as a screen reader names them, translated into the bulletin's language (translations.py):
# a reference's to its note, and the note's back to the text.
NOTE_LABEL = "Note {number}"
BACK_LABEL = "Back to the text, note {number}"


def edition_title(bulletin: Bulletin) -> str:
    """The title that names the issue, for title bars and library lists ("AIR Center Bulletin — February 2024").

    The title alone is the same for every issue of a series; one that already names its issue stays as it is.
    """
    m = bulletin.metadata
    return m.title if m.issue.casefold() in m.title.casefold() else f"{m.title} \u2014 {m.issue}"


def creators(bulletin: Bulletin) -> tuple[str, ...]:
    """Who made the issue, as every edition's metadata names them alike (PDF and Word author, EPUB
    dc:creator): its authors, or its publisher when it names none."""
    return bulletin.metadata.authors or (bulletin.publisher.name,)


def rights_line(bulletin: Bulletin, style: Style) -> str:
    """The rights statement with year and holder: "© 2024 Center of ... . All rights reserved." """
    return f"© {bulletin.metadata.date.year} {bulletin.publisher.name.rstrip('.')}. {style.labels.rights}"


LONG_WORD = 20  # characters: a token longer than a word (an address) is cut inside rather than dropped


def shortened(text: str, fits: Callable[[str], bool]) -> str:
    """The text, cut with an ellipsis when it does not `fit` (a running head's half): its longest start that
    fits with the ellipsis, ending after a whole word ("… of the…", not "… of the Cen…"); a longer token (a
    web address) is cut inside, where it fits.

    A start is never narrower than a shorter one, so it is found by bisection: cutting one character
    at a time measured the whole text each time, which took minutes for a text of a few hundred KB.
    """
    if fits(text):
        return text
    found, too_long = 0, len(text)  # text[:found] + "…" fits (or found is 0); text[:too_long] + "…" does not
    while too_long - found > 1:
        middle = (found + too_long) // 2
        if fits(text[:middle] + "…"):
            found = middle
        else:
            too_long = middle
    start = text[:found]
    cut = start.rsplit(" ", 1)[-1] + text[found:].split(" ", 1)[0]  # the word the cut falls in
    inside = not text[found].isspace() and not start[-1:].isspace()  # "Minister|’s", "well|-known" too
    if inside and " " in start and len(cut) <= LONG_WORD:
        start = start.rsplit(" ", 1)[0]  # ends after the word before
    return start.rstrip(" ·,;:") + "…"  # never after a separator ("Energy Security,…")


def link_url(url: str | None) -> str | None:
    """A link target as a valid URI, or None (no link) without an http, https or mailto address.

    The loader refuses other schemes; a model built in code may still carry one.
    """
    if not url or urlsplit(url).scheme.lower() not in URL_SCHEMES:
        return None
    return quote(url, safe=_URL_SAFE)


def source_runs(style: Style, block: StatsTable, language: str) -> Runs:
    """A key-figure table's source line: "Source: " (or "Sources: ") and the source, the label a run of its own
    marked English where the style's word is left in English in `language` (Style.in_english), so that a
    reader's voice or spelling checker takes it so; else joined to the source's first run (lead)."""
    said = source_lead(style.labels, block, language)
    english = style.in_english("labels.sources" if block.several_sources else "labels.source", language)
    return (Run(said, lang=english), *block.source) if english else lead(said, block.source)


def lead(prefix: str, runs: Runs) -> Runs:
    """`runs` after a plain `prefix` ("— " before an attribution, "Source: "), the prefix joined to a plain
    first run: such text reads as one run in every format, as it did when it was a string."""
    first = runs[0] if runs else None
    if first is not None and first == Run(first.text) and first.text != LINE_BREAK:
        return (Run(prefix + first.text), *runs[1:])
    return (Run(prefix), *runs)


def contacts(publisher: Publisher) -> list[tuple[str, str | None]]:
    """The publisher's printed address pieces in order, each with the link to write (link_url: None for none)."""
    return [(text, link_url(url)) for text, url in publisher.contacts()]


def cover_logo(bulletin: Bulletin, style: Style) -> Path | None:
    """The logo a cover shows: the brand's (style cover.logo), else the publisher's own.

    The loaders check a logo where it is named; a model built in code is held to
    the same rule of content here, where every renderer asks: a PNG, JPEG or GIF
    file by its first bytes, not only by its name.
    """
    if style.logo_path is not None:
        return style.logo_path
    if not bulletin.publisher.logo:
        return None
    logo = Path(bulletin.publisher.logo)
    return picture(logo.parent, logo.name, RenderError, logo, None)


def logo_at(logo: Path, size: tuple[int, int] | None) -> bytes | None:
    """The cover logo's bytes at `size` pixels (pictures.finest, pictures.within: fewer than it has, as the
    edition needs), made as a figure's picture is; None to embed the file as it is (no `size`, or a GIF,
    which pictures does not resample). A 6,000-pixel logo at 60 mm was embedded whole: 2,540 ppi, a 3.9 MB
    PDF and Word copy, a 12.9 MB print file (a designer's trial)."""
    from ..inputs import FIGURE_TYPES
    from ..pictures import resampled

    if size is None or logo.suffix.lower() not in FIGURE_TYPES:
        return None
    return resampled(logo, size).data


# The tallest a cover logo is set, as a share of the page's height: a tall logo at the style's
# logo_width ran off the cover band (600 by 6,000 pixels at 40 mm: 40 cm).
LOGO_MOST_HEIGHT = 0.15


def logo_size(style: Style, pixels_wide: int, pixels_high: int, page_height_mm: float) -> tuple[float, float]:
    """The cover logo's width and height in millimetres: the style's cover.logo_width, proportions kept,
    narrower when that would make it taller than LOGO_MOST_HEIGHT of the page."""
    width = style.cover.logo_width
    height = width * pixels_high / pixels_wide
    most = page_height_mm * LOGO_MOST_HEIGHT
    return (width, height) if height <= most else (width * most / height, most)


def face(bold: bool, italic: bool) -> str:
    """The name of a font face (styles.FONT_FACES) for a weight and slant."""
    if bold:
        return "bold_italic" if italic else "bold"
    return "italic" if italic else "regular"


def font_spans(text: str, fallback: Mapping[str, str]) -> list[tuple[str | None, str]]:
    """`text` cut where the font changes: (None, text the style's families draw) or (the fallback font that
    `fallback` names for its characters, their text)."""
    if fallback.keys().isdisjoint(text):  # the usual case, checked at C speed
        return [(None, text)]
    spans: list[tuple[str | None, str]] = []
    for char in text:
        font = fallback.get(char)
        if spans and spans[-1][0] == font:
            spans[-1] = (font, spans[-1][1] + char)
        else:
            spans.append((font, char))
    return spans


def list_marks(style: Style) -> set[str]:
    """The characters lists are marked with (bullets, numbers and their labels): no text holds them, yet
    they need a font ("◦" is in no text family of the built-in styles)."""
    lists = style.lists
    marks = set("".join(lists.bullets) + "".join(lists.numbers).replace("{number}", ""))
    return marks | {c for level in range(1, LIST_LEVELS + 1) for n in (1, 4, 5, 9, 10) for c in lists.label(level, n)}


def faces_needed(bulletin: Bulletin) -> dict[str, set[str]]:
    """The faces each font role draws this bulletin's text with, so that only those are embedded.

    Running text, list items and block quotes follow their runs (emphasis, strong) on a roman
    base; pull quotes are italic throughout; the sans roles (headings, captions,
    tables, furniture) set roman and bold, and the faces the runs they set need (bylines,
    attributions, table captions, notes and sources; the cells and headers of both kinds of table).
    """

    def of(runs: Iterable[Run], italic: bool = False, bold: bool = False) -> set[str]:
        return {face(run.strong or bold, run.emphasis or italic) for run in runs}

    body = {"regular"} | of(r for p in bulletin.blocks() if isinstance(p, Paragraph | ListBlock) for r in p.runs)
    body |= of(r for s in bulletin.sections for r in s.standfirst)
    body |= of(r for note in bulletin.footnotes for p in note.paragraphs for r in p)  # notes: the body's family
    quote = {"regular"} | of(r for q in bulletin.quotes("block") for r in q.runs)
    quote |= of((r for q in bulletin.quotes("pull") for r in q.runs), italic=True)
    needed = {role: {"regular", "bold"} for role in ROLES}
    needed.update(body=body, quote=quote)
    tables = bulletin.tables()
    needed["caption"] |= of(r for s in bulletin.sections for r in s.byline)  # bylines
    needed["caption"] |= of(r for q in bulletin.quotes("block") for r in q.attribution)
    needed["caption"] |= of((r for q in bulletin.quotes("pull") for r in q.attribution), bold=True)
    needed["caption"] |= of((r for t in tables for r in t.caption), bold=True)
    needed["caption"] |= of(r for t in tables for r in (*t.source, *(r for note in t.notes for r in note)))
    needed["table"] |= of((r for t in tables for header in t.headers for r in header), bold=True)
    needed["table"] |= of(r for t in tables for row in t.rows for c in row if isinstance(c, TextCell) for r in c.runs)
    # figures' captions and credits, set on the caption family's roman
    needed["caption"] |= of(r for f in bulletin.figures() for r in (*f.caption, *f.credit))
    plain = bulletin.plain_tables()
    needed["table"] |= of(r for t in plain for row in t.rows for cell in row for r in cell)
    needed["table"] |= of((r for t in plain for cell in t.headers for r in cell), bold=True)
    needed["caption"] |= of((r for t in plain for r in t.caption), bold=True)
    return needed


def missing_visits(cls: type[Renderer]) -> list[str]:
    """The block types a renderer class has no visit method for (the registry test wants none)."""
    return [name for name in BLOCK_TYPES if not callable(getattr(cls, f"visit_{name}", None))]


def _words(text: str) -> str:
    """`text` as words alone, in lower case: what is read aloud, whatever the quotation marks and spacing."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def read_in_the_text(bulletin: Bulletin) -> str:
    """The words of the bulletin's paragraphs, lists and block quotes, as repeated() looks for a pull quote's."""

    def texts(blocks: Iterable[Block]) -> Iterable[str]:
        for block in blocks:
            if isinstance(block, Paragraph):
                yield plain_text(block.runs)
            elif isinstance(block, Quote) and block.kind == "block":
                yield from (plain_text(runs) for runs in block.paragraphs)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    yield plain_text(item.runs)
                    yield from texts(item.children)

    return f" {_words(' '.join(texts(bulletin.blocks())))} "


def repeated(quote: Quote, text: str) -> bool:
    """Whether a pull quote's words stand in `text` (read_in_the_text) too, as the README asks of one ("a
    striking line repeated from the text"): a screen reader would read them twice, and the reading edition
    hides it from one. One that says something of its own is read, and so is one holding a link or a note
    reference, which a reader can reach with the keyboard (hidden, Ace: aria-hidden-focus, serious)."""
    runs = [run for paragraph in quote.paragraphs for run in paragraph] + list(quote.attribution)
    if any(run.url or run.note is not None for run in runs):
        return False
    words = _words(" ".join(plain_text(runs) for runs in quote.paragraphs))
    return bool(words) and f" {words} " in text
