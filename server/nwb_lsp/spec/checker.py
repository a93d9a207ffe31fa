"""Checking spec files together, as ``nwb-lsp check`` does: every file gets a report.

All the given files form one workspace, so types and namespaces defined in one
resolve in the others. Each file is read, parsed and checked within its share of
the per-file timeout (``Y024`` when it runs out); whatever goes wrong inside nwb-lsp
on one file becomes a ``Y025`` finding on that file, never the loss of the run's
report. Namespace files then go through the schema pipeline (model generation) —
in this process, or through a ``PipelineRunner`` the caller provides (the CLI runs
it in a worker process, where the timeout can stop it).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from nwb_lsp.findings import FileReport, Finding, Location, Range, finding
from nwb_lsp.spec.document import SpecDocument
from nwb_lsp.spec.limits import INTERNAL_ERROR, Deadline
from nwb_lsp.spec.workspace import SpecWorkspace

log = logging.getLogger(__name__)

PipelineRunner = Callable[[SpecWorkspace, SpecDocument], dict[str, list[Finding]]]
T = TypeVar("T")


def check_spec_files(
    paths: list[Path],
    *,
    pipeline: bool | PipelineRunner = True,
    timeout: float | None = None,
) -> list[FileReport]:
    """Check spec YAML files together, so imports between them resolve; with
    ``pipeline``, also run each namespace file through the schema pipeline (a
    callable runs it instead of this process). ``timeout`` is per file."""
    workspace = SpecWorkspace()
    unique = list(dict.fromkeys(paths))  # a path given twice is checked once
    found: dict[str, list[Finding]] = {str(p): [] for p in unique}
    spent: dict[str, float] = {}
    for path in unique:
        started = time.monotonic()
        deadline = Deadline.after(timeout)
        _guarded(found[str(path)], workspace.load, path, deadline)
        spent[str(path)] = time.monotonic() - started
    for path in unique:
        key = str(path)
        if key not in workspace.documents:
            continue
        left = None if timeout is None else max(timeout - spent[key], 0.0)
        deadline = Deadline.after(left, timeout)
        findings = _guarded(found[key], workspace.diagnostics, key, deadline)
        found[key].extend(findings or [])
    if pipeline:
        run = _in_process if pipeline is True else pipeline
        _pipelines(workspace, run, found)
    return [
        FileReport(str(p), "spec", tuple(sorted(found[str(p)], key=_sort)))
        for p in paths
    ]


def _pipelines(
    workspace: SpecWorkspace,
    run: PipelineRunner,
    found: dict[str, list[Finding]],
) -> None:
    from nwb_lsp.spec.pipeline import pipeline_documents

    for document in pipeline_documents(workspace):
        target = found.setdefault(document.path, [])
        results = _guarded(target, run, workspace, document)
        for path, extra in (results or {}).items():
            found.setdefault(path, []).extend(extra)


def _in_process(
    workspace: SpecWorkspace, document: SpecDocument
) -> dict[str, list[Finding]]:
    from nwb_lsp.spec.pipeline import pipeline_findings

    return pipeline_findings(workspace, document)


def _guarded(out: list[Finding], work: Callable[..., T], *args: Any) -> T | None:
    """``work(*args)``, or ``None`` and a ``Y025`` finding in ``out`` when it raises
    (a bug in nwb-lsp must cost one file its report, not the whole run)."""
    try:
        return work(*args)
    except Exception as exc:
        log.debug("spec check failed", exc_info=True)
        message = f"internal error: {type(exc).__name__}: {exc}"
        where = Location(range=Range.of(0, 0, 0, 0))
        out.append(finding(INTERNAL_ERROR, message[:500], where))
        return None


def _sort(f: Finding) -> tuple[object, ...]:
    return f.sort_key
