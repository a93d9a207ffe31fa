"""Worker processes: results come back; crashes and hangs become outcomes."""

from __future__ import annotations

import os
import time
from pathlib import Path

import h5py
import pytest
from tests.unit.checking.conftest import write_hanging

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


def test_check_paths_reports_timeouts_as_findings(tmp_path: Path) -> None:
    stuck = write_hanging(tmp_path / "stuck.nwb")
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


_ONE_SHOT = """
import os, sys
from nwb_lsp.workers import WorkerPool

with WorkerPool(size=2, timeout=20, preload=("json",)) as pool:
    first = [pool.run("os.getppid").value for _ in range(2)]
    crashed = pool.run("os._exit", 3).crashed
    replacement = pool.run("os.getppid").value
print(os.getpid(), *first, crashed, replacement, "h5py" in sys.modules)
"""


def test_a_one_shot_caller_forks_its_workers_and_replaces_them_from_the_server() -> (
    None
):
    # A caller with one thread and no libhdf5 (the CLI) forks its workers itself:
    # their parent is the caller. A replacement (after a crash) comes from the fork
    # server, whose child it is.
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", _ONE_SHOT], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    caller, first, second, crashed, replacement, h5py_loaded = out.stdout.split()
    assert first == second == caller
    assert crashed == "True" and replacement != caller
    assert h5py_loaded == "False"


def test_a_caller_with_libhdf5_loaded_does_not_fork_its_workers() -> None:
    # this test process has h5py imported (and threads): workers come from the
    # fork server, never from a copy of this process's libhdf5 state
    assert "h5py" in __import__("sys").modules
    with WorkerPool(size=1, timeout=20) as pool:
        assert pool.run("os.getppid").value != os.getpid()
