"""Opening an NWB file for a CLI command: a clear one-line error for bad input.

The file may be a URL (``http://``, ``https://``, ``s3://``): it is read where it
is, with the ``--remote-*`` options, and named redacted in every message.
"""

from __future__ import annotations

import sys
from pathlib import Path

from nwb_lsp.cli.common import CliError, existing_file
from nwb_lsp.hdf5.records import FileIndex
from nwb_lsp.urls import RemoteOptions, is_url, redact


def load_index(path: str, remote: RemoteOptions | None = None) -> FileIndex:
    """Index ``path`` or raise ``CliError`` when it cannot be read as HDF5 at all."""
    from nwb_lsp.cli.common import counter
    from nwb_lsp.hdf5.index import build_index

    source: str | Path = path if is_url(path) else existing_file(path)
    name = redact(path) if is_url(path) else Path(path).name
    show = counter(f"reading {name}")
    index = build_index(source, progress=show, remote=remote)
    if show is not None:
        print("\r\033[K", end="", file=sys.stderr)  # clear the progress line
    problem = index.unread()
    if problem is not None:
        shown = redact(path) if is_url(path) else str(Path(path))
        raise CliError(f"{shown}: {problem.message}")
    return index
