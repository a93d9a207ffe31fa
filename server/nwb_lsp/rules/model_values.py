"""Small helpers of the model rules: quantities, shapes, fixed values, date-times."""

from __future__ import annotations

from typing import Any

from nwb_lsp.hdf5.records import ObjectRecord
from nwb_lsp.rules.context import Values
from nwb_lsp.schema.shapes import datetime_problem, shape_problem

__all__ = [
    "datetime_problem",
    "minimum",
    "required",
    "same",
    "shape_problem",
    "texts",
]


def minimum(entry: dict[str, Any]) -> int:
    """The least number of children a spec entry's quantity allows."""
    quantity = entry.get("quantity", 1)
    if quantity in ("?", "*", "zero_or_one", "zero_or_many"):
        return 0
    if quantity in ("+", "one_or_many"):
        return 1
    try:
        return int(quantity)
    except (TypeError, ValueError):
        return 1


def required(entry: dict[str, Any]) -> bool:
    return minimum(entry) > 0 and entry.get("required", True) is not False


def same(value: Any, fixed: Any) -> bool:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(fixed, int | float) and isinstance(value, int | float):
        return float(value) == float(fixed)
    return str(value) == str(fixed)


def texts(values: Values, record: ObjectRecord) -> list[str]:
    if record.shape == ():
        text = values.text(record.path)
        return [text] if text is not None else []
    return values.strings(record.path, limit=100)
