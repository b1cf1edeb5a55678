"""Forked worker processes that load renderers at once, then render the editions sent to them.

A build has two halves that do not depend on each other: reading the sources
(this process) and loading the renderers (ReportLab, python-docx, ebooklib:
a few tenths of a second of imports). Workers are forked before the sources
are read and each loads its share of the formats meanwhile, so on two cores
the halves overlap, and the PDF's worker has ReportLab ready when the plan is.

Each worker reports which formats it loaded (their suffixes, so that this
process never imports a renderer), loads the CLDR data of the languages the
sources' front matter names (a hint read with a regular expression; output
never depends on it) and, while no work is waiting, the other formats' renderers;
then it renders one edition at a time.
Editions go to an idle worker, preferring one that loaded their format. A
worker writes its file atomically and sends back the size, pages and time,
or the BriefExportError it raised. Messages are pickles framed by their length
on a pair of pipes.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import re
import select
import signal
import struct
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import interrupt
from .errors import BriefExportError, RenderError

if TYPE_CHECKING:
    from .build import Edition

_FRAME = struct.Struct("!Q")
# A pool: how many workers, the formats asked for (None: every one), the languages to warm, every_format.
Shape = tuple[int, list[str] | None, list[str], bool]
_LANGUAGE = re.compile(rb"^language:[ \t]*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)", re.MULTILINE)


@dataclass(frozen=True)
class Kind:
    """What the build needs to know of a format without importing its renderer."""

    suffix: str
    where: str  # module.Class, part of every edition's fingerprint
    code: str  # a digest of the renderer's package sources, so that new code rebuilds even at one version


def available() -> bool:
    return hasattr(os, "fork")


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def language_hints(sources: Iterable[Path]) -> list[str]:
    """The languages the sources' front matter names, read from their first lines without parsing.

    Only a hint for warming caches: a source the pattern misreads builds the
    same, as the loader decides. A source naming none is in English, the default.
    """
    found = []
    for source in map(Path, sources):
        if not source.is_file():  # missing, a folder or a pipe: the loader will say so
            continue
        try:
            with source.open("rb") as file:
                head = file.read(4096)
        except OSError:
            continue
        end = head.find(b"\n---", 3)  # the front matter's closing line, when it is this near the top
        match = _LANGUAGE.search(head[: end if end > 0 else None])
        found.append(match[1].decode() if match else "en")
    return list(dict.fromkeys(found))


def share(formats: list[str], index: int, count: int) -> list[str]:
    """The formats worker `index` of `count` loads: consecutive runs, the later workers taking any extra.

    So the first format listed gets a worker to itself when there are fewer
    workers than formats to spare: `-f pdf,docx,epub` on two cores loads
    ReportLab alone in one worker, and every registered format (docx, epub,
    pdf, text) splits as docx+epub and pdf+text.
    """
    base, extra = divmod(len(formats), count)
    start = index * base + max(0, index - (count - extra))
    return formats[start : start + base + (index >= count - extra)]


def describe(fmt: str) -> Kind:
    from .registry import registry

    cls = registry.get(fmt)
    return Kind(cls.suffix, f"{cls.__module__}.{cls.__qualname__}", code_digest(cls.__module__))


def code_digest(module: str) -> str:
    """sha256 of the Python sources of the top-level package `module` belongs to (briefexport, or a plugin's).

    Read once per process and package: a process runs the code it imported,
    and every built-in format shares one package.
    """
    return _package_digest(module.partition(".")[0])


@functools.cache
def _package_digest(name: str) -> str:
    import hashlib

    top = sys.modules.get(name)
    folders = [Path(folder) for folder in getattr(top, "__path__", ())]
    files = [(str(f.relative_to(folder)), f) for folder in folders for f in folder.rglob("*.py")]
    single = getattr(top, "__file__", None)
    if not files and single:  # a plugin that is one module, not a package
        files = [(Path(single).name, Path(single))]
    h = hashlib.sha256()
    for name, file in sorted(files):
        with contextlib.suppress(OSError):
            data = file.read_bytes()
            h.update(f"{name}\0{len(data)}\0".encode())
            h.update(data)
    return h.hexdigest()


class Workers:
    """`with Workers(count, formats) as workers:` forks `count` processes; leaving the block ends them.

    `formats` is the list of names asked for, or None for every registered one;
    each worker loads a run of them in that order (see `share`). `languages`
    are warmed in every worker whose renderers format figures and dates. With
    `every_format` (several sources: any worker may get any format), workers
    go on to load the other formats while no work is waiting.
    """

    def __init__(
        self,
        count: int,
        formats: list[str] | None,
        languages: list[str] | None = None,
        every_format: bool = False,
        *,
        started: Workers | None = None,
        first_only: bool = False,
    ) -> None:
        """`started`: a pool made earlier with `first_only` (see prestart); this pool takes its
        worker when it was started for the same count, formats, languages and every_format,
        and ends it otherwise. `first_only` forks worker 0 alone."""
        self._procs: list[_Proc] = []
        self._kinds: dict[str, Kind] | None = None
        self.shape: Shape = (count, formats, languages or [], every_format)
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            if started is not None:
                if started.shape == self.shape:
                    self._procs, started._procs = started._procs, []
                else:
                    started.close()
            for index in range(len(self._procs), 1 if first_only else count):
                self._fork(index)
        except BaseException:
            self.close(abort=True)
            raise

    def _fork(self, index: int) -> None:
        down_r, down_w = os.pipe()  # tasks to the worker
        up_r, up_w = os.pipe()  # results from it
        pid = os.fork()
        if pid == 0:  # the worker: serve, then leave without running any of the parent's exit code
            os.close(down_w)
            os.close(up_r)
            code = 1
            try:
                for proc in self._procs:
                    proc.close_pipes()
                code = _serve(down_r, up_w, index, *self.shape)
            finally:  # whatever happened, never return into the caller's code in this process
                os._exit(code)
        os.close(down_r)
        os.close(up_w)
        self._procs.append(_Proc(pid, down_w, up_r))

    # -- what the workers loaded ------------------------------------------------------------

    def kinds(self) -> dict[str, Kind]:
        """Every asked-for format and what it writes, once each worker has loaded its share.

        A format that is unknown or fails to load raises its RegistryError here.
        """
        if self._kinds is None:
            kinds: dict[str, Kind] = {}
            errors = []
            for proc in self._procs:
                tag, value = proc.receive()
                if tag == "ready":
                    kinds.update(value)
                else:
                    errors.append(value)
            if errors:
                raise errors[0]
            self._kinds = kinds
        return self._kinds

    # -- rendering --------------------------------------------------------------------------

    def make_all(
        self, editions: Iterable[Edition], done: Callable[[Edition, tuple[int, int | None, float]], None]
    ) -> None:
        """Render every edition on the workers; `done` is called as each is written. The first error raises."""
        self.kinds()  # every worker is past its loading and waiting for work
        todo = list(editions)
        busy: dict[int, tuple[_Proc, Edition]] = {}
        idle = list(self._procs)
        while todo or busy:
            while todo and idle:
                proc = idle.pop(0)
                edition = next((e for e in todo if e.fmt in proc.share), todo[0])
                todo.remove(edition)
                proc.send(edition)
                busy[proc.up] = (proc, edition)
            ready, _, _ = select.select(list(busy), [], [])
            for fd in ready:
                proc, edition = busy.pop(fd)
                try:
                    tag, value = proc.receive()
                except RenderError as error:
                    error.message += f" while making {edition.path.name}; -j 1 builds in one process"
                    raise
                if tag != "done":
                    raise value
                idle.append(proc)
                done(edition, value)

    # -- ending -----------------------------------------------------------------------------

    def close(self, abort: bool = False) -> None:
        """End every worker. A worker with no task is stopped at once: it has no file open.

        On `abort` (an error or an interrupt here), a worker still rendering is
        interrupted too; its atomic write removes the unfinished file.
        """
        for proc in self._procs:
            proc.close_pipes()
        for proc in self._procs:
            if abort or not proc.writing:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(proc.pid, signal.SIGINT if proc.writing else signal.SIGKILL)
            os.waitpid(proc.pid, 0)
        self._procs = []

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        self.close(abort=kind is not None)


class _Proc:
    def __init__(self, pid: int, down: int, up: int) -> None:
        self.pid, self.down, self.up = pid, down, up
        self.share: frozenset[str] = frozenset()
        self.writing = False
        self._open = True

    def send(self, edition: Edition) -> None:
        self.writing = True
        _write(self.down, edition)

    def receive(self) -> tuple[str, Any]:
        try:
            tag, value = _read(self.up)
        except EOFError:  # killed (out of memory, a signal) before it could answer
            self.writing = False
            raise RenderError("a worker process ended unexpectedly (killed, or out of memory?)") from None
        self.writing = False
        if tag == "ready":
            self.share = frozenset(value)
        return tag, value

    def close_pipes(self) -> None:
        if self._open:
            os.close(self.down)
            os.close(self.up)
            self._open = False


def _write(fd: int, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_FRAME.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exactly(fd: int, size: int) -> bytes:
    chunks = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _read(fd: int) -> Any:
    (size,) = _FRAME.unpack(_read_exactly(fd, _FRAME.size))
    return pickle.loads(_read_exactly(fd, size))


def _serve(
    down: int, up: int, index: int, count: int, formats: list[str] | None, languages: list[str], every_format: bool
) -> int:
    """A worker's life: load its share of the formats, report, warm and prepare them, then render until
    the pipe closes."""
    from .build import make
    from .registry import registry

    interrupt.watch()
    try:
        try:
            formats = registry.names() if formats is None else formats
            mine = share(formats, index, count)
            _write(up, ("ready", {fmt: describe(fmt) for fmt in mine}))
        except BriefExportError as error:
            _write(up, ("error", error))
            return 0
        except Exception as error:  # a bug in a renderer's module: shown with this worker's traceback
            _write(up, ("error", _portable(error)))
            return 0
        if "briefexport.formatting" in sys.modules:  # its renderers format figures and dates
            from .formatting import warm

            warm(languages)
        for fmt in mine:
            with contextlib.suppress(Exception):  # only work done ahead: a render that needs it reports the error
                registry.get(fmt).prepare()
        # While no work is waiting (a batch, whose sources take longer to read), load the other
        # formats too, so that any worker can take any edition without loading a library first.
        for fmt in formats if every_format else ():
            if select.select([down], [], [], 0)[0]:
                break
            with contextlib.suppress(BriefExportError):  # its own worker reports it
                describe(fmt)
        while True:
            try:
                edition = _read(down)
            except EOFError:
                return 0
            try:
                _write(up, ("done", make(edition)))
            except BriefExportError as error:
                _write(up, ("error", error))
            except Exception as error:  # a bug: the build shows it with the worker's traceback
                if interrupt.seen():  # unless a library turned a Ctrl-C into it
                    raise KeyboardInterrupt from error
                _write(up, ("error", _portable(error)))
    except KeyboardInterrupt:  # the whole process group was interrupted: the parent reports it
        return 130
    except BrokenPipeError:  # the parent is gone
        return 1


def _portable(error: Exception) -> Exception:
    """The exception itself if it survives pickling, else a RuntimeError naming it; with the traceback as a note."""
    import traceback

    remote = "".join(traceback.format_exception(error))
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        error = RuntimeError(f"{type(error).__name__}: {error}")
    error.add_note(f"in a briefexport worker:\n{remote}")
    return error
