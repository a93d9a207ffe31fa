"""Benchmark: objects with very many attributes (metadata only, no data read).

    python tests/bench/bench_attributes.py [--dense 100000] [--compact 20000]
                                           [--limit 600]

Two NWB files (100 TimeSeries, as ``make_files.py`` writes them) each get a group
with many small attributes: one keeps them in *dense* storage (the group made in
HDF5's latest format, the attributes indexed by name), the other in *compact*
storage (the default format: every attribute a message of the object header). For
each file it times the index pass in one process and a whole ``nwb-lsp check``
process, each in a subprocess stopped after ``--limit`` seconds. The attribute count
of a dense file is what the index pass must read in seconds; a compact file reads
the first ``attributes.MAX_COMPACT_ATTRIBUTES`` and reports the rest (``H006``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

import h5py
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from make_files import OUT, make

INDEX = "from nwb_lsp.hdf5.index import build_index; build_index({!r}, processes=1)"


def with_attributes(count: int, dense: bool) -> Path:
    path = OUT / f"attrs_{'dense' if dense else 'compact'}_{count}.nwb"
    if path.exists():
        return path
    tmp = path.with_suffix(".tmp")
    shutil.copy(make(100), tmp)
    with h5py.File(tmp, "a", libver="latest" if dense else None) as f:
        group = f.create_group("general/many_attributes")
        space = h5py.h5s.create(h5py.h5s.SCALAR)
        for i in range(count):
            attr = h5py.h5a.create(
                group.id, f"a{i}".encode(), h5py.h5t.STD_I64LE, space
            )
            attr.write(np.array(i, dtype="i8"))
    tmp.rename(path)
    return path


def timed(command: list[str], limit: float) -> str:
    start = time.perf_counter()
    try:
        subprocess.run(command, capture_output=True, timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        return f"> {limit:g}"
    return f"{time.perf_counter() - start:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dense", type=int, default=100_000)
    parser.add_argument("--compact", type=int, default=20_000)
    parser.add_argument("--limit", type=float, default=600.0)
    args = parser.parse_args()
    print(f"{'file':<34}{'index, 1 process (s)':>22}{'nwb-lsp check (s)':>20}")
    for count, dense in ((args.dense, True), (args.compact, False)):
        path = with_attributes(count, dense)
        index = timed([sys.executable, "-c", INDEX.format(str(path))], args.limit)
        check = [
            sys.executable,
            "-m",
            "nwb_lsp",
            "check",
            "-q",
            "--no-cache",
            str(path),
        ]
        whole = timed([*check, "--timeout", f"{args.limit:g}"], args.limit + 30)
        print(f"{path.name:<34}{index:>22}{whole:>20}")


if __name__ == "__main__":
    main()
