"""Pages: geometry, the document template, the canvas, and text whose value is known only at the end.

Body pages are mirrored (inner margin at the spine) and chosen by page
parity; a page that follows a wide table's anchor gives that table a band
across the top and starts its columns below it. "page N of M" and the cover's
contents page numbers are form XObjects drawn where they belong and written
when the last page is done: one layout pass, no second build.
"""

from __future__ import annotations

import calendar
import datetime as dt
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfdoc import (
    PDFDocument,
    PDFFormXObject,
    PDFImageXObject,
    PDFPage,
    PDFStream,
    PDFString,
    PDFZCompress,
)
from reportlab.pdfbase.pdfutils import asciiBase85Decode  # type: ignore[attr-defined]  # not in its stubs
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, PageTemplate, Table
from reportlab.platypus.doctemplate import BaseDocTemplate, NextPageTemplate
from reportlab.platypus.flowables import PageBreak

from ...formatting import source_date_epoch
from ...styles import PAGE_SIZES_MM, PT_PER_MM, Page
from .balance import balance
from .flowables import (
    BIG,
    FLOAT_GAP,
    FLOAT_SHARE,
    Column,
    FloatAnchor,
    FloatBarrier,
    FlushDeferred,
    LongTable,
    Stack,
    TableStack,
    too_tall_for,
    tried_anew,
)

MM = PT_PER_MM  # points in a millimetre
BAND_SHARE = 0.85  # of the body's height, at most, for the wide tables across the top of a page
BODY_TEMPLATES = ("recto", "verso")
FULL_WIDTH_TEMPLATES = ("contents", "wide")  # contents that overflow the cover; very tall wide tables


@dataclass(frozen=True)
class Geometry:
    width: float
    height: float
    top: float
    bottom: float
    inner: float
    outer: float
    columns: int
    gutter: float
    bleed: float

    @classmethod
    def of(cls, page: Page) -> Geometry:
        width, height = (side * MM for side in PAGE_SIZES_MM[page.size])
        return cls(
            width,
            height,
            page.margin_top * MM,
            page.margin_bottom * MM,
            page.margin_inner * MM,
            page.margin_outer * MM,
            max(1, page.columns),
            page.gutter * MM,
            page.bleed * MM,
        )

    @property
    def body_width(self) -> float:
        return self.width - self.inner - self.outer

    @property
    def body_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def column_width(self) -> float:
        return (self.body_width - self.gutter * (self.columns - 1)) / self.columns

    def left(self, page: int) -> float:
        """The body's left edge: the inner margin on right-hand (odd) pages, the outer on left-hand ones."""
        return self.inner if page % 2 else self.outer

    def frames(self, page: int, band: float = 0.0) -> list[Frame]:
        x0, height = self.left(page), self.body_height - band
        step = self.column_width + self.gutter
        return [
            Column(x0 + i * step, self.bottom, self.column_width, height, f"column{i + 1}", i == self.columns - 1)
            for i in range(self.columns)
        ]

    def full_frame(self, page: int, top: float | None = None, bottom: float | None = None) -> Frame:
        """One frame across the text width, from `top` (default: the top margin) to `bottom` (the bottom margin)."""
        top = top if top is not None else self.height - self.top
        bottom = bottom if bottom is not None else self.bottom
        return Column(self.left(page), bottom, self.body_width, top - bottom, "full", True)


class LateForms:
    """Text drawn now as a named form and written at the end, when the page count is known."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[Callable[[], str], str, float, str]] = {}

    def place(
        self,
        canv: Canvas,
        name: str,
        x: float,
        y: float,
        text: Callable[[], str],
        font: str,
        size: float,
        color: Color,
        align: str = "left",
    ) -> None:
        canv.saveState()
        canv.translate(x, y)
        # The colour is set here, on the page, and the form inherits it: a form with resources of its own
        # (ReportLab's: fonts only) cannot name the page's spot-ink colour space (a print shop's trial).
        canv.setFillColor(color)
        canv.doForm(name)
        canv.restoreState()
        self.entries[name] = (text, font, size, align)

    def fill(self, canv: Canvas) -> None:
        reach = 400.0
        for name, (text, font, size, align) in self.entries.items():
            # ReportLab takes any number for a form's box; its stubs say int.
            canv.beginForm(name, lowerx=-reach, lowery=-size, upperx=reach, uppery=2 * size)  # type: ignore[arg-type]
            canv.setFont(font, size)
            draw = {"left": canv.drawString, "right": canv.drawRightString, "center": canv.drawCentredString}[align]
            draw(0, 0, text())
            canv.endForm()


def timestamp(date: dt.date) -> TimeStamp:
    """The PDF's dates: SOURCE_DATE_EPOCH when set (reproducible builds), else `date` (the bulletin's, or
    its revision's). ValueError when SOURCE_DATE_EPOCH is set to no time (ReportLab would fail on it, or write a year
    of seven digits)."""
    epoch = source_date_epoch()
    stamp = TimeStamp(invariant=1)  # reads SOURCE_DATE_EPOCH too: checked above
    if epoch is not None:
        return stamp
    t = calendar.timegm(date.timetuple())
    stamp.t, stamp.lt = t, time.gmtime(t)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    return stamp


def canvas_maker(
    late: LateForms, stamp: TimeStamp, described: Mapping[str, str] | None = None
) -> Callable[..., Canvas]:
    """The renderer's canvas class. Every link annotation it makes says where it goes (its Contents, a link's
    description to PDF/UA and screen readers; ReportLab's paragraphs give none, or ""): a web or mail link its
    address, a link in the document what `described` says of its destination (a section's numeral and title,
    "Note 3"), else the destination's name."""

    class PdfCanvas(Canvas):
        # Canvas attributes that ReportLab's stubs leave out: the document and the open page's operators.
        _doc: PDFDocument
        _code: list[str]

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = stamp  # type: ignore[attr-defined]  # PDFDocument's own, not in its stubs

        def linkURL(self, url: str, rect: Any, *args: Any, **kw: Any) -> None:
            kw.setdefault("Contents", PDFString(url))
            super().linkURL(url, rect, *args, **kw)

        def linkRect(self, contents: str, destinationname: str, *args: Any, **kw: Any) -> None:
            said = contents or (described or {}).get(destinationname, destinationname)
            super().linkRect(said, destinationname, *args, **kw)

        def save(self) -> None:
            late.fill(self)
            if len(self._code):  # what Canvas.save() would do first: the last page, if it is still open
                self.showPage()
            deflate_only(self._doc)
            super().save()

    return PdfCanvas


def deflate_only(doc: PDFDocument) -> None:
    """Give every page and form of `doc` its content stream now, deflated without ASCII85 on top
    (which makes files a quarter larger and slower to write), and take it off every picture.

    ReportLab makes a page's or form's stream when it writes the file, with the filters the
    process-wide rl_config.useA85 names at that moment; it has no per-document setting. Setting
    rl_config for one save would change every other ReportLab user in the process, and race with
    renders in other threads. A stream made here (as ReportLab makes it with useA85 = 0) is used as
    it is, and the object's compression flag is cleared so that ReportLab does not choose again.
    A picture's stream is made as it is drawn, ASCII85 on top as that setting said: decoded here.
    """
    for obj in list(doc.idToObject.values()):
        if isinstance(obj, PDFPage | PDFFormXObject) and obj.compression and not obj.Contents and obj.stream:
            obj.Contents = PDFStream(content=obj.stream, filters=[PDFZCompress])
            obj.compression = 0
        elif isinstance(obj, PDFImageXObject):
            filters = obj._filters  # type: ignore[attr-defined]  # ReportLab's own, not in its stubs
            if filters[:1] == ("ASCII85Decode",):
                obj.streamContent = asciiBase85Decode(obj.streamContent)
                obj._filters = filters[1:]  # type: ignore[attr-defined]


class BulletinDoc(BaseDocTemplate):
    """Chooses the recto or verso template by page number and gives waiting wide tables their band."""

    # BaseDocTemplate attributes that ReportLab's stubs leave out.
    _hanging: list[Flowable]  # flowables waiting for the next frame
    _curPageFlowableCount: int

    def __init__(self, *args: Any, geometry: Geometry, floats: list[tuple[Flowable, float]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.geometry = geometry
        self.floats = floats
        self.page_floats: list[tuple[Flowable, float]] = []
        self.deferred: list[Flowable] = []  # kept-whole blocks waiting for the next column
        self.last_page = 0
        self.story: list[Flowable] = []
        self.carried = False  # whether a page's columns were made shorter for the last page's sake
        self.balanced = False  # whether this page's columns are balanced (balance.py)

    def handle_pageEnd(self) -> None:
        # A page of wide tables or pictures in its band and no text holds them: ReportLab, counting only what
        # its frames took, halted a section of twelve full-width pictures ("More than 10 pages generated
        # without content").
        self._curPageFlowableCount += len(self.page_floats)
        super().handle_pageEnd()

    def handle_frameBegin(self, resume: int = 0, pageTopFlowables: list[Flowable] | None = None) -> None:
        super().handle_frameBegin(resume, pageTopFlowables)
        # Blocks that waited for a column are set at its top, unless the first is taller than this one
        # and a taller one will come (text fills this one meanwhile).
        if self.deferred and not too_tall_for(self.deferred[0], self.frame, self.geometry.body_height, self.canv):
            self._hanging.extend(self.deferred)
            self.deferred.clear()
            if self.story:  # what was put off to this frame is set under them, not at its top
                tried_anew(self.story[0])

    def build(self, flowables: list[Flowable], *args: Any, **kwargs: Any) -> None:
        self.story = flowables  # what is left of it as pages begin (balance)
        super().build(flowables, *args, **kwargs)

    def handle_pageBegin(self) -> None:
        number = self.page + 1
        self.page_floats = []
        self._table_end_as_band()
        opening = None
        while (taken := self._opening_break()) is not None:  # breaks in a row on an empty page: the last counts
            opening = taken or opening
        if opening:  # the page is the first of those its story's opening break asks for
            self.pageTemplate = self.pageTemplates[self._template_index[opening]]
        if self.pageTemplate.id in BODY_TEMPLATES:
            self.pageTemplate = self.pageTemplates[self._template_index[BODY_TEMPLATES[(number + 1) % 2]]]
            # Every table waiting was anchored on the page before: all of them are set here, as long as
            # a few lines of text are left under them.
            while self.floats and self._band_takes(self.floats[0][1]):
                self.page_floats.append(self.floats.pop(0))
            # Wide tables anchored at the very start of this page's text take its band now, as place_float
            # would when the story reached them: the page is balanced knowing the columns under them (it
            # was not, and a last page that opened with a band could leave the colophon alone).
            while (
                not self.floats
                and not self.deferred
                and not self._hanging
                and self.story
                and isinstance(self.story[0], FloatAnchor)
                and self._band_takes(self.story[0].block_height)
            ):
                anchor = self.story.pop(0)
                assert isinstance(anchor, FloatAnchor)  # as the loop's condition says
                self.page_floats.append((anchor.block, anchor.block_height))
            self.pageTemplate.frames = self.geometry.frames(number, self._band())
            self.balanced = False
            # A page whose text ends here (the last page, or one before a wide table's band or pages):
            # its columns balanced, and the colophon never alone on the last.
            if not self.floats:
                last = balance(self.story, self.pageTemplate.frames, self.deferred, self.canv, not self.carried)
                if last is not None:
                    # Columns made shorter (balance._carry) carry text over to the last page: once, so that
                    # a block too tall for them does not put off the last page for ever.
                    self.carried = self.carried or last.carried
                    self.balanced = not last.carried
                    self.pageTemplate.frames = last.frames
        elif self.pageTemplate.id in FULL_WIDTH_TEMPLATES:
            self.pageTemplate.frames = [self.geometry.full_frame(number)]
        self.last_page = number
        super().handle_pageBegin()

    def _table_end_as_band(self) -> None:
        """On a full-width page that a wide table's own pages go on to: when all that is left of the table
        (its last rows under its header row, its notes and source) takes no more than a float would and
        the text goes back to columns after it, those rows are a band across the top of a page of
        columns, and the text goes on under them. (A communications officer's annex had two rows and a
        source on a page otherwise blank, the next section on the page after.)"""
        if self.pageTemplate.id != "wide" or self.floats or self.deferred or self._hanging:
            return
        acting = self._acting(3)
        if len(acting) < 3:
            return
        (at, rest), (_, template), (_, page_break) = acting
        if not (
            isinstance(rest, TableStack | Table | LongTable)
            and isinstance(template, NextPageTemplate)
            and template.action[1] in BODY_TEMPLATES
            and isinstance(page_break, PageBreak)
        ):
            return
        block = rest if isinstance(rest, TableStack) else Stack([rest])
        _, height = block.wrap(self.geometry.body_width, BIG)
        if height > self.geometry.body_height * FLOAT_SHARE:
            return
        del self.story[acting[2][0]], self.story[acting[1][0]], self.story[at]
        self.story.insert(0, FloatAnchor(block, height))  # taken into this page's band, below
        self.pageTemplate = self.pageTemplates[self._template_index[BODY_TEMPLATES[0]]]

    def _opening_break(self) -> str | None:
        """When the story's first acts on the page now beginning, with nothing waiting to be set on it, are a
        page break (after a switch of page template), take them from the story: the page is the one they
        ask for, not a blank one before it. Returns the template switched to, "" for none, None when the
        story opens with no break. (A statistics annex whose first section opened with a wide table on
        pages of its own left page 2 blank; so did a page whose balanced columns ended its text before
        such a table, and the page between two such tables.) handle_pageBegin takes breaks in a row so: a
        section closing its table's pages and the next opening its own left the page between them blank."""
        if self.floats or self.deferred or self._hanging:
            return None
        acting = self._acting(2)
        head = acting[0][1] if acting else None
        if isinstance(head, NextPageTemplate) and len(acting) == 2 and isinstance(acting[1][1], PageBreak):
            template, taken = str(head.action[1]), acting
        elif isinstance(head, PageBreak):
            template, taken = "", acting[:1]
        else:
            return None
        for at, _ in reversed(taken):
            del self.story[at]
        return template

    def _acting(self, count: int) -> list[tuple[int, Flowable]]:
        """The story's first `count` flowables that do something on a page beginning with nothing waiting
        (marks that flush what waits find nothing to flush), with their places in it."""
        doing = ((i, f) for i, f in enumerate(self.story) if not isinstance(f, FlushDeferred | FloatBarrier))
        return list(islice(doing, count))

    def at_page_start(self) -> bool:
        """Whether nothing has been set on this page yet. Marks (flowables.Mark, no room taken) do not count:
        the first section opening with a wide table left page 2 blank, its FlushDeferred counted as set."""
        if self.frame is not self.pageTemplate.frames[0]:
            return False
        return bool(self.frame._atTop)  # type: ignore[attr-defined]  # Frame's own, not in its stubs

    def _band(self) -> float:
        """The height the wide tables across this page's top take, each with the gap under it."""
        return sum(h + FLOAT_GAP for _, h in self.page_floats)

    def _band_takes(self, height: float) -> bool:
        """Whether a wide table `height` tall joins this page's band: the first always, the others as long
        as a few lines of text are left under them."""
        return not self.page_floats or self._band() + height + FLOAT_GAP <= self.geometry.body_height * BAND_SHARE

    def place_float(self, block: Flowable, height: float) -> None:
        """A wide table's band: on this page when no text is set on it yet (under the tables already in
        its band, if it fits), else queued for the next; nothing is queued behind a waiting table."""
        band = self._band()
        if (
            self.pageTemplate.id in BODY_TEMPLATES
            and self.at_page_start()
            and not self.floats
            and self._band_takes(height)
        ):
            for frame in self.pageTemplate.frames:  # lower the tops of this page's (still empty) columns
                frame.height = frame.height - height - FLOAT_GAP
                frame._y = frame._y2 - frame._topPadding  # type: ignore[attr-defined]  # Frame's own, not in its stubs
            self.page_floats.append((block, height))
            g = self.geometry
            block.drawOn(self.canv, g.left(self.page), g.height - g.top - band - height)
        else:
            self.floats.append((block, height))

    def draw_floats(self, canv: Canvas) -> None:
        g = self.geometry
        x, y = g.left(self.page), g.height - g.top
        for block, height in self.page_floats:
            block.drawOn(canv, x, y - height)
            y -= height + FLOAT_GAP

    def draw_band(self, band: tuple[tuple[Flowable, float], ...]) -> None:
        """Wide tables across this page under its balanced columns, each block by the height of its foot."""
        x = self.geometry.left(self.page)
        for block, foot in band:
            block.drawOn(self.canv, x, foot)

    def addPageTemplates(self, templates: list[PageTemplate] | tuple[PageTemplate, ...] | PageTemplate) -> None:
        super().addPageTemplates(templates)
        self._template_index = {t.id: i for i, t in enumerate(self.pageTemplates)}
