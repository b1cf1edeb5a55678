"""The rules a bulletin's content keeps, wherever it comes from.

The loader (the sources package) holds a source to them and names the file and line;
validation.py holds a model built in code or read from JSON to the same rules and
names the field. Both import them from here, so that the two cannot drift: a
limit or a pattern lives in one place. No I/O and no parser: importing this
costs two regular expressions.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import string
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit, urlunsplit

from .errors import suggest
from .model import LOCALITY_FIELDS, URL_SCHEMES, NumberCell
from .translations import primary_subtag, translate

if TYPE_CHECKING:
    from babel import Locale

# The title block and section titles are set whole on one page (cover, running heads, headings, contents)
# and each edition's metadata: a cap on their length keeps every format's layout fast and on the page.
MAX_TITLE_CHARS = 300

# A word wider than a column is broken over lines of its own, and ReportLab measures the rest of such a
# word again at every column it breaks it in: one of 100,000 characters took 8 s to set, 200,000 half a
# minute; 10,000 take 0.3 s. No word of a text is this long (a web address written out runs to hundreds).
MAX_WORD_CHARS = 10_000

# A footnote, a table's cell, caption, note or source, a figure's caption or credit and an attribution are set
# in ReportLab's paragraphs, which set what is left of a text again at each column it breaks in: a footnote of
# 40,000 characters took 2 s, of 80,000 seven, a table cell of 320,000 half a minute. This is about 1,600
# words, four columns of the two-column PDF; a section's paragraphs take any length, in linear time.
MAX_NOTE_CHARS = 10_000

# A figure keeps its value as a float, which holds any 15 digits exactly: every edition prints a figure
# from its value, so one with more digits would print other digits than were written.
MAX_FIGURE_DIGITS = 15

# The longest unit a figure may carry ("2.5 million USD"): a unit is a word or two, not a sentence.
MAX_UNIT_CHARS = 40

# ISO 639-2's bibliographic codes, from library catalogues ("ger" where the terminology code is "deu"):
# BCP 47 writes each language with its two-letter code, and a reader or Word knows the tag by that alone.
ISO_639_2_B = frozenset(
    {"alb", "arm", "baq", "bur", "chi", "cze", "dut", "fre", "geo", "ger"}
    | {"gre", "ice", "mac", "mao", "may", "per", "rum", "slo", "tib", "wel"}
)

LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
LANGUAGE_RULE = "must be a language tag such as en or az-Latn"
# Region subtags written for the country meant: "en-UK" names no country (the United Kingdom is GB), and
# an edition declaring it is read as plain "en", American.
REGION_MEANT = {("en", "UK"): "GB", ("uk", "UK"): "UA", ("el", "EL"): "GR"}


@lru_cache(maxsize=256)  # validate() asks again for every passage of a language, on every render
def language_complaint(tag: str) -> str | None:
    """Why `tag` is no language tag an edition can declare, or None: BCP 47's shape, and a language,
    script and region that CLDR names ("en-UK" is refused: did you mean en-GB?). Variants pass as
    written."""
    if not LANGUAGE_TAG.match(tag):
        meant = _usual_form(tag) or _language_named(tag)
        return f"{LANGUAGE_RULE}; did you mean {meant!r}?" if meant and not language_complaint(meant) else LANGUAGE_RULE
    from babel import Locale  # CLDR's code lists, read only when there is a tag to check
    from babel.core import get_global

    names = Locale("en")
    language, *rest = tag.split("-")
    alias = get_global("language_aliases").get(language)
    spelt = language.startswith(alias) if isinstance(alias, str) else False
    if len(language) == 3 and isinstance(alias, str) and len(alias) == 2 and (spelt or language in ISO_639_2_B):
        # "aze", "rus", "ger": ISO 639-2 spellings that BCP 47 writes with two letters, as readers and Word
        # know them (a more specific language of a macrolanguage, "cmn" for Mandarin, is a tag of its own)
        return f"{tag!r} is written {'-'.join([alias, *rest])!r} in BCP 47 (its two-letter code)"
    if len(language) == 2 and language not in names.languages:  # three letters: many ISO 639-3 codes CLDR lacks
        return f"{tag!r} names language {language!r}, which is no language code (ISO 639) such as en, az or ru"
    if len(language) == 3 and language not in names.languages and language[:2] in names.languages:
        # "azz" for az: a code of a language CLDR has no data for, one letter from one it has. Taken, it gave
        # an Azerbaijani issue English labels and dates, and Word a Nahuatl language tag, without a word.
        return (
            f"{tag!r} names language {language!r}, of which CLDR knows no dates, figures or labels; "
            f"did you mean {'-'.join([language[:2], *rest])!r}?"
        )
    for part in rest:
        if len(part) == 4 and part.isalpha() and part.title() not in names.scripts:
            return f"{tag!r} names script {part!r}, which is no script code (ISO 15924) such as Latn or Cyrl"
        region = (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit())
        if region and part.upper() not in names.territories:
            meant = REGION_MEANT.get((language, part.upper()))
            hint = f"; did you mean {tag.replace('-' + part, '-' + meant)!r}?" if meant else ""
            return f"{tag!r} names region {part!r}, which is no country code (ISO 3166){hint}"
    return None


def _usual_form(tag: str) -> str | None:
    """`tag` with BCP 47's usual separator and case ("RU" -> "ru", "ru_RU" -> "ru-RU", "AZ-latn" ->
    "az-Latn"), when that is a tag's shape; else None."""
    language, *rest = tag.replace("_", "-").split("-")
    parts = [language.lower()] + [
        part.title() if len(part) == 4 and part.isalpha() else part.upper() if len(part) == 2 else part.lower()
        for part in rest
    ]
    usual = "-".join(parts)
    return usual if usual != tag and LANGUAGE_TAG.match(usual) else None


def _language_named(name: str) -> str | None:
    """The code of the language `name` names in English or in itself ("German", "deutsch" -> "de"), or None."""
    if not name.replace(" ", "").isalpha():
        return None
    return _language_names().get(name.casefold())


@lru_cache(maxsize=1)
def _language_names() -> dict[str, str]:
    """Language names, in English and in their own language, to their codes: CLDR's, for the languages it
    has data for (read once, for an error: about half a second)."""
    from babel import Locale, localedata

    english = Locale("en").languages
    names = {}
    for code, name in english.items():
        if len(code) == 2 and localedata.exists(code):
            names[name.casefold()] = code
            own = Locale(code).languages.get(code)
            names.setdefault(own.casefold() if own else name.casefold(), code)
    return names


# Scripts written right to left (ISO 15924), those of languages written today and of a few ancient ones
# scholars quote: a passage's script, written in its tag ("az-Arab") or the one CLDR's likely subtags give
# its language and region ("pa-PK": Arab, "pa": Guru), decides its direction (EPUB dir="rtl", Word w:rtl
# and w:bidi), as CLDR's character order decides a whole book's.
RIGHT_TO_LEFT_SCRIPTS = frozenset(
    {"adlm", "arab", "armi", "hebr", "mand", "nkoo", "phnx", "rohg", "samr", "syrc", "thaa", "yezi"}
)
# Languages CLDR has no likely script for that are written right to left (their primary subtag).
RIGHT_TO_LEFT = frozenset({"pnb"})


@lru_cache(maxsize=256)  # asked for every passage of every render
def right_to_left(tag: str) -> bool:
    """Whether a language tag names a language or script written right to left ("ar", "fa-IR", "az-Arab",
    "pa-PK"); a script subtag decides ("ug-Latn" is left to right)."""
    from babel.core import get_global  # CLDR's likely subtags, read once

    language, *rest = tag.lower().split("-")
    script = next((part for part in rest if len(part) == 4 and part.isalpha()), None)
    if script is None:
        likely = get_global("likely_subtags")
        regions = [part.upper() for part in rest if len(part) == 2 and part.isalpha()]
        full = next(
            (likely[key] for key in (*(f"{language}_{region}" for region in regions), language) if key in likely),
            None,
        )
        script = next((part.lower() for part in full.split("_")[1:] if len(part) == 4), None) if full else None
    return script in RIGHT_TO_LEFT_SCRIPTS if script else language in RIGHT_TO_LEFT


def first_strong(text: str) -> str | None:
    """The direction of the first letter of `text` that has one (Unicode's bidi class L, or R/AL as "R"),
    as HTML's dir="auto" decides a paragraph's; None for text of digits and punctuation alone."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "L"
        if kind in ("R", "AL"):
            return "R"
    return None


def reads_left_to_right(text: str) -> bool:
    """Whether `text`, standing in text written right to left, is set left to right of its own: its first
    letter with a direction is not right to left, or it has none (an English address, a figure, a phone
    number: set right to left, "−22.5%" read "22.5%−" and "12 Corniche Road" "Corniche Road … 12")."""
    return first_strong(text) != "R"


# RFC 5322's dot-atom local part and a DNS name with a dot: what every server and client accepts, and what
# `briefexport mail` sends from (the publisher's) and to. Quoted local parts and IP-literal domains are legal
# but are what typos and injections look like.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
EMAIL = re.compile(
    rf"^{_ATEXT}(?:\.{_ATEXT})*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{{0,61}}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{{0,62}}$"
)
EMAIL_RULE = "must be an address such as info@example.org (ASCII, no spaces, a domain with a dot)"

WEBSITE_SCHEMES = ("http", "https")

# Joiners that scripts spell words with (Persian "محمد‌رضا" holds a ZWNJ): format characters, never a break.
_JOINERS = frozenset("\u200c\u200d")
# RFC 2047's encoded form, "=?utf-8?q?...?=": the email package and mail programs decode it, and what it
# decodes to may hold a line break, which starts a header of its own (Bcc:) in the message written.
_ENCODED_WORD = re.compile(r"=\?[^?\s]*\?[bBqQ]\?[^?\s]*\?=")
LINE_BREAK = "a line break or control character"


def _unwritable(char: str) -> bool:
    """A control, format or line-separating character that is not a joiner: no header may hold it."""
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") and char not in _JOINERS


def header_problem(text: str) -> str | None:
    """What in `text` could start a mail header of its own once written in one (a subject, a name): a
    control, format or line-separating character that is not a joiner (LINE_BREAK), or RFC 2047's encoded
    form; None when nothing. The mail checks what it sends by it, a style its subject template."""
    if any(_unwritable(char) for char in text):
        return LINE_BREAK
    if _ENCODED_WORD.search(text):
        return "text in RFC 2047's encoded form (=?…?=), which mail programs decode"
    return None


# A figure as written (README, "Figures"): a qualifier, a currency before or after, a sign, a number or a
# range, a scale word, a unit, a trailing plus. Each part is a named group, so that every edition prints
# the figure from its own text, part by part, and the model's fields come from the same match.
QUALIFIERS = "~≈<>≤≥"
CURRENCY_SYMBOLS = "$€£¥₼₺₽₹"
SCALES = {
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "bn": 10**9,
    "mn": 10**6,
    "m": 10**6,  # only after a currency: "$5m"; "100 m" is a hundred metres
}
NO_FIGURE = ("", "—", "–", "-", "n/a")  # a figure column's cell that holds no figure

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+|\d+)(?:\.\d+)?|\.\d+"
# A figure's signs: an en dash before its number is read as the minus it stands for ("–0.4", as word processors
# and editors type it: a statistician's trial found every such cell refused).
MINUSES = "-\u2212\u2013"
SIGNS = "+" + MINUSES
SIGN = f"[{re.escape(SIGNS)}]"
_CURRENCY = rf"[{re.escape(CURRENCY_SYMBOLS)}]|[A-Z]{{3}}"


def _figure_pattern(scales: Iterable[str]) -> re.Pattern[str]:
    """A figure as written, with any of `scales` for its scale word."""
    scale = "|".join(re.escape(word) for word in sorted(scales, key=len, reverse=True))
    return re.compile(
        rf"^(?P<qualifier>[{QUALIFIERS}])?\s?"
        rf"(?:(?P<sign>{SIGN})?(?P<before>{_CURRENCY})(?P<gap>\s?))??"
        rf"(?P<low>{SIGN}?(?:{_DIGITS}))"
        rf"(?:(?P<dash>\s?[\-\u2013]\s?)(?P<high>{SIGN}?(?:{_DIGITS})))?"
        rf"(?:(?P<scale_gap>\s?)(?P<scale>{scale})(?![^\W\d_]))?"
        # a unit, or a currency symbol alone or per unit ("47 €/MWh", "80 $/bbl": read_figure takes the
        # currency apart from the unit, as from "€47/MWh")
        rf"(?:(?P<percent>\s?%)|\s(?P<after>[^\W\d_][^|]{{0,{MAX_UNIT_CHARS - 1}}}?"
        rf"|[{re.escape(CURRENCY_SYMBOLS)}](?:/[^\W\d_][^|]{{0,{MAX_UNIT_CHARS - 3}}}?)?)"
        # ... or a price per unit right after its number ("€0.12/kWh", "$9/MMBtu", as energy reporting writes)
        rf"|(?P<per>/[^\W\d_][^|]{{0,{MAX_UNIT_CHARS - 2}}}?))?"  # (each lazy: "$9/MMBtu+" ends in a qualifier)
        rf"(?P<plus>\+)?$"
    )


_FIGURE = _figure_pattern(SCALES)


@lru_cache(maxsize=32)
def _scales(language: str) -> tuple[dict[str, int], re.Pattern[str]]:
    """The scale words a figure in `language` may carry, and the pattern that reads them: English's, and the
    language's own from CLDR's compact number formats (ru млн, млрд, тыс.; de Mio., Mrd.; az mln, mlrd;
    fr M, Md and milliard, whose "billion" is a million millions). One of a single letter (fr M, k; tr B)
    is a scale only beside a currency, as English "m" is (read_figure)."""
    if primary_subtag(language) == "en":
        return SCALES, _FIGURE
    own: dict[str, int] = {}
    for width in ("short", "long"):
        for forms in locale_for(language).compact_decimal_formats.get(width, {}).values():  # by plural form
            for magnitude, form in forms.items():
                written = getattr(form, "pattern", str(form))  # "0 млн", "00 Mrd'.'"
                # the scale word alone ("0 Mrd'.'": quotes mark a literal dot), and none of two ("0 mil M")
                words = re.sub("[0\u00a4]", " ", written.replace("'", "")).split()
                if len(words) == 1 and any(char.isalpha() for char in words[0]):
                    own.setdefault(words[0], int(magnitude) // 10 ** (written.count("0") - 1))
    # Written with a full stop too, as abbreviations are: Azerbaijani reporting's "5,8 mlrd. manat", Russian
    # "млрд. руб." (read as 5.8 with a unit "mlrd. manat", a value a billion times too small, without a word).
    own.update({f"{word}.": value for word, value in own.items() if not word.endswith(".") and len(word) > 1})
    scales = {**SCALES, **own}
    return scales, _figure_pattern(scales)


_CODE_AT_END = re.compile(r"(?:^|\s)(?P<code>[A-Z]{3})$")
# a unit that holds a range's second price ("/kWh–€0.15/kWh", "/MWh – 52 €/MWh"); not a unit of money
# ("per €1,000", "tCO2/€1m") or a price's year ("$/t (2020 $)")
_SYMBOL = f"[{re.escape(CURRENCY_SYMBOLS)}]"
_PRICE_IN_UNIT = re.compile(rf"[\-\u2013]\s?(?:{_SYMBOL}\s?{SIGN}?\d|\d[\d.,]*\s?{_SYMBOL})")
_CURRENCY_PER = re.compile(rf"(?P<currency>{_SYMBOL}|[A-Z]{{3}})(?=/)")  # "€/MWh", "EUR/MWh": a currency per unit

_FORMS = (
    "write a figure in one of these forms: 92.12%, {grouped}, .5, "
    "+18.8%, −2.85 or –2.85 (a sign), $5.8 billion, USD 5.8 billion, 5.8 billion USD or 12 million € "
    "(a currency symbol $ € £ ¥ ₼ ₺ ₽ ₹ or ISO code, before or after; a scale thousand, million, billion, "
    "trillion, bn, mn, or m after a currency), {thousand} MW, 47 €/MWh or €0.12/kWh (a unit), 3–5 bcm or 3-5% "
    "(a range), ~200, ≈200, <5, >50, ≤5, ≥5 or 50+ (a qualifier); —, –, n/a or an empty cell for no figure"
)
FIGURE_FORMS = _FORMS.format(grouped="90,272 or 1 000 (grouped with commas or spaces)", thousand="1,000")


def figure_forms(language: str) -> str:
    """The forms a figure may be written in, for an error: where `language` writes a decimal comma, its own
    notation too and no thousands grouped with commas, which read two ways there ("90,272"); where it groups
    with an apostrophe, that too."""
    group = comma_notation(language)
    own = [f"1{'.' if group == '.' else ' '}234,5 or +18,8 %"] if group else []
    own += ["12'500 (grouped with apostrophes)"] if _apostrophe_group(language) else []
    none = translate("n/a", language)
    own += [f"{none} for no figure"] if none != "n/a" else []
    also = f"; in {language!r} also {', and '.join(own)}" if own else ""
    if not group:
        return FIGURE_FORMS + also
    if group == ".":
        return _FORMS.format(grouped="1.000 or 1 000 (grouped with dots or spaces)", thousand="1.000") + also
    return _FORMS.format(grouped="1 000 (grouped with spaces)", thousand="1 000") + also


def with_decimal_point(text: str, language: str) -> str | None:
    """`text`, a figure with a decimal comma in a language that writes a decimal point ("12,5" in English),
    with the point: what its writer meant; None where that is not it (the language writes a comma, or
    the comma groups thousands, or the text is no figure either way). A scale word of another language
    in it becomes the language's own ("€1,2 Mrd." in English: "€1.2 billion", not a unit "Mrd.")."""
    if comma_notation(language) or text.count(",") != 1 or re.search(r",\d{3}(?!\d)", text):
        return None
    pointed = text.replace(",", ".")
    cell = parse_number(in_point_notation(pointed, language), language)
    if cell is None:
        return None
    return in_own_scale(pointed, cell, language) or pointed


# Languages whose scale words editors paste into a bulletin in English, from a German or Russian source.
_PASTED_FROM = ("de", "fr", "ru", "uk", "az", "tr", "es", "it", "pt", "pl", "nl")
_ENGLISH_SCALES = {10**3: "thousand", 10**6: "million", 10**9: "billion", 10**12: "trillion"}


def in_own_scale(text: str, cell: NumberCell, language: str) -> str | None:
    """`text`, a figure read as `cell` in `language` whose unit opens with another language's scale word of
    three letters or more, abbreviated or in its own script ("Mrd.", "млн"), with the scale word English
    writes ("billion"); None when it has none. A reader of the model took "€1.2 Mrd." for 1.2 with a unit
    "Mrd." where every edition printed it as written."""
    if primary_subtag(language) != "en" or not cell.unit:
        return None
    word = cell.unit.split()[0]
    # An abbreviation ("Mrd.", "Mio.", "тыс.") or a word in another script ("млн"): only then are the other
    # languages' scale words read (eleven locales: a third of a second, which "bcm" or "tons" never pays).
    # One of fewer than three letters (French "M", Turkish "B") is a unit as often as a scale.
    if len(word) < 3 or not (word.endswith(".") or not word.isascii()):
        return None
    value = next((found for other in _PASTED_FROM if (found := _scales(other)[0].get(word))), None)
    return text.replace(word, _ENGLISH_SCALES[value], 1) if value in _ENGLISH_SCALES else None


@dataclass(frozen=True)
class WrittenFigure:
    """A figure as written, taken apart: the regex match, with the model's fields worked out from it."""

    match: re.Match[str]
    cell: NumberCell
    scale: int  # what its scale word multiplies by: 10**9 for "billion", 1 for none

    def numbers(self) -> list[tuple[int, int]]:
        """Where its number (or a range's two numbers) stand in the text: (start, end) pairs."""
        return [self.match.span(name) for name in ("low", "high") if self.match[name] is not None]


def _decimal(literal: str) -> Decimal:
    return Decimal(re.sub(r"[,\s\u00a0\u202f\u2009]", "", re.sub(f"[{MINUSES}]", "-", literal)))


def read_figure(text: str, language: str = "en") -> WrittenFigure | None:
    """A figure as written taken apart, or None when the text is not one (FIGURE_FORMS says what is); its
    scale word may be one of `language` too (_scales)."""
    written = text.strip()
    scales, pattern = _scales(language)
    match = pattern.match(written)
    if not match:
        return None
    currency, after = match["before"], match["after"] or match["per"]
    if currency is not None and currency.isalpha() and not match["gap"]:
        return None  # "USD5": a code is a word, set apart from its number
    if currency is not None and currency.isalpha() and currency not in _currencies():
        return None
    after = after.rstrip() if after is not None else None  # "1,000 MW +": the space is the qualifier's
    unit: str | None = "%" if match["percent"] else after
    if after is not None:
        if _PRICE_IN_UNIT.search(after):
            return None  # "€0.12/kWh–€0.15/kWh": one currency per figure (a range: "€0.12–0.15/kWh")
        per = _CURRENCY_PER.match(after)
        if per is not None and (len(per["currency"]) == 1 or per["currency"] in _currencies()):
            found, rest = per["currency"], after[per.end() :]  # "47 €/MWh", "47 EUR/MWh": as "€47/MWh" is
        else:
            code = _CODE_AT_END.search(after)
            # a symbol alone after the number, or after its unit or scale word ("5,8 Mrd. €")
            alone = after[-1] in CURRENCY_SYMBOLS and (len(after) == 1 or after[-2].isspace())
            found = after[-1] if alone else (code["code"] if code and code["code"] in _currencies() else None)
            rest = after[: len(after) - len(found or "")]
        if found is not None:
            if currency is not None:
                return None  # one currency per figure
            currency = found
            unit = rest.strip() or None
    scale_word = match["scale"]
    if scale_word is not None and sum(char.isalpha() for char in scale_word) == 1 and currency is None:
        # "100 m" is a hundred metres, "$100m" a hundred million dollars; French "12 M €" twelve million euros;
        # Finnish "5 t." five of a unit t., not 5,000
        scale_word, unit = None, written[match.start("scale") : match.start("plus") if match["plus"] else None].strip()
    scale = scales[scale_word] if scale_word else 1
    if match["sign"] and match["low"][0] in SIGNS:
        return None  # "-$-5": one sign
    low = _decimal((match["sign"] or "") + match["low"]) * scale
    high = None if match["high"] is None else _decimal(match["high"]) * scale
    qualifier = match["qualifier"] or ("+" if match["plus"] else None)
    if match["qualifier"] and match["plus"]:
        return None  # "~50+": one qualifier
    values = [float(low)] + ([] if high is None else [float(high)])
    if not all(math.isfinite(v) for v in values):
        return None
    cell = NumberCell(
        value=values[0],
        text=written,
        unit=unit,
        currency=currency,
        high=None if high is None else values[1],
        qualifier=qualifier,
    )
    return WrittenFigure(match, cell, scale)


def read_before_prices(cell: NumberCell) -> tuple[str | None, str | None, str | None]:
    """The unit, currency and qualifier that read_figure gave `cell`'s text before 2026-12-02, which dumps
    of then hold: a currency per unit in the unit ("€/MWh", no currency), a trailing plus in it too."""
    unit, currency, qualifier = cell.unit, cell.currency, cell.qualifier
    text = cell.text.strip()
    if qualifier == "+" and unit is not None and text.endswith("+"):
        unit, qualifier = text[text.rindex(unit) :], None  # "/MMBtu+", "MW +"
    if currency is not None and unit is not None and cell.unit is not None and f"{currency}{cell.unit}" in text:
        unit, currency = currency + unit, None  # "47 €/MWh": the unit "€/MWh"
    return unit, currency, qualifier


_SPACES_IN_FIGURES = " \u00a0\u202f\u2009"


@lru_cache(maxsize=32)
def locale_for(language: str) -> Locale:
    """The CLDR locale of a language tag; unknown tags fall back to English."""
    from babel import Locale, UnknownLocaleError  # CLDR's data, read only where a figure or date needs it

    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        try:
            return Locale.parse(language.split("-")[0])
        except (UnknownLocaleError, ValueError):
            return Locale.parse("en")


@lru_cache(maxsize=64)
def comma_notation(language: str) -> str | None:
    """How `language` groups thousands when it writes a decimal comma ("." or a space), or None when it
    writes a decimal point."""
    symbols = locale_for(language).number_symbols.get("latn", {})
    if symbols.get("decimal") != ",":
        return None
    return "." if symbols.get("group") == "." else " "


_NUMBER_AS_TYPED = re.compile(rf"\d(?:[\d.,{_SPACES_IN_FIGURES}]*\d)?")


def in_point_notation(text: str, language: str) -> str:
    """A figure written with the decimal comma of its language (ru "1 234,5 млн", az "1.234,5", de
    "+18,8 %") with its numbers in the decimal-point notation figures are read and kept in (1 234.5,
    1,234.5, +18.8 %); every edition prints them in the language's notation again. A number written
    with a decimal point (1,234.5; 92.12; 6,478,623) is left as it is, and so is every number in a
    language of the decimal point; where the language groups thousands with dots, "90.272" is ninety
    thousand, as its readers read it. Raises ValueError for a number that reads two ways: "90,272"
    (ninety and a bit with a decimal comma, ninety thousand with a grouping one), and "90.272" where
    the language groups with spaces (French, Russian). Where the language groups thousands with an
    apostrophe (Swiss German 12'500, as its editions print them), so may the source."""
    apostrophe = _apostrophe_group(language)
    if apostrophe is not None:
        text = _APOSTROPHE_GROUP.sub(apostrophe, text)
    group = comma_notation(language)
    if group is None:
        return text

    def point(match: re.Match[str]) -> str:
        number = match[0]
        commas, dots = number.count(","), number.count(".")
        whole_number = number.replace(",", ".") if group == "." else number.replace(",", " ").replace(".", " ")
        if commas and dots:  # the last of the two is the decimal separator
            local = number.rfind(",") > number.rfind(".")
        elif commas == 1:
            whole, fraction = number.split(",")
            if len(fraction) == 3 and re.fullmatch(r"[1-9]\d{0,2}", whole):  # 90,272
                raise AmbiguousFigure(_two_ways(number, language, whole_number, _decimals(whole, ",", fraction)))
            local = True
        elif dots == 1 and group != "." and re.fullmatch(r"[1-9]\d{0,2}\.\d{3}", number):  # 90.272 in French
            whole, fraction = number.split(".")
            raise AmbiguousFigure(_two_ways(number, language, whole_number, _decimals(whole, ",", fraction)))
        else:
            # thousands grouped with dots (90.272 in German; 1.234.567 anywhere), or a decimal point (92.12),
            # or commas grouping thousands as English does (6,478,623)
            local = bool(dots and re.fullmatch(r"\d{1,3}(?:[.\s]\d{3})+", number)) and (group == "." or dots > 1)
        if not local:
            return number
        return number.replace(".", "\0").replace(",", ".").replace("\0", ",")  # dots group; the comma is decimal

    return _NUMBER_AS_TYPED.sub(point, text)


_APOSTROPHE_GROUP = re.compile(r"(?<=\d)['\u2019](?=\d{3}(?!\d))")


@lru_cache(maxsize=64)
def _apostrophe_group(language: str) -> str | None:
    """What a thousands' apostrophe is read as in `language` (a comma, or a space where the decimal is a
    comma), or None where the language does not group with one."""
    symbols = locale_for(language).number_symbols.get("latn", {})
    if symbols.get("group") not in ("'", "\u2019"):
        return None
    return " " if symbols.get("decimal") == "," else ","


class AmbiguousFigure(ValueError):
    """A number that reads two ways in the bulletin's language (in_point_notation)."""


def _decimals(whole: str, comma: str, fraction: str) -> str:
    """A number with decimals written so that it reads one way: with fewer than three of them ("4,800" ->
    "4,8"), or, where all three are needed, four ("90,272" -> "90,2720")."""
    shorter = fraction.rstrip("0")
    if shorter != fraction:
        return f"{whole}{comma}{shorter or '0'}"
    return f"{whole}{comma}{fraction}0"


def _two_ways(number: str, language: str, grouped: str, decimal: str) -> str:
    return (
        f"{number!r} reads two ways in a bulletin in {language!r}: write {grouped} for a whole number, "
        f"or {decimal} for one with decimals"
    )


@lru_cache(maxsize=1)
def _currencies() -> frozenset[str]:
    """The ISO 4217 codes Babel's CLDR data knows (USD, EUR, AZN, ...)."""
    from babel.numbers import list_currencies  # only a figure with a code pays for the import

    return frozenset(list_currencies())


def note_complaint(text: str, what: str) -> str | None:
    """What is wrong with the length of `text`, `what` ("a footnote's paragraph", "a table cell"), or None."""
    if len(text) <= MAX_NOTE_CHARS:
        return None
    return (
        f"{what} is {len(text):,} characters long; at most {MAX_NOTE_CHARS:,} are allowed "
        "(a section's paragraphs take any length)"
    )


def word_complaint(text: str, limit: int = MAX_WORD_CHARS) -> str | None:
    """What is wrong with the longest word (a run of characters without a space) of `text`, longer than
    `limit`, or None. It tells the word limit, MAX_WORD_CHARS, whatever `limit` (a looser one, for a line
    whose markup counts too, said "at most 100,000", and cut to 50,000 the word was refused at 10,000)."""
    if len(text) <= limit:
        return None
    longest = max(map(len, text.split()), default=0)
    if longest <= limit:
        return None
    return f"a word of {longest:,} characters, with no space in it; at most {MAX_WORD_CHARS:,} are allowed"


# Pandoc's sub- and superscripts ("CO~2~", "m^3^"), which CommonMark does not have: printed as typed, tildes
# and carets and all (an energy bulletin's trial). Refused, with the characters that print in every edition.
# Only as pandoc's users write them: right after a letter, digit or bracket, a short run of ASCII letters,
# digits and signs; "5~10/11~15", "(^_^)", "PROGRA~1", a path's "~alice/~bob" and "10~20度" are text.
# The search starts at a mark, so that a long word is read once (from every character it was quadratic).
_PANDOC_SCRIPT = re.compile(r"(?<=[A-Za-z0-9)\]])(?:~([A-Za-z0-9+\-=()]{1,10})~|\^([A-Za-z0-9+\-=()]{1,10})\^)")
_SUBSCRIPTS = dict(zip("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎"))
_SUPERSCRIPTS = dict(zip("0123456789+-=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾"))
_AN_ADDRESS = re.compile(r"://|www\.|@")


def script_complaint(text: str) -> str | None:
    """What is wrong with a pandoc sub- or superscript in `text` ("CO~2~"), or None when it holds none."""
    if "~" not in text and "^" not in text:
        return None
    for found in _PANDOC_SCRIPT.finditer(text):
        # the word it stands in, read up to 200 characters each side (a long token is not read again each time)
        word = re.split(r"\s", text[max(0, found.start() - 200) : found.start()])[-1]
        if _AN_ADDRESS.search(word + found[0] + re.split(r"\s", text[found.end() : found.end() + 200])[0]):
            continue  # an address, which typography leaves as written
        sub, sup = found[1], found[2]
        kind, inner, chars = ("subscript", sub, _SUBSCRIPTS) if sub is not None else ("superscript", sup, _SUPERSCRIPTS)
        shown = word[-20:] + found[0]
        if all(char in chars for char in inner):
            advice = f"write {word[-20:] + ''.join(chars[char] for char in inner)!r}"
        else:
            advice = "write the characters themselves"
        return (
            f"{shown!r} is pandoc's {kind}, which Markdown here does not have and would print as typed; {advice} "
            "(₀–₉ and ⁰–⁹ print in every edition)"
        )
    return None


def date_complaint(date: dt.date) -> str | None:
    """What is wrong with a bulletin's date: a year of fewer than four digits, which the EPUB's and the Word
    copy's dates cannot hold (dcterms:modified and W3CDTF write YYYY: "800-12-25" failed EPUBCheck)."""
    return f"is in the year {date.year}; a bulletin's date is from the year 1000 on" if date.year < 1000 else None


def revised_complaint(revised: dt.date, date: dt.date) -> str | None:
    """What is wrong with a corrected re-issue's date: one before the issue's own."""
    if revised < date:
        return f"is {revised.isoformat()}, before the issue's date {date.isoformat()}; a revision comes after it"
    return None


def at_most(limit: int) -> Callable[[str], str | None]:
    """A check that a text (stripped, as it is kept) is at most `limit` characters long: its complaint, or None."""

    def check(value: str) -> str | None:
        length = len(value.strip())
        return f"is {length} characters long; at most {limit} are allowed" if length > limit else None

    return check


def title_complaint(text: str) -> str | None:
    """What is wrong with a title, an issue or a subtitle: a line break or other control character (each
    edition sets it on one line, and the mail's subject could not hold it: a service's title passed
    every check and only its mail-out failed), or more than MAX_TITLE_CHARS; None when nothing."""
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in text):
        return f"holds {LINE_BREAK}; write it on one line"
    if _ENCODED_WORD.search(text):
        return "holds text in RFC 2047's encoded form (=?…?=), which mail programs decode; write the text itself"
    return at_most(MAX_TITLE_CHARS)(text)


def subject_complaint(text: str) -> str | None:
    """What a text the mail's subject may hold (a title, subtitle or issue; the publisher's name or short
    name) may not hold, as header_problem refuses it: an invisible format character (a direction mark, a
    soft hyphen), or a line break. A title with one passed check and build, and only the mail-out refused
    it, naming no line."""
    invisible = next((char for char in text if _unwritable(char)), None)
    if invisible is None:
        return None
    if unicodedata.category(invisible) in ("Cc", "Zl", "Zp"):  # a name's (title_complaint says so of a title)
        return f"holds {LINE_BREAK}; write it on one line"
    code = f"U+{ord(invisible):04X}"
    return f"holds the invisible format character {code}, which a mail's subject cannot carry; remove it"


def url_complaint(url: str, schemes: tuple[str, ...] = URL_SCHEMES) -> str | None:
    """What is wrong with a link (a scheme other than `schemes`, no host, not a URL at all), or None."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # "http://[x]": a bracketed host that is no IP address
        return f"link {url[:80]!r} is not a valid URL ({exc})"
    scheme = parts.scheme.lower() if ":" in url else ""
    if scheme not in schemes:
        return f"link {url[:80]!r} has scheme {scheme or 'none'!r}; allowed: {', '.join(schemes)}"
    if scheme in ("http", "https") and not parts.netloc:
        return f"link {url[:80]!r} has no host"
    return None


UNSUBSCRIBE_SCHEMES = ("https", "mailto")  # what RFC 2369 clients act on (no plain http: it would leak the address)


# What a URI keeps as it is (RFC 3986's reserved and unreserved characters, and escapes already made).
_URI_SAFE = "/:@!$&'()*+,;=?#%~"


def ascii_url(url: str) -> str:
    """`url` as a URI of ASCII alone, as a header holds it (RFC 2369): its host in IDNA (bülten.az ->
    xn--blten-kva.az), every other non-ASCII character, and every ASCII one a URI may not hold (" { } | \\
    ^ `, which a trial's list link carried), percent-encoded as UTF-8."""
    parts = urlsplit(url)
    userinfo, at, hostport = parts.netloc.rpartition("@")
    host, colon, port = hostport.partition(":")
    return urlunsplit(
        (
            parts.scheme,
            quote(userinfo, safe=_URI_SAFE) + at + _ascii_host(host) + colon + port,
            *(quote(part, safe=_URI_SAFE) for part in (parts.path, parts.query, parts.fragment)),
        )
    )


# Characters IDNA 2003 (Python's codec) maps to others where IDNA 2008, as browsers use it, keeps them: straße.de
# would become strasse.de, another domain, whose owner would get each reader's unsubscribe link.
_MAPPED_BY_IDNA_2003 = set("ßς\u200c\u200d")


def _ascii_host(host: str) -> str:
    """A host name in ASCII: in IDNA (xn--…) where Python's codec and browsers agree, else percent-encoded
    (RFC 3986 allows it; a client decodes it to the name as written)."""
    if host.isascii():
        return host
    name = host.lower()  # a name in capitals is the same name (Bülten.az)
    if not _MAPPED_BY_IDNA_2003 & set(name):
        try:
            return name.encode("idna").decode("ascii")
        except UnicodeError:  # a label IDNA cannot take
            pass
    return quote(host, safe="")


# The longest List-Unsubscribe link, as the header holds it (ascii_url): its line is written whole, and a line
# holds at most 998 characters ("List-Unsubscribe: <…>").
MAX_UNSUBSCRIBE = 975


def unsubscribe_complaint(link: str) -> str | None:
    """What is wrong with a publisher's List-Unsubscribe link (an https: or mailto: URL), or None."""
    if any(char in link for char in "<>,\r\n\t "):  # would end the header's <...> or start another
        return f"link {link[:80]!r} has a space, comma or angle bracket; write one URL"
    complaint = url_complaint(link, UNSUBSCRIBE_SCHEMES)
    written = len(ascii_url(link)) if complaint is None else 0  # percent-encoded: "ü" is 6 characters there
    if written > MAX_UNSUBSCRIBE:
        return (
            f"link {link[:80]!r}… is {written:,} characters as a mail header writes it; a header holds one of up "
            f"to {MAX_UNSUBSCRIBE}"
        )
    return complaint


def website_complaint(website: str) -> str | None:
    """What is wrong with a publisher's website (written with or without https://), or None. Words are no
    address: "our site, see the intranet" became a link to https://our%20site,%20see%20the%20intranet."""
    if any(char.isspace() for char in website):
        return f"website {website[:80]!r} holds a space; write the site's address, as www.example.org"
    try:
        scheme = urlsplit(website).scheme
    except ValueError:
        scheme = "https"  # url_complaint says what is wrong with it
    url = website if scheme else f"https://{website}"
    complaint = url_complaint(url, WEBSITE_SCHEMES)
    if complaint is None and "." not in (urlsplit(url).hostname or ""):
        return f"website {website[:80]!r} names no host with a dot; write the site's address, as www.example.org"
    return complaint


def parse_number(text: str, language: str = "en") -> NumberCell | None:
    """A NumberCell for a figure as written (in `language`: read_figure), or None when the text is not one."""
    figure = read_figure(text, language)
    return None if figure is None else figure.cell


def figure_digits(written: str) -> int:
    """How many digits a figure as written has: its numbers', not its unit's ("1,000 MW" has 4; "3–5" has 1)."""
    figure = read_figure(written)
    if figure is None:
        return sum(char.isdecimal() for char in written.split(" ", 1)[0])
    return max(sum(char.isdecimal() for char in written[a:b]) for a, b in figure.numbers())


def template_complaint(template: str, allowed: Iterable[str]) -> str | None:
    """What is wrong with a {field} template, to follow its key's name (": ..." or " uses ..."): a brace
    left open, a field not `allowed`, a format spec or conversion (Word's fields and the EPUB print a
    value as it is); or None."""
    try:
        fields = list(string.Formatter().parse(template))  # parsing is lazy: a bad brace raises here
    except ValueError as exc:
        return f": {exc}; write {{field}}, or {{{{ for a brace"
    for _, name, spec, conversion in fields:  # in the order written: the first problem is named
        if name is not None and name not in allowed:
            fields_allowed = ", ".join("{" + field + "}" for field in sorted(allowed))
            return f" uses {{{name}}}{suggest(name, allowed)}; allowed: {fields_allowed}"
        if spec or conversion:
            return f": write {{{name}}} with no format or conversion; every edition prints it as it is"
    return None


def locality_complaint(template: str) -> str | None:
    """What is wrong with a publisher's `locality` (how its city and postcode are written), or None."""
    complaint = template_complaint(template, LOCALITY_FIELDS)
    if complaint:
        return "is no template of {city} and {postcode}: " + complaint.removeprefix(": ").strip()
    parts = list(string.Formatter().parse(template))
    names = [name for _, name, _, _ in parts if name is not None]
    if "city" not in names:  # {{city}} is text, not the field
        return 'must hold {city}, and {postcode} where it goes: e.g. "{postcode} {city}"'
    if len(names) != len(set(names)):
        return "names {city} and {postcode} once each"
    text = "".join(literal for literal, _, _, _ in parts)
    if "{" in text or "}" in text or any(not char.isprintable() for char in text):
        return "is printed as written besides {city} and {postcode}: no braces, tabs or line breaks"
    return None
