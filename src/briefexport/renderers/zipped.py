"""Zip containers (DOCX, EPUB) written the same way every time.

Both libraries stamp entries with the clock and the writing system; here
every entry gets 1980-01-01 00:00 (the earliest a zip can say), Unix as its
system and rw-r--r--, in the order added, so the same parts give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
UNIX = 3
FILE_MODE = 0o100644 << 16  # a regular file, rw-r--r--
DEFAULT_LEVEL = 6


class Packer:
    """A zip in memory, written entry by entry; `close()` gives its bytes."""

    def __init__(self) -> None:
        self._out = io.BytesIO()
        self._zip = zipfile.ZipFile(self._out, "w")

    def add(self, name: str, data: bytes, level: int | None = DEFAULT_LEVEL) -> None:
        """Deflate `data` at `level`, or store it as it is when `level` is None."""
        info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
        info.create_system = UNIX
        info.external_attr = FILE_MODE
        if level is None:
            info.compress_type = zipfile.ZIP_STORED
            self._zip.writestr(info, data)
        else:
            info.compress_type = zipfile.ZIP_DEFLATED
            self._zip.writestr(info, data, compresslevel=level)

    def close(self) -> bytes:
        self._zip.close()
        return self._out.getvalue()


def pack(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of (name, bytes) entries in this order, each deflated at the default level."""
    packer = Packer()
    for name, data in entries:
        packer.add(name, data)
    return packer.close()
