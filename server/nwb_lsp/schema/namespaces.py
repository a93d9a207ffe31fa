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

from nwb_lsp.findings import (
    Finding,
    Location,
    Range,
    Severity,
    SpecRef,
    define_code,
    finding,
)
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
INCOMPLETE_CACHE = define_code(
    "S009",
    Severity.WARNING,
    "the file's cached specs lack a source or an imported namespace; "
    "nwb-lsp's copy was used",
    "schema",
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


def version_key(version: str) -> tuple[Any, ...]:
    parts: list[Any] = []
    for piece in version.replace("-", ".").split("."):
        parts.append((0, int(piece)) if piece.isdigit() else (1, piece))
    return tuple(parts)


def from_file_specs(
    specs: dict[str, dict[str, dict[str, Any]]], nwb_version: str | None
) -> SpecSet:
    """The spec set cached in a file, each namespace at the version it uses.

    A cache can be incomplete (a writer that cached only some sources, or not the
    namespaces its own namespace imports): gaps are filled from nwb-lsp's copy of
    that namespace where one exists, with an ``S009`` finding naming the copy.
    """
    out = SpecSet()
    for ns_name, versions in specs.items():
        if not versions:
            continue
        if ns_name == "core" and nwb_version in versions:
            version = nwb_version
        else:
            version = max(versions, key=version_key)
        _add_cached(out, ns_name, str(version), versions[version])
    _resolve_imports(out, cached=True)
    return out


def _add_cached(out: SpecSet, name: str, version: str, sources: dict[str, Any]) -> None:
    entry = next(
        (e for e in _entries(sources.get("namespace")) if e.get("name") == name), None
    )
    ns = Namespace(name, version)
    out.namespaces[name] = ns
    copy = _Copy(name, version)
    if entry is None:
        entry = copy.entry()
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
        out.findings.append(copy.note(ns, "its namespace document"))
    for item in _schema_items(entry):
        if "namespace" in item:
            ns.imports.append(str(item["namespace"]))
        elif "source" in item:
            _add_source(out, ns, copy, str(item["source"]), sources)


def _add_source(
    out: SpecSet, ns: Namespace, copy: _Copy, source: str, sources: dict[str, Any]
) -> None:
    key = _strip(source)
    doc = sources.get(key, sources.get(source))
    if isinstance(doc, dict):
        ns.sources.append((key, doc))
        return
    doc = copy.source(key)
    if doc is not None:
        ns.sources.append((key, doc))
        out.findings.append(copy.note(ns, f"schema source {key}"))
        return
    out.findings.append(
        finding(
            BAD_SOURCE,
            f"namespace {ns.name} {ns.version}: schema source {key} is "
            "missing or malformed, and nwb-lsp has no copy of it",
            ns.location(key),
        )
    )


class _Copy:
    """nwb-lsp's own copy of a namespace, loaded only when a cache has a gap."""

    def __init__(self, name: str, version: str) -> None:
        self.name = name
        self.version = version
        self._loaded: Namespace | None = None
        self._doc: dict[str, Any] | None = None
        self._tried = False

    def _load(self) -> Namespace | None:
        if not self._tried:
            self._tried = True
            path = fallback_namespace_file(self.name, self.version)
            if path is not None:
                scratch = SpecSet()
                _load_disk(scratch, path, origin="installed")
                self._loaded = scratch.namespaces.get(self.name)
                self._doc = _read_yaml(path)
        return self._loaded

    def entry(self) -> dict[str, Any] | None:
        self._load()
        entries = _entries(self._doc)
        return next((e for e in entries if e.get("name") == self.name), None)

    def source(self, key: str) -> dict[str, Any] | None:
        loaded = self._load()
        return dict(loaded.sources).get(key) if loaded is not None else None

    def note(self, ns: Namespace, what: str) -> Finding:
        loaded = self._load()
        have = f"{self.name} {loaded.version}" if loaded else self.name
        return finding(
            INCOMPLETE_CACHE,
            f"the file's cached namespace {ns.name} {ns.version} lacks {what}; "
            f"used nwb-lsp's copy ({have}). pynwb and nwbinspector cannot read "
            "such a file",
            ns.location(),
            spec=SpecRef(ns.name, ns.version),
        )


def fallback_namespace_file(name: str, version: str | None) -> Path | None:
    """nwb-lsp's copy of namespace ``name``, as close to ``version`` as it has: a
    shipped release (core, hdmf-common, hdmf-experimental), else the copy installed
    with pynwb/hdmf."""
    from nwb_lsp.schema.released import released_namespace

    return released_namespace(name, version) or installed_namespace_files().get(name)


def _read_yaml(path: Path) -> Any:
    return _load_yaml(path)[0]


def _load_yaml(path: Path) -> tuple[Any, str | None]:
    """The YAML document at ``path``, or why it cannot be read. Never raises: a spec
    in another encoding, a tag PyYAML refuses or absurd nesting is a finding, not a
    crash of the pipeline (the spec checker says more about such files).

    PyYAML is imported here: checking an NWB file that carries its specs (as
    JSON) needs none of it."""
    import yaml

    # libyaml's safe loader when PyYAML was built with it (several times faster)
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        text = path.read_text(encoding="utf-8")
        return yaml.load(text, Loader=loader), None  # a safe loader
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (byte {exc.start})"
    except OSError as exc:
        return None, exc.strerror or type(exc).__name__
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        return (
            None,
            f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
        )


def _schema_items(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``schema`` list of a namespace entry (its sources and imports), or none
    when it is not a list."""
    items = entry.get("schema")
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


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
    doc, problem = _load_yaml(path)
    if problem is not None:
        out.findings.append(
            finding(
                BAD_SOURCE,
                f"{path}: cannot read: {problem}",
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
        for item in _schema_items(entry):
            if "namespace" in item:
                ns.imports.append(str(item["namespace"]))
            elif "source" in item:
                _load_source(out, ns, path.parent / str(item["source"]))


def _load_source(out: SpecSet, ns: Namespace, file: Path) -> None:
    doc, problem = _load_yaml(file)
    if problem is not None:
        out.findings.append(
            finding(
                BAD_SOURCE,
                f"namespace {ns.name}: schema source {file.name} cannot be read: "
                f"{problem}",
                ns.location(),
            )
        )
        return
    ns.sources.append((_strip(file.name), doc if isinstance(doc, dict) else {}))


def _resolve_imports(
    out: SpecSet, search: list[Path] | None = None, *, cached: bool = False
) -> None:
    """Load missing imports from search paths or nwb-lsp's copies, transitively
    (``cached``: the spec set is a file's cache, so a missing import is a gap in it,
    reported with ``S009``)."""
    pending = True
    while pending:
        pending = False
        for ns in list(out.namespaces.values()):
            for name in ns.imports:
                if name in out.namespaces:
                    continue
                found = _find_namespace(name, search or [])
                if cached:
                    found = _cached_fallback(ns, name) or found
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
                if cached and name in out.namespaces:
                    got = out.namespaces[name]
                    out.findings.append(
                        finding(
                            INCOMPLETE_CACHE,
                            f"the file's cached namespace {ns.name} {ns.version} "
                            f"imports {name}, which the file does not carry; used "
                            f"nwb-lsp's copy ({name} {got.version})",
                            ns.location("namespace"),
                            spec=SpecRef(ns.name, ns.version),
                        )
                    )
                pending = True


def _cached_fallback(importer: Namespace, name: str) -> tuple[Path, str] | None:
    """For a file's cache that lacks an import: the release of ``name`` the
    importer's release was published with (core 2.5.0 -> hdmf-common 1.5.1)."""
    from nwb_lsp.schema.released import paired_version

    version = paired_version(importer.name, importer.version, name)
    path = fallback_namespace_file(name, version) if version else None
    return (path, "released") if path is not None else None


def _find_namespace(name: str, search: list[Path]) -> tuple[Path, str] | None:
    for folder in search:
        for candidate in sorted(folder.glob("*.namespace.yaml")):
            doc = _read_yaml(candidate)
            if any(e.get("name") == name for e in _entries(doc)):
                return candidate, "disk"
    installed = installed_namespace_files().get(name)
    return (installed, "installed") if installed is not None else None
