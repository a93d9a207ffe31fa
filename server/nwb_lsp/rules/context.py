"""What every NWB-file rule sees: the index, the type catalog, a value reader.

Rules are functions ``check(ctx) -> Iterable[Finding]``. They never open files
themselves: metadata comes from the index, specs from the catalog, and the few values
they need (indices, ids, timestamps) from ``ctx.values`` — streamed by the HDF5 layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from nwb_lsp.hdf5.records import FileIndex, ObjectKind, ObjectRecord
from nwb_lsp.schema.catalog import TypeCatalog, child_key, entry_type


class Values(Protocol):
    def summary(self, path: str) -> Any: ...

    def first_duplicate(self, path: str) -> Any: ...

    def text(self, path: str) -> str | None: ...

    def strings(self, path: str, limit: int = 1000) -> list[str]: ...


@dataclass
class CheckContext:
    index: FileIndex
    catalog: TypeCatalog
    values: Values | None = None
    _specs: dict[str, dict[str, Any] | None] = field(default_factory=dict, repr=False)

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
        """The spec that governs the object at ``path`` (its type's, or its parent's
        entry for it), or None when no spec describes it."""
        if path in self._specs:
            return self._specs[path]
        record = self.index.objects.get(path)
        spec: dict[str, Any] | None = None
        if record is not None and record.neurodata_type in self.catalog.types:
            spec = self.catalog.resolved(record.neurodata_type)
        elif record is not None and record.parent is not None:
            spec = self._entry_in_parent(record)
        self._specs[path] = spec
        return spec

    def _entry_in_parent(self, record: ObjectRecord) -> dict[str, Any] | None:
        assert record.parent is not None
        parent = self.spec_of(record.parent)
        if not parent:
            return None
        for key in ("datasets", "groups", "links"):
            for entry in parent.get(key) or []:
                if isinstance(entry, dict) and entry.get("name") == record.name:
                    inc = entry_type(entry)
                    if inc in self.catalog.types and key != "links":
                        merged = dict(self.catalog.resolved(inc))
                        merged.update(entry)
                        return merged
                    return entry
        return None


def attribute_spec(spec: dict[str, Any] | None, name: str) -> dict[str, Any] | None:
    for entry in (spec or {}).get("attributes") or []:
        if isinstance(entry, dict) and entry.get("name") == name:
            return entry
    return None


def entries(spec: dict[str, Any] | None, key: str) -> dict[str, dict[str, Any]]:
    return {child_key(e): e for e in (spec or {}).get(key) or [] if isinstance(e, dict)}
