"""The dependency graph of an NWB file (networkx), built from the file index.

Nodes are HDF5 paths; node attributes are the object's HDF5 attributes plus ``kind``
(and ``shape``/``dtype`` for datasets). Edges carry ``label``:

* ``child`` — a group contains the object (hard links only);
* ``reference`` — an object or region reference, with ``via`` (attribute, dataset,
  compound), ``name`` (attribute or compound field), ``count`` and ``region``;
* ``link`` — a soft or external link (``via`` = soft_link/external_link); an
  external target is a node named ``<file>:<path>`` with ``kind="external"``.

``/specifications`` and the ``.specloc`` attribute are never part of the graph.
"""

from __future__ import annotations

import os
from typing import Any

import h5py
import networkx as nx

from nwb_lsp.hdf5.index import build_index
from nwb_lsp.hdf5.records import ArraySummary, FileIndex, ObjectKind, Via


def hdf_dependency_graph(
    source: str | os.PathLike[str] | h5py.File | h5py.Group,
) -> nx.DiGraph:
    """The dependency graph of a file path, an open file, or a group's subtree."""
    if isinstance(source, h5py.Group):
        index = build_index(source.file.filename)
        graph = graph_from_index(index)
        if source.name != "/":
            prefix = source.name.rstrip("/")
            keep = [n for n in graph if n == prefix or str(n).startswith(prefix + "/")]
            graph = graph.subgraph(keep).copy()
        return graph
    return graph_from_index(build_index(source))


def _node_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if isinstance(value, ArraySummary):
            out[key] = (
                f"<array shape={list(value.shape)} dtype={value.dtype.kind.value}>"
            )
        else:
            out[key] = value
    return out


def graph_from_index(index: FileIndex) -> nx.DiGraph:
    graph = nx.DiGraph(path=index.path)
    for path, rec in index.objects.items():
        data = _node_attrs(rec.attrs)
        data["kind"] = rec.kind.value
        if rec.kind is ObjectKind.DATASET:
            data["shape"] = list(rec.shape) if rec.shape is not None else None
            data["dtype"] = rec.dtype.kind.value if rec.dtype else None
        graph.add_node(path, **data)
    for path, rec in index.objects.items():
        parent = rec.parent
        if parent is not None and parent in graph:
            graph.add_edge(parent, path, label="child")
    for ref in index.references:
        _add_reference(graph, index, ref)
    return graph


def _add_reference(graph: nx.DiGraph, index: FileIndex, ref: Any) -> None:
    if ref.via in (Via.SOFT_LINK, Via.EXTERNAL_LINK):
        link = index.objects[ref.source].link
        assert link is not None
        if ref.via is Via.EXTERNAL_LINK:
            target = f"{link.target_file}:{link.target_path}"
            graph.add_node(target, kind="external", exists=link.target_exists)
        else:
            target = link.target_path
            if target not in graph:
                graph.add_node(target, kind="missing")
        graph.add_edge(
            ref.source,
            target,
            label="link",
            via=ref.via.value,
            exists=link.target_exists,
        )
        return
    target = ref.target if ref.target is not None else "<missing>"
    if target not in graph:
        graph.add_node(target, kind="missing")
    graph.add_edge(
        ref.source,
        target,
        label="reference",
        via=ref.via.value,
        name=ref.name,
        count=ref.count,
        region=ref.region,
    )


def filter_dependency_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """Drop untyped leaves and the VectorIndex nodes owned by DynamicTable columns.

    A leaf is a node with no outgoing edges. Typed objects (with ``neurodata_type``)
    stay; so do nodes that something references or links to. A ``VectorIndex`` whose
    parent is a ``DynamicTable``-like group is bookkeeping of a ragged column and is
    removed with its edges.
    """
    out = graph.copy()
    for node, data in graph.nodes(data=True):
        if data.get("neurodata_type") == "VectorIndex":
            out.remove_node(node)
            continue
        typed = data.get("neurodata_type") is not None
        incoming_refs = any(
            d.get("label") != "child" for _, _, d in graph.in_edges(node, data=True)
        )
        if not typed and graph.out_degree(node) == 0 and not incoming_refs:
            out.remove_node(node)
    return out
