"""Findings: what every check in nwb-lsp reports, as plain frozen values.

A *finding* is one problem (or note) about a file: a stable rule code, a severity,
a human message and where it is. Where it is depends on the kind of file:

* in an NWB (HDF5) file, an HDF5 path such as ``/acquisition/ts/data`` — never empty,
  the root is ``/``;
* in a spec YAML document, a 0-based LSP-style range (line, UTF-16-agnostic character
  column as Python string index; the LSP layer converts to the negotiated encoding).

Findings know nothing about LSP, SARIF or terminals: ``lsp/`` turns them into
``Diagnostic`` objects and the CLI into text, JSON, SARIF or GitHub annotations.

Rule codes are registered once, with their default severity and a one-line summary,
by the module that owns the rule (``define_code``); ``docs/codes.md`` is generated
from this registry.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class _PickledByFields:
    """Pickled as its class and the values of its fields, so that unpickling calls
    the constructor: several times faster than a slotted dataclass's state, which
    matters for reports of thousands of findings coming back from workers."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        names = self.__dataclass_fields__  # type: ignore[attr-defined]
        return type(self), tuple(getattr(self, name) for name in names)


@dataclass(frozen=True, slots=True, order=True)
class Position(_PickledByFields):
    """A 0-based line and character offset (as in LSP)."""

    line: int
    character: int

    def to_dict(self) -> dict[str, int]:
        return {"line": self.line, "character": self.character}


@dataclass(frozen=True, slots=True, order=True)
class Range(_PickledByFields):
    start: Position
    end: Position

    @classmethod
    def of(cls, line: int, col: int, end_line: int, end_col: int) -> Range:
        return cls(Position(line, col), Position(end_line, end_col))

    def to_dict(self) -> dict[str, dict[str, int]]:
        return {"start": self.start.to_dict(), "end": self.end.to_dict()}


@dataclass(frozen=True, slots=True)
class Location(_PickledByFields):
    """Where a finding is: an HDF5 path or a text range, optionally in another file.

    ``file`` is ``None`` for "the file being checked"; related locations that point
    elsewhere (an external link's target file, a type defined in another YAML file)
    carry that file's path.
    """

    hdf5_path: str | None = None
    range: Range | None = None
    file: str | None = None

    def __post_init__(self) -> None:
        if self.hdf5_path is None and self.range is None:
            raise ValueError("a Location needs an hdf5_path or a range")
        if self.hdf5_path == "":
            raise ValueError("an HDF5 location is never empty; the root is '/'")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.hdf5_path is not None:
            out["hdf5_path"] = self.hdf5_path
        if self.range is not None:
            out["range"] = self.range.to_dict()
        if self.file is not None:
            out["file"] = self.file
        return out


@dataclass(frozen=True, slots=True)
class Related(_PickledByFields):
    """A location connected to a finding (the referenced target, the parent type)."""

    location: Location
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"location": self.location.to_dict(), "message": self.message}


@dataclass(frozen=True, slots=True)
class SpecRef(_PickledByFields):
    """The spec a rule applied: namespace, its version and the type concerned."""

    namespace: str | None = None
    version: str | None = None
    neurodata_type: str | None = None

    def to_dict(self) -> dict[str, str]:
        pairs = {
            "namespace": self.namespace,
            "version": self.version,
            "neurodata_type": self.neurodata_type,
        }
        return {k: v for k, v in pairs.items() if v is not None}


@dataclass(frozen=True, slots=True)
class Inspector(_PickledByFields):
    """The nwbinspector check a best-practice finding corresponds to, and its
    importance (``CRITICAL``, ``BEST_PRACTICE_VIOLATION``,
    ``BEST_PRACTICE_SUGGESTION``), so nwbinspector users can map their habits."""

    check: str
    importance: str

    def to_dict(self) -> dict[str, str]:
        return {"check": self.check, "importance": self.importance}


IMPORTANCE_SEVERITY = {
    "CRITICAL": Severity.ERROR,
    "BEST_PRACTICE_VIOLATION": Severity.WARNING,
    "BEST_PRACTICE_SUGGESTION": Severity.INFO,
}


@dataclass(frozen=True, slots=True)
class Finding(_PickledByFields):
    code: str
    severity: Severity
    message: str
    location: Location
    related: tuple[Related, ...] = ()
    spec: SpecRef | None = None
    inspector: Inspector | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "location": self.location.to_dict(),
            "related": [r.to_dict() for r in self.related],
        }
        if self.spec is not None:
            out["spec"] = self.spec.to_dict()
        if self.inspector is not None:
            out["inspector"] = self.inspector.to_dict()
        return out

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

    @property
    def sort_key(self) -> tuple[Any, ...]:
        loc = self.location
        where = (
            loc.range.start.line if loc.range else -1,
            loc.range.start.character if loc.range else -1,
            loc.hdf5_path or "",
        )
        return (*where, self.severity.rank, self.code, self.message)


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    severity: Severity
    summary: str
    area: str


CODES: dict[str, CodeInfo] = {}
CODES_DOC = "https://github.com/nwb-lsp/nwb-lsp/blob/main/docs/codes.md"


def code_url(code: str) -> str:
    """Where a code is explained: its anchor in docs/codes.md."""
    return f"{CODES_DOC}#{code.lower()}"


def define_code(code: str, severity: Severity, summary: str, area: str) -> str:
    """Register a rule code once; returns the code so modules can keep a constant."""
    existing = CODES.get(code)
    if existing is not None and existing.summary != summary:
        raise ValueError(f"rule code {code} defined twice: {existing.summary!r}")
    CODES[code] = CodeInfo(code, severity, summary, area)
    return code


def finding(
    code: str,
    message: str,
    location: Location,
    *,
    related: Iterable[Related] = (),
    spec: SpecRef | None = None,
    severity: Severity | None = None,
    inspector: Inspector | None = None,
) -> Finding:
    """Build a finding with the code's registered default severity."""
    sev = severity if severity is not None else CODES[code].severity
    return Finding(code, sev, message, location, tuple(related), spec, inspector)


def dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """Drop exact repeats (same code, location and message), keep order stable."""
    seen: set[tuple[str, Location, str]] = set()
    out: list[Finding] = []
    for f in findings:
        key = (f.code, f.location, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


@dataclass(slots=True)
class FindingFilter:
    """``--select``/``--ignore`` and severity overrides, shared by CLI and server.

    Codes match by prefix, like ruff: ``G`` selects every graph rule, ``G003`` one;
    in any case (``m010`` is ``M010``), since codes are upper case.

    Best-practice checks (the ``B`` family) run when ``best_practices`` is set or
    ``select`` names a ``B`` code. ``importance`` maps a B code to the nwbinspector
    importance a configuration gives its check (its severity follows);
    ``threshold`` drops findings less severe than it.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity_overrides: dict[str, Severity] = field(default_factory=dict)
    best_practices: bool = False
    importance: dict[str, str] = field(default_factory=dict)
    threshold: Severity | None = None

    def __post_init__(self) -> None:
        self.select = tuple(c.upper() for c in self.select)
        self.ignore = tuple(c.upper() for c in self.ignore)
        self.severity_overrides = {
            c.upper(): s for c, s in self.severity_overrides.items()
        }
        self.best_practices = self.best_practices or any(
            c.startswith("B") for c in self.select
        )

    def _overridden(self, f: Finding) -> Finding:
        level = self.importance.get(f.code)
        if level is not None and f.inspector is not None:
            inspector = Inspector(f.inspector.check, level)
            f = replace(f, severity=IMPORTANCE_SEVERITY[level], inspector=inspector)
        override = self.severity_overrides.get(f.code)
        return f.with_severity(override) if override else f

    def wants(self, family: str) -> bool:
        """Whether any code of ``family`` (a prefix such as ``"M"``) may be
        reported: a rule whose codes are all filtered out need not run."""
        family = family.upper()
        if any(family.startswith(i) for i in self.ignore):
            return False
        return not self.select or any(
            s.startswith(family) or family.startswith(s) for s in self.select
        )

    def allows(self, code: str) -> bool:
        if self.select and not any(code.startswith(s) for s in self.select):
            return False
        return not any(code.startswith(i) for i in self.ignore)

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        out = []
        for f in findings:
            if not self.allows(f.code):
                continue
            f = self._overridden(f)
            if self.threshold is None or f.severity.rank <= self.threshold.rank:
                out.append(f)
        return out


@dataclass(frozen=True, slots=True)
class FileReport(_PickledByFields):
    """All findings for one checked file; ``kind`` is ``"nwb"`` or ``"spec"``."""

    path: str
    kind: str
    findings: tuple[Finding, ...] = ()

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": self.kind,
            "findings": [f.to_dict() for f in self.findings],
        }
