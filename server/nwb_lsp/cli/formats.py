"""Reports as text, JSON or GitHub workflow annotations (SARIF: ``sarif.py``), and
the count of findings by code (``--statistics``).

Every format ends with a newline when it prints anything; JSON always does.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from nwb_lsp.findings import CODES, FileReport, Finding, Severity

FORMATS = ("text", "json", "sarif", "github")
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


@dataclass(frozen=True)
class CodeCount:
    """How often one rule code was reported, with its severity and meaning."""

    code: str
    count: int
    severity: Severity
    summary: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "severity": self.severity.value,
            "summary": self.summary,
        }


def render(
    fmt: str,
    reports: Sequence[FileReport],
    *,
    statistics: bool,
    skipped: Sequence[tuple[str, str]] = (),
) -> str:
    """``reports`` in format ``fmt``; ``statistics``: the counts by code instead of
    the findings (text), or beside them (JSON); ``skipped``: files named on the
    command line and left out, with the reason (JSON lists them, so every input
    has its verdict there; text says so on stderr)."""
    if fmt == "sarif":
        from nwb_lsp.cli.sarif import to_sarif

        return to_sarif(reports)
    if fmt == "github":
        return to_github(reports)
    counts = code_counts(reports) if statistics else None
    if fmt == "json":
        return to_json(reports, counts, skipped)
    return to_text(reports) if counts is None else statistics_text(counts)


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


def code_counts(reports: Sequence[FileReport]) -> list[CodeCount]:
    """Findings counted by code, most frequent first (then by code)."""
    from nwb_lsp.codes import load_all

    load_all()  # summaries of codes found in worker processes
    findings = [f for r in reports for f in r.findings]
    counts = Counter(f.code for f in findings)
    worst: dict[str, Severity] = {}
    for f in findings:
        if f.code not in worst or f.severity.rank < worst[f.code].rank:
            worst[f.code] = f.severity
    return [
        CodeCount(code, n, worst[code], CODES[code].summary if code in CODES else "")
        for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def statistics_text(counts: Sequence[CodeCount]) -> str:
    """One line per code: code, count, severity, summary, in aligned columns."""
    if not counts:
        return ""
    width = max(len(str(c.count)) for c in counts)
    code_width = max(len(c.code) for c in counts)
    lines = [
        f"{c.code:<{code_width}}  {c.count:>{width}}  {c.severity.value:<7}  "
        f"{c.summary}".rstrip()
        for c in counts
    ]
    return "\n".join(lines) + "\n"


def to_json(
    reports: Sequence[FileReport],
    counts: Sequence[CodeCount] | None = None,
    skipped: Sequence[tuple[str, str]] = (),
) -> str:
    document: dict[str, Any] = {"version": 1, "files": [r.to_dict() for r in reports]}
    if skipped:
        document["skipped"] = [{"path": p, "reason": why} for p, why in skipped]
    if counts is not None:
        document["statistics"] = {c.code: c.to_dict() for c in counts}
    return json.dumps(document, indent=1) + "\n"


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
