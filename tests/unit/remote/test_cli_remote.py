"""The commands on URLs: ``check``, ``refs``, ``graph``, ``truncate`` (remote source,
local output), run as a user runs them, against a loopback server."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import h5py
from loopback import FileServer
from remote_data import NAMES


def nwb_lsp(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nwb_lsp", *args],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=cwd,
        check=False,
    )


def test_check_url_json_equals_local(served: Path, server: FileServer) -> None:
    urls = [server.url(name) for name in NAMES[:2]]
    local = nwb_lsp("check", "--format", "json", *(str(served / n) for n in NAMES[:2]))
    remote = nwb_lsp("check", "--format", "json", *urls)
    assert remote.returncode == local.returncode, remote.stderr
    mine, theirs = json.loads(remote.stdout), json.loads(local.stdout)
    assert [f["path"] for f in mine["files"]] == urls
    assert [f["findings"] for f in mine["files"]] == [
        f["findings"] for f in theirs["files"]
    ]


def test_check_reports_a_refusing_server_without_leaking(served: Path) -> None:
    with FileServer(served, mode="norange") as server:
        url = server.url(NAMES[0]).replace("http://", "http://me:pw123@")
        done = nwb_lsp("check", url + "?sig=abc987")
        assert done.returncode == 1
        assert "F017" in done.stdout
        assert "pw123" not in done.stdout + done.stderr
        assert "abc987" not in done.stdout + done.stderr
        allowed = nwb_lsp("check", "--allow-full-download", server.url(NAMES[0]))
        assert allowed.returncode == 0, allowed.stdout + allowed.stderr


def test_refs_and_graph_of_a_url(served: Path, server: FileServer) -> None:
    url = server.url(NAMES[0])
    target = "/general/extracellular_ephys/electrodes"
    local = nwb_lsp("refs", "--format", "json", str(served / NAMES[0]), target)
    remote = nwb_lsp("refs", "--format", "json", url, target)
    assert remote.returncode == 0, remote.stderr
    assert json.loads(remote.stdout) == json.loads(local.stdout)
    graph = nwb_lsp("graph", url)
    assert graph.returncode == 0, graph.stderr
    assert any(
        n["id"] == "/acquisition/ephys" for n in json.loads(graph.stdout)["nodes"]
    )


def test_truncate_a_url_to_a_local_file(
    served: Path, server: FileServer, tmp_path: Path
) -> None:
    done = nwb_lsp("truncate", "-n", "3", server.url(NAMES[0]), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "realistic_truncated.nwb"
    assert done.stdout.strip() == str(out)
    with h5py.File(out, "r") as f:
        assert f["acquisition/ephys/data"].shape == (3, 4)
    again = nwb_lsp("truncate", server.url(NAMES[0]), cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr
    check = nwb_lsp("check", str(out))
    assert check.returncode == 0, check.stdout


def test_a_failing_server_is_one_line_for_refs(served: Path) -> None:
    with FileServer(served, mode="status", status=404) as server:
        done = nwb_lsp("refs", server.url(NAMES[0]) + "?X-Amz-Signature=zzz", "/")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "HTTP 404" in done.stderr
    assert "zzz" not in done.stderr and "X-Amz-Signature=***" in done.stderr
