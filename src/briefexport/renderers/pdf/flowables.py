"""The few flowables ReportLab lacks: a section heading that leaves a bookmark,
a stack of flowables (with an optional rule at its left) that splits between
columns, a conditional column break that cannot loop, the anchor and
barrier of floating wide tables, and a paragraph set in time linear in its length."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeGuard, cast

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepTogether, Table
from reportlab.platypus.doctemplate import ActionFlowable, FrameBreak
from reportlab.platypus.flowables import HRFlowable, PageBreak, _listWrapOn  # type: ignore[attr-defined]
from reportlab.platypus.paragraph import Paragraph, _getFragWords, _processed_frags  # type: ignore[attr-defined]
from reportlab.platypus.paragraph import split as _words  # type: ignore[attr-defined]
from reportlab.platypus.paragraph import strip as _strip  # type: ignore[attr-defined]

from .softhyphen import SoftHyphenParagraph, hand_on, take_frame

BIG = 1e9
RULE_SPACE = 8.0  # a short accent rule above a section heading, and the space under it


class SectionHeading(Flowable):
    """A heading paragraph that, where it is drawn, becomes a named destination, an
    outline entry and the page number its contents entry shows. It never splits."""

    def __init__(
        self,
        paragraph: Paragraph,
        key: str,
        title: str,
        on_draw: Callable[[int], object],
        rule: tuple[Color, float] | None = None,
        level: int = 0,  # in the outline: 0 for a section, 1 for a sub-heading
    ) -> None:
        super().__init__()
        self.paragraph, self.key, self.title, self.on_draw, self.rule = paragraph, key, title, on_draw, rule
        self.level = level
        self.spaceBefore = paragraph.getSpaceBefore()
        self.spaceAfter = paragraph.getSpaceAfter()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        _, self.text_height = self.paragraph.wrap(availWidth, availHeight)
        self.height = self.text_height + (RULE_SPACE if self.rule else 0)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        canv = self.canv
        canv.bookmarkHorizontal(self.key, 0, self.height + self.spaceBefore / 2)
        canv.addOutlineEntry(self.title, self.key, level=self.level)
        self.on_draw(canv.getPageNumber())
        if self.rule:
            color, width = self.rule
            canv.saveState()
            canv.setStrokeColor(color)
            canv.setLineWidth(width)
            y = self.height - width / 2
            canv.line(0, y, min(self.width, 28), y)
            canv.restoreState()
        self.paragraph.drawOn(canv, 0, 0)


class Stack(Flowable):
    """Flowables one above the other, optionally indented behind a vertical rule;
    splits between its children (and inside a splittable child) like a frame does."""

    def __init__(
        self,
        content: list[Flowable],
        indent: float = 0,
        rule: tuple[Color, float] | None = None,
        space_before: float = 0,
        space_after: float = 0,
        keep_last: bool = False,
    ) -> None:
        super().__init__()
        self.content, self.indent, self.rule = content, indent, rule
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self.keep_last = keep_last  # the last child (an attribution) never goes on without two lines before it
        self._sizes: list[tuple[float, float]] = []

    def gap(self, i: int) -> float:
        """The space between child i and the one before it (none before the first: the stack has its own)."""
        if i == 0:
            return 0
        return max(self.content[i - 1].getSpaceAfter(), self.content[i].getSpaceBefore())

    @staticmethod
    def _room(f: Flowable, left: float) -> float:
        """The height a child is offered: all it needs, except that a LongParagraph is offered what is left,
        so that it sets a window of its text taller than that rather than all of it."""
        return max(left, 0.0) if isinstance(f, LongParagraph) else BIG

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        inner = availWidth - self.indent
        self._sizes = []
        used = 0.0
        for i, f in enumerate(self.content):
            used += self.gap(i)
            self._sizes.append(f.wrap(inner, self._room(f, availHeight - used)))
            used += self._sizes[-1][1]
        self.width = availWidth
        self.height = sum(h for _, h in self._sizes) + sum(self.gap(i) for i in range(len(self.content)))
        return self.width, self.height

    def _copy(self, content: list[Flowable], first: bool, last: bool) -> Stack:
        before, after = self.spaceBefore if first else 0, self.spaceAfter if last else 0
        # a part of one child keeps nothing with it: the child before it stayed in the other part
        keep_last = self.keep_last and last and len(content) > 1
        return Stack(content, self.indent, self.rule, before, after, keep_last)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = self._split(availWidth, availHeight)
        frame, geometry = _doc_attr(self, "frame"), _doc_attr(self, "geometry")
        # At the top of a column a band of wide tables shortened, a stack that cannot split there (a quote
        # whose attribution needs two lines of it with it) waits for a full column, as KeptWhole does.
        waits = frame is not None and geometry is not None and frame._atTop and shortened(frame, geometry.body_height)
        return [FrameBreak, self] if not parts and waits else parts

    def _split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        frame = take_frame(self)  # handed on to the child it splits
        inner = availWidth - self.indent
        used = 0.0
        for i, f in enumerate(self.content):
            gap = self.gap(i)
            _, h = f.wrap(inner, self._room(f, availHeight - used - gap))
            if used + gap + h <= availHeight:
                used += gap + h
                continue
            if self.keep_last and i == len(self.content) - 1:
                notes = split_notes(f, inner, availHeight - used - gap, frame)
                if notes:  # they go on from here: the rule has two lines of them under it
                    return self._halves([*self.content[:-1], notes[0]], notes[-1:], FrameBreak in notes)
                before_last = self._split_before_last(inner, frame)
                geometry = _doc_attr(self, "geometry")
                if before_last or geometry is None or used + gap + h <= geometry.body_height:
                    return before_last
                if frame is not None and not frame._atTop and are_notes(f):
                    # Too little room for two lines of them under their rule, nor lines to take along: all go on
                    # to the next column's top, where they part as above (a review found the rule alone at
                    # this column's foot, or drawn against the last line, over a note of 900 words).
                    return []
                # The last child with the lines before it is taller than a column (a footnote of hundreds of
                # words under its section's last paragraph): it goes on from here, under those lines.
            parts: list[Flowable] = []
            if availHeight - used - gap > 0:
                hand_on(frame, f)
                parts = f.split(inner, availHeight - used - gap)
            head = self.content[:i] + parts[:1]
            tail = parts[-1:] + self.content[i + 1 :] if parts else self.content[i:]
            # What keeps with the next (a note's rule, a paragraph of a note kept together) never ends a part:
            # the frame honours keepWithNext between flowables, not between a Stack's children.
            while not parts and head and head[-1].getKeepWithNext():  # type: ignore[no-untyped-call]
                head, tail = head[:-1], [head[-1], *tail]
            if not head or not tail:
                return []
            if self.keep_last and i < len(self.content) - 1 and text_lines(tail[:-1], inner, enough=2) < 2:
                # the attribution would go on with one line
                return self._split_before_last(inner, frame)
            return self._halves(head, tail, FrameBreak in parts)
        return [self]

    def _halves(self, head: list[Flowable], tail: list[Flowable], column_ends: bool) -> list[Flowable]:
        """The stack's two parts; a child that ends the column early (after a whole word, as the page
        turns) ends it for the stack."""
        halves = [self._copy(head, True, False), self._copy(tail, False, True)]
        return [halves[0], FrameBreak, halves[1]] if column_ends else list(halves)

    def _split_before_last(self, inner: float, frame: Frame | None) -> list[Flowable]:
        """Everything fits but the last child: it goes on with the last two lines above it (of the child
        before it, or of the two before that when the last has only one line; of a Stack's last child,
        a quotation's), the rest stays."""
        need, k = 2, len(self.content) - 1
        while k > 0 and need > 0:
            k -= 1
            f = self.content[k]
            leading = text_leading(f.content[-1] if isinstance(f, Stack) and f.content else f)
            if not leading:  # not text: it goes on whole
                break
            _, h = f.wrap(inner, BIG)
            lines = round(h / leading)
            if lines > need:
                hand_on(frame, f)
                parts = f.split(inner, (lines - need + 0.5) * leading)  # mid-line: ReportLab counts whole lines
                if parts:
                    head, tail = [*self.content[:k], parts[0]], [parts[-1], *self.content[k + 1 :]]
                    return self._halves(head, tail, FrameBreak in parts)
                break
            need -= lines
        if k == 0:
            return []
        return [self._copy(self.content[:k], True, False), self._copy(self.content[k:], False, True)]

    def draw(self) -> None:
        canv = self.canv
        if self.rule:
            color, width = self.rule
            canv.saveState()
            canv.setStrokeColor(color)
            canv.setLineWidth(width)
            canv.line(width / 2, 0, width / 2, self.height)
            canv.restoreState()
        y = self.height
        for i, (f, (_, h)) in enumerate(zip(self.content, self._sizes)):
            y -= self.gap(i) + h
            f.drawOn(canv, self.indent, y)


TAIL_ROWS = 2  # a table's last rows, which go on with its notes and source


class TableStack(Stack):
    """A table and what is set under it (its notes and source). A table is cut where a column ends, leaving
    TAIL_ROWS rows or more on each side: its last rows go on together with what is under it (under its
    repeated header row), never one row alone, nor its notes and source alone, at the next column's top;
    and a part too short to leave that many on each side is not cut again (a tail of two rows went on
    as a row under a header, and another)."""

    def __init__(
        self,
        table: Table | LongTable,
        below: list[Flowable],
        space_before: float = 0,
        space_after: float = 0,
        reserve: float = 0,
    ) -> None:
        super().__init__([table, *below], space_before=space_before, space_after=space_after)
        # The room the colophon takes under a table of pages that closes the text: where the rest of the table
        # fits the page and the colophon does not, its last rows go on with the colophon to the next (a trial:
        # the colophon alone on a page after the table's)
        self.reserve = reserve

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        width, height = super().wrap(availWidth, availHeight)
        if self.reserve and height <= availHeight < height + self.reserve and self._tail_goes_on(height):
            return width, availHeight + 1  # more than the frame has: it splits the table (_split)
        return width, height

    def _tail_goes_on(self, height: float) -> bool:
        """Whether the table, wrapped, can leave TAIL_ROWS rows here and take TAIL_ROWS on to a page that
        holds them, with their header row and what is under them, and the colophon."""
        table = cast(Table | LongTable, self.content[0])
        rows, header = row_heights(table), table.repeatRows
        geometry = _doc_attr(self, "geometry")
        if geometry is None or len(rows) < header + 2 * TAIL_ROWS:
            return False
        return bool(height - sum(rows[header:-TAIL_ROWS]) + self.reserve <= geometry.body_height)

    def _split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        table = cast(Table | LongTable, self.content[0])
        height = self.wrap(availWidth, availHeight)[1]
        if height <= availHeight:
            return super()._split(availWidth, availHeight)  # it fits
        take_frame(self)  # a table ends no word
        table.wrap(availWidth, BIG)
        rows = row_heights(table)
        header = table.repeatRows
        geometry = _doc_attr(self, "geometry")
        if geometry is not None and sum(rows[:header]) + max(rows[header:], default=0) > geometry.body_height:
            return super()._split(availWidth, availHeight)  # a row taller than a page: it splits inside
        if geometry is not None and sum(rows[: header + TAIL_ROWS]) > geometry.body_height:
            # Rows so tall that no page holds TAIL_ROWS of them under the header (a row of 600 points in large
            # type): cut as ReportLab cuts, else no page ever took the table (a layout trial)
            return super()._split(availWidth, availHeight)
        if len(rows) < header + 2 * TAIL_ROWS or availHeight < sum(rows[: header + TAIL_ROWS]):
            if geometry is not None and height > geometry.body_height and availHeight >= sum(rows):
                # Too tall for any column, with rows too few to cut (a short table under a note of a thousand
                # words): the table whole here, its notes going on in the next column.
                return super()._split(availWidth, availHeight)
            return []  # too few rows to leave TAIL_ROWS on each side, or room for fewer here: all of it goes on
        parts = table.split(availWidth, min(availHeight, sum(rows[:-TAIL_ROWS]) + 0.01))
        if len(parts) != 2:
            return []
        first, rest = self._copy([parts[0]], True, False), self._copy([parts[1], *self.content[1:]], False, True)
        # Cut though it fits (wrap): its last rows go on to the next page, with the colophon there.
        return [first, FrameBreak, rest] if self.height <= availHeight else [first, rest]

    def _copy(self, content: list[Flowable], first: bool, last: bool) -> Stack:
        reserve = self.reserve if last else 0
        if not isinstance(content[0], Table | LongTable):
            return super()._copy(content, first, last)
        before, after = self.spaceBefore if first else 0, self.spaceAfter if last else 0
        return TableStack(content[0], content[1:], before, after, reserve)


MEASURED_ROWS = 100  # a LongTable's rows are measured this many at a time


class LongTable(Flowable):
    """A table of many rows (tables.LONG_TABLE), to ReportLab a Table of its header row and the rows one
    column takes. ReportLab splits a Table by making another of all the rows still to come and measuring
    them again, so a table's time grew with the square of its rows (2,000 rows 1.3 s, 8,000 10 s); this one
    measures each row once, a block at a time, and makes a Table of the rows that fit and one more, which
    ReportLab cuts where it would have cut the whole table.

    `part(a, b)` makes the Table of the header row and body rows a to b (exclusive), styled as rows of the
    whole table; the parts of one table share their measures."""

    repeatRows = 1  # as TableStack and keep_with_caption read a Table's

    def __init__(self, part: Callable[[int, int], Table], rows: int, start: int = 0, measures: _Rows | None = None):
        super().__init__()
        self.part, self.rows, self.start = part, rows, start
        self.measures = measures or _Rows()
        self.hAlign = "LEFT"

    @property
    def _rowHeights(self) -> list[float]:  # ReportLab's name, read as a Table's
        heights = self.measures.heights
        return [heights[0], *heights[1 + self.start :]]

    def _measure(self) -> _Rows:
        rows = self.measures
        if not rows.heights:
            for a in range(0, self.rows, MEASURED_ROWS):
                table = self.part(a, min(a + MEASURED_ROWS, self.rows))
                rows.width = table.wrap(BIG, BIG)[0]  # its columns' widths are set
                measured = table._rowHeights  # type: ignore[attr-defined]  # set by wrap(); not in ReportLab's stubs
                rows.heights.extend(measured if a == 0 else measured[1:])
        return rows

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        rows = self._measure()
        self.width, self.height = rows.width, math.fsum(self._rowHeights)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        heights = self._measure().heights
        used, stop = heights[0], self.start
        while stop < self.rows and used <= availHeight:
            used += heights[1 + stop]
            stop += 1
        table = self.part(self.start, min(stop + 1, self.rows))
        table.spaceBefore = self.getSpaceBefore()
        if stop + 1 >= self.rows:
            table.spaceAfter = self.getSpaceAfter()
            return table.split(availWidth, availHeight)
        parts = table.split(availWidth, availHeight)
        if len(parts) != 2:
            return []
        taken = len(parts[0]._cellvalues) - 1  # type: ignore[attr-defined]  # its body rows
        rest = LongTable(self.part, self.rows, self.start + taken, self.measures)
        rest.spaceAfter = self.getSpaceAfter()
        return [parts[0], rest]

    def draw(self) -> None:
        table = self.part(self.start, self.rows)
        table.wrap(self.width, BIG)
        table._drawOn(self.canv)  # type: ignore[attr-defined]  # where this one is: as a Table is drawn


def row_heights(table: Table | LongTable) -> list[float]:
    """A wrapped table's row heights, its header row's first."""
    return table._rowHeights  # type: ignore[union-attr]  # set by wrap(); not in ReportLab's stubs


@dataclass
class _Rows:
    """A LongTable's measures: its width, and the height of its header row and then of each body row."""

    width: float = 0.0
    heights: list[float] = field(default_factory=list)


def text_leading(f: Flowable) -> float:
    """The leading of a paragraph's lines; 0 for a flowable that is not text."""
    return float(getattr(getattr(f, "style", None), "leading", 0.0))


def text_lines(flowables: list[Flowable], width: float, enough: float = float("inf")) -> float:
    """How many lines of text these flowables hold (infinitely many when one of them is not text), counted
    up to `enough`: a long one is set only as far as it needs to be (the rest of a quotation, measured
    whole at each column it was split at, set a quote of thousands of words in quadratic time).
    (balance._lines, by contrast, estimates a height before anything is wrapped.)"""
    lines = 0
    for f in flowables:
        leading = text_leading(f)
        if not leading:
            return float("inf")
        lines += round(f.wrap(width, min(BIG, (enough - lines + 1) * leading))[1] / leading)
        if lines >= enough:
            break
    return lines


def _doc_attr(flowable: Flowable, name: str) -> Any:
    """An attribute of the document being built (its current frame, its deferred blocks), or None."""
    return flowable._doctemplateAttr(name)  # type: ignore[attr-defined]  # Flowable's own, not in its stubs


def tried_anew(flowable: Flowable) -> None:
    """Forget that `flowable` was put off to the next frame. ReportLab marks a flowable that neither fits
    nor splits where it is tried (_postponed) and calls it too large when it fails again; that proves it
    too large only if the second frame gave it all its room, not when blocks set before it there (kept-whole
    blocks that waited for the column, or a page's balanced columns) leave it less."""
    flowable.__dict__.pop("_postponed", None)


FLOAT_GAP = 14.0  # points between a floating table and the columns below it
FLOAT_SHARE = 0.55  # of the body's height, at most, for a wide table to float to a band (else: pages of its own)


class Column(Frame):
    """A frame of text; `turns_page` when the page turns after it (its last column), which a paragraph
    split at its foot reads (softhyphen.py): a reader should not turn the page in the middle of a word.
    `under_band`: a short column under a band of wide tables set across the page's middle (balance.py)."""

    def __init__(
        self, x: float, y: float, width: float, height: float, ident: str, turns_page: bool, under_band: bool = False
    ) -> None:
        super().__init__(x, y, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=ident)
        self.turns_page, self.under_band = turns_page, under_band


# A NeedSpace asks for at most this share of its frame, so that it can never loop; a short frame (a
# balanced column) still gives a heading its two lines.
NEED_SHARE = 0.9
# Of a column: an empty foot this tall is worse than a heading whose kept-whole block opens the next column
GAP_SHARE = 0.1
# The sizes a figure is tried at, set smaller to stay where it is: a band's full-width pictures on their page
# (balance.py), a column's picture in its column (Deferrable)
SHRINK = (0.95, 0.9, 0.85, 0.8, 0.75)


class Mark(Flowable):
    """A flowable that takes no room and draws nothing: it acts when a frame wraps it (makes room, sets
    waiting blocks). Not even the empty save, move and restore ReportLab writes for any flowable drawn:
    the PDF would differ by them with the marks a layout happens to hold."""

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        pass


class NeedSpace(Mark):
    """Start a new column unless `height` points are left; capped so it can never loop. Under a band of
    wide tables, where no column of the page is tall enough for it, start a new page. `least`: a
    heading over a block kept whole and text may also stay where only its text's first lines fit, the
    block opening the next column, rather than leave more than GAP_SHARE of the column empty.
    `through`: a lead-in's, the last item of the list it leads into (FlushDeferred.through)."""

    def __init__(self, height: float, least: float | None = None) -> None:
        super().__init__()
        self.need, self.least = height, least
        self.through: Flowable | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        frame = _doc_attr(self, "frame")
        if frame is None or availHeight >= self.need:
            return 0, 0
        if self.least is not None and availHeight >= max(self.least, frame._height * GAP_SHARE):
            return 0, 0
        # Weighed again where the text goes on: the next column may be short too, under a band of tables
        # across the page's top (but for balanced columns, measured to hold what they hold) or its middle.
        under_band = (_doc_attr(self, "page_floats") and not _doc_attr(self, "balanced")) or getattr(
            frame, "under_band", False
        )
        # What the next column must hold: with `least`, the heading and its text's first lines will do there
        # too (a tall picture opening a section under a band sent the heading a page on, not a column).
        smallest = self.need if self.least is None else min(self.need, max(self.least, frame._height * GAP_SHARE))
        if under_band and frame._height * NEED_SHARE < smallest <= _doc_attr(self, "geometry").body_height * NEED_SHARE:
            frame.add_generated_content(PageBreak(), NeedSpace(self.need, self.least))
        elif availHeight < frame._height * NEED_SHARE:
            frame.add_generated_content(FrameBreak, NeedSpace(self.need, self.least))
        return 0, 0


class FloatAnchor(ActionFlowable):
    """Where a wide table stands in the text: it takes a band across the top of this page if
    nothing is on the page yet, else of the next page."""

    def __init__(self, block: Stack, height: float) -> None:
        super().__init__()
        self.block, self.block_height = block, height

    def apply(self, doc: object) -> None:
        doc.place_float(self.block, self.block_height)  # type: ignore[attr-defined]


class FlushFloats(Mark):
    """Set waiting wide tables here, in the flow (on full-width pages, before a table of their own)."""

    def __init__(self, queue: list[tuple[Flowable, float]]) -> None:
        super().__init__()
        self.queue = queue

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        frame = _doc_attr(self, "frame")
        if frame is not None and self.queue:
            frame.add_generated_content(*(block for block, _ in self.queue))
            self.queue.clear()
        return 0, 0


def whole_height(block: Flowable, width: float, canv: Canvas | None) -> float:
    """The height of a block set whole: a KeepTogether's content (its own wrap answers "too tall", to make
    a frame split it), or the flowable's (`canv` None: before a canvas exists, for text and tables)."""
    if isinstance(block, KeepTogether):
        return float(_listWrapOn(block._content, width, canv)[1])  # type: ignore[attr-defined]
    return float((block.wrapOn(canv, width, BIG) if canv is not None else block.wrap(width, BIG))[1])


def shortened(frame: Frame, full: float) -> bool:
    """Whether `frame` is shorter than a full column (`full` points), as a page's columns are under a
    band of wide tables: a taller one will come."""
    return float(frame._height) < full - 0.5  # type: ignore[attr-defined]  # Frame's own, not in its stubs


def stacked_height(flowables: Iterable[Flowable], width: float, canv: Canvas, room: float) -> float:
    """The height of `flowables` set one under another, `width` wide, counted until it passes `room`."""
    height = 0.0
    for f in flowables:
        if height > room:
            break
        if not isinstance(f, Mark | ActionFlowable):
            height += f.getSpaceBefore() + whole_height(f, width, canv) + f.getSpaceAfter()
    return height


def too_tall_for(block: Flowable, frame: Frame, full: float, canv: Canvas) -> bool:
    """Whether a block kept whole is taller than `frame` and a taller frame will come (`shortened`)."""
    return shortened(frame, full) and frame._height < whole_height(block, frame._width, canv)  # type: ignore[attr-defined]


class KeptWhole(KeepTogether):
    """A block kept whole (a short table, a pull quote, a figure in a column) that waits for a column
    tall enough. ReportLab's KeepTogether, not fitting, sets its parts from the next column's top
    whatever that column's height; under a band of wide tables a page's columns are shorter, and the
    parts came apart (a picture without its caption) or were called too large. This one goes on whole
    to the next column, and on from a column's top while a taller column is still to come. A figure
    (`scaled`: it set at a share of its size) is set smaller instead, by up to a share of its height
    (SHRINK), where going on would leave more than GAP_SHARE of the column white under the text."""

    def __init__(self, flowables: list[Flowable], scaled: Callable[[float], KeptWhole] | None = None) -> None:
        super().__init__(flowables)
        self.scaled = scaled

    def split(self, aW: float, aH: float) -> list[Flowable]:
        frame, geometry = _doc_attr(self, "frame"), _doc_attr(self, "geometry")
        if frame is None or geometry is None or whole_height(self, aW, self.canv) <= aH:
            return super().split(aW, aH)
        if (
            not frame._atTop
            and not _doc_attr(self, "carried")  # columns shortened for the last page's sake: keep them so
            and aH > frame._height * GAP_SHARE
            and (smaller := self.smaller(aW, aH, self.canv, spaced=False)) is not None
        ):
            return list(smaller._content)  # type: ignore[attr-defined]  # set as KeepTogether sets it
        if not frame._atTop or too_tall_for(self, frame, geometry.body_height, self.canv):
            return [FrameBreak, self]
        return super().split(aW, aH)  # taller than any column: its parts from this one's top

    def smaller(self, width: float, room: float, canv: Canvas, spaced: bool = True) -> KeptWhole | None:
        """The figure set as large as fits in `room` (SHRINK), its space before in it when `spaced` (not in
        a split's height, which the frame gives less that space), or None."""
        if self.scaled is None:
            return None
        for scale in SHRINK:
            block = self.scaled(scale)
            if whole_height(block, width, canv) + (block._content[0].getSpaceBefore() if spaced else 0.0) <= room:  # type: ignore[attr-defined]
                return block
        return None


def split_notes(notes: Flowable, width: float, room: float, frame: Frame | None) -> list[Flowable]:
    """A section's notes kept with what ends it (a Stack, their rule first: _keep_notes_with_text) split
    `room` down, where the column ends, when their rule has two lines of them under it there and no note is
    parted that is kept together (a short one of several paragraphs: PdfRenderer._note); else nothing.
    Kept whole, a long note left a column up to 95 % white, or a heading alone at a column's foot, its
    section's table and note gone to the next page (a trial of notes-heavy bulletins)."""
    if not are_notes(notes) or room <= 0:
        return []
    if kept_together(notes):
        return []
    hand_on(frame, notes)
    parts = notes.split(width, room)
    if len(parts) < 2 or not isinstance(parts[0], Stack) or text_lines(parts[0].content[1:], width, enough=2) < 2:
        return []
    return parts


def are_notes(flowable: Flowable) -> TypeGuard[Stack]:
    """Whether `flowable` is a section's notes under their rule (PdfRenderer._section_notes)."""
    return isinstance(flowable, Stack) and bool(flowable.content) and isinstance(flowable.content[0], NoteRule)


def kept_together(notes: Stack) -> bool:
    """Whether a section's notes under their rule hold a note kept together (PdfRenderer._note)."""
    return any(f.getKeepWithNext() for f in notes.content[1:])  # type: ignore[no-untyped-call]  # ReportLab's


class KeptWithNotes(KeptWhole):
    """A table or figure kept whole with its section's notes under it (_keep_notes_with_text): the notes go
    on in the next column once their rule has two lines of them under the block (split_notes)."""

    def __init__(self, content: list[Flowable], notes: Stack) -> None:
        super().__init__([*content, notes])
        self.above, self.notes = content, notes

    def parted(
        self, aW: float, aH: float, canv: Canvas | None, frame: Frame | None = None, whole: float | None = None
    ) -> list[Flowable]:
        """The block with the head of its notes (kept whole), then the rest of them, where `aH` holds the
        block and two lines of the notes; else nothing. `frame`: the one splitting it, none for a measure
        (balance.py), which must not see the frame of an earlier setting; `whole`: its height, if known."""
        whole = whole_height(self, aW, canv) if whole is None else whole
        room = aH - (whole - self.notes.wrap(aW, BIG)[1])  # less the block and the space between them
        parts = split_notes(self.notes, aW, room, frame)  # none when the block alone is taller than aH
        return [KeptWhole([*self.above, parts[0]]), *parts[1:]] if parts else []

    def split(self, aW: float, aH: float) -> list[Flowable]:
        frame = self.__dict__.get("_frame")  # left on it for KeepTogether.split below
        whole = whole_height(self, aW, self.canv)
        if whole > aH and (parts := self.parted(aW, aH, self.canv, frame, whole)):
            return [*parts[0]._content, *parts[1:]]  # type: ignore[attr-defined]  # set as KeepTogether sets it
        return super().split(aW, aH)


class Deferrable(Mark):
    """A block kept whole (a short table, a pull quote). When it does not fit in what is left of the
    column, the text after it fills the column and the block opens the next one, as a float would. A
    figure is set smaller instead (KeptWhole.smaller) where the text after it would leave more than
    GAP_SHARE of the column white: a production editor's section opening with a tall chart and a sentence
    left its column 70 % white, the chart a few points too tall for it. Not once a page's columns were
    shortened for the last page's sake (balance._carry, which measured it whole): set smaller, it left the
    colophon alone there."""

    def __init__(self, block: KeptWhole, height: float) -> None:
        super().__init__()
        self.block, self.lead_height = block, height
        # the paragraph after it, and its style if it moves
        self.follower: tuple[Paragraph | LongParagraph, ParagraphStyle] | None = None

    def follow(self, paragraph: Paragraph | LongParagraph, style: ParagraphStyle) -> None:
        """When the block moves on, `paragraph` follows other text and takes `style` (an indented one)."""
        self.follower = (paragraph, style)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        frame = _doc_attr(self, "frame")
        deferred = _doc_attr(self, "deferred")
        if frame is None or deferred is None:
            return 0, 0
        # At a column's top it is set, unless the column is too short for it and a taller one will come.
        full = _doc_attr(self, "geometry").body_height
        at_top = frame._atTop and not too_tall_for(self.block, frame, full, self.canv)
        if availHeight >= self.lead_height or at_top:
            frame.add_generated_content(self.block)
        elif (
            not _doc_attr(self, "carried")
            and self._text_after(availWidth, availHeight) < availHeight - frame._height * GAP_SHARE
            and (smaller := self.block.smaller(availWidth, availHeight, self.canv)) is not None
        ):
            frame.add_generated_content(smaller)
        else:
            deferred.append(self.block)
            if self.follower:
                paragraph, style = self.follower
                paragraph.style = style
        return 0, 0

    def _text_after(self, width: float, room: float) -> float:
        """The height, counted up to `room`, of the text that goes on while the block waits: the story up to
        where the block is set (a FlushDeferred: the section's end, a quote or a table), a lead-in and its
        list on when they fit in what is left (FlushDeferred.passing)."""
        story, height = _doc_attr(self, "story") or [], 0.0
        for at, f in enumerate(story):
            if height > room:
                break
            if isinstance(f, FlushDeferred):
                passing = f.passing(story, at + 1)
                if not passing or height + stacked_height(passing, width, self.canv, room) > room:
                    break
            else:
                height += stacked_height((f,), width, self.canv, room)
        return height


class FlushDeferred(Mark):
    """Blocks still waiting for a column are set here (before the colophon). `through`: the last item of
    the list a lead-in after it leads into; the lead-in and its whole list (with the notes that item may
    go on with: _keep_notes_with_text) are set before the blocks where all fit in what is left of the
    column, and the blocks never come between the two, nor between the items (as a table waiting at the
    next column's top did when the first item alone was let pass). A trial's picture waiting before a
    lead-in and its list ended its column there, a third of it white."""

    def __init__(self, through: Flowable | None = None) -> None:
        super().__init__()
        self.through = through

    def passing(self, story: Sequence[Flowable], start: int) -> Sequence[Flowable]:
        """What of `story` from `start` (right after this mark) may go before the waiting blocks: up to the
        flowable that is or holds `through`; nothing without it."""
        if self.through is not None:
            for at in range(start, len(story)):
                f = story[at]
                if f is self.through or (isinstance(f, Stack) and self.through in f.content):
                    return story[start : at + 1]
        return ()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        frame = _doc_attr(self, "frame")
        deferred = _doc_attr(self, "deferred")
        if frame is None or not deferred:
            return 0, 0
        passing = self.passing(_doc_attr(self, "story") or [], 0)  # the story from the flowable after this one
        if passing and stacked_height(passing, availWidth, self.canv, availHeight) <= availHeight:
            return 0, 0
        frame.add_generated_content(*deferred)
        deferred.clear()
        return 0, 0


class PageBreakUnlessTop(ActionFlowable):
    """A new page, unless nothing has been set on this one yet."""

    def apply(self, doc: object) -> None:
        if not doc.at_page_start():  # type: ignore[attr-defined]
            doc.handle_pageBreak()  # type: ignore[attr-defined]


class FloatBarrier(ActionFlowable):
    """Nothing passes while wide tables wait: a new page is begun so they are set first, and another,
    until none waits (a page's band holds only so many: three of half a page each take three pages)."""

    def __init__(self, queue: list[tuple[Flowable, float]]) -> None:
        super().__init__()
        self.queue = queue

    def apply(self, doc: object) -> None:
        if self.queue:
            doc.handle_pageBreak()  # type: ignore[attr-defined]
            doc.story.insert(0, self)  # type: ignore[attr-defined]  # the story being set: asked again next page


class ToLastColumn(ActionFlowable):
    """Move on to the last frame of the page: the last column, at whose foot the colophon stands, or
    the colophon's own frame under balanced columns. Three columns may leave more than one frame to
    pass: asked again in each until the last."""

    def apply(self, doc: object) -> None:
        frames = doc.pageTemplate.frames  # type: ignore[attr-defined]
        if doc.frame is not frames[-1] and doc.frame in frames:  # type: ignore[attr-defined]
            doc.handle_frameEnd()  # type: ignore[attr-defined]
            doc.story.insert(0, self)  # type: ignore[attr-defined]


class SetBand(ActionFlowable):
    """Draw a band of wide tables across this page, each block by the height of its foot: where the text
    reaches it (at the end of the section whose columns are above it), so that whatever it draws and
    bookmarks comes after that section's text and before the next's."""

    def __init__(self, band: tuple[tuple[Flowable, float], ...]) -> None:
        super().__init__()
        self.band = band

    def apply(self, doc: object) -> None:
        doc.draw_band(self.band)  # type: ignore[attr-defined]


class ToFrame(ActionFlowable):
    """Move on to `frame` of this page (the first column under a band of wide tables across the page's
    middle): the text above the band ends here. Asked again in each frame passed, until that one."""

    def __init__(self, frame: Frame) -> None:
        super().__init__()
        self.frame = frame

    def apply(self, doc: object) -> None:
        frames = doc.pageTemplate.frames  # type: ignore[attr-defined]
        if doc.frame is not self.frame and self.frame in frames and doc.frame in frames:  # type: ignore[attr-defined]
            doc.handle_frameEnd()  # type: ignore[attr-defined]
            doc.story.insert(0, self)  # type: ignore[attr-defined]


class Gap(Flowable):
    """Space under the text's end: `height` points, or what the frame has left, and none at a frame's top.
    A Spacer too tall for the rest of a balanced column went on into the colophon's frame below it, and
    pushed the colophon on to a page of its own."""

    def __init__(self, height: float) -> None:
        super().__init__()
        self.gap = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        frame = _doc_attr(self, "frame")
        self.height = 0.0 if frame is not None and frame._atTop else min(self.gap, availHeight)
        return availWidth, self.height

    def draw(self) -> None:
        pass


class FillDown(Flowable):
    """Empty space down to the height `block` takes at the frame's width above its foot, so that
    `block`, which follows, ends at the foot (in a column, or across the page under balanced columns).
    A block taller than a whole column (a long colophon in a narrow one) cannot end at a foot: it is
    set where the text ends, and splits."""

    def __init__(self, block: Flowable) -> None:
        super().__init__()
        self.block = block

    def below(self, width: float) -> float:
        return float(self.block.wrap(width, BIG)[1])

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        below = self.below(availWidth)
        frame = _doc_attr(self, "frame")
        if frame is not None and below > frame._height:  # taller than any column of this frame's
            self.height = 0.0
        else:
            self.height = max(0.0, availHeight - below - 0.01) if availHeight >= below else availHeight + 1
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        pass


# A paragraph of more words than this is set by LongParagraph: a few columns' worth (a column holds
# a few hundred), where ReportLab's own way starts to cost more than a window's.
LONG_PARAGRAPH_WORDS = 1000
# The lines a window sets past the column's last: the line after a break must be known to make the
# break, and ReportLab's widow rule looks at whether one line is left.
LOOKAHEAD_LINES = 4


def flowing(paragraph: Paragraph) -> Paragraph | LongParagraph:
    """`paragraph`, or the same text as a LongParagraph when it is long enough to need one."""
    text, style = paragraph.text or "", paragraph.style
    if text.count(" ") + text.count("<br/>") < LONG_PARAGRAPH_WORDS:  # words, or lines broken by hand
        return paragraph
    if _processed_frags(paragraph.frags):  # broken into lines already (measured in a table): parsed again
        paragraph = type(paragraph)(text, style)
    frags = paragraph.frags
    if (
        paragraph.bulletText
        or getattr(style, "endDots", None)
        or getattr(style, "shaping", 0)
        or getattr(style, "autoLeading", "") not in ("", "off", None)
        or (getattr(style, "wordWrap", None) or "").upper() in ("CJK", "RTL", "LTR")
        or any(hasattr(f, "cbDefn") or hasattr(f, "backColor") or not hasattr(f, "text") for f in frags)
    ):
        return paragraph  # markup ReportLab sets another way: left to it
    if len(frags) == 1:  # one font throughout: ReportLab breaks a list of words
        words: list[object] = list(_words(_strip(frags[0].text)))
        base = frags[0].clone()
        del base.text
        return LongParagraph(style, base, [], words, 0)
    return LongParagraph(style, None, [], _getFragWords(frags), 0)


@dataclass
class _Window:
    width: float
    height: float
    paragraph: Paragraph
    end: int  # the first word after it


class NoteRule(HRFlowable):
    """The short rule over a section's footnotes: never alone at a column's foot (kept with the first)."""

    def __init__(self, width: float, color: Color, leading: float) -> None:
        super().__init__(
            width=width, thickness=0.5, color=color, spaceBefore=leading * 0.6, spaceAfter=leading * 0.4, hAlign="LEFT"
        )
        self.keepWithNext = True


class LongParagraph(Flowable):
    """A paragraph set a window of words at a time, so that its time grows with its length.

    ReportLab's Paragraph.split gives the text after a column's last line to a new paragraph,
    which breaks all of it into lines again: every column re-breaks everything after it, and a
    paragraph of n words costs n² / (words in a column). This one hands ReportLab only the words
    for the lines that fit in the column and LOOKAHEAD_LINES more; ReportLab splits that window
    as it would the paragraph, and the rest is what it left of the window followed by the words
    not yet given to one. ReportLab breaks lines first-fit, so a line depends only on the words up
    to the one after it: the column's lines are those of the whole paragraph, drawn by ReportLab's
    own Paragraph. The pages are the same (tests compare them). Only one thing differs, and by
    less than a millionth of a point: each time ReportLab breaks a text again, a word it had
    hyphenated is measured 1e-8 pt narrower (paragraph._rejoinSplitFragWords), so in a paragraph
    with several fonts the word spacing of a line with such a word may differ in the sixth decimal.

    The words are ReportLab's own units: for a paragraph in one font, the strings of its word
    list; otherwise its "frag words" (ReportLab's private _getFragWords), the form it splits a
    paragraph into itself.
    """

    def __init__(
        self,
        style: ParagraphStyle,
        base: object | None,
        lead: list[object],
        words: list[object],
        start: int,
        per_line: float = 10.0,
    ) -> None:
        super().__init__()
        self.style = style  # may be changed until it is first wrapped (Deferrable.follow)
        self._base = base  # the paragraph's one frag (words in one font), which a window copies with its words
        self._lead = lead  # what the last window left
        self._words = words  # every word of the paragraph, shared by its pieces
        self._start = start  # the first word no window has had
        self._per_line = per_line  # words in a line, as the last window found
        self._window: _Window | None = None

    def _set(self, width: float, height: float) -> _Window:
        """A Paragraph with enough of the text to fill `height` and LOOKAHEAD_LINES more (or all of it)."""
        w = self._window
        if w is not None and w.width == width and w.height == height and w.paragraph.style is self.style:
            return w
        need = int(min(height, BIG) / self.style.leading) + LOOKAHEAD_LINES
        take = max(0, math.ceil(need * self._per_line * 1.1) + 8 - len(self._lead))
        while True:
            end = min(len(self._words), self._start + take)
            units = self._lead + self._words[self._start : end]
            paragraph = self._paragraph(units)
            paragraph.wrap(width, height)
            lines = len(paragraph.blPara.lines)  # type: ignore[attr-defined]
            self._per_line = len(units) / max(1, lines)
            if end == len(self._words) or lines >= need:
                break
            take += math.ceil((need - lines) * self._per_line * 1.2) + 8
        self._window = _Window(width, height, paragraph, end)
        return self._window

    def _paragraph(self, units: list[object]) -> Paragraph:
        if self._base is not None:
            frag = self._base.clone(words=units)  # type: ignore[attr-defined]
            return SoftHyphenParagraph(None, self.style, frags=[frag])  # type: ignore[arg-type]
        return SoftHyphenParagraph(None, self.style, frags=units)  # type: ignore[arg-type]

    def letters(self) -> int:
        """At least how many letters and spaces are still to be set (each word has one, and a space)."""
        return 2 * (len(self._lead) + len(self._words) - self._start)

    def whole(self) -> Paragraph:
        """All the text still to be set, as the one Paragraph ReportLab's own split would have left here."""
        return self._paragraph(self._lead + self._words[self._start :])

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        window = self._set(availWidth, availHeight)
        # Short of the whole text, the window is taller than the column, so the frame splits it.
        self.width, self.height = window.paragraph.width, window.paragraph.height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        frame = take_frame(self)  # before anything is measured
        window = self._set(availWidth, availHeight)
        self._window = None
        hand_on(frame, window.paragraph)  # the window ends the column after a whole word as the page turns
        parts = window.paragraph.split(availWidth, availHeight)
        if len(parts) < 2:
            return parts  # [] when not even the first lines fit: the frame moves on
        first, rest = parts[0], parts[-1]
        if window.end < len(self._words):  # else the rest is the last of the text, a Paragraph
            text = cast(Paragraph, rest)
            if self._base is not None:  # one frag whose words are those left
                base, lead = text.frags[0], list(text.frags[0].words)
            else:
                base, lead = None, list(text.frags)
            rest = LongParagraph(text.style, base, lead, self._words, window.end, self._per_line)
        return [first, *parts[1:-1], rest]  # a FrameBreak between them where the window ended its column early

    def draw(self) -> None:  # only when all the rest fits: the window is the paragraph
        assert self._window is not None
        self._window.paragraph._drawOn(self.canv)  # type: ignore[attr-defined]
