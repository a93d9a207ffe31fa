"""The file index as plain data: what one metadata pass learns about an HDF5 file.

These records are the contract between the HDF5 layer (which alone imports h5py and
fills them in) and everything above it (schema loading, rules, the CLI and the
language server). They are picklable, so worker processes can build an index and
send it back, and they hold no file handle.

Vocabulary:

* *path*: an absolute HDF5 path, ``/`` for the root. An object reachable under two
  paths (two hard links) has one record per path sharing one ``object_key``.
* *kind*: group, dataset, soft link, external link. A link path keeps a
  ``SOFT_LINK``/``EXTERNAL_LINK`` record whose ``link`` says where it points and
  whether that exists; the target has its own record under its real path.
* *references*: object and region references stored in attributes, in datasets of
  references, or in fields of compound datasets. Each ``Reference`` says where it
  lives (``via``, ``name``) and what it points to.
* *names that are not UTF-8*: HDF5 stores names as bytes and libhdf5 does not check
  their encoding. Such a name is kept in paths and attribute keys with its invalid
  bytes escaped as Python escapes them (``bad\\xffname``, see ``display_name``), so
  every path prints anywhere (terminal, JSON, LSP); the exact bytes of every path
  that holds one are kept in ``FileIndex.raw_paths`` to reopen the object.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any


class ObjectKind(str, enum.Enum):
    GROUP = "group"
    DATASET = "dataset"
    SOFT_LINK = "soft_link"
    EXTERNAL_LINK = "external_link"


class DTypeKind(str, enum.Enum):
    INT = "int"
    UINT = "uint"
    FLOAT = "float"
    BOOL = "bool"
    TEXT = "text"  # variable- or fixed-length string, see DTypeInfo.encoding
    BYTES = "bytes"  # opaque/void or fixed bytes not declared as a string
    OBJECT_REF = "object_ref"
    REGION_REF = "region_ref"
    COMPOUND = "compound"
    ENUM = "enum"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class DTypeInfo:
    """A dataset's or attribute's element type, learned from HDF5 type metadata.

    ``itemsize`` is in bytes (0 for variable-length strings); ``encoding`` is
    ``"utf-8"`` or ``"ascii"`` for text; ``fields`` lists a compound's members in
    order; ``numpy`` is numpy's ``dtype.str`` (or the h5py special-dtype name).
    """

    kind: DTypeKind
    itemsize: int = 0
    variable_length: bool = False
    encoding: str | None = None
    fields: tuple[tuple[str, DTypeInfo], ...] = ()
    numpy: str = ""

    @property
    def is_reference(self) -> bool:
        kind = self.kind  # identity, not str equality: asked once per attribute
        return kind is DTypeKind.OBJECT_REF or kind is DTypeKind.REGION_REF

    @property
    def has_references(self) -> bool:
        if not self.fields:
            return self.is_reference
        return any(f.has_references for _, f in self.fields)


@dataclass(frozen=True, slots=True)
class ArraySummary:
    """Stands in for an attribute value too large to keep (shape and dtype only)."""

    shape: tuple[int, ...]
    dtype: DTypeInfo


@dataclass(frozen=True, slots=True)
class LinkInfo:
    """A soft or external link: where it points and whether that exists."""

    kind: ObjectKind  # SOFT_LINK or EXTERNAL_LINK
    target_path: str
    target_file: str | None = None  # external links only, as stored in the file
    target_exists: bool = False
    resolved_file: str | None = None  # external links: absolute path tried


class Via(str, enum.Enum):
    ATTRIBUTE = "attribute"
    DATASET = "dataset"
    COMPOUND = "compound"
    SOFT_LINK = "soft_link"
    EXTERNAL_LINK = "external_link"


@dataclass(frozen=True, slots=True)
class Reference:
    """An edge from the object at ``source`` to ``target``.

    ``via``/``name`` say where it lives: ``ATTRIBUTE`` + attribute name;
    ``DATASET`` + "" (the dataset's own elements); ``COMPOUND`` + field name;
    ``SOFT_LINK``/``EXTERNAL_LINK`` + "" (``source`` is the link path).
    ``target`` is the referenced object's path (the first name HDF5 knows it by),
    or ``None`` when the reference is null/broken — then ``problem`` explains.
    ``count`` is how many stored values point at this target from this place
    (80 references from one dataset to one TimeSeries are one Reference, count 80).
    ``region`` describes a region reference's selection (e.g. "[0:10]" or
    "points(3)").
    """

    source: str
    via: Via
    name: str
    target: str | None
    region: bool = False
    selection: str | None = None
    count: int = 1
    problem: str | None = None


class ProblemKind(str, enum.Enum):
    NOT_HDF5 = "not_hdf5"
    TRUNCATED = "truncated"  # file shorter than HDF5 says, or cannot be opened
    UNREADABLE_OBJECT = "unreadable_object"
    UNREADABLE_ATTRIBUTE = "unreadable_attribute"
    ATTRIBUTES_SKIPPED = "attributes_skipped"  # too many in compact storage
    UNREADABLE_VALUES = "unreadable_values"  # a dataset's data (chunks, filters)
    INVALID_NAME = "invalid_name"  # a link or attribute name that is not UTF-8
    INVALID_TEXT = "invalid_text"  # a text value that is not UTF-8
    BROKEN_REFERENCE = "broken_reference"
    MISSING_FILE = "missing_file"
    NOT_A_FILE = "not_a_file"  # a FIFO, device or socket: never opened
    DIRECTORY = "directory"  # a directory named like a file: walked, not opened
    INACCESSIBLE = "inaccessible"  # permission denied, a symbolic link loop
    LOCKED = "locked"  # open for writing elsewhere, so libhdf5 refuses to open it
    BEING_WRITTEN = "being_written"  # read, but a writer has it open
    REMOTE_UNREACHABLE = "remote_unreachable"  # DNS or connection error
    REMOTE_HTTP = "remote_http"  # an HTTP 4xx/5xx answer (S3: denied, no such key)
    REMOTE_NO_RANGE = "remote_no_range"  # the server ignores Range requests
    REMOTE_TIMEOUT = "remote_timeout"  # no answer in time, after retries
    REMOTE_CUT = "remote_cut"  # the connection cut mid-read, after retries


# Problems after which the file's contents were not read at all.
FATAL_PROBLEMS = frozenset(
    {
        ProblemKind.NOT_HDF5,
        ProblemKind.TRUNCATED,
        ProblemKind.MISSING_FILE,
        ProblemKind.NOT_A_FILE,
        ProblemKind.DIRECTORY,
        ProblemKind.INACCESSIBLE,
        ProblemKind.LOCKED,
        ProblemKind.REMOTE_UNREACHABLE,
        ProblemKind.REMOTE_HTTP,
        ProblemKind.REMOTE_NO_RANGE,
        ProblemKind.REMOTE_TIMEOUT,
        ProblemKind.REMOTE_CUT,
    }
)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something the index pass could not read; recorded, never raised."""

    kind: ProblemKind
    path: str  # HDF5 path concerned, "/" for the whole file
    message: str


@dataclass(slots=True)
class ObjectRecord:
    path: str
    kind: ObjectKind
    object_key: str | None = None  # equal for hard links to one object; None for links
    neurodata_type: str | None = None
    namespace: str | None = None
    object_id: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)  # small values or ArraySummary
    attr_dtypes: dict[str, DTypeInfo] = field(default_factory=dict)
    attr_shapes: dict[str, tuple[int, ...] | None] = field(default_factory=dict)
    shape: tuple[int, ...] | None = None  # datasets; () for scalars, None if null space
    dtype: DTypeInfo | None = None
    chunks: tuple[int, ...] | None = None
    compression: str | None = None
    compression_opts: Any = None
    maxshape: tuple[int | None, ...] | None = None
    link: LinkInfo | None = None
    children: list[str] = field(default_factory=list)  # child names, groups only
    value: float | None = None  # a scalar numeric dataset's value (starting_time)

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1] if self.path != "/" else "/"

    @property
    def parent(self) -> str | None:
        if self.path == "/":
            return None
        head = self.path.rsplit("/", 1)[0]
        return head or "/"


@dataclass(slots=True)
class FileIndex:
    """Everything one metadata pass learned about a file; no open handle.

    ``objects`` maps every path (groups, datasets and links, excluding
    ``/specifications``) to its record. ``references`` holds every reference and link
    edge. ``problems`` holds what could not be read. ``nwb_version`` is the root's
    ``nwb_version`` attribute when present. ``has_specs`` says whether the file
    carries ``/specifications``; ``specs`` holds them parsed
    (``{namespace: {version: {source: dict}}}``, see ``hdf5/specs.py``).
    ``raw_paths`` maps each path holding a name that is not UTF-8 to its exact bytes
    (``raw_path`` gives any path's bytes).
    """

    path: str
    objects: dict[str, ObjectRecord] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    nwb_version: str | None = None
    has_specs: bool = False
    specs: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    raw_paths: dict[str, bytes] = field(default_factory=dict)
    _referrers: dict[str, list[Reference]] | None = field(default=None, repr=False)
    _aliases: dict[str, list[str]] | None = field(default=None, repr=False)

    def get(self, path: str) -> ObjectRecord | None:
        return self.objects.get(path)

    def unread(self) -> Problem | None:
        """Why the file's contents were not read at all, or None when they were."""
        return next((p for p in self.problems if p.kind in FATAL_PROBLEMS), None)

    def raw_path(self, path: str) -> bytes:
        """The path as HDF5 stores it (what libhdf5 needs to open the object)."""
        return self.raw_paths.get(path) or path.encode("utf-8")

    def children(self, path: str) -> list[ObjectRecord]:
        rec = self.objects.get(path)
        if rec is None:
            return []
        base = "" if path == "/" else path
        return [
            self.objects[f"{base}/{n}"]
            for n in rec.children
            if f"{base}/{n}" in self.objects
        ]

    def referrers(self, path: str) -> list[Reference]:
        """Every reference or link edge whose target is ``path`` (O(1) lookup)."""
        if self._referrers is None:
            rev: dict[str, list[Reference]] = defaultdict(list)
            for ref in self.references:
                if ref.target is not None:
                    rev[ref.target].append(ref)
            self._referrers = dict(rev)
        return self._referrers.get(path, [])

    def aliases(self, path: str) -> list[str]:
        """All paths naming the same HDF5 object as ``path`` (hard links), sorted."""
        if self._aliases is None:
            by_key: dict[str, list[str]] = defaultdict(list)
            for p, rec in self.objects.items():
                if rec.object_key is not None:
                    by_key[rec.object_key].append(p)
            self._aliases = {p: sorted(ps) for ps in by_key.values() for p in ps}
        return self._aliases.get(path, [path])

    def typed(self) -> list[ObjectRecord]:
        return [r for r in self.objects.values() if r.neurodata_type is not None]


def scalar_text(value: Any) -> str | None:
    """The text an attribute value stands for: a string, or a one-element array of
    one (MatNWB releases of 2018 store every attribute, ``neurodata_type`` and
    ``nwb_version`` included, as a one-element array)."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return value if isinstance(value, str) else None


def display_name(raw: bytes) -> tuple[str, bool]:
    """A stored name as text, and whether it is valid UTF-8 (when it is not, its
    invalid bytes are escaped: ``b"a\\xffb"`` becomes ``"a\\\\xffb"``)."""
    try:
        return raw.decode("utf-8"), True
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="backslashreplace"), False
