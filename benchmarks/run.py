"""Speed of briefexport as whole processes, against baselines measured in the same run.

    .venv/bin/python benchmarks/run.py                 # everything (about 10 minutes)
    .venv/bin/python benchmarks/run.py --only pdf,all  # some scenarios
    .venv/bin/python benchmarks/run.py --scales 1,10 --runs 3

Scenarios (each at 1x, 10x and 100x content unless noted):
  pdf, docx, epub   one format: briefexport vs ../shared/bench/floor.py (the same text,
                    no features, same library) and, for DOCX and EPUB, pandoc
  all               the three editions in one call (editions spread over the cores, the
                    default) vs the sum of the three floors, and vs the pandoc + WeasyPrint
                    toolchain (pandoc to DOCX, to EPUB, to HTML then WeasyPrint to PDF)
  all-j1            the same call with -j 1: one process, one parsed model
  batch             20 editions of the flagship (all three formats) at -j 1 vs -j 2 (1x only)

Every command runs once untimed first (file cache, byte-code). briefexport runs with
its default -j: a one-format build of one source is one process, and several
editions are rendered by forked workers. Runs are pair by pair: in each round
briefexport and every baseline run once, alternating which goes first, so machine
noise hits both alike. A baseline made
of several processes counts their summed time. Reported: median wall time, the
median of the per-round ratios, PDF pages per second, peak resident memory
(from wait4, the largest single process). Scaling repeats the bulletin's nine
sections N times (9N sections, the same front matter); the floor gets --repeat N.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = ROOT.parent / "shared" / "bench" / "floor.py"
SOURCE = ROOT / "source" / "2024-02.md"
PY = sys.executable
Command = list[str]


@dataclass
class Sample:
    seconds: float
    peak_mb: float


GNU_TIME = shutil.which("time", path="/usr/bin:/bin")


def timed(command: Command) -> Sample:
    """Wall time and peak RSS of one whole process.

    The peak comes from GNU time (%M) when it is installed: a child of this
    Python process would otherwise inherit this process's own high-water mark
    in wait4's ru_maxrss. Without it, wait4's figure is an upper bound.
    """
    report = None
    if GNU_TIME:
        handle, name = tempfile.mkstemp(prefix="rss-")
        os.close(handle)
        report = Path(name)
        command = [GNU_TIME, "-q", "-f", "%M", "-o", str(report), *command]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        error = process.stderr.read().decode(errors="replace") if process.stderr else ""
        raise SystemExit(f"benchmark command failed ({code}): {' '.join(command)}\n{error[-2000:]}")
    peak_kb = usage.ru_maxrss
    if report is not None:
        peak_kb = int(report.read_text().split()[-1])
        report.unlink()
    return Sample(seconds=elapsed, peak_mb=peak_kb / 1024)


def timed_all(commands: list[Command]) -> Sample:
    samples = [timed(c) for c in commands]
    return Sample(sum(s.seconds for s in samples), max(s.peak_mb for s in samples))


def scaled_source(folder: Path, scale: int, name: str = "bulletin") -> Path:
    """The flagship with its body repeated `scale` times, beside a copy of the publisher file."""
    text = SOURCE.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4) + 5
    front, body = text[:end], text[end:]
    shutil.copy(SOURCE.parent / "publisher.yaml", folder / "publisher.yaml")
    path = folder / f"{name}-x{scale}.md"
    path.write_text(front + "\n".join([body] * scale), encoding="utf-8")
    return path


def tool(name: str) -> str:
    if name == "pandoc":
        import pypandoc

        return pypandoc.get_pandoc_path()
    found = shutil.which(name, path=str(Path(PY).parent)) or shutil.which(name)
    if not found:
        raise SystemExit(f"{name} is not installed: pip install -e '.[bench]'")
    return found


def ours(sources: list[Path], formats: str, out: Path, *extra: str) -> Command:
    return [
        PY,
        "-m",
        "briefexport",
        "build",
        *map(str, sources),
        "-f",
        formats,
        "-o",
        str(out),
        "--force",
        "--quiet",
        *extra,
    ]


def floor(fmt: str, out: Path, scale: int) -> Command:
    return [PY, str(FLOOR), fmt, str(out / f"floor.{fmt}"), "--repeat", str(scale)]


def pandoc(source: Path, out: Path, suffix: str) -> Command:
    return [tool("pandoc"), str(source), "-o", str(out / f"pandoc{suffix}")]


def toolchain(source: Path, out: Path) -> list[Command]:
    html = out / "pandoc.html"
    return [
        pandoc(source, out, ".docx"),
        pandoc(source, out, ".epub"),
        [tool("pandoc"), str(source), "-s", "-o", str(html), "--metadata", "title=Bulletin"],
        [tool("weasyprint"), str(html), str(out / "weasy.pdf")],
    ]


def pdf_pages(path: Path) -> int:
    """Counted in a child process, so this process stays small."""
    code = "import sys; from pypdf import PdfReader; print(len(PdfReader(sys.argv[1]).pages))"
    return int(subprocess.run([PY, "-c", code, str(path)], capture_output=True, text=True, check=True).stdout)


def measure(
    name: str,
    scale: int,
    runs: int,
    mine: Command,
    baselines: dict[str, list[Command]],
    pages_of: Callable[[], int] | None = None,
) -> dict[str, object]:
    series: dict[str, list[Sample]] = {"briefexport": [], **{b: [] for b in baselines}}
    jobs: dict[str, Callable[[], Sample]] = {"briefexport": lambda: timed(mine)}
    for label, commands in baselines.items():
        jobs[label] = lambda commands=commands: timed_all(commands)
    for job in jobs.values():  # every command once, untimed: file cache and byte-code warm for all alike
        job()
    for i in range(runs):
        for label in list(jobs) if i % 2 == 0 else list(reversed(jobs)):
            series[label].append(jobs[label]())
    mine_s = series["briefexport"]
    result: dict[str, object] = {
        "scenario": name,
        "scale": scale,
        "runs": runs,
        "seconds": {k: round(statistics.median(s.seconds for s in v), 3) for k, v in series.items()},
        "peak_mb": {k: round(max(s.peak_mb for s in v), 1) for k, v in series.items()},
        "ratios": {
            k: round(statistics.median(a.seconds / b.seconds for a, b in zip(mine_s, v)), 3)
            for k, v in series.items()
            if k != "briefexport"
        },
    }
    if pages_of is not None:
        pages = pages_of()
        result["pages"] = pages
        result["pages_per_second"] = round(pages / statistics.median(s.seconds for s in mine_s), 1)
    return result


def scenario(name: str, scale: int, runs: int, work: Path) -> dict[str, object]:
    out = work / "out"
    out.mkdir(parents=True)
    source = scaled_source(work, scale)
    pdf_file = out / f"{source.stem}.pdf"
    if name in ("pdf", "docx", "epub"):
        baselines = {"floor": [floor(name, out, scale)]}
        if name != "pdf":
            baselines["pandoc"] = [pandoc(source, out, f".{name}")]
        return measure(
            name,
            scale,
            runs,
            ours([source], name, out),
            baselines,
            (lambda: pdf_pages(pdf_file)) if name == "pdf" else None,
        )
    if name in ("all", "all-j1"):
        # "all": what a user gets (editions spread over the cores); "all-j1": one process.
        baselines = {"floors": [floor(fmt, out, scale) for fmt in ("pdf", "docx", "epub")]}
        if name == "all":
            baselines["pandoc+weasyprint"] = toolchain(source, out)
        jobs = ["-j", "1"] if name == "all-j1" else []
        mine = ours([source], "pdf,docx,epub", out, *jobs)
        return measure(name, scale, runs, mine, baselines, lambda: pdf_pages(pdf_file))
    if name == "batch":
        sources = [scaled_source(work, scale, f"edition{i:02d}") for i in range(20)]
        j1 = ours(sources, "pdf,docx,epub", out / "j1", "-j", "1")
        j2 = ours(sources, "pdf,docx,epub", out / "j2", "-j", "2")
        result = measure(name, scale, runs, j2, {"-j 1": [j1]})
        result["speedup_j2_over_j1"] = round(1 / result["ratios"]["-j 1"], 2)  # type: ignore[index]
        return result
    raise SystemExit(f"unknown scenario {name!r}")


def _cell(value: object, digits: int = 2) -> str:
    return f"{value:.{digits}f}" if isinstance(value, (int, float)) else "–"


def table(results: list[dict[str, object]]) -> str:
    lines = [
        "| scenario | content | runs | briefexport (s) | baseline | baseline (s) | ratio | pages/s | peak MB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        seconds, ratios, peak = r["seconds"], r["ratios"], r["peak_mb"]
        assert isinstance(seconds, dict) and isinstance(ratios, dict) and isinstance(peak, dict)
        for i, (label, ratio) in enumerate(ratios.items()):
            first = i == 0
            lines.append(
                "| "
                + " | ".join(
                    [
                        str(r["scenario"]) if first else "",
                        f"{r['scale']}x" if first else "",
                        str(r["runs"]) if first else "",
                        _cell(seconds["briefexport"]) if first else "",
                        label,
                        _cell(seconds[label]),
                        _cell(ratio),
                        _cell(r.get("pages_per_second"), 1) if first else "",
                        _cell(peak["briefexport"], 0) if first else "",
                    ]
                )
                + " |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="pdf,docx,epub,all,all-j1,batch", help="comma-separated scenarios")
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--runs", type=int, default=5, help="rounds at 1x; 3 at 10x, 1 at 100x")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    if not FLOOR.is_file():
        raise SystemExit(f"the floor script is not at {FLOOR}")
    results = []
    with tempfile.TemporaryDirectory(prefix="briefexport-bench-") as tmp:
        for name in args.only.split(","):
            scales = [1] if name == "batch" else [int(s) for s in args.scales.split(",")]
            for scale in scales:
                runs = args.runs if scale == 1 else min(args.runs, 3) if scale <= 10 else 1
                result = scenario(name, scale, runs, Path(tmp) / f"{name}-{scale}")
                print(json.dumps(result), flush=True)
                results.append(result)
    print()
    print(table(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
