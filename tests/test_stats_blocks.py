"""A ::: stats block: a caption with inline markup (over one or more lines), the table, any notes
("Note:"/"Notes:", kept as written) and the required "Source:"/"Sources:", in every edition."""

from __future__ import annotations

import io
import shutil
import zipfile

import docx
import pypdf
import pytest
from lxml import etree

import briefexport
from briefexport.errors import SourceError
from briefexport.formatting import table_texts
from briefexport.model import Run
from briefexport.styles import load_style

from .conftest import FIXTURES

SOURCE = FIXTURES / "figures" / "bulletin.md"
NOTES = ["Note: every figure here is invented.", "Notes: a second note, with a link."]


@pytest.fixture(scope="module")
def bulletin():
    return briefexport.load(SOURCE)


def test_the_block_reads_caption_notes_and_sources(bulletin):
    table = bulletin.tables()[0]
    assert table.caption == (Run("Money and signs, "), Run("as written", emphasis=True), Run(" in two columns"))
    assert ["".join(r.text for r in note) for note in table.notes] == NOTES
    assert table.notes[1][1] == Run("link", url="https://example.org/notes")
    assert table.source_text == "invented for the test; and nowhere else."
    assert table.several_sources  # "Sources:", printed so


def load_body(body: str):
    text = SOURCE.read_text(encoding="utf-8")
    front = text[: text.index("# Money")]
    return briefexport.loads(front + body, base_dir=SOURCE.parent, name="s.md")


TABLE = "| A | B |\n|:--|--:|\n| x | 1 |\n"


@pytest.mark.parametrize(
    ("stats", "line", "message"),
    [
        (f"{TABLE}\nSource: s.\n", 13, "::: stats holds a caption paragraph, a table, any 'Note: …'"),
        (f"C\n\nD\n\n{TABLE}\nSource: s.\n", 17, "::: stats holds a caption paragraph, a table"),
        (f"C\n\n{TABLE}", 12, "::: stats has no source; end it with a 'Source: …' paragraph"),
        (f"C\n\n{TABLE}\nA remark.\n\nSource: s.\n", 19, "a paragraph after the table must be a note ('Note: …')"),
        (f"C\n\n{TABLE}\nSource: s.\n\nNote: late.\n", 19, "a paragraph after the table must be a note"),
        (f"C\n\n{TABLE}\nSources:\n", 19, "the last paragraph of ::: stats must start with 'Source:'"),
    ],
)
def test_a_block_out_of_order_is_refused_with_its_line_and_what_is_allowed(stats, line, message):
    with pytest.raises(SourceError) as caught:
        load_body(f"# S\n\n::: stats\n{stats}:::\n")
    assert caught.value.line == line
    assert message in str(caught.value)


def test_every_edition_prints_caption_markup_notes_and_source(bulletin):
    text = briefexport.render(bulletin, "text").decode()
    assert "[Money and signs, *as written* in two columns]" in text
    assert all(note in text for note in ("Note: every figure here is invented.", "Notes: a second note, with a"))
    assert "Sources: invented for the test; and nowhere else." in text

    document = docx.Document(io.BytesIO(briefexport.render(bulletin, "docx")))
    texts = [(p.style.name, p.text, [r.italic for r in p.runs]) for p in document.paragraphs]
    caption = next(t for t in texts if t[1] == "Money and signs, as written in two columns")
    assert caption[0] == "Caption" and caption[2] == [None, True, None]
    notes = [t[1] for t in texts if t[0] == "Table Note"]
    assert notes == NOTES
    source_at = next(i for i, t in enumerate(texts) if t[1].endswith("and nowhere else."))
    assert texts[source_at - 1][1] == NOTES[1]  # the notes come after the table, before the source
    assert texts[source_at][1] == "Sources: invented for the test; and nowhere else."

    with zipfile.ZipFile(io.BytesIO(briefexport.render(bulletin, "epub"))) as archive:
        names = [n for n in archive.namelist() if n.endswith(".xhtml")]
        trees = [etree.parse(io.BytesIO(archive.read(n))) for n in names]
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    caption_el = next(c for t in trees for c in t.iterfind(".//h:caption", ns) if "Money" in "".join(c.itertext()))
    assert caption_el.find("h:em", ns).text == "as written"
    wrapper = caption_el.getparent().getparent()
    paragraphs = ["".join(p.itertext()) for p in wrapper.iterfind("h:p", ns)]
    assert paragraphs[:2] == NOTES and paragraphs[2] == "Sources: invented for the test; and nowhere else."
    assert wrapper.find("h:p/h:a", ns).get("href") == "https://example.org/notes"


def test_the_pdf_prints_the_notes_between_the_table_and_the_source(bulletin):
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(briefexport.render(bulletin, "pdf")))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    deficit = text.index("Deficit")
    first, second = text.index("Note: every figure here is invented."), text.index("Notes: a second note, with a link.")
    source = text.index("Sources: invented for the test; and nowhere else.")
    assert deficit < first < second < source
    assert "Money and signs, as written in two columns" in text


def _in_language(language: str, rows: str, source: str = "Source: s."):
    text = SOURCE.read_text(encoding="utf-8")
    front = text[: text.index("# Money")].replace("language: en", f"language: {language}")
    assert f"language: {language}" in front
    body = f"# S\n\n::: stats\nC\n\n| A | B |\n|:--|--:|\n{rows}\n{source}\n:::\n"
    return briefexport.loads(front + body, base_dir=SOURCE.parent, name="s.md")


@pytest.mark.parametrize(
    ("language", "written", "printed"),
    [
        ("en", "Source: the ministry.", "Source: the ministry."),
        ("en", "Sources: the ministry and the bank.", "Sources: the ministry and the bank."),
        ("de", "Quellen: Destatis, Bundesbank.", "Quellen: Destatis, Bundesbank."),
        ("de", "Sources: Destatis, Bundesbank.", "Quellen: Destatis, Bundesbank."),  # the style's word, in German
        ("fr", "Sources : Insee, Banque de France.", "Sources\u00a0: Insee, Banque de France."),
    ],
)
@pytest.mark.parametrize("fmt", ["text", "docx", "epub", "pdf"])
def test_a_source_line_in_the_plural_is_printed_in_the_plural(language, written, printed, fmt):
    """An editor's "Sources: the ministry and the central bank." printed "Source: …" in every edition."""
    bulletin = _in_language(language, "| x | 7 |\n", written)
    data = briefexport.render(bulletin, fmt, "plain")
    if fmt == "docx":
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    elif fmt == "epub":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            pages = [archive.read(n) for n in archive.namelist() if n.endswith(".xhtml")]
        text = "\n".join("".join(etree.fromstring(page).itertext()) for page in pages)
    elif fmt == "pdf":
        import pypdf

        text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
        text, printed = " ".join(text.replace("\u00a0", " ").split()), printed.replace("\u00a0", " ")
    else:
        text = data.decode()
    assert printed in text


@pytest.mark.parametrize(
    ("language", "written", "kept", "printed"),
    [
        ("ru", "1 234,5 млн", "1 234.5 млн", "1\u00a0234,5\u00a0млн"),
        ("ru", "+18,8%", "+18.8%", "+18,8\u00a0%"),
        ("ru", "$1,2 млрд", "$1.2 млрд", "$1,2\u00a0млрд"),
        ("ru", "3,5–4,2%", "3.5–4.2%", "3,5–4,2\u00a0%"),
        ("az", "1.234,5", "1,234.5", "1.234,5"),
        ("de", "90.272", "90,272", "90.272"),  # thousands grouped with dots, as German writes them
        ("ru", "1.234,5", "1,234.5", "1\u00a0234,5"),  # grouped with dots where the language groups with spaces
        ("fr", "1.234.567", "1,234,567", "1\u00a0234\u00a0567"),  # spaces printed as no-break spaces
        ("de", "1.2345", "1.2345", "1,2345"),  # four decimals after a point: a decimal point
        ("az", "5,8 mlrd. $", "5.8 mlrd. $", "5,8\u00a0mlrd.\u00a0$"),
        ("de", "0,42", "0.42", "0,42"),
        ("ru", "1,234.5", "1,234.5", "1\u00a0234,5"),  # written with a decimal point: read so
        ("en", "1,234", "1,234", "1,234"),
    ],
)
def test_figures_are_read_in_the_notation_of_the_bulletins_language(language, written, kept, printed):
    """A Baku editor's "1 234,5 млн" and "+18,8%" were refused: figures had to be typed the American way."""
    table = _in_language(language, f"| x | {written} |\n").sections[0].blocks[0]
    cell = table.rows[0][1]
    assert cell.text == kept  # the model keeps the decimal point (JSON, the other notations)
    assert table_texts(table, language)[0][1] == printed


@pytest.mark.parametrize(
    ("language", "written"), [("ru", "90,272"), ("de", "1,234"), ("az", "33,600"), ("fr", "90.272"), ("ru", "1.234")]
)
def test_a_figure_that_reads_two_ways_in_the_bulletins_language_is_refused(language, written):
    with pytest.raises(SourceError) as caught:
        _in_language(language, f"| x | 7 |\n| y | {written} |\n")
    assert caught.value.line == 18  # the row of the figure
    assert f"{written!r} reads two ways in a bulletin in {language!r}: write " in str(caught.value)


@pytest.mark.parametrize(
    ("language", "written", "decimals"), [("de", "4,800", "4,8"), ("de", "90,272", "90,2720"), ("fr", "12.500", "12,5")]
)
def test_a_figure_that_reads_two_ways_is_shown_written_with_decimals_as_one_would(language, written, decimals):
    """A German trial's "4,800 km" was to be written "4,8000" for four point eight."""
    with pytest.raises(SourceError) as caught:
        _in_language(language, f"| x | 7 |\n| y | {written} |\n")
    assert str(caught.value).endswith(f"or {decimals} for one with decimals (column 'B')")


def test_a_cell_that_is_no_figure_names_the_notation_of_the_bulletins_language_too():
    with pytest.raises(SourceError, match=r"is not a figure; .* in 'ru' also 1 234,5 or \+18,8 %") as caught:
        _in_language("ru", "| x | около пяти |\n")
    # Not the comma grouping "90,272", which this language refuses as reading two ways.
    assert "1 000 (grouped with spaces)" in str(caught.value) and "90,272" not in str(caught.value)
    assert "1,000 MW" not in str(caught.value)  # nor a unit's figure grouped so
    # German groups with dots (a trial was offered "1 234,5" as its form)
    with pytest.raises(SourceError, match=r"is not a figure; .* in 'de' also 1\.234,5 or \+18,8 %") as caught:
        _in_language("de", "| x | etwa fünf |\n")
    assert "1.000 or 1 000 (grouped with dots or spaces)" in str(caught.value) and "1.000 MW" in str(caught.value)
    assert ", and k. A. for no figure" in str(caught.value)  # the mark it takes for none (an editor's trial)


@pytest.mark.parametrize(
    ("language", "written", "value"), [("de-CH", "12'500 MW", 12500.0), ("de-CH", "CHF 1’200", 1200.0)]
)
def test_a_language_that_groups_with_an_apostrophe_may_be_written_so(language, written, value):
    """A Swiss editor's re-trial: 12 500 printed as 12'500, but 12'500 typed was no figure."""
    cell = _in_language(language, f"| x | {written} |\n").sections[0].blocks[0].rows[0][1]
    assert cell.value == value
    assert written.replace("’", "'").split()[-1] in briefexport.render(
        _in_language(language, f"| x | {written} |\n"), "text"
    ).decode().replace("’", "'")
    with pytest.raises(SourceError, match="in 'de-CH' also 12'500 \\(grouped with apostrophes\\)"):
        _in_language(language, "| x | 12'50 |\n")
    with pytest.raises(SourceError):
        _in_language("en", "| x | 12'500 |\n")  # English groups with commas


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("12,5", "12.5"),
        ("+1,75%", "+1.75%"),
        ("0,5 bn", "0.5 bn"),
        ("$5,8 billion", "$5.8 billion"),
        # an editor's trial: told '€1.2 Mrd.', which then read as 1.2 with a unit "Mrd."
        ("€1,2 Mrd.", "€1.2 billion"),
        ("3,4 Mio. €", "3.4 million €"),
    ],
)
def test_a_decimal_comma_in_a_bulletin_that_writes_a_point_is_answered_with_the_point(written, meant):
    """An English editor's "12,5" got a list of every form a figure may take (700 characters); what they
    meant is one: the figure with its point."""
    with pytest.raises(SourceError) as caught:
        _in_language("en", f"| x | 7 |\n| y | {written} |\n")
    assert caught.value.line == 18
    assert str(caught.value).endswith(
        f"{written!r} in the right-aligned column 'B' is not a figure in 'en', which writes a decimal point: "
        f"write {meant!r}"
    )


@pytest.mark.parametrize(("written", "meant"), [("€1.2 Mrd.", "€1.2 billion"), ("5 млн", "5 million")])
def test_another_languages_scale_word_in_an_english_figure_is_refused_for_the_english_one(written, meant):
    """Every edition printed '€1.2 Mrd.' as written, and the model read it as 1.2 with a unit 'Mrd.'."""
    with pytest.raises(SourceError) as caught:
        _in_language("en", f"| x | {written} |\n")
    assert str(caught.value).endswith(
        f"holds a scale word of another language, which 'en' would read as a unit: write {meant!r}"
    )
    assert _in_language("de", "| x | 1,2 Mrd. € |\n").sections[0].blocks[0].rows[0][1].value == 1.2e9


@pytest.mark.parametrize("written", ["12,5,6", "twelve,5", "about 1,5"])
def test_a_comma_that_is_no_decimal_point_either_gets_the_forms_a_figure_takes(written):
    with pytest.raises(SourceError) as caught:
        _in_language("en", f"| x | {written} |\n")
    assert "writes a decimal point" not in str(caught.value) and "is not a figure; write a figure" in str(caught.value)


def test_a_comma_that_groups_thousands_is_a_figure_as_before():
    table = _in_language("en", "| x | 12,500 |\n| y | 1,250,000 |\n").sections[0].blocks[0]
    assert [row[1].text for row in table.rows] == ["12,500", "1,250,000"]


@pytest.mark.parametrize(("language", "none"), [("de", "k. A."), ("fr", "n.d."), ("ru", "н/д"), ("de", "n/a")])
def test_the_languages_own_mark_for_no_figure_is_a_text_cell(language, none):
    table = _in_language(language, f"| x | {none} |\n| y | 5 |\n").sections[0].blocks[0]
    assert "".join(run.text for run in table.rows[0][1].runs) == none


LARGE_TYPE = """name = "large"
label = "Large type"
extends = "plain"
[page]
size = "Letter"
margin_top = 25
margin_bottom = 28
[sizes]
body = 15
leading = 21
table = 13
caption = 13
source = 11
"""


def test_a_table_whose_rows_are_too_tall_for_two_under_its_header_on_a_page_is_set(tmp_path):
    """A layout trial (helper-183): in large type, a key-figure table of seven columns whose indicator names
    ran to a hundred words had rows of 600 points: no page held two of them under the header row, which a
    cut must leave on each side, and the PDF failed ("something is too large for a column or page"). Such
    a table is cut as ReportLab cuts it."""
    shutil.copy(FIXTURES / "layout" / "publisher.yaml", tmp_path / "publisher.yaml")
    (tmp_path / "large.toml").write_text(LARGE_TYPE, encoding="utf-8")
    words = " ".join(["reservoir corridor transit grain cargo tariff border harbour"] * 14)
    rows = "\n".join(
        f"| Item {i} {words if i < 3 else ''} | 9,415 | 2,310 | 3,698 | 1,955 | 7,596 | 792 |" for i in range(12)
    )
    table = "| Indicator | 2014 | 2015 | 2016 | 2017 | 2018 | 2019 |\n|:--|--:|--:|--:|--:|--:|--:|\n" + rows
    head = "---\ntitle: Review\nissue: May 2026\ndate: 2026-05-31\nlanguage: en\npublisher: publisher.yaml\n---\n"
    body = f"# One\n\nA few words.\n\n::: stats\nKey indicators\n\n{table}\n\nSource: the trial.\n:::\n"
    (tmp_path / "b.md").write_text(head + "\n" + body, encoding="utf-8")
    pdf = briefexport.render(briefexport.load(tmp_path / "b.md"), "pdf", style=load_style("large", tmp_path))
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert all(f"Item {i}" in text for i in range(12))
