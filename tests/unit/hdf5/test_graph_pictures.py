"""Pictures of the dependency graph, drawn by the real tools: Graphviz renders the dot
source (its size must stay page-like), Mermaid's own parser reads the Mermaid text.

Graphviz comes from Debian's ``graphviz`` package; Mermaid's parser from
``npm ci --prefix tests/tools/mermaid``. The tests install neither.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import h5py
import networkx as nx
import pytest

from nwb_lsp.cli import main
from nwb_lsp.hdf5.graph import graph_from_index
from nwb_lsp.hdf5.graph_view import collapse_graph, select_graph
from nwb_lsp.hdf5.index import build_index

REAL = Path(__file__).parents[2] / "data" / "realistic.nwb"
MERMAID = Path(__file__).parents[2] / "tools" / "mermaid"
PAGE_PT = 2400  # 33 inches: a poster page, text still legible at 10 pt
ELECTRODES = "/general/extracellular_ephys/electrodes"


def _graph_text(path: Path, tmp_path: Path, fmt: str, *flags: str) -> str:
    out = tmp_path / f"graph.{fmt}"
    assert (
        main(["graph", str(path), "--format", fmt, "-o", str(out), "--force", *flags])
        == 0
    )
    return out.read_text()


def _svg(dot_source: str) -> str:
    dot = shutil.which("dot")
    if dot is None:
        pytest.fail("Graphviz's dot not found: apt-get install -y graphviz")
    proc = subprocess.run(
        [dot, "-Tsvg"], input=dot_source, capture_output=True, text=True, check=True
    )
    assert "Error" not in proc.stderr, proc.stderr
    return proc.stdout


def _size(svg: str) -> tuple[float, float]:
    found = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    assert found is not None
    return float(found.group(1)), float(found.group(2))


def _texts(svg: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def _assert_page_like(svg: str) -> None:
    width, height = _size(svg)
    assert max(width, height) <= PAGE_PT, (width, height)
    assert 1 / 2.5 <= width / height <= 2.5, (width, height)


def test_dot_labels_are_lines(tmp_path: Path) -> None:
    svg = _svg(_graph_text(REAL, tmp_path, "dot"))
    texts = _texts(svg)
    assert not [t for t in texts if "\\" in t]  # no literal \n in any label
    assert "<NWBFile>" in texts and "/" in texts  # the root: its name, its type
    assert "ephys" in texts and "<ElectricalSeries>" in texts
    assert "data [50, 4] int" in texts  # a folded dataset, one row of its group
    assert svg.count('class="cluster"') >= 10  # groups drawn as nested boxes


def test_a_dandi_like_session_renders_on_one_page(
    dandi_like: Path, tmp_path: Path
) -> None:
    index = build_index(dandi_like)
    assert len(index.objects) >= 290
    svg = _svg(_graph_text(dandi_like, tmp_path, "dot"))
    _assert_page_like(svg)
    texts = set(_texts(svg))
    for rec in index.objects.values():  # every typed object has its own node
        if rec.neurodata_type and rec.kind.value == "group":
            assert rec.name in texts or rec.path in texts, rec.path
    assert "electrodes.table" in texts  # a region's reference, from its series
    assert any(t.startswith("session.nwb: every object shown") for t in texts)


def test_a_thousand_series_fit_with_max_nodes(
    many_series: Path, tmp_path: Path
) -> None:
    source = _graph_text(many_series, tmp_path, "dot", "--max-nodes", "60")
    nodes = set(re.findall(r'^\s*("[^"]*") \[label=', source, re.MULTILINE))
    assert len(nodes) <= 60
    svg = _svg(source)
    _assert_page_like(svg)
    texts = _texts(svg)
    assert "… 943 more" in texts and "TimeSeries \u00d7943" in texts
    assert "many.nwb: 60 of 3002 nodes shown (--max-nodes 60), the rest collapsed" in (
        texts
    )
    width, height = _size(_svg(_graph_text(many_series, tmp_path, "dot")))
    assert 1 / 2.5 <= width / height <= 2.5  # all 3,002: too many for a page, but
    assert max(width, height) < 4000  # packed, not one row 32,767 points wide


def test_names_that_look_like_markup(tmp_path: Path) -> None:
    path = tmp_path / "odd.h5"
    odd = 'a "quoted" <b>#1<b> | [x] {y} \\n &amp;'  # no "/": HDF5 would nest
    with h5py.File(path, "w") as f:
        group = f.create_group(odd)
        group.attrs["neurodata_type"] = "Odd"
        group.create_dataset("values", data=[1, 2])
        f.create_group("holder").attrs["ref"] = group.ref
    svg = _svg(_graph_text(path, tmp_path, "dot"))
    assert odd in _texts(svg)
    parsed = _mermaid(_graph_text(path, tmp_path, "mermaid"))
    texts = [v["text"] for v in parsed["vertices"]]
    assert any(t.startswith("a ") and "quoted" in t for t in texts)
    assert [e["text"] for e in parsed["edges"] if e["stroke"] != "invisible"] == [
        "holder.ref"
    ]


def test_a_dangling_link_shows_what_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "dangling.h5"
    with h5py.File(path, "w") as f:
        f.create_group("series").attrs["neurodata_type"] = "TimeSeries"
        f["series/timestamps"] = h5py.SoftLink("/gone/timestamps")
    texts = _texts(_svg(_graph_text(path, tmp_path, "dot")))
    assert "timestamps → timestamps" in texts  # the link, a row of its series
    assert "gone/timestamps" in texts and "(missing)" in texts  # its own node


def _mermaid(text: str) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None or not (MERMAID / "node_modules" / "mermaid").is_dir():
        pytest.fail(f"Mermaid's parser not installed: npm ci --prefix {MERMAID}")
    proc = subprocess.run(
        [node, str(MERMAID / "parse.mjs"), "/dev/stdin"],
        input=text,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def test_mermaid_parses_with_mermaid_and_nests_groups(
    dandi_like: Path, tmp_path: Path
) -> None:
    for flags in ((), ("--max-nodes", "100")):
        parsed = _mermaid(_graph_text(dandi_like, tmp_path, "mermaid", *flags))
        assert parsed["type"] == "flowchart-v2"
        first_line = {v["id"]: v["text"].split("<br>")[0] for v in parsed["vertices"]}
        by_name = {name: vid for vid, name in first_line.items()}
        boxes = {s["id"]: s["nodes"] for s in parsed["subgraphs"]}
        acquisition = boxes[f"{by_name['acquisition']}_box"]
        assert {first_line[n] for n in acquisition if n in first_line} >= {
            "acquisition",
            "raw",
            "movie",
        }
        drawn = {
            (first_line[e["start"]], first_line[e["end"]], e["text"])
            for e in parsed["edges"]
            if e["stroke"] != "invisible"
        }
        assert ("raw", "electrodes", "electrodes.table") in drawn
        assert any(t.startswith("session.nwb: ") for t in first_line.values())


def test_filter_by_path_prefix_and_by_type(
    dandi_like: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _graph_text(dandi_like, tmp_path, "json", "--filter", "/processing/*/LFP")
    nodes = {n["id"] for n in json.loads(text)["nodes"]}
    assert "/processing/ecephys/LFP/lfp/data" in nodes  # under the match
    assert {"/", "/processing", "/processing/ecephys"} <= nodes  # what holds it
    assert ELECTRODES in nodes  # what it references
    assert f"{ELECTRODES}/x" not in nodes  # ... without what is under that
    assert "/processing/behavior" not in nodes
    text = _graph_text(dandi_like, tmp_path, "json", "--filter", "TimeSeries")
    nodes = {n["id"] for n in json.loads(text)["nodes"]}
    assert "/acquisition/raw" in nodes  # an ElectricalSeries is a TimeSeries
    assert "/processing/behavior/Position/head" in nodes
    assert "/general/subject" not in nodes
    assert main(["graph", str(dandi_like), "--filter", "NoSuchType"]) == 2
    assert "--filter: no object matches NoSuchType" in capsys.readouterr().err
    assert main(["graph", str(dandi_like), "--max-nodes", "0"]) == 2
    assert "--max-nodes must be at least 1" in capsys.readouterr().err


def test_filter_alone_still_drops_bookkeeping(tmp_path: Path) -> None:
    nodes = {
        n["id"]
        for n in json.loads(_graph_text(REAL, tmp_path, "json", "--filter"))["nodes"]
    }
    assert "/units/spike_times_index" not in nodes
    assert "/acquisition/ephys/data" not in nodes
    assert "/acquisition/ephys" in nodes


def test_collapse_keeps_references_to_what_it_hides() -> None:
    graph = graph_from_index(build_index(REAL))
    small = collapse_graph(graph, 12)
    assert small.number_of_nodes() <= 12
    assert nx.is_directed_acyclic_graph(
        small.edge_subgraph(
            [(u, v) for u, v, d in small.edges(data=True) if d["label"] == "child"]
        )
    )
    hidden = [n for n, d in small.nodes(data=True) if d.get("hidden")]
    assert hidden  # closed groups say how much they hold
    assert collapse_graph(graph, 10_000) is graph
    general = select_graph(graph, ["/general"])
    assert all(str(n).startswith("/general") or n == "/" for n in general), sorted(
        general
    )
