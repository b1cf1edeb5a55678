"""The EPUB container: ebooklib writes it, then the zip is repacked so the bytes never vary.

ebooklib writes "mimetype" first and stored, then every other entry in the
order the items were added, but stamps each entry with the clock. repack()
writes the same entries in the same order through renderers.zipped, so the
same inputs give the same bytes on any machine and at any time. ebooklib is
asked not to compress (level 0 is a plain copy): the repack compresses once.
"""

from __future__ import annotations

import datetime as dt
import io
import traceback
import warnings
import zipfile

from ebooklib import epub

from ...errors import RenderError
from .. import zipped

TEXT_LEVEL = 6  # documents, package files and CSS: small, compress them well
FONT_LEVEL = 1  # fonts: within 8 % of level 6's size at a third of the time
FONT_SUFFIXES = (".ttf",)  # styles accept TrueType only

MIMETYPE = b"application/epub+zip"
# Given explicitly: ebooklib would otherwise guess it, loading the system's whole mime.types table.
XHTML_TYPE = "application/xhtml+xml"


class XhtmlDocument(epub.EpubHtml):
    """A content document whose XHTML we serialised ourselves.

    EpubHtml.get_content() re-parses its content with lxml's HTML parser and
    rebuilds head and body, which drops body attributes and namespaces; these
    bytes are already a complete XHTML 5 document, so they go out unchanged.
    """

    def get_content(self, default: bytes | None = None) -> bytes:
        return self.content


def write(book: epub.EpubBook, modified: dt.datetime) -> bytes:
    """The book as repacked EPUB bytes; any error while writing raises."""
    buffer = io.BytesIO()
    options = {
        "raise_exceptions": True,
        "mtime": modified,  # dcterms:modified, instead of the clock
        "epub3_pages": False,  # no page list: ebooklib would take every id'd epub:type element for a page break
        "compresslevel": 0,  # repack() compresses
    }
    try:
        with warnings.catch_warnings():
            # ebooklib announces it will raise by default some day; we already ask it to.
            warnings.filterwarnings("ignore", "In the future throwing exceptions", UserWarning)
            epub.write_epub(buffer, book, options)
    except OSError as exc:
        # ebooklib leaves its ZipFile open in the failed frames: let it close now, while the buffer is alive.
        traceback.clear_frames(exc.__traceback__)
        raise RenderError(f"epub renderer: ebooklib could not write the book: {exc}") from None
    return repack(buffer.getvalue())


def repack(data: bytes) -> bytes:
    """The same entries in the same order, mimetype first and stored, with pinned metadata."""
    source = zipfile.ZipFile(io.BytesIO(data))
    entries = source.infolist()
    if not entries or entries[0].filename != "mimetype" or source.read(entries[0]) != MIMETYPE:
        raise RenderError("epub renderer: ebooklib did not write the mimetype entry first")
    return zipped.pack(
        ((info.filename, source.read(info)) for info in entries),
        stored=frozenset({"mimetype"}),
        level=lambda name: FONT_LEVEL if name.endswith(FONT_SUFFIXES) else TEXT_LEVEL,
    )
