"""Checking NWB files over HTTP: the same findings as on disk, failures as F-codes.

Each test starts its own loopback server (``loopback.py``) serving copies of
``tests/data`` files; reports are compared as the JSON ``nwb-lsp check`` prints.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from loopback import FileServer
from remote_data import NAMES

from nwb_lsp.cli.formats import render
from nwb_lsp.findings import FileReport
from nwb_lsp.hdf5.index import build_index
from nwb_lsp.urls import RemoteOptions
from nwb_lsp.validate import validate_nwb_file


def findings_json(report: FileReport) -> list[dict[str, object]]:
    files = json.loads(render("json", [report], statistics=False))["files"]
    findings: list[dict[str, object]] = files[0]["findings"]
    return findings


def codes(report: FileReport) -> list[str]:
    return [f.code for f in report.findings]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("redirect", [False, True], ids=["direct", "redirected"])
def test_remote_and_local_findings_are_identical(
    served: Path, server: FileServer, options: RemoteOptions, name: str, redirect: bool
) -> None:
    local = validate_nwb_file(str(served / name), processes=1)
    remote = validate_nwb_file(server.url(name, redirect=redirect), remote=options)
    assert findings_json(remote) == findings_json(local)
    assert remote.path == server.url(name, redirect=redirect)


def test_only_metadata_blocks_are_fetched(served: Path, server: FileServer) -> None:
    """Blocks are fetched once: the second pass (values) reuses the first pass's,
    and parts of the file no check needs are never fetched."""
    name = NAMES[1]
    size = (served / name).stat().st_size
    opts = RemoteOptions(block_size=16 * 1024, cache_blocks=64)
    build_index(server.url(name), remote=opts)
    indexing = server.gets
    assert server.bytes_sent < 0.6 * size
    server.reset()
    validate_nwb_file(server.url(name), remote=opts)
    assert server.gets == indexing  # the values pass fetched no block again


def test_a_server_ignoring_range_is_refused(
    served: Path, options: RemoteOptions
) -> None:
    with FileServer(served, mode="norange") as server:
        report = validate_nwb_file(server.url(NAMES[1]), remote=options)
        assert codes(report) == ["F017"]
        assert "ignores HTTP Range requests" in report.findings[0].message
        assert "--allow-full-download" in report.findings[0].message


def test_full_download_when_allowed_gives_the_local_findings(
    served: Path, options: RemoteOptions
) -> None:
    local = validate_nwb_file(str(served / NAMES[1]), processes=1)
    allowed = RemoteOptions(**{**options.__dict__, "allow_full_download": True})
    with FileServer(served, mode="norange") as server:
        report = validate_nwb_file(server.url(NAMES[1]), remote=allowed)
    assert findings_json(report) == findings_json(local)


def test_a_connection_cut_mid_read_is_f019(
    served: Path, options: RemoteOptions
) -> None:
    with FileServer(served, mode="cut", cut_after=64 * 1024) as server:
        report = validate_nwb_file(server.url(NAMES[1]), remote=options)
    assert codes(report) == ["F019"]
    assert "cut mid-read" in report.findings[0].message
    assert "after 2 attempts" in report.findings[0].message


def test_a_cut_that_does_not_recur_is_retried(
    served: Path, options: RemoteOptions
) -> None:
    local = validate_nwb_file(str(served / NAMES[1]), processes=1)
    with FileServer(served, mode="cut", cut_after=64 * 1024, cut_times=1) as server:
        report = validate_nwb_file(server.url(NAMES[1]), remote=options)
    assert findings_json(report) == findings_json(local)


@pytest.mark.parametrize(("status", "transient"), [(404, False), (403, False)])
def test_http_errors_are_f016(
    served: Path, options: RemoteOptions, status: int, transient: bool
) -> None:
    with FileServer(served, mode="status", status=status) as server:
        report = validate_nwb_file(server.url(NAMES[0]), remote=options)
        assert server.requests <= 2  # HEAD, then fsspec's GET; no retries
    assert codes(report) == ["F016"]
    assert str(status) in report.findings[0].message


def test_a_5xx_is_retried_then_reported(served: Path, options: RemoteOptions) -> None:
    with FileServer(served, mode="status", status=503) as server:
        report = validate_nwb_file(server.url(NAMES[0]), remote=options)
    assert codes(report) == ["F016"]
    assert "HTTP 503" in report.findings[0].message
    assert "after 2 attempts" in report.findings[0].message


def test_a_passing_5xx_is_retried(served: Path, options: RemoteOptions) -> None:
    local = validate_nwb_file(str(served / NAMES[0]), processes=1)
    with FileServer(served, mode="flaky", status=502, flaky_times=1) as server:
        report = validate_nwb_file(server.url(NAMES[0]), remote=options)
    assert findings_json(report) == findings_json(local)


def test_a_server_that_never_answers_times_out(
    served: Path, options: RemoteOptions
) -> None:
    """Each attempt gives up after 0.5 s, well before the server's 3 s answer
    (which would make the check pass): the finding proves the bound."""
    with FileServer(served, mode="hang", hang_seconds=3.0) as server:
        report = validate_nwb_file(server.url(NAMES[0]), remote=options)
        assert server.gets == 2  # the first attempt and one retry
    assert codes(report) == ["F018"]
    assert "no answer within 0.5 s (after 2 attempts)" in report.findings[0].message


def test_a_closed_port_is_f015(served: Path, options: RemoteOptions) -> None:
    with FileServer(served) as server:
        url = server.url(NAMES[0])
    report = validate_nwb_file(url, remote=options)  # the server is gone
    assert codes(report) == ["F015"]
    assert "cannot connect" in report.findings[0].message


def test_a_file_that_is_not_hdf5_is_f001(
    server: FileServer, options: RemoteOptions
) -> None:
    report = validate_nwb_file(server.url("not_hdf5.nwb"), remote=options)
    assert codes(report) == ["F001"]


def test_credentials_never_appear_in_reports(
    served: Path, options: RemoteOptions
) -> None:
    with FileServer(served, mode="status", status=404) as server:
        secret = (
            server.url(NAMES[0]).replace("http://", "http://user:hunter2@")
            + "?X-Amz-Signature=s3cr3t&X-Amz-Credential=AKIAEXAMPLE"
        )
        report = validate_nwb_file(secret, remote=options)
    text = render("json", [report], statistics=False)
    assert codes(report) == ["F016"]
    for leaked in ("hunter2", "s3cr3t", "AKIAEXAMPLE", "user:"):
        assert leaked not in text
    assert "X-Amz-Signature=***" in report.path


def test_a_cut_read_leaves_nothing_that_crashes_the_process_at_exit(
    served: Path,
) -> None:
    """A failed read's traceback, kept by fsspec's connection, once held h5py's
    open of the file (and its file-access property list) until libhdf5 freed it
    after Python had ended: a segmentation fault at exit (code 139)."""
    code = (
        "import sys\n"
        "from nwb_lsp.urls import RemoteOptions\n"
        "from nwb_lsp.validate import validate_nwb_file\n"
        "options = RemoteOptions(timeout=0.5, retries=1, backoff=0.01,"
        " block_size=64 * 1024)\n"
        "report = validate_nwb_file(sys.argv[1], remote=options)\n"
        "print(' '.join(f.code for f in report.findings))\n"
    )
    with FileServer(served, mode="cut", cut_after=64 * 1024) as server:
        done = subprocess.run(
            [sys.executable, "-c", code, server.url(NAMES[1])],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert (done.returncode, done.stdout.strip()) == (0, "F019"), done.stderr
