"""A tree of model instances planned as an NWB file: every object at its HDF5 path.

The walk follows each model's fields by their spec role (``nwb_role`` in the
annotations): attributes become HDF5 attributes, named datasets and groups children
under their spec names, unnamed typed children (``container``) children under their
own ``name``, links soft links, the ``array`` field a dataset's values. Typed objects
get ``neurodata_type``, ``namespace`` and ``object_id`` (the one read, or a new one).

An instance reachable at several places is written once and linked from the others:
at the place it was read from (its ``hdf5_path``) when the tree still holds it
there, else where the walk meets it first. Links and object references are resolved
from instance identity, or else from the target's ``hdf5_path``; a target outside
the tree is an error. So is an instance its model rejects, a typed child without a
name, a fixed name given another name, or a dataset without values: planning
collects every error (``M041``) before anything is written.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from nwb_lsp.findings import Finding, Location, Severity, define_code, finding
from nwb_lsp.hdf5.write_plan import (
    DatasetOptions,
    ObjectRef,
    PlannedAttribute,
    PlannedDataset,
    PlannedGroup,
    PlannedLink,
    SpecTree,
    WritePlan,
)
from nwb_lsp.io.builder import _fields_of, _role
from nwb_lsp.schema.catalog import TypeCatalog
from nwb_lsp.schema.runtime import (
    ExternalLink,
    NwbModel,
    _annotations,
    parse_dtype_note,
)

WRITE_REJECTED = define_code(
    "M041",
    Severity.ERROR,
    "a tree of model instances cannot be written as an NWB file",
    "model",
)

Options = dict[str, DatasetOptions]


class _Target:
    """A reference or link to an instance, resolved once the walk is done."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def _join(path: str, name: str) -> str:
    return f"/{name}" if path == "/" else f"{path}/{name}"


def _notes(info: Any) -> dict[str, Any]:
    extra = info.json_schema_extra
    return (
        _annotations(extra.get("linkml_meta") or {}) if isinstance(extra, dict) else {}
    )


def neurodata_type(cls: type) -> tuple[str, str] | None:
    """(type, namespace) of the nearest spec type among a model's classes: nested
    classes (``TimeSeries__data``, generated as ``TimeSeriesData``) are not types,
    and ``NWBFile__electrodes`` is a ``DynamicTable``."""
    catalog = catalog_of(cls)
    if catalog is None:
        return None
    for klass in cls.__mro__:
        typedef = catalog.types.get(klass.__name__)
        if typedef is not None and klass.__module__ == cls.__module__:
            return typedef.name, typedef.namespace
    return None


def catalog_of(cls: type) -> TypeCatalog | None:
    """The catalog a generated model class came from (``ModelProvider.module``)."""
    return getattr(sys.modules.get(cls.__module__), "NWB_CATALOG", None)


class Planner:
    def __init__(self, options: Options | None = None) -> None:
        self.options = options or {}
        self.plan = WritePlan()
        self.findings: list[Finding] = []
        self.homes: dict[int, str] = {}
        self.preferred: dict[int, str] = {}
        self.emitted: list[NwbModel] = []
        self.seen: dict[int, list[str]] = {}
        self.surveyed: set[int] = set()
        self.waiting: list[tuple[NwbModel, str]] = []
        # (holder, key in it, target, HDF5 path of the object holding the value)
        self.targets: list[tuple[Any, str, _Target, str]] = []

    # -- entry point -------------------------------------------------------------
    def run(self, root: NwbModel) -> WritePlan:
        self._survey_all(root)
        self._emit(root, "/")
        self._resolve()
        self.plan.specs = specs_of(type(root))
        return self.plan

    def error(self, path: str, message: str) -> None:
        found = finding(WRITE_REJECTED, message, Location(hdf5_path=path))
        if found not in self.findings:  # the survey and the writing walk both see it
            self.findings.append(found)

    # -- the walk ----------------------------------------------------------------
    def _positions(
        self, inst: NwbModel, path: str
    ) -> Iterator[tuple[str, str, Any, dict[str, Any]]]:
        """(role, HDF5 name, value, notes) of each filled field."""
        names = {id(v): k for k, v in inst._children.items()}
        for field, info in _fields_of(type(inst)).items():
            role, value = _role(info), getattr(inst, field, None)
            if value is None or role is None:
                continue
            notes = _notes(info)
            if role != "container":
                name = names.get(id(value), field)
                yield role, name, value, notes
                continue
            for child in value if isinstance(value, list) else [value]:
                name = names.get(id(child)) or child.name or child.hdf5_name
                if not name:
                    self.error(path, f"a {type(child).__name__} in {field} has no name")
                    continue
                yield role, name, child, notes

    def _survey(self, inst: NwbModel, path: str) -> None:
        """Where each instance occurs. An instance is followed into from the place
        it was read from, so what it holds gets its paths from there too."""
        paths = self.seen.setdefault(id(inst), [])
        paths.insert(0, path) if inst.hdf5_path == path else paths.append(path)
        if id(inst) in self.surveyed:
            return
        if inst.hdf5_path not in (None, path):
            self.waiting.append((inst, path))
            return
        self._follow(inst, path)

    def _follow(self, inst: NwbModel, path: str) -> None:
        self.surveyed.add(id(inst))
        for role, name, value, _ in self._positions(inst, path):
            nested = role not in ("attribute", "array", "link")
            if nested and isinstance(value, NwbModel):
                self._survey(value, _join(path, name))

    def _survey_all(self, root: NwbModel) -> None:
        self._survey(root, "/")
        while self.waiting:  # read from a place the tree no longer holds
            inst, path = self.waiting.pop(0)
            if id(inst) not in self.surveyed:
                self.seen[id(inst)].insert(0, path)
                self._follow(inst, path)
        self.preferred = {key: paths[0] for key, paths in self.seen.items()}

    def _emit(self, inst: NwbModel, path: str) -> None:
        self.homes[id(inst)] = path
        self.emitted.append(inst)
        self._validate(inst, path)
        attrs = self._type_attributes(inst)
        children: list[tuple[str, str, Any, dict[str, Any]]] = []
        for role, name, value, notes in self._positions(inst, path):
            if role == "attribute":
                attrs[name] = self._attribute(path, value, notes)
            elif role != "array":
                children.append((role, _join(path, name), value, notes))
        field = type(inst).array_field()
        if field is None:
            self.plan.objects.append(PlannedGroup(path, attrs))
        else:
            self._dataset(path, getattr(inst, field, None), inst, attrs)
        for role, child_path, value, notes in children:
            self._child(role, child_path, value, notes)
        for name, child in inst._children.items():
            if isinstance(child, ExternalLink):
                link = PlannedLink(_join(path, name), child.path, child.file)
                self.plan.objects.append(link)

    def _child(self, role: str, path: str, value: Any, notes: dict[str, Any]) -> None:
        if role == "link" or (
            isinstance(value, NwbModel) and self.preferred.get(id(value)) != path
        ):
            link = PlannedLink(path, "")
            self.plan.objects.append(link)
            self.targets.append((link, "", _Target(value), path))
        elif isinstance(value, NwbModel):
            given = value.name if value.hdf5_path is None else None
            if given and given != path.rsplit("/", 1)[-1]:
                self.error(path, f"the spec fixes this name; {value.name!r} given")
            self._emit(value, path)
        else:  # a dataset the models hold as its values alone
            self._dataset(path, value, None, {}, notes.get("dtype"))

    def _dataset(
        self,
        path: str,
        data: Any,
        inst: NwbModel | None,
        attrs: dict[str, PlannedAttribute],
        dtype: Any = None,
    ) -> None:
        if inst is not None:
            dtype = type(inst).nwb_annotations().get("dtype")
        if data is None:
            self.error(path, "a dataset without values")
            return
        spec = parse_dtype_note(str(dtype)) if dtype is not None else None
        planned = PlannedDataset(path, data, spec, attrs, self.options.get(path))
        if isinstance(data, list) and any(isinstance(v, NwbModel) for v in data):
            planned.data = [_Target(v) for v in data]
            for i, target in enumerate(planned.data):
                self.targets.append((planned.data, str(i), target, path))
        elif isinstance(data, list) and isinstance(spec, list):
            planned.data = [self._row(row, path) for row in data]
        self.plan.objects.append(planned)

    def _row(self, row: Any, path: str) -> list[Any]:
        if isinstance(row, dict):
            row = list(row.values())
        out = list(row)
        for i, v in enumerate(out):
            if isinstance(v, NwbModel):
                out[i] = _Target(v)
                self.targets.append((out, str(i), out[i], path))
        return out

    def _attribute(
        self, path: str, value: Any, notes: dict[str, Any]
    ) -> PlannedAttribute:
        dtype = parse_dtype_note(str(notes["dtype"])) if "dtype" in notes else None
        planned = PlannedAttribute(value, dtype)
        is_ref = isinstance(dtype, dict)
        values = value if isinstance(value, list) else [value]
        if is_ref or any(isinstance(v, NwbModel) for v in values):
            targets = [_Target(v) for v in values]
            planned.value = targets if isinstance(value, list) else targets[0]
            holder = planned.value if isinstance(value, list) else planned
            for i, target in enumerate(targets):
                key = str(i) if isinstance(value, list) else "value"
                self.targets.append((holder, key, target, path))
        return planned

    def _type_attributes(self, inst: NwbModel) -> dict[str, PlannedAttribute]:
        typed = neurodata_type(type(inst))
        if typed is None:
            return {}
        object_id = inst.object_id or str(uuid.uuid4())
        return {
            "namespace": PlannedAttribute(typed[1], "text"),
            "neurodata_type": PlannedAttribute(typed[0], "text"),
            "object_id": PlannedAttribute(object_id, "text"),
        }

    def _validate(self, inst: NwbModel, path: str) -> None:
        values = {k: getattr(inst, k, None) for k in inst.model_fields_set}
        try:
            type(inst).model_validate(values)
        except ValidationError as exc:
            for problem in exc.errors():
                where = ".".join(str(p) for p in problem.get("loc", ()))
                detail = f"{where}: {problem['msg']}" if where else problem["msg"]
                self.error(path, f"{type(inst).__name__}: {detail}")

    # -- after the walk ----------------------------------------------------------
    def _resolve(self) -> None:
        self.plan.path_map = {
            inst.hdf5_path: self.homes[id(inst)]
            for inst in self.emitted
            if inst.hdf5_path is not None
        }
        written = self.plan.paths()
        for holder, key, target, where in self.targets:
            path = self._path_of(target.value, written)
            if path is None:
                self.error(where, f"{_describe(target.value)} is not in the tree")
                continue
            if isinstance(holder, PlannedLink):
                holder.target = path
            elif isinstance(holder, PlannedAttribute):
                holder.value = ObjectRef(path)
            else:
                holder[int(key)] = ObjectRef(path)

    def _path_of(self, value: Any, written: set[str]) -> str | None:
        if isinstance(value, str):
            target = self.plan.path_map.get(value, value)
            return target if target in written else None
        if id(value) in self.homes:
            return self.homes[id(value)]
        if id(value) in self.preferred:
            return self.preferred[id(value)]
        path = getattr(value, "hdf5_path", None)
        if path is not None:
            path = self.plan.path_map.get(path, path)
            return path if path in written else None
        return None


def _describe(value: Any) -> str:
    if isinstance(value, NwbModel):
        where = value.hdf5_path or value.name or "(unnamed)"
        return f"the {type(value).__name__} {where}"
    return repr(value)


def specs_of(cls: type) -> SpecTree:
    """The specs a model class came from, as ``/specifications`` holds them."""
    catalog = catalog_of(cls)
    if catalog is None:
        return {}
    tree: SpecTree = {}
    for ns in catalog.spec_set.namespaces.values():
        entry = {
            "name": ns.name,
            "version": ns.version,
            "doc": f"{ns.name} {ns.version}",
            "schema": [{"namespace": i} for i in ns.imports]
            + [{"source": source} for source, _ in ns.sources],
        }
        sources: dict[str, Any] = {"namespace": {"namespaces": [entry]}}
        sources.update(dict(ns.sources))
        tree.setdefault(ns.name, {})[ns.version] = sources
    return tree
