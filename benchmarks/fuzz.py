"""The fuzz properties of tests/test_fuzz.py, run long: every format, many examples.

    .venv/bin/python benchmarks/fuzz.py [--examples 2000]

Prints the number of examples run per format; any failure prints the
shrunk bulletin that broke a renderer and exits non-zero.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=2000, help="examples per format and per property")
    args = parser.parse_args()
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_fuzz.py", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env={**os.environ, "FUZZ_EXAMPLES": str(args.examples)},
    )
    print(
        f"fuzz: {args.examples} examples per format and property, {time.perf_counter() - start:.0f} s, "
        f"exit {result.returncode}"
    )
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
