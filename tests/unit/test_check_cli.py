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
    assert loc["physicalLocation"]["artifactLocation"]["uri"] == NO_UNIT.as_uri()
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


def test_codes_match_in_any_case(capsys: pytest.CaptureFixture[str]) -> None:
    from nwb_lsp.findings import FindingFilter, Severity

    # the language server's settings use the same filter
    flt = FindingFilter(select=("m",), severity_overrides={"m010": Severity.INFO})
    assert flt.allows("M010") and not flt.allows("G001")
    assert flt.severity_overrides == {"M010": Severity.INFO}
    assert main(["check", str(NO_UNIT), "--ignore", "m"]) == 0
    assert main(["check", str(NO_UNIT), "--select", "m010", "-q"]) == 1
    assert " M010 " in capsys.readouterr().out


@pytest.mark.parametrize(
    ("option", "value", "hint"),
    [
        ("--select", "M01O", "; did you mean M010?"),
        ("--select", "G,MO10", "; did you mean M010?"),
        ("--ignore", "Q", " "),
        ("--ignore", "y0010", "; did you mean Y001?"),
    ],
)
def test_unknown_codes_are_usage_errors(
    option: str, value: str, hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(NO_UNIT), option, value]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    wrong = value.split(",")[-1]
    assert line.startswith(
        f"nwb-lsp check: error: {option} {wrong}: no rule code starts with "
        f"{wrong.upper()!r}{hint}"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--timeout", "-5"], "argument --timeout: must be a positive number"),
        (["--timeout", "0"], "argument --timeout: must be a positive number"),
        (["--timeout", "nan"], "argument --timeout: must be a positive number"),
        (["--timeout", "soon"], "argument --timeout: expected a number of seconds"),
        (["-j", "0"], "argument -j/--jobs: must be 1 or more, got 0"),
        (["-j", "-3"], "argument -j/--jobs: must be 1 or more, got -3"),
        (["-j", "two"], "argument -j/--jobs: expected a whole number, got 'two'"),
    ],
)
def test_numbers_out_of_range_are_usage_errors(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(NO_UNIT), *args])
    assert exit_info.value.code == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"nwb-lsp check: error: {message}")


def test_default_timeout_is_a_minute() -> None:
    import inspect

    from nwb_lsp.checking import DEFAULT_TIMEOUT, check_paths
    from nwb_lsp.cli import build_parser

    args = build_parser().parse_args(["check", "x.nwb"])
    default = inspect.signature(check_paths).parameters["timeout"].default
    assert args.timeout == DEFAULT_TIMEOUT == default == 60.0


def test_statistics_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = [NO_UNIT, CORPUS / "2.1.0_imageseries_non_external_format.nwb"]
    files += [CORPUS / "1.5.1_imageseries_no_unit.nwb"]
    assert main(["check", *map(str, files), "--statistics"]) == 1
    captured = capsys.readouterr()
    assert captured.out == (
        "M010  2  error    a required attribute, dataset, group or link is missing\n"
        "T004  1  error    an ImageSeries with external_file must have format "
        "'external'\n"
        "T006  1  warning  an ImageSeries external file does not exist\n"
    )
    assert "3 files checked: 3 error(s), 1 warning(s)" in captured.err


def test_statistics_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(NO_UNIT), "--format", "json", "--statistics"]) == 1
    out = capsys.readouterr().out
    assert out.endswith("}\n")
    report = json.loads(out)
    assert report["statistics"] == {
        "M010": {
            "count": 1,
            "severity": "error",
            "summary": "a required attribute, dataset, group or link is missing",
        }
    }
    assert len(report["files"][0]["findings"]) == 1


def test_statistics_of_a_clean_file(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(data_dir / "realistic.nwb"), "--statistics"]) == 0
    assert capsys.readouterr().out == ""
    assert (
        main(
            [
                "check",
                str(data_dir / "realistic.nwb"),
                "--statistics",
                "--format",
                "json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["statistics"] == {}
    assert main(["check", str(NO_UNIT), "--statistics", "--format", "sarif"]) == 2
    assert "--statistics works with --format text or json" in capsys.readouterr().err


def test_json_ends_with_a_newline(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(NO_UNIT), "--format", "json"])
    assert capsys.readouterr().out.endswith("}\n")


def test_yaml_that_is_not_a_spec_is_said_to_be_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("steps:\n- run: pytest\n")
    assert main(["check", str(config)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"{config}: not NWB spec YAML (no top-level namespaces, groups or "
        "datasets); skipped",
        "0 files checked: 0 error(s), 0 warning(s), 0 note(s)",
    ]
    assert main(["check", str(config), str(NO_UNIT), "--format", "json"]) == 1
    files = json.loads(capsys.readouterr().out)["files"]
    assert [f["path"] for f in files] == [str(NO_UNIT)]


def test_a_file_named_twice_is_checked_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(NO_UNIT), str(NO_UNIT), str(CORPUS), "-q"]) == 1
    assert capsys.readouterr().out.count(f"{NO_UNIT}:") == 1


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
