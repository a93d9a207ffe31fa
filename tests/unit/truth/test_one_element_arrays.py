"""MatNWB 2018 stores every attribute as a one-element array, ``neurodata_type``,
``namespace`` and ``nwb_version`` included: read them as the scalars they stand for,
say so once per file, and validate the file fully."""

from __future__ import annotations

import h5py
import numpy as np

from nwb_lsp.hdf5.records import scalar_text

from .conftest import Edited


def _as_one_element_arrays(f: h5py.File) -> None:
    def rewrite(obj: h5py.HLObject) -> None:
        for name, value in list(obj.attrs.items()):
            if isinstance(value, str):
                obj.attrs.create(name, np.array([value.encode()], dtype="S"))

    rewrite(f)
    f.visititems(lambda _name, obj: rewrite(obj))


def test_scalar_text() -> None:
    assert scalar_text(["NWBFile"]) == "NWBFile"
    assert scalar_text("NWBFile") == "NWBFile"
    assert scalar_text(["a", "b"]) is None
    assert scalar_text([5]) is None


def test_the_form_is_reported_once_and_the_file_is_validated(edited: Edited) -> None:
    def edit(f: h5py.File) -> None:
        _as_one_element_arrays(f)
        del f["/acquisition/ephys/data"].attrs["unit"]  # a real violation

    findings = edited("realistic.nwb", edit)
    forms = [f for f in findings if f.code == "M024"]
    assert [(f.location.hdf5_path, f.severity.value) for f in forms] == [
        ("/", "warning")
    ]
    assert "one-element arrays" in forms[0].message
    assert "/ attribute 'neurodata_type'" in forms[0].message
    errors = {
        (f.code, f.location.hdf5_path) for f in findings if f.severity.value == "error"
    }
    assert errors == {("M010", "/acquisition/ephys/data")}


def test_a_file_without_the_form_has_no_note(data_dir: object) -> None:
    from pathlib import Path

    from nwb_lsp.validate import validate_nwb_file

    report = validate_nwb_file(Path(str(data_dir)) / "realistic.nwb")
    assert "M024" not in {f.code for f in report.findings}
