"""Atomic writes: a temporary file beside the target, fsync, then rename.

A failed or interrupted build leaves no partial file, and an earlier output
stays untouched until its replacement is complete.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from .errors import OutputError


def write_atomic(path: str | Path, data: bytes) -> Path:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = _new_beside(path)
    except OSError as exc:
        raise OutputError(f"cannot write to {path.parent}: {exc.strerror or exc}", path.parent) from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path.name}: {exc.strerror or exc}", path) from None
        raise
    return path


# As tempfile.mkstemp opens it: never through a symlink, not inherited, and binary on Windows.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL
_NEW_FILE |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _new_beside(path: Path) -> tuple[int, Path]:
    """A new file beside `path` (same filesystem, so the rename is atomic), only ever ours: a random
    name, O_EXCL, mode 0600, as tempfile.mkstemp makes it. tempfile itself is not imported: with
    random and shutil it takes 3 to 4 ms, in the main process of every build, which writes one file."""
    for _ in range(100):
        temporary = path.parent / f".{path.name}.{os.urandom(6).hex()}.part"
        try:
            return os.open(temporary, _NEW_FILE, 0o600), temporary
        except FileExistsError:
            continue
        except PermissionError:  # Windows says this when the name is a folder; mkstemp tries the next name too
            if os.name == "nt" and temporary.exists():
                continue
            raise
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", str(path.parent))
