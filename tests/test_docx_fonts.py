"""The Word edition carries its fonts: the faces the text is set in, subset and obfuscated (ECMA-376 17.8.1).

The parts are read back the way a word processor does: fontTable.xml names
each face's part and key; the key, applied as the standard says, gives back a
TrueType file fontTools opens. LibreOffice using them is tested in
test_docx_libreoffice.py.
"""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import zipfile

import pytest
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables.DefaultTable import DefaultTable
from lxml import etree

import briefexport
from briefexport.errors import StyleError
from briefexport.renderers import fontfiles
from briefexport.renderers.docx import DocxRenderer, fonts
from briefexport.styles import load_style

from .conftest import SIGNS, STYLES, signs_bulletin

R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
FACE_OF = {"embedRegular": "Regular", "embedBold": "Bold", "embedItalic": "Italic", "embedBoldItalic": "Bold Italic"}


def _render(bulletin, style) -> bytes:
    return DocxRenderer().render(bulletin, style)


def _unembedded(style):
    return style.replace(docx=dataclasses.replace(style.docx, embed_fonts=False))


@pytest.fixture(scope="module")
def flagship_docx(flagship, aircenter) -> bytes:
    return _render(flagship, aircenter)


def embedded(data: bytes) -> dict[tuple[str, str], tuple[str, bytes]]:
    """(family, face) -> (key, part bytes as stored) for every embedded face fontTable.xml names."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        table = etree.fromstring(z.read("word/fontTable.xml"))
        names = z.namelist()
        rels = z.read("word/_rels/fontTable.xml.rels") if "word/_rels/fontTable.xml.rels" in names else b"<r/>"
        targets = {rel.get("Id"): rel.get("Target") for rel in etree.fromstring(rels)}
        out = {}
        for font in table.iter(qn("w:font")):
            for embed in font:
                kind = etree.QName(embed).localname
                if kind in FACE_OF:
                    part = z.read("word/" + targets[embed.get(R_ID)])
                    out[font.get(qn("w:name")), FACE_OF[kind]] = (embed.get(qn("w:fontKey")), part)
        return out


def deobfuscate(data: bytes, key: str) -> bytes:
    """ECMA-376 Part 1, 17.8.1, written out here on its own: the GUID's hex digits read from the end,
    two at a time, give 16 bytes; XOR them over bytes 0-15 and again over bytes 16-31."""
    digits = key.strip("{}").replace("-", "")
    mask = [int(digits[i : i + 2], 16) for i in range(len(digits) - 2, -1, -2)]
    return bytes(b ^ mask[i % 16] for i, b in enumerate(data[:32])) + data[32:]


def document_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = [n for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")]
        return "".join(t.text or "" for n in parts for t in etree.fromstring(z.read(n)).iter(qn("w:t")))


def test_the_faces_the_text_uses_are_embedded_obfuscated_and_readable_with_their_key(flagship_docx, aircenter):
    faces = embedded(flagship_docx)
    serif, sans = aircenter.font("body").family, aircenter.font("heading").family
    # Body text and pull quotes (italic) in the serif; headings, tables and furniture in the sans.
    assert {(serif, "Regular"), (serif, "Italic"), (sans, "Regular"), (sans, "Bold")} <= set(faces)
    assert (sans, "Bold Italic") not in faces  # nothing is set in it
    text = document_text(flagship_docx)
    for (family, face), (key, stored) in faces.items():
        assert stored[:4] not in (b"\x00\x01\x00\x00", b"true"), "stored as it is, not obfuscated"
        font = TTFont(io.BytesIO(deobfuscate(stored, key)))
        assert font["name"].getDebugName(1) == family
        assert font["name"].getDebugName(2) == face
        assert font["OS/2"].fsType & 0x0002 == 0  # not "restricted licence embedding"
        original = TTFont(
            aircenter.fonts["serif" if family == serif else "sans"].faces()[face.lower().replace(" ", "_")]
        )
        covered = set(font.getBestCmap())
        # Subset: every character of the text the face has is kept, and far fewer glyphs remain.
        assert {ord(c) for c in text if ord(c) in original.getBestCmap()} <= covered
        assert len(font.getGlyphOrder()) < len(original.getGlyphOrder()) / 3


def test_each_subset_holds_what_an_editor_may_type_in_correcting_it(flagship_docx):
    """A Word user's trial: the subsets held the text's characters and printable ASCII; an editor's é, €, ö
    and ‘ (which Word's AutoFormat types) came out in another font mid-line on a PC without Noto."""
    text = document_text(flagship_docx)
    typed = "é€ö‘çłş„əƏ₼"  # Azerbaijani's ə and its manat: the AIR Center's own
    assert not set(typed) & set(text)  # none of them is the flagship's own
    for key, stored in embedded(flagship_docx).values():
        covered = set(TTFont(io.BytesIO(deobfuscate(stored, key))).getBestCmap())
        assert {ord(c) for c in typed} <= covered


def test_a_subset_of_a_text_in_cyrillic_holds_every_letter_of_the_script(tmp_path):
    """A Russian text's subset held only the letters its sentences used: an editor's "ё" or "ъ" came out in
    another font."""
    from .test_sources import FRONT, write_source

    source = write_source(tmp_path, "# Обзор\n\nТекст о газе.\n", front=FRONT.replace("date:", "language: ru\ndate:"))
    docx = briefexport.render(briefexport.load(source), "docx", "aircenter")
    for key, stored in embedded(docx).values():
        covered = set(TTFont(io.BytesIO(deobfuscate(stored, key))).getBestCmap())
        assert {ord(c) for c in "ёъЁЪщюїєґ"} <= covered


def test_the_package_declares_the_parts_and_asks_word_to_keep_them(flagship_docx):
    with zipfile.ZipFile(io.BytesIO(flagship_docx)) as z:
        types = etree.fromstring(z.read("[Content_Types].xml"))
        settings = etree.fromstring(z.read("word/settings.xml"))
        names = z.namelist()
    overrides = {o.get("PartName"): o.get("ContentType") for o in types if o.get("PartName")}
    font_parts = [n for n in names if n.startswith("word/fonts/")]
    assert font_parts and all(n.endswith(".odttf") for n in font_parts)
    for name in font_parts:
        assert overrides["/" + name] == "application/vnd.openxmlformats-officedocument.obfuscatedFont"
    for setting in ("w:embedTrueTypeFonts", "w:saveSubsetFonts"):
        assert settings.find(qn(setting)).get(qn("w:val")) == "true"


def test_embed_fonts_false_leaves_them_out(flagship, aircenter, flagship_docx):
    data = _render(flagship, _unembedded(aircenter))
    assert embedded(data) == {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert not [n for n in z.namelist() if n.startswith("word/fonts/")]
        settings = etree.fromstring(z.read("word/settings.xml"))
    assert settings.find(qn("w:embedTrueTypeFonts")) is None
    # What the fonts cost (the README gives both sizes).
    assert len(data) < 60_000 < len(flagship_docx) < 150_000


def test_the_same_inputs_give_the_same_fonts_when_subset_anew(flagship, aircenter, flagship_docx):
    fontfiles._subset.cache_clear()  # no shortcut through the cache: fontTools runs again
    assert _render(flagship, aircenter) == flagship_docx


def test_obfuscation_is_its_own_inverse_and_touches_only_the_first_32_bytes():
    data = bytes(range(256)) * 2
    key = "{62E79491-959F-41E9-B76B-6B32631DEA5C}"
    hidden = fonts.obfuscate(data, key)
    assert hidden[32:] == data[32:] and hidden[:32] != data[:32]
    assert hidden == deobfuscate(data, key)  # the standard's reading of the key, written out independently
    assert fonts.obfuscate(hidden, key) == data


def test_the_style_key_turns_embedding_off(tmp_path):
    import shutil

    shutil.copytree(STYLES, tmp_path / "styles")
    (tmp_path / "styles" / "house.toml").write_text(
        'name = "house"\nlabel = "House"\nextends = "plain"\n\n[docx]\nembed_fonts = false\n', encoding="utf-8"
    )
    assert load_style("house", tmp_path / "styles").docx.embed_fonts is False
    assert load_style("plain", tmp_path / "styles").docx.embed_fonts is True
    (tmp_path / "styles" / "house.toml").write_text(
        'name = "house"\nlabel = "House"\nextends = "plain"\n\n[docx]\nembed_fonts = "no"\n', encoding="utf-8"
    )
    with pytest.raises(StyleError) as caught:
        load_style("house", tmp_path / "styles")
    assert caught.value.line == 6 and "embed_fonts" in str(caught.value)


def test_a_family_of_one_file_for_its_four_faces_is_stored_once(tmp_path, minimal):
    """A designer's trial: a brand font with no bold or italic, given as all four faces (as the README asks),
    was stored four times over in the Word copy, the same 57 KB each time."""
    shutil.copytree(STYLES, tmp_path / "styles")
    faces = "".join(f'{face} = "fonts/NotoSans-Regular.ttf"\n' for face in ("regular", "bold", "italic", "bold_italic"))
    (tmp_path / "styles" / "one.toml").write_text(
        f'name = "one"\nlabel = "One"\nextends = "plain"\n\n[fonts.sans]\n{faces}', encoding="utf-8"
    )
    data = _render(minimal, load_style("one", tmp_path / "styles"))
    with zipfile.ZipFile(io.BytesIO(data)) as word:
        table = etree.fromstring(word.read("word/fontTable.xml"))
        sans = next(f for f in table.iter(qn("w:font")) if f.get(qn("w:name")) == "Noto Sans")
        ids = {embed.get(R_ID) for embed in sans if etree.QName(embed).localname in FACE_OF}
        stored = [name for name in word.namelist() if name.startswith("word/fonts/")]
        assert len(ids) == 1 and len(sans.findall(qn("w:embedBold"))) == 1
        assert len(stored) == len(set(word.read(name) for name in stored))  # no two parts alike


def test_a_font_file_replaced_while_the_process_runs_is_embedded_anew(tmp_path):
    """A service's tenant replaced its regular face with another (same path, same family): the Word copy
    kept embedding the old face until the process was restarted; the PDF and the EPUB took the new one."""
    path = tmp_path / "Brand-Regular.ttf"
    shutil.copy(STYLES / "fonts" / "NotoSans-Regular.ttf", path)
    before = TTFont(io.BytesIO(fontfiles.subset_font(path, frozenset("Baku"))))
    shutil.copy(STYLES / "fonts" / "NotoSans-Bold.ttf", path)
    stamp = path.stat().st_mtime_ns + 2_000_000_000
    os.utime(path, ns=(stamp, stamp))
    after = TTFont(io.BytesIO(fontfiles.subset_font(path, frozenset("Baku"))))
    assert (before["name"].getDebugName(2), after["name"].getDebugName(2)) == ("Regular", "Bold")


def test_tables_the_subsetter_cannot_cut_down_are_dropped_without_a_warning(tmp_path, caplog):
    """FontForge writes a timestamp table (FFTM) that fontTools cannot subset: it dropped it with a
    warning on stderr, three times for DejaVu Sans, in a build that succeeded."""
    font = TTFont(STYLES / "fonts" / "NotoSans-Regular.ttf")
    stamp = DefaultTable("FFTM")
    stamp.data = bytes(28)  # version, and three times of 8 bytes
    font["FFTM"] = stamp
    font.save(tmp_path / "Stamped.ttf")
    with caplog.at_level("INFO", logger="fontTools"):
        subset = TTFont(io.BytesIO(fontfiles.subset_font(tmp_path / "Stamped.ttf", frozenset("Baku"))))
    assert "FFTM" not in subset and "glyf" in subset
    assert not [record for record in caplog.records if record.levelname == "WARNING"]


def test_characters_the_families_lack_are_set_and_embedded_in_the_styles_fallback_fonts(tmp_path, plain):
    """The PDF set "−", "≈" and "→" in Noto Sans Math and "✓" and the "◦" bullet in Noto Sans Symbols 2
    (fonts.fallback); the Word copy left them to the reader's fonts (LibreOffice took DejaVu Sans)."""
    data = _render(signs_bulletin(tmp_path), plain)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        document = etree.fromstring(z.read("word/document.xml"))
        numbering = etree.fromstring(z.read("word/numbering.xml"))
    fonts_of: dict[str, set[str | None]] = {}
    for run in document.iter(qn("w:r")):
        named = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        font = None if named is None else named.get(qn("w:ascii"))
        for char in "".join(t.text or "" for t in run.iter(qn("w:t"))):
            fonts_of.setdefault(char, set()).add(font)
    assert fonts_of["−"] == fonts_of["≈"] == fonts_of["→"] == {"Noto Sans Math"}
    assert fonts_of["✓"] == {"Noto Sans Symbols2"}
    assert fonts_of["P"] == fonts_of["5"] == {None}  # the rest in the paragraph's own family
    # Cut where the font changes, nothing else: each paragraph reads as before, bold and italic kept.
    # (a figure and its unit joined by a no-break space, as in the PDF and EPUB)
    paragraphs = [
        "".join(t.text or "" for t in p.iter(qn("w:t"))).replace("\u00a0", " ") for p in document.iter(qn("w:p"))
    ]
    assert SIGNS.replace("**", "").replace("*", "") in paragraphs
    bold = {t.text for r in document.iter(qn("w:r")) if r.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None for t in r}
    assert {"Bold ", "−", "5"} <= bold
    marks = {
        lvl.find(qn("w:lvlText")).get(qn("w:val")): lvl.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        for lvl in numbering.iter(qn("w:lvl"))
    }
    assert marks["◦"].get(qn("w:ascii")) == "Noto Sans Symbols2" and marks["•"] is None
    faces = embedded(data)
    for family in ("Noto Sans Math", "Noto Sans Symbols2"):
        key, part = faces[family, "Regular"]
        cmap = TTFont(io.BytesIO(deobfuscate(part, key))).getBestCmap()
        assert ord("−" if family == "Noto Sans Math" else "✓") in cmap


def test_the_fallback_fonts_embedded_take_the_body_s_line_metrics(tmp_path, plain):
    """A Word user's trial: a line holding the "◦" bullet or an arrow was 17.0 or 14.9 points tall, the others
    13.6: Noto Sans Symbols 2's descent is 630/1000, the serif's 293, and Word sets a line at least as tall
    as its fonts say. The embedded fallback subsets carry the body font's line metrics."""
    faces = embedded(_render(signs_bulletin(tmp_path), plain))
    body = TTFont(plain.font("body").regular)
    metrics = [("hhea", "ascent"), ("hhea", "descent"), ("hhea", "lineGap"), ("OS/2", "sTypoAscender")]
    metrics += [("OS/2", "sTypoDescender"), ("OS/2", "sTypoLineGap"), ("OS/2", "usWinAscent"), ("OS/2", "usWinDescent")]
    for family, path in zip(("Noto Sans Math", "Noto Sans Symbols2"), plain.fallback, strict=True):
        key, part = faces[family, "Regular"]
        subset = TTFont(io.BytesIO(deobfuscate(part, key)))
        assert [getattr(subset[t], n) for t, n in metrics] == [getattr(body[t], n) for t, n in metrics], family
        assert TTFont(path)["OS/2"].usWinDescent > body["OS/2"].usWinDescent  # as shipped: 423 and 630, for 293


def test_a_style_without_fallback_fonts_names_none(tmp_path, plain):
    data = _render(signs_bulletin(tmp_path), plain.replace(fallback=()))
    assert "Noto Sans Math" not in document_text(data) and b"Noto Sans Math" not in zipfile.ZipFile(
        io.BytesIO(data)
    ).read("word/document.xml")


def test_a_render_logs_nothing_and_leaves_no_font_file_open(tmp_path, caplog, minimal, plain):
    """fontTools' subsetter logged some 140 lines at INFO a render, and the fonts measured for a figure
    column's tab stop, and read for the fallback chain, were left open (ResourceWarning under -X dev; a
    service developer's trial)."""
    import gc
    import logging
    import warnings

    from briefexport.renderers.docx import measure

    with caplog.at_level(logging.INFO):
        _render(minimal, plain.replace(fallback=()))
    assert [r for r in caplog.records if r.name.startswith("fontTools")] == []
    font = tmp_path / "Measured.ttf"
    shutil.copy(STYLES / "fonts" / "NotoSans-Regular.ttf", font)
    gc.collect()  # what earlier tests in this process left to the collector is theirs, not this test's
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert measure.twips("12.5", font, 10) > 0
        assert ord("a") in fontfiles._font(font)[1]
        gc.collect()
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []
