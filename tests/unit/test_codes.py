"""The documented code table matches the registry; every code is documented once."""

from __future__ import annotations

from pathlib import Path

from nwb_lsp.codes import render

DOC = Path(__file__).parents[2] / "docs" / "codes.md"


def test_codes_doc_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/codes.md is stale: run python -m nwb_lsp.codes"
    )
