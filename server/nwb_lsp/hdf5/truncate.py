"""A small copy of an NWB file that is still a valid NWB file, for test data.

What gets cut (everything else is copied whole):

* time series: ``data``, ``timestamps`` and ``control`` keep their first ``n`` rows
  together, so their lengths still agree;
* dynamic tables: ``id`` and every column keep their first ``n`` rows; a ragged
  column is cut through its chain of indexes (``x_index_index`` -> ``x_index`` ->
  ``x``), each level keeping exactly what the kept rows of the level above point to,
  so no index points past the end of its target;
* dynamic table regions: values pointing at rows of a table that was cut are clamped
  to its last kept row, so every region stays in range.

``n`` is at least 1: with no rows kept, no region could point anywhere (an
ElectricalSeries still needs one electrode per channel), and hdmf tells that a
dataset holds references only from its first element, so an empty column of
references reads back (and fails pynwb's validation) as text. For the same reason a
ragged column of references keeps its first element even when the kept rows point
at none of them (see ``truncate_plan``).

The copy is made in two passes: first the structure, attributes and (cut) values;
then every object and region reference — in attributes, datasets and compound fields
— is re-created to point at the copied object. Soft and external links, hard-link
aliases and the cached ``/specifications`` are preserved.

The source is opened read-only; the copy is written to a temporary file beside the
target and renamed into place; an existing target is kept unless ``force``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import h5py
import numpy as np

from nwb_lsp.fileio import temporary_beside
from nwb_lsp.hdf5.dtypes import has_references
from nwb_lsp.hdf5.records import Problem
from nwb_lsp.hdf5.remote import open_location, remote_failure
from nwb_lsp.hdf5.truncate_plan import CutPlan, plan_cuts
from nwb_lsp.hdf5.truncate_refs import rewrite_references
from nwb_lsp.urls import RemoteOptions, is_url, shown


class TruncateError(Exception):
    """The copy could not be made (bad source, existing target)."""


def default_target(source: Path | str) -> Path:
    """``<stem>_truncated.nwb`` beside a local source; in the working folder for a
    URL (named after the last part of its path)."""
    if isinstance(source, str) and is_url(source):
        name = urlsplit(source).path.rstrip("/").rsplit("/", 1)[-1] or "remote.nwb"
        source = Path.cwd() / name
    source = Path(source)
    return source.with_name(f"{source.stem}_truncated{source.suffix or '.nwb'}")


def truncate_file(
    source: str | os.PathLike[str],
    target: str | os.PathLike[str] | None = None,
    n: int = 10,
    *,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
    remote: RemoteOptions | None = None,
) -> Path:
    """Write the first ``n`` rows/samples of ``source`` (a path or a URL, read with
    ``remote``'s settings) to ``target``; return it."""
    url = source if isinstance(source, str) and is_url(source) else None
    dst_path = (
        Path(target) if target is not None else default_target(url or Path(source))
    )
    if n < 1:
        raise TruncateError(
            f"n must be at least 1 (got {n}): a table with no rows leaves its "
            "regions nothing to point at"
        )
    if dst_path.exists() and not force:
        raise TruncateError(f"{dst_path}: already exists (use --force to overwrite)")
    if url is None and dst_path.resolve() == Path(source).resolve():
        raise TruncateError("the target must differ from the source")
    src = _open_source(url or Path(source), remote)
    # relative external links keep pointing beside the copy when the source is remote
    src_dir = dst_path.resolve().parent if url else Path(source).resolve().parent
    dst_path.parent.mkdir(parents=True, exist_ok=True)
    tmp_name = str(temporary_beside(dst_path))  # the mode of a new file, not 0600
    try:
        with src, h5py.File(tmp_name, "w") as dst:
            plan = plan_cuts(src, n)
            _Copier(src, dst, plan, src_dir, dst_path, progress).copy()
            rewrite_references(src, dst, plan)
        os.replace(tmp_name, dst_path)
    except BaseException as exc:
        Path(tmp_name).unlink(missing_ok=True)
        failure = remote_failure(src)
        if failure is not None:
            raise TruncateError(f"{shown(str(source))}: {failure.message}") from exc
        raise
    return dst_path


def _open_source(source: Path | str, remote: RemoteOptions | None) -> h5py.File:
    if isinstance(source, Path):
        try:
            return h5py.File(source, "r")
        except OSError as exc:
            raise TruncateError(f"{source}: cannot open as HDF5: {exc}") from exc
    problems: list[Problem] = []
    src = open_location(source, problems, remote)
    if src is None:
        why = problems[0].message if problems else "cannot be opened"
        raise TruncateError(f"{shown(source)}: {why}")
    return src


class _Copier:
    def __init__(
        self,
        src: h5py.File,
        dst: h5py.File,
        plan: CutPlan,
        src_dir: Path,
        dst_path: Path,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.progress = progress
        self.src, self.dst, self.plan = src, dst, plan
        self.src_dir = src_dir
        self.dst_dir = dst_path.resolve().parent
        self.first_name: dict[tuple[int, int], str] = {}

    def copy(self) -> None:
        _copy_attrs(self.src, self.dst)
        self._copy_group(self.src, self.dst)

    def _copy_group(self, src: h5py.Group, dst: h5py.Group) -> None:
        for name in src:
            link = src.get(name, getlink=True)
            if isinstance(link, h5py.SoftLink):
                dst[name] = h5py.SoftLink(link.path)
            elif isinstance(link, h5py.ExternalLink):
                dst[name] = h5py.ExternalLink(self._external(link.filename), link.path)
            else:
                self._copy_object(src[name], dst, name)

    def _external(self, filename: str) -> str:
        if Path(filename).is_absolute() or self.src_dir == self.dst_dir:
            return filename
        return os.path.relpath(self.src_dir / filename, self.dst_dir)

    def _copy_object(self, obj: h5py.HLObject, dst: h5py.Group, name: str) -> None:
        info = h5py.h5o.get_info(obj.id)
        key = (info.fileno, info.addr)
        if key in self.first_name:  # a hard link to an object already copied
            dst[name] = self.dst[self.first_name[key]]
            return
        self.first_name[key] = f"{dst.name.rstrip('/')}/{name}"
        if self.progress is not None and len(self.first_name) % 500 == 0:
            self.progress(len(self.first_name))
        if isinstance(obj, h5py.Group):
            group = dst.create_group(name)
            _copy_attrs(obj, group)
            self._copy_group(obj, group)
        else:
            self._copy_dataset(obj, dst, name)

    def _copy_dataset(self, dset: h5py.Dataset, dst: h5py.Group, name: str) -> None:
        rows = self.plan.rows.get(dset.name)
        shape = dset.shape
        if rows is not None and shape:
            shape = (min(rows, shape[0]), *shape[1:])
        kwargs: dict[str, object] = {}
        if dset.chunks is not None and shape:
            kwargs.update(chunks=dset.chunks, maxshape=dset.maxshape)
            if dset.compression:
                kwargs.update(
                    compression=dset.compression, compression_opts=dset.compression_opts
                )
        out = dst.create_dataset(name, shape=shape, dtype=dset.dtype, **kwargs)
        _copy_attrs(dset, out)
        if shape is None or has_references(dset.dtype):
            return  # references are written by the second pass
        if shape == ():
            out[()] = dset[()]
            return
        if shape[0] == 0:
            return
        values = dset[: shape[0]]
        clamp = self.plan.clamp.get(dset.name)
        if clamp is not None:
            values = np.minimum(values, clamp)
        out[: shape[0]] = values


def _copy_attrs(src: h5py.HLObject, dst: h5py.HLObject) -> None:
    for name in src.attrs:
        aid = src.attrs.get_id(name)
        if has_references(aid.dtype):
            continue  # written by the second pass, pointing into the copy
        dst.attrs.create(name, src.attrs[name], dtype=aid.dtype)
