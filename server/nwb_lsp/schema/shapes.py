"""Shapes and date-times as the specification language defines them.

A spec's ``shape`` is one layout (``[null, 3]``) or a list of alternative layouts
(``[[null], [null, null]]``); ``null`` matches any length. Used by the model rules and
by the generated models' validators alike.
"""

from __future__ import annotations

import re
from typing import Any

_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}"
    r"([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$"
)


def is_isodatetime(text: str) -> bool:
    return bool(_ISO.match(text.strip()))


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
