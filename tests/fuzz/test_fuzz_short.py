"""The fuzz suite's short run: a few hundred damaged NWB files through the real
``nwb-lsp check --format json``, many files per call.

Every case must end in a verdict: a JSON report for the file, no ``F008`` (a bug),
no ``F006`` or batch timeout, no traceback, no process left behind, the input
unchanged. The cases are the first ``CASES`` of seed ``SEED``; the long run is
``python tests/fuzz/run.py --cases 5000`` (see docs/fuzzing.md).

A case whose bytes hold a global heap libhdf5 never finishes reading
(``harness.heap_loop``, a libhdf5 bug) is set aside here: checking it only waits
for the worker's timeout, which ``tests/unit/test_workers.py`` covers on the
smallest such file; the long run checks them and counts them apart.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from harness import Case, check_batch, heap_loop
from nwb_mutations import case_rng, generate

SEED = 20240101
CASES = 240
BATCH = 60


def batch(workdir: Path, indices: range) -> tuple[list[Case], list[Case]]:
    """The cases to check, and those set aside (libhdf5 would loop on them)."""
    checked, aside = [], []
    for index in indices:
        kind, path = generate(case_rng(SEED, index), workdir, index)
        case = Case(index, kind, path)
        (aside if heap_loop(path) is not None else checked).append(case)
    return checked, aside


@pytest.mark.slow
def test_damaged_nwb_files_all_get_a_verdict(tmp_path: Path) -> None:
    odd, aside = [], []
    for start in range(0, CASES, BATCH):
        cases, looping = batch(tmp_path, range(start, min(CASES, start + BATCH)))
        aside += looping
        outcomes = check_batch(cases, timeout=60, jobs=2)
        odd += [o for o in outcomes if o.klass != "verdict"]
    assert not odd, "\n".join(
        f"case {o.case.index} ({o.case.kind}): {o.klass} {o.detail}" for o in odd
    )
    assert len(aside) <= CASES // 50  # a rare damage: most cases are checked
