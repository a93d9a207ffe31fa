"""A dataset's values written into a new file: copied chunk by chunk from another
file, or stored from numpy arrays, lists and scalars.

A lazy array of another file is never read whole: its values are copied in blocks
of about ``BLOCK_BYTES`` along the first axis (whole HDF5 chunks when the source is
chunked), keeping the source's chunking and compression unless options say
otherwise. Object references — a dataset of them, or fields of a compound — name
objects of the source file; they are rewritten to the same objects in the new file
(``PathMap``), which is why such datasets are filled in a second pass, once every
object exists. Plain Python values are stored with the spec's dtype (``float32``,
``ascii`` ...); numpy arrays keep their own.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator
from typing import Any

import h5py
import numpy as np

from nwb_lsp.hdf5.write_plan import DatasetOptions, ObjectRef, PathMap, PlannedDataset

BLOCK_BYTES = 32 * 1024 * 1024
Deferred = Callable[[], None]

_NUMERIC = {
    "float": "f4",
    "float32": "f4",
    "double": "f8",
    "float64": "f8",
    "long": "i8",
    "int64": "i8",
    "int": "i4",
    "int32": "i4",
    "short": "i2",
    "int16": "i2",
    "int8": "i1",
    "uint": "u4",
    "uint32": "u4",
    "uint64": "u8",
    "uint16": "u2",
    "uint8": "u1",
    "bool": "?",
}


def spec_numpy_dtype(spec: Any) -> Any:
    """The numpy/h5py dtype a spec dtype stores plain Python values as (``None``
    where the value's own type decides, as for ``numeric``)."""
    if isinstance(spec, dict) or (isinstance(spec, str) and "->" in spec):
        return h5py.ref_dtype
    if not isinstance(spec, str):
        return None
    name = spec.lower()
    if name in ("ascii", "bytes"):
        return h5py.string_dtype("ascii")
    if name in ("text", "utf", "utf8", "utf-8", "isodatetime", "datetime"):
        return h5py.string_dtype("utf-8")
    code = _NUMERIC.get(name)
    return np.dtype(code) if code else None


def plain(value: Any) -> Any:
    """Dates as ISO 8601 text, tuples as lists: what h5py stores."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def create_dataset(
    f: h5py.File, planned: PlannedDataset, path_map: PathMap
) -> Deferred | None:
    """Create ``planned`` in ``f``; returns the filling of its references, if any."""
    data = planned.data
    if hasattr(data, "dtype_info") and hasattr(data, "file"):
        return _copy_lazy(f, planned, path_map)
    return _store_values(f, planned)


def _storage(options: DatasetOptions | None, source: Any = None) -> dict[str, Any]:
    if options is not None:
        kw = {
            "chunks": options.chunks,
            "compression": options.compression,
            "compression_opts": options.compression_opts,
        }
        return {k: v for k, v in kw.items() if v is not None}
    if source is None or source.chunks is None:
        return {}
    kw = {"chunks": source.chunks, "compression": source.compression}
    if source.compression_opts is not None:
        kw["compression_opts"] = source.compression_opts
    return kw


def open_source(path: str) -> h5py.File:
    try:
        return h5py.File(path, "r", locking=False)
    except OSError as exc:  # libhdf5 opens a file once per process, same locking
        if "locking flag" not in str(exc):
            raise
        return h5py.File(path, "r")


def _ref_fields(dtype: np.dtype[Any]) -> list[str]:
    if dtype.names:
        return [n for n in dtype.names if h5py.check_ref_dtype(dtype[n]) is not None]
    return [""] if h5py.check_ref_dtype(dtype) is not None else []


def _copy_lazy(
    f: h5py.File, planned: PlannedDataset, path_map: PathMap
) -> Deferred | None:
    lazy = planned.data
    with open_source(lazy.file) as src_file:
        src = src_file[lazy.path]
        if src.shape is None:
            f.create_dataset(planned.path, data=h5py.Empty(src.dtype))
            return None
        refs = _ref_fields(src.dtype)
        if any(
            h5py.check_ref_dtype(_field(src.dtype, n)) is not h5py.Reference
            for n in refs
        ):
            raise ValueError(f"{lazy.path}: region references are not written")
        dst = f.create_dataset(
            planned.path,
            shape=src.shape,
            dtype=src.dtype,
            maxshape=src.maxshape if src.chunks is not None else None,
            **_storage(planned.options, src),
        )
        if not refs:
            for where in blocks(src):
                dst[where] = src[where]
            return None
    return lambda: _copy_references(lazy, dst, refs, path_map)


def _field(dtype: np.dtype[Any], name: str) -> np.dtype[Any]:
    return dtype[name] if name else dtype


def blocks(src: Any) -> Iterator[Any]:
    """Selections covering ``src`` in blocks of about ``BLOCK_BYTES``."""
    shape = src.shape
    if shape == ():
        yield ()
        return
    row = max(1, math.prod(shape[1:]) * max(src.dtype.itemsize, 1))
    rows = max(1, BLOCK_BYTES // row)
    if src.chunks:
        rows = max(src.chunks[0], rows - rows % src.chunks[0])
    for start in range(0, shape[0], rows):
        yield slice(start, min(start + rows, shape[0]))


def _copy_references(
    lazy: Any, dst: h5py.Dataset, refs: list[str], path_map: PathMap
) -> None:
    cache: dict[str, Any] = {}

    def new_ref(src_file: h5py.File, ref: Any) -> Any:
        if not ref:
            return None
        old = src_file[ref].name
        if old not in cache:
            cache[old] = dst.file[path_map.get(old, old)].ref
        return cache[old]

    with open_source(lazy.file) as src_file:
        src = src_file[lazy.path]
        for where in blocks(src):
            values = src[where]
            for name in refs:
                column = values[name] if name else values
                mapped = np.empty(np.shape(column), dtype=object)
                mapped.flat[:] = [new_ref(src_file, r) for r in np.ravel(column)]
                if name:
                    values[name] = mapped
                else:
                    values = mapped
            dst[where] = values


def _store_values(f: h5py.File, planned: PlannedDataset) -> Deferred | None:
    data, spec = plain(planned.data), planned.dtype
    storage = _storage(planned.options)
    if isinstance(spec, list):
        return _store_compound(f, planned, data, spec, storage)
    if isinstance(data, ObjectRef) or (
        isinstance(data, list) and data and isinstance(data[0], ObjectRef)
    ):
        shape = () if isinstance(data, ObjectRef) else (len(data),)
        dst = f.create_dataset(
            planned.path, shape=shape, dtype=h5py.ref_dtype, **storage
        )
        return lambda: dst.__setitem__((), _refs(f, data))
    f.create_dataset(planned.path, data=as_array(data, spec), **storage)
    return None


def as_array(data: Any, spec: Any) -> Any:
    """Plain values as an array of the spec's dtype; numpy arrays keep theirs."""
    if isinstance(data, np.ndarray) and data.dtype.kind not in "UO":
        return data
    want = spec_numpy_dtype(spec)
    values = np.asarray(data)
    if values.dtype.kind in "UOS" or isinstance(data, str):
        text = want if h5py.check_string_dtype(want) else h5py.string_dtype()
        return np.array(data, dtype=text)
    if want is not None and values.dtype.kind in "biuf":
        return values.astype(want)
    return values


def _refs(f: h5py.File, data: Any) -> Any:
    if isinstance(data, ObjectRef):
        return f[data.path].ref
    out = np.empty(len(data), dtype=h5py.ref_dtype)
    out[:] = [f[r.path].ref for r in data]
    return out


def _store_compound(
    f: h5py.File,
    planned: PlannedDataset,
    data: Any,
    spec: list[Any],
    storage: dict[str, Any],
) -> Deferred | None:
    names = [str(field["name"]) for field in spec]
    dtype = np.dtype(
        [
            (n, spec_numpy_dtype(field.get("dtype")) or "f8")
            for n, field in zip(names, spec, strict=True)
        ]
    )
    rows = [
        tuple(r[n] for n in names) if isinstance(r, dict) else tuple(r) for r in data
    ]
    dst = f.create_dataset(planned.path, shape=(len(rows),), dtype=dtype, **storage)

    def fill() -> None:
        out = np.empty(len(rows), dtype=dtype)
        for i, row in enumerate(rows):
            out[i] = tuple(
                f[v.path].ref if isinstance(v, ObjectRef) else v for v in row
            )
        dst[...] = out

    return fill
