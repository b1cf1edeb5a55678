"""The style's fonts inside the .docx: subset to the document's text, obfuscated as ECMA-376 requires.

Without them, a reader who lacks the brand families gets substitutes with other
widths and other page breaks (LibreOffice set the serif body in DejaVu Sans).
Word and LibreOffice both load fonts embedded this way: each face is a part
word/fonts/fontN.odttf, related from fontTable.xml and named there by
w:embedRegular / w:embedBold / ... with the key that undoes the obfuscation
(17.8.1: the first 32 bytes XORed with the key GUID's bytes, last byte first).

Only the faces the text is set in are embedded, each cut down with fontTools to
the characters of the document plus printable ASCII (so an editor can still
correct a word), which keeps the flagship small enough to email. Word keeps such
subsets while editing (w:saveSubsetFonts) and falls back to an installed font
for a character the subset lacks. OFL fonts allow embedding and subsetting.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont, getTableClass

from ...errors import RenderError
from ...inputs import version
from ...styles import FontFamily

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
# Characters every subset keeps besides the document's own: printable ASCII for corrections.
ALWAYS = frozenset(chr(code) for code in range(0x20, 0x7F))
# fontTable.xml's element for each face (styles.FONT_FACES), in schema order.
EMBED_TAGS = {
    "regular": "w:embedRegular",
    "bold": "w:embedBold",
    "italic": "w:embedItalic",
    "bold_italic": "w:embedBoldItalic",
}
_GUID_NAMESPACE = uuid.UUID("1b6c5e52-3d3c-4d55-9a59-4b1f2b1c0f18")  # fixed: keys are derived, never random

# The subsetter logs every step at INFO: some 140 lines a render in a service that logs at INFO (a
# service developer's trial). Quiet unless the program has set that logger's level itself.
_SUBSET_LOG = logging.getLogger("fontTools.subset")
if _SUBSET_LOG.level == logging.NOTSET:
    _SUBSET_LOG.setLevel(logging.WARNING)


@dataclass(frozen=True)
class EmbeddedFace:
    """One face ready for the package: its obfuscated bytes and the key fontTable.xml names."""

    face: str  # a styles.FONT_FACES name
    key: str  # "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}"
    data: bytes


def embedded_faces(family: FontFamily, faces: Iterable[str], characters: frozenset[str]) -> list[EmbeddedFace]:
    """The faces of `family` in `faces` (in FONT_FACES order), each subset to `characters` and obfuscated."""
    out = []
    for face in EMBED_TAGS:
        if face not in faces:
            continue
        data = subset_font(family.faces()[face], characters | ALWAYS)
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


LAYOUT_TABLES = {"GSUB", "GPOS", "GDEF"}


def _subsettable(tag: str, options: subset.Options) -> bool:
    """Whether fontTools' subsetter keeps table `tag`: it cuts it down, or needs not."""
    return tag.strip() in options.no_subset_tables or hasattr(getTableClass(tag), "subset_glyphs")


def subset_font(path: Path, characters: frozenset[str]) -> bytes:
    """The TrueType file at `path` cut down to `characters`, its names kept, its OpenType layout dropped."""
    return _subset(path, characters, version(path))


@functools.lru_cache(maxsize=64)  # a build renders the same fonts for every source
def _subset(path: Path, characters: frozenset[str], stamp: tuple[int, int]) -> bytes:
    options = subset.Options()
    options.name_IDs = ["*"]  # the family and face names Word and LibreOffice match the font by
    options.name_languages = ["*"]
    options.notdef_outline = True
    try:
        font = TTFont(str(path), recalcTimestamp=False)  # the clock would change the bytes
        # Hinting is dropped (smaller; the shipped fonts render well unhinted), but a font that has none
        # (no fpgm, prep or cvt table, as the shipped ones) is left alone: stripping it would decompile
        # and recompile every glyph, a third of the subsetting time, for the same bytes.
        options.hinting = not any(tag in font for tag in ("fpgm", "prep", "cvt "))
        # Reading the layout tables (kerning, ligatures) was three quarters of the subsetting time, and
        # Word applies neither unless a style asks for it (w:kern, w:ligatures), which ours do not.
        # Deleted unread: the subsetter would decompile them even to drop them.
        for tag in LAYOUT_TABLES & set(font.keys()):
            del font[tag]
        # Tables the subsetter cannot cut down (FontForge's FFTM timestamp, a vendor's own) are dropped, as
        # it would drop them itself, but quietly: it warned on stderr for each, in a build that succeeds.
        tables = font.keys()  # a TTFont is no iterable
        options.drop_tables += [tag for tag in tables if tag != "GlyphOrder" and not _subsettable(tag, options)]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(ord(c) for c in characters))
        subsetter.subset(font)
        out = io.BytesIO()
        font.save(out)
    except Exception as exc:  # a damaged font file behind a valid TrueType signature
        raise RenderError(f"font {path.name} cannot be embedded in the Word edition: {exc}", path) from None
    return out.getvalue()
