"""briefexport preflight: one line per finding with its page, exit 0 when fit for press, 2 when not."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import io
import json
import logging
import os
import re
import threading
import time
import zlib
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from fontTools.ttLib import TTFont as FontToolsFont
from PIL import Image
from reportlab.lib.colors import CMYKColorSep
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

import briefexport
from briefexport import preflight as preflight_module
from briefexport.cli import main
from briefexport.preflight import preflight
from briefexport.renderers.pdf import PdfRenderer

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def print_pdf(minimal, aircenter, tmp_path_factory):
    style = aircenter.replace(page=dataclasses.replace(aircenter.page, crop_marks=True))
    path = tmp_path_factory.mktemp("preflight") / "minimal.print.pdf"
    path.write_bytes(PdfRenderer().render(minimal, style))
    return path


@pytest.fixture(scope="module")
def screen_pdf(minimal, aircenter, tmp_path_factory):
    path = tmp_path_factory.mktemp("preflight") / "minimal.pdf"
    path.write_bytes(PdfRenderer().render(minimal, aircenter))
    return path


def _canvas_pdf(draw) -> bytes:
    """A one-page PDF drawn by `draw(canvas)`, with boxes but no PDF/X identification."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(200, 200), invariant=1, trimBox=(20, 20, 180, 180), bleedBox=(10, 10, 190, 190))
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_a_print_edition_is_fit_and_the_command_exits_0(print_pdf):
    result = CliRunner().invoke(main, ["preflight", str(print_pdf)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{print_pdf}: info: identified as PDF/X-4",
        f"{print_pdf}: info: output intent FOGRA39, CMYK profile embedded",
        # told, not refused: whether the binding needs a multiple of 4 is the shop's to say
        f"{print_pdf}: warning: 2 pages, not a multiple of 4: a saddle-stitched issue needs one (--pad 4)",
        f"{print_pdf}: fit for press",
    ]


def test_a_screen_edition_is_not_fit_and_says_why_with_the_pages(screen_pdf):
    """A finding of several pages is one line naming them (a file of 30,001 pages without boxes gave 30,005
    lines, a print shop's trial), as the build shows warnings."""
    with pikepdf.open(screen_pdf) as pdf:
        pages = len(pdf.pages)
    result = CliRunner().invoke(main, ["preflight", str(screen_pdf)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert f"{screen_pdf}: error: no PDF/X identification (GTS_PDFXVersion); a shop asks for PDF/X-4" in lines
    assert f"{screen_pdf}: error: no PDF/X output intent (OutputIntents with S GTS_PDFX)" in lines
    boxes = f"{screen_pdf}: pages 1-{pages}: error: no TrimBox and BleedBox; every page of a print file has both"
    assert boxes in lines and len([line for line in lines if "TrimBox" in line]) == 1
    assert any(f"{screen_pdf}: page" in line and "2" in line and "RGB colour (rg)" in line for line in lines)
    assert lines[-1].startswith(f"{screen_pdf}: not fit for press: ")


def test_json_output_lists_every_finding_for_scripts(screen_pdf):
    result = CliRunner().invoke(main, ["preflight", "--json", str(screen_pdf)])
    assert result.exit_code == 2
    report = json.loads(result.output)
    assert report["fit"] is False and report["pdfx"] is None and report["pages"] >= 2
    assert {
        "level": "error",
        "check": "boxes",
        "message": "no TrimBox and BleedBox; every page of a print file has both",
        "page": 1,
    } in report["findings"]
    checks = {(f["check"], f["level"]) for f in report["findings"]}
    assert {("pdfx", "error"), ("output-intent", "error"), ("boxes", "error"), ("colour", "error")} <= checks


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"", "the file is empty, not a PDF"),
        (b"not a PDF", 'not a PDF: it starts with "not a PDF", not "%PDF-"'),
        (b"\x89PNG\r\n\x1a\n" + bytes(20), 'not a PDF: it starts with "\\x89PNG\\x0d\\x0a\\x1a\\x0a\\x00'),
        (
            b"%PDF-1.7\n% cut short",
            "not a readable PDF (unable to find trailer dictionary while recovering damaged file)",
        ),
    ],
    ids=["empty", "text", "picture", "no trailer"],
)
def test_a_file_that_is_not_a_pdf_is_one_line_naming_it_once_and_status_2(tmp_path, data, said):
    """A print shop's trial: an empty file, a text and a picture all read "not a readable PDF (FILE: unable to
    find trailer dictionary while recovering damaged file)", qpdf's words, the file's name twice."""
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(data)
    result = CliRunner().invoke(main, ["preflight", str(bad)])
    assert result.exit_code == 2
    assert result.output.startswith(f"briefexport: {bad}: {said}"), result.output
    assert result.output.count(str(bad)) == 1 and len(result.output.splitlines()) == 1


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("u", "briefexport: {path}: the PDF is encrypted with a password to open it; PDF/X allows no encryption"),
        ("", "{path}: error: the PDF is encrypted; PDF/X allows no encryption"),
    ],
    ids=["to open", "to change"],
)
def test_an_encrypted_pdf_is_unfit_and_one_with_a_password_to_open_it_one_line(print_pdf, tmp_path, user, expected):
    """A reviewer's trial: a password to open gave pikepdf's traceback, exit 1; an owner password alone was fit."""
    path = tmp_path / "locked.pdf"
    with pikepdf.open(print_pdf) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="o", user=user, R=6))
    result = CliRunner().invoke(main, ["preflight", str(path)])
    assert result.exit_code == 2
    assert expected.format(path=path) in result.output.splitlines()


def test_rgb_colour_and_rgb_images_are_errors_on_their_page():
    def draw(canvas):
        canvas.setFillColorRGB(1, 0, 0)
        canvas.rect(30, 30, 20, 20, fill=1)
        canvas.drawImage(
            ImageReader(Image.new("RGB", (300, 300))),
            60,
            60,
            72,
            72,
        )

    findings = {(f.check, f.page) for f in preflight(_canvas_pdf(draw)).errors()}
    assert ("colour", 1) in findings
    messages = [f.message for f in preflight(_canvas_pdf(draw)).errors() if f.check == "colour"]
    assert any("RGB image" in m for m in messages) and any("RGB colour (rg)" in m for m in messages)


def test_an_image_under_300_ppi_at_its_placed_size_is_an_error():
    def draw(canvas):
        image = Image.new("CMYK", (100, 100))
        canvas.drawImage(ImageReader(image), 30, 30, 144, 144)

    [low] = [f for f in preflight(_canvas_pdf(draw)).errors() if f.check == "images"]
    assert low.page == 1 and "50 ppi" in low.message


def test_marks_outside_the_bleed_must_be_in_the_registration_colour():
    def black_marks(canvas):
        canvas.setStrokeColorCMYK(0, 0, 0, 1)
        canvas.line(0, 20, 8, 20)

    def registration_marks(canvas):
        canvas.setStrokeColor(CMYKColorSep(1, 1, 1, 1, spotName="All"))
        canvas.line(0, 20, 8, 20)

    assert [f.check for f in preflight(_canvas_pdf(black_marks)).errors()].count("marks") == 1
    assert "marks" not in [f.check for f in preflight(_canvas_pdf(registration_marks)).errors()]


def test_a_font_that_is_not_embedded_is_named():
    def draw(canvas):
        canvas.setFont("Helvetica", 12)
        canvas.drawString(30, 30, "Helvetica is not embedded")

    [font] = [f for f in preflight(_canvas_pdf(draw)).errors() if f.check == "fonts"]
    assert font.message == "font Helvetica is not embedded" and font.page == 1


def test_a_font_listed_in_a_pages_resources_but_never_set_is_not_judged(print_pdf):
    """A print shop's trial: a Helvetica in page 2's fonts that no text is set in failed a good file."""

    def unused_font(pdf):
        pdf.pages[0].Resources.Font.Unused = pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )

    assert [f for f in preflight(_edited(print_pdf.read_bytes(), unused_font)).errors() if f.check == "fonts"] == []


NOTO_SANS = Path(briefexport.__file__).parent / "builtin_styles" / "fonts" / "NotoSans-Regular.ttf"


@pytest.mark.parametrize(
    ("x", "words", "expected"),
    [
        (30, "inside the safe area", []),
        (21, "near the cut", ["warning"]),  # 1 pt inside the trim: the cut drifts
        (30, "a line running on past the trim and on " * 3, ["error"]),  # a stress trial's URL ran to x 720
        (180, "x", ["error"]),  # starts right at the trim's right edge
    ],
)
def test_text_past_the_trim_is_an_error_and_text_close_to_it_a_warning(x, words, expected):
    """An over-long address ran 100 pt past a print edition's trim and preflight said 'fit for press'."""
    pdfmetrics.registerFont(TTFont("PreflightSans", str(NOTO_SANS)))

    def draw(canvas):
        canvas.setFillColorCMYK(0, 0, 0, 1)
        canvas.setFont("PreflightSans", 8)
        canvas.drawString(x, 100, words)

    report = preflight(_canvas_pdf(draw))
    assert [f.level for f in report.findings if f.check == "text"] == expected
    if expected == ["error"]:
        [error] = [f for f in report.findings if f.check == "text"]
        assert error.page == 1 and "past the trim" in error.message and "the trim is x 20–180" in error.message


@pytest.mark.parametrize(
    ("cmyk", "size", "scale", "expected"),
    [
        ((0.75, 0.68, 0.67, 0.9), 9, 1, ["warning"]),  # body text in rich black
        ((0.51, 0.43, 0.22, 0.92), 7, 1, ["warning"]),  # running heads in a four-ink dark grey
        ((0.75, 0.68, 0.67, 0.9), 6, 2, []),  # drawn at twice its size: 12 pt, a headline's
        ((0.75, 0.68, 0.67, 0.9), 14, 1, []),  # a headline may be rich black
        ((0, 0, 0, 1), 7, 1, []),  # black alone
        ((1, 0.76, 0.2, 0.48), 7, 1, []),  # a brand navy, not black
    ],
)
def test_small_text_in_a_dark_colour_of_several_inks_is_a_warning(cmyk, size, scale, expected):
    """A print shop's trial: the showcase with its body text in 300 % rich black passed as 'fit for press'."""
    pdfmetrics.registerFont(TTFont("PreflightSans", str(NOTO_SANS)))

    def draw(canvas):
        canvas.scale(scale, scale)
        canvas.setFillColorCMYK(*cmyk)
        canvas.setFont("PreflightSans", size)
        canvas.drawString(30 / scale, 100 / scale, "small type")

    report = preflight(_canvas_pdf(draw))
    found = [f for f in report.findings if f.check == "text"]
    assert [f.level for f in found] == expected
    if found:
        assert found[0].message.startswith("1 × text under 12 pt in a dark colour of several inks (C")


@pytest.mark.parametrize(
    ("width", "scale", "expected"),
    [(0.05, 1, ["error"]), (0.2, 1, ["warning"]), (0.1, 2, ["warning"]), (0.25, 1, []), (0.5, 1, [])],
)
def test_a_line_thinner_than_a_quarter_point_is_a_warning_and_under_an_eighth_an_error(width, scale, expected):
    """A print shop's trial: every rule of a file at 0.05 pt passed as 'fit for press'. Marks outside the bleed
    (crop marks) are the printer's own, and are not counted."""

    def draw(canvas):
        canvas.scale(scale, scale)
        canvas.setStrokeColorCMYK(0, 0, 0, 1)
        canvas.setLineWidth(width)
        canvas.line(30 / scale, 100 / scale, 150 / scale, 100 / scale)
        canvas.setLineWidth(0.01)
        canvas.line(0, 2 / scale, 5 / scale, 2 / scale)  # outside the bleed: a mark

    found = [f for f in preflight(_canvas_pdf(draw)).findings if f.check == "lines"]
    assert [f.level for f in found] == expected
    if found:
        assert found[0].message.startswith(f"1 × line thinner than 0.25 pt (the thinnest {width * scale:.3g} pt)")


def _with_content(content: bytes, extgstate: dict[str, object] | None = None, form: bytes | None = None) -> bytes:
    """A one-page PDF with boxes whose page draws `content`, with an ExtGState /GS9 and a form /Fm9."""
    pdf = pikepdf.Pdf.open(io.BytesIO(_canvas_pdf(lambda canvas: None)))
    page = pdf.pages[0]
    resources = pikepdf.Dictionary()
    if extgstate is not None:
        resources["/ExtGState"] = pikepdf.Dictionary({"/GS9": pikepdf.Dictionary(extgstate)})
    if form is not None:
        xobject = pikepdf.Stream(pdf, form)
        xobject["/Type"], xobject["/Subtype"] = pikepdf.Name.XObject, pikepdf.Name.Form
        xobject["/BBox"] = [0, 0, 200, 200]
        resources["/XObject"] = pikepdf.Dictionary({"/Fm9": xobject})
    page.obj["/Resources"] = resources
    page.obj["/Contents"] = pikepdf.Stream(pdf, content)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "extgstate", "form", "expected"),
    [
        (b"0 0 0 1 K /GS9 gs 30 100 m 150 100 l S", {"/Type": pikepdf.Name.ExtGState, "/LW": 0.05}, None, ["error"]),
        (b"0 0 0 1 K 0.05 w /Fm9 Do", None, b"30 100 m 150 100 l S", ["error"]),  # a form draws with its caller's
        (b"q 0.05 w Q 0 0 0 1 K 30 100 m 150 100 l S", None, None, []),  # Q restores the width
    ],
)
def test_a_lines_width_follows_the_graphics_state_into_extgstates_and_forms(content, extgstate, form, expected):
    """A review: a 0.05 pt line whose width an ExtGState (/LW) set, or that a form stroked with its caller's
    width, passed."""
    found = [f for f in preflight(_with_content(content, extgstate, form)).findings if f.check == "lines"]
    assert [f.level for f in found] == expected


@pytest.mark.parametrize(
    "content",
    [
        b"1 0 0 0.05 0 0 cm 0 0 0 1 K 2 w 100 6000 m 300 6000 l S",  # a horizontal rule squeezed 20 times
        b"0.05 0 0 1 0 0 cm 0 0 0 1 K 2 w 4000 300 m 4000 500 l S",  # a vertical one
        b"0.05 0 0 1 0 0 cm 0 0 0 1 K 2 w BT 1 Tr {font} 24 Tf 2000 300 Td (OUTLINE) Tj ET",  # glyphs' outlines
    ],
    ids=["horizontal", "vertical", "outlined text"],
)
def test_a_line_squeezed_by_an_uneven_scale_is_judged_as_thin_as_it_prints(print_pdf, content):
    """A prepress review (helper-174): a 2-unit rule under `1 0 0 0.05 cm` prints 0.1 pt thick and passed, its
    width scaled by the square root of the matrix's area (0.45 pt), not by how much it shrinks across."""

    def squeezed(pdf):
        font = next(iter(pdf.pages[0].Resources.Font.keys())).encode()  # one the page has
        _added(pdf, b"q " + content.replace(b"{font}", font) + b" Q")

    found = [f for f in preflight(_edited(print_pdf.read_bytes(), squeezed)).findings if f.check == "lines"]
    assert [(f.level, f.page) for f in found] == [("error", 1)]
    assert found[0].message.startswith("1 × line thinner than 0.25 pt (the thinnest 0.1 pt)")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"/GS9 gs 0 0 0 0 k 30 30 100 100 re f", ["error"]),  # a white box set to overprint
        (b"/GS9 gs 1 g 30 30 100 100 re f", ["error"]),  # ... in grey
        (b"q /GS9 gs Q 0 0 0 0 k 30 30 100 100 re f", []),  # Q restored overprint off
        (b"/GS9 gs 0 0 0 1 k 30 30 100 100 re f", []),  # black may overprint
        (b"/GS9 gs 0 0 0 0 k /Fm9 Do", ["error"]),  # a form paints with its caller's state
    ],
)
def test_white_set_to_overprint_is_an_error(content, expected):
    """A print shop's re-trial: white text set to overprint (it vanishes on press: white is no ink) passed as
    'fit for press'."""
    state = {"/Type": pikepdf.Name.ExtGState, "/op": True, "/OP": True, "/OPM": 1}
    data = _with_content(content, state, form=b"30 30 100 100 re f")
    found = [f for f in preflight(data).findings if f.check == "overprint"]
    assert [f.level for f in found] == expected
    if found:
        assert found[0].message.startswith("1 × text, line or area in white set to overprint, which vanishes on")


def _tints(*inks: float) -> pikepdf.Dictionary:
    """A function from tints to DeviceCMYK (type 2): the colorants at 1 make `inks`."""
    return pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=list(inks), N=1)


def _spot() -> pikepdf.Array:
    return pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name("/Gold"), pikepdf.Name.DeviceCMYK, _tints(0, 0, 1, 0)])


def _process_inks(*names: str) -> pikepdf.Array:
    """A DeviceN space of `names` (all four process inks when none)."""
    colorants = [pikepdf.Name(f"/{name}") for name in names or ("Cyan", "Magenta", "Yellow", "Black")]
    return pikepdf.Array([pikepdf.Name.DeviceN, colorants, pikepdf.Name.DeviceCMYK, _tints(1, 1, 1, 1)])


@pytest.mark.parametrize(
    ("content", "state", "vanishes"),
    [
        # a white stroke set to overprint (OP): it vanished on press, and passed
        (b"0 0 0 0 K 10 w 30 100 m 150 100 l S", {"/OP": True, "/op": False, "/OPM": 1}, True),
        (b"0 0 0 0 K 10 w 30 100 m 150 100 l S", {"/OP": False, "/op": True, "/OPM": 1}, False),  # op: fills alone
        (b"0 0 0 0 k 30 30 100 100 re f", {"/OP": True, "/OPM": 1}, True),  # op takes OP's value when unset
        # overprint mode 0: DeviceCMYK paints all four plates, zeros too, so white knocks out (it was refused)
        (b"0 0 0 0 k 30 30 100 100 re f", {"/OP": True, "/op": True, "/OPM": 0}, False),
        (b"0 0 0 0 k 30 30 100 100 re f", {"/OP": True, "/op": True}, False),  # OPM defaults to 0
        # a spot's tint 0 paints its own plate alone, whatever the mode
        (b"/CS0 cs 0 scn 30 30 100 100 re f", {"/op": True, "/OPM": 0}, True),
        (b"/CS1 cs 0 0 0 0 scn 30 30 100 100 re f", {"/op": True, "/OPM": 1}, False),  # names all four plates
    ],
)
def test_white_vanishes_where_pdf_says_overprint_leaves_what_lies_under_it(content, state, vanishes):
    """A prepress review (helper-174): a white stroke with OP on (Ghostscript: the navy under it showed through)
    passed, and a white fill with op on under OPM 0 (Ghostscript: white) was refused. OP is the strokes', op
    the fills' and text's, OPM 1 keeps a DeviceCMYK zero off its plate (PDF 8.6.7)."""

    def spaces(pdf):
        page = pdf.pages[0]
        page.Resources.ExtGState.GS9.update(state)
        page.Resources.ColorSpace = pikepdf.Dictionary(CS0=_spot(), CS1=_process_inks())

    data = _edited(_with_content(b"/GS9 gs " + content, {}), spaces)
    found = [f for f in preflight(data).findings if f.check == "overprint"]
    assert [f.level for f in found] == (["error"] if vanishes else [])


@pytest.mark.parametrize(
    ("colorants", "tints", "most"),
    [
        ((), b"1 1 1 1", 400),  # the process inks as DeviceN: it passed
        (("Cyan", "Magenta", "Yellow", "Black", "Gold"), b"1 1 1 0.2 1", None),  # a spot is a plate of its own
        (("Cyan", "Magenta", "Yellow", "Black", "Gold"), b"1 1 1 0.5 1", 350),
        (("Magenta", "Yellow", "Black"), b"1 1 1.0", None),  # a subset: 300 %
    ],
)
def test_a_devicen_of_the_process_inks_is_held_to_the_ink_limit(colorants, tints, most):
    """A prepress review (helper-174): C100 M100 Y100 K100 set as DeviceN of the process inks (`1 1 1 1 scn`) was
    fit for press: ink was counted in CMYK spaces alone."""

    def space(pdf):
        pdf.pages[0].Resources.ColorSpace = pikepdf.Dictionary(CSn=_process_inks(*colorants))

    data = _edited(_with_content(b"/CSn cs " + tints + b" scn 30 30 100 100 re f"), space)
    found = [f.message for f in preflight(data).errors() if f.check == "colour"]
    assert found == ([f"1 × colour of up to {most} % ink, more than the 330 % FOGRA39 print allows"] if most else [])


def _exponential(*inks: float) -> pikepdf.Dictionary:
    """A function (type 2) from white to `inks`."""
    return pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=list(inks), N=1)


def _sampled(pdf, *inks: int, **more: object) -> pikepdf.Stream:
    """A function (type 0) of two 8-bit samples, white and `inks` (0 to 255 each)."""
    data = bytes([0, 0, 0, 0, *inks])
    return pdf.make_stream(data, FunctionType=0, Domain=[0, 1], Range=[0, 1] * 4, Size=[2], BitsPerSample=8, **more)


def _calculator(pdf) -> pikepdf.Stream:
    """A PostScript calculator function (type 4): t → C M Y K all t."""
    return pdf.make_stream(b"{dup dup dup}", FunctionType=4, Domain=[0, 1], Range=[0, 1] * 4)


def _axial(function, **more: object) -> pikepdf.Dictionary:
    return pikepdf.Dictionary(
        ShadingType=2, ColorSpace=pikepdf.Name.DeviceCMYK, Coords=[30, 0, 130, 0], Function=function, **more
    )


@pytest.mark.parametrize(
    ("shading", "content", "found"),
    [
        (lambda pdf: _axial(_exponential(1, 1, 1, 1)), b"/Sh9 sh", "error: 1 × colour of up to 400 % ink"),
        (lambda pdf: _axial(_exponential(1, 1, 1, 1)), b"/Pattern cs /P9 scn 30 30 100 100 re f", "error: 1 × colour"),
        (lambda pdf: _axial(_exponential(0.8, 0.7, 0.7, 1)), b"/Sh9 sh", None),  # 320 %
        (lambda pdf: _axial(_sampled(pdf, 255, 255, 255, 255)), b"/Sh9 sh", "error: 1 × colour of up to 400 % ink"),
        (
            lambda pdf: _axial(
                pikepdf.Dictionary(
                    FunctionType=3,
                    Domain=[0, 1],
                    Bounds=[0.5],
                    Encode=[0, 1, 0, 1],
                    Functions=[_exponential(0, 0, 0, 1), _exponential(1, 1, 1, 1)],
                )
            ),
            b"/Sh9 sh",
            "error: 1 × colour of up to 400 % ink",
        ),
        (lambda pdf: _axial(_calculator(pdf)), b"/Sh9 sh", "warning: shading Sh9: its ink was not measured"),
        (
            lambda pdf: pdf.make_stream(
                b"",
                ShadingType=4,
                ColorSpace=pikepdf.Name.DeviceCMYK,
                BitsPerCoordinate=8,
                BitsPerComponent=8,
                BitsPerFlag=8,
                Decode=[0, 200, 0, 200, 0, 1, 0, 1, 0, 1, 0, 1],
            ),
            b"/Sh9 sh",
            "warning: shading Sh9: its ink was not measured (its mesh's colours",
        ),
        (  # x^N past 1: at x = 2, C0 + 2 (C1 - C0) is 1 1 1 1 (a review: C0 and C1 alone were read)
            lambda pdf: _axial(
                pikepdf.Dictionary(FunctionType=2, Domain=[0, 2], C0=[0] * 4, C1=[0.5] * 4, N=1), Domain=[0, 2]
            ),
            b"/Sh9 sh",
            "error: 1 × colour of up to 400 % ink",
        ),
        (  # a part's inputs as Encode gives them: [0 2] to one reaching 1 1 1 1 at 2
            lambda pdf: _axial(
                pikepdf.Dictionary(
                    FunctionType=3,
                    Domain=[0, 1],
                    Bounds=[],
                    Encode=[0, 2],
                    Functions=[pikepdf.Dictionary(FunctionType=2, Domain=[0, 2], C0=[0] * 4, C1=[0.5] * 4, N=1)],
                )
            ),
            b"/Sh9 sh",
            "error: 1 × colour of up to 400 % ink",
        ),
        (  # a Decode shorter than the Range raised IndexError, a traceback (a review)
            lambda pdf: _axial(_sampled(pdf, 255, 255, 255, 255, Decode=[0, 1])),
            b"/Sh9 sh",
            "warning: shading Sh9: its ink was not measured (its sampled function's Decode holds fewer",
        ),
    ],
    ids=["sh", "pattern", "320 %", "sampled", "stitching", "calculator", "mesh", "domain", "encode", "short decode"],
)
def test_a_shadings_colours_are_held_to_the_ink_limit(shading, content, found):
    """A prepress review (helper-174): a square of C100 M100 Y100 K100 as an axial shading in DeviceCMYK, drawn by
    `sh` or as a shading pattern, was fit for press: a shading's space was checked, never the colours its
    function gives. A function this check cannot evaluate (PostScript) or a mesh's vertices are said unmeasured.
    (A review of that fix: an exponential function was read at C0 and C1 alone, whatever its Domain, and a
    short Decode was a traceback.)"""

    def shaded(pdf):
        made = shading(pdf)
        resources = pdf.pages[0].Resources
        if b"sh" in content:
            resources.Shading = pikepdf.Dictionary(Sh9=made)
        else:
            resources.Pattern = pikepdf.Dictionary(P9=pikepdf.Dictionary(PatternType=2, Shading=made))

    data = _edited(_with_content(b"q 30 30 100 100 re W n " + content + b" Q"), shaded)
    lines = [f.line("x") for f in preflight(data).findings if f.check == "colour"]
    assert [line.startswith(f"x: page 1: {found}") for line in lines] == ([True] if found else []), lines


def test_a_colour_set_in_another_space_or_a_larger_size_ends_the_small_rich_black_text():
    """A review: text after a rich-black box, in RGB black, or a 20 pt headline after 8 pt text, was warned of
    as small text in rich black (the box's ink and the last size were kept)."""
    pdfmetrics.registerFont(TTFont("PreflightSans", str(NOTO_SANS)))

    def draw(canvas):
        canvas.setFillColorCMYK(0, 0, 0, 1)
        canvas.setFont("PreflightSans", 8)
        canvas.drawString(30, 150, "small type, K only")
        canvas.setFillColorCMYK(0.75, 0.68, 0.67, 0.9)
        canvas.rect(30, 60, 100, 40, fill=1, stroke=0)
        text = canvas.beginText(30, 120)
        text.setFont("PreflightSans", 20)
        text.textLine("Headline")
        canvas.drawText(text)
        canvas.setFillColorCMYK(0.75, 0.68, 0.67, 0.9)
        canvas.rect(30, 20, 10, 10, fill=1, stroke=0)
        canvas.setFillGray(0)
        canvas.setFont("PreflightSans", 8)
        canvas.drawString(30, 170, "small type in grey")

    assert [f.message for f in preflight(_canvas_pdf(draw)).findings if "dark colour" in f.message] == []


def test_a_print_edition_has_no_text_near_its_trim(print_pdf):
    assert [f for f in preflight(print_pdf).findings if f.check == "text"] == []


def test_missing_boxes_are_named_on_every_page(screen_pdf):
    with pikepdf.open(screen_pdf) as pdf:
        pages = len(pdf.pages)
    boxes = [f.page for f in preflight(screen_pdf).errors() if f.check == "boxes"]
    assert boxes == list(range(1, pages + 1))


def test_the_build_preflights_every_print_edition_it_writes(tmp_path, monkeypatch):
    import briefexport.preflight as module

    real = module.preflight
    seen = []

    def spy(source):
        seen.append(len(source))
        return real(source)

    monkeypatch.setattr(module, "preflight", spy)
    source = FIXTURES / "minimal" / "bulletin.md"
    result = CliRunner().invoke(main, ["build", str(source), "-f", "pdf", "--print", "-j", "1", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert seen == [(tmp_path / "bulletin.print.pdf").stat().st_size]


def test_a_print_edition_unfit_for_press_fails_its_source_and_writes_nothing(tmp_path, monkeypatch):
    import briefexport.preflight as module

    unfit = module.Report(1, None, None, [module.Finding("error", "pdfx", "no PDF/X identification", None)])
    monkeypatch.setattr(module, "preflight", lambda source: unfit)
    source = FIXTURES / "minimal" / "bulletin.md"
    args = ["build", str(source), "-f", "pdf,text", "--print", "-j", "1", "-o", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "bulletin.print.pdf would not be fit for press (1 preflight error(s)); the first: error: no PDF/X" in (
        result.output
    )
    assert not list(tmp_path.glob("bulletin*"))


def test_a_print_editions_preflight_warnings_are_shown_by_the_build_a_kind_a_line(tmp_path, monkeypatch):
    """A print shop's re-trial: a brand whose colour is rich black set 7 pt running heads in four inks on
    every page; preflight warned, and the build threw its warnings away. They are printed under the
    edition's line (the same warning on many pages as one line) and listed in --json."""
    import briefexport.preflight as module

    warned = module.Report(
        8,
        "PDF/X-4",
        "FOGRA39",
        [
            *(module.Finding("warning", "text", "2 × text under 12 pt in rich black", page) for page in (1, 2, 3)),
            module.Finding("warning", "lines", "1 × line thinner than 0.25 pt", 5),
            module.Finding("warning", "lines", "1 × line thinner than 0.25 pt", 7),
            module.Finding("warning", "pages", "7 pages, not a multiple of 4", None),
        ],
    )
    monkeypatch.setattr(module, "preflight", lambda source: warned)
    source = FIXTURES / "minimal" / "bulletin.md"
    args = ["build", str(source), "-f", "pdf", "--print", "-j", "1", "-o", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("built      ") and lines[0].split()[1].endswith("bulletin.print.pdf")
    assert lines[1:4] == [
        "           warning: pages 1-3: 6 × text under 12 pt in rich black",
        "           warning: pages 5, 7: 2 × line thinner than 0.25 pt",
        "           warning: 7 pages, not a multiple of 4",
    ]
    data = json.loads(CliRunner().invoke(main, [*args, "--force", "--json"]).output)
    assert data["editions"][0]["warnings"] == [line.split("warning: ", 1)[1] for line in lines[1:4]]


def test_pad_without_print_is_a_usage_error(tmp_path):
    source = FIXTURES / "minimal" / "bulletin.md"
    result = CliRunner().invoke(main, ["build", str(source), "-f", "pdf", "--pad", "4", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "--pad pads the print edition: add --print" in result.output


def test_pad_on_the_command_line_rounds_the_page_count_up(tmp_path):
    source = FIXTURES / "minimal" / "bulletin.md"
    args = ["build", str(source), "-f", "pdf", "--print", "--pad", "4", "-j", "1", "-o", str(tmp_path)]
    assert CliRunner().invoke(main, args).exit_code == 0
    with pikepdf.open(tmp_path / "bulletin.print.pdf") as pdf:
        assert len(pdf.pages) % 4 == 0


def _edited(data: bytes, edit, **save) -> bytes:
    """`data` opened with pikepdf, changed by `edit(pdf)`, saved again (with pikepdf's `save` options)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        edit(pdf)
        out = io.BytesIO()
        pdf.save(out, **save)
    return out.getvalue()


def test_document_information_that_the_xmp_contradicts_is_an_error(print_pdf):
    def retitle(pdf):
        pdf.docinfo["/Title"] = "Another title"

    [finding] = preflight(_edited(print_pdf.read_bytes(), retitle)).errors()
    assert finding.check == "metadata" and "XMP dc:title" in finding.message and "'Another title'" in finding.message


def test_trapped_that_the_xmp_contradicts_is_an_error(print_pdf):
    """The XMP said False, the document information True: preflight said fit (a print shop's trial)."""

    def trapped(pdf):
        pdf.docinfo["/Trapped"] = pikepdf.Name("/True")

    [finding] = preflight(_edited(print_pdf.read_bytes(), trapped)).errors()
    assert finding.message == "XMP pdf:Trapped 'False' differs from Trapped /True"


def test_pdfx_named_only_in_the_document_information_says_the_xmp_lacks_it(print_pdf):
    """It said "PDF/X-4 is identified in the XMP", the opposite of what was wrong."""

    def unnamed(pdf):
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            del meta["pdfxid:GTS_PDFXVersion"]

    [finding] = preflight(_edited(print_pdf.read_bytes(), unnamed)).errors()
    assert finding.message.startswith("PDF/X-4 is named in the document information only; it must be in the XMP")


def test_a_colour_of_more_ink_than_the_press_allows_is_an_error_on_its_page():
    """Only the build's own colours were held to 330 %: a 400 % fill in a file made elsewhere passed."""

    def heavy(canvas):
        canvas.setFillColorCMYK(1, 1, 1, 1)
        canvas.rect(30, 30, 20, 20, fill=1)
        canvas.setFillColorCMYK(0.8, 0.7, 0.7, 1)  # 320 %: within FOGRA39's 330
        canvas.rect(60, 60, 20, 20, fill=1)

    [finding] = [f for f in preflight(_canvas_pdf(heavy)).errors() if f.check == "colour"]
    assert finding.page == 1 and finding.message.startswith("1 × colour of up to 400 % ink, more than the 330 %")


def test_a_page_trimmed_to_another_size_is_an_error_and_a_narrow_bleed_a_warning(print_pdf):
    def trims(pdf):
        x0, y0, x1, y1 = (float(v) for v in pdf.pages[0].obj.TrimBox)
        pdf.pages[0].obj.TrimBox = pikepdf.Array([x0, y0, x1 - 20, y1])
        pdf.pages[0].obj.BleedBox = pikepdf.Array([x0, y0, x1 - 20, y1])  # no bleed at all

    report = preflight(_edited(print_pdf.read_bytes(), trims))
    [error] = report.errors()
    assert error.check == "boxes" and error.page == 2 and "page 1 to 202.9 × 297.0 mm" in error.message
    [narrow] = [f for f in report.findings if f.level == "warning" and f.check == "boxes"]
    assert narrow.page == 1 and narrow.message.startswith("a bleed of 0.0 mm; a shop asks for 3 mm")


def test_transparency_is_an_error_only_where_the_pdfx_level_forbids_it():
    def draw(canvas):
        canvas.setFillColorCMYK(0, 0, 0, 1, alpha=0.5)
        canvas.rect(30, 30, 20, 20, fill=1)

    def declare(version):
        def edit(pdf):
            pdf.docinfo["/GTS_PDFXVersion"] = version

        return edit

    data = _canvas_pdf(draw)
    x1a = [f for f in preflight(_edited(data, declare("PDF/X-1a:2001"))).errors() if f.check == "transparency"]
    assert [(f.page, f.message) for f in x1a] == [(1, "transparency, which PDF/X-1a:2001 forbids")]
    x4 = preflight(_edited(data, declare("PDF/X-4"))).errors()
    assert "transparency" not in [f.check for f in x4]


def test_an_annotation_that_would_print_inside_the_bleed_is_an_error(print_pdf):
    def annotate(pdf):
        note = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Square, F=4, Rect=[100, 100, 200, 200])
        pdf.pages[0].obj["/Annots"] = pdf.make_indirect(pikepdf.Array([note]))

    [finding] = preflight(_edited(print_pdf.read_bytes(), annotate)).errors()
    assert (finding.check, finding.page, finding.message) == (
        "annotations",
        1,
        "a printed Square annotation inside the bleed",
    )


def _appearing(rect, content: bytes, flags: int = 4, state: str | None = None):
    """An edit: page 1 given a Square annotation at `rect` with `flags` whose normal appearance draws `content`
    (with `state`, a dictionary of two states, /On drawing `content` and /Off nothing, AS naming `state`)."""

    def annotate(pdf):
        width, height = rect[2] - rect[0], rect[3] - rect[1]
        form = pdf.make_stream(
            content, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=[0, 0, width, height]
        )
        normal = form
        if state is not None:
            blank = pdf.make_stream(b"", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=[0, 0, 1, 1])
            normal = pikepdf.Dictionary(On=form, Off=blank)
        note = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Square, F=flags, Rect=rect, AP=pikepdf.Dictionary(N=normal)
        )
        if state is not None:
            note.AS = pikepdf.Name("/" + state)
        pdf.pages[0].obj["/Annots"] = pdf.make_indirect(pikepdf.Array([note]))

    return annotate


_RED = b"1 0 0 rg 0 0 10 5 re f"
_RGB_IN_APPEARANCE = (
    "1 × RGB colour (rg) in the appearance of a Square annotation; a print file takes CMYK, grey and spot colours only"
)


@pytest.mark.parametrize(
    "rect, state",
    [([1, 1, 11, 6], None), ([100, 100, 110, 105], None), ([100, 100, 110, 105], "On")],
    ids=["outside the bleed", "inside the bleed", "the state AS names"],
)
def test_rgb_in_a_printing_annotation_s_appearance_is_an_error(print_pdf, rect, state):
    """A prepress review (helper-174 f06): a Square annotation with the Print flag whose appearance paints
    `1 0 0 rg` was fit for press in the slug, though Ghostscript prints it red there, and inside the bleed
    refused only as a printed annotation: its appearance was never read."""
    report = preflight(_edited(print_pdf.read_bytes(), _appearing(rect, _RED, state=state)))
    assert (1, _RGB_IN_APPEARANCE) in [(f.page, f.message) for f in report.errors()]


@pytest.mark.parametrize(
    "flags, state", [(0, None), (4 | 2, None), (4, "Off")], ids=["no Print flag", "hidden", "another state shown"]
)
def test_an_appearance_that_does_not_print_is_not_read(print_pdf, flags, state):
    """What is not printed is not judged: an annotation without the Print flag (a link), a hidden one, the
    states of an appearance that AS does not name."""
    assert preflight(_edited(print_pdf.read_bytes(), _appearing([1, 1, 11, 6], _RED, flags, state))).fit


def test_a_printing_annotation_s_appearance_of_400_percent_ink_is_an_error(print_pdf):
    """An appearance is held to the ink limit as the page's content is (helper-174 f06)."""
    edit = _appearing([100, 100, 110, 105], b"1 1 1 1 k 0 0 10 5 re f")
    messages = [f.message for f in preflight(_edited(print_pdf.read_bytes(), edit)).errors()]
    assert "1 × colour of up to 400 % ink, more than the 330 % FOGRA39 print allows" in messages


def test_an_appearance_drawing_itself_is_said_unread_not_followed_for_ever(print_pdf):
    """An appearance is drawn under the limits of every form: one that draws itself is named, not a hang."""

    def itself(pdf):
        _appearing([100, 100, 110, 105], b"/Me Do")(pdf)
        form = pdf.pages[0].obj.Annots[0].AP.N
        form.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Me=form))

    messages = [f.message for f in preflight(_edited(print_pdf.read_bytes(), itself)).errors()]
    assert "form Me draws itself: the page cannot be checked whole" in messages


def test_an_rgb_inline_image_is_an_error_and_the_print_canvas_converts_it(aircenter):
    from briefexport.renderers.pdf.inks import Inks
    from briefexport.renderers.pdf.layout import LateForms, canvas_maker, timestamp
    from briefexport.renderers.pdf.press import print_canvas

    def draw(canvas):
        canvas.drawInlineImage(Image.new("RGB", (400, 400), (200, 30, 30)), 30, 30, 72, 72)

    messages = [f.message for f in preflight(_canvas_pdf(draw)).errors() if f.check == "colour"]
    assert messages == ["1 × RGB inline image; a print file takes CMYK, grey and spot colours only"]

    maker = print_canvas(canvas_maker(LateForms(), timestamp(dt.date(2024, 2, 29))), Inks(aircenter), 1, "x")
    out = io.BytesIO()
    canvas = maker(out, pagesize=(200, 200), invariant=1, trimBox=(20, 20, 180, 180), bleedBox=(10, 10, 190, 190))
    draw(canvas)
    canvas.save()
    assert [f.check for f in preflight(out.getvalue()).errors() if f.check == "colour"] == []


def _added(pdf, content: bytes) -> None:
    pdf.pages[0].contents_add(pdf.make_stream(content), prepend=False)


def _drawn(pdf, name: str, image: pikepdf.Stream, matrix: bytes) -> None:
    """`image` drawn on page 1 as `name`, through `matrix` (its size in points and place)."""
    pdf.pages[0].Resources.XObject[f"/{name}"] = image
    _added(pdf, b"q %s cm /%s Do Q" % (matrix, name.encode()))


def _cmyk_picture(image: pikepdf.Stream, width: int, height: int) -> pikepdf.Stream:
    """`image` made a CMYK picture of 8 bits a sample, `width` × `height` pixels."""
    image.Type, image.Subtype, image.Width, image.Height = pikepdf.Name.XObject, pikepdf.Name.Image, width, height
    image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceCMYK, 8
    return image


def _rgb_pattern(pdf):
    cell = pikepdf.Stream(pdf, b"1 0 0 rg 0 0 5 5 re f")
    cell.Type, cell.PatternType, cell.PaintType, cell.TilingType = pikepdf.Name.Pattern, 1, 1, 1
    cell.BBox, cell.XStep, cell.YStep, cell.Resources = [0, 0, 10, 10], 10, 10, pikepdf.Dictionary()
    pdf.pages[0].Resources["/Pattern"] = pikepdf.Dictionary(P0=cell)
    _added(pdf, b"q /Pattern cs /P0 scn 100 100 100 100 re f Q")


def _rgb_type3_glyph(pdf):
    glyph = pdf.make_stream(b"1000 0 d0 1 0 0 rg 0 0 750 750 re f")
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type3, FontBBox=[0, 0, 750, 750],
        FontMatrix=[0.001, 0, 0, 0.001, 0, 0], CharProcs=pikepdf.Dictionary(sq=glyph),
        Encoding=pikepdf.Dictionary(Type=pikepdf.Name.Encoding, Differences=[65, pikepdf.Name("/sq")]),
        FirstChar=65, LastChar=65, Widths=[1000], Resources=pikepdf.Dictionary(),
    )  # fmt: skip
    pdf.pages[0].Resources.Font[pikepdf.Name("/FT3")] = pdf.make_indirect(font)
    _added(pdf, b"q BT /FT3 20 Tf 100 500 Td (AAA) Tj ET Q")


def _coarse_inline_image(pdf):
    _added(pdf, b"q 100 0 0 100 100 100 cm BI /W 4 /H 4 /CS /CMYK /BPC 8 ID " + bytes([0, 255, 0, 0]) * 16 + b" EI Q")


def _coarse_image_in_a_pattern(pdf):
    image = pikepdf.Stream(pdf, bytes([0, 0, 0, 255]) * 100)
    image.Type, image.Subtype, image.ColorSpace = pikepdf.Name.XObject, pikepdf.Name.Image, pikepdf.Name.DeviceCMYK
    image.Width, image.Height, image.BitsPerComponent = 10, 10, 8
    _in_a_pattern(pdf, "Im0", image, 100, 200)


def _in_a_pattern(pdf, name: str, image, cell_size: int, area: int) -> None:
    """`image` drawn across the cell of tiling pattern P0, `cell_size` points a side, which fills a square of
    `area` points a side on the first page."""
    cell = pikepdf.Stream(pdf, f"q {cell_size} 0 0 {cell_size} 0 0 cm /{name} Do Q".encode())
    cell.Type, cell.PatternType, cell.PaintType, cell.TilingType = pikepdf.Name.Pattern, 1, 1, 1
    cell.BBox, cell.XStep, cell.YStep = [0, 0, cell_size, cell_size], cell_size, cell_size
    cell.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary({f"/{name}": image}))
    pdf.pages[0].Resources["/Pattern"] = pikepdf.Dictionary(P0=cell)
    _added(pdf, f"q /Pattern cs /P0 scn 100 100 {area} {area} re f Q".encode())


def _rgb_soft_mask(pdf):
    group = pikepdf.Stream(pdf, b"1 0 0 rg 0 0 600 800 re f")
    group.Type, group.Subtype, group.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 600, 800]
    group.Group = pikepdf.Dictionary(S=pikepdf.Name.Transparency, CS=pikepdf.Name.DeviceRGB)
    mask = pikepdf.Dictionary(S=pikepdf.Name.Luminosity, G=group)
    pdf.pages[0].Resources.ExtGState[pikepdf.Name("/GSx")] = pikepdf.Dictionary(SMask=mask)
    _added(pdf, b"q /GSx gs 0 0 0 1 k 100 300 100 100 re f Q")


@pytest.mark.parametrize(
    ("edit", "check", "message"),
    [
        (_rgb_pattern, "colour", "1 × RGB colour (rg) in pattern P0; a print file takes CMYK"),
        # a print shop's trial: a 7-ppi picture filling a pattern's cell was fit for press
        (_coarse_image_in_a_pattern, "images", "image Im0 in pattern P0 is 7 ppi at its placed size; print needs 300"),
        (_rgb_type3_glyph, "colour", "1 × RGB colour (rg) in glyph sq of Type 3 font FT3; a print file takes CMYK"),
        (_coarse_inline_image, "images", "image inline image is 3 ppi at its placed size; print needs 300"),
    ],
)
def test_rgb_in_a_pattern_or_a_type3_glyph_and_a_coarse_inline_image_are_errors(print_pdf, edit, check, message):
    """A print shop's trial: each of these printed (Ghostscript drew the red and the 3-ppi block), and
    preflight said fit for press."""
    finding, *others = preflight(_edited(print_pdf.read_bytes(), edit)).errors()  # others: pages sharing its fonts
    assert (finding.check, finding.page) == (check, 1) and finding.message.startswith(message), finding.message
    assert {f.message for f in others} <= {finding.message}


def test_a_soft_masks_rgb_group_and_colours_are_errors(print_pdf):
    """A print shop's trial: a soft mask's group in RGB, painting red, was fit for press."""
    found = [(f.check, f.page, f.message) for f in preflight(_edited(print_pdf.read_bytes(), _rgb_soft_mask)).errors()]
    rest = "; a print file takes CMYK, grey and spot colours only"
    assert found == [
        ("colour", 1, "1 × RGB colour (rg) in soft mask of graphics state GSx" + rest),
        ("colour", 1, "1 × RGB transparency group of soft mask of graphics state GSx" + rest),
    ]


def _declared(version):
    def edit(pdf):
        pdf.docinfo["/GTS_PDFXVersion"] = version
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["pdfxid:GTS_PDFXVersion"] = version

    return edit


def _lab_fill(pdf):
    pdf.pages[0].Resources["/ColorSpace"] = pikepdf.Dictionary(
        CS9=[pikepdf.Name.Lab, pikepdf.Dictionary(WhitePoint=[0.9505, 1, 1.089])]
    )
    _added(pdf, b"q /CS9 cs 50 0 0 sc 100 100 50 50 re f Q")


def _art_box(pdf):
    pdf.pages[0].obj.ArtBox = pdf.pages[0].obj.MediaBox


def _crop_box_inside_the_trim(pdf):
    x0, y0, x1, y1 = (float(v) for v in pdf.pages[0].obj.TrimBox)
    pdf.pages[0].obj.CropBox = [x0 + 20, y0 + 20, x1 - 20, y1 - 20]


@pytest.mark.parametrize(
    ("edits", "message"),
    [
        ((_declared("PDF/X-1a:2003"), _lab_fill), "colour in Lab, which PDF/X-1a:2003 forbids"),
        ((_declared("PDF/X-9"),), "GTS_PDFXVersion is 'PDF/X-9', not a PDF/X version"),
        ((_art_box,), "an ArtBox beside the TrimBox; PDF/X takes one or the other"),
        ((_crop_box_inside_the_trim,), "the CropBox cuts into the trim: the page is printed cut"),
    ],
)
def test_a_pdfx_claim_the_file_does_not_keep_is_an_error(print_pdf, edits, message):
    """A print shop's trial: each passed as "identified as …, fit for press"."""

    def edit(pdf):
        for change in edits:
            change(pdf)

    errors = preflight(_edited(print_pdf.read_bytes(), edit)).errors()
    assert [f.message for f in errors if f.message.startswith(message)], [f.message for f in errors]


def test_a_crop_box_at_the_trim_is_a_warning_that_the_bleed_is_lost(print_pdf):
    """A screen viewer's CropBox (the trim) is no error, but a RIP that uses it prints no bleed."""

    def crop_at_the_trim(pdf):
        pdf.pages[0].obj.CropBox = pdf.pages[0].obj.TrimBox

    report = preflight(_edited(print_pdf.read_bytes(), crop_at_the_trim))
    assert [f.line("x") for f in report.findings if f.check == "boxes"] == [
        "x: page 1: warning: the CropBox cuts into the bleed: a RIP that uses it loses it"
    ]
    assert report.fit


def test_a_file_with_no_document_id_is_an_error(print_pdf):
    """pikepdf writes an ID whatever is asked, so the trailer's is blanked in the bytes (offsets kept)."""
    data = print_pdf.read_bytes()
    found = re.search(rb"/ID\s*\[[^\]]*\]", data)
    assert found is not None
    blanked = data[: found.start()] + b" " * (found.end() - found.start()) + data[found.end() :]
    messages = [f.message for f in preflight(blanked).errors()]
    assert messages == ["no document ID (the trailer's ID), which every PDF/X file carries"]


def test_the_pdfx4_print_edition_s_links_pass_and_under_x1a_any_annotation_in_the_bleed_is_an_error(print_pdf):
    """Links carry no print flag: PDF/X-4 lets them be. PDF/X-1a and X-3 keep every annotation but printer's
    marks off the printed area."""

    def link(pdf):
        note = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[100, 100, 200, 120])
        pdf.pages[0].obj["/Annots"] = pdf.make_indirect(pikepdf.Array([note]))

    assert preflight(_edited(print_pdf.read_bytes(), link)).fit
    x1a = preflight(_edited(print_pdf.read_bytes(), lambda pdf: (link(pdf), _declared("PDF/X-1a:2001")(pdf))))
    assert "a Link annotation inside the bleed, which PDF/X-1a:2001 forbids" in [f.message for f in x1a.errors()]


def _self_naming_space(pdf):
    pdf.pages[0].Resources["/ColorSpace"] = pikepdf.Dictionary(
        CS0=[pikepdf.Name.Indexed, pikepdf.Name("/CS0"), 0, b"\0"]
    )
    _added(pdf, b"q /CS0 cs 0 sc 100 100 50 50 re f Q")


def _pattern_holding_itself(pdf):
    cell = pikepdf.Stream(pdf, b"/Pattern cs /P0 scn 0 0 5 5 re f")
    cell.Type, cell.PatternType, cell.PaintType, cell.TilingType = pikepdf.Name.Pattern, 1, 1, 1
    cell.BBox, cell.XStep, cell.YStep = [0, 0, 10, 10], 10, 10
    cell = pdf.make_indirect(cell)
    cell.Resources = pikepdf.Dictionary(Pattern=pikepdf.Dictionary(P0=cell))
    pdf.pages[0].Resources["/Pattern"] = pikepdf.Dictionary(P0=cell)
    _added(pdf, b"q /Pattern cs /P0 scn 100 100 100 100 re f Q")


@pytest.mark.parametrize("edit", [_self_naming_space, _pattern_holding_itself])
def test_a_file_whose_resources_hold_themselves_is_read_not_followed_for_ever(print_pdf, edit):
    """A review: a colour space naming itself, and a pattern whose resources hold it, raised RecursionError
    from the tool that reads files other tools made."""
    report = preflight(_edited(print_pdf.read_bytes(), lambda pdf: (_declared("PDF/X-1a:2001")(pdf), edit(pdf))))
    assert report.pages >= 1


def _form(pdf, content: bytes, **xobjects) -> pikepdf.Object:
    form = pikepdf.Stream(pdf, content)
    form.Type, form.Subtype, form.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 100, 100]
    form.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(**xobjects))
    return pdf.make_indirect(form)


def _form_drawing_itself(pdf):
    form = _form(pdf, b"/X0 Do")
    form.Resources.XObject.X0 = form
    pdf.pages[0].Resources.XObject.X0 = form
    _added(pdf, b"q /X0 Do Q")


def _forms_doubling(pdf):
    """24 forms, each drawing the next twice: 16 million draws of the last, in a file of 1 KB more."""
    form = _form(pdf, b"0 0 0 1 k 0 0 10 10 re f")
    for _ in range(24):
        form = _form(pdf, b"q /F Do Q q /F Do Q", F=form)
    pdf.pages[0].Resources.XObject.F = form
    _added(pdf, b"q /F Do Q")


def _forms_of_many_operators(pdf):
    """A review: a form drawn 999 times, drawing a form of 100 fills 100 times: 10 million operators in a
    file of 4 KB more, minutes under a bound of 100,000 draws."""
    fills = _form(pdf, b"0 0 0 1 k " + b"0 0 1 1 re f " * 100)
    repeat = _form(pdf, b"q /M Do Q " * 100, M=fills)
    pdf.pages[0].Resources.XObject.R = repeat
    _added(pdf, b"q /R Do Q " * 999)


def test_a_page_drawing_one_marker_form_twelve_thousand_times_is_checked_whole(print_pdf):
    """A review: a scatter plot of 12,000 markers, each a draw of one small form, was refused as forms drawn
    too often; only a walk without end is."""
    marker = None

    def scatter(pdf):
        nonlocal marker
        marker = _form(pdf, b"0 0 0 1 k 0 0 2 2 re f")
        pdf.pages[0].Resources.XObject.M = marker
        _added(pdf, b"".join(b"q 1 0 0 1 %d %d cm /M Do Q " % (100 + i % 100, 100 + i // 100) for i in range(12_000)))

    report = preflight(_edited(print_pdf.read_bytes(), scatter))
    assert not [f for f in report.findings if "cannot be checked whole" in f.message]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (_form_drawing_itself, "form X0 draws itself"),
        (_forms_doubling, "forms drawn holding more than 1,000,000 operators in all"),
        (_forms_of_many_operators, "forms drawn holding more than 1,000,000 operators in all"),
    ],
)
def test_forms_drawn_for_ever_or_without_end_are_an_error_not_followed(print_pdf, edit, message):
    """A trial: a form that draws itself raised RecursionError, and a chain of forms each drawing the next
    twice took twice as long for each form (24 of them: hours)."""
    start = time.process_time()
    report = preflight(_edited(print_pdf.read_bytes(), edit))
    assert time.process_time() - start < 60  # hours before, and minutes; seconds
    assert f"page 1: error: {message}: the page cannot be checked whole" in [f.line("")[2:] for f in report.findings]
    assert not report.fit


def test_a_cmyk_picture_too_large_to_decode_is_a_warning_that_its_ink_was_not_checked(print_pdf, monkeypatch):
    """A review: a solid 400 % picture of 41 megapixels passed without a word, past the pixels this check
    decodes (here 32, for a picture of 64)."""
    monkeypatch.setattr(preflight_module, "MAX_INKED_PIXELS", 32)

    def big_picture(pdf):
        image = _cmyk_picture(pikepdf.Stream(pdf, bytes([255, 255, 255, 255]) * 64), 8, 8)
        _drawn(pdf, "BIG", image, b"100 0 0 100 100 100")

    report = preflight(_edited(print_pdf.read_bytes(), big_picture))
    assert [finding.line("x") for finding in report.findings if "picture BIG" in finding.message] == [
        "x: page 1: warning: CMYK picture BIG: its ink was not checked (64 pixels, more than the 32 this check "
        "decodes); check it with the printer"
    ]


@pytest.mark.parametrize("in_a_pattern", [False, True])
def test_a_cmyk_picture_of_more_ink_than_the_press_allows_is_an_error_on_its_page(print_pdf, in_a_pattern):
    """A trial: a picture's samples are its colours, which no operator sets, and a solid 400 % picture
    passed; a review: in a tiling pattern's cell too."""

    def heavy_picture(pdf):
        image = _cmyk_picture(pikepdf.Stream(pdf, bytes([255, 255, 255, 255]) * 64), 8, 8)
        if not in_a_pattern:
            _drawn(pdf, "HOT", image, b"100 0 0 100 100 100")
            return
        _in_a_pattern(pdf, "HOT", image, 10, 100)

    report = preflight(_edited(print_pdf.read_bytes(), heavy_picture))
    lines = [finding.line("x") for finding in report.findings]
    where = " in pattern P0" if in_a_pattern else ""
    assert (
        f"x: page 1: error: picture HOT{where} lays down up to 400 % ink, more than the 330 % FOGRA39 print allows"
        in lines
    )


def _rgb_jpeg_2000(pdf):
    """An RGB JPEG 2000 picture with no ColorSpace: its colour space is in its own data, as PDF allows."""
    data = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(data, "JPEG2000")
    image = pikepdf.Stream(pdf, data.getvalue())
    image.Type, image.Subtype, image.Filter = pikepdf.Name.XObject, pikepdf.Name.Image, pikepdf.Name.JPXDecode
    image.Width, image.Height, image.BitsPerComponent = 40, 30, 8
    _drawn(pdf, "JPX0", image, b"4 0 0 3 100 100")


def _alternate_image(pdf):
    image = _cmyk_picture(pikepdf.Stream(pdf, bytes(4 * 64)), 8, 8)
    rgb = pikepdf.Stream(pdf, bytes(3 * 64))
    rgb.Type, rgb.Subtype, rgb.Width, rgb.Height = pikepdf.Name.XObject, pikepdf.Name.Image, 8, 8
    rgb.ColorSpace, rgb.BitsPerComponent = pikepdf.Name.DeviceRGB, 8
    image.Alternates = [pikepdf.Dictionary(Image=rgb, DefaultForPrinting=True)]
    _drawn(pdf, "IM9", image, b"1 0 0 1 100 100")


def _transfer_function(pdf):
    state = pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, TR=pikepdf.Name.Identity)
    resources = pdf.pages[0].Resources
    if "/ExtGState" not in resources:
        resources.ExtGState = pikepdf.Dictionary()
    resources.ExtGState.TRX = state
    _added(pdf, b"q /TRX gs 0 0 0 1 k 100 100 50 50 re f Q")


def _outlined_text_in_a_hairline(pdf):
    font = next(iter(pdf.pages[0].Resources.Font.keys()))  # one the page has
    _added(pdf, f"q 0 0 0 1 K 0.05 w BT 1 Tr {font} 24 Tf 100 100 Td (OUTLINE) Tj ET Q".encode())


def _script_on_opening(pdf):
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")


@pytest.mark.parametrize(
    ("edit", "line"),
    [
        (_rgb_jpeg_2000, "page 1: error: 1 × RGB image JPX0 (its colour space in its JPEG 2000 data)"),
        (_alternate_image, "page 1: error: alternate images of image IM9, which PDF/X forbids"),
        (_transfer_function, "page 1: error: a transfer function (TR) in graphics state TRX, which PDF/X forbids"),
        (_script_on_opening, "error: JavaScript run on opening (OpenAction), which PDF/X forbids"),
        (_outlined_text_in_a_hairline, "page 1: error: 1 × line thinner than 0.25 pt (the thinnest 0.05 pt)"),
    ],
)
def test_what_pdfx_forbids_in_a_file_another_tool_made_is_an_error(print_pdf, edit, line):
    """A print shop's trial: each of these passed as fit for press, the flagship's print edition with one
    change: an RGB JPEG 2000 picture, an image whose alternate (RGB) is the one to print, a transfer
    function, JavaScript that runs on opening, outlined text stroked at 0.05 pt."""
    report = preflight(_edited(print_pdf.read_bytes(), edit))
    assert any(finding.line("x").startswith(f"x: {line}") for finding in report.findings), report.findings
    assert not report.fit


def test_a_warning_of_small_type_in_several_inks_names_the_style_colour_that_prints_so(tmp_path):
    """An editor's trial: a brand extending aircenter with its own colour (#0E5A6B) got a warning on every
    print build naming the inks (C71 M2 Y11 K65), not the colour or what to give it."""
    for name in ("bulletin.md", "publisher.yaml"):
        (tmp_path / name).write_bytes((FIXTURES / "minimal" / name).read_bytes())
    (tmp_path / "teal.toml").write_text(
        'name = "teal"\nlabel = "Teal"\nextends = "aircenter"\n[colors]\nbrand = "#0E5A6B"\n'
    )
    args = ["build", str(tmp_path / "bulletin.md"), "-f", "pdf", "--print", "-s", str(tmp_path / "teal.toml")]
    result = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    warning = next(line for line in result.output.splitlines() if "several inks" in line)
    assert "; it is colors.brand #0E5A6B: give it the black plate alone, print.colors.brand = [0, 0, 0, " in warning


@pytest.mark.parametrize(("decode", "fit"), [(True, True), (False, False)])
def test_a_cmyk_jpegs_ink_is_read_as_pdf_reads_it_decode_array_and_all(print_pdf, decode, fit):
    """A review: Pillow reads a JPEG with an Adobe marker inverted, as Photoshop writes them, and preflight
    called Ghostscript's good pictures (stored as they print, no Decode) 400 % ink. The samples are read as
    stored, then through /Decode: a light picture stored inverted prints light with Decode [1 0 ...], as
    ReportLab writes it, and at 360 % without."""
    data = io.BytesIO()
    Image.new("CMYK", (16, 16), (26, 26, 26, 26)).save(data, "JPEG", quality=100)  # 10 % each, stored inverted

    def light_picture(pdf):
        image = _cmyk_picture(pikepdf.Stream(pdf, data.getvalue()), 16, 16)
        image.Filter = pikepdf.Name.DCTDecode
        if decode:
            image.Decode = [1, 0, 1, 0, 1, 0, 1, 0]
        _drawn(pdf, "JPG", image, b"1 0 0 1 100 100")

    inks = [f for f in preflight(_edited(print_pdf.read_bytes(), light_picture)).errors() if "picture JPG" in f.message]
    assert (inks == []) == fit, inks


def _content_of_page_1(pdf, content: bytes) -> None:
    pdf.pages[0].obj.Contents = pdf.make_stream(content)


def _a_form_of_five_numbers(pdf):
    form = _form(pdf, b"0 0 0 1 k 0 0 10 10 re f")
    form.Matrix = [1, 0, 0, 1, 0]
    pdf.pages[0].Resources.XObject.F5 = form
    _added(pdf, b"q /F5 Do Q")


def _an_alpha_named(pdf):
    resources = pdf.pages[0].Resources
    if "/ExtGState" not in resources:
        resources.ExtGState = pikepdf.Dictionary()
    resources.ExtGState.BAD = pikepdf.Dictionary(CA=pikepdf.Name.Foo)
    _added(pdf, b"q /BAD gs Q")


@pytest.mark.parametrize(
    ("edit", "line"),
    [
        (
            lambda pdf: setattr(pdf.pages[0].obj, "TrimBox", [0, 0, 100]),
            "page 1: error: the TrimBox is [0 0 100], not 4 numbers",
        ),
        (
            lambda pdf: setattr(pdf.pages[0].obj, "TrimBox", [0, 0, pikepdf.Name.Foo, 100]),
            "page 1: error: the TrimBox is /Foo, not a number",
        ),
        (
            lambda pdf: setattr(pdf.Root, "OutputIntents", pikepdf.Dictionary(S=pikepdf.Name.GTS_PDFX)),
            "error: OutputIntents is a dictionary, not an array",
        ),
        (
            lambda pdf: setattr(pdf.Root.OutputIntents[0].DestOutputProfile, "N", pikepdf.Name.X),
            "error: output intent FOGRA39's profile is not CMYK (N is /X)",
        ),
        (_an_alpha_named, "page 1: error: CA of graphics state BAD is /Foo, not a number"),
        (_a_form_of_five_numbers, "page 1: error: the Matrix of form F5 is [1 0 0 1 0], not 6 numbers"),
        (
            lambda pdf: _content_of_page_1(pdf, b"/Foo w 0 0 m 10 10 l S"),
            "page 1: error: operator w cannot take [/Foo]",
        ),
    ],
    ids=[
        "box of 3",
        "box with a name",
        "intents a dictionary",
        "profile of N /X",
        "CA a name",
        "matrix of 5",
        "w /Foo",
    ],
)
def test_a_malformed_value_is_an_error_naming_it_never_a_traceback(print_pdf, edit, line):
    """A print shop's trial: each of these stopped the command with Python's traceback (exit 1). What cannot be
    read is an error saying what is wrong, where: the page it is on cannot be checked whole."""
    path = print_pdf.parent / "malformed.pdf"
    path.write_bytes(_edited(print_pdf.read_bytes(), edit))
    result = CliRunner().invoke(main, ["preflight", str(path)])
    assert result.exit_code == 2, result.output
    assert any(out.startswith(f"{path}: {line}") for out in result.output.splitlines()), result.output


def _damaged(data: bytes, number: int, start: int, stop: int, fill: bytes, header: bool = False) -> bytes:
    """`data` with bytes `start` to `stop` of object `number`'s stream data (or of its header, "N 0 obj...")
    overwritten by `fill`, the file's length kept: its cross-reference table still points where it did."""
    data = bytearray(data)
    at = re.search(rb"\n%d 0 obj" % number, data).start() + 1
    at = at if header else data.find(b"stream", at) + 7
    data[at + start : at + stop] = fill * (stop - start)
    return bytes(data)


def _numbers_of_page_1(print_pdf) -> tuple[bytes, int, int]:
    """The print edition, the object number of page 1's content (compressed, as ReportLab writes it) and of
    the program of the first font it sets text in."""
    with pikepdf.open(print_pdf) as pdf:
        contents = pdf.pages[0].obj.Contents
        content = (contents if isinstance(contents, pikepdf.Stream) else contents[0]).objgen[0]
        font = next(iter(pdf.pages[0].Resources.Font.values()))
        font = font.DescendantFonts[0] if "/DescendantFonts" in font else font
        program = font.FontDescriptor.FontFile2.objgen[0]
    return print_pdf.read_bytes(), content, program


def test_a_damaged_file_is_unfit_where_it_was_said_fit(print_pdf):
    """A print shop's trial: a page's content object whose header was overwritten (qpdf finds it no more: the
    page prints blank), a font program whose data no longer decodes, a file cut short to 80 %, were fit for
    press. What qpdf repaired on reading it makes a file damaged, and a font that cannot be read an error."""
    data, content, program = _numbers_of_page_1(print_pdf)
    headless = preflight(_damaged(data, content, 0, 10, b"X", header=True))
    assert [f.message for f in headless.errors()] == [
        "the file is damaged: 4 repair(s) on reading it, the first: expected n n obj"
    ]
    undecoded = preflight(_damaged(data, content, 50, 250, b"A"))
    said = [f.line("x") for f in undecoded.errors()]
    assert said[0].startswith("x: page 1: error: its content cannot be read (stream inflate: "), said
    assert said[0].endswith("): the page cannot be checked whole")
    assert said[1].startswith("x: error: the file is damaged: 1 repair(s) on reading it, the first: error decoding")
    font = preflight(_damaged(data, program, 100, 400, b"B"))
    assert any(
        f.check == "fonts" and "embedded program is damaged: its data cannot be decoded" in f.message
        for f in font.errors()
    ), font.errors()
    cut = preflight(data[: data.rindex(b"xref")])  # a download cut short: its cross-references and trailer lost
    assert any(f.message.startswith("the file is damaged: ") for f in cut.errors())


def _form_of_its_own(pdf, inherits: bool) -> None:
    """A form drawing in the page's colour space CS0, with resources of its own or none (it takes its page's)."""
    tint = pdf.make_stream(b"{dup dup dup}", FunctionType=4, Domain=[0, 1], Range=[0, 1, 0, 1, 0, 1, 0, 1])
    spot = [pikepdf.Name.Separation, pikepdf.Name("/Spot 1"), pikepdf.Name.DeviceCMYK, tint]
    pdf.pages[0].Resources.ColorSpace.CS0 = spot
    form = _form(pdf, b"/CS0 cs 1 sc 0 0 10 10 re f")
    if inherits:
        del form.Resources
    pdf.pages[0].Resources.XObject.OWN = form
    _added(pdf, b"q 1 0 0 1 100 100 cm /OWN Do Q")


@pytest.mark.parametrize(
    ("edit", "undefined"),
    [
        (lambda pdf: _added(pdf, b"q 0 0 0 1 k BT /F99 12 Tf 100 400 Td (Missing) Tj ET Q"), ["font F99"]),
        (lambda pdf: _added(pdf, b"q /X99 Do Q"), ["XObject X99"]),
        (lambda pdf: _added(pdf, b"q /GS99 gs Q"), ["graphics state GS99"]),
        (lambda pdf: _added(pdf, b"q /CS99 cs 1 sc 100 100 10 10 re f Q"), ["colour space CS99"]),
        (lambda pdf: _form_of_its_own(pdf, inherits=False), ["colour space CS0"]),
        (lambda pdf: _form_of_its_own(pdf, inherits=True), []),
        (lambda pdf: setattr(pdf.pages[0].obj, "Resources", pikepdf.Array([1])), None),
    ],
    ids=["font", "xobject", "extgstate", "colour space", "form of its own", "form of none", "not a dictionary"],
)
def test_a_resource_used_but_not_defined_where_it_is_used_is_an_error(print_pdf, edit, undefined):
    """A print shop's trial: text set in /F99, which no resource defines, passed (a viewer drops it), and so did
    a page whose Resources was not a dictionary (its fonts and pictures gone). A form with resources of its
    own takes none from its page; one with none, its page's."""
    report = preflight(_edited(print_pdf.read_bytes(), edit))
    found = sorted(f.message.partition(" is used but")[0] for f in report.errors() if f.check == "resources")
    if undefined is None:  # qpdf makes it an empty dictionary: everything the page draws is undefined
        assert len(found) >= 3 and any(f.message.startswith("the file is damaged") for f in report.errors())
        return
    assert found == undefined
    assert report.fit == (not undefined), report.errors()


def _annotation(pdf, **entries) -> pikepdf.Object:
    note = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Rect=[0, 0, 1, 1], **entries))
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([note]))
    return note


def _js(code: str) -> pikepdf.Dictionary:
    return pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=code)


def _script_in_a_form_field(pdf):
    field = _annotation(pdf, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx, T="f", AA=pikepdf.Dictionary(PV=_js("3")))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[field])


@pytest.mark.parametrize(
    ("edit", "found"),
    [
        (
            lambda pdf: _annotation(pdf, Subtype=pikepdf.Name.Link, A=_js("app.alert(4)")),
            ["JavaScript in an annotation on page 1"],
        ),
        (
            lambda pdf: _annotation(pdf, Subtype=pikepdf.Name.Link, AA=pikepdf.Dictionary(PO=_js("2"))),
            [
                "JavaScript in an annotation on page 1",
                "actions the viewer runs by itself (AA) in an annotation on page 1",
            ],
        ),
        (
            _script_in_a_form_field,
            [
                "JavaScript in an annotation on page 1",
                "actions the viewer runs by itself (AA) in an annotation on page 1",
            ],
        ),
        (
            lambda pdf: setattr(
                pdf.Root,
                "OpenAction",
                pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=[pdf.pages[0].obj, pikepdf.Name.Fit], Next=_js("1")),
            ),
            ["JavaScript run on opening (OpenAction)"],
        ),
        (
            lambda pdf: setattr(pdf.Root, "OpenAction", pikepdf.Dictionary(S=pikepdf.Name.Launch, F="calc.exe")),
            ["an action that launches a program (Launch) run on opening (OpenAction)"],
        ),
        (
            lambda pdf: setattr(pdf.docinfo, "Private", pdf.make_indirect(_js("in no place a viewer looks"))),
            ["JavaScript in object"],
        ),
    ],
    ids=["link", "annotation AA", "form field", "OpenAction's Next", "Launch", "anywhere"],
)
def test_javascript_and_actions_a_viewer_runs_are_errors_wherever_they_are(print_pdf, edit, found):
    """A print shop's trial: JavaScript was looked for in four places, and a link's, a form field's, an
    annotation's AA and an OpenAction's Next passed, as did an OpenAction launching a program."""
    report = preflight(_edited(print_pdf.read_bytes(), edit))
    said = [f.message.removesuffix(", which PDF/X forbids") for f in report.errors() if f.check == "pdfx"]
    assert len(said) == len(found) and all(s.startswith(f) for s, f in zip(sorted(said), sorted(found))), said
    assert not report.fit


def test_a_number_stored_as_an_object_of_its_own_is_read_as_any_other():
    """A review: Ghostscript, cairo and pdfTeX store lengths as objects of their own ("/Length 5 0 R"), and
    walking every object for actions met a Python int: a traceback for most files of other tools."""
    body = b"0 0 m 10 10 l S"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /TrimBox [10 10 190 190] /BleedBox [0 0 200 200] "
        b"/Contents 4 0 R /Resources << >> >>",
        b"<< /Length 5 0 R >>\nstream\n" + body + b"\nendstream",
        str(len(body)).encode(),
    ]
    data, offsets = bytearray(b"%PDF-1.6\n"), []
    for number, text in enumerate(objects, 1):
        offsets.append(len(data))
        data += b"%d 0 obj\n%s\nendobj\n" % (number, text)
    start = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start)
    report = preflight(bytes(data))
    assert report.pages == 1 and not report.fit  # no PDF/X identification, no output intent: told, not raised


def test_a_page_of_more_operators_than_are_followed_is_an_error_not_a_long_wait(print_pdf, monkeypatch):
    """A print shop's trial: a page of 1,000,000 strokes (3 million operators, 0.35 MB) took 17 s and 1.5 GB,
    forms being limited and a page's own content not: it is counted before it is parsed (here 1,000)."""
    monkeypatch.setattr(preflight_module, "MAX_FORM_OPERATORS", 1_000)
    report = preflight(_edited(print_pdf.read_bytes(), lambda pdf: _added(pdf, b"1 1 m 2 2 l S\n" * 400)))
    assert (
        "page 1: error: its content holds over 1,000 operators, more than this check follows (check it with the "
        "printer's RIP): the page cannot be checked whole"
    ) in [f.line("x")[3:] for f in report.findings]
    assert preflight(print_pdf).fit  # its own pages hold fewer


def test_a_pages_user_unit_scales_its_sizes_and_its_pictures_resolution(print_pdf):
    """A print shop's trial: UserUnit 2 prints every page twice the size, each picture at half its resolution
    (346 ppi at 173): it passed. Sizes, widths and resolutions are judged in points, through it."""

    def picture(pdf):
        image = _cmyk_picture(pikepdf.Stream(pdf, bytes(4 * 100 * 100)), 100, 100)
        _drawn(pdf, "PIC", image, b"20 0 0 20 100 100")  # 100 pixels over 20 pt: 360 ppi

    assert preflight(_edited(print_pdf.read_bytes(), picture)).fit

    def doubled(pdf):
        picture(pdf)
        for page in pdf.pages:
            page.obj.UserUnit = 2

    report = preflight(_edited(print_pdf.read_bytes(), doubled))
    assert [f.message for f in report.errors()] == ["image PIC is 180 ppi at its placed size; print needs 300"]
    narrow = preflight(_edited(print_pdf.read_bytes(), lambda pdf: setattr(pdf.pages[0].obj, "UserUnit", 0.5)))
    assert any("a bleed of 1.5 mm" in f.message for f in narrow.findings), narrow.findings


def _flate(data: bytes, times: int = 1) -> bytes:
    for _ in range(times):
        data = zlib.compress(data, 9)
    return data


_ENCODERS = {
    "FlateDecode": _flate,
    "ASCIIHexDecode": lambda data: binascii.hexlify(data) + b">",
    "ASCII85Decode": lambda data: base64.a85encode(data) + b"~>",
    # runs of 128 alike: 129 says "the next byte 128 times" (PDF 7.4.5)
    "RunLengthDecode": lambda data: b"".join(bytes([129, data[i]]) for i in range(0, len(data), 128)) + b"\x80",
}


def _bomb(pdf, data: bytes, filters: tuple[str, ...] = ("FlateDecode",)) -> pikepdf.Stream:
    """A stream of `data` encoded so that `filters` decode it, in their order."""
    for name in reversed(filters):
        data = _ENCODERS[name](data)
    stream = pikepdf.Stream(pdf, data)
    stream.Filter = pikepdf.Array([pikepdf.Name("/" + name) for name in filters])
    return stream


@pytest.mark.parametrize(
    "filters",
    [
        ("FlateDecode",),
        ("FlateDecode", "FlateDecode"),
        ("ASCIIHexDecode", "FlateDecode"),
        ("ASCII85Decode", "FlateDecode"),
        ("RunLengthDecode",),
    ],
)
def test_a_page_whose_content_decodes_past_what_is_read_is_an_error_not_memory_spent(print_pdf, monkeypatch, filters):
    """A trial: 400 KB of Flate on a page decoded to 400 MB of spaces (825 MB held, 10 s), and passed. A stream
    decoding to more than MAX_DECODED (here 10 KB more than the page's own content) is counted a piece at a
    time, not read: through every filter text is written with (a review: an ASCII filter before Flate hid
    300 MB)."""
    with pikepdf.open(print_pdf) as pdf:
        own = len(pdf.pages[0].obj.Contents.read_bytes())
    monkeypatch.setattr(preflight_module, "MAX_DECODED", own + 10_000)

    def bombed(pdf):
        pdf.pages[0].contents_add(_bomb(pdf, b" " * 20_480, filters), prepend=False)

    # saved as encoded: else qpdf decodes the ASCII filters, and compresses the stream with Flate alone
    report = preflight(_edited(print_pdf.read_bytes(), bombed, compress_streams=False))
    assert (
        "page 1: error: its content decodes to more than 0 MB, more than this check reads (check it with the "
        "printer's RIP): the page cannot be checked whole"
    ) in [f.line("x")[3:] for f in report.findings]
    unbombed = preflight(print_pdf).findings  # its own content is read
    assert not [f for f in unbombed if f.page == 1 and "content decodes" in f.message]


@pytest.mark.parametrize(
    ("filters", "data"),
    [
        # armoured Flate with a bad character after it: qpdf inflates what comes before the character
        (["ASCIIHexDecode", "FlateDecode"], binascii.hexlify(_flate(b" " * 20_480)) + b"G>"),
        (["ASCII85Decode", "FlateDecode"], base64.a85encode(_flate(b" " * 20_480)) + b"\x7f~>"),
        # ASCII85's "z" is four zero bytes: counted before they are decoded (10 MB of them took 962 MB)
        (["ASCII85Decode"], b"z" * 5_120 + b"~>"),
    ],
)
def test_what_a_stream_decodes_to_is_counted_up_to_damage_and_before_it_is_decoded(
    print_pdf, monkeypatch, filters, data
):
    """A review of the count through ASCII filters: a bad character after an armoured bomb left it counted
    undecoded, and ASCII85 zeros were decoded whole whatever the bound."""
    with pikepdf.open(print_pdf) as pdf:
        own = len(pdf.pages[0].obj.Contents.read_bytes())
    monkeypatch.setattr(preflight_module, "MAX_DECODED", own + 10_000)

    def bombed(pdf):
        stream = pikepdf.Stream(pdf, data)
        stream.Filter = pikepdf.Array([pikepdf.Name("/" + name) for name in filters])
        pdf.pages[0].contents_add(stream, prepend=False)

    decoded: list[bytes] = []  # what the count decodes of ASCII85 itself (qpdf decodes it in its own code)
    a85decode = base64.a85decode
    monkeypatch.setattr(base64, "a85decode", lambda text, **options: decoded.append(a85decode(text)) or decoded[-1])
    report = preflight(_edited(print_pdf.read_bytes(), bombed, compress_streams=False))
    assert any(f.page == 1 and "content decodes to more than" in f.message for f in report.findings), report
    assert sum(map(len, decoded)) <= own + 10_000  # never more than the bound, zeros included


def test_a_picture_whose_data_decodes_past_its_pixels_is_not_decoded(print_pdf):
    """A 10-pixel picture of 2 MB of Flate zeros (2 KB in the file) was decoded whole before Pillow read the 40
    bytes it needs: a picture's data is read only when it decodes to no more than 16-bit CMYK pixels and 1 MB."""

    def bombed(pdf):
        image = _cmyk_picture(_bomb(pdf, bytes(4 * 10 + 2**21)), 10, 1)
        _drawn(pdf, "BOMB", image, b"1 0 0 1 100 100")

    report = preflight(_edited(print_pdf.read_bytes(), bombed))
    assert [finding.line("x") for finding in report.findings if "picture BOMB" in finding.message] == [
        "x: page 1: warning: CMYK picture BOMB: its ink was not checked (its FlateDecode data decodes to far more "
        "than its 10 pixels need); check it with the printer"
    ]


def test_a_font_program_or_xmp_that_decodes_past_what_is_read_is_an_error(print_pdf, monkeypatch):
    monkeypatch.setattr(preflight_module, "MAX_DECODED", 2**20)
    data, _, program = _numbers_of_page_1(print_pdf)

    def bombed(pdf):
        pdf.get_object(program, 0).write(_flate(bytes(2**21)), filter=pikepdf.Name.FlateDecode)
        pdf.Root.Metadata.write(_flate(b" " * 2**21), filter=pikepdf.Name.FlateDecode)

    # fix_metadata_version: else pikepdf writes the XMP anew
    messages = [finding.message for finding in preflight(_edited(data, bombed, fix_metadata_version=False)).errors()]
    assert "the XMP metadata decodes to more than 1 MB" in messages
    # what the XMP would be compared with is left unjudged (a review: nine errors of an XMP never read)
    assert not [m for m in messages if m.startswith("XMP ") or "in the document information only" in m], messages
    assert any("its data decodes to more than 1 MB" in message for message in messages), messages


def test_a_pdf_of_no_pages_is_unfit(print_pdf):
    """A prepress review (helper-174): a PDF/X-4 file whose pages were all deleted was fit for press, exit 0."""

    def emptied(pdf):
        while pdf.pages:
            del pdf.pages[0]

    report = preflight(_edited(print_pdf.read_bytes(), emptied))
    assert [(f.check, f.message) for f in report.errors()] == [
        ("pages", "the PDF has no pages: there is nothing to print")
    ]


def test_a_named_pipe_is_refused_in_one_line_not_read(tmp_path):
    """A prepress review (helper-174): preflight of a named pipe waited for ever for its bytes. (The pipe here
    holds "hello" and its writer leaves after 2 s, so that a check that reads it ends: it said "not a PDF: it
    starts with "hello"".)"""
    pipe = tmp_path / "x.pdf"
    os.mkfifo(pipe)
    writer = os.open(pipe, os.O_RDWR)  # a reader and a writer: opening it does not block
    os.write(writer, b"hello")
    leaves = threading.Timer(2, os.close, [writer])
    leaves.start()
    result = CliRunner().invoke(main, ["preflight", str(pipe)])
    leaves.join()
    assert result.exit_code == 2
    assert result.output == f"briefexport: {pipe}: a named pipe, not a regular file: preflight reads PDF files only\n"


def test_the_verdict_counts_the_error_lines_shown(print_pdf):
    """A prepress review (helper-174): 20,000 pages without boxes showed 3 lines and ended "not fit for press:
    20002 error(s)", counting each page's finding that one line had gathered."""

    def unboxed(pdf):
        for page in pdf.pages:
            del page.obj["/TrimBox"], page.obj["/BleedBox"]

    result = CliRunner().invoke(main, ["preflight", str(_written(print_pdf, unboxed))])
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert errors and "pages 1-2: error: no TrimBox and BleedBox" in errors[0]
    assert result.output.splitlines()[-1].endswith(f"not fit for press: {len(errors)} error(s)")


def _written(print_pdf, edit) -> Path:
    """`print_pdf` changed by `edit(pdf)`, written beside it under the edit's name."""
    path = print_pdf.with_name(f"{edit.__name__}.pdf")
    path.write_bytes(_edited(print_pdf.read_bytes(), edit))
    return path


def test_xmp_that_cannot_be_read_is_one_error_and_no_library_log(print_pdf, caplog):
    """A prepress review (helper-174): XMP that is XML but not XMP printed pikepdf's traceback on stderr, then
    nine errors of "XMP dc:title None differs…", what pikepdf's empty XMP in its place said."""

    def unreadable(pdf):
        pdf.Root.Metadata = pdf.make_stream(b"<x:xmpmeta><<<not xml", Type=pikepdf.Name.Metadata)

    report = preflight(_edited(print_pdf.read_bytes(), unreadable, fix_metadata_version=False))
    [finding] = report.errors()
    assert finding.check == "metadata" and finding.message.startswith("the XMP metadata cannot be read (")
    assert [record.getMessage() for record in caplog.records] == []


def test_a_preflight_leaves_other_threads_logs_and_the_levels_a_service_sets(print_pdf, caplog):
    """A review of the silencing: it set the libraries' loggers' levels while a preflight ran, so another
    thread's fontTools warnings were lost (70 of 200 reached the handler) and a level a service set meanwhile
    was undone when the preflight ended. Only the preflight's own thread is kept quiet."""
    stop, sent = threading.Event(), []

    def service():
        logger = logging.getLogger("fontTools.ttLib.tables._h_e_a_d")  # a module preflight keeps quiet
        while not stop.wait(0.002):
            logger.warning("service %d", len(sent))
            sent.append(1)

    pikepdf_logger = logging.getLogger("pikepdf")
    level = pikepdf_logger.level
    worker = threading.Thread(target=service)
    worker.start()
    try:
        pikepdf_logger.setLevel(logging.DEBUG)  # as a service may, while preflights run
        for _ in range(2):
            preflight(print_pdf.read_bytes())
        assert pikepdf_logger.level == logging.DEBUG
    finally:
        stop.set()
        worker.join()
        pikepdf_logger.setLevel(level)
    assert len([r for r in caplog.records if r.getMessage().startswith("service")]) == len(sent) > 0


def test_fonttools_warnings_of_a_font_program_reach_no_log_and_the_levels_are_restored(print_pdf, caplog):
    """A prepress review (helper-174): a TrueType subset dated 1904, as LibreOffice writes them, printed
    fontTools' "'created' timestamp seems very low" on stderr for each font. The library runs in services:
    the loggers are left as they were."""

    def undated(pdf):
        for font in pdf.pages[0].Resources.Font.values():
            program = font.FontDescriptor.FontFile2
            tt = FontToolsFont(io.BytesIO(program.read_bytes()))
            tt["head"].created = tt["head"].modified = 0
            out = io.BytesIO()
            tt.save(out)
            program.write(out.getvalue())

    levels = {name: logging.getLogger(name).level for name in ("pikepdf", "fontTools")}
    assert preflight(_edited(print_pdf.read_bytes(), undated)).fit
    assert [record.getMessage() for record in caplog.records] == []
    assert {name: logging.getLogger(name).level for name in levels} == levels
