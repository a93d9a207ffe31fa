"""NWB dtype rules: is the type stored on disk acceptable where the spec asks for X?

The specification language's dtypes are minimums: a wider type on disk is fine (an
``int64`` where ``int32`` is asked), a narrower one is not. An unsigned integer fits
a wider signed one (``uint8`` where ``int16`` is asked). ``text`` accepts ASCII and
UTF-8 strings, ``ascii`` only ASCII. Reference dtypes name the reference kind
(object or region). Messages say what is allowed in words, not numpy codes.
"""

from __future__ import annotations

from typing import Any

from nwb_lsp.hdf5.records import DTypeInfo, DTypeKind

_FLOATS = {"float": 4, "float32": 4, "double": 8, "float64": 8}
_INTS = {"int8": 1, "short": 2, "int16": 2, "int": 4, "int32": 4, "long": 8, "int64": 8}
_UINTS = {"uint8": 1, "uint16": 2, "uint": 4, "uint32": 4, "uint64": 8}
_TEXT = {"text", "utf", "utf8", "utf-8"}
_ASCII = {"ascii", "bytes"}
_TIME = {"isodatetime", "datetime"}


def describe(spec: Any) -> str:
    """What ``spec`` (a dtype from a spec) allows, in words."""
    if isinstance(spec, dict):
        kind = "region" if spec.get("reftype") == "region" else "object"
        return f"a {kind} reference to {spec.get('target_type', 'an object')}"
    if isinstance(spec, list):
        return "a compound type with fields " + ", ".join(
            str(f.get("name")) for f in spec if isinstance(f, dict)
        )
    name = str(spec).lower()
    if name in _FLOATS:
        return f"a floating-point number of at least {_FLOATS[name] * 8} bits"
    if name in _INTS:
        return f"an integer of at least {_INTS[name] * 8} bits"
    if name in _UINTS:
        return f"an unsigned integer of at least {_UINTS[name] * 8} bits"
    if name in _TEXT:
        return "text"
    if name in _ASCII:
        return "ASCII text"
    if name in _TIME:
        return "an ISO 8601 date-time string"
    if name == "bool":
        return "a boolean"
    if name == "numeric":
        return "a number"
    return name


def found(info: DTypeInfo) -> str:
    """What is on disk, in words."""
    if info.kind is DTypeKind.TEXT:
        return f"{info.encoding or 'ascii'} text" if info.encoding else "text"
    if info.kind in (DTypeKind.INT, DTypeKind.UINT, DTypeKind.FLOAT):
        noun = {"int": "integer", "uint": "unsigned integer", "float": "float"}
        return f"a {info.itemsize * 8}-bit {noun[info.kind.value]}"
    return info.kind.value.replace("_", " ")


def allowed(spec: Any, info: DTypeInfo) -> bool:
    if spec is None:
        return True
    if isinstance(spec, dict):
        want = (
            DTypeKind.REGION_REF
            if spec.get("reftype") == "region"
            else (DTypeKind.OBJECT_REF)
        )
        return info.kind is want
    if isinstance(spec, list):
        return _compound(spec, info)
    return _simple(str(spec).lower(), info)


def _compound(spec: list[Any], info: DTypeInfo) -> bool:
    if info.kind is not DTypeKind.COMPOUND:
        return False
    fields = dict(info.fields)
    for field in spec:
        if not isinstance(field, dict):
            continue
        got = fields.get(str(field.get("name")))
        if got is None or not allowed(field.get("dtype"), got):
            return False
    return True


def _simple(name: str, info: DTypeInfo) -> bool:
    kind, size = info.kind, info.itemsize
    if name in _FLOATS:
        return kind is DTypeKind.FLOAT and size >= _FLOATS[name]
    if name in _INTS:
        need = _INTS[name]
        return (kind is DTypeKind.INT and size >= need) or (
            kind is DTypeKind.UINT and size < need
        )
    if name in _UINTS:
        return kind is DTypeKind.UINT and size >= _UINTS[name]
    if name in _TEXT or name in _TIME:
        return kind is DTypeKind.TEXT
    if name in _ASCII:
        return kind is DTypeKind.TEXT and info.encoding != "utf-8"
    if name == "bool":
        return kind is DTypeKind.BOOL or (kind is DTypeKind.UINT and size == 1)
    if name == "numeric":
        return kind in (DTypeKind.INT, DTypeKind.UINT, DTypeKind.FLOAT, DTypeKind.BOOL)
    return True  # a dtype this version of the language does not know: no opinion
