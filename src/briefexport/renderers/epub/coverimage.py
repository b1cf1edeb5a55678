"""The cover picture a bookshelf shows (the manifest's cover-image): the printed cover, drawn with Pillow.

Drawn from the style as the PDF's cover is: the brand band (or a brand rule
when the style has no band), the logo or wordmark, the title, the subtitle,
the issue and the date, the publisher at the foot. Text is laid out with
Pillow's basic layout engine, which needs no system library (Raqm depends on
the machine's FriBiDi), and PNG output carries no time: the same inputs give
the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from ...errors import RenderError
from ...formatting import fill, format_date
from ...model import Bulletin
from ...styles import Style

# A4's proportions, as the printed cover; 1240 px wide is A4 at 150 dpi, sharp on any shelf.
WIDTH, HEIGHT = 1240, 1754
MARGIN = 110
PX_PER_MM = WIDTH / 210
SCALE = 4.0  # style sizes are points on paper; on a thumbnail the title must stay legible
MEDIA_TYPE = "image/png"

Font = ImageFont.FreeTypeFont


def _font(path: Path, size: float) -> Font:
    return ImageFont.truetype(str(path), round(size), layout_engine=ImageFont.Layout.BASIC)


def _lines(text: str, font: Font, width: int) -> list[str]:
    """`text` broken at spaces into lines no wider than `width` (a longer word gets a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fit(text: str, path: Path, size: float, width: int, max_lines: int) -> tuple[Font, list[str]]:
    """The largest font up to `size` that sets `text` in `max_lines` lines; the last line cut with "…" if even
    half the size needs more."""
    font, lines = _font(path, size), []
    for step in range(11):
        font = _font(path, size * (1 - step * 0.05))
        lines = _lines(text, font, width)
        if len(lines) <= max_lines and all(font.getlength(line) <= width for line in lines):
            return font, lines
    lines = lines[:max_lines]
    while lines and font.getlength(lines[-1] + "…") > width:
        lines[-1] = lines[-1][:-1]
    return font, [*lines[:-1], lines[-1] + "…"] if lines else []


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


class _Page:
    """A cursor down the picture: each text block is set below the previous one."""

    def __init__(self, image: Image.Image) -> None:
        self.draw = ImageDraw.Draw(image)
        self.y = MARGIN

    def text(self, lines: list[str], font: Font, colour: tuple[int, int, int], leading: float = 1.15) -> None:
        size = font.size
        for line in lines:
            self.draw.text((MARGIN, self.y), line, font=font, fill=colour)
            self.y += round(size * leading)


def _logo(path: Path, width: int) -> Image.Image:
    try:
        with Image.open(path) as picture:
            picture.load()
            logo = picture.convert("RGBA")
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise RenderError(f"epub renderer: the logo {path.name} cannot be drawn on the cover picture: {exc}") from None
    height = max(1, round(logo.height * width / logo.width))
    return logo.resize((width, height), Image.Resampling.LANCZOS)


def cover_png(bulletin: Bulletin, style: Style, logo: Path | None) -> bytes:
    """The cover picture as PNG bytes."""
    m, p, c, s = bulletin.metadata, bulletin.publisher, style.colors, style.sizes
    heading, furniture = style.font("heading"), style.font("furniture")
    ink, brand, muted = _hex(c.ink), _hex(c.brand), _hex(c.muted)
    on_band = _hex(c.on_brand) if style.cover.band else brand
    text_width = WIDTH - 2 * MARGIN

    image = Image.new("RGB", (WIDTH, HEIGHT), (255, 255, 255))
    page = _Page(image)
    if logo is not None:
        picture = _logo(logo, min(round(style.cover.logo_width * PX_PER_MM), text_width // 2))
        band_top_content = picture
    else:
        band_top_content = None

    # The band's height follows its content: measure by laying it out once on a scratch picture.
    def masthead(target: _Page) -> None:
        if band_top_content is not None:
            target.y += band_top_content.height + 80
        else:
            wordmark = fill(style.cover.wordmark, bulletin)
            if wordmark:
                font, lines = _fit(wordmark, heading.bold, s.wordmark * SCALE, text_width, 2)
                target.text(lines, font, on_band)
                target.y += 70
        font, lines = _fit(m.title, heading.bold, s.title * SCALE, text_width, 4)
        target.text(lines, font, on_band, leading=1.1)
        if m.subtitle:
            target.y += 24
            font, lines = _fit(m.subtitle, furniture.regular, s.subtitle * SCALE, text_width, 3)
            target.text(lines, font, on_band, leading=1.3)
        target.y += 50
        font, lines = _fit(m.issue, heading.bold, s.issue * SCALE, text_width, 2)
        target.text(lines, font, on_band)

    scratch = _Page(Image.new("RGB", (1, 1)))
    masthead(scratch)
    band_bottom = min(scratch.y + MARGIN, HEIGHT * 2 // 3)
    if style.cover.band:
        page.draw.rectangle((0, 0, WIDTH, band_bottom), fill=brand)
    else:
        page.draw.rectangle((0, 0, WIDTH, 24), fill=brand)
    if band_top_content is not None:
        image.paste(band_top_content, (MARGIN, MARGIN), band_top_content)
    masthead(page)

    page.y = band_bottom + 60
    font, lines = _fit(format_date(m.date, m.language), furniture.regular, s.subtitle * SCALE, text_width, 2)
    page.text(lines, font, ink)

    foot, foot_lines = _fit(p.name, furniture.bold, s.caption * SCALE, text_width, 3)
    rule = HEIGHT - MARGIN - len(foot_lines) * round(foot.size * 1.25) - 40
    page.draw.rectangle((MARGIN, rule, WIDTH - MARGIN, rule + 3), fill=brand)
    page.y = rule + 40
    page.text(foot_lines, foot, muted, leading=1.25)

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
