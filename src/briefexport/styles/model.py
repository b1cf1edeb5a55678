"""The style as renderers read it: frozen dataclasses, one per table of a style file, and the numbering
it sets (section numerals, list marks)."""

from __future__ import annotations

import dataclasses
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..model import MAX_LIST_DEPTH
from ..printing import Printing
from ..translations import left_in_english, primary_subtag, translate

FONT_FACES = ("regular", "bold", "italic", "bold_italic")
FALLBACK = "fallback"  # fonts.fallback is the fallback chain, not a family


# Paper sizes a style may name, width x height in millimetres (the PDF and the DOCX both read this).
PAGE_SIZES_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
PT_PER_MM = 72 / 25.4  # style lengths are in millimetres; PDF and CSS lengths in points


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
_LARGEST_LETTERED = 26 * 30  # z written 30 times; above, a lettered list's label is arabic (a label's length)


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
    """`number` in a list scheme; in arabic numerals where the scheme has none for it (0, above 3999 in roman,
    above 780 in letters)."""
    largest = {"roman": _LARGEST_ROMAN, "alpha": _LARGEST_LETTERED}.get(scheme.rpartition("-")[2])
    if number < 1 or (largest is not None and number > largest):
        return str(number)
    if scheme.endswith("alpha"):  # as Word's lowerLetter and upperLetter count: a … z, aa, bb (CSS: aa, ab)
        written = string.ascii_uppercase[(number - 1) % 26] * ((number - 1) // 26 + 1)
    elif scheme.endswith("cyrillic"):
        written = alphabetic(number, CYRILLIC_LETTERS.upper())
    elif scheme.endswith("roman"):
        written = section_number(number - 1, "upper-roman")
    else:
        return str(number)
    return written.lower() if scheme.startswith("lower") else written


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

    def section_place(self, index: int, title: str) -> str:
        """Where an error is, in a bulletin that has no source line to give: "section IV. 'Trade'"."""
        return f"section {self.section_label(index) or index + 1} {title!r}"

    def section_scheme(self) -> str:
        """The sections' numerals, as lists name them: "upper-alpha" counts in the bulletin's alphabet, as its
        lists do (a Russian issue's sections were A., B. and its lists А), Б))."""
        scheme = self.numbering.sections
        return "upper-cyrillic" if scheme == "upper-alpha" and self.lists.alphabet == "cyrillic" else scheme

    def replace(self, **changes: Any) -> Style:
        """A copy with some tables replaced, e.g. page=dataclasses.replace(style.page, crop_marks=True). A word
        it gives a label, the footer or the mail is its own, and in_language leaves it as given (a service's
        "Inside This Issue" was printed "Contents", the built-in style's word, as a style file's is)."""
        new = dataclasses.replace(self, **changes)
        if "builtin_words" in changes:
            return new
        kept = tuple((key, english) for key, english in self.builtin_words if _word(new, key) == _word(self, key))
        return dataclasses.replace(new, builtin_words=kept) if kept != self.builtin_words else new


def _word(style: Style, key: str) -> object:
    """The style's word at `key` ("labels.contents")."""
    table, name = key.split(".")
    return getattr(getattr(style, table), name)


# The style's words that a built-in style says in English and translations.py in other languages.
TRANSLATED = (
    *(f"labels.{field.name}" for field in dataclasses.fields(Labels)),
    "footer.page",
    "mail.attached",
    "mail.contents",
    "mail.unsubscribe",
)


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
