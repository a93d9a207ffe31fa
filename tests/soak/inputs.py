"""The soak's inputs: a workspace of spec YAML and the ``.nwb`` files commands run on.

* spec documents: copies of the installed core schema (its namespace file and
  ``nwb.file.yaml``/``nwb.base.yaml``) and of a published extension (``ndx-events``
  from ``tests/data/spec/published``);
* ``.nwb`` files: the checked-in ``realistic.nwb``; a large one written with pynwb
  (``series`` TimeSeries, cached between runs under ``cache``); that file cut in
  half (truncated); a text file named ``.nwb`` (not HDF5); a FIFO (opening it blocks
  until a writer appears, so the work on it hangs until the server's timeout).

The ``.nwb`` files sit outside the workspace folder: the server does not scan them,
only the commands reach them.
"""

from __future__ import annotations

import datetime
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from nwb_lsp.schema.installed import core_namespace_file

DATA = Path(__file__).parents[1] / "data"
EXTENSION = DATA / "spec" / "published" / "ndx-events"
CORE_FILES = ("nwb.file.yaml", "nwb.base.yaml")


@dataclass(frozen=True)
class SoakInputs:
    workspace: Path
    edited: tuple[Path, ...]  # spec documents the soak edits
    opened: tuple[Path, ...]  # namespace documents it only opens
    nwb: dict[str, Path]  # kind -> file: small, large, truncated, not_hdf5, fifo
    outputs: Path  # where nwb.truncate and nwb.exportModels write


def large_nwb(path: Path, series: int) -> Path:
    """An NWB file with ``series`` TimeSeries, written with pynwb (once)."""
    if path.exists():
        return path
    from pynwb import NWBHDF5IO, NWBFile, TimeSeries

    nwbfile = NWBFile(
        session_description="soak input",
        identifier=f"soak-{series}",
        session_start_time=datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc),
    )
    for i in range(series):
        nwbfile.add_acquisition(
            TimeSeries(name=f"ts{i:05d}", data=list(range(10)), unit="m", rate=1.0)
        )
    partial = path.with_name(f"{path.stem}.partial.nwb")  # pynwb wants .nwb
    with NWBHDF5IO(str(partial), "w") as io:
        io.write(nwbfile)
    partial.replace(path)
    return path


def make_inputs(root: Path, cache: Path, series: int) -> SoakInputs:
    core = core_namespace_file()
    assert core is not None, "pynwb's core namespace is not installed"
    workspace = root / "workspace"
    (workspace / "core").mkdir(parents=True)
    for name in (core.name, *CORE_FILES):
        shutil.copy(core.parent / name, workspace / "core" / name)
    shutil.copytree(EXTENSION, workspace / EXTENSION.name)
    files = root / "files"
    files.mkdir()
    cache.mkdir(parents=True, exist_ok=True)
    large = shutil.copy(large_nwb(cache / f"large_{series}.nwb", series), files)
    truncated = files / "truncated.nwb"
    truncated.write_bytes(Path(large).read_bytes()[: Path(large).stat().st_size // 2])
    not_hdf5 = files / "not_hdf5.nwb"
    not_hdf5.write_text("this is a text file, not HDF5\n")
    fifo = files / "fifo.nwb"
    os.mkfifo(fifo)
    return SoakInputs(
        workspace=workspace,
        edited=(
            workspace / "core" / "nwb.file.yaml",
            workspace / "core" / "nwb.base.yaml",
            workspace / EXTENSION.name / f"{EXTENSION.name}.extensions.yaml",
        ),
        opened=(workspace / EXTENSION.name / f"{EXTENSION.name}.namespace.yaml",),
        nwb={
            "small": Path(shutil.copy(DATA / "realistic.nwb", files)),
            "large": Path(large),
            "truncated": truncated,
            "not_hdf5": not_hdf5,
            "fifo": fifo,
        },
        outputs=root / "outputs",
    )
