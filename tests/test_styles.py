"""Styles are data: TOML with extends, validated with file:line, fonts kept inside the styles folder."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from briefexport.errors import StyleError, UnknownStyle
from briefexport.styles import MAX_EXTENDS, MAX_TOML_DEPTH, RANGES, load_style, schema, section_number, style_names

from .conftest import ROOT, STYLES, add_style


def test_the_shipped_styles_load(aircenter, plain):
    assert style_names(STYLES) == ["aircenter", "plain"]
    assert aircenter.page.columns == 2 and plain.page.columns == 1
    assert aircenter.colors.brand == "#14365D"
    assert aircenter.font("body").family == "Noto Serif" and aircenter.font("heading").family == "Noto Sans"
    assert aircenter.font("body").regular.is_file()


def test_a_style_inherits_what_it_does_not_set(aircenter, plain):
    assert aircenter.sizes.caption == plain.sizes.caption
    assert replace(aircenter.labels, introduction=plain.labels.introduction) == plain.labels  # sets only its own
    assert aircenter.page.size == "A4" and aircenter.page.margin_inner == 17


def test_sections_are_numbered_by_the_style(aircenter):
    assert [aircenter.section_label(i) for i in range(9)] == [
        "I.",
        "II.",
        "III.",
        "IV.",
        "V.",
        "VI.",
        "VII.",
        "VIII.",
        "IX.",
    ]
    assert [section_number(i, "arabic") for i in (0, 9)] == ["1", "10"]
    assert [section_number(i, "upper-alpha") for i in (0, 25, 26)] == ["A", "Z", "AA"]
    assert section_number(13, "lower-roman") == "xiv" and section_number(0, "none") == ""
    assert section_number(1999, "upper-roman") == "MM"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('[colours]\nbrand = "#000000"\n', 4, "unknown key 'colours' (did you mean \"colors\"?)"),
        ('[colors]\nbrnd = "#000000"\n', 5, "unknown key colors.'brnd' (did you mean \"brand\"?)"),
        ('[colors]\nbrand = "navy"\n', 5, "colors.brand must be a colour written #RRGGBB"),
        ('[page]\ncolumns = "two"\n', 5, "page.columns must be a whole number"),
        ('[page]\nsize = "A5"\n', 5, "page.size is 'A5'"),
        ("[page]\nmargin_top = -3\n", 5, "page.margin_top must be from 12 to 60 (mm)"),
        ("[page]\ncolumns = 4\n", 5, "page.columns must be from 1 to 3"),
        ("[sizes]\nheading = 0\n", 5, "sizes.heading must be from 8 to 36 (points)"),
        ("[page]\ncolumns = 3\nmargin_inner = 60\nmargin_outer = 30\n", 5, "leave columns of 36.0 mm; at least 40 mm"),
        (
            "[page]\ncolumns = 3\n[sizes]\nbody = 12\n",
            7,
            "sizes.body (12) sets about 24 characters a line in columns of 51.3 mm",
        ),
        ("[page]\ncolumns = 2\n[sizes]\nquote = 20\n", 7, "sizes.quote (20) sets about 23 characters a line"),
        ("[page]\ncolumns = 3\n[sizes]\nbody = 9\nquote = 9\nheading = 24\n", 9, "sizes.heading (24) sets about 12"),
        ("[sizes]\nbody = 12\nleading = 13.7\n", 6, "sizes.leading (13.7) must be 1.15 to 2 times sizes.body (12)"),
        ("[sizes]\nbody = 6\nleading = 27\n", 6, "sizes.leading (27) must be 1.15 to 2 times sizes.body (6)"),
        ("[layout]\nletter_scaling = 8\n", 5, "layout.letter_scaling must be from 0 to 5 (percent)"),
        ('[roles]\nbody = "mono"\n', 5, "roles.body names font family 'mono'"),
        ('[footer]\ntext = "{adress}"\n', 5, 'footer.text uses {adress} (did you mean "address"?)'),
        ('[header]\nleft = "{title"\n', 5, "header.left: "),
        ('[footer]\ntext = "{address} {page}"\n', 5, "footer.text uses {page}"),
        ('[footer]\npage = "{page:>3} of {pages}"\n', 5, "footer.page: write {page} with no format or conversion"),
        ('[header]\nleft = "{title!r}"\n', 5, "header.left: write {title} with no format or conversion"),
        ('[header]\nleft = "{titel:>3}"\n', 5, 'header.left uses {titel} (did you mean "title"?)'),
        ('[header]\nleft = "{:>3}"\n', 5, "header.left uses {}; allowed: {date}, {issue}"),
        ('[footer]\ntext = "{zz} {aa}"\n', 5, "footer.text uses {zz}; allowed"),
        ('[labels]\nsource = "Source {x}"\n', 5, "labels.source is printed as written: braces are not allowed"),
        ('[labels]\nrights = "{{all}} rights"\n', 5, "labels.rights is printed as written"),
        ('[labels]\ncontents = ""\n', 5, "labels.contents is empty: write the words every edition prints"),
        # A designer's trial: a 6,000-character wordmark filled the cover and ran off it.
        (f'[cover]\nwordmark = "{"W" * 201}"\n', 5, "cover.wordmark is 201 characters; at most 200"),
        (f'[labels]\ncontents = "{"C" * 3600}"\n', 5, "labels.contents is 3,600 characters; at most 200"),
        (
            '[colors]\nbrand = "#E8D9A8"\n',
            5,
            "colors.on_brand (#FFFFFF) on colors.brand (#E8D9A8) has a contrast of 1.40:1; the least for table headers "
            "and the cover band is 4.5:1 (WCAG 2.1 AA, which the EPUB declares): make one darker or lighter",
        ),
        (
            '[colors]\nmuted = "#AAAAAA"\n',
            5,
            "colors.muted (#AAAAAA) on white has a contrast of 2.32:1; the least for captions",
        ),
        # Text on the tint passed unchecked but for ink: a trial's pull quotes were brand at 3.2:1 on it.
        ('[colors]\ntint = "#7FA096"\n', 5, "colors.brand (#333333) on colors.tint (#7FA096) has a contrast of"),
        ('[colors]\ntint = "#B8C8C0"\n', 5, "colors.muted (#555555) on colors.tint (#B8C8C0) has a contrast of"),
        ('[mail]\npaper = "#222222"\n', 5, "colors.ink (#1A1A1A) on mail.paper (#222222) has a contrast of 1.09:1"),
        # A trial's #777777 (4.478:1) was told it had 4.5:1 and needed 4.5:1.
        (
            '[colors]\nink = "#777777"\n',
            5,
            "colors.ink (#777777) on white has a contrast of 4.47:1; the least for body",
        ),
        ('[labels]\nnotes = "   "\n', 5, "labels.notes is empty"),
        ('[numbering]\nlabel = "{n}."\n', 5, "numbering.label uses {n}; allowed: {number}"),
        ('[fonts.serif]\nregular = "../plain.toml"\n', 5, "leads outside"),
        ('[fonts.serif]\nregular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"\n', 5, "is absolute"),
        ('[fonts.serif]\nregular = "fonts/Missing.ttf"\n', 5, "font file 'fonts/Missing.ttf' not found"),
        ('[fonts.serif]\nregular = "fonts/README.md"\n', 5, "is not a TrueType font"),
        (
            '[fonts.serif]\nregular = "fonts/NotoSans-Regular.ttf"\nitalic = "fonts/NotoSans-Italic.ttf"\n'
            'bold_italic = "fonts/NotoSans-BoldItalic.ttf"\nfamily = "Noto Sans"\n',
            5,
            "fonts.serif.bold is a face of 'Noto Serif', its regular one of 'Noto Sans': a family's four faces are "
            "one typeface (give each face of the new one, and its family name)",
        ),
        (
            '[fonts.serif]\nregular = "fonts/NotoSans-Regular.ttf"\nbold = "fonts/NotoSans-Bold.ttf"\n'
            'italic = "fonts/NotoSans-Italic.ttf"\nbold_italic = "fonts/NotoSans-BoldItalic.ttf"\n',
            5,
            "fonts.serif.family is 'Noto Serif', but its fonts are 'Noto Sans', the name Word and the EPUB find "
            "them by: write family = 'Noto Sans'",
        ),
        ('[cover]\nlogo = "logo.png"\n', 5, "logo 'logo.png' not found"),
        ("[page\n", 4, "TOML syntax"),
        # tomllib says "Cannot overwrite a value": which one, and what to do, was left to the designer
        ('[colors]\nbrand = "#123456"\nbrand = "#123456"\n', 6, "TOML syntax: brand is set twice in one table"),
        ('[colors]\nbrand = "#123456"\n[colors]\n', 6, "TOML syntax: [colors] is declared twice; merge the two"),
    ],
)
def test_a_style_error_names_file_line_and_what_is_allowed(styles, text, line, message):
    path = add_style(styles, text)
    with pytest.raises(StyleError) as caught:
        load_style("brand", styles)
    assert str(caught.value).startswith(f"{path}:{line}: "), str(caught.value)
    assert message in str(caught.value)


@pytest.mark.parametrize(("table", "key"), [(cls.__name__.lower(), name) for cls, name in RANGES])
def test_every_measure_is_refused_beyond_its_range_and_taken_at_its_ends(styles, table, key):
    """A page or type measure past what a bulletin can be set in is an error before anything is
    rendered; its ends are allowed (the page's geometry is checked apart, so margins are tried on
    one column)."""
    low, high, _ = RANGES[next(cls for cls in RANGES if cls[0].__name__.lower() == table and cls[1] == key)]
    for value, allowed in ((low, True), (high, True), (low - 1, False), (high + 1, False)):
        text = f"[{table}]\n{key} = {value:g}\n"
        if key == "columns":  # three columns of plain's margins hold a heading of 14.6 pt at most
            text += "[sizes]\nheading = 12\n"
        if key in ("body", "leading"):  # lines no closer than their type
            text += f"leading = {value * 1.5:g}\n" if key == "body" else f"body = {max(6, value / 2):g}\n"
        add_style(styles, text)
        if allowed:
            load_style("brand", styles)
        else:
            with pytest.raises(StyleError, match=rf"brand\.toml:5: {table}\.{key} must be from {low:g} to {high:g}"):
                load_style("brand", styles)


def test_the_page_geometry_is_checked_on_the_style_as_inherited(styles):
    """A brand that only adds columns to a parent's wide margins is told where its columns are set."""
    add_style(styles, "[page]\nmargin_inner = 50\nmargin_outer = 50\n", name="wide")
    path = add_style(styles, "[page]\ncolumns = 3\n", extends="wide")
    with pytest.raises(StyleError, match=rf"^{path}:5: page.columns: 3 on A4 .* columns of 32.7 mm"):
        load_style("brand", styles)
    # And the other way round: margins a brand widens over a parent's three columns name the margins.
    add_style(styles, "[page]\ncolumns = 3\n[sizes]\nheading = 12\n", name="three")
    path = add_style(styles, "[page]\nmargin_inner = 50\nmargin_outer = 50\n", extends="three")
    with pytest.raises(StyleError, match=rf"^{path}:5: page.columns: 3 on A4 .* columns of 32.7 mm"):
        load_style("brand", styles)


def test_a_measure_between_two_keys_names_the_brands_own_line(styles):
    """Columns a brand adds that leave too few characters a line at a size it inherits, or a body size
    it sets too large for the leading it inherits: the error names the brand's line, which it can
    change, not the built-in style's."""
    path = add_style(styles, "[page]\ncolumns = 3\n")
    with pytest.raises(StyleError, match=rf"^{path}:5: sizes\.\w+ \(\d+\) sets about \d+ characters a line"):
        load_style("brand", styles)
    path = add_style(styles, "[sizes]\nbody = 13\n")  # plain's leading is 14.5
    with pytest.raises(StyleError, match=rf"^{path}:5: sizes\.leading \(14\.5\) must be 1\.15 to 2 times"):
        load_style("brand", styles)


def test_a_style_that_extends_itself_is_refused(styles):
    (styles / "a.toml").write_text('name = "a"\nlabel = "A"\nextends = "b"\n', encoding="utf-8")
    (styles / "b.toml").write_text('name = "b"\nlabel = "B"\nextends = "a"\n', encoding="utf-8")
    with pytest.raises(StyleError, match=r"a\.toml:3: style extends itself \(a -> b -> a\)"):
        load_style("a", styles)


def test_an_unknown_style_suggests_the_nearest(styles):
    with pytest.raises(StyleError, match="unknown style 'aircentre' \\(did you mean \"aircenter\"\\?\\)"):
        load_style("aircentre", styles)
    with pytest.raises(StyleError, match="may hold only letters"):
        load_style("../etc/passwd", styles)


def test_extends_never_suggests_the_style_itself(styles):
    """A service's trial: Brand.toml's extends = "brand" was told 'did you mean "Brand"?', and following that
    was refused as a style that extends itself."""
    (styles / "Brand.toml").write_text('name = "Brand"\nlabel = "B"\nextends = "brand"\n', encoding="utf-8")
    with pytest.raises(StyleError, match=r"Brand\.toml:3: extends: unknown style 'brand'; looked in") as caught:
        load_style("Brand", styles)
    assert "did you mean" not in str(caught.value)


def test_a_style_file_named_like_a_built_in_that_extends_it_is_told_to_take_another_name(styles):
    """A new user's trial: styles/aircenter.toml with extends = "aircenter" was told only that the style
    extends itself; the file hides the built-in, which it means to extend."""
    path = styles / "aircenter.toml"
    path.write_text('name = "aircenter"\nlabel = "Ours"\nextends = "aircenter"\n', encoding="utf-8")
    with pytest.raises(StyleError) as caught:
        load_style("aircenter", styles)
    assert str(caught.value) == (
        f"{path}:3: style extends itself (aircenter -> aircenter): a file named like the built-in style "
        "'aircenter' hides it, so it cannot extend it; name it otherwise (e.g. aircenter-brand.toml, then "
        "style: aircenter-brand)"
    )


def test_a_style_given_as_its_file_name_beside_no_such_file_is_told_its_name(styles, monkeypatch, tmp_path):
    """A new user's trial: -s mybrand.toml, for styles/mybrand.toml, said only "style not found"; and
    -s plain.toml, the built-in style's file name, said only that."""
    add_style(styles, "")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StyleError) as caught:
        load_style("brand.toml", styles)
    assert str(caught.value) == (
        f"style file 'brand.toml' not found in {tmp_path}; did you mean the style 'brand' (its name, without "
        f".toml), in {styles}?"
    )
    with pytest.raises(
        StyleError, match=r"'plain\.toml' not found in .*; did you mean the style 'plain' .*, a built-in"
    ):
        load_style("plain.toml")
    with pytest.raises(StyleError, match=r"'other/x\.toml' not found in .*other; give a style's name \(briefexport"):
        load_style("other/x.toml")


def test_a_built_in_styles_text_saved_as_a_brands_file_is_told_to_extend_it(tmp_path):
    """A new user's trial: `styles --show plain` saved as styles/mine.toml, for a start, could not load: its
    font paths are read from the new file's folder, and the error said only that a font was not there."""
    mine = tmp_path / "mine.toml"
    mine.write_text((STYLES / "plain.toml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(StyleError, match=r"^.*mine\.toml:\d+: font file 'fonts/.*' not found in .*; it is a built-in "):
        load_style(mine)
    with pytest.raises(StyleError, match=r"begin the file with extends = \"plain\" \(or another style\) and set only"):
        load_style(mine)


def test_a_style_name_too_long_for_a_file_name_is_a_style_error_not_the_os_s(styles):
    """A service's trial: a 251-character name (from a request) raised OSError "File name too long", naming
    the install's folder."""
    with pytest.raises(UnknownStyle):
        load_style("a" * 250, styles)
    with pytest.raises(StyleError, match=r"style name 'a{40}'… is 251 characters long; at most 250$"):
        load_style("a" * 251, styles)


def test_extends_names_a_style_and_says_so_when_given_a_path(styles, tmp_path):
    """It said "…; or give a path to a .toml" of the path it had just refused."""
    path = add_style(styles, "", extends=str(tmp_path / "outside.toml"))
    with pytest.raises(StyleError) as caught:
        load_style("brand", styles)
    assert str(caught.value).startswith(f"{path}:3: extends: style name ")
    assert str(caught.value).endswith(
        "(a built-in style, or another style file in this folder, by its name without .toml)"
    )


def test_a_style_without_extends_must_set_every_key(styles):
    (styles / "bare.toml").write_text('name = "bare"\nlabel = "Bare"\n', encoding="utf-8")
    with pytest.raises(StyleError, match=r"bare\.toml:1: missing required key 'fonts'"):
        load_style("bare", styles)


def test_a_font_symlink_that_leaves_the_styles_folder_is_refused(styles, tmp_path):
    outside = tmp_path / "Outside.ttf"
    shutil.copy(STYLES / "fonts" / "NotoSans-Regular.ttf", outside)
    (styles / "fonts" / "Link.ttf").symlink_to(outside)
    add_style(styles, '[fonts.sans]\nregular = "fonts/Link.ttf"\n')
    with pytest.raises(StyleError, match="leads outside"):
        load_style("brand", styles)


def test_a_style_can_be_named_by_path(styles):
    path = add_style(styles, '[colors]\nbrand = "#336699"\n')
    assert load_style(path).colors.brand == "#336699"


def test_every_paper_size_a_style_may_name_has_its_dimensions():
    from typing import get_args, get_type_hints

    from briefexport.styles import PAGE_SIZES_MM, Page

    assert set(PAGE_SIZES_MM) == set(get_args(get_type_hints(Page)["size"]))


# -- hostile nesting: refused with file:line before tomllib or the merge can exhaust the stack ----------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("deep = " + "[" * 5_000 + "]" * 5_000 + "\n", 4),  # tomllib recurses per array
        ("deep = " + "{a = " * 5_000 + "1" + "}" * 5_000 + "\n", 4),  # and per inline table
        ("deep = " + "[" * 5_000 + "\n", 4),  # unclosed: too deep before it is a syntax error
        ("[" + ".".join(f"k{i}" for i in range(5_000)) + "]\nx = 1\n", 4),  # tables nested by a header
        ("[colors]\n" + ".".join(f"k{i}" for i in range(5_000)) + " = 1\n", 5),  # and by a dotted key
        ("[a.b.c]\nd = [" + "[" * 29 + "]" * 29 + "]\n", 5),  # levels 2-4 by the header, 5-34 by brackets
        ("[page]\ndeep = " + "[" * 31 + "]" * 31 + "\n", 5),  # file, page, 31 arrays: 33 levels
    ],
)
def test_a_style_nested_too_deep_is_refused_with_its_line(styles, text, line):
    path = add_style(styles, text)
    with pytest.raises(StyleError) as caught:
        load_style("brand", styles)
    assert str(caught.value) == f"{path}:{line}: TOML nested deeper than {MAX_TOML_DEPTH} levels"


def test_nesting_up_to_the_limit_reaches_the_schema_check(styles):
    """32 levels (the file's own table, then 31 arrays) are read; brackets in strings and comments don't count."""
    text = "deep = " + "[" * 31 + "]" * 31 + '\nnote = "' + "[" * 100 + '"\n# ' + "{" * 100 + "\n"
    path = add_style(styles, text)
    with pytest.raises(StyleError) as caught:
        load_style("brand", styles)
    assert str(caught.value).startswith(f"{path}:4: unknown key 'deep'")


def _chain(styles: Path, prefix: str, length: int) -> None:
    """prefix0 extends prefix1 … extends the last, which extends plain: `length` styles with plain."""
    for i in range(length - 1):
        parent = f"{prefix}{i + 1}" if i < length - 2 else "plain"
        (styles / f"{prefix}{i}.toml").write_text(
            f'name = "{prefix}{i}"\nlabel = "{prefix}"\nextends = "{parent}"\n', encoding="utf-8"
        )


def test_an_extends_chain_longer_than_the_limit_is_refused_where_it_goes_too_far(styles):
    _chain(styles, "a", 2_000)  # was a RecursionError
    with pytest.raises(StyleError) as caught:
        load_style("a0", styles)
    last = styles / f"a{MAX_EXTENDS - 1}.toml"
    assert str(caught.value) == f"{last}:3: extends chain longer than {MAX_EXTENDS} styles"


def test_an_extends_chain_of_the_limit_loads_and_merges_child_over_parent(styles):
    _chain(styles, "b", MAX_EXTENDS)
    (styles / "b0.toml").write_text(
        (styles / "b0.toml").read_text(encoding="utf-8") + '[colors]\nbrand = "#123456"\n', encoding="utf-8"
    )
    (styles / "b5.toml").write_text(
        (styles / "b5.toml").read_text(encoding="utf-8") + '[colors]\nbrand = "#654321"\ntint = "#ABCDEF"\n',
        encoding="utf-8",
    )
    style = load_style("b0", styles)
    assert (style.name, style.colors.brand, style.colors.tint) == ("b0", "#123456", "#ABCDEF")
    assert len(style.files) == MAX_EXTENDS
    _chain(styles, "c", MAX_EXTENDS + 1)
    with pytest.raises(StyleError, match=f"extends chain longer than {MAX_EXTENDS} styles"):
        load_style("c0", styles)


def test_a_longer_loop_is_named_as_a_loop(styles):
    for i in range(5):
        (styles / f"d{i}.toml").write_text(
            f'name = "d{i}"\nlabel = "D"\nextends = "d{(i + 1) % 5}"\n', encoding="utf-8"
        )
    with pytest.raises(StyleError, match=r"d0\.toml:3: style extends itself \(d0 -> d1 -> d2 -> d3 -> d4 -> d0\)"):
        load_style("d0", styles)


# -- where styles are found -----------------------------------------------------------------------


def test_a_name_is_found_in_the_folders_given_then_among_the_built_in_styles(tmp_path):
    own = tmp_path / "own"
    own.mkdir()
    # A brand's own "plain" wins over the built-in one.
    (own / "plain.toml").write_text('name = "plain"\nlabel = "Own plain"\nextends = "aircenter"\n', encoding="utf-8")
    assert load_style("plain", own).label == "Own plain"
    assert load_style("aircenter", own).label == "AIR Center"  # not in own: the built-in one
    assert load_style("aircenter").label == "AIR Center"  # no folder at all: the built-in styles


def test_a_brand_extends_a_built_in_style_and_inherits_its_fonts(tmp_path):
    path = add_style(tmp_path, '[colors]\nbrand = "#5B2333"\n')
    path.write_text(path.read_text().replace('extends = "plain"', 'extends = "aircenter"'))
    brand = load_style("brand", tmp_path)
    assert brand.colors.brand == "#5B2333" and brand.page.columns == 2
    assert brand.font("body").regular == STYLES.resolve() / "fonts" / "NotoSerif-Regular.ttf"
    assert brand.files == (path, STYLES / "aircenter.toml", STYLES / "plain.toml")


def test_fonts_are_found_beside_the_file_that_names_them_and_may_not_leave_it(tmp_path):
    (tmp_path / "fonts").mkdir()
    shutil.copy(STYLES / "fonts" / "NotoSans-Bold.ttf", tmp_path / "fonts" / "Brand-Bold.ttf")
    add_style(tmp_path, '[fonts.sans]\nbold = "fonts/Brand-Bold.ttf"\n')
    assert load_style("brand", tmp_path).fonts["sans"].bold == tmp_path.resolve() / "fonts" / "Brand-Bold.ttf"
    add_style(tmp_path, '[fonts.sans]\nbold = "../fonts/NotoSans-Bold.ttf"\n')
    with pytest.raises(StyleError, match="leads outside"):
        load_style("brand", tmp_path)


def _replace(path: Path, by: Path) -> None:
    """`path` overwritten with `by`, its time moved on (a file system may keep times coarser than a test)."""
    shutil.copy(by, path)
    stamp = path.stat().st_mtime_ns + 2_000_000_000
    os.utime(path, ns=(stamp, stamp))


def test_a_font_file_replaced_while_the_process_runs_is_read_again(tmp_path):
    """A service's tenant swapped its brand's fonts for another typeface under the same file names: the
    style check, in the same process, still read the old ones (a cache keyed on the path alone)."""
    (tmp_path / "fonts").mkdir()
    faces = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic"}
    for face in faces.values():
        shutil.copy(STYLES / "fonts" / f"NotoSans-{face}.ttf", tmp_path / "fonts" / f"Brand-{face}.ttf")
    lines = "".join(f'{key} = "fonts/Brand-{face}.ttf"\n' for key, face in faces.items())
    add_style(tmp_path, f'[fonts.sans]\n{lines}family = "Noto Sans"\n')
    assert load_style("brand", tmp_path).fonts["sans"].family == "Noto Sans"
    for face in faces.values():
        _replace(tmp_path / "fonts" / f"Brand-{face}.ttf", STYLES / "fonts" / f"NotoSerif-{face}.ttf")
    with pytest.raises(StyleError, match="but its fonts are 'Noto Serif'"):
        load_style("brand", tmp_path)


def test_a_style_folder_that_is_not_there_is_an_error_not_the_built_in_styles(tmp_path):
    """load_style("plain", "no/such/folder") gave the built-in style without a word: a mistyped folder
    went unnoticed."""
    with pytest.raises(StyleError, match=r"^style folder '.*no/such' is not a folder that exists$"):
        load_style("plain", tmp_path / "no" / "such")
    (tmp_path / "file.toml").write_text("")
    with pytest.raises(StyleError, match="is not a folder that exists"):
        load_style("plain", [tmp_path, tmp_path / "file.toml"])
    assert load_style("plain", tmp_path).name == "plain"


def test_an_unknown_style_names_every_folder_searched(tmp_path):
    with pytest.raises(StyleError) as caught:
        load_style("nosuch", tmp_path)
    assert str(caught.value) == (
        f"unknown style 'nosuch'; looked in {tmp_path}, the built-in styles; styles there: aircenter, plain "
        "(a folder of your own: --style-dir, or style_dir= in the library)"
    )


def test_a_style_file_that_is_a_symbolic_link_out_of_its_folder_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    add_style(outside, "")
    folder = tmp_path / "styles"
    folder.mkdir()
    (folder / "brand.toml").symlink_to(outside / "brand.toml")
    with pytest.raises(StyleError, match="leads outside"):
        load_style("brand", folder)
    # ... and is not offered among the styles there (a service's trial was offered one it could not use),
    # nor is a loop of links (a review: RuntimeError)
    (folder / "loop.toml").symlink_to(folder / "loop.toml")
    with pytest.raises(StyleError, match=r"styles there: aircenter, plain \("):
        load_style("nosuch", folder)


def test_a_family_is_named_by_its_fonts_family_name_not_their_typographic_one(styles, monkeypatch):
    """DejaVu Sans Condensed is a face of the typeface "DejaVu Sans" (name ID 16), and Word and LibreOffice
    know it as "DejaVu Sans Condensed" (name ID 1), the name they match an embedded font by: named by the
    typeface, a designer's ExtraLight was set in the installed DejaVu Sans."""
    monkeypatch.setattr(schema, "_typeface", lambda path, stamp: ("DejaVu Sans", "DejaVu Sans Condensed"))
    add_style(
        styles, '[fonts.sans]\nfamily = "DejaVu Sans Condensed"\n[fonts.serif]\nfamily = "DejaVu Sans Condensed"\n'
    )
    assert load_style("brand", styles).fonts["sans"].family == "DejaVu Sans Condensed"
    for name in ("DejaVu Sans", "DejaVu"):
        add_style(styles, f'[fonts.sans]\nfamily = "{name}"\n[fonts.serif]\nfamily = "DejaVu Sans Condensed"\n')
        with pytest.raises(StyleError, match=r"fonts\.sans\.family is .*write family = 'DejaVu Sans Condensed'"):
            load_style("brand", styles)


def test_a_parent_style_in_another_folder_is_not_found_and_the_message_says_where_extends_looks(tmp_path):
    """A brand in one style_dir folder extending a style in another of them: extends looks only beside the
    file, and the advice was to pass style_dir=, which the service had passed (a service developer's trial)."""
    brands, base = tmp_path / "brands", tmp_path / "base"
    brands.mkdir(), base.mkdir()
    (base / "house.toml").write_text('name = "house"\nlabel = "House"\nextends = "plain"\n')
    (brands / "magazine.toml").write_text('name = "magazine"\nlabel = "Magazine"\nextends = "house"\n')
    with pytest.raises(StyleError) as caught:
        load_style("magazine", [brands, base])
    assert str(caught.value).endswith(
        f"(extends finds a style beside this file or a built-in one: put house.toml in {brands})"
    )


def test_a_colour_error_a_style_inherits_from_a_brand_names_the_brand_s_line_not_the_built_in_style(styles):
    """An archive's trial: a child style of a brand whose brand colour failed the contrast check was told of
    it at aircenter.toml:20, the built-in style's line for the other colour of the pair, which no one edits."""
    brand = add_style(styles, '[colors]\nbrand = "#E8D9A8"\n', extends="aircenter")
    add_style(styles, '[colors]\naccent = "#14365D"\n', name="child", extends="brand")
    for name in ("brand", "child"):
        with pytest.raises(StyleError) as caught:
            load_style(name, styles)
        assert (str(caught.value.file), caught.value.line) == (str(brand), 5), str(caught.value)


def test_a_caller_exception_while_a_font_is_read_is_not_taken_for_a_damaged_font(monkeypatch, tmp_path):
    """A service's trial: a job queue's time limit, raised from a signal handler while a style's font was
    read, was swallowed as a damaged file and remembered (the render went on), or said as "font file …
    cannot be embedded". It passes through as raised; nothing is remembered."""
    from fontTools import ttLib

    class JobTimeout(Exception):
        pass

    font = ROOT / "src" / "briefexport" / "builtin_styles" / "fonts" / "NotoSans-Regular.ttf"
    copied = tmp_path / font.name
    copied.write_bytes(font.read_bytes())

    def timed_out(*args: object, **kwargs: object) -> None:
        raise JobTimeout("job time limit")

    with monkeypatch.context() as patched:
        patched.setattr(ttLib.TTFont, "__init__", timed_out)
        with pytest.raises(JobTimeout):
            schema._typeface(copied, (1, 2))
    assert schema._typeface(copied, (1, 2))[0] == "Noto Sans"  # read again: nothing was remembered
