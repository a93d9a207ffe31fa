"""Files libhdf5 would open on its own while reading one: an external link crossed by
a path, raw data stored in external files, the sources of a virtual dataset.

Each points at a FIFO, which blocks whoever opens it until a writer appears. The
files are checked through ``check_paths`` (a real worker with a timeout), so were
the FIFO opened the test would see ``F006``, not hang.
"""

from __future__ import annotations

import os
from pathlib import Path

import h5py
import numpy as np
import pytest

from nwb_lsp.checking import check_paths


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    os.mkfifo(tmp_path / "pipe.h5")
    return tmp_path


def findings(path: Path) -> list[tuple[str, str, str]]:
    (report,) = check_paths([path], timeout=60)
    return [(f.code, f.location.hdf5_path or "", f.message) for f in report.findings]


def test_a_soft_link_through_an_external_link_is_not_followed(folder: Path) -> None:
    path = folder / "links.nwb"
    with h5py.File(path, "w") as f:
        f.attrs["nwb_version"] = "2.7.0"
        f["outside"] = h5py.ExternalLink("pipe.h5", "/")
        f["through"] = h5py.SoftLink("/outside/data")
        f.create_group("specifications")  # hard: read
    found = findings(path)
    assert "F006" not in [code for code, _, _ in found]
    assert ("G001", "/through") in [(c, w) for c, w, _ in found]


def test_cached_specs_behind_an_external_link_are_not_read(folder: Path) -> None:
    path = folder / "specs.nwb"
    with h5py.File(path, "w") as f:
        f.attrs["nwb_version"] = "2.7.0"
        f["specifications"] = h5py.ExternalLink("pipe.h5", "/specifications")
    assert "F006" not in [code for code, _, _ in findings(path)]
    path = folder / "source.nwb"
    with h5py.File(path, "w") as f:
        f.attrs["nwb_version"] = "2.7.0"
        f.create_group("specifications/core/2.7.0")
        f["specifications/core/2.7.0/namespace"] = h5py.ExternalLink("pipe.h5", "/x")
    assert "F006" not in [code for code, _, _ in findings(path)]


def timeseries(f: h5py.File) -> h5py.Group:
    f.attrs["nwb_version"] = "2.7.0"
    group = f.create_group("acquisition/ts")
    group.attrs.update({"neurodata_type": "TimeSeries", "namespace": "core"})
    group.create_dataset("data", data=np.arange(4.0)).attrs["unit"] = "m"
    return group


def test_values_stored_in_a_fifo_are_not_read(folder: Path) -> None:
    path = folder / "efl.nwb"
    raw = folder / "raw.bin"
    raw.write_bytes(np.arange(4.0).tobytes())
    with h5py.File(path, "w") as f:
        group = timeseries(f)
        group.create_dataset(
            "timestamps", shape=(4,), dtype="f8", external=[(str(raw), 0, 32)]
        )
    raw.unlink()
    os.mkfifo(raw)
    where = "/acquisition/ts/timestamps"
    assert (
        "H003",
        where,
        f"the values are not read: its values lie in {raw}: a FIFO (named pipe), "
        "not a regular file: not read",
    ) in findings(path)


def test_virtual_sources_in_a_fifo_are_not_read(folder: Path) -> None:
    path = folder / "vds.nwb"
    with h5py.File(path, "w") as f:
        group = timeseries(f)
        layout = h5py.VirtualLayout(shape=(4,), dtype="f8")
        layout[:] = h5py.VirtualSource("pipe.h5", "stamps", shape=(4,))
        group.create_virtual_dataset("timestamps", layout)
    found = findings(path)
    assert [(c, w) for c, w, _ in found if c == "H003"] == [
        ("H003", "/acquisition/ts/timestamps")
    ]
    assert "F006" not in [code for code, _, _ in found]
