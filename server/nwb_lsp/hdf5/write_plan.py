"""What to write into a new NWB file, as plain data: the contract between the model
layer (``nwb_lsp.io.planner``, which walks model instances) and the HDF5 writer
(``hdf5/writer.py``, the only part that touches h5py).

A plan lists objects parents first: groups, datasets and soft links, each at its
final HDF5 path. Values that point at other objects are ``ObjectRef``s naming the
target's path in the new file, so the writer can create every object first and the
references after. A dataset's ``data`` is whatever holds its values: a lazy array of
another file (copied chunk by chunk), a numpy array, a list or a scalar. Spec dtypes
(``float32``, ``text``, ``ascii``, a compound's field list, ``object->Type``) come as
the models' annotations wrote them and tell the writer how to store plain Python
values; arrays keep their own dtype.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The writer maps the paths of objects read from another file (a lazy array's
# references, a compound's reference fields) to where those objects now live.
PathMap = dict[str, str]
SpecTree = dict[str, dict[str, dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class ObjectRef:
    """An object reference to the object at ``path`` in the file being written."""

    path: str


@dataclass(frozen=True, slots=True)
class DatasetOptions:
    """Storage of one dataset: HDF5 chunk shape and compression filter."""

    chunks: tuple[int, ...] | bool | None = None
    compression: str | int | None = None
    compression_opts: Any = None


@dataclass(slots=True)
class PlannedAttribute:
    value: Any  # a scalar, a list, a numpy array, an ObjectRef or a list of them
    dtype: Any = None  # the spec dtype, when the model knows it


@dataclass(slots=True)
class PlannedGroup:
    path: str
    attrs: dict[str, PlannedAttribute] = field(default_factory=dict)


@dataclass(slots=True)
class PlannedDataset:
    path: str
    data: Any
    dtype: Any = None
    attrs: dict[str, PlannedAttribute] = field(default_factory=dict)
    options: DatasetOptions | None = None


@dataclass(slots=True)
class PlannedLink:
    """A soft link, or with ``file`` an external link into that file."""

    path: str
    target: str
    file: str | None = None


Planned = PlannedGroup | PlannedDataset | PlannedLink


@dataclass(slots=True)
class WritePlan:
    objects: list[Planned] = field(default_factory=list)
    specs: SpecTree = field(default_factory=dict)
    path_map: PathMap = field(default_factory=dict)

    def paths(self) -> set[str]:
        return {o.path for o in self.objects}


def has_references(value: Any) -> bool:
    """Whether a planned value holds object references (written in a second pass)."""
    if isinstance(value, ObjectRef):
        return True
    if isinstance(value, list | tuple):
        return any(has_references(v) for v in value)
    return False
