"""Draw the showcase's two bar charts from invented sample numbers, with Pillow.

    python examples/showcase/make_chart.py      # writes chart.png and hours.png beside this file

The numbers below are made up for the specimen; they measure nothing. The drawing is deterministic
(no dates, no randomness; the font is the package's own Noto Sans), so running the script again gives
the same bytes. The pictures are large enough for print at 300 ppi: chart.png across the page
(about 176 mm), hours.png across one column (about 85 mm).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = HERE.parent.parent / "src" / "briefexport" / "builtin_styles" / "fonts" / "NotoSans-Regular.ttf"
INK, BAR, RULE, PAPER = (26, 26, 26), (20, 54, 93), (176, 141, 60), (255, 255, 255)  # the aircenter colours

# Invented sample data: books lent per weekday, and seats taken per hour, in an imaginary reading room.
LOANS = {"Mon": 120, "Tue": 95, "Wed": 140, "Thu": 110, "Fri": 160, "Sat": 210}
SEATS = {"9:00": 4, "11:00": 12, "13:00": 18, "15:00": 15, "17:00": 9}


def bar_chart(values: dict[str, int], size: tuple[int, int], step: int) -> Image.Image:
    """Vertical bars with their values above them, a base line and the labels below; gridlines every `step`."""
    width, height = size
    image = Image.new("RGB", size, PAPER)
    draw = ImageDraw.Draw(image)
    text_size = height // 18
    font = ImageFont.truetype(str(FONT), text_size)
    left, right, top, bottom = text_size * 3, width - text_size, text_size * 2, height - text_size * 2
    top_value = step * -(-max(values.values()) // step)  # the largest value, rounded up to a gridline
    for tick in range(0, top_value + 1, step):
        y = bottom - (bottom - top) * tick / top_value
        draw.line([(left, y), (right, y)], fill=(210, 210, 210), width=max(1, height // 400))
        draw.text((left - text_size // 3, y), str(tick), font=font, fill=INK, anchor="rm")
    slot = (right - left) / len(values)
    for i, (label, value) in enumerate(values.items()):
        x0, x1 = left + slot * (i + 0.2), left + slot * (i + 0.8)
        y = bottom - (bottom - top) * value / top_value
        draw.rectangle([(x0, y), (x1, bottom)], fill=BAR)
        draw.text(((x0 + x1) / 2, y - text_size // 4), str(value), font=font, fill=INK, anchor="md")
        draw.text(((x0 + x1) / 2, bottom + text_size // 3), label, font=font, fill=INK, anchor="mt")
    draw.line([(left, bottom), (right, bottom)], fill=RULE, width=max(2, height // 200))
    return image


def main() -> None:
    bar_chart(LOANS, (2400, 1200), 50).save(HERE / "chart.png", optimize=True)
    bar_chart(SEATS, (2400, 1800), 5).save(HERE / "hours.png", optimize=True)


if __name__ == "__main__":
    main()
