"""Markdown source + YAML front matter + publisher file -> Bulletin.

The syntax (README.md, "The source format"): front matter, then sections that
each start with a level-1 heading and hold paragraphs, lists (items of one
paragraph, nested up to three levels), block quotes (the last paragraph
starting with an em dash is the attribution), `::: pull` quotes and `::: stats`
tables, and plain tables (a GFM table, its caption an optional "Table: …"
paragraph before it); inline markup (emphasis, strong, links, hard line breaks)
wherever there is text, and a language given to a span (`[text]{lang=az}`) or a
block (a `{lang=az}` line before it). Everything else is refused with file:line
and what is allowed. Parsing is markdown-it-py's; this module only maps its tokens.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as _field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .errors import SourceError
from .fields import Field, check_fields
from .inputs import (
    INVISIBLE,
    blank,
    check_references,
    confined,
    figure_picture,
    normalise_text,
    picture,
    read_text,
    remember_source,
)
from .model import (
    LINE_BREAK,
    LOCALITY,
    MAX_LIST_DEPTH,
    Block,
    Bulletin,
    Cell,
    Figure,
    Footnote,
    ListBlock,
    ListItem,
    Metadata,
    Paragraph,
    Publisher,
    Quote,
    Run,
    Runs,
    Section,
    StatsTable,
    Subheading,
    Table,
    TextCell,
)
from .rules import (
    EMAIL,
    EMAIL_RULE,
    LANGUAGE_RULE,
    MAX_FIGURE_DIGITS,
    MAX_TITLE_CHARS,
    NO_FIGURE,
    AmbiguousFigure,
    date_complaint,
    figure_digits,
    figure_forms,
    in_own_scale,
    in_point_notation,
    language_complaint,
    locality_complaint,
    note_complaint,
    parse_number,
    revised_complaint,
    script_complaint,
    subject_complaint,
    title_complaint,
    unsubscribe_complaint,
    url_complaint,
    website_complaint,
    with_decimal_point,
    word_complaint,
)
from .styles import section_number
from .translations import keyword_at_start, keywords, primary_subtag, translate
from .typography import MODES, PREFIX_CONTEXT, Quotations, group_figures, house
from .yamlfile import WrittenInt, load_mapping

CONTAINERS = ("pull", "stats", "byline", "standfirst", "figure")
ALLOWED_BLOCKS = (
    "paragraphs, ## sub-headings, lists (- or 1.), block quotes (>), tables, pictures, "
    "::: pull, ::: stats and ::: figure"
)
LIST_ITEM = "a list item holds one paragraph of text, then any lists nested in it (- or 1., indented under its text)"
_LISTS = ("bullet_list_open", "ordered_list_open")
# What a token is, as an error names what may not stand where it stands.
_KINDS = {
    "paragraph_open": "a second paragraph",
    "blockquote_open": "a block quote",
    "code_block": "an indented code block",
    "fence": "a fenced code block",
    "hr": "a horizontal rule",
    "heading_open": "a heading",
    "table_open": "a table",
    "html_block": "raw HTML",
}


def _kind(token: Token) -> str:
    """What a block token is, in an editor's words ("a heading", "a ::: container")."""
    return _KINDS.get(token.type, "a ::: container" if token.type.startswith("container_") else token.type)


# An attribution's first paragraph starts with one of these: em dash, en dash (European usage), three or two
# hyphens (the longer first: "--- Name" printed "- Name").
ATTRIBUTION_DASHES = ("—", "–", "---", "--")
# Section numerals as an editor may have copied them from an old issue: "II.", "2)", "IV:", "3 –".
_OWN_NUMERAL = re.compile(r"([IVXLCDM]+|\d+)\s*([.):\u2013\u2014-])\s", re.IGNORECASE)
# Numerals refused whatever the section's place (an old issue's "II." over section I printed "I. II. Title"):
# Roman ones of two capitals or more ("V. Putin" is an initial) and any number before ")"; "3. Oktober" and
# "1. FC Köln" are German titles. Not in the languages that write ordinals so: "II. Dünya Savaşı", "XX. század",
# "II. světová válka" are titles there.
_ANY_SECTION_ROMAN = frozenset(section_number(i, "upper-roman") for i in range(100)) - set("IVXLC")
_DOTTED_ORDINALS = frozenset(
    ["de", "tr", "hu", "cs", "sk", "pl", "hr", "sl", "sr", "bs", "fi", "da", "nb", "nn", "no", "is", "et", "lv", "lt"]
)
_ESCAPABLE = ".):-"  # the marks a backslash escapes in Markdown (ASCII punctuation; not – or —)
# Cyrillic and Greek letters typed for Roman numerals' (a Russian "І." is Cyrillic І): read as those.
_NUMERAL_LOOKALIKES = str.maketrans("ІіХхСсМмΙΧ", "IiXxCcMmIX")
SOURCE_PREFIX = "Source:"
# What may follow "::: figure": nothing (the column's width) or the width across the page's columns.
FIGURE_WIDTHS = {"": "column", "{width=column}": "column", "{width=full}": "full"}
FIGURE_USAGE = (
    "::: figure holds a picture ![alt text](file.png) on a line of its own, a caption paragraph "
    "and an optional 'Credit: …' paragraph, in that order"
)
PICTURE_IN_TEXT = (
    "a picture inside text is not allowed; put ![alt text](file.png) on a line of its own, "
    "or in a ::: figure with its caption"
)
TABLE_PREFIX = "Table:"  # a paragraph right before a plain table that starts so is its caption

_SPACES = re.compile(r"[ \t\n]+")
# A footnote reference markdown-it left as text, its label having no definition (a backslash escapes it).
_UNDEFINED_NOTE = re.compile(r"(?<!\\)\[\^([^\]\s]+)\](?!:)")
# Marks Markdown left as text that open something never closed: a '*' before a word's first letter, where no
# other would stand ("*routine." with no '*' after it; "5 * 3", "p<0.05*", "AA*" and "*.pdf" are text, and so is
# a note's asterisk before a capital or a digit, "*Provisional figures", "*2023 restated"), and a link's text
# whose ']' is missing ("[contact page(https://…)").
_OPENING_MARK = re.compile(r"(?:^|(?<=[\s(\[{\"'“‘«—–-]))\*(?=[^\W\d_])[^\s*_\\&<`\[\]]{1,11}")
_LINK_ADDRESS = re.compile(r"\((?:https?://|mailto:|www\.)")

# The attributes a {…} may give (mdit-py-plugins attrs: `[text]{lang=az}` after a span of text, a `{lang=az}`
# line before a block) and the tokens each may sit on. Anything else is refused: add a row for a new one.
ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "lang": (
        "span_open",
        "link_open",
        "paragraph_open",
        "blockquote_open",
        "container_pull_open",
        "bullet_list_open",
        "ordered_list_open",
    ),
}
LANG_PLACES = (
    "[text]{lang=az} after a span of text, or a {lang=az} line before a paragraph, block quote, ::: pull or list"
)
# What a token that may not carry an attribute is, as an error names it.
_TOKEN_NAMES = {
    "heading_open": "a heading",
    "table_open": "a table",
    "code_inline": "inline code",
    "image": "an image",
    "hr": "a horizontal rule",
    "fence": "a code block",
    "code_block": "a code block",
    "container_stats_open": "::: stats",
    "container_byline_open": "::: byline",
    "container_standfirst_open": "::: standfirst",
}


def _did_you_mean(name: str) -> str:
    """' (did you mean "::: stats"?)' for a misspelt container name, or ''."""
    import difflib  # only when there is a mistake to suggest for

    match = difflib.get_close_matches(name.lower(), CONTAINERS, n=1, cutoff=0.6)
    return f' (did you mean "::: {match[0]}"?)' if match else ""


def _raw_html(markup: str) -> str:
    shown = markup.strip().splitlines()[0][:40] if markup.strip() else "<…>"
    return (
        f"raw HTML {shown} is not allowed; write plain text (H₂O, CO₂, km²) "
        "and Markdown: *emphasis*, **strong**, [text](https://…)"
    )


def _one_line_complaint(text: str) -> str | None:
    """A title's, subtitle's or issue's: one line of at most 300 characters that a mail's subject can carry,
    and no pandoc scripts."""
    return title_complaint(text) or subject_complaint(text) or script_complaint(text)


FRONT_MATTER = {
    "title": Field("str", required=True, check=_one_line_complaint),
    "subtitle": Field("str", check=_one_line_complaint),
    "summary": Field(
        "str",
        check=lambda v: "is one paragraph: no blank lines" if re.search(r"\n\s*\n", v) else script_complaint(v),
    ),
    "issue": Field("str", required=True, check=_one_line_complaint),
    "date": Field("date", required=True, check=date_complaint),
    "revised": Field("date", check=date_complaint),
    "language": Field("str", check=language_complaint),
    "identifier": Field("str"),
    "authors": Field("strs"),
    "keywords": Field("strs"),
    "style": Field("str"),
    "publisher": Field("str", required=True),
    "typography": Field("str", check=lambda v: None if v in MODES else f"must be {' or '.join(MODES)}"),
}

PUBLISHER = {
    # the mail's subject may hold the name and short name ({publisher}, {short_name}): nothing it cannot carry
    "name": Field("str", required=True, check=subject_complaint),
    "street": Field("str", required=True),
    "city": Field("str", required=True),
    "postcode": Field("str", required=True),
    "country": Field("str", required=True),
    "locality": Field("str", check=locality_complaint),
    "short_name": Field("str", check=subject_complaint),
    "phones": Field("strs"),
    "email": Field("str", check=lambda v: None if EMAIL.match(v) else EMAIL_RULE),
    "website": Field("str", check=website_complaint),
    "logo": Field("str"),
    "unsubscribe": Field("str", check=unsubscribe_complaint),
}


def _alt_text(children: list[Token]) -> str:
    """An image's alt text as a reader hears it: its inline markup read ("*rising*" is "rising"), entities
    decoded ("AT&amp;T" is "AT&T"), and raw HTML kept as the text it is (markdown-it's own renderer
    drops it)."""
    out = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image":
            out.append(_alt_text(child.children or []))
    return "".join(out)


def _parser() -> MarkdownIt:
    # Strikethrough and raw HTML are parsed only to be refused with their line (sources print neither).
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.use(front_matter_plugin)
    for name in CONTAINERS:
        md.use(container_plugin, name)
    # [^label] and [^label]: text (not ^[inline notes]); the plugin moves every definition to a footnote block
    # at the end and keeps only the first of two with one label, so the definitions are noted before it does.
    md.use(footnote_plugin, inline=False)
    md.core.ruler.before("footnote_tail", "note_definitions", _note_definitions)
    # {…} attributes: those ATTRIBUTES does not name are kept aside (meta "insecure_attrs") to be refused.
    md.use(attrs_plugin, spans=True, allowed=tuple(ATTRIBUTES))
    md.use(attrs_block_plugin, allowed=tuple(ATTRIBUTES))
    md.core.ruler.before("attr", "attr_orphans", _attr_orphans)
    # Let every link through the parser so that a refused scheme is an error
    # with its line, not silently left as literal text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # markdown-it's way to replace the check
    # mdurl fills its percent-encoding tables on the first link it meets, after it has put them in its cache:
    # a second thread's first link read a half-filled one (IndexError from loads() in a service's first
    # requests). Both kinds are filled here, once, while the module is imported.
    md.parse("[a](b) <http://c>")  # a link, and an autolink (whose text is decoded)
    return md


def _note_definitions(state: StateCore) -> None:
    """Every footnote definition's label and line, in the source's order, as env["definitions"]."""
    state.env["definitions"] = [
        (token.meta["label"], _line(token)) for token in state.tokens if token.type == "footnote_reference_open"
    ]


def _attr_orphans(state: StateCore) -> None:
    """Note the lines of {…} lines that stand before no block (the plugin drops them without a word)."""
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "attrs_block" and (i + 1 == len(tokens) or tokens[i + 1].nesting < 0):
            state.env.setdefault("attr_orphans", []).append(token.map[0] if token.map else 0)


_MD = _parser()


def load(path: str | Path, inputs: dict[Path, str | None] | None = None) -> Bulletin:
    """Read a bulletin source file; every problem raises SourceError with file:line.

    `inputs`, when given, receives every file that was read, so a build can tell
    whether anything changed: the source and the publisher file with the text
    the bulletin was made from (a file saved again while it was read is not the
    one read), the pictures and the logo with None (the renderers read them).
    """
    path = Path(path)
    text = read_text(path, SourceError, "source")
    loader = _Loader(path, text, path.parent)
    loader.inputs[path] = text
    bulletin = loader.bulletin()
    if inputs is not None:
        inputs.update(loader.inputs)
    return bulletin


def loads(text: str, base_dir: str | Path | None = None, name: str = "<string>") -> Bulletin:
    """Parse a bulletin source held in memory. Files it names (its publisher file, a logo) are looked up
    inside `base_dir` and may not leave it; with no base_dir it may name none. Errors say `name:line`."""
    root = None if base_dir is None else Path(base_dir)
    return _Loader(Path(name), normalise_text(text, name, SourceError, "source"), root).bulletin()


# Lists editors write on one line, split at commas; any other list key takes a single string as one item.
_COMMA_LISTS = {"keywords"}


def _as_written(data: dict[str, Any], spec: dict[str, Field]) -> None:
    """The front matter or publisher file as editors write it: one string where a list of strings goes
    (`authors: AIR Center`; `keywords: a, b` is two keywords), a whole number where text goes (`postcode:
    1005`, `issue: 2024`: YAML reads them as numbers), as written (`postcode: 01005`). Text, a list's items
    too, is stripped here, before it is checked, as it is kept (a YAML block leaves a line break at its end)."""
    for key, field in spec.items():
        value = data.get(key)
        if field.kind == "strs" and isinstance(value, str):
            data[key] = [p.strip() for p in value.split(",") if p.strip()] if key in _COMMA_LISTS else [value.strip()]
        elif field.kind == "strs" and isinstance(value, list):
            data[key] = [item.strip() if isinstance(item, str) else item for item in value]
        elif field.kind == "str" and isinstance(value, int) and not isinstance(value, bool):
            data[key] = value.written if isinstance(value, WrittenInt) else str(value)
        elif field.kind == "str" and isinstance(value, str):
            data[key] = value.strip()


class _Loader:
    def __init__(self, path: Path, text: str, root: Path | None) -> None:
        self.path = path  # what errors name
        check_references(text, path, SourceError)
        # Composed (NFC): a letter and its accent typed apart (macOS, transliteration tools) are the one
        # letter every edition sets and every search finds; lines and their numbers stay as they are.
        self.text = unicodedata.normalize("NFC", text)
        self.root = root  # where the files the source names are, or None: it may name none
        self.lines = self.text.split("\n")
        self.inputs: dict[Path, str | None] = {}  # load()'s
        self.pictures: dict[str, Path] = {}  # each picture checked once, however often it is used
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

    # -- front matter and publisher ------------------------------------------------

    def bulletin(self) -> Bulletin:
        tokens = _MD.parse(self.text, self.env)
        if not tokens or tokens[0].type != "front_matter":
            if self.lines[0].strip() == "---":
                raise self.fail("front matter is not closed by a --- line", 0)
            raise self.fail("the file must start with YAML front matter between --- lines", 0)
        front = tokens[0]
        assert front.map is not None
        if self.lines[front.map[1] - 1].strip() != "---":
            raise self.fail("front matter is not closed by a --- line", 0)
        meta = self.metadata(front)
        for line0 in self.env.get("attr_orphans", ())[:1]:
            raise self.fail(
                "a {…} line stands before no block; put {lang=az} directly before the paragraph, block quote, "
                "::: pull or list it applies to",
                line0,
            )
        self.check_attributes(tokens)
        self.check_fences_closed(tokens)
        end = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"), len(tokens))
        introduction, sections = self.body(tokens[1:end])
        footnotes = self.footnotes(tokens[end:])
        bulletin = Bulletin(
            metadata=meta[0], publisher=meta[1], sections=sections, introduction=introduction, footnotes=footnotes
        )
        remember_source(bulletin, str(self.path), self.text)
        return bulletin

    def check_fences_closed(self, tokens: list[Token]) -> None:
        """A ``` line that no ``` closes makes the rest of the file code: whatever it swallowed (a footnote's
        text, a heading) would be reported missing, far from the mistake. It is named first, at its line."""
        for token in tokens:
            if token.type != "fence" or token.map is None:
                continue
            start, end = token.map
            last = self.lines[end - 1].strip().lstrip("> ").strip() if end - 1 > start else ""
            if not (len(last) >= len(token.markup) and set(last) == {token.markup[0]}):
                raise self.fail(
                    f"this {token.markup} opens a fenced code block that no {token.markup} line closes, so the rest "
                    f"of the file is taken for code; remove it (fenced code blocks are not allowed; allowed: "
                    f"{ALLOWED_BLOCKS})",
                    start,
                )

    def metadata(self, front: Token) -> tuple[Metadata, Publisher]:
        data, lines = load_mapping(front.content, self.path, SourceError, first_line=2)
        for key in ("date", "revised"):
            written = data.get(key)
            if isinstance(written, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", written := written.strip()):
                try:  # quoted, '2024-11-30' is still the date it looks like
                    data[key] = dt.date.fromisoformat(written)
                except ValueError:
                    raise SourceError(f"{key} {written} is not a calendar date", self.path, lines.get(key)) from None
        _as_written(data, FRONT_MATTER)
        check_fields(data, FRONT_MATTER, file=self.path, line_of=lines.get, error=SourceError)
        if data.get("revised") and (complaint := revised_complaint(data["revised"], data["date"])):
            raise SourceError(f"revised {complaint}", self.path, lines.get("revised"))
        self.language = data.get("language") or "en"
        if data.get("typography", "house") == "house":
            self.house = data.get("language") or "en"
            for key in ("title", "subtitle", "summary"):
                if isinstance(data.get(key), str):
                    data[key] = house(data[key], self.house)
            if isinstance(data.get("authors"), list):  # names, as the text sets them ("O'Neill" is O’Neill)
                data["authors"] = [house(name, self.house) for name in data["authors"]]
        publisher = self.publisher(data["publisher"], lines.get("publisher"))
        style = data.get("style") or "plain"
        if style.endswith(".toml") and self.root is not None:
            # content may name a style file inside its own folder only, as build reads it: refused here too,
            # since a program reading the source may hand metadata.style to load_style
            confined(self.root, style, SourceError, self.path, lines.get("style"))
        metadata = Metadata(
            title=data["title"],
            subtitle=data.get("subtitle") or None,
            summary=_SPACES.sub(" ", data.get("summary") or "") or None,
            issue=data["issue"],
            date=data["date"],
            language=data.get("language") or "en",
            identifier=data.get("identifier"),
            authors=tuple(data.get("authors") or ()),
            keywords=tuple(data.get("keywords") or ()),
            style=style,
            revised=data.get("revised"),
        )
        return metadata, publisher

    def publisher(self, name: str, line: int | None) -> Publisher:
        root = self.root
        if root is None:
            raise SourceError(f"publisher file {name!r} cannot be read: loads() was given no base_dir", self.path, line)
        path = confined(root, name, SourceError, self.path, line)
        if not path.is_file():  # said where the source names it, not only which file is missing
            raise SourceError(f"publisher file not found: {name!r} in {root}", self.path, line)
        text = unicodedata.normalize("NFC", read_text(path, SourceError, "publisher file"))  # as the source's
        self.inputs[path] = text
        data, lines = load_mapping(text, path, SourceError)
        _as_written(data, PUBLISHER)
        check_fields(data, PUBLISHER, file=path, line_of=lines.get, error=SourceError)
        if self.house:  # the name and address as the bulletin's text is set; phones, email and web as written
            for key in ("name", "short_name", "street", "city", "country"):
                if isinstance(data.get(key), str):
                    data[key] = house(data[key], self.house)
        logo = data.get("logo")
        if logo is not None:
            logo_path = picture(root, logo, SourceError, path, lines.get("logo"))
            logo = str(logo_path)  # resolved: renderers have no source folder to resolve against
            self.inputs[logo_path] = None
        return Publisher(
            name=data["name"],
            street=data["street"],
            city=data["city"],
            postcode=data["postcode"],
            country=data["country"],
            phones=tuple(data.get("phones") or ()),
            email=data.get("email"),
            website=data.get("website"),
            logo=logo,
            unsubscribe=data.get("unsubscribe"),
            locality=data.get("locality", LOCALITY),
            short_name=data.get("short_name") or None,
        )

    # -- attributes ----------------------------------------------------------------

    def check_attributes(self, tokens: list[Token]) -> None:
        """Every {…} attribute is one ATTRIBUTES allows, where it allows it; a language is a language tag."""
        for token in tokens:
            line0 = _line(token)
            for child in token.children or ():
                self.check_attribute(child, line0, token)
            self.check_attribute(token, line0, None)

    def check_attribute(self, token: Token, line0: int, inline: Token | None) -> None:
        refused = token.meta.get("insecure_attrs") if token.meta else None
        if refused:
            key, value = sorted(refused.items())[0]
            shown = {"class": f".{value}", "id": f"#{value}"}.get(key, f"{key}={value}")
            line0 = self.line_containing(shown, line0, inline) if inline else self.attribute_line(shown, line0)
            raise self.fail(
                f"attribute {{{_clipped(shown)}}} is not allowed; the only attribute is a language: {LANG_PLACES}",
                line0,
            )
        for key, places in ATTRIBUTES.items():
            value = token.attrs.get(key)
            if value is None:
                continue
            value = str(value)
            if inline is not None:
                line0 = self.line_containing(f"{key}={value}", line0, inline)
            else:
                line0 = self.attribute_line(f"{key}=", line0)
            if len(value) > MAX_TAG_CHARS:  # pasted text: its message quoted it all (50 KB on one line)
                raise self.fail(
                    f"language tag {_clipped(value)!r} is {len(value):,} characters long; a tag such as az, en-GB "
                    f"or sr-Latn is at most {MAX_TAG_CHARS}",
                    line0,
                )
            if token.type not in places:
                what = _TOKEN_NAMES.get(token.type, token.type.removesuffix("_open").replace("_", " "))
                raise self.fail(f"{{{key}={value}}} is not allowed on {what}; write {LANG_PLACES}", line0)
            complaint = language_complaint(value) if key == "lang" else None
            if complaint and complaint.startswith(LANGUAGE_RULE):
                hint = complaint[len(LANGUAGE_RULE) :]  # "; did you mean 'ru-RU'?"
                raise self.fail(f"language tag {value!r} is not a BCP 47 tag such as az, en-GB or sr-Latn{hint}", line0)
            if complaint:
                raise self.fail(f"language tag {complaint}", line0)

    def attribute_line(self, needle: str, line0: int) -> int:
        """The {…} line above a block (line0) that holds `needle`; line0 when there is none."""
        at = line0 - 1
        while at >= 0 and (not self.lines[at].strip() or self.lines[at].lstrip().startswith("{")):
            if needle in self.lines[at]:
                return at
            at -= 1
        return line0

    # -- body ----------------------------------------------------------------------

    def body(self, tokens: list[Token]) -> tuple[tuple[Block, ...], tuple[Section, ...]]:
        """The introduction (the blocks before the first # heading) and the sections."""
        introduction: list[Block] = []
        sections: list[Section] = []
        heading: _Heading | None = None
        stream = _Stream(tokens)
        for token in stream:
            if token.type == "heading_open":
                line0 = _line(token)
                level = int(token.tag[1:])
                if level > 2:
                    raise self.fail(
                        f"a level-{level} heading ({'#' * level}) is not allowed; "
                        "sections start with # Title and may hold ## sub-headings",
                        line0,
                    )
                title = self.title(stream, line0, "section title" if level == 1 else "sub-heading")
                if level == 2:
                    if heading is None:
                        raise self.fail(
                            "a ## sub-heading belongs inside a section; start the section with # Title", line0
                        )
                    heading.blocks.append(Subheading(title))
                    heading.lines.append(line0)
                    continue
                if heading is not None:
                    sections.append(self.section(heading))
                self.check_numeral(title, len(sections), line0)
                heading = _Heading(title, line0)
                self.article(heading, stream)
                continue
            block = self.block(token, stream)
            if heading is None:
                introduction.append(block)
            else:
                heading.blocks.append(block)
                heading.lines.append(_line(token))
        if heading is None:
            raise self.fail("the bulletin has no sections; start each with # Title", len(self.lines) - 1)
        sections.append(self.section(heading))
        return tuple(introduction), tuple(sections)

    def title(self, stream: _Stream, line0: int, what: str) -> str:
        title = self.plain(stream.inline(), line0).strip()
        stream.expect("heading_close")
        if blank(title):  # a zero-width space alone is no title either
            raise self.fail(f"a heading has no title; write the {what} after the #", line0)
        if len(title) > MAX_TITLE_CHARS:
            raise self.fail(f"{what} is {len(title)} characters long; at most {MAX_TITLE_CHARS} are allowed", line0)
        return title

    def check_numeral(self, title: str, index: int, line0: int) -> None:
        """A title copied with a numeral would print "II. II. Title" (or "I. II. Title"): refused, not guessed
        at. A title that does begin so escapes its mark: `# II\\. Vatican Council`."""
        match = _OWN_NUMERAL.match(title.translate(_NUMERAL_LOOKALIKES) + " ")  # one letter for one: same places
        if not match:
            return
        written, mark = match.group(1).upper(), match.group(2)
        own = written in (str(index + 1), section_number(index, "upper-roman"))
        roman = match.group(1) in _ANY_SECTION_ROMAN and primary_subtag(self.language) not in _DOTTED_ORDINALS
        numbered = (mark == "." and roman) or (mark == ")" and (roman or written.isdigit()))
        escaped = mark in _ESCAPABLE and "\\" + mark in self.lines[line0].lstrip("# ")[: match.end() + 1]
        if not (own or numbered) or escaped:
            return
        numeral, rest = title[: match.end()].strip(), title[match.end() :].strip() or "Title"
        escape = f" (or '# {numeral[:-1]}\\{mark} {rest}' for a title that begins so)" if mark in _ESCAPABLE else ""
        raise self.fail(
            f"section title starts with {'its' if own else 'a section'} numeral {numeral!r}; "
            f"the style numbers sections: write '# {rest}'{escape}",
            line0,
        )

    def article(self, heading: _Heading, stream: _Stream) -> None:
        """The optional ::: byline and ::: standfirst directly after a section heading, in that order."""
        for name in ("byline", "standfirst"):
            token = stream.peek()
            if token is None or token.type != f"container_{name}_open":
                continue
            next(stream)
            self.check_closed(token)
            paragraphs = self.paragraphs_until(stream, f"container_{name}_close", f"a ::: {name}", single=True)
            if len(paragraphs) != 1:
                raise self.fail(f"a ::: {name} holds exactly one paragraph", _line(token))
            setattr(heading, name, paragraphs[0][0])

    def section(self, heading: _Heading) -> Section:
        if not heading.blocks:
            raise self.fail(
                f"section {heading.title[:60]!r} has no content; give it at least one paragraph", heading.line0
            )
        if isinstance(heading.blocks[-1], Subheading):
            raise self.fail("a ## sub-heading must be followed by the text it heads", heading.lines[-1])
        return Section(
            title=heading.title, blocks=tuple(heading.blocks), byline=heading.byline, standfirst=heading.standfirst
        )

    def paragraph_runs(self, token: Token, stream: _Stream, lang: str | None = None) -> Runs:
        """The runs of the paragraph `token` opens: in its own {lang=…} if it has one, else in `lang`, the
        language of what holds it (marked on the holder, so not again on each run)."""
        own = _lang(token)
        inline = stream.inline()
        self.refuse_table_as_text(inline.content, _line(token))
        runs = self.runs(inline, _line(token), own or lang)
        return _in_language(runs, own if own != lang else None)

    def refuse_table_as_text(self, raw: str, line0: int) -> None:
        """Lines of "| cell | cell |" that Markdown read as a paragraph: a table with no delimiter row under
        its header row, or one of another number of cells (a trial's '|---|' under two headers printed the
        pipes in every edition)."""
        lines = [line.strip() for line in raw.strip().split("\n")]
        rows = [line for line in lines if line.startswith("|") and line.endswith("|") and line.count("|") >= 3]
        if len(rows) > 1 or rows == lines:  # under a line of text too ("The figures:"): a table may follow one
            raise self.fail(
                "these lines look like a table, but Markdown reads them as text: under the header row, a "
                "delimiter row of one cell per column ('|---|---|'; ':' aligns, '|:--|--:|'); "
                "write \\| for a | that opens a line",
                line0 + lines.index(rows[0]),
            )

    def refuse_lang_on_picture(self, token: Token) -> None:
        """A picture on a line of its own has no text to be in a language: {lang=…} before it is a mistake."""
        if _lang(token):
            line = self.attribute_line("lang=", _line(token))
            raise self.fail(f"{{lang={_lang(token)}}} is not allowed on a picture; write {LANG_PLACES}", line)

    def block(self, token: Token, stream: _Stream) -> Block:
        line0 = _line(token)
        if token.type == "paragraph_open":
            image = _only_image(stream.peek())
            if image is not None:  # a picture on a line of its own: a figure, its title the caption
                self.refuse_lang_on_picture(token)
                next(stream)
                stream.expect("paragraph_close")
                title = str(image.attrs.get("title") or "").strip()
                title = "" if blank(title) else title  # a title of invisible characters is none
                self.refuse_script(title, line0)
                if _UNDEFINED_NOTE.search(title):  # the title is one string: Markdown reads nothing in it
                    raise self.fail(
                        "a footnote reference in a picture's title is printed as typed; set the picture in a "
                        "::: figure, whose caption may hold one",
                        line0,
                    )
                caption = (Run(house(title, self.house) if self.house else title),) if title else ()
                self.bounded(caption, line0, "a figure's caption")
                return Figure(self.picture(image, line0), self.alt(image, line0), caption)
            lang = _lang(token)
            inline = stream.inline()
            raw = inline.content.lstrip()  # a misspelt container is named before a picture in it is refused
            runs = (
                (Run(_SPACES.sub(" ", raw)),)
                if raw.startswith(":::") and _has_image(inline)
                else self.runs(inline, line0, lang)
            )
            stream.expect("paragraph_close")
            spaced = _SPACED_NOTE.match(raw)  # "[^debt brake]: ...": Markdown reads it as text
            if spaced:
                label = spaced.group(1)
                raise self.fail(
                    f"footnote label [^{label}] holds a space; a label is one word, as [^{'-'.join(label.split())}]",
                    line0,
                )
            if _UNSPACED_HEADING.match(raw):  # "##Our forecast": Markdown reads it as text
                first = raw.split("\n")[0][:60]
                title = first.lstrip("#")
                marks = first[: len(first) - len(title)]
                raise self.fail(
                    f"{first!r} is not a heading: a heading has a space after its {marks} ('{marks} {title}'); "
                    "write \\# for a # that opens a paragraph",
                    line0,
                )
            self.refuse_table_as_text(raw, line0)
            text = "".join(r.text for r in runs).lstrip()
            table_label = self.keyword(text, "Table")
            # "Table:" captions the table after it (and is an error without one); the word in the bulletin's
            # language ("Tabelle: siehe Anhang.") does only when a table follows, else it is a paragraph
            after = stream.peek()
            if table_label == TABLE_PREFIX or (table_label and after is not None and after.type == "table_open"):
                return self.captioned_table(runs, stream, line0, table_label)
            if text.startswith(":::"):
                name = text[3:].strip().split(" ")[0] or "(nothing)"
                raise self.fail(
                    f"unknown or misplaced container '::: {name}'{_did_you_mean(name)}; "
                    "allowed: ::: pull, ::: stats and ::: figure in the text, "
                    "::: byline and ::: standfirst after a # heading",
                    line0,
                )
            return Paragraph(runs, lang)
        if token.type == "blockquote_open":
            return self.quote(stream, "blockquote_close", "block", line0, _lang(token))
        if token.type in ("container_byline_open", "container_standfirst_open"):
            raise self.fail(
                f"::: {token.type.split('_')[1]} goes directly after a section's # heading "
                "(::: byline first, then ::: standfirst)",
                line0,
            )
        if token.type.startswith("container_"):
            self.check_closed(token)
            if token.type == "container_pull_open":
                return self.quote(stream, "container_pull_close", "pull", line0, _lang(token))
            if token.type == "container_figure_open":
                return self.figure(stream, token, line0)
            return self.stats(stream, line0)
        if token.type == "table_open":
            return self.plain_table(stream, line0)
        if token.type in _LISTS:
            return self.list_block(token, stream, 1)
        kind = {
            "code_block": "an indented code block",
            "fence": "a fenced code block",
            "hr": "a horizontal rule",
        }.get(token.type, token.type)
        if token.type == "html_block":
            raise self.fail(_raw_html(token.content), line0)
        raise self.fail(f"{kind} is not allowed here; allowed: {ALLOWED_BLOCKS}", line0)

    def list_block(self, opener: Token, stream: _Stream, level: int, outer: str | None = None) -> ListBlock:
        """A list whose opening token was just read: its items, each one paragraph and any nested lists. Its
        language is its {lang=…} (None: the one of the list it is in, `outer`, or the bulletin's)."""
        if level > MAX_LIST_DEPTH:
            raise self.fail(
                "lists nest at most three levels; write this one as an item of the list above it, or as a paragraph",
                _line(opener),
            )
        ordered = opener.type == "ordered_list_open"
        close = "ordered_list_close" if ordered else "bullet_list_close"
        items: list[ListItem] = []
        for token in stream:
            if token.type == close:
                break
            assert token.type == "list_item_open", token.type  # markdown-it gives a list only its items
            items.append(self.list_item(token, stream, level, _lang(opener) or outer))
        return ListBlock(tuple(items), ordered=ordered, start=int(opener.attrs.get("start", 1)), lang=_lang(opener))

    def list_item(self, opener: Token, stream: _Stream, level: int, lang: str | None = None) -> ListItem:
        runs: Runs = ()
        children: list[ListBlock] = []
        for token in stream:
            if token.type == "list_item_close":
                break
            if token.type == "paragraph_open" and not runs and not children:
                # "- {lang=fr}" then the item's text: the item's own language, as a quote's paragraph has it
                runs = self.paragraph_runs(token, stream, lang)
                stream.expect("paragraph_close")
            elif token.type in _LISTS and runs:
                children.append(self.list_block(token, stream, level + 1, lang))
            elif token.type in _LISTS:
                # "1. 24. April 2025: …": Markdown reads the date's "24." as a list in the item.
                date = "; a number and a full stop opening an item start a list: write 24\\. for a date's day"
                hint = date if token.type == "ordered_list_open" else ""
                raise self.fail(
                    f"a list item starts with its own text, not a nested list; {LIST_ITEM}{hint}", _line(token)
                )
            elif token.type == "html_block":
                raise self.fail(_raw_html(token.content), _line(token))
            else:
                raise self.fail(f"{_kind(token)} is not allowed in a list item; {LIST_ITEM}", _line(token))
        if not runs:
            raise self.fail("this list item is empty; write its text after the - or 1.", _line(opener))
        return ListItem(runs, tuple(children))

    def check_closed(self, token: Token) -> None:
        assert token.map is not None
        end = token.map[1]  # the plugin's map stops before the closing marker line
        closer = self.lines[end].strip() if end < len(self.lines) else ""
        if not closer or set(closer) != {":"}:
            raise self.fail(f"'{token.info.strip() or ':::'}' container is not closed by a ::: line", _line(token))

    def paragraphs_until(
        self, stream: _Stream, close: str, what: str, lang: str | None = None, single: bool = False
    ) -> list[tuple[Runs, int]]:
        """The paragraphs up to `close`, in the container's language `lang`; one with a {lang=…} of its own
        has its runs carry it. A `single` paragraph's container that goes on after it has most likely lost
        its closing ::: line, and swallowed the text after it: said so at its paragraph, before anything
        it swallowed is read (a picture there was reported as "a picture inside text")."""
        found: list[tuple[Runs, int]] = []
        for token in stream:
            if token.type == close:
                return found
            if token.type in _LISTS:
                raise self.fail(f"a list cannot stand in {what}, which holds only paragraphs", _line(token))
            if token.type != "paragraph_open":
                message = f"{what} may hold only paragraphs, not {_kind(token)}"
                if ":::" in what and (
                    token.type == "heading_open" or token.type.startswith("container_") or self.swallows(token)
                ):
                    message += "; is the ::: line that closes it missing above?"  # what it swallowed shows it
                raise self.fail(message, _line(token))
            if single and found:  # before its runs are read: a picture there was taken for the error
                raise self.fail(
                    f"{what} holds exactly one paragraph, and this one goes on at line {_line(token) + 1}; "
                    "is the ::: line that closes it missing after its paragraph?",
                    found[0][1],
                )
            found.append((self.paragraph_runs(token, stream, lang), _line(token)))
            stream.expect("paragraph_close")
        raise self.fail(f"{what} is not closed", None)

    def swallows(self, token: Token) -> bool:
        """Whether a ::: container holding `token` has lost its closing line: the first ::: line after the
        token opens another container (its closing line is what ended this one), rather than closing it."""
        for line in self.lines[_line(token) :]:
            marks = line.strip()
            if marks.startswith(":::"):
                return bool(marks.strip(":").strip())
        return False

    def quote(self, stream: _Stream, close: str, kind: str, line0: int, lang: str | None = None) -> Quote:
        what = "a block quote" if kind == "block" else "a ::: pull quote"
        first = stream.peek()
        if kind == "pull" and lang is None and first is not None and first.type == "paragraph_open" and _lang(first):
            # A {lang=…} line first inside ::: pull is the whole quote's, its attribution's too, as one before it
            # is (it marked the first paragraph alone).
            lang = _lang(first)
            del first.attrs["lang"]
        paragraphs = self.paragraphs_until(stream, close, what, lang)
        attribution: Runs = ()
        if paragraphs:
            last = _plain(paragraphs[-1][0])
            dash = next((d for d in ATTRIBUTION_DASHES if last.startswith(d)), None)
            if dash:
                self.check_no_note(paragraphs[-1], "an attribution")
                attribution = self.bounded(_drop(paragraphs[-1][0], len(dash)), paragraphs[-1][1], "an attribution")
                if blank(_plain(attribution)):
                    raise self.fail(f"the attribution after the dash ({dash}) is empty", paragraphs[-1][1])
                paragraphs = paragraphs[:-1]
        if not paragraphs:
            raise self.fail(f"{what} has no quoted text", line0)
        runs = tuple(runs for runs, _ in paragraphs)
        return Quote(paragraphs=runs, attribution=attribution, kind=kind, lang=lang)  # type: ignore[arg-type]

    def stats(self, stream: _Stream, line0: int) -> StatsTable:
        usage = (
            "::: stats holds a caption paragraph, a table, any 'Note: …' or 'Notes: …' paragraphs "
            "and a 'Source: …' or 'Sources: …' paragraph, in that order"
        )
        paragraphs: list[tuple[Runs, int]] = []  # before the table: the caption; after it: notes and source
        table: tuple[tuple[Runs, ...], tuple[tuple[Cell, ...], ...]] | None = None
        caption: tuple[Runs, int] | None = None
        for token in stream:
            if token.type == "container_stats_close":
                break
            if token.type == "paragraph_open":
                runs = self.bounded(
                    self.paragraph_runs(token, stream), _line(token), "a table's caption, note or source"
                )
                paragraphs.append((runs, _line(token)))
                stream.expect("paragraph_close")
            elif token.type == "table_open" and table is None and len(paragraphs) == 1:
                caption, paragraphs = paragraphs[0], []
                table = self.table(stream, _line(token))
            elif token.type in _LISTS:
                raise self.fail(f"a list cannot stand in ::: stats; {usage}", _line(token))
            elif token.type == "heading_open" or token.type.startswith("container_"):  # what it swallowed shows it
                raise self.fail(
                    f"the ::: stats of line {line0 + 1} may not hold {_kind(token)}; is the ::: line that closes it "
                    "missing above?",
                    _line(token),
                )
            else:
                raise self.fail(usage, _line(token))
        if caption is None or table is None:
            raise self.fail(usage, paragraphs[1][1] if len(paragraphs) > 1 else line0)
        own_source = self.own_keyword("Source")
        if not paragraphs:
            raise self.fail(f"::: stats has no source; end it with a '{SOURCE_PREFIX} …'{own_source} paragraph", line0)
        *notes, (source_runs, source_line) = paragraphs
        for runs, line in notes:
            if not self.keyword(_plain(runs), "Note", "Notes"):
                raise self.fail(
                    f"a paragraph after the table must be a note ('Note: …'{self.own_keyword('Note')}) or the source; "
                    f"{usage}",
                    line,
                )
        self.check_no_note((source_runs, source_line), "a table's source line")
        source_text = _plain(source_runs)
        label = self.keyword(source_text, "Source", "Sources")
        if label is None or blank(_plain(_drop(source_runs, len(label)))):
            raise self.fail(
                f"the last paragraph of ::: stats must start with '{SOURCE_PREFIX}' (or 'Sources:'"
                f"{self.own_keyword('Source', 'Sources')}) and name the source",
                source_line,
            )
        headers, rows = table
        return StatsTable(
            caption=caption[0],
            headers=headers,
            rows=rows,
            source=_drop(source_runs, len(label)),
            notes=tuple(runs for runs, _ in notes),
            several_sources=self.keyword(source_text, "Sources") is not None,
        )

    def figure(self, stream: _Stream, opener: Token, line0: int) -> Figure:
        """::: figure [{width=full}]: the picture's paragraph, the caption, and an optional credit."""
        option = opener.info.strip()[len("figure") :].strip()
        width = FIGURE_WIDTHS.get(option.replace(" ", ""))
        if width is None:
            raise self.fail(
                f"unknown ::: figure option {option[:40]!r}; write ::: figure or ::: figure {{width=full}}", line0
            )
        image: tuple[Token, int] | None = None
        paragraphs: list[tuple[Runs, int]] = []
        for token in stream:
            if token.type == "container_figure_close":
                break
            if token.type != "paragraph_open":
                raise self.fail(FIGURE_USAGE, _line(token))
            found = _only_image(stream.peek())
            if found is not None:
                if image is not None or paragraphs:  # a second picture, or one after the caption
                    raise self.fail(FIGURE_USAGE, _line(token))
                self.refuse_lang_on_picture(token)  # as outside a figure (it was dropped without a word here)
                next(stream)
                image = (found, _line(token))
            else:
                runs = self.bounded(self.paragraph_runs(token, stream), _line(token), "a figure's caption or credit")
                paragraphs.append((runs, _line(token)))
            stream.expect("paragraph_close")
        if image is None:
            raise self.fail(f"::: figure has no picture; {FIGURE_USAGE}", line0)
        token, image_line = image
        if token.attrs.get("title"):
            raise self.fail(
                "in ::: figure the caption is the paragraph after the picture, not the picture's title", image_line
            )
        credit: Runs = ()
        credit_label = self.keyword(_plain(paragraphs[-1][0]), "Credit") if paragraphs else None
        if credit_label and credit_label != "Credit:" and len(paragraphs) < 2:
            credit_label = None  # "Foto: …" alone is the caption: the word in the language credits only after one
        if credit_label:
            runs, credit_line = paragraphs.pop()
            credit = _without_prefix(runs, len(credit_label))
            if blank(_plain(credit)):
                raise self.fail(f"the credit after '{credit_label}' is empty; name who made the picture", credit_line)
        if len(paragraphs) != 1:
            raise self.fail(FIGURE_USAGE, paragraphs[1][1] if len(paragraphs) > 1 else line0)
        path, alt = self.picture(token, image_line), self.alt(token, image_line)
        return Figure(path, alt, caption=paragraphs[0][0], credit=credit, width=width)  # type: ignore[arg-type]

    def picture(self, image: Token, line0: int) -> str:
        """The picture's file, checked (inputs.figure_picture) and resolved, and counted among the inputs."""
        written = str(image.attrs.get("src") or "")
        name = unquote(written)  # markdown-it percent-encodes the link: "my%20photo.png" is "my photo.png"
        if urlsplit(written).scheme or written.startswith("//"):
            raise self.fail(
                f"picture {name[:60]!r} is not a file; give a PNG or JPEG in the source's folder, "
                "pictures are never fetched from the web",
                line0,
            )
        if not name:
            raise self.fail("a picture names no file; write ![alt text](file.png)", line0)
        if self.root is None:
            raise self.fail(f"picture {name!r} cannot be read: loads() was given no base_dir", line0)
        path = self.pictures.get(name)
        if path is None:
            path = self.pictures[name] = figure_picture(self.root, name, SourceError, self.path, line0 + 1)
            self.inputs[path] = None
        return str(path)

    def alt(self, image: Token, line0: int) -> str:
        """The picture's alt text: required, so that the EPUB stays readable for those who cannot see it."""
        alt = _SPACES.sub(" ", _alt_text(image.children or [])).strip()
        self.refuse_script(alt, line0)
        if blank(alt):
            raise self.fail(
                "a picture needs alt text saying what it shows, for readers who cannot see it: "
                "write ![A map of the pipeline's route](file.png)",
                line0,
            )
        return house(alt, self.house) if self.house else alt

    def table(self, stream: _Stream, line0: int) -> tuple[tuple[Runs, ...], tuple[tuple[Cell, ...], ...]]:
        """A stats table: headers and text cells with their inline markup; a right-aligned column's
        cells figures."""
        headers: list[Runs] = []
        numeric: list[bool] = []
        rows: list[tuple[Cell, ...]] = []
        for row_line, row, aligns in self.table_rows(stream, line0):
            if not headers:
                headers, numeric = row, [align == "text-align:right" for align in aligns]
            else:
                rows.append(tuple(self.cell(runs, numeric[i], headers[i], row_line) for i, runs in enumerate(row)))
        if self.house:
            rows = [tuple(row) for row in zip(*(group_figures(column) for column in zip(*rows)))]
        return tuple(headers), tuple(rows)

    def table_rows(self, stream: _Stream, line0: int) -> Iterator[tuple[int, list[Runs], list[str | None]]]:
        """A GFM table's rows, the header row first, each with its line, its cells' runs (an empty cell
        has none) and its cells' alignment (markdown-it's style attribute). Ragged rows, an empty header
        row and a table of no rows are refused."""
        width: int | None = None
        rows = 0
        row_line = line0
        row: list[Runs] = []
        aligns: list[str | None] = []
        for token in stream:
            if token.type == "table_close":
                break
            if token.type == "tr_open":
                row_line, row, aligns = _line(token), [], []
                self.check_row_width(row_line, width)
            elif token.type in ("th_open", "td_open"):
                inline = stream.inline()
                self.check_no_reference(inline, row_line)
                row.append(self.bounded(self.runs(inline, row_line, empty=True), row_line, "a table cell"))
                style = token.attrs.get("style")
                aligns.append(None if style is None else str(style))
            elif token.type == "tr_close":
                if width is None:
                    width = len(row)
                    if all(blank("".join(run.text for run in cell)) for cell in row):
                        raise self.fail("the table's header row is empty; name at least one column", row_line)
                else:
                    rows += 1
                yield row_line, row, aligns
        if not rows:
            raise self.fail("the table has a header but no rows; write its rows under the |---| line", line0)

    def plain_table(self, stream: _Stream, line0: int, caption: Runs = ()) -> Table:
        """A GFM table outside ::: stats: a table of text, its cells' inline markup kept. Alignment
        markers are ignored: every column is set flush left, as a text column of a stats table is."""
        rows = [tuple(row) for _, row, _ in self.table_rows(stream, line0)]
        return Table(headers=rows[0], rows=tuple(rows[1:]), caption=caption)

    def captioned_table(self, runs: Runs, stream: _Stream, line0: int, label: str = TABLE_PREFIX) -> Table:
        """A "Table: …" paragraph (`label`, in English or the bulletin's language) and the table right after
        it, which it captions (the label dropped)."""
        token = stream.peek()
        if token is not None and token.type == "paragraph_open" and token.map:
            # a table under it that Markdown read as text: say what is wrong with the table (a French trial was
            # told to put the table after its caption, where it stood)
            self.refuse_table_as_text("\n".join(self.lines[token.map[0] : token.map[1]]), _line(token))
        if token is None or token.type != "table_open":
            raise self.fail(
                f"a '{label} …' paragraph is a table's caption; put the table directly after it "
                f"(or reword the paragraph so that it does not start with '{label}')",
                line0,
            )
        caption = self.bounded(_without_prefix(runs, len(label)), line0, "a table's caption")
        if blank(_plain(caption)):
            raise self.fail(f"the table's caption is empty; write it after '{label}'", line0)
        next(stream)
        return self.plain_table(stream, _line(token), caption)

    def check_row_width(self, line0: int, width: int | None) -> None:
        """markdown-it pads short rows and drops extra cells; a ragged row is a mistake."""
        if width is None:
            return
        raw = self.lines[line0].strip()
        raw = raw[1:] if raw.startswith("|") else raw
        raw = raw[:-1] if raw.endswith("|") and not raw.endswith("\\|") else raw
        count = len(re.split(r"(?<!\\)\|", raw))
        if count != width:
            cells = f"{count} cell" if count == 1 else f"{count} cells"
            raise self.fail(f"this row has {cells}, the header has {width}; every row needs {width}", line0)

    def cell(self, runs: Runs, numeric: bool, heading: Runs, line0: int) -> Cell:
        """A text cell keeps its inline markup; a figure is read from its text (any markup dropped)."""
        text, header = _plain(runs), _plain(heading)
        if not numeric or text in NO_FIGURE or text == translate("n/a", self.language):  # "k. A." in German
            return TextCell(runs)
        try:
            number = parse_number(in_point_notation(text, self.language), self.language)
        except AmbiguousFigure as exc:  # a number that reads two ways in the bulletin's language
            raise self.fail(f"{exc} (column {header!r})", line0) from None
        if number is None:
            meant = with_decimal_point(text, self.language)
            if meant:
                raise self.fail(
                    # (not how it groups thousands: the source groups them with commas, an edition as the
                    # language does, 12'500 in Swiss German; a trial was told "commas" and saw apostrophes)
                    f"{text[:40]!r} in the right-aligned column {header!r} is not a figure in {self.language!r}, "
                    f"which writes a decimal point: write {meant!r}",
                    line0,
                )
            raise self.fail(
                f"{text[:40]!r} in the right-aligned column {header!r} is not a figure; {figure_forms(self.language)} "
                "(or left-align the column for text)",
                line0,
            )
        own = in_own_scale(text, number, self.language)
        if own:
            raise self.fail(
                f"{text[:40]!r} in the right-aligned column {header!r} holds a scale word of another language, "
                f"which {self.language!r} would read as a unit: write {own!r}",
                line0,
            )
        digits = figure_digits(number.text)
        if digits > MAX_FIGURE_DIGITS:
            shown = text if len(text) <= 24 else text[:20] + "…"
            raise self.fail(
                f"figure {shown!r} in column {header!r} has more than {MAX_FIGURE_DIGITS} digits ({digits}); "
                "write it shorter, such as 2.5 million",
                line0,
            )
        return number

    # -- footnotes -----------------------------------------------------------------

    def footnotes(self, tokens: list[Token]) -> tuple[Footnote, ...]:
        """The notes of markdown-it's footnote block, by number; every definition referred to, once each."""
        lines: dict[str, int] = {}
        for label, line0 in self.env.get("definitions", []):
            if label in lines:
                raise self.fail(
                    f"footnote [^{label}] is defined twice (first on line {lines[label] + 1}); "
                    "give each note its own label",
                    line0,
                )
            lines[label] = line0
        paragraphs: dict[str, list[Runs]] = {}
        stream = _Stream(tokens)
        for token in stream:
            if token.type == "footnote_open":
                self.in_note = label = token.meta["label"]
                found = paragraphs.setdefault(label, [])
            elif token.type == "paragraph_open":  # "[^a]: {lang=fr}" then its text: in that language
                found.append(self.bounded(self.paragraph_runs(token, stream), _line(token), "a footnote's paragraph"))
            elif token.type == "footnote_close":
                self.in_note = None
            elif token.type not in (
                "paragraph_close",
                "footnote_anchor",
                "footnote_block_open",
                "footnote_block_close",
            ):
                raise self.fail(f"footnote [^{label}] may hold only paragraphs", lines[label])
        for label, line0 in lines.items():
            if label not in self.notes:
                raise self.fail(
                    f"footnote [^{label}] is never referred to; refer to it with [^{label}] in the text, or delete it",
                    line0,
                )
            if not paragraphs.get(label):
                raise self.fail(f"footnote [^{label}] is empty; write its text after [^{label}]:", line0)
        return tuple(
            Footnote(number=number, label=label, paragraphs=tuple(paragraphs[label]))
            for label, number in self.notes.items()
        )

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
        if any(mark in text for mark in ("*", "](", "]{", "[")):
            self.check_marks(text, "\n".join(unlinked), line0, inline)

    def check_notes(self, text: str, line0: int, inline: Token) -> None:
        """A footnote reference left as text: its label has no definition (markdown-it keeps it as written)."""
        present = set(re.findall(r"\[\^[^\]\s]+\]", inline.content))
        escaped = set(re.findall(r"\\(\[\^[^\]\s]+\])", inline.content))
        for match in _UNDEFINED_NOTE.finditer(text):
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
        opened = {match.group(0) for match in _OPENING_MARK.finditer(unlinked) if match.group(0)[1].islower()}
        # as typed in the source, not escaped ("\\*routine" is read as text: no opening mark there)
        for written in sorted(opened & {match.group(0) for match in _OPENING_MARK.finditer(raw)} if opened else ()):
            raise self.fail(
                f"'*' opens emphasis that no '*' closes ({written!r}); close it, or write \\* for an asterisk",
                self.line_containing(written, line0, inline),
            )
        unread = _unread_link(unlinked)
        if unread and re.search(r"(?<!\\)" + re.escape(unread), raw):  # "\\[" is a bracket, as typed
            raise self.fail(
                "a link [text](address) that is not read as one: its text needs its closing ] right before "
                "the ( of its address, with no space between (or write \\[ for a bracket)",
                self.line_containing(unread, line0, inline),
            )
        if "]{" in text and re.search(r"(?<!\\)\]\{[^}\n]*\}", raw):
            raise self.fail(
                "a span [text]{…} whose attributes are not read: write {lang=az}, no spaces, the tag in "
                "ASCII letters (or \\{ for a brace)",
                self.line_containing("]{", line0, inline),
            )
        if "](" in text and re.search(r"(?<!\\)\]\(", raw):
            note = re.search(r"\[[^\]]*(\[\^[^\]\s]+\])\]\(", raw)  # "[the report[^r]](…)"
            raise self.fail(
                f"a footnote reference {note[1]} inside a link's text; put it after the link: [text](address){note[1]}"
                if note
                else "a link [text](address) that is not read as one: its address may hold no space or line break "
                "(write %20 for a space), and needs its closing )",
                self.line_containing("](", line0, inline),
            )

    # -- inline --------------------------------------------------------------------

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
                after = _text_after(children, at + 1)  # '"*Известия*"': the quote opens the emphasis
                text = house(child.content, span_lang or lang or self.house, before, quotations, after)
            elif kind in ("text", "code_inline"):
                text = child.content
            elif kind == "softbreak":
                text = " "
            elif kind == "hardbreak":
                text = LINE_BREAK
            elif kind == "span_open":
                langs.append(_lang(child))
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
                langs.append(_lang(child))
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
                raise self.fail(_raw_html(child.content), self.line_containing(child.content, line0, inline))
            elif kind == "image":
                raise self.fail(PICTURE_IN_TEXT, line0)
            else:
                text = child.content
            if not text:
                continue
            link_text += text if url is not None else ""
            run = Run(text=text, emphasis=emphasis > 0, strong=strong > 0, url=url, lang=span_lang)
            last = runs[-1] if runs else None
            if last and _joins(last, run):
                runs[-1] = dataclasses.replace(last, text=last.text + text)
            else:
                runs.append(run)
        runs = _trim(runs)
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
        complaint = note_complaint(_plain(runs), what)
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
        another language, which a heading (one string, in every edition's contents) cannot carry."""
        if not inline.children:
            return ""
        self.check_no_reference(inline, line0)
        runs = self.runs(inline, line0, empty=True)  # a title that shows nothing: the caller says so
        if any(run.lang for run in runs):
            raise self.fail(
                "a heading takes no {lang=…}: it is set in the bulletin's language; mark the passage in the text",
                self.line_containing("{lang", line0, inline),
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


MAX_TAG_CHARS = 35  # the longest BCP 47 tag an edition needs is far shorter ("sr-Latn-RS", "zh-Hant-TW")


def _clipped(text: str, limit: int = 40) -> str:
    """`text` to quote in an error: at most `limit` characters of it, "…" for the rest."""
    return text if len(text) <= limit else text[:limit] + "…"


def _joins(last: Run, run: Run) -> bool:
    """Whether `run` continues `last` as one run: the same look and language, and neither a hard break."""
    return LINE_BREAK not in (last.text, run.text) and (last.emphasis, last.strong, last.url, last.lang, last.note) == (
        run.emphasis,
        run.strong,
        run.url,
        run.lang,
        run.note,
    )


def _trim(runs: list[Run]) -> list[Run]:
    """Collapse runs of spaces left by line breaks, strip the paragraph's ends and the spaces around a hard
    break (a break at either end is dropped: it breaks no line)."""
    out = []
    for run in runs:
        # runs() makes each soft line break one space, so most runs need no regex (it was a fifth of a parse).
        if run.text != LINE_BREAK and ("  " in run.text or "\t" in run.text or "\n" in run.text):
            run = dataclasses.replace(run, text=_SPACES.sub(" ", run.text))
        out.append(run)
    for i, run in enumerate(out):
        if run.text == LINE_BREAK:
            if i:
                out[i - 1] = _strip(out[i - 1], end=True)
            if i + 1 < len(out):
                out[i + 1] = _strip(out[i + 1], end=False)
    if out:
        out[0] = _strip(out[0], end=False)
        out[-1] = _strip(out[-1], end=True)
    out = [r for r in out if r.text]
    while out and out[0].text == LINE_BREAK:
        out = _trim(out[1:])
    while out and out[-1].text == LINE_BREAK:
        out = _trim(out[:-1])
    return out


def _strip(run: Run, end: bool) -> Run:
    """The run without spaces at its end (or start); a hard break stays as it is."""
    if run.text == LINE_BREAK:
        return run
    text = run.text.rstrip() if end else run.text.lstrip()
    return run if text == run.text else dataclasses.replace(run, text=text)


def _drop(runs: Runs, count: int) -> Runs:
    """The runs without their first `count` characters (a dash, a label the model does not keep), trimmed."""
    out = list(runs)
    while out and count > 0:
        first = out.pop(0)
        if len(first.text) > count:
            out.insert(0, dataclasses.replace(first, text=first.text[count:]))
        count -= len(first.text)
    return tuple(_trim(out))


def _in_language(runs: Runs, lang: str | None) -> Runs:
    """Runs of a paragraph written in `lang` ({lang=…} before it): each run carries it unless it has its own."""
    if lang is None:
        return runs
    return tuple(run if run.lang else dataclasses.replace(run, lang=lang) for run in runs)


def _lang(token: Token) -> str | None:
    """The {lang=…} a token was given (check_attributes has checked it), or None."""
    value = token.attrs.get("lang")
    return None if value is None else str(value)


def _has_image(inline: Token) -> bool:
    return any(child.type == "image" for child in inline.children or [])


def _only_image(inline: Token | None) -> Token | None:
    """The image of a paragraph that holds one image and nothing else (blank text aside), or None."""
    if inline is None or inline.type != "inline" or not inline.children:
        return None
    images = [child for child in inline.children if child.type == "image"]
    rest = [child for child in inline.children if child.type != "image"]
    if len(images) != 1 or any(child.type not in ("text", "softbreak") or child.content.strip() for child in rest):
        return None
    return images[0]


def _without_prefix(runs: Runs, length: int) -> Runs:
    """The runs without their first `length` characters (a "Credit:" label), spaces after it dropped."""
    out: list[Run] = []
    for run in runs:
        cut = min(length, len(run.text))
        length -= cut
        text = run.text[cut:]
        if not out:
            text = text.lstrip()
        if text:
            out.append(dataclasses.replace(run, text=text))
    return tuple(out)


def _plain(runs: Runs) -> str:
    return "".join(run.text for run in runs)


_UNSPACED_HEADING = re.compile(r"#{1,6}[^\s#]")
# What inline tokens stand for in the text, where they mark none up: a quote before them opens or closes.
_INLINE_TEXT = {"softbreak": " ", "hardbreak": "\n", "footnote_ref": "1"}


def _text_after(children: list[Token], start: int, size: int = 2) -> str:
    """The first `size` characters of the text from children[start] on, past the markup that opens or
    closes emphasis, strong text, links and spans ("" at the paragraph's end): where a quote opens, and
    what a typed dash stands between ("1941 -" and "1945" on the next line)."""
    found = ""
    for child in (children[i] for i in range(start, len(children))):
        if child.type in ("text", "code_inline"):
            found += child.content
        elif child.type in _INLINE_TEXT:
            found += _INLINE_TEXT[child.type]
        if len(found) >= size:
            break
    return found[:size]


_SPACED_NOTE = re.compile(r"\[\^([^\]\n]*\s[^\]\n]*)\]:")


def _line(token: Token) -> int:
    return token.map[0] if token.map else 0


class _Stream:
    """A token iterator that can look one token ahead, take the inline child of a block and check closers."""

    def __init__(self, tokens: list[Token]) -> None:
        self._tokens = tokens
        self._at = 0

    def __iter__(self) -> Iterator[Token]:
        return self

    def __next__(self) -> Token:
        if self._at >= len(self._tokens):
            raise StopIteration
        self._at += 1
        return self._tokens[self._at - 1]

    def peek(self) -> Token | None:
        return self._tokens[self._at] if self._at < len(self._tokens) else None

    def inline(self) -> Token:
        token = next(self)
        assert token.type == "inline", token.type
        return token

    def expect(self, kind: str) -> None:
        token = next(self)
        assert token.type == kind, (token.type, kind)


@dataclass
class _Heading:
    """A section while it is being read: its heading, byline, standfirst, and its blocks with their lines."""

    title: str
    line0: int
    byline: Runs = ()
    standfirst: Runs = ()
    blocks: list[Block] = _field(default_factory=list)
    lines: list[int] = _field(default_factory=list)
