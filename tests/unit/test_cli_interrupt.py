"""Ctrl-C during a long check: one line, exit 130, and no process left running.

A terminal sends SIGINT to the whole foreground process group: the CLI, the worker
(forked from the CLI) and its helpers. The test does the same to a real ``nwb-lsp
check`` whose worker is busy indexing a file of many thousand groups (a FIFO, which
would block the worker's open, is now refused before any worker sees it: F012).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import h5py
import pytest

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc to find the worker"
)
DEADLINE = 60.0  # seconds; far more than any step takes
GROUPS = 12_000  # a check of this many series takes seconds, far more than a signal


def _group(pgid: int) -> list[int]:
    """Processes in process group ``pgid``."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # ended meanwhile
            if int(fields[2]) == pgid:
                members.append(int(entry.name))
    return members


def _wait_until(condition: object, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.05)


def _slow_file(path: Path) -> Path:
    with h5py.File(path, "w") as f:
        f.attrs.update(nwb_version="2.7.0", neurodata_type="NWBFile", namespace="core")
        acquisition = f.create_group("acquisition")
        for i in range(GROUPS):
            series = acquisition.create_group(f"series{i}")
            series.attrs.update(neurodata_type="TimeSeries", namespace="core")
    return path


def _start_check(path: Path) -> subprocess.Popen[str]:
    def default_sigint() -> None:
        # a shell starting a job in the background may have left SIGINT ignored
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    return subprocess.Popen(
        [sys.executable, "-m", "nwb_lsp", "check", str(path), "-j", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal job
        preexec_fn=default_sigint,
    )


def test_ctrl_c_ends_everything_quietly(tmp_path: Path) -> None:
    check = _start_check(_slow_file(tmp_path / "slow.nwb"))
    try:
        # the CLI and its worker
        _wait_until(lambda: len(_group(check.pid)) >= 2, "a worker has started")
        time.sleep(0.3)  # the worker is inside the index pass
        assert check.poll() is None, "the check ended before it was interrupted"
        os.killpg(check.pid, signal.SIGINT)
        out, err = check.communicate(timeout=DEADLINE)
    finally:
        if check.poll() is None:
            os.killpg(check.pid, signal.SIGKILL)
    assert (check.returncode, out, err) == (130, "", "nwb-lsp: interrupted\n")
    _wait_until(lambda: not _group(check.pid), "no process of the check is left")
