"""The EPUB's cover picture: its text fitted to the picture's width, in time that grows with it linearly."""

from __future__ import annotations

import gc
import warnings

from PIL import Image, ImageDraw

from briefexport.renderers import fontfiles
from briefexport.renderers.epub import coverimage
from briefexport.styles import load_style


class _Counted:
    """A font whose measuring is counted: every letter one unit wide, "…" too."""

    def __init__(self) -> None:
        self.calls = 0

    def getlength(self, text: str) -> float:
        self.calls += 1
        return float(len(text))


def test_a_line_too_long_for_the_picture_is_cut_to_the_longest_start_that_fits_with_an_ellipsis():
    font = _Counted()
    assert coverimage._cut("Example Institute for Policy", font, 10) + "…" == "Example I…"  # type: ignore[arg-type]
    assert coverimage._cut("", font, 10) == ""  # type: ignore[arg-type]


def test_a_pasted_word_of_twenty_thousand_letters_is_cut_in_a_few_measures():
    """A CMS's publisher name pasted as one 2,700-letter word took 16 s in the EPUB's cover, one measure a
    letter taken off (20,000 letters: minutes)."""
    font = _Counted()
    cut = coverimage._cut("x" * 20_000, font, 300)  # type: ignore[arg-type]
    assert len(cut) == 299 and font.calls <= 16


def test_reading_a_fonts_characters_leaves_no_file_open():
    """An EPUB render under `python -X dev` warned of unclosed font files (ResourceWarning). The cover reads
    a font's characters through fontfiles, as Word and the EPUB's fallback fonts do."""
    path = load_style("aircenter").fonts["sans"].regular
    fontfiles._read.cache_clear()
    gc.collect()  # what earlier tests in this process left to the collector is theirs, not this test's
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fontfiles.characters(path)
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)], [str(w.message) for w in caught]


def test_a_character_no_font_has_is_left_out_of_its_line_not_the_line_with_it():
    """An editor's trial: the cover of "Caspian Energy Monitor 天然ガス" read "Caspian Energy": the line
    "Monitor 天然ガス" was left out whole, a Latin word with the characters no font of the style has."""
    style = load_style("aircenter")
    font = coverimage._font(style.font("heading").bold, 40)
    pieces = coverimage._pieces("Monitor 天然ガス", font, style)
    assert pieces is not None and "".join(piece for _, piece in pieces) == "Monitor"
    assert coverimage._pieces("天然ガス", font, style) is None  # nothing left to draw
    assert coverimage._pieces("نشرة Monitor", font, style) is None  # right to left: the line is left out


def test_a_line_is_drawn_without_the_characters_no_font_has(monkeypatch):
    """A review: the cover drew "Monitor 天然ガス" whole, the three characters as empty boxes, where the
    pieces left to draw were "Monitor" alone; "Gas prices ≈" with no fallback chain, the same."""
    drawn: list[str] = []
    draw_text = ImageDraw.ImageDraw.text

    def recorded(self, xy, text, *args, **kwargs):
        drawn.append(text)
        return draw_text(self, xy, text, *args, **kwargs)

    monkeypatch.setattr(ImageDraw.ImageDraw, "text", recorded)
    style = load_style("aircenter")
    page = coverimage._Page(Image.new("RGB", (600, 200)), style)
    font = coverimage._font(style.font("heading").bold, 40)
    page.text(["Monitor 天然ガス", "Caspian Energy"], font, (0, 0, 0))
    plain = load_style("plain").replace(fallback=())
    coverimage._Page(Image.new("RGB", (600, 200)), plain).text(
        ["Gas prices ≈ halved"], coverimage._font(plain.font("heading").bold, 40), (0, 0, 0)
    )
    assert drawn == ["Monitor", "Caspian Energy", "Gas prices halved"]
