"""What makes an edition fresh: a digest of everything it depends on, and the record of them kept
in each output folder, so that a build skips an edition whose inputs have not changed.

A format's part of the digest is its Kind: the renderer's class and a digest
of its package's code and the versions of what it requires (a new checkout, or
a newer ReportLab, rebuilds even at one version of briefexport).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib.metadata
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import OutputError
from .output import check_replaceable, write_atomic
from .registry import registry

CACHE_NAME = ".briefexport-cache.json"


@dataclass(frozen=True)
class Kind:
    """What the build needs to know of a format: its suffix and what identifies its code."""

    suffix: str
    where: str  # module.Class, part of every edition's fingerprint
    code: str  # a digest of the renderer's package sources, so that new code rebuilds even at one version
    print_edition: bool = False  # --print changes what it writes (Renderer.print_edition)
    weight: float = 1.0  # its render's cost relative to others (Renderer.weight): the heaviest start first
    dated: bool = True  # SOURCE_DATE_EPOCH is part of its fingerprint (Renderer.dated)


# The built-in formats as describe() would find them in their classes (a test holds the two equal),
# known here without importing the renderers, so that a build's workers import them (ReportLab alone
# takes a fifth of a second) while the build process reads the sources.
BUILT_IN_KINDS = {
    "docx": (".docx", "briefexport.renderers.docx.renderer.DocxRenderer", False, 3.0, False),
    "epub": (".epub", "briefexport.renderers.epub.EpubRenderer", False, 1.0, False),
    "pdf": (".pdf", "briefexport.renderers.pdf.PdfRenderer", True, 4.0, True),
    "text": (".txt", "briefexport.renderers.outline.OutlineRenderer", False, 1.0, False),
}


def describe(fmt: str) -> Kind:
    """The format's Kind; an unknown format or one that fails to load raises its RegistryError."""
    name = registry.built_in(fmt)
    if name is not None:
        suffix, where, print_edition, weight, dated = BUILT_IN_KINDS[name]
        return Kind(suffix, where, code_digest(where), print_edition, weight, dated)
    cls = registry.get(fmt)
    where = f"{cls.__module__}.{cls.__qualname__}"
    return Kind(cls.suffix, where, code_digest(cls.__module__), cls.print_edition, cls.weight, cls.dated)


def code_digest(module: str) -> str:
    """sha256 of the code of the top-level package `module` belongs to (briefexport, or a plugin's): its
    files (Python sources and package data, such as the print edition's colour profile) and the versions of
    the distributions it requires (a newer pyphen hyphenates otherwise, a newer ReportLab writes other bytes).

    Read once per process and package: a process runs the code it imported,
    and every built-in format shares one package.
    """
    return _package_digest(module.partition(".")[0])


@functools.cache
def _package_digest(name: str) -> str:
    top = sys.modules.get(name)
    folders = [Path(folder) for folder in getattr(top, "__path__", ())]
    files = [
        (str(f.relative_to(folder)), f)
        for folder in folders
        for f in folder.rglob("*")
        if f.suffix != ".pyc" and f.is_file() and not f.is_relative_to(folder / BUILT_IN_STYLES)
    ]
    single = getattr(top, "__file__", None)
    if not files and single:  # a plugin that is one module, not a package
        files = [(Path(single).name, Path(single))]
    h = hashlib.sha256()
    for relative, file in sorted(files):
        try:
            data = file.read_bytes()
        except OSError:
            continue
        h.update(f"{relative}\0{len(data)}\0".encode())
        h.update(data)
    h.update("\0".join(_requirements(name)).encode())
    return h.hexdigest()


# The built-in styles and their fonts are an edition's inputs, digested with the style that reads them.
BUILT_IN_STYLES = "builtin_styles"


def _requirements(package: str) -> list[str]:
    """ "name==version" of each installed distribution the package's own distribution requires (its extras'
    aside), or none when the package is no installed distribution's (a plugin put on the path)."""
    try:
        required = importlib.metadata.requires(package) or []
    except importlib.metadata.PackageNotFoundError:
        return []
    found = []
    for requirement in required:
        if "extra ==" in requirement:
            continue
        wanted = re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0]
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            found.append(f"{wanted}=={importlib.metadata.version(wanted)}")
    return sorted(found)


def described(value: object) -> object:
    """A style (any frozen dataclass) as plain data for a fingerprint, each file by its name alone: the
    files' bytes are digested apart, and where the archive or the installed package stands is no input
    (a style's absolute paths rebuilt every edition of an archive moved whole, or in a fresh virtualenv)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (type(value).__name__, *((f.name, described(getattr(value, f.name))) for f in fields))
    if isinstance(value, Path):
        return value.name
    if isinstance(value, tuple | list):
        return tuple(described(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((repr(key), described(item)) for key, item in value.items()))
    return value


def digest(parts: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def _told_as_recorded(entry: dict[str, object]) -> bool:
    """Whether an entry holds what this tool records, which a build tells of an unchanged edition: a record
    edited by hand printed "1000000000000000000000000000000 pages" and, from a warning, an escape sequence
    and a second "briefexport:" line (a trial). Any other is as good as none: the edition is built again."""
    pages, warnings = entry.get("pages"), entry.get("warnings", [])
    return (
        type(entry.get("bytes")) is int
        and (pages is None or (type(pages) is int and 0 < pages < 1_000_000))
        and isinstance(warnings, list)
        and all(isinstance(warning, str) and warning.isprintable() for warning in warnings)
    )


class Cache:
    """Fingerprints of the editions in one output folder, with the size and mtime they were written with."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / CACHE_NAME
        try:  # before anything is built: a folder or a pipe there stopped a build after its first source
            check_replaceable(self.path)
        except OutputError as error:
            raise OutputError(
                f"{error.message} (where the record of the editions built there is kept)", folder
            ) from None
        self.stamp = _stamp(self.path)  # the record as last read or written here (before it is read)
        self.unreadable: str | None = None  # why a record that is there could not be read
        self.entries = self._read()
        self.recorded: set[str] = set()  # the editions this build wrote
        self.lost: dict[str, str] = {}  # those another build wrote over since, and the source it names

    def _read(self) -> dict[str, dict[str, object]]:
        if not self.path.is_file():  # none yet; or a named pipe in its place, which reading waited on for ever
            return {}
        try:
            entries = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError) as error:
            self.unreadable = f"{type(error).__name__}: {error}"[:200]
            return {}
        # A file of another shape (edited by hand, another tool's) is as good as none: rebuilt on save.
        if not isinstance(entries, dict):
            self.unreadable = f"JSON of another shape ({type(entries).__name__})"
            return {}
        return {k: v for k, v in entries.items() if isinstance(v, dict)}

    def fresh(self, path: Path, fingerprint: str) -> dict[str, object] | None:
        """The record of the file at `path` if it was written with `fingerprint` and has not changed since."""
        entry = self.entries.get(path.name)
        if not entry or entry.get("fingerprint") != fingerprint or not _told_as_recorded(entry):
            return None
        try:
            stat = path.stat()
        except OSError:
            return None
        if stat.st_size != entry.get("bytes"):
            return None
        if stat.st_mtime_ns != entry.get("mtime_ns"):
            # Touched, or copied with the folder (cp -r, a fresh checkout): the same bytes are as good.
            try:
                same = hashlib.sha256(path.read_bytes()).hexdigest() == entry.get("sha256")
            except OSError:
                return None
            return entry if same else None
        return entry

    def record(
        self, path: Path, fingerprint: str, pages: int | None, source: Path, data: bytes, warnings: Iterable[str] = ()
    ) -> None:
        """The edition at `path`, just written with `data`, from `source`, and what was said of it (a print
        edition's preflight warnings: told again when it is unchanged, as preflight tells them)."""
        stat = path.stat()
        self.recorded.add(path.name)
        self.entries[path.name] = {
            "fingerprint": fingerprint,
            "bytes": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "sha256": hashlib.sha256(data).hexdigest(),
            "pages": pages,
            "source": source.name,
            # From the output folder, so that an archive moved whole (sources and editions) still matches;
            # both resolved, so that a folder reached through a link names the same files.
            "source_path": os.path.relpath(source.resolve(), self.path.parent.resolve()),
            "warnings": list(warnings),
        }

    def written_from(self, path: Path) -> str | Path | None:
        """The source the file at `path` was last built from, if the file is still there: its path (as this
        folder's record gives it), or only its file name in a record written before the path was kept."""
        entry = self.entries.get(path.name)
        return self._source_of(entry) if entry and path.exists() else None

    def _source_of(self, entry: dict[str, object]) -> str | Path | None:
        """The source an entry names: its path (the record keeps it from the output folder), or only its
        file name in a record written before the path was kept."""
        where, name = entry.get("source_path"), entry.get("source")
        if isinstance(where, str):
            return Path(os.path.normpath(self.path.parent.resolve() / where))
        return name if isinstance(name, str) else None

    def _still_ours(self, name: str, saved: dict[str, dict[str, object]]) -> bool:
        """Whether the record may say this build wrote `name`: it did, and no other build has written that
        file since (its size and time are still those this build recorded), or no other build says it did.
        (Two builds writing one name in the same second: the record is the file's last writer's.)"""
        mine, theirs = self.entries[name], saved.get(name)
        if theirs is None or theirs == mine:
            return True
        stamp = _stamp(self.path.parent / name)
        return stamp is not None and (stamp[2], stamp[0]) == (mine.get("bytes"), mine.get("mtime_ns"))

    def refresh(self) -> bool:
        """What another build recorded since this one last read or wrote the record, taken in (this build's
        own editions kept): two calls building 2024/special.md and 2025/special.md into one folder at once
        each replaced the other's edition, both exit 0. Read again only when the record changed; whether
        it had (another build is writing into the folder)."""
        stamp = _stamp(self.path)
        if stamp == self.stamp:
            return False
        self.stamp = stamp
        self.entries.update((name, entry) for name, entry in self._read().items() if name not in self.recorded)
        return True

    def save(self) -> None:
        """The record written back: what the folder's record holds now, with this build's editions over it.
        Two builds into one folder at once each kept only their own (a trial's second build rebuilt half of
        an archive); the folder is locked while its record is read and written, where the system can."""
        with _locked(self.path.parent):
            entries = self._read()
            for name in self.recorded:
                mine, theirs = self.entries[name], entries.get(name)
                if self._still_ours(name, entries):
                    entries[name] = mine
                elif theirs is not None and theirs.get("source_path") != mine.get("source_path"):
                    other = self._source_of(theirs)
                    self.lost[name] = os.path.relpath(other) if isinstance(other, Path) else str(other)
                # else: the same source's edition, written again by another build since: its entry stays
            self.recorded -= set(self.lost)
            self.entries = entries
            try:
                write_atomic(self.path, json.dumps(entries, indent=1, sort_keys=True).encode())
            except OutputError as error:  # "cannot write to dist: …" named no record (an operator's trial)
                raise OutputError(
                    f"the editions were written, but not the record of them ({self.path.name}), so the next "
                    f"build makes them again: {error.message}",
                    self.path,
                ) from None
            self.stamp = _stamp(self.path)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """When and what the file at `path` was last written as (modification time, inode, size), or None."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_ino, stat.st_size


# The folders this process holds for its whole build (held): saving a record there needs no lock of its own
# (a second flock on the folder, from the same process, would wait for the first for ever).
_HELD: set[Path] = set()


@contextlib.contextmanager
def held(folders: Iterable[Path], waiting: Callable[[Path], None] | None = None) -> Iterator[None]:
    """Hold the output folders (made if need be) for this build alone until it ends, in one order, so that
    two builds into one folder never wait for each other. Two builds of sources of one name (2024/special.md,
    2025/special.md) into one folder at once both said "built", each having read the folder's record
    before the other saved it, and one's editions were the other's (a re-trial: 4 of 6 runs); the one
    started second now waits, then finds the files another source's; `waiting` is told of each folder it waits
    for (a build that waited for one stopped with Ctrl-Z said nothing until its CI job timed out)."""
    with contextlib.ExitStack() as stack:
        for folder in sorted({f.resolve() for f in folders} - _HELD):  # (a build run within a build: held)
            with contextlib.suppress(OSError):  # a folder that cannot be made: the writes will say so
                folder.mkdir(parents=True, exist_ok=True)
            stack.enter_context(_locked(folder, waiting))
            _HELD.add(folder)
            stack.callback(_HELD.discard, folder)
        yield


@contextlib.contextmanager
def _locked(folder: Path, waiting: Callable[[Path], None] | None = None) -> Iterator[None]:
    """An exclusive lock on `folder` (flock on the folder itself: no lock file is left in it), where the
    system has flock and the folder's file system takes it; elsewhere none, and the build goes on. None
    either where this process holds the folder already (held)."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    if folder.resolve() in _HELD:
        yield
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # a folder that may be written but not read: no lock
        yield
        return
    try:
        with contextlib.suppress(OSError):  # a file system that locks nothing (NFS with no lock daemon): no lock
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:  # another build holds it
                if waiting:
                    waiting(folder)
                fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing it lets the lock go
