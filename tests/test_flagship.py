"""The February 2024 bulletin: complete, in order, corrected, and no invented figure."""

from __future__ import annotations

import re

import pytest

from briefexport.model import NumberCell, Paragraph

from .conftest import FLAGSHIP

SOURCE = FLAGSHIP.read_text(encoding="utf-8")

SECTION_TITLES = [
    "President Ilham Aliyev wins election by a landslide",
    "President Ilham Aliyev outlines Azerbaijan’s new foreign policy priorities",
    "Azerbaijan and the OTS: Forging a stronger Turkic alliance in a changing world",
    "Azerbaijan\u2019s strategic diplomacy focuses on strengthening sovereignty and cooperation",
    "Azerbaijan commemorates the 32nd anniversary of the Khojaly genocide",
    "Armenia stalls the progress toward the regional peace",
    "Armenia’s constitutional revisions as a gateway to peace in the South Caucasus",
    "Debunking Western narratives in the South Caucasus",
    "A new chapter in climate leadership: Azerbaijan\u2019s strategy for COP29 success",
]

OCR_ERRORS = [
    r"llham",
    r"Illham",
    r"\[lham",
    r"AliyeVv",
    r"Tirkiye",
    r"Tarkiye",
    r"Tlrkiye",
    r"\bTurkiye",
    r"(?<=\s)\|(?=\s)",
    r"Thbilisi",
    r"Thilisi",
    r"\(EEV\)",
    r"tragic incident s\b",
    r"Mirza ibrahimov",
]


def body_text(bulletin) -> str:
    parts = []
    for block in bulletin.blocks():
        if isinstance(block, Paragraph):
            parts.append("".join(run.text for run in block.runs))
    return "\n".join(parts)


def test_all_nine_sections_in_order_without_numerals(flagship):
    assert [s.title for s in flagship.sections] == SECTION_TITLES


@pytest.mark.parametrize("pattern", OCR_ERRORS)
def test_no_listed_ocr_error_remains(pattern):
    assert re.findall(pattern, SOURCE) == []


def test_the_publisher_block_is_the_printed_address(flagship):
    p = flagship.publisher
    assert (p.street, p.city, p.postcode, p.country) == ("Mirza Ibrahimov 8", "Baku", "AZ1005", "Azerbaijan")
    assert p.phones == ("(+994 12) 596-82-39", "(+994 12) 596-82-41")
    assert (p.email, p.website_label) == ("info@aircenter.az", "www.aircenter.az")


def test_page_numbers_and_the_address_footer_are_gone_from_the_body(flagship):
    text = body_text(flagship)
    assert "Mirza Ibrahimov" not in text and "mailto:" not in text and "www.aircenter.az" not in text
    assert not re.search(r"^\d{1,3}$", SOURCE, re.M)


def test_quotes_pull_quotes_and_tables_are_there(flagship):
    quotes, pulls, tables = flagship.quotes("block"), flagship.quotes("pull"), flagship.tables()
    assert len(quotes) >= 8 and all(q.attribution for q in quotes)
    assert len(pulls) >= 3
    assert len(tables) >= 5 and all(t.caption and t.source for t in tables)
    attributions = " | ".join(q.attribution_text for q in quotes)
    assert "Ilham Aliyev" in attributions and "Sargsyan" in attributions and "Foreign" in attributions


def test_pull_quotes_repeat_a_line_of_the_text(flagship):
    text = re.sub(
        r"\s+", " ", body_text(flagship) + " ".join("".join(r.text for r in q.runs) for q in flagship.quotes("block"))
    )
    for pull in flagship.quotes("pull"):
        line = re.sub(r"\s+", " ", "".join(r.text for r in pull.runs)).strip("“”\"' .…")
        assert line[:60] in text, line


def test_the_election_table_has_the_printed_figures(flagship):
    written = {
        cell.text for table in flagship.tables() for row in table.rows for cell in row if isinstance(cell, NumberCell)
    }
    assert {"92.12%", "76.43%", "90,272", "6,537", "6,478,623"} <= written


def test_no_figure_in_a_table_is_invented(flagship):
    """Every number in every table is printed somewhere in the bulletin's own text."""
    text = body_text(flagship) + " ".join("".join(r.text for r in q.runs) for q in flagship.quotes())
    numbers_in_text = set(re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?", text))
    for table in flagship.tables():
        for row in table.rows:
            for cell in row:
                if isinstance(cell, NumberCell):
                    number = re.match(r"[\d,]+(?:\.\d+)?", cell.text.lstrip("+−-")).group()
                    assert number in numbers_in_text, f"{number} in {table.caption!r} is not in the text"
