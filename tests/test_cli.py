"""The command line, through click's CliRunner and as a real subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import briefexport
from briefexport.cli import main

from .conftest import FIXTURES, ROOT, STYLES

MINIMAL = FIXTURES / "minimal" / "bulletin.md"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """briefexport as a user runs it: a new process, from the project folder."""
    return subprocess.run(
        [sys.executable, "-m", "briefexport", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_version_and_help(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output == f"briefexport, version {briefexport.__version__}\n"
    result = runner.invoke(main, ["--help"])
    for command in ("build", "check", "dump", "formats", "styles"):
        assert command in result.output


def test_formats_lists_every_registered_format(runner):
    result = runner.invoke(main, ["formats"])
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.output.splitlines()] == briefexport.formats()


def test_formats_sets_its_columns_as_wide_as_their_longest_entry(runner, register):
    """A plugin author's trial: a plugin named "markdown" stood out of line with the 6-character column."""
    from briefexport.renderers.outline import OutlineRenderer

    register(type("Markdown", (OutlineRenderer,), {"name": "markdown", "suffix": ".markdown", "description": "md"}))
    lines = runner.invoke(main, ["formats"]).output.splitlines()
    assert len({line.index(".") for line in lines}) == 1  # every suffix starts in one column
    descriptions = [line.split()[2] for line in lines]
    assert len({line.index(text) for line, text in zip(lines, descriptions)}) == 1  # and every description


def test_styles_lists_a_folders_styles_then_the_built_in_ones(runner, tmp_path):
    (tmp_path / "brand.toml").write_text('name = "brand"\nlabel = "Brand"\nextends = "plain"\n', encoding="utf-8")
    result = runner.invoke(main, ["styles", "--style-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"brand        Brand (A4, 1 column) [{tmp_path}]",
        "aircenter    AIR Center (A4, 2 columns) [built-in]",
        "plain        Plain (A4, 1 column) [built-in]",
    ]


def test_styles_lists_every_style_that_loads_and_reports_each_that_does_not(runner, tmp_path):
    """One broken style in the folder hid every other: only its error was printed."""
    (tmp_path / "brand.toml").write_text('name = "brand"\nlabel = "Brand"\nextends = "plain"\n', encoding="utf-8")
    (tmp_path / "bad.toml").write_text('name = "bad"\nlabel = "B"\nextends = "plain"\n[page]\ncolumns = 9\n')
    result = runner.invoke(main, ["styles", "--style-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["brand", "aircenter", "plain"]
    assert result.stderr == f"briefexport: {tmp_path / 'bad.toml'}:5: page.columns must be from 1 to 3\n"


def test_styles_show_prints_a_style_file_and_plain_explains_every_key(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./styles here
    result = runner.invoke(main, ["styles", "--show", "plain"])
    assert result.exit_code == 0
    assert result.stdout == (STYLES / "plain.toml").read_text(encoding="utf-8")
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "brand.toml").write_text('name = "brand"\nlabel = "Brand"\nextends = "plain"\n')
    listed = runner.invoke(main, ["styles"])  # ./styles is the default folder, as for a build from here
    assert listed.stdout.splitlines()[0].startswith("brand ")


def test_styles_of_a_source_are_those_a_build_of_it_finds(runner, tmp_path, monkeypatch):
    """A new user's trial: `styles` listed ./styles/brand.toml, and a build of issues/2024/feb.md run from
    the same folder could not find it (a build looks beside its source's folder and in it)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "brand.toml").write_text('name = "brand"\nlabel = "Brand"\nextends = "plain"\n')
    issues = tmp_path / "issues" / "2024"
    (issues / "styles").mkdir(parents=True)
    (issues / "styles" / "house.toml").write_text('name = "house"\nlabel = "House"\nextends = "plain"\n')
    source = issues / "feb.md"
    shutil.copy(MINIMAL, source)
    shutil.copy(MINIMAL.parent / "publisher.yaml", issues)
    listed = runner.invoke(main, ["styles", "issues/2024/feb.md"])
    assert listed.exit_code == 0, listed.output
    assert [line.split()[0] for line in listed.stdout.splitlines()] == ["house", "aircenter", "plain"]
    built = runner.invoke(main, ["build", "issues/2024/feb.md", "-s", "house", "-f", "text", "-o", "out"])
    assert built.exit_code == 0, built.output
    refused = runner.invoke(main, ["build", "issues/2024/feb.md", "-s", "brand", "-f", "text", "-o", "out"])
    assert refused.exit_code == 2 and "unknown style 'brand'" in refused.stderr
    shown = runner.invoke(main, ["styles", "issues/2024/feb.md", "--show", "house"])
    assert shown.stdout.startswith('name = "house"')


def test_dump_prints_the_model_as_json(runner):
    result = runner.invoke(main, ["dump", str(MINIMAL)])
    data = json.loads(result.output)
    assert data["schema_version"] == 2 and len(data["sections"]) == 2


def test_check_renders_every_format_without_writing(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["check", str(MINIMAL), "--style-dir", str(STYLES)])
    assert result.exit_code == 0
    assert result.output == (
        f"{MINIMAL}: ok — 2 sections, 1 quote, 1 pull quote, 1 table; style plain; renders as docx, epub, pdf, text\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_check_counts_what_a_bulletin_holds_in_words_that_agree_with_the_counts(runner):
    """Plain tables are tables too, pictures and footnotes are counted, and one is not plural."""
    source = FIXTURES / "energy" / "bulletin.md"
    result = runner.invoke(main, ["check", str(source), "-f", "text"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{source}: ok — 4 sections, 2 quotes, 1 pull quote, 3 tables, 1 picture, 5 footnotes; "
        "style aircenter; renders as text\n"
    )


def test_check_of_several_sources_ends_with_how_many_passed(runner, tmp_path):
    """An archive's 40 sources gave 37 "ok" lines and 3 errors, and no count (an archivist's trial)."""
    broken = tmp_path / "broken.md"
    broken.write_text((MINIMAL).read_text(encoding="utf-8").replace("title:", "titel:"), encoding="utf-8")
    shutil.copy(MINIMAL.parent / "publisher.yaml", tmp_path)
    again = MINIMAL.parent / ".." / "minimal" / MINIMAL.name  # the same file spelt another way: counted once
    result = runner.invoke(main, ["check", str(MINIMAL), str(broken), str(again), "-f", "text"])
    assert result.exit_code == 2
    assert result.stdout.splitlines()[-1] == "2 sources checked: 1 ok, 1 failed"


def test_check_json_says_what_each_source_holds_and_which_failed(runner, tmp_path):
    """An archive's trial: `check` had no --json, and scripts parsed its lines."""
    broken = tmp_path / "broken.md"
    broken.write_text((MINIMAL).read_text(encoding="utf-8").replace("title:", "titel:"), encoding="utf-8")
    shutil.copy(MINIMAL.parent / "publisher.yaml", tmp_path)
    result = runner.invoke(main, ["check", str(MINIMAL), str(broken), "-f", "text", "--json"])
    assert result.exit_code == 2
    summary = json.loads(result.stdout)
    assert summary["checked"] == [
        {
            "source": str(MINIMAL),
            "style": "plain",
            "formats": ["text"],
            "holds": {"sections": 2, "quotes": 1, "pull_quotes": 1, "tables": 1, "pictures": 0, "footnotes": 0},
        }
    ]
    assert [f["source"] for f in summary["failed"]] == [str(broken)]
    assert summary["failed"][0]["error"].startswith(f"{broken}:2: unknown key 'titel'")
    refused = runner.invoke(main, ["check", str(MINIMAL), "-f", "nosuch", "--json"])
    assert refused.exit_code == 2
    told = json.loads(refused.stdout)
    assert told["checked"] == [] and [f["source"] for f in told["failed"]] == [str(MINIMAL)]
    assert told["failed"][0]["error"].startswith("unknown format 'nosuch'")


def test_build_names_outputs_after_the_source(runner, tmp_path):
    result = runner.invoke(main, ["build", str(MINIMAL), "-f", "text", "-o", str(tmp_path), "--style-dir", str(STYLES)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "bulletin.txt").read_text(encoding="utf-8").startswith("EXAMPLE BULLETIN")
    # no temporary file left behind; the rebuild record lives beside the editions
    assert sorted(p.name for p in tmp_path.iterdir()) == [".briefexport-cache.json", "bulletin.txt"]


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_style_dir_that_is_not_there_exits_2_and_writes_nothing(runner, tmp_path, command):
    """A mistyped --style-dir left only the built-in styles, without a word."""
    output = ["-o", str(tmp_path / "out")] if command == "build" else []
    result = runner.invoke(main, [command, str(MINIMAL), *output, "--style-dir", "nope"])
    assert result.exit_code == 2 and "Directory 'nope' does not exist" in result.output
    assert not (tmp_path / "out").exists()


def test_a_broken_source_exits_2_with_one_line_and_writes_nothing(tmp_path):
    broken = tmp_path / "broken.md"
    broken.write_text(MINIMAL.read_text(encoding="utf-8").replace("title: Example", "titel: Example"))
    (tmp_path / "publisher.yaml").write_text((MINIMAL.parent / "publisher.yaml").read_text())
    out = tmp_path / "dist"
    out.mkdir()
    earlier = out / "broken.txt"
    earlier.write_text("earlier edition")
    result = run("build", str(broken), "-f", "text", "-o", str(out))
    assert result.returncode == 2
    assert result.stdout == ""
    assert (
        result.stderr == f"briefexport: {broken}:2: unknown key 'titel' (did you mean \"title\"?); allowed: "
        "authors, date, identifier, issue, keywords, language, publisher, revised, style, subtitle, summary, title, "
        "typography\n"
    )
    assert "Traceback" not in result.stderr
    assert earlier.read_text() == "earlier edition"
    assert sorted(p.name for p in out.iterdir()) == ["broken.txt"]


def test_one_bad_source_among_many_fails_alone_and_is_named(runner, tmp_path):
    """Every source is checked before anything is written; the bad one builds nothing, the others build."""
    bad = tmp_path / "bad.md"
    bad.write_text("no front matter\n")
    out = tmp_path / "dist"
    result = runner.invoke(main, ["build", str(MINIMAL), str(bad), "-f", "text", "-o", str(out)])
    assert result.exit_code == 2
    assert f"{bad}:1: the file must start with YAML front matter" in result.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["bulletin.txt"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", str(MINIMAL), "-f", "pfd"], "unknown format 'pfd' (did you mean \"pdf\"?)"),
        (["build", str(MINIMAL), "-s", "nope", "-f", "text"], "unknown style 'nope'"),
        (["check", "missing.md"], "missing.md: source not found"),
    ],
)
def test_usage_mistakes_are_one_line_errors_with_status_2(runner, args, message):
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_an_output_folder_that_cannot_be_written_is_an_error_not_a_traceback(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run("build", str(MINIMAL), "-f", "text", "-o", str(blocker / "sub"))
    assert result.returncode == 2
    assert result.stderr.startswith("briefexport: ") and "cannot write" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_console_script_is_installed():
    script = Path(sys.executable).parent / "briefexport"
    result = subprocess.run([script, "--version"], capture_output=True, text=True, env={**os.environ}, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("briefexport, version ")


def test_the_process_ends_with_the_commands_status_and_everything_printed(tmp_path):
    """As a process: its output whole, its status kept."""
    built = run("build", str(MINIMAL), "-f", "text,epub", "-o", str(tmp_path), "--style-dir", str(STYLES), "--json")
    assert built.returncode == 0, built.stderr
    summary = json.loads(built.stdout)
    assert sorted(Path(e["path"]).suffix for e in summary["editions"]) == [".epub", ".txt"]
    assert run("--version").stdout.startswith("briefexport, version ")
    unknown = run("build", str(MINIMAL), "-f", "nope", "-o", str(tmp_path))
    assert unknown.returncode == 2 and unknown.stderr.startswith("briefexport: unknown format 'nope'")
    usage = run("build")
    assert usage.returncode == 2 and "Missing argument" in usage.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", str(MINIMAL), "-j", "0"], "Invalid value for '-j' / '--jobs': 0 is not in the range 1<=x<=64."),
        (["build", str(MINIMAL), "--pad", "4"], "--pad pads the print edition: add --print"),
        (["mail", str(MINIMAL), "--to", "a@example.org", "--smtp", "x", "--rate", "0"], "Invalid value for '--rate'"),
        (["nosuch"], "No such command 'nosuch'."),
        # A new user's trial: the command's own options printed click's three lines ...
        (["--versoin"], "No such option '--versoin'. Did you mean '--version'? ('briefexport --help'"),
        # ... an option's missing value sent them to the command list's help, which has no such option ...
        (["build", str(MINIMAL), "-o"], "Option '-o' requires an argument. ('briefexport build --help'"),
        (["styles", "--show"], "Option '--show' requires an argument. ('briefexport styles --help'"),
        # ... and options that asked for nothing did nothing, or wrote beside the source, saying nothing
        (["build", str(MINIMAL), "-f", "text", "--print"], "--print makes the print PDF: add pdf to -f"),
        (["build", str(MINIMAL), "-f", ""], "-f names no format; name one or more"),
        (["build", str(MINIMAL), "-o", ""], "Invalid value for '-o' / '--out-dir': is empty; name a folder"),
    ],
)
def test_a_usage_error_is_one_line_that_says_where_to_read_what_is_allowed(runner, args, message):
    """Click printed three lines (Usage, Try, Error) for these, where every other error is one."""
    result = runner.invoke(main, args, prog_name="briefexport")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"briefexport: {message}")
    assert "--help' lists what is allowed" in result.stderr


def test_no_command_at_all_shows_the_help():
    result = run()
    assert result.returncode == 2 and result.stderr.startswith("Usage: briefexport [OPTIONS] COMMAND")


def _sources(folder: Path, count: int) -> list[str]:
    shutil.copy(FIXTURES / "minimal" / "publisher.yaml", folder)
    text = (FIXTURES / "minimal" / "bulletin.md").read_text(encoding="utf-8")
    for n in range(count):
        (folder / f"b{n}.md").write_text(text, encoding="utf-8")
    return [str(folder / f"b{n}.md") for n in range(count)]


@pytest.mark.parametrize("closed", [">&-", "2>&-"])
def test_a_build_with_stdout_or_stderr_closed_writes_every_edition_and_exits_as_ever(closed, tmp_path):
    """Started with standard output closed (a cron line, a daemon's launcher), a build that succeeded ended
    in a traceback and exit 1; with standard error closed it built nothing and said nothing, exit 1 (an
    archive keeper's trial). Each goes on, saying nothing where nothing can be said: 0, or 2 for a bad source."""
    sources = _sources(tmp_path, 2)
    (tmp_path / "bad.md").write_text("---\ntitel: x\n---\n", encoding="utf-8")
    command = f"{sys.executable} -m briefexport build {' '.join(sources)} -f text,docx -o {tmp_path / 'out'} {closed}"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True)
    assert done.returncode == 0 and "Traceback" not in done.stderr + done.stdout
    assert sorted(p.name for p in (tmp_path / "out").glob("b*")) == ["b0.docx", "b0.txt", "b1.docx", "b1.txt"]
    bad = subprocess.run(["bash", "-c", command.replace(sources[0], str(tmp_path / "bad.md"))], capture_output=True)
    assert bad.returncode == 2 and b"Traceback" not in bad.stderr


def test_a_reader_that_goes_away_stops_no_build(tmp_path):
    """`briefexport build … | head -1`: the build stopped at the next line it printed, exit 1, nothing on
    standard error, later sources unbuilt and the written ones missing from the folder's record (an archive
    keeper's trial). It builds them all and records them; what it would have said goes nowhere."""
    sources = _sources(tmp_path, 6)
    out = tmp_path / "out"
    command = f"{sys.executable} -m briefexport build {' '.join(sources)} -f text -j 1 -o {out} | head -c 1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == ""
    assert len(list(out.glob("b*.txt"))) == 6
    again = CliRunner().invoke(main, ["build", *sources, "-f", "text", "-o", str(out)])
    assert "6 unchanged" in again.output


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full, a device that is always full")
@pytest.mark.parametrize(
    "command", [["build"], ["build", "--json"], ["check"], ["dump"], ["styles"], ["--help"], ["--version"]]
)
def test_a_full_disk_under_standard_output_is_one_line_exit_2_and_a_build_still_builds(tmp_path, command):
    """cron's `briefexport build … > /var/log/…` on a full /var: a traceback and exit 1, and only the first
    of three sources built."""
    shutil.copytree(FIXTURES / "minimal", tmp_path / "src")
    sources = []
    for name in ("a", "b", "c"):
        sources.append(tmp_path / "src" / f"{name}.md")
        shutil.copy(tmp_path / "src" / "bulletin.md", sources[-1])
    given = {
        "build": [*map(str, sources), "-o", str(tmp_path / "dist"), "-f", "text", "-j", "1"],
        "check": [str(sources[0])],
        "dump": [str(sources[0])],
    }.get(command[0], [])
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "briefexport", command[0], *given, *command[1:]],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert done.returncode == 2
    assert done.stderr.startswith("briefexport: cannot write to standard output: No space left on device")
    assert len(done.stderr.splitlines()) == 1, done.stderr
    if command[0] == "build":
        assert sorted(p.name for p in (tmp_path / "dist").glob("*.txt")) == ["a.txt", "b.txt", "c.txt"]


@pytest.mark.parametrize("command", ["check", "dump"])
def test_a_terminal_that_cannot_show_a_character_gets_an_escape_not_a_traceback(command):
    """On a server whose locale is ISO-8859-1, `check` ended in a UnicodeEncodeError over its "ok —", and
    `dump` over a Russian source's text."""
    result = subprocess.run(
        [sys.executable, "-m", "briefexport", command, "source/2024-02.md"],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "latin-1"},
    )
    assert (result.returncode, result.stderr) == (0, b"")
    assert b"\\u2014" in result.stdout or b"\\u201" in result.stdout  # "—" in check's line, quotes in the text


def test_dump_to_an_output_that_cannot_take_utf8_is_json_all_the_same(tmp_path):
    """A review: a character outside the BMP (𠮷) became the stream's escape "\\U00020bb7", which is no JSON."""
    from .test_sources import write_source

    path = write_source(tmp_path, "# S\n\n𠮷野家 and “quotes”.\n")
    result = subprocess.run(
        [sys.executable, "-m", "briefexport", "dump", str(path)],
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "latin-1"},
    )
    assert result.returncode == 0, result.stderr
    assert "𠮷野家 and “quotes”." in json.dumps(json.loads(result.stdout.decode("ascii")), ensure_ascii=False)


def test_preflight_json_to_an_output_that_cannot_take_utf8_is_json_all_the_same(tmp_path):
    """A review: `preflight --json` wrote its file name as written, and the stream's escape of 📰
    ("\\U0001f4f0") is no JSON."""
    from reportlab.pdfgen.canvas import Canvas

    pdf = tmp_path / "📰 bulletin.pdf"
    Canvas(str(pdf)).save()
    result = subprocess.run(
        [sys.executable, "-m", "briefexport", "preflight", "--json", str(pdf)],
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "latin-1"},
    )
    assert result.returncode == 2, result.stderr  # a file of no press: no boxes, no PDF/X
    assert json.loads(result.stdout.decode("ascii"))["file"] == str(pdf)
