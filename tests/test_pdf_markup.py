"""Paragraph markup for the PDF: a source's text is escaped, and its dates and figures with their units
are joined by no-break spaces, except in table cells, whose widths were measured word by word."""

from __future__ import annotations

from briefexport.model import Run
from briefexport.renderers.pdf.fonts import Coverage, register_roles
from briefexport.renderers.pdf.markup import Markup
from briefexport.styles import Style

NBSP = "\u00a0"


def markup(style: Style, language: str = "en") -> Markup:
    return Markup(Coverage(register_roles(style)), "#0000ff", language)


def test_running_text_keeps_figures_with_their_units_and_dates_whole(plain):
    text = markup(plain).runs((Run("Output rose to 5,000 megawatts on February 26, up 30 % <b>"),))
    assert text == f"Output rose to 5,000{NBSP}megawatts on February{NBSP}26, up 30{NBSP}% &lt;b&gt;"


def test_month_names_are_the_bulletins_language(plain):
    assert markup(plain, "de").text("am 26. Februar 1992") == f"am 26.{NBSP}Februar 1992"


def test_table_cells_keep_the_spaces_their_widths_were_measured_with(plain):
    assert markup(plain).runs((Run("5,000 megawatts"),), kept=False) == "5,000 megawatts"


def test_a_font_without_a_no_break_space_gets_plain_spaces(plain):
    coverage = Coverage(register_roles(plain))
    coverage.codepoints.discard(ord(NBSP))
    assert Markup(coverage, "#0000ff", "en").text("5,000 megawatts") == "5,000 megawatts"
