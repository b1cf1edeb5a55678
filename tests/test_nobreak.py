"""Where a line may not break: inside dates, between figures and units, in phone numbers."""

from __future__ import annotations

import pytest

from briefexport.renderers.nobreak import keep_together, phone

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "text", "kept"),
    [
        ("en", "held on February 7, 2024 across", f"held on February{NBSP}7, 2024 across"),
        ("en", "on 26 February and Feb 27", f"on 26{NBSP}February and Feb{NBSP}27"),
        ("de", "am 26. Februar 1992", f"am 26.{NBSP}Februar 1992"),
        ("fr", "le 26 février", f"le 26{NBSP}février"),
        ("fr", "Le 1er janvier 2025", f"Le 1er{NBSP}janvier 2025"),  # a French trial: "Le 1er" / "janvier"
        ("en", "on February 1st the", f"on February{NBSP}1st the"),
        # a currency after a scale word (a French trial: "12 millions" / "€" in the PDF)
        ("fr", "a atteint 12 millions € cette année", f"a atteint 12{NBSP}millions{NBSP}€ cette année"),
        ("fr", "5 milliards USD", f"5{NBSP}milliards{NBSP}USD"),
        ("en", "5,000 megawatts and 120,000 hectares", f"5,000{NBSP}megawatts and 120,000{NBSP}hectares"),
        ("en", "30 % of 2 million", f"30{NBSP}% of 2{NBSP}million"),
        ("en", "USD 5 billion", f"USD{NBSP}5{NBSP}billion"),
        ("de", "Indexwert von 1 234,5 Punkten", f"Indexwert von 1{NBSP}234,5 Punkten"),
        ("fr", "soit 12 345 678 euros", f"soit 12{NBSP}345{NBSP}678{NBSP}euros"),
        ("en", "call +44 20 7946 0388 today", f"call +44{NBSP}20{NBSP}7946{NBSP}0388 today"),
        ("en", "or (+994 12) 596-82-41.", f"or (+994{NBSP}12){NBSP}596-82-41."),
        # a trial's North American numbers broke after their area code
        ("en", "call (902) 555-0142 or +1 902 555-0199", f"call (902){NBSP}555-0142 or +1{NBSP}902{NBSP}555-0199"),
        ("en", "the report (2024) 15 countries signed", "the report (2024) 15 countries signed"),
        ("en", "call +7 495 123 45 67", f"call +7{NBSP}495{NBSP}123{NBSP}45{NBSP}67"),  # no group taken first
        ("en", "+1 212 555 0100", f"+1{NBSP}212{NBSP}555{NBSP}0100"),
        # A typesetter's trial: figures and units parted at a line's end in Russian, German and Azerbaijani.
        ("ru", "достиг 11,8 млрд и 1000 мегаватт", f"достиг 11,8{NBSP}млрд и{NBSP}1000{NBSP}мегаватт"),
        ("ru", "57 913,6 млн долларов", f"57{NBSP}913,6{NBSP}млн{NBSP}долларов"),
        # A print editor's trial: "60 Mrd. | Euro" and "0,05 | Cent" at lines' ends; a stem's longer word is no unit.
        ("de", "von 60 Mrd. Euro und 0,05 Cent", f"von 60{NBSP}Mrd.{NBSP}Euro und 0,05{NBSP}Cent"),
        ("de", "5,8 Mrd. € und 3 Mio. Tonnen", f"5,8{NBSP}Mrd.{NBSP}€ und 3{NBSP}Mio.{NBSP}Tonnen"),
        ("de", "2 Mrd. Europäer", f"2{NBSP}Mrd. Europäer"),
        ("de", "rund 3,5 Milliarden Euro, 1000 Megawatt", f"rund 3,5{NBSP}Milliarden Euro, 1000{NBSP}Megawatt"),
        ("az", "7,5 milyard dolları, 230 meqavatlıq", f"7,5{NBSP}milyard dolları, 230{NBSP}meqavatlıq"),
        ("az", "səslərin 92,12 faizini", f"səslərin 92,12{NBSP}faizini"),  # an Azerbaijani editor's "percent"
        # A Russian editor's trial: "230 / МВт", "1990-х / гг." and "2024 / г." at lines' ends.
        ("ru", "мощностью 230 МВт, длиной 1 250 км", f"мощностью 230{NBSP}МВт, длиной 1{NBSP}250{NBSP}км"),
        (
            "ru",
            "в 1990-х гг., в XXI в., 15 мая 2024 г.",
            f"в{NBSP}1990-х{NBSP}гг., в{NBSP}XXI{NBSP}в., 15{NBSP}мая 2024{NBSP}г.",
        ),
        ("ru", "50 кв. м в ХХI в.", f"50{NBSP}кв.{NBSP}м в{NBSP}ХХI{NBSP}в."),
        ("ru", "11,8 млрд куб. м, т. е. и т. д.", f"11,8{NBSP}млрд{NBSP}куб.{NBSP}м, т.{NBSP}е. и{NBSP}т.{NBSP}д."),
        # A German editor's trial: "z." / "B.", "S." / "12", "§ 3 Art." / "109" and "Rn." / "123" at lines' ends.
        ("de", "z. B. und d. h., i. d. R.", f"z.{NBSP}B. und d.{NBSP}h., i.{NBSP}d.{NBSP}R."),
        (
            "de",
            "nach § 3 Abs. 2, Art. 109, Rn. 123, S. 12",
            f"nach §{NBSP}3 Abs.{NBSP}2, Art.{NBSP}109, Rn.{NBSP}123, S.{NBSP}12",
        ),
        ("en", "Mr. Mirzoyan and A. B. Smith, p. 12", f"Mr.{NBSP}Mirzoyan and A.{NBSP}B. Smith, p.{NBSP}12"),
        # Russian (and Czech, Polish...) never ends a line with a one-letter word, nor begins one with a dash.
        ("ru", "Южный Кавказ с Румынией", f"Южный Кавказ с{NBSP}Румынией"),
        ("ru", "с Турцией — партнёр", f"с{NBSP}Турцией{NBSP}— партнёр"),
        ("ru-RU", "В Баку и Тбилиси", f"В{NBSP}Баку и{NBSP}Тбилиси"),
        ("cs", "v Praze a s Brnem", f"v{NBSP}Praze a{NBSP}s{NBSP}Brnem"),
        # An Azerbaijani and Russian editor's trial: "№" / "5", "ст." / "12", "mln." / "manat", "1 234 567" /
        # "ton" and "г." / "Баку" at lines' ends.
        ("ru", "Приказ № 5, ст. 12, п. 4, рис. 2", f"Приказ №{NBSP}5, ст.{NBSP}12, п.{NBSP}4, рис.{NBSP}2"),
        ("ru", "Закон № 5 принят", f"Закон №{NBSP}5 принят"),  # with no full stop in the text (a review)
        # A Polish trial: "5,8 mld" / "zł", "nr" / "5", "XXI" / "w." at lines' ends
        ("pl", "o wartości 5,8 mld zł; nr 5", f"o{NBSP}wartości 5,8{NBSP}mld{NBSP}zł; nr{NBSP}5"),
        ("pl", "art. 12 ust. 2 pkt 3 w XXI w.", f"art.{NBSP}12 ust.{NBSP}2 pkt{NBSP}3 w{NBSP}XXI{NBSP}w."),
        ("ru", "в г. Баку, ул. Низами", f"в{NBSP}г.{NBSP}Баку, ул.{NBSP}Низами"),
        ("az", "Qərar № 5: 12,5 mln. manat", f"Qərar №{NBSP}5: 12,5{NBSP}mln.{NBSP}manat"),
        ("az", "5,8 mlrd. manat, 1 234 567 ton", f"5,8{NBSP}mlrd.{NBSP}manat, 1{NBSP}234{NBSP}567{NBSP}ton"),
        # A German editor's trial: "−3,2" / "Prozentpunkte", "im 3." / "Quartal", a caption's "(Mrd." / "€)".
        ("de", "um −3,2 Prozentpunkte im 3. Quartal", f"um −3,2{NBSP}Prozentpunkte im 3.{NBSP}Quartal"),
        ("de", "Ausgaben 2020–2024 (Mrd. €)", f"Ausgaben 2020–2024 (Mrd.{NBSP}€)"),
        # A statistician's trial: "−3.2" / "pp", "5.8" / "bn", "€" / "1,234.5", "12,5" / "Md€" at lines' ends.
        (
            "en",
            "by −3.2 pp and 25 bp, 5.8 bn, € 1,234.5, $ 12 or 3 × as much",
            f"by −3.2{NBSP}pp and 25{NBSP}bp, 5.8{NBSP}bn, €{NBSP}1,234.5, ${NBSP}12 or 3{NBSP}× as much",
        ),
        ("en", "up 3.2 percentage points", f"up 3.2{NBSP}percentage points"),
        ("de", "kostet 5 € pro Monat", f"kostet 5{NBSP}€ pro Monat"),
        # between two figures a symbol may belong to either: kept with neither (reviews)
        ("de", "von 5 € 2023 auf 7 € 2024", "von 5 € 2023 auf 7 € 2024"),
        ("en", "In 2023 € 5 billion", f"In 2023 € 5{NBSP}billion"),
        ("en", "a fall to € –5 million", f"a fall to €{NBSP}–5{NBSP}million"),  # an en dash for a minus
        ("en", "a fall of USD –5 billion", f"a fall of USD{NBSP}–5{NBSP}billion"),
        (
            "fr",
            "soit 12,5 Md€, 1 234,5 M€, 3,2 points et 12,5 Md €",
            f"soit 12,5{NBSP}Md€, 1{NBSP}234,5{NBSP}M€, 3,2{NBSP}points et 12,5{NBSP}Md{NBSP}€",
        ),
    ],
)
def test_the_words_that_belong_together_are_joined_by_a_no_break_space(language, text, kept):
    assert keep_together(text, language) == kept


@pytest.mark.parametrize(
    "text",
    [
        "3 months later",  # "m" is a unit only as a word of its own
        "the 2024 presidential election",
        "May the court decide",  # a month's name not beside a day
        "in March 2024",  # a year is no day of the month
        "Section 14 of the act",
        "a talk — and a dash",  # one-letter words and dashes are kept only where the language asks it
        "the 2024 European elections",  # a unit's stem (Euro) begins a longer word
        "a plan a. It is the OTS. While",  # a sentence's end is no abbreviation
    ],
)
def test_other_spaces_are_left_as_they_are(text):
    assert keep_together(text, "en") == text


def test_a_one_letter_word_ends_a_line_where_the_language_allows_it():
    assert keep_together("Kavkaz a Rumıniya — dostlar", "az") == "Kavkaz a Rumıniya — dostlar"


def test_joining_twice_changes_nothing():
    once = keep_together("on February 14, 5,000 megawatts", "en")
    assert keep_together(once, "en") == once


def test_a_phone_number_keeps_its_spaces():
    assert phone("(+994 12) 596-82-41") == f"(+994{NBSP}12){NBSP}596-82-41"
