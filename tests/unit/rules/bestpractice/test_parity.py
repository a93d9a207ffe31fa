"""Parity with nwbinspector: the same check at the same object, file by file.

A clean file and one file per check that breaks exactly that check (``cases.py``)
are written once; nwbinspector (a test dependency) and nwb-lsp's best practices
check each. Wherever nwbinspector reports a check that nwb-lsp carries over,
nwb-lsp reports it at the same object (nwbinspector names the object; nwb-lsp may
point inside it, at the dataset concerned), and nwb-lsp reports nothing else
but the deliberate differences listed in ``EXTRA``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.unit.rules.bestpractice.cases import (
    NAMES,
    write,
    write_late_decrease,
    write_late_unit,
)

from nwb_lsp.findings import FindingFilter
from nwb_lsp.rules.bestpractice import CHECKS, by_check_name
from nwb_lsp.validate import validate_nwb_file

nwbinspector = pytest.importorskip("nwbinspector")

Hit = tuple[str, str]  # check name, object (path or name)

# nwb-lsp reports these where nwbinspector does not, on purpose.
EXTRA: dict[str, str] = {}

# Checks of nwbinspector that nwb-lsp does not carry over, and why.
CCF = (
    "needs the Allen Mouse Brain CCF ontology's terms, which no reachable package "
    "licenses for redistribution: allensdk's license forbids commercial "
    "redistribution, and nwbinspector's BSD licence covers its own code, not the "
    "Allen Institute's term list it ships (see docs/bestpractices.md)"
)
NOT_CARRIED = {
    "check_electrodes_location_allen_ccf": CCF,
    "check_imaging_plane_location_allen_ccf": CCF,
    "check_intracellular_electrode_location_allen_ccf": CCF,
    "check_image_series_starting_frame_without_external_file": "cannot happen in "
    "HDF5: starting_frame is an attribute of external_file",
}
# Carried over, but no file is generated for them, and why.
NOT_GENERATED = {
    "check_roi_response_series_link_to_plane_segmentation": "pynwb cannot read a "
    "file whose rois point elsewhere: nwbinspector reports a read error there",
    "check_sweeptable_deprecated": "pynwb no longer writes a SweepTable",
}
# Deliberate differences in what a check judges (not visible in these files):
# * values: nwb-lsp judges every value of a dataset within the file's byte budget
#   (values.py), nwbinspector the first 200 (timestamps ascending/NaN, table
#   columns, spike times): nwb-lsp finds what comes later (see the test below);
# * check_dynamic_table_region_data_validity: an index equal to the table's length
#   is past its end; nwbinspector only reports indices greater than it;
# * check_timestamps_ascending: a NaN is stepped over (the steps beside it do not
#   count); nwbinspector drops NaN and compares the values around it;
# * check_subject_proper_age_range: months count 30 days, years 365.25 days;
# * check_image_series_data_size: compressed data is not judged (nwbinspector
#   measures it by its stored size, which the index does not record);
# * check_spike_times_not_in_unobserved_interval: every unit within the byte
#   budget, nwbinspector the first 4 (see the test below); a unit with spikes and
#   no observed interval at all is reported (nwbinspector fails on it);
# * check_empty_string_for_optional_attribute: "optional" is the schema's (an
#   attribute with required: false, a scalar text dataset of quantity ?, without
#   a default value), nwbinspector's pynwb's constructor arguments of type str
#   defaulting to None. The files here agree (an NWBFile's lab; tried too: a
#   Device's manufacturer and a Subject's strain; an empty TimeSeries comments,
#   which has a default, is reported by neither). Compared type by type (pynwb
#   3, NWB 2.9), nwb-lsp also judges: TimeSeries data's continuity (pynwb
#   refuses "", other writers do not), a Subject's age and weight (pynwb takes
#   them as more than str), SpikeEventSeries' filtering, and the text fields of
#   types that are not NWBContainers (Image's description, ExternalImage's
#   image_mode, EventsTable's source_description); nwbinspector also judges:
#   ImageSeries' format (the schema gives it a default, 'raw'), and fields the
#   schema requires (an empty required field is not this check's concern):
#   ImageSeries' unit, ImagingPlane's indicator and location, source_script's
#   file_name.


def _inspector(path: Path) -> set[Hit]:
    """nwbinspector's findings of the checks nwb-lsp carries over (it also reports
    pynwb's validation, nwb-lsp's M codes, and its own crashes as findings)."""
    carried = by_check_name()
    found = set()
    # skip_validate: pynwb's validation is nwb-lsp's M family, not a best practice
    messages = nwbinspector.inspect_nwbfile(nwbfile_path=str(path), skip_validate=True)
    for message in messages:
        if message.check_function_name in carried:
            where = message.location or message.object_name
            found.add((message.check_function_name, where))
    return found


def _nwb_lsp(path: Path) -> set[Hit]:
    report = validate_nwb_file(path, filter=FindingFilter(select=("B",)))
    return {
        (f.inspector.check, str(f.location.hdf5_path))
        for f in report.findings
        if f.inspector is not None
    }


def _same_object(where: str, path: str) -> bool:
    """nwb-lsp's path is nwbinspector's object or inside it (nwbinspector gives
    a name alone for some objects: then a component of the path)."""
    if where.startswith("/"):
        return path == where or path.startswith(where.rstrip("/") + "/")
    return where in path.split("/")


@pytest.fixture(scope="module")
def results(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[set[Hit], set[Hit]]]:
    folder = tmp_path_factory.mktemp("parity")
    out = {}
    for name in ["clean", *NAMES]:
        path = write(folder, name)
        out[name] = (_inspector(path), _nwb_lsp(path))
    return out


def test_the_clean_file_breaks_no_check(
    results: dict[str, tuple[set[Hit], set[Hit]]],
) -> None:
    inspector, ours = results["clean"]
    assert inspector == set()
    assert ours == set()


@pytest.mark.parametrize("case", NAMES)
def test_same_check_at_same_object(
    case: str, results: dict[str, tuple[set[Hit], set[Hit]]]
) -> None:
    inspector, ours = results[case]
    carried = by_check_name()
    assert case in {c for c, _ in inspector}, "the case file does not break its check"
    for check, where in inspector:
        if check in carried:
            assert any(c == check and _same_object(where, p) for c, p in ours), (
                f"nwbinspector reports {check} at {where}; nwb-lsp: {sorted(ours)}"
            )
    for check, path in ours:
        if check in EXTRA:
            continue
        assert any(c == check and _same_object(w, path) for c, w in inspector), (
            f"nwb-lsp reports {check} at {path}; nwbinspector: {sorted(inspector)}"
        )


def test_every_case_names_a_carried_check() -> None:
    carried = {c.check for c in CHECKS.values()}
    assert set(NAMES) <= carried


def test_every_inspector_check_is_carried_or_explained() -> None:
    names = {check.__name__ for check in nwbinspector.available_checks}
    carried = set(by_check_name())
    assert names - carried == set(NOT_CARRIED)
    assert carried - set(NAMES) == set(NOT_GENERATED)


def test_all_values_are_judged_where_nwbinspector_samples(tmp_path: Path) -> None:
    """A decrease after the first 200 timestamps: nwbinspector does not see it."""
    path = tmp_path / "late.nwb"
    write_late_decrease(path)
    assert ("check_timestamps_ascending", "/acquisition/late/timestamps") in _nwb_lsp(
        path
    )
    assert not any(c == "check_timestamps_ascending" for c, _ in _inspector(path))


def test_every_unit_is_judged_where_nwbinspector_looks_at_four(tmp_path: Path) -> None:
    """A spike outside its unit's observed intervals in the fifth unit."""
    path = tmp_path / "fifth.nwb"
    write_late_unit(path)
    check = "check_spike_times_not_in_unobserved_interval"
    assert (check, "/units/spike_times") in _nwb_lsp(path)
    assert not any(c == check for c, _ in _inspector(path))
