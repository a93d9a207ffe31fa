"""Translating a resolved spec set into a LinkML schema.

One LinkML class per NWB type (``is_a`` its parent), with class-local attributes for
the type's own attributes, datasets, groups and links. What LinkML cannot say natively
is kept in annotations on the slot or class:

* ``nwb_role``: ``attribute`` | ``dataset`` | ``group`` | ``link`` | ``container``
  (unnamed typed children);
* ``nwb_kind`` on classes: ``group`` | ``dataset``;
* ``dtype`` (as written in the spec, references as ``object->Type`` or
  ``region->Type``), ``shape`` (JSON, alternatives kept), ``quantity``, ``value`` /
  ``default_value``.

Named untyped children get a nested class ``Parent__name``. Every dataset class has an
``array`` slot (range ``Any``; ``array_`` if an attribute is called ``array``) holding
the dataset's values — in ``nwb_lsp.io`` a lazy proxy that carries shape and dtype and
reads nothing until indexed. Malformed spec elements
are skipped and reported (``S007``) with their namespace, type and key; the rest of the
schema is still built.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from nwb_lsp.findings import Finding, Severity, define_code, finding
from nwb_lsp.schema.catalog import TypeCatalog, TypeDef, entry_type, type_def
from nwb_lsp.schema.naming import slot_name as _slot_name

if TYPE_CHECKING:
    from linkml_runtime.linkml_model.meta import (
        ClassDefinition,
        SchemaDefinition,
        SlotDefinition,
    )
# linkml_runtime is imported where it is used (about a second): loading the registry
# of rule codes imports this module for S007 and needs none of it.

UNTRANSLATABLE = define_code(
    "S007",
    Severity.WARNING,
    "a spec element could not be translated to LinkML",
    "schema",
)

ARRAY_SLOT = "array"
ANY = "AnyValue"  # LinkML's ``linkml:Any``: the generator types it as ``Any``

_RANGES = {
    "text": "string",
    "utf": "string",
    "utf8": "string",
    "utf-8": "string",
    "ascii": "string",
    "bytes": "string",
    "isodatetime": "datetime",
    "datetime": "datetime",
    "bool": "boolean",
    "numeric": "float",
}


def _range(dtype: Any, catalog: TypeCatalog) -> str:
    if isinstance(dtype, dict):
        target = str(dtype.get("target_type", ""))
        return target if target in catalog.types else "string"
    if isinstance(dtype, list) or dtype is None:
        return "string"
    name = str(dtype).lower()
    if name.startswith(("float", "double")):
        return "float"
    if name.startswith(("int", "uint", "short", "long")):
        return "integer"
    return _RANGES.get(name, "string")


def _dtype_note(dtype: Any) -> str:
    if isinstance(dtype, dict):
        return f"{dtype.get('reftype', 'object')}->{dtype.get('target_type')}"
    return json.dumps(dtype) if isinstance(dtype, list) else str(dtype)


def _quantity(entry: dict[str, Any]) -> tuple[bool, bool]:
    """(required, multivalued) from a quantity."""
    q = entry.get("quantity", 1)
    if q in ("*", "zero_or_many"):
        return False, True
    if q in ("+", "one_or_many"):
        return True, True
    if q in ("?", "zero_or_one"):
        return False, False
    try:
        return True, int(q) > 1
    except (TypeError, ValueError):
        return True, False


class _Translator:
    def __init__(self, catalog: TypeCatalog) -> None:
        self.catalog = catalog
        self.classes: dict[str, ClassDefinition] = {}
        self.findings: list[Finding] = []

    def translate(self, name: str) -> SchemaDefinition:
        from linkml_runtime.linkml_model.meta import ClassDefinition, SchemaDefinition

        for typedef in self.catalog.types.values():
            self._class(typedef.name, typedef.spec, typedef, parent=typedef.parent)
        schema = SchemaDefinition(
            id=f"https://nwb-lsp.example/schemas/{name}",
            name=name,
            default_prefix=name,
            default_range="string",
            imports=["linkml:types"],
            prefixes={
                "linkml": "https://w3id.org/linkml/",
                name: f"https://nwb-lsp.example/schemas/{name}/",
            },
        )
        self._inherit_nested()
        schema.classes[ANY] = ClassDefinition(ANY, class_uri="linkml:Any")
        for cls in self.classes.values():
            schema.classes[cls.name] = cls
        return schema

    def _class(
        self, name: str, spec: dict[str, Any], typedef: TypeDef, parent: str | None
    ) -> str:
        from linkml_runtime.linkml_model.meta import ClassDefinition, SlotDefinition

        kind = "dataset" if "dtype" in spec or "shape" in spec else typedef.kind
        annotations: dict[str, Any] = {"nwb_kind": kind, "namespace": typedef.namespace}
        if "dtype" in spec:
            annotations["dtype"] = _dtype_note(spec["dtype"])
        if "shape" in spec:
            annotations["shape"] = json.dumps(spec["shape"])
        cls = ClassDefinition(
            name,
            description=str(spec.get("doc") or "") or None,
            is_a=parent if parent in self.catalog.types else None,
            annotations=annotations,
        )
        self.classes[name] = cls
        for slot in self._slots(name, spec, typedef):
            cls.attributes[slot.name] = slot
        if kind == "dataset":
            array = ARRAY_SLOT if ARRAY_SLOT not in cls.attributes else f"{ARRAY_SLOT}_"
            cls.attributes[array] = SlotDefinition(
                array,
                range=ANY,
                description="The dataset's values (a lazy array proxy when read).",
                annotations={"nwb_role": "array"},
            )
        return name

    def _slots(
        self, owner: str, spec: dict[str, Any], typedef: TypeDef
    ) -> list[SlotDefinition]:
        slots: list[SlotDefinition] = []
        for key in ("attributes", "datasets", "groups", "links"):
            items = spec.get(key) or []
            if not isinstance(items, list):
                self._skip(typedef, f"{owner}.{key}", "must be a list")
                continue
            for entry in items:
                if not isinstance(entry, dict):
                    self._skip(
                        typedef, f"{owner}.{key}", f"entry {entry!r} is not a mapping"
                    )
                    continue
                slot = self._slot(owner, key, entry, typedef)
                if slot is not None:
                    slots.append(slot)
        return slots

    def _slot(
        self, owner: str, key: str, entry: dict[str, Any], typedef: TypeDef
    ) -> SlotDefinition | None:
        from linkml_runtime.linkml_model.meta import SlotDefinition

        name = entry.get("name")
        inc = entry_type(entry) or entry.get("target_type")
        notes: dict[str, Any] = {"nwb_role": key[:-1] if name else "container"}
        for extra in ("quantity", "value", "default_value"):
            if extra in entry:
                notes[extra] = str(entry[extra])
        if key == "attributes":
            if name is None:
                self._skip(typedef, f"{owner}.attributes", "an attribute has no name")
                return None
            notes["dtype"] = _dtype_note(entry.get("dtype"))
            if "shape" in entry:
                notes["shape"] = json.dumps(entry["shape"])
            required = bool(entry.get("required", True))
            return SlotDefinition(
                _slot_name(str(name)),
                range=_range(entry.get("dtype"), self.catalog),
                required=required,
                multivalued="shape" in entry,
                description=str(entry.get("doc") or "") or None,
                annotations=notes,
            )
        required, multivalued = _quantity(entry)
        if name is None and not inc:
            self._skip(typedef, f"{owner}.{key}", "a child has neither name nor type")
            return None
        # An unnamed typed child is held as its type itself: a nested class would
        # refine it (a shape), and a file's child of that type or a subtype (a
        # column of a DynamicTable) could never be an instance of the refinement.
        if key == "links" or (inc and (name is None or not _has_content(entry))):
            target = str(inc) if inc in self.catalog.types else "string"
        else:
            target = self._class(
                f"{owner}__{_slot_name(str(name or inc))}",
                entry,
                typedef,
                parent=str(inc) if inc else None,
            )
        slot_name = _slot_name(str(name)) if name else _slot_name(str(inc).lower())
        return SlotDefinition(
            slot_name,
            range=target,
            required=required,
            multivalued=multivalued,
            inlined=key != "links",
            description=str(entry.get("doc") or "") or None,
            annotations=notes,
        )

    def _inherit_nested(self) -> None:
        """A child a subtype refines (``ElectricalSeries__data``) is_a the class of
        the same child in the nearest ancestor (``TimeSeries__data``), so it keeps
        every attribute the refinement does not repeat."""
        for cls in self.classes.values():
            root, sep, suffix = cls.name.partition("__")
            if not sep or cls.is_a:
                continue
            for ancestor in self.catalog.ancestors(root):
                candidate = f"{ancestor}__{suffix}"
                if candidate in self.classes:
                    cls.is_a = candidate
                    break

    def _skip(self, typedef: TypeDef, where: str, why: str) -> None:
        self.findings.append(
            finding(
                UNTRANSLATABLE,
                f"namespace {typedef.namespace}, type {typedef.name}, "
                f"{where}: {why}; left out of the models",
                self.catalog.spec_set.namespaces[typedef.namespace].location(
                    typedef.source
                ),
                spec=typedef.ref,
            )
        )


def _has_content(entry: dict[str, Any]) -> bool:
    own = set(entry) - {
        "name",
        "doc",
        "quantity",
        "neurodata_type_inc",
        "data_type_inc",
        "default_name",
    }
    return bool(own) and type_def(entry) is None


def to_linkml(
    catalog: TypeCatalog, name: str | None = None
) -> tuple[SchemaDefinition, list[Finding]]:
    """The LinkML schema of ``catalog``'s types, and what could not be translated."""
    translator = _Translator(catalog)
    schema = translator.translate(name or f"nwb_{catalog.content_hash}")
    return schema, translator.findings
