"""PyYAML's non-printable pattern, compiled from an equivalent spelling: the same matches, and PyYAML takes it."""

from __future__ import annotations

import re

from briefexport import yamlpattern as yp

from .checkers import EVERY_CODE_POINT, compiled_pattern


def test_the_key_is_the_pattern_this_pyyaml_compiles():
    """If a PyYAML release changes its pattern, this fails (and PyYAML compiles its own, as before)."""
    pattern, flags = compiled_pattern("import yaml.reader", "yaml.reader.Reader.NON_PRINTABLE")
    assert pattern == yp.PYYAML
    assert flags == re.UNICODE  # what re gives a str pattern compiled with flags 0


def test_pyyaml_takes_the_equivalent_when_briefexport_reads_yaml_first():
    pattern, _ = compiled_pattern("import briefexport.yamlfile, yaml.reader", "yaml.reader.Reader.NON_PRINTABLE")
    assert pattern == yp.EQUIVALENT


def test_both_match_the_same_code_points():
    # The class matches one character: findall over every code point lists exactly those it matches.
    matched = re.compile(yp.EQUIVALENT).findall(EVERY_CODE_POINT)
    assert re.compile(yp.PYYAML).findall(EVERY_CODE_POINT) == matched
    assert "\t" not in matched and "\x85" not in matched and "\x00" in matched and "\ud800" in matched
