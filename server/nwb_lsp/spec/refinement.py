"""Is a type's refinement compatible with what its ancestors say?

A type that extends another may only narrow it: every file valid for the child must be
valid for the parent. So a refined dtype must be one the parent's allows, by hdmf's
rules (``DtypeHelper``, applied when pynwb loads a namespace): the same dtype or a
wider one of the same family — ``float`` may become ``float64``, ``int8`` any wider
int, ``uint8`` any wider uint, ``int`` ``int64`` but never ``int8`` or ``uint8`` (a
dtype names a minimum precision, so a narrower one loses values), ``text`` may become
``ascii``, ``numeric`` any number; a compound dtype's fields each by the same rule,
and a reference stays a reference of the same kind. Each refined shape layout must
fit one of the parent's (same rank; a fixed length stays fixed), and a child's
quantity may not allow fewer or more occurrences than the parent's. These functions
work on spec values as written in YAML (strings, dicts, lists) and return why not,
or ``None``.
"""

from __future__ import annotations

from typing import Any

# Families of synonyms, narrowest first: a dtype allows its own family and every
# wider family of the same kind (hdmf's ``DtypeHelper.allowable``).
_WIDENING = (
    (("float", "float32"), ("double", "float64")),
    (("int8",), ("int16", "short"), ("int32", "int"), ("int64", "long")),
    (("uint8",), ("uint16",), ("uint32", "uint"), ("uint64",)),
    (("text", "utf", "utf8", "utf-8"), ("ascii", "bytes")),
    (("isodatetime", "datetime", "date"),),
    (("bool",),),
    (("object",),),
)
ALLOWED: dict[str, frozenset[str]] = {
    name: frozenset(n for wider in kind[i:] for n in wider)
    for kind in _WIDENING
    for i, family in enumerate(kind)
    for name in family
}
_NUMBERS = frozenset(n for kind in _WIDENING[:3] for family in kind for n in family)
ALLOWED["numeric"] = _NUMBERS | {"numeric"}

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
            return _fields_problem(child, parent)
        return f"{_show(child)} cannot refine {_show(parent)}"
    mine, theirs = str(child).lower(), str(parent).lower()
    if mine not in ALLOWED or theirs not in ALLOWED:
        return None  # an unknown dtype is Y009's to report
    if mine in ALLOWED[theirs]:
        return None
    return (
        f"dtype '{child}' cannot refine '{parent}' (it allows "
        f"{', '.join(sorted(ALLOWED[theirs]))})"
    )


def _fields_problem(child: list[Any], parent: list[Any]) -> str | None:
    """A compound dtype's fields against the parent's fields of the same name."""
    theirs = {f.get("name"): f for f in parent if isinstance(f, dict)}
    for field in child:
        if not isinstance(field, dict) or field.get("name") not in theirs:
            continue
        problem = dtype_problem(field.get("dtype"), theirs[field["name"]].get("dtype"))
        if problem:
            return f"field '{field['name']}': {problem}"
    return None


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
