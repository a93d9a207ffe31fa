"""Verdicts on 32 real files from other writers (``tests/data/real-writers``).

Their README states what a correct validator says about each: files from aqnwb,
neuroconv and the ndx-events / ndx-pose extensions are valid under the specs they
carry; NWB 1.0.6 files get one file-level verdict; MatNWB 2018 files (every attribute
a one-element array, no specs) are validated against the matching released core with
the form reported once; the pynwb 0.x file keeps the date-times written with a space.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nwb_lsp.findings import FileReport
from nwb_lsp.validate import validate_nwb_file

CORPUS = Path(__file__).parents[2] / "data" / "real-writers"
FILES = sorted(CORPUS.glob("*.nwb"))
CLEAN = [p for p in FILES if any(w in p.name for w in ("aqnwb", "neuroconv", "ndx-"))]
MATNWB_2018 = [
    p
    for p in FILES
    if p.stem.split("__")[-1]
    in (
        "S1",
        "ecephys_tutorial",
        "link_test",
        "membrane_potential",
        "tutorials_ecephys_tutorial-e7401f8",
    )
]


def _errors(report: FileReport) -> set[tuple[str, str | None]]:
    return {
        (f.code, f.location.hdf5_path)
        for f in report.findings
        if f.severity.value == "error"
    }


def test_the_corpus_is_all_here() -> None:
    assert len(FILES) == 32 and len(CLEAN) == 23 and len(MATNWB_2018) == 5


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.stem)
def test_files_pynwb_finds_valid_have_no_errors(path: Path) -> None:
    assert _errors(validate_nwb_file(path)) == set()


@pytest.mark.parametrize("name", ["20080606_R1", "20080606_R2"])
def test_nwb_1_files_get_one_verdict(name: str) -> None:
    (path,) = CORPUS.glob(f"*{name}.nwb")
    report = validate_nwb_file(path)
    assert [(f.code, f.location.hdf5_path) for f in report.findings] == [("F010", "/")]
    assert "NWB 1.x file (version 1.0.6)" in report.findings[0].message


@pytest.mark.parametrize("path", MATNWB_2018, ids=lambda p: p.stem)
def test_matnwb_2018_files_are_validated_and_the_form_said_once(path: Path) -> None:
    report = validate_nwb_file(path)
    forms = [f for f in report.findings if f.code == "M024"]
    assert len(forms) == 1 and forms[0].severity.value == "warning"
    (s004,) = (f for f in report.findings if f.code == "S004")
    assert "validated against NWB core 2.0.1" in s004.message
    # validated fully: the dates MatNWB wrote in ISO 8601's basic form are caught
    assert ("M023", "/session_start_time") in _errors(report)


def test_pynwb_0x_dates_with_a_space_are_caught() -> None:
    (path,) = CORPUS.glob("*matnwb__test_output.nwb")
    errors = _errors(validate_nwb_file(path))
    assert {("M023", "/session_start_time"), ("M023", "/file_create_date")} <= errors


def test_no_internal_failure_anywhere() -> None:
    for path in FILES:
        codes = {f.code for f in validate_nwb_file(path).findings}
        assert not codes & {"F008", "F009"}, path.name
