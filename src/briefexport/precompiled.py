"""Libraries' regular expressions, handed to them compiled from spellings Python compiles quickly.

Python's regex compiler is pure Python, and a character class with large
ranges costs it one step per code point: some patterns that libraries
compile at import take milliseconds each, on every run of the command.
`re` caches compiled patterns by (type, pattern, flags). `seed()` puts a
pattern that matches the same strings under the library's key before the
library is imported, so the library's own re.compile returns it. Each
equivalent has a test that holds it to the library's matches over every
code point and checks that the library takes it. If a release of the
library changes its pattern, the key no longer matches and the library
compiles its own, as before.
"""

from __future__ import annotations

import re
import sys


def seed(module: str, pattern: str, flags: int, equivalent: str) -> None:
    """Cache `equivalent`, compiled, under the key `module` will compile `pattern` with, unless it is loaded."""
    cache = getattr(re, "_cache", None)
    if module not in sys.modules and isinstance(cache, dict):
        cache[str, pattern, flags] = re.compile(equivalent)
