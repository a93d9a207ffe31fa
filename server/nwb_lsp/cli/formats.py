"""Reports as text, JSON, SARIF 2.1.0 or GitHub workflow annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from nwb_lsp import __version__
from nwb_lsp.findings import CODES, FileReport, Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _where(report: FileReport, f: Finding) -> str:
    """``path:/hdf5/path`` for NWB files, ``path:line:col`` (1-based) for YAML."""
    loc = f.location
    if loc.range is not None:
        return (
            f"{report.path}:{loc.range.start.line + 1}:{loc.range.start.character + 1}"
        )
    return f"{report.path}:{loc.hdf5_path}"


def to_text(reports: Sequence[FileReport]) -> str:
    lines = []
    for report in reports:
        for f in report.findings:
            lines.append(
                f"{_where(report, f)}: {f.severity.value} {f.code} {f.message}"
            )
    return "\n".join(lines) + ("\n" if lines else "")


def summary(reports: Sequence[FileReport]) -> str:
    counts = {"error": 0, "warning": 0, "info": 0}
    for report in reports:
        for f in report.findings:
            counts[f.severity.value] += 1
    files = len(reports)
    return (
        f"{files} file{'s' * (files != 1)} checked: {counts['error']} error(s), "
        f"{counts['warning']} warning(s), {counts['info']} note(s)"
    )


def to_json(reports: Sequence[FileReport]) -> str:
    return json.dumps({"version": 1, "files": [r.to_dict() for r in reports]}, indent=1)


def _sarif_location(report: FileReport, f: Finding) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": report.path}}
    loc = f.location
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


def to_sarif(reports: Sequence[FileReport]) -> str:
    used = sorted({f.code for r in reports for f in r.findings})
    rules = [
        {
            "id": code,
            "shortDescription": {
                "text": CODES[code].summary if code in CODES else code
            },
            "defaultConfiguration": {
                "level": _SARIF_LEVEL[CODES[code].severity.value]
                if code in CODES
                else "error"
            },
        }
        for code in used
    ]
    results = [
        {
            "ruleId": f.code,
            "ruleIndex": used.index(f.code),
            "level": _SARIF_LEVEL[f.severity.value],
            "message": {"text": f.message},
            "locations": [_sarif_location(report, f)],
            "relatedLocations": [
                {
                    **_sarif_location(
                        report, Finding(f.code, f.severity, r.message, r.location)
                    ),
                    "id": i,
                    "message": {"text": r.message},
                }
                for i, r in enumerate(f.related)
            ],
        }
        for report in reports
        for f in report.findings
    ]
    run = {
        "tool": {
            "driver": {
                "name": "nwb-lsp",
                "version": __version__,
                "informationUri": "https://github.com/nwb-lsp/nwb-lsp",
                "rules": rules,
            }
        },
        "results": results,
    }
    return json.dumps(
        {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, indent=1
    )


def to_github(reports: Sequence[FileReport]) -> str:
    lines = []
    for report in reports:
        for f in report.findings:
            props = [f"file={report.path}", f"title={f.code}"]
            if f.location.range is not None:
                props.append(f"line={f.location.range.start.line + 1}")
                props.append(f"col={f.location.range.start.character + 1}")
            where = f.location.hdf5_path
            text = f"{where}: {f.message}" if where else f.message
            text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            lines.append(
                f"::{_GITHUB_LEVEL[f.severity.value]} {','.join(props)}::{text}"
            )
    return "\n".join(lines) + ("\n" if lines else "")


FORMATTERS = {"text": to_text, "json": to_json, "sarif": to_sarif, "github": to_github}
