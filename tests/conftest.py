"""Shared fixtures: the flagship, small fixtures, styles, and the external checkers."""

from __future__ import annotations

import gc
import math
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import briefexport
from briefexport.model import Bulletin
from briefexport.styles import BUILT_IN, Style, load_style

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
STYLES = BUILT_IN  # the built-in styles (package data)
FLAGSHIP = ROOT / "source" / "2024-02.md"


# EPUBCheck runs one short-lived JVM per book: the client compiler and the serial
# collector halve its start-up time.
QUICK_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


def pytest_configure(config: pytest.Config) -> None:
    if QUICK_JVM not in os.environ.get("JAVA_TOOL_OPTIONS", ""):
        os.environ["JAVA_TOOL_OPTIONS"] = f"{os.environ.get('JAVA_TOOL_OPTIONS', '')} {QUICK_JVM}".strip()


def scaled_flagship(folder: Path, scale: int) -> Path:
    """The flagship with its body repeated `scale` times, beside a copy of its publisher file."""
    text = FLAGSHIP.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4) + 5
    shutil.copy(FLAGSHIP.parent / "publisher.yaml", folder / "publisher.yaml")
    path = folder / f"flagship-x{scale}.md"
    path.write_text(text[:end] + "\n".join([text[end:]] * scale), encoding="utf-8")
    return path


def start_cli(*args: object) -> subprocess.Popen[str]:
    """`briefexport ARGS` started in a process of its own, to be stopped by a signal: in a session of its
    own, SIGHUP at its default (the suite itself may run under nohup, which a run keeps)."""
    return subprocess.Popen(
        [sys.executable, "-m", "briefexport", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_DFL),
    )


# A paragraph of characters Noto Serif and Sans lack, which the built-in styles' fonts.fallback has.
SIGNS = "Prices fell −3.2 % while gas rose ≈ 4 %, see → below ✓ done. **Bold −5** and *italic ≈ 6*."


def signs_bulletin(folder: Path) -> Bulletin:
    """A bulletin in `folder` whose text, table and third-level bullet ("◦") hold characters the built-in
    styles' families lack."""
    shutil.copy(FIXTURES / "minimal" / "publisher.yaml", folder)
    source = folder / "signs.md"
    source.write_text(
        "---\ntitle: Signs\nissue: One\ndate: 2024-03-31\nlanguage: en\npublisher: publisher.yaml\n---\n\n"
        f"# Figures\n\n{SIGNS}\n\n- first\n  - second\n    - third, −1\n\n"
        "| Item | Change |\n|---|---|\n| Gas | −2.1 |\n",
        encoding="utf-8",
    )
    return briefexport.load(source)


def best_cpu_times(*calls: Callable[[], object], rounds: int = 3) -> list[float]:
    """The least CPU time of each call over `rounds` rounds, the calls taken in turn in each round with the
    collector held off: load on a shared machine, and the collector's passes, fall on all of them alike
    (for ratios between sizes of one input: the issue "Linear time"; speed itself is benchmarks/')."""
    best = [math.inf] * len(calls)
    for _ in range(rounds):
        for i, call in enumerate(calls):
            gc.collect()
            gc.disable()
            try:
                start = time.process_time()
                call()
                best[i] = min(best[i], time.process_time() - start)
            finally:
                gc.enable()
    return best


def require_tool(name: str) -> str:
    """The path of an external checker. On CI a missing one fails the test; elsewhere it skips."""
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{name} is not installed; .ci/sysdeps should have installed it")
    pytest.skip(f"{name} is not installed (make sysdeps)")


@pytest.fixture(scope="session")
def flagship() -> Bulletin:
    return briefexport.load(FLAGSHIP)


@pytest.fixture(scope="session")
def minimal() -> Bulletin:
    return briefexport.load(FIXTURES / "minimal" / "bulletin.md")


@pytest.fixture(scope="session")
def hostile() -> Bulletin:
    """Markup and script in every text field: it must come out as literal text."""
    return briefexport.load(FIXTURES / "hostile" / "bulletin.md")


@pytest.fixture(scope="session")
def aircenter() -> Style:
    return load_style("aircenter", STYLES)


@pytest.fixture(scope="session")
def plain() -> Style:
    return load_style("plain", STYLES)


@pytest.fixture
def register():
    """Register renderer classes in this process for one test (workers forked later know them too)."""
    from briefexport.registry import registry

    added = []

    def add(cls):
        registry.add(cls)
        added.append(cls.name)
        return cls

    yield add
    for name in added:
        registry._added.pop(name, None)


@pytest.fixture
def styles(tmp_path: Path) -> Path:
    """A copy of the shipped styles folder, to add a brand to or break things in."""
    folder = tmp_path / "styles"
    shutil.copytree(STYLES, folder)
    return folder


def add_style(folder: Path, text: str, name: str = "brand", extends: str = "plain") -> Path:
    """A style `name` in `folder` extending `extends`, with `text` (TOML) added."""
    path = folder / f"{name}.toml"
    path.write_text(f'name = "{name}"\nlabel = "Brand"\nextends = "{extends}"\n' + text, encoding="utf-8")
    return path
