"""The built-in styles' words and the source's keywords in the bulletin's language (translations.py)."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import string
import zipfile

import pytest

import briefexport
from briefexport.model import StatsTable, Table, plain_text
from briefexport.styles import TRANSLATED, load_style
from briefexport.translations import CATALOGUE, translate

from .conftest import FIXTURES, ROOT

SOURCE = FIXTURES / "figures" / "bulletin.md"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _words(style_name: str) -> dict[str, str]:
    style = load_style(style_name)
    return {key: getattr(getattr(style, key.split(".")[0]), key.split(".")[1]) for key in TRANSLATED}


@pytest.mark.parametrize("language", sorted(CATALOGUE))
@pytest.mark.parametrize("style_name", ["plain", "aircenter"])
def test_every_word_of_the_built_in_styles_is_translated_and_keeps_its_fields(language, style_name):
    for key, english in _words(style_name).items():
        translated = translate(english, language)
        same_in_french = ("Introduction", "Source", "Sources", "Notes")
        assert translated != english or (language == "fr" and english in same_in_french), key
        assert _fields(translated) == _fields(english), key


def _in(language: str, body: str = "") -> briefexport.Bulletin:
    text = SOURCE.read_text(encoding="utf-8")
    front = text[: text.index("# Money")].replace("language: en", f"language: {language}")
    return briefexport.loads(front + (body or "# S\n\nText.\n"), base_dir=SOURCE.parent, name="s.md")


def test_a_russian_bulletin_in_a_built_in_style_reads_its_labels_in_russian_in_every_edition():
    """A Baku editor's Russian issue printed CONTENTS, Source:, page 2 of 5 and Published by."""
    bulletin = _in(
        "ru", "# Раздел\n\n::: stats\nТаблица\n\n| A | B |\n|:--|--:|\n| x | 1,5 |\n\nИсточник: Росстат.\n:::\n"
    )
    text = briefexport.render(bulletin, "text", "plain").decode()
    for word in ("Содержание", "Источник: Росстат.", "Издатель"):
        assert word in text
    assert not re.search(r"\b(Contents|Source|Published by)\b", text)
    nav = zipfile.ZipFile(io.BytesIO(briefexport.render(bulletin, "epub", "plain"))).read("EPUB/nav.xhtml").decode()
    assert "<h1>Содержание</h1>" in nav and "<h2>Навигация</h2>" in nav  # the landmarks' heading too
    footer = zipfile.ZipFile(io.BytesIO(briefexport.render(bulletin, "docx", "plain"))).read("word/footer1.xml")
    assert "стр. ".encode() in footer and b"page " not in footer


@pytest.mark.parametrize(
    ("language", "contents"),
    [
        ("az-Cyrl", "Contents"),
        ("az-Latn", "Mündəricat"),
        ("ru-Latn", "Contents"),
        ("az-IR", "Contents"),
        ("az-AZ", "Mündəricat"),
    ],
)
def test_a_tag_in_another_script_than_the_catalogues_keeps_english_labels(language, contents):
    """A trial's Azerbaijani bulletin in Cyrillic got Latin-script labels ("Mündəricat", "Nəşr edən") beside
    its text: a language's words are taken only in the script they are written in (named, or the one CLDR
    gives the tag's region: az-IR is written in Arabic script, a re-trial); else English ones, marked as
    English in the EPUB."""
    assert translate("Contents", language) == contents
    bulletin = _in(language, "# Bölmə\n\nMətn.\n")
    nav = zipfile.ZipFile(io.BytesIO(briefexport.render(bulletin, "epub", "plain"))).read("EPUB/nav.xhtml").decode()
    assert f">{contents}</h1>" in nav
    if contents == "Contents":
        assert re.search(r'<h1[^>]*lang="en"[^>]*>Contents</h1>', nav), nav


def test_a_brands_own_words_are_never_translated(tmp_path):
    (tmp_path / "brand.toml").write_text(
        'name = "brand"\nlabel = "B"\nextends = "plain"\n[labels]\ncontents = "Contents"\n'
    )
    style = load_style("brand", tmp_path).in_language("ru")
    assert style.labels.contents == "Contents"  # the brand's own, in English on purpose
    assert style.labels.source == "Источник"  # from plain, translated
    assert style.labels.sources == "Источники"
    assert load_style("plain").in_language("en-GB") == load_style("plain")
    untouched = dataclasses.replace(load_style("plain"), builtin_words=())
    assert untouched.in_language("ru").labels.source == "Source"


def test_words_a_program_gives_a_style_are_its_own_and_printed_as_given(minimal):
    """A service developer's trial: style.replace(labels=...) with "Inside This Issue" printed "Contents",
    the built-in style's English word put back for the bulletin's language."""
    plain = load_style("plain")
    style = plain.replace(
        labels=dataclasses.replace(plain.labels, contents="Inside This Issue"),
        footer=dataclasses.replace(plain.footer, page="folio {page}"),
    )
    russian = style.in_language("ru")
    assert (russian.labels.contents, russian.footer.page) == ("Inside This Issue", "folio {page}")
    assert russian.labels.source == "Источник"  # the words left as plain gave them are translated still
    assert "Inside This Issue" in briefexport.render(minimal, "text", style=style).decode()
    assert plain.replace(labels=plain.labels).builtin_words == plain.builtin_words  # the same words stay built-in


def test_a_brand_that_words_only_its_source_label_has_it_over_several_sources_too(tmp_path):
    (tmp_path / "brand.toml").write_text('name = "brand"\nlabel = "B"\nextends = "plain"\n[labels]\nsource = "Data"\n')
    style = load_style("brand", tmp_path)
    assert (style.labels.source, style.labels.sources) == ("Data", "Data")
    assert style.in_language("de").labels.sources == "Data"  # the brand's word, not the catalogue's "Quellen"
    (tmp_path / "both.toml").write_text(
        'name = "both"\nlabel = "B"\nextends = "plain"\n[labels]\nsource = "Data"\nsources = "Data from"\n'
    )
    assert load_style("both", tmp_path).labels.sources == "Data from"


def test_a_style_made_russian_serves_an_english_or_german_bulletin_in_its_language():
    russian = load_style("aircenter").in_language("ru")
    assert russian.labels.contents == "Содержание" and russian.labels.introduction == "В этом выпуске"
    assert russian.in_language("en") == load_style("aircenter")
    assert russian.in_language("de").footer.page == "Seite {page} von {pages}"


@pytest.mark.parametrize(
    ("language", "note", "source"),
    [("ru", "Примечание: предварительно.", "Источник: Росстат."), ("az", "Qeyd: ilkin.", "Mənbə: DSK."),
     ("ru", "Note: preliminary.", "Sources: Rosstat."), ("az-Cyrl", "Qeyd: ilkin.", "Mənbə: DSK.")],
)  # fmt: skip
def test_a_stats_blocks_keywords_are_read_in_english_and_in_the_bulletins_language(language, note, source):
    body = f"# S\n\n::: stats\nC\n\n| A | B |\n|:--|--:|\n| x | 7 |\n\n{note}\n\n{source}\n:::\n"
    table = _in(language, body).sections[0].blocks[0]
    assert "".join(run.text for run in table.notes[0]) == note
    assert "".join(run.text for run in table.source).strip() == source.split(":", 1)[1].strip()


def test_a_keyword_in_the_bulletins_language_is_taken_only_where_it_can_be_meant_so():
    """'Tabelle: siehe die Übersicht im Anhang.' is a German sentence, not a table's caption, unless a
    table follows; a figure's only paragraph 'Foto: …' is its caption, not its credit."""
    prose = _in("de", "# S\n\nTabelle: siehe die Übersicht im Anhang.\n\nText.\n").sections[0].blocks[0]
    assert "".join(run.text for run in prose.runs) == "Tabelle: siehe die Übersicht im Anhang."
    table = _in("de", "# S\n\nTabelle: Sitze\n\n| A | B |\n|---|---|\n| x | y |\n").sections[0].blocks[0]
    assert "".join(run.text for run in table.caption).strip() == "Sitze"
    with pytest.raises(briefexport.SourceError, match="a 'Table: …' paragraph is a table's caption"):
        _in("de", "# S\n\nTable: seats\n\nText.\n")  # the source format's own word still asks for its table


def test_a_figures_only_paragraph_starting_with_the_languages_credit_word_is_its_caption():
    pictures = FIXTURES / "figures_pictures"
    text = (pictures / "bulletin.md").read_text(encoding="utf-8")
    front = text[: text.index("\n---\n", 4) + 5].replace("language: en", "language: de")
    figure = "# S\n\n::: figure\n![Ein Hafen](photo.jpg)\n\nFoto: der Hafen im Morgenlicht.\n:::\n"
    block = briefexport.loads(front + figure, base_dir=pictures, name="f.md").sections[0].blocks[0]
    assert "".join(run.text for run in block.caption) == "Foto: der Hafen im Morgenlicht." and block.credit == ()
    credited = figure.replace("Foto: der", "Der Hafen.\n\nFoto: der")
    block = briefexport.loads(front + credited, base_dir=pictures, name="f.md").sections[0].blocks[0]
    assert "".join(run.text for run in block.credit).strip() == "der Hafen im Morgenlicht."


def test_french_spaces_before_its_colons_and_inside_its_guillemets_do_not_break_and_keywords_take_them():
    """A French edition refused 'Note :' and 'Source :', printed 'Source:', and set ':' or ';' alone at a
    line's start (trial by a French editor)."""
    body = (
        "# S\n\nLe but : réduire ; croître ! Vraiment ? Il dit « oui ».\n\n"
        "::: stats\nC\n\n| A | B |\n|:--|--:|\n| x | 1,5 |\n\nNote : provisoire.\n\nSource : Insee.\n:::\n"
    )
    bulletin = _in("fr", body)
    prose, table = bulletin.sections[0].blocks
    assert "".join(run.text for run in prose.runs) == (
        "Le but\u00a0: réduire\u202f; croître\u202f! Vraiment\u202f? Il dit «\u202foui\u202f»."
    )
    assert "".join(run.text for run in table.notes[0]) == "Note\u00a0: provisoire."
    assert "".join(run.text for run in table.source).strip() == "Insee."
    text = briefexport.render(bulletin, "text", "plain").decode()
    assert "Source\u00a0: Insee." in text
    docx = zipfile.ZipFile(io.BytesIO(briefexport.render(bulletin, "docx", "plain"))).read("word/document.xml")
    assert "Source\u00a0: ".encode() in docx


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bulletins_in_two_languages_built_together_each_get_their_own_labels(tmp_path, jobs):
    """Built in one command, a German issue after a Russian one printed 'Содержание' and 'Источник' (the
    style, loaded once for both, kept the first one's words)."""
    from click.testing import CliRunner

    from briefexport.cli import main

    text = SOURCE.read_text(encoding="utf-8")
    shutil.copy(SOURCE.parent / "publisher.yaml", tmp_path)
    body = "# S\n\n::: stats\nC\n\n| A | B |\n|:--|--:|\n| x | 1,5 |\n\nSource: X.\n:::\n"
    for language in ("ru", "de"):
        front = text[: text.index("# Money")].replace("language: en", f"language: {language}")
        (tmp_path / f"{language}.md").write_text(front + body, encoding="utf-8")
    sources = [str(tmp_path / "ru.md"), str(tmp_path / "de.md")]
    result = CliRunner().invoke(main, ["build", *sources, "-f", "text", "-o", str(tmp_path / "out"), "-j", jobs])
    assert result.exit_code == 0, result.output
    russian, german = ((tmp_path / "out" / f"{name}.txt").read_text(encoding="utf-8") for name in ("ru", "de"))
    assert "Содержание" in russian and "Источник: X." in russian
    assert "Inhalt" in german and "Quelle: X." in german and "Содержание" not in german


def test_a_stats_blocks_messages_name_the_keywords_of_the_bulletins_language_too():
    """A German editor read only 'Note:' in the message, though 'Anmerkung:' is taken too (trial)."""
    body = "# S\n\n::: stats\nC\n\n| A | B |\n|:--|--:|\n| x | 7 |\n\nBemerkung: x.\n\nQuelle: Y.\n:::\n"
    with pytest.raises(briefexport.SourceError, match=r"must be a note \('Note: …', 'Anmerkung:'\) or the source"):
        _in("de", body)
    with pytest.raises(briefexport.SourceError, match=r"end it with a 'Source: …', 'Quelle:' paragraph"):
        _in("de", "# S\n\n::: stats\nC\n\n| A | B |\n|:--|--:|\n| x | 7 |\n:::\n")


def test_the_readme_lists_the_keywords_of_every_language_as_the_catalogue_has_them():
    """Editors asked which words a German or Russian source takes ("Quelle:", "Примечание:"): the README's
    table says, and says what the catalogue says."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    words = ("Table", "Note", "Notes", "Source", "Sources", "Credit")
    for language in sorted(CATALOGUE):
        row = " | ".join(f"`{translate(word, language)}:`" for word in words)
        assert f"| `{language}` | {row} | `{translate('n/a', language)}` |" in readme, language


def test_a_polish_bulletin_reads_its_keywords_in_polish_and_prints_its_labels_so():
    """A Polish communications officer's trial: "Uwaga:" under a key-figure table was refused (only "Note:"
    was read), so every edition printed an English "Note:" beside "Źródło:"; "Tabela:" before a table was
    printed as a paragraph, the table left without a caption; and the labels were English."""
    bulletin = _in(
        "pl",
        "# Handel\n\n::: stats\nEksport\n\n| Rok | Mld zł |\n|:--|--:|\n| 2025 | 12,4 |\n\n"
        "Uwaga: dane wstępne.\n\nŹródło: GUS.\n:::\n\nTabela: Porty\n\n| Port | Statki |\n|---|---|\n| Gdańsk | 12 |\n",
    )
    stats, table = bulletin.sections[0].blocks
    assert isinstance(stats, StatsTable) and isinstance(table, Table)
    assert [plain_text(note) for note in stats.notes] == ["Uwaga: dane wstępne."]
    assert plain_text(table.caption) == "Porty"
    text = briefexport.render(bulletin, "text", "plain").decode()
    for word in ("Spis treści", "Źródło: GUS.", "Uwaga: dane wstępne.", "Wydawca"):
        assert word in text
    assert not re.search(r"\b(Contents|Source|Note|Table|Published by)\b", text)
