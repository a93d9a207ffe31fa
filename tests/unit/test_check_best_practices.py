"""``nwb-lsp check`` with best practices: opt-in, configuration, outputs.

The clean test file (``realistic.nwb``) is clean against the schema, so plain
``check`` passes it; its best-practice findings (no subject: B108 an error,
placeholder descriptions: B123 notes, regular timestamps: B201 warnings) appear
only when best practices are asked for.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nwb_lsp.cli import main


def _codes(out: str) -> set[str]:
    report = json.loads(out)
    return {f["code"] for entry in report["files"] for f in entry["findings"]}


def test_best_practices_are_opt_in(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(data_dir / "realistic.nwb"), "--format", "json"]) == 0
    assert not {c for c in _codes(capsys.readouterr().out) if c.startswith("B")}


def test_best_practice_findings_carry_the_inspector_check(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(data_dir / "realistic.nwb")
    assert main(["check", path, "--best-practices", "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    subject = next(f for f in findings if f["code"] == "B108")
    assert subject["severity"] == "error"
    assert subject["location"] == {"hdf5_path": "/"}
    assert subject["inspector"] == {
        "check": "check_subject_exists",
        "importance": "CRITICAL",
    }
    assert all("inspector" not in f for f in findings if not f["code"].startswith("B"))


def test_threshold_and_select(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(data_dir / "realistic.nwb")
    main(["check", path, "--select", "B", "--threshold", "BEST_PRACTICE_VIOLATION"])
    out = capsys.readouterr().out
    assert "B108" in out and "B201" in out and "B123" not in out


def test_an_inspector_config_lowers_and_skips(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "inspector.yaml"
    config.write_text(
        "BEST_PRACTICE_SUGGESTION:\n  - check_subject_exists\n"
        "SKIP:\n  - check_description\n"
    )
    path = str(data_dir / "realistic.nwb")
    assert main(["check", path, "--config", str(config), "--format", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    subject = next(f for f in findings if f["code"] == "B108")
    assert subject["severity"] == "info"
    assert subject["inspector"]["importance"] == "BEST_PRACTICE_SUGGESTION"
    assert not any(f["code"] == "B123" for f in findings)


def test_the_pyproject_of_the_working_directory(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.nwb-lsp]\nbest-practices = true\nignore = ["B123", "B2"]\n'
        'severity = { B108 = "warning" }\n'
    )
    monkeypatch.chdir(tmp_path)
    path = str(data_dir / "realistic.nwb")
    assert main(["check", path, "--format", "json"]) == 0
    codes = _codes(capsys.readouterr().out)
    assert "B108" in codes and not {"B123", "B201"} & codes


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--threshold", "loud"], "unknown level 'loud'"),
        (["--config", "missing.yaml"], "missing.yaml"),
    ],
)
def test_bad_configuration_is_a_usage_error(
    data_dir: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(data_dir / "realistic.nwb"), *args]) == 2
    assert message in capsys.readouterr().err


def test_a_bad_pyproject_code_is_a_usage_error(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.nwb-lsp]\nignore = ["B999"]\n')
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(data_dir / "realistic.nwb")]) == 2
    assert "no rule code starts with 'B999'" in capsys.readouterr().err


def test_sarif_results_carry_the_inspector_check(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(data_dir / "realistic.nwb")
    main(["check", path, "--select", "B108", "--format", "sarif"])
    (result,) = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert result["properties"] == {
        "inspector": {"check": "check_subject_exists", "importance": "CRITICAL"}
    }
