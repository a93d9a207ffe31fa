"""Namespace files the schema pipeline cannot use give findings, never exceptions
(the spec checker keeps such files from it, but ``models`` and the catalog's other
entry points read them directly)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nwb_lsp.schema.catalog import catalog_for_namespace_file

NS = "namespaces:\n- name: ndx-x\n  version: 0.1.0\n  doc: d\n"


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ((NS + "  schema: true\n").encode(), None),
        ((NS + "  schema:\n  - source: x.yaml\n").encode(), "x.yaml cannot be read"),
        ("namespaces:\n- name: caf\xe9\n".encode("latin-1"), "not UTF-8"),
        (b"namespaces: !!python/object/apply:os.system ['true']\n", "cannot read"),
        (b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n", None),
    ],
    ids=["schema-not-a-list", "missing-source", "latin-1", "python-tag", "deep"],
)
def test_namespace_file_problems_are_findings(
    tmp_path: Path, content: bytes, why: str | None
) -> None:
    path = tmp_path / "ndx-x.namespace.yaml"
    path.write_bytes(content)
    catalog = catalog_for_namespace_file(path)
    messages = [f.message for f in catalog.findings]
    if why is None:
        assert catalog.types == {}
    else:
        assert any(why in m for m in messages), messages
