"""File reports as JSON text and back, for the results cache.

A report is stored as the JSON the CLI prints (``FileReport.to_dict``) rather than a
pickle: a cache folder may be read by processes of users other than its writer,
and unpickling would let whoever can write it run code in theirs. ``report_from_json``
rebuilds exactly the frozen values that were stored; text that does not decode
raises ``ValueError``, which the cache treats as a miss.
"""

from __future__ import annotations

import json
from typing import Any

from nwb_lsp.findings import (
    FileReport,
    Finding,
    Inspector,
    Location,
    Range,
    Related,
    Severity,
    SpecRef,
)


def report_to_json(report: FileReport) -> str:
    return json.dumps(report.to_dict(), separators=(",", ":"), ensure_ascii=False)


def report_from_json(text: str) -> FileReport:
    """The report ``report_to_json`` wrote; ``ValueError`` for anything else."""
    try:
        raw = json.loads(text)
        return FileReport(
            str(raw["path"]),
            str(raw["kind"]),
            tuple(_finding(f) for f in raw["findings"]),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a stored report: {exc}") from exc


def _finding(raw: dict[str, Any]) -> Finding:
    spec, inspector = raw.get("spec"), raw.get("inspector")
    return Finding(
        code=str(raw["code"]),
        severity=Severity(raw["severity"]),
        message=str(raw["message"]),
        location=_location(raw["location"]),
        related=tuple(
            Related(_location(r["location"]), str(r["message"]))
            for r in raw.get("related", ())
        ),
        spec=SpecRef(**spec) if spec is not None else None,
        inspector=Inspector(**inspector) if inspector is not None else None,
    )


def _location(raw: dict[str, Any]) -> Location:
    where = raw.get("range")
    return Location(
        hdf5_path=raw.get("hdf5_path"),
        range=_range(where) if where is not None else None,
        file=raw.get("file"),
    )


def _range(raw: dict[str, dict[str, int]]) -> Range:
    start, end = raw["start"], raw["end"]
    return Range.of(start["line"], start["character"], end["line"], end["character"])
