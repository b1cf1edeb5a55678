"""Every link annotation of the PDF says where it goes (its /Contents, which PDF/UA and screen readers read out
as the link's description): a web or mail link its address, a contents entry its section's numeral and title,
a note reference its note, a note's number the way back (renderers/pdf/layout.py, canvas_maker)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest

import briefexport
from briefexport.model import Bulletin
from briefexport.preflight import preflight

from .conftest import FIXTURES, ROOT

SHOWCASE = ROOT / "examples" / "showcase" / "showcase.md"


def _links(data: bytes) -> Iterator[tuple[str | None, str | None]]:
    """Each link annotation's address (None for a link in the document) and its Contents (None when it has none)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for annotation in page.obj.get("/Annots", []):
                if annotation.get("/Subtype") == "/Link":
                    action = annotation.get("/A")
                    address = str(action.URI) if action is not None else None
                    contents = annotation.get("/Contents")
                    yield address, str(contents) if contents is not None else None


@pytest.mark.parametrize("source", [SHOWCASE, ROOT / "source" / "2024-02.md"], ids=["showcase", "flagship"])
def test_every_link_says_where_it_goes(source: Path):
    """An accessibility review (helper-176 f03): the showcase's 19 web-address links had no /Contents and its 16
    links in the document (contents entries, footnote numbers) an empty one: a screen reader had nothing to
    name them by."""
    bulletin = briefexport.load(source)
    links = list(_links(briefexport.render(bulletin, "pdf")))
    assert links and all(contents for _, contents in links), links
    assert all(contents == address for address, contents in links if address is not None)
    inside = {contents for address, contents in links if address is None}
    assert "I. " + bulletin.sections[0].title in inside
    if bulletin.footnotes:
        assert {"Note 1", "Back to the text, note 1"} <= inside


def _russian() -> Bulletin:
    text = (FIXTURES / "minimal" / "bulletin.md").read_text(encoding="utf-8")
    front = text[: text.index("# First section")].replace("language: en", "language: ru")
    return briefexport.loads(front + "# Раздел\n\nТекст.[^1]\n\n[^1]: Примечание.\n", base_dir=FIXTURES / "minimal")


def test_a_link_in_the_document_is_described_in_the_bulletin_s_language():
    """The words are the catalogue's, as the EPUB's back links say them: a Russian issue's are Russian."""
    inside = {contents for address, contents in _links(briefexport.render(_russian(), "pdf")) if address is None}
    assert {"I. Раздел", "Примечание 1", "Назад к тексту, примечание 1"} <= inside


def test_the_print_edition_s_described_links_stay_fit_for_press_and_the_bytes_the_same():
    """Links carry no print flag, described or not: the print edition passes preflight, and is the same bytes."""
    bulletin = _russian()
    first = briefexport.render(bulletin, "pdf", print_edition=True)
    assert preflight(first).fit, [f.message for f in preflight(first).errors()]
    assert briefexport.render(bulletin, "pdf", print_edition=True) == first
    assert all(contents for _, contents in _links(first))
