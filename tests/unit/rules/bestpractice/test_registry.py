"""The best-practice registry: every check registered once, failures isolated."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from nwb_lsp.findings import CODES, FindingFilter, Severity
from nwb_lsp.hdf5.records import ObjectRecord
from nwb_lsp.rules.bestpractice import CHECKS, registry
from nwb_lsp.rules.bestpractice.registry import Note
from nwb_lsp.rules.context import CheckContext
from nwb_lsp.validate import validate_nwb_file

SEVERITY = {
    "CRITICAL": Severity.ERROR,
    "BEST_PRACTICE_VIOLATION": Severity.WARNING,
    "BEST_PRACTICE_SUGGESTION": Severity.INFO,
}


def test_each_check_has_a_code_of_its_importance() -> None:
    assert len({c.check for c in CHECKS.values()}) == len(CHECKS)
    for code, entry in CHECKS.items():
        assert (
            code.startswith("B") and CODES[code].severity is SEVERITY[entry.importance]
        )
        assert entry.summary and entry.why and entry.fix


def test_a_failing_check_is_one_f009_and_the_others_still_report(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
        raise ValueError("boom")
        yield

    entry = dataclasses.replace(CHECKS["B108"], function=broken)
    monkeypatch.setitem(registry.CHECKS, "B108", entry)
    report = validate_nwb_file(
        data_dir / "realistic.nwb", filter=FindingFilter(select=("B", "F009"))
    )
    codes = [f.code for f in report.findings]
    assert "B108" not in codes and "B107" in codes
    (failed,) = [f for f in report.findings if f.code == "F009"]
    assert failed.location.hdf5_path == "/"
    assert "check_subject_exists check failed here (ValueError: boom)" in failed.message
