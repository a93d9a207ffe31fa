"""Sharing a large group among helper processes gives the index one walk gives."""

from __future__ import annotations

import os
from pathlib import Path

import h5py
import numpy as np
import pytest

from nwb_lsp.hdf5 import parallel
from nwb_lsp.hdf5.index import build_index
from nwb_lsp.hdf5.parallel import ProcessSplitter, available_processes
from nwb_lsp.hdf5.records import FileIndex
from nwb_lsp.hdf5.walker import Walker

REALISTIC = Path(__file__).parents[2] / "data" / "realistic.nwb"


def split_index(path: Path, processes: int) -> tuple[FileIndex, ProcessSplitter]:
    index = FileIndex(path=str(path))
    splitter = ProcessSplitter(str(path), processes, min_children=2)
    with h5py.File(path, "r") as f:
        Walker(f, index, None, splitter).visit_root()
    return index, splitter


def assert_same(a: FileIndex, b: FileIndex) -> None:
    assert list(a.objects) == list(b.objects)  # same records in the same order
    assert a.objects == b.objects
    assert a.references == b.references
    assert a.problems == b.problems
    assert a.raw_paths == b.raw_paths


@pytest.fixture()
def wide(tmp_path: Path) -> Path:
    """A group of ten children holding references, links and a shared group."""
    path = tmp_path / "wide.h5"
    with h5py.File(path, "w") as f:
        early = f.create_group("early")
        early.create_dataset("x", data=np.arange(3))
        g = f.create_group("g")
        for i in range(10):
            child = g.create_group(f"c{i}")
            child.attrs["neurodata_type"] = "TimeSeries"
            child.attrs["target"] = early.ref
            child.create_dataset("data", data=np.zeros((4, 2), dtype="f4"))
        g["c9/soft"] = h5py.SoftLink("/g/c0/data")
        g["c8/dangling"] = h5py.SoftLink("/nowhere")
        g["c7/early_alias"] = early  # a hard link to a group walked before the split
        f["late"] = h5py.SoftLink("/g/c5")
    return path


def test_split_realistic_file_equals_one_walk() -> None:
    index, splitter = split_index(REALISTIC, 3)
    assert (splitter.done, splitter.merged, splitter.walked_here) == (True, 2, 0)
    assert_same(index, build_index(REALISTIC, processes=1))


def test_split_wide_group_equals_one_walk(wide: Path) -> None:
    index, splitter = split_index(wide, 2)
    assert splitter.merged == 1 and splitter.walked_here == 0
    serial = build_index(wide, processes=1)
    assert_same(index, serial)
    # the alias of a group walked earlier is recorded, not descended into
    assert "/g/c7/early_alias" in serial.objects
    assert "/g/c7/early_alias/x" not in serial.objects


def test_names_that_are_not_utf8_in_a_shared_group(tmp_path: Path) -> None:
    """A large group under a name that is not UTF-8, holding more such names: the
    helpers open it by its stored bytes and keep those of its children."""
    path = tmp_path / "names.h5"
    with h5py.File(path, "w") as f:
        g = f.create_group("g")
        for i in range(6):
            g.create_group(f"c{i}")
        h5py.h5g.create(g["c4"].id, b"d\xffx")
        f.id.links.create_hard(b"wide\xfe", f.id, b"g")
        f["g/c5"].create_dataset("data", data=[1.0])
        del f["g"]
    index, splitter = split_index(path, 3)
    assert splitter.merged == 2
    assert_same(index, build_index(path, processes=1))
    assert index.raw_paths["/wide\\xfe/c4/d\\xffx"] == b"/wide\xfe/c4/d\xffx"
    assert "/wide\\xfe/c5/data" in index.objects


def test_one_object_in_two_shares_is_walked_here(tmp_path: Path) -> None:
    path = tmp_path / "alias.h5"
    with h5py.File(path, "w") as f:
        g = f.create_group("g")
        for i in range(6):
            g.create_group(f"c{i}").create_dataset("d", data=[i])
        g["c5/shared"] = g["c1"]  # reached in the first share and in the second
    index, splitter = split_index(path, 2)
    assert splitter.walked_here == 1
    assert_same(index, build_index(path, processes=1))
    assert "/g/c5/shared/d" not in index.objects


def test_a_failing_helper_costs_time_not_records(
    wide: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "_HELPER", "import sys; sys.exit(3)")
    index, splitter = split_index(wide, 3)
    assert splitter.merged == 0 and splitter.walked_here == 2
    assert_same(index, build_index(wide, processes=1))


def test_default_index_splits_a_large_group(
    wide: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    splits: list[ProcessSplitter] = []
    visit = ProcessSplitter.visit

    def spy(self: ProcessSplitter, *args: object) -> bool:
        splits.append(self)
        return visit(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "SPLIT_MIN", 5)
    monkeypatch.setattr(parallel, "PREFORKED_SPLIT_MIN", 5)
    monkeypatch.setattr(ProcessSplitter, "visit", spy)
    assert_same(build_index(wide, processes=2), build_index(wide, processes=1))
    assert splits and splits[0].merged == 1  # /g (ten children) was shared


def test_processes_follow_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NWB_LSP_INDEX_PROCESSES", "1")
    assert available_processes() == 1
    monkeypatch.delenv("NWB_LSP_INDEX_PROCESSES")
    assert 1 <= available_processes() <= parallel.MAX_PROCESSES


def test_preforked_helpers_walk_their_share_and_leave_nothing(
    wide: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # helpers forked before the file is opened: the same index as one walk, the
    # share merged (not walked again here), and no child left once it is built
    if not parallel.may_prefork():
        pytest.skip("this test process has threads or an HDF5 file open")
    splits: list[ProcessSplitter] = []
    visit = ProcessSplitter.visit

    def spy(self: ProcessSplitter, *args: object) -> bool:
        splits.append(self)
        return visit(self, *args)  # type: ignore[arg-type]

    released: list[int] = []
    release = parallel._Forked.release

    def waited(self: parallel._Forked) -> int:
        released.append(self.pid)
        return release(self)

    monkeypatch.setattr(parallel, "PREFORKED_SPLIT_MIN", 5)
    monkeypatch.setattr(ProcessSplitter, "visit", spy)
    monkeypatch.setattr(parallel._Forked, "release", waited)
    shared = build_index(wide, processes=3)
    assert_same(shared, build_index(wide, processes=1))
    assert splits[0].merged == 2 and splits[0].walked_here == 0
    assert len(released) == 2
    for pid in released:  # each helper was waited for: none is left
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_preforked_helpers_are_released_when_nothing_is_shared(wide: Path) -> None:
    splitter = ProcessSplitter(str(wide), 3, prefork=True)
    if not splitter.forked:
        pytest.skip("this test process has threads or an HDF5 file open")
    pids = [helper.pid for helper in splitter.forked]
    splitter.close()
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_no_prefork_while_an_hdf5_file_is_open(wide: Path) -> None:
    # a child would inherit libhdf5's state of the open file
    with h5py.File(wide, "r"):
        assert not parallel.may_prefork()
        assert ProcessSplitter(str(wide), 2, prefork=True).forked == []
