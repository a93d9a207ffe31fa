"""``nwb-lsp check`` end to end: exit codes, formats, filters, file-level findings."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nwb_lsp.cli import main

CORPUS = Path(__file__).parents[1] / "data" / "corpus"
NO_UNIT = CORPUS / "1.5.1_timeseries_no_unit.nwb"


def test_clean_file_exits_zero(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(data_dir / "realistic.nwb")]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "1 file checked: 0 error(s)" in captured.err


def test_text_lines(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(NO_UNIT), "-q"]) == 1
    assert capsys.readouterr().out == (
        f"{NO_UNIT}:/acquisition/test_timeseries/data: error M010 required attribute "
        "'unit' is missing\n"
    )


def test_json_report_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(NO_UNIT), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["version"] == 1
    (entry,) = report["files"]
    assert entry["path"] == str(NO_UNIT) and entry["kind"] == "nwb"
    (f,) = entry["findings"]
    assert {k: f[k] for k in ("code", "severity", "location", "related")} == {
        "code": "M010",
        "severity": "error",
        "location": {"hdf5_path": "/acquisition/test_timeseries/data"},
        "related": [],
    }
    assert f["spec"] == {
        "namespace": "core",
        "version": "2.3.0",
        "neurodata_type": "TimeSeries",
    }


def test_sarif_structure(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(NO_UNIT), "--format", "sarif"]) == 1
    sarif = json.loads(capsys.readouterr().out)
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    assert run["tool"]["driver"]["rules"][0]["id"] == "M010"
    (result,) = run["results"]
    assert result["level"] == "error" and result["ruleId"] == "M010"
    loc = result["locations"][0]
    assert loc["physicalLocation"]["artifactLocation"]["uri"] == str(NO_UNIT)
    assert loc["logicalLocations"][0]["fullyQualifiedName"] == (
        "/acquisition/test_timeseries/data"
    )


def test_github_annotations(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(NO_UNIT), "--format", "github"]) == 1
    assert capsys.readouterr().out.startswith(f"::error file={NO_UNIT},title=M010::")


def test_select_and_ignore(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(NO_UNIT), "--ignore", "M"]) == 0
    assert main(["check", str(NO_UNIT), "--select", "G,T"]) == 0
    assert main(["check", str(NO_UNIT), "--select", "M010", "-q"]) == 1
    assert "M010" in capsys.readouterr().out


def test_directories_and_jobs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("1.5.1_timeseries_no_unit.nwb", "2.2.0_subject_no_age__reference.nwb"):
        shutil.copy(CORPUS / name, tmp_path / name)
    assert main(["check", str(tmp_path), "-j", "2", "--format", "json"]) == 1
    files = json.loads(capsys.readouterr().out)["files"]
    assert sorted(Path(f["path"]).name for f in files) == [
        "1.5.1_timeseries_no_unit.nwb",
        "2.2.0_subject_no_age__reference.nwb",
    ]


def test_file_level_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.nwb"
    bad.write_text("definitely not HDF5")
    cut = tmp_path / "cut.nwb"
    cut.write_bytes(NO_UNIT.read_bytes()[:5000])
    assert main(["check", str(bad), str(cut), "-q"]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:/: error F001 not an HDF5 file" in out
    assert f"{cut}:/: error F002 truncated or corrupt HDF5 file" in out


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "missing.nwb")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["check", str(tmp_path)]) == 2  # nothing to check


def test_module_entry_point_and_help() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "nwb_lsp", "check", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "--select" in proc.stdout and "--jobs" in proc.stdout
