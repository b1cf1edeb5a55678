"""Workers compute and the build process collects; no worker outlives the build or lingers after a stop."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from briefexport.parallel import Pool, WorkerDied, available, map_unordered

pytestmark = pytest.mark.skipif(not available(), reason="workers are forked")


def square(n: int) -> int:
    return n * n


def worker_pid(_: int) -> int:
    time.sleep(0.05)
    return os.getpid()


def fails(n: int) -> int:
    if n == 3:
        raise ValueError("three is not allowed")
    return n


def test_every_item_comes_back_once_with_its_result():
    assert sorted(map_unordered(square, range(20), jobs=2)) == [(n, n * n) for n in range(20)]


def test_the_work_runs_in_other_processes_prepared_once_each(tmp_path):
    marks = tmp_path / "prepared"

    def prepare(number: int) -> None:
        with open(marks, "a") as file:
            file.write(f"{number} {os.getpid()}\n")

    pids = {pid for _, pid in map_unordered(worker_pid, range(8), jobs=2, prepare=prepare)}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2
    prepared = dict(line.split() for line in marks.read_text().splitlines())  # worker number -> pid
    assert sorted(prepared) == ["0", "1"] and sorted(map(int, prepared.values())) == sorted(pids)  # once each


PREPARED: list[list[int]] = []


def load_much(_: int) -> None:
    PREPARED.extend([n] for n in range(10_000))  # as a renderer's libraries and fonts are loaded


def frozen(_: int) -> int:
    return gc.get_freeze_count()


def cycle_freed(_: int) -> int:
    cycle: list[object] = []
    cycle.append(cycle)
    del cycle
    return gc.collect()


def test_what_a_worker_prepared_is_left_out_of_its_collections_but_what_it_makes_is_not():
    # The collector's full passes during a render need not go over the libraries loaded before it.
    [(_, count)] = map_unordered(frozen, [0], jobs=1, prepare=load_much)
    [(_, freed)] = map_unordered(cycle_freed, [0], jobs=1, prepare=load_much)
    assert count >= 10_000 and freed >= 1


def test_a_pool_started_before_its_items_takes_them_pickled_and_closes_after_one_map():
    pool = Pool(square, 2)
    assert sorted(pool.map_unordered([3, 4])) == [(3, 9), (4, 16)]
    assert all(not worker.process.is_alive() for worker in pool.workers)
    pool.close()  # a second close does nothing


def test_an_unused_pool_ends_its_workers_when_closed():
    with Pool(square, 2) as pool:
        processes = [worker.process for worker in pool.workers]
        assert all(process.is_alive() for process in processes)
    assert not any(process.is_alive() for process in processes)


def test_an_exception_in_a_worker_is_raised_here_with_the_workers_traceback():
    with pytest.raises(ValueError, match="three is not allowed") as caught:
        list(map_unordered(fails, range(6), jobs=2))
    assert any("in a briefexport worker" in note and "raise ValueError" in note for note in caught.value.__notes__)


def test_a_worker_that_dies_is_an_error_here():
    with pytest.raises(WorkerDied, match="a worker process ended unexpectedly"):
        list(map_unordered(os._exit, [9, 9], jobs=2))


def _dies_on_odd(n: int) -> int:
    if n % 2:
        os._exit(9)
    return n * n


def test_with_died_each_lost_item_gets_its_result_and_new_workers_do_the_rest():
    pool = Pool(_dies_on_odd, 2)
    results = dict(pool.map_unordered(range(7), died=lambda item, error: -item))
    assert results == {0: 0, 1: -1, 2: 4, 3: -3, 4: 16, 5: -5, 6: 36}
    assert not any(worker.process.is_alive() for worker in pool.workers)


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc for the workers")
@pytest.mark.parametrize("how", ["leaving the loop", "SIGKILL of the parent"])
def test_workers_end_within_a_second_when_their_parent_stops_waiting_or_dies(how):
    script = textwrap.dedent(
        f"""
        import os, sys, time
        from briefexport.parallel import map_unordered

        def slow(n):
            time.sleep(60)
            return n

        results = map_unordered(slow, range(4), jobs=2)
        if {how == "leaving the loop"!r}:
            import threading
            threading.Timer(1.0, lambda: os.kill(os.getpid(), 2)).start()
        try:
            next(results)
        except KeyboardInterrupt:
            results.close()
            print("closed", flush=True)
            time.sleep(60)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while len(workers := _children(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(workers) == 2
        if how == "leaving the loop":
            assert process.stdout is not None and process.stdout.readline() == "closed\n"
        else:
            process.send_signal(signal.SIGKILL)
            process.wait(10)
        time.sleep(1.0)
        assert [pid for pid in workers if _alive(pid)] == []
    finally:
        process.kill()
        process.wait(10)
