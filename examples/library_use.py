"""Using briefexport as a library: load once, render every edition, write atomically.

Runs from any folder; the built-in styles travel with the package:

    python examples/library_use.py [SOURCE] [OUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import briefexport
from briefexport.registry import registry

FLAGSHIP = Path(__file__).resolve().parent.parent / "source" / "2024-02.md"


def main(source: str | Path = FLAGSHIP, out_dir: str | Path = "dist/example") -> None:
    bulletin = briefexport.load(source)  # raises briefexport.SourceError with file:line
    print(f"{bulletin.metadata.title} — {bulletin.metadata.issue}: {len(bulletin.sections)} sections")
    # With no style, the bulletin's own `style:`, by name: built in, or in style_dir= (a folder of your own). That
    # value is content: never hand it to load_style, which reads a .toml path; pass style=Path(...) for a file you
    # trust, or style="plain" (a name is never read as a path).
    pdf = briefexport.render(bulletin, "pdf")  # bytes, nothing written: what a service returns
    print(f"  pdf in memory: {len(pdf):,} bytes")
    for fmt in briefexport.formats():
        path = Path(out_dir) / (Path(source).stem + registry.get(fmt).suffix)
        briefexport.write(bulletin, fmt, path)  # temporary file + rename: never half-written
        print(f"  {fmt:<5} {path.stat().st_size:>9,} bytes -> {path}")


if __name__ == "__main__":
    try:
        main(*sys.argv[1:3])
    except briefexport.BriefExportError as error:
        sys.exit(f"error: {error}")
