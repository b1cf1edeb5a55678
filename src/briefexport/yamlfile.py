"""YAML mappings with the line of every top-level key (PyYAML's composer keeps marks)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from .errors import BriefExportError
from .inputs import character_complaint, check_characters

# Lists and mappings inside one another, the document's own mapping being the first level. Front
# matter needs two; PyYAML's composer recurses for each level and fails near 300.
MAX_YAML_DEPTH = 32


class _AliasFound(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class WrittenInt(int):
    """A YAML integer that remembers how it was written, for a key that wants text: `postcode: 01005`
    is the text "01005", though YAML 1.1 reads it as the octal number 517."""

    written: str

    def __new__(cls, value: int, written: str) -> WrittenInt:
        number = super().__new__(cls, value)
        number.written = written
        return number


class _TooLong(Exception):
    """A whole number of more digits than Python turns into a number (sys.get_int_max_str_digits())."""

    def __init__(self, line: int, digits: int) -> None:
        self.line, self.digits = line, digits


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    try:
        value = loader.construct_yaml_int(node)
    except ValueError:
        raise _TooLong(node.start_mark.line, sum(c.isdigit() for c in node.value)) from None
    return WrittenInt(value, node.value)


class _Loader(yaml.SafeLoader):
    """SafeLoader that stops at the first alias, and at a list or mapping nested too deep, in the one composing pass."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0  # lists and mappings open around the node being composed

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            raise _AliasFound(self._event_line())
        if not self.check_event(yaml.SequenceStartEvent, yaml.MappingStartEvent):
            return super().compose_node(parent, index)  # type: ignore[arg-type]
        if self.depth >= MAX_YAML_DEPTH:
            raise _TooDeep(self._event_line())
        self.depth += 1
        try:
            return super().compose_node(parent, index)  # type: ignore[arg-type]
        finally:
            self.depth -= 1

    def _event_line(self) -> int:
        """The line (from 0) of the event check_event() just looked at."""
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]  # types-PyYAML leaves it unannotated
        return event.start_mark.line if event.start_mark else 0  # the parser marks every event


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
# Only true and false are yes-or-no, as in YAML 1.2: YAML 1.1 also reads yes, no, on, off, y and n so, and
# `language: no` (Norwegian), `country: NO` or `title: Yes` were refused as "not a string".
_BOOL = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def load_mapping(
    text: str, file: str | Path, error: type[BriefExportError], first_line: int = 1
) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse a YAML mapping; return it and the 1-based line of each key.

    Aliases are refused (a few lines of them can expand to gigabytes), and so
    are duplicate keys, which PyYAML would otherwise silently overwrite, and
    lists or mappings nested more than MAX_YAML_DEPTH levels deep.
    """
    try:
        loader = _Loader(text)  # its reader refuses characters YAML may not carry, before any parsing
    except yaml.reader.ReaderError as exc:
        # Files come through inputs.read_text, which refuses these first; text passed in directly
        # gets the same message, or (a lone surrogate, which no UTF-8 file holds) this one.
        check_characters(text, file, error, first_line)
        line = first_line + text.count("\n", 0, exc.position)
        raise error(f"character U+{exc.character:04X} is not allowed in YAML", file, line) from None
    node: yaml.Node | None = None
    try:
        node = loader.get_single_node()
        for scalar in _scalars(node):  # "\ud83d\udcf0", as json.dumps writes an emoji: the one character
            if scalar.style == '"':
                scalar.value = _SURROGATE_PAIR.sub(_paired, scalar.value)
        data = loader.construct_document(node) if node is not None else None
    except _AliasFound as found:
        raise error("YAML aliases (*name) are not allowed", file, first_line + found.line) from None
    except _TooDeep as deep:
        raise error(f"YAML nested deeper than {MAX_YAML_DEPTH} levels", file, first_line + deep.line) from None
    except _TooLong as long:
        message = f"a whole number of {long.digits:,} digits is too long; write it in quotes to keep it as text"
        raise error(message, file, first_line + long.line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        _lookalike(text, mark.line if mark else 0, file, error, first_line)
        problem = exc.problem or exc.context or ""
        hint, began = _advice(exc, text)
        line = first_line + began if began is not None else line
        raise error(f"YAML syntax: {problem}{hint}", file, line) from None
    except yaml.YAMLError as exc:
        raise error(f"YAML syntax: {exc}", file, first_line) from None
    except ValueError as exc:  # PyYAML builds a date it matched without checking that the day exists
        bad = _impossible_date(node)
        if bad is None:  # another value PyYAML cannot build (25:00:00, an integer of 5,000 digits)
            raise error(f"YAML value: {exc}", file, first_line) from None
        # named by its key where it is one of the mapping's values ("revised 2024-02-30 is not ...")
        pairs = node.value if isinstance(node, yaml.MappingNode) else []
        key = next((name.value for name, value in pairs if value is bad), "date")
        raise error(f"{key} {bad.value} is not a calendar date", file, first_line + bad.start_mark.line) from None
    finally:
        loader.dispose()
    if data is None:
        return {}, {}
    escaped = _escaped_character(node)
    if escaped is not None:
        scalar, complaint = escaped
        raise error(f"{complaint}, even as an escape", file, first_line + scalar.start_mark.line)
    if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        raise error("expected key: value lines", file, first_line)
    lines: dict[str, int] = {}
    for key_node, _ in node.value:
        key = key_node.value
        line = first_line + key_node.start_mark.line
        if key in lines:
            raise error(f"key {key!r} appears twice (first on line {lines[key]})", file, line)
        lines[key] = line
    for key in data:
        if not isinstance(key, str):
            raise error(f"key {key!r} must be text", file, first_line)
    return data, lines


# An escaped pair of UTF-16 surrogates (JSON's way of writing a character beyond the BMP, and YAML 1.1's
# reading of it): one character. A lone one is still no character (_escaped_character).
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def _paired(match: re.Match[str]) -> str:
    high, low = (ord(c) for c in match[0])
    return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


def _escaped_character(node: yaml.Node | None) -> tuple[yaml.ScalarNode, str] | None:
    """The first scalar under `node` holding a character no edition can carry, written as an escape in
    double quotes ("\\x1b", "\\uFFFE": the reader, which refuses them typed, never sees them), with what
    is wrong with it."""
    for scalar in _scalars(node):
        complaint = character_complaint(scalar.value) if scalar.style == '"' else None
        if complaint:
            return scalar, complaint
    return None


def _scalars(node: yaml.Node | None) -> Iterator[yaml.ScalarNode]:
    """The scalars under `node`, in the document's order."""
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            yield current
        elif isinstance(current, yaml.MappingNode):
            stack.extend(value for pair in reversed(current.value) for value in reversed(pair))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(reversed(current.value))


def _impossible_date(node: yaml.Node | None) -> yaml.ScalarNode | None:
    """The first date under `node` that names no calendar day (2024-02-30), which PyYAML turns into a bare
    ValueError with no line."""
    for scalar in _scalars(node):
        if scalar.tag == "tag:yaml.org,2002:timestamp":
            match = yaml.constructor.SafeConstructor.timestamp_regexp.match(scalar.value)
            try:
                if match:
                    dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
            except ValueError:
                return scalar
    return None


# Characters that look like the space or colon YAML needs and are not (a word processor's no-break
# space after "issue:", a full-width colon): YAML's own error blames the line after, and names neither.
LOOKALIKES = {
    "\u00a0": "a no-break space (U+00A0) where YAML needs a plain space",
    "\u2007": "a figure space (U+2007) where YAML needs a plain space",
    "\u202f": "a narrow no-break space (U+202F) where YAML needs a plain space",
    "\u3000": "an ideographic space (U+3000) where YAML needs a plain space",
    "\uff1a": "a full-width colon (U+FF1A) where YAML needs ':'",
    "\ufe55": "a small colon (U+FE55) where YAML needs ':'",
}


_KEY_LINE = re.compile(r"^([A-Za-z_][^:\s\uff1a\ufe55]*)([\s\u00a0\u2007\u202f\u3000]*)([:\uff1a\ufe55])(.?)")


def _advice(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, int | None]:
    """What an editor most likely meant by PyYAML's commonest complaints ("; ..." to add to its words), and
    the line (from 0) where the thing left open began, when PyYAML names where it gave up, lines on."""
    problem = exc.problem or ""
    where, began = exc.problem_mark, exc.context_mark
    on_its_line = where is not None and began is not None and where.line == began.line
    lines = text.split("\n")
    line_text = lines[where.line] if where is not None and where.line < len(lines) else ""
    if "mapping values are not allowed" in problem:
        if line_text[:1].isspace():
            return "; a key starts its line, unindented (a value's next lines are indented under it)", None
        return '; a value holding ": " is written in quotes: subtitle: "Energy: trade"', None
    if "found character '\\t'" in problem:
        if where is not None and ":\t" in line_text[: where.column + 1]:
            return "; a key's colon is followed by a space, not a tab", None
        return "; indent with spaces: YAML allows no tabs", None
    if "expected '<document start>'" in problem and where is not None:  # the first key indented
        indented = next((i for i, line in enumerate(lines[: where.line]) if line[:1].isspace()), None)
        return "; every key starts its line, unindented", indented
    for opener, closer, kind in (("[", "]", "list"), ("{", "}", "mapping")):
        if f"expected ',' or '{closer}'" in problem and began is not None:
            ended = "<stream end>" in problem or "<document end>" in problem
            if on_its_line and not ended:  # closed on its line: an item is malformed
                return f"; the items of a {opener}{kind}{closer} are parted by commas, a quoted item quoted whole", None
            return f"; a {opener}{kind}{closer} opened on this line is not closed with {closer}", began.line
    if "found unexpected end of stream" in problem and began is not None:
        return "; a quoted value opened on this line is not closed", began.line
    if "could not find expected ':'" in problem and began is not None:
        return "; every line is key: value (this one has no colon)", began.line
    if "that cannot start any token" in problem:
        return "; a value that begins with @, ` or % is written in quotes", None
    return "", None


def _lookalike(text: str, last: int, file: str | Path, error: type[BriefExportError], first_line: int) -> None:
    """Raise `error` for a look-alike of the colon after a top-level key, or of the space after it, on the
    lines up to YAML's error line `last` (from 0): the likely cause of that error. List items and the
    lines of a value are not keys, and are left to YAML's own message."""
    for number, line in enumerate(text.split("\n")[: last + 1]):
        key = _KEY_LINE.match(line)
        if key is None:
            continue
        for column, char in enumerate(line[: key.end()], 1):
            if char in LOOKALIKES:
                raise error(f"column {column}: {LOOKALIKES[char]}; retype it", file, first_line + number)
