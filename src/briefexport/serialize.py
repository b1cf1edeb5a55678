"""The model as JSON-ready dicts and back: from_dict(to_dict(b)) == b.

Blocks carry a "type" field ("paragraph", "quote", "stats"), cells a "kind"
("text", "number"). Every dict carries schema_version; from_dict refuses other
versions and malformed data with a SchemaError naming the JSON path.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import typing
from typing import Any, TypeVar

from .errors import SchemaError
from .model import (
    BLOCK_TYPES,
    Block,
    Bulletin,
    Cell,
    Metadata,
    NumberCell,
    Paragraph,
    Publisher,
    Quote,
    Run,
    Section,
    StatsTable,
    TextCell,
    block_type,
)

SCHEMA_VERSION = 1
_R = TypeVar("_R", Metadata, Publisher)


def to_dict(bulletin: Bulletin) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "metadata": _record_to_dict(bulletin.metadata),
        "publisher": _record_to_dict(bulletin.publisher),
        "sections": [{"title": s.title, "blocks": [_block_to_dict(b) for b in s.blocks]} for s in bulletin.sections],
    }


# Metadata and Publisher are flat records: their JSON keys are their field names, in field order,
# and each field's type (below) says how it is written and read. A new field needs no code here, but
# it changes the schema: tests/test_serialize.py pins version 1's keys.
_TEXT, _OPTIONAL_TEXT, _TEXTS, _DATE = str, str | None, tuple[str, ...], dt.date


@functools.cache
def _record_fields(cls: type) -> dict[str, object]:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


def _record_to_dict(record: Metadata | Publisher) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, kind in _record_fields(type(record)).items():
        value = getattr(record, name)
        out[name] = value.isoformat() if kind == _DATE else list(value) if kind == _TEXTS else value
    return out


def _record(reader: _Reader, cls: type[_R]) -> _R:
    kinds = _record_fields(cls)
    reader.obj(set(kinds))
    values: dict[str, Any] = {}
    for name, kind in kinds.items():
        if kind == _TEXT:
            values[name] = reader.str(name)
        elif kind == _OPTIONAL_TEXT:
            values[name] = reader.str(name, optional=True)
        elif kind == _TEXTS:
            values[name] = reader.strs(name)
        elif kind == _DATE:
            try:
                values[name] = dt.date.fromisoformat(reader.str(name) or "")
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
        out.append(item)
    return out


def _cell_to_dict(cell: Cell) -> dict[str, Any]:
    if isinstance(cell, NumberCell):
        return {"kind": "number", "value": cell.value, "text": cell.text, "unit": cell.unit}
    return {"kind": "text", "text": cell.text}


def _block_to_dict(block: Block) -> dict[str, Any]:
    kind = block_type(block)
    if isinstance(block, Paragraph):
        return {"type": kind, "runs": _runs_to_list(block.runs)}
    if isinstance(block, Quote):
        return {
            "type": kind,
            "kind": block.kind,
            "paragraphs": [_runs_to_list(p) for p in block.paragraphs],
            "attribution": block.attribution,
        }
    assert isinstance(block, StatsTable)
    return {
        "type": kind,
        "caption": block.caption,
        "headers": list(block.headers),
        "rows": [[_cell_to_dict(c) for c in row] for row in block.rows],
        "source": block.source,
    }


class _Reader:
    """Typed access to a JSON value that reports the path of whatever is wrong."""

    def __init__(self, value: Any, path: str) -> None:
        self.value, self.path = value, path

    def fail(self, what: str) -> SchemaError:
        return SchemaError(f"{self.path}: {what}")

    def obj(self, keys: set[str]) -> _Reader:
        if not isinstance(self.value, dict):
            raise self.fail("expected an object")
        unknown = set(self.value) - keys
        if unknown:
            raise self.fail(f"unknown key {sorted(unknown)[0]!r}; allowed: {', '.join(sorted(keys))}")
        return self

    def get(self, key: str) -> _Reader:
        return _Reader(self.value.get(key), f"{self.path}.{key}")

    def str(self, key: str, optional: bool = False) -> str | None:
        value = self.value.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise self.get(key).fail("expected a string")
        return value

    def strs(self, key: str) -> tuple[str, ...]:
        value = self.value.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.get(key).fail("expected a list of strings")
        return tuple(value)

    def items(self, key: str) -> list[_Reader]:
        value = self.value.get(key)
        if not isinstance(value, list):
            raise self.get(key).fail("expected a list")
        return [_Reader(v, f"{self.path}.{key}[{i}]") for i, v in enumerate(value)]


def from_dict(data: Any) -> Bulletin:
    root = _Reader(data, "$").obj({"schema_version", "metadata", "publisher", "sections"})
    if data.get("schema_version") != SCHEMA_VERSION:
        raise root.get("schema_version").fail(f"unsupported schema version; this is version {SCHEMA_VERSION}")
    metadata = _record(root.get("metadata"), Metadata)
    publisher = _record(root.get("publisher"), Publisher)
    sections = []
    for s in root.items("sections"):
        s.obj({"title", "blocks"})
        sections.append(Section(title=s.str("title") or "", blocks=tuple(_block(b) for b in s.items("blocks"))))
    return Bulletin(metadata=metadata, publisher=publisher, sections=tuple(sections))


def _runs(reader: _Reader) -> tuple[Run, ...]:
    if not isinstance(reader.value, list):
        raise reader.fail("expected a list of runs")
    runs = []
    for i, item in enumerate(reader.value):
        r = _Reader(item, f"{reader.path}[{i}]").obj({"text", "emphasis", "strong", "url"})
        flags = {k: item.get(k, False) for k in ("emphasis", "strong")}
        if not all(isinstance(v, bool) for v in flags.values()):
            raise r.fail("emphasis and strong are true or false")
        runs.append(Run(text=r.str("text") or "", url=r.str("url", optional=True), **flags))
    return tuple(runs)


def _cell(reader: _Reader) -> Cell:
    kind = reader.value.get("kind") if isinstance(reader.value, dict) else None
    if kind == "text":
        reader.obj({"kind", "text"})
        return TextCell(reader.str("text") or "")
    if kind == "number":
        reader.obj({"kind", "value", "text", "unit"})
        value = reader.value.get("value")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise reader.get("value").fail("expected a finite number")
        return NumberCell(value=float(value), text=reader.str("text") or "", unit=reader.str("unit", optional=True))
    raise reader.get("kind").fail('expected "text" or "number"')


def _block(reader: _Reader) -> Block:
    kind = reader.value.get("type") if isinstance(reader.value, dict) else None
    if kind not in BLOCK_TYPES:
        raise reader.get("type").fail(f"unknown block type; allowed: {', '.join(BLOCK_TYPES)}")
    if kind == "paragraph":
        reader.obj({"type", "runs"})
        return Paragraph(runs=_runs(reader.get("runs")))
    if kind == "quote":
        reader.obj({"type", "kind", "paragraphs", "attribution"})
        quote_kind = reader.value.get("kind", "block")
        if quote_kind not in ("block", "pull"):
            raise reader.get("kind").fail('expected "block" or "pull"')
        return Quote(
            paragraphs=tuple(_runs(p) for p in reader.items("paragraphs")),
            attribution=reader.str("attribution", optional=True),
            kind=quote_kind,
        )
    reader.obj({"type", "caption", "headers", "rows", "source"})
    rows = []
    for row in reader.items("rows"):
        if not isinstance(row.value, list):
            raise row.fail("expected a list of cells")
        rows.append(tuple(_cell(_Reader(c, f"{row.path}[{i}]")) for i, c in enumerate(row.value)))
    return StatsTable(
        caption=reader.str("caption") or "",
        headers=reader.strs("headers"),
        rows=tuple(rows),
        source=reader.str("source") or "",
    )
