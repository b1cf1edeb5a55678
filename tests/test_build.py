"""One call, many editions: parallel builds, rebuild only what changed, all or nothing per source,
summaries for people and scripts, and stops that leave the last good editions."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import briefexport.build
from briefexport.build import plan, run
from briefexport.cli import main
from briefexport.errors import BriefExportError
from briefexport.fingerprints import BUILT_IN_KINDS, CACHE_NAME, Kind, _package_digest, code_digest, describe
from briefexport.registry import BUILT_IN, registry
from briefexport.renderers.outline import OutlineRenderer

from .conftest import FIXTURES, STYLES, add_style, scaled_flagship, start_cli

HOSTILE = Path(__file__).resolve().parent / "hostile"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A source folder with three bulletins and a copy of the styles."""
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(FIXTURES / "minimal" / "publisher.yaml", source)
    text = (FIXTURES / "minimal" / "bulletin.md").read_text(encoding="utf-8")
    for n in (1, 2, 3):
        (source / f"b{n}.md").write_text(text.replace("Example Bulletin", f"Example Bulletin {n}"), encoding="utf-8")
    shutil.copytree(STYLES, tmp_path / "styles")
    return tmp_path


def build(project: Path, *args: str):
    sources = sorted(str(p) for p in (project / "source").glob("*.md"))
    return CliRunner().invoke(main, ["build", *sources, "-f", "text", "-o", str(project / "dist"), *args])


def test_a_format_named_in_capitals_is_the_same_format_to_the_cache_and_in_json(project):
    """A plugin author's trial: `-f text` then `-f TEXT` built everything again, and --json said "TEXT"."""
    assert build(project).exit_code == 0
    result = build(project, "-f", "TEXT", "--json")
    data = json.loads(result.output)
    assert [(e["format"], e["skipped"]) for e in data["editions"]] == [("text", True)] * 3


def test_an_unchanged_print_edition_is_told_with_the_warnings_it_was_written_with(project):
    """An operator's hourly build: --json gave a print edition's preflight warning once, then, unchanged, an
    empty list (and the plain output no warning line), while `briefexport preflight` still warned."""
    source = str(project / "source" / "b1.md")
    args = ["build", source, "-f", "pdf", "--print", "-o", str(project / "dist")]
    runs = [CliRunner().invoke(main, [*args, "--json"]) for _ in range(2)]
    first, second = (json.loads(run.output)["editions"][0] for run in runs)
    assert (first["skipped"], second["skipped"]) == (False, True)
    assert first["warnings"] and second["warnings"] == first["warnings"]
    assert "warning: " + first["warnings"][0] in CliRunner().invoke(main, args).output


def test_a_second_build_with_nothing_changed_skips_every_edition(project):
    first = build(project)
    assert first.exit_code == 0, first.output
    assert first.output.count("built ") == 3
    second = build(project)
    assert second.output.count("unchanged  ") == 3
    assert "3 editions: 0 built, 3 unchanged (use --force to rebuild)" in second.output


def test_a_print_build_after_a_plain_one_rebuilds_only_what_print_changes(project):
    """Builds with and without --print into one folder rewrote the same DOCX, EPUB and text each time: the
    style's print settings were part of every edition's fingerprint (an archivist's trial)."""
    assert build(project, "-f", "pdf").exit_code == 0
    for options in (["--print"], ["--print", "--pad", "4"]):
        result = build(project, "-f", "pdf", *options)
        assert result.exit_code == 0, result.output
        assert "6 editions: 3 built, 3 unchanged" in result.output, options  # the print PDFs built
        assert all(".txt " in line for line in result.output.splitlines() if line.startswith("unchanged"))
    result = build(project, "-f", "pdf")
    assert "6 editions: 0 built, 6 unchanged" in result.output  # the plain PDFs too, as they were


def test_the_summary_of_one_edition_says_edition(project):
    source = str(project / "source" / "b1.md")
    result = CliRunner().invoke(main, ["build", source, "-f", "text", "-o", str(project / "d")])
    assert result.exit_code == 0, result.output
    assert "1 edition: 1 built, in " in result.output


@pytest.mark.parametrize(
    "change",
    [
        lambda p: (p / "source" / "b2.md").write_text((p / "source" / "b2.md").read_text() + "\nMore.\n"),
        lambda p: (p / "source" / "publisher.yaml").write_text(
            (p / "source" / "publisher.yaml").read_text().replace("Nizami 1", "Nizami 2")
        ),
        lambda p: (p / "styles" / "plain.toml").write_text(
            (p / "styles" / "plain.toml").read_text().replace('contents = "Contents"', 'contents = "In this issue"')
        ),
        lambda p: (p / "styles" / "fonts" / "NotoSerif-Regular.ttf").write_bytes(
            (p / "styles" / "fonts" / "NotoSerif-Regular.ttf").read_bytes() + b"\0"
        ),
        lambda p: (p / "dist" / "b1.txt").write_text("edited by hand"),
        lambda p: (p / "dist" / "b1.txt").unlink(),
    ],
    ids=["source", "publisher", "style", "font", "output-edited", "output-deleted"],
)
def test_any_change_to_an_input_rebuilds(project, change):
    build(project)
    change(project)
    again = build(project)
    assert again.exit_code == 0, again.output
    assert again.output.count("built ") >= 1


@pytest.mark.parametrize("changed", ["publisher's logo", "style's logo", "fallback font"])
def test_a_changed_logo_or_fallback_font_rebuilds(project, changed):
    """A test-suite review: with the logos and fallback fonts left out of the fingerprint, no test failed,
    and a build after a new logo said "unchanged", the old cover shipped."""
    from PIL import Image

    def logo(path: Path, colour: str) -> None:
        Image.new("RGB", (400, 100), colour).save(path)

    if changed == "publisher's logo":
        logo(file := project / "source" / "logo.png", "navy")
        publisher = project / "source" / "publisher.yaml"
        publisher.write_text(publisher.read_text(encoding="utf-8") + "logo: logo.png\n", encoding="utf-8")
    elif changed == "style's logo":
        logo(file := project / "styles" / "logo.png", "navy")
        plain = project / "styles" / "plain.toml"
        plain.write_text(plain.read_text().replace('logo = ""', 'logo = "logo.png"'), encoding="utf-8")
    else:
        file = project / "styles" / "fonts" / "NotoSansMath-Regular.ttf"
    assert build(project).exit_code == 0
    assert build(project).output.count("built ") == 0
    if file.suffix == ".png":
        logo(file, "maroon")
    else:
        file.write_bytes(file.read_bytes() + b"\0")
    assert build(project).output.count("built ") == 3


def test_new_renderer_code_rebuilds_even_at_the_same_version(project, tmp_path, monkeypatch, register):
    """A renderer's package sources are part of the fingerprint (a git checkout does not bump the version)."""
    import importlib
    import sys

    package = tmp_path / "plugin_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    module = package / "renderer.py"
    module.write_text(
        "from briefexport.renderers.outline import OutlineRenderer\n\n"
        "class PluginText(OutlineRenderer):\n    name = 'plugin-text'\n    suffix = '.plugin.txt'\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    source = [project / "source" / "b1.md"]

    def fingerprint() -> str:
        _package_digest.cache_clear()  # as a new process would: one process reads its code once
        return plan(source, ["plugin-text"], project / "dist")[0][0].fingerprint

    try:
        register(importlib.import_module("plugin_pkg.renderer").PluginText)
        before = fingerprint()
        assert fingerprint() == before  # read afresh, unchanged code gives the same fingerprint
        module.write_text(module.read_text(encoding="utf-8") + "# a fix\n", encoding="utf-8")
        assert fingerprint() != before
    finally:
        for name in ("plugin_pkg.renderer", "plugin_pkg"):
            sys.modules.pop(name, None)
        _package_digest.cache_clear()


@pytest.mark.parametrize("changed", ["pyphen", "reportlab", "profile"])
def test_a_newer_dependency_or_another_colour_profile_rebuilds(project, monkeypatch, changed):
    """An archive built before a `pip install -U` brought newer hyphenation patterns called its PDFs
    unchanged, where a clean build set them otherwise; so did one built before the print edition's colour
    profile changed (package data, no Python source)."""
    import importlib.metadata

    from briefexport import fingerprints

    source = [project / "source" / "b1.md"]

    def fingerprint() -> str:
        _package_digest.cache_clear()  # as a new process would
        return plan(source, ["pdf"], project / "dist")[0][0].fingerprint

    before = fingerprint()
    if changed == "profile":
        profile = Path(fingerprints.__file__).parent / "profiles" / "FOGRA39L_coated.icc"
        real = Path.read_bytes
        monkeypatch.setattr(Path, "read_bytes", lambda path: real(path) + (b"\0" if path == profile else b""))
    else:
        version = importlib.metadata.version
        monkeypatch.setattr(importlib.metadata, "version", lambda name: "99.0" if name == changed else version(name))
    try:
        assert fingerprint() != before
    finally:
        monkeypatch.undo()
        _package_digest.cache_clear()
    assert fingerprint() == before


def test_force_rebuilds_regardless(project):
    build(project)
    assert build(project, "--force").output.count("built ") == 3


def test_parallel_builds_write_the_same_bytes_as_serial_ones(project):
    build(project, "-j", "1")
    serial = {p.name: p.read_bytes() for p in (project / "dist").glob("*.txt")}
    shutil.rmtree(project / "dist")
    result = build(project, "-j", "2")
    assert result.exit_code == 0, result.output
    assert {p.name: p.read_bytes() for p in (project / "dist").glob("*.txt")} == serial


def test_json_summary_for_scripts(project):
    result = build(project, "--json")
    data = json.loads(result.output)
    assert [Path(e["path"]).name for e in data["editions"]] == ["b1.txt", "b2.txt", "b3.txt"]
    assert all(e["bytes"] > 0 and e["skipped"] is False and e["format"] == "text" for e in data["editions"])


def test_json_says_what_failed_when_the_build_stops_before_anything_is_built(project):
    """A problem of every source's (the style -s names) stops the build; a script reading --json got no
    JSON at all."""
    result = build(project, "--json", "-s", "nosuch")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["editions"] == [] and len(data["failed"]) == 3  # each source, with the one error
    assert [f["source"] for f in data["failed"]] == sorted(str(p) for p in (project / "source").glob("*.md"))
    assert all(f["error"].startswith("unknown style 'nosuch'") for f in data["failed"])
    assert result.stderr.count("\n") == 1 and not (project / "dist").exists()


def test_json_says_what_failed_when_a_format_is_unknown(project):
    """A plugin author's trial: an unknown -f printed nothing on stdout with --json, where an unknown -s
    printed the documented JSON."""
    result = build(project, "--json", "-f", "nosuch")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["editions"] == [] and len(data["failed"]) == 3
    assert all(f["error"].startswith("unknown format 'nosuch'") for f in data["failed"])


def test_quiet_prints_nothing(project):
    result = build(project, "--quiet")
    assert result.exit_code == 0 and result.output == ""
    assert (project / "dist" / CACHE_NAME).is_file()


def test_two_sources_with_one_stem_are_refused_before_writing(project, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(project / "source" / "publisher.yaml", other)
    shutil.copy(project / "source" / "b1.md", other / "b1.md")
    first, second = project / "source" / "b1.md", other / "b1.md"
    with pytest.raises(BriefExportError) as caught:
        plan([first, second], ["text"], tmp_path / "dist")
    assert str(caught.value).startswith(f"{first} and {second} would both write {tmp_path / 'dist' / 'b1.txt'}")


def test_a_source_given_twice_is_built_once(project):
    """Overlapping globs (source/*.md source/b1.md) were refused: "formats text and text would both write"."""
    b1, b2 = (str(project / "source" / name) for name in ("b1.md", "b2.md"))
    result = CliRunner().invoke(main, ["build", b2, b1, b2, "-f", "text", "-o", str(project / "dist"), "--json"])
    assert result.exit_code == 0, result.output
    assert [Path(e["path"]).name for e in json.loads(result.stdout)["editions"]] == ["b2.txt", "b1.txt"]


def test_a_source_that_fails_its_checks_fails_alone_and_the_others_build(project):
    """A bad table in one of 30 sources built none of them; a missing glyph failed that source alone."""
    broken = project / "source" / "b2.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    result = build(project, "--json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert [Path(e["path"]).name for e in data["editions"]] == ["b1.txt", "b3.txt"]
    assert [f["source"] for f in data["failed"]] == [str(broken)]
    assert result.stderr == f"briefexport: {broken}:2: unknown key 'titel' (did you mean \"title\"?); allowed: " + (
        "authors, date, identifier, issue, keywords, language, publisher, revised, style, subtitle, summary, title, "
        "typography\n"
    )
    checked = CliRunner().invoke(main, ["check", *sorted(str(p) for p in (project / "source").glob("*.md"))])
    assert checked.exit_code == 2 and checked.stdout.count(": ok") == 2 and checked.stderr.count("\n") == 1


def test_a_source_whose_file_cannot_be_written_fails_alone(project):
    (project / "dist" / "b2.txt").mkdir(parents=True)  # a folder where b2's edition goes
    result = build(project, "--json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert [Path(e["path"]).name for e in data["editions"]] == ["b1.txt", "b3.txt"]
    assert [Path(f["source"]).name for f in data["failed"]] == ["b2.md"]
    assert "cannot write b2.txt: a folder of that name is in the way" in result.stderr


def test_what_a_build_wrote_is_recorded_source_by_source(project, monkeypatch):
    """Killed after 17 of 30 sources (a CI timeout), the rerun built all 30 again: the record of what was
    written was saved only at the end."""
    import briefexport.build as build_module

    real = build_module.render_by_source
    recorded = []

    def looking_after_the_first(*args, **kwargs):
        for n, item in enumerate(real(*args, **kwargs)):
            if n == 1:  # as a SIGKILL would find it, with no cleanup to come
                recorded.append(json.loads((project / "dist" / CACHE_NAME).read_text(encoding="utf-8")))
            yield item

    monkeypatch.setattr(build_module, "render_by_source", looking_after_the_first)
    editions, _ = plan(sorted((project / "source").glob("*.md")), ["text"], project / "dist")
    build_module.run(editions)
    assert list(recorded[0]) == ["b1.txt"]


def test_an_edition_dated_by_another_source_date_epoch_is_built_again_the_others_are_not(project, monkeypatch):
    """SOURCE_DATE_EPOCH dates the PDF; a rebuild under another one said "unchanged" and kept the old dates.
    The other formats' bytes do not depend on it: they were all built again for nothing (an archivist's
    trial: 120 editions where 30 would do). An invalid one is one error, before anything."""
    every = ("-f", "pdf,docx,epub", "--json")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert '"skipped": false' in build(project, *every).stdout
    assert '"skipped": false' not in build(project, *every).stdout
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    outcomes = json.loads(build(project, *every).stdout)["editions"]
    assert {Path(o["path"]).suffix for o in outcomes if not o["skipped"]} == {".pdf"}
    assert {Path(o["path"]).suffix for o in outcomes if o["skipped"]} == {".docx", ".epub", ".txt"}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = build(project)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "SOURCE_DATE_EPOCH='yesterday'" in result.stderr


def test_two_formats_with_one_suffix_are_refused_before_writing(project, register):
    from briefexport.renderers.outline import OutlineRenderer

    class AlsoText(OutlineRenderer):
        name = "also-text"

    register(AlsoText)
    with pytest.raises(BriefExportError, match=r"formats text and also-text would both write .*b1\.txt"):
        plan([project / "source" / "b1.md"], ["text", "also-text"], project / "dist")
    result = build(project, "-f", "also-text", "-j", "1")  # the whole command: refused, nothing written
    assert result.exit_code == 2 and "would both write" in result.output
    assert not (project / "dist").exists()


def test_an_error_keeps_its_file_and_line_and_survives_pickling(project, monkeypatch):
    editions, _ = plan(sorted((project / "source").glob("*.md")), ["text"], project / "dist")
    broken = BriefExportError("cannot render", "b2.md", 7)
    real = briefexport.build.render
    monkeypatch.setattr(briefexport.build, "render", lambda e: broken if e.source.name == "b2.md" else real(e))
    built = run(editions, jobs=1)
    assert [(f.source.name, str(f.error)) for f in built.failures] == [("b2.md", "b2.md:7: cannot render")]
    import pickle

    assert str(pickle.loads(pickle.dumps(broken))) == "b2.md:7: cannot render"


def test_a_full_disk_is_one_line_and_no_partial_file(project, monkeypatch):
    import errno
    import os

    build(project)  # earlier editions exist
    earlier = {p: p.read_bytes() for p in (project / "dist").iterdir()}

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    result = build(project, "--force", "-j", "1")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "No space left on device" in result.stderr
    assert {p: p.read_bytes() for p in (project / "dist").iterdir()} == earlier


def test_a_ctrl_c_that_a_library_turns_into_another_error_is_still_an_interruption(project, monkeypatch):
    """ReportLab's PDF string escaping catches everything, KeyboardInterrupt too, and raises ValueError."""
    import os
    import signal
    import time

    from briefexport.renderers.outline import OutlineRenderer

    def render_catching_everything(self, bulletin, style):
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(5)  # the signal's handler raises KeyboardInterrupt here
        except:  # noqa: E722 - as the library does
            raise ValueError("cannot escape") from None
        raise AssertionError("no SIGINT arrived")

    monkeypatch.setattr(OutlineRenderer, "render", render_catching_everything)
    result = build(project, "-j", "1")
    assert result.exit_code == 130, result.output
    assert "briefexport: interrupted; no partial file was left" in result.output
    assert not (project / "dist").exists() or list((project / "dist").glob("*.txt")) == []
    # The next build in this process starts afresh: its own errors are errors again.
    monkeypatch.setattr(OutlineRenderer, "render", lambda self, b, s: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        CliRunner().invoke(
            main,
            ["build", str(project / "source" / "b1.md"), "-f", "text", "-j", "1", "-o", str(project / "d2")],
            catch_exceptions=False,
        )


@pytest.mark.parametrize(
    ("jobs", "to_group"),
    [("1", False), ("2", False), ("2", True)],
    ids=["one-process", "workers", "workers-ctrl-c"],
)
def test_an_interrupted_build_leaves_no_partial_file(project, jobs, to_group):
    """SIGINT in the middle of a long build: exit 130, no .part file, nothing half-written.

    Sent to the briefexport process alone, or, as Ctrl-C in a terminal does, to it and its workers.
    """
    big = project / "source" / "big.md"
    text = big.with_name("b1.md").read_text(encoding="utf-8")
    big.write_text(text + "".join(f"\n# Extra {i}\n\n{'Words of a long section. ' * 200}\n" for i in range(500)))
    out = project / "dist"
    process = subprocess.Popen(
        [sys.executable, "-m", "briefexport", "build", str(big), "-f", "pdf,docx", "-o", str(out), "-j", jobs],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    _wait_until_busy(process.pid, workers=int(jobs))
    if to_group:
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr.strip() == "briefexport: interrupted; no partial file was left"
    assert not out.exists() or [p.name for p in out.iterdir()] == []


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_until_busy(pid: int, workers: int) -> set[int]:
    """Wait until a build is rendering: its workers are up and have worked a second, or it has itself."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        children = _children(pid) if workers > 1 else set()
        if len(children) >= (workers if workers > 1 else 0) and sum(map(_cpu_seconds, children or {pid})) > 1.0:
            return children
        time.sleep(0.05)
    raise AssertionError("the build never got busy")


def test_a_format_is_described_by_its_suffix_class_and_code():
    assert describe("pdf") == Kind(
        ".pdf", "briefexport.renderers.pdf.PdfRenderer", code_digest("briefexport"), True, weight=4.0
    )
    assert describe("text").print_edition is False


@pytest.mark.parametrize("name", sorted(BUILT_IN_KINDS))
def test_a_built_in_format_is_described_without_its_renderer_as_its_class_describes_it(name):
    cls = registry.get(name)
    suffix, where, print_edition, weight, dated = BUILT_IN_KINDS[name]
    assert (suffix, where, print_edition, weight, dated) == (
        cls.suffix,
        f"{cls.__module__}.{cls.__qualname__}",
        cls.print_edition,
        cls.weight,
        cls.dated,
    )
    assert set(BUILT_IN_KINDS) == set(BUILT_IN)


@pytest.mark.parametrize(("jobs", "loaded"), [("2", "[]"), ("1", "['docx', 'ebooklib', 'reportlab']")])
def test_a_build_with_workers_leaves_the_renderers_to_them(project, jobs, loaded):
    # They load them while the build process reads the sources (build.workers).
    probe = (
        "import sys; from briefexport.cli import main; main(sys.argv[1:], standalone_mode=False); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'reportlab', 'docx', 'ebooklib'}))"
    )
    sources = sorted(str(p) for p in (project / "source").glob("*.md"))
    args = ["build", *sources, "-f", "pdf,docx,epub", "-o", str(project / "dist"), "-q", "-j", jobs]
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == loaded
    assert len(list((project / "dist").glob("b?.*"))) == 9


def test_a_build_never_imports_the_mail_package_which_the_library_loads_when_first_asked_for(project):
    """The email, SSL and SMTP packages took about 0.03 s of every build's start, before its workers."""
    probe = (
        "import sys; from briefexport.cli import main; main(sys.argv[1:], standalone_mode=False); "
        "print('briefexport.mail' in sys.modules, 'smtplib' in sys.modules); import briefexport; "
        "print(briefexport.compose_email.__module__, briefexport.mail.SmtpServer.__name__)"
    )
    args = ["build", str(project / "source" / "b1.md"), "-o", str(project / "dist"), "-q"]
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == ["False False", "briefexport.mail.compose SmtpServer"]


def _single(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "source")
    shutil.copytree(STYLES, tmp_path / "styles")
    return tmp_path / "source" / "bulletin.md"


def _build_one(source: Path, out: Path, *args: str):
    return CliRunner().invoke(main, ["build", str(source), "-o", str(out), *args])


@pytest.mark.parametrize("saved", ["bulletin.md", "publisher.yaml"])
def test_a_file_saved_again_while_the_build_reads_it_is_rebuilt_by_the_next_build(tmp_path, monkeypatch, saved):
    """An archive keeper's edit saved a fraction of a second into a build: the edition was made from the
    old text, the record took the new file's digest, and every later build called it unchanged."""
    import briefexport.sources.loader

    source = _single(tmp_path)
    edited = source.with_name(saved)
    read = briefexport.sources.loader.Loader.bulletin

    def saved_meanwhile(self):
        bulletin = read(self)  # the text is parsed: the editor saves now
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text.replace("A paragraph", "Edited").replace("Nizami 1", "Edited 1"), encoding="utf-8")
        return bulletin

    monkeypatch.setattr(briefexport.sources.loader.Loader, "bulletin", saved_meanwhile)
    assert _build_one(source, tmp_path / "dist", "-f", "text", "-j", "1").exit_code == 0
    monkeypatch.undo()
    assert "Edited" not in (tmp_path / "dist" / "bulletin.txt").read_text(encoding="utf-8")
    again = _build_one(source, tmp_path / "dist", "-f", "text", "-j", "1")
    assert "1 built" in again.output, again.output
    assert "Edited" in (tmp_path / "dist" / "bulletin.txt").read_text(encoding="utf-8")


def test_every_format_built_on_workers_is_byte_identical_to_a_build_in_one_process(tmp_path):
    source = _single(tmp_path)
    serial = _build_one(source, tmp_path / "serial", "-j", "1")
    parallel = _build_one(source, tmp_path / "parallel", "-j", "2")
    assert serial.exit_code == 0 and parallel.exit_code == 0, serial.output + parallel.output
    files = sorted(p.name for p in (tmp_path / "serial").iterdir() if not p.name.startswith("."))
    assert files == ["bulletin.docx", "bulletin.epub", "bulletin.pdf", "bulletin.txt"]
    for name in files:
        assert (tmp_path / "parallel" / name).read_bytes() == (tmp_path / "serial" / name).read_bytes(), name


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_error_raised_in_a_render_is_one_line_with_its_source_line_and_no_file(tmp_path, jobs):
    case = tmp_path / "case"
    shutil.copytree(HOSTILE / "emoji_in_pdf", case)
    shutil.copy(HOSTILE / "publisher.yaml", case)
    out = tmp_path / "dist"
    result = _build_one(case / "bulletin.md", out, "-f", "pdf,text", "-j", jobs, "--style-dir", str(STYLES))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert f"{case / 'bulletin.md'}:11: " in result.stderr and "U+1F600" in result.stderr
    assert not out.exists() or [p.name for p in out.iterdir()] == []  # not even the text edition


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bad_format_is_reported_before_a_bad_source(tmp_path, jobs):
    source = tmp_path / "broken.md"
    source.write_text("---\ntitel: x\n---\n", encoding="utf-8")
    result = _build_one(source, tmp_path / "dist", "-f", "pdf,pfd", "-j", jobs)
    assert result.exit_code == 2
    assert result.stderr.startswith("briefexport: unknown format 'pfd'")


class _Broken(OutlineRenderer):
    name = "broken-for-test"
    suffix = ".broken"

    def render(self, bulletin, style):
        return 1 // 0  # a bug, not a BriefExportError


class _Stringly(OutlineRenderer):
    name = "stringly-for-test"
    suffix = ".stringly"

    def render(self, bulletin, style):
        return "text, not bytes"


def test_a_bug_in_a_built_in_renderer_surfaces_here_with_the_worker_traceback(tmp_path, monkeypatch):
    def broken(self, bulletin, style):
        return 1 // 0  # a bug, not a BriefExportError

    monkeypatch.setattr(OutlineRenderer, "render", broken)  # the workers are forked after this
    editions, _ = plan([_single(tmp_path)], ["text", "pdf"], tmp_path / "dist")
    with pytest.raises(ZeroDivisionError) as caught:
        run(editions, jobs=2)
    assert any("in a briefexport worker" in note and "1 // 0" in note for note in caught.value.__notes__)
    assert not (tmp_path / "dist" / "bulletin.pdf").exists()


@pytest.mark.parametrize(
    ("cls", "message"),
    [
        (_Broken, "the broken-for-test renderer (tests.test_build:_Broken) failed: ZeroDivisionError:"),
        (_Stringly, "the stringly-for-test renderer (tests.test_build:_Stringly) returned str, not bytes"),
    ],
)
def test_a_plugins_failure_fails_its_source_on_one_line_and_the_others_build(tmp_path, register, cls, message):
    """A plugin author's trial: a bug in a plugin's render (or a str where bytes belong) stopped the whole
    build with a traceback, exit 1, nothing written, --json silent. It is the source's error, naming the
    plugin; the source's other editions are not written, other sources build."""
    register(cls)
    first = _single(tmp_path)
    second = first.with_name("second.md")
    second.write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    editions, _ = plan([first], ["text", cls.name], tmp_path / "dist")
    others, _ = plan([second], ["text"], tmp_path / "dist")
    built = run([*editions, *others], jobs=2)
    [failure] = built.failures
    assert failure.source == first and f"{first}: {message}" in str(failure.error), failure.error
    assert sorted(p.name for p in (tmp_path / "dist").glob("*.txt")) == ["second.txt"]


def test_an_edition_that_would_replace_its_own_source_is_refused(tmp_path):
    """A plugin author's trial: `build 2024-02.md -f markdown -o .` wrote the Markdown edition over its
    source (so does the text edition over a source named notes.txt)."""
    first = _single(tmp_path)
    source = first.rename(first.with_name("notes.txt"))
    folder = source.parent
    before = source.read_bytes()
    with pytest.raises(BriefExportError, match=r"format text would write .*notes\.txt, which is the source .* itself"):
        plan([source], ["text"], folder)
    with pytest.raises(BriefExportError, match="which is the source"):
        plan([folder / "." / "notes.txt"], ["text"], folder / ".." / folder.name)  # another spelling
    assert source.read_bytes() == before
    assert plan([source], ["text"], tmp_path / "dist")[0]


def test_an_edition_that_would_replace_a_file_its_source_is_read_with_is_refused(tmp_path):
    """A review: with `publisher: publisher.txt`, `build bulletin.md -f text -o .` wrote the text edition
    over the publisher file (write() refused it), and the next build failed on it."""
    source = _single(tmp_path)
    publisher = source.with_name("publisher.yaml").rename(source.with_name("bulletin.txt"))
    source.write_text(source.read_text(encoding="utf-8").replace("publisher.yaml", "bulletin.txt"), encoding="utf-8")
    before = publisher.read_bytes()
    with pytest.raises(BriefExportError) as caught:
        plan([source], ["text"], source.parent)
    assert str(caught.value) == (
        f"format text would write {publisher}, which {source} is read with; build to another folder (-o)"
    )
    result = _build_one(source, source.parent, "-f", "text")
    assert result.exit_code == 2 and publisher.read_bytes() == before
    assert plan([source], ["text"], tmp_path / "dist")[0]


class _Prepared(OutlineRenderer):
    """Says whether prepare() ran in the process that renders."""

    name = "prepared-for-test"
    suffix = ".prepared"
    prepared_in: int | None = None

    @classmethod
    def prepare(cls) -> None:
        cls.prepared_in = os.getpid()

    def render(self, bulletin, style):
        return b"prepared" if self.prepared_in == os.getpid() else b"not prepared"


class _PrepareFails(OutlineRenderer):
    name = "prepare-fails-for-test"
    suffix = ".unprepared"

    @classmethod
    def prepare(cls) -> None:
        raise OSError("work ahead failed")


def test_workers_prepare_their_formats_before_rendering_and_a_failure_there_is_not_fatal(tmp_path, register):
    register(_Prepared)
    register(_PrepareFails)
    editions, _ = plan([_single(tmp_path)], ["prepared-for-test", "prepare-fails-for-test"], tmp_path / "dist")
    run(editions, jobs=2)
    assert (tmp_path / "dist" / "bulletin.prepared").read_bytes() == b"prepared"
    assert (tmp_path / "dist" / "bulletin.unprepared").read_bytes().startswith(b"EXAMPLE BULLETIN")
    assert _Prepared.prepared_in is None  # this process renders nothing: it never prepared


class _Dying(OutlineRenderer):
    name = "dying-for-test"
    suffix = ".dying"

    def render(self, bulletin, style):
        if "Doomed" in bulletin.metadata.title:
            os._exit(9)  # as if the kernel had killed the worker (out of memory)
        return super().render(bulletin, style)


def test_a_worker_that_dies_fails_its_source_alone_and_a_new_worker_goes_on_with_the_batch(tmp_path, register):
    """The kernel kills the largest process when memory runs out: one huge issue in a nightly batch
    stopped the whole batch, the issues after it unbuilt."""
    register(_Dying)
    first = _single(tmp_path)
    doomed = first.with_name("doomed.md")
    doomed.write_text(first.read_text(encoding="utf-8").replace("title: ", "title: Doomed ", 1), encoding="utf-8")
    others = [first.with_name(f"later-{n}.md") for n in range(3)]
    for other in others:
        shutil.copy(first, other)
    editions, _ = plan([doomed, first, *others], ["text", "dying-for-test"], tmp_path / "dist")
    built = run(editions, jobs=2)
    assert [(f.source, f.error.file, f.error.message) for f in built.failures] == [
        (
            doomed,
            str(doomed),
            "the worker process rendering doomed.dying ended unexpectedly (killed, or out of memory?); "
            "-j 1 builds in one process",
        )
    ]
    written = sorted(p.name for p in (tmp_path / "dist").iterdir() if not p.name.startswith("."))
    assert written == sorted(f"{s.stem}{suffix}" for s in (first, *others) for suffix in (".dying", ".txt"))


# -- all or nothing per source ------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_failing_edition_leaves_every_earlier_edition_of_its_source_untouched(project, jobs):
    """A character the PDF cannot print in b2: none of b2's editions change; b1 and b3 still build."""
    sources = sorted(str(p) for p in (project / "source").glob("*.md"))
    out = project / "dist"
    first = CliRunner().invoke(main, ["build", *sources, "-f", "text,docx,pdf", "-o", str(out), "-j", jobs])
    assert first.exit_code == 0, first.output
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    for n in (1, 2, 3):
        path = project / "source" / f"b{n}.md"
        extra = "\nA face: \U0001f600.\n" if n == 2 else "\nOne more line.\n"
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    again = CliRunner().invoke(main, ["build", *sources, "-f", "text,docx,pdf", "-o", str(out), "-j", jobs])
    assert again.exit_code == 2
    assert again.stderr.count("\n") == 1 and "b2.md:" in again.stderr and "U+1F600" in again.stderr
    assert "1 source failed, nothing of it written: " in again.stdout
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert [name for name in before if name.startswith("b2.") and after[name] != before[name]] == []
    changed = sorted(name for name in before if not name.startswith(("b2.", ".")) and after[name] != before[name])
    assert changed == ["b1.docx", "b1.pdf", "b1.txt", "b3.docx", "b3.pdf", "b3.txt"]
    fixed = project / "source" / "b2.md"
    fixed.write_text(fixed.read_text(encoding="utf-8").replace("\U0001f600", ":)"), encoding="utf-8")
    last = CliRunner().invoke(main, ["build", *sources, "-f", "text,docx,pdf", "-o", str(out), "-j", jobs])
    assert last.exit_code == 0 and last.stdout.count("built ") == 3  # the cache kept only what was written


def test_a_long_source_name_gets_a_short_temporary_name(project):
    long = project / "source" / f"{'x' * 240}.md"
    shutil.copy(project / "source" / "b1.md", long)
    result = CliRunner().invoke(main, ["build", str(long), "-f", "text,pdf", "-o", str(project / "dist")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (project / "dist").iterdir() if p.name != CACHE_NAME) == [
        f"{'x' * 240}.pdf",
        f"{'x' * 240}.txt",
    ]


def test_a_build_removes_what_a_dead_build_left_half_written(project):
    out = project / "dist"
    out.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftover = out / f".briefexport-{dead.pid}-0123456789ab.part"
    leftover.write_bytes(b"half a PDF")
    running = out / f".briefexport-{os.getpid()}-0123456789ab.part"  # a live build's: not ours to remove
    running.write_bytes(b"being written")
    unrelated = out / ".b1.txt.0123456789ab.part"
    unrelated.write_bytes(b"someone else's")
    assert build(project).exit_code == 0
    assert not leftover.exists() and running.exists() and unrelated.exists()


@pytest.mark.parametrize("cache", ["[]", '{"b1.txt": "oops"}', '{"b1.txt": {"fingerprint": 3, "bytes": "x"}}', "{"])
def test_a_cache_file_of_another_shape_is_ignored_and_rebuilt(project, cache):
    (project / "dist").mkdir()
    (project / "dist" / CACHE_NAME).write_text(cache, encoding="utf-8")
    result = build(project)
    assert result.exit_code == 0, result.output
    assert result.output.count("built ") == 3
    assert sorted(json.loads((project / "dist" / CACHE_NAME).read_text())) == ["b1.txt", "b2.txt", "b3.txt"]


@pytest.mark.parametrize(
    ("cache", "why"), [("{", "JSONDecodeError: Expecting"), ("[]", "JSON of another shape (list)")]
)
def test_a_record_that_cannot_be_read_is_said_once_as_a_warning(project, cache, why):
    """An archive's trial: a record cut short was dropped without a word, and with it which source wrote
    which file: a build of another source of the same name replaced one silently."""
    (project / "dist").mkdir()
    (project / "dist" / CACHE_NAME).write_text(cache, encoding="utf-8")
    result = build(project)
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"briefexport: warning: {project / 'dist' / CACHE_NAME}: the record of the")
    assert f"could not be read ({why}" in warnings[0]
    assert "warning" not in build(project).stderr  # written anew: read the next time


@pytest.mark.parametrize(
    "edited",
    [
        {"pages": 10**30},
        {"pages": True},
        {"warnings": ["\x1b[31mred\x1b[0m\nbriefexport: a forged line"]},
        {"warnings": [3]},
    ],
)
def test_an_entry_of_the_record_edited_out_of_shape_is_built_again_not_told(project, edited):
    """A trial: an unchanged edition's pages and warnings were printed as the record gave them, an escape
    sequence, a second "briefexport:" line and "1000000000000000000000000000000 pages" among them."""
    assert build(project).exit_code == 0
    record = project / "dist" / CACHE_NAME
    entries = json.loads(record.read_text(encoding="utf-8"))
    entries["b1.txt"].update(edited)
    record.write_text(json.dumps(entries), encoding="utf-8")
    result = build(project)
    assert result.exit_code == 0 and "\x1b" not in result.output and "forged" not in result.output
    assert sorted(line.split()[:2] for line in result.output.splitlines()[:3]) == [
        ["built", str(project / "dist" / "b1.txt")],
        ["unchanged", str(project / "dist" / "b2.txt")],
        ["unchanged", str(project / "dist" / "b3.txt")],
    ]


def test_a_named_pipe_in_place_of_the_cache_file_is_one_line_not_a_wait(project):
    """A security review: a FIFO made where the record goes hung every build into that folder, before it
    wrote anything, until a timeout killed it. It is named, as a device in an edition's place is."""
    (project / "dist").mkdir()
    os.mkfifo(project / "dist" / CACHE_NAME)
    (project / "source" / "b2.md").write_text("---\ntitel: T\n---\n", encoding="utf-8")  # named too (a review)
    sources = sorted(str(p) for p in (project / "source").glob("*.md"))
    result = subprocess.run(
        [sys.executable, "-m", "briefexport", "build", *sources, "-f", "text", "-o", str(project / "dist")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.endswith(
        "it is a device, a pipe or a socket, not a file (where the record of the editions built there is kept)\n"
    ), result.stderr
    assert not any(path.suffix == ".txt" for path in (project / "dist").iterdir())  # a review: b1 was written
    assert "b2.md:2: unknown key 'titel'" in result.stderr


def test_a_style_the_source_names_that_does_not_exist_points_at_its_line(project):
    source = project / "source" / "b1.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("style: plain", "style: nosuch"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(source), "-f", "text", "-o", str(project / "dist")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"briefexport: {source}:8: unknown style 'nosuch'")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("/etc/passwd.toml", "path '/etc/passwd.toml' is absolute"),
        ("../styles/plain.toml", "path '../styles/plain.toml' leads outside"),
    ],
)
def test_a_source_may_name_a_style_file_only_inside_its_own_folder(project, value, message):
    source = project / "source" / "b1.md"
    source.write_text(source.read_text(encoding="utf-8").replace("style: plain", f"style: {value}"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(source), "-f", "text", "-o", str(project / "dist")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"briefexport: {source}:8: {message}")
    assert not (project / "dist").exists()


def test_a_source_may_name_a_style_file_in_its_folder_and_the_caller_any_path(project, tmp_path):
    source = project / "source" / "b1.md"
    (project / "source" / "brand.toml").write_text('name = "brand"\nlabel = "Brand"\nextends = "aircenter"\n')
    source.write_text(source.read_text(encoding="utf-8").replace("style: plain", "style: brand.toml"))
    result = CliRunner().invoke(main, ["build", str(source), "-f", "pdf", "-o", str(project / "dist"), "--json"])
    assert result.exit_code == 0, result.output
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text('name = "elsewhere"\nlabel = "Elsewhere"\nextends = "plain"\n')
    given = CliRunner().invoke(
        main, ["build", str(source), "-f", "text", "-o", str(tmp_path / "d"), "-s", str(elsewhere)]
    )
    assert given.exit_code == 0, given.output


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("aircenter.toml", "did you mean the style 'aircenter' (its name, without .toml), a built-in style?"),
        ("brand.toml", "did you mean the style 'brand' (its name, without .toml), in {styles}?"),
        ("nosuch.toml", "give a style's name (briefexport styles lists them) or the path of its .toml"),
    ],
)
def test_a_style_file_a_source_names_that_is_not_there_is_said_at_its_line_with_the_name_meant(project, value, hint):
    """A new user's trial: "style: aircenter.toml" (the built-in style's file name) said only
    "/tmp/x/aircenter.toml: style not found", no line of the source and nothing of what was allowed."""
    shutil.rmtree(project / "styles")  # the project's styles: a brand's alone
    (project / "styles").mkdir()
    add_style(project / "styles", "")
    source = project / "source" / "b1.md"
    source.write_text(source.read_text(encoding="utf-8").replace("style: plain", f"style: {value}"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(source), "-f", "text", "-o", str(project / "dist")])
    assert result.exit_code == 2
    folder, styles = source.parent.resolve(), (project / "styles").resolve()
    said = f"briefexport: {source}:8: style file {value!r} not found in {folder}; {hint.format(styles=styles)}\n"
    assert result.stderr == said
    assert not (project / "dist").exists()


def test_another_style_or_the_print_edition_never_replaces_the_default_editions(project):
    """b1's own style is plain: -s aircenter and --print each get a name of their own."""
    source, out = str(project / "source" / "b1.md"), project / "dist"
    assert CliRunner().invoke(main, ["build", source, "-f", "pdf,text", "-o", str(out)]).exit_code == 0
    default = {p.name: p.read_bytes() for p in out.iterdir() if p.name != CACHE_NAME}
    for extra in (["-s", "plain"], ["-s", "aircenter"], ["--print"], ["-s", "aircenter", "--print"]):
        result = CliRunner().invoke(main, ["build", source, "-f", "pdf,text", "-o", str(out), *extra])
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if p.name != CACHE_NAME) == [
        "b1.aircenter.pdf",
        "b1.aircenter.print.pdf",
        "b1.aircenter.txt",
        "b1.pdf",
        "b1.print.pdf",
        "b1.txt",
    ]
    assert {name: (out / name).read_bytes() for name in default} == default
    assert (out / "b1.print.pdf").read_bytes() != default["b1.pdf"]


@pytest.mark.parametrize("named", ["print", "brand.print.toml"])
def test_a_style_named_print_is_refused_for_its_editions_would_take_the_print_editions_names(project, named):
    """A brand designer's trial: a style file print.toml, chosen with -s print, wrote its screen edition as
    b1.print.pdf, the name of the source's own print edition: each build replaced the other, exit 0."""
    add_style(project / "styles", "", name=named.removesuffix(".toml"))
    style = str(project / "styles" / named) if named.endswith(".toml") else named
    source, out = str(project / "source" / "b1.md"), project / "dist"
    assert CliRunner().invoke(main, ["build", source, "--print", "-f", "pdf", "-o", str(out)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    asked = [source, "--style-dir", str(project / "styles"), "-s", style, "-f", "pdf", "-o", str(out)]
    checked, result = CliRunner().invoke(main, ["check", *asked]), CliRunner().invoke(main, ["build", *asked])
    assert result.exit_code == checked.exit_code == 2 and checked.output == result.output
    stem = named.removesuffix(".toml")
    assert result.stderr == (
        f"briefexport: -s {style}: a style named {stem!r} gives its editions a print edition's names "
        f"(b1.{stem}.pdf is b1{('.' + stem).removesuffix('.print')}'s print edition): rename it\n"
    )
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_source_named_like_another_sources_variant_never_replaces_that_variant(project):
    """b1.aircenter.md's own edition and b1.md's in the style aircenter are both b1.aircenter.txt: whichever
    is built second fails and writes nothing of its source, in either order (a multilingual trial)."""
    folder, out = project / "source", project / "dist"
    shutil.copy(folder / "b1.md", folder / "b1.aircenter.md")
    variant = ["build", str(folder / "b1.md"), "-s", "aircenter", "-f", "text,docx", "-o", str(out)]
    own = ["build", str(folder / "b1.aircenter.md"), "-f", "text", "-o", str(out)]
    for first, second in ((own, variant), (variant, own)):
        shutil.rmtree(out, ignore_errors=True)
        assert CliRunner().invoke(main, first).exit_code == 0
        before = {p.name: p.read_bytes() for p in out.iterdir()}
        # check says so first, as build does (an editor's trial: check said ok, then build failed)
        checked = CliRunner().invoke(main, ["check", *second[1:]])
        result = CliRunner().invoke(main, second)
        assert result.exit_code == checked.exit_code == 2 and checked.output == result.output
        written, building = os.path.relpath(first[1]), second[1]
        assert f"dist/b1.aircenter.txt is the edition of {written}, not of {building}" in result.output
        assert f"build {building} to another folder (-o)" in result.output
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # not even the variant's .docx
        # The same source again, in the same variant, replaces its own file as ever.
        assert CliRunner().invoke(main, [*first, "--force"]).exit_code == 0


def test_copies_of_a_style_file_that_keep_its_name_key_write_editions_of_their_own(project):
    """A designer copies brand.toml to draft-red.toml and draft-blue.toml: each is built under the
    name -s gives it, never both under the `name` the copies share."""
    source, out, styles = str(project / "source" / "b1.md"), project / "dist", project / "styles"
    for copy in ("draft-red", "draft-blue"):
        (styles / f"{copy}.toml").write_text('name = "brand"\nlabel = "Brand"\nextends = "aircenter"\n')
        result = CliRunner().invoke(main, ["build", source, "-f", "text", "-o", str(out), "-s", copy])
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if p.name != CACHE_NAME) == ["b1.draft-blue.txt", "b1.draft-red.txt"]


# -- stopped from outside -----------------------------------------------------------------------


def _state(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()} if folder.exists() else {}


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the workers in /proc")
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP], ids=["KILL", "TERM", "HUP"])
def test_a_build_stopped_during_a_50x_build_writes_nothing_after_and_leaves_no_process(project, signum):
    big = scaled_flagship(project / "source", 50)
    out = project / "dist"
    out.mkdir()
    (out / f"{big.stem}.txt").write_text("the last good edition")
    process = start_cli("build", big, "-o", out, "--style-dir", project / "styles")
    workers = _wait_until_busy(process.pid, workers=2)
    before = _state(out)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=30)
    time.sleep(1.0)
    assert [pid for pid in workers if _alive(pid)] == []
    time.sleep(2.0)
    assert _state(out) == before
    assert (out / f"{big.stem}.txt").read_text() == "the last good edition"
    assert process.returncode == (-signal.SIGKILL if signum == signal.SIGKILL else 128 + signum)
    if signum != signal.SIGKILL:
        assert stderr == f"briefexport: stopped by {signal.Signals(signum).name}; no partial file was left\n"
        assert [p.name for p in out.iterdir() if p.name.endswith(".part")] == []


def test_run_tells_of_each_edition_as_it_is_rendered_failed_or_not(tmp_path, register):
    register(_Dying)
    first = _single(tmp_path)
    doomed = first.with_name("doomed.md")
    doomed.write_text(first.read_text(encoding="utf-8").replace("title: ", "title: Doomed ", 1), encoding="utf-8")
    editions, _ = plan([doomed, first], ["text", "dying-for-test"], tmp_path / "dist")
    told: list[object] = []
    run(editions, jobs=2, rendered=told.append)
    assert sorted(e.path.name for e in told) == sorted(e.path.name for e in editions)


@pytest.mark.parametrize("name", sorted(BUILT_IN_KINDS))
def test_a_format_not_dated_writes_the_same_bytes_under_any_source_date_epoch(name, flagship, monkeypatch):
    """What lets a build keep a DOCX, EPUB or text edition under a new SOURCE_DATE_EPOCH (Renderer.dated)."""
    editions = []
    for epoch in ("1600000000", "1800000000"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        editions.append(briefexport.render(flagship, name))
    assert (editions[0] != editions[1]) == registry.get(name).dated


def test_an_unknown_style_names_the_style_folders_the_source_would_have_had(tmp_path):
    """An archivist who copied an issue out of its project was told the built-in styles alone had been
    searched, not where the brand's style file would have been found (folders that are not there are not
    searched); with one of them made, the other was still never named."""
    issue = tmp_path / "Archiv" / "Ausgabe ü"
    issue.mkdir(parents=True)
    shutil.copy(FIXTURES / "minimal" / "publisher.yaml", issue)
    text = (FIXTURES / "minimal" / "bulletin.md").read_text(encoding="utf-8")
    (issue / "a.md").write_text(text.replace("style: plain", "style: ifabrand"), encoding="utf-8")
    neither = CliRunner().invoke(main, ["check", str(issue / "a.md")])
    assert neither.exit_code == 2 and neither.stderr.count("\n") == 1
    assert f"or put ifabrand.toml in {tmp_path / 'Archiv' / 'styles'} or {issue / 'styles'} (not there now)" in (
        neither.stderr
    )
    (tmp_path / "Archiv" / "styles").mkdir()
    one = CliRunner().invoke(main, ["check", str(issue / "a.md")])
    assert f"looked in {tmp_path / 'Archiv' / 'styles'}, the built-in styles" in one.stderr
    assert f"or put ifabrand.toml in {issue / 'styles'} (not there now)" in one.stderr


def _specials(project: Path) -> tuple[Path, Path]:
    """bulletins/2024/special.md and bulletins/2025/special.md: two sources of one name."""
    older, newer = project / "2024" / "special.md", project / "2025" / "special.md"
    for source, year in ((older, 2024), (newer, 2025)):
        source.parent.mkdir()
        shutil.copy(project / "source" / "publisher.yaml", source.parent)
        text = (project / "source" / "b1.md").read_text(encoding="utf-8")
        source.write_text(text.replace("Example Bulletin 1", f"Special {year}"), encoding="utf-8")
    return older, newer


def test_a_source_of_the_same_name_in_another_folder_never_replaces_the_others_editions(project):
    """bulletins/2024/special.md and bulletins/2025/special.md built by two calls into one folder: the second
    replaced the first's editions, exit 0, no word (the record kept the file name alone; an archive keeper's
    trial). It fails, the first's files untouched, until that source is gone (moved, renamed): then its
    editions are the new source's to replace."""
    out = project / "dist"
    older, newer = _specials(project)
    assert CliRunner().invoke(main, ["build", str(older), "-f", "text,epub", "-o", str(out)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (project / "link").symlink_to(out)  # the same folder reached through a link is the same record
    for folder in (out, project / "link"):
        result = CliRunner().invoke(main, ["build", str(newer), "-f", "text,epub", "-o", str(folder)])
        assert result.exit_code == 2
        # Every file in the way, named at once (one per run, as each was removed, before).
        assert f"special.txt, {folder}/special.epub are the editions of {os.path.relpath(older)}, not of {newer}" in (
            result.output
        )
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    # The same source again replaces its own; once the older one is gone, the newer one builds.
    assert CliRunner().invoke(main, ["build", str(older), "-f", "text", "-o", str(out), "--force"]).exit_code == 0
    older.unlink()
    assert CliRunner().invoke(main, ["build", str(newer), "-f", "text", "-o", str(out)]).exit_code == 0
    assert b"SPECIAL 2025" in (out / "special.txt").read_bytes()


def test_two_builds_at_once_of_sources_of_one_name_into_one_folder_never_both_write(project, monkeypatch):
    """The same two sources built at the same moment: both exited 0, the folder holding whichever finished
    last (4 of 5 tries in a trial): the second had read the folder's record before the first wrote it. A
    build looks at the record again, when it changed, before it writes a source's files."""
    out = project / "dist"
    older, newer = _specials(project)
    render = briefexport.build.render_by_source
    other: list[object] = []

    def meanwhile(*args, **kwargs):  # while the second build renders, the first builds and records
        if not other:
            other.append(None)  # (the first build renders through here too)
            other[0] = CliRunner().invoke(main, ["build", str(older), "-f", "text", "-o", str(out), "-j", "1"])
        yield from render(*args, **kwargs)

    monkeypatch.setattr(briefexport.build, "render_by_source", meanwhile)
    built = run(plan([newer], ["text"], out)[0])
    assert other[0].exit_code == 0  # type: ignore[attr-defined]
    assert [f.source for f in built.failures] == [newer] and "not of" in str(built.failures[0].error)
    assert b"SPECIAL 2024" in (out / "special.txt").read_bytes()


def test_a_build_into_a_folder_another_build_holds_waits_for_it(project):
    """A service's re-trial: two processes building sources of one name into one folder at once both said
    "built" in 4 of 6 runs, one's editions the other's. A build holds its output folders until it ends;
    another waits, then finds the files another source's and fails."""
    from briefexport.fingerprints import held

    out = project / "dist"
    older, newer = _specials(project)
    assert CliRunner().invoke(main, ["build", str(older), "-f", "text", "-o", str(out)]).exit_code == 0
    command = [sys.executable, "-m", "briefexport", "build", str(newer), "-f", "text", "-o", str(out), "-q"]
    with held([out]):  # as the first build holds it while it runs
        waiting = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
        time.sleep(2)
        assert waiting.poll() is None  # it waits
    _, errors = waiting.communicate(timeout=60)
    assert waiting.returncode == 2 and "is the edition of" in errors
    assert b"SPECIAL 2024" in (out / "special.txt").read_bytes()


def test_a_record_that_cannot_be_written_is_named_in_the_one_line(project, monkeypatch):
    """A full disk with room for the editions but not the record: 'cannot write to dist: No space left on
    device', which named no record (an operator's trial)."""
    from briefexport import fingerprints
    from briefexport.errors import OutputError

    def full(path, data):
        raise OutputError("cannot write to dist: No space left on device", path.parent)

    monkeypatch.setattr(fingerprints, "write_atomic", full)
    result = build(project)
    assert result.exit_code == 2
    assert f"not the record of them ({CACHE_NAME}), so the next build makes them again" in result.stderr
    assert "No space left on device" in result.stderr and len(result.stderr.splitlines()) == 1


def test_an_edition_another_build_writes_over_before_the_record_is_saved_fails_its_source(project, monkeypatch):
    """A review: the record saved at most once a second, a second build found the first's special.txt in no
    record and wrote over it, both exit 0, and the first then recorded special.txt as its own. The record
    stays the file's last writer's, and the first build's special source fails."""
    out = project / "dist"
    older, newer = _specials(project)
    render = briefexport.build.render_by_source
    other: list[object] = []

    def meanwhile(*args, **kwargs):
        for n, item in enumerate(render(*args, **kwargs)):
            if n == 2 and not other:  # the first build's special.txt written, its record not yet saved
                other.append(None)
                other[0] = CliRunner().invoke(main, ["build", str(newer), "-f", "text", "-o", str(out), "-j", "1"])
            yield item

    monkeypatch.setattr(briefexport.build, "SAVE_EVERY", 3600.0)
    monkeypatch.setattr(briefexport.build, "render_by_source", meanwhile)
    sources = [project / "source" / "b1.md", older, project / "source" / "b2.md"]
    built = run(plan(sources, ["text"], out)[0], jobs=1)
    monkeypatch.undo()
    assert other[0].exit_code == 0  # type: ignore[attr-defined]
    assert [f.source for f in built.failures] == [older]
    assert b"SPECIAL 2025" in (out / "special.txt").read_bytes()
    again = CliRunner().invoke(main, ["build", str(newer), "-f", "text", "-o", str(out)])
    assert "unchanged" in again.output  # the record says what the file is
    assert CliRunner().invoke(main, ["build", str(older), "-f", "text", "-o", str(out)]).exit_code == 2


def test_two_builds_at_once_of_the_same_source_both_succeed(project, monkeypatch):
    """cron and CI overlapping: an edition the other build wrote again for the same source was reported
    as another source's file (a re-trial), exit 2."""
    out = project / "dist"
    sources = sorted((project / "source").glob("*.md"))
    render = briefexport.build.render_by_source
    other: list[object] = []

    def meanwhile(*args, **kwargs):
        for n, item in enumerate(render(*args, **kwargs)):
            if n == 2 and not other:  # the second source written, the record not yet saved
                other.append(None)
                other[0] = CliRunner().invoke(main, ["build", str(sources[1]), "-f", "text", "-o", str(out)])
            yield item

    monkeypatch.setattr(briefexport.build, "SAVE_EVERY", 3600.0)
    monkeypatch.setattr(briefexport.build, "render_by_source", meanwhile)
    built = run(plan(sources, ["text"], out)[0], jobs=1)
    monkeypatch.undo()
    assert other[0].exit_code == 0 and built.failures == []  # type: ignore[attr-defined]
    assert all(o.skipped for o in run(plan(sources, ["text"], out)[0]).outcomes)


def test_a_build_of_many_sources_writes_its_record_a_few_times_not_once_a_source(project, monkeypatch):
    """Saved after each source, each save reading and writing the whole record, a build of 2,000 sources
    spent 21 of its 28 s saving (an archive keeper's trial)."""
    from briefexport import fingerprints

    saves = []
    save = fingerprints.Cache.save
    monkeypatch.setattr(fingerprints.Cache, "save", lambda cache: saves.append(1) or save(cache))
    monkeypatch.setattr(briefexport.build, "SAVE_EVERY", 3600.0)
    sources = []
    for i in range(12):
        sources.append(project / "source" / f"many{i}.md")
        shutil.copy(project / "source" / "b1.md", sources[-1])
    editions, _ = plan(sources, ["text"], project / "dist")
    assert not run(editions, jobs=1).failures
    assert len(saves) == 2  # after the first source, and at the end
    assert len(plan(sources, ["text"], project / "dist")[0]) == 12
    assert all(o.skipped for o in run(plan(sources, ["text"], project / "dist")[0]).outcomes)  # all recorded


def test_a_style_file_named_by_its_path_is_the_sources_own_only_if_it_is_the_same_file(project):
    """-s drafts/plain.toml, a draft of another look under the name of the source's own style, wrote the
    published b1.pdf (an archive keeper's trial: replaced until the next ordinary build); it is a variant,
    b1.plain.*. The very file the source's `style:` finds, named by its path, is the source's own."""
    out, drafts = project / "dist", project / "drafts"
    drafts.mkdir()
    (drafts / "plain.toml").write_text('name = "plain"\nlabel = "Draft"\nextends = "aircenter"\n')
    source = str(project / "source" / "b1.md")
    for style, name in (
        (drafts / "plain.toml", "b1.plain.txt"),
        (project / "styles" / "plain.toml", "b1.txt"),
    ):
        shutil.rmtree(out, ignore_errors=True)
        result = CliRunner().invoke(main, ["build", source, "-f", "text", "-o", str(out), "-s", str(style)])
        assert result.exit_code == 0, result.output
        assert [p.name for p in out.iterdir() if p.name != CACHE_NAME] == [name]


def test_json_says_what_was_written_when_the_output_folder_stops_the_build(project, monkeypatch):
    """A full disk (or an unwritable folder) stopped the build with one line on stderr and nothing on stdout
    under --json, though the sources before it were written (an archive keeper's trial): the JSON lists
    those editions, and every other source as failed with the folder's error."""
    import errno

    real_fsync, calls = os.fsync, []

    def full_after_one_source(fd):
        calls.append(fd)
        if len(calls) > 2:  # the first source's file and the record of it, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full_after_one_source)
    result = build(project, "-j", "1", "--json")
    assert result.exit_code == 2
    summary = json.loads(result.stdout)
    written = {Path(e["path"]).name for e in summary["editions"]}
    failed = {Path(f["source"]).name: f["error"] for f in summary["failed"]}
    assert written == {"b1.txt"} and (project / "dist" / "b1.txt").exists()
    assert set(failed) == {"b2.md", "b3.md"} and all("No space left on device" in e for e in failed.values())
    # the source whose file the disk refused has its error; the one after it was not built (an archive's trial
    # found each given the other's file)
    assert failed["b2.md"].startswith(f"{project / 'dist' / 'b2.txt'}: cannot write b2.txt")
    assert failed["b3.md"].startswith(f"{project / 'source' / 'b3.md'}: not built: the build stopped (")


def test_json_names_as_failed_a_source_whose_unchanged_editions_were_told_but_another_not_written(project, monkeypatch):
    """An archive's trial: with its text edition unchanged and its PDF still to write when the folder refused
    it, a source was named in neither list (exit 2, "failed": []): a script read that nothing failed."""
    import errno

    assert build(project).exit_code == 0

    def refused(fd):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "fsync", refused)
    result = build(project, "-f", "epub", "-j", "1", "--json")
    assert result.exit_code == 2
    summary = json.loads(result.stdout)
    assert {(Path(e["path"]).name, e["skipped"]) for e in summary["editions"]} == {
        (f"b{n}.txt", True) for n in (1, 2, 3)
    }
    assert sorted(Path(f["source"]).name for f in summary["failed"]) == ["b1.md", "b2.md", "b3.md"]
    assert not list((project / "dist").glob("*.epub"))


def test_json_says_what_was_written_when_a_signal_stops_the_build(project, monkeypatch):
    """An archive's trial: --json stopped by SIGINT, SIGTERM or SIGHUP printed nothing on stdout, though the
    editions written before the signal were on record (the next build skipped them)."""
    real_fsync, calls = os.fsync, []

    def interrupted_after_one_source(fd):
        calls.append(fd)
        if len(calls) > 2:  # the first source's file and the record of it, then Ctrl-C
            raise KeyboardInterrupt
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", interrupted_after_one_source)
    result = build(project, "-j", "1", "--json")
    assert result.exit_code == 130
    summary = json.loads(result.stdout)
    assert [Path(e["path"]).name for e in summary["editions"]] == ["b1.txt"]
    assert {Path(f["source"]).name: f["error"].split(": ", 1)[1] for f in summary["failed"]} == {
        "b2.md": "not built: the build was interrupted",
        "b3.md": "not built: the build was interrupted",
    }
    assert sorted(p.name for p in (project / "dist").glob("b*")) == ["b1.txt"]


def test_a_link_to_a_source_under_another_name_builds_editions_of_its_own(project):
    """source/latest.md -> b1.md: `build source/*.md` built one of the two and said nothing of the other
    (an archive keeper's trial). A name given twice, or spelt two ways, is still built once."""
    folder = project / "source"
    (folder / "latest.md").symlink_to("b1.md")
    assert build(project).exit_code == 0
    built = sorted(p.name for p in (project / "dist").glob("*.txt"))
    assert built == ["b1.txt", "b2.txt", "b3.txt", "latest.txt"]
    (project / "current").symlink_to(folder)
    twice = [str(folder / "b1.md"), str(folder / "." / "b1.md"), str(project / "current" / "b1.md")]
    result = CliRunner().invoke(main, ["build", *twice, "-f", "text", "-o", str(project / "once"), "--json"])
    assert [Path(e["path"]).name for e in json.loads(result.stdout)["editions"]] == ["b1.txt"]


def test_an_archive_moved_or_copied_whole_is_not_built_again(project, tmp_path_factory):
    """An archive copied to another path (cp -r: new mtimes) rebuilt every edition, and a brand style's
    absolute path was part of its fingerprint, so the copy rebuilt again at each path (an archive keeper's
    trial; a fresh checkout or virtualenv did the same nightly). The same inputs and bytes are unchanged."""
    (project / "styles" / "brand.toml").write_text('name = "brand"\nlabel = "Brand"\nextends = "plain"\n')
    assert build(project, "-s", "brand").exit_code == 0
    moved = tmp_path_factory.mktemp("elsewhere") / "archive"
    shutil.copytree(project, moved, copy_function=shutil.copy)  # contents, not times
    result = build(moved, "-s", "brand", "--json")
    editions = json.loads(result.stdout)["editions"]
    assert len(editions) == 3 and all(e["skipped"] for e in editions), editions
    # An edition whose bytes changed is built again, whatever its time.
    edited = moved / "dist" / "b1.brand.txt"
    stat = edited.stat()
    edited.write_bytes(edited.read_bytes().replace(b"Example", b"Exemple"))
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    statuses = {
        Path(e["path"]).name: e["skipped"] for e in json.loads(build(moved, "-s", "brand", "--json").stdout)["editions"]
    }
    assert statuses == {"b1.brand.txt": False, "b2.brand.txt": True, "b3.brand.txt": True}


def test_two_builds_into_one_folder_at_once_keep_each_other_s_record(tmp_path):
    """An archive's trial ran two builds of 8 sources each into one folder at once: the record kept one
    build's 32 editions, and the next build, with nothing changed, built the other 32 again. Each build's
    record is read when it starts and written when it ends, over what the folder's record holds then."""
    from briefexport.fingerprints import Cache

    source = tmp_path / "b.md"
    source.write_text("x", encoding="utf-8")
    first, second = Cache(tmp_path), Cache(tmp_path)  # both read before either writes
    for cache, name in ((first, "one.txt"), (second, "two.txt")):
        (tmp_path / name).write_bytes(name.encode())
        cache.record(tmp_path / name, f"fingerprint of {name}", None, source, name.encode())
    first.save()
    second.save()
    saved = json.loads((tmp_path / CACHE_NAME).read_text(encoding="utf-8"))
    assert {name: entry["fingerprint"] for name, entry in saved.items()} == {
        "one.txt": "fingerprint of one.txt",
        "two.txt": "fingerprint of two.txt",
    }
    assert Cache(tmp_path).fresh(tmp_path / "one.txt", "fingerprint of one.txt") is not None


def test_a_folder_whose_file_system_takes_no_lock_still_gets_its_record(tmp_path, monkeypatch):
    """A review: flock failing (ENOLCK: NFS with no lock daemon) ended the build in a traceback after the
    first source's editions were written."""
    import errno
    import fcntl

    from briefexport.fingerprints import Cache

    def no_locks(descriptor, operation):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    source = tmp_path / "b.md"
    source.write_text("x", encoding="utf-8")
    (tmp_path / "one.txt").write_bytes(b"one")
    cache = Cache(tmp_path)
    cache.record(tmp_path / "one.txt", "fingerprint", None, source, b"one")
    cache.save()
    assert Cache(tmp_path).fresh(tmp_path / "one.txt", "fingerprint") is not None


def test_a_build_that_waits_for_another_into_its_folder_says_so(project):
    """An archivist's trial: a build waiting for one stopped with Ctrl-Z said nothing until its CI job's
    timeout killed it."""
    dist = project / "dist"
    dist.mkdir()
    holder = subprocess.Popen(  # another build's hold on the folder, let go two seconds later
        [
            sys.executable,
            "-c",
            f"import fcntl, os, time; d = os.open({str(dist)!r}, os.O_RDONLY); "
            "fcntl.flock(d, fcntl.LOCK_EX); print('held', flush=True); time.sleep(2)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        result = build(project)
    finally:
        holder.wait(timeout=60)
    assert result.exit_code == 0, result.output
    assert "briefexport: waiting for another build writing into " in result.output
    assert build(project).output.count("waiting") == 0  # no word when nothing holds it


def test_a_build_stopped_by_its_output_folder_still_names_the_sources_that_failed(project, monkeypatch):
    """An archivist's trial on a disk that filled up: stderr named the full disk alone, not the source with a
    mistyped key that CI had to be run again to find; a review, nor one that failed as the build ran (a
    folder where its file goes)."""
    import briefexport.build
    from briefexport.errors import OutputError

    (project / "source" / "b2.md").write_text("---\ntitel: T\n---\n", encoding="utf-8")
    (project / "dist" / "b1.txt").mkdir(parents=True)
    written = briefexport.build.write_together

    def full(pairs):
        if any(path.name == "b3.txt" for path, _ in pairs):
            raise OutputError("cannot write b3.txt: No space left on device", project / "dist")
        written(pairs)

    monkeypatch.setattr(briefexport.build, "write_together", full)
    result = build(project, "-j", "1")
    assert result.exit_code == 2
    assert "b2.md:2:" in result.output and "No space left on device" in result.output
    assert "b1.txt" in result.output.replace("No space", "").split("b3.txt")[0], result.output
    stopped = build(project, "-j", "1", "--json")
    report = json.loads(stopped.stdout)
    reasons = {Path(failure["source"]).name: failure["error"] for failure in report["failed"]}
    assert "b1.txt" in reasons["b1.md"] and "titel" in reasons["b2.md"] and "No space" in reasons["b3.md"]


def test_a_source_whose_edition_name_is_too_long_fails_alone_and_check_says_so(project):
    """An archivist's trial: a source named in 250 bytes wrote its first edition, then stopped the whole
    batch at its .plain.txt ("File name too long"), after `check` had said ok."""
    long = project / "source" / ("a" * 245 + ".md")  # its own editions fit; -s aircenter's do not
    shutil.copy(project / "source" / "b1.md", long)
    checked = CliRunner().invoke(main, ["check", str(long), "-s", "aircenter"])
    assert checked.exit_code == 2 and "an edition of it would have a name of 260 bytes (" in checked.output
    assert "a file name holds at most 255: give the source a shorter name" in checked.output
    result = build(project, "-s", "aircenter")
    assert result.exit_code == 2
    assert sorted(p.name for p in (project / "dist").glob("*.txt")) == [f"b{n}.aircenter.txt" for n in (1, 2, 3)]
    assert "give the source a shorter name" in result.output
