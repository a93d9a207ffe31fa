"""A worker is replaced after ``max_tasks`` tasks or once above ``max_rss_mb``; it
runs ``nice`` steps below the caller's CPU priority."""

from __future__ import annotations

import os
import sys

import pytest

from nwb_lsp.workers import WorkerPool

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads RSS from /proc"
)


def _pids(pool: WorkerPool, n: int) -> list[int]:
    return [pool.run("os.getpid").value for _ in range(n)]


def test_a_worker_is_replaced_after_max_tasks() -> None:
    with WorkerPool(size=1, timeout=20, max_tasks=2) as pool:
        pids = _pids(pool, 5)
        assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4]
        assert pool.retired == 2


def test_without_limits_one_worker_serves_every_task() -> None:
    with WorkerPool(size=1, timeout=20) as pool:
        assert len(set(_pids(pool, 4))) == 1
        assert pool.retired == 0


@linux_only
def test_a_worker_above_the_memory_limit_is_replaced() -> None:
    # Every Python process is above 1 MB: each task leaves its worker worn out.
    with WorkerPool(size=1, timeout=20, max_rss_mb=1) as pool:
        assert len(set(_pids(pool, 3))) == 3
        assert pool.retired == 3


@linux_only
def test_a_worker_below_the_memory_limit_is_kept() -> None:
    with WorkerPool(size=1, timeout=20, max_rss_mb=100_000) as pool:
        assert len(set(_pids(pool, 3))) == 1


@pytest.mark.skipif(not hasattr(os, "nice"), reason="POSIX priorities")
def test_workers_run_at_a_lower_priority() -> None:
    mine = os.nice(0)
    with WorkerPool(size=1, timeout=20, nice=5) as pool:
        assert pool.run("os.nice", 0).value == min(mine + 5, 19)
    with WorkerPool(size=1, timeout=20) as pool:
        assert pool.run("os.nice", 0).value == mine
