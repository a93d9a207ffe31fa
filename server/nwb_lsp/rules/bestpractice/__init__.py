"""Best practices (the ``B`` family): nwbinspector's checks in nwb-lsp's single pass.

Each module holds the checks of one area, one small function per check, each
registered (``registry.best_practice``) with its B code, nwbinspector's check
name and importance, and the neurodata type it applies to. ``check`` runs them
all; a check that fails on one object is one ``F009`` there (``guard.py``).
Checks that need values read them through the streaming value reader within the
file's byte budget, and say when they judged a sample.
"""

from __future__ import annotations

from collections.abc import Iterable

from nwb_lsp.findings import Finding
from nwb_lsp.rules.bestpractice import (  # noqa: F401  (registers the checks)
    behavior,
    ecephys,
    imaging,
    intervals,
    metadata,
    objects,
    observed,
    optional,
    series,
    storage,
    subject,
    tables,
    units,
)
from nwb_lsp.rules.bestpractice.registry import CHECKS, by_check_name, run
from nwb_lsp.rules.context import CheckContext

__all__ = ["CHECKS", "by_check_name", "check"]


def check(ctx: CheckContext) -> Iterable[Finding]:
    return run(ctx)
