"""The plain-text edition, checked against a golden file."""

from __future__ import annotations

import briefexport

from .conftest import FIXTURES

GOLDEN = FIXTURES.parent / "golden" / "minimal.txt"


def test_the_minimal_bulletin_renders_as_its_golden_text(minimal, plain):
    # To accept an intended change: briefexport build tests/fixtures/minimal/bulletin.md -f text, copy it here.
    assert briefexport.render(minimal, "text", style=plain).decode("utf-8") == GOLDEN.read_text(encoding="utf-8")


def test_the_text_edition_numbers_sections_by_the_style(flagship, aircenter):
    text = briefexport.render(flagship, "text", style=aircenter).decode("utf-8")
    for i, section in enumerate(flagship.sections):
        assert f"\n{aircenter.section_label(i)} {section.title}\n" in text
