"""How the fonts in src/briefexport/builtin_styles/fonts/ were made: subsets of Debian's Noto.

    apt-get install fonts-noto-core          # 20201225 in Debian 12: the hinted TrueType files
    .venv/bin/python benchmarks/subset_fonts.py [--from /usr/share/fonts/truetype/noto]

The text families (Noto Serif, Noto Sans, four faces each) keep what bulletins
write in Latin, Cyrillic and Greek scripts; the fallback fonts keep the symbols
the text families lack, which the PDF switches to character by character
(`fonts.fallback` in plain.toml): Noto Sans Math for arrows and mathematical
operators (U+2212 minus, ≈ ≠ ≤ ≥), Noto Sans Symbols 2 for check marks and other
dingbats. Each file is cut with fontTools' subsetter (pyftsubset) to the ranges
below, without hinting, keeping every OpenType layout feature and name; the
fonts' licence (SIL OFL 1.1) is OFL.txt beside them. Run again, the script makes
the same files.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "src" / "briefexport" / "builtin_styles" / "fonts"

TEXT = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x024F),  # Latin-1 Supplement (× ÷ ±), Latin Extended-A and -B
    (0x0250, 0x036F),  # IPA (ə), spacing modifier letters, combining marks
    (0x0370, 0x03FF),  # Greek and Coptic
    (0x0400, 0x052F),  # Cyrillic and Cyrillic Supplement
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x2000, 0x206F),  # General Punctuation
    (0x2070, 0x209F),  # Superscripts and Subscripts (CO₂, m³)
    (0x20A0, 0x20CF),  # Currency Symbols (₼ ₺ ₽ €)
    (0x2100, 0x214F),  # Letterlike Symbols (№ ™)
    (0x2150, 0x218F),  # Number Forms (⅓)
    (0x25A0, 0x25FF),  # Geometric Shapes (what the families have of them)
    (0xFB00, 0xFB06),  # f-ligatures
    (0xFEFF, 0xFEFF),
    (0xFFFD, 0xFFFD),
]
MATH = [
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical Operators (− ≈ ≠ ≤ ≥ ∑ √ ∞)
    (0x2300, 0x23FF),  # Miscellaneous Technical (what the font has)
    (0x27C0, 0x27FF),  # Miscellaneous Mathematical Symbols-A, Supplemental Arrows-A
    (0x2900, 0x297F),  # Supplemental Arrows-B
]
SYMBOLS = [
    (0x2190, 0x21FF),  # Arrows the math font lacks
    (0x25A0, 0x25FF),  # Geometric Shapes
    (0x2600, 0x26FF),  # Miscellaneous Symbols (☐ ☑ ☒ ★)
    (0x2700, 0x27BF),  # Dingbats (✓ ✔ ✗ ✘)
    (0x2B00, 0x2BFF),  # Miscellaneous Symbols and Arrows
]

FILES = {
    **{f"NotoSerif-{face}.ttf": TEXT for face in ("Regular", "Bold", "Italic", "BoldItalic")},
    **{f"NotoSans-{face}.ttf": TEXT for face in ("Regular", "Bold", "Italic", "BoldItalic")},
    "NotoSansMath-Regular.ttf": MATH,
    "NotoSansSymbols2-Regular.ttf": SYMBOLS,
}


def cut(source: Path, target: Path, ranges: list[tuple[int, int]]) -> None:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.hinting = False
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for first, last in ranges for c in range(first, last + 1)])
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--from", dest="source", type=Path, default=Path("/usr/share/fonts/truetype/noto"))
    parser.add_argument("--to", type=Path, default=FONTS)
    args = parser.parse_args()
    for name, ranges in FILES.items():
        cut(args.source / name, args.to / name, ranges)
        print(f"{name:32} {(args.to / name).stat().st_size:8,d} bytes")


if __name__ == "__main__":
    main()
