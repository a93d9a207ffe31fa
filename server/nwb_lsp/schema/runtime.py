"""The base class of every generated model: HDF5 paths and array checks.

The generated module's ``ConfiguredBaseModel`` derives from ``NwbModel`` (see
``provider.py``). ``NwbModel`` adds what linkml's pydantic generator cannot express:

* ``hdf5_path`` — where an instance was read from (``None`` for objects made in
  Python), so a resolved reference still says which object it is; ``object_id``
  as read; ``name``, the object's name in the file (set when read, given when a
  typed child is built in Python: ``TimeSeries(name="ts", ...)``);
* children by their names in the file, as pynwb users reach them:
  ``nwbfile.acquisition["ephys"]``, or ``nwbfile.acquisition.ephys`` where the name
  is an identifier that is not also a field; a dataset's model indexed with anything
  but a name selects from its array (``series.data[:10, 0]``). The reader
  (``nwb_lsp.io``) fills the names, since unnamed typed children sit in lists
  (``acquisition.nwbdatainterface``) and links keep their own name;
* a validator of the dataset's ``array`` against the dtype and shape its spec gives
  (kept in the class's LinkML annotations). Arrays are checked through what they
  carry — any value with ``shape`` and ``dtype_info`` (``nwb_lsp.hdf5.lazy.LazyArray``)
  is checked without reading data; date-time arrays of up to ``DATETIME_LIMIT``
  elements are read to check their text. Plain Python values are left to pydantic.
"""

from __future__ import annotations

import json
import typing
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel, Field, PrivateAttr, model_validator

from nwb_lsp.schema.dtypes import allowed, describe, found
from nwb_lsp.schema.shapes import datetime_problem, shape_problem
from nwb_lsp.schema.tables import column as table_column
from nwb_lsp.schema.tables import is_table, row
from nwb_lsp.schema.tables import to_dataframe as table_frame
from nwb_lsp.schema.values import as_text, python_problem, summary

DATETIME_LIMIT = 1000
_ROLE_ARRAY = "array"
_ARRAY_FIELDS: dict[type, str | None] = {}


def parse_dtype_note(note: str) -> Any:
    """A dtype as ``linkml.py`` wrote it into an annotation, back to spec form."""
    if note.startswith("["):
        return json.loads(note)
    if "->" in note:
        reftype, target = note.split("->", 1)
        return {"reftype": reftype, "target_type": target}
    return None if note == "None" else note


def _annotations(meta: Any) -> dict[str, Any]:
    root = getattr(meta, "root", meta) or {}
    notes = root.get("annotations") or {}
    return {k: (v.get("value") if isinstance(v, dict) else v) for k, v in notes.items()}


def built(cls: type[BaseModel]) -> Any:
    """``cls`` with its validator built and forward references resolved (generated
    models are declared with ``defer_build``, see ``provider.py``)."""
    if not cls.__pydantic_complete__:
        cls.model_rebuild()
    return cls


@dataclass(frozen=True)
class ExternalLink:
    """A child that links into another file: kept by name (``instance["x"]``) and
    written back as an external link; its target is not read."""

    file: str
    path: str


class NwbModel(BaseModel):
    name: str | None = Field(
        default=None,
        description="The object's name in the file (typed children need one).",
    )
    _hdf5_path: str | None = PrivateAttr(default=None)
    _children: dict[str, Any] = PrivateAttr(default_factory=dict)
    _object_id: str | None = PrivateAttr(default=None)
    linkml_meta: ClassVar[Any] = None

    def __getitem__(self, key: Any) -> Any:
        """A child by its name in the file; a table's row by number; any other key
        selects from the array."""
        if isinstance(key, str):
            if key in self._children:
                return self._children[key]
            where = self._hdf5_path or type(self).__name__
            raise KeyError(f"{where} has no child {key!r}")
        if isinstance(key, int) and is_table(self):
            return row(self, key)
        field = type(self).array_field()
        array = getattr(self, field, None) if field else None
        if array is None:
            raise TypeError(f"{type(self).__name__} holds no array to select from")
        return array[key]

    def __contains__(self, name: object) -> bool:
        return name in self._children

    def __getattr__(self, name: str) -> Any:
        # pydantic resolves private attributes here; children come after them.
        try:
            return super().__getattr__(name)  # type: ignore[misc]
        except AttributeError:
            private = self.__pydantic_private__ or {}
            children = private.get("_children") or {}
            if not name.startswith("_") and name in children:
                return children[name]
            raise

    def column(self, name: str) -> list[Any]:
        """A DynamicTable's column by name, one value per row (``schema/tables.py``)."""
        return table_column(self, name)

    def to_dataframe(self) -> Any:
        """A DynamicTable as a pandas DataFrame (needs pandas)."""
        return table_frame(self)

    @model_validator(mode="after")
    def _name_children(self) -> NwbModel:
        """Children of an instance built in Python, by their names (an instance
        read from a file gets the names in the file from the reader)."""
        if self._hdf5_path is not None:
            return self
        named: dict[str, Any] = {}
        for field, role in _child_fields(type(self)):
            value = getattr(self, field, None)
            if value is None:
                continue
            if role != "container":
                named[field] = value
                continue
            for child in value if isinstance(value, list) else [value]:
                if getattr(child, "name", None):
                    named[child.name] = child
        self._children = named
        return self

    @property
    def hdf5_children(self) -> dict[str, Any]:
        """The object's children read from the file, by their names in it."""
        return dict(self._children)

    @property
    def hdf5_path(self) -> str | None:
        return self._hdf5_path

    @property
    def object_id(self) -> str | None:
        """The ``object_id`` read from the file (a new one is given on writing)."""
        return self._object_id

    @property
    def hdf5_name(self) -> str | None:
        """The object's name in the file (the last part of its HDF5 path)."""
        if self._hdf5_path is None:
            return None
        return self._hdf5_path.rsplit("/", 1)[-1] or "/"

    @classmethod
    def nwb_annotations(cls) -> dict[str, Any]:
        """The class's spec annotations, nearest class first (dtype, shape, ...)."""
        merged: dict[str, Any] = {}
        for klass in reversed(cls.__mro__):
            meta = klass.__dict__.get("linkml_meta")
            if meta is not None:
                merged.update(_annotations(meta))
        return merged

    @classmethod
    def resolved_fields(cls) -> dict[str, Any]:
        """``model_fields`` with every annotation resolved to its class.

        Generated models are built on first use (``defer_build``, see
        ``provider.py``); until then a field naming a class defined later in the
        module still holds a forward reference. Building resolves it."""
        return built(cls).model_fields

    @classmethod
    def field_model(cls, name: str) -> Any:
        """The model class a field holds (``TimeSeries.field_model("data")`` is
        ``TimeSeriesData``), ``Optional`` and lists unwrapped; ``None`` if none."""
        pending = [cls.resolved_fields()[name].annotation]
        while pending:
            annotation = pending.pop(0)
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                return annotation
            pending.extend(typing.get_args(annotation))
        return None

    @classmethod
    def array_field(cls) -> str | None:
        """The name of the field holding a dataset's values (``None`` for groups)."""
        if cls not in _ARRAY_FIELDS:
            _ARRAY_FIELDS[cls] = None
            for name, info in cls.resolved_fields().items():
                extra = info.json_schema_extra
                if isinstance(extra, dict):
                    notes = _annotations(extra.get("linkml_meta") or {})
                    if notes.get("nwb_role") == _ROLE_ARRAY:
                        _ARRAY_FIELDS[cls] = name
        return _ARRAY_FIELDS[cls]

    @classmethod
    def spec_values(cls) -> dict[str, tuple[str | None, str | None]]:
        """``{field: (fixed value, default value)}`` from the spec's ``value`` and
        ``default_value`` (as text; pydantic converts them to the field's type)."""
        if cls not in _SPEC_VALUES:
            table: dict[str, tuple[str | None, str | None]] = {}
            for name, info in cls.resolved_fields().items():
                notes = _field_notes(info)
                if "value" in notes or "default_value" in notes:
                    table[name] = (notes.get("value"), notes.get("default_value"))
            _SPEC_VALUES[cls] = table
        return _SPEC_VALUES[cls]

    @model_validator(mode="before")
    @classmethod
    def _apply_spec_values(cls, data: Any) -> Any:
        """Defaults filled in, fixed values filled in or enforced."""
        if not isinstance(data, dict):
            return data
        table = cls.spec_values()
        if not table:
            return data
        data = dict(data)
        for name, (fixed, default) in table.items():
            given = data.get(name)
            if given is None:
                if fixed is not None or default is not None:
                    data[name] = fixed if fixed is not None else default
            elif fixed is not None and not _same(given, fixed):
                raise ValueError(
                    f"{name} is fixed to {fixed!r} by the spec, {given!r} given"
                )
        return data

    @model_validator(mode="after")
    def _check_array(self) -> NwbModel:
        field = type(self).array_field()
        value = getattr(self, field, None) if field else None
        if value is None:
            return self
        notes = type(self).nwb_annotations()
        if hasattr(value, "dtype_info"):
            problems = array_problems(notes, value)
        else:
            problems = value_problems(notes, value)
        if problems:
            raise ValueError("; ".join(problems))
        return self


_SPEC_VALUES: dict[type, dict[str, tuple[str | None, str | None]]] = {}
_CHILD_FIELDS: dict[type, list[tuple[str, str]]] = {}


def _child_fields(cls: type[NwbModel]) -> list[tuple[str, str]]:
    """(field, role) of a class's fields that hold children."""
    if cls not in _CHILD_FIELDS:
        _CHILD_FIELDS[cls] = [
            (field, str(role))
            for field, info in cls.resolved_fields().items()
            if (role := _field_notes(info).get("nwb_role"))
            not in (None, "attribute", "array")
        ]
    return _CHILD_FIELDS[cls]


def _field_notes(info: Any) -> dict[str, Any]:
    extra = info.json_schema_extra
    if isinstance(extra, dict):
        return _annotations(extra.get("linkml_meta") or {})
    return {}


def _same(given: Any, fixed: str) -> bool:
    if isinstance(given, list) and len(given) == 1:
        given = given[0]
    if str(given) == fixed:
        return True
    try:
        return float(given) == float(fixed)
    except (TypeError, ValueError):
        return False


def value_problems(notes: dict[str, Any], value: Any) -> list[str]:
    """Why a value built in Python (numpy array, list, scalar) does not fit."""
    found_value = summary(value)
    if found_value is None:
        return ["must be a regular array (found a ragged list)"]
    if found_value.dtype_info is None:
        found_value = as_text(found_value)
    if found_value.dtype_info is not None:
        return array_problems(notes, found_value)
    want = parse_dtype_note(str(notes["dtype"])) if "dtype" in notes else None
    problem = python_problem(want, found_value.values)
    shape_only = {k: v for k, v in notes.items() if k == "shape"}
    return ([problem] if problem else []) + array_problems(shape_only, found_value)


def array_problems(notes: dict[str, Any], array: Any) -> list[str]:
    """Why ``array`` (shape + dtype_info) does not fit a class's dtype/shape notes."""
    problems: list[str] = []
    want = parse_dtype_note(str(notes["dtype"])) if "dtype" in notes else None
    info = array.dtype_info
    if want is not None and info is not None and not allowed(want, info):
        problems.append(f"must be {describe(want)}, found {found(info)}")
    if "shape" in notes:
        problem = shape_problem({"shape": json.loads(notes["shape"])}, array.shape)
        if problem:
            problems.append(problem)
    is_time = str(want).lower() in ("isodatetime", "datetime")
    size = array.size if array.shape is not None else 0
    if is_time and 0 < size <= DATETIME_LIMIT:
        for text in array.texts():
            problem = datetime_problem(text)
            if problem:
                problems.append(problem)
                break
    return problems
