"""The PDF's own flowables (renderers/pdf/flowables.py): how a block quote splits between columns and
at a page's foot."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from reportlab.platypus import Flowable, FrameBreak, Paragraph, Table

from briefexport.renderers.pdf.flowables import Stack, TableStack
from briefexport.renderers.pdf.fonts import register_roles
from briefexport.renderers.pdf.softhyphen import SOFT_HYPHEN, SoftHyphenParagraph
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


LONG_WORDS = "international negotiations concerning parliamentary representation and constitutional responsibilities "


def _texts(paragraph: Flowable) -> list[str]:
    """The text of each line of a paragraph's part, as set at WIDTH."""
    paragraph.wrap(WIDTH, 10_000)
    lines = paragraph.blPara.lines
    if paragraph.blPara.kind == 0:
        return [" ".join(words) for _, words in lines]
    return ["".join(getattr(f, "text", "") for f in line.words) for line in lines]


def _split_at_page_foot(style, lines: int, turns_page: bool) -> list[Flowable]:
    stack = Stack([SoftHyphenParagraph(LONG_WORDS * 8, style)], 11)
    stack.wrap(WIDTH + 11, 10_000)
    if turns_page:
        stack._frame = SimpleNamespace(turns_page=True)  # the page's last column, as layout.Column says
    return stack.split(WIDTH + 11, style.leading * lines + 0.5)


def _words(*parts: Flowable) -> list[str]:
    """The words of paragraphs' parts set one after the other, broken words joined."""
    text = " ".join(line for part in parts for line in _texts(part))
    return text.replace(SOFT_HYPHEN + " ", "").replace("- ", "").split()


def _hyphenated_lines(style) -> tuple[list[str], list[bool], list[int]]:
    """A paragraph's lines broken first-fit, whether each ends in a word, and the lines the page could
    turn after in a word (the first and the last two aside)."""
    whole = _texts(SoftHyphenParagraph(LONG_WORDS * 8, style))
    in_a_word = [line.endswith(("-", SOFT_HYPHEN)) for line in whole]
    return whole, in_a_word, [n for n in range(2, len(whole) - 1) if in_a_word[n - 1]]


def test_a_ragged_quote_at_a_page_foot_is_broken_without_hyphens_before_the_page_turns(styles):
    """A quote's lines are ragged (broken first-fit by ReportLab) and need no hyphen: at a page's foot,
    when the column would end in a word, the lines before the page turns are broken again without any,
    the column as full as before, and the rest goes on hyphenated as before. In a column the page does
    not turn after, the split is ReportLab's."""
    whole, _, hyphenated = _hyphenated_lines(styles.quote)
    assert len(hyphenated) >= 5, whole
    for n in hyphenated:
        plain = _split_at_page_foot(styles.quote, n, turns_page=False)
        assert [len(_texts(part.content[0])) for part in plain] == [n, len(whole) - n]
        head, rest = (part.content[0] for part in _split_at_page_foot(styles.quote, n, turns_page=True))
        assert len(_texts(head)) == n and not any(line.endswith(("-", SOFT_HYPHEN)) for line in _texts(head))
        assert _words(head, rest) == (LONG_WORDS * 8).split()
        assert rest.style is styles.quote  # hyphenated again, in the next column


def test_justified_first_fit_lines_end_the_column_early_after_a_whole_word(styles):
    """Justified lines broken first-fit (a paragraph ReportLab breaks, not totalfit.py) cannot be broken
    again without loose lines: at a page's foot, a column that would end in a word ends up to two lines
    early, after a whole word (the lines stay as they were), and the page turns there; a paragraph of
    which no more than two lines would stay goes on whole (one line may not stay alone)."""
    whole, in_a_word, hyphenated = _hyphenated_lines(styles.body)
    assert len(hyphenated) >= 5 and hyphenated[0] == 2, in_a_word
    for n in hyphenated:
        parts = _split_at_page_foot(styles.body, n, turns_page=True)
        whole_words = [count for count in range(n - 1, max(n - 3, 1), -1) if not in_a_word[count - 1]]
        if not whole_words:  # two lines or fewer: it goes on whole; else (three in a word) ReportLab's split
            assert parts == [] if n == 2 else [len(_texts(part.content[0])) for part in parts] == [n, len(whole) - n]
            continue
        head, rest = parts[0].content[0], parts[-1].content[0]
        assert parts[1] is FrameBreak and _texts(head) == whole[: whole_words[0]], n
        assert _words(head, rest) == (LONG_WORDS * 8).split()


def test_a_quote_whose_attribution_takes_two_lines_on_turns_the_page_after_a_whole_word(styles):
    """When all of a quote's text fits at a page's foot but its attribution does not, the attribution goes
    on with the last two lines; the line before them, which now ends the page, ends a word too."""
    cases = 0
    for count in range(10, 40):
        text = " ".join(LONG_WORDS.split() * 4)[: count * 12]
        whole = _texts(SoftHyphenParagraph(text, styles.quote))
        if len(whole) < 4 or not whole[-3].endswith(("-", SOFT_HYPHEN)):
            continue
        cases += 1
        stack = Stack([SoftHyphenParagraph(text, styles.quote), Paragraph("— A. Speaker", styles.attribution)], 11)
        stack.keep_last = True
        stack.wrap(WIDTH + 11, 10_000)
        stack._frame = SimpleNamespace(turns_page=True)
        head, rest = stack.split(WIDTH + 11, styles.quote.leading * len(whole) + 1)
        assert len(_texts(head.content[0])) == len(whole) - 2, text
        assert not _texts(head.content[0])[-1].endswith(("-", SOFT_HYPHEN)), text
        assert _words(head.content[0], rest.content[0]) == text.split()
    assert cases >= 2


def _table(rows: int) -> Table:
    return Table([["Measure", "Figure"], *([f"Row {i}", f"{i},000"] for i in range(rows))], repeatRows=1)


def test_a_tables_source_goes_on_with_its_last_two_rows(styles):
    """A long table fits the column but its source does not: the source does not open the next column
    alone, it goes on with the table's last two rows under the repeated header row."""
    stack = TableStack(_table(10), [Paragraph("Source: a census.", styles.source)])
    _, table_height = stack.content[0].wrap(WIDTH, 10_000)
    head, rest = stack.split(WIDTH, table_height + 1)
    assert [len(part.content[0]._cellvalues) for part in (head, rest)] == [1 + 8, 1 + 2]
    assert rest.content[0]._cellvalues[0] == ["Measure", "Figure"] and rest.content[-1].text == "Source: a census."
    short = TableStack(_table(2), [Paragraph("Source: a census.", styles.source)])  # no rows to leave: it all goes on
    assert short.split(WIDTH, short.content[0].wrap(WIDTH, 10_000)[1] + 1) == []
