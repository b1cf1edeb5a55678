"""The EPUB edition is accessible as checkers see it: DAISY Ace finds nothing, a phone-width browser with
text at 200 % shows no table wider than the screen, and the package says what it is and claims only that.

Ace (npm @daisy/ace, installed by `make ace` into build/ace) and the reflow check (tests/browser/reflow.cjs,
through the puppeteer-core Ace brought) run in Debian's chromium. On CI a missing tool fails; elsewhere
these tests skip.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont
from PIL import Image

import briefexport
from briefexport.model import Bulletin, StatsTable, Table
from briefexport.renderers.base import edition_title, rights_line
from briefexport.renderers.epub import CONFORMANCE, EpubRenderer, css
from briefexport.renderers.epub.xhtml import DPUB_ROLES
from briefexport.styles import Style, load_style

from .checkers import check_edition
from .conftest import FIXTURES, ROOT, STYLES, require_tool
from .test_epub import EPUB_TYPE, NS, XML_LANG, Book, text

ACE_MODULES = ROOT / "build" / "ace" / "node_modules"
REFLOW = Path(__file__).resolve().parent / "browser" / "reflow.cjs"
HOSTILE = Path(__file__).resolve().parent / "hostile"
# The flagship, every fixture bulletin (named by its path in tests/fixtures, without .md), and a hostile
# case: markup and script in every field.
FIXTURE_CASES = sorted(str(path.relative_to(FIXTURES).with_suffix("")) for path in FIXTURES.rglob("*.md"))
CASES = ["flagship", "showcase", *FIXTURE_CASES, "script_injection"]
SHOWCASE = ROOT / "examples" / "showcase" / "showcase.md"  # every construct of the source format
PHONE_WIDTH, TEXT_SIZE = 320, "200%"


def _bulletin(case: str, tmp_path: Path) -> Bulletin:
    if case == "flagship":
        return briefexport.load(ROOT / "source" / "2024-02.md")
    if case == "showcase":
        return briefexport.load(SHOWCASE)
    if case == "script_injection":  # a hostile case reads the publisher file beside the cases
        shutil.copy(HOSTILE / "xhtml_script_injection" / "bulletin.md", tmp_path / "bulletin.md")
        shutil.copy(HOSTILE / "publisher.yaml", tmp_path / "publisher.yaml")
        return briefexport.load(tmp_path / "bulletin.md")
    return briefexport.load(FIXTURES / f"{case}.md")


def _book(case: str, tmp_path: Path) -> Book:
    """The case rendered in the style its front matter names."""
    bulletin = _bulletin(case, tmp_path)
    style = load_style(bulletin.metadata.style, STYLES)
    data = EpubRenderer().render(bulletin, style)
    path = tmp_path / f"{case.replace('/', '-')}.epub"
    path.write_bytes(data)
    return Book(data, path, bulletin, style)


def _browser_env() -> dict[str, str]:
    """The environment Ace and the reflow script run in: Debian's chromium, found on PATH."""
    return {**os.environ, "PUPPETEER_EXECUTABLE_PATH": require_tool("chromium")}


def _ace() -> Path:
    found = ACE_MODULES / ".bin" / "ace-puppeteer"
    if found.exists():
        return found
    if os.environ.get("CI"):
        pytest.fail("DAISY Ace is not installed; make test should have installed it (make ace)")
    pytest.skip("DAISY Ace is not installed (make ace)")


# -- DAISY Ace ---------------------------------------------------------------------------------------


def _violations(report: dict[str, Any]) -> list[str]:
    return [
        f"{document['earl:testSubject']['url']}: {a['earl:test']['dct:title']} ({a['earl:test']['earl:impact']}) "
        f"{a['earl:result']['dct:description']}"
        for document in report["assertions"]
        for a in document.get("assertions", [])
        if a["earl:result"]["earl:outcome"] != "pass"
    ]


def ace_report(epub: Path, out: Path) -> dict[str, Any]:
    """DAISY Ace's report on `epub` (written into `out`); its run must succeed (skipped where Ace is missing)."""
    ace = _ace()
    require_tool("node")
    for _attempt in range(2):  # a check that ran writes its report; a browser that died under load, none
        result = subprocess.run(
            [str(ace), "--force", "--silent", "--outdir", str(out), str(epub)],
            capture_output=True,
            text=True,
            env=_browser_env(),
            timeout=300,
            check=False,
        )
        if result.returncode == 0 or (out / "report.json").exists():
            break
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    report: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return report


@pytest.mark.parametrize("case", CASES)
def test_daisy_ace_finds_no_violation_of_any_severity(case, tmp_path):
    report = ace_report(_book(case, tmp_path).path, tmp_path / "ace")
    assert _violations(report) == []
    assert report["earl:result"]["earl:outcome"] == "pass"
    # Ace read the accessibility metadata, conformance claim and certifier included
    present = set(report["a11y-metadata"]["present"])
    assert {"schema:accessMode", "schema:accessibilitySummary", "dcterms:conformsTo", "a11y:certifiedBy"} <= present


# -- reflow at phone width ------------------------------------------------------------------------------


def _layout(book: Book, folder: Path, width: int = PHONE_WIDTH, size: str = TEXT_SIZE) -> dict[str, Any]:
    """Every content document as headless Chromium lays it out at `width` px with text at `size`."""
    if not (ACE_MODULES / "puppeteer-core").is_dir():
        _ace()  # fails on CI, skips elsewhere: the browser driver comes with Ace
    node = require_tool("node")
    book.zip.extractall(folder)
    files = [str(folder / name) for name, _ in book.documents()]
    result = subprocess.run(
        [node, str(REFLOW), str(ACE_MODULES), str(width), size, *files],
        capture_output=True,
        text=True,
        env=_browser_env(),
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return {Path(name).name: measured for name, measured in json.loads(result.stdout).items()}


def _too_wide(layout: dict[str, Any]) -> list[str]:
    """Each document whose page or table (caption and cells included) is wider than the viewport."""
    found = []
    for name, page in layout.items():
        edge = page["viewport"] + 0.5  # sub-pixel rounding
        if page["page"] > edge:
            found.append(f"{name}: the page is {page['page']} px wide in a {page['viewport']} px viewport")
        for i, table in enumerate(page["tables"]):
            if max(table["right"], table["cells"]) > edge or table["left"] < 0:
                found.append(f"{name}: table {i + 1} spans {table['left']:.0f}..{table['cells']:.0f} px")
    return found


@pytest.mark.parametrize("case", CASES)
def test_at_320_px_with_text_at_200_percent_no_table_or_page_is_wider_than_the_screen(case, tmp_path):
    book = _book(case, tmp_path)
    layout = _layout(book, tmp_path / "unzipped")
    tables = [b for b in book.bulletin.blocks() if isinstance(b, StatsTable | Table)]  # key figures and plain
    assert sum(len(page["tables"]) for page in layout.values()) == len(tables)
    assert all(page["viewport"] == PHONE_WIDTH for page in layout.values())
    assert _too_wide(layout) == []


def test_the_reflow_check_sees_tables_whose_figures_may_not_wrap(tmp_path, monkeypatch):
    """The check above can fail: with the tables' rules as lists of rows replaced by the old nowrap figures,
    it does."""
    monkeypatch.setattr(css, "_table_rules", lambda *_: "th.num, td.num { white-space: nowrap; }")
    book = _book("flagship", tmp_path)
    assert "nowrap" in book.css
    too_wide = _too_wide(_layout(book, tmp_path / "unzipped"))
    assert any("table" in line for line in too_wide), too_wide


def test_on_a_wide_screen_tables_stay_grids_with_their_header_row(tmp_path):
    book = _book("flagship", tmp_path)
    layout = _layout(book, tmp_path / "unzipped", width=800, size="100%")
    assert _too_wide(layout) == []
    rule = re.search(r"@media \(max-width: ([\d.]+em)\)", book.css)
    assert rule and rule.group(1) == css.NARROW  # the list layout is for narrow screens only


WIDE = "epub/reflow/wide-key-figures"  # a key-figures table of nine columns, a plain one of six


@pytest.mark.parametrize(("width", "size"), [(600, "100%"), (768, "150%"), (768, "200%"), (1024, "200%")])
def test_a_table_whose_columns_do_not_fit_is_set_as_rows_at_any_screen_and_text_size(width, size, tmp_path):
    """An EPUB audit: a nine-column table was a grid from 36em (576 px) up, wider than screens to about 650 px,
    and than tablets to 1,024 px with text at 150-200 %, its row labels one letter a line. Each table is now a
    list of rows wherever its columns do not fit in the reader's text size (a container query)."""
    layout = _layout(_book(WIDE, tmp_path), tmp_path / "unzipped", width=width, size=size)
    assert _too_wide(layout) == []
    tables = [table for page in layout.values() for table in page["tables"]]
    assert len(tables) == 2 and not any(table["grid"] for table in tables)
    assert min(table["labels"] for table in tables) > 10  # a row label a line wide, not a letter


def test_a_wide_table_stays_a_grid_where_its_columns_fit(tmp_path):
    layout = _layout(_book(WIDE, tmp_path), tmp_path / "unzipped", width=1280, size="100%")
    tables = [table for page in layout.values() for table in page["tables"]]
    assert _too_wide(layout) == [] and [table["grid"] for table in tables] == [True, True]
    assert min(table["labels"] for table in tables) > 4  # "Gas output": its words on no more than two lines


def test_what_the_text_families_lack_is_drawn_from_the_styles_fallback_fonts_embedded_cut_down(tmp_path, plain):
    """An EPUB audit: the minus sign every negative figure becomes, "≈", "✓" and the third-level bullet "◦"
    were in no embedded font, so each reading system drew them from a font of its own, or as boxes. The
    fallback fonts the PDF and Word copy use are embedded for them (a few kilobytes each), and Chromium
    loads them for the section that holds those characters, and no fallback font for the colophon."""
    from .conftest import signs_bulletin

    bulletin = signs_bulletin(tmp_path)
    data = EpubRenderer().render(bulletin, plain)
    book = Book(data, tmp_path / "signs.epub", bulletin, plain)
    fallback = {name: book.zip.read(name) for name in book.zip.namelist() if "/fonts/fallback/" in name}
    assert sorted(fallback) == [
        "EPUB/fonts/fallback/01-NotoSansMath-Regular.ttf",
        "EPUB/fonts/fallback/02-NotoSansSymbols2-Regular.ttf",
    ]
    cmaps = {name.split("/")[-1]: set(TTFont(io.BytesIO(font)).getBestCmap()) for name, font in fallback.items()}
    assert {chr(code) for codes in cmaps.values() for code in codes} == set("−≈→✓◦")
    assert all(len(font) < 10_000 for font in fallback.values())
    layout = _layout(book, tmp_path / "unzipped", width=800, size="100%")
    fallback_families = {"Noto Sans Math (fallback 1)", "Noto Sans Symbols2 (fallback 2)"}
    assert fallback_families <= set(layout["section-01.xhtml"]["fonts"])
    assert not fallback_families & set(layout["colophon.xhtml"]["fonts"])


def test_fallback_fonts_of_one_file_name_or_named_as_a_family_stay_apart(tmp_path, plain):
    """A review: two fallback fonts named Symbols.ttf (in two folders) were one zip entry twice, which
    EPUBCheck refused; a fallback font named as a text family would be a second face of it; a character only
    the contents page shows (a style's label) had no fallback font."""
    from .conftest import signs_bulletin

    for folder, font in (("a", "NotoSansMath-Regular.ttf"), ("b", "NotoSansSymbols2-Regular.ttf")):
        (tmp_path / folder).mkdir()
        shutil.copy(STYLES / "fonts" / font, tmp_path / folder / "Symbols.ttf")
    labels = dataclasses.replace(plain.labels, contents="Contents \u27f6")
    style = plain.replace(fallback=(tmp_path / "a" / "Symbols.ttf", tmp_path / "b" / "Symbols.ttf"), labels=labels)
    bulletin = signs_bulletin(tmp_path)
    book = Book(EpubRenderer().render(bulletin, style), tmp_path / "signs.epub", bulletin, style)
    book.path.write_bytes(book.data)
    names = [name for name in book.zip.namelist() if "/fallback/" in name]
    assert len(names) == len(set(names)) == 2
    assert "\u27f6" in {chr(c) for name in names for c in TTFont(io.BytesIO(book.zip.read(name))).getBestCmap()}
    families = re.findall(r'font-family: "([^"]+)"; [^}]*fonts/fallback/', book.css)
    assert families == ["Noto Sans Math (fallback 1)", "Noto Sans Symbols2 (fallback 2)"]
    check_edition("epub", book.path)  # EPUBCheck: no error or warning


def test_a_negated_sign_is_drawn_whole_from_the_fallback_font_not_composed_from_the_family(tmp_path, plain):
    """A publisher's trial: "5 ≠ 6" showed as "5 =⁄6": Noto Serif lacks "≠" but has "=" and the combining
    long solidus U+0338, which Chromium composed it from. With fallback fonts the families' faces leave
    U+0338 out (unicode-range), and Chromium loads the fallback font for that section."""
    from .test_sources import FRONT, write_source

    bulletin = briefexport.load(write_source(tmp_path, "# S\n\nNot equal: 5 ≠ 6, not less: 5 ≮ 4.\n", front=FRONT))
    book = Book(EpubRenderer().render(bulletin, plain), tmp_path / "signs.epub", bulletin, plain)
    families = [body for selector, body in _declarations(book.css) if selector == "@font-face"]
    assert families and all(
        ("unicode-range: U+0-337, U+339-10FFFF;" in body) == ("/fallback/" not in body) for body in families
    )
    layout = _layout(book, tmp_path / "unzipped", width=800, size="100%")
    assert "Noto Sans Math (fallback 1)" in layout["section-01.xhtml"]["fonts"]
    assert "unicode-range" not in css.stylesheet(plain, [], {})  # a book with no fallback font: as it was


# -- the package's metadata -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def flagship_book(tmp_path_factory) -> Book:
    return _book("flagship", tmp_path_factory.mktemp("flagship"))


def test_the_package_states_its_language(flagship_book):
    assert flagship_book.opf.get(XML_LANG) == "en"


def test_the_title_names_the_issue_and_the_series_holds_the_issues_in_date_order(flagship_book):
    book = flagship_book
    assert book.dc("title") == ["AIR Center Bulletin \u2014 February 2024"] == [edition_title(book.bulletin)]
    series = book.opf.find("opf:metadata/opf:meta[@property='belongs-to-collection']", NS)
    assert series.text == "AIR Center Bulletin"
    refines = {
        m.get("property"): m.text
        for m in book.opf.iterfind(f"opf:metadata/opf:meta[@refines='#{series.get('id')}']", NS)
    }
    assert refines == {"collection-type": "series", "group-position": "2024.02"}


def test_a_title_that_already_names_its_issue_is_not_repeated(minimal):
    import dataclasses

    named = dataclasses.replace(minimal.metadata, title=f"Example Bulletin, {minimal.metadata.issue}")
    assert edition_title(dataclasses.replace(minimal, metadata=named)) == named.title


def test_rights_carry_the_year_and_the_holder(flagship_book):
    expected = "\u00a9 2024 Center of Analysis of International Relations (AIR Center). All rights reserved."
    assert flagship_book.dc("rights") == [expected] == [rights_line(flagship_book.bulletin, flagship_book.style)]
    back = flagship_book.xml(flagship_book.href(flagship_book.spine[-1]))
    assert text(back.find(".//h:p[@class='rights']", NS)) == expected


def test_the_conformance_claim_is_epub_accessibility_1_1_self_certified_by_the_publisher(flagship_book):
    assert flagship_book.meta("dcterms:conformsTo") == [CONFORMANCE] == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    assert flagship_book.meta("a11y:certifiedBy") == [flagship_book.bulletin.publisher.name]
    # what the claim rests on is declared too, and there is nothing to see but text
    features = set(flagship_book.meta("schema:accessibilityFeature"))
    assert {"structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability", "ARIA"} <= features
    assert flagship_book.meta("schema:accessMode") == ["textual"]


def test_the_ncx_depth_is_how_deep_its_entries_nest(flagship_book):
    ncx_item = flagship_book.manifest[flagship_book.opf.find("opf:spine", NS).get("toc")]
    ncx = flagship_book.xml(flagship_book.href(ncx_item))

    def depth(element) -> int:
        return max((1 + depth(p) for p in element.iterfind("ncx:navPoint", NS)), default=0)

    declared = ncx.find("ncx:head/ncx:meta[@name='dtb:depth']", NS).get("content")
    assert declared == str(depth(ncx.find("ncx:navMap", NS))) == "1"


# -- roles, colours, line breaks ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_every_epub_type_with_a_dpub_aria_counterpart_carries_that_role(case, tmp_path):
    book = _book(case, tmp_path)
    # A landmark link's epub:type names what it points at, not what it is: those are left out.
    documents = book.documents()
    landmarks = {a for _, root in documents for a in root.iterfind(".//h:nav[@epub:type='landmarks']//h:a", NS)}
    typed = [(name, e) for name, root in documents for e in root.iter() if e.get(EPUB_TYPE) and e not in landmarks]
    checked = 0
    for name, element in typed:
        for kind in element.get(EPUB_TYPE).split():
            if kind in DPUB_ROLES:
                assert element.get("role") == DPUB_ROLES[kind], (name, kind)
                checked += 1
    assert checked >= len(book.bulletin.sections) + 1  # the chapters, the colophon (and subtitle, pull quotes)
    assert DPUB_ROLES["chapter"] == "doc-chapter" and DPUB_ROLES["page-list"] == "doc-pagelist"


@pytest.mark.parametrize("case", ["flagship", "showcase"])
def test_every_document_opens_with_a_first_level_heading_the_cover_its_title(case, tmp_path):
    """An accessibility review: a screen reader's list of headings found none on the cover (its title a <p>)
    and no first level in the navigation document (ebooklib's <h2>Contents</h2>)."""
    book = _book(case, tmp_path)
    for name, root in book.documents():
        headings = [e for e in root.iter() if isinstance(e.tag, str) and re.fullmatch(r"\{[^}]*\}h[1-6]", e.tag)]
        assert headings and headings[0].tag.endswith("}h1"), name
    cover = dict(book.documents())["EPUB/cover.xhtml"]
    assert text(cover.find(".//h:h1", NS)) == book.bulletin.metadata.title
    assert text(book.nav.find(".//h:nav[@epub:type='toc']/h:h1", NS)) == book.style.labels.contents


def _declarations(stylesheet: str) -> list[tuple[str, str]]:
    """(selector, declarations) of every innermost rule, nested @media and @supports included."""
    return [(m.group(1).strip(), m.group(2)) for m in re.finditer(r"([^{}]+)\{([^{}]*)\}", stylesheet)]


@pytest.mark.parametrize("style_name", ["aircenter", "plain"])
def test_text_colours_come_only_with_their_background_so_night_themes_stay_readable(style_name, aircenter, plain):
    style = {"aircenter": aircenter, "plain": plain}[style_name]
    stylesheet = css.stylesheet(style, [], {})
    for selector, body in _declarations(stylesheet):
        colour = re.search(r"(?<![-\w])color:\s*([^;]+)", body)
        if colour and colour.group(1).strip() not in ("inherit", "currentColor"):
            assert "background-color" in body, f"{selector} sets a text colour on the reader's own background"


def test_figures_may_wrap_and_text_is_set_ragged_never_justified(aircenter):
    """Chromium says it hyphenates (@supports (hyphens: auto)) and does not on Linux, Windows and Android:
    the flagship's text was justified there with gaps of three spaces."""
    stylesheet = css.stylesheet(aircenter, [], {})
    assert "nowrap" not in " ".join(
        body for selector, body in _declarations(stylesheet) if re.search(r"t[dh]|table", selector)
    )
    assert aircenter.layout.justify and "justify" not in stylesheet
    # a figure's caption and credit are centred under its picture, which is centred (a portrait one far
    # from the page's edge, where they stood)
    assert re.search(r"figcaption p \{[^}]*text-align: center;", css.stylesheet(aircenter, [], {}, figures=True))
    assert re.search(r"section\.chapter p, blockquote p \{\s*text-align: start;\s*hyphens: auto;", stylesheet)


def test_dates_figures_and_phone_numbers_do_not_break_across_lines(flagship_book):
    sections = "\n".join(text(root) for root in flagship_book.section_documents())
    assert "February\u00a07, 2024" in sections and "February 7" not in sections
    back = flagship_book.xml(flagship_book.href(flagship_book.spine[-1]))
    phones = [text(span) for span in back.iterfind(".//h:span[@class='phone']", NS)]
    assert phones == ["(+994\u00a012)\u00a0596-82-39", "(+994\u00a012)\u00a0596-82-41"]
    assert re.search(r"span\.phone \{ white-space: nowrap; \}", flagship_book.css)  # holds its hyphens


# -- the cover picture ----------------------------------------------------------------------------------------


def _cover_image(book: Book) -> Image.Image:
    covers = [i for i in book.manifest.values() if "cover-image" in (i.get("properties") or "").split()]
    assert len(covers) == 1 and covers[0].get("media-type") == "image/png"
    return Image.open(io.BytesIO(book.zip.read(book.href(covers[0]))))


def test_the_cover_picture_is_the_printed_cover_drawn_from_the_style(flagship_book, tmp_path, plain):
    image = _cover_image(flagship_book).convert("RGB")
    assert image.size == (900, 1273)  # A4's proportions, as the printed cover
    brand = tuple(int(flagship_book.style.colors.brand[i : i + 2], 16) for i in (1, 3, 5))
    assert image.getpixel((5, 5)) == brand  # the band
    assert image.getpixel((5, 1250)) == (255, 255, 255)
    # without a band (plain) the top is a brand rule over white
    minimal = _book("minimal/bulletin", tmp_path)
    plain_cover = _cover_image(minimal).convert("RGB")
    assert plain_cover.getpixel((5, 5)) == tuple(int(plain.colors.brand[i : i + 2], 16) for i in (1, 3, 5))
    assert plain_cover.getpixel((5, 100)) == (255, 255, 255)


def test_the_cover_picture_shows_the_issue_and_the_same_issue_gives_the_same_bytes(minimal, plain):
    import dataclasses

    from briefexport.renderers.epub.coverimage import cover_png

    first = cover_png(minimal, plain, None)
    assert first == cover_png(minimal, plain, None)
    later = dataclasses.replace(minimal, metadata=dataclasses.replace(minimal.metadata, issue="April 2024"))
    assert cover_png(later, plain, None) != first


def test_a_title_the_cover_picture_cannot_draw_is_left_out_not_drawn_as_empty_boxes(minimal, plain):
    """An Arabic trial: the thumbnail drew the Arabic title, issue and month as rows of empty rectangles.
    A line in a script written right to left, or with letters the font lacks, is left out (its room kept):
    two such titles of one line give one picture, and a title the font draws another."""
    import dataclasses

    from briefexport.renderers.epub.coverimage import cover_png

    def titled(title: str) -> bytes:
        metadata = dataclasses.replace(minimal.metadata, title=title, subtitle=None)
        return cover_png(dataclasses.replace(minimal, metadata=metadata), plain, None)

    assert titled("قسم السياسات") == titled("\u4e2d\u6587") != titled("Policy Brief")


def test_the_cover_picture_sets_what_the_family_lacks_in_the_fallback_fonts(minimal, plain):
    """A publisher's trial: "Gas prices ≈ halved" left its first line out of the thumbnail ("halved"), and a
    subtitle with → and an issue with ✓ were gone. The fallback fonts draw those characters, as in print:
    the line holds about as much ink as the same with "=", which the family has; without a fallback chain
    "≈" is left out and the rest of the line drawn (an editor's trial: the whole line was left out)."""
    from briefexport.renderers.epub.coverimage import cover_png

    def title_ink(title: str, style: Style) -> int:
        metadata = dataclasses.replace(minimal.metadata, title=title, subtitle=None)
        picture = Image.open(io.BytesIO(cover_png(dataclasses.replace(minimal, metadata=metadata), style, None)))
        band = picture.convert("L").crop((0, 0, 900, 400))  # wordmark and title
        return sum(band.histogram()[:128])  # dark pixels

    drawn, alike = title_ink("Gas prices ≈ halved", plain), title_ink("Gas prices = halved", plain)
    assert 0.9 < drawn / alike < 1.2
    without = title_ink("Gas prices ≈ halved", plain.replace(fallback=()))
    assert 0.9 < without / alike < 1.1


def test_built_in_english_words_in_a_book_of_a_language_with_no_translations_are_marked_english(tmp_path):
    """A Polish bulletin: "Back to the text, note 1", the navigation's "Guide" and "Contents", "Published by",
    "All rights reserved." and the accessibility summary stood in lang="pl" documents, and a Polish voice
    reads them as Polish (WCAG 3.1.2). Left in English, they are marked English (Polish has its words since:
    a Czech book stands for any language the catalogue lacks); a book in a language the catalogue has
    (German, Polish), and a brand's own words, are not."""
    import dataclasses
    import zipfile

    from lxml import etree

    from .checkers import check_edition

    bulletin = briefexport.load(FIXTURES / "footnotes" / "bulletin.md")

    def marked(language: str) -> dict[str, set[str]]:
        book = dataclasses.replace(bulletin, metadata=dataclasses.replace(bulletin.metadata, language=language))
        data = briefexport.render(book, "epub")
        path = tmp_path / f"{language}.epub"
        path.write_bytes(data)
        check_edition("epub", path)
        found: dict[str, set[str]] = {}
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.endswith((".xhtml", ".opf")):
                    root = etree.fromstring(archive.read(name))
                    for element in root.iter():
                        if element.get(XML_LANG) == "en" and element.tag != f"{{{NS['h']}}}html":
                            said = element.get("aria-label") or "".join(element.itertext())
                            found.setdefault(name.rsplit("/", 1)[-1], set()).add(re.sub(r"\d+", "N", said[:30]))
        return found

    czech = marked("cs")
    # the navigation's headings, and its entries and the documents' titles where they are built-in words
    assert czech["nav.xhtml"] == {"Contents", "Guide", "In this issue", "Published by"}
    assert "Back to the text, note N" in czech["section-01.xhtml"]
    assert czech["colophon.xhtml"] == {"Published by", "All rights reserved."}  # not the holder's name
    assert len(czech["content.opf"]) == 1  # the accessibility summary
    assert marked("de") == {} and marked("pl") == {}


def test_a_brands_own_word_or_an_authors_heading_reading_as_an_english_label_is_not_marked_english(tmp_path):
    """A re-audit: an Italian brand's labels.notes = "Note" (Italian for notes) and an author's sub-heading
    "## Note" were marked lang="en" because they spell a built-in English word."""
    import dataclasses
    import zipfile

    from briefexport.model import Paragraph, Run, Section, Subheading

    bulletin = briefexport.load(FIXTURES / "footnotes" / "bulletin.md")
    italian = dataclasses.replace(
        bulletin,
        metadata=dataclasses.replace(bulletin.metadata, language="it"),
        sections=(*bulletin.sections, Section("Sezione", (Subheading("Note"), Paragraph((Run("Testo."),))))),
    )
    style = load_style("plain")
    brand = style.replace(
        labels=dataclasses.replace(style.labels, notes="Note"),
        footnotes=dataclasses.replace(style.footnotes, placement="end"),
    )
    data = briefexport.render(italian, "epub", style=brand)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        marked = {
            name: re.findall(r'<(\w+)[^>]*lang="en"[^>]*>([^<]*)', archive.read(name).decode())
            for name in archive.namelist()
            if name.endswith(".xhtml")
        }
    assert not [m for name in marked for m in marked[name] if m[1] == "Note"], marked
    assert ("h2", "Guide") in marked["EPUB/nav.xhtml"]  # a built-in word no style sets: still marked


def test_a_key_figure_row_with_no_label_has_no_empty_row_header():
    """A re-audit: a sub-row with an empty first cell gave an empty <th scope="row"/> (Ace: empty-table-header)."""
    import zipfile

    source = (FIXTURES / "minimal" / "bulletin.md").read_text(encoding="utf-8")
    source = source.replace("| Sites | 6537 |", "| Sites | 6537 |\n|  | 12 |")
    bulletin = briefexport.loads(source, base_dir=FIXTURES / "minimal")
    with zipfile.ZipFile(io.BytesIO(briefexport.render(bulletin, "epub"))) as archive:
        pages = " ".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xhtml"))
    assert re.search(r'<th scope="row"\s*/>|<th scope="row"></th>', pages) is None
    assert "<td/>" in pages or "<td></td>" in pages
