"""Atomic writes: a complete new file or the old one, never a half-written one."""

from __future__ import annotations

import os

import pytest

from briefexport.errors import OutputError
from briefexport.output import write_atomic


def test_a_write_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out" / "a.pdf"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["a.pdf"]
    assert oct(target.stat().st_mode & 0o777) == "0o644"


def test_a_failed_write_keeps_the_earlier_file_and_cleans_up(tmp_path, monkeypatch):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"earlier")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OutputError, match="cannot write a.pdf: No space left on device"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_an_interrupted_write_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "a.pdf"

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_folder_is_an_output_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot write to"):
        write_atomic(blocker / "a.pdf", b"x")


def test_a_temporary_name_already_taken_is_passed_over_and_left_alone(tmp_path, monkeypatch):
    target = tmp_path / "a.pdf"
    taken = tmp_path / f".a.pdf.{'00' * 6}.part"
    taken.write_bytes(b"not ours")
    names = iter([bytes(6), bytes([1] * 6)])
    monkeypatch.setattr(os, "urandom", lambda n: next(names))
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and taken.read_bytes() == b"not ours"
    assert sorted(p.name for p in tmp_path.iterdir()) == [taken.name, "a.pdf"]


def test_a_temporary_name_is_never_opened_through_a_symlink(tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    outside.write_bytes(b"keep")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / f".a.pdf.{'00' * 6}.part").symlink_to(outside)
    names = iter([bytes(6), bytes([1] * 6)])
    monkeypatch.setattr(os, "urandom", lambda n: next(names))
    write_atomic(tmp_path / "out" / "a.pdf", b"new")
    assert outside.read_bytes() == b"keep" and (tmp_path / "out" / "a.pdf").read_bytes() == b"new"
