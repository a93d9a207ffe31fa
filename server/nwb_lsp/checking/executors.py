"""Where NWB files are checked: one interface, a local pool and a Dask cluster.

An ``Executor`` takes the NWB files still to check and yields ``(position,
report)`` pairs as checks finish, in whatever order they finish; the runner puts
the reports back in input order. Every implementation checks each file isolated
in a child process (``nwb_lsp.workers``), so a file that crashes libhdf5 or hangs
past the timeout yields that file's F005 or F006 and the others go on:

* ``LocalExecutor``: a ``WorkerPool`` of ``jobs`` processes on this machine;
* ``DaskExecutor`` (``nwb_lsp.checking.cluster``): one task per file on a
  ``dask.distributed`` cluster, each task running the check in a worker pool kept
  by the Dask worker.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import Future, as_completed
from typing import Protocol

from nwb_lsp.findings import FileReport, FindingFilter
from nwb_lsp.urls import RemoteOptions, shown
from nwb_lsp.workers import Outcome, WorkerPool

VALIDATE = "nwb_lsp.validate.validate_nwb_file"


class Executor(Protocol):
    """Checks NWB files, each isolated in a child process."""

    def check(
        self,
        paths: Sequence[str],
        *,
        timeout: float | None,
        filter: FindingFilter | None,
        remote: RemoteOptions | None = None,
    ) -> Iterator[tuple[int, FileReport]]:
        """``(position in paths, report)`` for every path, as each finishes; URLs
        are read with ``remote``'s settings."""
        ...

    def close(self) -> None:
        """Release what the executor holds (processes, connections)."""
        ...


class LocalExecutor:
    """A pool of ``jobs`` worker processes on this machine, started per batch."""

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = jobs or 1

    def check(
        self,
        paths: Sequence[str],
        *,
        timeout: float | None,
        filter: FindingFilter | None,
        remote: RemoteOptions | None = None,
    ) -> Iterator[tuple[int, FileReport]]:
        from nwb_lsp.checking.runner import report_from_outcome

        if not paths:
            return
        size = min(self.jobs, len(paths))
        # Files checked side by side already use the CPUs: no helper processes then.
        processes = 1 if size > 1 else None
        with WorkerPool(size=size, timeout=timeout) as pool:
            futures: dict[Future[Outcome], int] = {
                pool.submit(
                    VALIDATE, path, filter=filter, processes=processes, remote=remote
                ): i
                for i, path in enumerate(paths)
            }
            for future in as_completed(futures):
                i = futures[future]
                shown_as = shown(paths[i])
                yield i, report_from_outcome(shown_as, future.result(), timeout)

    def close(self) -> None:
        """Nothing outlives a batch: each ``check`` stops its own pool."""
