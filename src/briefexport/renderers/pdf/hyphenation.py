"""Hyphenation points from pyphen, with its dictionaries read lazily, and the rules a typesetter keeps.

The rules: "en" (and "en-US") is US English and "en-GB" British, as the tags
say; a break leaves at least two letters before it and three after it; a word
that already holds a hyphen breaks only there (ReportLab's embedded
hyphenation), never into a one-letter fragment such as "first-pas- / t-the";
a capitalised word, usually a name ("Ilham", "Armenia"), is not hyphenated
(a line that cannot hold it whole still has it split as an overlong word),
except in German, which capitalises every noun.

pyphen parses a hyph_*.dic file pattern by pattern with regular expressions;
for English (14,000 patterns) that is about a tenth of a second, paid once per
process, which is a good part of a short PDF's build. Here the file is split
into pattern keys in a few whole-text passes, and a pattern's values are
worked out the first time pyphen looks it up: a bulletin's words touch a few
hundred of them. The table gives pyphen exactly what its own loader would
(tests compare the two) through pyphen's dictionary cache. Dictionaries with
non-standard patterns (`/` alternatives, ^^hex escapes, adjacent digits) go
through pyphen's own loader.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from itertools import accumulate, pairwise
from pathlib import Path

import pyphen

from ...translations import primary_subtag

_DIGIT = re.compile(r"\d")
_MARK = re.compile(r"[1-9]")
_NONSTANDARD = re.compile(r"/|\^\^|\d\d")

Hyphenator = Callable[[str], tuple[tuple[str, str], ...]]
# Tags whose pyphen fallback is another variety than the one they name: bare English is US English.
VARIETIES = {"en": "en_US"}
MIN_BEFORE, MIN_AFTER = 2, 3  # letters a break leaves on each side
HYPHENS = "-\u00ad\u2010\u2011"
# German capitalises every noun: there a capital letter does not make a word a name.
NOUNS_CAPITALISED = frozenset({"de"})
Pattern = tuple[int, tuple[int, ...]]


def _values(pattern: str) -> Pattern:
    """(start, values) of a Liang pattern such as "1ba2": where its first mark is, and the marks from there."""
    parts = _DIGIT.split(pattern)
    places = accumulate(map(len, parts))
    marks = [(place, int(digit)) for place, digit in zip(places, _DIGIT.findall(pattern)) if digit != "0"]
    start = marks[0][0]
    values = [0] * (marks[-1][0] + 1 - start)
    for place, value in marks:
        values[place - start] = value
    return start, tuple(values)


class _Patterns(dict[str, "Pattern | str"]):
    """Pattern key -> (start, values), holding the raw pattern until it is first looked up.

    pyphen reads its table only through .get().
    """

    def get(self, key: str, default: object = None) -> Pattern | None:  # type: ignore[override]
        value = dict.get(self, key)
        if value is None:
            return default  # type: ignore[return-value]
        if isinstance(value, str):
            value = self[key] = _values(value)
        return value


def _patterns(path: Path) -> _Patterns | None:
    """The pattern table pyphen.HyphDict builds, or None when the file needs pyphen's full parser."""
    with path.open("rb") as handle:
        encoding = handle.readline().decode().strip()
    if encoding.lower() == "microsoft-cp1251":
        encoding = "cp1251"
    text = path.read_text(encoding)
    body = text[text.find("\n") + 1 :]
    lines = [line.strip() for line in body.split("\n")]
    ignored = pyphen.ignored  # type: ignore[attr-defined]  # pyphen's own list, not in its stubs
    kept = [line for line in lines if line and not line.startswith(ignored) and _MARK.search(line)]
    joined = "\n".join(kept)
    if _NONSTANDARD.search(joined):
        return None
    keys = _DIGIT.sub("", joined).split("\n")
    return _Patterns(zip(keys, kept))


class _Uncached(dict[str, list[pyphen.DataInt]]):
    """Stands in for pyphen's own cache of every word it hyphenated, which it never empties: a service
    that sees new words grew by about 100 MB per large source. hyphenator() keeps a bounded cache of its
    own; positions that pyphen stores here are dropped."""

    def __setitem__(self, key: str, value: list[pyphen.DataInt]) -> None:
        pass


def _preload(path: Path) -> None:
    if path in pyphen.hdcache:  # type: ignore[attr-defined]  # pyphen's dictionary cache, not in its stubs
        return
    try:
        patterns = _patterns(path)
    except (OSError, UnicodeError, LookupError, ValueError):
        return  # pyphen's loader will say what is wrong
    if not patterns:
        return
    table = pyphen.HyphDict.__new__(pyphen.HyphDict)
    # The lazy table stands in for pyphen's dict: pyphen reads it only through get(), which gives a Pattern.
    table.patterns = patterns  # type: ignore[assignment]
    table.cache, table.maxlen = _Uncached(), max(len(key) for key in patterns)
    pyphen.hdcache[path] = table  # type: ignore[attr-defined]


class Syllables:
    """Hyphenation by syllables for Turkic languages written in Latin letters, which pyphen has no patterns
    for (Azerbaijani, the flagship publisher's own, and Turkish): every syllable holds one vowel, so a word
    breaks before the consonant that opens a syllable (the one before a vowel) and between two vowels, as
    their orthographies hyphenate ("bey-nəl-xalq", "müs-tə-qil-li-yi-nin", "mü-əl-lim"); never inside the
    consonants a word opens with ("stra-te-ji") nor beside a character that is no letter ("İstanbul'da").
    The two methods the breakers call, as pyphen's Pyphen has them."""

    VOWELS = frozenset("aâeəıiîoöuüû")

    def __init__(self, left: int, right: int) -> None:
        self.left, self.right = left, right

    def positions(self, word: str) -> list[int]:
        lower = word.lower()
        if len(lower) != len(word):
            return []  # a letter whose lower case is longer ("İ" is "i̇"): its places would shift
        vowel = [char in self.VOWELS for char in lower]
        first = vowel.index(True) if True in vowel else len(word)  # a syllable opens only after a vowel
        places = []
        for at in range(self.left, len(word) - self.right + 1):
            between_vowels = vowel[at - 1] and vowel[at]
            opens = not vowel[at] and at + 1 < len(word) and vowel[at + 1] and first < at
            if (between_vowels or opens) and word[at - 1].isalpha() and word[at].isalpha():
                places.append(at)
        return places

    def iterate(self, word: str) -> Iterator[tuple[str, str]]:
        """(head, tail) at each place, the longest head first (as pyphen)."""
        for at in reversed(self.positions(word)):
            yield word[:at], word[at:]


# Languages hyphenated by Syllables: Azerbaijani (no patterns in pyphen, nor in TeX) and Turkish.
SYLLABIC = frozenset({"az", "tr"})


@lru_cache(maxsize=16)
def _dictionary(language: str) -> pyphen.Pyphen | Syllables | None:
    """pyphen's dictionary for a language tag (or, for SYLLABIC ones, Syllables), breaks leaving MIN_BEFORE
    and MIN_AFTER letters, or None."""
    tag = language.replace("-", "_")
    lang = pyphen.language_fallback(VARIETIES.get(tag.lower(), tag))
    if not lang:
        return Syllables(MIN_BEFORE, MIN_AFTER) if primary_subtag(language) in SYLLABIC else None
    path = pyphen.LANGUAGES[lang]
    if isinstance(path, Path):
        _preload(path)
    dictionary = pyphen.Pyphen(lang=lang, left=MIN_BEFORE, right=MIN_AFTER)
    dictionary.hd.cache = _Uncached()  # a table pyphen read itself (nonstandard patterns) too
    return dictionary


@lru_cache(maxsize=16)
def hyphenator(language: str) -> Hyphenator | None:
    """Hyphenation points for a language tag ("en", "en-GB", "ru", "az"), or None when there are none."""
    if _dictionary(language) is None:
        return None

    # A function deep-copies as itself (ReportLab deep-copies a paragraph's style when it splits it), so
    # each language's stays one object, which the breaker's caches key on.
    def points(word: str) -> tuple[tuple[str, str], ...]:
        return _points(language, word)

    return points


# Cached per word (a bulletin repeats its words), in one cache for every language: a service rendering
# bulletins in eight languages held 65,536 words for each (a cache per language), and kept growing.
@lru_cache(maxsize=65536)
def _points(language: str, word: str) -> tuple[tuple[str, str], ...]:
    dictionary = _dictionary(language)
    german = primary_subtag(language) in NOUNS_CAPITALISED
    name = word[:1].isupper() and not german
    if dictionary is None or not word[:1].isalpha() or name or any(h in word for h in HYPHENS):
        return ()  # a name, or a compound: ReportLab breaks it at its own hyphen or not at all
    found = dictionary.positions(word)
    kept = set(_apart(found) if german else found)
    return tuple(
        (left, right)
        for at, (left, right) in zip(reversed(found), dictionary.iterate(word))  # iterate: longest head first
        if at in kept and sum(map(str.isalpha, left)) >= MIN_BEFORE and sum(map(str.isalpha, right)) >= MIN_AFTER
    )


def _apart(found: Sequence[int]) -> list[int]:
    """The points of `found` that are not a letter from another. German patterns mark both sides of a
    letter where compounds join ("Sicherheits-s-trategie", "Arbeitsmark-t-reform", "Kredi-t-ermächtigungen"):
    one side is a wrong break, and the patterns do not say which, so neither is kept."""
    return [
        p
        for i, p in enumerate(found)
        if (i == 0 or p - found[i - 1] >= 2) and (i == len(found) - 1 or found[i + 1] - p >= 2)
    ]


LONGEST_HYPHENATED = 500  # letters: a longer token is no word (a pasted blob), cut between letters


def syllables(word: str, language: str) -> list[int]:
    """Where `word`, too wide for any line, may be cut with a hyphen in `language`, capitalised or not:
    nothing else fits it. Points a letter apart are not syllables (German patterns give
    "zusamme-n-a-r-beit"): none of them is kept."""
    dictionary = _dictionary(language)
    if dictionary is None or len(word) > LONGEST_HYPHENATED:
        return []
    return _apart(dictionary.positions(word))


def breakable(text: str, language: str, too_wide: Callable[[str], bool]) -> str:
    """`text` with soft hyphens (U+00AD, which ReportLab breaks at) where its language breaks each word
    `too_wide` for a whole line, capitalised ones too: nothing else fits them. A heading in a narrow column
    broke "Entwicklungszusamm" / "enarbeit" with no hyphen; the rest of the text is left as it is."""
    dictionary = _dictionary(language)
    if dictionary is None:
        return text

    def soft(word: str) -> str:
        if not too_wide(word):
            return word
        if any(h in word for h in HYPHENS):  # a compound: each part too wide on its own, at its syllables
            parts = re.split(f"(?<=[{HYPHENS}])", word)
            return "".join(soft(part[:-1]) + part[-1] if part[-1:] in HYPHENS else soft(part) for part in parts)
        kept = syllables(word, language)
        return "".join(word[a:b] + ("\u00ad" if b < len(word) else "") for a, b in pairwise([0, *kept, len(word)]))

    return " ".join(soft(word) for word in text.split(" "))
