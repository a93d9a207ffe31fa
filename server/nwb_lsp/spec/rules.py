"""Rules for spec YAML documents, each finding at the exact range of a key or value.

Structure rules look at one element (group, dataset, attribute, link) at a time;
resolution rules (unknown types, duplicates, cycles) look at the workspace's type
index, which knows every document's definitions and the installed core's.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

import yaml

from nwb_lsp.findings import Finding, Location, Severity, define_code, finding
from nwb_lsp.spec.document import Element, SpecDocument, node_range

SYNTAX = define_code("Y001", Severity.ERROR, "YAML syntax error", "spec")
UNKNOWN_KEY = define_code(
    "Y002", Severity.ERROR, "a key the spec language does not define", "spec"
)
MISSING_DOC = define_code("Y003", Severity.ERROR, "an element without 'doc'", "spec")
NAME_AND_DEFAULT = define_code(
    "Y004", Severity.ERROR, "both 'name' and 'default_name'", "spec"
)
VALUE_AND_DEFAULT = define_code(
    "Y005", Severity.ERROR, "both 'value' and 'default_value'", "spec"
)
UNRESOLVED_TYPE = define_code(
    "Y006", Severity.ERROR, "a type name that resolves to no definition", "spec"
)
DUPLICATE_TYPE = define_code(
    "Y007", Severity.ERROR, "a type defined more than once", "spec"
)
BAD_QUANTITY = define_code("Y008", Severity.ERROR, "an invalid quantity", "spec")
BAD_DTYPE = define_code("Y009", Severity.ERROR, "an unknown dtype", "spec")
DIMS_SHAPE = define_code(
    "Y010", Severity.ERROR, "dims and shape differ in nesting or length", "spec"
)
CYCLE = define_code("Y011", Severity.ERROR, "a type inherits from itself", "spec")

COMMON = {"doc", "name"}
TYPED = {
    "neurodata_type_def",
    "neurodata_type_inc",
    "data_type_def",
    "data_type_inc",
    "default_name",
    "quantity",
    "linkable",
    "attributes",
}
KEYS = {
    "group": COMMON | TYPED | {"datasets", "groups", "links"},
    "dataset": COMMON | TYPED | {"dtype", "dims", "shape", "value", "default_value"},
    "attribute": COMMON
    | {"dtype", "dims", "shape", "required", "value", "default_value"},
    "link": COMMON | {"target_type", "quantity"},
}
DTYPES = {
    "float",
    "float32",
    "double",
    "float64",
    "long",
    "int64",
    "int",
    "int32",
    "short",
    "int16",
    "int8",
    "uint",
    "uint32",
    "uint16",
    "uint8",
    "uint64",
    "numeric",
    "text",
    "utf",
    "utf8",
    "utf-8",
    "ascii",
    "bytes",
    "bool",
    "isodatetime",
    "datetime",
}
QUANTITIES = {"*", "+", "?", "zero_or_many", "one_or_many", "zero_or_one"}


def _at(node: yaml.Node) -> Location:
    return Location(range=node_range(node))


def syntax(doc: SpecDocument) -> Iterable[Finding]:
    if doc.syntax_error is not None:
        message, where = doc.syntax_error
        yield finding(SYNTAX, f"YAML syntax error: {message}", Location(range=where))


def structure(doc: SpecDocument) -> Iterable[Finding]:
    for element in doc.elements:
        for rule in ELEMENT_RULES:
            yield from rule(element)


def _unknown_keys(element: Element) -> Iterable[Finding]:
    allowed = KEYS[element.kind]
    for key, key_node, _ in element.items():
        if key in allowed:
            continue
        close = difflib.get_close_matches(key, sorted(allowed), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        yield finding(
            UNKNOWN_KEY,
            f"'{key}' is not a key of {_a(element.kind)}{hint}",
            _at(key_node),
        )


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _missing_doc(element: Element) -> Iterable[Finding]:
    if element.get("doc") is None:
        first = next(iter(element.items()), None)
        where = _at(first[1]) if first else Location(range=element.range)
        yield finding(MISSING_DOC, f"this {element.kind} has no 'doc'", where)


def _pairs(element: Element) -> Iterable[Finding]:
    for a, b, code in (
        ("name", "default_name", NAME_AND_DEFAULT),
        ("value", "default_value", VALUE_AND_DEFAULT),
    ):
        node = element.get(b)
        if element.get(a) is not None and node is not None:
            yield finding(code, f"'{a}' and '{b}' cannot both be given", _at(node))


def _quantity(element: Element) -> Iterable[Finding]:
    node = element.get("quantity")
    if not isinstance(node, yaml.ScalarNode):
        return
    text = str(node.value)
    if text in QUANTITIES or (text.isdigit() and int(text) > 0):
        return
    yield finding(
        BAD_QUANTITY,
        f"quantity '{text}' is not one of *, +, ? or a positive integer",
        _at(node),
    )


def _dtype(element: Element) -> Iterable[Finding]:
    node = element.get("dtype")
    if isinstance(node, yaml.ScalarNode) and str(node.value) not in DTYPES:
        close = difflib.get_close_matches(str(node.value), sorted(DTYPES), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        yield finding(BAD_DTYPE, f"'{node.value}' is not a dtype{hint}", _at(node))


def _nesting(node: yaml.Node) -> list[int] | int:
    if isinstance(node, yaml.SequenceNode):
        if node.value and all(isinstance(v, yaml.SequenceNode) for v in node.value):
            return [len(v.value) for v in node.value]
        return len(node.value)
    return -1


def _dims_shape(element: Element) -> Iterable[Finding]:
    dims, shape = element.get("dims"), element.get("shape")
    if dims is None or shape is None:
        return
    if _nesting(dims) != _nesting(shape):
        yield finding(
            DIMS_SHAPE,
            "dims and shape must have the same nesting and lengths",
            _at(shape),
        )


ELEMENT_RULES: list[Callable[[Element], Iterable[Finding]]] = [
    _unknown_keys,
    _missing_doc,
    _pairs,
    _quantity,
    _dtype,
    _dims_shape,
]
