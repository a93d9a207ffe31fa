"""Best practices for sorted spikes (the Units table).

A Units table has spike times, in seconds (not sample indices: whole numbers),
not negative, ascending within each unit (the first spike of a unit may precede
the previous unit's last), spanning less than a year; its ``resolution`` is set,
positive, and no more than 0.01 s (a larger one is likely a sampling rate).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from nwb_lsp.hdf5.profile import SAMPLE, Profile
from nwb_lsp.hdf5.records import ObjectRecord
from nwb_lsp.rules.bestpractice.read import attr_number, child_path, is_nan, record_at
from nwb_lsp.rules.bestpractice.registry import CRITICAL, VIOLATION, Note, best_practice
from nwb_lsp.rules.context import CheckContext

UNITS = "Units"
YEAR = 31557600.0


def _spikes(ctx: CheckContext, record: ObjectRecord) -> ObjectRecord | None:
    return record_at(ctx, child_path(record, "spike_times"))


def resolution(ctx: CheckContext, record: ObjectRecord) -> float | None:
    """The ``resolution`` attribute of ``spike_times`` (where NWB keeps it)."""
    return attr_number(_spikes(ctx, record), "resolution")


def _profile(ctx: CheckContext, record: ObjectRecord) -> Profile | None:
    spikes = _spikes(ctx, record)
    if spikes is None or ctx.values is None:
        return None
    return ctx.values.profile(spikes.path)


@best_practice(
    "B401",
    "check_units_table_has_spikes",
    CRITICAL,
    UNITS,
    "the Units table has no spike_times column",
    why="a Units table without spike times is likely a misuse of the type",
    fix="add spike_times, or store the table as a DynamicTable",
)
def has_spikes(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    if _spikes(ctx, record) is None:
        yield Note("the Units table has no spike_times column")


@best_practice(
    "B402",
    "check_negative_spike_times",
    VIOLATION,
    UNITS,
    "a spike time is negative",
    why="negative times usually mean the data are misaligned with the session start",
    fix="align session_start_time to the earliest time in the data",
)
def negative_spikes(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    p = _profile(ctx, record)
    if p is not None and p.minimum is not None and p.minimum < 0:
        yield Note(
            f"a spike time is negative ({p.minimum:g} s)",
            child_path(record, "spike_times"),
            p.sampled,
        )


@best_practice(
    "B403",
    "check_units_resolution_is_set",
    VIOLATION,
    UNITS,
    "the Units table has spike times but no positive resolution",
    why="resolution says how precise the spike times are",
    fix="set resolution to 1 / the sampling rate, e.g. 1/30000",
)
def resolution_is_set(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    if _spikes(ctx, record) is None:
        return
    value = resolution(ctx, record)
    if value is None or is_nan(value):
        yield Note("the Units table has spike_times but resolution is not set")
    elif value <= 0:
        yield Note(f"the Units table's resolution {value:g} is not positive")


@best_practice(
    "B404",
    "check_units_resolution_is_valid",
    VIOLATION,
    UNITS,
    "the Units table's resolution is above 0.01 s",
    why="so coarse a resolution is likely a sampling rate, not 1 / rate",
    fix="set resolution to 1 / the sampling rate",
)
def resolution_valid(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    value = resolution(ctx, record)
    if _spikes(ctx, record) is not None and value is not None and value > 0.01:
        yield Note(f"the resolution {value:g} s is unexpectedly large")


@best_practice(
    "B405",
    "check_spike_times_not_in_samples",
    CRITICAL,
    UNITS,
    "every spike time is a whole number: sample indices, not seconds",
    why="spike times are in seconds; whole numbers are sample indices",
    fix="divide by the sampling rate (or set resolution >= 1 if truly so coarse)",
)
def in_samples(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    value = resolution(ctx, record)
    if value is not None and value >= 1.0:
        return
    p = _profile(ctx, record)
    if p is not None and p.count and p.minimum is not None and p.integral:
        yield Note(
            "every spike time is a whole number",
            child_path(record, "spike_times"),
            p.sampled,
        )


@best_practice(
    "B406",
    "check_ascending_spike_times",
    CRITICAL,
    UNITS,
    "a unit's spike times are not ascending",
    why="descending spike times are a data error; equal ones break refractoriness",
    fix="sort each unit's spike times (set resolution if equal times are real)",
)
def ascending(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    spikes = _spikes(ctx, record)
    index = record_at(ctx, child_path(record, "spike_times_index"))
    if spikes is None or index is None or ctx.values is None:
        return
    ends = ctx.values.head(index.path, SAMPLE)
    breaks = np.asarray(ends if ends is not None else [], dtype=np.int64)
    p = ctx.values.profile(spikes.path, breaks)
    if p is None:
        return
    if p.first_decrease is not None:
        unit = int(np.searchsorted(breaks, p.first_decrease, side="right"))
        yield Note(f"unit {unit} has descending spike times", spikes.path, p.sampled)
    elif p.first_repeat is not None and resolution(ctx, record) is None:
        unit = int(np.searchsorted(breaks, p.first_repeat, side="right"))
        yield Note(
            f"unit {unit} has equal consecutive spike times", spikes.path, p.sampled
        )


@best_practice(
    "B407",
    "check_units_table_duration",
    CRITICAL,
    UNITS,
    "the spike times span more than a year",
    why="so long a span usually means times in milliseconds or samples",
    fix="write spike times in seconds",
)
def duration(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    p = _profile(ctx, record)
    if p is not None and p.minimum is not None and p.maximum is not None:
        length = p.maximum - p.minimum
        if length > YEAR:
            yield Note(
                f"the spike times span {length:.2f} s ({length / YEAR:.2f} years)",
                child_path(record, "spike_times"),
                p.sampled,
            )
