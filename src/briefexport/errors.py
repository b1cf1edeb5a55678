"""Every problem a user can cause is a BriefExportError: one line, file:line, what is allowed.

The CLI prints str(error) and exits 2; it never shows a traceback for these.
"""

from __future__ import annotations

import re
import struct
import unicodedata
import zlib
from collections.abc import Iterable
from pathlib import Path

# What a parser raises on a damaged file (a font or picture behind a valid signature), caught as that file's
# fault. Not Exception: a caller's own, such as a job's time limit raised from a signal handler (Celery's
# SoftTimeLimitExceeded, RQ's timeout), passes through a render as raised; caught so, a service's time limit
# came back as "font file NotoSans-Italic.ttf cannot be embedded", or was lost.
DAMAGED: tuple[type[Exception], ...] = (
    OSError,
    ValueError,
    LookupError,
    TypeError,
    AttributeError,
    AssertionError,
    ArithmeticError,
    EOFError,
    RecursionError,
    SyntaxError,  # Pillow's for a damaged PNG
    struct.error,
    zlib.error,
)

_LINE_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escaped(match: re.Match[str]) -> str:
    return repr(match.group())[1:-1]  # "\n", "\x85", "\u2028"


class BriefExportError(Exception):
    """A problem in an input, a style or an output location, with where it is: `message` (what is wrong),
    `file` (the file, or the name given to loads(); None when no file is to blame) and `line` (1-based, or
    None); str() says them in one line, "file:line: message"."""

    def __init__(
        self, message: str, file: str | Path | None = None, line: int | None = None, needle: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = None if file is None or str(file) == "" else str(file)  # "" (a style set in code) names none
        self.line = line
        # Text a renderer choked on, so that the build can point at its line in the source (build.locate).
        self.needle = needle

    def __reduce__(self) -> tuple[type, tuple[str, str | None, int | None, str | None]]:
        # Keep file and line when the error crosses a process boundary (parallel builds).
        return (self.__class__, (self.message, self.file, self.line, self.needle))

    def __str__(self) -> str:
        where = self.file or ""
        if self.file and self.line is not None:
            where = f"{self.file}:{self.line}"
        # One line, whatever a caller named a source or a file ("a\nb.md", U+2028): breaks are escaped.
        return _LINE_BREAKS.sub(_escaped, f"{where}: {self.message}" if where else self.message)


class SourceError(BriefExportError):
    """A bulletin source (Markdown, front matter, publisher file) is wrong."""


class StyleError(BriefExportError):
    """A style file, or a file it names (font, logo), is wrong."""


class UnknownStyle(StyleError):
    """No folder searched holds a style of the name given."""


class SchemaError(BriefExportError):
    """A JSON bulletin does not match the model's schema."""


class ModelError(BriefExportError):
    """A bulletin model built in code breaks a rule the loader keeps (validation.validate says which).

    Its message starts with the field's path, as `path` holds it:
    "sections[2].blocks[0].rows[3]: expected 4 cells, one per column, got 3". A
    model has no file or line; from_dict reports the same problems as a
    SchemaError at the JSON path ("$.sections[2]...").
    """

    def __init__(
        self,
        message: str,
        file: str | Path | None = None,
        line: int | None = None,
        needle: str | None = None,
        path: str | None = None,
    ) -> None:
        super().__init__(message, file, line, needle)
        self.path = path

    def __reduce__(self) -> tuple[type, tuple[str, str | None, int | None, str | None, str | None]]:  # type: ignore[override]
        return (self.__class__, (self.message, self.file, self.line, self.needle, self.path))


class RegistryError(BriefExportError):
    """Renderer discovery failed: unknown format or two renderers with one name."""


class RenderError(BriefExportError):
    """A renderer could not turn a valid bulletin into a file."""


class OutputError(BriefExportError):
    """An output could not be written (folder missing or not writable, disk full)."""


class MailError(BriefExportError):
    """A mailing cannot start: a malformed or duplicate recipient, a header that would carry a line break,
    an unknown attachment format, or a mail server that cannot be reached, trusted or logged in to."""


def suggest(word: str, allowed: Iterable[str]) -> str:
    """' (did you mean "x"?)' for the nearest allowed word, or ''."""
    import difflib  # only when there is a mistake to suggest for: a millisecond (click imports it for short options)

    match = difflib.get_close_matches(word, list(allowed), n=1, cutoff=0.6)
    if not match:
        return ""
    # A look-alike letter from another script ("lаnguage" with a Cyrillic а) reads as the word itself.
    odd = [char for char in word if not char.isascii() and match[0].isascii()]
    if odd and len(word) == len(match[0]):
        names = ", ".join(
            f"{char} {unicodedata.name(char, f'U+{ord(char):04X}').lower()}" for char in dict.fromkeys(odd)
        )
        return f' (did you mean "{match[0]}"? it holds {names})'
    return f' (did you mean "{match[0]}"?)'


def allowed_list(allowed: Iterable[str]) -> str:
    return ", ".join(sorted(allowed))
