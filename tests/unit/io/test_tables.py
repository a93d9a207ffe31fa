"""DynamicTables as tables, built in Python or read from a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from nwb_lsp.io import HDF5IO

from .conftest import Models, build_session


def test_columns_rows_and_ragged_columns_of_a_built_table(core: Models) -> None:
    units = build_session(core).nwbfile.units
    assert units.column("spike_times") == [[0.1, 0.2, 0.3], [0.5]]
    assert units[1] == {"id": 1, "spike_times": [0.5]}
    assert units["spike_times"] is units.spike_times  # a column model by name
    with pytest.raises(KeyError, match="no column 'nope'"):
        units.column("nope")
    with pytest.raises(IndexError, match="row 2 of a table of 2 rows"):
        units[2]


def test_a_region_column_resolves_to_rows_of_its_table(core: Models) -> None:
    session = build_session(core)
    [first, *_] = session.ephys.electrodes.table.column("group")
    assert first.name == "shank0"
    electrodes = session.nwbfile.general.extracellular_ephys.electrodes
    assert electrodes[2]["location"] == "CA1"


def test_to_dataframe_of_a_table_read_from_a_file(data_dir: Path) -> None:
    pytest.importorskip("pandas")
    nwbfile = HDF5IO(data_dir / "realistic.nwb").read()
    trials = nwbfile.intervals.trials.to_dataframe()
    assert list(trials.columns) == ["start_time", "stop_time", "stim", "timeseries"]
    assert list(trials.index) == [0, 1, 2, 3] and trials.index.name == "id"
    assert list(trials["stop_time"]) == [1.0, 3.0, 5.0, 7.0]
    units = nwbfile.units.to_dataframe()
    assert [len(s) for s in units["spike_times"]] == [
        len(nwbfile.units[i]["spike_times"]) for i in range(3)
    ]
    assert units["electrode_group"][0].name == "shank0"
