"""Generated benchmark files: NWB layouts with N TimeSeries, and one huge dataset.

The files are written with h5py in the layout pynwb produces (typed groups with
``neurodata_type``/``namespace``/``object_id``, ``data`` with ``unit``/``conversion``,
``starting_time`` with ``rate``) and carry the installed core's specs, so every tool
treats them as real NWB files. A "huge" file adds one chunked dataset of ``gigabytes``
that is allocated but never written (HDF5 fill values): the bytes exist as far as any
reader can tell, yet making the file is instant.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import h5py
import numpy as np
import yaml

from nwb_lsp.schema.installed import core_namespace_file, hdmf_common_namespace_file

OUT = Path(__file__).parent / "data"


def _cache_specs(f: h5py.File) -> None:
    for ns_file in (core_namespace_file(), hdmf_common_namespace_file()):
        assert ns_file is not None
        doc = yaml.safe_load(ns_file.read_text())
        entry = doc["namespaces"][0]
        group = f.create_group(f"specifications/{entry['name']}/{entry['version']}")
        group.create_dataset("namespace", data=json.dumps(doc))
        for item in entry["schema"]:
            if "source" in item:
                src = ns_file.parent / item["source"]
                name = item["source"].removesuffix(".yaml")
                group.create_dataset(
                    name, data=json.dumps(yaml.safe_load(src.read_text()))
                )


def _huge_timestamps(g: h5py.Group, gigabytes: float) -> None:
    """Replace the series' data by 1-D data and timestamps of ``gigabytes`` each,
    allocated but never written (every timestamp reads as the fill value)."""
    rows = int(gigabytes * 2**30 / 8)
    attrs = dict(g["data"].attrs)
    del g["data"]
    d = g.create_dataset("data", shape=(rows,), dtype="f8", chunks=(1 << 20,))
    d.attrs.update(attrs)
    t = g.create_dataset(
        "timestamps", shape=(rows,), dtype="f8", chunks=(1 << 20,), fillvalue=1.0
    )
    t.attrs.update({"interval": 1, "unit": "seconds"})


def _typed(obj: h5py.HLObject, typ: str, ns: str = "core") -> None:
    obj.attrs["neurodata_type"] = typ
    obj.attrs["namespace"] = ns
    obj.attrs["object_id"] = str(uuid.uuid4())


def make(n_series: int, gigabytes: float = 0.0, timestamps: bool = False) -> Path:
    """``timestamps``: the large series has ``gigabytes`` of timestamps (and as
    many values of data) instead of a rate, so value checks meet a huge dataset."""
    OUT.mkdir(exist_ok=True)
    path = OUT / (
        f"ts_{n_series}"
        + (f"_{gigabytes:g}gb" if gigabytes else "")
        + ("_timestamps" if timestamps else "")
        + ".nwb"
    )
    if path.exists():
        return path
    core = yaml.safe_load(core_namespace_file().read_text())["namespaces"][0]  # type: ignore[union-attr]
    with h5py.File(path, "w") as f:
        _typed(f, "NWBFile")
        f.attrs["nwb_version"] = core["version"]
        f.create_dataset("identifier", data="bench")
        f.create_dataset("session_description", data="benchmark file")
        f.create_dataset("session_start_time", data="2024-01-01T00:00:00+00:00")
        f.create_dataset("timestamps_reference_time", data="2024-01-01T00:00:00+00:00")
        f.create_dataset(
            "file_create_date",
            data=["2024-01-01T00:00:00+00:00"],
            dtype=h5py.string_dtype(),
        )
        for name in (
            "analysis",
            "processing",
            "stimulus/presentation",
            "stimulus/templates",
            "general",
        ):
            f.create_group(name)
        acq = f.create_group("acquisition")
        for i in range(n_series):
            g = acq.create_group(f"ts{i:05d}")
            _typed(g, "TimeSeries")
            g.attrs["description"] = "no description"
            g.attrs["comments"] = "no comments"
            d = g.create_dataset("data", data=np.arange(10, dtype="f8"))
            d.attrs.update(
                {"unit": "m", "conversion": 1.0, "resolution": -1.0, "offset": 0.0}
            )
            st = g.create_dataset("starting_time", data=0.0)
            st.attrs.update({"rate": 10.0, "unit": "seconds"})
        if gigabytes:
            rows = int(gigabytes * 2**30 / (8 * 64))
            g = acq.create_group("huge")
            _typed(g, "TimeSeries")
            g.attrs["description"] = "a large dataset"
            g.attrs["comments"] = "no comments"
            d = g.create_dataset(
                "data", shape=(rows, 64), dtype="f8", chunks=(4096, 64), fillvalue=0.5
            )
            d.attrs.update(
                {"unit": "V", "conversion": 1.0, "resolution": -1.0, "offset": 0.0}
            )
            if timestamps:
                _huge_timestamps(g, gigabytes)
            else:
                st = g.create_dataset("starting_time", data=0.0)
                st.attrs.update({"rate": 30000.0, "unit": "seconds"})
        _cache_specs(f)
    return path
