"""The print edition's canvas: what --print adds to the canvas every edition is drawn on.

Every colour through the style's inks (inks.Inks, as ReportLab's
enforceColorSpace) and every picture converted to CMYK; bookmarks and link
destinations moved by the crop-mark border, as ReportLab already moves link
rectangles but not destinations; blank pages up to a multiple of the style's
pad; and the PDF/X-4 identification (pdfx.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from . import pdfx
from .inks import Inks


def print_canvas(base: Callable[..., Canvas], inks: Inks, pad: int, seed: str) -> Callable[..., Canvas]:
    """A canvas class for the print edition, made from the renderer's own (layout.canvas_maker)."""

    class PrintCanvas(base):  # type: ignore[valid-type,misc]  # a class made at run time
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            pdfx.identify(self._doc, seed)

        def bookmarkHorizontal(self, key: str, relativeX: float, relativeY: float, **kw: Any) -> None:
            left, top = self.absolutePosition(relativeX, relativeY)
            shift = self._getCmShift() or 0.0  # the crop-mark border the page's content is moved by
            self.bookmarkHorizontalAbsolute(key, top + shift, left=left + shift, **kw)

        def drawImage(self, image: Any, *args: Any, **kwargs: Any) -> Any:
            return super().drawImage(inks.picture(image), *args, **kwargs)

        def drawInlineImage(self, image: Any, *args: Any, **kwargs: Any) -> Any:
            return super().drawInlineImage(inks.pixels(image)[0], *args, **kwargs)  # inline: no soft mask

        def save(self) -> None:
            if len(self._code):  # the last page, if it is still open
                self.showPage()
            while (self.getPageNumber() - 1) % pad:  # blank pages, marks and boxes only, for the imposition
                self.showPage()
            super().save()

    return PrintCanvas
