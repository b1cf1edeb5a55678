"""Reading input files safely: size limit, UTF-8, no characters XML cannot carry, no escape from a folder."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .errors import BriefExportError

# A bulletin is about 90 KB; 16 MiB takes a hundred issues' worth of text (the
# benchmarks' 100x case) and keeps every renderer within its memory bound.
MAX_INPUT_BYTES = 16 * 1024 * 1024

# XML 1.0 forbids C0 controls other than tab/newline/CR; C1 controls and
# non-characters are legal but always a paste accident in a bulletin.
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# Text that arrives as a str, not decoded from a file, may also hold what no UTF-8 file can: a lone surrogate.
NOT_TEXT = re.compile(f"{FORBIDDEN_CHARACTERS.pattern}|[\ud800-\udfff]")


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def read_text(path: Path, error: type[BriefExportError], what: str = "file") -> str:
    """The file's text with a BOM dropped and line endings made \\n; every problem is `error`."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise error(f"{what} is not a regular file", path)
        if size > MAX_INPUT_BYTES:
            raise error(f"{what} is {size:,} bytes; the limit is {MAX_INPUT_BYTES:,}", path)
        data = path.read_bytes()
    except FileNotFoundError:
        raise error(f"{what} not found", path) from None
    except OSError as exc:
        raise error(f"cannot read {what}: {exc.strerror or exc}", path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the {what} as UTF-8", path, line) from None
    return normalise_text(text, path, error, what)


def normalise_text(text: str, path: str | Path, error: type[BriefExportError], what: str = "file") -> str:
    """Text as a file's would be read: within the size limit, BOM dropped, line endings \\n, no forbidden
    characters (for text that arrives as a string, not a file)."""
    if len(text) > MAX_INPUT_BYTES:  # characters: at least as many bytes
        raise error(f"{what} is {len(text):,} characters long; the limit is {MAX_INPUT_BYTES:,} bytes", path)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    check_characters(text, path, error, pattern=NOT_TEXT)
    return text


def check_characters(
    text: str,
    path: str | Path,
    error: type[BriefExportError],
    first_line: int = 1,
    pattern: re.Pattern[str] = FORBIDDEN_CHARACTERS,
) -> None:
    match = pattern.search(text)
    if match:
        line, col = position(text, match.start())
        raise error(f"column {col}: {_refused(match.group())}", path, line + first_line - 1)


def character_complaint(text: str) -> str | None:
    """What is wrong with the first character of `text` that no edition can carry, or None."""
    match = NOT_TEXT.search(text)
    return None if match is None else _refused(match.group())


def _refused(char: str) -> str:
    if unicodedata.category(char) == "Cc":
        return f"control character U+{ord(char):04X} is not allowed (only tab and line breaks may appear)"
    return f"character U+{ord(char):04X} is not allowed"


def confined(root: Path, relative: str, error: type[BriefExportError], file: str | Path, line: int | None) -> Path:
    """root/relative, refused unless it stays inside root once links are resolved."""
    if Path(relative).is_absolute():
        raise error(f"path {relative!r} is absolute; give a path relative to {root}", file, line)
    resolved = (root / relative).resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise error(f"path {relative!r} leads outside {root}; files must stay inside it", file, line)
    return resolved


# Pictures every edition can carry: PDF (ReportLab), Word, and EPUB core media types.
PICTURE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif"}
PICTURE_RULE = f"must be a PNG, JPEG or GIF picture ({', '.join(PICTURE_TYPES)})"  # what every logo check says
_SIGNATURES = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
}


def file_head(
    root: Path, relative: str, error: type[BriefExportError], file: str | Path, line: int | None, what: str, size: int
) -> tuple[Path, bytes]:
    """root/relative, inside root, and its first `size` bytes (to check its kind by its signature).

    A missing file, or anything but a regular file (a folder, a pipe), is "not
    found"; one that cannot be read says why. Both name the file and line that
    gave the path.
    """
    path = confined(root, relative, error, file, line)
    if not path.is_file():
        raise error(f"{what} {relative!r} not found in {root}", file, line)
    try:
        with path.open("rb") as handle:
            return path, handle.read(size)
    except OSError as exc:
        raise error(f"cannot read {what} {relative!r}: {exc.strerror or exc}", file, line) from None


def picture(root: Path, relative: str, error: type[BriefExportError], file: str | Path, line: int | None) -> Path:
    """root/relative as a PNG, JPEG or GIF file inside root, checked by its name and its first bytes."""
    path, head = file_head(root, relative, error, file, line, "logo", 8)
    kind = PICTURE_TYPES.get(path.suffix.lower())
    if kind is None:
        raise error(f"logo {relative!r} {PICTURE_RULE}", file, line)
    if not head.startswith(_SIGNATURES[kind]):
        raise error(f"logo {relative!r} is not a {kind.removeprefix('image/').upper()} file", file, line)
    return path
