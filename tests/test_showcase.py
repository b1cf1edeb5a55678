"""The showcase (examples/showcase/): a specimen bulletin that uses every construct of the source format,
built once in every format and read back by programs that did not write it.

EPUBCheck and DAISY Ace read the EPUB; LibreOffice lays out the Word file, and pandoc reads it and the
EPUB; pdftotext and pdfimages read the PDF; `briefexport preflight` reads the print edition. The
expected texts below are the showcase's own, as its source writes them.
"""

from __future__ import annotations

import re
import subprocess
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import briefexport
from briefexport.cli import main
from briefexport.model import LINE_BREAK, Bulletin, block_type

from .checkers import check_edition, libreoffice_pdfs, pandoc_json, pandoc_nodes
from .conftest import ROOT, require_tool

SHOWCASE = ROOT / "examples" / "showcase" / "showcase.md"
FORMATS = {"pdf": ".pdf", "docx": ".docx", "epub": ".epub", "text": ".txt"}

BYLINES = [
    "By the Specimen Press editors · November 30, 2026",
    "By A. Placeholder · Specimen Press",
    "By the Specimen Press editors",
]
SUBHEADINGS = ["What the front matter holds", "How the editions are built"]
# Each item's own text (its nested list follows it), in the source's order.
BULLETS = [
    "the title, the issue label and the date, which every edition needs;",
    "the publisher file, shared by every issue:",
    "its name and postal address;",
    "its contact lines:",
    "phone numbers, which never break across lines;",
    "an e-mail address and a website;",
    "the optional summary, authors and keywords, which become each edition's metadata.",
]
NUMBERED = [
    ("3.", "Write the source and its publisher file, side by side in one folder."),
    ("4.", "Build every edition with briefexport build:"),
    (None, "the PDF, the Word file, the EPUB and the text outline, at once;"),
    (None, "with --print -f pdf, the print shop's PDF:"),
    (None, "in CMYK, with crop marks and bleed;"),
    (None, "checked by briefexport preflight before it is written."),
    ("5.", "Open each edition and read it against the source."),
]
LIST_ITEMS = BULLETS + [text for _, text in NUMBERED]
# (the words just before a note's reference, the note's text), in the order of the references
FOOTNOTES = [
    (
        "and it says so each time.",
        "A specimen is a sample printed to show what a format looks like; nothing in it is news.",
    ),
    (
        "with YAML front matter on top.",
        "YAML is the notation of the front matter; the YAML specification gives its rules.",
    ),
    (
        "become each edition's metadata.",
        "The PDF's document properties, the Word file's core properties and the EPUB's package metadata.",
    ),
    (
        "fill the tables and the charts below.",
        "The numbers were made up for this specimen; see make_chart.py beside the source for the charts' numbers.",
    ),
    (
        "a reading room is an oxu zalı in Azerbaijani.",
        "The Azerbaijani sentence and phrase were written for this specimen; the language tag is the BCP 47 code az.",
    ),
    (
        "extracted with pdftotext.",
        "These are the readers the project's own tests use; the print edition also passes briefexport preflight.",
    ),
]
CHART, HOURS = (2400, 1200), (2400, 1800)  # the two pictures' sizes in pixels (make_chart.py)


def squeeze(text: str) -> str:
    """Text as compared: no spaces or line breaks, no hyphens (a line's end breaks words at them), straight
    apostrophes and quotes."""
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"[\s\u00ad\u2010-]+", "", text)


def _run(*args: str, **kwargs: Any) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=300, **kwargs).stdout


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict[str, Path]:
    """Every edition of the showcase, built by the command line as a user builds it, and the print PDF."""
    out = tmp_path_factory.mktemp("showcase")
    for extra in ([], ["--print", "-f", "pdf"]):
        result = CliRunner().invoke(main, ["build", str(SHOWCASE), "-j", "1", "-o", str(out), *extra])
        assert result.exit_code == 0, result.output
    built = {fmt: out / f"showcase{suffix}" for fmt, suffix in FORMATS.items()}
    return {**built, "print": out / "showcase.print.pdf"}


# -- the model: every construct is there, read as what it is ------------------------------------------------


@pytest.fixture(scope="module")
def showcase() -> Bulletin:
    return briefexport.load(SHOWCASE)


def _of(showcase: Bulletin, kind: str) -> list[Any]:
    return [block for block in showcase.blocks() if block_type(block) == kind]


def _marked(runs: Any, mark: str) -> bool:
    return any(getattr(run, mark) for run in runs)


def test_the_introduction_and_every_section_with_its_byline_standfirst_and_sub_headings(showcase):
    assert showcase.introduction and len(showcase.sections) == 4
    address = [run for block in showcase.introduction for run in block.runs if run.text == LINE_BREAK]
    assert len(address) == 3  # the postal address, line by line
    assert [squeeze("".join(r.text for r in s.byline)) for s in showcase.sections] == [
        squeeze(b) for b in BYLINES + BYLINES[-1:]
    ]
    assert all(section.standfirst for section in showcase.sections)
    assert [block.title for block in _of(showcase, "subheading")] == SUBHEADINGS


def test_the_lists_nest_three_levels_and_the_numbered_one_starts_at_3(showcase):
    bullets, numbered = _of(showcase, "list")
    assert (bullets.ordered, bullets.depth) == (False, 3)
    assert (numbered.ordered, numbered.start, numbered.depth) == (True, 3, 3)


def test_the_footnotes_are_numbered_in_order_and_one_holds_a_link(showcase):
    assert [note.number for note in showcase.footnotes] == list(range(1, len(FOOTNOTES) + 1))
    texts = ["".join(run.text for p in note.paragraphs for run in p) for note in showcase.footnotes]
    assert [squeeze(text) for text in texts] == [squeeze(note) for _, note in FOOTNOTES]
    assert [note.label for note in showcase.footnotes if any(_marked(p, "url") for p in note.paragraphs)] == ["yaml"]


def test_the_quotes_the_attribution_link_and_the_passages_in_azerbaijani(showcase):
    [quote] = showcase.quotes("block")
    assert quote.attribution_text.startswith("John Gruber") and _marked(quote.attribution, "url")
    assert len(showcase.quotes("pull")) == 1
    [passage] = [block for block in _of(showcase, "paragraph") if block.lang == "az"]
    assert passage.runs[0].text.startswith("Bu nümunə")
    spans = [run.text for block in showcase.blocks() for run in getattr(block, "runs", ()) if run.lang == "az"]
    assert spans == ["oxu zalı"]


def test_the_tables_and_pictures_keep_their_inline_markup(showcase):
    [stats] = showcase.tables()
    assert _marked(stats.caption, "emphasis") and _marked(stats.source, "url") and _marked(stats.notes[0], "emphasis")
    assert any(_marked(cell.runs, "strong") for row in stats.rows for cell in row if hasattr(cell, "runs"))
    [table] = _of(showcase, "table")
    assert _marked(table.caption, "emphasis")
    cells = [cell for row in table.rows for cell in row]
    assert any(_marked(c, "strong") for c in cells) and any(_marked(c, "url") for c in cells)
    chart, hours = _of(showcase, "figure")
    assert (chart.width, Path(chart.path).name, hours.width, Path(hours.path).name) == (
        "full",
        "chart.png",
        "column",
        "hours.png",
    )
    assert chart.alt and chart.caption and _marked(chart.credit, "emphasis")
    assert hours.alt and "invented sample data" in "".join(run.text for run in hours.caption)


# -- EPUB ----------------------------------------------------------------------------------------------


def test_epubcheck_finds_no_error_and_no_warning(editions):
    check_edition("epub", editions["epub"])


# DAISY Ace (no violation of any severity) and the reading system at phone width (no table wider than
# 320 px at 200 % text) check the showcase in tests/test_epub_accessibility.py, as every bulletin there.


# -- pandoc reads the Word file and the EPUB ------------------------------------------------------------


def _stringify(node: Any) -> str:
    if isinstance(node, dict):
        if node.get("t") == "Str":
            return str(node["c"])
        if node.get("t") in ("Space", "SoftBreak", "LineBreak"):
            return " "
        if node.get("t") == "Note":
            return ""  # a note's text is not part of the sentence it hangs on
        return _stringify(node.get("c", []))
    if isinstance(node, list):
        return "".join(_stringify(n) for n in node)
    return ""


def _items(node: dict[str, Any]) -> list[list[Any]]:
    """A BulletList's or OrderedList's items, each a list of blocks."""
    return node["c"] if node["t"] == "BulletList" else node["c"][1]


def _depth(node: dict[str, Any]) -> int:
    """How many lists nest in this one, itself included."""
    inner = [n for item in _items(node) for kind in ("BulletList", "OrderedList") for n in pandoc_nodes(item, kind)]
    return 1 + max((_depth(n) for n in inner), default=0)


@pytest.fixture(scope="module", params=["docx", "epub"])
def pandoc(request, editions) -> dict[str, Any]:
    return pandoc_json(editions[request.param], request.param)


def test_pandoc_reads_the_bulleted_list_three_levels_deep(pandoc):
    [outer] = [n for n in pandoc_nodes(pandoc["blocks"], "BulletList") if "the title, the issue label" in _stringify(n)]
    assert _depth(outer) == 3
    assert squeeze(_stringify(outer)) == squeeze("".join(BULLETS))


def test_pandoc_reads_the_numbered_list_starting_at_3_three_levels_deep(pandoc):
    [outer] = [n for n in pandoc_nodes(pandoc["blocks"], "OrderedList") if "Write the source" in _stringify(n)]
    start = outer["c"][0][0]
    assert start == 3
    assert len(_items(outer)) == 3 and _depth(outer) == 3
    assert squeeze(_stringify(outer)) == squeeze("".join(text for _, text in NUMBERED))


def test_pandoc_reads_the_sub_headings_as_level_2_headings(pandoc):
    level_2 = [_stringify(h["c"][2]) for h in pandoc_nodes(pandoc["blocks"], "Header") if h["c"][0] == 2]
    assert [title for title in level_2 if title in SUBHEADINGS] == SUBHEADINGS


def test_pandoc_reads_every_footnote_as_a_note(pandoc):
    notes = [squeeze(_stringify(note["c"])) for note in pandoc_nodes(pandoc["blocks"], "Note")]
    # The EPUB's note starts with its number, a link back to the reference; the Word file's has none.
    notes = [note.removeprefix(str(number)) for number, note in enumerate(notes, 1)]
    assert notes == [squeeze(text) for _, text in FOOTNOTES]


# -- the Word file laid out by LibreOffice ---------------------------------------------------------------


@pytest.fixture(scope="module")
def libreoffice_pdf(editions, tmp_path_factory) -> Path:
    [pdf] = libreoffice_pdfs([editions["docx"]], tmp_path_factory.mktemp("libreoffice"))
    return pdf


def _pages(pdf: Path) -> list[tuple[float, str, list[float]]]:
    """Each page as pdftotext -bbox reads it: its height, its text squeezed, and each character's top."""
    html = _run(require_tool("pdftotext"), "-bbox", str(pdf), "-")
    pages = []
    for page in re.finditer(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', html, re.DOTALL):
        text, tops = "", []
        for top, word in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)</word>', page.group(2)):
            word = squeeze(unescape(word))
            text += word
            tops += [float(top)] * len(word)
        pages.append((float(page.group(1)), text, tops))
    return pages


def test_libreoffice_sets_each_footnote_at_the_foot_of_the_page_that_refers_to_it(libreoffice_pdf):
    pages = _pages(libreoffice_pdf)
    for before, note in FOOTNOTES:
        reference, note = squeeze(before), squeeze(note)
        found = [(height, text, tops) for height, text, tops in pages if reference in text]
        assert found, f"{before!r} is on no page"
        height, text, tops = found[0]
        assert note in text, f"the note {note[:30]!r} is not on the page of its reference"
        reference_top, note_top = tops[text.index(reference)], tops[text.index(note)]
        assert reference_top < note_top and note_top > height / 2, (before, reference_top, note_top, height)


def test_libreoffice_numbers_the_list_though_the_word_text_holds_no_numbers(editions, libreoffice_pdf):
    import docx

    paragraphs = [p.text for p in docx.Document(str(editions["docx"])).paragraphs]
    laid_out = _run(require_tool("pdftotext"), "-layout", str(libreoffice_pdf), "-")
    for number, item in NUMBERED:
        [_] = [p for p in paragraphs if squeeze(p) == squeeze(item)]  # the item's text alone, no number typed
        first, second = (re.escape(word) for word in item.split()[:2])
        marker = re.search(rf"^\s*(\S+)\s+{first}\s+{second}", laid_out, re.MULTILINE)
        assert marker, f"{item!r} does not start a line after a list marker"
        if number:
            assert marker.group(1) == number
        else:  # a nested item: a number or letter of its own list, or a bullet
            assert re.fullmatch(r"(\d+|[a-z]+)[.)]|[^\w\s]", marker.group(1)), (item, marker.group(1))


# -- the PDF and the text edition -------------------------------------------------------------------------


def test_pdftotext_shows_every_byline_list_item_and_footnote(editions):
    text = squeeze(_run(require_tool("pdftotext"), str(editions["pdf"]), "-"))
    expected = BYLINES + LIST_ITEMS + [note for _, note in FOOTNOTES]
    assert [line for line in expected if squeeze(line) not in text] == []


def test_the_text_edition_shows_every_byline_list_item_and_footnote(editions):
    written = editions["text"].read_text(encoding="utf-8")
    text = squeeze(re.sub(r"\*+| ?<(https?|mailto):[^>]*>", "", written))  # as read: no markup, no link targets
    expected = BYLINES + LIST_ITEMS + [note for _, note in FOOTNOTES]
    assert [line for line in expected if squeeze(line) not in text] == []


def _images(pdf: Path) -> list[tuple[int, int, int]]:
    """(width, height, ppi across) of every image pdfimages lists: one line per image drawn."""
    listing = [line.split() for line in _run(require_tool("pdfimages"), "-list", str(pdf)).splitlines()[2:]]
    return [(int(line[3]), int(line[4]), int(line[12])) for line in listing if line[2] == "image"]


@pytest.mark.parametrize(("edition", "ppi"), [("pdf", 200), ("print", 300)])
def test_each_chart_is_drawn_once_in_the_pdf_at_the_resolution_its_edition_needs(editions, edition, ppi):
    """Each chart once, known by its proportions; at the size it is shown, as fine as it is up to half as
    much again as its edition needs, else at what it needs (pictures.finest)."""
    images = _images(editions[edition])
    assert sorted(round(w / h, 2) for w, h, _ in images) == sorted(round(w / h, 2) for w, h in (CHART, HOURS)), images
    assert all(ppi - 1 <= shown <= 1.5 * ppi for _, _, shown in images), images


def test_the_print_edition_passes_preflight(editions):
    result = CliRunner().invoke(main, ["preflight", str(editions["print"])])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"{editions['print']}: fit for press"


def test_a_second_build_gives_the_same_bytes(editions, tmp_path):
    result = CliRunner().invoke(main, ["build", str(SHOWCASE), "-j", "2", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for fmt, suffix in FORMATS.items():
        assert (tmp_path / f"showcase{suffix}").read_bytes() == editions[fmt].read_bytes(), fmt
