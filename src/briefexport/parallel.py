"""Work spread over forked processes, each talking to the build process over its own pipe.

This is the plain structure of a process pool and nothing more: `jobs` workers
forked from the build process, each preparing itself (loading the renderers)
and then taking one item at a time, pickled, and sending back the result. A
build starts its pool before it reads its sources, so that the workers load
while it parses. The build process alone writes files. concurrent.futures' pool is not used because it
can hang when workers are killed: its queues are fed and drained by threads
that block on a half-sent message, and interpreter exit joins them.

- Ctrl-C in a terminal reaches the whole process group; workers ignore it and
  the build process, which decides what to do, stops them.
- Leaving the loop early, by an exception (an interrupt) or a break, kills
  the workers still busy and ends the idle ones.
- What a worker loaded before its first item is frozen (gc.freeze): the
  collector leaves it out of its passes while the worker renders.
- A worker never outlives the build: it checks a few times a second that its
  parent is still there, and ends itself the moment the parent is gone (killed
  with SIGKILL, which nobody can catch), whatever it was doing.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

from .interrupt import SIGNALS

T = TypeVar("T")
R = TypeVar("R")

PARENT_CHECK = 0.1  # seconds between a worker's looks at its parent


class WorkerDied(Exception):
    """A worker ended without answering (killed from outside, or out of memory)."""


def available() -> bool:
    """Whether workers can be forked here (not on Windows: builds there run in one process)."""
    return "fork" in multiprocessing.get_all_start_methods()


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_unordered(
    function: Callable[[T], R], items: Iterable[T], jobs: int, prepare: Callable[[int], None] | None = None
) -> Iterator[tuple[T, R]]:
    """Yield (item, function(item)) as each finishes, computed by up to `jobs` forked workers.

    `prepare(n)` runs once in worker n (0, 1, ...) before its first item. An exception
    raised by `function` is raised here, with the worker's traceback as a note;
    a worker that dies raises WorkerDied.
    """
    items = list(items)
    yield from Pool(function, min(jobs, len(items)), prepare).map_unordered(items)


class Pool(Generic[T, R]):
    """`jobs` workers forked now: worker n runs `prepare(n)` at once, then `function` on each item it is sent.

    A pool can be started before its items are known, so that the workers load
    what they need (a renderer's libraries) while this process reads its input.
    It serves one map_unordered() call and is then closed; close() ends an
    unused one. Items and results cross the pipes pickled; the first items go
    to the workers in their order, so worker n can prepare for item n.
    """

    def __init__(self, function: Callable[[T], R], jobs: int, prepare: Callable[[int], None] | None = None) -> None:
        self.function, self.prepare = function, prepare
        self.workers = [_Worker(function, prepare, n) for n in range(max(1, jobs))]

    def map_unordered(
        self, items: Sequence[T], died: Callable[[T, WorkerDied], R] | None = None
    ) -> Iterator[tuple[T, R]]:
        """Yield (item, function(item)) as each finishes; leaving early stops every worker.

        A worker that dies (killed from outside, or by the kernel when memory runs out) raises
        WorkerDied here; with `died`, its item's result is died(item, error) instead, and a new
        worker takes its place for the items still to do.
        """
        try:
            queue = iter(range(len(items)))
            # Keyed by each worker's connection, looked up by what wait() returns: the same objects.
            busy: dict[object, _Worker[T, R]] = {
                w.connection: w for w in self.workers if w.take(next(queue, None), items)
            }
            while busy:
                for connection in wait([worker.connection for worker in busy.values()]):
                    worker = busy.pop(connection)
                    lost = worker.index  # the item it works on, should it have died
                    try:
                        index, result = worker.result()
                    except WorkerDied as error:
                        if died is None or lost is None:
                            raise
                        index, result = lost, died(items[lost], error)
                        worker = self._replace(worker)
                    yield items[index], result
                    if worker.take(next(queue, None), items):
                        busy[worker.connection] = worker
        finally:
            self.close()

    def _replace(self, dead: _Worker[T, R]) -> _Worker[T, R]:
        """A new worker in the place of one that died."""
        dead.stop()
        worker = _Worker(self.function, self.prepare, dead.number)
        self.workers[self.workers.index(dead)] = worker
        return worker

    def close(self) -> None:
        """End every worker: an idle one is told to leave, a busy one is killed."""
        for worker in self.workers:
            worker.stop()

    def __enter__(self) -> Pool[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Worker(Generic[T, R]):
    def __init__(self, function: Callable[[T], R], prepare: Callable[[int], None] | None, number: int) -> None:
        self.connection, theirs = multiprocessing.Pipe()
        context = multiprocessing.get_context("fork")
        self.process = context.Process(
            target=_serve, args=(theirs, function, prepare, number, os.getpid()), daemon=True
        )
        self.process.start()
        theirs.close()  # theirs alone now: when the worker dies, reading here ends instead of waiting
        self.number = number
        self.index: int | None = None

    def take(self, index: int | None, items: Sequence[T]) -> bool:
        """Send the worker item `index`; False when there is none left."""
        if index is None:
            return False
        self.index = index
        self.connection.send((items[index],))
        return True

    def result(self) -> tuple[int, Any]:
        index, self.index = self.index, None
        try:
            ok, value = self.connection.recv()
        except (EOFError, OSError):
            raise WorkerDied("a worker process ended unexpectedly (killed, or out of memory?)") from None
        if not ok:
            raise value
        assert index is not None
        return index, value

    def stop(self) -> None:
        """End the worker: an idle one is told to leave; a busy one is killed. Stopping twice does nothing."""
        if self.connection.closed:
            return
        with contextlib.suppress(OSError):
            if self.index is None:
                self.connection.send(None)  # not only a closed pipe: workers forked later hold this end too
            else:
                self.process.kill()
        self.connection.close()
        self.process.join()


def _serve(
    connection: Connection, function: Callable[[T], R], prepare: Callable[[int], None] | None, number: int, parent: int
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build process handles Ctrl-C and stops its workers
    for stop in SIGNALS:
        if stop != signal.SIGINT:
            signal.signal(stop, signal.SIG_DFL)
    threading.Thread(target=_watch_parent, args=(parent,), name="parent-watch", daemon=True).start()
    if prepare is not None:
        prepare(number)
    # What the worker has loaded (libraries, fonts) lives as long as it does: the collector's passes during
    # a render need not go over it again (a 10x PDF: 0.11 s of collections, 0.04 s once frozen).
    gc.freeze()
    while True:
        try:
            message = connection.recv()
        except EOFError:  # the build process is gone
            return
        if message is None:  # the build is done with this worker
            return
        try:
            answer: tuple[bool, object] = (True, function(message[0]))
        except Exception as error:
            answer = (False, _portable(error))
        connection.send(answer)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK)
    os._exit(1)  # orphaned: whatever this worker was computing, nobody will read it


def _portable(error: Exception) -> Exception:
    """The exception itself if it survives pickling, else a RuntimeError naming it; with the traceback as a note."""
    remote = "".join(traceback.format_exception(error))
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        error = RuntimeError(f"{type(error).__name__}: {error}")
    error.add_note(f"in a briefexport worker:\n{remote}")
    return error
