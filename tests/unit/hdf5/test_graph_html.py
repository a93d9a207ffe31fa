"""``nwb-lsp graph --format html``: one page holding the viewer and the graph.

What the page draws is checked in a browser (``tests/e2e/test_graph_html.py``);
these check the page as text: self-contained, the graph embedded intact whatever
its strings hold, the CLI's filters applied, and the committed viewer in it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from nwb_lsp.cli import main
from nwb_lsp.cli.graph_cmd import FORMATS as CLI_FORMATS
from nwb_lsp.hdf5.export import FORMATS, node_link, render_graph
from nwb_lsp.hdf5.graph_html import to_html

REAL = Path(__file__).parents[2] / "data" / "realistic.nwb"
ASSETS = Path(__file__).parents[3] / "server" / "nwb_lsp" / "hdf5" / "assets"
NASTY = "</script><script>window.pwned = 1</script><!-- & </style>"


def _embedded(page: str) -> dict[str, Any]:
    found = re.search(
        r'<script type="application/json" id="nwb-graph-data">(.*?)</script>',
        page,
        re.S,
    )
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def _nasty_graph() -> nx.DiGraph:
    graph = nx.DiGraph(path="/data/x&<y>.nwb")
    graph.add_node("/", kind="group", neurodata_type="NWBFile", description=NASTY)
    graph.add_node("/x", kind="dataset", comment=NASTY)
    graph.add_edge("/", "/x", label="child")
    return graph


def test_strings_cannot_end_the_script_that_holds_them() -> None:
    graph = _nasty_graph()
    page = render_graph(graph, "html")
    # Two scripts open (the data, the viewer), and each closes once.
    assert page.count("<script") == 2
    assert page.count("</script>") == 2
    assert "<!--" not in page.split("<body>", 1)[1]
    embedded = _embedded(page)
    assert embedded["graph"] == node_link(graph)
    assert embedded["file"] == "/data/x&<y>.nwb"
    assert "<title>x&amp;&lt;y&gt;.nwb: NWB dependency graph</title>" in page


def test_the_page_needs_nothing_from_outside() -> None:
    page = to_html(node_link(_nasty_graph()), "f.nwb")
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", page)
    assert "default-src 'none'" in page  # and the browser is told so
    bundle = (ASSETS / "graph-viewer.js").read_text(encoding="utf-8")
    assert "nwbGraphViewer" in bundle and len(bundle) > 100_000
    assert (ASSETS / "graph-viewer.css").read_text(encoding="utf-8") in page


def test_the_cli_writes_html_with_its_filters(tmp_path: Path) -> None:
    assert CLI_FORMATS == FORMATS
    out = tmp_path / "g.html"
    assert main(["graph", str(REAL), "--format", "html", "-o", str(out)]) == 0
    full = _embedded(out.read_text(encoding="utf-8"))
    assert full["file"] == str(REAL)
    assert len(full["graph"]["nodes"]) == 86
    assert main(["graph", str(REAL), "--format", "html", "-o", str(out)]) == 2
    flags = ["--filter", "/acquisition", "--max-nodes", "8", "--force"]
    assert main(["graph", str(REAL), "--format", "html", "-o", str(out), *flags]) == 0
    small = _embedded(out.read_text(encoding="utf-8"))["graph"]
    assert len(small["nodes"]) <= 8
    notes = small["graph"]["notes"]
    assert any("--max-nodes 8" in note for note in notes)
    assert any(note.startswith("filter /acquisition") for note in notes)


def test_help_names_the_html_format(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["graph", "--help"])
    assert "html: one self-contained page" in capsys.readouterr().out
