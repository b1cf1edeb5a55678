"""numbering.xml: the section numerals as a Word list linked to heading 1.

The numeral is not text in the heading: Word (and LibreOffice) count the
headings themselves, so a section inserted or moved renumbers the rest, and a
reader that takes the text (pandoc, a screen reader's heading list) gets the
title alone. The format follows the Style's [numbering]: the scheme becomes
the level's w:numFmt, the label ("{number}.") its w:lvlText ("%1.").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...styles import Style
from .ooxml import el, rpr, val

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

SECTIONS_NUM_ID = 1  # the w:num heading 1's style points at
_FORMATS = {"upper-roman": "upperRoman", "lower-roman": "lowerRoman", "arabic": "decimal", "upper-alpha": "upperLetter"}


def numbered(style: Style) -> bool:
    return style.numbering.sections in _FORMATS


def numbering(style: Style, heading_style: str, hang: int) -> Element:
    """A complete w:numbering: one abstract list whose first level numbers `heading_style` paragraphs,
    its numeral hung `hang` twips before the title and set in the brand colour; empty when unnumbered."""
    root = el("w:numbering")
    if not numbered(style):
        return root
    level = el(
        "w:lvl",
        {"w:ilvl": "0"},
        val("w:start", 1),
        val("w:numFmt", _FORMATS[style.numbering.sections]),
        val("w:pStyle", heading_style),
        val("w:suff", "tab"),
        # Word has no escape for a literal "%" in lvlText; a label is short text such as "{number}.".
        val("w:lvlText", style.numbering.label.format(number="%1")),
        val("w:lvlJc", "left"),
        el(
            "w:pPr",
            None,
            el("w:tabs", None, el("w:tab", {"w:val": "num", "w:pos": str(hang)})),
            el("w:ind", {"w:left": str(hang), "w:hanging": str(hang)}),
        ),
        rpr(color=style.colors.brand),
    )
    root.append(
        el(
            "w:abstractNum",
            {"w:abstractNumId": "0"},
            val("w:nsid", "5EC71045"),  # any fixed id: Word matches lists pasted between documents by it
            val("w:multiLevelType", "multilevel"),
            val("w:name", "Sections"),
            level,
        )
    )
    root.append(el("w:num", {"w:numId": str(SECTIONS_NUM_ID)}, val("w:abstractNumId", 0)))
    return root
