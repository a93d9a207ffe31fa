"""One metadata pass over an HDF5 file, producing a ``FileIndex``.

The pass visits every link once, in file order, without following soft or external
links and without descending twice into an object reachable under two names (hard
links), so cycles cannot trap it. It reads object headers only — shape, dtype,
chunking, filters, attributes — plus the values of reference-typed data (attributes,
datasets of references, reference fields of compound datasets), which it reads in
bounded chunks. It never reads array data to learn anything else.

It never raises: a file that is not HDF5, is truncated, is locked by a writer, or has
objects that cannot be read yields ``Problem`` records, and the pass continues with
the rest. The file is closed before ``build_index`` returns.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import h5py

from nwb_lsp.hdf5.dtypes import dtype_info, read_attribute
from nwb_lsp.hdf5.records import (
    ArraySummary,
    FileIndex,
    LinkInfo,
    ObjectKind,
    ObjectRecord,
    Problem,
    ProblemKind,
)
from nwb_lsp.hdf5.refs_reader import ReferenceReader
from nwb_lsp.hdf5.specs import read_specs_as_dicts

SKIPPED_GROUPS = {"/specifications"}
SKIPPED_ATTRS = {".specloc"}
MAX_ATTR_ELEMENTS = 64
PROGRESS_EVERY = 500  # larger attribute arrays are summarised by shape and dtype


def build_index(
    path: str | os.PathLike[str], progress: Callable[[int], None] | None = None
) -> FileIndex:
    """Index ``path``; problems are recorded in the result, never raised.

    ``progress`` is called with the number of objects indexed so far, every
    ``PROGRESS_EVERY`` objects (for progress bars on long runs).
    """
    index = FileIndex(path=str(path))
    handle = _open(Path(path), index)
    if handle is None:
        return index
    with handle as f:
        index.has_specs = isinstance(f.get("specifications"), h5py.Group)
        if index.has_specs:
            _read_specs(f, index)
        walker = _Walker(f, index, progress)
        walker.visit_root()
        version = index.objects.get("/")
        if version is not None:
            value = version.attrs.get("nwb_version")
            index.nwb_version = value if isinstance(value, str) else None
    return index


def _read_specs(f: h5py.File, index: FileIndex) -> None:
    try:
        index.specs = read_specs_as_dicts(f)
    except Exception as exc:
        index.problems.append(
            Problem(ProblemKind.UNREADABLE_OBJECT, "/specifications", str(exc))
        )


def _open(path: Path, index: FileIndex) -> h5py.File | None:
    # locking=False: a checker must never block a writer (HDF5 file locks would make
    # an acquisition program fail to open its own file while we read it).
    if not path.exists():
        index.problems.append(
            Problem(ProblemKind.MISSING_FILE, "/", f"{path}: no such file")
        )
        return None
    try:
        return h5py.File(path, "r", locking=False)
    except OSError as exc:
        index.problems.append(_open_problem(path, exc))
        return None


def _open_problem(path: Path, exc: OSError) -> Problem:
    text = str(exc)
    if "unable to lock" in text.lower() or "lock file" in text.lower():
        return Problem(ProblemKind.LOCKED, "/", f"file is locked by a writer: {text}")
    try:
        is_hdf5 = h5py.is_hdf5(path)
    except OSError:
        is_hdf5 = False
    if not is_hdf5 and path.stat().st_size >= 0 and not _has_signature(path):
        return Problem(
            ProblemKind.NOT_HDF5, "/", "not an HDF5 file (no HDF5 signature)"
        )
    return Problem(
        ProblemKind.TRUNCATED, "/", f"truncated or corrupt HDF5 file: {text}"
    )


def _has_signature(path: Path) -> bool:
    """HDF5's superblock signature sits at offset 0, 512, 1024, 2048, ..."""
    sig = b"\x89HDF\r\n\x1a\n"
    size = path.stat().st_size
    with path.open("rb") as fh:
        offset = 0
        while offset < size:
            fh.seek(offset)
            if fh.read(8) == sig:
                return True
            offset = 512 if offset == 0 else offset * 2
    return False


class _Walker:
    """Depth-first traversal filling ``index``; one instance per pass."""

    def __init__(
        self,
        f: h5py.File,
        index: FileIndex,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.progress = progress
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
        for name in names:
            child = f"/{name}" if path == "/" else f"{path}/{name}"
            if child in SKIPPED_GROUPS:
                continue
            record.children.append(name)
            self._visit_link(group, name, child)

    def _visit_link(self, group: h5py.Group, name: str, path: str) -> None:
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
        # which also yields its name, type and shape.
        try:
            count = h5py.h5a.get_num_attrs(obj.id)
        except Exception as exc:
            self._problem(ProblemKind.UNREADABLE_ATTRIBUTE, record.path, exc)
            return
        for i in range(count):
            try:
                aid = h5py.h5a.open(obj.id, index=i)
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
        dtype = aid.dtype
        info = dtype_info(dtype)
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
        if record.dtype.has_references and record.shape:
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


def _size(shape: tuple[int, ...]) -> int:
    size = 1
    for n in shape:
        size *= n
    return size


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


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
