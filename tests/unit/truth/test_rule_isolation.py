"""A rule that fails must not hide the others: one finding for it, at its object."""

from __future__ import annotations

from collections.abc import Iterator

import h5py

from nwb_lsp.findings import Finding, Location, finding
from nwb_lsp.rules.guard import RULE_FAILED, guarded
from nwb_lsp.rules.tables import INDEX_DECREASES

from .conftest import Edited


def _partial() -> Iterator[Finding]:
    yield finding(INDEX_DECREASES, "first", Location(hdf5_path="/a"))
    raise KeyError("boom")


def test_guarded_keeps_what_came_before_and_reports_the_failure() -> None:
    out = list(guarded("table", "/a", _partial()))
    assert [(f.code, f.location.hdf5_path) for f in out] == [
        ("G007", "/a"),
        (RULE_FAILED, "/a"),
    ]
    assert "table check failed here (KeyError: 'boom')" in out[1].message


def test_vector_index_of_region_references_is_checked_without_crash(
    edited: Edited,
) -> None:
    def edit(f: h5py.File) -> None:
        index = f["/units/spike_times_index"]
        attrs = dict(index.attrs)
        n = index.shape[0]
        target = f["/units/spike_times"]
        del f["/units/spike_times_index"]
        refs = [target.regionref[0:1]] * n
        new = f.create_dataset(
            "/units/spike_times_index", data=refs, dtype=h5py.regionref_dtype
        )
        new.attrs.update(attrs)

    findings = edited("realistic.nwb", edit)
    found = {(f.code, f.location.hdf5_path) for f in findings}
    assert not any(f.code in ("F008", RULE_FAILED) for f in findings), findings
    # the other rules still report: the index's dtype is wrong for a VectorIndex
    assert ("M020", "/units/spike_times_index") in found
