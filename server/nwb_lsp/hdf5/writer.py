"""Writing a ``WritePlan`` as an HDF5 file, atomically.

The file is written under a temporary name beside the target and renamed over it at
the end, so a reader never sees half a file and a failed write leaves nothing behind
(nor changes the file it would have replaced). An existing target is replaced only
with ``overwrite=True``. Objects are created parents first; object references (in
attributes and datasets) are filled in a second pass, when every target exists. The
specs go to ``/specifications/<namespace>/<version>/<source>`` as JSON text, with the
root's ``.specloc`` reference pointing there, as pynwb writes them.
"""

from __future__ import annotations

import json
import os
from functools import partial
from pathlib import Path
from typing import Any

import h5py
import numpy as np

from nwb_lsp.fileio import temporary_beside
from nwb_lsp.hdf5.write_data import (
    Deferred,
    create_dataset,
    plain,
    spec_numpy_dtype,
)
from nwb_lsp.hdf5.write_plan import (
    ObjectRef,
    PlannedAttribute,
    PlannedDataset,
    PlannedGroup,
    PlannedLink,
    SpecTree,
    WritePlan,
    has_references,
)


def write_plan(
    plan: WritePlan, target: str | os.PathLike[str], *, overwrite: bool
) -> Path:
    """Write ``plan`` to ``target`` (``FileExistsError`` if it exists and
    ``overwrite`` is false)."""
    path = Path(target)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} exists; pass overwrite=True to replace it")
    if not path.parent.is_dir():
        raise FileNotFoundError(f"{path.parent}: no such folder")
    tmp = temporary_beside(path)
    try:
        with h5py.File(tmp, "w") as f:
            _fill(f, plan)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


class ObjectWriteError(Exception):
    """An object h5py could not write (options it refuses, values it cannot
    store); ``path`` says which."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def _fill(f: h5py.File, plan: WritePlan) -> None:
    later: list[tuple[str, Deferred]] = []
    for planned in plan.objects:
        try:
            later.extend((planned.path, fill) for fill in _create(f, plan, planned))
        except (ValueError, TypeError, OSError, KeyError) as exc:
            raise ObjectWriteError(planned.path, str(exc)) from exc
    for path, fill in later:
        try:
            fill()
        except (ValueError, TypeError, OSError, KeyError) as exc:
            raise ObjectWriteError(path, str(exc)) from exc
    if plan.specs:
        write_specs(f, plan.specs)


def _create(
    f: h5py.File, plan: WritePlan, planned: PlannedGroup | PlannedDataset | PlannedLink
) -> list[Deferred]:
    """Create one object; returns what must wait until every object exists."""
    later: list[Deferred] = []
    if isinstance(planned, PlannedLink):
        f[planned.path] = (
            h5py.ExternalLink(planned.file, planned.target)
            if planned.file is not None
            else h5py.SoftLink(planned.target)
        )
        return later
    if isinstance(planned, PlannedGroup):
        obj: Any = f if planned.path == "/" else f.create_group(planned.path)
    else:
        fill = create_dataset(f, planned, plan.path_map)
        if fill is not None:
            later.append(fill)
        obj = f[planned.path]
    later.extend(_attributes(f, obj, planned))
    return later


def _attributes(
    f: h5py.File, obj: Any, planned: PlannedGroup | PlannedDataset
) -> list[Deferred]:
    later: list[Deferred] = []
    for name, attr in planned.attrs.items():
        if has_references(attr.value):
            later.append(partial(_reference_attribute, f, obj, name, attr))
        else:
            write_attribute(obj, name, attr)
    return later


def write_attribute(obj: Any, name: str, attr: PlannedAttribute) -> None:
    value = plain(attr.value)
    want = spec_numpy_dtype(attr.dtype)
    if isinstance(value, np.ndarray) and value.dtype.kind not in "UO":
        obj.attrs.create(name, value)
    elif isinstance(value, str) or (
        isinstance(value, list | np.ndarray) and _all_text(value)
    ):
        text = want if h5py.check_string_dtype(want) else h5py.string_dtype()
        obj.attrs.create(name, np.array(value, dtype=text), dtype=text)
    elif want is not None and not h5py.check_ref_dtype(want):
        obj.attrs.create(name, np.asarray(value, dtype=want))
    else:
        obj.attrs.create(name, value)


def _all_text(values: Any) -> bool:
    return len(values) > 0 and all(isinstance(v, str) for v in values)


def _reference_attribute(
    f: h5py.File, obj: Any, name: str, attr: PlannedAttribute
) -> None:
    value = attr.value
    if isinstance(value, ObjectRef):
        obj.attrs.create(name, f[value.path].ref, dtype=h5py.ref_dtype)
        return
    refs = np.empty(len(value), dtype=h5py.ref_dtype)
    refs[:] = [f[v.path].ref for v in value]
    obj.attrs.create(name, refs, dtype=h5py.ref_dtype)


def write_specs(f: h5py.File, specs: SpecTree) -> None:
    """``/specifications`` as pynwb writes it, and the root's ``.specloc``."""
    top = f.require_group("specifications")
    text = h5py.string_dtype("utf-8")
    for namespace, versions in specs.items():
        for version, sources in versions.items():
            group = top.require_group(namespace).require_group(version)
            for source, document in sources.items():
                group.create_dataset(source, data=json.dumps(document), dtype=text)
    f.attrs.create(".specloc", top.ref, dtype=h5py.ref_dtype)
