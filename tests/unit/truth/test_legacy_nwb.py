"""NWB 1.x files are a different format: one clear verdict, nothing else."""

from __future__ import annotations

from pathlib import Path

import h5py

from nwb_lsp.validate import validate_nwb_file


def _nwb1(path: Path, version: bytes) -> Path:
    # The layout of NWB 1.0.x (MatNWB's 20080606_R1.nwb): /nwb_version is a dataset.
    with h5py.File(path, "w") as f:
        f.attrs["neurodata_type"] = "NWBFile"
        f.attrs["namespace"] = "core"
        f.create_dataset("nwb_version", data=version)
        f.create_dataset("identifier", data=b"x")
        for name in ("acquisition", "analysis", "epochs", "general", "processing"):
            f.create_group(name)
    return path


def test_nwb_version_dataset_is_one_verdict(tmp_path: Path) -> None:
    report = validate_nwb_file(_nwb1(tmp_path / "old.nwb", b"NWB-1.0.6"))
    assert [(f.code, f.location.hdf5_path) for f in report.findings] == [("F010", "/")]
    message = report.findings[0].message
    assert "NWB 1.x file (version NWB-1.0.6)" in message
    assert "convert it to NWB 2" in message


def test_nwb_version_attribute_of_1_x(tmp_path: Path) -> None:
    path = _nwb1(tmp_path / "attr.nwb", b"1.0.5")
    with h5py.File(path, "a") as f:
        del f["nwb_version"]
        f.attrs["nwb_version"] = "1.0.5"
    assert [f.code for f in validate_nwb_file(path).findings] == ["F010"]


def test_an_nwb2_file_is_not_legacy(data_dir: Path) -> None:
    assert validate_nwb_file(data_dir / "realistic.nwb").findings == ()
