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
    """An LSP diagnostic; NWB-file findings start with their HDF5 path, at line 0."""
    if f.location.range is not None:
        rng = to_lsp_range(f.location.range)
        message = f.message
    else:
        rng = types.Range(start=types.Position(0, 0), end=types.Position(0, 0))
        message = f"{f.location.hdf5_path}: {f.message}"
    related = []
    for r in f.related:
        target = r.location.file or None
        if r.location.range is not None and (target or uri):
            from pygls.uris import from_fs_path

            related.append(
                types.DiagnosticRelatedInformation(
                    location=types.Location(
                        uri=(from_fs_path(target) if target else uri) or "",
                        range=to_lsp_range(r.location.range),
                    ),
                    message=r.message,
                )
            )
    return types.Diagnostic(
        range=rng,
        message=message,
        severity=SEVERITY[f.severity],
        code=f.code,
        code_description=types.CodeDescription(href=code_url(f.code)),
        source="nwb-lsp",
        related_information=related or None,
        data={"inspector": f.inspector.to_dict()} if f.inspector else None,
    )
