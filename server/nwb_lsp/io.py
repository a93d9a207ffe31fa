"""Reading an NWB file into the generated pydantic models.

``HDF5IO(path).read()`` returns the file as instances of the models generated from the
specs it carries (``schema/provider.py``); ``read(hdf5_path)`` returns the object at
that path with its children. Nothing is read but metadata: a dataset's values are a
``LazyArray`` that reads only what is indexed, and the models check its dtype and
shape against the spec (``schema/runtime.py``). Object references — in attributes,
links and datasets of references — resolve to the referenced model instances, which
keep their HDF5 path (``instance.hdf5_path``).

With ``strict=True`` (the default) a file with errors raises ``NwbReadError`` listing
every error finding: the same findings ``nwb-lsp check`` reports, plus anything the
models reject (``M040``). With ``strict=False`` it returns a ``ReadResult`` holding
what could be built (objects the models reject are built unvalidated) and all
findings. This runs HDF5 work in the calling process; the CLI and the language server
run it in workers instead (``nwb_lsp.workers``).
"""

from __future__ import annotations

import os
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from nwb_lsp.findings import Finding, Location, Severity, define_code, finding
from nwb_lsp.hdf5.records import ArraySummary, FileIndex, ObjectKind, ObjectRecord, Via
from nwb_lsp.schema.catalog import TypeCatalog, catalog_for_index
from nwb_lsp.schema.naming import slot_name as _slot
from nwb_lsp.schema.provider import ModelProvider
from nwb_lsp.schema.runtime import _annotations

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


class NwbReadError(Exception):
    """A file that breaks its specs; ``findings`` lists every error."""

    def __init__(self, path: str, findings: list[Finding]) -> None:
        self.path = path
        self.findings = findings
        lines = [f"{path}: {len(findings)} error(s)"]
        lines += [
            f"  {f.location.hdf5_path}: {f.code} {f.message}" for f in findings[:50]
        ]
        if len(findings) > 50:
            lines.append(f"  ... and {len(findings) - 50} more")
        super().__init__("\n".join(lines))


@dataclass
class ReadResult:
    value: Any
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]


class HDF5IO:
    """An NWB file read into generated models. Opens the file read-only."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._index: FileIndex | None = None
        self._catalog: TypeCatalog | None = None
        self._provider: ModelProvider | None = None

    @property
    def index(self) -> FileIndex:
        if self._index is None:
            from nwb_lsp.hdf5.index import build_index

            self._index = build_index(self.path)
        return self._index

    def make_provider(self) -> ModelProvider:
        """The schema pipeline's provider of models for this file's specs."""
        if self._provider is None:
            self._catalog = catalog_for_index(self.index)
            self._provider = ModelProvider(self._catalog)
        return self._provider

    def read(self, hdf5_path: str | None = None, *, strict: bool = True) -> Any:
        """The file (or the object at ``hdf5_path``) as model instances."""
        from nwb_lsp.validate import validate_nwb_file

        report = validate_nwb_file(self.path, index=self.index)
        findings = list(report.findings)
        value = None
        fatal = any(f.code in ("F001", "F002") for f in findings)
        if not fatal:
            builder = _Builder(self.path, self.index, self.make_provider())
            value = builder.typed(hdf5_path or "/")
            if value is None:
                findings.append(
                    finding(
                        MODEL_REJECTED,
                        f"no typed object at {hdf5_path or '/'} to read",
                        Location(hdf5_path=hdf5_path or "/"),
                    )
                )
            findings.extend(builder.findings)
        result = ReadResult(value, findings)
        if strict:
            if result.errors:
                raise NwbReadError(str(self.path), result.errors)
            return value
        return result


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


class _Builder:
    def __init__(self, file: Path, index: FileIndex, provider: ModelProvider) -> None:
        self.file = file
        self.index = index
        self.provider = provider
        self.findings: list[Finding] = []
        self.built: dict[tuple[str, type], Any] = {}
        self.active: set[tuple[str, type]] = set()
        self.rejected: set[int] = set()  # ids of instances built unvalidated
        self.pending: list[tuple[Any, str, str]] = []  # (instance, field, target path)
        self.attr_refs: dict[tuple[str, str], list[str | None]] = {}
        for ref in index.references:
            if ref.via is Via.ATTRIBUTE:
                self.attr_refs.setdefault((ref.source, ref.name), []).append(ref.target)

    # -- entry points ------------------------------------------------------------
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
            kwargs, deferred = self._fields(record, cls)
            instance = self._construct(record, cls, kwargs)
        finally:
            self.active.discard(key)
        instance._hdf5_path = record.path
        self.built[key] = instance
        self.pending.extend((instance, name, path) for name, path in deferred)
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
            instance = cls.model_construct(**kwargs)
            self.rejected.add(id(instance))
            return instance

    def _rejected_value(self, value: Any) -> bool:
        values = value if isinstance(value, list) else [value]
        return any(id(v) in self.rejected for v in values)

    def _fields(
        self, record: ObjectRecord, cls: type[BaseModel]
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        kwargs: dict[str, Any] = {}
        deferred: list[tuple[str, str]] = []
        attrs = {_slot(n): n for n in record.attrs}
        children = {
            _slot(c.name): c for c in self.index.children(record.path) if c.name
        }
        used: set[str] = set()
        containers: list[tuple[str, type, bool]] = []
        for name, info in _fields_of(cls).items():
            role = _role(info)
            target_cls, many = _classes(info.annotation)
            if role == "array":
                kwargs[name] = self._array(record)
            elif role == "attribute" and name in attrs:
                value = self._attribute(record, attrs[name], target_cls, many)
                if value is _CYCLE:
                    deferred.append((name, self._attr_target(record, attrs[name])))
                elif value is not None:
                    kwargs[name] = value
            elif role in ("dataset", "group", "link") and name in children:
                used.add(children[name].path)
                value = self._child(children[name], target_cls, role)
                if value is _CYCLE:
                    target = self._target(children[name])
                    deferred.append((name, target.path if target else ""))
                elif value is not None:
                    kwargs[name] = [value] if many else value
            elif role == "container" and target_cls is not None:
                containers.append((name, target_cls, many))
        if containers:
            for name, value in self._containers(record, containers, used).items():
                kwargs[name] = value
        return kwargs, deferred

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
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
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
            if many:
                out.setdefault(name, []).append(instance)
            else:
                out[name] = instance
        return out

    def _finish_pending(self) -> None:
        while self.pending:
            instance, name, path = self.pending.pop()
            record = self.index.get(path)
            if record is None:
                continue
            info = _fields_of(type(instance))[name]
            target_cls, many = _classes(info.annotation)
            if target_cls is None:
                continue
            value = self.instance(record, self._own_class(record, target_cls))
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
