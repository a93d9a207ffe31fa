"""Regenerate the small NWB files in tests/data/ with pynwb.

    python tests/data/make_test_data.py

Files written:

* ``realistic.nwb`` — ecephys (electrodes table, ElectricalSeries with a
  DynamicTableRegion), Units with ragged spike_times, trials with a reference column
  (TimeSeriesReferenceVectorData: a compound dataset holding object references),
  ophys (PlaneSegmentation, RoiResponseSeries), behaviour (two SpatialSeries, the
  second linking the first's timestamps), and an ImageSeries with ``external_file``
  (``realistic_movie.avi`` beside it). pynwb's validator finds it clean.
* ``external_link.nwb`` — a file whose acquisition holds an HDF5 external link to a
  TimeSeries in ``realistic.nwb``.

``corpus/`` holds files from pynwb's back-compatibility tests (see its LICENSE).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import h5py
import numpy as np
from pynwb import NWBHDF5IO, NWBFile, TimeSeries
from pynwb.behavior import Position, SpatialSeries
from pynwb.ecephys import ElectricalSeries
from pynwb.image import ImageSeries
from pynwb.ophys import (
    ImageSegmentation,
    OpticalChannel,
    RoiResponseSeries,
)

HERE = Path(__file__).parent
START = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
RNG = np.random.default_rng(0)


def _nwbfile() -> NWBFile:
    return NWBFile(
        session_description="nwb-lsp test data",
        identifier="nwb-lsp-realistic",
        session_start_time=START,
        file_create_date=START,
        experimenter=["Doe, Jane"],
        lab="Test lab",
        institution="Test institute",
    )


def _ecephys(nwb: NWBFile) -> None:
    device = nwb.create_device(name="probe", description="a test probe")
    group = nwb.create_electrode_group(
        name="shank0", description="shank", location="CA1", device=device
    )
    for i in range(4):
        nwb.add_electrode(group=group, location="CA1", x=float(i), y=0.0, z=0.0)
    region = nwb.create_electrode_table_region([0, 1, 2, 3], "all electrodes")
    nwb.add_acquisition(
        ElectricalSeries(
            name="ephys",
            data=RNG.integers(-100, 100, size=(50, 4)).astype("int16"),
            electrodes=region,
            rate=1000.0,
            starting_time=0.0,
            conversion=1e-6,
        )
    )
    for unit in range(3):
        spikes = np.sort(RNG.uniform(0, 10, size=5 + unit))
        nwb.add_unit(spike_times=spikes, electrodes=[unit], electrode_group=group)


def _trials(nwb: NWBFile, ts: TimeSeries) -> None:
    nwb.add_trial_column(name="stim", description="stimulus id")
    for i in range(4):
        nwb.add_trial(
            start_time=2.0 * i, stop_time=2.0 * i + 1, stim=i, timeseries=[ts]
        )


def _ophys(nwb: NWBFile) -> None:
    device = nwb.create_device(name="scope", description="two-photon microscope")
    channel = OpticalChannel(name="green", description="gcamp", emission_lambda=510.0)
    plane = nwb.create_imaging_plane(
        name="plane0",
        optical_channel=channel,
        description="plane",
        device=device,
        excitation_lambda=920.0,
        imaging_rate=30.0,
        indicator="GCaMP6f",
        location="V1",
    )
    module = nwb.create_processing_module(name="ophys", description="optical")
    segmentation = ImageSegmentation()
    module.add(segmentation)
    seg = segmentation.create_plane_segmentation(
        name="rois", description="rois", imaging_plane=plane
    )
    for i in range(3):
        mask = np.zeros((8, 8), dtype="float32")
        mask[i : i + 2, i : i + 2] = 1.0
        seg.add_roi(image_mask=mask)
    rois = seg.create_roi_table_region(region=[0, 1, 2], description="all rois")
    module.add(
        RoiResponseSeries(
            name="dff",
            data=RNG.random((20, 3)).astype("float32"),
            rois=rois,
            unit="n.a.",
            rate=30.0,
        )
    )


def _behaviour(nwb: NWBFile) -> TimeSeries:
    module = nwb.create_processing_module(name="behavior", description="behaviour")
    stamps = np.arange(30, dtype="float64") / 10.0
    first = SpatialSeries(
        name="head",
        data=RNG.random((30, 2)),
        timestamps=stamps,
        reference_frame="arena corner",
    )
    second = SpatialSeries(
        name="body",
        data=RNG.random((30, 2)),
        timestamps=first,
        reference_frame="arena corner",
    )
    module.add(Position(spatial_series=[first, second]))
    return first


def _images(nwb: NWBFile) -> None:
    movie = HERE / "realistic_movie.avi"
    movie.write_bytes(b"not really a movie, but a file that exists")
    nwb.add_acquisition(
        ImageSeries(
            name="movie",
            external_file=["realistic_movie.avi"],
            starting_frame=[0],
            format="external",
            timestamps=[0.0, 0.1, 0.2],
            unit="n.a.",
        )
    )


def make_realistic(path: Path) -> None:
    nwb = _nwbfile()
    _ecephys(nwb)
    _ophys(nwb)
    shown = _behaviour(nwb)
    _trials(nwb, shown)
    _images(nwb)
    with NWBHDF5IO(path, "w") as io:
        io.write(nwb)


def make_external_link(path: Path, target: Path) -> None:
    nwb = _nwbfile()
    nwb.add_acquisition(
        TimeSeries(name="local", data=np.arange(5.0), unit="m", rate=1.0)
    )
    with NWBHDF5IO(path, "w") as io:
        io.write(nwb)
    with h5py.File(path, "a") as f:
        f["acquisition/linked_ephys"] = h5py.ExternalLink(
            target.name, "/acquisition/ephys"
        )


def main() -> None:
    realistic = HERE / "realistic.nwb"
    make_realistic(realistic)
    make_external_link(HERE / "external_link.nwb", realistic)


if __name__ == "__main__":
    main()
