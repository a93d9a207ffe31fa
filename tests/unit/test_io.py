"""HDF5IO: NWB files read into generated models, arrays lazy, references resolved."""

from __future__ import annotations

import doctest
import shutil
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pytest
from pydantic import ValidationError

from nwb_lsp.hdf5.lazy import LazyArray
from nwb_lsp.hdf5.records import DTypeInfo, DTypeKind
from nwb_lsp.io import HDF5IO, NwbReadError, ReadResult

ECEPHYS = "/general/extracellular_ephys"
DOCS = Path(__file__).parents[2] / "docs"


@pytest.fixture(scope="module")
def nwbfile(data_dir: Path) -> Any:
    return HDF5IO(data_dir / "realistic.nwb").read()


def _copy(data_dir: Path, tmp_path: Path) -> Path:
    for name in ("realistic.nwb", "realistic_movie.avi"):
        shutil.copy(data_dir / name, tmp_path / name)
    return tmp_path / "realistic.nwb"


def test_reads_the_file_as_models(nwbfile: Any) -> None:
    assert type(nwbfile).__name__ == "NWBFile"
    assert nwbfile.hdf5_path == "/"
    assert nwbfile.identifier.array.read() == "nwb-lsp-realistic"
    names = {s.hdf5_name for s in nwbfile.acquisition.nwbdatainterface}
    assert names == {"ephys", "movie"}


def test_arrays_are_lazy_and_read_only_when_indexed(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    real = LazyArray._open

    def counting(self: LazyArray) -> Any:
        opened.append(self.path)
        return real(self)

    monkeypatch.setattr(LazyArray, "_open", counting)
    nwbfile = HDF5IO(data_dir / "realistic.nwb").read()
    # building the models read nothing but the few ISO 8601 strings they check
    assert set(opened) == {
        "/file_create_date",
        "/session_start_time",
        "/timestamps_reference_time",
    }
    opened.clear()
    ephys = next(
        s for s in nwbfile.acquisition.nwbdatainterface if s.hdf5_name == "ephys"
    )
    data = ephys.data.array
    assert isinstance(data, LazyArray)
    assert data.shape == (50, 4) and data.dtype == np.dtype("int16")
    assert opened == []
    with h5py.File(data_dir / "realistic.nwb", "r") as f:
        expected = f["/acquisition/ephys/data"][2:5, 1]
    np.testing.assert_array_equal(data[2:5, 1], expected)
    assert len(opened) == 1


def test_references_resolve_to_the_referenced_instances(nwbfile: Any) -> None:
    ephys = next(
        s for s in nwbfile.acquisition.nwbdatainterface if s.hdf5_name == "ephys"
    )
    table = nwbfile.general.extracellular_ephys.electrodes
    assert ephys.electrodes.table is table  # an object-reference attribute
    assert table.hdf5_path == f"{ECEPHYS}/electrodes"
    shank = nwbfile.general.extracellular_ephys.electrodegroup[0]
    probe = next(d for d in nwbfile.general.devices.device if d.hdf5_name == "probe")
    assert shank.device is probe  # a soft link
    groups = table.group.array[:]  # a dataset of object references
    assert all(g is shank for g in groups)


def test_linked_timestamps_are_the_same_dataset(nwbfile: Any) -> None:
    modules = {m.hdf5_name: m for m in nwbfile.processing.processingmodule}
    position = modules["behavior"]
    spatial = {s.hdf5_name: s for s in position.nwbdatainterface[0].spatialseries}
    head, body = spatial["head"], spatial["body"]
    assert body.timestamps.array.path == "/processing/behavior/Position/head/timestamps"
    assert body.timestamps is head.timestamps


def test_read_one_object(data_dir: Path) -> None:
    series = HDF5IO(data_dir / "realistic.nwb").read("/acquisition/ephys")
    assert type(series).__name__ == "ElectricalSeries"
    assert series.hdf5_path == "/acquisition/ephys"
    assert series.starting_time.rate == 1000.0
    assert series.data.conversion == pytest.approx(1e-6)  # from TimeSeries.data


def test_make_provider_gives_the_files_models(data_dir: Path) -> None:
    io = HDF5IO(data_dir / "realistic.nwb")
    provider = io.make_provider()
    assert provider.model("core", "TimeSeries").__name__ == "TimeSeries"
    assert provider.model("hdmf-common", "DynamicTable") is not None


def test_an_invalid_file_raises_one_error_listing_its_findings(
    data_dir: Path,
) -> None:
    path = data_dir / "corpus" / "1.5.1_timeseries_no_data.nwb"
    with pytest.raises(NwbReadError) as info:
        HDF5IO(path).read()
    codes = {(f.code, f.location.hdf5_path) for f in info.value.findings}
    assert ("M010", "/acquisition/test_timeseries") in codes
    assert "required dataset 'data' is missing" in str(info.value)


def test_non_strict_returns_what_could_be_built(data_dir: Path) -> None:
    path = data_dir / "corpus" / "1.5.1_timeseries_no_data.nwb"
    result = HDF5IO(path).read(strict=False)
    assert isinstance(result, ReadResult)
    series = result.value.acquisition.nwbdatainterface[0]
    assert series.hdf5_path == "/acquisition/test_timeseries"
    assert {f.code for f in result.errors} >= {"M010", "M040"}


def test_the_models_check_a_lazy_arrays_dtype(data_dir: Path, tmp_path: Path) -> None:
    path = _copy(data_dir, tmp_path)
    with h5py.File(path, "a") as f:
        attrs = dict(f["/acquisition/movie/timestamps"].attrs)
        del f["/acquisition/movie/timestamps"]
        f["/acquisition/movie/timestamps"] = np.arange(3, dtype="int8")
        f["/acquisition/movie/timestamps"].attrs.update(attrs)
    result = HDF5IO(path).read(strict=False)
    rejected = [f for f in result.findings if f.code == "M040"]
    assert [f.location.hdf5_path for f in rejected] == ["/acquisition/movie/timestamps"]
    assert "must be a floating-point number of at least 64 bits" in rejected[0].message
    assert "found a 8-bit integer" in rejected[0].message


def test_a_model_rejects_a_lazy_array_of_the_wrong_shape(data_dir: Path) -> None:
    provider = HDF5IO(data_dir / "realistic.nwb").make_provider()
    spatial_data = provider.model("core", "SpatialSeries").model_fields["data"]
    cls = spatial_data.annotation
    ok = LazyArray("x.nwb", "/d", (10, 2), DTypeInfo(DTypeKind.FLOAT, 8, numpy="<f8"))
    assert cls(unit="m", array=ok).array is ok
    bad = LazyArray("x.nwb", "/d", (10, 2, 2), ok.dtype_info)
    with pytest.raises(ValidationError, match=r"must have shape \[any\] or \[any, 1\]"):
        cls(unit="m", array=bad)
    text = LazyArray("x.nwb", "/d", (10,), DTypeInfo(DTypeKind.TEXT, numpy="O"))
    with pytest.raises(ValidationError, match="must be a number"):
        cls(unit="m", array=text)


@pytest.mark.parametrize(
    "name",
    [
        "1.0.3_nwbfile.nwb",
        "1.1.2_nwbfile.nwb",
        "2.1.0_nwbfile_with_extension.nwb",
        "2.2.0_subject_no_age__reference.nwb",
    ],
)
def test_valid_corpus_files_read_without_raising(data_dir: Path, name: str) -> None:
    assert type(HDF5IO(data_dir / "corpus" / name).read()).__name__ == "NWBFile"


def test_the_documented_examples_run(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(data_dir / "realistic.nwb", tmp_path / "session.nwb")
    shutil.copy(data_dir / "realistic_movie.avi", tmp_path / "realistic_movie.avi")
    shutil.copy(
        data_dir / "corpus" / "1.5.1_timeseries_no_data.nwb", tmp_path / "no_data.nwb"
    )
    for spec in (data_dir / "spec" / "published" / "ndx-pose").glob("*.yaml"):
        shutil.copy(spec, tmp_path / spec.name)  # models for extension authors
    monkeypatch.chdir(tmp_path)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    failed, attempted = doctest.testfile(
        str(DOCS / "schema.md"), module_relative=False, optionflags=flags
    )
    assert attempted >= 20
    assert failed == 0  # doctest printed each failing example above


def test_children_by_name_and_attribute(nwbfile: Any) -> None:
    acquisition = nwbfile.acquisition
    assert acquisition["ephys"].hdf5_path == "/acquisition/ephys"
    assert acquisition.movie is acquisition["movie"]
    assert "ephys" in acquisition and "nope" not in acquisition
    with pytest.raises(KeyError, match="/acquisition has no child 'nope'"):
        acquisition["nope"]
    with pytest.raises(AttributeError):
        acquisition.nope  # noqa: B018
    table = nwbfile.general.extracellular_ephys["electrodes"]
    assert table["group"].hdf5_path == f"{ECEPHYS}/electrodes/group"  # a column
    assert nwbfile["units"]["spike_times_index"].hdf5_name == "spike_times_index"


def test_read_any_path(data_dir: Path) -> None:
    io = HDF5IO(data_dir / "realistic.nwb")
    data = io.read("/acquisition/ephys/data")
    assert (data.hdf5_path, data.unit) == ("/acquisition/ephys/data", "volts")
    with h5py.File(data_dir / "realistic.nwb", "r") as f:
        np.testing.assert_array_equal(data[5:9], f["acquisition/ephys/data"][5:9])
    group = io.read("processing/behavior")  # an untyped path inside a typed one
    assert group.hdf5_path == "/processing/behavior"
    linked = io.read("/processing/behavior/Position/body/timestamps")
    assert linked.hdf5_path == "/processing/behavior/Position/head/timestamps"
    with pytest.raises(KeyError, match="no object at /acquisition/nope"):
        io.read("/acquisition/nope")


def test_a_missing_file_raises_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such file") as info:
        HDF5IO(tmp_path / "missing.nwb")
    assert info.value.filename == str(tmp_path / "missing.nwb")


def test_a_context_manager_whose_arrays_outlive_it(data_dir: Path) -> None:
    with HDF5IO(data_dir / "realistic.nwb") as io:
        series = io.read("/acquisition/ephys")
        assert io.index is not None
    assert io._index is None  # closing drops the index and models
    assert series.data[0].shape == (4,)


def test_non_strict_absent_fields_are_none(data_dir: Path) -> None:
    path = data_dir / "corpus" / "1.5.1_timeseries_no_data.nwb"
    series = HDF5IO(path).read(strict=False).value.acquisition["test_timeseries"]
    assert series.data is None  # required by the spec, absent in the file
    assert series.control is None  # optional and absent
    assert series.description == "no description"  # a default is kept
    assert series.model_fields_set >= {"description", "starting_time"}
    assert "data" not in series.model_fields_set
