"""Styles: one TOML file per brand, read by every renderer.

A style may `extends` another (plain.toml holds every key, so a brand states
only what differs). Tables become frozen dataclasses whose fields *are* the
schema: an unknown key, a missing key or a wrong type is a StyleError with
file:line. Font and logo paths are relative to the styles folder and may not
leave it. Renderers read colours, fonts and sizes only from here.

Hostile files are refused before they can exhaust the stack: tables and arrays
nested more than MAX_TOML_DEPTH levels, and chains of more than MAX_EXTENDS styles.
"""

from __future__ import annotations

from .loading import (
    MAX_EXTENDS,
    find_style,
    key_origin,
    load_style,
    missing_style_file,
    style_folders,
    style_inputs,
    style_names,
)
from .model import (
    CYRILLIC_LETTERS,
    FONT_FACES,
    LIST_LEVELS,
    PAGE_SIZES_MM,
    PT_PER_MM,
    ROLES,
    TRANSLATED,
    FontFamily,
    Labels,
    Lists,
    Page,
    Sizes,
    Style,
    list_number,
    section_number,
)
from .schema import BUILT_IN, MAX_LEADING, MIN_COLUMN, MIN_LEADING, MIN_LINE, RANGES, TEMPLATE_FIELDS, check_style
from .tomlfile import MAX_TOML_DEPTH

__all__ = [
    "BUILT_IN",
    "CYRILLIC_LETTERS",
    "FONT_FACES",
    "LIST_LEVELS",
    "MAX_EXTENDS",
    "MAX_LEADING",
    "MAX_TOML_DEPTH",
    "MIN_COLUMN",
    "MIN_LEADING",
    "MIN_LINE",
    "PAGE_SIZES_MM",
    "PT_PER_MM",
    "RANGES",
    "ROLES",
    "TEMPLATE_FIELDS",
    "TRANSLATED",
    "FontFamily",
    "Labels",
    "Lists",
    "Page",
    "Sizes",
    "Style",
    "check_style",
    "find_style",
    "key_origin",
    "list_number",
    "load_style",
    "missing_style_file",
    "section_number",
    "style_folders",
    "style_inputs",
    "style_names",
]
