"""Justified paragraphs are broken the whole paragraph at a time (renderers/pdf/totalfit.py): fewer
hyphens, no ladders and fewer loose lines than first-fit, lines that never overflow, and the same
lines whether or not the paragraph is split between columns."""

from __future__ import annotations

import importlib.util
import sys
from types import SimpleNamespace

import pytest
from reportlab.platypus.paragraph import Paragraph

from briefexport.renderers.pdf import PdfRenderer, totalfit
from briefexport.renderers.pdf.fonts import register_roles
from briefexport.renderers.pdf.softhyphen import SOFT_HYPHEN, SoftHyphenParagraph
from briefexport.renderers.pdf.totalfit import TotalFitParagraph
from briefexport.renderers.pdf.typography import Palette, build_styles

from .conftest import ROOT

TEXT = (
    "Azerbaijan's early presidential elections, initially slated for 2025, unfolded on February 7, 2024, "
    "marking a significant moment in the nation's political history. The snap elections resulted in "
    "President Ilham Aliyev's overwhelming victory as he secured 92.12% of the votes. This electoral process "
    "was observed by a substantial number of monitors, with 90,272 individuals overseeing the proceedings, "
    "highlighting the international and domestic interest in Azerbaijan's political process. Voter "
    "participation was notably high, with a turnout of 76.43%, indicating robust engagement from the "
    "electorate. The elections were conducted across 6,537 polling sites nationwide, accommodating a total "
    "voter list of 6,478,623 individuals."
)


@pytest.fixture(scope="module")
def body(aircenter):
    return build_styles(aircenter, register_roles(aircenter), Palette.of(aircenter), "en").body


def texts(paragraph: Paragraph) -> list[str]:
    """The text of each line (ReportLab's lines are (space, words) in one font, FragLines in several)."""
    lines = paragraph.blPara.lines
    if paragraph.blPara.kind == 0:
        return [" ".join(words) for _, words in lines]
    return ["".join(frag.text for frag in line.words) for line in lines]


def hyphenated(lines: list[str]) -> int:
    return sum(line.endswith((SOFT_HYPHEN, "-")) for line in lines)


@pytest.mark.parametrize("width", [180.0, 240.9, 300.0, 470.0])
def test_lines_fill_the_measure_and_never_overflow(body, width):
    paragraph = TotalFitParagraph(TEXT, body)
    paragraph.wrap(width, 10_000)
    lines = paragraph.blPara.lines
    assert paragraph._plan is not None  # set by the total-fit breaker, not ReportLab's
    for line in lines[:-1]:
        spaces = line.wordCount - 1
        assert line.extraSpace >= -spaces * totalfit.SHRINK * 2.6  # spaces shrink by at most 40 %
    assert " ".join(texts(paragraph)).replace(SOFT_HYPHEN + " ", "").split() == TEXT.split()


def test_a_paragraph_split_between_columns_keeps_the_lines_of_the_whole(body):
    whole = TotalFitParagraph(TEXT, body)
    whole.wrap(240.9, 10_000)
    paragraph = TotalFitParagraph(TEXT, body)
    paragraph.wrap(240.9, 10_000)
    head, rest = paragraph.split(240.9, body.leading * 5)
    head.wrap(240.9, 10_000)
    rest.wrap(240.9, 10_000)
    assert texts(head) + texts(rest) == texts(whole)
    assert texts(head)[-1].endswith(SOFT_HYPHEN) or len(texts(head)) == 5


def test_a_page_does_not_turn_in_the_middle_of_a_word(body):
    whole = TotalFitParagraph(TEXT, body)
    whole.wrap(240.9, 10_000)
    lines = texts(whole)
    n = next(i + 1 for i, line in enumerate(lines[1:-1], 1) if line.endswith(SOFT_HYPHEN))  # a line ending in a break
    paragraph = TotalFitParagraph(TEXT, body)
    paragraph.wrap(240.9, 10_000)
    paragraph._frame = SimpleNamespace(turns_page=True)  # the page's last column, as layout.Column says
    head, rest = paragraph.split(240.9, body.leading * n)
    head.wrap(240.9, 10_000)
    rest.wrap(240.9, 10_000)
    assert len(texts(head)) == n and not texts(head)[-1].endswith((SOFT_HYPHEN, "-"))
    assert " ".join(texts(head) + texts(rest)).replace(SOFT_HYPHEN + " ", "").split() == TEXT.split()


def test_a_word_wider_than_the_line_is_left_to_reportlab(body):
    paragraph = TotalFitParagraph("a " + "x" * 200 + " b", body)
    paragraph.wrap(100, 10_000)
    assert paragraph._plan is None and len(paragraph.blPara.lines) > 2


def test_ragged_text_is_left_to_reportlab(aircenter):
    quote = build_styles(aircenter, register_roles(aircenter), Palette.of(aircenter), "en").quote
    paragraph = TotalFitParagraph(TEXT, quote)
    paragraph.wrap(240.9, 10_000)
    assert paragraph._plan is None


def _lines_script():
    spec = importlib.util.spec_from_file_location("lines", ROOT / "benchmarks" / "lines.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["lines"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["aircenter", "plain"])
def test_the_flagship_is_set_better_than_first_fit(flagship, name, request, monkeypatch):
    lines = _lines_script()
    style = request.getfixturevalue(name)
    better = lines.measure(PdfRenderer().render(flagship, style), style)
    monkeypatch.setattr(TotalFitParagraph, "breakLines", SoftHyphenParagraph.breakLines)
    greedy = lines.measure(PdfRenderer().render(flagship, style), style)
    assert better.hyphenated < greedy.hyphenated
    assert better.loose < greedy.loose * 0.6
    assert better.ladder <= greedy.ladder
    assert abs(better.pages - greedy.pages) <= 1


def test_the_one_column_flagship_meets_the_targets(flagship, plain):
    stats = _lines_script().measure(PdfRenderer().render(flagship, plain), plain)
    assert stats.hyphenated <= 0.10 * stats.lines
    assert stats.ladder <= 2
    assert stats.loose <= 0.01 * stats.lines
