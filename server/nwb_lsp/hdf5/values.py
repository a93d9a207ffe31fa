"""Streaming reads of the few values rules must see: indices, ids, timestamps, text.

Some checks cannot be made from metadata: every DynamicTableRegion index must be in
range, a VectorIndex must not decrease, timestamps should ascend, ids be unique. These
read the values in chunks of about ``CHUNK`` elements, so memory stays bounded
whatever the dataset's size, and only the values stored: rows a dataset's extent
claims but its storage does not hold are one run of the fill value (``blocks.py``),
so time stays bounded by the bytes stored. Each answer is a small summary, never
the data.

Data can be damaged where metadata is not (a corrupt chunk, a filter that fails, a
filter that is not installed), and text may not be UTF-8. A dataset whose values
cannot be read is recorded once in ``problems`` (``UNREADABLE_VALUES``; text that is
not UTF-8 as ``INVALID_TEXT``) and answers "unknown" from then on (``None``, or no
strings), so every rule goes on with what it knows; ``validate.py`` turns the
problems into findings at the dataset.

Best-practice checks (``profile``, and ``stream`` for those that must see values
in order beside others, such as spike times against each unit's observed
intervals) spend a per-file byte budget (``budget``, default ``BUDGET``): a
dataset of at most ``DATASET_LIMIT`` bytes is read whole while the budget lasts; a
larger one, or any once the budget is spent, is judged on its first ``SAMPLE``
values, and its profile or stream says so (``sampled``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import h5py
import numpy as np

from nwb_lsp.hdf5.blocks import Segment, fill_value, segments
from nwb_lsp.hdf5.opening import close_quietly, raw_data_problem
from nwb_lsp.hdf5.profile import SAMPLE, Profile, profile_blocks
from nwb_lsp.hdf5.records import FileIndex, Problem, ProblemKind, display_name
from nwb_lsp.hdf5.remote import (
    open_location,
    remote_failure,
    remote_raw_data_problem,
)
from nwb_lsp.urls import RemoteOptions, is_url

CHUNK = 1 << 20
BUDGET = 1 << 30  # bytes of values best-practice checks may read per file
DATASET_LIMIT = 256 << 20  # a larger dataset is sampled
Block = tuple[np.ndarray, int]  # values, and how many elements they stand for


@dataclass(frozen=True)
class Summary:
    """What one streamed pass learned about a 1-D numeric dataset."""

    length: int
    minimum: float | None
    maximum: float | None
    last: float | None
    first_decrease: int | None  # index i where v[i] < v[i-1]
    first_not_increasing: int | None  # index i where v[i] <= v[i-1]


@dataclass(frozen=True)
class Stream:
    """A dataset's values as ``(offset, block)`` pairs; ``sampled`` says what
    part when not all of them."""

    blocks: Iterator[tuple[int, np.ndarray]]
    sampled: str | None


class _Unreadable(Exception):
    """libhdf5 could not read a dataset's values (the cause is chained)."""


class ValueReader:
    """Opened once per validation; answers questions about values, read in chunks.

    ``index``, when given, supplies the stored bytes of paths whose names are not
    UTF-8 (``FileIndex.raw_path``)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        index: FileIndex | None = None,
        remote: RemoteOptions | None = None,
        budget: int = BUDGET,
    ) -> None:
        self.problems: list[Problem] = []
        self.budget = budget
        self._profiles: dict[str, Profile | None] = {}
        self._index = index
        self._failed: set[str] = set()
        remote_url = isinstance(path, str) and is_url(path)
        location = path if remote_url else Path(path)
        self._file = open_location(location, [], remote, reuse=True)
        # a remote file's external raw data would be looked for on this machine
        self._directory = None if remote_url else Path(path).resolve().parent
        if self._file is None:
            self.problems.append(
                Problem(
                    ProblemKind.UNREADABLE_VALUES,
                    "/",
                    "the file could not be opened again to read values",
                )
            )

    def __enter__(self) -> ValueReader:
        return self

    def __exit__(
        self, *exc: type[BaseException] | BaseException | TracebackType | None
    ) -> None:
        self.close()

    def remote_problems(self) -> list[Problem]:
        """Why reading a remote file's values stopped part way (values asked for
        after that were "unknown" to the rules), or nothing."""
        failure = remote_failure(self._file) if self._file is not None else None
        return [failure] if failure is not None else []

    def close(self) -> None:
        if self._file is not None:
            close_quietly(self._file)
            self._file = None

    def _record(self, kind: ProblemKind, path: str, message: str) -> None:
        """One problem per dataset: later questions about it answer "unknown"."""
        if path not in self._failed:
            self._failed.add(path)
            self.problems.append(Problem(kind, path, message))

    def _open(self, path: str) -> h5py.Dataset | None:
        """The dataset at ``path`` (None for other objects or when it failed before);
        raises ``_Unreadable`` when libhdf5 cannot open it."""
        if self._file is None or path in self._failed:
            return None
        raw = self._index.raw_path(path) if self._index else path.encode("utf-8")
        try:
            obj = self._file.get(raw)
        except Exception as exc:  # libhdf5 errors surface as various types
            raise _Unreadable(f"cannot be opened: {exc}") from exc
        if not isinstance(obj, h5py.Dataset):
            return None
        elsewhere = (
            raw_data_problem(obj, self._directory)
            if self._directory is not None
            else remote_raw_data_problem(obj)
        )
        if elsewhere is not None:
            raise _Unreadable(f"are not read: {elsewhere}")
        return obj

    def _array(self, path: str) -> h5py.Dataset | None:
        """A dataset with at least one dimension (not scalar, not null)."""
        dset = self._open(path)
        if dset is None or dset.shape is None or not len(dset.shape):
            return None
        return dset

    def _read(self, dset: h5py.Dataset, selection: Any) -> Any:
        try:
            return dset[selection]
        except Exception as exc:  # corrupt chunks, failing or missing filters
            raise _Unreadable(f"cannot be read: {exc}") from exc

    def _chunks(self, dset: h5py.Dataset) -> Iterator[Block]:
        """Numeric values in blocks of whole rows (nothing for other types, or for
        rows too large to hold one at a time); rows not stored come as one run of
        the fill value (see ``blocks.py``)."""
        if dset.dtype.fields or dset.dtype.kind not in "iufb":
            return
        per_row = int(np.prod(dset.shape[1:], dtype=np.int64)) if dset.ndim > 1 else 1
        if per_row > CHUNK:
            return
        # signed arithmetic: differences of unsigned values must go negative
        kind = np.float64 if dset.dtype.kind == "f" else np.int64
        for segment in self._segments(dset, max(1, CHUNK // max(per_row, 1))):
            count = (segment.stop - segment.start) * per_row
            if segment.stored:
                block = self._read(dset, slice(segment.start, segment.stop))
                yield np.asarray(block, dtype=kind).reshape(-1), count
            elif count:  # two copies stand for the run: its start and its flatness
                yield np.full(min(count, 2), fill_value(dset), dtype=kind), count

    def _segments(self, dset: h5py.Dataset, step: int) -> list[Segment]:
        try:
            return list(segments(dset, step))
        except Exception as exc:  # a damaged chunk index
            raise _Unreadable(f"cannot be located: {exc}") from exc

    def _unreadable(self, path: str, why: _Unreadable) -> None:
        self._record(ProblemKind.UNREADABLE_VALUES, path, f"the values {why}")

    def summary(self, path: str) -> Summary | None:
        """Min, max, last value and the first decrease of a numeric dataset (None
        when it holds no numbers to summarise: another type, rows of no elements
        or of too many); an empty dataset has a summary of length 0."""
        try:
            dset = self._array(path)
            if dset is None:
                return None
            found = _summarise(dset.shape[0], self._chunks(dset))
            return found if found.length == 0 or found.minimum is not None else None
        except _Unreadable as why:
            self._unreadable(path, why)
            return None

    def profile(self, path: str, breaks: np.ndarray | None = None) -> Profile | None:
        """A best-practice ``Profile`` of a numeric dataset, within the budget
        (kept, so several checks of one dataset read it once)."""
        if breaks is None and path in self._profiles:
            return self._profiles[path]
        found = self._profile(path, breaks)
        if breaks is None:
            self._profiles[path] = found
        return found

    def _profile(self, path: str, breaks: np.ndarray | None) -> Profile | None:
        try:
            dset = self._array(path)
            if dset is None or dset.dtype.fields or dset.dtype.kind not in "iufb":
                return None
            size = int(dset.size) * dset.dtype.itemsize
            if size <= min(self.budget, DATASET_LIMIT):
                self.budget -= size
                return profile_blocks(dset.shape[0], self._chunks(dset), breaks)
            return self._sampled(dset, breaks)
        except _Unreadable as why:
            self._unreadable(path, why)
            return None

    def _sampled(self, dset: h5py.Dataset, breaks: np.ndarray | None) -> Profile:
        per_row = _per_row(dset)
        if per_row > SAMPLE:  # one row is more than a sample: nothing is read
            return profile_blocks(dset.shape[0], [], breaks)
        rows = min(dset.shape[0], max(1, SAMPLE // max(per_row, 1)))
        kind = np.float64 if dset.dtype.kind == "f" else np.int64
        block = np.asarray(self._read(dset, slice(0, rows)), dtype=kind).reshape(-1)
        found = profile_blocks(dset.shape[0], [(block, block.size)], breaks)
        if rows < dset.shape[0]:
            found.sampled = f"the first {rows:,} of {dset.shape[0]:,} rows"
        return found

    def stream(self, path: str) -> Stream | None:
        """The values of a 1-D numeric dataset, in order, in blocks of ``CHUNK``
        within the budget (its first ``SAMPLE`` once it is spent, or when the
        dataset is larger than ``DATASET_LIMIT``). A read that fails part way is
        recorded and ends the blocks early."""
        try:
            dset = self._array(path)
        except _Unreadable as why:
            self._unreadable(path, why)
            return None
        if dset is None or dset.ndim != 1 or dset.dtype.kind not in "iuf":
            return None
        rows = dset.shape[0]
        size = rows * dset.dtype.itemsize
        sampled = None
        if size <= min(self.budget, DATASET_LIMIT):
            self.budget -= size
        elif rows > SAMPLE:
            sampled = f"the first {SAMPLE:,} of {rows:,} rows"
            rows = SAMPLE
        return Stream(self._blocks(path, dset, rows), sampled)

    def _blocks(
        self, path: str, dset: h5py.Dataset, rows: int
    ) -> Iterator[tuple[int, np.ndarray]]:
        kind = np.float64 if dset.dtype.kind == "f" else np.int64
        for start in range(0, rows, CHUNK):
            try:
                block = self._read(dset, slice(start, min(rows, start + CHUNK)))
            except _Unreadable as why:
                self._unreadable(path, why)
                return
            yield start, np.asarray(block, dtype=kind)

    def head(self, path: str, limit: int = SAMPLE) -> np.ndarray | None:
        """Up to ``limit`` first values of a numeric dataset, flattened."""
        try:
            dset = self._array(path)
            if dset is None or dset.dtype.fields or dset.dtype.kind not in "iufb":
                return None
            per_row = _per_row(dset)
            if per_row > max(limit, CHUNK):
                return None
            rows = min(dset.shape[0], max(1, limit // max(per_row, 1)))
            return np.asarray(self._read(dset, slice(0, rows))).reshape(-1)[:limit]
        except _Unreadable as why:
            self._unreadable(path, why)
            return None

    def first_duplicate(self, path: str) -> float | int | None:
        """A value that occurs twice (ids are one small integer per row)."""
        try:
            dset = self._array(path)
            return None if dset is None else _first_duplicate(self._chunks(dset))
        except _Unreadable as why:
            self._unreadable(path, why)
            return None

    def text(self, path: str) -> str | None:
        """The value of a scalar string dataset (``ImageSeries.format``)."""
        try:
            dset = self._open(path)
            if dset is None or dset.shape != ():
                return None
            value = self._read(dset, ())
        except _Unreadable as why:
            self._unreadable(path, why)
            return None
        texts = self._decode(path, [value])
        return texts[0] if texts else None

    def strings(self, path: str, limit: int = 1000) -> list[str]:
        """Up to ``limit`` values of a 1-D string dataset (``external_file``)."""
        try:
            dset = self._array(path)
            if dset is None or dset.ndim != 1 or dset.dtype.kind not in "OSU":
                return []
            values = self._read(dset, slice(0, min(limit, dset.shape[0])))
        except _Unreadable as why:
            self._unreadable(path, why)
            return []
        return self._decode(path, list(values))

    def _decode(self, path: str, values: list[Any]) -> list[str]:
        """Values as text; text that is not UTF-8 is recorded and kept escaped."""
        out = []
        for value in values:
            if isinstance(value, bytes):
                text, valid = display_name(value)
                if not valid:
                    self._record(
                        ProblemKind.INVALID_TEXT,
                        path,
                        f"the dataset holds text that is not UTF-8: '{text}'",
                    )
                out.append(text)
            elif value is not None:
                out.append(str(value))
        return out


def _per_row(dset: h5py.Dataset) -> int:
    """Elements in one row (one value along the first dimension)."""
    return int(np.prod(dset.shape[1:], dtype=np.int64)) if dset.ndim > 1 else 1


def _summarise(length: int, blocks: Iterator[Block]) -> Summary:
    lo = hi = last = None
    first_decrease = first_flat = None
    offset = 0
    previous: float | None = None
    for block, count in blocks:
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
        offset += count
    return Summary(length, lo, hi, last, first_decrease, first_flat)


def _first_duplicate(blocks: Iterator[Block]) -> float | int | None:
    seen: set[float | int] = set()
    for block, _count in blocks:
        values, counts = np.unique(block, return_counts=True)
        if (counts > 1).any():
            return values[counts > 1][0].item()
        for v in values.tolist():
            if v in seen:
                return v
            seen.add(v)
    return None
