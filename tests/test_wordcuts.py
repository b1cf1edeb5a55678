"""Web addresses, and words no line holds, are cut where a line may end (renderers/pdf/wordcuts.py)."""

from __future__ import annotations

from reportlab.platypus.paragraph import _getFragWords
from reportlab.platypus.paraparser import ParaFrag

from briefexport.renderers.pdf.fonts import register_roles
from briefexport.renderers.pdf.wordcuts import Joint, holds_address, jointed, joints_of, pieces_width


def test_an_address_is_cut_only_where_it_breaks():
    assert joints_of("https://www.example.org/a-b?c=d") == [8, 11, 19, 23, 25, 27, 29]
    assert joints_of("(www.example.org).") == [4, 12]  # never inside its punctuation
    assert joints_of("a.b@c.org") == [1, 3, 5]


def _words(text: str, font: str) -> list[list[object]]:
    frag = ParaFrag(fontName=font, fontSize=10.0, text=text, rise=0, textColor=None)
    return _getFragWords([frag], 1000)


def test_pieces_fit_the_width_and_keep_every_letter(aircenter):
    font = register_roles(aircenter)["body"].regular
    address = "https://www.example.org/" + "a" * 80 + "/report-2024.html"
    words, tails = jointed(_words(f"see {address} now", font), 120.0)
    assert "".join(t for w in words for _, t in w[1:]).replace(" ", "") == f"see{address}now"
    assert all(w[0] <= 120.0 and abs(w[0] - pieces_width(w[1:])) < 1e-9 for w in words)
    cut = [i for i, w in enumerate(words) if isinstance(w, Joint)]
    assert cut and tails == {cut[-1] + 1}  # the address's last piece ends it, with its space after


def test_joints_stay_apart_when_reportlab_reads_the_words_again(aircenter):
    """ReportLab joins its own split words (_SplitFrag) together again before it breaks lines, and then
    cut the rejoined address between letters; a Joint is a word of its own to it."""
    font = register_roles(aircenter)["body"].regular
    words, _ = jointed(_words("see https://www.example.org/a/b/c now", font), 1000.0)
    assert [w for w in _getFragWords(words, 1000)] == words


def test_a_word_with_a_drawn_thing_is_left_whole(aircenter):
    font = register_roles(aircenter)["body"].regular
    words = _words("https://www.example.org/a/b", font)
    words[0].append((ParaFrag(fontName=font, fontSize=10.0, text="", cbDefn=object()), ""))
    assert jointed(words, 50.0)[0] == words


def test_a_paragraph_holds_an_address_in_its_frags_or_its_words(aircenter):
    font = register_roles(aircenter)["body"].regular
    picture = ParaFrag(fontName=font, fontSize=10.0)  # a frag with no text: a picture's, a line break's
    assert holds_address([ParaFrag(text="Write to press@example.org."), picture])
    assert holds_address(_words("see www.example.org now", font))
    assert not holds_address([picture, ParaFrag(text="and/or 3.5 per cent")])


def test_a_compounds_part_no_line_holds_is_cut_at_its_syllables_with_a_hyphen(aircenter):
    """A German editor's "Rechtsstaatlichkeitskonditionalitätsmechanismus-Debatte" in three columns was cut
    after its own hyphen only, its first part between letters ("…keitskond" / "itionalitäts…"), no hyphen."""
    from briefexport.renderers.pdf.wordcuts import HyphenJoint

    font = register_roles(aircenter)["body"].regular
    word = "Rechtsstaatlichkeitskonditionalitätsmechanismus-Debatte"

    def syllables(text: str) -> list[int]:  # the places a hyphenator would give, for this test's words
        return [i for i in (10, 20, 35) if i < len(text)] if text.startswith("Rechts") else []

    words, _ = jointed(_words(word, font), 120.0, syllables)
    pieces = ["".join(t for _, t in w[1:]) for w in words]
    assert "".join(pieces) == word and pieces[-1] == "Debatte"  # "Debatte" fits: not cut
    assert [p for p, w in zip(pieces, words) if isinstance(w, HyphenJoint)] == pieces[:3]
    assert pieces[3].endswith("-") and not isinstance(words[3], HyphenJoint)  # its own hyphen, none added
