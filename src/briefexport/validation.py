"""Hold a bulletin built in code, or read from JSON, to the rules the loader keeps.

The loader refuses a source that breaks a rule with its file and line; a model
built in code never met the loader, so `validate(bulletin)` applies the same
rules (rules.py and inputs.py hold them, for both) and names the field by its
path instead:

    metadata.title: must not be empty
    metadata.date: expected a datetime.date, got str
    sections[0].blocks[1].kind: unknown quote kind 'side'; allowed: block, pull
    sections[2].blocks[0].rows[3]: expected 4 cells, one per column, got 3
    sections[1].blocks[0].rows[0][1].value: figure 1e308 is not a finite number of at most 15 digits
    sections[0].blocks[0].runs[0].text: character U+D800 is not allowed

Every problem is a ModelError, whatever the value is: a wrong Python type
anywhere (a list where the model has a tuple, a str where it has a Run) is
one too, never an AttributeError from deep inside a renderer. What the loader
gives always passes. No I/O: a publisher's logo is checked as a path here (no
`..`); whether the file is a picture inside an allowed folder is for the
reader that resolved it (sources.load, serialize.from_dict) and the renderers.

`check_argument` is the TypeError for a library call given the wrong kind of
argument ("fmt must be a str, got int").
"""

from __future__ import annotations

import datetime as dt
import math
import re
import typing
from dataclasses import fields
from decimal import Context, Decimal
from itertools import groupby
from pathlib import Path

from .errors import ModelError
from .inputs import INVISIBLE, MAX_INPUT_BYTES, blank, character_complaint
from .model import (
    BLOCK_NAMES,
    MAX_LIST_DEPTH,
    MAX_LIST_START,
    Bulletin,
    Figure,
    Footnote,
    ListBlock,
    ListItem,
    Metadata,
    NumberCell,
    Paragraph,
    Publisher,
    Quote,
    Run,
    Section,
    StatsTable,
    Subheading,
    Table,
    TextCell,
    note_numbers,
    plain_text,
)
from .rules import (
    EMAIL,
    EMAIL_RULE,
    FIGURE_FORMS,
    MAX_FIGURE_DIGITS,
    MAX_UNIT_CHARS,
    SCALES,
    at_most,
    date_complaint,
    figure_digits,
    language_complaint,
    locality_complaint,
    note_complaint,
    read_before_prices,
    read_figure,
    revised_complaint,
    subject_complaint,
    title_complaint,
    unsubscribe_complaint,
    url_complaint,
    website_complaint,
    word_complaint,
)

# The kinds a quote may be: the model's own Literal, so a new kind needs no change here.
QUOTE_KINDS: tuple[str, ...] = typing.get_args(typing.get_type_hints(Quote)["kind"])
FIGURE_WIDTHS: tuple[str, ...] = typing.get_args(typing.get_type_hints(Figure)["width"])


_LARGEST = 10**MAX_FIGURE_DIGITS * SCALES["trillion"]  # fifteen digits and the largest scale word
_unit_length = at_most(MAX_UNIT_CHARS)
_T = typing.TypeVar("_T")


def validate(bulletin: Bulletin) -> Bulletin:
    """The bulletin, unchanged, when it keeps every rule the loader keeps; else a ModelError naming the field."""
    if not isinstance(bulletin, Bulletin):
        raise _fail("bulletin", f"expected a Bulletin, got {_kind(bulletin)}")
    _Checker().bulletin(bulletin)
    return bulletin


def check_argument(name: str, value: object, expected: type | tuple[type, ...]) -> None:
    """Raise TypeError("fmt must be a str, got int") unless `value` is of an `expected` type.

    A bool is no int here (True is not a count), and type(None) reads "None":
    "style must be a Style, str, Path or None, got int".
    """
    types = expected if isinstance(expected, tuple) else (expected,)
    if isinstance(value, types) and not (isinstance(value, bool) and bool not in types and int in types):
        return
    names = ["None" if t is type(None) else t.__name__ for t in types]
    article = "" if names[0] == "None" else "an " if names[0][0] in "aeiouAEIOU" else "a "
    raise TypeError(f"{name} must be {article}{_alternatives(names)}, got {_kind(value)}")


def check_path(name: str, value: str | Path | None) -> None:
    """Raise ValueError for a path no file system holds, one with a NUL character in it (Python's own
    error, from deep inside, says only "embedded null byte")."""
    if value is not None and "\0" in str(value):
        raise ValueError(f"{name} holds a NUL character, which no file name may: {str(value)!r}")


def _alternatives(names: list[str]) -> str:
    """ "a", "a or b", "a, b or c"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


_BLOCKS = _alternatives([cls.__name__ for cls in BLOCK_NAMES])  # Paragraph, Quote, StatsTable, Subheading, Figure, ...


def _fail(path: str, problem: str) -> ModelError:
    return ModelError(f"{path}: {problem}", path=path)


def _kind(value: object) -> str:
    """What a value is, as an error names it: int, list, None, Run, datetime.datetime."""
    if value is None:
        return "None"
    cls = type(value)
    if cls.__module__ == "builtins" or cls.__module__.startswith("briefexport."):
        return cls.__qualname__
    return f"{cls.__module__}.{cls.__qualname__}"


def _shown(value: object, limit: int = 40) -> str:
    """A value as an error quotes it: its repr, cut short."""
    try:
        text = repr(value)
    except Exception:  # a caller's own object whose repr fails is still only a wrong value
        return f"a {_kind(value)}"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _figure(value: float) -> str:
    """A figure's value as an error shows it: 1e308, inf, nan, 1e400 (an int too long to print whole)."""
    if isinstance(value, float):
        return repr(value).replace("e+", "e")
    if abs(value) < 10**24:
        return str(value)
    # Six digits and the exponent: str() refuses an int of more than 4,300 digits.
    return format(Decimal(value).normalize(Context(prec=6)), "g").replace("e+", "e")


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


class _Checker:
    """One validation: walks the model once, field by field, and counts its text."""

    def __init__(self) -> None:
        self.chars = 0  # characters of text so far (not links or paths): a source file's worth at most
        self.language = "en"  # the bulletin's, once its metadata is checked

    # -- the model, class by class ------------------------------------------------------

    def bulletin(self, bulletin: Bulletin) -> None:
        b = self.instance(bulletin, Bulletin, "")
        self.metadata(b.metadata, "metadata")
        self.language = b.metadata.language
        source = self.chars
        self.publisher(b.publisher, "publisher")
        self.limit("publisher", self.chars - source)  # a publisher file is a file of its own
        self.chars = source
        if not isinstance(b.introduction, tuple):
            raise _fail("introduction", f"expected a tuple, got {_kind(b.introduction)}")
        self.blocks(b.introduction, "introduction")
        for i, block in enumerate(b.introduction):
            if type(block) is Subheading:
                raise _fail(f"introduction[{i}]", "a sub-heading belongs inside a section, not in the introduction")
        sections = self.items(b.sections, "sections", "a bulletin holds at least one section")
        for i, section in enumerate(sections):
            self.section(section, f"sections[{i}]")
        self.footnotes(b)
        self.limit("bulletin", self.chars)  # the front matter and the sections: one source file

    def footnotes(self, b: Bulletin) -> None:
        """Notes numbered 1, 2, ... in the order the text first refers to them, each referred to."""
        if not isinstance(b.footnotes, tuple):
            raise _fail("footnotes", f"expected a tuple, got {_kind(b.footnotes)}")
        for i, item in enumerate(b.footnotes):
            where = f"footnotes[{i}]"
            note = self.instance(item, Footnote, where)
            if isinstance(note.number, bool) or not isinstance(note.number, int) or note.number != i + 1:
                raise _fail(
                    f"{where}.number",
                    f"expected {i + 1} (notes are numbered 1, 2, ... in order), got {_shown(note.number)}",
                )
            self.text(note.label, f"{where}.label", empty=False)
            paragraphs = self.items(note.paragraphs, f"{where}.paragraphs", "a footnote holds at least one paragraph")
            for j, runs in enumerate(paragraphs):
                self.runs(runs, f"{where}.paragraphs[{j}]", note="a footnote's paragraph")
                if note_numbers(runs):
                    raise _fail(f"{where}.paragraphs[{j}]", "a footnote may not refer to another footnote")
        referred = note_numbers((b.introduction, b.sections))
        for order, number in enumerate(referred, start=1):
            if number > len(b.footnotes):
                raise _fail("footnotes", f"the text refers to footnote {number}, but there are {len(b.footnotes)}")
            if number != order:
                raise _fail(
                    "footnotes", f"footnote {number} is referred to before footnote {order}; number notes in order"
                )
        if len(referred) < len(b.footnotes):
            raise _fail(f"footnotes[{len(referred)}]", "the text never refers to this footnote")

    @staticmethod
    def limit(path: str, chars: int) -> None:
        """No more text than the file the loader would have read it from may hold."""
        if chars > MAX_INPUT_BYTES:
            raise _fail(path, f"its text is {chars:,} characters long; a source file holds at most {MAX_INPUT_BYTES:,}")

    def metadata(self, value: object, path: str) -> None:
        m = self.instance(value, Metadata, path)
        self.subject_part(self.title(m.title, f"{path}.title"), f"{path}.title")
        self.subject_part(self.title(m.issue, f"{path}.issue"), f"{path}.issue")
        if not isinstance(m.date, dt.date) or isinstance(m.date, dt.datetime):
            raise _fail(f"{path}.date", f"expected a datetime.date, got {_kind(m.date)}")
        if complaint := date_complaint(m.date):
            raise _fail(f"{path}.date", complaint)
        if m.revised is not None:
            if not isinstance(m.revised, dt.date) or isinstance(m.revised, dt.datetime):
                raise _fail(f"{path}.revised", f"expected a datetime.date or None, got {_kind(m.revised)}")
            if complaint := date_complaint(m.revised) or revised_complaint(m.revised, m.date):
                raise _fail(f"{path}.revised", complaint)
        complaint = language_complaint(self.text(m.language, f"{path}.language", empty=False))
        if complaint:
            raise _fail(f"{path}.language", complaint)
        if m.subtitle is not None:
            self.subject_part(self.title(m.subtitle, f"{path}.subtitle", optional=True), f"{path}.subtitle")
        if m.summary is not None:
            self.text(m.summary, f"{path}.summary", empty=False, optional=True)
        if m.identifier is not None:
            self.text(m.identifier, f"{path}.identifier", empty=False, optional=True)
        self.texts(m.authors, f"{path}.authors")
        self.texts(m.keywords, f"{path}.keywords")
        self.text(m.style, f"{path}.style", empty=False)

    def publisher(self, value: object, path: str) -> None:
        p = self.instance(value, Publisher, path)
        for name in ("name", "street", "city", "postcode", "country"):
            self.text(getattr(p, name), f"{path}.{name}", empty=False)
        # the mail's subject may hold the name and short name ({publisher}, {short_name})
        self.subject_part(p.name, f"{path}.name")
        complaint = locality_complaint(self.text(p.locality, f"{path}.locality", empty=False))
        if complaint:
            raise _fail(f"{path}.locality", complaint)
        if p.short_name is not None:
            self.subject_part(
                self.text(p.short_name, f"{path}.short_name", empty=False, optional=True), f"{path}.short_name"
            )
        self.texts(p.phones, f"{path}.phones")
        if p.email is not None and not EMAIL.match(self.text(p.email, f"{path}.email", empty=False, optional=True)):
            raise _fail(f"{path}.email", EMAIL_RULE)
        if p.website is not None:
            complaint = website_complaint(self.text(p.website, f"{path}.website", empty=False, optional=True))
            if complaint:
                raise _fail(f"{path}.website", complaint)
        if p.unsubscribe is not None:
            link = self.text(p.unsubscribe, f"{path}.unsubscribe", empty=False, optional=True)
            complaint = unsubscribe_complaint(link)
            if complaint:
                raise _fail(f"{path}.unsubscribe", complaint)
        if p.logo is not None:
            self.picture_path(p.logo, f"{path}.logo", optional=True)

    def section(self, value: object, path: str) -> None:
        s = self.instance(value, Section, path)
        self.title(s.title, f"{path}.title")
        for name in ("byline", "standfirst"):  # each optional: no runs at all is none
            runs = getattr(s, name)
            if runs != ():
                self.runs(runs, f"{path}.{name}")
        blocks = self.items(s.blocks, f"{path}.blocks", "a section holds at least one paragraph, quote or table")
        self.blocks(blocks, f"{path}.blocks")
        if type(blocks[-1]) is Subheading:
            raise _fail(f"{path}.blocks[{len(blocks) - 1}]", "a sub-heading must be followed by the text it heads")

    def blocks(self, blocks: tuple[object, ...], path: str) -> None:
        for i, block in enumerate(blocks):
            where = f"{path}[{i}]"
            # By exact type, as renderers find a block's visit method: a subclass would be a stranger to them.
            if type(block) is Paragraph:
                self.runs(self.instance(block, Paragraph, where).runs, f"{where}.runs")
                self.lang(block.lang, f"{where}.lang")
            elif type(block) is Quote:
                self.quote(block, where)
            elif type(block) is StatsTable:
                self.table(block, where)
            elif type(block) is Table:
                self.plain_table(block, where)
            elif type(block) is Subheading:
                self.title(self.instance(block, Subheading, where).title, f"{where}.title")
            elif type(block) is Figure:
                self.figure_block(block, where)
            elif type(block) is ListBlock:
                self.list_block(block, where, 1)
            else:
                raise _fail(where, f"expected a block ({_BLOCKS}), got {_kind(block)}")

    def quote(self, value: object, path: str) -> None:
        q = self.instance(value, Quote, path)
        paragraphs = self.items(q.paragraphs, f"{path}.paragraphs", "a quote holds at least one paragraph")
        for i, runs in enumerate(paragraphs):
            self.runs(runs, f"{path}.paragraphs[{i}]")
        if q.attribution != ():  # optional: no runs at all is none
            self.runs(q.attribution, f"{path}.attribution", note="an attribution")
        if not isinstance(q.kind, str) or q.kind not in QUOTE_KINDS:
            raise _fail(f"{path}.kind", f"unknown quote kind {_shown(q.kind)}; allowed: {', '.join(QUOTE_KINDS)}")
        self.lang(q.lang, f"{path}.lang")

    def picture_path(self, value: object, path: str, optional: bool = False) -> None:
        """A picture's or the logo's file: absolute, as the reader that named it resolved it (load, from_dict),
        with no `..` (a relative one was read from whatever folder the process was in: a service's trial)."""
        where = self.text(value, path, empty=False, optional=optional, count=False)
        if ".." in re.split(r"[\\/]", where):
            raise _fail(path, f"path {_shown(where)} leads out of its folder; '..' is not allowed")
        if not Path(where).is_absolute():
            raise _fail(path, f"path {_shown(where)} is relative; a picture's is absolute, as load gives it")

    def figure_block(self, value: object, path: str) -> None:
        """A picture: its path as a logo's (picture_path; the file itself is for the renderers to check),
        its alt text given, caption and credit runs or none, a width the renderers know."""
        f = self.instance(value, Figure, path)
        self.picture_path(f.path, f"{path}.path")
        self.text(f.alt, f"{path}.alt", empty=False)
        for name in ("caption", "credit"):  # each optional: no runs at all is none
            runs = getattr(f, name)
            if runs != ():
                self.runs(runs, f"{path}.{name}", note="a figure's caption or credit")
        if not isinstance(f.width, str) or f.width not in FIGURE_WIDTHS:
            raise _fail(f"{path}.width", f"unknown width {_shown(f.width)}; allowed: {', '.join(FIGURE_WIDTHS)}")

    def list_block(self, value: object, path: str, level: int) -> None:
        """A list: items of text, each with any nested lists, at most MAX_LIST_DEPTH levels deep."""
        block = self.instance(value, ListBlock, path)
        if level > MAX_LIST_DEPTH:
            raise _fail(path, "lists nest at most three levels")
        if not isinstance(block.ordered, bool):
            raise _fail(f"{path}.ordered", f"expected True or False, got {_kind(block.ordered)}")
        if not isinstance(block.start, int) or isinstance(block.start, bool) or not 0 <= block.start <= MAX_LIST_START:
            raise _fail(
                f"{path}.start", f"expected a whole number from 0 to {MAX_LIST_START:,}, got {_shown(block.start)}"
            )
        self.lang(block.lang, f"{path}.lang")
        items = self.items(block.items, f"{path}.items", "a list holds at least one item")
        for i, value in enumerate(items):
            item = self.instance(value, ListItem, f"{path}.items[{i}]")
            self.runs(item.runs, f"{path}.items[{i}].runs")
            if not isinstance(item.children, tuple):
                raise _fail(f"{path}.items[{i}].children", f"expected a tuple, got {_kind(item.children)}")
            for j, child in enumerate(item.children):
                if type(child) is not ListBlock:
                    raise _fail(f"{path}.items[{i}].children[{j}]", f"expected a ListBlock, got {_kind(child)}")
                self.list_block(child, f"{path}.items[{i}].children[{j}]", level + 1)

    def table(self, value: object, path: str) -> None:
        t = self.instance(value, StatsTable, path)
        self.runs(t.caption, f"{path}.caption", note="a table's caption")
        if not isinstance(t.headers, tuple):
            raise _fail(f"{path}.headers", f"expected a tuple of runs, got {_kind(t.headers)}")
        headers = [self.cell_runs(header, f"{path}.headers[{i}]") for i, header in enumerate(t.headers)]
        self.header_row(headers, f"{path}.headers")
        self.rows(t.rows, f"{path}.rows", len(headers), self.stats_cell)
        if not isinstance(t.notes, tuple):
            raise _fail(f"{path}.notes", f"expected a tuple, got {_kind(t.notes)}")
        for i, note in enumerate(t.notes):
            self.runs(note, f"{path}.notes[{i}]", note="a table's note")
        self.runs(t.source, f"{path}.source", note="a table's source")
        if not isinstance(t.several_sources, bool):
            raise _fail(f"{path}.several_sources", f"expected True or False, got {_kind(t.several_sources)}")

    def stats_cell(self, value: object, path: str) -> None:
        if isinstance(value, NumberCell):
            self.figure(value, path)
        elif isinstance(value, TextCell):
            self.cell_runs(value.runs, f"{path}.runs")
        else:
            raise _fail(path, f"expected a cell (TextCell or NumberCell), got {_kind(value)}")

    def plain_table(self, value: object, path: str) -> None:
        """A table of text: each cell runs (an empty cell none), a header row not all empty, rows as wide."""
        t = self.instance(value, Table, path)
        if t.caption != ():  # optional: no runs at all is none
            self.runs(t.caption, f"{path}.caption", note="a table's caption")
        if not isinstance(t.headers, tuple):
            raise _fail(f"{path}.headers", f"expected a tuple of cells, got {_kind(t.headers)}")
        for j, cell in enumerate(t.headers):
            self.plain_cell(cell, f"{path}.headers[{j}]")
        self.header_row([plain_text(cell) for cell in t.headers], f"{path}.headers")
        self.rows(t.rows, f"{path}.rows", len(t.headers), self.plain_cell)

    def plain_cell(self, value: object, path: str) -> None:
        """A plain table's cell: a tuple of runs (an empty cell none), without footnote references."""
        if value != ():
            self.cell_runs(value, path)
            if any(run.note is not None for run in typing.cast(tuple[Run, ...], value)):  # the loader's rule
                raise _fail(path, "a footnote reference is not allowed in a table cell; put it in the text")

    @staticmethod
    def header_row(texts: list[str], path: str) -> None:
        """A table's header row, as its cells' texts: at least one column, and one of them named."""
        if not texts:
            raise _fail(path, "must not be empty; a table has at least one column")
        if all(blank(text) for text in texts):
            raise _fail(path, "the table's header row is empty; name at least one column")

    def rows(self, value: object, path: str, width: int, cell: typing.Callable[[object, str], None]) -> None:
        """A table's rows: at least one, each a tuple of `width` cells, each checked by `cell`."""
        for i, row in enumerate(self.items(value, path, "the table has a header but no rows")):
            where = f"{path}[{i}]"
            if not isinstance(row, tuple):
                raise _fail(where, f"expected a tuple of cells, got {_kind(row)}")
            if len(row) != width:
                raise _fail(where, f"expected {width} cells, one per column, got {len(row)}")
            for j, item in enumerate(row):
                cell(item, f"{where}[{j}]")

    def figure(self, value: object, path: str) -> None:
        """A figure: its text a figure as written (as the loader reads one), its fields what that text says."""
        cell = self.instance(value, NumberCell, path)
        self.text(cell.text, f"{path}.text")
        for name in ("unit", "currency", "qualifier"):
            if getattr(cell, name) is not None:
                complaint = _unit_length(self.text(getattr(cell, name), f"{path}.{name}", empty=False, optional=True))
                if complaint:
                    raise _fail(f"{path}.{name}", complaint)
        for name in ("value", "high"):
            number = getattr(cell, name)
            if name == "high" and number is None:
                continue
            if isinstance(number, bool) or not isinstance(number, (int, float)):
                raise _fail(f"{path}.{name}", f"expected a number, got {_kind(number)}")
            if isinstance(number, float) and not math.isfinite(number):
                raise _fail(f"{path}.{name}", f"figure {_figure(number)} is not a finite number")
            if abs(number) >= _LARGEST:
                raise _fail(
                    f"{path}.{name}",
                    f"figure {_figure(number)} is larger than any figure of at most {MAX_FIGURE_DIGITS} digits "
                    "and a scale word (trillion) can be",
                )
        read = read_figure(cell.text, self.language)  # a scale word of the bulletin's language too
        if read is None:
            raise _fail(f"{path}.text", f"{_shown(cell.text)} is not a figure; {FIGURE_FORMS}")
        written = read.cell
        digits = figure_digits(written.text)
        if digits > MAX_FIGURE_DIGITS:
            raise _fail(
                f"{path}.text",
                f"figure {_shown(written.text, 24)} has more than {MAX_FIGURE_DIGITS} digits ({digits}); "
                "write it shorter, such as 2.5 million",
            )
        # A dump of before holds the fields as the reader gave them then (rules.read_before_prices).
        before = read_before_prices(written) == (cell.unit, cell.currency, cell.qualifier)
        for name in ("unit", "currency", "qualifier"):
            if getattr(cell, name) != getattr(written, name) and not before:
                raise _fail(
                    f"{path}.{name}",
                    f"{_shown(getattr(cell, name))} does not match the figure text {_shown(cell.text)}, "
                    f"which says {_shown(getattr(written, name))}",
                )
        # A value computed in code may carry more decimals than its text prints: they agree where it prints.
        slack = 0.5 * 10.0**-cell.decimals * read.scale
        for name in ("value", "high"):
            number, meant = getattr(cell, name), getattr(written, name)
            if (number is None) != (meant is None) or (
                meant is not None and abs(number - meant) > slack + 1e-12 * abs(meant)
            ):
                shown = "None" if number is None else _figure(number)
                raise _fail(path, f"figure text {_shown(cell.text)} does not match its {name} {shown}")

    def runs(self, value: object, path: str, may_be_blank: bool = False, note: str | None = None) -> str:
        """A paragraph's runs: Run objects, some text among them (with `may_be_blank`, they may show
        nothing), links of an allowed scheme, languages as tags; their text. `note`: what they are, when
        they are set as notes are, no longer than rules.MAX_NOTE_CHARS ("a table cell")."""
        runs = self.items(value, path, "a paragraph holds at least one run of text")
        texts, urls = [], []
        for i, item in enumerate(runs):
            where = f"{path}[{i}]"
            run = self.instance(item, Run, where)
            texts.append(self.text(run.text, f"{where}.text"))
            urls.append(run.url)
            for flag in ("emphasis", "strong"):
                if not isinstance(getattr(run, flag), bool):
                    raise _fail(f"{where}.{flag}", f"expected True or False, got {_kind(getattr(run, flag))}")
            if run.url is not None:
                complaint = url_complaint(self.text(run.url, f"{where}.url", optional=True, count=False))
                if complaint:
                    raise _fail(f"{where}.url", complaint)
            if run.note is not None:
                if isinstance(run.note, bool) or not isinstance(run.note, int) or run.note < 1:
                    raise _fail(f"{where}.note", f"expected a footnote number (1 or more), got {_shown(run.note)}")
                if run.text != str(run.note):
                    raise _fail(
                        f"{where}.text", f"a footnote reference's text is its number {run.note}, got {_shown(run.text)}"
                    )
            self.lang(run.lang, f"{where}.lang")
        complaint = word_complaint("".join(texts))
        if complaint:
            raise _fail(path, complaint)
        # A link's runs (one after another, one address) show something: a screen reader names it by them.
        for url, group in groupby(range(len(urls)), key=urls.__getitem__):
            members = list(group)
            if url is not None and blank("".join(texts[i] for i in members)):
                raise _fail(
                    f"{path}[{members[0]}].text", "a link's text shows nothing: write the words a reader follows it by"
                )
        text = "".join(texts)
        if not may_be_blank and blank(text):
            raise _fail(
                path, "empty paragraph; its runs hold no text" + (f", only {INVISIBLE}" if text.strip() else "")
            )
        complaint = note_complaint(text, note) if note else None
        if complaint:
            raise _fail(path, complaint)
        return text

    def cell_runs(self, value: object, path: str) -> str:
        """A table cell's or header's runs, which may be none or blank (an empty cell); its text."""
        return "" if value == () else self.runs(value, path, may_be_blank=True, note="a table cell")

    def lang(self, value: object, path: str) -> None:
        """A passage's language: None (the bulletin's), or a BCP 47 tag as the front matter's language."""
        complaint = (
            None
            if value is None
            else language_complaint(self.text(value, path, empty=False, optional=True, count=False))
        )
        if complaint:
            raise _fail(path, complaint)

    # -- the kinds of field ---------------------------------------------------------------

    def instance(self, value: object, cls: type[_T], path: str) -> _T:
        """`value` as a `cls`, with every field (a dataclass made by object.__new__ has none); "" is the root."""
        if not isinstance(value, cls):
            raise _fail(path or "bulletin", f"expected a {cls.__name__}, got {_kind(value)}")
        for name in _field_names(cls):
            if not hasattr(value, name):
                raise _fail(f"{path}.{name}" if path else name, "missing")
        return value

    def items(self, value: object, path: str, needed: str) -> tuple[object, ...]:
        """A tuple that is not empty; `needed` says what it must hold."""
        if not isinstance(value, tuple):
            raise _fail(path, f"expected a tuple, got {_kind(value)}")
        if not value:
            raise _fail(path, f"must not be empty; {needed}")
        return value

    def text(self, value: object, path: str, *, empty: bool = True, optional: bool = False, count: bool = True) -> str:
        """A str of characters every edition can carry; with `empty=False` not blank either."""
        if not isinstance(value, str):
            raise _fail(path, f"expected a str{' or None' if optional else ''}, got {_kind(value)}")
        complaint = character_complaint(value)
        if complaint:
            raise _fail(path, complaint)
        if not empty and blank(value):
            raise _fail(path, "must not be empty; give None for none" if optional else "must not be empty")
        if count:
            self.chars += len(value)
        return value

    def title(self, value: object, path: str, optional: bool = False) -> str:
        """A title, an issue, a subtitle or a heading: one line, set whole on one page (rules.title_complaint)."""
        text = self.text(value, path, empty=False, optional=optional)
        complaint = title_complaint(text)
        if complaint:
            raise _fail(path, complaint)
        return text

    def subject_part(self, text: str, path: str) -> None:
        """A text the mail's subject may hold: nothing it cannot carry (rules.subject_complaint)."""
        complaint = subject_complaint(text)
        if complaint:
            raise _fail(path, complaint)

    def texts(self, value: object, path: str) -> tuple[str, ...]:
        """A tuple of str (authors, keywords, phones, headers); any may be empty, as in the loader's lists."""
        if not isinstance(value, tuple):
            raise _fail(path, f"expected a tuple of str, got {_kind(value)}")
        return tuple(self.text(item, f"{path}[{i}]") for i, item in enumerate(value))
