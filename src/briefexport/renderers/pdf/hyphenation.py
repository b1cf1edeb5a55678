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
through pyphen's own loader. A file in two levels (NEXTLEVEL: German's, whose first
level is a list of compounds and where their words join) is read in two, as libhyphen
reads it, where pyphen merges them (_TwoLevel; its patterns are applied as pyphen applies
them, so a few compounds still break otherwise than in LibreOffice).
"""

from __future__ import annotations

import io
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
COMPOUND_MIN = 2  # letters a break leaves beside a compound's join (the German file's COMPOUNDLEFT/RIGHTHYPHENMIN)
NEXT_LEVEL = "NEXTLEVEL"  # in a two-level dictionary, the line between the compounds' joins and the syllables
HYPHENS = "-\u00ad\u2010\u2011"
# Apostrophes within a word: a French elision ("l’approvisionnement"), a Turkish case ending after a name
# ("Sözleşmesi’nin"), a Ukrainian word's own ("зобов’язання"). pyphen's patterns read the whole word.
APOSTROPHE = re.compile("['\u2019]")
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


def _pattern_lines(path: Path) -> list[str]:
    """The lines of a hyph_*.dic that pyphen reads as patterns (those with a value), and NEXTLEVEL."""
    with path.open("rb") as handle:
        encoding = handle.readline().decode().strip()
    if encoding.lower() == "microsoft-cp1251":
        encoding = "cp1251"
    text = path.read_text(encoding)
    body = text[text.find("\n") + 1 :]
    lines = [line.strip() for line in body.split("\n")]
    ignored = pyphen.ignored  # type: ignore[attr-defined]  # pyphen's own list, not in its stubs
    return [line for line in lines if line == NEXT_LEVEL or (not line.startswith(ignored) and _MARK.search(line))]


def _table(kept: list[str]) -> _Patterns | None:
    """The pattern table pyphen.HyphDict builds from these lines, or None when they need pyphen's full parser."""
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


def _hyph_dict(patterns: _Patterns) -> pyphen.HyphDict:
    """pyphen's HyphDict over a lazy table: pyphen reads it only through get(), which gives a Pattern."""
    table = pyphen.HyphDict.__new__(pyphen.HyphDict)
    table.patterns = patterns  # type: ignore[assignment]
    table.cache, table.maxlen = _Uncached(), max(len(key) for key in patterns)
    return table


class _TwoLevel(pyphen.HyphDict):
    """A two-level dictionary read in its levels, as libhyphen (LibreOffice's) does: the patterns before
    NEXTLEVEL find where a compound's words join ("deutsch1land", German's list of 58,000 compounds), and those
    after it hyphenate each of those words as a word of its own, at least COMPOUND_MIN letters from a join.
    pyphen merges the two levels into one table, which broke "Deut-schland" and "Arbeitsmark-treform" (German,
    Swiss and Austrian German, Catalan, Croatian, Slovenian and Mongolian files have two levels; French's first
    is empty). Unlike libhyphen, the first level is not run again on each part."""

    def __init__(self, joins: pyphen.HyphDict, syllables: pyphen.HyphDict) -> None:
        self.joins, self.syllables = joins, syllables
        self.cache, self.maxlen = _Uncached(), 0

    def positions(self, word: str) -> list[pyphen.DataInt]:
        joins = [p for p in self.joins.positions(word) if 0 < p < len(word)]
        points = list(joins)
        for start, end in pairwise([0, *joins, len(word)]):
            inner = range(COMPOUND_MIN if start else 0, end - start - (COMPOUND_MIN if end < len(word) else 0) + 1)
            points += [
                pyphen.DataInt(start + p, reference=p) for p in self.syllables.positions(word[start:end]) if p in inner
            ]
        return sorted(points)


class _Level:
    """One level's lines as pyphen.HyphDict reads a file (its encoding on the first line, then patterns), so
    that pyphen's own parser reads a level whose patterns need it."""

    def __init__(self, lines: list[str]) -> None:
        self.text = "\n".join(["UTF-8", *lines])

    def open(self, mode: str) -> io.BytesIO:
        return io.BytesIO(b"UTF-8\n")

    def read_text(self, encoding: str) -> str:
        return self.text


def _level_dict(lines: list[str]) -> pyphen.HyphDict:
    table = _table(lines)
    if table:
        return _hyph_dict(table)
    read = pyphen.HyphDict(_Level(lines))  # type: ignore[arg-type]  # a Path to it
    read.cache = _Uncached()  # pyphen's own cache of every word would grow without end (see _Uncached)
    return read


def _preload(path: Path) -> None:
    if path in pyphen.hdcache:  # type: ignore[attr-defined]  # pyphen's dictionary cache, not in its stubs
        return
    try:
        levels = [level for level in _levels(_pattern_lines(path)) if level]  # French's first level is empty
        if len(levels) == 2:
            pyphen.hdcache[path] = _TwoLevel(*map(_level_dict, levels))  # type: ignore[attr-defined]
        elif table := _table(levels[0]):
            pyphen.hdcache[path] = _hyph_dict(table)  # type: ignore[attr-defined]
        # else nonstandard patterns: pyphen's own loader reads the file
    except (OSError, UnicodeError, LookupError, ValueError):
        return  # pyphen's loader will say what is wrong


def _levels(lines: list[str]) -> list[list[str]]:
    """The lines of each level: one, or the two either side of NEXTLEVEL (a third would be ignored by libhyphen
    too: it reads two)."""
    if NEXT_LEVEL not in lines:
        return [lines]
    at = lines.index(NEXT_LEVEL)
    return [lines[:at], [line for line in lines[at + 1 :] if line != NEXT_LEVEL]]


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
        lower = lowered(word)
        if lower is None:
            return []  # a letter whose lower case is longer: its places would shift
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


def lowered(word: str) -> str | None:
    """`word` in small letters, letter for letter ("İktisadi" is "iktisadi": Turkish and Azerbaijani write
    i's capital İ, which str.lower() makes two characters), or None when a letter's small form is longer."""
    lower = word.replace("İ", "i").lower()
    return lower if len(lower) == len(word) else None


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
    kept = set(_german(word, found) if german else found)
    if APOSTROPHE.search(word):
        kept = _apart_from_apostrophes(word, kept, language)
    return tuple(
        (left, right)
        for at, (left, right) in zip(reversed(found), dictionary.iterate(word))  # iterate: longest head first
        if at in kept and sum(map(str.isalpha, left)) >= MIN_BEFORE and sum(map(str.isalpha, right)) >= MIN_AFTER
    )


def _apart_from_apostrophes(word: str, found: set[int], language: str) -> set[int]:
    """The points of `found` not beside an apostrophe the word holds, as no break is beside a character
    that is no letter ("l’ap-pro-vi-sion-ne-ment", never "l’-approvisionnement"); in Turkish and Azerbaijani
    none after one, where a case ending follows a name and stays whole ("Söz-leş-me-si’nin")."""
    first = APOSTROPHE.search(word)
    end = first.start() if first and primary_subtag(language) in SYLLABIC else len(word)
    return {at for at in found if at < end and not APOSTROPHE.match(word, at - 1) and not APOSTROPHE.match(word, at)}


_GERMAN_VOWELS = frozenset("aeiouyäöü")


def _german(word: str, found: Sequence[int]) -> list[int]:
    """The points of `found` that German's patterns do not leave in doubt (_apart, _voiced)."""
    return _voiced(word, _apart(found))


def _voiced(word: str, found: Sequence[int]) -> list[int]:
    """The points of `found` (_apart's) that leave a vowel in every piece of a German word between them: a
    syllable holds one, and the patterns mark both sides of a consonant cluster where they cannot tell which
    side it belongs to ("Schwa-rz-meer", "Wasser-st-offinfrastruktur"); neither side is kept."""
    edges = [0, *found, len(word)]
    silent = {
        i for i, (a, b) in enumerate(pairwise(edges)) if not any(char in _GERMAN_VOWELS for char in word[a:b].lower())
    }
    # piece i lies between edges i and i + 1: the points either side of a silent piece are found[i - 1], found[i]
    return [p for k, p in enumerate(found) if k not in silent and k + 1 not in silent]


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
    found = dictionary.positions(word)
    return _german(word, found) if primary_subtag(language) in NOUNS_CAPITALISED else _apart(found)


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
