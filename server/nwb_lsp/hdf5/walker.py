"""The depth-first walk behind ``build_index``: one record per link, in file order.

It does not follow soft or external links and does not descend twice into an object
reachable under two names (hard links), so cycles cannot trap it. Per object it reads
the header only: attributes (small values, or a summary of large ones), a dataset's
shape, dtype, chunking and filters, and the values of reference-typed data. Anything
that cannot be read becomes a ``Problem``; the walk goes on. Names are read as the
bytes HDF5 stores, so a name that is not UTF-8 is indexed too (escaped, its bytes kept
in ``FileIndex.raw_paths``) and reported.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import h5py
import numpy as np

from nwb_lsp.hdf5.attributes import AttributeReader
from nwb_lsp.hdf5.dtypes import memory_type, stored_type
from nwb_lsp.hdf5.opening import object_exists
from nwb_lsp.hdf5.records import (
    DTypeKind,
    FileIndex,
    LinkInfo,
    ObjectKind,
    ObjectRecord,
    Problem,
    ProblemKind,
    display_name,
)
from nwb_lsp.hdf5.refs_reader import ReferenceReader

SKIPPED_GROUPS = {"/specifications"}
PROGRESS_EVERY = 500
METADATA_CACHE = 1 << 17  # bytes of HDF5 metadata cache while walking
Link = tuple[int, int]  # a link's class (h5l.TYPE_*) and, for a hard link, its address


class Splitter(Protocol):
    def visit(
        self, walker: Walker, group: h5py.Group, path: str, names: list[bytes]
    ) -> bool:
        """Visit ``names`` (children of ``group``, as stored) itself and return True,
        or return False to let the walker visit them."""


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
        self.attributes = AttributeReader(self.refs, index.problems)
        self.seen: dict[int, str] = {}  # object address -> first path seen

    def visit_root(self) -> None:
        self._visit_group(self.f, "/", None)

    def _problem(self, kind: ProblemKind, path: str, why: BaseException | str) -> None:
        text = why if isinstance(why, str) else f"{type(why).__name__}: {why}"
        self.index.problems.append(Problem(kind, path, text))

    def _visit_group(self, group: h5py.Group, path: str, addr: int | None) -> None:
        record = self._object_record(group.id, path, ObjectKind.GROUP, addr)
        if record is None:
            return
        stored: list[tuple[bytes, Link]] = []

        def keep(raw: bytes, info: h5py.h5l.LinkInfo) -> None:
            stored.append((raw, (info.type, info.u)))  # h5py reuses ``info``

        try:
            # names as stored, by name, with each link's class and (hard links) the
            # object's address: one pass over the group, nothing opened
            group.id.links.iterate(keep, info=True)
        except Exception as exc:  # libhdf5 errors surface as various types
            self._problem(ProblemKind.UNREADABLE_OBJECT, path, exc)
            return
        kept = []
        for raw, link in stored:
            name = display_name(raw)[0]
            if child_path(path, name) not in SKIPPED_GROUPS:
                kept.append((raw, link))
                record.children.append(name)
        if self.splitter is not None and self.splitter.visit(
            self, group, path, [raw for raw, _ in kept]
        ):
            return
        for raw, link in kept:
            self.visit_link(group, raw, path, link)

    def visit_link(
        self, group: h5py.Group, raw: bytes, parent: str, link: Link | None = None
    ) -> None:
        """Index the link ``raw`` of ``group`` (at ``parent``) and what it leads to
        (``link``: its class and address, when the caller has them)."""
        path = self._child(parent, raw)
        # The low-level link API tells the link's class (and, for hard links, the
        # object's address: its identity) without opening anything.
        try:
            if link is None:
                info = group.id.links.get_info(raw)
                link = info.type, info.u
            if link[0] == h5py.h5l.TYPE_HARD:
                oid = h5py.h5o.open(group.id, raw)
                kind = h5py.h5i.get_type(oid)
            elif link[0] in (h5py.h5l.TYPE_SOFT, h5py.h5l.TYPE_EXTERNAL):
                value = group.id.links.get_val(raw)
        except Exception as exc:  # libhdf5 errors surface as various types
            self._problem(ProblemKind.UNREADABLE_OBJECT, path, exc)
            return
        link_type, addr = link
        if link_type == h5py.h5l.TYPE_HARD and kind == h5py.h5i.GROUP:
            self._visit_group(h5py.Group(oid), path, addr)
        elif link_type == h5py.h5l.TYPE_HARD and kind == h5py.h5i.DATASET:
            self._visit_dataset(oid, path, addr)
        elif link_type == h5py.h5l.TYPE_SOFT:
            self._soft_link(path, value)
        elif link_type == h5py.h5l.TYPE_EXTERNAL:
            self._external_link(path, *value)

    def _child(self, parent: str, raw: bytes) -> str:
        """The path of the child ``raw`` of ``parent``; a name that is not UTF-8 is
        recorded as a problem and its bytes kept, and so are those of its
        descendants' paths."""
        name, valid = display_name(raw)
        path = child_path(parent, name)
        if not valid:
            self._problem(
                ProblemKind.INVALID_NAME, path, f"the name '{name}' is not UTF-8"
            )
        if not valid or parent in self.index.raw_paths:
            base = self.index.raw_path(parent).rstrip(b"/")
            self.index.raw_paths[path] = base + b"/" + raw
        return path

    def _object_record(
        self, obj: h5py.h5o.ObjectID, path: str, kind: ObjectKind, addr: int | None
    ) -> ObjectRecord | None:
        try:
            if addr is None:
                addr = h5py.h5o.get_info(obj).addr
        except Exception as exc:
            self._problem(ProblemKind.UNREADABLE_OBJECT, path, exc)
            return None
        record = ObjectRecord(path=path, kind=kind, object_key=str(addr))
        self.index.objects[path] = record
        if self.progress is not None and len(self.index.objects) % PROGRESS_EVERY == 0:
            self.progress(len(self.index.objects))
        first = self.seen.setdefault(addr, path)
        self.attributes.read(obj, record)
        if first != path and kind is ObjectKind.GROUP:
            return None  # a second name for a group already walked: do not descend
        return record

    def _visit_dataset(self, did: h5py.h5d.DatasetID, path: str, addr: int) -> None:
        # the low-level id: h5py.Dataset() makes a transfer property list per dataset
        record = self._object_record(did, path, ObjectKind.DATASET, addr)
        if record is None:
            return
        try:
            _dataset_layout(did, record)
        except Exception as exc:
            self._problem(ProblemKind.UNREADABLE_OBJECT, path, exc)
            return
        dtype = record.dtype
        if dtype is not None and dtype.has_references and record.shape:
            self.refs.dataset(h5py.Dataset(did), record)
        if record.shape == () and dtype is not None and dtype.kind in _NUMBERS:
            record.value = _scalar(did)

    def _soft_link(self, path: str, raw_target: bytes) -> None:
        if not raw_target.startswith(b"/"):
            parent = self.index.raw_path(path).rsplit(b"/", 1)[0]
            raw_target = parent + b"/" + raw_target
        target = display_name(raw_target)[0]
        exists = object_exists(self.f, raw_target)
        self.index.objects[path] = ObjectRecord(
            path=path,
            kind=ObjectKind.SOFT_LINK,
            link=LinkInfo(ObjectKind.SOFT_LINK, target, target_exists=exists),
        )
        self.refs.link(path, target if exists else None, external=False, wanted=target)

    def _external_link(self, path: str, raw_file: bytes, raw_target: bytes) -> None:
        resolved = Path(os.fsdecode(raw_file))
        if self.refs.directory is not None and not resolved.is_absolute():
            resolved = self.refs.directory / resolved
        # beside a remote file nothing is looked for: the rules leave such links be
        remote = self.refs.directory is None
        exists = not remote and _external_exists(resolved, raw_target)
        filename, target = display_name(raw_file)[0], display_name(raw_target)[0]
        self.index.objects[path] = ObjectRecord(
            path=path,
            kind=ObjectKind.EXTERNAL_LINK,
            link=LinkInfo(
                ObjectKind.EXTERNAL_LINK,
                target,
                filename,
                exists,
                None if remote else display_name(os.fsencode(resolved))[0],
            ),
        )
        self.refs.link(path, None, external=True, wanted=f"{filename}:{target}")


_NUMBERS = (DTypeKind.INT, DTypeKind.UINT, DTypeKind.FLOAT)


def _scalar(did: h5py.h5d.DatasetID) -> float | None:
    """A scalar number, read with the dataset already open (one small read
    spares the rules reopening it); None when it cannot be read."""
    try:
        dtype = stored_type(did)[0]
        out = np.empty((), dtype=dtype)
        did.read(h5py.h5s.ALL, h5py.h5s.ALL, out, memory_type(dtype))
        return float(out)
    except Exception:  # a damaged or filtered scalar: rules read it again
        return None


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
    _, record.dtype = stored_type(did)
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


def _external_exists(file: Path, raw_path: bytes) -> bool:
    if not file.is_file():  # never open a FIFO or a device (it would block)
        return False
    try:
        with h5py.File(file, "r", locking=False) as ext:
            return object_exists(ext, raw_path)
    except Exception:
        return False
