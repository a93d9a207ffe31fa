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
    d = diagnostic(found)
    assert d.code == "B108" and d.message == "/: subject is missing"
    assert d.code_description is not None
    assert d.code_description.href.endswith("docs/codes.md#b108")
    assert d.data == {
        "inspector": {"check": "check_subject_exists", "importance": "CRITICAL"}
    }


def test_other_diagnostics_carry_no_inspector() -> None:
    d = diagnostic(Finding("M010", Severity.ERROR, "x", Location(hdf5_path="/a")))
    assert d.data is None and d.code_description is not None
