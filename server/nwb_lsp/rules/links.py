"""Links and references: do they point at something, and at the right type?

* soft links whose target path does not exist (``G001``);
* external links to a file that does not exist (``G002``) or to an object missing
  from that file (``G003``);
* object or region references that are null or point nowhere (``G004``);
* references and links whose target is not of the type the spec requires
  (``G005``): reference attributes (``DynamicTableRegion.table``), datasets of
  references (also when stored on disk as references), compound fields, and links;
* soft links to their own group or an ancestor, which make a cycle (``G011``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from nwb_lsp.findings import Finding, Location, Related, Severity, define_code, finding
from nwb_lsp.hdf5.records import ObjectKind, ObjectRecord, Reference, Via
from nwb_lsp.rules.context import CheckContext, attribute_spec
from nwb_lsp.rules.guard import guarded
from nwb_lsp.urls import is_url

DANGLING_SOFT_LINK = define_code(
    "G001", Severity.ERROR, "a soft link points to a path that does not exist", "graph"
)
MISSING_EXTERNAL_FILE = define_code(
    "G002",
    Severity.ERROR,
    "an external link points to a file that does not exist",
    "graph",
)
MISSING_EXTERNAL_OBJECT = define_code(
    "G003",
    Severity.ERROR,
    "an external link points to an object missing from its file",
    "graph",
)
BROKEN_REFERENCE = define_code(
    "G004", Severity.ERROR, "an object reference is null or points to nothing", "graph"
)
WRONG_TARGET_TYPE = define_code(
    "G005",
    Severity.ERROR,
    "a reference or link targets an object of the wrong type",
    "graph",
)
LINK_CYCLE = define_code(
    "G011",
    Severity.ERROR,
    "a soft link points to its own group or an ancestor (a cycle)",
    "graph",
)


def check(ctx: CheckContext) -> Iterable[Finding]:
    yield from _links(ctx)
    for ref in ctx.index.references:
        if ref.via not in (Via.SOFT_LINK, Via.EXTERNAL_LINK):
            yield from guarded("reference", ref.source, _reference(ctx, ref))


def _reference(ctx: CheckContext, ref: Reference) -> Iterable[Finding]:
    if ref.target is None:
        where = f"{ref.via.value} '{ref.name}'" if ref.name else ref.via.value
        yield finding(
            BROKEN_REFERENCE,
            f"{where} holds {ref.count} reference(s) to no object",
            Location(hdf5_path=ref.source),
        )
        return
    yield from _wrong_type(ctx, ref)


def _links(ctx: CheckContext) -> Iterable[Finding]:
    for record in ctx.index.objects.values():
        if record.link is not None:
            yield from guarded("link", record.path, _link(ctx, record))


def _link(ctx: CheckContext, record: ObjectRecord) -> Iterable[Finding]:
    link = record.link
    assert link is not None
    here = Location(hdf5_path=record.path)
    if link.target_exists:
        if link.kind is ObjectKind.SOFT_LINK:
            yield from _cycle(record, link.target_path)
            yield from _link_type(ctx, record, link.target_path)
        return
    if link.kind is ObjectKind.EXTERNAL_LINK and is_url(ctx.index.path):
        return  # files beside a remote file are not looked for (no requests)
    if link.kind is ObjectKind.SOFT_LINK:
        yield finding(
            DANGLING_SOFT_LINK,
            f"soft link to {link.target_path}, which does not exist",
            here,
        )
    elif link.resolved_file and not _exists(link.resolved_file):
        yield finding(
            MISSING_EXTERNAL_FILE,
            f"external link to {link.target_file}, which "
            f"does not exist (looked for {link.resolved_file})",
            here,
        )
    else:
        target = Location(hdf5_path=link.target_path, file=link.resolved_file)
        yield finding(
            MISSING_EXTERNAL_OBJECT,
            f"external link to {link.target_path} in "
            f"{link.target_file}, which has no such object",
            here,
            related=[Related(target, "link target")],
        )


def _cycle(record: ObjectRecord, target: str) -> Iterable[Finding]:
    """A soft link to its own group or an ancestor makes the hierarchy a cycle:
    readers that follow links (pynwb, h5py's visititems with links) never end."""
    inside = target.rstrip("/") or "/"
    if inside == "/" or record.path.startswith(inside + "/"):
        yield finding(
            LINK_CYCLE,
            f"soft link to {inside}, which contains the link itself: a cycle",
            Location(hdf5_path=record.path),
            related=[Related(Location(hdf5_path=inside), "linked ancestor")],
        )


def _exists(path: str) -> bool:
    from pathlib import Path

    return Path(path).exists()


def _expected_type(ctx: CheckContext, ref: Reference) -> str | None:
    if ref.via is Via.ATTRIBUTE:
        spec = attribute_spec(ctx.spec_of(ref.source), ref.name)
        return _target_type(spec.get("dtype") if spec else None)
    spec = ctx.spec_of(ref.source)
    if spec is None:
        return None
    dtype = spec.get("dtype")
    if ref.via is Via.COMPOUND and isinstance(dtype, list):
        for field in dtype:
            if isinstance(field, dict) and field.get("name") == ref.name:
                return _target_type(field.get("dtype"))
        return None
    return _target_type(dtype)


def _target_type(dtype: Any) -> str | None:
    if isinstance(dtype, dict):
        value = dtype.get("target_type")
        return str(value) if value else None
    return None


def _wrong_type(ctx: CheckContext, ref: Reference) -> Iterable[Finding]:
    expected = _expected_type(ctx, ref)
    if expected is None or expected not in ctx.catalog.types:
        return
    target = ctx.index.objects.get(ref.target or "")
    if target is None or ctx.is_a(target, expected):
        return
    actual = target.neurodata_type or "an untyped object"
    where = f"{ref.via.value} '{ref.name}'" if ref.name else ref.via.value
    yield finding(
        WRONG_TARGET_TYPE,
        f"{where} must reference a {expected}, but {ref.target} is {actual}",
        Location(hdf5_path=ref.source),
        related=[Related(Location(hdf5_path=target.path), "referenced object")],
    )


def _link_type(ctx: CheckContext, record: ObjectRecord, path: str) -> Iterable[Finding]:
    spec = ctx.spec_of(record.path)
    expected = spec.get("target_type") if spec else None
    if not expected or expected not in ctx.catalog.types:
        return
    target = ctx.index.objects.get(path)
    if target is None or target.neurodata_type is None or ctx.is_a(target, expected):
        return
    yield finding(
        WRONG_TARGET_TYPE,
        f"link must point to a {expected}, but {path} is {target.neurodata_type}",
        Location(hdf5_path=record.path),
        related=[Related(Location(hdf5_path=target.path), "link target")],
    )
