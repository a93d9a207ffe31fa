"""The type catalog of a spec set: every type, its ancestry, its resolved definition.

NWB types are defined with ``neurodata_type_def`` (hdmf-common spells it
``data_type_def``) and extend a parent with ``neurodata_type_inc``. A type's full
definition is its ancestors' definitions merged root-first: nested attributes,
datasets, groups and links merge by name (unnamed typed children by their type),
and the child's keys win. Unknown parents and inheritance cycles are findings.

``catalog_for_index`` uses the specs the file carries, or the installed core when it
carries none (an ``S004`` finding says so). ``content_hash`` identifies the spec set,
so equal spec sets share generated artefacts and an edited spec never reuses them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nwb_lsp.findings import Finding, Location, Severity, SpecRef, define_code, finding
from nwb_lsp.hdf5.records import FileIndex
from nwb_lsp.schema.namespaces import (
    NO_CACHED_SPECS,
    Namespace,
    SpecSet,
    from_file_specs,
    from_namespace_file,
    from_namespace_files,
)

UNKNOWN_PARENT = define_code(
    "S002", Severity.ERROR, "a type extends a type that is not defined", "schema"
)
INHERITANCE_CYCLE = define_code(
    "S003", Severity.ERROR, "a type's ancestry contains a cycle", "schema"
)
MALFORMED_SPEC = define_code(
    "S006",
    Severity.ERROR,
    "a spec element is malformed (wrong type of value)",
    "schema",
)

CHILD_KEYS = ("attributes", "datasets", "groups", "links")


def type_def(spec: dict[str, Any]) -> str | None:
    value = spec.get("neurodata_type_def", spec.get("data_type_def"))
    return str(value) if value is not None else None


def type_inc(spec: dict[str, Any]) -> str | None:
    value = spec.get("neurodata_type_inc", spec.get("data_type_inc"))
    return str(value) if value is not None else None


def entry_type(spec: dict[str, Any]) -> str | None:
    """The type of the object a spec entry describes: the type the entry defines
    (a nested ``neurodata_type_def``), else the type it includes."""
    return type_def(spec) or type_inc(spec)


@dataclass(frozen=True)
class TypeDef:
    name: str
    namespace: str
    version: str
    kind: str  # "group" | "dataset"
    parent: str | None
    spec: dict[str, Any]
    source: str

    @property
    def ref(self) -> SpecRef:
        return SpecRef(self.namespace, self.version, self.name)


@dataclass
class TypeCatalog:
    spec_set: SpecSet
    types: dict[str, TypeDef] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    _resolved: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    _ancestors: dict[str, list[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, spec_set: SpecSet) -> TypeCatalog:
        catalog = cls(spec_set, findings=list(spec_set.findings))
        for ns in spec_set.namespaces.values():
            for source, doc in ns.sources:
                catalog._collect(ns, source, doc)
        for name in list(catalog.types):
            catalog.ancestors(name)
        return catalog

    def _collect(self, ns: Namespace, source: str, doc: dict[str, Any]) -> None:
        for kind in ("groups", "datasets"):
            items = doc.get(kind) or []
            if not isinstance(items, list):
                self._malformed(ns, source, f"'{kind}' must be a list")
                continue
            for item in items:
                self._collect_item(ns, source, kind[:-1], item)

    def _collect_item(self, ns: Namespace, source: str, kind: str, item: Any) -> None:
        if not isinstance(item, dict):
            self._malformed(
                ns, source, f"a {kind} entry must be a mapping, got {item!r}"
            )
            return
        name = type_def(item)
        if name is not None and name not in self.types:
            self.types[name] = TypeDef(
                name, ns.name, ns.version, kind, type_inc(item), item, source
            )
        # A type may be defined on any nested group or dataset, also under untyped
        # subgroups (core <= 2.2 defines Subject in NWBFile's general/subject).
        for key in ("groups", "datasets"):
            children = item.get(key) or []
            for child in children if isinstance(children, list) else ():
                if isinstance(child, dict):
                    self._collect_item(ns, source, key[:-1], child)

    def _malformed(self, ns: Namespace, source: str, message: str) -> None:
        self.findings.append(
            finding(
                MALFORMED_SPEC,
                f"namespace {ns.name} {ns.version}, {source}: {message}",
                ns.location(source),
                spec=SpecRef(ns.name, ns.version),
            )
        )

    def get(self, name: str, namespace: str | None = None) -> TypeDef | None:
        found = self.types.get(name)
        if found is not None and namespace is not None and found.namespace != namespace:
            return None
        return found

    def ancestors(self, name: str) -> list[str]:
        """Parents of ``name``, nearest first (not including ``name`` itself)."""
        if name in self._ancestors:
            return self._ancestors[name]
        chain: list[str] = []
        seen = {name}
        current = self.types.get(name)
        while current is not None and current.parent is not None:
            parent = current.parent
            if parent in seen:
                self._report(
                    INHERITANCE_CYCLE,
                    current,
                    f"type {name} inherits from "
                    f"itself through {' -> '.join([name, *chain, parent])}",
                )
                break
            if parent not in self.types:
                self._report(
                    UNKNOWN_PARENT,
                    current,
                    f"type {current.name} extends {parent}, which is not defined",
                )
                chain.append(parent)
                break
            chain.append(parent)
            seen.add(parent)
            current = self.types[parent]
        self._ancestors[name] = chain
        return chain

    def _report(self, code: str, typedef: TypeDef, message: str) -> None:
        ns = self.spec_set.namespaces.get(typedef.namespace)
        location = ns.location(typedef.source) if ns else Location(hdf5_path="/")
        new = finding(code, message, location, spec=typedef.ref)
        if new not in self.findings:
            self.findings.append(new)

    def is_a(self, name: str | None, ancestor: str) -> bool:
        if name is None:
            return False
        return name == ancestor or ancestor in self.ancestors(name)

    def resolved(self, name: str) -> dict[str, Any]:
        """The full definition of ``name``: ancestors merged root-first."""
        if name in self._resolved:
            return self._resolved[name]
        typedef = self.types.get(name)
        if typedef is None:
            return {}
        merged: dict[str, Any] = {}
        for ancestor in reversed([name, *self.ancestors(name)]):
            if ancestor in self.types:
                merged = merge_specs(merged, self.types[ancestor].spec)
        self._resolved[name] = merged
        return merged

    @property
    def content_hash(self) -> str:
        payload = {
            ns.name: [ns.version, ns.imports, ns.sources]
            for ns in sorted(self.spec_set.namespaces.values(), key=lambda n: n.name)
        }
        text = json.dumps(payload, sort_keys=True, default=str)
        import hashlib  # OpenSSL costs a checking worker 4 MB: only models need it

        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def child_key(spec: dict[str, Any]) -> str:
    """How children merge: by name, else by their type (unnamed typed children)."""
    name = spec.get("name")
    if name is not None:
        return str(name)
    return f"<{type_def(spec) or type_inc(spec) or '?'}>"


def merge_specs(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    out = {
        k: v
        for k, v in base.items()
        if k not in ("neurodata_type_def", "data_type_def")
    }
    for key, value in child.items():
        if key in CHILD_KEYS and isinstance(value, list):
            merged = {
                child_key(s): s for s in out.get(key) or [] if isinstance(s, dict)
            }
            for item in value:
                if not isinstance(item, dict):
                    continue
                k = child_key(item)
                merged[k] = merge_specs(merged[k], item) if k in merged else item
            out[key] = list(merged.values())
        else:
            out[key] = value
    return out


def catalog_for_index(index: FileIndex) -> TypeCatalog:
    """Catalog of the specs ``index``'s file carries (or its released core)."""
    if index.specs:
        return TypeCatalog.build(from_file_specs(index.specs, index.nwb_version))
    from nwb_lsp.schema.released import released_spec_files  # seldom needed

    choice = released_spec_files(index.nwb_version)
    spec_set = from_namespace_files(choice.namespace_files.values(), "released")
    spec_set.findings.append(
        finding(
            NO_CACHED_SPECS,
            "the file carries no cached specifications; validated against "
            + choice.describe(),
            Location(hdf5_path="/"),
        )
    )
    return TypeCatalog.build(spec_set)


def catalog_for_namespace_file(
    path: str | Path, search: list[Path] | None = None
) -> TypeCatalog:
    return TypeCatalog.build(from_namespace_file(Path(path), search))
