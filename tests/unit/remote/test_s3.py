"""Checking NWB files in S3: moto's S3 API on loopback, holding ``tests/data`` files.

moto runs in server mode on 127.0.0.1 (a real HTTP endpoint, started and stopped
here); s3fs finds it through the standard ``AWS_ENDPOINT_URL_S3`` variable and
signs with fake credentials from the standard variables.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer
from remote_data import DATA, FILES, NAMES

from nwb_lsp.checking import check_paths
from nwb_lsp.cli.formats import render
from nwb_lsp.findings import FileReport
from nwb_lsp.io import HDF5IO
from nwb_lsp.urls import RemoteOptions
from nwb_lsp.validate import validate_nwb_file

BUCKET = "nwb-test"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server on loopback, holding ``FILES`` in ``BUCKET``."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET)
    public = {"ACL": "public-read"}  # like DANDI's assets: read without credentials
    for name in FILES:
        client.upload_file(str(DATA / name), BUCKET, Path(name).name, public)
    client.upload_file(str(DATA / FILES[0]), BUCKET, "private.nwb")
    yield endpoint
    server.stop()


@pytest.fixture
def s3_env(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", s3_endpoint)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    return s3_endpoint


def findings_json(report: FileReport) -> list[dict[str, object]]:
    files = json.loads(render("json", [report], statistics=False))["files"]
    findings: list[dict[str, object]] = files[0]["findings"]
    return findings


OPTIONS = RemoteOptions(timeout=5, retries=1, backoff=0.01, block_size=64 * 1024)


@pytest.mark.parametrize("name", NAMES)
def test_s3_and_local_findings_are_identical(s3_env: str, name: str) -> None:
    local = validate_nwb_file(str(DATA / FILES[NAMES.index(name)]), processes=1)
    remote = validate_nwb_file(f"s3://{BUCKET}/{name}", remote=OPTIONS)
    assert findings_json(remote) == findings_json(local)
    assert remote.path == f"s3://{BUCKET}/{name}"


def test_a_missing_key_is_f016(s3_env: str) -> None:
    report = validate_nwb_file(f"s3://{BUCKET}/missing.nwb", remote=OPTIONS)
    assert [f.code for f in report.findings] == ["F016"]
    assert "404" in report.findings[0].message


def test_anonymous_without_credentials(
    s3_env: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No credentials configured: public objects are read anonymously, a private
    one is refused (F016), never a traceback."""
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    local = validate_nwb_file(str(DATA / FILES[1]), processes=1)
    public = validate_nwb_file(f"s3://{BUCKET}/{NAMES[1]}", remote=OPTIONS)
    assert findings_json(public) == findings_json(local)
    private = validate_nwb_file(f"s3://{BUCKET}/private.nwb", remote=OPTIONS)
    assert [f.code for f in private.findings] == ["F016"]
    assert "403" in private.findings[0].message


def test_check_paths_reads_s3_in_workers(s3_env: str) -> None:
    """The endpoint travels with the options (workers fork from a server that may
    predate the environment's settings); the URL reaches them untouched."""
    urls = [f"s3://{BUCKET}/{NAMES[1]}", f"s3://{BUCKET}/missing.nwb"]
    remote = OPTIONS.with_environment()
    assert remote.s3_endpoint == s3_env
    reports = check_paths(urls, jobs=1, timeout=60, remote=remote)
    assert [r.path for r in reports] == urls
    local = validate_nwb_file(str(DATA / FILES[1]), processes=1)
    assert findings_json(reports[0]) == findings_json(local)
    assert [f.code for f in reports[1].findings] == ["F016"]


def test_hdf5io_reads_an_s3_url(s3_env: str) -> None:
    url = f"s3://{BUCKET}/{NAMES[0]}"
    with HDF5IO(url) as io:
        nwbfile = io.read()
        assert nwbfile.identifier.array.read() == "nwb-lsp-realistic"
        data = nwbfile.acquisition["ephys"].data.array
        assert data.shape == (50, 4)
        assert data[:2].tolist() == data.read()[:2].tolist()
