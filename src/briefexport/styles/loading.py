"""Finding a style by name or path, reading its `extends` chain and building the Style from it."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..errors import StyleError, UnknownStyle, allowed_list, suggest
from ..fields import Field, check_fields
from ..inputs import NAME_MAX, confined, picture
from ..printing import read_printing
from ..validation import check_argument, check_path
from .model import FALLBACK, FONT_FACES, TRANSLATED, Cover, FontFamily, Style
from .schema import (
    BUILT_IN,
    TABLES,
    TOP,
    check_contrast,
    check_measures,
    check_templates,
    check_typeface,
    fallback_chain,
    font_file,
    read_lists,
    table_prefix,
    table_spec,
)
from .tomlfile import KeyLines, as_toml, read_toml

_NAME = re.compile(r"[A-Za-z0-9_\-]+")
MAX_STYLE_NAME = NAME_MAX - len(".toml")


# Styles in one extends chain, the style itself included: a brand extends plain, perhaps a house style.
MAX_EXTENDS = 16


def style_names(directory: Path) -> list[str]:
    """The styles a folder offers: its .toml files, but links that lead out of it (never read: find_style)
    or nowhere (a loop of links raised RuntimeError here)."""
    inside = directory.resolve()

    def offered(path: Path) -> bool:
        try:
            return path.resolve().is_relative_to(inside) and path.is_file()
        except (OSError, RuntimeError):
            return False

    return sorted(p.stem for p in directory.glob("*.toml") if offered(p))


def style_folders(folders: str | Path | Iterable[str | Path] | None) -> list[Path]:
    """The folders a style name is looked up in, in order: those given, then the built-in styles. A
    TypeError with a plain message for anything else (a number, bytes, a list holding one); a StyleError
    for a folder that is not there (a mistyped one left only the built-in styles, without a word)."""
    if folders is None or isinstance(folders, str | Path):
        given = [] if folders is None else [folders]
    elif isinstance(folders, Iterable) and not isinstance(folders, bytes):
        given = list(folders)
        for folder in given:
            check_argument("each style folder", folder, (str, Path))
    else:
        raise TypeError(f"style folders must be a str, Path, several of them or None, got {type(folders).__name__}")
    for folder in given:
        check_path("a style folder", folder)
        if not Path(folder).is_dir():
            raise StyleError(f"style folder {str(folder)!r} is not a folder that exists")
    return list(dict.fromkeys([*map(Path, given), BUILT_IN]))


def load_style(name_or_path: str | Path, style_dir: str | Path | Iterable[str | Path] | None = None) -> Style:
    """A style by name, looked up in `style_dir` (one folder or several, in order; named as render's) and
    then among the built-in styles; or by path to its .toml (a path is the caller's to give: see find_style).
    Never hand it a source's own `style:` value: render() with no style reads that, by name only."""
    check_argument("name_or_path", name_or_path, (str, Path))
    check_path("name_or_path", name_or_path)
    candidate = Path(name_or_path)
    if isinstance(name_or_path, Path) and candidate.suffix != ".toml":  # a trial's Path was told of style names
        raise StyleError(f"style file {str(name_or_path)!r} is no .toml: give a style's .toml, or its name as a str")
    path = candidate if candidate.suffix == ".toml" else find_style(str(name_or_path), style_folders(style_dir))
    if candidate.suffix == ".toml" and not candidate.exists():
        raise missing_style_file(str(name_or_path), candidate.absolute().parent, style_folders(style_dir))
    data, origin, files = _load_chain(path)
    return _build(data, origin, path, files)


def missing_style_file(written: str, folder: Path, folders: list[Path]) -> StyleError:
    """The error for a style's .toml, `written` as given, that is not in `folder`; told the style's name when
    one of `folders` has a style of that name ("-s mybrand.toml" for styles/mybrand.toml, "style:
    aircenter.toml" for the built-in one: a .toml is a path, a name finds a style in the folders)."""
    stem = Path(written).stem
    found = next((f for f in folders if _NAME.fullmatch(stem) and (f / f"{stem}.toml").is_file()), None)
    if found is None:
        hint = "; give a style's name (briefexport styles lists them) or the path of its .toml"
    else:
        where = "a built-in style" if found == BUILT_IN else f"in {found}"
        hint = f"; did you mean the style {stem!r} (its name, without .toml), {where}?"
    return StyleError(f"style file {written!r} not found in {folder}{hint}")


# What `extends` may name: no path, so that a style never reads outside its own folder.
EXTENDS_NAMES = " (a built-in style, or another style file in this folder, by its name without .toml)"


def find_style(
    name: str,
    folders: list[Path],
    otherwise: str = "; or give a path to a .toml",
    elsewhere: str = " (a folder of your own: --style-dir, or style_dir= in the library)",
    asking: str | None = None,
) -> Path:
    """The .toml of style `name` in the first of `folders` that has it; symbolic links may not lead out.
    `otherwise`, after the rule for a name, says what the caller could give instead; `elsewhere`, after an
    unknown name, where else a style could be; `asking`, the style whose `extends` names it, is never the
    one suggested (Brand.toml's extends = "brand" was told: did you mean "Brand"?)."""
    if not _NAME.fullmatch(name):
        raise StyleError(f"style name {name!r} may hold only letters, digits, - and _{otherwise}")
    if len(name) > MAX_STYLE_NAME:  # its file's name would be longer than a file system allows
        raise StyleError(f"style name {name[:40]!r}… is {len(name)} characters long; at most {MAX_STYLE_NAME}")
    for folder in folders:
        if (folder / f"{name}.toml").is_file():
            return confined(folder, f"{name}.toml", StyleError, folder / f"{name}.toml", None)
    known = sorted({n for folder in folders for n in style_names(folder)})
    searched = ", ".join("the built-in styles" if f == BUILT_IN else str(f) for f in folders)
    others = [n for n in known if n != asking]
    raise UnknownStyle(
        f"unknown style {name!r}{suggest(name, others)}; looked in {searched}; styles there: "
        f"{allowed_list(known) or 'none'}{elsewhere}"
    )


# Where each key came from, so an error in an inherited key names the right file.
_Origin = dict[tuple[str, ...], tuple[Path, KeyLines]]


def _load_chain(path: Path) -> tuple[dict[str, Any], _Origin, tuple[Path, ...]]:
    """The style at `path` merged over every style it extends, followed one file at a time; and those files."""
    chain: list[tuple[Path, dict[str, Any], KeyLines]] = []
    seen: list[Path] = []
    while True:
        data, lines = read_toml(path)
        if path.resolve() in seen:
            names = " -> ".join(p.stem for p in [*seen, path.resolve()])
            hidden = (BUILT_IN / path.name).is_file() and path.resolve() != (BUILT_IN / path.name).resolve()
            if hidden and len(seen) == 1:  # styles/aircenter.toml with extends = "aircenter": a new user's first brand
                raise StyleError(
                    f"style extends itself ({names}): a file named like the built-in style {path.stem!r} hides it, "
                    f"so it cannot extend it; name it otherwise (e.g. {path.stem}-brand.toml, then "
                    f"style: {path.stem}-brand)",
                    path,
                    lines.of("extends"),
                )
            raise StyleError(f"style extends itself ({names})", path, lines.of("extends"))
        seen.append(path.resolve())
        chain.append((path, data, lines))
        parent_name = data.get("extends")
        if parent_name is None:
            break
        if not isinstance(parent_name, str):
            raise StyleError("extends must be the name of another style", path, lines.of("extends"))
        try:
            # Only beside the file: the folders a build or render was given are not this file's to reach.
            beside = (
                f" (extends finds a style beside this file or a built-in one: put {parent_name}.toml in {path.parent})"
            )
            parent = find_style(parent_name, style_folders(path.parent), EXTENDS_NAMES, beside, path.stem)
        except StyleError as error:
            raise StyleError(f"extends: {error.message}", path, lines.of("extends")) from None
        if len(chain) >= MAX_EXTENDS and parent.resolve() not in seen:  # a loop is named as one, below
            raise StyleError(f"extends chain longer than {MAX_EXTENDS} styles", path, lines.of("extends"))
        path = parent
    merged: dict[str, Any] = {}
    origin: _Origin = {}
    for path, data, lines in reversed(chain):  # the root first: each child's keys win
        colours = merged.get("colors")
        before = dict(colours) if isinstance(colours, dict) else {}
        _merge(merged, data, origin, (), path, lines)
        _inks_follow_colours(merged, data, before, origin)
    return merged, origin, tuple(path for path, _, _ in chain)


def _inks_follow_colours(merged: dict[str, Any], data: dict[str, Any], before: dict[str, Any], origin: _Origin) -> None:
    """Forget the print ink of each colour `data` changes without naming an ink for it: an ink was chosen for
    its colour's RGB (a brand that extended aircenter with its own burgundy printed aircenter's navy), and a
    colour without one is converted through the output profile."""
    printing = merged.get("print")
    inks = printing.get("colors") if isinstance(printing, dict) else None
    colours, own = data.get("colors"), data.get("print")
    own_inks = own.get("colors") if isinstance(own, dict) else None
    if not isinstance(inks, dict) or not isinstance(colours, dict):
        return
    for name, value in colours.items():
        same = str(before.get(name)).upper() == str(value).upper()  # "#14365d" is aircenter's "#14365D"
        if name in inks and not same and not (isinstance(own_inks, dict) and name in own_inks):
            del inks[name]
            origin.pop(("print", "colors", name), None)


def _merge(
    into: dict[str, Any], data: dict[str, Any], origin: _Origin, prefix: tuple[str, ...], path: Path, lines: KeyLines
) -> dict[str, Any]:
    """Deep-merge `data` over `into`, recording which file set each key."""
    for key, value in data.items():
        where = (*prefix, key)
        origin[where] = (path, lines)
        if isinstance(value, dict):
            target = into[key] if isinstance(into.get(key), dict) else {}
            into[key] = _merge(target, value, origin, where, path, lines)
        else:
            into[key] = value
    return into


def _build(data: dict[str, Any], origin: _Origin, path: Path, files: tuple[Path, ...]) -> Style:
    def checker(prefix: tuple[str, ...]) -> tuple[Any, Any]:
        """line_of and file_of for keys under prefix, following each key to the file that set it."""

        def where(key: str) -> tuple[Path, KeyLines | None]:
            return origin.get((*prefix, key)) or origin.get(prefix) or (path, None)

        def line_of(key: str) -> int | None:
            lines = where(key)[1]
            return (lines.of(*prefix, key) or lines.of(*prefix) or 1) if lines else None

        return line_of, lambda key="": where(key)[0]

    def check(table: dict[str, Any], spec: Mapping[str, Field], prefix: tuple[str, ...]) -> None:
        line_of, file_of = checker(prefix)
        check_fields(table, spec, file=file_of, line_of=line_of, error=StyleError, where=table_prefix(prefix))

    check(data, TOP, ())
    tables: dict[str, Any] = {}
    for name, cls in TABLES.items():
        check(data[name], table_spec(cls), (name,))
        tables[name] = cls(**data[name])
        check_templates(name, data[name], checker((name,)))

    check_measures(tables["page"], tables["sizes"], checker, files)
    check_contrast(tables["colors"], tables["mail"], checker, files)
    fonts: dict[str, FontFamily] = {}
    font_spec = table_spec(FontFamily)
    fallback = fallback_chain(data["fonts"].get(FALLBACK, []), checker(("fonts",)))
    for family, faces in data["fonts"].items():
        if family == FALLBACK:
            continue
        prefix = ("fonts", family)
        line_of, file_of = checker(prefix)
        if not isinstance(faces, dict):
            raise StyleError(f"fonts.{family} must be a table of font files", file_of(), line_of(family))
        check(faces, font_spec, prefix)
        resolved = dict(faces)
        for face in FONT_FACES:
            resolved[face] = font_file(file_of(face).parent, faces[face], file_of(face), line_of(face))
        check_typeface(family, resolved, checker, files)
        fonts[family] = FontFamily(**resolved)
    for role, family in dataclasses.asdict(tables["roles"]).items():
        if family not in fonts:
            line_of, file_of = checker(("roles",))
            raise StyleError(
                f"roles.{role} names font family {family!r}{suggest(family, fonts)}; families: {allowed_list(fonts)}",
                file_of(role),
                line_of(role),
            )

    def built_in(key: str) -> bool:
        found = origin.get(tuple(key.split(".")))
        return found is not None and found[0].resolve().parent == BUILT_IN

    # A brand that words its source label ("Data") and not the plural says the same over several sources.
    own_source = not built_in("labels.source")
    if own_source and built_in("labels.sources"):
        tables["labels"] = dataclasses.replace(tables["labels"], sources=tables["labels"].source)
    builtin = [
        (key, data[key.split(".")[0]][key.split(".")[1]])
        for key in TRANSLATED
        if built_in(key) and not (key == "labels.sources" and own_source)
    ]
    cover: Cover = tables["cover"]
    logo = None
    if cover.logo:
        line_of, file_of = checker(("cover",))
        logo = picture(file_of("logo").parent, cover.logo, StyleError, file_of("logo"), line_of("logo"))
    return Style(
        name=data["name"],
        label=data["label"],
        file=path,
        fonts=fonts,
        files=files,
        logo_path=logo,
        fallback=fallback,
        print=read_printing(data.get("print"), data["colors"], checker, files),
        lists=read_lists(data.get("lists"), checker),
        builtin_words=tuple(builtin),
        **tables,
    )


def key_origin(style: Style, key: str) -> tuple[str, int | None]:
    """The file of the style's chain that sets `key` ("lists.bullets"), the style's own first, and the
    key's line there; the style's own file when none sets it (for an error about a value it holds); no
    file ("", None) when the value is not the one that file says: set in code (Style.replace), or a
    built-in style's word said in the bulletin's language."""
    path = key.split(".")
    value: Any = style
    for part in path:
        value = getattr(value, part, None)
    for file in style.files:
        try:
            data, lines = read_toml(file)
        except StyleError:
            continue
        node: Any = data
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        if node is not None:
            return (str(file), lines.of(*path)) if node == as_toml(value) else ("", None)
    return (str(style.files[0]), None) if style.files else ("", None)


def style_inputs(style: Style) -> list[Path]:
    """Every file a style reads: its TOML chain, its fonts, its logo (for rebuild checks)."""
    files = list(style.files)
    for family in style.fonts.values():
        files += family.faces().values()
    files += style.fallback
    if style.logo_path:
        files.append(style.logo_path)
    return list(dict.fromkeys(files))
