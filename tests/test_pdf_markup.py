"""Paragraph markup for the PDF: a source's text is escaped, and its dates and figures with their units
are joined by no-break spaces, except in table cells, whose widths were measured word by word."""

from __future__ import annotations

from briefexport.model import Run
from briefexport.renderers.pdf.fonts import Coverage, register_roles
from briefexport.renderers.pdf.markup import Markup
from briefexport.renderers.pdf.markup import plain as drawn
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


def test_narrow_and_figure_no_break_spaces_are_set_as_no_break_spaces_reportlab_keeps():
    """ReportLab breaks lines at U+202F and U+2007 (its list of spaces has them): a French ';' after its
    narrow no-break space was set alone at a line's start."""
    assert drawn("européennes\u202f; 1\u202f234\u2007567") == "européennes\u00a0; 1\u00a0234\u00a0567"
    from reportlab.platypus.paragraph import _wsc  # type: ignore[attr-defined]

    assert "\u00a0" not in _wsc  # the one ReportLab keeps
