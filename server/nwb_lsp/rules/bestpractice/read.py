"""Reading the few values best-practice checks judge: text, numbers, attributes.

NWB keeps most metadata in small datasets (``/general/institution``,
``/general/subject/species``) and some in attributes (``unit``, ``rate``). These
helpers give a check the value as Python text or a number whatever way it was
stored (a scalar, a one-element array, an array of strings), through the streaming
value reader, and ``None`` when it is absent or cannot be read.
"""

from __future__ import annotations

import math
from typing import Any

from nwb_lsp.hdf5.records import ObjectRecord
from nwb_lsp.rules.context import CheckContext, attribute_spec, entries


def record_at(ctx: CheckContext, path: str) -> ObjectRecord | None:
    """The object at ``path``, following a soft link."""
    return ctx.target(ctx.index.objects.get(path))


def texts(ctx: CheckContext, path: str, limit: int = 1000) -> list[str] | None:
    """A text dataset's values (a scalar as one); None when there is none."""
    record = record_at(ctx, path)
    if record is None or record.shape is None or ctx.values is None:
        return None
    if record.shape == ():
        value = ctx.values.text(record.path)
        return None if value is None else [value]
    return ctx.values.strings(record.path, limit)


def text(ctx: CheckContext, path: str) -> str | None:
    """A scalar text dataset's value (the first of a one-element array)."""
    values = texts(ctx, path, 1)
    return values[0] if values else None


def number(ctx: CheckContext, path: str) -> float | None:
    """A scalar numeric dataset's value (``starting_time``)."""
    record = record_at(ctx, path)
    if record is None or record.shape != ():
        return None
    if record.value is not None:  # read by the index pass
        return record.value
    if ctx.values is None:
        return None
    try:
        return float(ctx.values.text(record.path) or "")
    except ValueError:
        return None


def attr(record: ObjectRecord | None, name: str) -> Any:
    """An attribute's value; a one-element array counts as its element."""
    if record is None:
        return None
    value = record.attrs.get(name)
    if isinstance(value, list) and len(value) == 1:
        return value[0]
    return value


def attr_number(record: ObjectRecord | None, name: str) -> float | None:
    value = attr(record, name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def attr_text(record: ObjectRecord | None, name: str) -> str | None:
    value = attr(record, name)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value if isinstance(value, str) else None


def declares(ctx: CheckContext, record: ObjectRecord, name: str) -> str | None:
    """``"attribute"`` or ``"dataset"`` when the object's type declares ``name``."""
    spec = ctx.catalog.resolved(str(record.neurodata_type))
    if attribute_spec(spec, name) is not None:
        return "attribute"
    if name in entries(spec, "datasets"):
        return "dataset"
    return None


def is_nan(value: float | None) -> bool:
    return value is not None and math.isnan(value)


def child_path(record: ObjectRecord, name: str) -> str:
    return f"{'' if record.path == '/' else record.path}/{name}"
