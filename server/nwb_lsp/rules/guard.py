"""One failing check never hides the others.

Rules are generators over the objects of a file. A bug in one rule, or an input no
rule foresaw (a VectorIndex of region references, a column of the wrong kind), may
raise while one object is checked. ``guarded`` turns that exception into one
finding for that rule at that object; the rule goes on with the next object and
every other rule still reports. The validation driver guards each whole rule the
same way, at the file's root, for failures outside the per-object loop.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from nwb_lsp.findings import Finding, Location, Severity, define_code, finding

RULE_FAILED = define_code(
    "F009",
    Severity.ERROR,
    "a check failed on one object (a bug in nwb-lsp); the other checks still ran",
    "file",
)


def guarded(rule: str, path: str, findings: Iterable[Finding]) -> Iterator[Finding]:
    """``findings`` of ``rule`` at ``path``; an exception becomes one finding."""
    try:
        yield from findings
    except Exception as exc:  # any bug or unforeseen input in one rule
        yield failed(rule, path, exc)


def failed(rule: str, path: str, exc: Exception) -> Finding:
    """The finding that says ``rule`` raised ``exc`` at ``path``."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    detail = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return finding(
        RULE_FAILED,
        f"the {rule} check failed here ({detail}); please report this as a "
        "bug in nwb-lsp. The other checks of this file still ran.",
        Location(hdf5_path=path or "/"),
    )
