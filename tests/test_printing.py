"""A style's [print] table: the brand's inks and the padding, checked with file:line like every style key."""

from __future__ import annotations

import pytest
from reportlab.lib.colors import CMYKColor, CMYKColorSep, HexColor

from briefexport.errors import StyleError
from briefexport.printing import PrintColor
from briefexport.renderers.pdf.inks import Inks, converted
from briefexport.styles import load_style

from .conftest import add_style


def test_the_flagship_brand_carries_its_own_inks(aircenter, plain):
    assert aircenter.print.colors["brand"] == PrintColor((1.0, 0.76, 0.2, 0.48))
    assert aircenter.print.colors["ink"] == plain.print.colors["ink"] == PrintColor((0.0, 0.0, 0.0, 1.0))
    assert plain.print.pad == aircenter.print.pad == 1


@pytest.mark.parametrize(
    ("text", "brand_ink"),
    [
        # an integrator's brand extending aircenter with its own burgundy printed aircenter's navy
        ('[colors]\nbrand = "#5B2333"\n', None),
        ('[colors]\nbrand = "#5B2333"\n\n[print.colors]\nbrand = [0, 80, 40, 60]\n', (0.0, 0.8, 0.4, 0.6)),
        ('[colors]\nbrand = "#14365D"\n', (1.0, 0.76, 0.2, 0.48)),  # aircenter's own brand colour: its ink
        ('[colors]\nbrand = "#14365d"\n', (1.0, 0.76, 0.2, 0.48)),  # in small letters (a review: refused)
        ('[colors]\naccent = "#14365E"\n', (1.0, 0.76, 0.2, 0.48)),
    ],
    ids=["colour changed", "its own ink", "colour as it was", "in small letters", "another colour changed"],
)
def test_a_colour_a_brand_changes_loses_the_ink_chosen_for_the_colour_it_replaced(tmp_path, aircenter, text, brand_ink):
    add_style(tmp_path, text, extends="aircenter")
    inks = load_style("brand", tmp_path).print.colors
    assert (inks["brand"].cmyk if "brand" in inks else None) == brand_ink
    assert inks["tint"] == aircenter.print.colors["tint"]  # the inks of the colours it keeps stay


def test_a_brand_giving_two_colours_one_rgb_gets_one_ink_for_both(tmp_path):
    """It was refused, naming aircenter.toml's inks, which the integrator never wrote."""
    add_style(tmp_path, '[colors]\nbrand = "#0B5D1E"\naccent = "#0B5D1E"\n', extends="aircenter")
    inks = load_style("brand", tmp_path).print.colors
    assert "brand" not in inks and "accent" not in inks


def test_a_spot_colour_and_padding_are_read(styles):
    add_style(
        styles,
        '[print]\npad = 4\n\n[print.colors]\naccent = { cmyk = [0, 30, 80, 30], spot = "PANTONE 7563 C" }\n',
        extends="aircenter",
    )
    style = load_style("brand", styles)
    assert style.print.pad == 4
    assert style.print.colors["accent"] == PrintColor((0.0, 0.3, 0.8, 0.3), "PANTONE 7563 C")
    assert style.print.colors["brand"] == PrintColor((1.0, 0.76, 0.2, 0.48))  # inherited from aircenter


@pytest.mark.parametrize(
    "text,line,message",
    [
        ("[print]\npad = 0\n", 5, "print.pad must be from 1 to 64"),
        ('[print]\npad = "4"\n', 5, "print.pad must be a whole number"),
        ("[print]\npadding = 4\n", 5, "unknown key print.'padding' (did you mean \"pad\"?)"),
        ("[print.colors]\nbrnad = [100, 0, 0, 0]\n", 5, 'unknown colour print.colors.brnad (did you mean "brand"?)'),
        ("[print.colors]\naccent = [100, 0, 0]\n", 5, "write [C, M, Y, K], four numbers from 0 to 100"),
        ("[print.colors]\naccent = [0, 0, 0, 120]\n", 5, "every ink is from 0 to 100 percent"),
        ('[print.colors]\naccent = "#FF0000"\n', 5, "print.colors.accent is '#FF0000'"),
        ('[print.colors]\naccent = { cmyk = [0, 0, 0, 50], spot = "All" }\n', 5, "names a process plate or the"),
        ('[print.colors]\naccent = { cmyk = [100, 0, 0, 0], spot = "Cyan" }\n', 5, "'Cyan' names a process plate"),
        ('[print.colors]\naccent = { cmyk = [0, 0, 0, 90], spot = "black" }\n', 5, "names a process plate"),
        (
            "[print.colors]\naccent = [100, 100, 100, 100]\n",
            5,
            "400 % of ink, more than the 330 % FOGRA39 print allows",
        ),
        (
            "[print.colors]\nink = [60, 40, 40, 100]\n",
            5,
            "print.colors.ink is [60, 40, 40, 100]: body text in a dark colour of several inks",
        ),
        # A print shop's trial: a dark grey of four inks for the text, and rich black running heads, passed.
        ("[print.colors]\nink = [40, 40, 40, 89]\n", 5, "print.colors.ink is [40, 40, 40, 89]: body text in a"),
        ("[print.colors]\nmuted = [70, 60, 60, 100]\n", 5, "print.colors.muted is [70, 60, 60, 100]: small type"),
        (
            '[print.colors]\nbrand = { cmyk = [100, 76, 20, 48], spot = "PANTONE 7563 C" }\n'
            'link = { cmyk = [100, 76, 20, 48], spot = "PANTONE 7563 C" }\n'
            'accent = { cmyk = [10, 30, 85, 30], spot = "PANTONE 7563 C" }\n',
            7,
            "print.colors.accent.spot 'PANTONE 7563 C' is print.colors.brand's spot ink with another CMYK",
        ),
        ("[print.colors]\naccent = { cmyk = [0, 0, 0, 50], tone = 1 }\n", 5, "unknown key print.colors.accent.tone"),
        # link and brand share #14365D in aircenter: one RGB, one ink recipe.
        ("[print.colors]\nlink = [0, 0, 0, 100]\n", 5, "print.colors.link differs from brand (#14365D, the same RGB)"),
    ],
)
def test_a_print_table_error_names_file_line_and_what_is_allowed(styles, text, line, message):
    path = add_style(styles, text, extends="aircenter")
    with pytest.raises(StyleError) as caught:
        load_style("brand", styles)
    assert str(caught.value).startswith(f"{path}:{line}: "), str(caught.value)
    assert message in str(caught.value)


def test_inks_use_the_styles_own_values_then_grey_on_black_then_the_profile(aircenter):
    inks = Inks(aircenter)
    assert inks(HexColor(aircenter.colors.brand)) == CMYKColor(1.0, 0.76, 0.2, 0.48)
    grey = inks(HexColor("#808080"))  # no colour: K alone, as much as prints it as light as the profile would
    assert (grey.cyan, grey.magenta, grey.yellow, round(grey.black, 2)) == (0, 0, 0, 0.64)
    red = inks(HexColor("#CC2222"))
    assert red.magenta > 0.8 and red.yellow > 0.7 and red.cyan < 0.2  # through FOGRA39L
    assert converted("#CC2222") == red  # the same conversion every time
    registration = CMYKColorSep(1, 1, 1, 1, spotName="All")
    assert inks(registration) is registration  # CMYK and spot colours pass as they are
