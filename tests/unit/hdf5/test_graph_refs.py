"""Dependency graph, reverse references and the graph/refs commands on real files."""

from __future__ import annotations

import json
from pathlib import Path

import h5py
import networkx as nx
import pytest

from nwb_lsp.cli import main
from nwb_lsp.hdf5.graph import filter_dependency_graph, hdf_dependency_graph
from nwb_lsp.hdf5.references import find_references, reference_edges

ELECTRODES = "/general/extracellular_ephys/electrodes"
HEAD = "/processing/behavior/Position/head"
REAL = str(Path(__file__).parents[2] / "data" / "realistic.nwb")


def test_graph_has_child_reference_and_link_edges() -> None:
    g = hdf_dependency_graph(REAL)
    assert g.edges["/acquisition", "/acquisition/ephys"]["label"] == "child"
    ref = g.edges["/acquisition/ephys/electrodes", ELECTRODES]
    assert (ref["label"], ref["via"], ref["name"]) == (
        "reference",
        "attribute",
        "table",
    )
    link = g.edges[
        "/processing/behavior/Position/body/timestamps",
        "/processing/behavior/Position/head/timestamps",
    ]
    assert (link["label"], link["via"]) == ("link", "soft_link")
    assert g.nodes["/acquisition/ephys"]["neurodata_type"] == "ElectricalSeries"
    assert not any(str(n).startswith("/specifications") for n in g)


def test_graph_of_a_group_is_its_subtree() -> None:
    with h5py.File(REAL, "r") as f:
        g = hdf_dependency_graph(f["units"])
    assert all(
        str(n).startswith("/units") for n in g if g.nodes[n].get("kind") != "missing"
    )


def test_filter_removes_vector_index_and_untyped_leaves() -> None:
    g = filter_dependency_graph(hdf_dependency_graph(REAL))
    assert "/units/spike_times_index" not in g
    assert "/units/spike_times" in g  # typed VectorData stays
    assert "/acquisition/ephys/data" not in g  # untyped leaf
    assert "/acquisition/ephys" in g


def test_find_references_counts_every_place(tmp_path: Path) -> None:
    path = tmp_path / "many.h5"
    with h5py.File(path, "w") as f:
        ts = f.create_group("ts")
        for i in range(8):  # 8 objects referencing ts 80 times in all
            f.create_dataset(f"holder{i}", data=[ts.ref] * 10, dtype=h5py.ref_dtype)
    assert find_references(path, "/ts") == [f"/holder{i}" for i in range(8)]
    assert sum(e.count for e in reference_edges(path, "ts")) == 80


def test_find_references_in_compound_fields() -> None:
    refs = find_references(REAL, HEAD)
    assert refs == ["/intervals/trials/timeseries"]


def test_refs_command_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["refs", REAL, ELECTRODES, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    row = {"path": "/units/electrodes", "via": "attribute", "name": "table", "count": 1}
    assert row in rows
    assert {
        "path": "/acquisition/ephys/electrodes",
        "via": "attribute",
        "name": "table",
        "count": 1,
    } in rows


def test_refs_command_errors(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["refs", REAL, "/nope"]) == 2
    assert "no object at /nope" in capsys.readouterr().err
    bad = tmp_path / "bad.nwb"
    bad.write_text("x")
    assert main(["refs", str(bad), "/"]) == 2
    assert "not an HDF5 file" in capsys.readouterr().err
    assert main(["refs", str(tmp_path / "missing.nwb"), "/"]) == 2


@pytest.mark.parametrize("fmt", ["json", "graphml", "dot", "mermaid"])
def test_graph_command_formats(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"g.{fmt}"
    assert main(["graph", REAL, "--format", fmt, "-o", str(out)]) == 0
    text = out.read_text()
    if fmt == "json":
        g = nx.node_link_graph(json.loads(text), edges="links")
        assert g.has_edge("/units/electrodes", ELECTRODES)
    elif fmt == "graphml":
        assert nx.read_graphml(out).has_edge("/units/electrodes", ELECTRODES)
    else:
        assert "ElectricalSeries" in text
    # never overwrite without --force
    assert main(["graph", REAL, "-o", str(out)]) == 2
    assert main(["graph", REAL, "-o", str(out), "--force"]) == 0
