"""The package as users get it: a wheel installed into a fresh venv, used from a folder with no styles."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from .conftest import FIXTURES, ROOT

# On one worker of `make test` (--dist loadgroup): the wheel and its virtualenv, about 40 s each, were made
# again by every worker that ran one of these tests.
pytestmark = pytest.mark.xdist_group("wheel")

FORMATS = ["docx", "epub", "pdf", "text"]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv outside the repository holding briefexport from a freshly built wheel (and its dependencies)."""
    work = tmp_path_factory.mktemp("wheel")
    # Built from a copy: setuptools reuses the tree's build/lib, where an earlier build may have left old modules.
    tree = work / "tree"
    shutil.copytree(
        ROOT, tree, ignore=shutil.ignore_patterns(".*", "build", "dist", "site", "__pycache__", "*.egg-info")
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work), str(tree)],
        check=True,
        timeout=300,
    )
    (wheel,) = work.glob("briefexport-*.whl")
    env = work / "venv"
    venv.create(env, with_pip=True)
    subprocess.run([env / "bin" / "python", "-m", "pip", "install", "-q", str(wheel)], check=True, timeout=600)
    return env


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """An empty folder outside the repository with a bulletin and its publisher file, and no styles."""
    for name in ("bulletin.md", "publisher.yaml"):
        shutil.copy(FIXTURES / "minimal" / name, tmp_path / name)
    return tmp_path


def _run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(args, cwd=folder, env=clean, capture_output=True, text=True, timeout=300)


def test_the_wheel_carries_its_styles_and_fonts(installed):
    result = _run(installed, str(installed / "bin" / "briefexport"), "styles")
    assert result.returncode == 0, result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["aircenter", "plain"]


def test_the_command_builds_every_format_in_a_folder_with_no_styles(installed, elsewhere):
    result = _run(elsewhere, str(installed / "bin" / "briefexport"), "build", "bulletin.md", "-o", "out")
    assert result.returncode == 0, result.stderr
    assert sorted(p.suffix for p in (elsewhere / "out").iterdir() if not p.name.startswith(".")) == [
        ".docx",
        ".epub",
        ".pdf",
        ".txt",
    ]


def _python(installed: Path, folder: Path, *code: str) -> list[str]:
    """The lines the installed venv's Python prints running `code` (one line each) in `folder`."""
    result = _run(folder, str(installed / "bin" / "python"), "-c", "\n".join(code))
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_the_library_renders_every_format_in_a_folder_with_no_styles(installed, elsewhere):
    lines = _python(
        installed,
        elsewhere,
        "import briefexport, pathlib",
        "assert 'site-packages' in briefexport.__file__, briefexport.__file__",
        "b = briefexport.loads(pathlib.Path('bulletin.md').read_text(), base_dir='.')",
        "for fmt in briefexport.formats():",
        "    print(fmt, len(briefexport.render(b, fmt)))",
    )
    assert [line.split()[0] for line in lines] == FORMATS
    assert all(int(line.split()[1]) > 500 for line in lines)


def test_the_print_edition_finds_its_output_profile_in_the_installed_package(installed, elsewhere):
    command = str(installed / "bin" / "briefexport")
    built = _run(elsewhere, command, "build", "bulletin.md", "-f", "pdf", "--print", "-o", "out")
    assert built.returncode == 0, built.stderr
    checked = _run(elsewhere, command, "preflight", "out/bulletin.print.pdf")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines()[-1] == "out/bulletin.print.pdf: fit for press"


def test_the_wheel_carries_the_packages_licence(installed):
    """The MIT licence text travels with the package (it was nowhere), beside the fonts' OFL and the
    ICC profile's licence."""
    assert _python(
        installed,
        installed,
        "from importlib.metadata import distribution",
        "files = {f.name: f for f in distribution('briefexport').files}",
        "print(files['LICENSE'].locate().read_text().splitlines()[0])",
        "print(sorted(name for name in files if name in ('OFL.txt', 'LICENSE.txt')))",
    ) == ["MIT License", "['LICENSE.txt', 'OFL.txt']"]
