"""Worker processes: results come back; crashes and hangs become outcomes."""

from __future__ import annotations

import os
import time
from pathlib import Path

import h5py
import pytest

from nwb_lsp.checking import check_paths
from nwb_lsp.workers import WorkerPool


@pytest.fixture(scope="module")
def pool() -> WorkerPool:
    with WorkerPool(size=1, timeout=20) as p:
        yield p  # type: ignore[misc]


def test_result_comes_back(pool: WorkerPool) -> None:
    out = pool.run("os.path.join", "a", "b")
    assert out.ok and out.value == os.path.join("a", "b")


def test_crash_is_an_outcome_and_the_worker_is_replaced(pool: WorkerPool) -> None:
    out = pool.run("os._exit", 3)
    assert out.crashed and out.exitcode == 3
    assert pool.run("os.getpid").ok  # a fresh worker answers


def test_hang_times_out(pool: WorkerPool) -> None:
    start = time.monotonic()
    out = pool.run("time.sleep", 30, timeout=0.5)
    assert out.timed_out and time.monotonic() - start < 10
    assert pool.run("os.getpid").ok


def test_exception_is_an_error_outcome(pool: WorkerPool) -> None:
    out = pool.run("json.loads", "{")
    assert not out.ok and out.error is not None and "JSONDecodeError" in out.error


def test_cancel_kills_a_running_task(pool: WorkerPool) -> None:
    future = pool.submit("time.sleep", 30)
    future.cancel()
    start = time.monotonic()
    assert pool.run("os.getpid").ok
    assert time.monotonic() - start < 10  # did not wait for the 30 s task


def looping_heap_file(path: Path) -> Path:
    """A file libhdf5 never finishes reading: a string attribute whose global heap
    holds an object of index 0 and size 0 (libhdf5's heap decoder then spins)."""
    with h5py.File(path, "w") as f:
        f.attrs["note"] = "hello"
    data = bytearray(path.read_bytes())
    heap = data.find(b"GCOL")
    data[heap + 16 : heap + 48] = bytes(32)
    path.write_bytes(bytes(data))
    return path


def test_check_paths_reports_timeouts_as_findings(tmp_path: Path) -> None:
    stuck = looping_heap_file(tmp_path / "stuck.nwb")
    fine = tmp_path / "fine.nwb"
    with h5py.File(fine, "w") as f:
        f.attrs["nwb_version"] = "2.7.0"
    reports = check_paths([stuck, fine], timeout=5)
    assert [(f.code, f.location.hdf5_path) for f in reports[0].findings] == [
        ("F006", "/")
    ]
    assert "F006" not in [f.code for f in reports[1].findings]  # checked after it


def test_check_paths_refuses_a_fifo_at_once(tmp_path: Path) -> None:
    stuck = tmp_path / "stuck.nwb"
    os.mkfifo(stuck)  # opening a FIFO blocks until a writer appears: never opened
    reports = check_paths([stuck], timeout=60)
    assert [(f.code, f.location.hdf5_path) for f in reports[0].findings] == [
        ("F012", "/")
    ]
