"""The rules a bulletin's content keeps, wherever it comes from.

The loader (sources.py) holds a source to them and names the file and line;
validate.py holds a model built in code or read from JSON to the same rules and
names the field. Both import them from here, so that the two cannot drift: a
limit or a pattern lives in one place. No I/O and no parser: importing this
costs two regular expressions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from .model import URL_SCHEMES, NumberCell

# The title block and section titles are set whole on one page (cover, running heads, headings, contents)
# and each edition's metadata: a cap on their length keeps every format's layout fast and on the page.
MAX_TITLE_CHARS = 300

# A figure keeps its value as a float, which holds any 15 digits exactly: every edition prints a figure
# from its value, so one with more digits would print other digits than were written.
MAX_FIGURE_DIGITS = 15

# The longest unit a figure may carry ("2.5 million USD"): a unit is a word or two, not a sentence.
MAX_UNIT_CHARS = 40

LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
LANGUAGE_RULE = "must be a language tag such as en or az-Latn"

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EMAIL_RULE = "must be an address such as info@example.org"

WEBSITE_SCHEMES = ("http", "https")

# A figure as written: 92.12%, 90,272, 1,000 MW, 2.5 million USD, −3.
_NUMBER = re.compile(
    r"^(?P<number>[+\-\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
    rf"(?:(?P<percent>\s?%)|\s(?P<unit>[^\W\d_][^|]{{0,{MAX_UNIT_CHARS - 1}}}))?$"
)


def at_most(limit: int) -> Callable[[str], str | None]:
    """A check that a text (stripped, as it is kept) is at most `limit` characters long: its complaint, or None."""

    def check(value: str) -> str | None:
        length = len(value.strip())
        return f"is {length} characters long; at most {limit} are allowed" if length > limit else None

    return check


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


def unsubscribe_complaint(link: str) -> str | None:
    """What is wrong with a publisher's List-Unsubscribe link (an https: or mailto: URL), or None."""
    if any(char in link for char in "<>,\r\n\t "):  # would end the header's <...> or start another
        return f"link {link[:80]!r} has a space, comma or angle bracket; write one URL"
    return url_complaint(link, UNSUBSCRIBE_SCHEMES)


def website_complaint(website: str) -> str | None:
    """What is wrong with a publisher's website (written with or without https://), or None."""
    try:
        scheme = urlsplit(website).scheme
    except ValueError:
        scheme = "https"  # url_complaint says what is wrong with it
    return url_complaint(website if scheme else f"https://{website}", WEBSITE_SCHEMES)


def parse_number(text: str) -> NumberCell | None:
    """A NumberCell for a figure as written, or None when the text is not one."""
    match = _NUMBER.match(text.strip())
    if not match:
        return None
    number = match["number"].replace("\u2212", "-")
    unit = "%" if match["percent"] else (match["unit"].strip() if match["unit"] else None)
    value = float(number.replace(",", ""))
    if not math.isfinite(value):
        return None
    return NumberCell(value=value, text=text.strip(), unit=unit)


def figure_digits(written: str) -> int:
    """How many digits a figure as written has: its number's, not its unit's ("1,000 MW" has 4)."""
    return sum(char.isdecimal() for char in written.split(" ", 1)[0])
