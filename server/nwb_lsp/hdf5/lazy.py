"""Lazy arrays: a dataset's shape and dtype now, its values only when indexed.

A ``LazyArray`` is made from the file index (no read at all) and opens the file
read-only, without HDF5 file locks, for each read — so holding one keeps no handle
open and never blocks a writer. Indexing reads only the selection. Arrays of object
references come back as the referenced objects' HDF5 paths, or, when a ``resolve``
callback is given, as whatever it maps a path to (``nwb_lsp.io`` maps them to model
instances). Text comes back as ``str``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator
from typing import Any

import h5py
import numpy as np

from nwb_lsp.hdf5.dtypes import python_value
from nwb_lsp.hdf5.records import DTypeInfo, DTypeKind, Problem
from nwb_lsp.hdf5.remote import open_location
from nwb_lsp.urls import is_url

Resolver = Callable[[str | None], Any]


class LazyArray:
    """A dataset's values, read on demand (``shape`` is None for a null dataspace)."""

    __slots__ = ("dtype_info", "file", "path", "resolve", "shape")

    def __init__(
        self,
        file: str | os.PathLike[str],
        path: str,
        shape: tuple[int, ...] | None,
        dtype_info: DTypeInfo | None,
        resolve: Resolver | None = None,
    ) -> None:
        self.file = os.fspath(file)
        self.path = path
        self.shape = shape
        self.dtype_info = dtype_info
        self.resolve = resolve

    # -- metadata, no reads --------------------------------------------------
    @property
    def ndim(self) -> int:
        return len(self.shape) if self.shape is not None else 0

    @property
    def size(self) -> int:
        return math.prod(self.shape) if self.shape is not None else 0

    @property
    def dtype(self) -> np.dtype[Any] | None:
        """The numpy dtype on disk (``object`` for strings and references)."""
        info = self.dtype_info
        if info is None or not info.numpy:
            return None
        try:
            return np.dtype(info.numpy)
        except TypeError:
            return np.dtype(object)

    def __len__(self) -> int:
        if not self.shape:
            raise TypeError("len() of a scalar or empty dataset")
        return self.shape[0]

    def __repr__(self) -> str:
        shape = "scalar" if self.shape == () else self.shape
        kind = self.dtype_info.kind.value if self.dtype_info else "?"
        return f"LazyArray({self.path!r}, shape={shape}, dtype={kind})"

    # -- reads -----------------------------------------------------------------
    def _open(self) -> h5py.File:
        if is_url(self.file):  # read through the cache of the pass that indexed it
            problems: list[Problem] = []
            remote = open_location(self.file, problems, reuse=True)
            if remote is None:
                raise OSError(problems[0].message if problems else "cannot open")
            return remote
        try:
            return h5py.File(self.file, "r", locking=False)
        except OSError as exc:
            # libhdf5 opens a file once per process: when the caller holds it
            # open with h5py's default locking, ours must match to share it.
            if "locking flag" not in str(exc):
                raise
            return h5py.File(self.file, "r")

    def __getitem__(self, selection: Any) -> Any:
        with self._open() as f:
            dset = f[self.path]
            if self.shape is None:
                return None
            return self._convert(f, dset[selection])

    def read(self) -> Any:
        """All values (a scalar for a scalar dataset)."""
        return self[()]

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray[Any, Any]:
        return np.asarray(self.read(), dtype=dtype)

    def texts(self, limit: int = 1000) -> Iterator[str]:
        """Up to ``limit`` values as text (for checks of date-time strings)."""
        if self.dtype_info is None or self.dtype_info.kind is not DTypeKind.TEXT:
            return
        values = self.read() if self.ndim == 0 else self[: min(limit, len(self))]
        for value in [values] if isinstance(values, str) else np.ravel(values):
            yield str(value)

    def _convert(self, f: h5py.File, values: Any) -> Any:
        info = self.dtype_info
        if info is not None and info.kind is DTypeKind.OBJECT_REF:
            return self._references(f, values)
        if info is not None and info.kind is DTypeKind.TEXT:
            if isinstance(values, np.ndarray):
                flat = [python_value(v) for v in values.ravel()]
                out = np.empty(len(flat), dtype=object)
                out[:] = flat
                return out.reshape(values.shape)
            return python_value(values)
        return values

    def _references(self, f: h5py.File, values: Any) -> Any:
        def one(ref: Any) -> Any:
            path = f[ref].name if ref else None
            return self.resolve(path) if self.resolve else path

        if isinstance(values, np.ndarray):
            out = np.empty(values.size, dtype=object)
            out[:] = [one(r) for r in values.ravel()]
            return out.reshape(values.shape)
        return one(values)
