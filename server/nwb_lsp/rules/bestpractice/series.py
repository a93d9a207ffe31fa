"""Best practices for time series: timing, orientation, units, resolution.

Time is the first dimension of ``data``; timestamps ascend, hold no NaN, do not
start before the session, and, when regular, are better stored as ``starting_time``
and ``rate``; a rate is positive and not so low that it looks like a period; a
series lasts less than a year; ``unit`` is given and ``resolution`` is -1 (unknown)
or positive. Timestamps are judged through the streaming value reader, within the
file's byte budget (a finding judged on a sample says so).
"""

from __future__ import annotations

from collections.abc import Iterator

from nwb_lsp.hdf5.profile import Profile
from nwb_lsp.hdf5.records import ObjectRecord
from nwb_lsp.rules.bestpractice.read import (
    attr_number,
    attr_text,
    child_path,
    number,
    record_at,
)
from nwb_lsp.rules.bestpractice.registry import (
    CRITICAL,
    SUGGESTION,
    VIOLATION,
    Note,
    best_practice,
)
from nwb_lsp.rules.context import CheckContext

SERIES = "TimeSeries"
YEAR = 31557600.0
LOW_RATE = 0.01


def part(ctx: CheckContext, record: ObjectRecord, name: str) -> ObjectRecord | None:
    return record_at(ctx, child_path(record, name))


def shape(ctx: CheckContext, record: ObjectRecord, name: str) -> tuple[int, ...] | None:
    found = part(ctx, record, name)
    return found.shape if found is not None and found.shape else None


def rate(ctx: CheckContext, record: ObjectRecord) -> float | None:
    return attr_number(part(ctx, record, "starting_time"), "rate")


def stamps(ctx: CheckContext, record: ObjectRecord) -> tuple[str, Profile] | None:
    """The timestamps' path and profile, when the series has timestamps."""
    found = part(ctx, record, "timestamps")
    if found is None or not found.shape or ctx.values is None:
        return None
    profile = ctx.values.profile(found.path)
    # the series' own path, also when it links to another series' timestamps
    where = child_path(record, "timestamps")
    return (where, profile) if profile is not None else None


@best_practice(
    "B201",
    "check_regular_timestamps",
    VIOLATION,
    SERIES,
    "timestamps are regular: starting_time and rate would do",
    why="regular timestamps waste space and hide the sampling rate",
    fix="store starting_time and rate instead of timestamps",
)
def regular_timestamps(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    found = stamps(ctx, record)
    if found is None:
        return
    path, p = found
    if p.length > 2 and p.regular and p.step and not p.nan_count:
        yield Note(
            f"the timestamps are regular; consider starting_time={p.first} and "
            f"rate={1 / p.step:g} instead",
            path,
            p.sampled,
        )


@best_practice(
    "B202",
    "check_data_orientation",
    CRITICAL,
    SERIES,
    "data's first dimension (time) is shorter than another",
    why="NWB puts time first; a longer other axis usually means transposed data",
    fix="transpose data so that time is the first dimension",
)
def data_orientation(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    if ctx.is_a(record, "SpikeEventSeries"):
        return  # (events, channels, samples): samples may outnumber events
    dims = shape(ctx, record, "data")
    if dims is not None and any(d > dims[0] for d in dims[1:]):
        yield Note(
            f"data may be transposed: time is the first dimension, usually the "
            f"longest, but the shape is {dims}",
            child_path(record, "data"),
        )


@best_practice(
    "B203",
    "check_timestamps_match_first_dimension",
    CRITICAL,
    SERIES,
    "the timestamps and data's first dimension differ in length",
    why="each sample of data needs its own timestamp",
    fix="write one timestamp per row of data",
)
def timestamps_length(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    dims, times = shape(ctx, record, "data"), shape(ctx, record, "timestamps")
    if dims is None or times is None or dims[0] == times[0]:
        return
    if part(ctx, record, "external_file") is not None and dims[0] == 0:
        return
    yield Note(
        f"data's first dimension ({dims[0]}) differs from the length of timestamps "
        f"({times[0]})",
        child_path(record, "timestamps"),
    )


@best_practice(
    "B204",
    "check_timestamps_ascending",
    VIOLATION,
    SERIES,
    "timestamps are not ascending",
    why="readers search timestamps assuming they ascend",
    fix="sort the samples by time before writing",
)
def timestamps_ascending(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    found = stamps(ctx, record)
    if found is not None and found[1].first_decrease is not None:
        at = found[1].first_decrease
        yield Note(
            f"timestamp {at} is earlier than the one before it",
            found[0],
            found[1].sampled,
        )


@best_practice(
    "B205",
    "check_timestamps_without_nans",
    VIOLATION,
    SERIES,
    "timestamps contain NaN",
    why="a NaN timestamp places its sample nowhere in time",
    fix="drop the samples without a time, or interpolate their timestamps",
)
def timestamps_nan(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    found = stamps(ctx, record)
    if found is not None and found[1].nan_count:
        p = found[1]
        yield Note(f"{p.nan_count} timestamp(s) are NaN", found[0], p.sampled)


@best_practice(
    "B206",
    "check_timestamp_of_the_first_sample_is_not_negative",
    SUGGESTION,
    SERIES,
    "the first sample's time is negative",
    why="negative times usually mean the data are misaligned with the session start",
    fix="align session_start_time to the earliest time in the data",
)
def first_time_negative(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    start = number(ctx, child_path(record, "starting_time"))
    where = child_path(record, "starting_time")
    if start is None and ctx.values is not None and part(ctx, record, "timestamps"):
        where = child_path(record, "timestamps")
        first = ctx.values.head(where, 1)
        start = float(first[0]) if first is not None and first.size else None
    if start is not None and start < 0:
        yield Note(f"the first sample's time is negative ({start:g} s)", where)


@best_practice(
    "B207",
    "check_missing_unit",
    VIOLATION,
    SERIES,
    "data has no unit",
    why="values without a unit cannot be interpreted",
    fix="set unit to the scientific unit of data",
)
def missing_unit(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    data = part(ctx, record, "data")
    if data is not None and not attr_text(data, "unit"):
        yield Note(
            "the 'unit' attribute of data is missing or empty",
            child_path(record, "data"),
        )


@best_practice(
    "B208",
    "check_resolution",
    VIOLATION,
    SERIES,
    "resolution is neither -1 (unknown) nor positive",
    why="resolution is the smallest meaningful difference; -1 or NaN means unknown",
    fix="set resolution to -1.0 when unknown",
)
def resolution(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    data = part(ctx, record, "data")
    value = attr_number(data, "resolution")
    if data is not None and value is not None and value != -1.0 and value <= 0:
        yield Note(
            f"resolution should be -1.0 or NaN for unknown, not {value:g}",
            child_path(record, "data"),
        )


@best_practice(
    "B209",
    "check_rate_is_not_zero",
    CRITICAL,
    SERIES,
    "the rate is zero but the series has more than one sample",
    why="a rate of zero puts every sample at the same time",
    fix="set the true sampling rate (Hz)",
)
def rate_zero(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    dims = shape(ctx, record, "data")
    if rate(ctx, record) == 0.0 and dims is not None and dims[0] > 1:
        yield Note("the sampling rate is 0 Hz but the series has more than one sample")


@best_practice(
    "B210",
    "check_rate_is_positive",
    CRITICAL,
    SERIES,
    "the rate is negative",
    why="a sampling rate is a frequency, never negative",
    fix="set the true sampling rate (Hz)",
)
def rate_negative(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    value = rate(ctx, record)
    if value is not None and value < 0:
        yield Note(f"the sampling rate {value:g} Hz is negative")


@best_practice(
    "B211",
    "check_time_series_duration",
    VIOLATION,
    SERIES,
    "the series lasts more than a year",
    why="so long a span usually means times in ms or samples, or a wrong rate",
    fix="check the units of timestamps and the rate",
)
def duration(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    dims = shape(ctx, record, "data")
    if dims is None or dims[0] <= 1:
        return
    found, value, sampled = stamps(ctx, record), rate(ctx, record), None
    span = None
    if found is not None and found[1].length > 1 and found[1].last is not None:
        span, sampled = (found[1].last - (found[1].first or 0.0)), found[1].sampled
    elif found is None and value is not None and value > 0:
        span = (dims[0] - 1) / value
    if span is not None and span > YEAR:
        yield Note(
            f"the series lasts {span:.2f} s ({span / YEAR:.2f} years)", None, sampled
        )


@best_practice(
    "B212",
    "check_time_series_data_is_not_empty",
    VIOLATION,
    SERIES,
    "data is empty",
    why="an empty series is usually a conversion that lost its data",
    fix="write the data, or leave the series out",
)
def data_empty(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    external = part(ctx, record, "external_file")
    if external is not None and external.shape and external.shape[0] > 0:
        return
    data = part(ctx, record, "data")
    if data is None:  # pynwb reads a series without data as empty (M010 too)
        yield Note("data is missing")
    elif data.shape is not None and 0 in data.shape:
        yield Note("data is empty", child_path(record, "data"))


@best_practice(
    "B213",
    "check_rate_not_below_threshold",
    VIOLATION,
    SERIES,
    "the rate is below 0.01 Hz, perhaps a period given as a rate",
    why="a rate that low usually means the sampling period was written instead",
    fix="write the rate in Hz (1 / period)",
)
def rate_low(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    value = rate(ctx, record)
    if value is not None and 0 < value < LOW_RATE:
        yield Note(
            f"the sampling rate {value:g} Hz is one sample every {1 / value:.2f} s"
        )
