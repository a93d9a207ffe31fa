"""h5py edits made after pynwb wrote a case file: the mistakes pynwb refuses."""

from __future__ import annotations

from collections.abc import Callable

import h5py


def _to_timeseries(f: h5py.File) -> None:
    del f["acquisition/index/indexed_images"]
    f["acquisition/index/indexed_timeseries"] = h5py.SoftLink("/acquisition/movie")


def _uncompressed(f: h5py.File) -> None:
    """A 64 MB dataset never written (fill values): the file stays small."""
    attrs = dict(f["acquisition/signal/data"].attrs)
    del f["acquisition/signal/data"]
    f.create_dataset("acquisition/signal/data", shape=(8_000_000,), dtype="f8")
    f["acquisition/signal/data"].attrs.update(attrs)


def _huge(f: h5py.File) -> None:
    """32 GB of frames never written: the file stays small."""
    attrs = dict(f["acquisition/signal/data"].attrs)
    del f["acquisition/signal/data"]
    f.create_dataset("acquisition/signal/data", shape=(400_000, 100, 100), dtype="f8")
    f["acquisition/signal/data"].attrs.update(attrs)
    f["acquisition/signal"].attrs["neurodata_type"] = "ImageSeries"


def _rate(value: float) -> Callable[[h5py.File], None]:
    def edit(f: h5py.File) -> None:
        f["acquisition/signal/starting_time"].attrs["rate"] = value

    return edit


def _bad_region(f: h5py.File) -> None:
    """The ElectricalSeries names electrode rows 0 and 5 of a table of 2."""
    f["acquisition/ephys/electrodes"][1] = 5


POST: dict[str, Callable[[h5py.File], None]] = {
    "check_rate_is_not_zero": _rate(0.0),
    "check_dynamic_table_region_data_validity": _bad_region,
    "check_rate_is_positive": _rate(-10.0),
    "check_name_slashes": lambda f: f.move("acquisition/signal", "acquisition/a\\b"),
    "check_image_series_data_size": _huge,
    "check_large_dataset_compression": _huge,
    "check_name_colons": lambda f: f.move("acquisition/signal", "acquisition/a:b"),
    "check_small_dataset_compression": _uncompressed,
    "check_index_series_points_to_image": _to_timeseries,
}
