"""briefexport: one bulletin source, branded PDF, DOCX and EPUB editions.

import briefexport
bulletin = briefexport.load("source/2024-02.md")
pdf = briefexport.render(bulletin, "pdf", style="aircenter")
briefexport.write(bulletin, "pdf", "dist/2024-02.pdf", style="aircenter")
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .errors import BriefExportError, OutputError, RegistryError, RenderError, SchemaError, SourceError, StyleError
from .model import Bulletin
from .output import write_atomic
from .registry import registry
from .serialize import from_dict, to_dict
from .sources import load
from .styles import Style, load_style

try:
    __version__ = version("briefexport")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "BriefExportError",
    "Bulletin",
    "OutputError",
    "RegistryError",
    "RenderError",
    "SchemaError",
    "SourceError",
    "Style",
    "StyleError",
    "__version__",
    "formats",
    "from_dict",
    "load",
    "load_style",
    "registry",
    "render",
    "to_dict",
    "write",
    "write_atomic",
]


def formats() -> list[str]:
    """The names of every registered format."""
    return registry.names()


def _style(bulletin: Bulletin, style: Style | str | Path | None, style_dir: str | Path | None) -> Style:
    if isinstance(style, Style):
        return style
    return load_style(style if style is not None else bulletin.metadata.style, style_dir)


def render(
    bulletin: Bulletin, fmt: str, style: Style | str | Path | None = None, style_dir: str | Path | None = None
) -> bytes:
    """The bytes of one edition. `style` is a Style, a style name (looked up in
    `style_dir`, default ./styles) or a path to a .toml; default: the bulletin's own."""
    renderer = registry.get(fmt)
    return renderer().render(bulletin, _style(bulletin, style, style_dir))


def write(
    bulletin: Bulletin,
    fmt: str,
    path: str | Path,
    style: Style | str | Path | None = None,
    style_dir: str | Path | None = None,
) -> Path:
    """Render and write atomically: on any error the previous file at `path` is untouched."""
    return write_atomic(path, render(bulletin, fmt, style, style_dir))
