"""Small files for the truth tests: copies of checked-in files edited with h5py."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import h5py
import pytest

from nwb_lsp.findings import Finding
from nwb_lsp.validate import validate_nwb_file

Edited = Callable[[str, Callable[[h5py.File], None]], list[Finding]]


@pytest.fixture()
def edited(data_dir: Path, tmp_path: Path) -> Edited:
    """Copy ``tests/data/<name>``, apply ``edit`` with h5py, return its findings."""

    def run(name: str, edit: Callable[[h5py.File], None]) -> list[Finding]:
        source = data_dir / name
        path = tmp_path / source.name
        # companions such as realistic_movie.avi (an ImageSeries' external file)
        for extra in source.parent.glob(f"{source.stem}*"):
            shutil.copy(extra, tmp_path / extra.name)
        with h5py.File(path, "a") as f:
            edit(f)
        return list(validate_nwb_file(path).findings)

    return run


def codes(findings: list[Finding], severity: str = "error") -> set[tuple[str, str]]:
    return {
        (f.code, f.location.hdf5_path or "")
        for f in findings
        if f.severity.value == severity
    }


def typed_group(f: h5py.File, path: str, neurodata_type: str) -> h5py.Group:
    group = f.require_group(path)
    group.attrs["neurodata_type"] = neurodata_type
    group.attrs["namespace"] = "core"
    group.attrs["object_id"] = f"id-{path}"
    return group
