"""Justified paragraphs are broken the whole paragraph at a time (renderers/pdf/totalfit.py): fewer
hyphens, no ladders and fewer loose lines than first-fit, lines that never overflow, and the same
lines whether or not the paragraph is split between columns. Where the style lets them, a line's
letters widen or narrow a little with its spaces, and the line still fills the measure exactly."""

from __future__ import annotations

import dataclasses
import html
import importlib.util
import io
import itertools
import random
import re
import shutil
import sys
from collections import defaultdict
from types import SimpleNamespace

import pikepdf
import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.paragraph import Paragraph

import briefexport
from briefexport.renderers.pdf import PdfRenderer, totalfit
from briefexport.renderers.pdf.fonts import register_roles
from briefexport.renderers.pdf.hyphenation import hyphenator
from briefexport.renderers.pdf.softhyphen import SOFT_HYPHEN, SoftHyphenParagraph
from briefexport.renderers.pdf.totalfit import TotalFitParagraph
from briefexport.renderers.pdf.typography import Palette, build_styles
from briefexport.styles import load_style

from . import pdflayout
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


@pytest.mark.parametrize("first", [160.0, 180.0, 190.0, 300.0])
def test_a_paragraph_broken_again_at_another_width_is_broken_as_if_first(body, first):
    """A paragraph measured at one width and set at another (a heading's room is measured at the column's
    width, the frame's differs in the last digit) is broken from its own words: broken from those of
    the first widths, "self-sufficiency" broken there was set whole as "selfsufficiency" (at 3 of 33
    first widths from 150 to 470 pt: 160, 180 and 190)."""
    text = TEXT.replace("voter list", "voter self-sufficiency list").replace("total", "self-sufficiency")
    fresh = TotalFitParagraph(text, body)
    fresh.wrap(240.94, 10_000)
    paragraph = TotalFitParagraph(text, body)
    paragraph.wrap(first, 10_000)
    paragraph.wrap(240.94, 10_000)
    assert texts(paragraph) == texts(fresh)
    assert " ".join(texts(paragraph)).replace(SOFT_HYPHEN + " ", "").replace("- ", "-").split() == text.split()


def test_a_paragraph_is_broken_once_for_widths_apart_by_float_noise(body, monkeypatch):
    """A heading's room measures the paragraph after it at the column's width, which the frame works out
    in another order (240.94488188976382 and 240.9448818897638): the lines made for one serve the other."""
    calls = []
    breaker = totalfit.total_fit

    def counted(*args, **kwargs):
        calls.append(args[1])
        return breaker(*args, **kwargs)

    monkeypatch.setattr(totalfit, "total_fit", counted)
    paragraph = TotalFitParagraph(TEXT, body)
    paragraph.wrap(240.94488188976382, 10_000)
    paragraph.wrap(240.9448818897638, 10_000)
    assert len(calls) == 1
    paragraph.wrap(240.9, 10_000)  # another width: broken again
    assert len(calls) == 2


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


def columns(text: str, style: ParagraphStyle, lines: int) -> list[Paragraph]:
    """The parts of a paragraph split column after column, `lines` lines a column, as a frame splits it."""
    rest, parts = TotalFitParagraph(text, style), []
    while rest.wrap(240.9, style.leading * lines) and len(split := rest.split(240.9, style.leading * lines)) == 2:
        head, rest = split
        head.wrap(240.9, style.leading * lines)
        parts.append(head)
    rest.wrap(240.9, 100_000)
    return [*parts, rest]


def drawn_lines(parts: list[Paragraph]) -> list[list[tuple[str, str | None, float, int]]]:
    """Each line's pieces (text, and the letter scale it sets), space to share and word count."""
    return [
        [
            (f.text, getattr(getattr(f, "cbDefn", None), "label", None), line.extraSpace, line.wordCount)
            for f in line.words
        ]
        for part in parts
        for line in part.blPara.lines
    ]


def test_a_paragraph_split_column_after_column_makes_each_line_at_most_twice(body, monkeypatch):
    """The rest of a split is handed the lines made for the whole (its head makes its own again, for their
    last line): made again for each rest, a paragraph over n columns was set in time growing with n²
    (twenty words of 10,000 letters each, 40 s more than its breaking took). The lines handed on, and the
    letter scale the first sets, are those the rest would make itself."""
    text, style = " ".join([TEXT] * 6), scaled(body, 0.02)
    whole = TotalFitParagraph(text, style)
    whole.wrap(240.9, 100_000)
    made = []
    build = totalfit.build_lines

    def counted(words, starts, *args, **kwargs):
        made.append(len(starts))
        return build(words, starts, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(totalfit, "build_lines", counted)
        parts = columns(text, style, 8)
    assert len(parts) > 5
    assert sum(made) <= 2 * len(whole.blPara.lines), (sum(made), len(whole.blPara.lines))
    with monkeypatch.context() as patch:
        patch.setattr(TotalFitParagraph, "_hand_on", lambda *args: None)
        made_again = columns(text, style, 8)
    assert drawn_lines(parts) == drawn_lines(made_again)
    first_lines = [drawn_lines([part])[0] for part in parts[1:]]
    assert any(line[0][1] not in (None, "100.000") for line in first_lines)  # a rest sets its letters' scale
    assert texts(whole) == [line for part in parts for line in texts(part)]


def assert_no_page_turn_in_a_word(text: str, style: ParagraphStyle, width: float) -> None:
    """Split where the page turns after the first line that ends in a break hyphen, the column ends after a
    whole word, and no word is lost."""
    whole = TotalFitParagraph(text, style)
    whole.wrap(width, 10_000)
    lines = texts(whole)
    n = next(i + 1 for i, line in enumerate(lines[1:-1], 1) if line.endswith(SOFT_HYPHEN))  # a line ending in a break
    paragraph = TotalFitParagraph(text, style)
    paragraph.wrap(width, 10_000)
    paragraph._frame = SimpleNamespace(turns_page=True)  # the page's last column, as layout.Column says
    head, rest = paragraph.split(width, style.leading * n)
    head.wrap(width, 10_000)
    rest.wrap(width, 10_000)
    assert len(texts(head)) == n and not texts(head)[-1].endswith((SOFT_HYPHEN, "-"))
    assert " ".join(texts(head) + texts(rest)).replace(SOFT_HYPHEN + " ", "").split() == text.split()


def test_a_page_does_not_turn_in_the_middle_of_a_word(body):
    assert_no_page_turn_in_a_word(TEXT, body, 240.9)


def drawn(paragraph: Paragraph, width: float) -> tuple[dict[float, list[LTChar]], list[float]]:
    """Draw `paragraph` at x = 0 on a page of its own and read it back: its characters by baseline,
    and the horizontal scales (Tz, in percent) set in the page's stream."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, 2_000))
    _, height = paragraph.wrap(width, 2_000)
    paragraph.drawOn(canvas, 0, 2_000 - height)
    canvas.showPage()
    canvas.save()
    data = buffer.getvalue()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        operators = pikepdf.parse_content_stream(pdf.pages[0])
        scales = [float(operands[0]) for operands, operator in operators if operator == pikepdf.Operator("Tz")]
    lines: dict[float, list[LTChar]] = defaultdict(list)
    for page in extract_pages(io.BytesIO(data)):
        for box in page:
            for line in getattr(box, "_objs", []):
                for char in getattr(line, "_objs", []):
                    if isinstance(char, LTChar):
                        lines[round(char.y0, 1)].append(char)
    return dict(sorted(lines.items(), reverse=True)), scales


def spaces(chars: list[LTChar]) -> list[float]:
    """The line's word spaces as drawn: from the letter before each space to the letter after it."""
    gaps, end, after_space = [], None, False
    for char in chars:
        if not char.get_text().strip():
            after_space = True
            continue
        if after_space and end is not None:
            gaps.append(char.x0 - end)
        end, after_space = char.x1, False
    return gaps


def scaled(body: ParagraphStyle, share: float) -> ParagraphStyle:
    return ParagraphStyle("scaled", parent=body, letterScaling=share)


def test_scaled_letters_still_fill_the_measure_exactly(body):
    lines, scales = drawn(TotalFitParagraph(TEXT, scaled(body, 0.035)), 240.9)
    assert scales and all(96.5 - 1e-6 <= scale <= 103.5 + 1e-6 for scale in scales)
    assert any(scale != 100 for scale in scales)
    *justified, last = ([c for c in chars if c.get_text().strip()] for chars in lines.values())
    for chars in justified:  # read back by pdfminer: from the left edge (or the indent) to the right one
        assert max(c.x1 for c in chars) == pytest.approx(240.9, abs=0.05)
        assert min(c.x0 for c in chars) in (pytest.approx(0, abs=0.05), pytest.approx(body.firstLineIndent, abs=0.05))
    assert max(c.x1 for c in last) < 240.9 - 5  # the last line is set at its own width, unscaled


@pytest.mark.parametrize("width", range(150, 330, 9))
def test_no_space_is_drawn_narrower_than_the_breaker_allows(body, width):
    # The last line too: when it is too long for the measure it is narrowed, letters and spaces.
    space = totalfit._space_width(body.fontName, body.fontSize)
    lines, _ = drawn(TotalFitParagraph(TEXT, scaled(body, 0.035)), width)
    for chars in lines.values():
        assert all(gap >= space * (1 - totalfit.SHRINK) - 0.01 for gap in spaces(chars))


def test_letters_are_never_scaled_when_the_style_says_zero_nor_in_a_line_holding_a_link(body):
    """ReportLab places a link's box and underline at the letters' own widths: the line that holds it keeps
    them. The paragraph's other lines may scale theirs (with no line scaled, a paragraph with a link in three
    columns of Russian was set with one-word lines far short of the measure)."""
    assert drawn(TotalFitParagraph(TEXT, scaled(body, 0.0)), 240.9)[1] == []
    linked = TotalFitParagraph(
        TEXT.replace("monitors", '<a href="https://example.org" underline="1">monitors</a>'), scaled(body, 0.035)
    )
    linked.wrap(240.9, 10_000)
    scale, by_line = 100.0, {}
    for line in linked.blPara.lines:  # the scale holds from the line that sets it (a callback frag) on
        for frag in line.words:
            if getattr(getattr(frag, "cbDefn", None), "name", "") == totalfit.SCALE_CALLBACK:
                scale = float(frag.cbDefn.label)
        by_line["".join(getattr(f, "text", "") or "" for f in line.words)] = scale
    (holding,) = [line for line in by_line if "monitors" in line]
    assert by_line[holding] == 100.0
    assert any(scale != 100.0 for line, scale in by_line.items() if line != holding)


def test_scaling_letters_saves_hyphens_and_loose_lines(body):
    space = totalfit._space_width(body.fontName, body.fontSize)
    hyphens, loose = [], []
    for share in (0.0, 0.035):
        lines, _ = drawn(TotalFitParagraph(TEXT * 3, scaled(body, share)), 200)
        ends = [chars[-1].get_text() for chars in lines.values() if chars]
        hyphens.append(sum(end in (SOFT_HYPHEN, "-") for end in ends))
        gaps = [sum(gap) / len(gap) / space for chars in lines.values() if (gap := spaces(chars))]
        loose.append(sum(g > 2 for g in gaps))
    assert hyphens[1] < hyphens[0]
    assert loose[1] <= loose[0]


LONG_WORDS = [
    *("caspian", "parliament", "ministry", "corridor", "election", "agreement", "observers", "commission"),
    *("delegation", "cooperation", "representatives", "negotiations", "international", "transit"),
    *("sovereignty", "energy", "turnout", "of", "and", "a", "in", "on", "the"),
]


@pytest.mark.parametrize("width", [150.0, 205.0, 240.9])
def test_never_more_than_two_hyphenated_lines_in_a_row(body, width):
    """However long the words and narrow the measure: with mostly long words, a narrow column is cheapest
    with ladders of hyphens, and the third in a row is refused outright, not only weighed."""
    rng = random.Random(width)
    for _ in range(40):
        text = " ".join(rng.choice(LONG_WORDS) for _ in range(rng.randint(20, 80)))
        paragraph = TotalFitParagraph(text, body)
        paragraph.wrap(width, 100_000)
        ladder = run = 0
        for line in texts(paragraph):
            run = run + 1 if line.rstrip().endswith((SOFT_HYPHEN, "-")) else 0
            ladder = max(ladder, run)
        assert ladder <= 2, text


def test_a_line_ending_in_a_words_own_hyphen_counts_in_a_ladder(aircenter):
    """A German editor's trial: "…investie-" / "ren: … Industrie-" / "und Handelskammer … Ingenieu-", three
    lines in a row ending in a hyphen, the middle one a suspended compound's ("Industrie- und"), which the
    breaker did not count as hyphenated."""
    german = build_styles(aircenter, register_roles(aircenter), Palette.of(aircenter), "de").body
    text = (
        "Drittens sollten deutsche Hochschulen und Unternehmen in die Ausbildung von Fachkräften in "
        "Aserbaidschan investieren: Die Deutsch-Aserbaidschanische Industrie- und Handelskammer beziffert den "
        "Bedarf an Ingenieurinnen und Ingenieuren für Offshore-Windparks auf mehrere Tausend bis 2030. "
    ) * 3
    ladders = []
    for width in range(200, 300, 3):
        paragraph = TotalFitParagraph(text, german)
        paragraph.wrap(float(width), 10_000)
        ladder = run = 0
        for line in texts(paragraph):
            run = run + 1 if line.rstrip().endswith((SOFT_HYPHEN, "-")) else 0
            ladder = max(ladder, run)
        ladders.append(ladder)
    assert max(ladders) <= totalfit.LADDER, ladders


BROKEN = f"{TEXT}<br/>Letters to the editor would go to:<br/>1 Example Street<br/>{TEXT}"


def test_a_hard_break_ends_a_run_of_lines_set_at_its_natural_width(body):
    paragraph = TotalFitParagraph(BROKEN, body)
    lines, _ = drawn(paragraph, 240.9)
    assert paragraph._plan is not None  # broken by total fit, not by ReportLab
    broken = [line.lineBreak for line in paragraph.blPara.lines]
    assert broken.count(True) == 3
    texts_ = ["".join(c.get_text() for c in chars) for chars in lines.values()]
    assert "Letters to the editor would go to:" in texts_ and "1 Example Street" in texts_
    for (_, chars), hard in zip(lines.items(), broken):
        if hard:  # the line before a hard break, ragged
            assert chars[-1].x1 < 240.9 - 5, "".join(c.get_text() for c in chars)
    ends = [chars[-1].x1 for (_, chars), hard in zip(list(lines.items())[:-1], broken) if not hard]
    assert len(ends) > 10 and all(abs(end - 240.9) < 0.05 for end in ends)  # the others justified flush
    assert " ".join(texts(paragraph)).replace(SOFT_HYPHEN + " ", "").split() == BROKEN.replace("<br/>", " ").split()


def test_a_page_does_not_turn_in_the_middle_of_a_word_after_a_hard_break(body):
    whole = TotalFitParagraph(BROKEN, body)
    whole.wrap(240.9, 10_000)
    lines = texts(whole)
    after = lines.index("1 Example Street")  # a line of the second run, ending in a break hyphen
    n = next(i + 1 for i, line in enumerate(lines[after + 1 : -1], after + 1) if line.endswith(SOFT_HYPHEN))
    paragraph = TotalFitParagraph(BROKEN, body)
    paragraph.wrap(240.9, 10_000)
    paragraph._frame = SimpleNamespace(turns_page=True)
    head, rest = paragraph.split(240.9, body.leading * n)
    head.wrap(240.9, 10_000)
    rest.wrap(240.9, 10_000)
    assert len(texts(head)) == n and not texts(head)[-1].endswith((SOFT_HYPHEN, "-"))
    assert texts(head)[: after + 1] == lines[: after + 1]  # the runs before it are broken as they were
    words = " ".join(texts(head) + texts(rest)).replace(SOFT_HYPHEN + " ", "").split()
    assert words == BROKEN.replace("<br/>", " ").split()


def test_a_word_wider_than_the_line_with_no_hyphen_or_slash_is_cut_between_letters_by_this_breaker(body):
    paragraph = TotalFitParagraph("a " + "x" * 200 + " b", body)
    paragraph.wrap(100, 10_000)
    assert paragraph._plan is not None and len(paragraph.blPara.lines) > 2
    for line in paragraph.blPara.lines:  # only a line's spaces shrink: the pieces fit as they are
        assert line.extraSpace >= -(line.wordCount - 1) * totalfit.SHRINK * 2.6 - 1e-9
    assert "".join(texts(paragraph)).replace(" ", "") == "a" + "x" * 200 + "b"


ADDRESSES = (
    "Recordings are posted at https://www.marloweinstitute.org.uk/events/archive/2025/recordingsandtranscripts "
    "as plain text; write to research.enquiries.department@marlowe-institute.org.uk or see "
    "www.example.org/a-very-long-path-segment-with-many-hyphens-in-it-for-testing?page=2&lang=en today."
)


@pytest.mark.parametrize("width", [100.0, 140.0, 180.0, 240.9])
def test_a_web_address_breaks_before_its_slashes_and_dots_and_never_overflows(body, width):
    """ReportLab broke an address once, after its "//", and set the rest past the column."""
    paragraph = TotalFitParagraph(html.escape(ADDRESSES), body)  # the markup the renderer writes
    paragraph.wrap(width, 10_000)
    assert paragraph._plan is not None
    lines = texts(paragraph)
    for line in paragraph.blPara.lines:
        # wordCount is one more than the line's spaces (none between an address's pieces)
        assert line.extraSpace >= -(line.wordCount - 1) * totalfit.SHRINK * 2.6 - 1e-9
    assert "".join(lines).replace(" ", "") == ADDRESSES.replace(" ", "")  # no hyphen added
    ends = [line.split()[-1] for line in lines[:-1]]
    opening = [
        end for end in ends if end.endswith((".", "-", "@", "?", "=")) or end.endswith("/") != end.endswith("//")
    ]
    assert not opening  # a dot, hyphen or single slash opens the next line; "https://" may end one
    assert any("/" in end or "." in end[:-1] for end in ends)  # some line ends inside an address


def test_words_kept_together_by_a_no_break_space_each_break_as_a_word_would():
    """A Russian word after a one-letter preposition ("и\u00a0журналистов", kept together so that "и"
    never ends a line) was never hyphenated: lines around it were set at up to 12 times a space."""
    russian = hyphenator("ru")
    places = [at for at, hyphen, _ in totalfit._places("и\u00a0журналистов,", russian) if hyphen]
    alone = [at + 2 for at, _, _ in totalfit._places("журналистов,", russian)]
    assert places and places == alone  # inside the word, as it breaks alone; never after "и"
    assert totalfit._places("2024\u00a0г.", russian) == ()  # a figure and its unit: nothing to hyphenate


@pytest.mark.parametrize(
    "quoted",
    [
        "\u201eEnergiepartnerschaften\u201c",  # German „…“: closed by English's opening mark
        "\u201aEnergiepartnerschaften\u2018",  # German single ‚…‘
        "\xabEnergiepartnerschaften\xbb",  # French, Swiss
        "\xbbEnergiepartnerschaften\xab",  # German guillemets
        "\u201dEnergiepartnerschaften\u201d",  # Swedish, Finnish
        "\u201cEnergiepartnerschaften\u201d,",
        "Energiepartnerschaften\u2026",
    ],
)
def test_a_quoted_word_breaks_as_it_would_unquoted(quoted):
    """A word in German quotation marks was never hyphenated (its closing mark was taken for part of it):
    lines around a quoted compound were set at up to 11.7 times a space."""
    german = hyphenator("de")
    bare = [at for at, _, _ in totalfit._places("Energiepartnerschaften", german)]
    offset = 1 if not quoted[0].isalpha() else 0
    assert bare and [at - offset for at, _, _ in totalfit._places(quoted, german)] == bare


def test_a_hyphen_between_digits_is_no_place_to_break_a_compound_is():
    """A phone number (596-82-41) or a range (2024-2025) is not parted at its hyphens; a compound is."""
    assert totalfit._places("596-82-41.", None) == ()
    assert totalfit._places("2024-2025", None) == ()
    assert [at for at, _, _ in totalfit._places("state-of-the-art", None)] == [6, 9, 13]


def test_a_compound_breaks_at_its_hyphen_only_leaving_the_letters_any_break_leaves():
    """ "SOCAR-" / "ın" parted a name from its Azerbaijani case ending (an Azerbaijani editor's trial); a
    break at a hyphen leaves two characters before it and three after, as a hyphenated break does."""
    assert totalfit._places("SOCAR-ın", None) == ()
    assert totalfit._places("e-mail", None) == ()
    assert [at for at, _, _ in totalfit._places("co-operation", None)] == [3]
    assert [at for at, _, _ in totalfit._places("(Russia-Ukraine),", None)] == [8]


def test_an_abbreviation_or_a_figure_keeps_its_ending_at_a_line_end():
    """A multilingual editor's trial: "MDB-" / "nin" and "NATO-" / "nun" parted Azerbaijani abbreviations
    from their case endings, which an ending of three letters or more still allowed. An ending of a few small
    letters after capitals or digits stays; a longer word or one after a word in small letters still breaks."""
    for word in ("MDB-nin", "NATO-nun", "BMT-dən", "2030-dək", "ATƏT-ların", "US-led"):
        assert totalfit._places(word, None) == (), word
    assert [at for at, _, _ in totalfit._places("COVID-related", None)] == [6]
    assert [at for at, _, _ in totalfit._places("Baku-nun", None)] == [5]


@pytest.fixture(scope="module")
def quote(aircenter):
    """A block quote's style: ragged right (TA_LEFT), hyphenated as the body is."""
    return build_styles(aircenter, register_roles(aircenter), Palette.of(aircenter), "en").quote


def lines_drawn(paragraph: Paragraph, width: float) -> list[list[LTChar]]:
    return list(drawn(paragraph, width)[0].values())


@pytest.mark.parametrize("width", [161.0, 205.0, 236.0, 269.0, 299.0])
def test_ragged_lines_never_exceed_the_measure_and_are_not_justified(quote, width):
    """A quote's lines start at the margin with their spaces at the font's own width and letters unscaled
    (first-fit squeezed the spaces of a line up to 1.2 pt too long for the measure), and none ends past
    the measure; every line but the last fills it to within the rag a line may end short by (RAG of it)."""
    space = stringWidth(" ", quote.fontName, quote.fontSize)
    lines, scales = drawn(TotalFitParagraph(TEXT, quote), width)
    assert scales == []  # no line's letters are scaled
    for chars in lines.values():
        assert min(c.x0 for c in chars) < 0.5  # flush left
        assert max(c.x1 for c in chars) <= width + 0.05
        assert all(abs(gap - space) < 0.05 for gap in spaces(chars))
    for chars in list(lines.values())[:-1]:
        assert max(c.x1 for c in chars) >= width * (1 - totalfit.RAG) - 0.05
    text = "".join(c.get_text() for chars in lines.values() for c in chars)
    assert text.replace(SOFT_HYPHEN, "").replace(" ", "") == TEXT.replace(" ", "")


def ladder(lines: list[str]) -> int:
    longest = run = 0
    for line in lines:
        run = run + 1 if line.rstrip().endswith((SOFT_HYPHEN, "-")) else 0
        longest = max(longest, run)
    return longest


@pytest.mark.parametrize("width", [150.0, 205.0, 240.9])
def test_ragged_text_never_has_more_than_two_hyphenated_lines_in_a_row(quote, width):
    """Ragged text of long words in a narrow column: first-fit hyphenated every word that overflowed, in
    ladders of three and four (a trial bulletin's quotes: "geno-" / "na-" / "vic-")."""
    rng = random.Random(width)
    for _ in range(40):
        text = " ".join(rng.choice(LONG_WORDS) for _ in range(rng.randint(20, 80)))
        paragraph = TotalFitParagraph(text, quote)
        paragraph.wrap(width, 100_000)
        assert ladder(texts(paragraph)) <= 2, text


@pytest.mark.parametrize("width", [205.0, 229.9, 300.0, 459.6])
def test_ragged_text_is_hyphenated_far_less_than_first_fit(quote, width):
    """Each line may end short by up to a sixth of the measure, so a line is hyphenated only where a long
    word would leave more than that: a trial bulletin's quotes had 29.7 % of their lines hyphenated first-fit,
    5.7 % so. Here, at the measures of the styles' quotes and near them, at most a tenth of the lines, and
    under a third of first-fit's hyphens. (In a column of 150 pt, 15 letters, a sixth is too little room
    for this text's long words: 21 % of its lines are hyphenated, first-fit's 31 %.)"""
    rng = random.Random(width)
    sentences = re.split("(?<=[.]) ", TEXT)
    ours = greedy = lines = 0
    for _ in range(20):
        text = " ".join(rng.sample(sentences, 4))
        paragraph = TotalFitParagraph(text, quote)
        paragraph.wrap(width, 100_000)
        first_fit = SoftHyphenParagraph(text, quote)
        first_fit.wrap(width, 100_000)
        ours += hyphenated(texts(paragraph))
        greedy += hyphenated(texts(first_fit))
        lines += len(texts(paragraph))
    assert ours <= 0.10 * lines and ours < greedy / 3, (ours, greedy, lines)


def test_ragged_text_keeps_its_hard_breaks_and_cuts_an_address_no_line_holds(quote):
    """A hard line break ends a ragged run as it ends a justified one, and an address wider than the line is
    cut before its slashes and dots, no line past the measure."""
    address = "https://www.ure.gov.pl/en/communication/news/12345,Tariff-decision-for-the-Baltic-Adriatic.html"
    paragraph = TotalFitParagraph(f"The tariff decision is published at {address}<br/>1 Example Street, Baku", quote)
    lines = lines_drawn(paragraph, 205.0)
    assert paragraph._plan is not None
    assert all(max(c.x1 for c in chars) <= 205.0 + 0.05 for chars in lines)
    drawn_text = ["".join(c.get_text() for c in chars) for chars in lines]
    assert drawn_text[-1] == "1 Example Street, Baku" and drawn_text[-2].endswith(".html")
    assert drawn_text[0].endswith("https://") and "".join(drawn_text[1:-1]) == address.removeprefix("https://")


def columns_at(text: str, style: ParagraphStyle, width: float, lines: int) -> tuple[Paragraph, Paragraph]:
    """The two parts of a paragraph split after `lines` lines, each wrapped."""
    paragraph = TotalFitParagraph(text, style)
    paragraph.wrap(width, 10_000)
    head, rest = paragraph.split(width, style.leading * lines)
    head.wrap(width, 10_000)
    rest.wrap(width, 10_000)
    return head, rest


def test_a_ragged_paragraph_split_between_columns_keeps_the_lines_of_the_whole(quote):
    """As a justified one: each part's lines are the whole's, set ragged; and where the page turns, the
    paragraph is broken again so that its last line there ends after a whole word."""
    text = " ".join([TEXT] * 2)
    whole = TotalFitParagraph(text, quote)
    whole.wrap(150.0, 10_000)
    lines = texts(whole)
    assert whole._plan is not None
    head, rest = columns_at(text, quote, 150.0, 6)
    assert texts(head) + texts(rest) == lines
    assert all(line.extraSpace > 0 for part in (head, rest) for line in part.blPara.lines)  # not justified
    assert_no_page_turn_in_a_word(text, quote, 150.0)


def test_the_rest_of_a_ragged_paragraph_split_again_where_the_page_turns_keeps_its_words(quote):
    """A quote over three columns, the page turning after the second: its rest keeps the whole's lines (it
    cannot be broken again from them) and ends its column early, after a whole word, or goes on whole.
    Broken again first-fit without hyphens, as ReportLab-broken ragged text is, it lost the plan it was
    set by and failed (an IndexError in build_lines)."""
    text = " ".join([TEXT] * 3)
    whole = TotalFitParagraph(text, quote)
    whole.wrap(150.0, 10_000)
    lines = texts(whole)
    for n in [i - 4 for i, line in enumerate(lines) if 6 <= i < len(lines) - 2 and line.endswith(SOFT_HYPHEN)]:
        head, rest = columns_at(text, quote, 150.0, 5)
        rest._frame = SimpleNamespace(turns_page=True)  # the page's last column, as layout.Column says
        parts = [part for part in rest.split(150.0, quote.leading * n) if isinstance(part, Paragraph)] or [rest]
        assert not texts(parts[0])[-1].endswith((SOFT_HYPHEN, "-")) or len(parts) == 1
        for part in parts:
            part.wrap(150.0, 10_000)
        words = " ".join(texts(head) + [line for part in parts for line in texts(part)])
        assert words.replace(SOFT_HYPHEN + " ", "").split() == text.split()


@pytest.mark.parametrize("name", ["aircenter", "plain"])
def test_block_quotes_meet_the_line_targets(name, request, tmp_path):
    """The quotes stress bulletin's block quotes, read back from the PDF: at most a tenth of their lines
    hyphenated (first-fit: 16.7 % in two columns, 17.3 % in one), never three in a row."""
    style = request.getfixturevalue(name)
    bulletin = briefexport.load(ROOT / "tests/fixtures/layout/quotes.md")
    path = tmp_path / "quotes.pdf"
    path.write_bytes(PdfRenderer().render(bulletin, style))
    layout = pdflayout.layout(path, style, bulletin.metadata.language, bulletin)
    quoted = [line for line in layout.lines if line.role == "quote"]
    assert len(quoted) > 100
    assert hyphenated([line.text for line in quoted]) <= 0.10 * len(quoted)
    for segment in layout.segments:
        assert ladder([line.text for line in segment if line.role == "quote"]) <= 2


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


# The bulletins written in prose; tests/fixtures/layout/lists.md, whose words come from a small vocabulary
# of long ones, does not meet the targets (see the README).
PROSE = [
    "source/2024-02.md",
    *(f"tests/fixtures/layout/{n}.md" for n in ("second-issue", "quotes", "wide-tables", "short-sections")),
]


@pytest.mark.parametrize("source", PROSE)
@pytest.mark.parametrize("name", ["aircenter", "plain"])
def test_prose_meets_the_line_targets_in_both_styles(source, name, request):
    style = request.getfixturevalue(name)
    stats = _lines_script().measure(PdfRenderer().render(briefexport.load(ROOT / source), style), style)
    assert stats.hyphenated <= 0.10 * stats.lines
    assert stats.ladder <= 2
    assert stats.loose <= 0.01 * stats.lines


# A multilingual publisher's trial issues: German, Russian and Azerbaijani prose, whose long words two columns
# of 85 mm hyphenate more often than the targets allow (see the README); one column meets them.
LONG_WORDED = [f"tests/fixtures/layout/{n}.md" for n in ("german", "russian", "azerbaijani")]


@pytest.mark.parametrize("source", LONG_WORDED)
@pytest.mark.parametrize("name", ["aircenter", "plain"])
def test_prose_of_long_words_keeps_its_ladders_and_meets_the_targets_in_one_column(source, name, request):
    style = request.getfixturevalue(name)
    stats = _lines_script().measure(PdfRenderer().render(briefexport.load(ROOT / source), style), style)
    assert stats.ladder <= 2
    if style.page.columns == 1:  # (a loose line or two, of some 50 to 70: German's has one, at 2.03 times)
        assert stats.hyphenated <= 0.10 * stats.lines
        assert stats.loose <= 2 and stats.worst < 2.5


def test_a_paragraph_that_fits_without_hyphens_is_broken_without_hyphenating(body):
    """As TeX's first pass: lines ending after whole words are tried first, and taken if all fit."""
    words: list[str] = []
    english = hyphenator("en")

    def hyphenate(word: str) -> tuple[tuple[str, str], ...]:
        words.append(word)
        return english(word)

    style = ParagraphStyle("recorded", parent=body, hyphenationLang=hyphenate)
    wide = TotalFitParagraph(TEXT, style)
    wide.wrap(470.0, 10_000)  # a one-column measure
    assert wide._plan is not None and words == [] and hyphenated(texts(wide)) == 0
    narrow = TotalFitParagraph(TEXT, style)
    narrow.wrap(150.0, 10_000)  # too narrow for these words without a hyphen
    assert narrow._plan is not None and words and hyphenated(texts(narrow)) > 0


def test_a_line_too_long_before_a_hard_break_is_shrunk_to_its_width(body):
    """The line before a hard break is set at its natural width, unless that is wider than the line:
    then its spaces shrink as any line's do, and it ends at the column's edge, not past it."""
    sentence = "Specimen Press is no more real than its reading room."
    natural = body.firstLineIndent + stringWidth(sentence, body.fontName, body.fontSize)
    shrunk = 0
    for width in [natural * (1 - step / 400) for step in range(1, 12)]:
        lines, _ = drawn(TotalFitParagraph(f"{sentence}<br/>1 Example Street", body), width)
        first = next(iter(lines.values()))
        if "".join(c.get_text() for c in first).endswith("room."):  # kept on one line, its spaces shrunk
            shrunk += 1
            assert first[-1].x1 <= width + 0.05, width
    assert shrunk >= 3


def test_a_page_turns_after_a_whole_word_when_the_paragraph_broken_again_leaves_a_widow(flagship, tmp_path):
    """Broken again so that the page turns after a whole word, a paragraph may leave one line for the
    next page; ReportLab then gives that widow company with the line before, which must end a word too.
    (The flagship in one column of 18 pt text, where a random style found it: "the resolu-" at a page's
    foot.)"""
    plain = load_style("plain")
    page = dataclasses.replace(plain.page, margin_top=41.8, gutter=7.3)
    sizes = dataclasses.replace(plain.sizes, body=18, leading=30, subtitle=35.8, quote=17.8, caption=15.6, furniture=10)
    style = plain.replace(page=page, sizes=dataclasses.replace(sizes, wordmark=60))
    path = tmp_path / "edition.pdf"
    path.write_bytes(briefexport.render(flagship, "pdf", style=style))
    assert [p for p in pdflayout.problems(path, flagship, style) if "middle of a word" in p] == []


def test_the_last_word_is_hyphenated_rather_than_a_line_set_far_too_loose(aircenter):
    """A Russian list item set "взаимное      признание      территориальной" over "целостности;": the
    paragraph's last word was never broken, and every other way of setting it was looser still."""
    body = build_styles(aircenter, register_roles(aircenter), Palette.of(aircenter), "ru").body
    paragraph = TotalFitParagraph("взаимное признание территориальной целостности;", body)
    paragraph.wrap(227.14, 10_000)
    assert texts(paragraph) == [f"взаимное признание территориальной це{SOFT_HYPHEN}", "лостности;"]
    roomy = TotalFitParagraph("взаимное признание территориальной целостности;", body)
    roomy.wrap(300.0, 10_000)
    assert texts(roomy) == ["взаимное признание территориальной целостности;"]  # whole when it fits


def test_no_line_starts_with_a_space_where_a_run_ends_in_one_before_another(tmp_path, monkeypatch):
    """A French line began with a space and ran 1.8 pt past its column (trial, a three-column brand style):
    ReportLab makes an empty word where a run ends in a space ("… Le " before the italic "règlement …"),
    and one set at a line's start drew that space."""
    shutil.copy(ROOT / "tests" / "fixtures" / "minimal" / "publisher.yaml", tmp_path)
    (tmp_path / "three.toml").write_text(
        'name = "three"\nlabel = "T"\nextends = "aircenter"\n[page]\ncolumns = 3\ngutter = 5\n'
        "margin_inner = 15\nmargin_outer = 15\n[sizes]\nbody = 8.8\nleading = 12\nheading = 12.5\nquote = 8.8\n"
        "pull_quote = 11.5\ncaption = 8.5\ntable = 7.8\n",
        encoding="utf-8",
    )
    source = tmp_path / "b.md"
    source.write_text(
        "---\ntitle: T\nissue: I\ndate: 2024-03-29\nlanguage: fr\nstyle: aircenter\npublisher: publisher.yaml\n---\n\n"
        "# Section\n\nPour les matières premières critiques, la dépendance reste forte. Plus de 90 % des\n"
        "importations de terres rares proviennent de Chine ; pour le gallium et le germanium,\n"
        "dont Pékin soumet l'exportation à autorisation depuis août 2023, la situation est\n"
        "comparable. Le *règlement européen sur les matières premières critiques* fixe comme\n"
        "objectif de ne pas tirer plus de 65 % d'une matière stratégique d'un seul pays tiers\nd'ici 2030.\n",
        encoding="utf-8",
    )
    starts: list[str] = []
    draw = TotalFitParagraph.drawPara

    def drawn(paragraph: TotalFitParagraph, debug: int = 0) -> None:
        for line in paragraph.blPara.lines:  # each line's text, as drawn
            starts.append("".join(getattr(f, "text", "") for f in getattr(line, "words", ())))
        draw(paragraph, debug)

    monkeypatch.setattr(TotalFitParagraph, "drawPara", drawn)
    briefexport.render(briefexport.load(source), "pdf", load_style(tmp_path / "three.toml"))
    assert any(start.lstrip().startswith("règlement") for start in starts)  # the run opens a line, as in the trial
    assert not [start for start in starts if start.startswith(" ")]


LONG = (
    "Alpha beta gamma 12345,Tariff-decision-for-the-Baltic-Adriatic-interconnector-2027-entry-and-exit-points "
    "and decision/for/the/Baltic/Adriatic/interconnector/2027/entry/and/exit/points/and/more, then "
    "https://www.ure.gov.pl/en/communication/news/12345,Tariff-decision-for-the-Baltic-Adriatic-interconnector-"
    "2027-entry-and-exit-points.html in full, with a footnote.<super>1</super>"
)


@pytest.mark.parametrize("width", [160.0, 200.0, 240.9])
def test_words_no_line_holds_break_at_their_hyphens_and_slashes_and_lines_end_at_the_margin(body, width):
    """A new editor's long compound and URL: the breaker gave up on the paragraph and ReportLab broke the
    words between letters ("Ba" / "ltic") and set the address's pieces far past the column's edge."""
    paragraph = TotalFitParagraph(LONG, body)
    lines, _ = drawn(paragraph, width)
    assert paragraph._plan is not None  # broken by the total-fit breaker, not left to ReportLab
    texts = ["".join(c.get_text() for c in chars).strip() for chars in lines.values()]
    words = re.sub("<[^>]+>", "", LONG).split()
    for text, after in itertools.pairwise(texts):
        joined = text.split()[-1] + after.split()[0]
        if any(joined in word for word in words):  # a line ending inside a word: after a hyphen or a slash,
            assert text.endswith(("-", "/")) or after.startswith(("/", ".", "-")), (text, after)  # or an address's
    for chars in lines.values():
        assert max(c.x1 for c in chars) <= width + 0.05


@pytest.mark.parametrize(("alignment", "hyphenated"), [(0, True), (0, False), (4, False)])
def test_a_ragged_paragraph_splits_a_word_wider_than_its_lines_rather_than_overflow(body, alignment, hyphenated):
    """A footnote's address: ReportLab split it once, at a slash, and left the rest 138 pt past the column; in
    a language pyphen has no patterns for (az, tr), justified text too, which the total-fit breaker leaves."""
    ragged = ParagraphStyle("ragged", parent=body, alignment=alignment)
    if not hyphenated:
        ragged.hyphenationLang = ""
    text = "1 Note: https://www.ure.gov.pl/en/communication/news/12345,Tariff-decision-for-the-Baltic-Adriatic-"
    text += "interconnector-2027-entry-and-exit-points.html end."
    lines, _ = drawn(SoftHyphenParagraph(text, ragged), 240.9)
    assert all(max(c.x1 for c in chars) <= 240.9 + 0.05 for chars in lines.values())
    assert "".join(c.get_text() for chars in lines.values() for c in chars).replace(" ", "") == text.replace(" ", "")


def test_a_compound_wider_than_the_line_breaks_at_its_hyphen_and_its_parts_stay_whole(aircenter):
    """Cut at its own hyphen, "…verband-Stellungnahme" (wider than a German column) had its second part
    hyphenated as well: "die Verbraucherzentralenbundesverband-Stellung-" / "nahme"."""
    german = build_styles(aircenter, register_roles(aircenter), Palette.of(aircenter), "de").body
    text = (
        "Die Energieversorgungsunternehmen kritisieren den Entwurf als Wettbewerbsverzerrung; die "
        "Verbraucherzentralenbundesverband-Stellungnahme fordert dagegen eine noch stärkere Entlastung."
    )
    paragraph = TotalFitParagraph(text, german)
    paragraph.wrap(240.9, 10_000)
    assert paragraph._plan is not None
    lines = texts(paragraph)
    assert not any("Stellung" in line and line.endswith(SOFT_HYPHEN) for line in lines), lines
    assert any(line.endswith("Verbraucherzentralenbundesverband-") for line in lines), lines


def test_the_line_before_a_word_no_line_holds_is_filled_by_its_first_letters_not_stretched(body):
    """A 78-letter word was cut in pieces as wide as a line: "Alpha beta gamma" was left alone on its line,
    its spaces ten times their width."""
    space = totalfit._space_width(body.fontName, body.fontSize)
    word = "Pneumonoultramicroscopicsilicovolcanoconiosisandsupercalifragilisticexpialidocious"
    lines, _ = drawn(TotalFitParagraph(f"Alpha beta gamma {word} end of it all.", body), 240.9)
    first = [c for c in next(iter(lines.values())) if c.get_text().strip()]
    assert "".join(c.get_text() for c in first).startswith("Alphabetagamma" + word[:5])
    assert max(spaces(next(iter(lines.values())))) <= 2 * space


@pytest.mark.parametrize("width", [160.0, 200.0, 240.9])
def test_a_word_wider_than_the_line_is_hyphenated_where_its_language_allows(aircenter, width):
    """A 63-letter German compound was cut where a line was full, mid-syllable and with no hyphen
    ("…überwachungsaufgab" / "enübertragungsgesetz"): it read, copied and searched as two words. It ends
    its lines where pyphen may hyphenate it, with a hyphen drawn, and reads back as one word."""
    german = build_styles(aircenter, register_roles(aircenter), Palette.of(aircenter), "de").body
    word = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz"
    paragraph = TotalFitParagraph(f"Das {word} wurde 2013 aufgehoben, wie der Bundestag beschloss.", german)
    lines, _ = drawn(paragraph, width)
    assert all(max(c.x1 for c in chars) <= width + 0.05 for chars in lines.values())
    texts_drawn = texts(paragraph)  # (pdfminer may read a loose line's last word first: ReportLab's lines)
    assert sum(text.count(SOFT_HYPHEN) for text in texts_drawn) == sum(
        1 for chars in lines.values() if chars[-1].get_text() == SOFT_HYPHEN
    )  # each line's hyphen is drawn, as U+00AD in the text layer
    places = {len(head) for head, _ in hyphenator("de")(word)}  # type: ignore[misc]
    joined, cut = "", []
    for line in texts_drawn:
        if line.endswith(SOFT_HYPHEN):  # a word goes on on the next line
            joined += line[:-1]
            cut.append(len(joined) - joined.index("Rindfleisch"))  # (later words' breaks: past its end)
        else:
            joined += line + " "
    assert word in joined.split(), texts_drawn  # one word, read back
    inside = [at for at in cut if at < len(word)]
    assert inside and set(inside) <= places, (cut, texts_drawn)  # each line's end in it a place pyphen allows


def test_a_line_ending_in_a_long_words_piece_counts_as_hyphenated(aircenter):
    """A review: a line that ended after a piece of an over-long word (with its hyphen) reset the count of
    hyphenated lines in a row, so that three stood one under another (LADDER is 2), and a line after which
    the page turns could end in one. (A line that ends inside a word wider than the column cannot but end
    in a hyphen: it neither counts nor ends a ladder. Every compound of this text is wider than 100 pt.)"""
    german = build_styles(aircenter, register_roles(aircenter), Palette.of(aircenter), "de").body
    word = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz"
    text = (
        f"Das {word} wurde aufgehoben; Bundestagsabgeordnete Verfassungsbeschwerden Zuständigkeitsbereiche "
        "Entschädigungsleistungen Verwaltungsvorschriften Bundesverfassungsgericht beschlossen."
    )
    for width in range(100, 260, 4):
        paragraph = TotalFitParagraph(text, german)
        paragraph.wrap(float(width), 10_000)
        ladder = longest = 0
        lines = texts(paragraph)
        for line, after in zip(lines, [*lines[1:], ""]):
            if not line.endswith((SOFT_HYPHEN, "-")):
                ladder = 0
                continue
            broken = line.split()[-1][:-1] + (after.split() or [""])[0].rstrip(SOFT_HYPHEN + "-")
            forced = any(broken in w and stringWidth(w, german.fontName, german.fontSize) > width for w in text.split())
            ladder += 0 if forced else 1
            longest = max(longest, ladder)
        assert longest <= totalfit.LADDER, (width, texts(paragraph))
    words = totalfit._words_of(TotalFitParagraph(text, german).frags, 240.0)
    for first in range(1, 4):  # the page may turn after line `first`: it ends after a whole word
        result = totalfit.total_fit(words, [240.0], german.hyphenationLang, whole_after=frozenset({first}))
        if result is not None:
            broken, starts = result
            ends = [broken[start - 1] for start in starts[1:]]
            assert not isinstance(ends[first - 1], totalfit.HyphenJoint), first


def test_a_span_in_a_language_with_no_hyphenation_is_not_hyphenated_as_the_bulletins_even_capitalised(aircenter):
    """A re-trial: a capitalised word of a {lang=ka} span (Georgian has no patterns) was hyphenated by German's,
    the bulletin's: a name is tried again in lower case, and that try fell back to the bulletin's language."""
    from briefexport.model import Run
    from briefexport.renderers.pdf.typography import in_language

    german = build_styles(aircenter, register_roles(aircenter), Palette.of(aircenter), "de").body
    word = "Kartulisprachwortverbindungen"
    runs = (Run("Ein Wort "), Run(word, lang="ka"), Run(" und Verbindungen."))
    hyphenate = in_language(german, runs, None, "de").hyphenationLang
    assert totalfit._word_places(word, hyphenate) == []
    assert totalfit._word_places("Verbindungen", hyphenate)  # the bulletin's own words still break


def test_a_compound_of_over_a_hundred_letters_is_still_a_word_to_hyphenate(aircenter):
    """A re-trial: a 101-letter German compound (three lines of a column) was cut between letters with no
    hyphen: words over 100 letters were taken for pasted blobs. The limit is 500."""
    german = build_styles(aircenter, register_roles(aircenter), Palette.of(aircenter), "de").body
    word = "Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnungsänderungsgesetzentwurfsbegründung"
    assert len(word) > 100
    assert totalfit._syllables(word, german.hyphenationLang)
    assert totalfit._syllables("x" * (totalfit.LONGEST_HYPHENATED + 1), german.hyphenationLang) == []
