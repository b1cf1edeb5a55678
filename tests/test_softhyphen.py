"""Break hyphens are soft hyphens in the text layer (renderers/pdf/softhyphen.py): the page shows a
hyphen, and copying, searching or reading aloud gets whole words. And a paragraph split after a hard
line break goes on without an empty line."""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess

import pytest
from pdfminer.high_level import extract_text

import briefexport
from briefexport.model import Footnote, Paragraph, Run, Section
from briefexport.renderers.pdf import hyphenation
from briefexport.renderers.pdf.fonts import register_roles
from briefexport.renderers.pdf.hyphenation import hyphenator
from briefexport.renderers.pdf.softhyphen import SOFT_HYPHEN, SoftHyphenParagraph, draws_soft_hyphen
from briefexport.renderers.pdf.typography import Palette, article_styles, build_styles

from .conftest import require_tool

WORDS = "international negotiations concerning parliamentary representation and constitutional responsibilities"


@pytest.fixture(scope="module")
def hyphenated(minimal, aircenter) -> bytes:
    plain_text = Paragraph((Run(f"{WORDS} " * 12 + "a Russia-Ukraine ceasefire " * 6),))
    marked = Paragraph((Run(f"{WORDS} " * 4), Run("emphasised " + WORDS, emphasis=True), Run(f" {WORDS}" * 4)))
    section = Section("Hyphens", (plain_text, marked))
    # Letters at their own width: the two columns then need many hyphens for these long words.
    unscaled = aircenter.replace(layout=dataclasses.replace(aircenter.layout, letter_scaling=0))
    return briefexport.render(dataclasses.replace(minimal, sections=(section,)), "pdf", unscaled)


def lines(data: bytes) -> list[str]:
    return [line for line in extract_text(io.BytesIO(data)).splitlines() if line.strip()]


def test_lines_broken_inside_a_word_end_in_a_soft_hyphen_not_a_hyphen_minus(hyphenated):
    ends = [line[-1] for line in lines(hyphenated)]
    assert ends.count("\u00ad") >= 5  # in one font and in several (the emphasised paragraph)
    for line in lines(hyphenated):
        if line.endswith("-"):
            assert re.search(r"(Russia|a)-$", line), line  # only a hyphen the text holds ends a line as one


def test_the_text_layer_reads_whole_words(hyphenated):
    text = re.sub("\u00ad\\s*", "", extract_text(io.BytesIO(hyphenated)))
    words = set(re.findall(r"[A-Za-z]+", text))
    assert set(WORDS.split()) <= words
    assert not re.search(r"[a-z]- [a-z]", " ".join(text.split()))


def test_poppler_reads_the_broken_words_whole(hyphenated, tmp_path):
    pdftotext = require_tool("pdftotext")
    path = tmp_path / "h.pdf"
    path.write_bytes(hyphenated)
    raw = subprocess.run([pdftotext, "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    joined = re.sub("\u00ad\n", "", raw)
    for word in WORDS.split():
        assert joined.count(word) >= 12, word


def test_a_footnotes_break_hyphens_are_soft_too(minimal, aircenter):
    """Notes are hyphenated as the body is, and are set by the same paragraph class (they were set by
    ReportLab's own, whose break hyphens read as "polit- ical", and which turned a page in a word). Broken
    ragged the whole note at a time, they need a hyphen only for words as long as these."""
    referring = Paragraph((Run("The text refers to a note."), Run("1", note=1)))
    long_words = "interoperability internationalisation incomprehensibilities counterproductiveness"
    note = Footnote(1, "n", ((Run(f"{long_words} " * 4),),))
    bulletin = dataclasses.replace(minimal, sections=(Section("Notes", (referring,)),), footnotes=(note,))
    unscaled = aircenter.replace(layout=dataclasses.replace(aircenter.layout, letter_scaling=0))
    ends = [line[-1] for line in lines(briefexport.render(bulletin, "pdf", unscaled))]  # the note's lines are all
    assert ends.count("\u00ad") >= 2 and "-" not in ends  # that break words: the body has one line


@pytest.mark.parametrize("lines_before", [2, 3])
def test_the_rest_of_a_paragraph_split_after_a_hard_break_opens_with_the_next_line(aircenter, lines_before):
    """ReportLab's own split starts the rest with the break itself: an empty line atop the next column."""
    styles = build_styles(aircenter, register_roles(aircenter), Palette.of(aircenter), "en")
    paragraph = SoftHyphenParagraph("<br/>".join(f"line {i}" for i in range(5)), styles.quote)  # ragged
    paragraph.wrap(240, 10_000)
    _, rest = paragraph.split(240, (lines_before + 0.5) * styles.quote.leading)
    rest.wrap(240, 10_000)
    texts = ["".join(frag.text or "" for frag in line.words) for line in rest.blPara.lines]
    assert texts == [f"line {i}" for i in range(lines_before, 5)]


@pytest.mark.parametrize("first", [150.0, 170.0, 300.0])
def test_a_compound_broken_at_its_own_hyphen_keeps_it_when_the_paragraph_is_set_at_another_width(aircenter, first):
    """A footnote set in a narrow column printed "USEntwicklungsbehörde": ReportLab broke it again from the
    words it had broken ("US-" / "Entwicklungsbehörde") and joined them without the hyphen."""
    body = build_styles(aircenter, register_roles(aircenter), Palette.of(aircenter), "de").body
    markup = '<a href="#n">1</a> Die Auflösung der US-Entwicklungsbehörde USAID betrifft Programme von rund 40 Mrd.'
    paragraph = SoftHyphenParagraph(markup, body)
    paragraph.wrap(first, 1000)
    paragraph.wrap(162.0, 1000)
    text = " ".join("".join(getattr(f, "text", "") for f in line.words) for line in paragraph.blPara.lines)
    assert "US-" in text and "USEntwicklung" not in text


ADDRESS = (
    "https://www.ure.gov.pl/en/communication/news/12345,Tariff-decision-for-the-Baltic-Adriatic-"
    "interconnector-2027-entry-and-exit-points.html"
)


SHORTER = "https://tariff.gov.az/en/decisions/2024/electricity-tariffs-for-households-and-commercial-consumers"
# One with no scheme, in the middle of the text: a re-trial's quote hyphenated it as a word ("exam-" / "ple.org")
WWW = "www.energyregulator.example.org/Publications/Regulations/transmission-charges-and-levies.html"


@pytest.mark.parametrize(
    ("address", "width"),
    [
        (ADDRESS, 120.0),
        (ADDRESS, 162.0),
        (ADDRESS, 240.0),
        (SHORTER, 200.0),
        (SHORTER, 240.0),
        (WWW, 150.0),
        (WWW, 200.0),
    ],
)
def test_a_ragged_paragraphs_address_breaks_where_an_address_breaks(aircenter, address, width):
    """A footnote's address was cut between letters ("news/12" / "345,Tariff", "northgate-pol" / "icy"):
    ReportLab splits a word wider than a line anywhere; one that fits a line it broke after a slash or
    its own hyphen ("…/2024/", "…commercial-" / "consumers", read as a hyphenated word). Its lines now
    end before a slash, dot or hyphen, or at a space, and none is wider than the column, when set again
    at another width and when split."""
    quote = build_styles(aircenter, register_roles(aircenter), Palette.of(aircenter), "en").quote
    text = f"See {address} and www.example.org/a-path for more."
    paragraph = SoftHyphenParagraph(text, quote)
    for set_at in (300.0, width):  # set again at another width: its words as given, cut again
        paragraph.wrap(set_at, 10_000)
    lines = paragraph.blPara.lines
    texts = ["".join(frag.text or "" for frag in line.words).strip() for line in lines]
    assert all(line.extraSpace > -0.01 for line in lines), [line.extraSpace for line in lines]
    at = 0
    for line in texts:
        assert text.startswith(line, at), (text[at:], line)
        at += len(line)
        if at < len(text):  # the line ends at a space, before a slash, dot or hyphen, or after "//"
            assert text[at] in " /.-" or text[at - 2 : at] == "//", line
            at += text[at] == " "
    assert at == len(text)
    _, rest = paragraph.split(width, 2.5 * quote.leading)
    rest.wrap(width, 10_000)
    rest_texts = ["".join(frag.text or "" for frag in line.words) for line in rest.blPara.lines]
    assert rest_texts == texts[2:]


GERMAN_COMPOUND = "Versorgungssicherheitsüberprüfungsverordnung"


@pytest.mark.parametrize("after", ["gilt.", "gilt: https://example.org/x."])
@pytest.mark.parametrize("role", ["subheading", "standfirst", "caption", "source", "attribution", "pull"])
def test_a_word_wider_than_ragged_texts_line_is_cut_with_a_hyphen_where_its_language_allows(aircenter, role, after):
    """A German editor's sub-heading and standfirst were cut between letters with no hyphen
    ("…überprüfungsv" / "erordnung"): only justified text cut an over-long word where it may be
    hyphenated. Every ragged style cuts it there now, drawing the hyphen, and the line holds it; so it
    does in a paragraph that also holds a web address (a pull quote's "…zusammenarbei" / "tsüber…")."""
    faces = register_roles(aircenter)
    styles = build_styles(aircenter, faces, Palette.of(aircenter), "de")
    article = article_styles(aircenter, faces, Palette.of(aircenter), styles.body)
    style = getattr(article, role, None) or getattr(styles, role)
    paragraph = SoftHyphenParagraph(f"Die {GERMAN_COMPOUND} {after}", style)
    width = 150.0
    paragraph.wrap(width, 10_000)
    broken = paragraph.blPara
    if broken.kind == 0:  # in one font: (room left, words) a line
        drawn, room = [" ".join(words) for _, words in broken.lines], [left for left, _ in broken.lines]
    else:
        drawn = ["".join(frag.text or "" for frag in line.words) for line in broken.lines]
        room = [line.extraSpace for line in broken.lines]
    assert min(room) > -0.01, (room, drawn)  # the hyphen fits too
    places = {len(head) for head, _ in hyphenator("de")(GERMAN_COMPOUND)}  # type: ignore[misc]
    cut, joined = [], ""
    if draws_soft_hyphen(style.fontName):  # in the text layer a soft hyphen, not "-" (a review: one-font lines)
        assert not [line for line in drawn if line.endswith("-")], drawn
    for line in drawn:
        if line.endswith((SOFT_HYPHEN, "-")):
            joined += line.strip()[:-1]
            cut.append(len(joined) - joined.index("Versorgungs"))
        else:
            joined += line.strip() + " "
    assert GERMAN_COMPOUND in joined.split(), drawn
    assert cut and set(cut) <= places, (cut, drawn)


def test_the_rest_of_a_split_paragraph_of_cut_words_keeps_their_widths_and_hyphens(aircenter):
    """A review: the rest of a split paragraph holds the pieces its words were cut into, and each break
    widened them by a hyphen again (a German quote's layout failed, "Splitting error"); and the rest, not
    itself cut, drew no hyphen where a line ended in one ("Versorgungs" / "sicherheitsüberprü")."""
    from briefexport.renderers.pdf.wordcuts import HyphenJoint

    faces = register_roles(aircenter)
    style = build_styles(aircenter, faces, Palette.of(aircenter), "de").quote
    text = (
        f"Siehe https://example.org/x und die {GERMAN_COMPOUND} sowie die {GERMAN_COMPOUND} und die {GERMAN_COMPOUND}."
    )
    paragraph = SoftHyphenParagraph(text, style)
    _, height = paragraph.wrap(120.0, 10_000)
    head, rest = paragraph.split(120.0, height / 2)
    widths = []
    for _ in range(3):  # a frame wraps the rest again and again
        rest.wrap(120.0, 10_000)
        widths.append([round(word[0], 3) for word in rest.frags if isinstance(word, HyphenJoint)])
    assert widths[0] and widths[0] == widths[1] == widths[2]
    drawn = ["".join(f.text or "" for f in line.words) for part in (head, rest) for line in part.blPara.lines]
    joined = ""
    for line in drawn:
        joined += line[:-1] if line.endswith(SOFT_HYPHEN) else line + " "
    assert joined.count(GERMAN_COMPOUND) == 3, drawn


@pytest.mark.parametrize(
    ("word", "join", "wrong"),
    [
        ("Energiesicherheitsstrategie", "Energiesicherheits", {"Energiesicherheitss"}),
        ("Arbeitsmarktreform", "Arbeitsmarkt", {"Arbeitsmark"}),
        ("Kreditermächtigungen", "Kredit", {"Kredi"}),
    ],
)
def test_german_text_is_not_broken_on_either_side_of_a_letter_its_patterns_mark_twice(word, join, wrong):
    """pyphen's merged German patterns marked both sides of the letter where compounds join
    ("Sicherheits-s-trategie", "Arbeitsmark-t-reform", "Kredi-t-ermächtigungen"), and justified text took the
    wrong one. Read in its two levels, the file breaks at the join, never a letter beside it; and points a letter
    apart are still no syllables. English keeps its one-letter syllables ("pres-i-dent")."""
    heads = {head for head, _ in hyphenator("de")(word)}  # type: ignore[misc]
    assert join in heads and not wrong & heads, heads
    assert hyphenation._apart([3, 4, 7]) == [7]  # "zusamme-n-a-r-beit": neither side of a lone letter
    assert {"pres", "presi"} <= {head for head, _ in hyphenator("en")("president")}  # type: ignore[misc]


def test_a_german_sub_heading_standfirst_and_attribution_read_back_whole_in_three_columns(minimal, aircenter):
    """The German editor's issue in three columns: each over-long compound ends its lines in a hyphen, and
    the attribution's dash stays with the name after it."""
    from briefexport.model import Quote, Subheading

    name = "Bundesverfassungsgerichtspräsidentin"
    section = Section(
        "Versorgung",
        (
            Subheading(f"Die {GERMAN_COMPOUND}"),
            Paragraph((Run("Ein kurzer Text."),)),
            Quote(paragraphs=((Run("„Nein.“"),),), attribution=(Run(f"{name} a. D."),)),
        ),
        standfirst=(Run(f"Die neue {GERMAN_COMPOUND} gilt."),),
    )
    german = dataclasses.replace(minimal, metadata=dataclasses.replace(minimal.metadata, language="de"))
    three = aircenter.replace(page=dataclasses.replace(aircenter.page, columns=3))
    text = lines(briefexport.render(dataclasses.replace(german, sections=(section,)), "pdf", three))
    joined = re.sub(f"[{SOFT_HYPHEN}-] ", "", " ".join(text))  # (a bold face draws its break hyphen as "-")
    assert joined.count(GERMAN_COMPOUND) == 2, text
    assert all(line.strip() != "—" for line in text), text
    assert f"— {name}" in joined.replace("\u00a0", " "), text


def test_a_passage_in_another_language_cuts_its_over_long_words_in_its_own(aircenter):
    """A review: a German passage of an English bulletin cut "…sicherheit-süberprüfung…" by English patterns."""
    from briefexport.renderers.pdf.typography import in_language

    faces = register_roles(aircenter)
    styles = build_styles(aircenter, faces, Palette.of(aircenter), "en")
    standfirst = article_styles(aircenter, faces, Palette.of(aircenter), styles.body).standfirst
    for style in (standfirst, styles.quote):
        assert in_language(style, (Run("x"),), "de", "en").cutLanguage == "de"
        assert in_language(style, (Run("x"),), None, "en").cutLanguage == "en"
