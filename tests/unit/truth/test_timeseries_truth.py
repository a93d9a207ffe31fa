"""Time series: an ImageSeries with external_file keeps a placeholder ``data``."""

from __future__ import annotations

import h5py

from .conftest import Edited, codes

MOVIE = "/acquisition/movie"


def _placeholder(f: h5py.File, shape: tuple[int, ...]) -> None:
    attrs = dict(f[f"{MOVIE}/data"].attrs)
    del f[f"{MOVIE}/data"]
    data = f.create_dataset(f"{MOVIE}/data", shape=shape, dtype="u1")
    data.attrs.update(attrs)


def test_external_file_data_is_a_placeholder(edited: Edited) -> None:
    # MatNWB writes a one-frame placeholder; three timestamps are still right.
    assert codes(edited("realistic.nwb", lambda f: _placeholder(f, (1, 1, 1)))) == set()


def test_without_external_file_lengths_still_compared(edited: Edited) -> None:
    def edit(f: h5py.File) -> None:
        _placeholder(f, (1, 1, 1))
        del f[f"{MOVIE}/external_file"]
        f[f"{MOVIE}/format"][()] = "raw"

    assert ("T002", f"{MOVIE}/timestamps") in codes(edited("realistic.nwb", edit))
