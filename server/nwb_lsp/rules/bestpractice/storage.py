"""Best practices for storage: compress large datasets.

Datasets of a container above 50 MB are best compressed (a suggestion), above
20 GB they should be (a violation); sizes come from the index (shape times item
size), never from reading the data.
"""

from __future__ import annotations

from collections.abc import Iterator

from nwb_lsp.hdf5.records import ObjectKind, ObjectRecord
from nwb_lsp.rules.bestpractice.registry import (
    SUGGESTION,
    VIOLATION,
    Note,
    best_practice,
)
from nwb_lsp.rules.context import CheckContext

SMALL, LARGE = 50e6, 20e9
CONTAINER = "NWBContainer"


def nbytes(record: ObjectRecord) -> float:
    count = 1
    for d in record.shape or ():
        count *= d
    return float(count * (record.dtype.itemsize if record.dtype else 0))


def _uncompressed(
    ctx: CheckContext, record: ObjectRecord, low: float, high: float
) -> ObjectRecord | None:
    """The container's first uncompressed dataset of ``low`` to ``high`` bytes."""
    for child in ctx.index.children(record.path):
        plain = child.kind is ObjectKind.DATASET and child.compression is None
        if plain and low < nbytes(child) < high:
            return child
    return None


@best_practice(
    "B550",
    "check_large_dataset_compression",
    VIOLATION,
    CONTAINER,
    "a dataset above 20 GB is not compressed",
    why="compression often halves the size of large datasets at little cost",
    fix="write the dataset chunked with gzip (H5DataIO(compression='gzip'))",
)
def large(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    found = _uncompressed(ctx, record, LARGE, float("inf"))
    if found is not None:
        yield Note(
            f"'{found.name}' is a large uncompressed dataset "
            f"({nbytes(found) / 1e9:.1f} GB)"
        )


@best_practice(
    "B551",
    "check_small_dataset_compression",
    SUGGESTION,
    CONTAINER,
    "a dataset of 50 MB to 20 GB is not compressed",
    why="compression saves space and transfer time",
    fix="write the dataset chunked with gzip (H5DataIO(compression='gzip'))",
)
def small(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    found = _uncompressed(ctx, record, SMALL, LARGE)
    if found is not None:
        yield Note(f"'{found.name}' is not compressed ({nbytes(found) / 1e6:.0f} MB)")
