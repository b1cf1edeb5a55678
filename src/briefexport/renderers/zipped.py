"""Zip containers (DOCX, EPUB) written the same way every time.

Both libraries stamp entries with the clock and the writing system; here
every entry gets 1980-01-01 00:00 (the earliest a zip can say), Unix as its
system and rw-r--r--, in the order given, so the same parts give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
UNIX = 3
FILE_MODE = 0o100644 << 16  # a regular file, rw-r--r--


def pack(
    entries: Iterable[tuple[str, bytes]],
    stored: frozenset[str] = frozenset(),
    level: Callable[[str], int] = lambda name: 6,
) -> bytes:
    """A zip of (name, bytes) entries in this order; names in `stored` are not compressed."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.create_system = UNIX
            info.external_attr = FILE_MODE
            if name in stored:
                info.compress_type = zipfile.ZIP_STORED
                archive.writestr(info, data)
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data, compresslevel=level(name))
    return out.getvalue()
