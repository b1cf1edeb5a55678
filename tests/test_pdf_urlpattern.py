"""ReportLab's URL pattern, compiled from an equivalent spelling: the same matches, and ReportLab takes it."""

from __future__ import annotations

import random
import re

import pytest

from briefexport.renderers.pdf import urlpattern as up

from .checkers import EVERY_CODE_POINT, compiled_pattern


def test_the_key_is_the_pattern_this_reportlab_compiles():
    """If a ReportLab release changes its pattern, this fails (and ReportLab compiles its own, as before)."""
    pattern, flags = compiled_pattern("import reportlab.platypus.paragraph as p", "p.uri_pat")
    assert pattern == up.REPORTLAB
    assert flags & re.IGNORECASE


def test_reportlab_takes_the_equivalent_pattern_when_the_pdf_renderer_loads_first():
    pattern, _ = compiled_pattern("import briefexport.renderers.pdf, reportlab.platypus.paragraph as p", "p.uri_pat")
    assert pattern == up.EQUIVALENT


_LONG_S = "\\u017f"  # as EQUIVALENT spells it: s also matches U+017F under re.I
_PIECES = [
    ("[a-z\xa1-\uffff0-9]", up.WORD),
    ("[a-z\xa1-\uffff0-9-]", up.WORD_DASH),
    ("[a-z\xa1-\uffff-]", up.LETTER_DASH),
    ("[a-z0-9\\.\\-\\+]", up.SCHEME),
    ("[a-z0-9]", up.ALNUM),
    ("[0-9a-f:\\.]", up.HEX),
    *((letter, f"[{letter}{letter.upper()}{_LONG_S if letter == 's' else ''}]") for letter in "xnlocahst"),
]


@pytest.mark.parametrize(("insensitive", "spelled"), _PIECES)
def test_each_piece_matches_the_same_code_points(insensitive, spelled):
    assert insensitive in up.REPORTLAB and spelled in up.EQUIVALENT
    theirs, ours = re.compile(insensitive, re.IGNORECASE), re.compile(spelled)
    # Each piece matches one character: findall over every code point lists exactly those it matches.
    assert theirs.findall(EVERY_CODE_POINT) == ours.findall(EVERY_CODE_POINT)


_URLS = [
    "http://example.com",
    "HTTPS://Example.COM/Path?q=1#Frag",
    "https://www.aircenter.az/en/bulletins/2024-02",
    "mailto:info@aircenter.az",
    "ftp://user:pass@192.168.0.1:8080/file",
    "http://[::1]:80/",
    "http://[2001:DB8::1]/",
    "http://xn--80ak6aa92e.com/",
    "http://XN--80AK6AA92E.COM/",
    "http://localhost:8000/x",
    "http://LOCALHOſT/",
    "http://bücher.de/straße",
    "http://пример.рф/",
    "http://例子.测试/",
    "http://-bad-.com/",
    "http://a.b-/",
    "http://😀.com/",
    "no scheme at all",
    "http://" + "a" * 70 + ".com/",
]


def _random_strings(count: int) -> list[str]:
    rnd = random.Random(20240201)
    alphabet = [*"abcxyzXNnLOCALHOSTlocalhostſKİı0123456789-.:/?#@[]_ +%", "é", "ß", "ж", "中", "😀", "\xa0", "Ａ"]
    pieces = ["http://", "HTTP://", "mailto:", "xn--", "localhost", "www.", ".com", ".AZ", "10.0.0.1", "[::1]", ":8080"]
    out = []
    for _ in range(count):
        parts = [
            rnd.choice(pieces) if rnd.random() < 0.5 else "".join(rnd.choices(alphabet, k=rnd.randint(1, 6)))
            for _ in range(rnd.randint(1, 6))
        ]
        out.append("".join(parts))
    return out


def test_the_whole_patterns_find_the_same_parts_of_urls():
    theirs, ours = re.compile(up.REPORTLAB, re.IGNORECASE), re.compile(up.EQUIVALENT)
    for text in _URLS + _random_strings(20000):
        a, b = theirs.match(text), ours.match(text)
        assert (a and a.groups()) == (b and b.groups()), text
