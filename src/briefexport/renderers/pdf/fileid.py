"""The PDF's file identifier, the print edition's XMP instance id and its fonts' subset tags, made from
what the file holds.

ReportLab derives the trailer's /ID from the document information alone (title, author, dates): the
editions of one bulletin in two styles, or before and after a correction, had the same /ID, and a print
shop's workflow takes two files with one identifier for the same file. Both ids are made from a digest
of the file as ReportLab wrote it, and written in the place of ReportLab's, which have the same length:
no offset in the file moves, and the same inputs still give the same bytes.

ReportLab tags each font's subsets by their number (AAAAAA+NotoSerif-Regular, AAAAAB+...), the same
tags in every file: a print shop imposing two issues on one sheet may take one's subset for the
other's, whose glyphs differ. ISO 32000 asks different subsets for different tags; each is made from the
file's digest and the subset's name.
"""

from __future__ import annotations

import hashlib
import re
import uuid

# ReportLab's trailer: its /ID twice, then its comment (reportlab.pdfbase.pdfdoc.PDFDocument.ID).
_FILE_ID = re.compile(rb"\[<([0-9a-f]{32})><\1>\]\n% ReportLab generated PDF document")
_INSTANCE_ID = re.compile(rb"<xmpMM:InstanceID>uuid:([0-9a-f-]{36})</xmpMM:InstanceID>")
_SUBSET = re.compile(rb"/(?:BaseFont|FontName) /([A-Z]{6})\+([^\s/\[\]<>()]+)")
_NAMESPACE = uuid.UUID("0b8a4c5e-8f2e-4f57-9d0c-1e6b2a7d3c41")  # of the instance ids briefexport makes


def identified(pdf: bytes) -> bytes:
    """`pdf` with a file identifier, an XMP instance id where it has one, and subset tags that change with
    its content."""
    digest = hashlib.md5(pdf, usedforsecurity=False).hexdigest()
    data = bytearray(pdf)
    trailers = list(_FILE_ID.finditer(pdf))
    if trailers:  # the last is the trailer's: text in a stream could look like it, but comes before it
        ids = f"[<{digest}><{digest}>]".encode()
        start = trailers[-1].start()
        data[start : start + len(ids)] = ids
    for subset in _SUBSET.finditer(pdf):  # a font's dictionary and its descriptor name it alike
        start, end = subset.span(1)
        data[start:end] = _letters(hashlib.sha256(digest.encode() + subset[1] + b"+" + subset[2]).digest())
    instance = _INSTANCE_ID.search(pdf)
    if instance is not None:
        start, end = instance.span(1)
        data[start:end] = str(uuid.uuid5(_NAMESPACE, digest)).encode()
    return bytes(data)


def _letters(digest: bytes) -> bytes:
    """Six capital letters from a digest: a subset's tag."""
    return bytes(65 + byte % 26 for byte in digest[:6])
