"""YAML mappings: every problem is one error with its file and line."""

from __future__ import annotations

import pytest

from briefexport.errors import SourceError
from briefexport.yamlfile import load_mapping


def test_a_character_yaml_may_not_carry_is_an_error_with_its_line(tmp_path):
    with pytest.raises(SourceError) as caught:
        load_mapping("title: ok\nsubtitle: a\x07b\n", tmp_path / "x.yaml", SourceError, first_line=3)
    assert str(caught.value) == f"{tmp_path / 'x.yaml'}:4: character U+0007 is not allowed in YAML"
