"""Hyphenation follows the rules a typesetter keeps (renderers/pdf/hyphenation.py)."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
from itertools import pairwise

import pyphen
import pytest
from pdfminer.high_level import extract_text

import briefexport
from briefexport.renderers.pdf import hyphenation
from briefexport.renderers.pdf.hyphenation import _points, breakable, hyphenator
from briefexport.styles import load_style

from .conftest import FIXTURES


def breaks(language: str, word: str) -> list[str]:
    points = hyphenator(language)
    assert points is not None
    return [f"{left}-{right}" for left, right in points(word)]


def test_english_is_us_english_and_en_gb_british():
    assert "re-sults" in breaks("en", "results") and "res-ults" not in breaks("en", "results")
    assert "posi-tive" in breaks("en", "positive") and "posit-ive" not in breaks("en", "positive")
    assert breaks("en-US", "represented") == breaks("en", "represented")
    assert "res-ults" in breaks("en-GB", "results")


@pytest.mark.parametrize("language", ["en", "en-GB", "ru"])
def test_a_break_leaves_two_letters_before_and_three_after(language):
    for word in ("regional", "political", "negotiations", "международный", "abcdefghijk"):
        for left, right in hyphenator(language)(word):  # type: ignore[misc]
            assert sum(c.isalpha() for c in left) >= 2 and sum(c.isalpha() for c in right) >= 3, (left, right)
    assert "region-al" not in breaks("en", "regional")


def test_a_word_that_holds_a_hyphen_breaks_only_at_it():
    # ReportLab breaks a compound at its own hyphen (embedded hyphenation): never "first-pas- / t-the-post".
    assert breaks("en-GB", "first-past-the-post") == []
    assert breaks("en", "Russia-Ukraine") == []


def test_capitalised_words_are_not_hyphenated():
    assert breaks("en", "Armenia") == [] and breaks("en", "Ilham") == []
    assert breaks("en", "armenian") != []  # the same letters in lower case are


@pytest.mark.parametrize("language", ["de", "de-AT", "de-CH"])
def test_where_every_noun_is_capitalised_a_capital_does_not_make_a_name(language):
    """German nouns, the long compounds a narrow column most needs to break, were kept whole as names would
    be, and lines broke inside lower-case words around them instead."""
    capitalised = breaks(language, "Regierungschefs")
    assert capitalised != [] and [b.lower() for b in capitalised] == breaks(language, "regierungschefs")


@pytest.mark.parametrize(
    ("word", "wrong", "right"),
    [
        # the compounds' level finds where "deutsch" and "land" join; each is then hyphenated as a word
        ("Deutschland", "Deut-schland", "Deutsch-land"),
        ("Sicherheitsstrategie", None, "Sicherheits-strategie"),
        ("Arbeitsmarktreform", None, "Arbeitsmarkt-reform"),
        # a piece without a vowel is no syllable: neither side of "rz" or "st" is kept
        ("Schwarzmeerkabel", "Schwa-rzmeerkabel", "Schwarzmeer-kabel"),
        ("Wasserstoffinfrastruktur", "Wasserst-offinfrastruktur", "Wasser-stoffinfrastruktur"),
    ],
)
def test_german_compounds_break_where_their_words_join_and_between_syllables(word, wrong, right):
    """A German production editor's trial printed "Schwa-/rzmeerkabel": pyphen merged LibreOffice's two levels
    (the compounds' joins, then the syllables of each part) into one table of patterns."""
    found = ["-".join(pair) for pair in hyphenator("de")(word)]  # type: ignore[misc]
    assert right in found and wrong not in found, found


def test_a_two_level_dictionary_hyphenates_each_part_of_a_compound_as_a_word():
    """Every two-level file pyphen ships (a NEXTLEVEL line) is read in two levels; a one-level file, or one
    whose first level is empty (French), as before."""
    for language in ("de_DE", "de_CH", "de_AT", "ca", "hr_HR", "sl_SI"):
        hyphenation._preload(pyphen.LANGUAGES[language])
        assert isinstance(pyphen.hdcache[pyphen.LANGUAGES[language]], hyphenation._TwoLevel), language
    assert breaks("ca", "col·lecció") == ["col·lec-ció", "col-lecció"]  # the second level's l·l as pyphen reads it
    assert breaks("fr", "gouvernement") == ["gouverne-ment", "gouver-nement", "gou-vernement"]
    for language in ("fr", "en_US"):
        assert not isinstance(pyphen.hdcache[pyphen.LANGUAGES[language]], hyphenation._TwoLevel)


def test_a_two_level_dictionarys_levels_keep_no_cache_of_every_word():
    """A review: German's levels, read by pyphen's own parser, kept pyphen's cache of every word hyphenated,
    which grows without end in a service (254 MB after 200,000 new words)."""
    for language in ("de", "ca"):
        hd = hyphenation._dictionary(language).hd  # type: ignore[union-attr]
        assert all(isinstance(level.cache, hyphenation._Uncached) for level in (hd.joins, hd.syllables)), language


def test_punctuation_does_not_count_as_letters():
    assert all(sum(c.isalpha() for c in right) >= 3 for _, right in hyphenator("en")("political,"))  # type: ignore[misc]


def test_a_word_too_wide_for_any_line_gets_soft_hyphens_where_its_language_breaks_it_and_no_other_does():
    """A German heading in three columns broke 'Entwicklungszusamm' / 'enarbeit', with no hyphen."""
    long_ones = breakable("IV. Entwicklungszusammenarbeit unter Spardruck", "de", lambda word: len(word) > 20)
    assert long_ones == "IV. Ent\u00adwick\u00adlungs\u00adzu\u00adsam\u00admenarbeit unter Spardruck"  # not me-n-a-r
    # a compound whose parts fit breaks at its own hyphen only; a part that does not, at its syllables too
    # (a German editor's "…konditionalitätsmechanismus-Debatte": "…keitskond" / "itionalitäts…")
    assert (
        breakable("Ein US-Entwicklungsprogrammbudget", "de", lambda word: len(word) > 27).split()[1]
        == "US-Entwicklungsprogrammbudget"
    )
    assert breakable("Die Rechtsstaatlichkeitsmechanismus-Debatte", "de", lambda word: len(word) > 20) == (
        "Die Rechtsstaat\u00adlich\u00adkeits\u00adme\u00adcha\u00adnis\u00admus-Debatte"
    )
    assert breakable("Xyzzy", "qaa", lambda word: True) == "Xyzzy"  # no dictionary: as it is


@pytest.mark.parametrize("language", ["en", "en-GB", "de", "ru", "nl"])
def test_words_hyphenated_once_are_not_all_kept_for_the_life_of_the_process(language):
    """pyphen caches every word it ever hyphenated, and never lets one go: a service that renders text
    it has not seen grew by about 100 MB a large source. Its cache stays empty; hyphenator() keeps a
    bounded one of its own (a word is hyphenated the same either way)."""
    points = hyphenator(language)
    assert points is not None
    first = points("internationalisation")
    novel = ["".join("abcdefghijklmnopqrstuvwxyz"[(i * 7 + k * k) % 26] for k in range(12)) for i in range(500)]
    for word in novel:
        points(word)
        breakable(word, language, lambda word: True)
    assert sum(len(table.cache) for table in pyphen.hdcache.values()) == 0
    assert _points.cache_info().maxsize is not None
    assert points("internationalisation") == first


def test_the_words_of_every_language_share_one_bounded_cache():
    """A cache per language held 65,536 words for each: a service rendering bulletins in eight languages
    grew to 191 MB over 1,000 renders and was still growing (a service's trial). One cache holds them all."""
    _points.cache_clear()
    languages = ["en", "en-GB", "de", "fr", "ru", "nl"]
    for language in languages:
        points = hyphenator(language)
        assert points is not None
        points("cooperation")
    assert _points.cache_info().currsize == len(languages)  # one entry each, all in the one cache
    assert _points.cache_info().maxsize == 65536


def test_a_heading_too_long_for_its_column_breaks_with_a_soft_hyphen(tmp_path):
    source = tmp_path / "b.md"
    shutil.copy(FIXTURES / "minimal" / "publisher.yaml", tmp_path)
    source.write_text(
        "---\ntitle: T\nissue: I\ndate: 2024-03-31\nlanguage: de\nstyle: aircenter\npublisher: publisher.yaml\n---\n\n"
        "# Entwicklungszusammenarbeitsprogramme unter Spardruck\n\nText.\n",
        encoding="utf-8",
    )
    style = load_style("aircenter")
    style = style.replace(page=dataclasses.replace(style.page, columns=3))
    pdf = briefexport.render(briefexport.load(source), "pdf", style)
    text = extract_text(io.BytesIO(pdf))
    assert "Entwicklungszusammenarbeitsprogramme" in text.replace("\u00ad\n", "").replace("\n", "")
    # broken at a hyphen, not mid-letter; a soft one in the text layer, as the body's: copying the heading
    # gave "Entwicklungszusammenarbeits-programme"
    assert re.search(r"Entwicklungs\w*\u00ad\n", text)


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("müstəqilliyinin", "müs-tə-qil-li-yi-nin"),
        ("beynəlxalq", "bey-nəl-xalq"),
        ("iqtisadiyyatının", "iq-ti-sa-diy-ya-tı-nın"),
        ("müəllim", "mü-əl-lim"),  # two vowels side by side
        ("strateji", "stra-teji"),  # not in the consonants a word opens with; three letters after a break
        ("spektr", "spektr"),
        ("İstanbul'da", "İs-tan-bul'da"),  # not beside a character that is no letter
        ("İktisadi", "İk-ti-sadi"),  # İ, whose small letter str.lower() makes two characters
    ],
)
def test_azerbaijani_and_turkish_break_by_syllables(word, syllables):
    """pyphen has no patterns for the flagship publisher's own language: its text was set ragged."""
    places = hyphenation.Syllables(hyphenation.MIN_BEFORE, hyphenation.MIN_AFTER).positions(word)
    assert "-".join(word[a:b] for a, b in pairwise([0, *places, len(word)])) == syllables
    assert hyphenation.hyphenator("az") is not None and hyphenation.hyphenator("tr-TR") is not None


def hyphenated(language: str, word: str) -> str:
    points = hyphenator(language)
    assert points is not None
    places = sorted(len(left) for left, _ in points(word))
    return "-".join(word[a:b] for a, b in pairwise([0, *places, len(word)]))


@pytest.mark.parametrize(
    ("language", "word", "expected"),
    [
        ("fr", "l’approvisionnement", "l’ap-pro-vi-sion-ne-ment"),  # an elision: never "l’-approvisionnement"
        ("fr", "d'investissement", "d'in-ves-tis-se-ment"),  # typed straight
        ("fr", "aujourd’hui", "au-jour-d’hui"),
        ("uk", "зобов’язання", "зо-бо-в’я-за-ння"),  # a Ukrainian word's own apostrophe
        ("tr", "sözleşmesi’nden", "söz-leş-me-si’nden"),  # a Turkish case ending stays whole
        ("az", "azərbaycan’ın", "azər-bay-can’ın"),
        ("en", "don’t", "don’t"),
    ],
)
def test_a_word_that_holds_an_apostrophe_breaks_in_its_letters_never_beside_it(language, word, expected):
    """French elisions, Turkish and Azerbaijani case endings after a name and Ukrainian words were never
    hyphenated at all, and the line before them was set loose (3.9 times the word space in a Turkish issue)."""
    assert hyphenated(language, word) == expected


def test_a_name_with_an_apostrophe_or_a_dotted_capital_i_breaks_where_nothing_else_fits():
    """Capitalised, a word is a name, broken at a cost (totalfit.NAME_PENALTY): "Sözleşmesi’nin" and
    "İktisadi" were not broken at any cost."""
    from briefexport.renderers.pdf.totalfit import NAME_PENALTY, _places

    for language, word, heads in [
        ("tr", "Sözleşmesi’nin", ["Söz", "Sözleş", "Sözleşme"]),
        ("tr", "İktisadi", ["İk", "İkti"]),
        ("az", "İnkişaf", ["İn", "İnki"]),
    ]:
        places = _places(word, hyphenator(language))
        assert [word[:at] for at, _, _ in places] == heads
        assert {penalty for _, _, penalty in places} == {NAME_PENALTY}
