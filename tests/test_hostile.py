"""Hostile input: every case in tests/hostile/ is rejected cleanly or rendered validly.

A case is a folder with bulletin.md (and publisher.yaml or styles/ where it
matters) and expect.toml: `outcome = "rejected"` with the `message` and `line`
the one-line error must carry, or `outcome = "rendered"`, optionally limited to
`formats`. Cases too big to commit name a `generate` function below that
writes them. A rejected build must exit 2 with one line on stderr, write
nothing and leave earlier editions untouched; a rendered one must exit 0 with
every edition valid (the EPUB through EPUBCheck). Nothing may touch the network.
"""

from __future__ import annotations

import re
import shutil
import socket
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefexport.cli import main
from briefexport.registry import registry

from .checkers import check_edition
from .conftest import STYLES
from .strategies import PICTURES

CASES = Path(__file__).resolve().parent / "hostile"
ALL_FORMATS = ["pdf", "docx", "epub", "text"]


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def generate(name: str, source: Path, styles: Path, tmp: Path) -> None:
    md = source / "bulletin.md"
    if name == "very_large_source":
        _append(md, "# Big\n\n" + ("A sentence of ordinary length. " * 40 + "\n\n") * 14_000)
    elif name == "truncated_font":
        good = (STYLES / "fonts" / "NotoSerif-Regular.ttf").read_bytes()
        (styles / "fonts" / "Truncated.ttf").write_bytes(good[:3000])
    elif name == "font_symlink":
        outside = tmp / "outside.ttf"
        shutil.copy(STYLES / "fonts" / "NotoSerif-Regular.ttf", outside)
        (styles / "fonts" / "Link.ttf").symlink_to(outside)
    elif name == "picture_symlink":  # a picture inside the folder that is a link to one outside it
        outside = tmp / "outside.png"
        shutil.copy(PICTURES / "map.png", outside)
        (source / "map.png").symlink_to(outside)
    elif name == "bom":
        md.write_bytes(b"\xef\xbb\xbf" + md.read_bytes() + b"# Section\n\nAfter a byte-order mark.\n")
    elif name == "long_word":
        _append(md, "# Long word\n\nBefore " + "x" * 5_000 + " after.\n")
    elif name == "long_url":
        url = "https://example.org/" + "a" * 5_000
        _append(md, f"# Long URL\n\nSee <{url}> and [it]({url}).\n")
    elif name == "long_paragraph":
        _append(md, "# Long paragraph\n\n" + " ".join(f"word{i}" for i in range(4_000)) + ".\n")
    elif name == "table_500_rows":
        rows = "".join(f"| Row {i} | {i * 37:,} | {i / 7:.2f}% |\n" for i in range(500))
        _append(
            md,
            f"# Big table\n\nBefore.\n\n::: stats\nFive hundred rows\n\n| Item | Count | Share |\n"
            f"|:--|--:|--:|\n{rows}\nSource: generated.\n:::\n",
        )
    elif name == "long_cell":
        _append(
            md,
            "# Long cell\n\n::: stats\nA long cell\n\n| Label | Figure |\n|:--|--:|\n"
            f"| {'lorem ipsum ' * 170} | 5% |\n\nSource: generated.\n:::\n",
        )
    elif name == "wide_table":
        header = "| " + " | ".join(f"Column {i}" for i in range(10)) + " |\n"
        align = "|:--" + "|--:" * 9 + "|\n"
        row = "| Label | " + " | ".join(f"{i * 1234:,}" for i in range(9)) + " |\n"
        _append(md, f"# Wide\n\n::: stats\nTen columns\n\n{header}{align}{row * 3}\nSource: generated.\n:::\n")
    elif name == "many_sections":
        _append(md, "".join(f"# Section {i}\n\nText of section {i}.\n\n" for i in range(1_000)))
    elif name == "table_36_columns":
        header = "| " + " | ".join(f"Column {i}" for i in range(36)) + " |\n"
        align = "|:--" + "|--:" * 35 + "|\n"
        row = "| Label | " + " | ".join(f"{i * 1234:,}" for i in range(35)) + " |\n"
        _append(md, f"# Wide\n\n::: stats\nThirty-six columns\n\n{header}{align}{row * 3}\nSource: generated.\n:::\n")
    elif name == "plain_table_long_cells":  # plain tables: a long text, a long word, 36 columns of text
        long_text = f"| Label | {'lorem ipsum ' * 170} |\n| Word | {'x' * 5_000} |\n"
        header = "| " + " | ".join(f"Column {i}" for i in range(36)) + " |\n"
        row = "| " + " | ".join(f"text {i}" for i in range(36)) + " |\n"
        tables = f"| A | B |\n|---|---|\n{long_text}\nTable: Thirty-six columns\n\n{header}{'|---' * 36}|\n{row * 3}"
        _append(md, f"\n{tables}\nAfter.\n")
    elif name == "long_figure":
        table = f"| Label | Figure |\n|:--|--:|\n| x | {'9' * 280} |\n"
        _append(md, f"# Figures\n\n::: stats\nA long figure\n\n{table}\nSource: generated.\n:::\n")
    elif name == "deep_yaml":
        deep = "keywords: " + "[" * 500 + "]" * 500 + "\n"
        md.write_text(md.read_text(encoding="utf-8").replace("publisher:", deep + "publisher:"), encoding="utf-8")
    elif name == "deep_toml":
        deep = "x = " + "[" * 5_000 + "]" * 5_000 + "\n"
        (styles / "deep.toml").write_text(f'name = "deep"\nlabel = "Deep"\nextends = "plain"\n{deep}', encoding="utf-8")
    elif name == "long_extends_chain":
        for i in range(2_000):
            parent = f"chain{i + 1}" if i < 1_999 else "plain"
            text = f'name = "chain{i}"\nlabel = "Chain"\nextends = "{parent}"\n'
            (styles / f"chain{i}.toml").write_text(text, encoding="utf-8")
    else:
        raise AssertionError(f"no generator {name!r}")


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if (p / "expect.toml").is_file())


def test_the_readme_counts_the_cases_as_they_are():
    """A review: the README said 87 cases, 66 rejected, when there were 97 and 76."""
    outcomes = [tomllib.loads((CASES / name / "expect.toml").read_text("utf-8"))["outcome"] for name in case_names()]
    readme = (CASES.parents[1] / "README.md").read_text("utf-8")
    said = re.search(r"\((\d+) cases: (\d+) rejected, (\d+) rendered in every format", readme)
    assert said is not None and len(outcomes) >= 40
    rejected, rendered = outcomes.count("rejected"), outcomes.count("rendered")
    assert (len(outcomes), rejected, rendered) == tuple(map(int, said.groups())), (rejected, rendered)


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("briefexport tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.mark.parametrize("name", case_names())
def test_hostile_case(name, tmp_path, no_network):
    case = CASES / name
    expect = tomllib.loads((case / "expect.toml").read_text(encoding="utf-8"))
    source, styles, out = tmp_path / "source", tmp_path / "styles", tmp_path / "dist"
    shutil.copytree(case, source, ignore=shutil.ignore_patterns("styles", "expect.toml"), symlinks=True)
    if not (source / "publisher.yaml").exists():
        shutil.copy(CASES / "publisher.yaml", source)
    shutil.copytree(STYLES, styles)
    if (case / "styles").is_dir():
        shutil.copytree(case / "styles", styles, dirs_exist_ok=True)
    if "generate" in expect:
        generate(expect["generate"], source, styles, tmp_path)
    formats = expect.get("formats", ALL_FORMATS)
    out.mkdir()
    earlier = {out / f"bulletin{registry.get(f).suffix}": b"an earlier edition" for f in formats}
    for path, data in earlier.items():
        path.write_bytes(data)

    md = source / "bulletin.md"
    options = ["--style-dir", str(styles), "-f", ",".join(formats), "-j", "1"]
    checked = CliRunner().invoke(main, ["check", str(md), *options])
    result = CliRunner().invoke(main, ["build", str(md), "-o", str(out), *options])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    # `check` renders in memory what `build` would write: the same status, the same error.
    assert (checked.exit_code, checked.stderr) == (result.exit_code, result.stderr)

    if expect["outcome"] == "rejected":
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
        assert lines[0].startswith("briefexport: "), lines[0]
        assert expect["message"] in lines[0], lines[0]
        if "line" in expect:
            assert f":{expect['line']}: " in lines[0], lines[0]
        # Nothing written, nothing left half-written, earlier editions untouched.
        assert sorted(out.iterdir()) == sorted(earlier)
        assert all(path.read_bytes() == data for path, data in earlier.items())
    else:
        assert result.exit_code == 0, result.output
        for fmt in formats:
            check_edition(fmt, out / f"bulletin{registry.get(fmt).suffix}")
