"""Broken structure is never silent: each edit below used to get no error at all."""

from __future__ import annotations

from collections.abc import Callable

import h5py
import numpy as np
import pytest

from .conftest import Edited, codes

CLEAN = "realistic.nwb"


def _group_to_dataset(path: str) -> Callable[[h5py.File], None]:
    def edit(f: h5py.File) -> None:
        del f[path]
        f.create_dataset(path, data=np.arange(3))

    return edit


def _raw_utf8(f: h5py.File, path: str, name: str) -> None:
    bad = np.array(b"2.\xff\xfe", dtype=object)
    f[path].attrs.create(name, bad, dtype=h5py.string_dtype("utf-8"))


def _drop_root_type(f: h5py.File) -> None:
    del f.attrs["neurodata_type"]
    del f["/identifier"]  # found only by walking the root as an NWBFile


CASES: dict[str, tuple[Callable[[h5py.File], None], tuple[str, str]]] = {
    "acquisition is a dataset": (
        _group_to_dataset("/acquisition"),
        ("M006", "/acquisition"),
    ),
    "stimulus/presentation is a dataset": (
        _group_to_dataset("/stimulus/presentation"),
        ("M006", "/stimulus/presentation"),
    ),
    "root type deleted": (_drop_root_type, ("M007", "/")),
    "root type a number": (
        lambda f: f.attrs.__setitem__("neurodata_type", 5),
        ("M007", "/"),
    ),
    "namespace an object reference": (
        lambda f: f["/acquisition/ephys"].attrs.__setitem__("namespace", f.ref),
        ("M007", "/acquisition/ephys"),
    ),
    "nwb_version not UTF-8": (
        lambda f: _raw_utf8(f, "/", "nwb_version"),
        ("H005", "/"),
    ),
    "description not UTF-8": (
        lambda f: _raw_utf8(f, "/general/devices/probe", "description"),
        ("H005", "/general/devices/probe"),
    ),
    "soft link to an ancestor": (
        lambda f: f["/processing/behavior"].__setitem__(
            "loop", h5py.SoftLink("/processing")
        ),
        ("G011", "/processing/behavior/loop"),
    ),
    "column without its type": (
        lambda f: f["/units/electrode_group"].attrs.__delitem__("neurodata_type"),
        ("G012", "/units/electrode_group"),
    ),
    "column named but absent": (
        lambda f: f["/units"].attrs.__setitem__(
            "colnames", np.array(["spike_times", "ghost"], dtype=object)
        ),
        ("G012", "/units"),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_broken_structure_is_an_error(edited: Edited, case: str) -> None:
    edit, expected = CASES[case]
    assert expected in codes(edited(CLEAN, edit))


def test_an_untyped_root_is_still_checked_as_an_nwbfile(edited: Edited) -> None:
    found = codes(edited(CLEAN, _drop_root_type))
    assert ("M010", "/") in found


def test_the_clean_file_has_none_of_these(data_dir: object) -> None:
    from pathlib import Path

    from nwb_lsp.validate import validate_nwb_file

    assert validate_nwb_file(Path(str(data_dir)) / CLEAN).findings == ()


def test_an_external_link_in_place_of_a_group_is_not_walked(edited: Edited) -> None:
    # MatNWB's link_test.nwb links general/subject to another file.
    def edit(f: h5py.File) -> None:
        f["/general"]["subject"] = h5py.ExternalLink("other.nwb", "/general/subject")

    found = codes(edited(CLEAN, edit))
    assert ("G002", "/general/subject") in found
    assert not any(
        path == "/general/subject" and code.startswith("M") for code, path in found
    )


def test_an_empty_array_has_no_dtype_to_judge(edited: Edited) -> None:
    # pynwb writes the colnames of a table without columns as an empty float64 array
    def edit(f: h5py.File) -> None:
        f["/units"].attrs["colnames"] = np.zeros((0,), dtype="f8")

    assert not any(code == "M020" for code, _ in codes(edited(CLEAN, edit)))
