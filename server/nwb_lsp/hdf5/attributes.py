"""Reading an object's attributes during the index pass: names, types, small values.

Names come first, as stored (one pass, ``H5Aiterate``), then each attribute is opened
by that name and read through the open handle: its type, shape and, when small, its
value. Opening by index instead costs libhdf5 a table of every attribute of the
object on each open, which made an object with 10,000 attributes take a minute.

Where an object keeps its attributes decides what one open costs. Objects written
in the latest format keep more than 8 in *dense* storage, indexed by name: an open is
a B-tree lookup, and 100,000 attributes take seconds. Objects written in the default
(earliest) format keep every attribute in the object header (*compact* storage),
where libhdf5 finds one by comparing its name with each header message in turn, so
reading n of them costs n²/2 comparisons (about 2 s at 10,000, minutes at 100,000).
Of such an object at most ``MAX_COMPACT_ATTRIBUTES`` are read (and the ones that
give an object its identity, wherever they are); the rest are reported as not
checked. No NWB type declares more than a few dozen attributes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import h5py

from nwb_lsp.hdf5.dtypes import read_attribute, read_attribute_array, stored_type
from nwb_lsp.hdf5.records import (
    ArraySummary,
    ObjectRecord,
    Problem,
    ProblemKind,
    display_name,
    scalar_text,
)
from nwb_lsp.hdf5.refs_reader import ReferenceReader

SKIPPED_ATTRS = {".specloc"}
MAX_ATTR_ELEMENTS = 64  # larger attribute arrays are summarised by shape and dtype
MAX_COMPACT_ATTRIBUTES = 4096
MANY_ATTRIBUTES = 1000  # read with a metadata cache of LARGE_CACHE bytes
LARGE_CACHE = 32 << 20
IDENTITY = (b"neurodata_type", b"data_type", b"namespace", b"object_id")


class AttributeReader:
    """Fills ``ObjectRecord.attrs`` (and their dtypes and shapes) for one walk."""

    def __init__(self, refs: ReferenceReader, problems: list[Problem]) -> None:
        self.refs = refs
        self.problems = problems

    def _problem(self, kind: ProblemKind, path: str, message: str) -> None:
        self.problems.append(Problem(kind, path, message))

    def read(self, obj: h5py.h5o.ObjectID, record: ObjectRecord) -> None:
        """Read the attributes of the open object ``obj`` into ``record``."""
        try:
            many = h5py.h5a.get_num_attrs(obj) >= MANY_ATTRIBUTES
        except Exception:  # no count (a damaged header): the walk's cache
            many = False
        if not many:
            self._read(obj, record, self._names(obj, record))
            return
        with _larger_cache(obj):  # for listing the names too
            self._read(obj, record, self._names(obj, record))

    def _read(
        self, obj: h5py.h5o.ObjectID, record: ObjectRecord, names: list[bytes]
    ) -> None:
        for raw in self._affordable(obj, record, names):
            name, valid = display_name(raw)
            if not valid:
                self._problem(
                    ProblemKind.INVALID_NAME,
                    record.path,
                    f"the attribute name '{name}' is not UTF-8",
                )
            if name in SKIPPED_ATTRS:
                continue
            try:
                self._read_one(h5py.h5a.open(obj, raw), name, record)
            except Exception as exc:  # libhdf5 errors surface as various types
                self._problem(
                    ProblemKind.UNREADABLE_ATTRIBUTE,
                    record.path,
                    f"attribute '{name}': {type(exc).__name__}: {exc}",
                )
        record.neurodata_type = _text(record.attrs.get("neurodata_type")) or _text(
            record.attrs.get("data_type")
        )
        record.namespace = _text(record.attrs.get("namespace"))
        record.object_id = _text(record.attrs.get("object_id"))

    def _names(self, obj: h5py.h5o.ObjectID, record: ObjectRecord) -> list[bytes]:
        names: list[bytes] = []
        try:
            h5py.h5a.iterate(obj, names.append, order=h5py.h5.ITER_NATIVE)
        except Exception as exc:  # the names read before the failure are kept
            self._problem(
                ProblemKind.UNREADABLE_ATTRIBUTE,
                record.path,
                f"the attribute names cannot all be read: {type(exc).__name__}: {exc}",
            )
        return names

    def _affordable(
        self, obj: h5py.h5o.ObjectID, record: ObjectRecord, names: list[bytes]
    ) -> list[bytes]:
        """The attributes to read: all of them, unless compact storage makes that
        quadratic (see the module's docstring)."""
        if len(names) <= MAX_COMPACT_ATTRIBUTES or not _compact(obj, len(names)):
            return names
        kept = names[:MAX_COMPACT_ATTRIBUTES]
        kept += [n for n in names[MAX_COMPACT_ATTRIBUTES:] if n in IDENTITY]
        self._problem(
            ProblemKind.ATTRIBUTES_SKIPPED,
            record.path,
            f"the object keeps {len(names):,} attributes in its object header "
            f"(compact storage, where reading each costs a pass over all of them): "
            f"the first {MAX_COMPACT_ATTRIBUTES:,} were read, "
            f"{len(names) - len(kept):,} were not checked",
        )
        return kept

    def _read_one(self, aid: h5py.h5a.AttrID, name: str, rec: ObjectRecord) -> None:
        shape = aid.shape
        dtype, info = stored_type(aid)
        rec.attr_dtypes[name] = info
        rec.attr_shapes[name] = shape
        if info.has_references:
            stored = read_attribute_array(aid, shape, dtype)
            rec.attrs[name] = self.refs.attribute(rec.path, name, stored)
        elif shape is not None and _size(shape) > MAX_ATTR_ELEMENTS:
            rec.attrs[name] = ArraySummary(tuple(shape), info)
        else:
            invalid: list[bytes] = []
            rec.attrs[name] = read_attribute(aid, shape, dtype, invalid)
            if invalid:
                self._problem(
                    ProblemKind.INVALID_TEXT,
                    rec.path,
                    f"attribute '{name}' holds text that is not UTF-8: "
                    f"'{display_name(invalid[0])[0]}'",
                )


@contextlib.contextmanager
def _larger_cache(obj: h5py.h5o.ObjectID) -> Iterator[None]:
    """A larger metadata cache while reading an object with many attributes.

    The walk keeps libhdf5's cache small (``walker.limit_metadata_cache``), but the
    name index and heap of 100,000 attributes in dense storage take about 4 MB: in
    1 MB every lookup reads them from the file again (16 s instead of 0.6 s), and
    even listing their names takes seconds."""
    try:
        fid = h5py.h5i.get_file_id(obj)
        saved = fid.get_mdc_config()
    except Exception:  # a damaged header: the walk's cache
        fid = saved = None
    if fid is None or saved is None:
        yield
        return
    larger = fid.get_mdc_config()
    larger.set_initial_size = True
    larger.initial_size = larger.min_size = larger.max_size = LARGE_CACHE
    saved.set_initial_size = True
    saved.initial_size = saved.max_size
    _configure(fid, larger)
    try:
        yield
    finally:
        _configure(fid, saved)


def _configure(fid: h5py.h5f.FileID, config: h5py.h5ac.CacheConfig) -> None:
    with contextlib.suppress(Exception):  # an older libhdf5: the cache it has
        fid.set_mdc_config(config)


def _compact(obj: h5py.h5o.ObjectID, count: int) -> bool:
    """Whether the object header itself holds the attributes (one message each)."""
    try:
        return int(h5py.h5o.get_info(obj).hdr.nmesgs) >= count
    except Exception:  # cannot tell: assume the costly layout
        return True


def _size(shape: tuple[int, ...]) -> int:
    size = 1
    for n in shape:
        size *= n
    return size


def _text(value: Any) -> str | None:
    return scalar_text(value)  # MatNWB 2018's one-element arrays too
