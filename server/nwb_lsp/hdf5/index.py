"""One metadata pass over an HDF5 file, producing a ``FileIndex``.

The pass (``hdf5/walker.py``) visits every link once, in file order, without
following soft or external links and without descending twice into an object
reachable under two names (hard links), so cycles cannot trap it. It reads object
headers only — shape, dtype, chunking, filters, attributes — plus the values of
reference-typed data (attributes, datasets of references, reference fields of
compound datasets), which it reads in bounded chunks. It never reads array data to
learn anything else. The children of one large group are shared among processes
when there are CPUs to spare (``hdf5/parallel.py``).

It never raises: a path that is not a regular file, a file that is not HDF5, is
truncated, is being written, or has objects, names or values that cannot be read
yields ``Problem`` records (``hdf5/opening.py`` says what is looked at before
libhdf5 opens the file), and the pass continues with the rest. The file is closed
before ``build_index`` returns.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import h5py

from nwb_lsp.hdf5.opening import close_quietly
from nwb_lsp.hdf5.parallel import ProcessSplitter, available_processes
from nwb_lsp.hdf5.records import FileIndex, Problem, ProblemKind, scalar_text
from nwb_lsp.hdf5.remote import open_location, remote_failure
from nwb_lsp.hdf5.specs import read_specs_as_dicts
from nwb_lsp.hdf5.walker import Walker, limit_metadata_cache
from nwb_lsp.urls import RemoteOptions, is_url


def build_index(
    path: str | os.PathLike[str],
    progress: Callable[[int], None] | None = None,
    *,
    processes: int | None = None,
    remote: RemoteOptions | None = None,
) -> FileIndex:
    """Index ``path``; problems are recorded in the result, never raised.

    ``progress`` is called with the number of objects indexed so far, every
    ``walker.PROGRESS_EVERY`` objects (for progress bars on long runs).
    ``processes`` caps how many processes share a large group (default: the CPUs
    available, see ``parallel.available_processes``; 1 walks everything here).
    ``path`` may be a URL (``urls.is_url``), read with ``remote``'s settings in
    this process alone; a remote read that fails part way leaves only its problem:
    the objects read until then are not a file's contents to check.
    """
    location = path if isinstance(path, str) and is_url(path) else Path(path)
    index = FileIndex(path=str(path))
    count = available_processes() if processes is None else processes
    local = isinstance(location, Path)
    # helpers fork before the file is opened (see hdf5/parallel.py)
    splitter = (
        ProcessSplitter(str(path), count, prefork=True) if count > 1 and local else None
    )
    try:
        f = open_location(location, index.problems, remote)
        if f is None:
            return index
        try:
            limit_metadata_cache(f)
            _read_specs(f, index)
            Walker(f, index, progress, splitter).visit_root()
            failure = remote_failure(f)
        finally:
            close_quietly(f)
    finally:
        if splitter is not None:
            splitter.close()
    if failure is not None:
        return FileIndex(path=str(path), problems=[failure])
    root = index.objects.get("/")
    version = root.attrs.get("nwb_version") if root is not None else None
    index.nwb_version = scalar_text(version)
    return index


def _read_specs(f: h5py.File, index: FileIndex) -> None:
    try:
        hard = f.id.links.exists(b"specifications") and (
            f.id.links.get_info(b"specifications").type == h5py.h5l.TYPE_HARD
        )  # a link's target may be anything, anywhere: not followed
        group = f.get("specifications") if hard else None
    except Exception as exc:  # a damaged link or object header
        index.problems.append(
            Problem(ProblemKind.UNREADABLE_OBJECT, "/specifications", str(exc))
        )
        return
    index.has_specs = isinstance(group, h5py.Group)
    if isinstance(group, h5py.Group):
        index.specs = read_specs_as_dicts(group, index.problems)
