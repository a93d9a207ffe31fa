"""The nwb-lsp language server: one pygls ``LanguageServer`` with typed state.

Features live in their own modules (``spec_docs``, ``nwb_files``, ``commands``) and
register their handlers on the server once, in ``create_server``. HDF5 work runs in
a ``WorkerPool`` (never in this process: libhdf5 can crash on a corrupt file).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from pygls.lsp.server import LanguageServer

from nwb_lsp import __version__
from nwb_lsp.findings import FileReport, Finding
from nwb_lsp.lsp.config import Settings
from nwb_lsp.spec import SpecWorkspace
from nwb_lsp.workers import WorkerPool

log = logging.getLogger(__name__)


class NwbLanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("nwb-lsp", __version__)
        self.settings = Settings()
        self.specs = SpecWorkspace()
        self.pool: WorkerPool | None = None
        self.nwb_reports: dict[str, FileReport] = {}
        self.pending: dict[str, asyncio.Task[Any]] = {}
        self.spec_results: dict[str, tuple[str, list[Any]]] = {}
        # Schema-pipeline findings of each namespace file, by the document they are on.
        self.pipeline: dict[str, dict[str, list[Finding]]] = {}

    def workers(self) -> WorkerPool:
        if self.pool is None:
            self.pool = WorkerPool(self.settings.workers, self.settings.timeout)
        return self.pool

    async def run_in_worker(
        self, target: str, *args: Any, timeout: float | None = None, **kwargs: Any
    ) -> Any:
        """Run ``target`` in a worker; raise ``RuntimeError`` on crash or timeout."""
        future = self.workers().submit(target, *args, timeout=timeout, **kwargs)
        outcome = await asyncio.wrap_future(future)
        if not outcome.ok:
            why = (
                "timed out"
                if outcome.timed_out
                else ("crashed" if outcome.crashed else outcome.error)
            )
            raise RuntimeError(f"{target} failed: {why}")
        return outcome.value

    def shutdown_workers(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None


def create_server() -> NwbLanguageServer:
    from nwb_lsp.lsp import commands, lifecycle, nwb_files, spec_docs

    server = NwbLanguageServer()
    for feature in (lifecycle, spec_docs, nwb_files, commands):
        feature.register(server)
    return server
