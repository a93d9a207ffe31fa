"""NWB files like the ones people publish, written with pynwb for the HDF5 tests.

``dandi_like`` is a session of about 300 HDF5 objects with what a DANDI dataset
holds: subject and devices; an electrodes table (object-reference ``group`` column)
with raw and LFP ElectricalSeries (DynamicTableRegions into it); units with ragged
spike times and electrodes; patch-clamp stimulus and response series;
two-photon imaging with a plane
segmentation, fluorescence and dF/F; behaviour (position, events, direction); a
stimulus; trials and epochs with a reference column; and a processing module of
derived TimeSeries (``extra_series``). ``many_series`` is a file with
1,000 TimeSeries in ``/acquisition``, written with h5py (pictures of it are about
its size, not its validity).
"""

from __future__ import annotations

import datetime as dt
import uuid
import warnings
from pathlib import Path

import h5py
import numpy as np
import pytest
from pynwb import NWBHDF5IO, NWBFile, TimeSeries
from pynwb.behavior import (
    BehavioralTimeSeries,
    CompassDirection,
    Position,
    SpatialSeries,
)
from pynwb.ecephys import LFP, ElectricalSeries
from pynwb.file import Subject
from pynwb.icephys import CurrentClampSeries, CurrentClampStimulusSeries
from pynwb.ophys import (
    DfOverF,
    Fluorescence,
    ImageSegmentation,
    OpticalChannel,
    TwoPhotonSeries,
)

START = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc)
RNG = np.random.default_rng(1)
DANDI_EXTRA_SERIES = 45  # makes the session about 300 HDF5 objects


def _ecephys(nwb: NWBFile) -> None:
    probe = nwb.create_device(name="probe", description="a 16-channel probe")
    nwb.add_electrode_column(name="label", description="channel label")
    for shank in range(2):
        group = nwb.create_electrode_group(
            name=f"shank{shank}", description="shank", location="CA1", device=probe
        )
        for ch in range(8):
            nwb.add_electrode(
                group=group,
                location="CA1",
                x=float(ch),
                y=0.0,
                z=0.0,
                label=f"s{shank}c{ch}",
            )
    region = nwb.create_electrode_table_region(list(range(16)), "all channels")
    nwb.add_acquisition(
        ElectricalSeries(
            name="raw",
            data=RNG.integers(-500, 500, size=(100, 16)).astype("int16"),
            electrodes=region,
            rate=30000.0,
            conversion=1e-6,
        )
    )
    lfp = nwb.create_electrode_table_region(list(range(0, 16, 2)), "lfp channels")
    module = nwb.create_processing_module(name="ecephys", description="LFP")
    module.add(
        LFP(
            electrical_series=ElectricalSeries(
                name="lfp", data=RNG.random((50, 8)), electrodes=lfp, rate=1000.0
            )
        )
    )
    for unit in range(6):
        nwb.add_unit(
            spike_times=np.sort(RNG.uniform(0, 10, size=4 + unit)),
            electrodes=[unit, unit + 1],
            electrode_group=nwb.electrode_groups[f"shank{unit % 2}"],
            waveform_mean=RNG.random(20),
        )


def _icephys(nwb: NWBFile) -> None:
    amp = nwb.create_device(name="amplifier", description="patch-clamp amplifier")
    cell = nwb.create_icephys_electrode(name="cell0", description="pipette", device=amp)
    for sweep in range(3):
        stim = CurrentClampStimulusSeries(
            name=f"stim{sweep}",
            data=np.ones(40),
            electrode=cell,
            gain=1.0,
            rate=10000.0,
            sweep_number=np.uint32(sweep),
        )
        resp = CurrentClampSeries(
            name=f"resp{sweep}",
            data=RNG.random(40),
            electrode=cell,
            gain=1.0,
            rate=10000.0,
            sweep_number=np.uint32(sweep),
        )
        nwb.add_stimulus(stim)
        nwb.add_acquisition(resp)


def _ophys(nwb: NWBFile) -> None:
    scope = nwb.create_device(name="scope", description="two-photon microscope")
    plane = nwb.create_imaging_plane(
        name="plane0",
        optical_channel=OpticalChannel(
            name="green", description="GCaMP", emission_lambda=510.0
        ),
        description="layer 2/3",
        device=scope,
        excitation_lambda=920.0,
        imaging_rate=30.0,
        indicator="GCaMP6f",
        location="V1",
    )
    nwb.add_acquisition(
        TwoPhotonSeries(
            name="movie",
            data=RNG.random((10, 16, 16)).astype("float32"),
            imaging_plane=plane,
            rate=30.0,
            unit="n.a.",
        )
    )
    module = nwb.create_processing_module(name="ophys", description="optical")
    seg = ImageSegmentation()
    module.add(seg)
    rois = seg.create_plane_segmentation(
        name="rois", description="rois", imaging_plane=plane
    )
    for i in range(5):
        mask = np.zeros((16, 16), dtype="float32")
        mask[i : i + 3, i : i + 3] = 1.0
        rois.add_roi(image_mask=mask)
    for name, container in (("raw", Fluorescence()), ("dff", DfOverF())):
        module.add(container)
        container.create_roi_response_series(
            name=name,
            data=RNG.random((30, 5)),
            unit="n.a.",
            rate=30.0,
            rois=rois.create_roi_table_region(
                region=list(range(5)), description="rois"
            ),
        )


def _behaviour(nwb: NWBFile) -> TimeSeries:
    module = nwb.create_processing_module(name="behavior", description="behaviour")
    stamps = np.arange(40) / 20.0
    head = SpatialSeries(
        name="head",
        data=RNG.random((40, 2)),
        timestamps=stamps,
        reference_frame="arena corner",
    )
    body = SpatialSeries(
        name="body",
        data=RNG.random((40, 2)),
        timestamps=head,
        reference_frame="arena corner",
    )
    module.add(Position(spatial_series=[head, body]))
    module.add(
        CompassDirection(
            spatial_series=SpatialSeries(
                name="heading",
                data=RNG.random(40),
                timestamps=head,
                reference_frame="north",
                unit="radians",
            )
        )
    )
    events = BehavioralTimeSeries(name="licks")
    for side in ("left", "right"):
        events.add_timeseries(
            TimeSeries(
                name=side,
                data=np.ones(5),
                timestamps=np.sort(RNG.uniform(0, 2, 5)),
                unit="n.a.",
            )
        )
    module.add(events)
    return head


def _intervals(nwb: NWBFile, shown: TimeSeries) -> None:
    nwb.add_trial_column(name="stimulus", description="stimulus id")
    for i in range(8):
        nwb.add_trial(
            start_time=1.0 * i, stop_time=i + 0.5, stimulus=i % 3, timeseries=[shown]
        )
    for i in range(2):
        nwb.add_epoch(start_time=5.0 * i, stop_time=5.0 * i + 4.0, tags=["awake"])


def write_dandi_like(path: Path, extra_series: int = 0) -> Path:
    """A DANDI-like session (see the module docstring) with ``extra_series`` more
    TimeSeries in a processing module, to make it as large as a test needs."""
    nwb = NWBFile(
        session_description="a DANDI-like session",
        identifier=str(uuid.UUID(int=7)),
        session_start_time=START,
        file_create_date=START,
        experimenter=["Doe, Jane"],
        lab="Test lab",
        institution="Test institute",
        subject=Subject(subject_id="m1", species="Mus musculus", sex="F", age="P90D"),
    )
    with warnings.catch_warnings():  # pynwb: a region's table is not its ancestor
        warnings.simplefilter("ignore", UserWarning)
        _ecephys(nwb)
    _icephys(nwb)
    _ophys(nwb)
    _intervals(nwb, _behaviour(nwb))
    if extra_series:
        module = nwb.create_processing_module(name="misc", description="extra")
        for i in range(extra_series):
            module.add(
                TimeSeries(name=f"s{i}", data=np.arange(3.0), unit="V", rate=1.0)
            )
    with NWBHDF5IO(path, "w") as io:
        io.write(nwb)
    return path


def write_many_series(path: Path, count: int) -> Path:
    """``count`` TimeSeries groups in /acquisition, NWB-shaped, written with h5py."""
    with h5py.File(path, "w") as f:
        f.attrs.update(neurodata_type="NWBFile", namespace="core", nwb_version="2.7.0")
        acquisition = f.create_group("acquisition")
        for i in range(count):
            ts = acquisition.create_group(f"series{i:04d}")
            ts.attrs.update(neurodata_type="TimeSeries", namespace="core")
            data = ts.create_dataset("data", data=np.arange(4.0))
            data.attrs["unit"] = "V"
            ts.create_dataset("timestamps", data=np.arange(4.0))
    return path


@pytest.fixture(scope="session")
def dandi_like(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dandi") / "session.nwb"
    return write_dandi_like(path, extra_series=DANDI_EXTRA_SERIES)


@pytest.fixture(scope="session")
def many_series(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_many_series(tmp_path_factory.mktemp("many") / "many.nwb", 1000)
