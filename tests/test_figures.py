"""Every figure form the source format accepts, read back from every edition exactly as written.

tests/fixtures/figures/ uses each form of the README's "Figures" list. Each
edition is read by a reader of its own (pdftotext, python-docx, the EPUB's
XHTML, the text edition itself) and must hold every figure as written: sign
and currency included, a minus as U+2212, numbers in the language's format
(the fixture is English: "1 000" is printed "1,000"). A figure column lines
its figures up on the decimal point in the PDF and the Word file (read back
through LibreOffice): the parts before the point end at one x.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTComponent

import briefexport

from .checkers import libreoffice_pdfs
from .conftest import FIXTURES, require_tool

MINUS = "\u2212"

# As written in tests/fixtures/figures/bulletin.md -> as every edition prints it.
PRINTED = {
    "$5.8 billion": "$5.8 billion",
    "USD 5.8 billion": "USD 5.8 billion",
    "5.8 billion USD": "5.8 billion USD",
    "€12 million": "€12 million",
    "12 million €": "12 million €",
    "AZN 1.2 billion": "AZN 1.2 billion",
    "₼1.5bn": "₼1.5bn",
    "£3 thousand": "£3 thousand",
    "¥2 trillion": "¥2 trillion",
    "₺40 mn": "₺40 mn",
    "₽7m": "₽7m",
    "₹9": "₹9",
    "-$5.8 billion": f"{MINUS}$5.8 billion",
    "+18.8%": "+18.8%",
    "−2.85": f"{MINUS}2.85",
    "-0.4": f"{MINUS}0.4",
    "–1.7": f"{MINUS}1.7",  # an en dash typed for a minus (a statistician's trial: refused)
    "+4.08": "+4.08",
    "≈200": "≈200",
    "~200": "~200",
    "<5": "<5",
    ">50": ">50",
    "≤5%": "≤5%",
    "3–5 bcm": "3–5 bcm",
    "3-5%": "3–5%",  # house typography: a hyphen between digits is an en dash
    "50+": "50+",
    "≥5": "≥5",
    "1 000": "1,000",
    "90,272": "90,272",
    ".5": ".5",
    "1,000 MW": "1,000 MW",
    "6,478,623": "6,478,623",
    "76.43%": "76.43%",
}
NO_FIGURE = ["—", "–", "n/a"]


def spaced(text: str) -> str:
    """No-break spaces read as spaces: readers differ in which they give back."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("figures")
    bulletin = briefexport.load(FIXTURES / "figures" / "bulletin.md")
    paths = {}
    for fmt in ("pdf", "docx", "epub", "text"):
        data = briefexport.render(bulletin, fmt)
        paths[fmt] = out / f"figures.{fmt}"
        paths[fmt].write_bytes(data)
    return paths


def test_the_fixture_uses_every_form_the_readme_lists():
    source = (FIXTURES / "figures" / "bulletin.md").read_text(encoding="utf-8")
    cells = {cell.strip() for line in source.splitlines() if line.startswith("|") for cell in line.split("|")}
    assert set(PRINTED) | set(NO_FIGURE) <= cells
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for written in ("$5.8 billion", "USD 5.8 billion", "5.8 billion USD", "3–5 bcm", "3-5%", "50+", "1 000", ".5"):
        assert f"`{written}`" in readme


def cells_of_pdf(path: Path) -> str:
    text = subprocess.run(
        [require_tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return spaced(text)


def cells_of_docx(path: Path) -> list[str]:
    document = docx.Document(str(path))
    return [spaced(cell.text) for table in document.tables for row in table.rows for cell in row.cells]


def cells_of_epub(path: Path) -> list[str]:
    cells = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".xhtml"):
                tree = etree.parse(io.BytesIO(archive.read(name)))
                cells += [spaced("".join(td.itertext())) for td in tree.iter("{http://www.w3.org/1999/xhtml}td")]
    return cells


def test_every_edition_prints_every_figure_as_written(editions):
    pdf = cells_of_pdf(editions["pdf"])
    docx_cells = cells_of_docx(editions["docx"])
    epub_cells = cells_of_epub(editions["epub"])
    text = spaced(editions["text"].read_text(encoding="utf-8"))
    for written, printed in PRINTED.items():
        expected = spaced(printed)
        assert re.search(rf"(?<!\S){re.escape(expected)}(?!\S)", pdf), (written, "pdf")
        assert expected in docx_cells, (written, "docx")
        assert expected in epub_cells, (written, "epub")
        assert re.search(rf"(?<!\S){re.escape(expected)}(?!\S)", text), (written, "text")
    for cell in NO_FIGURE:
        assert cell in docx_cells and cell in epub_cells


def test_no_edition_turns_a_minus_into_a_hyphen_or_a_dash(editions):
    """'−2.85' can be searched for in every edition: the minus is U+2212, never '-' or '–'."""
    pdf = cells_of_pdf(editions["pdf"])
    assert f"{MINUS}2.85" in pdf and f"{MINUS}$5.8 billion" in pdf
    for fmt in ("docx", "epub"):
        cells = cells_of_docx(editions[fmt]) if fmt == "docx" else cells_of_epub(editions[fmt])
        assert not [c for c in cells if re.match(r"[-–]\d|[-–]\$", c)], fmt


# The quantities table: each row's label and its figure's part before the decimal point.
ALIGNED = {"Households": "1,000", "People": "90,272", "Share": "", "Power": "1,000", "Turnout": "76"}


def integer_ends(pdf: Path) -> dict[str, float]:
    """For each ALIGNED row of the quantities table: the x where its figure's part before the point ends."""
    ends = {}
    for text, line in page_lines(pdf, "Quantities, ranges"):
        for label, head in ALIGNED.items():
            if text.startswith(label) and label not in ends:
                figure = [c for c in line if c.x0 > line[len(label) - 1].x1 + 1 and c.get_text().strip()]
                ends[label] = figure[len(head) - 1].x1 if head else figure[0].x0
    return ends


def page_lines(pdf: Path, caption: str) -> list[tuple[str, list[LTChar]]]:
    """The lines of the page that holds `caption`, each its text and its characters from left to right."""
    page = next(p for p in extract_pages(str(pdf)) if caption in "".join(c.get_text() for c in chars(p)))
    lines: dict[int, list[LTChar]] = {}
    for char in chars(page):
        lines.setdefault(round(char.y0), []).append(char)
    out = []
    for line in lines.values():
        line.sort(key=lambda c: c.x0)
        out.append(("".join(c.get_text() for c in line), line))
    return out


def chars(item: LTComponent) -> list[LTChar]:
    if isinstance(item, LTChar):
        return [item]
    return [c for child in getattr(item, "_objs", []) for c in chars(child)]


# The money table's Change column: a figure that fills it, and texts (a dash, "n/a") in the same column.
FLUSH = ("Budget", "Loan", "Revenue", "Reserve")


def right_ends(pdf: Path) -> dict[str, float]:
    """For each FLUSH row of the money table: the x where its last cell's text ends."""
    ends = {}
    for text, line in page_lines(pdf, "Money and signs"):
        for label in FLUSH:
            if text.startswith(label) and label not in ends:
                ends[label] = max(c.x1 for c in line if c.get_text().strip())
    return ends


@pytest.mark.parametrize(
    ("ends", "rows"), [(integer_ends, ALIGNED), (right_ends, FLUSH)], ids=["figures-on-the-point", "texts-flush-right"]
)
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_figure_column_lines_figures_up_on_the_point_and_texts_on_its_right(editions, tmp_path, fmt, ends, rows):
    """Each figure's part before the point ends at one x (".5", with none, starts its point there); a text
    ("n/a", a dash) ends at the column's right, with its widest figure (it had ended at the point)."""
    pdf = editions["pdf"] if fmt == "pdf" else libreoffice_pdfs([editions["docx"]], tmp_path)[0]
    found = ends(pdf)
    assert set(found) == set(rows)
    assert max(found.values()) - min(found.values()) < 0.6, found
