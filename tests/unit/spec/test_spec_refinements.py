"""Refinements at any depth: a dtype an extension narrows below what the type it
refines allows (hdmf's rule, what pynwb refuses to load) is ``Y018`` at the value —
in a type, in a child typed by ``neurodata_type_inc`` (named or not), in a named
dataset or attribute under named untyped groups, and in a compound dtype's field."""

from __future__ import annotations

import pytest

from nwb_lsp.findings import Finding, Range
from nwb_lsp.spec import SpecWorkspace

TABLE = """\
groups:
- neurodata_type_def: LabTable
  neurodata_type_inc: DynamicTable
  doc: A table.
  datasets:
  - name: region
    neurodata_type_inc: DynamicTableRegion
    dtype: {dtype}
    doc: Rows of another table.
"""
UNNAMED = """\
groups:
- neurodata_type_def: LabTable
  neurodata_type_inc: DynamicTable
  doc: A table.
  datasets:
  - neurodata_type_inc: DynamicTableRegion
    dtype: {dtype}
    doc: Rows of another table.
    quantity: '*'
"""
FILE = """\
groups:
- neurodata_type_def: LabFile
  neurodata_type_inc: NWBFile
  doc: A file.
  groups:
  - name: general
    doc: General.
    groups:
    - name: intracellular_ephys
      doc: Intracellular.
      datasets:
      - name: filtering
        dtype: {dtype}
        doc: Filtering.
"""
SERIES = """\
groups:
- neurodata_type_def: LabSeries
  neurodata_type_inc: TimeSeries
  doc: A series.
  datasets:
  - name: data
    doc: Data.
    attributes:
    - name: conversion
      dtype: {dtype}
      doc: Conversion.
"""
INTERVALS = """\
groups:
- neurodata_type_def: LabIntervals
  neurodata_type_inc: TimeIntervals
  doc: Intervals.
  datasets:
  - name: timeseries
    neurodata_type_inc: TimeSeriesReferenceVectorData
    doc: References.
    dtype:
    - name: idx_start
      dtype: {dtype}
      doc: Start.
"""

# case: (template, narrowing dtype, widening dtype, range of the value, message)
CASES = {
    "typed child": (
        TABLE,
        "int8",
        "int64",
        Range.of(7, 11, 7, 15),
        "dtype 'int8' cannot refine 'int32' (it allows int, int32, int64, long) "
        "(from DynamicTableRegion)",
    ),
    "unnamed typed child": (
        UNNAMED,
        "uint8",
        "long",
        Range.of(6, 11, 6, 16),
        "dtype 'uint8' cannot refine 'int32'",
    ),
    "dataset under untyped groups": (
        FILE,
        "isodatetime",
        "ascii",
        Range.of(12, 15, 12, 26),
        "dataset 'general/intracellular_ephys/filtering': dtype 'isodatetime' "
        "cannot refine 'text'",
    ),
    "attribute of a named dataset": (
        SERIES,
        "int",
        "float64",
        Range.of(9, 13, 9, 16),
        "attribute 'data/conversion': dtype 'int' cannot refine 'float32'",
    ),
    "compound field": (
        INTERVALS,
        "int16",
        "int64",
        Range.of(9, 4, 12, 0),
        "field 'idx_start': dtype 'int16' cannot refine 'int32'",
    ),
}


def _diagnostics(text: str) -> list[Finding]:
    ws = SpecWorkspace()
    ws.set_document("/x/ext.yaml", text)
    return ws.diagnostics("/x/ext.yaml")


@pytest.mark.parametrize("case", CASES)
def test_a_narrower_dtype_is_refused(case: str) -> None:
    template, narrow, _, where, message = CASES[case]
    (found,) = _diagnostics(template.format(dtype=narrow))
    assert (found.code, found.location.range) == ("Y018", where)
    assert message in found.message


@pytest.mark.parametrize("case", CASES)
def test_a_wider_dtype_is_a_valid_refinement(case: str) -> None:
    template, _, wide, _, _ = CASES[case]
    assert _diagnostics(template.format(dtype=wide)) == []


def test_the_related_location_is_the_value_refined() -> None:
    (found,) = _diagnostics(TABLE.format(dtype="int8"))
    (related,) = found.related
    assert related.message == "what DynamicTableRegion says"
    assert str(related.location.file).endswith("table.yaml")
    assert related.location.range is not None
    assert (
        related.location.range.end.character - related.location.range.start.character
        == 5
    )
