"""PyYAML's test for characters YAML may not carry, handed to it precompiled (see precompiled).

yaml.reader compiles NON_PRINTABLE at import: a negated class whose ranges
cover almost all of Unicode, about 5 ms of compiling in every process that
reads a source. Its complement, written as the handful of small ranges YAML
forbids, matches the same characters and compiles in a tenth of the time.
Imported by yamlfile before yaml.
"""

from __future__ import annotations

from .precompiled import seed

# yaml/reader.py, verbatim (PyYAML 5.1 to 6.x): the key PyYAML compiles it under.
PYYAML = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
# C0 controls but tab, LF and CR; DEL and C1 controls but NEL; surrogates; U+FFFE and U+FFFF.
EQUIVALENT = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"

seed("yaml.reader", PYYAML, 0, EQUIVALENT)
