"""B124: optional text fields (by the spec) that hold an empty string."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pynwb import NWBHDF5IO, NWBFile
from tests.unit.rules.bestpractice.cases import _series, clean

from nwb_lsp.findings import FindingFilter
from nwb_lsp.validate import validate_nwb_file


def _found(tmp_path: Path, nwbfile: NWBFile) -> set[tuple[str, str, str]]:
    path = tmp_path / "optional.nwb"
    with NWBHDF5IO(path, "w") as io:
        io.write(nwbfile)
    report = validate_nwb_file(path, filter=FindingFilter(select=("B124", "F009")))
    return {(f.code, str(f.location.hdf5_path), f.message) for f in report.findings}


def _device(nwbfile: NWBFile) -> NWBFile:
    nwbfile.create_device("rig", description="a rig", manufacturer="")
    return nwbfile


EMPTY: dict[str, tuple[Callable[[], NWBFile], str, str]] = {
    "a dataset of the file": (
        lambda: clean({"lab": ""}, {}),
        "/general/lab",
        'the optional dataset "lab" is an empty string',
    ),
    "a dataset of a typed group": (
        lambda: clean({}, {"strain": ""}),
        "/general/subject/strain",
        'the optional dataset "strain" is an empty string',
    ),
    "an attribute": (
        lambda: _device(clean({}, {})),
        "/general/devices/rig",
        'the optional attribute "manufacturer" is an empty string',
    ),
}


@pytest.mark.parametrize("case", EMPTY)
def test_an_empty_optional_field_is_found(tmp_path: Path, case: str) -> None:
    build, path, message = EMPTY[case]
    assert _found(tmp_path, build()) == {("B124", path, message)}


def test_required_fields_and_fields_with_a_default_are_not_judged(
    tmp_path: Path,
) -> None:
    nwbfile = clean({}, {})
    # comments is optional with a default ("no comments"); unit is required
    nwbfile.add_acquisition(_series("extra", comments="", unit=""))
    assert _found(tmp_path, nwbfile) == set()
