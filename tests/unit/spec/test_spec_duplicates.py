"""Duplicates: two copies of one extension (a vendored copy, a build folder) are no
conflict; a real duplicate is reported once, at each later definition, pointing at
the first, naming its folder; a type defined twice in one file is a duplicate too."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from nwb_lsp.findings import Finding, Range
from nwb_lsp.spec import SpecWorkspace, check_spec_files

EVENTS = Path(__file__).resolve().parents[2] / "data/spec/published/ndx-events"
NAME = Range.of(6, 8, 6, 18)  # "ndx-events" in its namespace file
TIMESTAMPS = Range.of(1, 22, 1, 41)  # the first type's name


def _copies(tmp_path: Path) -> tuple[Path, Path]:
    first = tmp_path / "ndx-events" / "spec"
    second = tmp_path / "build" / "lib" / "ndx_events" / "spec"
    shutil.copytree(EVENTS, first)
    shutil.copytree(EVENTS, second)
    return first, second


def _findings(folders: tuple[Path, ...]) -> dict[str, list[Finding]]:
    files = [p for folder in folders for p in sorted(folder.glob("*.yaml"))]
    return {
        str(Path(r.path).relative_to(folders[0].parents[1])): list(r.findings)
        for r in check_spec_files(files, pipeline=False)
    }


def test_two_identical_copies_are_no_conflict(tmp_path: Path) -> None:
    first, second = _copies(tmp_path)
    found = _findings((first, second))
    note = found.pop("build/lib/ndx_events/spec/ndx-events.namespace.yaml")
    assert all(not f for f in found.values())
    (copy,) = note
    assert (copy.code, copy.severity.value, copy.location.range) == (
        "Y027",
        "info",
        NAME,
    )
    assert "'ndx-events' (version 0.4.0) is an identical copy of the one in " in (
        copy.message
    )
    assert "ndx-events/spec/ndx-events.namespace.yaml" in copy.message
    (related,) = copy.related
    assert related.location.file == str(first / "ndx-events.namespace.yaml")


def test_conflicting_copies_are_reported_at_the_later_one(tmp_path: Path) -> None:
    first, second = _copies(tmp_path)
    for name in ("ndx-events.namespace.yaml", "ndx-events.extensions.yaml"):
        path = second / name
        path.write_text(
            path.read_text()
            .replace("version: 0.4.0", "version: 0.5.0")
            .replace("that stores timestamps in seconds", "of times in seconds")
        )
    found = _findings((first, second))
    assert found["ndx-events/spec/ndx-events.extensions.yaml"] == []
    assert found["ndx-events/spec/ndx-events.namespace.yaml"] == []
    (namespace,) = found["build/lib/ndx_events/spec/ndx-events.namespace.yaml"]
    assert (namespace.code, namespace.location.range) == ("Y026", NAME)
    assert "version 0.5.0 here, 0.4.0 there" in namespace.message
    (duplicate,) = found["build/lib/ndx_events/spec/ndx-events.extensions.yaml"]
    assert (duplicate.code, duplicate.location.range) == ("Y007", TIMESTAMPS)
    assert duplicate.message == (
        "type 'TimestampVectorData' is already defined, differently, in "
        "ndx-events/spec/ndx-events.extensions.yaml"
    )
    (related,) = duplicate.related
    assert related.location.file == str(first / "ndx-events.extensions.yaml")
    assert related.location.range == TIMESTAMPS


def test_a_type_defined_twice_in_one_file() -> None:
    ws = SpecWorkspace()
    ws.set_document(
        "/x/ext.yaml",
        "groups:\n- neurodata_type_def: Twice\n  neurodata_type_inc: TimeSeries\n"
        "  doc: once\n- neurodata_type_def: Twice\n  neurodata_type_inc: TimeSeries\n"
        "  doc: twice\n",
    )
    (found,) = ws.diagnostics("/x/ext.yaml")
    assert (found.code, found.location.range) == ("Y007", Range.of(4, 22, 4, 27))
    assert "already defined, differently, in this file (line 2)" in found.message
    assert found.related[0].location.range == Range.of(1, 22, 1, 27)


def test_identical_copies_through_the_cli_exit_zero(tmp_path: Path) -> None:
    """Only the first copy's namespace goes through the schema pipeline."""
    first, second = _copies(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "nwb_lsp", "check", "--format", "json", first, second],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    codes = [f["code"] for entry in report["files"] for f in entry["findings"]]
    assert codes == ["Y027"]
