"""The style's fonts inside the .docx: subset to the document's text, obfuscated as ECMA-376 requires.

Without them, a reader who lacks the brand families gets substitutes with other
widths and other page breaks (LibreOffice set the serif body in DejaVu Sans).
Word and LibreOffice both load fonts embedded this way: each face is a part
word/fonts/fontN.odttf, related from fontTable.xml and named there by
w:embedRegular / w:embedBold / ... with the key that undoes the obfuscation
(17.8.1: the first 32 bytes XORed with the key GUID's bytes, last byte first).

Only the faces the text is set in are embedded, each cut down with fontTools to
the characters of the document plus printable ASCII, the Latin-1 and Latin
Extended-A letters, the usual typographic marks and the letters of the text's
scripts (editable(): so an editor can still correct a word), which keeps the
flagship small enough to email. Word keeps such subsets while editing
(w:saveSubsetFonts) and falls back to an installed font for a character the
subset lacks. OFL fonts allow embedding and subsetting.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ...styles import FontFamily
from ..fontfiles import subset_font

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
# Characters every subset keeps besides the document's own, for corrections: printable ASCII, the accented
# letters of Latin-1 and Latin Extended-A (é, ö, ç, ł, ş), Azerbaijani's ə, the marks and signs Word's
# AutoFormat and editors type (‘ ’ “ ” „ – — … • €) and the currency signs figures take (₼ ₺ ₽ ₹). A trial's
# editor typed é, € and ‘ into a subset of the text's own characters, and each came out in another font
# mid-line; another typed "Əliyev" and "5 ₼" into the AIR Center's Word copy.
ALWAYS = frozenset(
    [chr(code) for code in (*range(0x20, 0x7F), *range(0xA0, 0x180))]
    + list("\u018f\u0259\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2022\u2026\u2039\u203a")
    + list("\u20ac\u20b9\u20ba\u20bc\u20bd\u2122")
)
# The letters of a script the text is written in, kept whole for an editor: a Russian text's subset held
# only the letters its sentences happened to use (no ё, no ъ).
SCRIPT_LETTERS = (
    frozenset(map(chr, range(0x0400, 0x0500))),  # Cyrillic: Russian, Ukrainian, Kazakh, Bulgarian, Serbian …
    frozenset(map(chr, range(0x0386, 0x03CF))),  # Greek
)


def editable(characters: frozenset[str]) -> frozenset[str]:
    """The characters a subset keeps for a document of `characters`: its own, ALWAYS, and the whole of each
    script of SCRIPT_LETTERS it uses."""
    return characters.union(ALWAYS, *(letters for letters in SCRIPT_LETTERS if not letters.isdisjoint(characters)))


# fontTable.xml's element for each face (styles.FONT_FACES), in schema order.
EMBED_TAGS = {
    "regular": "w:embedRegular",
    "bold": "w:embedBold",
    "italic": "w:embedItalic",
    "bold_italic": "w:embedBoldItalic",
}
_GUID_NAMESPACE = uuid.UUID("1b6c5e52-3d3c-4d55-9a59-4b1f2b1c0f18")  # fixed: keys are derived, never random


@dataclass(frozen=True)
class EmbeddedFace:
    """One face ready for the package: its obfuscated bytes and the key fontTable.xml names."""

    face: str  # a styles.FONT_FACES name
    key: str  # "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}"
    data: bytes


def embedded_faces(
    family: FontFamily, faces: Iterable[str], characters: frozenset[str], lines_of: Path | None = None
) -> list[EmbeddedFace]:
    """The faces of `family` in `faces` (in FONT_FACES order), each subset to `characters` and obfuscated;
    a fallback font's with the body font's line metrics (`lines_of`: fontfiles.subset_font)."""
    out = []
    for face in EMBED_TAGS:
        if face not in faces:
            continue
        data = subset_font(family.faces()[face], editable(characters), lines_of)
        # The key follows from the bytes, so the same inputs give the same file.
        key = "{" + str(uuid.uuid5(_GUID_NAMESPACE, hashlib.sha256(data).hexdigest())).upper() + "}"
        out.append(EmbeddedFace(face, key, obfuscate(data, key)))
    return out


def obfuscate(data: bytes, key: str) -> bytes:
    """ECMA-376 Part 1, 17.8.1: XOR the first 32 bytes with the key's 16 bytes taken from its end.

    The same operation undoes it (XOR twice is the identity).
    """
    digits = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(byte ^ digits[i % 16] for i, byte in enumerate(data[:32]))
    return head + data[32:]
