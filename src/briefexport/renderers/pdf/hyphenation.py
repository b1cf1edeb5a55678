"""Hyphenation points from pyphen, with its dictionaries loaded about three times faster.

pyphen parses a hyph_*.dic file pattern by pattern with regular expressions;
for English that is about a tenth of a second, paid once per process, which
is a good part of a short PDF's build. `_patterns` reads the same standard
Liang patterns into the same table (tests compare the two) and hands pyphen
a ready HyphDict through its own cache. Dictionaries with non-standard
patterns (`/` alternatives, ^^hex escapes, adjacent digits) go through pyphen's own loader.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import pyphen

_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d\d")

Hyphenator = Callable[[str], tuple[tuple[str, str], ...]]


def _patterns(path: Path) -> dict[str, tuple[int, tuple[int, ...]]] | None:
    """The pattern table pyphen.HyphDict builds, or None when the file needs pyphen's full parser."""
    with path.open("rb") as handle:
        encoding = handle.readline().decode().strip()
    if encoding.lower() == "microsoft-cp1251":
        encoding = "cp1251"
    patterns: dict[str, tuple[int, tuple[int, ...]]] = {}
    for line in path.read_text(encoding).split("\n")[1:]:
        pattern = line.strip()
        if not pattern or pattern.startswith(pyphen.ignored):
            continue
        if "/" in pattern or "^^" in pattern or _DIGITS.search(pattern):
            return None
        # Letters between the digits; a digit's place is the number of letters before it.
        parts = _DIGIT.split(pattern)
        places = accumulate(map(len, parts))
        marks = [(place, int(digit)) for place, digit in zip(places, _DIGIT.findall(pattern)) if digit != "0"]
        if not marks:
            continue
        start = marks[0][0]
        values = [0] * (marks[-1][0] + 1 - start)
        for place, value in marks:
            values[place - start] = value
        patterns["".join(parts)] = (start, tuple(values))
    return patterns


def _preload(path: Path) -> None:
    if path in pyphen.hdcache:
        return
    try:
        patterns = _patterns(path)
    except (OSError, UnicodeError, LookupError, ValueError):
        return  # pyphen's loader will say what is wrong
    if not patterns:
        return
    table = pyphen.HyphDict.__new__(pyphen.HyphDict)
    table.patterns, table.cache, table.maxlen = patterns, {}, max(len(key) for key in patterns)
    pyphen.hdcache[path] = table


@lru_cache(maxsize=16)
def hyphenator(language: str) -> Hyphenator | None:
    """Hyphenation points for a language tag ("en", "en-GB", "ru"), or None when pyphen has no dictionary."""
    lang = pyphen.language_fallback(language.replace("-", "_"))
    if not lang:
        return None
    path = pyphen.LANGUAGES[lang]
    if isinstance(path, Path):
        _preload(path)
    iterate = pyphen.Pyphen(lang=lang).iterate

    # Cached per word (a bulletin repeats its words). An lru_cache wrapper deep-copies as itself, and
    # ReportLab deep-copies paragraph styles when it splits a paragraph: the dictionary is never copied.
    @lru_cache(maxsize=65536)
    def points(word: str) -> tuple[tuple[str, str], ...]:
        return tuple(iterate(word))

    return points
