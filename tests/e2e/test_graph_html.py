"""``nwb-lsp graph --format html`` in a real browser: headless Chromium loads the page
from ``file://`` and the viewer's ``window.nwbGraphViewer`` says what it drew.

Chromium is Debian's ``chromium`` package, driven by playwright-core from
``npm ci --prefix tests/tools/browser`` (``.ci/run`` installs both). Without them
the tests fail, saying what to install; ``NWB_LSP_SKIP_BROWSER=1`` skips them on a
machine that cannot have a browser.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from tests.unit.hdf5.conftest import DANDI_EXTRA_SERIES, write_dandi_like

from nwb_lsp.cli import main

TOOL = Path(__file__).parents[1] / "tools" / "browser"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
RAW = "/acquisition/raw"  # an ElectricalSeries, closed when the page opens
ELECTRODES = "/general/extracellular_ephys/electrodes"
MISC = "/processing/misc"  # a processing module of 45 series: 40 and "+5 more"
MOVIE = "/acquisition/movie"  # a TwoPhotonSeries


def _browser_check(page: Path, spec: dict[str, Any]) -> dict[str, Any]:
    if os.environ.get("NWB_LSP_SKIP_BROWSER") == "1":
        pytest.skip("NWB_LSP_SKIP_BROWSER=1: the headless-browser checks are off")
    node = shutil.which("node")
    if node is None or not (TOOL / "node_modules" / "playwright-core").is_dir():
        pytest.fail(f"playwright-core not installed: npm ci --prefix {TOOL}")
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
    proc = subprocess.run(
        [node, str(TOOL / "check-graph.mjs"), str(page), json.dumps(spec)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    report: dict[str, Any] = json.loads(proc.stdout)
    return report


@pytest.fixture(scope="module")
def session_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "session.nwb"
    return write_dandi_like(path, extra_series=DANDI_EXTRA_SERIES)


def _page(source: Path, out: Path, *flags: str) -> tuple[Path, dict[str, Any]]:
    args = ["graph", str(source), "--format", "html", "-o", str(out), "--force"]
    assert main([*args, *flags]) == 0
    json_out = out.with_suffix(".json")
    assert main(["graph", str(source), "-o", str(json_out), "--force", *flags]) == 0
    return out, json.loads(json_out.read_text())


def _parents(graph: dict[str, Any]) -> dict[str, str]:
    return {
        link["target"]: link["source"]
        for link in graph["links"]
        if link["label"] == "child"
    }


def _expected_focus(graph: dict[str, Any], focus: str) -> set[str]:
    """The focused object and the nearest typed holders of the other ends of the
    references and links that touch it or what it holds."""
    typed = {n["id"] for n in graph["nodes"] if n.get("neurodata_type")}
    parents = _parents(graph)

    def holder(node: str) -> str:
        at: str | None = node
        while at is not None and at not in typed:
            at = parents.get(at)
        return at or node

    def inside(node: str) -> bool:
        return node == focus or node.startswith(focus + "/")

    out = {focus}
    for link in graph["links"]:
        ends = (link["source"], link["target"])
        if link["label"] == "child" or inside(ends[0]) == inside(ends[1]):
            continue
        out.add(holder(ends[1] if inside(ends[0]) else ends[0]))
    return out


def _referrers(graph: dict[str, Any], target: str) -> list[str]:
    """Sources of the references and links into ``target`` or what it holds."""

    def inside(node: str) -> bool:
        return node == target or node.startswith(target + "/")

    return [
        link["source"]
        for link in graph["links"]
        if link["label"] != "child"
        and inside(link["target"])
        and not inside(link["source"])
    ]


def _assert_clean(load: dict[str, Any]) -> None:
    assert load["error"] is None
    assert load["visible"], "the page drew nothing"
    assert load["overlaps"] == [], "label boxes overlap at the opening zoom"
    assert load["minFont"] >= 10 - 1e-9, f"fonts render at {load['minFont']} px"
    assert load["requests"] == [], "the page asked for more than itself"
    assert load["consoleErrors"] == []


def test_the_page_is_legible_stable_and_offline(
    session_file: Path, tmp_path: Path
) -> None:
    page, graph = _page(session_file, tmp_path / "session.html")
    assert len(graph["nodes"]) > 250  # a real-sized session
    spec = {
        "expand": RAW,
        "focus": ELECTRODES,
        "hops": 1,
        "references": ELECTRODES,
        "more": MISC,
        "doubleClick": MOVIE,
    }
    report = _browser_check(page, spec)
    first, second = report["loads"]
    for load in (first, second):
        _assert_clean(load)
    assert first["signature"] == second["signature"], "the layout moved between loads"
    assert first["visible"] == second["visible"]
    # It opens at the typed objects: the ElectricalSeries closed, its table too.
    assert RAW in first["visible"] and f"{RAW}/data" not in first["visible"]
    assert 1.1 <= first["wheelZoom"] <= 1.2, "one wheel notch zooms 10-20 %"

    expanded = first["expanded"]
    children = {t for t, s in _parents(graph).items() if s == RAW}
    assert set(expanded["visible"]) == set(first["visible"]) | children
    assert expanded["overlaps"] == [] and expanded["minFont"] >= 10 - 1e-9

    focused = first["focused"]
    assert set(focused["visible"]) == _expected_focus(graph, ELECTRODES)
    assert len(focused["visible"]) > 3 and focused["overlaps"] == []
    assert first["back"]["visible"] == expanded["visible"], "Show all: the view before"

    # Without VS Code the page answers "Find references" and "Show in file tree".
    ui = first["ui"]
    assert len(ui["references"]) >= 3  # the series' and the units' electrodes
    assert sorted(ui["references"]) == sorted(_referrers(graph, ELECTRODES))
    assert ui["treeRow"] == ELECTRODES
    assert ui["picked"].startswith("/general/extracellular_ephys/")
    assert ui["pickedDrawn"], "a tree row's object is drawn when picked"

    # The mouse: "+5 more" shows the last 5 series, a double-click opens a series.
    clicks = first["clicks"]
    assert clicks["afterMore"] == clicks["before"] + 5 - 1  # the "+5 more" goes
    movie = {t for t, s in _parents(graph).items() if s == MOVIE}
    assert movie and movie <= set(clicks["opened"])
    assert clicks["afterDoubleClick"] == clicks["afterMore"] + len(movie)


def test_a_bounded_page_draws_what_max_nodes_left(
    session_file: Path, tmp_path: Path
) -> None:
    page, graph = _page(session_file, tmp_path / "small.html", "--max-nodes", "80")
    assert any(n.get("kind") == "collapsed" for n in graph["nodes"])
    first, second = _browser_check(page, {})["loads"]
    for load in (first, second):
        _assert_clean(load)
    assert first["signature"] == second["signature"]
