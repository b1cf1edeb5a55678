"""House typography: the marks a typesetter would use where a source typed the typewriter's.

Straight quotes and apostrophes become the language's curly ones, a hyphen
between two numbers an en dash ("25-26" -> "25–26"; not in "596-82-39" or
"2024-02-29"), three dots an ellipsis; in French the space typed before : ; ! ?
and inside guillemets becomes a no-break one. The loader applies it to the source's
text as it reads it, so the model, and with it every edition, holds the result; `typography: as-written` in the front
matter turns it off. Curly quotes the source already has are kept; inline code
and anything that looks like a URL or an e-mail address is left as written.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence

from .model import Cell, NumberCell
from .rules import SIGN, read_figure
from .translations import primary_subtag, script_and_region

# Primary and secondary quotation marks (CLDR's delimiters), by language; others use English ones.
QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "az": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "tr": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "de": ("\u201e", "\u201c", "\u201a", "\u2018"),
    # A region that quotes otherwise than its language (CLDR): Swiss and Liechtenstein German «…» ‹…›.
    "de-CH": ("\u00ab", "\u00bb", "\u2039", "\u203a"),
    "de-LI": ("\u00ab", "\u00bb", "\u2039", "\u203a"),
    "ru": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
    "uk": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
    "fr": ("\u00ab\u202f", "\u202f\u00bb", "\u201c", "\u201d"),
    # CLDR's too (a Polish trial: “…” beside its own „…”)
    "pl": ("\u201e", "\u201d", "\u00ab", "\u00bb"),
    "cs": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "sk": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "it": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "es": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    # Written right to left: CLDR's marks, as a reader of the language expects them (an Arabic trial found
    # English ones); a quotation opens at the right, so Arabic's opening mark is the one that closes English.
    "ar": ("\u201d", "\u201c", "\u2019", "\u2018"),
    "fa": ("\u00ab", "\u00bb", "\u2039", "\u203a"),
    "he": ("\u201d", "\u201d", "\u2019", "\u2019"),
    "ur": ("\u201d", "\u201c", "\u2019", "\u2018"),
}
APOSTROPHE = "\u2019"
MODES = ("house", "as-written")

# Text left as written: a URL, a bare web or e-mail address.
_UNTOUCHED = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://\S+|www\.\S+|[^\s@]+@[^\s@]+\.\w+")
# Numbers joined by hyphens: one hyphen is a range (25-26, 5.25-5.50), more are a phone number, a date or a
# code written with hyphens (596-82-39, 2024-02-29, 978-3-16-148410-0), left as they are. A number starts after
# no letter, digit or decimal mark (A320-200 is a name; a long run of digits is tried once, not at each digit).
_HYPHENED_NUMBERS = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?:-\d+(?:[.,]\d+)*)+")
# Just before a number, an area code that makes it a phone number: with a trunk 0 or a country's +, any part
# after it ("030 12345-67", "+49 30 1234567-89", "+49 (0)30 12345-67"); in brackets alone, a number of four
# digits after it ("(902) 555-1234": "Smith (2019) 45-67" is a range of pages).
_TRUNK_CODE = re.compile(r"(?:(?<!\d)0\d{1,4}|\+\d{1,3}(?: \(0\))?(?: \d{1,5})*)[ \u00a0]$")
_BRACKETED_CODE = re.compile(r"\((?:\+?\d{1,5} ?)+\)[ \u00a0]$|\(0\)\d{1,5}[ \u00a0]$")
# Just before a number, a group of a number grouped by spaces ("1 000-2 000", "12 500-13 000") ...
_GROUP_BEFORE = re.compile(r"\d[ \u00a0\u202f]$")
# ... and the rest of it after the range's second number.
_GROUP_AFTER = re.compile(r"[ \u00a0\u202f]\d{3}(?!\d)")
_IDENTIFIER = re.compile(r"(?:ISSN\b[^\d]{0,12}|/)$")  # ISSN: 2049-3630, ISSN (Online) …, doi:10.1111/1468-2346
_CITY_AFTER = re.compile(r"[ \u00a0][^\W\d_]")  # a postcode's city after it: 31-110 Kraków
CONTEXT = 16  # characters before a number that say what it is (an area code, ISSN)
# Dashes typed with hyphens: one to three between spaces ("budget - the second", "Актау -- крупнейший") are
# the language's dash between words; unspaced, three are an em dash and two an en dash (as pandoc reads them:
# "budget---the second", "pages 10--12").
_SPACED_DASH = re.compile(r"(?<=[ \u00a0\n])-{1,3}(?=[ \n])")
_SPACED_RANGE = re.compile(r"(?<=\d[ \u00a0\n])-{1,3}(?=[ \n]\d)")  # 1941 - 1945: a range's en dash, in any language
# Two hyphens after a negative number and before a digit: a range's dash and the next one's minus (-3--5 °C).
_NEGATIVE_RANGE = re.compile(r"((?:(?<=[\s(])|^)-\d+(?:[.,]\d+)*)--(?=\d)")
# After a word's letters or digits, not before a ">" or another hyphen ("--print", "A --> B" stay as typed), and
# not in a punycode name (xn--80ak).
_TYPED_DASHES = re.compile(r"(?<=\w)(?<!xn)-{2,3}(?![->])")
# Languages that set a spaced em dash between words; others a spaced en dash ("Wort – Wort").
_EM_DASH_BETWEEN_WORDS = frozenset({"ru", "uk", "be", "bg"})
_QUOTE = re.compile("[\"']")
# Words that start with an apostrophe where letters were left out ("rock 'n' roll", "'tis"): not a quotation
# that opens. Only those no quotation starts with: "'til" and "'em" may ("'Til death' was its title").
_ELIDED = re.compile(r"'(?:n'(?= \w)|[tT]is\b|[tT]was\b)")


def _range(numbers: re.Match[str]) -> str:
    written = numbers[0]
    return written.replace("-", "\u2013") if _reads_as_range(numbers) else written


def _reads_as_range(numbers: re.Match[str]) -> bool:
    """Whether two numbers joined by one hyphen are a range (25-26, 5.25-5.50, 1914-18, 08:30-09:45, a vote
    of 52-48, a score of 21-0) rather than a phone number (555-0142, 030 12345-67, "(902) 555-1234"), a
    month (2024-01, 2024-12), a postcode (00-950, 31-110 Kraków, 20036-2103), an ISSN, a DOI's part or a
    code (loi n° 2024-123, 2021-1104, ISO 14064-1). Only a few characters before it are read: a paragraph of
    ranges is set in linear time."""
    parts = numbers[0].split("-")
    if len(parts) != 2:
        return False
    first, second = parts
    text, start, end = numbers.string, numbers.start(), numbers.end()
    before = text[max(0, start - CONTEXT) : start]
    if _IDENTIFIER.search(before):
        return False
    if any(mark in numbers[0] for mark in ".,") or before.endswith(":"):
        return True  # figures with decimals or grouped, or a time's minutes: 08:30-09:45
    if len(first) == 3 and _GROUP_BEFORE.search(before) and _GROUP_AFTER.match(text, end):
        return True  # 1 000-2 000: the groups of numbers grouped by spaces
    if (len(first) > 1 and first[0] == "0") or (len(second) > 1 and second[0] == "0"):
        return False  # no range of figures starts a number with 0: a phone number, a month, a postcode
    if len(first) >= 4 and (len(second) < len(first) or int(second) < int(first)):
        # a year's code or month (2024-123, 2024-12, 2021-1104), a ZIP+4 or a standard's part (20036-2103,
        # ISO 14064-1); a range written short abbreviates a year's last two digits (1914-18, 2023-24)
        return len(first) == 4 and len(second) == 2 and int(second) > int(first[2:])
    if len(first) == 2 and len(second) == 3 and _CITY_AFTER.match(text, end):
        return False  # a Polish postcode before its city
    if _TRUNK_CODE.search(before):
        return False
    return not (len(second) == 4 and _BRACKETED_CODE.search(before))


def _dashes(text: str, language: str, before: str, after: str) -> str:
    """Dashes typed with hyphens (_NEGATIVE_RANGE, _SPACED_RANGE, _SPACED_DASH, _TYPED_DASHES), read with the
    characters on either side of the text (a line break of the source, between two texts, is a space);
    only the text's own hyphens are set."""
    lead, tail = before[-2:], after[:2]
    between_words = "\u2014" if primary_subtag(language) in _EM_DASH_BETWEEN_WORDS else "\u2013"
    settings: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
        (_NEGATIVE_RANGE, lambda typed: typed[1] + "\u2013-"),
        (_SPACED_RANGE, lambda typed: "\u2013"),
        (_SPACED_DASH, lambda typed: between_words),
        (_TYPED_DASHES, lambda typed: "\u2014" if len(typed[0]) == 3 else "\u2013"),
    ]
    padded = lead + text + tail
    for pattern, dash in settings:
        padded = _set_inside(pattern, dash, padded, len(lead), len(padded) - len(tail))
    return padded[len(lead) : len(padded) - len(tail)]


def _set_inside(pattern: re.Pattern[str], dash: Callable[[re.Match[str]], str], text: str, lo: int, hi: int) -> str:
    """`pattern`'s matches in `text` set by `dash`, those inside text[lo:hi] only: the rest is context."""
    return pattern.sub(lambda typed: dash(typed) if lo <= typed.start() and typed.end() <= hi else typed[0], text)


# Where a quote opens: at the start, or after a space, an opening bracket or a dash.
_OPENS_AFTER = " \t\n([{\u2014\u2013-/\u00a0"


# Arabic conjunctions and prepositions of one letter are written joined to the word they precede, a quoted
# one too, up to three of them, with a kashida (U+0640) where they meet the mark: after و"الممرات" ("and 'the
# corridors'"), وب"…" and ولـ"…" a quotation opens as after a space (an Arabic trial got U+201C at both ends).
# Only such a word: in "المال" the last letter ل is the word's own.
_PREFIXED = re.compile("[^\\w\u0640][\u0648\u0641\u0628\u0643\u0644]{1,3}\u0640?$")
PREFIX_CONTEXT = 5  # characters before a quote that tell a prefix (and what stands before it) from a word's end


def _after_prefix(text: str, i: int, before: str) -> bool:
    """Whether the quote at `text[i]` follows one-letter prefixes written joined to the word it quotes;
    `before` holds the PREFIX_CONTEXT characters before `text` (fewer: the text starts there)."""
    head = before + text[:i]
    return bool(_PREFIXED.search(head[-PREFIX_CONTEXT:] if len(head) >= PREFIX_CONTEXT else " " + head))


def quotes_for(language: str) -> tuple[str, str, str, str]:
    """The quotation marks of a language tag: its region's where they differ ("de-CH", "de-Latn-CH"), else its
    language's, else English ones."""
    primary = primary_subtag(language)
    _, region = script_and_region(language)
    regional = QUOTES.get(f"{primary}-{region}") if region else None
    return regional or QUOTES.get(primary, QUOTES["en"])


@dataclasses.dataclass
class Quotations:
    """The quotations open so far in a paragraph, carried from one of its texts to the next (a line break
    or bold text parts them): the mark that closes each opened here, innermost last, and how many the
    source typed open with the language's own marks."""

    closers: list[str] = dataclasses.field(default_factory=list)
    typed: int = 0

    def count_typed(self, text: str, open1: str, close1: str) -> None:
        """Take in the quotations `text` opens and closes with the language's own marks, typed so (none to
        count where one mark does both)."""
        if open1 != close1:
            self.typed = max(0, self.typed + text.count(open1) - text.count(close1))


def house(text: str, language: str, before: str = "", open_: Quotations | None = None, after: str = "") -> str:
    """`text` in house typography; `before` is the text that precedes it and `after` the text that follows it
    (where a quote opens or closes: their last and first characters count, and PREFIX_CONTEXT characters
    before it where Arabic prefixes may stand; a quote before a link or emphasis opens it), `open_` the
    quotations its paragraph has open (a fresh paragraph's when not given), which this text may open or
    close."""
    open_ = open_ if open_ is not None else Quotations()
    # Every match of _UNTOUCHED holds "://", "www." or "@"; text with none of them skips the search, which
    # backtracks at every character (a third of the time a bulletin took to load).
    if "@" not in text and "://" not in text and "www." not in text:
        return _marks(text, language, before, open_, after)
    out: list[str] = []
    at = 0
    for match in _UNTOUCHED.finditer(text):
        out.append(_marks(text[at : match.start()], language, before, open_, match.group()))
        out.append(match.group())
        before = (before + out[-2] + out[-1])[-1:]
        at = match.end()
    out.append(_marks(text[at:], language, before, open_, after))
    return "".join(out)


# French sets a no-break space before a colon, a narrow one before ; ! ? and inside guillemets: the space
# an editor typed there is made so, and a line never starts with the mark.
_FRENCH_SPACES = (
    (re.compile("[ \u00a0\u202f]+:"), "\u00a0:"),
    (re.compile("[ \u00a0\u202f]+([;!?\u00bb])"), "\u202f\\1"),
    (re.compile("\u00ab[ \u00a0\u202f]+"), "\u00ab\u202f"),
)


def _marks(text: str, language: str, before: str, open_: Quotations, after: str = "") -> str:
    if not text:
        return text
    text = _HYPHENED_NUMBERS.sub(_range, text.replace("...", "\u2026"))
    if "-" in text:
        text = _dashes(text, language, before, after)
    if primary_subtag(language) == "fr" and any(mark in text for mark in ":;!?\u00ab\u00bb"):
        for pattern, spaced in _FRENCH_SPACES:
            text = pattern.sub(spaced, text)
    open1, close1, open2, close2 = quotes_for(language)
    if '"' not in text and "'" not in text:
        open_.count_typed(text, open1, close1)  # quotations typed with the language's marks, open past this text
        return text
    out: list[str] = []
    at = 0  # where the text not yet copied to `out` starts
    previous = before[-1:]  # the character before the quote, as set (a quote just before it, replaced)
    pending = False  # a secondary quotation is open
    closers = open_.closers  # the mark that closes each double quote opened, innermost last
    for match in _QUOTE.finditer(text):  # only the quotes: the text between them is copied as it is
        i = match.start()
        if i > at:
            out.append(text[at:i])
            previous = text[i - 1]
            open_.count_typed(out[-1], open1, close1)
        char, following = text[i], text[i + 1 : i + 2] or after[:1]
        opens = (
            not previous or previous in _OPENS_AFTER or previous == open1 or _after_prefix(text, i, before)
        ) and following.strip() != ""
        if char == '"':
            # A quotation inside another takes the language's inner marks: «… „…“ …», “… ‘…’ …”; one inside
            # a quotation in the inner marks the outer ones again („… ‚… „…“ …‘ …“: a German trial's third
            # level was set ‚…‘; British 'the so-called "reform"' keeps its double marks).
            if opens:
                inner = not pending and (closers[-1] == close1 if closers else open_.typed > 0)
                char = open2 if inner else open1
                closers.append(close2 if inner else close1)
            elif closers:
                char = closers.pop()
            else:  # it closes a quotation typed open with the language's own mark: „Energiewende"
                char, open_.typed = close1, max(0, open_.typed - 1)
        elif opens and not following.isdigit() and not _ELIDED.match(text, i):
            char, pending = open2, True
        elif (previous.isalnum() and (not pending or following.isalpha())) or opens:
            # "Azerbaijan's", "countries'", "'90s", "rock 'n' roll"; between letters always, inside a quotation
            # in single marks too (a German trial's ‚Wir geh'n jetzt‘ closed at "geh")
            char = APOSTROPHE
        else:
            char, pending = close2, False
        out.append(char)
        previous, at = char, i + 1
    out.append(text[at:])
    open_.count_typed(out[-1], open1, close1)
    return "".join(out)


def group_figures(cells: Sequence[Cell]) -> list[Cell]:
    """A column's cells with its four-digit figures grouped ("1275" -> "1,275") when another figure of the
    column is grouped as written: one column, one way of writing thousands."""
    figures = [cell for cell in cells if isinstance(cell, NumberCell)]
    if not any(_GROUPED.search(cell.text) for cell in figures):
        return list(cells)
    out: list[Cell] = []
    for cell in cells:
        written = read_figure(cell.text) if isinstance(cell, NumberCell) else None
        if written is None or not isinstance(cell, NumberCell):  # a text cell has no figures to group
            out.append(cell)
            continue
        text = cell.text
        for start, end in reversed(written.numbers()):
            text = text[:start] + _FOUR_DIGITS.sub(r"\1,\2", text[start:end]) + text[end:]
        out.append(cell if text == cell.text else dataclasses.replace(cell, text=text))
    return out


# A number grouped as written (1,000 or 1 000), and a whole part of four digits not grouped (with its sign).
_GROUPED = re.compile(r"\d[,\s\u00a0\u202f\u2009]\d{3}(?!\d)")
_FOUR_DIGITS = re.compile(rf"^({SIGN}?\d)(\d{{3}})(?=\.|$)")
