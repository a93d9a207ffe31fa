"""``nwb-lsp models``: specs with errors give exit 1 with check's positions and write
nothing; a YAML file that is not a namespace file is said to be so (exit 2)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nwb_lsp.cli import main

DATA = Path(__file__).parents[1] / "data"
BROKEN = DATA / "spec" / "ndx-broken"


def _unknown_parent(folder: Path) -> Path:
    """An extension whose type extends a type that is defined nowhere (line 5)."""
    (folder / "ndx-orphan.namespace.yaml").write_text(
        "namespaces:\n- name: ndx-orphan\n  doc: a type with no parent\n"
        "  version: 0.1.0\n  author: [a]\n  contact: [a@example.org]\n"
        "  schema:\n  - namespace: core\n  - source: ndx-orphan.extensions.yaml\n"
    )
    (folder / "ndx-orphan.extensions.yaml").write_text(
        "groups:\n"
        "- neurodata_type_def: Fine\n"
        "  neurodata_type_inc: NWBDataInterface\n"
        "  doc: fine\n"
        "- neurodata_type_def: Orphan\n"
        "  neurodata_type_inc: NoSuchParent\n"
        "  doc: its parent is missing\n"
    )
    return folder / "ndx-orphan.namespace.yaml"


def test_errors_give_exit_1_at_checks_positions_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    namespace = _unknown_parent(tmp_path)
    out = tmp_path / "models.py"
    assert main(["check", str(tmp_path), "-q"]) == 1
    checked = capsys.readouterr().out.splitlines()
    assert checked == [
        f"{tmp_path / 'ndx-orphan.extensions.yaml'}:6:23: error Y006 type "
        "'NoSuchParent' is not defined in this workspace or the installed core"
    ]
    assert main(["models", str(namespace), "--pydantic", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        *checked,
        "nwb-lsp models: the specs have errors; nothing written",
    ]
    assert not out.exists()


def test_the_broken_example_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(BROKEN, tmp_path / "spec")
    folder = tmp_path / "spec"
    main(["check", str(folder), "-q"])
    checked = capsys.readouterr().out.splitlines()
    assert len(checked) == 5 and all(":1:1:" not in line for line in checked)
    out = tmp_path / "m.yaml"
    namespace = folder / "ndx-broken.namespace.yaml"
    assert main(["models", str(namespace), "--linkml", str(out)]) == 1
    assert capsys.readouterr().err.splitlines()[:-1] == checked
    assert not out.exists()


def test_a_clean_namespace_is_exported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    namespace = _unknown_parent(tmp_path)
    extensions = tmp_path / "ndx-orphan.extensions.yaml"
    extensions.write_text(extensions.read_text().replace("NoSuchParent", "Fine"))
    out = tmp_path / "models.py"
    assert main(["models", str(namespace), "--pydantic", str(out)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        str(out),
        str(tmp_path / "nwb_runtime.py"),
        str(tmp_path / "core_models.py"),
    ]
    assert "class Orphan(Fine)" in out.read_text()
    assert "class NWBDataInterface(" not in out.read_text()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "jobs:\n  test: {}\n",
            "not an NWB namespace file (no top-level 'namespaces' list)",
        ),
        (
            "groups:\n- neurodata_type_def: X\n  neurodata_type_inc: NWBDataInterface\n"
            "  doc: x\n",
            "a schema file, not a namespace file: give the *.namespace.yaml that "
            "lists it",
        ),
    ],
    ids=["not-a-spec", "schema-file"],
)
def test_a_file_that_is_not_a_namespace_is_said_to_be_one(
    tmp_path: Path, text: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "thing.yaml"
    source.write_text(text)
    out = tmp_path / "out.py"
    assert main(["models", str(source), "--pydantic", str(out)]) == 2
    assert capsys.readouterr().err == f"nwb-lsp models: error: {source}: {message}\n"
    assert not out.exists()


def test_linkml_and_pydantic_to_one_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    namespace = _unknown_parent(tmp_path)
    same = str(tmp_path / "both")
    assert main(["models", str(namespace), "--linkml", same, "--pydantic", same]) == 2
    assert "name the same file" in capsys.readouterr().err
