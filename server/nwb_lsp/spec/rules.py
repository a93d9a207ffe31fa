"""Rules for spec YAML documents, each finding at the exact range of a key or value.

Structure rules look at one element (group, dataset, attribute, link) at a time;
resolution rules (unknown types, duplicates, cycles) look at the workspace's type
index, which knows every document's definitions and the installed core's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import yaml

from nwb_lsp.findings import Finding, Location, Severity, define_code, finding
from nwb_lsp.spec import language
from nwb_lsp.spec.document import Element, SpecDocument, node_range
from nwb_lsp.spec.language import (
    BAD_DTYPE,
    BAD_QUANTITY,
    DTYPES,
    KEYS,
    MISSING_DOC,
    QUANTITIES,
    UNKNOWN_KEY,
)
from nwb_lsp.spec.yamlparse import SYNTAX

__all__ = [
    "BAD_DTYPE",
    "BAD_QUANTITY",
    "DTYPES",
    "KEYS",
    "MISSING_DOC",
    "QUANTITIES",
    "SYNTAX",
    "UNKNOWN_KEY",
]

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
DIMS_SHAPE = define_code(
    "Y010", Severity.ERROR, "dims and shape differ in nesting or length", "spec"
)
CYCLE = define_code("Y011", Severity.ERROR, "a type inherits from itself", "spec")
BAD_IDENTIFIER = define_code(
    "Y016",
    Severity.ERROR,
    "a type name that is not an identifier, or a name HDF5 cannot store",
    "spec",
)
FIXED_NAME_MANY = define_code(
    "Y017", Severity.ERROR, "a fixed 'name' with a quantity above one", "spec"
)
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _at(node: yaml.Node) -> Location:
    return Location(range=node_range(node))


def syntax(doc: SpecDocument) -> Iterable[Finding]:
    """What reading the document found: its encoding, YAML syntax, limits."""
    yield from doc.problems


def structure(doc: SpecDocument) -> Iterable[Finding]:
    yield from language.check(doc)
    for element in doc.elements:
        for rule in ELEMENT_RULES:
            yield from rule(element)


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _pairs(element: Element) -> Iterable[Finding]:
    for a, b, code in (
        ("name", "default_name", NAME_AND_DEFAULT),
        ("value", "default_value", VALUE_AND_DEFAULT),
    ):
        node = element.get(b)
        if element.get(a) is not None and node is not None:
            yield finding(code, f"'{a}' and '{b}' cannot both be given", _at(node))


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


def _identifiers(element: Element) -> Iterable[Finding]:
    for key in ("neurodata_type_def", "data_type_def"):
        node = element.get(key)
        text = element.scalar(key)
        if node is not None and text is not None and not _IDENTIFIER.match(text):
            yield finding(
                BAD_IDENTIFIER,
                f"type name '{text}' is not an identifier "
                "(letters, digits and '_', not starting with a digit)",
                _at(node),
            )
    for key in ("name", "default_name"):
        node = element.get(key)
        text = element.scalar(key)
        if node is None or text is None:
            continue
        if not text or "/" in text or text in (".", ".."):
            yield finding(
                BAD_IDENTIFIER,
                f"{key} '{text}' cannot be an HDF5 object name "
                "(empty, '.', '..' or containing '/')",
                _at(node),
            )


def _fixed_name_many(element: Element) -> Iterable[Finding]:
    node = element.get("quantity")
    if element.get("name") is None or not isinstance(node, yaml.ScalarNode):
        return
    text = str(node.value)
    many = text in ("*", "+", "zero_or_many", "one_or_many") or (
        text.isdigit() and int(text) > 1
    )
    if many:
        yield finding(
            FIXED_NAME_MANY,
            f"an element with a fixed name occurs at most once; quantity '{text}' "
            "needs an unnamed, typed element (or quantity '?' / 1)",
            _at(node),
        )


ELEMENT_RULES: list[Callable[[Element], Iterable[Finding]]] = [
    _pairs,
    _dims_shape,
    _identifiers,
    _fixed_name_many,
]
