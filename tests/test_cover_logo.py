"""A cover shows the brand's logo (style cover.logo), else the publisher's own (publisher.yaml logo)."""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import docx
import pikepdf
import pytest

import briefexport
from briefexport.renderers.base import cover_logo
from briefexport.styles import load_style

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
