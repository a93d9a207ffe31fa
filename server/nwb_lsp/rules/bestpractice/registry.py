"""The catalogue of best-practice checks: one entry per nwbinspector check.

Each check is a small function ``(ctx, record) -> Iterable[Note]`` registered with
``best_practice``: its ``B`` code, the nwbinspector check it carries over, that
check's importance (CRITICAL, BEST_PRACTICE_VIOLATION, BEST_PRACTICE_SUGGESTION:
the finding's default severity is error, warning or info), the neurodata type it
applies to (``None``: every typed object), and for ``docs/codes.md`` a one-line
meaning, why it matters and how to fix it. ``run`` turns the notes into findings
carrying ``Finding.inspector``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from nwb_lsp.findings import (
    IMPORTANCE_SEVERITY,
    Finding,
    Inspector,
    Location,
    define_code,
    finding,
)
from nwb_lsp.hdf5.records import ObjectRecord
from nwb_lsp.rules.context import CheckContext
from nwb_lsp.rules.guard import failed

CRITICAL = "CRITICAL"
VIOLATION = "BEST_PRACTICE_VIOLATION"
SUGGESTION = "BEST_PRACTICE_SUGGESTION"


@dataclass(frozen=True)
class Note:
    """What a check found: a message, where (default: the object checked), and
    the part of the values it judged when not all of them."""

    message: str
    path: str | None = None
    sampled: str | None = None


CheckFunction = Callable[[CheckContext, ObjectRecord], Iterable[Note]]


@dataclass(frozen=True)
class BestPractice:
    code: str
    check: str  # nwbinspector's check name
    importance: str
    applies_to: str | None  # a neurodata type; None: every typed object
    summary: str
    why: str
    fix: str
    function: CheckFunction

    @property
    def inspector(self) -> Inspector:
        return Inspector(self.check, self.importance)


CHECKS: dict[str, BestPractice] = {}


def best_practice(
    code: str,
    check: str,
    importance: str,
    applies_to: str | None,
    summary: str,
    *,
    why: str,
    fix: str,
) -> Callable[[CheckFunction], CheckFunction]:
    """Register the decorated function as the check ``code``."""

    def register(function: CheckFunction) -> CheckFunction:
        define_code(code, IMPORTANCE_SEVERITY[importance], summary, "bestpractice")
        CHECKS[code] = BestPractice(
            code, check, importance, applies_to, summary, why, fix, function
        )
        return function

    return register


def by_check_name() -> dict[str, str]:
    """nwbinspector check name -> B code."""
    return {c.check: c.code for c in CHECKS.values()}


def run(ctx: CheckContext) -> Iterator[Finding]:
    """Every registered check on every object of its neurodata type."""
    typed = [r for r in ctx.index.objects.values() if r.neurodata_type is not None]
    present = {r.neurodata_type for r in typed}
    by_type: dict[str | None, list[ObjectRecord]] = {None: typed}
    for entry in CHECKS.values():
        if entry.applies_to not in by_type:
            kinds = {t for t in present if ctx.catalog.is_a(t, str(entry.applies_to))}
            by_type[entry.applies_to] = [r for r in typed if r.neurodata_type in kinds]
        inspector = entry.inspector
        for record in by_type[entry.applies_to]:
            found: list[Finding] = []
            try:  # as ``guarded`` does, without two generators per object
                for note in entry.function(ctx, record):
                    found.append(_finding(entry, inspector, record, note))
            except Exception as exc:  # any bug or unforeseen input in one check
                found.append(failed(entry.check, record.path, exc))
            yield from found


def _finding(
    entry: BestPractice, inspector: Inspector, record: ObjectRecord, note: Note
) -> Finding:
    message = note.message
    if note.sampled:
        message += f" (judged on a sample: {note.sampled})"
    return finding(
        entry.code,
        message,
        Location(hdf5_path=note.path or record.path),
        inspector=inspector,
    )
