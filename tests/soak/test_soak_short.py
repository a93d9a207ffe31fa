"""The soak, short: 1,000 spec edits and 20 commands on one real server.

The full run is opt-in (``python tests/soak/run.py --edits 10000 --commands 200``,
about half an hour); this one takes about a minute and asserts the same thing at
its scale: after the warm-up the server's RSS stays flat, and its own account shows
nothing kept per edit, per command or per closed document. (The server once grew
about 2 KB per edit and kept every command's result: 7 MB over a run like this.)
"""

from __future__ import annotations

import sys

import pytest

from .soak import SoakConfig, SoakResult, run_soak

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(900),  # the fixture's soak counts against the first test
    pytest.mark.skipif(
        not sys.platform.startswith("linux"), reason="reads RSS from /proc"
    ),
]
EDITS = 1000
# 10 MB over the 8,000 edits after the full run's warm-up, scaled to the 700 here,
# plus 2 MB for the allocator's granularity (arenas of 1 MB and more).
MAX_GROWTH_MB = 10 * 700 / 8000 + 2


@pytest.fixture(scope="module")
def soak(tmp_path_factory: pytest.TempPathFactory) -> SoakResult:
    cache = tmp_path_factory.mktemp("soak-cache")
    config = SoakConfig(
        edits=EDITS,
        commands=20,
        sample_every=100,
        warmup=300,
        churn_every=50,
        reopen_every=250,
        series=100,
        timeout=5,
        cache=cache,
        server_env={"NWB_LSP_CACHE": str(cache / "models")},
    )
    return run_soak(config)


def test_every_edit_got_its_diagnostics(soak: SoakResult) -> None:
    assert len(soak.latencies) == EDITS
    assert len(soak.commands) == 20
    kinds = {(c.name, c.target) for c in soak.commands}
    assert ("nwb.validate", "fifo") in kinds and ("nwb.graph", "large") in kinds


def test_server_memory_stays_flat(soak: SoakResult) -> None:
    curve = "\n".join(s.line() for s in soak.samples)
    assert soak.growth_mb() < MAX_GROWTH_MB, curve


def test_nothing_is_kept_per_edit_command_or_closed_document(
    soak: SoakResult,
) -> None:
    warm, end = soak.stats["warmup"]["held"], soak.stats["end"]["held"]
    open_documents = 4  # three edited, one namespace file
    for held in (warm, end):
        assert held["open_documents"] == open_documents
        # the open documents and, after a reopen, none more: scratch documents
        # (never saved) are forgotten when closed
        assert held["spec_documents"] == open_documents
        assert held["spec_results"] == open_documents
        assert held["request_futures"] == 1  # nwb.debugMemory's own
    assert end["pending"] == 0
    objects = soak.stats["warmup"]["objects"], soak.stats["end"]["objects"]
    assert objects[1] < objects[0] * 1.02, objects


def test_failures_were_answered_not_logged(soak: SoakResult) -> None:
    """Timeouts and unreadable files answer the command (or are findings); the
    server's log holds no warning or error about them."""
    assert soak.log_levels.get("WARNING", 0) == 0, soak.log_tail
    failed = [c for c in soak.commands if c.error]
    # a file that cannot be read at all fails the command with the reason alone
    reasons = {"truncated": "truncated", "not_hdf5": "not an HDF5 file"}
    assert all(
        "did not finish within 5 s" in (c.error or "")
        or reasons.get(c.target, "\0") in (c.error or "")
        for c in failed
    ), failed
