"""Who references or links to an object: the reverse index of a file.

``find_references`` answers from the index's reverse map, so after the single pass it
costs O(1) per question. An object reachable under several hard-link names is the
same object: references to any of its names count.
"""

from __future__ import annotations

import os

import h5py

from nwb_lsp.hdf5.index import build_index
from nwb_lsp.hdf5.records import FileIndex, Reference


def _index(file: str | os.PathLike[str] | h5py.File | FileIndex) -> FileIndex:
    if isinstance(file, FileIndex):
        return file
    if isinstance(file, h5py.File):
        return build_index(file.filename)
    return build_index(file)


def _normalise(path: str) -> str:
    path = "/" + path.strip("/")
    return path


def reference_edges(
    file: str | os.PathLike[str] | h5py.File | FileIndex, path: str
) -> list[Reference]:
    """Every reference/link edge pointing at ``path`` (or another name of it)."""
    index = _index(file)
    target = _normalise(path)
    edges: list[Reference] = []
    for name in index.aliases(target):
        edges.extend(index.referrers(name))
    return sorted(edges, key=lambda r: (r.source, r.via.value, r.name))


def find_references(
    file: str | os.PathLike[str] | h5py.File | FileIndex, path: str
) -> list[str]:
    """Paths of every object that references or links to ``path``, sorted, unique."""
    return sorted({edge.source for edge in reference_edges(file, path)})
