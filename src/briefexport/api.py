"""The library's calls: read a bulletin, render an edition, write it.

Everything a caller passes is checked here with a plain TypeError, and every
bulletin is validated before it is rendered (a model built in code or read
from JSON is held to the loader's rules), so no error comes from deep inside
ReportLab, python-docx or ebooklib. Styles are found by name in `style_dir`,
then among the built-in styles; a path to a .toml is the caller's to give, as a
pathlib.Path (a string is always a name).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from .errors import BriefExportError, OutputError, RenderError, SourceError, StyleError
from .inputs import MAX_INPUT_BYTES, at_front_matter_key, files_of, locate, source_of
from .model import Bulletin, Figure
from .output import write_atomic
from .printedition import for_print, has_print_edition, press_check
from .registry import BUILT_IN_SUFFIXES, registry, rendered
from .styles import Style, check_style, find_style, load_style, style_folders
from .validation import check_argument, check_path, validate

StyleDir = str | Path | Iterable[str | Path] | None
PATH_INSTEAD = "; to read a style file, pass its path as a pathlib.Path"


def load(path: str | Path) -> Bulletin:
    """Read a bulletin source file; problems raise SourceError with file:line.

    Files it names (its publisher file, a logo) are looked up beside it and may not leave its folder.
    """
    from .sources import load as load_source  # the Markdown and YAML parsers, when a source is read

    check_argument("path", path, (str, Path))
    check_path("path", path)
    return load_source(path)


def loads(
    text: str | bytes | IO[str] | IO[bytes], base_dir: str | Path | None = None, name: str = "<string>"
) -> Bulletin:
    """Parse a bulletin source held in memory: a str, UTF-8 bytes, or a file object open in either mode.

    Files it names (its publisher file, a logo) are looked up inside `base_dir` and may not leave it;
    with no `base_dir` the source may name none. Errors say `name:line: ...`.
    """
    from .sources import loads as parse

    check_argument("base_dir", base_dir, (str, Path, type(None)))
    check_path("base_dir", base_dir)
    check_argument("name", name, (str,))
    if base_dir is not None and not Path(base_dir).is_dir():  # else told as its publisher file not found
        raise SourceError(f"base_dir {str(base_dir)!r} is not a folder that exists", name)
    if hasattr(text, "read"):  # a file object, open in either mode: never more than the limit is read
        try:
            content = text.read(MAX_INPUT_BYTES + 1)
        except UnicodeDecodeError as exc:  # a text-mode file of other bytes: as bytes are told (no line known)
            raise _not_utf8(exc, name) from None
        check_argument("text.read()", content, (str, bytes))  # a reader of something else: told as such
        if len(content) > MAX_INPUT_BYTES:
            raise SourceError(f"source is longer than the limit of {MAX_INPUT_BYTES:,} bytes", name)
    else:
        content = text
    check_argument("text", content, (str, bytes))
    if isinstance(content, bytes):
        raw = content
        try:
            content = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _not_utf8(exc, name, raw.count(b"\n", 0, exc.start) + 1) from None
    assert isinstance(content, str)
    return parse(content, base_dir, name)


def _not_utf8(error: UnicodeDecodeError, name: str, line: int | None = None) -> BriefExportError:
    """What loads says of bytes that are not UTF-8, whichever way they came."""
    return SourceError(f"invalid UTF-8 (byte 0x{error.object[error.start]:02x}); send UTF-8", name, line)


def formats() -> list[str]:
    """The names of every registered format that loads: a broken plugin is left out (`briefexport formats`
    lists it with its error, and rendering it raises that error as a RegistryError)."""
    return registry.usable()[0]


def render(
    bulletin: Bulletin,
    fmt: str,
    style: Style | str | Path | None = None,
    style_dir: StyleDir = None,
    *,
    print_edition: bool = False,
) -> bytes:
    """The bytes of one edition.

    `fmt` is a format name, in any case (`formats()` lists them). `style` is a
    Style, a style name (a str, looked up in `style_dir`, one folder or several,
    then among the built-in styles) or a pathlib.Path to a .toml; by default the
    bulletin's own `style`, which is looked up by name only. With `print_edition`,
    the print shop's edition of a format that has one (the PDF: PDF/X-4 in CMYK, crop
    marks and bleed, as `build --print` makes it), checked by preflight: one unfit for
    press is a RenderError. The bulletin is validated first. A problem the renderer
    finds in a bulletin read by load() or loads() names the file (or name) and line.
    Raises ModelError, StyleError or RenderError (all BriefExportError). Safe to call
    from many threads at once.
    """
    check_argument("bulletin", bulletin, (Bulletin,))
    check_argument("fmt", fmt, (str,))
    check_argument("style", style, (Style, str, Path, type(None)))
    check_argument("print_edition", print_edition, (bool,))
    renderer = registry.get(fmt)
    if print_edition and not has_print_edition(renderer):
        printed = ", ".join(loaded.name for loaded in registry.loadable() if has_print_edition(loaded))
        raise RenderError(f"the {renderer.name} format has no print edition; print_edition=True is for {printed}")
    validate(bulletin)
    chosen = for_print(_style(bulletin, style, style_dir), print_edition, None)
    try:
        data = rendered(renderer, bulletin, chosen)
        if print_edition:
            press_check(data, "the print edition", chosen)
        return data
    except BriefExportError as error:  # a character no font has, a picture too coarse for print...
        source = source_of(bulletin)
        if source is not None:  # ... at its line in the source the bulletin was read from
            locate(error, *source)
        else:  # ... or in its section, in one built in code or changed with dataclasses.replace
            _name_its_section(error, bulletin, chosen)
        raise


def _name_its_section(error: BriefExportError, bulletin: Bulletin, style: Style) -> None:
    """Begin the message of a renderer's error about a picture (a print edition's coarse one, a file that is
    no PNG or JPEG) with the section that holds it, as the PDF's glyph check names the section of a
    character no font has: with no source to give a line, it named no place at all."""
    if error.file is not None or not error.needle:
        return
    parts = [("introduction", bulletin.introduction)]
    for i, section in enumerate(bulletin.sections):
        parts.append((style.section_place(i, section.title), section.blocks))
    for where, blocks in parts:
        if any(isinstance(block, Figure) and block.path == error.needle for block in blocks):
            error.message = f"{where}: {error.message}"
            error.args = (error.message,)
            return


def write(
    bulletin: Bulletin,
    fmt: str,
    path: str | Path,
    style: Style | str | Path | None = None,
    style_dir: StyleDir = None,
    *,
    print_edition: bool = False,
) -> Path:
    """Render (as render() does) and write atomically: on any error the previous file at `path` is untouched.
    A `path` ending in another format's suffix is refused (a trial wrote a PDF into issue.docx without a word)."""
    check_argument("path", path, (str, Path))
    check_path("path", path)
    check_argument("fmt", fmt, (str,))
    suffix, name = registry.get(fmt).suffix, Path(path).name
    if not name.lower().endswith(suffix) and Path(name).suffix.lower() in BUILT_IN_SUFFIXES:
        raise OutputError(f"cannot write the {fmt.lower()} edition to {name}: its file ends in {suffix}", path)
    source = source_of(bulletin)
    if source is not None and _same_file(source[0], path):  # a trial's write(b, "text", "bulletin.md")
        raise OutputError(f"cannot write the {fmt.lower()} edition to {name}: it is the bulletin's source", path)
    if any(_same_file(read, path) for read in files_of(bulletin)):  # a review: its publisher.yaml, a picture
        raise OutputError(f"cannot write the {fmt.lower()} edition to {name}: the bulletin was read from it", path)
    return write_atomic(path, render(bulletin, fmt, style, style_dir, print_edition=print_edition))


def _same_file(one: str | Path, other: str | Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:  # either is not there (a bulletin from loads() names no file)
        return False


def _style(bulletin: Bulletin, style: Style | str | Path | None, style_dir: StyleDir) -> Style:
    """The style to render `bulletin` in, the words a built-in style gave it in the bulletin's language.
    A string is a name, never a path: one taken from a request cannot open a file of its choosing."""
    if isinstance(style, Style):
        check_style(style)
        chosen = style
    elif isinstance(style, Path):
        if style.is_dir():
            raise StyleError(f"style={style!r} is a folder: give a style's .toml file, or the folder as style_dir=")
        chosen = load_style(style)
    elif style is not None:
        chosen = load_style(find_style(style, style_folders(style_dir), PATH_INSTEAD))
    else:  # the bulletin's own `style` is content: a name, never a path
        own = bulletin.metadata.style
        try:
            if own.endswith(".toml"):
                raise StyleError(
                    f"the bulletin's style {own!r} is a path, and a bulletin names its style by name only (a path "
                    "in a source could name any file); a program that trusts this source may pass the file as "
                    "style=Path(...)"
                )
            chosen = load_style(find_style(own, style_folders(style_dir), ""))
        except StyleError as error:
            at_front_matter_key(error, bulletin, "style")
            raise
    return chosen.in_language(bulletin.metadata.language)
