"""Best practices for extracellular and intracellular electrophysiology, and
optogenetics.

An ElectricalSeries has one column of data per electrode it names (a transposed
array has them first), names rows of the file's electrodes table, and integer
data come with the conversion to volts. An intracellular electrode names its
cell; the SweepTable is deprecated since NWB 2.4; an optogenetic stimulus site is
used by some OptogeneticSeries.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from nwb_lsp.hdf5.records import ObjectRecord
from nwb_lsp.rules.bestpractice.read import attr_number, child_path, record_at
from nwb_lsp.rules.bestpractice.registry import CRITICAL, VIOLATION, Note, best_practice
from nwb_lsp.rules.bestpractice.series import part, shape
from nwb_lsp.rules.context import CheckContext

ELECTRICAL = "ElectricalSeries"


def region_table(ctx: CheckContext, region: ObjectRecord | None) -> str | None:
    """The path of the table a DynamicTableRegion's ``table`` attribute names."""
    if region is None:
        return None
    for ref in ctx.index.references:
        if ref.source == region.path and ref.name == "table":
            return ref.target
    return None


def orientation(
    dims: tuple[int, ...], axis: int, count: int, what: str
) -> Iterator[Note]:
    if dims[axis] == count:
        return
    if dims[axis - 1] == count:
        yield Note(
            f"data's first dimension, not its second, matches the {count} {what}: "
            "the data should be transposed"
        )
    else:
        yield Note(
            f"data's second dimension ({dims[axis]}) differs from the {count} {what}"
        )


@best_practice(
    "B410",
    "check_electrical_series_dims",
    CRITICAL,
    ELECTRICAL,
    "data's second dimension differs from the number of electrodes",
    why="each column of data is one electrode; a mismatch means transposed data",
    fix="write data as (time, electrodes)",
)
def electrical_dims(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    dims, electrodes = shape(ctx, record, "data"), shape(ctx, record, "electrodes")
    if dims is None or electrodes is None:
        return
    rank = 3 if ctx.is_a(record, "SpikeEventSeries") else 2
    if len(dims) == rank:
        for note in orientation(dims, 1, electrodes[0], "electrodes"):
            yield Note(note.message, child_path(record, "data"))


@best_practice(
    "B411",
    "check_electrical_series_reference_electrodes_table",
    VIOLATION,
    ELECTRICAL,
    "electrodes does not refer to the electrodes table",
    why="the file's electrodes table is where readers look for electrode metadata",
    fix="make electrodes a region of the NWBFile's electrodes table",
)
def electrodes_table(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    table = region_table(ctx, part(ctx, record, "electrodes"))
    if table is not None and table.rsplit("/", 1)[-1] != "electrodes":
        yield Note(f"electrodes refers to {table}, not an electrodes table")


@best_practice(
    "B412",
    "check_electrical_series_unscaled_data",
    VIOLATION,
    ELECTRICAL,
    "integer data without a conversion to volts",
    why="raw integer counts are not volts unless conversion or offset says how",
    fix="set conversion and/or offset (or channel_conversion) to get volts",
)
def unscaled(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    data = part(ctx, record, "data")
    if data is None or not data.shape or data.dtype is None:
        return
    if data.dtype.kind.value not in ("int", "uint"):
        return
    if (attr_number(data, "conversion") or 1.0) != 1.0 or attr_number(data, "offset"):
        return
    channels = part(ctx, record, "channel_conversion")
    if channels is not None and ctx.values is not None:
        factors = ctx.values.head(channels.path)
        if factors is not None and not np.allclose(factors, 1.0):
            return
    yield Note(
        f"data of dtype {data.dtype.numpy} with conversion 1 and offset 0 is likely "
        "in raw units, not volts",
        child_path(record, "data"),
    )


@best_practice(
    "B530",
    "check_intracellular_electrode_cell_id_exists",
    VIOLATION,
    "IntracellularElectrode",
    "the intracellular electrode has no cell_id",
    why="the cell id ties recordings of one cell together",
    fix="set cell_id",
)
def cell_id(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    if "cell_id" not in record.children:
        yield Note("the IntracellularElectrode has no cell_id")


@best_practice(
    "B531",
    "check_sweeptable_deprecated",
    VIOLATION,
    "SweepTable",
    "the SweepTable is deprecated (NWB 2.4 and later)",
    why="NWB 2.4 replaced the SweepTable by the intracellular recordings tables",
    fix="use IntracellularRecordingsTable (NWBFile.add_intracellular_recordings)",
)
def sweep_table(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    version = tuple(
        int(p) for p in (ctx.index.nwb_version or "0").split(".")[:3] if p.isdigit()
    )
    if version > (2, 3, 0):
        yield Note("the SweepTable is deprecated; use IntracellularRecordingsTable")


@best_practice(
    "B540",
    "check_optogenetic_stimulus_site_has_optogenetic_series",
    VIOLATION,
    "OptogeneticStimulusSite",
    "no OptogeneticSeries uses this stimulus site",
    why="a site without a series describes a stimulation that is not in the file",
    fix="link the site from its OptogeneticSeries, or leave it out",
)
def ogen_site(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    for ref in ctx.index.referrers(record.path):
        owner = record_at(ctx, ref.source.rsplit("/", 1)[0] or "/")
        if ref.source.endswith("/site") and ctx.is_a(owner, "OptogeneticSeries"):
            return
    yield Note("the OptogeneticStimulusSite is not used by any OptogeneticSeries")
