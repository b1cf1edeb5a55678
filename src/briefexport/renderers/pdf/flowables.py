"""The few flowables ReportLab lacks: a section heading that leaves a bookmark,
a stack of flowables (with an optional rule at its left) that splits between
columns, a conditional column break that cannot loop, and the anchor and
barrier of floating wide tables."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import ActionFlowable, FrameBreak
from reportlab.platypus.paragraph import Paragraph

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
        on_draw: Callable[[int], None],
        rule: tuple[Color, float] | None = None,
    ) -> None:
        super().__init__()
        self.paragraph, self.key, self.title, self.on_draw, self.rule = paragraph, key, title, on_draw, rule
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
        canv.addOutlineEntry(self.title, self.key, level=0)
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
    ) -> None:
        super().__init__()
        self.content, self.indent, self.rule = content, indent, rule
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self._sizes: list[tuple[float, float]] = []

    def _gap(self, i: int) -> float:
        if i == 0:
            return 0
        return max(self.content[i - 1].getSpaceAfter(), self.content[i].getSpaceBefore())

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        inner = availWidth - self.indent
        self._sizes = [f.wrap(inner, BIG) for f in self.content]
        self.width = availWidth
        self.height = sum(h for _, h in self._sizes) + sum(self._gap(i) for i in range(len(self.content)))
        return self.width, self.height

    def _copy(self, content: list[Flowable], first: bool, last: bool) -> Stack:
        return Stack(content, self.indent, self.rule, self.spaceBefore if first else 0, self.spaceAfter if last else 0)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        inner = availWidth - self.indent
        used = 0.0
        for i, f in enumerate(self.content):
            gap = self._gap(i)
            _, h = f.wrap(inner, BIG)
            if used + gap + h <= availHeight:
                used += gap + h
                continue
            parts = f.split(inner, availHeight - used - gap) if availHeight - used - gap > 0 else []
            head = self.content[:i] + parts[:1]
            tail = parts[1:] + self.content[i + 1 :] if parts else self.content[i:]
            if not head or not tail:
                return []
            return [self._copy(head, True, False), self._copy(tail, False, True)]
        return [self]

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
            y -= self._gap(i) + h
            f.drawOn(canv, self.indent, y)


class NeedSpace(Flowable):
    """Start a new column unless `height` points are left; capped so it can never loop."""

    def __init__(self, height: float) -> None:
        super().__init__()
        self.need = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        frame = self._doctemplateAttr("frame")
        if frame is not None and availHeight < min(self.need, frame._height * 0.5):
            frame.add_generated_content(FrameBreak)
        return 0, 0

    def draw(self) -> None:
        pass


class FloatAnchor(ActionFlowable):
    """Where a wide table stands in the text: it takes a band across the top of this page if
    nothing is on the page yet, else of the next page."""

    def __init__(self, block: Stack, height: float) -> None:
        super().__init__()
        self.block, self.block_height = block, height

    def apply(self, doc: object) -> None:
        doc.place_float(self.block, self.block_height)  # type: ignore[attr-defined]


class FlushFloats(Flowable):
    """Set waiting wide tables here, in the flow (on full-width pages, before a table of their own)."""

    def __init__(self, queue: list[tuple[Flowable, float]]) -> None:
        super().__init__()
        self.queue = queue

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        frame = self._doctemplateAttr("frame")
        if frame is not None and self.queue:
            frame.add_generated_content(*(block for block, _ in self.queue))
            self.queue.clear()
        return 0, 0

    def draw(self) -> None:
        pass


class Deferrable(Flowable):
    """A block kept whole (a short table, a pull quote). When it does not fit in what is left of the
    column, the text after it fills the column and the block opens the next one, as a float would."""

    def __init__(self, block: Flowable, height: float) -> None:
        super().__init__()
        self.block, self.lead_height = block, height
        self.follower: tuple[Paragraph, object] | None = None  # the paragraph after it, and its style if it moves

    def follow(self, paragraph: Paragraph, style: object) -> None:
        """When the block moves on, `paragraph` follows other text and takes `style` (an indented one)."""
        self.follower = (paragraph, style)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        frame = self._doctemplateAttr("frame")
        deferred = self._doctemplateAttr("deferred")
        if frame is None or deferred is None:
            return 0, 0
        if availHeight >= self.lead_height or frame._atTop:
            frame.add_generated_content(self.block)
        else:
            deferred.append(self.block)
            if self.follower:
                paragraph, style = self.follower
                paragraph.style = style
        return 0, 0

    def draw(self) -> None:
        pass


class FlushDeferred(Flowable):
    """Blocks still waiting for a column are set here (before the colophon)."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        frame = self._doctemplateAttr("frame")
        deferred = self._doctemplateAttr("deferred")
        if frame is not None and deferred:
            frame.add_generated_content(*deferred)
            deferred.clear()
        return 0, 0

    def draw(self) -> None:
        pass


class PageBreakUnlessTop(ActionFlowable):
    """A new page, unless nothing has been set on this one yet."""

    def apply(self, doc: object) -> None:
        if not doc.at_page_start():  # type: ignore[attr-defined]
            doc.handle_pageBreak()  # type: ignore[attr-defined]


class FloatBarrier(ActionFlowable):
    """Nothing passes while wide tables wait: a new page is begun so they are set first."""

    def __init__(self, queue: list[tuple[Flowable, float]]) -> None:
        super().__init__()
        self.queue = queue

    def apply(self, doc: object) -> None:
        if self.queue:
            doc.handle_pageBreak()  # type: ignore[attr-defined]


class ToLastColumn(ActionFlowable):
    """Move on to the last column of the page (the colophon stands at the foot of the last one)."""

    def apply(self, doc: object) -> None:
        frames = doc.pageTemplate.frames  # type: ignore[attr-defined]
        if doc.frame is not frames[-1] and doc.frame in frames:  # type: ignore[attr-defined]
            doc.handle_frameEnd()  # type: ignore[attr-defined]


class FillDown(Flowable):
    """Empty space down to `height` above the column's foot, so what follows ends at the foot."""

    def __init__(self, height: float) -> None:
        super().__init__()
        self.below = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.height = max(0.0, availHeight - self.below - 0.01) if availHeight >= self.below else availHeight + 1
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        pass
