"""The bulletin model: frozen dataclasses, no I/O.

A Bulletin is metadata, a publisher and numbered sections of blocks. The
numbering is not part of a section's title: the style decides how sections are
numbered. BLOCK_TYPES is the one authoritative list of block node types; every
renderer must have a visit method for each (tests/test_registry.py checks).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import re
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

# The schemes a link may have, in every format: the loader refuses others, renderers drop them.
URL_SCHEMES = ("http", "https", "mailto")


@dataclass(frozen=True)
class Run:
    """A stretch of inline text with one look: plain, emphasis, strong, or a link.

    `lang` is the language of a passage in another one (a BCP 47 tag, None: the bulletin's). `note` makes
    the run a footnote reference: the note's number, which `text` holds as digits. A hard line break is a
    run of its own whose text is LINE_BREAK.
    """

    text: str
    emphasis: bool = False
    strong: bool = False
    url: str | None = None
    lang: str | None = None
    note: int | None = None


LINE_BREAK = "\n"  # the text of a hard line break's run (a backslash or two spaces at a line's end)


Runs = tuple[Run, ...]


def plain_text(runs: Runs) -> str:
    """Runs as plain text (a CSV cell, a Word table's title): their texts, a hard break a space, without
    footnote references."""
    return "".join(" " if run.text == LINE_BREAK else run.text for run in runs if run.note is None)


def _as_runs(value: object) -> object:
    """A field given as text (as before it held runs) is one plain run; anything else is kept as given."""
    if isinstance(value, str):
        return (Run(value),) if value else ()
    return value


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text: its runs in order, and its language when it is a passage in another
    one (a BCP 47 tag; None: the bulletin's, or its runs' own)."""

    runs: Runs
    lang: str | None = None


@dataclass(frozen=True)
class Quote:
    """A quotation: "block" quotes stand in the text, "pull" quotes repeat a line of it. The attribution
    is runs (inline markup kept; empty: none); `lang` the quotation's language when it is another one."""

    paragraphs: tuple[Runs, ...]
    attribution: Runs = ()
    kind: Literal["block", "pull"] = "block"
    lang: str | None = None

    def __post_init__(self) -> None:
        attribution = () if self.attribution is None else _as_runs(self.attribution)  # None or text, as before
        object.__setattr__(self, "attribution", attribution)

    @property
    def attribution_text(self) -> str:
        """The attribution as plain text ("" for none)."""
        return plain_text(self.attribution)

    @property
    def runs(self) -> Runs:
        """All runs of all paragraphs, for readers that want the quote as one stream."""
        return tuple(run for paragraph in self.paragraphs for run in paragraph)


@dataclass(frozen=True)
class TextCell:
    """A table cell of text, as written (years such as 2024 included): runs, inline markup kept."""

    runs: Runs

    def __post_init__(self) -> None:
        object.__setattr__(self, "runs", _as_runs(self.runs))  # text, as before runs, is one plain run

    @property
    def text(self) -> str:
        """The cell as plain text (measuring, CSV, the text edition's columns)."""
        return plain_text(self.runs)


MAX_DECIMALS = 6  # more is noise in a key-figures table, and keeps formatting exact


@dataclass(frozen=True)
class NumberCell:
    """A figure: the form it was written in (e.g. "$5.8 billion", "3–5%", "~200") and what it means.

    `value` is the number times its scale word (5.8e9 for "$5.8 billion"), or a range's low end, whose
    high end is `high`; `currency` is a symbol or ISO code written before or after the number, `unit`
    what else follows it ("%", "MW", "bcm"), `qualifier` one of ~ ≈ < > ≤ ≥ written before it or the
    + written after it ("50+"). Every edition prints `text`, in the language's number format.
    """

    value: float
    text: str
    unit: str | None = None
    currency: str | None = None
    high: float | None = None
    qualifier: str | None = None

    @property
    def decimals(self) -> int:
        """Digits after the decimal point as written (the most of a range's two numbers), so 92.10 keeps two."""
        return min(max((len(digits) for digits in re.findall(r"\.(\d+)", self.text)), default=0), MAX_DECIMALS)


Cell = TextCell | NumberCell


@dataclass(frozen=True)
class StatsTable:
    """A key-figures table: its caption, the headers (each runs), the table (numeric columns hold NumberCell,
    others TextCell), any notes on it ("Note: …" paragraphs, kept as written) and its source (runs, without
    the "Source:" label), all with their inline markup; `several_sources`: the source line said "Sources:",
    and the editions print the style's plural label."""

    caption: Runs
    headers: tuple[Runs, ...]
    rows: tuple[tuple[Cell, ...], ...]
    source: Runs
    notes: tuple[Runs, ...] = ()
    several_sources: bool = False

    def __post_init__(self) -> None:
        # Fields given as text (as before they were runs) are one plain run each.
        object.__setattr__(self, "caption", _as_runs(self.caption))
        object.__setattr__(self, "source", _as_runs(self.source))
        if isinstance(self.headers, tuple):
            object.__setattr__(self, "headers", tuple(_as_runs(header) for header in self.headers))

    @property
    def caption_text(self) -> str:
        """The caption as plain text (a Word table's title, a CSV file's name for the table), without
        its footnote references."""
        return plain_text(self.caption)

    @property
    def source_text(self) -> str:
        """The source as plain text."""
        return plain_text(self.source)

    @property
    def header_texts(self) -> tuple[str, ...]:
        """The headers as plain text (measuring, CSV, a narrow table's row labels)."""
        return tuple(plain_text(header) for header in self.headers)

    def numeric_columns(self) -> tuple[bool, ...]:
        """For each column, whether it holds figures (any NumberCell)."""
        return tuple(any(isinstance(row[i], NumberCell) for row in self.rows) for i in range(len(self.headers)))


@dataclass(frozen=True)
class Table:
    """A table of text outside ::: stats (a list of seats, a timeline): its header row and rows, each cell
    its runs (inline markup kept; an empty cell has none), and its caption ("Table: …" in the source; none: ())."""

    headers: tuple[Runs, ...]
    rows: tuple[tuple[Runs, ...], ...]
    caption: Runs = ()

    @property
    def caption_text(self) -> str:
        """The caption as plain text (a Word table's title), without its footnote references."""
        return plain_text(self.caption)

    @property
    def header_texts(self) -> tuple[str, ...]:
        """The headers as plain text (a narrow table's row labels)."""
        return tuple(plain_text(header) for header in self.headers)


@dataclass(frozen=True)
class Subheading:
    """An unnumbered heading inside a section (## in the source): it divides a long article."""

    title: str


@dataclass(frozen=True)
class Figure:
    """A picture with its alt text (what it shows, for readers who cannot see it), its caption and credit.

    `path` is the picture's file, resolved (as Publisher.logo): a PNG or JPEG the loader checked. `width`
    is "column" (set in the text's column) or "full" (across the page's columns, in print).
    """

    path: str
    alt: str
    caption: Runs = ()
    credit: Runs = ()
    width: Literal["column", "full"] = "column"


MAX_LIST_DEPTH = 3  # lists nest at most this many levels (a list, a list in its items, one more)
MAX_LIST_START = 999_999_999  # an ordered list's first number: nine digits, as Markdown writes it at most


@dataclass(frozen=True)
class ListItem:
    """One item of a list: its own text, then any lists nested in it."""

    runs: Runs
    children: tuple[ListBlock, ...] = ()


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list. A numbered one counts from `start` (as written: "3." starts at 3);
    `lang` is the language of the whole list when it is in another one (a BCP 47 tag, None: the bulletin's)."""

    items: tuple[ListItem, ...]
    ordered: bool = False
    start: int = 1
    lang: str | None = None

    @property
    def runs(self) -> Runs:
        """All runs of all items, nested ones included, in reading order (for font and glyph checks)."""
        return tuple(run for item in self.items for run in (*item.runs, *(r for c in item.children for r in c.runs)))

    @property
    def depth(self) -> int:
        """Levels of nesting: 1 for a list whose items hold no lists."""
        return 1 + max((child.depth for item in self.items for child in item.children), default=0)


Block = Paragraph | Quote | StatsTable | Subheading | Figure | ListBlock | Table

# The one authoritative list: JSON "type" name -> node class.
BLOCK_TYPES: dict[str, type] = {
    "paragraph": Paragraph,
    "quote": Quote,
    "stats": StatsTable,
    "subheading": Subheading,
    "figure": Figure,
    "list": ListBlock,
    "table": Table,
}
BLOCK_NAMES: dict[type, str] = {cls: name for name, cls in BLOCK_TYPES.items()}


def block_type(block: object) -> str:
    """The JSON type name of a block; a stranger raises TypeError."""
    try:
        return BLOCK_NAMES[type(block)]
    except KeyError:
        raise TypeError(f"not a bulletin block: {type(block).__name__}") from None


@dataclass(frozen=True)
class Footnote:
    """A footnote: its number (in order of first reference), the label the source gave it and its text.
    Not a block: the runs that refer to it (Run.note) stand in the text, and each edition sets the note
    where its format puts notes (the page foot, the end of the section or of the bulletin)."""

    number: int
    label: str
    paragraphs: tuple[Runs, ...]


def runs_in(node: object) -> Iterator[Run]:
    """Every run inside a node (a block, a section, a tuple of them), in reading order: a section's
    byline and standfirst before its blocks, any other node's fields in their order."""
    if isinstance(node, Run):
        yield node
    elif isinstance(node, tuple | list):
        for item in node:
            yield from runs_in(item)
    elif isinstance(node, Section):
        yield from runs_in((node.byline, node.standfirst, node.blocks))
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for f in dataclasses.fields(node):
            yield from runs_in(getattr(node, f.name))


def note_numbers(node: object) -> list[int]:
    """The numbers of the footnotes a node refers to, each once, in the order of their first reference."""
    return list(dict.fromkeys(run.note for run in runs_in(node) if run.note is not None))


@dataclass(frozen=True)
class Section:
    """A numbered section: its title (without the numeral the style gives it), the article's byline
    and standfirst (empty when it has none) and its blocks."""

    title: str
    blocks: tuple[Block, ...]
    byline: Runs = ()
    standfirst: Runs = ()


ADDRESS_SEPARATOR = " · "
LOCALITY = "{city}, {postcode}"  # a publisher's city and postcode, unless its file says otherwise
ARABIC_COMMA = "\u060c "  # between an address's parts in Arabic letters, where Latin ones have ", "
LOCALITY_FIELDS = ("city", "postcode")


@dataclass(frozen=True)
class Publisher:
    """Who publishes the bulletin: the name, postal address and contacts every edition prints."""

    name: str
    street: str
    city: str
    postcode: str
    country: str
    phones: tuple[str, ...] = ()
    email: str | None = None
    website: str | None = None
    logo: str | None = None
    unsubscribe: str | None = None  # the issue email's List-Unsubscribe: a mailto: or https: link
    # How the city and postcode are written where the publisher is: "{postcode} {city}" in Germany
    locality: str = LOCALITY
    # The name a brand sets large (the cover's wordmark: "AIR Center"); the name where none is given
    short_name: str | None = None

    @property
    def website_url(self) -> str | None:
        """The website as a link: with https:// when it was written without a scheme."""
        if self.website is None:
            return None
        return self.website if "://" in self.website else f"https://{self.website}"

    @property
    def website_label(self) -> str | None:
        """The website as printed: without scheme or trailing slash."""
        if self.website is None:
            return None
        return self.website.split("://", 1)[-1].rstrip("/")

    def contacts(self) -> list[tuple[str, str | None]]:
        """The printed address pieces in order, each with its link: street, city and postcode (as
        `locality` writes them) and country; the phones; the email (mailto:); the website. An address
        written in Arabic letters is joined with the Arabic comma (a trial's "شارع المثال 1, عمّان" had Latin
        ones)."""
        strong = (unicodedata.bidirectional(c) for c in self.street + self.city + self.country)
        comma = ARABIC_COMMA if next((k for k in strong if k in ("L", "R", "AL")), "L") == "AL" else ", "
        locality = self.locality.replace(", ", comma) if self.locality == LOCALITY else self.locality
        place = locality.format(city=self.city, postcode=self.postcode)
        parts: list[tuple[str, str | None]] = [(f"{self.street}{comma}{place}{comma}{self.country}", None)]
        parts += [(phone, None) for phone in self.phones]
        if self.email:
            parts.append((self.email, f"mailto:{self.email}"))
        if self.website_label:
            parts.append((self.website_label, self.website_url))
        return parts

    def address_line(self, separator: str = ADDRESS_SEPARATOR) -> str:
        """Street, city, postcode, country, phones, email, website: the printed footer line."""
        return separator.join(text for text, _ in self.contacts())


@dataclass(frozen=True)
class Metadata:
    """The front matter: title, issue label, date, language and the rest (see the README's source format)."""

    title: str
    issue: str
    date: _dt.date
    language: str = "en"
    subtitle: str | None = None
    summary: str | None = None  # one paragraph: what the issue is about, for catalogues and readers
    identifier: str | None = None
    authors: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    style: str = "plain"
    # A corrected re-issue's date: when its editions were last changed (the EPUB's dcterms:modified, which
    # with the identifier tells releases apart; the Word copy's and the PDF's modification dates).
    revised: _dt.date | None = None

    @property
    def modified(self) -> _dt.date:
        """When the editions were last changed: the revision's date, else the issue's."""
        return self.revised or self.date

    @property
    def uid(self) -> str:
        """The identifier, or a stable one derived from title, issue and date (never random)."""
        if self.identifier:
            return self.identifier
        name = f"briefexport:{self.title}:{self.issue}:{self.date.isoformat()}"
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


@dataclass(frozen=True)
class Bulletin:
    """One issue: its metadata, its publisher, its introduction (the blocks before section I, often
    an editor's note; empty when it has none) and its sections. Every edition is rendered from one."""

    metadata: Metadata
    publisher: Publisher
    sections: tuple[Section, ...] = field(default_factory=tuple)
    introduction: tuple[Block, ...] = ()
    footnotes: tuple[Footnote, ...] = ()  # in number order; the runs that refer to them have Run.note

    def introduction_notes(self) -> tuple[Footnote, ...]:
        """The footnotes first referred to in the introduction: those set at its end when notes go at the
        end of their section."""
        return self._notes_by_part[0] if self.footnotes else ()

    def section_notes(self, index: int) -> tuple[Footnote, ...]:
        """The footnotes first referred to in sections[index] (by place: one section object may stand
        twice, and only its first place holds its notes)."""
        return self._notes_by_part[index + 1] if self.footnotes else ()

    @functools.cached_property
    def _notes_by_part(self) -> tuple[tuple[Footnote, ...], ...]:
        """Each part's first-referred notes, the introduction's first: every run read once, not once per part."""
        by_number = {note.number: note for note in self.footnotes}
        seen: set[int] = set()
        out: list[tuple[Footnote, ...]] = []
        for part in (self.introduction, *self.sections):
            first = [n for n in note_numbers(part) if n not in seen]
            seen.update(first)
            out.append(tuple(by_number[n] for n in first if n in by_number))
        return tuple(out)

    def blocks(self) -> list[Block]:
        """Every block of the introduction and of every section, in order."""
        return [*self.introduction, *(block for section in self.sections for block in section.blocks)]

    def quotes(self, kind: str | None = None) -> list[Quote]:
        """The quotes, in order: all of them, or only the "block" or the "pull" ones."""
        return [b for b in self.blocks() if isinstance(b, Quote) and (kind is None or b.kind == kind)]

    def tables(self) -> list[StatsTable]:
        """The key-figures tables, in order."""
        return [b for b in self.blocks() if isinstance(b, StatsTable)]

    def plain_tables(self) -> list[Table]:
        """The plain tables (tables of text), in order."""
        return [b for b in self.blocks() if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        """The pictures, in order."""
        return [b for b in self.blocks() if isinstance(b, Figure)]
