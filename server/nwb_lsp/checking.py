"""Checking many paths: NWB files in worker processes, spec YAML in the spec layer.

This module runs in the process that talks to the user (the CLI) or the editor (the
language server), so it never imports h5py: HDF5 work happens in workers, which import
``nwb_lsp.validate``. A worker that crashes, hangs or raises still yields a report for
its file, with a finding that says why.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from nwb_lsp.findings import FileReport, FindingFilter, Location, finding
from nwb_lsp.rules import file_level
from nwb_lsp.workers import Outcome, WorkerPool

NWB_SUFFIXES = (".nwb",)
SPEC_SUFFIXES = (".yaml", ".yml")


def collect_paths(paths: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """Files to check: the given files, and NWB/spec files found under directories.

    Every path named ``*.nwb`` is kept whatever it is, so its report says what it is:
    a directory (whose files are walked too), a FIFO or a device (refused without
    being opened), a symbolic link loop (see ``hdf5/opening.py``)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            if path.suffix in NWB_SUFFIXES:
                out.append(path)
            for child in sorted(path.rglob("*")):
                if _checkable(child) and not _hidden(child, path):
                    out.append(child)
        else:
            out.append(path)
    return out


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _checkable(path: Path) -> bool:
    if path.suffix in NWB_SUFFIXES:
        return True
    # only regular files are read as YAML: opening a FIFO would block
    return path.suffix in SPEC_SUFFIXES and path.is_file() and looks_like_spec(path)


def looks_like_spec(path: Path) -> bool:
    """A namespace file, or YAML whose top level declares groups or datasets."""
    if path.name.endswith((".namespace.yaml", ".namespace.yml")):
        return True
    try:
        with path.open(encoding="utf-8") as fh:
            head = fh.read(65536)
    except (OSError, UnicodeDecodeError):
        return False
    return any(line.startswith(("groups:", "datasets:")) for line in head.splitlines())


def is_spec_path(path: Path) -> bool:
    return path.suffix in SPEC_SUFFIXES


def report_from_outcome(
    path: str, outcome: Outcome, timeout: float | None
) -> FileReport:
    """The report a worker produced, or a finding saying why there is none."""
    if outcome.ok:
        report: FileReport = outcome.value
        return report
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
        last = (outcome.error or "").strip().splitlines()[0]
        found = finding(file_level.INTERNAL_ERROR, f"internal error: {last}", root)
    return FileReport(path, "nwb", (found,))


def check_paths(
    paths: Sequence[Path],
    *,
    jobs: int | None = None,
    timeout: float | None = 300.0,
    filter: FindingFilter | None = None,
    on_done: Callable[[FileReport], None] | None = None,
) -> list[FileReport]:
    """Check every path (NWB files in worker processes); reports in input order."""
    nwb = [p for p in paths if not is_spec_path(p)]
    specs = [p for p in paths if is_spec_path(p)]
    reports: dict[Path, FileReport] = {}
    if nwb:
        size = min(jobs or 1, len(nwb))
        # Files checked side by side already use the CPUs: no helper processes then.
        processes = 1 if size > 1 else None
        with WorkerPool(size=size, timeout=timeout) as pool:
            futures = {
                p: pool.submit(
                    "nwb_lsp.validate.validate_nwb_file",
                    str(p),
                    filter=filter,
                    processes=processes,
                )
                for p in nwb
            }
            for path, future in futures.items():
                reports[path] = report_from_outcome(str(path), future.result(), timeout)
                if on_done is not None:
                    on_done(reports[path])
    if specs:
        from nwb_lsp.spec import check_spec_files

        for report in check_spec_files(specs):
            if filter is not None:
                report = FileReport(
                    report.path, report.kind, tuple(filter.apply(report.findings))
                )
            reports[Path(report.path)] = report
            if on_done is not None:
                on_done(report)
    return [reports[p] for p in paths if p in reports]
