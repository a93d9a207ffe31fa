"""A namespace file through the schema pipeline, findings placed at the type.

What validates a file later must build now: the namespace is loaded as a spec set
(imports resolved through the workspace's other namespace files and the installed
core), its types resolved, translated to LinkML and generated into pydantic models
(cached like a file's models, so a second check is quick). Whatever fails there —
``S001`` to ``S007`` findings, or the generator itself (``S008``) — is reported at the
definition of the type concerned (in the schema file that defines it) or, when no
type is concerned, at the namespace's name in the namespace file.

A namespace goes through the pipeline once: a later declaration of the same name
(a copy, or a conflicting one, which the cross-file rules report) is skipped, and so
is a namespace whose file or sources are missing or could not be read cleanly (bad
bytes, a YAML error, a limit): the spec rules have said why (``Y013``, ``Y019``...),
and the pipeline, which reads the files again with a plain YAML reader, could only
fail on them. ``in_worker`` runs
the pipeline in a worker process of the caller's pool (``nwb-lsp check`` does, so
its ``--timeout`` can stop model generation); ``Y024`` says when it did.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nwb_lsp.findings import (
    Finding,
    Location,
    Range,
    Severity,
    define_code,
    finding,
)
from nwb_lsp.spec import language
from nwb_lsp.spec.limits import TIMED_OUT
from nwb_lsp.spec.source import is_file, resolved

if TYPE_CHECKING:
    from nwb_lsp.spec.document import SpecDocument
    from nwb_lsp.spec.workspace import SpecWorkspace

log = logging.getLogger(__name__)

GENERATION_FAILED = define_code(
    "S008",
    Severity.ERROR,
    "the namespace's models could not be generated",
    "schema",
)


# Said already, with exact ranges, by the spec rules (Y014 a namespace that cannot
# be found, Y006 an unknown parent, Y011 a cycle); S004 only says the installed core
# was used, which is the intent.
SKIPPED = {"S001", "S002", "S003", "S004"}


def pipeline_findings(ws: SpecWorkspace, doc: SpecDocument) -> dict[str, list[Finding]]:
    """Findings of running ``doc`` (a namespace file) through the schema pipeline,
    by the path of the document each belongs to (none when it is not ``usable``:
    the spec rules say why)."""
    if not usable(ws, Path(doc.path)):
        return {}
    from nwb_lsp.schema.catalog import catalog_for_namespace_file
    from nwb_lsp.schema.linkml import to_linkml
    from nwb_lsp.schema.provider import ModelProvider

    entries = doc.namespace_entries()
    fallback = entries[0].name_range if entries and entries[0].name_range else None
    search = search_folders(ws)
    out: dict[str, list[Finding]] = {}

    def place(found: Finding) -> None:
        spec = found.spec
        named = spec.neurodata_type if spec else None
        definitions = ws.definitions(named) if named else []
        local = [d for d in definitions if d.path in ws.documents]
        if local:
            where = Location(range=local[0].range)
            target = local[0].path
        else:
            where = Location(range=fallback) if fallback else found.location
            target = doc.path
        placed = finding(
            found.code, found.message, where, related=found.related, spec=spec
        )
        out.setdefault(target, []).append(placed)

    try:
        catalog = catalog_for_namespace_file(doc.path, search)
        for found in catalog.findings:
            if found.code not in SKIPPED:
                place(found)
        _, untranslatable = to_linkml(catalog)
        for found in untranslatable:
            place(found)
        ModelProvider(catalog).module()
    except Exception as exc:  # the generator or the import of its output
        log.debug("pipeline failed for %s", doc.path, exc_info=True)
        place(
            finding(
                GENERATION_FAILED,
                f"models could not be generated: {type(exc).__name__}: {exc}",
                Location(range=fallback or Range.of(0, 0, 0, 0)),
            )
        )
    return out


def search_folders(ws: SpecWorkspace) -> list[Path]:
    """Where the pipeline may look for the namespaces a namespace imports: the
    folders of the workspace's namespace files in which every namespace file is
    ``usable`` (the pipeline reads each candidate and its sources with a plain YAML
    reader, which a broken one would stop)."""
    folders = sorted({Path(d.path).parent for d in ws.namespace_documents()})
    return [
        f for f in folders if all(usable(ws, p) for p in f.glob("*.namespace.y*ml"))
    ]


def usable(ws: SpecWorkspace, path: Path) -> bool:
    """A namespace file the pipeline can load: it and the sources it lists exist
    and read cleanly, and the specification language accepts the namespace file
    (its ``Y012``... say what is wrong otherwise)."""
    document = ws.document_at(path)
    if document is None or document.problems:
        return False
    if any(f.severity is Severity.ERROR for f in language.check(document)):
        return False
    folder = path.parent
    return all(
        is_file(folder / source) and not ws.reading_problems(folder / source)
        for source in document.sources()
    )


def pipeline_documents(ws: SpecWorkspace) -> list[SpecDocument]:
    """The namespace documents to run through the pipeline: each declares a
    namespace first, and is ``usable``."""
    out = []
    seen: set[str] = set()
    for document in ws.namespace_documents():
        names = {e.name for e in document.namespace_entries() if e.name}
        fresh = bool(names - seen)
        seen |= names
        if fresh and usable(ws, Path(document.path)):
            out.append(document)
    return out


def _own_documents(ws: SpecWorkspace, document: SpecDocument) -> list[SpecDocument]:
    """A namespace document and the workspace's documents it lists as sources."""
    folder = Path(document.path).parent
    listed = {resolved(folder / source) for source in document.sources()}
    return [document] + [
        d for d in ws.documents.values() if resolved(Path(d.path)) in listed
    ]


def pipeline_task(namespace: str, paths: list[str]) -> dict[str, list[Finding]]:
    """(In a worker.) The pipeline findings of the namespace file ``namespace``,
    in a workspace of the spec files ``paths``."""
    from nwb_lsp.spec.workspace import SpecWorkspace

    workspace = SpecWorkspace()
    for path in paths:
        workspace.load(path)
    return pipeline_findings(workspace, workspace.documents[namespace])


def in_worker(
    run: Callable[..., Any], timeout: float | None
) -> Callable[[SpecWorkspace, SpecDocument], dict[str, list[Finding]]]:
    """A pipeline runner for ``check_spec_files`` that calls ``run`` (a worker
    pool's ``run(target, *args)``, returning an outcome with ``ok``, ``value``,
    ``timed_out`` and ``error``) and turns a failed outcome into a finding."""

    def runner(ws: SpecWorkspace, document: SpecDocument) -> dict[str, list[Finding]]:
        paths = [d.path for d in ws.namespace_documents()]
        paths += [d.path for d in _own_documents(ws, document)[1:]]
        outcome = run("nwb_lsp.spec.pipeline.pipeline_task", document.path, paths)
        if outcome.ok:
            result: dict[str, list[Finding]] = outcome.value
            return result
        return {document.path: [_failed(document, outcome, timeout)]}

    return runner


def _failed(document: SpecDocument, outcome: Any, timeout: float | None) -> Finding:
    entries = document.namespace_entries()
    where = entries[0].name_range if entries and entries[0].name_range else None
    location = Location(range=where or Range.of(0, 0, 0, 0))
    if outcome.timed_out:
        return finding(
            TIMED_OUT,
            f"the schema pipeline (model generation) did not finish within "
            f"{timeout:g} s (--timeout)",
            location,
        )
    reason = (outcome.error or f"worker exit code {outcome.exitcode}").strip()
    return finding(
        GENERATION_FAILED,
        f"models could not be generated: {reason.splitlines()[0]}",
        location,
    )
