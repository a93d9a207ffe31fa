"""Completion and symbols for spec YAML, as pure functions over the workspace.

Completion looks at the line up to the cursor: after ``neurodata_type_inc:`` /
``target_type:`` it offers type names in scope (with their docs), after ``dtype:`` the
dtypes, after ``quantity:`` the quantity values, and otherwise the keys valid for the
innermost element (group, dataset, attribute, link) around the cursor. Symbols are
the tree of types, groups, datasets, attributes and links.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nwb_lsp.findings import Position, Range
from nwb_lsp.spec import rules
from nwb_lsp.spec.document import Element, SpecDocument, node_range


@dataclass(frozen=True)
class Completion:
    label: str
    kind: str  # "type" | "key" | "value"
    detail: str = ""
    documentation: str = ""


@dataclass
class SymbolNode:
    name: str
    kind: str  # "type" | "group" | "dataset" | "attribute" | "link"
    range: Range
    selection: Range
    children: list[SymbolNode] = field(default_factory=list)


TYPE_KEYS = ("neurodata_type_inc:", "data_type_inc:", "target_type:")


def _contains(r: Range, pos: Position) -> bool:
    return (
        (r.start.line, r.start.character)
        <= (pos.line, pos.character)
        <= (r.end.line, r.end.character)
    )


def innermost(document: SpecDocument, pos: Position) -> Element | None:
    found = None
    for element in document.elements:
        if _contains(element.range, pos):
            found = element  # nested elements come after their parents
    return found


def complete(
    document: SpecDocument, pos: Position, types: list[tuple[str, str]]
) -> list[Completion]:
    lines = document.text.splitlines()
    before = lines[pos.line][: pos.character] if pos.line < len(lines) else ""
    stripped = before.strip().lstrip("- ")
    if stripped.startswith(TYPE_KEYS) or "target_type:" in stripped:
        return [Completion(name, "type", "NWB type", doc) for name, doc in types]
    if stripped.startswith("dtype:"):
        return [Completion(d, "value", "dtype") for d in sorted(rules.DTYPES)]
    if stripped.startswith("quantity:"):
        return [Completion(q, "value", "quantity") for q in ("*", "+", "?", "1")]
    element = innermost(document, pos)
    kind = element.kind if element is not None else "group"
    present = {k for k, _, _ in element.items()} if element is not None else set()
    return [
        Completion(k, "key", f"{kind} key")
        for k in sorted(rules.KEYS[kind])
        if k not in present
    ]


def symbols(document: SpecDocument) -> list[SymbolNode]:
    nodes: dict[int, SymbolNode] = {}
    roots: list[SymbolNode] = []
    for element in document.elements:
        name = (
            element.type_name
            or element.scalar("name")
            or (
                element.scalar("neurodata_type_inc")
                or element.scalar("data_type_inc")
                or element.kind
            )
        )
        key = (
            element.get("neurodata_type_def")
            or element.get("data_type_def")
            or (element.get("name"))
        )
        selection = node_range(key) if key is not None else element.range
        kind = "type" if element.type_name else element.kind
        node = SymbolNode(name, kind, element.range, selection)
        nodes[id(element)] = node
        parent = nodes.get(id(element.parent)) if element.parent else None
        (parent.children if parent else roots).append(node)
    return roots
