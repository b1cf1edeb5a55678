"""A figure as written is read into its parts: value (times its scale), unit, currency, range and qualifier."""

from __future__ import annotations

import pytest

from briefexport.model import NumberCell
from briefexport.rules import (
    FIGURE_FORMS,
    LANGUAGE_RULE,
    NO_FIGURE,
    figure_digits,
    language_complaint,
    parse_number,
    right_to_left,
    unsubscribe_complaint,
)

ACCEPTED = [
    ("92.12%", NumberCell(92.12, "92.12%", "%")),
    ("90,272", NumberCell(90272.0, "90,272")),
    ("1 000", NumberCell(1000.0, "1 000")),
    ("1\u202f000\u202f000", NumberCell(1e6, "1\u202f000\u202f000")),
    (".5", NumberCell(0.5, ".5")),
    ("+18.8%", NumberCell(18.8, "+18.8%", "%")),
    ("-2.85", NumberCell(-2.85, "-2.85")),
    ("−2.85", NumberCell(-2.85, "−2.85")),
    ("–2.85", NumberCell(-2.85, "–2.85")),  # an en dash typed for a minus
    ("–$5.8 billion", NumberCell(-5.8e9, "–$5.8 billion", currency="$")),
    ("$5.8 billion", NumberCell(5.8e9, "$5.8 billion", currency="$")),
    ("USD 5.8 billion", NumberCell(5.8e9, "USD 5.8 billion", currency="USD")),
    ("5.8 billion USD", NumberCell(5.8e9, "5.8 billion USD", currency="USD")),
    ("AZN 1.2 billion", NumberCell(1.2e9, "AZN 1.2 billion", currency="AZN")),
    ("12 million €", NumberCell(12e6, "12 million €", currency="€")),
    ("5.8 Mrd. €", NumberCell(5.8, "5.8 Mrd. €", unit="Mrd.", currency="€")),  # after a scale word of its language
    ("€12 million", NumberCell(12e6, "€12 million", currency="€")),
    ("£3 thousand", NumberCell(3000.0, "£3 thousand", currency="£")),
    ("¥2 trillion", NumberCell(2e12, "¥2 trillion", currency="¥")),
    ("₼1.5bn", NumberCell(1.5e9, "₼1.5bn", currency="₼")),
    ("₺40 mn", NumberCell(40e6, "₺40 mn", currency="₺")),
    ("₽7m", NumberCell(7e6, "₽7m", currency="₽")),
    ("₹9", NumberCell(9.0, "₹9", currency="₹")),
    ("-$5.8 billion", NumberCell(-5.8e9, "-$5.8 billion", currency="$")),
    ("9,696,000,000", NumberCell(9.696e9, "9,696,000,000")),
    ("3–5 bcm", NumberCell(3.0, "3–5 bcm", "bcm", high=5.0)),
    ("3-5%", NumberCell(3.0, "3-5%", "%", high=5.0)),
    ("$3–5 billion", NumberCell(3e9, "$3–5 billion", currency="$", high=5e9)),
    ("~200", NumberCell(200.0, "~200", qualifier="~")),
    ("≈200", NumberCell(200.0, "≈200", qualifier="≈")),
    ("<5", NumberCell(5.0, "<5", qualifier="<")),
    (">50", NumberCell(50.0, ">50", qualifier=">")),
    ("≤5%", NumberCell(5.0, "≤5%", "%", qualifier="≤")),
    ("≥ 5", NumberCell(5.0, "≥ 5", qualifier="≥")),
    ("50+", NumberCell(50.0, "50+", qualifier="+")),
    ("1,000 MW", NumberCell(1000.0, "1,000 MW", "MW")),
    ("5,000 megawatts", NumberCell(5000.0, "5,000 megawatts", "megawatts")),
    ("100 m", NumberCell(100.0, "100 m", "m")),  # metres: "m" is a scale only after a currency
    ("2 million tonnes", NumberCell(2e6, "2 million tonnes", "tonnes")),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_every_accepted_form_is_read_into_its_parts(text, expected):
    assert parse_number(text) == expected


def test_a_figure_and_its_full_number_are_the_same_value():
    """The CSV plugin's complaint: 9,696,000,000 and 9.696 billion USD must compare."""
    assert parse_number("9.696 billion USD").value == parse_number("9,696,000,000").value


@pytest.mark.parametrize(
    "text",
    [
        *("about 92", "USD5", "-$-5", "$5 USD", "~50+", "12,34", "9.21e1%", "February 26, 1992", "n/a", "1,00", "--5"),
        # one sign, one currency, whichever minus is typed (a review: the en dash was missed here)
        *("–$–5", "€0.12/kWh–€−0.15/kWh", "€0.12/kWh–€–0.15/kWh"),
    ],
)
def test_what_is_not_a_figure_is_refused(text):
    assert parse_number(text) is None


def test_the_refusal_names_every_accepted_form_with_an_example():
    for example in ("92.12%", "1 000", ".5", "+18.8%", "−2.85", "$5.8 billion", "USD 5.8 billion", "5.8 billion USD"):
        assert example in FIGURE_FORMS
    for example in (
        "12 million €",
        "1,000 MW",
        "47 €/MWh",
        "€0.12/kWh",
        "3–5 bcm",
        "3-5%",
        "~200",
        "≈200",
        "<5",
        ">50",
        "≤5",
        "≥5",
        "50+",
    ):
        assert example in FIGURE_FORMS
    for word in ("thousand", "million", "billion", "trillion", "bn", "mn", "n/a", "empty cell"):
        assert word in FIGURE_FORMS
    assert all(symbol in FIGURE_FORMS for symbol in "$€£¥₼₺₽₹")


def test_cells_without_a_figure():
    assert set(NO_FIGURE) == {"", "—", "–", "-", "n/a"}


def test_digits_are_counted_per_number():
    assert figure_digits("1,000 MW") == 4
    assert figure_digits("$5.8 billion") == 2
    assert figure_digits("3–5 bcm") == 1


@pytest.mark.parametrize(
    "tag",
    ["en", "en-GB", "az-Latn", "sr-Latn-RS", "zh-Hant-TW", "es-419", "de-CH-1996", "crh", "cnr", "prs", "qaa", "cmn"],
)
def test_language_tags_of_known_languages_scripts_and_regions_are_taken(tag):
    assert language_complaint(tag) is None


@pytest.mark.parametrize(
    ("tag", "complaint"),
    [
        ("en-UK", "'en-UK' names region 'UK', which is no country code (ISO 3166); did you mean 'en-GB'?"),
        ("uk-UK", "did you mean 'uk-UA'?"),
        ("fr-XY", "'fr-XY' names region 'XY', which is no country code (ISO 3166)"),
        ("xx", "'xx' names language 'xx', which is no language code (ISO 639) such as en, az or ru"),
        ("az-Latx", "'az-Latx' names script 'Latx', which is no script code (ISO 15924)"),
        ("English", LANGUAGE_RULE),
        ("en_GB", f"{LANGUAGE_RULE}; did you mean 'en-GB'?"),
        ("RU", "did you mean 'ru'?"),
        ("xx_YY", LANGUAGE_RULE),  # no suggestion of a tag that names nothing
        ("AZ-latn-az", "did you mean 'az-Latn-AZ'?"),
        ("aze", "'aze' is written 'az' in BCP 47 (its two-letter code)"),
        ("rus-RU", "'rus-RU' is written 'ru-RU'"),
        # library catalogues' bibliographic codes: an editor's {lang=ger} went into every edition as written
        ("ger", "'ger' is written 'de' in BCP 47"),
        ("per", "'per' is written 'fa' in BCP 47"),
        ("dut-NL", "'dut-NL' is written 'nl-NL'"),
        ("cze", "'cze' is written 'cs'"),
        ("azz", "'azz' names language 'azz', of which CLDR knows no dates, figures or labels; did you mean 'az'?"),
        ("enn-GB", "did you mean 'en-GB'?"),
    ],
)
def test_a_language_tag_naming_no_language_script_or_region_is_refused(tag, complaint):
    """A British editor's "en-UK" was taken, and every edition came out American: a reader reads an
    unknown region as none."""
    found = language_complaint(tag)
    assert found is not None and complaint in found


@pytest.mark.parametrize("tag", ["cmn", "zsm", "pes"])
def test_a_language_of_a_macrolanguage_is_a_tag_of_its_own(tag):
    assert language_complaint(tag) is None


@pytest.mark.parametrize(
    ("tag", "rtl"),
    [
        ("ar", True),
        ("fa-IR", True),
        ("he", True),
        ("az-Arab", True),
        ("ug-Latn", False),
        # CLDR's likely script: a trial's Moroccan Arabic and Punjabi-in-Pakistan passages were set left to right
        ("ary", True),
        ("apc", True),
        ("pa-PK", True),
        ("pa", False),
        ("az-IR", True),
        ("az", False),
        ("uz-AF", True),
        ("sd-IN", False),
        ("arc", True),
        ("en-GB", False),
        ("ru", False),
    ],
)
def test_a_passage_is_right_to_left_when_its_script_is(tag, rtl):
    assert right_to_left(tag) is rtl


@pytest.mark.parametrize(
    ("written", "language", "value", "unit", "currency"),
    [
        ("1 234.5 млн", "ru", 1.2345e9, None, None),
        ("$1.2 млрд", "ru", 1.2e9, None, "$"),
        ("5.8 Mrd. €", "de", 5.8e9, None, "€"),
        ("12 Tausend", "de", 12e3, None, None),
        ("3 mlrd", "az", 3e9, None, None),
        ("5.8 Mrd. €", "en", 5.8, "Mrd.", "€"),  # in an English bulletin a unit, as before
        ("7 mil", "es", 7e3, None, None),
        # CLDR's French "Md" and "M" (a French trial: stored as units, the value a thousand-millionth of it);
        # a scale of one letter only beside a currency, as English "m" ("100 m" is a hundred metres)
        ("5.8 Md €", "fr", 5.8e9, None, "€"),
        ("12 M €", "fr", 12e6, None, "€"),
        ("12 M", "fr", 12, "M", None),
        ("5 t.", "fi", 5, "t.", None),  # one letter and its full stop: no scale either (a review)
        ("5 Mn", "tr", 5e6, None, None),
        # with a full stop, as abbreviations are written (an Azerbaijani editor's trial: 5.8, unit "mlrd. manat")
        ("5.8 mlrd. manat", "az", 5.8e9, "manat", None),
        ("12.5 mln. manat", "az", 12.5e6, "manat", None),
        ("5.8 млрд. руб.", "ru", 5.8e9, "руб.", None),
    ],
)
def test_a_scale_word_of_the_bulletins_language_scales_the_figure(written, language, value, unit, currency):
    """Russian 'млн' and German 'Mrd.' were kept as units: the figure's value was a thousand-millionth of it."""
    cell = parse_number(written, language)
    assert cell is not None
    assert (cell.value, cell.unit, cell.currency) == (pytest.approx(value), unit, currency)


def test_an_unsubscribe_link_longer_than_its_header_line_may_hold_is_refused():
    """Its List-Unsubscribe header is one line (a fold made it encoded words no mail service reads), and
    a line holds at most 998 characters."""
    link = "https://lists.example.org/u?t=" + "a" * 2_000
    assert unsubscribe_complaint(link[:975]) is None
    assert unsubscribe_complaint(link) == (
        f"link {link[:80]!r}… is 2,030 characters as a mail header writes it; a header holds one of up to 975"
    )
    # as the header writes it: percent-encoded, a review's 300 "ü" (329 characters) are 1,829
    accented = "https://example.org/abmelden/" + "ü" * 300
    assert unsubscribe_complaint(accented) == (
        f"link {accented[:80]!r}… is 1,829 characters as a mail header writes it; a header holds one of up to 975"
    )
