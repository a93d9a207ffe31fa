"""Models of the installed core (pynwb's), and an NWB file built from them by hand."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from nwb_lsp.schema.catalog import TypeCatalog
from nwb_lsp.schema.namespaces import installed_spec_set
from nwb_lsp.schema.provider import ModelProvider
from nwb_lsp.schema.runtime import built

NOW = dt.datetime(2026, 1, 1, 12, tzinfo=dt.timezone.utc)


class Models:
    """``models.TimeSeries(...)``: the installed core's generated classes."""

    def __init__(self, provider: ModelProvider) -> None:
        self.module = provider.module()

    def __getattr__(self, name: str) -> Any:
        return built(getattr(self.module, name))


@pytest.fixture(scope="session")
def core() -> Models:
    return Models(ModelProvider(TypeCatalog.build(installed_spec_set())))


def build_session(m: Models) -> SimpleNamespace:
    """An NWBFile with an ElectricalSeries and its electrodes table, Units with
    ragged spike times, trials, and a ProcessingModule whose second series links
    the first one's timestamps."""
    device = m.Device(name="probe", description="a probe")
    group = m.ElectrodeGroup(
        name="shank0", description="shank", location="CA1", device=device
    )
    electrodes = m.ElectrodesTable(
        name="electrodes",
        description="electrodes",
        colnames=["location", "group"],
        id=m.DynamicTableId(array=[0, 1, 2]),
        location=m.ElectrodesTableLocation(description="where", array=["CA1"] * 3),
        group=m.ElectrodesTableGroup(description="group", array=[group] * 3),
    )
    ephys = m.ElectricalSeries(
        name="ephys",
        data=m.ElectricalSeriesData(
            array=np.arange(30, dtype=np.int16).reshape(10, 3), conversion=1e-6
        ),
        starting_time=m.TimeSeriesStartingTime(array=0.0, rate=1000.0),
        electrodes=m.DynamicTableRegion(
            description="all", table=electrodes, array=[0, 1, 2]
        ),
    )
    spike_times = m.UnitsSpikeTimes(description="spikes", array=[0.1, 0.2, 0.3, 0.5])
    units = m.Units(
        name="units",
        description="units",
        colnames=["spike_times"],
        id=m.DynamicTableId(array=[0, 1]),
        spike_times=spike_times,
        spike_times_index=m.VectorIndex(
            description="index", target=spike_times, array=[3, 4]
        ),
    )
    trials = m.TimeIntervals(
        name="trials",
        description="trials",
        colnames=["start_time", "stop_time"],
        id=m.DynamicTableId(array=[0, 1]),
        start_time=m.TimeIntervalsStartTime(description="start", array=[0.0, 1.0]),
        stop_time=m.TimeIntervalsStopTime(description="stop", array=[0.5, 1.5]),
    )
    speed = m.TimeSeries(
        name="speed",
        data=m.TimeSeriesData(array=[1.0, 2.0, 3.0], unit="m/s"),
        timestamps=m.TimeSeriesTimestamps(array=[0.0, 0.1, 0.2]),
    )
    accel = m.TimeSeries(
        name="accel",
        data=m.TimeSeriesData(array=[0.0, 10.0, 0.0], unit="m/s^2"),
        timestamps=speed.timestamps,  # the same instance: a soft link
    )
    behavior = m.ProcessingModule(
        name="behavior", description="behavior", nwbdatainterface=[speed, accel]
    )
    nwbfile = m.NWBFile(
        file_create_date=m.NWBFileFileCreateDate(array=[NOW]),
        identifier=m.NWBFileIdentifier(array="built-by-hand"),
        session_description=m.NWBFileSessionDescription(array="a session"),
        session_start_time=m.NWBFileSessionStartTime(array=NOW),
        timestamps_reference_time=m.NWBFileTimestampsReferenceTime(array=NOW),
        acquisition=m.NWBFileAcquisition(nwbdatainterface=[ephys]),
        analysis=m.NWBFileAnalysis(),
        stimulus=m.NWBFileStimulus(
            presentation=m.NWBFileStimulusPresentation(),
            templates=m.NWBFileStimulusTemplates(),
        ),
        processing=m.NWBFileProcessing(processingmodule=[behavior]),
        general=m.NWBFileGeneral(
            devices=m.NWBFileGeneralDevices(device=[device]),
            extracellular_ephys=m.NWBFileGeneralExtracellularEphys(
                electrodegroup=[group], electrodes=electrodes
            ),
        ),
        intervals=m.NWBFileIntervals(trials=trials),
        units=units,
    )
    return SimpleNamespace(nwbfile=nwbfile, ephys=ephys, speed=speed, accel=accel)
