"""The published hook, run through the real ``pre-commit try-repo``: NWB files and
NWB spec YAML are checked; other YAML passes untouched. (Each ``try-repo`` installs
nwb-lsp afresh, so the test makes two runs: one that passes, one that fails.)"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
CORPUS = DATA / "corpus"


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_hook_passes_good_and_fails_bad(tmp_path: Path) -> None:
    if shutil.which("pre-commit") is None or not (REPO / ".git").exists():
        pytest.skip("needs pre-commit and a git checkout of nwb-lsp")
    work = tmp_path / "project"
    work.mkdir()
    _git(work, "init", "-q")
    shutil.copy(DATA / "realistic.nwb", work / "good.nwb")
    shutil.copy(CORPUS / "1.5.1_timeseries_no_unit.nwb", work / "bad.nwb")
    shutil.copytree(DATA / "spec" / "published" / "ndx-pose", work / "pose")
    shutil.copytree(DATA / "spec" / "ndx-broken", work / "broken")
    (work / "ci.yaml").write_text("jobs:\n  test:\n    runs-on: ubuntu-latest\n")
    _git(work, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    cmd = ["pre-commit", "try-repo", str(REPO), "nwb-lsp-check", "--files"]

    def hook(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*cmd, *files], cwd=work, env=env, capture_output=True, text=True
        )

    pose = sorted(f"pose/{p.name}" for p in (work / "pose").glob("*.yaml"))
    good = hook("good.nwb", "ci.yaml", *pose)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout

    # a schema file passed alone is checked with the namespace file beside it
    bad = hook("bad.nwb", "broken/ndx-broken.extensions.yaml", "ci.yaml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "bad.nwb:/acquisition/test_timeseries/data: error M010" in bad.stdout
    assert "broken/ndx-broken.extensions.yaml:7:12: error Y009 'txt'" in bad.stdout
    assert "ci.yaml: not NWB spec YAML" in bad.stdout  # said, not checked
