"""Building editions: load and check everything, plan, then render, in parallel when asked.

Every source and style is loaded before anything is written, so bad input
fails the whole build with nothing touched. With workers (workers.py), the
renderers load in them while this process reads the sources. Each edition is
rendered and written atomically by one worker; with several workers, editions
run across processes. A fingerprint of everything an edition depends on
(source and publisher files, style chain, fonts, logo, package version and the
renderer's code, format, print flag) is kept in the output folder, so an
unchanged edition is skipped."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from ._version import __version__
from .errors import BriefExportError
from .model import Bulletin
from .output import write_atomic
from .registry import registry
from .styles import Style, load_style, style_inputs
from .workers import Kind, Workers, available, describe

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


def default_style_dir(source: Path) -> Path:
    """styles/ beside the source folder (the project layout), else ./styles."""
    beside = source.resolve().parent.parent / "styles"
    return beside if beside.is_dir() else Path("styles")


def _style_key(bulletin: Bulletin, source: Path, style: str | None, style_dir: Path | None) -> tuple[str, Path]:
    """The style a source is built with (-s, else its `style:`) and the folder it is looked up in."""
    return style or bulletin.metadata.style, style_dir or default_style_dir(source)


def choose_style(
    bulletin: Bulletin, source: Path, style: str | None, style_dir: Path | None, print_marks: bool = False
) -> Style:
    loaded = load_style(*_style_key(bulletin, source, style, style_dir))
    if print_marks:
        loaded = loaded.replace(page=replace(loaded.page, crop_marks=True))
    return loaded


def _digest(parts: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


@dataclass(frozen=True)
class Loaded:
    """A source read and checked, its style, and a digest of every file the two depend on."""

    source: Path
    bulletin: Bulletin
    style: Style
    inputs: str


def load_all(
    sources: Iterable[Path], style: str | None = None, style_dir: Path | None = None, print_marks: bool = False
) -> list[Loaded]:
    """Read every source and its style; the first problem raises. Nothing is written."""
    from .sources import load  # the Markdown and YAML parsers: imported only where sources are read

    loaded = []
    # Sources of one batch mostly share a style: load it, and read its fonts for the digest, once.
    styles: dict[tuple[str, Path], tuple[Style, bytes]] = {}
    for source in sources:
        inputs: list[Path] = []
        bulletin = load(source, inputs)
        key = _style_key(bulletin, source, style, style_dir)
        if key not in styles:
            chosen = choose_style(bulletin, source, style, style_dir, print_marks)
            files = style_inputs(chosen)
            styles[key] = chosen, _digest([repr(chosen).encode(), *(path.read_bytes() for path in files)]).encode()
        chosen, style_digest = styles[key]
        digest = _digest([style_digest, *(path.read_bytes() for path in inputs)])
        loaded.append(Loaded(source, bulletin, chosen, digest))
    return loaded


def resolve_formats(names: list[str] | None) -> dict[str, Kind]:
    """The formats asked for (None: every registered one), each renderer loaded; an unknown name raises."""
    return {name: describe(name) for name in dict.fromkeys(names or registry.names())}


def plan(
    sources: Iterable[Path],
    formats: list[str] | None,
    out_dir: Path,
    style: str | None = None,
    style_dir: Path | None = None,
    print_marks: bool = False,
    workers: Workers | None = None,
) -> list[Edition]:
    """Load and check every format, source and style; name and fingerprint every output. Nothing is written.

    `formats` None means every registered format. With `workers`, the renderers
    load in them while this process reads the sources; the errors are the same,
    and a bad format is still reported before a bad source.
    """
    sources = list(sources)
    if workers is None:
        kinds = resolve_formats(formats)
        loaded = load_all(sources, style, style_dir, print_marks)
    else:
        try:
            loaded = load_all(sources, style, style_dir, print_marks)
        except BriefExportError:
            workers.kinds()
            raise
        kinds = workers.kinds()
    names = list(dict.fromkeys(formats)) if formats else sorted(kinds)
    editions = []
    for item in loaded:
        for fmt in names:
            kind = kinds[fmt]
            parts = [__version__, fmt, kind.where, kind.code, item.inputs]
            fingerprint = _digest([part.encode() for part in parts])
            path = out_dir / f"{item.source.stem}{kind.suffix}"
            editions.append(Edition(item.source, fmt, path, item.bulletin, item.style, fingerprint))
    seen: dict[Path, Edition] = {}
    for edition in editions:
        other = seen.setdefault(edition.path, edition)
        if other is not edition:
            if other.source != edition.source:
                raise BriefExportError(f"two sources would write {edition.path}; give them different file names")
            raise BriefExportError(
                f"formats {other.fmt} and {edition.fmt} would both write {edition.path}; build them to separate folders"
            )
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
    workers: Workers | None = None,
) -> list[Outcome]:
    """Make every edition that is not fresh; report each outcome as it happens.

    Editions render in this process with one job, else on `workers` (or on a
    pool of up to `jobs` workers started here).
    """
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
        if workers is not None:
            workers.make_all(todo, done)
        elif jobs <= 1 or len(todo) <= 1 or not available():
            for edition in todo:
                done(edition, make(edition))
        else:
            with Workers(min(jobs, len(todo)), sorted({e.fmt for e in todo})) as pool:
                pool.make_all(todo, done)
    finally:
        for cache in caches.values():
            if cache.dirty:  # only folders this run wrote to, so the record matches the files
                cache.save()
    rank = {edition.path: i for i, edition in enumerate(editions)}  # paths are unique (plan checks)
    return sorted(outcomes, key=lambda o: rank[o.path])
