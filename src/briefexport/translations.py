"""The built-in styles' words, and the source format's keywords, in the languages bulletins are written in.

A brand's own style says its labels in its own words. The built-in styles (plain, aircenter) say
theirs in English, and a bulletin in Russian printed "CONTENTS", "Source:" and "page 2 of 5": their
words are translated here into the bulletin's language (its primary subtag) when the catalogue has
it, and a word that comes from a brand's own file is never touched (styles.Style.in_language). The
keywords an editor types in a source ("Source:", "Note:", "Credit:", "Table:") are read in the
bulletin's language too, besides English. Each template keeps its fields ({page}, {pages}).
"""

from __future__ import annotations

import re
from functools import lru_cache

# English, as the built-in styles and the source format write it -> the same in each language.
CATALOGUE: dict[str, dict[str, str]] = {
    "ar": {
        "Contents": "المحتويات",
        "Introduction": "مقدمة",
        "In this issue": "في هذا العدد",
        "Source": "المصدر",
        "Sources": "المصادر",
        "Note": "ملاحظة",
        "Notes": "ملاحظات",
        "Credit": "تصوير",
        "Table": "جدول",
        "Published by": "الناشر",
        "All rights reserved.": "جميع الحقوق محفوظة.",
        "page {page} of {pages}": "صفحة {page} من {pages}",
        "The full issue is attached.": "العدد الكامل مرفق.",
        "Unsubscribe": "إلغاء الاشتراك",
        "Guide": "دليل",
        "Back to the text, note {number}": "العودة إلى النص، الملاحظة {number}",
        "Note {number}": "الملاحظة {number}",  # a note reference's link, as read out
    },
    "az": {
        "Contents": "Mündəricat",
        "Introduction": "Giriş",
        "In this issue": "Bu buraxılışda",
        "Source": "Mənbə",
        "Sources": "Mənbələr",
        "Note": "Qeyd",
        "Notes": "Qeydlər",
        "Credit": "Foto",
        "Table": "Cədvəl",
        "Published by": "Nəşr edən",
        "All rights reserved.": "Bütün hüquqlar qorunur.",
        "page {page} of {pages}": "səhifə {page} / {pages}",
        "The full issue is attached.": "Buraxılışın tam mətni əlavə olunub.",
        "Unsubscribe": "Abunəlikdən çıx",
        "Guide": "Bələdçi",
        "Back to the text, note {number}": "Mətnə qayıt, qeyd {number}",  # a note's link back, as read out
        "Note {number}": "Qeyd {number}",
    },
    "de": {
        "n/a": "k. A.",  # a figure column's cell with no figure
        "Contents": "Inhalt",
        "Introduction": "Einleitung",
        "In this issue": "In dieser Ausgabe",
        "Source": "Quelle",
        "Sources": "Quellen",
        "Note": "Anmerkung",
        "Notes": "Anmerkungen",
        "Credit": "Foto",
        "Table": "Tabelle",
        "Published by": "Herausgeber",
        "All rights reserved.": "Alle Rechte vorbehalten.",
        "page {page} of {pages}": "Seite {page} von {pages}",
        "The full issue is attached.": "Die vollständige Ausgabe ist angehängt.",
        "Unsubscribe": "Abbestellen",
        "Guide": "Orientierung",
        "Back to the text, note {number}": "Zurück zum Text, Anmerkung {number}",
        "Note {number}": "Anmerkung {number}",
    },
    "es": {
        "n/a": "n.d.",  # a figure column's cell with no figure
        "Contents": "Índice",
        "Introduction": "Introducción",
        "In this issue": "En este número",
        "Source": "Fuente",
        "Sources": "Fuentes",
        "Note": "Nota",
        "Notes": "Notas",
        "Credit": "Foto",
        "Table": "Tabla",
        "Published by": "Publicado por",
        "All rights reserved.": "Todos los derechos reservados.",
        "page {page} of {pages}": "página {page} de {pages}",
        "The full issue is attached.": "El número completo va adjunto.",
        "Unsubscribe": "Darse de baja",
        "Guide": "Guía",
        "Back to the text, note {number}": "Volver al texto, nota {number}",
        "Note {number}": "Nota {number}",
    },
    "fr": {
        "n/a": "n.d.",  # a figure column's cell with no figure
        "Contents": "Sommaire",
        "Introduction": "Introduction",
        "In this issue": "Dans ce numéro",
        "Source": "Source",
        "Sources": "Sources",
        "Note": "Note",
        "Notes": "Notes",
        "Credit": "Crédit",
        "Table": "Tableau",
        "Published by": "Publié par",
        "All rights reserved.": "Tous droits réservés.",
        "page {page} of {pages}": "page {page} sur {pages}",
        "The full issue is attached.": "Le numéro complet est joint.",
        "Unsubscribe": "Se désabonner",
        "Guide": "Repères",
        "Back to the text, note {number}": "Retour au texte, note {number}",
        "Note {number}": "Note {number}",
    },
    "pl": {
        "n/a": "b.d.",  # brak danych: a figure column's cell with no figure
        "Contents": "Spis treści",
        "Introduction": "Wprowadzenie",
        "In this issue": "W tym numerze",
        "Source": "Źródło",
        "Sources": "Źródła",
        "Note": "Uwaga",
        "Notes": "Uwagi",
        "Credit": "Zdjęcie",
        "Table": "Tabela",
        "Published by": "Wydawca",
        "All rights reserved.": "Wszelkie prawa zastrzeżone.",
        "page {page} of {pages}": "strona {page} z {pages}",
        "The full issue is attached.": "Pełne wydanie w załączniku.",
        "Unsubscribe": "Wypisz się",
        "Guide": "Nawigacja",
        "Back to the text, note {number}": "Powrót do tekstu, przypis {number}",
        "Note {number}": "Przypis {number}",
    },
    "ru": {
        "n/a": "н/д",  # a figure column's cell with no figure
        "Contents": "Содержание",
        "Introduction": "Введение",
        "In this issue": "В этом выпуске",
        "Source": "Источник",
        "Sources": "Источники",
        "Note": "Примечание",
        "Notes": "Примечания",
        "Credit": "Фото",
        "Table": "Таблица",
        "Published by": "Издатель",
        "All rights reserved.": "Все права защищены.",
        "page {page} of {pages}": "стр. {page} из {pages}",
        "The full issue is attached.": "Полный выпуск — во вложении.",
        "Unsubscribe": "Отписаться",
        "Guide": "Навигация",
        "Back to the text, note {number}": "Назад к тексту, примечание {number}",
        "Note {number}": "Примечание {number}",
    },
    "tr": {
        "Contents": "İçindekiler",
        "Introduction": "Giriş",
        "In this issue": "Bu sayıda",
        "Source": "Kaynak",
        "Sources": "Kaynaklar",
        "Note": "Not",
        "Notes": "Notlar",
        "Credit": "Fotoğraf",
        "Table": "Tablo",
        "Published by": "Yayımlayan",
        "All rights reserved.": "Tüm hakları saklıdır.",
        "page {page} of {pages}": "sayfa {page} / {pages}",
        "The full issue is attached.": "Sayının tamamı ektedir.",
        "Unsubscribe": "Abonelikten çık",
        "Guide": "Rehber",
        "Back to the text, note {number}": "Metne dön, not {number}",
        "Note {number}": "Not {number}",
    },
}

# The EPUB's accessibility summaries (labels.accessibility_summary and _pictures), whole: a reading system
# reads them to its reader in the book's language.
_SUMMARY = (
    "Text, with no audio or video; the only pictures, the cover and any logo, repeat what the cover page says in text. "
)
_SUMMARY_PICTURES = (
    "Text and pictures, with no audio or video; every picture in the text has alt text saying what it shows, "
    "and the cover and any logo repeat what the cover page says in text. "
)
_STRUCTURE = (
    "Every section has a heading, the table of contents links each one, quotations are marked up as such, and "
    "statistics tables have captions and header cells. The reading order is the order of the printed bulletin."
)
_SUMMARIES = {
    "ar": (
        "نص، بلا صوت ولا فيديو؛ الصور الوحيدة، الغلاف والشعار إن وُجد، تكرر ما تقوله صفحة العنوان نصًا. ",
        "نص وصور، بلا صوت ولا فيديو؛ لكل صورة في النص نص بديل يقول ما تُظهره، والغلاف والشعار إن وُجد يكرران "
        "ما تقوله صفحة العنوان نصًا. ",
        "لكل قسم عنوان، ويربط جدول المحتويات كل قسم، والاقتباسات موسومة بوصفها اقتباسات، ولجداول الإحصاءات "
        "تسميات توضيحية وخلايا عناوين. ترتيب القراءة هو ترتيب النشرة المطبوعة.",
    ),
    "az": (
        "Mətn, audio və video yoxdur; yeganə şəkillər, üz qabığı və varsa loqo, titul səhifəsinin mətnlə dediyini "
        "təkrarlayır. ",
        "Mətn və şəkillər, audio və video yoxdur; mətndəki hər şəklin nəyi göstərdiyini deyən alternativ mətni "
        "var, üz qabığı və varsa loqo isə titul səhifəsinin mətnlə dediyini təkrarlayır. ",
        "Hər bölmənin başlığı var, mündəricat hər birinə keçid verir, sitatlar sitat kimi işarələnib, statistik "
        "cədvəllərin başlıqları və başlıq xanaları var. Oxu ardıcıllığı çap olunmuş bülletenin ardıcıllığıdır.",
    ),
    "de": (
        "Text, ohne Audio oder Video; die einzigen Bilder, der Umschlag und ein etwaiges Logo, wiederholen, was die "
        "Titelseite im Text sagt. ",
        "Text und Bilder, ohne Audio oder Video; jedes Bild im Text hat einen Alternativtext, der sagt, was es "
        "zeigt, und der Umschlag und ein etwaiges Logo wiederholen, was die Titelseite im Text sagt. ",
        "Jeder Abschnitt hat eine Überschrift, das Inhaltsverzeichnis verlinkt jeden, Zitate sind als solche "
        "ausgezeichnet, und Statistiktabellen haben Beschriftungen und Kopfzellen. Die Lesereihenfolge ist die "
        "des gedruckten Bulletins.",
    ),
    "es": (
        "Texto, sin audio ni vídeo; las únicas imágenes, la portada y el logotipo si lo hay, repiten lo que la portada "
        "dice en texto. ",
        "Texto e imágenes, sin audio ni vídeo; cada imagen del texto tiene un texto alternativo que dice lo que "
        "muestra, y la portada y el logotipo si lo hay repiten lo que la portada dice en texto. ",
        "Cada sección tiene un título, el índice enlaza cada una, las citas están marcadas como tales y las "
        "tablas estadísticas tienen leyendas y celdas de encabezado. El orden de lectura es el del boletín "
        "impreso.",
    ),
    "fr": (
        "Texte, sans audio ni vidéo ; les seules images, la couverture et un éventuel logo, reprennent ce que "
        "la page de titre dit en texte. ",
        "Texte et images, sans audio ni vidéo ; chaque image du texte a un texte de remplacement qui dit ce "
        "qu’elle montre, et la couverture et un éventuel logo reprennent ce que la page de titre dit en texte. ",
        "Chaque section a un titre, la table des matières renvoie à chacune, les citations sont balisées comme "
        "telles et les tableaux statistiques ont des légendes et des cellules d’en-tête. L’ordre de lecture est "
        "celui du bulletin imprimé.",
    ),
    "pl": (
        "Tekst, bez dźwięku i wideo; jedyne obrazy, okładka i ewentualne logo, powtarzają to, co strona tytułowa "
        "mówi tekstem. ",
        "Tekst i obrazy, bez dźwięku i wideo; każdy obraz w tekście ma tekst alternatywny mówiący, co przedstawia, "
        "a okładka i ewentualne logo powtarzają to, co strona tytułowa mówi tekstem. ",
        "Każda sekcja ma nagłówek, spis treści prowadzi do każdej z nich, cytaty są oznaczone jako cytaty, a tabele "
        "statystyczne mają podpisy i komórki nagłówków. Kolejność czytania jest kolejnością drukowanego biuletynu.",
    ),
    "ru": (
        "Текст, без аудио и видео; единственные изображения, обложка и логотип, если он есть, повторяют то, "
        "что титульная страница говорит текстом. ",
        "Текст и изображения, без аудио и видео; у каждого изображения в тексте есть альтернативный текст, "
        "говорящий, что на нём, а обложка и логотип, если он есть, повторяют то, что титульная страница "
        "говорит текстом. ",
        "У каждого раздела есть заголовок, оглавление ссылается на каждый из них, цитаты размечены как цитаты, "
        "у статистических таблиц есть подписи и ячейки заголовков. Порядок чтения — порядок печатного "
        "бюллетеня.",
    ),
    "tr": (
        "Metin; ses veya video yok. Tek resimler olan kapak ve varsa logo, kapak sayfasının metin olarak söylediğini "
        "tekrarlar. ",
        "Metin ve resimler; ses veya video yok. Metindeki her resmin ne gösterdiğini söyleyen bir alternatif "
        "metni vardır; kapak ve varsa logo, kapak sayfasının metin olarak söylediğini tekrarlar. ",
        "Her bölümün bir başlığı vardır, içindekiler her birine bağlantı verir, alıntılar alıntı olarak "
        "işaretlenmiştir, istatistik tablolarının açıklamaları ve başlık hücreleri vardır. Okuma sırası, basılı "
        "bültenin sırasıdır.",
    ),
}
for _language, (_plain, _pictures, _structure) in _SUMMARIES.items():
    CATALOGUE[_language][_SUMMARY + _STRUCTURE] = _plain + _structure
    CATALOGUE[_language][_SUMMARY_PICTURES + _STRUCTURE] = _pictures + _structure


def primary_subtag(language: str) -> str:
    """A language tag's language, lower-case: "ru" of "ru-RU", "az" of "az-Latn-AZ"."""
    return language.split("-")[0].lower()


def script_and_region(language: str) -> tuple[str | None, str | None]:
    """A language tag's script ("Cyrl" of "az-Cyrl-AZ") and region ("CH" of "de-CH"), as BCP 47 writes them,
    or None for either it does not name."""
    parts = language.split("-")[1:]
    script = next((part.title() for part in parts if len(part) == 4 and part.isalpha()), None)
    region = next((part.upper() for part in parts if len(part) == 2 and part.isalpha()), None)
    return script, region


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    """Every built-in English phrase the catalogue translates (its tables' keys)."""
    return frozenset(key for table in CATALOGUE.values() for key in table)


# The script each catalogue's table is written in, where it is not Latin: a tag that names another script
# ("az-Cyrl", Azerbaijani in Cyrillic) has no table, and its labels stay English, marked so.
_SCRIPTS = {"ar": "Arab", "ru": "Cyrl"}


@lru_cache(maxsize=64)
def _table(language: str) -> dict[str, str]:
    """The catalogue's table for `language`: its language's, unless the tag names a script the table is not
    written in (a trial's az-Cyrl bulletin got Latin-script Azerbaijani labels), or a region that writes
    the language in another (az-IR, Azerbaijani in Arabic script, as CLDR's likely subtags say); else none."""
    primary = primary_subtag(language)
    table = CATALOGUE.get(primary, {})
    script, region = script_and_region(language)
    if table and script is None and region is not None:
        from babel.core import get_global  # CLDR's data, read only for a tag with a region

        likely = get_global("likely_subtags").get(f"{primary}_{region}", "")
        script = next((part for part in likely.split("_")[1:] if len(part) == 4), None)
    return {} if script is not None and script != _SCRIPTS.get(primary, "Latn") else table


def left_in_english(text: str, language: str) -> str | None:
    """ "en" when `text` is a built-in English phrase an edition in `language` says in English (the catalogue
    has no translation into it), for a lang="en" on it: a Polish screen-reader voice read "Back to the
    text" as Polish. None otherwise. By the text alone: a style's label is asked through Style.in_english,
    which knows whether the words are a built-in style's or a brand's own ("Note" is Italian too)."""
    primary = primary_subtag(language)
    if primary == "en" or text not in _english() or text in _table(language):
        return None
    return "en"


def translate(text: str, language: str) -> str:
    """`text` (English, as a built-in style or the source format says it) in `language`, or as it is
    when the catalogue has no translation of it."""
    return _table(language).get(text, text)


@lru_cache(maxsize=256)  # asked for every paragraph of a source
def keywords(words: tuple[str, ...], language: str) -> tuple[str, ...]:
    """A source's keywords, each followed by its colon ("Source:"), in English and in `language`: in the
    catalogue's words for it, whatever script the tag names (an az-Cyrl source may write "Mənbə:", as
    its az ones do; its labels, printed, stay English: _table)."""
    table = CATALOGUE.get(primary_subtag(language), {})
    found = [f"{word}:" for word in words]
    found += [f"{table.get(word, word)}:" for word in words]
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=256)
def keyword_at_start(words: tuple[str, ...], language: str) -> re.Pattern[str]:
    """Any of `keywords` at a text's start, the space French puts before a colon allowed ("Source :")."""
    either = "|".join(re.escape(keyword[:-1]) for keyword in keywords(words, language))
    return re.compile(f"(?:{either})[ \u00a0\u202f]?:")
