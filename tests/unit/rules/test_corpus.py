"""Acceptance on pynwb's back-compatibility files (NWB 2.0b to 2.5.0).

Every error pynwb-validate reports is reported too, files it finds clean get no
errors, and the two deliberately invalid 2.1.0 ImageSeries files are caught. The
exceptions are the 1.0.2 files, which carry no specs: pynwb-validate judges them by
its newest core and reports a scalar ``experimenter`` and ``related_publications``;
we judge them by core 2.0.1, which pynwb 1.0.2 wrote them with and which allows a
scalar there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nwb_lsp.validate import validate_nwb_file

CORPUS = Path(__file__).parents[2] / "data" / "corpus"
EXPECTED_ERRORS = {
    "1.5.1_imageseries_no_unit.nwb": {("M010", "/acquisition/test_imageseries/data")},
    "1.5.1_timeseries_no_unit.nwb": {("M010", "/acquisition/test_timeseries/data")},
    "1.5.1_timeseries_no_data.nwb": {("M010", "/acquisition/test_timeseries")},
    "2.1.0_imageseries_non_external_format.nwb": {
        ("T004", "/acquisition/test_imageseries/format")
    },
    "2.1.0_imageseries_nonmatch_starting_frame.nwb": {
        ("T005", "/acquisition/test_imageseries/external_file")
    },
}


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.nwb")), ids=lambda p: p.name)
def test_corpus_errors_match_the_reference(path: Path) -> None:
    report = validate_nwb_file(path)
    errors = {
        (f.code, f.location.hdf5_path)
        for f in report.findings
        if f.severity.value == "error"
    }
    assert errors == EXPECTED_ERRORS.get(path.name, set())
    if path.name.startswith("1.0.2"):
        (s004,) = (f for f in report.findings if f.code == "S004")  # said so
        assert "validated against NWB core 2.0.1" in s004.message
