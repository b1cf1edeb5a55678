"""Running header and footer of every page but the cover.

Header: the bulletin's title at the left, the issue label at the right
(style.header templates), over a hairline. Footer: the publisher's address
line as printed (style.footer.text), broken between its parts when it is too
long for one line, with its e-mail and web address as links, and
"page N of M" (style.footer.page) at the outer edge of the page.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ...formatting import fill
from ...model import ADDRESS_SEPARATOR, Bulletin
from ...styles import Style
from ..base import contacts, shortened
from .fonts import Coverage, Faces
from .layout import BulletinDoc, Geometry, LateForms
from .markup import plain
from .typography import Palette

SEPARATOR = ADDRESS_SEPARATOR  # the address line breaks between its parts
HEADER_RAISE = 12.0  # baseline of the running head above the body
FOOTER_DROP = 19.0  # first baseline of the footer below the body


def fit(text: str, font: str, size: float, width: float) -> str:
    """The text, cut with an ellipsis when wider than `width` in `font` at `size` (base.shortened)."""
    return shortened(text, lambda start: stringWidth(start, font, size) <= width)


def address_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` in lines of at most `width`, broken between its " · " parts first, then between words (a
    word wider than `width` is a line of its own); two lines are made as even as the parts allow. Each
    line is a piece of `text` as written, the pieces in order."""
    lines: list[str] = []
    current = ""
    for part in text.split(SEPARATOR):
        candidate = f"{current}{SEPARATOR}{part}" if current else part
        if stringWidth(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for word in part.split(" "):
            candidate = f"{current} {word}" if current else word
            if stringWidth(candidate, font, size) <= width or not current:
                current = candidate
            else:
                lines.append(current)
                current = word
    if current:
        lines.append(current)
    parts = text.split(SEPARATOR)
    if len(lines) == 2 and len(parts) > 1:  # two lines of even length read better than a long and a short one
        splits = [(SEPARATOR.join(parts[:i]), SEPARATOR.join(parts[i:])) for i in range(1, len(parts))]
        fitting = [pair for pair in splits if all(stringWidth(t, font, size) <= width for t in pair)]
        if fitting:
            lines = list(min(fitting, key=lambda pair: max(stringWidth(t, font, size) for t in pair)))
    return lines


def break_line(text: str, font: str, size: float, width: float) -> list[str]:
    """The running footer's lines (address_lines), at most three: what the third cannot hold is cut with an
    ellipsis, never dropped unseen."""
    lines = address_lines(text, font, size, width)
    if len(lines) > 3:
        end = 0
        for line in lines[:2]:
            end = text.index(line, end) + len(line)
        lines = [*lines[:2], text[end:].removeprefix(SEPARATOR).lstrip()]
    return [fit(line, font, size, width) for line in lines]


class Furniture:
    def __init__(
        self,
        bulletin: Bulletin,
        style: Style,
        geometry: Geometry,
        faces: Faces,
        colors: Palette,
        late: LateForms,
        coverage: Coverage,
    ) -> None:
        self.bulletin, self.style, self.g, self.colors, self.late = bulletin, style, geometry, colors, late
        self.font, self.bold, self.size = faces.regular, faces.bold, style.sizes.furniture
        half = geometry.body_width / 2 - 6
        self.plain: Callable[[str], str] = lambda text: plain(text, coverage)
        self.coverage = coverage
        self.left = fit(self.plain(fill(style.header.left, bulletin)), self.bold, self.size, half)
        self.right = fit(self.plain(fill(style.header.right, bulletin)), self.font, self.size, half)
        sample = self.plain(fill(style.footer.page, bulletin, page=888, pages=888))
        self.reserve = stringWidth(sample, self.font, self.size) + 14
        address = self.plain(fill(style.footer.text, bulletin, page="", pages=""))
        self.lines = break_line(address, self.font, self.size, geometry.body_width - self.reserve)
        self.links = [(text, href) for text, href in contacts(bulletin.publisher) if href]

    def page_label(self, number: int, total: int) -> str:
        return self.plain(fill(self.style.footer.page, self.bulletin, page=number, pages=total))

    def draw(self, canv: Canvas, doc: BulletinDoc) -> None:
        g, c = self.g, self.colors
        number = doc.page
        x0, x1 = g.left(number), g.left(number) + g.body_width
        top = g.height - g.top
        canv.saveState()
        # Running head over a hairline.
        canv.setFont(self.bold, self.size)
        canv.setFillColor(c.brand)
        self.coverage.draw(canv, x0, top + HEADER_RAISE, self.left, self.bold, self.size)
        canv.setFont(self.font, self.size)
        canv.setFillColor(c.muted)
        right = x1 - self.coverage.width(self.right, self.font, self.size)
        self.coverage.draw(canv, right, top + HEADER_RAISE, self.right, self.font, self.size)
        canv.setStrokeColor(c.brand)
        canv.setLineWidth(0.4)
        canv.line(x0, top + HEADER_RAISE - 4, x1, top + HEADER_RAISE - 4)
        # Footer: hairline, address line(s) at the inner side, page label at the outer edge.
        base = g.bottom - FOOTER_DROP
        canv.setStrokeColor(c.muted)
        canv.setLineWidth(0.3)
        canv.line(x0, base + self.size + 4, x1, base + self.size + 4)
        recto = number % 2 == 1

        def total(n: int = number) -> str:
            return self.page_label(n, doc.last_page)

        if recto:
            self.late.place(canv, f"page{number}", x1, base, total, self.font, self.size, c.ink, "right")
        else:
            self.late.place(canv, f"page{number}", x0, base, total, self.font, self.size, c.ink, "left")
        canv.setFillColor(c.muted)
        canv.setFont(self.font, self.size)
        for i, text in enumerate(self.lines):
            y = base - i * (self.size + 2)
            width = self.coverage.width(text, self.font, self.size)
            x = x0 if recto else x1 - width
            self.coverage.draw(canv, x, y, text, self.font, self.size)
            self._links(canv, text, x, y)
        canv.restoreState()
        doc.draw_floats(canv)

    def _links(self, canv: Canvas, line: str, x: float, y: float) -> None:
        for text, url in self.links:
            at = line.find(text)
            if at < 0:
                continue
            start = x + stringWidth(line[:at], self.font, self.size)
            width = stringWidth(text, self.font, self.size)
            canv.linkURL(url, (start, y - 2, start + width, y + self.size), relative=1, thickness=0)
