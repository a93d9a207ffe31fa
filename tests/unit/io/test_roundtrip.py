"""read -> write on every test file pynwb can read: pynwb reads the copy, nwb-lsp
finds nothing new in it, and its dependency graph matches the source's."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path
from typing import Any

import pynwb
import pytest

from nwb_lsp.hdf5.graph import hdf_dependency_graph
from nwb_lsp.io import HDF5IO, NwbWriteError
from nwb_lsp.validate import validate_nwb_file

DATA = Path(__file__).parents[2] / "data"
FILES = sorted(p for p in DATA.rglob("*.nwb") if p.is_file())


def _pynwb_reads(path: Path) -> str | None:
    """Why pynwb cannot read ``path`` (``None`` when it can)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with pynwb.NWBHDF5IO(str(path), "r") as io:
                io.read()
        except Exception as exc:  # pynwb's failures come as many types
            return f"{type(exc).__name__}: {exc}"[:300]
    return None


def _shape(path: Path) -> tuple[dict[str, Any], set[Any]]:
    graph = hdf_dependency_graph(path)
    nodes = {
        node: (
            data.get("kind"),
            data.get("neurodata_type"),
            data.get("namespace"),
            str(data.get("shape")),
            data.get("dtype"),
        )
        for node, data in graph.nodes(data=True)
    }
    edges = {
        (u, v, d.get("label"), d.get("via"), d.get("name"))
        for u, v, d in graph.edges(data=True)
    }
    return nodes, edges


def _pynwb_errors(path: Path) -> set[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {str(e) for e in pynwb.validate(path=str(path))}


def _findings(path: Path) -> set[tuple[str, str | None, str]]:
    report = validate_nwb_file(path)
    return {(f.code, f.location.hdf5_path, f.message) for f in report.findings}


def _beside(source: Path, folder: Path) -> Path:
    """The source copied into ``folder`` with what it refers to by relative path
    (external files, a linked file), so both are judged from the same place."""
    for sibling in source.parent.iterdir():
        if sibling.is_file() and (sibling.suffix != ".nwb" or sibling == source):
            shutil.copy(sibling, folder / sibling.name)
    if (source.parent / "realistic.nwb").exists():
        shutil.copy(source.parent / "realistic.nwb", folder / "realistic.nwb")
    return folder / source.name


@pytest.mark.slow
@pytest.mark.parametrize("source", FILES, ids=lambda p: p.name)
def test_read_write_round_trip(source: Path, tmp_path: Path) -> None:
    problem = _pynwb_reads(source)
    if problem is not None:
        pytest.skip(f"pynwb cannot read it: {problem}")
    source = _beside(source, tmp_path)
    copy = tmp_path / f"copy_{source.name}"
    result = HDF5IO(source).read(strict=False)
    if any(f.code == "M040" for f in result.errors):  # the models reject part of
        # it: writing refuses, and writes nothing
        with pytest.raises(NwbWriteError) as caught:
            HDF5IO(copy, mode="w").write(result.value)
        assert {f.code for f in caught.value.findings} == {"M041"}
        assert not copy.exists()
        return
    HDF5IO(copy, mode="w").write(result.value)
    assert _pynwb_reads(copy) is None
    assert _findings(copy) - _findings(source) == set()
    assert _pynwb_errors(copy) - _pynwb_errors(source) == set()
    (nodes, edges), (copy_nodes, copy_edges) = _shape(source), _shape(copy)
    assert {n: v for n, v in copy_nodes.items() if nodes.get(n) != v} == {}
    assert set(nodes) == set(copy_nodes)
    assert edges == copy_edges
