"""PDF/X-4 identification of the print edition, written by ReportLab itself (no second pass over the file).

- The output intent: GTS_PDFX, the registered name of the print condition the
  colours were separated for (FOGRA39) and its characterisation, the profile
  in inks.PROFILE, embedded.
- The document information dictionary with GTS_PDFXVersion and Trapped.
- An XMP metadata stream that says what the information dictionary says
  (title, author, subject, keywords, both dates, producer, creator tool,
  trapped) with the PDF/X identification and document and version ids made
  from the bulletin, not the clock: same inputs, same bytes.

PDF/X-4 rather than X-1a: it is the level the Ghent Workgroup and the ECI
specify for offset work today, it keeps the fonts and the output profile the
edition already uses, and it allows the soft mask of a cover logo without
flattening it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import (
    XMP,
    PDFArray,
    PDFCatalog,
    PDFDate,
    PDFDictionary,
    PDFDocument,
    PDFInfo,
    PDFName,
    PDFStream,
    PDFString,
    PDFZCompress,
)

from .inks import PROFILE

PDFX_VERSION = "PDF/X-4"
CONDITION_IDENTIFIER = "FOGRA39"  # in the ICC's registry of characterisations
CONDITION = "Offset printing on coated paper, ISO 12647-2:2004/Amd 1 (FOGRA39L)"
REGISTRY = "http://www.color.org"
PROFILE_NAME = "FOGRA39L coated, made from Fogra's characterisation data"
_IDS = uuid.UUID("6d1c1f5e-5a43-4d3e-9a55-6b7269656678")  # the namespace of briefexport's XMP ids


class PdfxInfo(PDFInfo):
    """ReportLab's information dictionary with the PDF/X version beside its own keys."""

    def format(self, document: PDFDocument) -> bytes:
        date = PDFDate(ts=document._timeStamp, dateFormatter=self._dateFormatter)  # type: ignore[attr-defined]
        entries: dict[str, Any] = {
            "Title": PDFString(self.title),
            "Author": PDFString(self.author),
            "CreationDate": date,
            "ModDate": date,
            "Producer": PDFString(self.producer),
            "Creator": PDFString(self.creator),
            "Subject": PDFString(self.subject),
            "Keywords": PDFString(keywords(self.keywords)),
            "Trapped": PDFName(self.trapped),
            "GTS_PDFXVersion": PDFString(PDFX_VERSION),
        }
        result: bytes = PDFDictionary(entries).format(document)
        return result


def keywords(value: str | Sequence[str]) -> str:
    return value if isinstance(value, str) else ", ".join(value)


def identify(doc: PDFDocument, seed: str) -> None:
    """Make `doc` (a canvas's document, before its pages are written) identify itself as PDF/X-4.

    `seed` names the edition (title, issue, date, style): the XMP ids are derived from it.
    """
    info = PdfxInfo()
    info.__dict__.update(doc.info.__dict__)
    info.trapped = "False"  # nothing is trapped: the press's RIP traps, as PDF/X-4 expects it to say
    doc.info = info
    catalog = doc.Catalog  # type: ignore[attr-defined]  # PDFDocument's own, not in its stubs
    # PDFCatalog writes the keys it knows; OutputIntents is not among them in ReportLab 4 and 5.
    catalog.__NoDefault__ = [*PDFCatalog.__NoDefault__, "OutputIntents"]
    profile = PDFStream(PDFDictionary({"N": 4}), PROFILE.read_bytes(), filters=[PDFZCompress])
    catalog.OutputIntents = PDFArray(  # PDFCatalog writes the keys it is given as attributes
        [
            PDFDictionary(
                {
                    "Type": PDFName("OutputIntent"),
                    "S": PDFName("GTS_PDFX"),
                    "OutputConditionIdentifier": PDFString(CONDITION_IDENTIFIER),
                    "OutputCondition": PDFString(CONDITION),
                    "RegistryName": PDFString(REGISTRY),
                    "Info": PDFString(PROFILE_NAME),
                    "DestOutputProfile": doc.Reference(profile),  # type: ignore[no-untyped-call]
                }
            )
        ]
    )
    metadata = XMP(creator=lambda d: xmp(d, seed))
    metadata.filters = []  # XMP stays readable to tools that do not parse PDF
    catalog.Metadata = metadata


def xmp_date(doc: PDFDocument) -> str:
    """The info dictionary's date (document._timeStamp, fixed by the renderer) in XMP's form."""
    stamp = doc._timeStamp  # type: ignore[attr-defined]
    year, month, day, hour, minute, second = stamp.YMDhms
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}{stamp.dhh:+03d}:{stamp.dmm:02d}"


def xmp(doc: PDFDocument, seed: str) -> bytes:
    info, date = doc.info, xmp_date(doc)
    document_id = uuid.uuid5(_IDS, seed)
    instance_id = uuid.uuid5(document_id, "1")

    def text(value: str) -> str:
        return escape(str(value))

    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text(info.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{text(info.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text(info.subject)}</rdf:li></rdf:Alt></dc:description>
   <pdf:Keywords>{text(keywords(info.keywords))}</pdf:Keywords>
   <pdf:Producer>{text(info.producer)}</pdf:Producer>
   <pdf:Trapped>{text(info.trapped)}</pdf:Trapped>
   <xmp:CreatorTool>{text(info.creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{instance_id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()
