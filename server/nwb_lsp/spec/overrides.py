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

import yaml

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
Value = tuple["Definition", yaml.Node]


def refinements(index: TypeIndex, doc: SpecDocument) -> Iterator[Finding]:
    """``Y018`` for every element of ``doc`` that contradicts what it refines."""
    nearest = _Nearest(index)
    for element in doc.elements:
        reported: set[str] = set()
        for keys, label, start, path in _refined(element):
            for key, problem_of in CHECKS:
                node = element.get(key)
                if key not in keys or key in reported or node is None:
                    continue
                top_level = key == "quantity" and not path
                theirs = nearest.find(start, path, key, top_level)
                found = _compare(node, problem_of, theirs, label)
                if found is not None:
                    reported.add(key)
                    yield found


def _refined(element: Element) -> Iterator[tuple[tuple[str, ...], str, str, PathSteps]]:
    """What ``element`` refines: (the keys compared, a label for messages, the
    type where the search starts, the path below it). A type starts at its parent,
    an included type at itself: both are the element's ``neurodata_type_inc``."""
    included = element.parent_type
    if included is not None:
        top_level_type = element.parent is None and element.type_name is not None
        # a top-level type's own quantity is compared too; a nested one's is how
        # often it occurs where it is defined
        keys = ("dtype", "shape", "quantity") if top_level_type else ("dtype", "shape")
        yield keys, "", included, ()
    path: PathSteps = ()
    current = element
    while current.parent is not None:
        if current.name is None:
            return  # an unnamed child is found by its type, not by a path
        path = ((f"{current.kind}s", current.name), *path)
        current = current.parent
        start = current.parent_type
        if start is not None:
            label = f"{element.kind} '{'/'.join(n for _, n in path)}': "
            yield ("dtype", "shape", "quantity"), label, start, path


class _Nearest:
    """The nearest definition up a type's ancestry whose element at a path sets a
    key. Answers are remembered for every type passed on the way, so a chain of
    thousands of types is walked once, not once per type."""

    def __init__(self, index: TypeIndex) -> None:
        self.index = index
        self.memo: dict[tuple[str, PathSteps, str, bool], Value | None] = {}

    def find(
        self, start: str, path: PathSteps, key: str, top_level: bool
    ) -> Value | None:
        """From type ``start`` up; ``top_level`` skips nested definitions (whose
        quantity is how often they occur where they are defined)."""
        visited: dict[tuple[str, PathSteps, str, bool], None] = {}
        result: Value | None = None
        current: str | None = start
        while current is not None:
            memo_key = (current, path, key, top_level)
            if memo_key in self.memo:
                result = self.memo[memo_key]
                break
            if memo_key in visited:
                break  # an inheritance cycle: Y011 says so
            visited[memo_key] = None
            definition = self.index.first(current)
            if definition is None or definition.element is None:
                break
            result = _value(definition, path, key, top_level)
            if result is not None:
                break
            current = definition.parent
        for seen in visited:
            self.memo[seen] = result
        return result


def _value(
    definition: Definition, path: PathSteps, key: str, top_level: bool
) -> Value | None:
    found: Element | None = definition.element
    if found is None or (top_level and found.parent is not None):
        return None
    for list_key, name in path:
        found = found.child(list_key, name) if found is not None else None
    node = found.get(key) if found is not None else None
    return (definition, node) if node is not None else None


def _compare(
    node: yaml.Node, problem_of: Problem, theirs: Value | None, label: str
) -> Finding | None:
    if theirs is None:
        return None
    definition, value = theirs
    problem = problem_of(to_data(node), to_data(value))
    if not problem:
        return None
    return finding(
        INCOMPATIBLE,
        f"{label}{problem} (from {definition.name})",
        Location(range=node_range(node)),
        related=[
            Related(
                Location(range=node_range(value), file=definition.path),
                f"what {definition.name} says",
            )
        ],
    )
