"""Values built in Python, checked against a spec's dtype and shape like lazy arrays.

A lazy array read from a file carries its HDF5 dtype (``DTypeInfo``) and shape; a
numpy array carries the same facts in numpy's terms, and is summarized into them
(``summary``) so the model checks it with the very rules ``check`` applies to a file
(minimum precision, text vs ASCII, references, compound fields, alternative
shapes). Plain Python values — a list of floats, a string, a list of model
instances — have no storage type yet: the writer stores them with the spec's dtype,
so they are checked for their kind only (numbers where numbers are asked, ASCII
text where ASCII is, references where references are), and for their shape.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from nwb_lsp.hdf5.records import DTypeInfo, DTypeKind

_KINDS = {"i": DTypeKind.INT, "u": DTypeKind.UINT, "f": DTypeKind.FLOAT}


@dataclass(frozen=True)
class ValueSummary:
    """What the array checks need of a value: shape, dtype and a few texts."""

    shape: tuple[int, ...] | None
    dtype_info: DTypeInfo | None
    values: Any = None

    @property
    def size(self) -> int:
        return math.prod(self.shape) if self.shape is not None else 0

    def texts(self, limit: int = 1000) -> Iterator[str]:
        if self.dtype_info is None or self.dtype_info.kind is not DTypeKind.TEXT:
            return
        for value in np.ravel(np.asarray(self.values, dtype=object))[:limit]:
            yield value.isoformat() if isinstance(value, dt.date) else str(value)


def numpy_info(dtype: np.dtype[Any], sample: Any = None) -> DTypeInfo:
    """A numpy dtype in the index's terms (``sample``: an element of an object
    array, which says whether it holds text or references)."""
    if dtype.names:
        fields = tuple((n, numpy_info(dtype[n])) for n in dtype.names)
        return DTypeInfo(DTypeKind.COMPOUND, dtype.itemsize, fields=fields)
    if dtype.kind in _KINDS:
        return DTypeInfo(_KINDS[dtype.kind], dtype.itemsize, numpy=dtype.str)
    if dtype.kind == "b":
        return DTypeInfo(DTypeKind.BOOL, 1, numpy=dtype.str)
    if dtype.kind == "U":
        return DTypeInfo(DTypeKind.TEXT, encoding="utf-8")
    if dtype.kind == "S":
        return DTypeInfo(DTypeKind.TEXT, encoding="ascii")
    return _python_info(sample)


def _python_info(sample: Any) -> DTypeInfo:
    if isinstance(sample, str | dt.date):
        return DTypeInfo(DTypeKind.TEXT, encoding="utf-8")
    if isinstance(sample, bytes):
        return DTypeInfo(DTypeKind.TEXT, encoding="ascii")
    if hasattr(sample, "model_fields"):  # a model instance: an object reference
        return DTypeInfo(DTypeKind.OBJECT_REF)
    return DTypeInfo(DTypeKind.OTHER)


def summary(value: Any) -> ValueSummary | None:
    """``value`` (a numpy array, list or scalar) as shape and dtype (``None`` when it
    is not array-like, e.g. a ragged list)."""
    if isinstance(value, np.ndarray):
        sample = value.flat[0] if value.size and value.dtype.kind == "O" else None
        return ValueSummary(value.shape, numpy_info(value.dtype, sample), value)
    try:
        shape = np.shape(value)
    except ValueError:  # ragged
        return None
    flat = _flat(value)
    return ValueSummary(shape, None, flat)


def as_text(found: ValueSummary) -> ValueSummary:
    """Plain Python strings (or dates) summarized as text; anything else as is."""
    values = found.values
    if not values or not all(isinstance(v, str | dt.date) for v in values):
        return found
    ascii_only = all(isinstance(v, str) and v.isascii() for v in values)
    info = DTypeInfo(DTypeKind.TEXT, encoding="ascii" if ascii_only else "utf-8")
    return ValueSummary(found.shape, info, values)


def _flat(value: Any) -> list[Any]:
    if isinstance(value, list | tuple):
        return [v for item in value for v in _flat(item)]
    return [value]


def python_problem(spec: Any, values: list[Any]) -> str | None:
    """Why plain Python values cannot be stored with the spec dtype ``spec``."""
    if spec is None or not values:
        return None
    if isinstance(spec, dict):
        ok = all(hasattr(v, "model_fields") or isinstance(v, str) for v in values)
        return None if ok else f"must be references to {spec.get('target_type')}"
    if isinstance(spec, list):
        return None
    name = str(spec).lower()
    if name in ("text", "utf", "utf8", "utf-8", "isodatetime", "datetime"):
        ok = all(isinstance(v, str | dt.date) for v in values)
        return None if ok else "must be text"
    if name in ("ascii", "bytes"):
        ok = all(isinstance(v, str) and v.isascii() for v in values)
        return None if ok else "must be ASCII text"
    return _number_problem(name, values)


def _number_problem(name: str, values: list[Any]) -> str | None:
    if name == "bool":
        ok = all(isinstance(v, bool | np.bool_) for v in values)
        return None if ok else "must be booleans"
    numbers = all(
        isinstance(v, int | float | np.number) and not isinstance(v, bool)
        for v in values
    )
    if name.startswith(("float", "double")) or name == "numeric":
        return None if numbers else "must be numbers"
    if name.startswith(("int", "uint", "short", "long")):
        ints = numbers and all(float(v).is_integer() for v in values)
        if not ints:
            return "must be integers"
        if name.startswith("uint") and any(v < 0 for v in values):
            return "must be unsigned integers (found a negative one)"
    return None
