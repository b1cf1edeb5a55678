"""Fuzzing: any bulletin renders in every format or fails with a BriefExportError, never another exception.

The suite runs a CI-sized number of examples (FUZZ_EXAMPLES, default 200 per
format); benchmarks/fuzz.py runs the same properties for longer.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import briefexport
from briefexport.errors import BriefExportError
from briefexport.registry import registry
from briefexport.styles import load_style

from .conftest import STYLES
from .strategies import PICTURES, bulletins

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))
STYLE_CACHE = {name: load_style(name, STYLES) for name in ("plain", "aircenter")}
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)


@pytest.mark.parametrize("fmt", sorted(registry.names()))
def test_any_bulletin_renders_or_fails_cleanly(fmt):
    renderer = registry.get(fmt)

    @FUZZ
    @given(bulletin=bulletins)
    def check(bulletin):
        style = STYLE_CACHE[bulletin.metadata.style]
        try:
            data = renderer().render(bulletin, style)
        except BriefExportError:
            return
        assert isinstance(data, bytes) and data

    check()


# Markdown-ish text built from the syntax's own pieces, so the fuzzer reaches deep into the loader.
PIECES = st.sampled_from(
    [
        "# ",
        "## ",
        "\n",
        "\n\n",
        "> ",
        "— ",
        "::: pull",
        "::: stats",
        "::: figure",
        "{width=full}",
        "![a](m.png",
        "![](m.png)",
        "Credit: c",
        ":::",
        "| a | b |",
        "|:--|--:|",
        "| x | 1,000 MW |",
        "Source: s",
        "*",
        "**",
        "[x](",
        "https://e.org",
        "mailto:a@b.c",
        ")",
        "<b>",
        "&amp;",
        "- ",
        "1. ",
        "```",
        "    ",
        "\t",
        "\x00",
        "\r\n",
        "😀",
        "İ",
        "---",
        "Text",
    ]
)
FRONT = "---\ntitle: T\nissue: I\ndate: 2024-03-31\npublisher: publisher.yaml\n---\n\n"


@FUZZ
@given(body=st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40).map("".join))
def test_any_source_text_loads_or_fails_with_file_and_line(tmp_path_factory, body):
    folder: Path = tmp_path_factory.mktemp("fuzz")
    (folder / "publisher.yaml").write_text("name: N\nstreet: S\ncity: C\npostcode: P\ncountry: K\n", encoding="utf-8")
    shutil.copy(PICTURES / "map.png", folder / "m.png")  # a picture the pieces name
    path = folder / "b.md"
    path.write_text(FRONT + body, encoding="utf-8", errors="surrogatepass")
    try:
        briefexport.load(path)
    except BriefExportError as error:
        assert re.match(rf"{re.escape(str(path))}:\d+: ", str(error)), str(error)
