"""The published hook, run through the real ``pre-commit try-repo``."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "data" / "corpus"


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
    shutil.copy(REPO / "tests" / "data" / "realistic.nwb", work / "good.nwb")
    shutil.copy(CORPUS / "1.5.1_timeseries_no_unit.nwb", work / "bad.nwb")
    _git(work, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    cmd = ["pre-commit", "try-repo", str(REPO), "nwb-lsp-check", "--files"]

    good = subprocess.run(
        [*cmd, "good.nwb"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout

    bad = subprocess.run(
        [*cmd, "bad.nwb"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "M010" in bad.stdout and "Failed" in bad.stdout
