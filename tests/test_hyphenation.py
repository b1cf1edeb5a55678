"""Hyphenation follows the rules a typesetter keeps (renderers/pdf/hyphenation.py)."""

from __future__ import annotations

import pytest

from briefexport.renderers.pdf.hyphenation import hyphenator


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


def test_punctuation_does_not_count_as_letters():
    assert all(sum(c.isalpha() for c in right) >= 3 for _, right in hyphenator("en")("political,"))  # type: ignore[misc]
