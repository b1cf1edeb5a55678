"""The shipped fonts cover Azerbaijani and Russian: proved from the font files themselves."""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from .conftest import STYLES

AZERBAIJANI = "əƏğĞıİşŞçÇöÖüÜ" + "Xankəndi Şuşa Qarabağ İlham Əliyev"
RUSSIAN = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"
TYPOGRAPHY = "“”‘’—–…•·€№ "
FONT_FILES = sorted((STYLES / "fonts").glob("*.ttf"))


def test_every_family_ships_four_faces_and_its_licence():
    names = {path.stem for path in FONT_FILES}
    for family in ("NotoSerif", "NotoSans"):
        assert {f"{family}-{face}" for face in ("Regular", "Bold", "Italic", "BoldItalic")} <= names
    assert "SIL OPEN FONT LICENSE" in (STYLES / "fonts" / "OFL.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", FONT_FILES, ids=lambda p: p.name)
def test_each_face_is_truetype_and_covers_the_bulletins_scripts(path):
    font = TTFont(path)
    assert "glyf" in font, "ReportLab embeds TrueType outlines only"
    cmap = font.getBestCmap()
    missing = sorted({ch for ch in AZERBAIJANI + RUSSIAN + TYPOGRAPHY if ch != " " and ord(ch) not in cmap})
    assert missing == []
    # fsType 0 (installable) or 8 (editable) lets the font be embedded in PDF and EPUB.
    assert font["OS/2"].fsType & 0x0302 == 0
