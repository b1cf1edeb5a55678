"""XHTML content documents built with lxml, so every text is escaped by the serialiser.

A Document is one XHTML 5 file: html with lang and xml:lang, a head with its
title and the edition's stylesheet, and a body. Text only ever enters through
element.text / .tail (lxml escapes <, & and quotes); markup is never built by
string concatenation.
"""

from __future__ import annotations

import re

from lxml import etree

from ...model import LINE_BREAK, Runs
from ...rules import right_to_left
from ..base import BACK_LABEL, link_url
from ..nobreak import keep_together

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = f"{{{OPS}}}type"

# The DPUB-ARIA role of each epub:type that has one (DPUB-ARIA 1.1, "Mapping to EPUB"): epub:type
# speaks only to reading systems, the role to assistive technology, so every element carries both.
# "cover" is left out: doc-cover is an image role, and our cover page is text.
DPUB_ROLES = {
    name: f"doc-{name.replace('-', '')}"
    for name in [
        "abstract",
        "acknowledgments",
        "afterword",
        "appendix",
        "backlink",
        "biblioref",
        "bibliography",
        "chapter",
        "colophon",
        "conclusion",
        "credit",
        "credits",
        "dedication",
        "endnotes",
        "epigraph",
        "epilogue",
        "errata",
        "example",
        "footnote",
        "foreword",
        "glossary",
        "glossref",
        "index",
        "introduction",
        "noteref",
        "notice",
        "pagebreak",
        "page-list",
        "part",
        "preface",
        "prologue",
        "pullquote",
        "qna",
        "subtitle",
        "tip",
        "toc",
    ]
}


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """A child element in the XHTML namespace. Attribute names use _ for - and class_ for class.

    An epub_type with a DPUB-ARIA counterpart brings its role too (unless a role is given).
    """
    element = etree.SubElement(parent, f"{{{XHTML}}}{tag}")
    for name, value in attrs.items():
        if name == "epub_type":
            element.set(EPUB_TYPE, value)
            roles = [DPUB_ROLES[kind] for kind in value.split() if kind in DPUB_ROLES]
            if roles and "role" not in attrs:
                element.set("role", roles[0])
        else:
            element.set(name.rstrip("_").replace("_", "-"), value)
    if text is not None:
        element.text = text
    return element


def append_text(parent: etree._Element, text: str) -> None:
    """Text after whatever parent already holds (its text, or its last child's tail)."""
    # Not len(parent): lxml counts the children one by one, and a paragraph of 20,000 runs took 13 s.
    last = next(parent.iterchildren(reversed=True), None)
    if last is not None:
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


class NoteLinks:
    """Where each footnote is (`homes`: number -> its document), which document first refers to it
    (`firsts`) and which documents refer to it (`citing`, in reading order), for the links between its
    references and the note; `file` is the document being written."""

    def __init__(
        self,
        homes: dict[int, str],
        firsts: dict[int, str],
        back_label: str = BACK_LABEL,
        back_lang: str | None = None,
        citing: dict[int, list[str]] | None = None,
    ) -> None:
        """`back_lang`: the back links' label's language, where it is not the book's."""
        self.homes, self.firsts, self.back_label, self.back_lang = homes, firsts, back_label, back_lang
        self.citing = citing or {}
        self.file = ""
        self.referred: set[tuple[int, str]] = set()  # (note, document): its first reference there has an id

    def href(self, file: str, anchor: str) -> str:
        return f"#{anchor}" if file == self.file else f"{file}#{anchor}"

    def reference(self, parent: etree._Element, number: int) -> None:
        """<a epub:type="noteref" role="doc-noteref"><sup>N</sup></a>; the first reference in each document
        has the id a back link of the note returns to (fnref-N in the first, fnref-N-2 in the second ...)."""
        link = sub(parent, "a", href=self.href(self.homes.get(number, ""), f"fn-{number}"), epub_type="noteref")
        if (number, self.file) not in self.referred:
            link.set("id", self._anchor(number, self.file))
            self.referred.add((number, self.file))
        sub(link, "sup", str(number))

    def _anchor(self, number: int, file: str) -> str:
        files = self.citing.get(number, [])
        place = files.index(file) + 1 if file in files else 1
        return f"fnref-{number}" if place == 1 else f"fnref-{number}-{place}"

    def back(self, parent: etree._Element, number: int) -> None:
        """The note's number as its link back to the first reference, named for a screen reader as that
        (the number alone said "link 1", as the reference does); then, for a note referred to from later
        documents too, a link back to each (a reader who came from section III went back to section I)."""
        label = self.back_label.format(number=number)
        link = sub(
            parent,
            "a",
            str(number),
            href=self.href(self.firsts.get(number, ""), f"fnref-{number}"),
            role="doc-backlink",
            aria_label=label,
        )
        set_lang(link, self.back_lang)
        for place, file in enumerate(self.citing.get(number, [])[1:], start=2):
            append_text(parent, " ")
            href = self.href(file, f"fnref-{number}-{place}")
            again = sub(parent, "a", "\u21a9", href=href, role="doc-backlink", aria_label=f"{label} ({place})")
            set_lang(again, self.back_lang)


def set_lang(element: etree._Element, lang: str | None) -> None:
    """Mark an element as a passage in `lang` (lang and xml:lang; dir="rtl" for a right-to-left one)."""
    if lang:
        element.set("lang", lang)
        element.set(XML_LANG, lang)
        if right_to_left(lang):
            element.set("dir", "rtl")


def add_runs(parent: etree._Element, runs: Runs, notes: NoteLinks | None = None, lang: str | None = None) -> None:
    """Inline runs as text, <span lang> (a passage in another language than `lang`, the parent's own),
    <a href>, <strong> and <em>, nested in that order; a hard line break as <br/>; footnote references
    as noterefs (`notes` says where their notes are; without it, the number as text)."""
    for run in runs:
        if run.note is not None and notes is not None:
            notes.reference(parent, run.note)
            continue
        if run.text == LINE_BREAK:
            sub(parent, "br")
            continue
        target = parent
        if run.lang and run.lang != lang:
            target = sub(target, "span")
            set_lang(target, run.lang)
        href = link_url(run.url)
        if href:
            target = sub(target, "a", href=href)
        if run.strong:
            target = sub(target, "strong")
        if run.emphasis:
            target = sub(target, "em")
        if target is parent:
            append_text(parent, run.text)
        else:
            target.text = run.text


class Document:
    """One XHTML content document of the edition."""

    def __init__(
        self,
        title: str,
        language: str,
        stylesheet: str,
        body_type: str,
        direction: str | None = None,
        title_lang: str | None = None,
    ) -> None:
        """`title_lang`: the title's language where it is not the book's (a built-in label left in English)."""
        self.root = etree.Element(f"{{{XHTML}}}html", nsmap={None: XHTML, "epub": OPS})
        self.root.set("lang", language)
        self.root.set(XML_LANG, language)
        if direction:
            self.root.set("dir", direction)
        head = sub(self.root, "head")
        sub(head, "meta", charset="utf-8")
        set_lang(sub(head, "title", title), title_lang)
        sub(head, "link", rel="stylesheet", type="text/css", href=stylesheet)
        self.body = sub(self.root, "body", epub_type=body_type)

    def tobytes(self) -> bytes:
        """The document; in its body's text, dates and figures with their units are kept on one line (nobreak),
        by the rules of the language each text is in (the nearest lang: a Russian passage in an Azerbaijani
        bulletin keeps "в Баку" together). A passage written left to right in a right-to-left book is marked
        so (dir="ltr"): it inherited "rtl", and its closing full stop, quotation mark and dash stood at the start
        of its lines (".First point, in English"); so is a web or e-mail address or a phone number in
        right-to-left text (_isolate)."""
        languages = {self.body: _language(self.body) or "en"}
        directions = {self.body: self.root.get("dir", "ltr")}
        right_to_left_texts: list[tuple[etree._Element, bool]] = []  # (element, its tail rather than its text)
        for element in self.body.iter():
            parent = element.getparent()
            if element is not self.body and parent is not None:
                languages[element] = element.get("lang") or languages[parent]
                directions[element] = _direction(element, directions[parent])
                if element.tail:  # the parent's text, after this element
                    element.tail = keep_together(element.tail, languages[parent])
                    if directions[parent] == "rtl":
                        right_to_left_texts.append((element, True))
            if element.text:
                element.text = keep_together(element.text, languages[element])
                if directions[element] == "rtl":
                    right_to_left_texts.append((element, False))
        for element, tail in right_to_left_texts:  # after the walk: it adds elements
            _isolate(element, tail)
        return etree.tostring(self.root, encoding="utf-8", xml_declaration=True, doctype="<!DOCTYPE html>")


# What reads left to right of its own inside right-to-left text: a web or e-mail address, a phone number
# with its country code. An Arabic trial read "https://www.example.org/cis/" as "/https://www.example.org/cis"
# and "(+994 12) 596-82-39" as "596-82-39 (994 12+)".
_LEFT_TO_RIGHT = re.compile(
    r"[a-zA-Z][a-zA-Z0-9+.-]*://[^\s<>]*[^\s<>.,;:!?)]|www\.[^\s<>]*[^\s<>.,;:!?)]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\(?\+\d[\d\s\u00a0()-]*\d",
    re.ASCII,
)


def _isolate(element: etree._Element, tail: bool) -> None:
    """Set each left-to-right island (_LEFT_TO_RIGHT) of `element`'s text, or of its tail, in a span of its own,
    dir="ltr"."""
    text = (element.tail if tail else element.text) or ""
    islands = list(_LEFT_TO_RIGHT.finditer(text))
    if not islands:
        return
    parent = element.getparent() if tail else element
    if parent is None:
        return
    at = parent.index(element) + 1 if tail else 0
    for n, island in enumerate(islands):
        span = etree.Element(f"{{{XHTML}}}span", dir="ltr")
        span.text = island.group()
        end = islands[n + 1].start() if n + 1 < len(islands) else len(text)
        span.tail = text[island.end() : end] or None
        parent.insert(at + n, span)
    if tail:
        element.tail = text[: islands[0].start()] or None
    else:
        element.text = text[: islands[0].start()] or None


def _direction(element: etree._Element, inherited: str) -> str:
    """The direction `element` is set in; a passage in a left-to-right language among right-to-left text is
    marked dir="ltr" here (set_lang marks the other way round where it names the language)."""
    if element.get("dir"):
        return str(element.get("dir"))
    lang = element.get("lang")
    if lang and inherited == "rtl" and not right_to_left(lang):
        element.set("dir", "ltr")
        return "ltr"
    return inherited


def _language(element: etree._Element) -> str | None:
    """The language an element's text is in: its own lang, or its nearest ancestor's."""
    for node in (element, *element.iterancestors()):
        if node.get("lang"):
            return str(node.get("lang"))
    return None
