"""Objects against their specs: typing, required parts, dtypes, shapes, fixed values.

For every typed object the rule takes the type's resolved definition (ancestors
merged) from the catalog and walks it alongside the object (``rules/model_walk.py``),
metadata only:

* typing — unknown ``neurodata_type`` (``M001``), typed object without
  ``namespace`` (``M002``), a namespace the file does not carry (``M003``), an
  untyped group where a typed one is required (``M004``), a child of the wrong type
  (``M005``) or kind (``M006``), type attributes that are not text and a root that
  is not an NWBFile (``M007``; an untyped root is still walked as an NWBFile);
* required attributes, datasets, groups and links present (``M010``), and at least
  as many typed children as the quantity asks (``M011``);
* dtypes with minimum precision (``M020``), ranks and shapes incl. alternative
  layouts (``M021``), fixed values (``M022``), ISO 8601 date-times (``M023``)
  (text that is not UTF-8 is found while reading: ``H005``);
* scalars stored as one-element arrays (``M024``, once per file: MatNWB 2018);
* undeclared attributes and datasets (``M030``, a warning).
"""

from __future__ import annotations

from collections.abc import Iterable

from nwb_lsp.findings import Finding, Location, finding
from nwb_lsp.hdf5.records import DTypeKind, ObjectRecord, scalar_text
from nwb_lsp.rules.context import CheckContext
from nwb_lsp.rules.guard import guarded
from nwb_lsp.rules.model_codes import (
    BAD_TYPE_ATTRIBUTE,
    NO_NAMESPACE,
    ONE_ELEMENT_ARRAYS,
    TYPE_ATTRIBUTES,
    UNCACHED_NAMESPACE,
    UNKNOWN_TYPE,
)
from nwb_lsp.rules.model_walk import Walk

ROOT_TYPE = "NWBFile"


def check(ctx: CheckContext) -> Iterable[Finding]:
    cached = set(ctx.catalog.spec_set.namespaces)
    forms: list[str] = []
    yield from guarded("root", "/", _root(ctx, forms))
    for record in ctx.index.objects.values():
        yield from guarded("type attribute", record.path, _type_attributes(record))
    for record in ctx.index.typed():
        found = _typed_object(ctx, record, cached, forms)
        yield from guarded("spec", record.path, found)
    yield from _one_element_forms(forms)


def _typed_object(
    ctx: CheckContext, record: ObjectRecord, cached: set[str], forms: list[str]
) -> Iterable[Finding]:
    yield from _typing(ctx, record, cached)
    if record.attr_shapes.get("neurodata_type") == (1,):
        forms.append(f"{record.path} attribute 'neurodata_type'")
    typedef = ctx.catalog.get(record.neurodata_type or "")
    if typedef is not None and not _named_in_parent(ctx, record):
        spec = ctx.catalog.resolved(typedef.name)
        yield from Walk(ctx, typedef.ref, forms).object(record, spec)


def _root(ctx: CheckContext, forms: list[str]) -> Iterable[Finding]:
    """The root of an NWB file is an NWBFile. A root whose type was lost is still
    checked as one, so the rest of the file is not silently skipped."""
    root = ctx.index.objects.get("/")
    typedef = ctx.catalog.get(ROOT_TYPE)
    if root is None or typedef is None:
        return
    here = Location(hdf5_path="/")
    if root.neurodata_type is None:
        yield finding(
            BAD_TYPE_ATTRIBUTE,
            "the root group has no neurodata_type: an NWB file's root is an "
            "NWBFile (checked as one)",
            here,
        )
        yield from Walk(ctx, typedef.ref, forms).object(
            root, ctx.catalog.resolved(ROOT_TYPE)
        )
    elif not ctx.catalog.is_a(root.neurodata_type, ROOT_TYPE):
        yield finding(
            BAD_TYPE_ATTRIBUTE,
            f"the root group is a {root.neurodata_type}; an NWB file's root is an "
            "NWBFile",
            here,
        )


def _type_attributes(record: ObjectRecord) -> Iterable[Finding]:
    for name in TYPE_ATTRIBUTES:
        value = record.attrs.get(name)
        info = record.attr_dtypes.get(name)
        not_text = info is not None and info.kind is not DTypeKind.TEXT
        if name in record.attrs and (not_text or scalar_text(value) is None):
            yield finding(
                BAD_TYPE_ATTRIBUTE,
                f"attribute '{name}' must be text, found {value!r}",
                Location(hdf5_path=record.path),
            )


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
    if record.namespace is None and "namespace" not in record.attrs:
        yield finding(
            NO_NAMESPACE, f"typed object ({name}) has no 'namespace' attribute", here
        )
    elif ctx.index.has_specs and record.namespace not in (cached | {None}):
        yield finding(
            UNCACHED_NAMESPACE,
            "namespace "
            f"'{record.namespace}' is not cached in the file's "
            "/specifications",
            here,
        )


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


def _one_element_forms(forms: list[str]) -> Iterable[Finding]:
    if not forms:
        return
    examples = "; ".join(forms[:3])
    yield finding(
        ONE_ELEMENT_ARRAYS,
        f"{len(forms)} attribute(s) the spec declares as scalars are stored as "
        f"one-element arrays (e.g. {examples}); read as the scalars they stand "
        "for. MatNWB releases of 2018 wrote this form; pynwb cannot read it",
        Location(hdf5_path="/"),
    )
