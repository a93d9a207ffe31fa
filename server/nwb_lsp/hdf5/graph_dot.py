"""The dependency graph as Graphviz source, drawn as ``graph_layout`` packs it.

Groups are clusters, nested as in the file, each holding an anchor node that names
the group and lists its folded datasets and links. The source asks for Graphviz's
``osage`` layout (``layout=osage``, so plain ``dot -Tsvg`` uses it), which packs the
nodes and sub-clusters of a cluster in a grid in a given order (``sortv``): each
group is one row of borderless column clusters, each column one cell wide, holding
the anchor and the items in file order as the packing stacked them. References
(dashed, blue) and links (dotted, green) are drawn straight over the packed boxes,
labelled with what holds them. The caption names the file and says what a filter or
``--max-nodes`` left out.
"""

from __future__ import annotations

import networkx as nx

from nwb_lsp.hdf5.graph_layout import Box, Edge, Picture, picture

HEADER = """\
digraph nwb {
  graph [layout=osage, pack=6, fontname="Helvetica", fontsize=11, labelloc=b,
         labeljust=l, splines=line];
  node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="#5b6770",
        fontname="Helvetica", fontsize=10, margin="0.08,0.03", width=0.5, height=0.3];
  edge [fontname="Helvetica", fontsize=8, arrowsize=0.6];"""

STYLES = {
    "typed": 'fillcolor="#dce8f7", color="#2f5b8f"',
    "group": 'fillcolor="#f1f3f5"',
    "collapsed": 'style="rounded,dashed,filled", fillcolor="#fff7e0", color="#9a7b1c"',
    "missing": 'fillcolor="#fde2e1", color="#c0392b"',
    "external": 'style="rounded,dashed,filled", fillcolor="#eef7ee"',
}
EDGE_STYLES = {
    "reference": 'style=dashed, color="#2f6fbf", fontcolor="#2f6fbf"',
    "link": 'style=dotted, color="#2e8b57", fontcolor="#2e8b57"',
}


def quote(text: str) -> str:
    """A dot string naming a node: only quotes and backslashes need escaping."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def escape(text: str) -> str:
    """``text`` inside a dot label, read as written: Graphviz would read ``\\n``
    as a line break and ``&amp;`` as an HTML entity."""
    return quote(text.replace("&", "&amp;"))[1:-1]


def _label(box: Box) -> str:
    """Title lines centred (``\\n``), rows left-aligned (``\\l``)."""
    text = "".join(f"{escape(line)}\\n" for line in box.title)
    text += "".join(f"{escape(row)}\\l" for row in box.rows)
    return f'"{text}"'


def _style(box: Box) -> str:
    if box.kind in ("collapsed", "missing", "external"):
        return STYLES[box.kind]
    if box.typed:
        return STYLES["typed"]
    return STYLES["group"] if box.items else ""


class _Writer:
    def __init__(self) -> None:
        self.lines = [HEADER]
        self.clusters = 0

    def box(self, box: Box, depth: int, order: int) -> None:
        pad = "  " * depth
        style = _style(box)
        attrs = f"label={_label(box)}" + (f", {style}" if style else "")
        if not box.items:
            self.lines.append(f"{pad}{quote(str(box.node))} [{attrs}, sortv={order}];")
            return
        self.cluster(pad, f'style=rounded, color="#aab4be", sortv={order}')
        self.lines.append(f'{pad}  graph [packmode="array_tu{len(box.columns)}"];')
        for j, column in enumerate(box.columns):
            self.cluster(pad + "  ", f'style=invis, sortv={j}, packmode="array_u1"')
            for i, cell in enumerate(column):
                if cell is None:
                    anchor = f"{attrs}, penwidth=1.5, sortv={i}"
                    self.lines.append(f"{pad}    {quote(str(box.node))} [{anchor}];")
                else:
                    self.box(cell, depth + 2, i)
            self.lines.append(f"{pad}  }}")
        self.lines.append(f"{pad}}}")

    def cluster(self, pad: str, attrs: str) -> None:
        self.lines.append(f"{pad}subgraph cluster_{self.clusters} {{")
        self.lines.append(f'{pad}  graph [label="", {attrs}];')
        self.clusters += 1

    def edge(self, edge: Edge) -> None:
        label = f', label="{escape(edge.label)}"' if edge.label else ""
        self.lines.append(
            f"  {quote(str(edge.source))} -> {quote(str(edge.target))} "
            f"[{EDGE_STYLES[edge.kind]}{label}];"
        )


def _caption(pic: Picture) -> str:
    """The file, what was left out, and how to read the picture (left-aligned)."""
    head = f"{pic.title}: " if pic.title else ""
    body = "; ".join(pic.notes) if pic.notes else "every object shown"
    legend = "boxes nest as groups do; dashed: references, dotted: links"
    return f"{escape(head + body)}\\l{legend}\\l"


def to_dot(graph: nx.DiGraph) -> str:
    """``graph`` as Graphviz source (see the module docstring)."""
    pic = picture(graph)
    out = _Writer()
    out.lines.append(f'  graph [packmode="array_tu{max(1, len(pic.tops))}"];')
    for order, top in enumerate(pic.tops):
        out.box(top, 1, order)
    for edge in pic.edges:
        out.edge(edge)
    out.lines.append(f'  label="{_caption(pic)}";')
    out.lines.append("}")
    return "\n".join(out.lines) + "\n"
