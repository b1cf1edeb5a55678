"""Using briefexport as a library: load once, render every edition, write atomically.

.venv/bin/python examples/library_use.py [SOURCE] [OUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import briefexport
from briefexport.registry import registry


def main(source: str = "source/2024-02.md", out_dir: str = "dist/example") -> None:
    bulletin = briefexport.load(source)  # raises briefexport.SourceError with file:line
    style = briefexport.load_style(bulletin.metadata.style, "styles")
    print(f"{bulletin.metadata.title} — {bulletin.metadata.issue}: {len(bulletin.sections)} sections")
    for fmt in briefexport.formats():
        data = briefexport.render(bulletin, fmt, style=style)  # bytes, nothing written yet
        path = Path(out_dir) / (Path(source).stem + registry.get(fmt).suffix)
        briefexport.write_atomic(path, data)  # temporary file + rename: never a half-written edition
        print(f"  {fmt:<5} {len(data):>9,} bytes -> {path}")


if __name__ == "__main__":
    try:
        main(*sys.argv[1:3])
    except briefexport.BriefExportError as error:
        sys.exit(f"error: {error}")
