"""The Word edition laid out by a real word processor: LibreOffice, with and without the Noto fonts.

LibreOffice converts the flagship in both built-in styles twice: once with the
style's fonts installed (a private fontconfig file adds the package's font
folder), once with no Noto Serif or Sans anywhere (the same file rejects any
installed copy), where only the fonts inside the .docx can set the text. A
third file, with embedding turned off, shows that the second setting really
hides the fonts. Each setting is one LibreOffice run for all its files.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest

from briefexport.model import Paragraph, Run
from briefexport.renderers.docx import DocxRenderer
from briefexport.styles import BUILT_IN

from .checkers import libreoffice_pdfs
from .conftest import SIGNS, require_tool, signs_bulletin

FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <cachedir>{cache}</cachedir>
  {fonts}
</fontconfig>
"""
# Installed copies of the style's families (fonts-noto-core puts them under /usr/share/fonts).
HIDE_NOTO = (
    "<selectfont><rejectfont><glob>/usr/*/NotoSerif-*</glob><glob>/usr/*/NotoSans-*</glob></rejectfont></selectfont>"
)
SETTINGS = ("with-noto", "without-noto")
STYLES = ("aircenter", "plain")
NOTO_FACE = re.compile(r"^Noto(Serif|Sans)-(Regular|Bold|Italic|BoldItalic)$")


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def converted(flagship, aircenter, plain, tmp_path_factory) -> dict[tuple[str, str], Path]:
    """(setting, name) -> LibreOffice's PDF of the flagship's .docx; names: the styles, and
    "aircenter-unembedded" (embed_fonts off) in the setting without Noto."""
    styles = {"aircenter": aircenter, "plain": plain}
    out: dict[tuple[str, str], Path] = {}
    for setting in SETTINGS:
        work = tmp_path_factory.mktemp(setting)
        files = {}
        if setting == "without-noto":
            # First: LibreOffice keeps the fonts a document embeds for the documents it opens after it.
            unembedded = aircenter.replace(docx=dataclasses.replace(aircenter.docx, embed_fonts=False))
            files["aircenter-unembedded"] = DocxRenderer().render(flagship, unembedded)
        files.update((name, DocxRenderer().render(flagship, style)) for name, style in styles.items())
        for name, data in files.items():
            (work / f"{name}.docx").write_bytes(data)
        fonts = f"<dir>{BUILT_IN / 'fonts'}</dir>" if setting == "with-noto" else HIDE_NOTO
        conf = work / "fonts.conf"
        conf.write_text(FONTS_CONF.format(cache=work / "fontcache", fonts=fonts), encoding="utf-8")
        docx = [work / f"{name}.docx" for name in files]
        for name, pdf in zip(files, libreoffice_pdfs(docx, work, {"FONTCONFIG_FILE": str(conf)})):
            out[setting, name] = pdf
    return out


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(
        [require_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]  # pdftotext ends every page with a form feed


def font_names(pdf: Path) -> set[str]:
    """The fonts pdffonts lists, without their subset prefix (ABCDEF+)."""
    listing = subprocess.run([require_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    return {line.split()[0].split("+")[-1] for line in listing.splitlines()[2:] if line.strip()}


@pytest.mark.parametrize("setting", SETTINGS)
@pytest.mark.parametrize("style_name", STYLES)
def test_no_contents_entry_shows_a_page_other_than_where_its_section_starts(
    converted, flagship, aircenter, plain, setting, style_name
):
    style = {"aircenter": aircenter, "plain": plain}[style_name]
    pages = [squeeze(text) for text in page_texts(converted[setting, style_name])]
    contents = pages[0]  # the cover holds the contents
    shown = {}
    for index, section in enumerate(flagship.sections):
        entry = squeeze(f"{style.section_label(index)} {section.title}")
        at = contents.find(entry)
        assert at >= 0, f"contents entry {entry!r} missing"
        number = re.match(r"\.*(\d+)", contents[at + len(entry) :])  # a page number after the title, if any
        # Where LibreOffice set the heading, numeral (from the list) and title together.
        starts = [n for n, text in enumerate(pages[1:], 2) if entry in text]
        assert starts, f"heading {entry!r} not found on any page"
        if number:
            shown[section.title] = (int(number.group(1)), starts[0])
    wrong = {title: pair for title, pair in shown.items() if pair[0] != pair[1]}
    assert not wrong, f"contents page (shown, real): {wrong}"


@pytest.mark.parametrize("style_name", STYLES)
def test_without_noto_installed_libreoffice_sets_the_text_in_the_embedded_faces(converted, style_name):
    # The setting hides Noto: the file without embedded fonts falls back to other families.
    assert not any(NOTO_FACE.match(name) for name in font_names(converted["without-noto", "aircenter-unembedded"]))
    names = font_names(converted["without-noto", style_name])
    assert {"NotoSerif-Regular", "NotoSans-Regular", "NotoSans-Bold"} <= names
    assert all(NOTO_FACE.match(name) for name in names), names  # no substitute for any role


def test_with_noto_installed_the_same_faces_are_used(converted):
    for style_name in STYLES:
        assert font_names(converted["with-noto", style_name]) == font_names(converted["without-noto", style_name])


def test_libreoffice_lays_it_out_with_every_section_and_the_address(converted, flagship):
    pages = page_texts(converted["with-noto", "aircenter"])
    assert len(pages) > 3
    text = squeeze("".join(pages))
    for section in flagship.sections:
        assert squeeze(section.title) in text, section.title
    assert squeeze(flagship.publisher.address_line()) in text
    assert squeeze(f"page {len(pages)} of {len(pages)}") in squeeze(pages[-1])


@pytest.mark.parametrize("setting", SETTINGS)
@pytest.mark.parametrize("style_name", STYLES)
def test_the_colophon_ends_the_text_on_its_last_page_with_the_rights_line(converted, flagship, setting, style_name):
    last = squeeze(page_texts(converted[setting, style_name])[-1]).replace("-", "")  # and hyphenation's breaks
    assert squeeze(f"© {flagship.metadata.date.year} {flagship.publisher.name}") in last
    # Not alone on its page: the end of the text before it is there too.
    final_words = " ".join(flagship.sections[-1].blocks[-1].runs[-1].text.split()[-6:])
    assert squeeze(final_words).replace("-", "") in last


def test_libreoffice_sets_what_the_families_lack_in_the_embedded_fallback_fonts(tmp_path, plain):
    """ "−", "≈", "→", "✓" and the "◦" bullet came out of DejaVu Sans in LibreOffice (the reader's own fonts);
    they are set in the style's fallback fonts, which the Word copy now carries. Installed copies of every
    Noto font the style names are hidden, so only the embedded ones can set them."""
    hidden = HIDE_NOTO.replace(
        "</rejectfont>", "<glob>/usr/*/NotoSansMath-*</glob><glob>/usr/*/NotoSansSymbols2-*</glob></rejectfont>"
    )
    conf = tmp_path / "fonts.conf"
    conf.write_text(FONTS_CONF.format(cache=tmp_path / "fontcache", fonts=hidden), encoding="utf-8")
    docx = tmp_path / "signs.docx"
    docx.write_bytes(DocxRenderer().render(signs_bulletin(tmp_path), plain))
    (pdf,) = libreoffice_pdfs([docx], tmp_path, {"FONTCONFIG_FILE": str(conf)})
    names = font_names(pdf)
    assert {"NotoSansMath-Regular", "NotoSansSymbols2-Regular"} <= names
    assert all(name.startswith(("NotoSerif-", "NotoSans-", "NotoSansMath-", "NotoSansSymbols2-")) for name in names)
    assert squeeze(SIGNS.replace("*", "")) in squeeze(page_texts(pdf)[1])


@pytest.mark.parametrize("style_name", STYLES)
def test_libreoffice_never_parts_the_colophon_whatever_the_texts_length(flagship, style_name, tmp_path, request):
    """The colophon's lines as one-line paragraphs, each kept with the next, were parted by LibreOffice in 9
    of 20 lengths of a trial's last page (Word keeps such a chain): the heading and the rights line are now
    on one page, whatever the length of the last paragraph before them. (Lengths that take the colophon
    across the page's foot: with 475 to 525 words the old chain was parted in the plain style, with 575 to
    675 in the branded one.)"""
    style = request.getfixturevalue(style_name)
    last = flagship.sections[-1]
    files = []
    for words in range(450, 700, 25):
        more = Paragraph((Run(" ".join(["policy", "energy", "market"][i % 3] for i in range(words)) + "."),))
        bulletin = dataclasses.replace(
            flagship, sections=(*flagship.sections[:-1], dataclasses.replace(last, blocks=(*last.blocks, more)))
        )
        files.append(tmp_path / f"{words}.docx")
        files[-1].write_bytes(DocxRenderer().render(bulletin, style))
    parted = []
    for pdf in libreoffice_pdfs(files, tmp_path):
        pages = page_texts(pdf)
        heading = [i for i, page in enumerate(pages) if style.labels.colophon in page]
        rights = [i for i, page in enumerate(pages) if style.labels.rights in page]
        if heading != rights or len(heading) != 1:
            parted.append(pdf.stem)
    assert parted == []
