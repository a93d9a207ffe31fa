"""Pictures of a dependency graph: objects nested in their groups, packed to a page.

The Graphviz and Mermaid writers draw the same ``Picture``:

* every group that holds something is a box (a cluster) whose first cell, the
  anchor node, names it; containment is shown by nesting, not by edges;
* a leaf that nothing outside its group points at — a dataset, a soft link, an empty
  untyped group — is folded into its group's label as one row (``data [50, 4]
  int``, ``imaging_plane → plane0``), and its own references and links leave from
  the group, labelled with its name (``electrodes.table``);
* typed objects always keep their own node;
* the cells of a box (anchor first, then its items in file order) are stacked in
  columns, filled one after the other, as many as make the box about as tall as it
  is wide: an NWB group often holds hundreds of siblings, which a layered layout
  puts in one row tens of thousands of points wide.

Sizes are estimates in inches for 10-point Helvetica; they only choose the columns.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from nwb_lsp.hdf5.graph_view import CHILD, containment_children, containment_parent

CHAR_W, LINE_H, PAD_W, PAD_H = 0.072, 0.15, 0.2, 0.1  # inches
GAP, MARGIN = 0.12, 0.12
MAX_ROWS = 8
ASPECT = 0.8  # height / width every box aims at
TIMES = "\u00d7"  # a multiplication sign: "TimeSeries x943" with a proper x
FOLDABLE = {"dataset", "soft_link", "external_link", "group"}  # not missing, ...


@dataclass
class Box:
    """One drawn object: a node, or a cluster whose anchor node is ``node``."""

    node: Any
    title: list[str]
    kind: str
    typed: bool = False
    rows: list[str] = field(default_factory=list)
    items: list[Box] = field(default_factory=list)
    columns: list[list[Box | None]] = field(default_factory=list)  # None: anchor
    width: float = 0.0
    height: float = 0.0

    def walk(self) -> list[Box]:
        return [self, *(b for item in self.items for b in item.walk())]


@dataclass
class Edge:
    source: Any
    target: Any
    kind: str  # "reference" or "link"
    label: str


@dataclass
class Picture:
    tops: list[Box]
    edges: list[Edge]
    notes: list[str]
    title: str


def picture(graph: nx.DiGraph) -> Picture:
    """The picture of ``graph`` (see the module docstring)."""
    return _Builder(graph).build()


class _Builder:
    def __init__(self, graph: nx.DiGraph) -> None:
        self.graph = graph
        self.children = containment_children(graph)
        self.parent = {n: containment_parent(graph, n) for n in graph}
        self.folded = {n for n in graph if self._foldable(n)}

    def build(self) -> Picture:
        tops = [self._box(n) for n in self.children[None]]
        for box in tops:
            _pack(box)
        path = str(self.graph.graph.get("path", "") or "")
        notes = [str(n) for n in self.graph.graph.get("notes", [])]
        return Picture(tops, self._edges(), notes, path.rsplit("/", 1)[-1])

    def _foldable(self, node: Any) -> bool:
        data = self.graph.nodes[node]
        parent = self.parent[node]
        if parent is None or self.children[node] or data.get("kind") not in FOLDABLE:
            return False
        if data.get("kind") == "group" and data.get("neurodata_type") is not None:
            return False
        return all(
            u == parent or self.parent.get(u) == parent
            for u, _, d in self.graph.in_edges(node, data=True)
            if d.get("label") != CHILD
        )

    def _box(self, node: Any) -> Box:
        data = self.graph.nodes[node]
        kind = str(data.get("kind", "group"))
        title = _title(self._relative(node), data)
        box = Box(node, title, kind, data.get("neurodata_type") is not None)
        for child in self.children[node]:
            if child in self.folded:
                box.rows.append(self._row(child))
            else:
                box.items.append(self._box(child))
        if len(box.rows) > MAX_ROWS:
            more = len(box.rows) - MAX_ROWS + 1
            box.rows[MAX_ROWS - 1 :] = [f"… and {more} more"]
        return box

    def _relative(self, node: Any) -> str:
        """The node's path from the box that holds it (all of it at the top)."""
        text, parent = str(node), self.parent[node]
        base = "" if parent in (None, "/") else str(parent)
        if parent is not None and text.startswith(base + "/"):
            return text[len(base) + 1 :]
        return text

    def _row(self, node: Any) -> str:
        data = self.graph.nodes[node]
        name = _name(node)
        if data.get("kind") == "dataset":
            shape = data.get("shape")
            dims = (
                "scalar" if shape == [] else str(shape) if shape is not None else "null"
            )
            typ = data.get("neurodata_type")
            return f"{name} {dims} {data.get('dtype') or '?'}" + (
                f" <{typ}>" if typ else ""
            )
        targets = [
            v
            for _, v, d in self.graph.out_edges(node, data=True)
            if d.get("label") == "link"
        ]
        if targets:
            return f"{name} → {_name(targets[0])}"
        return f"{name}/ (empty)"

    def _edges(self) -> list[Edge]:
        merged: dict[tuple[Any, Any], Edge] = {}
        for u, v, data in self.graph.edges(data=True):
            label = data.get("label")
            if label == CHILD:
                continue
            a = self.parent[u] if u in self.folded else u
            b = self.parent[v] if v in self.folded else v
            if a == b:
                continue
            text = _edge_label(u if u in self.folded else None, data)
            kind = "link" if label == "link" else "reference"
            edge = merged.setdefault((a, b), Edge(a, b, kind, ""))
            parts = [p for p in (edge.label, text) if p]
            edge.label = ", ".join(dict.fromkeys(parts))
            if kind == "reference":
                edge.kind = "reference"
        return list(merged.values())


def _name(node: Any) -> str:
    text = str(node)
    return text if text == "/" else text.rsplit("/", 1)[-1]


def _title(name: str, data: dict[str, Any]) -> list[str]:
    kind = data.get("kind")
    if kind == "collapsed":
        types = Counter(data.get("types") or {})
        lines = [name] + [f"{t} {TIMES}{n}" for t, n in types.most_common(3)]
        if len(types) > 3:
            lines.append(f"and {len(types) - 3} more types")
        return lines
    lines = [name]
    if data.get("neurodata_type"):
        lines.append(f"<{data['neurodata_type']}>")
    if kind == "missing":
        lines.append("(missing)")
    elif kind == "external":
        lines.append("(in another file)")
    if data.get("hidden"):
        lines.append(f"(+{data['hidden']} objects inside)")
    return lines


def _edge_label(folded: Any, data: dict[str, Any]) -> str:
    name = data.get("name")
    text = _name(folded) if folded is not None else ""
    if name and name != text:
        text = f"{text}.{name}" if text else str(name)
    count = data.get("count") or 1
    return f"{text} {TIMES}{count}".lstrip() if count > 1 else text


# -- packing ---------------------------------------------------------------------
def _label_size(box: Box) -> tuple[float, float]:
    lines = box.title + box.rows
    width = max(len(line) for line in lines) * CHAR_W + PAD_W
    return max(width, 0.5), len(lines) * LINE_H + PAD_H


def _pack(box: Box) -> None:
    for item in box.items:
        _pack(item)
    width, height = _label_size(box)
    if not box.items:
        box.width, box.height = width, height
        return
    cells: list[Box | None] = [None, *box.items]
    sizes = {id(b): (b.width, b.height) for b in box.items} | {
        id(None): (width, height)
    }
    best = None
    for count in range(1, len(cells) + 1):
        columns = _fill(cells, sizes, count)
        w = sum(max(sizes[id(c)][0] for c in col) for col in columns)
        h = max(sum(sizes[id(c)][1] for c in col) + GAP * len(col) for col in columns)
        w, h = w + GAP * (len(columns) - 1) + 2 * MARGIN, h + 2 * MARGIN
        score = abs(math.log(h / w / ASPECT))
        if best is None or score < best[0]:
            best = (score, columns, w, h)
        if w > h / ASPECT * 4:
            break  # only wider from here on
    assert best is not None
    _, box.columns, box.width, box.height = best


def _fill(
    cells: list[Box | None], sizes: dict[int, tuple[float, float]], count: int
) -> list[list[Box | None]]:
    """Cells in order into at most ``count`` columns, the tallest as short as it
    can be (the smallest height limit that fits is found by bisection)."""
    heights = [sizes[id(c)][1] + GAP for c in cells]
    low, high = max(heights), sum(heights)
    for _ in range(40):
        if high - low < 0.01:
            break
        mid = (low + high) / 2
        if len(_split(heights, mid)) <= count:
            high = mid
        else:
            low = mid
    return [[cells[i] for i in column] for column in _split(heights, high)]


def _split(heights: list[float], limit: float) -> list[list[int]]:
    """Indexes of ``heights`` in order, a new column whenever ``limit`` would be
    passed."""
    columns: list[list[int]] = [[]]
    total = 0.0
    for i, height in enumerate(heights):
        if columns[-1] and total + height > limit:
            columns.append([])
            total = 0.0
        columns[-1].append(i)
        total += height
    return columns
