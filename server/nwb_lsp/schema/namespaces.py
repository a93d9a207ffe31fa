"""Loading spec sets: the namespaces a file carries, YAML on disk, the installed core.

A *spec set* is a group of namespaces, each with its version and its schema sources
in the order the namespace lists them, plus the namespaces it imports. It comes from:

* a file's ``/specifications`` (already parsed by the HDF5 layer into
  ``FileIndex.specs``), each namespace at the version the file was written with;
* a ``*.namespace.yaml`` on disk and the schema files it lists (extension authors);
* the core and hdmf-common YAML installed with pynwb/hdmf, for files that carry no
  specs and to satisfy imports of ``core``/``hdmf-common`` from YAML on disk.

Problems (a missing import, an unreadable source) become findings, never exceptions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nwb_lsp.findings import Finding, Location, Range, Severity, define_code, finding
from nwb_lsp.schema.installed import installed_namespace_files

MISSING_NAMESPACE = define_code(
    "S001", Severity.ERROR, "an imported namespace cannot be found", "schema"
)
NO_CACHED_SPECS = define_code(
    "S004",
    Severity.INFO,
    "the file carries no specs; validated against the released core it names",
    "schema",
)
BAD_SOURCE = define_code(
    "S005", Severity.ERROR, "a schema source is missing or malformed", "schema"
)


@dataclass
class Namespace:
    """One namespace of a spec set, with its schema sources parsed, in order."""

    name: str
    version: str
    sources: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    imports: list[str] = field(default_factory=list)
    origin: str = "file"  # file | disk | installed
    path: str | None = None  # namespace file on disk, when there is one

    def location(self, source: str | None = None) -> Location:
        if self.origin == "file":
            tail = f"/{source}" if source else ""
            return Location(
                hdf5_path=f"/specifications/{self.name}/{self.version}{tail}"
            )
        return Location(range=Range.of(0, 0, 0, 0), file=self.path)


@dataclass
class SpecSet:
    namespaces: dict[str, Namespace] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def _entries(doc: Any) -> list[dict[str, Any]]:
    if isinstance(doc, dict) and isinstance(doc.get("namespaces"), list):
        return [e for e in doc["namespaces"] if isinstance(e, dict)]
    return []


def _strip(name: str) -> str:
    return (
        name[:-5]
        if name.endswith(".yaml")
        else name[:-4]
        if name.endswith(".yml")
        else name
    )


def _version_key(version: str) -> tuple[Any, ...]:
    parts: list[Any] = []
    for piece in version.replace("-", ".").split("."):
        parts.append((0, int(piece)) if piece.isdigit() else (1, piece))
    return tuple(parts)


def from_file_specs(
    specs: dict[str, dict[str, dict[str, Any]]], nwb_version: str | None
) -> SpecSet:
    """The spec set cached in a file, each namespace at the version it uses."""
    out = SpecSet()
    for ns_name, versions in specs.items():
        if not versions:
            continue
        if ns_name == "core" and nwb_version in versions:
            version = nwb_version
        else:
            version = max(versions, key=_version_key)
        _add_cached(out, ns_name, str(version), versions[version])
    _resolve_imports(out)
    return out


def _add_cached(out: SpecSet, name: str, version: str, sources: dict[str, Any]) -> None:
    entry = next(
        (e for e in _entries(sources.get("namespace")) if e.get("name") == name), None
    )
    ns = Namespace(name, version)
    out.namespaces[name] = ns
    if entry is None:
        out.findings.append(
            finding(
                BAD_SOURCE,
                f"namespace {name} {version}: the "
                "cached namespace document is missing or malformed",
                ns.location("namespace"),
            )
        )
        return
    for item in entry.get("schema") or []:
        if not isinstance(item, dict):
            continue
        if "namespace" in item:
            ns.imports.append(str(item["namespace"]))
        elif "source" in item:
            key = _strip(str(item["source"]))
            doc = sources.get(key, sources.get(str(item["source"])))
            if isinstance(doc, dict):
                ns.sources.append((key, doc))
            else:
                out.findings.append(
                    finding(
                        BAD_SOURCE,
                        f"namespace {name} {version}: schema source {key} is "
                        "missing or malformed",
                        ns.location(key),
                    )
                )


def from_namespace_file(path: Path, search: list[Path] | None = None) -> SpecSet:
    """A namespace YAML on disk, its sources, and every namespace it imports."""
    out = SpecSet()
    _load_disk(out, path)
    _resolve_imports(out, search or [])
    return out


def installed_spec_set() -> SpecSet:
    """The core and hdmf-common schemas installed with pynwb/hdmf."""
    out = SpecSet()
    for path in installed_namespace_files().values():
        _load_disk(out, path, origin="installed")
    _resolve_imports(out)
    return out


def from_namespace_files(paths: Iterable[Path], origin: str = "disk") -> SpecSet:
    """The namespaces of several namespace files, imports resolved among them first.

    A released core and the hdmf-common it was published with form one spec set
    this way, so core's import of ``hdmf-common`` finds that release, not the
    installed one.
    """
    out = SpecSet()
    for path in paths:
        _load_disk(out, path, origin=origin)
    _resolve_imports(out)
    return out


def _load_disk(out: SpecSet, path: Path, origin: str = "disk") -> None:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        out.findings.append(
            finding(
                BAD_SOURCE,
                f"{path}: cannot read: {exc}",
                Location(range=Range.of(0, 0, 0, 0), file=str(path)),
            )
        )
        return
    for entry in _entries(doc):
        ns = Namespace(
            str(entry.get("name")),
            str(entry.get("version")),
            origin=origin,
            path=str(path),
        )
        if ns.name in out.namespaces:
            continue
        out.namespaces[ns.name] = ns
        for item in entry.get("schema") or []:
            if not isinstance(item, dict):
                continue
            if "namespace" in item:
                ns.imports.append(str(item["namespace"]))
            elif "source" in item:
                _load_source(out, ns, path.parent / str(item["source"]))


def _load_source(out: SpecSet, ns: Namespace, file: Path) -> None:
    try:
        doc = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        out.findings.append(
            finding(
                BAD_SOURCE,
                f"namespace {ns.name}: schema source {file.name} cannot be read: {exc}",
                ns.location(),
            )
        )
        return
    ns.sources.append((_strip(file.name), doc if isinstance(doc, dict) else {}))


def _resolve_imports(out: SpecSet, search: list[Path] | None = None) -> None:
    """Load missing imports from search paths or the installed core, transitively."""
    pending = True
    while pending:
        pending = False
        for ns in list(out.namespaces.values()):
            for name in ns.imports:
                if name in out.namespaces:
                    continue
                found = _find_namespace(name, search or [])
                if found is None:
                    out.findings.append(
                        finding(
                            MISSING_NAMESPACE,
                            f"namespace {ns.name} imports {name}, which "
                            "is not available",
                            ns.location("namespace"),
                        )
                    )
                    out.namespaces[name] = Namespace(name, "?", origin="missing")
                    continue
                _load_disk(out, found[0], origin=found[1])
                pending = True


def _find_namespace(name: str, search: list[Path]) -> tuple[Path, str] | None:
    for folder in search:
        for candidate in sorted(folder.glob("*.namespace.yaml")):
            try:
                doc = yaml.safe_load(candidate.read_text(encoding="utf-8"))
            except (OSError, yaml.YAMLError):
                continue
            if any(e.get("name") == name for e in _entries(doc)):
                return candidate, "disk"
    installed = installed_namespace_files().get(name)
    return (installed, "installed") if installed is not None else None
