"""Benchmark: many files on local workers, on a Dask LocalCluster, from the cache.

    python tests/bench/bench_batch.py [--small 500] [--large 20] [--repeat 1]

Whole ``nwb-lsp check`` processes, as a user runs them, on a folder of ``--small``
small NWB files (10 TimeSeries each) and ``--large`` large ones (200 TimeSeries and
a 1 GB dataset each, allocated but never written), copies of generated files
(``make_files.py``) under ``tests/bench/data/batch/``. Runs, in one go:

* ``local -j2``: the local worker pool, the reference;
* ``dask local:1`` and ``dask local:2``: a LocalCluster of 1 and 2 single-threaded
  workers (scaling 1 -> 2);
* ``cold cache`` (a first run that stores every report) and ``warm cache`` (the same
  files again, unchanged: every report from the cache).

An untimed pass over the folder comes first, so that the order of the runs does not
decide which find the files in the operating system's page cache. Each is also
run on one small file, to separate the fixed cost (interpreter,
imports, starting workers or a cluster) from the per-file cost: the Dask overhead
per file is ``((dask(N) - dask(1)) - (local(N) - local(1))) / (N - 1)``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from make_files import OUT, make

FOLDER = OUT / "batch"


def build(small: int, large: int) -> tuple[Path, Path]:
    """The batch folder (small and large files) and a folder with one small file."""
    want = {f"small{i:04d}.nwb" for i in range(small)}
    want |= {f"large{i:02d}.nwb" for i in range(large)}
    have = {p.name for p in FOLDER.glob("*.nwb")} if FOLDER.exists() else set()
    if have != want:
        shutil.rmtree(FOLDER, ignore_errors=True)
        FOLDER.mkdir(parents=True)
        small_source, large_source = make(10), make(200, 1.0)
        for name in sorted(want):
            source = small_source if name.startswith("small") else large_source
            subprocess.run(["cp", "--sparse=always", source, FOLDER / name], check=True)
    one = OUT / "batch-one"
    one.mkdir(exist_ok=True)
    shutil.copy(make(10), one / "small.nwb")
    return FOLDER, one


def run(folder: Path, *options: str) -> float:
    """Wall seconds of one ``nwb-lsp check`` process."""
    cmd = [sys.executable, "-m", "nwb_lsp", "check", "-q", *options, str(folder)]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.strip()}")
    return seconds


def best(repeat: int, folder: Path, *options: str) -> float:
    return min(run(folder, *options) for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--large", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    folder, one = build(args.small, args.large)
    count = args.small + args.large
    # one untimed pass first: every timed run then finds the files (and the models
    # of their specs) in the operating system's caches alike, whatever its order
    run(folder, "--no-cache", "--jobs", "2")
    modes = {
        "local -j2": ("--no-cache", "--jobs", "2"),
        "dask local:1": ("--no-cache", "--scheduler", "local:1"),
        "dask local:2": ("--no-cache", "--scheduler", "local:2"),
    }
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{args.small} small + {args.large} large files; load average {load}\n")
    print("| run | 1 file s | all files s | per file ms | vs local -j2 |")
    print("|---|---|---|---|---|")
    times: dict[str, tuple[float, float]] = {}
    for name, options in modes.items():
        times[name] = (best(args.repeat, one, *options), best(1, folder, *options))
        _row(name, times[name], count, times.get("local -j2"))
    with tempfile.TemporaryDirectory(prefix="nwb-lsp-bench-cache-") as cache:
        cached = ("--cache-dir", cache, "--jobs", "2")
        cold = (run(one, *cached), run(folder, *cached))
        _row("cold cache -j2", cold, count, times["local -j2"])
        warm = (best(args.repeat, one, *cached), best(args.repeat, folder, *cached))
        _row("warm cache", warm, count, times["local -j2"])
    _summary(times, count, warm)
    _dispatch(args.small)


def _dispatch(count: int) -> None:
    """The cost of sending a file to a worker and its report back, nearly alone:
    files that are not HDF5 are answered at once (F001), so the difference between
    the cluster and the local pool per file is the cluster's own overhead."""
    folder = OUT / "batch-not-hdf5"
    if len(list(folder.glob("*.nwb"))) != count:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for i in range(count):
            (folder / f"x{i:04d}.nwb").write_bytes(b"not an HDF5 file\n")
    local = run(folder, "--no-cache", "--jobs", "2")
    local -= run(one_file(folder), "--no-cache", "--jobs", "2")
    dask = run(folder, "--no-cache", "--scheduler", "local:2")
    dask -= run(one_file(folder), "--no-cache", "--scheduler", "local:2")
    print(
        f"Dispatch of {count} files answered at once: local -j2 "
        f"{1000 * local / count:.1f} ms/file, dask local:2 {1000 * dask / count:.1f} "
        f"ms/file, Dask overhead {1000 * (dask - local) / count:.1f} ms/file"
    )


def one_file(folder: Path) -> Path:
    first = sorted(folder.glob("*.nwb"))[0]
    single = folder.parent / (folder.name + "-one")
    single.mkdir(exist_ok=True)
    shutil.copy(first, single / first.name)
    return single


def _row(
    name: str,
    pair: tuple[float, float],
    count: int,
    reference: tuple[float, float] | None,
) -> None:
    one, many = pair
    per_file = 1000 * (many - one) / max(count - 1, 1)
    ratio = f"{many / reference[1]:.2f}x" if reference else "1.00x"
    print(f"| {name} | {one:.2f} | {many:.2f} | {per_file:.1f} | {ratio} |", flush=True)


def _summary(
    times: dict[str, tuple[float, float]], count: int, warm: tuple[float, float]
) -> None:
    local, dask1, dask2 = (
        times["local -j2"],
        times["dask local:1"],
        times["dask local:2"],
    )
    overhead = ((dask2[1] - dask2[0]) - (local[1] - local[0])) / max(count - 1, 1)
    print()
    print(f"Dask overhead per file (local:2 vs -j2): {1000 * overhead:.1f} ms")
    print(f"Scaling 1 -> 2 Dask workers: {dask1[1] / dask2[1]:.2f}x")
    print(f"Warm-cache re-check of {count} unchanged files: {warm[1]:.2f} s")


if __name__ == "__main__":
    main()
