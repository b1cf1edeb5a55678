"""The package around the document: properties, settings, fonts, theme, and reproducible zip bytes.

python-docx starts from its own template, which names python-docx in core.xml,
carries 2013 dates, a Word 2010 thumbnail, a stale stylesWithEffects part and
list definitions nobody uses. Here the template parts the edition does not
need are dropped and the rest is rewritten from the bulletin and the Style.

Fonts: fontTable.xml describes each brand family the way Word's own files do
(w:panose1, w:sig, w:family and w:pitch read from the TrueType file), relates
the embedded faces (fonts.py) when the Style embeds them, and names the
Style's fallback as w:altName. A word processor without the brand font and
without embedded faces (docx.embed_fonts = false) tries the altName first
(ECMA-376 17.8.3.1), then substitutes by the PANOSE classification and generic
family, so Noto Serif becomes Georgia and Noto Sans becomes Arial.
"""

from __future__ import annotations

import datetime as dt
import functools
import struct
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree

from ...inputs import version
from ...model import Bulletin
from ...styles import FontFamily, Style
from .. import zipped
from ..base import creators, edition_title
from . import fonts
from .ooxml import colour, el, language_attrs, put_in_order, val

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from lxml.etree import _Element as Element

# CSS generic family -> the w:family Word uses to pick a substitute.
_WORD_FAMILY = {
    "serif": "roman",
    "sans-serif": "swiss",
    "monospace": "modern",
    "cursive": "script",
    "fantasy": "decorative",
}
_DROPPED = (RT.CUSTOM_XML, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects")
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def blank_document() -> DocxDocument:
    """A new document from python-docx's template, without the template's thumbnail, custom XML
    and stylesWithEffects parts: one opened ahead (open_ahead), else a new one."""
    try:
        return _opened.pop()  # one step, so two threads rendering at once cannot both take it
    except IndexError:
        pass
    document = Document()
    package = document.part.package
    for rels in (package.rels, document.part.rels):
        for rid, rel in list(rels.items()):
            if rel.reltype in (*_DROPPED, RT.THUMBNAIL):
                rels.pop(rid)
    return document


_opened: list[DocxDocument] = []


def open_ahead() -> None:
    """Open a blank document now (10 to 15 ms: the template is a zip of XML parts) for the next render."""
    if not _opened:
        _opened.append(blank_document())


# python-docx refuses a core property longer than this (ValueError): a longer one is cut with an ellipsis.
MAX_PROPERTY_CHARS = 255


def _property(text: str) -> str:
    return text if len(text) <= MAX_PROPERTY_CHARS else text[: MAX_PROPERTY_CHARS - 1].rstrip() + "…"


def core_properties(document: DocxDocument, bulletin: Bulletin) -> None:
    m, p = bulletin.metadata, bulletin.publisher
    props = document.core_properties
    created = dt.datetime(m.date.year, m.date.month, m.date.day, tzinfo=dt.UTC)
    modified = dt.datetime(m.modified.year, m.modified.month, m.modified.day, tzinfo=dt.UTC)
    props.title = _property(edition_title(bulletin))  # the title bar names the issue
    props.subject = _property(m.subtitle or m.title)
    props.author = _property("; ".join(creators(bulletin)))
    props.last_modified_by = _property(p.name)
    props.keywords = _property(", ".join(m.keywords))
    props.language = m.language
    # comments is core.xml's dc:description: the summary, when the bulletin has one
    props.comments = _property(m.summary or " · ".join(part for part in (m.subtitle, m.issue) if part))
    props.identifier = _property(m.uid)
    props.category = ""
    props.revision = 1
    props.created = created
    props.modified = modified


def app_properties(document: DocxDocument, bulletin: Bulletin, version: str) -> None:
    """docProps/app.xml: who made it (no statistics: they would be guesses)."""
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    root = etree.Element(f"{{{ns}}}Properties", nsmap={None: ns})
    for name, text in (
        ("Application", f"briefexport {version}"),
        ("DocSecurity", "0"),
        ("ScaleCrop", "false"),
        ("Company", bulletin.publisher.name),
        ("LinksUpToDate", "false"),
        ("SharedDoc", "false"),
        ("HyperlinksChanged", "false"),
    ):
        etree.SubElement(root, f"{{{ns}}}{name}").text = text
    for rel in document.part.package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def settings(document: DocxDocument, style: Style, language: str) -> None:
    """Hyphenation as the Style says, margins mirrored on facing pages where the inner and outer differ
    (the PDF's; a designer's trial found Word's even pages bound on the narrow side), embedded fonts kept
    when Word saves, Word 2013+ layout, no
    template residue. No w:updateFields: Word would ask "update the fields?" on opening, the prompt
    that phishing documents rely on; nothing here needs it (see the contents in renderer.py).
    A justified line ending in a hard line break is not stretched across the column
    (w:doNotExpandShiftReturn, which Word and LibreOffice honour)."""
    root = document.settings.element
    for tag in ("w:rsids", "w:savePreviewPicture", "w:proofState", "w:attachedTemplate"):
        for node in root.findall(qn(tag)):
            root.remove(node)
    if style.docx.embed_fonts:
        put_in_order(root, val("w:embedTrueTypeFonts", "true"))
        put_in_order(root, val("w:saveSubsetFonts", "true"))
    put_in_order(root, val("w:autoHyphenation", "true" if style.layout.hyphenate else "false"))
    if style.page.margin_inner != style.page.margin_outer:  # left and right are inside and outside, as in print
        put_in_order(root, el("w:mirrorMargins"))
    put_in_order(root, el("w:themeFontLang", language_attrs(language)))
    for node in root.iter(qn("w:compatSetting")):
        if node.get(qn("w:name")) == "compatibilityMode":
            node.set(qn("w:val"), "15")
    compat = root.find(qn("w:compat"))
    if compat is not None:
        compat.insert(0, el("w:doNotExpandShiftReturn"))  # first in w:compat's sequence of options


def theme(document: DocxDocument, style: Style) -> None:
    """The theme's fonts and accent colours follow the brand, for anything a recipient adds."""
    part = document.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    root.set("name", style.label)
    for name, hex_colour in (
        ("dk2", style.colors.brand),
        ("accent1", style.colors.brand),
        ("accent2", style.colors.accent),
        ("hlink", style.colors.link),
    ):
        slot = root.find(f".//{{{_A}}}clrScheme/{{{_A}}}{name}")
        if slot is not None:
            slot.clear()
            etree.SubElement(slot, f"{{{_A}}}srgbClr", val=colour(hex_colour))
    for tag, role in (("majorFont", "heading"), ("minorFont", "body")):
        latin = root.find(f".//{{{_A}}}{tag}/{{{_A}}}latin")
        if latin is not None:
            latin.set("typeface", style.font(role).family)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def numbering(document: DocxDocument, root: Element) -> None:
    """word/numbering.xml becomes `root` (the template's list definitions are not used)."""
    part = document.part.numbering_part
    assert isinstance(root, BaseOxmlElement)  # python-docx's parser makes w:numbering its own element
    part._element = root


def font_table(
    document: DocxDocument, families: dict[str, FontFamily], embedded: dict[str, list[fonts.EmbeddedFace]]
) -> None:
    """fontTable.xml for `families`; `embedded` (family name -> faces) become word/fonts/fontN.odttf parts."""
    part = document.part.part_related_by(RT.FONT_TABLE)
    root = el("w:fonts")
    # A face's bytes -> its part's relationship: one file serving a family's four faces is stored once.
    stored: dict[bytes, str] = {}
    for family in families.values():
        panose, usb, csb = _os2(family.regular)
        embeds = []
        for face in embedded.get(family.family, []):
            if face.data not in stored:
                uri = PackURI(f"/word/fonts/font{len(stored) + 1}.odttf")
                stored[face.data] = part.relate_to(Part(uri, fonts.CONTENT_TYPE, face.data, part.package), RT.FONT)
            attrs = {"r:id": stored[face.data], "w:fontKey": face.key, "w:subsetted": "true"}
            embeds.append(el(fonts.EMBED_TAGS[face.face], attrs))
        root.append(
            el(
                "w:font",
                {"w:name": family.family},
                val("w:altName", family.fallback),
                val("w:panose1", panose),
                val("w:charset", "00"),
                val("w:family", _WORD_FAMILY.get(family.generic, "auto")),
                val("w:pitch", "variable"),
                el(
                    "w:sig",
                    {
                        "w:usb0": usb[0],
                        "w:usb1": usb[1],
                        "w:usb2": usb[2],
                        "w:usb3": usb[3],
                        "w:csb0": csb[0],
                        "w:csb1": csb[1],
                    },
                ),
                *embeds,
            )
        )
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _os2(path: Path) -> tuple[str, list[str], list[str]]:
    """PANOSE, Unicode ranges and code-page ranges from a TrueType file's OS/2 table."""
    return _os2_of(path, version(path))


@functools.lru_cache(maxsize=32)
def _os2_of(path: Path, stamp: tuple[int, int]) -> tuple[str, list[str], list[str]]:
    with open(path, "rb") as handle:
        (count,) = struct.unpack(">H", handle.read(12)[4:6])
        directory = handle.read(16 * count)
        for i in range(count):
            tag, _, offset, length = struct.unpack(">4sIII", directory[16 * i : 16 * i + 16])
            if tag == b"OS/2":
                handle.seek(offset)
                data = handle.read(min(length, 86)).ljust(86, b"\0")
                break
        else:
            data = bytes(86)
    usb = [f"{v:08X}" for v in struct.unpack(">4I", data[42:58])]
    csb = [f"{v:08X}" for v in struct.unpack(">2I", data[78:86])]
    return data[32:42].hex().upper(), usb, csb


class _Members(dict[str, bytes]):
    """Collects what python-docx's package writer would put in the zip: member name -> bytes."""

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self[pack_uri.membername] = blob


def save(document: DocxDocument) -> bytes:
    """The package as zip bytes with fixed entry times and a fixed order (content types, package
    relationships, then by name), so the same inputs give the same bytes.

    python-docx's own save() stamps every entry with the clock; its PackageWriter steps are used
    here with a collector instead of its zip writer, so the parts are serialised exactly as save()
    would and only the zip is ours.
    """
    package = document.part.package
    parts = list(package.iter_parts())
    members = _Members()
    # python-docx's private steps: two carry no annotations, and _Members stands in for its zip writer.
    PackageWriter._write_content_types_stream(members, parts)  # type: ignore[no-untyped-call]
    PackageWriter._write_pkg_rels(members, package.rels)  # type: ignore[no-untyped-call]
    PackageWriter._write_parts(members, parts)  # type: ignore[arg-type]
    order = sorted(members, key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels", n))
    return zipped.pack((name, members[name]) for name in order)
