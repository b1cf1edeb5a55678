"""Preflight: is a PDF fit for press? The checks a prepress operator runs before a file goes to plate.

- PDF/X identification (a PDF/X version ISO 15930 names, in GTS_PDFXVersion in the
  information dictionary and the XMP, saying the same), the XMP matching the information
  dictionary, Trapped, a document ID in the trailer;
- an output intent (GTS_PDFX) with an embedded CMYK profile;
- on every page: a TrimBox and a BleedBox (and no ArtBox beside the TrimBox), the trim inside
  the bleed inside the media, and inside the CropBox (a CropBox inside the bleed is a warning),
  every page trimmed to the first one's size; a bleed under 3 mm is a warning;
- colour: any RGB (operators, colour spaces, images, shadings, transparency
  groups, and inside tiling patterns and Type 3 glyphs) is an error, CMYK, grey and spot colours
  are what a press prints; a CMYK colour of more than 330 % ink (FOGRA39's limit) is an error, a DeviceN's
  process inks counted alike, and a shading's colours as its function gives them (a function or mesh this
  check cannot evaluate is a warning);
  under PDF/X-1a, so is a colour-managed space (ICC-based, Lab, CalGray), which it forbids;
- fonts: every font embedded;
- pictures: at least 300 ppi at the size they are placed, inline images too;
- text: none past the TrimBox (an error: the cut takes it off), none within 3 mm of it (a warning);
  none under 12 pt in a dark colour of several inks (K 50 % or more with any C, M or Y: a warning,
  as it fringes at the slightest misregistration);
- lines: none thinner than 0.125 pt (an error: it breaks up or vanishes on the plate), none under
  0.25 pt (a warning); the marks outside the bleed are not counted;
- overprint: no text, line or area in white set to overprint where PDF says it leaves what lies under it
  (an error: it vanishes on press): DeviceCMYK white under OPM 1, a spot's tint 0;
- marks: whatever is drawn wholly outside the bleed (crop marks) in the
  registration colour (Separation All), so that it shows on every plate.
- transparency, where the file's PDF/X level forbids it (X-1a, X-3; X-4 allows it);
- annotations that would print inside the bleed (links carry no print flag and pass); under
  PDF/X-1a and X-3, any annotation there but printer's marks;
- the file itself: a damaged one (qpdf repaired it on reading), a value that is not what PDF says (a box of
  three numbers), a resource used but not defined where it is used, an embedded font program that cannot be
  read, JavaScript and self-running actions anywhere in it: errors; sizes are measured through UserUnit;
- a page count that is not a multiple of 4: a warning (a saddle stitcher needs one, other
  bindings do not), which leaves the file fit; no page at all: an error.

It reads the file with pikepdf (qpdf) and follows every page's content and the
forms it draws, and the appearance of every annotation that prints (PDF 12.5.5: the Print flag, not
hidden), tracking the transformation matrix and the current colours.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import io
import logging
import math
import os
import re
import stat
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast

import pikepdf
from fontTools.ttLib import TTFont
from pikepdf.models.metadata import decode_pdf_date
from PIL import ImageChops

from .printing import MAX_INK, fringes, most_ink
from .textextent import IDENTITY, TEXT_OPERATORS, Box, Matrix, TextExtent, TextState, apply, least_scale, multiply

if TYPE_CHECKING:
    from PIL.Image import Image

MIN_PPI = 300.0
MAX_NESTING = 8  # streams drawn in streams (a pattern in a pattern's cell), and names of colour spaces, followed
# Forms drawn in forms, and forms drawn on one page, followed: a form drawing itself recursed for ever, and a
# chain of forms each drawing the next twice took twice as long for each link (24 in 287 KB: hours).
MAX_FORM_NESTING = 32
# The operators of the forms a page draws, counted at each draw, most followed: a scatter plot of 12,000
# markers (72,000) is an ordinary page; a form drawn 999 times, each drawing one of 100 fills 100 times, is
# 10 million, minutes' work (a review), and forms each drawing the next twice grow it without end.
MAX_FORM_OPERATORS = 1_000_000
Operator = pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage
MAX_INKED_PIXELS = 40_000_000  # a picture's pixels decoded, at most (a 100-megapixel one took 1.1 GB)
# A stream's decoded bytes, at most: a page's content (1,000,000 operators are about 20 MB), a font program,
# the XMP. Flate packs 1,000 to 1: 400 KB of a page's content decoded to 400 MB (825 MB held, 10 s).
MAX_DECODED = 64 * 2**20
THINNEST_LINE, THIN_LINE = 0.125, 0.25  # points: a line under the first is an error, under the second a warning
SMALL_TEXT = 12.0  # points: text under this size in a dark colour of several inks fringes
BLEED_MM = 3.0  # what a shop asks for beyond the trim
SAFE_MM = 3.0  # ... and wants text to keep inside it
MM = 72 / 25.4  # points
Level = Literal["error", "warning", "info"]
_PAINT_STROKE = {"S", "s", "B", "B*", "b", "b*"}
_PAINT_FILL = {"f", "F", "f*", "B", "B*", "b", "b*"}
_PATH_END = _PAINT_STROKE | _PAINT_FILL | {"n"}
_RGB_NOTE = "a print file takes CMYK, grey and spot colours only"
_SHOW = frozenset({"Tj", "TJ", "'", '"'})  # the operators that show text
_STROKED_TEXT = frozenset({1, 2, 5, 6})  # the text rendering modes (Tr) that stroke the glyphs' outlines
_FILLED_TEXT = frozenset({0, 2, 4, 6})  # ... and that fill them
_SET_COLOUR = frozenset({"cs", "CS", "sc", "SC", "scn", "SCN", "k", "K", "g", "G", "rg", "RG"})
_DEVICE_SPACES = frozenset({"/DeviceGray", "/DeviceRGB", "/DeviceCMYK", "/Pattern"})  # cs takes them unnamed


def _colorants(space: object, resources: pikepdf.Dictionary, depth: int = 0) -> tuple[str, ...]:
    """The colorants a Separation or DeviceN (NChannel) space names ("Cyan", "PANTONE 286 C"), following names
    into the resources; none for another space."""
    if depth >= MAX_NESTING:
        return ()
    if isinstance(space, pikepdf.Name):
        spaces = resources.get("/ColorSpace")
        if not isinstance(spaces, pikepdf.Dictionary) or str(space) not in spaces:
            return ()
        return _colorants(spaces[str(space)], resources, depth + 1)
    if isinstance(space, pikepdf.Array) and len(space) > 1:
        if space[0] == "/Separation":
            return (str(space[1])[1:],)
        if space[0] == "/DeviceN" and isinstance(space[1], pikepdf.Array):
            return tuple(str(name)[1:] for name in space[1])
    return ()


@dataclass(frozen=True)
class Finding:
    level: Level
    check: str  # pdfx, output-intent, metadata, boxes, colour, fonts, images, marks, pages
    message: str
    page: int | None = None  # 1-based; None for the document

    def line(self, name: str) -> str:
        return f"{name}: {_where([self.page] if self.page is not None else [])}{self.level}: {self.message}"


@dataclass(frozen=True)
class Report:
    pages: int
    pdfx: str | None
    output_intent: str | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def fit(self) -> bool:
        return not any(f.level == "error" for f in self.findings)

    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    def warnings_gathered(self) -> list[str]:
        """The warnings, those of one kind on several pages as one line ("pages 1-8: 16 × text under 12 pt
        …": a finding's count is the "N × " its message starts with), for a build to show."""
        kinds: dict[str, tuple[list[int], int]] = {}
        for finding in self.findings:
            if finding.level != "warning":
                continue
            count, times, what = finding.message.partition(" × ")
            if not times or not count.isdigit():
                count, what = "1", finding.message
            pages, total = kinds.get(what, ([], 0))
            kinds[what] = ([*pages, finding.page] if finding.page is not None else pages, total + int(count))
        return [
            _where(pages) + (f"{total} × {what}" if total > 1 or len(pages) > 1 else what)
            for what, (pages, total) in kinds.items()
        ]

    def as_dict(self) -> dict[str, object]:
        return {
            "fit": self.fit,
            "pages": self.pages,
            "pdfx": self.pdfx,
            "output_intent": self.output_intent,
            "findings": [asdict(f) for f in self.findings],
        }


class PreflightError(Exception):
    """The file cannot be read as a PDF at all."""


def preflight(source: str | Path | bytes) -> Report:
    """Check a PDF (a path or its bytes) for press; see the module's docstring for what is checked."""
    try:
        _a_pdf(source)
        pdf = pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source)
    except pikepdf.PasswordError:  # not a PdfError: pikepdf's own
        raise PreflightError("the PDF is encrypted with a password to open it; PDF/X allows no encryption") from None
    except (pikepdf.PdfError, OSError) as exc:
        name = "" if isinstance(source, bytes) else str(source)  # the caller names the file: once
        raise PreflightError(f"not a readable PDF ({_first_line(exc, name)})") from None
    with pdf, _libraries_quiet():
        findings: list[Finding] = []
        if pdf.is_encrypted:  # an owner password alone opens it, but a RIP or imposition may refuse it
            findings.append(Finding("error", "pdfx", "the PDF is encrypted; PDF/X allows no encryption"))
        version = _identification(pdf, findings)
        intent = _output_intent(pdf, findings)
        findings += [Finding("error", "pdfx", f"{what}, which PDF/X forbids") for what in _scripts(pdf)]
        # PDF/X-1a and X-3 forbid transparency; X-4 allows it.
        opaque = version is not None and version.startswith(("PDF/X-1", "PDF/X-3"))
        drawn_elsewhere: set[tuple[int, int]] = set()  # patterns, Type 3 glyphs, font programs read
        for number, page in enumerate(pdf.pages, 1):
            try:
                findings += _page(page, number, opaque, version or "", drawn_elsewhere)
            except Malformed as exc:
                findings.append(Finding("error", "pages", f"{exc}: the page cannot be checked whole", number))
            except (pikepdf.PdfError, ValueError, TypeError, AttributeError, LookupError) as exc:
                # The last resort for what no check foresaw in a damaged file (pikepdf answers a dictionary's
                # get on a number with AttributeError): the page is unfit, not a traceback.
                why = f"what it holds cannot be read ({_first_line(exc)})"
                findings.append(Finding("error", "pages", f"{why}: the page cannot be checked whole", number))
        findings += _trims_and_bleeds(pdf.pages)
        # What qpdf repaired on reading (an object not where the cross-reference table says, a truncated file,
        # a stream that does not decode): the pages read may not be the pages printed.
        repairs = [_first_line(Exception(warning), pdf.filename) for warning in pdf.get_warnings()]
        if repairs:
            first = next((said for said in repairs if said != "file is damaged"), repairs[0])
            findings.append(
                Finding(
                    "error",
                    "file",
                    f"the file is damaged: {len(repairs)} repair(s) on reading it, the first: {first}",
                )
            )
        if not pdf.pages:  # nothing to print: no page is fit for press, however well the file is identified
            findings.append(Finding("error", "pages", "the PDF has no pages: there is nothing to print"))
        elif len(pdf.pages) % 4:  # what a binding needs is the shop's to say: told, not refused
            findings.append(
                Finding(
                    "warning",
                    "pages",
                    f"{len(pdf.pages)} pages, not a multiple of 4: a saddle-stitched issue needs one (--pad 4)",
                )
            )
        return Report(len(pdf.pages), version, intent, findings)


# The libraries whose logs preflight keeps out of its thread's way while it reads a file: what they log
# (pikepdf's traceback of XMP it cannot read, fontTools' "timestamp seems very low" of LibreOffice's font
# subsets) preflight reports as findings, or has no use for; a command's stderr showed it beside them. The
# modules that log so are named, as their loggers are made only when a font first needs them.
_QUIET_LOGGERS = ("pikepdf", "fontTools")
_QUIET_MODULES = ("pikepdf.models.metadata._xmp", "fontTools.ttLib.tables._h_e_a_d")
_reading = threading.local()  # whether this thread is running a preflight


class _NotWhileReading(logging.Filter):
    """Drops a record logged from a thread that is running a preflight. Another thread's records, and every
    logger's level, are left as they are: setting the loggers' levels lost a service's own records and the
    levels it set while a preflight ran (a review)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(_reading, "on", False)


_QUIET = _NotWhileReading()


@contextmanager
def _libraries_quiet() -> Iterator[None]:
    """The libraries' loggers (_QUIET_LOGGERS, and those of _QUIET_MODULES made ahead) filtered, for this
    thread alone, while preflight runs in it."""
    for name in _QUIET_MODULES:
        logging.getLogger(name)
    for name, logger in list(logging.Logger.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger) and name.startswith(_QUIET_LOGGERS) and _QUIET not in logger.filters:
            logger.addFilter(_QUIET)
    outer = getattr(_reading, "on", False)
    _reading.on = True
    try:
        yield
    finally:
        _reading.on = outer


def _a_pdf(source: str | Path | bytes) -> None:
    """PreflightError for what is no PDF at all, said as such (qpdf tries to recover it, and says it found no
    trailer): an empty file, or one that does not start with %PDF- in its first KB, as PDF readers allow."""
    if isinstance(source, bytes):
        head = source[:1024]
    else:
        # A named pipe, a device or a socket may never deliver bytes (preflight waited for ever on a pipe).
        mode = os.stat(source).st_mode
        if not stat.S_ISREG(mode):
            kind = next((kind for test, kind in _SPECIAL_FILES if test(mode)), "a special file")
            raise PreflightError(f"{kind}, not a regular file: preflight reads PDF files only")
        with open(source, "rb") as file:
            head = file.read(1024)
    if not head:
        raise PreflightError("the file is empty, not a PDF")
    if b"%PDF-" not in head:
        start = head[:16].decode("latin-1")
        shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in start)
        raise PreflightError(f'not a PDF: it starts with "{shown}", not "%PDF-"')


# What a path is when it is no regular file, as PreflightError names it.
_SPECIAL_FILES: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


# -- the document ------------------------------------------------------------------------------


# The actions a print file holds none of, by their type (S), as a finding names them.
_ACTIONS = {
    "/JavaScript": "JavaScript",
    "/Launch": "an action that launches a program (Launch)",
    "/SubmitForm": "an action that sends a form away (SubmitForm)",
    "/ImportData": "an action that imports data (ImportData)",
    "/Rendition": "an action that plays media (Rendition)",
}


def _scripts(pdf: pikepdf.Pdf) -> list[str]:
    """The JavaScript and the actions a viewer runs by itself (AA) or a print file has no use for, wherever
    they are in the file (a trial's, in a link, a form field and an OpenAction's Next, passed): each kind
    once, with the first place it is found. Every object is walked, from the catalogue first, so that a
    place is named as a reader finds it ("on page 2"), then the rest ("in object 12")."""
    root = pdf.Root
    places: dict[tuple[int, int], str] = {root.objgen: "in the catalogue"}
    for number, page in enumerate(pdf.pages, 1):
        places[page.obj.objgen] = f"on page {number}"
        for annotation in page.obj.get("/Annots", []):
            if isinstance(annotation, pikepdf.Dictionary) and annotation.objgen != (0, 0):
                places.setdefault(annotation.objgen, f"in an annotation on page {number}")
    found: dict[str, str] = {}
    seen: set[tuple[int, int]] = set()
    # (pdf.objects gives an indirect number or boolean as a Python value: Ghostscript's and cairo's files hold many)
    containers = (o for o in pdf.objects if isinstance(o, pikepdf.Dictionary | pikepdf.Stream | pikepdf.Array))
    owners = [(root, "in the catalogue"), *((o, f"in object {o.objgen[0]}") for o in containers)]
    for owner, place in owners:
        if owner.objgen in seen:
            continue
        # An object's direct parts, and the objects it refers to, depth first, each indirect one once.
        todo: list[tuple[pikepdf.Object, str]] = [(owner, place)]
        while todo:
            item, where = todo.pop()
            if item.objgen != (0, 0):
                if item.objgen in seen:
                    continue
                seen.add(item.objgen)
                where = places.get(item.objgen, where)
            if isinstance(item, pikepdf.Array):
                todo += [(v, where) for v in item if isinstance(v, pikepdf.Array | pikepdf.Dictionary)]
                continue
            kind = _ACTIONS.get(str(item.get("/S")), "JavaScript" if "/JS" in item else None)
            if kind is not None:
                found.setdefault(kind, where)
            if "/AA" in item:
                found.setdefault("actions the viewer runs by itself (AA)", where)
            for key, value in item.items():
                if key not in ("/Parent", "/P") and isinstance(value, pikepdf.Array | pikepdf.Dictionary):
                    todo.append((value, _PLACES.get(key, where)))
    return [f"{kind} {where}" for kind, where in found.items()]


# The places of the catalogue a finding names by their keys.
_PLACES = {"/OpenAction": "run on opening (OpenAction)", "/Names": "in the document's names"}


def _identification(pdf: pikepdf.Pdf, findings: list[Finding]) -> str | None:
    info = pdf.docinfo
    version = str(info["/GTS_PDFXVersion"]) if "/GTS_PDFXVersion" in info else None
    xmp = pdf.Root.get("/Metadata")
    # Not read when too large to: what it would be compared with is then left unjudged (one error, not ten).
    unread = isinstance(xmp, pikepdf.Stream) and _decodes_past([xmp], MAX_DECODED)
    if unread:
        findings.append(
            Finding("error", "metadata", f"the XMP metadata decodes to more than {MAX_DECODED // 2**20} MB")
        )
    meta: Mapping[str, Any] = {}
    if not unread:
        try:  # strict: pikepdf would put empty XMP in the place of what it cannot read, and log a traceback
            meta = pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False, strict=True)
        except Exception as exc:  # lxml's and pikepdf's many errors for what is no XMP
            unread = True
            findings.append(Finding("error", "metadata", f"the XMP metadata cannot be read ({_first_line(exc)})"))
    declared = meta.get("pdfxid:GTS_PDFXVersion")
    if version is None and declared is None:
        findings.append(Finding("error", "pdfx", "no PDF/X identification (GTS_PDFXVersion); a shop asks for PDF/X-4"))
        return None
    if declared is not None and version is not None and declared != version:
        findings.append(
            Finding("error", "pdfx", f"the XMP says {declared}, the document information {version}: they must agree")
        )
    version = version or declared
    if str(version) not in PDFX_VERSIONS:
        findings.append(
            Finding("error", "pdfx", f"GTS_PDFXVersion is {version!r}, not a PDF/X version (ISO 15930 names PDF/X-4)")
        )
    elif str(version).startswith("PDF/X-4") and declared is None and not unread:
        findings.append(
            Finding(
                "error",
                "pdfx",
                "PDF/X-4 is named in the document information only; it must be in the XMP too (pdfxid:GTS_PDFXVersion)",
            )
        )
    if not pdf.trailer.get("/ID"):
        findings.append(Finding("error", "pdfx", "no document ID (the trailer's ID), which every PDF/X file carries"))
    trapped = str(info.get("/Trapped", ""))
    if trapped not in ("/True", "/False"):
        findings.append(Finding("error", "metadata", f"Trapped is {trapped or 'missing'}; PDF/X takes True or False"))
    elif "pdf:Trapped" in meta and str(meta.get("pdf:Trapped")) != trapped[1:]:
        findings.append(
            Finding("error", "metadata", f"XMP pdf:Trapped {meta.get('pdf:Trapped')!r} differs from Trapped {trapped}")
        )
    findings += [] if unread else _contradictions(info, meta)
    findings.append(Finding("info", "pdfx", f"identified as {version}"))
    return str(version)


def _contradictions(info: pikepdf.Dictionary, meta: Mapping[str, Any]) -> list[Finding]:
    """Where the document information and the XMP `meta` say different things of the same property."""
    out = []
    for key, prop in _SAME_TEXT:
        value = meta.get(prop, "")
        value = "; ".join(value) if isinstance(value, list | set) else str(value)  # dc:creator is a sequence
        if key in info and value != str(info[key]):
            out.append(
                Finding("error", "metadata", f"XMP {prop} {meta.get(prop)!r} differs from {key[1:]} {str(info[key])!r}")
            )
    for key, prop in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
        if key in info and not _same_date(str(info[key]), meta.get(prop)):
            out.append(
                Finding("error", "metadata", f"XMP {prop} {meta.get(prop)!r} differs from {key[1:]} {info[key]!s}")
            )
    return out


# The versions ISO 15930 names, as GTS_PDFXVersion spells them.
PDFX_VERSIONS = frozenset(
    {
        "PDF/X-1:2001", "PDF/X-1a:2001", "PDF/X-1a:2003", "PDF/X-2:2003", "PDF/X-3:2002", "PDF/X-3:2003",
        "PDF/X-4", "PDF/X-4p", "PDF/X-5g", "PDF/X-5n", "PDF/X-5pg", "PDF/X-6", "PDF/X-6n", "PDF/X-6p",
    }
)  # fmt: skip


# What the document information and the XMP both say, and must say alike (ISO 16684-1, PDF/X).
_SAME_TEXT = (
    ("/Title", "dc:title"),
    ("/Author", "dc:creator"),
    ("/Subject", "dc:description"),
    ("/Keywords", "pdf:Keywords"),
    ("/Producer", "pdf:Producer"),
    ("/Creator", "xmp:CreatorTool"),
)


def _first_line(exc: Exception, name: str = "") -> str:
    """An exception's message as a finding quotes it: its first line, without the file's name (`name`) and the
    place qpdf starts it with ("FILE (object 137 0, offset 215290): ")."""
    line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    line = line.removeprefix(name) if name else line
    return _QPDF_PLACE.sub("", line, count=1)[:200]


# Where qpdf says a message is from: the name it gives bytes ("stream <_io.BytesIO object at 0x7f…>") or a file's
# name before " (object 137 0, offset 215229)", then that, or ", object 11 0 at offset 137178", and ": ".
_QPDF_PLACE = re.compile(
    r"^(?:stream <[^>]*>|.*?(?= \((?:object|offset) ))?(?: \([^)]*\)|, object \d+ \d+ at offset \d+)?: "
)


def _same_date(pdf_date: str, xmp_date: object) -> bool:
    try:
        return decode_pdf_date(pdf_date) == dt.datetime.fromisoformat(str(xmp_date))
    except (ValueError, TypeError):
        return False


def _output_intent(pdf: pikepdf.Pdf, findings: list[Finding]) -> str | None:
    intents = pdf.Root.get("/OutputIntents", pikepdf.Array())
    if not isinstance(intents, pikepdf.Array):
        findings.append(Finding("error", "output-intent", f"OutputIntents is {_said(intents)}, not an array"))
        return None
    for intent in intents:
        if not isinstance(intent, pikepdf.Dictionary) or intent.get("/S") != "/GTS_PDFX":
            continue
        name = str(intent.get("/OutputConditionIdentifier", "")) or "unnamed"
        profile = intent.get("/DestOutputProfile")
        if not isinstance(profile, pikepdf.Stream):
            findings.append(
                Finding("error", "output-intent", f"output intent {name} has no embedded profile (DestOutputProfile)")
            )
        elif profile.get("/N") != 4:
            channels = _said(profile.get("/N", "none"))
            findings.append(
                Finding("error", "output-intent", f"output intent {name}'s profile is not CMYK (N is {channels})")
            )
        else:
            findings.append(Finding("info", "output-intent", f"output intent {name}, CMYK profile embedded"))
        return name
    findings.append(Finding("error", "output-intent", "no PDF/X output intent (OutputIntents with S GTS_PDFX)"))
    return None


# -- a page --------------------------------------------------------------------------------------


def _page(
    page: pikepdf.Page,
    number: int,
    opaque: bool = False,
    version: str = "",
    drawn_elsewhere: set[tuple[int, int]] | None = None,
) -> list[Finding]:
    findings: list[Finding] = []
    obj = page.obj
    unit = _user_unit(obj)  # sizes, widths and resolutions are judged in points, as printed
    media = _points(page.mediabox, "the MediaBox", unit)
    trim, bleed = _trim_and_bleed(obj, unit)
    if trim is None or bleed is None:
        missing = " and ".join(name for name, box in (("TrimBox", trim), ("BleedBox", bleed)) if box is None)
        findings.append(Finding("error", "boxes", f"no {missing}; every page of a print file has both", number))
    if trim and "/ArtBox" in obj:
        findings.append(Finding("error", "boxes", "an ArtBox beside the TrimBox; PDF/X takes one or the other", number))
    if trim and bleed and not _inside(trim, bleed):
        findings.append(Finding("error", "boxes", "the TrimBox is not inside the BleedBox", number))
    if bleed and not _inside(bleed, media):
        findings.append(Finding("error", "boxes", "the BleedBox is not inside the MediaBox", number))
    # What a viewer shows and a RIP may print is cut to the CropBox (a trial's passed, inside the trim)
    crop = _points(page.cropbox, "the CropBox", unit)
    if trim and not _inside(trim, crop):
        findings.append(Finding("error", "boxes", "the CropBox cuts into the trim: the page is printed cut", number))
    elif bleed and not _inside(bleed, crop):
        findings.append(
            Finding("warning", "boxes", "the CropBox cuts into the bleed: a RIP that uses it loses it", number)
        )
    group = obj.get("/Group")
    if group is not None and _family(group.get("/CS")) == "RGB":
        findings.append(Finding("error", "colour", f"RGB transparency group; {_RGB_NOTE}", number))
    reader = _Reader(bleed or trim or media, drawn_elsewhere, unit=unit)
    reader.run(page.obj, page.resources, reader.base)  # a Resources not a dictionary qpdf repairs to an empty one
    _appearances(obj, page.resources, reader)
    if reader.unread:
        findings.append(Finding("error", "pages", f"{reader.unread}: the page cannot be checked whole", number))
    for what, count in sorted(reader.rgb.items()):
        findings.append(Finding("error", "colour", f"{count} × RGB {what}; {_RGB_NOTE}", number))
    if reader.heavy:
        findings.append(
            Finding(
                "error",
                "colour",
                f"{len(reader.heavy)} × colour of up to {max(reader.heavy):.0f} % ink, more than the {MAX_INK} % "
                "FOGRA39 print allows",
                number,
            )
        )
    for what in sorted(reader.forbidden):
        findings.append(Finding("error", "pdfx", f"{what}, which PDF/X forbids", number))
    allowed = f"more than the {MAX_INK} % FOGRA39 print allows"
    heavy = sorted(reader.heavy_pictures.items())
    findings += [
        Finding("error", "colour", f"picture {n} lays down up to {m:.0f} % ink, {allowed}", number) for n, m in heavy
    ]
    findings += [
        Finding(
            "warning", "colour", f"CMYK picture {n}: its ink was not checked ({why}); check it with the printer", number
        )
        for n, why in sorted(reader.unread_pictures.items())
    ]
    findings += [
        Finding("warning", "colour", f"{n}: its ink was not measured ({why}); check it with the printer", number)
        for n, why in sorted(reader.unmeasured.items())
    ]
    if trim is not None:
        findings += _text_at_the_trim(reader.text, trim, number)
    if reader.rich_text:
        c, m, y, k = reader.rich_text[1]
        findings.append(
            Finding(
                "warning",
                "text",
                f"{reader.rich_text[0]} × text under {SMALL_TEXT:g} pt in a dark colour of several inks "
                f"(C{c:.0f} M{m:.0f} Y{y:.0f} K{k:.0f}), which fringes at the slightest misregistration: "
                "small type prints on black alone",
                number,
            )
        )
    if reader.white_overprints:
        findings.append(
            Finding(
                "error",
                "overprint",
                f"{reader.white_overprints} × text, line or area in white set to overprint, which vanishes on press "
                "(white prints as no ink over what lies under it): white knocks out",
                number,
            )
        )
    if reader.thin_lines:
        thinnest = min(reader.thin_lines)
        findings.append(
            Finding(
                "error" if thinnest < THINNEST_LINE else "warning",
                "lines",
                f"{len(reader.thin_lines)} × line thinner than {THIN_LINE:g} pt (the thinnest {thinnest:.3g} pt), "
                f"which breaks up on the plate: a shop asks {THIN_LINE:g} pt at least, never under "
                f"{THINNEST_LINE:g} pt",
                number,
            )
        )
    for font in sorted(reader.unembedded):
        findings.append(Finding("error", "fonts", f"font {font} is not embedded", number))
    for font, why in sorted(reader.damaged_fonts.items()):
        findings.append(Finding("error", "fonts", f"font {font}'s embedded program is damaged: {why}", number))
    for what in sorted(reader.undefined):
        findings.append(
            Finding(
                "error",
                "resources",
                f"{what} is used but not defined in the resources in force: a RIP drops or replaces what it draws",
                number,
            )
        )
    for name, ppi in sorted(reader.low_ppi.items()):
        findings.append(
            Finding(
                "error",
                "images",
                f"image {name} is {ppi:.0f} ppi at its placed size; print needs {MIN_PPI:.0f}",
                number,
            )
        )
    if opaque and (reader.transparent or _transparency_group(obj)):
        findings.append(Finding("error", "transparency", f"transparency, which {version} forbids", number))
    if version.startswith("PDF/X-1") and reader.managed:
        spaces = ", ".join(sorted(reader.managed))
        findings.append(
            Finding(
                "error",
                "colour",
                f"colour in {spaces}, which {version} forbids: it takes CMYK, grey and spot colours of no profile",
                number,
            )
        )
    annotations: dict[str, int] = {}  # what is wrong with each kind of annotation, and how many have it
    for annotation in obj.get("/Annots", []):
        if not isinstance(annotation, pikepdf.Dictionary):
            continue
        subtype = str(annotation.get("/Subtype", "/Annot"))[1:]
        printed = int(_number(annotation.get("/F", 0), f"the flags of a {subtype} annotation")) & 4  # Print
        if subtype in ("PrinterMark", "TrapNet") or "/Rect" not in annotation:
            continue
        if _outside(_points(annotation["/Rect"], f"the Rect of a {subtype} annotation", unit), bleed or media):
            continue
        if printed:
            wrong = f"printed {subtype} annotation inside the bleed"
        elif opaque:  # X-1a and X-3 keep every annotation off the printed area
            wrong = f"{subtype} annotation inside the bleed, which {version} forbids"
        else:
            continue
        annotations[wrong] = annotations.get(wrong, 0) + 1
    for wrong, count in annotations.items():
        findings.append(Finding("error", "annotations", f"{count} × {wrong}" if count > 1 else f"a {wrong}", number))
    if reader.bad_marks:
        findings.append(
            Finding(
                "error",
                "marks",
                f"{reader.bad_marks} mark(s) outside the bleed are not in the registration colour (Separation All)",
                number,
            )
        )
    return findings


def _appearances(page: pikepdf.Object, resources: pikepdf.Dictionary, reader: _Reader) -> None:
    """Each printing annotation's normal appearance read as the page's content is (its colours, inks, fonts,
    pictures, lines, marks): a RIP prints it where the annotation lies, in the bleed or outside it (a red
    square in the slug passed). Hidden ones, and those without the Print flag (links), are not printed."""
    for annotation in page.get("/Annots", []):
        if not isinstance(annotation, pikepdf.Dictionary) or "/Rect" not in annotation:
            continue
        subtype = str(annotation.get("/Subtype", "/Annot"))[1:]
        flags = int(_number(annotation.get("/F", 0), f"the flags of a {subtype} annotation"))
        appearance = _shown(annotation)
        if flags & 4 and not flags & 2 and appearance is not None:  # Print, not Hidden
            what = f"the appearance of a {subtype} annotation"
            placed = _placed(appearance, annotation["/Rect"], what)
            if placed is not None:
                page_rgb, reader.rgb = reader.rgb, {}  # its RGB said as its own: no page operator sets it
                reader.form(what, appearance, resources, multiply(placed, reader.base))
                for kind, count in reader.rgb.items():
                    page_rgb[f"{kind} in {what}"] = page_rgb.get(f"{kind} in {what}", 0) + count
                reader.rgb = page_rgb


def _shown(annotation: pikepdf.Dictionary) -> pikepdf.Stream | None:
    """The normal appearance (AP's N) an annotation shows: a form, or of a dictionary of states the one its
    AS names; None when it has none (what a viewer would draw in its place is not checked)."""
    appearances = annotation.get("/AP")
    normal = appearances.get("/N") if isinstance(appearances, pikepdf.Dictionary) else None
    if isinstance(normal, pikepdf.Dictionary) and not isinstance(normal, pikepdf.Stream):
        state = annotation.get("/AS")
        normal = normal.get(str(state)) if isinstance(state, pikepdf.Name) else None
    return normal if isinstance(normal, pikepdf.Stream) else None


def _placed(form: pikepdf.Stream, rect: object, what: str) -> Matrix | None:
    """The matrix that places an appearance's content on the page (PDF 12.5.5): its Matrix, then the one
    that fits its BBox, so transformed, to the annotation's Rect. None for an empty BBox or Rect: nothing
    shows."""
    matrix = _matrix(form.get("/Matrix", IDENTITY), f"the Matrix of {what}")
    x0, y0, x1, y1 = _box(form.get("/BBox"), f"the BBox of {what}")
    corners = [apply(matrix, x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
    left, bottom = min(x for x, _ in corners), min(y for _, y in corners)
    width, height = max(x for x, _ in corners) - left, max(y for _, y in corners) - bottom
    r0, s0, r1, s1 = _box(rect, f"the Rect of {what.removeprefix('the appearance of ')}")
    if width <= 0 or height <= 0 or r1 <= r0 or s1 <= s0:
        return None
    across, up = (r1 - r0) / width, (s1 - s0) / height
    return multiply(matrix, (across, 0.0, 0.0, up, r0 - left * across, s0 - bottom * up))


def _text_at_the_trim(boxes: list[Box], trim: Box, number: int) -> list[Finding]:
    """Text the cut would take off (past the TrimBox) is an error; text within SAFE_MM of the trim, where
    the cut drifts, a warning."""
    x0, y0, x1, y1 = trim
    safe = (x0 + SAFE_MM * MM, y0 + SAFE_MM * MM, x1 - SAFE_MM * MM, y1 - SAFE_MM * MM)
    past: list[Box] = []
    near: list[Box] = []
    for box in boxes:
        if not _inside(box, trim, slack=0.5):
            past.append(box)
        elif not _inside(box, safe, slack=0.5):
            near.append(box)
    findings = []
    if past:
        furthest = max(past, key=lambda box: max(x0 - box[0], box[2] - x1, y0 - box[1], box[3] - y1))
        findings.append(
            Finding(
                "error",
                "text",
                f"{len(past)} × text past the trim, which the cut takes off (one spans x {furthest[0]:.0f}–"
                f"{furthest[2]:.0f}, y {furthest[1]:.0f}–{furthest[3]:.0f} pt; the trim is x {x0:.0f}–{x1:.0f}, "
                f"y {y0:.0f}–{y1:.0f})",
                number,
            )
        )
    if near:
        findings.append(
            Finding(
                "warning",
                "text",
                f"{len(near)} × text within {SAFE_MM:.0f} mm of the trim, where the cut drifts",
                number,
            )
        )
    return findings


def _trims_and_bleeds(pages: Iterable[pikepdf.Page]) -> list[Finding]:
    """A page trimmed to another size than the first is an error; a bleed under BLEED_MM, a warning (art
    that runs to the trim shows a white edge where the cut drifts; a file with none is still fit)."""
    findings: list[Finding] = []
    first: tuple[float, float] | None = None
    least: tuple[float, int] | None = None  # the narrowest bleed, and its page
    for number, page in enumerate(pages, 1):
        obj = page.obj
        try:
            trim, bleed = _trim_and_bleed(obj, _user_unit(obj))
        except Malformed:
            continue  # named by _page
        if trim is None:
            continue  # named by _page
        size = (trim[2] - trim[0], trim[3] - trim[1])
        if first is None:
            first = size
        elif abs(size[0] - first[0]) > 0.5 or abs(size[1] - first[1]) > 0.5:
            findings.append(
                Finding(
                    "error",
                    "boxes",
                    f"trimmed to {_mm(size)}, page 1 to {_mm(first)}: every page of an issue is trimmed alike",
                    number,
                )
            )
        if bleed is not None:
            width = min(trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
            if least is None or width < least[0]:
                least = (width, number)
    if least is not None and least[0] < BLEED_MM * MM - 0.01:
        findings.append(
            Finding(
                "warning",
                "boxes",
                f"a bleed of {least[0] / MM:.1f} mm; a shop asks for {BLEED_MM:g} mm where art runs to the trim",
                least[1],
            )
        )
    return findings


def _mm(size: tuple[float, float]) -> str:
    return f"{size[0] / MM:.1f} × {size[1] / MM:.1f} mm"


class Malformed(ValueError):
    """A value in the file that is not what PDF says it is (a box of three numbers, a name for a line's width):
    the page that holds it cannot be checked whole."""


def _number(value: object, what: str) -> float:
    """`value` as a number; Malformed, naming `what`, when it is none (a name, a string, infinity)."""
    try:
        number = float(value)  # type: ignore[arg-type]  # a pikepdf number is int or Decimal
    except (TypeError, ValueError):
        raise Malformed(f"{what} is {_said(value)}, not a number") from None
    if not math.isfinite(number):
        raise Malformed(f"{what} is {_said(value)}, not a number")
    return number


def _numbers(value: object, count: int, what: str) -> tuple[float, ...]:
    """`value`, an array of `count` numbers, as floats; Malformed, naming `what`, when it is not one."""
    if not isinstance(value, pikepdf.Array | tuple) or len(value) != count:
        raise Malformed(f"{what} is {_said(value)}, not {count} numbers")
    return tuple(_number(v, what) for v in value)


def _box(value: object, what: str = "a box") -> Box:
    x0, y0, x1, y1 = _numbers(value, 4, what)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _points(value: object, what: str, unit: float) -> Box:
    """A box of a page (`what`), in points: its numbers in units of `unit` points (the page's UserUnit)."""
    x0, y0, x1, y1 = _box(value, what)
    return x0 * unit, y0 * unit, x1 * unit, y1 * unit


def _trim_and_bleed(page: pikepdf.Object, unit: float) -> tuple[Box | None, Box | None]:
    """A page's TrimBox and BleedBox in points, None for one it lacks."""
    trim = _points(page["/TrimBox"], "the TrimBox", unit) if "/TrimBox" in page else None
    bleed = _points(page["/BleedBox"], "the BleedBox", unit) if "/BleedBox" in page else None
    return trim, bleed


def _user_unit(page: pikepdf.Object) -> float:
    """The size of a page's unit in points (PDF 1.6's UserUnit: 2 makes an A4 page's numbers print A2)."""
    unit = _number(page.get("/UserUnit", 1), "the UserUnit")
    if unit <= 0:
        raise Malformed(f"the UserUnit is {_said(unit)}, not a positive number")
    return unit


def _matrix(value: object, what: str) -> Matrix:
    return cast(Matrix, _numbers(value, 6, what))


def _said(value: object) -> str:
    """A value of the file as a finding quotes it: [0 0 100], /Foo, a dictionary."""
    if isinstance(value, pikepdf.Array | tuple | list):
        text = "[" + " ".join(_said(v) for v in value) + "]"
    elif isinstance(value, pikepdf.Dictionary):
        text = "a dictionary"
    else:
        text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _outside(box: Box, area: Box) -> bool:
    return box[2] <= area[0] or box[0] >= area[2] or box[3] <= area[1] or box[1] >= area[3]


def _transparency_group(obj: pikepdf.Object) -> bool:
    group = obj.get("/Group")
    return group is not None and group.get("/S") == "/Transparency"


def _inside(inner: Box, outer: Box, slack: float = 0.01) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def _family(space: object, resources: pikepdf.Dictionary | None = None) -> str:
    """RGB, CMYK, Gray, Separation:NAME, Lab, Pattern or Other, following names into the resources."""
    if space is None:
        return "Other"
    if isinstance(space, pikepdf.Name):
        name = str(space)
        short = {"/DeviceRGB": "RGB", "/RGB": "RGB", "/CalRGB": "RGB", "/DeviceCMYK": "CMYK", "/CMYK": "CMYK"}
        short |= {"/DeviceGray": "Gray", "/G": "Gray", "/CalGray": "Gray", "/Pattern": "Pattern"}
        if name in short:
            return short[name]
        spaces = resources.get("/ColorSpace") if resources is not None else None
        if spaces is not None and name in spaces:
            return _family(spaces[name])
        return "Other"
    if isinstance(space, pikepdf.Array) and len(space):
        kind = str(space[0])
        if kind == "/ICCBased":
            return {1: "Gray", 3: "RGB", 4: "CMYK"}.get(int(space[1].get("/N", 0)), "Other")
        if kind in ("/Indexed", "/I"):
            return _family(space[1], resources)
        if kind == "/Separation":
            alternate = _family(space[2], resources)
            return "RGB" if alternate == "RGB" else f"Separation:{str(space[1])[1:]}"
        if kind == "/DeviceN":
            return "RGB" if _family(space[2], resources) == "RGB" else "DeviceN"
        if kind in ("/CalRGB",):
            return "RGB"
        if kind == "/Lab":
            return "Lab"
        if kind == "/Pattern":
            return "Pattern"
    return "Other"


class Space(NamedTuple):
    """A colour space as the checks need it: its family (_family) and, for a spot colour or DeviceN, the names
    of its colorants (Cyan, PANTONE 286 C, All)."""

    family: str = "Gray"
    colorants: tuple[str, ...] = ()


_PROCESS = ("Cyan", "Magenta", "Yellow", "Black")  # the process inks, as a DeviceN names them
_DEVICE_GRAY = Space()  # where a page starts


@dataclass(frozen=True)
class Colour:
    """A colour as the checks need it: the process inks it lays down (C, M, Y, K in percent: DeviceCMYK's, a
    grey's black, a DeviceN's process colorants; empty for another space), whether it lays down no ink at
    all, and what its zeros do when it overprints (`zeros`: "cmyk", DeviceCMYK's and a grey's, which
    overprint mode 1 leaves unpainted; "own", a spot's or a DeviceN's, which paint the plates they name
    alone; "all", one that paints every plate)."""

    ink: tuple[float, ...] = (0.0, 0.0, 0.0, 100.0)  # PDF's default: black
    blank: bool = False
    zeros: Literal["cmyk", "own", "all"] = "cmyk"

    def vanishes(self, overprint: bool, mode: int) -> bool:
        """Whether, set to overprint in overprint mode `mode`, it leaves what lies under it as it was (PDF 8.6.7):
        DeviceCMYK's zeros do under mode 1 alone (mode 0 paints all four plates: white knocks out and prints);
        a spot's or a DeviceN's paint only the plates they name, whatever the mode."""
        return overprint and self.blank and (self.zeros == "own" or (self.zeros == "cmyk" and mode == 1))


def _colour(space: Space, values: list[float]) -> Colour:
    """The colour that `values` (0 to 1) make in `space`."""
    if space.family == "CMYK" and len(values) == 4:
        return Colour(tuple(100 * v for v in values), not any(values), "cmyk")
    if space.family == "Gray" and len(values) == 1:  # a grey is black ink alone
        return Colour((0.0, 0.0, 0.0, 100 * (1 - values[0])), values[0] == 1, "cmyk")
    if space.colorants and len(values) == len(space.colorants):
        tints = dict(zip(space.colorants, values, strict=True))
        # Only the process components are counted as ink: a spot component prints on a plate of its own.
        counted = set(tints) & set(_PROCESS)
        ink = tuple(100 * tints.get(name, 0.0) for name in _PROCESS) if counted else ()
        everything = "All" in tints or counted == set(_PROCESS)  # its zeros knock out every process plate
        return Colour(ink, not any(values) and tints.keys() != {"None"}, "all" if everything else "own")
    return Colour(ink=(), zeros="all")


@dataclass(frozen=True)
class Paint:
    """What the graphics state paints with, as far as the checks need it: the line width (user space), the
    fill's and the stroke's colour and space, whether each overprints (op for fills and text, OP for strokes)
    and the overprint mode (OPM)."""

    width: float = 1.0
    fill: Colour = Colour()
    stroke: Colour = Colour()
    fill_space: Space = _DEVICE_GRAY
    stroke_space: Space = _DEVICE_GRAY
    fill_overprint: bool = False
    stroke_overprint: bool = False
    overprint_mode: int = 0

    def vanishing(self, stroked: bool) -> bool:
        """Whether what it fills (or, `stroked`, strokes) is white set to overprint, which vanishes on press."""
        if stroked:
            return self.stroke.vanishes(self.stroke_overprint, self.overprint_mode)
        return self.fill.vanishes(self.fill_overprint, self.overprint_mode)

    def set(self, stroking: bool, space: Space | None = None, colour: Colour | None = None) -> Paint:
        """This paint with the stroke's (or, not `stroking`, the fill's) space and colour changed."""
        if stroking:
            return replace(
                self,
                stroke_space=self.stroke_space if space is None else space,
                stroke=self.stroke if colour is None else colour,
            )
        return replace(
            self, fill_space=self.fill_space if space is None else space, fill=self.fill if colour is None else colour
        )

    def with_state(self, state: pikepdf.Object) -> Paint:
        """This paint under a graphics state's LW, OP, op and OPM; op is OP's when OP alone is set (PDF 8.4.5)."""
        stroke_overprint = bool(state.get("/OP", self.stroke_overprint))
        return replace(
            self,
            width=float(state.get("/LW", self.width)),
            stroke_overprint=stroke_overprint,
            fill_overprint=bool(state.get("/op", stroke_overprint if "/OP" in state else self.fill_overprint)),
            overprint_mode=int(state.get("/OPM", self.overprint_mode)),
        )


class _Reader:
    """Follows a content stream and the forms it draws: colours, fonts, placed images, marks outside the bleed."""

    def __init__(
        self, bleed: Box, drawn_elsewhere: set[tuple[int, int]] | None = None, depth: int = 0, unit: float = 1.0
    ) -> None:
        self.bleed = bleed  # in points, as everything this reader measures
        self.unit = unit
        self.base: Matrix = (unit, 0.0, 0.0, unit, 0.0, 0.0)  # the page's space in points (its UserUnit)
        # Patterns' cells, Type 3 glyphs and font programs already read, in any page of the file (each once: one
        # pattern of 20,000 operators shared by 41 pages was read 41 times), and how deep in such streams
        # this reader is (a pattern whose resources hold it, written in the file itself, looped for ever).
        self.drawn_elsewhere = set() if drawn_elsewhere is None else drawn_elsewhere
        self.depth = depth
        self.rgb: dict[str, int] = {}
        self.unembedded: set[str] = set()
        self.low_ppi: dict[str, float] = {}
        self.bad_marks = 0
        self.transparent = 0  # soft masks, constant alpha below 1, blend modes, transparency groups
        self.heavy: list[float] = []  # CMYK colours set with more ink than MAX_INK, in percent
        self.heavy_pictures: dict[str, float] = {}  # CMYK pictures laying down more, and the most they do
        self.unread_pictures: dict[str, str] = {}  # CMYK pictures whose ink was not read, and why
        self.unmeasured: dict[str, str] = {}  # CMYK shadings whose colours' ink was not measured, and why
        self.forbidden: set[str] = set()  # what PDF/X forbids whatever the version: transfer functions, ...
        self.text: list[Box] = []  # what each text-showing operator covers, in the page's space
        self.rich_text: tuple[int, tuple[float, ...]] | None = None  # small text in rich black: count, its inks
        self.thin_lines: list[float] = []  # the widths of lines thinner than THIN_LINE, in points
        self.white_overprints = 0  # text and areas painted white with overprint on
        self.managed: set[str] = set()  # colour-managed spaces used (ICCBased, Lab, CalGray, CalRGB)
        self._seen_forms: set[tuple[int, int]] = set()
        self._drawing: list[tuple[int, int]] = []  # the forms being drawn, the innermost last
        self.form_operators = 0  # in all the forms drawn, counted at each draw (MAX_FORM_OPERATORS)
        self._parsed: dict[tuple[int, int], list[Operator]] = {}  # each form's operators, read once a page
        self.unread: str | None = None  # why some of the page was not followed
        self.undefined: set[str] = set()  # resources used by name but not defined where they are used
        self.damaged_fonts: dict[str, str] = {}  # embedded fonts whose programs cannot be read, and why

    def _operators(self, owner: pikepdf.Object) -> list[Operator]:
        """The operators of a content stream (or a page's); a form's read once, however often it is drawn.
        None of a stream of more than MAX_FORM_OPERATORS: `unread` says so."""
        key = owner.objgen
        if key == (0, 0) or key not in self._parsed:
            try:
                if _decodes_past(_streams(owner), MAX_DECODED):
                    self.unread = self.unread or (
                        f"its content decodes to more than {MAX_DECODED // 2**20} MB, more than this check "
                        "reads (check it with the printer's RIP)"
                    )
                    return []
                # Counted before they are parsed: a page of 3 million operators in 0.5 MB took 57 s and 4.9 GB.
                if _more_operators(_content(owner), MAX_FORM_OPERATORS):
                    whose = "a form's" if owner.get("/Subtype") == "/Form" else "its"
                    self.unread = self.unread or (
                        f"{whose} content holds over {MAX_FORM_OPERATORS:,} operators, more than this check "
                        "follows (check it with the printer's RIP)"
                    )
                    return []
                parsed = list(pikepdf.parse_content_stream(owner))
            except pikepdf.PdfError as exc:
                raise Malformed(f"its content cannot be read ({_first_line(exc)})") from None
            if key == (0, 0) or owner.get("/Subtype") != "/Form":
                return parsed
            self._parsed[key] = parsed
        return self._parsed[key]

    def _rgb(self, what: str) -> None:
        self.rgb[what] = self.rgb.get(what, 0) + 1

    def run(self, owner: pikepdf.Object, resources: pikepdf.Dictionary, ctm: Matrix, paint: Paint = Paint()) -> None:
        """Follow `owner`'s content stream; a form starts with the paint its caller drew it with (a page with
        PDF's defaults)."""
        self._resources(resources)
        text = TextExtent()
        stack: list[tuple[Matrix, TextState, Paint]] = []
        path: list[tuple[float, float]] = []
        op, args = "", []
        try:
            for instruction in self._operators(owner):
                if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                    self._inline(instruction, resources, ctm)
                    continue
                op, args = str(instruction.operator), list(instruction.operands)
                if op == "q":  # a copy of the text state: Tc, Tf... change it in place
                    stack.append((ctm, replace(text.state), paint))
                elif op == "Q" and stack:
                    ctm, text.state, paint = stack.pop()
                elif op == "w" and args:
                    paint = replace(paint, width=float(args[0]))
                elif op == "gs" and args:
                    state = self._defined(resources, "/ExtGState", args[0], "graphics state")
                    paint = paint if state is None else paint.with_state(state)
                elif op == "cm":
                    ctm = multiply(tuple(float(v) for v in args), ctm)  # type: ignore[arg-type]  # six numbers
                elif op in _SET_COLOUR:
                    paint = self._set_colour(op, args, resources, paint)
                elif op in ("m", "l"):
                    path.append(apply(ctm, float(args[0]), float(args[1])))
                elif op == "c":
                    path += [apply(ctm, float(args[i]), float(args[i + 1])) for i in (0, 2, 4)]
                elif op in ("v", "y"):
                    path += [apply(ctm, float(args[i]), float(args[i + 1])) for i in (0, 2)]
                elif op == "re":
                    x, y, w, h = (float(v) for v in args)
                    path += [apply(ctm, px, py) for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h))]
                elif op in _PATH_END:
                    self._mark(path, op, paint.fill_space.family, paint.stroke_space.family)
                    if op in _PAINT_STROKE and not self._beyond_bleed(path):
                        self._stroked(paint.width, ctm)
                    stroked, filled = op in _PAINT_STROKE, op in _PAINT_FILL
                    if (stroked and paint.vanishing(stroked=True)) or (filled and paint.vanishing(stroked=False)):
                        self.white_overprints += 1
                    path = []
                elif op == "Do":
                    self._draw(args[0], resources, ctm, paint)
                elif op == "sh":  # its colours are read with the resources'
                    self._defined(resources, "/Shading", args[0], "shading")
                elif op in TEXT_OPERATORS:
                    text.operate(op, args, ctm, resources)
                    if op == "Tf" and args:  # a font is judged where text is set in it (one listed but unused passed)
                        self._font(args[0], resources)
                    if op in _SHOW and 0 < text.shown_size < SMALL_TEXT and fringes([v / 100 for v in paint.fill.ink]):
                        count = self.rich_text[0] if self.rich_text else 0
                        self.rich_text = (count + 1, paint.fill.ink)
                    if op in _SHOW and text.shown_size and self._text_vanishes(paint, text.state.mode):
                        self.white_overprints += 1
                    if op in _SHOW and text.shown_size and text.state.mode in _STROKED_TEXT:
                        self._stroked(paint.width, ctm)  # outlined text is stroked as a path is (a trial: 0.05 pt)
        except Malformed:
            raise
        except (TypeError, ValueError, IndexError):  # a name for a width, five numbers for a matrix, none
            raise Malformed(f"operator {op} cannot take {_said(args) if args else 'no'} operands") from None
        self.text += text.boxes

    def _set_colour(self, op: str, args: list[pikepdf.Object], resources: pikepdf.Dictionary, paint: Paint) -> Paint:
        """The paint after a colour operator (cs, sc, scn, k, g, rg and their stroking forms): its space, its
        colour, and the colour's ink counted."""
        stroking = op.isupper()
        if op in ("rg", "RG"):
            self._rgb(f"colour ({op})")
            return paint.set(stroking, Space("RGB"), Colour(ink=(), zeros="all"))
        if op in ("cs", "CS"):  # a space's first colour is never white: black, tint 1, or all colorants at 1
            if args[0] not in _DEVICE_SPACES:
                self._defined(resources, "/ColorSpace", args[0], "colour space")
            family = self._space(args[0], resources, f"colour space ({op} {args[0]})")
            return paint.set(stroking, Space(family, _colorants(args[0], resources)), Colour(ink=(), zeros="all"))
        if op in ("k", "K", "g", "G"):
            paint = paint.set(stroking, Space("CMYK" if op in ("k", "K") else "Gray"))
        values = [float(v) for v in args if not isinstance(v, pikepdf.Name)]  # scn's last may name a pattern
        colour = _colour(paint.stroke_space if stroking else paint.fill_space, values)
        if sum(colour.ink) > MAX_INK + 0.5:
            self.heavy.append(sum(colour.ink))
        return paint.set(stroking, colour=colour)

    def _text_vanishes(self, paint: Paint, mode: int) -> bool:
        """Whether text shown in rendering mode `mode` is white set to overprint where it fills or strokes."""
        filled = mode in _FILLED_TEXT and paint.vanishing(stroked=False)
        return filled or (mode in _STROKED_TEXT and paint.vanishing(stroked=True))

    def _stroked(self, width: float, ctm: Matrix) -> None:
        """A line `width` wide stroked through `ctm`, kept when thinner than THIN_LINE where it prints thinnest:
        a matrix that squeezes one way thins a rule across that way alone."""
        drawn = width * least_scale(ctm)
        if drawn < THIN_LINE:
            self.thin_lines.append(drawn)

    def _beyond_bleed(self, path: list[tuple[float, float]]) -> bool:
        """Whether a path lies wholly outside the bleed: a printer's mark, which the cut takes off."""
        if not path:
            return False
        x0, y0, x1, y1 = self.bleed
        xs, ys = [p[0] for p in path], [p[1] for p in path]
        return max(xs) <= x0 or min(xs) >= x1 or max(ys) <= y0 or min(ys) >= y1

    def _mark(self, path: list[tuple[float, float]], op: str, fill: str, stroke: str) -> None:
        """A path drawn wholly outside the bleed is a printer's mark: it must be in the registration colour."""
        if op == "n" or not self._beyond_bleed(path):
            return
        painted = ([stroke] if op in _PAINT_STROKE else []) + ([fill] if op in _PAINT_FILL else [])
        if any(family != "Separation:All" for family in painted):
            self.bad_marks += 1

    def _font(self, name: pikepdf.Object, resources: pikepdf.Dictionary) -> None:
        font = self._defined(resources, "/Font", name, "font")
        if font is None:
            return
        if not _embedded(font):
            self.unembedded.add(str(font.get("/BaseFont", name))[1:])
            return
        for key, program in _programs(font):  # each read once in the file
            if program.objgen not in self.drawn_elsewhere:
                self.drawn_elsewhere.add(program.objgen)
                why = _unreadable(key, program)
                if why is not None:
                    self.damaged_fonts[str(font.get("/BaseFont", name))[1:]] = why

    def _resources(self, resources: pikepdf.Dictionary) -> None:
        for name, font in resources.get("/Font", {}).items():
            if font.get("/Subtype") == "/Type3":
                self._glyphs(str(name)[1:], font, resources)
        for name, shading in resources.get("/Shading", {}).items():
            self._shading(f"shading {str(name)[1:]}", shading, resources)
        for name, space in resources.get("/ColorSpace", {}).items():
            self._space(space, resources, f"colour space resource {name}")
        for name, pattern in resources.get("/Pattern", {}).items():
            if int(pattern.get("/PatternType", 0)) == 2:
                self._shading(f"shading of pattern {str(name)[1:]}", pattern.get("/Shading"), resources)
            elif isinstance(pattern, pikepdf.Stream):  # a tiling pattern: a cell drawn as a form draws
                # its matrix maps the cell to the page (whatever the CTM where it is used): the images in it
                # are placed by it
                what = f"pattern {str(name)[1:]}"
                matrix = multiply(_matrix(pattern.get("/Matrix", IDENTITY), f"the Matrix of {what}"), self.base)
                self._colours_of(what, pattern, pattern.get("/Resources", resources), matrix)
        for state_name, state in resources.get("/ExtGState", {}).items():  # pikepdf 8 has no Dictionary.values
            what = f"graphics state {str(state_name)[1:]}"
            alpha = min(_number(state.get("/CA", 1), f"CA of {what}"), _number(state.get("/ca", 1), f"ca of {what}"))
            mask = state.get("/SMask", pikepdf.Name("/None"))
            group = mask.get("/G") if isinstance(mask, pikepdf.Dictionary) else None
            drawn = (
                isinstance(group, pikepdf.Stream) and group.objgen != (0, 0) and group.objgen in self.drawn_elsewhere
            )
            if isinstance(group, pikepdf.Stream) and not drawn:  # a soft mask: a form drawn in a group of its own
                what = f"soft mask of graphics state {str(state_name)[1:]}"
                attributes = group.get("/Group")
                if attributes is not None and _family(attributes.get("/CS"), resources) == "RGB":
                    self._rgb(f"transparency group of {what}")
                self._colours_of(what, group, group.get("/Resources", resources))
            if "/TR" in state or state.get("/TR2", pikepdf.Name.Default) != pikepdf.Name.Default:
                self.forbidden.add(f"a transfer function (TR) in graphics state {str(state_name)[1:]}")
            blend = str(state.get("/BM", "/Normal"))
            if alpha < 1 or mask != pikepdf.Name("/None") or blend not in ("/Normal", "/Compatible"):
                self.transparent += 1

    def _space(self, space: object, resources: pikepdf.Dictionary, what: str) -> str:
        """The family of a colour space something paints in (_family); RGB is noted as `what`, and a
        colour-managed space (which PDF/X-1a forbids) in it, its base or its alternate, too."""
        kind = _managed(space, resources)
        if kind is not None:
            self.managed.add(kind)
        family = _family(space, resources)
        if family == "RGB":
            self._rgb(what)
        return family

    def _shading(self, what: str, shading: pikepdf.Object | None, resources: pikepdf.Dictionary) -> None:
        """A shading's space, and, in CMYK or a DeviceN of process inks, the ink of the colours it runs
        through (its Function's, its Background); a colour that cannot be measured is `unmeasured`."""
        if not isinstance(shading, pikepdf.Dictionary | pikepdf.Stream):
            return
        said = shading.get("/ColorSpace")
        space = Space(self._space(said, resources, what), _colorants(said, resources))
        if space.family != "CMYK" and not set(space.colorants) & set(_PROCESS):
            return
        colours = [[float(v) for v in shading["/Background"]]] if "/Background" in shading else []
        function = shading.get("/Function")
        if function is None and int(shading.get("/ShadingType", 0)) >= 4:
            self.unmeasured[what] = "its mesh's colours are in its vertices, which this check does not read"
            return
        try:
            colours += [] if function is None else _function_outputs(function)
        except _Unmeasured as why:
            self.unmeasured[what] = str(why)
            return
        most = max((sum(_colour(space, colour).ink) for colour in colours), default=0.0)
        if most > MAX_INK + 0.5:
            self.heavy.append(most)

    def _glyphs(self, name: str, font: pikepdf.Object, resources: pikepdf.Dictionary) -> None:
        """The colours a Type 3 font's glyphs paint with (each glyph a content stream of its own)."""
        for glyph, procedure in font.get("/CharProcs", {}).items():
            self._colours_of(f"glyph {glyph[1:]} of Type 3 font {name}", procedure, font.get("/Resources", resources))

    def _colours_of(
        self, what: str, stream: pikepdf.Object, resources: pikepdf.Object, placed: Matrix | None = None
    ) -> None:
        """The colours, inks and fonts of a stream drawn elsewhere (a pattern's cell, a glyph, a soft mask),
        counted as this page's under `what`, once in the file; where it lands is not followed, so its lines,
        text and marks are not. With `placed` (a tiling pattern's matrix), its images' resolution too."""
        key = stream.objgen
        if (key != (0, 0) and key in self.drawn_elsewhere) or self.depth >= MAX_NESTING:
            return
        self.drawn_elsewhere.add(key)
        inner = _Reader(self.bleed, self.drawn_elsewhere, self.depth + 1, self.unit)
        inner.run(stream, cast(pikepdf.Dictionary, resources), placed or IDENTITY)
        for kind, count in inner.rgb.items():
            self.rgb[f"{kind} in {what}"] = self.rgb.get(f"{kind} in {what}", 0) + count
        if placed is not None:
            self.low_ppi |= {f"{name} in {what}": ppi for name, ppi in inner.low_ppi.items()}
        self.heavy += inner.heavy
        self.heavy_pictures |= {f"{name} in {what}": most for name, most in inner.heavy_pictures.items()}
        self.unread_pictures |= {f"{name} in {what}": why for name, why in inner.unread_pictures.items()}
        self.unmeasured |= {f"{name} in {what}": why for name, why in inner.unmeasured.items()}
        self.unembedded |= inner.unembedded
        self.managed |= inner.managed
        self.transparent += inner.transparent
        self.unread = self.unread or inner.unread
        self.forbidden |= inner.forbidden
        self.undefined |= {f"{name} in {what}" for name in inner.undefined}
        self.damaged_fonts |= inner.damaged_fonts

    def _defined(
        self, resources: pikepdf.Dictionary, category: str, name: pikepdf.Object, what: str
    ) -> pikepdf.Object | None:
        """The resource `name` of `category` (/Font, /XObject...); None, noted as undefined, when the resources
        in force define none (a RIP drops or substitutes what it draws: a trial's text in /F99 passed)."""
        found = resources.get(category)
        defined = found.get(str(name)) if isinstance(found, pikepdf.Dictionary) else None
        if defined is None:
            self.undefined.add(f"{what} {str(name)[1:]}")
        return defined

    def _draw(self, name: pikepdf.Object, resources: pikepdf.Dictionary, ctm: Matrix, paint: Paint) -> None:
        xobject = self._defined(resources, "/XObject", name, "XObject")
        if xobject is None:
            return
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            self.transparent += "/SMask" in xobject
            self._image(str(name)[1:], xobject, resources, ctm)
        elif subtype == "/Form":
            what = f"form {str(name)[1:]}"
            matrix = _matrix(xobject.get("/Matrix", IDENTITY), f"the Matrix of {what}")
            self.form(what, xobject, resources, multiply(matrix, ctm), paint)

    def form(
        self, what: str, xobject: pikepdf.Object, resources: pikepdf.Dictionary, ctm: Matrix, paint: Paint = Paint()
    ) -> None:
        """Follow a form (`what`: "form Fm1", an annotation's appearance) whose content `ctm` places (its Matrix
        in it), under the limits every form is drawn under (_may_draw); a form without Resources takes
        `resources`, those in force where it is drawn."""
        key = xobject.objgen
        group = xobject.get("/Group")
        self.transparent += _transparency_group(xobject)
        if group is not None and _family(group.get("/CS"), resources) == "RGB":
            self._rgb(f"transparency group of {what}")
        inner = xobject.get("/Resources", resources)
        if not isinstance(inner, pikepdf.Dictionary):
            raise Malformed(f"the Resources of {what} is {_said(inner)}, not a dictionary")
        if not self._may_draw(what, xobject):
            return
        self._drawing.append(key)
        try:
            if key in self._seen_forms and key != (0, 0):
                # Colours and fonts of a form are the same wherever it is drawn; its marks are checked again.
                self._marks_only(xobject, inner, ctm)
            else:
                self._seen_forms.add(key)
                self.run(xobject, inner, ctm, paint)
        finally:
            self._drawing.pop()

    def _may_draw(self, what: str, form: pikepdf.Object) -> bool:
        """Whether `form` (`what`, "form Fm1") is followed where it is drawn; if not, `unread` says why."""
        key, operators = form.objgen, len(self._operators(form))
        if key != (0, 0) and key in self._drawing:
            self.unread = self.unread or f"{what} draws itself"
        elif len(self._drawing) >= MAX_FORM_NESTING:
            self.unread = self.unread or f"forms drawn in forms more than {MAX_FORM_NESTING} deep"
        elif self.form_operators + operators > MAX_FORM_OPERATORS:
            self.unread = self.unread or f"forms drawn holding more than {MAX_FORM_OPERATORS:,} operators in all"
        else:
            self.form_operators += operators
            return True
        return False

    def _marks_only(self, xobject: pikepdf.Object, resources: pikepdf.Dictionary, ctm: Matrix) -> None:
        before = dict(self.rgb)
        self.run(xobject, resources, ctm)
        self.rgb = before

    def _image(self, name: str, image: pikepdf.Object, resources: pikepdf.Dictionary, ctm: Matrix) -> None:
        if "/Alternates" in image:  # a printer may print the alternate (an RGB one) instead
            self.forbidden.add(f"alternate images of image {name}")
        if not image.get("/ImageMask", False):
            family = self._space(image.get("/ColorSpace"), resources, f"image {name}")
            # A CMYK picture's ink, and the colours a JPEG 2000 picture may keep in its own data (no ColorSpace):
            # read from its pixels, once in the file.
            unsaid = "/ColorSpace" not in image
            if (family == "CMYK" or unsaid) and image.objgen not in self.drawn_elsewhere:
                self.drawn_elsewhere.add(image.objgen)
                decoded = _decoded(image)
                if decoded is None and family == "CMYK":
                    self.unread_pictures[name] = _undecoded_why(image)
                if unsaid and decoded is not None and decoded.mode == "RGB":
                    self._rgb(f"image {name} (its colour space in its JPEG 2000 data)")
                most = _picture_ink(image, decoded)
                if most is not None and most > MAX_INK + 2:  # 8-bit rounding, as the build's check allows
                    self.heavy_pictures[name] = most
        self._resolution(name, int(image.get("/Width", 0)), int(image.get("/Height", 0)), ctm)

    def _inline(self, inline: pikepdf.ContentStreamInlineImage, resources: pikepdf.Dictionary, ctm: Matrix) -> None:
        image = inline.iimage
        self._space(image.obj.get("/CS", image.obj.get("/ColorSpace")), resources, "inline image")
        self._resolution("inline image", image.width, image.height, ctm)

    def _resolution(self, name: str, width: int, height: int, ctm: Matrix) -> None:
        placed_w = math.hypot(ctm[0], ctm[1]) / 72  # inches: an image fills the unit square of its matrix
        placed_h = math.hypot(ctm[2], ctm[3]) / 72
        if not placed_w or not placed_h or not width or not height:
            return
        ppi = min(width / placed_w, height / placed_h)
        if ppi < MIN_PPI - 0.5:
            self.low_ppi[name] = min(ppi, self.low_ppi.get(name, ppi))


class _Unmeasured(Exception):
    """Why the colours a shading's function gives cannot be measured here."""


_MOST_SAMPLES = 2**20  # a sampled function's values read, at most


def _function_outputs(
    function: pikepdf.Object, inputs: tuple[float, float] | None = None, depth: int = 0
) -> list[list[float]]:
    """The colours a shading's function gives at its extremes, for inputs in `inputs` (None: its Domain): an
    exponential one's at its inputs' ends (and 0, where x^N turns), a stitching one's sub-functions' over
    the inputs each is given (Encode), a sampled one's every sample (through Decode). _Unmeasured for a
    PostScript calculator (type 4), which would need a PostScript interpreter to evaluate, and for one
    function per colour component."""
    if isinstance(function, pikepdf.Array):
        raise _Unmeasured("its colour is made by one function per component, which this check does not combine")
    kind = int(function.get("/FunctionType", -1))
    domain = [float(v) for v in function.get("/Domain", [0.0, 1.0])][:2]
    low, high = inputs or (domain[0], domain[1])
    low, high = max(low, min(domain)), min(high, max(domain))  # an input outside the Domain is clipped to it
    if kind == 2:
        # y = C0 + x^N (C1 - C0) (PDF 7.10.3): only over [0, 1] does it run from C0 to C1; a Domain of [0 2]
        # reached twice C1 (a review).
        c0 = [float(v) for v in function.get("/C0", [0.0])]
        c1 = [float(v) for v in function.get("/C1", [1.0])]
        n = float(function.get("/N", 1))
        xs = {x for x in (low, high, 0.0) if low <= x <= high and (x >= 0 or n.is_integer())}
        return [[a + x**n * (b - a) for a, b in zip(c0, c1, strict=False)] for x in sorted(xs)]
    if kind == 3 and depth < MAX_NESTING:
        parts: Any = function.get("/Functions", [])
        encode = [float(v) for v in function.get("/Encode", [])]
        colours: list[list[float]] = []
        for k, part in enumerate(parts):
            ends = encode[2 * k : 2 * k + 2] if len(encode) >= 2 * k + 2 else [0.0, 1.0]
            colours += _function_outputs(part, (min(ends), max(ends)), depth + 1)
        return colours
    if kind == 0:
        return _samples(cast(pikepdf.Stream, function))
    if kind == 4:
        raise _Unmeasured("its colours are computed by a PostScript calculator function, which this check does not run")
    raise _Unmeasured(f"its function is of type {kind}, which this check does not read")


def _samples(function: pikepdf.Stream) -> list[list[float]]:
    """A sampled function's (type 0) values, each output decoded into its Range as PDF 7.10.2 says."""
    ranges = [float(v) for v in function.get("/Range", [])]
    outputs, bits = len(ranges) // 2, int(function.get("/BitsPerSample", 8))
    decode = [float(v) for v in function.get("/Decode", ranges)]
    count = math.prod(int(v) for v in function.get("/Size", [])) * outputs
    if len(decode) < 2 * outputs:  # a Decode shorter than its Range: no way to read the samples (a review)
        raise _Unmeasured("its sampled function's Decode holds fewer numbers than its Range")
    if not outputs or count > _MOST_SAMPLES or bits not in (1, 2, 4, 8, 16, 24, 32):
        raise _Unmeasured(f"its sampled function holds {count:,} values of {bits} bits, which this check does not read")
    if _decodes_past([function], count * 4 + _PIECE):
        raise _Unmeasured("its sampled function's data decodes to far more than its values need")
    raw, top = function.read_bytes(), 2**bits - 1
    if bits % 8 == 0:
        step = bits // 8
        values = [int.from_bytes(raw[at : at + step], "big") for at in range(0, min(len(raw), count * step), step)]
    else:  # several values a byte, the first in its high bits
        per = 8 // bits
        values = [(byte >> (8 - bits * (k + 1))) & top for byte in raw for k in range(per)][:count]
    return [
        [decode[2 * j] + values[i + j] * (decode[2 * j + 1] - decode[2 * j]) / top for j in range(outputs)]
        for i in range(0, len(values) - outputs + 1, outputs)
    ]


def _decoded(image: pikepdf.Object) -> Image | None:
    """A picture's pixels, its mask aside; None for one too large to decode here (MAX_INKED_PIXELS), or in a
    filter Pillow cannot decode (JBIG2), or whose data decodes to far more than its pixels need."""
    if int(image.get("/Width", 0)) * int(image.get("/Height", 0)) > MAX_INKED_PIXELS or _overfull(image):
        return None
    try:
        return pikepdf.PdfImage(cast(pikepdf.Stream, image)).as_pil_image(apply_mask=False, apply_decode_array=False)
    except Exception:  # pikepdf's and Pillow's many errors for what they cannot decode: not checked here
        return None


def _undecoded_why(image: pikepdf.Object) -> str:
    """Why _decoded gave no pixels for `image`."""
    pixels = int(image.get("/Width", 0)) * int(image.get("/Height", 0))
    if pixels > MAX_INKED_PIXELS:
        return f"{pixels:,} pixels, more than the {MAX_INKED_PIXELS:,} this check decodes"
    if _overfull(image):
        return f"its {_filters(image)} data decodes to far more than its {pixels:,} pixels need"
    return f"its {_filters(image)} data cannot be decoded here"


def _overfull(image: pikepdf.Object) -> bool:
    """Whether a picture's data decodes to more than its pixels could need (16-bit CMYK and a MB to spare):
    a 10-pixel picture's 400 KB of Flate decodes to 400 MB before Pillow reads the 10 it needs."""
    pixels = int(image.get("/Width", 0)) * int(image.get("/Height", 0))
    return _decodes_past([cast(pikepdf.Stream, image)], pixels * 8 + _PIECE)


def _filters(image: pikepdf.Object) -> str:
    found = image.get("/Filter")
    names = found if isinstance(found, pikepdf.Array) else [found] if found is not None else []
    return " ".join(str(name)[1:] for name in names) or "unfiltered"


def _picture_ink(image: pikepdf.Object, decoded: Image | None) -> float | None:
    """The most ink a CMYK picture lays down (a picture's samples are its colours, which no operator sets:
    a solid 400 % picture passed), from its `decoded` pixels; None for one _decoded could not decode."""
    if decoded is None or decoded.mode != "CMYK":
        return None
    # The samples as PDF reads them: as stored, then through /Decode. Pillow reads a JPEG with an Adobe
    # marker inverted, as Photoshop writes them: ReportLab's (inverted, Decode [1 0 ...]) read right by
    # chance, and Ghostscript's (as stored, no Decode) read as 400 % ink (a review).
    inverted = "adobe" in decoded.info
    if [float(v) for v in image.get("/Decode", [])[:2]] == [1.0, 0.0]:
        inverted = not inverted
    return most_ink(ImageChops.invert(decoded) if inverted else decoded)


def _managed(space: object, resources: pikepdf.Dictionary | None = None, depth: int = 0) -> str | None:
    """The colour-managed space (ICCBased, Lab, CalGray, CalRGB) in `space`, following names into the
    resources, an indexed space's base and a spot colour's alternate; None for device spaces (and for a
    space that names itself, MAX_NESTING deep)."""
    if depth >= MAX_NESTING:
        return None
    if isinstance(space, pikepdf.Name):
        if str(space) in ("/CalGray", "/CalRGB", "/Lab"):
            return str(space)[1:]
        spaces = resources.get("/ColorSpace") if resources is not None else None
        return (
            _managed(spaces[str(space)], resources, depth + 1) if spaces is not None and str(space) in spaces else None
        )
    if isinstance(space, pikepdf.Array) and len(space):
        kind = str(space[0])[1:]
        if kind in ("ICCBased", "Lab", "CalGray", "CalRGB"):
            return kind
        if kind in ("Indexed", "I") and len(space) > 1:
            return _managed(space[1], resources, depth + 1)
        if kind in ("Separation", "DeviceN") and len(space) > 2:
            return _managed(space[2], resources, depth + 1)
    return None


def _streams(owner: pikepdf.Object) -> list[pikepdf.Stream]:
    """The content streams of a stream (itself), or of a page (its Contents, one stream or several)."""
    if isinstance(owner, pikepdf.Stream):
        return [owner]
    contents = owner.get("/Contents")
    return [
        s for s in (contents if isinstance(contents, pikepdf.Array) else [contents]) if isinstance(s, pikepdf.Stream)
    ]


def _content(owner: pikepdf.Object) -> bytes:
    """The decoded content of a stream, or of a page."""
    return b"\n".join(stream.read_bytes() for stream in _streams(owner))


_PIECE = 2**20  # bytes inflated at a time, and let go of when only counted


# Each decoder decodes what it can, as qpdf does before it stops at a bad byte (and goes on inflating what came
# before it: a bomb armoured in ASCII with one bad character after it was counted undecoded, a review found).


def _inflated(data: bytes, most: int) -> bytes | None:
    """Flate-decoded `data`, inflated a piece at a time, up to any damage; None past `most` bytes."""
    inflater, pieces, size = zlib.decompressobj(), [], 0
    try:
        piece = inflater.decompress(data, _PIECE)
        while piece:
            size += len(piece)
            if size > most:
                return None
            pieces.append(piece)
            piece = inflater.decompress(inflater.unconsumed_tail, _PIECE)
    except zlib.error:
        pass  # damaged here: what came before it is counted
    return b"".join(pieces)


def _run_length(data: bytes, most: int) -> bytes | None:
    """RunLength-decoded `data` (PDF 7.4.5: up to 128 times as long); None past `most` bytes."""
    out, at = bytearray(), 0
    while at < len(data) and data[at] != 128:  # 128 ends the data
        length = data[at]
        out += data[at + 1 : at + length + 2] if length < 128 else data[at + 1 : at + 2] * (257 - length)
        at += length + 2 if length < 128 else 2
        if len(out) > most:
            return None
    return bytes(out)


_BLANKS = b" \t\n\r\x0b\x0c\x00"
_HEX = re.compile(rb"[0-9A-Fa-f]*")
_BASE85 = re.compile(rb"[!-uz]*")
_GROUPS = 4 * 5 * 2**14  # ASCII85 characters decoded at a time: whole groups, 64 KB or so of output


def _unhexed(data: bytes, most: int) -> bytes:
    """ASCIIHex-decoded `data` up to its end or a character that is no digit (it only halves: `most` is not
    reached)."""
    digits = _HEX.match(data.translate(None, _BLANKS))[0]  # type: ignore[index]  # [0-9A-F]* always matches
    return binascii.unhexlify(digits + b"0" * (len(digits) % 2))


def _un85(data: bytes, most: int) -> bytes | None:
    """ASCII85-decoded `data` up to its end or a character that is none of it; None past `most` bytes,
    known before anything is decoded: each "z" is four zero bytes (10 MB of them took 962 MB to decode
    whole, a review found), each other group of five characters four bytes."""
    text = _BASE85.match(data.translate(None, _BLANKS).removeprefix(b"<~"))[0]  # type: ignore[index]
    zeros = text.count(b"z")
    if 4 * zeros + (len(text) - zeros) * 4 // 5 > most:
        return None
    out, at = bytearray(), 0
    while at < len(text):  # in pieces of whole groups (a "z" stands alone, the others go in fives)
        end = min(at + _GROUPS, len(text))
        while end < len(text) and (end - at - text.count(b"z", at, end)) % 5:
            end += 1
        out += base64.a85decode(text[at:end])
        at = end
    return bytes(out)


# The filters a stream's decoded size is counted through, by name (and abbreviation): what text and font
# streams are written with. A chain through another (LZW, obsolete since Flate; a picture's DCT or JPX,
# which end a chain) is counted up to it, and its rest left to pikepdf.
_DECODERS: dict[str, Callable[[bytes, int], bytes | None]] = {
    **dict.fromkeys(("/FlateDecode", "/Fl"), _inflated),
    **dict.fromkeys(("/RunLengthDecode", "/RL"), _run_length),
    **dict.fromkeys(("/ASCIIHexDecode", "/AHx"), _unhexed),
    **dict.fromkeys(("/ASCII85Decode", "/A85"), _un85),
}


def _decodes_past(streams: Iterable[pikepdf.Stream], most: int) -> bool:
    """Whether `streams` decode to more than `most` bytes in all, told without holding more than that: their
    filters are followed in order (_DECODERS), Flate inflated a piece at a time (it packs 1,000 to 1; an
    ASCII filter before it, as some writers armour it, hid a 300 MB page from a first count)."""
    left = most
    for stream in streams:
        names = stream.get("/Filter")
        filters = list(names) if isinstance(names, pikepdf.Array) else [names] if names is not None else []
        data: bytes | None = stream.read_raw_bytes()
        for name in filters:
            decode = _DECODERS.get(str(name))
            if decode is None or data is None:
                break
            try:
                data = decode(data, left)
            except ValueError:  # a group of ASCII85 that is no number: damaged, as pikepdf's reading says
                break
        if data is None or len(data) > left:
            return True
        left -= len(data)
    return False


# An operator's keyword, not a name's (/F1) nor a number: words in strings count too, so it counts more than
# the operators there are, never fewer.
_KEYWORD = re.compile(rb"(?<![/\w#.])[A-Za-z'\"][\w*']*")


def _more_operators(content: bytes, most: int) -> bool:
    """Whether `content` holds more than `most` operators, told without parsing it (50 times as fast)."""
    return any(count > most for count, _ in enumerate(_KEYWORD.finditer(content), 1))


def _programs(font: pikepdf.Object) -> list[tuple[str, pikepdf.Object]]:
    """The embedded font programs of a font (a Type 0 font's, in its descendants), each with its key."""
    fonts = list(font.get("/DescendantFonts", [])) if font.get("/Subtype") == "/Type0" else [font]
    descriptors = [f.get("/FontDescriptor") for f in fonts if isinstance(f, pikepdf.Dictionary)]
    return [
        (key, d[key])
        for d in descriptors
        if isinstance(d, pikepdf.Dictionary)
        for key in ("/FontFile", "/FontFile2", "/FontFile3")
        if isinstance(d.get(key), pikepdf.Stream)
    ]


def _unreadable(key: str, program: pikepdf.Object) -> str | None:
    """Why an embedded font program cannot be read, or None: its data must decode, and a TrueType one
    (FontFile2) must open as one (its table directory and head read, not its glyphs: cheap)."""
    try:
        if _decodes_past([cast(pikepdf.Stream, program)], MAX_DECODED):
            return f"its data decodes to more than {MAX_DECODED // 2**20} MB"
        data = program.read_bytes()
    except pikepdf.PdfError as exc:
        return f"its data cannot be decoded: {_first_line(exc).rpartition(': ')[2]}"
    if key != "/FontFile2":  # Type 1 and CFF programs: decoding is all
        return None
    try:
        TTFont(io.BytesIO(data), lazy=True)["head"]
    except Exception as exc:  # fontTools' many errors for what is no TrueType font
        return f"it is no TrueType font ({_first_line(exc)})"
    return None


def _embedded(font: pikepdf.Object) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # its glyphs are content streams inside the file
    if font.get("/Subtype") == "/Type0":
        descendants: list[pikepdf.Object] = list(font.get("/DescendantFonts", []))
        return all(_embedded(d) for d in descendants)
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _where(pages: list[int]) -> str:
    """Where a finding is, as a line starts with it: "page 3: ", "pages 1-4, 7, 9-10: ", or "" (the document)."""
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    said = ", ".join(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)
    return f"{'page' if len(pages) == 1 else 'pages'} {said}: " if pages else ""


def lines(report: Report, name: str) -> Iterator[str]:
    """The report as the command prints it: one line per finding, the pages it is on ("pages 1-4, 7"; a file
    of 30,000 pages without boxes gave 30,000 lines alike), then the verdict, counting the error lines shown
    (it counted each page's: 3 lines ended "20002 error(s)")."""
    pages: dict[tuple[Level, str], list[int]] = {}
    for finding in report.findings:
        pages.setdefault((finding.level, finding.message), []).extend([finding.page] if finding.page else [])
    for (level, message), found in pages.items():
        yield f"{name}: {_where(found)}{level}: {message}"
    errors = sum(level == "error" for level, _ in pages)
    yield f"{name}: fit for press" if report.fit else f"{name}: not fit for press: {errors} error(s)"
