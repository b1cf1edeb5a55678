"""Where a PDF page's text lands: the box each text-showing operator fills, for preflight.

The text state (font and size, character and word spacing, horizontal scale, rise) and the text
and line matrices follow the PDF reference (ISO 32000-1, 9.3 and 9.4); a string's advance comes
from its font's widths (/Widths of a simple font, /W and /DW of a composite one). A box runs from
the string's start to its end along the baseline, from a quarter of the size below it to the size
above it: enough to tell text that the cut would take off, not a glyph outline.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pikepdf

Matrix = tuple[float, float, float, float, float, float]
Measure = Callable[[bytes], tuple[float, int, int]]  # a string's width (1/1000 em), glyphs, single-byte spaces
Box = tuple[float, float, float, float]  # x0, y0, x1, y1
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
INVISIBLE = 3  # text rendering mode: neither filled nor stroked (a text layer under a picture)
# The operators TextExtent.operate follows: the text object's, the text state's, and those that show text.
TEXT_OPERATORS = frozenset(
    {"BT", "Tf", "Tc", "Tw", "Tz", "TL", "Ts", "Tr", "Td", "TD", "Tm", "T*", "Tj", "'", '"', "TJ"}
)


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n: m applied first, then n."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def scale(m: Matrix) -> float:
    """How much `m` enlarges a length on average (the square root of its area's scale): a text's size, read
    in both directions (a 12 pt font squeezed to half its width reads as about 8.5 pt)."""
    return float(abs(m[0] * m[3] - m[1] * m[2]) ** 0.5)


def least_scale(m: Matrix) -> float:
    """How much `m` enlarges a length in the direction it shrinks most (its smaller singular value): a stroke's
    width as printed at its thinnest. Under `1 0 0 0.05 cm` a 2-unit horizontal rule prints 0.1 pt thick,
    where `scale` said 0.45."""
    a, b, c, d = m[:4]
    squares, det = a * a + b * b + c * c + d * d, a * d - b * c
    # The singular values' squares are the roots of x² - squares·x + det²; the smaller one, said stably.
    larger = (squares + math.sqrt(max(squares * squares - 4 * det * det, 0.0))) / 2
    return math.sqrt(det * det / larger) if larger else 0.0


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


@dataclass
class TextState:
    """The text parameters of the graphics state: set in place by the text operators, copied when q saves
    the graphics state (a copy for every Tc or Tw took a fifth of a preflight's time)."""

    widths: Measure | None = None
    size: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    mode: int = 0


class TextExtent:
    """Follows the text operators of one content stream and collects the boxes its text fills, in the
    page's space (through the current transformation matrix the caller tracks)."""

    def __init__(self) -> None:
        self.boxes: list[Box] = []
        self.shown_size = 0.0  # the size, on the page, of the text the last operator showed (0: none seen)
        self.state = TextState()
        self._text = self._line = IDENTITY
        self._fonts: dict[tuple[int, int], Measure | None] = {}

    def operate(self, op: str, args: list[pikepdf.Object], ctm: Matrix, resources: pikepdf.Dictionary) -> None:
        s = self.state
        if op == "BT":
            self._text = self._line = IDENTITY
        elif op == "Tf" and len(args) == 2:
            fonts = resources.get("/Font")
            font = fonts.get(str(args[0])) if fonts is not None else None
            s.widths, s.size = self._widths_of(font), float(args[1])
        elif op == "Tc" and args:
            s.char_spacing = float(args[0])
        elif op == "Tw" and args:
            s.word_spacing = float(args[0])
        elif op == "Tz" and args:
            s.scale = float(args[0]) / 100
        elif op == "TL" and args:
            s.leading = float(args[0])
        elif op == "Ts" and args:
            s.rise = float(args[0])
        elif op == "Tr" and args:
            s.mode = int(args[0])
        elif op in ("Td", "TD") and len(args) == 2:
            x, y = float(args[0]), float(args[1])
            if op == "TD":
                s.leading = -y
            self._text = self._line = multiply((1, 0, 0, 1, x, y), self._line)
        elif op == "Tm" and len(args) == 6:
            self._text = self._line = tuple(float(v) for v in args)  # type: ignore[assignment]  # six numbers
        elif op == "T*":
            self._next_line()
        elif op in ("Tj", "'", '"', "TJ") and args:
            if op == "'":
                self._next_line()
            elif op == '"' and len(args) == 3:
                s.word_spacing, s.char_spacing = float(args[0]), float(args[1])
                self._next_line()
            self._show(args[-1] if op != "TJ" else args[0], ctm)

    def _next_line(self) -> None:
        self._text = self._line = multiply((1, 0, 0, 1, 0, -self.state.leading), self._line)

    def _show(self, shown: pikepdf.Object, ctm: Matrix) -> None:
        s = self.state
        self.shown_size = 0.0
        if s.widths is None:
            return  # a font with no widths to measure by (one of the standard 14): nothing is claimed
        parts = list(shown) if isinstance(shown, pikepdf.Array) else [shown]
        start = self._text
        advance = 0.0
        for part in parts:
            if isinstance(part, pikepdf.String):
                width, glyphs, spaces = s.widths(bytes(part))
                advance += (width / 1000 * s.size + glyphs * s.char_spacing + spaces * s.word_spacing) * s.scale
            else:  # a TJ adjustment, in thousandths of an em, taken off the advance
                advance -= float(part) / 1000 * s.size * s.scale
        self._text = multiply((1, 0, 0, 1, advance, 0), self._text)
        if s.mode == INVISIBLE or not advance:
            return
        device = multiply(start, ctm)
        self.shown_size = s.size * scale(device)
        corners = [apply(device, x, y) for x in (0.0, advance) for y in (s.rise - 0.25 * s.size, s.rise + s.size)]
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        self.boxes.append((min(xs), min(ys), max(xs), max(ys)))

    def _widths_of(self, font: pikepdf.Object | None) -> Measure | None:
        """The font's measure, worked out once per font object of the file (a direct one, each time)."""
        if font is None:
            return None
        if font.objgen == (0, 0):
            return _widths(font)
        if font.objgen not in self._fonts:
            self._fonts[font.objgen] = _widths(font)
        return self._fonts[font.objgen]


def _widths(font: pikepdf.Object) -> Measure | None:
    """How a string in `font` measures: its glyphs' widths, how many glyphs, and how many single-byte
    spaces (word spacing applies to them alone); None for a font whose dictionary gives no widths."""
    if font.get("/Subtype") == "/Type0":
        descendants = font.get("/DescendantFonts")
        if not descendants:
            return None
        cid = descendants[0]
        default = float(cid.get("/DW", 1000))
        table: dict[int, float] = {}
        w = list(cid.get("/W", []))
        i = 0
        while i + 1 < len(w):  # c [w1 w2 ...] or c_first c_last w
            if isinstance(w[i + 1], pikepdf.Array):
                table.update((int(w[i]) + k, float(v)) for k, v in enumerate(w[i + 1]))
                i += 2
            elif i + 2 < len(w):
                table.update((c, float(w[i + 2])) for c in range(int(w[i]), int(w[i + 1]) + 1))
                i += 3
            else:
                break

        def composite(data: bytes) -> tuple[float, int, int]:
            codes = [int.from_bytes(data[k : k + 2], "big") for k in range(0, len(data) - 1, 2)]
            return sum(table.get(code, default) for code in codes), len(codes), 0

        return composite
    if "/Widths" not in font:
        return None
    first = int(font.get("/FirstChar", 0))
    widths = [float(v) for v in font["/Widths"]]
    descriptor = font.get("/FontDescriptor")
    missing = float(descriptor.get("/MissingWidth", 0)) if descriptor is not None else 0.0
    by_code = ([missing] * first + widths + [missing] * 256)[:256]

    def simple(data: bytes) -> tuple[float, int, int]:
        return sum(by_code[b] for b in data), len(data), data.count(32)

    return simple
