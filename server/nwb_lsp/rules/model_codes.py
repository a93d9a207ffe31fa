"""The codes of the model rules (objects against their specs), shared by
``rules/model.py`` (typing, the root, per-file notes) and ``rules/model_walk.py``
(one object against its resolved spec)."""

from __future__ import annotations

from nwb_lsp.findings import Severity, define_code

UNKNOWN_TYPE = define_code("M001", Severity.ERROR, "unknown neurodata_type", "model")
NO_NAMESPACE = define_code(
    "M002", Severity.ERROR, "a typed object has no namespace attribute", "model"
)
UNCACHED_NAMESPACE = define_code(
    "M003", Severity.ERROR, "an object's namespace is not cached in the file", "model"
)
UNTYPED_GROUP = define_code(
    "M004", Severity.ERROR, "an untyped group where a typed one is required", "model"
)
WRONG_CHILD_TYPE = define_code(
    "M005", Severity.ERROR, "a child is not of the type its spec requires", "model"
)
WRONG_KIND = define_code(
    "M006",
    Severity.ERROR,
    "a dataset where the spec asks for a group, or a group for a dataset",
    "model",
)
BAD_TYPE_ATTRIBUTE = define_code(
    "M007",
    Severity.ERROR,
    "neurodata_type or namespace is not text, or the root is not an NWBFile",
    "model",
)
MISSING = define_code(
    "M010",
    Severity.ERROR,
    "a required attribute, dataset, group or link is missing",
    "model",
)
TOO_FEW = define_code(
    "M011", Severity.ERROR, "fewer typed children than the quantity requires", "model"
)
BAD_DTYPE = define_code("M020", Severity.ERROR, "a value has the wrong dtype", "model")
BAD_SHAPE = define_code(
    "M021", Severity.ERROR, "a value has the wrong rank or shape", "model"
)
BAD_VALUE = define_code(
    "M022", Severity.ERROR, "a fixed value differs from the spec", "model"
)
BAD_DATETIME = define_code(
    "M023",
    Severity.ERROR,
    "a date-time is not ISO 8601 with a 'T' and a timezone",
    "model",
)
ONE_ELEMENT_ARRAYS = define_code(
    "M024",
    Severity.WARNING,
    "scalar attributes stored as one-element arrays (reported once per file)",
    "model",
)
UNDECLARED = define_code(
    "M030",
    Severity.WARNING,
    "an attribute or dataset the spec does not declare",
    "model",
)

# Attributes every typed object carries; not part of any type's spec.
BOOKKEEPING = {"neurodata_type", "data_type", "namespace", "object_id", "help"}
TYPE_ATTRIBUTES = ("neurodata_type", "data_type", "namespace")
SKIP_ROOT = {"specifications"}
