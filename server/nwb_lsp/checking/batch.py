"""A batch of NWB files: reports from the results cache, the rest from an executor.

Before anything is submitted, each file's identity is taken and its stored report
looked up (``ResultsCache``): a re-check of unchanged files costs a stat and a
query per file. The files that miss go to the executor; each report that comes
back is stored when the file's identity is still the one taken before the check
(a file that changed meanwhile is checked again next time), the file was last
modified a while ago (``identity.settled``) and the report is ``cacheable``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from nwb_lsp.checking.identity import file_identity, rule_selection, settled
from nwb_lsp.findings import FileReport, FindingFilter

if TYPE_CHECKING:
    from nwb_lsp.checking.cache import ResultsCache
    from nwb_lsp.checking.executors import Executor
    from nwb_lsp.urls import RemoteOptions


class NwbBatch:
    """NWB files to check with one rule selection, optionally through a cache."""

    def __init__(
        self,
        paths: Sequence[str],
        flt: FindingFilter | None,
        cache: ResultsCache | None = None,
    ) -> None:
        self.paths = list(paths)
        self.filter = flt
        self.cache = cache
        self.selection = rule_selection(flt)
        self.hits = 0

    def run(
        self,
        executor: Executor,
        timeout: float | None,
        remote: RemoteOptions | None = None,
    ) -> Iterator[tuple[int, FileReport]]:
        """``(position, report)`` for every path: cached ones first, then the
        others as the executor finishes them (URLs read with ``remote``)."""
        identities = [self._identity(p) for p in self.paths]
        missing: list[int] = []
        for i, path in enumerate(self.paths):
            stored = self._lookup(path, identities[i])
            if stored is None:
                missing.append(i)
            else:
                self.hits += 1
                yield i, stored
        if not missing:
            return
        todo = [self.paths[i] for i in missing]
        for j, report in executor.check(
            todo, timeout=timeout, filter=self.filter, remote=remote
        ):
            i = missing[j]
            self._store(report, identities[i])
            yield i, report

    def _identity(self, path: str) -> str | None:
        return file_identity(path) if self.cache is not None else None

    def _lookup(self, path: str, identity: str | None) -> FileReport | None:
        if self.cache is None or identity is None:
            return None
        return self.cache.get(path, identity, self.selection)

    def _store(self, report: FileReport, before: str | None) -> None:
        if self.cache is None or before is None:
            return
        if settled(report.path, before):
            self.cache.put(report, before, self.selection)
