"""The depth-first walk behind ``build_index``: one record per link, in file order.

It does not follow soft or external links and does not descend twice into an object
reachable under two names (hard links), so cycles cannot trap it. Per object it reads
the header only: attributes (small values, or a summary of large ones), a dataset's
shape, dtype, chunking and filters, and the values of reference-typed data. Anything
that cannot be read becomes a ``Problem``; the walk goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import h5py

from nwb_lsp.hdf5.dtypes import attribute_type, dtype_info, read_attribute
from nwb_lsp.hdf5.records import (
    ArraySummary,
    FileIndex,
    LinkInfo,
    ObjectKind,
    ObjectRecord,
    Problem,
    ProblemKind,
    scalar_text,
)
from nwb_lsp.hdf5.refs_reader import ReferenceReader

SKIPPED_GROUPS = {"/specifications"}
SKIPPED_ATTRS = {".specloc"}
MAX_ATTR_ELEMENTS = 64  # larger attribute arrays are summarised by shape and dtype
PROGRESS_EVERY = 500
METADATA_CACHE = 1 << 20  # bytes of HDF5 metadata cache while walking


class Splitter(Protocol):
    def visit(
        self, walker: Walker, group: h5py.Group, path: str, names: list[str]
    ) -> bool:
        """Visit ``names`` (children of ``group``) itself and return True, or return
        False to let the walker visit them."""


class Walker:
    """Depth-first traversal filling ``index``; one instance per pass.

    ``splitter``, when given, may take over the children of a large group (handing
    shares of them to helper processes, see ``hdf5/parallel.py``).
    """

    def __init__(
        self,
        f: h5py.File,
        index: FileIndex,
        progress: Callable[[int], None] | None = None,
        splitter: Splitter | None = None,
    ) -> None:
        self.progress = progress
        self.splitter = splitter
        self.f = f
        self.index = index
        self.refs = ReferenceReader(f, index)
        self.seen: dict[int, str] = {}  # object address -> first path seen
        self.directory = Path(f.filename).resolve().parent

    def visit_root(self) -> None:
        self._visit_group(self.f, "/", None)

    def _problem(self, kind: ProblemKind, path: str, exc: BaseException) -> None:
        self.index.problems.append(Problem(kind, path, f"{type(exc).__name__}: {exc}"))

    def _visit_group(self, group: h5py.Group, path: str, addr: int | None) -> None:
        record = self._object_record(group, path, ObjectKind.GROUP, addr)
        if record is None:
            return
        try:
            names = list(group.keys())
        except Exception as exc:  # libhdf5 errors surface as various types
            self._problem(ProblemKind.UNREADABLE_OBJECT, path, exc)
            return
        record.children = [
            n for n in names if child_path(path, n) not in SKIPPED_GROUPS
        ]
        if self.splitter is not None and self.splitter.visit(
            self, group, path, record.children
        ):
            return
        for name in record.children:
            self.visit_link(group, name, child_path(path, name))

    def visit_link(self, group: h5py.Group, name: str, path: str) -> None:
        # The low-level link API tells the link's class (and, for hard links, the
        # object's address: its identity) without opening anything.
        raw = name.encode("utf-8")
        try:
            info = group.id.links.get_info(raw)
            if info.type == h5py.h5l.TYPE_HARD:
                self._hard_link(group, raw, path, info.u)
                return
            link = group.get(name, getlink=True)
        except Exception as exc:  # libhdf5 errors surface as various types
            self._problem(ProblemKind.UNREADABLE_OBJECT, path, exc)
            return
        if isinstance(link, h5py.SoftLink):
            self._soft_link(path, link.path)
        elif isinstance(link, h5py.ExternalLink):
            self._external_link(path, link.filename, link.path)

    def _hard_link(self, group: h5py.Group, raw: bytes, path: str, addr: int) -> None:
        oid = h5py.h5o.open(group.id, raw)
        kind = h5py.h5i.get_type(oid)
        if kind == h5py.h5i.GROUP:
            self._visit_group(h5py.Group(oid), path, addr)
        elif kind == h5py.h5i.DATASET:
            self._visit_dataset(h5py.Dataset(oid), path, addr)

    def _object_record(
        self, obj: h5py.HLObject, path: str, kind: ObjectKind, addr: int | None
    ) -> ObjectRecord | None:
        try:
            if addr is None:
                addr = h5py.h5o.get_info(obj.id).addr
        except Exception as exc:
            self._problem(ProblemKind.UNREADABLE_OBJECT, path, exc)
            return None
        record = ObjectRecord(path=path, kind=kind, object_key=str(addr))
        self.index.objects[path] = record
        if self.progress is not None and len(self.index.objects) % PROGRESS_EVERY == 0:
            self.progress(len(self.index.objects))
        first = self.seen.setdefault(addr, path)
        self._read_attrs(obj, record)
        if first != path and kind is ObjectKind.GROUP:
            return None  # a second name for a group already walked: do not descend
        return record

    def _read_attrs(self, obj: h5py.HLObject, record: ObjectRecord) -> None:
        # Attributes by index through the low-level API: one open per attribute,
        # which also yields its name, type and shape. Native (storage) order spares
        # HDF5 sorting the names on every open.
        try:
            count = h5py.h5a.get_num_attrs(obj.id)
        except Exception as exc:
            self._problem(ProblemKind.UNREADABLE_ATTRIBUTE, record.path, exc)
            return
        for i in range(count):
            try:
                aid = h5py.h5a.open(obj.id, index=i, order=h5py.h5.ITER_NATIVE)
                name = aid.name.decode("utf-8", errors="replace")
                if name not in SKIPPED_ATTRS:
                    self._read_attr(obj, aid, name, record)
            except Exception as exc:
                self._problem(ProblemKind.UNREADABLE_ATTRIBUTE, record.path, exc)
        record.neurodata_type = _text(record.attrs.get("neurodata_type")) or _text(
            record.attrs.get("data_type")
        )
        record.namespace = _text(record.attrs.get("namespace"))
        record.object_id = _text(record.attrs.get("object_id"))

    def _read_attr(
        self, obj: h5py.HLObject, aid: h5py.h5a.AttrID, name: str, rec: ObjectRecord
    ) -> None:
        shape = aid.shape
        dtype, info = attribute_type(aid)
        rec.attr_dtypes[name] = info
        rec.attr_shapes[name] = shape
        if info.has_references:
            rec.attrs[name] = self.refs.attribute(rec.path, name, obj.attrs[name])
        elif shape is not None and _size(shape) > MAX_ATTR_ELEMENTS:
            rec.attrs[name] = ArraySummary(tuple(shape), info)
        else:
            rec.attrs[name] = read_attribute(aid, shape, dtype)

    def _visit_dataset(self, dset: h5py.Dataset, path: str, addr: int) -> None:
        record = self._object_record(dset, path, ObjectKind.DATASET, addr)
        if record is None:
            return
        try:
            _dataset_layout(dset.id, record)
        except Exception as exc:
            self._problem(ProblemKind.UNREADABLE_OBJECT, path, exc)
            return
        dtype = record.dtype
        if dtype is not None and dtype.has_references and record.shape:
            self.refs.dataset(dset, record)

    def _soft_link(self, path: str, target: str) -> None:
        if not target.startswith("/"):
            parent = path.rsplit("/", 1)[0] or "/"
            target = f"{parent.rstrip('/')}/{target}"
        exists = _exists(self.f, target)
        self.index.objects[path] = ObjectRecord(
            path=path,
            kind=ObjectKind.SOFT_LINK,
            link=LinkInfo(ObjectKind.SOFT_LINK, target, target_exists=exists),
        )
        self.refs.link(path, target if exists else None, external=False, wanted=target)

    def _external_link(self, path: str, filename: str, target: str) -> None:
        resolved = Path(filename)
        if not resolved.is_absolute():
            resolved = self.directory / resolved
        exists = _external_exists(resolved, target)
        self.index.objects[path] = ObjectRecord(
            path=path,
            kind=ObjectKind.EXTERNAL_LINK,
            link=LinkInfo(
                ObjectKind.EXTERNAL_LINK, target, filename, exists, str(resolved)
            ),
        )
        self.refs.link(path, None, external=True, wanted=f"{filename}:{target}")


_FILTER_NAMES = {
    h5py.h5z.FILTER_DEFLATE: "gzip",
    h5py.h5z.FILTER_SZIP: "szip",
    h5py.h5z.FILTER_LZF: "lzf",
}


def _dataset_layout(did: h5py.h5d.DatasetID, record: ObjectRecord) -> None:
    """Shape, dtype, chunks, max shape and compression through the low-level API
    (h5py's properties each re-open the dataspace or the creation property list)."""
    space = did.get_space()
    if space.get_simple_extent_type() == h5py.h5s.NULL:
        record.shape = None
    else:
        record.shape = space.shape
        record.maxshape = tuple(
            None if d == h5py.h5s.UNLIMITED else d
            for d in space.get_simple_extent_dims(True)
        )
    record.dtype = dtype_info(did.dtype)
    plist = did.get_create_plist()
    if plist.get_layout() != h5py.h5d.CHUNKED:
        return
    record.chunks = plist.get_chunk()
    for i in range(plist.get_nfilters()):
        code, _flags, values, name = plist.get_filter(i)
        if code in _FILTER_NAMES or code > h5py.h5z.FILTER_SCALEOFFSET:
            record.compression = _FILTER_NAMES.get(code) or name.decode(
                errors="replace"
            )
            record.compression_opts = (
                values[0] if code == h5py.h5z.FILTER_DEFLATE else None
            )
            break


def limit_metadata_cache(f: h5py.File) -> None:
    """Keep libhdf5's metadata cache at ``METADATA_CACHE`` bytes for a walk.

    The walk reads each object header once, so cached headers are never read again,
    yet the adaptive cache grows towards 32 MB — and the decoded structures it holds
    take several times that (about 40 MB more per process at 10,000 TimeSeries).
    Hot entries (the B-tree and heap of a large group) still fit.
    """
    try:
        config = f.id.get_mdc_config()
        config.set_initial_size = True
        config.initial_size = config.min_size = config.max_size = METADATA_CACHE
        f.id.set_mdc_config(config)
    except Exception:  # an older libhdf5 without these calls: the default cache
        pass


def child_path(path: str, name: str) -> str:
    """The HDF5 path of ``name`` inside the group at ``path``."""
    return f"/{name}" if path == "/" else f"{path}/{name}"


def _size(shape: tuple[int, ...]) -> int:
    size = 1
    for n in shape:
        size *= n
    return size


def _text(value: Any) -> str | None:
    return scalar_text(value)


def _exists(f: h5py.File, path: str) -> bool:
    try:
        return f.get(path) is not None
    except Exception:
        return False


def _external_exists(file: Path, path: str) -> bool:
    if not file.is_file():
        return False
    try:
        with h5py.File(file, "r", locking=False) as ext:
            return _exists(ext, path)
    except Exception:
        return False
