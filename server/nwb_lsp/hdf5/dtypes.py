"""HDF5 element types as ``DTypeInfo`` values, and small attribute values as Python.

h5py encodes HDF5's special types in numpy dtype metadata: variable-length and
fixed strings (with their character set), object and region references, enums (h5py
stores numpy booleans as a two-member enum). We unpack that metadata once so the rest
of nwb-lsp never needs numpy or h5py to reason about types.
"""

from __future__ import annotations

from typing import Any

import h5py
import numpy as np

from nwb_lsp.hdf5.records import DTypeInfo, DTypeKind

_CACHE: dict[tuple[str, Any], DTypeInfo] = {}
_MEMTYPES: dict[tuple[str, Any], h5py.h5t.TypeID] = {}
# memtypes by the identity of a dtype the entry keeps alive (so its id is not
# reused): the dtypes ``stored_type`` hands out come back once per attribute
_MEMTYPES_OF: dict[int, tuple[np.dtype, h5py.h5t.TypeID]] = {}
_MEMTYPES_OF_MAX = 4096
_ENCODED: dict[bytes, tuple[np.dtype, DTypeInfo]] = {}


def _key(dt: np.dtype) -> tuple[str, Any]:
    """A hashable identity of a dtype including h5py's metadata (``vlen: str``,
    ``ref: Reference``, ``h5py_encoding``...), cheap enough to compute per attribute."""
    meta = dt.metadata
    if not meta:
        return dt.str, None
    return dt.str, tuple(
        (k, v if isinstance(v, type | str | int) else repr(v))
        for k, v in sorted(meta.items())
    )


def dtype_info(dt: np.dtype) -> DTypeInfo:
    """Describe a numpy/h5py dtype without reading any data (cached per type).

    numpy's dtype equality ignores h5py's metadata (a variable-length string and an
    object reference are both ``O``), so the cache key includes the metadata.
    """
    if dt.fields:
        return _describe(dt)
    key = _key(dt)
    found = _CACHE.get(key)
    if found is None:
        found = _CACHE[key] = _describe(dt)
    return found


def stored_type(
    obj: h5py.h5a.AttrID | h5py.h5d.DatasetID,
) -> tuple[np.dtype, DTypeInfo]:
    """An open attribute's or dataset's numpy dtype and ``DTypeInfo``, cached per
    HDF5 type.

    Converting an HDF5 type to numpy costs more than serialising it, and a file
    holds few distinct types, so the serialised type is the cache key.
    """
    try:
        key = obj.get_type().encode()
    except Exception:  # a type HDF5 cannot serialise: convert it every time
        dtype = obj.dtype
        return dtype, dtype_info(dtype)
    found = _ENCODED.get(key)
    if found is None:
        dtype = obj.dtype
        found = _ENCODED[key] = (dtype, dtype_info(dtype))
    return found


def _describe(dt: np.dtype) -> DTypeInfo:
    if dt.fields:
        fields = tuple(
            (name, dtype_info(dt.fields[name][0])) for name in dt.names or ()
        )
        return DTypeInfo(DTypeKind.COMPOUND, dt.itemsize, fields=fields, numpy=dt.str)
    ref = h5py.check_ref_dtype(dt)
    if ref is not None:
        kind = (
            DTypeKind.REGION_REF
            if ref is h5py.RegionReference
            else DTypeKind.OBJECT_REF
        )
        return DTypeInfo(kind, dt.itemsize, numpy=kind.value)
    string = h5py.check_string_dtype(dt)
    if string is not None:
        return DTypeInfo(
            DTypeKind.TEXT,
            0 if string.length is None else string.length,
            variable_length=string.length is None,
            encoding=string.encoding,
            numpy=dt.str,
        )
    enum = h5py.check_enum_dtype(dt)
    if enum is not None:
        kind = DTypeKind.BOOL if set(enum) == {"FALSE", "TRUE"} else DTypeKind.ENUM
        return DTypeInfo(kind, dt.itemsize, numpy=dt.str)
    vlen = h5py.check_vlen_dtype(dt)
    if vlen is not None:
        inner = dtype_info(vlen)
        return DTypeInfo(inner.kind, inner.itemsize, variable_length=True, numpy="vlen")
    return DTypeInfo(
        _NUMPY_KINDS.get(dt.kind, DTypeKind.OTHER), dt.itemsize, numpy=dt.str
    )


_NUMPY_KINDS = {
    "i": DTypeKind.INT,
    "u": DTypeKind.UINT,
    "f": DTypeKind.FLOAT,
    "b": DTypeKind.BOOL,
    "S": DTypeKind.TEXT,  # fixed-length bytes strings are ascii text in NWB
    "U": DTypeKind.TEXT,
    "V": DTypeKind.BYTES,
    "c": DTypeKind.OTHER,
}


def python_value(value: Any, invalid: list[bytes] | None = None) -> Any:
    """An attribute value as plain Python (str, int, float, bool, lists).

    Text that is not UTF-8 is kept with its bad bytes escaped (``\\xff``), and its
    bytes are appended to ``invalid`` when given."""
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            if invalid is not None:
                invalid.append(value)
            return value.decode("utf-8", errors="backslashreplace")
    if isinstance(value, np.ndarray):
        return (
            [python_value(v, invalid) for v in value.tolist()]
            if value.ndim
            else python_value(value.item(), invalid)
        )
    if isinstance(value, list):
        return [python_value(v, invalid) for v in value]
    if isinstance(value, np.generic):
        return python_value(value.item(), invalid)
    return value


def has_references(dt: np.dtype) -> bool:
    """Whether values of ``dt`` hold object or region references (also in fields)."""
    if dt.fields:
        return any(has_references(dt.fields[f][0]) for f in dt.names or ())
    return h5py.check_ref_dtype(dt) is not None


def memory_type(dtype: np.dtype) -> h5py.h5t.TypeID:
    """The HDF5 type values of ``dtype`` are read into (h5py derives one per read
    unless given it), cached per dtype including h5py's metadata."""
    if dtype.subdtype is not None:  # HDF5 array types: not cached
        return h5py.h5t.py_create(dtype)
    found = _MEMTYPES_OF.get(id(dtype))
    if found is not None and found[0] is dtype:
        return found[1]
    key = _key(dtype)
    memtype = _MEMTYPES.get(key)
    if memtype is None:
        memtype = _MEMTYPES[key] = h5py.h5t.py_create(dtype)
    if len(_MEMTYPES_OF) < _MEMTYPES_OF_MAX:
        _MEMTYPES_OF[id(dtype)] = (dtype, memtype)
    return memtype


def read_attribute_array(
    aid: h5py.h5a.AttrID, shape: tuple[int, ...] | None, dtype: np.dtype
) -> Any:
    """An attribute's stored value as numpy (a scalar for a scalar attribute; None
    for a null dataspace), read once through its open id.

    h5py's ``attrs[name]`` opens the attribute a second time, by a name that must
    be UTF-8; the index already has it open to learn its type.
    """
    if shape is None:  # null dataspace: an attribute with no value
        return None
    memtype = memory_type(dtype)
    if dtype.subdtype is not None:  # HDF5 array types: numpy wants them unrolled
        dtype, inner = dtype.subdtype
        shape = shape + inner
    arr = np.zeros(shape, dtype=dtype)
    aid.read(arr, mtype=memtype)
    return arr[()] if arr.ndim == 0 else arr


def read_attribute(
    aid: h5py.h5a.AttrID,
    shape: tuple[int, ...] | None,
    dtype: np.dtype,
    invalid: list[bytes] | None = None,
) -> Any:
    """An attribute's value as plain Python (see ``python_value``)."""
    return python_value(read_attribute_array(aid, shape, dtype), invalid)
