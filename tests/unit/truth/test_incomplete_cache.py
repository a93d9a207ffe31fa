"""An incomplete spec cache: a cached namespace lists a source, or imports a
namespace, that the file does not carry. Reported (S009), and filled from nwb-lsp's
copy of that namespace, so the file is still validated (pynwb crashes on it)."""

from __future__ import annotations

import h5py
import pytest

from .conftest import Edited

SPECS = "/specifications"


@pytest.mark.parametrize(
    ("drop", "lacks"),
    [
        (f"{SPECS}/hdmf-common", "imports hdmf-common, which the file does not carry"),
        (f"{SPECS}/core/2.11.0/nwb.ecephys", "lacks schema source nwb.ecephys"),
        (f"{SPECS}/core/2.11.0/namespace", "lacks its namespace document"),
    ],
)
def test_gap_is_reported_and_filled(edited: Edited, drop: str, lacks: str) -> None:
    def edit(f: h5py.File) -> None:
        del f[drop]

    findings = edited("realistic.nwb", edit)
    assert [(f.code, f.severity.value) for f in findings] == [("S009", "warning")]
    assert lacks in findings[0].message
    assert "used nwb-lsp's copy" in findings[0].message


def test_a_gap_nwb_lsp_cannot_fill_stays_an_error(edited: Edited) -> None:
    def edit(f: h5py.File) -> None:
        ns = f[f"{SPECS}/hdmf-experimental/0.6.0/namespace"]
        text = ns[()].decode() if isinstance(ns[()], bytes) else ns[()]
        del f[f"{SPECS}/hdmf-experimental/0.6.0/namespace"]
        f[f"{SPECS}/hdmf-experimental/0.6.0/namespace"] = text.replace(
            '"experimental"', '"experimental-x"'
        )

    codes = {f.code for f in edited("realistic.nwb", edit)}
    assert "S005" in codes
