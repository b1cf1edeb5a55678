"""Hypothesis strategies that build whole bulletins (for round trips, validation and fuzzing).

Every bulletin they build is valid (validation.validate passes it), as the
loader's always are: text the loader lets through, the fields it requires not
blank, figures as a table of a source writes them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from itertools import groupby
from pathlib import Path

from hypothesis import strategies as st

from briefexport.inputs import blank
from briefexport.model import (
    LINE_BREAK,
    MAX_LIST_DEPTH,
    MAX_LIST_START,
    Bulletin,
    Figure,
    Footnote,
    ListBlock,
    ListItem,
    Metadata,
    NumberCell,
    Paragraph,
    Publisher,
    Quote,
    Run,
    Section,
    StatsTable,
    Subheading,
    Table,
    TextCell,
)
from briefexport.rules import parse_number
from briefexport.styles import MAX_LEADING, MIN_COLUMN, MIN_LEADING, MIN_LINE, PAGE_SIZES_MM, RANGES, Page, Sizes

# Any Unicode the loader lets through: no surrogates, no C0/C1 controls but tab and newline, no line separators.
_ALPHABET = st.characters(
    exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\ufffe\uffff", include_characters="\t\n"
)
# A required field is not blank: spaces and format characters (a soft hyphen, a zero-width space) alone show nothing.
text = st.text(_ALPHABET, min_size=1, max_size=40).filter(lambda t: not blank(t))
short = st.text(_ALPHABET, min_size=1, max_size=12).filter(lambda t: not blank(t))
# A title, an issue, a subtitle, a heading: one line (no line breaks, tabs or line separators).
_LINE = st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\ufffe\uffff")
line = st.text(_LINE, min_size=1, max_size=40).filter(lambda t: not blank(t))
short_line = st.text(_LINE, min_size=1, max_size=12).filter(lambda t: not blank(t))
# A title, issue or subtitle: a line the mail's subject can carry too (no format characters but the joiners).
_TITLE = st.characters(
    exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp"),
    exclude_characters="\ufffe\uffff",
    include_characters="\u200c\u200d",
)
title_line = st.text(_TITLE, min_size=1, max_size=40).filter(lambda t: not blank(t))
short_title_line = st.text(_TITLE, min_size=1, max_size=12).filter(lambda t: not blank(t))
urls = st.sampled_from(["https://example.org/a?b=1&c=2", "http://example.com", "mailto:info@example.org"])
langs = st.sampled_from(["az", "ru", "en-GB", "sr-Latn", "ar", "he"])  # right to left among them

# A paragraph's runs hold some text: the loader refuses an empty paragraph. Some are passages in another
# language, some hard line breaks.
runs = (
    st.lists(
        st.builds(
            Run,
            text=st.text(_ALPHABET, min_size=1, max_size=40),
            emphasis=st.booleans(),
            strong=st.booleans(),
            url=st.none() | urls,
            lang=st.none() | langs,
        )
        | st.just(Run(LINE_BREAK)),
        min_size=1,
        max_size=4,
    )
    .map(tuple)
    .filter(lambda runs: not blank("".join(run.text for run in runs)))
    .filter(lambda runs: _links_show_text(runs))
)


def _links_show_text(runs: tuple[Run, ...]) -> bool:
    """Whether each link (runs one after another with one address) shows some text, as validation asks."""
    return all(
        url is None or not blank("".join(run.text for run in group))
        for url, group in groupby(runs, key=lambda run: run.url)
    )


@st.composite
def number_cells(draw: st.DrawFn) -> NumberCell:
    """A figure as a table writes it (92.12%, −3, 90,272, 1,000 MW), read as the loader reads it."""
    whole = draw(st.integers(0, 10**10))
    decimals = draw(st.integers(0, 4))
    number = f"{whole:,}" if draw(st.booleans()) else str(whole)
    if decimals:
        number += "." + str(draw(st.integers(0, 10**decimals - 1))).zfill(decimals)
    unit = draw(st.none() | st.sampled_from(["%", "MW", "tons", "million USD"]))
    written = (
        draw(st.sampled_from(["", "-", "\u2212", "+"])) + number + (f" {unit}" if unit and unit != "%" else unit or "")
    )
    cell = parse_number(written)
    assert cell is not None, written
    return cell


@st.composite
def stats_tables(draw: st.DrawFn) -> StatsTable:
    width = draw(st.integers(1, 4))
    header = st.just(()) | runs  # a header may be blank, not all of them
    headers = tuple(draw(st.lists(header, min_size=width, max_size=width).filter(any)))
    cell = st.one_of(st.builds(TextCell, runs=st.just(()) | runs), number_cells())
    rows = draw(st.lists(st.lists(cell, min_size=width, max_size=width).map(tuple), min_size=1, max_size=5))
    return StatsTable(
        caption=draw(runs), headers=headers, rows=tuple(rows), source=draw(runs), several_sources=draw(st.booleans())
    )


# Pictures are real files (a figure names one): the committed fixtures, PNG and JPEG of every colour kind.
PICTURES = Path(__file__).resolve().parent / "fixtures" / "figures_pictures"
pictures = st.sampled_from(sorted(str(p) for p in PICTURES.iterdir() if p.suffix in (".png", ".jpg")))
figures = st.builds(
    Figure,
    path=pictures,
    alt=text,
    caption=st.just(()) | runs,
    credit=st.just(()) | runs,
    width=st.sampled_from(["column", "full"]),
)


def list_blocks(level: int = 1) -> st.SearchStrategy[ListBlock]:
    """Bulleted and numbered lists, their items holding lists no deeper than MAX_LIST_DEPTH in all."""
    children = st.just(()) if level == MAX_LIST_DEPTH else st.lists(list_blocks(level + 1), max_size=1).map(tuple)
    items = st.lists(st.builds(ListItem, runs=runs, children=children), min_size=1, max_size=3).map(tuple)
    return st.builds(
        ListBlock,
        items=items,
        ordered=st.booleans(),
        start=st.integers(0, MAX_LIST_START),
        lang=st.none() | st.sampled_from(["az", "en-GB", "ru"]),
    )


# A plain table's cell: its runs, or none (an empty cell); its header row names at least one column.
cell_runs = st.just(()) | runs


@st.composite
def plain_tables(draw: st.DrawFn) -> Table:
    width = draw(st.integers(1, 4))
    headers = tuple(draw(st.lists(cell_runs, min_size=width, max_size=width).filter(any)))
    rows = draw(st.lists(st.lists(cell_runs, min_size=width, max_size=width).map(tuple), min_size=1, max_size=5))
    return Table(headers=headers, rows=tuple(rows), caption=draw(st.just(()) | runs))


blocks = st.one_of(
    st.builds(Paragraph, runs=runs, lang=st.none() | langs),
    st.builds(
        Quote,
        paragraphs=st.lists(runs, min_size=1, max_size=3).map(tuple),
        attribution=st.just(()) | runs,
        kind=st.sampled_from(["block", "pull"]),
        lang=st.none() | langs,
    ),
    stats_tables(),
    figures,
    list_blocks(),
    plain_tables(),
)

# A sub-heading heads text: it is never a section's last block.
section_blocks = st.lists(st.one_of(blocks, st.builds(Subheading, title=line)), min_size=0, max_size=3).flatmap(
    lambda head: st.lists(blocks, min_size=1, max_size=2).map(lambda tail: (*head, *tail))
)
sections = st.builds(
    Section,
    title=line,
    blocks=section_blocks,
    byline=st.just(()) | runs,
    standfirst=st.just(()) | runs,
)

metadata = st.builds(
    Metadata,
    title=title_line,
    issue=short_title_line,
    date=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    language=st.sampled_from(["en", "az", "ru", "de", "fr", "tr"]),
    subtitle=st.none() | title_line,
    summary=st.none() | text,
    identifier=st.none() | short,
    authors=st.lists(short, max_size=3).map(tuple),
    keywords=st.lists(short, max_size=3).map(tuple),
    style=st.sampled_from(["plain", "aircenter"]),
).flatmap(  # a corrected re-issue's date: none, or any day from the issue's on
    lambda m: (
        st.just(m)
        | st.dates(min_value=m.date, max_value=dt.date(2100, 12, 31)).map(
            lambda day: dataclasses.replace(m, revised=day)
        )
    )
)

publishers = st.builds(
    Publisher,
    name=title_line,  # the mail's subject may hold it: one line, no format characters
    street=short,
    city=short,
    postcode=short,
    country=short,
    phones=st.lists(short, max_size=2).map(tuple),
    email=st.none() | st.just("info@example.org"),
    website=st.none() | st.just("www.example.org"),
    logo=st.none(),
)

_plain_bulletins = st.builds(
    Bulletin,
    metadata=metadata,
    publisher=publishers,
    sections=st.lists(sections, min_size=1, max_size=4).map(tuple),
    introduction=st.lists(blocks, max_size=2).map(tuple),
)


@st.composite
def _with_footnotes(draw: st.DrawFn, bulletin: Bulletin) -> Bulletin:
    """The bulletin with footnote references after some paragraphs (a new note, or one referred to
    before) and their notes, numbered in the order of first reference, as the loader numbers them."""
    notes: list[Footnote] = []

    def refer(block: object) -> object:
        if not isinstance(block, Paragraph) or not draw(st.booleans()):
            return block
        number = len(notes) + 1
        if notes and draw(st.booleans()):
            number = draw(st.integers(1, len(notes)))  # a note referred to again
        else:
            paragraphs = draw(st.lists(runs, min_size=1, max_size=2).map(tuple))
            notes.append(Footnote(number=number, label=f"n{number}", paragraphs=paragraphs))
        return Paragraph(runs=(*block.runs, Run(str(number), note=number)))

    introduction = tuple(refer(block) for block in bulletin.introduction)
    sections = tuple(
        dataclasses.replace(section, blocks=tuple(refer(block) for block in section.blocks))
        for section in bulletin.sections
    )
    return dataclasses.replace(bulletin, introduction=introduction, sections=sections, footnotes=tuple(notes))


bulletins = _plain_bulletins.flatmap(_with_footnotes)


# -- bulletins for the layout checks (tests/pdflayout.py) ---------------------------------------------
# Text of a real bulletin's lengths, in words the checks read back as written; every table cell
# filled; each caption numbered so that the checks find its table again.
_WORDS = (
    *("the", "of", "and", "a", "in", "on", "election", "observers", "turnout", "cooperation", "sovereignty"),
    *("parliament", "delegation", "agreement", "energy", "transit", "corridor", "Caspian", "ministry"),
    *("international", "commission", "representatives", "negotiations"),
)


def prose(least: int, most: int) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(_WORDS), min_size=least, max_size=most).map(lambda w: " ".join(w).capitalize())


def _layout_paragraph(least: int, most: int) -> st.SearchStrategy[Paragraph]:
    return prose(least, most).map(lambda text: Paragraph((Run(text + "."),)))


@st.composite
def layout_tables(draw: st.DrawFn) -> StatsTable:
    width = draw(st.integers(2, 9))  # from two columns to more than a text column holds
    headers = ("Item", *(str(2015 + i) for i in range(1, width)))
    rows = tuple(
        (
            TextCell(draw(prose(1, 3))),
            *(
                NumberCell(v, f"{v:,}")
                for v in draw(st.lists(st.integers(0, 10**6), min_size=width - 1, max_size=width - 1))
            ),
        )
        for _ in range(draw(st.integers(1, 9)))
    )
    return StatsTable(caption(draw(prose(1, 8))), headers, rows, draw(prose(1, 10)))  # type: ignore[arg-type]


@st.composite
def layout_plain_tables(draw: st.DrawFn) -> Table:
    """A table of text: a timeline or a list of names, up to more rows than a column holds."""
    width = draw(st.integers(2, 7))
    headers = tuple((Run(draw(prose(1, 3))),) for _ in range(width))
    rows = tuple(
        tuple((Run(draw(prose(1, 6))),) for _ in range(width)) for _ in range(draw(st.sampled_from([1, 3, 8, 40])))
    )
    return Table(headers, rows, (Run(draw(prose(1, 8))),))


def caption(text: str) -> object:
    """A table caption as the model holds it: plain text, or runs where the model keeps inline markup."""
    return text if StatsTable.__dataclass_fields__["caption"].type == "str" else (Run(text),)


def _layout_list(level: int = 1) -> st.SearchStrategy[ListBlock]:
    """A list of prose items, some of them holding a list one level deeper (three levels at most)."""
    item = _layout_paragraph(1, 60).map(lambda p: p.runs)
    children = st.just(()) if level == MAX_LIST_DEPTH else st.lists(_layout_list(level + 1), max_size=1).map(tuple)
    items = st.lists(st.builds(ListItem, runs=item, children=children), min_size=1, max_size=6).map(tuple)
    return st.builds(ListBlock, items=items, ordered=st.booleans(), start=st.integers(1, 120))


# A picture in a column or across the page, with or without its caption and credit.
layout_figures = st.builds(
    Figure,
    path=pictures,
    alt=prose(1, 6),
    caption=st.just(()) | prose(1, 20).map(lambda text: (Run(text),)),
    credit=st.just(()) | prose(1, 6).map(lambda text: (Run(text),)),
    width=st.sampled_from(["column", "full"]),
)

layout_blocks = st.one_of(
    _layout_paragraph(5, 250),
    _layout_paragraph(5, 250),
    _layout_list(),
    st.builds(
        Quote,
        paragraphs=st.lists(_layout_paragraph(3, 120).map(lambda p: p.runs), min_size=1, max_size=3).map(tuple),
        attribution=st.none() | prose(2, 16),
        kind=st.sampled_from(["block", "pull"]),
    ),
    layout_tables(),
    layout_plain_tables(),
    st.builds(Subheading, title=prose(1, 10)),
    layout_figures,
)


def _numbered(bulletin: Bulletin) -> Bulletin:
    count = iter(range(1, 1000))

    def number(block: object) -> object:
        if isinstance(block, Table):
            return dataclasses.replace(block, caption=(Run(f"Table {next(count)}: {_text(block.caption)}"),))
        if isinstance(block, StatsTable):
            text = block.caption if isinstance(block.caption, str) else "".join(r.text for r in block.caption)
            return dataclasses.replace(block, caption=caption(f"Table {next(count)}: {text}"))
        return block

    sections = tuple(dataclasses.replace(s, blocks=tuple(number(b) for b in s.blocks)) for s in bulletin.sections)
    return dataclasses.replace(bulletin, sections=sections)


def _text(runs: tuple[Run, ...]) -> str:
    return "".join(run.text for run in runs)


layout_bulletins = st.builds(
    Bulletin,
    metadata=st.builds(
        Metadata,
        title=st.just("Layout bulletin"),
        issue=st.just("Issue 1"),
        date=st.just(dt.date(2024, 5, 31)),
        # hyphenated and justified (pyphen, or Azerbaijani by its syllables), or ragged (no Swahili patterns)
        language=st.sampled_from(["en", "az", "sw"]),
        style=st.sampled_from(["plain", "aircenter"]),
    ),
    publisher=st.just(Publisher("Institute", "Street 1", "City", "AZ1000", "Country")),
    sections=st.lists(
        st.builds(
            Section,
            title=prose(1, 14),
            # A sub-heading heads text: a section does not end with one (validation.py).
            blocks=st.lists(layout_blocks, min_size=1, max_size=8)
            .filter(lambda blocks: not isinstance(blocks[-1], Subheading))
            .map(tuple),
            # An article's byline and standfirst, which go with its heading.
            byline=st.just(()) | prose(1, 12).map(lambda text: (Run(f"By {text}"),)),
            standfirst=st.just(()) | prose(1, 40).map(lambda text: (Run(text + "."),)),
        ),
        min_size=1,
        max_size=8,
    ).map(tuple),
).map(_numbered)


@st.composite
def style_files(draw: st.DrawFn) -> str:
    """A brand's style file (TOML) extending a built-in style, its page and type measures drawn within the
    ranges the style schema allows, ends included, and within the checks between them (columns at least
    MIN_COLUMN mm wide, lines of the characters MIN_LINE asks, a leading MIN_LEADING to MAX_LEADING times
    the body's size)."""

    def measure(table: type, key: str, most: float | None = None, least: float | None = None) -> float:
        low, high, _ = RANGES[table, key]
        low, high = max(low, least or low), min(high, most if most is not None else high)
        return draw(st.sampled_from([low, high]) | st.floats(low, high).map(lambda value: round(value, 1)))

    size = draw(st.sampled_from(sorted(PAGE_SIZES_MM)))
    columns = draw(st.integers(1, 3))
    page = {"size": f'"{size}"', "columns": columns}
    for key in ("margin_top", "margin_bottom", "margin_inner", "margin_outer", "gutter"):
        page[key] = measure(Page, key)
    spare = PAGE_SIZES_MM[size][0] - (columns - 1) * page["gutter"] - columns * MIN_COLUMN  # mm the margins may take
    for key in ("margin_inner", "margin_outer"):
        page[key] = min(page[key], max(RANGES[Page, key][0], round(spare / 2 - 0.1, 1)))
    width = PAGE_SIZES_MM[size][0] - page["margin_inner"] - page["margin_outer"] - (columns - 1) * page["gutter"]
    width_pt = width / columns * 72 / 25.4
    sizes = {key: measure(Sizes, key, most=2 * width_pt / least - 0.1) for key, least in MIN_LINE.items()}
    body = sizes["body"]
    sizes["leading"] = measure(
        Sizes, "leading", most=MAX_LEADING * body - 0.1, least=round(MIN_LEADING * body + 0.1, 1)
    )
    for key in ("title", "subtitle", "issue", "pull_quote", "caption", "table", "source", "furniture", "footnote"):
        if draw(st.booleans()):
            sizes[key] = measure(Sizes, key)
    base = draw(st.sampled_from(["aircenter", "plain"]))
    lines = ['name = "drawn"', 'label = "Drawn"', f'extends = "{base}"', "[page]"]
    lines += [f"{key} = {value}" for key, value in page.items()]
    lines += ["[sizes]", *(f"{key} = {value}" for key, value in sizes.items())]
    return "\n".join(lines) + "\n"
