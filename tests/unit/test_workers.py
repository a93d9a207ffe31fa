"""Worker processes: results come back; crashes and hangs become outcomes."""

from __future__ import annotations

import os
import time
from pathlib import Path

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


def test_check_paths_reports_timeouts_as_findings(data_dir: Path) -> None:
    # a real file that takes far longer than the limit to check
    reports = check_paths([data_dir / "realistic.nwb"], timeout=0.01)
    assert [(f.code, f.location.hdf5_path) for f in reports[0].findings] == [
        ("F006", "/")
    ]


def test_check_paths_refuses_a_fifo_at_once(tmp_path: Path) -> None:
    stuck = tmp_path / "stuck.nwb"
    os.mkfifo(stuck)  # opening a FIFO blocks until a writer appears: never opened
    reports = check_paths([stuck], timeout=60)
    assert [(f.code, f.location.hdf5_path) for f in reports[0].findings] == [
        ("F009", "/")
    ]
