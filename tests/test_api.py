"""The library as a CMS or a web service uses it: sources as text, plain errors, nothing more than __all__."""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

import briefexport
from briefexport.errors import SourceError
from briefexport.printing import PrintColor
from briefexport.styles import FontFamily, Style, key_origin

from .conftest import FIXTURES

MINIMAL = FIXTURES / "minimal"


def test_the_top_level_holds_exactly_the_public_names_and_the_package_s_modules():
    for name in briefexport.__all__:
        assert hasattr(briefexport, name), name
    extra = {
        name
        for name, value in vars(briefexport).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert extra <= set(briefexport.__all__)
    assert {"Any", "Path", "TYPE_CHECKING", "annotations", "import_module"}.isdisjoint(vars(briefexport))
    assert set(briefexport.__all__) <= set(dir(briefexport))  # the names loaded when first asked for too
    assert all(getattr(briefexport, name) is not None for name in briefexport.__all__)  # and they load


def test_importing_the_package_imports_none_of_its_modules_until_a_name_is_asked_for():
    """So the command can watch for Ctrl-C before the 0.1 s of imports a build needs (startup.py)."""
    probe = (
        "import sys, briefexport; print(sorted(m for m in sys.modules if m.startswith('briefexport')));"
        "briefexport.validate; print(briefexport.validate.__module__)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == ["['briefexport', 'briefexport._version']", "briefexport.validation"]


@pytest.mark.parametrize(
    "given",
    [
        lambda text: text,
        lambda text: text.encode("utf-8"),
        lambda text: io.StringIO(text),
        lambda text: io.BytesIO(("\ufeff" + text).encode("utf-8")),
    ],
    ids=["str", "bytes", "text-stream", "binary-stream-with-bom"],
)
def test_loads_reads_a_source_held_in_memory_as_load_reads_the_file(given):
    text = (MINIMAL / "bulletin.md").read_text(encoding="utf-8")
    assert briefexport.loads(given(text), base_dir=MINIMAL) == briefexport.load(MINIMAL / "bulletin.md")


def test_loads_names_its_source_in_errors_and_reads_no_file_without_a_base_dir():
    text = (MINIMAL / "bulletin.md").read_text(encoding="utf-8")
    with pytest.raises(briefexport.SourceError) as caught:
        briefexport.loads(text, name="cms:issue-7")
    assert (
        str(caught.value)
        == "cms:issue-7:9: publisher file 'publisher.yaml' cannot be read: loads() was given no base_dir"
    )
    with pytest.raises(briefexport.SourceError, match=r"^<string>:1: invalid UTF-8 \(byte 0xff\)"):
        briefexport.loads(b"\xff---\n", base_dir=MINIMAL)
    with pytest.raises(briefexport.SourceError, match=r"leads outside"):
        briefexport.loads(text.replace("publisher: publisher.yaml", "publisher: ../hostile/bulletin.md"), MINIMAL)
    # A service's trial was told its publisher file was missing: the folder it named was
    with pytest.raises(briefexport.SourceError) as caught:
        briefexport.loads(text, base_dir=MINIMAL / "no-such-folder", name="cms:issue-7")
    assert str(caught.value) == f"cms:issue-7: base_dir '{MINIMAL / 'no-such-folder'}' is not a folder that exists"


def test_write_refuses_a_name_ending_in_another_formats_suffix(minimal, tmp_path):
    """A service's trial wrote a PDF into issue.docx without a word; any other name is the caller's."""
    with pytest.raises(briefexport.OutputError) as caught:
        briefexport.write(minimal, "pdf", tmp_path / "issue.docx")
    assert caught.value.message == "cannot write the pdf edition to issue.docx: its file ends in .pdf"
    assert not (tmp_path / "issue.docx").exists()
    for name in ("issue.PDF", "issue.tmp", "issue", "issue.print.pdf"):
        assert briefexport.write(minimal, "pdf", tmp_path / name).read_bytes().startswith(b"%PDF")
    # no renderer but the one written is loaded (a review: a broken plugin failed every write)
    probe = (
        "import sys, briefexport; from briefexport.model import *; "
        f"b = briefexport.load({str(MINIMAL / 'bulletin.md')!r}); "
        f"briefexport.write(b, 'text', {str(tmp_path / 'x.txt')!r}); "
        "print(any(m.startswith(('briefexport.renderers.pdf', 'briefexport.renderers.docx')) for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout == "False\n"


@pytest.mark.parametrize("given", [Path("/etc/passwd"), Path("styles/house")])
def test_a_style_path_that_is_no_toml_is_told_so(minimal, given):
    """A service's trial gave a Path and was told that a 'style name' may hold only letters and digits."""
    with pytest.raises(briefexport.StyleError) as caught:
        briefexport.render(minimal, "text", style=given)
    assert str(caught.value) == f"style file {str(given)!r} is no .toml: give a style's .toml, or its name as a str"


def test_render_takes_format_names_in_any_case_and_the_built_in_styles_with_no_folder(minimal):
    assert briefexport.render(minimal, "TEXT") == briefexport.render(minimal, "text")
    assert briefexport.render(minimal, "Pdf", style="aircenter")[:5] == b"%PDF-"


class _ReadsNone:
    """A file-like object of a service's own whose read() gives None (a trial: "object of type 'NoneType' has
    no len()")."""

    def read(self, size: int = -1) -> None:
        return None


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda b: briefexport.render(b, 123), "fmt must be a str, got int"),
        (lambda b: briefexport.render("not a bulletin", "pdf"), "bulletin must be a Bulletin, got str"),
        (lambda b: briefexport.render(b, "pdf", style=3.5), "style must be"),
        (lambda b: briefexport.write(b, "text", None), "path must be"),
        (lambda b: briefexport.load(42), "path must be"),
        (lambda b: briefexport.loads(None), "text must be"),
        (lambda b: briefexport.loads(_ReadsNone()), r"text\.read\(\) must be a str or bytes, got None"),
        (lambda b: briefexport.render(b, "pdf", style_dir=3), "style folders must be .*, got int"),
        (lambda b: briefexport.render(b, "pdf", style_dir=b"/srv"), "style folders must be .*, got bytes"),
        (lambda b: briefexport.render(b, "pdf", style_dir=["/srv", 3]), "each style folder must be a str or Path"),
        (lambda b: briefexport.load_style(3), "name_or_path must be a str or Path, got int"),
        (lambda b: briefexport.to_dict("x"), "bulletin must be a Bulletin, got str"),
    ],
)
def test_wrong_argument_types_are_a_plain_type_error(minimal, call, message):
    with pytest.raises(TypeError, match=f"^{message}"):
        call(minimal)


def test_a_bulletin_s_own_style_is_a_name_never_a_path(minimal):
    bulletin = dataclasses.replace(minimal, metadata=dataclasses.replace(minimal.metadata, style="/etc/passwd.toml"))
    with pytest.raises(briefexport.StyleError, match=r"is a path, and a bulletin names its style by name only"):
        briefexport.render(bulletin, "text")


def test_a_style_given_as_a_string_is_a_name_and_never_opens_a_file(minimal, tmp_path, monkeypatch):
    """A string naming a .toml was read as a path from the process's folder, style_dir or not: a style
    taken from a request could open any .toml on the host (a service's trial). A path is a Path."""
    (tmp_path / "outside.toml").write_text('name = "outside"\nlabel = "Outside"\nextends = "plain"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for name in ("outside.toml", str(tmp_path / "outside.toml"), "../outside"):
        with pytest.raises(briefexport.StyleError, match="to read a style file, pass its path as a pathlib.Path$"):
            briefexport.render(minimal, "text", style=name, style_dir=tmp_path)
    assert briefexport.render(minimal, "text", style=tmp_path / "outside.toml")  # the caller's own path


def test_an_unknown_style_in_a_sources_front_matter_names_the_source_and_its_line():
    """Read by loads(), the source named a style no folder had: render said so without saying where."""
    text = (MINIMAL / "bulletin.md").read_text(encoding="utf-8").replace("style: plain", "style: nosuch")
    bulletin = briefexport.loads(text, base_dir=MINIMAL, name="cms:x")
    with pytest.raises(briefexport.StyleError, match=r"^cms:x:8: unknown style 'nosuch'"):
        briefexport.render(bulletin, "text")


def test_render_validates_a_model_built_in_code(minimal):
    bulletin = dataclasses.replace(minimal, sections=())
    with pytest.raises(briefexport.BriefExportError, match=r"^sections: "):
        briefexport.render(bulletin, "pdf")


def test_write_refuses_to_write_over_the_bulletins_own_source(tmp_path: Path):
    """A service developer's trial: write(b, "text", "bulletin.md") replaced the source with the text edition,
    which a build refuses to do."""
    for name in ("bulletin.md", "publisher.yaml"):
        (tmp_path / name).write_bytes((MINIMAL / name).read_bytes())
    source = tmp_path / "bulletin.md"
    before = source.read_bytes()
    bulletin = briefexport.load(source)
    with pytest.raises(briefexport.OutputError, match=": cannot write the text edition to bulletin.md: it is the bul"):
        briefexport.write(bulletin, "text", source)
    assert source.read_bytes() == before
    publisher = (tmp_path / "publisher.yaml").read_bytes()  # a review: nor any other file it was read from
    with pytest.raises(briefexport.OutputError, match="to publisher.yaml: the bulletin was read from it"):
        briefexport.write(bulletin, "text", tmp_path / "publisher.yaml")
    assert (tmp_path / "publisher.yaml").read_bytes() == publisher
    assert briefexport.write(bulletin, "text", tmp_path / "bulletin.txt").exists()


def test_write_replaces_a_file_atomically(minimal, tmp_path: Path):
    target = tmp_path / "out" / "b.txt"
    assert briefexport.write(minimal, "text", target) == target
    assert target.read_bytes() == briefexport.render(minimal, "text")


def test_the_print_edition_from_the_library_is_the_command_lines(minimal, tmp_path: Path):
    """A service's trial: nothing said how to make the print shop's PDF in a program. print_edition=True gives
    the bytes `build --print` writes, preflighted; a format without a print edition is told which has one."""
    command = ["build", str(MINIMAL / "bulletin.md"), "-f", "pdf", "--print", "-o", str(tmp_path), "-q"]
    subprocess.run(
        [sys.executable, "-m", "briefexport", *command],
        check=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
    )
    built = (tmp_path / "bulletin.print.pdf").read_bytes()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        assert briefexport.render(minimal, "pdf", print_edition=True) == built
        written = briefexport.write(minimal, "pdf", tmp_path / "lib.pdf", print_edition=True)
    assert written.read_bytes() == built and built != briefexport.render(minimal, "pdf")
    with pytest.raises(
        briefexport.RenderError, match="the docx format has no print edition; print_edition=True is for pdf"
    ):
        briefexport.render(minimal, "docx", print_edition=True)


def test_loads_refuses_a_lone_surrogate_with_its_line_as_load_refuses_a_control_character():
    text = (MINIMAL / "bulletin.md").read_text(encoding="utf-8").replace("# First section", "# First \ud800")
    with pytest.raises(briefexport.SourceError) as caught:
        briefexport.loads(text, base_dir=MINIMAL, name="cms")
    assert str(caught.value) == "cms:12: column 9: character U+D800 is not allowed"


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda b: briefexport.load("a\0b.md"), "path"),
        (lambda b: briefexport.loads("x", base_dir="/tmp/a\0b"), "base_dir"),
        (lambda b: briefexport.write(b, "text", "out/a\0b.txt"), "path"),
        (lambda b: briefexport.render(b, "text", style=Path("brand\0.toml")), "name_or_path"),
        (lambda b: briefexport.load_style("a\0b.toml"), "name_or_path"),
    ],
)
def test_a_path_with_a_nul_character_is_a_plain_value_error_naming_the_argument(minimal, call, name):
    """Python's own error said only "embedded null byte", from deep inside pathlib."""
    with pytest.raises(ValueError, match=f"^{name} holds a NUL character, which no file name may: "):
        call(minimal)


def _font(style: Style, **faces: object) -> dict[str, FontFamily]:
    """The style's fonts with its serif family's `faces` replaced."""
    return {**style.fonts, "serif": dataclasses.replace(style.fonts["serif"], **faces)}


def _ink(style, cmyk, spot=""):
    """The style's [print] table with the accent's inks set in code."""
    return dataclasses.replace(style.print, colors={**style.print.colors, "accent": PrintColor(cmyk, spot)})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: {"page": dataclasses.replace(s.page, size="A9")}, "page.size is 'A9'; allowed: A4, Letter"),
        (lambda s: {"page": 3}, r"page must be a Page \(a style's \[page\] table\), not int"),
        (lambda s: {"page": dataclasses.replace(s.page, columns=0)}, "page.columns must be from 1 to 3"),
        (
            lambda s: {"page": dataclasses.replace(s.page, margin_top=500)},
            r"page.margin_top must be from 12 to 60 \(mm\)",
        ),
        (lambda s: {"labels": dataclasses.replace(s.labels, source="S{x}")}, "labels.source is printed as written"),
        (lambda s: {"colors": dataclasses.replace(s.colors, ink="#FFFFFF")}, "colors.ink .* has a contrast of 1.00:1"),
        # Found by a library user's trial: each reached a renderer as a raw IndexError, TypeError or lxml error.
        (lambda s: {"lists": dataclasses.replace(s.lists, bullets=())}, "lists.bullets must give 3, one per level"),
        (lambda s: {"lists": dataclasses.replace(s.lists, bullets=("\x01", "b", "c"))}, "lists.bullets: '.x01' must"),
        (lambda s: {"label": "A\x01"}, "label: control character U.0001 is not allowed"),
        (lambda s: {"label": 5}, "label must be a str that shows something, not 5"),
        (lambda s: {"name": None}, "name must be a str that shows something, not None"),
        (lambda s: {"header": dataclasses.replace(s.header, left="{title}\x07")}, "header.left: control character"),
        (lambda s: {"fonts": None}, r"fonts must be a dict of names to FontFamily"),
        (lambda s: {"roles": dataclasses.replace(s.roles, body="nosuch")}, "roles.body names font family 'nosuch'"),
        (lambda s: {"logo_path": "/etc/passwd"}, "logo_path must be a pathlib.Path or None, not str"),
        # Found by a hostile re-trial: raw AttributeError, FileNotFoundError or TTLibError, /etc/passwd
        # embedded in the EPUB as a font, CSS written unquoted, and /dev/zero read until memory ran out.
        (lambda s: {"fonts": _font(s, regular=Path("/etc/passwd"))}, "fonts.serif.regular is '/etc/passwd': "),
        (lambda s: {"fonts": _font(s, bold="b.ttf")}, "fonts.serif.bold must be a pathlib.Path to a .ttf, not str"),
        (lambda s: {"fonts": _font(s, generic="x; }")}, r"fonts.serif.generic is 'x; }'; allowed: serif"),
        (lambda s: {"fallback": (Path("/tmp"),)}, "fonts.fallback is '/tmp': font file 'tmp' not found"),
        (lambda s: {"logo_path": Path("/dev/zero")}, "logo_path is '/dev/zero': logo 'zero' not found"),
        (lambda s: {"print": None}, r"print must be a Printing \(a style's \[print\] table\), not NoneType"),
        # A service's trial: pad=0 was a ZeroDivisionError, pad=1000 a 1,000-page PDF, and inks of -2, 700 %
        # or NaN were written into the content streams ("7 -2 nan 0 k") and passed the preflight.
        (lambda s: {"print": dataclasses.replace(s.print, pad=0)}, "print.pad must be from 1 to 64"),
        (lambda s: {"print": dataclasses.replace(s.print, pad=1000)}, "print.pad must be from 1 to 64"),
        (lambda s: {"print": dataclasses.replace(s.print, pad=2.5)}, "print.pad must be a whole number from 1 to 64"),
        # a review: None passed (a file's absent key) and failed inside; a colour named by a number too
        (lambda s: {"print": dataclasses.replace(s.print, pad=None)}, "print.pad must be a whole number from 1 to 64"),
        (lambda s: {"print": dataclasses.replace(s.print, colors={1: s.print.colors["ink"]})}, "print.colors must map"),
        (lambda s: {"print": _ink(s, (7.0, -0.02, 0.0, 0.0))}, r"print.colors.accent is \[700.0, -2.0, 0.0, 0.0\]"),
        (lambda s: {"print": _ink(s, (0.1, float("nan"), 0.0, 0.0))}, r"print.colors.accent is \[10.0, nan"),
        (lambda s: {"print": _ink(s, (0.1, 0.2))}, r"print.colors.accent is \[10.0, 20.0\]; write \[C, M, Y, K\]"),
        (lambda s: {"print": _ink(s, "cmyk")}, "print.colors.accent.cmyk must be a tuple of four inks from 0 to 1"),
        (lambda s: {"print": _ink(s, (0.1, 0.2, 0.3, 0.0), "Cyan")}, "print.colors.accent.spot 'Cyan' names a process"),
        (lambda s: {"labels": dataclasses.replace(s.labels, contents="\ufeff")}, "labels.contents is empty"),
        # a re-trial: a control character in a fallback family name reached lxml as a ValueError
        (lambda s: {"fonts": _font(s, fallback="Geor\x1bgia")}, "fonts.serif.fallback: control character U.001B"),
        # A service's trial: a face of another typeface, and a family name not its fonts', set the text in the
        # wrong face and declared the fonts to Word and the EPUB under another name
        (
            lambda s: {"fonts": _font(s, regular=s.fonts["sans"].regular)},
            "fonts.serif.bold is a face of 'Noto Serif', its regular one of 'Noto Sans'",
        ),
        (
            lambda s: {"fonts": _font(s, family="Comic Sans MS")},
            "fonts.serif.family is 'Comic Sans MS', but its fonts are 'Noto Serif'",
        ),
    ],
)
def test_a_style_changed_in_code_is_checked_as_a_style_file_is(minimal, change, message):
    """page.size = "A9" set with Style.replace reached the renderers as a raw KeyError; columns = 0
    rendered; margin_top = 500 failed inside ReportLab with a flowable's repr in the message."""
    style = briefexport.load_style("plain")
    changed = style.replace(**change(style))
    for fmt in ("pdf", "docx", "epub", "text"):
        with pytest.raises(briefexport.StyleError, match=f"^{message}") as caught:
            briefexport.render(minimal, fmt, style=changed)
        assert caught.value.file is None  # no file says it (a trial's .file was "")
    print_edition = style.replace(page=dataclasses.replace(style.page, crop_marks=True, bleed=3))
    assert briefexport.render(minimal, "pdf", style=print_edition).startswith(b"%PDF")


def test_a_glyph_error_in_a_style_value_set_in_code_names_no_style_file(minimal):
    """A header set in code on aircenter, with a character no font has, was blamed on plain.toml:82, which
    aircenter extends and which never said it. A value the file does say keeps its file and line."""
    style = briefexport.load_style("aircenter")
    changed = style.replace(header=dataclasses.replace(style.header, left="{title} \U0001f600"))
    with pytest.raises(briefexport.RenderError) as caught:
        briefexport.render(minimal, "pdf", style=changed)
    assert str(caught.value).startswith("header.left: the PDF's fonts have no glyph for U+1F600")
    assert key_origin(style, "header.left")[0].endswith("plain.toml")


@pytest.mark.parametrize(
    "call",
    [
        lambda: briefexport.loads("---\ntitel: x\n---\n", name="issue\nof\u2028March.md"),
        lambda: briefexport.load("issue\r\nof March.md"),
        lambda: briefexport.load_style("brand\n.toml"),
    ],
)
def test_an_error_is_one_line_whatever_the_caller_named_its_file(call):
    """A name or a path holding a line break (or U+2028) gave a message of several lines."""
    with pytest.raises(briefexport.BriefExportError) as caught:
        call()
    message = str(caught.value)
    assert len(message.splitlines()) == 1 and "\\n" in message, message


def test_a_problem_a_renderer_finds_names_the_line_of_the_source_the_bulletin_was_read_from(tmp_path: Path):
    """A character no font has: the command line said file:line, the library only the section."""
    text = (MINIMAL / "bulletin.md").read_text(encoding="utf-8").replace("A striking line.", "A \U00010000 line.")
    line = text[: text.index("\U00010000")].count("\n") + 1
    (tmp_path / "publisher.yaml").write_bytes((MINIMAL / "publisher.yaml").read_bytes())
    (tmp_path / "issue.md").write_text(text, encoding="utf-8")
    read = [
        (briefexport.load(tmp_path / "issue.md"), str(tmp_path / "issue.md")),
        (briefexport.loads(text, base_dir=tmp_path, name="cms:issue-7"), "cms:issue-7"),
    ]
    for bulletin, name in read:
        with pytest.raises(briefexport.RenderError) as caught:
            briefexport.render(bulletin, "pdf")
        assert str(caught.value).startswith(f"{name}:{line}: section II. 'Second section': the PDF's fonts have no")
    # Built in code (here: changed), a bulletin has no source to point at: the section says where.
    changed = dataclasses.replace(read[0][0], footnotes=())
    with pytest.raises(briefexport.RenderError, match=r"^section II\. 'Second section': the PDF's fonts"):
        briefexport.render(changed, "pdf")


@pytest.mark.parametrize("fmt", ["pdf", "docx", "epub"])
def test_a_picture_deleted_after_the_source_was_read_is_blamed_on_the_line_that_names_it(tmp_path: Path, fmt):
    """A service's trial: a CMS kept the loaded bulletin, an editor deleted its chart, and the render's error
    named the picture's path on the server, with no line; the loader says the source's name and line."""
    from PIL import Image

    (tmp_path / "publisher.yaml").write_bytes((MINIMAL / "publisher.yaml").read_bytes())
    Image.new("RGB", (800, 500), (20, 54, 93)).save(tmp_path / "chart.png")
    text = (MINIMAL / "bulletin.md").read_text(encoding="utf-8") + "\n![A chart](chart.png)\n"
    line = text.count("\n")
    bulletin = briefexport.loads(text, base_dir=tmp_path, name="cms:issue-7")
    (tmp_path / "chart.png").unlink()
    with pytest.raises(briefexport.RenderError) as caught:
        briefexport.render(bulletin, fmt)
    assert str(caught.value).startswith(f"cms:issue-7:{line}: picture 'chart.png' not found in "), str(caught.value)


def test_the_source_text_kept_for_errors_goes_with_its_bulletin():
    from briefexport import inputs

    text = (MINIMAL / "bulletin.md").read_text(encoding="utf-8")
    kept = briefexport.loads(text, base_dir=MINIMAL)
    before = len(inputs._SOURCES)
    for _ in range(50):
        briefexport.loads(text, base_dir=MINIMAL)  # each one dropped at once
    assert len(inputs._SOURCES) <= before and inputs.source_of(kept) == ("<string>", text)


def test_the_readmes_library_example_runs_as_written_from_a_folder_of_ones_own(tmp_path, monkeypatch):
    """A user ran the README's example from a folder holding a copy of source/, as the install-anywhere
    paragraph invites: it stopped at a style folder 'styles' that did not exist, then at `secret`, a name
    it never defined. It runs there now, but for the SMTP server it names (send is replaced: no network)."""
    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Using it as a library") :]
    code = section[section.index("```python\n") + len("```python\n") : section.index("\n```\n")]
    (tmp_path / "source").mkdir()
    for name in ("2024-02.md", "publisher.yaml"):
        (tmp_path / "source" / name).write_bytes((ROOT / "source" / name).read_bytes())
    sent: list[object] = []
    monkeypatch.setattr(briefexport, "send", lambda messages, smtp: sent.append((list(messages), smtp)) or [])
    monkeypatch.setenv("SMTP_PASSWORD", "not-a-real-one")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {"__name__": "readme_example"})
    assert (tmp_path / "dist" / "2024-02.epub").stat().st_size > 100_000
    [(messages, server)] = sent
    assert len(messages) == 1 and server.host == "smtp.example.org"


def test_a_file_object_is_read_no_further_than_the_size_limit():
    """An endless upload stream was read to its end before the limit was applied: a MemoryError, or the
    machine's memory (a service developer's trial)."""

    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            buffer[:] = b"x" * len(buffer)
            return len(buffer)

    with pytest.raises(SourceError, match="longer than the limit of 16,777,216 bytes"):
        briefexport.loads(io.BufferedReader(Endless()), name="upload")


def test_a_text_file_object_of_other_bytes_than_utf8_is_a_source_error():
    """The same bytes were a SourceError as bytes or a binary file, a bare UnicodeDecodeError behind a
    TextIOWrapper: a service's `except BriefExportError` missed it."""
    upload = io.TextIOWrapper(io.BytesIO(b"---\ntitle: Caf\xe9\n---\n"), encoding="utf-8")
    with pytest.raises(SourceError, match=r"invalid UTF-8 \(byte 0xe9\)"):
        briefexport.loads(upload, name="upload")


def test_messages_a_service_developer_met_say_what_was_given(minimal, tmp_path, monkeypatch):
    """A style folder given as style= was "unknown style 'styles'"; write() to a folder named no file
    ("cannot write : ..."); a bad SOURCE_DATE_EPOCH was blamed on the bulletin's file (a service
    developer's trial)."""
    (tmp_path / "styles").mkdir()
    with pytest.raises(
        briefexport.StyleError, match="is a folder: give a style's .toml file, or the folder as style_dir="
    ):
        briefexport.render(minimal, "text", style=tmp_path / "styles")
    with pytest.raises(briefexport.BriefExportError, match=r"cannot write \.: a folder of that name is in the way"):
        briefexport.write(minimal, "text", ".")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(briefexport.RenderError) as caught:
        briefexport.render(minimal, "pdf")
    assert str(caught.value).startswith("environment: SOURCE_DATE_EPOCH='yesterday' is not a time")
