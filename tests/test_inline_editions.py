"""Inline markup everywhere, hard line breaks and the language of a passage, in every edition.

Read back with independent readers: pikepdf (link annotations) and pdftotext for the PDF, python-docx, lxml and
pandoc for the DOCX, EPUBCheck, lxml and pandoc for the EPUB.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from itertools import pairwise
from pathlib import Path

import pytest
from lxml import etree

import briefexport
from briefexport.model import Run
from briefexport.renderers.pdf.hyphenation import Syllables, hyphenator
from briefexport.renderers.pdf.typography import in_language

from .checkers import check_edition, libreoffice_pdfs
from .conftest import require_tool
from .test_sources import write_source

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
H = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

BODY = """\
# Passages

First line\\
second line of the address.

The motto [Bizim yurdumuz]{lang=az} is quoted.

{lang=az}
Azərbaycan Respublikasının konstitusiyasına görə yurdumuzun müstəqilliyi.

{lang=tr}
> Türkçe bir alıntı.
>
> — *Hürriyet*, [in print](https://example.org/attribution)

{lang=az}
- Birinci bənd
  - İkinci səviyyə

::: stats
Key *figures*

| Item | **Year** | Share |
|------|----------|------:|
| [Turnout](https://example.org/cell) | *2024* | 76.4% |
| Plain | 2023 | 12% |

Source: [CEC](https://example.org/source), *Annual Report*
:::
"""

# The style's fonts have no Arabic: the PDF is made without this quote (a glyph no font has is refused).
RIGHT_TO_LEFT = "\n{lang=ar}\n> نص عربي.\n>\n> — محمد\n"
LINKS = {"https://example.org/attribution", "https://example.org/cell", "https://example.org/source"}


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("inline")
    out = {}
    for fmt, suffix in (("pdf", "pdf"), ("docx", "docx"), ("epub", "epub"), ("text", "txt")):
        bulletin = briefexport.load(write_source(folder, BODY + ("" if fmt == "pdf" else RIGHT_TO_LEFT)))
        path = out[fmt] = folder / f"b.{suffix}"
        path.write_bytes(briefexport.render(bulletin, fmt, "aircenter"))
    return out


# -- EPUB -----------------------------------------------------------------------------------------------


def _xhtml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as book:
        name = next(n for n in book.namelist() if n.endswith(".xhtml") and "First line" in book.read(n).decode())
        return etree.fromstring(book.read(name))


def test_the_epub_passes_epubcheck_with_no_error_and_no_warning(editions):
    check_edition("epub", editions["epub"])


def test_the_epub_marks_each_passage_with_lang_xml_lang_and_right_to_left_direction(editions):
    root = _xhtml(editions["epub"])
    span = next(s for s in root.iter(f"{H}span") if s.get("lang") == "az")
    assert (span.text, span.get(XML_LANG), span.get("dir")) == ("Bizim yurdumuz", "az", None)
    paragraph = next(p for p in root.iter(f"{H}p") if p.get("lang") == "az")
    assert paragraph.get(XML_LANG) == "az" and paragraph.text.startswith("Azərbaycan")
    (listed,) = [ul for ul in root.iter(f"{H}ul") if ul.get("lang")]
    assert (listed.get("lang"), listed.get(XML_LANG), listed.find(f".//{H}ul").get("lang")) == ("az", "az", None)
    quotes = {q.get("lang"): q for q in root.iter(f"{H}blockquote")}
    assert quotes["tr"].get(XML_LANG) == "tr" and quotes["tr"].get("dir") is None
    assert (quotes["ar"].get(XML_LANG), quotes["ar"].get("dir")) == ("ar", "rtl")


def test_the_epub_has_the_hard_break_and_links_in_the_attribution_cells_and_source(editions):
    root = _xhtml(editions["epub"])
    first = next(p for p in root.iter(f"{H}p") if (p.text or "").startswith("First line"))
    assert [child.tag for child in first] == [f"{H}br"] and first[0].tail == "second line of the address."
    footer = next(root.iter(f"{H}footer"))
    assert [(a.get("href"), a.text) for a in footer.iter(f"{H}a")] == [("https://example.org/attribution", "in print")]
    assert next(footer.iter(f"{H}em")).text == "Hürriyet"
    cell = next(td for td in root.iter(f"{H}td", f"{H}th") if td.find(f"{H}a") is not None)
    assert cell.find(f"{H}a").get("href") == "https://example.org/cell"
    assert [th.find(f"{H}strong").text for th in root.iter(f"{H}th") if th.find(f"{H}strong") is not None] == ["Year"]
    source = [p for p in root.iter(f"{H}p") if p.get("class") == "source"][-1]
    assert source.text == "Source: " and source.find(f"{H}a").get("href") == "https://example.org/source"
    assert source.find(f"{H}em").text == "Annual Report"


def _pandoc(path: Path, fmt: str) -> str:
    pypandoc = pytest.importorskip("pypandoc")
    return json.dumps(json.loads(pypandoc.convert_file(str(path), "json", format=fmt)))


@pytest.mark.parametrize("fmt", ["epub", "docx"])
def test_pandoc_reads_the_line_break_and_every_link_back(editions, fmt):
    document = _pandoc(editions[fmt], fmt)
    assert '{"t": "LineBreak"}' in document
    for url in LINKS:
        assert f'"{url}"' in document, url


# -- DOCX -----------------------------------------------------------------------------------------------


def _body(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def _paragraph(body: etree._Element, start: str) -> etree._Element:
    return next(p for p in body.iter(f"{W}p") if "".join(t.text or "" for t in p.iter(f"{W}t")).startswith(start))


def test_the_docx_runs_of_a_passage_carry_its_language(editions):
    body = _body(editions["docx"])
    az = _paragraph(body, "Azərbaycan")
    runs = az.findall(f"{W}r")
    # as Word's proofing tools name the language (the document's own takes its region the same way)
    assert runs and all(r.find(f"{W}rPr/{W}lang").get(f"{W}val") == "az-Latn-AZ" for r in runs)
    motto = _paragraph(body, "The motto")
    langs = [(r.findtext(f"{W}t"), r.find(f"{W}rPr/{W}lang")) for r in motto.findall(f"{W}r")]
    assert [(text, None if lang is None else lang.get(f"{W}val")) for text, lang in langs] == [
        ("The motto ", None),
        ("Bizim yurdumuz", "az-Latn-AZ"),
        (" is quoted.", None),
    ]
    for item in ("Birinci bənd", "İkinci səviyyə"):  # a list's items, its nested list's too
        run = _paragraph(body, item).find(f"{W}r")
        assert run.find(f"{W}rPr/{W}lang").get(f"{W}val") == "az-Latn-AZ", item
    arabic = _paragraph(body, "نص")
    assert arabic.find(f"{W}pPr/{W}bidi") is not None
    run = arabic.find(f"{W}r/{W}rPr")
    assert run.find(f"{W}rtl") is not None and run.find(f"{W}lang").get(f"{W}bidi") == "ar-EG"
    # A quote's attribution is part of it: its language and direction (Word proofed it as the bulletin's)
    turkish = _paragraph(body, "— ")
    assert {r.find(f"{W}rPr/{W}lang").get(f"{W}val") for r in turkish.iter(f"{W}r")} == {"tr-TR"}
    signed = _paragraph(body, "— محمد")
    assert signed.find(f"{W}pPr/{W}bidi") is not None
    assert signed.find(f"{W}r/{W}rPr/{W}lang").get(f"{W}bidi") == "ar-EG"


def test_the_docx_has_a_real_line_break_and_hyperlinks_in_the_attribution_cells_and_source(editions):
    import docx

    body = _body(editions["docx"])
    first = _paragraph(body, "First line")
    assert [child.tag for r in first.findall(f"{W}r") for child in r] == [f"{W}t", f"{W}br", f"{W}t"]
    document = docx.Document(str(editions["docx"]))
    targets = {rel.target_ref for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")}
    assert targets >= LINKS
    source = _paragraph(body, "Source: ")
    link = source.find(f"{W}hyperlink")
    assert document.part.rels[link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")]
    assert "".join(t.text for t in link.iter(f"{W}t")) == "CEC"


def test_a_justified_line_ending_in_a_hard_break_is_not_stretched_in_libreoffice(editions, tmp_path):
    with zipfile.ZipFile(editions["docx"]) as archive:
        settings = etree.fromstring(archive.read("word/settings.xml"))
    assert settings.find(f"{W}compat/{W}doNotExpandShiftReturn") is not None
    [pdf] = libreoffice_pdfs([editions["docx"]], tmp_path)
    laid_out = subprocess.run(
        [require_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"^\s*First line\n\s*second line of the address\.", laid_out, re.MULTILINE), laid_out[:1500]


# -- PDF ------------------------------------------------------------------------------------------------


def test_the_pdf_links_the_attribution_the_cell_and_the_source(editions):
    import pikepdf

    with pikepdf.open(editions["pdf"]) as pdf:
        uris = {
            str(annotation.A.URI)
            for page in pdf.pages
            for annotation in page.get("/Annots", [])
            if annotation.get("/Subtype") == "/Link" and "/A" in annotation and "/URI" in annotation.A
        }
    assert uris >= LINKS


def test_the_pdf_embeds_the_italic_faces_that_sources_attributions_captions_and_cells_now_need(editions):
    require_tool("pdffonts")
    fonts = subprocess.run(["pdffonts", str(editions["pdf"])], capture_output=True, text=True, check=True).stdout
    names = {line.split()[0].split("+", 1)[-1] for line in fonts.splitlines()[2:]}
    assert {"NotoSans-Italic", "NotoSans-BoldItalic"} <= names, names  # *Annual Report*; the caption's *figures*


def test_pdftotext_shows_the_hard_line_break(editions):
    require_tool("pdftotext")
    text = subprocess.run(["pdftotext", str(editions["pdf"]), "-"], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^First line\nsecond line of the address\.", text, re.MULTILINE), text[:2000]


HYPHENATED = re.compile("[-\u00ad]$", re.MULTILINE)
AZ_TEXT = " ".join(
    [
        "Azərbaycan Respublikasının konstitusiyasına görə dövlətin müstəqilliyinin qorunması vətəndaşlarının",
        "müqəddəs borcudur və yurdumuzun ərazi bütövlüyünün təmin edilməsi parlamentarizmin inkişafına xidmət",
        "edən qanunvericiliyin təkmilləşdirilməsi ilə bağlıdır.",
    ]
    * 3
)


def _pdf_text(folder: Path, body: str, style: str = "plain") -> str:
    path = folder / "hy.pdf"
    path.write_bytes(briefexport.render(briefexport.load(write_source(folder, body)), "pdf", style))
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _breaks(text: str) -> list[tuple[str, str]]:
    """Each hyphenated line's last word piece and the next line's first, as pdftotext gives them."""
    lines = text.splitlines()
    return [
        (line.split()[-1].rstrip("-\u00ad"), following.split()[0])
        for line, following in pairwise(lines)
        if HYPHENATED.search(line) and following.split()
    ]


def _azerbaijani_syllables(head: str, tail: str) -> bool:
    """Whether a word broken into `head` and `tail` is broken where Azerbaijani breaks it (Syllables)."""
    word = head + tail.rstrip(".,;:")
    return len(head) in Syllables(2, 3).positions(word)


@pytest.mark.parametrize(("style", "lead"), [("plain", ""), ("aircenter", "- ")])
def test_azerbaijani_is_hyphenated_by_its_syllables(style, lead, tmp_path):
    """pyphen has no Azerbaijani: a paragraph or list of it was set ragged and never hyphenated, and the
    flagship publisher's Azerbaijani issue had lines ending 22 pt short in the median (an Azerbaijani
    editor's trial). It is justified and hyphenated now, by its syllables (hyphenation.Syllables)."""
    require_tool("pdftotext")
    breaks = _breaks(_pdf_text(tmp_path, f"# S\n\n{{lang=az}}\n{lead}{AZ_TEXT} {AZ_TEXT}\n", style))
    assert breaks and all(_azerbaijani_syllables(*b) for b in breaks), breaks


def test_a_span_in_another_language_is_hyphenated_with_its_patterns_or_not_at_all(plain):
    from briefexport.renderers.pdf.fonts import register_roles
    from briefexport.renderers.pdf.typography import Palette, build_styles

    body = build_styles(plain, register_roles(plain), Palette.of(plain), "en").body
    runs = (
        Run("international "),
        Run("konstitusiyasına", lang="az"),
        Run(" Gesetzgebungsverfahren", lang="de"),
        Run(" Պատմություն", lang="hy"),
    )
    points = in_language(body, runs, None, "en").hyphenationLang
    assert callable(points)
    assert points("international") == hyphenator("en")("international") != ()
    assert points("konstitusiyasına") == hyphenator("az")("konstitusiyasına") != ()  # by its syllables
    assert points("Gesetzgebungsverfahren") == hyphenator("de")("Gesetzgebungsverfahren")
    assert points("Պատմություն") == ()  # no Armenian patterns: not hyphenated
    assert in_language(body, (Run("plain English"),), None, "en") is body  # nothing in another language


# -- the text edition -----------------------------------------------------------------------------------


def test_the_text_edition_breaks_the_line_and_prints_the_links(editions):
    text = editions["text"].read_text(encoding="utf-8")
    assert "First line\nsecond line of the address." in text
    assert "— *Hürriyet*, in print <https://example.org/attribution>" in text
    assert "Source: CEC <https://example.org/source>, *Annual Report*" in text
    assert "Turnout <https://example.org/cell>" in text


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("*see [the report](https://e.org/r) today*", "*see the report <https://e.org/r> today*"),
        ("*see [the report](https://e.org/r)* today", "*see the report* <https://e.org/r> today"),
        ("[**bold**](https://e.org/b) after", "**bold** <https://e.org/b> after"),  # outside the marks ending with it
        ("[x *y*](https://e.org/c) after", "x *y* <https://e.org/c> after"),
        ("[**bold** link](https://e.org/b)", "**bold** link <https://e.org/b>"),
        ("[x *y* z](https://e.org/c)", "x *y* z <https://e.org/c>"),
        ("**strong *and emphasis***", "**strong *and emphasis***"),
        ("<https://e.org/a> and [https://e.org/b](https://e.org/b)", "https://e.org/a and https://e.org/b"),
        # a note's reference stands in the look around it, if it goes on after it, else after it
        ("*text*[^1] more\n\n[^1]: A note.", "*text*[1] more"),
        (
            "*see [the report](https://e.org/r)[^1] today*\n\n[^1]: A note.",
            "*see the report <https://e.org/r>[1] today*",
        ),
    ],
)
def test_the_text_edition_marks_each_stretch_of_a_look_once_and_a_links_address_after_its_text(
    tmp_path, markdown, text
):
    """A link holding an emphasised or bold word was scrambled: its address after each of its runs, and
    the marks of an emphasis spanning a link opened and closed around each run ("*see **the report*
    <url>* today*", "**bold** <url> link <url>"). A link's address stands outside the marks that end with
    it, and a note's reference outside those that end before it (a review found "**bold <url>**",
    "*text[1]* more")."""
    source = write_source(tmp_path, f"# S\n\n{markdown}\n")
    edition = briefexport.render(briefexport.load(source), "text").decode("utf-8")
    assert f"\n{text}\n" in edition, edition


def test_a_passage_is_kept_together_by_its_own_languages_rules_in_the_pdf_and_the_epub(tmp_path):
    """A Russian passage in an Azerbaijani bulletin (or an English one) was kept together by the bulletin's
    rules: "21 | февраля" and "в | Баку" were parted at lines' ends in the PDF, and the EPUB had plain
    spaces there (an Azerbaijani editor's trial: 4 such lines in a paragraph of 12 sentences)."""
    sentence = (
        "Официальный представитель министерства иностранных дел заявила 21 февраля в Баку, что переговоры продолжатся."
    )
    front = (
        "---\ntitle: T\nissue: I\ndate: 2024-02-29\nlanguage: az\nstyle: aircenter\npublisher: publisher.yaml\n---\n"
    )
    path = write_source(tmp_path, "# Sınaq\n\n{lang=ru}\n" + " ".join([sentence] * 12) + "\n", front=front)
    bulletin = briefexport.load(path)
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(briefexport.render(bulletin, "pdf"))
    lines = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.splitlines()
    assert sum("февраля" in line for line in lines) >= 6  # the paragraph is there, over many lines
    assert not [line for line in lines if re.search(r"(\s|^)(в|21)$", line)]
    with zipfile.ZipFile(io.BytesIO(briefexport.render(bulletin, "epub"))) as book:
        section = book.read("EPUB/section-01.xhtml").decode()
    assert section.count("21\u00a0февраля") == 12 and section.count("в\u00a0Баку") == 12
