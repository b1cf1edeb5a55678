"""Statistics tables as "key figures": caption, brand header row, right-aligned figures, source note.

The width rule (also in the README):

1. Each column is measured. A figure column needs its widest formatted figure
   (figures never wrap) and its header's longest word; a text column needs its
   longest word. Each column would also like its longest cell on one line.
2. If the needs fit the text column, the table is set across the column:
   figure columns get their liking first, text columns share the rest.
3. Otherwise, on a page of several columns, if the needs fit the full text
   width, the table spans all columns: it floats to the top of the next page
   (or, when taller than about half a page, gets full-width pages of its own).
4. Otherwise the columns are scaled down in proportion and cells wrap,
   breaking long words. A table never overflows its column or page.

The header row repeats on every column or page a table continues onto.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from ...formatting import format_number
from ...model import NumberCell, StatsTable
from .flowables import BIG, Deferrable, NeedSpace, Stack
from .markup import Markup, plain
from .typography import Palette, Styles

PAD_X, PAD_Y = 4.0, 2.6
# A word exactly as wide as its cell can still be broken by ReportLab's line breaker
# (its sums of glyph widths round differently from stringWidth): measures get this margin.
FIT = 0.5
_BREAKABLE = re.compile("[ \t\n\r\u2000-\u200b\u3000]+")  # not the no-break spaces of "1,000 MW"


@dataclass(frozen=True)
class Placement:
    """How a table is set: "column" (in the flow), "float" (full width, top of next page), "pages" (own pages)."""

    kind: str
    flowables: list[Flowable]
    height: float = 0.0


def _longest_word(text: str, font: str, size: float) -> float:
    return max((stringWidth(w, font, size) for w in _BREAKABLE.split(text) if w), default=0.0)


def _share(amount: float, wants: list[float]) -> list[float]:
    total = sum(wants)
    if total <= 0:
        return [0.0] * len(wants)
    return [amount * w / total for w in wants]


def column_widths(mins: list[float], prefs: list[float], numeric: list[bool], avail: float) -> list[float]:
    """Widths summing to `avail`: every column its minimum, figures their liking first, text the rest."""
    if sum(mins) > avail:
        return _share(avail, mins)
    widths = list(mins)
    extra = avail - sum(mins)
    for group in ([n for n in numeric], [not n for n in numeric]):
        wants = [p - w if g else 0.0 for p, w, g in zip(prefs, widths, group)]
        grant = _share(min(extra, sum(wants)), wants)
        widths = [w + g for w, g in zip(widths, grant)]
        extra -= sum(grant)
    if extra > 1e-6:
        text = [not n for n in numeric] if not all(numeric) else [True] * len(numeric)
        grant = _share(extra, [p if t else 0.0 for p, t in zip(prefs, text)])
        widths = [w + g for w, g in zip(widths, grant)]
    return widths


class TableMaker:
    def __init__(
        self,
        styles: Styles,
        colors: Palette,
        markup: Markup,
        language: str,
        source_label: str,
        column: float,
        body: float,
        body_height: float,
    ) -> None:
        self.styles, self.colors, self.markup = styles, colors, markup
        self.language, self.source_label = language, source_label
        self.column, self.body, self.body_height = column, body, body_height

    def cells(self, block: StatsTable) -> list[list[str]]:
        rows = [list(block.headers)]
        for row in block.rows:
            rows.append([format_number(c, self.language) if isinstance(c, NumberCell) else c.text for c in row])
        return [[plain(t, self.markup.coverage) for t in row] for row in rows]

    def measure(self, cells: list[list[str]], numeric: list[bool]) -> tuple[list[float], list[float]]:
        st = self.styles
        mins, prefs = [], []
        for j, is_figure in enumerate(numeric):
            head = cells[0][j]
            body = [row[j] for row in cells[1:]]
            head_min = _longest_word(head, st.head.fontName, st.head.fontSize)
            head_pref = stringWidth(head, st.head.fontName, st.head.fontSize)
            full = [stringWidth(t, st.cell.fontName, st.cell.fontSize) for t in body]
            if is_figure:
                need = max([head_min, *full])
            else:
                need = max([head_min, *(_longest_word(t, st.cell.fontName, st.cell.fontSize) for t in body)])
            mins.append(need + 2 * PAD_X + FIT)
            prefs.append(max([need, head_pref, *full]) + 2 * PAD_X + FIT)
        return mins, prefs

    def table(self, block: StatsTable, cells: list[list[str]], numeric: list[bool], widths: list[float]) -> Table:
        st, c = self.styles, self.colors
        esc = self.markup.text
        data = [[Paragraph(esc(t), st.head_figure if n else st.head) for t, n in zip(cells[0], numeric)]]
        data += [
            [Paragraph(esc(t), st.cell_figure if n else st.cell) for t, n in zip(row, numeric)] for row in cells[1:]
        ]
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), st.cell.fontName),
                    ("BACKGROUND", (0, 0), (-1, 0), c.brand),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, c.tint]),
                    ("LINEBELOW", (0, -1), (-1, -1), 0.8, c.brand),
                    ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                    ("VALIGN", (0, 1), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
                    ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
                    ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y + 0.6),
                ]
            )
        )
        return table

    def place(self, block: StatsTable) -> Placement:
        st = self.styles
        cells = self.cells(block)
        numeric = list(block.numeric_columns())
        mins, prefs = self.measure(cells, numeric)
        caption = Paragraph(self.markup.text(block.caption), st.caption)
        source = Paragraph(f"{self.markup.text(self.source_label)}: {self.markup.text(block.source)}", st.source)
        caption.spaceBefore = st.body.leading * 0.9
        source.spaceAfter = st.body.leading * 0.9
        if sum(mins) > self.column + 0.01 and self.body > self.column and sum(mins) <= self.body:
            table = self.table(block, cells, numeric, column_widths(mins, prefs, numeric, self.body))
            stack = Stack([caption, table, source], space_after=source.spaceAfter)
            _, height = stack.wrap(self.body, BIG)
            if height <= self.body_height * 0.55:
                return Placement("float", [stack], height)
            return Placement("pages", [caption, table, source], height)
        table = self.table(block, cells, numeric, column_widths(mins, prefs, numeric, self.column))
        _, cap_h = caption.wrap(self.column, BIG)
        _, table_h = table.wrap(self.column, BIG)
        _, source_h = source.wrap(self.column, BIG)
        whole = cap_h + st.caption.spaceAfter + table_h + st.source.spaceBefore + source_h
        if whole <= self.body_height * 0.4:  # a short table is never split
            return Placement(
                "column", [Deferrable(KeepTogether([caption, table, source]), whole + caption.spaceBefore)]
            )
        # A long one keeps its caption with the header row and three rows of figures.
        need = cap_h + st.caption.spaceAfter + sum(table._rowHeights[:4]) + caption.spaceBefore
        return Placement("column", [NeedSpace(need), caption, table, source])
