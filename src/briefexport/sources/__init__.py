"""Markdown source + YAML front matter + publisher file -> Bulletin.

The syntax (README.md, "The source format"): front matter, then sections that
each start with a level-1 heading and hold paragraphs, lists (items of one
paragraph, nested up to three levels), block quotes (the last paragraph
starting with an em dash is the attribution), `::: pull` quotes and `::: stats`
tables, and plain tables (a GFM table, its caption an optional "Table: …"
paragraph before it); inline markup (emphasis, strong, links, hard line breaks)
wherever there is text, and a language given to a span (`[text]{lang=az}`) or a
block (a `{lang=az}` line before it). Everything else is refused with file:line
and what is allowed. Parsing is markdown-it-py's; this module only maps its tokens.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import SourceError
from ..inputs import normalise_text, read_text
from ..model import Bulletin
from .loader import Loader

__all__ = ["load", "loads"]


def load(path: str | Path, inputs: dict[Path, str | None] | None = None) -> Bulletin:
    """Read a bulletin source file; every problem raises SourceError with file:line.

    `inputs`, when given, receives every file that was read, so a build can tell
    whether anything changed: the source and the publisher file with the text
    the bulletin was made from (a file saved again while it was read is not the
    one read), the pictures and the logo with None (the renderers read them).
    """
    path = Path(path)
    text = read_text(path, SourceError, "source")
    loader = Loader(path, text, path.parent)
    loader.inputs[path] = text
    bulletin = loader.bulletin()
    if inputs is not None:
        inputs.update(loader.inputs)
    return bulletin


def loads(text: str, base_dir: str | Path | None = None, name: str = "<string>") -> Bulletin:
    """Parse a bulletin source held in memory. Files it names (its publisher file, a logo) are looked up
    inside `base_dir` and may not leave it; with no base_dir it may name none. Errors say `name:line`."""
    root = None if base_dir is None else Path(base_dir)
    return Loader(Path(name), normalise_text(text, name, SourceError, "source"), root).bulletin()
