"""A short spec fuzz run: 156 mutated spec files and folders (``spec_mutations``, a
fixed seed) through ``nwb-lsp check --format json``, a real process per batch.

For every case: the run ends within its time, prints valid JSON with a report for
each file given, no traceback reaches stderr, no finding says nwb-lsp failed
(``Y025``, ``F008``), no ``!!python`` tag was executed, and no file but a namespace
file (model generation, stopped by ``--timeout``) ran out of time.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from types import ModuleType

SEED = 20_261_201
CASES = 156  # twelve rounds of the thirteen kinds
BATCH = 40
# --timeout per file. Model generation of a mutated namespace takes 20 s and more
# from a cold cache: in this short run it is cut at 2 s (a Y024 verdict on the
# namespace file); the long run (tests/fuzz/run.py) gives it the CLI's default.
TIMEOUT = 10.0
FOLDER_TIMEOUT = 2.0
INTERNAL = {"Y025", "F008", "F009"}


def _mutations() -> ModuleType:
    path = Path(__file__).with_name("spec_mutations.py")
    spec = importlib.util.spec_from_file_location("spec_mutations", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _check(
    paths: list[Path], env: dict[str, str], timeout: float
) -> dict[str, list[dict]]:  # type: ignore[type-arg]
    command = [sys.executable, "-m", "nwb_lsp", "check", "--format", "json"]
    result = subprocess.run(
        [*command, "--timeout", str(timeout), *map(str, paths)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    report = json.loads(result.stdout)
    found = {entry["path"]: entry["findings"] for entry in report["files"]}
    # a file that no longer looks like a spec is listed as skipped: also a verdict
    found.update({entry["path"]: [] for entry in report.get("skipped", [])})
    return found


def test_mutated_specs_always_get_a_verdict(tmp_path: Path) -> None:
    mutations = _mutations()
    rng = random.Random(SEED)
    cases = [mutations.generate(rng, tmp_path / "cases", i) for i in range(CASES)]
    assert {kind for kind, _ in cases} == set(mutations.KINDS)
    env = {**os.environ, "NWB_LSP_CACHE": str(tmp_path / "models")}
    folders = [path for kind, path in cases if kind == "folder"]
    files = [path for kind, path in cases if kind != "folder"]
    # all folders in one run: a namespace name goes through model generation once
    reports = _check(folders, env, FOLDER_TIMEOUT)
    for i in range(0, len(files), BATCH):
        reports.update(_check(files[i : i + BATCH], env, TIMEOUT))
    assert {str(p) for p in files} <= set(reports)
    for folder in folders:
        assert any(path.startswith(str(folder)) for path in reports), folder
    problems = [
        (path, f["code"], f["message"])
        for path, findings in reports.items()
        for f in findings
        if f["code"] in INTERNAL
        or (f["code"] == "Y024" and not path.endswith(".namespace.yaml"))
    ]
    assert problems == []
    assert not list(tmp_path.rglob(mutations.MARKER))
