"""HDF5IO(path, mode="w").write: model trees written as NWB files that pynwb reads."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pynwb
import pytest

from nwb_lsp.hdf5 import write_data
from nwb_lsp.io import HDF5IO, DatasetOptions, NwbWriteError
from nwb_lsp.validate import validate_nwb_file

from .conftest import Models, build_session


def _pynwb_read(path: Path) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        io = pynwb.NWBHDF5IO(str(path), "r")
        return io, io.read()


@pytest.fixture(scope="module")
def written(core: Models, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("built") / "built.nwb"
    HDF5IO(path, mode="w").write(build_session(core).nwbfile)
    return path


def test_a_built_file_reads_back_in_pynwb_with_equal_values(written: Path) -> None:
    io, nwbfile = _pynwb_read(written)
    try:
        ephys = nwbfile.acquisition["ephys"]
        assert np.array_equal(ephys.data[:], np.arange(30).reshape(10, 3))
        assert ephys.data.dtype == np.int16
        assert ephys.conversion == pytest.approx(1e-6) and ephys.rate == 1000.0
        assert list(ephys.electrodes.table["location"][:]) == ["CA1"] * 3
        assert ephys.electrodes.table["group"][0].name == "shank0"
        assert ephys.electrodes.table["group"][0].device.name == "probe"
        assert list(nwbfile.units["spike_times"][0]) == [0.1, 0.2, 0.3]
        assert list(nwbfile.units["spike_times"][1]) == [0.5]
        trials = nwbfile.trials.to_dataframe()
        assert list(trials["stop_time"]) == [0.5, 1.5]
        accel = nwbfile.processing["behavior"]["accel"]
        assert list(accel.timestamps[:]) == [0.0, 0.1, 0.2]
        assert accel.unit == "m/s^2" and nwbfile.identifier == "built-by-hand"
    finally:
        io.close()


def test_a_built_file_passes_both_validators(written: Path) -> None:
    assert list(validate_nwb_file(written).findings) == []
    assert pynwb.validate(path=str(written)) == []


def test_shared_instances_become_soft_links_and_references(written: Path) -> None:
    with h5py.File(written, "r") as f:
        link = f["/processing/behavior/accel"].get("timestamps", getlink=True)
        assert isinstance(link, h5py.SoftLink)
        assert link.path == "/processing/behavior/speed/timestamps"
        device = f["/general/extracellular_ephys/shank0"].get("device", getlink=True)
        assert device.path == "/general/devices/probe"
        index = f["/units/spike_times_index"]
        assert f[index.attrs["target"]].name == "/units/spike_times"
        assert f[f.attrs[".specloc"]].name == "/specifications"
        assert "core" in f["/specifications"] and "hdmf-common" in f["/specifications"]
        assert f["/acquisition/ephys"].attrs["neurodata_type"] == "ElectricalSeries"
        assert f["/units/id"].attrs["namespace"] == "hdmf-common"
        assert len(f["/acquisition/ephys"].attrs["object_id"]) == 36


def test_refuses_to_overwrite_without_overwrite(core: Models, tmp_path: Path) -> None:
    target = tmp_path / "x.nwb"
    target.write_bytes(b"keep me")
    session = build_session(core)
    with pytest.raises(FileExistsError, match="overwrite=True"):
        HDF5IO(target, mode="w").write(session.nwbfile)
    assert target.read_bytes() == b"keep me"
    HDF5IO(target, mode="w").write(session.nwbfile, overwrite=True)
    assert h5py.is_hdf5(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.nwb"]  # no temp file


def test_an_invalid_tree_is_refused_listing_every_error(
    core: Models, tmp_path: Path
) -> None:
    session = build_session(core)
    stray = core.TimeSeries(
        data=core.TimeSeriesData(array=[1.0], unit="s"),
        timestamps=core.TimeSeriesTimestamps(array=[0.0]),
    )  # a typed child without a name
    session.nwbfile.acquisition.nwbdatainterface.append(stray)
    elsewhere = core.DynamicTable(
        name="other",
        description="not in the tree",
        colnames=[],
        id=core.DynamicTableId(array=[0]),
    )
    session.ephys.electrodes.table = elsewhere
    target = tmp_path / "bad.nwb"
    with pytest.raises(NwbWriteError) as caught:
        HDF5IO(target, mode="w").write(session.nwbfile)
    found = {(f.code, f.location.hdf5_path) for f in caught.value.findings}
    assert found == {
        ("M041", "/acquisition"),
        ("M041", "/acquisition/ephys/electrodes"),
    }
    messages = " | ".join(f.message for f in caught.value.findings)
    assert "a TimeSeries in nwbdatainterface has no name" in messages
    assert "the DynamicTable other is not in the tree" in messages
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_a_model_rejected_instance_is_refused(core: Models, tmp_path: Path) -> None:
    session = build_session(core)
    broken = core.TimeSeriesData.model_construct(array=[1.0, 2.0])  # no unit
    session.speed.__dict__["data"] = broken
    with pytest.raises(NwbWriteError) as caught:
        HDF5IO(tmp_path / "x.nwb", mode="w").write(session.nwbfile)
    [problem] = caught.value.findings
    assert problem.location.hdf5_path == "/processing/behavior/speed/data"
    assert "unit: Field required" in problem.message


def test_modes(tmp_path: Path, written: Path) -> None:
    with pytest.raises(ValueError, match="opened for reading"):
        HDF5IO(written).write(object())
    with pytest.raises(ValueError, match="opened for writing"):
        HDF5IO(written, mode="w").read()
    with pytest.raises(ValueError, match="mode must be"):
        HDF5IO(written, mode="a")
    with pytest.raises(TypeError, match="a model instance, not dict"):
        HDF5IO(tmp_path / "x.nwb", mode="w").write({})
    with pytest.raises(ValueError, match="a URL can be read, not written"):
        HDF5IO("https://127.0.0.1:9/x.nwb", mode="w")


def test_dataset_options_chunk_and_compress(core: Models, tmp_path: Path) -> None:
    target = tmp_path / "x.nwb"
    options = {"/acquisition/ephys/data": DatasetOptions((5, 3), "gzip", 4)}
    HDF5IO(target, mode="w").write(build_session(core).nwbfile, dataset_options=options)
    with h5py.File(target, "r") as f:
        data = f["/acquisition/ephys/data"]
        assert (data.chunks, data.compression, data.compression_opts) == (
            (5, 3),
            "gzip",
            4,
        )


def _source_with_big_dataset(core: Models, tmp_path: Path, rows: int) -> Path:
    session = build_session(core)
    session.ephys.data.array = np.zeros((1, 3), dtype=np.int16)
    source = tmp_path / "source.nwb"
    HDF5IO(source, mode="w").write(session.nwbfile)
    with h5py.File(source, "a") as f:
        old = f["/acquisition/ephys/data"]
        attrs = dict(old.attrs)
        del f["/acquisition/ephys/data"]
        new = f.create_dataset(
            "/acquisition/ephys/data",
            data=np.arange(rows * 3, dtype=np.int16).reshape(rows, 3),
            chunks=(1000, 3),
            compression="gzip",
        )
        new.attrs.update(attrs)
    return source


def test_a_read_array_is_copied_block_by_block(
    core: Models, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _source_with_big_dataset(core, tmp_path, 20_000)
    monkeypatch.setattr(write_data, "BLOCK_BYTES", 6 * 2500)  # 2,500 rows a block
    with h5py.File(source, "r") as f:
        selections = list(write_data.blocks(f["/acquisition/ephys/data"]))
    assert len(selections) == 10 and selections[1] == slice(2000, 4000)
    nwbfile = HDF5IO(source).read()
    HDF5IO(tmp_path / "copy.nwb", mode="w").write(nwbfile)
    with h5py.File(source, "r") as a, h5py.File(tmp_path / "copy.nwb", "r") as b:
        src, dst = a["/acquisition/ephys/data"], b["/acquisition/ephys/data"]
        assert np.array_equal(src[:], dst[:])
        assert (dst.chunks, dst.compression) == ((1000, 3), "gzip")


def test_read_modify_write_keeps_the_rest(data_dir: Path, tmp_path: Path) -> None:
    nwbfile = HDF5IO(data_dir / "realistic.nwb").read()
    ephys = nwbfile.acquisition["ephys"]
    ephys.description = "rewritten"
    target = tmp_path / "modified.nwb"
    HDF5IO(target, mode="w").write(nwbfile)
    with h5py.File(data_dir / "realistic.nwb", "r") as a, h5py.File(target, "r") as b:
        assert b["/acquisition/ephys"].attrs["description"] == "rewritten"
        assert (
            a["/acquisition/ephys"].attrs["object_id"]
            == (b["/acquisition/ephys"].attrs["object_id"])
        )
        names: list[str] = []
        a.visit(names.append)
        kept = [n for n in names if not n.startswith("specifications")]
        assert all(n in b for n in kept)
        assert np.array_equal(
            a["/acquisition/ephys/data"][:], b["/acquisition/ephys/data"][:]
        )


def test_a_fixed_name_keeps_its_name(core: Models, tmp_path: Path) -> None:
    session = build_session(core)
    session.speed.data = core.TimeSeriesData(name="values", array=[1.0], unit="s")
    with pytest.raises(NwbWriteError) as caught:
        HDF5IO(tmp_path / "x.nwb", mode="w").write(session.nwbfile)
    [problem] = caught.value.findings
    assert problem.location.hdf5_path == "/processing/behavior/speed/data"
    assert problem.message == "the spec fixes this name; 'values' given"


def test_what_h5py_refuses_is_an_error_at_its_path(
    core: Models, tmp_path: Path
) -> None:
    options = {"/acquisition/ephys/data": DatasetOptions((50, 3))}  # > 10 rows
    with pytest.raises(NwbWriteError) as caught:
        HDF5IO(tmp_path / "x.nwb", mode="w").write(
            build_session(core).nwbfile, dataset_options=options
        )
    [problem] = caught.value.findings
    assert (problem.code, problem.location.hdf5_path) == (
        "M041",
        "/acquisition/ephys/data",
    )
    assert "Chunk shape must not be greater than data shape" in problem.message
    assert list(tmp_path.iterdir()) == []
