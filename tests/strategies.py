"""Hypothesis strategies that build whole bulletins (for round trips and fuzzing)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from briefexport.model import (
    Bulletin,
    Metadata,
    NumberCell,
    Paragraph,
    Publisher,
    Quote,
    Run,
    Section,
    StatsTable,
    TextCell,
)

# Any Unicode the loader lets through: no surrogates, no C0/C1 controls but tab and newline.
_ALPHABET = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff", include_characters="\t\n")
text = st.text(_ALPHABET, min_size=1, max_size=40)
short = st.text(_ALPHABET, min_size=1, max_size=12)
urls = st.sampled_from(["https://example.org/a?b=1&c=2", "http://example.com", "mailto:info@example.org"])

runs = st.lists(
    st.builds(Run, text=text, emphasis=st.booleans(), strong=st.booleans(), url=st.none() | urls),
    min_size=1,
    max_size=4,
).map(tuple)

number_cells = st.builds(
    lambda value, unit: NumberCell(value=value, text=f"{value:g}{unit or ''}", unit=unit),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.none() | st.sampled_from(["%", "MW", "tons", "million USD"]),
)


@st.composite
def stats_tables(draw: st.DrawFn) -> StatsTable:
    width = draw(st.integers(1, 4))
    headers = tuple(draw(st.lists(short, min_size=width, max_size=width)))
    cell = st.one_of(st.builds(TextCell, text=st.text(_ALPHABET, max_size=20)), number_cells)
    rows = draw(st.lists(st.lists(cell, min_size=width, max_size=width).map(tuple), min_size=1, max_size=5))
    return StatsTable(caption=draw(text), headers=headers, rows=tuple(rows), source=draw(text))


blocks = st.one_of(
    st.builds(Paragraph, runs=runs),
    st.builds(
        Quote,
        paragraphs=st.lists(runs, min_size=1, max_size=3).map(tuple),
        attribution=st.none() | text,
        kind=st.sampled_from(["block", "pull"]),
    ),
    stats_tables(),
)

sections = st.builds(Section, title=text, blocks=st.lists(blocks, min_size=1, max_size=4).map(tuple))

metadata = st.builds(
    Metadata,
    title=text,
    issue=short,
    date=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    language=st.sampled_from(["en", "az", "ru", "de", "fr", "tr"]),
    subtitle=st.none() | text,
    identifier=st.none() | short,
    authors=st.lists(short, max_size=3).map(tuple),
    keywords=st.lists(short, max_size=3).map(tuple),
    style=st.sampled_from(["plain", "aircenter"]),
)

publishers = st.builds(
    Publisher,
    name=text,
    street=short,
    city=short,
    postcode=short,
    country=short,
    phones=st.lists(short, max_size=2).map(tuple),
    email=st.none() | st.just("info@example.org"),
    website=st.none() | st.just("www.example.org"),
    logo=st.none(),
)

bulletins = st.builds(
    Bulletin, metadata=metadata, publisher=publishers, sections=st.lists(sections, min_size=1, max_size=4).map(tuple)
)
