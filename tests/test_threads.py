"""Rendering from many threads of one process gives the same bytes as rendering alone.

A render must not change process-wide state of ReportLab, python-docx, ebooklib
or Python's warnings, or must change it once and for all (a font registered
under a name only ever given to the same font, a family only ever mapped to the
same four faces). The references are rendered one at a time first; then every
(bulletin, style, format) is rendered again, shuffled, from eight threads.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
import types
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from reportlab import rl_config
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.pdfbase.pdfmetrics import getFont

import briefexport
from briefexport.model import Bulletin
from briefexport.renderers.pdf.fonts import Faces, register_roles
from briefexport.styles import FONT_FACES, Style

FORMATS = ("pdf", "docx", "epub", "text")
THREADS = 8
ROUNDS = 12  # each (bulletin, style, format) this many times among the threaded jobs

Job = tuple[str, str, str]  # bulletin, style, format


def _settings() -> dict[str, Any]:
    """ReportLab's process-wide settings (useA85 among them), as plain values."""
    return {k: v for k, v in vars(rl_config).items() if not k.startswith("_") and not callable(v)}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def cases(flagship: Bulletin, minimal: Bulletin, aircenter: Style, plain: Style) -> dict[str, Any]:
    # Both bulletins in both styles: the flagship and the small bulletin use different faces of the
    # same font files, so their renders map <b> and <i> differently if they share a family.
    return {"flagship": flagship, "minimal": minimal, "aircenter": aircenter, "plain": plain}


@pytest.fixture(scope="module")
def references(cases: dict[str, Any]) -> dict[Job, str]:
    """Every job's digest, rendered one at a time."""
    return {
        (b, s, f): _digest(briefexport.render(cases[b], f, style=cases[s]))
        for b in ("flagship", "minimal")
        for s in ("aircenter", "plain")
        for f in FORMATS
    }


def _run_threaded(jobs: list[Job], render: Callable[[Job], str]) -> list[str]:
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(render, jobs))


def test_one_pdf_at_a_time_makes_its_subsets_of_a_font_that_threads_share(
    cases: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """ReportLab reads a font's tables through one cursor its face keeps to make a PDF's subsets, as the PDF
    is saved: a service's two threads saving at once moved each other's cursor (an IndexError in
    makeSubset; silently, a subset with another glyph's parts). Subsets of a face are made one at a time."""
    faces = register_roles(cases["plain"])
    font = getFont(faces["body"].regular)
    face = font.face
    making = [0]
    most = [0]
    original = face.makeSubset

    def slow_subset(subset: Any) -> Any:
        making[0] += 1
        most[0] = max(most[0], making[0])
        time.sleep(0.05)  # long enough for another thread to come in, if it may
        making[0] -= 1
        return original(subset)

    monkeypatch.setattr(face, "makeSubset", slow_subset)
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda _: briefexport.render(cases["minimal"], "pdf", style=cases["plain"]), range(4)))
    assert most[0] == 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_a_process_forked_while_a_pdf_makes_its_subsets_renders_pdfs(cases: dict[str, Any]) -> None:
    """A review: a child forked while another thread held the subsetting lock got it held, with no thread
    to let it go, and its first PDF waited for ever (a pre-fork server, multiprocessing's fork)."""
    from briefexport.renderers.pdf import fonts

    briefexport.render(cases["minimal"], "pdf", style=cases["plain"])
    with fonts._SUBSETTING, fonts._LOCK:  # as a thread making a PDF's subsets, or registering a font, holds them
        pid = os.fork()
        if pid == 0:  # the child: a PDF, or SIGALRM ends it
            signal.alarm(30)
            briefexport.render(cases["minimal"], "pdf", style=cases["plain"])
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status


def test_renders_from_eight_threads_give_the_reference_bytes(cases: dict[str, Any], references: dict[Job, str]) -> None:
    settings, filters = _settings(), list(warnings.filters)
    jobs = list(references) * ROUNDS
    random.Random(20240229).shuffle(jobs)  # styles, bulletins and formats interleaved

    def render(job: Job) -> str:
        bulletin, style, fmt = job
        return _digest(briefexport.render(cases[bulletin], fmt, style=cases[style]))

    digests = _run_threaded(jobs, render)
    wrong = sorted({f"{b}/{s}.{f}" for (b, s, f), d in zip(jobs, digests) if d != references[(b, s, f)]})
    count = sum(d != references[job] for job, d in zip(jobs, digests))
    assert not wrong, f"{count} of {len(jobs)} threaded renders differ from the reference: {', '.join(wrong)}"
    assert _settings() == settings, "a render changed ReportLab's rl_config"
    assert list(warnings.filters) == filters, "a render changed the warnings filters"


def test_a_render_leaves_reportlab_settings_alone_and_does_not_depend_on_them(
    cases: dict[str, Any], references: dict[Job, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PDF's page and form streams are deflated only, whatever another ReportLab user set useA85 to."""
    before = _settings()
    for value in (0, 1):
        monkeypatch.setattr(rl_config, "useA85", value)
        data = briefexport.render(cases["flagship"], "pdf", style=cases["aircenter"])
        assert rl_config.useA85 == value
        assert _digest(data) == references[("flagship", "aircenter", "pdf")]
        assert b"ASCII85Decode" not in data
    monkeypatch.undo()
    assert _settings() == before


def test_no_render_writes_to_reportlabs_rl_config(cases: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """rl_config is one module for the whole process: a render that sets a value there, even for a moment,
    changes every other render and every other ReportLab user running at that moment."""
    writes: list[str] = []

    class Watched(types.ModuleType):
        def __setattr__(self, name: str, value: object) -> None:
            writes.append(name)
            super().__setattr__(name, value)

    monkeypatch.setattr(rl_config, "__class__", Watched)
    for fmt in FORMATS:
        briefexport.render(cases["minimal"], fmt, style=cases["aircenter"])
    assert writes == []


def _mapped(faces: Faces) -> dict[tuple[str, int, int], str]:
    """What ReportLab's <b>/<i> markup resolves to from each face of a family: (base, bold, italic) -> face."""
    out: dict[tuple[str, int, int], str] = {}
    for slot, base in zip(FONT_FACES, faces.names()):
        family, bold, italic = ps2tt(base)
        for b in (0, 1):
            for i in (0, 1):
                out[(slot, b, i)] = tt2ps(family, bold | b, italic | i)
    return out


def test_a_family_registered_for_one_render_is_not_remapped_by_another(plain: Style) -> None:
    """Two renders needing different faces of the same files each keep their own <b>/<i> mapping."""
    every = {role: set(FONT_FACES) for role in vars(plain.roles)}
    roman = {role: {"regular"} for role in vars(plain.roles)}
    bold_only = {role: {"regular", "bold"} for role in vars(plain.roles)}
    full = register_roles(plain, every)
    full_map = {role: _mapped(f) for role, f in full.items()}
    for needed in (roman, bold_only, every, roman):
        register_roles(plain, needed)
        assert {role: _mapped(f) for role, f in full.items()} == full_map
    body = full["body"]
    assert tt2ps(ps2tt(body.regular)[0], 1, 0) == body.bold != body.regular
    assert tt2ps(ps2tt(body.regular)[0], 1, 1) == body.bold_italic != body.bold
    assert register_roles(plain, every) == full  # the same faces get the same names
    # Each file is one font object whatever family names it: embedded once, and the PDF's bytes
    # do not depend on which family's name drew a face.
    plain_body = register_roles(plain, roman)["body"]
    assert len({id(getFont(name)) for name in body.names()}) == 4
    assert {getFont(name) for name in plain_body.names()} == {getFont(body.regular)}


def test_the_url_tables_markdown_it_fills_on_a_first_link_are_filled_before_any_thread_parses():
    """A CMS's first requests on four threads: loads() raised IndexError from mdurl, which puts each
    percent-encoding table in its cache before it fills it (3 to 13 of 30 fresh processes)."""
    probe = (
        "import briefexport.sources, mdurl._encode as e, mdurl._decode as d;"
        "print(sorted(len(t) for t in (*e.encode_cache.values(), *d.decode_cache.values())))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[128, 128]"
