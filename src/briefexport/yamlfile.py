"""YAML mappings with the line of every top-level key (PyYAML's composer keeps marks)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import BriefExportError


def load_mapping(
    text: str, file: str | Path, error: type[BriefExportError], first_line: int = 1
) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse a YAML mapping; return it and the 1-based line of each key.

    Aliases are refused (a few lines of them can expand to gigabytes), and so
    are duplicate keys, which PyYAML would otherwise silently overwrite.
    """
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                raise error("YAML aliases (*name) are not allowed", file, first_line + mark.line)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        raise error(f"YAML syntax: {exc.problem or exc.context}", file, line) from None
    except yaml.YAMLError as exc:
        raise error(f"YAML syntax: {exc}", file, first_line) from None
    if data is None:
        return {}, {}
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
