"""What every edition's file properties say of who made the issue, read with pikepdf, python-docx and
the EPUB's package document: the same people in each."""

from __future__ import annotations

import io
import zipfile

import docx
import pikepdf
import pytest
from lxml import etree

import briefexport

from .test_sources import FRONT, write_source

DC = "{http://purl.org/dc/elements/1.1/}"


def _creators(data: bytes, fmt: str) -> str:
    if fmt == "pdf":
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return str(pdf.docinfo["/Author"])
    if fmt == "docx":
        return str(docx.Document(io.BytesIO(data)).core_properties.author)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        package = etree.fromstring(archive.read("EPUB/content.opf"))
    return "; ".join(element.text or "" for element in package.iter(f"{DC}creator"))


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ("authors: [Trial Desk, Second Author]\n", "Trial Desk; Second Author"),
        ("", "Example Institute"),  # no authors: the publisher
    ],
)
@pytest.mark.parametrize("fmt", ["pdf", "docx", "epub"])
def test_every_edition_names_the_issues_authors_or_else_its_publisher(tmp_path, authors, expected, fmt):
    """The EPUB named the front matter's authors, the PDF and the Word copy the publisher."""
    front = FRONT.replace("publisher: publisher.yaml\n", f"publisher: publisher.yaml\n{authors}")
    bulletin = briefexport.load(write_source(tmp_path, "# One\n\nText.\n", front))
    assert _creators(briefexport.render(bulletin, fmt, "plain"), fmt) == expected
