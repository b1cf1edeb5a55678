"""Atomic writes: temporary files beside the targets, fsync, then rename.

A failed or interrupted build leaves no partial file, and an earlier output
stays untouched until its replacement is complete. `write_together` replaces
several files only once every one of them is safely on disk, so the editions
of one source change together or not at all.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import stat
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import OutputError

try:
    import fcntl
except ImportError:  # Windows: a temporary's process id and age tell whether it is a dead build's
    fcntl = None  # type: ignore[assignment]

# Temporary names are short whatever the target's name (a 250-character stem still fits NAME_MAX).
# Each is locked (flock) by the build writing it until it is renamed: a later build tells a dead
# build's leftovers by their lock, which the kernel lets go when the writer dies, whatever its process
# id (a container's build is pid 1 every time) or namespace. One written unlocked (past HELD_OPEN
# files in one write, or where there are no such locks) says so in its name ("-u"), and is told by the
# process id the name carries and its age, as every temporary was before.
_PREFIX = ".briefexport-"
_TEMPORARY = re.compile(rf"^{re.escape(_PREFIX)}(\d+)-[0-9a-f]{{12}}(-u|-k)?\.part$")
STALE_AFTER = 24 * 3600  # seconds: a temporary this old is stale even if its pid is alive (reused)
GRACE = 10.0  # seconds: an unlocked temporary this young may be a new one, its lock a moment away
HELD_OPEN = 64  # temporaries of one write kept open and locked until renamed (a source has five; a mail-out
# thousands, past the open files a process may have)

# As tempfile.mkstemp opens it: never through a symlink, not inherited, and binary on Windows.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL
_NEW_FILE |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


class InTheWay(OutputError):
    """A file cannot be written where a folder stands: the editions written together with it fail, and no
    others (a full disk or a read-only folder stops a build)."""


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write one file atomically: on any error the previous file at `path` is untouched."""
    path = Path(path)
    write_together([(path, data)])
    return path


def write_together(files: Iterable[tuple[Path, bytes]]) -> None:
    """Write every file to a temporary beside it, then rename them all; on any error none is replaced.
    `files` may be a generator: only one file's bytes are held at a time."""
    written: list[tuple[Path, Path]] = []
    handles: list[int] = []  # open, and so locked, until renamed (remove_stale)
    try:
        for path, data in files:
            locked = fcntl is not None and len(handles) < HELD_OPEN
            with _signals_held():  # made and listed as one step: an interrupt between them left the file behind
                handle, temporary = _create_temporary(path, locked)
                written.append((temporary, path))
                if locked:
                    handles.append(handle)
            try:
                _fill(handle, temporary, path, data)
            finally:
                if not locked:  # (Windows renames no file that is open)
                    os.close(handle)
        for _, path in written:  # what would stop or spoil a rename, found before the first one
            check_replaceable(path)
        with _signals_held():  # the renames are one step: an interrupt lands before or after them
            _replace_all(written)
    except BaseException:
        for temporary, _ in written:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise
    finally:
        for handle in handles:
            os.close(handle)


def _replace_all(written: list[tuple[Path, Path]]) -> None:
    """Rename each temporary over its target; if one rename fails, put back the files already replaced
    (kept under a second name until all are done), so that a source's editions never end up half old, half
    new. A file the file system could give no second name stays replaced: never removed with none back."""
    done: list[tuple[Path, Path | None, bool]] = []  # each target replaced, its earlier file kept, and if it had one
    try:
        for temporary, path in written:
            existed = os.path.lexists(path)
            kept = _kept(path) if existed else None
            try:
                os.replace(temporary, path)
            except OSError as exc:
                if kept is not None:
                    os.unlink(kept)
                raise OutputError(f"cannot write {path.name}: {exc.strerror or exc}", path) from None
            done.append((path, kept, existed))
    except OutputError:
        for path, kept, existed in reversed(done):
            with contextlib.suppress(OSError):
                if kept is not None:
                    os.replace(kept, path)
                elif not existed:
                    os.unlink(path)  # a new file: there was none before
        raise
    for _, kept, _ in done:
        if kept is not None:
            with contextlib.suppress(OSError):
                os.unlink(kept)


def _kept(path: Path) -> Path | None:
    """A second name for the file at `path`: a hard link named as a temporary marked "-k", which remove_stale
    leaves while the build that made it lives, however old the file (a link keeps the file's own time); or
    None where the file system makes no links (FAT, some shares, protected_hardlinks)."""
    while True:
        kept = path.parent / f"{_PREFIX}{os.getpid()}-{os.urandom(6).hex()}-k.part"
        try:
            os.link(path, kept, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError:
            return None
        return kept


def check_replaceable(path: Path) -> None:
    """Refuse to replace what is not a file (or a link to one) there: a folder, and a device, a pipe or a
    socket (or a link to one), which the rename would have swapped for a plain file (writing to /dev/full
    replaced the device); and say so of a name the file system refuses (too long)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"cannot write {path.name}: {exc.strerror or exc}", path) from None
    if stat.S_ISLNK(mode):  # a link is judged by what it leads to (a dangling one is replaced)
        with contextlib.suppress(OSError):
            mode = os.stat(path).st_mode
    if stat.S_ISDIR(mode):
        raise InTheWay(f"cannot write {path.name or path}: a folder of that name is in the way", path)
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        # a link to /dev/null was replaced by a file that took the device's mode, 0666
        raise InTheWay(f"cannot write {path.name}: it is a device, a pipe or a socket, not a file", path)


def _create_temporary(path: Path, locked: bool) -> tuple[int, Path]:
    """An open new file beside `path`, in its folder made if need be; `locked` by this process (flock)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return _new_beside(path, locked)
    except OSError as exc:
        # A folder that is a link to one not made yet (-o out, out -> releases/2024-05) said "File exists".
        dangling = next((f for f in (path.parent, *path.parent.parents) if f.is_symlink() and not f.exists()), None)
        why = None
        if dangling is not None:
            target = os.readlink(dangling)
            lost = os.path.lexists(dangling.parent / target)  # there, but a link leading round to itself
            why = f"{dangling} is a link to {target}, " + ("a loop of links" if lost else "which does not exist")
        raise OutputError(f"cannot write to {path.parent}: {why or exc.strerror or exc}", path.parent) from None


def _fill(handle: int, temporary: Path, path: Path, data: bytes) -> None:
    """Write `data` to the temporary opened as `handle`, on disk, with the mode of the file it replaces.
    (write_together removes the temporary on any error.)"""
    try:
        with os.fdopen(handle, "wb", closefd=False) as file:  # write_together closes it once renamed
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileNotFoundError):  # a file replaced keeps its mode (read-only, private)
            os.chmod(temporary, stat.S_IMODE(os.stat(path).st_mode))
    except OSError as exc:
        raise OutputError(f"cannot write {path.name}: {exc.strerror or exc}", path) from None


def _new_beside(path: Path, locked: bool) -> tuple[int, Path]:
    """A new file beside `path` (same filesystem, so the rename is atomic), only ever ours: a random name
    and O_EXCL, as tempfile.mkstemp makes it; its mode the process's umask allows (0644 under the usual
    022, 0600 under 077: an embargoed issue stays private). `locked`: flock'ed before it is written; else
    its name says it is not ("-u")."""
    mark = "" if locked else "-u"
    while True:
        temporary = path.parent / f"{_PREFIX}{os.getpid()}-{os.urandom(6).hex()}{mark}.part"
        try:
            handle = os.open(temporary, _NEW_FILE, 0o666)  # the umask decides, as for any new file
        except FileExistsError:
            continue
        if locked:
            # Blocking: another build's remove_stale may hold a shared lock on it for a moment (_held).
            with contextlib.suppress(OSError):  # a file system without locks: _held cannot tell, pid and age do
                fcntl.flock(handle, fcntl.LOCK_EX)
        return handle, temporary


def remove_stale(folder: Path) -> list[Path]:
    """Remove temporary files a dead build left in `folder` (killed while writing); return them."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        match = _TEMPORARY.match(entry.name)
        if match is None:
            continue
        if match[2] == "-k":  # an earlier file kept for a moment while its replacement is renamed in: its
            # time is the file's own, but linking it changed its ctime
            if _alive(int(match[1])) and not _older(entry, STALE_AFTER, changed=True):
                continue
        else:
            held = None if match[2] else _held(entry)  # one written unlocked: by its pid and age
            if held or (_alive(int(match[1])) and not _older(entry, GRACE if held is False else STALE_AFTER)):
                continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _held(entry: os.DirEntry[str]) -> bool | None:
    """Whether a build holds the lock on the temporary `entry`, writing it; None where that cannot be told
    (no locks on this system or file system, not a plain file, or it cannot be opened). A shared lock is
    tried, which a writer's exclusive one refuses (and which NFS grants on a file opened to read)."""
    if fcntl is None or not entry.is_file(follow_symlinks=False):  # a FIFO of that name hung the open
        return None
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(entry.path, flags)
    except OSError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return None
    finally:
        os.close(handle)  # and with it the lock, if it was taken
    return False


def _alive(pid: int) -> bool:
    """Whether process `pid` exists; when we may not ask (someone else's process), it counts as alive."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _older(entry: os.DirEntry[str], seconds: float, changed: bool = False) -> bool:
    """Whether `entry` was last written (`changed`: last had its inode changed, a link made) over `seconds` ago."""
    try:
        status = entry.stat(follow_symlinks=False)
        return time.time() - (status.st_ctime if changed else status.st_mtime) > seconds
    except OSError:
        return False


_HELD = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold interrupting signals until the block ends (where the platform can), then let them in."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
