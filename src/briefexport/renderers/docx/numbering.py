"""numbering.xml: the section numerals as a Word list linked to heading 1, and the bulletin's lists.

The numeral is not text in the heading: Word (and LibreOffice) count the
headings themselves, so a section inserted or moved renumbers the rest, and a
reader that takes the text (pandoc, a screen reader's heading list) gets the
title alone. The format follows the Style's [numbering]: the scheme becomes
the level's w:numFmt, the label ("{number}.") its w:lvlText ("%1.").

Lists are Word lists too: one abstract list of bullets and one of numbers,
each level linked to its paragraph style (List Bullet, List Bullet 2, ...) and
marked as the Style's [lists] says. Bulleted lists share one w:num; each
numbered list has a w:num of its own that restarts it at its first number
(w:startOverride), so Word counts every list on its own and renumbers it as it
is edited; a numbered list from 1 inside a numbered list shares that list's
w:num, one level down, as Word's own nested lists do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ...styles import LIST_LEVELS, Style
from .ooxml import el, rfonts, rpr, val

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

SECTIONS_NUM_ID = 1  # the w:num heading 1's style points at
BULLETS_NUM_ID = 2  # the w:num of every bulleted list (and of the List Bullet styles)
NUMBERS_NUM_ID = 3  # the w:num of the List Number styles; each numbered list has its own after it
_BULLETS, _NUMBERS = 1, 2  # their abstract lists' ids
_FORMATS = {"upper-roman": "upperRoman", "lower-roman": "lowerRoman", "arabic": "decimal", "upper-alpha": "upperLetter"}
_LIST_FORMATS = {
    **_FORMATS,
    "lower-alpha": "lowerLetter",
    "lower-cyrillic": "russianLower",
    "upper-cyrillic": "russianUpper",
}


def numbered(style: Style) -> bool:
    return style.numbering.sections in _FORMATS


def list_num_id(index: int) -> int:
    """The w:numId of the bulletin's numbered list `index` (0-based, in reading order)."""
    return NUMBERS_NUM_ID + 1 + index


def numbering(
    style: Style,
    heading_style: str,
    hang: int,
    lists: ListNumbering | None = None,
    fallback: Mapping[str, str] | None = None,
) -> Element:
    """A complete w:numbering: one abstract list whose first level numbers `heading_style` paragraphs,
    its numeral hung `hang` twips before the title and set in the brand colour (none when unnumbered);
    then, for a bulletin with lists, the bullets and numbers and a w:num per numbered list, a mark that
    the families lack in the font `fallback` names for it (character -> font name)."""
    root = el("w:numbering")
    if numbered(style):
        root.append(_sections(style, heading_style, hang))
    if lists is not None:  # every w:abstractNum comes before every w:num (CT_Numbering)
        marks = fallback or {}
        root.append(lists.abstract(style, ordered=False, fallback=marks))
        root.append(lists.abstract(style, ordered=True, fallback=marks))
    if numbered(style):
        root.append(el("w:num", {"w:numId": str(SECTIONS_NUM_ID)}, val("w:abstractNumId", 0)))
    if lists is not None:
        root.append(el("w:num", {"w:numId": str(BULLETS_NUM_ID)}, val("w:abstractNumId", _BULLETS)))
        root.append(el("w:num", {"w:numId": str(NUMBERS_NUM_ID)}, val("w:abstractNumId", _NUMBERS)))
        for index, (level, start) in enumerate(lists.ordered):
            override = el("w:lvlOverride", {"w:ilvl": str(level)}, val("w:startOverride", start))
            root.append(el("w:num", {"w:numId": str(list_num_id(index))}, val("w:abstractNumId", _NUMBERS), override))
    return root


class ListNumbering:
    """The lists of one document: each level's paragraph styles and indent, and every numbered list's
    level (0-based) and first number, in reading order (list_num_id gives each its w:numId)."""

    def __init__(self, bullet_styles: Sequence[str], number_styles: Sequence[str], hang: int) -> None:
        self.bullet_styles, self.number_styles, self.hang = bullet_styles, number_styles, hang
        self.ordered: list[tuple[int, int]] = []

    def add(self, level: int, start: int) -> int:
        """A numbered list at `level` starting at `start`: its w:numId."""
        self.ordered.append((level, start))
        return list_num_id(len(self.ordered) - 1)

    def abstract(self, style: Style, ordered: bool, fallback: Mapping[str, str]) -> Element:
        lists = style.lists
        levels = []
        for level in range(LIST_LEVELS):
            if ordered:
                fmt = _LIST_FORMATS[lists.scheme(level + 1)]
                text = lists.numbers[level].format(number=f"%{level + 1}")
            else:
                fmt, text = "bullet", lists.bullets[level]
            # Word sets the mark in the item's font unless its level names another: "◦" is not in Noto.
            font = next((fallback[char] for char in text if char in fallback), None)
            levels.append(
                el(
                    "w:lvl",
                    {"w:ilvl": str(level)},
                    val("w:start", 1),
                    val("w:numFmt", fmt),
                    val("w:pStyle", (self.number_styles if ordered else self.bullet_styles)[level]),
                    val("w:suff", "tab"),
                    val("w:lvlText", text),
                    val("w:lvlJc", "left"),
                    el("w:pPr", None, self.indent(level)),
                    el("w:rPr", None, rfonts(font)) if font else None,
                )
            )
        return el(
            "w:abstractNum",
            {"w:abstractNumId": str(_NUMBERS if ordered else _BULLETS)},
            val("w:nsid", "5EC71047" if ordered else "5EC71046"),  # fixed, as the sections' list's
            val("w:multiLevelType", "multilevel"),
            val("w:name", "Numbers" if ordered else "Bullets"),
            *levels,
        )

    def indent(self, level: int) -> Element:
        """A level's text `hang` twips further in than its list's item above, its mark hung before it."""
        return el("w:ind", {"w:left": str(self.hang * (level + 1)), "w:hanging": str(self.hang)})


def _sections(style: Style, heading_style: str, hang: int) -> Element:
    level = el(
        "w:lvl",
        {"w:ilvl": "0"},
        val("w:start", 1),
        val("w:numFmt", _LIST_FORMATS[style.section_scheme()]),
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
    return el(
        "w:abstractNum",
        {"w:abstractNumId": "0"},
        val("w:nsid", "5EC71045"),  # any fixed id: Word matches lists pasted between documents by it
        val("w:multiLevelType", "multilevel"),
        val("w:name", "Sections"),
        level,
    )
