"""Mapping keys as spec readers see them, and where a YAML problem is.

Composition (``yamlparse``) hands each mapping's keys and values here: merge keys
(``<<: *base``) are expanded as YAML readers do (the mapping's own keys win, then the
first merge source that sets a key); a list or mapping used as a key, and a key given
twice (hdmf's YAML reader refuses repeated keys; PyYAML would silently keep the
last), are reported (``Y023``) and dropped, keeping the first of a key.
"""

from __future__ import annotations

import yaml

from nwb_lsp.findings import Finding, Location, Range, Severity, define_code, finding

UNREADABLE = define_code(
    "Y023",
    Severity.ERROR,
    "YAML a spec reader refuses: a tag such as !!python/..., a value its tag "
    "cannot be, a list or mapping as a key, a key given twice",
    "spec",
)


def mark_range(start: yaml.Mark, end: yaml.Mark | None = None) -> Range:
    """The range between two parser marks (one character when they meet)."""
    end = end or start
    if (end.line, end.column) == (start.line, start.column):
        return Range.of(start.line, start.column, start.line, start.column + 1)
    return Range.of(start.line, start.column, end.line, end.column)


def at(
    code: str, message: str, start: yaml.Mark, end: yaml.Mark | None = None
) -> Finding:
    """A finding between two parser marks."""
    return finding(code, message, Location(range=mark_range(start, end)))


def pairs(
    items: list[yaml.Node], findings: list[Finding]
) -> list[tuple[yaml.Node, yaml.Node]]:
    """A mapping's key/value pairs: merge keys expanded, keys that are not plain
    values and repeated keys reported and dropped (the first of a key is kept)."""
    merged: list[tuple[yaml.Node, yaml.Node]] = []
    own: list[tuple[yaml.Node, yaml.Node]] = []
    for key, value in zip(items[::2], items[1::2], strict=True):
        if _is_merge(key):
            merged.extend(_merge_sources(key, value, findings))
        elif not isinstance(key, yaml.ScalarNode):
            findings.append(
                at(
                    UNREADABLE,
                    "a mapping key must be a plain value, not a list or mapping; "
                    "this entry is ignored",
                    key.start_mark,
                    key.end_mark,
                )
            )
        else:
            own.append((key, value))
    return _unique(own, findings) + _inherited(merged, own)


def _unique(
    pairs: list[tuple[yaml.Node, yaml.Node]], findings: list[Finding]
) -> list[tuple[yaml.Node, yaml.Node]]:
    seen: dict[str, yaml.Node] = {}
    out = []
    for key, value in pairs:
        first = seen.get(key.value)
        if first is None:
            seen[key.value] = key
            out.append((key, value))
            continue
        findings.append(
            at(
                UNREADABLE,
                f"key '{short(key.value)}' is given twice (first on line "
                f"{first.start_mark.line + 1}); hdmf refuses repeated keys, and this "
                "one is ignored",
                key.start_mark,
                key.end_mark,
            )
        )
    return out


def _inherited(
    merged: list[tuple[yaml.Node, yaml.Node]], own: list[tuple[yaml.Node, yaml.Node]]
) -> list[tuple[yaml.Node, yaml.Node]]:
    """Merged pairs a mapping does not set itself (its own keys win, and the first
    merge source that sets a key wins over later ones)."""
    taken = {k.value for k, _ in own}
    out = []
    for key, value in merged:
        if key.value not in taken:
            taken.add(key.value)
            out.append((key, value))
    return out


def _is_merge(key: yaml.Node) -> bool:
    """A plain ``<<`` key (PyYAML would tag it merge; it is kept as text here)."""
    return isinstance(key, yaml.ScalarNode) and key.value == "<<" and not key.style


def _merge_sources(
    key: yaml.Node, value: yaml.Node, findings: list[Finding]
) -> list[tuple[yaml.Node, yaml.Node]]:
    sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
    if all(isinstance(s, yaml.MappingNode) for s in sources):
        return [pair for source in sources for pair in source.value]
    findings.append(
        at(
            UNREADABLE,
            "a merge key '<<' takes a mapping or a list of mappings; it is ignored",
            key.start_mark,
            value.end_mark,
        )
    )
    return []


def short(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[: size - 3] + "..."
