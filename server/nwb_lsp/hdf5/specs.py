"""The specifications an NWB file carries: ``/specifications/<ns>/<version>/<source>``.

pynwb and MatNWB cache every namespace a file uses, at the version used, as scalar
string datasets holding JSON (older writers wrote YAML-compatible JSON too). The
``namespace`` source holds the namespace file itself; every other source holds one
schema file. We return them parsed, every version present, so the schema layer can
pick the versions the file was written with.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import h5py
import yaml

SpecTree = dict[str, dict[str, dict[str, Any]]]


def _parse(raw: Any) -> Any:
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    text = str(raw)
    try:
        return json.loads(text)
    except ValueError:
        # Some writers stored YAML; a malformed entry stays a string for the schema
        # layer to report rather than failing the whole read.
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError:
            return text


def _read_group(group: h5py.Group) -> SpecTree:
    tree: SpecTree = {}
    for ns_name, ns_group in group.items():
        if not isinstance(ns_group, h5py.Group):
            continue
        for version, v_group in ns_group.items():
            if not isinstance(v_group, h5py.Group):
                continue
            sources: dict[str, Any] = {}
            for source, dset in v_group.items():
                if isinstance(dset, h5py.Dataset) and dset.shape == ():
                    sources[source] = _parse(dset[()])
            tree.setdefault(ns_name, {})[version] = sources
    return tree


def read_specs_as_dicts(group: h5py.Group | str | Path) -> SpecTree:
    """Parsed cached specs: ``{namespace: {version: {source: parsed}}}``.

    ``group`` is the ``/specifications`` group, a file (its ``/specifications`` is
    used), or a path to a file. A file without cached specs gives ``{}``.
    """
    if isinstance(group, str | Path):
        with h5py.File(group, "r", locking=False) as f:
            return read_specs_as_dicts(f)
    if isinstance(group, h5py.File) or group.name == "/":
        spec_group = group.get("specifications")
        if not isinstance(spec_group, h5py.Group):
            return {}
        return _read_group(spec_group)
    return _read_group(group)
