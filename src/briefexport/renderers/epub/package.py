"""The EPUB container: ebooklib writes it, then the zip is repacked so the bytes never vary.

ebooklib writes "mimetype" first and stored, then every other entry in the
order the items were added, but stamps each entry with the clock. repack()
writes the same entries in the same order with pinned metadata (1980-01-01
00:00, Unix, rw-r--r--), so the same inputs give the same bytes on any
machine and at any time.

It is also where the time goes: deflating the embedded fonts is most of the
work of a build. So ebooklib is asked not to compress at all (level 0 is a
plain copy), and the fonts are deflated on worker threads (zlib releases the
GIL) from the moment the renderer knows them, while the documents are built.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import threading
import traceback
import warnings
import zipfile
import zlib

from ebooklib import epub

from ...errors import RenderError

# 1980-01-01 00:00:00 in MS-DOS date and time fields (the earliest a zip can say).
DOS_DATE = (0 << 9) | (1 << 5) | 1
DOS_TIME = 0
MADE_BY = (3 << 8) | 20  # Unix, zip spec 2.0
NEEDED = 20  # deflate
FILE_MODE = 0o100644 << 16  # a regular file, rw-r--r--
UTF8_NAMES = 0x800

TEXT_LEVEL = 6  # documents, package files and CSS: small, compress them well
FONT_LEVEL = 1  # fonts: within 8 % of level 6's size at a third of the time

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


def deflate(data: bytes, level: int) -> bytes:
    """Raw deflate data, as a zip entry holds it."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


class Deflater:
    """Deflates large entries on worker threads while the rest of the book is built."""

    def __init__(self) -> None:
        self._jobs: dict[str, tuple[threading.Thread, list[tuple[int, bytes]]]] = {}

    def add(self, name: str, data: bytes, level: int = FONT_LEVEL) -> None:
        """Start deflating the entry `name` (its path inside the zip)."""
        result: list[tuple[int, bytes]] = []
        thread = threading.Thread(target=lambda: result.append((zlib.crc32(data), deflate(data, level))), daemon=True)
        thread.start()
        self._jobs[name] = (thread, result)

    def take(self, name: str, crc: int) -> bytes | None:
        """The deflated entry once its thread is done, if it was added and holds the content with this CRC."""
        job = self._jobs.pop(name, None)
        if job is None:
            return None
        thread, result = job
        thread.join()
        if not result or result[0][0] != crc:
            raise RenderError(f"epub renderer: the compressed {name} does not match what ebooklib wrote")
        return result[0][1]


def write(book: epub.EpubBook, modified: dt.datetime, deflater: Deflater) -> bytes:
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
    return repack(buffer.getvalue(), deflater)


def repack(data: bytes, deflater: Deflater) -> bytes:
    """The same entries in the same order, deflated, with fixed times, system and attributes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    entries = source.infolist()
    if not entries or entries[0].filename != "mimetype" or source.read(entries[0]) != MIMETYPE:
        raise RenderError("epub renderer: ebooklib did not write the mimetype entry first")
    out, directory = bytearray(), bytearray()
    for info in entries:
        content = source.read(info)  # checks the CRC
        if info.filename == "mimetype":
            method, payload = zipfile.ZIP_STORED, content
        else:
            method = zipfile.ZIP_DEFLATED
            payload = deflater.take(info.filename, info.CRC) or deflate(content, TEXT_LEVEL)
        name = info.filename.encode("utf-8")
        flags = 0 if name.isascii() else UTF8_NAMES
        sizes = (info.CRC, len(payload), len(content), len(name))
        if max(len(out), len(payload), len(content)) >= 0xFFFFFFFF:
            raise RenderError("epub renderer: the book is too large for a zip without ZIP64")
        directory += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            MADE_BY,
            NEEDED,
            flags,
            method,
            DOS_TIME,
            DOS_DATE,
            *sizes,
            0,  # extra field length
            0,  # comment length
            0,  # disk number
            0,  # internal attributes
            FILE_MODE,
            len(out),  # offset of the local header
        )
        directory += name
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, NEEDED, flags, method, DOS_TIME, DOS_DATE, *sizes, 0)
        out += name
        out += payload
    count = len(entries)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), len(out), 0)
    return bytes(out + directory + end)
