"""What went wrong reading a remote file, and whether trying again may help.

fsspec (over aiohttp for HTTP, aiobotocore for S3) raises many exception types for
the same few events. ``classify`` names the event — the host cannot be reached, the
server answered an HTTP error, the server ignores Range requests, no byte came in
time, the connection was cut mid-read — as a ``RemoteFailure`` carrying the
``ProblemKind`` that becomes the file's finding. ``with_retries`` tries an action
again after the transient ones (a timeout, a cut, a 5xx answer), waiting longer each
time and a bounded number of times, so a flaky link costs seconds, never a hang.
Every message is scrubbed of credentials (``urls.scrub``).
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from typing import TypeVar

from nwb_lsp.hdf5.records import Problem, ProblemKind
from nwb_lsp.urls import RemoteOptions, scrub

T = TypeVar("T")
TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
NO_RANGE_TEXT = "support range requests"  # fsspec's ValueError for a 200 answer


class RemoteFailure(Exception):
    """A remote read that failed: the problem to record, and whether to retry."""

    def __init__(self, kind: ProblemKind, message: str, transient: bool) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.transient = transient

    def problem(self) -> Problem:
        return Problem(self.kind, "/", self.message)


def classify(exc: BaseException, options: RemoteOptions) -> RemoteFailure:
    """The failure ``exc`` stands for (an unknown error counts as a cut read)."""
    if isinstance(exc, RemoteFailure):
        return exc
    if isinstance(exc, FileNotFoundError) and exc.__cause__ is not None:
        return classify(exc.__cause__, options)  # fsspec's info wraps every failure
    detail = scrub(str(exc) or type(exc).__name__)
    status = _status(exc)
    if status is not None:
        return _http_failure(status, detail)
    if isinstance(exc, FileNotFoundError):
        return RemoteFailure(ProblemKind.REMOTE_HTTP, "not found (HTTP 404)", False)
    if isinstance(exc, PermissionError):
        return RemoteFailure(
            ProblemKind.REMOTE_HTTP, f"access denied (HTTP 403): {detail}", False
        )
    if isinstance(exc, ValueError) and NO_RANGE_TEXT in str(exc):
        return no_range_failure()
    if _is_timeout(exc):
        return RemoteFailure(
            ProblemKind.REMOTE_TIMEOUT,
            f"no answer within {options.timeout:g} s",
            True,
        )
    if _is_unreachable(exc):
        return RemoteFailure(
            ProblemKind.REMOTE_UNREACHABLE, f"cannot connect: {detail}", False
        )
    return RemoteFailure(
        ProblemKind.REMOTE_CUT, f"the connection was cut mid-read: {detail}", True
    )


def no_range_failure(size: int | None = None) -> RemoteFailure:
    what = f"all {size:,} bytes of it" if size is not None else "all of it"
    return RemoteFailure(
        ProblemKind.REMOTE_NO_RANGE,
        "the server ignores HTTP Range requests: reading the file's metadata would "
        f"mean downloading {what}; refused (--allow-full-download permits it)",
        False,
    )


def forget_frames(exc: BaseException | None) -> None:
    """Drop the tracebacks of ``exc`` and the exceptions chained to it.

    fsspec raises in this thread the exception object its event loop keeps (in
    aiohttp's stream, in a future), so the traceback this thread adds stays
    reachable from the open connection. Its frames reach, through their callers,
    h5py's open of the file and the file-access property list holding the file
    object: never freed, libhdf5 frees it at process exit, after Python has ended,
    and the process dies with a segmentation fault."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        exc.__traceback__ = None
        exc = exc.__cause__ or exc.__context__


def with_retries(action: Callable[[], T], options: RemoteOptions) -> T:
    """``action()``, tried again after transient failures (``options.retries``
    more times, waiting ``options.backoff`` seconds, doubled each time); raises
    the last ``RemoteFailure``."""
    delay = options.backoff
    attempts = options.retries + 1
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except Exception as exc:  # fsspec and its clients raise many types
            failure = classify(exc, options)
            forget_frames(exc)
            if not failure.transient or attempt == attempts:
                if attempts > 1 and failure.transient:
                    failure.message += f" (after {attempts} attempts)"
                raise failure from None
        time.sleep(delay)
        delay *= 2
    raise AssertionError("unreachable: the loop returns or raises")


def _status(exc: BaseException) -> int | None:
    status = getattr(exc, "status", None)  # aiohttp.ClientResponseError
    if isinstance(status, int) and status >= 400:
        return status
    response = getattr(exc, "response", None)  # botocore.exceptions.ClientError
    if isinstance(response, dict):
        code = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if isinstance(code, int) and code >= 400:
            return code
    return None


def _http_failure(status: int, detail: str) -> RemoteFailure:
    return RemoteFailure(
        ProblemKind.REMOTE_HTTP,
        f"the server answered HTTP {status}: {detail}",
        status in TRANSIENT_STATUS,
    )


def _is_timeout(exc: BaseException) -> bool:
    if isinstance(exc, TimeoutError | socket.timeout):
        return True
    return "Timeout" in type(exc).__name__  # botocore's ReadTimeoutError and kin


def _is_unreachable(exc: BaseException) -> bool:
    if isinstance(exc, ConnectionRefusedError | socket.gaierror):
        return True
    names = {cls.__name__ for cls in type(exc).__mro__}
    # aiohttp.ClientConnectorError (DNS too), botocore.EndpointConnectionError
    return bool(names & {"ClientConnectorError", "EndpointConnectionError"})
