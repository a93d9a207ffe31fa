"""Streaming reads of the few values rules must see: indices, ids, timestamps.

Some checks cannot be made from metadata: every DynamicTableRegion index must be in
range, a VectorIndex must not decrease, timestamps should ascend, ids be unique. These
read the values in chunks of ``CHUNK`` elements, so memory stays bounded whatever the
dataset's size; each answer is a small summary, never the data.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType

import h5py
import numpy as np

CHUNK = 1 << 20


@dataclass(frozen=True)
class Summary:
    """What one streamed pass learned about a 1-D numeric dataset."""

    length: int
    minimum: float | None
    maximum: float | None
    last: float | None
    first_decrease: int | None  # index i where v[i] < v[i-1]
    first_not_increasing: int | None  # index i where v[i] <= v[i-1]


class ValueReader:
    """Opened once per validation; answers questions about values, read in chunks."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._file: h5py.File | None = None
        try:
            self._file = h5py.File(path, "r", locking=False)
        except OSError:
            self._file = None

    def __enter__(self) -> ValueReader:
        return self

    def __exit__(
        self, *exc: type[BaseException] | BaseException | TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def _dataset(self, path: str) -> h5py.Dataset | None:
        if self._file is None:
            return None
        try:
            obj = self._file.get(path)
        except Exception:
            return None
        if isinstance(obj, h5py.Dataset) and obj.shape is not None and len(obj.shape):
            return obj
        return None

    def _chunks(self, dset: h5py.Dataset) -> Iterator[np.ndarray]:
        rows = dset.shape[0]
        per_row = int(np.prod(dset.shape[1:])) if len(dset.shape) > 1 else 1
        step = max(1, CHUNK // max(per_row, 1))
        for start in range(0, rows, step):
            block = dset[start : start + step]
            if block.dtype.fields or block.dtype.kind not in "iufb":
                return
            # signed arithmetic: differences of unsigned values must go negative
            kind = np.float64 if block.dtype.kind == "f" else np.int64
            yield np.asarray(block, dtype=kind).reshape(-1)

    def summary(self, path: str) -> Summary | None:
        """Min, max, last value and the first decrease of a numeric dataset."""
        dset = self._dataset(path)
        if dset is None:
            return None
        lo = hi = last = None
        first_decrease = first_flat = None
        offset = 0
        previous: float | None = None
        for block in self._chunks(dset):
            if block.size == 0:
                continue
            lo = float(block.min()) if lo is None else min(lo, float(block.min()))
            hi = float(block.max()) if hi is None else max(hi, float(block.max()))
            joined = block if previous is None else np.concatenate(([previous], block))
            base = offset if previous is None else offset - 1
            diffs = np.diff(joined)
            if first_decrease is None and (diffs < 0).any():
                first_decrease = base + 1 + int(np.argmax(diffs < 0))
            if first_flat is None and (diffs <= 0).any():
                first_flat = base + 1 + int(np.argmax(diffs <= 0))
            previous = last = float(block[-1])
            offset += block.size
        return Summary(dset.shape[0], lo, hi, last, first_decrease, first_flat)

    def first_duplicate(self, path: str) -> float | int | None:
        """A value that occurs twice (ids are one small integer per row)."""
        dset = self._dataset(path)
        if dset is None:
            return None
        seen: set[float | int] = set()
        for block in self._chunks(dset):
            values, counts = np.unique(block, return_counts=True)
            if (counts > 1).any():
                return values[counts > 1][0].item()
            for v in values.tolist():
                if v in seen:
                    return v
                seen.add(v)
        return None

    def text(self, path: str) -> str | None:
        """The value of a scalar string dataset (``ImageSeries.format``)."""
        if self._file is None:
            return None
        try:
            obj = self._file.get(path)
            if isinstance(obj, h5py.Dataset) and obj.shape == ():
                value = obj[()]
                return value.decode("utf-8") if isinstance(value, bytes) else str(value)
        except Exception:
            return None
        return None

    def strings(self, path: str, limit: int = 1000) -> list[str]:
        """Up to ``limit`` values of a 1-D string dataset (``external_file``)."""
        dset = self._dataset(path)
        if dset is None or dset.dtype.kind not in "OSU":
            return []
        values = dset[: min(limit, dset.shape[0])]
        return [v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in values]
