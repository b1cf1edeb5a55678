"""Atomic writes: a temporary file beside the target, fsync, then rename.

A failed or interrupted build leaves no partial file, and an earlier output
stays untouched until its replacement is complete.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from pathlib import Path

from .errors import OutputError

_serial = itertools.count()


def _create_temporary(path: Path) -> tuple[int, Path]:
    """A new, empty file beside `path`, only ever ours (O_EXCL), named after it and this process.

    tempfile.mkstemp would do the same; it is not used because importing it
    (with shutil, bz2 and lzma behind it) costs more than a small build's write.
    """
    while True:
        temporary = path.with_name(f".{path.name}.{os.getpid()}-{next(_serial)}-{os.urandom(3).hex()}.part")
        try:
            return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), temporary
        except FileExistsError:
            continue


def write_atomic(path: str | Path, data: bytes) -> Path:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = _create_temporary(path)
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
