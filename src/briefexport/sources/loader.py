"""The source's blocks and sections: markdown-it's block tokens mapped to the model."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as _field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token

from ..errors import SourceError
from ..inputs import blank, check_references, figure_picture, remember_source
from ..model import (
    MAX_LIST_DEPTH,
    Block,
    Bulletin,
    Cell,
    Figure,
    Footnote,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Run,
    Runs,
    Section,
    StatsTable,
    Subheading,
    Table,
    TextCell,
)
from ..rules import (
    LANGUAGE_RULE,
    MAX_FIGURE_DIGITS,
    MAX_TITLE_CHARS,
    MAX_WORD_CHARS,
    NO_FIGURE,
    AmbiguousFigure,
    figure_digits,
    figure_forms,
    in_own_scale,
    in_point_notation,
    language_complaint,
    parse_number,
    with_decimal_point,
    word_complaint,
)
from ..styles import section_number
from ..translations import primary_subtag, translate
from ..typography import group_figures, house
from .frontmatter import read_front_matter
from .inline import UNDEFINED_NOTE, InlineText, raw_html
from .markdown import (
    ATTRIBUTES,
    CONTAINERS,
    MD,
    RAW_TAG,
    Stream,
    alt_text,
    has_image,
    kind,
    only_image,
    raw_html_in,
    token_lang,
    token_line,
)
from .runs import SPACES, clipped, drop, in_language, plain_text, without_prefix

ALLOWED_BLOCKS = (
    "paragraphs, ## sub-headings, lists (- or 1.), block quotes (>), tables, pictures, "
    "::: pull, ::: stats and ::: figure"
)
LIST_ITEM = "a list item holds one paragraph of text, then any lists nested in it (- or 1., indented under its text)"
_LISTS = ("bullet_list_open", "ordered_list_open")

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

# Alt text that names no picture in particular: what cameras, editors and converters fill in ("IMG_1234",
# "Figure 1", "image", "photo.jpg"). A screen reader reads it out as if it said something, and the EPUB
# claims alt text saying what each picture shows (an accessibility review: all of these passed).
# fmt: off
_PLACEHOLDER_ALT = frozenset({
    "image", "img", "picture", "pic", "photo", "photograph", "figure", "fig", "graphic", "illustration", "chart",
    "graph", "diagram", "map", "logo", "icon", "screenshot", "scan", "untitled", "spacer", "placeholder", "alt",
    "alt text", "alternative text", "caption", "description",
    "изображение", "картинка", "фото", "фотография", "рисунок", "схема", "график", "карта",  # ru
    "şəkil", "foto", "xəritə", "qrafik",  # az
    "bild", "grafik", "abbildung", "karte", "imagen",  # de, es
})
# fmt: on
_CAMERA_NAME = re.compile(r"(?:img|dsc[nf]?|dcim|pxl|mvimg|photo|image|screenshot|scan|pic)[\s_-]*\d[\w-]*")
_FILE_NAME = re.compile(r"[^\s/\\]+\.(?:jpe?g|png|gif|tiff?|webp|svg|bmp|heic|avif)")
TABLE_PREFIX = "Table:"  # a paragraph right before a plain table that starts so is its caption

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


class Loader(InlineText):
    """Reads one source into a Bulletin: its front matter, then its blocks in sections, then its notes."""

    def __init__(self, path: Path, text: str, root: Path | None) -> None:
        check_references(text, path, SourceError)
        # Composed (NFC): a letter and its accent typed apart (macOS, transliteration tools) are the one
        # letter every edition sets and every search finds; lines and their numbers stay as they are.
        self.text = unicodedata.normalize("NFC", text)
        super().__init__(path, self.text)
        self.root = root  # where the files the source names are, or None: it may name none
        self.inputs: dict[Path, str | None] = {}  # load()'s
        self.pictures: dict[str, Path] = {}  # each picture checked once, however often it is used

    def bulletin(self) -> Bulletin:
        # A line holding a run of characters far longer than any word may be is refused before markdown-it
        # reads it: it read 2 MB of "[" (each a link's start, looked for to the end) in two minutes. Far
        # longer: markup and a link's address count here, and the exact limit is the text's (check_text).
        for line0, line in enumerate(self.lines):
            if complaint := word_complaint(line, RAW_WORD_CHARS):
                raise self.fail(complaint, line0)
        tokens = MD.parse(self.text, self.env)
        if not tokens or tokens[0].type != "front_matter":
            if self.lines[0].strip() == "---":
                raise self.fail("front matter is not closed by a --- line", 0)
            raise self.fail("the file must start with YAML front matter between --- lines", 0)
        front = tokens[0]
        assert front.map is not None
        if self.lines[front.map[1] - 1].strip() != "---":
            raise self.fail("front matter is not closed by a --- line", 0)
        front_matter = read_front_matter(front.content, self.path, self.root, self.inputs)
        self.language, self.house = front_matter.metadata.language, front_matter.house
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
            metadata=front_matter.metadata,
            publisher=front_matter.publisher,
            sections=sections,
            introduction=introduction,
            footnotes=footnotes,
        )
        remember_source(bulletin, str(self.path), self.text, self.inputs)
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

    # -- attributes ----------------------------------------------------------------

    def check_attributes(self, tokens: list[Token]) -> None:
        """Every {…} attribute is one ATTRIBUTES allows, where it allows it; a language is a language tag."""
        for token in tokens:
            line0 = token_line(token)
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
                f"attribute {{{clipped(shown)}}} is not allowed; the only attribute is a language: {LANG_PLACES}",
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
                    f"language tag {clipped(value)!r} is {len(value):,} characters long; a tag such as az, en-GB "
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
        stream = Stream(tokens)
        for token in stream:
            if token.type == "heading_open":
                line0 = token_line(token)
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
                heading.lines.append(token_line(token))
        if heading is None:
            raise self.fail("the bulletin has no sections; start each with # Title", len(self.lines) - 1)
        sections.append(self.section(heading))
        return tuple(introduction), tuple(sections)

    def title(self, stream: Stream, line0: int, what: str) -> str:
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

    def article(self, heading: _Heading, stream: Stream) -> None:
        """The optional ::: byline and ::: standfirst directly after a section heading, in that order."""
        for name in ("byline", "standfirst"):
            token = stream.peek()
            if token is None or token.type != f"container_{name}_open":
                continue
            next(stream)
            self.check_closed(token)
            paragraphs = self.paragraphs_until(stream, f"container_{name}_close", f"a ::: {name}", single=True)
            if len(paragraphs) != 1:
                raise self.fail(f"a ::: {name} holds exactly one paragraph", token_line(token))
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

    def paragraph_runs(self, token: Token, stream: Stream, lang: str | None = None) -> Runs:
        """The runs of the paragraph `token` opens: in its own {lang=…} if it has one, else in `lang`, the
        language of what holds it (marked on the holder, so not again on each run)."""
        own = token_lang(token)
        inline = stream.inline()
        self.refuse_table_as_text(inline.content, token_line(token))
        runs = self.runs(inline, token_line(token), own or lang)
        return in_language(runs, own if own != lang else None)

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
        if token_lang(token):
            line = self.attribute_line("lang=", token_line(token))
            raise self.fail(f"{{lang={token_lang(token)}}} is not allowed on a picture; write {LANG_PLACES}", line)

    def block(self, token: Token, stream: Stream) -> Block:
        line0 = token_line(token)
        if token.type == "paragraph_open":
            image = only_image(stream.peek())
            if image is not None:  # a picture on a line of its own: a figure, its title the caption
                self.refuse_lang_on_picture(token)
                next(stream)
                stream.expect("paragraph_close")
                title = str(image.attrs.get("title") or "").strip()
                title = "" if blank(title) else title  # a title of invisible characters is none
                self.refuse_script(title, line0)
                self.refuse_raw_tags(title, line0, token.map[1] if token.map else line0 + 1)
                if UNDEFINED_NOTE.search(title):  # the title is one string: Markdown reads nothing in it
                    raise self.fail(
                        "a footnote reference in a picture's title is printed as typed; set the picture in a "
                        "::: figure, whose caption may hold one",
                        line0,
                    )
                caption = (Run(house(title, self.house) if self.house else title),) if title else ()
                self.bounded(caption, line0, "a figure's caption")
                return Figure(self.picture(image, line0), self.alt(image, line0), caption)
            lang = token_lang(token)
            inline = stream.inline()
            raw = inline.content.lstrip()  # a misspelt container is named before a picture in it is refused
            runs = (
                (Run(SPACES.sub(" ", raw)),)
                if raw.startswith(":::") and has_image(inline)
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
            return self.quote(stream, "blockquote_close", "block", line0, token_lang(token))
        if token.type in ("container_byline_open", "container_standfirst_open"):
            raise self.fail(
                f"::: {token.type.split('_')[1]} goes directly after a section's # heading "
                "(::: byline first, then ::: standfirst)",
                line0,
            )
        if token.type.startswith("container_"):
            self.check_closed(token)
            if token.type == "container_pull_open":
                return self.quote(stream, "container_pull_close", "pull", line0, token_lang(token))
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
            raise self.fail(raw_html(token.content), line0)
        raise self.fail(f"{kind} is not allowed here; allowed: {ALLOWED_BLOCKS}", line0)

    def list_block(self, opener: Token, stream: Stream, level: int, outer: str | None = None) -> ListBlock:
        """A list whose opening token was just read: its items, each one paragraph and any nested lists. Its
        language is its {lang=…} (None: the one of the list it is in, `outer`, or the bulletin's)."""
        if level > MAX_LIST_DEPTH:
            raise self.fail(
                "lists nest at most three levels; write this one as an item of the list above it, or as a paragraph",
                token_line(opener),
            )
        ordered = opener.type == "ordered_list_open"
        close = "ordered_list_close" if ordered else "bullet_list_close"
        items: list[ListItem] = []
        for token in stream:
            if token.type == close:
                break
            assert token.type == "list_item_open", token.type  # markdown-it gives a list only its items
            items.append(self.list_item(token, stream, level, token_lang(opener) or outer))
        return ListBlock(
            tuple(items), ordered=ordered, start=int(opener.attrs.get("start", 1)), lang=token_lang(opener)
        )

    def list_item(self, opener: Token, stream: Stream, level: int, lang: str | None = None) -> ListItem:
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
                    f"a list item starts with its own text, not a nested list; {LIST_ITEM}{hint}", token_line(token)
                )
            elif token.type == "html_block":
                raise self.fail(raw_html(token.content), token_line(token))
            else:
                raise self.fail(f"{kind(token)} is not allowed in a list item; {LIST_ITEM}", token_line(token))
        if not runs:
            raise self.fail("this list item is empty; write its text after the - or 1.", token_line(opener))
        return ListItem(runs, tuple(children))

    def check_closed(self, token: Token) -> None:
        assert token.map is not None
        end = token.map[1]  # the plugin's map stops before the closing marker line
        closer = self.lines[end].strip() if end < len(self.lines) else ""
        if not closer or set(closer) != {":"}:
            raise self.fail(f"'{token.info.strip() or ':::'}' container is not closed by a ::: line", token_line(token))

    def paragraphs_until(
        self, stream: Stream, close: str, what: str, lang: str | None = None, single: bool = False
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
                raise self.fail(f"a list cannot stand in {what}, which holds only paragraphs", token_line(token))
            if token.type != "paragraph_open":
                message = f"{what} may hold only paragraphs, not {kind(token)}"
                if ":::" in what and (
                    token.type == "heading_open" or token.type.startswith("container_") or self.swallows(token)
                ):
                    message += "; is the ::: line that closes it missing above?"  # what it swallowed shows it
                raise self.fail(message, token_line(token))
            if single and found:  # before its runs are read: a picture there was taken for the error
                raise self.fail(
                    f"{what} holds exactly one paragraph, and this one goes on at line {token_line(token) + 1}; "
                    "is the ::: line that closes it missing after its paragraph?",
                    found[0][1],
                )
            found.append((self.paragraph_runs(token, stream, lang), token_line(token)))
            stream.expect("paragraph_close")
        raise self.fail(f"{what} is not closed", None)

    def swallows(self, token: Token) -> bool:
        """Whether a ::: container holding `token` has lost its closing line: the first ::: line after the
        token opens another container (its closing line is what ended this one), rather than closing it."""
        for line in self.lines[token_line(token) :]:
            marks = line.strip()
            if marks.startswith(":::"):
                return bool(marks.strip(":").strip())
        return False

    def quote(self, stream: Stream, close: str, kind: str, line0: int, lang: str | None = None) -> Quote:
        what = "a block quote" if kind == "block" else "a ::: pull quote"
        first = stream.peek()
        if (
            kind == "pull"
            and lang is None
            and first is not None
            and first.type == "paragraph_open"
            and token_lang(first)
        ):
            # A {lang=…} line first inside ::: pull is the whole quote's, its attribution's too, as one before it
            # is (it marked the first paragraph alone).
            lang = token_lang(first)
            del first.attrs["lang"]
        paragraphs = self.paragraphs_until(stream, close, what, lang)
        attribution: Runs = ()
        if paragraphs:
            last = plain_text(paragraphs[-1][0])
            dash = next((d for d in ATTRIBUTION_DASHES if last.startswith(d)), None)
            if dash:
                self.check_no_note(paragraphs[-1], "an attribution")
                attribution = self.bounded(drop(paragraphs[-1][0], len(dash)), paragraphs[-1][1], "an attribution")
                if blank(plain_text(attribution)):
                    raise self.fail(f"the attribution after the dash ({dash}) is empty", paragraphs[-1][1])
                paragraphs = paragraphs[:-1]
        if not paragraphs:
            raise self.fail(f"{what} has no quoted text", line0)
        runs = tuple(runs for runs, _ in paragraphs)
        return Quote(paragraphs=runs, attribution=attribution, kind=kind, lang=lang)  # type: ignore[arg-type]

    def stats(self, stream: Stream, line0: int) -> StatsTable:
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
                    self.paragraph_runs(token, stream), token_line(token), "a table's caption, note or source"
                )
                paragraphs.append((runs, token_line(token)))
                stream.expect("paragraph_close")
            elif token.type == "table_open" and table is None and len(paragraphs) == 1:
                caption, paragraphs = paragraphs[0], []
                table = self.table(stream, token_line(token))
            elif token.type in _LISTS:
                raise self.fail(f"a list cannot stand in ::: stats; {usage}", token_line(token))
            elif token.type == "heading_open" or token.type.startswith("container_"):  # what it swallowed shows it
                raise self.fail(
                    f"the ::: stats of line {line0 + 1} may not hold {kind(token)}; is the ::: line that closes it "
                    "missing above?",
                    token_line(token),
                )
            else:
                raise self.fail(usage, token_line(token))
        if caption is None or table is None:
            raise self.fail(usage, paragraphs[1][1] if len(paragraphs) > 1 else line0)
        own_source = self.own_keyword("Source")
        if not paragraphs:
            raise self.fail(f"::: stats has no source; end it with a '{SOURCE_PREFIX} …'{own_source} paragraph", line0)
        *notes, (source_runs, source_line) = paragraphs
        for runs, line in notes:
            if not self.keyword(plain_text(runs), "Note", "Notes"):
                raise self.fail(
                    f"a paragraph after the table must be a note ('Note: …'{self.own_keyword('Note')}) or the source; "
                    f"{usage}",
                    line,
                )
        self.check_no_note((source_runs, source_line), "a table's source line")
        source_text = plain_text(source_runs)
        label = self.keyword(source_text, "Source", "Sources")
        if label is None or blank(plain_text(drop(source_runs, len(label)))):
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
            source=drop(source_runs, len(label)),
            notes=tuple(runs for runs, _ in notes),
            several_sources=self.keyword(source_text, "Sources") is not None,
        )

    def figure(self, stream: Stream, opener: Token, line0: int) -> Figure:
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
                raise self.fail(FIGURE_USAGE, token_line(token))
            found = only_image(stream.peek())
            if found is not None:
                if image is not None or paragraphs:  # a second picture, or one after the caption
                    raise self.fail(FIGURE_USAGE, token_line(token))
                self.refuse_lang_on_picture(token)  # as outside a figure (it was dropped without a word here)
                next(stream)
                image = (found, token_line(token))
            else:
                runs = self.bounded(
                    self.paragraph_runs(token, stream), token_line(token), "a figure's caption or credit"
                )
                paragraphs.append((runs, token_line(token)))
            stream.expect("paragraph_close")
        if image is None:
            raise self.fail(f"::: figure has no picture; {FIGURE_USAGE}", line0)
        token, image_line = image
        if token.attrs.get("title"):
            raise self.fail(
                "in ::: figure the caption is the paragraph after the picture, not the picture's title", image_line
            )
        credit: Runs = ()
        credit_label = self.keyword(plain_text(paragraphs[-1][0]), "Credit") if paragraphs else None
        if credit_label and credit_label != "Credit:" and len(paragraphs) < 2:
            credit_label = None  # "Foto: …" alone is the caption: the word in the language credits only after one
        if credit_label:
            runs, credit_line = paragraphs.pop()
            credit = without_prefix(runs, len(credit_label))
            if blank(plain_text(credit)):
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
        alt = SPACES.sub(" ", alt_text(image.children or [])).strip()
        self.refuse_script(alt, line0)
        raw = raw_html_in(image.children or [])  # "H<sub>2</sub>O" in a picture nested in it too (a review)
        if raw is not None:
            raise self.fail(raw_html(raw), line0)
        # No alt text, none of a word (".", "x", "1", "2024"), the picture's file name ("chart.png") or any
        # file's, which a screen reader reads out for a picture that says nothing (an accessibility audit), or
        # a placeholder ("IMG_1234", "Figure 1"); ![Baku](baku.jpg) may say enough
        name = PurePosixPath(unquote(str(image.attrs.get("src") or ""))).name.casefold()  # as picture() reads it
        # ... written as its path too ("figs/chart.png", "./chart.png"), or as a sentence ("chart.png.")
        spoken = re.split(r"[/\\]", alt)[-1].rstrip(" .,;:!?").casefold()
        words = " ".join(re.sub(r"[\d\W_]+", " ", alt.casefold()).split())  # all of it: "Exports/chart" says more
        if (
            sum(char.isalnum() for char in alt) < 2  # "F-16", "G7" name a thing; "x", "1" do not
            or not any(char.isalpha() for char in alt)
            or spoken == name
            or _FILE_NAME.fullmatch(spoken)
            or _CAMERA_NAME.fullmatch(spoken)
            or words in _PLACEHOLDER_ALT
        ):
            said = "a picture needs alt text saying" if blank(alt) else f"alt text {alt!r} says nothing of"
            example = "write ![A map of the pipeline's route](file.png)"
            raise self.fail(f"{said} what it shows, for readers who cannot see it: {example}", line0)
        return house(alt, self.house) if self.house else alt

    def refuse_raw_tags(self, text: str, line0: int, end: int | None = None) -> None:
        """Raw HTML in a picture's alt text or title, refused as in text: it was kept as typed, and a screen
        reader spoke "H less-than sub greater-than 2" (an accessibility audit). A tag escaped in the source
        (\\<b>, as in text) is text, as typed: Markdown took the backslash away before this sees it. The
        lines written are line0's up to `end` (a title may go on on the next), the error at the tag's."""
        for found in RAW_TAG.finditer(text):
            unescaped = re.compile(r"(?<!\\)" + re.escape(found.group(0)))
            for at in range(line0, min(end if end is not None else line0 + 1, len(self.lines))):
                if unescaped.search(self.lines[at]):
                    raise self.fail(raw_html(found.group(0)), at)

    def table(self, stream: Stream, line0: int) -> tuple[tuple[Runs, ...], tuple[tuple[Cell, ...], ...]]:
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

    def table_rows(self, stream: Stream, line0: int) -> Iterator[tuple[int, list[Runs], list[str | None]]]:
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
                row_line, row, aligns = token_line(token), [], []
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

    def plain_table(self, stream: Stream, line0: int, caption: Runs = ()) -> Table:
        """A GFM table outside ::: stats: a table of text, its cells' inline markup kept. Alignment
        markers are ignored: every column is set flush left, as a text column of a stats table is."""
        rows = [tuple(row) for _, row, _ in self.table_rows(stream, line0)]
        return Table(headers=rows[0], rows=tuple(rows[1:]), caption=caption)

    def captioned_table(self, runs: Runs, stream: Stream, line0: int, label: str = TABLE_PREFIX) -> Table:
        """A "Table: …" paragraph (`label`, in English or the bulletin's language) and the table right after
        it, which it captions (the label dropped)."""
        token = stream.peek()
        if token is not None and token.type == "paragraph_open" and token.map:
            # a table under it that Markdown read as text: say what is wrong with the table (a French trial was
            # told to put the table after its caption, where it stood)
            self.refuse_table_as_text("\n".join(self.lines[token.map[0] : token.map[1]]), token_line(token))
        if token is None or token.type != "table_open":
            raise self.fail(
                f"a '{label} …' paragraph is a table's caption; put the table directly after it "
                f"(or reword the paragraph so that it does not start with '{label}')",
                line0,
            )
        caption = self.bounded(without_prefix(runs, len(label)), line0, "a table's caption")
        if blank(plain_text(caption)):
            raise self.fail(f"the table's caption is empty; write it after '{label}'", line0)
        next(stream)
        return self.plain_table(stream, token_line(token), caption)

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
        text, header = plain_text(runs), plain_text(heading)
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
        stream = Stream(tokens)
        for token in stream:
            if token.type == "footnote_open":
                self.in_note = label = token.meta["label"]
                found = paragraphs.setdefault(label, [])
            elif token.type == "paragraph_open":  # "[^a]: {lang=fr}" then its text: in that language
                found.append(
                    self.bounded(self.paragraph_runs(token, stream), token_line(token), "a footnote's paragraph")
                )
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


MAX_TAG_CHARS = 35  # the longest BCP 47 tag an edition needs is far shorter ("sr-Latn-RS", "zh-Hant-TW")

_UNSPACED_HEADING = re.compile(r"#{1,6}[^\s#]")

RAW_WORD_CHARS = 10 * MAX_WORD_CHARS  # a source line's run without a space, markup and addresses included
# No bracket within, and the part before the first space without a choice: linear, as UNDEFINED_NOTE.
_SPACED_NOTE = re.compile(r"\[\^([^\[\]\n\s]*\s[^\[\]\n]*)\]:")


@dataclass
class _Heading:
    """A section while it is being read: its heading, byline, standfirst, and its blocks with their lines."""

    title: str
    line0: int
    byline: Runs = ()
    standfirst: Runs = ()
    blocks: list[Block] = _field(default_factory=list)
    lines: list[int] = _field(default_factory=list)
