"""The nwb-lsp language server: one pygls ``LanguageServer`` with typed state.

Features live in their own modules (``spec_diagnostics``, ``spec_docs``,
``nwb_files``, ``commands``, ``debug``) and register their handlers on the server
once, in ``create_server``. HDF5 work runs in a ``WorkerPool`` (never in this
process: libhdf5 can crash on a corrupt file), whose workers run at a lower CPU
priority and are replaced after ``nwb.workerMaxTasks`` tasks or once past
``nwb.workerMaxMemory`` MB.

State is kept per open document or per namespace file, never per edit or per
request: background work lives in ``pending`` only until it ends, and a command's
result is the client's once answered.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from pygls.lsp.server import LanguageServer

from nwb_lsp import __version__
from nwb_lsp.checking.cache import ResultsCache
from nwb_lsp.checking.identity import cache_folder
from nwb_lsp.findings import Finding
from nwb_lsp.lsp.config import Settings
from nwb_lsp.lsp.protocol import NwbProtocol, RequestFailed
from nwb_lsp.spec import SpecWorkspace
from nwb_lsp.workers import WorkerPool

log = logging.getLogger(__name__)
# HDF5 work is background work: on a busy (or 2-core) machine the event loop that
# answers the editor gets the CPU first.
WORKER_NICE = 10
# Exceptions a command raises about its input (tasks.py): their text is the answer.
USER_ERRORS = frozenset({"UnreadableFile", "FileExistsError", "FileNotFoundError"})


class NwbLanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("nwb-lsp", __version__, protocol_cls=NwbProtocol)
        self.settings = Settings()
        self.specs = SpecWorkspace()
        self.pool: WorkerPool | None = None
        self.results: ResultsCache | None = None
        # Background work by what it is for (a document's URI, "nwb:<path>",
        # "pipeline:<path>"): newer work replaces older, finished work leaves.
        self.pending: dict[str, asyncio.Task[Any]] = {}
        self.spec_results: dict[str, tuple[str, list[Any]]] = {}
        # Schema-pipeline findings of each namespace file, by the document they are on.
        self.pipeline: dict[str, dict[str, list[Finding]]] = {}

    def schedule(self, key: str, work: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run ``work`` in the background as the work for ``key``, cancelling the
        work it replaces; the task is forgotten once it ends."""
        self.cancel(key)
        task = asyncio.ensure_future(work)
        self.pending[key] = task

        def done(finished: asyncio.Task[Any]) -> None:
            if self.pending.get(key) is finished:
                del self.pending[key]

        task.add_done_callback(done)
        return task

    def cancel(self, key: str) -> None:
        previous = self.pending.pop(key, None)
        if previous is not None:
            previous.cancel()

    def workers(self) -> WorkerPool:
        if self.pool is None:
            self.pool = WorkerPool(
                self.settings.workers,
                self.settings.timeout,
                max_tasks=self.settings.worker_max_tasks,
                max_rss_mb=self.settings.worker_max_memory,
                nice=WORKER_NICE,
            )
        return self.pool

    def results_cache(self) -> ResultsCache:
        """The results cache shared with the CLI (``$NWB_LSP_CACHE_DIR`` or the user
        cache directory), opened on first use."""
        if self.results is None:
            self.results = ResultsCache(cache_folder())
        return self.results

    async def run_in_worker(
        self, target: str, *args: Any, timeout: float | None = None, **kwargs: Any
    ) -> Any:
        """Run ``target`` in a worker within ``timeout`` seconds (by default the
        ``nwb.timeout`` setting); raise ``RequestFailed`` saying, in one line, why
        it did not finish."""
        limit = self.settings.timeout if timeout is None else timeout
        future = self.workers().submit(target, *args, timeout=limit, **kwargs)
        outcome = await asyncio.wrap_future(future)
        if outcome.timed_out:
            raise RequestFailed(f"did not finish within {limit:g} s")
        if outcome.crashed:
            raise RequestFailed(
                f"the worker crashed (exit code {outcome.exitcode}); "
                "the file is probably corrupt"
            )
        if outcome.error is not None:
            log.debug("%s failed in its worker:\n%s", target, outcome.error)
            first = outcome.error.strip().splitlines()[0]
            kind, _, said = first.partition(": ")
            # errors that explain the user's input speak for themselves, unprefixed
            raise RequestFailed(said if kind in USER_ERRORS else first)
        return outcome.value

    def shutdown_workers(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None


def create_server() -> NwbLanguageServer:
    from nwb_lsp.lsp import (
        commands,
        debug,
        lifecycle,
        nwb_files,
        spec_diagnostics,
        spec_docs,
    )

    server = NwbLanguageServer()
    features = (lifecycle, spec_diagnostics, spec_docs, nwb_files, commands, debug)
    for feature in features:
        feature.register(server)
    return server
