"""Opening an NWB file for a CLI command: a clear one-line error for bad input."""

from __future__ import annotations

import sys
from pathlib import Path

from nwb_lsp.cli.common import CliError, existing_file
from nwb_lsp.hdf5.records import FATAL_PROBLEMS, FileIndex


def load_index(path: str) -> FileIndex:
    """Index ``path`` or raise ``CliError`` when it cannot be read as HDF5 at all."""
    from nwb_lsp.cli.common import counter
    from nwb_lsp.hdf5.index import build_index

    file = existing_file(path)
    show = counter(f"reading {file.name}")
    index = build_index(file, progress=show)
    if show is not None:
        print("\r\033[K", end="", file=sys.stderr)  # clear the progress line
    for problem in index.problems:
        if problem.kind in FATAL_PROBLEMS:
            raise CliError(f"{Path(path)}: {problem.message}")
    return index
