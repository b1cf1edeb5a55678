"""Figures and dates are written the way the document's language writes them."""

from __future__ import annotations

import datetime as dt

import pytest

from briefexport.formatting import (
    figure_parts,
    fill,
    format_date,
    format_number,
    loosened,
    table_parts,
    table_texts,
    upper,
)
from briefexport.model import StatsTable, TextCell
from briefexport.rules import parse_number


@pytest.mark.parametrize(
    ("written", "language", "expected"),
    [
        ("92.12%", "en", "92.12%"),
        ("92.12%", "de", "92,12\u00a0%"),
        ("92.12%", "az", "92,12%"),
        ("90,272", "en", "90,272"),
        ("90,272", "de", "90.272"),
        ("90,272", "ru", "90\u00a0272"),
        ("6,478,623", "az", "6.478.623"),
        ("1,000 MW", "en", "1,000\u00a0MW"),
        ("2024", "en", "2024"),
        ("92.10%", "en", "92.10%"),
        ("−3", "en", "−3"),
        ("-$5.8 billion", "en", "−$5.8\u00a0billion"),
        ("+18.8%", "en", "+18.8%"),
        ("+4.08", "de", "+4,08"),
        ("+0", "en", "+0"),
        ("12", "xx-unknown", "12"),
        ("-2.85", "en", "\u22122.85"),
        ("$5.8 billion", "en", "$5.8\u00a0billion"),
        ("$5.8 billion", "de", "$5,8\u00a0billion"),
        ("USD 5.8 billion", "en", "USD\u00a05.8\u00a0billion"),
        ("5.8 billion USD", "az", "5,8\u00a0billion\u00a0USD"),
        ("12 million €", "en", "12\u00a0million\u00a0€"),
        ("₼1,200m", "de", "₼1.200m"),
        ("3–5 bcm", "en", "3–5\u00a0bcm"),
        ("3-5%", "de", "3-5\u00a0%"),
        ("~200", "en", "~200"),
        ("≥ 5", "en", "≥\u00a05"),
        ("50+", "en", "50+"),
        ("1 000", "en", "1,000"),
        ("1\u202f000", "de", "1.000"),
        (".5", "en", ".5"),
        (".5", "de", ",5"),
    ],
)
def test_numbers_follow_the_language(written, language, expected):
    cell = parse_number(written)
    assert cell is not None
    assert format_number(cell, language) == expected


@pytest.mark.parametrize(
    ("written", "language", "head", "tail"),
    [
        ("92.12%", "en", "92", ".12%"),
        ("1,000 MW", "en", "1,000", "\u00a0MW"),
        ("$5.8 billion", "de", "$5", ",8\u00a0billion"),
        ("3–5.5 bcm", "en", "3–5", ".5\u00a0bcm"),
        ("50+", "en", "50", "+"),
        (".5", "en", "", ".5"),
    ],
)
def test_a_figure_is_cut_where_a_column_lines_figures_up(written, language, head, tail):
    """Before the decimal separator of its last number, or after that number's last digit."""
    assert figure_parts(parse_number(written), language) == (head, tail)


def test_a_table_prints_figures_from_their_text_and_text_as_it_stands():
    table = StatsTable(
        "c",
        ("Item", "Figure"),
        ((TextCell("a"), parse_number("−2.85")), (TextCell("b"), TextCell("n/a"))),
        "s",
    )
    assert table_parts(table, "en") == [["a", ("\u22122", ".85")], ["b", "n/a"]]  # a text whole, a figure cut
    assert table_texts(table, "en") == [["a", "\u22122.85"], ["b", "n/a"]]


def test_dates_follow_the_language():
    assert format_date(dt.date(2024, 2, 29), "en") == "February 29, 2024"
    assert format_date(dt.date(2024, 2, 29), "de") == "29. Februar 2024"


def test_templates_fill_from_the_bulletin(minimal):
    assert fill("{title} — {issue}", minimal) == "Example Bulletin — March 2024"
    assert fill("page {page} of {pages}", minimal, page=3, pages=9) == "page 3 of 9"
    assert fill("{address}", minimal).startswith("Nizami 1, Baku, AZ1000, Azerbaijan · (+994 12)")


@pytest.mark.parametrize(
    ("template", "filled"),
    [
        ("{title} · {subtitle}", "Example Bulletin"),
        ("{subtitle} · {title}", "Example Bulletin"),
        ("{title} · {subtitle} · {issue}", "Example Bulletin · March 2024"),
        ("{subtitle} — {title} · {subtitle}", "Example Bulletin"),
        ("{title} ({subtitle}), {issue}", "Example Bulletin, March 2024"),
        ("Issue {issue}: {subtitle}", "Issue March 2024"),
        ("{title}{subtitle}", "Example Bulletin"),
        # A review: a pair of quotes lost its opening one alone, and a pair holding more lost its opening one
        ('{title} "{subtitle}"', "Example Bulletin"),
        ("{title} '{subtitle}'", "Example Bulletin"),
        ("{title} ‹{subtitle}›", "Example Bulletin"),
        ("{title} ({subtitle}, {issue})", "Example Bulletin (March 2024)"),
        ("{title} ({subtitle} {issue})", "Example Bulletin (March 2024)"),
        ("{title} {subtitle}{issue}", "Example Bulletin March 2024"),  # a layout trial: the two were glued
    ],
)
def test_an_empty_fields_separator_goes_with_it(minimal, template, filled):
    """A brand designer's trial (helper-177): header.left = "{title} · {subtitle}" printed "Example Bulletin · "
    for a bulletin with no subtitle, and a template had no way to avoid it. The run of separators (anything
    but letters and digits) between an empty field and the text before it goes with it, or the run after it
    where nothing is printed before it; an opening bracket takes its closing one along."""
    assert minimal.metadata.subtitle is None
    assert fill(template, minimal) == filled


def test_only_the_templates_own_separators_go_never_a_fields_text_or_a_word(minimal):
    assert fill("{title} · {subtitle}", minimal, title="What next?") == "What next?"
    assert fill("page {page} of {pages}", minimal, page="", pages=9) == "page of 9"


def _furniture(data: bytes, fmt: str) -> list[str]:
    """The lines of an edition's running heads and feet: the PDF's second page's first and last three (pdftotext
    keeps a line's halves apart), the DOCX's header and footer parts, the text edition's colophon."""
    import io
    import re
    import subprocess
    import zipfile

    if fmt == "pdf":
        page = subprocess.run(
            ["pdftotext", "-f", "2", "-l", "2", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
        lines = [line for line in page.splitlines() if line.strip()]
        return lines[:3] + lines[-3:]
    if fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [archive.read(n).decode() for n in archive.namelist() if re.match(r"word/(header|footer)", n)]
        return [re.sub(r"<[^>]+>", "", p) for part in parts for p in re.findall(r"<w:p[ >].*?</w:p>", part)]
    return data.decode().split("-" * 20)[-1].splitlines()


@pytest.mark.parametrize("fmt", ["pdf", "docx", "text"])
def test_no_running_head_or_foot_ends_in_the_separator_of_a_missing_subtitle(minimal, plain, fmt):
    """A brand designer's trial (helper-177): header.left = "{title} · {subtitle}" printed "Example Bulletin · "
    over every page of a bulletin without a subtitle (PDF running head, Word's header; footer.text in the
    text edition's colophon too). The EPUB prints no running heads or feet."""
    import dataclasses

    import briefexport

    style = plain.replace(
        header=dataclasses.replace(plain.header, left="{title} · {subtitle}", right="{subtitle} · {issue}"),
        footer=dataclasses.replace(plain.footer, text="{publisher} · {subtitle}"),
    )
    lines = [" ".join(line.split()) for line in _furniture(briefexport.render(minimal, fmt, style=style), fmt)]
    assert any("Example Bulletin" in line for line in lines) or fmt == "text", lines
    assert any(minimal.publisher.name in line for line in lines), lines
    assert not [line for line in lines if line.endswith("·") or line.startswith("·") or "· ·" in line], lines


@pytest.mark.parametrize("fmt", ["text", "docx", "epub", "pdf"])
def test_an_explicit_plus_sign_is_kept_in_every_edition(fmt, tmp_path):
    """'+18.8%' in a figure column is a change; printing '18.8%' would make it a level."""
    import io
    import re
    import shutil
    import zipfile

    import pypdf

    import briefexport

    from .conftest import FIXTURES

    shutil.copytree(FIXTURES / "minimal", tmp_path / "src")
    source = tmp_path / "src" / "bulletin.md"
    source.write_text(source.read_text(encoding="utf-8").replace("| 92.12% |", "| +18.8% |"), encoding="utf-8")
    data = briefexport.render(briefexport.load(source), fmt)
    if fmt == "pdf":
        text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    elif fmt in ("docx", "epub"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            text = " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith("ml"))
        text = re.sub(r"<[^>]+>", "", text)
    else:
        text = data.decode("utf-8")
    assert "+18.8%" in text


@pytest.mark.parametrize(
    ("language", "text", "capitals"),
    [
        ("en", "Inside this issue", "INSIDE THIS ISSUE"),
        ("az", "Mündəricat", "MÜNDƏRİCAT"),
        ("tr-TR", "İçindekiler ılık", "İÇİNDEKİLER ILIK"),
        ("de", "Inhalt", "INHALT"),
    ],
)
def test_capitals_are_written_as_the_language_writes_them(language, text, capitals):
    assert upper(text, language) == capitals


@pytest.mark.parametrize(
    ("printed", "loose"),
    [
        ("$12,345.6\u00a0million", "$12,345.6 million"),
        ("1\u00a0234,5\u00a0M€", "1\u00a0234,5 M€"),  # its number's groups stay together
        ("$\u00a05", "$\u00a05"),  # and its currency with it
        ("5\u00a0€", "5\u00a0€"),
        ("−3.2\u00a0pp", "−3.2 pp"),
    ],
)
def test_a_loosened_figure_wraps_only_before_its_words(printed, loose):
    assert loosened(printed) == loose
