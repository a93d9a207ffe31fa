"""The NWB files mutations start from: small files written here with pynwb, and
copies of the test data (``tests/data``: a realistic file, a file with an external
link to it, pynwb back-compatibility files with no cached specs or an extension).

The pynwb files are reproducible byte for byte: pynwb draws each object's
``object_id`` from ``uuid4``, which is seeded here while they are written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import numpy as np
from hdmf.backends.hdf5 import H5DataIO
from pynwb import NWBHDF5IO, NWBFile, TimeSeries
from pynwb.behavior import Position, SpatialSeries
from pynwb.image import ImageSeries

DATA = Path(__file__).parents[1] / "data"
START = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
COPIED = {  # seed name -> files copied beside it (the seed first)
    "realistic.nwb": ("realistic.nwb", "realistic_movie.avi"),
    "external_link.nwb": ("external_link.nwb", "realistic.nwb"),
    "no_specs.nwb": ("corpus/1.0.2_nwbfile.nwb",),
    "extension.nwb": ("corpus/2.1.0_nwbfile_with_extension.nwb",),
}
MOVIE = "movie.avi"


@contextlib.contextmanager
def _seeded_object_ids(seed: int) -> Iterator[None]:
    rng = random.Random(seed)
    try:
        with mock.patch(
            "hdmf.container.uuid4",
            lambda: uuid.UUID(int=rng.getrandbits(128), version=4),
        ):
            yield
    except AttributeError:  # an hdmf without that name: ids are random, no matter
        yield


def _nwbfile(name: str) -> NWBFile:
    return NWBFile(
        session_description=f"fuzz seed {name}",
        identifier=name,
        session_start_time=START,
        file_create_date=START,
    )


def _minimal() -> NWBFile:
    nwb = _nwbfile("minimal")
    nwb.add_acquisition(
        TimeSeries(name="ts", data=np.arange(10.0), unit="m", rate=10.0)
    )
    return nwb


def _series() -> NWBFile:
    """Chunked compressed timestamps, linked timestamps, external files, a table
    with a ragged and a region column, trials referencing a series."""
    nwb = _nwbfile("series")
    stamps = H5DataIO(np.arange(64.0) / 8, compression="gzip", chunks=(16,))
    ts = TimeSeries(
        name="ts", data=np.arange(64, dtype="i2"), unit="V", timestamps=stamps
    )
    nwb.add_acquisition(ts)
    module = nwb.create_processing_module(name="behavior", description="behaviour")
    head = SpatialSeries(
        name="head",
        data=np.zeros((4, 2)),
        timestamps=[0.0, 1.0, 2.0, 3.0],
        reference_frame="corner",
    )
    body = SpatialSeries(
        name="body", data=np.ones((4, 2)), timestamps=head, reference_frame="corner"
    )
    module.add(Position(spatial_series=[head, body]))
    nwb.add_acquisition(
        ImageSeries(
            name="movie",
            external_file=[MOVIE],
            starting_frame=[0],
            format="external",
            timestamps=[0.0, 0.5],
            unit="n.a.",
        )
    )
    nwb.add_trial_column(name="stim", description="stimulus")
    nwb.add_trial_column(name="tags_per_trial", description="ragged", index=True)
    for i in range(3):
        nwb.add_trial(
            start_time=float(i),
            stop_time=i + 0.5,
            stim=i,
            tags_per_trial=["a"] * (i + 1),
            timeseries=[ts],
        )
    return nwb


WRITTEN = {"minimal.nwb": _minimal, "series.nwb": _series}


def write_seeds(folder: Path) -> list[Path]:
    """Every seed file in its own subfolder of ``folder`` (with what lies beside
    it); written once, reused when present."""
    seeds = []
    for i, (name, build) in enumerate(sorted(WRITTEN.items())):
        target = folder / name.removesuffix(".nwb") / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            with _seeded_object_ids(i), NWBHDF5IO(target, "w") as io:
                io.write(build())
            (target.parent / MOVIE).write_bytes(b"a file that exists")
        seeds.append(target)
    for name, sources in COPIED.items():
        target = folder / name.removesuffix(".nwb") / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(DATA / sources[0], target)
            for source in sources[1:]:
                shutil.copy(DATA / source, target.parent / Path(source).name)
        seeds.append(target)
    return seeds
