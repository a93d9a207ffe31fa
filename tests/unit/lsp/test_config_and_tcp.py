"""Settings fall back to defaults; the server also speaks over TCP."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

import pytest

from nwb_lsp.findings import Severity
from nwb_lsp.lsp.config import parse_settings


def test_good_settings() -> None:
    s = parse_settings(
        {
            "select": ["G", "M0"],
            "ignore": "M030",
            "workers": 3,
            "severity": {"T003": "error"},
            "watch": False,
            "debounce": 0.1,
            "timeout": 30,
        }
    )
    assert (s.select, s.ignore, s.workers, s.watch) == (
        ("G", "M0"),
        ("M030",),
        3,
        False,
    )
    assert s.severity == {"T003": Severity.ERROR}
    assert (s.debounce, s.timeout) == (0.1, 30.0)


def test_bad_settings_fall_back_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    s = parse_settings(
        {"select": 5, "workers": 0, "severity": {"X": "loud"}, "debounce": "soon"}
    )
    assert (s.select, s.workers, s.severity, s.debounce) == ((), 2, {}, 0.3)
    assert len(caplog.records) == 4
    assert parse_settings("nonsense").workers == 2


def test_nwb_work_defaults_to_a_60_second_timeout() -> None:
    assert parse_settings({}).timeout == 60.0
    assert parse_settings(None).timeout == 60.0


def test_worker_limits() -> None:
    s = parse_settings({"workerMaxTasks": 10, "workerMaxMemory": 512})
    assert (s.worker_max_tasks, s.worker_max_memory) == (10, 512.0)
    off = parse_settings({"workerMaxTasks": 0, "workerMaxMemory": 0})
    assert (off.worker_max_tasks, off.worker_max_memory) == (0, 0.0)
    default = parse_settings({})
    assert (default.worker_max_tasks, default.worker_max_memory) == (100, 1024.0)


def test_bad_worker_limits_fall_back_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    s = parse_settings({"workerMaxTasks": True, "workerMaxMemory": "lots"})
    assert (s.worker_max_tasks, s.worker_max_memory) == (100, 1024.0)
    assert sorted(r.getMessage().split()[0] for r in caplog.records) == [
        "nwb.workerMaxMemory",
        "nwb.workerMaxTasks",
    ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _frame(payload: dict[str, object]) -> bytes:
    body = json.dumps(payload).encode()
    return f"Content-Length: {len(body)}\r\n\r\n".encode() + body


@pytest.mark.timeout(60)
def test_serve_over_tcp() -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "nwb_lsp", "serve", "--tcp", f"127.0.0.1:{port}"],
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=1)
                break
            except OSError:
                assert time.monotonic() < deadline, "server did not listen"
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                time.sleep(0.05)  # polling for the listening socket, not a fixed wait
        with sock:
            sock.settimeout(30)
            sock.sendall(
                _frame(
                    {
                        "jsonrpc": "2.0",
                        "id": 1,
                        "method": "initialize",
                        "params": {
                            "capabilities": {},
                            "processId": None,
                            "rootUri": None,
                        },
                    }
                )
            )
            data = b""
            while b"serverInfo" not in data or not data.rstrip().endswith(b"}"):
                chunk = sock.recv(65536)
                assert chunk, "connection closed"
                data += chunk
        body = json.loads(data.split(b"\r\n\r\n", 1)[1])
        assert body["id"] == 1 and body["result"]["serverInfo"]["name"] == "nwb-lsp"
        assert body["result"]["capabilities"]["hoverProvider"]
    finally:
        proc.kill()
        proc.wait()
