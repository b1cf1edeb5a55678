"""Line statistics of the print PDF's body text, read back from the rendered file.

    .venv/bin/python benchmarks/lines.py [SOURCE] [--style aircenter --style plain] [--pdf FILE]

For each style the source is rendered in memory (or an existing PDF is read
with --pdf) and its text is read back with pdfminer.six, character by
character with positions. A body line is a baseline of characters in the
body size within one column. Printed per style:

- hyphenated: body lines whose last character is a hyphen (a break hyphen,
  drawn as U+00AD, or a hyphen that was already in the text), as a share of
  body lines;
- longest ladder: the most hyphenated lines in a row in one column;
- loose: lines whose mean word space is over twice the font's normal space;
- pages, and the warm render's CPU time (the best of three).

These are the figures the README quotes; they are measured here, never in a
timed test.
"""

from __future__ import annotations

import argparse
import io
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTPage

import briefexport
from briefexport.styles import Style

ROOT = Path(__file__).resolve().parent.parent
HYPHENS = "-\u00ad\u2010\u2011"
LOOSE = 2.0  # a mean word space over this many normal spaces makes a line loose


@dataclass(frozen=True)
class Line:
    page: int
    column: int
    y: float
    chars: tuple[LTChar, ...]

    @property
    def text(self) -> str:
        return "".join(c.get_text() for c in self.chars)

    def gaps(self) -> list[float]:
        """The widths of the spaces between the line's words, as drawn."""
        gaps, end, in_space = [], None, False
        for char in self.chars:
            if char.get_text().isspace():
                in_space = True
                continue
            if in_space and end is not None:
                gaps.append(char.x0 - end)
            in_space, end = False, char.x1
        return gaps


@dataclass(frozen=True)
class Stats:
    lines: int
    hyphenated: int
    ladder: int
    loose: int
    worst: float  # the widest mean word space, in normal spaces
    pages: int

    def row(self, name: str, seconds: float | None) -> str:
        share = 100 * self.hyphenated / max(1, self.lines)
        took = f"  render {seconds:5.2f} s CPU" if seconds is not None else ""
        return (
            f"{name:<10} pages {self.pages:3d}  body lines {self.lines:5d}  hyphenated {self.hyphenated:4d}"
            f" ({share:4.1f} %)  longest ladder {self.ladder}  loose {self.loose:4d} (worst {self.worst:.1f}x){took}"
        )


def space_width(style: Style) -> float:
    """The body font's space, in ems."""
    font = TTFont(style.font("body").regular)
    return float(font["hmtx"][font.getBestCmap()[32]][0]) / font["head"].unitsPerEm


def body_lines(pdf: bytes, style: Style) -> tuple[list[Line], int]:
    """Every baseline of body-size characters, split into the style's columns, in reading order."""
    size = style.sizes.body
    by_line: dict[tuple[int, int, float], list[LTChar]] = defaultdict(list)
    pages = 0
    laparams = LAParams(char_margin=1e6, line_margin=0.01)  # only characters are read: no grouping wanted
    for number, page in enumerate(extract_pages(io.BytesIO(pdf), laparams=laparams)):
        assert isinstance(page, LTPage)
        pages += 1
        middle = (page.x0 + page.x1) / 2
        for char in _chars(page):
            if abs(char.size - size) > 0.05:
                continue
            column = 0 if style.page.columns < 2 or char.x0 < middle else 1
            by_line[(number, column, round(char.y0, 1))].append(char)
    lines = [
        Line(page, column, y, tuple(sorted(chars, key=lambda c: c.x0)))
        for (page, column, y), chars in sorted(by_line.items(), key=lambda kv: (kv[0][0], kv[0][1], -kv[0][2]))
    ]
    return [line for line in lines if line.text.strip()], pages


def _chars(item: object) -> list[LTChar]:
    if isinstance(item, LTChar):
        return [item]
    found: list[LTChar] = []
    for child in item if hasattr(item, "__iter__") else ():
        found += _chars(child)
    return found


def measure(pdf: bytes, style: Style) -> Stats:
    lines, pages = body_lines(pdf, style)
    normal = space_width(style) * style.sizes.body
    hyphenated = [line.text.rstrip()[-1] in HYPHENS for line in lines]
    ladder = run = 0
    for i, hyphen in enumerate(hyphenated):
        same_column = i > 0 and (lines[i - 1].page, lines[i - 1].column) == (lines[i].page, lines[i].column)
        run = (run + 1 if same_column else 1) if hyphen else 0
        ladder = max(ladder, run)
    means = [sum(g) / len(g) / normal for line in lines if (g := line.gaps())]
    return Stats(
        lines=len(lines),
        hyphenated=sum(hyphenated),
        ladder=ladder,
        loose=sum(m > LOOSE for m in means),
        worst=max(means, default=0.0),
        pages=pages,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", nargs="?", default=str(ROOT / "source" / "2024-02.md"))
    parser.add_argument("--style", action="append", help="style name or .toml (repeat; default: aircenter, plain)")
    parser.add_argument("--pdf", type=Path, help="read this PDF instead of rendering (with one --style)")
    args = parser.parse_args()
    bulletin = briefexport.load(args.source)
    styles = Path(args.source).resolve().parent.parent / "styles"  # a project's, as build finds them
    for name in args.style or ["aircenter", "plain"]:
        style = briefexport.load_style(name, styles if styles.is_dir() else None)
        seconds = None
        if args.pdf:
            pdf = args.pdf.read_bytes()
        else:
            pdf = briefexport.render(bulletin, "pdf", style)  # warm: fonts parsed, patterns loaded
            runs = []
            for _ in range(3):  # CPU time, the best of three: other processes count as little as they can
                start = time.process_time()
                briefexport.render(bulletin, "pdf", style)
                runs.append(time.process_time() - start)
            seconds = min(runs)
        print(measure(pdf, style).row(style.name, seconds))


if __name__ == "__main__":
    main()
