"""Shared pytest fixtures: where the checked-in test data lives."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(autouse=True, scope="session")
def results_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The results cache of every command and server the tests start: a folder of
    this session, never the user's cache."""
    folder = tmp_path_factory.mktemp("results-cache")
    old = os.environ.get("NWB_LSP_CACHE_DIR")
    os.environ["NWB_LSP_CACHE_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("NWB_LSP_CACHE_DIR", None)
    else:
        os.environ["NWB_LSP_CACHE_DIR"] = old
