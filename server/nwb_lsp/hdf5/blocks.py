"""Which rows of a dataset hold stored values, and which only its fill value.

A dataset's extent says how many values it has; its storage may hold far fewer. A
chunked dataset allocates only the chunks written (a writer that extended a dataset
and stopped, or a damaged dataspace claiming 65 trillion rows), and a contiguous
one may allocate nothing; every value not stored reads as the fill value. Reading
such a dataset row by row would take as long as its extent says, not as long as its
bytes are. So readers of values (``values.py``) and of references
(``refs_reader.py``) walk ``segments``: stored row ranges, which they read in
bounded blocks, and unstored ones, which they take as one run of the fill value.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import h5py
import numpy as np

# Stored values beyond this many times the bytes allocated are looked for chunk by
# chunk: no filter compresses real data that much (gzip stops near 1,000).
MAX_RATIO = 4096


@dataclass(frozen=True)
class Segment:
    """Rows ``start`` to ``stop`` (excluded); ``stored`` False: the fill value."""

    start: int
    stop: int
    stored: bool


def segments(dset: h5py.Dataset, step: int) -> Iterator[Segment]:
    """The rows of ``dset`` (at least one dimension) in order: stored ranges of at
    most ``step`` rows, and whole unstored ranges between them."""
    position = 0
    for start, stop in _stored_ranges(dset, dset.shape[0]):
        if start > position:
            yield Segment(position, start, False)
        for first in range(start, stop, step):
            yield Segment(first, min(stop, first + step), True)
        position = stop
    if position < dset.shape[0]:
        yield Segment(position, dset.shape[0], False)


def fill_value(dset: h5py.Dataset) -> object:
    """The value every unstored element reads as."""
    value = dset.fillvalue
    return value.item() if isinstance(value, np.generic) else value


def _stored_ranges(dset: h5py.Dataset, rows: int) -> list[tuple[int, int]]:
    if rows == 0:
        return []
    stored = dset.id.get_storage_size()
    row_bytes = max(1, dset.dtype.itemsize) * _per_row(dset)
    if stored * MAX_RATIO >= rows * row_bytes:
        return [(0, rows)]  # as good as all stored: read it all
    if dset.chunks is None:  # contiguous: what its allocation holds, from the start
        held = min(rows, stored // max(1, row_bytes))
        return [(0, held)] if held else []
    height = dset.chunks[0]
    starts: set[int] = set()
    dset.id.chunk_iter(lambda info: starts.add(info.chunk_offset[0]))
    return _merged((s, min(rows, s + height)) for s in sorted(starts) if s < rows)


def _per_row(dset: h5py.Dataset) -> int:
    size = 1
    for n in dset.shape[1:]:
        size *= n
    return size


def _merged(ranges: Iterator[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, stop in ranges:
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], stop))
        else:
            out.append((start, stop))
    return out
