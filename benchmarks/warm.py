"""Warm in-process render time of the flagship, per format, against a baseline tree in the same run.

    .venv/bin/python benchmarks/warm.py                                  # this tree alone
    git worktree add /tmp/base 88ba829
    .venv/bin/python benchmarks/warm.py --baseline /tmp/base --rounds 5  # this tree against that commit

What a service feels: the bulletin is loaded once, each format rendered once untimed (fonts
registered, caches filled), then rendered again and again. Each tree runs in a process of its own
(both are imported as `briefexport`); rounds alternate the trees so that machine noise hits both
alike. Times are CPU seconds of one render (time.process_time, so other processes on a shared
machine count as little as they can); reported: the median per format and, with a baseline, the
ratio of the medians. Measured here, never in a timed test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source" / "2024-02.md"
FORMATS = ("pdf", "docx", "epub", "text")


def child(formats: list[str], runs: int) -> None:
    """In the tree on sys.path: the CPU time of each of `runs` warm renders per format, as JSON."""
    import briefexport

    bulletin = briefexport.load(SOURCE)
    times: dict[str, list[float]] = {}
    for fmt in formats:
        briefexport.render(bulletin, fmt)  # untimed: fonts, caches
        times[fmt] = []
        for _ in range(runs):
            start = time.process_time()
            briefexport.render(bulletin, fmt)
            times[fmt].append(time.process_time() - start)
    print(json.dumps(times))


def measure(tree: Path, formats: list[str], runs: int) -> dict[str, list[float]]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "SOURCE_DATE_EPOCH": "1700000000"}
    command = [sys.executable, __file__, "--child", "--formats", ",".join(formats), "--runs", str(runs)]
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    result: dict[str, list[float]] = json.loads(out)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, help="another checkout of briefexport to compare with")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--rounds", type=int, default=3, help="processes per tree, alternating")
    parser.add_argument("--runs", type=int, default=5, help="timed renders per format in each process")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    formats = args.formats.split(",")
    if args.child:
        child(formats, args.runs)
        return
    trees = {"this tree": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    samples: dict[str, dict[str, list[float]]] = {name: {fmt: [] for fmt in formats} for name in trees}
    for round_ in range(args.rounds):
        for name in trees if round_ % 2 == 0 else reversed(list(trees)):
            for fmt, times in measure(trees[name], formats, args.runs).items():
                samples[name][fmt].extend(times)
    print(f"warm render, CPU seconds, median of {args.rounds * args.runs}")
    header = f"{'format':8}" + "".join(f"{name:>12}" for name in trees) + ("       ratio" if args.baseline else "")
    print(header)
    for fmt in formats:
        medians = [statistics.median(samples[name][fmt]) for name in trees]
        ratio = f"{medians[0] / medians[1]:12.2f}" if args.baseline else ""
        print(f"{fmt:8}" + "".join(f"{m:12.3f}" for m in medians) + ratio)


if __name__ == "__main__":
    main()
