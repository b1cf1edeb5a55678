"""YAML mappings: every problem is one error with its file and line."""

from __future__ import annotations

import pytest

from briefexport.errors import SourceError
from briefexport.yamlfile import load_mapping


def test_a_control_character_is_refused_with_its_line_and_column_as_in_any_input_file(tmp_path):
    with pytest.raises(SourceError) as caught:
        load_mapping("title: ok\nsubtitle: a\x07b\n", tmp_path / "x.yaml", SourceError, first_line=3)
    assert str(caught.value).startswith(f"{tmp_path / 'x.yaml'}:4: column 12: control character U+0007 is not allowed")


def test_a_lone_surrogate_is_refused_with_its_line(tmp_path):
    with pytest.raises(SourceError) as caught:
        load_mapping("title: ok\nsubtitle: a\ud800b\n", tmp_path / "x.yaml", SourceError)
    assert str(caught.value) == f"{tmp_path / 'x.yaml'}:2: character U+D800 is not allowed in YAML"
