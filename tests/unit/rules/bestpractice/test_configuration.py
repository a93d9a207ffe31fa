"""Configuration of best practices: nwbinspector's YAML, ``[tool.nwb-lsp]``,
thresholds and importance overrides, for the CLI and the language server alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from nwb_lsp.checking import config
from nwb_lsp.findings import (
    Finding,
    FindingFilter,
    Inspector,
    Location,
    Severity,
)
from nwb_lsp.lsp.config import parse_settings


def _finding(code: str, severity: Severity, check: str, importance: str) -> Finding:
    return Finding(
        code,
        severity,
        "m",
        Location(hdf5_path="/"),
        inspector=Inspector(check, importance),
    )


def test_an_inspector_config_sets_importance_and_skips(tmp_path: Path) -> None:
    path = tmp_path / "inspector.yaml"
    path.write_text(
        "CRITICAL:\n  - check_description\n"
        "BEST_PRACTICE_SUGGESTION:\n  - check_subject_exists\n"
        "SKIP:\n  - check_keywords\n  - check_not_in_nwb_lsp\n"
    )
    importance, skipped = config.inspector_config(path)
    assert importance == {"B123": "CRITICAL", "B108": "BEST_PRACTICE_SUGGESTION"}
    assert skipped == ["B107"]


def test_dandi_raises_the_subject_checks() -> None:
    importance, skipped = config.inspector_config("dandi")
    assert importance["B116"] == "CRITICAL"  # check_subject_species_form
    assert importance["B202"] == "BEST_PRACTICE_VIOLATION"  # check_data_orientation
    assert skipped == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("IMPORTANT:\n  - check_keywords\n", "unknown key 'IMPORTANT'"),
        ("CRITICAL: check_keywords\n", "must be a list of check names"),
        ("- check_keywords\n", "is a mapping"),
        ("CRITICAL: [\n", "not valid YAML"),
    ],
)
def test_a_bad_inspector_config_says_why(
    tmp_path: Path, text: str, reason: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(config.ConfigError, match=reason):
        config.inspector_config(path)


def test_a_missing_inspector_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(config.ConfigError, match="No such file"):
        config.inspector_config(tmp_path / "none.yaml")


def test_pyproject_table(tmp_path: Path) -> None:
    (tmp_path / "dandi.yaml").write_text("SKIP:\n  - check_description\n")
    (tmp_path / "pyproject.toml").write_text(
        "[tool.nwb-lsp]\n"
        'select = ["B", "m010"]\n'
        'ignore = ["B107"]\n'
        'severity = { B108 = "warning" }\n'
        'threshold = "BEST_PRACTICE_VIOLATION"\n'
        'config = "dandi.yaml"\n'
    )
    nested = tmp_path / "data" / "session"
    nested.mkdir(parents=True)
    found = config.find_pyproject(nested)
    assert found == tmp_path / "pyproject.toml"
    settings = config.from_pyproject(found)
    assert settings.select == ("B", "M010")
    assert settings.ignore == ("B107", "B123")
    assert settings.severity == {"B108": Severity.WARNING}
    assert settings.threshold is Severity.WARNING
    assert settings.best_practices


def test_a_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.nwb-lsp]\nbest-practices = true\n")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert config.find_pyproject(inner) == tmp_path / "pyproject.toml"


def test_levels() -> None:
    assert config.level("critical") is Severity.ERROR
    assert config.level("BEST_PRACTICE_SUGGESTION") is Severity.INFO
    assert config.level("Warning") is Severity.WARNING
    with pytest.raises(config.ConfigError, match="unknown level 'loud'"):
        config.level("loud")


def test_importance_overrides_change_severity_and_importance() -> None:
    flt = FindingFilter(importance={"B123": "CRITICAL"})
    (out,) = flt.apply([_finding("B123", Severity.INFO, "check_description", "X")])
    assert out.severity is Severity.ERROR
    assert out.inspector == Inspector("check_description", "CRITICAL")


def test_threshold_drops_the_less_severe() -> None:
    flt = FindingFilter(threshold=Severity.WARNING)
    kept = flt.apply(
        [
            _finding(
                "B123", Severity.INFO, "check_description", "BEST_PRACTICE_SUGGESTION"
            ),
            _finding("B204", Severity.WARNING, "check_timestamps_ascending", "X"),
        ]
    )
    assert [f.code for f in kept] == ["B204"]


def test_selecting_b_turns_best_practices_on() -> None:
    assert FindingFilter(select=("b1",)).best_practices
    assert not FindingFilter(select=("M",)).best_practices


def test_the_server_reads_the_workspace_and_its_own_settings(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.nwb-lsp]\nbest-practices = true\nignore = ["B123"]\n'
    )
    settings = parse_settings(None, (tmp_path,))
    assert settings.filter.best_practices and settings.ignore == ("B123",)
    settings = parse_settings(
        {"config": "dandi", "threshold": "warning", "ignore": ["M030"]}, (tmp_path,)
    )
    assert settings.filter.importance["B110"] == "CRITICAL"
    assert settings.threshold is Severity.WARNING and settings.ignore == ("M030",)


def test_the_server_keeps_its_defaults_on_a_bad_setting(tmp_path: Path) -> None:
    settings = parse_settings({"config": str(tmp_path / "none.yaml"), "threshold": "x"})
    assert not settings.best_practices and settings.threshold is None


def test_a_family_is_wanted_unless_filtered_out() -> None:
    assert FindingFilter().wants("M")
    assert FindingFilter(select=("M010",)).wants("M")
    assert not FindingFilter(select=("B",)).wants("M")
    assert not FindingFilter(ignore=("m",)).wants("M")
    assert FindingFilter(select=("B",)).wants("B")
