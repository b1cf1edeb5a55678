"""Statistics tables as "key figures": caption, brand header row, right-aligned figures, source note;
and plain tables (text only, an optional caption), set by the same rules in the same look.

The width rule (also in the README):

1. Each column is measured. A figure column needs its widest part before the
   decimal point beside its widest part after it (figures never wrap, and line
   up on the point) and its header's longest word; a text column needs its
   longest word. Each column would also like its longest cell on one line.
2. If the needs fit the text column, the table is set across the column:
   figure columns get their liking first, text columns share the rest.
3. Otherwise, on a page of several columns, the table spans all columns: it
   floats to the top of the next page (or, when taller than about half a page,
   gets full-width pages of its own; its last rows, when they take no more
   than a float, are a band over the columns of the page after them: layout.py).
4. If the needs do not fit that width either, the table's type and padding are
   set smaller, down to MIN_TABLE_SCALE of the style's size. Figures that do not
   stand whole even then wrap before their words (formatting.loosened), in type as
   large as that allows; beyond that the columns are scaled down in proportion and
   cells wrap, breaking long words. Every column keeps room for a glyph inside its
   padding, so a table of any number of columns is set, and a table never
   overflows its column or page.

The header row repeats on every column or page a table continues onto. A row
taller than a page (a long text in a narrow column) is split across pages.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from ...formatting import PrintedCell, has_words, loosened, source_lead, table_parts, whole
from ...model import Run, Runs, StatsTable, TextCell
from ...model import Table as TableBlock
from ...styles import Labels
from ..base import MIN_TABLE_SCALE
from ..nobreak import keep_together
from .flowables import (
    BIG,
    FLOAT_SHARE,
    TAIL_ROWS,
    Deferrable,
    KeptWhole,
    LongTable,
    NeedSpace,
    Stack,
    TableStack,
    row_heights,
)
from .fonts import Coverage
from .markup import Markup, plain
from .softhyphen import SoftHyphenParagraph
from .typography import Palette, Styles
from .wordcuts import address_pieces, has_address

PAD_X, PAD_Y = 4.0, 2.6
# A word exactly as wide as its cell can still be broken by ReportLab's line breaker
# (its sums of glyph widths round differently from stringWidth): measures get this margin.
FIT = 0.5
LONG_TABLE = 200  # body rows: a table of more is a LongTable, set in time linear in its rows
_BREAKABLE = re.compile("[ \t\n\r\u2000-\u200b\u3000]+")  # not the no-break spaces of "1,000 MW"
# A table's header row and body, each cell as printed and cut where a figure column lines figures up
# (formatting.figure_parts): ("1,000", ".50 MW"); a header or a text cell whole: "Turnout", "n/a".
Cells = list[list[PrintedCell]]
# A table's header row and body, each cell its runs (a figure as printed): measured and set run by run,
# in each run's face.
Grid = list[list[Runs]]
# Each column's least and liked width, and its header's liked width (TableMaker.measure).
Measures = tuple[list[float], list[float], list[float]]


@dataclass(frozen=True)
class Setting:
    """The type and padding a table is set in: the style's, or smaller for a table too wide for it."""

    head: ParagraphStyle
    head_figure: ParagraphStyle
    cell: ParagraphStyle
    cell_figure: ParagraphStyle
    pad_x: float = PAD_X
    pad_y: float = PAD_Y

    @classmethod
    def of(cls, styles: Styles) -> Setting:
        return cls(styles.head, styles.head_figure, styles.cell, styles.cell_figure)

    def scaled(self, scale: float) -> Setting:
        def smaller(style: ParagraphStyle) -> ParagraphStyle:
            size, leading = style.fontSize * scale, style.leading * scale
            return ParagraphStyle(f"{style.name}_{scale:.2f}", parent=style, fontSize=size, leading=leading)

        return Setting(
            smaller(self.head),
            smaller(self.head_figure),
            smaller(self.cell),
            smaller(self.cell_figure),
            self.pad_x * scale,
            self.pad_y * scale,
        )


@dataclass(frozen=True)
class Placement:
    """How a table is set: "column" (in the flow), "float" (full width, top of next page), "pages" (own pages)."""

    kind: str
    flowables: list[Flowable]
    height: float = 0.0


def _run_widths(runs: Runs, style: ParagraphStyle, coverage: Coverage) -> tuple[float, float]:
    """The longest word and the whole line of a cell's runs, each run in its face of the style's family
    (a word may run across runs: "**Baku**,"); an address's longest piece between its cuts (a trial's
    address of 90 characters set its table at 60 % and was cut between letters all the same)."""
    family, bold, italic = ps2tt(style.fontName)
    longest = word = line = 0.0
    for run in runs:
        font = tt2ps(family, int(bold or run.strong), int(italic or run.emphasis))  # type: ignore[arg-type]
        text = plain(run.text, coverage)
        addressed = has_address(text)
        for i, piece in enumerate(_BREAKABLE.split(text)):
            for j, cut in enumerate(address_pieces(piece) if addressed else (piece,)):
                if i or j:
                    longest, word = max(longest, word), 0.0
                word += stringWidth(cut, font, style.fontSize)
        line += stringWidth(text, font, style.fontSize)
    return max(longest, word), line


def _cell(markup: str, runs: Runs, style: ParagraphStyle) -> Paragraph:
    """A cell's paragraph: one holding an address breaks it at its cuts, where _run_widths measured it
    (SoftHyphenParagraph), not between letters."""
    held = any(has_address(run.text) for run in runs)
    return SoftHyphenParagraph(markup, style) if held else Paragraph(markup, style)


def _loosened(runs: Runs) -> Runs:
    """A figure cell's runs, loosened (formatting.loosened)."""
    return tuple(dataclasses.replace(run, text=loosened(run.text)) for run in runs)


def _cut_widths(parts: list[tuple[str, str]], style: ParagraphStyle) -> tuple[list[float], list[float]]:
    """The widths of a column's figures before and after the point where they line up."""
    font, size = style.fontName, style.fontSize
    return [stringWidth(h, font, size) for h, _ in parts], [stringWidth(t, font, size) for _, t in parts]


def _share(amount: float, wants: list[float]) -> list[float]:
    total = sum(wants)
    if total <= 0:
        return [0.0] * len(wants)
    return [amount * w / total for w in wants]


def column_widths(
    mins: list[float],
    prefs: list[float],
    numeric: list[bool],
    avail: float,
    least: float = 0.0,
    headers: list[float] | None = None,
) -> list[float]:
    """Widths summing to `avail`: every column its minimum, figures their liking first, then text its
    liking, then a figure column's header its own (`headers`: set on one line), and text the rest. (A
    figure column took the width of "Veränderung zum" for a header that wrapped anyway, while "Wind an
    Land" wrapped in the text column beside it.)

    When the minimums do not fit, each column gets `least` and shares the rest in proportion to
    what it needs beyond that (`least` times the number of columns must fit `avail`).
    """
    if sum(mins) > avail:
        base = min(least, avail / len(mins))
        return [base + w for w in _share(avail - base * len(mins), [max(m - base, 0.0) for m in mins])]
    widths = list(mins)
    extra = avail - sum(mins)
    headed = [max(p, h) for p, h in zip(prefs, headers or prefs)]
    for group, liked in ((numeric, prefs), ([not n for n in numeric], prefs), (numeric, headed)):
        wants = [max(p - w, 0.0) if g else 0.0 for p, w, g in zip(liked, widths, group)]
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
        labels: Labels,
        column: float,
        body: float,
        body_height: float,
    ) -> None:
        self.styles, self.colors, self.markup = styles, colors, markup
        self.language, self.labels = language, labels
        self.column, self.body, self.body_height = column, body, body_height

    def cells(self, block: StatsTable) -> Cells:
        """The header row and the body as printed, each cell cut where its column lines figures up."""
        rows: Cells = [list(block.header_texts), *table_parts(block, self.language)]
        coverage = self.markup.coverage
        return [
            [
                plain(part, coverage) if isinstance(part, str) else (plain(part[0], coverage), plain(part[1], coverage))
                for part in row
            ]
            for row in rows
        ]

    def measure(self, cells: Cells, grid: Grid, numeric: list[bool], setting: Setting | None = None) -> Measures:
        """Each column's least and liked width and its header's liked width: its cells (`grid`) measured
        run by run, in each run's face; a figure column by its figures' parts before and after the point
        (`cells`), its header's liking apart (column_widths grants it after the text columns')."""
        st = setting or Setting.of(self.styles)
        coverage = self.markup.coverage
        mins: list[float] = []
        prefs: list[float] = []
        headers: list[float] = []
        for j, is_figure in enumerate(numeric):
            head_min, head_pref = _run_widths(grid[0][j], st.head, coverage)
            measures = [_run_widths(row[j], st.cell, coverage) for row in grid[1:]]
            words, full = [w for w, _ in measures], [f for _, f in measures]
            if is_figure:  # lined up on the decimal point: the widest part before it and the widest after
                column = [row[j] for row in cells[1:]]
                heads, tails = _cut_widths([part for part in column if not isinstance(part, str)], st.cell)
                # a text ("n/a") is set flush right: it ends where the figures' widest ends
                texts = [
                    stringWidth(part, st.cell.fontName, st.cell.fontSize) for part in column if isinstance(part, str)
                ]
                full = [max(heads, default=0.0) + max(tails, default=0.0), *texts]
            need = max([head_min, *full]) if is_figure else max([head_min, *words])
            mins.append(need + 2 * st.pad_x + FIT)
            prefs.append(max([need, *full] if is_figure else [need, head_pref, *full]) + 2 * st.pad_x + FIT)
            headers.append(head_pref + 2 * st.pad_x + FIT)
        return mins, prefs, headers

    def smaller(
        self, cells: Cells, grid: Grid, numeric: list[bool], avail: float, measured: Measures
    ) -> tuple[Setting, Measures]:
        """The table's setting, in type no smaller than MIN_TABLE_SCALE, and its measures in it: the style's
        own when its `measured` needs fit `avail`, else as much smaller as they need."""
        setting, (mins, _, _) = Setting.of(self.styles), measured
        if sum(mins) <= avail:
            return setting, measured
        # Words and padding scale with the type; FIT does not. Steps of 5%, so that sizes stay round.
        n = len(numeric)
        words = sum(mins) - n * (2 * PAD_X + FIT)
        scale = (avail - n * FIT) / (words + 2 * n * PAD_X)
        setting = setting.scaled(max(MIN_TABLE_SCALE, min(1.0, math.floor(scale * 20) / 20)))
        return setting, self.measure(cells, grid, numeric, setting)

    def fit(
        self,
        cells: Cells,
        grid: Grid,
        numeric: list[bool],
        avail: float,
        measured: Measures,
    ) -> tuple[Setting, list[float], Cells, Grid]:
        """The setting and column widths of a table `avail` points wide (rules 2 and 4), from its measures
        in the style's own setting; and its cells and grid, their figures loosened where even the smallest
        type cannot hold them whole."""
        measured_as = numeric
        setting, (mins, prefs, headers) = self.smaller(cells, grid, measured_as, avail, measured)
        # The figure columns whose figures have words to wrap before (the others keep their figures whole,
        # lined up on the point)
        wordy = [n and has_words(whole(row[j]) for row in cells[1:]) for j, n in enumerate(numeric)]
        if sum(mins) > avail and any(wordy):
            # Figures wrap before their words ("$12,345.6" / "million") rather than inside one, as columns
            # narrowed alike would break them ("millio" / "n"); measured as text, they are set flush right, in
            # type as large as that lets them be.
            cells = [cells[0], *([loosened(whole(p)) if w else p for p, w in zip(row, wordy)] for row in cells[1:])]
            grid = [grid[0], *([_loosened(r) if w else r for r, w in zip(row, wordy)] for row in grid[1:])]
            measured_as = [n and not w for n, w in zip(numeric, wordy)]
            loose = self.measure(cells, grid, measured_as)
            setting, (mins, prefs, headers) = self.smaller(cells, grid, measured_as, avail, loose)
        n = len(numeric)
        if sum(mins) > avail and 4 * setting.pad_x > avail / n:
            # So many columns that the padding would eat them: it takes at most half of each.
            setting = dataclasses.replace(setting, pad_x=avail / n / 4)
            mins, prefs, headers = self.measure(cells, grid, measured_as, setting)
        glyph = stringWidth("0", setting.cell.fontName, setting.cell.fontSize)
        widths = column_widths(mins, prefs, numeric, avail, 2 * setting.pad_x + FIT + glyph, headers)
        return setting, widths, cells, grid

    def table(
        self, cells: Cells, grid: Grid, numeric: list[bool], widths: list[float], setting: Setting | None = None
    ) -> Table | LongTable:
        """The table of `grid`'s cells with their inline markup, figures lined up on the point (`cells`);
        a LongTable when it has more than LONG_TABLE rows."""
        st, c = setting or Setting.of(self.styles), self.colors
        # The grid's runs are kept together already (placed() did it before measuring them): not twice.
        # A header's link in the header's own colour: the link colour may be the brand's, its ground.
        on_brand = "#" + c.on_brand.hexval()[2:]
        markup = [
            [self.markup.runs(runs, kept=False, link_color=on_brand if i == 0 else None) for runs in row]
            for i, row in enumerate(grid)
        ]
        head = [_cell(m, runs, st.head_figure if n else st.head) for m, runs, n in zip(markup[0], grid[0], numeric)]
        body = [
            [_cell(m, runs, st.cell_figure if n else st.cell) for m, runs, n in zip(*rows, numeric)]
            for rows in zip(markup[1:], grid[1:])
        ]
        aligned: dict[int, list[tuple[int, float]]] = {}  # row -> (column, right padding)
        for j, i, pad in self.decimal_alignment(cells, numeric, widths, st):
            aligned.setdefault(i, []).append((j, pad))

        def part(a: int, b: int) -> Table:
            """The header row and body rows a to b (exclusive), lined up as in the whole table; its stripes
            start again under the header row, as in each part of a Table that ReportLab splits."""
            table = Table([head, *body[a:b]], colWidths=widths, repeatRows=1, hAlign="LEFT")
            table.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, -1), st.cell.fontName),
                        ("BACKGROUND", (0, 0), (-1, 0), c.brand),
                        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, c.tint]),
                        *([("LINEBELOW", (0, -1), (-1, -1), 0.8, c.brand)] if b == len(body) else []),
                        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                        ("VALIGN", (0, 1), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), st.pad_x),
                        ("RIGHTPADDING", (0, 0), (-1, -1), st.pad_x),
                        ("TOPPADDING", (0, 0), (-1, -1), st.pad_y),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), st.pad_y + 0.6),
                        *(  # body row i - 1 of the whole is row i - a of this one
                            ("RIGHTPADDING", (j, i - a), (j, i - a), pad)
                            for i in range(a + 1, b + 1)
                            for j, pad in aligned.get(i, ())
                        ),
                    ]
                )
            )
            return table

        return LongTable(part, len(body)) if len(body) > LONG_TABLE else part(0, len(body))

    @staticmethod
    def decimal_alignment(
        cells: Cells, numeric: list[bool], widths: list[float], st: Setting
    ) -> list[tuple[int, int, float]]:
        """The right padding (column, row, padding) that lines a figure column up on the decimal point:
        each figure is set right, and one with a shorter part after the point ("1,000" under "92.12%") is
        padded by the difference; a text ("n/a") stays flush right. A column too narrow to hold the widest
        of both parts side by side stays simply right-aligned."""
        padding: list[tuple[int, int, float]] = []
        for j, is_figure in enumerate(numeric):
            figures = [(i, part) for i, row in enumerate(cells[1:], start=1) if not isinstance(part := row[j], str)]
            if not is_figure or not figures:
                continue
            heads, tails = _cut_widths([part for _, part in figures], st.cell)
            widest = max(tails)
            if max(heads) + widest + 2 * st.pad_x + FIT > widths[j]:
                continue
            for (i, _), tail in zip(figures, tails):
                if widest - tail > 0.01:
                    padding.append((j, i, st.pad_x + widest - tail))
        return padding

    def split_tall_rows(self, table: Table | LongTable) -> Table | LongTable:
        """The wrapped table, let split inside a row that cannot fit a page under the header row (a long
        text in a narrow column), which would otherwise stop the layout: a LongTable becomes one Table
        then, as ReportLab splits a row only inside a Table. Others keep every row whole."""
        heights = row_heights(table)
        if len(heights) > 1 and heights[0] + max(heights[1:]) > self.body_height * 0.9:
            if isinstance(table, LongTable):
                whole = table.part(0, table.rows)
                whole.spaceBefore, whole.spaceAfter = table.getSpaceBefore(), table.getSpaceAfter()
                whole.wrap(table.width, BIG)
                table = whole
            table.splitInRow = 1
        return table

    def place(self, block: StatsTable) -> Placement:
        st = self.styles
        cells = self.cells(block)
        numeric = list(block.numeric_columns())
        caption = SoftHyphenParagraph(self.markup.runs(block.caption), st.caption)
        # The notes and the source below the table, in the source's small type: the notes as written.
        notes = [SoftHyphenParagraph(self.markup.runs(note), st.source) for note in block.notes]
        label = self.markup.text(source_lead(self.labels, block, self.language))
        source = SoftHyphenParagraph(f"{label}{self.markup.runs(block.source)}", st.source)
        # Headers and text cells with their inline markup, figures as printed.
        grid = [
            [*block.headers],
            *(
                [c.runs if isinstance(c, TextCell) else (Run(whole(t)),) for c, t in zip(row, printed)]
                for row, printed in zip(block.rows, cells[1:])
            ),
        ]
        return self.placed([caption], cells, grid, numeric, [*notes, source])

    def place_plain(self, block: TableBlock) -> Placement:
        """A plain table: set as a stats table of text columns is, its cells' inline markup kept."""
        grid = [list(block.headers), *(list(row) for row in block.rows)]
        above = [SoftHyphenParagraph(self.markup.runs(block.caption), self.styles.caption)] if block.caption else []
        return self.placed(above, [], grid, [False] * len(block.headers), [])  # no figures to cut at the point

    def placed(
        self, above: Sequence[Flowable], cells: Cells, grid: Grid, numeric: list[bool], below: Sequence[Flowable]
    ) -> Placement:
        """How a table with its caption (`above`: none or one) and what goes under it is set (rules 2 to 4);
        `cells` holds the figures cut at the point, read for the `numeric` columns only."""
        st = self.styles
        # Dates, figures with their units and (where the language asks) a one-letter word with the next are
        # kept together in cells as in the text, before the columns are measured: "Изм. к" / "2019" left
        # the preposition at a line's end.
        grid = [[self.kept(runs) for runs in row] for row in grid]
        measured = self.measure(cells, grid, numeric)
        space = st.body.leading * 0.9  # above the caption (or the table), below the source (or the table)
        if sum(measured[0]) > self.column + 0.01 and self.body > self.column:
            setting, widths, cells, grid = self.fit(cells, grid, numeric, self.body, measured)
            table = self.table(cells, grid, numeric, widths, setting)
            first, last = (above or [table])[0], (below or [table])[-1]
            first.spaceBefore, last.spaceAfter = space, space
            stack = Stack([*above, table, *below], space_after=space)
            _, height = stack.wrap(self.body, BIG)
            table = self.split_tall_rows(table)  # a row taller than a page: the table is taller than a float
            if height <= self.body_height * FLOAT_SHARE:
                return Placement("float", [stack], height)
            # On pages of its own, after the tables still waiting, its caption goes with the header row and
            # three rows, as a long table's in a column does.
            need = self.keep_with_caption(
                self.caption_height(above, self.body), table, space, self.below_height(below, self.body)
            )
            return Placement("pages", [NeedSpace(need), *above, self.with_below(table, below)], height)
        setting, widths, cells, grid = self.fit(cells, grid, numeric, self.column, measured)
        table = self.table(cells, grid, numeric, widths, setting)
        first, last = (above or [table])[0], (below or [table])[-1]
        first.spaceBefore, last.spaceAfter = space, space
        head = self.caption_height(above, self.column)
        _, table_h = table.wrap(self.column, BIG)
        table = self.split_tall_rows(table)
        below_h = self.below_height(below, self.column)
        whole = head + table_h + below_h
        # A long one keeps its caption with the header row and three rows.
        need = self.keep_with_caption(head, table, space, below_h)
        # A short table is never split; nor is one of few rows, kept whole all the same (three rows of long
        # text): when it does not fit in what is left of the column, the text after it fills the column and it
        # opens the next one (such a table moved on alone, and a trial's column stood half empty before it).
        if whole <= self.body_height * 0.4 or (need >= whole and need <= self.body_height):
            return Placement("column", [Deferrable(KeptWhole([*above, table, *below]), whole + space)])
        return Placement("column", [NeedSpace(need), *above, self.with_below(table, below)])

    def kept(self, runs: Runs) -> Runs:
        """A cell's runs, the words each holds that may not part joined by no-break spaces (nobreak.py)."""
        return tuple(
            dataclasses.replace(run, text=keep_together(run.text, self.language)) if run.note is None else run
            for run in runs
        )

    @staticmethod
    def with_below(table: Table | LongTable, below: Sequence[Flowable]) -> Flowable:
        """A long table with its notes and source, which go on with its last rows (flowables.TableStack);
        one with none is cut so too: its last row went on alone under the repeated header (a layout trial)."""
        return TableStack(table, list(below), table.getSpaceBefore(), (below or [table])[-1].getSpaceAfter())

    def caption_height(self, above: Sequence[Flowable], width: float) -> float:
        """The height of a table's caption (`above`: none or one) and the space under it, set `width` wide."""
        return float(sum(p.wrap(width, BIG)[1] + self.styles.caption.spaceAfter for p in above))

    def below_height(self, below: Sequence[Flowable], width: float) -> float:
        """The height of what is set under a table (its notes and source) and the space above each."""
        return float(sum(self.styles.source.spaceBefore + p.wrap(width, BIG)[1] for p in below))

    def keep_with_caption(self, caption: float, table: Table | LongTable, space: float, below: float) -> float:
        """The room a table's caption (`caption` high) needs with its header row and three rows, as the
        table was last wrapped (at the width it is set at); with all of it and what is `below` it (`below`
        high) when that would leave fewer than TAIL_ROWS rows to go on with its notes and source."""
        rows = row_heights(table)
        kept = table.repeatRows + 3  # the header row and three rows
        if len(rows) < kept + TAIL_ROWS:
            return float(caption + sum(rows) + below + space)
        return float(caption + sum(rows[:kept]) + space)
