"""Remote NWB files named by URL: which inputs are URLs, how they are shown, options.

An NWB file in an archive (DANDI keeps each asset in S3 behind an HTTPS URL) is
checked where it is: ``http://``, ``https://`` and ``s3://bucket/key`` inputs are
URLs, passed through every layer untouched (never turned into paths) until
``hdf5/remote.py`` opens them. This module holds what the layers above ``hdf5/``
need to know about them without importing h5py or an HTTP library:

* ``is_url`` tells a URL from a path;
* ``redact`` is how a URL is ever shown: userinfo and the values of query
  parameters (``X-Amz-Signature``, tokens of pre-signed URLs) are masked, so
  credentials never reach output, logs or findings; ``scrub`` does the same to
  every URL inside a text (an HTTP library's error message);
* ``RemoteOptions`` are the reader's settings (timeouts, retries, whether a server
  that ignores Range requests may send the whole file), picklable for workers.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from urllib.parse import SplitResult, urlsplit, urlunsplit

SCHEMES = ("http", "https", "s3")
MASK = "***"
_URL_IN_TEXT = re.compile(r"\b(?:https?|s3)://[^\s'\"<>)\]]+", re.IGNORECASE)


def is_url(value: object) -> bool:
    """Whether ``value`` (a string or path) names a remote file by URL."""
    if not isinstance(value, str):
        return False
    scheme, sep, rest = value.partition("://")
    return bool(sep) and scheme.lower() in SCHEMES and bool(rest)


def redact(url: str) -> str:
    """``url`` as it may be shown: userinfo and query values masked."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:  # an unparsable port or bracket: show the scheme only
        return url.split("://", 1)[0] + "://" + MASK
    netloc = host if port is None else f"{host}:{port}"
    if parts.username is not None or parts.password is not None:
        netloc = f"{MASK}@{netloc}"
    return urlunsplit(
        SplitResult(parts.scheme, netloc, parts.path, _masked_query(parts.query), "")
    )


def _masked_query(query: str) -> str:
    if not query:
        return ""
    names = [item.split("=", 1)[0] for item in query.split("&") if item]
    return "&".join(f"{name}={MASK}" for name in names)


def scrub(text: str) -> str:
    """``text`` with every URL in it redacted."""
    return _URL_IN_TEXT.sub(lambda match: redact(match.group(0)), text)


def shown(location: str) -> str:
    """A path as given, a URL redacted: how a checked input is named in output."""
    return redact(location) if is_url(location) else location


@dataclass(frozen=True)
class RemoteOptions:
    """How remote files are read (defaults suit a cloud archive).

    ``timeout``: seconds without a byte before a request is abandoned; ``retries``:
    further attempts after a timeout, a cut connection or a 5xx answer, waiting
    ``backoff`` seconds, doubled each time; ``allow_full_download``: a server that
    ignores Range requests sends the whole file (to a temporary file) instead of
    the file being refused; ``block_size``: bytes fetched per request (read-ahead);
    ``cache_blocks``: blocks kept in memory (least recently used go first);
    ``s3_endpoint``: the S3 API's address (an S3-compatible store), else the
    standard ``AWS_ENDPOINT_URL_S3``/``AWS_ENDPOINT_URL`` where the file is opened
    (``with_environment`` fills it in where the options are made: worker processes
    fork from a server started earlier, with the environment of that time)."""

    # 4 attempts of 10 s and their waits (3.5 s) end within a check's 60 s per file
    timeout: float = 10.0
    retries: int = 3
    backoff: float = 0.5
    allow_full_download: bool = False
    block_size: int = 2 * 2**20
    cache_blocks: int = 64
    s3_endpoint: str | None = None

    def with_environment(self) -> RemoteOptions:
        """These options with the S3 endpoint of this process's environment."""
        endpoint = self.s3_endpoint or s3_endpoint_from_environment()
        return replace(self, s3_endpoint=endpoint)


def s3_endpoint_from_environment() -> str | None:
    """The S3 endpoint the standard AWS variables name, or None (AWS itself)."""
    return os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
