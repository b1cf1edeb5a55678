"""PyYAML's non-printable pattern, compiled from an equivalent spelling: the same matches, and PyYAML takes it."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

from briefexport import yamlpattern as yp

_EVERY_CODE_POINT = "".join(map(chr, range(sys.maxunicode + 1)))


def _python(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60).stdout


def test_the_key_is_the_pattern_this_pyyaml_compiles():
    """If a PyYAML release changes its pattern, this fails (and PyYAML compiles its own, as before)."""
    out = _python("import yaml.reader as r; p = r.Reader.NON_PRINTABLE; print(repr((p.pattern, p.flags)))")
    pattern, flags = ast.literal_eval(out)
    assert pattern == yp.PYYAML
    assert flags == re.UNICODE  # what re gives a str pattern compiled with flags 0


def test_pyyaml_takes_the_equivalent_when_briefexport_reads_yaml_first():
    out = _python("import briefexport.yamlfile, yaml.reader as r; print(repr(r.Reader.NON_PRINTABLE.pattern))")
    assert ast.literal_eval(out) == yp.EQUIVALENT


def test_both_match_the_same_code_points():
    # The class matches one character: findall over every code point lists exactly those it matches.
    matched = re.compile(yp.EQUIVALENT).findall(_EVERY_CODE_POINT)
    assert re.compile(yp.PYYAML).findall(_EVERY_CODE_POINT) == matched
    assert "\t" not in matched and "\x85" not in matched and "\x00" in matched and "\ud800" in matched
