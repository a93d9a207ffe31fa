"""The dependency graph as a Mermaid flowchart, drawn as ``graph_layout`` packs it.

Groups are subgraphs (nested as in the file) holding an anchor node that names the
group and lists its folded datasets and links; invisible links (``~~~``) keep each
subgraph's items in the packed columns; references are dashed arrows and links
thick ones, labelled with what holds them. Node ids are generated (``n0``, ``n1``,
...): HDF5 names may hold any character, so every label is quoted and characters
Mermaid reads as markup are written as its entity codes (``#quot;``, ``#lt;``).
A ``note`` node carries the file's name and what a filter or ``--max-nodes`` left
out. Mermaid's renderer draws at most 500 edges by default: big files need
``--max-nodes``.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import networkx as nx

from nwb_lsp.hdf5.graph_layout import Box, Picture, picture

ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;"}
ARROWS = {"reference": "-.->", "link": "==>"}
CLASSES = """\
  classDef typed fill:#dce8f7,stroke:#2f5b8f
  classDef group fill:#f1f3f5,stroke:#5b6770
  classDef collapsed fill:#fff7e0,stroke:#9a7b1c,stroke-dasharray:4
  classDef missing fill:#fde2e1,stroke:#c0392b
  classDef note fill:#ffffff,stroke:#aab4be"""


def escape(text: str) -> str:
    """``text`` as it should read inside a quoted Mermaid label."""
    return "".join(ENTITIES.get(c, c) for c in text)


def _label(box: Box) -> str:
    return "<br/>".join(escape(line) for line in [*box.title, *box.rows])


def _class(box: Box) -> str | None:
    if box.kind in ("collapsed", "missing"):
        return box.kind
    if box.typed:
        return "typed"
    return "group" if box.items else None


class _Writer:
    def __init__(self) -> None:
        self.ids: dict[Any, str] = {}
        self.lines = ["flowchart TB"]
        self.classes: dict[str, list[str]] = {}

    def id(self, node: Any) -> str:
        return self.ids.setdefault(node, f"n{len(self.ids)}")

    def box(self, box: Box, depth: int) -> None:
        pad = "  " * depth
        node = self.id(box.node)
        if box.items:
            self.lines.append(f'{pad}subgraph {node}_box [" "]')
            pad += "  "
        self.lines.append(f'{pad}{node}["{_label(box)}"]')
        kind = _class(box)
        if kind:
            self.classes.setdefault(kind, []).append(node)
        if box.items:
            for item in box.items:
                self.box(item, depth + 1)
            self.lines.append(f"{pad[:-2]}end")

    def columns(self, box: Box) -> None:
        """Invisible links down each packed column: from the box above (its
        subgraph, so the next cell goes below all of it) to the next cell."""
        for column in box.columns:
            ids = [self.cell(box, c) for c in column]
            for above, below in pairwise(ids):
                self.lines.append(f"  {above} ~~~ {below}")

    def cell(self, box: Box, cell: Box | None) -> str:
        if cell is None:
            return self.id(box.node)
        return self.id(cell.node) + ("_box" if cell.items else "")

    def note(self, pic: Picture) -> None:
        head = f"{pic.title}: " if pic.title else ""
        body = "; ".join(pic.notes) if pic.notes else "every object shown"
        self.lines.append(f'  note["{escape(head + body)}"]')
        self.classes.setdefault("note", []).append("note")


def to_mermaid(graph: nx.DiGraph) -> str:
    """``graph`` as a Mermaid flowchart (see the module docstring)."""
    pic = picture(graph)
    out = _Writer()
    for top in pic.tops:
        out.box(top, 1)
    out.note(pic)
    for top in pic.tops:
        for box in top.walk():
            out.columns(box)
    for edge in pic.edges:
        text = f'|"{escape(edge.label)}"|' if edge.label else ""
        arrow = ARROWS[edge.kind]
        out.lines.append(f"  {out.id(edge.source)} {arrow}{text} {out.id(edge.target)}")
    out.lines.append(CLASSES)
    for kind, nodes in out.classes.items():
        out.lines.append(f"  class {','.join(nodes)} {kind}")
    return "\n".join(out.lines) + "\n"
