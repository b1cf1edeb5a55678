"""Figures: a picture scaled to the column (or across the columns), kept with its caption and credit.

A picture is as wide as its column, or as the text across all columns with
width "full", its proportions kept; one too tall for that is scaled down until
the figure (picture, caption, credit) takes at most a share of the page, and
centred. A column figure is kept whole and, when it does not fit in what is
left of the column, waits for the next one while the text goes on (as a short
table does); a full-width one floats to a band across the top of a page (as
a wide table does). Each picture file is read once per render: one ImageReader
per file, and ReportLab writes one image XObject per distinct picture, however
often it is drawn. A picture far finer than the edition needs is set at what
the largest of its figures needs (SCREEN_PPI, PRINT_PPI): a 49-megapixel
photograph in a column is 2 megapixels of print, not 49.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from ...errors import DAMAGED, RenderError
from ...model import Figure
from ...pictures import Picture as Prepared
from ...pictures import finest, prepared, resampled
from ...printing import MAX_INK, most_ink
from .flowables import BIG, Deferrable, FloatAnchor, KeptWhole, Stack
from .markup import Markup
from .softhyphen import SoftHyphenParagraph

# The most of a page's body a figure may take: in a column, room for a few lines of text beside a
# section's start; across the columns, less than the band wide tables may take (layout.BAND_SHARE); in
# the one column of a page, half of it (a portrait chart at the column's full width took the page).
COLUMN_SHARE = 0.8
FULL_SHARE = 0.7
ONE_COLUMN_SHARE = 0.5
# The characters a line of a narrower picture's caption holds at least (a portrait chart's, centred with it),
# and how much smaller the picture may be set for its caption so narrowed.
CAPTION_CHARACTERS = 36
NARROWED_LEAST = 0.85
# The print edition's least resolution at the placed size (preflight.MIN_PPI, which the build holds it to):
# checked here too, so that the error names the picture, not an image object on a page. A picture much
# finer is set at it (pictures.finest), as Acrobat's "Press Quality" preset sets it; in the screen edition,
# one much finer than SCREEN_PPI at that: sharp at twice its size on a high-density screen.
PRINT_PPI = 300.0
SCREEN_PPI = 200.0
# Line art (one bit a pixel) in the print edition: kept black and white, and set at this when much finer, as
# Acrobat's PDF/X presets set monochrome pictures; at 300 ppi in grey its thin lines were screened, broken.
LINE_ART_PPI = 1200.0


def check_ink(what: str, data: bytes, **located: Any) -> None:
    """Refuse a CMYK picture that lays down more ink than FOGRA39 print takes (an RGB one is converted
    within it); `located` as for check_ppi."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        if image.mode != "CMYK":
            return
        most = most_ink(image)
    if most > MAX_INK + 2:  # 8-bit rounding
        raise RenderError(
            f"{what} lays down up to {most:.0f} % ink; FOGRA39 print takes {MAX_INK} % at most: convert it with the "
            "print shop's profile, or give it in RGB, which the print edition converts",
            **located,
        )


def check_ppi(what: str, pixels_wide: int, shown_w: float, where: str, **located: Any) -> None:
    """Refuse a picture `shown_w` points wide with too few pixels for print; `located`: the error's file, or
    the needle by which the build finds its line in the source (build.locate)."""
    if pixels_wide * 72 / shown_w >= PRINT_PPI - 0.5:
        return
    raise RenderError(
        f"{what} is {pixels_wide * 72 / shown_w:.0f} ppi at {where}; print needs {PRINT_PPI:.0f}: give it at "
        f"least {math.ceil(shown_w / 72 * PRINT_PPI):,} pixels across",
        **located,
    )


class Picture(Flowable):
    """A picture drawn at a size, centred in the width it is given; its reader asked for when it is drawn."""

    def __init__(self, reader: Callable[[], ImageReader], width: float, height: float) -> None:
        super().__init__()
        self.reader, self.picture_width, self.picture_height = reader, width, height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.picture_height

    def draw(self) -> None:
        x = max(0.0, (self.width - self.picture_width) / 2)
        self.canv.drawImage(self.reader(), x, 0, self.picture_width, self.picture_height, mask="auto")


def _inset(style: ParagraphStyle, inset: float) -> ParagraphStyle:
    """`style` set `inset` further in from either side."""
    return ParagraphStyle(
        f"{style.name}-inset", parent=style, leftIndent=style.leftIndent + inset, rightIndent=style.rightIndent + inset
    )


def _spaced_as(made: Flowable, flowable: Flowable) -> Flowable:
    """`made`, with the space before and after set on `flowable` (FigureMaker.place)."""
    for space in ("spaceBefore", "spaceAfter"):
        if space in vars(flowable):
            setattr(made, space, getattr(flowable, space))
    return made


def inset_by(flowable: Flowable, inset: float) -> Flowable:
    """A caption or credit paragraph set `inset` further in from either side (under a picture made
    narrower); anything else as it is."""
    if not inset or not isinstance(flowable, SoftHyphenParagraph):
        return flowable
    return _spaced_as(SoftHyphenParagraph(flowable.text, _inset(flowable.style, inset)), flowable)


def scaled_figure(content: list[Flowable], scale: float) -> list[Flowable]:
    """A figure's flowables with its pictures `scale` times their size (centred, as they are), and its
    caption and credit inset with them (a trial: they started at the text's edge, 37 points left of it)."""
    pictures = [f for f in content if isinstance(f, Picture)]
    inset = max(p.picture_width for p in pictures) * (1 - scale) / 2 if pictures else 0.0
    return [
        _spaced_as(Picture(f.reader, f.picture_width * scale, f.picture_height * scale), f)
        if isinstance(f, Picture)
        else inset_by(f, inset)
        for f in content
    ]


def _kept_scaled(content: list[Flowable], scale: float) -> KeptWhole:
    return KeptWhole(scaled_figure(content, scale))  # set smaller once, not again


@dataclass
class FigureMaker:
    """Sets the figures of one render; `readers` holds each picture file's one ImageReader."""

    markup: Markup
    caption: ParagraphStyle
    credit: ParagraphStyle
    leading: float
    column: float
    body: float
    body_height: float
    print_edition: bool = False

    def __post_init__(self) -> None:
        self.originals: dict[str, ImageReader] = {}  # each picture file as it is
        self.sizes: dict[str, tuple[int, int] | None] = {}  # the size it is set at, None for as it is
        self.line_art: set[str] = set()  # the pictures kept black and white (the print edition's line art)
        self.readers: dict[str, ImageReader] = {}  # what is drawn: one per file, made when it is first drawn

    def show(self, path: str, picture: Prepared, shown: tuple[float, float]) -> None:
        """Note that the picture at `path` is shown `shown` points wide and high. It is drawn at the size
        the largest of its figures needs: as it is, or at the edition's resolution when that is much finer
        (pictures.finest); one image in the file however often it is shown."""
        if path not in self.originals:
            try:
                self.originals[path] = ImageReader(io.BytesIO(picture.data))  # read lazily: a header here
            except DAMAGED as exc:  # a file the check passed that ReportLab still cannot read
                raise RenderError(f"picture {path} cannot be read as an image: {exc}", path) from None
        line_art = self.print_edition and picture.bilevel
        if line_art:
            self.line_art.add(path)
        ppi = LINE_ART_PPI if line_art else PRINT_PPI if self.print_edition else SCREEN_PPI
        size = finest((picture.width, picture.height), shown, ppi)
        known = self.sizes.get(path, size)
        self.sizes[path] = None if size is None or known is None else max(size, known)

    def reader(self, path: str) -> ImageReader:
        """The picture at `path` as it is drawn: once every figure is placed (show), as they are drawn."""
        if path not in self.readers:
            size = self.sizes[path]
            if size:
                data = resampled(path, size, bilevel=path in self.line_art).data
                self.readers[path] = ImageReader(io.BytesIO(data))
            else:
                self.readers[path] = self.originals[path]
        return self.readers[path]

    @staticmethod
    def height_of(paragraphs: list[Flowable], width: float) -> float:
        return float(sum(p.wrap(width, BIG)[1] + p.getSpaceBefore() for p in paragraphs))

    @staticmethod
    def captions(texts: list[tuple[str, ParagraphStyle]], inset: float, centred: bool = False) -> list[Flowable]:
        """The figure's caption and credit paragraphs from their markup, `inset` from either side of its
        width; `centred`, each line centred (under a picture narrower than they are)."""
        below: list[Flowable] = []
        for text, style in texts:
            if inset:
                style = _inset(style, inset)
            if centred:
                style = ParagraphStyle(f"{style.name}-centred", parent=style, alignment=TA_CENTER)
            below.append(SoftHyphenParagraph(text, style))
        return below

    def place(self, block: Figure) -> tuple[bool, Flowable, float]:
        """Whether the figure floats across the columns, the flowable that sets it, and its height."""
        full = block.width == "full" and self.body > self.column + 0.01
        width = self.body if full else self.column
        picture = prepared(block.path)
        pixels_wide, pixels_high = picture.width, picture.height
        share = FULL_SHARE if full else ONE_COLUMN_SHARE if self.column >= self.body else COLUMN_SHARE
        budget = self.body_height * share - self.leading  # the picture's and its caption's height
        # Their markup made once: a note cited in the caption is the anchor its note links back to the first
        # time only, and the caption made again for a narrower picture lost it (a trial: a traceback).
        texts = [
            (self.markup.runs(runs), style)
            for runs, style in ((block.caption, self.caption), (block.credit, self.credit))
            if runs
        ]
        below = self.captions(texts, 0.0)
        text = self.height_of(below, width)
        shown_w, shown_h = width, width * pixels_high / pixels_wide
        if shown_h > budget - text:  # too tall: scaled down to the height there is, proportions kept
            room = max(budget - text, self.leading)
            shown_w, shown_h = shown_w * room / shown_h, room
        # Centred, a narrower picture has its caption and credit under it as one figure: as wide as the picture,
        # or centred with it at CAPTION_CHARACTERS' width (they started at the column's edge, far left of a
        # portrait chart). Taller so, they may take the picture's room: it is set a little smaller for them
        # (to NARROWED_LEAST of its size), else they stay across the width (a caption of 1,400 characters).
        least = CAPTION_CHARACTERS * self.caption.fontSize / 2  # a character is about half its size wide
        wide, high = shown_w, shown_h
        while below and wide < width - 1 and high >= shown_h * NARROWED_LEAST:
            # lines wider than the picture centred on it: ranged left, a short one started left of it
            narrowed = self.captions(texts, max(0.0, width - max(wide, least)) / 2, centred=least > wide)
            narrow_text = self.height_of(narrowed, width)
            if high + narrow_text <= budget + 0.01:
                below, text, shown_w, shown_h = narrowed, narrow_text, wide, high
                break
            wide, high = wide * (budget - narrow_text) / high, budget - narrow_text
        if self.print_edition:
            # Found at its line by its path (build.locate), not its name: img/2023/chart.png is not img/2024/'s.
            name = Path(block.path).name
            check_ppi(f"picture {name}", pixels_wide, shown_w, "the size the print edition sets it", needle=block.path)
            check_ink(f"picture {name}", picture.data, needle=block.path)
        self.show(block.path, picture, (shown_w, shown_h))
        shown = Picture(partial(self.reader, block.path), shown_w, shown_h)
        if full:
            stack = Stack([shown, *below], space_after=self.leading * 0.9)
            _, height = stack.wrap(width, BIG)
            return True, FloatAnchor(stack, height), height
        shown.spaceBefore = self.leading * 0.9
        if below:
            below[-1].spaceAfter = self.leading * 0.9
        else:
            shown.spaceAfter = self.leading * 0.9
        height = shown_h + text + shown.spaceBefore
        content = [shown, *below]
        return False, Deferrable(KeptWhole(content, partial(_kept_scaled, content)), height), height
