"""Building editions: plan (load and check everything), then render, in parallel when asked.

Every source and style is loaded before anything is written, so bad input
fails the whole build with nothing touched. Each edition is rendered and
written atomically by one worker; with several workers, editions run across
processes. A fingerprint of everything an edition depends on (source and
publisher files, style chain, fonts, logo, package version, format, print
flag) is kept in the output folder, so an unchanged edition is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import BriefExportError
from .model import Bulletin
from .output import write_atomic
from .registry import registry
from .sources import load
from .styles import Style, load_style, style_inputs

CACHE_NAME = ".briefexport-cache.json"


@dataclass(frozen=True)
class Edition:
    """One file to make: a parsed bulletin, a style and a format."""

    source: Path
    fmt: str
    path: Path
    bulletin: Bulletin
    style: Style
    fingerprint: str


@dataclass(frozen=True)
class Outcome:
    source: Path
    fmt: str
    path: Path
    bytes: int
    pages: int | None
    seconds: float
    skipped: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "source": str(self.source),
            "format": self.fmt,
            "path": str(self.path),
            "bytes": self.bytes,
            "pages": self.pages,
            "seconds": round(self.seconds, 3),
            "skipped": self.skipped,
        }


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_style_dir(source: Path) -> Path:
    """styles/ beside the source folder (the project layout), else ./styles."""
    beside = source.resolve().parent.parent / "styles"
    return beside if beside.is_dir() else Path("styles")


def choose_style(
    bulletin: Bulletin, source: Path, style: str | None, style_dir: Path | None, print_marks: bool = False
) -> Style:
    loaded = load_style(style or bulletin.metadata.style, style_dir or default_style_dir(source))
    if print_marks:
        loaded = loaded.replace(page=replace(loaded.page, crop_marks=True))
    return loaded


def _digest(parts: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def plan(
    sources: Iterable[Path],
    formats: list[str],
    out_dir: Path,
    style: str | None = None,
    style_dir: Path | None = None,
    print_marks: bool = False,
) -> list[Edition]:
    """Load and check every source and style; name every output. Nothing is written."""
    from ._version import __version__

    editions = []
    for source in sources:
        inputs: list[Path] = []
        bulletin = load(source, inputs)
        chosen = choose_style(bulletin, source, style, style_dir, print_marks)
        files = inputs + style_inputs(chosen)
        for fmt in formats:
            cls = registry.get(fmt)
            parts = [__version__.encode(), fmt.encode(), f"{cls.__module__}.{cls.__qualname__}".encode()]
            parts.append(repr(chosen).encode())
            parts += [path.read_bytes() for path in files]
            path = out_dir / f"{source.stem}{cls.suffix}"
            editions.append(Edition(source, fmt, path, bulletin, chosen, _digest(parts)))
    names = [e.path for e in editions]
    clash = next((p for p in names if names.count(p) > 1), None)
    if clash is not None:
        raise BriefExportError(f"two sources would write {clash}; give them different file names")
    return editions


def make(edition: Edition) -> tuple[int, int | None, float]:
    """Render and write one edition (in a worker process or in this one)."""
    start = time.perf_counter()
    renderer = registry.get(edition.fmt)()
    try:
        data = renderer.render(edition.bulletin, edition.style)
    except BriefExportError as error:
        error.locate(edition.source)
        raise
    write_atomic(edition.path, data)
    return len(data), renderer.page_count(data), time.perf_counter() - start


class _Cache:
    """Fingerprints of the editions in one output folder, with the size and mtime they were written with."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / CACHE_NAME
        try:
            self.entries: dict[str, dict[str, object]] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}
        self.dirty = False

    def fresh(self, edition: Edition) -> dict[str, object] | None:
        entry = self.entries.get(edition.path.name)
        if not entry or entry.get("fingerprint") != edition.fingerprint:
            return None
        try:
            stat = edition.path.stat()
        except OSError:
            return None
        if (stat.st_size, stat.st_mtime_ns) != (entry.get("bytes"), entry.get("mtime_ns")):
            return None
        return entry

    def record(self, edition: Edition, pages: int | None) -> None:
        stat = edition.path.stat()
        self.entries[edition.path.name] = {
            "fingerprint": edition.fingerprint,
            "bytes": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "pages": pages,
        }
        self.dirty = True

    def save(self) -> None:
        data = json.dumps(self.entries, indent=1, sort_keys=True).encode()
        write_atomic(self.path, data)


def run(
    editions: list[Edition],
    jobs: int = 1,
    force: bool = False,
    report: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Make every edition that is not fresh; report each outcome as it happens."""
    outcomes: list[Outcome] = []
    caches: dict[Path, _Cache] = {}
    todo = []
    for edition in editions:
        cache = caches.setdefault(edition.path.parent, _Cache(edition.path.parent))
        entry = None if force else cache.fresh(edition)
        if entry is not None:
            pages = entry.get("pages")
            outcome = Outcome(
                edition.source,
                edition.fmt,
                edition.path,
                int(entry["bytes"]),  # type: ignore[arg-type]
                pages if isinstance(pages, int) else None,
                0.0,
                True,
            )
            outcomes.append(outcome)
            if report:
                report(outcome)
        else:
            todo.append(edition)

    def done(edition: Edition, result: tuple[int, int | None, float]) -> None:
        size, pages, seconds = result
        caches[edition.path.parent].record(edition, pages)
        outcome = Outcome(edition.source, edition.fmt, edition.path, size, pages, seconds, False)
        outcomes.append(outcome)
        if report:
            report(outcome)

    try:
        if jobs <= 1 or len(todo) <= 1:
            for edition in todo:
                done(edition, make(edition))
        else:
            import concurrent.futures as cf
            import multiprocessing

            # fork keeps the imported renderers and registered fonts; spawn where fork is missing.
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method)) as pool:
                futures = {pool.submit(make, edition): edition for edition in todo}
                try:
                    for future in cf.as_completed(futures):
                        done(futures[future], future.result())
                except BaseException:
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
    finally:
        for cache in caches.values():
            if cache.dirty:  # only folders this run wrote to, so the record matches the files
                cache.save()
    rank = {edition.path: i for i, edition in enumerate(editions)}  # paths are unique (plan checks)
    return sorted(outcomes, key=lambda o: rank[o.path])
