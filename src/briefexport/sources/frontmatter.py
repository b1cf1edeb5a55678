"""The front matter and the publisher file: YAML read, checked and given the bulletin's typography."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import SourceError
from ..fields import Field, check_fields
from ..inputs import confined, picture, read_text
from ..model import LOCALITY, Metadata, Publisher
from ..rules import (
    EMAIL,
    EMAIL_RULE,
    date_complaint,
    language_complaint,
    locality_complaint,
    revised_complaint,
    script_complaint,
    subject_complaint,
    title_complaint,
    unsubscribe_complaint,
    website_complaint,
)
from ..typography import MODES, house
from ..yamlfile import WrittenInt, load_mapping
from .runs import SPACES


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


@dataclass(frozen=True)
class FrontMatter:
    metadata: Metadata
    publisher: Publisher
    house: str | None  # the language house typography sets the text in; None: as written


def read_front_matter(content: str, source: Path, root: Path | None, inputs: dict[Path, str | None]) -> FrontMatter:
    """The front matter (`content`, the YAML between the source's --- lines) and the publisher file it
    names, in `root`; the files read go into `inputs`, as load() reports them."""
    data, lines = load_mapping(content, source, SourceError, first_line=2)
    for key in ("date", "revised"):
        written = data.get(key)
        if isinstance(written, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", written := written.strip()):
            try:  # quoted, '2024-11-30' is still the date it looks like
                data[key] = dt.date.fromisoformat(written)
            except ValueError:
                raise SourceError(f"{key} {written} is not a calendar date", source, lines.get(key)) from None
    _as_written(data, FRONT_MATTER)
    check_fields(data, FRONT_MATTER, file=source, line_of=lines.get, error=SourceError)
    if data.get("revised") and (complaint := revised_complaint(data["revised"], data["date"])):
        raise SourceError(f"revised {complaint}", source, lines.get("revised"))
    language = None
    if data.get("typography", "house") == "house":
        language = data.get("language") or "en"
        for key in ("title", "subtitle", "summary"):
            if isinstance(data.get(key), str):
                data[key] = house(data[key], language)
        if isinstance(data.get("authors"), list):  # names, as the text sets them ("O'Neill" is O’Neill)
            data["authors"] = [house(name, language) for name in data["authors"]]
    publisher = _publisher(data["publisher"], source, lines.get("publisher"), root, language, inputs)
    style = data.get("style") or "plain"
    if style.endswith(".toml") and root is not None:
        # content may name a style file inside its own folder only, as build reads it: refused here too,
        # since a program reading the source may hand metadata.style to load_style
        confined(root, style, SourceError, source, lines.get("style"))
    metadata = Metadata(
        title=data["title"],
        subtitle=data.get("subtitle") or None,
        summary=SPACES.sub(" ", data.get("summary") or "") or None,
        issue=data["issue"],
        date=data["date"],
        language=data.get("language") or "en",
        identifier=data.get("identifier"),
        authors=tuple(data.get("authors") or ()),
        keywords=tuple(data.get("keywords") or ()),
        style=style,
        revised=data.get("revised"),
    )
    return FrontMatter(metadata, publisher, language)


def _publisher(
    name: str, source: Path, line: int | None, root: Path | None, language: str | None, inputs: dict[Path, str | None]
) -> Publisher:
    """The publisher file the front matter names (`name`, at `line` of `source`), in house typography's
    `language` when there is one."""
    if root is None:
        raise SourceError(f"publisher file {name!r} cannot be read: loads() was given no base_dir", source, line)
    path = confined(root, name, SourceError, source, line)
    if not path.is_file():  # said where the source names it, not only which file is missing
        raise SourceError(f"publisher file not found: {name!r} in {root}", source, line)
    text = unicodedata.normalize("NFC", read_text(path, SourceError, "publisher file"))  # as the source's
    inputs[path] = text
    data, lines = load_mapping(text, path, SourceError)
    _as_written(data, PUBLISHER)
    check_fields(data, PUBLISHER, file=path, line_of=lines.get, error=SourceError)
    if language:  # the name and address as the bulletin's text is set; phones, email and web as written
        for key in ("name", "short_name", "street", "city", "country"):
            if isinstance(data.get(key), str):
                data[key] = house(data[key], language)
    logo = data.get("logo")
    if logo is not None:
        logo_path = picture(root, logo, SourceError, path, lines.get("logo"))
        logo = str(logo_path)  # resolved: renderers have no source folder to resolve against
        inputs[logo_path] = None
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
