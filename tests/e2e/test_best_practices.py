"""Best practices in the editor: the real server, with ``nwb.bestPractices`` on,
publishes B findings like the others, linked to their row in codes.md and
carrying nwbinspector's check; the workspace's ``[tool.nwb-lsp]`` ignores one."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient
from tests.e2e.conftest import (
    CLIENTS,
    MODEL_CACHE,
    make_workspace,
    open_workspace,
    wait_for_diagnostics,
)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_workspace(tmp_path_factory.mktemp("bp"))
    (root / "pyproject.toml").write_text('[tool.nwb-lsp]\nignore = ["B123"]\n')
    return root


@pytest_lsp.fixture(
    scope="module",
    params=CLIENTS,
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "nwb_lsp", "serve"],
        server_env={**os.environ, "NWB_LSP_CACHE": MODEL_CACHE},
    ),
)
async def client(
    lsp_client: LanguageClient, request: pytest.FixtureRequest, workspace: Path
):  # type: ignore[no-untyped-def]
    lsp_client.set_configuration(
        {"debounce": 0.05, "workers": 2, "timeout": 10, "bestPractices": True},
        section="nwb",
    )

    await open_workspace(lsp_client, workspace, "bp", request.param)
    yield
    await lsp_client.shutdown_session()


def _best_practices(diagnostics: list[types.Diagnostic]) -> list[types.Diagnostic]:
    return [d for d in diagnostics if str(d.code).startswith("B")]


@pytest.mark.timeout(60)
async def test_best_practice_diagnostics(
    client: LanguageClient, workspace: Path
) -> None:
    uri = from_fs_path(str(workspace / "realistic.nwb")) or ""
    found = await wait_for_diagnostics(client, uri, lambda d: bool(_best_practices(d)))
    # the scan's other file too: the session then ends with no request in flight
    broken = from_fs_path(str(workspace / "broken.nwb")) or ""
    await wait_for_diagnostics(client, broken, lambda d: bool(_best_practices(d)))
    subject = next(d for d in found if d.code == "B108")
    assert subject.severity == types.DiagnosticSeverity.Error
    assert subject.message == "subject is missing"
    assert subject.code_description is not None
    assert subject.code_description.href.endswith("codes.md#b108")
    assert subject.data == {
        "hdf5_path": "/",
        "inspector": {"check": "check_subject_exists", "importance": "CRITICAL"},
    }
    assert not any(d.code == "B123" for d in found)  # ignored by pyproject.toml
