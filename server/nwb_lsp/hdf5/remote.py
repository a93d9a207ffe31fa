"""Opening an NWB file by URL (HTTP(S), S3) for h5py, reading only what HDF5 asks.

libhdf5 reads a file's metadata as many small pieces scattered through it (the
superblock, object headers, B-trees and heaps of groups, attribute storage). Over a
network each read would be a round trip, so the file is read through fsspec (its
HTTP file system over aiohttp, s3fs for ``s3://``) with a block cache: a read fetches
a whole block (``RemoteOptions.block_size``, read-ahead) and the blocks last used
stay in memory (``cache_blocks``), so the pieces that lie together cost one request.
Metadata written by pynwb sits mostly near the start and in small clusters, so a
check of a file of 10,000 TimeSeries takes tens of requests, and a dataset's chunks
are never fetched unless a rule needs values (``docs/remote.md`` has the figures and
why fsspec was chosen over remfile).

A URL is resolved once (``HEAD``, following redirects: DANDI's asset URLs redirect
to pre-signed S3 URLs), so the range requests go straight to the final server. A
server that ignores Range requests is found by one small probe and refused, unless
``allow_full_download``: then the whole file goes to a temporary file first.
Failures become ``Problem`` records (``remote_errors.py``), never exceptions.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import h5py

from nwb_lsp.hdf5.opening import open_for_reading, superblock_in
from nwb_lsp.hdf5.records import Problem, ProblemKind
from nwb_lsp.hdf5.remote_errors import (
    RemoteFailure,
    classify,
    forget_frames,
    no_range_failure,
    with_retries,
)
from nwb_lsp.hdf5.remote_fs import Remote, connect
from nwb_lsp.urls import RemoteOptions, is_url

# where a signature is looked for in a remote file that libhdf5 refused: 0, 512, ...
# 512 KiB (a few requests at most, never a walk through a whole large file)
SIGNATURE_SEARCH = 2**20


class RemoteSource(io.RawIOBase):
    """A remote file as the seekable binary file h5py reads: every read retried
    after transient failures; after a failure that stands, each read fails at once
    and ``failure`` says why (the file's finding)."""

    def __init__(
        self, inner: IO[bytes], size: int, options: RemoteOptions, owned: bool = True
    ) -> None:
        super().__init__()
        self._inner = inner
        self._owned = owned  # False: a shared handle (``_Recent``) stays open
        self.size = size
        self._options = options
        self._position = 0
        self.failure: RemoteFailure | None = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self.size}
        self._position = max(0, base[whence] + offset)
        return self._position

    def readinto(self, buffer: Any) -> int:
        if self.failure is not None:
            raise OSError(self.failure.message)
        view = memoryview(buffer).cast("B")
        start = self._position
        try:
            data = with_retries(lambda: self._read_at(start, len(view)), self._options)
        except RemoteFailure as failure:
            forget_frames(failure)
            self.failure = failure
            raise OSError(failure.message) from None
        view[: len(data)] = data
        self._position = start + len(data)
        return len(data)

    def _read_at(self, start: int, count: int) -> bytes:
        self._inner.seek(start)
        return self._inner.read(count)

    def close(self) -> None:
        if self._owned:
            with contextlib.suppress(Exception):  # a dead connection closes anyway
                self._inner.close()
        super().close()


class RemoteFile(h5py.File):
    """An ``h5py.File`` over a remote source; closing it closes the source."""

    def __init__(self, source: RemoteSource) -> None:
        super().__init__(source, "r")
        self.source = source

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.source.close()


def open_location(
    location: str | os.PathLike[str],
    problems: list[Problem],
    options: RemoteOptions | None = None,
    *,
    reuse: bool = False,
) -> h5py.File | None:
    """A path or URL opened read-only, or None with the reason in ``problems``
    (``reuse``: a URL opened last in this process is read through the same cache,
    as a second pass over a file just indexed, else it is opened afresh; a local
    file's second pass does not look for a writer again)."""
    if isinstance(location, str) and is_url(location):
        return open_remote(location, problems, options or RemoteOptions(), reuse)
    return open_for_reading(Path(location), problems, note_writer=not reuse)


def open_remote(
    url: str, problems: list[Problem], options: RemoteOptions, reuse: bool = False
) -> h5py.File | None:
    """``url`` opened read-only through the block cache, or None with the reason."""
    try:
        source = with_retries(lambda: _source(url, options, reuse), options)
    except RemoteFailure as failure:
        problems.append(failure.problem())
        return None
    try:
        return RemoteFile(source)
    except Exception as exc:  # libhdf5 reports a bad file as various types
        problems.append(_open_problem(source, exc, options))
        source.close()
        return None


def remote_failure(handle: h5py.File) -> Problem | None:
    """Why reading a remote file stopped part way, or None (also for local files)."""
    source = getattr(handle, "source", None)
    failure = getattr(source, "failure", None)
    return failure.problem() if isinstance(failure, RemoteFailure) else None


class _Recent:
    """The last remote file opened in this process, kept open with its block cache:
    a check reads a file twice (the index pass, then the values rules need), and
    the second pass then costs no HEAD, no probe and no block already fetched."""

    key: tuple[str, RemoteOptions] | None = None
    remote: Remote | None = None

    @classmethod
    def get(cls, url: str, options: RemoteOptions) -> Remote | None:
        return cls.remote if cls.key == (url, options) else None

    @classmethod
    def keep(cls, url: str, options: RemoteOptions, remote: Remote) -> None:
        if cls.remote is not None:
            with contextlib.suppress(Exception):
                cls.remote.handle.close()
        cls.key, cls.remote = (url, options), remote


def _source(url: str, options: RemoteOptions, reuse: bool) -> RemoteSource:
    remote = _Recent.get(url, options) if reuse else None
    if remote is None:
        remote = connect(url, options)
        if remote.ranges:
            _Recent.keep(url, options, remote)
    if remote.ranges:
        return RemoteSource(remote.handle, remote.size, options, owned=False)
    remote.handle.close()
    if not options.allow_full_download:
        raise no_range_failure(remote.size)
    return _downloaded(remote.fetch_all, remote.size, options)


def _downloaded(
    fetch: Callable[[IO[bytes]], None], size: int | None, options: RemoteOptions
) -> RemoteSource:
    """The whole file in a temporary file (removed at once: the open handle keeps
    it until closed)."""
    spool = tempfile.TemporaryFile(prefix="nwb-lsp-download-")  # noqa: SIM115
    try:
        fetch(spool)
        length = spool.seek(0, io.SEEK_END)
    except BaseException:
        spool.close()
        raise
    return RemoteSource(spool, length if size is None else min(size, length), options)


def _open_problem(
    source: RemoteSource, exc: BaseException, options: RemoteOptions
) -> Problem:
    if source.failure is not None:
        return source.failure.problem()
    try:
        block = superblock_in(source, min(source.size, SIGNATURE_SEARCH))
    except Exception as read_exc:  # the read that found the signature failed
        return classify(read_exc, options).problem()
    if block is None:
        return Problem(
            ProblemKind.NOT_HDF5, "/", "not an HDF5 file (no HDF5 signature)"
        )
    return Problem(ProblemKind.TRUNCATED, "/", f"truncated or corrupt HDF5 file: {exc}")


def remote_raw_data_problem(dset: h5py.Dataset) -> str | None:
    """Why a remote dataset's values are not read: they lie in other files (external
    raw data, virtual sources), which libhdf5 would look for on this machine."""
    try:
        plist = dset.id.get_create_plist()
        external = plist.get_external_count()
        virtual = plist.get_layout() == h5py.h5d.VIRTUAL
        names = (
            [plist.get_virtual_filename(i) for i in range(plist.get_virtual_count())]
            if virtual
            else []
        )
    except Exception as exc:  # a damaged creation property list
        return f"its storage cannot be read: {exc}"
    if external or any(name != "." for name in names):
        return "its values lie in other files, not read beside a remote file"
    return None
