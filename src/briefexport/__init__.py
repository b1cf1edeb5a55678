"""briefexport: one bulletin source, branded PDF, DOCX and EPUB editions.

    import briefexport
    bulletin = briefexport.load("source/2024-02.md")        # or loads(text, base_dir=...)
    pdf = briefexport.render(bulletin, "pdf")                # bytes, in the bulletin's own style
    briefexport.write(bulletin, "epub", "dist/2024-02.epub", style="plain")

`__all__` is the whole public surface.
"""

from ._version import __version__
from .api import formats, load, loads, render, write
from .errors import (
    BriefExportError,
    ModelError,
    OutputError,
    RegistryError,
    RenderError,
    SchemaError,
    SourceError,
    StyleError,
)
from .model import Bulletin
from .serialize import from_dict, to_dict
from .styles import Style, load_style
from .validate import validate

__all__ = [
    "BriefExportError",
    "Bulletin",
    "ModelError",
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
    "loads",
    "render",
    "to_dict",
    "validate",
    "write",
]
