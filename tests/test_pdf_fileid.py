"""The PDF's file identifier and XMP instance id change with what the file holds (fileid.py)."""

from __future__ import annotations

import dataclasses
import io
import re

import pikepdf

import briefexport
from briefexport.model import Bulletin
from briefexport.styles import Style


def _ids(pdf: bytes) -> tuple[bytes, str | None, str | None]:
    """The trailer's /ID, and the XMP's DocumentID and InstanceID, of a PDF that qpdf reads without a fault."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert document.check_pdf_syntax() == []  # the ids were written in place: every offset still holds
        meta = document.open_metadata()
        first, second = (bytes(part) for part in document.trailer.ID)
        assert first == second
        return first, meta.get("xmpMM:DocumentID"), meta.get("xmpMM:InstanceID")


def _printed(style: Style) -> Style:
    return style.replace(page=dataclasses.replace(style.page, crop_marks=True))


def _corrected(bulletin: Bulletin) -> Bulletin:
    """The bulletin with one word of its first paragraph corrected, as a revised issue would be."""
    section = bulletin.sections[0]
    first = section.blocks[0]
    runs = (dataclasses.replace(first.runs[0], text=first.runs[0].text + " Corrected."), *first.runs[1:])  # type: ignore[attr-defined]
    blocks = (dataclasses.replace(first, runs=runs), *section.blocks[1:])
    return dataclasses.replace(bulletin, sections=(dataclasses.replace(section, blocks=blocks), *bulletin.sections[1:]))


def test_editions_of_one_bulletin_in_two_styles_have_different_file_identifiers(flagship, aircenter, plain):
    """ReportLab's /ID came from the title, author and dates alone: the same for both (a print shop's trial)."""
    ids = {_ids(briefexport.render(flagship, "pdf", style))[0] for style in (aircenter, plain)}
    assert len(ids) == 2


def test_a_corrected_print_edition_is_a_new_instance_of_the_same_document(minimal, plain):
    before = briefexport.render(minimal, "pdf", _printed(plain))
    after = briefexport.render(_corrected(minimal), "pdf", _printed(plain))
    (file_before, document_before, instance_before), (file_after, document_after, instance_after) = map(
        _ids, (before, after)
    )
    assert file_before != file_after and instance_before != instance_after
    assert document_before == document_after  # the same issue's document: its title, issue, date and style
    assert re.fullmatch(r"uuid:[0-9a-f-]{36}", instance_after or "")


def test_the_same_inputs_give_the_same_identifiers(minimal, plain):
    assert briefexport.render(minimal, "pdf", _printed(plain)) == briefexport.render(minimal, "pdf", _printed(plain))


def _subsets(pdf: bytes) -> dict[str, str]:
    """Each embedded font subset's name (TAG+Font), from its font dictionary, checked against its descriptor."""
    names = {}
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert document.check_pdf_syntax() == []  # the tags were written in place: every offset still holds
        for page in document.pages:
            for font in page.Resources.Font.values():
                name = str(font.BaseFont)[1:]
                descriptor = font.get("/FontDescriptor")
                if descriptor is not None:
                    assert str(descriptor.FontName)[1:] == name
                    names[name.partition("+")[2]] = name.partition("+")[0]
    return names


def test_each_font_subset_has_a_tag_of_its_own_that_changes_with_the_file(flagship, minimal, aircenter):
    """ReportLab tagged every font's first subset AAAAAA: the same tags in every issue, which a print shop
    imposing two issues on one sheet may take for the same subsets (a print editor's trial)."""
    first = _subsets(briefexport.render(flagship, "pdf", aircenter))
    other = _subsets(briefexport.render(_corrected(flagship), "pdf", aircenter))
    assert len(first) >= 4 and len(set(first.values())) == len(first)
    assert all(re.fullmatch("[A-Z]{6}", tag) for tag in first.values())
    assert all(first[font] != other[font] for font in first.keys() & other.keys())
    assert _subsets(briefexport.render(minimal, "pdf", aircenter)) == _subsets(
        briefexport.render(minimal, "pdf", aircenter)
    )
