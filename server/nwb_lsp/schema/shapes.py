"""Shapes and date-times as the specification language defines them.

A spec's ``shape`` is one layout (``[null, 3]``) or a list of alternative layouts
(``[[null], [null, null]]``); ``null`` matches any length. Used by the model rules and
by the generated models' validators alike.
"""

from __future__ import annotations

import re
from typing import Any

# The extended ISO 8601 form NWB readers accept (hdmf's validator uses the same
# shape): a date, optionally ``T`` and a time, and a timezone (``Z`` or an offset).
_ISO = re.compile(
    r"^-?\d{4}-(1[0-2]|0[1-9])-(3[01]|0[1-9]|[12]\d)"
    r"(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(?P<tz>Z|[+-]\d{2}(:?\d{2})?)?)?$"
)


def datetime_problem(text: str) -> str | None:
    """Why ``text`` is not a date-time NWB accepts (None when it is one).

    pynwb writes ``2018-04-26T12:00:00+02:00``; NWB requires the extended form with a
    ``T`` (not a space) and a timezone, since a session's start time without one is
    ambiguous across labs. Trailing padding of fixed-length strings is ignored.
    """
    value = text.strip(" \x00")
    match = _ISO.match(value)
    if match is None:
        return (
            f"{text!r} is not an ISO 8601 date-time "
            "(expected e.g. 2018-04-26T12:00:00+02:00)"
        )
    if match.group("tz") is None:
        return f"{text!r} has no timezone (expected e.g. 2018-04-26T12:00:00+02:00)"
    return None


def is_isodatetime(text: str) -> bool:
    return datetime_problem(text) is None


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
