"""Small helpers of the model rules: quantities, shapes, fixed values, date-times."""

from __future__ import annotations

import re
from typing import Any

from nwb_lsp.hdf5.records import ObjectRecord
from nwb_lsp.rules.context import Values

_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}"
    r"([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$"
)


def is_isodatetime(text: str) -> bool:
    return bool(_ISO.match(text.strip()))


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


def _layouts(spec: dict[str, Any]) -> list[list[Any]] | None:
    shape = spec.get("shape")
    if shape is None:
        return None
    if not isinstance(shape, list):
        return None
    if shape and all(isinstance(s, list) for s in shape):
        return shape
    return [shape]


def _fits(layout: list[Any], shape: tuple[int, ...]) -> bool:
    if len(layout) != len(shape):
        return False
    return all(
        want is None or want == got for want, got in zip(layout, shape, strict=True)
    )


def shape_problem(spec: dict[str, Any], shape: tuple[int, ...] | None) -> str | None:
    """Why ``shape`` does not fit any of the spec's layouts (None when it does)."""
    layouts = _layouts(spec)
    if layouts is None or shape is None:
        return None
    if any(_fits(layout, shape) for layout in layouts):
        return None
    expected = " or ".join(_text(layout) for layout in layouts)
    if shape == ():
        return f"must be an array of shape {expected}, found a scalar"
    return f"must have shape {expected}, found {list(shape)}"


def _text(layout: list[Any]) -> str:
    return "[" + ", ".join("any" if d is None else str(d) for d in layout) + "]"


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
