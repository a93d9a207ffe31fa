"""Reopening a workspace: the server publishes stored reports from the results cache
it shares with ``nwb-lsp check``, and checks again only files that changed.

Before the server scans, ``nwb-lsp check`` fills a cache; the stored report of one
file is then marked (its message rewritten in the database), so the diagnostics
the server publishes show whether they came from the cache or from a check.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest_lsp
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient
from tests.e2e.conftest import make_workspace, open_workspace, wait_for_diagnostics

CACHE = Path(tempfile.mkdtemp(prefix="nwb-lsp-e2e-results-"))
MARK = "stored by an earlier check"


def _fill_cache(root: Path) -> None:
    past = time.time() - 60  # settled files: their reports are stored
    for path in root.glob("*.nwb"):
        os.utime(path, (past, past))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "nwb_lsp",
            "check",
            "-q",
            "--cache-dir",
            str(CACHE),
            str(root),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    with sqlite3.connect(CACHE / "results.sqlite3") as db:
        rows = list(db.execute("SELECT rowid, path, report FROM reports"))
        for rowid, _path, text in rows:
            report = json.loads(text)
            for found in report["findings"]:
                found["message"] = f"{MARK}: {found['message']}"
            db.execute(
                "UPDATE reports SET report = ? WHERE rowid = ?",
                (json.dumps(report), rowid),
            )
    assert {Path(path).name for _, path, _ in rows} == {"broken.nwb", "realistic.nwb"}


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "nwb_lsp", "serve"],
        server_env={
            **os.environ,
            "NWB_LSP_CACHE_DIR": str(CACHE),
            "NWB_LSP_CACHE": str(CACHE / "models"),
        },
    ),
)
async def client(lsp_client: LanguageClient, tmp_path_factory):  # type: ignore[no-untyped-def]
    root = make_workspace(tmp_path_factory.mktemp("reopened"))
    _fill_cache(root)
    changed = root / "changed.nwb"
    changed.write_bytes((root / "broken.nwb").read_bytes())  # not in the cache
    lsp_client.set_configuration({"timeout": 30}, section="nwb")

    await open_workspace(lsp_client, root, "r")
    lsp_client.root = root  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def test_unchanged_files_get_their_stored_reports(
    client: LanguageClient,
) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    stored = await wait_for_diagnostics(client, from_fs_path(str(root / "broken.nwb")))
    assert stored and all(d.message.count(MARK) == 1 for d in stored)
    checked = await wait_for_diagnostics(
        client, from_fs_path(str(root / "changed.nwb"))
    )
    assert [d.code for d in checked] == [d.code for d in stored]
    assert not any(MARK in d.message for d in checked)
