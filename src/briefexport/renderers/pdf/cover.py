"""The cover: a brand band (or a plain masthead) with the wordmark or logo, the
title, the issue label and the date; below it the numbered contents, each entry
a link to its section with the page number filled in at the end; the
publisher's address at the foot. The band runs into the bleed."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, FrameBreak, Paragraph

from ...errors import DAMAGED, RenderError
from ...formatting import fill, format_date, upper
from ...model import ADDRESS_SEPARATOR, Bulletin
from ...pictures import finest
from ...styles import Style, key_origin
from ..base import contacts, cover_logo, logo_at, logo_size
from .figures import PRINT_PPI, SCREEN_PPI, check_ink, check_ppi
from .flowables import BIG
from .fonts import Faces
from .furniture import address_lines
from .layout import MM, Geometry, LateForms
from .markup import Markup, plain
from .typography import Palette, Styles

# The space an entry of the contents leaves between its text and the rules above and below it, and the
# least it is closed to so that the contents fits the cover (rather than one entry alone on a page).
ENTRY_PAD, ENTRY_PAD_TIGHT = 12.0, 4.0
MASTHEAD_STEPS = 10  # a masthead too tall for the cover is set smaller, 5 % at a time, down to half its sizes
# The entries the contents heading keeps under it on its page, and the fewest a page that gives the last
# contents page an entry keeps: a heading with no entry under it ended the cover (a designer's trial).
KEEP_WITH_HEADING = 2


class ContentsEntry(Flowable):
    """One line of the contents: numeral, title (a link to the section) and a page number drawn late."""

    pad = ENTRY_PAD

    def __init__(
        self,
        label: str,
        title: Paragraph,
        key: str,
        number: Callable[[], str],
        late: LateForms,
        label_style: ParagraphStyle,
        label_width: float,
        rule: Color,
    ) -> None:
        super().__init__()
        self.label, self.title, self.key, self.number, self.late = label, title, key, number, late
        self.label_style, self.label_width, self.rule = label_style, label_width, rule
        self.number_width = stringWidth("0000", label_style.fontName, label_style.fontSize) + 6

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        _, h = self.title.wrap(availWidth - self.label_width - self.number_width, BIG)
        self.text_height = h
        self.height = h + self.pad
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        canv, st = self.canv, self.label_style
        top = self.height - self.pad * 5.5 / ENTRY_PAD  # the text a little above the middle of its space
        baseline = top - st.fontSize
        canv.setFont(st.fontName, st.fontSize)
        canv.setFillColor(st.textColor)
        canv.drawString(0, baseline, self.label)
        self.title.drawOn(canv, self.label_width, top - self.text_height)
        self.late.place(
            canv,
            f"contents{self.key}",
            self.width,
            baseline,
            self.number,
            st.fontName,
            st.fontSize,
            st.textColor,
            "right",
        )
        canv.setStrokeColor(self.rule)
        canv.setLineWidth(0.3)
        canv.line(0, 0, self.width, 0)
        canv.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)


class Cover:
    def __init__(
        self,
        bulletin: Bulletin,
        style: Style,
        geometry: Geometry,
        faces: dict[str, Faces],
        colors: Palette,
        markup: Markup,
        styles: Styles,
    ) -> None:
        self.b, self.style, self.g, self.colors, self.markup, self.st = (
            bulletin,
            style,
            geometry,
            colors,
            markup,
            styles,
        )
        self.width = geometry.body_width
        self.faces = faces
        furniture = faces["furniture"]
        size = style.sizes.furniture + 0.5
        self.foot_style = ParagraphStyle(
            "cover_foot", fontName=furniture.regular, fontSize=size, leading=size * 1.45, textColor=colors.muted
        )
        p = bulletin.publisher
        self.foot = Paragraph(f"<b>{markup.text(p.name)}</b><br/>{self._address_markup()}", self.foot_style)
        _, self.foot_height = self.foot.wrap(self.width, BIG)
        self.logo = self._logo()
        # The band may reach down to the publisher's foot, no further: a long title in a style's largest sizes
        # ran off the page, or over the publisher (a designer's trial). Its type is set smaller until it fits.
        room = geometry.height - self.contents_bottom()
        for step in range(MASTHEAD_STEPS + 1):
            self._masthead(1 - step / 20)
            if self.band_height <= room:
                break
        else:
            file, line = key_origin(style, "sizes.title")
            over = (self.band_height - room) / MM
            raise RenderError(
                f"the cover's masthead (wordmark or logo, title, subtitle, issue) is {over:.0f} mm taller than the "
                f"cover holds, even set at {100 - 5 * MASTHEAD_STEPS} % of the style's sizes: set smaller "
                "sizes.title, sizes.subtitle and sizes.issue (or a smaller logo), or a shorter title",
                file or None,
                line,
            )

    def _masthead(self, scale: float) -> None:
        """The wordmark, title, subtitle and issue at `scale` of the style's sizes, and the band they need."""
        s, m, style, colors, faces = self.style.sizes, self.b.metadata, self.style, self.colors, self.faces
        band = style.cover.band
        on = colors.on_brand if band else colors.ink
        head = faces["heading"]
        esc = self.markup.text

        def paragraph(text: str, name: str, font: str, size: float, leading: float, color: Color) -> Paragraph:
            size *= scale
            return Paragraph(
                text, ParagraphStyle(name, fontName=font, fontSize=size, leading=size * leading, textColor=color)
            )

        wordmark = esc(fill(style.cover.wordmark, self.b))
        self.wordmark = paragraph(wordmark, "wordmark", head.bold, s.wordmark, 1.15, on if band else colors.brand)
        self.title = paragraph(esc(m.title), "title", head.bold, s.title, 1.1, on)
        subtitle = esc(m.subtitle or "")
        self.subtitle = paragraph(
            subtitle, "subtitle", faces["body"].italic, s.subtitle, 1.3, on if band else colors.muted
        )
        issue = f"<b>{esc(m.issue)}</b>\u2002\u00b7\u2002{esc(format_date(m.date, m.language))}"
        self.issue = paragraph(issue, "issue", head.regular, s.issue, 1.3, on if band else colors.brand)
        self.parts = [
            self.wordmark if self.logo is None else None,
            self.title,
            self.subtitle if m.subtitle else None,
            self.issue,
        ]
        heights = [p.wrap(self.width, BIG)[1] for p in self.parts if p is not None]
        self.mark_height = self.logo[2] if self.logo else heights.pop(0)
        self.text_height = sum(heights) + 6 * (len(heights) - 1)
        # Band: top margin, wordmark, a generous gap (closed up with the type), the title block, bottom padding.
        # At least two fifths of the page; the title block sits at the band's foot, the wordmark at its head.
        g = self.g
        gap = 22 * MM * scale
        self.band_height = max(g.top + self.mark_height + gap + self.text_height + 12 * MM, g.height * 0.4)

    def _address_markup(self) -> str:
        """The address's parts in lines broken between parts, as the running footer breaks them (a part
        wider than the page between its words): no line ends or starts with a separator."""
        esc = self.markup.text
        parts = contacts(self.b.publisher)
        shown = {t: self.markup.link(esc(t), url) for t, url in parts if url}  # an address is never broken
        style = self.foot_style
        lines = address_lines(ADDRESS_SEPARATOR.join(t for t, _ in parts), style.fontName, style.fontSize, self.width)
        return "<br/>".join(
            ADDRESS_SEPARATOR.join(shown.get(piece) or esc(piece) for piece in line.split(ADDRESS_SEPARATOR))
            for line in lines
        )

    def _logo(self) -> tuple[ImageReader, float, float] | None:
        path = cover_logo(self.b, self.style)
        if path is None:
            return None
        try:
            image = ImageReader(str(path))
            w, h = image.getSize()
        except DAMAGED as exc:
            file, line = self._logo_origin(path, "cover.logo")
            raise RenderError(f"cover logo {path.name} cannot be read as an image: {exc}", file, line) from None
        width_mm, height_mm = logo_size(self.style, w, h, self.g.height / MM)
        printed = self.style.page.crop_marks
        if printed:  # the print edition: the preflight would name only its PDF object
            where = f"the width the cover sets it ({width_mm:.0f} mm; cover.logo_width)"
            file, line = self._logo_origin(path, "cover.logo_width")
            check_ppi(f"cover logo {path.name}", w, width_mm * MM, where, file=file, line=line)
            file, line = self._logo_origin(path, "cover.logo")
            check_ink(f"cover logo {path.name}", path.read_bytes(), file=file, line=line)
        finer = logo_at(path, finest((w, h), (width_mm * MM, height_mm * MM), PRINT_PPI if printed else SCREEN_PPI))
        if finer is not None:
            image = ImageReader(io.BytesIO(finer))
        return image, width_mm * MM, height_mm * MM

    def _logo_origin(self, path: Path, key: str) -> tuple[str | Path, int | None]:
        """Where an error about the style's cover logo points, as every other style error does: the style file
        and line of `key` (cover.logo_width for its resolution), else of cover.logo, which names the picture.
        The width's line only where it is set in the file naming the logo or one extending it: a brand that
        names a logo and keeps plain's 40 mm is pointed at its logo, not at the built-in style. The
        publisher's own logo (no cover.logo): the picture itself. (A trial pointed at logo.png alone.)"""
        if self.style.logo_path is None:
            return path, None
        logo_file, logo_line = key_origin(self.style, "cover.logo")
        if key != "cover.logo":
            file, line = key_origin(self.style, key)
            files = [str(f) for f in self.style.files]
            if line is not None and logo_file in files and files.index(file) <= files.index(logo_file):
                return file, line
        return (logo_file, logo_line) if logo_file else (path, None)

    def contents_top(self) -> float:
        return self.g.height - self.band_height - 12 * MM

    def contents_bottom(self) -> float:
        return self.g.bottom + self.foot_height + 8 * MM

    def draw(self, canv: Canvas, doc: object) -> None:
        g, c = self.g, self.colors
        x = g.inner
        canv.showOutline()  # open the bookmarks panel with the document
        canv.saveState()
        bottom = g.height - self.band_height
        if self.style.cover.band:
            b = g.bleed
            canv.setFillColor(c.brand)
            canv.rect(-b, bottom, g.width + 2 * b, self.band_height + b, stroke=0, fill=1)
            canv.setFillColor(c.accent)
            canv.rect(-b, bottom - 2.2, g.width + 2 * b, 2.2, stroke=0, fill=1)
        else:
            canv.setStrokeColor(c.brand)
            canv.setLineWidth(1.2)
            canv.line(x, bottom, x + self.width, bottom)
        y = g.height - g.top
        if self.logo:
            image, w, h = self.logo
            canv.drawImage(image, x, y - h, width=w, height=h, mask="auto")
        else:
            self.wordmark.drawOn(canv, x, y - self.mark_height)
        y = bottom + 12 * MM + self.text_height
        for part in self.parts[1:]:
            if part is None:
                continue
            _, h = part.wrap(self.width, BIG)
            y -= h
            part.drawOn(canv, x, y)
            y -= 6
        # The publisher at the foot, over a hairline.
        canv.setStrokeColor(c.muted)
        canv.setLineWidth(0.3)
        canv.line(x, g.bottom + self.foot_height + 4, x + self.width, g.bottom + self.foot_height + 4)
        self.foot.drawOn(canv, x, g.bottom)
        canv.restoreState()

    def contents(self, labels: list[str], titles: list[str], pages: dict[int, int], late: LateForms) -> list[Flowable]:
        st, c, esc = self.st, self.colors, self.markup.text
        number_style = ParagraphStyle(
            "contents_number", fontName=st.heading.fontName, fontSize=st.contents.fontSize, textColor=c.brand
        )
        widest = max((stringWidth(lb, number_style.fontName, number_style.fontSize) for lb in labels), default=0)
        label_width = widest + 10 if widest else 0  # unnumbered sections: their titles flush with the heading
        flow: list[Flowable] = [
            Paragraph(esc(upper(self.style.labels.contents, self.b.metadata.language)), st.contents_head)
        ]

        def number(i: int) -> Callable[[], str]:  # a section's page, known once the layout is done
            return lambda: str(pages.get(i, ""))

        for i, (label, title) in enumerate(zip(labels, titles)):
            flow.append(
                ContentsEntry(
                    plain(label, self.markup.coverage),
                    Paragraph(esc(title), st.contents),
                    f"section{i + 1}",
                    number(i),
                    late,
                    number_style,
                    label_width,
                    c.tint,
                )
            )
        self._fit_cover(flow)
        return self._kept(flow)

    def _fit_cover(self, flow: list[Flowable]) -> None:
        """Close up the entries, down to ENTRY_PAD_TIGHT, when that lets the contents fit the cover: else a
        title or two would stand alone on the next page, before section I's."""
        room = self.contents_top() - self.contents_bottom()
        heights = [f.wrap(self.width, BIG)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flow]
        entries = [f for f in flow if isinstance(f, ContentsEntry)]
        over = sum(heights) - room
        if over <= 0 or not entries or over > len(entries) * (ENTRY_PAD - ENTRY_PAD_TIGHT):
            return
        pad = ENTRY_PAD - over / len(entries) - 0.01  # what each gives up, and a hair for rounding
        for entry in entries:
            entry.pad = pad

    def _pages(self, flow: list[Flowable]) -> list[int]:
        """The page each block of `flow` (FrameBreaks left out) falls on, 0 the cover, as a frame sets blocks
        that do not split: a block that does not fit under the one above goes to the next page, its space
        before dropped at a frame's top and overlapping the space after the block above (ReportLab's
        overlapAttachedSpace); a FrameBreak ends the page. The contents pages' frame is as wide as the
        cover's and taller (no masthead, no publisher's foot)."""
        pages: list[int] = []
        page, room, after = 0, self.contents_top() - self.contents_bottom(), None
        for f in flow:
            if f is FrameBreak:
                page, room, after = page + 1, self.g.body_height, None
                continue
            height = f.wrap(self.width, BIG)[1]
            space = 0.0 if after is None else max(f.getSpaceBefore() - after, 0.0)
            if height + space > room + rl_config._FUZZ:  # as far past the foot as a frame lets a block go
                page, room, space = page + 1, self.g.body_height, 0.0
            room -= height + space + f.getSpaceAfter()
            after = f.getSpaceAfter()
            pages.append(page)
        return pages

    def _kept(self, flow: list[Flowable]) -> list[Flowable]:
        """`flow` (the heading, then the entries) with page breaks where the heading would end its page with
        fewer than KEEP_WITH_HEADING entries under it (a trial: the cover's last line; it goes on with them),
        and where the last contents page would hold one entry alone (_widow)."""
        pages = self._pages(flow)
        if pages.count(pages[0]) - 1 < min(KEEP_WITH_HEADING, len(flow) - 1):
            flow = [FrameBreak, *flow]  # the heading opens its page: the break turns it
            pages = self._pages(flow)
        return self._widow(flow, pages)

    def _widow(self, flow: list[Flowable], pages: list[int]) -> list[Flowable]:
        """`flow` with the page before the last giving the last page one more entry, where the last holds one
        alone. Only if it keeps KEEP_WITH_HEADING entries itself: the heading's page with no more than its two
        cannot give one without leaving the heading short, and that entry stays alone."""
        blocks = [f for f in flow if f is not FrameBreak]
        last = pages[-1]
        before = [i for i, page in enumerate(pages) if page == last - 1 and isinstance(blocks[i], ContentsEntry)]
        if pages.count(last) != 1 or len(before) <= KEEP_WITH_HEADING:
            return flow
        at = flow.index(blocks[before[-1]])
        trial = [*flow[:at], FrameBreak, *flow[at:]]
        return trial if self._pages(trial)[-1] == last else flow  # the two fit the last page (as they should)
