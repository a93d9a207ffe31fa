"""The type index of a spec workspace: every type its documents define, and the
installed core's, by name.

A type is defined by any group or dataset with ``neurodata_type_def`` (hdmf-common
spells it ``data_type_def``), at any depth of a schema file: at the top level, inside
another type, or under its untyped subgroups (the NWB core up to 2.2 defines
``Subject`` inside ``NWBFile``'s ``general``, 2.0 and 2.1 ``Device`` inside
``general/devices``). Each is a type of its namespace like any other, so hover,
navigation, completion, rename and the rules all read this one index.

Definitions of a name are kept in the order the workspace holds its documents
(the order of the paths given to ``nwb-lsp check``), then in file order: the first
is the one that counts, and a later one is a duplicate only if its content differs
(a vendored copy or a build folder holding the same YAML is not a conflict).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from nwb_lsp.findings import Range
from nwb_lsp.schema.installed import installed_namespace_files
from nwb_lsp.spec.document import Element, SpecDocument, to_data
from nwb_lsp.spec.source import read_spec


@dataclass(frozen=True)
class Definition:
    """One definition of a type: where its name is, what it extends, its doc."""

    name: str
    path: str
    range: Range
    parent: str | None
    doc: str
    element: Element | None = field(default=None, compare=False, repr=False)

    @cached_property
    def content(self) -> Any:
        """The definition as data, to tell a copy from a conflicting definition."""
        return to_data(self.element.node) if self.element is not None else None


def definitions_in(document: SpecDocument) -> list[Definition]:
    """Every type ``document`` defines, at any depth, in file order."""
    out = []
    for element in document.elements:
        symbol = element.definition
        if symbol is not None:
            out.append(
                Definition(
                    symbol.name,
                    document.path,
                    symbol.range,
                    element.parent_type,
                    element.scalar("doc") or "",
                    element,
                )
            )
    return out


@cache
def installed_definitions() -> tuple[Definition, ...]:
    """Types defined by the installed core, hdmf-common and hdmf-experimental."""
    out: list[Definition] = []
    namespace_files = set(installed_namespace_files().values())
    for folder in sorted({path.parent for path in namespace_files}):
        for path in sorted(folder.glob("*.yaml")):
            if path in namespace_files:
                continue
            source = read_spec(path)
            document = SpecDocument.parse(path, source.text)
            out.extend(definitions_in(document))
    return tuple(out)


def _by_name(definitions: Iterable[Definition]) -> dict[str, list[Definition]]:
    out: dict[str, list[Definition]] = {}
    for definition in definitions:
        out.setdefault(definition.name, []).append(definition)
    return out


@cache
def _installed_by_name() -> dict[str, list[Definition]]:
    return _by_name(installed_definitions())


class TypeIndex:
    """Definitions by name across a workspace's documents (which shadow the
    installed core's), with ancestry and inheritance cycles."""

    def __init__(self, local: Mapping[str, list[Definition]]) -> None:
        self.local = _by_name(d for defs in local.values() for d in defs)
        self._cycles: set[str] | None = None

    def definitions(self, name: str) -> list[Definition]:
        return self.local.get(name) or _installed_by_name().get(name, [])

    def first(self, name: str) -> Definition | None:
        found = self.definitions(name)
        return found[0] if found else None

    def ancestors(self, name: str) -> list[str]:
        """``name``'s parent, its parent's parent, ... (nearest first), stopping
        before a type repeats."""
        chain: list[str] = []
        current = self.first(name)
        while current is not None and current.parent and current.parent not in chain:
            chain.append(current.parent)
            if current.parent == name:
                break
            current = self.first(current.parent)
        return chain

    def in_cycle(self, name: str) -> bool:
        """Whether ``name`` inherits from itself."""
        if self._cycles is None:
            self._cycles = self._find_cycles()
        return name in self._cycles

    def _find_cycles(self) -> set[str]:
        """Names on an inheritance cycle, each chain walked once."""
        cycles: set[str] = set()
        done: set[str] = set()
        for start in self.local:
            path: list[str] = []
            seen: dict[str, int] = {}
            name: str | None = start
            while name is not None and name not in done and name not in seen:
                seen[name] = len(path)
                path.append(name)
                found = self.first(name)
                name = found.parent if found is not None else None
            if name is not None and name in seen:
                cycles.update(path[seen[name] :])
            done.update(path)
        return cycles

    def docs(self) -> list[tuple[str, str]]:
        """Every type name in scope with its doc (completion)."""
        docs = {d.name: d.doc for d in installed_definitions()}
        docs.update({name: defs[0].doc for name, defs in self.local.items()})
        return sorted(docs.items())

    def conflicting(self, definition: Definition) -> Definition | None:
        """The first definition of the same name, when ``definition`` is a later one
        whose content differs from it (a copy of the same YAML is no conflict)."""
        found = self.local.get(definition.name, [])
        if not found or found[0] is definition:
            return None
        first = found[0]
        return None if first.content == definition.content else first


def place(path: str, here: str, where: Range | None = None) -> str:
    """How to name ``path`` to a reader of ``here``: enough of its folders to tell
    it apart (``build/lib/ndx_x/spec/x.yaml`` from ``spec/x.yaml``), or the line
    when it is the same file."""
    if Path(path) == Path(here):
        line = f" (line {where.start.line + 1})" if where is not None else ""
        return f"this file{line}"
    mine, theirs = Path(path).parts, Path(here).parts
    for n in range(2, len(mine) + 1):
        if mine[-n:] != theirs[-n:]:
            return str(Path(*mine[-n:]))
    return path
