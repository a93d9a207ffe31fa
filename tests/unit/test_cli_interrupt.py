"""Ctrl-C during a long check: one line, exit 130, and no process left running.

A terminal sends SIGINT to the whole foreground process group: the CLI, the fork
server, the worker and its helpers. The test does the same to a real ``nwb-lsp
check`` whose worker is stuck opening a FIFO (an open that waits for a writer, as a
slow network file system would).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc to find the worker"
)
DEADLINE = 60.0  # seconds; far more than any step takes


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


def _waits(pgid: int) -> set[str]:
    """Where the processes of the group wait in the kernel ("0": running, or the
    kernel does not say)."""
    out = set()
    for pid in _group(pgid):
        try:
            out.add(Path(f"/proc/{pid}/wchan").read_text())
        except OSError:
            continue
    return out


def _wait_until(condition: object, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.05)


def _start_check(fifo: Path) -> subprocess.Popen[str]:
    def default_sigint() -> None:
        # a shell starting a job in the background may have left SIGINT ignored
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    return subprocess.Popen(
        [sys.executable, "-m", "nwb_lsp", "check", str(fifo), "-j", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal job
        preexec_fn=default_sigint,
    )


def test_ctrl_c_ends_everything_quietly(tmp_path: Path) -> None:
    fifo = tmp_path / "slow.nwb"
    os.mkfifo(fifo)
    check = _start_check(fifo)
    try:
        seen: set[str] = set()

        def worker_opens_the_fifo() -> bool:
            seen.update(_waits(check.pid))
            return "wait_for_partner" in seen

        try:
            _wait_until(worker_opens_the_fifo, "the worker opens the FIFO")
        except AssertionError:
            if seen <= {"0"}:
                pytest.skip("the kernel does not show where processes wait")
            raise
        os.killpg(check.pid, signal.SIGINT)
        out, err = check.communicate(timeout=DEADLINE)
    finally:
        if check.poll() is None:
            os.killpg(check.pid, signal.SIGKILL)
    assert (check.returncode, out, err) == (130, "", "nwb-lsp: interrupted\n")
    _wait_until(lambda: not _group(check.pid), "no process of the check is left")
