"""Checking files: NWB files in worker processes, spec YAML in the spec layer.

HDF5 work happens in workers, which import ``nwb_lsp.validate``: a worker that
crashes, hangs or raises still yields a report for its file, with a finding that
says why. Spec YAML is checked here, together with the namespace files beside it and
the schema files they list, so that a spec file checked alone (as a pre-commit hook
passes it) resolves its types as it does when its whole folder is checked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from nwb_lsp.checking.batch import NwbBatch
from nwb_lsp.checking.discovery import SPEC_SUFFIXES, is_spec_path, looks_like_spec
from nwb_lsp.checking.executors import LocalExecutor
from nwb_lsp.findings import (
    FileReport,
    FindingFilter,
    Location,
    finding,
)
from nwb_lsp.urls import RemoteOptions, scrub
from nwb_lsp.workers import Outcome, WorkerPool

if TYPE_CHECKING:
    from nwb_lsp.checking.cache import ResultsCache
    from nwb_lsp.checking.executors import Executor

DEFAULT_TIMEOUT = 60.0  # seconds per NWB file


def report_from_outcome(
    path: str, outcome: Outcome, timeout: float | None
) -> FileReport:
    """The report a worker produced, or a finding saying why there is none."""
    if outcome.ok:
        report: FileReport = outcome.value
        return report
    from nwb_lsp.rules import file_level  # the codes; slow to import, seldom needed

    root = Location(hdf5_path="/")
    if outcome.timed_out:
        found = finding(
            file_level.WORKER_TIMEOUT,
            f"checking did not finish within {timeout:g} s; the file may be "
            "huge, corrupt or still being written",
            root,
        )
    elif outcome.crashed:
        found = finding(
            file_level.WORKER_CRASHED,
            f"the HDF5 library crashed while reading this file (worker exit "
            f"code {outcome.exitcode}); the file is probably corrupt",
            root,
        )
    else:
        last = scrub((outcome.error or "").strip().splitlines()[0])
        found = finding(file_level.INTERNAL_ERROR, f"internal error: {last}", root)
    return FileReport(path, "nwb", (found,))


def check_paths(
    paths: Sequence[Path | str],
    *,
    jobs: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    filter: FindingFilter | None = None,
    on_done: Callable[[FileReport], None] | None = None,
    executor: Executor | None = None,
    cache: ResultsCache | None = None,
    remote: RemoteOptions | None = None,
) -> list[FileReport]:
    """Check every path (NWB files through ``executor``, by default a local pool
    of ``jobs`` workers; unchanged files from ``cache``); reports in input order.
    A string is a URL (``discover``), read with ``remote``'s settings."""
    nwb = [p for p in paths if not is_spec_path(p)]
    specs = [p for p in paths if isinstance(p, Path) and is_spec_path(p)]
    reports: dict[Path | str, FileReport] = {}
    done = on_done or (lambda _report: None)
    if nwb:
        runner = executor if executor is not None else LocalExecutor(jobs)
        batch = NwbBatch([str(p) for p in nwb], filter, cache)
        for i, report in batch.run(runner, timeout, remote):
            reports[nwb[i]] = report
            done(report)
    for report in check_spec_paths(specs, timeout):
        if filter is not None:
            report = FileReport(
                report.path, report.kind, tuple(filter.apply(report.findings))
            )
        reports[Path(report.path)] = report
        done(report)
    return [reports[p] for p in paths if p in reports]


def check_spec_paths(
    paths: Sequence[Path], timeout: float | None = DEFAULT_TIMEOUT
) -> list[FileReport]:
    """Reports of spec YAML files, checked with the namespace files beside them.
    Reading problems (encodings, limits, hostile YAML) are findings of the spec
    layer; model generation runs in a worker, so ``timeout`` stops it too."""
    if not paths:
        return []
    from nwb_lsp.spec import check_spec_files
    from nwb_lsp.spec.pipeline import in_worker

    wanted = {str(p) for p in paths}
    with WorkerPool(size=1, timeout=timeout, preload=("nwb_lsp.spec",)) as pool:
        runner = in_worker(pool.run, timeout)
        found = check_spec_files(
            [*paths, *spec_context(paths)], pipeline=runner, timeout=timeout
        )
    reports = {r.path: r for r in found if r.path in wanted}
    return [reports[str(p)] for p in dict.fromkeys(paths) if str(p) in reports]


def spec_context(paths: Sequence[Path]) -> list[Path]:
    """Spec YAML beside ``paths`` that they may need: the namespace files in their
    folders and the schema files those list (only readable ones not in ``paths``)."""
    from nwb_lsp.spec.document import SpecDocument
    from nwb_lsp.spec.source import read_spec

    have = {p.resolve() for p in paths}
    out: list[Path] = []

    def add(path: Path) -> None:
        try:  # a listed source name the file system refuses is simply not there
            where = path.resolve()
            if where in have or not path.is_file():
                return
        except (OSError, ValueError):
            return
        have.add(where)
        out.append(path)

    for folder in sorted({p.parent for p in paths}):
        for candidate in sorted(folder.iterdir()):
            if candidate.suffix.lower() not in SPEC_SUFFIXES:
                continue
            if not candidate.is_file() or not looks_like_spec(candidate):
                continue
            text = read_spec(candidate).text
            document = SpecDocument.parse(candidate, text)
            if document.kind == "namespace":
                add(candidate)
                for source in document.sources():
                    add(folder / source)
    return out
