"""Benchmark: writing NWB files from models, against pynwb, and copying a large file.

    python tests/bench/bench_write.py [--series 1000] [--size-mb 1024] [--repeat 3]

1. *Many series*: an NWBFile with ``--series`` TimeSeries (100 float64 values each,
   starting time and rate) built and written by nwb-lsp's models
   (``HDF5IO(path, mode="w").write``) and by pynwb (``NWBHDF5IO.write``), in the same
   run, each in a fresh process; median of ``--repeat`` runs and the ratio.
2. *A large dataset*: a file holding one ``--size-mb`` MB dataset (float32, chunked)
   read and written again through the models (``read -> write``), in a fresh process
   whose peak resident memory is reported beside that of a process that only reads
   the file into models: a copy in bounded blocks keeps the two close, whatever the
   dataset's size.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

COMMON = """
import datetime as dt, json, resource, sys, time
import numpy as np
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

MODELS = (
    COMMON
    + """
from nwb_lsp.io import HDF5IO
from nwb_lsp.schema.catalog import TypeCatalog
from nwb_lsp.schema.namespaces import installed_spec_set
from nwb_lsp.schema.provider import ModelProvider
from nwb_lsp.schema.runtime import built
module = ModelProvider(TypeCatalog.build(installed_spec_set())).module()
m = lambda name: built(getattr(module, name))
t = time.perf_counter()
series = [
    m("TimeSeries")(
        name=f"ts{i}",
        data=m("TimeSeriesData")(array=np.arange(100.0), unit="m"),
        starting_time=m("TimeSeriesStartingTime")(array=0.0, rate=10.0),
    )
    for i in range(int(sys.argv[2]))
]
nwbfile = m("NWBFile")(
    file_create_date=m("NWBFileFileCreateDate")(array=[NOW]),
    identifier=m("NWBFileIdentifier")(array="bench"),
    session_description=m("NWBFileSessionDescription")(array="bench"),
    session_start_time=m("NWBFileSessionStartTime")(array=NOW),
    timestamps_reference_time=m("NWBFileTimestampsReferenceTime")(array=NOW),
    acquisition=m("NWBFileAcquisition")(nwbdatainterface=series),
    analysis=m("NWBFileAnalysis")(),
    stimulus=m("NWBFileStimulus")(
        presentation=m("NWBFileStimulusPresentation")(),
        templates=m("NWBFileStimulusTemplates")(),
    ),
    processing=m("NWBFileProcessing")(),
    general=m("NWBFileGeneral")(),
)
HDF5IO(sys.argv[1], mode="w").write(nwbfile, overwrite=True)
print(json.dumps({"seconds": time.perf_counter() - t}))
"""
)

PYNWB = (
    COMMON
    + """
import warnings; warnings.simplefilter("ignore")
from pynwb import NWBFile, NWBHDF5IO, TimeSeries
t = time.perf_counter()
nwbfile = NWBFile("bench", "bench", NOW, file_create_date=NOW)
for i in range(int(sys.argv[2])):
    nwbfile.add_acquisition(
        TimeSeries(name=f"ts{i}", data=np.arange(100.0), unit="m",
                   starting_time=0.0, rate=10.0)
    )
with NWBHDF5IO(sys.argv[1], "w") as io:
    io.write(nwbfile)
print(json.dumps({"seconds": time.perf_counter() - t}))
"""
)

MAKE_BIG = (
    COMMON
    + """
import h5py, warnings; warnings.simplefilter("ignore")
from pynwb import NWBFile, NWBHDF5IO, TimeSeries
path, size_mb = sys.argv[1], int(sys.argv[2])
nwbfile = NWBFile("big", "big", NOW, file_create_date=NOW)
nwbfile.add_acquisition(TimeSeries(name="big", data=np.zeros((1, 256), "f4"),
                                   unit="V", starting_time=0.0, rate=1.0))
with NWBHDF5IO(path, "w") as io:
    io.write(nwbfile)
rows = size_mb * 1024 * 1024 // (256 * 4)
with h5py.File(path, "a") as f:
    attrs = dict(f["/acquisition/big/data"].attrs)
    del f["/acquisition/big/data"]
    data = f.create_dataset("/acquisition/big/data", shape=(rows, 256), dtype="f4",
                            chunks=(4096, 256))
    data.attrs.update(attrs)
    block = np.random.default_rng(0).random((4096, 256), dtype=np.float32)
    for start in range(0, rows, 4096):
        stop = min(start + 4096, rows)
        data[start:stop] = block[: stop - start]
print(json.dumps({"rows": rows}))
"""
)

COPY = (
    COMMON
    + """
from nwb_lsp.io import HDF5IO
t = time.perf_counter()
nwbfile = HDF5IO(sys.argv[1]).read()
read_mb = peak_mb()
if sys.argv[3] == "copy":
    HDF5IO(sys.argv[2], mode="w").write(nwbfile, overwrite=True)
print(json.dumps({"seconds": time.perf_counter() - t, "peak_mb": peak_mb(),
                  "after_read_mb": read_mb}))
"""
)


def run(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def many_series(folder: Path, count: int, repeat: int) -> None:
    ours, theirs = [], []
    run(MODELS, str(folder / "warm.nwb"), "1")  # the model cache, warmed once
    for _ in range(repeat):
        ours.append(run(MODELS, str(folder / "models.nwb"), str(count))["seconds"])
        theirs.append(run(PYNWB, str(folder / "pynwb.nwb"), str(count))["seconds"])
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"{count} TimeSeries built and written, median of {repeat}:")
    print(f"  nwb-lsp models {a:.2f} s, pynwb {b:.2f} s, ratio {a / b:.2f}")
    sizes = [(folder / n).stat().st_size for n in ("models.nwb", "pynwb.nwb")]
    print(f"  file sizes: models {sizes[0]:,} B, pynwb {sizes[1]:,} B")


def large_copy(folder: Path, size_mb: int) -> None:
    source, target = folder / "big.nwb", folder / "big_copy.nwb"
    run(MAKE_BIG, str(source), str(size_mb))
    read_only = run(COPY, str(source), str(target), "read")
    copied = run(COPY, str(source), str(target), "copy")
    print(f"read -> write of a file with a {size_mb} MB dataset:")
    print(f"  {copied['seconds']:.1f} s; peak memory {copied['peak_mb']:.0f} MB")
    print(
        f"  (a process that only reads it into models: {read_only['peak_mb']:.0f} MB)"
    )
    print(f"  source {source.stat().st_size:,} B, copy {target.stat().st_size:,} B")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--series", type=int, default=1000)
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        many_series(Path(tmp), args.series, args.repeat)
        large_copy(Path(tmp), args.size_mb)


if __name__ == "__main__":
    main()
