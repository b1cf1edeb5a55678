"""The style's fallback fonts (fonts.fallback) in the Word edition, for the characters its families lack.

The PDF sets such a character in the first fallback font that has it (pdf/fonts.Coverage). Word and
LibreOffice, given a run in a family that lacks it, draw it from a font of their own choosing: the minus
sign and the "◦" bullet of the built-in styles, which Noto Sans and Serif lack, came out of Cambria Math,
DejaVu or whatever the reader had. Here, as in the PDF, each run is cut where the font changes, the pieces
in a fallback font name it in their w:rFonts, a bullet in one names it in its list level's w:rPr, and the
font is embedded with the families (subset to the document's characters), so every reader sets the same
glyphs.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import TYPE_CHECKING

from docx.oxml.ns import qn

from ..base import font_spans
from .ooxml import el, put_in_order, rfonts, text_node

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

_R, _T, _RPR = qn("w:r"), qn("w:t"), qn("w:rPr")


def set_in_fallback(story: Element, fonts: Mapping[str, str]) -> None:
    """Cut every run of `story` (a part's root) whose text holds a character of `fonts` (character -> font
    name) where its font changes; the pieces in a fallback font name it in w:rFonts, after the run's own
    properties (its character style, bold, italic and language stay)."""
    if not fonts:
        return
    for r in list(story.iter(_R)):
        if all(fonts.keys().isdisjoint(t.text or "") for t in r.iter(_T)):
            continue
        props = r.find(_RPR)
        pieces: list[tuple[str | None, Element]] = []  # (font, a child of the run), in order
        for child in r:
            if child is props:
                continue
            if child.tag == _T and child.text:
                pieces += [(font, text_node(text)) for font, text in font_spans(child.text, fonts)]
            else:
                pieces.append((None, child))  # a tab, a break, a note's reference: in the run's own font
        for font, children in _grouped(pieces):
            piece = el("w:r")
            if props is not None or font:
                piece_props = copy.deepcopy(props) if props is not None else el("w:rPr")
                if font:
                    put_in_order(piece_props, rfonts(font))
                piece.append(piece_props)
            for child in children:
                piece.append(child)
            r.addprevious(piece)
        parent = r.getparent()
        assert parent is not None  # a run stands in a paragraph or a hyperlink
        parent.remove(r)


def _grouped(pieces: list[tuple[str | None, Element]]) -> list[tuple[str | None, list[Element]]]:
    """Neighbouring pieces of one font in one run."""
    groups: list[tuple[str | None, list[Element]]] = []
    for font, child in pieces:
        if groups and groups[-1][0] == font:
            groups[-1][1].append(child)
        else:
            groups.append((font, [child]))
    return groups
