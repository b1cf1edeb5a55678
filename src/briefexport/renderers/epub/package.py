"""The EPUB container: ebooklib writes the book, and the zip is repacked so the bytes never vary.

ebooklib writes "mimetype" first and stored, then every other entry in the
order the items were added, but stamps each entry with the clock. The
Container writes the same entries through renderers.zipped with pinned
metadata, so the same inputs give the same bytes on any machine and at any
time: mimetype, the fonts, then ebooklib's other entries in its order.
ebooklib is asked not to compress (level 0 is a plain copy): the repack
compresses once. On the way, two things ebooklib cannot be told are set in
its package files: the package's xml:lang and the NCX's dtb:depth.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import threading
import traceback
import zipfile
from collections.abc import Sequence

from ebooklib import epub
from lxml import etree

from ...errors import RenderError
from ...translations import translate
from .. import zipped
from .xhtml import EPUB_TYPE, set_lang

TEXT_LEVEL = 6  # documents, package files and CSS: small, compress them well
FONT_LEVEL = 1  # fonts: within 8 % of level 6's size at a third of the time
PACKAGE_FOLDER = "EPUB"  # the book's folder in the zip (ebooklib's FOLDER_NAME)

MIMETYPE = b"application/epub+zip"
# Given explicitly: ebooklib would otherwise guess it, loading the system's whole mime.types table.
XHTML_TYPE = "application/xhtml+xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NCX = "{http://www.daisy.org/z3986/2005/ncx/}"
XHTML = "{http://www.w3.org/1999/xhtml}"


class XhtmlDocument(epub.EpubHtml):  # type: ignore[misc]  # ebooklib has no type hints: EpubHtml is Any
    """A content document whose XHTML we serialised ourselves.

    EpubHtml.get_content() re-parses its content with lxml's HTML parser and
    rebuilds head and body, which drops body attributes and namespaces; these
    bytes are already a complete XHTML 5 document, so they go out unchanged.
    """

    content: bytes

    def get_content(self, default: bytes | None = None) -> bytes:
        return self.content


class Container:
    """The zip of one book, begun before the book is built: mimetype, then its fonts.

    Deflating the fonts (about a megabyte of TrueType) is half the work of an
    EPUB, and zlib lets other threads run while it compresses; so a thread
    writes them while the documents are built and ebooklib writes the book,
    and finish() adds ebooklib's other entries after them. The entry order is
    fixed whatever the timing.
    """

    def __init__(self, fonts: Sequence[tuple[str, bytes]]) -> None:
        """`fonts`: (href in the package folder, file bytes) in manifest order; deflating starts at once.

        The book's items for these fonts can be empty: their entries in ebooklib's zip are replaced.
        """
        self._zip = zipped.Packer()
        self._zip.add("mimetype", MIMETYPE, level=None)
        self._fonts = [(f"{PACKAGE_FOLDER}/{href}", data) for href, data in fonts]
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._add_fonts, name="epub-fonts", daemon=True)
        self._thread.start()

    def _add_fonts(self) -> None:
        try:
            for name, data in self._fonts:
                self._zip.add(name, data, level=FONT_LEVEL)
        except BaseException as exc:  # raised by join(), in the renderer's thread
            self._failure = exc

    def join(self) -> None:
        """Wait for the fonts; a failure while writing them raises here, in the renderer's thread."""
        self._thread.join()
        # Raised once and forgotten: kept here, its traceback (which holds this container) would make a cycle.
        failure, self._failure = self._failure, None
        if failure is not None:
            raise failure

    def discard(self) -> None:
        """After a failed render: wait for the thread and close the zip, leaving nothing for a finaliser."""
        self._thread.join()
        self._failure = None  # the render's own error is the one to report
        with contextlib.suppress(Exception):
            self._zip.close()

    def finish(self, book: bytes, amended: dict[str, bytes] | None = None) -> bytes:
        """The EPUB: this container's entries, then every other entry of ebooklib's zip `book`
        (with the bytes in `amended` in place of the entries it names)."""
        self.join()
        source = zipfile.ZipFile(io.BytesIO(book))
        entries = source.infolist()
        if not entries or entries[0].filename != "mimetype" or source.read(entries[0]) != MIMETYPE:
            raise RenderError("epub renderer: ebooklib did not write the mimetype entry first")
        fonts = {name for name, _ in self._fonts}
        if not fonts <= {info.filename for info in entries}:
            raise RenderError("epub renderer: ebooklib did not write the fonts it was given")
        amended = amended or {}
        for info in entries[1:]:
            if info.filename not in fonts:  # already in this zip, deflated on the thread
                data = amended.get(info.filename) or source.read(info)
                self._zip.add(info.filename, data, level=TEXT_LEVEL)
        return self._zip.close()


def package_language(opf: bytes, language: str) -> bytes:
    """The package document with xml:lang on <package>: the language of its metadata (the title, the
    summary), which reading systems and checkers read before any content document."""
    root = etree.fromstring(opf)
    root.set(XML_LANG, language)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def ncx_depth(ncx: bytes) -> bytes:
    """The NCX with dtb:depth set to how deep its navMap nests (ebooklib writes 0, which is no valid depth)."""
    root = etree.fromstring(ncx)

    def depth(element: etree._Element) -> int:
        return max((1 + depth(point) for point in element.iterfind(f"{NCX}navPoint")), default=0)

    nav_map = root.find(f"{NCX}navMap")
    levels = max(1, depth(nav_map) if nav_map is not None else 0)
    for meta in root.iterfind(f"{NCX}head/{NCX}meta[@name='dtb:depth']"):
        meta.set("content", str(levels))
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def nav_amended(nav: bytes, english: frozenset[str]) -> bytes:
    """The navigation document as the content documents are: opening with an <h1>, the contents' heading
    (ebooklib writes <h2>: a screen reader's list of headings found no first level, an accessibility
    review), a right-to-left book's `dir` on <html> (ebooklib puts it on <body>, which leaves the
    document's title out of it), and its title, headings and entries for whole documents that are
    `english`, built-in words the book's language has no translation of ("Guide", "Contents", "Published
    by" in Polish), marked English (not a sub-heading of an author's that happens to read so)."""
    root = etree.fromstring(nav)
    body = root.find(f"{XHTML}body")
    if body is not None and body.get("dir") is not None:
        root.set("dir", body.attrib.pop("dir"))
    for heading in root.iterfind(f".//{XHTML}nav[@{EPUB_TYPE}='toc']/{XHTML}h2"):
        heading.tag = f"{XHTML}h1"
    words = (
        *root.iterfind(f"{XHTML}head/{XHTML}title"),
        *root.iterfind(f".//{XHTML}nav/{XHTML}h1"),
        *root.iterfind(f".//{XHTML}nav/{XHTML}h2"),
        *(a for a in root.iterfind(f".//{XHTML}nav//{XHTML}a") if "#" not in a.get("href", "#")),
    )
    for element in words:
        if (element.text or "") in english:
            set_lang(element, "en")
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def write(
    book: epub.EpubBook, modified: dt.datetime, container: Container, language: str, english: frozenset[str]
) -> bytes:
    """The book as EPUB bytes in `container`; any error while writing raises. `english`: the built-in words
    left in English that the navigation shows (nav_amended)."""
    buffer = io.BytesIO()
    options = {
        "raise_exceptions": True,
        "mtime": modified,  # dcterms:modified, instead of the clock
        "epub3_pages": False,  # no page list: ebooklib would take every id'd epub:type element for a page break
        "compresslevel": 0,  # the container compresses
        "landmark_title": translate("Guide", language),  # the landmarks' heading (a reading system's menu)
    }
    try:
        # What epub.write_epub() does, minus the warning it gives before raising ("In the future throwing
        # exceptions..."): silencing that takes warnings.catch_warnings(), which swaps the process-wide
        # filter list and is not thread-safe (two renders at once can leave a filter behind).
        writer = epub.EpubWriter(buffer, book, options)
        writer.process()
        writer.write()
    except OSError as exc:
        # ebooklib leaves its ZipFile open in the failed frames: let it close now, while the buffer is alive.
        traceback.clear_frames(exc.__traceback__)
        raise RenderError(f"epub renderer: ebooklib could not write the book: {exc}") from None
    folder = book.FOLDER_NAME
    opf, ncx, nav = f"{folder}/content.opf", f"{folder}/toc.ncx", f"{folder}/nav.xhtml"
    with zipfile.ZipFile(buffer) as written:
        amended = {opf: package_language(written.read(opf), language), ncx: ncx_depth(written.read(ncx))}
        if nav in written.namelist():
            amended[nav] = nav_amended(written.read(nav), english)
    return container.finish(buffer.getvalue(), amended)
