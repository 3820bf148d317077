"""Worker processes that parse documents for ``referat import --jobs N``.

A pool that survives what happens to processes:

* a worker that dies (killed, out of memory, a crash in a C library) breaks the whole
  ``ProcessPoolExecutor``, and every document in flight with it.  :meth:`Parsers.result` starts a
  new pool and runs the document again *alone*; a document whose worker dies even then is the
  cause, and is reported failed.  The others are parsed again; the batch goes on.
* the workers die with the importing process: they are terminated when the batch ends early
  (Ctrl-C, SIGTERM, SIGHUP), and on Linux the kernel kills them if it is killed outright.
* ``jobs`` is capped (:data:`MAX_JOBS`, the CPUs); a pool that cannot be started (a low limit
  on processes or open files) falls back to parsing in this process.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the pool is imported only when it is used (start-up time)
    from concurrent.futures import Future, ProcessPoolExecutor

MAX_JOBS = 32  # more processes than this only fight over memory and the disk
MAX_RESTARTS = 20  # pools started after workers died; then the rest is parsed in this process
DIED = (
    "the parser process died while reading it (killed, perhaps for lack of memory); "
    "the other documents were imported"
)


def effective_jobs(jobs: int) -> int:
    """``jobs`` capped at the CPUs and at :data:`MAX_JOBS`: parsing is CPU work."""
    return max(1, min(jobs, os.cpu_count() or 1, MAX_JOBS))


@dataclass(eq=False)
class Job:
    """One document handed to the pool: what to call, and its future in the current pool."""

    call: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)
    future: Future[Any] | None = None
    generation: int = -1  # of the pool the future belongs to
    alone: bool = False  # running by itself (after a worker died)
    done: Any = None  # the result, when it was computed here (no pool)


class Parsers:
    """A process pool for ``jobs > 1`` (none for 1); use as a context manager."""

    def __init__(self, jobs: int, failed: Callable[[Job], Any]) -> None:
        self.jobs = effective_jobs(jobs)
        self.use_pool = self.jobs > 1
        # Documents in flight (submitted, not yet written): enough that a worker rarely waits
        # for the writer or the writer for a worker (measured on 1000 text files: 8 per worker
        # imports 17 % faster than 2); referat.ingest.batch also bounds their bytes (memory).
        self.window = 8 * self.jobs if self.use_pool else 1
        self.failed = failed  # the result for a document whose worker died alone
        self.pool: ProcessPoolExecutor | None = None
        self.generation = 0
        self.pending: list[Job] = []  # submitted, result not yet taken
        self.cancelled = False

    def __enter__(self) -> Parsers:
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        if self.pool is None:
            return
        if kind is not None or self.cancelled:
            self.terminate()
        else:
            self.pool.shutdown(wait=True)

    def cancel(self) -> None:
        """Drop the documents not yet parsed (the batch stops early)."""
        self.cancelled = True

    def submit(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Job:
        job = Job(call, args, kwargs)
        self.pending.append(job)
        if not self._start(job):
            job.done = call(*args, **kwargs)
        return job

    def ready(self, job: Job, wait: float = 0.0) -> bool:
        """Whether :meth:`result` would return at once, after waiting up to ``wait`` seconds
        for the job to finish."""
        if job.done is not None:
            return True
        if job.future is None or job.generation != self.generation:
            return False
        if wait > 0:
            from concurrent.futures import wait as wait_for

            wait_for([job.future], timeout=wait)
        return job.future.done()

    def result(self, job: Job) -> Any:
        """The job's result; if its worker died, see the module docstring."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            while job.done is None:
                if job.future is None or job.generation != self.generation:
                    if not self._start(job):
                        job.done = job.call(*job.args, **job.kwargs)
                        break
                    if job.future is None:  # the pool broke before it took the job
                        self._restart()
                        continue
                try:
                    job.done = job.future.result()
                except BrokenProcessPool:
                    if job.alone:
                        job.done = self.failed(job)
                    else:  # again, alone, in a new pool; the others wait until it is done
                        self._restart()
                        job.alone, job.future = True, None
            return job.done
        finally:
            self.pending.remove(job)
            if job.alone:  # the others go back to work
                for other in self.pending:
                    if other.generation != self.generation and other.done is None:
                        self._start(other)

    def terminate(self) -> None:
        """Stop now: cancel what has not started and kill the workers."""
        pool, self.pool = self.pool, None
        if pool is None:
            return
        processes = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.kill()
        for process in processes:
            process.join(timeout=5)

    def _start(self, job: Job) -> bool:
        """Submit ``job`` to the current pool (made on first use); False when there is no
        pool (one job, or processes cannot be started here): then it runs in this process."""
        if not self.use_pool:
            return False
        from concurrent.futures.process import BrokenProcessPool

        try:
            if self.pool is None:
                self.pool = _new_pool(self.jobs)
            job.future = self.pool.submit(job.call, *job.args, **job.kwargs)
        except BrokenProcessPool:  # a worker died: started again when its result is asked for
            job.future = None
            return True
        except (OSError, RuntimeError):  # EMFILE, EAGAIN: no processes for us; parse here
            self.terminate()
            self.use_pool = False
            return False
        job.generation = self.generation
        return True

    def _restart(self) -> None:
        self.terminate()
        self.generation += 1
        if self.generation > MAX_RESTARTS:  # workers keep dying, whatever the document
            self.use_pool = False


def _new_pool(jobs: int) -> ProcessPoolExecutor:
    from concurrent.futures import ProcessPoolExecutor

    from referat.models import build_models
    from referat.read import files as read  # noqa: F401  loaded once here, inherited by forked workers

    build_models()  # built once here too (models.py defers them to their first use)

    return ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, initargs=(os.getpid(),))


def _worker_init(parent: int) -> None:
    """In each worker: Ctrl-C is the importing process's to handle (it stops between
    documents); on Linux the worker is killed when its parent dies, however it dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return  # not Linux: the parent terminates its workers when it stops
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
