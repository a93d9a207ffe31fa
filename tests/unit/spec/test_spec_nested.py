"""Types defined inside other types, at any depth, also under untyped subgroups, are
types of their namespace everywhere: navigation, completion, symbols, rename and
every rule. Checked on a small hand-written extension and on the real NWB core 2.1.0
(``Device`` inside ``NWBFile/general/devices``) and 2.2.2 (``Subject`` inside
``NWBFile/general``), copied from the pynwb 1.1.0 and 1.3.0 sdists."""

from __future__ import annotations

import shutil
from pathlib import Path

from nwb_lsp.findings import Finding, Position, Range
from nwb_lsp.spec import SpecWorkspace, check_spec_files

DATA = Path(__file__).resolve().parents[2] / "data" / "spec"

NESTED = """\
groups:
- neurodata_type_def: Rig
  neurodata_type_inc: NWBDataInterface
  doc: A rig.
  groups:
  - name: parts
    doc: An untyped folder.
    groups:
    - name: more
      doc: Another untyped folder.
      groups:
      - neurodata_type_def: Widget
        neurodata_type_inc: Device
        doc: A widget.
        quantity: '*'
"""
USER = """\
groups:
- neurodata_type_def: WidgetUser
  neurodata_type_inc: NWBDataInterface
  doc: Uses a widget.
  links:
  - name: widget
    target_type: Widget
    doc: The widget.
"""
NS = """\
namespaces:
- name: ndx-nest
  version: 0.1.0
  doc: Nested types.
  author: [A]
  contact: [a@b.c]
  schema:
  - namespace: core
  - source: {first}
  - source: {second}
"""
WIDGET = Range.of(11, 28, 11, 34)  # the name in "neurodata_type_def: Widget"


def _workspace(**texts: str) -> SpecWorkspace:
    ws = SpecWorkspace()
    for name, text in texts.items():
        ws.set_document(f"/x/{name}.yaml", text)
    return ws


def _codes(found: list[Finding]) -> list[tuple[str, Range | None]]:
    return [(f.code, f.location.range) for f in found]


def test_a_nested_type_resolves_and_navigates() -> None:
    ws = _workspace(nested=NESTED, user=USER)
    assert ws.diagnostics("/x/nested.yaml") == []
    assert ws.diagnostics("/x/user.yaml") == []
    use = Position(6, 19)  # target_type: Widget
    hover = ws.hover("/x/user.yaml", use)
    assert hover is not None and hover.startswith("**Widget**\n\nA widget.")
    assert "Widget → Device → NWBContainer → Container" in hover
    (target,) = ws.definition("/x/user.yaml", use)
    assert (target.path, target.range) == ("/x/nested.yaml", WIDGET)
    assert ws.references("/x/nested.yaml", Position(11, 30)) == [
        ("/x/user.yaml", Range.of(6, 17, 6, 23))
    ]
    assert [d.name for d in ws.workspace_symbols("widg")] == ["Widget", "WidgetUser"]
    labels = [c.label for c in ws.completion("/x/user.yaml", Position(2, 22))]
    assert "Widget" in labels


def test_document_symbols_show_the_nested_type_in_its_tree() -> None:
    ws = _workspace(nested=NESTED)
    (rig,) = ws.document_symbols("/x/nested.yaml")
    (parts,) = rig.children
    (more,) = parts.children
    (widget,) = more.children
    assert [(n.name, n.kind) for n in (rig, parts, more, widget)] == [
        ("Rig", "type"),
        ("parts", "group"),
        ("more", "group"),
        ("Widget", "type"),
    ]
    assert widget.selection == WIDGET


def test_rename_a_nested_type() -> None:
    ws = _workspace(nested=NESTED, user=USER)
    assert ws.prepare_rename("/x/user.yaml", Position(6, 19)) == Range.of(6, 17, 6, 23)
    edits = ws.rename("/x/user.yaml", Position(6, 19), "Gadget")
    assert {p: [e.range for e in es] for p, es in edits.items()} == {
        "/x/nested.yaml": [WIDGET],
        "/x/user.yaml": [Range.of(6, 17, 6, 23)],
    }


def test_a_nested_type_defined_twice_is_a_duplicate() -> None:
    again = USER + "- neurodata_type_def: Widget\n  doc: Another widget.\n"
    ws = _workspace(nested=NESTED, user=again)
    (duplicate,) = ws.diagnostics("/x/user.yaml")
    assert _codes([duplicate]) == [("Y007", Range.of(8, 22, 8, 28))]
    # the message names the folder, not only the file
    assert "already defined, differently, in x/nested.yaml" in duplicate.message
    assert duplicate.related[0].location.range == WIDGET


def test_a_cycle_through_a_nested_type() -> None:
    ws = _workspace(nested=NESTED.replace("inc: Device", "inc: Gizmo"))
    ws.set_document(
        "/x/gizmo.yaml",
        "groups:\n- neurodata_type_def: Gizmo\n  "
        "neurodata_type_inc: Widget\n  doc: g\n",
    )
    assert _codes(ws.diagnostics("/x/nested.yaml")) == [("Y011", WIDGET)]


def test_a_nested_refinement_is_checked() -> None:
    """Widget extends Device, whose attribute 'description' is text."""
    text = NESTED + (
        "        attributes:\n"
        "        - name: description\n"
        "          dtype: int\n"
        "          doc: A number.\n"
    )
    (found,) = _workspace(nested=text).diagnostics("/x/nested.yaml")
    assert _codes([found]) == [("Y018", Range.of(17, 17, 17, 20))]
    assert "attribute 'description': dtype 'int' cannot refine 'text'" in found.message
    assert found.message.endswith("(from Device)")


def test_a_nested_type_used_before_the_file_defining_it(tmp_path: Path) -> None:
    (tmp_path / "user.yaml").write_text(
        "groups:\n- neurodata_type_def: BigWidget\n  neurodata_type_inc: Widget\n"
        "  doc: A big widget.\n"
    )
    (tmp_path / "nested.yaml").write_text(NESTED)
    namespace = tmp_path / "ndx-nest.namespace.yaml"
    namespace.write_text(NS.format(first="user.yaml", second="nested.yaml"))
    files = [namespace, tmp_path / "user.yaml", tmp_path / "nested.yaml"]
    reports = {Path(r.path).name: r for r in check_spec_files(files, pipeline=False)}
    (found,) = reports["user.yaml"].findings
    assert _codes([found]) == [("Y015", Range.of(2, 22, 2, 28))]
    namespace.write_text(NS.format(first="nested.yaml", second="user.yaml"))
    assert all(not r.findings for r in check_spec_files(files, pipeline=False))


def test_core_2_2_2_subject_inside_nwbfile_general() -> None:
    """The real 2.2.2 core checks clean but for its one true error (its
    ``field_of_view`` dims and shape differ in nesting); ``Subject`` is defined
    inside ``NWBFile``'s untyped ``general`` group and resolves from an
    extension, to that definition rather than the installed core's."""
    files = sorted((DATA / "core-2.2.2").glob("*.yaml"))
    ext = DATA.parent / "lab_subject.yaml"
    workspace = SpecWorkspace()
    for path in files:
        workspace.load(path)
    workspace.set_document(
        str(ext),
        "groups:\n- neurodata_type_def: LabSubject\n"
        "  neurodata_type_inc: Subject\n  doc: A lab's subject.\n",
    )
    found = {
        (Path(p).name, f.code, f.location.range)
        for p in workspace.documents
        for f in workspace.diagnostics(p)
    }
    assert found == {("nwb.ophys.yaml", "Y010", Range.of(22, 4, 24, 4))}
    (subject,) = workspace.definition(str(ext), Position(2, 24))
    assert Path(subject.path).parts[-2:] == ("core-2.2.2", "nwb.file.yaml")
    assert subject.range == Range.of(263, 26, 263, 33)
    hover = workspace.hover(str(ext), Position(2, 24))
    assert hover is not None and "Subject → NWBContainer → Container" in hover
    assert "datasets age, date_of_birth" in hover


def test_core_2_1_0_device_two_levels_deep(tmp_path: Path) -> None:
    """Core 2.1.0 defines ``Device`` in ``NWBFile/general/devices``; an extension
    of it, checked with that core, resolves to it, clean."""
    core = tmp_path / "core"
    shutil.copytree(DATA / "core-2.1.0", core)
    ext = tmp_path / "ext.yaml"
    ext.write_text(
        "groups:\n- neurodata_type_def: LabDevice\n  neurodata_type_inc: Device\n"
        "  doc: A device.\n"
    )
    files = [*sorted(core.glob("*.yaml")), ext]
    reports = {Path(r.path).name: r for r in check_spec_files(files, pipeline=False)}
    assert reports["ext.yaml"].findings == ()
    workspace = SpecWorkspace()
    for path in files:
        workspace.load(path)
    (device,) = workspace.definition(str(ext), Position(2, 24))
    assert (Path(device.path).name, device.range) == (
        "nwb.file.yaml",
        Range.of(251, 28, 251, 34),
    )
    hover = workspace.hover(str(ext), Position(2, 24))
    # 2.1.0's NWBContainer extends nothing: the chain ends there
    assert hover is not None and "*Inheritance:* Device → NWBContainer" in hover
