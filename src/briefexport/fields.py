"""Declarative checks for the keys of a YAML or TOML mapping, with file:line in every error.

The front matter, the publisher file and each table of a style are checked by
the same code: unknown keys suggest the nearest valid one, wrong types say what
is allowed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import BriefExportError, allowed_list, suggest
from .inputs import blank

LineOf = Callable[[str], "int | None"]
FileOf = Callable[[str], "str | Path"]


@dataclass(frozen=True)
class Field:
    """What one key accepts: a kind ("str", "int", "number", "bool", "date", "strs", "table")."""

    kind: str
    required: bool = False
    choices: tuple[str, ...] | None = None
    check: Callable[[Any], str | None] | None = None  # returns a complaint, or None
    allow_empty: bool = False


_KINDS: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "str": ("a string", lambda v: isinstance(v, str)),
    "int": ("a whole number", lambda v: isinstance(v, int) and not isinstance(v, bool)),
    "number": ("a number", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)),
    "bool": ("true or false", lambda v: isinstance(v, bool)),
    "date": ("a date such as 2024-02-29", lambda v: isinstance(v, dt.date) and not isinstance(v, dt.datetime)),
    "strs": ("a list of strings", lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v)),
    "table": ("a table", lambda v: isinstance(v, dict)),
}


def check_fields(
    data: Mapping[str, Any],
    spec: Mapping[str, Field],
    *,
    file: str | Path | FileOf,
    line_of: LineOf,
    error: type[BriefExportError],
    where: str = "",
) -> None:
    """Raise `error` for the first unknown key, missing key, wrong type or refused value.

    `file` may be a function of the key, for styles whose keys come from several files.
    """
    file_of: FileOf = file if callable(file) else (lambda key: file)
    for key in data:
        if key not in spec:
            raise error(
                f"unknown key {where}{key!r}{suggest(key, spec)}; allowed: {allowed_list(spec)}",
                file_of(key),
                line_of(key),
            )
    for key, field in spec.items():
        if key not in data or data[key] is None:
            if field.required:
                raise error(f"missing required key {where}{key!r}", file_of(""), line_of(key) or 1)
            continue
        value = data[key]
        label, ok = _KINDS[field.kind]
        if not ok(value):
            raise error(f"{where}{key} must be {label}, not {_shown(value)}", file_of(key), line_of(key))
        if field.kind == "str" and not field.allow_empty and blank(value):
            raise error(f"{where}{key} must not be empty", file_of(key), line_of(key))
        if field.kind == "strs" and not field.allow_empty and any(blank(item) for item in value):
            # an empty author or keyword is an empty dc:creator or dc:subject, which EPUBCheck refuses
            raise error(f"{where}{key} must not hold an empty item", file_of(key), line_of(key))
        if field.choices is not None and value not in field.choices:
            raise error(
                f"{where}{key} is {value!r}{suggest(str(value), field.choices)}; allowed: {', '.join(field.choices)}",
                file_of(key),
                line_of(key),
            )
        complaint = field.check(value) if field.check else None
        if complaint:
            raise error(f"{where}{key} {complaint}", file_of(key), line_of(key))


def _shown(value: object) -> str:
    """A value as its writer knows it: "the text '31/02/2024'", not Python's "str '31/02/2024'"."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.datetime):
        return f"a date and time ({value.isoformat()}); write the date alone"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        # A list of the wrong items: the first such item, as its writer knows it ("energy: gas" in [...] is
        # read as a key and its value).
        wrong = next((item for item in value if not isinstance(item, str)), None)
        if isinstance(wrong, dict) and len(wrong) == 1:
            key, item = next(iter(wrong.items()))
            return f'a list holding "{key}: {item}", read as a key and its value; write that item in quotes'
        return f"a list holding {_shown(wrong)}" if wrong is not None else "a list"
    if isinstance(value, dict):
        return "a table of keys" if value else "an empty table"
    return repr(value)
