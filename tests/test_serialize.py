"""The model survives a JSON round trip and carries its schema version."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import briefexport
from briefexport.cli import main
from briefexport.errors import SchemaError
from briefexport.rules import LANGUAGE_RULE
from briefexport.serialize import SCHEMA_VERSION, from_dict, json_schema, to_dict

from .conftest import FIXTURES, FLAGSHIP
from .strategies import PICTURES, bulletins
from .test_sources import write_source


@given(bulletins)
@settings(max_examples=150, deadline=None)
def test_any_bulletin_survives_a_json_round_trip(bulletin):
    # Figures name their pictures in the fixtures' folder: from_dict reads them there.
    assert from_dict(json.loads(json.dumps(to_dict(bulletin))), base_dir=PICTURES) == bulletin


def test_the_flagship_survives_a_json_round_trip(flagship):
    assert from_dict(json.loads(json.dumps(to_dict(flagship), ensure_ascii=False))) == flagship


def test_schema_version_2_has_exactly_these_record_keys(minimal):
    """The records' keys follow the model's fields: a field added or renamed fails here, until the schema
    says so and this list is updated (a key added to version 2's records is optional there: `unsubscribe`,
    `locality`, `short_name`, the metadata's `revised`; a reader of older version 2 refuses it, and dumps
    without it are still read)."""
    data = to_dict(minimal)
    assert SCHEMA_VERSION == 2
    assert list(data) == ["schema_version", "metadata", "publisher", "introduction", "sections", "footnotes"]
    assert list(data["sections"][0]) == ["title", "byline", "standfirst", "blocks"]
    metadata = [
        "title",
        "issue",
        "date",
        "language",
        "subtitle",
        "summary",
        "identifier",
        "authors",
        "keywords",
        "style",
        "revised",
    ]
    assert list(data["metadata"]) == metadata
    publisher = ["name", "street", "city", "postcode", "country", "phones", "email", "website", "logo"]
    publisher += ["unsubscribe", "locality", "short_name"]
    assert list(data["publisher"]) == publisher


def test_blocks_are_named_by_type_and_sections_and_publisher_sit_at_the_top(minimal):
    data = to_dict(minimal)
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["publisher"]["street"] == "Nizami 1"
    assert [s["title"] for s in data["sections"]] == ["First section", "Second section"]
    types = [b["type"] for s in data["sections"] for b in s["blocks"]]
    assert types == ["paragraph", "quote", "quote", "stats"]
    share = data["sections"][1]["blocks"][1]["rows"][0][1]
    assert share == {
        "kind": "number",
        "value": 92.12,
        "text": "92.12%",
        "unit": "%",
        "currency": None,
        "high": None,
        "qualifier": None,
    }


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(schema_version=99), "$.schema_version: unsupported schema version"),
        (lambda d: d["metadata"].update(date="29 Feb"), "$.metadata.date: expected an ISO date"),
        (lambda d: d["metadata"].update(colour="red"), "$.metadata: unknown key 'colour'"),
        (lambda d: d["sections"][0]["blocks"][0].update(type="image"), "unknown block type; allowed: paragraph"),
        (lambda d: d["sections"][1]["blocks"][1]["rows"][0][1].update(value="92"), "expected a finite number"),
        (lambda d: d["sections"][0]["blocks"][1].update(kind="side"), 'expected "block" or "pull"'),
        (lambda d: d["sections"][0].update(blocks=None), "$.sections[0].blocks: expected a list, got null"),
        (lambda d: d.update(schema_version=True), "$.schema_version: unsupported schema version"),
        (lambda d: d.update(metadata=[]), "$.metadata: expected an object, got a list"),
        (lambda d: d["metadata"].update(keywords=["a", 1]), "$.metadata.keywords[1]: expected a string, got a number"),
        (lambda d: d["sections"].__setitem__(0, "x"), "$.sections[0]: expected an object, got a string"),
        (
            lambda d: d["sections"][0]["blocks"].__setitem__(0, 1),
            "$.sections[0].blocks[0]: expected an object, got a number",
        ),
        (lambda d: d["sections"][0]["blocks"][0].update(type=[]), "$.sections[0].blocks[0].type: unknown block type"),
        (
            lambda d: d["sections"][0]["blocks"][0].update(runs={}),
            "$.sections[0].blocks[0].runs: expected a list of runs, got an object",
        ),
        (
            lambda d: d["sections"][0]["blocks"][0]["runs"][0].update(emphasis="yes"),
            "$.sections[0].blocks[0].runs[0].emphasis: expected true or false, got a string",
        ),
        (
            lambda d: d["sections"][0]["blocks"][1].update(paragraphs=[1]),
            "$.sections[0].blocks[1].paragraphs[0]: expected a list of runs, got a number",
        ),
        (
            lambda d: d["sections"][1]["blocks"][1]["rows"][0].__setitem__(1, 1),
            "$.sections[1].blocks[1].rows[0][1]: expected an object, got a number",
        ),
        (
            lambda d: d["sections"][1]["blocks"][1]["rows"].__setitem__(0, {}),
            "$.sections[1].blocks[1].rows[0]: expected a list of cells, got an object",
        ),
        (
            lambda d: d["sections"][1]["blocks"][1]["rows"][0].pop(),
            "$.sections[1].blocks[1].rows[0]: expected 2 cells, one per header, got 1",
        ),
        (
            lambda d: d["sections"][1]["blocks"][1].update(headers=[]),
            "$.sections[1].blocks[1].headers: expected at least one header",
        ),
        (
            lambda d: d["sections"][1]["blocks"][1]["rows"][0][1].update(value=10**400),
            "rows[0][1].value: expected a finite number",
        ),
        (
            lambda d: d["sections"][1]["blocks"][1]["rows"][0][1].update(value=None),
            "rows[0][1].value: expected a finite number, got null",
        ),
        (
            lambda d: d["sections"][1]["blocks"][1]["rows"][0][1].update(kind=["number"]),
            'rows[0][1].kind: expected "text" or "number"',
        ),
    ],
)
def test_malformed_json_is_refused_with_its_path(minimal, mutate, message):
    data = json.loads(json.dumps(to_dict(minimal)))
    mutate(data)
    with pytest.raises(SchemaError, match=re.escape(message)):
        from_dict(data)


def _nested(depth: int, leaf: object) -> object:
    """`leaf` inside `depth` lists, built without recursion."""
    for _ in range(depth):
        leaf = [leaf]
    return leaf


def test_json_nested_far_too_deep_is_refused_at_its_path_without_recursing(minimal):
    data = json.loads(json.dumps(to_dict(minimal)))
    data["sections"][0]["blocks"][0] = _nested(100_000, {"type": "paragraph"})
    with pytest.raises(SchemaError) as caught:
        from_dict(data)
    assert str(caught.value) == "$.sections[0].blocks[0]: expected an object, got a list"
    data = json.loads(json.dumps(to_dict(minimal)))
    data["sections"][0]["blocks"][0]["runs"][0]["text"] = _nested(100_000, "x")
    with pytest.raises(
        SchemaError, match=re.escape("$.sections[0].blocks[0].runs[0].text: expected a string, got a list")
    ):
        from_dict(data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


def _places(value: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """The path of every value in a JSON tree, the root's included."""
    places = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            places += _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            places += _places(item, (*path, index))
    return places


@given(data=st.data())
@settings(max_examples=300, deadline=None)
def test_any_json_value_anywhere_gives_a_bulletin_or_a_schema_error(minimal, data):
    """Whatever replaces whatever part of a valid document: never AttributeError, TypeError or KeyError."""
    document = json.loads(json.dumps(to_dict(minimal)))
    path = data.draw(st.sampled_from(_places(document)))
    value = data.draw(json_values)
    if path:
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = value
    else:
        document = value
    try:
        from_dict(document)
    except SchemaError as error:
        assert str(error).startswith("$")


ARTICLE = FIXTURES / "article" / "bulletin.md"
LISTS = FIXTURES / "lists" / "bulletin.md"
DUMPED = [FLAGSHIP, ARTICLE, LISTS, FIXTURES / "minimal" / "bulletin.md", FIXTURES / "hostile" / "bulletin.md"]


@pytest.mark.parametrize("source", DUMPED, ids=lambda p: p.parent.name)
def test_every_dump_is_valid_against_the_json_schema_the_package_ships(source):
    validator = jsonschema.Draft202012Validator(json_schema())
    data = json.loads(json.dumps(to_dict(briefexport.load(source)), ensure_ascii=False))
    assert [error.message for error in validator.iter_errors(data)] == []


def test_a_publisher_s_short_name_survives_a_round_trip_and_a_dump_without_it_reads_as_before(minimal):
    bulletin = dataclasses.replace(minimal, publisher=dataclasses.replace(minimal.publisher, short_name="EI"))
    data = to_dict(bulletin)
    assert data["publisher"]["short_name"] == "EI"
    assert jsonschema.Draft202012Validator(json_schema()).is_valid(data)
    assert from_dict(data) == bulletin
    del data["publisher"]["short_name"]  # a dump of the code before the key
    assert from_dict(data).publisher.short_name is None
    data["publisher"]["short_name"] = " "
    with pytest.raises(SchemaError, match=r"^\$\.publisher\.short_name: must not be empty"):
        from_dict(data)


def test_a_revision_date_survives_a_round_trip_and_a_dump_without_it_reads_as_before(minimal):
    revised = dataclasses.replace(minimal.metadata, revised=minimal.metadata.date + dt.timedelta(days=3))
    bulletin = dataclasses.replace(minimal, metadata=revised)
    data = to_dict(bulletin)
    assert data["metadata"]["revised"] == revised.revised.isoformat()
    assert jsonschema.Draft202012Validator(json_schema()).is_valid(data)
    assert from_dict(data) == bulletin
    del data["metadata"]["revised"]  # a dump of the code before the key
    assert from_dict(data).metadata.revised is None
    for written in ("20240402", "2024-W14-2", "２０２４-04-02"):  # Python reads them; the schema does not
        data["metadata"]["revised"] = written
        with pytest.raises(SchemaError, match=r"^\$\.metadata\.revised: expected an ISO date such as 2024-02-29"):
            from_dict(data)
    data["metadata"]["revised"] = (minimal.metadata.date - dt.timedelta(days=1)).isoformat()
    with pytest.raises(SchemaError, match=r"^\$\.metadata\.revised: is .*, before the issue's date"):
        from_dict(data)


def test_a_publisher_s_locality_survives_a_round_trip_and_a_dump_without_it_reads_as_before(minimal):
    german = dataclasses.replace(minimal.publisher, city="Berlin", postcode="10437", locality="{postcode} {city}")
    bulletin = dataclasses.replace(minimal, publisher=german)
    data = to_dict(bulletin)
    assert data["publisher"]["locality"] == "{postcode} {city}"
    assert jsonschema.Draft202012Validator(json_schema()).is_valid(data)
    assert from_dict(data) == bulletin
    data["publisher"]["locality"] = None  # not absent: a value the schema refuses, not the default
    with pytest.raises(SchemaError, match=r"^\$\.publisher\.locality: expected a string, got null"):
        from_dict(data)
    del data["publisher"]["locality"]  # a dump of the code before the key
    assert from_dict(data).publisher.locality == "{city}, {postcode}"
    data["publisher"]["locality"] = "{town}"
    with pytest.raises(SchemaError, match=r"^\$\.publisher\.locality: is no template of \{city\} and \{postcode\}"):
        from_dict(data)


def test_the_shipped_json_schema_is_a_valid_schema_of_this_version():
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["schema_version"] == {"const": SCHEMA_VERSION}


def test_the_json_schema_refuses_what_from_dict_refuses(minimal):
    validator = jsonschema.Draft202012Validator(json_schema())
    data = to_dict(minimal)
    data["sections"][0]["blocks"][0] = {"type": "subheading", "title": ""}
    assert not validator.is_valid(data)
    data = to_dict(minimal)
    del data["introduction"]
    assert not validator.is_valid(data)


def test_a_tables_sources_in_the_plural_survive_a_round_trip_and_are_written_only_when_so():
    figures = briefexport.load(FIXTURES / "figures" / "bulletin.md")
    data = json.loads(json.dumps(to_dict(figures), ensure_ascii=False))
    stats = [b for s in data["sections"] for b in s["blocks"] if b["type"] == "stats"]
    assert [b.get("several_sources") for b in stats] == [True, None]  # "Sources:", then "Source:"
    assert jsonschema.Draft202012Validator(json_schema()).is_valid(data)
    assert from_dict(data, base_dir=FIXTURES / "figures").tables()[0].several_sources
    assert all("several_sources" not in b for s in to_dict(briefexport.load(FLAGSHIP))["sections"] for b in s["blocks"])


def test_introduction_byline_standfirst_and_sub_headings_survive_a_round_trip():
    bulletin = briefexport.load(ARTICLE)
    data = to_dict(bulletin)
    assert [b["type"] for b in data["introduction"]] == ["paragraph", "quote"]
    assert data["sections"][0]["byline"][1] == {"text": "A. Writer", "emphasis": True}
    assert {"type": "subheading", "title": "A first sub-heading"} in data["sections"][0]["blocks"]
    assert from_dict(json.loads(json.dumps(data))) == bulletin


def test_a_version_1_document_is_read_as_version_2_without_the_new_parts(minimal):
    data = to_dict(minimal)
    data["schema_version"] = 1
    del data["introduction"], data["footnotes"]
    del data["metadata"]["summary"]
    for section in data["sections"]:
        del section["byline"], section["standfirst"]
    assert from_dict(data) == minimal


def test_a_version_1_document_may_not_carry_version_2_parts(minimal):
    data = to_dict(minimal)
    data["schema_version"] = 1
    with pytest.raises(SchemaError, match=r"^\$\.introduction: not in schema version 1; write schema_version 2$"):
        from_dict(data)
    del data["introduction"]
    with pytest.raises(SchemaError, match=r"^\$\.footnotes: not in schema version 1; write schema_version 2$"):
        from_dict(data)
    del data["footnotes"]
    with pytest.raises(SchemaError, match=r"^\$\.sections\[0\]: unknown key 'byline'"):
        from_dict(data)


# -- lists -----------------------------------------------------------------------------------------


def _list(*texts: str, ordered: bool = False, start: int = 1, children: tuple = ()) -> dict:
    items = [{"runs": [{"text": text}], "children": []} for text in texts]
    if items and children:
        items[-1]["children"] = list(children)
    return {"type": "list", "ordered": ordered, "start": start, "items": items}


def test_a_list_is_written_with_its_kind_start_and_nested_lists_and_read_back():
    bulletin = briefexport.load(LISTS)
    data = to_dict(bulletin)
    agenda = data["sections"][0]["blocks"][1]
    assert (agenda["type"], agenda["ordered"], agenda["start"]) == ("list", True, 3)
    assert agenda["items"][0]["children"] == [] and "lang" not in agenda
    nested = agenda["items"][1]["children"][0]
    assert (nested["ordered"], [item["runs"][0]["text"] for item in nested["items"]][-1]) == (False, "storage.")
    assert nested["items"][1]["children"][0]["ordered"] is True
    assert from_dict(json.loads(json.dumps(data))) == bulletin


def test_a_lists_language_is_written_only_when_it_has_one(minimal):
    data = json.loads(json.dumps(to_dict(minimal)))
    data["sections"][0]["blocks"].append({**_list("bir", "iki"), "lang": "az"})
    block = from_dict(data).sections[0].blocks[-1]
    assert block.lang == "az" and to_dict(from_dict(data))["sections"][0]["blocks"][-1]["lang"] == "az"
    assert jsonschema.Draft202012Validator(json_schema()).is_valid(data)


START = "$.sections[0].blocks[2].start"
LIST_REFUSALS = [
    (_list(), "$.sections[0].blocks[2].items: must not be empty; a list holds at least one item"),
    (_list("x", start=-1), f"{START}: expected a whole number from 0 to 999,999,999, got a number"),
    (_list("x", start=10**9), f"{START}: expected a whole number from 0 to 999,999,999, got a number"),
    (_list("x", start=True), f"{START}: expected a whole number from 0 to 999,999,999, got true or false"),
    (_list("x", ordered="yes"), "$.sections[0].blocks[2].ordered: expected true or false, got a string"),
    (
        _list("x", children=[{"type": "paragraph", "runs": [{"text": "y"}]}]),
        "$.sections[0].blocks[2].items[0].children[0]: unknown key 'runs'; allowed: items, lang, ordered, start, type",
    ),
    (
        _list("x", children=[{**_list("y"), "type": "quote"}]),
        '$.sections[0].blocks[2].items[0].children[0].type: expected "list": an item holds only lists',
    ),
    # The schema holds a language tag to the front matter's pattern too (#/$defs/lang).
    ({**_list("x"), "lang": "not a tag"}, f"$.sections[0].blocks[2].lang: {LANGUAGE_RULE}"),
]
# What only from_dict sees: how deep lists nest, blank text.
LIST_RULES = [
    (
        _list("1", children=[_list("2", children=[_list("3", children=[_list("4")])])]),
        "$.sections[0].blocks[2].items[0].children[0].items[0].children[0].items[0].children[0]: "
        "lists nest at most three levels",
    ),
    (_list(" "), "$.sections[0].blocks[2].items[0].runs: empty paragraph; its runs hold no text"),
]


@pytest.mark.parametrize(("block", "message"), LIST_REFUSALS + LIST_RULES)
def test_a_malformed_list_is_refused_at_its_path(minimal, block, message):
    data = json.loads(json.dumps(to_dict(minimal)))
    data["sections"][0]["blocks"].append(block)
    with pytest.raises(SchemaError) as caught:
        from_dict(data)
    assert str(caught.value) == message
    assert jsonschema.Draft202012Validator(json_schema()).is_valid(data) == ((block, message) in LIST_RULES)


def test_a_dump_names_its_pictures_and_logo_relative_to_the_source_folder_and_reads_from_a_copy(tmp_path):
    """to_dict wrote the server's absolute picture paths: the JSON could not be read from another folder
    or host ('path ... is absolute'), and it told anyone who saw it where the server keeps its files."""
    folder = tmp_path / "issue"
    shutil.copytree(PICTURES, folder)
    with (folder / "publisher.yaml").open("a", encoding="utf-8") as publisher:
        publisher.write("logo: map.png\n")
    bulletin = briefexport.load(folder / "bulletin.md")
    data = json.loads(json.dumps(to_dict(bulletin, base_dir=folder), ensure_ascii=False))
    paths = [b["path"] for s in data["sections"] for b in s["blocks"] if b["type"] == "figure"]
    assert paths and all(not Path(p).is_absolute() and "/" not in p.strip("./") for p in paths)
    assert data["publisher"]["logo"] == "map.png"
    assert str(tmp_path) not in json.dumps(data)
    moved = shutil.copytree(folder, tmp_path / "elsewhere")
    shutil.rmtree(folder)
    assert from_dict(data, base_dir=moved) == briefexport.load(moved / "bulletin.md")
    dumped = CliRunner().invoke(main, ["dump", str(moved / "bulletin.md")])
    assert dumped.exit_code == 0 and str(tmp_path) not in dumped.output


@pytest.mark.parametrize(
    ("text", "then", "now"),
    [
        ("47 €/MWh", ("€/MWh", None, None), ("/MWh", "€", None)),
        ("47 EUR/MWh", ("EUR/MWh", None, None), ("/MWh", "EUR", None)),
        ("$9/MMBtu+", ("/MMBtu+", "$", None), ("/MMBtu", "$", "+")),
        ("1,000 MW +", ("MW +", None, None), ("MW", None, "+")),
    ],
)
def test_a_dump_of_before_prices_were_read_whole_still_loads(tmp_path, text, then, now):
    """A review: figures such as "47 €/MWh" now carry their currency apart from their unit, and a CMS's
    stored dumps, which hold the unit "€/MWh" and no currency, were refused. Both readings load; a fresh
    dump writes today's."""
    body = f"# S\n\n::: stats\nPrices\n\n| Item | Price |\n|:--|--:|\n| a | {text} |\n\nSource: s.\n:::\n"
    data = to_dict(briefexport.load(write_source(tmp_path, body)))
    cell = data["sections"][0]["blocks"][0]["rows"][0][1]
    assert (cell["unit"], cell["currency"], cell["qualifier"]) == now
    cell["unit"], cell["currency"], cell["qualifier"] = then
    loaded = from_dict(data, base_dir=tmp_path).sections[0].blocks[0].rows[0][1]
    assert (loaded.unit, loaded.currency, loaded.qualifier) == then
    cell["unit"] = "kWh"  # anything else is still refused
    with pytest.raises(SchemaError, match="does not match the figure text"):
        from_dict(data, base_dir=tmp_path)
