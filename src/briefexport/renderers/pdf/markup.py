"""Model text -> ReportLab paragraph markup, escaped: nothing a bulletin says is ever read as markup.

ReportLab's Paragraph parses a small HTML-like language. Every run's text is
cleaned (control characters dropped, line breaks made spaces, characters the
fonts lack swapped for their stand-ins) and escaped with html.escape (which
ReportLab's parser, built on html.parser, undoes) before it is wrapped in the
only tags the renderer itself writes: <b>, <i>, <a href>, <font color> with a
colour taken from the Style, <font face> naming a fallback font, <br/> for a
hard line break, and for a footnote reference <super> in a link to its note,
after the anchor <a name="fnref-N"/> that the note links back to (at its first
reference).

Dates and figures with their units are joined by no-break spaces (nobreak.py),
which ReportLab and the line breaker keep on one line and still stretch as a
justified line's spaces ("5,000 megawatts", "February 26").
"""

from __future__ import annotations

import re
from html import escape as _escape

from ...formatting import NBSP
from ...model import LINE_BREAK, Runs
from ...translations import translate
from ..base import BACK_LABEL, NOTE_LABEL, link_url
from ..nobreak import keep_together
from .fonts import Coverage, as_drawn

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BREAKS = re.compile("[\t\n\r]+")
# No-break spaces ReportLab breaks lines at all the same (its list of spaces has them): French puts a
# narrow one before ";" and groups figures with it, and ";" was set alone on a line. Set as NBSP.
_BREAKABLE_NO_BREAK = re.compile("[\u202f\u2007]")


def plain(text: str, coverage: Coverage | None = None) -> str:
    """Text as drawn directly on the canvas: no control characters, one line, drawable characters (as_drawn),
    no-break spaces that ReportLab keeps."""
    text = _BREAKABLE_NO_BREAK.sub(NBSP, _BREAKS.sub(" ", _CONTROL.sub("", as_drawn(text))))
    return coverage.swap(text) if coverage else text


def _attribute(value: str) -> str:
    """A quoted attribute value. (Not xml.sax.saxutils: it imports urllib.request, http and ssl.)"""
    return f'"{_escape(value)}"'


class Markup:
    def __init__(self, coverage: Coverage, link_color: str, language: str) -> None:
        self.coverage = coverage
        self.link_color = link_color
        # The bulletin's language names its months; a font without a no-break space gets none.
        self.language = language if ord(NBSP) in coverage.codepoints else None
        self.referred: set[int] = set()  # footnotes whose first reference has its anchor already
        # What each in-document link says where it goes, by its destination's name: its annotation's Contents,
        # which a screen reader reads out (layout.canvas_maker), in the bulletin's language.
        self.described: dict[str, str] = {}
        self.note_label, self.back_label = translate(NOTE_LABEL, language), translate(BACK_LABEL, language)

    def note(self, number: int) -> str:
        """A footnote reference: a superscript number linking to the note; the first one is the anchor the
        note links back to."""
        anchor = "" if number in self.referred else f"<a name={_attribute(f'fnref-{number}')}/>"
        self.referred.add(number)
        return anchor + self.jump(f"<super>{number}</super>", f"fn-{number}", self.note_label.format(number=number))

    def back(self, number: int) -> str:
        """A footnote's number as a link back to its first reference."""
        return self.jump(str(number), f"fnref-{number}", self.back_label.format(number=number))

    def jump(self, inner: str, name: str, description: str) -> str:
        """`inner` (already markup) as a link to the anchor `name` in this document, which says `description`."""
        self.described[name] = description
        return f"<a href={_attribute('#' + name)} color={_attribute(self.link_color)}>{inner}</a>"

    def text(self, text: str, *, kept: bool = True, lang: str | None = None) -> str:
        """Escaped paragraph markup for plain text; characters the faces lack set in their fallback font;
        when `kept`, dates and figures with their units on one line, by the rules of `lang` (a passage in
        another language: a Russian one keeps "в Баку" together in any bulletin) or the bulletin's."""
        text = plain(text, self.coverage)
        if kept and self.language:
            text = keep_together(text, lang or self.language)
        spans = self.coverage.spans(text)
        return "".join(
            f"<font face={_attribute(font)}>{_escape(part, quote=False)}</font>" if font else _escape(part, quote=False)
            for font, part in spans
        )

    def link(self, inner: str, url: str | None, color: str | None = None, *, underline: bool = False) -> str:
        """`inner` (already markup) as a link, when the URL has an allowed scheme; in the link colour, or
        `color`. Underlined among other text: its colour alone, near the ink's, does not tell it apart
        (WCAG 1.4.1)."""
        href = link_url(url)
        if href is None:
            return inner
        lined = ' underline="1"' if underline else ""
        return f"<a href={_attribute(href)} color={_attribute(color or self.link_color)}{lined}>{inner}</a>"

    def runs(self, runs: Runs, *, kept: bool = True, lang: str | None = None, link_color: str | None = None) -> str:
        """Escaped paragraph markup for runs of text (of a passage in `lang`, None: the bulletin's); when
        `kept`, dates and figures with their units on one line; links in `link_color` (None: the style's)."""
        parts = []
        for run in runs:
            if run.note is not None:
                parts.append(self.note(run.note))
                continue
            if run.text == LINE_BREAK:
                parts.append("<br/>")
                continue
            text = self.text(run.text, kept=kept, lang=run.lang or lang)
            if run.strong:
                text = f"<b>{text}</b>"
            if run.emphasis:
                text = f"<i>{text}</i>"
            parts.append(self.link(text, run.url, link_color, underline=True))
        return "".join(parts)

    def colored(self, inner: str, color: str) -> str:
        return f"<font color={_attribute(color)}>{inner}</font>"
