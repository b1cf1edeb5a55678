"""Word footnotes: the word/footnotes.xml part, its relationship, and the settings that name its separators.

python-docx has no footnotes API. The part holds what Word's own files hold:
the separator (w:id -1) and continuation separator (w:id 0) that draw the short
rule over a page's notes, named in settings.xml's w:footnotePr, then one
w:footnote per note, whose w:id is the note's number. Its first paragraph
starts with the note's own mark (w:footnoteRef, styled "footnote reference");
the text's reference is a w:footnoteReference run (renderer.py). Word and
LibreOffice number the notes themselves, in the order of their references,
which is the order of the bulletin's numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import oxml_parser
from lxml import etree

from ...model import Footnote, Runs
from . import wordstyles as ws
from .ooxml import bookmark, el, field, paragraph, put_in_order, run, val

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from lxml.etree import _Element as Element

SEPARATORS = (("separator", "-1"), ("continuationSeparator", "0"))


# Bookmark ids of the notes' first references: past any section heading's (renderer.py numbers those from 1).
BOOKMARK_BASE = 100_000


def reference(number: int) -> list[Element]:
    """The run in the text that refers to note `number` (Word draws its number, a superscript), inside a
    bookmark that a later reference to the same note points at."""
    mark = el(
        "w:r",
        None,
        el("w:rPr", None, val("w:rStyle", ws.FOOTNOTE_REFERENCE)),
        el("w:footnoteReference", {"w:id": str(number)}),
    )
    return bookmark(BOOKMARK_BASE + number, _bookmark_name(number), [mark])


def repeated(number: int) -> list[Element]:
    """A later reference to a note (Word gives a note one w:footnoteReference): a NOTEREF field to the
    first's bookmark, formatted as a reference mark and linked to the note, its number as its result, so
    that it follows the note when Word numbers the notes again (an editor adds one before it)."""
    return field(f"NOTEREF {_bookmark_name(number)} \\f \\h", str(number), ws.FOOTNOTE_REFERENCE)


def _bookmark_name(number: int) -> str:
    return f"_NoteRef{number}"  # a leading underscore: a hidden bookmark, as Word names its own


def add_part(document: DocxDocument) -> Part:
    """An empty footnotes part, related from the document; `fill` writes its XML."""
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, b"", document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    return part


def fill(part: Part, notes: tuple[Footnote, ...], inline: Callable[[Runs, Part], list[Element]]) -> Element:
    """The part's XML: the separators, then each note's paragraphs (`inline` makes runs and links of the
    part's own). Returns the root, whose text the embedded fonts must cover."""
    root = oxml_parser.makeelement(qn("w:footnotes"), nsmap={"w": nsmap["w"], "r": nsmap["r"]})  # links: r:id
    for kind, ident in SEPARATORS:
        spacing = el("w:pPr", None, el("w:spacing", {"w:after": "0", "w:line": "240", "w:lineRule": "auto"}))
        p = el("w:p", None, spacing, el("w:r", None, el(f"w:{kind}")))
        root.append(el("w:footnote", {"w:type": kind, "w:id": ident}, p))
    for note in notes:
        mark = el("w:r", None, el("w:rPr", None, val("w:rStyle", ws.FOOTNOTE_REFERENCE)), el("w:footnoteRef"))
        first, *rest = note.paragraphs
        paragraphs = [paragraph(ws.FOOTNOTE_TEXT, mark, run(" "), *inline(first, part))]
        paragraphs += [paragraph(ws.FOOTNOTE_TEXT, *inline(runs, part)) for runs in rest]
        root.append(el("w:footnote", {"w:id": str(note.number)}, *paragraphs))
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return root


def settings(document: DocxDocument) -> None:
    """settings.xml's w:footnotePr names the separator notes, as Word writes it."""
    ids = [el("w:footnote", {"w:id": ident}) for _, ident in SEPARATORS]
    put_in_order(document.settings.element, el("w:footnotePr", None, *ids))
