"""Benchmark: checking remote NWB files, nwb-lsp vs pynwb streaming the same URL.

    python tests/bench/bench_remote.py [--sizes 1000 10000] [--gb 1] [--latency 0.02]

Serves generated NWB files (N TimeSeries; one with a ``--gb`` dataset whose chunks
are all stored, so the file really is that large) from a loopback HTTP server that
waits ``--latency`` seconds before each answer (a cloud round trip) and counts
requests and bytes sent. For each file it runs, as separate processes:

* ``nwb-lsp check URL`` (every rule; fsspec with nwb-lsp's block cache);
* pynwb reading the same URL the way nwbinspector's ``--stream`` does: fsspec's
  HTTP file system with its defaults, handed to h5py, then ``NWBHDF5IO.read()``
  (the read alone, before any check runs);
* ``--libraries``: a bare metadata walk (every object, every attribute) through
  fsspec with nwb-lsp's cache settings and through remfile, the choice between the
  two libraries.

Reports requests, bytes read as a share of the file's size, and wall time, with the
ratios pynwb / nwb-lsp.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import h5py
import numpy as np

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "unit" / "remote"))
from loopback import FileServer  # noqa: E402
from make_files import OUT, make  # noqa: E402

PYNWB = (
    "import sys, fsspec, h5py\n"
    "from pynwb import NWBHDF5IO\n"
    "fs = fsspec.filesystem('http')\n"
    "f = h5py.File(fs.open(sys.argv[1], 'rb'), 'r')\n"
    "with NWBHDF5IO(file=f, mode='r', load_namespaces=True) as io:\n"
    "    io.read()\n"
)
WALK = (
    "import sys, h5py\n"
    "def visit(name, obj):\n"
    "    [obj.attrs[k] for k in obj.attrs]\n"
    "    if isinstance(obj, h5py.Dataset): obj.shape, obj.dtype\n"
    "h5py.File(OPEN(sys.argv[1]), 'r').visititems(visit)\n"
)
OPENERS = {
    "walk via fsspec (nwb-lsp cache)": (
        "from nwb_lsp.urls import RemoteOptions\n"
        "from nwb_lsp.hdf5.remote_fs import connect\n"
        "OPEN = lambda url: connect(url, RemoteOptions()).handle\n"
    ),
    "walk via remfile": "import remfile\nOPEN = remfile.File\n",
}


def make_stored(gigabytes: float) -> Path:
    """A 100-series file plus one dataset of ``gigabytes`` whose chunks are all
    written (zeros, uncompressed, straight to disk chunk by chunk: seconds)."""
    path = OUT / f"ts_100_{gigabytes:g}gb_stored.nwb"
    if path.exists():
        return path
    tmp = path.with_suffix(".partial")
    tmp.write_bytes(make(100).read_bytes())
    chunk = np.zeros((4096, 64), dtype="f8")
    rows = int(gigabytes * 2**30 / chunk.nbytes) * chunk.shape[0]
    with h5py.File(tmp, "a") as f:
        g = f.create_group("acquisition/huge")
        g.attrs.update({"neurodata_type": "TimeSeries", "namespace": "core"})
        g.attrs.update({"object_id": "huge", "description": "a large dataset"})
        d = g.create_dataset("data", shape=(rows, 64), dtype="f8", chunks=chunk.shape)
        d.attrs.update({"unit": "V", "conversion": 1.0, "resolution": -1.0})
        raw = chunk.tobytes()
        for row in range(0, rows, chunk.shape[0]):
            d.id.write_direct_chunk((row, 0), raw)
        st = g.create_dataset("starting_time", data=0.0)
        st.attrs.update({"rate": 30000.0, "unit": "seconds"})
    tmp.rename(path)
    return path


def measure(server: FileServer, command: list[str], timeout: float) -> dict[str, float]:
    server.reset()
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.stderr.write(done.stderr.decode(errors="replace")[-2000:])
    return {
        "requests": server.requests,
        "bytes": server.bytes_sent,
        "seconds": seconds,
        "exit": done.returncode,
    }


def routes(url: str, libraries: bool) -> dict[str, list[str]]:
    out = {
        "nwb-lsp check": [sys.executable, "-m", "nwb_lsp", "check", "-q", url],
        "pynwb read (fsspec)": [sys.executable, "-c", PYNWB, url],
    }
    if libraries:
        for name, opener in OPENERS.items():
            out[name] = [sys.executable, "-c", opener + WALK, url]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--gb", type=float, default=1.0)
    parser.add_argument("--latency", type=float, default=0.02)
    parser.add_argument("--timeout", type=float, default=1800.0)
    parser.add_argument("--libraries", action="store_true")
    args = parser.parse_args()
    files = [make(n) for n in args.sizes]
    if args.gb:
        files.append(make_stored(args.gb))
    header = f"{'file':<28}{'route':<34}{'requests':>9}{'read %':>9}{'seconds':>9}"
    print(f"latency {args.latency * 1000:g} ms per request\n{header}")
    with FileServer(OUT, latency=args.latency) as server:
        for path in files:
            size = path.stat().st_size
            results = {}
            for name, command in routes(server.url(path.name), args.libraries).items():
                r = measure(server, command, args.timeout)
                results[name] = r
                share = 100 * r["bytes"] / size
                print(
                    f"{path.name:<28}{name:<34}{r['requests']:>9}{share:>8.2f}%"
                    f"{r['seconds']:>9.2f}" + ("" if r["exit"] in (0, 1) else " FAILED")
                )
            ours, theirs = results["nwb-lsp check"], results["pynwb read (fsspec)"]
            print(
                f"{'':<28}{'pynwb / nwb-lsp':<34}"
                f"{theirs['requests'] / max(ours['requests'], 1):>8.1f}x"
                f"{'':>9}{theirs['seconds'] / ours['seconds']:>8.1f}x"
                f"   (file {size / 2**20:,.1f} MiB)"
            )


if __name__ == "__main__":
    main()
