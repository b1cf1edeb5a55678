"""Renderers are found through entry points; each handles every block type; names are unique."""

from __future__ import annotations

import dataclasses
import importlib.metadata
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

import briefexport
import briefexport.api
from briefexport.errors import RegistryError, RenderError
from briefexport.model import BLOCK_TYPES, Paragraph, Quote, Run
from briefexport.registry import BUILT_IN, BUILT_IN_SUFFIXES, GROUP, Registry, registry
from briefexport.renderers.base import Renderer, missing_visits

from .conftest import ROOT

BUILT_INS = {"text", "pdf", "docx", "epub"}


def test_the_built_in_formats_register_through_the_entry_point_group():
    assert set(registry.names()) >= BUILT_INS


def test_the_built_in_table_is_the_packages_own_entry_points():
    from importlib.metadata import distribution

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["entry-points"]
    assert declared[GROUP] == BUILT_IN
    installed = {p.name: p.value for p in distribution("briefexport").entry_points if p.group == GROUP}
    assert installed == BUILT_IN


def test_the_built_in_suffixes_are_the_built_in_renderers_own():
    assert {registry.get(name).suffix for name in BUILT_IN} == BUILT_IN_SUFFIXES


def test_a_built_in_format_loads_without_reading_installed_packages_metadata():
    probe = "from briefexport.registry import registry; registry.get('text'); import sys; print(sorted(sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    modules = result.stdout
    assert "briefexport.renderers.outline" in modules
    assert "importlib.metadata" not in modules


def test_a_plugin_claiming_a_built_in_name_is_refused_when_formats_are_listed(tmp_path, monkeypatch):
    install_fake_distribution(tmp_path, "usurper", "usurper", "pdf = usurper:Pdf", "class Pdf: pass\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(RegistryError, match="two renderers are registered as 'pdf'"):
        Registry().names()


@pytest.mark.parametrize("name", sorted(BUILT_INS))
def test_every_registered_renderer_visits_every_block_type(name):
    cls = registry.get(name)
    assert issubclass(cls, Renderer) and cls.name == name and cls.suffix.startswith(".")
    assert missing_visits(cls) == [], f"{name} has no visit method for {missing_visits(cls)}"


def test_the_block_type_list_is_the_one_the_model_serialises():
    assert list(BLOCK_TYPES) == ["paragraph", "quote", "stats", "subheading", "figure", "list", "table"]


def test_a_renderer_missing_a_visit_method_is_caught():
    class Partial(Renderer):
        name, suffix, media_type = "partial", ".x", "x/x"

        def render(self, bulletin, style):
            return b""

        def visit_paragraph(self, block):
            return None

    assert missing_visits(Partial) == ["quote", "stats", "subheading", "figure", "list", "table"]
    # and visiting a block it has no method for is an error naming it, not a block quietly left out
    assert Partial().visit(Paragraph((Run("x"),))) is None
    with pytest.raises(RenderError, match="partial renderer has no visit_quote for quote blocks"):
        Partial().visit(Quote(((Run("x"),),)))
    with pytest.raises(RenderError, match="partial renderer: "):
        Partial().visit("not a block")


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        ({"suffix": None}, "has no suffix (a non-empty string)"),
        ({"media_type": ""}, "has no media_type (a non-empty string)"),
        ({"suffix": "md"}, "suffix 'md' must be a file name's ending such as '.md'"),
        ({"visit_table": None}, "has no visit_table: a renderer visits every kind of block"),
    ],
)
def test_a_renderer_missing_what_builds_read_of_it_is_refused_when_it_loads(attributes, message):
    """A plugin author's trial: a renderer with no suffix took `briefexport formats` and every build of all
    formats down with a traceback; one with no visit_table built until a bulletin had a table."""
    from briefexport.renderers.outline import OutlineRenderer

    cls = type("Faulty", (OutlineRenderer,), {"name": "faulty", **attributes})
    with pytest.raises(RegistryError, match=re.escape(message)):
        Registry().add(cls)


def install_fake_distribution(folder: Path, dist: str, module: str, entry_points: str, source: str) -> None:
    """A package as pip leaves it: a module and a .dist-info with entry_points.txt."""
    (folder / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = folder / f"{dist}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[briefexport.renderers]\n{entry_points}\n", encoding="utf-8")


EXAMPLE_PLUGIN = ROOT / "examples" / "stats_csv_plugin"


def test_the_example_third_party_plugin_is_discovered_and_renders(tmp_path, monkeypatch, minimal, plain):
    install_fake_distribution(
        tmp_path,
        "briefexport_stats_csv",
        "briefexport_stats_csv",
        "csv = briefexport_stats_csv:StatsCsvRenderer",
        (EXAMPLE_PLUGIN / "briefexport_stats_csv.py").read_text(encoding="utf-8"),
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    fresh = Registry()
    assert "csv" in fresh.names()
    cls = fresh.get("csv")
    assert missing_visits(cls) == []
    text = cls().render(minimal, plain).decode()
    assert "Second section,Key figures,Share,Figure,92.12,%,92.12%" in text
    # ... and the key figures of the introduction too (a plugin author found them dropped)
    from briefexport.model import NumberCell, Section, StatsTable, TextCell

    row = (TextCell("Turnout"), NumberCell(76.43, "76.43%", "%"))
    figures = StatsTable("Before", ("Measure", "Figure"), (row,), "CEC")
    introduced = dataclasses.replace(minimal, introduction=(figures,))
    assert (
        f"{plain.labels.introduction},Before,Turnout,Figure,76.43,%,76.43%" in cls().render(introduced, plain).decode()
    )
    # ... and text a spreadsheet would run as a formula as text (a service developer's trial)
    row = (TextCell("=HYPERLINK(1)"), NumberCell(18.8, "+18.8%", "%"))
    formulas = StatsTable("@SUM(1+1)", ("Measure", "-Change"), (row,), "CEC")
    titled = dataclasses.replace(minimal, introduction=(), sections=(Section("=1+2", (formulas,)),))
    assert "'=1+2,'@SUM(1+1),'=HYPERLINK(1),'-Change,18.8,%,'+18.8%" in cls().render(titled, plain).decode()
    sys.modules.pop("briefexport_stats_csv", None)


def test_two_renderers_with_one_name_are_refused(tmp_path, monkeypatch):
    install_fake_distribution(tmp_path, "impostor", "impostor", "text = impostor:Text", "class Text: pass\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(RegistryError, match="two renderers are registered as 'text'"):
        Registry().names()


def test_a_plugin_that_is_not_a_renderer_or_fails_to_import_is_a_clear_error(tmp_path, monkeypatch):
    install_fake_distribution(
        tmp_path, "broken", "broken", "broken = broken:Nope\nodd = broken:Odd", "import nonexistent_module_xyz\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    fresh = Registry()
    with pytest.raises(RegistryError, match="renderer 'broken' .* failed to load: ModuleNotFoundError"):
        fresh.get("broken")


def test_a_plugin_that_failed_to_load_is_not_imported_again(tmp_path, monkeypatch):
    """A review: a service asking formats() before each render imported a broken plugin again every time."""
    install_fake_distribution(tmp_path, "bxonce", "bxonce", "once = bxonce:Nope", "import nonexistent_module_xyz\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    fresh, imports = Registry(), []
    real = importlib.metadata.EntryPoint.load
    monkeypatch.setattr(importlib.metadata.EntryPoint, "load", lambda point: imports.append(point) or real(point))
    errors = [fresh.usable()[1] for _ in range(3)]
    assert len(imports) == 1
    assert [[str(e) for e in found] for found in errors] == [[str(errors[0][0])]] * 3
    assert "renderer 'once' (bxonce:Nope) failed to load: ModuleNotFoundError" in str(errors[0][0])


class JobTimeout(Exception):
    """A job queue's time limit, raised from a signal handler wherever the job is (Celery, RQ)."""


def test_a_built_in_format_whose_import_is_cut_short_raises_that_and_is_tried_again(monkeypatch):
    """A service's trial: a time limit (or no file descriptors left) during the Word renderer's first import
    came back as "renderer 'docx' failed to load", and every later Word copy was refused the same way until
    the service restarted. The caller's exception comes back as it is, and the next render imports again."""
    fresh, real, calls = Registry(), briefexport.registry._import, []

    def cut_short_once(where: str) -> object:
        calls.append(where)
        if len(calls) == 1:
            raise JobTimeout("job time limit")
        return real(where)

    monkeypatch.setattr(briefexport.registry, "_import", cut_short_once)
    with pytest.raises(JobTimeout):
        fresh.get("docx")
    assert fresh.get("docx").name == "docx"


def test_a_broken_plugin_does_not_take_over_another_formats_error(tmp_path, monkeypatch, minimal):
    """A service developer's trial: with a plugin whose class has no name installed, asking for the Word
    copy's print edition said the plugin had no name, not that the docx format has no print edition."""
    code = "from briefexport.renderers.base import Renderer\nclass NoName(Renderer):\n    suffix = '.nn'\n"
    install_fake_distribution(tmp_path, "bxbroken", "bxbroken", "noname = bxbroken:NoName", code)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(briefexport.api, "registry", Registry())
    with pytest.raises(RenderError, match="^the docx format has no print edition; print_edition=True is for pdf$"):
        briefexport.render(minimal, "docx", print_edition=True)
    sys.modules.pop("bxbroken", None)


def test_an_unknown_format_suggests_the_nearest():
    with pytest.raises(RegistryError, match="unknown format 'epbu' \\(did you mean \"epub\"\\?\\)"):
        registry.get("epbu")


def test_a_renderer_added_in_process_cannot_take_a_taken_name():
    class Another(Renderer):
        name, suffix, media_type = "text", ".t", "text/plain"

        def render(self, bulletin, style):
            return b""

    with pytest.raises(RegistryError, match="already registered"):
        Registry().add(Another)


def test_render_through_the_public_api_uses_the_registry(minimal, plain):
    text = briefexport.render(minimal, "text", style=plain).decode()
    assert text.startswith("EXAMPLE BULLETIN\n")
    assert "II. Second section" in text


def test_the_library_example_renders_every_format(tmp_path):
    import subprocess

    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "library_use.py"), "source/2024-02.md", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("AIR Center Bulletin — February 2024: 9 sections")
    assert sorted(p.suffix for p in tmp_path.iterdir()) == sorted(registry.get(f).suffix for f in registry.names())


@pytest.mark.parametrize("name", ["PDF", "Pdf", "DocX", "EPUB", "Text"])
def test_format_names_are_case_insensitive(name):
    assert registry.get(name) is registry.get(name.lower())


def test_a_built_in_format_in_capitals_loads_without_reading_installed_packages_metadata():
    probe = "from briefexport.registry import registry; registry.get('TEXT'); import sys; print(sorted(sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert "importlib.metadata" not in result.stdout


def test_an_unknown_format_in_capitals_suggests_the_nearest():
    with pytest.raises(RegistryError, match="unknown format 'EPBU' \\(did you mean \"epub\"\\?\\); formats: docx"):
        registry.get("EPBU")


def test_a_renderer_registered_with_capitals_is_found_in_any_case():
    from briefexport.renderers.outline import OutlineRenderer

    class StatsCsv(OutlineRenderer):
        name, suffix, media_type = "StatsCSV", ".csv", "text/csv"

    fresh = Registry()
    fresh.add(StatsCsv)
    assert fresh.get("statscsv") is fresh.get("StatsCSV") is fresh.get("STATSCSV") is StatsCsv


@pytest.mark.parametrize("name", sorted(BUILT_INS))
def test_a_bug_in_a_built_in_renderer_is_raised_as_it_is_not_taken_for_a_plugins(name, minimal, plain, monkeypatch):
    """A plugin's failure is a RenderError naming it; a built-in renderer's (the DOCX renderer's class lives in
    a module of its own, not the one its entry names) is a bug, raised as it is, to be fixed."""

    def broken(self, bulletin, style):
        return 1 // 0

    monkeypatch.setattr(registry.get(name), "render", broken)
    with pytest.raises(ZeroDivisionError):
        briefexport.render(minimal, name, style=plain)


def test_a_broken_plugin_is_left_out_of_every_format_with_a_warning_and_the_others_build(tmp_path, monkeypatch):
    """A service developer's trial: one plugin that failed to import stopped every `build` and `check` of
    every format (exit 2, nothing written), `formats()` offered it, and "unknown format" listed it as allowed.
    Asked for by name it is still its error."""
    from click.testing import CliRunner

    from briefexport.cli import main

    from .conftest import FIXTURES

    install_fake_distribution(tmp_path, "bxgone", "bxgone", "gone = bxgone:Gone", "import nonexistent_module_xyz\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "_points", None)  # read the installed entry points again, the fake one too
    assert "gone" in registry.names()
    assert briefexport.formats() == ["docx", "epub", "pdf", "text"]
    with pytest.raises(RegistryError, match=r"unknown format 'odt'; formats: docx, epub, pdf(,| or) text$"):
        registry.get("odt")
    source, out = FIXTURES / "minimal" / "bulletin.md", tmp_path / "out"
    for command in (["check", str(source)], ["build", str(source), "-o", str(out), "-q"]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 0, result.output
        (warning,) = result.stderr.splitlines()
        assert warning.startswith("briefexport: warning: renderer 'gone' (bxgone:Gone) failed to load: ")
        assert warning.endswith("; left out ('briefexport formats' lists it)")
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "bulletin.docx",
        "bulletin.epub",
        "bulletin.pdf",
        "bulletin.txt",
    ]
    result = CliRunner().invoke(main, ["build", str(source), "-f", "gone", "-o", str(tmp_path / "none")])
    assert result.exit_code == 2 and "renderer 'gone' (bxgone:Gone) failed to load" in result.stderr
