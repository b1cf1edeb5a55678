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
