"""Best practices for behaviour: positions and directions (SpatialSeries).

A SpatialSeries has at most three columns (x, y, z) and a spatial unit; inside a
CompassDirection its unit is an angle, and angles stay within one turn either
way (2 pi radians, 360 degrees).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from nwb_lsp.hdf5.records import ObjectRecord
from nwb_lsp.rules.bestpractice.read import attr_text, child_path
from nwb_lsp.rules.bestpractice.registry import CRITICAL, VIOLATION, Note, best_practice
from nwb_lsp.rules.bestpractice.series import part, shape
from nwb_lsp.rules.context import CheckContext

SPATIAL = "SpatialSeries"
UNITS = ("meters", "centimeters", "millimeters", "micrometers", "degrees", "radians")
VALID_UNITS = (*UNITS, "pixels", "n.a.")


def _unit(ctx: CheckContext, record: ObjectRecord) -> str | None:
    return attr_text(part(ctx, record, "data"), "unit")


@best_practice(
    "B520",
    "check_spatial_series_dims",
    CRITICAL,
    SPATIAL,
    "a SpatialSeries has more than 3 columns",
    why="positions have 1 to 3 coordinates (x, y, z)",
    fix="write data as (time, 1-3 coordinates)",
)
def spatial_dims(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    dims = shape(ctx, record, "data")
    if dims is not None and len(dims) > 1 and dims[1] > 3:
        yield Note(f"data has {dims[1]} columns; a SpatialSeries has 1 to 3")


@best_practice(
    "B521",
    "check_compass_direction_unit",
    VIOLATION,
    "CompassDirection",
    "a SpatialSeries in a CompassDirection is not in degrees or radians",
    why="a compass direction is an angle",
    fix="set unit to 'degrees' or 'radians'",
)
def compass_unit(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    for child in ctx.index.children(record.path):
        unit = _unit(ctx, child) if ctx.is_a(child, SPATIAL) else "degrees"
        if unit not in ("degrees", "radians"):
            yield Note(
                f"'{child.name}' has unit '{unit}', not 'degrees' or 'radians'",
                child.path,
            )


def _magnitude(
    ctx: CheckContext, record: ObjectRecord, units: tuple[str, ...], bound: float
) -> Iterator[Note]:
    data = part(ctx, record, "data")
    if _unit(ctx, record) not in units or data is None or ctx.values is None:
        return
    p = ctx.values.profile(data.path)
    if p is None or p.minimum is None or p.maximum is None:
        return
    if p.maximum > bound or p.minimum < -bound:
        yield Note(
            f"values in {units[-1]} must be between -{bound:g} and {bound:g}",
            child_path(record, "data"),
            p.sampled,
        )


@best_practice(
    "B522",
    "check_spatial_series_radians_magnitude",
    VIOLATION,
    SPATIAL,
    "an angle in radians is beyond 2 pi either way",
    why="an angle beyond one turn usually means the unit is wrong",
    fix="check the unit (degrees?) or wrap the angles",
)
def radians(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    yield from _magnitude(ctx, record, ("radian", "radians"), 2 * math.pi)


@best_practice(
    "B523",
    "check_spatial_series_degrees_magnitude",
    VIOLATION,
    SPATIAL,
    "an angle in degrees is beyond 360 either way",
    why="an angle beyond one turn usually means the unit is wrong",
    fix="check the unit or wrap the angles",
)
def degrees(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    yield from _magnitude(ctx, record, ("degree", "degrees"), 360.0)


@best_practice(
    "B524",
    "check_spatial_series_unit",
    VIOLATION,
    SPATIAL,
    "a SpatialSeries' unit is not a spatial unit",
    why="positions are read in a known unit of length, angle or pixels",
    fix="use one of: " + ", ".join(VALID_UNITS),
)
def spatial_unit(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    parent = ctx.index.objects.get(record.parent or "/")
    if ctx.is_a(parent, "CompassDirection"):
        return
    unit = _unit(ctx, record)
    if unit not in VALID_UNITS:
        yield Note(f"unit '{unit}' is not a spatial unit", child_path(record, "data"))
