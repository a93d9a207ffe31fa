"""Best practice for optional text fields: omit them rather than write ``""``.

An optional field (an attribute with ``required: false``, a dataset of quantity
``?``) that holds the empty string says nothing, and readers cannot tell it from a
field someone forgot to fill in: it should be left out. nwbinspector learns which
fields are optional from pynwb's constructors; here the type's own spec says it:
the scalar text attributes and datasets of a typed object, in the object itself
or in its untyped groups and datasets (``/general/lab`` of an NWBFile,
``continuity`` of a TimeSeries' ``data``), that are optional and have no default
value (a field with a default is written with it when omitted, so the empty
string there was chosen). Typed children are judged as objects of their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from nwb_lsp.hdf5.records import ObjectRecord
from nwb_lsp.rules.bestpractice.read import attr_text, record_at, text
from nwb_lsp.rules.bestpractice.registry import SUGGESTION, Note, best_practice
from nwb_lsp.rules.context import CheckContext

TEXT = {"text", "utf", "utf8", "utf-8", "ascii"}
OPTIONAL = {"?", "zero_or_one", "*", "zero_or_many"}


def _scalar_text(spec: dict[str, Any]) -> bool:
    dtype = spec.get("dtype")  # a dict (reference) or list (compound) otherwise
    scalar = spec.get("shape") is None and not spec.get("dims")
    return isinstance(dtype, str) and dtype in TEXT and scalar


def _optional(spec: dict[str, Any], kind: str) -> bool:
    """No default value, and the field may be left out."""
    if "default_value" in spec or "value" in spec or not _scalar_text(spec):
        return False
    if kind == "attribute":
        return spec.get("required") is False
    return spec.get("quantity") in OPTIONAL


def _fields(spec: dict[str, Any], prefix: str) -> Iterator[tuple[str, str, str]]:
    """(owner's relative path, field name, "attribute" or "dataset") of every
    optional scalar text field in ``spec`` and its untyped groups and datasets."""
    for attribute in spec.get("attributes") or []:
        if isinstance(attribute, dict) and _optional(attribute, "attribute"):
            yield prefix, str(attribute.get("name")), "attribute"
    for key in ("datasets", "groups"):
        for entry in spec.get(key) or []:
            if not isinstance(entry, dict) or entry.get("name") is None:
                continue
            if entry.get("neurodata_type_inc") or entry.get("neurodata_type_def"):
                continue
            if key == "datasets" and _optional(entry, "dataset"):
                yield prefix, str(entry["name"]), "dataset"
            yield from _fields(entry, f"{prefix}/{entry['name']}")


@best_practice(
    "B124",
    "check_empty_string_for_optional_attribute",
    SUGGESTION,
    None,
    "an optional text field holds an empty string",
    why="an empty optional field says nothing and looks like one left unfilled",
    fix="leave the field out (None in pynwb) instead of writing ''",
)
def empty_optional(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    spec = ctx.catalog.resolved(str(record.neurodata_type))
    fields = ctx.per_spec(  # the same for every object of the type
        spec, "optional text fields", lambda s: list(_fields(s, ""))
    )
    base = "" if record.path == "/" else record.path
    for relative, name, kind in fields:
        owner = base + relative
        where = record_at(ctx, owner or "/")
        if where is None:
            continue
        if kind == "attribute":
            value = attr_text(where, name) if name in where.attrs else None
            path = where.path
        else:
            path = f"{owner}/{name}"
            value = text(ctx, path) if path in ctx.index.objects else None
        if value == "":
            yield Note(f'the optional {kind} "{name}" is an empty string', path)
