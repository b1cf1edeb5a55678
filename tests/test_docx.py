"""The Word edition: what a recipient who opens, navigates and edits the .docx gets.

Three readers check it: python-docx (styles, fields, properties, links),
pandoc's JSON AST (an independent reader) and LibreOffice headless (a real
word processor laying the document out). Each document is rendered once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
import re
import shutil
import struct
import zipfile
import zlib

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Length, Mm
from lxml import etree
from PIL import Image

import briefexport
from briefexport.formatting import format_number
from briefexport.model import NumberCell, Paragraph, Quote, Run, Section, StatsTable, TextCell
from briefexport.registry import registry
from briefexport.renderers.base import edition_title
from briefexport.renderers.docx import DocxRenderer, measure, package
from briefexport.renderers.docx.ooxml import W
from briefexport.renderers.docx.renderer import column_widths
from briefexport.renderers.nobreak import keep_together
from briefexport.styles import load_style

from .checkers import pandoc_json
from .conftest import FIXTURES, FLAGSHIP, STYLES
from .test_sources import write_source

W_P, W_TBL = qn("w:p"), qn("w:tbl")


def _render(bulletin, style) -> bytes:
    return DocxRenderer().render(bulletin, style)


@pytest.fixture(scope="module")
def flagship_docx(flagship, aircenter) -> bytes:
    return _render(flagship, aircenter)


@pytest.fixture(scope="module")
def doc(flagship_docx):
    return Document(io.BytesIO(flagship_docx))


@pytest.fixture(scope="module")
def minimal_doc(minimal, plain):
    return Document(io.BytesIO(_render(minimal, plain)))


@pytest.fixture(scope="module")
def hostile_docx(hostile, plain) -> bytes:
    return _render(hostile, plain)


def body_items(document):
    """(kind, element) for each top-level paragraph and table of the body, in order."""
    return [(child.tag, child) for child in document.element.body if child.tag in (W_P, W_TBL)]


def style_of(p) -> str | None:
    found = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return found.get(qn("w:val")) if found is not None else None


def text_of(element) -> str:
    return "".join(
        node.text or "" if node.tag == qn("w:t") else "\t" if node.tag == qn("w:tab") else ""
        for node in element.iter(qn("w:t"), qn("w:tab"))
    )


def names(document, style_name: str):
    return [p for p in document.paragraphs if p.style.name == style_name]


def squeeze(text: str) -> str:
    return "".join(text.split())


# --- styles ---------------------------------------------------------------


def test_sections_are_heading_1_with_the_title_alone_as_text(doc, flagship):
    headings = names(doc, "Heading 1")
    assert len(headings) == len(flagship.sections) == 9
    assert [h.text for h in headings] == [s.title for s in flagship.sections]
    for heading in headings:  # numbered by the style's list, not by a numPr of its own
        assert heading._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is None


def _numbering(docx_bytes: bytes):
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        return etree.fromstring(z.read("word/numbering.xml"))


def test_section_numerals_are_a_list_linked_to_heading_1_in_the_styles_format(flagship_docx, doc, aircenter):
    heading = doc.styles["Heading 1"].element
    num_id = heading.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
    numbering = _numbering(flagship_docx)
    [num] = [n for n in numbering.iter(qn("w:num")) if n.get(qn("w:numId")) == num_id]
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    [abstract] = [a for a in numbering.iter(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id]
    assert abstract.find(qn("w:multiLevelType")).get(qn("w:val")) == "multilevel"
    level = abstract.find(qn("w:lvl"))
    assert level.get(qn("w:ilvl")) == "0"

    def value(tag: str) -> str:
        return level.find(qn(tag)).get(qn("w:val"))

    assert (value("w:start"), value("w:pStyle"), value("w:suff")) == ("1", "Heading1", "tab")
    assert aircenter.numbering.sections == "upper-roman" and aircenter.numbering.label == "{number}."
    assert (value("w:numFmt"), value("w:lvlText")) == ("upperRoman", "%1.")
    brand = aircenter.colors.brand.lstrip("#").upper()
    assert level.find(f"{qn('w:rPr')}/{qn('w:color')}").get(qn("w:val")) == brand


@pytest.mark.parametrize(
    ("scheme", "label", "fmt", "text"),
    [("arabic", "{number})", "decimal", "%1)"), ("lower-roman", "Part {number}:", "lowerRoman", "Part %1:")],
)
def test_the_list_follows_the_styles_numbering(minimal, plain, scheme, label, fmt, text):
    style = plain.replace(numbering=dataclasses.replace(plain.numbering, sections=scheme, label=label))
    level = _numbering(_render(minimal, style)).find(f"{qn('w:abstractNum')}/{qn('w:lvl')}")
    assert level.find(qn("w:numFmt")).get(qn("w:val")) == fmt
    assert level.find(qn("w:lvlText")).get(qn("w:val")) == text


def test_unnumbered_sections_have_no_list(minimal, plain):
    style = plain.replace(numbering=dataclasses.replace(plain.numbering, sections="none"))
    data = _render(minimal, style)
    assert _numbering(data).find(qn("w:abstractNum")) is None
    heading = Document(io.BytesIO(data)).styles["Heading 1"].element
    assert heading.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is None


def test_only_the_section_headings_take_a_numeral_from_the_list(plain):
    """The introduction's heading is based on heading 1 but says numId 0, so section I stays I."""
    bulletin = briefexport.load(FIXTURES / "article" / "bulletin.md")
    assert bulletin.introduction
    document = Document(io.BytesIO(_render(bulletin, plain)))

    def num_id(paragraph) -> str | None:  # the paragraph's own numPr, else its style's, following basedOn
        found = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        style = paragraph.style
        while found is None and style is not None:
            found = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
            style = style.base_style
        return None if found is None else found.get(qn("w:val"))

    numbered = [p.text for p in document.paragraphs if num_id(p) not in (None, "0")]
    assert numbered == [section.title for section in bulletin.sections]


def test_every_quote_is_a_quote_style_with_its_attribution_in_its_own_paragraph(doc, flagship):
    block, pull = flagship.quotes("block"), flagship.quotes("pull")
    assert len(names(doc, "Quote")) == sum(len(q.paragraphs) for q in block) > 0
    assert len(names(doc, "Intense Quote")) == sum(len(q.paragraphs) for q in pull) > 0
    attributions = names(doc, "Quote Attribution")
    language = flagship.metadata.language  # dates and figures kept on one line, as in the PDF and EPUB
    expected = [keep_together(f"— {q.attribution_text}", language) for q in block if q.attribution]
    assert [p.text for p in attributions] == expected
    assert len(names(doc, "Pull Quote Attribution")) == sum(1 for q in pull if q.attribution)


def test_running_text_keeps_dates_figures_and_grouped_numbers_on_one_line(flagship, aircenter):
    """LibreOffice set a Russian editor's "6 478 / 623", "7 / февраля" and "с / Турцией" on two lines."""
    passage = Paragraph((Run("Явка 6 478 623 избирателя 7 февраля, 230 МВт, договор с Турцией."),), lang="ru")
    section = dataclasses.replace(flagship.sections[0], blocks=(passage,))
    bulletin = dataclasses.replace(flagship, sections=(section,))
    document = Document(io.BytesIO(DocxRenderer().render(bulletin, aircenter)))
    text = next(p.text for p in document.paragraphs if p.text.startswith("Явка"))
    assert text == "Явка 6\u00a0478\u00a0623 избирателя 7\u00a0февраля, 230\u00a0МВт, договор с\u00a0Турцией."


def test_a_text_column_is_as_wide_as_its_words_kept_together(aircenter):
    """Measured by its words between any spaces, "5 000 MW" got a column as wide as "MW", and LibreOffice
    broke it "5 000 M / W"; words joined by a no-break space are measured as one."""
    font, size = aircenter.font("table"), aircenter.sizes.table
    kept = "5\u00a0000\u00a0MW"
    widths, text_size, _ = column_widths(
        [["A", "B"], [kept, "Bundesverfassungsgericht " * 40]], (False, False), 4000, font, size
    )
    assert widths[0] >= measure.twips(kept, font.regular, text_size)


def test_figures_too_wide_to_stand_whole_wrap_before_their_words(aircenter, minimal):
    """A statistician's trial: ten years of "$12,345.6 million" did not fit whole at 60 % type, and the
    columns, narrowed alike, left LibreOffice to break "milli" / "on". Such figures wrap before their words,
    in columns as wide as their longest word, at the largest size that allows."""
    font, size = aircenter.font("table"), aircenter.sizes.table
    figure = "$12,345.6\u00a0million"
    cells = [["Creditor", *(str(year) for year in range(2014, 2024))], ["Bilateral lenders", *[figure] * 10]]
    numeric = (False, *[True] * 10)
    widths, text_size, loose = column_widths(cells, numeric, 9000, font, size)
    assert loose == [False, *[True] * 10] and text_size > size * 0.6
    assert min(widths[1:]) >= measure.twips("$12,345.6", font.regular, text_size)
    assert not any(column_widths([cells[0], ["x", *["1.5"] * 10]], numeric, 9000, font, size)[2])
    row = (TextCell("Bilateral lenders"), *[NumberCell(12345.6, "$12,345.6 million")] * 10)
    table = StatsTable("Public debt by year", tuple(cells[0]), (row,), "Ministry of Finance")
    bulletin = dataclasses.replace(minimal, sections=(Section("Debt", (table,)),))
    document = Document(io.BytesIO(DocxRenderer().render(bulletin, aircenter)))
    [rendered] = document.tables
    assert [cell.text for cell in rendered.rows[1].cells][1:] == ["$12,345.6 million"] * 10  # a space to wrap at


def test_every_table_has_a_caption_above_and_its_source_below(doc, flagship, aircenter):
    items = body_items(doc)
    tables = [i for i, (tag, _) in enumerate(items) if tag == W_TBL]
    assert len(tables) == len(flagship.tables()) == len(doc.tables) > 0
    for index, model in zip(tables, flagship.tables()):
        before, after = items[index - 1][1], items[index + 1][1]
        source, language = f"{aircenter.labels.source}: {model.source_text}", flagship.metadata.language
        assert style_of(before) == "Caption" and text_of(before) == keep_together(model.caption_text, language)
        assert style_of(after) == "TableSource" and text_of(after) == keep_together(source, language)


def test_stats_tables_are_key_figures_with_a_repeating_header_and_figures_in_figure_styles(doc, flagship):
    for table, model in zip(doc.tables, flagship.tables()):
        assert table.style.name == "Key Figures"
        header = table.rows[0]
        assert header._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        assert [c.text for c in header.cells] == list(model.header_texts)
        for cell, numeric in zip(header.cells, model.numeric_columns()):
            assert cell.paragraphs[0].style.name == ("Table Figure Heading" if numeric else "Table Heading")
        for row, cells in zip(table.rows[1:], model.rows):
            for cell, value in zip(row.cells, cells):
                paragraph = cell.paragraphs[0]
                if isinstance(value, NumberCell):
                    assert paragraph.style.name == "Table Figure"
                    assert cell.text == format_number(value, flagship.metadata.language)
                else:
                    assert paragraph.style.name == "Table Text"
                    assert cell.text == value.text


def _style_ppr(doc, name: str, tag: str):
    """The pPr child `tag` a paragraph style has, following basedOn."""
    style = doc.styles[name]
    while style is not None:
        found = style.element.find(f"{qn('w:pPr')}/{qn(tag)}")
        if found is not None:
            return found
        style = style.base_style
    return None


def test_table_styles_carry_the_shading_stripes_alignment_keeps_and_bold(doc, aircenter):
    brand, tint = (aircenter.colors.brand.lstrip("#").upper(), aircenter.colors.tint.lstrip("#").upper())
    table_style = doc.styles["Key Figures"].element
    conditional = {c.get(qn("w:type")): c for c in table_style.findall(qn("w:tblStylePr"))}
    first_row = conditional["firstRow"]
    assert first_row.find(f"{qn('w:tcPr')}/{qn('w:shd')}").get(qn("w:fill")) == brand
    assert first_row.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None
    assert (
        first_row.find(f"{qn('w:rPr')}/{qn('w:color')}").get(qn("w:val"))
        == aircenter.colors.on_brand.lstrip("#").upper()
    )
    # The header's colour is the table style's alone: a paragraph style's would outrank any table design
    # picked in Word, leaving white text on a white header row.
    for name in ("Table Text", "Table Heading", "Table Figure Heading"):
        assert doc.styles[name].font.color.rgb is None, name
    # Stripes as in the PDF and EPUB: the second, fourth, ... row under the header is tinted.
    assert conditional["band2Horz"].find(f"{qn('w:tcPr')}/{qn('w:shd')}").get(qn("w:fill")) == tint
    assert table_style.find(f"{qn('w:tblPr')}/{qn('w:tblStyleRowBandSize')}").get(qn("w:val")) == "1"
    for table in doc.tables:
        look = table._tbl.find(f"{qn('w:tblPr')}/{qn('w:tblLook')}")
        assert (look.get(qn("w:firstRow")), look.get(qn("w:noHBand")), look.get(qn("w:noVBand"))) == ("1", "0", "1")
        assert int(look.get(qn("w:val")), 16) & 0x0200 == 0  # the noHBand bit of the legacy mask is off too
    assert _style_ppr(doc, "Table Figure", "w:jc").get(qn("w:val")) == "right"
    assert _style_ppr(doc, "Table Figure Heading", "w:jc").get(qn("w:val")) == "right"
    assert doc.styles["Table Heading"].font.bold and doc.styles["Table Figure Heading"].font.bold is not False
    for name in ("Table Text", "Table Figure", "Table Heading", "Table Figure Heading", "Caption"):
        keep = _style_ppr(doc, name, "w:keepNext")
        assert keep is not None and keep.get(qn("w:val")) in (None, "1", "true"), name


# Properties the styles carry (shading, alignment, keeps, borders), which no paragraph may repeat directly.
STYLED_PPR = {qn(t) for t in ("w:shd", "w:jc", "w:keepNext", "w:keepLines", "w:pBdr")}


def test_no_direct_shading_alignment_keeps_or_bold_where_a_style_covers_it(doc, minimal_doc, flagship):
    for document in (doc, minimal_doc):
        body = document.element.body
        paragraphs = list(body.iter(W_P))
        colophon = next(p for p in paragraphs if style_of(p) == "Colophon")
        before_colophon = paragraphs[paragraphs.index(colophon) - 1]
        lead_ins = [p for p, after in itertools.pairwise(paragraphs) if _leads_in(p, after)]
        for p in paragraphs:
            assert style_of(p), text_of(p)  # every paragraph names its style
            ppr = p.find(qn("w:pPr"))
            direct = {child.tag for child in ppr} & STYLED_PPR
            if p is before_colophon or p in lead_ins:
                # The keeps no style can say: the text before the colophon keeps with it, and a paragraph
                # with the list or quotation it leads into.
                assert direct == {qn("w:keepNext")}
            else:
                assert not direct, (style_of(p), text_of(p), direct)
        for cell in body.iter(qn("w:tc")):
            assert cell.find(f"{qn('w:tcPr')}/{qn('w:shd')}") is None
            for rpr in cell.iter(qn("w:rPr")):
                assert rpr.find(qn("w:b")) is None and rpr.find(qn("w:color")) is None
        # Bold is the source's strong text only: none in headings, contents, captions or the colophon.
        for p in paragraphs:
            if style_of(p) not in ("Normal", "Quote", "IntenseQuote"):
                assert p.find(f".//{qn('w:rPr')}/{qn('w:b')}") is None, (style_of(p), text_of(p))
    strong = sum(1 for b in flagship.blocks() for r in getattr(b, "runs", ()) if r.strong)
    assert len(list(doc.element.body.iter(qn("w:b")))) == strong


def _leads_in(p, after) -> bool:
    """Whether body paragraph `p` leads into the list or block quotation that `after` opens."""
    return style_of(p) == "Normal" and (style_of(after).startswith("List") or style_of(after) == "Quote")


def test_a_paragraph_that_leads_into_a_list_or_quotation_keeps_with_it(tmp_path):
    """A trial's Word copy left "Our recommendations for 2025 are these:" at a page's foot, its list on the
    next page, where the PDF keeps them together; a paragraph before a pull quote, which the PDF floats,
    or before another paragraph keeps with nothing."""
    body = (
        "Before the sections:\n\n- an introduction's list\n\n"  # the introduction too (a review)
        "# S\n\nFirst paragraph.\n\nOur recommendations are these:\n\n1. Keep the deficit low.\n2. Deepen it.\n\n"
        "The governor said:\n\n> Inflation is a fragile gift.\n\nBetween.\n\n::: pull\nA pull quote.\n:::\n\nLast.\n"
    )
    document = Document(io.BytesIO(briefexport.render(briefexport.load(write_source(tmp_path, body)), "docx")))
    kept = {text_of(p._p) for p in document.paragraphs if p._p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None}
    expected = {"Before the sections:", "Our recommendations are these:", "The governor said:", "Last."}
    assert kept == expected  # "Last.": before the colophon


def test_a_style_s_words_left_in_english_say_so_in_a_bulletin_of_another_language(tmp_path):
    """A Word user's trial: in an Italian copy the untranslated labels ("Contents", "Source:", "Published by",
    "All rights reserved.", the footer's "page … of …") took the document's Italian; Word checked them as
    Italian and a screen reader read them in an Italian voice. They carry English, as the EPUB's do; the
    words around them (the holder's name) keep the document's language. (Irish here: it writes figures as
    the flagship does, and has no translations either.)"""
    shutil.copy(FLAGSHIP.parent / "publisher.yaml", tmp_path)
    source = tmp_path / "ga.md"
    source.write_text(FLAGSHIP.read_text(encoding="utf-8").replace("language: en", "language: ga"), encoding="utf-8")
    package = zipfile.ZipFile(io.BytesIO(briefexport.render(briefexport.load(source), "docx")))
    tagged = {}
    for part in ("word/document.xml", "word/footer1.xml"):
        for r in etree.fromstring(package.read(part)).iter(qn("w:r")):
            text = "".join(t.text or "" for t in r.iter(qn("w:t")))
            lang = r.find(f"{qn('w:rPr')}/{qn('w:lang')}")
            tagged.setdefault(text, lang.get(qn("w:val")) if lang is not None else None)
    for words in ("Contents", "Source: ", "Published by", "All rights reserved.", "page ", " of "):
        assert tagged[words] == "en-US", words
    holder = next(text for text in tagged if text.startswith("\u00a9 2024"))
    assert tagged[holder] is None  # the document's own language


@pytest.mark.parametrize("style", ["aircenter", "plain"])
def test_a_link_in_a_table_s_header_row_is_as_white_as_the_header(tmp_path, style):
    """A Word user's trial: the Hyperlink character style outranks the table style (ECMA-376 17.7.2), so a
    link in the header row was the brand's blue on the brand's band (1.00:1). Its runs carry the white."""
    body = "# S\n\n| [Delegation](https://example.org/d) | Days |\n|---|---|\n| [Ana](https://example.org/a) | 3 |\n"
    bulletin = briefexport.load(write_source(tmp_path, body))
    document = Document(io.BytesIO(briefexport.render(bulletin, "docx", style)))
    white = briefexport.load_style(style).colors.on_brand.lstrip("#").upper()
    header = document.tables[0].rows[0]._tr
    links = header.findall(f".//{qn('w:hyperlink')}//{qn('w:r')}")
    assert links and all(r.find(f"{qn('w:rPr')}/{qn('w:color')}").get(qn("w:val")) == white for r in links)
    assert [c.tag for c in links[0].find(qn("w:rPr"))] == [qn("w:rStyle"), qn("w:color")]  # in schema order
    row = document.tables[0].rows[1]._tr
    assert row.findall(f".//{qn('w:hyperlink')}") and row.findall(f".//{qn('w:color')}") == []  # its style's colour


def test_a_long_table_lets_go_of_the_page_after_its_third_row_but_its_last_row_keeps_its_source(tmp_path):
    """Rows after the third of a table over 40 % of a page switch keep-with-next off (else the caption is left
    alone); the last one too, and then the source note under it could open the next page alone."""
    shutil.copy(FIXTURES / "minimal" / "publisher.yaml", tmp_path)
    rows = "\n".join(f"| Item {n} | {n * 3} |" for n in range(40))
    source = tmp_path / "b.md"
    source.write_text(
        "---\ntitle: T\nissue: One\ndate: 2024-03-31\nstyle: plain\npublisher: publisher.yaml\n---\n\n# S\n\n"
        f"::: stats\nA long table\n\n| Item | Figure |\n|---|---|\n{rows}\n\nSource: Somebody.\n:::\n",
        encoding="utf-8",
    )
    document = Document(io.BytesIO(briefexport.render(briefexport.load(source), "docx")))
    [table] = document.tables

    def let_go(row) -> bool:
        keeps = [p._p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") for cell in row.cells for p in cell.paragraphs]
        return all(k is not None and k.get(qn("w:val")) == "0" for k in keeps)

    assert [let_go(row) for row in table.rows] == [False] * 4 + [True] * 36 + [False]


def test_body_text_has_no_direct_formatting_beyond_emphasis_and_links(doc, minimal_doc):
    allowed_run = {qn(t) for t in ("w:rStyle", "w:b", "w:bCs", "w:i", "w:iCs")}
    for document in (doc, minimal_doc):
        for p in document.element.body.iter(W_P):
            if style_of(p) in ("Normal", "Quote", "IntenseQuote"):
                ppr = p.find(qn("w:pPr"))
                # (the text before the colophon also keeps with it: see the colophon's test)
                assert [child.tag for child in ppr if child.tag != qn("w:keepNext")] == [qn("w:pStyle")]
                for rpr in p.iter(qn("w:rPr")):
                    assert {child.tag for child in rpr} <= allowed_run
    runs = {r.text: r for p in names(minimal_doc, "Normal") for r in p.runs}
    assert runs["emphasis"].italic and not runs["emphasis"].bold
    assert runs["strong"].bold and not runs["strong"].italic


def test_styles_take_fonts_sizes_and_colours_from_the_brand(doc, aircenter):
    def rfonts(style_name):
        element = doc.styles[style_name].element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        return {slot: element.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "cs", "eastAsia")}

    heading = aircenter.font("heading").family
    assert rfonts("Heading 1") == dict.fromkeys(("ascii", "hAnsi", "cs", "eastAsia"), heading)
    assert rfonts("Caption") == dict.fromkeys(("ascii", "hAnsi", "cs", "eastAsia"), aircenter.font("caption").family)
    defaults = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    body = defaults.find(qn("w:rFonts"))
    assert {body.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "cs", "eastAsia")} == {
        aircenter.font("body").family
    }
    assert defaults.find(qn("w:sz")).get(qn("w:val")) == str(round(aircenter.sizes.body * 2))
    assert doc.styles["Heading 1"].font.size.pt == aircenter.sizes.heading
    assert doc.styles["Title"].font.size.pt == aircenter.sizes.title
    assert str(doc.styles["Hyperlink"].font.color.rgb) == aircenter.colors.link.lstrip("#").upper()
    assert doc.styles["Hyperlink"].font.underline
    assert str(doc.styles["Caption"].font.color.rgb) == aircenter.colors.brand.lstrip("#").upper()
    for name in ("Header", "Footer", "Table Source", "Colophon"):
        assert doc.styles[name].font.name == aircenter.font("furniture").family, name
    assert doc.styles["Header"].font.size.pt == doc.styles["Footer"].font.size.pt == aircenter.sizes.furniture
    for name in ("Title", "Subtitle", "Normal", "Quote", "Intense Quote", "TOC Heading"):
        assert name in doc.styles
    # Block quotes are upright in every edition, so that emphasis inside one shows; pull quotes are italic.
    assert doc.styles["Quote"].font.italic is False
    assert doc.styles["Intense Quote"].font.italic is True


def test_fonts_name_a_fallback_that_word_can_substitute(flagship_docx, aircenter):
    with zipfile.ZipFile(io.BytesIO(flagship_docx)) as z:
        fonts = z.read("word/fontTable.xml").decode()
    for role in ("body", "heading"):
        family = aircenter.font(role)
        entry = re.search(rf'<w:font w:name="{family.family}">(.*?)</w:font>', fonts, re.S)
        assert entry, family.family
        assert f'<w:altName w:val="{family.fallback}"/>' in entry.group(1)
        panose = re.search(r'<w:panose1 w:val="([0-9A-F]{20})"/>', entry.group(1))
        assert panose and panose.group(1) != "0" * 20  # read from the font's OS/2 table, not the fallback


def test_the_azerbaijani_letters_survive(minimal_doc):
    assert "Xankəndi, Şuşa, Qarabağ, İlham Əliyev" in "\n".join(p.text for p in minimal_doc.paragraphs)


# Child order of the property elements Word is strict about (ECMA-376 Part 1, 17.3.1.26, 17.3.2.28, 17.4.60).
SEQUENCES = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em "
    "lang eastAsianLayout specVanish oMath",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
    "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription",
    "pBdr": "top left bottom right between bar",
    "style": "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat locked "
    "personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr",
}


def test_property_elements_keep_the_schema_order(flagship_docx):
    with zipfile.ZipFile(io.BytesIO(flagship_docx)) as z:
        parts = [z.read(n) for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")]
    checked = 0
    for part in parts:
        for parent, order in SEQUENCES.items():
            rank = {name: i for i, name in enumerate(order.split())}
            for element in etree.fromstring(part).iter(qn(f"w:{parent}")):
                names = [etree.QName(child).localname for child in element]
                assert all(name in rank for name in names), (parent, names)
                assert [rank[n] for n in names] == sorted(rank[n] for n in names), (parent, names)
                checked += 1
    assert checked > 300


# --- pages, cover, header and footer ----------------------------------------------


def test_page_size_and_margins_come_from_the_style(doc, aircenter):
    page = aircenter.page
    assert page.size == "A4"
    for section in doc.sections:
        assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
        assert abs(section.top_margin - Mm(page.margin_top)) < Mm(0.1)
        assert abs(section.bottom_margin - Mm(page.margin_bottom)) < Mm(0.1)
        assert abs(section.left_margin - Mm(page.margin_inner)) < Mm(0.1)
        assert abs(section.right_margin - Mm(page.margin_outer)) < Mm(0.1)


@pytest.mark.parametrize(("inner", "outer", "mirrored"), [(35, 12, True), (20, 20, False)])
def test_margins_are_mirrored_on_facing_pages_where_inner_and_outer_differ(minimal, plain, inner, outer, mirrored):
    """A designer's trial: with an inner margin of 35 mm and an outer of 12, the PDF bound each page on its
    wide side, and Word bound its even pages on the narrow one."""
    style = plain.replace(page=dataclasses.replace(plain.page, margin_inner=inner, margin_outer=outer))
    document = Document(io.BytesIO(_render(minimal, style)))
    assert (document.settings.element.find(qn("w:mirrorMargins")) is not None) is mirrored
    section = document.sections[0]
    assert abs(section.left_margin - Mm(inner)) < Mm(0.1) and abs(section.right_margin - Mm(outer)) < Mm(0.1)


def test_the_cover_comes_first_with_its_own_header_and_footer(doc, flagship):
    m = flagship.metadata
    styles = [p.style.name for p in doc.paragraphs[:5]]
    assert styles == ["Cover Wordmark", "Title", "Subtitle", "Cover Issue", "Cover Date"]
    assert [doc.paragraphs[1].text, doc.paragraphs[2].text, doc.paragraphs[3].text] == [m.title, m.subtitle, m.issue]
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    assert flagship.publisher.address_line() in "\n".join(p.text for p in section.first_page_footer.paragraphs)
    assert not "".join(p.text for p in section.first_page_header.paragraphs)
    first_heading = names(doc, "Heading 1")[0]._p
    assert first_heading.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None


def test_running_head_has_title_and_issue(doc, flagship):
    header = doc.sections[0].header
    assert header.paragraphs[0].text == f"{flagship.metadata.title}\t{flagship.metadata.issue}"


def test_footer_has_the_address_and_page_x_of_y_as_fields(doc, flagship, aircenter):
    footer = doc.sections[0].footer
    assert footer.paragraphs[0].text == flagship.publisher.address_line()
    page_line = footer.paragraphs[1]._p
    instructions = [t.text.strip() for t in page_line.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    kinds = [c.get(qn("w:fldCharType")) for c in page_line.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"] * 2
    words = [t.text for t in page_line.iter(qn("w:t"))]
    assert aircenter.footer.page == "page {page} of {pages}"
    assert words[0] == "page " and words[2] == " of "


def test_contents_is_a_toc_field_of_links_to_the_sections_with_no_page_numbers(doc, flagship, aircenter):
    body = doc.element.body
    instr = [t for t in body.iter(qn("w:instrText")) if t.text.strip().startswith("TOC")]
    assert len(instr) == 1 and '\\o "1-1"' in instr[0].text and "\\h" in instr[0].text
    assert not [t for t in body.iter(qn("w:instrText")) if "PAGEREF" in t.text]
    entries = names(doc, "toc 1")
    # A sub-heading's entry (the field takes heading 2 when there are any) gets the brand's face, not Word's.
    assert doc.styles["toc 2"].base_style.name == "toc 1"
    # Numeral and title only: where a section starts is known only to the word processor laying it out.
    expected = [f"{aircenter.section_label(i)}\t{s.title}" for i, s in enumerate(flagship.sections)]
    assert [e.text for e in entries] == expected
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    headings = names(doc, "Heading 1")
    for entry, heading in zip(entries, headings):
        [link] = entry._p.findall(qn("w:hyperlink"))
        anchor = link.get(qn("w:anchor"))
        assert anchor in bookmarks
        assert heading._p.find(qn("w:bookmarkStart")).get(qn("w:name")) == anchor
    paragraphs = list(body.iter(W_P))
    first_heading = names(doc, "Heading 1")[0]._p
    assert paragraphs.index(entries[-1]._p) < paragraphs.index(first_heading)
    assert names(doc, "TOC Heading")[0].text == aircenter.labels.contents
    # the field closes in the last entry
    assert entries[-1]._p.findall(f".//{qn('w:fldChar')}")[-1].get(qn("w:fldCharType")) == "end"


def test_nothing_asks_word_to_update_fields_on_opening(flagship_docx, doc):
    assert doc.settings.element.find(qn("w:updateFields")) is None
    with zipfile.ZipFile(io.BytesIO(flagship_docx)) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                assert b"updateFields" not in z.read(name) and b"w:dirty" not in z.read(name), name


def test_settings_are_in_schema_order(doc):
    from briefexport.renderers.docx.ooxml import SETTINGS_ORDER

    rank = {name: i for i, name in enumerate(SETTINGS_ORDER)}
    tags = [etree.QName(child).localname for child in doc.settings.element if etree.QName(child).namespace == W]
    assert "embedTrueTypeFonts" in tags and "autoHyphenation" in tags and "themeFontLang" in tags
    assert [rank[t] for t in tags] == sorted(rank[t] for t in tags)


def test_languages_name_a_region_and_only_the_scripts_the_language_uses(doc, flagship):
    assert flagship.metadata.language == "en"
    defaults = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert dict(defaults.attrib) == {qn("w:val"): "en-US"}
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    assert dict(theme_lang.attrib) == {qn("w:val"): "en-US"}


@pytest.mark.parametrize(
    ("tag", "attrs"),
    [
        ("en-GB", {"w:val": "en-GB"}),
        ("az", {"w:val": "az-Latn-AZ"}),  # as Windows names it: Word knows no "az-AZ"
        ("sr-Latn", {"w:val": "sr-Latn-RS"}),
        ("tr", {"w:val": "tr-TR"}),
        ("ru", {"w:val": "ru-RU"}),
        ("ar", {"w:val": "ar-EG", "w:bidi": "ar-EG"}),
        ("ja", {"w:val": "ja-JP", "w:eastAsia": "ja-JP"}),
        ("x-private", {"w:val": "x-private"}),
    ],
)
def test_a_language_without_a_region_takes_its_likely_one(tag, attrs):
    from briefexport.renderers.docx.ooxml import language_attrs

    assert language_attrs(tag) == attrs


def test_toc_entries_have_their_page_number_tab_at_the_margin_and_no_indent_before_it(doc):
    """A right indent kept long titles short of the number, but LibreOffice draws no tab past a
    paragraph's right indent: after Update All its contents showed dot leaders and no page numbers."""
    toc = doc.styles["toc 1"].element.find(qn("w:pPr"))
    stops = [(t.get(qn("w:val")), int(t.get(qn("w:pos")))) for t in toc.find(qn("w:tabs"))]
    section = doc.sections[0]
    text_width = Length(section.page_width - section.left_margin - section.right_margin).twips
    assert any(kind == "right" and abs(pos - text_width) <= 2 for kind, pos in stops), stops  # at the margin
    assert int(toc.find(qn("w:ind")).get(qn("w:right"), "0")) == 0


def test_the_colophon_has_the_rights_line_and_keeps_with_the_text_before_it(doc, flagship, aircenter):
    """One paragraph of lines kept together, its label the first: LibreOffice parted a heading and one-line
    paragraphs each kept with the next."""
    year, holder = flagship.metadata.date.year, flagship.publisher.name
    colophon = [p for p in doc.paragraphs if p.style.name.startswith("Colophon")]
    assert [p.style.name for p in colophon] == ["Colophon"]
    lines = colophon[0].text.split("\n")
    assert lines[:2] == [aircenter.labels.colophon, holder]
    assert [r.style.name for r in colophon[0].runs[:3:2]] == ["Colophon Heading", "Colophon Name"]
    assert doc.styles["Colophon Name"].font.bold and doc.styles["Colophon Heading"].font.bold
    assert lines[-1].startswith(f"© {year} {holder.rstrip('.')}") and lines[-1].endswith(aircenter.labels.rights)
    assert lines[2 : 2 + len(flagship.publisher.contacts())] == [text for text, _ in flagship.publisher.contacts()]
    assert _style_ppr(doc, "Colophon", "w:keepLines").get(qn("w:val")) in (None, "1", "true")
    paragraphs = list(doc.element.body.iter(W_P))
    before = paragraphs[paragraphs.index(colophon[0]._p) - 1]
    assert before.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None


# --- package ----------------------------------------------------------------


def test_core_properties_come_from_the_bulletin(doc, flagship):
    m, props = flagship.metadata, doc.core_properties
    assert props.title == edition_title(flagship) == "AIR Center Bulletin \u2014 February 2024"
    assert props.subject == m.subtitle
    assert props.author == flagship.publisher.name
    assert props.last_modified_by == flagship.publisher.name
    assert props.keywords == ", ".join(m.keywords)
    assert props.language == m.language
    moment = dt.datetime(m.date.year, m.date.month, m.date.day, tzinfo=dt.UTC)
    assert props.created == moment and props.modified == moment


def test_a_corrected_re_issue_is_modified_on_its_revision_date(minimal, plain):
    revised = dataclasses.replace(minimal.metadata, revised=dt.date(2024, 4, 2))
    props = Document(io.BytesIO(_render(dataclasses.replace(minimal, metadata=revised), plain))).core_properties
    assert props.created == dt.datetime(2024, 3, 31, tzinfo=dt.UTC)
    assert props.modified == dt.datetime(2024, 4, 2, tzinfo=dt.UTC)


def test_nothing_says_python_docx(flagship_docx):
    with zipfile.ZipFile(io.BytesIO(flagship_docx)) as z:
        for name in z.namelist():
            assert b"python-docx" not in z.read(name), name
        assert "docProps/thumbnail.jpeg" not in z.namelist()


def test_hyperlinks_are_real_for_text_links_email_and_website(minimal_doc, minimal):
    part = minimal_doc.part
    links = {rid: rel.target_ref for rid, rel in part.rels.items() if rel.reltype == RT.HYPERLINK}
    used = {
        h.get(qn("r:id")): text_of(h) for h in minimal_doc.element.body.iter(qn("w:hyperlink")) if h.get(qn("r:id"))
    }
    targets = {links[rid]: text for rid, text in used.items()}
    assert targets["https://example.org"] == "link"
    assert targets[f"mailto:{minimal.publisher.email}"] == minimal.publisher.email
    assert targets[minimal.publisher.website_url] == minimal.publisher.website_label
    for rel in part.rels.values():
        if rel.reltype == RT.HYPERLINK:
            assert rel.is_external
    footer = minimal_doc.sections[0].footer
    footer_links = {rel.target_ref for rel in footer.part.rels.values() if rel.reltype == RT.HYPERLINK}
    assert footer_links == {f"mailto:{minimal.publisher.email}", minimal.publisher.website_url}
    for h in minimal_doc.element.body.iter(qn("w:hyperlink")):
        for r in h.iter(qn("w:r")):
            if r.find(qn("w:t")) is not None and h.get(qn("r:id")):
                assert r.find(f"{qn('w:rPr')}/{qn('w:rStyle')}").get(qn("w:val")) == "Hyperlink"


def test_two_builds_are_byte_identical_with_fixed_zip_times(flagship, aircenter, flagship_docx):
    assert _render(flagship, aircenter) == flagship_docx
    with zipfile.ZipFile(io.BytesIO(flagship_docx)) as z:
        assert z.namelist()[0] == "[Content_Types].xml"
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_document_opened_ahead_gives_the_same_bytes_as_a_new_one(flagship, aircenter, flagship_docx):
    """A build's worker calls prepare() while it waits; the next render takes the document it opened."""
    DocxRenderer.prepare()
    assert len(package._opened) == 1
    first = DocxRenderer().render(flagship, aircenter)
    assert not package._opened
    assert first == DocxRenderer().render(flagship, aircenter) == flagship_docx


def test_the_flagship_can_be_emailed(flagship_docx):
    assert len(flagship_docx) < 1_000_000


def test_a_logo_on_the_cover_has_alt_text(minimal, tmp_path):
    shutil.copytree(STYLES, tmp_path / "styles")

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = zlib.compress(b"".join(b"\0" + b"\x80\x10\x10" * 8 for _ in range(4)))
    header = struct.pack(">IIBBBBB", 8, 4, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    (tmp_path / "styles" / "logo.png").write_bytes(png)
    toml = tmp_path / "styles" / "plain.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('logo = ""', 'logo = "logo.png"'), encoding="utf-8")
    style = load_style("plain", tmp_path / "styles")
    document = Document(io.BytesIO(_render(minimal, style)))
    assert document.paragraphs[0].style.name == "Cover Wordmark"
    [shape] = document.inline_shapes
    assert shape._inline.docPr.get("descr") == minimal.publisher.name
    assert abs(shape.width - Mm(style.cover.logo_width)) < Mm(0.1)


def test_a_logo_python_docx_cannot_parse_is_on_the_cover_as_a_png(minimal, tmp_path):
    """A JPEG logo with neither a JFIF nor an EXIF header failed the Word copy alone ("cannot be read as a
    picture"); the PDF and EPUB took it."""
    shutil.copytree(STYLES, tmp_path / "styles")
    buffer = io.BytesIO()
    Image.new("RGB", (80, 40), "#336699").save(buffer, "JPEG", quality=80)
    data = buffer.getvalue()  # less its APP0 (JFIF) segment:
    (tmp_path / "styles" / "logo.jpg").write_bytes(data[:2] + data[4 + int.from_bytes(data[4:6], "big") :])
    toml = tmp_path / "styles" / "plain.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('logo = ""', 'logo = "logo.jpg"'), encoding="utf-8")
    document = Document(io.BytesIO(_render(minimal, load_style("plain", tmp_path / "styles"))))
    [shape] = document.inline_shapes
    blob = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
    assert blob.startswith(b"\x89PNG") and Image.open(io.BytesIO(blob)).size == (80, 40)


def test_the_registry_finds_the_docx_renderer(minimal, plain):
    assert registry.get("docx") is DocxRenderer
    assert briefexport.render(minimal, "docx", style=plain)[:2] == b"PK"


def test_markup_in_the_source_stays_literal_text(hostile_docx, hostile):
    document = Document(io.BytesIO(hostile_docx))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    for literal in (
        "AT&T <b>Bulletin</b> <script>alert(1)</script>",
        'Markup <b>in</b> a title & <script>alert("t")</script>',
        "<font color=\"[[[getattr(pow, 'x')]]]\">red</font>",
        "<b>bold?</b> & co",
        "<i>not italic</i> & <u>not underlined</u>",
        "<onLoad/> pull & “quote”",
        "<script>z()</script>",
        '<a href="javascript:alert(1)">source</a> & more.',
        "]]> and <![CDATA[x]]>",
    ):
        assert literal in text, literal
    assert document.core_properties.title == edition_title(hostile)
    with zipfile.ZipFile(io.BytesIO(hostile_docx)) as z:
        xml = z.read("word/document.xml")
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert b"<script>" not in xml and b"<b>" not in xml
    assert 'Target="https://example.org/?a=1&amp;b=%3C2%3E"' in rels


# --- independent readers ------------------------------------------------------


@pytest.fixture(scope="module")
def pandoc_ast(flagship_docx, tmp_path_factory):
    path = tmp_path_factory.mktemp("pandoc") / "flagship.docx"
    path.write_bytes(flagship_docx)
    return pandoc_json(path, "docx")


def _stringify(node) -> str:
    if isinstance(node, dict):
        if node.get("t") == "Str":
            return node["c"]
        if node.get("t") in ("Space", "SoftBreak", "LineBreak"):
            return " "
        return _stringify(node.get("c", []))
    if isinstance(node, list):
        return "".join(_stringify(n) for n in node)
    return ""


def test_pandoc_reads_nine_sections_the_quotes_and_the_tables(pandoc_ast, flagship):
    blocks = pandoc_ast["blocks"]
    headers = [b for b in blocks if b["t"] == "Header" and b["c"][0] == 1]
    # The numerals are list numbers, so the titles are read as they are.
    assert [_stringify(h["c"][2]) for h in headers] == [s.title for s in flagship.sections]
    # Adjacent quotes read as one block quote, so count the runs of consecutive quotes.
    runs = sum(
        1
        for section in flagship.sections
        for i, block in enumerate(section.blocks)
        if isinstance(block, Quote) and not (i and isinstance(section.blocks[i - 1], Quote))
    )
    quotes = [b for b in blocks if b["t"] == "BlockQuote"]
    assert len(quotes) == runs == len(flagship.quotes())
    quoted = [squeeze(_stringify(q)) for q in quotes]
    for quote in flagship.quotes():
        assert any(squeeze(quote.attribution_text) in text for text in quoted), "attribution inside its quote"
    assert sum(1 for b in blocks if b["t"] == "Table") == len(flagship.tables())


def test_many_pictures_take_their_drawing_ids_in_turn_without_searching_the_document_each_time(
    tmp_path, monkeypatch, plain
):
    """python-docx finds a new picture's id by searching the whole document for ids: once per picture,
    a bulletin of 4,000 pictures took 80 s (a service developer's trial). The document is searched once;
    the ids are those python-docx would give, one per picture, in turn."""
    from docx.parts.story import StoryPart

    Image.new("RGB", (40, 30), "#336699").save(tmp_path / "p.png")
    shutil.copy(FIXTURES / "minimal" / "publisher.yaml", tmp_path)
    body = "".join(f"![A grey field, number {i}](p.png)\n\n" for i in range(60))
    source = tmp_path / "b.md"
    source.write_text(f"---\ntitle: T\nissue: I\ndate: 2024-01-01\npublisher: publisher.yaml\n---\n\n# S\n\n{body}")
    searched = []
    real = StoryPart.next_id
    monkeypatch.setattr(StoryPart, "next_id", property(lambda part: searched.append(1) or real.fget(part)))
    data = briefexport.render(briefexport.load(source), "docx", style=plain)
    document = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    ids = [int(i) for i in re.findall(rb'<wp:docPr id="(\d+)"', document)]
    assert ids == list(range(ids[0], ids[0] + 60)) and len(searched) == 1


def test_paragraphs_of_many_distinct_links_are_set_in_time_linear_in_their_number(flagship, aircenter):
    """A service's trial: 8,000 paragraphs each linking another address took about 52 s (python-docx looked
    through every relationship for the address and for a free id, link by link). Four times the links
    take less than eight times as long (looked through, about twelve times)."""
    from briefexport.model import Section

    from .conftest import best_cpu_times

    def with_links(count: int):
        blocks = tuple(
            Paragraph((Run("See "), Run("site", url=f"https://example.org/p{i}"), Run("."))) for i in range(count)
        )
        return dataclasses.replace(flagship, sections=(Section("Links", blocks),))

    short, long = with_links(500), with_links(2_000)
    first, then = best_cpu_times(
        lambda: DocxRenderer().render(short, aircenter), lambda: DocxRenderer().render(long, aircenter)
    )
    assert then < 8 * first, f"{first:.2f} s, then {then:.2f} s ({then / first:.1f} times)"


def test_a_bulletin_written_right_to_left_is_a_right_to_left_word_document(tmp_path):
    """An Arabic issue's Word copy had no w:bidi or w:rtl anywhere: LibreOffice drew it flush left, its
    sentences' full stops on the wrong side. Its paragraphs are right to left by the document's defaults,
    its runs say so, its tables and section too; a passage marked English, and the publisher's English
    lines, are left to right. Read back by pandoc too."""
    from .test_sources import FRONT, write_source

    NS = f"{{{W}}}"

    body = (
        "# قسم\n\nقال الخبير John Smith إن الاتفاق خطوة أولى.\n\n{lang=en}\nAn English paragraph.\n\n"
        "::: stats\nالأرقام\n\n| البند | القيمة |\n|---|--:|\n| أ | $1.2 billion |\n| ب | −22.5% |\n\nSource: X.\n:::\n"
    )
    source = write_source(tmp_path, body, front=FRONT.replace("date:", "language: ar\ndate:"))
    data = briefexport.render(briefexport.load(source), "docx", "plain")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        document = etree.fromstring(package.read("word/document.xml"))
        styles = etree.fromstring(package.read("word/styles.xml"))
    assert styles.find(f".//{NS}pPrDefault/{NS}pPr/{NS}bidi") is not None
    paragraphs = {"".join(p.itertext()): p for p in document.iter(f"{NS}p")}
    arabic = paragraphs["قال الخبير John Smith إن الاتفاق خطوة أولى."]
    assert arabic.find(f"{NS}pPr/{NS}bidi") is None  # the document's way: its defaults say it
    assert {r.find(f"{NS}rPr/{NS}rtl") is not None for r in arabic.iter(f"{NS}r")} == {True}
    english = paragraphs["An English paragraph."]
    assert english.find(f"{NS}pPr/{NS}bidi").get(f"{NS}val") == "0"
    assert all(r.find(f"{NS}rPr/{NS}rtl") is None for r in english.iter(f"{NS}r"))
    assert document.find(f".//{NS}tblPr/{NS}bidiVisual") is not None
    # figures written left to right keep their order ("$1.2 billion" read "billion $1.2"), as in the EPUB
    figures = [p for text, p in paragraphs.items() if text in ("$1.2\u00a0billion", "−22.5%")]
    assert [p.find(f"{NS}pPr/{NS}bidi").get(f"{NS}val") for p in figures] == ["0", "0"]
    assert document.find(f".//{NS}sectPr/{NS}bidi") is not None
    # The colophon's label is Arabic: the paragraph is right to left, and its English lines are held left to
    # right ("12 Corniche Road" read "Corniche Road … 12")
    colophon = next(p for text, p in paragraphs.items() if text.startswith("الناشر"))
    assert colophon.find(f"{NS}pPr/{NS}bidi") is None
    lines = [t.text for t in colophon.iter(f"{NS}t")]
    assert lines[1:4] == [
        "\u200eExample Institute\u200e",
        "\u200eNizami 1, Baku, AZ1000, Azerbaijan\u200e",
        "\u200e(+994 12) 000-00-00\u200e",
    ]

    pypandoc = pytest.importorskip("pypandoc")
    path = tmp_path / "ar.docx"
    path.write_bytes(data)
    html = pypandoc.convert_file(str(path), "html", format="docx")
    assert '<span dir="rtl">قال الخبير John Smith' in html and '<span dir="rtl">An English' not in html


def test_each_half_of_a_long_running_head_is_cut_to_half_the_line_as_the_pdfs(tmp_path):
    """A Word reader's trial: a 207-character title ran the header over three lines of every page, the issue
    label run into it with no separator; the PDF cuts each half with an ellipsis. So does the Word copy."""
    from .test_sources import FRONT

    title = "The Caspian Quarterly Review of Energy Security, Transport Corridors and Regional Cooperation " * 2
    front = FRONT.replace("title: T", f"title: {title.strip()}")
    front = front.replace("issue: March 2024", f"issue: {'Special ' * 20}")
    source = write_source(tmp_path, "# S\n\nText.\n", front=front)
    style = load_style("aircenter")
    document = Document(io.BytesIO(briefexport.render(briefexport.load(source), "docx", style)))
    left, right = document.sections[0].header.paragraphs[0].text.split("\t")
    section = document.sections[0]
    width = Length(section.page_width - section.left_margin - section.right_margin)
    font, size = style.font("furniture").regular, style.sizes.furniture
    for half in (left, right):
        assert half.endswith("…") and not half.endswith(",…")
        assert measure.twips(half, font, size) <= width.twips / 2
    assert left.startswith("The Caspian Quarterly Review") and right.startswith("Special Special")


def test_a_table_of_few_rows_of_long_text_lets_go_after_its_third_row(tmp_path):
    """A Word reader's trial: twelve rows whose summary wrapped to four lines, 85 % of a page, counted as a
    line a row: the table was kept whole with its caption, and LibreOffice left the page before it holding
    a heading and three lines. Measured from its cells' text, it lets go after its third row."""
    summary = "A long summary of the delegation's meeting, its agenda and what was agreed at its end " * 3
    rows = "\n".join(f"| Meeting {n} | {summary} |" for n in range(12))
    body = f"# S\n\nA short opening paragraph.\n\nTable: Meetings\n\n| Meeting | Summary |\n|---|---|\n{rows}\n"
    document = Document(io.BytesIO(briefexport.render(briefexport.load(write_source(tmp_path, body)), "docx")))
    (table,) = document.tables
    kept = [
        [p._p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") for cell in row.cells for p in cell.paragraphs]
        for row in table.rows[1:]
    ]
    let_go = [all(k is not None and k.get(qn("w:val")) == "0" for k in row) for row in kept]
    assert let_go == [False] * 3 + [True] * 8 + [False]
