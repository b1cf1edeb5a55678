"""Balanced columns: on the last page, the colophon in a frame across the text width below them;
on a page whose text ends before a full-width float on the next page; and over a band of a
section's wide tables across the page's middle, the next section's columns under it.

As each body page begins, the document template asks `balance` whether the rest
of the story, up to the EndOfText mark before the colophon, fits this page's columns with the
colophon under them. If it does, the page gets columns only as tall as that rest needs (found by
setting it as the columns would, with wrap and split only: nothing is drawn) and a frame below
them for the colophon (the columns before the last made shorter where the last would otherwise end
more than a line above them: _level). A page whose text must end before the next page, because a wide table's
pages follow or a section ends while its wide table waits for the next page's band, is balanced
the same way, with nothing below its columns. The rest is handed to the columns as it was
measured: kept-whole blocks no longer wait for a column (there is no later one), each must fit a
column whole, and a heading keeps its room for two lines (NeedSpace) and is never measured at a
column's foot, so no column ends with a heading or caption.
When a section ends on the page with wide tables anchored in it and the band they make fits under
its balanced columns, they are set there instead of at the next page's top (_band_under): the page
is not left half empty. The text goes on under the band when that leaves TEXT_UNDER lines of it, or,
when the next section opens there, BELOW_SHARE of a column and its heading's room; else the page
ends after the band. When a heading further on cannot start under the band, the text before it is
balanced there and the heading opens the next page (PageEnd). The columns under a band are balanced as
a page's are, so a section that ends there sets its own wide tables in a band under them in turn. A band
too tall for the room under the columns is cut (_split_under): the blocks that fit there whole, and
the next one's caption, header row and first rows; the rest at the next page's top.
A page of one column is not balanced (its colophon stands at its foot), but it too gives the
last page some text when the colophon would otherwise be left alone there (_carry).
"""

from __future__ import annotations

from itertools import pairwise
from typing import NamedTuple, cast

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepTogether, PageBreak, Paragraph, Spacer, Table
from reportlab.platypus.doctemplate import ActionFlowable, FrameBreak, NextPageTemplate

from .figures import Picture, scaled_figure
from .flowables import (
    BIG,
    FLOAT_GAP,
    GAP_SHARE,
    NEED_SHARE,
    SHRINK,
    TAIL_ROWS,
    Column,
    Deferrable,
    FillDown,
    FloatAnchor,
    FloatBarrier,
    FlushDeferred,
    FlushFloats,
    KeptWithNotes,
    LongParagraph,
    LongTable,
    NeedSpace,
    NoteRule,
    PageBreakUnlessTop,
    SectionHeading,
    SetBand,
    Stack,
    TableStack,
    ToFrame,
    text_leading,
    tried_anew,
    whole_height,
)
from .typography import is_byline, is_note

# A rest of more flowables than this is more than a page: it is not measured at all. A page of three
# columns of one-line list items in the smallest type a style may set holds a few hundred (with the
# markers between blocks); at 60, such a page was never balanced and could leave the colophon alone.
MOST = 600
SLACK = 2.0  # points added to the balanced height, for rounding between measuring and setting
LEVEL = 3  # lines, at most, that the columns before the last are made shorter by, to end level with it
STEP = 2.0  # points: the steps they are made shorter in
GAP = 12.0  # points between the balanced columns and the colophon under them
CARRY = 3  # lines of text, at least, that a column of the last page holds above the colophon
BELOW_SHARE = 0.15  # of a column, at least, left under a band of wide tables for the next section's text
TABLE_UNDER = 0.4  # of a column, at least, under balanced columns for a wide table's pages to begin there
TEXT_UNDER = 3  # lines, at least, left under a band in a section's middle for the section's own text
HEAD_ROWS = 3  # rows, at least, of a band's table kept with its header row and caption where it is cut


class LastPage(NamedTuple):
    """What balance() made of a page's frames: balanced columns (on the last page, over the colophon's
    frame; or over a band of the wide tables of the section they end, and columns for the next section
    under it), or (`carried`) the page's own columns made shorter so that the last page gets some text
    above the colophon."""

    frames: list[Frame]
    carried: bool


class EndOfText(ActionFlowable):
    """Where the text ends and the colophon, `height` points tall across the text width, begins: `gap`
    points under the text's end in a column (under balanced columns, GAP)."""

    def __init__(self, height: float, gap: float) -> None:
        super().__init__()
        self.colophon, self.gap = height, gap

    def apply(self, doc: object) -> None:
        pass


class PageEnd(PageBreak):
    """The end of the text of a page whose next heading needs more room than its columns under a band have
    (_set_under): its columns are balanced, and the heading opens the next page."""


def balance(
    story: list[Flowable],
    frames: list[Frame],
    waiting: list[Flowable],
    canv: Canvas,
    carry: bool = True,
    bands: bool = True,
) -> LastPage | None:
    """The frames of a page whose columns are balanced, with the rest of the text in `story` (after the
    blocks `waiting` for a column) up to where the page must end made ready for them: on the last
    page over the colophon's frame, and when `carry`, this page's own frames made shorter if the rest
    would otherwise leave the colophon (nearly) alone on the next (_carry); when `bands`, with the wide
    tables of a section that ends on this page in a band under its columns when there is room
    (_band_under); or None, leaving all as it was, when the rest is more than this page holds."""
    found = _page_end(story, bool(waiting))
    if found is None:
        return None
    end, colophon = found
    if len(frames) == 1 and colophon is None:
        return None  # one column has nothing to balance
    width = frames[0]._width  # type: ignore[attr-defined]  # Frame's own, not in its stubs
    full = frames[0]._height  # type: ignore[attr-defined]
    # Balanced columns stand GAP over the colophon's frame; one column's colophon follows the text's Gap (a
    # line: measured with GAP, a text ending less than the difference above the colophon pushed it on alone).
    ending = story[end]
    gap = ending.gap if len(frames) == 1 and isinstance(ending, EndOfText) else GAP
    height = full - colophon - gap if colophon is not None else full
    rest: list[Flowable] = list(waiting)
    for f in story[:end]:
        if isinstance(f, FlushDeferred | FloatBarrier):
            continue  # nothing waits for a later column; no wide table waits at a barrier before the end
        if isinstance(f, ActionFlowable | FlushFloats) and not isinstance(f, FloatAnchor):
            return None  # a page break still to come
        if isinstance(f, LongParagraph) and _lines([f], width) > len(frames) * height:
            return None  # a paragraph of pages, unless what is left of it may fit
        rest.append(_as_set(f))
    # A wide table anchored here keeps its place in the story: it takes the next page's band.
    kept = [f for f in rest if not isinstance(f, FloatAnchor)]
    if not kept:
        return None
    if _lines(kept, width) > len(frames) * full:  # surely too long: not worth setting to measure
        return None
    total = sum(_height(f, width, height, canv) + f.getSpaceBefore() + f.getSpaceAfter() for f in kept)
    if total > height * len(frames) or not _fits(kept, width, height, len(frames), canv):
        if not carry or colophon is None:
            return None
        below = next((f.below(width) for f in story[end:] if isinstance(f, FillDown)), colophon)
        above = ending.gap if isinstance(ending, EndOfText) else 0.0
        if not _carry(kept, frames, total, below + above, canv):
            return None
        # set as _carry measured it: a block kept whole that the shorter columns leave for the last page no
        # longer waits there while the text after it fills this one (a section's table went over after its
        # closing paragraph, which the columns had room for)
        _hand_over(story, end, rest, waiting, kept)
        return LastPage(frames, carried=True)
    if len(frames) == 1:
        return None  # one column has nothing to balance: the colophon is set at its foot (FillDown)
    tall = total / len(frames)
    while not _fits(kept, width, tall, len(frames), canv):
        tall += 6.0
        if tall > height:
            return None
    heights = _level(kept, width, min(tall + SLACK, height), height, len(frames), canv)
    heights = _after_first_block(kept, width, heights, canv) or heights
    tall = max(heights)
    top = frames[0]._y2  # type: ignore[attr-defined]
    anchors = [f for f in rest if isinstance(f, FloatAnchor)]
    under = None
    if bands and colophon is None and (anchors or _opens_band(story, end + 1)):
        under = _band_under(story, end, anchors, frames, top - tall, canv)
    if under is not None:
        rest = kept  # their wide tables are set in the band under these columns
    elif colophon is None and not anchors and _ends_with_text(kept):  # no wide block to set before a table
        under = _table_under(story, end, frames, top - tall, canv)
    _hand_over(story, end, rest, waiting, kept)
    columns = [
        Frame(f._x1, top - h, width, h, 0, 0, 0, 0, id=f"balanced{i + 1}")  # type: ignore[attr-defined]
        for i, (f, h) in enumerate(zip(frames, heights, strict=True))
    ]
    if under is not None:
        return LastPage([*columns, *under], carried=False)
    if colophon is None:
        return LastPage(columns, carried=False)
    x0, x1 = frames[0]._x1, frames[-1]._x1 + width  # type: ignore[attr-defined]
    foot = Frame(x0, frames[0]._y1, x1 - x0, top - tall - GAP - frames[0]._y1, 0, 0, 0, 0, id="colophon")  # type: ignore[attr-defined]
    return LastPage([*columns, foot], carried=False)


def _ends_with_text(kept: list[Flowable]) -> bool:
    """Whether the columns end with a paragraph of text: not a heading, a sub-heading or a byline, which never
    end a column (the few lines over a table of pages go with it across the page: PdfRenderer._lead_in)."""
    last = next((f for f in reversed(kept) if not isinstance(f, ActionFlowable | NeedSpace | FlushDeferred)), None)
    return isinstance(last, Paragraph | LongParagraph | Stack) and not is_byline(last)


def _table_under(
    story: list[Flowable], end: int, frames: list[Frame], floor: float, canv: Canvas
) -> list[Frame] | None:
    """Where the page's text ends before a wide table's pages of its own (story[end], a NextPageTemplate, and
    its PageBreak after any FlushDeferred): a frame across the page under its balanced columns (their foot
    at `floor`), where the table begins, when it is TABLE_UNDER of a column or more; the table goes on on
    its own pages. (An annual review's page held two lines of text and nothing else, the table on the pages
    after it.) None otherwise, and when a table that closes the text would leave the colophon alone on a page
    (_keeps_colophon)."""
    at = next((i for i in range(end + 1, len(story)) if not isinstance(story[i], FlushDeferred)), len(story))
    if not (isinstance(story[end], NextPageTemplate) and at + 1 < len(story) and isinstance(story[at], PageBreak)):
        return None
    table = next((i for i in range(at, len(story)) if isinstance(story[i], TableStack | Table | LongTable)), None)
    if table is None or any(isinstance(f, FlushFloats) and f.queue for f in story[at:table]):
        # Wide blocks still waiting are set first, on the table's page: under the columns a figure's credit
        # went on to the next page apart from its picture (a layout trial)
        return None
    bottom, full = frames[0]._y1, frames[0]._height  # type: ignore[attr-defined]
    room = floor - FLOAT_GAP - bottom
    if room < full * TABLE_UNDER:
        return None
    x0, x1 = frames[0]._x1, frames[-1]._x1 + frames[-1]._width  # type: ignore[attr-defined]
    closing = next((i for i in range(at, len(story)) if isinstance(story[i], EndOfText)), len(story))
    closes = not any(isinstance(f, Paragraph | LongParagraph | SectionHeading) for f in story[table:closing])
    if closes and not _keeps_colophon(story[at + 1 : closing], story[closing], x1 - x0, room, full, canv):
        return None
    frame = Column(x0, bottom, x1 - x0, room, "table-under", True)
    story[at] = ToFrame(frame)  # the table is set in it, not on the next page
    return [frame]


def _keeps_colophon(
    flow: list[Flowable], ending: Flowable, width: float, room: float, full: float, canv: Canvas
) -> bool:
    """Whether a table that closes the text (with its lead-in: `flow`), begun in `room` under the columns,
    has the colophon (`ending`, an EndOfText) on its last page: under it in that room, or under what goes
    on to the pages after it. (A table begun under the columns filled the page, and the colophon stood alone on
    the next; a table set on a page of its own left the page before it three quarters white.)"""
    if not isinstance(ending, EndOfText):
        return False
    blocks = [f for f in flow if not isinstance(f, FlushDeferred | FlushFloats)]
    after = blocks[-1].getSpaceAfter()  # the frame keeps the table's space after it, over the colophon
    below = after + ending.gap + ending.colophon
    whole = sum(_height(f, width, BIG, canv) + f.getSpaceBefore() + f.getSpaceAfter() for f in blocks) - after
    if whole <= full:
        # A table that fits a page is not cut here to go on with the colophon (its last rows: TableStack.reserve):
        # it begins here only with the colophon under it, else whole on a page of its own
        return whole + below < room
    used = _filled(blocks, width, [room, *[full] * (2 + int((whole + after) / full))], canv, measure=True)
    if used is None:
        return False
    last = max(i for i, height in enumerate(used) if height > 0)
    return used[last] + below < (full if last else room)


def _level(kept: list[Flowable], width: float, tall: float, height: float, columns: int, canv: Canvas) -> list[float]:
    """The heights of balanced columns: each `tall` (the least height they fit, and SLACK), unless the last
    then ends more than a line above the others (a block that cannot be split, or a paragraph's last lines
    that may not be parted, went over to it whole): then the columns before it shorter, by up to LEVEL
    lines, where that makes them end a line or more nearer each other's level, the nearest, and the last as
    tall as it needs (at most `height`, and no more than a line taller than they were). A one-section brief's
    last page ended its columns three lines apart (41.8 points), a quotation at the second's top: now 21.6,
    two lines of the paragraph before it moved over (one alone may not be)."""
    even = [tall] * columns
    ends = _filled(kept, width, even, canv, measure=True)
    leading = _leading(kept)
    if not ends or max(ends) - min(ends) <= leading:
        return even
    best, spread = even, max(ends) - min(ends) - leading  # a line nearer, at least
    shorter = tall
    while shorter > tall - LEVEL * leading:
        shorter -= STEP
        found = _filled(kept, width, [shorter] * (columns - 1) + [height], canv, measure=True)
        if found and max(found) - min(found) < spread and max(found) <= max(ends) + leading:
            levelled = [shorter] * (columns - 1) + [min(found[-1] + SLACK, height)]
            # The last column cut to what it held at full height must hold it still: a heading's room, more
            # than its heading and table take, let it stand at a full column's foot, not at this one's (a
            # trial's page balanced so set the heading there and its table on the next page).
            if _filled(kept, width, levelled, canv) is None:
                continue
            best, spread = levelled, max(found) - min(found)
    return best


def _after_first_block(kept: list[Flowable], width: float, heights: list[float], canv: Canvas) -> list[float] | None:
    """Three columns or more whose first is taken by one block (a table at the last page's top) that sets
    their height: the columns after it balanced among themselves, shorter. None where that does not hold.
    (A newsletter's last page: the table in the first column, nineteen lines in the second, two in the
    third.)"""
    blocks = [f for f in kept if not isinstance(f, ActionFlowable | FlushDeferred | FlushFloats)]
    if len(heights) < 3 or len(blocks) < 2:
        return None
    tall, leading = max(heights), _leading(blocks)
    first = _height(blocks[0], width, tall, canv) + blocks[0].getSpaceAfter()
    if first < tall - leading:
        return None  # the first column holds more than the block: levelled as it is
    rest = blocks[1:]
    columns = len(heights) - 1
    shorter = sum(_height(f, width, tall, canv) + f.getSpaceBefore() + f.getSpaceAfter() for f in rest) / columns
    while not _fits(rest, width, shorter, columns, canv):
        shorter += STEP
        if shorter > tall - leading:
            return None  # they need nearly as much: no nearer level
    levelled = [tall, *_level(rest, width, min(shorter + SLACK, tall), tall, columns, canv)]
    return levelled if _filled(blocks, width, levelled, canv) is not None else None


def _hand_over(
    story: list[Flowable], end: int, rest: list[Flowable], waiting: list[Flowable], kept: list[Flowable]
) -> None:
    """The story up to `end`, and the blocks `waiting` for a column, replaced by `rest`: as they were measured."""
    story[:end] = rest
    waiting.clear()
    for f in kept:  # measured to fit these columns, whatever failed where they were tried before
        tried_anew(f)


def _band_under(
    story: list[Flowable], end: int, anchors: list[FloatAnchor], frames: list[Frame], floor: float, canv: Canvas
) -> list[Frame] | None:
    """_band_as_set's band under the balanced columns; failing that, with its full-width pictures set
    smaller, by up to a share of their height (SHRINK), where that keeps the band on this page. A figure's
    credit line sent a band to the next page, with the text and colophon under it, and left the page
    before it three-quarters white (a production manager's trial): it missed by four points. A German
    trial's last section's figure, a quarter too tall to share the page with the colophon, went to a last
    page of its own with it and left the page before 45 % white. Failing that too, the blocks of the band
    that fit under the columns at their size are set there, the rest at the next page's top (_split_under)."""
    under = _band_as_set(story, end, anchors, frames, floor, canv)
    opening = end + 2 if _opens_band(story, end + 1) and end + 2 < len(story) else None
    band = [*anchors, *([story[opening]] if opening is not None else [])]
    if under is None and any(_pictures(a) for a in band if isinstance(a, FloatAnchor)):
        under = _shrunk(story, end, anchors, opening, frames, floor, canv)
    if under is not None or not anchors or not isinstance(story[end], FloatBarrier):
        return under
    if _band(anchors, floor)[0] - FLOAT_GAP >= frames[0]._y1:  # type: ignore[attr-defined]
        return None  # the band fits: it is not set here for another reason
    return _split_under(story, end, anchors, frames, floor, between=True)


def _shrunk(
    story: list[Flowable],
    end: int,
    anchors: list[FloatAnchor],
    opening: int | None,
    frames: list[Frame],
    floor: float,
    canv: Canvas,
) -> list[Frame] | None:
    """_band_as_set's band with its full-width pictures (and those of the next section's opening band,
    story[opening]) set smaller, by up to a share of their height (SHRINK), where that keeps it on this page."""
    original = story[opening] if opening is not None else None
    for scale in SHRINK:
        scaled = _scaled(original, scale) if isinstance(original, FloatAnchor) else None
        if opening is not None and scaled is not None:
            story[opening] = scaled
        under = _band_as_set(story, end, [_scaled(a, scale) for a in anchors], frames, floor, canv)
        if under is not None:
            # The next section's band, when it was not set here, goes to the next page's top at its size.
            at = next((i for i, f in enumerate(story) if f is scaled), None) if scaled is not None else None
            if at is not None and original is not None:
                story[at] = original
            return under
    if opening is not None and original is not None:
        story[opening] = original
    return None


def _pictures(anchor: FloatAnchor) -> list[Picture]:
    return [f for f in anchor.block.content if isinstance(f, Picture)]


def _scaled(anchor: FloatAnchor, scale: float) -> FloatAnchor:
    """A copy of a band's block with its pictures `scale` times their size (figures.scaled_figure)."""
    if not _pictures(anchor):
        return anchor
    block = anchor.block._copy(scaled_figure(anchor.block.content, scale), True, True)
    width = anchor.block.width or BIG
    return FloatAnchor(block, block.wrap(width, BIG)[1])


def _band_as_set(
    story: list[Flowable], end: int, anchors: list[FloatAnchor], frames: list[Frame], floor: float, canv: Canvas
) -> list[Frame] | None:
    """The wide tables `anchors` of the section that ends at story[end] (its FloatBarrier), set in a band
    across the page under its balanced columns (whose foot is at `floor`) where the text reaches the
    section's end (SetBand, so that their sub-headings' bookmarks follow the section's), and columns under
    the band for the next section, its text up to where this page must end made ready for them, as
    balance() does: those columns; none, and a page break after the band, when the room left under it is
    less than BELOW_SHARE of a column or than the next section's heading needs. A next section that opens
    with a band of its own (its heading over a wide table) has it set in this band too when both fit,
    its text under them; else this section's tables alone, and the page ends under them. None (the tables
    open the next page, this one ends with the columns) when the next section does not open with text or
    the band does not fit."""
    if not isinstance(story[end], FloatBarrier):
        return None  # a page that ends before full-width pages (NextPageTemplate)
    after = story[end + 1 :]
    if _opens_band(story, end + 1) and len(after) > 1 and isinstance(after[1], FloatAnchor):
        under = _set_under(story, end, [*anchors, after[1]], after[2:], frames, floor, canv)
        if under is not None or not anchors:
            return under
        foot, band = _band(anchors, floor)
        if foot - FLOAT_GAP < frames[0]._y1:  # type: ignore[attr-defined]
            return _split_under(story, end, anchors, frames, floor)
        story[end + 1 : end + 1] = [SetBand(band), PageBreak()]
        return []
    under = _set_under(story, end, anchors, after, frames, floor, canv)
    if under is None and _band(anchors, floor)[0] - FLOAT_GAP < frames[0]._y1:  # type: ignore[attr-defined]
        return _split_under(story, end, anchors, frames, floor)
    return under


def _split_under(
    story: list[Flowable],
    end: int,
    anchors: list[FloatAnchor],
    frames: list[Frame],
    floor: float,
    between: bool = False,
) -> list[Frame] | None:
    """A band too tall for the room under the balanced columns, cut: the first of its blocks that fit there
    whole, and the next one's table split, its caption, header row and first HEAD_ROWS rows or more under
    them, the rest (TAIL_ROWS rows or more, under the repeated header row, with its notes and source) at
    the next page's top with the blocks after it; the page ends under the band. A section's wide table
    left the page before it a fifth empty, or more (a print editor's trial); a section's three tables,
    of which two fitted, all went to the next page and left this one 56 % white (a trial of twelve
    sections: 83 %). Where the next block cannot be cut so (no table, or too little room for its first
    rows), the band ends with the blocks before it. Unless `between` (tried last, after _band_under's
    pictures set smaller), only a band whose last block is cut, all the others whole, is set. None when not
    even the first block's start fits."""
    bottom = frames[0]._y1  # type: ignore[attr-defined]
    width = frames[-1]._x1 + frames[-1]._width - frames[0]._x1  # type: ignore[attr-defined]  # the band's
    fitting = 0  # the blocks that fit whole (fewer than all: the band does not fit)
    while fitting < len(anchors) - 1 and _band(anchors[: fitting + 1], floor)[0] - FLOAT_GAP >= bottom:
        fitting += 1
    foot, band = _band(anchors[:fitting], floor)
    cut, later = anchors[fitting], anchors[fitting + 1 :]
    if later and not between:
        return None
    parts = _split_table_block(cut.block, width, foot - FLOAT_GAP - bottom)
    if parts is None and not between:
        return None
    if parts is not None:
        (head, head_height), (tail, tail_height) = parts
        band = (*band, (head, foot - FLOAT_GAP - head_height))
        later = [FloatAnchor(tail, tail_height), *later]
    elif fitting:
        later = [cut, *later]
    else:
        return None
    # The next page opens with them: a next section opening with a band of its own joins it there (its
    # PageBreakUnlessTop, which would keep the page from taking the band as it begins and being balanced
    # knowing it, is dropped), the FloatBarrier after its band holding its text back while any of them
    # waits; else, with more than one, what the next page's band cannot hold waits, and the next section
    # after it.
    opening = _opens_band(story, end + 1)
    barrier = [FloatBarrier(cast(FloatBarrier, story[end]).queue)] if len(later) > 1 and not opening else []
    story[end + 1 : end + 1 + int(opening)] = [SetBand(band), PageBreak(), *later, *barrier]
    return []


def _split_table_block(
    block: Stack, width: float, room: float
) -> tuple[tuple[Stack, float], tuple[Stack, float]] | None:
    """A band's block (what goes above its table, the table, what goes under it) cut in two inside its
    table, the first part at most `room` tall, each with its height; None when no such cut keeps HEAD_ROWS
    rows with the header and caption and leaves TAIL_ROWS rows to go on."""
    at = next((i for i, f in enumerate(block.content) if isinstance(f, Table)), None)
    if at is None:
        return None
    table = cast(Table, block.content[at])
    table.wrap(width, BIG)
    rows = table._rowHeights  # type: ignore[attr-defined]  # set by wrap(); not in ReportLab's stubs
    header = table.repeatRows
    for kept in reversed(range(header + HEAD_ROWS, len(rows) - TAIL_ROWS + 1)):  # the most rows that fit
        pieces = table.split(width, sum(rows[:kept]) + 0.01)
        if len(pieces) != 2:
            continue
        head = block._copy([*block.content[:at], pieces[0]], True, False)
        head_height = head.wrap(width, BIG)[1]
        if head_height <= room:
            tail = block._copy([pieces[1], *block.content[at + 1 :]], False, True)
            return (head, head_height), (tail, tail.wrap(width, BIG)[1])
    return None


def _band(anchors: list[FloatAnchor], floor: float) -> tuple[float, tuple[tuple[Flowable, float], ...]]:
    """The foot of a band of `anchors` under columns whose foot is at `floor`, and each block's foot."""
    foot = floor
    band = []
    for anchor in anchors:
        foot -= FLOAT_GAP + anchor.block_height
        band.append((anchor.block, foot))
    return foot, tuple(band)


def _set_under(
    story: list[Flowable],
    end: int,
    anchors: list[FloatAnchor],
    after: list[Flowable],
    frames: list[Frame],
    floor: float,
    canv: Canvas,
) -> list[Frame] | None:
    """_band_under's band of `anchors`, with the story `after` it (what follows story[end], less a next
    section's opening band that is one of the anchors)."""
    first = next((f for f in after if not isinstance(f, FlushDeferred | FloatBarrier | NeedSpace)), None)
    if first is None or (isinstance(first, ActionFlowable) and not isinstance(first, EndOfText)):
        return None  # a page break, or a wide table's band or pages, come first
    foot, band = _band(anchors, floor)
    bottom = frames[0]._y1  # type: ignore[attr-defined]
    room = foot - FLOAT_GAP - bottom
    width = frames[0]._width  # type: ignore[attr-defined]
    lower: list[Frame]
    if isinstance(first, EndOfText):  # the last section's tables: the colophon goes under them
        if room < first.colophon:
            return None
        x0, x1 = frames[0]._x1, frames[-1]._x1 + width  # type: ignore[attr-defined]
        lower = [Frame(x0, bottom, x1 - x0, room, 0, 0, 0, 0, id="colophon")]
        story[end + 1 :] = [SetBand(band), ToFrame(lower[0]), *after]
        return lower
    # The room the text under the band needs: BELOW_SHARE of a column and the next section's heading's when
    # that opens there; else the section's own text goes on (a sub-heading's band in its middle), and a few
    # lines of it will do.
    start = after.index(first)
    heading = next((f.need for f in after[:start] if isinstance(f, NeedSpace)), None)
    share = frames[0]._height * BELOW_SHARE  # type: ignore[attr-defined]
    least = TEXT_UNDER * _leading([first]) if heading is None else max(share, heading)
    if room < least:
        if room < 0:
            return None
        # The band fits, the next section does not: the band stays with its section, the page ends under it.
        story[end + 1 :] = [SetBand(band), PageBreak(), *after]
        return []
    below: list[Frame] = [
        Column(f._x1, bottom, width, room, f"below{i + 1}", i == len(frames) - 1, under_band=True)  # type: ignore[attr-defined]
        for i, f in enumerate(frames)
    ]
    # The next heading, when it cannot start in the columns under the band after the text before it (the
    # rest of this section), starts the next page (NeedSpace): that text is balanced under the band.
    stop = next((i for i, f in enumerate(after) if i > start and isinstance(f, NeedSpace)), None)
    if stop is not None and not _starts_under(after[:stop], cast(NeedSpace, after[stop]), below, canv):
        ended = [*after[:stop], PageEnd(), *after[stop:]]
        last = balance(ended, below, [], canv, carry=False, bands=False)
        if last is not None:
            story[end + 1 :] = [SetBand(band), ToFrame(last.frames[0]), *ended]
            return last.frames
    # The text under the band ends on this page too, perhaps: balanced in its turn, or its columns made
    # shorter to give the last page some text above the colophon; when that text ends a section with wide
    # tables of its own, they take a band under its columns in turn (they went to the next page, and left
    # more than half of this one white).
    last = balance(after, below, [], canv)
    if last is None:
        ends = _page_end(after, True)
        if ends is not None and ends[1] is not None:  # the text ends soon after the band, at the colophon
            marks = ActionFlowable | NeedSpace | FlushDeferred
            rest = [_as_set(f) for f in after[: ends[0]] if not isinstance(f, marks)]
            # At the foot of the last column, where it goes when it fits there: as tall as it is set in one.
            height = next((f.below(width) for f in after[ends[0] :] if isinstance(f, FillDown)), ends[1])
            colophon = Spacer(width, _leading(rest) + height + GAP)  # after a line's gap (EndOfText's Gap)
            if (
                _lines(rest, width) <= room * len(below)
                and _fits(rest, width, room, len(below), canv)
                and not (
                    _fits([*rest, colophon], width, room, len(below), canv)
                    # and no heading on the way needs more than a column under the band (NeedSpace: a new page)
                    and all(f.need <= room * NEED_SHARE for f in after[: ends[0]] if isinstance(f, NeedSpace))
                )
            ):
                return None  # it ends on this page, its colophon alone on the next: the band waits a page
    lower = below if last is None else last.frames
    story[end + 1 :] = [SetBand(band), ToFrame(lower[0]), *after]
    return lower


def _starts_under(text: list[Flowable], room: NeedSpace, frames: list[Frame], canv: Canvas) -> bool:
    """Whether the heading whose `room` follows `text` starts in `frames` (columns under a band) after it:
    not when it needs more than such a column (NeedSpace then starts a new page), nor when the text leaves
    too little room for it; True, to leave the page as it is, when a page break or the like comes first."""
    text = [_as_set(f) for f in text if not isinstance(f, FlushDeferred | FloatBarrier)]
    if any(isinstance(f, ActionFlowable) for f in text):
        return True
    width, height = frames[0]._width, frames[0]._height  # type: ignore[attr-defined]
    if room.need <= height * NEED_SHARE and _fits([*text, room], width, height, len(frames), canv):
        return True
    # A heading over a tall block and text starts where its text's first lines fit, the block opening the
    # next column (NeedSpace.least): a tall picture opening a section sent the heading to the next page and
    # left this one 40 % white.
    if room.least is None:
        return False
    least = NeedSpace(max(room.least, height * GAP_SHARE))
    return least.need <= height * NEED_SHARE and _fits([*text, least], width, height, len(frames), canv)


def _as_set(f: Flowable) -> Flowable:
    """A flowable as balanced columns set it: a long paragraph whole (as ReportLab's own Paragraph would
    be), a block kept whole in its place (no later column for it to wait for), and so a heading over one
    needing room for it (its `least` counted on the block opening the next column)."""
    if isinstance(f, LongParagraph):
        return f.whole()
    if isinstance(f, NeedSpace) and f.least is not None:
        return NeedSpace(f.need)
    return f.block if isinstance(f, Deferrable) else f


def _page_end(story: list[Flowable], started: bool) -> tuple[int, float | None] | None:
    """Where the text set from this page's start must end, if within the next MOST flowables: at the
    text's end (EndOfText, with the colophon's height), or before a full-width float that opens the
    next page (None): a wide table's pages (NextPageTemplate), or the band of a wide table anchored
    on this page, which the next section's heading (its FloatBarrier) waits for. `started`: blocks
    are set at this page's top before the story (a wide table anchored first would take this page's
    band instead)."""
    anchored = False
    for i, f in enumerate(story[: MOST + 1]):
        if isinstance(f, EndOfText):
            return i, f.colophon
        if isinstance(f, NextPageTemplate | PageEnd):
            return i, None
        if isinstance(f, FloatAnchor):
            if not started:
                return None
            anchored = True
        elif isinstance(f, FloatBarrier) and (anchored or (started and _opens_band(story, i + 1))):
            return i, None
        elif not isinstance(f, ActionFlowable | NeedSpace | FlushDeferred):
            started = True
    return None


def _opens_band(story: list[Flowable], at: int) -> bool:
    """Whether a section opening with a band of its own (a page's top, unless set under balanced columns)
    starts at story[at]."""
    return at < len(story) and isinstance(story[at], PageBreakUnlessTop)


def _carry(rest: list[Flowable], frames: list[Frame], total: float, colophon: float, canv: Canvas) -> bool:
    """This page's columns made shorter when the rest of the text, `total` points of it in one column,
    would end on this page or a few lines into the next with no room left for the colophon (`colophon`
    points in a column, with the gap over it: without it, a colophon measured to fit 4 points went on
    alone): then the last page holds CARRY lines or more of each column above the
    colophon, never the colophon alone or under a line or two. False (the page as it is) otherwise.

    The columns are shortened by reckoning from `total`: they pack the rest at least that tightly, so
    at least CARRY lines of each go over. Whether the rest ends this soon is found by setting it as
    balance() does (each block in its place, none waiting for a column: never tighter than the page
    will set it), as `total` is not to be trusted there: a block of pages measures as one page."""
    width, full, columns = frames[0]._width, frames[0]._height, len(frames)  # type: ignore[attr-defined]
    leading = _leading(rest)
    room = full * columns
    if total > room + CARRY * leading * columns:
        return False  # the text goes on
    # `total` is packed tighter than the columns set it (a table waiting for the next column leaves a gap):
    # the colophon's room at the last column's foot is found by setting the rest with the colophon after it.
    if total + colophon <= room and _fits([*rest, Spacer(width, colophon)], width, full, columns, canv):
        return False  # room for the colophon at the foot of the last column
    if not _fits(rest, width, full + CARRY * leading, columns, canv):
        return False
    # What goes over is CARRY lines of text: a section's footnotes after it go with them, not for them (a
    # last page held a note and the colophon alone, its text all on the page before).
    notes = 0.0
    for f in reversed(rest):
        if not (isinstance(f, NoteRule) or is_note(f)):
            break
        notes += _height(f, width, full, canv) + f.getSpaceBefore() + f.getSpaceAfter()
    tall = (total - notes - CARRY * leading * columns) / columns
    if tall < full / 2 and notes > CARRY * leading * columns:
        # Too little text before notes longer than what goes over: lines of the notes go over (a trial's last
        # page held the colophon alone, its section's 620 words of notes all on the page before).
        tall = (total - CARRY * leading * columns) / columns
    # The columns so shortened may still hold all of the rest (a trial's last page held the colophon alone,
    # after a page shortened by 39 points that lost nothing): _fits adds the spaces between blocks that a
    # frame overlaps (the larger of one's after and the next's before is all it leaves), so shorter, a line
    # at a time, until the rest does not fit even with those overlaps given back, each column its share
    # (all to each, three columns were shortened a fifth of the page further than they had to be: a review).
    overlaps = sum(min(a.getSpaceAfter(), b.getSpaceBefore()) for a, b in pairwise(rest)) / columns
    # This page keeps at least half of each column, or, where the rest takes less than that, all but what
    # goes over (type so large that the colophon takes half a page: it stood alone after a short last page)
    least = max(min(full / 2, total / columns - CARRY * leading), CARRY * leading)
    while tall - leading >= least and _fits(rest, width, tall + overlaps, columns, canv):
        tall -= leading
    if tall < least or not _fits(rest, width, tall, columns, canv, overflow=True):
        return False  # too little left on this page, or it would end with a heading (left alone there)
    for frame in frames:  # this page's own, still empty: raised from the foot, their tops kept
        top = frame._y2  # type: ignore[attr-defined]
        frame.height, frame.y1 = tall, top - tall  # Frame's geometry setters
        frame._reset()  # type: ignore[attr-defined]
    return True


def _leading(flowables: list[Flowable]) -> float:
    """The leading of the first of `flowables` that is text, else 12 points."""
    return next((text_leading(f) for f in flowables if text_leading(f)), 12.0)


def _lines(flowables: list[Flowable], width: float) -> float:
    """The height of the paragraphs' text at its fewest lines: a glyph is at least a third of an em wide."""
    total = 0.0
    for f in flowables:
        if isinstance(f, Stack):  # a quote: its paragraphs
            total += _lines(f.content, width - f.indent)
            continue
        if isinstance(f, LongParagraph):
            total += f.letters() * f.style.fontSize / 3 / width * f.style.leading
            continue
        style = getattr(f, "style", None)
        frags = getattr(f, "frags", None)
        if style is not None and frags:
            letters = sum(len(getattr(frag, "text", "")) for frag in frags)
            total += letters * style.fontSize / 3 / width * style.leading
    return total


def _height(f: Flowable, width: float, room: float, canv: Canvas) -> float:
    if isinstance(f, KeepTogether):
        return whole_height(f, width, canv)
    if isinstance(f, Stack) and any(isinstance(child, LongParagraph) for child in f.content):
        room = BIG  # else its long paragraph sets only the window the room holds (Stack._room)
    return float(f.wrapOn(canv, width, room)[1])


def _fits(
    flowables: list[Flowable], width: float, height: float, columns: int, canv: Canvas, overflow: bool = False
) -> bool:
    """Whether `flowables` fit `columns` frames `height` tall, split as a frame splits them; a block kept
    whole must fit a column, so that no caption or heading is cut from what it belongs with, and no column
    ends with a heading. With `overflow`, what does not fit goes on to the next page: whether the columns
    of this one are filled so."""
    return _filled(flowables, width, [height] * columns, canv, overflow) is not None


def _filled(
    flowables: list[Flowable],
    width: float,
    heights: list[float],
    canv: Canvas,
    overflow: bool = False,
    measure: bool = False,
) -> list[float] | None:
    """How far down `flowables` fill each of the columns `heights` tall, set as _fits sets them, or None
    when they do not fit; with `measure` only (else the list is empty: a part split at a column's foot
    is not measured again)."""
    queue, heights, used = list(flowables), list(heights), []
    height = heights.pop(0)
    left, top, filled = height, True, 0.0
    last: Flowable | None = None  # the column's last block so far
    while queue:
        f = queue.pop(0)
        if _kept_with_next(f) and queue:
            # ReportLab sets a block kept with the next (a footnotes' rule) and that one as one
            # KeepTogether (BaseDocTemplate.handle_keepWithNext): measured so, or a column it fits by
            # the measure would overflow.
            group = [f]
            while queue and _kept_with_next(group[-1]):
                group.append(queue.pop(0))
            f = KeepTogether(group)
        if f is FrameBreak:  # the column ends (a table's last rows cut to go on with the colophon: TableStack)
            if top:
                continue
            parts: list[Flowable] = []
        elif isinstance(f, NeedSpace):  # a heading's room for itself and its first lines (NeedSpace.wrap)
            if top and f.need > height:
                return None  # columns this short would part a heading from its first lines
            if top or left >= min(f.need, height * NEED_SHARE):
                continue
            parts = []
        else:
            space = 0.0 if top else f.getSpaceBefore()
            needed = _height(f, width, left - space, canv) + space
            if needed <= left:
                filled = height - left + needed
                left, top, last = left - needed - f.getSpaceAfter(), False, f
                continue
            if isinstance(f, KeptWithNotes):  # kept whole, but its notes may go on from under it
                parts = f.parted(width, left - space, canv)
            elif isinstance(f, KeepTogether):
                if top:
                    return None
                parts = []
            else:
                parts = f.splitOn(canv, width, left - space)
            if len(parts) < 2 and top:
                return None  # taller than a column, and it cannot split
            queue[0:0] = parts[1:] if len(parts) > 1 else [f]
            last = parts[0] if len(parts) > 1 else last
            if measure and len(parts) > 1:
                filled = height - left + space + _height(parts[0], width, left - space, canv)
        used.append(filled)
        if _leads(last):
            return None  # a column would end with a heading or byline (its room taken before this page)
        if not heights:
            return (used if measure else []) if overflow else None
        height = heights.pop(0)
        left, top, last, filled = height, True, None, 0.0
    return [*used, filled, *(0.0 for _ in heights)] if measure else []


def _kept_with_next(f: Flowable) -> bool:
    return bool(f.getKeepWithNext())  # type: ignore[no-untyped-call]  # ReportLab's, untyped


def _leads(f: Flowable | None) -> bool:
    """Whether `f` leads into the text after it, so that no column may end with it: a heading, or a
    section's byline (whose style the parts of a split paragraph keep)."""
    return isinstance(f, SectionHeading) or is_byline(f)
