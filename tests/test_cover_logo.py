"""A cover shows the brand's logo (style cover.logo), else the publisher's own (publisher.yaml logo).

Every edition carries it: the PDF and Word covers, and the EPUB's cover page, with the
publisher's name as its text alternative. A logo must be a PNG, JPEG or GIF file.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pikepdf
import pytest
from lxml import etree

import briefexport
from briefexport.errors import RenderError, SourceError, StyleError
from briefexport.renderers.base import cover_logo
from briefexport.styles import PT_PER_MM, load_style

from .checkers import check_edition
from .conftest import FIXTURES, STYLES


def png(path: Path, width: int, height: int) -> Path:
    """A small solid PNG, written by hand so the test needs no imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x14\x36\x5d" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    )
    return path


@pytest.fixture
def with_publisher_logo(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    shutil.copytree(FIXTURES / "minimal", source)
    png(source / "logo.png", 40, 20)
    with (source / "publisher.yaml").open("a", encoding="utf-8") as handle:
        handle.write("logo: logo.png\n")
    return source / "bulletin.md"


def test_the_publisher_logo_is_resolved_inside_the_source_folder(with_publisher_logo, plain):
    bulletin = briefexport.load(with_publisher_logo)
    assert bulletin.publisher.logo == str((with_publisher_logo.parent / "logo.png").resolve())
    assert cover_logo(bulletin, plain) == Path(bulletin.publisher.logo)


def test_the_pdf_cover_draws_the_publisher_logo(with_publisher_logo, tmp_path, plain):
    bulletin = briefexport.load(with_publisher_logo)
    path = tmp_path / "b.pdf"
    path.write_bytes(briefexport.render(bulletin, "pdf", style=plain))
    with pikepdf.open(path) as pdf:
        images = [k for k, v in pdf.pages[0].Resources.get("/XObject", {}).items() if v.Subtype == "/Image"]
        assert len(images) == 1
        assert all(
            "/XObject" not in page.Resources or not any(v.Subtype == "/Image" for v in page.Resources.XObject.values())
            for page in pdf.pages[1:]
        )


def test_the_docx_cover_carries_the_logo_with_alt_text(with_publisher_logo, tmp_path, plain):
    bulletin = briefexport.load(with_publisher_logo)
    path = tmp_path / "b.docx"
    path.write_bytes(briefexport.render(bulletin, "docx", style=plain))
    document = docx.Document(str(path))
    described = [d.get("descr") for d in document.element.body.iter("{*}docPr")]
    assert described == ["Example Institute"]


def test_the_brand_logo_wins_over_the_publisher_logo(with_publisher_logo, tmp_path):
    styles = tmp_path / "styles"
    shutil.copytree(STYLES, styles)
    png(styles / "brand.png", 10, 10)
    (styles / "brand.toml").write_text(
        'name = "brand"\nlabel = "Brand"\nextends = "plain"\n[cover]\nlogo = "brand.png"\n', encoding="utf-8"
    )
    brand = load_style("brand", styles)
    bulletin = briefexport.load(with_publisher_logo)
    assert cover_logo(bulletin, brand) == styles.resolve() / "brand.png"
    with pikepdf.open(__import__("io").BytesIO(briefexport.render(bulletin, "pdf", style=brand))) as pdf:
        (image,) = [v for v in pdf.pages[0].Resources.XObject.values() if v.Subtype == "/Image"]
        assert (int(image.Width), int(image.Height)) == (10, 10)


def test_the_epub_cover_shows_the_logo_with_its_text_alternative(with_publisher_logo, tmp_path, plain):
    bulletin = briefexport.load(with_publisher_logo)
    path = tmp_path / "b.epub"
    path.write_bytes(briefexport.render(bulletin, "epub", style=plain))
    with zipfile.ZipFile(path) as book:
        assert book.read("EPUB/images/logo.png") == (with_publisher_logo.parent / "logo.png").read_bytes()
        opf = etree.fromstring(book.read("EPUB/content.opf"))
        cover = etree.fromstring(book.read("EPUB/cover.xhtml"))
    ns = {"opf": "http://www.idpf.org/2007/opf", "x": "http://www.w3.org/1999/xhtml"}
    (item,) = opf.xpath("//opf:item[@href='images/logo.png']", namespaces=ns)
    assert item.get("media-type") == "image/png"
    modes = opf.xpath("//opf:meta[@property='schema:accessMode']/text()", namespaces=ns)
    assert sorted(modes) == ["textual", "visual"]
    assert "alternativeText" in opf.xpath("//opf:meta[@property='schema:accessibilityFeature']/text()", namespaces=ns)
    (image,) = cover.xpath("//x:section[@class='cover']//x:img", namespaces=ns)
    assert (image.get("src"), image.get("alt")) == ("images/logo.png", "Example Institute")
    assert not cover.xpath("//x:p[@class='wordmark']/text()", namespaces=ns)  # the logo stands for the wordmark
    check_edition("epub", path)  # EPUBCheck: no error, no warning


def test_an_epub_without_a_logo_declares_a_textual_book_only(tmp_path, minimal, plain):
    with zipfile.ZipFile(__import__("io").BytesIO(briefexport.render(minimal, "epub", style=plain))) as book:
        # only the bookshelf's cover picture, which no content document shows
        assert [n for n in book.namelist() if n.startswith("EPUB/images/")] == ["EPUB/images/cover.png"]
        assert not [n for n in book.namelist() if n.endswith(".xhtml") and b"<img" in book.read(n)]
        assert b"visual" not in book.read("EPUB/content.opf")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "must be a PNG, JPEG or GIF picture"),
        ("logo.png", b"not a picture at all", "is not a PNG file"),
        ("logo.jpg", b"\x89PNG\r\n\x1a\n", "holds a PNG picture, not a JPEG one as its name says: rename it to .png"),
        ("logo.png", b"%PDF-1.7", "holds a PDF document, not a PNG one as its name says: save it as PNG, JPEG or GIF"),
    ],
)
def test_a_logo_that_is_not_a_picture_is_refused_where_it_is_named(
    with_publisher_logo, tmp_path, name, content, message
):
    source = with_publisher_logo.parent
    (source / name).write_bytes(content)
    publisher = source / "publisher.yaml"
    publisher.write_text(publisher.read_text(encoding="utf-8").replace("logo: logo.png", f"logo: {name}"), "utf-8")
    with pytest.raises(SourceError) as caught:
        briefexport.load(with_publisher_logo)
    line = publisher.read_text(encoding="utf-8").splitlines().index(f"logo: {name}") + 1
    assert str(caught.value) == f"{publisher}:{line}: logo {name!r} {message}" + (
        " (.png, .jpg, .jpeg, .gif)" if name.endswith(".svg") else ""
    )

    styles = tmp_path / "styles"
    shutil.copytree(STYLES, styles)
    (styles / name).write_bytes(content)
    (styles / "brand.toml").write_text(
        f'name = "brand"\nlabel = "Brand"\nextends = "plain"\n[cover]\nlogo = "{name}"\n', encoding="utf-8"
    )
    with pytest.raises(StyleError, match=f"brand.toml:5: logo {name!r} {message}"):
        load_style("brand", styles)


def test_a_gif_logo_whose_frame_is_larger_than_its_screen_is_held_to_the_pixel_limit(with_publisher_logo):
    """A security review: a 125 KB GIF said 1 × 1 in its header and held one frame of 13,000 × 13,000,
    which Pillow grows the picture to: it passed `check`, and a build decoded it in 1.9 GB."""
    frame = b"\x2c" + b"\0\0\0\0" + (13_000).to_bytes(2, "little") * 2 + b"\0" + b"\x08" + b"\x02\x4c\x01\0"
    source = with_publisher_logo.parent
    (source / "logo.gif").write_bytes(b"GIF89a\x01\0\x01\0\0\0\0" + b"\x21\xf9\x04\0\0\0\0\0" + frame + b"\x3b")
    publisher = source / "publisher.yaml"
    publisher.write_text(publisher.read_text(encoding="utf-8").replace("logo: logo.png", "logo: logo.gif"), "utf-8")
    with pytest.raises(SourceError, match=r"logo 'logo.gif' is 13,000 × 13,000 pixels; at most 50,000,000"):
        briefexport.load(with_publisher_logo)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "epub"])
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("logo.svg", "must be a PNG, JPEG or GIF picture"),
        ("logo.png", "holds an SVG drawing or other XML, not a PNG one as its name says: save it as PNG, JPEG or GIF"),
    ],
    ids=["svg", "svg-named-png"],
)
def test_a_model_built_in_code_with_a_logo_that_is_no_picture_is_a_render_error(
    fmt, name, message, minimal, plain, tmp_path
):
    """Checked by its first bytes, not its name: a drawing named .png is refused too."""
    logo = tmp_path / name
    logo.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    bulletin = dataclasses.replace(minimal, publisher=dataclasses.replace(minimal.publisher, logo=str(logo)))
    with pytest.raises(RenderError, match=rf"{logo}: logo {name!r} {message}"):
        briefexport.render(bulletin, fmt, style=plain)


def test_the_epub_logo_is_as_wide_as_the_style_says_inside_the_wordmark(with_publisher_logo, plain):
    """The logo sits in the wordmark paragraph, so its em is the wordmark's size, not the body's."""
    bulletin = briefexport.load(with_publisher_logo)
    with zipfile.ZipFile(io.BytesIO(briefexport.render(bulletin, "epub", style=plain))) as book:
        css = book.read("EPUB/style/edition.css").decode()
    width = float(re.search(r"\.wordmark img\.logo \{[^}]*?width: ([\d.]+)em", css)[1])
    assert width * plain.sizes.wordmark == pytest.approx(plain.cover.logo_width * PT_PER_MM, rel=0.01)


def test_a_json_bulletin_names_a_logo_only_inside_the_folder_its_reader_gives(with_publisher_logo, tmp_path):
    """from_dict is a door for content: a logo must lie inside base_dir and be a picture by its bytes."""
    from briefexport.errors import SchemaError
    from briefexport.serialize import from_dict, to_dict

    bulletin = briefexport.load(with_publisher_logo)
    data = to_dict(bulletin)
    assert from_dict(data, base_dir=with_publisher_logo.parent) == bulletin
    with pytest.raises(SchemaError, match=r"^\$\.publisher\.logo: a logo names a file: give from_dict"):
        from_dict(data)
    secret = tmp_path / "secret.png"
    png(secret, 4, 4)
    for logo, message in [
        (str(secret), f"path {str(secret)!r} is absolute"),
        ("../secret.png", "path '../secret.png' leads outside"),
        ("bulletin.md", "logo 'bulletin.md' must be a PNG, JPEG or GIF picture"),
    ]:
        data["publisher"]["logo"] = logo
        with pytest.raises(SchemaError, match=rf"^\$\.publisher\.logo: {re.escape(message)}"):
            from_dict(data, base_dir=with_publisher_logo.parent)
    (with_publisher_logo.parent / "fake.png").write_text("not a picture")
    data["publisher"]["logo"] = "fake.png"
    with pytest.raises(SchemaError, match=r"^\$\.publisher\.logo: logo 'fake\.png' is not a PNG file"):
        from_dict(data, base_dir=with_publisher_logo.parent)


def test_a_logo_too_coarse_for_print_is_refused_naming_it_not_a_pdf_object(with_publisher_logo, plain):
    """The print edition's preflight named only "image FormXob.bddac1f4... is 73 ppi"."""
    bulletin = briefexport.load(with_publisher_logo)
    printed = dataclasses.replace(plain, page=dataclasses.replace(plain.page, crop_marks=True))
    with pytest.raises(RenderError) as caught:
        briefexport.render(bulletin, "pdf", style=printed)
    assert caught.value.file == str(with_publisher_logo.parent / "logo.png")
    assert re.fullmatch(
        r"cover logo logo\.png is \d+ ppi at the width the cover sets it \(\d+ mm; cover\.logo_width\); "
        r"print needs 300: give it at least \d+ pixels across",
        caught.value.message,
    ), caught.value.message


@pytest.mark.parametrize(
    ("width", "line", "mm"), [("logo_width = 150\n", 7, 150), ("", 6, 40)], ids=["its-width", "plains-width"]
)
def test_a_brand_logo_too_coarse_for_print_is_refused_at_the_style_line_that_sets_it(
    minimal, tmp_path, width, line, mm
):
    """A brand designer's trial (helper-177): a 600-pixel logo at cover.logo_width = 150 was refused naming
    only styles/logo.png, where every other style error is brand.toml:LINE. It names the line that sets the
    width; where the brand keeps the built-in width, the line that names the logo."""
    styles = tmp_path / "styles"
    styles.mkdir()
    png(styles / "logo.png", 600 if width else 300, 150)
    (styles / "brand.toml").write_text(
        f'name = "brand"\nlabel = "Brand"\nextends = "aircenter"\n\n[cover]\nlogo = "logo.png"\n{width}',
        encoding="utf-8",
    )
    brand = load_style("brand", styles)
    printed = dataclasses.replace(brand, page=dataclasses.replace(brand.page, crop_marks=True))
    with pytest.raises(RenderError) as caught:
        briefexport.render(minimal, "pdf", style=printed)
    assert (caught.value.file, caught.value.line) == (str(styles.resolve() / "brand.toml"), line)
    assert caught.value.message.startswith(
        f"cover logo logo.png is {(600 if width else 300) / (mm / 25.4):.0f} ppi at the width the cover sets it "
        f"({mm} mm; cover.logo_width); print needs 300"
    ), caught.value.message


def test_a_tall_logo_is_set_narrower_rather_than_off_the_cover(with_publisher_logo, plain, tmp_path):
    """A 600 by 6,000 pixel logo at the style's 40 mm width was 40 cm tall: the band filled the page
    and the title went under it. Every edition sets it at most 15 % of the page tall."""
    png(with_publisher_logo.parent / "logo.png", 60, 600)
    bulletin = briefexport.load(with_publisher_logo)
    page_height = 297 * PT_PER_MM  # plain is A4
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(briefexport.render(bulletin, "pdf", style=plain))
    from . import pdflayout

    (y0, y1, x0, x1), *_ = pdflayout.read(pdf)[0].pictures
    assert y1 - y0 == pytest.approx(0.15 * page_height, rel=0.01)
    assert (x1 - x0) / (y1 - y0) == pytest.approx(0.1, rel=0.02)  # its proportions kept
    word = tmp_path / "b.docx"
    word.write_bytes(briefexport.render(bulletin, "docx", style=plain))
    shape = docx.Document(str(word)).inline_shapes[0]
    assert shape.height.mm == pytest.approx(0.15 * 297, rel=0.01)
    assert shape.width / shape.height == pytest.approx(0.1, rel=0.02)


def test_a_logo_far_finer_than_an_edition_needs_is_set_at_its_resolution_as_a_picture_is(with_publisher_logo, plain):
    """A designer's trial: a 6,000-pixel logo at 60 mm went into every edition whole (2,540 ppi; a 3.9 MB
    PDF and Word copy, a 12.9 MB print file, 12 megapixels in the EPUB). It is set as pictures are: at 200
    ppi on screen, 300 in print, Word's 220, and at most 4 megapixels in the EPUB."""
    png(with_publisher_logo.parent / "logo.png", 3000, 1500)  # 40 mm wide in plain: 1,905 ppi
    bulletin = briefexport.load(with_publisher_logo)
    width_pt = plain.cover.logo_width * PT_PER_MM

    def ppi(data: bytes) -> float:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            image = next(x for x in pdf.pages[0].resources.XObject.values() if x.Subtype == "/Image")
            return float(image.Width) / width_pt * 72

    assert ppi(briefexport.render(bulletin, "pdf", style=plain)) == pytest.approx(200, abs=2)
    printed = dataclasses.replace(plain, page=dataclasses.replace(plain.page, crop_marks=True))
    assert ppi(briefexport.render(bulletin, "pdf", style=printed)) == pytest.approx(300, abs=2)
    with zipfile.ZipFile(io.BytesIO(briefexport.render(bulletin, "docx", style=plain))) as word:
        media = [name for name in word.namelist() if name.startswith("word/media/")]
        assert struct.unpack(">II", word.read(media[0])[16:24]) == (347, 174)  # 220 ppi at 40 mm, rounded up
    with zipfile.ZipFile(io.BytesIO(briefexport.render(bulletin, "epub", style=plain))) as book:
        wide, high = struct.unpack(">II", book.read("EPUB/images/logo.png")[16:24])
        assert wide * high <= 4_000_000 and wide / high == pytest.approx(2, rel=0.01)


def test_a_logo_damaged_after_a_render_is_refused_at_the_next(minimal, plain, tmp_path):
    """A service renders on while its logo file is replaced: the check of the logo's pixels is kept per
    version of the file, not per path, so the damaged copy is caught and not served the old verdict."""
    logo = png(tmp_path / "logo.png", 60, 30)
    bulletin = dataclasses.replace(minimal, publisher=dataclasses.replace(minimal.publisher, logo=str(logo)))
    briefexport.render(bulletin, "docx", style=plain)
    logo.write_bytes(logo.read_bytes()[:45])  # cut inside its pixels: the header still reads
    with pytest.raises(RenderError, match=r"logo 'logo.png' cannot be decoded .*the file is damaged"):
        briefexport.render(bulletin, "docx", style=plain)
