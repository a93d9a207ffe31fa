"""End to end on a real Dask cluster: a ``dask scheduler`` and two ``dask worker``
processes on 127.0.0.1 check a folder holding a clean file, a broken one, one that
hangs libhdf5 and one that crashes it; the report equals the local one."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed")

DATA = Path(__file__).resolve().parents[2] / "data"
TIMEOUT = "10"
CHECK = [
    sys.executable,
    "-m",
    "nwb_lsp",
    "check",
]  # seconds per file: hang.nwb costs this much


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def cluster(crash_plugin: Path, tmp_path: Path) -> Iterator[str]:
    """A scheduler and two single-threaded workers; their address."""
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "HDF5_PLUGIN_PATH": str(crash_plugin)}
    cli = [sys.executable, "-m"]  # the `dask scheduler` and `dask worker` commands
    common = ["--no-dashboard"]
    log = (tmp_path / "dask.log").open("wb")
    processes = [
        subprocess.Popen(
            [
                *cli,
                "distributed.cli.dask_scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                *common,
            ],
            env=env,
            stdout=log,
            stderr=log,
        )
    ]
    try:
        for _ in range(2):
            processes.append(
                subprocess.Popen(
                    [
                        *cli,
                        "distributed.cli.dask_worker",
                        address,
                        "--host",
                        "127.0.0.1",
                        "--nthreads",
                        "1",
                        *common,
                    ],
                    env=env,
                    stdout=log,
                    stderr=log,
                )
            )
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        _stop(processes)
        log.close()


def _check(
    folder: Path, plugin: Path, *options: str
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HDF5_PLUGIN_PATH": str(plugin)}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "nwb_lsp",
            "check",
            "--no-cache",
            "--format",
            "json",
            "--timeout",
            TIMEOUT,
            *options,
            str(folder),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.mark.slow
def test_a_cluster_reports_as_a_local_run(
    cluster: str, batch_folder: Path, crash_plugin: Path
) -> None:
    local = _check(batch_folder, crash_plugin, "--jobs", "2")
    remote = _check(batch_folder, crash_plugin, "--scheduler", cluster)
    assert remote.returncode == local.returncode == 1, remote.stderr
    assert remote.stdout == local.stdout
    files = json.loads(remote.stdout)["files"]
    codes = {Path(r["path"]).name: [f["code"] for f in r["findings"]] for r in files}
    assert codes == {
        "broken.nwb": ["F001"],
        "clean.nwb": [],
        "crash.nwb": ["F005"],
        "hang.nwb": ["F006"],
    }


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.nwb").write_bytes(b"not HDF5")
    port = _free_port()  # nothing listens there
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "nwb_lsp",
            "check",
            "--no-cache",
            "--scheduler",
            f"tcp://127.0.0.1:{port}",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "3s"},
    )
    assert done.returncode == 2
    assert done.stderr.startswith("nwb-lsp check: error: --scheduler tcp://127.0.0.1")
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_a_local_cluster_reports_as_a_local_run(tmp_path: Path) -> None:
    (tmp_path / "a.nwb").write_bytes(b"not HDF5")
    (tmp_path / "b.nwb").write_bytes((DATA / "realistic.nwb").read_bytes())
    (tmp_path / "realistic_movie.avi").write_bytes(b"")
    runs = [
        subprocess.run(
            [
                sys.executable,
                "-m",
                "nwb_lsp",
                "check",
                "--no-cache",
                *options,
                "--format",
                "sarif",
                str(tmp_path),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        for options in (["--scheduler", "local:1"], [])
    ]
    assert runs[0].returncode == runs[1].returncode == 1, runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    assert "F001" in runs[0].stdout


@pytest.mark.slow
def test_a_task_the_cluster_loses_is_the_files_f015(
    tmp_path: Path, hanging: Path
) -> None:
    """The only worker is killed while it checks a file; a scheduler that allows
    no retries then gives the task up (KilledWorker): F020, exit code 1."""
    import psutil
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0"}
    log = (tmp_path / "dask.log").open("wb")
    scheduler = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "distributed.cli.dask_scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-dashboard",
        ],
        env=env,
        stdout=log,
        stderr=log,
    )
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "distributed.cli.dask_worker",
            address,
            "--host",
            "127.0.0.1",
            "--nthreads",
            "1",
            "--no-nanny",
            "--no-dashboard",
        ],
        env=env,
        stdout=log,
        stderr=log,
    )
    check = None
    try:
        with Client(address, timeout=60) as client:
            client.wait_for_workers(1, timeout=120)
            check = subprocess.Popen(
                [
                    *CHECK,
                    "--no-cache",
                    "--timeout",
                    "300",
                    "--scheduler",
                    address,
                    str(hanging),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            _wait_until_busy(client)
        tree = psutil.Process(worker.pid).children(recursive=True)
        for process in [psutil.Process(worker.pid), *tree]:  # its hung child too
            process.kill()
        out, err = check.communicate(timeout=120)
        assert check.returncode == 1, err
        assert out.startswith(f"{hanging}:/: error F020 the cluster lost this file")
    finally:
        if check is not None and check.poll() is None:
            check.kill()
        _stop([worker, scheduler])
        log.close()


def _wait_until_busy(client: Any) -> None:
    """Until the scheduler has given a task to a worker (bounded)."""
    for _ in range(600):
        if any(client.processing().values()):
            return
        time.sleep(0.1)
    raise AssertionError("no task reached the worker within 60 s")
