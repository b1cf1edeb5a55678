"""The model survives a JSON round trip and carries its schema version."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings

from briefexport.errors import SchemaError
from briefexport.serialize import SCHEMA_VERSION, from_dict, to_dict

from .strategies import bulletins


@given(bulletins)
@settings(max_examples=150, deadline=None)
def test_any_bulletin_survives_a_json_round_trip(bulletin):
    assert from_dict(json.loads(json.dumps(to_dict(bulletin)))) == bulletin


def test_the_flagship_survives_a_json_round_trip(flagship):
    assert from_dict(json.loads(json.dumps(to_dict(flagship), ensure_ascii=False))) == flagship


def test_schema_version_1_has_exactly_these_record_keys(minimal):
    """The records' keys follow the model's fields: a field added or renamed fails here, until the
    schema version is raised (a reader of version 1 would refuse the new key) and this list is updated."""
    data = to_dict(minimal)
    assert SCHEMA_VERSION == 1
    assert list(data) == ["schema_version", "metadata", "publisher", "sections"]
    metadata = ["title", "issue", "date", "language", "subtitle", "identifier", "authors", "keywords", "style"]
    assert list(data["metadata"]) == metadata
    publisher = ["name", "street", "city", "postcode", "country", "phones", "email", "website", "logo"]
    assert list(data["publisher"]) == publisher


def test_blocks_are_named_by_type_and_sections_and_publisher_sit_at_the_top(minimal):
    data = to_dict(minimal)
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["publisher"]["street"] == "Nizami 1"
    assert [s["title"] for s in data["sections"]] == ["First section", "Second section"]
    types = [b["type"] for s in data["sections"] for b in s["blocks"]]
    assert types == ["paragraph", "quote", "quote", "stats"]
    share = data["sections"][1]["blocks"][1]["rows"][0][1]
    assert share == {"kind": "number", "value": 92.12, "text": "92.12%", "unit": "%"}


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(schema_version=99), "$.schema_version: unsupported schema version"),
        (lambda d: d["metadata"].update(date="29 Feb"), "$.metadata.date: expected an ISO date"),
        (lambda d: d["metadata"].update(colour="red"), "$.metadata: unknown key 'colour'"),
        (lambda d: d["sections"][0]["blocks"][0].update(type="image"), "unknown block type; allowed: paragraph"),
        (lambda d: d["sections"][1]["blocks"][1]["rows"][0][1].update(value="92"), "expected a finite number"),
        (lambda d: d["sections"][0]["blocks"][1].update(kind="side"), 'expected "block" or "pull"'),
        (lambda d: d["sections"][0].update(blocks=None), "$.sections[0].blocks: expected a list"),
    ],
)
def test_malformed_json_is_refused_with_its_path(minimal, mutate, message):
    data = json.loads(json.dumps(to_dict(minimal)))
    mutate(data)
    with pytest.raises(SchemaError, match=__import__("re").escape(message)):
        from_dict(data)
