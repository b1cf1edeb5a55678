"""Pictures (figures): read from a source, checked by content, and set natively by every edition.

The specimen tests/fixtures/figures_pictures/bulletin.md uses every form: a
picture on a line of its own (its title the caption), ::: figure with caption
and credit, ::: figure {width=full}, one picture used twice, a picture stored
sideways with an EXIF orientation, greyscale and CMYK JPEGs and a PNG with
transparency. Each edition is read back by a reader of its own: pdfimages and
pdftotext (poppler) for the PDF, python-docx and pandoc for the Word file, the
EPUB's own XHTML and package plus EPUBCheck (DAISY Ace runs on the specimen
in test_epub_accessibility, which takes every fixture), and the text edition
itself.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import json
import math
import os
import re
import shutil
import subprocess
import unicodedata
import zipfile
import zlib
from pathlib import Path

import docx
import jsonschema
import pikepdf
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from pikepdf import PdfImage
from PIL import Image, ImageDraw
from reportlab import rl_config

import briefexport
from briefexport.cli import main
from briefexport.errors import RenderError, SchemaError, SourceError
from briefexport.model import Figure, Run
from briefexport.pictures import _prepared, _resampled, finest, prepared, resampled, within
from briefexport.preflight import MIN_PPI, preflight
from briefexport.registry import registry
from briefexport.renderers.pdf.figures import PRINT_PPI
from briefexport.renderers.pdf.flowables import SHRINK
from briefexport.renderers.pdf.layout import Geometry
from briefexport.serialize import from_dict, json_schema, to_dict
from briefexport.sources import load
from briefexport.styles import load_style

from . import pdflayout
from .checkers import check_edition, pandoc_json, pandoc_nodes
from .conftest import STYLES, require_tool
from .strategies import PICTURES

SPECIMEN = PICTURES / "bulletin.md"
FRONT = """---
title: Pictures
issue: March 2024
date: 2024-03-31
style: plain
publisher: publisher.yaml
---

"""
XHTML = "{http://www.w3.org/1999/xhtml}"
WP_DESCR = ".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


@pytest.fixture(scope="module")
def specimen():
    return briefexport.load(SPECIMEN)


@pytest.fixture(scope="module")
def editions(specimen, tmp_path_factory):
    """The specimen in every format, written to files: {format: path}."""
    folder = tmp_path_factory.mktemp("editions")
    style = load_style(specimen.metadata.style, STYLES)
    out = {}
    for fmt in ("pdf", "docx", "epub", "text"):
        renderer = registry.get(fmt)
        out[fmt] = folder / f"specimen{renderer.suffix}"
        out[fmt].write_bytes(renderer().render(specimen, style))
    return out


def source(tmp_path: Path, body: str, pictures: tuple[str, ...] = ("map.png", "photo.jpg")) -> Path:
    for name in pictures:
        shutil.copy(PICTURES / name, tmp_path / name)
    shutil.copy(PICTURES / "publisher.yaml", tmp_path / "publisher.yaml")
    path = tmp_path / "b.md"
    path.write_text(FRONT + body, encoding="utf-8")
    return path


# -- the source ------------------------------------------------------------------------------------


def test_a_picture_on_a_line_of_its_own_is_a_figure_its_title_the_caption(tmp_path):
    inputs: dict[Path, str | None] = {}
    bulletin = load(source(tmp_path, '# S\n\n![A map of the route](map.png "The route")\n'), inputs)
    assert bulletin.sections[0].blocks == (
        Figure(path=str((tmp_path / "map.png").resolve()), alt="A map of the route", caption=(Run("The route"),)),
    )
    assert (tmp_path / "map.png").resolve() in inputs  # a changed picture rebuilds the editions


def test_alt_text_is_what_a_reader_hears_its_markup_read_and_its_entities_decoded(tmp_path):
    """The alt text kept its Markdown as typed: a screen reader read out "AT&amp;T &copy; *rising*"."""
    body = "# S\n\n![Revenue of AT&amp;T &copy; *rising* **fast**, `Q1`](map.png)\n"
    (figure,) = load(source(tmp_path, body)).figures()
    assert figure.alt == "Revenue of AT&T © rising fast, Q1"  # raw HTML is refused (test_sources)


def test_a_figure_container_holds_picture_caption_credit_and_may_span_the_page(tmp_path):
    body = (
        "# S\n\n::: figure {width=full}\n![A harbour at dawn](photo.jpg)\n\n"
        "The harbour at *dawn*.\n\nCredit: A. Photographer\n:::\n\n"
        "::: figure\n![The map again](map.png)\n\nThe route.\n:::\n\n![The map, a third time](map.png)\n"
    )
    inputs: dict[Path, str | None] = {}
    blocks = load(source(tmp_path, body), inputs).sections[0].blocks
    assert blocks[0] == Figure(
        path=str((tmp_path / "photo.jpg").resolve()),
        alt="A harbour at dawn",
        caption=(Run("The harbour at "), Run("dawn", emphasis=True), Run(".")),
        credit=(Run("A. Photographer"),),
        width="full",
    )
    assert (blocks[1].width, blocks[1].caption, blocks[1].credit) == ("column", (Run("The route."),), ())
    assert blocks[2].caption == ()
    # each picture counted once among the inputs, however often it is used
    assert sorted(p.name for p in inputs if p.suffix != ".md" and p.suffix != ".yaml") == ["map.png", "photo.jpg"]


REFUSED = [
    (
        "# S\n\nSee ![a map](map.png) here.\n",
        11,
        "a picture inside text is not allowed; put ![alt text](file.png) "
        "on a line of its own, or in a ::: figure with its caption",
    ),
    (
        "# S\n\n> ![a map](map.png) quoted\n",
        11,
        "a picture inside text is not allowed; put ![alt text](file.png) "
        "on a line of its own, or in a ::: figure with its caption",
    ),
    (
        "# S\n\n![](map.png)\n",
        11,
        "a picture needs alt text saying what it shows, for readers who cannot see it: "
        "write ![A map of the pipeline's route](file.png)",
    ),
    (  # in a figure as outside one (it was dropped without a word there)
        "# S\n\n::: figure\n{lang=fr}\n![A map](map.png)\n\nCaption.\n:::\n",
        12,
        "{lang=fr} is not allowed on a picture; write [text]{lang=az} after a span of text, or a {lang=az} line "
        "before a paragraph, block quote, ::: pull or list",
    ),
    (  # nor a name of the file, or a mark of no word (an accessibility audit: a screen reader read them out)
        "# S\n\n![Map.PNG](./map.png)\n",
        11,
        "alt text 'Map.PNG' says nothing of what it shows, for readers who cannot see it: "
        "write ![A map of the pipeline's route](file.png)",
    ),
    (
        "# S\n\n![.](map.png)\n",
        11,
        "alt text '.' says nothing of what it shows, for readers who cannot see it: "
        "write ![A map of the pipeline's route](file.png)",
    ),
    (  # a zero-width space is no alt text either (the EPUB got alt="\u200b")
        "# S\n\n![\u200b](map.png)\n",
        11,
        "a picture needs alt text saying what it shows, for readers who cannot see it: "
        "write ![A map of the pipeline's route](file.png)",
    ),
    (
        "# S\n\n::: figure\n![A map](map.png)\n\nCaption.\n\nCredit: \u2060\n:::\n",
        16,
        "the credit after 'Credit:' is empty; name who made the picture",
    ),
    ("# S\n\n![A map](missing.png)\n", 11, "picture 'missing.png' not found in {root}"),
    # a typo: the nearest name in the folder, as a key's is
    ("# S\n\n![A map](mao.png)\n", 11, "picture 'mao.png' not found in {root} (did you mean \"map.png\"?)"),
    ("# S\n\n![A map](../map.png)\n", 11, "path '../map.png' leads outside {root}; files must stay inside it"),
    ("# S\n\n![A map](/etc/map.png)\n", 11, "path '/etc/map.png' is absolute; give a path relative to {root}"),
    (
        "# S\n\n![A map](https://example.org/map.png)\n",
        11,
        "picture 'https://example.org/map.png' is not a file; "
        "give a PNG or JPEG in the source's folder, pictures are never fetched from the web",
    ),
    ("# S\n\n![A map](map.gif)\n", 11, "picture 'map.gif' must be a PNG or JPEG picture (.png, .jpg, .jpeg)"),
    (
        "# S\n\n![A map](fake.png)\n",
        11,
        "picture 'fake.png' holds a JPEG picture, not a PNG one as its name says: rename it to .jpg",
    ),
    (
        "# S\n\n![A map](gif.jpg)\n",
        11,
        "picture 'gif.jpg' holds a GIF picture, not a JPEG one as its name says: save it as PNG or JPEG",
    ),
    (
        "# S\n\n![A map](webp.png)\n",
        11,
        "picture 'webp.png' holds a WebP picture, not a PNG one as its name says: save it as PNG or JPEG",
    ),
    ("# S\n\n![A map](empty.jpg)\n", 11, "picture 'empty.jpg' is an empty file (0 bytes), not a JPEG picture"),
    ("# S\n\n![A map](text.png)\n", 11, "picture 'text.png' is not a PNG file"),
    (
        "# S\n\n::: figure\nA caption alone.\n:::\n",
        11,
        "::: figure has no picture; ::: figure holds a picture "
        "![alt text](file.png) on a line of its own, a caption paragraph and an optional 'Credit: …' paragraph, "
        "in that order",
    ),
    (
        "# S\n\n::: figure\n![A map](map.png)\n\nOne.\n\nTwo.\n:::\n",
        16,
        "::: figure holds a picture "
        "![alt text](file.png) on a line of its own, a caption paragraph and an optional 'Credit: …' paragraph, "
        "in that order",
    ),
    (
        "# S\n\n::: figure\n![A map](map.png)\n\nCaption.\n\n![Another](map.png)\n:::\n",
        16,
        "::: figure holds a "
        "picture ![alt text](file.png) on a line of its own, a caption paragraph and an optional 'Credit: …' "
        "paragraph, in that order",
    ),
    (
        "# S\n\n::: figure\n![A map](map.png)\n:::\n",
        11,
        "::: figure holds a picture ![alt text](file.png) on a "
        "line of its own, a caption paragraph and an optional 'Credit: …' paragraph, in that order",
    ),
    (
        '# S\n\n::: figure\n![A map](map.png "Title")\n\nCaption.\n:::\n',
        12,
        "in ::: figure the caption is the paragraph after the picture, not the picture's title",
    ),
    # a reference in a title was printed as typed, "[^n2]" and all, in every edition
    (
        '# S\n\nText.\n\n![A map](map.png "The region[^n]")\n\n[^n]: A note.\n',
        13,
        "a footnote reference in a picture's title is printed as typed; set the picture in a ::: figure, whose "
        "caption may hold one",
    ),
    (
        "# S\n\n::: figure\n![A map](map.png)\n\nCaption.\n\nCredit:\n:::\n",
        16,
        "the credit after 'Credit:' is empty; name who made the picture",
    ),
    (
        "# S\n\n::: figure {width=half}\n![A map](map.png)\n\nCaption.\n:::\n",
        11,
        "unknown ::: figure option '{width=half}'; write ::: figure or ::: figure {width=full}",
    ),
    (
        "# S\n\n::: figur\n![A map](map.png)\n:::\n",
        11,
        "unknown or misplaced container '::: figur' (did you mean "
        '"::: figure"?); allowed: ::: pull, ::: stats and ::: figure in the text, ::: byline and ::: standfirst '
        "after a # heading",
    ),
]


@pytest.mark.parametrize(("body", "line", "message"), REFUSED)
def test_a_refused_picture_is_one_line_saying_what_to_write_instead(tmp_path, body, line, message):
    path = source(tmp_path, body)
    (tmp_path / "fake.png").write_bytes(b"\xff\xd8\xff\xe0 a JPEG named .png")
    (tmp_path / "map.gif").write_bytes(b"GIF89a")
    (tmp_path / "gif.jpg").write_bytes(b"GIF89a\x01\x00\x01\x00")
    (tmp_path / "webp.png").write_bytes(b"RIFF\x1a\x00\x00\x00WEBPVP8 ")
    (tmp_path / "empty.jpg").write_bytes(b"")
    (tmp_path / "text.png").write_text("a note, not a picture")
    with pytest.raises(SourceError) as caught:
        briefexport.load(path)
    assert str(caught.value) == f"{path}:{line}: {message.replace('{root}', str(tmp_path))}"


def _says_nothing(tmp_path: Path, alt: str, picture: str = "map.png", written: str | None = None) -> None:
    """A source whose picture (the map, saved as `picture`, linked as `written`) has `alt` is refused at the
    picture's line as saying nothing of what it shows."""
    (tmp_path / picture).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(PICTURES / "map.png", tmp_path / picture)
    path = source(tmp_path, f"# S\n\n![{alt}]({written or picture})\n")
    with pytest.raises(SourceError) as caught:
        briefexport.load(path)
    assert str(caught.value).startswith(f"{path}:11: alt text {alt!r} says nothing of what it shows")


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("my map.png", "<my map.png>"),
        ("my map.png", "my%20map.png"),
        ("карта.png", "карта.png"),
        ("Straße.png", "Straße.png"),
    ],
)
def test_alt_text_that_is_the_pictures_file_name_is_refused_however_the_name_is_written(tmp_path, name, written):
    """A review: the name was compared as markdown-it percent-encodes it ("my%20map.png"), so a name with a
    space or a letter outside ASCII was taken for alt text."""
    _says_nothing(tmp_path, name, name, written)


@pytest.mark.parametrize(
    "alt",
    [
        "image",
        "Photo",
        "Figure 1",
        "IMG_1234",
        "DSC01234.JPG",
        "PXL_20240101_123456",
        "Screenshot 2024-01-05",
        "chart.jpg",
        "alt text",
        "untitled",
        "x",
        "1",
        "Фото",
        "map",
    ],
)
def test_placeholder_alt_text_is_refused(tmp_path, alt):
    """An accessibility review: what cameras, editors and converters fill in passed as alt text, read out
    by a screen reader as if it said something, while the EPUB claimed alt text saying what each picture
    shows."""
    _says_nothing(tmp_path, alt)


@pytest.mark.parametrize(
    "alt",
    # a review: an aircraft's name ("F-16", "G7") has one letter, and a placeholder word after a slash is
    # more than a placeholder ("Exports/chart")
    [
        "Baku",
        "A map of the route",
        "The AIR Center logo",
        "Figure 1: GDP growth",
        "地图",
        "F-16",
        "G7",
        "Exports/chart",
    ],
)
def test_alt_text_naming_what_a_picture_shows_is_kept(tmp_path, alt):
    shutil.copy(PICTURES / "map.png", tmp_path / "map.png")
    bulletin = briefexport.load(source(tmp_path, f"# S\n\n![{alt}](map.png)\n"))
    assert alt in repr(bulletin.sections[0].blocks[0])


@pytest.mark.parametrize("alt", ["figs/map.png", "./map.png", "figs\\map.png", "map.png.", "Map.png!"])
def test_alt_text_that_is_the_pictures_path_or_name_in_a_sentence_is_refused(tmp_path, alt):
    """An accessibility review: the path as written, or the name with a full stop, passed as alt text, and
    a screen reader read out "figs slash map dot png"."""
    _says_nothing(tmp_path, alt, "figs/map.png")


@pytest.mark.parametrize(
    ("asked", "hint"),
    [
        ("password.png", ""),  # db-password.txt is no picture's name
        ("db-passwd.txt", ""),  # nor when the name asked for has its suffix (a review)
        ("backups.png", ' (did you mean "map.png"?)'),  # a picture, not the folder backups-2024
        ("mapp.png", ' (did you mean "map.png"?)'),
        ("map.jpg", ' (did you mean "map.png"?)'),  # the name, another kind
    ],
)
def test_a_missing_pictures_hint_names_only_pictures_of_its_kind_or_name(tmp_path, asked, hint):
    """A service's trial: the hint told any caller the names of the folder's other files and folders."""
    path = source(tmp_path, f"# S\n\n![A map]({asked})\n")
    (tmp_path / "db-password.txt").write_text("hunter2")
    (tmp_path / "backups-2024").mkdir()
    with pytest.raises(SourceError) as caught:
        briefexport.load(path)
    assert str(caught.value) == f"{path}:11: picture {asked!r} not found in {tmp_path}{hint}"


def _zero_width_png() -> bytes:
    """A PNG whose header says it is 0 pixels wide (its header's checksum made to match)."""
    data = bytearray((PICTURES / "map.png").read_bytes())
    data[16:20] = (0).to_bytes(4, "big")  # IHDR's width
    data[29:33] = zlib.crc32(bytes(data[12:29])).to_bytes(4, "big")
    return bytes(data)


def _jpeg(path: Path, size: tuple[int, int], **options) -> None:
    Image.new("RGB", size, "#336699").save(path, quality=80, **options)


def _many_scans(path: Path, repeats: int) -> None:
    """A progressive JPEG whose last scan is repeated `repeats` times."""
    buffer = io.BytesIO()
    Image.new("L", (64, 64), 128).save(buffer, "JPEG", progressive=True)
    data = buffer.getvalue()
    last = data.rindex(b"\xff\xda")
    path.write_bytes(data[:last] + data[last:-2] * repeats + b"\xff\xd9")


def _flashing_png(path: Path) -> None:
    """An accessibility lead's test picture: black and white, ten times a second (an animated PNG)."""
    frames = [Image.new("L", (40, 40), shade) for shade in (0, 255) * 10]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("truncated.jpg", lambda p: p.write_bytes((PICTURES / "photo.jpg").read_bytes()[:1800]), "cannot be decoded"),
        ("truncated.png", lambda p: p.write_bytes((PICTURES / "map.png").read_bytes()[:300]), "cannot be decoded"),
        ("header.jpg", lambda p: p.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF"), "has no readable JPEG header"),
        # Pillow's message named its buffer's address, new each run: check and build told it differently.
        ("zero.png", lambda p: p.write_bytes(_zero_width_png()), "cannot be decoded (cannot identify image file);"),
        ("wide.jpg", lambda p: _jpeg(p, (10_001, 5_000)), "is 10,001 × 5,000 pixels; at most 50,000,000 pixels"),
        ("big.png", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (20 * 1024 * 1024)), "is 20,971,528 bytes"),
        # It reached the EPUB and the Word copy moving, the EPUB saying it held no hazard.
        ("flashing.png", _flashing_png, "is animated (20 frames), which an accessible edition may not be"),
        # A security review: 172 KB of 1,000 scans took 23 s to decode, each scan over the whole picture.
        ("scans.jpg", lambda p: _many_scans(p, 150), "is a progressive JPEG of 1"),
    ],
)
def test_a_damaged_or_oversized_picture_is_refused_at_its_line(tmp_path, name, make, message):
    make(tmp_path / name)
    path = source(tmp_path, f"# S\n\nText.\n\n![A picture]({name})\n")
    with pytest.raises(SourceError) as caught:
        briefexport.load(path)
    assert str(caught.value).startswith(f"{path}:13: picture '{name}' {message}"), str(caught.value)


def test_a_jpeg_with_data_after_its_end_is_counted_by_its_own_scans(tmp_path):
    """A review: the scans were counted as every 0xFF 0xDA in the file, and a phone's "motion photo" (a
    one-scan JPEG with its video after the end of image) was refused as progressive. Its scans are walked
    from marker to marker now, to the end of image."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "#336699").save(buffer, "JPEG", progressive=True)  # ten scans
    (tmp_path / "motion.jpg").write_bytes(buffer.getvalue() + b"\xff\xda\x00\x08" * 300)
    path = source(tmp_path, "# S\n\nText.\n\n![A motion photo](motion.jpg)\n", pictures=())
    (figure,) = briefexport.load(path).sections[0].blocks[1:]
    assert figure.path.endswith("motion.jpg")


def test_a_camera_jpeg_holding_a_second_picture_is_no_animation(tmp_path):
    """A review: a phone's MPO JPEG (two pictures, n_frames 2) was refused as animated."""
    second = Image.new("RGB", (40, 30), "#aa3300")
    Image.new("RGB", (40, 30), "#336699").save(
        tmp_path / "photo.jpg", format="MPO", save_all=True, append_images=[second]
    )
    path = source(tmp_path, "# S\n\nText.\n\n![A photo](photo.jpg)\n")
    assert briefexport.load(path).figures()


def test_a_picture_of_fifty_megapixels_is_accepted(tmp_path):
    _jpeg(tmp_path / "fifty.jpg", (10_000, 5_000))
    assert briefexport.load(source(tmp_path, "# S\n\n![A large picture](fifty.jpg)\n")).figures()


def _bare_jpeg(path: Path) -> None:
    """A JPEG with neither a JFIF nor an EXIF header (its APP0 segment taken out), as some tools write."""
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "#336699").save(buffer, "JPEG", quality=80)
    data = buffer.getvalue()
    assert data[2:4] == b"\xff\xe0"
    path.write_bytes(data[:2] + data[4 + int.from_bytes(data[4:6], "big") :])


def _endless_png(path: Path) -> None:
    """A PNG whose IEND chunk is missing: every pixel is there, and Pillow reads it."""
    path.write_bytes((PICTURES / "map.png").read_bytes()[:-12])


@pytest.mark.parametrize(("name", "make"), [("bare.jpg", _bare_jpeg), ("endless.png", _endless_png)])
def test_a_picture_pillow_reads_and_python_docx_cannot_is_in_every_edition(tmp_path, name, make):
    """Check passed these, and the Word copy then failed with no source line: python-docx reads a JPEG only
    with a JFIF or EXIF header, a PNG only to its IEND. Word gets the same pixels as a PNG."""
    make(tmp_path / name)
    path = source(tmp_path, f"# S\n\nText.\n\n![A picture]({name})\n")
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "out" / "b.docx"))
    [shape] = document.inline_shapes
    blob = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
    with Image.open(io.BytesIO(blob)) as word, Image.open(tmp_path / name) as given:
        assert word.format == "PNG" and word.size == given.size
        assert word.convert("RGB").tobytes() == given.convert("RGB").tobytes()


# -- the picture every renderer gets ------------------------------------------------------------------


def test_a_sideways_picture_is_turned_upright_once_and_the_same_bytes_every_time():
    _prepared.cache_clear()
    first = prepared(PICTURES / "sideways.jpg")
    _prepared.cache_clear()
    again = prepared(PICTURES / "sideways.jpg")
    assert first == again
    assert (first.width, first.height, first.media_type) == (90, 160, "image/jpeg")
    with Image.open(io.BytesIO(first.data)) as image:
        assert image.size == (90, 160) and image.getexif().get(0x0112) is None  # nothing left to turn it twice
    assert prepared(PICTURES / "photo.jpg").data == (PICTURES / "photo.jpg").read_bytes()  # others: as they are


def test_a_cmyk_jpeg_becomes_rgb_for_the_screen_editions_and_stays_cmyk_for_the_pdf():
    assert Image.open(io.BytesIO(prepared(PICTURES / "cmyk.jpg", rgb=True).data)).mode == "RGB"
    assert prepared(PICTURES / "cmyk.jpg").data == (PICTURES / "cmyk.jpg").read_bytes()
    assert prepared(PICTURES / "grey.jpg", rgb=True).data == (PICTURES / "grey.jpg").read_bytes()


def test_a_model_built_in_code_is_held_to_the_picture_rules_by_every_renderer(specimen, tmp_path):
    (tmp_path / "fake.png").write_bytes(b"not a picture")
    broken = dataclasses.replace(specimen.figures()[0], path=str(tmp_path / "fake.png"))
    section = dataclasses.replace(specimen.sections[0], blocks=(broken,))
    bulletin = dataclasses.replace(specimen, sections=(section,))
    style = load_style("plain", STYLES)
    for fmt in ("pdf", "docx", "epub"):
        with pytest.raises(RenderError, match="picture 'fake.png' is not a PNG file"):
            registry.get(fmt)().render(bulletin, style)


# -- the editions -----------------------------------------------------------------------------------


def _pdfimages(path: Path) -> list[dict[str, str]]:
    lines = subprocess.run(
        [require_tool("pdfimages"), "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    names = lines[0].split()
    return [dict(zip(names, line.split())) for line in lines[2:]]


def test_the_pdf_draws_every_figure_and_stores_a_picture_used_twice_once(editions):
    images = [i for i in _pdfimages(editions["pdf"]) if i["type"] == "image"]
    assert len(images) == 7  # seven figures drawn
    assert len({i["object"] for i in images}) == 6  # six distinct pictures: the map is stored once
    twice = [i for i in images if (i["width"], i["height"]) == ("240", "160")]
    assert len({i["object"] for i in twice}) == 1
    # in the column, then across both columns: the same pixels drawn about twice as wide
    assert 1.9 < int(twice[0]["x-ppi"]) / int(twice[1]["x-ppi"]) < 2.2
    sizes = {(i["width"], i["height"], i["color"]) for i in images}
    assert ("90", "160", "rgb") in sizes  # the sideways picture, upright
    assert {("160", "120", "gray"), ("160", "120", "cmyk")} <= sizes
    assert any(i["type"] == "smask" for i in _pdfimages(editions["pdf"]))  # the PNG's transparency kept


def test_a_section_of_full_width_pictures_a_page_each_renders_them_all(tmp_path):
    """A photo essay of twelve full-width pictures, one to a page's band and no text beside them: ReportLab,
    which counts only what the columns take, halted at the tenth such page ("More than 10 pages generated
    without content"), and the PDF failed in two columns."""
    figures = "".join(
        f"::: figure {{width=full}}\n![Photograph {n} of the essay](map.png)\n\nPhoto {n}.\n:::\n\n" for n in range(12)
    )
    bulletin = briefexport.load(source(tmp_path, f"# Pictures\n\nA photo essay.\n\n{figures}", ("map.png",)))
    path = tmp_path / "essay.pdf"
    path.write_bytes(briefexport.render(bulletin, "pdf", "aircenter"))
    drawn = [i for i in _pdfimages(path) if i["type"] == "image"]
    assert len(drawn) == 12 and len({i["page"] for i in drawn}) >= 6


def test_the_pdf_prints_captions_and_credits_under_their_pictures(editions):
    text = subprocess.run(
        [require_tool("pdftotext"), "-layout", str(editions["pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    for line in (
        "The harbour at dawn, seen from the ministry.",
        "Example Institute / A. Photographer",
        "The first picture again, across the page: every edition stores it once.",
    ):
        assert line in text


def test_the_word_file_has_each_picture_inline_with_its_alt_text_and_a_caption_after_it(editions, specimen):
    document = docx.Document(str(editions["docx"]))
    paragraphs = document.paragraphs
    pictures = [(i, p) for i, p in enumerate(paragraphs) if p._p.find(WP_DESCR) is not None]
    alts = [p._p.find(WP_DESCR).get("descr") for _, p in pictures]
    assert alts == [f.alt for f in specimen.figures()]
    for (i, _), figure in zip(pictures, specimen.figures()):
        after = paragraphs[i + 1]
        if figure.caption:  # the figure's last line (Image Caption) keeps with nothing after it
            assert after.style.name == ("Caption" if figure.credit else "Image Caption")
            assert after.text == "".join(r.text for r in figure.caption)
            assert [child.tag for child in after._p.pPr] == [qn("w:pStyle")]  # no direct formatting
        if figure.credit:
            assert paragraphs[i + 2].style.name == "Figure Credit"
    with zipfile.ZipFile(editions["docx"]) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert len(media) == 6  # one part per distinct picture
    check_edition("docx", editions["docx"])


def test_pandoc_reads_each_captioned_picture_of_the_word_file_as_a_figure_with_its_caption(editions, specimen):
    """A caption with a keep-with-next switched off on its paragraph was, for pandoc, a paragraph of its own."""

    def letters(node: object) -> str:  # pandoc's text, without the spaces (Space nodes) between words
        return "".join(n["c"] for n in pandoc_nodes(node, "Str"))

    figures = list(pandoc_nodes(pandoc_json(editions["docx"], "docx"), "Figure"))
    captions = ["".join("".join(r.text for r in f.caption).split()) for f in specimen.figures() if f.caption]
    assert [letters(f["c"][1]) for f in figures] == captions


def test_pandoc_reads_the_word_files_pictures_with_their_alt_text(editions):
    pypandoc = pytest.importorskip("pypandoc")
    markdown = pypandoc.convert_file(str(editions["docx"]), "markdown")
    assert "The same landscape, photographed" in markdown
    assert len(re.findall(r"!\[[^\]]*\]\(media/image\d\.(?:png|jpg)", markdown)) == 7


def _epub_documents(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as archive:
        return {
            name: etree.fromstring(archive.read(name))
            for name in archive.namelist()
            if name.endswith(".xhtml") and "section-" in name
        }


def test_the_epub_sets_figures_with_img_alt_and_figcaption(editions, specimen):
    documents = _epub_documents(editions["epub"])
    figures = [f for doc in documents.values() for f in doc.iter(f"{XHTML}figure")]
    assert len(figures) == len(specimen.figures())
    for element, figure in zip(figures, specimen.figures()):
        img = element.find(f"{XHTML}img")
        assert img.get("alt") == figure.alt and img.get("src").startswith("images/figure-")
        caption = element.find(f"{XHTML}figcaption")
        if figure.caption or figure.credit:
            assert "".join(caption.itertext()).startswith("".join(r.text for r in figure.caption))
        if figure.credit:  # caption and credit each a paragraph: read as one sentence when run on
            paragraphs = caption.findall(f"{XHTML}p")
            assert paragraphs[-1].get("class") == "credit" and len(paragraphs) == 1 + bool(figure.caption)
            assert "".join(paragraphs[-1].itertext()) == "".join(r.text for r in figure.credit)
            assert not (caption.text or "").strip()
    sources = [f.find(f"{XHTML}img").get("src") for f in figures]
    assert sources[0] == sources[3]  # the map, used twice, is one file
    with zipfile.ZipFile(editions["epub"]) as archive:
        images = [n for n in archive.namelist() if n.startswith("EPUB/images/figure-")]
        assert len(images) == 6
        assert Image.open(io.BytesIO(archive.read("EPUB/images/figure-03.jpg"))).size == (90, 160)  # upright
        assert Image.open(io.BytesIO(archive.read("EPUB/images/figure-05.jpg"))).mode == "RGB"  # was CMYK


def test_the_epub_package_says_it_has_pictures_with_alternative_text(editions, specimen):
    with zipfile.ZipFile(editions["epub"]) as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
    meta = {}
    for m in opf.iter("{http://www.idpf.org/2007/opf}meta"):
        meta.setdefault(m.get("property"), []).append(m.text)
    assert meta["schema:accessMode"] == ["textual", "visual"]
    assert meta["schema:accessModeSufficient"] == ["textual"]  # every picture has its alt text
    assert "alternativeText" in meta["schema:accessibilityFeature"]
    style = load_style(specimen.metadata.style, STYLES)
    assert meta["schema:accessibilitySummary"] == [style.labels.accessibility_summary_pictures]


def test_epubcheck_finds_nothing_in_the_epub_with_figures(editions):
    check_edition("epub", editions["epub"])  # EPUBCheck: no fatal error, error or warning


def test_the_text_edition_gives_each_figure_as_alt_text_and_caption(editions):
    text = editions["text"].read_text(encoding="utf-8")
    assert (
        "[Figure: The same landscape, photographed — The harbour at *dawn*, seen from\n"
        "the ministry. (Example Institute / A. Photographer)]" in text
    )
    assert "[Figure: The landscape, half transparent]" in text


def test_every_edition_of_the_specimen_is_the_same_bytes_twice(specimen, editions):
    style = load_style(specimen.metadata.style, STYLES)
    _prepared.cache_clear()
    for fmt, path in editions.items():
        assert registry.get(fmt)().render(specimen, style) == path.read_bytes(), fmt


def test_the_print_edition_with_figures_passes_preflight(tmp_path):
    # 300 ppi across both columns takes a picture about 2,000 pixels wide
    picture = Image.new("RGB", (2400, 1600), "#dfe8f2")
    picture.paste(Image.new("RGB", (1200, 600), "#14365d"), (200, 400))
    picture.save(tmp_path / "big.png")
    picture.convert("CMYK").save(tmp_path / "big-cmyk.jpg", quality=80)
    body = (
        '# S\n\nText.\n\n![A drawing](big.png "In the column")\n\n::: figure {width=full}\n'
        "![The drawing, across](big.png)\n\nAcross the page.\n:::\n\n![In print colours](big-cmyk.jpg)\n\nText.\n"
    )
    path = source(tmp_path, body.replace("plain", "aircenter"), pictures=())
    path.write_text(path.read_text(encoding="utf-8").replace("style: plain", "style: aircenter"), encoding="utf-8")
    bulletin = briefexport.load(path)
    style = dataclasses.replace(
        load_style("aircenter", STYLES), page=dataclasses.replace(load_style("aircenter", STYLES).page, crop_marks=True)
    )
    pdf = tmp_path / "print.pdf"
    pdf.write_bytes(registry.get("pdf")().render(bulletin, style))
    report = preflight(pdf)
    assert [f for f in report.findings if f.level == "error"] == []
    images = [i for i in _pdfimages(pdf) if i["type"] == "image"]
    assert {i["color"] for i in images} == {"cmyk"} and len({i["object"] for i in images}) == 2


# -- pictures finer than an edition needs ------------------------------------------------------------------


@given(
    st.integers(1, 10_000),
    st.integers(1, 10_000),
    st.floats(10, 600),
    st.sampled_from([200.0, 220.0, 300.0]),
)
def test_a_picture_much_finer_than_an_edition_needs_is_set_at_what_it_needs(wide, high, shown_w, ppi):
    shown = (shown_w, shown_w * high / wide)
    ppi_now = wide / shown_w * 72
    size = finest((wide, high), shown, ppi)
    if ppi_now <= 1.5 * ppi:
        assert size is None
        return
    assert size is not None
    assert size[0] <= wide and size[1] <= high  # never more pixels
    assert min(size[0] / shown[0], size[1] / shown[1]) * 72 >= ppi - 1e-6  # never below what it needs
    assert size[0] - 1 < wide * ppi / ppi_now + 1e-6  # whole pixels, rounded up: at most one more


@given(st.integers(1, 20_000), st.integers(1, 20_000))
def test_where_no_page_sets_a_pictures_size_it_keeps_at_most_four_megapixels(wide, high):
    size = within((wide, high), 4_000_000)
    if wide * high <= 4_000_000:
        assert size is None
        return
    assert size is not None and size[0] * size[1] <= 4_000_000
    scale = math.sqrt(4_000_000 / (wide * high))  # proportions kept: each side within a pixel of one scale
    assert all(
        max(1.0, exact - 1) <= got <= max(1.0, exact) + 1e-6 for got, exact in zip(size, (wide * scale, high * scale))
    )


def _large_pictures(folder: Path) -> None:
    """A 24-megapixel photograph, a 6-megapixel palette PNG with a transparent colour, a 16-bit grey one
    and a black-and-white one: every kind finer than any edition needs at the width of a column."""
    photo = Image.linear_gradient("L").resize((6000, 4000))
    Image.merge("RGB", (photo, photo.transpose(Image.Transpose.FLIP_LEFT_RIGHT), photo)).save(
        folder / "photo24.jpg", quality=85
    )
    chart = Image.new("P", (3000, 2000), 0)
    chart.putpalette([255, 255, 255, 20, 54, 93, 200, 40, 40])
    chart.paste(1, (300, 400, 900, 1900))
    chart.paste(2, (1200, 900, 1800, 1900))
    chart.save(folder / "chart6.png", transparency=0)
    photo.convert("I").point(lambda v: v * 257).resize((3000, 2000)).convert("I;16").save(folder / "grey16.png")
    photo.resize((3000, 2000)).convert("1").save(folder / "lineart.png")


LARGE = ("photo24.jpg", "chart6.png", "grey16.png", "lineart.png")


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A bulletin of the large pictures, one figure each, in the plain style: its source's path."""
    folder = tmp_path_factory.mktemp("large")
    _large_pictures(folder)
    figures = "".join(f"Text.\n\n![A large grey field, {name}]({name})\n\n" for name in LARGE)
    return source(folder, f"# S\n\n{figures}", pictures=())


@pytest.mark.parametrize(("print_edition", "ppi"), [(False, 200), (True, 300)])
def test_the_pdf_sets_a_picture_much_finer_than_it_needs_at_what_it_needs(large, tmp_path, print_edition, ppi):
    """The screen edition at 200 ppi, the print edition at 300 (which its preflight still finds enough),
    each picture once, its transparency a soft mask still."""
    style = load_style("plain", STYLES)
    if print_edition:
        style = dataclasses.replace(style, page=dataclasses.replace(style.page, crop_marks=True))
    pdf = tmp_path / "edition.pdf"
    pdf.write_bytes(registry.get("pdf")().render(briefexport.load(large), style))
    images = [i for i in _pdfimages(pdf) if i["type"] == "image"]
    assert len(images) == len(LARGE)
    *pictures, line_art = images  # LARGE's order
    # as many pixels as the column's width needs (each is a 3:2 picture as wide as the column); one set a
    # little smaller to stay on its page (KeptWhole.smaller) keeps them
    wide = Geometry.of(style.page).column_width * ppi / 72
    assert all(abs(int(i["width"]) - wide) <= 1 for i in pictures), (wide, images)
    assert all(ppi - 1 <= int(i["x-ppi"]) <= ppi / min(SHRINK) + 1 for i in pictures), images
    if print_edition:  # line art is kept black and white, and at 450 ppi as it is (below)
        assert line_art["width"] == "3000"
    else:
        assert abs(int(line_art["width"]) - wide) <= 1
    assert len([i for i in _pdfimages(pdf) if i["type"] == "smask"]) == 1  # the chart's transparent colour
    if print_edition:
        assert [f for f in preflight(pdf).findings if f.level == "error"] == []


@pytest.mark.parametrize(("wide", "kept"), [(3000, 3000), (12000, 7843)])  # 7,843: 1,200 ppi across 470.6 pt
def test_the_print_edition_keeps_line_art_black_and_white_and_sets_it_at_1200_ppi_when_much_finer(tmp_path, wide, kept):
    """A print shop's trial: a 1-bit line drawing at 897 ppi was resampled to 300 ppi in 256 greys, its thin
    lines screened into broken ones. It stays black and white, at its own resolution up to 1,800 ppi and
    at 1,200 above, as Acrobat's PDF/X presets set monochrome pictures."""
    drawing = Image.new("1", (wide, wide // 30), 1)
    ImageDraw.Draw(drawing).line([(0, 0), (wide, wide // 30)], fill=0, width=3)
    drawing.save(tmp_path / "drawing.png")
    path = source(tmp_path, "# S\n\nText.\n\n![A drawing](drawing.png)\n", pictures=())
    style = load_style("plain", STYLES)
    style = dataclasses.replace(style, page=dataclasses.replace(style.page, crop_marks=True))
    pdf = tmp_path / "print.pdf"
    pdf.write_bytes(registry.get("pdf")().render(briefexport.load(path), style))
    (image,) = [i for i in _pdfimages(pdf) if i["type"] == "image"]
    assert int(image["width"]) == kept
    with pikepdf.open(pdf) as opened:
        xobject = next(iter(opened.pages[int(image["page"]) - 1].get_images().values()))
        assert xobject.ColorSpace == "/DeviceGray"  # the black plate, a byte a pixel (CMYK took four)
        grey = PdfImage(xobject).as_pil_image()
    assert sorted(v for v, n in enumerate(grey.histogram()) if n) == [0, 255]  # no grey: black or paper


def test_the_print_edition_keeps_a_photograph_a_jpeg_in_cmyk_the_right_way_round(large, tmp_path):
    """A JPEG is converted to CMYK and stays a JPEG, as print PDFs keep photographs (stored losslessly,
    six noisy 49-megapixel photographs at 300 ppi made 21.7 MB, now 7.5 MB); pictures with an alpha
    channel or drawn as PNG stay lossless (line art in grey, the black plate). Read back by poppler: the
    photograph's gradient runs from black at its top to white at its foot, as it was drawn, not inverted."""
    style = load_style("plain", STYLES)
    style = dataclasses.replace(style, page=dataclasses.replace(style.page, crop_marks=True))
    pdf = tmp_path / "print.pdf"
    pdf.write_bytes(registry.get("pdf")().render(briefexport.load(large), style))
    images = [i for i in _pdfimages(pdf) if i["type"] == "image"]
    assert [(i["enc"], i["color"]) for i in images] == [("jpeg", "cmyk")] + [("image", "cmyk")] * 2 + [
        ("image", "gray")
    ]
    page = int(images[0]["page"])
    subprocess.run(
        [
            require_tool("pdftoppm"),
            "-r",
            "20",
            "-f",
            str(page),
            "-l",
            str(page),
            "-gray",
            str(pdf),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    [shot] = tmp_path.glob("p*.pgm")
    with Image.open(shot) as grey:
        column = [grey.getpixel((grey.width // 2, y)) for y in range(grey.height)]
    runs = [list(run) for white, run in itertools.groupby(column, key=lambda v: v >= 250) if not white]
    picture = max(runs, key=len)  # the longest stretch that is not white: not a rule, nor the footer's text
    assert len(picture) > 50 and picture[0] < 60 and picture[-1] > 190, column


def test_the_word_copy_and_the_epub_keep_what_a_page_or_a_screen_needs(large):
    """Word's own default for the pictures of a document it saves, 220 ppi at the size shown; in the EPUB
    at most 4 megapixels (a 24-megapixel photograph made both a 70 MB file)."""
    bulletin = briefexport.load(large)
    document = docx.Document(io.BytesIO(briefexport.render(bulletin, "docx")))
    for shape in document.inline_shapes:
        blob = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
        with Image.open(io.BytesIO(blob)) as word:
            assert 219 <= word.width / (shape.width / 914_400) <= 221  # EMU per inch
    with zipfile.ZipFile(io.BytesIO(briefexport.render(bulletin, "epub"))) as book:
        names = [n for n in book.namelist() if "/images/figure-" in n]
        assert len(names) == len(LARGE)
        for name in names:
            with Image.open(io.BytesIO(book.read(name))) as picture:
                assert 3_900_000 < picture.width * picture.height <= 4_000_000


def test_the_pdfs_pictures_carry_no_ascii85_whatever_reportlab_is_set_to(specimen, monkeypatch):
    """ReportLab writes a picture's stream ASCII85-encoded (a quarter larger) when its process-wide
    useA85 says so, as it does by default: the PDF is the same, to the byte, with it off."""
    style = load_style(specimen.metadata.style, STYLES)
    editions = []
    for value in (1, 0):
        monkeypatch.setattr(rl_config, "useA85", value)
        editions.append(registry.get("pdf")().render(specimen, style))
    assert editions[0] == editions[1]
    assert b"ASCII85Decode" not in editions[0]


def test_a_picture_set_smaller_is_the_same_bytes_every_time(large):
    photo = large.parent / "photo24.jpg"
    _resampled.cache_clear()
    first = resampled(photo, (1200, 800))
    _resampled.cache_clear()
    assert resampled(photo, (1200, 800)) == first
    assert (first.width, first.height, first.media_type) == (1200, 800, "image/jpeg")


# -- serialising ------------------------------------------------------------------------------------------


def test_a_bulletin_with_figures_survives_a_json_round_trip_valid_against_the_schema(specimen):
    data = json.loads(json.dumps(to_dict(specimen), ensure_ascii=False))
    assert list(jsonschema.Draft202012Validator(json_schema()).iter_errors(data)) == []
    figure = data["sections"][0]["blocks"][1]
    assert figure == {
        "type": "figure",
        "path": str(PICTURES / "map.png"),
        "alt": "A landscape drawing: a blue mountain, a green field and a yellow sun",
        "caption": [{"text": "The *route* as planned, 2024"}],
        "credit": [],
        "width": "column",
    }
    assert from_dict(data, base_dir=PICTURES) == specimen


@pytest.mark.parametrize(
    ("path", "base", "message"),
    [
        ("map.png", None, "a picture names a file: give from_dict(..., base_dir=FOLDER) to say where it lies"),
        ("../map.png", "tests", "path '../map.png' leads outside"),
        ("publisher.yaml", "pictures", "picture 'publisher.yaml' must be a PNG or JPEG picture"),
        ("missing.png", "pictures", "picture 'missing.png' not found in"),
    ],
)
def test_from_dict_holds_a_figures_picture_to_the_loaders_rules(specimen, path, base, message):
    data = to_dict(specimen)
    data["sections"][0]["blocks"][1]["path"] = path
    folder = {None: None, "pictures": PICTURES, "tests": PICTURES / "sub"}[base]
    with pytest.raises(SchemaError) as caught:
        from_dict(data, base_dir=folder)
    assert str(caught.value).startswith(f"$.sections[0].blocks[1].path: {message}"), str(caught.value)


def test_a_picture_too_coarse_for_print_is_refused_naming_the_picture(specimen):
    aircenter = load_style("aircenter", STYLES)
    style = dataclasses.replace(aircenter, page=dataclasses.replace(aircenter.page, crop_marks=True))
    with pytest.raises(RenderError) as caught:
        registry.get("pdf")().render(specimen, style)
    assert re.fullmatch(
        r"picture map\.png is \d+ ppi at the size the print edition sets it; print needs 300: "
        r"give it at least \d,\d{3} pixels across",
        caught.value.message,
    ), caught.value.message
    assert PRINT_PPI == MIN_PPI  # the build's preflight asks the same


def test_a_print_build_names_the_source_line_of_a_picture_too_coarse_for_print(tmp_path):
    result = CliRunner().invoke(main, ["build", str(SPECIMEN), "-f", "pdf", "--print", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"briefexport: {SPECIMEN}:21: picture map.png is 72 ppi"), result.stderr


def test_of_two_pictures_of_one_name_the_one_too_coarse_for_print_is_found_at_its_own_line(tmp_path):
    """img/2023/chart.png (fine) and img/2024/chart.png (too coarse): the error named line 13, the fine one's,
    as it looked for the name alone (an archive keeper's trial)."""
    for year, pixels in ((2023, 2400), (2024, 600)):
        (tmp_path / "img" / str(year)).mkdir(parents=True)
        Image.new("RGB", (pixels, pixels // 2), "#336699").save(tmp_path / "img" / str(year) / "chart.png")
    body = "# S\n\n![Exports in 2023](img/2023/chart.png)\n\nText.\n\n![Exports in 2024](img/2024/chart.png)\n"
    path = source(tmp_path, body, pictures=())
    result = CliRunner().invoke(main, ["check", str(path), "-f", "pdf", "--print"])
    assert result.exit_code == 2
    line = 1 + (FRONT + body).split("\n").index("![Exports in 2024](img/2024/chart.png)")
    assert f"{path}:{line}: picture chart.png is " in result.stderr, result.stderr


@pytest.mark.parametrize(("style_name", "share"), [("plain", 0.5), ("aircenter", 0.8)])
def test_a_portrait_picture_takes_at_most_half_a_page_of_one_column(tmp_path, style_name, share):
    """At plain's full column width a portrait chart (1100 by 1500 pixels) took a page of its own, and
    the text before it left a quarter of the page before it empty; in a column of two it may be taller."""
    Image.new("RGB", (1100, 1500), "#336699").save(tmp_path / "chart.png")
    path = source(tmp_path, "# S\n\nText.\n\n![A tall chart](chart.png)\n\nMore text.\n", pictures=())
    style = load_style(style_name, STYLES)
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(briefexport.render(briefexport.load(path), "pdf", style=style))
    geometry = Geometry.of(style.page)
    body = geometry.height - geometry.top - geometry.bottom
    (y0, y1, x0, x1), *_ = [box for page in pdflayout.read(pdf) for box in page.pictures]
    assert y1 - y0 <= share * body
    assert abs((x1 - x0) / (y1 - y0) - 1100 / 1500) < 0.01  # its proportions kept
    if style_name == "plain":
        assert y1 - y0 > 0.45 * body  # as tall as it may be: narrower than the column, centred


@pytest.mark.parametrize(("style_name", "size"), [("plain", (1100, 1500)), ("aircenter", (400, 1500))])
def test_a_narrower_pictures_caption_and_credit_stand_under_it(tmp_path, style_name, size):
    """A book designer's review: a portrait picture, narrower than its column and centred, had its caption
    and credit at the column's edge, far to its left. They are set under it: from its left edge to its
    right, or (a picture narrower than a caption's line may be) centred on it."""
    Image.new("RGB", size, "#336699").save(tmp_path / "chart.png")
    body = (
        "# S\n\nText.\n\n::: figure\n![A tall chart](chart.png)\n\nThe tower from the quay.\n\n"
        "Credit: A. Photographer\n:::\n"
    )
    path = source(tmp_path, body, pictures=())
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(briefexport.render(briefexport.load(path), "pdf", style=load_style(style_name, STYLES)))
    page = next(page for page in pdflayout.read(pdf) if page.pictures)
    (_, _, x0, x1), *_ = page.pictures
    for text in ("The tower from the quay.", "A. Photographer"):
        line = next(line for line in page.lines if text in line.text)
        if x1 - x0 > 150:
            assert x0 - 1 <= line.x0 and line.x1 <= x1 + 1, (text, line.x0, line.x1, x0, x1)
        else:  # centred on it, each line (a review: the box was, its short lines started left of the picture)
            assert abs((line.x0 + line.x1) / 2 - (x0 + x1) / 2) < 1, (text, line.x0, line.x1, x0, x1)


@pytest.mark.parametrize(("style_name", "size"), [("plain", (1100, 1600)), ("aircenter", (1100, 3200))])
def test_a_note_cited_in_the_caption_of_a_narrower_picture_links_both_ways(tmp_path, style_name, size):
    """A trial: the caption, made again for the narrower picture, lost the anchor its note links back to
    (made the first time a note is cited), and the PDF failed with a traceback in check and build."""
    Image.new("L", size, 90).save(tmp_path / "p0.png")
    caption = "::: figure\n![A grey field](p0.png)\n\nA caption{}.\n:::\n"
    links = []
    for cited, notes in (("", ""), ("[^a]", "\n[^a]: The note.\n")):
        path = source(tmp_path, f"# S\n\nText.\n\n{caption.format(cited)}{notes}", pictures=())
        data = briefexport.render(briefexport.load(path), "pdf", style=load_style(style_name, STYLES))
        with pikepdf.open(io.BytesIO(data)) as pdf:
            links.append(sum("/Dest" in link for page in pdf.pages for link in page.get("/Annots", [])))
    assert links[1] == links[0] + 2  # to the note, and back from it


def test_a_long_caption_under_a_narrow_picture_stays_across_the_text_rather_than_shrink_it(tmp_path):
    """A review: narrowed to a portrait picture's width, a caption of 1,400 characters made the figure taller
    than the room it was sized for; it left its page for the next (four pages where there were two). A
    narrowed caption may take a little of the picture's size (NARROWED_LEAST), no more."""
    from briefexport.renderers.pdf.figures import NARROWED_LEAST

    Image.new("RGB", (600, 1800), "#1e5096").save(tmp_path / "tall.png")
    caption = " ".join(["The reading room counts its seats every hour of the day."] * 25)
    path = source(tmp_path, f'# S\n\nText.\n\n![A tall chart.](tall.png "{caption}")\n\nMore text.\n', pictures=())
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(briefexport.render(briefexport.load(path), "pdf", style=load_style("plain", STYLES)))
    pages = pdflayout.read(pdf)
    (picture_page,) = [page for page in pages if page.pictures]
    assert any(line.text == "Text." for line in picture_page.lines)  # the picture under the text before it
    (y0, y1, x0, _), *_ = picture_page.pictures
    caption_lines = [line for line in picture_page.lines if "reading room" in line.text]
    assert min(line.x0 for line in caption_lines) < x0 - 10  # across the text, wider than the picture
    assert y1 - y0 > 0.1 * NARROWED_LEAST * picture_page.height  # not a sliver


def test_word_sets_a_portrait_picture_at_most_half_the_texts_height(tmp_path):
    Image.new("RGB", (1100, 1500), "#336699").save(tmp_path / "chart.png")
    path = source(tmp_path, "# S\n\nText.\n\n![A tall chart](chart.png)\n\nMore text.\n", pictures=())
    (tmp_path / "b.docx").write_bytes(briefexport.render(briefexport.load(path), "docx"))
    document = docx.Document(str(tmp_path / "b.docx"))
    section, shape = document.sections[0], document.inline_shapes[0]
    text_height = section.page_height - section.top_margin - section.bottom_margin
    assert shape.height <= 0.5 * text_height + 1
    assert abs(shape.width / shape.height - 1100 / 1500) < 0.01


def test_word_pictures_keep_no_space_beside_them_so_one_as_wide_as_the_text_stays_within_the_margins(editions):
    """A drawing that names no distance around it gets none in Word, but 0.32 cm in LibreOffice: a
    picture the text's width stood 3 mm past the right margin there (a German editor's trial)."""
    document = docx.Document(str(editions["docx"]))
    inlines = document.element.body.findall(".//" + qn("wp:inline"))
    assert inlines
    for inline in inlines:
        assert [inline.get(side) for side in ("distT", "distB", "distL", "distR")] == ["0", "0", "0", "0"]


def test_a_picture_replaced_by_one_of_the_same_size_and_modification_time_is_read_again(tmp_path):
    """A service's trial: a corrected chart copied in with `cp -p` (the old modification time, the same
    size) left every later edition with the old pixels, until the process restarted."""
    path = source(tmp_path, "# S\n\n![A chart](chart.png)\n", pictures=())
    chart = tmp_path / "chart.png"
    Image.new("RGB", (400, 300), (255, 0, 0)).save(chart, compress_level=0)  # its size set by its pixels
    first = briefexport.render(briefexport.load(path), "epub")
    stat = chart.stat()
    Image.new("RGB", (400, 300), (254, 0, 0)).save(chart, compress_level=0)
    assert chart.stat().st_size == stat.st_size
    os.utime(chart, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    second = briefexport.render(briefexport.load(path), "epub")
    with zipfile.ZipFile(io.BytesIO(second)) as book:
        picture = next(name for name in book.namelist() if name.endswith(".png") and "cover" not in name)
        assert Image.open(io.BytesIO(book.read(picture))).getpixel((0, 0))[:3] == (254, 0, 0)
    assert first != second


def test_a_picture_named_decomposed_is_found_though_the_loader_composes_the_text(tmp_path):
    """A review: a file named as macOS writes it ("Zu" and U+0308) and named so in the source was "not found"
    once the loader composed the source's text (NFC), on a file system that tells the two apart."""
    name = unicodedata.normalize("NFD", "Zürich.png")
    Image.new("RGB", (800, 500), (10, 20, 30)).save(tmp_path / name)
    path = source(tmp_path, f"# S\n\n![A chart]({name})\n", pictures=())
    bulletin = briefexport.load(path)
    assert Path(bulletin.figures()[0].path).name == name
    assert briefexport.render(bulletin, "epub")


def test_a_picture_error_in_a_bulletin_changed_in_code_names_its_section(specimen):
    """A service developer's trial: a bulletin loaded and then given another title with dataclasses.replace
    (a CMS marking a draft) has no source to give a line, and the print edition's coarse picture was
    refused naming no place at all; the README says such a bulletin's errors name the section."""
    drafted = dataclasses.replace(specimen, metadata=dataclasses.replace(specimen.metadata, title="Draft"))
    with pytest.raises(RenderError) as caught:
        briefexport.render(drafted, "pdf", "aircenter", STYLES, print_edition=True)
    index = next(i for i, s in enumerate(specimen.sections) if any(isinstance(b, Figure) for b in s.blocks))
    label = load_style("aircenter", STYLES).section_label(index)
    title = specimen.sections[index].title
    assert caught.value.file is None and caught.value.line is None
    assert str(caught.value).startswith(f"section {label} {title!r}: picture map.png is "), str(caught.value)
