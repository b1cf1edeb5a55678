"""Where a line must not break: inside a date or a grouped number, between a figure and its unit, in a
phone number.

A reading system breaks lines at any space, so on a phone "February / 26" or
"5,000 / megawatts" land on two lines, and a column of print or a word
processor's page as readily. The PDF, EPUB and Word editions keep them
together. The words that belong together are joined with a no-break space
(U+00A0): month names come from the language's CLDR calendar (Babel), so
"26 February", "February 26" and "26. Februar" are all kept; units are the
common symbols and words of statistics; abbreviations are those of the
languages bulletins are written in.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..formatting import NBSP
from ..rules import SIGN, locale_for
from ..translations import primary_subtag

# Symbols and words that follow a figure in a bulletin's running text ("5,000 megawatts", "30 %").
UNITS = [
    "%",
    "‰",
    "km",
    "km²",
    "m²",
    "m³",
    "ha",
    "kg",
    "t",
    "mt",
    "kW",
    "MW",
    "GW",
    "TW",
    "kWh",
    "MWh",
    "GWh",
    "TWh",
    "bcm",
    "mcm",
    "bbl",
    "percent",
    "hectares",
    "megawatts",
    "gigawatts",
    "kilometres",
    "kilometers",
    "metres",
    "meters",
    "tonnes",
    "tons",
    "barrels",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "thousand",
    "cent",
    "cents",
    "Cent",
    # a statistician's: percentage and basis points, scales ("5.8 bn", "12,5 Md€"), times ("3 ×")
    *("pp", "p.p.", "bp", "bps", "points", "pts", "percentage", "bn", "mn", "×"),
    *("M€", "Md€", "Mds€", "k€", "M$", "Md$"),
    # Russian symbols, and a year's "г." ("2024 г.", a Russian editor's trial: "2024 / г." at a line's end)
    *("МВт", "ГВт", "кВт", "ТВт", "МВт·ч", "ГВт·ч", "кВт·ч", "км", "км²", "м", "м²", "м³", "кг", "т", "га"),
    *("г.", "гг.", "долл.", "руб.", "куб.", "кв."),
    "zł",  # Polish złoty ("5,8 mld zł", a Polish trial)
]
CURRENCIES = ["USD", "EUR", "GBP", "AZN", "RUB", "TRY", "CHF", "JPY", "CNY"]
SYMBOLS = "$€£¥₼₺₽₹"
# The same in the other languages bulletins are written in: abbreviations as written, and the beginnings
# of words a language inflects ("1000 мегаватт", "3,5 Milliarden", "7,5 milyard dolları"), with an ending
# of up to three letters (not "2024 European"), in any case.
UNIT_ABBREVIATIONS = [
    *("млн", "млрд", "трлн", "тыс.", "млн.", "млрд."),
    *("Mio.", "Mrd.", "Tsd."),
    *("mln", "mlrd", "mln.", "mlrd."),  # az
    *("mld", "tys."),  # pl (and its "mln")
    *("Md", "Mds"),  # fr ("12,5 Md €")
]
UNIT_STEMS = [
    # ru
    "миллион", "миллиард", "триллион", "мегаватт", "гигаватт", "киловатт", "тонн", "баррел", "кубометр",
    "доллар", "евро", "манат", "процент", "гектар", "километр",
    # de
    "Million", "Milliard", "Billion", "Megawatt", "Gigawatt", "Kilowatt", "Tonne", "Prozent", "Prozentpunkt",
    "Euro", "Kilometer",
    # az, tr
    "milyon", "milyard", "trilyon", "meqavat", "qiqavat", "kilovat", "megavat", "gigavat", "dollar", "manat",
    "avro", "barrel", "hektar", "kilometr", "faiz", "ton",
]  # fmt: skip

_NUMBER = rf"{SIGN}?\d[\d.,\u00a0\u202f]*"
_ORDINAL = "(?:st|nd|rd|th|er|re)?"  # a day's ordinal ending: "February 1st", "1er janvier"


@lru_cache(maxsize=32)
def _patterns(language: str) -> tuple[re.Pattern[str], ...]:
    locale = locale_for(language)
    months: set[str] = set()
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            months.update(str(name).rstrip(".") for name in locale.months[context][width].values())
    month = "|".join(sorted((re.escape(m) for m in months if m), key=len, reverse=True))
    units = "|".join(sorted((re.escape(u) for u in [*UNITS, *UNIT_ABBREVIATIONS]), key=len, reverse=True))
    stems = "|".join(sorted((re.escape(u) for u in UNIT_STEMS), key=len, reverse=True))
    currencies = "|".join(CURRENCIES)
    abbreviations = "|".join(re.escape(u) for u in UNIT_ABBREVIATIONS)
    return (
        re.compile(rf"\b((?:{month})\.?) (\d{{1,2}}{_ORDINAL}\b)"),  # February 26, February 1st
        re.compile(rf"\b(\d{{1,2}}(?:\.|{_ORDINAL})) ((?:{month})\b)"),  # 26 February, 26. Februar, 1er janvier
        re.compile(rf"(\d) ((?:{units})(?![\w]))"),  # 5,000 megawatts, 30 %
        re.compile(rf"(\d) ((?:{stems})\w{{0,3}}(?!\w))", re.IGNORECASE),  # 1000 мегаватт, 3,5 Milliarden
        # a currency after a figure's scale word, once joined to it: "12 millions €", "5 milliards USD"
        re.compile(rf"(\d{NBSP}[^\W\d_]+\.?) ((?:{currencies}|[{SYMBOLS}])(?!\w))"),
        re.compile(rf"\b({currencies}) ({_NUMBER})"),  # USD 5 billion
        # A currency symbol keeps with its figure: after it ("5 €", as German and French write it), before it
        # ("€ 1,234.5": a statistician's trial found "€" / "1,234.5"); between two figures ("5 € 2023", "In
        # 2023 € 5 billion") it may belong to either, and keeps with neither (reviews).
        re.compile(rf"(\d) ([{SYMBOLS}])(?!\w| {SIGN}?\d)"),
        re.compile(rf"(?<!\d[ {NBSP}])([{SYMBOLS}]) ({SIGN}?\d)"),
        # A scale's abbreviation and the unit after it, once joined to its figure ("60 Mrd. Euro", "2 млн
        # долларов"): a line ending in "Mrd." reads as a sentence's end.
        re.compile(
            rf"(\d{NBSP}(?:{abbreviations})) ((?:{units}|{currencies}|[{SYMBOLS}])(?!\w)|(?:{stems})\w{{0,3}}(?!\w))",
            re.IGNORECASE,
        ),
    )


# A scale's abbreviation and a currency with no figure before them, as a caption's "(Mrd. €)" or a table
# note's "in млн руб.": "(Mrd." ended a line, "€)" began the next.
_SCALED_CURRENCY = re.compile(
    "(?<![\\w.])("
    + "|".join(re.escape(u) for u in UNIT_ABBREVIATIONS)
    + rf") ((?:{'|'.join(CURRENCIES)}|[{SYMBOLS}])(?!\w)|(?:руб|долл|ман)\.)"
)


_DIGIT = re.compile(r"\d")
# A number grouped by spaces, as French, German or Russian text writes it ("1 234,5"): the space before
# each group of three.
_GROUP = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")
# A phone number in running text: + and a country code, then groups of digits ("+44 20 7946 0388",
# "(+994 12) 596-82-41"), or an area code in brackets before a number written with a hyphen ("(902) 555-0142").
_PHONE = re.compile(r"\(?\+\d{1,3}\)?(?: \(?\d{1,4}\)?)+|\(\d{1,5}\)(?: \d{1,4})+(?=-\d)")


# Languages whose typesetting never ends a line with a one-letter word (a preposition or conjunction: "с",
# "v"), each with those words; and (Cyrillic) never begins one with a dash: "с Турцией / — 7,5 млрд".
_SHORT_WORDS = {
    "ru": "вксуоиая",
    "uk": "вузійао",
    "be": "узіаў",
    "bg": "всиоуа",
    "cs": "ksvzouia",
    "sk": "ksvzouia",
    "pl": "wzioua",
}
_DASH_KEPT = {"ru", "uk", "be", "bg"}
# In every language: an abbreviation of one-letter parts ("z. B.", "d. h.", "i. d. R.", "т. е.") and initials
# ("A. B. Smith") hold together; so do a section sign, and an abbreviated word before a number, or a title
# before a name, with what follows ("§ 3", "Nr. 5", "S. 12", "Abs. 2", "Dr. Schmidt"): a German editor's
# trial found "z." / "B.", "S." / "12" and "Rn." / "123" at lines' ends.
_ABBREVIATIONS = (
    re.compile(r"(?<!\w)(\w\.) (?=\w\.)"),
    re.compile(r"(?<!\w)(§§?|№№?) (?=\d)"),  # "№ 5": Russian's and Azerbaijani's "Nr. 5"
    re.compile(
        r"(?<!\w)((?:Nr|Nrn|No|Nos|S|p|pp|Abs|Art|Rn|Bd|Kap|Ziff|Anm|Abb|Tab|Fig|Vol|vol|ch|para|ca|Tz)\."
        r"|(?:nr|art\.|ust\.|pkt|poz\.|str\.|rozdz\.|rys\.)) (?=\d)"  # Polish: "nr 5", "art. 12", "pkt 3"
    ),
    re.compile(r"(?<!\w)((?:Dr|Prof|Mr|Mrs|Ms|Hr|Fr|St)\.) (?=[A-ZÄÖÜ])"),
)
# Abbreviations of two words that Russian typesetting keeps on one line ("т. е." and "и т. д." are one-letter
# parts, above): "куб. м", a century "XXI в.", and a decade's "1990-х гг.".
_RUSSIAN_ABBREVIATIONS = (
    re.compile(r"(?<!\w)((?:куб|кв)\.) (?=к?м\b)"),
    re.compile(r"(?<!\w)([IVXLCХІ]+|\d+-[а-яё]{1,3}) (?=(?:вв?|гг?)\.)"),  # "ХХI в." typed in Cyrillic Х
    # an abbreviated word before its number ("ст. 12", "п. 4", "с. 15", "рис. 2", "табл. 3", "гл. 7", "т. 2"),
    # and before a place's name ("г. Баку", "ул. Низами", "пр. Мира"): an Azerbaijani editor's trial
    re.compile(r"(?<!\w)((?:ст|пп?|с|рис|табл|гл|ч|т|разд|прил|прим)\.) (?=\d)"),
    re.compile(r"(?<!\w)((?:г|ул|пр|пл|пер|обл|просп)\.) (?=[А-ЯЁ])"),
)
# German writes an ordinal with a dot: "im 3. Quartal", "das 20. Jahrhundert" (months: the date pattern).
# A line ending in "im 3." reads as a sentence's end.
# What every match of _ABBREVIATIONS holds: a full stop, or a sign or word written without one
_ABBREVIATION_MARKS = (".", "§", "№", "nr ", "pkt ")
_POLISH_CENTURY = re.compile(r"(?<!\w)([IVXLC]+) (?=w\.)")  # "XXI w.", a century
_GERMAN_ORDINAL = re.compile(r"(?<![\w.])(\d{1,2}\.) (?=[A-ZÄÖÜ][a-zäöüß])")


@lru_cache(maxsize=32)
def _language_patterns(language: str) -> tuple[re.Pattern[str], ...]:
    """What the language's own typesetting keeps together, figures or none: one-letter words, the space
    before a dash, Russian abbreviations."""
    words = _SHORT_WORDS.get(language, "")
    out = [re.compile(rf"(?<!\w)([{words}{words.upper()}]) (?=\S)")] if words else []
    if language in _DASH_KEPT:
        out.append(re.compile(r"(\S) (?=[—–] )"))  # the space before a dash between words
    if language == "ru":
        out += _RUSSIAN_ABBREVIATIONS
    if language == "de":
        out.append(_GERMAN_ORDINAL)
    if language == "pl":
        out.append(_POLISH_CENTURY)
    return tuple(out)


_JOINED = rf"\1{NBSP}"  # the group before the space, and a no-break space for it
_JOINED_TWO = rf"\1{NBSP}\2"  # the groups on either side of the space, joined


def keep_together(text: str, language: str) -> str:
    """`text` with no-break spaces inside its dates, numbers grouped by spaces, phone numbers and
    abbreviations, and between figures and their units; where the language's typesetting asks it, after a
    one-letter word and before a dash."""
    for pattern in _language_patterns(primary_subtag(language)):
        text = pattern.sub(_JOINED, text)
    if any(mark in text for mark in _ABBREVIATION_MARKS):  # most runs of text skip the patterns
        for pattern in _ABBREVIATIONS:
            text = pattern.sub(_JOINED, text)
    text = _SCALED_CURRENCY.sub(_JOINED_TWO, text)
    if not _DIGIT.search(text):
        return text  # every other pattern holds a figure: most runs of text are left here
    text = _PHONE.sub(lambda match: phone(match.group()), text)  # first: its groups are no number's
    for pattern in _patterns(language):
        text = pattern.sub(_JOINED_TWO, text)
    return _GROUP.sub(NBSP, text)


def phone(number: str) -> str:
    """A phone number whose spaces do not break ("(+994 12) 596-82-41"); its hyphens are held by CSS."""
    return number.replace(" ", NBSP)
