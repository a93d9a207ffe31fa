"""Alias bombs, huge files and slow checks are bounded: each ends in a finding that
says the limit (``Y021``) or the timeout (``Y024``), and a failure inside nwb-lsp
costs one file its report (``Y025``), never the run's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nwb_lsp.checking import check_paths
from nwb_lsp.findings import Finding, Range
from nwb_lsp.spec import SpecWorkspace, check_spec_files, overrides
from nwb_lsp.spec.document import SpecDocument


def _diagnostics(text: str) -> list[Finding]:
    ws = SpecWorkspace()
    ws.set_document("/x/ext.yaml", text)
    return ws.diagnostics("/x/ext.yaml")


def billion_laughs(levels: int) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels + 1):
        lines.append(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 10) + "]")
    return "\n".join([*lines, f"groups: [*l{levels}]", ""])


@pytest.mark.parametrize("levels", [9, 12])
def test_a_billion_laughs_stops_at_the_expansion_limit(levels: int) -> None:
    (found,) = _diagnostics(billion_laughs(levels))
    assert found.code == "Y021"
    assert "more than 1,000,000 values once aliases are expanded" in found.message
    # the tenth alias of the fifth level is the one that passes a million values
    assert found.location.range == Range.of(5, 54, 5, 57)


def test_too_many_aliases() -> None:
    text = "a: &x 1\nb: [" + ", ".join(["*x"] * 1_001) + "]\n"
    (found,) = _diagnostics(text)
    assert found.code == "Y021"
    assert "more than 1,000 aliases" in found.message
    assert found.location.range == Range.of(1, 4_004, 1, 4_006)


def _cli(*args: str) -> tuple[int, dict[str, object]]:
    result = subprocess.run(
        [sys.executable, "-m", "nwb_lsp", "check", "--format", "json", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in result.stderr
    return result.returncode, json.loads(result.stdout)


def test_a_file_above_the_size_limit_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.extensions.yaml"
    with big.open("w") as fh:
        fh.write("groups:\n")
        for i in range(110_000):
            fh.write(f"- neurodata_type_def: T{i}\n  doc: {'x' * 60}\n")
    assert big.stat().st_size > 10_000_000
    code, report = _cli(str(big))
    assert code == 1
    (entry,) = report["files"]  # type: ignore[index]
    (found,) = entry["findings"]
    assert found["code"] == "Y021"
    assert "spec files larger than 10.0 MB are not checked" in found["message"]
    assert found["location"]["range"]["start"] == {"line": 0, "character": 0}


def test_a_bomb_through_the_cli(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(billion_laughs(12))
    code, report = _cli(str(bomb))
    (entry,) = report["files"]  # type: ignore[index]
    assert (code, [f["code"] for f in entry["findings"]]) == (1, ["Y021"])


def test_a_file_that_takes_longer_than_the_timeout(tmp_path: Path) -> None:
    slow = tmp_path / "slow.yaml"
    slow.write_text(
        "groups:\n"
        + "".join(f"- neurodata_type_def: T{i}\n  doc: d\n" for i in range(20_000))
    )
    fine = tmp_path / "fine.yaml"
    fine.write_text("groups:\n- neurodata_type_def: F\n  doc: d\n")
    reports = check_spec_files([slow, fine], pipeline=False, timeout=0.001)
    (found,) = reports[0].findings
    assert found.code == "Y024"
    assert "did not finish within 0.001 s" in found.message
    (generous,) = check_spec_files([fine], pipeline=False, timeout=60)
    assert generous.findings == ()


def test_the_timeout_stops_model_generation(tmp_path: Path) -> None:
    """The schema pipeline runs in a worker the timeout can stop: a namespace
    never seen before (its models cannot be cached) does not generate in 1 s."""
    (tmp_path / "ext.yaml").write_text(
        "groups:\n- neurodata_type_def: Unique\n  neurodata_type_inc: TimeSeries\n"
        f"  doc: {tmp_path.name}\n"
    )
    namespace = tmp_path / "ndx-unique.namespace.yaml"
    namespace.write_text(
        "namespaces:\n- name: ndx-unique\n  version: 0.1.0\n  doc: u\n"
        "  author: [a]\n  contact: [a@b.c]\n  schema:\n  - namespace: core\n"
        "  - source: ext.yaml\n"
    )
    reports = check_paths([namespace, tmp_path / "ext.yaml"], timeout=1.0)
    (found,) = reports[0].findings
    assert (found.code, found.location.range) == ("Y024", Range.of(1, 8, 1, 18))
    assert "the schema pipeline (model generation) did not finish" in found.message
    assert reports[1].findings == ()


def test_a_bug_costs_one_file_its_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = overrides.refinements

    def broken(index: object, doc: SpecDocument) -> object:
        if doc.path.endswith("unlucky.yaml"):
            raise RuntimeError("a bug in a rule")
        return original(index, doc)  # type: ignore[arg-type]

    monkeypatch.setattr(overrides, "refinements", broken)
    text = "groups:\n- neurodata_type_def: G\n  doc: d\n  attributes: 3\n"
    unlucky, lucky = tmp_path / "unlucky.yaml", tmp_path / "lucky.yaml"
    unlucky.write_text(text)
    lucky.write_text(text.replace("G", "H"))
    first, second = check_spec_files([unlucky, lucky], pipeline=False)
    assert [(f.code, f.message) for f in first.findings] == [
        ("Y025", "internal error: RuntimeError: a bug in a rule")
    ]
    assert [f.code for f in second.findings] == ["Y012"]
