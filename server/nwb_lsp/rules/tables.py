"""Dynamic tables: lengths, ragged-column indexes, region bounds, unique ids.

A ``DynamicTable`` is a group whose columns (``VectorData``, each named in
``colnames``) and ``id`` all have one row per table row; a ragged column adds a
``VectorIndex`` whose values are end offsets into its target, so they must never
decrease nor exceed the target's length.
A ``DynamicTableRegion`` holds row indices into another table, each of which must be
in ``0..len(table)-1`` — all values are checked, streamed in bounded chunks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from nwb_lsp.findings import Finding, Location, Related, Severity, define_code, finding
from nwb_lsp.hdf5.records import ObjectRecord
from nwb_lsp.rules.context import CheckContext, entries
from nwb_lsp.rules.guard import guarded
from nwb_lsp.schema.catalog import entry_type

REGION_OUT_OF_RANGE = define_code(
    "G006", Severity.ERROR, "a DynamicTableRegion index is outside its table", "graph"
)
INDEX_DECREASES = define_code(
    "G007", Severity.ERROR, "a VectorIndex decreases", "graph"
)
INDEX_PAST_END = define_code(
    "G008", Severity.ERROR, "a VectorIndex points past the end of its target", "graph"
)
COLUMN_LENGTH = define_code(
    "G009", Severity.ERROR, "a table column's length differs from the table's", "graph"
)
DUPLICATE_ID = define_code(
    "G010", Severity.ERROR, "a DynamicTable's ids are not unique", "graph"
)
BAD_COLUMN = define_code(
    "G012",
    Severity.ERROR,
    "a column named in colnames is missing or is not a VectorData",
    "graph",
)


def _rows(record: ObjectRecord | None) -> int | None:
    if record is None or not record.shape:
        return None
    return record.shape[0]


def check(ctx: CheckContext) -> Iterable[Finding]:
    for table in ctx.typed("DynamicTable"):
        yield from guarded("table", table.path, _table(ctx, table))
    for region in ctx.typed("DynamicTableRegion"):
        yield from guarded("table region", region.path, _region(ctx, region))
    for index in ctx.typed("VectorIndex"):
        yield from guarded("vector index", index.path, _vector_index(ctx, index))


def _column_names(table: ObjectRecord) -> list[str]:
    names = table.attrs.get("colnames")
    if isinstance(names, str):
        return [names]
    return [str(n) for n in names] if isinstance(names, list) else []


def _table(ctx: CheckContext, table: ObjectRecord) -> Iterable[Finding]:
    yield from _columns_typed(ctx, table)
    ids = ctx.child(table, "id")
    n = _rows(ids)
    if n is None:
        return
    for name in _column_names(table):
        column = ctx.target(ctx.child(table, f"{name}_index") or ctx.child(table, name))
        length = _rows(column)
        if column is None or length is None or length == n:
            continue
        yield finding(
            COLUMN_LENGTH,
            f"column '{name}' has {length} rows but the table has {n} ids",
            Location(hdf5_path=column.path),
            related=[
                Related(Location(hdf5_path=ids.path if ids else table.path), "id")
            ],
        )
    if ctx.values is not None and ids is not None:
        dup = ctx.values.first_duplicate(ids.path)
        if dup is not None:
            yield finding(
                DUPLICATE_ID,
                f"id {dup} occurs more than once",
                Location(hdf5_path=ids.path),
            )


def _columns_typed(ctx: CheckContext, table: ObjectRecord) -> Iterable[Finding]:
    """Every name in ``colnames`` is a typed column: readers build the table's
    columns from that list, so a missing or untyped column breaks the table. The
    column types are the table spec's (VectorData today; TableColumn in core 2.0b)."""
    spec = ctx.spec_of(table.path)
    allowed = _column_types(spec)
    named = set(entries(spec, "datasets"))
    for name in _column_names(table):
        column = ctx.target(ctx.child(table, name))
        kind = column.neurodata_type if column is not None else None
        if kind is not None and (
            name in named or not allowed or any(ctx.is_a(column, t) for t in allowed)
        ):
            continue
        if column is None:
            why = "the table has no such column"
        elif kind is None:
            why = f"it has no neurodata_type (a {' or '.join(allowed)} is required)"
        else:
            why = f"it is a {kind}, not a {' or '.join(allowed)}"
        yield finding(
            BAD_COLUMN,
            f"colnames lists '{name}', but {why}",
            Location(hdf5_path=column.path if column else table.path),
            related=[Related(Location(hdf5_path=table.path), "table")],
        )


def _column_types(spec: dict[str, Any] | None) -> list[str]:
    """The types a table's unnamed columns may have (its unnamed typed datasets)."""
    out = []
    for entry in (spec or {}).get("datasets") or []:
        kind = entry_type(entry) if isinstance(entry, dict) else None
        if kind and entry.get("name") is None and kind not in out:
            out.append(kind)
    return out


def _region(ctx: CheckContext, region: ObjectRecord) -> Iterable[Finding]:
    table = ctx.index.objects.get(str(region.attrs.get("table") or ""))
    ids = ctx.child(table, "id") if table is not None else None
    n = _rows(ids)
    if n is None or ctx.values is None or table is None:
        return
    summary = ctx.values.summary(region.path)
    if summary is None or summary.minimum is None:
        return
    if summary.minimum < 0 or summary.maximum >= n:
        bad = summary.maximum if summary.maximum >= n else summary.minimum
        yield finding(
            REGION_OUT_OF_RANGE,
            f"index {int(bad)} is outside table {table.path} (valid 0..{n - 1})",
            Location(hdf5_path=region.path),
            related=[Related(Location(hdf5_path=table.path), "referenced table")],
        )


def _vector_index(ctx: CheckContext, index: ObjectRecord) -> Iterable[Finding]:
    if ctx.values is None:
        return
    summary = ctx.values.summary(index.path)
    if summary is None or summary.length == 0 or summary.maximum is None:
        return  # empty, or not numbers (e.g. references): nothing to compare
    if summary.first_decrease is not None:
        yield finding(
            INDEX_DECREASES,
            f"value at row {summary.first_decrease} is smaller than the one before it",
            Location(hdf5_path=index.path),
        )
    target = ctx.target(ctx.index.objects.get(str(index.attrs.get("target") or "")))
    length = _rows(target)
    if target is not None and length is not None and summary.maximum > length:
        yield finding(
            INDEX_PAST_END,
            f"points up to {int(summary.maximum)} but its target "
            f"{target.path} has only {length} elements",
            Location(hdf5_path=index.path),
            related=[Related(Location(hdf5_path=target.path), "indexed column")],
        )
