"""Findings are plain values: serialisation, de-duplication, filtering."""

from __future__ import annotations

import pytest

from nwb_lsp.findings import (
    Finding,
    FindingFilter,
    Location,
    Range,
    Related,
    Severity,
    SpecRef,
    dedupe,
)


def _f(code: str, path: str = "/a", msg: str = "m") -> Finding:
    return Finding(code, Severity.ERROR, msg, Location(hdf5_path=path))


def test_location_requires_a_place() -> None:
    with pytest.raises(ValueError):
        Location()
    with pytest.raises(ValueError, match="never empty"):
        Location(hdf5_path="")


def test_to_dict_matches_the_json_report_shape() -> None:
    f = Finding(
        "G001",
        Severity.WARNING,
        "dangling",
        Location(range=Range.of(1, 2, 1, 5)),
        (Related(Location(hdf5_path="/x"), "target"),),
        SpecRef("core", "2.7.0", "TimeSeries"),
    )
    assert f.to_dict() == {
        "code": "G001",
        "severity": "warning",
        "message": "dangling",
        "location": {
            "range": {
                "start": {"line": 1, "character": 2},
                "end": {"line": 1, "character": 5},
            }
        },
        "related": [{"location": {"hdf5_path": "/x"}, "message": "target"}],
        "spec": {
            "namespace": "core",
            "version": "2.7.0",
            "neurodata_type": "TimeSeries",
        },
    }


def test_dedupe_keeps_first_of_each() -> None:
    a, b = _f("G001"), _f("G002")
    assert dedupe([a, b, _f("G001")]) == [a, b]


def test_filter_selects_by_prefix_and_overrides_severity() -> None:
    flt = FindingFilter(
        select=("G",), ignore=("G002",), severity_overrides={"G003": Severity.INFO}
    )
    out = flt.apply([_f("G001"), _f("G002"), _f("G003"), _f("M001")])
    assert [(f.code, f.severity) for f in out] == [
        ("G001", Severity.ERROR),
        ("G003", Severity.INFO),
    ]
