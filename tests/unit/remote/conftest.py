"""Fixtures of the remote-file tests: loopback servers over ``tests/data`` files.

Every server is started by the test that uses it, on 127.0.0.1, and stopped after
it; reader settings are short (timeouts under a second, one retry, small blocks) so
that failures are reached in bounded time.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from loopback import FileServer
from remote_data import DATA, FILES

from nwb_lsp.urls import RemoteOptions


@pytest.fixture
def served(tmp_path: Path) -> Path:
    """A folder of test files to serve (``FILES``, the movie ``realistic.nwb``
    names, and a file that is not HDF5)."""
    root = tmp_path / "served"
    root.mkdir()
    for name in (*FILES, "realistic_movie.avi"):
        shutil.copy(DATA / name, root / Path(name).name)
    (root / "not_hdf5.nwb").write_bytes(b"plain text, not HDF5\n" * 100)
    return root


@pytest.fixture
def options() -> RemoteOptions:
    return RemoteOptions(timeout=0.5, retries=1, backoff=0.01, block_size=64 * 1024)


@pytest.fixture
def server(served: Path) -> Iterator[FileServer]:
    with FileServer(served) as running:
        yield running
