"""ReportLab's URL pattern, handed to it compiled from a spelling Python compiles quickly.

reportlab.platypus.paragraph compiles `uri_pat` (which finds where a long URL
may break) at import, case-insensitively, with the range \\xa1-\\uffff in five
places. Python's regex compiler case-folds such a range one code point at a
time: about 320 M instructions, half of ReportLab's import and an eighth of a
one-edition PDF build. The same strings are matched by a pattern with the
cases spelled out and each large class written as the complement of small
ranges, which compiles in a few milliseconds.

The equivalent is put in re's cache under ReportLab's key before ReportLab
is imported (briefexport.precompiled). tests/test_pdf_urlpattern.py holds the
two to the same matches, class by class over every code point and on URLs,
and checks that ReportLab takes it.
"""

from __future__ import annotations

import re

from ...precompiled import seed

# reportlab/platypus/paragraph.py, verbatim (ReportLab 4.x and 5.x): the key ReportLab compiles it under.
REPORTLAB = (
    "(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+(?::\\S*)?@)?(?:(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)"
    "(?:\\.(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)){3}|\\[[0-9a-f:\\.]+\\]|([a-z\xa1-\uffff0-9]"
    "(?:[a-z\xa1-\uffff0-9-]{0,61}[a-z\xa1-\uffff0-9])?(?:\\.(?!-)[a-z\xa1-\uffff0-9-]{1,63}(?<!-))*"
    "\\.(?!-)(?:[a-z\xa1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)\\.?|localhost))(?::\\d{2,5})?"
    "(?:[/?#][^\\s]*)?\\Z"
)

# What each case-insensitive piece of it matches, spelled out. Beyond A-Z, the letters
# that fold to ASCII ones: U+0130 and U+0131 (i), U+017F (s), U+212A (k).
_NOT_ASTRAL = "\\U00010000-\\U0010ffff"
WORD = f"[^\\x00-/:-@\\[-`{{-\\xa0{_NOT_ASTRAL}]"  # [a-z\xa1-\uffff0-9]
WORD_DASH = f"[^\\x00-,./:-@\\[-`{{-\\xa0{_NOT_ASTRAL}]"  # [a-z\xa1-\uffff0-9-]
LETTER_DASH = f"[^\\x00-,.-@\\[-`{{-\\xa0{_NOT_ASTRAL}]"  # [a-z\xa1-\uffff-]
_FOLDS = "\\u0130\\u0131\\u017f\\u212a"
SCHEME = f"[0-9A-Za-z.\\-+{_FOLDS}]"  # [a-z0-9\.\-\+]
ALNUM = f"[0-9A-Za-z{_FOLDS}]"  # [a-z0-9]
HEX = "[0-9a-fA-F:.]"  # [0-9a-f:\.]

EQUIVALENT = (
    f"(^(?:{SCHEME}*)://)(?:\\S+(?::\\S*)?@)?(?:(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)"
    f"(?:\\.(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)){{3}}|\\[{HEX}+\\]|({WORD}"
    f"(?:{WORD_DASH}{{0,61}}{WORD})?(?:\\.(?!-){WORD_DASH}{{1,63}}(?<!-))*"
    f"\\.(?!-)(?:{LETTER_DASH}{{2,63}}|[xX][nN]--{ALNUM}{{1,59}})(?<!-)\\.?"
    "|[lL][oO][cC][aA][lL][hH][oO][sS\\u017f][tT]))(?::\\d{2,5})?"
    "(?:[/?#][^\\s]*)?\\Z"
)


seed("reportlab.platypus.paragraph", REPORTLAB, re.IGNORECASE.value, EQUIVALENT)
