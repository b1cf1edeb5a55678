"""Figures, dates and page-furniture strings in the document's language (Babel's CLDR data)."""

from __future__ import annotations

import datetime as dt
import os
import re
import string
from collections.abc import Iterable
from decimal import Decimal, localcontext
from functools import lru_cache

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal, format_percent

from .model import Bulletin, NumberCell, StatsTable
from .rules import MINUSES, SIGNS, locale_for, read_figure
from .styles import Labels
from .translations import primary_subtag

NBSP = "\u00a0"
MINUS = "\u2212"  # every edition prints a minus as the minus sign, whatever the source typed


@lru_cache(maxsize=32)
def _percent_spacing(locale: Locale) -> str:
    """ "" for 50%, a no-break space for 50 % (as the locale writes percentages)."""
    sample = format_percent(0.5, locale=locale)
    return NBSP if any(ch.isspace() for ch in sample) else ""


def format_number(cell: NumberCell, language: str) -> str:
    """The figure as written, its numbers in the language's format (separators; decimals and sign as
    written, a minus as U+2212), its percent sign spaced as the language spaces it, its other parts kept
    together by no-break spaces."""
    return "".join(figure_parts(cell, language))


def figure_parts(cell: NumberCell, language: str) -> tuple[str, str]:
    """The printed figure cut where a column lines figures up: before the decimal separator of its (last)
    number, or after that number's last digit ("1,000" | ".50 MW"; "$5" | ".8 billion"; "50" | "+")."""
    written = read_figure(cell.text, language)
    if written is None:  # validate() refuses such a model; printed as it stands all the same
        return cell.text, ""
    locale = locale_for(language)
    text, match = written.match.string, written.match
    head, at, fraction = "", 0, 0
    for start, end in written.numbers():
        number, fraction = _number(text[start:end], locale)
        head += text[at:start] + number
        at = end
    if match["sign"]:  # written before the currency: "-$5.8 billion" is "−$5.8 billion"
        head = ("+" if match["sign"] == "+" else MINUS) + head[1:]
    tail = head[len(head) - fraction :] if fraction else ""
    head = head[: len(head) - len(tail)]
    rest = text[at:]
    if match["percent"]:
        rest = rest.replace(match["percent"], _percent_spacing(locale) + "%", 1)
    return re.sub(r"\s", NBSP, head), re.sub(r"\s", NBSP, tail + rest)


PrintedCell = tuple[str, str] | str  # a figure cut where its column lines figures up, or a text whole


def table_parts(table: StatsTable, language: str) -> list[list[PrintedCell]]:
    """A stats table's body as printed, row by row: a figure as figure_parts cuts it where its column
    lines figures up, a text whole (a str: "n/a" in a figure column is set flush with its right edge,
    not ended at the decimal point)."""
    return [[figure_parts(c, language) if isinstance(c, NumberCell) else c.text for c in row] for row in table.rows]


def whole(part: PrintedCell) -> str:
    """A cell of table_parts as printed."""
    return part if isinstance(part, str) else part[0] + part[1]


# The no-break space before a figure's word ("$12,345.6 million", "12,5 Md€"), not one inside its number.
_BEFORE_A_WORD = re.compile(r"\u00a0(?=[^\W\d_])")


def loosened(figure: str) -> str:
    """A figure as printed, free to wrap before its words ("$12,345.6" / "million"): for a table too wide
    for its figures even in its smallest type, where the alternative is a word broken anywhere ("millio" /
    "n", a statistician's trial). Its number, sign and currency stay together."""
    return _BEFORE_A_WORD.sub(" ", figure)


def has_words(figures: Iterable[str]) -> bool:
    """Whether any of `figures` has a word loosened() lets it wrap before."""
    return any(loosened(figure) != figure for figure in figures)


def table_texts(table: StatsTable, language: str) -> list[list[str]]:
    """A stats table's body as printed, row by row (table_parts, each cell whole)."""
    return [[whole(part) for part in row] for row in table_parts(table, language)]


def _number(literal: str, locale: Locale) -> tuple[str, int]:
    """One number of a figure in the language's format ("1,000.50", "−3", "+18.8", ".5"), and how many
    characters its decimal separator and decimals take at its end. Grouped as written, and always from
    five digits on."""
    sign = literal[0] if literal[0] in SIGNS else ""
    digits = re.sub(r"[,\s\u00a0\u202f\u2009]", "", literal[len(sign) :])
    whole, _, fraction = digits.partition(".")
    grouped = len(whole) >= 5 or whole != literal[len(sign) :].split(".")[0]
    pattern = ("#,##0" if grouped else "0") + ("." + "0" * len(fraction) if fraction else "")
    value = Decimal(digits)
    with localcontext() as context:
        context.prec = max(28, len(digits) + 8)  # exact for any number as written
        text = format_decimal(value, format=pattern, locale=locale)
    if not whole:  # ".5" as written, not "0.5"
        text = text[1:]
    sign = MINUS if sign and sign in MINUSES else sign  # an en dash typed for a minus prints one
    return sign + text, len(fraction) + 1 if fraction else 0


LATEST_EPOCH = 253_402_300_799  # 9999-12-31 23:59:59 UTC: the last time a four-digit year can write


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH (reproducible builds: the time editions say they were made), or None when it
    is not set; ValueError, saying what it must be, when it is no time a document can write."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not value:
        return None
    # ASCII digits only, as the specification says: str.isdigit() took "１７００…" and Arabic-Indic digits too
    if not (value.isascii() and value.isdigit()) or int(value) > LATEST_EPOCH:
        raise ValueError(
            f"SOURCE_DATE_EPOCH={value!r} is not a time; it is whole seconds since 1970 (at most {LATEST_EPOCH})"
        )
    return int(value)


# Turkic languages written in Latin letters capitalise "i" as "İ" (and "ı" as "I"); str.upper() knows
# neither the language nor the rule.
DOTTED_CAPITAL_I = {"az", "crh", "gag", "tr"}


def upper(text: str, language: str) -> str:
    """`text` in capitals as `language` writes them ("Mündəricat" -> "MÜNDƏRİCAT" in Azerbaijani)."""
    if primary_subtag(language) in DOTTED_CAPITAL_I:
        text = text.replace("i", "İ")
    return text.upper()


def lead_in(label: str, language: str) -> str:
    """A label and its colon before what it introduces ("Source: "), as the language sets it: French puts
    a no-break space before the colon ("Source : ")."""
    return f"{label}{NBSP}: " if primary_subtag(language) == "fr" else f"{label}: "


def source_lead(labels: Labels, table: StatsTable, language: str) -> str:
    """The words before a key-figure table's source: "Source: ", or the plural where its line said "Sources:"."""
    return lead_in(labels.sources if table.several_sources else labels.source, language)


def format_date(date: dt.date, language: str) -> str:
    return _babel_date(date, format="long", locale=locale_for(language))


def fill(template: str, bulletin: Bulletin, **extra: object) -> str:
    """A style template ({title}, {issue}, {address}, ...) filled from the bulletin."""
    m, p = bulletin.metadata, bulletin.publisher
    values: dict[str, object] = {
        "title": m.title,
        "subtitle": m.subtitle or "",
        "issue": m.issue,
        "date": format_date(m.date, m.language),
        "publisher": p.name,
        "short_name": p.short_name or p.name,
        "address": p.address_line(),
    }
    values.update(extra)
    literals, fields = [], []
    for literal, name, _, _ in string.Formatter().parse(template):
        literals.append(literal)
        if name is not None:
            fields.append(str(values[name]))
    if len(literals) == len(fields):  # the template ends with a field
        literals.append("")
    return _joined(literals, fields)


# An opening bracket whose closing one goes with it where the field between them is empty: "{title} ({subtitle})"
_PAIRS = {"(": ")", "[": "]", "«": "»", "‹": "›", "“": "”", "‘": "’", "„": "“", '"': '"', "'": "'"}


def _separators(text: str, end: bool) -> int:
    """How many characters at the end (`end`) or the start of `text` are separators: anything but a letter or
    a digit (" · ", " — ", ", ", " (")."""
    chars = reversed(text) if end else iter(text)
    return next((i for i, char in enumerate(chars) if char.isalnum()), len(text))


def _joined(literals: list[str], fields: list[str]) -> str:
    """The template's text (literals[0], fields[0], literals[1], ...) with each empty field's separator left
    out: the run of separators in the template between the field and the text before it, or, where nothing
    is printed before it, the run after it. The running head "{title} · {subtitle}" of a bulletin without a
    subtitle ended in " · ". Only the template's own text is cut ("What next?" keeps its "?"), never a word
    ("Issue {issue}" keeps "Issue")."""
    out, since = literals[0], 0  # since: where the template's text after the last field printed starts
    for number, (value, after) in enumerate(zip(fields, literals[1:]), start=1):
        if value.strip():
            out += value
            since = len(out)
        elif not after and number < len(fields):
            pass  # another field follows at once: the separator before this one parts the two ("{a} {b}{c}")
        else:
            cut = len(out) - _separators(out[since:], end=True)
            run, out = out[cut:], out[:cut]
            opening = next((i for i in range(len(run) - 1, -1, -1) if run[i] in _PAIRS), None)
            if not out.strip():  # nothing printed before it: the separators after it go
                out, after = "", after[_separators(after, end=False) :]
            elif opening is not None and after.lstrip().startswith(_PAIRS[run[opening]]):
                after = after.lstrip()[1:]  # the pair goes with the field it held alone
            elif opening is not None:  # the pair holds more: it stays, and the separator after the field goes
                out, after = out + run[: opening + 1], after[_separators(after, end=False) :]
        out += after
    return out
