"""The style's TrueType fonts, registered with ReportLab once per process, safe to share between threads.

ReportLab keeps its fonts and its <b>/<i> family mappings in process-wide
tables, so nothing registered here is ever changed afterwards: every render
of every style in every thread finds the same entries.

- A font file is parsed once and registered under a name made from its
  family, its face and a digest of the file (so the name only ever means
  those bytes).
- A family, the four fonts <b> and <i> switch between, is registered under
  a name made from those four fonts, with a name of its own for each of its
  four slots ("...:bold" resolves to the bold font). ReportLab finds a
  font's family from the font's name, so a slot name belongs to one family
  only: two renders that need different faces of the same files (one maps
  bold to the bold file, one without bold text to the regular) never remap
  each other's markup. A slot name is an alias: it resolves to the one
  parsed font object, so the PDF's bytes do not depend on these names.

All of it happens under one lock, once. A file ReportLab cannot read is a
StyleError naming it. `Coverage` tells which characters the embedded faces
can draw, and which font of the style's fallback chain (`fonts.fallback`)
draws each of the others: text switches to that font character by character.
A character no font has is refused (a blank box is never acceptable), unless
a typographic stand-in can be drawn (U+2011 non-breaking hyphen -> hyphen).
So is one of a script ReportLab would draw wrong, whatever font has it:
written right to left (Arabic, Hebrew: drawn left to right, its letters
unjoined) or shaped (Devanagari and the other Indic scripts, Khmer, Myanmar:
their letters combine), as the Word and EPUB editions set them.
"""

from __future__ import annotations

import copy
import hashlib
import io
import os
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, cast

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas

from ...errors import DAMAGED, RenderError, StyleError
from ...inputs import version
from ...styles import FONT_FACES, FontFamily, Style
from ..base import font_spans

# Held while anything is registered with ReportLab: two threads never register the same name.
_LOCK = threading.Lock()
_SUBSETTING = threading.Lock()  # held while a PDF's font subsets are made (SharedTTFont)
# (resolved path, size, stamp: inputs.version) -> registered name: each file is parsed once per process.
_REGISTERED: dict[tuple[str, int, int], str] = {}

# Stand-ins for characters a subset font may lack, tried in order.
SUBSTITUTES = {"\u2212": ("\u2013", "-"), "\u2011": ("-",), "\u2010": ("-",), "\u2002": ("\u00a0", " ")}
# Invisible characters that say how text around them is shaped or ordered (joiners, direction marks and
# overrides, isolates, the word joiner, variation selectors, the zero-width space): ReportLab drew them as
# marks or gaps (a zero-width space as a word space, where its paragraph held a no-break space), or refused
# a right-to-left mark pasted into an English sentence. The PDF sets text left to right, unshaped, breaking
# lines at spaces only, so they have nothing to do in it; the other editions keep them.
_INVISIBLE = re.compile("[\u034f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufe00-\ufe0f\ufeff]")


def as_drawn(text: str) -> str:
    """`text` as the PDF draws it: composed (NFC: a letter and its accent typed apart, as macOS and
    transliteration tools paste them, become the one letter fonts draw them as), the invisible characters
    above left out."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFC", text))


@dataclass(frozen=True)
class Faces:
    """The ReportLab names of one family's four slots: each draws its face, and <b>/<i> markup in a
    paragraph set in one of them switches between the four (typography sets styles in these names)."""

    regular: str
    bold: str
    italic: str
    bold_italic: str

    def names(self) -> tuple[str, ...]:
        return (self.regular, self.bold, self.italic, self.bold_italic)


# The registered names of a family's four fonts (regular, bold, italic, bold italic) -> its slot names.
_FAMILIES: dict[tuple[str, str, str, str], Faces] = {}
# Family names ReportLab knows (it lowercases them) -> the fonts they map to; a name is never reused.
_FAMILY_NAMES: dict[str, tuple[str, str, str, str]] = {}


class SharedTTFont(TTFont):
    """A TrueType font that renders in several threads share. ReportLab makes each PDF's subsets of a font
    as the file is saved, reading the font's tables through one cursor its face keeps (TTFontFace._pos):
    two threads saving at once moved each other's cursor, and a service's PDF failed (an IndexError) or,
    worse, could embed a subset with another glyph's parts. One PDF's subsets are made at a time (a lock
    of the module's, not the font's: a font deep-copies, and a lock does not)."""

    def addObjects(self, doc: Any) -> None:
        with _SUBSETTING:
            super().addObjects(doc)


def _fresh_locks() -> None:
    """New locks in a child process: one forked while another thread held a lock got it held, with no
    thread to let it go, and its first PDF waited for ever (a review)."""
    global _LOCK, _SUBSETTING
    _LOCK, _SUBSETTING = threading.Lock(), threading.Lock()


if hasattr(os, "register_at_fork"):  # not on Windows, which does not fork
    os.register_at_fork(after_in_child=_fresh_locks)


def _register_file(path: Path, family: str, face: str, style: Style) -> str:
    try:
        stamp, size = version(path)  # a file replaced with its modification time restored is read again too
    except OSError as exc:
        raise StyleError(f"cannot read font file {path.name}: {exc.strerror}", style.file) from None
    key = (str(path.resolve()), size, stamp)
    with _LOCK:
        name = _REGISTERED.get(key)
        if name is not None:
            return name
        data = path.read_bytes()
        base = re.sub(r"[^A-Za-z0-9]", "", family) or "Font"
        name = f"{base}-{face.title().replace('_', '')}-{hashlib.sha256(data).hexdigest()[:8]}"
        if name in _REGISTERED.values():  # the same bytes at another path: one font object, embedded once
            _REGISTERED[key] = name
            return name
        source = io.BytesIO(data)  # parsed from the bytes just hashed, not read from disk again
        source.name = str(path)  # what ReportLab calls the file
        try:
            # Said here, not left to rl_config, which ~/.reportlab_settings or RL_ttfAsciiReadable may set:
            # the same inputs give the same bytes on any machine.
            font = SharedTTFont(name, source, asciiReadable=1)
        except (*DAMAGED, cast(type[Exception], TTFError)) as exc:  # and struct/index errors from a damaged file
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise StyleError(f"font file {path.name} cannot be embedded in the PDF: {detail}", path) from None
        _register(font)
        _REGISTERED[key] = name
        return name


def _register(font: TTFont | pdfmetrics.Font, meaning: TTFont | pdfmetrics.Font | None = None) -> None:
    """Register `font` under its name, which is to mean `meaning` (by default the font itself). ReportLab
    maps a TrueType font whose face (PostScript) name is registered already to the font registered first:
    a brand's Noto Serif with glyphs of its own set its text in the package's Noto Serif, or the reverse,
    by which style a process rendered first (an archive's batch, a service)."""
    target = meaning or font
    pdfmetrics.registerFont(font)
    if pdfmetrics.getFont(font.fontName) is not target:
        pdfmetrics._fonts[font.fontName] = target  # type: ignore[attr-defined]  # ReportLab's registry


def _family(fonts: tuple[str, str, str, str]) -> Faces:
    """The slot names of the family of these four registered fonts, registered with ReportLab the first time.

    The family's name is made from the four names, and each slot gets a name of its own that resolves
    to the same font object as the registered name, so that ReportLab's table from a font's name to its
    (family, bold, italic) holds exactly one entry for it, and that entry is never rewritten.
    """
    with _LOCK:
        faces = _FAMILIES.get(fonts)
        if faces is not None:
            return faces
        digest = hashlib.sha256("\0".join(fonts).encode()).hexdigest()
        size = 8
        while _FAMILY_NAMES.setdefault(f"{fonts[0]}:{digest[:size]}".lower(), fonts) != fonts:
            size += 4  # a shorter digest already names another family
        family = f"{fonts[0]}:{digest[:size]}"
        faces = Faces(*(f"{family}:{slot}" for slot in FONT_FACES))
        for slot_name, font_name in zip(faces.names(), fonts):
            # One object per embedded face: the alias resolves to the parsed font.
            font = pdfmetrics.getFont(font_name)
            alias = copy.copy(font)
            alias.fontName = slot_name
            _register(alias, font)
        pdfmetrics.registerFontFamily(
            family, normal=faces.regular, bold=faces.bold, italic=faces.italic, boldItalic=faces.bold_italic
        )
        _FAMILIES[fonts] = faces
        return faces


def register(style: Style, family: FontFamily, needed: set[str]) -> Faces:
    """Register the faces of a family the document uses (each file once per process) and the <b>/<i>
    family over them. A face the document does not use stands in for by its nearest registered one."""
    paths = family.faces()
    names = {face: _register_file(paths[face], family.family, face, style) for face in FONT_FACES if face in needed}
    regular = names.get("regular") or _register_file(paths["regular"], family.family, "regular", style)
    bold, italic = names.get("bold", regular), names.get("italic", regular)
    return _family((regular, bold, italic, names.get("bold_italic", bold if bold != regular else italic)))


def register_fallback(style: Style) -> list[str]:
    """The registered names of the style's fallback fonts, in order. Each is a family of its own whose
    four slots are the one face, so that <b> and <i> around a fallback span keep that font."""
    names = []
    for path in style.fallback:
        name = _register_file(path, path.stem, "regular", style)
        names.append(_family((name, name, name, name)).regular)
    return names


def register_roles(style: Style, needed: dict[str, set[str]] | None = None) -> dict[str, Faces]:
    """Faces for every role (body, heading, quote, caption, table, furniture); `needed` names the faces
    each role uses (default: all four), so unused font files are never parsed."""
    by_family: dict[str, set[str]] = {}
    for role in vars(style.roles):
        family = getattr(style.roles, role)
        by_family.setdefault(family, set()).update(needed.get(role, FONT_FACES) if needed else FONT_FACES)
    families = {family: register(style, style.fonts[family], faces) for family, faces in by_family.items()}
    return {role: families[getattr(style.roles, role)] for role in vars(style.roles)}  # role -> its family's faces


def _truetype(name: str) -> TTFont:
    """A font registered here: always a TrueType file, the only kind the PDF embeds."""
    font = pdfmetrics.getFont(name)
    assert isinstance(font, TTFont)
    return font


class Coverage:
    """The characters every face the PDF uses can draw, the fallback font that draws each of the others,
    and the swaps for those no font has."""

    def __init__(self, faces: dict[str, Faces], fallback: list[str] | None = None) -> None:
        names = sorted({name for f in faces.values() for name in f.names()})
        maps = [set(_truetype(name).face.charToGlyph) for name in names]
        self.codepoints = set.intersection(*maps) if maps else set()
        # Character -> the first fallback font that has it, for those the faces lack.
        self.fallback: dict[str, str] = {}
        for name in fallback or ():
            for code in _truetype(name).face.charToGlyph:
                if code not in self.codepoints:
                    self.fallback.setdefault(chr(code), name)
        self.swaps: dict[int, str] = {}
        for char, options in SUBSTITUTES.items():
            if ord(char) not in self.codepoints and char not in self.fallback:
                for option in options:
                    if all(ord(c) in self.codepoints for c in option):
                        self.swaps[ord(char)] = option
                        break
        drawn = {chr(c) for c in self.codepoints} | {chr(c) for c in self.swaps} | set(self.fallback)
        self.drawable = (drawn - unsettable_characters()) | set("\t\n\r")

    def check(self, text: str, where: str, needle: str | None = None) -> None:
        """Raise a RenderError naming the first character no face can draw (of the text as drawn); the
        source's line is the first holding `needle` (by default that character with the words around it:
        inputs.locate)."""
        text = as_drawn(text)
        strangers = set(text) - self.drawable
        if not strangers:
            return
        at = next(i for i, c in enumerate(text) if c in strangers)
        char = text[at]
        name = unicodedata.name(char, "unnamed character")
        why = unsettable(char)
        if why:
            message = (
                f"the PDF cannot set U+{ord(char):04X} ({name}): {why}, and the PDF edition sets text left to "
                "right, letter by letter; the Word, EPUB and text editions carry it "
                "(build them alone: -f docx,epub,text)"
            )
        else:
            message = (
                f"the PDF's fonts have no glyph for U+{ord(char):04X} ({name}); the PDF embeds only the style's "
                "fonts and its fonts.fallback, so remove the character or use a style whose fonts have it"
            )
        raise RenderError(f"{where}: {message}", needle=needle or _around(text, at))

    def swap(self, text: str) -> str:
        return text.translate(self.swaps) if self.swaps else text

    def spans(self, text: str) -> list[tuple[str | None, str]]:
        """`text` cut where the font changes: (None, text the faces draw) or (fallback font, its text)."""
        return font_spans(text, self.fallback)

    def width(self, text: str, font: str, size: float) -> float:
        """The width of `text` set in `font`, its fallback characters in their own font."""
        return sum(stringWidth(part, face or font, size) for face, part in self.spans(text))

    def draw(self, canv: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
        """Draw `text` from (x, y) in `font`, switching to a fallback font where the text needs one."""
        for face, part in self.spans(text):
            canv.setFont(face or font, size)
            canv.drawString(x, y, part)
            x += stringWidth(part, face or font, size)
        canv.setFont(font, size)


# Where the characters `unsettable` refuses lie (a scan of all of Unicode would take a second): from Hebrew to
# Sundanese, the right-to-left mark, the Indic and Myanmar extensions, the presentation forms, and the
# historic scripts beyond the BMP. Only the characters `unsettable` names are taken from them.
_BLOCKS = (
    (0x0590, 0x1CFF),
    (0x200F, 0x200F),
    (0xA800, 0xABFF),
    (0xFB1D, 0xFEFF),
    (0x10800, 0x11FFF),
    (0x1E800, 0x1EFFF),
)


@cache
def shaped_scripts() -> frozenset[str]:
    """The scripts whose letters combine into shapes (OpenType's complex shapers), by the first word of their
    characters' Unicode names: those with spacing combining marks (the vowel signs of Devanagari and the
    other Brahmic scripts, Khmer, Myanmar, Javanese ...), and Mongolian, whose letters join."""
    marks = (chr(code) for first, last in _BLOCKS for code in range(first, last + 1))
    return frozenset({_script(char) for char in marks if unicodedata.category(char) == "Mc"} | {"MONGOLIAN"})


def _script(char: str) -> str:
    return unicodedata.name(char, "").split(" ", 1)[0]


@cache
def unsettable_characters() -> frozenset[str]:
    """Every character `unsettable` refuses, worked out once per process (a set difference per render)."""
    return frozenset(chr(code) for first, last in _BLOCKS for code in range(first, last + 1) if unsettable(chr(code)))


def unsettable(char: str) -> str | None:
    """Why ReportLab would draw `char` wrong in any font (its script is written right to left, or shaped),
    or None."""
    if char < "\u0590":  # Latin, Greek, Cyrillic, Armenian: the usual case
        return None
    script = _script(char)
    if unicodedata.bidirectional(char) in ("R", "AL"):
        return f"its script ({script.title() or 'unnamed'}) is written right to left"
    if script in shaped_scripts():
        return f"the letters of its script ({script.title()}) combine into shapes"
    return None


CONTEXT = 12  # characters on each side of one the fonts lack, by which the build finds its line


def _around(text: str, at: int) -> str:
    """text[at] with as many characters on each side as both sides have, up to CONTEXT: its middle is it."""
    reach = min(CONTEXT, at, len(text) - 1 - at)
    return text[at - reach : at + reach + 1]
