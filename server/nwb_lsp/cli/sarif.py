"""Reports as SARIF 2.1.0, for code-scanning dashboards.

Each run lists, under ``tool.driver.rules``, every rule code its results use, with
the code's summary, default level and a ``helpUri`` to the code's row in
``docs/codes.md``. Codes reported by worker processes are registered there, not
here, so the whole registry is loaded first (``nwb_lsp.codes.load_all``, which
never imports h5py). Artifact locations are URIs: a relative path percent-encoded,
an absolute one as a ``file://`` URI; a related location in another file (the target
of an external link, a type defined in another YAML file) points at that file.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from nwb_lsp import __version__
from nwb_lsp.findings import (
    CODES,
    CODES_DOC,
    FileReport,
    Finding,
    Location,
    Severity,
    code_url,
)
from nwb_lsp.urls import is_url

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/nwb-lsp/nwb-lsp"
__all__ = ["CODES_DOC", "help_uri", "to_sarif"]
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def help_uri(code: str) -> str:
    """Where a code is explained: its anchor in docs/codes.md."""
    return code_url(code)


def to_sarif(reports: Sequence[FileReport]) -> str:
    from nwb_lsp.codes import load_all

    load_all()
    used = sorted({f.code for r in reports for f in r.findings})
    index = {code: i for i, code in enumerate(used)}
    severities = {f.code: f.severity for r in reports for f in r.findings}
    results = [
        _result(report, f, index[f.code]) for report in reports for f in report.findings
    ]
    run = {
        "tool": {
            "driver": {
                "name": "nwb-lsp",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(code, severities[code]) for code in used],
            }
        },
        "results": results,
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=1) + "\n"


def _rule(code: str, seen: Severity) -> dict[str, Any]:
    info = CODES.get(code)
    # an unregistered code (never expected) keeps the severity it was reported with
    severity = info.severity if info is not None else seen
    return {
        "id": code,
        "shortDescription": {"text": info.summary if info is not None else code},
        "defaultConfiguration": {"level": _LEVEL[severity.value]},
        "helpUri": help_uri(code),
    }


def _result(report: FileReport, f: Finding, rule_index: int) -> dict[str, Any]:
    out = _plain_result(report, f, rule_index)
    if f.inspector is not None:
        out["properties"] = {"inspector": f.inspector.to_dict()}
    return out


def _plain_result(report: FileReport, f: Finding, rule_index: int) -> dict[str, Any]:
    return {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": _LEVEL[f.severity.value],
        "message": {"text": f.message},
        "locations": [_location(report.path, f.location)],
        "relatedLocations": [
            {
                **_location(report.path, r.location),
                "id": i,
                "message": {"text": r.message},
            }
            for i, r in enumerate(f.related)
        ],
    }


def _location(path: str, loc: Location) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": file_uri(loc.file or path)}}
    if loc.range is not None:
        physical["region"] = {
            "startLine": loc.range.start.line + 1,
            "startColumn": loc.range.start.character + 1,
            "endLine": loc.range.end.line + 1,
            "endColumn": loc.range.end.character + 1,
        }
    out: dict[str, Any] = {"physicalLocation": physical}
    if loc.hdf5_path is not None:
        out["logicalLocations"] = [
            {"fullyQualifiedName": loc.hdf5_path, "kind": "object"}
        ]
    return out


def file_uri(path: str) -> str:
    """A path as a URI reference: relative paths stay relative (as code scanning
    wants them, relative to the repository), absolute ones become ``file://``; the
    (redacted) URL of a remote file is its own URI."""
    if is_url(path):
        return path
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(p.as_posix())
