"""briefexport: one bulletin source, branded PDF, DOCX and EPUB editions.

    import briefexport
    bulletin = briefexport.load("source/2024-02.md")        # or loads(text, base_dir=...)
    pdf = briefexport.render(bulletin, "pdf")                # bytes, in the bulletin's own style
    briefexport.write(bulletin, "epub", "dist/2024-02.epub", style="plain")
    msg = briefexport.compose_email(bulletin, to="ana@example.org", sender="news@example.org")
    briefexport.send([msg], smtp=briefexport.mail.SmtpServer("smtp.example.org", user="news", password=...))

`__all__` is the whole public surface.

Each name is imported from its module when first asked for. `import briefexport` then costs nothing,
and the `briefexport` command can put its signal handlers in place before the imports a build needs
(startup.py): a Ctrl-C in the first tenth of a second ends like any other.
"""

import importlib
import typing

from ._version import __version__

if typing.TYPE_CHECKING:  # for type checkers; at run time they come from __getattr__ below
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
    from .mail import compose_email, send
    from .model import Bulletin
    from .serialize import from_dict, to_dict
    from .styles import Style, load_style
    from .validation import validate

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

# Each public name -> the module that defines it.
_HOMES = {
    **dict.fromkeys(("formats", "load", "loads", "render", "write"), "api"),
    **{name: "errors" for name in __all__ if name.endswith("Error")},
    **dict.fromkeys(("compose_email", "send"), "mail"),
    "Bulletin": "model",
    **dict.fromkeys(("from_dict", "to_dict"), "serialize"),
    **dict.fromkeys(("Style", "load_style"), "styles"),
    "validate": "validation",
}


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, "mail"})  # the names __getattr__ loads too


def __getattr__(name: str) -> object:
    if name == "mail":  # the subpackage, as `briefexport.mail.SmtpServer` in the docstring above
        return importlib.import_module(f"{__name__}.mail")  # not `from . import`: that would ask here again
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # asked for once: later lookups find it without coming here
    return value
