"""Inline markup everywhere, hard line breaks and the language of a passage: the source side.

Emphasis, strong and links in attributions, table headers and cells and Source: lines; a backslash or two
spaces at a line's end is a hard break; `[text]{lang=az}` is a span in another language and a `{lang=az}`
line before a paragraph, quote or list says the whole block is. Every other {…} attribute is refused with
its file:line. (The editions are tested in test_inline_editions.py.)
"""

from __future__ import annotations

import json

import pytest

import briefexport
from briefexport.model import LINE_BREAK, ListBlock, NumberCell, Paragraph, Quote, Run, StatsTable, TextCell
from briefexport.serialize import from_dict, json_schema, to_dict

from .test_sources import load_error, write_source

STATS = """\
::: stats
Key *figures*

| Item | **Year** | Share |
|------|----------|------:|
| [Turnout](https://example.org/t) | *2024* | 76.4% |
| Plain | 2023 | — |

Source: [CEC](https://cec.example.org), *Annual Report*
:::
"""


def load_body(tmp_path, body: str):
    return briefexport.load(write_source(tmp_path, body))


def test_a_backslash_or_two_spaces_at_a_lines_end_is_a_hard_break_and_a_soft_break_a_space(tmp_path):
    bulletin = load_body(tmp_path, "# S\n\nFirst line\\\nsecond *line*  \nthird\nstill third.\n")
    (paragraph,) = bulletin.sections[0].blocks
    assert isinstance(paragraph, Paragraph)
    assert paragraph.runs == (
        Run("First line"),
        Run(LINE_BREAK),
        Run("second "),
        Run("line", emphasis=True),
        Run(LINE_BREAK),
        Run("third still third."),
    )


def test_an_attribution_keeps_its_emphasis_and_links(tmp_path):
    body = "# S\n\n> Quoted.\n>\n> — *Hürriyet*, [in print](https://example.org/h)\n"
    (quote,) = load_body(tmp_path, body).quotes()
    assert quote.attribution == (
        Run("Hürriyet", emphasis=True),
        Run(", "),
        Run("in print", url="https://example.org/h"),
    )
    assert quote.attribution_text == "Hürriyet, in print"


def test_table_headers_text_cells_and_the_source_keep_their_markup_and_figures_stay_figures(tmp_path):
    (table,) = load_body(tmp_path, "# S\n\n" + STATS).tables()
    assert isinstance(table, StatsTable)
    assert table.headers == ((Run("Item"),), (Run("Year", strong=True),), (Run("Share"),))
    assert table.header_texts == ("Item", "Year", "Share")
    assert table.rows[0] == (
        TextCell((Run("Turnout", url="https://example.org/t"),)),
        TextCell((Run("2024", emphasis=True),)),
        NumberCell(76.4, "76.4%", "%"),
    )
    assert table.rows[1][2] == TextCell("—")  # no figure: text
    assert table.source == (Run("CEC", url="https://cec.example.org"), Run(", "), Run("Annual Report", emphasis=True))
    assert table.source_text == "CEC, Annual Report"


def test_a_span_a_paragraph_and_a_quote_may_say_their_language(tmp_path):
    body = (
        '# S\n\nThe motto [Bizim "yurdumuz"]{lang=az} stands.\n\n'
        '{lang=az}\nBütün paragraf "azərbaycanca".\n\n'
        "{lang=tr}\n> Alıntı.\n>\n> — Hürriyet\n\n"
        "{lang=fr}\n::: pull\nUne phrase.\n:::\n"
    )
    span, paragraph, quote, pull = load_body(tmp_path, body).sections[0].blocks
    assert isinstance(span, Paragraph) and span.lang is None
    assert span.runs == (Run("The motto "), Run("Bizim “yurdumuz”", lang="az"), Run(" stands."))
    assert paragraph == Paragraph((Run("Bütün paragraf “azərbaycanca”."),), lang="az")
    assert isinstance(quote, Quote) and (quote.lang, quote.attribution_text) == ("tr", "Hürriyet")
    assert isinstance(pull, Quote) and (pull.kind, pull.lang) == ("pull", "fr")


def test_house_typography_quotes_a_passage_as_its_language_does(tmp_path):
    bulletin = load_body(tmp_path, '# S\n\nHe said ["Nein"]{lang=de} and "yes".\n\n{lang=ru}\nОн сказал "да".\n')
    span, paragraph = bulletin.sections[0].blocks
    assert span.runs[1] == Run("„Nein“", lang="de")  # a German quotation opens low
    assert span.runs[2].text == " and “yes”."
    assert paragraph.runs[0].text == "Он сказал «да»."


def test_a_language_line_first_inside_a_pull_quote_is_the_whole_quotes(tmp_path):
    """The README says so, but it marked the first paragraph alone: its attribution, and any paragraph
    after it, stayed in the bulletin's language."""
    body = "# S\n\n::: pull\n{lang=fr}\nUne phrase.\n\nUne autre.\n\n— Un auteur\n:::\n"
    (pull,) = load_body(tmp_path, body).quotes()
    assert (pull.kind, pull.lang, pull.attribution_text) == ("pull", "fr", "Un auteur")
    assert pull.paragraphs == ((Run("Une phrase."),), (Run("Une autre."),))


def test_a_list_item_and_a_footnote_may_say_their_language_on_their_first_line(tmp_path):
    """ "- {lang=fr}" and "[^a]: {lang=fr}", each before its text, were dropped without a word."""
    body = "# S\n\nText.[^a]\n\n- {lang=fr}\n  Un élément.\n- Two.\n\n[^a]: {lang=fr}\n    Une note.\n"
    bulletin = load_body(tmp_path, body)
    (listed,) = [b for b in bulletin.sections[0].blocks if isinstance(b, ListBlock)]
    assert listed.items[0].runs == (Run("Un élément.", lang="fr"),) and listed.items[1].runs == (Run("Two."),)
    assert bulletin.footnotes[0].paragraphs == ((Run("Une note.", lang="fr"),),)


def test_a_paragraph_of_a_quote_may_have_a_language_of_its_own(tmp_path):
    (quote,) = load_body(tmp_path, "# S\n\n> In English.\n>\n> {lang=az}\n> Azərbaycanca.\n").quotes()
    assert quote.lang is None
    assert quote.paragraphs == ((Run("In English."),), (Run("Azərbaycanca.", lang="az"),))


REFUSED = [
    ("# S\n\n{.note}\nA paragraph.\n", 9, "attribute {.note} is not allowed; the only attribute is a language: "),
    ("# S\n\n{#intro}\nA paragraph.\n", 9, "attribute {#intro} is not allowed"),
    ("# S\n\nA [span]{width=full} here.\n", 9, "attribute {width=full} is not allowed"),
    ("# S\n\nA [link](https://example.org){.external} here.\n", 9, "attribute {.external} is not allowed"),
    ('# S\n\nA [link](https://example.org){onclick="alert(1)"} here.\n', 9, "attribute {onclick=alert(1)}"),
    ("# S\n\nA\n[link](https://example.org){href=javascript:x} here.\n", 10, "attribute {href=javascript:x}"),
    ("# S\n\n{lang=az_AZ}\nA paragraph.\n", 9, "language tag 'az_AZ' is not a BCP 47 tag such as az, en-GB or sr-Latn"),
    ("# S\n\nA\n[span]{lang=English} here.\n", 10, "language tag 'English' is not a BCP 47 tag"),
    ("# S\n\n{lang=de-XX}\nA paragraph.\n", 9, "language tag 'de-XX' names region 'XX', which is no country code"),
    ("{lang=az}\n# S\n\nx\n", 7, "{lang=az} is not allowed on a heading; write [text]{lang=az} after a span"),
    ("# S\n\nSome `code`{lang=az}.\n", 9, "{lang=az} is not allowed on inline code"),
    ("# S\n\nx\n\n{lang=az}\n", 11, "a {…} line stands before no block; put {lang=az} directly before"),
    ("# S\n\n> x\n>\n> {lang=az}\n", 11, "a {…} line stands before no block"),
]


@pytest.mark.parametrize(("body", "line", "message"), REFUSED)
def test_an_attribute_other_than_a_language_or_a_bad_tag_is_refused_with_its_line(tmp_path, body, line, message):
    error = load_error(tmp_path, body)
    assert str(error).startswith(f"{tmp_path / 'b.md'}:{line}: {message}"), str(error)


def test_the_refusal_says_exactly_what_is_allowed(tmp_path):
    error = load_error(tmp_path, "# S\n\n{.note}\nA paragraph.\n")
    assert str(error) == (
        f"{tmp_path / 'b.md'}:9: attribute {{.note}} is not allowed; the only attribute is a language: "
        "[text]{lang=az} after a span of text, or a {lang=az} line before a paragraph, block quote, ::: pull or list"
    )
    error = load_error(tmp_path, "# S\n\n{lang=xx_YY}\nA paragraph.\n")
    assert str(error) == (
        f"{tmp_path / 'b.md'}:9: language tag 'xx_YY' is not a BCP 47 tag such as az, en-GB or sr-Latn"
    )


def test_text_in_braces_that_is_no_attribute_stays_text(tmp_path):
    (paragraph,) = load_body(tmp_path, "# S\n\nSets {1, 2} and [brackets] and {lang=az} mid-line.\n").blocks()
    assert paragraph.runs == (Run("Sets {1, 2} and [brackets] and {lang=az} mid-line."),)


def test_the_new_fields_survive_a_json_round_trip_and_match_the_schema(tmp_path):
    import jsonschema

    body = "# S\n\nLine\\\nbreak [az]{lang=az}.\n\n{lang=tr}\n> Q.\n>\n> — *A*, [b](https://b.example)\n\n" + STATS
    bulletin = load_body(tmp_path, body)
    data = json.loads(json.dumps(to_dict(bulletin), ensure_ascii=False))
    jsonschema.validate(data, json_schema())
    assert from_dict(data) == bulletin
    paragraph, quote, table = data["sections"][0]["blocks"]
    assert paragraph["runs"][1] == {"text": "\n"} and paragraph["runs"][3] == {"text": "az", "lang": "az"}
    assert quote["lang"] == "tr" and quote["attribution"][0] == {"text": "A", "emphasis": True}
    assert table["headers"][1] == [{"text": "Year", "strong": True}]
    assert table["rows"][0][0] == {"kind": "text", "runs": [{"text": "Turnout", "url": "https://example.org/t"}]}
    assert table["source"][0] == {"text": "CEC", "url": "https://cec.example.org"}


def test_older_dumps_with_text_attributions_headers_cells_and_sources_are_still_read(tmp_path):
    import jsonschema

    bulletin = load_body(tmp_path, "# S\n\n> Q.\n>\n> — Somebody\n\n> R.\n\n" + STATS.replace("*", ""))
    data = to_dict(bulletin)
    quote, unattributed, table = data["sections"][0]["blocks"]
    quote["attribution"], unattributed["attribution"] = "Somebody", None
    table["headers"] = ["Item", "Year", "Share"]
    table["rows"][1][0] = {"kind": "text", "text": "Plain"}
    table["source"] = "CEC, Annual Report"
    jsonschema.validate(data, json_schema())
    old = from_dict(data)
    quote_model, unattributed_model, table_model = old.sections[0].blocks
    assert quote_model.attribution == (Run("Somebody"),) and unattributed_model.attribution == ()
    assert table_model.headers == ((Run("Item"),), (Run("Year"),), (Run("Share"),))
    assert table_model.rows[1][0] == TextCell((Run("Plain"),))
    assert table_model.source == (Run("CEC, Annual Report"),)


def test_a_list_may_say_its_language_and_its_nested_lists_are_in_it(tmp_path):
    body = '# S\n\n{lang=de}\n- Ein "Punkt"\n  - darunter "auch"\n- Zwei\n\nAfter.\n'
    block = load_body(tmp_path, body).sections[0].blocks[0]
    assert isinstance(block, ListBlock) and block.lang == "de"
    assert block.items[0].runs == (Run("Ein „Punkt“"),)  # quoted as German is
    nested = block.items[0].children[0]
    assert nested.lang is None and nested.items[0].runs == (Run("darunter „auch“"),)


def test_a_hard_break_in_a_footnote_starts_a_new_line_under_its_text_in_the_text_edition(tmp_path):
    body = "# S\n\nText[^a].\n\n[^a]: A note with *markup*\\\nand a second line.\n"
    text = briefexport.render(load_body(tmp_path, body), "text", "plain").decode()
    assert "[1] A note with *markup*\n    and a second line." in text


@pytest.mark.parametrize(
    ("typed", "set_as"),
    [
        (
            '"Акции компании "Азербайджанские\nжелезные дороги" выросли"',
            "«Акции компании „Азербайджанские железные дороги“ выросли»",
        ),
        ('"Акции **"АЖД"** выросли"', "«Акции „АЖД“ выросли»"),
        ('«Акции **"АЖД"** выросли»', "«Акции „АЖД“ выросли»"),
    ],
)
def test_a_quotation_inside_another_takes_the_inner_marks_across_a_line_break_or_bold_text(tmp_path, typed, set_as):
    """A paragraph's texts were set apart: the inner quote opened „ and closed » after a line break."""
    bulletin = load_body(tmp_path, f"# S\n\n{{lang=ru}}\n{typed}\n")
    assert "".join(run.text for run in bulletin.sections[0].blocks[0].runs) == set_as
