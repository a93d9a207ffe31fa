"""One metadata pass over an HDF5 file, producing a ``FileIndex``.

The pass (``hdf5/walker.py``) visits every link once, in file order, without
following soft or external links and without descending twice into an object
reachable under two names (hard links), so cycles cannot trap it. It reads object
headers only — shape, dtype, chunking, filters, attributes — plus the values of
reference-typed data (attributes, datasets of references, reference fields of
compound datasets), which it reads in bounded chunks. It never reads array data to
learn anything else. The children of one large group are shared among processes
when there are CPUs to spare (``hdf5/parallel.py``).

It never raises: a file that is not HDF5, is truncated, is locked by a writer, or has
objects that cannot be read yields ``Problem`` records, and the pass continues with
the rest. The file is closed before ``build_index`` returns.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import h5py

from nwb_lsp.hdf5.parallel import ProcessSplitter, available_processes
from nwb_lsp.hdf5.records import FileIndex, Problem, ProblemKind, scalar_text
from nwb_lsp.hdf5.specs import read_specs_as_dicts
from nwb_lsp.hdf5.walker import Walker, limit_metadata_cache


def build_index(
    path: str | os.PathLike[str],
    progress: Callable[[int], None] | None = None,
    *,
    processes: int | None = None,
) -> FileIndex:
    """Index ``path``; problems are recorded in the result, never raised.

    ``progress`` is called with the number of objects indexed so far, every
    ``walker.PROGRESS_EVERY`` objects (for progress bars on long runs).
    ``processes`` caps how many processes share a large group (default: the CPUs
    available, see ``parallel.available_processes``; 1 walks everything here).
    """
    index = FileIndex(path=str(path))
    handle = _open(Path(path), index)
    if handle is None:
        return index
    with handle as f:
        limit_metadata_cache(f)
        index.has_specs = isinstance(f.get("specifications"), h5py.Group)
        if index.has_specs:
            _read_specs(f, index)
        count = available_processes() if processes is None else processes
        splitter = ProcessSplitter(str(path), count) if count > 1 else None
        walker = Walker(f, index, progress, splitter)
        walker.visit_root()
        version = index.objects.get("/")
        if version is not None:
            index.nwb_version = scalar_text(version.attrs.get("nwb_version"))
    return index


def _read_specs(f: h5py.File, index: FileIndex) -> None:
    try:
        index.specs = read_specs_as_dicts(f)
    except Exception as exc:
        index.problems.append(
            Problem(ProblemKind.UNREADABLE_OBJECT, "/specifications", str(exc))
        )


def _open(path: Path, index: FileIndex) -> h5py.File | None:
    # locking=False: a checker must never block a writer (HDF5 file locks would make
    # an acquisition program fail to open its own file while we read it).
    if not path.exists():
        index.problems.append(
            Problem(ProblemKind.MISSING_FILE, "/", f"{path}: no such file")
        )
        return None
    try:
        return h5py.File(path, "r", locking=False)
    except OSError as exc:
        index.problems.append(_open_problem(path, exc))
        return None


def _open_problem(path: Path, exc: OSError) -> Problem:
    text = str(exc)
    if "unable to lock" in text.lower() or "lock file" in text.lower():
        return Problem(ProblemKind.LOCKED, "/", f"file is locked by a writer: {text}")
    try:
        is_hdf5 = h5py.is_hdf5(path)
    except OSError:
        is_hdf5 = False
    if not is_hdf5 and path.stat().st_size >= 0 and not _has_signature(path):
        return Problem(
            ProblemKind.NOT_HDF5, "/", "not an HDF5 file (no HDF5 signature)"
        )
    return Problem(
        ProblemKind.TRUNCATED, "/", f"truncated or corrupt HDF5 file: {text}"
    )


def _has_signature(path: Path) -> bool:
    """HDF5's superblock signature sits at offset 0, 512, 1024, 2048, ..."""
    sig = b"\x89HDF\r\n\x1a\n"
    size = path.stat().st_size
    with path.open("rb") as fh:
        offset = 0
        while offset < size:
            fh.seek(offset)
            if fh.read(8) == sig:
                return True
            offset = 512 if offset == 0 else offset * 2
    return False
