"""One call, many editions: parallel builds, rebuild only what changed, summaries for people and scripts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefexport.build import CACHE_NAME, plan, run
from briefexport.cli import main
from briefexport.errors import BriefExportError
from briefexport.workers import _package_digest

from .conftest import FIXTURES, STYLES


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


def test_a_second_build_with_nothing_changed_skips_every_edition(project):
    first = build(project)
    assert first.exit_code == 0, first.output
    assert first.output.count("built ") == 3
    second = build(project)
    assert second.output.count("unchanged  ") == 3
    assert "3 editions: 0 built, 3 unchanged (use --force to rebuild)" in second.output


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
        return plan(source, ["plugin-text"], project / "dist")[0].fingerprint

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


def test_quiet_prints_nothing(project):
    result = build(project, "--quiet")
    assert result.exit_code == 0 and result.output == ""
    assert (project / "dist" / CACHE_NAME).is_file()


def test_two_sources_with_one_stem_are_refused_before_writing(project, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(project / "source" / "publisher.yaml", other)
    shutil.copy(project / "source" / "b1.md", other / "b1.md")
    with pytest.raises(BriefExportError, match="two sources would write"):
        plan([project / "source" / "b1.md", other / "b1.md"], ["text"], tmp_path / "dist")


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


def test_an_error_in_a_worker_keeps_its_file_and_line(project, monkeypatch):
    editions = plan(sorted((project / "source").glob("*.md")), ["text"], project / "dist")
    broken = BriefExportError("cannot render", "b2.md", 7)
    monkeypatch.setattr("briefexport.build.make", lambda e: (_ for _ in ()).throw(broken))
    with pytest.raises(BriefExportError) as caught:
        run(editions, jobs=1)
    assert str(caught.value) == "b2.md:7: cannot render"
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
    import os
    import signal
    import subprocess
    import sys
    import time

    big = project / "source" / "big.md"
    text = big.with_name("b1.md").read_text(encoding="utf-8")
    big.write_text(text + "".join(f"\n# Extra {i}\n\n{'Words of a long section. ' * 200}\n" for i in range(300)))
    out = project / "dist"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "briefexport",
            "build",
            str(big),
            "-f",
            "pdf",
            "-o",
            str(out),
            "--style-dir",
            str(project / "styles"),
            "-j",
            jobs,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(2.5)  # past start-up, inside the layout of a ~300-page PDF
    if to_group:
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr.strip() == "briefexport: interrupted; no partial file was left"
    assert not out.exists() or [p.name for p in out.iterdir() if not p.name.startswith(".briefexport")] == []
