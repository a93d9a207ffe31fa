"""The model-driven and cross-file spec rules: one failing and one passing case each,
the failing case at its exact range (0-based, as in LSP)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nwb_lsp.findings import Position
from nwb_lsp.spec import SpecWorkspace, check_spec_files

PUBLISHED = Path(__file__).resolve().parents[2] / "data" / "spec" / "published"

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
DATASET = "  datasets:\n  - name: {name}\n{body}    doc: d\n  attributes:\n"


def _findings(text: str, path: str = "/x/ext.yaml") -> list[tuple[object, ...]]:
    ws = SpecWorkspace()
    ws.set_document(path, text)
    out = []
    for f in ws.diagnostics(path):
        r = f.location.range
        assert r is not None
        out.append(
            (f.code, r.start.line, r.start.character, r.end.line, r.end.character)
        )
    return out


def _with_dataset(name: str, body: str) -> str:
    return GOOD.replace("  attributes:\n", DATASET.format(name=name, body=body), 1)


CASES = {
    "Y012 wrong type": (
        GOOD.replace("    doc: A note.", "    doc: A note.\n    required: maybe"),
        ("Y012", 8, 14, 8, 19),
    ),
    "Y012 missing key": (
        GOOD.replace("    target_type: Device\n", ""),
        ("Y012", 9, 4, 9, 8),
    ),
    "Y009 reference kind": (
        GOOD.replace("dtype: text", "dtype: {target_type: Device, reftype: objekt}"),
        ("Y009", 6, 42, 6, 48),
    ),
    "Y009 compound field": (
        "datasets:\n- neurodata_type_def: D\n  doc: d\n  dtype:\n"
        "  - name: a\n    doc: a\n    dtype: flt\n",
        ("Y009", 6, 11, 6, 14),
    ),
    "Y008 zero": (
        GOOD.replace("    doc: The device.", "    doc: d\n    quantity: 0"),
        ("Y008", 12, 14, 12, 15),
    ),
    "Y016 type name": (
        GOOD.replace("LabSeries", "Lab Series"),
        ("Y016", 1, 22, 1, 32),
    ),
    "Y016 object name": (
        GOOD.replace("  - name: device\n", "  - name: dev/ice\n"),
        ("Y016", 9, 10, 9, 17),
    ),
    "Y017": (
        GOOD.replace("    doc: The device.", "    doc: d\n    quantity: '*'"),
        ("Y017", 12, 14, 12, 17),
    ),
    "Y018 dtype": (
        GOOD.replace(
            "  attributes:\n",
            "  attributes:\n  - name: description\n    dtype: int\n    doc: d\n",
        ),
        ("Y018", 6, 11, 6, 14),
    ),
    "Y018 shape": (
        _with_dataset("timestamps", "    shape: [null, 2]\n"),
        ("Y018", 6, 11, 6, 20),
    ),
    "Y018 quantity": (
        _with_dataset("starting_time", "    quantity: 2\n"),
        ("Y018", 6, 14, 6, 15),
    ),
    "Y018 reference": (
        GOOD.replace(
            "  attributes:\n",
            "  attributes:\n  - name: comments\n"
            "    dtype: {target_type: Device, reftype: object}\n    doc: d\n",
        ),
        ("Y018", 6, 11, 6, 49),
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_rule_reports_the_exact_range(case: str) -> None:
    text, expected = CASES[case]
    assert expected in _findings(text)


PASSING = {
    "Y012": GOOD.replace("    doc: A note.", "    doc: A note.\n    required: false"),
    "Y009": GOOD.replace(
        "dtype: text", "dtype: {target_type: Device, reftype: region}"
    ),
    "Y016": GOOD.replace("LabSeries", "Lab_Series2"),
    "Y017": GOOD.replace("    doc: The device.", "    doc: d\n    quantity: '?'"),
    "Y018 narrower dtype": _with_dataset("timestamps", "    dtype: float64\n"),
    "Y018 narrower shape": _with_dataset("data", "    shape: [null, 3]\n"),
    "Y018 narrower quantity": _with_dataset("starting_time", "    quantity: 1\n"),
    "Y018 text to ascii": GOOD.replace(
        "  attributes:\n",
        "  attributes:\n  - name: description\n    dtype: ascii\n    doc: d\n",
    ),
}


@pytest.mark.parametrize("case", PASSING)
def test_rule_passes_a_valid_spec(case: str) -> None:
    code = case.split()[0]
    assert [f for f in _findings(PASSING[case]) if f[0] == code] == []


def _namespace(folder: Path, schema: str) -> Path:
    path = folder / "ndx-x.namespace.yaml"
    path.write_text(
        "namespaces:\n- name: ndx-x\n  version: 0.1.0\n  doc: x\n  schema:\n" + schema
    )
    return path


def test_namespace_source_and_import(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD)
    bad = _namespace(
        tmp_path,
        "  - namespace: core\n  - namespace: ndx-nothing\n  - source: missing.yaml\n",
    )
    assert _findings(bad.read_text(), str(bad)) == [
        ("Y014", 6, 15, 6, 26),
        ("Y013", 7, 12, 7, 24),
    ]
    good = _namespace(tmp_path, "  - namespace: core\n  - source: a.yaml\n")
    assert _findings(good.read_text(), str(good)) == []


def test_namespace_missing_version() -> None:
    text = "namespaces:\n- name: ndx-x\n  doc: x\n  schema:\n  - namespace: core\n"
    assert _findings(text, "/x/ndx-x.namespace.yaml") == [("Y012", 1, 2, 1, 6)]


def test_type_extended_before_the_file_defining_it(tmp_path: Path) -> None:
    (tmp_path / "first.yaml").write_text(
        "groups:\n- neurodata_type_def: Child\n  neurodata_type_inc: Parent\n  doc: c\n"
    )
    (tmp_path / "second.yaml").write_text(
        "groups:\n- neurodata_type_def: Parent\n  neurodata_type_inc: TimeSeries\n"
        "  doc: p\n"
    )
    wrong = "  - namespace: core\n  - source: first.yaml\n  - source: second.yaml\n"
    files = [
        _namespace(tmp_path, wrong),
        tmp_path / "first.yaml",
        tmp_path / "second.yaml",
    ]
    reports = {Path(r.path).name: r for r in check_spec_files(files, pipeline=False)}
    (found,) = reports["first.yaml"].findings
    assert found.code == "Y015"
    assert found.location.range is not None
    assert (found.location.range.start.line, found.location.range.start.character) == (
        2,
        22,
    )
    right = "  - namespace: core\n  - source: second.yaml\n  - source: first.yaml\n"
    files[0] = _namespace(tmp_path, right)
    assert all(not r.findings for r in check_spec_files(files, pipeline=False))


def test_pipeline_findings_land_at_the_type(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "groups:\n- neurodata_type_def: Odd\n  neurodata_type_inc: NWBDataInterface\n"
        "  doc: o\n  attributes:\n  - doc: an attribute without a name\n"
        "    dtype: text\n"
    )
    ns = _namespace(tmp_path, "  - namespace: core\n  - source: a.yaml\n")
    reports = {
        Path(r.path).name: r for r in check_spec_files([ns, tmp_path / "a.yaml"])
    }
    codes = {
        (f.code, f.location.range.start.line if f.location.range else None)
        for f in reports["a.yaml"].findings
    }
    assert ("S007", 1) in codes  # at the definition of Odd
    assert ("Y012", 5) in codes  # and the language rule at the attribute
    assert not reports["ndx-x.namespace.yaml"].findings


def test_published_extensions_are_clean() -> None:
    folders = sorted(p for p in PUBLISHED.iterdir() if p.is_dir())
    assert len(folders) >= 8
    files = sorted(p for folder in folders for p in folder.glob("*.yaml"))
    errors = [
        (Path(r.path).name, f.code, f.message)
        for r in check_spec_files(files)
        for f in r.findings
    ]
    assert errors == []


def test_an_import_resolves_only_with_its_folder(tmp_path: Path) -> None:
    """ndx-optogenetics imports ndx-ophys-devices: checked alone, the import is
    missing; checked together (``nwb-lsp check a/ b/``), both are clean."""
    from nwb_lsp.cli import main

    for name in ("ndx-optogenetics", "ndx-ophys-devices"):
        shutil.copytree(PUBLISHED / name, tmp_path / name)
    assert main(["check", str(tmp_path / "ndx-optogenetics"), "-q"]) == 1
    both = [str(tmp_path / "ndx-optogenetics"), str(tmp_path / "ndx-ophys-devices")]
    assert main(["check", *both, "-q"]) == 0


def test_hover_on_a_key_explains_it() -> None:
    ws = SpecWorkspace()
    ws.set_document("/x/ext.yaml", GOOD)
    text = ws.hover("/x/ext.yaml", Position(10, 6))
    assert text is not None and text.startswith("**target_type** (link key)")
    assert "must be (or extend)" in text
