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
import unicodedata
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from ...errors import RenderError
from ...formatting import fill, format_date
from ...model import Bulletin
from ...styles import Style
from ..base import LOGO_MOST_HEIGHT, font_spans
from ..fontfiles import characters, fallback_fonts

# A4's proportions, as the printed cover, at about 110 dpi: sharp on a bookshelf, and quick to encode
# (PNG encoding is most of the picture's cost, and grows with its area).
WIDTH, HEIGHT = 900, 1273
PX_PER_MM = WIDTH / 210
SCALE = WIDTH / 310  # style sizes are points on paper, set twice their printed size to stay legible small
MEDIA_TYPE = "image/png"


def px(length: float) -> int:
    """A length of the layout, given at 1240 px wide (A4 at 150 dpi), at this picture's width."""
    return round(length * WIDTH / 1240)


MARGIN = px(110)

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
    return font, [*lines[:-1], _cut(lines[-1], font, width) + "…"] if lines else []


def _cut(line: str, font: Font, width: int) -> str:
    """The longest start of `line` that fits `width` with "…" after it, found by halving: letter by letter,
    a publisher's name pasted as one 2,700-letter word took 16 s, and 20,000 letters minutes."""
    low, high = 0, len(line)
    while low < high:
        middle = (low + high + 1) // 2
        if font.getlength(line[:middle] + "…") <= width:
            low = middle
        else:
            high = middle - 1
    return line[:low]


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


class _Page:
    """A cursor down the picture: each text block is set below the previous one; what its font lacks in the
    style's fallback fonts, as the PDF sets it."""

    def __init__(self, image: Image.Image, style: Style) -> None:
        self.draw = ImageDraw.Draw(image)
        self.y = MARGIN
        self.style = style

    def text(self, lines: list[str], font: Font, colour: tuple[int, int, int], leading: float = 1.15) -> None:
        size = font.size
        for line in lines:
            pieces = _pieces(line, font, self.style)
            if pieces is not None and len(pieces) == 1 and pieces[0][0] is font:  # what is left of it, in its font
                self.draw.text((MARGIN, self.y), pieces[0][1], font=font, fill=colour)
            elif pieces is not None:  # on the line's baseline: the fonts' ascents differ
                x, baseline = float(MARGIN), self.y + font.getmetrics()[0]
                for piece_font, piece in pieces:
                    self.draw.text((x, baseline), piece, font=piece_font, fill=colour, anchor="ls")
                    x += piece_font.getlength(piece)
            self.y += round(size * leading)


def _pieces(text: str, font: Font, style: Style) -> list[tuple[Font, str]] | None:
    """`text` cut where its font changes: `font`, else the first of `fallback` that has the character (a title
    with "≈" lost that line: "Gas prices ≈ halved" read "halved"); a character in none of the fonts left out
    (the line went with it: "Monitor 天然ガス" lost "Monitor" too). None where Pillow's basic layout cannot draw
    it as it reads, a script written right to left (an Arabic issue's thumbnail was rows of empty boxes; set
    left to right, letter by letter, its letters would not join either), or nothing is left. Such a line is
    left out: the bookshelf names the book from its metadata."""
    if any(unicodedata.bidirectional(char) in ("R", "AL") for char in text):
        return None
    face = Path(str(font.path))
    lacking = {char for char in text if not char.isspace() and ord(char) not in characters(face)}
    chosen = {char: str(family.regular) for char, family in fallback_fonts(style, [face], lacking).items()}
    if len(chosen) < len(lacking):
        text = " ".join("".join(char for char in text if char in chosen or char not in lacking).split())
        if not text:
            return None
    return [(font if path is None else _font(Path(path), font.size), piece) for path, piece in font_spans(text, chosen)]


def _logo(path: Path, width: int) -> Image.Image:
    try:
        with Image.open(path) as picture:
            picture.load()
            logo = picture.convert("RGBA")
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise RenderError(f"epub renderer: the logo {path.name} cannot be drawn on the cover picture: {exc}") from None
    height = max(1, round(logo.height * width / logo.width))
    most = round(HEIGHT * LOGO_MOST_HEIGHT)  # a tall logo narrower, as on the PDF's cover (base.logo_size)
    if height > most:
        width, height = max(1, round(logo.width * most / logo.height)), most
    return logo.resize((width, height), Image.Resampling.LANCZOS)


def cover_png(bulletin: Bulletin, style: Style, logo: Path | None) -> bytes:
    """The cover picture as PNG bytes."""
    m, p, c, s = bulletin.metadata, bulletin.publisher, style.colors, style.sizes
    heading, furniture = style.font("heading"), style.font("furniture")
    ink, brand, muted = _hex(c.ink), _hex(c.brand), _hex(c.muted)
    on_band = _hex(c.on_brand) if style.cover.band else brand
    text_width = WIDTH - 2 * MARGIN

    image = Image.new("RGB", (WIDTH, HEIGHT), (255, 255, 255))
    page = _Page(image, style)
    picture = _logo(logo, min(round(style.cover.logo_width * PX_PER_MM), text_width // 2)) if logo is not None else None

    # The band's height follows its content: measure by laying it out once on a scratch picture.
    def masthead(target: _Page) -> None:
        if picture is not None:
            target.y += picture.height + px(80)
        else:
            wordmark = fill(style.cover.wordmark, bulletin)
            if wordmark:
                font, lines = _fit(wordmark, heading.bold, s.wordmark * SCALE, text_width, 2)
                target.text(lines, font, on_band)
                target.y += px(70)
        font, lines = _fit(m.title, heading.bold, s.title * SCALE, text_width, 4)
        target.text(lines, font, on_band, leading=1.1)
        if m.subtitle:
            target.y += px(24)
            font, lines = _fit(m.subtitle, furniture.regular, s.subtitle * SCALE, text_width, 3)
            target.text(lines, font, on_band, leading=1.3)
        target.y += px(50)
        font, lines = _fit(m.issue, heading.bold, s.issue * SCALE, text_width, 2)
        target.text(lines, font, on_band)

    scratch = _Page(Image.new("RGB", (1, 1)), style)
    masthead(scratch)
    band_bottom = min(scratch.y + MARGIN, HEIGHT * 2 // 3)
    if style.cover.band:
        page.draw.rectangle((0, 0, WIDTH, band_bottom), fill=brand)
    else:
        page.draw.rectangle((0, 0, WIDTH, px(24)), fill=brand)
    if picture is not None:
        image.paste(picture, (MARGIN, MARGIN), picture)
    masthead(page)

    page.y = band_bottom + px(60)
    font, lines = _fit(format_date(m.date, m.language), furniture.regular, s.subtitle * SCALE, text_width, 2)
    page.text(lines, font, ink)

    foot, foot_lines = _fit(p.name, furniture.bold, s.caption * SCALE, text_width, 3)
    rule = HEIGHT - MARGIN - len(foot_lines) * round(foot.size * 1.25) - px(40)
    page.draw.rectangle((MARGIN, rule, WIDTH - MARGIN, rule + px(3)), fill=brand)
    page.y = rule + px(40)
    page.text(foot_lines, foot, muted, leading=1.25)

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
