"""Checking NWB files on a Dask cluster: one task per file, isolated on the worker.

``DaskExecutor`` connects to a running scheduler (``tcp://host:8786``, or whatever
``dask.distributed.Client`` accepts) or starts a ``LocalCluster`` (``local`` or
``local:N`` for N worker processes of one thread each), submits one task per file
and yields reports as tasks finish. Workers need only nwb-lsp installed.

A task never reads HDF5 in the Dask worker itself: ``check_on_worker`` hands the
file to a ``WorkerPool`` that the Dask worker keeps for its lifetime (one child per
worker thread, started once, so imports are paid once), so a segfault or a hang
costs a child process — reported as the file's F005 or F006 exactly as on one
machine — and never the Dask worker or the batch. A task the cluster itself loses
(its Dask worker killed, the scheduler gone) is the file's F020.
"""

from __future__ import annotations

import atexit
import multiprocessing
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from nwb_lsp.findings import (
    FileReport,
    FindingFilter,
    Location,
    Severity,
    define_code,
    finding,
)
from nwb_lsp.urls import RemoteOptions, scrub, shown
from nwb_lsp.workers import WorkerPool

TASK_LOST = define_code(
    "F020",
    Severity.ERROR,
    "the cluster lost the task that checked the file (a worker or the scheduler "
    "failed)",
    "file",
)
_pool: WorkerPool | None = None
_pool_lock = threading.Lock()


def check_on_worker(
    path: str,
    timeout: float | None,
    flt: FindingFilter | None,
    remote: RemoteOptions | None = None,
) -> FileReport:
    """Run on a Dask worker: check ``path`` (a URL read with ``remote``'s
    settings) in a child process of this worker."""
    from nwb_lsp.checking.executors import VALIDATE
    from nwb_lsp.checking.runner import report_from_outcome

    outcome = _worker_pool().run(
        VALIDATE, path, timeout=timeout, filter=flt, remote=remote
    )
    return report_from_outcome(shown(path), outcome, timeout)


def _worker_pool() -> WorkerPool:
    """The pool of this Dask worker process, started by its first task."""
    global _pool
    with _pool_lock:
        if _pool is None:
            # A nanny starts Dask workers as daemonic processes, which
            # multiprocessing forbids to start children. The pool's children are
            # daemonic themselves and end with this worker, so the flag is lifted.
            me = multiprocessing.current_process()
            if me.daemon:
                me._config["daemon"] = False  # type: ignore[attr-defined]
            # long-lived like the language server's: memory stays bounded
            _pool = WorkerPool(
                size=_threads(), timeout=None, max_tasks=200, max_rss_mb=2048
            )
            atexit.register(_pool.close, cancel_running=True)
        return _pool


def _threads() -> int:
    try:
        from distributed import get_worker

        return max(1, int(get_worker().state.nthreads))
    except (ImportError, ValueError, AttributeError):
        return 1


def parse_scheduler(text: str) -> tuple[str, int | None]:
    """``("local", N or None)`` for ``local[:N]``, else ``(address, None)``."""
    if text == "local":
        return "local", None
    if text.startswith("local:"):
        count = text.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise ValueError(f"expected local or local:N with N >= 1, got {text!r}")
        return "local", int(count)
    return text, None


class DaskExecutor:
    """Checks on a Dask cluster, reached at ``scheduler`` or started locally."""

    def __init__(self, scheduler: str) -> None:
        from distributed import Client, LocalCluster

        where, workers = parse_scheduler(scheduler)
        self._cluster: Any = None
        if where == "local":
            self._cluster = LocalCluster(
                n_workers=workers or 2,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            )
            self.client: Any = Client(self._cluster)
        else:
            # how long to try is Dask's setting, distributed.comm.timeouts.connect
            self.client = Client(where)

    def check(
        self,
        paths: Sequence[str],
        *,
        timeout: float | None,
        filter: FindingFilter | None,
        remote: RemoteOptions | None = None,
    ) -> Iterator[tuple[int, FileReport]]:
        from distributed import as_completed

        futures = self.client.map(
            check_on_worker,
            list(paths),
            timeout=timeout,
            flt=filter,
            remote=remote,
            pure=False,
        )
        position = {f.key: i for i, f in enumerate(futures)}
        try:
            for future in as_completed(futures):
                i = position[future.key]
                yield i, _result(paths[i], future)
        finally:
            self.client.cancel([f for f in futures if not f.done()])

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _result(path: str, future: Any) -> FileReport:
    try:
        report: FileReport = future.result()
        return report
    except Exception as exc:  # KilledWorker, CommClosedError, a cancelled task
        reason = scrub(str(exc).strip().splitlines()[0]) if str(exc).strip() else ""
        message = f"the cluster lost this file's task ({type(exc).__name__}"
        message += f": {reason})" if reason else ")"
        lost = finding(TASK_LOST, message, Location("/"))
        return FileReport(shown(path), "nwb", (lost,))
