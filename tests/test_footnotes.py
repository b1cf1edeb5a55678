"""Footnotes in every edition, read back by independent readers.

The fixture (tests/fixtures/footnotes) refers to six notes from the introduction, a section's
paragraphs (one note twice), a block quote and a table caption; one note has two paragraphs and a
link. PDF: pdftotext and pikepdf's link annotations; DOCX: the package, python-docx, pandoc and
LibreOffice's page layout; EPUB: the XHTML, EPUBCheck and pandoc (DAISY Ace runs on the fixture in
test_epub_accessibility.py); text: the outline.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pikepdf
import pypandoc
import pytest
from click.testing import CliRunner
from lxml import etree

import briefexport
from briefexport.cli import main
from briefexport.errors import ModelError, SchemaError
from briefexport.model import Footnote, ListBlock, ListItem, Paragraph, Run
from briefexport.renderers.docx import DocxRenderer
from briefexport.renderers.epub import EpubRenderer
from briefexport.renderers.outline import OutlineRenderer
from briefexport.renderers.pdf import PdfRenderer
from briefexport.serialize import from_dict, json_schema, to_dict
from briefexport.validation import validate

from . import pdflayout
from .checkers import check_edition, libreoffice_pdfs, pandoc_json, pandoc_nodes
from .conftest import FIXTURES, require_tool

SOURCE = FIXTURES / "footnotes" / "bulletin.md"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


@pytest.fixture(scope="module")
def noted() -> briefexport.Bulletin:
    return briefexport.load(SOURCE)


@pytest.fixture(scope="module")
def at_end(aircenter):
    return aircenter.replace(footnotes=dataclasses.replace(aircenter.footnotes, placement="end"))


def note_text(note: Footnote, paragraph: int = 0) -> str:
    return "".join(run.text for run in note.paragraphs[paragraph])


def squeeze(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext reads it, squeezed, words broken at a line's end whole again (the
    break hyphen is a soft hyphen in the text layer)."""
    raw = subprocess.run([require_tool("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True)
    return squeeze(re.sub("\u00ad\\s*", "", raw.stdout))


def pandoc_notes(path: Path) -> list[str]:
    """The text of every Note inline pandoc reads from a file, in order."""
    ast = pandoc_json(path, path.suffix[1:])
    found: list[str] = []
    for note in pandoc_nodes(ast["blocks"], "Note"):
        document = {"pandoc-api-version": ast["pandoc-api-version"], "meta": {}, "blocks": note["c"]}
        found.append(squeeze(pypandoc.convert_text(json.dumps(document), "plain", format="json")))
    return found


# -- the model ---------------------------------------------------------------------------------------


def test_the_fixture_has_six_notes_in_the_order_of_first_reference(noted):
    assert [(n.number, n.label) for n in noted.footnotes] == [
        (1, "editor"),
        (2, "snap"),
        (3, "turnout"),
        (4, "quote"),
        (5, "inauguration"),
        (6, "figures"),
    ]
    assert [n.number for n in noted.introduction_notes()] == [1]
    assert [[n.number for n in noted.section_notes(i)] for i in range(len(noted.sections))] == [[2, 3, 4], [5, 6]]


def test_footnotes_survive_a_json_round_trip_and_match_the_json_schema(noted):
    import jsonschema

    data = json.loads(json.dumps(to_dict(noted), ensure_ascii=False))
    jsonschema.validate(data, json_schema())
    assert data["footnotes"][1]["label"] == "snap" and len(data["footnotes"][1]["paragraphs"]) == 2
    assert {"text": "2", "note": 2} in data["sections"][0]["blocks"][0]["runs"]
    assert from_dict(data, base_dir=SOURCE.parent) == noted


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["footnotes"].pop(), "$.footnotes: the text refers to footnote 6, but there are 5"),
        (lambda d: d["footnotes"][0].update(number=2), "$.footnotes[0].number: expected 1 (notes are numbered"),
        (lambda d: d["footnotes"][0].update(number=0), "$.footnotes[0].number: expected a footnote number"),
        (lambda d: d["footnotes"][0].update(paragraphs=[]), "$.footnotes[0].paragraphs: must not be empty"),
        (lambda d: d["footnotes"][0].update(label=""), "$.footnotes[0].label: must not be empty"),
        (lambda d: d["footnotes"][0].update(colour="red"), "$.footnotes[0]: unknown key 'colour'"),
        (
            lambda d: d["introduction"][0]["runs"].pop(),
            "$.footnotes: footnote 2 is referred to before footnote 1; number notes in order",
        ),
        (
            lambda d: d["footnotes"][0]["paragraphs"][0].append({"text": "3", "note": 3}),
            "$.footnotes[0].paragraphs[0]: a footnote may not refer to another footnote",
        ),
        (
            lambda d: d["introduction"][0]["runs"][-1].update(text="one"),
            "$.introduction[0].runs[1].text: a footnote reference's text is its number 1, got 'one'",
        ),
        (
            lambda d: d.update(schema_version=1),
            "$.introduction: not in schema version 1",
        ),
    ],
)
def test_a_broken_footnote_in_json_is_a_schema_error_at_its_path(noted, change, message):
    data = json.loads(json.dumps(to_dict(noted)))
    change(data)
    with pytest.raises(SchemaError) as caught:
        from_dict(data, base_dir=SOURCE.parent)
    assert str(caught.value).startswith(message), str(caught.value)


def test_a_footnote_never_referred_to_in_a_model_built_in_code_is_refused(minimal):
    extra = Footnote(1, "lonely", ((Run("Nobody refers to me."),),))
    with pytest.raises(ModelError, match=r"^footnotes\[0\]: the text never refers to this footnote$"):
        validate(dataclasses.replace(minimal, footnotes=(extra,)))
    referred = dataclasses.replace(minimal, introduction=(Paragraph((Run("Text"), Run("1", note=1))),))
    assert validate(dataclasses.replace(referred, footnotes=(extra,)))


def test_a_source_with_a_broken_footnote_fails_the_build_with_exit_2_and_one_line(tmp_path):
    (tmp_path / "publisher.yaml").write_text((SOURCE.parent / "publisher.yaml").read_text())
    source = tmp_path / "b.md"
    source.write_text(SOURCE.read_text().replace("[^turnout]: The share", "[^turn]: The share"))
    result = CliRunner().invoke(main, ["build", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "footnote reference [^turnout] has no note; did you mean [^turn] (line 35)?" in result.output
    assert "Traceback" not in result.output


# -- the text edition ------------------------------------------------------------------------------------


def test_the_text_edition_marks_references_and_lists_the_notes_after_their_section(noted, aircenter):
    text = OutlineRenderer().render(noted, aircenter).decode()
    assert "territory.[5]" in text and "history.[2]" in text and "elections[2]" in text
    first, second = text.index("\nI. Elections across the whole territory\n="), text.index("\nII. Priorities abroad\n=")
    introduction = text.index("\nIn this issue\n=")
    assert introduction < text.index("[1] The editor’s note") < first < text.index("[2] Early elections") < second
    assert "    A note may hold a second paragraph" in text
    assert second < text.index("[6] Figures rounded") < text.index("Published by")


def test_the_text_edition_sets_all_notes_at_the_end_when_the_style_says_so(noted, at_end):
    text = OutlineRenderer().render(noted, at_end).decode()
    heading = text.index("\nNotes\n=====\n")
    assert text.index("\nII. Priorities abroad\n=") < heading < text.index("[1] The editor’s note")


# -- PDF ---------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Word:
    page: int
    box: tuple[float, float, float, float]  # x0, top, x1, bottom (from the page's top, points)
    text: str


def pdf_words(path: Path) -> list[Word]:
    """Every word with its box, as poppler's pdftotext -bbox reads them."""
    html = subprocess.run(
        [require_tool("pdftotext"), "-bbox", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    words: list[Word] = []
    for page, body in enumerate(re.split(r"<page [^>]*>", html)[1:]):
        for m in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', body):
            words.append(Word(page, tuple(float(v) for v in m.groups()[:4]), m.group(5)))  # type: ignore[arg-type]
    return words


def internal_links(pdf: pikepdf.Pdf) -> list[tuple[int, tuple[float, ...], int, float, float]]:
    """(page, rect, target page, x, y) of every link to a place in the document."""
    pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
    out = []
    for i, page in enumerate(pdf.pages):
        for annot in page.get("/Annots", []):
            dest = annot.get("/Dest")
            if dest is not None:
                out.append(
                    (i, tuple(float(v) for v in annot.Rect), pages[dest[0].objgen], float(dest[2]), float(dest[3]))
                )
    return out


def _words_at(words: list[Word], page: int, x: float, y: float) -> list[Word]:
    """The words at a point (from the page's top), left to right."""
    found = [w for w in words if w.page == page and w.box[0] - 0.5 <= x <= w.box[2] + 0.5 and w.box[1] <= y <= w.box[3]]
    return sorted(found, key=lambda w: w.box[0])


def _words_under(words: list[Word], page: int, x: float, y: float, ahead: float = 0.5) -> list[Word]:
    """The words a destination (x, and the top of its line: y from the page's top) points at: those at x
    (or up to `ahead` points after it) on the first line that starts under y."""
    found = [w for w in words if w.page == page and w.box[0] - 0.5 <= x + ahead and x <= w.box[2] + 0.5]
    found = [w for w in found if -6 <= w.box[1] - y < 20]
    top = min((w.box[3] for w in found), default=0)  # by their feet: a superscript stands higher
    return sorted((w for w in found if w.box[3] < top + 3), key=lambda w: w.box[0])


def _next(words: list[Word], word: Word) -> str:
    """The word after `word` on its line ("" at the line's end)."""
    line = [w for w in words if w.page == word.page and abs(w.box[3] - word.box[3]) < 3 and w.box[0] > word.box[2]]
    return min(line, key=lambda w: w.box[0]).text if line else ""


@pytest.fixture(scope="module", params=["aircenter", "plain", "end"])
def noted_pdf(request, noted, aircenter, plain, at_end, tmp_path_factory):
    style = {"aircenter": aircenter, "plain": plain, "end": at_end}[request.param]
    path = tmp_path_factory.mktemp("pdf") / f"{request.param}.pdf"
    path.write_bytes(PdfRenderer().render(noted, style))
    return path


def test_the_pdf_shows_every_reference_as_a_superscript_and_every_note(noted, noted_pdf):
    text = pdf_text(noted_pdf)
    for note in noted.footnotes:
        assert f"{note.number} {note_text(note)}" in text
    assert "A note may hold a second paragraph, with a link." in text
    # pdftotext reads a superscript as a word of its own: smaller than the text, right after a word
    words = pdf_words(noted_pdf)
    body = sorted(w.box[3] - w.box[1] for w in words if w.page > 0)[len(words) // 2]
    superscripts = [
        w.text
        for w in words
        if w.text.isdigit()
        and w.box[3] - w.box[1] < 0.9 * body
        and any(v.page == w.page and 0 <= w.box[0] - v.box[2] < 0.5 and v.box[1] > w.box[1] for v in words)
    ]
    assert superscripts.count("2") == 2 and sorted(set(superscripts)) == ["1", "2", "3", "4", "5", "6"]
    check_edition("pdf", noted_pdf)


def test_each_reference_links_to_its_note_and_each_note_back_to_its_first_reference(noted, noted_pdf):
    """pdftotext reads a superscript as a word of its own: a reference is a word "N" that does not start
    its note, the note's number is "N" followed by the note's first word."""
    words = pdf_words(noted_pdf)
    with pikepdf.open(noted_pdf) as pdf:
        height = float(pdf.pages[1].MediaBox[3])
        links = [link for link in internal_links(pdf) if link[0] > 0]  # not the contents
    found = set()
    for page, rect, target, x, y in links:
        # (the link's box, like the anchor, may start a few points early in a justified line)
        at = _words_at(words, page, (rect[0] + rect[2]) / 2, height - (rect[1] + rect[3]) / 2)
        sources = [w for w in at if w.text.isdigit()]
        landing = _words_under(words, target, x, height - y)
        # ReportLab places an anchor in a justified line as if its spaces were not stretched: a few points early
        ahead = _words_under(words, target, x, height - y, ahead=8)
        assert len(sources) == 1, (page, rect, [w.text for w in at])
        number = int(sources[0].text)
        starts = note_text(noted.footnotes[number - 1]).split()[0]
        if _next(words, sources[0]) == starts:  # from the note back to its reference (a superscript)
            assert str(number) in [w.text for w in ahead if _next(words, w) != starts], (number, ahead)
            found.add(("back", number))
        else:  # from a reference to the note's number, at the start of the note
            assert [(w.text, _next(words, w)) for w in landing] == [(str(number), starts)], (number, landing)
            found.add(("to", number))
    assert found == {(kind, n.number) for n in noted.footnotes for kind in ("to", "back")}


def test_notes_are_set_after_their_section_or_together_at_the_end(noted, noted_pdf, aircenter, plain, at_end):
    """In reading order: the columns left to right, each from the top (pdftotext's order is its own guess:
    notes at the top of a column, over the next section's heading, it read after the heading)."""
    style = {"aircenter": aircenter, "plain": plain, "end": at_end}[noted_pdf.stem]
    text = squeeze(re.sub("\u00ad\\s*", "", " ".join(line.text for line in pdflayout.layout(noted_pdf, style).lines)))
    if noted_pdf.stem == "end":
        assert text.rindex("Priorities abroad") < text.index("Notes 1 The editor’s note")
    else:
        assert text.index("1 The editor’s note") < text.rindex("Elections across the whole territory")
        assert text.index("4 Quoted from") < text.rindex("Priorities abroad") < text.index("5 The inauguration")


# -- DOCX ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def noted_docx(noted, aircenter, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "noted.docx"
    path.write_bytes(DocxRenderer().render(noted, aircenter))
    return path


def test_the_docx_has_a_footnotes_part_with_word_s_separators_and_one_note_each(noted, noted_docx):
    with zipfile.ZipFile(noted_docx) as archive:
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
        notes = etree.fromstring(archive.read("word/footnotes.xml"))
        body = etree.fromstring(archive.read("word/document.xml"))
        settings = archive.read("word/settings.xml").decode()
        styles = archive.read("word/styles.xml").decode()
    footnotes_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
    assert f'PartName="/word/footnotes.xml" ContentType="{footnotes_type}"' in types
    assert (
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"'
        in rels
    )
    kinds = [(n.get(f"{W}type"), n.get(f"{W}id")) for n in notes]
    assert kinds == [
        ("separator", "-1"),
        ("continuationSeparator", "0"),
        *((None, str(n.number)) for n in noted.footnotes),
    ]
    assert '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>' in settings
    assert 'w:styleId="FootnoteText"' in styles and 'w:styleId="FootnoteReference"' in styles
    references = [r.getparent() for r in body.iter(f"{W}footnoteReference")]
    assert [r.find(f"{W}footnoteReference").get(f"{W}id") for r in references] == ["1", "2", "3", "4", "5", "6"]
    assert all(r.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "FootnoteReference" for r in references)
    assert body.find(f".//{W}tblCaption").get(f"{W}val") == "Turnout in recent elections"  # no "6"
    second = "".join(notes[3].itertext())
    assert second.startswith(" Early elections") and "A note may hold a second paragraph" in second


def test_a_second_reference_to_a_note_in_word_is_a_field_that_follows_the_note(noted_docx):
    """ "The snap elections[^snap]" cites note 2 again: its mark was typed text, "2", which an editor adding a
    footnote before it left pointing at the wrong note. It is a NOTEREF field to a bookmark around the
    first reference, its result the number (what LibreOffice and pandoc show until fields are updated)."""
    with zipfile.ZipFile(noted_docx) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    starts = {b.get(f"{W}name"): b for b in body.iter(f"{W}bookmarkStart")}
    first = starts["_NoteRef2"].getnext()
    assert first.find(f"{W}footnoteReference").get(f"{W}id") == "2"
    assert first.getnext().tag == f"{W}bookmarkEnd" and first.getnext().get(f"{W}id") == starts["_NoteRef2"].get(
        f"{W}id"
    )
    [instruction] = [t.text for t in body.iter(f"{W}instrText") if "NOTEREF" in t.text]
    assert instruction.split() == ["NOTEREF", "_NoteRef2", "\\f", "\\h"]
    field_run = next(t for t in body.iter(f"{W}instrText") if "NOTEREF" in t.text).getparent()
    result = field_run.getnext().getnext()  # after the separate mark: the number, as a reference mark
    assert result.find(f"{W}t").text == "2"
    assert result.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "FootnoteReference"


def test_python_docx_opens_it_and_pandoc_reads_every_footnote(noted, noted_docx):
    document = docx.Document(str(noted_docx))
    assert {"footnote text", "footnote reference"} <= {s.name for s in document.styles}
    notes = pandoc_notes(noted_docx)
    assert notes == [squeeze(" ".join(note_text(n, i) for i in range(len(n.paragraphs)))) for n in noted.footnotes]
    check_edition("docx", noted_docx)


def test_a_bulletin_without_notes_has_no_footnotes_part_or_styles(minimal, aircenter):
    with zipfile.ZipFile(io.BytesIO(DocxRenderer().render(minimal, aircenter))) as archive:
        assert "word/footnotes.xml" not in archive.namelist()
        assert b"Footnote" not in archive.read("word/styles.xml")


# Text just before each note's first reference, as LibreOffice sets it on one line.
BEFORE_REFERENCE = {
    1: "refers to it.",
    2: "February 7, 2024,",
    3: "76.43%,",
    4: "“I thought that",
    5: "February 14,",
    6: "Turnout in recent elections",
}


def test_libreoffice_sets_each_note_at_the_foot_of_the_page_of_its_reference(noted, noted_docx, tmp_path):
    [pdf] = libreoffice_pdfs([noted_docx], tmp_path)
    pages = subprocess.run([require_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True)
    pages_text = [squeeze(page) for page in pages.stdout.split("\f")]
    words = pdf_words(pdf)
    # What may stand below a note: other notes and the page's footer.
    below_notes = " ".join(
        [*(note_text(n, i) for n in noted.footnotes for i in range(len(n.paragraphs))), noted.publisher.address_line()]
    )
    for note in noted.footnotes:
        first_words = " ".join(note_text(note).split()[:4])
        page = next(i for i, text in enumerate(pages_text) if first_words in text)
        assert BEFORE_REFERENCE[note.number] in pages_text[page], f"note {note.number} is not on its reference's page"
        on_page = [w for w in words if w.page == page]
        start = note_text(note).split()[0]
        top = max(w.box[1] for w in on_page if w.text == start and w.box[0] < 120)  # the note's line, at the margin
        reference_top = next(w.box[1] for w in on_page if w.text == BEFORE_REFERENCE[note.number].split()[0])
        assert top > reference_top
        under = [w.text for w in on_page if w.box[1] > top + 1]
        strays = [t for t in under if not (t.isdigit() or t.strip("-") in below_notes or re.fullmatch(r"page|of", t))]
        assert strays == [], f"body text below note {note.number}: {strays}"


# -- EPUB ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def noted_epub(noted, aircenter, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("epub") / "noted.epub"
    path.write_bytes(EpubRenderer().render(noted, aircenter))
    return path


def _documents(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as archive:
        return {
            Path(name).name: etree.fromstring(archive.read(name))
            for name in archive.namelist()
            if name.endswith(".xhtml")
        }


def test_the_epub_has_noterefs_and_footnote_asides_with_back_links(noted, noted_epub):
    documents = _documents(noted_epub)
    section = documents["section-01.xhtml"]
    refs = [a for a in section.iter(f"{XHTML}a") if a.get(EPUB_TYPE) == "noteref"]
    assert [(a.get("href"), a.get("id"), a.get("role"), "".join(a.itertext())) for a in refs] == [
        ("#fn-2", "fnref-2", "doc-noteref", "2"),
        ("#fn-3", "fnref-3", "doc-noteref", "3"),
        ("#fn-2", None, "doc-noteref", "2"),  # a second reference has no id: the back link goes to the first
        ("#fn-4", "fnref-4", "doc-noteref", "4"),
    ]
    assert all(a[0].tag == f"{XHTML}sup" for a in refs)
    asides = [a for a in section.iter(f"{XHTML}aside") if a.get(EPUB_TYPE) == "footnote"]
    assert [(a.get("id"), a.get("role")) for a in asides] == [
        ("fn-2", "doc-footnote"),
        ("fn-3", "doc-footnote"),
        ("fn-4", "doc-footnote"),
    ]
    back = asides[0].find(f"{XHTML}p/{XHTML}a")
    assert (back.get("href"), back.get("role"), back.text) == ("#fnref-2", "doc-backlink", "2")
    assert len(asides[0].findall(f"{XHTML}p")) == 2
    assert [a.get("id") for a in documents["introduction.xhtml"].iter(f"{XHTML}aside")] == ["fn-1"]
    with zipfile.ZipFile(noted_epub) as archive:
        css = next(archive.read(n).decode() for n in archive.namelist() if n.endswith(".css"))
    assert 'aside[epub|type~="footnote"]' in css


def test_a_reference_in_a_list_item_is_a_noteref_in_the_epub(noted, aircenter, tmp_path):
    """A list's items are inline text too: their references link to the notes, as a paragraph's do."""
    item = ListItem(runs=(Run("An item"), Run("2", note=2)))
    first = noted.sections[0]
    listed = dataclasses.replace(first, blocks=(*first.blocks, ListBlock(items=(item,))))
    path = tmp_path / "listed.epub"
    path.write_bytes(
        EpubRenderer().render(dataclasses.replace(noted, sections=(listed, *noted.sections[1:])), aircenter)
    )
    li = next(_documents(path)["section-01.xhtml"].iter(f"{XHTML}li"))
    assert [(a.get("href"), a.get(EPUB_TYPE)) for a in li.iter(f"{XHTML}a")] == [("#fn-2", "noteref")]


def test_a_reference_in_a_figures_caption_or_credit_is_a_noteref_in_the_epub(tmp_path):
    """An accessibility reviewer's trial: the references were bare digits and their notes' back links pointed
    at ids that were not there (EPUBCheck RSC-012, twice)."""
    from PIL import Image

    Image.new("L", (600, 400), 90).save(tmp_path / "chart.png")
    (tmp_path / "publisher.yaml").write_text((FIXTURES / "minimal" / "publisher.yaml").read_text("utf-8"), "utf-8")
    (tmp_path / "b.md").write_text(
        "---\ntitle: T\nissue: One\ndate: 2024-03-31\nlanguage: en\npublisher: publisher.yaml\n---\n\n# S\n\n"
        "Text.[^one]\n\n::: figure\n![A grey field](chart.png)\n\nRainfall by month.[^two]\n\n"
        "Credit: Council archive[^three]\n:::\n\n[^one]: One.\n[^two]: Two.\n[^three]: Three.\n",
        encoding="utf-8",
    )
    path = tmp_path / "b.epub"
    path.write_bytes(briefexport.render(briefexport.load(tmp_path / "b.md"), "epub"))
    caption = next(_documents(path)["section-01.xhtml"].iter(f"{XHTML}figcaption"))
    assert [(a.get("href"), a.get("id"), a.get(EPUB_TYPE)) for a in caption.iter(f"{XHTML}a")] == [
        ("#fn-2", "fnref-2", "noteref"),
        ("#fn-3", "fnref-3", "noteref"),
    ]
    check_edition("epub", path)  # EPUBCheck


@pytest.mark.parametrize("placement", ["section", "end"])
def test_a_note_referred_to_from_the_introduction_and_again_later_links_back_to_the_introduction(
    noted, aircenter, placement, tmp_path
):
    """The sections' documents were made before the introduction's, so a note it referred to first got its
    back link's id on a later section's reference, and the back link in the introduction's document led
    nowhere (EPUBCheck RSC-012; an accessibility specialist's trial)."""
    again = noted.sections[1]
    paragraph = Paragraph(runs=(Run("Referred to again"), Run("1", note=1), Run(".")))
    bulletin = dataclasses.replace(
        noted, sections=(noted.sections[0], dataclasses.replace(again, blocks=(*again.blocks, paragraph)))
    )
    style = aircenter.replace(footnotes=dataclasses.replace(aircenter.footnotes, placement=placement))
    path = tmp_path / "again.epub"
    path.write_bytes(EpubRenderer().render(bulletin, style))
    documents = _documents(path)
    ids = {name: [a.get("id") for a in doc.iter(f"{XHTML}a") if a.get("id")] for name, doc in documents.items()}
    assert "fnref-1" in ids["introduction.xhtml"] and "fnref-1" not in ids["section-02.xhtml"]
    # and the note leads back to each document that refers to it: a reader who came from section II went
    # back to the introduction (an accessibility reviewer's trial)
    assert "fnref-1-2" in ids["section-02.xhtml"]
    home = "notes.xhtml" if placement == "end" else "introduction.xhtml"
    aside = next(a for a in documents[home].iter(f"{XHTML}aside") if a.get("id") == "fn-1")
    backs = [(a.get("href"), a.get("aria-label")) for a in aside.iter(f"{XHTML}a") if a.get("role") == "doc-backlink"]
    first = "introduction.xhtml#fnref-1" if placement == "end" else "#fnref-1"
    assert backs == [
        (first, "Back to the text, note 1"),
        ("section-02.xhtml#fnref-1-2", "Back to the text, note 1 (2)"),
    ]
    check_edition("epub", path)


@pytest.mark.parametrize(
    ("language", "label"), [("en", "Back to the text, note 1"), ("ru", "Назад к тексту, примечание 1")]
)
def test_a_notes_back_link_is_named_for_a_screen_reader_in_the_books_language(noted, aircenter, language, label):
    """The back link's name was its number alone, as the reference's is: "link 1" (an accessibility trial)."""
    bulletin = dataclasses.replace(noted, metadata=dataclasses.replace(noted.metadata, language=language))
    with zipfile.ZipFile(io.BytesIO(EpubRenderer().render(bulletin, aircenter))) as archive:
        introduction = etree.fromstring(archive.read("EPUB/introduction.xhtml"))
    back = next(a for a in introduction.iter(f"{XHTML}a") if a.get("role") == "doc-backlink")
    assert back.get("aria-label") == label and back.text == "1"


def test_the_epub_passes_epubcheck_and_pandoc_reads_every_footnote(noted, noted_epub):
    check_edition("epub", noted_epub)
    notes = pandoc_notes(noted_epub)
    first_paragraphs = [f"{n.number} {note_text(n)}" for n in noted.footnotes]
    assert all(any(note.startswith(text) for note in notes) for text in first_paragraphs), notes


def test_the_epub_sets_all_notes_in_a_notes_document_when_the_style_says_so(noted, at_end, tmp_path):
    path = tmp_path / "end.epub"
    path.write_bytes(EpubRenderer().render(noted, at_end))
    documents = _documents(path)
    notes = documents["notes.xhtml"]
    assert [a.get("id") for a in notes.iter(f"{XHTML}aside")] == [f"fn-{n.number}" for n in noted.footnotes]
    assert notes.find(f".//{XHTML}h1").text == "Notes"
    refs = [a.get("href") for a in documents["section-02.xhtml"].iter(f"{XHTML}a") if a.get(EPUB_TYPE) == "noteref"]
    assert refs == ["notes.xhtml#fn-5", "notes.xhtml#fn-6"]
    backs = [a.get("href") for a in notes.iter(f"{XHTML}a") if a.get("role") == "doc-backlink"]
    assert backs[:2] == ["introduction.xhtml#fnref-1", "section-01.xhtml#fnref-2"]
    check_edition("epub", path)


def test_a_bulletin_without_notes_keeps_its_stylesheet(minimal, aircenter):
    with zipfile.ZipFile(io.BytesIO(EpubRenderer().render(minimal, aircenter))) as archive:
        css = next(archive.read(n).decode() for n in archive.namelist() if n.endswith(".css"))
    assert "footnote" not in css


def test_every_edition_of_the_fixture_is_byte_identical_when_rendered_twice(noted, aircenter):
    for renderer in (PdfRenderer, DocxRenderer, EpubRenderer, OutlineRenderer):
        assert renderer().render(noted, aircenter) == renderer().render(noted, aircenter)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "epub", "text"])
def test_a_section_object_that_stands_twice_renders_as_its_copy_does(noted, fmt):
    """A model built in code may repeat one Section object. Notes were found by the part's identity: the
    PDF failed inside ReportLab (an undefined destination 'fn-2') and the text and EPUB lost the notes."""
    twice = dataclasses.replace(noted, sections=(*noted.sections, noted.sections[0]))
    copied = dataclasses.replace(noted, sections=(*noted.sections, dataclasses.replace(noted.sections[0])))
    assert briefexport.render(twice, fmt) == briefexport.render(copied, fmt)
