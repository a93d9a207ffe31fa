"""Time series and image series: timing and external files.

* exactly one of ``timestamps`` and ``starting_time`` (``T001``);
* ``timestamps`` as long as ``data``'s first dimension (``T002``), unless the
  series keeps its frames in ``external_file`` (``data`` is then a placeholder);
* ``timestamps`` ascending (``T003``, a warning);
* ``ImageSeries`` with ``external_file`` must say ``format: external`` (``T004``),
  have one ``starting_frame`` per external file (``T005``), and name files that
  exist relative to the NWB file (``T006``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from nwb_lsp.findings import (
    Finding,
    Location,
    Related,
    Severity,
    SpecRef,
    define_code,
    finding,
)
from nwb_lsp.hdf5.records import ObjectRecord
from nwb_lsp.rules.context import CheckContext
from nwb_lsp.rules.guard import guarded
from nwb_lsp.urls import is_url

TIMING = define_code(
    "T001",
    Severity.ERROR,
    "a time series needs exactly one of timestamps and starting_time",
    "timeseries",
)
TIMESTAMPS_LENGTH = define_code(
    "T002", Severity.ERROR, "timestamps and data differ in length", "timeseries"
)
TIMESTAMPS_ORDER = define_code(
    "T003", Severity.WARNING, "timestamps are not ascending", "timeseries"
)
FORMAT_NOT_EXTERNAL = define_code(
    "T004",
    Severity.ERROR,
    "an ImageSeries with external_file must have format 'external'",
    "timeseries",
)
STARTING_FRAME = define_code(
    "T005",
    Severity.ERROR,
    "starting_frame needs one entry per external file",
    "timeseries",
)
EXTERNAL_FILE_MISSING = define_code(
    "T006",
    Severity.WARNING,
    "an ImageSeries external file does not exist",
    "timeseries",
)


def check(ctx: CheckContext) -> Iterable[Finding]:
    for series in ctx.typed("TimeSeries"):
        yield from guarded("time series", series.path, _timing(ctx, series))
    for series in ctx.typed("ImageSeries"):
        yield from guarded("external file", series.path, _external(ctx, series))


def _timing(ctx: CheckContext, series: ObjectRecord) -> Iterable[Finding]:
    stamps = ctx.child(series, "timestamps")
    start = ctx.child(series, "starting_time")
    here = Location(hdf5_path=series.path)
    if (stamps is None) == (start is None):
        has = "both" if stamps is not None else "neither"
        yield finding(
            TIMING,
            f"the series has {has} timestamps and starting_time",
            here,
            spec=_spec(ctx, series),
        )
        return
    stamps = ctx.target(stamps)
    if stamps is None or not stamps.shape:
        return
    data = ctx.target(ctx.child(series, "data"))
    # With external_file (ImageSeries), data is a placeholder: frames live elsewhere.
    external = ctx.child(series, "external_file") is not None
    samples = data.shape[0] if data is not None and data.shape else 0
    if data is not None and not external and samples not in (0, stamps.shape[0]):
        yield finding(
            TIMESTAMPS_LENGTH,
            f"{stamps.shape[0]} timestamps for {samples} samples of data",
            Location(hdf5_path=stamps.path),
            related=[Related(Location(hdf5_path=data.path), "data")],
            spec=_spec(ctx, series),
        )
    if ctx.values is not None:
        summary = ctx.values.summary(stamps.path)
        if summary is not None and summary.first_decrease is not None:
            yield finding(
                TIMESTAMPS_ORDER,
                f"timestamp {summary.first_decrease} is earlier than the one before it",
                Location(hdf5_path=stamps.path),
                spec=_spec(ctx, series),
            )


def _spec(ctx: CheckContext, series: ObjectRecord) -> SpecRef | None:
    typedef = ctx.catalog.get(series.neurodata_type or "")
    return typedef.ref if typedef else None


def _external(ctx: CheckContext, series: ObjectRecord) -> Iterable[Finding]:
    external = ctx.child(series, "external_file")
    if external is None or not external.shape:
        return
    count = external.shape[0]
    fmt = ctx.child(series, "format")
    value = ctx.values.text(fmt.path) if fmt is not None and ctx.values else None
    if value is not None and value != "external":
        yield finding(
            FORMAT_NOT_EXTERNAL,
            f"format is '{value}' but external_file is set; it must be 'external'",
            Location(hdf5_path=fmt.path if fmt else series.path),
            spec=_spec(ctx, series),
        )
    frames = external.attrs.get("starting_frame")
    if isinstance(frames, list) and len(frames) != count:
        yield finding(
            STARTING_FRAME,
            f"{len(frames)} starting_frame value(s) for {count} external file(s)",
            Location(hdf5_path=external.path),
            spec=_spec(ctx, series),
        )
    if ctx.values is None or is_url(ctx.index.path):
        return  # files beside a remote file are not looked for (no requests)
    base = Path(ctx.index.path).resolve().parent
    for name in ctx.values.strings(external.path):
        if not (base / name).exists():
            yield finding(
                EXTERNAL_FILE_MISSING,
                f"external file '{name}' does not exist (relative to {base})",
                Location(hdf5_path=external.path),
                spec=_spec(ctx, series),
            )
