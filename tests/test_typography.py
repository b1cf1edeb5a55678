"""House typography: curly quotes and apostrophes, en dashes in ranges, ellipses, grouped figures.

The loader sets the source's text in the language's typography (typography.py), so every edition
prints it; `typography: as-written` keeps the text as typed.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile

import docx
import pytest
from lxml import etree

import briefexport
from briefexport.model import NumberCell
from briefexport.typography import Quotations, group_figures, house

from .conftest import FIXTURES, FLAGSHIP, require_tool


@pytest.mark.parametrize(
    ("typed", "language", "set_as"),
    [
        ('He said "yes".', "en", "He said \u201cyes\u201d."),
        ('He said "yes".', "de", "He said \u201eyes\u201c."),
        ('Er sagte "ja".', "ru", "Er sagte \u00abja\u00bb."),
        # an Arabic trial: English marks in Arabic and Persian; CLDR's, opening at the right
        ('\u0642\u0627\u0644 "\u0646\u0639\u0645".', "ar", "\u0642\u0627\u0644 \u201d\u0646\u0639\u0645\u201c."),
        # ... after a one-letter word written joined to the next, and ("and") or ب ("with"), as after a space;
        # the last letter of a longer word closes one
        (
            'الغاز و"الممرات" و "الموانئ" ب"سرعة".',
            "ar",
            "الغاز و\u201dالممرات\u201c و \u201dالموانئ\u201c ب\u201dسرعة\u201c.",
        ),
        ('"قال"و', "ar", "\u201dقال\u201cو"),
        ('\u06af\u0641\u062a "\u0628\u0644\u0647".', "fa", "\u06af\u0641\u062a \u00ab\u0628\u0644\u0647\u00bb."),
        ("Azerbaijan's and the countries' flags", "en", "Azerbaijan\u2019s and the countries\u2019 flags"),
        ("the '90s", "en", "the \u201990s"),
        # a word that starts where letters were left out is no quotation (a trial had "Rock ‘n’ roll")
        ("Rock 'n' roll and 'tis so", "en", "Rock \u2019n\u2019 roll and \u2019tis so"),
        ("a 'tisane' and the letter 'n'.", "en", "a \u2018tisane\u2019 and the letter \u2018n\u2019."),
        # ... but a quotation may start with "'til" or "'em" (a review): those open one
        ("'Til death' and 'Em, come home'", "en", "\u2018Til death\u2019 and \u2018Em, come home\u2019"),
        ("a 'quoted' word", "en", "a \u2018quoted\u2019 word"),
        ("\"a 'b' c\"", "en", "\u201ca \u2018b\u2019 c\u201d"),
        ("February 25-26, 1992", "en", "February 25\u201326, 1992"),
        (
            "1914-18, 2023-24, pp. 101-8, a 52-48 vote",
            "en",
            "1914\u201318, 2023\u201324, pp. 101\u20138, a 52\u201348 vote",
        ),
        ("1 000-2 000 km", "ru", "1 000\u20132 000 km"),
        # A trial's phone numbers, law number and months came out with en dashes: a hyphen between numbers
        # is a range's only where they read as one.
        ("Call (902) 555-0142 or +1 902 555-1234.", "en", "Call (902) 555-0142 or +1 902 555-1234."),
        ("loi n\u00b0 2024-123 du 2024-01", "fr", "loi n\u00b0 2024-123 du 2024-01"),
        ("in 2024-12", "en", "in 2024-12"),
        # ... and dashes typed with hyphens were printed as hyphens
        (
            "the budget---the second -- and a third - passed",
            "en",
            "the budget\u2014the second \u2013 and a third \u2013 passed",
        ),
        ("pages 10--12, a well-known -5 %", "en", "pages 10\u201312, a well-known -5 %"),
        (
            "\u00bb, - \u0441\u043a\u0430\u0437\u0430\u043b -- \u0432\u0441\u0451",
            "ru",
            "\u00bb, \u2014 \u0441\u043a\u0430\u0437\u0430\u043b \u2014 \u0432\u0441\u0451",
        ),
        ("ein Wort - wie gesagt -\nweiter", "de", "ein Wort \u2013 wie gesagt \u2013\nweiter"),
        ("a ---- rule", "en", "a ---- rule"),
        # A review: real ranges lost their en dash (decimals, times, a range after a bracket or a year, scores)
        ("5.25-5.50 % and 1,25-1,5 %", "en", "5.25\u20135.50 % and 1,25\u20131,5 %"),
        ("08:30-09:45, Smith (2019) 45-67", "en", "08:30\u201309:45, Smith (2019) 45\u201367"),
        ("In 2023 25-30 % of firms; it ended 21-0", "en", "In 2023 25\u201330 % of firms; it ended 21\u20130"),
        # ... and other numbers that are no ranges took one: an area code, an ISSN, a postcode
        ("030-1234567, ISSN 2049-3630", "de", "030-1234567, ISSN 2049-3630"),
        ("00-950 Warszawa", "pl", "00-950 Warszawa"),
        # ... and hyphens that were no dashes became dashes: options, arrows, a punycode name
        (
            "build --print or A --> B <-- C at xn--80ak6aa92e.com",
            "en",
            "build --print or A --> B <-- C at xn--80ak6aa92e.com",
        ),
        ("1941 - 1945", "ru", "1941 \u2013 1945"),  # numbers between spaces: a range's dash, not the em dash
        # A second review: a negative range lost its second minus, and codes, postcodes, phone numbers with an
        # extension, ISSNs and DOIs took a range's dash
        ("from -3--5 \u00b0C, -1.5--2 %", "en", "from -3\u2013-5 \u00b0C, -1.5\u2013-2 %"),
        (
            "loi n\u00b0 2021-1104, ISO 14064-1, DC 20036-2103",
            "fr",
            "loi n\u00b0 2021-1104, ISO 14064-1, DC 20036-2103",
        ),
        ("an A320-200 in H1-2024", "en", "an A320-200 in H1-2024"),
        (
            "030 12345-67, +49 30 1234567-89, +49 (0)30 12345-67",
            "de",
            "030 12345-67, +49 30 1234567-89, +49 (0)30 12345-67",
        ),
        ("(+994 12) 596-8239", "az", "(+994 12) 596-8239"),
        (
            "ISSN (Online) 2049-3630, doi:10.1111/1468-2346.12118",
            "en",
            "ISSN (Online) 2049-3630, doi:10.1111/1468-2346.12118",
        ),
        ("31-110 Krak\u00f3w", "pl", "31-110 Krak\u00f3w"),
        ("a 218-212 vote, 100-1000 km", "en", "a 218\u2013212 vote, 100\u20131000 km"),
        (
            "Call 596-82-39 or +994 12 596-82-41 by 2024-02-29.",
            "ru",
            "Call 596-82-39 or +994 12 596-82-41 by 2024-02-29.",
        ),
        ('"Shares of "Azerbaijan Railways" rose"', "ru", "\u00abShares of \u201eAzerbaijan Railways\u201c rose\u00bb"),
        ('\u00abquotes "inside" quotes\u00bb', "ru", "\u00abquotes \u201einside\u201c quotes\u00bb"),
        ('"the "Middle Corridor" project"', "en", "\u201cthe \u2018Middle Corridor\u2019 project\u201d"),
        ("Wait...", "en", "Wait\u2026"),
        (
            "see https://example.org/a-1'b\"c and www.x-1.org/2-3",
            "en",
            "see https://example.org/a-1'b\"c and www.x-1.org/2-3",
        ),
        ("write to a-1@example.org", "en", "write to a-1@example.org"),
        ("kept \u201ccurly\u201d and \u2018curly\u2019", "en", "kept \u201ccurly\u201d and \u2018curly\u2019"),
        ("a well-known phrase", "en", "a well-known phrase"),
        # a quotation typed open with the language's mark and closed straight (Word with a German keyboard)
        (
            'Er sagte \u201eEnergiewende" und "Zitat" hier.',
            "de",
            "Er sagte \u201eEnergiewende\u201c und \u201eZitat\u201c hier.",
        ),
        ('\u00abOne" and "two"', "ru", "\u00abOne\u00bb and \u00abtwo\u00bb"),
        # A German editor's trial: an apostrophe inside an inner quotation closed it, and a third level took the
        # inner marks; between letters a mark is an apostrophe, and the third level takes the outer marks.
        ("\"Er sagte: 'Wir geh'n jetzt' und ging.\"", "de", "„Er sagte: ‚Wir geh’n jetzt‘ und ging.“"),
        ('"Sie sagte: \'Er meinte: "Nein".\'"', "de", "„Sie sagte: ‚Er meinte: „Nein“.‘“"),
        ('"a \'b "c" d\' e"', "en", "“a ‘b “c” d’ e”"),
        # British single marks outside, double inside (a review: the third-level rule set ‘…‘reform’’)
        ("He called it 'the so-called \"reform\"' twice.", "en", "He called it ‘the so-called “reform”’ twice."),
        ("Er sagte 'das \"neue\" Gesetz'", "de", "Er sagte ‚das „neue“ Gesetz‘"),
        # A Polish trial: English marks beside its own typed „…”
        ("\"Jak mówią: 'wir'.\"", "pl", "„Jak mówią: «wir».”"),
        ("\"Dijo 'sí'\"", "es", "«Dijo “sí”»"),
        # A Swiss editor's trial: a region that quotes otherwise than its language has its own marks (CLDR)
        ("\"Das Wort 'Energiewende' ist bekannt.\"", "de-CH", "«Das Wort ‹Energiewende› ist bekannt.»"),
        ("\"Das Wort 'Energiewende'\"", "de-Latn-LI", "«Das Wort ‹Energiewende›»"),
        ("\"Das Wort 'Energiewende'\"", "de-AT", "„Das Wort ‚Energiewende‘“"),
    ],
)
def test_straight_marks_become_the_languages_typographic_ones(typed, language, set_as):
    assert house(typed, language) == set_as


def test_a_quote_opening_a_run_after_an_arabic_word_ending_like_a_prefix_closes():
    """A review: in قال "*المال*". the quote after the emphasised word, whose last letter ل is also a one-letter
    prefix, was taken to open an inner quotation (’)."""
    quotations = Quotations()
    assert house('قال "', "ar", open_=quotations, after="ا") == "قال \u201d"
    assert house('". ثم', "ar", before="المال", open_=quotations) == "\u201c. ثم"


@pytest.mark.parametrize(
    ("before", "text"),
    [
        ("نص و", '"رابط" هنا'),  # a link's text after و
        ("نص و", 'ب"كلمة" هنا'),  # bold text after و, its own prefix ب
        ("", 'ولـ"الشعب" هنا'),  # two prefixes and a kashida
        ("", 'وب"كلمة" هنا'),
    ],
)
def test_a_quotation_after_prefixes_in_another_run_or_with_a_kashida_opens(before, text):
    """A publisher's trial: after و and a link or bold text, and after لـ, the opening mark was U+201C."""
    set_as = house(text, "ar", before=before)
    assert [c for c in set_as if c in "\u201c\u201d"] == ["\u201d", "\u201c"], set_as


def test_a_quote_that_closes_after_a_run_break_closes():
    assert house('" he said', "en", before='"yes,') == "\u201d he said"


def test_four_digit_figures_are_grouped_where_their_column_groups_figures():
    grouped = [NumberCell(90272.0, "90,272"), NumberCell(1275.0, "1275"), NumberCell(-1275.5, "-1275.5 MW", "MW")]
    assert [c.text for c in group_figures(grouped)] == ["90,272", "1,275", "-1,275.5 MW"]
    minuses = [NumberCell(-1275.0, f"{minus}1275") for minus in "-\u2212\u2013"]  # an en dash typed for a minus
    assert [c.text for c in group_figures([*grouped, *minuses])][3:] == ["-1,275", "\u22121,275", "\u20131,275"]
    ungrouped = [NumberCell(613.0, "613"), NumberCell(1275.0, "1275")]
    assert [c.text for c in group_figures(ungrouped)] == ["613", "1275"]


def load_with(front: str, body: str):
    text = (FIXTURES / "minimal" / "bulletin.md").read_text(encoding="utf-8")
    end = text.index("---", 3)
    return briefexport.loads(text[:end] + front + text[end:].split("\n# ", 1)[0] + body, FIXTURES / "minimal")


BODY = '\n\n# Typed\n\nIt\'s "typed" -- see `x = "code"` and 3-4 pages...\n'


def test_a_dash_typed_at_a_line_break_of_the_source_is_the_same_dash():
    """A review: the hyphen before a line break stayed a hyphen, and "--" after one became an en dash where the
    same "--" inside the line became an em dash: each line's text was read alone."""
    runs = (
        load_with("", "\n\n# Typed\n\nThe budget passed -\nand was signed -- at\n-- last.\n")
        .sections[-1]
        .blocks[0]
        .runs
    )
    assert "".join(r.text for r in runs) == "The budget passed \u2013 and was signed \u2013 at \u2013 last."


@pytest.mark.parametrize(
    ("language", "typed", "set_as"),
    [
        ("ru", "\u0413\u043e\u0434\u044b 1941 -\n1945.", "\u0413\u043e\u0434\u044b 1941 \u2013 1945."),
        ("ru", "\u0413\u043e\u0434\u044b 1941\n-- 1945.", "\u0413\u043e\u0434\u044b 1941 \u2013 1945."),
        ("en", "Spans *1941* - 1945.", "Spans 1941 \u2013 1945."),
    ],
)
def test_a_range_typed_with_spaces_is_the_same_dash_whatever_the_line_breaks(language, typed, set_as):
    """A second review: "1941 -" at a line's end and "1945" on the next gave the word's em dash in Russian."""
    runs = load_with("", f"\n\n# Typed\n\n{{lang={language}}}\n{typed}\n").sections[-1].blocks[0].runs
    assert "".join(r.text for r in runs) == set_as


def test_the_model_holds_the_house_text_and_inline_code_as_written():
    runs = load_with("", BODY).sections[-1].blocks[0].runs
    assert "".join(r.text for r in runs) == 'It\u2019s \u201ctyped\u201d \u2013 see x = "code" and 3\u20134 pages\u2026'


@pytest.mark.parametrize(
    ("language", "typed", "set_as"),
    [
        (
            "en",
            'See "[the site](https://example.org)", "*italic*" and "**bold**".',
            "See “the site”, “italic” and “bold”.",
        ),
        ("ru", 'См. "[сайт ЦИК](https://example.org)" и "Он сказал "*да*"".', "См. «сайт ЦИК» и «Он сказал „да“»."),
    ],
)
def test_a_quote_before_a_link_or_emphasis_opens_it(language, typed, set_as):
    """The quote ended its text, the link's or emphasis's coming next: it was read as closing (a Russian
    editor's trial: »Известия« for «Известия», in every edition)."""
    typed = typed if language == "en" else f"[{typed}]{{lang={language}}}"
    runs = load_with("", f"\n\n# Q\n\n{typed}\n").sections[-1].blocks[0].runs
    assert "".join(r.text for r in runs) == set_as


def test_as_written_keeps_the_text_as_typed():
    bulletin = load_with("typography: as-written\n", BODY)
    assert "".join(r.text for r in bulletin.sections[-1].blocks[0].runs).startswith('It\'s "typed"')
    with pytest.raises(briefexport.SourceError, match="typography must be house or as-written"):
        load_with("typography: fancy\n", BODY)


def edition_texts(bulletin) -> dict[str, str]:
    """Each edition's text as a reader gets it (no markup, no attributes)."""
    texts = {"text": briefexport.render(bulletin, "text").decode("utf-8")}
    pdf = subprocess.run(
        [require_tool("pdftotext"), "-", "-"],
        input=briefexport.render(bulletin, "pdf"),
        capture_output=True,
        check=True,
    )
    texts["pdf"] = pdf.stdout.decode("utf-8")
    document = docx.Document(io.BytesIO(briefexport.render(bulletin, "docx")))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    texts["docx"] = "\n".join(parts)
    with zipfile.ZipFile(io.BytesIO(briefexport.render(bulletin, "epub"))) as archive:
        texts["epub"] = "\n".join(
            "".join(etree.parse(io.BytesIO(archive.read(name))).getroot().itertext())
            for name in archive.namelist()
            if name.endswith(".xhtml")
        )
    return texts


def test_the_flagship_shows_curly_quotes_only_and_en_dashes_in_ranges_in_every_edition():
    texts = edition_texts(briefexport.load(FLAGSHIP))
    for fmt, text in texts.items():
        assert (fmt, text.count('"'), text.count("'")) == (fmt, 0, 0)
        assert "February 25\u201326, 1992" in " ".join(text.split()), fmt
        assert not re.search(r"\d-\d{2}(?!-)", text.replace("596-82", "")), fmt  # phone numbers keep theirs


@pytest.mark.parametrize(("front", "apostrophe"), [("", "\u2019"), ("typography: as-written\n", "'")])
def test_the_publisher_s_name_and_address_and_the_authors_are_set_as_the_text_is(tmp_path, front, apostrophe):
    """A French trial's Word cover read "Institut d'études" over "Lettre de l’Institut": the publisher file
    and the authors kept their straight apostrophes. Its phones, e-mail and website stay as written."""
    from .test_sources import FRONT, write_source

    publisher = (
        "name: Institut d'études (IÉPP)\nstreet: 12, rue de l'Échiquier\ncity: Paris\npostcode: '75010'\n"
        "country: France\nphones: ['+33 1 23-45-67']\nemail: o'brien@example.org\n"
    )
    front = FRONT.replace("date:", f"language: fr\nauthors: [Jean d'Ormesson]\n{front}date:")
    bulletin = briefexport.load(write_source(tmp_path, "# S\n\nx\n", front=front, publisher=publisher))
    p = bulletin.publisher
    assert (p.name, p.street, bulletin.metadata.authors) == (
        f"Institut d{apostrophe}études (IÉPP)",
        f"12, rue de l{apostrophe}Échiquier",
        (f"Jean d{apostrophe}Ormesson",),
    )
    assert (p.phones, p.email) == (("+33 1 23-45-67",), "o'brien@example.org")
