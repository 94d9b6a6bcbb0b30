"""Checking many files in worker processes: how many workers, how they start, and the pool."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from legcompare.corpus import Checked


JOBS_VAR = "LEGCOMPARE_JOBS"
PARALLEL_MIN = 200  # below this many files to check, one process is faster than starting more


def workers_for(files: int) -> int:
    """How many processes should check `files` files: 1 for small jobs, else one per core
    (LEGCOMPARE_JOBS overrides the core count; 1 turns parallel checking off)."""
    try:
        jobs = int(os.environ.get(JOBS_VAR, "0"))
    except ValueError:
        jobs = 0
    if jobs <= 0:
        jobs = (
            len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else os.cpu_count() or 1
        )
    if files < PARALLEL_MIN:
        return 1
    return max(1, min(jobs, 8, files // (PARALLEL_MIN // 2)))


class Examiner(Protocol):
    """What a worker checks files with: a corpus (`DataDir`), built in each worker process."""

    def check_fresh(self, path: str, today: date) -> Checked: ...


# The worker process's own examiner: a process pool hands work to a function, so the object it
# works with lives in a module global, set once per process by the pool's initializer.
_WORKER: Examiner | None = None


def _start_worker(factory: Callable[..., Examiner], spec: tuple[Any, ...]) -> None:
    global _WORKER
    if _WORKER is None:  # under fork the parent's prepared corpus is inherited as is
        _WORKER = factory(*spec)


def _examine_in_worker(job: tuple[str, date]) -> Checked:
    assert _WORKER is not None
    path, today = job
    return _WORKER.check_fresh(path, today)


def start_method() -> str:
    """How worker processes start: fork where it is safe (Linux before Python 3.12, where it
    shares the prepared catalogue and validator for free), else the forkserver or spawn."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform == "linux" and sys.version_info < (3, 12):
        return "fork"
    # From 3.12, forking a process that has threads (the pool's manager) is deprecated.
    return "forkserver" if "forkserver" in methods else "spawn"


def iter_checked_in_parallel(
    data: Any, paths: list[str], *, today: date, workers: int, method: str | None = None
) -> Iterator[Checked]:
    """Check files in worker processes; results come back in the order of `paths`.

    `data` is the corpus (a `DataDir`); each worker builds its own from the same folders, or
    inherits it under fork. `method` is how the workers start (default: `start_method()`).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _WORKER
    method = method or start_method()
    if method == "fork":
        data.catalogue, data.validator  # noqa: B018  (prepared once, inherited by every worker)
        _WORKER = data
    spec = (data.countries, data.elements, data.origin, data.cache_root)
    chunk = max(1, min(64, len(paths) // (workers * 8)))
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_start_worker,
        initargs=(type(data), spec),
    )
    try:
        yield from pool.map(_examine_in_worker, [(path, today) for path in paths], chunksize=chunk)
    finally:  # also when the caller stops early: drop the work not yet started
        pool.shutdown(wait=True, cancel_futures=True)
        _WORKER = None
