"""What every NWB-file rule sees: the index, the type catalog, a value reader.

Rules are functions ``check(ctx) -> Iterable[Finding]``. They never open files
themselves: metadata comes from the index, specs from the catalog, and the few values
they need (indices, ids, timestamps) from ``ctx.values`` — streamed by the HDF5 layer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from nwb_lsp.hdf5.records import FileIndex, ObjectKind, ObjectRecord
from nwb_lsp.schema.catalog import TypeCatalog, child_key, entry_type, merge_specs


class Values(Protocol):
    def summary(self, path: str) -> Any: ...

    def first_duplicate(self, path: str) -> Any: ...

    def text(self, path: str) -> str | None: ...

    def strings(self, path: str, limit: int = 1000) -> list[str]: ...

    def profile(self, path: str, breaks: Any = None) -> Any: ...

    def head(self, path: str, limit: int = ...) -> Any: ...

    def stream(self, path: str) -> Any: ...


@dataclass
class CheckContext:
    index: FileIndex
    catalog: TypeCatalog
    values: Values | None = None
    _specs: dict[str, dict[str, Any] | None] = field(default_factory=dict, repr=False)
    # what rules derive from a spec alone, once per spec (``per_spec``)
    _derived: dict[tuple[object, int], tuple[Any, Any]] = field(
        default_factory=dict, repr=False
    )

    def declared(self, spec: dict[str, Any] | None, key: str) -> dict[str, Any]:
        """``entries(spec, key)``, computed once per spec object (the walk meets
        the same resolved specs once per object of their type)."""
        return self.per_spec(spec, key, lambda s: entries(s, key))

    def per_spec(
        self, spec: dict[str, Any] | None, what: object, derive: Callable[[Any], Any]
    ) -> Any:
        """``derive(spec)``, remembered by the spec's identity under ``what``; the
        memo keeps the spec alive, so its identity is not reused meanwhile."""
        if spec is None:
            return derive(spec)
        found = self._derived.get((what, id(spec)))
        if found is None or found[0] is not spec:
            found = self._derived[(what, id(spec))] = (spec, derive(spec))
        return found[1]

    def is_a(self, record: ObjectRecord | None, ancestor: str) -> bool:
        return record is not None and self.catalog.is_a(record.neurodata_type, ancestor)

    def typed(self, ancestor: str) -> list[ObjectRecord]:
        return [r for r in self.index.objects.values() if self.is_a(r, ancestor)]

    def child(self, record: ObjectRecord, name: str) -> ObjectRecord | None:
        base = "" if record.path == "/" else record.path
        return self.index.objects.get(f"{base}/{name}")

    def target(self, record: ObjectRecord | None) -> ObjectRecord | None:
        """Follow a soft link to the object it names (itself when not a link)."""
        if record is not None and record.kind is ObjectKind.SOFT_LINK and record.link:
            return self.index.objects.get(record.link.target_path)
        return record

    def spec_of(self, path: str) -> dict[str, Any] | None:
        """The spec that governs the object at ``path``: its type's, refined by its
        parent's entry for it when the parent names it (``electrodes/group`` is a
        VectorData whose dtype, a reference to ElectrodeGroup, only the table's
        entry says), or that entry alone for untyped objects; None when no spec
        describes it."""
        if path in self._specs:
            return self._specs[path]
        record = self.index.objects.get(path)
        spec: dict[str, Any] | None = None
        if record is not None:
            entry = self._entry_in_parent(record)
            own = record.neurodata_type
            if own is None and entry is not None and record.link is None:
                own = entry_type(entry)
            if own in self.catalog.types:
                spec = self.catalog.resolved(str(own))
                spec = merge_specs(spec, entry) if entry is not None else spec
            else:
                spec = entry
        self._specs[path] = spec
        return spec

    def _entry_in_parent(self, record: ObjectRecord) -> dict[str, Any] | None:
        """The parent spec's entry that names ``record``."""
        if record.parent is None:
            return None
        parent = self.spec_of(record.parent)
        if not parent:
            return None
        for key in ("datasets", "groups", "links"):
            for entry in parent.get(key) or []:
                if isinstance(entry, dict) and entry.get("name") == record.name:
                    return entry
        return None


def attribute_spec(spec: dict[str, Any] | None, name: str) -> dict[str, Any] | None:
    for entry in (spec or {}).get("attributes") or []:
        if isinstance(entry, dict) and entry.get("name") == name:
            return entry
    return None


def entries(spec: dict[str, Any] | None, key: str) -> dict[str, dict[str, Any]]:
    return {child_key(e): e for e in (spec or {}).get(key) or [] if isinstance(e, dict)}
