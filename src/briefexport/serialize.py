"""The model as JSON-ready dicts and back: from_dict(to_dict(b)) == b.

Blocks carry a "type" field ("paragraph", "quote", "stats", "subheading", "figure", "list", "table"),
stats cells a "kind" ("text", "number"). Every dict carries schema_version; from_dict refuses other
versions and malformed data with a SchemaError naming the JSON path and what
it found ("$.sections[2].blocks[0]: expected an object, got a number"): any
JSON value, however nested or misplaced, gives that error and no other. A
well-formed bulletin is then held to the loader's rules (validation.validate),
and a broken one is a SchemaError at its path too ("$.metadata.title: must not
be empty").
"""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt
import json
import math
import re
import typing
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from .errors import ModelError, SchemaError
from .inputs import character_complaint, figure_picture, picture
from .model import (
    BLOCK_TYPES,
    MAX_LIST_DEPTH,
    MAX_LIST_START,
    Block,
    Bulletin,
    Cell,
    Figure,
    Footnote,
    ListBlock,
    ListItem,
    Metadata,
    NumberCell,
    Paragraph,
    Publisher,
    Quote,
    Run,
    Section,
    StatsTable,
    Subheading,
    Table,
    TextCell,
    block_type,
)
from .validation import check_argument, validate

# Version 2 added the introduction, sections' byline and standfirst, sub-headings and the summary;
# a version 1 document is a version 2 document without them, so both are read.
SCHEMA_VERSION = 2
READABLE_VERSIONS = (1, 2)
# The JSON Schema of what to_dict writes, shipped in the package (tests validate every dump against it).
SCHEMA_FILE = f"schema/bulletin-{SCHEMA_VERSION}.schema.json"


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the current schema version, for other tools to validate a dump."""
    text = resources.files("briefexport").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


_R = TypeVar("_R", Metadata, Publisher)


def to_dict(bulletin: Bulletin, base_dir: str | Path | None = None) -> dict[str, Any]:
    """The bulletin as JSON-ready data. Files it names (pictures, the publisher's logo) inside `base_dir`
    (the source's folder: the one from_dict will be given) are written relative to it, so that the JSON
    reads anywhere the folder is copied and tells no one the server's paths; others as the model holds
    them."""
    check_argument("bulletin", bulletin, (Bulletin,))
    check_argument("base_dir", base_dir, (str, Path, type(None)))
    root = Path(base_dir).resolve() if base_dir is not None else None
    publisher = _record_to_dict(bulletin.publisher)
    if bulletin.publisher.logo is not None:
        publisher["logo"] = _relative(bulletin.publisher.logo, root)
    return {
        "schema_version": SCHEMA_VERSION,
        "metadata": _record_to_dict(bulletin.metadata),
        "publisher": publisher,
        "introduction": [_block_to_dict(b, root) for b in bulletin.introduction],
        "sections": [
            {
                "title": s.title,
                "byline": _runs_to_list(s.byline),
                "standfirst": _runs_to_list(s.standfirst),
                "blocks": [_block_to_dict(b, root) for b in s.blocks],
            }
            for s in bulletin.sections
        ],
        "footnotes": [
            {"number": n.number, "label": n.label, "paragraphs": [_runs_to_list(p) for p in n.paragraphs]}
            for n in bulletin.footnotes
        ],
    }


def _relative(path: str, root: Path | None) -> str:
    """`path` relative to `root` (with / between its parts) when it lies inside it, else as it is."""
    if root is None or not Path(path).is_absolute() or not Path(path).is_relative_to(root):
        return path
    return Path(path).relative_to(root).as_posix()


# Metadata and Publisher are flat records: their JSON keys are their field names, in field order,
# and each field's type (below) says how it is written and read. A new field needs no code here, but
# it changes the schema: tests/test_serialize.py pins version 1's keys.
_TEXT, _OPTIONAL_TEXT, _TEXTS, _DATE, _OPTIONAL_DATE = str, str | None, tuple[str, ...], dt.date, dt.date | None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_FIELDS: dict[type, dict[str, object]] = {}  # a record class -> its fields' types, read once
# Keys added to version 2's records since its first dumps, optional in JSON: a publisher's `locality` and
# `short_name`, the metadata's `revised`.
_LATER = frozenset({"locality", "short_name", "revised"})


def _record_fields(cls: type) -> dict[str, object]:
    if cls not in _FIELDS:
        hints = typing.get_type_hints(cls)
        _FIELDS[cls] = {f.name: hints[f.name] for f in dataclasses.fields(cls)}
    return _FIELDS[cls]


def _record_to_dict(record: Metadata | Publisher) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, kind in _record_fields(type(record)).items():
        value = getattr(record, name)
        dated = kind == _DATE or (kind == _OPTIONAL_DATE and value is not None)
        out[name] = value.isoformat() if dated else list(value) if kind == _TEXTS else value
    return out


def _record(reader: _Reader, cls: type[_R]) -> _R:
    kinds = _record_fields(cls)
    reader.obj(set(kinds))
    values: dict[str, Any] = {}
    for name, kind in kinds.items():
        if name in _LATER and name not in reader.value:
            continue  # a dump written before the key was (its default, which older versions printed)
        if kind == _TEXT:
            values[name] = reader.str(name)
        elif kind == _OPTIONAL_TEXT:
            values[name] = reader.str(name, optional=True)
        elif kind == _TEXTS:
            values[name] = reader.strs(name)
        elif kind in (_DATE, _OPTIONAL_DATE):
            written = reader.str(name, optional=kind == _OPTIONAL_DATE)
            try:
                # the schema's form only: Python's fromisoformat also takes 20240402 and 2024-W14-2
                if written is not None and not _ISO_DATE.fullmatch(written):
                    raise ValueError(written)
                values[name] = None if written is None else dt.date.fromisoformat(written)
            except ValueError:
                raise reader.get(name).fail("expected an ISO date such as 2024-02-29") from None
        else:  # a model change this module does not know yet
            raise TypeError(f"{cls.__name__}.{name}: no JSON form for {kind}")
    return cls(**values)


def _runs_to_list(runs: tuple[Run, ...]) -> list[dict[str, Any]]:
    out = []
    for r in runs:
        item: dict[str, Any] = {"text": r.text}
        if r.emphasis:
            item["emphasis"] = True
        if r.strong:
            item["strong"] = True
        if r.url is not None:
            item["url"] = r.url
        if r.lang is not None:
            item["lang"] = r.lang
        if r.note is not None:
            item["note"] = r.note
        out.append(item)
    return out


def _cell_to_dict(cell: Cell) -> dict[str, Any]:
    if isinstance(cell, NumberCell):
        return {
            "kind": "number",
            "value": cell.value,
            "text": cell.text,
            "unit": cell.unit,
            "currency": cell.currency,
            "high": cell.high,
            "qualifier": cell.qualifier,
        }
    return {"kind": "text", "runs": _runs_to_list(cell.runs)}


def _block_to_dict(block: Block, root: Path | None) -> dict[str, Any]:
    """A block as JSON-ready data; a figure's picture relative to `root` (to_dict's base_dir) inside it."""
    kind = block_type(block)
    if isinstance(block, Paragraph):
        return {"type": kind, "runs": _runs_to_list(block.runs), **_lang(block.lang)}
    if isinstance(block, Subheading):
        return {"type": kind, "title": block.title}
    if isinstance(block, Figure):
        return {
            "type": kind,
            "path": _relative(block.path, root),
            "alt": block.alt,
            "caption": _runs_to_list(block.caption),
            "credit": _runs_to_list(block.credit),
            "width": block.width,
        }
    if isinstance(block, Quote):
        return {
            "type": kind,
            "kind": block.kind,
            "paragraphs": [_runs_to_list(p) for p in block.paragraphs],
            "attribution": _runs_to_list(block.attribution),
            **_lang(block.lang),
        }
    if isinstance(block, ListBlock):
        return _list_to_dict(block)
    if isinstance(block, Table):
        return {
            "type": kind,
            "caption": _runs_to_list(block.caption),
            "headers": [_runs_to_list(cell) for cell in block.headers],
            "rows": [[_runs_to_list(cell) for cell in row] for row in block.rows],
        }
    assert isinstance(block, StatsTable)
    return {
        "type": kind,
        "caption": _runs_to_list(block.caption),
        "headers": [_runs_to_list(header) for header in block.headers],
        "rows": [[_cell_to_dict(c) for c in row] for row in block.rows],
        "notes": [_runs_to_list(note) for note in block.notes],
        "source": _runs_to_list(block.source),
        # Only when set, as a block's "lang": a dump without it reads as before in every version-2 reader.
        **({"several_sources": True} if block.several_sources else {}),
    }


def _list_to_dict(block: ListBlock) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "list", "ordered": block.ordered, "start": block.start}
    out.update(_lang(block.lang))
    out["items"] = [
        {"runs": _runs_to_list(item.runs), "children": [_list_to_dict(child) for child in item.children]}
        for item in block.items
    ]
    return out


def _lang(lang: str | None) -> dict[str, str]:
    """A block's "lang" key: only when it has a language of its own."""
    return {} if lang is None else {"lang": lang}


def _json_kind(value: object) -> str:
    """What a JSON value is, as an error names it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__  # not JSON at all: a Python caller's own object


class _Reader:
    """Typed access to a JSON value that reports the path of whatever is wrong."""

    def __init__(self, value: Any, path: str) -> None:
        self.value, self.path = value, path

    def fail(self, what: str) -> SchemaError:
        return SchemaError(f"{self.path}: {what}")

    def wrong(self, expected: str) -> SchemaError:
        """The value is of the wrong kind: say what was expected and what was found."""
        return self.fail(f"expected {expected}, got {_json_kind(self.value)}")

    def obj(self, keys: set[str]) -> _Reader:
        if not isinstance(self.value, dict):
            raise self.wrong("an object")
        unknown = set(self.value) - keys
        if unknown:
            raise self.fail(f"unknown key {sorted(map(repr, unknown))[0]}; allowed: {', '.join(sorted(keys))}")
        return self

    def field(self, key: str, default: Any = None) -> Any:
        """The value of `key`; `default` when it is absent, or when this is no object (obj() says so first)."""
        return self.value.get(key, default) if isinstance(self.value, dict) else default

    def get(self, key: str) -> _Reader:
        return _Reader(self.field(key), f"{self.path}.{key}")

    def str(self, key: str, optional: bool = False) -> str | None:
        value = self.field(key)
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise self.get(key).wrong("a string")
        return value

    # Below, `str` is the method above: the type is builtins.str.
    def strs(self, key: builtins.str) -> tuple[builtins.str, ...]:
        value = self.field(key, [])
        if not isinstance(value, list):
            raise self.get(key).wrong("a list of strings")
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise _Reader(item, f"{self.path}.{key}[{i}]").wrong("a string")
        return tuple(value)

    def items(self, key: builtins.str) -> list[_Reader]:
        value = self.field(key)
        if not isinstance(value, list):
            raise self.get(key).wrong("a list")
        return [_Reader(v, f"{self.path}.{key}[{i}]") for i, v in enumerate(value)]


def from_dict(data: Any, base_dir: str | Path | None = None) -> Bulletin:
    """The bulletin a to_dict() value describes; anything malformed raises SchemaError with its path.

    A publisher `logo` names a file, so it is held to the loader's rule: inside
    `base_dir` (the folder the source was in), no link leading out, a PNG, JPEG
    or GIF by its first bytes. With no `base_dir`, a bulletin may name no logo.
    A figure's `path` likewise: a PNG or JPEG inside `base_dir`, within the
    limits on bytes and pixels (inputs.figure_picture).
    """
    root = _Reader(data, "$").obj({"schema_version", "metadata", "publisher", "introduction", "sections", "footnotes"})
    version = data.get("schema_version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise root.get("schema_version").fail(
            f"unsupported schema version; versions {', '.join(map(str, READABLE_VERSIONS))} are read"
        )
    if version == 1 and "introduction" in data:
        raise root.get("introduction").fail("not in schema version 1; write schema_version 2")
    if version == 1 and "footnotes" in data:
        raise root.get("footnotes").fail("not in schema version 1; write schema_version 2")
    metadata = _record(root.get("metadata"), Metadata)
    publisher = _record(root.get("publisher"), Publisher)
    if publisher.logo is not None:
        logo = _logo(root.get("publisher").get("logo"), publisher.logo, base_dir)
        publisher = dataclasses.replace(publisher, logo=str(logo))
    sections = []
    for s in root.items("sections"):
        s.obj({"title", "blocks"} if version == 1 else {"title", "byline", "standfirst", "blocks"})
        sections.append(
            Section(
                title=s.str("title") or "",
                blocks=_blocks(s.items("blocks"), base_dir),
                byline=_runs(s.get("byline")) if s.field("byline") is not None else (),
                standfirst=_runs(s.get("standfirst")) if s.field("standfirst") is not None else (),
            )
        )
    introduction = _blocks(root.items("introduction"), base_dir) if "introduction" in data else ()
    footnotes = tuple(_footnote(n) for n in root.items("footnotes")) if "footnotes" in data else ()
    bulletin = Bulletin(
        metadata=metadata, publisher=publisher, sections=tuple(sections), introduction=introduction, footnotes=footnotes
    )
    try:  # held to the loader's rules, as a model built in code is: the same problems, at their JSON path
        return validate(bulletin)
    except ModelError as error:
        raise SchemaError(f"$.{error.message}") from None


def _logo(reader: _Reader, logo: str, base_dir: str | Path | None, what: str = "a logo") -> Path:
    if base_dir is None:
        raise reader.fail(f"{what} names a file: give from_dict(..., base_dir=FOLDER) to say where it lies")
    complaint = character_complaint(logo)  # a NUL or a lone surrogate is no path: the file system would raise
    if complaint:
        raise reader.fail(complaint)
    root = Path(base_dir).resolve()
    if Path(logo).is_absolute() and Path(logo).is_relative_to(root):  # as to_dict writes a loaded bulletin's
        logo = str(Path(logo).relative_to(root))
    check = picture if what == "a logo" else figure_picture
    try:
        return check(root, logo, SchemaError, reader.path, None)
    except SchemaError as error:
        raise reader.fail(error.message) from None


def _blocks(readers: list[_Reader], base_dir: str | Path | None) -> tuple[Block, ...]:
    """The blocks, each figure's picture held to the loader's rule as a logo is (see from_dict)."""
    blocks = []
    for reader in readers:
        block = _block(reader)
        if isinstance(block, Figure):
            path = _logo(reader.get("path"), block.path, base_dir, "a picture")
            block = dataclasses.replace(block, path=str(path))
        blocks.append(block)
    return tuple(blocks)


def _runs(reader: _Reader) -> tuple[Run, ...]:
    if not isinstance(reader.value, list):
        raise reader.wrong("a list of runs")
    runs = []
    for i, item in enumerate(reader.value):
        r = _Reader(item, f"{reader.path}[{i}]").obj({"text", "emphasis", "strong", "url", "lang", "note"})
        flags = {k: item.get(k, False) for k in ("emphasis", "strong")}
        for k, v in flags.items():
            if not isinstance(v, bool):
                raise r.get(k).wrong("true or false")
        note = item.get("note")
        if note is not None and (not isinstance(note, int) or isinstance(note, bool) or note < 1):
            raise r.get("note").wrong("a footnote number (1 or more)")
        lang = r.str("lang", optional=True)
        runs.append(Run(text=r.str("text") or "", url=r.str("url", optional=True), lang=lang, note=note, **flags))
    return tuple(runs)


def _footnote(reader: _Reader) -> Footnote:
    reader.obj({"number", "label", "paragraphs"})
    number = reader.field("number")
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise reader.get("number").wrong("a footnote number (1 or more)")
    return Footnote(
        number=number,
        label=reader.str("label") or "",
        paragraphs=tuple(_runs(p) for p in reader.items("paragraphs")),
    )


def _text_or_runs(reader: _Reader, key: str | None, optional: bool = False) -> tuple[Run, ...]:
    """Runs, or text as older dumps wrote it (one plain run); with `optional`, null is none. `key` None: the
    reader's own value. Captions, headers, sources and attributions were text before they held inline markup."""
    value = reader.field(key) if key else reader.value
    if isinstance(value, str):
        return (Run(value),)
    if value is None and optional:
        return ()
    return _runs(reader.get(key) if key else reader)


def _cell(reader: _Reader) -> Cell:
    if not isinstance(reader.value, dict):
        raise reader.wrong("an object")
    kind = reader.field("kind")
    if kind == "text":
        # Runs since inline markup in cells; before, the cell's "text" was a string (still read).
        reader.obj({"kind", "runs"} if "runs" in reader.value else {"kind", "text"})
        return TextCell(_text_or_runs(reader, "runs" if "runs" in reader.value else "text"))
    if kind == "number":
        # Schema version 2 added currency, high and qualifier; a version 1 figure has none of them.
        reader.obj({"kind", "value", "text", "unit", "currency", "high", "qualifier"})
        high = reader.field("high")
        return NumberCell(
            value=_finite(reader, "value"),
            text=reader.str("text") or "",
            unit=reader.str("unit", optional=True),
            currency=reader.str("currency", optional=True),
            high=None if high is None else _finite(reader, "high"),
            qualifier=reader.str("qualifier", optional=True),
        )
    raise reader.get("kind").fail('expected "text" or "number"')


_C = TypeVar("_C")


def _rows(reader: _Reader, width: int, cell: Callable[[_Reader], _C]) -> tuple[tuple[_C, ...], ...]:
    """A table's rows, each a list of `width` cells (the headers' number: at least one) read by `cell`."""
    if not width:  # every edition sets a table by its columns
        raise reader.get("headers").fail("expected at least one header")
    rows = []
    for row in reader.items("rows"):
        if not isinstance(row.value, list):
            raise row.wrong("a list of cells")
        if len(row.value) != width:
            raise row.fail(f"expected {width} cells, one per header, got {len(row.value)}")
        rows.append(tuple(cell(_Reader(c, f"{row.path}[{i}]")) for i, c in enumerate(row.value)))
    return tuple(rows)


def _table(reader: _Reader) -> Table:
    """A plain table: each cell its runs (an empty cell none), every row as wide as the header row."""
    reader.obj({"type", "caption", "headers", "rows"})
    headers = tuple(_runs(cell) for cell in reader.items("headers"))
    rows = _rows(reader, len(headers), _runs)
    caption = _runs(reader.get("caption")) if reader.field("caption") is not None else ()
    return Table(headers=headers, rows=rows, caption=caption)


def _finite(reader: _Reader, key: str) -> float:
    value = reader.field(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise reader.get(key).wrong("a finite number")
    try:
        number = float(value)
    except OverflowError:  # a JSON integer of hundreds of digits
        number = math.inf
    if not math.isfinite(number):
        raise reader.get(key).fail("expected a finite number")
    return number


def _list(reader: _Reader, level: int) -> ListBlock:
    """A list and the lists in its items, read no deeper than lists may nest (so never deeply recursive)."""
    reader.obj({"type", "ordered", "start", "lang", "items"})
    if reader.field("type") != "list":
        raise reader.get("type").fail('expected "list": an item holds only lists')
    if level > MAX_LIST_DEPTH:
        raise reader.fail("lists nest at most three levels")
    ordered, start = reader.field("ordered", False), reader.field("start", 1)
    if not isinstance(ordered, bool):
        raise reader.get("ordered").wrong("true or false")
    if not isinstance(start, int) or isinstance(start, bool) or not 0 <= start <= MAX_LIST_START:
        raise reader.get("start").wrong(f"a whole number from 0 to {MAX_LIST_START:,}")
    items = []
    for item in reader.items("items"):
        item.obj({"runs", "children"})
        children = item.items("children") if item.field("children") is not None else []
        items.append(ListItem(_runs(item.get("runs")), tuple(_list(child, level + 1) for child in children)))
    return ListBlock(tuple(items), ordered=ordered, start=start, lang=reader.str("lang", optional=True))


def _block(reader: _Reader) -> Block:
    if not isinstance(reader.value, dict):
        raise reader.wrong("an object")
    kind = reader.field("type")
    if not isinstance(kind, str) or kind not in BLOCK_TYPES:
        raise reader.get("type").fail(f"unknown block type; allowed: {', '.join(BLOCK_TYPES)}")
    if kind == "paragraph":
        reader.obj({"type", "runs", "lang"})
        return Paragraph(runs=_runs(reader.get("runs")), lang=reader.str("lang", optional=True))
    if kind == "subheading":
        reader.obj({"type", "title"})
        return Subheading(title=reader.str("title") or "")
    if kind == "figure":
        reader.obj({"type", "path", "alt", "caption", "credit", "width"})
        width = reader.field("width", "column")
        if width not in ("column", "full"):
            raise reader.get("width").fail('expected "column" or "full"')
        return Figure(
            path=reader.str("path") or "",
            alt=reader.str("alt") or "",
            caption=_runs(reader.get("caption")) if reader.field("caption") is not None else (),
            credit=_runs(reader.get("credit")) if reader.field("credit") is not None else (),
            width=width,
        )
    if kind == "quote":
        reader.obj({"type", "kind", "paragraphs", "attribution", "lang"})
        quote_kind = reader.field("kind", "block")
        if quote_kind not in ("block", "pull"):
            raise reader.get("kind").fail('expected "block" or "pull"')
        return Quote(
            paragraphs=tuple(_runs(p) for p in reader.items("paragraphs")),
            attribution=_text_or_runs(reader, "attribution", optional=True),
            kind=quote_kind,
            lang=reader.str("lang", optional=True),
        )
    if kind == "list":
        return _list(reader, 1)
    if kind == "table":
        return _table(reader)
    reader.obj({"type", "caption", "headers", "rows", "notes", "source", "several_sources"})
    headers = tuple(_text_or_runs(h, None) for h in reader.items("headers"))
    rows = _rows(reader, len(headers), _cell)
    several = reader.field("several_sources", False)  # absent from dumps written before it was kept
    if not isinstance(several, bool):
        raise reader.get("several_sources").wrong("true or false")
    # Schema version 2 made the caption runs (inline markup) and added notes; version 1's caption is a string.
    return StatsTable(
        caption=_text_or_runs(reader, "caption"),
        headers=headers,
        rows=rows,
        source=_text_or_runs(reader, "source"),
        notes=tuple(_runs(note) for note in reader.items("notes")) if reader.field("notes") is not None else (),
        several_sources=several,
    )
