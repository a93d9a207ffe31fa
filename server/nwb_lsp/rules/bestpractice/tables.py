"""Best practices for tables (DynamicTable) and time intervals.

A table has rows, more than one (else another type fits better), unique ids;
columns that are not all NaN, not two-valued numbers or words that a boolean would
store, not dictionaries stored as strings; time columns do not start negative.
In TimeIntervals start times ascend, vary, stop times follow them, and the span
stays under a year. A DynamicTableRegion's indices are within its table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np

from nwb_lsp.hdf5.records import ObjectRecord
from nwb_lsp.rules.bestpractice.read import attr, child_path, record_at
from nwb_lsp.rules.bestpractice.registry import (
    CRITICAL,
    SUGGESTION,
    VIOLATION,
    Note,
    best_practice,
)
from nwb_lsp.rules.context import CheckContext, entries

TABLE, INTERVALS = "DynamicTable", "TimeIntervals"
YEAR = 31557600.0
NELEMS = 200  # string values looked at per column, as nwbinspector does
DICT = re.compile(r"({.+:.+})")
BINARY_WORDS = (
    {"yes", "no"},
    {"y", "n"},
    {"true", "false"},
    {"t", "f"},
    {"hit", "miss"},
)


def rows(ctx: CheckContext, table: ObjectRecord) -> int | None:
    ids = record_at(ctx, child_path(table, "id"))
    return ids.shape[0] if ids is not None and ids.shape else None


def columns(ctx: CheckContext, table: ObjectRecord) -> list[ObjectRecord]:
    """The table's data columns (named in colnames), links followed."""
    names = attr(table, "colnames")
    names = [names] if isinstance(names, str) else names or []
    found = [record_at(ctx, child_path(table, str(n))) for n in names]
    return [c for c in found if c is not None and c.shape is not None]


def ragged(ctx: CheckContext, table: ObjectRecord, column: ObjectRecord) -> bool:
    return ctx.index.objects.get(child_path(table, f"{column.name}_index")) is not None


@best_practice(
    "B302",
    "check_empty_table",
    VIOLATION,
    TABLE,
    "the table has no rows",
    why="an empty table is usually a conversion that lost its data",
    fix="add the rows, or leave the table out",
)
def empty_table(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    if rows(ctx, record) == 0:
        yield Note("the table has no rows")


@best_practice(
    "B307",
    "check_single_row",
    SUGGESTION,
    TABLE,
    "the table has a single row",
    why="a one-row table may be better stored as another type",
    fix="store the row's values in a type made for one item",
)
def single_row(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    if ctx.is_a(record, "Units") or record.name == "electrodes":
        return  # one unit or one electrode is fine
    if rows(ctx, record) == 1:
        yield Note("the table has only a single row")


@best_practice(
    "B310",
    "check_ids_unique",
    CRITICAL,
    TABLE,
    "the table's ids are not unique",
    why="ids identify rows; a repeated id makes references ambiguous",
    fix="give every row its own id",
)
def ids_unique(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    ids = record_at(ctx, child_path(record, "id"))
    if ids is not None and ids.shape and ctx.values is not None:
        repeated = ctx.values.first_duplicate(ids.path)
        if repeated is not None:
            yield Note(f"the id {repeated} occurs more than once", ids.path)


def _user_columns(ctx: CheckContext, record: ObjectRecord) -> list[ObjectRecord]:
    """Columns the table's type does not define (their dtype is the user's)."""
    defined = entries(ctx.catalog.resolved(str(record.neurodata_type)), "datasets")
    return [c for c in columns(ctx, record) if c.name not in defined]


@best_practice(
    "B306",
    "check_column_binary_capability",
    SUGGESTION,
    TABLE,
    "a column holds two values (0/1, yes/no...) that a boolean would store",
    why="a boolean column is smaller and says what it means",
    fix="store the column as bool and name it is_...",
)
def binary_column(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    for column in _user_columns(ctx, record):
        if column.dtype is None or ctx.values is None:
            continue
        numeric = column.dtype.kind.value in ("int", "uint", "float")
        if numeric and column.dtype.itemsize > 1:
            p = ctx.values.profile(column.path)
            if p is not None and p.distinct == {0.0, 1.0} and not p.nan_count:
                yield Note(
                    f"column '{column.name}' holds only 0 and 1", column.path, p.sampled
                )
        elif column.dtype.kind.value == "text":
            words = {w.lower() for w in ctx.values.strings(column.path, NELEMS)}
            if words in BINARY_WORDS:
                yield Note(
                    f"column '{column.name}' holds only {sorted(words)}", column.path
                )


@best_practice(
    "B308",
    "check_table_values_for_dict",
    VIOLATION,
    TABLE,
    "a column holds dictionaries stored as strings",
    why="a dictionary in a string cannot be queried or validated",
    fix="unpack each key into its own column",
)
def dict_strings(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    for column in columns(ctx, record):
        if column.dtype is None or column.dtype.kind.value != "text" or not ctx.values:
            continue
        if any(DICT.search(s) for s in ctx.values.strings(column.path, NELEMS)):
            yield Note(
                f"column '{column.name}' holds a dictionary as a string", column.path
            )


@best_practice(
    "B309",
    "check_col_not_nan",
    SUGGESTION,
    TABLE,
    "a column's values are all NaN",
    why="a column of NaN holds nothing",
    fix="leave the column out",
)
def nan_column(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    for column in columns(ctx, record):
        if column.dtype is None or column.dtype.kind.value != "float" or not ctx.values:
            continue
        p = ctx.values.profile(column.path)
        if p is not None and p.all_nan:
            yield Note(
                f"column '{column.name}' has only NaN values", column.path, p.sampled
            )


def _first_row(
    ctx: CheckContext, table: ObjectRecord, column: ObjectRecord
) -> np.ndarray | None:
    if ctx.values is None:
        return None
    if not ragged(ctx, table, column):
        return ctx.values.head(column.path, 1)
    ends = ctx.values.head(child_path(table, f"{column.name}_index"), 1)
    if ends is None or not ends.size:
        return None
    return ctx.values.head(column.path, max(int(ends[0]), 0))


@best_practice(
    "B311",
    "check_table_time_columns_are_not_negative",
    SUGGESTION,
    TABLE,
    "a time column (named ..._time) starts with a negative time",
    why="negative times usually mean the data are misaligned with the session start",
    fix="align session_start_time to the earliest time in the data",
)
def negative_time_column(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    for column in columns(ctx, record):
        if not column.name.endswith("_time"):
            continue
        first = _first_row(ctx, record, column)
        if first is not None and first.size and bool(np.any(first < 0)):
            yield Note(f"times in column '{column.name}' are negative", column.path)


@best_practice(
    "B301",
    "check_dynamic_table_region_data_validity",
    CRITICAL,
    "DynamicTableRegion",
    "a DynamicTableRegion index is outside its table",
    why="an index past the table points at no row (data are indices, not ids)",
    fix="write row indices 0..len(table)-1, not ids",
)
def region_validity(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    table = next(
        (
            r.target
            for r in ctx.index.references
            if r.source == record.path and r.name == "table"
        ),
        None,
    )
    target = ctx.index.objects.get(table) if table else None
    size = rows(ctx, target) if target is not None else None
    p = ctx.values.profile(record.path) if ctx.values is not None else None
    if size is None or p is None or p.maximum is None:
        return
    if p.maximum >= size:
        yield Note(
            f"index {p.maximum:g} is past the {size} rows of the table", None, p.sampled
        )
    elif p.minimum is not None and p.minimum < 0:
        yield Note(f"index {p.minimum:g} is negative", None, p.sampled)
