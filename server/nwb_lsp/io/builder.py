"""Model instances built top-down from a file's index, for ``nwb_lsp.io``.

Each object becomes an instance of its (nested) generated class: attributes by
slot, named children into their classes, links and object references resolved to
the referenced instances (one instance per object and class, shared), unnamed typed
children into the most specific container slot. Every instance also keeps its
children by their names in the file (``NwbModel.__getitem__``). A reference back to
an object still being built is filled in once the object exists. Objects the models
reject are built unvalidated and reported as ``M040``.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from nwb_lsp.findings import Finding, Location, Severity, define_code, finding
from nwb_lsp.hdf5.records import ArraySummary, FileIndex, ObjectKind, ObjectRecord, Via
from nwb_lsp.schema.naming import slot_name as _slot
from nwb_lsp.schema.provider import ModelProvider
from nwb_lsp.schema.runtime import ExternalLink, NwbModel, _annotations

if typing.TYPE_CHECKING:
    from nwb_lsp.hdf5.lazy import LazyArray

# h5py is imported when a file is read, not with this module: loading the registry
# of rule codes (nwb_lsp.codes) imports it, and must not pull h5py into the CLI or
# the language server.

MODEL_REJECTED = define_code(
    "M040",
    Severity.ERROR,
    "the generated model rejects an object read from the file",
    "model",
)


def _fields_of(cls: type[BaseModel]) -> dict[str, Any]:
    resolve = getattr(cls, "resolved_fields", None)
    return resolve() if resolve is not None else cls.model_fields


def _classes(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model class inside a field annotation, and whether it is a list."""
    origin = typing.get_origin(annotation)
    if origin in (list, tuple):
        inner, _ = _classes(typing.get_args(annotation)[0])
        return inner, True
    if origin is not None:  # Optional/Union
        for arg in typing.get_args(annotation):
            cls, many = _classes(arg)
            if cls is not None:
                return cls, many
        return None, False
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    return None, False


def _role(info: Any) -> str | None:
    extra = info.json_schema_extra
    if isinstance(extra, dict):
        role = _annotations(extra.get("linkml_meta") or {}).get("nwb_role")
        return str(role) if role is not None else None
    return None


@dataclass
class _Parts:
    """What one object's fields are built from, collected child by child."""

    kwargs: dict[str, Any] = field(default_factory=dict)
    deferred: list[tuple[str, str, str]] = field(default_factory=list)
    named: dict[str, Any] = field(default_factory=dict)  # HDF5 child name -> value


class ModelBuilder:
    def __init__(
        self, file: Path | str, index: FileIndex, provider: ModelProvider
    ) -> None:
        self.file = file
        self.index = index
        self.provider = provider
        self.findings: list[Finding] = []
        self.built: dict[tuple[str, type], Any] = {}
        self.active: set[tuple[str, type]] = set()
        self.rejected: set[int] = set()  # ids of instances built unvalidated
        # (instance, field, target path, child name): references back into a cycle
        self.pending: list[tuple[Any, str, str, str]] = []
        self.attr_refs: dict[tuple[str, str], list[str | None]] = {}
        for ref in index.references:
            if ref.via is Via.ATTRIBUTE:
                self.attr_refs.setdefault((ref.source, ref.name), []).append(ref.target)

    # -- entry points ------------------------------------------------------------
    def read(self, path: str) -> Any:
        """The object at ``path``: its typed ancestor built, then its children
        followed by name down to it."""
        parts = [] if path == "/" else path.strip("/").split("/")
        for depth in range(len(parts), -1, -1):
            record = self.index.get("/" + "/".join(parts[:depth]))
            if record is not None and record.neurodata_type is not None:
                break
        value = self.typed(record.path if record is not None else None)
        if value is None:
            self.findings.append(
                finding(
                    MODEL_REJECTED,
                    f"no typed object at {path} to read",
                    Location(hdf5_path=path),
                )
            )
            return None
        for i in range(depth, len(parts)):
            value = self._step(value, "/" + "/".join(parts[: i + 1]))
        return value

    def _step(self, parent: Any, path: str) -> Any:
        name = path.rsplit("/", 1)[-1]
        if isinstance(parent, NwbModel) and name in parent:
            return parent[name]
        record = self._target(self.index.get(path))
        if record is not None and record.kind is ObjectKind.DATASET:
            return self._array(record)  # a dataset the specs do not describe
        raise KeyError(f"{path}: not described by the file's specs")

    def typed(self, path: str | None) -> Any:
        record = self._target(self.index.get(path)) if path else None
        if record is None or record.neurodata_type is None:
            return None
        cls = self.provider.model(record.namespace, record.neurodata_type)
        if cls is None:
            return None
        instance = self.instance(record, cls)
        self._finish_pending()
        return instance

    def _target(self, record: ObjectRecord | None) -> ObjectRecord | None:
        if record is not None and record.kind is ObjectKind.SOFT_LINK and record.link:
            return self.index.get(record.link.target_path)
        return record

    def _own_class(self, record: ObjectRecord, wanted: type) -> type:
        """The record's own model when it is typed and refines ``wanted``."""
        if record.neurodata_type is not None:
            own = self.provider.model(record.namespace, record.neurodata_type)
            if isinstance(own, type) and issubclass(own, wanted):
                return own
        return wanted

    # -- one object ----------------------------------------------------------------
    def instance(self, record: ObjectRecord, cls: type[BaseModel]) -> Any:
        key = (record.path, cls)
        if key in self.built:
            return self.built[key]
        if key in self.active:
            return _CYCLE
        self.active.add(key)
        try:
            parts = self._fields(record, cls)
            instance = self._construct(record, cls, parts.kwargs)
        finally:
            self.active.discard(key)
        instance._hdf5_path = record.path
        instance._object_id = record.object_id
        instance._children = parts.named
        self.built[key] = instance
        self.pending.extend((instance, *d) for d in parts.deferred)
        return instance

    def _construct(
        self, record: ObjectRecord, cls: type[BaseModel], kwargs: dict[str, Any]
    ) -> Any:
        try:
            return cls(**kwargs)
        except ValidationError as exc:
            for error in exc.errors():
                loc = error.get("loc", ())
                if loc and self._rejected_value(kwargs.get(str(loc[0]))):
                    continue  # already reported at the rejected child's own path
                where = ".".join(str(p) for p in loc)
                detail = f"{where}: {error['msg']}" if where else error["msg"]
                self.findings.append(
                    finding(
                        MODEL_REJECTED,
                        f"{cls.__name__}: {detail}",
                        Location(hdf5_path=record.path),
                    )
                )
            # Unvalidated, a required field the file lacks would be no attribute
            # at all; a reader expects None there, as for an absent optional one.
            absent = {
                name: None
                for name, info in _fields_of(cls).items()
                if name not in kwargs and info.is_required()
            }
            instance = cls.model_construct(set(kwargs), **kwargs, **absent)
            self.rejected.add(id(instance))
            return instance

    def _rejected_value(self, value: Any) -> bool:
        values = value if isinstance(value, list) else [value]
        return any(id(v) in self.rejected for v in values)

    def _fields(self, record: ObjectRecord, cls: type[BaseModel]) -> _Parts:
        parts = _Parts()
        attrs = {_slot(n): n for n in record.attrs}
        children = {
            _slot(c.name): c for c in self.index.children(record.path) if c.name
        }
        used: set[str] = set()
        containers: list[tuple[str, type, bool]] = []
        fields = _fields_of(cls)
        if record.path != "/" and "name" in fields and _role(fields["name"]) is None:
            parts.kwargs["name"] = record.name  # NwbModel's own field, not a spec's
        for name, info in fields.items():
            role = _role(info)
            target_cls, many = _classes(info.annotation)
            if role == "array":
                parts.kwargs[name] = self._array(record)
            elif role == "attribute" and name in attrs:
                self._attribute_field(record, attrs[name], name, info, parts)
            elif role in ("dataset", "group", "link") and name in children:
                used.add(children[name].path)
                self._child_field(children[name], name, role, info, parts)
            elif role == "container" and target_cls is not None:
                containers.append((name, target_cls, many))
        if containers:
            self._containers(record, containers, used, parts)
        for child in children.values():
            link = child.link
            if link is not None and link.kind is ObjectKind.EXTERNAL_LINK:
                target = ExternalLink(link.target_file or "", link.target_path)
                parts.named.setdefault(child.name, target)
        return parts

    def _attribute_field(
        self, record: ObjectRecord, attr: str, name: str, info: Any, parts: _Parts
    ) -> None:
        target_cls, many = _classes(info.annotation)
        value = self._attribute(record, attr, target_cls, many)
        if value is _CYCLE:
            parts.deferred.append((name, self._attr_target(record, attr), ""))
        elif value is not None:
            parts.kwargs[name] = value

    def _child_field(
        self, child: ObjectRecord, name: str, role: str, info: Any, parts: _Parts
    ) -> None:
        target_cls, many = _classes(info.annotation)
        value = self._child(child, target_cls, role)
        if value is _CYCLE:
            target = self._target(child)
            parts.deferred.append((name, target.path if target else "", child.name))
        elif value is not None:
            parts.kwargs[name] = [value] if many else value
            parts.named[child.name] = value

    def _array(self, record: ObjectRecord) -> LazyArray | None:
        if record.kind is not ObjectKind.DATASET:
            return None
        from nwb_lsp.hdf5.lazy import LazyArray

        return LazyArray(
            self.file, record.path, record.shape, record.dtype, self._resolve
        )

    def _resolve(self, path: str | None) -> Any:
        if path is None:
            return None
        record = self.index.get(path)
        built = self.typed(path) if record is not None else None
        return built if built is not None else path

    def _attr_target(self, record: ObjectRecord, attr: str) -> str:
        targets = self.attr_refs.get((record.path, attr)) or [None]
        return targets[0] or ""

    def _attribute(
        self, record: ObjectRecord, attr: str, target_cls: type | None, many: bool
    ) -> Any:
        value = record.attrs.get(attr)
        info = record.attr_dtypes.get(attr)
        if info is not None and info.has_references:
            targets = self.attr_refs.get((record.path, attr)) or []
            if target_cls is None:
                return targets if many else (targets[0] if targets else None)
            resolved = [self._reference(t, target_cls) for t in targets]
            if many:
                return [r for r in resolved if r is not None and r is not _CYCLE]
            return resolved[0] if resolved else None
        if isinstance(value, ArraySummary):
            return None  # too large to keep in the index; left out of the model
        if many and value is not None and not isinstance(value, list):
            return [value]
        if not many and isinstance(value, list) and len(value) == 1:
            return value[0]
        return value

    def _reference(self, path: str | None, target_cls: type) -> Any:
        record = self.index.get(path) if path else None
        if record is None:
            return None
        return self.instance(record, self._own_class(record, target_cls))

    def _child(self, child: ObjectRecord, target_cls: type | None, role: str) -> Any:
        target = self._target(child)
        if target is None:
            return None  # a dangling or external link: reported by the checks
        if target_cls is None:
            return self._array(target) if role == "dataset" else None
        return self.instance(target, self._own_class(target, target_cls))

    def _containers(
        self,
        record: ObjectRecord,
        fields: list[tuple[str, type, bool]],
        used: set[str],
        parts: _Parts,
    ) -> None:
        """Unnamed typed children into the most specific slot that takes them."""
        for child in self.index.children(record.path):
            if child.path in used:
                continue
            target = self._target(child)
            if target is None or target.neurodata_type is None:
                continue
            own = self.provider.model(target.namespace, target.neurodata_type)
            if own is None:
                continue
            fitting = [f for f in fields if issubclass(own, f[1])]
            if not fitting:
                continue
            name, _, many = max(fitting, key=lambda f: len(f[1].__mro__))
            instance = self.instance(target, own)
            if instance is _CYCLE:
                continue
            parts.named[child.name] = instance
            if many:
                parts.kwargs.setdefault(name, []).append(instance)
            else:
                parts.kwargs[name] = instance

    def _finish_pending(self) -> None:
        while self.pending:
            instance, name, path, child_name = self.pending.pop()
            record = self.index.get(path)
            if record is None:
                continue
            info = _fields_of(type(instance))[name]
            target_cls, many = _classes(info.annotation)
            if target_cls is None:
                continue
            value = self.instance(record, self._own_class(record, target_cls))
            if child_name:
                instance._children[child_name] = value
            try:
                setattr(instance, name, [value] if many else value)
            except ValidationError as exc:
                self.findings.append(
                    finding(
                        MODEL_REJECTED,
                        f"{type(instance).__name__}.{name}: {exc.errors()[0]['msg']}",
                        Location(hdf5_path=instance.hdf5_path or "/"),
                    )
                )


class _Cycle:
    """Marks a reference back to an object still being built (filled in later)."""


_CYCLE = _Cycle()
