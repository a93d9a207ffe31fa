"""Objects against their specs: typing, required parts, dtypes, shapes, fixed values.

For every typed object the rule takes the type's resolved definition (ancestors
merged) from the catalog and walks it alongside the object, metadata only:

* typing — unknown ``neurodata_type`` (``M001``), typed object without
  ``namespace`` (``M002``), a namespace the file does not carry (``M003``), an
  untyped group where a typed one is required (``M004``), a child of the wrong type
  (``M005``);
* required attributes, datasets, groups and links present (``M010``), and at least
  as many typed children as the quantity asks (``M011``);
* dtypes with minimum precision (``M020``), ranks and shapes incl. alternative
  layouts (``M021``), fixed values (``M022``), ISO 8601 date-times (``M023``);
* undeclared attributes and datasets (``M030``, a warning).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from nwb_lsp.findings import Finding, Location, Severity, SpecRef, define_code, finding
from nwb_lsp.hdf5.records import ObjectKind, ObjectRecord
from nwb_lsp.rules import model_values
from nwb_lsp.rules.context import CheckContext, entries
from nwb_lsp.rules.dtypes import allowed, describe, found
from nwb_lsp.schema.catalog import merge_specs, type_def, type_inc

UNKNOWN_TYPE = define_code("M001", Severity.ERROR, "unknown neurodata_type", "model")
NO_NAMESPACE = define_code(
    "M002", Severity.ERROR, "a typed object has no namespace attribute", "model"
)
UNCACHED_NAMESPACE = define_code(
    "M003", Severity.ERROR, "an object's namespace is not cached in the file", "model"
)
UNTYPED_GROUP = define_code(
    "M004", Severity.ERROR, "an untyped group where a typed one is required", "model"
)
WRONG_CHILD_TYPE = define_code(
    "M005", Severity.ERROR, "a child is not of the type its spec requires", "model"
)
MISSING = define_code(
    "M010",
    Severity.ERROR,
    "a required attribute, dataset, group or link is missing",
    "model",
)
TOO_FEW = define_code(
    "M011", Severity.ERROR, "fewer typed children than the quantity requires", "model"
)
BAD_DTYPE = define_code("M020", Severity.ERROR, "a value has the wrong dtype", "model")
BAD_SHAPE = define_code(
    "M021", Severity.ERROR, "a value has the wrong rank or shape", "model"
)
BAD_VALUE = define_code(
    "M022", Severity.ERROR, "a fixed value differs from the spec", "model"
)
BAD_DATETIME = define_code(
    "M023", Severity.ERROR, "a date-time is not ISO 8601", "model"
)
UNDECLARED = define_code(
    "M030",
    Severity.WARNING,
    "an attribute or dataset the spec does not declare",
    "model",
)

# Attributes every typed object carries; not part of any type's spec.
BOOKKEEPING = {"neurodata_type", "data_type", "namespace", "object_id", "help"}
SKIP_ROOT = {"specifications"}


def check(ctx: CheckContext) -> Iterable[Finding]:
    cached = set(ctx.catalog.spec_set.namespaces)
    for record in ctx.index.typed():
        yield from _typing(ctx, record, cached)
        typedef = ctx.catalog.get(record.neurodata_type or "")
        if typedef is not None and not _named_in_parent(ctx, record):
            spec = ctx.catalog.resolved(typedef.name)
            yield from _Walk(ctx, typedef.ref).object(record, spec)


def _typing(
    ctx: CheckContext, record: ObjectRecord, cached: set[str]
) -> Iterable[Finding]:
    here = Location(hdf5_path=record.path)
    name = record.neurodata_type
    if name not in ctx.catalog.types:
        yield finding(
            UNKNOWN_TYPE,
            f"neurodata_type '{name}' is not defined by any namespace the file uses",
            here,
        )
    if record.namespace is None:
        yield finding(
            NO_NAMESPACE, f"typed object ({name}) has no 'namespace' attribute", here
        )
    elif ctx.index.has_specs and record.namespace not in cached:
        yield finding(
            UNCACHED_NAMESPACE,
            "namespace "
            f"'{record.namespace}' is not cached in the file's "
            "/specifications",
            here,
        )


def _child_type(entry: dict[str, Any]) -> str | None:
    """The type a child must have: the one it defines where it is used (cores before
    2.2.3 define Subject in NWBFile/general/subject), else the one it includes."""
    return type_def(entry) or type_inc(entry)


def _named_in_parent(ctx: CheckContext, record: ObjectRecord) -> bool:
    """Whether the parent's spec names this typed child (the parent's walk checks it,
    with the parent's refinements merged over the child's type)."""
    if record.parent is None:
        return False
    parent = ctx.spec_of(record.parent)
    return any(
        isinstance(e, dict) and e.get("name") == record.name
        for key in ("datasets", "groups")
        for e in (parent or {}).get(key) or []
    )


class _Walk:
    """Checks one typed object and its untyped descendants against one spec."""

    def __init__(self, ctx: CheckContext, ref: SpecRef) -> None:
        self.ctx = ctx
        self.ref = ref

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
        declared = entries(spec, "attributes")
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
        if info is not None and not allowed(want, info):
            yield self._f(
                BAD_DTYPE,
                record.path,
                f"attribute '{name}' must be {describe(want)}, found {found(info)}",
            )
        shape = record.attr_shapes.get(name)
        problem = model_values.shape_problem(attr, shape)
        if problem:
            yield self._f(BAD_SHAPE, record.path, f"attribute '{name}' {problem}")
        value = record.attrs.get(name)
        fixed = "value" in attr and not (record.path == "/" and name == "nwb_version")
        if fixed and not model_values.same(value, attr["value"]):
            yield self._f(
                BAD_VALUE,
                record.path,
                f"attribute '{name}' must be {attr['value']!r}, found {value!r}",
            )
        is_time = str(want).lower() in ("isodatetime", "datetime")
        bad_time = isinstance(value, str) and not model_values.is_isodatetime(value)
        if is_time and bad_time:
            yield self._f(
                BAD_DATETIME,
                record.path,
                f"attribute '{name}' is {value!r}, not an ISO 8601 date-time",
            )

    def _dataset_value(
        self, record: ObjectRecord, spec: dict[str, Any]
    ) -> Iterable[Finding]:
        want = spec.get("dtype")
        if record.dtype is not None and not allowed(want, record.dtype):
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
                if not model_values.is_isodatetime(text):
                    yield self._f(
                        BAD_DATETIME,
                        record.path,
                        f"{text!r} is not an ISO 8601 date-time",
                    )
                    break

    def _children(
        self, record: ObjectRecord, spec: dict[str, Any]
    ) -> Iterable[Finding]:
        named: dict[str, tuple[str, dict[str, Any]]] = {}
        typed: list[tuple[str, dict[str, Any]]] = []
        for key in ("datasets", "groups", "links"):
            for entry in spec.get(key) or []:
                if not isinstance(entry, dict):
                    continue
                if entry.get("name") is not None:
                    named[str(entry["name"])] = (key, entry)
                elif _child_type(entry) or entry.get("target_type"):
                    typed.append((key, entry))
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
        inc = _child_type(entry)
        if inc and child.neurodata_type is not None:
            if not self.ctx.catalog.is_a(child.neurodata_type, inc):
                yield self._f(
                    WRONG_CHILD_TYPE,
                    child.path,
                    f"must be a {inc}, found {child.neurodata_type}",
                )
                return
            own = self.ctx.catalog.resolved(child.neurodata_type)
            yield from self.object(child, merge_specs(own, entry))
            return
        target = self.ctx.target(child)
        if target is None or key == "links":
            return
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
            want = _child_type(entry) or str(entry.get("target_type"))
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
