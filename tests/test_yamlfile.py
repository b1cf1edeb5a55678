"""YAML mappings: every problem is one error with its file and line."""

from __future__ import annotations

import pytest

from briefexport.errors import SourceError
from briefexport.yamlfile import MAX_YAML_DEPTH, load_mapping


def test_a_control_character_is_refused_with_its_line_and_column_as_in_any_input_file(tmp_path):
    with pytest.raises(SourceError) as caught:
        load_mapping("title: ok\nsubtitle: a\x07b\n", tmp_path / "x.yaml", SourceError, first_line=3)
    assert str(caught.value).startswith(f"{tmp_path / 'x.yaml'}:4: column 12: control character U+0007 is not allowed")


def test_a_lone_surrogate_is_refused_with_its_line(tmp_path):
    with pytest.raises(SourceError) as caught:
        load_mapping("title: ok\nsubtitle: a\ud800b\n", tmp_path / "x.yaml", SourceError)
    assert str(caught.value) == f"{tmp_path / 'x.yaml'}:2: character U+D800 is not allowed in YAML"


@pytest.mark.parametrize(
    ("escape", "code"), [("\\x1b", "U+001B"), ("\\0", "U+0000"), ("\\uFFFE", "U+FFFE"), ("\\ud800", "U+D800")]
)
def test_a_character_refused_typed_is_refused_written_as_an_escape_too(escape, code, tmp_path):
    """Double quotes let YAML write any character as an escape, past the reader that refuses it typed:
    the loader let it through, and the render failed without a line."""
    text = f'title: ok\nkeywords:\n  - fine\n  - "a{escape}b"\n'
    with pytest.raises(SourceError) as caught:
        load_mapping(text, tmp_path / "x.yaml", SourceError, first_line=2)
    assert str(caught.value).startswith(f"{tmp_path / 'x.yaml'}:5: ")
    assert f"character {code} is not allowed" in str(caught.value) and str(caught.value).endswith("even as an escape")


def test_escapes_of_characters_editions_carry_are_read():
    data, _ = load_mapping('title: "A\\tB \\u00e9 \\"q\\""\n', "x.yaml", SourceError)
    assert data == {"title": 'A\tB é "q"'}


def test_only_true_and_false_are_yes_or_no_as_in_yaml_1_2():
    """YAML 1.1 also reads yes, no, on, off, y and n as true or false: `language: no` (Norwegian) and
    `country: NO` were refused as "not a string"."""
    text = "language: no\ncountry: NO\ntitle: Yes\nissue: off\nkeywords: [on, y, n]\na: true\nb: False\n"
    data, _ = load_mapping(text, "x.yaml", SourceError)
    assert data == {
        "language": "no",
        "country": "NO",
        "title": "Yes",
        "issue": "off",
        "keywords": ["on", "y", "n"],
        "a": True,
        "b": False,
    }


def test_lists_nested_deeper_than_the_limit_are_refused_with_their_line(tmp_path):
    """PyYAML's composer recurses once per level: 500 levels was a RecursionError, not a message."""
    deep = "title: ok\nkeywords: " + "[" * 500 + "]" * 500 + "\n"
    with pytest.raises(SourceError) as caught:
        load_mapping(deep, tmp_path / "x.yaml", SourceError, first_line=2)
    assert str(caught.value) == f"{tmp_path / 'x.yaml'}:3: YAML nested deeper than {MAX_YAML_DEPTH} levels"


def test_mappings_nested_deeper_than_the_limit_are_refused_at_the_first_level_too_many(tmp_path):
    deep = "a:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(500)) + "  " * 501 + "x\n"
    with pytest.raises(SourceError) as caught:
        load_mapping(deep, tmp_path / "x.yaml", SourceError)
    # The document is level 1, `a` opens level 2 on line 2: level 33 opens on line 33.
    assert str(caught.value) == f"{tmp_path / 'x.yaml'}:{MAX_YAML_DEPTH + 1}: YAML nested deeper than 32 levels"


def test_nesting_up_to_the_limit_is_read(tmp_path):
    levels = MAX_YAML_DEPTH - 1  # the document's own mapping is the first level
    data, _ = load_mapping(
        "a: " + "{b: " * (levels - 1) + "[1]" + "}" * (levels - 1) + "\n", tmp_path / "x.yaml", SourceError
    )
    for _ in range(levels):
        data = data["a" if "a" in data else "b"]
    assert data == [1]
    with pytest.raises(SourceError, match="YAML nested deeper than 32 levels"):
        load_mapping("a: " + "[" * (levels + 1) + "]" * (levels + 1) + "\n", tmp_path / "x.yaml", SourceError)


@pytest.mark.parametrize("date", ["2024-02-30", "2023-02-29", "2024-13-01", "2024-04-31"])
def test_an_impossible_date_is_refused_with_its_line(tmp_path, date):
    with pytest.raises(SourceError) as caught:
        load_mapping(f"title: x\nissue: y\ndate: {date}\n", tmp_path / "f.yaml", SourceError, first_line=2)
    assert str(caught.value) == f"{tmp_path / 'f.yaml'}:4: date {date} is not a calendar date"


def test_a_leap_day_is_a_date(tmp_path):
    data, _ = load_mapping("date: 2024-02-29\n", tmp_path / "f.yaml", SourceError)
    assert str(data["date"]) == "2024-02-29"


def test_a_value_yaml_cannot_build_is_an_error_not_a_traceback(tmp_path):
    with pytest.raises(SourceError, match=r"f\.yaml:1: YAML value: hour must be in 0\.\.23"):
        load_mapping("date: 2024-01-01 25:00:00\n", tmp_path / "f.yaml", SourceError)


def test_a_whole_number_too_long_to_read_is_refused_at_its_line_with_what_to_write(tmp_path):
    """Python reads at most 4,300 digits: the error named the front matter's first line and a Python setting."""
    with pytest.raises(SourceError) as caught:
        load_mapping(f"title: x\nissue: y\npostcode: 1{'0' * 5000}\n", tmp_path / "f.yaml", SourceError, first_line=2)
    expected = "a whole number of 5,001 digits is too long; write it in quotes to keep it as text"
    assert str(caught.value) == f"{tmp_path / 'f.yaml'}:4: {expected}"


def test_an_escaped_surrogate_pair_is_the_one_character_and_a_lone_one_is_refused():
    """json.dumps writes an emoji as "\\ud83d\\udcf0", which is YAML too: the title was refused, "character
    U+D83D is not allowed, even as an escape" (a service developer's trial), though typed or as \\U0001F4F0
    it loaded."""
    data, _ = load_mapping('title: "Weekly \\ud83d\\udcf0"\n', "b.md", SourceError)
    assert data["title"] == "Weekly \U0001f4f0"
    with pytest.raises(SourceError, match="U\\+D83D"):
        load_mapping('title: "Weekly \\ud83d"\n', "b.md", SourceError)
