"""Spec YAML against the models of the specification language, with positions.

The language is described in LinkML (``schemas/nwb_spec_language.yaml``); its pydantic
models (``language_models.py``, generated and committed) are what a document is
validated with. A document's composed YAML nodes are turned into Python data, the
namespace or schema file model validates it, and each validation error's location
(``('groups', 0, 'attributes', 1, 'dtype')``) is walked back through the nodes to
the exact range of the offending key or value. Errors become the rule codes users
know: an unknown key (``Y002``, with a did-you-mean from the model's fields), a
missing ``doc`` (``Y003``), a bad quantity (``Y008``) or dtype (``Y009``), and any
other rejection (``Y012``). The same models give the keys, dtypes and quantities
that completion offers and the text hover shows for a key.
"""

from __future__ import annotations

import difflib
import typing
import warnings
from collections.abc import Iterable
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from nwb_lsp.findings import Finding, Location, Range, Severity, define_code, finding

with warnings.catch_warnings():
    # A namespace's ``schema`` key shadows pydantic's deprecated ``BaseModel.schema``;
    # the field works, the warning is noise.
    warnings.filterwarnings("ignore", 'Field name "schema"', UserWarning)
    from nwb_lsp.spec import language_models as lm
from nwb_lsp.spec.document import SpecDocument, node_range, to_data

UNKNOWN_KEY = define_code(
    "Y002", Severity.ERROR, "a key the spec language does not define", "spec"
)
MISSING_DOC = define_code("Y003", Severity.ERROR, "an element without 'doc'", "spec")
BAD_QUANTITY = define_code("Y008", Severity.ERROR, "an invalid quantity", "spec")
BAD_DTYPE = define_code("Y009", Severity.ERROR, "an unknown dtype", "spec")
REJECTED = define_code(
    "Y012",
    Severity.ERROR,
    "a value the specification language does not allow (wrong type, missing key)",
    "spec",
)

ROOTS: dict[str, type[BaseModel]] = {
    "namespace": lm.NamespaceFile,
    "schema": lm.SchemaFile,
}
ELEMENT_MODELS: dict[str, type[BaseModel]] = {
    "group": lm.GroupSpec,
    "dataset": lm.DatasetSpec,
    "attribute": lm.AttributeSpec,
    "link": lm.LinkSpec,
}
NOUNS = {
    "GroupSpec": "group",
    "DatasetSpec": "dataset",
    "AttributeSpec": "attribute",
    "LinkSpec": "link",
    "Namespace": "namespace",
    "SchemaEntry": "schema entry",
    "NamespaceFile": "namespace file",
    "SchemaFile": "schema file",
    "ReferenceDtype": "reference dtype",
    "CompoundField": "compound field",
}
KEYS: dict[str, set[str]] = {k: set(m.model_fields) for k, m in ELEMENT_MODELS.items()}
DTYPES: set[str] = {d.value for d in lm.PrimitiveDtype}
QUANTITIES: set[str] = {q.value for q in lm.QuantityWord}


def key_doc(kind: str, key: str) -> str | None:
    """What ``key`` means in an element of ``kind`` (from the language schema)."""
    model = ELEMENT_MODELS.get(kind)
    info = model.model_fields.get(key) if model else None
    return info.description if info is not None else None


def check(doc: SpecDocument) -> list[Finding]:
    """Findings from validating ``doc`` with the language's models."""
    model = ROOTS.get(doc.kind)
    if model is None or doc.root is None:
        return []
    found = list(_validate(model, doc.root, ()))
    for element in doc.elements:
        found.extend(_element_extras(element.kind, element.node))
    seen: set[tuple[str, Range | None]] = set()
    out: list[Finding] = []
    for f in found:
        key = (f.code, f.location.range)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _validate(
    model: type[BaseModel], node: yaml.Node, in_dtype: tuple[str, ...]
) -> Iterable[Finding]:
    data = to_data(node)
    try:
        model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(p for p in error["loc"] if not _union_tag(p))
            result = _finding(node, loc, error["type"], error["msg"], model, in_dtype)
            if result is not None:
                yield result


def _union_tag(part: Any) -> bool:
    """Parts pydantic adds to a location for the branches of a union."""
    if not isinstance(part, str):
        return False
    return part[:1].isupper() or "[" in part or part in _BUILTIN_TAGS


_BUILTIN_TAGS = {"int", "str", "bool", "float", "list", "dict"}


def _element_extras(kind: str, node: yaml.MappingNode) -> Iterable[Finding]:
    """What the models leave open: a dataset's dtype (a name, a reference or a list
    of compound fields — one union the generator cannot type) and a quantity's
    integer being positive."""
    for key, value in node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        if name == "dtype" and kind == "dataset":
            if isinstance(value, yaml.ScalarNode):
                if str(value.value) not in DTYPES:
                    yield finding(
                        BAD_DTYPE,
                        _dtype_message(str(value.value)),
                        Location(range=node_range(value)),
                    )
            elif isinstance(value, yaml.MappingNode):
                yield from _validate(lm.ReferenceDtype, value, ("dtype",))
            elif isinstance(value, yaml.SequenceNode):
                for item in value.value:
                    yield from _validate(lm.CompoundField, item, ("dtype",))
        if name == "quantity" and isinstance(value, yaml.ScalarNode):
            text = str(value.value)
            if text.lstrip("-").isdigit() and int(text) < 1:
                yield _quantity_finding(value)


def _quantity_finding(node: yaml.Node) -> Finding:
    return finding(
        BAD_QUANTITY,
        f"quantity '{_scalar(node)}' is not one of *, +, ?, zero_or_one, "
        "zero_or_many, one_or_many or a positive integer",
        Location(range=node_range(node)),
    )


def _dtype_message(value: str) -> str:
    close = difflib.get_close_matches(value, sorted(DTYPES), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"'{value}' is not a dtype{hint}"


def _walk(
    root: yaml.Node, loc: tuple[Any, ...]
) -> tuple[yaml.Node, yaml.Node | None, list[Any]]:
    """Follow ``loc`` through the nodes: the node reached, the last mapping key node
    passed, and the parts of ``loc`` that matched."""
    node: yaml.Node = root
    key_node: yaml.Node | None = None
    matched: list[Any] = []
    for part in loc:
        nxt: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == part:
                    key_node, nxt = k, v
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(node.value)
        ):
            nxt = node.value[part]
        if nxt is None:
            break
        matched.append(part)
        node = nxt
    return node, key_node, matched


def _model_at(root: type[BaseModel], parts: list[Any]) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``parts`` under ``root``."""
    model: type[BaseModel] | None = root
    for part in parts:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        info = model.model_fields.get(str(part))
        model = _inner_model(info.annotation) if info is not None else None
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _finding(
    root: yaml.Node,
    loc: tuple[Any, ...],
    kind: str,
    msg: str,
    model: type[BaseModel],
    in_dtype: tuple[str, ...],
) -> Finding | None:
    target, key_node, matched = _walk(root, loc)
    field = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
    if kind == "extra_forbidden" and key_node is not None:
        owner = _model_at(model, matched[:-1])
        allowed = sorted(owner.model_fields) if owner else []
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        noun = NOUNS.get(owner.__name__, "element") if owner else "element"
        return finding(
            UNKNOWN_KEY,
            f"'{loc[-1]}' is not a key of {_a(noun)}{hint}",
            Location(range=node_range(key_node)),
        )
    if kind == "missing":
        owner = _model_at(model, matched)
        noun = NOUNS.get(owner.__name__, "element") if owner else "element"
        where = _first_key(target)
        if field == "doc":
            return finding(MISSING_DOC, f"this {noun} has no 'doc'", where)
        return finding(
            REJECTED, f"this {noun} has no '{field}', which is required", where
        )
    here = Location(range=node_range(target))
    if matched and matched[-1] == "quantity":
        return _quantity_finding(target)
    if "dtype" in matched or in_dtype:
        if isinstance(target, yaml.MappingNode) and kind == "enum":
            return None  # the branch of the union that wanted a dtype name
        if isinstance(target, yaml.ScalarNode) and matched and matched[-1] == "dtype":
            return finding(BAD_DTYPE, _dtype_message(str(target.value)), here)
        return finding(BAD_DTYPE, f"'{field}': {_lower(msg)}", here)
    return finding(REJECTED, f"'{field}': {_lower(msg)}", here)


def _lower(msg: str) -> str:
    return msg[:1].lower() + msg[1:]


def _scalar(node: yaml.Node) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else "..."


def _first_key(node: yaml.Node) -> Location:
    if isinstance(node, yaml.MappingNode) and node.value:
        return Location(range=node_range(node.value[0][0]))
    return Location(range=node_range(node))


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"
