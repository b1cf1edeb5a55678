"""The early worker: a guess at the build's pool from argv, taken only when click's reading agrees."""

from __future__ import annotations

import os

import click
import pytest

from briefexport import cli
from briefexport.prestart import FLAGS, VALUE_OPTIONS, guess, shape, split_formats
from briefexport.workers import Workers, default_jobs

from .conftest import FIXTURES

MINIMAL = str(FIXTURES / "minimal" / "bulletin.md")


def test_the_reading_knows_every_option_of_build_and_whether_it_takes_a_value():
    takes_value = {name for p in cli.build.params if isinstance(p, click.Option) and not p.is_flag for name in p.opts}
    flags = {name for p in cli.build.params if isinstance(p, click.Option) and p.is_flag for name in p.opts}
    assert set(VALUE_OPTIONS) == takes_value
    assert flags == FLAGS


@pytest.mark.parametrize(
    "argv",
    [
        ["build", MINIMAL, "-f", "pdf,docx", "-j", "2"],
        ["build", "-fpdf", "--format=docx", MINIMAL, "-j2", "--force", "-q"],
        ["build", MINIMAL, "--format", "pdf", "-f", "docx", "--jobs=2", "-o", "out", "--style-dir", "s"],
        ["build", "-j", "2", "-f", "pdf,docx", "--", MINIMAL],
    ],
)
def test_spellings_click_accepts_give_the_pool_click_would(argv):
    params = cli.build.make_context("build", argv[1:]).params  # what click itself reads from them
    assert guess(argv) == shape(params["sources"], split_formats(params["formats"]), params["jobs"])
    assert guess(argv) == (2, ["pdf", "docx"], ["en"], False)


def test_every_format_and_the_default_jobs_when_none_are_named():
    expected = (default_jobs(), None, ["en"], True) if default_jobs() > 1 else None
    assert guess(["build", MINIMAL, MINIMAL]) == expected


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--version"],
        ["check", MINIMAL],
        ["build"],
        ["build", "--help"],
        ["build", MINIMAL, "--jobs"],
        ["build", MINIMAL, "-j", "0"],
        ["build", MINIMAL, "-j", "two"],
        ["build", MINIMAL, "-j", "1"],
        ["build", MINIMAL, "--no-such-option"],
    ],
)
def test_no_early_worker_when_unsure_or_when_the_build_runs_in_one_process(argv):
    assert guess(argv) is None


def test_a_pool_takes_the_early_worker_of_its_own_shape():
    early = Workers(2, ["text", "epub"], first_only=True)
    first = [proc.pid for proc in early._procs]
    assert len(first) == 1
    with Workers(2, ["text", "epub"], started=early) as pool:
        assert [proc.pid for proc in pool._procs][:1] == first and len(pool._procs) == 2
        assert sorted(pool.kinds()) == ["epub", "text"]
    assert early._procs == []


def test_a_pool_of_another_shape_ends_the_early_worker_and_starts_its_own():
    early = Workers(2, ["pdf", "epub"], first_only=True)
    (stale,) = [proc.pid for proc in early._procs]
    with Workers(2, ["text", "epub"], started=early) as pool:
        assert stale not in [proc.pid for proc in pool._procs]
        assert sorted(pool.kinds()) == ["epub", "text"]
    with pytest.raises(ChildProcessError):
        os.waitpid(stale, os.WNOHANG)  # already reaped: no stray process is left
