"""briefexport: one bulletin source, branded PDF, DOCX and EPUB editions.

    import briefexport
    bulletin = briefexport.load("source/2024-02.md")
    pdf = briefexport.render(bulletin, "pdf", style="aircenter")
    briefexport.write(bulletin, "pdf", "dist/2024-02.pdf", style="aircenter")

Submodules are imported when first used, so that `briefexport --version` and
a one-format build do not pay for what they do not touch.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import BriefExportError, OutputError, RegistryError, RenderError, SchemaError, SourceError, StyleError

if TYPE_CHECKING:
    from .model import Bulletin
    from .styles import Style

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
    "render",
    "to_dict",
    "write",
    "write_atomic",
]

# Public name -> the module that defines it.
_LAZY = {
    "Bulletin": "model",
    "Style": "styles",
    "load_style": "styles",
    "from_dict": "serialize",
    "to_dict": "serialize",
    "write_atomic": "output",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'briefexport' has no attribute {name!r}")


def load(path: str | Path) -> Bulletin:
    """Read a bulletin source; problems raise SourceError with file:line."""
    from .sources import load as load_source

    return load_source(path)


def formats() -> list[str]:
    """The names of every registered format."""
    from .registry import registry

    return registry.names()


def _style(bulletin: Bulletin, style: Style | str | Path | None, style_dir: str | Path | None) -> Style:
    from .styles import Style, load_style

    if isinstance(style, Style):
        return style
    return load_style(style if style is not None else bulletin.metadata.style, style_dir)


def render(
    bulletin: Bulletin, fmt: str, style: Style | str | Path | None = None, style_dir: str | Path | None = None
) -> bytes:
    """The bytes of one edition. `style` is a Style, a style name (looked up in
    `style_dir`, default ./styles) or a path to a .toml; default: the bulletin's own."""
    from .registry import registry

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
    from .output import write_atomic

    return write_atomic(path, render(bulletin, fmt, style, style_dir))
