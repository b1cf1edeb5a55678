"""The print edition (--print) as a print shop receives it: PDF/X-4 in CMYK, read back with pikepdf,
separated into plates by Ghostscript, located with poppler, and checked by `briefexport preflight`."""

from __future__ import annotations

import dataclasses
import io
import itertools
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

import briefexport
from briefexport.preflight import preflight
from briefexport.printing import MAX_INK, most_ink
from briefexport.renderers.pdf import PdfRenderer
from briefexport.styles import Style

from .conftest import FIXTURES, require_tool

RGB_OPERATORS = {"rg", "RG"}
PLATES = ("Cyan", "Magenta", "Yellow", "Black")


def print_style(style: Style, pad: int = 1) -> Style:
    return style.replace(
        page=dataclasses.replace(style.page, crop_marks=True), print=dataclasses.replace(style.print, pad=pad)
    )


@pytest.fixture(scope="module")
def flagship_print(flagship, aircenter, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("print") / "2024-02.print.pdf"
    path.write_bytes(PdfRenderer().render(flagship, print_style(aircenter)))
    return path


def fixture_prints():
    return pytest.mark.parametrize(
        "name,style", [("minimal", "plain"), ("minimal", "aircenter"), ("hostile", "plain"), ("hostile", "aircenter")]
    )


def _content_streams(pdf: pikepdf.Pdf):
    """Every page's content and every form it draws, as (page number, owner, resources)."""
    for number, page in enumerate(pdf.pages, 1):
        yield number, page.obj, page.resources
        forms = [x for x in page.resources.get("/XObject", {}).values() if x.get("/Subtype") == "/Form"]
        while forms:
            form = forms.pop()
            yield number, form, form.get("/Resources", page.resources)
            forms += [
                x for x in form.get("/Resources", {}).get("/XObject", {}).values() if x.get("/Subtype") == "/Form"
            ]


def test_the_flagship_print_edition_passes_preflight(flagship_print):
    report = preflight(flagship_print)
    assert report.fit, [f.line("2024-02.print.pdf") for f in report.errors()]
    assert report.pdfx == "PDF/X-4"
    assert report.output_intent == "FOGRA39"


@fixture_prints()
def test_the_fixture_bulletins_print_editions_pass_preflight(name, style, tmp_path):
    bulletin = briefexport.load(FIXTURES / name / "bulletin.md")
    data = PdfRenderer().render(bulletin, print_style(briefexport.load_style(style)))
    report = preflight(data)
    assert report.fit, [f.line(name) for f in report.errors()]


def test_the_output_intent_embeds_a_cmyk_profile_and_names_fogra39(flagship_print):
    with pikepdf.open(flagship_print) as pdf:
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX"
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        assert str(intent.RegistryName) == "http://www.color.org"
        profile = intent.DestOutputProfile
        assert int(profile.N) == 4
        icc = profile.read_bytes()
        assert icc[36:40] == b"acsp" and icc[12:16] == b"prtr" and icc[16:20] == b"CMYK"


def test_the_pdfx_version_is_in_the_info_and_the_xmp_which_agree(flagship, flagship_print):
    with pikepdf.open(flagship_print) as pdf:
        info = pdf.docinfo
        assert str(info.GTS_PDFXVersion) == "PDF/X-4"
        assert info.Trapped == "/False"
        meta = pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
        assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert meta["dc:title"] == str(info.Title) and flagship.metadata.title in meta["dc:title"]
        assert meta["pdf:Producer"] == str(info.Producer)
        assert meta["xmp:CreatorTool"] == str(info.Creator)
        assert meta["xmp:CreateDate"] == meta["xmp:ModifyDate"] == "2024-02-29T00:00:00+00:00"
        assert str(info.CreationDate) == "D:20240229000000+00'00'"
        assert re.fullmatch(r"uuid:[0-9a-f-]{36}", meta["xmpMM:DocumentID"])


def test_trim_and_bleed_boxes_are_on_every_page_three_millimetres_apart(flagship_print):
    with pikepdf.open(flagship_print) as pdf:
        for page in pdf.pages:
            trim = [float(v) for v in page.obj.TrimBox]
            bleed = [float(v) for v in page.obj.BleedBox]
            assert [round(b - t, 2) for t, b in zip(trim, bleed)] == [-8.5, -8.5, 8.5, 8.5]  # 3 mm in points


def test_no_content_stream_or_image_of_the_print_edition_is_rgb(flagship_print):
    with pikepdf.open(flagship_print) as pdf:
        for number, owner, resources in _content_streams(pdf):
            operators = {str(i.operator) for i in pikepdf.parse_content_stream(owner)}
            assert not operators & RGB_OPERATORS, f"page {number}"
            for space in resources.get("/ColorSpace", {}).values():
                assert "/DeviceRGB" not in repr(space), f"page {number}"
            for xobject in resources.get("/XObject", {}).values():
                if xobject.get("/Subtype") == "/Image":
                    assert xobject.get("/ColorSpace") != "/DeviceRGB", f"page {number}"


def test_the_screen_edition_stays_rgb_and_carries_no_pdfx(flagship, aircenter):
    data = PdfRenderer().render(flagship, aircenter)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/OutputIntents" not in pdf.Root and "/GTS_PDFXVersion" not in pdf.docinfo
    assert not preflight(data).fit


def test_style_inks_are_used_as_given_and_grey_text_on_black_alone(flagship_print):
    with pikepdf.open(flagship_print) as pdf:
        fills = set()
        for _, owner, _ in _content_streams(pdf):
            for instruction in pikepdf.parse_content_stream(owner):
                if str(instruction.operator) == "k":
                    fills.add(tuple(round(float(v), 2) for v in instruction.operands))
    assert (0.0, 0.0, 0.0, 1.0) in fills  # ink: text in solid black
    assert (1.0, 0.76, 0.2, 0.48) in fills  # brand: aircenter.toml's [print.colors]
    assert (0.0, 0.0, 0.0, 0.85) in fills  # muted: the footer on black alone


def test_crop_marks_are_in_the_registration_colour(flagship_print):
    with pikepdf.open(flagship_print) as pdf:
        page = pdf.pages[1]
        space = page.resources.ColorSpace.All
        assert [str(space[0]), str(space[1]), str(space[2])] == ["/Separation", "/All", "/DeviceCMYK"]
        instructions = [str(i.operator) for i in pikepdf.parse_content_stream(page)]
        assert "CS" in instructions and "SCN" in instructions


def _plates(pdf: Path, page: int, folder: Path, resolution: int = 72) -> dict[str, Image.Image]:
    gs = require_tool("gs")
    out = folder / f"p{page}.tif"
    subprocess.run(
        [gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", f"-r{resolution}", *_pages(page, out, pdf)],
        check=True,
        timeout=120,
    )
    return {name: Image.open(folder / f"p{page}({name}).tif").convert("L") for name in PLATES}


def _pages(page: int, out: Path, pdf: Path) -> list[str]:
    return [f"-dFirstPage={page}", f"-dLastPage={page}", f"-sOutputFile={out}", str(pdf)]


def _inked(plate: Image.Image, box: tuple[int, int, int, int]) -> bool:
    """Whether any ink falls in `box` (Ghostscript's separations are white where the plate has none)."""
    return plate.crop(box).getextrema()[0] < 200


def _word_boxes(pdf: Path, page: int, words: list[str], every: bool = False) -> list[tuple[float, ...]]:
    """Where poppler finds a word starting with each of `words` on a page (its first place, or `every`
    place), in points from the top left of the media box."""
    pdftotext = require_tool("pdftotext")
    html = subprocess.run(
        [pdftotext, "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = []
    for word in words:
        pattern = (
            rf'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">{re.escape(word)}[^<]*</word>'
        )
        matches = list(re.finditer(pattern, html))
        assert matches, word
        found += [tuple(float(v) for v in m.groups()) for m in (matches if every else matches[:1])]
    return found


def _body_words(flagship, pdf: Path, page: int) -> list[tuple[float, ...]]:
    """Where the long words of the first section's first paragraph stand on `page`, those the line
    breaking left whole (the paragraph is on page 2, below the heading)."""
    first = next(b for b in flagship.sections[0].blocks if hasattr(b, "runs"))
    words = {w for w in "".join(r.text for r in first.runs).split() if w.isalpha() and w.islower() and len(w) >= 8}
    pdftotext = require_tool("pdftotext")
    html = subprocess.run(
        [pdftotext, "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([a-z]+)</word>'
    first_places: dict[str, tuple[float, ...]] = {}  # in reading order, the paragraph comes first
    for m in re.finditer(pattern, html):
        if m.group(5) in words:
            first_places.setdefault(m.group(5), tuple(float(v) for v in m.groups()[:4]))
    return list(first_places.values())


def test_ghostscript_puts_body_text_on_the_black_plate_only(flagship, flagship_print, tmp_path):
    plates = _plates(flagship_print, 2, tmp_path)
    boxes = _body_words(flagship, flagship_print, 2)
    assert len(boxes) >= 5
    for x0, y0, x1, y1 in boxes:
        box = (round(x0) + 1, round(y0) + 1, round(x1) - 1, round(y1) - 1)
        assert _inked(plates["Black"], box)
        assert not any(_inked(plates[name], box) for name in ("Cyan", "Magenta", "Yellow")), box


def test_black_text_on_a_tint_overprints_it_and_leaves_no_hole_in_the_other_plates(flagship_print, tmp_path):
    """A print shop's trial: 9 pt black table text knocked out of the tinted rows under it (white letter-shaped
    holes in the cyan plate), which a shift of the plates shows as white halos. Solid black overprints."""
    plates = _plates(flagship_print, 2, tmp_path)
    [header] = _word_boxes(flagship_print, 2, ["Measure"])  # the key-figure table's first column, and in it
    boxes = [  # the words of its tinted rows
        box for box in _word_boxes(flagship_print, 2, ["Turnout", "Polling"], every=True) if abs(box[0] - header[0]) < 1
    ]
    assert len(boxes) == 2
    for x0, y0, x1, y1 in boxes:
        box = (round(x0) + 1, round(y0) + 1, round(x1) - 1, round(y1) - 1)
        assert _inked(plates["Black"], box)
        lightest, _ = plates["Cyan"].crop(box).getextrema()[::-1]
        assert lightest < 250, box  # the tint runs on under the letters: no pixel without cyan


def _overprints_as_painted(pdf_path: Path) -> tuple[int, int]:
    """Walk every page's content (q/Q, gs, fills), asserting that text overprints exactly when its fill is
    K 100 alone, and that no area or picture is painted with overprint on; how many of each it saw."""
    texts = areas = 0
    with pikepdf.open(pdf_path) as pdf:
        for page in pdf.pages:
            states = {str(name): dict(state) for name, state in page.resources.get("/ExtGState", {}).items()}
            overprint, mode = False, 0
            fill: tuple[float, ...] = ()
            saved: list[tuple[bool, int, tuple[float, ...]]] = []  # q saves the graphics state, Q restores it
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "q":
                    saved.append((overprint, mode, fill))
                elif op == "Q":
                    overprint, mode, fill = saved.pop()
                elif op == "gs":
                    state = states[str(operands[0])]
                    overprint = bool(state.get("/op", overprint))
                    mode = int(state.get("/OPM", mode))
                elif op == "k":
                    fill = tuple(float(v) for v in operands)
                elif op in ("g", "rg", "sc", "scn"):  # a grey, or a spot ink: not solid black
                    fill = (-1.0,)
                elif op in ("Tj", "TJ") and fill:
                    assert overprint == (fill == (0, 0, 0, 1)), fill
                    assert mode == 1 or not overprint
                    texts += 1
                elif op in ("f", "f*", "F", "B", "B*", "b", "b*", "Do"):  # an area, or a picture: knocked out
                    assert not overprint, (op, fill)
                    areas += 1
    return texts, areas


@pytest.mark.parametrize("black_brand", [False, True])
def test_only_solid_black_text_and_lines_overprint(flagship, aircenter, flagship_print, styles, black_brand):
    """Overprint is on (op, with OPM 1) for text and rules in K 100 alone, off for every other colour, so
    that white text on the brand colour and colour on colour still knock out; and off for an area filled
    in black (a brand of black: table headers, the cover band) and for a picture, which would let what
    lies under them show through (a print shop's re-trial)."""
    path = flagship_print
    if black_brand:
        from briefexport.styles import load_style

        from .conftest import add_style

        add_style(styles, '[colors]\nbrand = "#000000"\n[print.colors]\nbrand = [0, 0, 0, 100]\n', extends="aircenter")
        path = styles / "black.print.pdf"
        path.write_bytes(PdfRenderer().render(flagship, print_style(load_style("brand", styles))))
    texts, areas = _overprints_as_painted(path)
    assert texts > 1000 and areas > 50
    # A form (the footer's "page N of M") has no ExtGState of its own: it sets no overprint, whose gs would
    # name nothing there.
    with pikepdf.open(path) as pdf:
        forms = [x for page in pdf.pages for x in page.resources.XObject.values() if x.get("/Subtype") == "/Form"]
        assert forms
        for form in forms:
            assert "gs" not in {str(operator) for _, operator in pikepdf.parse_content_stream(form)}


def test_ghostscript_puts_the_crop_marks_on_every_plate(flagship_print, tmp_path):
    with pikepdf.open(flagship_print) as pdf:
        x0, _, _, y1 = (float(v) for v in pdf.pages[1].obj.TrimBox)
        height = float(pdf.pages[1].mediabox[3])
    plates = _plates(flagship_print, 2, tmp_path)
    # The mark left of the trim's top-left corner: a horizontal line at the trim's top edge, outside the bleed.
    top = round(height - y1)
    box = (0, top - 1, round(x0) - 12, top + 2)
    for name in PLATES:
        assert _inked(plates[name], box), name


def test_every_outline_destination_is_within_a_line_of_its_heading(flagship, flagship_print, aircenter):
    line = round(aircenter.sizes.heading * 1.2, 2)  # a heading's line (renderers/pdf/typography.py)
    with pikepdf.open(flagship_print) as pdf:
        pages = {page.objgen: number for number, page in enumerate((p.obj for p in pdf.pages), 1)}
        height = float(pdf.pages[0].mediabox[3])
        outline = pdf.open_outline()
        entries = list(outline.root)
        assert len(entries) >= len(flagship.sections)
        for entry, section in zip(entries, flagship.sections):
            page_ref, fit, _left, top = list(entry.destination)[:4]
            assert fit == "/XYZ"
            number = pages[page_ref.objgen]
            first_word = re.match(r"\w+", section.title).group()
            tops = [height - y0 for _, y0, _, _ in _word_boxes(flagship_print, number, [first_word], every=True)]
            # The destination's top is above the heading's first line (its rule is drawn there), by less than a line.
            assert any(0 <= float(top) - t <= line for t in tops), (section.title, float(top), tops)


def test_pad_adds_blank_pages_up_to_a_multiple_of_the_pad(flagship, aircenter, flagship_print):
    with pikepdf.open(flagship_print) as pdf:
        plain_count = len(pdf.pages)
    pad = next(n for n in (4, 8, 3, 5) if plain_count % n)  # one the flagship's page count is not a multiple of
    data = PdfRenderer().render(flagship, print_style(aircenter, pad=pad))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) % pad == 0 and 0 < len(pdf.pages) - plain_count < pad
        for page in pdf.pages[plain_count:]:  # blank: marks and boxes only
            assert "/TrimBox" in page.obj
            assert not any(str(i.operator) in ("Tj", "TJ", "Do") for i in pikepdf.parse_content_stream(page))
    assert preflight(data).fit


def test_the_print_edition_is_byte_identical_across_builds(flagship, aircenter, flagship_print):
    assert PdfRenderer().render(flagship, print_style(aircenter)) == flagship_print.read_bytes()


def test_a_logo_is_converted_to_cmyk_and_keeps_its_transparency(minimal, plain, tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (600, 300), (20, 54, 93, 255)).save(logo)
    style = dataclasses.replace(print_style(plain), logo_path=logo)
    data = PdfRenderer().render(minimal, style)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        images = [x for x in pdf.pages[0].resources.XObject.values() if x.get("/Subtype") == "/Image"]
        assert [str(i.ColorSpace) for i in images] == ["/DeviceCMYK"]
        assert "/SMask" in images[0]
    assert preflight(data).fit


@pytest.mark.parametrize("mode", ["RGBA", "LA"])
def test_the_pixels_a_pictures_transparency_hides_carry_no_ink(plain, mode):
    """A print shop's trial: the hidden pixels of a transparent PNG (and logo) were stored as K 100 under the
    soft mask; a RIP or flattener that drops the mask would print them as a black box."""
    from briefexport.renderers.pdf.inks import Inks

    picture = Image.new("RGBA", (40, 20), (0, 0, 0, 0))  # PNG tools keep black under full transparency
    picture.paste((200, 30, 30, 255) if mode == "RGBA" else (90, 90, 90, 255), (10, 5, 30, 15))
    picture.paste((200, 30, 30, 128) if mode == "RGBA" else (90, 90, 90, 128), (0, 0, 4, 4))  # half seen
    cmyk, alpha = Inks(plain).pixels(picture.convert(mode))
    assert alpha is not None
    assert cmyk.getpixel((39, 19)) == (0, 0, 0, 0)  # hidden: no ink
    assert cmyk.getpixel((20, 10))[3] > 0 and cmyk.getpixel((1, 1))[3] > 0  # seen, wholly or in part: inked


def test_a_spot_colour_prints_as_a_separation_of_its_own(flagship, aircenter, tmp_path):
    from briefexport.printing import PrintColor

    colors = {**aircenter.print.colors, "accent": PrintColor((0.1, 0.3, 0.85, 0.3), "PANTONE 7563 C")}
    style = print_style(aircenter.replace(print=dataclasses.replace(aircenter.print, colors=colors)))
    path = tmp_path / "spot.pdf"
    path.write_bytes(PdfRenderer().render(flagship, style))
    with pikepdf.open(path) as pdf:
        spaces = {str(s[1]) for page in pdf.pages for s in page.resources.get("/ColorSpace", {}).values()}
    assert spaces == {"/All", "/PANTONE 7563 C"}  # the registration colour and the spot ink
    assert preflight(path).fit
    gs = require_tool("gs")
    subprocess.run(
        [gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", "-r20", *_pages(2, tmp_path / "s.tif", path)],
        check=True,
        timeout=120,
    )
    assert (tmp_path / "s(PANTONE 7563 C).tif").is_file()  # a fifth plate


def test_a_brand_colour_in_a_spot_ink_is_named_only_where_it_is_defined(flagship, aircenter, tmp_path):
    """A print shop's trial: the contents' page numbers, forms filled in at the end, set the brand's spot ink
    by a colour space their own resources did not hold (only the page's: no form may borrow them), which
    strict RIPs refuse; Ghostscript and poppler quietly fell back to the page's."""
    from briefexport.printing import PrintColor

    brand = PrintColor((1.0, 0.76, 0.2, 0.48), "PANTONE 289 C")
    colors = {**aircenter.print.colors, "brand": brand, "link": brand}
    style = print_style(aircenter.replace(print=dataclasses.replace(aircenter.print, colors=colors)))
    path = tmp_path / "spot.pdf"
    path.write_bytes(PdfRenderer().render(flagship, style))
    unnamed, forms = [], 0
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            for name, xobject in page.resources.get("/XObject", {}).items():
                if xobject.get("/Subtype") != "/Form":
                    continue
                forms += 1
                own = set(xobject.get("/Resources", {}).get("/ColorSpace", {}).keys())
                used = {
                    str(operands[0])
                    for operands, operator in pikepdf.parse_content_stream(xobject)
                    if str(operator) in ("cs", "CS")
                }
                unnamed += [(number, str(name), space) for space in used - own - {"/DeviceCMYK", "/DeviceGray"}]
    assert forms >= 9  # the contents' page numbers, one per section
    assert unnamed == []


def _printed_lightness(cmyk: Image.Image) -> list[float]:
    """The L* (relative to the paper) at which FOGRA39 prints each pixel of a one-row CMYK image."""
    from PIL import ImageCms

    from briefexport.renderers.pdf.inks import PROFILE

    lab = ImageCms.profileToProfile(
        cmyk, ImageCms.getOpenProfile(str(PROFILE)), ImageCms.createProfile("LAB"), outputMode="LAB"
    )
    return [lightness * 100 / 255 for lightness in lab.tobytes()[0::3]]  # L of each L, a, b


def _as_rgb_prints(rgb: Image.Image) -> Image.Image:
    """An RGB picture as the profile prints it (sRGB to FOGRA39, relative colorimetric, black point kept)."""
    from PIL import ImageCms

    from briefexport.renderers.pdf.inks import PROFILE

    return ImageCms.profileToProfile(
        rgb,
        ImageCms.createProfile("sRGB"),
        ImageCms.getOpenProfile(str(PROFILE)),
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        outputMode="CMYK",
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )


def test_a_grey_picture_prints_on_the_black_plate_alone_as_light_as_the_profile_prints_it(plain):
    """A greyscale chart came out on four plates (its black at 314 % ink), fringing at any misregistration.
    Then, on the black plate as K = 1 - value, a print shop found its greys far too light: 50 % at L* 65.5
    where the picture has 53.7. Each grey now prints as the profile prints it, as far as black alone can."""
    from briefexport.renderers.pdf.inks import Inks

    grey = Image.linear_gradient("L").rotate(90).resize((256, 1))  # every grey, in a row
    cmyk, alpha = Inks(plain).pixels(grey)
    assert [band.getextrema() for band in cmyk.split()[:3]] == [(0, 0)] * 3 and alpha is None
    wanted = _printed_lightness(_as_rgb_prints(grey.convert("RGB")))
    printed = _printed_lightness(cmyk)
    black = _printed_lightness(Image.new("CMYK", (1, 1), (0, 0, 0, 255)))[0]  # the darkest black alone prints
    shadows = black + 10.5  # L*: below it, the greys are drawn into the room black alone has, in their order
    for value, (want, got) in enumerate(zip(wanted, printed)):
        assert abs(got - want) < 1.6 or want < shadows, (value, want, got)
    # ... and a review found the darkest 13 % of the tones printed as one: they keep their order
    order = sorted(range(256), key=lambda x: grey.getpixel((x, 0)))
    darkest = [printed[x] for x in order[:40]]
    assert darkest == sorted(darkest) and len({round(light, 1) for light in darkest}) > 10


def test_a_nearly_grey_photograph_prints_its_grey_and_nearly_grey_pixels_alike(plain):
    """A black-and-white photograph saved as RGB: its exactly grey pixels went on the black plate at K = 1 -
    value, the others through the profile, two levels apart printed 10 L* apart: salt and pepper."""
    from briefexport.renderers.pdf.inks import Inks

    # half exactly grey; above the shadows, which black alone prints lighter than the profile's four inks do
    row = [(v, v, v) if v % 2 else (v, v, v + 2) for v in range(72, 240)]
    photo = Image.new("RGB", (len(row), 1))
    photo.putdata(row)
    printed = _printed_lightness(Inks(plain).pixels(photo)[0])
    assert max(abs(a - b) for a, b in itertools.pairwise(printed)) < 2.5


def test_an_rgb_pictures_own_profile_is_handed_to_the_conversion(plain, monkeypatch):
    """An Adobe RGB photograph was read as sRGB, its colours shifted."""
    from PIL import ImageCms

    from briefexport.renderers.pdf import inks

    seen = []
    real = inks._transform

    def recording(profile=None):
        seen.append(profile)
        return real(profile)

    monkeypatch.setattr(inks, "_transform", recording)
    own = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    picture = Image.new("RGB", (8, 8), (30, 160, 60))
    picture.info["icc_profile"] = own
    inks.Inks(plain).pixels(picture)
    # sRGB's own transform may be made too, for the greys of a flat picture (cached after the first time)
    assert [profile for profile in seen if profile is not None] == [own]


def test_a_cmyk_picture_with_more_ink_than_fogra39_takes_is_refused_at_its_line(tmp_path):
    """A CMYK JPEG with a patch of C=M=Y=K=100 (400 % ink) passed the print edition and its preflight."""
    source = tmp_path / "bulletin.md"
    for name in ("bulletin.md", "publisher.yaml"):
        (tmp_path / name).write_bytes((FIXTURES / "minimal" / name).read_bytes())
    Image.new("CMYK", (2400, 1200), (255, 255, 255, 255)).save(tmp_path / "dark.jpg", quality=95)
    source.write_text(source.read_text(encoding="utf-8") + "\n![A dark patch](dark.jpg)\n", encoding="utf-8")
    from click.testing import CliRunner

    from briefexport.cli import main

    result = CliRunner().invoke(main, ["build", str(source), "-f", "pdf", "--print", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    line = len(source.read_text(encoding="utf-8").splitlines())
    assert result.stderr.startswith(f"briefexport: {source}:{line}: picture dark.jpg lays down up to 400 % ink;")


def test_a_cmyk_picture_within_the_ink_limit_stays_within_it_made_smaller_for_print(tmp_path):
    """A trial: bars of 328 % ink, sharp-edged, made smaller for print (Lanczos rings at each edge) and
    encoded as JPEG again came out at 356 %, and the preflight, which read no picture's samples, passed."""
    for name in ("bulletin.md", "publisher.yaml"):
        (tmp_path / name).write_bytes((FIXTURES / "minimal" / name).read_bytes())
    bars = Image.new("CMYK", (4000, 2600), (0, 0, 0, 0))
    for x in range(0, 4000, 80):
        bars.paste((209, 209, 209, 209), (x, 0, x + 40, 2600))
    bars.save(tmp_path / "bars.jpg", quality=100, subsampling=0)
    source = tmp_path / "bulletin.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n![Bars](bars.jpg)\n", encoding="utf-8")
    pdf = briefexport.render(briefexport.load(source), "pdf", style="aircenter", print_edition=True)
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        pictures = [
            pikepdf.PdfImage(image).as_pil_image()
            for page in opened.pages
            for image in page.Resources.XObject.values()
            if image.get("/ColorSpace") == "/DeviceCMYK"
        ]
    assert pictures and max(most_ink(picture) for picture in pictures) <= MAX_INK
    assert preflight(pdf).fit


def test_a_print_edition_with_a_cover_band_and_no_bleed_is_refused_at_the_styles_line(minimal, styles):
    """bleed = 0 ended the cover band on the trim, where a guillotine leaves a white hairline."""
    from briefexport.errors import RenderError
    from briefexport.styles import load_style

    from .conftest import add_style

    path = add_style(styles, "[page]\nbleed = 0\n", extends="aircenter")
    with pytest.raises(RenderError) as caught:
        PdfRenderer().render(minimal, print_style(load_style("brand", styles)))
    assert str(caught.value).startswith(f"{path}:5: page.bleed is 0, and the cover band runs to the page's edge")
    PdfRenderer().render(minimal, load_style("brand", styles))  # the screen edition has no trim


def test_a_sixteen_bit_grey_picture_keeps_its_tones_on_the_black_plate(plain):
    from briefexport.renderers.pdf.inks import Inks

    grey = Image.new("I;16", (3, 1))
    for x, value in enumerate((65535, 32768, 0)):
        grey.putpixel((x, 0), value)
    cmyk, _ = Inks(plain).pixels(grey)
    eight = Inks(plain).pixels(Image.new("L", (1, 1), 127))[0].getpixel((0, 0))  # 32768 / 257, in eight bits
    assert [cmyk.getpixel((x, 0)) for x in range(3)] == [(0, 0, 0, 0), eight, (0, 0, 0, 255)]


def test_a_charts_neutral_pixels_print_on_the_black_plate_alone_a_photographs_stay_rich(plain):
    """A chart's black labels and axes came out C88 M75 Y53 K98 (314 % ink), on four plates; a photograph's
    shadows keep the profile's rich black, which a K-only patch would lighten."""
    from briefexport.renderers.pdf.inks import Inks, black_for_grey

    chart = Image.new("RGB", (40, 40), (255, 255, 255))
    chart.paste((0, 0, 0), (0, 0, 40, 4))  # a label
    chart.paste((128, 128, 128), (0, 4, 40, 6))  # a grid line
    chart.paste((200, 30, 40), (10, 20, 30, 40))  # a bar: a quarter of the pixels
    cmyk, _ = Inks(plain).pixels(chart)
    assert cmyk.getpixel((0, 0)) == (0, 0, 0, 255)
    assert cmyk.getpixel((0, 5)) == (0, 0, 0, black_for_grey()[128])
    assert cmyk.getpixel((39, 39)) == (0, 0, 0, 0)
    c, m, _, _ = cmyk.getpixel((20, 30))
    assert m > 150 and c < m  # the bar's red, through the profile

    photo = Image.linear_gradient("L").resize((40, 40)).convert("RGB")
    photo = Image.merge("RGB", (photo.getchannel(0), photo.getchannel(1).point(lambda v: v // 2), photo.getchannel(2)))
    photo.paste((0, 0, 0), (0, 0, 4, 4))  # a shadow
    cmyk, _ = Inks(plain).pixels(photo)
    c, _, _, k = cmyk.getpixel((0, 0))
    assert c > 100 and k > 200  # rich black


def test_a_chart_on_a_tinted_plot_area_is_a_chart_and_a_cut_out_photograph_a_photograph(plain):
    """A print shop's trial: a chart on a light-blue plot area (fewer than half its pixels grey) printed its
    black labels in four inks; a cut-out photograph, whose hidden pixels are stored black, counted as a chart,
    and its shadows went half on the black plate, half on four (a mottle)."""
    from briefexport.renderers.pdf.inks import Inks

    chart = Image.new("RGB", (200, 100), (213, 228, 235))  # the plot area's tint
    chart.paste((0, 0, 0), (10, 10, 190, 14))  # a label
    chart.paste((100, 108, 111), (10, 14, 190, 15))  # its edge, smoothed into the tint
    chart.paste((30, 90, 180), (40, 40, 80, 100))  # a bar
    cmyk, _ = Inks(plain).pixels(chart)
    assert cmyk.getpixel((20, 12)) == (0, 0, 0, 255)
    assert cmyk.getpixel((20, 14))[:3] == (0, 0, 0)  # the edge on black alone
    assert cmyk.getpixel((150, 60))[0] > 0  # the tint stays a tint, through the profile

    noise = [Image.effect_noise((60, 60), 80) for _ in range(3)]
    photo = Image.merge("RGB", noise).convert("RGBA")
    photo.paste((12, 12, 12, 255), (20, 20, 30, 30))  # a shadow, grey by chance
    cut_out = Image.new("RGBA", (100, 100), (0, 0, 0, 0))  # hidden: black, as PNG writers store it
    cut_out.paste(photo, (20, 20))
    cmyk, alpha = Inks(plain).pixels(cut_out)
    assert alpha is not None and cmyk.getpixel((45, 45))[0] > 0  # the shadow in the profile's rich black


@pytest.mark.parametrize(
    ("colors", "message"),
    [
        ('muted = "#202028"', "colors.muted #202028 prints as [51, 43, 22, 92] (CMYK): small type"),
        ('muted = "#14365D"', "colors.muted #14365D prints as [86, 55, 0, 60] (CMYK): small type"),
    ],
)
def test_text_in_an_rgb_that_converts_to_a_dark_colour_of_several_inks_is_refused_for_print(
    styles, minimal, colors, message
):
    """A print shop's trial: `muted = [51, 43, 22, 92]` in [print.colors] was refused, but `muted = "#202028"`,
    which converts to just those inks, printed 7 pt running heads in four inks and passed. Refused alike now,
    with the black-plate ink to give instead; the screen edition is as it was, and so is the print edition
    once [print.colors] gives that ink."""
    from briefexport.errors import RenderError
    from briefexport.styles import load_style

    from .conftest import add_style

    path = add_style(styles, f"[colors]\n{colors}\n")
    style = load_style("brand", styles)
    with pytest.raises(RenderError) as caught:
        briefexport.render(minimal, "pdf", style=print_style(style))
    assert str(caught.value).startswith(f"{path}:5: {message}"), caught.value
    assert briefexport.render(minimal, "pdf", style=style)  # the screen edition
    suggestion = re.search(r"(print\.colors\.\w+) = (\[0, 0, 0, \d+\])", str(caught.value))
    assert suggestion is not None
    path.write_text(path.read_text() + f"\n[print.colors]\n{suggestion[1].split('.')[-1]} = {suggestion[2]}\n")
    assert briefexport.render(minimal, "pdf", style=print_style(load_style("brand", styles)))
