"""A bulletin built in code or read from JSON is held to the loader's rules, and told which field breaks one.

validate(bulletin) returns the bulletin unchanged when it is valid, and else
raises ModelError whose message starts with the field's path. Whatever the
value (the wrong Python type included) the error is a ModelError and no other.
The loader's output always passes; from_dict gives the same problems as a
SchemaError at the JSON path.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import pickle
import re
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import briefexport
from briefexport.errors import BriefExportError, ModelError, SchemaError, SourceError
from briefexport.inputs import MAX_INPUT_BYTES
from briefexport.model import (
    Bulletin,
    Figure,
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
)
from briefexport.rules import (
    FIGURE_FORMS,
    LANGUAGE_RULE,
    MAX_FIGURE_DIGITS,
    MAX_NOTE_CHARS,
    MAX_TITLE_CHARS,
    MAX_UNIT_CHARS,
    MAX_WORD_CHARS,
)
from briefexport.serialize import from_dict, to_dict
from briefexport.validation import check_argument, validate

from .conftest import FIXTURES, FLAGSHIP
from .strategies import bulletins
from .test_hostile import CASES, case_names, generate

# A valid bulletin built in code: every rule below breaks one field of it.
BASE = Bulletin(
    metadata=Metadata(
        title="Energy Bulletin",
        issue="February 2024",
        date=dt.date(2024, 2, 29),
        language="az-Latn",
        subtitle="Monthly figures",
        identifier="urn:example:2024-02",
        authors=("Analysis Centre",),
        keywords=("energy", "figures"),
        style="plain",
    ),
    publisher=Publisher(
        name="Example Institute",
        street="Nizami 1",
        city="Baku",
        postcode="AZ1000",
        country="Azerbaijan",
        phones=("(+994 12) 000-00-00",),
        email="info@example.org",
        website="www.example.org",
        logo="/srv/bulletins/logo.png",
    ),
    sections=(
        Section(
            title="Output",
            blocks=(
                Paragraph(
                    runs=(
                        Run("Output rose "),
                        Run("sharply", emphasis=True),
                        Run(" (report)", strong=True, url="https://example.org/report"),
                    )
                ),
                Quote(paragraphs=((Run("A quoted line."),),), attribution="Somebody", kind="block"),
                Table(
                    headers=((Run("Date"),), (Run("Step", strong=True),)),
                    rows=(((Run("7 February"),), ()),),  # an empty cell has no runs
                    caption=(Run("Calendar"),),
                ),
            ),
        ),
        Section(
            title="Figures",
            blocks=(
                Quote(paragraphs=((Run("A striking line."),),), kind="pull"),
                StatsTable(
                    caption="Key figures",
                    headers=("Measure", "Share", "Count", "Power"),
                    rows=(
                        (TextCell("A"), NumberCell(92.12, "92.12%", "%"), NumberCell(90272.0, "90,272"), TextCell("")),
                        (TextCell("B"), NumberCell(-3.0, "−3"), NumberCell(2024.0, "2024"), TextCell("—")),
                        (TextCell("C"), NumberCell(5.0, "5%", "%"), NumberCell(1.5, "1.50"), TextCell("n/a")),
                        (
                            TextCell("D"),
                            NumberCell(0.5, "0.5%", "%"),
                            NumberCell(7.0, "7"),
                            NumberCell(1e3, "1,000 MW", "MW"),
                        ),
                    ),
                    source="Ministry of Energy",
                ),
                Figure(
                    path="/srv/bulletins/map.png",
                    alt="A map of the pipeline's route",
                    caption=(Run("The route, "), Run("2024", emphasis=True)),
                    credit=(Run("AIR Center"),),
                    width="full",
                ),
            ),
        ),
    ),
)

TABLE = "sections[1].blocks[1]"
PLAIN = "sections[0].blocks[2]"
FIGURE = f"{TABLE}.rows[0][1]"
BIG = "is larger than any figure of at most 15 digits and a scale word (trillion) can be"


def with_value(bulletin: Bulletin, path: str, value: object) -> Bulletin:
    """The bulletin with the field or item at `path` ("sections[1].blocks[0].rows[3]") replaced by `value`."""
    steps: list[str | int] = [int(i) if i else name for name, i in re.findall(r"([a-z_]+)|\[(\d+)\]", path)]

    def put(node: object, rest: list[str | int]) -> object:
        if not rest:
            return value
        step, *rest = rest
        if isinstance(step, int):
            assert isinstance(node, tuple)
            return (*node[:step], put(node[step], rest), *node[step + 1 :])
        return dataclasses.replace(node, **{step: put(getattr(node, step), rest)})  # type: ignore[type-var]

    result = put(bulletin, steps)
    assert isinstance(result, Bulletin)
    return result


class Unprintable:
    """A caller's object whose repr fails."""

    def __repr__(self) -> str:
        raise RuntimeError("no repr")


def refusal(bulletin: object) -> str:
    with pytest.raises(ModelError) as caught:
        validate(bulletin)  # type: ignore[arg-type]
    return str(caught.value)


def test_a_valid_bulletin_comes_back_unchanged():
    assert validate(BASE) is BASE


SEPARATOR = "line separator U+2028 is not allowed: write a space (in a text, a blank line ends a paragraph)"


# -- one rule each: the field, a value that breaks the rule, the whole message -----------------------

LONG_NOTE = "words " * (MAX_NOTE_CHARS // 6) + "and more"
TOO_LONG = (
    f"{len(LONG_NOTE):,} characters long; at most {MAX_NOTE_CHARS:,} are allowed "
    "(a section's paragraphs take any length)"
)

RULES = [
    # The bulletin
    ("sections", (), "sections: must not be empty; a bulletin holds at least one section"),
    # Metadata
    ("metadata.title", "", "metadata.title: must not be empty"),
    ("metadata.title", " \t\n", "metadata.title: must not be empty"),
    (
        "metadata.title",
        "T" * (MAX_TITLE_CHARS + 1),
        f"metadata.title: is {MAX_TITLE_CHARS + 1} characters long; at most {MAX_TITLE_CHARS} are allowed",
    ),
    ("metadata.title", "Alpha\nNotes", "metadata.title: holds a line break or control character; write it on one line"),
    # at an end too: the loader stores a title stripped, a model built in code holds what it was given, and
    # the mail's subject refused "Notes\u2028" that validate had passed
    (
        "metadata.title",
        "Notes\u2028",
        f"metadata.title: {SEPARATOR}",
    ),
    ("metadata.issue", "\nMarch", "metadata.issue: holds a line break or control character; write it on one line"),
    (
        "metadata.title",
        "Alpha \u200fNotes",
        "metadata.title: holds the invisible format character U+200F, which a mail's subject cannot carry; remove it",
    ),
    ("metadata.issue", "", "metadata.issue: must not be empty"),
    (
        "metadata.issue",
        "I" * (MAX_TITLE_CHARS + 1),
        f"metadata.issue: is {MAX_TITLE_CHARS + 1} characters long; at most {MAX_TITLE_CHARS} are allowed",
    ),
    ("metadata.date", "2024-02-29", "metadata.date: expected a datetime.date, got str"),
    ("metadata.date", dt.datetime(2024, 2, 29, 12), "metadata.date: expected a datetime.date, got datetime.datetime"),
    (
        "metadata.date",
        dt.date(999, 1, 1),
        "metadata.date: is in the year 999; a bulletin's date is from the year 1000 on",
    ),
    ("metadata.revised", "2024-03-02", "metadata.revised: expected a datetime.date or None, got str"),
    (
        "metadata.revised",
        dt.date(2024, 2, 28),
        "metadata.revised: is 2024-02-28, before the issue's date 2024-02-29; a revision comes after it",
    ),
    # a language's name, in English or in itself, gets its code
    (
        "metadata.language",
        "English",
        "metadata.language: must be a language tag such as en or az-Latn; did you mean 'en'?",
    ),
    (
        "metadata.language",
        "deutsch",
        "metadata.language: must be a language tag such as en or az-Latn; did you mean 'de'?",
    ),
    ("metadata.language", "Klingon", "metadata.language: must be a language tag such as en or az-Latn"),
    (
        "metadata.language",
        "en-UK",
        "metadata.language: 'en-UK' names region 'UK', which is no country code (ISO 3166); did you mean 'en-GB'?",
    ),
    ("metadata.language", "", "metadata.language: must not be empty"),
    ("metadata.subtitle", "", "metadata.subtitle: must not be empty; give None for none"),
    (
        "metadata.subtitle",
        "S" * (MAX_TITLE_CHARS + 1),
        f"metadata.subtitle: is {MAX_TITLE_CHARS + 1} characters long; at most {MAX_TITLE_CHARS} are allowed",
    ),
    (
        "metadata.subtitle",
        "a\u2028b",
        f"metadata.subtitle: {SEPARATOR}",
    ),
    ("metadata.identifier", " ", "metadata.identifier: must not be empty; give None for none"),
    ("metadata.style", "", "metadata.style: must not be empty"),
    # Publisher
    ("publisher.name", " ", "publisher.name: must not be empty"),
    ("publisher.name", "Institute\n", "publisher.name: holds a line break or control character; write it on one line"),
    ("publisher.street", "", "publisher.street: must not be empty"),
    ("publisher.city", "", "publisher.city: must not be empty"),
    ("publisher.postcode", "", "publisher.postcode: must not be empty"),
    ("publisher.country", "", "publisher.country: must not be empty"),
    (
        "publisher.email",
        "info",
        "publisher.email: must be an address such as info@example.org (ASCII, no spaces, a domain with a dot)",
    ),
    ("publisher.email", "", "publisher.email: must not be empty; give None for none"),
    (
        "publisher.website",
        "ftp://example.org",
        "publisher.website: link 'ftp://example.org' has scheme 'ftp'; allowed: http, https",
    ),
    (
        "publisher.website",
        "http://[x]",
        "publisher.website: link 'http://[x]' is not a valid URL ('x' does not appear to be an IPv4 or IPv6 address)",
    ),
    ("publisher.website", "https://", "publisher.website: link 'https://' has no host"),
    # A CMS integrator's trial: words became a link to https://our%20site,%20see%20the%20intranet.
    (
        "publisher.website",
        "our site, see the intranet",
        "publisher.website: website 'our site, see the intranet' holds a space; write the site's address, as "
        "www.example.org",
    ),
    (
        "publisher.website",
        "intranet",
        "publisher.website: website 'intranet' names no host with a dot; write the site's address, as www.example.org",
    ),
    (
        "publisher.logo",
        "../secrets/logo.png",
        "publisher.logo: path '../secrets/logo.png' leads out of its folder; '..' is not allowed",
    ),
    (
        "publisher.logo",
        "logos\\..\\..\\logo.png",
        "publisher.logo: path 'logos\\\\..\\\\..\\\\logo.png' leads out of its folder; '..' is not allowed",
    ),
    ("publisher.logo", "", "publisher.logo: must not be empty; give None for none"),
    # A service's trial: a picture's relative path was read from the process's working folder; a re-trial: the logo's
    (
        "publisher.logo",
        "logo.png",
        "publisher.logo: path 'logo.png' is relative; a picture's is absolute, as load gives it",
    ),
    (
        "sections[1].blocks[2].path",
        "map.png",
        "sections[1].blocks[2].path: path 'map.png' is relative; a picture's is absolute, as load gives it",
    ),
    # Sections
    ("sections[0].title", "", "sections[0].title: must not be empty"),
    (
        "sections[0].title",
        "S" * (MAX_TITLE_CHARS + 1),
        f"sections[0].title: is {MAX_TITLE_CHARS + 1} characters long; at most {MAX_TITLE_CHARS} are allowed",
    ),
    (
        "sections[1].blocks",
        (),
        "sections[1].blocks: must not be empty; a section holds at least one paragraph, quote or table",
    ),
    # Paragraphs and runs
    (
        "sections[0].blocks[0].runs",
        (),
        "sections[0].blocks[0].runs: must not be empty; a paragraph holds at least one run of text",
    ),
    (
        "sections[0].blocks[0].runs",
        (Run(" "), Run("\n", emphasis=True)),
        "sections[0].blocks[0].runs: empty paragraph; its runs hold no text",
    ),
    (
        "sections[0].blocks[0].runs",
        (Run("\u200b"), Run(" \u2060", emphasis=True)),
        "sections[0].blocks[0].runs: empty paragraph; its runs hold no text, only invisible characters "
        "(such as a zero-width space, U+200B)",
    ),
    (  # a re-audit: the loader refuses "[ ](…)", a model built in code or JSON was accepted
        "sections[0].blocks[0].runs",
        (Run("See "), Run("\u00a0", url="https://example.org"), Run(" now.")),
        "sections[0].blocks[0].runs[1].text: a link's text shows nothing: write the words a reader follows it by",
    ),
    (  # a word across runs is one word: ReportLab would measure it again at every column it breaks it in
        "sections[0].blocks[0].runs",
        (Run("Before " + "x" * MAX_WORD_CHARS), Run("y", emphasis=True), Run(" after.")),
        f"sections[0].blocks[0].runs: a word of {MAX_WORD_CHARS + 1:,} characters, with no space in it; "
        f"at most {MAX_WORD_CHARS:,} are allowed",
    ),
    (
        "sections[0].blocks[0].runs[2].url",
        "javascript:alert(1)",
        "sections[0].blocks[0].runs[2].url: link 'javascript:alert(1)' has scheme 'javascript'; "
        "allowed: http, https, mailto",
    ),
    (
        "sections[0].blocks[0].runs[2].url",
        "example.org/report",
        "sections[0].blocks[0].runs[2].url: link 'example.org/report' has scheme 'none'; allowed: http, https, mailto",
    ),
    (
        "sections[0].blocks[0].runs[2].url",
        "https:///report",
        "sections[0].blocks[0].runs[2].url: link 'https:///report' has no host",
    ),
    # Quotes
    (
        "sections[0].blocks[1].kind",
        "side",
        "sections[0].blocks[1].kind: unknown quote kind 'side'; allowed: block, pull",
    ),
    ("sections[0].blocks[1].kind", None, "sections[0].blocks[1].kind: unknown quote kind None; allowed: block, pull"),
    (
        "sections[0].blocks[1].kind",
        Unprintable(),
        "sections[0].blocks[1].kind: unknown quote kind a tests.test_validate.Unprintable; allowed: block, pull",
    ),
    (
        "sections[0].blocks[1].paragraphs",
        (),
        "sections[0].blocks[1].paragraphs: must not be empty; a quote holds at least one paragraph",
    ),
    (
        "sections[0].blocks[1].paragraphs[0]",
        (Run(""),),
        "sections[0].blocks[1].paragraphs[0]: empty paragraph; its runs hold no text",
    ),
    (
        "sections[0].blocks[1].attribution",
        " ",
        "sections[0].blocks[1].attribution: empty paragraph; its runs hold no text",
    ),
    (
        "sections[0].blocks[0].lang",
        "az_AZ",
        "sections[0].blocks[0].lang: must be a language tag such as en or az-Latn; did you mean 'az-AZ'?",
    ),
    ("sections[0].blocks[1].lang", "", "sections[0].blocks[1].lang: must not be empty; give None for none"),
    (
        "sections[0].blocks[0].runs[1].lang",
        "english",
        "sections[0].blocks[0].runs[1].lang: must be a language tag such as en or az-Latn; did you mean 'en'?",
    ),
    # Tables
    (f"{TABLE}.caption", (Run(""),), f"{TABLE}.caption: empty paragraph; its runs hold no text"),
    (f"{TABLE}.source", "", f"{TABLE}.source: must not be empty; a paragraph holds at least one run of text"),
    (f"{TABLE}.source", (Run(" "),), f"{TABLE}.source: empty paragraph; its runs hold no text"),
    # ReportLab sets a note's text again at each column it breaks in: a service's 80 KB footnote took minutes
    (f"{TABLE}.source", (Run(LONG_NOTE),), f"{TABLE}.source: a table's source is {TOO_LONG}"),
    (f"{TABLE}.rows[0][0]", TextCell(LONG_NOTE), f"{TABLE}.rows[0][0].runs: a table cell is {TOO_LONG}"),
    (f"{PLAIN}.caption", (Run(LONG_NOTE),), f"{PLAIN}.caption: a table's caption is {TOO_LONG}"),
    (
        "sections[1].blocks[2].credit",
        (Run(LONG_NOTE),),
        f"sections[1].blocks[2].credit: a figure's caption or credit is {TOO_LONG}",
    ),
    (f"{TABLE}.headers", (), f"{TABLE}.headers: must not be empty; a table has at least one column"),
    (
        f"{TABLE}.headers",
        ("", " ", "", ""),
        f"{TABLE}.headers: the table's header row is empty; name at least one column",
    ),
    (f"{TABLE}.rows", (), f"{TABLE}.rows: must not be empty; the table has a header but no rows"),
    (
        f"{TABLE}.rows[3]",
        (TextCell("D"), TextCell("1"), TextCell("2")),
        f"{TABLE}.rows[3]: expected 4 cells, one per column, got 3",
    ),
    (f"{TABLE}.rows[0]", (TextCell("x"),) * 5, f"{TABLE}.rows[0]: expected 4 cells, one per column, got 5"),
    # Plain tables: cells of runs, an empty one none
    (f"{PLAIN}.caption", (Run(" "),), f"{PLAIN}.caption: empty paragraph; its runs hold no text"),
    (f"{PLAIN}.headers", (), f"{PLAIN}.headers: must not be empty; a table has at least one column"),
    (
        f"{PLAIN}.headers",
        ((Run("\u200b"),), (Run(" "),)),
        f"{PLAIN}.headers: the table's header row is empty; name at least one column",
    ),
    (f"{PLAIN}.headers", [(Run("Date"),)], f"{PLAIN}.headers: expected a tuple of cells, got list"),
    (f"{PLAIN}.headers[1]", "Step", f"{PLAIN}.headers[1]: expected a tuple, got str"),
    (f"{PLAIN}.rows", (), f"{PLAIN}.rows: must not be empty; the table has a header but no rows"),
    (f"{PLAIN}.rows[0]", ((Run("x"),),), f"{PLAIN}.rows[0]: expected 2 cells, one per column, got 1"),
    (
        f"{PLAIN}.rows[0][1]",
        (Run("\x00"),),
        f"{PLAIN}.rows[0][1][0].text: control character U+0000 is not allowed (only tab and line breaks may appear)",
    ),
    (
        f"{PLAIN}.rows[0][1]",
        (Run("x", url="javascript:alert(1)"),),
        f"{PLAIN}.rows[0][1][0].url: link 'javascript:alert(1)' has scheme 'javascript'; allowed: http, https, mailto",
    ),
    (
        f"{PLAIN}.rows[0][0]",
        (Run("7 February"), Run("1", note=1)),
        f"{PLAIN}.rows[0][0]: a footnote reference is not allowed in a table cell; put it in the text",
    ),
    # Figures
    (
        f"{FIGURE}.value",
        1e308,
        f"{FIGURE}.value: figure 1e308 is larger than any figure of at most {MAX_FIGURE_DIGITS} digits "
        "and a scale word (trillion) can be",
    ),
    (f"{FIGURE}.value", float("inf"), f"{FIGURE}.value: figure inf is not a finite number"),
    (f"{FIGURE}.value", float("-inf"), f"{FIGURE}.value: figure -inf is not a finite number"),
    (f"{FIGURE}.value", float("nan"), f"{FIGURE}.value: figure nan is not a finite number"),
    (
        f"{FIGURE}.value",
        10**400,
        f"{FIGURE}.value: figure 1e400 {BIG}",
    ),
    (
        f"{FIGURE}.value",
        1e15,
        f"{FIGURE}: figure text '92.12%' does not match its value 1000000000000000.0",
    ),
    (
        f"{FIGURE}.value",
        -(10**5000) + 1,
        f"{FIGURE}.value: figure -1e5000 {BIG}",
    ),
    (
        f"{FIGURE}.value",
        123_456_789_012_345_678,
        f"{FIGURE}: figure text '92.12%' does not match its value 123456789012345678",
    ),
    (f"{FIGURE}.value", "92.12", f"{FIGURE}.value: expected a number, got str"),
    (f"{FIGURE}.value", True, f"{FIGURE}.value: expected a number, got bool"),
    (
        f"{FIGURE}.text",
        "about 92",
        f"{FIGURE}.text: 'about 92' is not a figure; {FIGURE_FORMS}",
    ),
    (
        f"{FIGURE}.text",
        "9.21e1%",
        f"{FIGURE}.text: '9.21e1%' is not a figure; {FIGURE_FORMS}",
    ),
    (
        FIGURE,
        NumberCell(0.1234567890123456, "0.1234567890123456"),
        f"{FIGURE}.text: figure '0.1234567890123456' has more than {MAX_FIGURE_DIGITS} digits (17); "
        "write it shorter, such as 2.5 million",
    ),
    (
        FIGURE,
        NumberCell(93.5, "92.12%", "%"),
        f"{FIGURE}: figure text '92.12%' does not match its value 93.5",
    ),
    (f"{FIGURE}.unit", "", f"{FIGURE}.unit: must not be empty; give None for none"),
    (
        f"{FIGURE}.unit",
        "u" * (MAX_UNIT_CHARS + 1),
        f"{FIGURE}.unit: is {MAX_UNIT_CHARS + 1} characters long; at most {MAX_UNIT_CHARS} are allowed",
    ),
    # Characters no edition can carry, in any text
    (
        "sections[0].blocks[0].runs[0].text",
        "a\ud800b",
        "sections[0].blocks[0].runs[0].text: character U+D800 is not allowed",
    ),
    (
        "metadata.title",
        "Bell\x07",
        "metadata.title: control character U+0007 is not allowed (only tab and line breaks may appear)",
    ),
    (
        f"{TABLE}.rows[0][0].runs",
        (Run("next\x85line"),),
        f"{TABLE}.rows[0][0].runs[0].text: control character U+0085 is not allowed "
        "(only tab and line breaks may appear)",
    ),
    ("publisher.city", "Baku\uffff", "publisher.city: character U+FFFF is not allowed"),
    (
        "metadata.keywords[1]",
        "\x00",
        "metadata.keywords[1]: control character U+0000 is not allowed (only tab and line breaks may appear)",
    ),
    (
        "sections[0].blocks[1].attribution",
        "\udfff",
        "sections[0].blocks[1].attribution[0].text: character U+DFFF is not allowed",
    ),
]


@pytest.mark.parametrize(("path", "value", "message"), RULES, ids=[f"{p}={type(v).__name__}" for p, v, _ in RULES])
def test_each_rule_names_the_field_and_what_is_allowed(path, value, message):
    assert refusal(with_value(BASE, path, value)) == message


# -- wrong Python types anywhere: the same error, never an AttributeError from deep inside ----------------


class SpecialParagraph(Paragraph):
    """A subclass: renderers find a block's visit method by its exact type, so it is refused."""


BLOCK_NAMES = "Paragraph, Quote, StatsTable, Subheading, Figure, ListBlock or Table"  # as validate names them

WRONG_TYPES = [
    ("metadata", None, "metadata: expected a Metadata, got None"),
    ("publisher", "Example Institute", "publisher: expected a Publisher, got str"),
    ("sections", [BASE.sections[0]], "sections: expected a tuple, got list"),
    ("sections", "Output", "sections: expected a tuple, got str"),
    ("sections[0]", ("Output",), "sections[0]: expected a Section, got tuple"),
    ("metadata.title", 2024, "metadata.title: expected a str, got int"),
    ("metadata.subtitle", b"bytes", "metadata.subtitle: expected a str or None, got bytes"),
    ("metadata.authors", "Analysis Centre", "metadata.authors: expected a tuple of str, got str"),
    ("metadata.keywords", ("energy", 1), "metadata.keywords[1]: expected a str, got int"),
    ("publisher.phones", ["(+994 12) 000-00-00"], "publisher.phones: expected a tuple of str, got list"),
    ("publisher.logo", Path("logo.png"), "publisher.logo: expected a str or None, got pathlib.PosixPath"),
    ("sections[0].blocks", [BASE.sections[0].blocks[0]], "sections[0].blocks: expected a tuple, got list"),
    (
        "sections[0].blocks[0]",
        "A paragraph.",
        f"sections[0].blocks[0]: expected a block ({BLOCK_NAMES}), got str",
    ),
    (
        "sections[0].blocks[0]",
        {"type": "paragraph", "runs": []},
        f"sections[0].blocks[0]: expected a block ({BLOCK_NAMES}), got dict",
    ),
    (
        "sections[0].blocks[0]",
        SpecialParagraph((Run("x"),)),
        f"sections[0].blocks[0]: expected a block ({BLOCK_NAMES}), got tests.test_validate.SpecialParagraph",
    ),
    ("sections[0].blocks[0].runs", "Output rose", "sections[0].blocks[0].runs: expected a tuple, got str"),
    ("sections[0].blocks[0].runs[0]", "Output rose ", "sections[0].blocks[0].runs[0]: expected a Run, got str"),
    ("sections[0].blocks[0].runs[0].text", None, "sections[0].blocks[0].runs[0].text: expected a str, got None"),
    (
        "sections[0].blocks[0].runs[1].emphasis",
        1,
        "sections[0].blocks[0].runs[1].emphasis: expected True or False, got int",
    ),
    (
        "sections[0].blocks[0].runs[2].strong",
        "yes",
        "sections[0].blocks[0].runs[2].strong: expected True or False, got str",
    ),
    ("sections[0].blocks[0].runs[2].url", 5, "sections[0].blocks[0].runs[2].url: expected a str or None, got int"),
    ("sections[0].blocks[1].paragraphs[0]", Run("x"), "sections[0].blocks[1].paragraphs[0]: expected a tuple, got Run"),
    ("sections[0].blocks[1].paragraphs[0][0]", "x", "sections[0].blocks[1].paragraphs[0][0]: expected a Run, got str"),
    (f"{TABLE}.headers", "Measure", f"{TABLE}.headers: expected a tuple of runs, got str"),
    (f"{TABLE}.headers[0]", ["Measure"], f"{TABLE}.headers[0]: expected a tuple, got list"),
    (
        f"{TABLE}.rows[0]",
        list(BASE.sections[1].blocks[1].rows[0]),
        f"{TABLE}.rows[0]: expected a tuple of cells, got list",
    ),
    (f"{TABLE}.rows[0][1]", 92.12, f"{TABLE}.rows[0][1]: expected a cell (TextCell or NumberCell), got float"),
    (f"{TABLE}.rows[0][0].runs", 1, f"{TABLE}.rows[0][0].runs: expected a tuple, got int"),
    (f"{FIGURE}.text", 92.12, f"{FIGURE}.text: expected a str, got float"),
    (f"{FIGURE}.unit", 5, f"{FIGURE}.unit: expected a str or None, got int"),
]


@pytest.mark.parametrize(("path", "value", "message"), WRONG_TYPES, ids=[p for p, _, _ in WRONG_TYPES])
def test_a_wrong_python_type_is_the_same_error(path, value, message):
    assert refusal(with_value(BASE, path, value)) == message


def test_what_is_not_a_bulletin_at_all_is_the_same_error():
    assert refusal("a bulletin") == "bulletin: expected a Bulletin, got str"
    assert refusal(to_dict(BASE)) == "bulletin: expected a Bulletin, got dict"


def test_a_model_object_missing_a_field_is_the_same_error():
    hollow = object.__new__(Run)  # a dataclass instance that never ran __init__
    assert refusal(with_value(BASE, "sections[0].blocks[0].runs[0]", hollow)) == (
        "sections[0].blocks[0].runs[0].text: missing"
    )


def test_a_standfirst_or_byline_longer_than_a_note_may_be_is_valid():
    """A review: the note limit reached a section's byline and standfirst, under the name "a figure's caption",
    and only at render time (the loader takes them at any length, as it takes paragraphs)."""
    section = dataclasses.replace(BASE.sections[0], standfirst=(Run(LONG_NOTE),), byline=(Run(LONG_NOTE),))
    assert validate(dataclasses.replace(BASE, sections=(section, *BASE.sections[1:]))).sections[0] == section


def test_what_the_loader_lets_through_passes():
    """Tab and line breaks in a summary (not in a title: one line), an absolute logo path (as the loader
    resolves it), a blank header among others, empty table cells and authors, text of exactly the longest
    length."""
    assert validate(with_value(BASE, "metadata.summary", "A\tsummary\nin two lines\r"))
    assert validate(with_value(BASE, "metadata.title", "T" * MAX_TITLE_CHARS))
    assert validate(with_value(BASE, "publisher.logo", "/srv/bulletins/logo.png"))
    assert validate(with_value(BASE, "publisher.logo", "/srv/logos/logo..png"))
    assert validate(with_value(BASE, f"{TABLE}.headers", ("", "Share", "Count", "Power")))
    assert validate(with_value(BASE, "metadata.authors", ("",)))
    assert validate(with_value(BASE, f"{FIGURE}", NumberCell(123456789012345.0, "123,456,789,012,345")))
    assert validate(with_value(BASE, f"{FIGURE}", NumberCell(5, "5 MW", "MW")))  # an int value


def test_a_figure_computed_in_code_may_carry_more_decimals_than_its_text_prints():
    """Editions print the value with the decimals the text was written with: there they must agree."""
    assert validate(with_value(BASE, FIGURE, NumberCell(92.1234, "92.12%", "%")))
    assert validate(with_value(BASE, FIGURE, NumberCell(0.1 + 0.2, "0.3")))


def test_no_more_text_than_a_source_file_holds():
    """The front matter and the sections are one source file, the publisher file another: each within the limit."""
    long_paragraph = Paragraph((Run("word " * (MAX_INPUT_BYTES // 5 + 1)),))  # words: no word too long
    message = refusal(with_value(BASE, "sections[0].blocks[0]", long_paragraph))
    assert re.fullmatch(
        r"bulletin: its text is [\d,]+ characters long; a source file holds at most 16,777,216", message
    )
    p = BASE.publisher
    texts = [p.name, p.city, p.postcode, p.country, *p.phones, p.email, p.website, p.locality]
    chars = MAX_INPUT_BYTES + 1 + sum(map(len, texts))
    message = refusal(with_value(BASE, "publisher.street", "x" * (MAX_INPUT_BYTES + 1)))
    assert message == f"publisher: its text is {chars:,} characters long; a source file holds at most 16,777,216"


def test_the_error_is_a_briefexport_error_with_the_path_and_survives_a_process_boundary():
    with pytest.raises(ModelError) as caught:
        validate(with_value(BASE, "metadata.title", ""))
    error = caught.value
    assert isinstance(error, BriefExportError) and not isinstance(error, SchemaError)
    assert error.path == "metadata.title" and error.file is None and error.line is None
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), str(copy), copy.path) == (ModelError, "metadata.title: must not be empty", "metadata.title")


# -- every field of every model class is checked ---------------------------------------------------


def places(node: object, path: str = "") -> Iterator[str]:
    """The path of every field of every model object in the tree, and of every item of its tuples."""
    if dataclasses.is_dataclass(node):
        for field in dataclasses.fields(node):
            where = f"{path}.{field.name}" if path else field.name
            yield where
            yield from places(getattr(node, field.name), where)
    elif isinstance(node, tuple):
        for i, item in enumerate(node):
            yield f"{path}[{i}]"
            yield from places(item, f"{path}[{i}]")


def test_every_field_of_every_model_class_is_checked():
    """Something no field may hold, anywhere: refused at exactly that place."""
    paths = list(places(BASE))
    classes = {type(n).__name__ for n in [BASE, BASE.metadata, BASE.publisher, *BASE.sections, *BASE.blocks()]}
    assert classes >= {"Bulletin", "Metadata", "Publisher", "Section", "Paragraph", "Quote", "StatsTable", "Figure"}
    for path in paths:
        with pytest.raises(ModelError) as caught:
            validate(with_value(BASE, path, object()))
        assert caught.value.path == path, (path, str(caught.value))


# -- the loader's output is always valid -----------------------------------------------------------


@pytest.mark.parametrize("name", case_names())
def test_every_hostile_source_the_loader_accepts_is_valid(name, tmp_path):
    case = CASES / name
    expect = tomllib.loads((case / "expect.toml").read_text(encoding="utf-8"))
    source, styles = tmp_path / "source", tmp_path / "styles"
    shutil.copytree(case, source, ignore=shutil.ignore_patterns("styles", "expect.toml"), symlinks=True)
    if not (source / "publisher.yaml").exists():
        shutil.copy(CASES / "publisher.yaml", source)
    (styles / "fonts").mkdir(parents=True)
    if "generate" in expect:
        generate(expect["generate"], source, styles, tmp_path)
    try:
        bulletin = briefexport.load(source / "bulletin.md")
    except SourceError:
        assert expect["outcome"] == "rejected"  # what renders was loaded first
        return
    assert validate(bulletin) is bulletin


@pytest.mark.parametrize(
    "source",
    [FLAGSHIP, FIXTURES / "minimal" / "bulletin.md", FIXTURES / "hostile" / "bulletin.md"],
    ids=lambda p: p.parent.name,
)
def test_the_flagship_and_the_fixtures_are_valid(source):
    bulletin = briefexport.load(source)
    assert validate(bulletin) is bulletin


def test_a_loaded_logo_is_valid(tmp_path):
    shutil.copy(FIXTURES / "figures_pictures" / "map.png", tmp_path / "logo.png")
    shutil.copy(FIXTURES / "minimal" / "bulletin.md", tmp_path)
    publisher = (FIXTURES / "minimal" / "publisher.yaml").read_text(encoding="utf-8")
    (tmp_path / "publisher.yaml").write_text(publisher + "logo: logo.png\n", encoding="utf-8")
    bulletin = briefexport.load(tmp_path / "bulletin.md")
    assert Path(bulletin.publisher.logo).is_absolute()  # resolved by the loader
    assert validate(bulletin) is bulletin


# -- JSON is held to the same rules --------------------------------------------------------------


JSON_RULES = [
    ("metadata.title", "", "$.metadata.title: must not be empty"),
    (
        f"{TABLE}.headers",
        ("", " ", "", ""),
        f"$.{TABLE}.headers: the table's header row is empty; name at least one column",
    ),
    (f"{FIGURE}.value", 1e308, f"$.{FIGURE}.value: figure 1e308 {BIG}"),
    (
        "sections[0].blocks[0].runs[2].url",
        "javascript:x",
        "$.sections[0].blocks[0].runs[2].url: link 'javascript:x' has scheme 'javascript'; "
        "allowed: http, https, mailto",
    ),
    ("sections[0].title", "\ud800", "$.sections[0].title: character U+D800 is not allowed"),
    (
        "sections[1].blocks",
        (),
        "$.sections[1].blocks: must not be empty; a section holds at least one paragraph, quote or table",
    ),
]


@pytest.mark.parametrize(("path", "value", "message"), JSON_RULES, ids=[p for p, _, _ in JSON_RULES])
def test_from_dict_gives_the_same_problems_at_the_json_path(path, value, message):
    data = json.loads(json.dumps(to_dict(with_value(BASE, path, value))))
    data["publisher"]["logo"] = None  # a logo names a file, and from_dict checks it: beside the point here
    for section in data["sections"]:  # and so does a figure
        section["blocks"] = [block for block in section["blocks"] if block["type"] != "figure"]
    with pytest.raises(SchemaError) as caught:
        from_dict(data)
    assert str(caught.value) == message


@pytest.mark.parametrize("logo", ["logo\x00.png", "logo\ud800.png"])
def test_from_dict_refuses_a_logo_no_file_system_can_name(logo, tmp_path):
    data = to_dict(BASE)
    data["publisher"]["logo"] = logo
    with pytest.raises(SchemaError, match=r"^\$\.publisher\.logo: (control )?character U\+(0000|D800) is not allowed"):
        from_dict(data, base_dir=tmp_path)


# -- any bulletin the strategies build is valid; one bad field is a ModelError, never another exception ---------

BAD_VALUES = [
    None, 0, -1, 1.5, True, 1e308, float("nan"), float("-inf"), 10**400, "", " ", "\t", "x", "x" * 400, "\x00",
    "\ud800", "\x85", "side", "javascript:alert(1)", "http://[x]", "../logo.png", "a@b", (), ("x",), (1,), ((),),
    (Run(""),), [], {}, b"bytes", object(), dt.date(2024, 2, 29), dt.datetime(2024, 2, 29), Path("x"), Run("x"),
    Paragraph((Run("x"),)), TextCell("x"), NumberCell(1.0, "1"), NumberCell(float("nan"), "nan"),
    Section("S", ()), BASE.metadata, BASE.publisher,
]  # fmt: skip


@given(bulletin=bulletins)
@settings(max_examples=150, deadline=None)
def test_any_bulletin_the_strategies_build_is_valid(bulletin):
    assert validate(bulletin) is bulletin


@given(bulletin=bulletins, data=st.data())
@settings(max_examples=300, deadline=None)
def test_one_field_set_to_a_bad_value_is_a_model_error_and_never_another_exception(bulletin, data):
    path = data.draw(st.sampled_from(list(places(bulletin))), label="path")
    value = data.draw(st.sampled_from(BAD_VALUES), label="value")
    try:
        validate(with_value(bulletin, path, value))
    except ModelError as error:
        # A block replaced may have held the only reference to a footnote, which is then the one at fault.
        assert error.path is not None and error.path.startswith((re.sub(r"[.\[].*", "", path), "footnotes"))
    with pytest.raises(ModelError) as caught:
        validate(with_value(bulletin, path, object()))
    assert caught.value.path == path


# -- the wrong kind of argument to a library call ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "expected", "message"),
    [
        ("fmt", 123, (str,), "fmt must be a str, got int"),
        ("fmt", None, str, "fmt must be a str, got None"),
        ("path", 1.5, (str, Path), "path must be a str or Path, got float"),
        ("style", ["plain"], (str, Path, type(None)), "style must be a str, Path or None, got list"),
        ("bulletin", {}, (Bulletin,), "bulletin must be a Bulletin, got dict"),
        ("jobs", True, (int,), "jobs must be an int, got bool"),
        ("base_dir", 0, (type(None), str), "base_dir must be None or str, got int"),
    ],
)
def test_check_argument_says_what_was_expected_and_what_came(name, value, expected, message):
    with pytest.raises(TypeError) as caught:
        check_argument(name, value, expected)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("value", "expected"),
    [("pdf", (str,)), (Path("x"), (str, Path)), (None, (str, type(None))), (3, int), (True, (bool,)), (BASE, Bulletin)],
)
def test_check_argument_lets_the_expected_types_through(value, expected):
    assert check_argument("x", value, expected) is None


ARTICLE_RULES = [
    ("metadata.summary", " ", "metadata.summary: must not be empty; give None for none"),
    ("introduction", [], "introduction: expected a tuple, got list"),
    (
        "introduction",
        (Subheading("Early"),),
        "introduction[0]: a sub-heading belongs inside a section, not in the introduction",
    ),
    (
        "sections[0].blocks",
        (Paragraph((Run("x"),)), Subheading("Last")),
        "sections[0].blocks[1]: a sub-heading must be followed by the text it heads",
    ),
    ("sections[0].blocks", (Subheading(""), Paragraph((Run("x"),))), "sections[0].blocks[0].title: must not be empty"),
    ("sections[0].byline", (Run(" "),), "sections[0].byline: empty paragraph; its runs hold no text"),
    ("sections[0].standfirst", "Standfirst", "sections[0].standfirst: expected a tuple, got str"),
]


@pytest.mark.parametrize(("path", "value", "message"), ARTICLE_RULES, ids=[p for p, _, _ in ARTICLE_RULES])
def test_the_introduction_bylines_standfirsts_and_sub_headings_keep_the_loaders_rules(path, value, message):
    assert refusal(with_value(BASE, path, value)) == message


# -- lists ------------------------------------------------------------------------------------------


def _items(*texts: str, children: tuple[ListBlock, ...] = ()) -> tuple[ListItem, ...]:
    return tuple(ListItem((Run(text),), children if i == len(texts) - 1 else ()) for i, text in enumerate(texts))


LIST = "sections[0].blocks[0]"
LIST_MODEL_RULES = [
    (ListBlock(()), f"{LIST}.items: must not be empty; a list holds at least one item"),
    (
        ListBlock(_items("x"), ordered=True, start=-1),
        f"{LIST}.start: expected a whole number from 0 to 999,999,999, got -1",
    ),
    (  # the DOCX numbered a list of start 10**30 "0., 1." in LibreOffice
        ListBlock(_items("x"), ordered=True, start=10**30),
        f"{LIST}.start: expected a whole number from 0 to 999,999,999, got {10**30}",
    ),
    (ListBlock(_items("x"), ordered=1), f"{LIST}.ordered: expected True or False, got int"),  # type: ignore[arg-type]
    (ListBlock(_items("x"), lang="not a tag"), f"{LIST}.lang: {LANGUAGE_RULE}"),
    (ListBlock((ListItem((Run(" "),)),)), f"{LIST}.items[0].runs: empty paragraph; its runs hold no text"),
    (ListBlock((Paragraph((Run("x"),)),)), f"{LIST}.items[0]: expected a ListItem, got Paragraph"),  # type: ignore[arg-type]
    (
        ListBlock(_items("x", children=(Paragraph((Run("y"),)),))),  # type: ignore[arg-type]
        f"{LIST}.items[0].children[0]: expected a ListBlock, got Paragraph",
    ),
    (
        ListBlock(_items("1", children=(ListBlock(_items("2", children=(ListBlock(_items("3", children=(
            ListBlock(_items("4")),))),))),))),
        f"{LIST}.items[0].children[0].items[0].children[0].items[0].children[0]: lists nest at most three levels",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("block", "message"), LIST_MODEL_RULES)
def test_a_list_is_held_to_the_loaders_rules(block, message):
    assert refusal(with_value(BASE, LIST, block)) == message


def test_a_list_three_levels_deep_in_the_introduction_is_valid():
    three = ListBlock(_items("1", children=(ListBlock(_items("2", children=(ListBlock(_items("3")),))),)), True, 4)
    assert validate(dataclasses.replace(BASE, introduction=(three,))).introduction == (three,)
