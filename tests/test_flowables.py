"""The PDF's own flowables (renderers/pdf/flowables.py): how a block quote splits between columns."""

from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph

from briefexport.renderers.pdf.flowables import Stack
from briefexport.renderers.pdf.fonts import register_roles
from briefexport.renderers.pdf.softhyphen import SoftHyphenParagraph
from briefexport.renderers.pdf.typography import Palette, build_styles

WIDTH = 240.0


@pytest.fixture(scope="module")
def styles(aircenter):
    return build_styles(aircenter, register_roles(aircenter), Palette.of(aircenter), "en")


def quote(styles, *paragraphs: int) -> Stack:
    """A quote of paragraphs of so many lines each (short lines, ended by hard breaks), and its attribution."""
    content = [SoftHyphenParagraph("<br/>".join(["A short line"] * lines), styles.quote) for lines in paragraphs]
    return Stack([*content, Paragraph("— A. Speaker", styles.attribution)], keep_last=True)


def lines_of(stack: Stack) -> list[int]:
    """The lines of each paragraph of a quote's part, its attribution left out."""
    return [round(f.wrap(WIDTH, 10_000)[1] / f.style.leading) for f in stack.content if f.style.name == "quote"]


def splits(stack: Stack, styles) -> list[list[list[int]]]:
    """The lines of the parts the quote splits into at every height from one line to all of it."""
    _, height = stack.wrap(WIDTH, 10_000)
    step = styles.quote.leading / 4
    return [[lines_of(part) for part in stack.split(WIDTH, step * n)] for n in range(1, int(height / step))]


@pytest.mark.parametrize("paragraphs", [(1, 1), (1, 1, 1), (2, 1), (1, 2), (5,), (3, 1, 1)])
def test_an_attribution_never_goes_on_with_fewer_than_two_lines_of_its_quotation(styles, paragraphs):
    found = splits(quote(styles, *paragraphs), styles)
    # It splits where two lines can go on with the attribution and no paragraph leaves one line behind.
    assert any(found) == (paragraphs in [(1, 1, 1), (1, 2), (5,), (3, 1, 1)])
    for parts in found:
        assert parts == [] or (len(parts) == 2 and sum(parts[1]) >= 2), parts
        assert parts == [] or sum(map(sum, parts)) == sum(paragraphs)  # no line lost or repeated


def test_the_lines_it_takes_may_come_from_two_paragraphs_or_from_the_end_of_one(styles):
    assert [[1], [1, 1]] in splits(quote(styles, 1, 1, 1), styles)
    assert [[3], [2]] in splits(quote(styles, 5), styles)
    assert all(parts == [] for parts in splits(quote(styles, 1, 1), styles))  # two lines in all: never split
