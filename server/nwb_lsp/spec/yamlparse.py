"""YAML composed into nodes with positions, within limits, never raising.

PyYAML's own composer is recursive (10,000 nested ``[`` exhaust Python's stack; in
libyaml's C composer they overflow the C stack), lets an alias point into the node
it names (``- &g {groups: [*g]}``: a structure that contains itself, which every
walker then follows forever), and shares aliased nodes, so a few kilobytes of
aliases can stand for a billion values that validation would expand. So nodes are
built here from the parser's event stream (libyaml's C parser when PyYAML has it:
fast, and its events keep line and column) with an explicit stack, counting as it
goes: nesting depth, aliases and the number of values after expansion are checked
against ``Limits``, an alias inside the node it names is refused (``Y022``), and the
clock against the file's deadline.

What a spec reader would refuse to load is reported and neutralised, so turning the
nodes into data never raises either (``Y023``): tags other than the plain YAML
ones (``!!python/object/apply:...``, ``!custom``) — never executed, the value is
read as if untagged; a value its tag cannot be (``!!int abc``, a date like
``2021-13-45``, an integer of 5,000 digits) — read as text; a list or mapping as a
mapping key; a key given twice (hdmf's YAML reader refuses those). Merge keys
(``<<: *base``) are expanded as YAML readers do.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import yaml

from nwb_lsp.findings import Finding, Location, Range, Severity, define_code, finding
from nwb_lsp.spec.limits import (
    BEYOND_LIMIT,
    DEFAULT_LIMITS,
    NO_DEADLINE,
    TIMED_OUT,
    Deadline,
    Limits,
)
from nwb_lsp.spec.source import NOT_TEXT, locate
from nwb_lsp.spec.yamlkeys import UNREADABLE, at, pairs, short

SYNTAX = define_code("Y001", Severity.ERROR, "YAML syntax error", "spec")
RECURSIVE_ALIAS = define_code(
    "Y022",
    Severity.ERROR,
    "a YAML alias inside the node it names (a structure containing itself)",
    "spec",
)
_C_PARSER = hasattr(yaml, "CSafeLoader")
_LOADER: type = yaml.CSafeLoader if _C_PARSER else yaml.SafeLoader
_YAML = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP = (_YAML + t for t in ("str", "seq", "map"))
_SCALAR_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null")}
_IMPLICIT_TAGS = _SCALAR_TAGS | {_YAML + "timestamp"}
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_CHECK_EVERY = 4096  # events between looks at the clock


@dataclass
class Composed:
    """The root node of a document (``None`` when empty or refused) and findings."""

    root: yaml.Node | None = None
    findings: list[Finding] = field(default_factory=list)


class _Stop(Exception):
    """Composition ends here, with this finding."""

    def __init__(self, found: Finding) -> None:
        super().__init__(found.message)
        self.finding = found


def compose(
    text: str, limits: Limits = DEFAULT_LIMITS, deadline: Deadline = NO_DEADLINE
) -> Composed:
    """``text`` (one YAML document) as nodes; every problem is a finding."""
    out = Composed()
    text = _encodable(text, out.findings)
    composer = _Composer(limits, deadline, out.findings)
    try:
        with _no_gc():
            composer.run(yaml.parse(text, Loader=_LOADER))
    except _Stop as stop:
        out.findings.append(stop.finding)
        return out
    except yaml.YAMLError as exc:
        out.findings.append(_too_deep(exc, limits) or _syntax(exc, text))
        return out
    out.root = composer.root
    return out


@contextmanager
def _no_gc() -> Iterator[None]:
    """Nodes form no cycles; the collector's passes over a growing heap of them
    would only make a large file quadratic."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _encodable(text: str, findings: list[Finding]) -> str:
    """Text libyaml can take: a lone surrogate (an editor's broken UTF-16) is
    reported and replaced."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        line, column = locate(text, exc.start)
        findings.append(
            finding(
                NOT_TEXT,
                f"character U+{ord(text[exc.start]):04X} is not valid Unicode text",
                Location(range=Range.of(line, column, line, column + 1)),
            )
        )
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return text


def _too_deep(exc: yaml.YAMLError, limits: Limits) -> Finding | None:
    """libyaml's own nesting limit (PyYAML 6.0.4 and newer): its scanner reads a
    flow collection's text ahead of the events, so on ``[[[[...`` it can stop
    before the composer sees the level past ``max_depth``. The file is beyond the
    limit either way: the same finding, where libyaml stopped."""
    if not isinstance(exc, yaml.MarkedYAMLError):
        return None
    if "nesting depth" not in f"{exc.context} {exc.problem}":
        return None
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line, mark.column) if mark else (0, 0)
    return finding(
        BEYOND_LIMIT,
        f"lists and mappings nested deeper than {limits.max_depth} levels; the "
        "file is not checked further",
        Location(range=Range.of(line, column, line, column + 1)),
    )


def _syntax(exc: yaml.YAMLError, text: str) -> Finding:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line, mark.column) if mark else (0, 0)
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
    elif isinstance(exc, yaml.reader.ReaderError):
        index = exc.position
        if _C_PARSER:  # libyaml counts bytes of UTF-8
            index = len(text.encode("utf-8")[:index].decode("utf-8", "ignore"))
        line, column = locate(text, index)
        char = exc.character
        code = char if isinstance(char, int) else ord(char[:1] or "\0")
        message = f"character U+{code:04X} is not allowed in YAML ({exc.reason})"
    else:
        line, column, message = 0, 0, ""
    where = Location(range=Range.of(line, column, line, column + 1))
    return finding(SYNTAX, f"YAML syntax error: {message or exc}", where)


@dataclass
class _Frame:
    """A list or mapping being composed."""

    event: yaml.CollectionStartEvent
    tag: str
    size: int = 1
    items: list[yaml.Node] = field(default_factory=list)


class _Composer:
    """Nodes from parser events with an explicit stack; see the module docstring."""

    def __init__(
        self, limits: Limits, deadline: Deadline, findings: list[Finding]
    ) -> None:
        self.limits, self.deadline, self.findings = limits, deadline, findings
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[yaml.Node, int]] = {}
        self.total = 0
        self.aliases = 0
        self.documents = 0
        self.root: yaml.Node | None = None

    def run(self, events: Iterable[yaml.Event]) -> None:
        handlers = {
            yaml.ScalarEvent: self._scalar,
            yaml.SequenceStartEvent: self._open,
            yaml.MappingStartEvent: self._open,
            yaml.SequenceEndEvent: self._close,
            yaml.MappingEndEvent: self._close,
            yaml.AliasEvent: self._alias,
            yaml.DocumentStartEvent: self._document,
        }
        for count, event in enumerate(events):
            if not count % _CHECK_EVERY and self.deadline.passed():
                raise _Stop(at(TIMED_OUT, self.deadline.message(), event.start_mark))
            handler = handlers.get(type(event))
            if handler is not None:
                handler(event)

    def _document(self, event: yaml.Event) -> None:
        self.documents += 1
        if self.documents > 1:
            message = "expected a single document in the stream, found another here"
            raise _Stop(at(SYNTAX, f"YAML syntax error: {message}", event.start_mark))

    def _count(self, size: int, event: yaml.Event) -> None:
        self.total += size
        if self.total > self.limits.max_nodes:
            raise _Stop(
                at(
                    BEYOND_LIMIT,
                    f"more than {self.limits.max_nodes:,} values once aliases are "
                    "expanded (an alias bomb?); the file is not checked further",
                    event.start_mark,
                    event.end_mark,
                )
            )

    def _add(self, node: yaml.Node, size: int, anchor: str | None) -> None:
        if anchor is not None:
            self.anchors[anchor] = (node, size)
        if self.stack:
            frame = self.stack[-1]
            frame.items.append(node)
            frame.size += size
        else:
            self.root = node

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        # The hot path of a large file: most values are plain text.
        self._count(1, event)
        value, tag = event.value, event.tag
        if tag is None or tag == "!":
            tag = _implicit(value) if not event.style else _STR
        elif tag not in _SCALAR_TAGS:
            self._refuse(event, f"the tag '{tag}' is not used in spec YAML")
            tag = _implicit(value) if not event.style else _STR
        node = yaml.ScalarNode(
            tag, value, event.start_mark, event.end_mark, event.style
        )
        if tag != _STR:
            node.tag = self._checked(node, event)
        self._add(node, 1, event.anchor)

    def _checked(self, node: yaml.ScalarNode, event: yaml.ScalarEvent) -> str:
        """The node's tag if its value can be that, else text (with a finding)."""
        try:
            _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
        except Exception as exc:  # whatever the constructor objects to
            kind = node.tag.removeprefix(_YAML)
            value = short(event.value)
            self._refuse(event, f"'{value}' is not a valid {kind} ({exc})")
            return _STR
        return str(node.tag)

    def _refuse(self, event: yaml.Event, why: str) -> None:
        self.findings.append(
            at(
                UNREADABLE,
                f"{why}; it is read as plain text",
                event.start_mark,
                event.end_mark,
            )
        )

    def _open(self, event: yaml.CollectionStartEvent) -> None:
        if len(self.stack) >= self.limits.max_depth:
            raise _Stop(
                at(
                    BEYOND_LIMIT,
                    f"lists and mappings nested deeper than {self.limits.max_depth} "
                    "levels; the file is not checked further",
                    event.start_mark,
                    event.end_mark,
                )
            )
        self._count(1, event)
        mapping = isinstance(event, yaml.MappingStartEvent)
        default = _MAP if mapping else _SEQ
        tag = event.tag
        if tag not in (None, "!", default):
            self.findings.append(
                at(
                    UNREADABLE,
                    f"the tag '{tag}' is not used in spec YAML; it is read as a plain "
                    f"{'mapping' if mapping else 'list'}",
                    event.start_mark,
                    event.end_mark,
                )
            )
        if event.anchor is not None:
            self.anchors.pop(event.anchor, None)  # open: an alias to it is recursive
        self.stack.append(_Frame(event, default))

    def _close(self, event: yaml.CollectionEndEvent) -> None:
        frame = self.stack.pop()
        start = frame.event
        node: yaml.Node
        if isinstance(start, yaml.MappingStartEvent):
            values = pairs(frame.items, self.findings)
            node = yaml.MappingNode(
                frame.tag, values, start.start_mark, event.end_mark, start.flow_style
            )
        else:
            node = yaml.SequenceNode(
                frame.tag,
                frame.items,
                start.start_mark,
                event.end_mark,
                start.flow_style,
            )
        self._add(node, frame.size, start.anchor)

    def _alias(self, event: yaml.AliasEvent) -> None:
        self.aliases += 1
        if self.aliases > self.limits.max_aliases:
            raise _Stop(
                at(
                    BEYOND_LIMIT,
                    f"more than {self.limits.max_aliases:,} aliases; the file is not "
                    "checked further",
                    event.start_mark,
                    event.end_mark,
                )
            )
        name = str(event.anchor)
        if any(f.event.anchor == name for f in self.stack):
            self.findings.append(
                at(
                    RECURSIVE_ALIAS,
                    f"alias '*{name}' is inside the node '&{name}' it names: the "
                    "structure would contain itself; it is read as null",
                    event.start_mark,
                    event.end_mark,
                )
            )
            null = yaml.ScalarNode(_YAML + "null", "", event.start_mark, event.end_mark)
            self._count(1, event)
            self._add(null, 1, None)
            return
        if name not in self.anchors:
            message = f"YAML syntax error: found undefined alias '*{name}'"
            raise _Stop(at(SYNTAX, message, event.start_mark, event.end_mark))
        node, size = self.anchors[name]
        self._count(size, event)
        self._add(node, size, None)


def _implicit(value: str) -> str:
    """The tag YAML gives a plain scalar (``12`` an int, ``true`` a bool), as
    PyYAML's resolver does; tags without a safe constructor (PyYAML's ``=``
    "value" tag, ``<<`` outside a key) stay text."""
    for tag, pattern in _RESOLVERS.get(value[:1], ()):
        if pattern.match(value):
            return str(tag) if tag in _IMPLICIT_TAGS else _STR
    return _STR
