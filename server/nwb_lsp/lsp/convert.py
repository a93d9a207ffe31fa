"""Findings to LSP diagnostics, and positions between the spec layer and the client.

The spec layer counts characters as Python string indices (code points); clients
count in the negotiated position encoding (UTF-16 by default). pygls' position codec
converts, given the document's lines.
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from nwb_lsp.findings import Finding, Range, Severity, code_url
from nwb_lsp.findings import Position as SpecPosition

SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def to_lsp_range(r: Range) -> types.Range:
    return types.Range(
        start=types.Position(line=r.start.line, character=r.start.character),
        end=types.Position(line=r.end.line, character=r.end.character),
    )


def spec_position(pos: types.Position | Any) -> SpecPosition:
    return SpecPosition(pos.line, pos.character)


def diagnostic(f: Finding, *, uri: str | None = None) -> types.Diagnostic:
    """An LSP diagnostic. Findings in a spec document have a range. Findings in an
    NWB file (binary, no lines) sit at line 0 with a message that leads with the
    point; their HDF5 path goes into the related information (a location the
    client shows under the message) and into ``data["hdf5_path"]``, which an
    editor maps to the object's line in the ``nwb.showTree`` outline."""
    data: dict[str, Any] = {}
    related = _related(f, uri)
    zero = types.Range(start=types.Position(0, 0), end=types.Position(0, 0))
    rng = to_lsp_range(f.location.range) if f.location.range else zero
    path = f.location.hdf5_path if f.location.range is None else None
    if path is not None:
        data["hdf5_path"] = path
        if uri:
            where = types.DiagnosticRelatedInformation(
                types.Location(uri=uri, range=rng), f"HDF5 object {path}"
            )
            related.insert(0, where)
    if f.inspector:
        data["inspector"] = f.inspector.to_dict()
    return types.Diagnostic(
        range=rng,
        message=f.message,
        severity=SEVERITY[f.severity],
        code=f.code,
        code_description=types.CodeDescription(href=code_url(f.code)),
        source="nwb-lsp",
        related_information=related or None,
        data=data or None,
    )


def _related(f: Finding, uri: str | None) -> list[types.DiagnosticRelatedInformation]:
    """The finding's related places that have a position the client can open."""
    from pygls.uris import from_fs_path

    related = []
    for r in f.related:
        target = r.location.file or None
        if r.location.range is not None and (target or uri):
            related.append(
                types.DiagnosticRelatedInformation(
                    location=types.Location(
                        uri=(from_fs_path(target) if target else uri) or "",
                        range=to_lsp_range(r.location.range),
                    ),
                    message=r.message,
                )
            )
    return related
