"""The one-pass file index on small files written with h5py."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np
import pytest

from nwb_lsp.hdf5 import parallel
from nwb_lsp.hdf5.index import build_index
from nwb_lsp.hdf5.records import DTypeKind, ObjectKind, ProblemKind, Via


@pytest.fixture()
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.h5"
    with h5py.File(path, "w") as f:
        f.attrs["nwb_version"] = "2.7.0"
        g = f.create_group("acq/ts")
        g.attrs["neurodata_type"] = "TimeSeries"
        g.attrs["namespace"] = "core"
        data = g.create_dataset(
            "data", data=np.arange(10, dtype="u2"), chunks=(5,), compression="gzip"
        )
        f["alias"] = data
        f["soft"] = h5py.SoftLink("/acq/ts/data")
        f["dangling"] = h5py.SoftLink("/nowhere")
        f["ext"] = h5py.ExternalLink("missing.h5", "/x")
        f.attrs["ref"] = g.ref
        f.create_dataset("refs", data=[g.ref] * 80, dtype=h5py.ref_dtype)
        row = np.dtype([("start", "i4"), ("ts", h5py.ref_dtype)])
        f.create_dataset("cmp", data=np.array([(0, g.ref), (1, data.ref)], dtype=row))
        f.create_dataset(
            "regions", data=[data.regionref[2:4]], dtype=h5py.regionref_dtype
        )
        f.create_dataset("text", data=["a", "b"], dtype=h5py.string_dtype())
        f.create_group("specifications/core/2.7.0")
    return path


def test_records_every_object_with_metadata(small: Path) -> None:
    index = build_index(small)
    assert index.problems == []
    assert index.nwb_version == "2.7.0" and index.has_specs
    assert "/specifications" not in index.objects
    ts = index.objects["/acq/ts"]
    assert (ts.kind, ts.neurodata_type, ts.namespace) == (
        ObjectKind.GROUP,
        "TimeSeries",
        "core",
    )
    data = index.objects["/acq/ts/data"]
    assert data.shape == (10,) and data.chunks == (5,) and data.compression == "gzip"
    assert data.dtype is not None and (data.dtype.kind, data.dtype.itemsize) == (
        DTypeKind.UINT,
        2,
    )
    text = index.objects["/text"].dtype
    assert text is not None and text.kind is DTypeKind.TEXT and text.variable_length
    assert text.encoding == "utf-8"


def test_hard_links_share_identity(small: Path) -> None:
    index = build_index(small)
    assert index.aliases("/alias") == ["/acq/ts/data", "/alias"]


def test_links_and_whether_targets_exist(small: Path) -> None:
    index = build_index(small)
    soft, dangling, ext = (
        index.objects[p].link for p in ("/soft", "/dangling", "/ext")
    )
    assert (
        soft is not None and soft.target_exists and soft.target_path == "/acq/ts/data"
    )
    assert dangling is not None and not dangling.target_exists
    assert ext is not None and ext.target_file == "missing.h5" and not ext.target_exists


def test_references_aggregated_with_their_place(small: Path) -> None:
    index = build_index(small)
    found = {
        (r.source, r.via, r.name, r.count, r.region) for r in index.referrers("/acq/ts")
    }
    assert found == {
        ("/", Via.ATTRIBUTE, "ref", 1, False),
        ("/refs", Via.DATASET, "", 80, False),
        ("/cmp", Via.COMPOUND, "ts", 1, False),
    }
    region = [r for r in index.referrers("/acq/ts/data") if r.region]
    assert [(r.source, r.selection) for r in region] == [("/regions", "[2..3]")]
    assert index.objects["/"].attrs["ref"] == "/acq/ts"


def test_not_hdf5_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    path = tmp_path / "x.nwb"
    path.write_text("not hdf5")
    assert [p.kind for p in build_index(path).problems] == [ProblemKind.NOT_HDF5]


def test_truncated_file_is_a_problem(small: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.h5"
    cut.write_bytes(small.read_bytes()[:3000])
    assert [p.kind for p in build_index(cut).problems] == [ProblemKind.TRUNCATED]


def test_missing_file(tmp_path: Path) -> None:
    problems = build_index(tmp_path / "nope.nwb").problems
    assert [p.kind for p in problems] == [ProblemKind.MISSING_FILE]


def test_progress_is_reported_on_large_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "many.h5"
    with h5py.File(path, "w") as f:
        for i in range(1200):
            f.create_group(f"g{i}")
    seen: list[int] = []
    index = build_index(path, progress=seen.append, processes=1)
    assert seen == [500, 1000] and len(index.objects) == 1201
    # shared among processes, a helper's records count when they are merged
    monkeypatch.setattr(parallel, "SPLIT_MIN", 1000)
    monkeypatch.setattr(parallel, "PREFORKED_SPLIT_MIN", 1000)
    seen.clear()
    build_index(path, progress=seen.append, processes=2)
    assert seen == sorted(seen) and seen[-1] == 1201
