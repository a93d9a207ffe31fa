"""Deciding how many rows each dataset keeps when a file is truncated.

The plan is computed from the source before anything is copied, so every dataset
that must agree with another (data and timestamps, a ragged column and its indexes,
a region and the table it points into) gets a consistent length.

A dataset of references (object, region, or compound with a reference field) is never
cut to zero rows when the source has some: hdmf decides that a dataset holds
references by reading its first element, so an empty one is read, and validated, as
text. When the kept rows of a ragged column point at none of its elements, its
target keeps its first element, which no index reaches.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import h5py
import numpy as np

from nwb_lsp.hdf5.dtypes import has_references

TIME_SERIES_CUT = ("data", "timestamps", "control")


@dataclass
class CutPlan:
    n: int
    rows: dict[str, int] = field(default_factory=dict)  # dataset path -> rows kept
    clamp: dict[str, int] = field(default_factory=dict)  # region path -> max value
    table_rows: dict[str, int] = field(default_factory=dict)  # table path -> rows


def plan_cuts(f: h5py.File, n: int) -> CutPlan:
    plan = CutPlan(n)
    groups: list[h5py.Group] = []
    f.visititems(lambda name, obj: groups.append(obj) if _walkable(name, obj) else None)
    for group in groups:
        if _is_table(group):
            _plan_table(group, plan)
        elif _is_time_series(group):
            _plan_series(group, plan)
    for group in groups:
        _plan_regions(group, plan)
    return plan


def _walkable(name: str, obj: object) -> bool:
    return isinstance(obj, h5py.Group) and not name.startswith("specifications")


def _is_table(group: h5py.Group) -> bool:
    return "colnames" in group.attrs and isinstance(
        group.get("id", getlink=True), h5py.HardLink
    )


def _is_time_series(group: h5py.Group) -> bool:
    return "neurodata_type" in group.attrs and isinstance(
        group.get("data", getlink=True), h5py.HardLink
    )


def _plan_series(group: h5py.Group, plan: CutPlan) -> None:
    for name in TIME_SERIES_CUT:
        if isinstance(group.get(name, getlink=True), h5py.HardLink):
            dset = group[name]
            if isinstance(dset, h5py.Dataset) and dset.shape:
                plan.rows[dset.name] = min(plan.n, dset.shape[0])


def _ref_path(dset: h5py.Dataset, attr: str) -> str | None:
    """Path of the object an object-reference attribute points to, if any."""
    ref = dset.attrs.get(attr)
    if isinstance(ref, h5py.Reference) and ref:
        try:
            return str(dset.file[ref].name)
        except (KeyError, ValueError):
            return None
    return None


def _plan_table(group: h5py.Group, plan: CutPlan) -> None:
    rows = min(plan.n, group["id"].shape[0])
    plan.table_rows[group.name] = rows
    datasets = {
        group[name].name: group[name]
        for name in group
        if isinstance(group.get(name, getlink=True), h5py.HardLink)
        and isinstance(group[name], h5py.Dataset)
    }
    targets = {path: _ref_path(d, "target") for path, d in datasets.items()}
    resolved: dict[str, str] = {p: t for p, t in targets.items() if t is not None}
    inner = set(resolved.values())
    for path, dset in datasets.items():
        if path in inner or not dset.shape:
            continue  # cut through its index chain below
        plan.rows[path] = min(rows, dset.shape[0])
        _cut_chain(path, resolved, datasets, plan)


def _cut_chain(
    path: str, targets: dict[str, str], datasets: dict[str, h5py.Dataset], plan: CutPlan
) -> None:
    """Each index keeps what its kept rows point to in its target, recursively."""
    while path in targets:
        kept = plan.rows[path]
        end = int(np.asarray(datasets[path][kept - 1])) if kept > 0 else 0
        target = targets[path]
        if target not in datasets:
            return
        plan.rows[target] = _kept_elements(datasets[target], end)
        path = target


def _kept_elements(target: h5py.Dataset, end: int) -> int:
    """Rows of a ragged column's target to keep: ``end``, but never an empty
    dataset of references (it would read back as text)."""
    length = target.shape[0]
    if end == 0 and length > 0 and has_references(target.dtype):
        return 1
    return min(end, length)


def _plan_regions(group: h5py.Group, plan: CutPlan) -> None:
    for name in group:
        if not isinstance(group.get(name, getlink=True), h5py.HardLink):
            continue
        obj = group[name]
        if not isinstance(obj, h5py.Dataset):
            continue
        if obj.attrs.get("neurodata_type") != "DynamicTableRegion":
            continue
        table = _ref_path(obj, "table")
        if table in plan.table_rows and plan.table_rows[table] > 0:
            plan.clamp[obj.name] = plan.table_rows[table] - 1
