"""Attributes in both HDF5 storage layouts: every one read, each opened by name.

The timing side (100,000 attributes in seconds) is measured by
``tests/bench/bench_attributes.py``; these tests pin what is read.
"""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np
import pytest

from nwb_lsp.hdf5 import attributes
from nwb_lsp.hdf5.index import build_index
from nwb_lsp.hdf5.records import FileIndex, Problem, ProblemKind
from nwb_lsp.hdf5.walker import METADATA_CACHE, Walker, limit_metadata_cache


def many(path: Path, count: int, *, latest: bool, last: str = "") -> Path:
    with h5py.File(path, "w", libver="latest" if latest else None) as f:
        group = f.create_group("g")
        for i in range(count):
            group.attrs[f"a{i}"] = np.int64(i)
        if last:
            group.attrs["neurodata_type"] = last
    return path


@pytest.mark.parametrize("latest", [True, False], ids=["dense", "compact"])
def test_every_attribute_is_read_in_storage_order(tmp_path: Path, latest: bool) -> None:
    path = many(tmp_path / "many.h5", 40, latest=latest)
    record = build_index(path).objects["/g"]
    assert record.attrs == {f"a{i}": i for i in range(40)}
    with h5py.File(path, "r") as f:
        stored: list[bytes] = []
        h5py.h5a.iterate(f["g"].id, stored.append, order=h5py.h5.ITER_NATIVE)
    assert list(record.attrs) == [n.decode() for n in stored]


def test_compact_storage_past_the_limit_reads_the_first_and_the_identity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(attributes, "MAX_COMPACT_ATTRIBUTES", 10)
    path = many(tmp_path / "compact.h5", 30, latest=False, last="TimeSeries")
    index = build_index(path)
    record = index.objects["/g"]
    assert list(record.attrs) == [f"a{i}" for i in range(10)] + ["neurodata_type"]
    assert record.neurodata_type == "TimeSeries"
    assert index.problems == [
        Problem(
            ProblemKind.ATTRIBUTES_SKIPPED,
            "/g",
            "the object keeps 31 attributes in its object header (compact storage, "
            "where reading each costs a pass over all of them): the first 10 were "
            "read, 20 were not checked",
        )
    ]


def test_dense_storage_has_no_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(attributes, "MAX_COMPACT_ATTRIBUTES", 10)
    index = build_index(many(tmp_path / "dense.h5", 30, latest=True))
    assert len(index.objects["/g"].attrs) == 30 and index.problems == []


def test_many_attributes_get_a_larger_cache_for_a_while(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(attributes, "MANY_ATTRIBUTES", 20)
    path = many(tmp_path / "dense.h5", 30, latest=True)
    seen: list[int] = []
    read_one = attributes.AttributeReader._read_one

    def spy(self: attributes.AttributeReader, aid: h5py.h5a.AttrID, *a: object) -> None:
        fid = h5py.h5i.get_file_id(aid)
        seen.append(fid.get_mdc_config().max_size)
        read_one(self, aid, *a)  # type: ignore[arg-type]

    monkeypatch.setattr(attributes.AttributeReader, "_read_one", spy)
    with h5py.File(path, "r", locking=False) as f:
        limit_metadata_cache(f)
        Walker(f, FileIndex(path=str(path))).visit_root()
        after = f.id.get_mdc_config().max_size
    assert set(seen) == {attributes.LARGE_CACHE} and after == METADATA_CACHE
