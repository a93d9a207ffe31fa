"""The walk of one typed object against its resolved spec (see ``rules/model.py``).

Attributes, a dataset's dtype, shape and date-times, and a group's children: named
entries (required, of the right kind and type, checked against the entry merged over
their own type) and unnamed typed entries (quantities, untyped extras). Metadata
only, except the few date-time strings it reads through ``ctx.values``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from nwb_lsp.findings import Finding, Location, SpecRef, finding
from nwb_lsp.hdf5.records import ObjectKind, ObjectRecord
from nwb_lsp.rules import model_values
from nwb_lsp.rules.context import CheckContext
from nwb_lsp.rules.dtypes import allowed, describe, found
from nwb_lsp.rules.model_codes import (
    BAD_DATETIME,
    BAD_DTYPE,
    BAD_SHAPE,
    BAD_VALUE,
    BOOKKEEPING,
    MISSING,
    SKIP_ROOT,
    TOO_FEW,
    UNDECLARED,
    UNTYPED_GROUP,
    WRONG_CHILD_TYPE,
    WRONG_KIND,
)
from nwb_lsp.schema.catalog import entry_type, merge_specs

_KINDS = {"groups": ObjectKind.GROUP, "datasets": ObjectKind.DATASET}


def _empty(shape: tuple[int, ...] | None) -> bool:
    """An empty array has no element type worth judging: writers store an empty
    list as float64 (pynwb's empty ``colnames``), and hdmf's validator skips them."""
    return shape is not None and 0 in shape


def _child_entries(
    spec: dict[str, Any],
) -> tuple[dict[str, tuple[str, dict[str, Any]]], list[tuple[str, dict[str, Any]]]]:
    """A group spec's named entries (name -> (key, entry)) and unnamed typed ones."""
    named: dict[str, tuple[str, dict[str, Any]]] = {}
    typed: list[tuple[str, dict[str, Any]]] = []
    for key in ("datasets", "groups", "links"):
        for entry in spec.get(key) or []:
            if not isinstance(entry, dict):
                continue
            if entry.get("name") is not None:
                named[str(entry["name"])] = (key, entry)
            elif entry_type(entry) or entry.get("target_type"):
                typed.append((key, entry))
    return named, typed


class Walk:
    """Checks one typed object and its untyped descendants against one spec.

    ``forms`` collects, across the whole file, attributes stored as one-element
    arrays where the spec declares a scalar (reported once per file by
    ``model.check``). Datasets are left alone: readers accept a one-element
    ``starting_time`` (aqnwb writes one), and hdmf's validator does too.
    """

    def __init__(self, ctx: CheckContext, ref: SpecRef, forms: list[str]) -> None:
        self.ctx = ctx
        self.ref = ref
        self.forms = forms

    def _f(self, code: str, path: str, message: str) -> Finding:
        return finding(code, message, Location(hdf5_path=path), spec=self.ref)

    def object(self, record: ObjectRecord, spec: dict[str, Any]) -> Iterable[Finding]:
        yield from self._attributes(record, spec)
        if record.kind is ObjectKind.DATASET:
            yield from self._dataset_value(record, spec)
        elif record.kind is ObjectKind.GROUP:
            yield from self._children(record, spec)

    def _attributes(
        self, record: ObjectRecord, spec: dict[str, Any]
    ) -> Iterable[Finding]:
        declared = self.ctx.declared(spec, "attributes")
        for name, attr in declared.items():
            if name not in record.attrs:
                if attr.get("required", True):
                    yield self._f(
                        MISSING, record.path, f"required attribute '{name}' is missing"
                    )
                continue
            yield from self._attribute(record, name, attr)
        for name in record.attrs:
            if name not in declared and name not in BOOKKEEPING:
                yield self._f(
                    UNDECLARED,
                    record.path,
                    f"attribute '{name}' is not declared by the spec",
                )

    def _attribute(
        self, record: ObjectRecord, name: str, attr: dict[str, Any]
    ) -> Iterable[Finding]:
        info = record.attr_dtypes.get(name)
        want = attr.get("dtype")
        empty = _empty(record.attr_shapes.get(name))
        if info is not None and not empty and not allowed(want, info):
            yield self._f(
                BAD_DTYPE,
                record.path,
                f"attribute '{name}' must be {describe(want)}, found {found(info)}",
            )
        shape = record.attr_shapes.get(name)
        problem = model_values.shape_problem(attr, shape)
        if problem:
            yield self._f(BAD_SHAPE, record.path, f"attribute '{name}' {problem}")
        elif shape == (1,) and "shape" not in attr:
            self.forms.append(f"{record.path} attribute '{name}'")
        value = record.attrs.get(name)
        fixed = "value" in attr and not (record.path == "/" and name == "nwb_version")
        if fixed and not model_values.same(value, attr["value"]):
            yield self._f(
                BAD_VALUE,
                record.path,
                f"attribute '{name}' must be {attr['value']!r}, found {value!r}",
            )
        if str(want).lower() in ("isodatetime", "datetime"):
            for text in value if isinstance(value, list) else [value]:
                problem = model_values.datetime_problem(str(text))
                if isinstance(text, str) and problem:
                    yield self._f(
                        BAD_DATETIME, record.path, f"attribute '{name}': {problem}"
                    )
                    break

    def _dataset_value(
        self, record: ObjectRecord, spec: dict[str, Any]
    ) -> Iterable[Finding]:
        want = spec.get("dtype")
        empty = _empty(record.shape)
        if record.dtype is not None and not empty and not allowed(want, record.dtype):
            yield self._f(
                BAD_DTYPE,
                record.path,
                f"must be {describe(want)}, found {found(record.dtype)}",
            )
        problem = model_values.shape_problem(spec, record.shape)
        if problem:
            yield self._f(BAD_SHAPE, record.path, problem)
        if str(want).lower() in ("isodatetime", "datetime") and self.ctx.values:
            for text in model_values.texts(self.ctx.values, record):
                problem = model_values.datetime_problem(text)
                if problem:
                    yield self._f(BAD_DATETIME, record.path, problem)
                    break

    def _children(
        self, record: ObjectRecord, spec: dict[str, Any]
    ) -> Iterable[Finding]:
        named, typed = self.ctx.per_spec(spec, "child entries", _child_entries)
        children = {c.name: c for c in self.ctx.index.children(record.path)}
        for name, (key, entry) in named.items():
            child = children.get(name)
            if child is None:
                if model_values.required(entry):
                    yield self._f(
                        MISSING, record.path, f"required {key[:-1]} '{name}' is missing"
                    )
                continue
            yield from self._named_child(child, key, entry)
        yield from self._typed_children(record, typed, children, set(named))

    def _named_child(
        self, child: ObjectRecord, key: str, entry: dict[str, Any]
    ) -> Iterable[Finding]:
        target = self.ctx.target(child)
        kind = _KINDS.get(key)
        if (
            target is not None
            and kind
            and target.kind in _KINDS.values()
            and (target.kind is not kind)
        ):
            yield self._f(
                WRONG_KIND,
                child.path,
                f"must be a {kind.value}, found a {target.kind.value}",
            )
            return
        inc = entry_type(entry)
        if inc and child.neurodata_type is not None:
            if not self.ctx.catalog.is_a(child.neurodata_type, inc):
                yield self._f(
                    WRONG_CHILD_TYPE,
                    child.path,
                    f"must be a {inc}, found {child.neurodata_type}",
                )
                return
            own = self.ctx.catalog.resolved(child.neurodata_type)
            merged = self.ctx.per_spec(  # one per type and entry, not per child
                entry, ("merged", child.neurodata_type), lambda e: merge_specs(own, e)
            )
            yield from self.object(child, merged)
            return
        if target is None or key == "links" or target.kind not in _KINDS.values():
            return  # a link whose target is elsewhere (another file) or missing
        if target is child or target.neurodata_type is None:
            yield from self.object(target, entry)

    def _typed_children(
        self,
        record: ObjectRecord,
        typed: list[tuple[str, dict[str, Any]]],
        children: dict[str, ObjectRecord],
        named: set[str],
    ) -> Iterable[Finding]:
        types = [self._type_of(c) for c in children.values()]
        for key, entry in typed:
            want = entry_type(entry) or str(entry.get("target_type"))
            count = sum(1 for t in types if self.ctx.catalog.is_a(t, want))
            least = model_values.minimum(entry)
            if count < least:
                yield self._f(
                    TOO_FEW,
                    record.path,
                    f"needs at least {least} {want} {key[:-1]}(s), found {count}",
                )
        for name, child in children.items():
            if name in named or self._type_of(child) is not None:
                continue
            if record.path == "/" and name in SKIP_ROOT:
                continue
            if child.kind is ObjectKind.GROUP and typed:
                yield self._f(
                    UNTYPED_GROUP,
                    child.path,
                    "untyped group where the spec "
                    "allows only typed children (no neurodata_type attribute)",
                )
            elif child.kind in (ObjectKind.GROUP, ObjectKind.DATASET):
                yield self._f(
                    UNDECLARED,
                    child.path,
                    f"{child.kind.value} is not declared by the spec",
                )

    def _type_of(self, record: ObjectRecord) -> str | None:
        target = self.ctx.target(record)
        return target.neurodata_type if target is not None else None
