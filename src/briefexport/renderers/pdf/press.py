"""The print edition's canvas: what --print adds to the canvas every edition is drawn on.

Every colour through the style's inks (inks.Inks, as ReportLab's
enforceColorSpace) and every picture converted to CMYK; solid black (K 100
alone) text and lines set to overprint, so that they leave no white halo on a
tint when the plates shift (what a shop's RIP would otherwise be asked to do);
bookmarks and link
destinations moved by the crop-mark border, as ReportLab already moves link
rectangles but not destinations; blank pages up to a multiple of the style's
pad; and the PDF/X-4 identification (pdfx.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any, Literal

from reportlab.lib.colors import CMYKColor, CMYKColorSep
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from . import pdfx
from .inks import Inks


def overprints(color: Any) -> bool:
    """Whether a colour is solid black alone (K 100, no spot ink), which prints over whatever lies under it."""
    return (
        isinstance(color, CMYKColor)
        and not isinstance(color, CMYKColorSep)
        and (color.cyan, color.magenta, color.yellow, color.black, color.density) == (0, 0, 0, 1, 1)
    )


class Overprinting:
    """Colour setting (a canvas's, a text object's) that turns overprint on for solid black and off for any
    other colour (ExtGState op and OP; OPM 1, so that black's zero C, M and Y leave those plates as they
    are). ReportLab writes a gs operator only where the value changes."""

    _fillColorObj: Any
    _strokeColorObj: Any

    def setFillColor(self, aColor: Any, alpha: Any = None) -> None:
        super().setFillColor(aColor, alpha)  # type: ignore[misc]  # a mixin: the colour setter comes after it
        self._overprint(overprints(self._fillColorObj), stroke=False)

    def setStrokeColor(self, aColor: Any, alpha: Any = None) -> None:
        super().setStrokeColor(aColor, alpha)  # type: ignore[misc]
        self._overprint(overprints(self._strokeColorObj), stroke=True)

    def _overprint(self, on: bool, stroke: bool) -> None:
        canvas: Any = getattr(self, "_canvas", self)  # a text object's canvas, or the canvas itself
        if canvas._formData is not None:  # ReportLab gives a form no ExtGState of its own: its gs would
            return  # name nothing (PrintCanvas.doForm turns overprint off before drawing one)
        if on:
            self.setOverprintMask(1)  # type: ignore[attr-defined]
        (self.setStrokeOverprint if stroke else self.setFillOverprint)(on)  # type: ignore[attr-defined]


class _PrintTextObject(Overprinting, PDFTextObject):
    """The text object the print canvas draws paragraphs with: solid black letters overprint."""


def print_canvas(base: Callable[..., Canvas], inks: Inks, pad: int, seed: str) -> Callable[..., Canvas]:
    """A canvas class for the print edition, made from the renderer's own (layout.canvas_maker)."""

    class PrintCanvas(Overprinting, base):  # type: ignore[valid-type,misc]  # a class made at run time
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            pdfx.identify(self._doc, seed)

        def doForm(self, name: str) -> None:
            # A form inherits the graphics state it is drawn in, and sets no overprint of its own.
            self.setFillOverprint(False)
            self.setStrokeOverprint(False)
            super().doForm(name)

        def beginText(
            self, x: float = 0, y: float = 0, direction: Literal["LTR", "RTL"] | None = None
        ) -> PDFTextObject:
            return _PrintTextObject(self, x, y, direction=direction)

        def bookmarkHorizontal(self, key: str, relativeX: float, relativeY: float, **kw: Any) -> None:
            left, top = self.absolutePosition(relativeX, relativeY)
            shift = self._getCmShift() or 0.0  # the crop-mark border the page's content is moved by
            self.bookmarkHorizontalAbsolute(key, top + shift, left=left + shift, **kw)

        def drawImage(self, image: Any, *args: Any, **kwargs: Any) -> Any:
            with self._knocking_out():
                return super().drawImage(inks.picture(image), *args, **kwargs)

        def drawInlineImage(self, image: Any, *args: Any, **kwargs: Any) -> Any:
            with self._knocking_out():
                return super().drawInlineImage(inks.pixels(image)[0], *args, **kwargs)  # inline: no soft mask

        # An area filled in solid black, and a picture, knock out what lies under them: overprinting, a
        # picture under the area, or a tint under the picture, would show through.
        def rect(self, *args: Any, **kwargs: Any) -> Any:
            with self._knocking_out():
                return super().rect(*args, **kwargs)

        def roundRect(self, *args: Any, **kwargs: Any) -> Any:
            with self._knocking_out():
                return super().roundRect(*args, **kwargs)

        def drawPath(self, *args: Any, **kwargs: Any) -> Any:
            with self._knocking_out():
                return super().drawPath(*args, **kwargs)

        @contextlib.contextmanager
        def _knocking_out(self) -> Iterator[None]:
            """Overprint off (in a saved graphics state) for what is drawn in the block, if it is on."""
            if not self._extgstate.getValue("op"):
                yield
                return
            self.saveState()
            self.setFillOverprint(False)
            try:
                yield
            finally:
                self.restoreState()

        def save(self) -> None:
            if len(self._code):  # the last page, if it is still open
                self.showPage()
            while (self.getPageNumber() - 1) % pad:  # blank pages, marks and boxes only, for the imposition
                self.showPage()
            super().save()

    return PrintCanvas
