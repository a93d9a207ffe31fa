"""A spec YAML document parsed with positions: definitions, uses, and its tree.

NWB specs are YAML: a namespace file (``namespaces:``) or a schema file (``groups:``
/``datasets:``). We compose the YAML into nodes (PyYAML keeps each node's start and
end line/column, 0-based like LSP) and walk them once, recording:

* every type definition (``neurodata_type_def``/``data_type_def``) with the range of
  its name;
* every type use (``neurodata_type_inc``/``data_type_inc``, ``target_type``) with the
  range of the name;
* every spec element (group, dataset, attribute, link) as a mapping node, so rules
  can look at its keys with their ranges;
* a YAML syntax error, if any, at its position.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from nwb_lsp.findings import Range

DEF_KEYS = ("neurodata_type_def", "data_type_def")
INC_KEYS = ("neurodata_type_inc", "data_type_inc")
# libyaml's composer is ~15x faster than PyYAML's and gives the same node marks
# (line and column in code points); re-parsing on every keystroke needs it.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ELEMENT_LISTS = {
    "groups": "group",
    "datasets": "dataset",
    "attributes": "attribute",
    "links": "link",
}


@lru_cache(maxsize=4096)
def resolved(path: str | Path) -> Path:
    """``Path(path).resolve()``, remembered: the cross-file rules compare the same
    few files' real paths hundreds of times per edit (a symlink changed during a
    session is seen after a restart)."""
    return Path(path).resolve()


def node_range(node: yaml.Node) -> Range:
    start, end = node.start_mark, node.end_mark
    return Range.of(start.line, start.column, end.line, end.column)


@dataclass(frozen=True)
class Symbol:
    """A type name at a place: a definition or a use."""

    name: str
    range: Range
    key: str  # the key it appeared under, e.g. "neurodata_type_inc"


@dataclass
class Element:
    """One spec element (group/dataset/attribute/link) as its YAML mapping."""

    kind: str
    node: yaml.MappingNode
    parent: Element | None = None

    def __post_init__(self) -> None:
        # The rules look keys up thousands of times per edit: index them once
        # (of duplicate keys the first wins, as it did for a search of the list).
        self._values: dict[str, yaml.Node] = {}
        for key, value in self.node.value:
            if isinstance(key, yaml.ScalarNode):
                self._values.setdefault(str(key.value), value)

    def items(self) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
        for key, value in self.node.value:
            if isinstance(key, yaml.ScalarNode):
                yield str(key.value), key, value

    def get(self, name: str) -> yaml.Node | None:
        return self._values.get(name)

    def scalar(self, name: str) -> str | None:
        node = self.get(name)
        return str(node.value) if isinstance(node, yaml.ScalarNode) else None

    @property
    def type_name(self) -> str | None:
        for key in DEF_KEYS:
            if (value := self.scalar(key)) is not None:
                return value
        return None

    @property
    def range(self) -> Range:
        return node_range(self.node)


@dataclass
class SpecDocument:
    path: str
    text: str
    root: yaml.Node | None = None
    syntax_error: tuple[str, Range] | None = None
    definitions: list[Symbol] = field(default_factory=list)
    uses: list[Symbol] = field(default_factory=list)
    elements: list[Element] = field(default_factory=list)
    kind: str = "unknown"  # namespace | schema | unknown

    @classmethod
    def parse(cls, path: str | Path, text: str) -> SpecDocument:
        doc = cls(str(path), text)
        try:
            doc.root = yaml.compose(text, Loader=LOADER)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line, mark.column) if mark else (0, 0)
            message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
            doc.syntax_error = (message or str(exc), Range.of(line, col, line, col + 1))
            return doc
        except yaml.YAMLError as exc:
            doc.syntax_error = (str(exc), Range.of(0, 0, 0, 1))
            return doc
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
                self._walk_element(Element(kind, item, parent))

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
        """Each namespace a namespace document declares, with its schema entries."""
        out: list[NamespaceEntry] = []
        if self.kind != "namespace" or not isinstance(self.root, yaml.MappingNode):
            return out
        for key, value in self.root.value:
            if key.value != "namespaces" or not isinstance(value, yaml.SequenceNode):
                continue
            for ns in value.value:
                if isinstance(ns, yaml.MappingNode):
                    out.append(_namespace_entry(ns))
        return out

    def sources(self) -> list[str]:
        """The ``source`` files a namespace document lists."""
        out: list[str] = []
        if self.kind != "namespace" or not isinstance(self.root, yaml.MappingNode):
            return out
        for key, value in self.root.value:
            if key.value != "namespaces" or not isinstance(value, yaml.SequenceNode):
                continue
            for ns in value.value:
                out.extend(_schema_sources(ns))
        return out

    def symbol_at(self, line: int, character: int) -> Symbol | None:
        for symbol in (*self.definitions, *self.uses):
            r = symbol.range
            if (
                r.start.line == line
                and r.start.character <= character <= r.end.character
            ):
                return symbol
        return None


@dataclass(frozen=True)
class NamespaceEntry:
    """One declared namespace: its name and its schema entries, in order, as
    ``("source" | "namespace", value, range of the value)``."""

    name: str | None
    name_range: Range | None
    parts: tuple[tuple[str, str, Range], ...]


def _namespace_entry(ns: yaml.MappingNode) -> NamespaceEntry:
    name: str | None = None
    name_range: Range | None = None
    parts: list[tuple[str, str, Range]] = []
    for key, value in ns.value:
        if key.value == "name" and isinstance(value, yaml.ScalarNode):
            name, name_range = str(value.value), node_range(value)
        if key.value == "schema" and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                if not isinstance(item, yaml.MappingNode):
                    continue
                for k, v in item.value:
                    if k.value in ("source", "namespace") and isinstance(
                        v, yaml.ScalarNode
                    ):
                        parts.append((str(k.value), str(v.value), node_range(v)))
    return NamespaceEntry(name, name_range, tuple(parts))


def _schema_sources(ns: yaml.Node) -> list[str]:
    out: list[str] = []
    if not isinstance(ns, yaml.MappingNode):
        return out
    for key, value in ns.value:
        if key.value == "schema" and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                if isinstance(item, yaml.MappingNode):
                    out.extend(
                        str(v.value)
                        for k, v in item.value
                        if k.value == "source" and isinstance(v, yaml.ScalarNode)
                    )
    return out
