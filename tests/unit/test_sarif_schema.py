"""SARIF output validates against Microsoft's published SARIF 2.1.0 JSON Schema.

The schema is not vendored: it is taken from the npm package ``@microsoft/jest-sarif``
(MIT), which ships it, with ``npm pack`` into a temporary folder. CI has npm (the VS
Code client is built in the same run); without npm the test is skipped, saying why.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from nwb_lsp.cli import main

PACKAGE = "@microsoft/jest-sarif@1.0.0-beta.0"
MEMBER = "package/lib/schemas/sarif-2.1.0-rtm.5.json"


@pytest.fixture(scope="module")
def sarif_schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed: cannot fetch the SARIF schema")
    folder = tmp_path_factory.mktemp("sarif")
    done = subprocess.run(
        [npm, "pack", "--silent", PACKAGE],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    (tgz,) = folder.glob("*.tgz")
    with tarfile.open(tgz) as tar:
        member = tar.extractfile(MEMBER)
        assert member is not None
        schema: dict[str, Any] = json.load(member)
    return schema


@pytest.mark.parametrize(
    "path",
    [
        "corpus/2.1.0_imageseries_non_external_format.nwb",
        "spec/ndx-broken",
        "realistic.nwb",
    ],
)
def test_sarif_validates_against_the_schema(
    sarif_schema: dict[str, Any],
    data_dir: Path,
    path: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["check", str(data_dir / path), "--format", "sarif"])
    document = json.loads(capsys.readouterr().out)
    validator = jsonschema.Draft4Validator(sarif_schema)
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []
    assert document["runs"][0]["results"] or path == "realistic.nwb"


def test_the_schema_catches_a_broken_report(sarif_schema: dict[str, Any]) -> None:
    broken = {"version": "2.1.0", "runs": [{"results": []}]}  # no tool
    assert list(jsonschema.Draft4Validator(sarif_schema).iter_errors(broken))
