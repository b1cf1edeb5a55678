"""The text of a paragraph, heading or cell: markdown-it's inline tokens made runs, and the mistakes refused."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from ..errors import SourceError
from ..inputs import INVISIBLE, blank
from ..model import LINE_BREAK, Run, Runs
from ..rules import note_complaint, script_complaint, url_complaint, word_complaint
from ..translations import keyword_at_start, keywords
from ..typography import PREFIX_CONTEXT, Quotations, house
from .markdown import text_after, token_lang
from .runs import joins, plain_text, trim

PICTURE_IN_TEXT = (
    "a picture inside text is not allowed; put ![alt text](file.png) on a line of its own, "
    "or in a ::: figure with its caption"
)

# A footnote reference markdown-it left as text, its label having no definition (a backslash escapes it).
# Labels hold no bracket: from each "[^" a search stops at the next one, so that "[^[^[^…" is read once
# (reading to the line's end from each was quadratic: 115 s for 195 KB).
UNDEFINED_NOTE = re.compile(r"(?<!\\)\[\^([^\[\]\s]+)\](?!:)")
# Marks Markdown left as text that open something never closed: a '*' or '_' before a word's first letter,
# where no other would stand ("*routine." with no '*' after it, "_important" with no '_'; "5 * 3", "p<0.05*",
# "AA*", "*.pdf" and "snake_case" are text, and so is a note's asterisk before a capital or a digit,
# "*Provisional figures", "*2023 restated"); '__' before a word ("__strong" never closed); and a link's text
# whose ']' is missing ("[contact page(https://…)").
_OPENING_MARK = re.compile(
    r"(?:^|(?<=[\s(\[{\"'“‘«—–-]))(?:\*(?=[^\W\d_])[^\s*_\\&<`\[\]]{1,11}"
    # '_' before a word that ends as words do: not an address's (_press@example.org, _layouts/15)
    r"|_[^\W\d_]+(?:['’-][^\W\d_]+)*(?=[\s,;!?)\]”’»\"']|[.:](?![^\W_])|$))"
)
_OPENING_UNDERSCORES = re.compile(r"(?:^|(?<=[\s(\[{\"'“‘«—–-]))__(?=[^\W_])")
_LINK_ADDRESS = re.compile(r"\((?:https?://|mailto:|www\.)")


# What to write instead of the HTML a converter leaves (pandoc -t commonmark writes Word's tables as <table>,
# -t gfm a sized picture as <img>, a line break as <br />, a comment between two lists), by its tag.
_INSTEAD_OF_HTML = {
    "table": "write a Markdown table: a '| header | header |' line, a '| --- | --- |' line under it, then a line "
    "a row (pandoc -t gfm writes Word's tables so)",
    "img": 'a picture is a paragraph of its own: ![what it shows](file.png "its caption")',
    "br": "end the line with a \\ for a line break (in a table cell, which is one line, write a space)",
    "!--": "a source holds no comments: delete it",
}
_TAG = re.compile(r"<(!--|/?[A-Za-z][A-Za-z0-9-]*)[^>\n]*>?")


def raw_html(markup: str) -> str:
    """The error for raw HTML: its tag (cut short, not mid-attribute) and what to write instead."""
    written = markup.strip()
    tag = _TAG.match(written)
    name = tag.group(1).lstrip("/").lower() if tag else ""
    if tag is None:
        shown = written.splitlines()[0][:40] if written else "<…>"
    elif name == "!--":
        shown = "<!-- … -->"
    else:
        shown = tag.group(0) if len(tag.group(0)) <= 40 else f"<{tag.group(1)} …>"
    instead = _INSTEAD_OF_HTML.get(
        name, "write plain text (H₂O, CO₂, km²) and Markdown: *emphasis*, **strong**, [text](https://…)"
    )
    return f"raw HTML {shown} is not allowed; {instead}"


class InlineText:
    """Reads the inline tokens of one source: the state text keeps across a bulletin (its language and
    typography, the footnotes referred to so far) and the errors that name its lines."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path  # what errors name
        self.lines = text.split("\n")
        self.house: str | None = None  # the language house typography sets the text in; None: as written
        self.language = "en"  # the bulletin's: its tables' figures are written in its notation
        self.env: dict[str, Any] = {}  # markdown-it's: the footnotes it found, and their definitions' lines
        self.notes: dict[str, int] = {}  # footnote label -> number, in the order of first reference
        self.in_note: str | None = None  # the label of the footnote whose text is being read

    def own_keyword(self, *words: str) -> str:
        """The keywords in the bulletin's language, for a message (", 'Источник:'"); "" in English."""
        return "".join(f", {k!r}" for k in keywords(words, self.language) if k[:-1] not in words)

    def keyword(self, text: str, *words: str) -> str | None:
        """The keyword `text` starts with, as written ("Source:", "Источник:" in a Russian bulletin:
        translations.py; "Source :" with the space French puts before a colon), or None."""
        found = keyword_at_start(words, self.language).match(text)
        return found.group() if found else None

    def fail(self, message: str, line0: int | None) -> SourceError:
        """An error at a 0-based token line."""
        return SourceError(message, self.path, None if line0 is None else line0 + 1)

    def note(self, label: str, line0: int, inline: Token) -> Run:
        """The run of a reference to footnote `label`: its number, given at the first reference."""
        if self.in_note is not None:
            raise self.fail(
                f"footnote [^{self.in_note}] refers to footnote [^{label}]; a note may not have notes of its own",
                self.line_containing(f"[^{label}]", line0, inline),
            )
        number = self.notes.setdefault(label, len(self.notes) + 1)
        return Run(str(number), note=number)

    def check_no_note(self, paragraph: tuple[Runs, int], what: str) -> None:
        """An attribution or a source line refers to no footnote: a note belongs to the text it explains."""
        runs, line0 = paragraph
        if any(run.note is not None for run in runs):
            raise self.fail(f"a footnote reference is not allowed in {what}; put it in the text", line0)

    def check_text(self, inline: Token, line0: int) -> None:
        """What Markdown left as text in an inline token that a mistake put there (check_notes, check_marks):
        its text read once, whatever the number of pieces (a paragraph of escapes between code spans was
        read again for each piece: quadratic)."""
        texts, unlinked, depth = [], [], 0
        for child in inline.children or []:
            depth += {"link_open": 1, "link_close": -1}.get(child.type, 0)
            if child.type == "text":
                texts.append(child.content)
                if not depth:  # an address's own text (<https://…/_layouts/…>) is not the writer's markup
                    unlinked.append(child.content)
        text = "\n".join(texts)  # a line break between pieces: no mark reaches from one into the next
        if "[^" in text:
            self.check_notes(text, line0, inline)
        if any(mark in text for mark in ("*", "_", "](", "]{", "[")):
            self.check_marks(text, "\n".join(unlinked), line0, inline)

    def check_notes(self, text: str, line0: int, inline: Token) -> None:
        """A footnote reference left as text: its label has no definition (markdown-it keeps it as written)."""
        present = set(re.findall(r"\[\^[^\[\]\s]+\]", inline.content))
        escaped = set(re.findall(r"\\(\[\^[^\[\]\s]+\])", inline.content))
        for match in UNDEFINED_NOTE.finditer(text):
            written = match.group(0)
            if written in present and written not in escaped:
                label = match.group(1)
                import difflib  # only when there is a mistake to suggest for

                defined = dict(self.env.get("definitions", []))
                meant = difflib.get_close_matches(label, list(defined), n=1, cutoff=0.6)
                fix = (
                    f"did you mean [^{meant[0]}] (line {defined[meant[0]] + 1})?"
                    if meant
                    else f"add a line '[^{label}]: the note's text'"
                )
                raise self.fail(
                    f"footnote reference {written} has no note; {fix}", self.line_containing(written, line0, inline)
                )

    def check_marks(self, text: str, unlinked: str, line0: int, inline: Token) -> None:
        """Markdown a mistake left as text, which every edition would print as typed: '**' that opens bold
        text no '**' closes, a span's {…} that the attributes plugin could not read ({lang = tr}, or a
        Cyrillic letter in the tag), and a link whose address Markdown could not read (a space in it)."""
        raw = inline.content
        if "**" in text and re.search(r"(?<!\\)\*\*", raw):
            raise self.fail(
                "'**' opens bold text that no '**' closes (or closes none); close it, or write \\*\\* for asterisks",
                self.line_containing("**", line0, inline),
            )
        if "__" in text and _OPENING_UNDERSCORES.search(unlinked) and _OPENING_UNDERSCORES.search(raw):
            raise self.fail(
                "'__' opens bold text that no '__' closes; close it, or write \\_\\_ for underscores",
                self.line_containing("__", line0, inline),
            )
        opened = {match.group(0) for match in _OPENING_MARK.finditer(unlinked) if match.group(0)[1].islower()}
        # as typed in the source, not escaped ("\\*routine" is read as text: no opening mark there)
        for written in sorted(opened & {match.group(0) for match in _OPENING_MARK.finditer(raw)} if opened else ()):
            mark = written[0]
            raise self.fail(
                f"'{mark}' opens emphasis that no '{mark}' closes ({written!r}); close it, or write \\{mark} for "
                + ("an asterisk" if mark == "*" else "an underscore"),
                self.line_containing(written, line0, inline),
            )
        unread = _unread_link(unlinked)
        if unread and re.search(r"(?<!\\)" + re.escape(unread), raw):  # "\\[" is a bracket, as typed
            raise self.fail(
                "a link [text](address) that is not read as one: its text needs its closing ] right before "
                "the ( of its address, with no space between (or write \\[ for a bracket)",
                self.line_containing(unread, line0, inline),
            )
        if "]{" in text and re.search(r"(?<!\\)\]\{[^{}\n]*\}", raw):
            raise self.fail(
                "a span [text]{…} whose attributes are not read: write {lang=az}, no spaces, the tag in "
                "ASCII letters (or \\{ for a brace)",
                self.line_containing("]{", line0, inline),
            )
        if "](" in text and re.search(r"(?<!\\)\]\(", raw):
            note = re.search(r"\[[^\[\]]*(\[\^[^\[\]\s]+\])\]\(", raw)  # "[the report[^r]](…)"
            raise self.fail(
                f"a footnote reference {note[1]} inside a link's text; put it after the link: [text](address){note[1]}"
                if note
                else "a link [text](address) that is not read as one: its address may hold no space or line break "
                "(write %20 for a space), and needs its closing )",
                self.line_containing("](", line0, inline),
            )

    def runs(self, inline: Token, line0: int, lang: str | None = None, empty: bool = False) -> Runs:
        """The runs of an inline token. `lang` is its block's language (for house typography); spans and
        links with {lang=…} give their runs their own. With `empty`, no runs is no error (an empty cell)."""
        runs: list[Run] = []
        emphasis = strong = 0
        url: str | None = None
        link_text = ""  # the text of the link open here
        langs: list[str | None] = []  # the languages of the spans and links open here (None: none given)
        quotations = Quotations()  # open across its texts: a line break or bold text does not close them
        children = inline.children or []
        self.check_text(inline, line0)
        for at, child in enumerate(children):
            kind = child.type
            span_lang = next((code for code in reversed(langs) if code), None)
            if kind == "footnote_ref":  # a run of its own, never merged with the text around it
                runs.append(self.note(child.meta["label"], line0, inline))
                continue
            if kind == "text" and self.house:  # inline code stays as written
                # the characters before it, where a quote opens or closes (the last runs': not all, each time)
                before = "".join(run.text for run in runs[-PREFIX_CONTEXT:])[-PREFIX_CONTEXT:]
                after = text_after(children, at + 1)  # '"*Известия*"': the quote opens the emphasis
                text = house(child.content, span_lang or lang or self.house, before, quotations, after)
            elif kind in ("text", "code_inline"):
                text = child.content
            elif kind == "softbreak":
                text = " "
            elif kind == "hardbreak":
                text = LINE_BREAK
            elif kind == "span_open":
                langs.append(token_lang(child))
                continue
            elif kind == "span_close":
                langs.pop()
                continue
            elif kind == "em_open":
                emphasis += 1
                continue
            elif kind == "em_close":
                emphasis -= 1
                continue
            elif kind == "strong_open":
                strong += 1
                continue
            elif kind == "strong_close":
                strong -= 1
                continue
            elif kind == "link_open":
                url = str(child.attrs.get("href", ""))
                complaint = url_complaint(url)
                if complaint:
                    raise self.fail(complaint, self.line_containing(url, line0, inline))
                if title := str(child.attrs.get("title") or ""):  # [text](address "title"): no edition shows it
                    raise self.fail(
                        f"a link's title ({title!r}) shows in no edition; put what it says in the text: "
                        "[text](address)",
                        self.line_containing(url, line0, inline),
                    )
                langs.append(token_lang(child))
                link_text = ""
                continue
            elif kind == "link_close":
                # A link's words are its name to a screen reader: "[ ](address)" was a link of a space.
                if blank(link_text):
                    raise self.fail(
                        "a link [text](address) whose text shows nothing: write the words a reader follows it by",
                        self.line_containing(f"]({url}"[:20], line0, inline),
                    )
                url = None
                langs.pop()
                continue
            elif kind == "s_open":
                raise self.fail(
                    "strikethrough (~~text~~) is not supported; delete the text, or mark it *emphasis*", line0
                )
            elif kind == "html_inline":
                raise self.fail(raw_html(child.content), self.line_containing(child.content, line0, inline))
            elif kind == "image":
                raise self.fail(PICTURE_IN_TEXT, line0)
            else:
                text = child.content
            if not text:
                continue
            link_text += text if url is not None else ""
            run = Run(text=text, emphasis=emphasis > 0, strong=strong > 0, url=url, lang=span_lang)
            last = runs[-1] if runs else None
            if last and joins(last, run):
                runs[-1] = dataclasses.replace(last, text=last.text + text)
            else:
                runs.append(run)
        runs = trim(runs)
        if not runs and not empty:
            raise self.fail("empty paragraph", line0)
        if not empty and blank("".join(run.text for run in runs)):  # a zero-width space pasted on a line
            raise self.fail(f"empty paragraph: it holds only {INVISIBLE}; write text or delete the line", line0)
        text = "".join(run.text for run in runs)
        complaint = word_complaint(text)
        if complaint:
            raise self.fail(complaint, line0)
        self.refuse_script(text, line0)  # *CO*~2~ and a link's text too
        return tuple(runs)

    def bounded(self, runs: Runs, line0: int, what: str) -> Runs:
        """`runs`, refused when longer than a note may be (rules.MAX_NOTE_CHARS)."""
        complaint = note_complaint(plain_text(runs), what)
        if complaint:
            raise self.fail(complaint, line0)
        return runs

    def refuse_script(self, text: str, line0: int) -> None:
        """Refuse pandoc's sub- and superscripts (rules.script_complaint) in a text of the source."""
        complaint = script_complaint(text)
        if complaint:
            raise self.fail(complaint, line0)

    def plain(self, inline: Token, line0: int) -> str:
        """Text without markup (a heading): a footnote reference has no place in it, nor a passage in
        another language, a link or emphasis, which a heading (one string, in every edition's contents)
        cannot carry. (A trial's "What *The Economist* got wrong about [COP29](…)" lost both, silently.)"""
        if not inline.children:
            return ""
        self.check_no_reference(inline, line0)
        runs = self.runs(inline, line0, empty=True)  # a title that shows nothing: the caller says so
        if any(run.lang for run in runs):
            raise self.fail(
                "a heading takes no {lang=…}: it is set in the bulletin's language; mark the passage in the text",
                self.line_containing("{lang", line0, inline),
            )
        if marked := next((run for run in runs if run.url or run.emphasis or run.strong), None):
            what = f"link ({marked.url})" if marked.url else f"*emphasis* or **strong** ({marked.text!r})"
            raise self.fail(
                f"a heading takes no {what}: it is plain text, in its own type, in every edition's contents; "
                + ("put the link in the text" if marked.url else "write it plainly, a work's title in quotation marks"),
                self.line_containing(marked.text, line0, inline),
            )
        return "".join(run.text for run in runs)

    def check_no_reference(self, inline: Token, line0: int) -> None:
        """A heading or a table cell (of either kind of table) has no place for a footnote reference."""
        for child in inline.children or []:
            if child.type == "footnote_ref":
                written = f"[^{child.meta['label']}]"
                raise self.fail(
                    f"a footnote reference ({written}) is not allowed in a heading or a table cell; put it in the text",
                    self.line_containing(written, line0, inline),
                )

    def line_containing(self, needle: str, line0: int, inline: Token) -> int:
        end = inline.map[1] if inline.map else line0 + 1
        for i in range(line0, end):
            if needle[:40] in self.lines[i]:
                return i
        return line0


def _unread_link(text: str) -> str | None:
    """The start of a link Markdown left as text, its ']' missing ("[contact page(https://…"), or None.
    ("[PDF] (https://…)" is a bracket and an address in brackets, as written.)"""
    opened = text.find("[", text.rfind("]") + 1)  # a '[' no ']' follows: one scan, however many brackets
    address = _LINK_ADDRESS.search(text, opened) if opened >= 0 else None
    return text[opened : address.end()][:40] if address else None
