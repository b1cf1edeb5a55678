"""Atomic writes: a complete new file or the old one, never a half-written one."""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefexport import output
from briefexport.errors import OutputError
from briefexport.output import remove_stale, write_atomic, write_together

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


def _temporary(pid: int, hex12: str = "00" * 6) -> str:
    return f".briefexport-{pid}-{hex12}.part"


def test_a_write_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out" / "a.pdf"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["a.pdf"]


@contextlib.contextmanager
def _umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_has_the_mode_the_umask_allows(tmp_path, mask, mode):
    """Every edition was 0644 whatever the umask: an embargoed issue written under 077 was readable by all."""
    with _umask(mask):
        write_atomic(tmp_path / "a.pdf", b"new")
    assert stat.S_IMODE((tmp_path / "a.pdf").stat().st_mode) == mode


@pytest.mark.parametrize("mode", [0o444, 0o600, 0o640])
def test_a_replaced_file_keeps_its_mode(tmp_path, mode):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    target.chmod(mode)
    with _umask(0o022):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == mode


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


def test_a_link_to_a_folder_at_the_path_is_a_folder_in_the_way_not_replaced(tmp_path):
    """write(b, "pdf", "current"), current -> editions/: the link became a PDF (a CMS integrator's trial)."""
    (tmp_path / "editions").mkdir()
    (tmp_path / "current").symlink_to("editions")
    with pytest.raises(OutputError, match="a folder of that name is in the way"):
        write_atomic(tmp_path / "current", b"x")
    assert (tmp_path / "current").is_symlink() and (tmp_path / "editions").is_dir()


def test_a_folder_that_is_a_link_to_none_is_named_as_such(tmp_path):
    """-o out, out -> releases/2024-05 not made yet: 'cannot write to out: File exists', with nothing there."""
    (tmp_path / "out").symlink_to("releases/2024-05")
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path / "out" / "a.pdf", b"x")
    assert str(caught.value).endswith(f"{tmp_path / 'out'} is a link to releases/2024-05, which does not exist")


def test_a_folder_that_is_a_loop_of_links_is_named_as_such(tmp_path):
    (tmp_path / "loop1").symlink_to("loop2")
    (tmp_path / "loop2").symlink_to("loop1")
    with pytest.raises(OutputError, match="loop1 is a link to loop2, a loop of links$"):
        write_atomic(tmp_path / "loop1" / "a.pdf", b"x")


def test_a_temporary_name_already_taken_is_passed_over_and_left_alone(tmp_path, monkeypatch):
    target = tmp_path / "a.pdf"
    taken = tmp_path / _temporary(os.getpid())
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
    (tmp_path / "out" / _temporary(os.getpid())).symlink_to(outside)
    names = iter([bytes(6), bytes([1] * 6)])
    monkeypatch.setattr(os, "urandom", lambda n: next(names))
    write_atomic(tmp_path / "out" / "a.pdf", b"new")
    assert outside.read_bytes() == b"keep" and (tmp_path / "out" / "a.pdf").read_bytes() == b"new"


def test_files_written_together_are_all_replaced_or_none_is(tmp_path, monkeypatch):
    a, b = tmp_path / "x.pdf", tmp_path / "x.epub"
    a.write_bytes(b"old pdf")
    b.write_bytes(b"old epub")
    write_together([(a, b"new pdf"), (b, b"new epub")])
    assert (a.read_bytes(), b.read_bytes()) == (b"new pdf", b"new epub")

    real = os.fsync
    calls = iter([real, lambda fd: (_ for _ in ()).throw(OSError(28, "No space left on device"))])
    monkeypatch.setattr(os, "fsync", lambda fd: next(calls)(fd))
    with pytest.raises(OutputError, match="cannot write x.epub: No space left on device"):
        write_together([(a, b"newer pdf"), (b, b"newer epub")])
    assert (a.read_bytes(), b.read_bytes()) == (b"new pdf", b"new epub")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.epub", "x.pdf"]


@pytest.mark.parametrize("existed", [True, False], ids=["files replaced", "files new"])
def test_a_rename_that_fails_after_others_puts_back_the_files_already_replaced(tmp_path, monkeypatch, existed):
    """A review: the renames went one by one, and one failing after another left a source's editions half
    old, half new, against write_together's promise."""
    a, b, c = tmp_path / "x.pdf", tmp_path / "x.epub", tmp_path / "x.docx"
    if existed:
        for path in (a, b, c):
            path.write_bytes(b"old " + path.suffix.encode())
    real = os.replace

    def third_fails(source, target):
        if Path(target) == c:
            raise OSError(5, "Input/output error")
        real(source, target)

    monkeypatch.setattr(os, "replace", third_fails)
    with pytest.raises(OutputError, match="cannot write x.docx: Input/output error"):
        write_together([(a, b"new pdf"), (b, b"new epub"), (c, b"new docx")])
    if existed:
        assert [path.read_bytes() for path in (a, b, c)] == [b"old .pdf", b"old .epub", b"old .docx"]
        assert sorted(path.name for path in tmp_path.iterdir()) == ["x.docx", "x.epub", "x.pdf"]
    else:
        assert list(tmp_path.iterdir()) == []


def test_where_no_link_can_be_made_a_failed_rename_leaves_the_files_already_replaced(tmp_path, monkeypatch):
    """A review: with no hard link (FAT, some shares, protected_hardlinks), putting back removed the new file
    and left nothing where an edition had been."""
    a, b = tmp_path / "x.pdf", tmp_path / "x.txt"
    a.write_bytes(b"old pdf")
    b.write_bytes(b"old txt")
    monkeypatch.setattr(os, "link", lambda *args, **kwargs: (_ for _ in ()).throw(PermissionError(1, "no links")))
    real = os.replace
    monkeypatch.setattr(
        os, "replace", lambda s, t: (_ for _ in ()).throw(OSError(28, "No space")) if Path(t) == b else real(s, t)
    )
    with pytest.raises(OutputError):
        write_together([(a, b"new pdf"), (b, b"new txt")])
    assert (a.read_bytes(), b.read_bytes()) == (b"new pdf", b"old txt")


def test_an_earlier_file_kept_while_its_replacement_is_renamed_in_is_left_to_its_living_build(tmp_path):
    """A review: a second name of an old file has the file's own time, so another build took it for a stale
    temporary of a day ago and removed it, and the putting back failed."""
    old = tmp_path / "x.pdf"
    old.write_bytes(b"old")
    os.utime(old, (time.time() - 3 * 86400,) * 2)
    kept = output._kept(old)
    assert kept is not None and kept.name.endswith("-k.part")
    assert remove_stale(tmp_path) == [] and kept.exists()


def test_a_temporary_name_is_short_whatever_the_target(tmp_path, monkeypatch):
    seen = []
    real = os.replace
    monkeypatch.setattr(os, "replace", lambda src, dst: (seen.append(os.path.basename(src)), real(src, dst)))
    write_atomic(tmp_path / f"{'x' * 250}.docx", b"data")
    assert len(seen[0]) <= len(_temporary(2**22)) and seen[0].startswith(".briefexport-")


def test_stale_temporaries_of_dead_writers_are_removed_and_no_others(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / _temporary(dead.pid)
    mine = tmp_path / _temporary(os.getpid())
    old = tmp_path / _temporary(os.getppid(), "11" * 6)  # a live pid, but a day old: reused, not writing
    foreign = tmp_path / ".x.pdf.000000000000.part"
    for path in (stale, mine, old, foreign):
        path.write_bytes(b"x")
    day_ago = time.time() - 25 * 3600
    os.utime(old, (day_ago, day_ago))
    assert sorted(p.name for p in remove_stale(tmp_path)) == sorted([stale.name, old.name])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, foreign.name])
    assert remove_stale(tmp_path / "missing") == []


@pytest.mark.skipif(fcntl is None, reason="no flock on this platform: pid and age alone tell")
def test_an_unlocked_temporary_of_a_reused_pid_is_stale_once_it_is_not_new(tmp_path):
    """A production manager's trial: a container's build is pid 1 every time, so the temporary a killed
    one left was kept for a day, its pid alive again. A temporary no build holds the lock on is stale once
    it is GRACE seconds old, whatever its pid."""
    reused = tmp_path / _temporary(os.getpid(), "22" * 6)
    new = tmp_path / _temporary(os.getpid(), "33" * 6)
    for path in (reused, new):
        path.write_bytes(b"x")
    minute_ago = time.time() - 60
    os.utime(reused, (minute_ago, minute_ago))
    assert remove_stale(tmp_path) == [reused]
    assert [p.name for p in tmp_path.iterdir()] == [new.name]


@pytest.mark.skipif(fcntl is None, reason="no flock on this platform")
def test_a_temporary_a_live_build_holds_locked_is_kept_whatever_its_pid_and_age(tmp_path):
    """A build in another pid namespace (a container sharing the folder) saw a live build's pid as dead and
    removed its temporary: one whose lock is held is kept, and removed once it is let go."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    writing = tmp_path / _temporary(dead.pid)
    writing.write_bytes(b"x")
    day_ago = time.time() - 25 * 3600
    os.utime(writing, (day_ago, day_ago))
    handle = os.open(writing, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        assert remove_stale(tmp_path) == [] and writing.exists()
    finally:
        os.close(handle)
    assert remove_stale(tmp_path) == [writing]


@pytest.mark.skipif(fcntl is None, reason="no flock on this platform")
def test_a_build_cleaning_the_folder_while_another_writes_there_leaves_its_files(tmp_path, monkeypatch):
    """Each temporary stays locked until it is renamed: another build's remove_stale, run between the writes
    and the renames, takes none of them."""
    real = os.replace
    cleaned: list[list[Path]] = []

    def replace(src, dst):
        cleaned.append(remove_stale(tmp_path))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(output, "GRACE", 0.0)  # no grace for new files: only the lock keeps them
    write_together([(tmp_path / "a.pdf", b"pdf"), (tmp_path / "a.docx", b"docx")])
    assert cleaned == [[], []]
    assert (tmp_path / "a.pdf").read_bytes() == b"pdf" and (tmp_path / "a.docx").read_bytes() == b"docx"


@pytest.mark.skipif(fcntl is None, reason="no flock on this platform")
def test_temporaries_past_the_open_files_kept_are_named_unlocked_and_kept_while_their_pid_lives(tmp_path, monkeypatch):
    """A review: past HELD_OPEN files of one write (a mail-out's), temporaries lost their lock, and another
    build's remove_stale took them once ten seconds old; the write failed. Such a one says in its name that
    it is unlocked, and is told by its pid and age, as before locks."""
    monkeypatch.setattr(output, "HELD_OPEN", 2)
    monkeypatch.setattr(output, "GRACE", 0.0)
    real = os.replace
    seen: list[list[str]] = []

    def replace(src, dst):
        if not seen:
            seen.append(sorted(p.name for p in tmp_path.iterdir()))
            assert remove_stale(tmp_path) == []
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    write_together((tmp_path / f"m{n}.eml", b"x") for n in range(5))
    assert sorted(name.endswith("-u.part") for name in seen[0]) == [False, False, True, True, True]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"m{n}.eml" for n in range(5)]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_named_as_a_temporary_does_not_hold_up_the_cleaning(tmp_path):
    """A review: remove_stale opened it to try its lock and waited for a writer for ever."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    os.mkfifo(tmp_path / _temporary(os.getpid()))
    os.mkfifo(tmp_path / _temporary(dead.pid))
    assert remove_stale(tmp_path) == [tmp_path / _temporary(dead.pid)]


def test_files_written_together_from_a_generator_are_held_one_at_a_time(tmp_path):
    """write_eml hands 10,000 messages of an issue with its editions attached: held all at once, they
    took 3.9 GB. Each is now written to its temporary before the next is made; the renames come last."""
    made: list[int] = []

    def files():
        for n in range(5):
            assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == []  # none renamed yet
            assert len([p for p in tmp_path.iterdir() if p.name.endswith(".part")]) == n  # the earlier ones written
            made.append(n)
            yield tmp_path / f"{n}.eml", b"message %d" % n

    write_together(files())
    assert made == list(range(5))
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{n}.eml" for n in range(5)]


def test_a_folder_in_the_way_of_one_file_replaces_none_of_them(tmp_path):
    """A folder named 2022-04.txt failed its rename after the .docx, .epub and .pdf had been replaced:
    a mix of old and new editions of one issue."""
    (tmp_path / "a.pdf").write_bytes(b"old pdf")
    (tmp_path / "a.txt").mkdir()
    with pytest.raises(OutputError, match="cannot write a.txt: a folder of that name is in the way"):
        write_together([(tmp_path / "a.pdf", b"new pdf"), (tmp_path / "a.txt", b"new text")])
    assert (tmp_path / "a.pdf").read_bytes() == b"old pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "a.txt"]


def test_a_device_or_a_pipe_at_the_path_is_refused_and_left_as_it_is(tmp_path):
    """Writing the text edition to /dev/full "succeeded": the rename swapped the device node for a plain
    file. A pipe was replaced the same way."""
    pipe = tmp_path / "edition.txt"
    os.mkfifo(pipe)
    with pytest.raises(OutputError, match="cannot write edition.txt: it is a device, a pipe or a socket, not a file"):
        write_atomic(pipe, b"text")
    assert pipe.is_fifo() and os.listdir(tmp_path) == ["edition.txt"]


def test_a_link_to_a_device_or_a_pipe_is_refused_and_left_as_it_is(tmp_path):
    """A service's trial: a link to /dev/null was replaced by a plain file that took the device's mode,
    0666, writable by everyone. A link is judged by what it leads to; one to a file is still replaced."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    for target in (Path(os.devnull), pipe):
        link = tmp_path / "edition.pdf"
        link.symlink_to(target)
        with pytest.raises(OutputError, match="cannot write edition.pdf: it is a device, a pipe or a socket"):
            write_atomic(link, b"%PDF")
        assert link.is_symlink() and os.readlink(link) == str(target)
        link.unlink()
    (tmp_path / "old.pdf").write_bytes(b"old")
    os.chmod(tmp_path / "old.pdf", 0o640)
    (tmp_path / "edition.pdf").symlink_to(tmp_path / "old.pdf")
    write_atomic(tmp_path / "edition.pdf", b"%PDF")
    assert (tmp_path / "edition.pdf").read_bytes() == b"%PDF" and not (tmp_path / "edition.pdf").is_symlink()
    assert stat.S_IMODE((tmp_path / "edition.pdf").stat().st_mode) == 0o640  # the file it led to kept its mode


def test_a_name_too_long_for_the_file_system_is_an_output_error(tmp_path):
    with pytest.raises(OutputError, match="cannot write x+.txt: File name too long"):
        write_atomic(tmp_path / ("x" * 300 + ".txt"), b"text")
    assert os.listdir(tmp_path) == []
