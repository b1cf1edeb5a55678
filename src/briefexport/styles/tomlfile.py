"""A style file's TOML read safely: nesting measured before tomllib recurses, and the line of every key
kept so that errors name it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from ..errors import StyleError
from ..inputs import character_complaint, read_text

# Tables and arrays inside one another, the file's own table being the first level. A style needs
# three ([fonts.serif]); tomllib recurses for each nested array or inline table and fails near 500.
MAX_TOML_DEPTH = 32
_TOO_DEEP = f"TOML nested deeper than {MAX_TOML_DEPTH} levels"


# What may hold a bracket that opens no array or inline table: strings (multi-line first) and comments.
# An unclosed string runs to the end of its text or line, so that every scan stays linear.
_TOML_TEXT = (
    r'"""(?:[^\\]|\\.)*?(?:"""(?!")|\Z)'  # multi-line basic string
    r"|'''.*?(?:'''(?!')|\Z)"  # multi-line literal string
    r'|"(?:[^"\\\n]|\\.)*(?:"|$)'  # basic string
    r"|'[^'\n]*(?:'|$)"  # literal string
    r"|#[^\n]*"  # comment
)
_TOML_STRINGS = re.compile(_TOML_TEXT, re.S | re.M)
_TOML_BRACKETS = re.compile(rf"{_TOML_TEXT}|(?P<open>[\[{{])|(?P<close>[\]}}])", re.S | re.M)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


_KEY_PART = r'"[^"\n]*"|\'[^\'\n]*\'|[A-Za-z0-9_\-]+'
_DOTTED_KEY = re.compile(rf"^((?:{_KEY_PART})(?:\s*\.\s*(?:{_KEY_PART}))*)\s*=")


class KeyLines:
    """Line numbers of TOML keys: tomllib keeps none, so find `key =` (or `a.b =`) under its [table]."""

    def __init__(self, text: str) -> None:
        self.keys: dict[tuple[str, ...], int] = {}
        table: tuple[str, ...] = ()
        for number, line in enumerate(text.split("\n"), 1):
            stripped = line.strip()
            header = re.match(r"^\[\s*([A-Za-z0-9_.\- \"]+?)\s*\]", stripped)
            if header:
                table = tuple(part.strip().strip('"') for part in header.group(1).split("."))
                self.keys.setdefault(table, number)
                continue
            key = _DOTTED_KEY.match(stripped)
            if key:
                parts = (part.strip("\"'") for part in re.findall(_KEY_PART, key.group(1)))
                self.keys.setdefault((*table, *parts), number)

    def of(self, *path: str) -> int | None:
        return self.keys.get(path)

    def first_under(self, path: tuple[str, ...]) -> int | None:
        """The line of the first key at or under `path`, else of the nearest table above it."""
        under = [line for key, line in self.keys.items() if key[: len(path)] == path]
        if under:
            return min(under)
        return next((line for n in range(len(path) - 1, 0, -1) if (line := self.of(*path[:n]))), None)


def as_toml(value: Any) -> Any:
    """A value as a style file would hold it: tuples as lists, in tables as dicts."""
    if isinstance(value, dict):
        return {key: as_toml(item) for key, item in value.items()}
    return [as_toml(item) for item in value] if isinstance(value, tuple | list) else value


def read_toml(path: Path) -> tuple[dict[str, Any], KeyLines]:
    text = read_text(path, StyleError, "style")
    _check_brackets(text, path)  # tomllib recurses into each nested array or inline table
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "syntax error"
        if message == "Cannot overwrite a value" and line is not None:  # tomllib's words for a key given twice
            twice_set = text.splitlines()[line - 1].partition("=")[0].strip()
            message = f"{twice_set} is set twice in one table; keep one"
        elif twice := re.fullmatch(r"Cannot declare \((.*)\) twice", message):
            table = ".".join(re.findall(r"'([^']*)'", twice.group(1)))
            message = f"[{table}] is declared twice; merge the two tables"
        raise StyleError(f"TOML syntax: {message}", path, line) from None
    lines = KeyLines(text)
    deep = _too_deep(data, 1)  # [a.b.c…] headers and a.b.c… keys nest tables without brackets
    if deep is not None:
        keys: list[str] = []
        for key in deep:  # the tables' names, up to the first array
            if not isinstance(key, str):
                break
            keys.append(key)
        raise StyleError(_TOO_DEEP, path, lines.first_under(tuple(keys)) or 1)
    refused = refused_text(data, ())
    if refused is not None:  # a TOML escape ("\u0000") gives what no edition can carry (XML, CSS, mail)
        where, complaint = refused
        raise StyleError(f"{'.'.join(where)}: {complaint}", path, lines.first_under(where) or 1)
    return data, lines


def refused_text(data: dict[str, Any], prefix: tuple[str, ...]) -> tuple[tuple[str, ...], str] | None:
    """The first key under `data` whose text (or a text in its array) holds a character no edition can carry."""
    for key, value in data.items():
        where = (*prefix, key)
        if isinstance(value, dict):
            found = refused_text(value, where)
            if found is not None:
                return found
            continue
        for item in value if isinstance(value, list) else [value]:
            complaint = character_complaint(item) if isinstance(item, str) else None
            if complaint is not None:
                return where, complaint
    return None


def _check_brackets(text: str, path: Path) -> None:
    """Refuse arrays and inline tables nested too deep before tomllib recurses into them."""
    if _bracket_depth(_NOT_BRACKET.sub("", _TOML_STRINGS.sub("", text))) < MAX_TOML_DEPTH:
        return  # fewer open brackets than levels: the file's own table is one level more
    depth = 0  # too deep: find the line, scanning again with positions
    for match in _TOML_BRACKETS.finditer(text):
        if match.group("open"):
            depth += 1
            if depth >= MAX_TOML_DEPTH:
                raise StyleError(_TOO_DEEP, path, text.count("\n", 0, match.start()) + 1)
        elif match.group("close") and depth:
            depth -= 1


def _bracket_depth(brackets: str) -> int:
    """How deep a string of nothing but brackets nests, counted up to MAX_TOML_DEPTH."""
    depth = 0
    for char in brackets:
        if char in "[{":
            depth += 1
            if depth >= MAX_TOML_DEPTH:
                break
        elif depth:
            depth -= 1
    return depth


def _too_deep(value: object, depth: int) -> list[str | int] | None:
    """The keys to the first table or array in `value` (at level `depth`) nested deeper than MAX_TOML_DEPTH."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(item, (dict, list)):
            if depth >= MAX_TOML_DEPTH:
                return [key]
            found = _too_deep(item, depth + 1)  # at most MAX_TOML_DEPTH calls deep
            if found is not None:
                return [key, *found]
    return None
