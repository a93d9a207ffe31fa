"""Rules that need more than one document: namespaces and the order of sources.

* ``Y013`` a namespace's ``source`` file does not exist (relative to the namespace
  file);
* ``Y014`` a namespace includes a namespace that is neither in the workspace nor
  installed (every namespace the installed files declare is installed: ``core``,
  ``hdmf-common``, ``hdmf-experimental``);
* ``Y026`` a namespace declared again, differently (another version, other content),
  at each later declaration, pointing at the first; ``Y027`` (a note) when the later
  one is an identical copy — a vendored copy or a build folder checked along with
  the sources, which is no conflict;
* ``Y015`` a schema file extends a type (``neurodata_type_inc`` next to a
  ``neurodata_type_def``) that only a file listed *after* it in the same namespace
  defines: readers load sources in order and need a parent before its children
  (merely including a later type as a child is fine, and the core does it);
Refinements (``Y018``) are ``overrides``'. Each rule here takes the workspace
(``SpecWorkspace``) and one document and yields findings at the exact range of the
value concerned.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nwb_lsp.findings import (
    Finding,
    Location,
    Range,
    Related,
    Severity,
    define_code,
    finding,
)
from nwb_lsp.schema.installed import installed_namespace_files
from nwb_lsp.spec.document import (
    NamespaceEntry,
    SpecDocument,
    node_range,
    to_data,
)
from nwb_lsp.spec.source import is_file, resolved
from nwb_lsp.spec.types import place

if TYPE_CHECKING:
    from nwb_lsp.spec.workspace import SpecWorkspace

MISSING_SOURCE = define_code(
    "Y013", Severity.ERROR, "a namespace's source file does not exist", "spec"
)
MISSING_NAMESPACE = define_code(
    "Y014", Severity.ERROR, "an included namespace cannot be found", "spec"
)
DUPLICATE_NAMESPACE = define_code(
    "Y026",
    Severity.ERROR,
    "a namespace declared more than once, differently",
    "spec",
)
NAMESPACE_COPY = define_code(
    "Y027",
    Severity.INFO,
    "an identical copy of a namespace declared earlier",
    "spec",
)
USED_BEFORE_DEFINED = define_code(
    "Y015",
    Severity.ERROR,
    "a type used in a schema file listed before the file that defines it",
    "spec",
)


def namespaces(ws: SpecWorkspace, doc: SpecDocument) -> Iterable[Finding]:
    folder = Path(doc.path).parent
    known = ws.namespace_names() | set(installed_namespace_files())
    held = {resolved(Path(p)) for p in ws.documents}
    for entry in doc.namespace_entries():
        for kind, value, where in entry.parts:
            if kind == "source" and not is_file(folder / value):
                yield finding(
                    MISSING_SOURCE,
                    f"source '{value}' does not exist next to this namespace file",
                    Location(range=where),
                )
            elif kind == "source" and resolved(folder / value) not in held:
                yield from _unreadable(ws, folder / value, value, where)
            if kind == "namespace" and value not in known:
                yield finding(
                    MISSING_NAMESPACE,
                    f"namespace '{value}' is not in this workspace or installed "
                    "(add its folder to nwb.specPaths or to the check's paths)",
                    Location(range=where),
                )


def _unreadable(
    ws: SpecWorkspace, path: Path, value: str, where: Range
) -> Iterable[Finding]:
    """A source the check was not given (a file that does not look like a spec)
    is read here, and what is wrong with it said at its entry."""
    for problem in ws.reading_problems(path)[:1]:
        line = problem.location.range.start.line + 1 if problem.location.range else 1
        yield finding(
            problem.code,
            f"source '{value}', line {line}: {problem.message}",
            Location(range=where),
        )


def repeated_namespaces(ws: SpecWorkspace, doc: SpecDocument) -> Iterable[Finding]:
    """Each later declaration of a namespace name, against the first."""
    firsts: dict[str, tuple[str, NamespaceEntry]] = {}
    for document in ws.namespace_documents():
        for entry in document.namespace_entries():
            if entry.name is not None:
                firsts.setdefault(entry.name, (document.path, entry))
    for entry in doc.namespace_entries():
        if entry.name is None or entry.name_range is None:
            continue
        first_path, first = firsts[entry.name]
        if (first_path, first.name_range) == (doc.path, entry.name_range):
            continue
        yield _repeated(entry, first_path, first, doc.path)


def _repeated(
    entry: NamespaceEntry, first_path: str, first: NamespaceEntry, here: str
) -> Finding:
    where = place(first_path, here, first.name_range)
    related = [
        Related(Location(range=first.name_range, file=first_path), "first declaration")
    ]
    at = Location(range=entry.name_range)
    if to_data(entry.node) == to_data(first.node):
        return finding(
            NAMESPACE_COPY,
            f"namespace '{entry.name}' (version {entry.version}) is an identical "
            f"copy of the one in {where}; it is checked once",
            at,
            related=related,
        )
    detail = (
        f"version {entry.version} here, {first.version} there"
        if entry.version != first.version
        else "the same version with other content"
    )
    return finding(
        DUPLICATE_NAMESPACE,
        f"namespace '{entry.name}' is already declared in {where} ({detail}); "
        "only the first is used",
        at,
        related=related,
    )


def order(ws: SpecWorkspace, doc: SpecDocument) -> Iterable[Finding]:
    here = resolved(Path(doc.path))
    for ns_doc in ws.namespace_documents():
        folder = Path(ns_doc.path).parent
        for entry in ns_doc.namespace_entries():
            sources = [resolved(folder / v) for k, v, _ in entry.parts if k == "source"]
            if here not in sources:
                continue
            later = set(sources[sources.index(here) + 1 :])
            for use in _parent_uses(doc):
                found = ws.definitions(use.name)
                files = {resolved(Path(d.path)) for d in found}
                if found and files <= later:
                    yield finding(
                        USED_BEFORE_DEFINED,
                        f"type '{use.name}' is defined in "
                        f"{Path(found[0].path).name}, which namespace "
                        f"'{entry.name}' lists after this file",
                        Location(range=use.range),
                        related=[
                            Related(
                                Location(range=found[0].range, file=found[0].path),
                                "definition",
                            )
                        ],
                    )


def _parent_uses(doc: SpecDocument) -> list[Any]:
    """Uses that name the parent of a type definition."""
    ranges = set()
    for element in doc.elements:
        if element.type_name is None:
            continue
        for key in ("neurodata_type_inc", "data_type_inc"):
            node = element.get(key)
            if node is not None:
                ranges.add(node_range(node))
    return [u for u in doc.uses if u.range in ranges]
