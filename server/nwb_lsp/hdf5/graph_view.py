"""Views of a dependency graph for people: a selection, and a bounded size.

``select_graph(graph, patterns)`` keeps what the patterns name — ``/a/path`` (the
object and everything under it; ``*``, ``?`` and ``[...]`` match within one level,
``/processing/*/Fluorescence``) or a neurodata type (its objects, and objects of its
subtypes when ``is_a`` is given, each with everything under it) — plus the groups
that contain them, up to the root, and whatever the kept objects reference or link
to (without what is under it), so a selection still shows its dependencies.

``collapse_graph(graph, max_nodes)`` keeps at most ``max_nodes`` nodes: the
containment tree is opened level by level from the root, and where a level does not
fit, every group there shows an equal share of its children (typed and connected
ones first) and one ``collapsed`` node standing for the rest (how many, of which
types); a group none of whose children fits says how many objects it holds.
References and links to hidden objects go to what stands for them.

Both record what they did in ``graph.graph["notes"]``, which the pictures print.
``view_graph`` applies what ``nwb-lsp graph --filter/--max-nodes`` ask for.
"""

from __future__ import annotations

import fnmatch
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import networkx as nx

IsA = Callable[[str, str], bool]
CHILD = "child"


def containment_parent(graph: nx.DiGraph, node: Any) -> Any:
    """The group holding ``node`` in ``graph``: its parent by a child edge, or the
    nearest enclosing path still in the graph; ``None`` at the top."""
    for parent, _, data in graph.in_edges(node, data=True):
        if data.get("label") == CHILD:
            return parent
    path = str(node)
    while path.startswith("/") and path != "/":
        path = path.rsplit("/", 1)[0] or "/"
        if path in graph:
            return path
    return None


def containment_children(graph: nx.DiGraph) -> dict[Any, list[Any]]:
    """Each node's contained nodes, in graph order (key ``None``: the tops)."""
    children: dict[Any, list[Any]] = {None: []}
    for node in graph:
        children.setdefault(node, [])
        children.setdefault(containment_parent(graph, node), []).append(node)
    return children


def _note(graph: nx.DiGraph, text: str) -> None:
    graph.graph["notes"] = [*graph.graph.get("notes", []), text]


def view_graph(
    graph: nx.DiGraph,
    *,
    select: Sequence[str] = (),
    prune: bool = False,
    max_nodes: int | None = None,
    is_a: IsA | None = None,
) -> nx.DiGraph:
    """The selection, then the pruning of ``filter_dependency_graph``, then the
    bound on its size, each only when asked for."""
    from nwb_lsp.hdf5.graph import filter_dependency_graph

    if select:
        graph = select_graph(graph, select, is_a)
    if prune:
        notes = graph.graph.get("notes", [])
        graph = filter_dependency_graph(graph)
        graph.graph["notes"] = [
            *notes,
            "untyped leaves and VectorIndex columns left out",
        ]
    if max_nodes is not None:
        graph = collapse_graph(graph, max_nodes)
    return graph


# -- selection -------------------------------------------------------------------
def _matches(path: str, data: dict[str, Any], pattern: str, is_a: IsA | None) -> bool:
    if pattern.startswith("/"):
        pattern = pattern.rstrip("/") or "/"
        if pattern == "/":
            return True
        head = "/".join(path.split("/")[: pattern.count("/") + 1])
        return fnmatch.fnmatchcase(head, pattern)
    typ = data.get("neurodata_type")
    if not isinstance(typ, str):
        return False
    return typ == pattern or (is_a is not None and is_a(typ, pattern))


def select_graph(
    graph: nx.DiGraph, patterns: Sequence[str], is_a: IsA | None = None
) -> nx.DiGraph:
    """The part of ``graph`` the patterns name (see the module docstring).

    Raises ``ValueError`` when no object matches, so a typo is not an empty picture.
    """
    chosen = {
        node
        for node, data in graph.nodes(data=True)
        if any(_matches(str(node), data, p, is_a) for p in patterns)
    }
    if not chosen:
        raise ValueError(f"no object matches {', '.join(patterns)}")
    keep = set(chosen)
    for node in chosen:  # a type match brings what is under it, as a path does
        keep.update(_descendants(graph, node))
    for node in list(keep):
        keep.update(_ancestors(graph, node))
    for node in list(keep):
        keep.update(
            v for _, v, d in graph.out_edges(node, data=True) if d["label"] != CHILD
        )
    out = graph.subgraph(keep).copy()
    _note(out, f"filter {' '.join(patterns)}: {len(chosen)} matching objects")
    return out


def _descendants(graph: nx.DiGraph, node: Any) -> Iterable[Any]:
    children = nx.subgraph_view(
        graph, filter_edge=lambda u, v: graph.edges[u, v].get("label") == CHILD
    )
    return nx.descendants(children, node)


def _ancestors(graph: nx.DiGraph, node: Any) -> Iterable[Any]:
    parent = containment_parent(graph, node)
    while parent is not None:
        yield parent
        parent = containment_parent(graph, parent)


# -- bounded size ----------------------------------------------------------------
def collapse_graph(graph: nx.DiGraph, max_nodes: int) -> nx.DiGraph:
    """``graph`` with at most ``max_nodes`` nodes (see the module docstring)."""
    if max_nodes < 1:
        raise ValueError("max_nodes must be at least 1")
    if graph.number_of_nodes() <= max_nodes:
        return graph
    return _Collapse(graph, max_nodes).run()


class _Collapse:
    def __init__(self, graph: nx.DiGraph, max_nodes: int) -> None:
        self.graph = graph
        self.children = containment_children(graph)
        self.max_nodes = max_nodes
        self.shown: set[Any] = set(self.children[None])
        self.summaries: dict[Any, list[Any]] = {}  # group -> its hidden children

    def run(self) -> nx.DiGraph:
        frontier = list(self.children[None])
        budget = self.max_nodes - len(self.shown)
        while frontier and budget > 0:
            frontier, budget = self._open_level(frontier, budget)
        return self._build()

    def _open_level(self, groups: list[Any], budget: int) -> tuple[list[Any], int]:
        wanted = {g: self._ordered(g) for g in groups if self.children[g]}
        total = sum(len(c) for c in wanted.values())
        share = total if total <= budget else _share(wanted, budget)
        opened: list[Any] = []
        for group, children in wanted.items():
            kept, hidden = children[:share], children[share:]
            cost = len(kept) + (1 if hidden else 0)
            if not kept or cost > budget:
                continue  # closed: the group says how many objects it holds
            budget -= cost
            self.shown.update(kept)
            opened.extend(kept)
            if hidden:
                self.summaries[group] = hidden
        return opened, budget

    def _ordered(self, group: Any) -> list[Any]:
        """Typed and connected children first: they carry the file's structure."""

        def plain(node: Any) -> bool:
            typed = self.graph.nodes[node].get("neurodata_type") is not None
            linked = any(
                d.get("label") != CHILD
                for _, _, d in self.graph.in_edges(node, data=True)
            )
            return not (typed or linked)

        return sorted(self.children[group], key=plain)

    def _build(self) -> nx.DiGraph:
        out = nx.DiGraph(**self.graph.graph)
        for node in (n for n in self.graph if n in self.shown):  # in file order
            out.add_node(node, **self.graph.nodes[node])
            inside = self._count_under(node) if self._closed(node) else 0
            if inside:
                out.nodes[node]["hidden"] = inside
        stand_in: dict[Any, Any] = {}
        for group, members in self.summaries.items():
            summary = self._summary(out, group, members)
            stand_in.update((m, summary) for m in members)
        self._edges(out, stand_in)
        shown = out.number_of_nodes()
        _note(
            out,
            f"{shown} of {self.graph.number_of_nodes()} nodes shown "
            f"(--max-nodes {self.max_nodes}), the rest collapsed",
        )
        return out

    def _closed(self, node: Any) -> bool:
        return bool(self.children[node]) and not any(
            c in self.shown for c in self.children[node]
        )

    def _count_under(self, node: Any) -> int:
        return sum(1 + self._count_under(c) for c in self.children[node])

    def _summary(self, out: nx.DiGraph, group: Any, hidden: list[Any]) -> str:
        types = Counter(
            str(
                self.graph.nodes[h].get("neurodata_type")
                or self.graph.nodes[h].get("kind")
            )
            for h in hidden
        )
        base = "" if group == "/" else str(group)
        node = f"{base}/… {len(hidden)} more"
        total = sum(1 + self._count_under(h) for h in hidden)
        out.add_node(
            node, kind="collapsed", hidden=total, types=dict(types.most_common())
        )
        out.add_edge(group, node, label=CHILD)
        return node

    def _edges(self, out: nx.DiGraph, stand_in: dict[Any, Any]) -> None:
        def shown_as(node: Any) -> Any:
            while node not in out and node is not None:
                if node in stand_in:
                    return stand_in[node]
                node = containment_parent(self.graph, node)
            return node

        for u, v, data in self.graph.edges(data=True):
            a, b = shown_as(u), shown_as(v)
            if a is None or b is None or a == b:
                continue
            if data.get("label") == CHILD and (a != u or b != v):
                continue  # containment of hidden objects is what a summary says
            if out.has_edge(a, b):
                previous = out.edges[a, b]
                previous["count"] = previous.get("count", 1) + data.get("count", 1)
            else:
                out.add_edge(a, b, **data)


def _share(wanted: dict[Any, list[Any]], budget: int) -> int:
    """The largest number of children every group may show so that the level, with
    one summary node per group that cannot show all, fits in ``budget``."""

    def cost(cap: int) -> int:
        # a group that shows none of its children needs no summary node
        return sum(
            len(c) if len(c) <= cap else (cap + 1 if cap else 0)
            for c in wanted.values()
        )

    low, high = 0, max(len(c) for c in wanted.values())
    while low < high:
        mid = (low + high + 1) // 2
        if cost(mid) <= budget:
            low = mid
        else:
            high = mid - 1
    return low
