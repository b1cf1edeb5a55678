"""briefexport: one bulletin source, branded PDF, DOCX and EPUB editions.

    import briefexport
    bulletin = briefexport.load("source/2024-02.md")        # or loads(text, base_dir=...)
    pdf = briefexport.render(bulletin, "pdf")                # bytes, in the bulletin's own style
    briefexport.write(bulletin, "epub", "dist/2024-02.epub", style="plain")
    msg = briefexport.compose_email(bulletin, to="ana@example.org", sender="news@example.org")
    briefexport.send([msg], smtp=briefexport.mail.SmtpServer("smtp.example.org", user="news", password=...))

`__all__` is the whole public surface.
"""

import importlib
import typing

from ._version import __version__
from .api import formats, load, loads, render, write
from .errors import (
    BriefExportError,
    MailError,
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

if typing.TYPE_CHECKING:  # for type checkers; at run time they come from __getattr__ below
    from .mail import compose_email, send

__all__ = [
    "BriefExportError",
    "Bulletin",
    "MailError",
    "ModelError",
    "OutputError",
    "RegistryError",
    "RenderError",
    "SchemaError",
    "SourceError",
    "Style",
    "StyleError",
    "__version__",
    "compose_email",
    "formats",
    "from_dict",
    "load",
    "load_style",
    "loads",
    "render",
    "send",
    "to_dict",
    "validate",
    "write",
]


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, "mail"})  # the names __getattr__ loads too


def __getattr__(name: str) -> object:
    """The mail functions (and the `mail` package), imported when first asked for: they bring the email,
    SSL and SMTP packages (about 0.03 s), which a build, the CLI's critical path, never needs."""
    if name in ("compose_email", "send", "mail"):
        mail = importlib.import_module(f"{__name__}.mail")  # not `from . import`: that would ask here again
        return mail if name == "mail" else getattr(mail, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
