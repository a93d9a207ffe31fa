"""Shared pytest fixtures: where the checked-in test data lives."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


# The results cache of every command and server the tests start (in this process or
# as subprocesses, which copy the environment, some at import time): a folder of this
# session, never the user's cache.
RESULTS_CACHE = tempfile.mkdtemp(prefix="nwb-lsp-test-results-")
os.environ["NWB_LSP_CACHE_DIR"] = RESULTS_CACHE


@pytest.fixture(autouse=True, scope="session")
def results_cache() -> Iterator[Path]:
    """The session's results cache folder, removed at the end."""
    yield Path(RESULTS_CACHE)
    shutil.rmtree(RESULTS_CACHE, ignore_errors=True)
