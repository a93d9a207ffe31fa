"""Second pass of truncation: re-point every reference at the copied objects.

A reference stored in the source names an object of the source file; the copy needs
a reference to the same path in the new file. Region references keep their
selection, clipped to the (possibly shorter) copied dataset. Compound datasets with
reference fields are written here whole: plain fields copied, reference fields
re-created.
"""

from __future__ import annotations

from typing import Any

import h5py
import numpy as np

from nwb_lsp.hdf5.dtypes import has_references
from nwb_lsp.hdf5.truncate_plan import CutPlan


def rewrite_references(src: h5py.File, dst: h5py.File, plan: CutPlan) -> None:
    _Rewriter(src, dst).run(plan)


class _Rewriter:
    def __init__(self, src: h5py.File, dst: h5py.File) -> None:
        self.src, self.dst = src, dst

    def run(self, plan: CutPlan) -> None:
        self._attrs(self.src, self.dst)
        self.src.visititems(self._visit)

    def _visit(self, name: str, obj: Any) -> None:
        if name not in self.dst or isinstance(
            self.src.get(name, getlink=True), h5py.SoftLink | h5py.ExternalLink
        ):
            return
        target = self.dst[name]
        self._attrs(obj, target)
        if isinstance(obj, h5py.Dataset) and target.shape and has_references(obj.dtype):
            self._dataset(obj, target)

    def _attrs(self, src: h5py.HLObject, dst: h5py.HLObject) -> None:
        for name in src.attrs:
            aid = src.attrs.get_id(name)
            if h5py.check_ref_dtype(aid.dtype) is None:
                continue
            value = src.attrs[name]
            if isinstance(value, np.ndarray):
                new = np.array([self._ref(v) for v in value.ravel()], dtype=aid.dtype)
                dst.attrs.create(name, new.reshape(value.shape), dtype=aid.dtype)
            else:
                dst.attrs.create(name, self._ref(value), dtype=aid.dtype)

    def _dataset(self, src: h5py.Dataset, dst: h5py.Dataset) -> None:
        rows = dst.shape[0]
        values = src[:rows]
        if src.dtype.fields:
            for field in src.dtype.names or ():
                if has_references(src.dtype.fields[field][0]):
                    column = values[field]
                    values[field] = [self._ref(v) for v in column.ravel()]
            dst[:rows] = values
            return
        flat = [self._ref(v) for v in np.asarray(values, dtype=object).ravel()]
        dst[:rows] = np.array(flat, dtype=src.dtype).reshape(values.shape)

    def _ref(self, ref: Any) -> Any:
        if not ref:
            return ref
        try:
            obj = self.src[ref]
        except (KeyError, ValueError):
            return None  # a dangling reference stays null in the copy
        if obj.name not in self.dst:
            return None
        copied = self.dst[obj.name]
        if isinstance(ref, h5py.RegionReference):
            return copied.regionref[_clipped(self.src, ref, copied)]
        return copied.ref


def _clipped(src: h5py.File, ref: h5py.RegionReference, copied: h5py.Dataset) -> Any:
    space = h5py.h5r.get_region(ref, src.id)
    lo, hi = space.get_select_bounds()
    shape = copied.shape or ()
    return tuple(
        slice(min(a, n), min(b + 1, n)) for a, b, n in zip(lo, hi, shape, strict=False)
    )
