"""Building editions: load and check everything, plan, render, then write each source's editions together.

Every source and style is loaded before anything is rendered: a source that
fails its checks builds nothing (the others go on), and a problem of every
source's (the style -s names) stops the build with nothing touched. Editions render in this process or
on forked workers (parallel.py); either way they come back as bytes, and only
this process writes. A source's editions are written together once every one
of them rendered: if one fails, none of that source's files change, while the
other sources of the batch still build. A fingerprint of everything an
edition depends on (source and publisher files, style chain, fonts, logo,
package version and the renderer's code, format, print flag, and SOURCE_DATE_EPOCH for a format whose
file is dated by it: the PDF) is kept in the
output folder (fingerprints.py), so an unchanged edition is skipped.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ._version import __version__
from .errors import BriefExportError, RenderError, SourceError, StyleError, UnknownStyle
from .fingerprints import Cache, Kind, describe, described, digest, held
from .formatting import source_date_epoch
from .inputs import at_front_matter_key, confined, files_of, overlong_name, read_text
from .inputs import locate as locate_in
from .model import Bulletin
from .output import InTheWay, remove_stale, write_together
from .parallel import Pool, WorkerDied, available
from .printedition import for_print, has_print_edition, press_check
from .registry import registry, rendered
from .styles import BUILT_IN, Style, load_style, missing_style_file, style_inputs


@dataclass(frozen=True)
class Edition:
    """One file to make: a parsed bulletin, a style and a format."""

    source: Path
    fmt: str
    path: Path
    bulletin: Bulletin
    style: Style
    fingerprint: str
    weight: float = 1.0  # the renderer's (Renderer.weight): a source's heaviest editions start first


@dataclass(frozen=True)
class Outcome:
    source: Path
    fmt: str
    path: Path
    bytes: int
    pages: int | None
    seconds: float
    skipped: bool
    warnings: tuple[str, ...] = ()  # a print edition's preflight warnings, fit for press all the same

    def as_dict(self) -> dict[str, object]:
        return {
            "source": str(self.source),
            "format": self.fmt,
            "path": str(self.path),
            "bytes": self.bytes,
            "pages": self.pages,
            "seconds": round(self.seconds, 3),
            "skipped": self.skipped,
            "warnings": list(self.warnings),
        }


def source_style_folders(source: Path, style_dir: Path | None = None) -> list[Path]:
    """Where a source's style is looked up before the built-in styles: `style_dir` when given, else
    styles/ beside the source's folder (the project layout: source/ and styles/) and in it."""
    if style_dir is not None:
        return [style_dir]
    return [folder for folder in _beside(source) if folder.is_dir()]


def _beside(source: Path) -> tuple[Path, Path]:
    folder = source.resolve().parent
    return folder.parent / "styles", folder / "styles"


def _style_key(bulletin: Bulletin, source: Path, style: str | None, style_dir: Path | None) -> tuple[str, Path]:
    """The style a source is built with and where its name is looked up, as one hashable key."""
    return style or bulletin.metadata.style, source.resolve().parent if style_dir is None else style_dir


def choose_style(bulletin: Bulletin, source: Path, style: str | None, style_dir: Path | None) -> Style:
    """The caller's style (-s: a name or any .toml path), else the source's own `style:`, which is
    content: a name, or a .toml path inside the source's folder; as it is, before --print changes it
    (for_print). (Its built-in words are said in the bulletin's language where it meets the bulletin:
    load_all, and api.render for the mail.)"""
    folders = source_style_folders(source, style_dir)
    if bulletin.metadata.style.endswith(".toml") and style is None:
        folder = source.resolve().parent
        path = confined(folder, bulletin.metadata.style, StyleError, source, None)
        if not path.exists():  # said at the source's `style:` line (_style_and_digest)
            raise missing_style_file(bulletin.metadata.style, folder, [*folders, BUILT_IN])
        return load_style(path)
    name = style if style is not None else bulletin.metadata.style
    try:
        return load_style(name, folders)
    except UnknownStyle as error:
        absent = [str(folder) for folder in _beside(source) if not folder.is_dir()] if style_dir is None else []
        if not absent:
            raise
        # A folder that is not there is not searched, but the editor who copied an issue out of its
        # project needs to know where a brand's style file would be found.
        where = " or ".join(absent)
        raise UnknownStyle(f"{error.message}; or put {name}.toml in {where} (not there now)") from None


@dataclass(frozen=True)
class Loaded:
    """A source read and checked, its style, and a digest of every file the two depend on."""

    source: Path
    bulletin: Bulletin
    style: Style
    inputs: str  # for the formats --print does not change: the style as it is without --print and --pad
    print_inputs: str  # for those it changes (the PDF), the style as they change it


def load_all(
    sources: Iterable[Path],
    style: str | None = None,
    style_dir: Path | None = None,
    print_marks: bool = False,
    pad: int | None = None,
) -> tuple[list[Loaded], list[Failure]]:
    """Read every source and its style, each given once; a source with a problem of its own (its text,
    its publisher file, the style it names) is a Failure, and the others are still read. A problem of
    every source's (the style -s names) raises. Nothing is written."""
    from .sources import load  # the Markdown and YAML parsers: imported only where sources are read

    loaded, failures = [], []
    # Sources of one batch mostly share a style: load it, and read its fonts for the digest, once.
    styles: dict[tuple[str, Path], tuple[Style, bytes, bytes]] = {}
    for source in _once(sources):
        inputs: dict[Path, str | None] = {}
        try:
            bulletin = load(source, inputs)
            key = _style_key(bulletin, source, style, style_dir)
            if key not in styles:
                styles[key] = _style_and_digest(bulletin, source, style, style_dir, print_marks, pad)
        except BriefExportError as error:
            if style is not None and isinstance(error, StyleError):
                raise  # the style given for every source
            failures.append(Failure(source, error))
            continue
        chosen, style_digest, print_digest = styles[key]
        # The text the bulletin was made from, not the file again: one saved in between was rebuilt from the old
        # text and then called unchanged. A picture is read when rendered, after this, so read here is safe.
        files = digest(path.read_bytes() if text is None else text.encode() for path, text in inputs.items()).encode()
        # Shared by the sources of one style, but each says the built-in words in its own language: the
        # second of a Russian and a German issue built together printed Russian labels.
        own = chosen.in_language(bulletin.metadata.language)
        loaded.append(Loaded(source, bulletin, own, digest([style_digest, files]), digest([print_digest, files])))
    return loaded, failures


def _once(sources: Iterable[Path]) -> list[Path]:
    """The sources in the order given, each once, where it is first named (overlapping globs name one twice,
    `src/a.md`, `./src/a.md` and `link-to-src/a.md` are one). A link of another name is a source of its own,
    its editions named after it: latest.md -> 2025-02.md makes latest.pdf beside 2025-02.pdf (one of the two
    was dropped)."""
    first: dict[Path, Path] = {}
    for source in sources:
        first.setdefault(source.absolute().parent.resolve() / source.name, source)
    return list(first.values())


def _style_and_digest(
    bulletin: Bulletin, source: Path, style: str | None, style_dir: Path | None, print_marks: bool, pad: int | None
) -> tuple[Style, bytes, bytes]:
    """The style a source is built in, and digests of it and every file it reads: as the formats --print
    does not change see it (a DOCX of a --print build is the DOCX of a plain one), and as it is."""
    try:
        unprinted = choose_style(bulletin, source, style, style_dir)
    except StyleError as error:
        if style is None:  # the source's `style:` names it
            at_front_matter_key(error, bulletin, "style")
        raise
    chosen = for_print(unprinted, print_marks, pad)
    files = digest(path.read_bytes() for path in style_inputs(chosen)).encode()  # the fonts: hashed once
    plain_digest, print_digest = (digest([repr(described(s)).encode(), files]).encode() for s in (unprinted, chosen))
    return chosen, plain_digest, print_digest


def resolve_formats(names: list[str] | None) -> dict[str, Kind]:
    """The formats asked for (None: every registered one that loads), by their registered names ("TEXT" is
    "text": one cache entry, one name in --json), each renderer loaded; an unknown or broken one raises."""
    return {name: describe(name) for name in dict.fromkeys(map(registry.spelling, names or registry.usable()[0]))}


def plan(
    sources: Iterable[Path],
    formats: list[str] | None,
    out_dir: Path,
    style: str | None = None,
    style_dir: Path | None = None,
    print_marks: bool = False,
    pad: int | None = None,
) -> tuple[list[Edition], list[Failure]]:
    """Load and check every format, source and style; name and fingerprint every output; and the sources
    that failed their checks (the others are still planned). Nothing is written.

    `formats` None means every registered format. A bad format, or SOURCE_DATE_EPOCH, is reported before
    a bad source.
    """
    sources = list(sources)
    kinds = resolve_formats(formats)
    try:
        epoch = source_date_epoch()  # it dates the editions of the formats that say when they were made
    except ValueError as exc:
        raise BriefExportError(str(exc)) from None
    loaded, failures = load_all(sources, style, style_dir, print_marks, pad)
    editions = []
    for item in loaded:
        own = []
        for fmt, kind in kinds.items():
            inputs = item.print_inputs if kind.print_edition else item.inputs
            parts = [__version__, fmt, kind.where, kind.code, inputs, str(epoch) if kind.dated else ""]
            fingerprint = digest([part.encode() for part in parts])
            name = variant(item.bulletin, item.source, style, style_dir, print_marks and kind.print_edition)
            path = out_dir / f"{item.source.stem}{name}{kind.suffix}"
            own.append(Edition(item.source, fmt, path, item.bulletin, item.style, fingerprint, kind.weight))
        if too_long := _name_complaint(own):  # that source's alone: the others of the batch still build
            failures.append(Failure(item.source, SourceError(too_long, item.source)))
        else:
            editions += own
    # What no edition may replace: each file a bulletin was read from, its publisher file, pictures, logo (a
    # review: `publisher: b.txt` was overwritten by the text edition, and the next build failed on it), as
    # write() refuses them; and a source itself (a .md edition built into its source's folder, a notes.txt).
    kept_intact = {
        _identity(path): f"which {item.source} is read with" for item in loaded for path in files_of(item.bulletin)
    }
    kept_intact |= {_identity(source): f"which is the source {source} itself" for source in sources}
    seen: dict[Path, Edition] = {}
    for edition in editions:
        if (what := kept_intact.get(_identity(edition.path))) is not None:
            raise BriefExportError(
                f"format {edition.fmt} would write {edition.path}, {what}; build to another folder (-o)"
            )
        other = seen.setdefault(edition.path, edition)
        if other is not edition:
            if other.source != edition.source:
                raise BriefExportError(
                    f"{other.source} and {edition.source} would both write {edition.path}; "
                    "give them different file names, or build them to separate folders"
                )
            raise BriefExportError(
                f"formats {other.fmt} and {edition.fmt} would both write {edition.path}; build them to separate folders"
            )
    return editions, failures


def _name_complaint(editions: list[Edition]) -> str | None:
    """What is wrong with the longest name of a source's editions, when it is longer than a file's name may
    be: a source named in 250 bytes of Russian wrote its .txt, then stopped the whole batch at its .plain.txt
    ("File name too long"), and `check` had said ok."""
    found = overlong_name(edition.path.name for edition in editions)
    return f"an edition of it would have {found}: give the source a shorter name" if found else None


def _identity(path: Path) -> Path | tuple[int, int]:
    """What tells two paths to one file apart from two files: its device and inode when it exists (a link,
    another spelling of the folder), else its absolute path."""
    try:
        stat = path.stat()
    except OSError:
        return path.absolute()
    return stat.st_dev, stat.st_ino


def variant(
    bulletin: Bulletin, source: Path, style: str | None, style_dir: Path | None = None, print_edition: bool = False
) -> str:
    """What an edition's file name (or an issue's mail folder) adds to the source's stem, so that a build
    never replaces another variant's file: `.plain` for a style other than the source's own (-s), `.print`
    for the print edition. The style is named as -s names it (its file's name), not by its `name` key,
    which a copied file keeps; a file -s names by its path is the source's own only if it is the file the
    source's `style:` finds (drafts/brand.toml beside a source in the style brand is another)."""
    name = f".{Path(style).stem}" if style is not None and not _own_style(bulletin, source, style, style_dir) else ""
    if name == ".print" or name.endswith(".print"):
        # its screen edition would take the print edition's name ("-s print" and "--print" both wrote
        # 2024-02.print.pdf, each replacing the other)
        raise StyleError(
            f"-s {style}: a style named {Path(str(style)).stem!r} gives its editions a print edition's names "
            f"({source.stem}{name}.pdf is {source.stem}{name.removesuffix('.print')}'s print edition): rename it"
        )
    return name + (".print" if print_edition else "")


def _own_style(bulletin: Bulletin, source: Path, style: str, style_dir: Path | None) -> bool:
    """Whether -s `style` is the style the source names: by name, looked up where the source's own is; by
    a .toml path, the very file."""
    if Path(style).stem != Path(bulletin.metadata.style).stem:
        return False
    if not style.endswith(".toml"):
        return True
    try:
        own = choose_style(bulletin, source, None, style_dir).file
    except BriefExportError:
        return False
    return _identity(Path(style)) == _identity(own)


@dataclass(frozen=True)
class Rendered:
    """One edition's bytes, made in a worker or in this process."""

    data: bytes
    pages: int | None
    seconds: float
    warnings: tuple[str, ...] = ()


def render(edition: Edition) -> Rendered | BriefExportError:
    """Render one edition. A problem with the input is returned, so that the source it belongs to fails
    alone; a bug raises."""
    start = time.perf_counter()
    renderer = registry.get(edition.fmt)
    warnings: tuple[str, ...] = ()
    try:
        data = rendered(renderer, edition.bulletin, edition.style)
        if edition.style.page.crop_marks and has_print_edition(renderer):
            warnings = press_check(data, edition.path.name, edition.style)
    except BriefExportError as error:
        locate(error, edition.source)
        return error
    return Rendered(data, renderer().page_count(data), time.perf_counter() - start, warnings)


def locate(error: BriefExportError, source: Path) -> None:
    """Name the source file in a renderer's error, and the line of the text it choked on when it says
    (a worker's bulletin came through a pipe, without the text it was read from: the file is read again)."""
    text = None
    if error.file is None and error.needle:
        with contextlib.suppress(BriefExportError):  # unreadable now: the error names the file alone
            text = read_text(source, BriefExportError)  # the loader's own reading: BOM and line ends alike
    locate_in(error, str(source), text, source.resolve().parent)


def _prepare(formats: list[str], worker: int) -> None:
    """What worker n does ahead of its first edition: load the renderer of the nth heaviest format, the
    one it most likely renders first (Renderer.prepare); any other it loads when it needs it. A failure
    is left to the render."""
    try:
        registry.get(formats[worker % len(formats)]).prepare()
    except Exception:
        return


Workers = Pool[Edition, Rendered | BriefExportError]


def workers(formats: Iterable[str], editions: int, jobs: int) -> Workers | None:
    """Worker processes for up to `editions` editions of `formats`, worker n loading the nth heaviest
    format's renderer at once; None when the editions are to be rendered in this process (-j 1, or no
    fork on this system).

    The command line starts them before it reads the sources: a build's longest chain is usually the PDF
    worker's, which loads ReportLab (a fifth of a second) and then renders, and it need not wait for the
    parsing (README, Speed).
    """
    if jobs <= 1 or editions < 1 or not available():
        return None
    heaviest = sorted(dict.fromkeys(formats), key=lambda fmt: -describe(fmt).weight)  # as render_by_source orders
    return Pool(render, min(jobs, editions), functools.partial(_prepare, heaviest))


def _rendered(
    editions: list[Edition], jobs: int, pool: Workers | None
) -> Iterator[tuple[Edition, Rendered | BriefExportError]]:
    """Every edition rendered, as each is ready: on `pool` if given, else on workers of its own when
    there is more than one edition to do."""
    if pool is None and len(editions) > 1:
        pool = workers([e.fmt for e in editions], len(editions), jobs)
    if pool is None:
        for edition in editions:
            yield edition, render(edition)
        return
    yield from pool.map_unordered(editions, died=_died)


def _died(edition: Edition, error: WorkerDied) -> BriefExportError:
    """The error of an edition whose worker died rendering it (the kernel kills the largest process when
    memory runs out): its source fails alone, and a new worker goes on with the others."""
    return RenderError(
        f"the worker process rendering {edition.path.name} ended unexpectedly (killed, or out of memory?); "
        "-j 1 builds in one process",
        edition.source,
    )


SAVE_EVERY = 1.0  # seconds: how often a build writes its record of what it wrote


def _save(caches: dict[Path, Cache]) -> None:
    """Each record with editions this build wrote, written back."""
    for cache in caches.values():
        if cache.recorded:
            cache.save()


def clashes(editions: Iterable[Edition], caches: Mapping[Path, Cache]) -> dict[Path, InTheWay]:
    """The sources of `editions` that may not be built, each with why: a file one of its editions would
    replace is another source's, as its folder's record says (`caches`, by folder)."""
    found: dict[Path, list[tuple[Path, str]]] = {}  # a source's files that another source wrote
    for edition in editions:
        other = _written_by_another(edition, caches[edition.path.parent])
        if other is not None:
            found.setdefault(edition.source, []).append((edition.path, other))
    return {source: _in_the_way(source, files) for source, files in found.items()}


def stale(editions: list[Edition]) -> tuple[list[Edition], dict[Path, Cache]]:
    """The editions a build would make (not fresh in their folder's record) and the records read, by folder;
    nothing is written."""
    caches = {folder: Cache(folder) for folder in dict.fromkeys(e.path.parent for e in editions)}
    return [e for e in editions if caches[e.path.parent].fresh(e.path, e.fingerprint) is None], caches


def _written_by_another(edition: Edition, cache: Cache) -> str | None:
    """Another source whose edition is the file at the edition's path, by what the output folder's record
    says, or None: a source of another variant (a.plain.md's own edition is a.plain.pdf, as is a.md's in
    the style plain), or of the same name in another folder that is still there (2024/special.md's and
    2025/special.md's, built to one folder by two calls). One whose source is gone (moved, renamed) is the
    edition's to replace; a record older than the sources' paths tells sources by their names."""
    written_from = cache.written_from(edition.path)
    if isinstance(written_from, Path):
        if not written_from.exists() or _identity(written_from) == _identity(edition.source):
            return None
        return os.path.relpath(written_from)
    if written_from is None or Path(written_from).stem == edition.source.stem:
        return None
    return written_from


def _in_the_way(source: Path, files: list[tuple[Path, str]]) -> InTheWay:
    """Why `source` may not be built: its `files` (path, the other source that wrote it), all of them."""
    paths = ", ".join(str(path) for path, _ in files)
    others = " and ".join(dict.fromkeys(other for _, other in files))
    one = len(files) == 1
    return InTheWay(
        f"{paths} {'is the edition' if one else 'are the editions'} of {others}, not of {source}, and a build "
        f"never replaces another source's file: build {source} to another folder (-o), or remove "
        f"{'that file' if one else 'those files'}",
        source,
    )


def render_by_source(
    editions: list[Edition],
    jobs: int = 1,
    pool: Workers | None = None,
    rendered: Callable[[Edition], None] | None = None,
) -> Iterator[tuple[Path, list[tuple[Edition, Rendered]] | BriefExportError]]:
    """Render every edition (nothing is written) and yield each source once all of its editions are done:
    its editions with their bytes, in plan order, or the error of the first of them that failed.
    `pool` (see workers()) is used and closed; without it, up to `jobs` workers are started here.
    `rendered` is told of each edition as it is done (a progress bar), failed or not."""
    rank = {edition.path: i for i, edition in enumerate(editions)}
    waiting: dict[Path, int] = {}
    for edition in editions:
        waiting[edition.source] = waiting.get(edition.source, 0) + 1
    done: dict[Path, list[tuple[Edition, Rendered | BriefExportError]]] = {source: [] for source in waiting}
    position = {source: i for i, source in enumerate(waiting)}
    # Each source's slowest editions first, sources in order (Renderer.weight).
    queue = sorted(editions, key=lambda e: (position[e.source], -e.weight))
    for edition, result in _rendered(queue, jobs, pool):
        if rendered is not None:
            rendered(edition)
        done[edition.source].append((edition, result))
        waiting[edition.source] -= 1
        if waiting[edition.source]:
            continue
        results = sorted(done.pop(edition.source), key=lambda pair: rank[pair[0].path])
        errors = [r for _, r in results if isinstance(r, BriefExportError)]
        yield edition.source, errors[0] if errors else [(e, r) for e, r in results if isinstance(r, Rendered)]


@dataclass(frozen=True)
class Failure:
    """A source none of whose editions were written, and why."""

    source: Path
    error: BriefExportError


@dataclass(frozen=True)
class Built:
    outcomes: list[Outcome]
    failures: list[Failure]


class BuildStopped(BriefExportError):
    """What stopped a build (its output folder: unwritable, full), and the sources that had failed before
    (a folder in the way of one's file): a stopped build names them too."""

    def __init__(self, error: BriefExportError, failures: list[Failure]) -> None:
        super().__init__(error.message, error.file, error.line, error.needle)
        self.failures = failures


def run(
    editions: list[Edition],
    jobs: int = 1,
    force: bool = False,
    report: Callable[[Outcome], None] | None = None,
    pool: Workers | None = None,
    rendered: Callable[[Edition], None] | None = None,
    waiting: Callable[[Path], None] | None = None,
    warn: Callable[[str], None] | None = None,
) -> Built:
    """Make every edition that is not fresh, writing each source's editions together once all rendered.

    A source whose edition fails changes nothing on disk and is listed in the
    result's failures; the other sources still build. Outcomes are reported as
    each source's files are written. `pool` and `rendered`: as for render_by_source.
    Another build into one of the output folders finishes first (fingerprints.held), `waiting` told of it;
    `warn` is told of a folder's record that could not be read.
    """
    with held((edition.path.parent for edition in editions), waiting):
        return _run(editions, jobs, force, report, pool, rendered, warn)


def _run(
    editions: list[Edition],
    jobs: int,
    force: bool,
    report: Callable[[Outcome], None] | None,
    pool: Workers | None,
    rendered: Callable[[Edition], None] | None,
    warn: Callable[[str], None] | None,
) -> Built:
    outcomes: list[Outcome] = []
    caches: dict[Path, Cache] = {}
    todo: dict[Path, list[Edition]] = {}
    failed: dict[Path, BriefExportError] = {}  # a source that fails writes none of its editions
    for folder in dict.fromkeys(edition.path.parent for edition in editions):
        remove_stale(folder)  # what a killed build left half-written
        try:
            caches[folder] = Cache(folder)
        except BriefExportError as stop:  # its record's place taken (a folder, a pipe): nothing is built
            raise BuildStopped(stop, []) from None
        if caches[folder].unreadable and warn is not None:
            # Built on all the same, but said: with the record went which source wrote which file, and a
            # build of another source of the same name replaced one silently (an archive's trial).
            warn(
                f"{caches[folder].path}: the record of the editions in {folder} could not be read "
                f"({caches[folder].unreadable}): every edition there is made again, and a file of another "
                "source of the same name is not told apart from this one's; the record is written anew"
            )
    for edition in editions:
        cache = caches[edition.path.parent]
        entry = None if force else cache.fresh(edition.path, edition.fingerprint)
        if entry is None:
            todo.setdefault(edition.source, []).append(edition)
            continue
        pages, warnings = entry.get("pages"), entry.get("warnings")
        outcome = Outcome(
            edition.source,
            edition.fmt,
            edition.path,
            int(entry["bytes"]),  # type: ignore[call-overload]  # fresh() checked it is an int
            pages if isinstance(pages, int) else None,
            0.0,
            True,
            # as when it was written: a monitor reading --json saw a print edition's warning once, then never
            tuple(str(w) for w in warnings) if isinstance(warnings, list) else (),
        )
        outcomes.append(outcome)
        if report:
            report(outcome)

    failed |= clashes((e for group in todo.values() for e in group), caches)
    queue = [e for source, group in todo.items() if source not in failed for e in group]
    saved, shared = -math.inf, False  # shared: another build writes into a folder of ours (save every source)
    try:
        for source, result in render_by_source(queue, jobs, pool, rendered):
            if isinstance(result, BriefExportError):
                failed[source] = result
                continue
            folders = {e.path.parent for e, _ in result}
            for folder in folders:  # another build into the folder may have written one of these since
                shared = caches[folder].refresh() or shared
            taken = [(e.path, other) for e, _ in result if (other := _written_by_another(e, caches[e.path.parent]))]
            if taken:
                failed[source] = _in_the_way(source, taken)
                continue
            try:
                write_together([(e.path, r.data) for e, r in result])
            except InTheWay as error:  # this source's files are as they were; a full disk stops the build
                failed[source] = error
                continue
            for e, r in result:
                caches[e.path.parent].record(e.path, e.fingerprint, r.pages, e.source, r.data, r.warnings)
                outcome = Outcome(e.source, e.fmt, e.path, len(r.data), r.pages, r.seconds, False, r.warnings)
                outcomes.append(outcome)
                if report:
                    report(outcome)
            # Recorded as sources are written, so that a build killed later (a CI timeout) is not all built
            # again; at most every SAVE_EVERY seconds, since each save reads and writes the whole record
            # (saved after each of 2,000 sources, it took 21 s of a 28 s build).
            if shared or time.monotonic() - saved >= SAVE_EVERY:
                _save(caches)
                saved = time.monotonic()
    except BaseException as stop:
        with contextlib.suppress(BriefExportError, OSError):  # what was written, when a signal or a full disk
            _save(caches)  # stops the build (whose own error it is that is told)
        if isinstance(stop, BriefExportError):
            raise BuildStopped(stop, _failures(failed, editions)) from None
        raise
    _save(caches)
    # An edition another build wrote over while this one ran (two sources of one name at once): its source failed.
    for cache in caches.values():
        for name, other in cache.lost.items():
            path = cache.path.parent / name
            source = next(o.source for o in outcomes if o.path == path)
            failed[source] = _in_the_way(source, [(path, other)])
    outcomes = [o for o in outcomes if o.source not in failed]
    rank = {edition.path: i for i, edition in enumerate(editions)}  # paths are unique (plan checks)
    return Built(sorted(outcomes, key=lambda o: rank[o.path]), _failures(failed, editions))


def _failures(failed: dict[Path, BriefExportError], editions: list[Edition]) -> list[Failure]:
    """The sources that failed, in the order they were given."""
    order = {source: i for i, source in enumerate(dict.fromkeys(e.source for e in editions))}
    return [Failure(source, error) for source, error in sorted(failed.items(), key=lambda item: order[item[0]])]
