"""Refinements: wherever a spec element restates what another type already says.

An element refines another in three ways, at any depth of a schema file:

* it defines a type (``neurodata_type_def``, at the top level or nested): it
  refines its ancestors' definitions;
* it includes a type without defining one (``neurodata_type_inc: VectorData`` for a
  column): it is an instance of that type, so it refines the type's definition and
  its ancestors' (hdmf resolves such a child against the included type when it
  loads the namespace);
* it is named and sits inside a typed element (directly, or under named untyped
  groups): it refines the element at the same path of names in what that typed
  element refines (a dataset ``electrodes/x`` of an ``NWBFile`` extension refines
  ``NWBFile``'s ``electrodes/x``).

For each key (``dtype``, ``shape``; ``quantity`` for named children and top-level
types) the nearest refined element that sets it is the one compared, with the rules
of ``refinement`` — hdmf's: a dtype may only be kept or made more specific within
its precision (``int`` may become ``int64``, never ``int8``), which is what pynwb
refuses to load otherwise. ``Y018`` is reported at the value, once per value,
pointing at the value it contradicts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from nwb_lsp.findings import Finding, Location, Related, Severity, define_code, finding
from nwb_lsp.spec import refinement
from nwb_lsp.spec.document import Element, SpecDocument, node_range, to_data

if TYPE_CHECKING:
    from nwb_lsp.spec.types import Definition, TypeIndex

INCOMPATIBLE = define_code(
    "Y018",
    Severity.ERROR,
    "a refinement incompatible with the parent type",
    "spec",
)

Problem = Callable[[Any, Any], "str | None"]
CHECKS: tuple[tuple[str, Problem], ...] = (
    ("dtype", refinement.dtype_problem),
    ("shape", refinement.shape_problem),
    ("quantity", refinement.quantity_problem),
)
# The way from a typed element down to a named child: (list key, name) steps.
PathSteps = tuple[tuple[str, str], ...]
Base = tuple["Definition", Element]


def refinements(index: TypeIndex, doc: SpecDocument) -> Iterator[Finding]:
    """``Y018`` for every element of ``doc`` that contradicts what it refines."""
    chains: dict[int, list[Base]] = {}  # each typed element's bases, computed once
    for element in doc.elements:
        reported: set[str] = set()
        for keys, label, bases in _refined(index, element, chains):
            for key, problem_of in CHECKS:
                if key in keys and key not in reported:
                    found = _compare(element, key, problem_of, bases, label)
                    if found is not None:
                        reported.add(key)
                        yield found


def _refined(
    index: TypeIndex, element: Element, chains: dict[int, list[Base]]
) -> Iterator[tuple[tuple[str, ...], str, list[Base]]]:
    """What ``element`` refines: (the keys compared, a label for messages, the
    elements it refines, nearest first)."""
    if element.type_name is not None or element.parent_type is not None:
        bases = _bases(index, element, chains)
        yield ("dtype", "shape"), "", bases
        if element.parent is None and element.type_name is not None:
            # a type's own quantity against its ancestors' (a nested definition's
            # quantity is how often it occurs where it is defined: not comparable)
            top_level = [(d, e) for d, e in bases if e.parent is None]
            yield ("quantity",), "", top_level
    path: PathSteps = ()
    current = element
    while current.parent is not None:
        if current.name is None:
            return  # an unnamed child is found by its type, not by a path
        path = ((f"{current.kind}s", current.name), *path)
        current = current.parent
        bases = _bases(index, current, chains)
        if bases:
            label = f"{element.kind} '{'/'.join(n for _, n in path)}': "
            yield ("dtype", "shape", "quantity"), label, _at_path(bases, path)


def _bases(
    index: TypeIndex, element: Element, chains: dict[int, list[Base]]
) -> list[Base]:
    """The type definitions a typed element refines, nearest first: a type's
    ancestors, or an included type and its ancestors."""
    found = chains.get(id(element))
    if found is None:
        name = element.type_name
        included = element.parent_type
        if name is not None:
            found = _type_chain(index, index.ancestors(name))
        elif included is not None:
            found = _type_chain(index, [included, *index.ancestors(included)])
        else:
            found = []
        chains[id(element)] = found
    return found


def _type_chain(index: TypeIndex, names: list[str]) -> list[Base]:
    out = []
    for name in names:
        definition = index.first(name)
        if definition is not None and definition.element is not None:
            out.append((definition, definition.element))
    return out


def _at_path(bases: list[Base], path: PathSteps) -> list[Base]:
    out = []
    for definition, element in bases:
        found: Element | None = element
        for key, name in path:
            found = found.child(key, name) if found is not None else None
        if found is not None:
            out.append((definition, found))
    return out


def _compare(
    element: Element,
    key: str,
    problem_of: Problem,
    bases: list[Base],
    label: str,
) -> Finding | None:
    node = element.get(key)
    if node is None:
        return None
    for definition, base in bases:
        theirs = base.get(key)
        if theirs is None:
            continue
        problem = problem_of(to_data(node), to_data(theirs))
        if not problem:
            return None
        return finding(
            INCOMPATIBLE,
            f"{label}{problem} (from {definition.name})",
            Location(range=node_range(node)),
            related=[
                Related(
                    Location(range=node_range(theirs), file=definition.path),
                    f"what {definition.name} says",
                )
            ],
        )
    return None
