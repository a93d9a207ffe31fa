# Generated from schemas/nwb_spec_language.yaml by schemas/regenerate.py with
# linkml's pydantic generator. Do not edit; change the schema and regenerate.
# ruff: noqa
# mypy: ignore-errors
from __future__ import annotations

import re
import sys
from datetime import (
    date,
    datetime,
    time
)
from decimal import Decimal
from enum import Enum
from typing import (
    Any,
    ClassVar,
    Literal,
    Optional,
    Union
)

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer
)


metamodel_version = "1.12.0"
version = "2.1.0"


class ConfiguredBaseModel(BaseModel):
    model_config = ConfigDict(
        serialize_by_alias = True,
        validate_by_name = True,
        validate_assignment = True,
        validate_default = True,
        extra = "forbid",
        arbitrary_types_allowed = True,
        use_enum_values = True,
        strict = False,
    )





class LinkMLMeta(RootModel):
    root: dict[str, Any] = {}
    model_config = ConfigDict(frozen=True)

    def __getattr__(self, key:str):
        return getattr(self.root, key)

    def __getitem__(self, key:str):
        return self.root[key]

    def __setitem__(self, key:str, value):
        self.root[key] = value

    def __contains__(self, key:str) -> bool:
        return key in self.root


linkml_meta = LinkMLMeta({'default_prefix': 'nwbspec',
     'default_range': 'string',
     'description': 'A LinkML description of the language in which NWB schemas are '
                    'written: namespace files, which name a namespace and list the '
                    'schema files (or other namespaces) it is made of, and schema '
                    'files, which define groups and datasets. nwb-lsp generates '
                    'its pydantic models of spec YAML from this file '
                    '(server/nwb_lsp/spec/language_models.py) and a JSON Schema '
                    'for other YAML tooling (nwb_spec_language.schema.json). Both '
                    "spellings of the type keys are described: NWB's "
                    "neurodata_type_def/neurodata_type_inc and hdmf-common's "
                    'data_type_def/data_type_inc. Written for nwb-lsp from the '
                    "language's documentation (language version 2.1.0 and later); "
                    'regenerate the derived files with `python '
                    'schemas/regenerate.py`.',
     'id': 'https://nwb-lsp.example/schemas/nwb_spec_language',
     'imports': ['linkml:types'],
     'license': 'MIT',
     'name': 'nwb_spec_language',
     'prefixes': {'linkml': {'prefix_prefix': 'linkml',
                             'prefix_reference': 'https://w3id.org/linkml/'},
                  'nwbspec': {'prefix_prefix': 'nwbspec',
                              'prefix_reference': 'https://nwb-lsp.example/schemas/nwb_spec_language/'}},
     'source_file': 'schemas/nwb_spec_language.yaml',
     'title': 'The NWB specification language'} )

class ReferenceKind(str, Enum):
    """
    What a reference dtype points at.
    """
    object = "object"
    """
    A whole object (group or dataset).
    """
    ref = "ref"
    """
    Older spelling of `object`.
    """
    reference = "reference"
    """
    Older spelling of `object`.
    """
    region = "region"
    """
    A selection (region) of a dataset.
    """


class QuantityWord(str, Enum):
    """
    The quantities written as symbols or words (an exact count is an integer).
    """
    QUESTION_MARK = "?"
    """
    Optional - at most one.
    """
    zero_or_one = "zero_or_one"
    """
    The same as `?`.
    """
    ASTERISK = "*"
    """
    Any number, including none.
    """
    zero_or_many = "zero_or_many"
    """
    The same as `*`.
    """
    PLUS_SIGN = "+"
    """
    At least one.
    """
    one_or_many = "one_or_many"
    """
    The same as `+`.
    """


class PrimitiveDtype(str, Enum):
    """
    The primitive dtypes. Numeric dtypes give a minimum width; `text` allows UTF-8 or ASCII text, `ascii` only ASCII.
    """
    float = "float"
    """
    A floating-point number of at least 32 bits.
    """
    float32 = "float32"
    """
    The same as `float`.
    """
    double = "double"
    """
    A floating-point number of 64 bits.
    """
    float64 = "float64"
    """
    The same as `double`.
    """
    long = "long"
    """
    A signed integer of 64 bits.
    """
    int64 = "int64"
    """
    The same as `long`.
    """
    int = "int"
    """
    A signed integer of at least 32 bits.
    """
    int32 = "int32"
    """
    The same as `int`.
    """
    short = "short"
    """
    A signed integer of at least 16 bits.
    """
    int16 = "int16"
    """
    The same as `short`.
    """
    int8 = "int8"
    """
    A signed integer of at least 8 bits.
    """
    uint = "uint"
    """
    An unsigned integer of at least 32 bits.
    """
    uint32 = "uint32"
    """
    The same as `uint`.
    """
    uint16 = "uint16"
    """
    An unsigned integer of at least 16 bits.
    """
    uint8 = "uint8"
    """
    An unsigned integer of at least 8 bits.
    """
    uint64 = "uint64"
    """
    An unsigned integer of 64 bits.
    """
    numeric = "numeric"
    """
    Any numeric type.
    """
    text = "text"
    """
    Text, UTF-8 or ASCII.
    """
    utf = "utf"
    """
    The same as `text`.
    """
    utf8 = "utf8"
    """
    The same as `text`.
    """
    utf_8 = "utf-8"
    """
    The same as `text`.
    """
    ascii = "ascii"
    """
    ASCII text only.
    """
    bytes = "bytes"
    """
    The same as `ascii`.
    """
    bool = "bool"
    """
    A boolean.
    """
    isodatetime = "isodatetime"
    """
    An ISO 8601 date-time, stored as text.
    """
    datetime = "datetime"
    """
    The same as `isodatetime`.
    """



class NamespaceFile(ConfiguredBaseModel):
    """
    A namespace file (by convention named *.namespace.yaml). It holds one or more namespaces; each says which schema files and which other namespaces it is made of.
    """
    linkml_meta: ClassVar[LinkMLMeta] = LinkMLMeta({'from_schema': 'https://nwb-lsp.example/schemas/nwb_spec_language',
         'tree_root': True})

    namespaces: list[Namespace] = Field(default=..., description="""The namespaces this file declares.""", json_schema_extra = { "linkml_meta": {'domain_of': ['NamespaceFile']} })


class Namespace(ConfiguredBaseModel):
    """
    A named, versioned collection of types. Tools find a namespace by its name; an extension's namespace usually includes the core namespace and its own schema files.
    """
    linkml_meta: ClassVar[LinkMLMeta] = LinkMLMeta({'from_schema': 'https://nwb-lsp.example/schemas/nwb_spec_language'})

    name: str = Field(default=..., description="""The namespace's identifier, used by other namespaces to include it and stored in every typed object's `namespace` attribute.""", json_schema_extra = { "linkml_meta": {'domain_of': ['Namespace',
                       'TypedSpec',
                       'AttributeSpec',
                       'LinkSpec',
                       'CompoundField']} })
    doc: Optional[str] = Field(default=None, description="""What the namespace is for.""", json_schema_extra = { "linkml_meta": {'domain_of': ['Namespace',
                       'SchemaEntry',
                       'TypedSpec',
                       'AttributeSpec',
                       'LinkSpec',
                       'CompoundField']} })
    full_name: Optional[str] = Field(default=None, description="""A human-readable title of the namespace.""", json_schema_extra = { "linkml_meta": {'domain_of': ['Namespace']} })
    version: str = Field(default=..., description="""The namespace's version, written to files along with the specs. Semantic versioning (major.minor.patch) is expected.""", json_schema_extra = { "linkml_meta": {'domain_of': ['Namespace']} })
    date: Optional[Any] = Field(default=None, description="""When this version was released (a date or date-time string).""", json_schema_extra = { "linkml_meta": {'domain_of': ['Namespace']} })
    author: Optional[Any] = Field(default=None, description="""The author, or a list of authors, of the namespace.""", json_schema_extra = { "linkml_meta": {'domain_of': ['Namespace']} })
    contact: Optional[Any] = Field(default=None, description="""How to reach the authors: an e-mail address, or a list of them in the order of `author`.""", json_schema_extra = { "linkml_meta": {'domain_of': ['Namespace']} })
    schema: Optional[list[SchemaEntry]] = Field(default=None, description="""What the namespace is made of, in order: schema files (`source`) and other namespaces (`namespace`). A type may only be used after the entry that defines it.""", json_schema_extra = { "linkml_meta": {'domain_of': ['Namespace']} })


class SchemaEntry(ConfiguredBaseModel):
    """
    One part of a namespace: either a schema file given by `source`, or another namespace given by `namespace` (never both), optionally limited to some of its types.
    """
    linkml_meta: ClassVar[LinkMLMeta] = LinkMLMeta({'from_schema': 'https://nwb-lsp.example/schemas/nwb_spec_language'})

    source: Optional[str] = Field(default=None, description="""Path of a schema file, relative to the namespace file, whose types belong to this namespace.""", json_schema_extra = { "linkml_meta": {'domain_of': ['SchemaEntry']} })
    namespace: Optional[str] = Field(default=None, description="""The name of another namespace whose types this namespace includes.""", json_schema_extra = { "linkml_meta": {'domain_of': ['SchemaEntry']} })
    title: Optional[str] = Field(default=None, description="""A short title of this part.""", json_schema_extra = { "linkml_meta": {'domain_of': ['SchemaEntry']} })
    doc: Optional[str] = Field(default=None, description="""What this part contains.""", json_schema_extra = { "linkml_meta": {'domain_of': ['Namespace',
                       'SchemaEntry',
                       'TypedSpec',
                       'AttributeSpec',
                       'LinkSpec',
                       'CompoundField']} })
    neurodata_types: Optional[list[str]] = Field(default=None, description="""With `namespace`: include only these types of that namespace (NWB spelling).""", json_schema_extra = { "linkml_meta": {'domain_of': ['SchemaEntry']} })
    data_types: Optional[list[str]] = Field(default=None, description="""The same as `neurodata_types`, in hdmf-common's spelling.""", json_schema_extra = { "linkml_meta": {'domain_of': ['SchemaEntry']} })


class SchemaFile(ConfiguredBaseModel):
    """
    A schema file: the group and dataset types (and untyped top-level definitions) that a namespace's `source` entry brings in.
    """
    linkml_meta: ClassVar[LinkMLMeta] = LinkMLMeta({'from_schema': 'https://nwb-lsp.example/schemas/nwb_spec_language',
         'tree_root': True})

    groups: Optional[list[GroupSpec]] = Field(default=None, description="""Group types defined in this file.""", json_schema_extra = { "linkml_meta": {'domain_of': ['SchemaFile', 'GroupSpec']} })
    datasets: Optional[list[DatasetSpec]] = Field(default=None, description="""Dataset types defined in this file.""", json_schema_extra = { "linkml_meta": {'domain_of': ['SchemaFile', 'GroupSpec']} })


class TypedSpec(ConfiguredBaseModel):
    """
    What groups and datasets share: they can define a new type, include (extend or use) an existing one, be named or unnamed, occur a number of times, and carry attributes.
    """
    linkml_meta: ClassVar[LinkMLMeta] = LinkMLMeta({'abstract': True,
         'from_schema': 'https://nwb-lsp.example/schemas/nwb_spec_language'})

    doc: str = Field(default=..., description="""What this element holds. Every group, dataset, attribute and link needs one.""", json_schema_extra = { "linkml_meta": {'domain_of': ['Namespace',
                       'SchemaEntry',
                       'TypedSpec',
                       'AttributeSpec',
                       'LinkSpec',
                       'CompoundField']} })
    name: Optional[str] = Field(default=None, description="""The fixed name of the element in its parent. An element with a fixed name occurs at most once. Without a name the element must have a type and the writer chooses names.""", json_schema_extra = { "linkml_meta": {'domain_of': ['Namespace',
                       'TypedSpec',
                       'AttributeSpec',
                       'LinkSpec',
                       'CompoundField']} })
    default_name: Optional[str] = Field(default=None, description="""The name used when the writer does not choose one. Not with `name`.""", json_schema_extra = { "linkml_meta": {'domain_of': ['TypedSpec']} })
    neurodata_type_def: Optional[str] = Field(default=None, description="""Defines a new type with this name (an identifier, CamelCase by convention). Together with `neurodata_type_inc` the new type extends that parent type.""", json_schema_extra = { "linkml_meta": {'domain_of': ['TypedSpec']} })
    neurodata_type_inc: Optional[str] = Field(default=None, description="""The type this element is (when used alone) or extends (with `neurodata_type_def`). Must resolve to a type of this namespace or one it includes.""", json_schema_extra = { "linkml_meta": {'domain_of': ['TypedSpec']} })
    data_type_def: Optional[str] = Field(default=None, description="""hdmf-common's spelling of `neurodata_type_def`.""", json_schema_extra = { "linkml_meta": {'domain_of': ['TypedSpec']} })
    data_type_inc: Optional[str] = Field(default=None, description="""hdmf-common's spelling of `neurodata_type_inc`.""", json_schema_extra = { "linkml_meta": {'domain_of': ['TypedSpec']} })
    quantity: Optional[Union[QuantityWord, int]] = Field(default=None, description="""How many times the element may occur: `?` or `zero_or_one`, `*` or `zero_or_many`, `+` or `one_or_many`, or an exact positive integer. Default 1. A fixed `name` allows no more than one.""", json_schema_extra = { "linkml_meta": {'any_of': [{'range': 'QuantityWord'}, {'range': 'integer'}],
         'domain_of': ['TypedSpec', 'LinkSpec']} })
    linkable: Optional[bool] = Field(default=None, description="""Whether a link to an object elsewhere in the file may stand in place of the element (default true).""", json_schema_extra = { "linkml_meta": {'domain_of': ['TypedSpec']} })
    attributes: Optional[list[AttributeSpec]] = Field(default=None, description="""The attributes of the element.""", json_schema_extra = { "linkml_meta": {'domain_of': ['TypedSpec']} })


class GroupSpec(TypedSpec):
    """
    A group (an HDF5 group): a container of datasets, groups, links and attributes.
    """
    linkml_meta: ClassVar[LinkMLMeta] = LinkMLMeta({'from_schema': 'https://nwb-lsp.example/schemas/nwb_spec_language'})

    datasets: Optional[list[DatasetSpec]] = Field(default=None, description="""Datasets inside the group.""", json_schema_extra = { "linkml_meta": {'domain_of': ['SchemaFile', 'GroupSpec']} })
    groups: Optional[list[GroupSpec]] = Field(default=None, description="""Groups inside the group.""", json_schema_extra = { "linkml_meta": {'domain_of': ['SchemaFile', 'GroupSpec']} })
    links: Optional[list[LinkSpec]] = Field(default=None, description="""Links inside the group to objects elsewhere in the file.""", json_schema_extra = { "linkml_meta": {'domain_of': ['GroupSpec']} })
    doc: str = Field(default=..., description="""What this element holds. Every group, dataset, attribute and link needs one.""", json_schema_extra = { "linkml_meta": {'domain_of': ['Namespace',
                       'SchemaEntry',
                       'TypedSpec',
                       'AttributeSpec',
                       'LinkSpec',
                       'CompoundField']} })
    name: Optional[str] = Field(default=None, description="""The fixed name of the element in its parent. An element with a fixed name occurs at most once. Without a name the element must have a type and the writer chooses names.""", json_schema_extra = { "linkml_meta": {'domain_of': ['Namespace',
                       'TypedSpec',
                       'AttributeSpec',
                       'LinkSpec',
                       'CompoundField']} })
    default_name: Optional[str] = Field(default=None, description="""The name used when the writer does not choose one. Not with `name`.""", json_schema_extra = { "linkml_meta": {'domain_of': ['TypedSpec']} })
    neurodata_type_def: Optional[str] = Field(default=None, description="""Defines a new type with this name (an identifier, CamelCase by convention). Together with `neurodata_type_inc` the new type extends that parent type.""", json_schema_extra = { "linkml_meta": {'domain_of': ['TypedSpec']} })
    neurodata_type_inc: Optional[str] = Field(default=None, description="""The type this element is (when used alone) or extends (with `neurodata_type_def`). Must resolve to a type of this namespace or one it includes.""", json_schema_extra = { "linkml_meta": {'domain_of': ['TypedSpec']} })
    data_type_def: Optional[str] = Field(default=None, description="""hdmf-common's spelling of `neurodata_type_def`.""", json_schema_extra = { "linkml_meta": {'domain_of': ['TypedSpec']} })
    data_type_inc: Optional[str] = Field(default=None, description="""hdmf-common's spelling of `neurodata_type_inc`.""", json_schema_extra = { "linkml_meta": {'domain_of': ['TypedSpec']} })
    quantity: Optional[Union[QuantityWord, int]] = Field(default=None, description="""How many times the element may occur: `?` or `zero_or_one`, `*` or `zero_or_many`, `+` or `one_or_many`, or an exact positive integer. Default 1. A fixed `name` allows no more than one.""", json_schema_extra = { "linkml_meta": {'any_of': [{'range': 'QuantityWord'}, {'range': 'integer'}],
         'domain_of': ['TypedSpec', 'LinkSpec']} })
    linkable: Optional[bool] = Field(default=None, description="""Whether a link to an object elsewhere in the file may stand in place of the element (default true).""", json_schema_extra = { "linkml_meta": {'domain_of': ['TypedSpec']} })
    attributes: Optional[list[AttributeSpec]] = Field(default=None, description="""The attributes of the element.""", json_schema_extra = { "linkml_meta": {'domain_of': ['TypedSpec']} })


class DatasetSpec(TypedSpec):
    """
    A dataset (an HDF5 dataset): an n-dimensional array of one dtype, with attributes.
    """
    linkml_meta: ClassVar[LinkMLMeta] = LinkMLMeta({'from_schema': 'https://nwb-lsp.example/schemas/nwb_spec_language'})

    dtype: Optional[Any] = Field(default=None, description="""The element type: a primitive dtype name (see PrimitiveDtype), a reference (ReferenceDtype), or a compound type given as a list of fields (CompoundField). Numeric dtypes are minimums: a wider type on disk is valid.""", json_schema_extra = { "linkml_meta": {'domain_of': ['DatasetSpec', 'AttributeSpec', 'CompoundField']} })
    dims: Optional[Any] = Field(default=None, description="""Names of the dimensions, one per axis: a list of strings, or a list of such lists when several layouts are allowed. Matches `shape` in nesting and length.""", json_schema_extra = { "linkml_meta": {'domain_of': ['DatasetSpec', 'AttributeSpec']} })
    shape: Optional[Any] = Field(default=None, description="""The allowed shape: a list with one entry per axis, each a positive length or null for any length, or a list of such lists for alternative layouts. No shape means a scalar.""", json_schema_extra = { "linkml_meta": {'domain_of': ['DatasetSpec', 'AttributeSpec']} })
    value: Optional[Any] = Field(default=None, description="""A fixed value every instance must have. Not with `default_value`.""", json_schema_extra = { "linkml_meta": {'domain_of': ['DatasetSpec', 'AttributeSpec']} })
    default_value: Optional[Any] = Field(default=None, description="""The value used when the writer gives none. Not with `value`.""", json_schema_extra = { "linkml_meta": {'domain_of': ['DatasetSpec', 'AttributeSpec']} })
    doc: str = Field(default=..., description="""What this element holds. Every group, dataset, attribute and link needs one.""", json_schema_extra = { "linkml_meta": {'domain_of': ['Namespace',
                       'SchemaEntry',
                       'TypedSpec',
                       'AttributeSpec',
                       'LinkSpec',
                       'CompoundField']} })
    name: Optional[str] = Field(default=None, description="""The fixed name of the element in its parent. An element with a fixed name occurs at most once. Without a name the element must have a type and the writer chooses names.""", json_schema_extra = { "linkml_meta": {'domain_of': ['Namespace',
                       'TypedSpec',
                       'AttributeSpec',
                       'LinkSpec',
                       'CompoundField']} })
    default_name: Optional[str] = Field(default=None, description="""The name used when the writer does not choose one. Not with `name`.""", json_schema_extra = { "linkml_meta": {'domain_of': ['TypedSpec']} })
    neurodata_type_def: Optional[str] = Field(default=None, description="""Defines a new type with this name (an identifier, CamelCase by convention). Together with `neurodata_type_inc` the new type extends that parent type.""", json_schema_extra = { "linkml_meta": {'domain_of': ['TypedSpec']} })
    neurodata_type_inc: Optional[str] = Field(default=None, description="""The type this element is (when used alone) or extends (with `neurodata_type_def`). Must resolve to a type of this namespace or one it includes.""", json_schema_extra = { "linkml_meta": {'domain_of': ['TypedSpec']} })
    data_type_def: Optional[str] = Field(default=None, description="""hdmf-common's spelling of `neurodata_type_def`.""", json_schema_extra = { "linkml_meta": {'domain_of': ['TypedSpec']} })
    data_type_inc: Optional[str] = Field(default=None, description="""hdmf-common's spelling of `neurodata_type_inc`.""", json_schema_extra = { "linkml_meta": {'domain_of': ['TypedSpec']} })
    quantity: Optional[Union[QuantityWord, int]] = Field(default=None, description="""How many times the element may occur: `?` or `zero_or_one`, `*` or `zero_or_many`, `+` or `one_or_many`, or an exact positive integer. Default 1. A fixed `name` allows no more than one.""", json_schema_extra = { "linkml_meta": {'any_of': [{'range': 'QuantityWord'}, {'range': 'integer'}],
         'domain_of': ['TypedSpec', 'LinkSpec']} })
    linkable: Optional[bool] = Field(default=None, description="""Whether a link to an object elsewhere in the file may stand in place of the element (default true).""", json_schema_extra = { "linkml_meta": {'domain_of': ['TypedSpec']} })
    attributes: Optional[list[AttributeSpec]] = Field(default=None, description="""The attributes of the element.""", json_schema_extra = { "linkml_meta": {'domain_of': ['TypedSpec']} })


class AttributeSpec(ConfiguredBaseModel):
    """
    An attribute (an HDF5 attribute): a small value attached to a group or dataset.
    """
    linkml_meta: ClassVar[LinkMLMeta] = LinkMLMeta({'from_schema': 'https://nwb-lsp.example/schemas/nwb_spec_language'})

    name: str = Field(default=..., description="""The attribute's name (an identifier).""", json_schema_extra = { "linkml_meta": {'domain_of': ['Namespace',
                       'TypedSpec',
                       'AttributeSpec',
                       'LinkSpec',
                       'CompoundField']} })
    doc: str = Field(default=..., description="""What the attribute means.""", json_schema_extra = { "linkml_meta": {'domain_of': ['Namespace',
                       'SchemaEntry',
                       'TypedSpec',
                       'AttributeSpec',
                       'LinkSpec',
                       'CompoundField']} })
    dtype: Union[PrimitiveDtype, ReferenceDtype] = Field(default=..., description="""The value's type: a primitive dtype name or a reference (attributes cannot be compound).""", json_schema_extra = { "linkml_meta": {'any_of': [{'range': 'PrimitiveDtype'}, {'range': 'ReferenceDtype'}],
         'domain_of': ['DatasetSpec', 'AttributeSpec', 'CompoundField']} })
    dims: Optional[Any] = Field(default=None, description="""Names of the dimensions when the value is an array (see DatasetSpec.dims).""", json_schema_extra = { "linkml_meta": {'domain_of': ['DatasetSpec', 'AttributeSpec']} })
    shape: Optional[Any] = Field(default=None, description="""The allowed shape when the value is an array (see DatasetSpec.shape).""", json_schema_extra = { "linkml_meta": {'domain_of': ['DatasetSpec', 'AttributeSpec']} })
    required: Optional[bool] = Field(default=None, description="""Whether every instance must have the attribute (default true).""", json_schema_extra = { "linkml_meta": {'domain_of': ['AttributeSpec']} })
    value: Optional[Any] = Field(default=None, description="""A fixed value. Not with `default_value`.""", json_schema_extra = { "linkml_meta": {'domain_of': ['DatasetSpec', 'AttributeSpec']} })
    default_value: Optional[Any] = Field(default=None, description="""The value used when the writer gives none. Not with `value`.""", json_schema_extra = { "linkml_meta": {'domain_of': ['DatasetSpec', 'AttributeSpec']} })


class LinkSpec(ConfiguredBaseModel):
    """
    A link (an HDF5 soft link) to an object of a given type stored elsewhere, so data is shared rather than copied.
    """
    linkml_meta: ClassVar[LinkMLMeta] = LinkMLMeta({'from_schema': 'https://nwb-lsp.example/schemas/nwb_spec_language'})

    name: Optional[str] = Field(default=None, description="""The link's fixed name; without one the writer chooses it.""", json_schema_extra = { "linkml_meta": {'domain_of': ['Namespace',
                       'TypedSpec',
                       'AttributeSpec',
                       'LinkSpec',
                       'CompoundField']} })
    doc: str = Field(default=..., description="""What the linked object is used for.""", json_schema_extra = { "linkml_meta": {'domain_of': ['Namespace',
                       'SchemaEntry',
                       'TypedSpec',
                       'AttributeSpec',
                       'LinkSpec',
                       'CompoundField']} })
    target_type: str = Field(default=..., description="""The type the linked object must be (or extend).""", json_schema_extra = { "linkml_meta": {'domain_of': ['LinkSpec', 'ReferenceDtype']} })
    quantity: Optional[Union[QuantityWord, int]] = Field(default=None, description="""How many such links may occur (as TypedSpec.quantity).""", json_schema_extra = { "linkml_meta": {'any_of': [{'range': 'QuantityWord'}, {'range': 'integer'}],
         'domain_of': ['TypedSpec', 'LinkSpec']} })


class ReferenceDtype(ConfiguredBaseModel):
    """
    The dtype of a value that points at another object of the file: an object reference to a typed object, or a region reference to part of a dataset.
    """
    linkml_meta: ClassVar[LinkMLMeta] = LinkMLMeta({'from_schema': 'https://nwb-lsp.example/schemas/nwb_spec_language'})

    target_type: str = Field(default=..., description="""The type the referenced object must be (or extend).""", json_schema_extra = { "linkml_meta": {'domain_of': ['LinkSpec', 'ReferenceDtype']} })
    reftype: ReferenceKind = Field(default=..., description="""The kind of reference.""", json_schema_extra = { "linkml_meta": {'domain_of': ['ReferenceDtype']} })


class CompoundField(ConfiguredBaseModel):
    """
    One field of a compound dtype (a table row with named, typed columns).
    """
    linkml_meta: ClassVar[LinkMLMeta] = LinkMLMeta({'from_schema': 'https://nwb-lsp.example/schemas/nwb_spec_language'})

    name: str = Field(default=..., description="""The field's name (an identifier).""", json_schema_extra = { "linkml_meta": {'domain_of': ['Namespace',
                       'TypedSpec',
                       'AttributeSpec',
                       'LinkSpec',
                       'CompoundField']} })
    doc: str = Field(default=..., description="""What the field holds.""", json_schema_extra = { "linkml_meta": {'domain_of': ['Namespace',
                       'SchemaEntry',
                       'TypedSpec',
                       'AttributeSpec',
                       'LinkSpec',
                       'CompoundField']} })
    dtype: Union[PrimitiveDtype, ReferenceDtype] = Field(default=..., description="""The field's type: a primitive dtype name or a reference (fields are not themselves compound).""", json_schema_extra = { "linkml_meta": {'any_of': [{'range': 'PrimitiveDtype'}, {'range': 'ReferenceDtype'}],
         'domain_of': ['DatasetSpec', 'AttributeSpec', 'CompoundField']} })


# Model rebuild
# see https://pydantic-docs.helpmanual.io/usage/models/#rebuilding-a-model
NamespaceFile.model_rebuild()
Namespace.model_rebuild()
SchemaEntry.model_rebuild()
SchemaFile.model_rebuild()
TypedSpec.model_rebuild()
GroupSpec.model_rebuild()
DatasetSpec.model_rebuild()
AttributeSpec.model_rebuild()
LinkSpec.model_rebuild()
ReferenceDtype.model_rebuild()
CompoundField.model_rebuild()
