"""A spec YAML document parsed with positions: definitions, uses, and its tree.

NWB specs are YAML: a namespace file (``namespaces:``) or a schema file (``groups:``
/``datasets:``). The YAML is composed into nodes within limits (``yamlparse``: each
node keeps its start and end line/column, 0-based like LSP) and walked once,
recording:

* every type definition (``neurodata_type_def``/``data_type_def``) with the range of
  its name — at any depth: a type may be defined inside another type, also under
  untyped subgroups (the NWB core up to 2.2 defines ``Subject`` in ``NWBFile``'s
  ``general``), and is a type of its namespace like any other;
* every type use (``neurodata_type_inc``/``data_type_inc``, ``target_type``) with the
  range of the name;
* every spec element (group, dataset, attribute, link) as a mapping node, so rules
  can look at its keys with their ranges;
* what reading the text found (a syntax error, undecodable bytes, a limit) as
  findings, in ``problems``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nwb_lsp.findings import Finding, Location, Range, finding
from nwb_lsp.spec.limits import (
    BEYOND_LIMIT,
    DEFAULT_LIMITS,
    NO_DEADLINE,
    Deadline,
    Limits,
)
from nwb_lsp.spec.yamlparse import compose

DEF_KEYS = ("neurodata_type_def", "data_type_def")
INC_KEYS = ("neurodata_type_inc", "data_type_inc")
ELEMENT_LISTS = {
    "groups": "group",
    "datasets": "dataset",
    "attributes": "attribute",
    "links": "link",
}


def node_range(node: yaml.Node) -> Range:
    start, end = node.start_mark, node.end_mark
    return Range.of(start.line, start.column, end.line, end.column)


def to_data(node: yaml.Node | None) -> Any:
    """A composed node as Python data (lists, dicts, text, numbers). Composition
    has made every tag and key constructible, so this does not raise."""
    if node is None:
        return None
    return yaml.constructor.SafeConstructor().construct_document(node)


@dataclass(frozen=True)
class Symbol:
    """A type name at a place: a definition or a use."""

    name: str
    range: Range
    key: str  # the key it appeared under, e.g. "neurodata_type_inc"


@dataclass(eq=False)
class Element:
    """One spec element (group/dataset/attribute/link) as its YAML mapping, with
    the elements listed under it (``kids["datasets"]``...)."""

    kind: str
    node: yaml.MappingNode
    parent: Element | None = None
    kids: dict[str, list[Element]] = field(default_factory=dict, repr=False)
    _keys: dict[str, yaml.Node] | None = field(default=None, init=False, repr=False)
    _named: dict[str, dict[str, Element]] = field(
        default_factory=dict, init=False, repr=False
    )

    def items(self) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
        for key, value in self.node.value:
            if isinstance(key, yaml.ScalarNode):
                yield str(key.value), key, value

    def get(self, name: str) -> yaml.Node | None:
        if self._keys is None:  # rules ask many times; the mapping never changes
            self._keys = {}
            for key, _, value in self.items():
                self._keys.setdefault(key, value)
        return self._keys.get(name)

    def child(self, key: str, name: str) -> Element | None:
        """The (first) element named ``name`` in this element's ``key`` list."""
        named = self._named.get(key)
        if named is None:
            named = self._named[key] = {}
            for kid in self.kids.get(key, ()):
                if kid.name is not None:
                    named.setdefault(kid.name, kid)
        return named.get(name)

    @property
    def name(self) -> str | None:
        return self.scalar("name")

    def scalar(self, name: str) -> str | None:
        node = self.get(name)
        return str(node.value) if isinstance(node, yaml.ScalarNode) else None

    @property
    def type_name(self) -> str | None:
        symbol = self.definition
        return symbol.name if symbol is not None else None

    @property
    def definition(self) -> Symbol | None:
        """The type this element defines, with the range of its name."""
        for key in DEF_KEYS:
            node = self.get(key)
            if isinstance(node, yaml.ScalarNode):
                return Symbol(str(node.value), node_range(node), key)
        return None

    @property
    def parent_type(self) -> str | None:
        """The type this element includes (extends, or is an instance of)."""
        return self.scalar("neurodata_type_inc") or self.scalar("data_type_inc")

    @property
    def range(self) -> Range:
        return node_range(self.node)


@dataclass
class SpecDocument:
    path: str
    text: str
    root: yaml.Node | None = None
    problems: list[Finding] = field(default_factory=list)
    definitions: list[Symbol] = field(default_factory=list)
    uses: list[Symbol] = field(default_factory=list)
    elements: list[Element] = field(default_factory=list)
    kind: str = "unknown"  # namespace | schema | unknown
    _entries: list[NamespaceEntry] | None = field(default=None, repr=False)

    @classmethod
    def parse(
        cls,
        path: str | Path,
        text: str,
        *,
        limits: Limits = DEFAULT_LIMITS,
        deadline: Deadline = NO_DEADLINE,
        problems: tuple[Finding, ...] = (),
    ) -> SpecDocument:
        """``text`` as a document; ``problems`` are what reading it found already
        (decoding). Never raises: what is wrong with the text becomes a finding."""
        doc = cls(str(path), text, problems=list(problems))
        if len(text) > limits.max_bytes:
            doc.problems.append(_too_large(len(text), limits))
            return doc
        composed = compose(text, limits, deadline)
        doc.problems.extend(composed.findings)
        doc.root = composed.root
        doc._walk_root()
        return doc

    def _walk_root(self) -> None:
        if not isinstance(self.root, yaml.MappingNode):
            return
        keys = {k.value for k, _ in self.root.value if isinstance(k, yaml.ScalarNode)}
        if "namespaces" in keys:
            self.kind = "namespace"
        elif keys & {"groups", "datasets"}:
            self.kind = "schema"
        for key, value in self.root.value:
            if isinstance(key, yaml.ScalarNode) and key.value in ("groups", "datasets"):
                self._walk_list(value, ELEMENT_LISTS[key.value], None)

    def _walk_list(self, node: yaml.Node, kind: str, parent: Element | None) -> None:
        if not isinstance(node, yaml.SequenceNode):
            return
        for item in node.value:
            if isinstance(item, yaml.MappingNode):
                element = Element(kind, item, parent)
                if parent is not None:
                    parent.kids.setdefault(f"{kind}s", []).append(element)
                self._walk_element(element)

    def _walk_element(self, element: Element) -> None:
        self.elements.append(element)
        for key, _key_node, value in element.items():
            if key in DEF_KEYS and isinstance(value, yaml.ScalarNode):
                self.definitions.append(
                    Symbol(str(value.value), node_range(value), key)
                )
            elif key in (*INC_KEYS, "target_type") and isinstance(
                value, yaml.ScalarNode
            ):
                self.uses.append(Symbol(str(value.value), node_range(value), key))
            elif key == "dtype" and isinstance(value, yaml.MappingNode):
                self._dtype_uses(value)
            elif key == "dtype" and isinstance(value, yaml.SequenceNode):
                for field_node in value.value:
                    if isinstance(field_node, yaml.MappingNode):
                        for k, v in field_node.value:
                            if k.value == "dtype" and isinstance(v, yaml.MappingNode):
                                self._dtype_uses(v)
            elif key in ELEMENT_LISTS:
                self._walk_list(value, ELEMENT_LISTS[key], element)

    def _dtype_uses(self, node: yaml.MappingNode) -> None:
        for k, v in node.value:
            if k.value == "target_type" and isinstance(v, yaml.ScalarNode):
                self.uses.append(Symbol(str(v.value), node_range(v), "target_type"))

    def namespace_entries(self) -> list[NamespaceEntry]:
        """Each namespace a namespace document declares, with its schema entries
        (read once: several rules ask, and a document never changes)."""
        if self._entries is None:
            self._entries = []
            root = self.root
            if self.kind == "namespace" and isinstance(root, yaml.MappingNode):
                for key, value in root.value:
                    if key.value == "namespaces" and isinstance(
                        value, yaml.SequenceNode
                    ):
                        self._entries.extend(
                            _namespace_entry(ns)
                            for ns in value.value
                            if isinstance(ns, yaml.MappingNode)
                        )
        return list(self._entries)

    def sources(self) -> list[str]:
        """The ``source`` files a namespace document lists."""
        return [
            value
            for entry in self.namespace_entries()
            for kind, value, _ in entry.parts
            if kind == "source"
        ]

    def symbol_at(self, line: int, character: int) -> Symbol | None:
        for symbol in (*self.definitions, *self.uses):
            r = symbol.range
            if (
                r.start.line == line
                and r.start.character <= character <= r.end.character
            ):
                return symbol
        return None


def _too_large(size: int, limits: Limits) -> Finding:
    return finding(
        BEYOND_LIMIT,
        f"the document has {size:,} characters; spec files larger than "
        f"{limits.max_bytes / 1e6:.1f} MB are not checked",
        Location(range=Range.of(0, 0, 0, 0)),
    )


@dataclass(frozen=True)
class NamespaceEntry:
    """One declared namespace: its name, version and schema entries, in order, as
    ``("source" | "namespace", value, range of the value)``."""

    name: str | None
    name_range: Range | None
    parts: tuple[tuple[str, str, Range], ...]
    version: str | None = None
    node: yaml.MappingNode | None = field(default=None, compare=False, repr=False)


def _namespace_entry(ns: yaml.MappingNode) -> NamespaceEntry:
    name: str | None = None
    name_range: Range | None = None
    version: str | None = None
    parts: list[tuple[str, str, Range]] = []
    for key, value in ns.value:
        if key.value == "name" and isinstance(value, yaml.ScalarNode):
            name, name_range = str(value.value), node_range(value)
        if key.value == "version" and isinstance(value, yaml.ScalarNode):
            version = str(value.value)
        if key.value == "schema" and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                if not isinstance(item, yaml.MappingNode):
                    continue
                for k, v in item.value:
                    if k.value in ("source", "namespace") and isinstance(
                        v, yaml.ScalarNode
                    ):
                        parts.append((str(k.value), str(v.value), node_range(v)))
    return NamespaceEntry(name, name_range, tuple(parts), version, ns)
