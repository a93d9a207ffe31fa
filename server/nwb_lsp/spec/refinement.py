"""Is a type's refinement compatible with what its ancestors say?

A type that extends another may only narrow it: every file valid for the child must be
valid for the parent. So a refined dtype must be a specialisation of the parent's
(``float64`` of ``float32``, ``ascii`` of ``text``, any number of ``numeric``; not
``int32`` of ``float32``), each refined shape layout must fit one of the parent's
(same rank; a fixed length stays fixed), and a child's quantity may not allow fewer
or more occurrences than the parent's. These functions work on spec values as
written in YAML (strings, dicts, lists) and return why not, or ``None``.
"""

from __future__ import annotations

from typing import Any

_FLOAT = {"float": 32, "float32": 32, "double": 64, "float64": 64}
_INT = {"int8": 8, "short": 16, "int16": 16, "int": 32, "int32": 32}
_INT |= {"long": 64, "int64": 64}
_UINT = {"uint8": 8, "uint16": 16, "uint": 32, "uint32": 32, "uint64": 64}
_TEXT = {"text", "utf", "utf8", "utf-8"}
_ASCII = {"ascii", "bytes"}
_TIME = {"isodatetime", "datetime"}
_NUMERIC = set(_FLOAT) | set(_INT) | set(_UINT) | {"numeric"}

_UNBOUNDED = 1 << 30


def dtype_problem(child: Any, parent: Any) -> str | None:
    """Why dtype ``child`` does not specialise ``parent`` (None when it does)."""
    if child is None or parent is None:
        return None
    if isinstance(parent, dict) or isinstance(child, dict):
        if not (isinstance(parent, dict) and isinstance(child, dict)):
            return f"{_show(child)} cannot refine {_show(parent)}"
        if _reftype(child) != _reftype(parent):
            kinds = (_reftype(child), _reftype(parent))
            return "a {} reference cannot refine a {} one".format(*kinds)
        return None
    if isinstance(parent, list) or isinstance(child, list):
        if isinstance(parent, list) and isinstance(child, list):
            return None
        return f"{_show(child)} cannot refine {_show(parent)}"
    if _simple_ok(str(child).lower(), str(parent).lower()):
        return None
    return f"dtype '{child}' is not a specialisation of '{parent}'"


def _simple_ok(child: str, parent: str) -> bool:
    if child == parent:
        return True
    if parent == "numeric":
        return child in _NUMERIC
    if parent in _FLOAT:
        return child in _FLOAT and _FLOAT[child] >= _FLOAT[parent]
    if parent in _INT:
        wide_int = child in _INT and _INT[child] >= _INT[parent]
        return wide_int or (child in _UINT and _UINT[child] < _INT[parent])
    if parent in _UINT:
        return child in _UINT and _UINT[child] >= _UINT[parent]
    if parent in _TEXT:
        return child in _TEXT | _ASCII | _TIME
    if parent in _ASCII:
        return child in _ASCII
    if parent in _TIME:
        return child in _TIME
    return False


def _reftype(dtype: dict[str, Any]) -> str:
    return "region" if dtype.get("reftype") == "region" else "object"


def _show(dtype: Any) -> str:
    if isinstance(dtype, dict):
        return f"a {_reftype(dtype)} reference"
    if isinstance(dtype, list):
        return "a compound dtype"
    return f"dtype '{dtype}'"


def _layouts(shape: Any) -> list[list[Any]] | None:
    if not isinstance(shape, list):
        return None
    if shape and all(isinstance(s, list) for s in shape):
        return shape
    return [shape]


def shape_problem(child: Any, parent: Any) -> str | None:
    """Why shape ``child`` cannot fit ``parent``'s layouts (None when it fits)."""
    mine, theirs = _layouts(child), _layouts(parent)
    if mine is None or theirs is None:
        return None
    for layout in mine:
        if not any(_fits(layout, other) for other in theirs):
            return (
                f"shape {_text(layout)} fits none of the parent's layouts "
                + " or ".join(_text(t) for t in theirs)
            )
    return None


def _fits(layout: list[Any], parent: list[Any]) -> bool:
    if len(layout) != len(parent):
        return False
    return all(p is None or p == c for c, p in zip(layout, parent, strict=True))


def _text(layout: list[Any]) -> str:
    return "[" + ", ".join("null" if d is None else str(d) for d in layout) + "]"


def _bounds(quantity: Any) -> tuple[int, int]:
    if quantity in ("?", "zero_or_one"):
        return 0, 1
    if quantity in ("*", "zero_or_many"):
        return 0, _UNBOUNDED
    if quantity in ("+", "one_or_many"):
        return 1, _UNBOUNDED
    try:
        n = int(quantity)
    except (TypeError, ValueError):
        return 1, 1
    return n, n


def quantity_problem(child: Any, parent: Any) -> str | None:
    """Why quantity ``child`` loosens ``parent`` (None when it does not)."""
    (lo, hi), (plo, phi) = _bounds(child), _bounds(parent)
    if lo < plo:
        return f"quantity '{child}' allows fewer than the parent's '{parent}'"
    if hi > phi:
        return f"quantity '{child}' allows more than the parent's '{parent}'"
    return None
