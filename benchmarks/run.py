"""Speed of briefexport as whole CLI processes, against baselines measured in the same run.

    .venv/bin/python benchmarks/run.py [--formats pdf,docx,epub] [--scales 1,10,100] [--runs 5]

For each format and content scale, briefexport and each baseline run pair by
pair, alternating which goes first, so machine noise hits both alike. The
baselines are ../shared/bench/floor.py (the same text rendered with no
features by the same library) and, for DOCX and EPUB, pandoc (pypandoc-binary)
converting the same Markdown. Reported: median wall time, the median of the
per-pair ratios, pages per second (PDF) and peak resident memory.

Scaling: the bulletin's nine sections are repeated N times (9N sections, the
same front matter); the floor gets --repeat N, pandoc the same repeated file.
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
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = ROOT.parent / "shared" / "bench" / "floor.py"
SOURCE = ROOT / "source" / "2024-02.md"
BRIEFEXPORT = [sys.executable, "-m", "briefexport"]


@dataclass
class Sample:
    seconds: float
    peak_mb: float


@dataclass
class Series:
    label: str
    samples: list[Sample] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak_mb(self) -> float:
        return max(s.peak_mb for s in self.samples)


def timed(command: list[str], cwd: Path) -> Sample:
    """Wall time and peak RSS of one whole process (wait4 reports the child's own maximum)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = process.stderr.read().decode(errors="replace") if process.stderr else ""
        raise SystemExit(f"benchmark command failed ({process.returncode}): {' '.join(command)}\n{error}")
    return Sample(seconds=elapsed, peak_mb=usage.ru_maxrss / 1024)


def scaled_source(folder: Path, scale: int) -> Path:
    """The flagship with its body repeated `scale` times, beside a copy of the publisher file."""
    text = SOURCE.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4) + 5
    front, body = text[:end], text[end:]
    shutil.copy(SOURCE.parent / "publisher.yaml", folder / "publisher.yaml")
    path = folder / f"bulletin-x{scale}.md"
    path.write_text(front + "\n".join([body] * scale), encoding="utf-8")
    return path


def pandoc() -> str | None:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return None


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def commands(fmt: str, source: Path, scale: int, out: Path) -> dict[str, list[str]]:
    found = {
        "briefexport": [
            *BRIEFEXPORT,
            "build",
            str(source),
            "-f",
            fmt,
            "-o",
            str(out / "be"),
            "--style-dir",
            str(ROOT / "styles"),
        ],
        "floor": [sys.executable, str(FLOOR), fmt, str(out / f"floor.{fmt}"), "--repeat", str(scale)],
    }
    if fmt in ("docx", "epub") and pandoc():
        found["pandoc"] = [pandoc(), str(source), "-o", str(out / f"pandoc.{fmt}")]  # type: ignore[list-item]
    return found


def measure(fmt: str, scale: int, runs: int, workdir: Path) -> dict[str, object]:
    source = scaled_source(workdir, scale)
    out = workdir / f"out-{fmt}-{scale}"
    out.mkdir()
    cmds = commands(fmt, source, scale, out)
    series = {name: Series(name) for name in cmds}
    timed(cmds["briefexport"], ROOT)  # warm the file cache and byte-code once, untimed
    for i in range(runs):
        order = list(cmds) if i % 2 == 0 else list(reversed(cmds))
        for name in order:
            series[name].samples.append(timed(cmds[name], ROOT))
    ours = series["briefexport"]
    result: dict[str, object] = {
        "format": fmt,
        "scale": scale,
        "runs": runs,
        "seconds": {name: round(s.median, 3) for name, s in series.items()},
        "peak_mb": {name: round(s.peak_mb, 1) for name, s in series.items()},
    }
    for name, baseline in series.items():
        if name != "briefexport":
            ratios = [a.seconds / b.seconds for a, b in zip(ours.samples, baseline.samples)]
            result[f"ratio_vs_{name}"] = round(statistics.median(ratios), 3)
    if fmt == "pdf":
        pages = pdf_pages(out / "be" / f"{source.stem}.pdf")
        result["pages"] = pages
        result["pages_per_second"] = round(pages / ours.median, 1)
    from briefexport.registry import registry

    size = (out / "be" / f"{source.stem}{registry.get(fmt).suffix}").stat().st_size
    result["bytes"] = size
    return result


def _cell(value: object, digits: int = 2) -> str:
    return f"{value:.{digits}f}" if isinstance(value, (int, float)) else "–"


def table(results: list[dict[str, object]]) -> str:
    lines = [
        "| format | content | runs | briefexport (s) | floor (s) | × floor | pandoc (s) | × pandoc "
        "| pages/s | peak MB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        seconds, peak = r["seconds"], r["peak_mb"]
        assert isinstance(seconds, dict) and isinstance(peak, dict)
        row = [
            str(r["format"]),
            f"{r['scale']}x",
            str(r["runs"]),
            _cell(seconds["briefexport"]),
            _cell(seconds["floor"]),
            _cell(r.get("ratio_vs_floor")),
            _cell(seconds.get("pandoc")),
            _cell(r.get("ratio_vs_pandoc")),
            _cell(r.get("pages_per_second"), 1),
            _cell(peak["briefexport"], 0),
        ]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--formats", default="pdf,docx,epub")
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--runs", type=int, default=5, help="pairs at 1x (fewer at larger scales)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    if not FLOOR.is_file():
        raise SystemExit(f"the floor script is not at {FLOOR}")
    results = []
    with tempfile.TemporaryDirectory(prefix="briefexport-bench-") as tmp:
        for fmt in args.formats.split(","):
            for scale in (int(s) for s in args.scales.split(",")):
                runs = max(1, args.runs if scale == 1 else args.runs // 2 if scale <= 10 else 1)
                work = Path(tmp) / f"{fmt}-{scale}"
                work.mkdir()
                result = measure(fmt, scale, runs, work)
                print(json.dumps(result), flush=True)
                results.append(result)
    print()
    print(table(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
