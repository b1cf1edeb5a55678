"""What a build and a mail run show while they work: a progress bar on a terminal, nothing elsewhere."""

from __future__ import annotations

import io

import pytest

from briefexport.report import bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_counts_on_a_terminal(monkeypatch):
    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    progress = bar("sending", 40)
    assert progress is not None
    progress.advance(progress.task_ids[0], 12)
    progress.refresh()
    progress.stop()
    assert "sending" in screen.getvalue() and "12/40" in screen.getvalue()


@pytest.mark.parametrize(("stream", "total"), [(io.StringIO(), 40), (Terminal(), 1)])
def test_no_bar_for_a_pipe_or_a_single_thing(monkeypatch, stream, total):
    monkeypatch.setattr("sys.stderr", stream)
    assert bar("sending", total) is None
    assert stream.getvalue() == ""


def test_a_builds_bar_steps_as_each_edition_is_rendered_and_for_each_unchanged_one(monkeypatch):
    """The bar stood at 0/8 while a source's four editions were listed, then jumped (trial): it counted
    written sources. It steps as each edition is rendered, failed or not, and once for each unchanged one."""
    from pathlib import Path

    from briefexport.build import Outcome
    from briefexport.report import Reporter

    monkeypatch.setattr("sys.stderr", Terminal())
    reporter = Reporter(3, stream=io.StringIO())
    assert reporter.progress is not None and reporter.task is not None
    reporter.rendered(object())
    reporter(Outcome(Path("a.md"), "pdf", Path("a.pdf"), 10, 1, 0.1, False))  # written: counted when rendered
    assert reporter.progress.tasks[0].completed == 1
    reporter(Outcome(Path("a.md"), "docx", Path("a.docx"), 10, None, 0.0, True))  # unchanged
    assert reporter.progress.tasks[0].completed == 2
    reporter.progress.stop()
