"""markdown-it-py as sources are read with it: the parser with its plugins, and helpers over its tokens."""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.common.html_re import close_tag, open_tag
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

CONTAINERS = ("pull", "stats", "byline", "standfirst", "figure")

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


def kind(token: Token) -> str:
    """What a block token is, in an editor's words ("a heading", "a ::: container")."""
    return _KINDS.get(token.type, "a ::: container" if token.type.startswith("container_") else token.type)


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


# Raw HTML as markdown-it reads it in text, for the strings it does not read as Markdown (a picture's title).
RAW_TAG = re.compile(f"{open_tag}|{close_tag}")


def alt_text(children: list[Token]) -> str:
    """An image's alt text as a reader hears it: its inline markup read ("*rising*" is "rising"), entities
    decoded ("AT&amp;T" is "AT&T"), and raw HTML kept as typed (markdown-it's own renderer drops it),
    for the loader to refuse as it does in text (RAW_TAG)."""
    out = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image":
            out.append(alt_text(child.children or []))
    return "".join(out)


def raw_html_in(children: list[Token]) -> str | None:
    """The first raw HTML tag among an image's alt-text tokens, those of a picture nested in it too (as
    alt_text reads them), as markdown-it read it: an escaped "\\<Region\\>" is text."""
    for child in children:
        found = child.content if child.type == "html_inline" else None
        if child.type == "image":
            found = raw_html_in(child.children or [])
        if found is not None:
            return found
    return None


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
        (token.meta["label"], token_line(token)) for token in state.tokens if token.type == "footnote_reference_open"
    ]


def _attr_orphans(state: StateCore) -> None:
    """Note the lines of {…} lines that stand before no block (the plugin drops them without a word)."""
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "attrs_block" and (i + 1 == len(tokens) or tokens[i + 1].nesting < 0):
            state.env.setdefault("attr_orphans", []).append(token.map[0] if token.map else 0)


MD = _parser()


def token_lang(token: Token) -> str | None:
    """The {lang=…} a token was given (check_attributes has checked it), or None."""
    value = token.attrs.get("lang")
    return None if value is None else str(value)


def has_image(inline: Token) -> bool:
    return any(child.type == "image" for child in inline.children or [])


def only_image(inline: Token | None) -> Token | None:
    """The image of a paragraph that holds one image and nothing else (blank text aside), or None."""
    if inline is None or inline.type != "inline" or not inline.children:
        return None
    images = [child for child in inline.children if child.type == "image"]
    rest = [child for child in inline.children if child.type != "image"]
    if len(images) != 1 or any(child.type not in ("text", "softbreak") or child.content.strip() for child in rest):
        return None
    return images[0]


# What inline tokens stand for in the text, where they mark none up: a quote before them opens or closes.
_INLINE_TEXT = {"softbreak": " ", "hardbreak": "\n", "footnote_ref": "1"}


def text_after(children: list[Token], start: int, size: int = 2) -> str:
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


def token_line(token: Token) -> int:
    return token.map[0] if token.map else 0


class Stream:
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
