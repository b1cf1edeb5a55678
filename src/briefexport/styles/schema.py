"""What a style file may say: each table's keys, their types and ranges, and the checks of the whole
(measures that fit a page, colours that contrast, fonts that are what they say, templates' fields)."""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import string
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from ..errors import DAMAGED, StyleError, allowed_list, suggest
from ..fields import Field, check_fields
from ..inputs import blank, character_complaint, file_head, picture, version
from ..printing import Printing, as_table, read_printing
from ..rules import header_problem, template_complaint
from .model import (
    FALLBACK,
    FONT_FACES,
    LIST_LEVELS,
    LIST_SCHEMES,
    PAGE_SIZES_MM,
    TRANSLATED,
    Colors,
    Cover,
    Docx,
    FontFamily,
    Footer,
    Footnotes,
    Header,
    Labels,
    Layout,
    Lists,
    Mail,
    Numbering,
    Page,
    Roles,
    Sizes,
    Style,
)
from .tomlfile import as_toml, refused_text

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


_LISTS = {  # each item checked later, with what a bullet, label or scheme may be
    "bullets": Field("strs", allow_empty=True),
    "numbers": Field("strs", allow_empty=True),
    "schemes": Field("strs", allow_empty=True),
    "indent": Field("number", check=lambda v: None if 2 <= v <= 30 else "must be from 2 to 30 (mm)"),
}


def read_lists(data: Any, checker: Callable[[tuple[str, ...]], tuple[Any, Any]]) -> Lists:
    """The [lists] table (absent, or any key left out: the defaults of Lists), checked with file:line errors."""
    if data is None:
        return Lists()
    line_of, file_of = checker(("lists",))
    check_fields(data, _LISTS, file=file_of, line_of=line_of, error=StyleError, where="lists.")
    for key in ("bullets", "numbers", "schemes"):
        values = data.get(key)
        if values is None:
            continue
        if len(values) != LIST_LEVELS:
            example = ", ".join(f'"{v}"' for v in getattr(Lists(), key))
            raise StyleError(
                f"lists.{key} must give {LIST_LEVELS}, one per level, e.g. [{example}]", file_of(key), line_of(key)
            )
        for value in values:
            complaint = _list_mark_complaint(key, value)
            if complaint:
                raise StyleError(f"lists.{key}: {value!r} {complaint}", file_of(key), line_of(key))
    default = Lists()
    return Lists(
        bullets=tuple(data.get("bullets", default.bullets)),
        numbers=tuple(data.get("numbers", default.numbers)),
        schemes=tuple(data.get("schemes", default.schemes)),
        indent=float(data.get("indent", default.indent)),
    )


def _list_mark_complaint(key: str, value: str) -> str | None:
    if key == "schemes":
        return None if value in LIST_SCHEMES else f"is no list scheme; allowed: {', '.join(LIST_SCHEMES)}"
    if not value.strip() or not value.isprintable() or len(value.replace("{number}", "")) > 8:
        return "must be 1 to 8 printable characters" + (" besides {number}" if key == "numbers" else "")
    if key == "numbers":
        try:
            fields = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
        except ValueError:
            fields = []
        if fields != ["number"]:
            return 'must hold {number} once and nothing else in braces, e.g. "{number}."'
    elif "{" in value or "}" in value:
        return "is a bullet, not a template: no braces"
    return None


# The style strings that are templates, and the fields each may use. Every other string is
# printed as written; in labels, which read like templates, a brace is refused.
_RUNNING = {"title", "subtitle", "issue", "date", "publisher", "short_name"}
TEMPLATE_FIELDS = {
    "header.left": _RUNNING,
    "header.right": _RUNNING,
    "footer.text": _RUNNING | {"address"},
    "footer.page": {"title", "issue", "page", "pages"},
    "cover.wordmark": {"title", "issue", "publisher", "short_name"},
    "numbering.label": {"number"},
    "mail.subject": _RUNNING,
}

# What a page and its type may measure: beyond these a bulletin cannot be set (a column too narrow for
# a table, a heading taller than a page, a margin no printer keeps), so a style is refused up front.
MM, PT = "mm", "points"
RANGES: dict[tuple[type, str], tuple[float, float, str]] = {
    # The running head stands 12 pt above the text, the footer's up to three lines of address from 19 pt
    # below it (furniture.py): at the largest furniture size, these margins keep both 3 mm from the trim.
    (Page, "margin_top"): (12, 60, MM),
    (Page, "margin_bottom"): (19, 60, MM),
    (Page, "margin_inner"): (5, 60, MM),
    (Page, "margin_outer"): (5, 60, MM),
    (Page, "columns"): (1, 3, ""),
    (Page, "gutter"): (2, 20, MM),
    (Page, "bleed"): (0, 10, MM),
    (Sizes, "body"): (6, 18, PT),
    (Sizes, "leading"): (7, 30, PT),
    (Sizes, "heading"): (8, 36, PT),
    (Sizes, "title"): (12, 60, PT),
    (Sizes, "subtitle"): (6, 36, PT),
    (Sizes, "issue"): (6, 36, PT),
    (Sizes, "quote"): (6, 24, PT),
    (Sizes, "pull_quote"): (6, 30, PT),
    (Sizes, "caption"): (5, 18, PT),
    (Sizes, "table"): (5, 18, PT),
    (Sizes, "source"): (5, 14, PT),
    (Sizes, "furniture"): (5, 10, PT),
    (Sizes, "wordmark"): (8, 60, PT),
    (Sizes, "footnote"): (5, 14, PT),
    (Cover, "logo_width"): (10, 150, MM),
}
MIN_COLUMN = 40  # mm: narrower, a key-figures table or a long word no longer fits a column
MIN_LEADING, MAX_LEADING = 1.15, 2.0  # times the body size: the leading's least and most (quotes and notes scale alike)
# Characters a column's line holds at least (one is about half its size wide): of body and quote text,
# and of a section heading, in a bold face and never hyphenated (a long word, "commemorates", must fit).
MIN_LINE = {"body": 25, "quote": 25, "heading": 20}

TABLES: dict[str, type] = {
    "page": Page,
    "roles": Roles,
    "colors": Colors,
    "docx": Docx,
    "sizes": Sizes,
    "numbering": Numbering,
    "header": Header,
    "footer": Footer,
    "cover": Cover,
    "labels": Labels,
    "layout": Layout,
    "mail": Mail,
    "footnotes": Footnotes,
}
TOP = {
    "name": Field("str", required=True),
    "label": Field("str", required=True),
    "extends": Field("str"),
    "fonts": Field("table", required=True),
    **{name: Field("table", required=True) for name in TABLES},
    "print": Field("table"),  # optional: without it every colour is converted and nothing is padded
    "lists": Field("table"),  # optional: without it lists are marked as Lists() says
}


def _field_for(cls: type, name: str, annotation: Any) -> Field:
    """The schema of one dataclass field, read off its type annotation."""
    if get_origin(annotation) is Literal:
        return Field("str", required=True, choices=tuple(get_args(annotation)))
    kind = {str: "str", float: "number", int: "int", bool: "bool", Path: "str"}[annotation]
    check: Callable[[Any], str | None] | None = None  # Field.check: given a value of `kind`
    if cls is Colors or (cls is Mail and name == "paper"):
        check = _hex_check
    elif cls is Mail and name == "width":
        check = _mail_width
    elif cls is Mail and name == "subject":  # a header: a line break in it would start another header
        check = _header_line
    elif cls is Layout and name == "letter_scaling":
        check = _letter_scaling
    elif (cls, name) in RANGES:
        check = _in_range(*RANGES[cls, name])
    elif kind in ("number", "int"):
        check = _nonnegative
    return Field(kind, required=True, check=check, allow_empty=kind == "str" and annotation is str)


def _header_line(value: str) -> str | None:
    problem = header_problem(value)
    return f"must be one line of plain text: it holds {problem}" if problem else None


def _hex_check(value: str) -> str | None:
    return None if _HEX.match(value) else "must be a colour written #RRGGBB"


def _mail_width(value: int) -> str | None:
    # Narrower than a phone's pane is unreadable; wider than 600 px is cut off in desktop clients' panes.
    return None if 320 <= value <= 600 else "must be from 320 to 600 (CSS pixels)"


def _letter_scaling(value: float) -> str | None:
    # Beyond 5 % a reader sees letters of one line wider than those of the next.
    return None if 0 <= value <= 5 else "must be from 0 to 5 (percent)"


def _in_range(low: float, high: float, unit: str) -> Callable[[float], str | None]:
    def check(value: float) -> str | None:
        return None if low <= value <= high else f"must be from {low:g} to {high:g}{f' ({unit})' if unit else ''}"

    return check


def _nonnegative(value: float) -> str | None:
    return None if value >= 0 else "must not be negative"


@functools.cache  # a dataclass's fields never change; check_style reads them on every render
def table_spec(cls: type) -> Mapping[str, Field]:
    hints = typing.get_type_hints(cls)
    return {f.name: _field_for(cls, f.name, hints[f.name]) for f in dataclasses.fields(cls)}


def check_style(style: Style) -> None:
    """Raise StyleError where a style made or changed in code (Style.replace) says what a style file may
    not: each table's keys, types, choices and ranges, its labels and templates, and what no one key can
    say (the columns' measures, the colours' contrast), and its fonts and pictures as the files were
    when it was read (a face of another typeface, or a family name that is not its fonts', set in
    code, rendered). page.size = "A9" set in code reached the renderers as a raw KeyError, and
    page.columns = 0 rendered."""
    checker = (lambda key: None), (lambda key="": "")  # (line_of, file_of): set in code, no file says it
    for name, cls in TABLES.items():
        table = getattr(style, name)
        if not isinstance(table, cls):
            raise StyleError(f"{name} must be a {cls.__name__} (a style's [{name}] table), not {type(table).__name__}")
        values = dict(vars(table))
        check_fields(values, table_spec(cls), file="", line_of=checker[0], error=StyleError, where=f"{name}.")
        check_templates(name, values, checker)
    check_measures(style.page, style.sizes, lambda prefix: checker, (style.file,))
    check_contrast(style.colors, style.mail, lambda prefix: checker, (style.file,))
    _check_outside_tables(style, lambda prefix: checker)


def _check_outside_tables(style: Style, checker: Callable[[tuple[str, ...]], tuple[Any, Any]]) -> None:
    """check_style's rules for what its tables do not hold: the name and label, the font families the
    roles name, each a typeface's four faces under its name, the logo's and fallback fonts' paths, the
    [lists] marks, and no character that no edition can carry in any text (set in code, a control
    character reached lxml as a raw ValueError)."""
    for key in ("name", "label"):
        if not isinstance(getattr(style, key), str) or blank(getattr(style, key)):
            raise StyleError(f"{key} must be a str that shows something, not {getattr(style, key)!r}")
    if not (isinstance(style.fonts, dict) and all(isinstance(f, FontFamily) for f in style.fonts.values())):
        raise StyleError("fonts must be a dict of names to FontFamily (a style's [fonts] table)")
    for role, family in vars(style.roles).items():
        if family not in style.fonts:
            fonts = sorted(style.fonts)
            raise StyleError(
                f"roles.{role} names font family {family!r}{suggest(family, fonts)}; families: {allowed_list(fonts)}"
            )
    _check_files(style)
    for name, family in style.fonts.items():  # as read_fonts checks a style file's (a trial swapped a face in code)
        faces = {face: getattr(family, face) for face in FONT_FACES}
        check_typeface(name, {**faces, "family": family.family}, checker, (style.file,))
    if not isinstance(style.print, Printing):
        raise StyleError(f"print must be a Printing (a style's [print] table), not {type(style.print).__name__}")
    read_printing(as_table(style.print), vars(style.colors), checker)  # pad=0 divided by zero, NaN inks printed
    if not (
        isinstance(style.builtin_words, tuple)
        and all(isinstance(w, tuple) and len(w) == 2 and w[0] in TRANSLATED for w in style.builtin_words)
    ):
        raise StyleError("builtin_words must be a tuple of (key, English words) pairs, keys from styles.TRANSLATED")
    if not isinstance(style.lists, Lists):
        raise StyleError(f"lists must be a Lists (a style's [lists] table), not {type(style.lists).__name__}")
    read_lists({key: as_toml(value) for key, value in vars(style.lists).items() if key != "alphabet"}, checker)
    texts = {"name": style.name, "label": style.label, "lists": vars(style.lists)}
    texts |= {name: vars(getattr(style, name)) for name in TABLES}
    refused = refused_text(as_toml(texts), ())
    if refused is not None:
        where, complaint = refused
        raise StyleError(f"{'.'.join(where)}: {complaint}")


def _check_files(style: Style) -> None:
    """The files a style made in code names: its families' faces and its fallback fonts TrueType files,
    its logo a picture within the limits (inputs.picture), and its generic families CSS's keywords. (A
    font given as /etc/passwd went into the EPUB; /dev/zero as the logo read until memory ran out.)"""
    generics = table_spec(FontFamily)["generic"].choices or ()
    for name, family in style.fonts.items():
        for face in FONT_FACES:
            _truetype(getattr(family, face), f"fonts.{name}.{face}")
        if family.generic not in generics:
            raise StyleError(f"fonts.{name}.generic is {family.generic!r}; allowed: {', '.join(generics)}")
        for key in ("family", "fallback"):
            if not isinstance(getattr(family, key), str) or blank(getattr(family, key)):
                raise StyleError(f"fonts.{name}.{key} must be a str that names a typeface")
            complaint = character_complaint(getattr(family, key))  # a re-trial's "Geor\x1bgia" reached lxml
            if complaint:
                raise StyleError(f"fonts.{name}.{key}: {complaint}")
    if not isinstance(style.fallback, tuple):
        raise StyleError("fallback must be a tuple of pathlib.Path (fonts.fallback)")
    for path in style.fallback:
        _truetype(path, "fonts.fallback")
    if style.logo_path is not None:
        if not isinstance(style.logo_path, Path):
            raise StyleError(f"logo_path must be a pathlib.Path or None, not {type(style.logo_path).__name__}")
        try:
            picture(style.logo_path.parent, style.logo_path.name, StyleError, style.logo_path, None)
        except StyleError as error:
            raise StyleError(f"logo_path is {str(style.logo_path)!r}: {error.message}") from None


def _truetype(path: object, key: str) -> None:
    if not isinstance(path, Path):
        raise StyleError(f"{key} must be a pathlib.Path to a .ttf, not {type(path).__name__}")
    try:
        font_file(path.parent, path.name, path, None)
    except StyleError as error:
        raise StyleError(f"{key} is {str(path)!r}: {error.message}") from None


def check_measures(page: Page, sizes: Sizes, checker: Any, files: tuple[Path, ...]) -> None:
    """What no one key's range can say: the columns the margins and gutter leave, the characters a
    column's line holds at the body's, the quote's and the heading's size, and the leading for the
    body's size. (The margins' ranges leave any page at least 159 mm of text height.) An error between
    two keys names the line of the one set nearest the style loaded: a brand that adds columns is told
    of its own line, not of the built-in style's size."""

    def nearest(*keys: tuple[str, str]) -> tuple[Path, int | None]:
        places = []
        for table, key in keys:
            line_of, file_of = checker((table,))
            places.append((file_of(key), line_of(key)))
        return min(places, key=lambda place: files.index(place[0]) if place[0] in files else len(files))

    geometry = [("page", name) for name in ("columns", "margin_inner", "margin_outer", "gutter", "size")]
    width = PAGE_SIZES_MM[page.size][0]
    column = (width - page.margin_inner - page.margin_outer - (page.columns - 1) * page.gutter) / page.columns
    if column < MIN_COLUMN:
        raise StyleError(
            f"page.columns: {page.columns} on {page.size} with these margins and gutter leave columns of "
            f"{column:.1f} mm; at least {MIN_COLUMN} mm is needed (fewer columns, or narrower margins or gutter)",
            *nearest(*geometry),
        )
    width = column * 72 / 25.4  # points
    for key, least in MIN_LINE.items():
        size = getattr(sizes, key)
        if width / (size / 2) < least:
            raise StyleError(
                f"sizes.{key} ({size:g}) sets about {width / (size / 2):.0f} characters a line in columns of "
                f"{column:.1f} mm; at most {2 * width / least:.1f} sets the {least} a line needs "
                "(a smaller size, or fewer columns)",
                *nearest(("sizes", key), *geometry),
            )
    if not MIN_LEADING * sizes.body <= sizes.leading <= MAX_LEADING * sizes.body:
        raise StyleError(
            f"sizes.leading ({sizes.leading:g}) must be {MIN_LEADING:g} to {MAX_LEADING:g} times sizes.body "
            f"({sizes.body:g}): closer, a line's descenders touch the next line's capitals; further, quotes "
            "and notes, which take the same ratio, are spaced past double",
            *nearest(("sizes", "leading"), ("sizes", "body")),
        )


def fallback_chain(value: object, checker: Any) -> tuple[Path, ...]:
    """fonts.fallback: a list of TrueType files, each resolved in the folder of the style that names it."""
    line_of, file_of = checker
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise StyleError(
            f'fonts.{FALLBACK} must be a list of TrueType font files, e.g. ["fonts/NotoSansMath-Regular.ttf"]',
            file_of(FALLBACK),
            line_of(FALLBACK),
        )
    folder, file, line = file_of(FALLBACK).parent, file_of(FALLBACK), line_of(FALLBACK)
    return tuple(dict.fromkeys(font_file(folder, relative, file, line) for relative in value))


def table_prefix(prefix: tuple[str, ...]) -> str:
    return "".join(f"{p}." for p in prefix)


# The longest label or template (a heading, a running head, the wordmark) a style may set, in characters: a
# designer's trial's 6,000-character wordmark filled the cover and ran off it. A title may have 300.
MAX_STYLE_TEXT = 200
_SHORT_TEXTS = frozenset({"labels", "header", "footer", "cover", "numbering"})
_LONG_LABELS = frozenset({"accessibility_summary", "accessibility_summary_pictures"})  # the EPUB's metadata


def check_templates(table: str, values: dict[str, Any], checker: Any) -> None:
    line_of, file_of = checker
    for key, value in values.items():
        allowed = TEMPLATE_FIELDS.get(f"{table}.{key}")
        if table in _SHORT_TEXTS and key not in _LONG_LABELS and isinstance(value, str) and len(value) > MAX_STYLE_TEXT:
            raise StyleError(
                f"{table}.{key} is {len(value):,} characters; at most {MAX_STYLE_TEXT} (a label or a line the "
                "pages print)",
                file_of(key),
                line_of(key),
            )
        if table == "labels" and isinstance(value, str) and ("{" in value or "}" in value):
            raise StyleError(f"labels.{key} is printed as written: braces are not allowed", file_of(key), line_of(key))
        if table == "labels" and isinstance(value, str) and blank(value):
            # A heading, a contents entry or the EPUB's title of a page: an empty one is no heading at all.
            raise StyleError(f"labels.{key} is empty: write the words every edition prints", file_of(key), line_of(key))
        if allowed is None or not isinstance(value, str):
            continue
        complaint = template_complaint(value, allowed)
        if complaint:
            raise StyleError(f"{table}.{key}{complaint}", file_of(key), line_of(key))


# The colours every edition sets text in, over what each is set on, and the contrast WCAG 2.1 AA asks of
# it (1.4.3): 4.5:1 for text, 3:1 for large text (the brand colour sets headings and titles). The EPUB
# declares that it meets AA; the PDF, Word copy and issue email set the same pairs.
WHITE = "#FFFFFF"
CONTRASTS: tuple[tuple[str, str, float, str], ...] = (
    ("colors.ink", "white", 4.5, "body text"),
    ("colors.ink", "colors.tint", 4.5, "text in table stripes and callouts"),
    ("colors.ink", "mail.paper", 4.5, "the issue email's text"),
    ("colors.muted", "white", 4.5, "captions, sources and bylines"),
    ("colors.muted", "mail.paper", 4.5, "the issue email's small print"),
    ("colors.link", "white", 4.5, "links"),
    ("colors.link", "mail.paper", 4.5, "the issue email's links"),
    ("colors.on_brand", "colors.brand", 4.5, "table headers and the cover band"),
    ("colors.brand", "white", 3.0, "headings and titles"),
    ("colors.brand", "mail.paper", 3.0, "the issue email's title"),
    # The PDF's pull quote is set in the brand colour on its tint box, its attribution muted; links stand
    # in table stripes (14 pt italic is no "large text" to WCAG: 4.5:1, as for any text).
    ("colors.brand", "colors.tint", 4.5, "pull quotes on their tint"),
    ("colors.muted", "colors.tint", 4.5, "pull quotes' attributions on their tint"),
    ("colors.link", "colors.tint", 4.5, "links in table stripes"),
)


def contrast(one: str, other: str) -> float:
    """WCAG 2.1's contrast ratio of two #RRGGBB colours, from 1 (the same) to 21 (black on white)."""

    def luminance(color: str) -> float:
        channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def check_contrast(colors: Colors, mail: Mail, checker: Any, chain: tuple[Path, ...]) -> None:
    """Every colour text is set in stands out from what it is set on, as CONTRASTS asks; an error names
    the line of the pair the style itself wrote."""
    tables = {"colors": colors, "mail": mail}

    def value(key: str) -> str:
        if key == "white":
            return WHITE
        table, name = key.split(".")
        return str(getattr(tables[table], name))

    for text, ground, least, what in CONTRASTS:
        ratio = contrast(value(text), value(ground))
        if ratio >= least:
            continue
        over = f"{ground} ({value(ground)})" if ground != "white" else "white"
        shown = math.floor(ratio * 100) / 100  # rounded down: 4.478 is no "4.5:1", which passes
        raise StyleError(
            f"{text} ({value(text)}) on {over} has a contrast of {shown:.2f}:1; the least for {what} is "
            f"{least:g}:1 (WCAG 2.1 AA, which the EPUB declares): make one darker or lighter",
            *_own_place(checker, chain, [text] if ground == "white" else [text, ground]),
        )


def _own_place(checker: Any, chain: tuple[Path, ...], keys: list[str]) -> tuple[Path, int | None]:
    """Where an error about `keys` ("colors.brand", "fonts.serif.bold") points: of the files of the style's
    `chain` (itself first, then the styles it extends), the nearest that sets one of them (a brand, rather
    than the style it extends; a child of a brand that sets neither colour of a failing pair is told of the
    brand's line, where it was told of a built-in style's, which no one edits); the first key's place if
    none does."""
    places = []
    for key in keys:
        *prefix, name = key.split(".")
        line_of, file_of = checker(tuple(prefix))
        places.append((file_of(name), line_of(name)))
    return min(places, key=lambda place: chain.index(place[0]) if place[0] in chain else len(chain))


def check_typeface(family: str, resolved: dict[str, Any], checker: Any, chain: tuple[Path, ...]) -> None:
    """A family's four faces are files of one typeface, and its `family` is that typeface's name: Word and
    the EPUB declare every face under it (a brand that extends another and sets some faces would keep
    the others, and the name, of the typeface it replaces). An error names the style's own line."""

    def at(key: str) -> tuple[Path, int | None]:
        return _own_place(checker, chain, [f"fonts.{family}.{k}" for k in (key, *FONT_FACES, "family")])

    names = {face: _typeface(resolved[face], version(resolved[face])) for face in FONT_FACES}
    regular = names["regular"][0]
    for face in FONT_FACES[1:]:
        typeface = names[face][0]
        if regular and typeface and typeface != regular:
            raise StyleError(
                f"fonts.{family}.{face} is a face of {typeface!r}, its regular one of {regular!r}: a family's "
                "four faces are one typeface (give each face of the new one, and its family name)",
                *at(face),
            )
    # The family name (ID 1), not the typographic one (ID 16): named "DejaVu Sans", a style's DejaVu Sans
    # ExtraLight (ID 1 "DejaVu Sans Light") sent LibreOffice to the installed DejaVu Sans (a designer's trial).
    if regular and names["regular"][1] and resolved["family"] != names["regular"][1]:
        named = names["regular"][1]  # the family name Word matches an embedded font by
        raise StyleError(
            f"fonts.{family}.family is {resolved['family']!r}, but its fonts are {named!r}, the name Word and "
            f"the EPUB find them by: write family = {named!r}",
            *at("family"),
        )


@functools.lru_cache(maxsize=256)  # the file's version in the key: a font replaced is read again
def _typeface(path: Path, stamp: tuple[int, int]) -> tuple[str | None, str | None]:
    """The typeface a TrueType file is a face of (its typographic family name, else its family name), and
    its family name ("DejaVu Sans" and "DejaVu Sans Condensed"); None for what the file lacks."""
    from fontTools.ttLib import TTFont, TTLibError  # read only here: the styles of a build share their fonts

    try:
        with TTFont(str(path), lazy=True) as font:
            names = font["name"]
            family: str | None = names.getDebugName(1)
            typographic: str | None = names.getDebugName(16)
            return typographic or family, family
    except (*DAMAGED, TTLibError):  # a damaged file: refused where the renderers read it
        return None, None


# The styles this package ships, with their fonts (package data; a real folder once installed).
BUILT_IN = Path(__file__).resolve().parent.parent / "builtin_styles"

# TrueType ('\0\1\0\0', 'true') and TrueType collections; CFF-flavoured OTF
# ('OTTO') is refused because ReportLab embeds only TrueType outlines.
_TTF_MAGIC = (b"\x00\x01\x00\x00", b"true")


def font_file(directory: Path, relative: str, file: Path, line: int | None) -> Path:
    try:
        font, magic = file_head(directory, relative, StyleError, file, line, "font file", 4, kinds=(".ttf", ".ttc"))
    except StyleError as error:
        # A built-in style's text (briefexport styles --show plain) saved as a brand's file: its fonts' paths
        # are read from the new file's folder, where they are not.
        if directory.resolve() != BUILT_IN and not (directory / relative).exists() and (BUILT_IN / relative).is_file():
            error.message += (
                "; it is a built-in style's font, read from that style's folder: begin the file with "
                'extends = "plain" (or another style) and set only what differs, or copy the font beside it'
            )
        raise
    if magic not in _TTF_MAGIC:
        raise StyleError(f"{relative!r} is not a TrueType font (.ttf with TrueType outlines)", file, line)
    return font
