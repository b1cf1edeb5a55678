"""Workers: forked before the sources are read, they load the renderers meanwhile and then render.

What a build does with workers must be exactly what it does in one process:
the same files, the same errors in the same order, no partial file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefexport.build import plan, run
from briefexport.cli import main
from briefexport.errors import RegistryError, RenderError
from briefexport.registry import registry
from briefexport.renderers.outline import OutlineRenderer
from briefexport.workers import Kind, Workers, code_digest, describe, language_hints, share

from .conftest import FIXTURES, STYLES

HOSTILE = Path(__file__).resolve().parent / "hostile"


def test_workers_report_what_each_format_writes_as_this_process_would():
    formats = ["text", "pdf", "docx"]
    with Workers(2, formats) as workers:
        kinds = workers.kinds()
    assert kinds == {fmt: describe(fmt) for fmt in formats}
    assert kinds["pdf"] == Kind(".pdf", "briefexport.renderers.pdf.PdfRenderer", code_digest("briefexport"))


@pytest.mark.parametrize(
    ("formats", "count", "shares"),
    [
        ("abc", 2, ["a", "bc"]),
        ("abcd", 2, ["ab", "cd"]),
        ("abcde", 2, ["ab", "cde"]),
        ("abc", 3, ["a", "b", "c"]),
        ("a", 2, ["", "a"]),
        ("abc", 1, ["abc"]),
    ],
)
def test_each_format_is_loaded_by_exactly_one_worker_the_first_alone_where_it_can_be(formats, count, shares):
    assert ["".join(share(list(formats), i, count)) for i in range(count)] == shares


def test_every_registered_format_is_loaded_when_none_is_named():
    with Workers(3, None) as workers:
        assert sorted(workers.kinds()) == registry.names()


def test_an_unknown_format_is_the_registry_error_it_would_be_in_one_process():
    with Workers(2, ["pdf", "pfd"]) as workers, pytest.raises(RegistryError) as caught:
        workers.kinds()
    assert str(caught.value).startswith("unknown format 'pfd' (did you mean \"pdf\"?)")


def _project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "source")
    shutil.copytree(STYLES, tmp_path / "styles")
    return tmp_path / "source" / "bulletin.md"


def _build(source: Path, out: Path, *args: str):
    return CliRunner().invoke(main, ["build", str(source), "-o", str(out), *args])


def test_every_format_built_on_workers_is_byte_identical_to_a_build_in_one_process(tmp_path):
    source = _project(tmp_path)
    serial = _build(source, tmp_path / "serial", "-j", "1")
    parallel = _build(source, tmp_path / "parallel", "-j", "2")
    assert serial.exit_code == 0 and parallel.exit_code == 0, serial.output + parallel.output
    files = sorted(p.name for p in (tmp_path / "serial").iterdir() if not p.name.startswith("."))
    assert files == ["bulletin.docx", "bulletin.epub", "bulletin.pdf", "bulletin.txt"]
    for name in files:
        assert (tmp_path / "parallel" / name).read_bytes() == (tmp_path / "serial" / name).read_bytes(), name


def test_an_error_raised_in_a_worker_is_one_line_with_its_source_line_and_no_file(tmp_path):
    case = tmp_path / "case"
    shutil.copytree(HOSTILE / "emoji_in_pdf", case)
    shutil.copy(HOSTILE / "publisher.yaml", case)
    out = tmp_path / "dist"
    result = _build(case / "bulletin.md", out, "-f", "pdf", "-j", "2", "--style-dir", str(STYLES))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert f"{case / 'bulletin.md'}:11: " in result.stderr and "U+1F600" in result.stderr
    assert not out.exists() or not [p for p in out.iterdir() if p.suffix == ".pdf"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bad_format_is_reported_before_a_bad_source_with_or_without_workers(tmp_path, jobs):
    source = tmp_path / "broken.md"
    source.write_text("---\ntitel: x\n---\n", encoding="utf-8")
    result = _build(source, tmp_path / "dist", "-f", "pdf,pfd", "-j", jobs)
    assert result.exit_code == 2
    assert result.stderr.startswith("briefexport: unknown format 'pfd'")


class _Broken(OutlineRenderer):
    name = "broken-for-test"
    suffix = ".broken"

    def render(self, bulletin, style):
        return 1 // 0  # a bug, not a BriefExportError


def test_a_bug_in_a_worker_surfaces_here_with_the_worker_traceback(tmp_path, register):
    register(_Broken)
    editions = plan([_project(tmp_path)], ["text", "broken-for-test"], tmp_path / "dist")
    with pytest.raises(ZeroDivisionError) as caught:
        run(editions, jobs=2)
    assert any("in a briefexport worker" in note and "1 // 0" in note for note in caught.value.__notes__)


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
    editions = plan([_project(tmp_path)], ["prepared-for-test", "prepare-fails-for-test"], tmp_path / "dist")
    run(editions, jobs=2)
    assert (tmp_path / "dist" / "bulletin.prepared").read_bytes() == b"prepared"
    assert (tmp_path / "dist" / "bulletin.unprepared").read_bytes().startswith(b"EXAMPLE BULLETIN")
    assert _Prepared.prepared_in is None  # this process renders nothing: it never prepared


def test_the_language_hint_is_read_from_the_front_matter_only(tmp_path):
    named = tmp_path / "az.md"
    named.write_text("---\ntitle: X\nlanguage: az\n---\n\n# One\n\nText.\n", encoding="utf-8")
    unnamed = tmp_path / "en.md"
    unnamed.write_text("---\ntitle: X\n---\n\nlanguage: de\n", encoding="utf-8")  # body text, not metadata
    quoted = tmp_path / "ru.md"
    quoted.write_text("---\nlanguage: 'ru-RU'\n---\n", encoding="utf-8")
    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)  # never opened: reading it would block
    hints = language_hints([named, unnamed, quoted, named, tmp_path / "missing.md", pipe, tmp_path])
    assert hints == ["az", "en", "ru-RU"]


def test_a_wrong_hint_changes_nothing_but_what_is_warmed(tmp_path):
    source = _project(tmp_path)
    out = {}
    for hint in (["en"], ["zz-Nowhere"], []):
        with Workers(1, ["epub"], hint) as workers:
            editions = plan([source], ["epub"], tmp_path / str(len(out)), workers=workers)
            run(editions, jobs=2, force=True, workers=workers)
        out[tuple(hint)] = (tmp_path / str(len(out)) / "bulletin.epub").read_bytes()
    assert len(set(out.values())) == 1


class _Dying(OutlineRenderer):
    name = "dying-for-test"
    suffix = ".dying"

    def render(self, bulletin, style):
        os._exit(9)  # as if the kernel had killed the worker (out of memory)


def test_a_worker_that_dies_is_a_one_line_error_naming_the_edition(tmp_path, register):
    register(_Dying)
    editions = plan([_project(tmp_path)], ["text", "dying-for-test"], tmp_path / "dist")
    with pytest.raises(RenderError) as caught:
        run(editions, jobs=2)
    assert str(caught.value) == (
        "a worker process ended unexpectedly (killed, or out of memory?) while making bulletin.dying; "
        "-j 1 builds in one process"
    )
    assert not (tmp_path / "dist" / "bulletin.dying").exists()
