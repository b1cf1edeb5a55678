"""Styles: one TOML file per brand, read by every renderer.

A style may `extends` another (plain.toml holds every key, so a brand states
only what differs). Tables become frozen dataclasses whose fields *are* the
schema: an unknown key, a missing key or a wrong type is a StyleError with
file:line. Font and logo paths are relative to the styles folder and may not
leave it. Renderers read colours, fonts and sizes only from here.

Hostile files are refused before they can exhaust the stack: tables and arrays
nested more than MAX_TOML_DEPTH levels, and chains of more than MAX_EXTENDS styles.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import string
import tomllib
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from .errors import StyleError, UnknownStyle, allowed_list, suggest
from .fields import Field, check_fields
from .inputs import NAME_MAX, blank, character_complaint, confined, file_head, picture, read_text, version
from .model import MAX_LIST_DEPTH
from .printing import Printing, as_table, read_printing
from .rules import header_problem, template_complaint
from .translations import left_in_english, primary_subtag, translate
from .validation import check_argument, check_path

# The styles this package ships, with their fonts (package data; a real folder once installed).
BUILT_IN = Path(__file__).resolve().parent / "builtin_styles"
_NAME = re.compile(r"[A-Za-z0-9_\-]+")
MAX_STYLE_NAME = NAME_MAX - len(".toml")

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
FONT_FACES = ("regular", "bold", "italic", "bold_italic")
FALLBACK = "fallback"  # fonts.fallback is the fallback chain, not a family


# Paper sizes a style may name, width x height in millimetres (the PDF and the DOCX both read this).
PAGE_SIZES_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
PT_PER_MM = 72 / 25.4  # style lengths are in millimetres; PDF and CSS lengths in points

# Tables and arrays inside one another, the file's own table being the first level. A style needs
# three ([fonts.serif]); tomllib recurses for each nested array or inline table and fails near 500.
MAX_TOML_DEPTH = 32
_TOO_DEEP = f"TOML nested deeper than {MAX_TOML_DEPTH} levels"
# Styles in one extends chain, the style itself included: a brand extends plain, perhaps a house style.
MAX_EXTENDS = 16

# What may hold a bracket that opens no array or inline table: strings (multi-line first) and comments.
# An unclosed string runs to the end of its text or line, so that every scan stays linear.
_TOML_TEXT = (
    r'"""(?:[^\\]|\\.)*?(?:"""(?!")|\Z)'  # multi-line basic string
    r"|'''.*?(?:'''(?!')|\Z)"  # multi-line literal string
    r'|"(?:[^"\\\n]|\\.)*(?:"|$)'  # basic string
    r"|'[^'\n]*(?:'|$)"  # literal string
    r"|#[^\n]*"  # comment
)
_TOML_STRINGS = re.compile(_TOML_TEXT, re.S | re.M)
_TOML_BRACKETS = re.compile(rf"{_TOML_TEXT}|(?P<open>[\[{{])|(?P<close>[\]}}])", re.S | re.M)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


@dataclass(frozen=True)
class Page:
    size: Literal["A4", "Letter"]
    margin_top: float
    margin_bottom: float
    margin_inner: float
    margin_outer: float
    columns: int
    gutter: float
    bleed: float
    crop_marks: bool


@dataclass(frozen=True)
class FontFamily:
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path
    family: str
    fallback: str
    # The CSS generic family the EPUB falls back on last: written into its style sheet as a keyword.
    generic: Literal["serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "math"]

    def faces(self) -> dict[str, Path]:
        return {face: getattr(self, face) for face in FONT_FACES}


@dataclass(frozen=True)
class Roles:
    body: str
    heading: str
    quote: str
    caption: str
    table: str
    furniture: str


ROLES = tuple(field.name for field in dataclasses.fields(Roles))  # every kind of text a style sets


@dataclass(frozen=True)
class Colors:
    ink: str
    brand: str
    accent: str
    tint: str
    on_brand: str
    muted: str
    link: str


@dataclass(frozen=True)
class Docx:
    """The Word edition: whether the style's fonts travel inside the file (subset to the text, obfuscated)."""

    embed_fonts: bool


@dataclass(frozen=True)
class Sizes:
    body: float
    leading: float
    heading: float
    title: float
    subtitle: float
    issue: float
    quote: float
    pull_quote: float
    caption: float
    table: float
    source: float
    furniture: float
    wordmark: float
    footnote: float


@dataclass(frozen=True)
class Numbering:
    sections: Literal["upper-roman", "lower-roman", "arabic", "upper-alpha", "none"]
    label: str


LIST_SCHEMES = (
    "arabic",
    "lower-alpha",
    "lower-roman",
    "upper-alpha",
    "upper-roman",
    "lower-latin",
    "upper-latin",
    "lower-cyrillic",
    "upper-cyrillic",
)
# The letters a Russian list counts in, as Word (russianLower) and LibreOffice do: ё, й, ъ and ь are left out.
CYRILLIC_LETTERS = "абвгдежзиклмнопрстуфхцчшщыэюя"
# Languages whose lists are lettered in CYRILLIC_LETTERS where a style says "alpha" (their own alphabet).
CYRILLIC_LISTS = ("ru",)
LIST_LEVELS = MAX_LIST_DEPTH  # the levels [lists] marks: lists nest no deeper
_LARGEST_ROMAN = 3999


@dataclass(frozen=True)
class Lists:
    """[lists]: each level's bullet, and a numbered list's label and numerals, for the levels a list
    nests (top first); `indent` (mm) is how much further in each level's text stands, its mark hung there."""

    bullets: tuple[str, ...] = ("•", "–", "◦")
    numbers: tuple[str, ...] = ("{number}.", "{number}.", "{number}.")
    schemes: tuple[str, ...] = ("arabic", "lower-alpha", "lower-roman")
    indent: float = 6.0
    # The letters of "alpha" schemes: the bulletin's alphabet, "latin" or "cyrillic" (Style.in_language)
    alphabet: Literal["latin", "cyrillic"] = "latin"

    def scheme(self, level: int) -> str:
        """The numerals of a numbered list `level` deep (1: a list in the text), as every format names them:
        "arabic", "lower-alpha" (Latin letters), "lower-cyrillic", "upper-roman", ...; an "alpha" scheme
        counts in the bulletin's alphabet, a "latin" one always in Latin letters."""
        written = self.schemes[min(level, LIST_LEVELS) - 1]
        case, _, kind = written.partition("-")
        if kind == "alpha" and self.alphabet == "cyrillic":
            return f"{case}-cyrillic"
        return f"{case}-alpha" if kind == "latin" else written

    def bullet(self, level: int) -> str:
        """The bullet of a list `level` deep (1: a list in the text)."""
        return self.bullets[min(level, LIST_LEVELS) - 1]

    def label(self, level: int, number: int) -> str:
        """The label of item `number` of a numbered list `level` deep, e.g. "3." or "c."."""
        at = min(level, LIST_LEVELS) - 1
        return self.numbers[at].format(number=list_number(number, self.scheme(level)))


def list_number(number: int, scheme: str) -> str:
    """`number` in a list scheme; in arabic numerals where the scheme has none for it (0, above 3999 in roman)."""
    if number < 1 or (scheme.endswith("roman") and number > _LARGEST_ROMAN):
        return str(number)
    if scheme.endswith("alpha"):
        written = alphabetic(number, string.ascii_uppercase)
    elif scheme.endswith("cyrillic"):
        written = alphabetic(number, CYRILLIC_LETTERS.upper())
    elif scheme.endswith("roman"):
        written = section_number(number - 1, "upper-roman")
    else:
        return str(number)
    return written.lower() if scheme.startswith("lower") else written


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


@dataclass(frozen=True)
class Header:
    left: str
    right: str


@dataclass(frozen=True)
class Footer:
    text: str
    page: str


@dataclass(frozen=True)
class Cover:
    wordmark: str
    logo: str
    logo_width: float
    band: bool


@dataclass(frozen=True)
class Labels:
    contents: str
    introduction: str  # the heading over the blocks before section I (an editor's note)
    source: str
    sources: str  # a source line that says "Sources:"; a brand that words only `source` has it here too
    colophon: str
    rights: str
    accessibility_summary: str  # EPUB schema:accessibilitySummary, in the edition's language
    accessibility_summary_pictures: str  # the same for an edition with pictures in the text (figures)
    notes: str  # the heading over the footnotes when they are set at the end of the bulletin


@dataclass(frozen=True)
class Footnotes:
    """Where the PDF, EPUB and text editions set footnotes ("section": at the end of the section that
    first refers to each; "end": all at the end of the bulletin, under labels.notes). Word sets them
    at the page foot, as a word processor does."""

    placement: Literal["section", "end"]


@dataclass(frozen=True)
class Layout:
    """Justification: `letter_scaling` is how far, in percent, the PDF may widen or narrow the letters of
    a justified line, with its spaces, so that fewer words are hyphenated and fewer lines loose."""

    justify: bool
    hyphenate: bool
    letter_scaling: float


@dataclass(frozen=True)
class Mail:
    """The issue email (briefexport mail): its subject template, its labels, the colour of its page
    and the widest its HTML body may be, in CSS pixels (600 is what mail clients' panes show whole)."""

    subject: str
    attached: str
    contents: str
    unsubscribe: str
    paper: str
    width: int


@dataclass(frozen=True)
class Style:
    name: str
    label: str
    file: Path
    page: Page
    fonts: dict[str, FontFamily]
    roles: Roles
    colors: Colors
    docx: Docx
    sizes: Sizes
    numbering: Numbering
    header: Header
    footer: Footer
    cover: Cover
    labels: Labels
    layout: Layout
    mail: Mail
    footnotes: Footnotes
    files: tuple[Path, ...] = ()  # the style file and every file it extends, child first
    logo_path: Path | None = None  # cover.logo, resolved in the folder of the file that names it
    print: Printing = dataclasses.field(default_factory=Printing)  # [print]: inks and padding (printing.py)
    # fonts.fallback: TrueType files the PDF switches to, character by character, for what the families lack
    fallback: tuple[Path, ...] = ()
    lists: Lists = dataclasses.field(default_factory=Lists)  # [lists]: bullets, numbers, indents
    # The words a built-in style file gave it, not the brand's own: (TRANSLATED key, as the file says it in
    # English), which in_language() says in the bulletin's language
    builtin_words: tuple[tuple[str, str], ...] = ()

    def in_language(self, language: str) -> Style:
        """This style with the words a built-in style gave it in `language`, where the catalogue has them
        (translations.py): a Russian bulletin in `plain` reads "Содержание", not "Contents". From the
        English, whatever language the style was last given: a style made Russian serves an English
        bulletin in English."""
        changes: dict[str, Any] = {}
        for key, english in self.builtin_words:
            table, name = key.split(".")
            translated = translate(english, language)
            if translated != getattr(getattr(self, table), name):
                changes[table] = dataclasses.replace(changes.get(table) or getattr(self, table), **{name: translated})
        alphabet: Literal["latin", "cyrillic"] = "cyrillic" if primary_subtag(language) in CYRILLIC_LISTS else "latin"
        if alphabet != self.lists.alphabet:  # a Russian list's items are а), б), в), not a), b), c)
            changes["lists"] = dataclasses.replace(self.lists, alphabet=alphabet)
        return dataclasses.replace(self, **changes) if changes else self

    def in_english(self, key: str, language: str) -> str | None:
        """ "en" when the label `key` ("labels.notes") is a built-in style's English word that `language` has no
        translation of, for a lang="en" on it; None for a brand's own word (Italian "Note" is Italian) and a
        translated one."""
        english = dict(self.builtin_words).get(key)
        table, name = key.split(".")
        if english is None or getattr(getattr(self, table), name) != english:
            return None
        return left_in_english(english, language)

    def font(self, role: str) -> FontFamily:
        return self.fonts[getattr(self.roles, role)]

    def section_label(self, index: int) -> str:
        """The label before the title of section `index` (0-based), e.g. "IV."; "" when unnumbered."""
        number = section_number(index, self.section_scheme())
        return self.numbering.label.format(number=number) if number else ""

    def section_scheme(self) -> str:
        """The sections' numerals, as lists name them: "upper-alpha" counts in the bulletin's alphabet, as its
        lists do (a Russian issue's sections were A., B. and its lists А), Б))."""
        scheme = self.numbering.sections
        return "upper-cyrillic" if scheme == "upper-alpha" and self.lists.alphabet == "cyrillic" else scheme

    def replace(self, **changes: Any) -> Style:
        """A copy with some tables replaced, e.g. page=dataclasses.replace(style.page, crop_marks=True)."""
        return dataclasses.replace(self, **changes)


# The style's words that a built-in style says in English and translations.py in other languages.
TRANSLATED = (
    *(f"labels.{field.name}" for field in dataclasses.fields(Labels)),
    "footer.page",
    "mail.attached",
    "mail.contents",
    "mail.unsubscribe",
)

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

_TABLES: dict[str, type] = {
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
_TOP = {
    "name": Field("str", required=True),
    "label": Field("str", required=True),
    "extends": Field("str"),
    "fonts": Field("table", required=True),
    **{name: Field("table", required=True) for name in _TABLES},
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
def _spec(cls: type) -> Mapping[str, Field]:
    hints = typing.get_type_hints(cls)
    return {f.name: _field_for(cls, f.name, hints[f.name]) for f in dataclasses.fields(cls)}


_KEY_PART = r'"[^"\n]*"|\'[^\'\n]*\'|[A-Za-z0-9_\-]+'
_DOTTED_KEY = re.compile(rf"^((?:{_KEY_PART})(?:\s*\.\s*(?:{_KEY_PART}))*)\s*=")


class _Lines:
    """Line numbers of TOML keys: tomllib keeps none, so find `key =` (or `a.b =`) under its [table]."""

    def __init__(self, text: str) -> None:
        self.keys: dict[tuple[str, ...], int] = {}
        table: tuple[str, ...] = ()
        for number, line in enumerate(text.split("\n"), 1):
            stripped = line.strip()
            header = re.match(r"^\[\s*([A-Za-z0-9_.\- \"]+?)\s*\]", stripped)
            if header:
                table = tuple(part.strip().strip('"') for part in header.group(1).split("."))
                self.keys.setdefault(table, number)
                continue
            key = _DOTTED_KEY.match(stripped)
            if key:
                parts = (part.strip("\"'") for part in re.findall(_KEY_PART, key.group(1)))
                self.keys.setdefault((*table, *parts), number)

    def of(self, *path: str) -> int | None:
        return self.keys.get(path)

    def first_under(self, path: tuple[str, ...]) -> int | None:
        """The line of the first key at or under `path`, else of the nearest table above it."""
        under = [line for key, line in self.keys.items() if key[: len(path)] == path]
        if under:
            return min(under)
        return next((line for n in range(len(path) - 1, 0, -1) if (line := self.of(*path[:n]))), None)


def alphabetic(n: int, letters: str) -> str:
    """`n` (from 1) counted in `letters` as CSS's alphabetic counters count: a, b, ..., z, aa, ab, ..."""
    written = ""
    while n:
        n, rem = divmod(n - 1, len(letters))
        written = letters[rem] + written
    return written


def section_number(index: int, scheme: str) -> str:
    n = index + 1
    if scheme == "none":
        return ""
    if scheme == "arabic":
        return str(n)
    if scheme == "upper-alpha":
        return alphabetic(n, string.ascii_uppercase)
    if scheme == "upper-cyrillic":
        return alphabetic(n, CYRILLIC_LETTERS.upper())
    numerals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    roman = ""
    for value, numeral in numerals:
        count, n = divmod(n, value)
        roman += numeral * count
    return roman if scheme == "upper-roman" else roman.lower()


def style_names(directory: Path) -> list[str]:
    """The styles a folder offers: its .toml files, but links that lead out of it (never read: find_style)
    or nowhere (a loop of links raised RuntimeError here)."""
    inside = directory.resolve()

    def offered(path: Path) -> bool:
        try:
            return path.resolve().is_relative_to(inside) and path.is_file()
        except (OSError, RuntimeError):
            return False

    return sorted(p.stem for p in directory.glob("*.toml") if offered(p))


def style_folders(folders: str | Path | Iterable[str | Path] | None) -> list[Path]:
    """The folders a style name is looked up in, in order: those given, then the built-in styles. A
    TypeError with a plain message for anything else (a number, bytes, a list holding one); a StyleError
    for a folder that is not there (a mistyped one left only the built-in styles, without a word)."""
    if folders is None or isinstance(folders, str | Path):
        given = [] if folders is None else [folders]
    elif isinstance(folders, Iterable) and not isinstance(folders, bytes):
        given = list(folders)
        for folder in given:
            check_argument("each style folder", folder, (str, Path))
    else:
        raise TypeError(f"style folders must be a str, Path, several of them or None, got {type(folders).__name__}")
    for folder in given:
        check_path("a style folder", folder)
        if not Path(folder).is_dir():
            raise StyleError(f"style folder {str(folder)!r} is not a folder that exists")
    return list(dict.fromkeys([*map(Path, given), BUILT_IN]))


def load_style(name_or_path: str | Path, style_dir: str | Path | Iterable[str | Path] | None = None) -> Style:
    """A style by name, looked up in `style_dir` (one folder or several, in order; named as render's) and
    then among the built-in styles; or by path to its .toml (a path is the caller's to give: see find_style).
    Never hand it a source's own `style:` value: render() with no style reads that, by name only."""
    check_argument("name_or_path", name_or_path, (str, Path))
    check_path("name_or_path", name_or_path)
    candidate = Path(name_or_path)
    if isinstance(name_or_path, Path) and candidate.suffix != ".toml":  # a trial's Path was told of style names
        raise StyleError(f"style file {str(name_or_path)!r} is no .toml: give a style's .toml, or its name as a str")
    path = candidate if candidate.suffix == ".toml" else find_style(str(name_or_path), style_folders(style_dir))
    if candidate.suffix == ".toml" and not candidate.exists() and candidate.parent == Path("."):
        # "-s mybrand.toml" for styles/mybrand.toml: a .toml is a path, a name finds a style in the folders
        beside = next((f for f in style_folders(style_dir) if f != BUILT_IN and (f / candidate.name).is_file()), None)
        if beside is not None:
            raise StyleError(
                f"style not found; did you mean the style {candidate.stem!r} (its name, without .toml), in {beside}?",
                candidate,
            )
    data, origin, files = _load_chain(path)
    return _build(data, origin, path, files)


def check_style(style: Style) -> None:
    """Raise StyleError where a style made or changed in code (Style.replace) says what a style file may
    not: each table's keys, types, choices and ranges, its labels and templates, and what no one key can
    say (the columns' measures, the colours' contrast), and its fonts and pictures as the files were
    when it was read (a face of another typeface, or a family name that is not its fonts', set in
    code, rendered). page.size = "A9" set in code reached the renderers as a raw KeyError, and
    page.columns = 0 rendered."""
    checker = (lambda key: None), (lambda key="": "")  # (line_of, file_of): set in code, no file says it
    for name, cls in _TABLES.items():
        table = getattr(style, name)
        if not isinstance(table, cls):
            raise StyleError(f"{name} must be a {cls.__name__} (a style's [{name}] table), not {type(table).__name__}")
        values = dict(vars(table))
        check_fields(values, _spec(cls), file="", line_of=checker[0], error=StyleError, where=f"{name}.")
        _check_templates(name, values, checker)
    _check_measures(style.page, style.sizes, lambda prefix: checker, (style.file,))
    _check_contrast(style.colors, style.mail, lambda prefix: checker, (style.file,))
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
        _check_typeface(name, {**faces, "family": family.family}, checker, (style.file,))
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
    read_lists({key: _as_toml(value) for key, value in vars(style.lists).items() if key != "alphabet"}, checker)
    texts = {"name": style.name, "label": style.label, "lists": vars(style.lists)}
    texts |= {name: vars(getattr(style, name)) for name in _TABLES}
    refused = _refused_text(_as_toml(texts), ())
    if refused is not None:
        where, complaint = refused
        raise StyleError(f"{'.'.join(where)}: {complaint}")


def _check_files(style: Style) -> None:
    """The files a style made in code names: its families' faces and its fallback fonts TrueType files,
    its logo a picture within the limits (inputs.picture), and its generic families CSS's keywords. (A
    font given as /etc/passwd went into the EPUB; /dev/zero as the logo read until memory ran out.)"""
    generics = _spec(FontFamily)["generic"].choices or ()
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
        _font_file(path.parent, path.name, path, None)
    except StyleError as error:
        raise StyleError(f"{key} is {str(path)!r}: {error.message}") from None


def _as_toml(value: Any) -> Any:
    """A value as a style file would hold it: tuples as lists, in tables as dicts."""
    if isinstance(value, dict):
        return {key: _as_toml(item) for key, item in value.items()}
    return [_as_toml(item) for item in value] if isinstance(value, tuple | list) else value


# What `extends` may name: no path, so that a style never reads outside its own folder.
EXTENDS_NAMES = " (a built-in style, or another style file in this folder, by its name without .toml)"


def find_style(
    name: str,
    folders: list[Path],
    otherwise: str = "; or give a path to a .toml",
    elsewhere: str = " (a folder of your own: --style-dir, or style_dir= in the library)",
    asking: str | None = None,
) -> Path:
    """The .toml of style `name` in the first of `folders` that has it; symbolic links may not lead out.
    `otherwise`, after the rule for a name, says what the caller could give instead; `elsewhere`, after an
    unknown name, where else a style could be; `asking`, the style whose `extends` names it, is never the
    one suggested (Brand.toml's extends = "brand" was told: did you mean "Brand"?)."""
    if not _NAME.fullmatch(name):
        raise StyleError(f"style name {name!r} may hold only letters, digits, - and _{otherwise}")
    if len(name) > MAX_STYLE_NAME:  # its file's name would be longer than a file system allows
        raise StyleError(f"style name {name[:40]!r}… is {len(name)} characters long; at most {MAX_STYLE_NAME}")
    for folder in folders:
        if (folder / f"{name}.toml").is_file():
            return confined(folder, f"{name}.toml", StyleError, folder / f"{name}.toml", None)
    known = sorted({n for folder in folders for n in style_names(folder)})
    searched = ", ".join("the built-in styles" if f == BUILT_IN else str(f) for f in folders)
    others = [n for n in known if n != asking]
    raise UnknownStyle(
        f"unknown style {name!r}{suggest(name, others)}; looked in {searched}; styles there: "
        f"{allowed_list(known) or 'none'}{elsewhere}"
    )


def _read_toml(path: Path) -> tuple[dict[str, Any], _Lines]:
    text = read_text(path, StyleError, "style")
    _check_brackets(text, path)  # tomllib recurses into each nested array or inline table
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "syntax error"
        if message == "Cannot overwrite a value" and line is not None:  # tomllib's words for a key given twice
            twice_set = text.splitlines()[line - 1].partition("=")[0].strip()
            message = f"{twice_set} is set twice in one table; keep one"
        elif twice := re.fullmatch(r"Cannot declare \((.*)\) twice", message):
            table = ".".join(re.findall(r"'([^']*)'", twice.group(1)))
            message = f"[{table}] is declared twice; merge the two tables"
        raise StyleError(f"TOML syntax: {message}", path, line) from None
    lines = _Lines(text)
    deep = _too_deep(data, 1)  # [a.b.c…] headers and a.b.c… keys nest tables without brackets
    if deep is not None:
        keys: list[str] = []
        for key in deep:  # the tables' names, up to the first array
            if not isinstance(key, str):
                break
            keys.append(key)
        raise StyleError(_TOO_DEEP, path, lines.first_under(tuple(keys)) or 1)
    refused = _refused_text(data, ())
    if refused is not None:  # a TOML escape ("\u0000") gives what no edition can carry (XML, CSS, mail)
        where, complaint = refused
        raise StyleError(f"{'.'.join(where)}: {complaint}", path, lines.first_under(where) or 1)
    return data, lines


def _refused_text(data: dict[str, Any], prefix: tuple[str, ...]) -> tuple[tuple[str, ...], str] | None:
    """The first key under `data` whose text (or a text in its array) holds a character no edition can carry."""
    for key, value in data.items():
        where = (*prefix, key)
        if isinstance(value, dict):
            found = _refused_text(value, where)
            if found is not None:
                return found
            continue
        for item in value if isinstance(value, list) else [value]:
            complaint = character_complaint(item) if isinstance(item, str) else None
            if complaint is not None:
                return where, complaint
    return None


def _check_brackets(text: str, path: Path) -> None:
    """Refuse arrays and inline tables nested too deep before tomllib recurses into them."""
    if _bracket_depth(_NOT_BRACKET.sub("", _TOML_STRINGS.sub("", text))) < MAX_TOML_DEPTH:
        return  # fewer open brackets than levels: the file's own table is one level more
    depth = 0  # too deep: find the line, scanning again with positions
    for match in _TOML_BRACKETS.finditer(text):
        if match.group("open"):
            depth += 1
            if depth >= MAX_TOML_DEPTH:
                raise StyleError(_TOO_DEEP, path, text.count("\n", 0, match.start()) + 1)
        elif match.group("close") and depth:
            depth -= 1


def _bracket_depth(brackets: str) -> int:
    """How deep a string of nothing but brackets nests, counted up to MAX_TOML_DEPTH."""
    depth = 0
    for char in brackets:
        if char in "[{":
            depth += 1
            if depth >= MAX_TOML_DEPTH:
                break
        elif depth:
            depth -= 1
    return depth


def _too_deep(value: object, depth: int) -> list[str | int] | None:
    """The keys to the first table or array in `value` (at level `depth`) nested deeper than MAX_TOML_DEPTH."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(item, (dict, list)):
            if depth >= MAX_TOML_DEPTH:
                return [key]
            found = _too_deep(item, depth + 1)  # at most MAX_TOML_DEPTH calls deep
            if found is not None:
                return [key, *found]
    return None


# Where each key came from, so an error in an inherited key names the right file.
_Origin = dict[tuple[str, ...], tuple[Path, _Lines]]


def _load_chain(path: Path) -> tuple[dict[str, Any], _Origin, tuple[Path, ...]]:
    """The style at `path` merged over every style it extends, followed one file at a time; and those files."""
    chain: list[tuple[Path, dict[str, Any], _Lines]] = []
    seen: list[Path] = []
    while True:
        data, lines = _read_toml(path)
        if path.resolve() in seen:
            names = " -> ".join(p.stem for p in [*seen, path.resolve()])
            hidden = (BUILT_IN / path.name).is_file() and path.resolve() != (BUILT_IN / path.name).resolve()
            if hidden and len(seen) == 1:  # styles/aircenter.toml with extends = "aircenter": a new user's first brand
                raise StyleError(
                    f"style extends itself ({names}): a file named like the built-in style {path.stem!r} hides it, "
                    f"so it cannot extend it; name it otherwise (e.g. {path.stem}-brand.toml, then "
                    f"style: {path.stem}-brand)",
                    path,
                    lines.of("extends"),
                )
            raise StyleError(f"style extends itself ({names})", path, lines.of("extends"))
        seen.append(path.resolve())
        chain.append((path, data, lines))
        parent_name = data.get("extends")
        if parent_name is None:
            break
        if not isinstance(parent_name, str):
            raise StyleError("extends must be the name of another style", path, lines.of("extends"))
        try:
            # Only beside the file: the folders a build or render was given are not this file's to reach.
            beside = (
                f" (extends finds a style beside this file or a built-in one: put {parent_name}.toml in {path.parent})"
            )
            parent = find_style(parent_name, style_folders(path.parent), EXTENDS_NAMES, beside, path.stem)
        except StyleError as error:
            raise StyleError(f"extends: {error.message}", path, lines.of("extends")) from None
        if len(chain) >= MAX_EXTENDS and parent.resolve() not in seen:  # a loop is named as one, below
            raise StyleError(f"extends chain longer than {MAX_EXTENDS} styles", path, lines.of("extends"))
        path = parent
    merged: dict[str, Any] = {}
    origin: _Origin = {}
    for path, data, lines in reversed(chain):  # the root first: each child's keys win
        colours = merged.get("colors")
        before = dict(colours) if isinstance(colours, dict) else {}
        _merge(merged, data, origin, (), path, lines)
        _inks_follow_colours(merged, data, before, origin)
    return merged, origin, tuple(path for path, _, _ in chain)


def _inks_follow_colours(merged: dict[str, Any], data: dict[str, Any], before: dict[str, Any], origin: _Origin) -> None:
    """Forget the print ink of each colour `data` changes without naming an ink for it: an ink was chosen for
    its colour's RGB (a brand that extended aircenter with its own burgundy printed aircenter's navy), and a
    colour without one is converted through the output profile."""
    printing = merged.get("print")
    inks = printing.get("colors") if isinstance(printing, dict) else None
    colours, own = data.get("colors"), data.get("print")
    own_inks = own.get("colors") if isinstance(own, dict) else None
    if not isinstance(inks, dict) or not isinstance(colours, dict):
        return
    for name, value in colours.items():
        same = str(before.get(name)).upper() == str(value).upper()  # "#14365d" is aircenter's "#14365D"
        if name in inks and not same and not (isinstance(own_inks, dict) and name in own_inks):
            del inks[name]
            origin.pop(("print", "colors", name), None)


def _merge(
    into: dict[str, Any], data: dict[str, Any], origin: _Origin, prefix: tuple[str, ...], path: Path, lines: _Lines
) -> dict[str, Any]:
    """Deep-merge `data` over `into`, recording which file set each key."""
    for key, value in data.items():
        where = (*prefix, key)
        origin[where] = (path, lines)
        if isinstance(value, dict):
            target = into[key] if isinstance(into.get(key), dict) else {}
            into[key] = _merge(target, value, origin, where, path, lines)
        else:
            into[key] = value
    return into


def _build(data: dict[str, Any], origin: _Origin, path: Path, files: tuple[Path, ...]) -> Style:
    def checker(prefix: tuple[str, ...]) -> tuple[Any, Any]:
        """line_of and file_of for keys under prefix, following each key to the file that set it."""

        def where(key: str) -> tuple[Path, _Lines | None]:
            return origin.get((*prefix, key)) or origin.get(prefix) or (path, None)

        def line_of(key: str) -> int | None:
            lines = where(key)[1]
            return (lines.of(*prefix, key) or lines.of(*prefix) or 1) if lines else None

        return line_of, lambda key="": where(key)[0]

    def check(table: dict[str, Any], spec: Mapping[str, Field], prefix: tuple[str, ...]) -> None:
        line_of, file_of = checker(prefix)
        check_fields(table, spec, file=file_of, line_of=line_of, error=StyleError, where=_where(prefix))

    check(data, _TOP, ())
    tables: dict[str, Any] = {}
    for name, cls in _TABLES.items():
        check(data[name], _spec(cls), (name,))
        tables[name] = cls(**data[name])
        _check_templates(name, data[name], checker((name,)))

    _check_measures(tables["page"], tables["sizes"], checker, files)
    _check_contrast(tables["colors"], tables["mail"], checker, files)
    fonts: dict[str, FontFamily] = {}
    font_spec = _spec(FontFamily)
    fallback = _fallback(data["fonts"].get(FALLBACK, []), checker(("fonts",)))
    for family, faces in data["fonts"].items():
        if family == FALLBACK:
            continue
        prefix = ("fonts", family)
        line_of, file_of = checker(prefix)
        if not isinstance(faces, dict):
            raise StyleError(f"fonts.{family} must be a table of font files", file_of(), line_of(family))
        check(faces, font_spec, prefix)
        resolved = dict(faces)
        for face in FONT_FACES:
            resolved[face] = _font_file(file_of(face).parent, faces[face], file_of(face), line_of(face))
        _check_typeface(family, resolved, checker, files)
        fonts[family] = FontFamily(**resolved)
    for role, family in dataclasses.asdict(tables["roles"]).items():
        if family not in fonts:
            line_of, file_of = checker(("roles",))
            raise StyleError(
                f"roles.{role} names font family {family!r}{suggest(family, fonts)}; families: {allowed_list(fonts)}",
                file_of(role),
                line_of(role),
            )

    def built_in(key: str) -> bool:
        found = origin.get(tuple(key.split(".")))
        return found is not None and found[0].resolve().parent == BUILT_IN

    # A brand that words its source label ("Data") and not the plural says the same over several sources.
    own_source = not built_in("labels.source")
    if own_source and built_in("labels.sources"):
        tables["labels"] = dataclasses.replace(tables["labels"], sources=tables["labels"].source)
    builtin = [
        (key, data[key.split(".")[0]][key.split(".")[1]])
        for key in TRANSLATED
        if built_in(key) and not (key == "labels.sources" and own_source)
    ]
    cover: Cover = tables["cover"]
    logo = None
    if cover.logo:
        line_of, file_of = checker(("cover",))
        logo = picture(file_of("logo").parent, cover.logo, StyleError, file_of("logo"), line_of("logo"))
    return Style(
        name=data["name"],
        label=data["label"],
        file=path,
        fonts=fonts,
        files=files,
        logo_path=logo,
        fallback=fallback,
        print=read_printing(data.get("print"), data["colors"], checker, files),
        lists=read_lists(data.get("lists"), checker),
        builtin_words=tuple(builtin),
        **tables,
    )


def _check_measures(page: Page, sizes: Sizes, checker: Any, files: tuple[Path, ...]) -> None:
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


def _fallback(value: object, checker: Any) -> tuple[Path, ...]:
    """fonts.fallback: a list of TrueType files, each resolved in the folder of the style that names it."""
    line_of, file_of = checker
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise StyleError(
            f'fonts.{FALLBACK} must be a list of TrueType font files, e.g. ["fonts/NotoSansMath-Regular.ttf"]',
            file_of(FALLBACK),
            line_of(FALLBACK),
        )
    folder, file, line = file_of(FALLBACK).parent, file_of(FALLBACK), line_of(FALLBACK)
    return tuple(dict.fromkeys(_font_file(folder, relative, file, line) for relative in value))


def key_origin(style: Style, key: str) -> tuple[str, int | None]:
    """The file of the style's chain that sets `key` ("lists.bullets"), the style's own first, and the
    key's line there; the style's own file when none sets it (for an error about a value it holds); no
    file ("", None) when the value is not the one that file says: set in code (Style.replace), or a
    built-in style's word said in the bulletin's language."""
    path = key.split(".")
    value: Any = style
    for part in path:
        value = getattr(value, part, None)
    for file in style.files:
        try:
            data, lines = _read_toml(file)
        except StyleError:
            continue
        node: Any = data
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        if node is not None:
            return (str(file), lines.of(*path)) if node == _as_toml(value) else ("", None)
    return (str(style.files[0]), None) if style.files else ("", None)


def style_inputs(style: Style) -> list[Path]:
    """Every file a style reads: its TOML chain, its fonts, its logo (for rebuild checks)."""
    files = list(style.files)
    for family in style.fonts.values():
        files += family.faces().values()
    files += style.fallback
    if style.logo_path:
        files.append(style.logo_path)
    return list(dict.fromkeys(files))


def _where(prefix: tuple[str, ...]) -> str:
    return "".join(f"{p}." for p in prefix)


def _check_templates(table: str, values: dict[str, Any], checker: Any) -> None:
    line_of, file_of = checker
    for key, value in values.items():
        allowed = TEMPLATE_FIELDS.get(f"{table}.{key}")
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


def _check_contrast(colors: Colors, mail: Mail, checker: Any, chain: tuple[Path, ...]) -> None:
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


def _check_typeface(family: str, resolved: dict[str, Any], checker: Any, chain: tuple[Path, ...]) -> None:
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
    if regular and resolved["family"] not in names["regular"]:
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
    from fontTools.ttLib import TTFont  # read only here: the styles of a build share their fonts

    try:
        with TTFont(str(path), lazy=True) as font:
            names = font["name"]
            family: str | None = names.getDebugName(1)
            typographic: str | None = names.getDebugName(16)
            return typographic or family, family
    except Exception:  # a damaged file: refused where the renderers read it
        return None, None


# TrueType ('\0\1\0\0', 'true') and TrueType collections; CFF-flavoured OTF
# ('OTTO') is refused because ReportLab embeds only TrueType outlines.
_TTF_MAGIC = (b"\x00\x01\x00\x00", b"true")


def _font_file(directory: Path, relative: str, file: Path, line: int | None) -> Path:
    font, magic = file_head(directory, relative, StyleError, file, line, "font file", 4, kinds=(".ttf", ".ttc"))
    if magic not in _TTF_MAGIC:
        raise StyleError(f"{relative!r} is not a TrueType font (.ttf with TrueType outlines)", file, line)
    return font
