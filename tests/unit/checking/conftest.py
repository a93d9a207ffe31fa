"""Files for the batch and cache tests: clean, broken, one that hangs libhdf5 and one
that crashes it (through a filter plugin that segfaults while decoding)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import h5py
import pytest

DATA = Path(__file__).resolve().parents[2] / "data"
PLUGIN_SOURCE = DATA / "crash_filter" / "crash_filter.c"
CRASH_FILTER_ID = 32767
TIMESTAMPS = "processing/behavior/Position/head/timestamps"


@pytest.fixture(scope="session")
def crash_plugin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for ``HDF5_PLUGIN_PATH`` holding the crashing filter, built with the
    system's C compiler."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler to build the crashing HDF5 filter plugin")
    folder = tmp_path_factory.mktemp("hdf5-plugins")
    subprocess.run(
        [
            compiler,
            "-shared",
            "-fPIC",
            "-o",
            str(folder / "libcrash_filter.so"),
            str(PLUGIN_SOURCE),
        ],
        check=True,
        timeout=120,
    )
    return folder


def write_crashing(path: Path, plugin: Path) -> Path:
    """A copy of realistic.nwb whose head-position timestamps use the crashing
    filter: written in a child process, which loads the plugin (libhdf5 reads
    ``HDF5_PLUGIN_PATH`` once per process)."""
    shutil.copy(DATA / "realistic.nwb", path)
    script = (
        "import sys, h5py\n"
        "with h5py.File(sys.argv[1], 'a') as f:\n"
        f"    d = f['{TIMESTAMPS}']; values = d[()]; attrs = dict(d.attrs)\n"
        f"    del f['{TIMESTAMPS}']\n"
        f"    n = f.create_dataset('{TIMESTAMPS}', data=values, chunks=(10,),"
        f" compression={CRASH_FILTER_ID})\n"
        "    n.attrs.update(attrs)\n"
    )
    env = {**os.environ, "HDF5_PLUGIN_PATH": str(plugin)}
    subprocess.run(
        [sys.executable, "-c", script, str(path)], check=True, env=env, timeout=120
    )
    return path


def write_hanging(path: Path) -> Path:
    """A file libhdf5 never finishes reading: a string attribute whose global heap
    holds an object of index 0 and size 0 (libhdf5's heap decoder then spins)."""
    with h5py.File(path, "w") as f:
        f.attrs["note"] = "hello"
    data = bytearray(path.read_bytes())
    heap = data.find(b"GCOL")
    data[heap + 16 : heap + 48] = bytes(32)
    path.write_bytes(bytes(data))
    return path


@pytest.fixture
def hanging(tmp_path: Path) -> Path:
    return write_hanging(tmp_path / "hang.nwb")


@pytest.fixture
def batch_folder(tmp_path: Path, crash_plugin: Path) -> Path:
    """clean.nwb, broken.nwb (not HDF5), crash.nwb and hang.nwb in one folder."""
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(DATA / "realistic.nwb", folder / "clean.nwb")
    shutil.copy(DATA / "realistic_movie.avi", folder)  # its external file
    (folder / "broken.nwb").write_bytes(b"this is not an HDF5 file\n")
    write_crashing(folder / "crash.nwb", crash_plugin)
    write_hanging(folder / "hang.nwb")
    return folder
