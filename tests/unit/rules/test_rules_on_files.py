"""Each rule: a clean file passes, a copy corrupted with h5py is caught at its path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import h5py
import numpy as np
import pytest

from nwb_lsp.findings import Finding
from nwb_lsp.validate import validate_nwb_file

Corrupt = Callable[[Callable[[h5py.File], None]], list[Finding]]


def codes_at(findings: list[Finding]) -> set[tuple[str, str | None]]:
    return {(f.code, f.location.hdf5_path) for f in findings}


EPHYS = "/acquisition/ephys"
HEAD = "/processing/behavior/Position/head"
UNITS = "/units"


def test_realistic_file_is_clean(data_dir: Path) -> None:
    assert validate_nwb_file(data_dir / "realistic.nwb").findings == ()
    assert validate_nwb_file(data_dir / "external_link.nwb").findings == ()


def _replace(f: h5py.File, path: str, data: object, **kw: object) -> None:
    attrs = dict(f[path].attrs)
    del f[path]
    dset = f.create_dataset(path, data=data, **kw)
    for key, value in attrs.items():
        dset.attrs[key] = value


CASES = {
    "G001 dangling soft link": (
        lambda f: (f.__delitem__(f"{HEAD}/timestamps"),),
        ("G001", "/processing/behavior/Position/body/timestamps"),
    ),
    "G002 external file missing": (
        lambda f: f["acquisition"].__setitem__(
            "x", h5py.ExternalLink("gone.nwb", "/a")
        ),
        ("G002", "/acquisition/x"),
    ),
    "G005 reference of the wrong type": (
        lambda f: f[f"{EPHYS}/electrodes"].attrs.__setitem__(
            "table", f[UNITS + "/id"].ref
        ),
        ("G005", f"{EPHYS}/electrodes"),
    ),
    "G006 region out of range": (
        lambda f: f[f"{EPHYS}/electrodes"].__setitem__(slice(3, 4), [7]),
        ("G006", f"{EPHYS}/electrodes"),
    ),
    "G007 index decreases": (
        lambda f: f[f"{UNITS}/spike_times_index"].__setitem__(slice(1, 2), [1]),
        ("G007", f"{UNITS}/spike_times_index"),
    ),
    "G008 index past end": (
        lambda f: _replace(f, f"{UNITS}/spike_times", np.arange(3.0)),
        ("G008", f"{UNITS}/spike_times_index"),
    ),
    "G009 column length": (
        lambda f: _replace(
            f, f"{UNITS}/electrode_group", [f["general"].ref], dtype=h5py.ref_dtype
        ),
        ("G009", f"{UNITS}/electrode_group"),
    ),
    "G010 duplicate ids": (
        lambda f: f[f"{UNITS}/id"].__setitem__(slice(0, 2), [5, 5]),
        ("G010", f"{UNITS}/id"),
    ),
    "T001 neither timestamps nor starting_time": (
        lambda f: f.__delitem__(f"{EPHYS}/starting_time"),
        ("T001", EPHYS),
    ),
    "T002 timestamps length": (
        lambda f: _replace(f, f"{HEAD}/timestamps", np.arange(5.0)),
        ("T002", f"{HEAD}/timestamps"),
    ),
    "T003 timestamps not ascending": (
        lambda f: f[f"{HEAD}/timestamps"].__setitem__(slice(5, 6), [-1.0]),
        ("T003", f"{HEAD}/timestamps"),
    ),
    "T004 format not external": (
        lambda f: _replace(f, "/acquisition/movie/format", "raw"),
        ("T004", "/acquisition/movie/format"),
    ),
    "T005 starting_frame count": (
        lambda f: f["/acquisition/movie/external_file"].attrs.__setitem__(
            "starting_frame", [0, 1]
        ),
        ("T005", "/acquisition/movie/external_file"),
    ),
    "M001 unknown type": (
        lambda f: f[EPHYS].attrs.__setitem__("neurodata_type", "NoSuchSeries"),
        ("M001", EPHYS),
    ),
    "M002 no namespace": (
        lambda f: f[EPHYS].attrs.__delitem__("namespace"),
        ("M002", EPHYS),
    ),
    "M003 namespace not cached": (
        lambda f: f[EPHYS].attrs.__setitem__("namespace", "ndx-nowhere"),
        ("M003", EPHYS),
    ),
    "M004 untyped group among typed": (
        lambda f: f["acquisition"].create_group("loose"),
        ("M004", "/acquisition/loose"),
    ),
    "M010 required attribute missing": (
        lambda f: f[f"{EPHYS}/data"].attrs.__delitem__("unit"),
        ("M010", f"{EPHYS}/data"),
    ),
    "M020 wrong dtype": (
        lambda f: _replace(f, f"{UNITS}/spike_times", np.arange(31, dtype="int32")),
        ("M020", f"{UNITS}/spike_times"),
    ),
    "M021 wrong shape": (
        lambda f: _replace(f, "/general/experimenter", "Doe, Jane"),
        ("M021", "/general/experimenter"),
    ),
    "M022 fixed value": (
        lambda f: f[f"{HEAD}/timestamps"].attrs.__setitem__("unit", "minutes"),
        ("M022", f"{HEAD}/timestamps"),
    ),
    "M023 not a date-time": (
        lambda f: _replace(f, "/session_start_time", "yesterday"),
        ("M023", "/session_start_time"),
    ),
    "M030 undeclared attribute": (
        lambda f: f[EPHYS].attrs.__setitem__("mood", "happy"),
        ("M030", EPHYS),
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_rule_catches_corruption(corrupt: Corrupt, case: str) -> None:
    edit, expected = CASES[case]
    findings = corrupt(edit)
    assert expected in codes_at(findings), [f.to_dict() for f in findings]
    hit = next(f for f in findings if (f.code, f.location.hdf5_path) == expected)
    assert hit.message and hit.severity.value in ("error", "warning")


def test_external_link_to_missing_object(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "ext.nwb"
    path.write_bytes((data_dir / "external_link.nwb").read_bytes())
    (tmp_path / "realistic.nwb").write_bytes((data_dir / "realistic.nwb").read_bytes())
    with h5py.File(path, "a") as f:
        del f["acquisition/linked_ephys"]
        f["acquisition/linked_ephys"] = h5py.ExternalLink("realistic.nwb", "/nope")
    found = codes_at(list(validate_nwb_file(path).findings))
    assert ("G003", "/acquisition/linked_ephys") in found


def test_broken_reference(tmp_path: Path, data_dir: Path) -> None:
    path = tmp_path / "r.nwb"
    path.write_bytes((data_dir / "realistic.nwb").read_bytes())
    with h5py.File(path, "a") as f:
        f[f"{EPHYS}/electrodes"].attrs["table"] = h5py.Reference()
    found = codes_at(list(validate_nwb_file(path).findings))
    assert ("G004", f"{EPHYS}/electrodes") in found
