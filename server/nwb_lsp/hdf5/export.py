"""The dependency graph as text: node-link JSON, GraphML, Graphviz dot, Mermaid."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import networkx as nx


def _plain(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def _plain_graph(graph: nx.DiGraph) -> nx.DiGraph:
    out = nx.DiGraph()
    for node, data in graph.nodes(data=True):
        out.add_node(node, **{k: _plain(v) for k, v in data.items()})
    for u, v, data in graph.edges(data=True):
        out.add_edge(u, v, **{k: _plain(x) for k, x in data.items()})
    return out


def _graphml_safe(graph: nx.DiGraph) -> nx.DiGraph:
    """GraphML holds scalars only: lists become JSON text, None is dropped."""
    out = nx.DiGraph()
    for node, data in graph.nodes(data=True):
        out.add_node(node, **_scalars(data))
    for u, v, data in graph.edges(data=True):
        out.add_edge(u, v, **_scalars(data))
    return out


def _scalars(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in data.items():
        if v is None:
            continue
        out[k] = json.dumps(v) if isinstance(v, list) else v
    return out


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(graph: nx.DiGraph) -> str:
    lines = ["digraph nwb {", "  node [shape=box, fontsize=10];"]
    for node, data in graph.nodes(data=True):
        label = str(node) if node != "/" else "/"
        typ = data.get("neurodata_type")
        if typ:
            label += f"\\n{typ}"
        style = ", color=red" if data.get("kind") in ("missing",) else ""
        lines.append(f"  {_quote(str(node))} [label={_quote(label)}{style}];")
    styles = {"child": "solid", "reference": "dashed", "link": "dotted"}
    for u, v, data in graph.edges(data=True):
        label = data.get("label", "child")
        style = styles.get(label, "solid")
        text = _quote("" if label == "child" else label)
        lines.append(
            f"  {_quote(str(u))} -> {_quote(str(v))} [style={style}, label={text}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(graph: nx.DiGraph) -> str:
    ids = {node: f"n{i}" for i, node in enumerate(graph.nodes)}
    lines = ["flowchart LR"]
    for node, data in graph.nodes(data=True):
        label = str(node)
        if data.get("neurodata_type"):
            label += f"<br/>{data['neurodata_type']}"
        safe = re.sub(r'["`]', "'", label)
        lines.append(f'  {ids[node]}["{safe}"]')
    arrows = {"child": "-->", "reference": "-.->", "link": "==>"}
    for u, v, data in graph.edges(data=True):
        label = data.get("label", "child")
        arrow = arrows.get(label, "-->")
        text = "" if label == "child" else f"|{label}|"
        lines.append(f"  {ids[u]} {arrow}{text} {ids[v]}")
    return "\n".join(lines) + "\n"


def render_graph(graph: nx.DiGraph, fmt: str) -> str:
    if fmt == "json":
        data = nx.node_link_data(_plain_graph(graph), edges="links")
        return json.dumps(data, indent=1) + "\n"
    if fmt == "graphml":
        buf = io.BytesIO()
        nx.write_graphml(_graphml_safe(graph), buf)
        return buf.getvalue().decode("utf-8")
    if fmt == "dot":
        return to_dot(graph)
    if fmt == "mermaid":
        return to_mermaid(graph)
    raise ValueError(f"unknown graph format {fmt!r}")
