"""Each feature of the NWB specification language, through the whole pipeline.

One small hand-written namespace (no imports, so generation is quick) uses every
feature; the tests look at the generated pydantic models: what their fields are, and
what they accept and reject — arrays as lazy proxies that carry shape and dtype.
"""

from __future__ import annotations

import json
import typing
from typing import Any

import numpy as np
import pytest
from pydantic import BaseModel, ValidationError

from nwb_lsp.hdf5.lazy import LazyArray
from nwb_lsp.hdf5.records import DTypeInfo, DTypeKind
from nwb_lsp.schema.catalog import catalog_for_namespace_file
from nwb_lsp.schema.provider import ModelProvider

NAMESPACE = """\
namespaces:
- name: ndx-features
  version: 0.1.0
  doc: every language feature once
  schema:
  - source: features.yaml
  - source: hdmf_style.yaml
"""
SCHEMA = """\
groups:
- neurodata_type_def: Holder
  doc: a group type using every feature
  attributes:
  - name: label
    dtype: ascii
    doc: ASCII only
  - name: note
    dtype: text
    doc: any text
    required: false
  - name: version
    dtype: text
    value: '1.0'
    doc: a fixed value
  - name: comment
    dtype: text
    default_value: none
    doc: a default
    required: false
  - name: target
    dtype:
      target_type: Sample
      reftype: object
    doc: an object reference
    required: false
  datasets:
  - name: counts
    dtype: int32
    dims: [[n], [n, xyz]]
    shape: [[null], [null, 3]]
    doc: alternative layouts, a minimum width
  - name: window
    dtype: uint8
    shape: [2]
    quantity: '?'
    doc: optional, exact shape
  - name: table
    dtype:
    - name: start
      dtype: float64
      doc: start
    - name: sample
      dtype:
        target_type: Sample
        reftype: object
      doc: a reference field
    doc: a compound dtype
    quantity: zero_or_one
  - name: region
    dtype:
      target_type: Sample
      reftype: region
    shape: [null]
    doc: region references
    quantity: '?'
  - neurodata_type_inc: Sample
    doc: unnamed typed children, any number
    quantity: '*'
  groups:
  - neurodata_type_inc: Part
    doc: at least one
    quantity: '+'
  - neurodata_type_inc: Pair
    doc: exactly two
    quantity: 2
  links:
  - name: source
    target_type: Sample
    doc: a link
    quantity: '?'
- neurodata_type_def: Part
  doc: a part
- neurodata_type_def: Pair
  doc: one of a pair
datasets:
- neurodata_type_def: Sample
  dtype: float32
  shape: [null]
  doc: samples
- neurodata_type_def: Sample64
  neurodata_type_inc: Sample
  dtype: float64
  doc: a refinement with a wider dtype
"""
HDMF_STYLE = """\
groups:
- data_type_def: Bag
  data_type_inc: Part
  doc: hdmf-common's spelling of the type keys
"""


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> ModelProvider:
    folder = tmp_path_factory.mktemp("spec")
    (folder / "ndx-features.namespace.yaml").write_text(NAMESPACE)
    (folder / "features.yaml").write_text(SCHEMA)
    (folder / "hdmf_style.yaml").write_text(HDMF_STYLE)
    catalog = catalog_for_namespace_file(folder / "ndx-features.namespace.yaml")
    assert catalog.findings == []
    provider = ModelProvider(catalog, tmp_path_factory.mktemp("cache"))
    provider.module()
    assert provider.findings == []
    return provider


def array(shape: tuple[int, ...], kind: DTypeKind, size: int = 0, **kw: Any) -> Any:
    return LazyArray("f.nwb", "/x", shape, DTypeInfo(kind, size, **kw))


def field_type(model: Any, name: str) -> Any:
    return model.model_fields[name].annotation


def inner(model: Any, name: str) -> Any:
    """The model class of a field (Optional / list unwrapped)."""

    def find(annotation: Any) -> Any:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return annotation
        for arg in typing.get_args(annotation):
            found = find(arg)
            if found is not None:
                return found
        return None

    found = find(field_type(model, name))
    assert found is not None, f"no model class in {field_type(model, name)}"
    return found


def notes(model: Any, name: str) -> dict[str, Any]:
    meta = model.model_fields[name].json_schema_extra["linkml_meta"]
    return {k: v["value"] for k, v in meta.get("annotations", {}).items()}


def test_dtype_minimum_widths(models: ModelProvider) -> None:
    counts = inner(models.model(None, "Holder"), "counts")
    assert counts(array=array((5,), DTypeKind.INT, 8)).array.shape == (5,)  # wider
    assert counts(array=array((5,), DTypeKind.UINT, 2)).array is not None  # fits
    with pytest.raises(ValidationError, match="an integer of at least 32 bits"):
        counts(array=array((5,), DTypeKind.INT, 2))
    with pytest.raises(ValidationError, match="found a 64-bit float"):
        counts(array=array((5,), DTypeKind.FLOAT, 8))


def test_text_and_ascii(models: ModelProvider) -> None:
    holder = models.model(None, "Holder")
    assert notes(holder, "label")["dtype"] == "ascii"
    assert notes(holder, "note")["dtype"] == "text"
    sample = models.model(None, "Sample")
    with pytest.raises(ValidationError, match="must be a floating-point number"):
        sample(array=array((3,), DTypeKind.TEXT, encoding="utf-8"))


def test_quantities(models: ModelProvider) -> None:
    holder = models.model(None, "Holder")
    fields = holder.model_fields
    assert not fields["window"].is_required()  # ?
    assert not fields["table"].is_required()  # zero_or_one
    assert not fields["sample"].is_required()  # *
    assert typing.get_origin(typing.get_args(field_type(holder, "sample"))[0]) is list
    assert fields["part"].is_required()  # +
    assert typing.get_origin(field_type(holder, "part")) is list
    assert fields["pair"].is_required()  # exactly 2
    assert notes(holder, "pair")["quantity"] == "2"
    assert fields["counts"].is_required()  # default: exactly one


def test_shapes_with_alternative_layouts(models: ModelProvider) -> None:
    counts = inner(models.model(None, "Holder"), "counts")
    assert counts(array=array((4, 3), DTypeKind.INT, 4)) is not None
    with pytest.raises(ValidationError, match=r"must have shape \[any\] or \[any, 3\]"):
        counts(array=array((4, 4), DTypeKind.INT, 4))
    window = inner(models.model(None, "Holder"), "window")
    with pytest.raises(ValidationError, match=r"must have shape \[2\], found \[3\]"):
        window(array=array((3,), DTypeKind.UINT, 1))
    with pytest.raises(ValidationError, match="found a scalar"):
        window(array=array((), DTypeKind.UINT, 1))


def test_value_and_default_value(models: ModelProvider) -> None:
    holder = models.model(None, "Holder")
    assert notes(holder, "version")["value"] == "1.0"
    assert notes(holder, "comment")["default_value"] == "none"
    assert holder.model_fields["version"].is_required()
    assert not holder.model_fields["comment"].is_required()


def test_object_and_region_references(models: ModelProvider) -> None:
    holder = models.model(None, "Holder")
    assert inner(holder, "target") is models.model(None, "Sample")
    assert notes(holder, "target")["dtype"] == "object->Sample"
    region = inner(holder, "region")
    assert json.loads(region.nwb_annotations()["shape"]) == [None]
    assert region.nwb_annotations()["dtype"] == "region->Sample"
    assert region(array=array((2,), DTypeKind.REGION_REF)) is not None
    with pytest.raises(ValidationError, match="a region reference to Sample"):
        region(array=array((2,), DTypeKind.OBJECT_REF))


def test_compound_dtype_field_by_field(models: ModelProvider) -> None:
    table = inner(models.model(None, "Holder"), "table")
    good = (
        ("start", DTypeInfo(DTypeKind.FLOAT, 8)),
        ("sample", DTypeInfo(DTypeKind.OBJECT_REF)),
    )
    assert table(array=array((3,), DTypeKind.COMPOUND, fields=good)) is not None
    narrow = (("start", DTypeInfo(DTypeKind.FLOAT, 4)), good[1])
    with pytest.raises(ValidationError, match="a compound type with fields start"):
        table(array=array((3,), DTypeKind.COMPOUND, fields=narrow))
    with pytest.raises(ValidationError, match="a compound type"):
        table(array=array((3,), DTypeKind.COMPOUND, fields=good[:1]))


def test_unnamed_typed_children_and_links(models: ModelProvider) -> None:
    holder = models.model(None, "Holder")
    assert notes(holder, "sample")["nwb_role"] == "container"
    assert inner(holder, "sample") is models.model(None, "Sample")
    assert notes(holder, "source")["nwb_role"] == "link"
    assert inner(holder, "source") is models.model(None, "Sample")


def test_inheritance_and_refined_dtype(models: ModelProvider) -> None:
    sample, sample64 = models.model(None, "Sample"), models.model(None, "Sample64")
    assert issubclass(sample64, sample)
    assert sample(array=array((3,), DTypeKind.FLOAT, 4)) is not None
    with pytest.raises(ValidationError, match="at least 64 bits"):
        sample64(array=array((3,), DTypeKind.FLOAT, 4))
    with pytest.raises(ValidationError, match=r"shape \[any\]"):  # inherited shape
        sample64(array=array((3, 3), DTypeKind.FLOAT, 8))


def test_hdmf_spelling(models: ModelProvider) -> None:
    assert issubclass(models.model(None, "Bag"), models.model(None, "Part"))


def _holder(models: ModelProvider, **fields: Any) -> Any:
    holder = models.model(None, "Holder")
    part, pair = models.model(None, "Part"), models.model(None, "Pair")
    counts = inner(holder, "counts")
    base = {
        "label": "abc",
        "counts": counts(array=[1, 2, 3]),
        "part": [part(name="p")],
        "pair": [pair(name="a"), pair(name="b")],
    }
    return holder(**{**base, **fields})


def test_defaults_applied_and_fixed_values_enforced(models: ModelProvider) -> None:
    holder = _holder(models)
    assert (holder.version, holder.comment) == ("1.0", "none")
    assert _holder(models, comment="mine").comment == "mine"
    assert _holder(models, version="1.0").version == "1.0"
    with pytest.raises(
        ValidationError, match=r"version is fixed to '1\.0' by the spec"
    ):
        _holder(models, version="2.0")


def test_numpy_arrays_checked_like_lazy_arrays(models: ModelProvider) -> None:
    counts = inner(models.model(None, "Holder"), "counts")
    assert counts(array=np.zeros(5, dtype=np.int64)) is not None  # wider
    assert counts(array=np.zeros((4, 3), dtype=np.uint16)) is not None  # fits
    with pytest.raises(ValidationError, match="found a 16-bit integer"):
        counts(array=np.zeros(5, dtype=np.int16))
    with pytest.raises(ValidationError, match=r"must have shape \[any\] or \[any, 3\]"):
        counts(array=np.zeros((4, 4), dtype=np.int32))
    sample64 = models.model(None, "Sample64")
    with pytest.raises(ValidationError, match="at least 64 bits, found a 32-bit"):
        sample64(array=np.zeros(3, dtype=np.float32))
    with pytest.raises(ValidationError, match="found utf-8 text"):
        sample64(array=np.array(["a", "b"]))


def test_lists_and_scalars_checked_by_kind_and_shape(models: ModelProvider) -> None:
    holder = models.model(None, "Holder")
    counts, window = inner(holder, "counts"), inner(holder, "window")
    assert counts(array=[[1, 2, 3], [4, 5, 6]]).array == [[1, 2, 3], [4, 5, 6]]
    with pytest.raises(ValidationError, match="must be integers"):
        counts(array=[1.5, 2.0])
    with pytest.raises(ValidationError, match="ragged"):
        counts(array=[[1, 2], [3]])
    with pytest.raises(ValidationError, match=r"must have shape \[2\], found \[3\]"):
        window(array=[1, 2, 3])
    with pytest.raises(ValidationError, match="unsigned"):
        window(array=[-1, 2])
    sample = models.model(None, "Sample")
    assert sample(array=[1, 2.5]) is not None  # stored as float32 when written
    with pytest.raises(ValidationError, match=r"floating-point .* found ascii text"):
        sample(array=["1.0"])
    with pytest.raises(ValidationError, match="must be numbers"):
        sample(array=[True, 1.0])
    with pytest.raises(ValidationError, match="found a scalar"):
        sample(array=1.0)


def test_names_of_built_instances(models: ModelProvider) -> None:
    holder = _holder(models)
    assert holder.part[0].name == "p"
    assert holder["a"] is holder.pair[0]  # typed children by their names
    assert holder["counts"] is holder.counts  # named children by their spec names
