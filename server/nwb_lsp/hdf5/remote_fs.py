"""The file systems behind remote files: fsspec's HTTP (aiohttp) and S3 (s3fs).

``connect`` resolves a URL once — its final address after redirects, its size,
whether its server honours Range requests — and opens it with a block cache tuned
for HDF5 metadata (``RemoteOptions.block_size`` read-ahead, ``cache_blocks`` kept,
least recently used dropped first). S3 is read anonymously unless AWS credentials
are configured (the standard variables or a profile), at the endpoint the standard
``AWS_ENDPOINT_URL_S3``/``AWS_ENDPOINT_URL`` variables name (an S3-compatible store,
or moto in the tests). Timeouts bound every request; retries are the caller's
(``remote_errors.with_retries``), so the clients' own are switched off.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from nwb_lsp.urls import RemoteOptions, s3_endpoint_from_environment

CACHE_TYPE = "blockcache"  # LRU of whole blocks: metadata clusters are re-read
COPY_PIECE = 2**20  # bytes per piece when a whole file is downloaded
_CREDENTIAL_VARIABLES = ("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_SESSION_TOKEN")


@dataclass
class Remote:
    """An opened remote file: its fsspec handle, size, whether ranges work, and how
    to fetch it whole (only used with ``allow_full_download``)."""

    handle: IO[bytes]
    size: int
    ranges: bool
    fetch_all: Callable[[IO[bytes]], None]


def connect(url: str, options: RemoteOptions) -> Remote:
    """``url`` opened for block-cached reading; raises what the clients raise."""
    if url.lower().startswith("s3://"):
        return _connect_s3(url, options)
    return _connect_http(url, options)


def _cache_options(options: RemoteOptions) -> dict[str, Any]:
    return {
        "block_size": options.block_size,
        "cache_type": CACHE_TYPE,
        "cache_options": {"maxblocks": options.cache_blocks},
    }


def _connect_http(url: str, options: RemoteOptions) -> Remote:
    import aiohttp

    timeout = aiohttp.ClientTimeout(
        total=None, sock_connect=options.timeout, sock_read=options.timeout
    )
    import fsspec  # only when a URL is opened: it costs every local check 70 ms

    fs = fsspec.filesystem(
        "http", skip_instance_cache=True, client_kwargs={"timeout": timeout}
    )
    info = fs.info(url)  # HEAD, redirects followed
    final = str(info.get("url") or url)
    size = info.get("size")
    handle = fs.open(final, "rb", size=size, **_cache_options(options))
    ranges = size is not None and info.get("partial", True) and _honours_range(handle)

    def fetch_all(target: IO[bytes]) -> None:
        with fs.open(final, "rb", block_size=0) as stream:  # streamed, no ranges
            shutil.copyfileobj(stream, target, COPY_PIECE)

    return Remote(handle, int(size or 0), bool(ranges), fetch_all)


def _honours_range(handle: Any) -> bool:
    """Whether the server answers a range request past the first byte with that
    range (fsspec refuses a full answer there with a ValueError; a file smaller
    than the probe's offset needs no ranges at all)."""
    size = getattr(handle, "size", 0) or 0
    if size <= 1:
        return True
    try:
        handle._fetch_range(1, 2)  # one byte, not cached: the probe costs 1 byte
    except ValueError:
        return False
    return True


def _connect_s3(url: str, options: RemoteOptions) -> Remote:
    import fsspec

    fs = fsspec.filesystem("s3", skip_instance_cache=True, **s3_settings(options))
    fs.retries = 1  # s3fs retries up to 5 times by default; with_retries does it
    path = url.split("://", 1)[1]
    handle = fs.open(path, "rb", **_cache_options(options))

    def fetch_all(target: IO[bytes]) -> None:  # S3 honours ranges: not needed
        with fs.open(path, "rb", block_size=COPY_PIECE, cache_type="none") as stream:
            shutil.copyfileobj(stream, target, COPY_PIECE)

    return Remote(handle, int(handle.size), True, fetch_all)


def s3_settings(options: RemoteOptions) -> dict[str, Any]:
    """s3fs settings: anonymous unless credentials are configured; the endpoint of
    the standard variables; timeouts; no retries of its own."""
    settings: dict[str, Any] = {
        "anon": not has_aws_credentials(),
        "config_kwargs": {
            "connect_timeout": options.timeout,
            "read_timeout": options.timeout,
            "retries": {"max_attempts": 1, "mode": "standard"},
        },
    }
    endpoint = options.s3_endpoint or s3_endpoint_from_environment()
    if endpoint:
        settings["endpoint_url"] = endpoint
    return settings


def has_aws_credentials() -> bool:
    """Whether standard AWS credentials are configured (variables, or a shared
    credentials file), without asking any metadata service."""
    if any(os.environ.get(name) for name in _CREDENTIAL_VARIABLES):
        return True
    shared = os.environ.get("AWS_SHARED_CREDENTIALS_FILE")
    path = Path(shared) if shared else Path.home() / ".aws" / "credentials"
    return path.is_file()
