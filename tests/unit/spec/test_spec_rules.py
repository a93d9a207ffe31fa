"""Spec YAML rules: one failing and one passing case each, with exact ranges."""

from __future__ import annotations

from pathlib import Path

import pytest

from nwb_lsp.findings import Position, Range
from nwb_lsp.schema.installed import installed_namespace_files
from nwb_lsp.spec import SpecWorkspace, check_spec_files

GOOD = """\
groups:
- neurodata_type_def: LabSeries
  neurodata_type_inc: TimeSeries
  doc: A series.
  attributes:
  - name: note
    dtype: text
    doc: A note.
  links:
  - name: device
    target_type: Device
    doc: The device.
"""


def _findings(text: str) -> list[tuple[str, int, int, int, int]]:
    ws = SpecWorkspace()
    ws.set_document("/x/ext.yaml", text)
    return [
        (
            f.code,
            f.location.range.start.line,
            f.location.range.start.character,
            f.location.range.end.line,
            f.location.range.end.character,
        )
        for f in ws.diagnostics("/x/ext.yaml")
        if f.location.range is not None
    ]


def test_good_extension_is_clean() -> None:
    assert _findings(GOOD) == []


CASES = {
    "Y001": ("groups:\n- doc: [unclosed\n", ("Y001", 2, 0, 2, 1)),
    "Y002": (
        GOOD.replace("    doc: A note.", "    dcs: A note.\n    doc: x"),
        ("Y002", 7, 4, 7, 7),
    ),
    "Y003": (GOOD.replace("    doc: A note.\n", ""), ("Y003", 5, 4, 5, 8)),
    "Y004": (
        GOOD.replace("    doc: A note.", "    doc: n\n    default_name: n2"),
        ("Y004", 8, 18, 8, 20),
    ),
    "Y006": (GOOD.replace("TimeSeries", "TimeSeriez"), ("Y006", 2, 22, 2, 32)),
    "Y008": (
        GOOD.replace("    doc: The device.", "    doc: d\n    quantity: lots"),
        ("Y008", 12, 14, 12, 18),
    ),
    "Y009": (GOOD.replace("dtype: text", "dtype: txt"), ("Y009", 6, 11, 6, 14)),
    "Y010": (
        GOOD.replace(
            "    doc: A note.", "    doc: n\n    dims: [a, b]\n    shape: [null]"
        ),
        ("Y010", 9, 11, 9, 17),
    ),
}


@pytest.mark.parametrize("code", CASES)
def test_rule_reports_the_exact_range(code: str) -> None:
    text, expected = CASES[code]
    assert expected in _findings(text)


def test_duplicates_and_cycles_across_documents() -> None:
    ws = SpecWorkspace()
    ws.set_document(
        "/a.yaml",
        "groups:\n- neurodata_type_def: A\n  neurodata_type_inc: B\n  doc: a\n",
    )
    ws.set_document(
        "/b.yaml",
        "groups:\n- neurodata_type_def: B\n  "
        "neurodata_type_inc: A\n  doc: b\n- neurodata_type_def: A\n  doc: x\n",
    )
    assert {f.code for f in ws.diagnostics("/a.yaml")} == {"Y011"}
    (duplicate,) = [f for f in ws.diagnostics("/b.yaml") if f.code == "Y007"]
    # at the later definition only, pointing at the first
    assert duplicate.location.range == Range.of(4, 22, 4, 23)
    assert "already defined, differently, in /a.yaml" in duplicate.message
    (related,) = duplicate.related
    assert related.location.file == "/a.yaml"
    assert related.location.range == Range.of(1, 22, 1, 23)


def test_installed_core_and_hdmf_common_are_clean() -> None:
    folders = {ns.parent for ns in installed_namespace_files().values()}
    files = [p for folder in sorted(folders) for p in sorted(folder.glob("*.yaml"))]
    assert len(files) > 10
    assert [f for r in check_spec_files(files) for f in r.findings] == []


def test_hover_and_definition_into_installed_core() -> None:
    ws = SpecWorkspace()
    ws.set_document("/x/ext.yaml", GOOD)
    hover = ws.hover("/x/ext.yaml", Position(2, 25))
    assert hover is not None and "**TimeSeries**" in hover
    assert "NWBDataInterface" in hover
    assert "*Fields (own and inherited):* attributes description, comments" in hover
    assert "datasets data, starting_time, timestamps" in hover
    (target,) = ws.definition("/x/ext.yaml", Position(2, 25))
    assert Path(target.path).name == "nwb.base.yaml"
    refs = ws.references("/x/ext.yaml", Position(10, 18))
    assert refs == [("/x/ext.yaml", refs[0][1])] and refs[0][1].start.line == 10


def test_check_command_on_a_broken_extension(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from nwb_lsp.cli import main

    assert main(["check", str(data_dir / "spec" / "ndx-broken"), "-q"]) == 1
    out = capsys.readouterr().out
    assert "ndx-broken.extensions.yaml:7:12: error Y009 'txt' is not a dtype" in out


def test_completion_of_types_dtypes_and_keys() -> None:
    ws = SpecWorkspace()
    text = GOOD.replace("    dtype: text", "    dtype: ")
    ws.set_document("/x/ext.yaml", text)
    types = ws.completion("/x/ext.yaml", Position(2, 22))
    assert any(
        c.label == "TimeSeries" and "time" in c.documentation.lower() for c in types
    )
    dtypes = {c.label for c in ws.completion("/x/ext.yaml", Position(6, 11))}
    assert {"float32", "text", "isodatetime", "uint64"} <= dtypes
    keys = {c.label for c in ws.completion("/x/ext.yaml", Position(7, 4))}
    assert "required" in keys and "name" not in keys  # attribute keys, not yet used


def test_document_and_workspace_symbols() -> None:
    ws = SpecWorkspace()
    ws.set_document("/x/ext.yaml", GOOD)
    (root,) = ws.document_symbols("/x/ext.yaml")
    assert (root.name, root.kind) == ("LabSeries", "type")
    assert [(c.name, c.kind) for c in root.children] == [
        ("note", "attribute"),
        ("device", "link"),
    ]
    assert [d.name for d in ws.workspace_symbols("lab")] == ["LabSeries"]


def test_rename_a_type_across_documents() -> None:
    ws = SpecWorkspace()
    ws.set_document(
        "/a.yaml",
        "groups:\n- neurodata_type_def: A\n  "
        "neurodata_type_inc: TimeSeries\n  doc: a\n",
    )
    ws.set_document(
        "/b.yaml",
        "groups:\n- neurodata_type_def: B\n  neurodata_type_inc: A\n  doc: b\n",
    )
    edits = ws.rename("/b.yaml", Position(2, 22), "Renamed")
    assert {
        p: [(e.range.start.line, e.new_text) for e in es] for p, es in edits.items()
    } == {"/a.yaml": [(1, "Renamed")], "/b.yaml": [(2, "Renamed")]}
    assert ws.prepare_rename("/a.yaml", Position(2, 24)) is None  # core type


def test_quick_fixes() -> None:
    ws = SpecWorkspace()
    text = GOOD.replace("TimeSeries", "TimeSerie").replace("    doc: A note.\n", "")
    ws.set_document("/x/ext.yaml", text)
    found = ws.diagnostics("/x/ext.yaml")
    actions = {a.title: a.edits[0] for a in ws.code_actions("/x/ext.yaml", found)}
    assert actions["Replace with 'TimeSeries'"].range.start.line == 2
    doc = actions["Add a 'doc'"]
    assert doc.new_text == "doc: Describe this attribute.\n    "
    assert (doc.range.start.line, doc.range.start.character) == (5, 4)


def test_search_paths_and_namespace_sources(tmp_path: Path) -> None:
    other = tmp_path / "ndx-other"
    other.mkdir()
    (other / "other.yaml").write_text(
        "groups:\n- neurodata_type_def: OtherType\n"
        "  neurodata_type_inc: TimeSeries\n  doc: o\n"
    )
    ws = SpecWorkspace()
    assert ws.add_search_path(other) == 1
    ws.set_document("/x/use.yaml", GOOD.replace("TimeSeries", "OtherType"))
    assert ws.diagnostics("/x/use.yaml") == []  # resolved through the search path
    ns = tmp_path / "ndx-me.namespace.yaml"
    ns.write_text(
        "namespaces:\n- name: ndx-me\n  version: 0.1.0\n  schema:\n"
        "  - namespace: core\n  - source: me.types.yaml\n"
    )
    ws.set_document(ns, ns.read_text())
    assert ws.is_source(tmp_path / "me.types.yaml")
    assert not ws.is_source(tmp_path / "unrelated.yaml")
