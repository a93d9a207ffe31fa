"""Best-practice findings as LSP diagnostics: a code link and nwbinspector's check."""

from __future__ import annotations

from nwb_lsp.findings import Finding, Inspector, Location, Severity
from nwb_lsp.lsp.convert import diagnostic


def test_a_best_practice_diagnostic_links_its_code_and_names_the_check() -> None:
    found = Finding(
        "B108",
        Severity.ERROR,
        "subject is missing",
        Location(hdf5_path="/"),
        inspector=Inspector("check_subject_exists", "CRITICAL"),
    )
    d = diagnostic(found, uri="file:///x.nwb")
    assert d.code == "B108" and d.message == "subject is missing"
    assert d.code_description is not None
    assert d.code_description.href.endswith("docs/codes.md#b108")
    assert d.data == {
        "hdf5_path": "/",
        "inspector": {"check": "check_subject_exists", "importance": "CRITICAL"},
    }


def test_other_diagnostics_carry_no_inspector() -> None:
    d = diagnostic(Finding("M010", Severity.ERROR, "x", Location(hdf5_path="/a")))
    assert d.data == {"hdf5_path": "/a"} and d.code_description is not None


def test_an_nwb_diagnostic_leads_with_the_point_and_locates_its_object() -> None:
    """The HDF5 path is a related location on the file, not a message prefix."""
    d = diagnostic(
        Finding("M010", Severity.ERROR, "missing 'rate'", Location(hdf5_path="/a/b")),
        uri="file:///data/x.nwb",
    )
    assert d.message == "missing 'rate'" and d.range.start.line == 0
    [where] = d.related_information or []
    assert where.message == "HDF5 object /a/b"
    assert where.location.uri == "file:///data/x.nwb"


def test_a_spec_diagnostic_keeps_its_range_and_message() -> None:
    from nwb_lsp.findings import Position, Range

    rng = Range(Position(3, 4), Position(3, 9))
    d = diagnostic(Finding("Y002", Severity.ERROR, "bad", Location(range=rng)))
    assert (d.message, d.range.start.line, d.range.end.character) == ("bad", 3, 9)
    assert d.data is None and d.related_information is None
