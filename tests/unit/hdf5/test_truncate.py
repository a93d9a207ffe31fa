"""Truncated copies stay valid NWB files: pynwb reads them, its validator agrees."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import h5py
import numpy as np
import pytest
from pynwb import NWBHDF5IO

from nwb_lsp.cli import main
from nwb_lsp.hdf5.index import build_index
from nwb_lsp.hdf5.truncate import TruncateError, truncate_file


@pytest.fixture()
def source(data_dir: Path, tmp_path: Path) -> Path:
    for name in ("realistic.nwb", "realistic_movie.avi"):
        shutil.copy(data_dir / name, tmp_path / name)
    return tmp_path / "realistic.nwb"


def _validate(*paths: Path) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "pynwb.validation_cli", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout + proc.stderr


def _typed(obj: h5py.HLObject, ntype: str, namespace: str, **attrs: object) -> None:
    obj.attrs.update(
        neurodata_type=ntype, namespace=namespace, object_id=str(uuid.uuid4()), **attrs
    )


def _add_sweep_table(path: Path) -> None:
    """NWB's SweepTable: a ragged column of object references (``series``) whose
    first row is empty, so keeping one row keeps none of its references."""
    with h5py.File(path, "a") as f:
        table = f["general/intracellular_ephys"].create_group("sweep_table")
        colnames = np.array(["series", "sweep_number"], dtype=h5py.string_dtype())
        _typed(table, "SweepTable", "core", colnames=colnames, description="sweeps")
        _typed(
            table.create_dataset("id", data=np.arange(3)),
            "ElementIdentifiers",
            "hdmf-common",
        )
        number = table.create_dataset("sweep_number", data=np.arange(3, dtype="u4"))
        _typed(number, "VectorData", "hdmf-common", description="sweep")
        refs = [f[f"acquisition/resp{i}"].ref for i in range(3)]
        series = table.create_dataset("series", data=refs, dtype=h5py.ref_dtype)
        _typed(series, "VectorData", "hdmf-common", description="series")
        index = table.create_dataset("series_index", data=np.array([0, 2, 3], "u1"))
        _typed(
            index, "VectorIndex", "hdmf-common", target=series.ref, description="rows"
        )


def _check_findings(capsys: pytest.CaptureFixture[str], *paths: Path) -> list[str]:
    main(["check", "--format", "json", *map(str, paths)])
    reports = json.loads(capsys.readouterr().out)
    return [
        f"{report['path']}:{f['location']['hdf5_path']}: {f['code']} {f['message']}"
        for report in reports["files"]
        for f in report["findings"]
    ]


def test_truncated_copy_reads_back_and_is_consistent(source: Path) -> None:
    before = source.read_bytes()
    out = truncate_file(source, n=2)
    assert out == source.with_name("realistic_truncated.nwb")
    assert source.read_bytes() == before  # the source is never written
    with NWBHDF5IO(out, "r") as io:
        nwb = io.read()
        index = nwb.units.spike_times_index.data[:]
        assert len(nwb.units) == 2
        assert index[-1] == len(nwb.units.spike_times.data)  # never past the end
        assert nwb.acquisition["ephys"].data.shape == (2, 4)
        assert len(nwb.electrodes) == 2
        assert max(nwb.acquisition["ephys"].electrodes.data[:]) <= 1
        head = nwb.processing["behavior"]["Position"]["head"]
        assert head.data.shape[0] == len(head.timestamps) == 2
        assert len(nwb.trials) == 2


def test_references_point_into_the_copy(source: Path) -> None:
    out = truncate_file(source, n=3)
    index = build_index(out)
    assert not [p for p in index.problems]
    with h5py.File(out, "r") as f:
        ref = f["units/spike_times_index"].attrs["target"]
        assert f[ref].name == "/units/spike_times"
        row = f["intervals/trials/timeseries"][0]
        assert f[row["timeseries"]].name == "/processing/behavior/Position/head"
        assert "specifications" in f
        assert isinstance(
            f.get("processing/behavior/Position/body/timestamps", getlink=True),
            h5py.SoftLink,
        )


@pytest.mark.slow
def test_validator_reports_nothing_new(source: Path) -> None:
    out = truncate_file(source, n=2)
    assert "no errors found" in _validate(source)
    assert "no errors found" in _validate(out)


def test_refuses_to_overwrite(source: Path) -> None:
    target = source.with_name("t.nwb")
    target.write_bytes(b"keep me")
    with pytest.raises(TruncateError, match="already exists"):
        truncate_file(source, target)
    assert target.read_bytes() == b"keep me"
    truncate_file(source, target, force=True)
    assert build_index(target).problems == []


def test_nested_ragged_columns_are_cut_consistently(tmp_path: Path) -> None:
    path = tmp_path / "ragged.h5"
    with h5py.File(path, "w") as f:
        t = f.create_group("t")
        t.attrs["colnames"] = ["x"]
        t.create_dataset("id", data=np.arange(4))
        x = t.create_dataset("x", data=np.arange(20.0))
        xi = t.create_dataset("x_index", data=[2, 5, 9, 14, 17, 20])
        xi.attrs["target"] = x.ref
        xii = t.create_dataset("x_index_index", data=[1, 3, 5, 6])
        xii.attrs["target"] = xi.ref
    out = truncate_file(path, tmp_path / "cut.h5", n=2)
    with h5py.File(out, "r") as f:
        assert list(f["t/x_index_index"][:]) == [1, 3]
        assert list(f["t/x_index"][:]) == [2, 5, 9]
        assert len(f["t/x"]) == 9
        assert len(f["t/id"]) == 2


def test_truncate_command(source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = source.with_name("small.nwb")
    assert main(["truncate", str(source), str(target), "-n", "1"]) == 0
    assert capsys.readouterr().out.strip() == str(target)
    assert main(["truncate", str(source), str(target)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["truncate", str(source.with_name("nope.nwb"))]) == 2


@pytest.mark.slow
def test_every_truncated_copy_passes_both_validators(
    dandi_like: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = shutil.copy(dandi_like, tmp_path / "session.nwb")
    _add_sweep_table(source)
    copies = [truncate_file(source, tmp_path / f"n{n}.nwb", n) for n in (1, 2, 10)]
    assert _check_findings(capsys, source, *copies) == []
    report = _validate(source, *copies)
    assert report.count("no errors found") == 4, report
    with h5py.File(copies[0], "r") as f:
        series = f["general/intracellular_ephys/sweep_table/series"]
        assert list(f["general/intracellular_ephys/sweep_table/series_index"]) == [0]
        assert series.shape == (1,)  # kept although no row points at it
        assert f[series[0]].name == "/acquisition/resp0"
        assert f["general/extracellular_ephys/electrodes/group"].shape == (1,)
        assert set(f["acquisition/raw/electrodes"][:]) == {0}  # clamped to row 0


def test_no_rows_is_refused(source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = source.with_name("none.nwb")
    with pytest.raises(TruncateError, match="n must be at least 1"):
        truncate_file(source, target, 0)
    with pytest.raises(SystemExit) as usage:
        main(["truncate", str(source), str(target), "-n", "0"])
    assert usage.value.code == 2
    assert "-n: must be 1 or more, got 0" in capsys.readouterr().err
    assert not target.exists()
    assert not list(source.parent.glob(".none.nwb.*"))  # no temporary left
