"""Validating NWB files: one index pass, then every rule, as one ``FileReport``.

``validate_nwb_file`` does HDF5 work in the calling process — the CLI and the
language server call it inside worker processes (``nwb_lsp.workers``, orchestrated by
``nwb_lsp.checking``), because libhdf5 can crash or hang on a corrupt file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from nwb_lsp.findings import (
    FileReport,
    Finding,
    FindingFilter,
    dedupe,
)
from nwb_lsp.hdf5.index import build_index
from nwb_lsp.hdf5.records import FileIndex
from nwb_lsp.hdf5.values import ValueReader
from nwb_lsp.rules import errata, file_level, links, tables, timeseries
from nwb_lsp.rules.context import CheckContext
from nwb_lsp.rules.guard import guarded
from nwb_lsp.schema.catalog import catalog_for_index
from nwb_lsp.urls import RemoteOptions, shown

RULES: list[Callable[[CheckContext], Iterable[Finding]]] = [
    links.check,
    tables.check,
    timeseries.check,
]
# the code family each rule module reports (a rule none of whose codes is wanted
# is not run: ``--select B`` runs the best practices alone)
FAMILIES = {
    "links": "G",
    "tables": "G",
    "timeseries": "T",
    "model": "M",
    "bestpractice": "B",
}


def _model_rules() -> list[Callable[[CheckContext], Iterable[Finding]]]:
    from nwb_lsp.rules import model

    return [model.check]


def _best_practice_rules() -> list[Callable[[CheckContext], Iterable[Finding]]]:
    from nwb_lsp.rules import bestpractice

    return [bestpractice.check]


def _rules(
    index: FileIndex, values: ValueReader, filter: FindingFilter | None
) -> list[Finding]:
    """Every rule against the file's own specs; a rule that fails is one finding
    (best practices only when asked for: ``FindingFilter.best_practices``; rules
    whose codes are all filtered out are left out)."""
    catalog = catalog_for_index(index)
    ctx = CheckContext(index, catalog, values)
    checked: list[Finding] = []
    wanted = filter is not None and filter.best_practices
    for rule in [*RULES, *_model_rules(), *(_best_practice_rules() if wanted else [])]:
        name = rule.__module__.rsplit(".", 1)[-1]
        family = FAMILIES.get(name)
        if filter is not None and family is not None and not filter.wants(family):
            continue
        checked.extend(guarded(name, "/", rule(ctx)))
    return [*catalog.findings, *errata.recode(checked, index, catalog)]


def validate_nwb_file(
    path: str | os.PathLike[str],
    *,
    filter: FindingFilter | None = None,
    index: FileIndex | None = None,
    processes: int | None = None,
    remote: RemoteOptions | None = None,
) -> FileReport:
    """Every finding about one NWB file, de-duplicated and sorted (``index``: the
    file's index when the caller has already built it; ``processes``: how many
    processes may share its indexing, see ``build_index``). ``path`` may be a URL,
    read with ``remote``'s settings; the report names it redacted."""
    if index is None:
        index = build_index(path, processes=processes, remote=remote)
    findings: list[Finding] = []
    if any(p.kind in file_level.FATAL for p in index.problems):
        findings.extend(file_level.check(index))
    else:
        with ValueReader(path, index, remote) as values:
            findings.extend(file_level.check(index, values))
            if not file_level.stops_checking(findings):
                findings.extend(_rules(index, values, filter))
            # values that could not be read: once per dataset (rules saw "unknown")
            findings.extend(file_level.problem_findings(values.problems))
            findings.extend(file_level.problem_findings(values.remote_problems()))
    findings = dedupe(sorted(findings, key=lambda f: f.sort_key))
    if filter is not None:
        findings = filter.apply(findings)
    return FileReport(shown(str(path)), "nwb", tuple(findings))
