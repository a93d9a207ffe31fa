"""Best practice for units observed only part of the time (``obs_intervals``).

A Units table may say, per unit, when the unit could be observed: the ragged
``obs_intervals`` column (``[start, stop]`` rows, split per unit by
``obs_intervals_index``). A spike of a unit outside all of its intervals (bounds
included) contradicts them: the intervals or the spike times are wrong.

The spike times are streamed in blocks through the value reader, within the
file's byte budget; the unit of each block's spikes comes from
``spike_times_index`` (each unit's end position), so a block is cut into runs of
one unit, never regrouped in memory. Units whose intervals were not all read are
not judged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from nwb_lsp.hdf5.records import ObjectRecord
from nwb_lsp.rules.bestpractice.read import child_path, record_at
from nwb_lsp.rules.bestpractice.registry import VIOLATION, Note, best_practice
from nwb_lsp.rules.context import CheckContext

INDEX_LIMIT = 1 << 20  # units (and intervals) whose bounds are read


def _ends(ctx: CheckContext, record: ObjectRecord, column: str) -> np.ndarray | None:
    """Each unit's end position in ``column`` (its VectorIndex), when present."""
    index = record_at(ctx, child_path(record, f"{column}_index"))
    if index is None or ctx.values is None:
        return None
    ends = ctx.values.head(index.path, INDEX_LIMIT)
    return None if ends is None else np.asarray(ends, dtype=np.int64)


@dataclass(frozen=True)
class Intervals:
    """Every unit's ``[start, stop]`` rows, as read: one array and the units'
    end rows, so a million units cost two arrays, not a million."""

    rows: np.ndarray  # (n, 2)
    ends: np.ndarray  # each unit's end row

    @property
    def units(self) -> int:
        """Units whose rows were all read."""
        return int(np.searchsorted(self.ends, len(self.rows), side="right"))

    def of(self, unit: int) -> np.ndarray:
        return self.rows[0 if unit == 0 else self.ends[unit - 1] : self.ends[unit]]


def _intervals(ctx: CheckContext, record: ObjectRecord) -> Intervals | None:
    column = record_at(ctx, child_path(record, "obs_intervals"))
    ends = _ends(ctx, record, "obs_intervals")
    if column is None or ends is None or ctx.values is None or column.shape is None:
        return None
    if len(column.shape) != 2 or column.shape[1] != 2:
        return None  # a schema error (M family), not judged here
    rows = min(column.shape[0], INDEX_LIMIT // 2)
    values = ctx.values.head(column.path, rows * 2)
    if values is None:
        return None
    return Intervals(np.asarray(values, dtype=np.float64).reshape(-1, 2), ends)


def _outside(spikes: np.ndarray, intervals: np.ndarray) -> np.ndarray:
    """Which spikes lie in none of the intervals."""
    inside = np.zeros(spikes.shape, dtype=bool)
    for start, stop in intervals:
        inside |= (start <= spikes) & (spikes <= stop)
    return ~inside


def _first_outside(
    block: np.ndarray, offset: int, ends: np.ndarray, observed: Intervals
) -> tuple[int, float] | None:
    """The first (unit, spike time) of the block outside the unit's intervals;
    ``ends`` are each unit's end position in ``spike_times``."""
    first = int(np.searchsorted(ends, offset, side="right"))
    last = int(np.searchsorted(ends, offset + block.size - 1, side="right"))
    # the two indexes may disagree on the number of units (a damaged table)
    for unit in range(first, min(last + 1, observed.units, len(ends))):
        begin = 0 if unit == 0 else int(ends[unit - 1])
        run = block[max(begin - offset, 0) : max(int(ends[unit]) - offset, 0)]
        outside = _outside(run, observed.of(unit))
        if outside.any():
            return unit, float(run[int(np.argmax(outside))])
    return None


@best_practice(
    "B408",
    "check_spike_times_not_in_unobserved_interval",
    VIOLATION,
    "Units",
    "a unit has a spike time outside all of its observed intervals",
    why="a spike while the unit was not observed contradicts obs_intervals",
    fix="correct the unit's obs_intervals or drop the spikes outside them",
)
def spikes_observed(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    spikes = record_at(ctx, child_path(record, "spike_times"))
    ends = _ends(ctx, record, "spike_times")
    observed = _intervals(ctx, record) if spikes is not None else None
    if spikes is None or ends is None or observed is None or ctx.values is None:
        return
    stream = ctx.values.stream(spikes.path)
    if stream is None:
        return
    for offset, block in stream.blocks:
        found = _first_outside(block, offset, ends, observed)
        if found is not None:
            unit, time = found
            yield Note(
                f"unit {unit} has a spike at {time:g} s outside its observed intervals",
                spikes.path,
                stream.sampled,
            )
            return
