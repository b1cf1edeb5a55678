"""Reading input files safely: size limit, UTF-8, no characters XML cannot carry, no escape from a folder."""

from __future__ import annotations

import functools
import io
import itertools
import os
import re
import unicodedata
import weakref
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from .errors import BriefExportError, suggest

# A bulletin is about 90 KB; 16 MiB takes a hundred issues' worth of text (the
# benchmarks' 100x case) and keeps every renderer within its memory bound.
MAX_INPUT_BYTES = 16 * 1024 * 1024

# XML 1.0 forbids C0 controls other than tab/newline/CR; C1 controls and
# non-characters are legal but always a paste accident in a bulletin. So are the line and paragraph
# separators (U+2028, U+2029), which a word processor's paste leaves: the PDF and a browser showed a
# space, LibreOffice nothing (words run together), Markdown neither a break nor a paragraph.
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
# Text that arrives as a str, not decoded from a file, may also hold what no UTF-8 file can: a lone surrogate.
NOT_TEXT = re.compile(f"{FORBIDDEN_CHARACTERS.pattern}|[\ud800-\udfff]")


def version(path: Path) -> tuple[int, int]:
    """A stamp of a file's modification and change times and inode, and its size: part of a cache's key, so
    that a font or picture replaced while a service runs is read again (the key of the path alone served the
    old file's bytes; then one of the same size whose modification time `cp -p`, rsync -t or unzip restored).
    The change time moves with any write and cannot be set back."""
    stat = path.stat()
    return hash((stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)), stat.st_size


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


# id(bulletin) -> the name and text it was read from, and the files read for it, for as long as it lives
# (remember_source).
_SOURCES: dict[int, tuple[str, str, tuple[Path, ...]]] = {}


def remember_source(bulletin: object, name: str, text: str, files: Iterable[Path] = ()) -> None:
    """Keep the name and text a bulletin was read from while it lives, so that an error its renderer
    finds later names the line it is on (api.render), as the command line's errors do; and the `files`
    read for it (its source, publisher file, pictures, logo), which api.write never writes over. Not a field
    of the model: a bulletin built in code or changed with dataclasses.replace has no source text."""
    key = id(bulletin)
    _SOURCES[key] = (name, text, tuple(files))
    weakref.finalize(bulletin, _SOURCES.pop, key, None)  # before its id can be another's


def source_of(bulletin: object) -> tuple[str, str] | None:
    """The (name, text) `bulletin` was read from, or None."""
    found = _SOURCES.get(id(bulletin))
    return None if found is None else found[:2]


def files_of(bulletin: object) -> tuple[Path, ...]:
    """The files read for `bulletin` (remember_source), none for one built in code."""
    found = _SOURCES.get(id(bulletin))
    return () if found is None else found[2]


def at_front_matter_key(error: BriefExportError, bulletin: object, key: str) -> None:
    """Name the source `bulletin` was read from, and the line of its front matter's `key`, in an error
    about what that key names (the style it names, say) that names no other file."""
    source = source_of(bulletin)
    if source is None or error.file not in (None, source[0]):
        return
    name, text = source
    match = re.search(rf"^{re.escape(key)}[ \t]*:", text, re.MULTILINE)  # the first line that starts with it
    error.file, error.line = name, None if match is None else position(text, match.start())[0]


def locate(error: BriefExportError, name: str, text: str | None, folder: Path | None = None) -> None:
    """Name the source in a renderer's error, and the line of its `text` that holds what the renderer
    choked on (error.needle), unless the error already says where it is. A file the source names (a
    picture, by its absolute path) is looked for as the source writes it: relative to the source's
    `folder` when it is known (img/2023/chart.png is not img/2024/'s), else by its name."""
    if error.file is not None:
        return
    error.file = name
    if text is not None:  # the renderers name text as the loader read it: composed (NFC), which keeps the lines
        text = unicodedata.normalize("NFC", text)
    if error.needle and os.path.isabs(error.needle):
        needle = error.needle
        error.needle = os.path.relpath(needle, folder.resolve()) if folder else os.path.basename(needle)
    if error.needle and text is not None and (index := _centre_of(error.needle, text)) >= 0:
        error.line = position(text, index)[0]


def _centre_of(needle: str, text: str) -> int:
    """Where `text` holds the middle of `needle`: found whole, or, where the source writes it otherwise
    (markup, typography), the longest part of it around its middle; -1 if not even its middle character.
    (A character no font has was named with the words around it, so that of two lines that hold it the
    right one is found: a footnote's was blamed on the first line with that letter.)"""
    middle = len(needle) // 2
    for reach in range(middle, -1, -1):
        start = middle - reach
        at = text.find(needle[start : middle + reach + 1])
        if at >= 0:
            return at + reach
    return -1


def read_text(path: Path, error: type[BriefExportError], what: str = "file", limit: int | None = None) -> str:
    """The file's text with a BOM dropped and line endings made \\n; every problem is `error`. `limit` is
    the most bytes it may have (None: MAX_INPUT_BYTES, read when called; a recipient list has its own)."""
    limit = MAX_INPUT_BYTES if limit is None else limit
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise error(f"{what} is not a regular file", path)
        if size > limit:
            raise error(f"{what} is {size:,} bytes; the limit is {limit:,}", path)
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
    del data  # a recipient list may be hundreds of megabytes: not held twice
    return normalise_text(text, path, error, what, limit)


def normalise_text(
    text: str, path: str | Path, error: type[BriefExportError], what: str = "file", limit: int | None = None
) -> str:
    """Text as a file's would be read: within the size limit, byte-order marks dropped (the file's, those
    joined files leave at a line's start, and any other), line endings \\n, no forbidden characters (for
    text that arrives as a string, not a file)."""
    # The limit a file is held to, in its bytes as UTF-8 (a Cyrillic text has two a letter): counted only
    # where the characters may add up to it, as encoding copies the text.
    limit = MAX_INPUT_BYTES if limit is None else limit
    size = len(text) if len(text) * 4 <= limit else len(text.encode("utf-8", "surrogatepass"))
    if size > limit:
        raise error(f"{what} is {size:,} bytes as UTF-8; the limit is {limit:,}", path)
    # A byte-order mark opens a file; one at a line's start is a file's joined on by `cat a.md b.md`,
    # which turned "# Second section" after it into a paragraph of that text; one inside a line is the
    # zero-width no-break space Unicode has long replaced by U+2060, pasted in: it made "\ufeff5" no
    # figure, and went into every edition. None is text.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
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


# A numeric character reference (&#27;, &#x1B;): Markdown turns one for a character it may not carry into U+FFFD.
_REFERENCE = re.compile(r"(?<!\\)&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));")  # not after a backslash: text


def check_references(text: str, path: str | Path, error: type[BriefExportError]) -> None:
    """Refuse a character reference that stands for a character no edition carries, as that character
    typed would be: Markdown would print U+FFFD in its place, in every edition, unseen until then."""
    for match in _REFERENCE.finditer(text):
        code = int(match.group(1)) if match.group(1) else int(match.group(2), 16)
        if code > 0x10FFFF or NOT_TEXT.match(chr(code)):
            line, col = position(text, match.start())
            complaint = _refused(chr(code)) if code <= 0x10FFFF else "it names no character"
            raise error(f"column {col}: {match.group()}: {complaint}", path, line)


INVISIBLE = "invisible characters (such as a zero-width space, U+200B)"  # what blank() text shows


def blank(text: str) -> bool:
    """Whether `text` shows nothing: spaces, and format characters such as a zero-width space or joiner."""
    return all(char.isspace() or unicodedata.category(char) == "Cf" for char in text)


def character_complaint(text: str) -> str | None:
    """What is wrong with the first character of `text` that no edition can carry, or None."""
    match = NOT_TEXT.search(text)
    return None if match is None else _refused(match.group())


def _refused(char: str) -> str:
    if unicodedata.category(char) == "Cc":
        return f"control character U+{ord(char):04X} is not allowed (only tab and line breaks may appear)"
    if unicodedata.category(char) in ("Zl", "Zp"):
        return (
            f"{unicodedata.name(char).lower()} U+{ord(char):04X} is not allowed: write a space (in a text, a blank "
            "line ends a paragraph)"
        )
    return f"character U+{ord(char):04X} is not allowed"


NAME_MAX = 255  # bytes in one file name: Linux's, macOS's and Windows' limit (the OS's error named the install)


def overlong_name(names: Iterable[str]) -> str | None:
    """The longest of `names`, said, when it is longer than NAME_MAX bytes ("a name of 258 bytes ('…'); a
    file name holds at most 255"); None when none is."""
    longest = max(names, key=lambda name: len(os.fsencode(name)), default="")
    if len(os.fsencode(longest)) <= NAME_MAX:
        return None
    shown = f"{longest[:40]}…" if len(longest) > 40 else longest
    return f"a name of {len(os.fsencode(longest))} bytes ({shown!r}); a file name holds at most {NAME_MAX}"


def name_complaint(relative: str) -> str | None:
    """What is wrong with a relative path's names for any file system: one longer than NAME_MAX bytes."""
    found = overlong_name(Path(relative).parts)
    return f"holds {found}" if found else None


def confined(root: Path, relative: str, error: type[BriefExportError], file: str | Path, line: int | None) -> Path:
    """root/relative, refused unless it stays inside root once links are resolved."""
    if "\0" in relative:  # no file name holds one (a %00 in a picture's address)
        raise error(f"path {relative!r} holds a NUL character, which no file name may", file, line)
    complaint = name_complaint(relative)
    if complaint is not None:
        raise error(f"a path {complaint}", file, line)
    if Path(relative).is_absolute():
        raise error(f"path {relative!r} is absolute; give a path relative to {root}", file, line)
    resolved = (root / relative).resolve()
    if not resolved.exists():
        # The loader composes the source's text (NFC); a file named decomposed, as macOS writes "Zürich.png",
        # is found by that name on a file system that tells the two apart (Linux's).
        decomposed = (root / unicodedata.normalize("NFD", relative)).resolve()
        resolved = decomposed if decomposed.exists() else resolved
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
# What a file that is not the picture its name says holds, by its first bytes (a pattern: "." any byte).
_OTHER_KINDS = (
    (rb"\x89PNG\r\n\x1a\n", "a PNG picture"),
    (rb"\xff\xd8\xff", "a JPEG picture"),
    (rb"GIF8[79]a", "a GIF picture"),
    (rb"RIFF....WEBP", "a WebP picture"),
    (rb"....ftyp(heic|heix|mif1|avif)", "a HEIC or AVIF picture"),
    (rb"II\*\x00|MM\x00\*", "a TIFF picture"),
    (rb"BM", "a BMP picture"),
    (rb"%PDF-", "a PDF document"),
    (rb"\s*<(\?xml|svg)", "an SVG drawing or other XML"),
)


MAX_LISTED = 1000  # files in a folder a missing file's name is compared with


def file_head(
    root: Path,
    relative: str,
    error: type[BriefExportError],
    file: str | Path,
    line: int | None,
    what: str,
    size: int,
    kinds: Collection[str] = (),
) -> tuple[Path, bytes]:
    """root/relative, inside root, and its first `size` bytes (to check its kind by its signature).

    A missing file, or anything but a regular file (a folder, a pipe), is "not
    found"; one that cannot be read says why. Both name the file and line that
    gave the path.
    """
    path = confined(root, relative, error, file, line)
    if not path.is_file():
        # the folder by its whole name ("not found in ." said little), and the nearest name in it, for a typo
        # Only files of the kinds it may be (`kinds`, suffixes: "map.jpg" finds map.png), whatever name was asked
        # for: a service's caller was told the names of whatever else the folder held ("did you mean
        # db-password.txt?"), its folders too.
        try:  # a folder that cannot be listed (mode 0711), or one of thousands of files: no hint
            names = [
                entry.name
                for entry in itertools.islice(os.scandir(path.parent), MAX_LISTED)
                if Path(entry.name).suffix.lower() in kinds and entry.is_file()
            ]
        except OSError:
            names = []
        hint = suggest(path.name, names) if len(names) < MAX_LISTED else ""
        raise error(f"{what} {relative!r} not found in {root.resolve()}{hint}", file, line)
    try:
        with path.open("rb") as handle:
            return path, handle.read(size)
    except OSError as exc:
        raise error(f"cannot read {what} {relative!r}: {exc.strerror or exc}", file, line) from None


def picture(
    root: Path,
    relative: str,
    error: type[BriefExportError],
    file: str | Path,
    line: int | None,
    what: str = "logo",
    types: dict[str, str] = PICTURE_TYPES,
) -> Path:
    """root/relative as a PNG, JPEG or GIF file inside root, checked by its name and its first bytes,
    within the limits on bytes and pixels, and decoded whole.

    `what` names it in errors ("logo", "picture"); `types` are the suffixes allowed and what they mean.
    """
    path, head = file_head(root, relative, error, file, line, what, 16, kinds=types)
    kind = types.get(path.suffix.lower())
    rule = PICTURE_RULE if types is PICTURE_TYPES else FIGURE_RULE
    if kind is None:
        raise error(f"{what} {relative!r} {rule}", file, line)
    if not head.startswith(_SIGNATURES[kind]):
        named = kind.removeprefix("image/").upper()
        if not head:
            raise error(f"{what} {relative!r} is an empty file (0 bytes), not a {named} picture", file, line)
        held = next((name for pattern, name in _OTHER_KINDS if re.match(pattern, head, re.DOTALL)), None)
        if held is None:
            raise error(f"{what} {relative!r} is not a {named} file", file, line)
        # A kind allowed under another name wants renaming; any other, saving as an allowed kind.
        suffix = next((s for s, k in types.items() if f"a {k.removeprefix('image/').upper()} " in held), None)
        kinds = list(dict.fromkeys(k.removeprefix("image/").upper() for k in types.values()))
        advice = f"rename it to {suffix}" if suffix else f"save it as {', '.join(kinds[:-1])} or {kinds[-1]}"
        raise error(f"{what} {relative!r} holds {held}, not a {named} one as its name says: {advice}", file, line)
    # Within the limits, and whole: a logo that claimed 30,000 x 30,000 pixels reached Pillow's own
    # "decompression bomb" message, and one of 1 x 40,000,000 the EPUB's cover picture as a traceback.
    size = path.stat().st_size
    if size > MAX_PICTURE_BYTES:
        raise error(f"{what} {relative!r} is {size:,} bytes; the limit is {MAX_PICTURE_BYTES:,}", file, line)
    problem = _pixels_problem(path, kind)
    if problem:
        raise error(f"{what} {relative!r} {problem}", file, line)
    return path


# A figure's picture: PNG or JPEG (every edition and every EPUB reader shows both; GIF is for logos).
FIGURE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
FIGURE_RULE = f"must be a PNG or JPEG picture ({', '.join(FIGURE_TYPES)})"
# A photograph from a good camera is 5-15 MB and 24-45 megapixels; more is a mistake or a decompression
# bomb (a small file that claims a huge image: 30,000 x 30,000 pixels is 2.7 GB of RGB).
# Scans of a progressive JPEG: cameras and editors write up to about 20; a 172 KB picture of 1,000 scans
# took 23 s to decode, and a 20 MB one would take hours.
MAX_JPEG_SCANS = 100
MAX_PICTURE_BYTES = 20 * 1024 * 1024
MAX_PICTURE_PIXELS = 50_000_000


def figure_picture(
    root: Path, relative: str, error: type[BriefExportError], file: str | Path, line: int | None
) -> Path:
    """root/relative as a figure's picture: a PNG or JPEG inside root (by name and first bytes), within
    the limits on bytes and pixels, and whole: decoded to its last pixel, so a truncated or damaged
    file is an error here, with the line that names it, not in a renderer."""
    return picture(root, relative, error, file, line, "picture", FIGURE_TYPES)


def _pixels_problem(path: Path, kind: str) -> str | None:
    """What is wrong with a picture's pixels, or None, decided once per version of the file: the brand's
    logo is checked on every render of every edition, and decoding it each time was the render's I/O."""
    return _decoded_problem(str(path), *version(path), kind)


@functools.lru_cache(maxsize=256)
def _decoded_problem(path: str, stamp: int, length: int, kind: str) -> str | None:
    """_pixels_problem for one version (stamp, length: version()) of the file: too many pixels (read from the
    header, before Pillow allocates anything), or a file that does not decode."""
    with open(path, "rb") as handle:
        head = handle.read(MAX_PICTURE_BYTES)
    size = {"image/png": _png_size, "image/gif": _gif_size}.get(kind, _jpeg_size)(head)
    if size is None:
        return f"has no readable {kind.removeprefix('image/').upper()} header"
    width, height = size
    if width * height > MAX_PICTURE_PIXELS:
        return (
            f"is {width:,} × {height:,} pixels; at most {MAX_PICTURE_PIXELS:,} pixels "
            f"({MAX_PICTURE_PIXELS // 1_000_000} megapixels) are allowed"
        )
    # Each scan of a progressive JPEG is decoded over the whole picture.
    if kind == "image/jpeg" and (scans := _jpeg_scans(head)) > MAX_JPEG_SCANS:
        return (
            f"is a progressive JPEG of {scans:,} scans, each decoded over the whole picture; at most "
            f"{MAX_JPEG_SCANS} are allowed: save it again as a JPEG"
        )
    from PIL import Image  # here: only a source with pictures pays for Pillow

    try:
        with Image.open(io.BytesIO(head), formats=[kind.removeprefix("image/").upper()]) as image:
            if image.format == "JPEG":  # decoded at an eighth of its size: every byte still read, 64x less memory
                image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
            image.load()
            # (a camera's JPEG may hold a second picture, MPO: no animation)
            frames = getattr(image, "n_frames", 1) if image.format in ("PNG", "GIF") else 1
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        # Pillow may name the buffer it read ("<_io.BytesIO object at 0x7fd7…>"): an address, new each run
        said = re.sub(r"\s*<[^<>]* at 0x[0-9a-fA-F]+>", "", str(exc).splitlines()[0] if str(exc) else "")
        return f"cannot be decoded ({said[:80] or type(exc).__name__}); the file is damaged"
    if frames > 1:  # the EPUB and Word copy would show it moving; a flashing one is a seizure hazard
        return (
            f"is animated ({frames} frames), which an accessible edition may not be (it cannot be paused, "
            "and may flash); save it as one still picture"
        )
    return None


def _gif_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a GIF as Pillow decodes it: its logical screen (right after its signature), grown
    to hold each frame it finds (a 125 KB logo said 1 × 1 and held a frame of 13,000 × 13,000, which Pillow
    decoded in 1.9 GB)."""
    if len(data) < 13:
        return None
    width, height = int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    flags = data[10]
    at = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)  # past the global colour table
    while at < len(data) and data[at] != 0x3B:  # to the trailer
        if data[at] == 0x21:  # an extension: its label, then sub-blocks
            at += 2
        elif data[at] == 0x2C and at + 10 <= len(data):  # a frame: where it stands and its size
            left, top, wide, high = (int.from_bytes(data[at + i : at + i + 2], "little") for i in (1, 3, 5, 7))
            width, height = max(width, left + wide), max(height, top + high)
            local = data[at + 9]
            at += 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0) + 1  # its colour table, LZW code size
        else:
            break  # not a GIF block: Pillow will say what is wrong
        while at < len(data) and data[at]:  # sub-blocks, each led by its length, to an empty one
            at += data[at] + 1
        at += 1
    return width, height


def _png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR chunk, which must come first."""
    if len(data) < 24 or data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


# JPEG start-of-frame markers (ITU T.81 B.1.1.3): C0-CF but C4 (Huffman tables), C8 (reserved), CC (arithmetic).
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


_SOS, _EOI = 0xDA, 0xD9  # start of scan, end of image
_RESTARTS = frozenset(range(0xD0, 0xD8))


def _jpeg_segments(data: bytes) -> Iterator[tuple[int, int]]:
    """Each marker of a JPEG and where it stands, walked from marker to marker (a scan's coded data passed
    over) up to its end of image: what follows it, a phone's "motion photo" video, is no part of it."""
    at = 2
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker == _EOI:
            return
        yield marker, at
        at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")
        if marker == _SOS:  # its coded data runs to the next marker: in it a 0xFF is followed by 0 or a restart
            while (at := data.find(b"\xff", at)) >= 0 and (data[at + 1 : at + 2] or b"\xd9")[0] in (0, *_RESTARTS):
                at += 2
            if at < 0:
                return


def _jpeg_scans(data: bytes) -> int:
    """How many scans a JPEG holds: its start-of-scan segments."""
    return sum(marker == _SOS for marker, _ in _jpeg_segments(data))


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a JPEG's first start-of-frame segment."""
    for marker, at in _jpeg_segments(data):
        if marker in _SOF:
            if at + 9 > len(data):
                return None
            return int.from_bytes(data[at + 7 : at + 9], "big"), int.from_bytes(data[at + 5 : at + 7], "big")
    return None
