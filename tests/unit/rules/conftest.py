"""Corrupting copies of the clean realistic file with h5py, one rule at a time."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import h5py
import pytest

from nwb_lsp.findings import Finding
from nwb_lsp.validate import validate_nwb_file

Corrupt = Callable[[Callable[[h5py.File], None]], list[Finding]]


@pytest.fixture()
def corrupt(data_dir: Path, tmp_path: Path) -> Corrupt:
    """Copy realistic.nwb, apply ``edit`` to it with h5py, return its findings."""

    def run(edit: Callable[[h5py.File], None]) -> list[Finding]:
        for name in ("realistic.nwb", "realistic_movie.avi"):
            shutil.copy(data_dir / name, tmp_path / name)
        path = tmp_path / "realistic.nwb"
        with h5py.File(path, "a") as f:
            edit(f)
        return list(validate_nwb_file(path).findings)

    return run
