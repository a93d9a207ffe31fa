"""The file outline behind ``nwb.showTree`` and the VS Code custom editor."""

from __future__ import annotations

from pathlib import Path

import h5py

from nwb_lsp.hdf5.index import build_index
from nwb_lsp.hdf5.outline import file_outline

REAL = str(Path(__file__).parents[2] / "data" / "realistic.nwb")


def test_every_object_has_its_line_and_specifications_come_last() -> None:
    outline = file_outline(build_index(REAL))
    text, lines = outline["text"].splitlines(), outline["lines"]
    assert len(text) == len(lines) == len(outline["objects"])
    assert text[lines["/acquisition/ephys/data"]] == "      data  [50, 4] int"
    assert text[lines["/specifications"]] == "  specifications"
    spec_lines = [
        at for path, at in lines.items() if path.startswith("/specifications")
    ]
    assert min(spec_lines) == lines["/specifications"]
    assert max(lines.values()) == max(spec_lines)  # nothing after the specs
    source = text[lines["/specifications/core/2.11.0/nwb.base"]]
    assert source == "        nwb.base  scalar text"


def test_details_give_shape_dtype_links_and_references() -> None:
    objects = file_outline(build_index(REAL))["objects"]
    data = objects["/acquisition/ephys/data"]
    assert (data["kind"], data["shape"], data["dtype"]) == ("dataset", [50, 4], "int")
    device = objects["/general/extracellular_ephys/shank0/device"]
    assert (device["kind"], device["target"]) == ("soft_link", "/general/devices/probe")
    assert objects["/acquisition/ephys/electrodes"]["refs"] == [
        {
            "target": "/general/extracellular_ephys/electrodes",
            "via": "attribute",
            "name": "table",
            "count": 1,
        }
    ]
    assert objects["/acquisition/ephys"]["type"] == "ElectricalSeries"
    assert objects["/acquisition/ephys"]["attrs"]["description"] == "no description"


def test_a_file_without_specs_has_no_specifications_line(tmp_path: Path) -> None:
    path = tmp_path / "plain.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset("values", shape=(3, 2), dtype="f4")
        f.attrs["long"] = "x" * 500
    outline = file_outline(build_index(str(path)))
    assert outline["text"] == "/\n  values  [3, 2] float\n"
    assert outline["lines"] == {"/": 0, "/values": 1}
    assert len(outline["objects"]["/"]["attrs"]["long"]) == 200
