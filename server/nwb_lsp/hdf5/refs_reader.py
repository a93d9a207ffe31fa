"""Reading object and region references during the index pass.

References live in three places in NWB files: attributes (``TimeSeries.timestamps``
is a link, but ``DynamicTableRegion.table`` is an object-reference attribute),
datasets whose element type is a reference (``ElectrodeGroup`` lists, older
``electrodes/group``), and fields of compound datasets (``TimeIntervals.timeseries``
holds ``(idx_start, count, timeseries)`` rows). Only these reference-typed values are
read, in chunks of ``CHUNK`` rows and, for compounds, only the reference fields.

Many stored references usually point at few objects, so edges are aggregated: one
``Reference`` per (source, place, target) with a ``count``. Resolving a reference to
a path uses ``H5Rget_name``, which does not open the target.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from pathlib import Path
from typing import Any

import h5py
import numpy as np

from nwb_lsp.hdf5.blocks import Segment, segments
from nwb_lsp.hdf5.opening import object_exists, raw_data_problem
from nwb_lsp.hdf5.records import (
    DTypeKind,
    FileIndex,
    ObjectRecord,
    Problem,
    ProblemKind,
    Reference,
    Via,
    display_name,
)
from nwb_lsp.hdf5.remote import RemoteFile, remote_raw_data_problem

CHUNK = 65536

_Key = tuple[str, Via, str, "str | None", bool, "str | None"]


class ReferenceReader:
    def __init__(self, f: h5py.File, index: FileIndex) -> None:
        self.f = f
        self.index = index
        # a remote file has no folder: files it names are not looked for beside it
        remote = isinstance(f, RemoteFile)
        self.directory = None if remote else Path(f.filename).resolve().parent
        self._names: dict[Any, str | None] = {}

    def _target(self, ref: Any) -> str | None:
        """Path of the referenced object, or None for a null or dangling reference."""
        if not ref:
            return None
        try:
            cached = self._names.get(ref)
        except TypeError:
            cached = None
        if cached is not None:
            return cached
        try:
            raw = h5py.h5r.get_name(ref, self.f.id)
        except Exception:  # a dangling or damaged reference
            raw = None
        # the path as the index keys it (a name that is not UTF-8 comes escaped)
        name = display_name(raw)[0] if raw and object_exists(self.f, raw) else None
        with contextlib.suppress(TypeError):  # unhashable reference types
            self._names[ref] = name
        return name

    def _selection(self, ref: Any) -> str | None:
        try:
            space = h5py.h5r.get_region(ref, self.f.id)
            lo, hi = space.get_select_bounds()
            return f"[{':'.join(str(v) for v in lo)}..{':'.join(str(v) for v in hi)}]"
        except Exception:
            return None

    def _emit(self, counts: Counter[_Key]) -> None:
        for (source, via, name, target, region, selection), n in counts.items():
            problem = None if target is not None else "null or dangling reference"
            self.index.references.append(
                Reference(source, via, name, target, region, selection, n, problem)
            )
            if problem is not None:
                self.index.problems.append(
                    Problem(
                        ProblemKind.BROKEN_REFERENCE,
                        source,
                        f"{via.value} {name} holds {n} reference(s) to no object",
                    )
                )

    def _count(
        self, counts: Counter[_Key], source: str, via: Via, name: str, values: Any
    ) -> None:
        for ref in np.asarray(values, dtype=object).ravel():
            if ref is None:
                continue
            region = isinstance(ref, h5py.RegionReference)
            selection = self._selection(ref) if region else None
            counts[(source, via, name, self._target(ref), region, selection)] += 1

    def attribute(self, source: str, name: str, value: Any) -> Any:
        """Record references held by an attribute; returns the stored value (paths)."""
        counts: Counter[_Key] = Counter()
        self._count(counts, source, Via.ATTRIBUTE, name, value)
        self._emit(counts)
        if isinstance(value, h5py.Reference):
            return self._target(value)
        return [self._target(v) for v in np.asarray(value, dtype=object).ravel()]

    def dataset(self, dset: h5py.Dataset, record: ObjectRecord) -> None:
        """Record every reference stored in ``dset`` (plain or compound)."""
        assert record.dtype is not None and record.shape is not None
        counts: Counter[_Key] = Counter()
        fields = [n for n, info in record.dtype.fields if info.has_references]
        elsewhere = (
            raw_data_problem(dset, self.directory)
            if self.directory is not None
            else remote_raw_data_problem(dset)
        )
        if elsewhere is not None:
            self.index.problems.append(
                Problem(ProblemKind.UNREADABLE_VALUES, record.path, elsewhere)
            )
            return
        try:
            for segment in segments(dset, CHUNK):
                if segment.stored:
                    self._count_rows(counts, dset, record, fields, segment)
                else:  # never written: null references, one count for the run
                    self._count_nulls(counts, record, fields, segment)
        except Exception as exc:
            self.index.problems.append(
                Problem(
                    ProblemKind.UNREADABLE_OBJECT,
                    record.path,
                    f"cannot read references: {exc}",
                )
            )
        self._emit(counts)

    def _count_rows(
        self,
        counts: Counter[_Key],
        dset: h5py.Dataset,
        record: ObjectRecord,
        fields: list[str],
        segment: Segment,
    ) -> None:
        rows = slice(segment.start, segment.stop)
        if not fields:
            self._count(counts, record.path, Via.DATASET, "", dset[rows])
            return
        block = dset.fields(fields)[rows]
        for field in fields:
            self._count(counts, record.path, Via.COMPOUND, field, block[field])

    def _count_nulls(
        self,
        counts: Counter[_Key],
        record: ObjectRecord,
        fields: list[str],
        segment: Segment,
    ) -> None:
        assert record.dtype is not None
        kinds = dict(record.dtype.fields)
        places = [(Via.COMPOUND, f, kinds[f]) for f in fields] or [
            (Via.DATASET, "", record.dtype)
        ]
        per_row = 1
        for n in (record.shape or ())[1:]:
            per_row *= n
        for via, name, info in places:
            region = info.kind is DTypeKind.REGION_REF
            key = (record.path, via, name, None, region, None)
            counts[key] += (segment.stop - segment.start) * per_row

    def link(
        self, source: str, target: str | None, *, external: bool, wanted: str
    ) -> None:
        via = Via.EXTERNAL_LINK if external else Via.SOFT_LINK
        problem = None
        if target is None and not external:
            problem = f"soft link to missing {wanted}"
        self.index.references.append(
            Reference(source, via, "", target, problem=problem)
        )
