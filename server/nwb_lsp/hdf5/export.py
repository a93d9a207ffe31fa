"""The dependency graph as text: node-link JSON, GraphML, Graphviz dot, Mermaid, HTML.

JSON and GraphML carry the graph as data (GraphML holds scalars only, so lists and
mappings become JSON text); dot and Mermaid are pictures (``graph_dot``,
``graph_mermaid``); HTML is the interactive viewer with the JSON inside
(``graph_html``).
"""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx

from nwb_lsp.hdf5.graph_dot import to_dot
from nwb_lsp.hdf5.graph_html import to_html
from nwb_lsp.hdf5.graph_mermaid import to_mermaid

FORMATS = ("json", "graphml", "dot", "mermaid", "html")


def _plain(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _plain_graph(graph: nx.DiGraph) -> nx.DiGraph:
    out = nx.DiGraph(**{k: _plain(v) for k, v in graph.graph.items()})
    for node, data in graph.nodes(data=True):
        out.add_node(node, **{k: _plain(v) for k, v in data.items()})
    for u, v, data in graph.edges(data=True):
        out.add_edge(u, v, **{k: _plain(x) for k, x in data.items()})
    return out


def _graphml_safe(graph: nx.DiGraph) -> nx.DiGraph:
    """GraphML holds scalars only: lists become JSON text, None is dropped."""
    out = nx.DiGraph(**_scalars(graph.graph))
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
        out[k] = json.dumps(v) if isinstance(v, list | dict) else v
    return out


def node_link(graph: nx.DiGraph) -> dict[str, Any]:
    """networkx node-link data of ``graph``, every value JSON-ready."""
    data: dict[str, Any] = nx.node_link_data(_plain_graph(graph), edges="links")
    return data


def render_graph(graph: nx.DiGraph, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(node_link(graph), indent=1) + "\n"
    if fmt == "html":
        return to_html(node_link(graph), str(graph.graph.get("path", "") or ""))
    if fmt == "graphml":
        buf = io.BytesIO()
        nx.write_graphml(_graphml_safe(graph), buf)
        return buf.getvalue().decode("utf-8")
    if fmt == "dot":
        return to_dot(graph)
    if fmt == "mermaid":
        return to_mermaid(graph)
    raise ValueError(f"unknown graph format {fmt!r}")
