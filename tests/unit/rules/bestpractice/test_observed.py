"""B408: spike times outside a unit's observed intervals, streamed in blocks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pynwb import NWBHDF5IO
from tests.unit.rules.bestpractice.cases import _observed, clean

from nwb_lsp.findings import Finding, FindingFilter
from nwb_lsp.hdf5 import values
from nwb_lsp.rules.bestpractice.observed import Intervals, _first_outside
from nwb_lsp.validate import validate_nwb_file

Unit = tuple[list[float], list[list[float]]]


def _check(tmp_path: Path, *units: Unit) -> list[Finding]:
    nwbfile = clean({}, {})
    _observed(nwbfile, *units)
    path = tmp_path / "units.nwb"
    with NWBHDF5IO(path, "w") as io:
        io.write(nwbfile)
    report = validate_nwb_file(path, filter=FindingFilter(select=("B408", "F009")))
    return list(report.findings)


def test_spikes_within_their_intervals_pass(tmp_path: Path) -> None:
    units = ([0.0, 2.0], [[0.0, 1.0], [1.5, 2.0]]), ([3.0], [[2.0, 4.0]])
    assert _check(tmp_path, *units) == []


def test_a_spike_outside_its_units_intervals_is_found(tmp_path: Path) -> None:
    # 1.25 is inside the first unit's interval, not the second's
    units = ([0.5, 1.25], [[0.0, 2.0]]), ([0.5, 1.25], [[0.0, 1.0], [1.5, 2.0]])
    (found,) = _check(tmp_path, *units)
    assert found.code == "B408" and found.location.hdf5_path == "/units/spike_times"
    assert "unit 1 has a spike at 1.25 s outside its observed intervals" in (
        found.message
    )
    assert found.inspector is not None
    assert found.inspector.check == "check_spike_times_not_in_unobserved_interval"


@pytest.mark.parametrize("chunk", [1, 2, 3])
def test_units_split_across_blocks_are_judged_by_their_own_intervals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(values, "CHUNK", chunk)
    units = (
        ([0.5, 0.75, 0.9], [[0.0, 1.0]]),
        ([5.0, 5.5], [[4.0, 6.0]]),
        ([], [[0.0, 1.0]]),
        ([8.0, 9.5], [[7.0, 9.0]]),
    )
    (found,) = _check(tmp_path, *units)
    assert "unit 3 has a spike at 9.5 s" in found.message


def test_a_sample_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(values, "DATASET_LIMIT", 0)
    monkeypatch.setattr(values, "SAMPLE", 3)
    units = ([0.5, 3.0, 0.75], [[0.0, 1.0]]), ([7.0], [[0.0, 1.0]])
    (found,) = _check(tmp_path, *units)
    assert "unit 0 has a spike at 3 s" in found.message
    assert "(judged on a sample: the first 3 of 4 rows)" in found.message


def test_units_the_two_indexes_disagree_on_are_not_judged() -> None:
    intervals = Intervals(np.array([[0.0, 1.0]] * 3), np.array([1, 2, 3]))
    # spike_times_index names two units, obs_intervals_index three, and there are
    # spikes past the last unit's end
    ends = np.array([1, 2])
    block = np.array([0.5, 0.75, 9.0])
    assert _first_outside(block, 0, ends, intervals) is None
    assert _first_outside(np.array([0.5, 2.0]), 0, ends, intervals) == (1, 2.0)
