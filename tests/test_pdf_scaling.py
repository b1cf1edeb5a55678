"""Long paragraphs and long tables in the print PDF (issue "Linear time").

ReportLab re-breaks all of a paragraph's remaining text at every column it splits it at, so one
paragraph of 16,000 words took 10.8 s and one of 64,000 over two minutes. A long paragraph is now
set a window of words at a time (flowables.LongParagraph): its time grows with its length, and
its pages are those ReportLab sets. So is a long table (below).
"""

from __future__ import annotations

import dataclasses
import gc
import io
import itertools
import random
import re
import shutil
import weakref
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table

import briefexport
from briefexport.model import LINE_BREAK, Block, Bulletin, Paragraph, Quote, Run, Runs, Section
from briefexport.renderers.pdf import PdfRenderer, flowables, tables
from briefexport.renderers.pdf.softhyphen import SoftHyphenParagraph
from briefexport.renderers.pdf.totalfit import TotalFitParagraph
from briefexport.styles import Style

from . import pdflayout
from .conftest import FIXTURES, best_cpu_times

WORDS = [
    *("the", "president", "said", "that", "elections", "would", "be", "held", "in", "April", "international"),
    *("relations", "analysis", "center", "bulletin", "government", "ministry", "cooperation", "energy"),
    *("Azerbaijan", "region", "security", "development", "agreement", "negotiations", "summit", "delegation"),
    *("parliament", "Xankəndi", "Şuşa", "Qarabağ", "observers", "turnout", "capacity"),
]


def text(count: int, seed: int = 1) -> str:
    """`count` words in sentences (the hyphenator gets long words to break)."""
    rnd = random.Random(seed)
    return " ".join(rnd.choice(WORDS) + ("." if i % 17 == 16 else "") for i in range(count))


def marked(count: int, seed: int = 1) -> Runs:
    """`count` words with emphasis, strong text and a link in the middle: ReportLab's several-font path."""
    words = text(count, seed)
    cut = words.index(" ", len(words) // 2)
    return (
        Run(words[:cut] + " "),
        Run("in emphasis", emphasis=True),
        Run(", "),
        Run("strong", strong=True),
        Run(" and "),
        Run("a link", url="https://example.org"),
        Run(words[cut:]),
    )


def with_section(bulletin: Bulletin, *blocks: Block) -> Bulletin:
    return dataclasses.replace(bulletin, sections=(*bulletin.sections, Section("A long section", blocks)))


def page_streams(data: bytes, places: int | None = None) -> list[bytes]:
    """Each page's content, with word spacing (Tw) rounded to `places` decimals when given, and "Tj  T*"
    read as "Tj T*": ReportLab writes the first where a line's text ends in an empty piece (as after a
    word marked by a split that was only measured), the second elsewhere; the page is the same."""
    streams = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            content = page.obj.Contents
            parts = content if isinstance(content, pikepdf.Array) else [content]
            stream = b"".join(part.read_bytes() for part in parts)
            if places is not None:
                stream = re.sub(rb"(-?\d*\.?\d+) Tw", lambda m: b"%.*f Tw" % (places, float(m[1])), stream)
                stream = re.sub(rb"Tj +T\*", b"Tj T*", stream)
            streams.append(stream)
    return streams


def first_fit(patch: pytest.MonkeyPatch) -> None:
    """Justified paragraphs broken first-fit by ReportLab, as LongParagraph breaks a long one, rather
    than the whole paragraph at a time (totalfit.py, for paragraphs up to LONG_PARAGRAPH_WORDS)."""
    patch.setattr(TotalFitParagraph, "breakLines", SoftHyphenParagraph.breakLines)


def no_page_turn_rule(patch: pytest.MonkeyPatch) -> None:
    """A paragraph's column splits where ReportLab's would, even in a word at a page's foot (tested on
    its own below and in test_flowables: a paragraph broken first-fit ends its column after a whole word)."""
    patch.setattr(SoftHyphenParagraph, "_split_after_whole_word", lambda self, width, height, parts: parts)


def as_reportlab_sets_it(monkeypatch: pytest.MonkeyPatch, render: Callable[[], bytes]) -> bytes:
    """What `render` gives with every paragraph left to ReportLab's own Paragraph."""
    with monkeypatch.context() as patch:
        patch.setattr(flowables, "LONG_PARAGRAPH_WORDS", 10**9)
        first_fit(patch)
        return render()


def by_hand(lines: int) -> Runs:
    """`lines` lines of one word, each ended by a hard line break: a paragraph with no space in it (of
    three words a line, its spaces alone made it a long one)."""
    return tuple(run for i in range(lines) for run in (Run(text(1, i)), Run(LINE_BREAK)))


def blob(letters: int) -> Runs:
    """One token of `letters` letters between two words (a pasted blob), which no line holds: the breaker
    cuts it between letters, once looking for an address in it at every letter."""
    return (Run(f"Alpha beta {'x' * letters} end."),)


@pytest.mark.parametrize(
    ("paragraph", "short"),
    [(marked, 16_000), (by_hand, 4_000), (blob, 8_000)],
    ids=["words", "lines broken by hand", "a token no line holds"],
)
def test_a_long_paragraph_is_set_in_time_linear_in_its_length(flagship, aircenter, paragraph, short):
    """A paragraph four times as long (64k words, or 16k lines broken by hand) takes less than four
    times as long.

    Set in the flagship: a linear layout of the paragraph alone takes 3.8-4.0 times as long for
    four times the words, too close to the bound for a timing test; with the 21 pages of the
    flagship around it, 3.4 (the quadratic one took over eleven times as long). CPU time, the
    best of three rounds, each rendering the short paragraph and then the long one with the
    collector held off: load on the machine falls on both lengths alike (timed one after the
    other, with the collector on, a clean-clone CI run under full load once measured the token
    4.4 times as long; on a quiet machine, 2.3-2.9 times). (A paragraph of
    lines broken by hand, with few spaces, was not taken for a long one: 8,000 lines took 9 s.)
    """
    short_one, long_one = (with_section(flagship, Paragraph(paragraph(words))) for words in (short, 4 * short))
    first, then = best_cpu_times(
        lambda: PdfRenderer().render(short_one, aircenter), lambda: PdfRenderer().render(long_one, aircenter)
    )
    assert then < 4 * first, f"{short:,}: {first:.2f} s, {4 * short:,}: {then:.2f} s ({then / first:.1f} times)"


def test_paragraphs_drawn_are_let_go_as_the_build_goes_on(flagship, aircenter, monkeypatch):
    """A bulletin of many sections keeps in memory, when its last page is saved, only the paragraphs
    still on their way: none of the pages set before. (A map of each section's unindented first
    paragraphs, kept to the end, held 297 of 1,902 in a 190-page bulletin; the collector sifted them
    again and again, and the render took a tenth longer.)"""
    made: list[weakref.ref[TotalFitParagraph]] = []
    alive: list[int] = []
    init, save = TotalFitParagraph.__init__, Canvas.save

    def made_one(self: TotalFitParagraph, *args: object, **kwargs: object) -> None:
        init(self, *args, **kwargs)  # type: ignore[arg-type]
        made.append(weakref.ref(self))

    def saved(self: Canvas) -> None:
        gc.collect()
        alive.append(sum(ref() is not None for ref in made))
        save(self)

    monkeypatch.setattr(TotalFitParagraph, "__init__", made_one)
    monkeypatch.setattr(Canvas, "save", saved)
    sections = flagship.sections * 4
    PdfRenderer().render(dataclasses.replace(flagship, sections=sections), aircenter)
    assert len(made) > 500
    assert alive[0] < 20, f"{alive[0]} of {len(made)} paragraphs still held when the PDF is saved"


@pytest.mark.parametrize("style_name", ["plain", "aircenter"])
def test_the_flagship_is_the_same_with_every_paragraph_set_a_window_at_a_time(
    flagship, plain, aircenter, style_name, monkeypatch
):
    """Every paragraph and quote of the flagship through LongParagraph: the same bytes as ReportLab's."""
    style = {"plain": plain, "aircenter": aircenter}[style_name]
    first_fit(monkeypatch)
    no_page_turn_rule(monkeypatch)
    expected = PdfRenderer().render(flagship, style)
    monkeypatch.setattr(flowables, "LONG_PARAGRAPH_WORDS", 5)
    assert PdfRenderer().render(flagship, style) == expected


LONG_BLOCKS = {
    "one font": [Paragraph((Run(text(3000)),))],
    "several fonts, after a paragraph": [Paragraph((Run(text(40, 2)),)), Paragraph(marked(3000))],
    "block quote": [Quote(paragraphs=(marked(2500),), attribution="Somebody")],
    "pull quote too tall to keep whole": [Quote(paragraphs=((Run(text(2500)),),), kind="pull")],
    "lines broken by hand": [Paragraph(by_hand(1200))],
}


@pytest.mark.parametrize("case", list(LONG_BLOCKS))
@pytest.mark.parametrize("style_name", ["plain", "aircenter"])
def test_a_long_paragraph_sets_the_lines_reportlab_sets(minimal, plain, aircenter, case, style_name, monkeypatch):
    """The pages of a paragraph of thousands of words are those of ReportLab's own Paragraph.

    Word spacing may differ in the sixth decimal of a point: ReportLab measures a word it had
    hyphenated 1e-8 pt narrower each time it breaks a text again, and it breaks a long paragraph's
    last column as many times as there are columns before it (LongParagraph.__doc__).
    """
    style: Style = {"plain": plain, "aircenter": aircenter}[style_name]
    bulletin = with_section(minimal, *LONG_BLOCKS[case])
    first_fit(monkeypatch)  # the bulletin's short paragraphs too, in both renders
    no_page_turn_rule(monkeypatch)

    def render() -> bytes:
        return PdfRenderer().render(bulletin, style)

    expected, got = as_reportlab_sets_it(monkeypatch, render), render()
    assert len(page_streams(got)) > 4  # several pages: the paragraph was split at several columns
    assert page_streams(got, places=4) == page_streams(expected, places=4)
    if case == "one font":  # ReportLab measures a word of a one-font paragraph again from its text
        assert page_streams(got) == page_streams(expected)


@pytest.mark.parametrize("seed", [3, 4])
@pytest.mark.parametrize("style_name", ["plain", "aircenter"])
def test_a_long_paragraph_turns_the_page_after_a_whole_word(minimal, plain, aircenter, style_name, seed, tmp_path):
    """A long paragraph is broken first-fit, and ReportLab ends a line in a hyphen wherever a word would
    not fit: at a page's foot the column gives up one or two lines, so that the page turns after a whole
    word, unless its last three lines all end in a hyphen (first-fit breaking has such runs)."""
    style: Style = {"plain": plain, "aircenter": aircenter}[style_name]
    bulletin = with_section(minimal, Paragraph((Run(text(6000, seed)),)))
    path = tmp_path / "long.pdf"
    path.write_bytes(PdfRenderer().render(bulletin, style))
    segments = pdflayout.layout(path, style).segments
    turns = [column for column, after in itertools.pairwise(segments) if after[0].page != column[-1].page]
    in_words = [column for column in turns if column[-1].text.endswith(("\u00ad", "-"))]
    assert len(turns) > 5
    assert all(line.text.endswith(("\u00ad", "-")) for column in in_words for line in column[-3:])


# Long tables (flowables.LongTable): ReportLab splits a Table by making another of every row still to
# come and measuring them again, so a table's time grew with the square of its rows (2,000 rows 1.3 s,
# 8,000 10 s, 16,000 35 s).


def long_table(folder: Path, rows: int, kind: str, style: str) -> Bulletin:
    """A bulletin of one section whose table has `rows` body rows: key figures in a column with a note
    and source under them ("column"), key figures too wide for a column ("wide"), or a plain table whose
    cells wrap ("plain"), one of them taller than a page ("tall")."""
    if kind in ("plain", "tall"):
        words = [2 + i % 11 for i in range(rows)]
        if kind == "tall":
            words[rows // 3] = 1_150  # taller than a page, within a cell's 10,000 characters
        lines = (f"| Name {i} | {text(n, i)} |" for i, n in enumerate(words))
        table = "| Name | Note |\n|---|---|\n" + "\n".join(lines)
    else:
        columns = 8 if kind == "wide" else 2
        lines = (
            f"| Item {i} | " + " | ".join(f"{(i + 1) * (c + 3):,}.{i % 7}" for c in range(columns)) + " |"
            for i in range(rows)
        )
        head = "| Item | " + " | ".join(str(2016 + c) for c in range(columns)) + " |"
        table = f"::: stats\nTable 1: figures\n\n{head}\n|{'---|' * (columns + 1)}\n" + "\n".join(lines)
        table += "\n\nNote: invented.\n\nSource: Somebody.\n:::"
    shutil.copy(FIXTURES / "minimal" / "publisher.yaml", folder)
    source = folder / "b.md"
    source.write_text(
        f"---\ntitle: T\nissue: One\ndate: 2024-03-31\nstyle: {style}\npublisher: publisher.yaml\n---\n\n"
        f"# A section\n\n{text(90)}\n\n{table}\n\n# Another\n\n{text(60, 2)}\n",
        encoding="utf-8",
    )
    return briefexport.load(source)


def tables_made(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on, the number of rows (the header's included) of each Table made."""
    made: list[int] = []
    init = Table.__init__

    def counted(self: Table, data: list[list[object]], *args: object, **kwargs: object) -> None:
        made.append(len(data))
        init(self, data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Table, "__init__", counted)
    return made


@pytest.mark.parametrize("kind", ["column", "wide", "plain"])
@pytest.mark.parametrize("style", ["aircenter", "plain"])
def test_a_table_of_many_rows_is_set_as_one_table_of_them_would_be(kind, style, tmp_path, monkeypatch):
    """Set a column's rows at a time, measured a block at a time, a long table gives the same PDF, to the
    byte, as the one Table ReportLab splits page after page (a short limit, so that a short table is a
    long one here and its blocks end mid-column)."""
    bulletin = long_table(tmp_path, 90, kind, style)
    with monkeypatch.context() as patch:
        patch.setattr(tables, "LONG_TABLE", 10**9)
        whole = briefexport.render(bulletin, "pdf")
    monkeypatch.setattr(tables, "LONG_TABLE", 20)
    monkeypatch.setattr(flowables, "MEASURED_ROWS", 7)
    made = tables_made(monkeypatch)
    assert briefexport.render(bulletin, "pdf") == whole
    assert max(made) < 1 + 90  # it was set in parts: no Table of its header row and all 90 rows


def test_a_long_table_is_set_in_work_linear_in_its_rows(tmp_path, monkeypatch):
    """Four times the rows, less than four and a half times the rows handed to ReportLab's tables (each
    of which it measures): 1,593 and 6,356, where one Table split page after page was handed 4,117 and
    54,928 (13 times)."""
    made = tables_made(monkeypatch)
    handed = []
    for rows in (500, 2_000):
        made.clear()
        (tmp_path / str(rows)).mkdir()
        briefexport.render(long_table(tmp_path / str(rows), rows, "column", "plain"), "pdf")
        handed.append(sum(made))
    assert handed[1] < 4.5 * handed[0], handed


def test_a_long_attributed_quotation_is_set_in_work_linear_in_its_length(flagship, aircenter, monkeypatch):
    """Four times the words, less than four and a half times the words handed to the windows of its long
    paragraph. A trial: a quote of 32,000 words with an attribution took 17 times as long as one of 8,000,
    the rest of the quotation set whole at each column only to learn that the attribution keeps two lines."""
    handed: list[int] = []
    window = flowables.LongParagraph._paragraph

    def counted(self: flowables.LongParagraph, units: list[object]) -> object:
        handed.append(len(units))
        return window(self, units)

    monkeypatch.setattr(flowables.LongParagraph, "_paragraph", counted)
    work = []
    for words in (4_000, 16_000):
        handed.clear()
        quote = Quote(paragraphs=((Run(text(words)),),), attribution="Somebody")
        PdfRenderer().render(with_section(flagship, quote), aircenter)
        work.append(sum(handed))
    assert work[1] < 4.5 * work[0], work


def test_a_long_table_with_a_row_taller_than_a_page_is_one_table_split_inside_that_row(tmp_path, monkeypatch):
    """ReportLab splits a row only inside a Table: such a long table is set as one, as before."""
    bulletin = long_table(tmp_path, 90, "tall", "aircenter")
    with monkeypatch.context() as patch:
        patch.setattr(tables, "LONG_TABLE", 10**9)
        whole = briefexport.render(bulletin, "pdf")
    monkeypatch.setattr(tables, "LONG_TABLE", 20)
    assert briefexport.render(bulletin, "pdf") == whole
    assert len(pikepdf.open(io.BytesIO(whole)).pages) > 4
