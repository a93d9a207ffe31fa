"""Benchmark: the index pass against a bare h5py walk (the floor).

    python tests/bench/bench_index.py [--sizes 1000 10000] [--repeat 5]

The floor visits every object and reads every attribute with h5py, nothing else.
The index pass also records shapes, dtypes, chunking, links and references; it is
timed in one process and with a large group shared among the CPUs available. A row
with a 1 GB dataset shows that the time does not depend on dataset bytes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import h5py

sys.path.insert(0, str(Path(__file__).parent))
from make_files import make

from nwb_lsp.hdf5.index import build_index
from nwb_lsp.hdf5.parallel import available_processes


def floor_walk(path: Path) -> int:
    count = 0
    with h5py.File(path, "r") as f:

        def visit(name: str, obj: h5py.HLObject) -> None:
            nonlocal count
            count += 1
            for key in obj.attrs:
                obj.attrs[key]

        f.visititems(visit)
    return count


def best(fn, path: Path, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows = [(n, 0.0) for n in args.sizes] + [(args.sizes[0], 1.0)]
    print(
        f"{'file':<22}{'h5py walk (s)':>15}{'index, 1 process':>18}{'ratio':>8}"
        f"{f'index, {available_processes()} processes':>22}{'ratio':>8}"
    )
    for n, gb in rows:
        path = make(n, gb)
        walk = best(floor_walk, path, args.repeat)
        one = best(lambda p: build_index(p, processes=1), path, args.repeat)
        shared = best(build_index, path, args.repeat)
        print(
            f"{path.name:<22}{walk:>15.3f}{one:>18.3f}{one / walk:>8.2f}"
            f"{shared:>22.3f}{shared / walk:>8.2f}"
        )


if __name__ == "__main__":
    main()
