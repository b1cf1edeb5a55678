"""Figures, dates and page-furniture strings in the document's language (Babel's CLDR data)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, localcontext
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal, format_percent

from .model import Bulletin, NumberCell

NBSP = "\u00a0"


@lru_cache(maxsize=32)
def locale_for(language: str) -> Locale:
    """The CLDR locale of a language tag; unknown tags fall back to English."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        try:
            return Locale.parse(language.split("-")[0])
        except (UnknownLocaleError, ValueError):
            return Locale.parse("en")


def warm(languages: list[str]) -> None:
    """Load the CLDR data of these languages now, ahead of the first figure or date formatted in them."""
    for language in languages:
        locale = locale_for(language)
        locale.number_symbols, locale.date_formats  # noqa: B018 - each loads the locale's data once


@lru_cache(maxsize=32)
def _percent_spacing(locale: Locale) -> str:
    """ "" for 50%, a no-break space for 50 % (as the locale writes percentages)."""
    sample = format_percent(0.5, locale=locale)
    return NBSP if any(ch.isspace() for ch in sample) else ""


def format_number(cell: NumberCell, language: str) -> str:
    """The figure with the language's separators, its decimals as written, and its unit."""
    locale = locale_for(language)
    pattern = ("#,##0" if cell.grouped else "0") + ("." + "0" * cell.decimals if cell.decimals else "")
    value = Decimal(repr(cell.value))
    with localcontext() as context:
        context.prec = max(28, value.adjusted() + cell.decimals + 8)  # exact for any finite float
        text = format_decimal(value, format=pattern, locale=locale)
    if cell.value < 0:
        text = text.replace("-", "\u2212")
    elif cell.text.lstrip().startswith("+"):
        text = "+" + text  # a sign written is meaning: "+4.08" in a Change row is a change, not a level
    if cell.unit == "%":
        return text + _percent_spacing(locale) + "%"
    return f"{text}{NBSP}{cell.unit}" if cell.unit else text


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
        "address": p.address_line(),
    }
    values.update(extra)
    return template.format_map(values)
