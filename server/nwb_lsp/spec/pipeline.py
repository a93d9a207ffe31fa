"""A namespace file through the schema pipeline, findings placed at the type.

What validates a file later must build now: the namespace is loaded as a spec set
(imports resolved through the workspace's other namespace files and the installed
core), its types resolved, translated to LinkML and generated into pydantic models
(cached like a file's models, so a second check is quick). Whatever fails there —
``S001`` to ``S007`` findings, or the generator itself (``S008``) — is reported at the
definition of the type concerned (in the schema file that defines it) or, when no
type is concerned, at the namespace's name in the namespace file.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from nwb_lsp.findings import (
    Finding,
    Location,
    Range,
    Severity,
    define_code,
    finding,
)

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
    by the path of the document each belongs to."""
    from nwb_lsp.schema.catalog import catalog_for_namespace_file
    from nwb_lsp.schema.linkml import to_linkml
    from nwb_lsp.schema.provider import ModelProvider

    entries = doc.namespace_entries()
    fallback = entries[0].name_range if entries and entries[0].name_range else None
    search = sorted({Path(d.path).parent for d in ws.namespace_documents()})
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
