"""The model: frozen nodes, one list of block types, derived values."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from briefexport.model import BLOCK_TYPES, Metadata, NumberCell, Paragraph, Quote, Run, block_type


def test_nodes_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Run("x").text = "y"  # type: ignore[misc]


def test_every_block_class_has_one_type_name():
    assert {block_type(cls.__new__(cls)) for cls in BLOCK_TYPES.values()} == set(BLOCK_TYPES)
    with pytest.raises(TypeError):
        block_type("a string")


def test_a_quote_gives_its_runs_as_one_stream():
    quote = Quote(paragraphs=((Run("a"),), (Run("b"), Run("c", emphasis=True))))
    assert quote.runs == (Run("a"), Run("b"), Run("c", emphasis=True))
    assert Paragraph((Run("x"),)).runs == (Run("x"),)


def test_a_number_keeps_its_decimals_as_written():
    assert NumberCell(92.1, "92.10%", "%").decimals == 2
    assert NumberCell(5.8e9, "$5.8 billion", currency="$").decimals == 1
    assert NumberCell(3.0, "3–5.25%", "%", high=5.25).decimals == 2
    assert NumberCell(2024.0, "2024").decimals == 0


def test_the_identifier_is_stable_when_none_is_given():
    meta = Metadata(title="T", issue="I", date=dt.date(2024, 2, 29))
    assert meta.uid == Metadata(title="T", issue="I", date=dt.date(2024, 2, 29)).uid
    assert meta.uid.startswith("urn:uuid:")
    assert dataclasses.replace(meta, identifier="urn:x").uid == "urn:x"
