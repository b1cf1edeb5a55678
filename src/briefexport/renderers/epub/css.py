"""The edition's one stylesheet and its embedded fonts, both read off the Style.

Every colour, family and size comes from the style file the PDF and DOCX use;
sizes become em relative to the body size, so the reader's own text size
still rules. Only screen rules that are not brand data live here (a floor
under tiny print, spacing in em, the narrow-screen table layout).

Text colour is set only together with its background (the header row, the
cover band, the table stripes): a reading system's night or sepia theme
recolours the text, and a dark brand colour on its dark page would vanish.
The brand shows in rules, borders and backgrounds instead. Text is set from
the line's start, hyphenated where the reading system can, never justified: a
reading system may say it hyphenates (@supports) and not (Chromium on Linux,
Windows and Android, and the readers built on it), and justified lines without
hyphens gape. Readers that offer justification still apply their own.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from ...styles import CYRILLIC_LETTERS, FONT_FACES, LIST_LEVELS, PAGE_SIZES_MM, PT_PER_MM, FontFamily, Style
from ..base import LOGO_MOST_HEIGHT

FONT_DIR = "fonts"
STYLESHEET = "style/edition.css"
_FROM_CSS = "../"  # from style/ back to the package folder


# Print sizes such as 7 pt sources are too small on a phone: no text goes below this.
MIN_EM = 0.75
# Below this width a key-figures table is set as a list of rows (its header row hidden, each figure
# led by its column's name): at 320 px with text at 200 % no table of two columns fits as a grid.
NARROW_EM = 36
NARROW = f"{NARROW_EM}em"

# The style's list schemes CSS names otherwise; the Cyrillic ones are counter styles of this sheet's own
# (@counter-style), with a built-in style before them for reading systems that know none.
_LIST_STYLE_TYPES = {
    "arabic": "decimal",
    "lower-alpha": "letters-lower",
    "upper-alpha": "letters-upper",
    "lower-cyrillic": "cyrillic-lower",
    "upper-cyrillic": "cyrillic-upper",
}
# Counters of the EPUB's own, as the other editions count (styles.list_number): name -> (system, symbols, the
# list-style-type of a reading system that has no @counter-style). Latin letters repeat from item 27 as
# Word's do (aa, bb; CSS's lower-alpha: aa, ab), with the same letters to 26 where the system lacks them.
_OWN_COUNTERS = {
    "letters-lower": ("symbolic", string.ascii_lowercase, "lower-alpha"),
    "letters-upper": ("symbolic", string.ascii_uppercase, "upper-alpha"),
    "cyrillic-lower": ("alphabetic", CYRILLIC_LETTERS, "decimal"),
    "cyrillic-upper": ("alphabetic", CYRILLIC_LETTERS.upper(), "decimal"),
}
EN_SPACE = "\u2002"  # between a bullet and its item's text
_FACE = {"regular": ("normal", 400), "bold": ("normal", 700), "italic": ("italic", 400), "bold_italic": ("italic", 700)}


@dataclass(frozen=True)
class FontFile:
    """A TTF file of the style, as it is stored in the package."""

    path: Path
    href: str  # relative to the package folder, e.g. fonts/NotoSerif-Regular.ttf
    id: str


def used_faces(style: Style, needed: dict[str, set[str]]) -> list[tuple[FontFamily, str]]:
    """(family, face) pairs the text is set in (`needed`: base.faces_needed), each once, families in role order."""
    wanted: dict[str, set[str]] = {}
    for role, faces in needed.items():
        wanted.setdefault(getattr(style.roles, role), set()).update(faces)
    return [(style.fonts[name], face) for name, faces in wanted.items() for face in FONT_FACES if face in faces]


def font_files(faces: list[tuple[FontFamily, str]]) -> dict[Path, FontFile]:
    """The TTF file of every used face, each file once, in a fixed order."""
    files: dict[Path, FontFile] = {}
    names: set[str] = set()
    for family, face in faces:
        path = getattr(family, face)
        if path in files:
            continue
        name = _safe_name(path.name)
        stem, suffix = name.rsplit(".", 1) if "." in name else (name, "ttf")
        n = 1
        while name.lower() in names:
            n += 1
            name = f"{stem}-{n}.{suffix}"
        names.add(name.lower())
        files[path] = FontFile(path, f"{FONT_DIR}/{name}", f"font-{len(files) + 1:02d}")
    return files


def fallback_file(path: Path, number: int) -> FontFile:
    """The `number`th fallback font the book embeds (cut down to its characters), in a folder of its own and
    numbered: two fonts of one file name ("Symbols.ttf" in two folders) were one zip entry twice."""
    return FontFile(path, f"{FONT_DIR}/fallback/{number:02d}-{_safe_name(path.name)}", f"fallback-font-{number:02d}")


def _safe_name(name: str) -> str:
    """A file name that is a plain, portable zip entry name and URL."""
    return re.sub(r"[^A-Za-z0-9._-]", "-", name) or "font.ttf"


def _string(text: str) -> str:
    """A CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _stack(family: FontFamily, fallback: Sequence[str] = ()) -> str:
    """A family's CSS stack: the embedded family, the style's fallback fonts embedded for what it lacks (a
    reading system set the minus sign of every negative figure from a font of its own, or as a box), the
    installed font the style names, the generic family."""
    names = (family.family, *fallback, family.fallback)
    return ", ".join(_string(name) for name in dict.fromkeys(names)) + f", {family.generic}"


def _em(size: float, relative_to: float) -> str:
    return f"{max(size / relative_to, MIN_EM):.3g}em"


def _key_figure_rows(table: str) -> str:
    """A key-figures table (`table`: its wrapper's selector) set as a list of rows: each row a block, its label,
    then its figure on the same line where both fit, else right-aligned below; with several figure columns
    each figure has a line of its own, after its column's name (data-label). The header row stays for
    screen readers only."""
    return f"""  {table} table, {table} tbody, {table} tr, {table} th, {table} td {{ display: block; width: auto; }}
  {table} caption {{ display: block; }}
  {table} thead tr {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }}
  {table} tbody tr {{ display: flex; flex-wrap: wrap; align-items: baseline; padding: 0.3em 0; }}
  {table} tbody th, {table} tbody td {{ border-bottom: 0; padding: 0.15em 0.4em; }}
  {table} tbody th {{ flex: 1 1 auto; font-weight: bold; }}
  {table} tbody td {{ margin-left: auto; }}
  {table} tbody td[data-label] {{ flex: 1 0 100%; box-sizing: border-box; }}
  {table} td[data-label]::before {{ content: attr(data-label); float: left; margin-right: 1em;
    text-align: start; font-weight: normal; }}
  {table} td.num[data-label] {{ text-align: right; }}
  {table} td {{ overflow-wrap: normal; }}
"""


def _text_table_rows(table: str) -> str:
    """A plain table set as a list of rows: each row a block of its cells, each led by its column's name
    (data-label), the header row kept for screen readers only, as key figures do. A space ends the name: with
    none, a line could break only inside the value's first word ("Commission/er", a publisher's trial)."""
    return f"""  {table} table, {table} tbody, {table} tr, {table} th, {table} td, {table} caption {{
    display: block; width: auto; }}
  {table} thead tr {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }}
  {table} tbody tr {{ padding: 0.3em 0; }}
  {table} tbody td {{ border-bottom: 0; padding: 0.15em 0.4em; }}
  {table} td[data-label]::before {{ content: attr(data-label) " "; font-weight: bold; margin-right: 0.3em; }}
"""


def _mirrored_rows(table: str) -> str:
    """Key figures as a list of rows in a book written right to left: a column's name on the right, its
    figure after it on the left (it stood on the outer side, run together with its value: "الأيام5")."""
    return f"""  [dir="rtl"] {table} tbody td {{ margin-left: 0; margin-right: auto; }}
  [dir="rtl"] {table} td[data-label]::before {{ float: right; margin-right: 0; margin-left: 1em; }}
  [dir="rtl"] {table} td.num[data-label] {{ text-align: left; }}
"""


def _mirrored_text_rows(table: str) -> str:
    """A plain table's list of rows in a book written right to left: the gap after a column's name."""
    return f'  [dir="rtl"] {table} td[data-label]::before {{ margin-right: 0; margin-left: 0.3em; }}\n'


# On a narrow screen every table is a list of rows; the cover's display sizes shrink too, so that its words
# fit a line.
_NARROW_COVER = """  .masthead { padding: 1em 0.6em 1.2em; }
  .masthead .title, .masthead .wordmark { font-size: 1.6em; }
  .masthead .subtitle, .masthead .issue { font-size: 1.1em; }
"""

# Where its columns do not fit, a table is a list of rows too. Each table says what it needs (grid_need, a
# class grid-N: N em of body text), which a container query compares with the width there is in the reader's
# own text size, as a screen's media query cannot (a nine-column table at 768 px with text at 200 % ran to
# 1,285 px, its row labels one letter a line). A screen narrower than N em at the default size is a fallback
# for reading systems without container queries.
# A letter's mean advance (a bold header's, capitals among them), a figure's character's (tabular digits,
# with narrow separators), and a cell's padding, in em of its font: a little over, rather than a word broken.
_LETTER_EM, _FIGURE_EM, _CELL_EM = 0.62, 0.55, 1.2
GRID_STEP = 4  # needs rounded up to steps: a set of rules per step a book uses, not per table
# A longer word (a web address) is broken in its cell, not given a column of its own width: a two-column
# table with one was a list of rows below 900 px.
LONGEST_WORD = 24
# Each kind of table's rules as a list of rows, and the mirrored ones of a book written right to left.
_KINDS = {
    "key-figures": (_key_figure_rows, _mirrored_rows),
    "text-table": (_text_table_rows, _mirrored_text_rows),
}


def grid_need(headers: Sequence[str], rows: Sequence[Sequence[str]], figures: Sequence[bool], style: Style) -> int:
    """The width, in em of the body text, under which a table is set as a list of rows: the sum of its
    columns' narrowest widths (a figure's whole, else the longest word, up to LONGEST_WORD letters), rounded
    up to a GRID_STEP."""
    total = 0.0
    for i, header in enumerate(headers):
        cells = [row[i] for row in rows if i < len(row)]
        words = [
            min(len(word), LONGEST_WORD) * _LETTER_EM
            for text in (header, *([] if figures[i] else cells))
            for word in text.split()
        ]
        total += max([*words, *(len(text) * _FIGURE_EM for text in cells if figures[i])], default=0) + _CELL_EM
    scale = max(style.sizes.table / style.sizes.body, MIN_EM)
    return GRID_STEP * math.ceil(total * scale / GRID_STEP)


def _table_rules(text_tables: bool, right_to_left: bool, grids: Collection[tuple[str, int]]) -> str:
    """Tables as lists of rows: on a narrow screen, and where a table's columns (`grids`: its kind and need,
    grid_need) do not fit."""

    def rows(kind: str, table: str) -> str:
        listed, mirrored = _KINDS[kind]
        return listed(table) + (mirrored(table) if right_to_left else "")

    narrow = rows("key-figures", "div.key-figures") + (rows("text-table", "div.text-table") if text_tables else "")
    rules = [f"@media (max-width: {NARROW}) {{\n{narrow}{_NARROW_COVER}}}"]
    if grids:  # the wrappers are the query containers
        wrappers = ", ".join(sorted({f"div.{kind}" for kind, _ in grids}))
        rules.append(f"{wrappers} {{ container-type: inline-size; }}")
    for kind, need in sorted(set(grids)):
        table = f"div.{kind}.grid-{need}"
        if need > NARROW_EM:
            rules.append(f"@media (max-width: {need}em) {{\n{rows(kind, table)}}}")
        rules.append(f"@container (max-width: {need}em) {{\n{rows(kind, table)}}}")
    return "\n".join(rules)


# A plain table's wrapper: it may run over pages (no break-inside rule), unlike key figures.
_TEXT_TABLES = "div.text-table { margin: 1.4em 0; }"


def stylesheet(
    style: Style,
    faces: list[tuple[FontFamily, str]],
    fonts: dict[Path, FontFile],
    figures: bool = False,
    lists: bool = False,
    notes: bool = False,
    right_to_left: bool = False,
    grids: Collection[tuple[str, int]] = (),
    fallback_fonts: Sequence[tuple[str, FontFile]] = (),
) -> str:
    """The edition's stylesheet; with the rules for figures, lists, footnotes, plain tables and passages
    written right to left only when the bulletin has any (one without keeps its stylesheet as it was).
    `grids`: each table's kind and the width it needs (grid_need); `fallback_fonts`: the style's fallback
    fonts the text needs (family name, file), after every family."""
    text_tables = any(kind == "text-table" for kind, _ in grids)
    c, s = style.colors, style.sizes
    body, heading, quote = style.font("body"), style.font("heading"), style.font("quote")
    caption, table, furniture = style.font("caption"), style.font("table"), style.font("furniture")

    def em(size: float) -> str:  # relative to the body size, as most rules are
        return _em(size, s.body)

    rules = ['@charset "utf-8";', '@namespace epub "http://www.idpf.org/2007/ops";']

    # With fallback fonts, the families leave out the combining long solidus (U+0338): a reading system
    # drew "≠", which they lack, as their "=" and that overlay ("=⁄"), not from the fallback font that has it.
    ranges = " unicode-range: U+0-337, U+339-10FFFF;" if fallback_fonts else ""
    faces_and_files = [(family.family, face, fonts[getattr(family, face)], ranges) for family, face in faces]
    for name, face, file, limits in [*faces_and_files, *((name, "regular", file, "") for name, file in fallback_fonts)]:
        font_style, weight = _FACE[face]
        rules.append(
            f"@font-face {{ font-family: {_string(name)}; font-style: {font_style}; "
            f"font-weight: {weight}; src: url({_string(_FROM_CSS + file.href)}) "
            f'format("truetype");{limits} }}'
        )
    fallback = [name for name, _ in fallback_fonts]

    rules.append(f"""
body {{ font-family: {_stack(body, fallback)}; line-height: {s.leading / s.body:.3g}; overflow-wrap: break-word; }}
p {{ margin: 0 0 0.7em; orphans: 2; widows: 2; }}
section.chapter p, blockquote p {{
  text-align: start;
  {"hyphens: auto; -webkit-hyphens: auto; -epub-hyphens: auto;" if style.layout.hyphenate else ""}
}}
span.phone {{ white-space: nowrap; }}
em {{ font-style: italic; }}
strong {{ font-weight: bold; }}

h1 {{
  font-family: {_stack(heading, fallback)}; font-weight: bold; font-size: {em(s.heading)}; line-height: 1.25;
  text-align: start; hyphens: manual; -webkit-hyphens: manual;
  margin: 1.2em 0 0.6em; padding-bottom: 0.3em; border-bottom: 2px solid {c.brand};
  page-break-after: avoid; break-after: avoid;
}}

blockquote {{
  font-family: {_stack(quote, fallback)}; font-size: {em(s.quote)};
  margin: 1.2em 0 1.2em 1.2em; padding: 0.1em 0 0.1em 0.9em; border-left: 2px solid {c.brand};
}}
blockquote p {{ margin: 0 0 0.4em; }}
blockquote footer {{
  font-family: {_stack(caption, fallback)}; font-size: {_em(s.body - 1, s.quote)};
  margin: 0.5em 0 0; text-align: start;
}}

aside.pull-quote {{
  font-family: {_stack(quote, fallback)}; font-style: italic; font-size: {em(s.pull_quote)}; line-height: 1.35;
  text-align: start; margin: 1.4em 0; padding: 0.7em 0;
  border-top: 2px solid {c.accent}; border-bottom: 2px solid {c.accent};
  page-break-inside: avoid; break-inside: avoid;
}}
aside.pull-quote p {{ margin: 0; text-align: start; hyphens: manual; -webkit-hyphens: manual; }}
aside.pull-quote p + p {{ margin-top: 0.4em; }}
aside.pull-quote footer {{
  font-family: {_stack(caption, fallback)}; font-style: normal; font-size: {_em(s.caption, s.pull_quote)};
  margin-top: 0.5em;
}}

div.key-figures {{ margin: 1.4em 0; page-break-inside: avoid; break-inside: avoid; }}
table {{
  width: 100%; border-collapse: collapse; font-family: {_stack(table, fallback)}; font-size: {em(s.table)};
  line-height: 1.3; font-variant-numeric: lining-nums tabular-nums;
}}
caption {{
  caption-side: top; text-align: start; font-family: {_stack(caption, fallback)}; font-weight: bold;
  font-size: {_em(s.caption, s.table)}; padding: 0 0 0.5em;
}}
th, td {{ padding: 0.4em 0.6em; text-align: start; vertical-align: top; border-bottom: 1px solid {c.tint};
  overflow-wrap: anywhere; }}
thead th, thead td {{ background-color: {c.brand}; color: {c.on_brand}; font-weight: bold; border-bottom: 0; }}
thead th a {{ color: inherit; text-decoration: underline; }}  /* a reader's link blue on the brand: 1.3:1 */
tbody th {{ font-weight: normal; }}
tbody tr:nth-child(even), tbody tr:nth-child(even) th, tbody tr:nth-child(even) td {{
  background-color: {c.tint}; color: {c.ink}; }}
th.num, td.num {{ text-align: right; }}
td.num {{ overflow-wrap: normal; }}
p.source {{
  font-family: {_stack(caption, fallback)}; font-size: {em(s.source)};
  margin: 0.5em 0 0; text-align: start;
}}

section.cover {{ font-family: {_stack(furniture, fallback)}; }}
section.cover p {{ text-align: start; hyphens: manual; -webkit-hyphens: manual; }}
.masthead {{ {f"background-color: {c.brand}; color: {c.on_brand};" if style.cover.band else ""}
  padding: 1.4em 1.2em 1.6em; border-top: 0.4em solid {c.brand}; margin: 0 0 1.6em; }}
.wordmark {{ font-weight: bold; font-size: {em(s.wordmark)}; letter-spacing: 0.02em; line-height: 1.1;
  margin: 0 0 1.6em; }}
.wordmark img.logo {{ display: block; width: {_em(style.cover.logo_width * PT_PER_MM, s.wordmark)}; max-width: 40%;
  height: auto; max-height: {_em(LOGO_MOST_HEIGHT * PAGE_SIZES_MM[style.page.size][1] * PT_PER_MM, s.wordmark)};
  object-fit: contain; object-position: left; }}
.title {{ font-family: {_stack(heading, fallback)}; font-weight: bold; font-size: {em(s.title)}; line-height: 1.1;
  margin: 0 0 0.3em; padding: 0; border: 0; }}
.subtitle {{ font-size: {em(s.subtitle)}; line-height: 1.3; margin: 0 0 1.2em; }}
.issue {{ font-family: {_stack(heading, fallback)}; font-size: {em(s.issue)}; font-weight: bold; margin: 0; }}
.date {{ font-size: {em(s.subtitle)}; margin: 0.3em 0 0; }}
.cover-publisher {{ font-size: {em(s.caption)}; margin: 3em 0 0; padding-top: 0.6em;
  border-top: 1px solid {c.brand}; }}
.cover-publisher .name {{ font-weight: bold; }}

nav {{ font-family: {_stack(heading, fallback)}; }}
nav[epub|type~="landmarks"], nav[epub|type~="page-list"] {{ display: none; }}
nav h1, nav h2 {{ font-size: {em(s.heading)}; margin: 0.6em 0 1em; padding-bottom: 0.4em;
  border-bottom: 1px solid {c.brand}; }}
nav ol {{ list-style-type: none; margin: 0; padding: 0; }}
nav ol ol {{ margin: 0.5em 0 0; padding: 0 0 0 1.2em; font-size: 0.92em; }}
nav li {{ margin: 0 0 0.6em; line-height: 1.3; }}
nav a {{ color: inherit; text-decoration: none; }}

section.colophon {{ font-family: {_stack(furniture, fallback)}; }}
section.colophon h1 {{ font-size: {em(s.caption)}; text-transform: uppercase; letter-spacing: 0.08em;
  padding-bottom: 0.4em; border-bottom: 1px solid {c.brand}; }}
section.colophon p, section.colophon address {{ font-style: normal; margin: 0 0 0.9em; text-align: start; }}
section.colophon .name {{ font-family: {_stack(heading, fallback)}; font-weight: bold; font-size: {em(s.subtitle)}; }}
section.colophon .rights {{ font-size: {em(s.caption)}; }}
""")
    rules.append(_article_rules(style, fallback))
    if figures:  # only a book with figures: one without keeps its stylesheet as it was
        rules.append(_figure_rules(style, fallback))
    if lists:
        rules.append(_list_rules(style))
    if notes:
        rules.append(_note_rules(style))
    if text_tables:
        rules.append(_TEXT_TABLES)
    if right_to_left:
        rules.append(_right_to_left_rules(style))
    rules.append(_table_rules(text_tables, right_to_left, grids))
    return "\n".join(rules).replace("\n  \n", "\n") + "\n"


def _article_rules(style: Style, fallback: Sequence[str]) -> str:
    """An article's byline and standfirst under its heading, its sub-headings, the introduction."""
    s = style.sizes  # no text colour: the reader's night theme must reach these too (see the module's note)
    heading, caption = style.font("heading"), style.font("caption")
    return f"""
section.chapter p.byline {{
  font-family: {_stack(caption, fallback)}; font-size: {_em(s.caption, s.body)};
  text-align: start; margin: -0.2em 0 0.8em; hyphens: manual; -webkit-hyphens: manual;
}}
section.chapter p.standfirst {{
  font-size: {_em(s.subtitle, s.body)}; line-height: 1.35; text-align: start; margin: 0 0 1em;
  hyphens: manual; -webkit-hyphens: manual;
}}
section.chapter h2 {{
  font-family: {_stack(heading, fallback)}; font-weight: bold; font-size: {_em(s.body + 1.5, s.body)};
  line-height: 1.25; text-align: start; hyphens: manual; -webkit-hyphens: manual;
  margin: 1.2em 0 0.4em; page-break-after: avoid; break-after: avoid;
}}
"""


def _figure_rules(style: Style, fallback: Sequence[str]) -> str:
    """A figure: the picture never wider than the page, centred, and its caption and credit centred under it
    (a portrait picture's caption started at the page's edge, far from it), the credit smaller."""
    s, caption = style.sizes, style.font("caption")
    return f"""
figure {{ margin: 1.2em 0; page-break-inside: avoid; break-inside: avoid; }}
figure img {{ display: block; max-width: 100%; max-height: 85vh; width: auto; height: auto; margin: 0 auto; }}
figcaption {{
  font-family: {_stack(caption, fallback)}; font-size: {_em(s.caption, s.body)}; line-height: 1.35;
  text-align: center; margin: 0.5em 0 0; hyphens: manual; -webkit-hyphens: manual;
}}
section.chapter figcaption p {{ margin: 0; text-align: center; hyphens: manual; -webkit-hyphens: manual; }}
figcaption .credit {{ font-size: {_em(s.source, s.caption)}; }}
"""


def _list_rules(style: Style) -> str:
    """Lists: classes l1 to l3 are the levels a list nests; each level's bullet or numerals as the style
    marks them, its items flowing as the text's paragraphs do. A label other than "1." (such as "a)")
    is written on the marker, where reading systems style markers; elsewhere the plain numerals show."""
    lists, indent = style.lists, _list_indent(style)
    rules = [
        f"""
section.chapter ul, section.chapter ol {{ margin: 0.4em 0 0.7em; padding: 0 0 0 {indent:.3g}em; }}
section.chapter li ul, section.chapter li ol {{ margin: 0; }}
section.chapter li {{
  margin: 0; text-align: start;
  {"hyphens: auto; -webkit-hyphens: auto; -epub-hyphens: auto;" if style.layout.hyphenate else ""}
}}"""
    ]
    schemes = [_LIST_STYLE_TYPES.get(lists.scheme(level), lists.scheme(level)) for level in range(1, LIST_LEVELS + 1)]
    for name in sorted(set(schemes) & set(_OWN_COUNTERS)):
        system, letters, _ = _OWN_COUNTERS[name]
        symbols = " ".join(_string(letter) for letter in letters)
        rules.append(f'@counter-style {name} {{ system: {system}; symbols: {symbols}; suffix: ". "; }}')
    for level, scheme in enumerate(schemes, 1):
        rules.append(f"ul.l{level} {{ list-style-type: {_string(lists.bullet(level) + EN_SPACE)}; }}")
        fallback = f"{_OWN_COUNTERS[scheme][2]}; list-style-type: " if scheme in _OWN_COUNTERS else ""
        rules.append(f"ol.l{level} {{ list-style-type: {fallback}{scheme}; }}")
        before, _, after = lists.numbers[level - 1].partition("{number}")
        if (before, after) != ("", "."):
            label = f"{_string(before) + ' ' if before else ''}counter(list-item, {scheme}) {_string(after + EN_SPACE)}"
            rules.append(f"ol.l{level} > li::marker {{ content: {label}; }}")
    return "\n".join(rules) + "\n"


def _list_indent(style: Style) -> float:
    """A list's indent in ems of the body text: the style's, at least room for a two-digit numeral."""
    return max(style.lists.indent * PT_PER_MM / style.sizes.body, 1.6)


def _right_to_left_rules(style: Style) -> str:
    """A block in a language written right to left (dir="rtl": a {lang=ar} passage, or the whole book) mirrors
    what is set on one side: a quote's rule and margin, a list's and a sub-heading's contents entry's indent
    (a table's list of rows: _mirrored_rows); a passage written left to right in it (dir="ltr") sets them as
    the rest of the stylesheet does. (Text is set from the line's start everywhere, text-align: start; these
    are plain left and right, which every reading system reads.)"""
    indent, brand = _list_indent(style), style.colors.brand
    return f"""
[dir="rtl"] blockquote, blockquote[dir="rtl"] {{
  margin: 1.2em 1.2em 1.2em 0; padding: 0.1em 0.9em 0.1em 0;
  border-left: 0; border-right: 2px solid {brand};
}}
[dir="rtl"] nav ol ol {{ padding: 0 1.2em 0 0; }}
[dir="rtl"] blockquote[dir="ltr"] {{
  margin: 1.2em 0 1.2em 1.2em; padding: 0.1em 0 0.1em 0.9em; border-right: 0; border-left: 2px solid {brand};
}}
[dir="rtl"] section.chapter ul, [dir="rtl"] section.chapter ol, section.chapter ul[dir="rtl"],
section.chapter ol[dir="rtl"], section.chapter [dir="rtl"] ul, section.chapter [dir="rtl"] ol {{
  padding: 0 {indent:.3g}em 0 0;
}}
[dir="rtl"] section.chapter ul[dir="ltr"], [dir="rtl"] section.chapter ol[dir="ltr"],
[dir="rtl"] section.chapter [dir="ltr"] ul, [dir="rtl"] section.chapter [dir="ltr"] ol {{
  padding: 0 0 0 {indent:.3g}em;
}}
"""


def _note_rules(style: Style) -> str:
    """Footnote references (a superscript that does not open the line) and the notes under a short rule."""
    c, s = style.colors, style.sizes
    return f"""
a[epub|type~="noteref"] {{ text-decoration: none; }}
a[epub|type~="noteref"] sup {{ font-size: 0.75em; line-height: 0; vertical-align: super; }}
div.footnotes {{ margin: 1.6em 0 0; padding-top: 0.5em; border-top: 1px solid {c.muted}; }}
aside[epub|type~="footnote"] {{ font-size: {_em(s.footnote, s.body)}; line-height: 1.35; margin: 0 0 0.5em; }}
aside[epub|type~="footnote"] p {{ margin: 0 0 0.3em; text-align: start; }}
"""
