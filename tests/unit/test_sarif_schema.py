"""SARIF output: valid against the SARIF 2.1.0 JSON Schema, with real rule metadata.

The schema is shipped in ``tests/data/sarif/`` (with its license): the OASIS SARIF
2.1.0 schema as Microsoft's ``@microsoft/jest-sarif`` npm package publishes it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from nwb_lsp.cli import main

DATA = Path(__file__).parents[1] / "data"
SCHEMA = DATA / "sarif" / "sarif-2.1.0-rtm.5.json"
CODES_DOC = Path(__file__).parents[2] / "docs" / "codes.md"
CODES_URL = "https://github.com/nwb-lsp/nwb-lsp/blob/main/docs/codes.md"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def _sarif(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    main(["check", *args, "--format", "sarif"])
    out = capsys.readouterr().out
    assert out.endswith("}\n")
    document: dict[str, Any] = json.loads(out)
    return document


@pytest.mark.parametrize(
    "path",
    [
        "corpus/2.1.0_imageseries_non_external_format.nwb",
        "spec/ndx-broken",
        "realistic.nwb",
    ],
)
def test_sarif_validates_against_the_schema(
    validator: jsonschema.Draft4Validator,
    path: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    document = _sarif(capsys, str(DATA / path))
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []
    assert document["runs"][0]["results"] or path == "realistic.nwb"


def test_the_schema_catches_a_broken_report(
    validator: jsonschema.Draft4Validator,
) -> None:
    broken = {"version": "2.1.0", "runs": [{"results": []}]}  # no tool
    assert list(validator.iter_errors(broken))


def test_rules_of_nwb_findings_carry_their_registry_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Codes found by worker processes (M010 and T004 errors, T006 a warning, S004
    a note) are described as the registry describes them, not as bare codes at
    level error."""
    corpus = DATA / "corpus"
    files = [
        corpus / "1.5.1_timeseries_no_unit.nwb",
        corpus / "2.1.0_imageseries_non_external_format.nwb",
        corpus / "1.0.2_str_pub.nwb",
    ]
    run = _sarif(capsys, *map(str, files))["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert set(rules) == {r["ruleId"] for r in run["results"]}
    assert rules["M010"] == {
        "id": "M010",
        "shortDescription": {
            "text": "a required attribute, dataset, group or link is missing"
        },
        "defaultConfiguration": {"level": "error"},
        "helpUri": f"{CODES_URL}#m010",
    }
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    for code, rule in rules.items():
        assert rule["shortDescription"]["text"] != code
        assert rule["defaultConfiguration"]["level"] == levels[code]
    assert set(levels.values()) == {"error", "warning", "note"}


def test_every_code_has_an_anchor_in_the_code_table() -> None:
    from nwb_lsp.cli.sarif import help_uri
    from nwb_lsp.codes import load_all
    from nwb_lsp.findings import CODES

    load_all()
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', CODES_DOC.read_text("utf-8")))
    for code in CODES:
        url, _, anchor = help_uri(code).partition("#")
        assert url == CODES_URL and anchor in anchors, code


def test_the_cli_loads_the_registry_without_h5py(tmp_path: Path) -> None:
    """The CLI process writes SARIF of a worker's findings with h5py never imported
    there (libhdf5 stays in the workers)."""
    script = (
        "import sys\n"
        "from nwb_lsp.cli import main\n"
        f"main(['check', {str(DATA / 'corpus' / '1.5.1_timeseries_no_unit.nwb')!r},"
        " '--format', 'sarif', '--select', 'm'])\n"
        "print('h5py' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert done.stderr.strip().splitlines()[-1] == "False", done.stderr
    rule = json.loads(done.stdout)["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["shortDescription"]["text"] != "M010"


def test_paths_are_uris(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    odd = tmp_path / "a folder#1"
    odd.mkdir()
    target = odd / "no unit.nwb"
    shutil.copy(DATA / "corpus" / "1.5.1_timeseries_no_unit.nwb", target)
    result = _sarif(capsys, str(target))["runs"][0]["results"][0]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == target.as_uri() and "%20" in uri and "%231" in uri
