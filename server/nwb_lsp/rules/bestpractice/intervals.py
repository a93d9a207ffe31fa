"""Best practices for TimeIntervals (trials, epochs, any interval table).

Start times ascend and are not all one value; each stop time is after its start;
the intervals span less than a year (a longer span usually means times in
milliseconds or samples).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from nwb_lsp.hdf5.profile import SAMPLE, Profile
from nwb_lsp.hdf5.records import ObjectRecord
from nwb_lsp.rules.bestpractice.read import child_path, record_at
from nwb_lsp.rules.bestpractice.registry import CRITICAL, VIOLATION, Note, best_practice
from nwb_lsp.rules.bestpractice.tables import columns, rows
from nwb_lsp.rules.context import CheckContext

INTERVALS = "TimeIntervals"
YEAR = 31557600.0


def _profile(ctx: CheckContext, record: ObjectRecord, name: str) -> Profile | None:
    column = record_at(ctx, child_path(record, name))
    if column is None or ctx.values is None:
        return None
    return ctx.values.profile(column.path)


@best_practice(
    "B303",
    "check_time_intervals_start_time_not_constant",
    CRITICAL,
    INTERVALS,
    "every start_time is the same value",
    why="identical start times usually mean times not relative to the session",
    fix="write each interval's own start time, relative to session_start_time",
)
def start_constant(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    if (rows(ctx, record) or 0) <= 1:
        return
    p = _profile(ctx, record, "start_time")
    if p is not None and p.count > 1 and p.minimum == p.maximum and not p.nan_count:
        yield Note(
            f"every start_time is {p.minimum:g}",
            child_path(record, "start_time"),
            p.sampled,
        )


@best_practice(
    "B304",
    "check_time_interval_time_columns",
    VIOLATION,
    INTERVALS,
    "start_time is not ascending",
    why="readers expect intervals in time order",
    fix="sort the rows by start_time",
)
def start_ascending(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    p = _profile(ctx, record, "start_time")
    if p is not None and p.first_decrease is not None:
        yield Note(
            f"start_time {p.first_decrease} is earlier than the one before it",
            child_path(record, "start_time"),
            p.sampled,
        )


@best_practice(
    "B305",
    "check_time_intervals_stop_after_start",
    VIOLATION,
    INTERVALS,
    "a stop_time is not after its start_time",
    why="an interval ends after it starts",
    fix="check the stop times are relative to session_start_time, like start times",
)
def stop_after_start(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    if ctx.values is None:
        return
    start = ctx.values.head(child_path(record, "start_time"), SAMPLE)
    stop = ctx.values.head(child_path(record, "stop_time"), SAMPLE)
    if start is None or stop is None:
        return
    n = min(start.size, stop.size)
    late = np.flatnonzero(stop[:n] - start[:n] <= 0)
    if late.size:
        total = rows(ctx, record) or n
        sampled = f"the first {n:,} of {total:,} rows" if n < total else None
        yield Note(
            f"row {int(late[0])} stops before or when it starts",
            child_path(record, "stop_time"),
            sampled,
        )


@best_practice(
    "B312",
    "check_time_intervals_duration",
    CRITICAL,
    INTERVALS,
    "the intervals span more than a year",
    why="so long a span usually means times in milliseconds or samples",
    fix="write times in seconds relative to session_start_time",
)
def span(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    if not rows(ctx, record):
        return
    lows, highs, sampled = [], [], None
    for column in columns(ctx, record):
        if not column.name.endswith("_time") or ctx.values is None:
            continue
        p = ctx.values.profile(column.path)
        if p is not None and p.minimum is not None and p.maximum is not None:
            lows.append(p.minimum)
            highs.append(p.maximum)
            sampled = sampled or p.sampled
    if lows and max(highs) - min(lows) > YEAR:
        length = max(highs) - min(lows)
        yield Note(
            f"the intervals span {length:.2f} s ({length / YEAR:.2f} years)",
            None,
            sampled,
        )
