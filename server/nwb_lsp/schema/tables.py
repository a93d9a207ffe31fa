"""DynamicTables as tables: columns by name, ragged columns, rows, data frames.

hdmf-common's ``DynamicTable`` is a group of equal-length columns (``VectorData``)
named in its ``colnames`` attribute, with row ids in ``id``. A ragged column ``x``
is stored flat, with ``x_index`` (a ``VectorIndex``) holding where each row ends —
and ``x_index_index`` again for a column of ragged rows of ragged rows. A
``DynamicTableRegion`` column holds row numbers of another table (its ``table``
attribute). These functions read a table model — built in Python or read from a
file, where the values are lazy arrays — in those terms; ``NwbModel`` exposes them
as ``table.column(name)``, ``table[i]`` and ``table.to_dataframe()``.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def is_table(model: Any) -> bool:
    fields = type(model).model_fields
    return "colnames" in fields and "id" in fields


def values(dataset: Any) -> Any:
    """All values of a dataset model (its array read, when lazy)."""
    field = type(dataset).array_field()
    array = getattr(dataset, field, None) if field else None
    if array is None:
        return []
    if hasattr(array, "dtype_info"):
        array = array.read()
    return array


def _child(table: Any, name: str) -> Any:
    try:
        return table[name]
    except KeyError:
        return None


def column(table: Any, name: str) -> list[Any]:
    """The column ``name``, one value per row: ragged columns split by their
    VectorIndex (a list per row), region columns resolved to rows of their table."""
    data = _child(table, name)
    if data is None:
        raise KeyError(f"{type(table).__name__} has no column {name!r}")
    flat = list(values(data)) if np.ndim(values(data)) else [values(data)]
    target = (
        getattr(data, "table", None) if "table" in type(data).model_fields else None
    )
    if target is not None:
        flat = [row(target, int(i)) for i in flat]
    index_name = f"{name}_index"
    while (index := _child(table, index_name)) is not None:
        flat = _split(flat, [int(end) for end in values(index)])
        index_name += "_index"
    return flat


def _split(flat: list[Any], ends: list[int]) -> list[Any]:
    out, start = [], 0
    for end in ends:
        out.append(flat[start:end])
        start = end
    return out


def colnames(table: Any) -> list[str]:
    names = getattr(table, "colnames", None) or []
    return [str(n) for n in ([names] if isinstance(names, str) else names)]


def ids(table: Any) -> list[int]:
    return [int(i) for i in values(table.id)] if table.id is not None else []


def row(table: Any, i: int) -> dict[str, Any]:
    """Row ``i`` (0-based) as ``{"id": ..., column: value, ...}``."""
    count = len(ids(table))
    if not -count <= i < count:
        raise IndexError(f"row {i} of a table of {count} rows")
    out: dict[str, Any] = {"id": ids(table)[i]}
    for name in colnames(table):
        out[name] = column(table, name)[i]
    return out


def to_dataframe(table: Any) -> Any:
    """The table as a pandas DataFrame indexed by id (pandas is optional)."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError("to_dataframe needs pandas: pip install pandas") from exc
    data = {name: column(table, name) for name in colnames(table)}
    return pd.DataFrame(data, index=pd.Index(ids(table), name="id"))
